//! Direct quotes in an article body: the quoted text, who said it (resolved to
//! the fullest form of the name the article uses), the cue verb, and the
//! code-point offset of the quoted text. Pure functions over `body`; called by
//! `extract::extract`.
//!
//! Rules, in order of application:
//! - A quote is text in “…”, "…" or ‘…’ within one paragraph (a paragraph whose
//!   quote never closes runs to its end: multi-paragraph quotes). ‘…’ counts only
//!   when it has a cue of its own, since the mark doubles as an apostrophe and
//!   subheadings use it.
//!   A new opening mark after a sentence end inside an open quote (`"A. "B,"
//!   he said`: paragraphs of one long quote joined on a line) starts a new
//!   quote of the same speaker.
//! - Fragments of at most three words (`would "probably" be`) are scare quotes
//!   and dropped, unless a cue in their clause governs them (`Ann Lee said the
//!   plan was "desperate"`); all-capitalised ones (titles) always are, and so
//!   is a single word the clause runs on after (`would "probably" be`).
//! - Attribution: a speech verb earlier in the quote's own sentence (`X said:
//!   “…”`, `X said that "…"`) wins, the nearest one that names a speaker;
//!   else a cue after the quote in the same clause (`“…,” X said`, `“…” in
//!   2005, said X`, `“…,” X told AFP`); in a new sentence after the quote only
//!   a bare attribution (`“….” Mr Bush said on Monday.`). Verbs that report
//!   words in part (`described … as`, `branded`, `called`) govern only a short
//!   quote after them, and only when no speech verb does.
//! - The speaker phrase yields a name (a run of capitalised words; titles, job
//!   words, demonyms and sentence openers stripped; an opening adverbial such
//!   as `On Monday,` and auxiliaries such as `had`, `also` skipped; a name in
//!   apposition or closing the clause preferred to job words; an employer
//!   after `of`/`for`/`group` never), else a description (`an analyst`), else
//!   a pronoun. An acronym the article spells out (`… Authority (QCA)`)
//!   speaks for its long form; `X, also known as Y` for the fuller name.
//! - Descriptions and pronouns resolve through the article's people
//!   (`quotes::people`): `a spokesman for X` / `an X spokesman` -> X; `the
//!   chancellor`, `the Lions coach`, `his former adviser` -> the person
//!   introduced with that role; `he`/`she`, `the 23-year-old`, `the American`
//!   -> the person in focus (the first fitting person of the latest sentence
//!   that names one, sex from titles and given names); `the company`, `the
//!   paper` -> the organisation in focus; `they`/`we` stay null. Surnames
//!   resolve to the full name, the latest one when two people share it.
//! - `he said` right after a quote whose speaker is a description that names
//!   no person (`said an official in a Free Syrian Army (FSA) rebel group`),
//!   in the same or the next paragraph with no person named since, is that
//!   quote's speaker again.
//! - A quote with no cue that opens its sentence continues the previous
//!   quote's speaker (same paragraph, or the paragraph before), else belongs
//!   to the person who is the subject of the sentence just before it. Anything
//!   else keeps `speaker: null`.
//!
//! Measured on three BBC gold samples (`tests/quotes_bbc.rs`).

use std::sync::LazyLock;

use super::words::{LowerSet, lower_in, lower_is};
use crate::record::Quote;
use people::{People, Sex};

mod events;
mod lexicon;
mod people;
mod speaker;
#[cfg(test)]
mod tests;
mod text;

use events::*;
use lexicon::*;
use speaker::*;
use text::*;

/// Finds the direct quotes of `body`; offsets are code points into `body`.
pub fn quotes(body: &str) -> Vec<Quote> {
    let t = Text::new(body);
    let chars = &t.chars[..];
    let paras = paragraphs(chars);
    let mut spans = Vec::new();
    for (pi, &(ps, pe)) in paras.iter().enumerate() {
        find_spans(chars, pi, ps, pe, &mut spans);
    }
    let mut people = People::new(&t, &spans, &paras);
    let events = cue_events(&t, &paras, &spans, &mut people);

    let mut out = Vec::new();
    // (paragraph index, speaker, closing mark) of the last quote kept, for
    // continuations.
    let mut last: Option<(usize, Option<String>, usize)> = None;
    for span in &spans {
        let content = t.slice(span.cs, span.ce);
        let text = content.trim().trim_end_matches(',').trim_end();
        let short = text.split_whitespace().count() <= 3;
        // A short fragment is a partial quote only when a cue verb governs
        // it; titles and names in quotes (all words capitalised) never are.
        if short && (span.single || text.split_whitespace().all(is_cap)) {
            continue;
        }
        let lead = content.chars().take_while(|c| c.is_whitespace()).count();
        let offset = span.cs + lead;
        let (ps, _) = paras[span.para];
        let sent_start = sentence_start(chars, &spans, ps, span.open);
        // The nearest cue before the quote in its sentence that names a
        // speaker (`Mr Howard told MPs that experts had suggested the "…"`),
        // else the nearest one.
        let usable = |e: &&Event| !e.partial;
        let cues_before = || {
            events_in(&events, sent_start, span.open)
                .iter()
                .rev()
                .filter(usable)
        };
        let before_cue = cues_before()
            .find(|e| e.speaker.is_some())
            .or_else(|| cues_before().next());
        let after_end = sentence_end(chars, &spans, span.close, paras[span.para].1);
        // `"…" in 2005, said Kurt Karl`: a short phrase and a comma after the
        // quote end its clause too.
        let comma_after = chars
            .get(span.close + 1..after_end)
            .and_then(|s| s.iter().position(|&c| c == ','))
            .is_some_and(|k| t.words(span.close + 1, span.close + 1 + k).len() <= 3);
        // `"… we'll ask him,'" said X`: a nested quote's mark after the comma.
        let ends_clause = text
            .trim_end_matches(['\'', '’'])
            .chars()
            .last()
            .is_some_and(|c| matches!(c, '.' | '!' | '?' | '…' | ','))
            || content.trim_end().ends_with(',')
            || comma_after;
        let opens_sentence = chars[sent_start..span.open]
            .iter()
            .all(|c| c.is_whitespace());
        // `"… a strong dollar." The US has said …` starts a new sentence: only
        // a named speaker right there (`"…." Mr Bush said`) claims the quote.
        let new_sentence = text.ends_with(['.', '!', '?'])
            && chars
                .get(span.close + 1..after_end)
                .and_then(|s| s.iter().find(|c| !c.is_whitespace()))
                .is_some_and(|c| c.is_uppercase());
        // In a new sentence, only a name right after the quote is its speaker
        // (`"…." Mr Bush said`, not `"…." Ann Lee, a director of X, said: "…"`).
        let after_cue = if ends_clause {
            events_in(&events, span.close + 1, after_end)
                .iter()
                .find(usable)
                .filter(|e| {
                    // … and the sentence is only the attribution (`Mr Bush
                    // said on Monday.`), not a report of its own (`Ann Lee
                    // said the plan was …`).
                    let end = full_sentence_end(chars, &spans, e.pos, paras[span.para].1);
                    !new_sentence
                        || e.named
                            && t.words(span.close + 1, e.pos).len() <= 5
                            && t.words(e.pos, end).len() <= 5
                })
        } else {
            None
        };
        // A fragment inside a sentence ("… “will be only military,” but …
        // “a team of advisers” …, he said"): the cue closing the sentence.
        let after_cue = after_cue.or_else(|| {
            if opens_sentence {
                return None;
            }
            let end = full_sentence_end(chars, &spans, span.close, paras[span.para].1);
            events_in(&events, span.close + 1, end)
                .iter()
                .filter(usable)
                .find(|e| !opens_in(&spans, e.pos + 1, end))
        });
        // A verb such as "described … as" governs a short quote after it
        // when no speech verb does; `"sizable" aid` is a label, not its object.
        let label = short
            && t.words(span.close + 1, span.close + 30)
                .first()
                .is_some_and(|(p, w)| {
                    *p == span.close + 2
                        && w.chars().next().is_some_and(char::is_lowercase)
                        && !lower_in(bare(w), PARTIAL_OBJECT_FOLLOWERS)
                });
        // One word the clause runs on after (`would "probably" be
        // face-to-face`) is a scare quote, whatever verb precedes it.
        if label && text.split_whitespace().count() == 1 {
            continue;
        }
        let partial_cue = || {
            events_in(&events, sent_start, span.open)
                .iter()
                .rev()
                .filter(|e| e.partial)
                .find(|_| short && !label)
        };
        let event = before_cue.or(after_cue).or_else(partial_cue);
        if short && !event.is_some_and(|e| governs(&t, &spans, e, span)) {
            continue;
        }
        let (speaker, cue) = match event {
            Some(e) => (e.speaker.clone(), Some(e.cue.clone())),
            None => {
                if span.single {
                    continue;
                }
                // The sentence just before the quote, and the person who is
                // its subject (`Ann Lee filed the suit. "Apple has …"`).
                let previous = if sent_start > ps {
                    Some(sentence_start(chars, &spans, ps, sent_start - 1))
                } else {
                    span.para
                        .checked_sub(1)
                        .map(|p| sentence_start(chars, &spans, paras[p].0, paras[p].1 - 1))
                };
                let subject = || {
                    previous
                        .filter(|_| opens_sentence && !short)
                        .and_then(|s| people.subject_of(s))
                };
                match &last {
                    // A narrative sentence about someone came between.
                    Some((_, _, close))
                        if previous.is_some_and(|s| s > *close) && subject().is_some() =>
                    {
                        (subject(), None)
                    }
                    Some((lp, sp, _))
                        if opens_sentence
                            && sp.is_some()
                            && (*lp == span.para || *lp + 1 == span.para) =>
                    {
                        (sp.clone(), None)
                    }
                    _ => (subject(), None),
                }
            }
        };
        last = Some((span.para, speaker.clone(), span.close));
        // `"A. "B," he said`: paragraphs of one long quote joined on a line,
        // each keeping its opening mark; every part is a quote of the speaker.
        let mut from = offset;
        for at in run_on_openings(chars, offset, span.ce) {
            let part = t.slice(from, at).trim_end();
            out.push(Quote {
                text: part.to_string(),
                speaker: speaker.clone(),
                cue: cue.clone(),
                offset: u32::try_from(from).unwrap_or(u32::MAX),
            });
            from = at + 1;
        }
        let text = if from == offset {
            text
        } else {
            t.slice(from, span.ce)
                .trim()
                .trim_end_matches(',')
                .trim_end()
        };
        out.push(Quote {
            text: text.to_string(),
            speaker,
            cue,
            offset: u32::try_from(from).unwrap_or(u32::MAX),
        });
    }
    out
}

/// Opening marks inside a quote's text `from..to` that start a new paragraph
/// of it: a mark after a sentence end and whitespace, before a capital
/// (`"A. "B`), where a closing mark would follow the text instead.
fn run_on_openings(chars: &[char], from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    (from + 2..to).filter(move |&j| {
        matches!(chars[j], '"' | '“')
            && chars[j - 1].is_whitespace()
            && chars.get(j + 1).is_some_and(|c| c.is_uppercase())
            && chars[from..j - 1]
                .iter()
                .rev()
                .find(|c| !c.is_whitespace())
                .is_some_and(|c| matches!(c, '.' | '?' | '!'))
    })
}

/// Whether the cue `e` governs the short quote `span` (`dismissed the plan as
/// "desperate"`, `"no current purpose", Mr Thomas said`): no other quote and
/// no clause break between them, and the verb not passive (`was described`).
fn governs(t: &Text, spans: &[Span], e: &Event, span: &Span) -> bool {
    let (a, b) = if e.pos < span.open {
        (e.pos, span.open)
    } else {
        (span.close + 1, e.pos)
    };
    if spans[spans.partition_point(|s| s.open <= a)..]
        .iter()
        .take_while(|s| s.open < b)
        .any(|s| s.open != span.open)
    {
        return false;
    }
    if t.chars[a..b].iter().any(|c| matches!(c, ';' | ':')) && e.pos > span.open {
        return false;
    }
    !t.words(e.pos.saturating_sub(12), e.pos)
        .last()
        .is_some_and(|(_, w)| lower_in(bare(w), &["was", "were", "been", "be", "is", "are"]))
}

/// A quotation: `open`/`close` are the marks (close may be the paragraph end),
/// `cs..ce` the quoted text.
#[derive(Debug, Clone, Copy)]
struct Span {
    para: usize,
    open: usize,
    close: usize,
    cs: usize,
    ce: usize,
    single: bool,
}

/// A cue verb and the speaker its phrase names, pronouns already resolved.
#[derive(Debug)]
struct Event {
    pos: usize,
    cue: String,
    speaker: Option<String>,
    /// The phrase named a person (not a description or pronoun).
    named: bool,
    /// A verb that reports words only in part ("described the plan as
    /// “desperate”"): it governs short quotes, never whole ones.
    partial: bool,
}

/// Paragraph ranges: any line break separates paragraphs, since plain-text
/// wire copy often puts one paragraph per line.
fn paragraphs(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..=chars.len() {
        if i == chars.len() || chars[i] == '\n' {
            if chars[start..i].iter().any(|c| !c.is_whitespace()) {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    out
}

fn is_letter(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

fn find_spans(chars: &[char], para: usize, ps: usize, pe: usize, out: &mut Vec<Span>) {
    let mut i = ps;
    while i < pe {
        let c = chars[i];
        let close = match c {
            // A second “ not followed by a letter is a mistyped closing mark.
            '“' => (i + 1..pe)
                .find(|&j| chars[j] == '”' || (chars[j] == '“' && !is_letter(chars.get(j + 1)))),
            // Straight marks do not say which way they face: an opening mark is
            // followed by text, a closing one preceded by it. A mark that cannot
            // open (a stray close from mismatched copy) is skipped.
            '"' if chars.get(i + 1).is_some_and(|c| !c.is_whitespace())
                && !is_letter(chars.get(i.wrapping_sub(1))) =>
            {
                (i + 1..pe).find(|&j| chars[j] == '"' && !chars[j - 1].is_whitespace())
            }
            '‘' if i == ps || !is_letter(chars.get(i.wrapping_sub(1))) => {
                (i + 1..pe).find(|&j| {
                    chars[j] == '’' && !is_letter(chars.get(j + 1)) && !chars[j - 1].is_whitespace()
                })
            }
            _ => {
                i += 1;
                continue;
            }
        };
        if c == '‘' && close.is_none() {
            i += 1;
            continue;
        }
        let end = close.unwrap_or(pe);
        out.push(Span {
            para,
            open: i,
            close: end,
            cs: i + 1,
            ce: end,
            single: c == '‘',
        });
        i = end + 1;
    }
}

/// The events at positions `from..to` (events are in text order).
fn events_in(events: &[Event], from: usize, to: usize) -> &[Event] {
    let a = events.partition_point(|e| e.pos < from);
    let b = events.partition_point(|e| e.pos < to).max(a);
    &events[a..b]
}

/// Whether a quote opens at a position in `from..to`.
fn opens_in(spans: &[Span], from: usize, to: usize) -> bool {
    spans
        .get(spans.partition_point(|s| s.open < from))
        .is_some_and(|s| s.open < to)
}

fn inside(spans: &[Span], pos: usize) -> bool {
    // Spans are in text order and never overlap: the candidate is the last one
    // opening before `pos`.
    let k = spans.partition_point(|s| s.open < pos);
    k > 0 && pos < spans[k - 1].close
}

fn opens_at(spans: &[Span], pos: usize) -> bool {
    spans.binary_search_by_key(&pos, |s| s.open).is_ok()
}

/// The longest sentence the finders walk (code points): no sentence of news
/// is longer, and the bound keeps a text with none of them linear.
const MAX_SENTENCE: usize = 2_000;

/// Start of the sentence holding `pos`: after the last terminator outside
/// quotes, or the paragraph start (at most `MAX_SENTENCE` back).
fn sentence_start(chars: &[char], spans: &[Span], ps: usize, pos: usize) -> usize {
    let ps = ps.max(pos.saturating_sub(MAX_SENTENCE));
    let mut k = pos;
    while k > ps {
        k -= 1;
        if matches!(chars[k], '.' | '!' | '?')
            && chars.get(k + 1).is_some_and(|c| c.is_whitespace())
            && !inside(spans, k)
        {
            return k + 1;
        }
        // `"… employment." "Manufacturing …"`: a quote that closes on a
        // sentence end ends the sentence.
        if matches!(chars[k], '"' | '”')
            && k > ps
            && matches!(chars[k - 1], '.' | '!' | '?')
            && chars.get(k + 1).is_some_and(|c| c.is_whitespace())
            && spans
                .get(spans.partition_point(|s| s.close < k))
                .is_some_and(|s| s.close == k)
        {
            return k + 1;
        }
    }
    ps
}

/// End of the sentence after `pos`: the next terminator outside quotes, the
/// next opening quote, or the paragraph end.
fn sentence_end(chars: &[char], spans: &[Span], pos: usize, pe: usize) -> usize {
    let pe = pe.min(pos + MAX_SENTENCE);
    for k in pos + 1..pe {
        if opens_at(spans, k) {
            return k;
        }
        if matches!(chars[k], '.' | '!' | '?') && !is_letter(chars.get(k + 1)) && !inside(spans, k)
        {
            return k;
        }
    }
    pe
}

/// End of the sentence after `pos`, across later quotes.
fn full_sentence_end(chars: &[char], spans: &[Span], pos: usize, pe: usize) -> usize {
    let pe = pe.min(pos + MAX_SENTENCE);
    (pos + 1..pe)
        .find(|&k| {
            matches!(chars[k], '.' | '!' | '?') && !is_letter(chars.get(k + 1)) && !inside(spans, k)
        })
        .unwrap_or(pe)
}

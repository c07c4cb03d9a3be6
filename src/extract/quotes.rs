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
//!   plan was "desperate"`); all-capitalised ones (titles) always are.
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

mod people;

/// Verbs (and the start of "according to") that introduce reported speech.
const CUES: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "explained",
    "stated",
    "asked",
    "insisted",
    "warned",
    "noted",
    "continued",
    "declared",
    "announced",
    "wrote",
    "tweeted",
    "argued",
    "claimed",
    "replied",
    "stressed",
    "admitted",
    "acknowledged",
    "urged",
    "suggested",
    "predicted",
    "recalled",
    "conceded",
    "confirmed",
    "commented",
    "remarked",
    "observed",
    "maintained",
    "responded",
    "insists",
    "warns",
    "notes",
    "argues",
    "explains",
    "writes",
    "asks",
    "telling",
    "welcomed",
    "accused",
    "criticised",
    "criticises",
    "praised",
    "according",
];

/// Verbs that report someone's words in part: they govern a short quote in
/// their clause (`described the display as "beautiful to watch"`, `branded
/// the plan "a stealth tax"`) but never attribute a whole one.
const PARTIAL_CUES: &[&str] = &[
    "called",
    "calls",
    "described",
    "describes",
    "branded",
    "brands",
    "dubbed",
    "labelled",
    "termed",
    "dismissed",
    "dismisses",
    "condemned",
    "hailed",
    "promised",
    "pledged",
    "vowed",
    "denounced",
    "blamed",
];

/// Words that may follow a partial quote that is a verb's object (`called
/// it "odd" and …`); any other lowercase word makes the quote a label
/// (`a "sizable" aid contribution`).
const PARTIAL_OBJECT_FOLLOWERS: &[&str] = &[
    "and", "or", "but", "to", "in", "of", "for", "by", "with", "from", "as", "on", "at", "that",
    "which", "who", "because", "after", "before", "over", "if", "when", "while", "since",
];

/// Nouns that name a person by role ("the chancellor said", "the 23-year-old
/// wrote"): news copy uses them for someone it has named.
const ROLES: &[&str] = &[
    "chancellor",
    "president",
    "minister",
    "premier",
    "secretary",
    "leader",
    "chairman",
    "chairwoman",
    "chief",
    "boss",
    "coach",
    "manager",
    "director",
    "executive",
    "star",
    "singer",
    "actor",
    "actress",
    "player",
    "striker",
    "captain",
    "dj",
    "presenter",
    "champion",
    "founder",
    "governor",
    "mayor",
    "senator",
    "prosecutor",
    "judge",
    "commissioner",
    "ambassador",
    "economist",
    "analyst",
    "writer",
    "director-general",
    "athlete",
    "runner",
    "sprinter",
    "swimmer",
    "cyclist",
    "driver",
    "golfer",
    "batsman",
    "bowler",
    "midfielder",
    "defender",
    "winger",
    "goalkeeper",
    "keeper",
    "veteran",
    "youngster",
    "teenager",
    "rapper",
    "musician",
    "comedian",
    "author",
    "novelist",
    "producer",
    "artist",
    "designer",
    "lawyer",
    "scientist",
    "researcher",
    "professor",
    "businessman",
    "businesswoman",
    "entrepreneur",
    "tycoon",
    "billionaire",
    "frontman",
    "host",
    "broadcaster",
    "journalist",
    "campaigner",
    "adviser",
    "advisor",
    "aide",
    "official",
    "coordinator",
    "envoy",
    "negotiator",
    "pundit",
    "critic",
    "activist",
    "candidate",
    "mp",
    "mep",
];

/// A nationality standing for a person ("the American said", "the Briton"):
/// capitalised, with a demonym's ending, and no newspaper's name.
fn is_demonym(word: &str) -> bool {
    is_cap(word)
        && word.len() > 3
        && ["an", "ese", "ish", "ard", "ton", "ot", "man", "woman"]
            .iter()
            .any(|s| word.ends_with(s))
        && !matches!(
            word,
            "Guardian" | "Herald" | "Observer" | "Times" | "Telegraph" | "Standard" | "Mirror"
        )
}

/// Playing positions, which open a sentence before a name ("Scrum-half Peter
/// Stringer") and describe a speaker ("said the scrum-half").
const POSITIONS: &[&str] = &[
    "scrum-half",
    "fly-half",
    "full-back",
    "hooker",
    "flanker",
    "prop",
    "lock",
    "winger",
    "wing",
    "skipper",
    "playmaker",
    "centre-back",
    "left-back",
    "right-back",
    "wicketkeeper",
    "all-rounder",
    "opener",
    "seamer",
    "spinner",
    "jockey",
    "trainer",
];

/// A role or a playing position ("coach", "Striker"), any case.
fn is_job(word: &str) -> bool {
    static JOBS: LazyLock<LowerSet> = LazyLock::new(|| LowerSet::new(&[ROLES, POSITIONS]));
    JOBS.contains(word)
}

/// Words before a role that make it someone else's ("shadow chancellor").
const OTHER_ROLE: &[&str] = &[
    "shadow",
    "former",
    "deputy",
    "vice",
    "assistant",
    "ex",
    "junior",
];

/// Words that precede a name as a title or office and are not part of it
/// (asked of every word of every capitalised run: a `match`, not a list walk).
fn is_title(word: &str) -> bool {
    matches!(
        word,
        "President"
            | "President-elect"
            | "Prime"
            | "Minister"
            | "Foreign"
            | "Secretary"
            | "General"
            | "Mr"
            | "Mrs"
            | "Ms"
            | "Dr"
            | "King"
            | "Queen"
            | "Prince"
            | "Chancellor"
            | "Senator"
            | "Governor"
            | "Mayor"
            | "Sheikh"
            | "Pope"
            | "Sir"
            | "Lord"
            | "Judge"
            | "Spokesman"
            | "Spokeswoman"
            | "Chief"
            | "Vice"
            | "Deputy"
            | "Leader"
            | "Justice"
            | "Chairman"
            | "Chairwoman"
            | "Director"
            | "Executive"
            | "Officer"
            | "Ambassador"
            | "Commissioner"
            | "Spokesperson"
            | "But"
            | "And"
            | "However"
            | "Yet"
            | "So"
            | "Meanwhile"
            | "Later"
            | "Earlier"
            | "Yesterday"
            | "Today"
            | "Then"
            | "Separately"
            | "In"
            | "On"
            | "At"
            | "For"
            | "From"
            | "With"
            | "By"
            | "As"
            | "While"
            | "When"
            | "If"
            | "After"
            | "Before"
            | "Since"
            | "Despite"
            | "Both"
            | "Neither"
            | "Either"
            | "Although"
            | "Prof"
            | "Professor"
            | "Now"
            | "Also"
            | "The"
            | "A"
            | "An"
    )
}

/// Lowercase particles that may sit inside a name ("Staffan de Mistura").
const PARTICLES: &[&str] = &[
    "de", "da", "di", "du", "van", "von", "der", "den", "bin", "ibn",
];

/// Honorifics before a surname ("said Mr Palmer").
const HONORIFICS: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
];

/// Party and rank words that precede a full name ("Liberal Democrat Alan
/// Beith", "Fellow Lib Dem Norman Baker") but also make up organisation names
/// ("Liberal Democrats"): stripped only when a two-word name remains.
fn is_affiliation(word: &str) -> bool {
    matches!(
        word,
        "Fellow"
            | "Shadow"
            | "Labour"
            | "Tory"
            | "Conservative"
            | "Liberal"
            | "Democrat"
            | "Lib"
            | "Dem"
            | "Republican"
            | "Democratic"
            | "Independent"
            | "MP"
            | "MEP"
            | "Senior"
            | "Former"
    )
}

/// Words that open an adverbial phrase before the subject ("On Monday, Mr
/// Howard said", "Speaking after the debate, …", "Asked about it, …").
const ADVERBIAL_OPENERS: &[&str] = &[
    "to",
    "on",
    "in",
    "at",
    "after",
    "before",
    "during",
    "asked",
    "earlier",
    "later",
    "last",
    "yesterday",
    "today",
    "separately",
    "meanwhile",
    "however",
    "but",
    "and",
    "following",
    "despite",
    "although",
    "while",
    "when",
    "with",
    "for",
    "by",
    "since",
    "as",
    "then",
];

/// Auxiliaries and adverbs between a subject and its speech verb ("had
/// insisted", "have already accused", "once said").
const BEFORE_VERB: &[&str] = &[
    "had",
    "has",
    "have",
    "was",
    "were",
    "is",
    "are",
    "also",
    "already",
    "later",
    "then",
    "again",
    "previously",
    "repeatedly",
    "once",
    "afterwards",
    "would",
    "will",
    "just",
    "recently",
    "earlier",
    "reportedly",
    "publicly",
    "privately",
    "separately",
    "immediately",
    "simply",
    "further",
    "still",
    "always",
    "often",
    "now",
    "himself",
    "herself",
];

/// A word of `ADVERBIAL_OPENERS`, any case.
fn is_adverbial_opener(word: &str) -> bool {
    static OPENERS: LazyLock<LowerSet> = LazyLock::new(|| LowerSet::new(&[ADVERBIAL_OPENERS]));
    OPENERS.contains(word)
}

/// Words that open a subordinate clause whose subject is the speaker.
const SUBORDINATORS: &[&str] = &[
    "when", "after", "because", "while", "where", "although", "though",
];

/// Words that join clauses and are no part of a speaker phrase.
const CONNECTIVES: &[&str] = &["and", "but", "however", "yet", "so", "also", "meanwhile"];

/// Words that open a descriptive speaker phrase ("an analyst", "the source").
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "one", "another", "his", "her", "its", "their", "this", "these", "those",
    "some", "two", "three", "several", "many",
];

/// Words that end a descriptive speaker phrase or forbid a name after them.
const BREAKERS: &[&str] = &[
    "in", "of", "from", "at", "for", "with", "who", "which", "that", "whose", "on", "to",
];

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
        let partial_cue = || {
            let label = t
                .words(span.close + 1, span.close + 30)
                .first()
                .is_some_and(|(p, w)| {
                    *p == span.close + 2
                        && w.chars().next().is_some_and(char::is_lowercase)
                        && !lower_in(bare(w), PARTIAL_OBJECT_FOLLOWERS)
                });
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

/// The body as code points, its whitespace-separated words found once: the
/// finders slice it by code-point index without copying text.
struct Text<'a> {
    body: &'a str,
    chars: Vec<char>,
    /// Byte offset of each code point, and of the end of the body; empty for
    /// an ASCII body, where the two are one.
    bytes: Vec<u32>,
    /// The words: code-point ranges between whitespace.
    words: Vec<(usize, usize)>,
}

impl<'a> Text<'a> {
    fn new(body: &'a str) -> Self {
        let (chars, bytes): (Vec<char>, Vec<u32>) = if body.is_ascii() {
            (body.bytes().map(char::from).collect(), Vec::new())
        } else {
            let to_u32 = |b: usize| u32::try_from(b).unwrap_or(u32::MAX);
            (
                body.chars().collect(),
                body.char_indices()
                    .map(|(b, _)| to_u32(b))
                    .chain([to_u32(body.len())])
                    .collect(),
            )
        };
        let mut words = Vec::with_capacity(body.len() / 4);
        let mut start = None;
        for (i, c) in chars.iter().enumerate() {
            match (c.is_whitespace(), start) {
                (true, Some(s)) => {
                    words.push((s, i));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push((s, chars.len()));
        }
        Text {
            body,
            chars,
            bytes,
            words,
        }
    }

    /// The text of code points `from..to`.
    fn slice(&self, from: usize, to: usize) -> &'a str {
        if self.bytes.is_empty() {
            return &self.body[from..to];
        }
        &self.body[self.bytes[from] as usize..self.bytes[to] as usize]
    }

    /// Words of the range `from..to` with their code-point starts; a word the
    /// range cuts is cut with it.
    fn words(&self, from: usize, to: usize) -> Vec<(usize, &'a str)> {
        if from >= to {
            return Vec::new();
        }
        let first = self.words.partition_point(|&(_, e)| e <= from);
        let end = self.words.partition_point(|&(s, _)| s < to).max(first);
        self.words[first..end]
            .iter()
            .map(|&(s, e)| {
                let (s, e) = (s.max(from), e.min(to));
                (s, self.slice(s, e))
            })
            .collect()
    }
}

fn bare(word: &str) -> &str {
    // Most words are letters from end to end: nothing to trim.
    if word
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphanumeric)
        && word
            .as_bytes()
            .last()
            .is_some_and(u8::is_ascii_alphanumeric)
    {
        return word;
    }
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '’' && c != '\'')
        .trim_end_matches(['’', '\''])
}

fn is_cap(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The cue verb `word` is, or "saying", ignoring ASCII case (a word with other
/// letters is none). Every word of the body is asked: the cues are grouped by
/// length, with the first letters of each group, so that most words are
/// turned away before any comparison.
fn cue_word(word: &str) -> Option<&'static str> {
    /// Per length: a bit per first letter (`letter - 'a'`), and the cues.
    type ByLen = Vec<(u32, Vec<&'static str>)>;
    static BY_LEN: LazyLock<ByLen> = LazyLock::new(|| {
        let mut by_len: ByLen = Vec::new();
        for cue in std::iter::once("saying")
            .chain(CUES.iter().copied())
            .chain(PARTIAL_CUES.iter().copied())
        {
            if by_len.len() <= cue.len() {
                by_len.resize(cue.len() + 1, (0, Vec::new()));
            }
            let (initials, cues) = &mut by_len[cue.len()];
            *initials |= 1 << (cue.as_bytes()[0] - b'a');
            cues.push(cue);
        }
        by_len
    });
    let first = word.bytes().next()?.to_ascii_lowercase();
    let (initials, cues) = BY_LEN.get(word.len())?;
    if !first.is_ascii_lowercase() || initials & (1 << (first - b'a')) == 0 {
        return None;
    }
    cues.iter().copied().find(|c| c.eq_ignore_ascii_case(word))
}

/// A cue verb that attributes whole quotes (not "saying", nor a verb of
/// `PARTIAL_CUES`).
fn speech_cue(word: &str) -> Option<&'static str> {
    cue_word(word).filter(|c| *c != "saying" && !PARTIAL_CUES.contains(c))
}

/// True for a word that can be part of a name: capitalised, "al-Assad"-like,
/// or a particle.
fn name_word(word: &str) -> bool {
    let w = bare(word);
    if w.is_empty() || w.ends_with("’s") || w.ends_with("'s") {
        return false;
    }
    is_cap(w)
        || PARTICLES.contains(&w)
        || ["al-", "el-", "ad-", "as-"]
            .iter()
            .any(|p| w.strip_prefix(p).is_some_and(is_cap))
}

fn possessive(word: &str) -> bool {
    let w = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    w.ends_with("’s") || w.ends_with("'s")
}

/// Drops leading titles, demonyms and acronyms ("Russian President Vladimir
/// Putin" -> "Vladimir Putin"), keeping at least one word.
fn strip_titles<'a>(run: &[&'a str]) -> Vec<&'a str> {
    // "Transportation Secretary Norman Mineta": everything up to the last title
    // word, when two words remain.
    let mut i = run
        .iter()
        .rposition(|w| is_title(w) || is_affiliation(w))
        .filter(|&k| k + 2 < run.len() + 1 && run.len() - k > 2)
        .map_or(0, |k| k + 1);
    // "(On) Thursday Mr Kilroy-Silk": nothing before an honorific is a name.
    if let Some(k) = run[..run.len().saturating_sub(1)]
        .iter()
        .rposition(|w| HONORIFICS.contains(w))
    {
        i = i.max(k);
    }
    while i + 1 < run.len() {
        let w = run[i];
        let demonym = ["ian", "ese", "ish", "ean", "i"]
            .iter()
            .any(|s| w.ends_with(s))
            && is_cap(w)
            && w.len() > 3;
        let acronym = w.len() <= 4 && w.chars().all(|c| c.is_uppercase());
        // A demonym, acronym or party word goes only before a name of two
        // words: "Brian Kerr", "G Money" and "Liberal Democrats" stay whole.
        let before_name = run.len() - i > 2 && !is_organisation(run);
        // "Journalist Guillem Balague", "Scrum-half Peter Stringer": a job
        // word, or any word before a known given name, opening the sentence.
        let job = || {
            is_job(w) || people::given_name(w).is_none() && people::given_name(run[i + 1]).is_some()
        };
        if is_title(w) || (before_name && (demonym || acronym || is_affiliation(w) || job())) {
            i += 1;
        } else {
            break;
        }
    }
    run[i..].to_vec()
}

/// A run that names an organisation by its last word ("UK Independence
/// Party"): its leading words are part of it.
fn is_organisation(run: &[&str]) -> bool {
    run.last().is_some_and(|w| {
        matches!(
            *w,
            "Party"
                | "Council"
                | "Union"
                | "Association"
                | "Federation"
                | "Commission"
                | "Committee"
                | "Institute"
                | "Office"
                | "Department"
                | "Ministry"
                | "Agency"
                | "Bank"
                | "Group"
                | "Society"
                | "Trust"
                | "Foundation"
                | "Organisation"
                | "Organization"
                | "League"
                | "Board"
                | "Authority"
                | "Service"
        )
    })
}

/// A run of titles alone ("Shadow Secretary", "Sir") names nobody.
fn only_titles(run: &[&str]) -> bool {
    run.iter().all(|w| is_title(w) || is_affiliation(w))
}

/// Runs of name words in a range, split at punctuation and possessives.
fn name_runs<'a>(t: &Text<'a>, from: usize, to: usize) -> Vec<(usize, Vec<&'a str>)> {
    let mut out: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut cur_start = 0;
    // Ends the current run; a particle cannot end a name.
    let flush = |cur: &mut Vec<&'a str>, start: usize, out: &mut Vec<(usize, Vec<&'a str>)>| {
        while cur.last().is_some_and(|l| PARTICLES.contains(l)) {
            cur.pop();
        }
        if !cur.is_empty() {
            out.push((start, std::mem::take(cur)));
        }
    };
    for (pos, w) in t.words(from, to) {
        // "Curriculum Authority (QCA)": a parenthesis opens a run of its own.
        if w.starts_with('(') {
            flush(&mut cur, cur_start, &mut out);
        }
        let ok = name_word(w) && !(cur.is_empty() && PARTICLES.contains(&bare(w)));
        if ok {
            if cur.is_empty() {
                cur_start = pos;
            }
            cur.push(bare(w));
        }
        if !ok || w.ends_with([',', '.', ':', ';', ')', '(', '”', '"']) || w.starts_with('(') {
            flush(&mut cur, cur_start, &mut out);
        }
    }
    flush(&mut cur, cur_start, &mut out);
    out
}

/// The sex a subject pronoun refers to: "he", "she".
fn pronoun(word: &str) -> Option<Sex> {
    if lower_is(word, "he") {
        Some(Sex::Male)
    } else if lower_is(word, "she") {
        Some(Sex::Female)
    } else {
        None
    }
}

enum Who {
    Name(String),
    Description(String),
    Pronoun(Sex),
    Nobody,
}

/// Reads a speaker phrase ("Al Jazeera's Stefanie Dekker, reporting from …",
/// "a military source", "he").
fn speaker_of(t: &Text, from: usize, to: usize, people: &People) -> Who {
    let chars = &t.chars[..];
    // "The Scottish leader had insisted", "he once said": auxiliaries and
    // adverbs before the verb are no part of the subject.
    let mut to = to;
    while let Some(&(p, w)) = t.words(from, to).last() {
        if !w.ends_with(',') && lower_in(bare(w), BEFORE_VERB) {
            to = p;
        } else {
            break;
        }
    }
    let ws = t.words(from, to);
    // "The Qualifications and Curriculum Authority (QCA) said": the name the
    // acronym spells out.
    if let Some(name) = ws.iter().find_map(|(_, w)| {
        let acronym = w
            .strip_prefix('(')?
            .trim_end_matches([',', '.'])
            .strip_suffix(')')?;
        people.spelt_out(acronym)
    }) {
        return Who::Name(name);
    }
    let plain: Vec<&str> = ws
        .iter()
        .map(|(_, w)| bare(w))
        .filter(|w| !w.is_empty() && !lower_in(w, CONNECTIVES))
        .collect();
    let Some(&first) = plain.first() else {
        return Who::Nobody;
    };
    if plain.len() <= 3 {
        if let Some(sex) = pronoun(first) {
            return Who::Pronoun(sex);
        }
        if lower_in(first, &["they", "we", "it", "i"]) {
            return Who::Nobody;
        }
    }
    // Segments split at commas: "A second official, Zakaria Malahifji of …".
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut s = from;
    for (k, &c) in chars.iter().enumerate().take(to).skip(from) {
        if c == ',' {
            segments.push((s, k));
            s = k + 1;
        }
    }
    segments.push((s, to));
    // "Moya, nicknamed Charly, admitted": nothing after the last comma.
    while segments.len() > 1
        && segments
            .last()
            .is_some_and(|&(a, b)| t.words(a, b).is_empty())
    {
        segments.pop();
    }
    // "On Monday, Mr Howard said", "Speaking after the debate, …": an opening
    // adverbial phrase is no part of the subject ("And Moya, …" is one).
    while segments.len() > 1 && {
        let ws = t.words(segments[0].0, segments[0].1);
        ws.first().is_some_and(|(_, w)| {
            let w = bare(w);
            (is_adverbial_opener(w) && (ws.len() == 1 || !lower_in(w, CONNECTIVES)))
                || (is_cap(w) && w.ends_with("ing"))
        })
    } {
        segments.remove(0);
    }
    // "… from the committee, he said": the clause nearest the verb decides.
    if let Some(&(a, b)) = segments.last() {
        let last: Vec<&str> = t
            .words(a, b)
            .iter()
            .map(|(_, w)| bare(w))
            .filter(|w| !lower_in(w, CONNECTIVES))
            .collect();
        if let [only] = last.as_slice() {
            if let Some(sex) = pronoun(only) {
                return Who::Pronoun(sex);
            }
            if lower_in(only, &["they", "we", "it", "i"]) {
                return Who::Nobody;
            }
        }
    }
    // "He hinted at discontent, and said": the subject of the first clause.
    if segments.len() > 1
        && segments.last().is_some_and(|&(a, b)| {
            t.words(a, b)
                .iter()
                .all(|(_, w)| lower_in(bare(w), CONNECTIVES))
        })
    {
        let (a, b) = segments[0];
        let first = t.words(a, b);
        if let Some(sex) = first.first().and_then(|(_, w)| pronoun(bare(w))) {
            return Who::Pronoun(sex);
        }
        if let Some((rpos, run)) = name_runs(t, a, b).into_iter().next()
            && first.first().is_some_and(|(p, _)| *p == rpos)
        {
            let run = strip_titles(&run);
            if let Some(full) = people.resolve(&run, rpos).filter(|_| run.len() == 1) {
                return Who::Name(full);
            }
            if run.len() >= 2 && !is_organisation(&run) {
                return Who::Name(run.join(" "));
            }
        }
        return Who::Nobody;
    }
    // "Laying into the Tory record he said": a pronoun right before the verb.
    if let Some(sex) = plain.last().and_then(|w| pronoun(w)) {
        return Who::Pronoun(sex);
    }
    if let Some(name) = name_before_verb(t, segments.last().copied(), people) {
        return Who::Name(name);
    }
    // "Munich Re, the world's biggest reinsurer, said": a name, then a
    // description of it in apposition.
    if segments.len() >= 2
        && segments.last().is_some_and(|&(a, b)| {
            t.words(a, b)
                .first()
                .is_some_and(|(_, w)| lower_in(bare(w), &["a", "an", "the", "his", "her", "its"]))
        })
    {
        let (a, b) = segments[0];
        let first = t.words(a, b);
        if let [(rpos, run)] = name_runs(t, a, b).as_slice()
            && first.len() == run.len()
        {
            let run = strip_titles(run);
            if !only_titles(&run) {
                let name = people.resolve(&run, *rpos).unwrap_or_else(|| run.join(" "));
                return Who::Name(name);
            }
        }
    }
    // "The UN's relief coordinator, Jan Egeland, said": a name in apposition
    // just before the verb.
    if segments.len() >= 2
        && let Some(&(a, b)) = segments.last()
        && let [(rpos, run)] = name_runs(t, a, b).as_slice()
        && t.words(a, b).len() == run.len()
    {
        let run = strip_titles(run);
        if run.len() >= 2 && !is_organisation(&run) {
            return Who::Name(people.resolve(&run, *rpos).unwrap_or_else(|| run.join(" ")));
        }
    }
    // "the East Kilbride athlete", "a Rosneft spokesman": a noun phrase whose
    // head is a common noun describes the speaker; its capitalised words are
    // modifiers, not the speaker's name.
    let described_phrase = segments.last().is_some_and(|&(a, b)| {
        let seg: Vec<&str> = t.words(a, b).iter().map(|(_, w)| bare(w)).collect();
        seg.len() >= 2
            && lower_in(seg[0], &["the", "a", "an"])
            && seg.last().is_some_and(|w| {
                w.chars().all(|c| c.is_lowercase() || c == '-') && !lower_in(w, BREAKERS)
            })
            && !seg.iter().any(|w| lower_in(w, BREAKERS))
    });
    let single_phrase = ws.len() == 1;
    for (si, &(a, b)) in segments.iter().enumerate().filter(|_| !described_phrase) {
        let seg_words = t.words(a, b);
        let mut runs = name_runs(t, a, b).into_iter();
        for (pos, w) in &seg_words {
            if lower_in(bare(w), BREAKERS) && !is_cap(bare(w)) {
                break;
            }
            if possessive(w) {
                continue;
            }
            if !name_word(w) {
                // Later segments are appositives: only "Name of …" counts there.
                if si > 0 {
                    break;
                }
                continue;
            }
            // `pos` starts a run, or is inside one already rejected.
            let Some((rpos, run)) = runs.find(|(rp, _)| *rp >= *pos) else {
                break;
            };
            if rpos != *pos {
                continue;
            }
            // "Mr Hosford", "Deputy Prime Minister Mr Prescott".
            let honorific =
                run.len() >= 2 && run[..run.len() - 1].iter().any(|w| HONORIFICS.contains(w));
            if only_titles(&run) {
                // "says King": a title word that is the surname of someone
                // the article names.
                if let [word] = run.as_slice()
                    && let Some(full) = people.resolve(&[word], rpos)
                {
                    return Who::Name(full);
                }
                continue;
            }

            // "Sir Ian said": a knight is called by his first name.
            if let [title, first] = run.as_slice()
                && matches!(*title, "Sir" | "Dame")
                && let Some(full) = people.by_first_name(first)
            {
                return Who::Name(full);
            }
            let mut run = strip_titles(&run);
            // "West Ham boss Alan Pardew": an organisation, a job, then the
            // person; the later name is the speaker.
            if let Some((rpos2, run2)) = runs.clone().next() {
                let between: Vec<&str> = seg_words
                    .iter()
                    .filter(|(p, w)| *p > rpos && *p < rpos2 && !name_word(w))
                    .map(|(_, w)| *w)
                    .collect();
                let descriptor = (1..=3).contains(&between.len())
                    && between.iter().all(|w| {
                        let b = bare(w);
                        b.chars().all(|c| c.is_lowercase() || c == '-')
                            && !BREAKERS.contains(&b)
                            && !w.ends_with(',')
                    });
                let run2 = strip_titles(&run2);
                if descriptor && run2.len() >= 2 {
                    run = run2;
                }
            }
            if run.len() >= 2 {
                return Who::Name(people.resolve(&run, rpos).unwrap_or_else(|| run.join(" ")));
            }
            if let Some(full) = people.resolve(&run, rpos) {
                return Who::Name(full);
            }
            // "Mr Hosford": the honorific marks a person; the surname stands.
            if single_phrase || honorific || (seg_words.len() == 1 && si > 0) {
                return Who::Name(run.join(" "));
            }
        }
    }
    // A description: the segment nearest the verb, cut before a relative clause.
    let (a, b) = segments.last().copied().unwrap_or((from, to));
    let (a, b) = if segments.len() > 1 && segments[0].1 > segments[0].0 {
        let first = segments[0];
        let lw = t.words(first.0, first.1);
        if lw
            .first()
            .is_some_and(|(_, w)| lower_in(bare(w), &["a", "an", "the", "one"]))
        {
            first
        } else {
            (a, b)
        }
    } else {
        (a, b)
    };
    // "BT's director of research Tony Lavender": a name closing the phrase
    // (not "from the IMF to the Institute of Fiscal Studies").
    let opens_with_preposition = t
        .words(a, b)
        .first()
        .is_some_and(|(_, w)| lower_in(bare(w), BREAKERS));
    if let Some((_, run)) = name_runs(t, a, b).pop().filter(|_| !opens_with_preposition) {
        let ends_phrase = t
            .words(a, b)
            .last()
            .is_some_and(|(_, w)| run.last().is_some_and(|l| bare(w) == *l));
        let run = strip_titles(&run);
        if ends_phrase && run.len() >= 2 {
            return Who::Name(people.resolve(&run, a).unwrap_or_else(|| run.join(" ")));
        }
    }
    let mut desc = Vec::new();
    for (_, w) in t.words(a, b) {
        if lower_in(bare(w), &["who", "which", "that", "reporting", "speaking"]) {
            break;
        }
        desc.push(w);
        if desc.len() == 10 {
            break;
        }
    }
    let text = desc.join(" ");
    let text = text.trim_matches(|c: char| c == ',' || c.is_whitespace());
    // A determiner alone ("suggested the “…”") describes nobody.
    if text.split_whitespace().count() < 2 {
        return Who::Nobody;
    }

    // Only a noun phrase opened by a determiner describes a speaker; "adding",
    // "and" or a stray clause does not.
    if !text
        .split_whitespace()
        .next()
        .is_some_and(|opener| lower_in(opener, DETERMINERS))
    {
        return Who::Nobody;
    }
    // "An official …" opening a sentence is the same description as mid-sentence.
    let mut cs = text.chars();
    let lowered: String = cs
        .next()
        .map(|c| c.to_lowercase().chain(cs).collect())
        .unwrap_or_default();
    Who::Description(lowered)
}

/// "shadow home secretary David Davies said", "Liberal Democrat spokeswoman
/// for women Sandra Gidley said": a full name closing the clause before the
/// verb is its subject, whatever job words precede it (not after "of", "at"
/// …, which make it an employer, nor in a relative clause).
fn name_before_verb(t: &Text, seg: Option<(usize, usize)>, people: &People) -> Option<String> {
    let (a, b) = seg?;
    let ws = t.words(a, b);
    if ws
        .iter()
        .any(|(_, w)| lower_in(bare(w), &["who", "which", "that", "whose"]))
    {
        return None;
    }
    let (rpos, run) = name_runs(t, a, b).pop()?;
    let last = ws.last()?;
    if bare(last.1) != *run.last()? || last.1.ends_with(',') {
        return None;
    }
    let k = ws.iter().position(|(p, _)| *p == rpos)?;
    if k == 0 {
        return None;
    }
    // "director of campaign group Vote No", "for the Liberal Democrats": a
    // name after a preposition, an article or an organisation noun is an
    // employer.
    let before = bare(ws[k - 1].1);
    if lower_in(before, BREAKERS)
        || lower_in(before, &["and", "or", "by", "the", "a", "an"])
        || people::is_organisation_noun(before)
        || possessive(ws[k - 1].1) && k == 1
    {
        return None;
    }
    let run = strip_titles(&run);
    if run.len() < 2 || only_titles(&run) || is_organisation(&run) {
        return None;
    }
    Some(people.resolve(&run, rpos).unwrap_or_else(|| run.join(" ")))
}

/// Every cue verb outside quotes, with the speaker its phrase names, in order.
fn cue_events(
    t: &Text,
    paras: &[(usize, usize)],
    spans: &[Span],
    people: &mut People,
) -> Vec<Event> {
    let chars = &t.chars[..];
    let mut events: Vec<Event> = Vec::new();
    // The last speaker known only by description ("an official said"), for a
    // "he said" that follows with no named person before it.
    let mut last_described: Option<(usize, String)> = None;
    for &(ps, pe) in paras {
        let ws = t.words(ps, pe);
        for (wi, &(pos, w)) in ws.iter().enumerate() {
            let Some(lw) = cue_word(bare(w)) else {
                continue;
            };
            if inside(spans, pos) {
                continue;
            }
            if lw == "saying" {
                if let Some(e) = quoted_as_saying(t, spans, &ws, wi, ps, people) {
                    events.push(e);
                }
                continue;
            }
            let according = lw == "according";
            if according && !ws.get(wi + 1).is_some_and(|(_, n)| lower_is(bare(n), "to")) {
                continue;
            }
            // The phrase before the verb, back to the sentence start or the
            // closing mark of a quote.
            let mut start = sentence_start(chars, spans, ps, pos);
            // (Spans never overlap, so their closing marks are in order.)
            let before = spans.partition_point(|s| s.close < pos);
            if let Some(s) = before
                .checked_sub(1)
                .map(|k| spans[k].close)
                .filter(|&close| close >= start)
            {
                start = s + 1;
            }
            // "Asked about it, the spokesman said": a participle opening the
            // sentence is no cue of its own.
            let first_word = t.words(start, pos + 1).first().map(|(p, _)| *p);
            if first_word == Some(pos) && is_cap(w) && lw.ends_with("ed") {
                continue;
            }
            // "… said an official who asked not to be named": a second verb in
            // the same clause belongs to a relative clause, not to a new speaker.
            if t.words(start, pos).iter().any(|(p, x)| {
                let b = bare(x);
                let opener = Some(*p) == first_word && is_cap(b) && b.ends_with("ed");
                !opener && (speech_cue(b).is_some() || (!b.is_ascii() && lower_in(b, CUES)))
            }) {
                continue;
            }
            let phrase_end = end_of_phrase(chars, pos + w.chars().count(), pe);
            let who = if according {
                let from = ws.get(wi + 2).map_or(pe, |(p, _)| *p);
                speaker_of(t, from, phrase_end, people)
            } else {
                // "… a High Court action when a judge said": the subject of the
                // verb follows the last subordinating word.
                let subject_start = ws
                    .iter()
                    .take(wi)
                    .rev()
                    .take_while(|(p, _)| *p >= start)
                    .find(|(_, x)| SUBORDINATORS.contains(x))
                    .map_or(start, |(p, x)| p + x.chars().count());
                match speaker_of(t, subject_start, pos, people) {
                    Who::Nobody if !matches!(lw, "told" | "tells" | "telling") => {
                        let from = ws.get(wi + 1).map_or(pe, |(p, _)| *p);
                        match speaker_of(t, from, phrase_end.max(from), people) {
                            // "said the Gazette's picture editor, Joe Platt": the
                            // name in the apposition that follows.
                            who @ (Who::Nobody | Who::Description(_))
                                if chars.get(phrase_end) == Some(&',') =>
                            {
                                let next = end_of_phrase(chars, phrase_end + 1, pe);
                                match speaker_of(t, phrase_end + 1, next, people) {
                                    Who::Name(n) => Who::Name(n),
                                    _ => who,
                                }
                            }
                            who => who,
                        }
                    }
                    who => who,
                }
            };
            // Whether the speaker is named only through a description or a
            // pronoun ("the chancellor said", "he added"): a mention of that
            // person here, which later pronouns refer back to.
            let indirect = matches!(who, Who::Description(_) | Who::Pronoun(_));
            let who = match who {
                Who::Description(d) => match described(t, &d, pos, people) {
                    Some(n) => Who::Name(n),
                    None => Who::Description(d),
                },
                who => who,
            };
            let named = matches!(who, Who::Name(_));
            let speaker = match who {
                Who::Name(n) => {
                    last_described = None;
                    Some(people.canonical(n))
                }
                Who::Description(d) => {
                    // "the WTO": an acronym the article spelt out.
                    let d = people.canonical(d);
                    last_described = Some((pos, d.clone()));
                    Some(d)
                }
                Who::Pronoun(sex) => people.focus(pos, sex).or_else(|| {
                    last_described
                        .as_ref()
                        .filter(|(p, _)| p + 600 >= pos)
                        .map(|(_, d)| d.clone())
                }),
                Who::Nobody => None,
            };
            if indirect && let Some(s) = &speaker {
                people.mention(pos, sentence_start(chars, spans, ps, pos), s);
            }

            let cue = if according { "according to" } else { lw }.to_string();
            events.push(Event {
                pos,
                partial: PARTIAL_CUES.contains(&lw),
                cue,
                speaker,
                named,
            });
        }
    }
    events
}

/// The named speaker a description stands for: "a spokesman for X", "an X
/// spokesman", "X's spokesman" -> X; "the chancellor", "the Lions coach", "the
/// 23-year-old" -> the person last introduced with that role ("Chancellor Ann
/// Bell", "coach Ann Bell"), else the person last named as a speaker.
fn described(t: &Text, desc: &str, pos: usize, people: &People) -> Option<String> {
    let words: Vec<&str> = desc.split_whitespace().map(bare).collect();
    let spokes = words.iter().position(|w| {
        lower_in(
            w,
            &["spokesman", "spokeswoman", "spokesperson", "spokesmen"],
        )
    });
    if let Some(k) = spokes {
        // "a spokesman for Mr Blair"
        if words
            .get(k + 1)
            .is_some_and(|w| lower_in(w, &["for", "of"]))
        {
            let rest: Vec<&str> = words[k + 2..]
                .iter()
                .copied()
                .take_while(|w| name_word(w))
                .collect();
            return owner(&rest, t, desc, pos, people);
        }
        // "a Rosneft spokesman", "the prime minister's official spokesman"
        let before = &words[..k];
        if let Some(p) = desc.split_whitespace().position(possessive) {
            let who: Vec<&str> = words[..=p].to_vec();
            let mut who = who;
            if let Some(last) = who.last_mut() {
                *last = last.trim_end_matches("’s").trim_end_matches("'s");
            }
            return owner(&who, t, desc, pos, people);
        }
        let caps: Vec<&str> = before.iter().copied().filter(|w| is_cap(w)).collect();
        if !caps.is_empty() && caps.len() + 1 >= before.len() {
            return owner(&caps, t, desc, pos, people);
        }
        return None;
    }
    // Only a definite description ("the …", "his …"), and nothing after it.
    let definite = words
        .first()
        .is_some_and(|w| lower_in(w, &["the", "his", "her", "its", "their"]));
    if !definite || !(2..=5).contains(&words.len()) {
        return None;
    }
    let last = words.last()?;
    let head = last.to_lowercase();
    // "the company said", "the world's biggest reinsurer said": the
    // organisation in focus.
    if people::is_organisation_noun(&head) {
        return people.organisation_focus(pos);
    }
    let aged = words.iter().any(|w| w.ends_with("-year-old"));
    let person_noun = aged || is_job(&head) || is_demonym(last);
    // "the former minister" is someone introduced as one, not the focus.
    let other = words[1..].iter().any(|w| lower_in(w, OTHER_ROLE));
    if let Some(name) = introduced_as(t, &head, other, person_noun, pos, people) {
        return Some(name);
    }
    if !person_noun || other {
        return None;
    }
    people.focus(pos, Sex::Unknown)
}

/// How far back (code points) a role's introduction is looked for.
const INTRODUCTION_WINDOW: usize = 20_000;

/// The person the text introduced with the role `head` before `pos`
/// ("Chancellor Ann Bell", "Lions coach Ann Bell", "Ann Bell, the
/// chancellor,"); `other` when the description says "former", "shadow" …,
/// which the introduction must say too. A noun that is no known role
/// ("futurologist") must come right before the name.
fn introduced_as(
    t: &Text,
    head: &str,
    other: bool,
    person_noun: bool,
    pos: usize,
    people: &People,
) -> Option<String> {
    // Mentions before `pos`, within a window, so that no input makes this
    // quadratic.
    let end = people.mentions.partition_point(|(p, _)| *p < pos);
    let start = people
        .mentions
        .partition_point(|(p, _)| *p + INTRODUCTION_WINDOW < pos);
    for (mpos, run) in people.mentions[start..end].iter().rev() {
        // Three words before the run, and the run's words before the name.
        let lead = t.words(mpos.saturating_sub(40), *mpos);
        let mut role: Vec<&str> = lead.iter().rev().take(3).map(|(_, w)| bare(w)).collect();
        role.reverse();
        let raw = t.words(*mpos, (*mpos + 200).min(pos));
        let Some(k) = raw.iter().take(6).position(|(_, w)| bare(w) == run[0]) else {
            continue;
        };
        role.extend(raw[..k].iter().map(|(_, w)| bare(w)));
        let mut found = role
            .iter()
            .rposition(|w| lower_is(w, head))
            .filter(|&i| person_noun || i + 1 == role.len())
            .map(|i| role[i.saturating_sub(3)..i].to_vec());
        // "Ed Balls, Mr Brown's former chief economic adviser,": an
        // apposition right after the name, closed by a comma.
        let name_end = k + run.len();
        if found.is_none() && raw.get(name_end - 1).is_some_and(|(_, w)| w.ends_with(',')) {
            let apposition: Vec<&str> =
                raw.iter().skip(name_end).take(7).map(|(_, w)| *w).collect();
            if let Some(close) = apposition.iter().position(|w| w.ends_with(',')) {
                found = apposition[..=close]
                    .iter()
                    .position(|w| lower_is(bare(w), head))
                    .map(|i| {
                        apposition[i.saturating_sub(3)..i]
                            .iter()
                            .map(|w| bare(w))
                            .collect()
                    });
            }
        }
        let Some(before) = found else {
            continue;
        };
        let name = people.resolve(run, pos).unwrap_or_else(|| run.join(" "));
        if !people.is_person(&name) {
            continue;
        }
        let intro_other = before.iter().any(|b| lower_in(b, OTHER_ROLE));
        if intro_other != other {
            continue;
        }
        return Some(name);
    }
    None
}

/// The named owner of a spokesperson: a name ("Mr Blair" resolved), or a role
/// description resolved as a speaker would be.
fn owner(who: &[&str], t: &Text, desc: &str, pos: usize, people: &People) -> Option<String> {
    let first = who.first()?;
    if lower_in(first, &["the", "a", "an"]) {
        let inner = who.join(" ");
        if inner == desc {
            return None;
        }
        return described(t, &inner, pos, people);
    }
    let run = strip_titles(who);
    if only_titles(&run) {
        return None;
    }
    Some(people.resolve(&run, pos).unwrap_or_else(|| run.join(" ")))
}

/// "SANA quoted X as saying", "media cited X as saying": the speaker is the
/// object of the verb, between it and "as".
fn quoted_as_saying(
    t: &Text,
    spans: &[Span],
    ws: &[(usize, &str)],
    wi: usize,
    ps: usize,
    people: &People,
) -> Option<Event> {
    let as_index = wi.checked_sub(1)?;
    if bare(ws[as_index].1) != "as" {
        return None;
    }
    let (pos, _) = ws[wi];
    let start = sentence_start(&t.chars, spans, ps, pos);
    let verb = (0..as_index)
        .rev()
        .find(|&k| ws[k].0 >= start && lower_in(bare(ws[k].1), &["quoted", "cited"]))?;
    let from = ws.get(verb + 1)?.0;
    let who = speaker_of(t, from, ws[as_index].0, people);
    let named = matches!(who, Who::Name(_));
    let speaker = match who {
        Who::Name(n) | Who::Description(n) => Some(n),
        Who::Pronoun(_) | Who::Nobody => None,
    }?;
    Some(Event {
        pos,
        cue: bare(ws[verb].1).to_lowercase(),
        speaker: Some(speaker),
        named,
        partial: false,
    })
}

/// End of a speaker phrase after a verb: the next comma, terminator, quote mark
/// or paragraph end.
fn end_of_phrase(chars: &[char], from: usize, pe: usize) -> usize {
    (from..pe)
        .find(|&k| {
            matches!(chars[k], ',' | ';' | ':' | '“' | '"' | '‘')
                || (matches!(chars[k], '.' | '!' | '?') && !is_letter(chars.get(k + 1)))
        })
        .unwrap_or(pe)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(body: &str) -> Quote {
        let q = quotes(body);
        assert_eq!(q.len(), 1, "{q:?}");
        q.into_iter().next().unwrap()
    }

    #[test]
    fn quote_then_surname_resolves_to_full_name() {
        let body = "Maria Fenwick, the harbour master, spoke on Friday.\n\n\
                    “The port will reopen next week. Nobody objected,” Fenwick told Reuters.";
        let q = one(body);
        assert_eq!(q.text, "The port will reopen next week. Nobody objected");
        assert_eq!(q.speaker.as_deref(), Some("Maria Fenwick"));
        assert_eq!(q.cue.as_deref(), Some("told"));
        let off = body.chars().position(|c| c == '“').unwrap() + 1;
        assert_eq!(q.offset as usize, off);
    }

    #[test]
    fn said_name_after_straight_quote() {
        let q = one(
            "\"We have enough fuel for two weeks, no more,\" said Ilse Karlsson, a dock worker.",
        );
        assert_eq!(q.speaker.as_deref(), Some("Ilse Karlsson"));
        assert_eq!(q.cue.as_deref(), Some("said"));
    }

    #[test]
    fn colon_form_with_apposition() {
        let q = one(
            "A second trader, Omar Haddad of the grain union, said: “Prices will rise before the harvest.”",
        );
        assert_eq!(q.speaker.as_deref(), Some("Omar Haddad"));
    }

    #[test]
    fn possessive_organisation_before_name() {
        let q = one(
            "“The road is closed to all trucks,” the Gazette’s Lena Ortiz, reporting from the border, said.",
        );
        assert_eq!(q.speaker.as_deref(), Some("Lena Ortiz"));
    }

    #[test]
    fn descriptive_speaker_and_pronoun_continuation() {
        let q = quotes(
            "“The talks will fail without guarantees,” said an official in the Northern Union who asked not to be named. \
             “This is the last chance,” he said.",
        );
        assert_eq!(q.len(), 2);
        assert_eq!(
            q[0].speaker.as_deref(),
            Some("an official in the Northern Union")
        );
        assert_eq!(q[1].speaker, q[0].speaker);
    }

    #[test]
    fn pronoun_after_named_statement_without_quote() {
        let body = "Peter Olsen, the mayor, said on Monday he would resign.\n\n\
                    He said the council had failed to “protect the poorest families in town” this winter.";
        let q = one(body);
        assert_eq!(q.speaker.as_deref(), Some("Peter Olsen"));
    }

    #[test]
    fn quote_only_paragraph_continues_previous_speaker() {
        let body = "“We are ready to sign the deal today,” Nadia Berg told the BBC.\n\n\
                    “Nothing else is on the table for us now.”";
        let q = quotes(body);
        assert_eq!(q.len(), 2);
        assert_eq!(q[1].speaker.as_deref(), Some("Nadia Berg"));
        assert_eq!(q[1].cue, None);
    }

    #[test]
    fn fragments_take_the_cue_closing_their_sentence() {
        let body = "Lars Moe said on Monday the panel was ready.\n\n\
                    The panel \"will meet only twice a year,\" but would consult \"a board of outside experts\" first, he said.";
        let q = quotes(body);
        assert_eq!(q.len(), 2, "{q:?}");
        assert!(q.iter().all(|q| q.speaker.as_deref() == Some("Lars Moe")));
    }

    #[test]
    fn quoted_as_saying() {
        let body = "The agency quoted the mayor, Rita Holm, as saying the bridge would “stay closed to heavy traffic” all winter. \
                    It will “reopen when the repairs are finished”, she said.";
        let q = quotes(body);
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].speaker.as_deref(), Some("Rita Holm"));
        assert_eq!(q[0].cue.as_deref(), Some("quoted"));
        assert_eq!(q[1].speaker.as_deref(), Some("Rita Holm"));
    }

    #[test]
    fn connectives_and_long_titles_are_not_names() {
        let q = quotes(
            "“Costs will rise for every household,” said Energy Secretary Jan Boyd. \
             But Mark Feld said: “That is simply not the case at all.” \
             “We will see about that soon,” but he added.",
        );
        assert_eq!(q.len(), 3, "{q:?}");
        assert_eq!(q[0].speaker.as_deref(), Some("Jan Boyd"));
        assert_eq!(q[1].speaker.as_deref(), Some("Mark Feld"));
        assert_eq!(q[2].speaker.as_deref(), Some("Mark Feld"));
    }

    #[test]
    fn stray_straight_marks_do_not_swallow_text() {
        let q = quotes(
            "He called it \"a total waste of public money.\" said Ann Ray\". The fund closed in May.",
        );
        assert!(q.iter().all(|q| !q.text.contains("fund closed")), "{q:?}");
    }

    #[test]
    fn honorific_surnames_and_appositions() {
        let q = quotes(
            "“Sales will recover by the spring,” said Mr Palmer. \
             “The screen is the real novelty here,” said the Gazette’s picture editor, Joe Platt.",
        );
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].speaker.as_deref(), Some("Palmer"));
        assert_eq!(q[1].speaker.as_deref(), Some("Joe Platt"));
    }

    #[test]
    fn pronoun_resolves_to_the_person_the_text_is_about() {
        let body = "Ada Lind runs the only bakery in the village.\n\n\
                    “Flour has doubled in price since the summer,” she said.";
        assert_eq!(one(body).speaker.as_deref(), Some("Ada Lind"));
        // Two people: the pronoun's sex decides, then the sentence's subject.
        let body = "Ada Lind and Tom Berg run the only bakery in the village.\n\n\
                    “Flour has doubled in price since the summer,” he said.";
        assert_eq!(one(body).speaker.as_deref(), Some("Tom Berg"));
        let body = "Ada Lind and Tom Berg run the only bakery in the village.\n\n\
                    “Flour has doubled in price since the summer,” she said.";
        assert_eq!(one(body).speaker.as_deref(), Some("Ada Lind"));
        // The latest sentence naming someone wins over the last speaker.
        let body = "“We will win,” said Tom Berg. Mary Holt, his rival, was calm. \
                    “The voters know us,” she said.";
        assert_eq!(quotes(body)[1].speaker.as_deref(), Some("Mary Holt"));
        // A name in an opening adverbial is not the subject; a sentence with
        // no name ("She won …") keeps the focus.
        let body = "Before her match with Ann Lee, Mary Holt trained alone. She won easily. \
                    “I felt strong,” she said.";
        assert_eq!(one(body).speaker.as_deref(), Some("Mary Holt"));
        // Whom someone told is not who speaks next; an organisation never is.
        let body = "Tom Berg told Ann Lee the plan had failed. The Harbour Council agreed. \
                    “It is over,” he said.";
        assert_eq!(one(body).speaker.as_deref(), Some("Tom Berg"));
    }

    #[test]
    fn organisations_aliases_and_appositions() {
        // "the company" is the organisation the text is about.
        let body = "Car maker Renault said sales rose. \
                    “In a sluggish market we did well,” the company said.";
        assert_eq!(one(body).speaker.as_deref(), Some("Renault"));
        // Another name the article gives someone.
        let body = "“The show is an institution,” says JK, also known as Jason King.\n\n\
                    “We will keep it,” says King, 30.";
        let q = quotes(body);
        assert_eq!(q[0].speaker.as_deref(), Some("Jason King"));
        assert_eq!(q[1].speaker.as_deref(), Some("Jason King"));
        // A name in apposition before the verb; an employer after "of" is not
        // the speaker.
        let q = one(
            "The agency's relief coordinator, Jan Olsen, said: “This is the worst flood in years.”",
        );
        assert_eq!(q.speaker.as_deref(), Some("Jan Olsen"));
        let q = one(
            "Harbour Re, the world's biggest reinsurer, said: “This is a human tragedy first.”",
        );
        assert_eq!(q.speaker.as_deref(), Some("Harbour Re"));
        let q = one("Ann Lee, director of campaign group Vote Now, said: “The reality is plain.”");
        assert_eq!(q.speaker.as_deref(), Some("Ann Lee"));
        // Auxiliaries and adverbs between the subject and the verb.
        let body = "Tom Reed spoke first. The Scottish party leader had insisted on Friday: \
                    “My work did not influence my votes.”";
        assert_eq!(one(body).speaker.as_deref(), Some("Tom Reed"));
        // An age as a description: the person the text is about.
        let body =
            "Mia Holt won her first title. “I could not sleep,” said the 20-year-old winner.";
        assert_eq!(one(body).speaker.as_deref(), Some("Mia Holt"));
    }

    #[test]
    fn a_quote_alone_after_a_sentence_about_someone_is_theirs() {
        let body = "Shoppers are unhappy. Californian Tom Reed filed the suit in San Jose.\n\n\
                    “The store has locked its customers in for years.”";
        assert_eq!(one(body).speaker.as_deref(), Some("Tom Reed"));
        // A narrative sentence about someone new after a quote hands the next
        // quote to them, not to the previous speaker.
        let body = "“What a way to finish the year,” said Rafael Nadal. US coach Tom Reed wants \
                    more clay. “I think it will help these guys on hard courts.”";
        assert_eq!(quotes(body)[1].speaker.as_deref(), Some("Tom Reed"));
        // A nested quote's mark after the closing comma still ends the clause.
        let body = "“We thought 'he looks the part, we'll ask him,'” said Tom Reed.";
        assert_eq!(one(body).speaker.as_deref(), Some("Tom Reed"));
        // Not when that sentence is about someone else through a pronoun, nor
        // for a short label.
        let body =
            "He met Tom Reed in San Jose.\n\n“The store has locked its customers in for years.”";
        assert_eq!(one(body).speaker, None);
    }

    #[test]
    fn review_cases_parentheses_openers_and_look_alike_names() {
        // A particle behind a parenthesis once made an empty name and a panic.
        assert!(quotes("Ann (van der Berg) won. She met Ann (de Vries).").is_empty());
        // "Richard" ends like a demonym but is a given name.
        let body = "Serena Williams won. Richard Williams, her coach, watched. \
                    “I am so proud of her today,” the coach said.";
        assert_eq!(one(body).speaker.as_deref(), Some("Richard Williams"));
        // A sentence opener before a name is dropped, not the name.
        let body = "In March Ann Lee joined the club. “It is a good club to be at,” she said.";
        assert_eq!(one(body).speaker.as_deref(), Some("Ann Lee"));
        let body = "On Thursday Mr Tom Hart resigned.\n\n\
                    “I will be standing at the next election,” said Mr Hart.";
        assert_eq!(one(body).speaker.as_deref(), Some("Tom Hart"));
        // "producer" is a person's job here, not an organisation.
        let body = "Film producer Ann Lee met the Acme Group. “We start filming in May,” the producer said.";
        assert_eq!(one(body).speaker.as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn acronyms_speak_for_the_name_they_abbreviate() {
        let body = "The State Administration of Radio, Film and Television (SARFT) issued rules. \
                    “Foreign channels must apply again,” SARFT said. \
                    The Qualifications and Curriculum Authority (QCA) has also told ministers not to \
                    “compromise on the whole diploma at all”.";
        let q = quotes(body);
        assert_eq!(
            q[0].speaker.as_deref(),
            Some("State Administration of Radio, Film and Television")
        );
        assert_eq!(
            q[1].speaker.as_deref(),
            Some("Qualifications and Curriculum Authority")
        );
        // Letters that do not spell the words before: no expansion.
        let body = "Officials met the press (BBC) today. “We are ready,” said the BBC.";
        assert_eq!(one(body).speaker.as_deref(), Some("the BBC"));
    }

    #[test]
    fn surnames_and_knights_resolve_to_the_person_meant() {
        // Two Blairs: "Mr Blair" is the one named last.
        let body = "Sir Ian Blair spoke first. Later Tony Blair arrived.\n\n\
                    “The threat is real,” Mr Blair said. “So are our defences,” said Sir Ian.";
        let q = quotes(body);
        assert_eq!(q[0].speaker.as_deref(), Some("Tony Blair"));
        assert_eq!(q[1].speaker.as_deref(), Some("Ian Blair"));
    }

    #[test]
    fn role_descriptions_resolve_to_a_person() {
        // The role introduced with a name; "shadow chancellor" is someone else's.
        let body = "Chancellor Ann Bell spoke after shadow chancellor Tom Reed. \
                    “Growth is back,” said the chancellor.";
        assert_eq!(one(body).speaker.as_deref(), Some("Ann Bell"));
        // A nationality or a capitalised modifier before the role: the person
        // the text is about.
        let body = "Tom Reed lost in three sets. “They were better,” said the American.";
        assert_eq!(one(body).speaker.as_deref(), Some("Tom Reed"));
        let body = "Tom Reed finished fourth. “It was a learning curve,” said the Glasgow athlete.";
        assert_eq!(one(body).speaker.as_deref(), Some("Tom Reed"));
    }

    #[test]
    fn organisation_then_job_then_person() {
        let q = one("Harbour City boss Ana Reyes said: “We were the better side all night.”");
        assert_eq!(q.speaker.as_deref(), Some("Ana Reyes"));
    }

    #[test]
    fn a_new_sentence_after_a_quote_does_not_claim_it() {
        let body = "“Taxes will not rise this year.” The council has said it will review fees.";
        assert_eq!(one(body).speaker, None);
        let body = "“Taxes will not rise this year.” Mayor Olga Dahl said.";
        assert_eq!(one(body).speaker.as_deref(), Some("Olga Dahl"));
    }

    #[test]
    fn subject_of_a_subordinate_clause() {
        let q = one(
            "The firm lost a High Court case in May when a judge said its rules were “unfair to every small trader”.",
        );
        assert_eq!(q.speaker.as_deref(), Some("a judge"));
    }

    #[test]
    fn run_on_openings_start_a_new_quote_of_the_same_speaker() {
        let body = "Vera Holt said: \"The mill will close in May. \"Nobody here wanted this outcome,\" she added.";
        let q = quotes(body);
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].text, "The mill will close in May.");
        assert_eq!(q[1].text, "Nobody here wanted this outcome");
        assert!(q.iter().all(|q| q.speaker.as_deref() == Some("Vera Holt")));
        let second = body
            .char_indices()
            .filter(|&(_, c)| c == '"')
            .nth(1)
            .unwrap()
            .0;
        assert_eq!(q[1].offset as usize, second + 1);
    }

    #[test]
    fn short_quotes_governed_by_a_cue_are_kept() {
        let q = one("Critics dismissed the scheme as \"desperate\", Tom Reece said on Friday.");
        assert_eq!(q.text, "desperate");
        assert_eq!(q.speaker.as_deref(), Some("Tom Reece"));
        let q = one("Lena Park said the merger was a \"great step\" for the region.");
        assert_eq!(q.speaker.as_deref(), Some("Lena Park"));
        // No cue, a title, or a passive verb: not a quote.
        assert!(quotes("The band's \"Blue Harbour\" tour, Ann Lee said, sold out.").is_empty());
        assert!(quotes("It was claimed the plan was \"too risky\".").is_empty());
    }

    #[test]
    fn opening_adverbials_and_job_words_are_not_the_speaker() {
        let q = one("On Tuesday, Mr Varga said: \"We will not sign this treaty.\"");
        assert_eq!(q.speaker.as_deref(), Some("Varga"));
        let q = one(
            "Speaking after the council vote, deputy transport secretary Hana Orsi said the plan was \"a costly mistake\".",
        );
        assert_eq!(q.speaker.as_deref(), Some("Hana Orsi"));
        let q = one(
            "Green Alliance spokeswoman for rural affairs Mia Stone said: \"Farmers deserve better than this.\"",
        );
        assert_eq!(q.speaker.as_deref(), Some("Mia Stone"));
    }

    #[test]
    fn party_words_demonyms_and_knights() {
        let q = one("Fellow Labour MP Rory Vance said: \"The figures do not add up.\"");
        assert_eq!(q.speaker.as_deref(), Some("Rory Vance"));
        // A first name that looks like a demonym stays.
        let q = one("Julian Brenner said: \"The figures do not add up.\"");
        assert_eq!(q.speaker.as_deref(), Some("Julian Brenner"));
        let q = one("The Liberal Democrats said: \"The figures do not add up.\"");
        assert_eq!(q.speaker.as_deref(), Some("Liberal Democrats"));
        let body = "Sir Oliver Quint chairs the inquiry.\n\nSir Oliver said: \"We have heard enough evidence.\"";
        assert_eq!(one(body).speaker.as_deref(), Some("Oliver Quint"));
    }

    #[test]
    fn spokespeople_speak_for_their_owner() {
        let body = "Karin Voss leads the port authority.\n\n\
                    A spokesman for Ms Voss said: \"The berth will reopen on Monday.\"";
        assert_eq!(one(body).speaker.as_deref(), Some("Karin Voss"));
        let q = one("A Baltrail spokeswoman said: \"Trains will run hourly from June.\"");
        assert_eq!(q.speaker.as_deref(), Some("Baltrail"));
    }

    #[test]
    fn role_descriptions_resolve_to_the_named_person() {
        // The role given before the name earlier in the article.
        let body = "Finance Minister Pia Lund met the unions, and Tom Rask left early.\n\n\
                    \"We will not raise fuel duty this year,\" the finance minister said.";
        assert_eq!(one(body).speaker.as_deref(), Some("Pia Lund"));
        // No role given: the person last named as a speaker.
        let body = "\"The budget is balanced at last,\" Ida Moss said on Monday.\n\n\
                    \"Nobody will pay more tax next year,\" the chancellor added.";
        let q = quotes(body);
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[1].speaker.as_deref(), Some("Ida Moss"));
        // Someone else's role is not the speaker's.
        let body = "\"The budget is balanced at last,\" Ida Moss said on Monday.\n\n\
                    \"Nobody believes those numbers at all,\" the shadow chancellor said.";
        assert_eq!(
            quotes(body)[1].speaker.as_deref(),
            Some("the shadow chancellor")
        );
    }

    #[test]
    fn telling_and_welcomed_are_cues() {
        let q =
            one("Omar Diaz opened the plant, telling workers the town was \"back in business\".");
        assert_eq!(q.speaker.as_deref(), Some("Omar Diaz"));
        assert_eq!(q.cue.as_deref(), Some("telling"));
        let q = one("Green MEP Lotte Brink welcomed the \"long overdue ban on dredging\".");
        assert_eq!(q.speaker.as_deref(), Some("Lotte Brink"));
    }

    #[test]
    fn scare_quotes_are_not_quotes() {
        assert!(
            quotes(
                "The plan would “strengthen the role” of the board, and talks were “probably” over."
            )
            .is_empty()
        );
    }

    #[test]
    fn unattributed_quote_keeps_null_speaker() {
        let q = one("Some cheered.\n\n“Nobody expected the vote to pass so quickly.”");
        assert_eq!(q.speaker, None);
        assert_eq!(q.cue, None);
    }

    #[test]
    fn single_marks_need_a_cue() {
        assert!(quotes("‘A new beginning for the city’\n\nThe council met.").is_empty());
        let q = one("‘We will rebuild every house in the valley,’ said Tomas Lind.");
        assert_eq!(q.speaker.as_deref(), Some("Tomas Lind"));
    }

    #[test]
    fn titles_and_demonyms_are_stripped() {
        let body = "Ruritanian President Karl Weiss met envoys.\n\n\"There will be no delay at all,\" Weiss said.";
        assert_eq!(one(body).speaker.as_deref(), Some("Karl Weiss"));
    }

    #[test]
    fn offsets_count_code_points_not_bytes() {
        let body = "Café owners complained — loudly.\n\n“Rents doubled in one single year,” said Ana Ruiz.";
        let q = one(body);
        let chars: Vec<char> = body.chars().collect();
        let at: String = chars[q.offset as usize..q.offset as usize + 5]
            .iter()
            .collect();
        assert_eq!(at, "Rents");
    }
}

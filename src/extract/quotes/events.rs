//! Cue events: every speech verb outside quotes with the speaker its phrase
//! names, and the resolution of descriptions (`a spokesman for X`, `the
//! chancellor`) and `X quoted Y as saying` to named speakers.

use super::*;

/// Every cue verb outside quotes, with the speaker its phrase names, in order.
pub(super) fn cue_events(
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
    // The last speaker that is no person of the article ("said an official
    // in a Free Syrian Army (FSA) rebel group", "the source said"), with its
    // paragraph: a "he said" in the same or the next paragraph, with no
    // person named since, is that speaker again, not the person last named
    // before the description.
    let mut last_unnamed: Option<(usize, usize, String)> = None;
    for (pi, &(ps, pe)) in paras.iter().enumerate() {
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
                    let n = people.canonical(n);
                    last_unnamed = (!people.is_person(&n)).then(|| (pos, pi, n.clone()));
                    Some(n)
                }
                Who::Description(d) => {
                    // "the WTO": an acronym the article spelt out.
                    let d = people.canonical(d);
                    last_described = Some((pos, d.clone()));
                    last_unnamed = (!people.is_person(&d)).then(|| (pos, pi, d.clone()));
                    Some(d)
                }
                Who::Pronoun(sex) => {
                    let unnamed = last_unnamed
                        .as_ref()
                        .filter(|(_, p, _)| *p + 1 >= pi)
                        .filter(|(at, _, _)| people.focus_at(pos, sex).is_none_or(|(f, _)| f < *at))
                        .map(|(_, _, d)| d.clone());
                    unnamed.or_else(|| people.focus(pos, sex)).or_else(|| {
                        last_described
                            .as_ref()
                            .filter(|(p, _)| p + 600 >= pos)
                            .map(|(_, d)| d.clone())
                    })
                }
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
pub(super) fn described(t: &Text, desc: &str, pos: usize, people: &People) -> Option<String> {
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
pub(super) const INTRODUCTION_WINDOW: usize = 20_000;

/// The person the text introduced with the role `head` before `pos`
/// ("Chancellor Ann Bell", "Lions coach Ann Bell", "Ann Bell, the
/// chancellor,"); `other` when the description says "former", "shadow" …,
/// which the introduction must say too. A noun that is no known role
/// ("futurologist") must come right before the name.
pub(super) fn introduced_as(
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
pub(super) fn owner(
    who: &[&str],
    t: &Text,
    desc: &str,
    pos: usize,
    people: &People,
) -> Option<String> {
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
pub(super) fn quoted_as_saying(
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
pub(super) fn end_of_phrase(chars: &[char], from: usize, pe: usize) -> usize {
    (from..pe)
        .find(|&k| {
            matches!(chars[k], ',' | ';' | ':' | '“' | '"' | '‘')
                || (matches!(chars[k], '.' | '!' | '?') && !is_letter(chars.get(k + 1)))
        })
        .unwrap_or(pe)
}

//! Reading a speaker phrase: a name, a description or a pronoun (`Who`), and
//! the full name that closes a clause before its verb.

use super::*;

pub(super) enum Who {
    Name(String),
    Description(String),
    Pronoun(Sex),
    Nobody,
}

/// Reads a speaker phrase ("Al Jazeera's Stefanie Dekker, reporting from …",
/// "a military source", "he").
pub(super) fn speaker_of(t: &Text, from: usize, to: usize, people: &People) -> Who {
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
pub(super) fn name_before_verb(
    t: &Text,
    seg: Option<(usize, usize)>,
    people: &People,
) -> Option<String> {
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

//! Entities: merges the recogniser's mentions (title and body) into one entry
//! per real-world entity (surnames, honorifics, acronyms, well-known short
//! forms from `data/entities/short_forms.tsv`), and links quote speakers to them.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::ner::{EntityKind, Mention};
use crate::record::{Entity, Quote};
use crate::text;

const SHORT_FORMS: &str = include_str!("../../data/entities/short_forms.tsv");

/// Short form or variant (lowercase, full stops dropped) -> canonical key.
static CANONICAL: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for line in SHORT_FORMS.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t').map(str::trim).filter(|c| !c.is_empty());
        let Some(long) = cols.next() else { continue };
        let canon = key_of(long);
        map.insert(canon.clone(), canon.clone());
        for short in cols {
            map.insert(key_of(short), canon.clone());
        }
    }
    map
});

/// Words before a person's name that are no part of it.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "prof",
    "professor",
    "president",
    "president-elect",
    "prime",
    "minister",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "gen",
    "general",
    "col",
    "colonel",
    "capt",
    "captain",
    "sen",
    "senator",
    "rep",
    "gov",
    "governor",
    "judge",
    "justice",
    "sheikh",
    "rev",
    "chancellor",
    "secretary",
    "ambassador",
    "mayor",
    "chairman",
    "envoy",
    "spokesman",
    "spokeswoman",
];

/// Matching key: lowercase, full stops and a leading "the" dropped.
fn key_of(name: &str) -> String {
    let lower = name.to_lowercase().replace('.', "");
    lower
        .strip_prefix("the ")
        .unwrap_or(&lower)
        .trim()
        .to_string()
}

/// A mention's name: titles (for people), a leading "the", a possessive and
/// a parenthesised acronym (returned apart) trimmed.
fn clean(surface: &str, kind: EntityKind) -> (String, Option<String>) {
    let (mut main, acronym) = match surface.split_once(" (") {
        Some((long, rest)) => {
            let a = rest.trim_end_matches(')').trim();
            let ok = (2..=8).contains(&a.len()) && a.chars().all(|c| c.is_ascii_uppercase());
            (long.trim(), ok.then(|| a.to_string()))
        }
        None => (surface.trim(), None),
    };
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(s) = main.strip_suffix(suffix) {
            main = s;
            break;
        }
    }
    let mut words: Vec<&str> = main.split_whitespace().collect();
    if words.len() > 1 && matches!(words[0], "the" | "The") {
        words.remove(0);
    }
    let honorific = |w: &str| matches!(w.trim_end_matches('.'), "Mr" | "Mrs" | "Ms" | "Dr");
    while words.len() > 1
        && (honorific(words[0])
            || kind == EntityKind::Person
                && TITLES.contains(&words[0].to_lowercase().trim_end_matches('.')))
    {
        words.remove(0);
    }
    (words.join(" "), acronym)
}

/// Initials of the capitalised words (and hyphenated parts) of a long form:
/// "Free Syrian Army" -> "FSA", "Agence France-Presse" -> "AFP".
fn initials(name: &str) -> String {
    name.split([' ', '-'])
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// Two to eight capitals, full stops allowed ("FSA", "U.S.").
fn is_acronym(name: &str) -> bool {
    let letters: String = name.chars().filter(|&c| c != '.').collect();
    text::is_acronym(&letters, 8)
}

/// A surname key: "al-Assad" and "Assad" are one.
fn surname(word: &str) -> String {
    text::surname_key(&word.to_lowercase()).to_string()
}

struct Form {
    name: String,
    key: String,
    /// Votes per kind: person, organization, location, other.
    votes: [usize; 4],
    count: usize,
    /// Body mentions, bytes.
    offsets: Vec<(usize, usize)>,
    /// (0 for the title, 1 for the body, byte start) of the first mention.
    first: (u8, usize),
    acronym: Option<String>,
}

fn kind_index(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        EntityKind::Location => 2,
        EntityKind::Other => 3,
    }
}

/// Nouns that, right after a name, say it names an organisation or a place.
const ORGANIZATION_HEADS: &[&str] = &[
    "group",
    "groups",
    "faction",
    "brigade",
    "brigades",
    "movement",
    "militia",
    "organisation",
    "organization",
    "coalition",
    "alliance",
    "battalion",
];
const LOCATION_HEADS: &[&str] = &[
    "city",
    "province",
    "region",
    "governorate",
    "district",
    "airport",
    "countryside",
    "village",
    "town",
];
/// Words between a name and its head noun (`Jaish al-Islam rebel group`).
const HEAD_MODIFIERS: &[&str] = &[
    "rebel",
    "militant",
    "armed",
    "jihadist",
    "islamist",
    "opposition",
];

/// What the words around a body mention say it is: a head noun after it (a
/// parenthesis and a modifier may come between) or `city of` before it.
fn context_kind(body: &str, start: usize, end: usize) -> Option<EntityKind> {
    if compass_aside(body.get(end..)?) {
        return Some(EntityKind::Location);
    }
    let mut after = body.get(end..)?.trim_start();
    if let Some(rest) = after.strip_prefix('(')
        && let Some(close) = rest.find(')').filter(|&k| k <= 40)
    {
        after = rest[close + 1..].trim_start();
    }
    let mut words = after
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .take(2)
        .map(str::to_lowercase);
    let mut head = words.next()?;
    if HEAD_MODIFIERS.contains(&head.as_str()) {
        head = words.next()?;
    }
    if ORGANIZATION_HEADS.contains(&head.as_str()) {
        return Some(EntityKind::Organization);
    }
    if LOCATION_HEADS.contains(&head.as_str()) {
        return Some(EntityKind::Location);
    }
    let mut from = start.saturating_sub(24);
    while !body.is_char_boundary(from) {
        from -= 1;
    }
    let before = body.get(from..start)?.trim_end().to_lowercase();
    [
        "city of",
        "town of",
        "province of",
        "village of",
        "region of",
    ]
    .iter()
    .any(|cue| before.ends_with(cue))
    .then_some(EntityKind::Location)
}

/// Whether a name is followed by a compass aside, as only places are:
/// "Raqa, to the north, is ...", "Homs, north of Damascus".
fn compass_aside(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(", ") else {
        return false;
    };
    let rest = rest.strip_prefix("to the ").unwrap_or(rest);
    ["north", "south", "east", "west"].iter().any(|c| {
        rest.strip_prefix(c).is_some_and(|tail| {
            tail.starts_with([',', ' '])
                || tail.starts_with("-east")
                || tail.starts_with("-west")
                || tail.starts_with("east")
                || tail.starts_with("west")
        })
    })
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        // The earlier form stays the root.
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// One entry per entity named in the title (`title_mentions`, byte offsets
/// into `title`) and the body (`body_mentions`, byte offsets into `body`), in
/// order of first mention; body offsets in the result are code points.
pub fn entities(
    title: &str,
    body: &str,
    title_mentions: &[Mention],
    body_mentions: &[Mention],
) -> Vec<Entity> {
    let mut forms: Vec<Form> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (part, text, mentions) in [(0u8, title, title_mentions), (1, body, body_mentions)] {
        for m in mentions {
            let Some(surface) = text.get(m.start..m.end) else {
                continue;
            };
            let (name, acronym) = clean(surface, m.kind);
            if name.is_empty() {
                continue;
            }
            let key = key_of(&name);
            let id = *by_key.entry(key.clone()).or_insert_with(|| {
                forms.push(Form {
                    name: name.clone(),
                    key,
                    votes: [0; 4],
                    count: 0,
                    offsets: Vec::new(),
                    first: (part, m.start),
                    acronym: None,
                });
                forms.len() - 1
            });
            let form = &mut forms[id];
            // A capitalised headline form gives way to the body's casing.
            if form.first.0 == 0 && part == 1 && form.name.chars().all(|c| !c.is_lowercase()) {
                form.name = name;
            }
            form.votes[kind_index(m.kind)] += 1;
            if part == 1
                && let Some(kind) = context_kind(body, m.start, m.end)
            {
                // The words around say what it is ("the Fastaqim rebel
                // group", "the city of Deir Ezzor"): that outweighs a guess.
                form.votes[kind_index(kind)] += 2;
            }
            form.count += 1;
            if part == 1 {
                form.offsets.push((m.start, m.end));
            }
            // "Free Syrian Army (FSA)", in the mention or right after it.
            let after = body.get(m.end..).filter(|_| part == 1).unwrap_or("");
            let spelt = acronym.or_else(|| {
                let rest = after.strip_prefix(" (")?;
                let close = rest.find(')').filter(|&k| k <= 8)?;
                let a = &rest[..close];
                (is_acronym(a) && initials(&forms[id].name) == a).then(|| a.to_string())
            });
            if let Some(a) = spelt {
                forms[id].acronym.get_or_insert(a);
            }
        }
    }
    let n = forms.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let majority = |f: &Form| {
        (0..4)
            .max_by_key(|&k| (f.votes[k], std::cmp::Reverse(k)))
            .unwrap_or(3)
    };
    // Well-known short forms and acronyms: one key per entity.
    let mut by_canon: HashMap<String, usize> = HashMap::new();
    for (i, f) in forms.iter().enumerate() {
        let canon = CANONICAL
            .get(&f.key)
            .cloned()
            .unwrap_or_else(|| f.key.clone());
        match by_canon.get(&canon) {
            Some(&j) => union(&mut parent, i, j),
            None => {
                by_canon.insert(canon, i);
            }
        }
    }
    let mut by_initials: HashMap<String, usize> = HashMap::new();
    for (i, f) in forms.iter().enumerate() {
        if majority(f) != 0 && f.name.split_whitespace().count() >= 2 {
            by_initials.entry(initials(&f.name)).or_insert(i);
        }
        if let Some(a) = &f.acronym {
            by_initials.insert(a.clone(), i);
        }
    }
    for (i, f) in forms.iter().enumerate() {
        if is_acronym(&f.name) {
            let letters: String = f.name.chars().filter(|&c| c != '.').collect();
            if let Some(&j) = by_initials.get(&letters) {
                union(&mut parent, i, j);
            }
        }
    }
    // People: a surname or a shorter tail of a full name ("Alloush", "Abu
    // Zeid", "Mr Putin") is that person; the full name first mentioned latest
    // before it when two share it.
    let mut by_tail: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in forms.iter().enumerate() {
        let words: Vec<&str> = f.name.split_whitespace().collect();
        if majority(f) == 0 && words.len() >= 2 {
            for k in 1..words.len().min(3) {
                let tail: Vec<String> = words[words.len() - k..]
                    .iter()
                    .map(|w| surname(w))
                    .collect();
                by_tail.entry(tail.join(" ")).or_default().push(i);
            }
        }
    }
    let mut person_vote = vec![false; n];
    for (i, f) in forms.iter().enumerate() {
        let words: Vec<&str> = f.name.split_whitespace().collect();
        if words.len() > 2 || majority(f) == 2 || is_acronym(&f.name) {
            continue;
        }
        let tail: Vec<String> = words.iter().map(|w| surname(w)).collect();
        let Some(full) = by_tail.get(&tail.join(" ")) else {
            continue;
        };
        let pick = full
            .iter()
            .copied()
            .filter(|&j| j != i && forms[j].name.split_whitespace().count() > words.len())
            .filter(|&j| forms[j].first <= f.first)
            .max_by_key(|&j| forms[j].first)
            .or_else(|| full.iter().copied().find(|&j| j != i));
        if let Some(j) = pick {
            union(&mut parent, i, j);
            person_vote[i] = true;
        }
    }

    // Gather the groups, in order of first mention.
    let char_index = code_points(body, &forms);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| forms[i].first);
    for i in order {
        let root = find(&mut parent, i);
        let g = *group_of.entry(root).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    groups
        .into_iter()
        .map(|members| {
            let mut votes = [0usize; 4];
            for &i in &members {
                if person_vote[i] {
                    votes[0] += forms[i].count;
                } else {
                    for (v, add) in votes.iter_mut().zip(forms[i].votes) {
                        *v += add;
                    }
                }
            }
            let kind = (0..4)
                .max_by_key(|&k| (votes[k], std::cmp::Reverse(k)))
                .unwrap_or(3);
            // The fullest form: most words, then longest, not an acronym.
            let best = members
                .iter()
                .copied()
                .max_by_key(|&i| {
                    let f = &forms[i];
                    (
                        !is_acronym(&f.name),
                        f.name.split_whitespace().count(),
                        f.name.chars().count(),
                        std::cmp::Reverse(f.first),
                    )
                })
                .unwrap_or(members[0]);
            let name = forms[best].name.clone();
            let mut aliases: Vec<String> = Vec::new();
            for &i in &members {
                let f = &forms[i];
                for alias in std::iter::once(&f.name).chain(f.acronym.as_ref()) {
                    if key_of(alias) != key_of(&name)
                        && !aliases.iter().any(|a| key_of(a) == key_of(alias))
                    {
                        aliases.push(alias.clone());
                    }
                }
            }
            let mut offsets: Vec<[u32; 2]> = members
                .iter()
                .flat_map(|&i| forms[i].offsets.iter())
                .filter_map(|&(s, e)| Some([*char_index.get(&s)?, *char_index.get(&e)?]))
                .collect();
            offsets.sort_unstable();
            let kind = [
                EntityKind::Person,
                EntityKind::Organization,
                EntityKind::Location,
                EntityKind::Other,
            ][kind];
            Entity {
                name,
                kind: kind.as_str().to_string(),
                mentions: members.iter().map(|&i| forms[i].count).sum::<usize>() as u32,
                aliases,
                offsets,
            }
        })
        .collect()
}

/// Byte offset -> code-point index, for every body mention boundary, in one
/// walk over the body.
fn code_points(body: &str, forms: &[Form]) -> HashMap<usize, u32> {
    let mut wanted: Vec<usize> = forms
        .iter()
        .flat_map(|f| f.offsets.iter().flat_map(|&(s, e)| [s, e]))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut out = HashMap::with_capacity(wanted.len());
    let mut next = wanted.iter().peekable();
    for (ci, (bi, _)) in body.char_indices().chain([(body.len(), ' ')]).enumerate() {
        while let Some(&&w) = next.peek() {
            if w < bi {
                next.next();
            } else {
                if w == bi {
                    out.insert(w, u32::try_from(ci).unwrap_or(u32::MAX));
                    next.next();
                }
                break;
            }
        }
        if next.peek().is_none() {
            break;
        }
    }
    out
}

/// Rewrites each quote's speaker to the full name of the entity it names
/// (`Alloush` -> `Mohammad Alloush`); descriptions ("an analyst") name none
/// and are left alone.
pub fn link_speakers(quotes: &mut [Quote], entities: &[Entity]) {
    let mut names: HashMap<String, &str> = HashMap::new();
    for e in entities {
        names.entry(key_of(&e.name)).or_insert(&e.name);
        for a in &e.aliases {
            names.entry(key_of(a)).or_insert(&e.name);
        }
    }
    for q in quotes {
        let Some(speaker) = &q.speaker else { continue };
        if !speaker.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let (clean_name, _) = clean(speaker, EntityKind::Person);
        if let Some(full) = names.get(&key_of(&clean_name)) {
            q.speaker = Some((*full).to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compass_aside_makes_a_place() {
        assert!(compass_aside(", to the north, is the capital"));
        assert!(compass_aside(", north-east of Damascus"));
        assert!(compass_aside(", southwest of the city"));
        assert!(!compass_aside(", northern Syria's governor, said"));
        assert!(!compass_aside(" to the north"));
        assert!(!compass_aside(", Westminster said"));
    }

    fn at(text: &str, needle: &str, nth: usize, kind: EntityKind) -> Mention {
        let start = text.match_indices(needle).nth(nth).map(|(i, _)| i).unwrap();
        Mention {
            start,
            end: start + needle.len(),
            kind,
        }
    }

    const BODY: &str = "Mohammad Alloush of Jaish al-Islam spoke. Alloush said the Free Syrian Army (FSA) would go. The FSA agreed. Russian President Vladimir Putin met Mr Putin’s aides at the United Nations; the UN and the US, or United States, said so. Putin's U.S. visit.";

    fn merged() -> Vec<Entity> {
        use EntityKind::*;
        let b = BODY;
        let body = vec![
            at(b, "Mohammad Alloush", 0, Person),
            at(b, "Jaish al-Islam", 0, Organization),
            at(b, "Alloush", 1, Person),
            at(b, "Free Syrian Army (FSA)", 0, Organization),
            at(b, "FSA", 1, Organization),
            at(b, "Vladimir Putin", 0, Person),
            at(b, "Mr Putin’s", 0, Person),
            at(b, "United Nations", 0, Organization),
            at(b, "UN", 0, Organization),
            at(b, "US", 0, Location),
            at(b, "United States", 0, Location),
            at(b, "Putin's", 0, Other),
            at(b, "U.S.", 0, Location),
        ];
        let title = "Alloush heads to Astana";
        entities(title, b, &[at(title, "Alloush", 0, Person)], &body)
    }

    fn get<'a>(es: &'a [Entity], name: &str) -> &'a Entity {
        es.iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name} in {es:#?}"))
    }

    #[test]
    fn aliases_merge_into_one_entry_each() {
        let es = merged();
        assert_eq!(es.len(), 6, "{es:#?}");
        let alloush = get(&es, "Mohammad Alloush");
        assert_eq!(alloush.aliases, ["Alloush"]);
        assert_eq!(alloush.mentions, 3);
        assert_eq!(alloush.kind, "person");
        let fsa = get(&es, "Free Syrian Army");
        assert_eq!(fsa.aliases, ["FSA"]);
        assert_eq!(fsa.mentions, 2);
        let putin = get(&es, "Vladimir Putin");
        assert_eq!(putin.aliases, ["Putin"]);
        assert_eq!(putin.kind, "person");
        assert_eq!(putin.mentions, 3);
        assert_eq!(get(&es, "United Nations").aliases, ["UN"]);
        let us = get(&es, "United States");
        // "U.S." and "US" are one form (full stops ignored): one alias.
        assert_eq!(us.aliases, ["US"]);
        assert_eq!(us.mentions, 3);
        assert_eq!(us.kind, "location");
    }

    #[test]
    fn ordered_by_first_mention_with_code_point_offsets() {
        let es = merged();
        assert_eq!(
            es[0].name, "Mohammad Alloush",
            "the title mention comes first"
        );
        assert_eq!(es[1].name, "Jaish al-Islam");
        let chars: Vec<char> = BODY.chars().collect();
        for e in &es {
            for &[s, e2] in &e.offsets {
                let text: String = chars[s as usize..e2 as usize].iter().collect();
                assert!(
                    text.contains(e.name.split_whitespace().last().unwrap())
                        || e.aliases
                            .iter()
                            .any(|a| text.replace('.', "").contains(a.as_str())),
                    "{text:?} for {}",
                    e.name
                );
            }
        }
        // "’" (after "Mr Putin") is three bytes: offsets after it are still
        // code points.
        let us = get(&es, "United States");
        let last = us.offsets.last().unwrap();
        let text: String = chars[last[0] as usize..last[1] as usize].iter().collect();
        assert_eq!(text, "U.S.");
    }

    #[test]
    fn speakers_link_to_full_names_and_descriptions_stay() {
        let es = merged();
        let quote = |s: &str| Quote {
            text: "x".into(),
            speaker: Some(s.into()),
            cue: None,
            offset: 0,
        };
        let mut qs = vec![
            quote("Alloush"),
            quote("an analyst"),
            quote("Mr Putin"),
            quote("FSA"),
        ];
        link_speakers(&mut qs, &es);
        let got: Vec<_> = qs.iter().map(|q| q.speaker.clone().unwrap()).collect();
        assert_eq!(
            got,
            [
                "Mohammad Alloush",
                "an analyst",
                "Vladimir Putin",
                "Free Syrian Army"
            ]
        );
    }

    #[test]
    fn bad_offsets_are_skipped() {
        let body = "Zoë Ann";
        let m = Mention {
            start: 2,
            end: 3,
            kind: EntityKind::Person,
        };
        assert!(entities("", body, &[], &[m]).is_empty());
    }
}

//! The people an article names, for attributing its quotes: the full names it
//! uses, where each person is mentioned (full name, surname, "Mr X"), their
//! sex when a title or the given name tells it, and whom a pronoun or a role
//! description ("he said", "the 23-year-old wrote") most likely stands for;
//! also the organisations it names, for "the company said", and its aliases
//! ("JK, also known as Jason King", "… Authority (QCA)").
//!
//! A capitalised run is a person when the article treats it as one: a known
//! given name opens it (`data/names/first_names.tsv`, from the 1990 US Census
//! by `scripts/first-names.py`, and the hand-written
//! `data/names/extra_given_names.tsv` for names beyond it), an honorific
//! precedes its surname somewhere ("Mr Schroeder"), a job introduces it
//! ("Striker Thierry Henry"), or it is the subject or object of a speech verb
//! ("said Woodward"); never when its last word names an organisation, place or
//! event ("UK Independence Party", "Sage Centre", "Davis Cup").
//!
//! The focus at a point of the text is the person the latest sentences are
//! about: going back sentence by sentence, the first person a sentence
//! mentions (its subject, in news prose; not one in an opening adverbial, nor
//! one whom someone "told") who fits the pronoun's sex. Sentences that mention
//! nobody ("He won his heat …"), and for "he" those whose subject is "he",
//! keep the focus where it was.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::{
    CONNECTIVES, HONORIFICS, Span, Text, bare, inside, is_adverbial_opener, is_cap, is_demonym,
    is_job, is_organisation, lower_in, name_runs, pronoun, sentence_start, speech_cue,
    strip_titles,
};
use crate::extract::words::{LowerSet, with_lower};
use crate::parse::gazetteer;
use crate::text::{is_acronym, surname_key};

const FIRST_NAMES: &str = include_str!("../../../data/names/first_names.tsv");
const EXTRA_GIVEN_NAMES: &str = include_str!("../../../data/names/extra_given_names.tsv");

/// How far back (code points) a pronoun or description looks for its person.
const FOCUS_WINDOW: usize = 1200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sex {
    Male,
    Female,
    Unknown,
}

impl Sex {
    fn fits(self, other: Sex) -> bool {
        self == Sex::Unknown || other == Sex::Unknown || self == other
    }
}

/// The sex a given name is mostly given to, if it is a known given name.
pub(super) fn given_name(word: &str) -> Option<Sex> {
    static GIVEN: LazyLock<HashMap<&'static str, Sex>> = LazyLock::new(|| {
        // The census list last, so that its entries win.
        EXTRA_GIVEN_NAMES
            .lines()
            .chain(FIRST_NAMES.lines())
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(name, sex)| {
                let sex = match sex.trim() {
                    "m" => Sex::Male,
                    "f" => Sex::Female,
                    _ => Sex::Unknown,
                };
                (name, sex)
            })
            .collect()
    });
    if word.len() < 2 || word.chars().skip(1).all(char::is_uppercase) {
        return None;
    }
    with_lower(word, |lower| GIVEN.get(lower).copied())
}

fn honorific_sex(word: &str) -> Sex {
    match word {
        "Mr" | "Sir" | "Lord" => Sex::Male,
        "Mrs" | "Ms" | "Miss" | "Dame" | "Lady" => Sex::Female,
        _ => Sex::Unknown,
    }
}

/// One mention of a person outside quotes.
#[derive(Debug)]
struct Mention {
    pos: usize,
    /// Start of the sentence holding the mention.
    sentence: usize,
    /// The person's name at its fullest in the article.
    name: String,
    /// Inside an opening adverbial ("Before her meeting with Martinez,
    /// Davenport …"): not the sentence's subject.
    fronted: bool,
    /// The sentence's subject is this pronoun ("He met Ann Lee …").
    subject_pronoun: Option<Sex>,
    /// At most three words precede it in its sentence: likely its subject
    /// ("US coach Patrick McEnroe wants …", not "They enlisted guitarist and
    /// keyboard player Christopher Karloff").
    opens: bool,
}

/// Last words of places and events, never of a person ("Sage Centre",
/// "Davis Cup"), beside the organisation words of `is_organisation`.
fn place_word(word: &str) -> bool {
    matches!(
        word,
        "Centre"
            | "Center"
            | "Hall"
            | "Park"
            | "Street"
            | "Road"
            | "Square"
            | "Stadium"
            | "Arena"
            | "Bridge"
            | "House"
            | "Palace"
            | "Airport"
            | "Station"
            | "University"
            | "College"
            | "School"
            | "Hospital"
            | "Church"
            | "Club"
            | "Cup"
            | "Prize"
            | "Awards"
            | "Festival"
            | "Theatre"
            | "Museum"
            | "Gallery"
            | "Hotel"
            | "Island"
            | "Islands"
            | "River"
            | "Lake"
            | "Valley"
            | "Avenue"
            | "Championship"
            | "Championships"
            | "Open"
            | "Games"
            | "Times"
            | "Post"
            | "News"
            | "Records"
            | "Music"
            | "Radio"
            | "TV"
            | "Television"
            | "Magazine"
            | "Weekly"
            | "Memorial"
            | "Trophy"
            | "Classic"
            | "Marathon"
            | "Prix"
            | "Series"
            | "Tour"
    )
}

/// Capitalised words that open sentences and never start a name ("When I").
const NOT_NAMES: &[&str] = &[
    "I", "When", "If", "As", "At", "In", "On", "It", "This", "That", "There", "What", "Why", "How",
    "Where", "We", "They", "He", "She", "His", "Her", "Their", "Its", "Our", "My", "Your",
];

/// The article's names and people, built once per body.
pub(super) struct People<'a> {
    /// Full names (two words or more) the article uses outside quotes,
    /// people's or not, in order of first use.
    pub names: Vec<Vec<&'a str>>,
    /// Where each full name occurs.
    pub mentions: Vec<(usize, Vec<&'a str>)>,
    /// Indexes into `names` by their last word (`surname_key`).
    by_surname: HashMap<&'a str, Vec<usize>>,
    /// Mentions of people, full or short, in text order.
    persons: Vec<Mention>,
    /// People named only through a description or pronoun as a cue's
    /// subject ("the chancellor said"), in text order.
    spoken: Vec<Mention>,
    /// Each person's sex, by full name.
    sex: HashMap<String, Sex>,
    /// Mentions of organisations, in text order.
    organisations: Vec<Mention>,
    /// Other names of a person, to the fullest one ("JK, also known as
    /// Jason King": JK -> Jason King).
    aliases: HashMap<String, Vec<&'a str>>,
}

/// A name run before it is known whether it names a person.
struct Run<'a> {
    pos: usize,
    sentence: usize,
    /// The name at its fullest: the run itself, or the full name a surname
    /// resolves to.
    full: Vec<&'a str>,
    honorific: Option<&'a str>,
    /// Next to a speech verb: "said Woodward", "Woodward added".
    speaks: bool,
    /// The object of "told": a listener, never the focus.
    listener: bool,
    fronted: bool,
    /// Introduced with a title or a job ("Striker Thierry Henry", "coach
    /// Eddie Jones"): a person.
    titled: bool,
    subject_pronoun: Option<Sex>,
    opens: bool,
}

impl<'a> People<'a> {
    pub(super) fn new(t: &Text<'a>, spans: &[Span], paras: &[(usize, usize)]) -> Self {
        let mut people = People {
            names: Vec::new(),
            by_surname: HashMap::new(),
            mentions: Vec::new(),
            persons: Vec::new(),
            spoken: Vec::new(),
            sex: HashMap::new(),
            organisations: Vec::new(),
            aliases: HashMap::new(),
        };
        let mut runs: Vec<(usize, Vec<&str>)> = Vec::new();
        for (pos, run) in name_runs(t, 0, t.chars.len()) {
            // "In March Ann Lee joined": the opener is no part of the name.
            let lead = run.iter().take_while(|w| NOT_NAMES.contains(w)).count();
            if !inside(spans, pos) && lead < run.len() {
                let pos = if lead == 0 {
                    pos
                } else {
                    t.words(pos, pos + 200).get(lead).map_or(pos, |(p, _)| *p)
                };
                runs.push((pos, run[lead..].to_vec()));
            }
        }
        // "American Davenport" where the article also says "Lindsay
        // Davenport": a nationality before a surname, not a name of its own.
        // Each run without its titles, computed once.
        let mut stripped: Vec<Vec<&str>> = runs.iter().map(|(_, r)| strip_titles(r)).collect();
        let named_surnames: HashSet<&str> = stripped
            .iter()
            .filter(|o| o.len() >= 2 && (!is_demonym(o[0]) || given_name(o[0]).is_some()))
            .filter_map(|o| o.last().copied())
            .collect();
        for ((_, run), s) in runs.iter_mut().zip(stripped.iter_mut()) {
            if s.len() == 2
                && is_demonym(s[0])
                && given_name(s[0]).is_none()
                && named_surnames.contains(s[1])
            {
                *run = vec![s[1]];
                *s = vec![s[1]];
            }
        }
        let mut known: HashSet<Vec<&str>> = HashSet::new();
        for ((pos, _), s) in runs.iter().zip(&stripped) {
            if s.len() >= 2 {
                if known.insert(s.clone()) {
                    if let Some(last) = s.last() {
                        people
                            .by_surname
                            .entry(surname_key(last))
                            .or_default()
                            .push(people.names.len());
                    }
                    people.names.push(s.clone());
                }
                people.mentions.push((*pos, s.clone()));
            }
        }
        let words = t.words(0, t.chars.len());
        // "JK, also known as Jason King", "Moya, nicknamed Charly": the
        // shorter name stands for the longer.
        for (i, pair) in runs.windows(2).enumerate() {
            let ((p1, r1), (p2, _)) = (&pair[0], &pair[1]);
            let k = words.partition_point(|(p, _)| p < p1) + r1.len() - 1;
            let Some(&(last, w)) = words.get(k) else {
                continue;
            };
            let between = t.slice(last + w.chars().count(), *p2);
            if between.len() > 20 {
                continue;
            }
            let between = between.to_lowercase();
            let between = between.trim_start_matches(|c: char| !c.is_alphanumeric());
            let alias = [
                "also known as",
                "known as",
                "nicknamed",
                "dubbed",
                "real name",
            ]
            .iter()
            .any(|a| between.trim_end() == *a);
            let (s1, s2) = (stripped[i].clone(), stripped[i + 1].clone());
            if alias && s1.len() != s2.len() {
                let (short, full) = if s1.len() < s2.len() {
                    (s1, s2)
                } else {
                    (s2, s1)
                };
                people.aliases.insert(short.join(" "), full);
            }
        }
        // "the State Administration of Radio, Film and Television (SARFT)".
        for (k, (_, w)) in words.iter().enumerate() {
            if let Some((acronym, long)) = spelt_out(&words[..k], w) {
                people.aliases.insert(acronym.to_string(), long);
            }
        }
        let mut resolved: Vec<Run> = Vec::new();
        for ((pos, run), stripped) in runs.iter().map(|(p, r)| (*p, r)).zip(&stripped) {
            let honorific = run
                .iter()
                .rev()
                .skip(1)
                .find(|w| HONORIFICS.contains(w))
                .copied();
            let stripped = stripped.clone();
            let Some(&first) = stripped.first() else {
                continue;
            };
            let knight = matches!(honorific, Some("Sir" | "Dame"));
            let full = if stripped.len() >= 2 {
                stripped
            } else if let Some(full) = knight.then(|| people.by_first_name_words(first)).flatten() {
                full
            } else if let Some(full) = people.resolve_words(&stripped, pos) {
                full
            } else if let Some(full) = people.aliases.get(first) {
                full.clone()
            } else if honorific.is_some() {
                stripped
            } else {
                continue;
            };
            let k = words.partition_point(|(p, _)| *p < pos);
            let before = k.checked_sub(1).map(|j| bare(words[j].1));
            let after = words.get(k + run.len()).map(|(_, w)| bare(w));
            let cue_before = before.and_then(speech_cue);
            let listener = cue_before.is_some_and(|c| matches!(c, "told" | "tells" | "telling"));
            let speaks = cue_before.is_some() && !listener || after.and_then(speech_cue).is_some();
            let sentence = sentence_of(t, spans, paras, pos);
            let opener = words[words.partition_point(|(p, _)| *p < sentence)..]
                .first()
                .is_some_and(|(_, w)| is_adverbial_opener(bare(w)));
            let fronted = opener && !t.chars[sentence..pos].contains(&',');
            let titled = run.len() > full.len() && run.iter().any(|w| is_job(bare(w)))
                || before.is_some_and(|w| !is_cap(w) && is_job(w));
            // "He said Tony Blair's plan …": the sentence is about whoever
            // "he" is, not about the people it names.
            let subject_pronoun = words[words.partition_point(|(p, _)| *p < sentence)..]
                .iter()
                .map(|(_, w)| bare(w))
                .find(|w| !lower_in(w, CONNECTIVES))
                .and_then(pronoun);
            let opens = k - words.partition_point(|(p, _)| *p < sentence) <= 3;
            resolved.push(Run {
                pos,
                sentence,
                full,
                honorific,
                speaks,
                listener,
                fronted,
                titled,
                subject_pronoun,
                opens,
            });
        }
        // What the article says of each full name, over all its mentions.
        let mut evidence: HashMap<String, (bool, Sex)> = HashMap::new();
        for r in &resolved {
            let name = r.full.join(" ");
            let entry = evidence.entry(name).or_insert((false, Sex::Unknown));
            let given = if r.full.len() >= 2 {
                given_name(r.full[0])
            } else {
                None
            };
            entry.0 |= r.honorific.is_some() || r.speaks || r.titled || given.is_some();
            let sex = r.honorific.map_or(Sex::Unknown, honorific_sex);
            if sex != Sex::Unknown {
                entry.1 = sex;
            } else if entry.1 == Sex::Unknown {
                entry.1 = given.unwrap_or(Sex::Unknown);
            }
        }
        for r in resolved {
            let name = r.full.join(" ");
            let Some(&(person, sex)) = evidence.get(&name) else {
                continue;
            };
            if !person || is_organisation(&r.full) || r.full.last().is_some_and(|w| place_word(w)) {
                continue;
            }
            people.sex.insert(name.clone(), sex);
            if !r.listener {
                people.persons.push(Mention {
                    pos: r.pos,
                    sentence: r.sentence,
                    name,
                    fronted: r.fronted,
                    subject_pronoun: r.subject_pronoun,
                    opens: r.opens,
                });
            }
        }
        people.organisations(t, spans, paras, &runs, &stripped, &words);
        people
    }

    /// Finds the organisations the text names outside quotes, for "the
    /// company said": a run ending in an organisation word ("Trade Union"),
    /// an acronym ("ABC"), a name after a business or press noun ("car maker
    /// Renault", "Spanish daily Marca"), or a non-person next to a speech verb
    /// ("Gartner said"); never a person or a country or city.
    fn organisations(
        &mut self,
        t: &Text<'a>,
        spans: &[Span],
        paras: &[(usize, usize)],
        runs: &[(usize, Vec<&'a str>)],
        stripped: &[Vec<&'a str>],
        words: &[(usize, &'a str)],
    ) {
        for ((pos, run), stripped) in runs.iter().zip(stripped) {
            let Some(&first) = stripped.first() else {
                continue;
            };
            let k = words.partition_point(|(p, _)| p < pos);
            let before = |n: usize| k.checked_sub(n).map(|j| bare(words[j].1));
            let after = words.get(k + run.len()).map(|(_, w)| bare(w));
            let acronym = stripped.len() == 1 && is_acronym(first, 6);
            let introduced = [1, 2]
                .into_iter()
                .filter_map(before)
                .any(is_organisation_noun);
            let speaks =
                before(1).and_then(speech_cue).is_some() || after.and_then(speech_cue).is_some();
            if !(is_organisation(stripped) || acronym || introduced || speaks) {
                continue;
            }
            let name = stripped.join(" ");
            if self.is_person(&name)
                || given_name(first).is_some()
                || self
                    .resolve(stripped, *pos)
                    .is_some_and(|full| self.is_person(&full))
                || gazetteer::country_code(&name).is_some()
                || gazetteer::major_city(&name)
            {
                continue;
            }
            self.organisations.push(Mention {
                pos: *pos,
                sentence: sentence_of(t, spans, paras, *pos),
                name,
                fronted: false,
                subject_pronoun: None,
                opens: false,
            });
        }
    }

    /// The one longer name ending with `short` ("Alloush" -> "Mohammad
    /// Alloush"); of several ("Blair": Ian Blair, Tony Blair), the one the
    /// text mentioned last before `pos`.
    pub(super) fn resolve(&self, short: &[&str], pos: usize) -> Option<String> {
        self.resolve_words(short, pos).map(|n| n.join(" "))
    }

    fn resolve_words(&self, short: &[&str], pos: usize) -> Option<Vec<&'a str>> {
        let ends_with = |n: &[&str]| {
            n.len() > short.len()
                && n[n.len() - short.len()..]
                    .iter()
                    .zip(short)
                    .all(|(a, b)| surname_key(a) == surname_key(b))
        };
        let candidates = self.by_surname.get(surname_key(short.last()?))?;
        // (Bounded: a surname shared by hundreds of names resolves nowhere
        // useful, and no input may make this quadratic.)
        let mut matches = candidates
            .iter()
            .take(256)
            .map(|&i| &self.names[i])
            .filter(|n| ends_with(n));
        let one = matches.next()?;
        if matches.next().is_none() {
            return Some(one.clone());
        }
        // Of several, the latest mentioned before `pos` (looking a bounded
        // way back, so that no input makes this quadratic).
        let before = self.mentions.partition_point(|(p, _)| *p < pos);
        self.mentions[..before]
            .iter()
            .rev()
            .take(500)
            .find(|(_, n)| ends_with(n))
            .map(|(_, n)| n.clone())
    }

    /// The one full name the article uses with `first` as its first word
    /// ("Sir Ian" -> "Ian Blair").
    pub(super) fn by_first_name(&self, first: &str) -> Option<String> {
        self.by_first_name_words(first).map(|n| n.join(" "))
    }

    fn by_first_name_words(&self, first: &str) -> Option<Vec<&'a str>> {
        // (Bounded, so that no input makes this quadratic.)
        let mut found = self
            .names
            .iter()
            .take(2_000)
            .filter(|n| n.first() == Some(&first));
        let one = found.next()?;
        found.next().is_none().then(|| one.clone())
    }

    /// Records that the speaker of a cue at `pos`, in the sentence starting at
    /// `sentence`, is the person `name` ("the chancellor said" resolved).
    pub(super) fn mention(&mut self, pos: usize, sentence: usize, name: &str) {
        if !self.is_person(name) {
            return;
        }
        // Cues come in text order: appending keeps `spoken` sorted.
        debug_assert!(self.spoken.last().is_none_or(|m| m.pos <= pos));
        self.spoken.push(Mention {
            pos,
            sentence,
            name: name.to_string(),
            fronted: false,
            subject_pronoun: None,
            opens: false,
        });
    }

    /// The organisation the text before `pos` is about ("the company said"):
    /// the first one named in the latest sentence that names one.
    pub(super) fn organisation_focus(&self, pos: usize) -> Option<String> {
        latest(&[&self.organisations], pos, |_| true).map(|m| m.name.clone())
    }

    /// The person the text before `pos` is about, of sex `sex` (see the
    /// module documentation).
    pub(super) fn focus(&self, pos: usize, sex: Sex) -> Option<String> {
        // "He met Ann Lee. “…,” he said": not Ann Lee, whoever "he" is (see
        // `focus_at`).
        self.focus_at(pos, sex).map(|(_, name)| name)
    }

    /// `focus`, with the position of the mention it comes from.
    pub(super) fn focus_at(&self, pos: usize, sex: Sex) -> Option<(usize, String)> {
        latest(&[&self.persons, &self.spoken], pos, |m| {
            // "He met Ann Lee. “…,” he said": not Ann Lee, whoever "he" is.
            let same_pronoun = sex != Sex::Unknown && m.subject_pronoun == Some(sex);
            self.sex_of(&m.name).fits(sex) && !same_pronoun
        })
        .map(|m| (m.pos, m.name.clone()))
    }

    /// The fullest name of someone the article also calls `name`.
    pub(super) fn canonical(&self, name: String) -> String {
        let key = name.strip_prefix("the ").unwrap_or(&name);
        match self.aliases.get(key) {
            Some(full) => full.join(" "),
            None => name,
        }
    }

    /// The person who is the subject of the sentence starting at `sentence`:
    /// the first person it names outside an opening adverbial, when its
    /// subject is no pronoun.
    pub(super) fn subject_of(&self, sentence: usize) -> Option<String> {
        let from = self.persons.partition_point(|m| m.sentence < sentence);
        let mut these = self.persons[from..]
            .iter()
            .take_while(|m| m.sentence == sentence);
        these
            .find(|m| !m.fronted)
            .filter(|m| m.subject_pronoun.is_none() && m.opens)
            .map(|m| m.name.clone())
    }

    /// The long form of an acronym the article spells out.
    pub(super) fn spelt_out(&self, acronym: &str) -> Option<String> {
        self.aliases.get(acronym).map(|long| long.join(" "))
    }

    /// Whether `name` (as `focus` and `resolve` return it) is a person's.
    pub(super) fn is_person(&self, name: &str) -> bool {
        self.sex.contains_key(name)
    }

    fn sex_of(&self, name: &str) -> Sex {
        self.sex.get(name).copied().unwrap_or(Sex::Unknown)
    }
}

/// An acronym in parentheses and the words before it that it abbreviates
/// ("Council of European National Top Level Domain Registries (CENTR)"), in
/// the manner of Schwartz and Hearst (2003): going backwards, each letter of
/// the acronym is the initial of a word, words between may be skipped, the
/// first letter opens the long form, which has at most `len + 5` words.
fn spelt_out<'a>(before: &[(usize, &'a str)], word: &'a str) -> Option<(&'a str, Vec<&'a str>)> {
    let acronym = word
        .strip_prefix('(')?
        .trim_end_matches([',', '.', ';', ':'])
        .strip_suffix(')')?;
    if !is_acronym(acronym, 8) {
        return None;
    }
    let letters: Vec<char> = acronym.chars().collect();
    let limit = letters.len() + 5;
    let mut next = letters.len();
    let mut start = None;
    for (j, (_, w)) in before.iter().enumerate().rev().take(limit) {
        let initial = w.chars().find(|c| c.is_alphanumeric())?;
        if initial.to_ascii_uppercase() == letters[next - 1] && initial.is_uppercase() {
            next -= 1;
            if next == 0 {
                start = Some(j);
                break;
            }
        }
        if w.ends_with(['.', ';', ':', ')']) && j + 1 < before.len() {
            return None;
        }
    }
    let long: Vec<&str> = before[start?..]
        .iter()
        .map(|(_, w)| w.trim_start_matches(['(', '"', '“']))
        .collect();
    Some((acronym, long))
}

/// Start of the sentence holding `pos`, found from its paragraph.
fn sentence_of(t: &Text, spans: &[Span], paras: &[(usize, usize)], pos: usize) -> usize {
    let ps = paras
        .get(paras.partition_point(|&(_, pe)| pe <= pos))
        .map_or(0, |&(ps, _)| ps);
    sentence_start(&t.chars, spans, ps, pos)
}

/// The mention the text before `pos` is about: walking back sentence by
/// sentence within `FOCUS_WINDOW`, the first fitting mention of the latest
/// sentence that has one, preferring one that is not in an opening adverbial.
fn latest<'m>(
    lists: &[&'m [Mention]],
    pos: usize,
    fits: impl Fn(&Mention) -> bool,
) -> Option<&'m Mention> {
    let from = pos.saturating_sub(FOCUS_WINDOW);
    let mut recent: Vec<&Mention> = lists
        .iter()
        .flat_map(|mentions| {
            let end = mentions.partition_point(|m| m.pos < pos);
            let start = mentions.partition_point(|m| m.pos < from);
            &mentions[start..end]
        })
        .collect();
    recent.sort_by_key(|m| m.pos);
    let mut k = recent.len();
    while k > 0 {
        let sentence = recent[k - 1].sentence;
        let first = recent[..k].partition_point(|m| m.sentence < sentence);
        let fitting = || recent[first..k].iter().copied().filter(|m| fits(m));
        if let Some(m) = fitting().find(|m| !m.fronted).or_else(|| fitting().next()) {
            return Some(m);
        }
        k = first;
    }
    None
}

/// A word of `ORGANISATION_NOUNS`, any case.
pub(super) fn is_organisation_noun(word: &str) -> bool {
    static NOUNS: LazyLock<LowerSet> = LazyLock::new(|| LowerSet::new(&[ORGANISATION_NOUNS]));
    NOUNS.contains(word)
}

/// Nouns that introduce an organisation's name ("car maker Renault",
/// "Spanish daily ABC") and stand for it later ("the company said").
pub(super) const ORGANISATION_NOUNS: &[&str] = &[
    "company",
    "firm",
    "group",
    "maker",
    "manufacturer",
    "carmaker",
    "giant",
    "retailer",
    "bank",
    "lender",
    "insurer",
    "reinsurer",
    "airline",
    "carrier",
    "operator",
    "network",
    "channel",
    "newspaper",
    "paper",
    "daily",
    "weekly",
    "magazine",
    "tabloid",
    "website",
    "club",
    "label",
    "studio",
    "publisher",
    "developer",
    "chain",
    "supermarket",
    "brewer",
    "agency",
    "watchdog",
    "regulator",
];

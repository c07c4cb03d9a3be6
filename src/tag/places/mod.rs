//! Places and countries: gazetteer matches in the title and body (see
//! [`crate::gazetteer`]), filtered and disambiguated with the recogniser's mentions
//! and what else the article names, plus the dateline; then the countries it
//! is about ([`focus`]). Called by the tag stage ([`super::Taggers`]).

mod context;
pub mod focus;

use hashbrown::HashMap;

use super::ner::{EntityKind, Mention};
use crate::gazetteer::{Entry, Gazetteer, Kind};
use crate::record::{Country, Dateline, Place};
use context::{
    affiliation, after_initial, after_preposition, hyphen_joined, is_title_cased, lower_word_in,
    next_word, starts_sentence,
};

/// What the place tagger reads of an article.
pub struct Article<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub dateline: Option<&'a Dateline>,
    /// The recogniser's mentions, byte offsets into `title` and `body`
    /// (empty for languages it does not know).
    pub title_mentions: &'a [Mention],
    pub body_mentions: &'a [Mention],
}

/// The record's `places` and `countries`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Found {
    pub places: Vec<Place>,
    pub countries: Vec<Country>,
}

/// The gazetteer matcher, loaded once and shared by every worker.
pub struct Places {
    gazetteer: &'static Gazetteer,
    /// Lower-cased given names: "Jordan Henderson" is a person.
    given_names: hashbrown::HashSet<String>,
}

/// A city this big, or a capital, is taken without the recogniser's word.
const BIG_CITY: u64 = 1_000_000;
/// Below this a city needs its country named elsewhere in the article, or
/// the recogniser calling it a location.
const SMALL_CITY: u64 = 100_000;
/// Zipf x100 from which a name is a common English word ("Reading",
/// "Mobile"): only a location mention makes it a place.
const COMMON_WORD: u16 = 450;
/// Zipf x100 from which a name is also a common name or word ("Jackson",
/// "Florence"): treated as a small city.
const NAME_LIKE: u16 = 350;
/// Weight of the article naming a candidate's country, per log mention,
/// against the log population prior.
const COUNTRY_EVIDENCE: f64 = 1.5;
/// Mentions of a country beyond this add no evidence (a British paper names
/// Britain often; that does not make Boston the Lincolnshire one).
const EVIDENCE_CAP: u32 = 3;
/// Weight of the article naming a place in a candidate's region.
const REGION_EVIDENCE: f64 = 8.0;
/// Weight of the dateline's country, in mentions.
const DATELINE_WEIGHT: u32 = 3;
/// Words after a capital that make it its government ("Washington said").
const GOVERNMENT_VERBS: &[&str] = &[
    "said",
    "says",
    "has",
    "have",
    "had",
    "will",
    "would",
    "wants",
    "wanted",
    "accused",
    "accuses",
    "insists",
    "insisted",
    "warned",
    "warns",
    "denied",
    "denies",
    "announced",
    "responded",
    "rejected",
    "rejects",
    "believes",
    "claims",
    "claimed",
    "demanded",
    "demands",
    "urged",
    "urges",
    "hopes",
    "fears",
    "sees",
    "considers",
    "blamed",
    "blames",
];

/// Words that make a given name and the capitalised word after it a place
/// after all ("Jordan Valley", "Austin Airport").
const PLACE_WORDS: &[&str] = &[
    "River",
    "Valley",
    "Street",
    "Road",
    "Square",
    "Station",
    "Airport",
    "Bay",
    "Lake",
    "Mountains",
    "Hills",
    "City",
    "County",
    "State",
    "Province",
    "Region",
    "Border",
    "Desert",
    "Sea",
    "Coast",
    "Bridge",
    "Park",
    "Harbour",
    "Harbor",
    "Island",
    "Islands",
];
/// Words a place may be followed by without making a longer name.
const CALENDAR: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "The",
    "But",
    "And",
    "In",
    "On",
    "It",
    "He",
    "She",
    "They",
    "We",
];
/// Given names (the 1990 US Census lists the quote attributor also reads).
const FIRST_NAMES: &str = include_str!("../../../data/names/first_names.tsv");

/// Which text a match is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Text {
    Title,
    Body,
}

/// One gazetteer match that survived the filters, with its candidates.
#[derive(Debug)]
struct Occurrence {
    text: Text,
    start: usize,
    end: usize,
    /// Candidates the match may name whatever else the article says.
    free: Vec<u32>,
    /// Candidates it names only if their country is named elsewhere.
    conditional: Vec<u32>,
    /// Candidates it names only with a qualifier ("Paris, Texas").
    qualified: Vec<u32>,
    /// 1 or 2 in the body's first two sentences.
    lead: Option<u8>,
}

impl Places {
    /// Parses the gazetteer compiled into the binary.
    pub fn load() -> Places {
        let given_names = FIRST_NAMES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .map(str::to_string)
            .collect();
        Places {
            gazetteer: Gazetteer::shared(),
            given_names,
        }
    }

    /// The article's places and countries.
    pub fn tag(&self, article: &Article) -> Found {
        let g = &self.gazetteer;
        let lead_end = lead_end(article.body);
        let mut occurrences = Vec::new();
        self.collect(
            Text::Title,
            article.title,
            article.title_mentions,
            article,
            (0, 0),
            &mut occurrences,
        );
        self.collect(
            Text::Body,
            article.body,
            article.body_mentions,
            article,
            lead_end,
            &mut occurrences,
        );

        // What the article names without doubt: the dateline's country and
        // every match whose candidates all lie in one country (and region).
        let mut countries_named: HashMap<[u8; 2], u32> = HashMap::new();
        let mut regions_named: HashMap<&str, u32> = HashMap::new();
        let dateline_country = article
            .dateline
            .and_then(|d| d.country.as_deref())
            .and_then(code_of);
        if let Some(code) = dateline_country {
            *countries_named.entry(code).or_default() += DATELINE_WEIGHT;
        }
        for occ in &occurrences {
            let Some(first) = occ.free.first().map(|&i| &g.entries[i as usize]) else {
                continue;
            };
            if occ
                .free
                .iter()
                .all(|&i| g.entries[i as usize].country == first.country)
            {
                *countries_named.entry(first.country).or_default() += 1;
                if first.kind == Kind::City
                    && occ
                        .free
                        .iter()
                        .all(|&i| g.entries[i as usize].region == first.region)
                {
                    *regions_named.entry(first.region.as_str()).or_default() += 1;
                }
            }
        }

        let mut tally = Tally::default();
        for (n, occ) in occurrences.iter().enumerate() {
            let qualifier = occurrences
                .get(n + 1)
                .filter(|q| q.text == occ.text && qualifies(article, occ, q));
            let Some(chosen) = self.choose(occ, qualifier, &countries_named, &regions_named) else {
                continue;
            };
            let entry = &g.entries[chosen as usize];
            let text = match occ.text {
                Text::Title => article.title,
                Text::Body => article.body,
            };
            let government = entry.kind == Kind::City
                && entry.capital
                && !after_preposition(text, occ.start)
                && text.get(occ.end..).is_some_and(|rest| {
                    next_word(rest).is_some_and(|w| GOVERNMENT_VERBS.contains(&w))
                });
            tally.add(g, chosen, entry, occ, government);
        }
        if let Some(d) = article.dateline {
            self.add_dateline(d, dateline_country, &mut tally);
        }
        tally.finish(g)
    }

    /// The matches in one text that survive the recogniser's mentions and
    /// the common-word rules.
    fn collect(
        &self,
        which: Text,
        text: &str,
        mentions: &[Mention],
        article: &Article,
        lead_end: (usize, usize),
        out: &mut Vec<Occurrence>,
    ) {
        let g = &self.gazetteer;
        let title_cased = which == Text::Title && is_title_cased(text);
        let mut person_until = 0;
        let mut surnames: hashbrown::HashSet<&str> = hashbrown::HashSet::new();
        // One scan of the article per surface, however often it opens a sentence.
        let mut lower_seen: HashMap<&str, bool> = HashMap::new();
        for hit in g.find(text) {
            let surface = &text[hit.start..hit.end];
            if hit.start < person_until || surnames.contains(&surface) {
                continue; // "Jordan Henderson", then "Henderson said"
            }
            let (ner, exact) = covering(mentions, hit.start, hit.end);
            if ner == Some(EntityKind::Person) || after_initial(text, hit.start) {
                continue; // Michael Jordan, Chad Smith, Paris Hilton, "S Jones"
            }
            let said_location = exact && ner == Some(EntityKind::Location);
            if !(title_cased || said_location)
                && let Some(end) = self.surname_after(text, surface, hit.end)
            {
                person_until = end;
                if let Some(surname) = text.get(hit.end + 1..end) {
                    surnames.insert(surname);
                }
                continue;
            }
            // "Turkey" opening a sentence of an article that cooks a turkey.
            let forced = title_cased || starts_sentence(text, hit.start);
            if forced
                && *lower_seen
                    .entry(surface)
                    .or_insert_with(|| lower_word_in(article, surface))
            {
                continue;
            }
            let mut occ = Occurrence {
                text: which,
                start: hit.start,
                end: hit.end,
                free: Vec::new(),
                conditional: Vec::new(),
                qualified: Vec::new(),
                lead: match which {
                    Text::Body if hit.start < lead_end.0 => Some(1),
                    Text::Body if hit.start < lead_end.1 => Some(2),
                    _ => None,
                },
            };
            // "Stamford Bridge", "Sale Sharks": a name that starts with a town.
            let compound = !title_cased && self.capitalised_after(text, hit.end)
                || hyphen_joined(text, hit.start, hit.end)
                || affiliation(text, hit.start, hit.end);
            for &i in &g.candidates[hit.pattern as usize] {
                let e = &g.entries[i as usize];
                let big = e.capital || e.population >= BIG_CITY;
                if compound && matches!(e.kind, Kind::City | Kind::Region) && !big {
                    continue;
                }
                match admit(e, ner, exact) {
                    Admit::Yes => occ.free.push(i),
                    Admit::IfCountryNamed => occ.conditional.push(i),
                    Admit::IfQualified => occ.qualified.push(i),
                    Admit::No => {}
                }
            }
            if !occ.free.is_empty() || !occ.conditional.is_empty() || !occ.qualified.is_empty() {
                out.push(occ);
            }
        }
    }

    /// Where the surname ends when `surface` is a given name followed by a
    /// capitalised word that is not a place ("Jordan Henderson", "Sydney
    /// Hale"; not "Jordan Valley", "Georgia, Armenia").
    fn surname_after(&self, text: &str, surface: &str, end: usize) -> Option<usize> {
        if surface.contains(' ') || !self.given_names.contains(&surface.to_lowercase()) {
            return None;
        }
        let rest = text.get(end..)?.strip_prefix(' ')?;
        let len = rest
            .find(|c: char| !c.is_alphabetic() && c != '-' && c != '\'')
            .unwrap_or(rest.len());
        let word = &rest[..len];
        let first = word.chars().next()?;
        if !first.is_uppercase() || word.chars().count() < 2 || PLACE_WORDS.contains(&word) {
            return None;
        }
        let g = &self.gazetteer;
        let place = g.lookup(word).iter().any(|&i| {
            let k = g.entries[i as usize].kind;
            k.is_country_reference() || k == Kind::Region
        });
        (!place).then_some(end + 1 + len)
    }

    /// Whether a capitalised word that is not a place, a day or a month
    /// follows `end` on the same line.
    fn capitalised_after(&self, text: &str, end: usize) -> bool {
        let Some(rest) = text.get(end..).and_then(|r| r.strip_prefix(' ')) else {
            return false;
        };
        let len = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let word = &rest[..len];
        let Some(first) = word.chars().next() else {
            return false;
        };
        first.is_uppercase()
            && word.chars().count() >= 2
            && !CALENDAR.contains(&word)
            && self.gazetteer.lookup(word).is_empty()
    }

    /// The candidate an occurrence names: the one its qualifier ("Paris,
    /// Texas") points at, else the best of population, capital status and
    /// what else the article names.
    fn choose(
        &self,
        occ: &Occurrence,
        qualifier: Option<&Occurrence>,
        countries_named: &HashMap<[u8; 2], u32>,
        regions_named: &HashMap<&str, u32>,
    ) -> Option<u32> {
        let g = &self.gazetteer;
        let mut pool: Vec<u32> = occ.free.clone();
        pool.extend(
            occ.conditional
                .iter()
                .copied()
                .filter(|&i| countries_named.contains_key(&g.entries[i as usize].country)),
        );
        if let Some(q) = qualifier {
            let narrowed: Vec<u32> = pool
                .iter()
                .chain(&occ.qualified)
                .copied()
                .filter(|&i| {
                    let e = &g.entries[i as usize];
                    q.free.iter().any(|&j| {
                        let qe = &g.entries[j as usize];
                        qe.country == e.country
                            && (qe.kind != Kind::Region || qe.region == e.region)
                    })
                })
                .collect();
            if !narrowed.is_empty() {
                pool = narrowed;
            }
        }
        let score = |i: u32| -> f64 {
            let e = &g.entries[i as usize];
            let named = countries_named
                .get(&e.country)
                .copied()
                .unwrap_or(0)
                .min(EVIDENCE_CAP);
            let mut s = ((e.population + 1) as f64).ln();
            s += COUNTRY_EVIDENCE * f64::from(named).ln_1p();
            if matches!(e.kind, Kind::Region | Kind::City)
                && regions_named.contains_key(e.region.as_str())
            {
                s += REGION_EVIDENCE;
            }
            s += match e.kind {
                Kind::Country | Kind::Demonym | Kind::Seat => 5.0,
                Kind::City => 1.0,
                Kind::Region => -2.0,
            };
            if e.capital {
                s += 3.0;
            }
            s
        };
        pool.into_iter()
            .map(|i| (i, score(i)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }

    /// The dateline's place, counted once, and its country.
    fn add_dateline(&self, d: &Dateline, code: Option<[u8; 2]>, tally: &mut Tally) {
        let g = &self.gazetteer;
        let place = d.place.as_deref().and_then(|p| {
            g.lookup(p)
                .iter()
                .copied()
                .filter(|&i| {
                    let e = &g.entries[i as usize];
                    matches!(e.kind, Kind::City | Kind::Region)
                        && code.is_none_or(|c| c == e.country)
                })
                .max_by_key(|&i| {
                    (
                        g.entries[i as usize].capital,
                        g.entries[i as usize].population,
                    )
                })
        });
        match (place, code) {
            (Some(i), _) => tally.add_dateline_entry(g, i),
            (None, Some(c)) => tally.add_country(g, c, true, None),
            (None, None) => {}
        }
    }
}

/// How far a candidate is admitted.
enum Admit {
    Yes,
    IfCountryNamed,
    IfQualified,
    No,
}

/// Whether a candidate of a match is a place given the recogniser's mention
/// around the match (`exact`: the mention is the match). Countries are taken
/// on their name; a capital or a city of a million on its name unless it is
/// part of a bigger name; smaller places want the recogniser to call them a
/// location, or their country named elsewhere, or both.
fn admit(e: &Entry, ner: Option<EntityKind>, exact: bool) -> Admit {
    let big = e.kind == Kind::City && (e.capital || e.population >= BIG_CITY);
    match ner {
        Some(EntityKind::Person) => return Admit::No,
        // "Manchester United", "the Paris Agreement"; an adjective inside a
        // name still names its country ("the Free Syrian Army").
        Some(EntityKind::Organization | EntityKind::Other) if !exact => {
            return if e.kind == Kind::Demonym {
                Admit::Yes
            } else {
                Admit::No
            };
        }
        // A club or a brand named after a town ("Wigan", "Pontiac").
        Some(EntityKind::Organization | EntityKind::Other) => {
            return if e.kind.is_country_reference() || big {
                Admit::Yes
            } else {
                Admit::No
            };
        }
        _ => {}
    }
    if e.kind.is_country_reference() || big {
        return Admit::Yes;
    }
    let location = ner == Some(EntityKind::Location);
    match (e.kind, location) {
        (Kind::Region, true) => Admit::Yes,
        (Kind::Region, false) if e.zipf < COMMON_WORD => Admit::IfCountryNamed,
        (Kind::City, true) if e.population >= SMALL_CITY => Admit::Yes,
        (Kind::City, true) if e.zipf < COMMON_WORD => Admit::IfCountryNamed,
        (Kind::City, false) if e.population >= SMALL_CITY && e.zipf < NAME_LIKE => {
            Admit::IfCountryNamed
        }
        _ => Admit::IfQualified,
    }
}

/// Whether `q` right after `occ` is its qualifier: "Paris, Texas",
/// "Tbilisi, Georgia".
fn qualifies(article: &Article, occ: &Occurrence, q: &Occurrence) -> bool {
    let text = match occ.text {
        Text::Title => article.title,
        Text::Body => article.body,
    };
    text.get(occ.end..q.start)
        .is_some_and(|between| between.trim() == ",")
}

/// The mention overlapping `[start, end)`, if any, and whether it is the
/// match itself (or lies inside it: "the Kremlin" around "Kremlin"). A
/// person overlapping the match at all wins.
fn covering(mentions: &[Mention], start: usize, end: usize) -> (Option<EntityKind>, bool) {
    let first = mentions.partition_point(|m| m.end <= start);
    let mut found: (Option<EntityKind>, bool) = (None, false);
    for m in mentions[first..].iter().take_while(|m| m.start < end) {
        if m.kind == EntityKind::Person {
            return (Some(EntityKind::Person), false);
        }
        if m.start <= start && end <= m.end {
            found = (Some(m.kind), m.start == start && m.end == end);
        } else if start <= m.start && m.end <= end {
            found = (Some(m.kind), true);
        }
    }
    found
}

/// Byte offsets where the body's first and second sentences end (the lead).
fn lead_end(body: &str) -> (usize, usize) {
    // The tokenizer over a bounded prefix: the lead is near the top.
    let mut cut = body.len().min(2_000);
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    let sentences = super::ner::tokenize::sentences(&body[..cut]);
    let end = |n: usize| sentences.get(n).and_then(|s| s.last()).map(|t| t.end);
    let first = end(0).unwrap_or(0);
    (first, end(1).unwrap_or(first))
}

fn code_of(code: &str) -> Option<[u8; 2]> {
    let b = code.as_bytes();
    (b.len() == 2).then(|| [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()])
}

/// Places and country counts as the matches resolve.
#[derive(Default)]
struct Tally {
    /// Place entry -> (mentions, first seen).
    places: HashMap<u32, (u32, usize)>,
    countries: HashMap<[u8; 2], focus::Signals>,
    /// First seen order per country.
    order: HashMap<[u8; 2], usize>,
    seen: usize,
}

impl Tally {
    fn add(&mut self, g: &Gazetteer, id: u32, e: &Entry, occ: &Occurrence, government: bool) {
        self.seen += 1;
        let place = match e.kind {
            Kind::Country => g.lookup_country_id(e.country).or(Some(id)),
            Kind::Region | Kind::City if !government => Some(id),
            _ => None,
        };
        if let Some(p) = place {
            let seen = self.seen;
            self.places.entry(p).or_insert((0, seen)).0 += 1;
        }
        let in_title = occ.text == Text::Title;
        let by_name = e.kind.is_country_reference() || government;
        let seen = self.seen;
        self.order.entry(e.country).or_insert(seen);
        let s = self.countries.entry(e.country).or_default();
        s.mentions += 1;
        if in_title {
            if by_name {
                s.title = true;
            } else {
                s.title_place = true;
            }
        }
        if let Some(n) = occ.lead {
            s.lead_sentence = Some(s.lead_sentence.map_or(n, |m| m.min(n)));
        }
    }

    fn add_dateline_entry(&mut self, g: &Gazetteer, id: u32) {
        let e = &g.entries[id as usize];
        self.seen += 1;
        let seen = self.seen;
        self.places.entry(id).or_insert((0, seen)).0 += 1;
        self.add_country(g, e.country, true, Some(seen));
    }

    fn add_country(&mut self, _g: &Gazetteer, code: [u8; 2], dateline: bool, seen: Option<usize>) {
        let order = seen.unwrap_or(self.seen + 1);
        let s = self.countries.entry(code).or_default();
        s.mentions += 1;
        s.dateline |= dateline;
        self.order.entry(code).or_insert(order);
    }

    fn finish(self, g: &Gazetteer) -> Found {
        let mut places: Vec<(u32, u32, usize)> = self
            .places
            .iter()
            .map(|(&id, &(n, at))| (id, n, at))
            .collect();
        places.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        let places = places
            .into_iter()
            .map(|(id, mentions, _)| {
                let e = &g.entries[id as usize];
                Place {
                    name: e.name.clone(),
                    kind: match e.kind {
                        Kind::Country => "country",
                        Kind::Region => "region",
                        Kind::City => "city",
                        Kind::Demonym | Kind::Seat => "other",
                    }
                    .to_string(),
                    country: Some(e.country_code().to_string()),
                    lat: Some(e.lat),
                    lon: Some(e.lon),
                    mentions,
                }
            })
            .collect();
        let mut codes: Vec<([u8; 2], focus::Signals)> = self.countries.into_iter().collect();
        codes.sort_by(|a, b| {
            b.1.mentions
                .cmp(&a.1.mentions)
                .then(self.order.get(&a.0).cmp(&self.order.get(&b.0)))
        });
        let signals: Vec<focus::Signals> = codes.iter().map(|(_, s)| s.clone()).collect();
        let flags = focus::focus(&signals);
        let countries = codes
            .iter()
            .zip(flags)
            .map(|((code, s), focus)| {
                let code_str = std::str::from_utf8(code).unwrap_or("").to_string();
                Country {
                    name: g
                        .country(*code)
                        .map_or_else(|| code_str.clone(), |e| e.name.clone()),
                    code: code_str,
                    mentions: s.mentions,
                    focus,
                }
            })
            .collect();
        Found { places, countries }
    }
}

//! The place gazetteer: `data/gazetteer/places.tsv` (built by
//! `scripts/gazetteer.py` from GeoNames) parsed once into candidate places
//! per surface form, and an Aho-Corasick automaton that finds every surface
//! as a whole, case-sensitive word in a text. One table for the whole
//! daemon: the parser resolves datelines with it and the place tagger reads
//! bodies with it ([`Gazetteer::shared`]).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use hashbrown::HashMap;

/// The table, compiled into the binary.
const PLACES: &str = include_str!("../data/gazetteer/places.tsv");

/// What a gazetteer row names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Country,
    Region,
    City,
    /// A demonym or adjective standing for its country ("Syrian").
    Demonym,
    /// A seat of government standing for its country ("the Kremlin").
    Seat,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "country" => Kind::Country,
            "region" => Kind::Region,
            "city" => Kind::City,
            "demonym" => Kind::Demonym,
            "seat" => Kind::Seat,
            _ => return None,
        })
    }

    /// Whether a match of this kind is a reference to the country itself.
    pub fn is_country_reference(self) -> bool {
        matches!(self, Kind::Country | Kind::Demonym | Kind::Seat)
    }
}

/// One candidate place of a surface form.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: Kind,
    /// The place's name as the record gives it ("Syria" for "Syrian").
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: [u8; 2],
    /// GeoNames admin1 key of a region or of a city's region ("US.TX").
    pub region: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    /// 100 x the Zipf frequency of the lower-cased surface as an English word.
    pub zipf: u16,
    pub capital: bool,
}

impl Entry {
    pub fn country_code(&self) -> &str {
        std::str::from_utf8(&self.country).unwrap_or("")
    }
}

/// Every surface form, its candidates, and the matcher over the surfaces.
pub struct Gazetteer {
    /// Pattern id -> the surface text.
    pub surfaces: Vec<String>,
    /// Pattern id -> its candidates, indices into `entries`.
    pub candidates: Vec<Vec<u32>>,
    pub entries: Vec<Entry>,
    /// Country code -> its `Kind::Country` entry (the GeoNames name).
    countries: HashMap<[u8; 2], u32>,
    /// Surface -> pattern id.
    by_surface: HashMap<String, u32>,
    /// Lower-cased surface -> pattern ids (datelines print places in capitals).
    by_lower: HashMap<String, Vec<u32>>,
    matcher: Option<AhoCorasick>,
}

/// One whole-word occurrence of a surface: `[start, end)` in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: u32,
}

impl Gazetteer {
    /// The compiled-in table, parsed on first use and shared by every stage.
    pub fn shared() -> &'static Gazetteer {
        static SHARED: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::parse(PLACES));
        &SHARED
    }

    /// Parses a table in the `places.tsv` format; malformed rows are skipped.
    pub fn parse(table: &str) -> Gazetteer {
        let mut g = Gazetteer {
            surfaces: Vec::new(),
            candidates: Vec::new(),
            entries: Vec::new(),
            countries: HashMap::new(),
            by_surface: HashMap::new(),
            by_lower: HashMap::new(),
            matcher: None,
        };
        for line in table.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((surface, entry)) = parse_row(line) else {
                continue;
            };
            let id = g.entries.len() as u32;
            if entry.kind == Kind::Country && entry.name == surface {
                g.countries.insert(entry.country, id);
            }
            g.entries.push(entry);
            let pattern = match g.by_surface.get(surface) {
                Some(&p) => p,
                None => {
                    let p = g.surfaces.len() as u32;
                    g.surfaces.push(surface.to_string());
                    g.candidates.push(Vec::new());
                    g.by_surface.insert(surface.to_string(), p);
                    g.by_lower
                        .entry(surface.to_lowercase())
                        .or_default()
                        .push(p);
                    p
                }
            };
            g.candidates[pattern as usize].push(id);
        }
        // Standard semantics: overlapping search reports every surface ending
        // at each position, and the tagger keeps the longest whole words.
        g.matcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&g.surfaces)
            .ok();
        g
    }

    /// The country entry of an ISO code, when the table has it.
    pub fn country(&self, code: [u8; 2]) -> Option<&Entry> {
        self.countries
            .get(&code)
            .and_then(|&i| self.entries.get(i as usize))
    }

    /// The id of a country's own entry, the one its places are counted on.
    pub fn lookup_country_id(&self, code: [u8; 2]) -> Option<u32> {
        self.countries.get(&code).copied()
    }

    /// The candidates of an exact surface form.
    pub fn lookup(&self, surface: &str) -> &[u32] {
        self.by_surface
            .get(surface)
            .and_then(|&p| self.candidates.get(p as usize))
            .map_or(&[], |c| c.as_slice())
    }

    /// The surfaces equal to `name` in any case, with their candidates.
    pub fn lookup_any_case<'a>(
        &'a self,
        name: &str,
    ) -> impl Iterator<Item = (&'a str, &'a Entry)> + 'a {
        self.by_lower
            .get(name.trim().to_lowercase().as_str())
            .into_iter()
            .flatten()
            .flat_map(move |&p| {
                let surface = self.surfaces[p as usize].as_str();
                self.candidates[p as usize]
                    .iter()
                    .map(move |&id| (surface, &self.entries[id as usize]))
            })
    }

    /// The longest whole-word surfaces in `text`, left to right, none
    /// overlapping another.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        let mut hits: Vec<Hit> = matcher
            .find_overlapping_iter(text)
            .filter(|m| is_word_edge(text, m.start(), m.end()))
            .map(|m| Hit {
                start: m.start(),
                end: m.end(),
                pattern: m.pattern().as_u32(),
            })
            .collect();
        // Leftmost first, longest first at one start; then greedy.
        hits.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
        let mut reach = 0;
        for h in hits {
            if h.start >= reach {
                reach = h.end;
                out.push(h);
            }
        }
        out
    }
}

/// Whether `[start, end)` is a whole word: no letter or digit joins it on
/// either side (a hyphen does not: "pro-Russian", "Syrian-backed").
pub fn is_word_edge(text: &str, start: usize, end: usize) -> bool {
    let before = text
        .get(..start)
        .and_then(|s| s.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric());
    let after = text
        .get(end..)
        .and_then(|s| s.chars().next())
        .is_none_or(|c| !c.is_alphanumeric());
    before && after
}

fn parse_row(line: &str) -> Option<(&str, Entry)> {
    let mut f = line.split('\t');
    let surface = f.next()?;
    let kind = Kind::parse(f.next()?)?;
    let name = f.next()?.to_string();
    let code = f.next()?.as_bytes();
    let country: [u8; 2] = code.try_into().ok()?;
    let region = f.next()?.to_string();
    let lat = f.next()?.parse().ok()?;
    let lon = f.next()?.parse().ok()?;
    let population = f.next()?.parse().ok()?;
    let zipf = f.next()?.parse().ok()?;
    let capital = f.next()? == "1";
    Some((
        surface,
        Entry {
            kind,
            name,
            country,
            region,
            lat,
            lon,
            population,
            zipf,
            capital,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# test\n\
        Georgia\tcountry\tGeorgia\tGE\t\t41.7\t44.8\t3700000\t446\t0\n\
        Georgia\tregion\tGeorgia\tUS\tUS.GA\t33.4\t-84.0\t3400000\t446\t0\n\
        New York\tcity\tNew York City\tUS\tUS.NY\t40.7\t-74.0\t8800000\t532\t0\n\
        York\tcity\tYork\tGB\tGB.ENG\t53.9\t-1.1\t150000\t400\t0\n";

    #[test]
    fn ambiguous_surfaces_keep_every_candidate() {
        let g = Gazetteer::parse(TABLE);
        assert_eq!(g.lookup("Georgia").len(), 2);
        assert_eq!(g.country(*b"GE").map(|e| e.name.as_str()), Some("Georgia"));
    }

    #[test]
    fn the_longest_whole_word_wins() {
        let g = Gazetteer::parse(TABLE);
        let text = "From New York to York, not Yorkshire or Georgian.";
        let found: Vec<&str> = g.find(text).iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(found, ["New York", "York"]);
    }
}

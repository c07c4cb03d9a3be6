//! What the parser asks of the gazetteers: the place gazetteer
//! ([`crate::gazetteer`], GeoNames, shared with the place tagger) for the
//! countries and cities of datelines, and the agency table
//! (`data/gazetteer/agencies.tsv`, compiled in, parsed once) for bylines and
//! credits.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::gazetteer::{Entry, Gazetteer, Kind};

const AGENCIES: &str = include_str!("../../data/gazetteer/agencies.tsv");

/// A city this big, or a capital, counts as a dateline even when its name is
/// also a common word; and only such cities are "major" ([`major_city`]).
const MAJOR_CITY: u64 = 1_000_000;
/// Zipf x100 from which a name is a common English word ("Reading").
const COMMON_WORD: u16 = 450;

/// Lowercased agency name -> the short form records carry.
fn agencies() -> &'static HashMap<String, &'static str> {
    static AGENCY_TABLE: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    AGENCY_TABLE.get_or_init(|| {
        AGENCIES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(name, short)| (name.trim().to_lowercase(), short.trim()))
            .collect()
    })
}

/// The ISO alpha-2 code of a country name ("Kazakhstan", "UK", "SYRIA").
pub fn country_code(name: &str) -> Option<&'static str> {
    Gazetteer::shared()
        .lookup_any_case(name)
        .find(|(_, e)| e.kind == Kind::Country)
        .map(|(_, e)| e.country_code())
}

/// The country of what a dateline prints after its place: a country, or a
/// region that is in one ("HOUSTON, Texas", "CARDIFF, Wales").
pub fn country_of_part(part: &str) -> Option<&'static str> {
    country_code(part).or_else(|| {
        Gazetteer::shared()
            .lookup_any_case(part)
            .filter(|(_, e)| e.kind == Kind::Region && !common_word(e))
            .max_by_key(|(_, e)| e.population)
            .map(|(_, e)| e.country_code())
    })
}

/// A city a dateline may name: its name as the gazetteer spells it, and its
/// country code. Capitals first, then the most populous; a name that is also
/// a common English word must be a major city.
pub fn city(name: &str) -> Option<(&'static str, &'static str)> {
    Gazetteer::shared()
        .lookup_any_case(name)
        .filter(|(_, e)| e.kind == Kind::City && !common_word(e))
        .max_by_key(|(_, e)| (e.capital, e.population))
        .map(|(surface, e)| (surface, e.country_code()))
}

/// A capital or a city of a million people or more ("Moscow", "Lagos").
pub fn major_city(name: &str) -> bool {
    Gazetteer::shared()
        .lookup_any_case(name)
        .any(|(_, e)| e.kind == Kind::City && (e.capital || e.population >= MAJOR_CITY))
}

fn common_word(e: &Entry) -> bool {
    e.zipf >= COMMON_WORD && !e.capital && e.population < MAJOR_CITY
}

/// The short form of a news agency's name ("Agence France-Presse" -> "AFP").
pub fn agency(name: &str) -> Option<&'static str> {
    agencies().get(&name.trim().to_lowercase()).copied()
}

/// A place written in capitals, as datelines print it, in the case a record
/// gives names: `NEW YORK` -> `New York`, `DEIR EZ-ZOR` -> `Deir Ez-Zor`.
pub(super) fn title_case(place: &str) -> String {
    let mut out = String::with_capacity(place.len());
    let mut start = true;
    for c in place.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_and_cities_resolve_in_any_case() {
        assert_eq!(country_code("Kazakhstan"), Some("KZ"));
        assert_eq!(country_code("SYRIA"), Some("SY"));
        assert_eq!(country_code("UK"), Some("GB"));
        assert_eq!(city("DAMASCUS"), Some(("Damascus", "SY")));
        assert_eq!(city("new york"), Some(("New York", "US")));
        assert_eq!(city("Port Veyra"), None);
        // Datelines and bodies share the GeoNames gazetteer: any city of
        // 15,000 people, a region's country, the capital of a shared name.
        assert_eq!(city("DEIR EZZOR"), Some(("Deir Ezzor", "SY")));
        assert_eq!(city("paris"), Some(("Paris", "FR")));
        assert_eq!(country_of_part("Texas"), Some("US"));
        assert_eq!(country_of_part("Wales"), Some("GB"));
        assert_eq!(country_code("Texas"), None);
        assert!(major_city("Lagos") && !major_city("Reading"));
        assert_eq!(agency("Agence France-Presse"), Some("AFP"));
        assert_eq!(agency("associated press"), Some("AP"));
    }
}

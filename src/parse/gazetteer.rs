//! The small gazetteer the text parser resolves datelines with: country names
//! and capitals/major news cities to ISO 3166-1 alpha-2 codes, and agency names
//! to their short forms. The tables are data under `data/gazetteer/` (compiled
//! in, parsed once on first use).

use std::collections::HashMap;
use std::sync::OnceLock;

const COUNTRIES: &str = include_str!("../../data/gazetteer/countries.tsv");
const COUNTRY_ALIASES: &str = include_str!("../../data/gazetteer/country_aliases.tsv");
const CITIES: &str = include_str!("../../data/gazetteer/cities.tsv");
const AGENCIES: &str = include_str!("../../data/gazetteer/agencies.tsv");

struct Tables {
    /// Lowercased country name or alias -> code.
    countries: HashMap<String, &'static str>,
    /// Lowercased city name -> (name as written in the table, code).
    cities: HashMap<String, (&'static str, &'static str)>,
    /// Lowercased agency name -> the short form records carry.
    agencies: HashMap<String, &'static str>,
}

/// Rows of a `name<TAB>value` table, skipping comments and blank lines.
fn rows(table: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.trim(), b.trim()))
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut countries = HashMap::new();
        // countries.tsv is `code<TAB>name`, the alias and city tables `name<TAB>code`.
        for (code, name) in rows(COUNTRIES) {
            countries.insert(name.to_lowercase(), code);
        }
        for (name, code) in rows(COUNTRY_ALIASES) {
            countries.insert(name.to_lowercase(), code);
        }
        let cities = rows(CITIES)
            .map(|(name, code)| (name.to_lowercase(), (name, code)))
            .collect();
        let agencies = rows(AGENCIES)
            .map(|(name, short)| (name.to_lowercase(), short))
            .collect();
        Tables {
            countries,
            cities,
            agencies,
        }
    })
}

/// The ISO alpha-2 code of a country name ("Kazakhstan", "UK"), any case.
pub fn country_code(name: &str) -> Option<&'static str> {
    tables().countries.get(&name.trim().to_lowercase()).copied()
}

/// A known city: its name as the gazetteer spells it, and its country code.
pub fn city(name: &str) -> Option<(&'static str, &'static str)> {
    tables().cities.get(&name.trim().to_lowercase()).copied()
}

/// The short form of a news agency's name ("Agence France-Presse" -> "AFP").
pub fn agency(name: &str) -> Option<&'static str> {
    tables().agencies.get(&name.trim().to_lowercase()).copied()
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
        assert_eq!(city("Atlantis"), None);
        assert_eq!(agency("Agence France-Presse"), Some("AFP"));
        assert_eq!(agency("associated press"), Some("AP"));
    }
}

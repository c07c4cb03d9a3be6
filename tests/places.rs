//! The place tagger (`newsflow::tag::places`) on short articles written for
//! these tests: each names the places and countries a reader would find in
//! it, and the test reports precision and recall over all of them. Then the
//! seeds' focus (read from `../shared/corpus/seeds`, never copied here) and
//! the time per BBC article (`../shared/corpus/bbc`); both skip, saying so,
//! when the corpus is absent.

mod common;

use std::sync::OnceLock;
use std::time::Instant;

use newsflow::record::ArticleRecord;
use newsflow::tag::Taggers;

fn taggers() -> &'static Taggers {
    static T: OnceLock<Taggers> = OnceLock::new();
    T.get_or_init(Taggers::load)
}

/// An article's text (title line, blank line, body) through extract and tag.
fn tag(text: &str, name: &str) -> ArticleRecord {
    let mut rec = newsflow::extract::standalone_record(text, name).expect("the text parses");
    taggers().tag_record(&mut rec);
    rec
}

/// "Name@CC" of each place.
fn place_keys(rec: &ArticleRecord) -> Vec<String> {
    rec.places
        .iter()
        .map(|p| format!("{}@{}", p.name, p.country.as_deref().unwrap_or("")))
        .collect()
}

fn describe(rec: &ArticleRecord) -> String {
    let places: Vec<String> = rec
        .places
        .iter()
        .map(|p| {
            format!(
                "{} ({}, {}) x{}",
                p.name,
                p.kind,
                p.country.as_deref().unwrap_or("-"),
                p.mentions
            )
        })
        .collect();
    let countries: Vec<String> = rec
        .countries
        .iter()
        .map(|c| {
            format!(
                "{}{} x{}",
                c.code,
                if c.focus { "*" } else { "" },
                c.mentions
            )
        })
        .collect();
    format!(
        "places: {}\ncountries: {}",
        places.join("; "),
        countries.join(", ")
    )
}

#[test]
fn dump() {
    for text in [
        "Georgia talks\n\nLeaders met in Tbilisi, Georgia on Monday. Georgia is small.\n",
        "Georgia storm\n\nA storm hit Atlanta. Georgia officials said schools in the state closed.\n",
        "Turkey recipe\n\nRoast the turkey for three hours. Turkey is best served hot.\n",
    ] {
        let rec = tag(text, "dump.txt");
        println!("{}\n{}\n", rec.title, describe(&rec));
    }
}

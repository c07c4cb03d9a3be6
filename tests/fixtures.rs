//! Golden tests of the parsers: one folder per layout under
//! `tests/fixtures/<format>/<case>/` holding an article the project wrote in
//! that format and layout (`input.<ext>`, the extension as users name such
//! files) and the structure expected from it (`expected.json`).

use std::fs;
use std::path::Path;

use serde::Deserialize;

use newsflow::document::Document;
use newsflow::record::{Caption, Dateline, Removed};

/// The `Document` fields the parsers fill, as the fixtures spell them. The
/// metadata fields plain text rarely has default to absent.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    title: String,
    #[serde(default)]
    published_at: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    site_name: Option<String>,
    standfirst: Option<String>,
    authors: Vec<String>,
    agencies: Vec<String>,
    credit: Option<String>,
    dateline: Option<Dateline>,
    paragraphs: Vec<String>,
    headings: Vec<String>,
    captions: Vec<Caption>,
    removed: Vec<Removed>,
}

impl From<Document> for Expected {
    fn from(d: Document) -> Self {
        Expected {
            title: d.title,
            published_at: d.published_at,
            url: d.url,
            site_name: d.site_name,
            standfirst: d.standfirst,
            authors: d.authors,
            agencies: d.agencies,
            credit: d.credit,
            dateline: d.dateline,
            paragraphs: d.paragraphs,
            headings: d.headings,
            captions: d.captions,
            removed: d.removed,
        }
    }
}

/// Runs every case of `tests/fixtures/<format>/`; at least `min_cases` must exist.
fn check_cases(format: &str, min_cases: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format);
    let mut cases: Vec<_> = fs::read_dir(&root)
        .expect("fixtures folder")
        .map(|e| e.expect("fixture entry").path())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= min_cases,
        "fixtures missing under {}",
        root.display()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let input = fs::read_dir(case)
            .expect("case folder")
            .map(|e| e.expect("case entry").path())
            .find(|p| p.file_stem().is_some_and(|s| s == "input"))
            .unwrap_or_else(|| panic!("{}: no input.* file", case.display()));
        let name = input.file_name().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&input).expect("fixture is UTF-8");
        let expected: Expected =
            serde_json::from_str(&fs::read_to_string(case.join("expected.json")).expect("json"))
                .unwrap_or_else(|e| panic!("{}: expected.json: {e}", case.display()));
        let (parsed_as, doc) = newsflow::parse::parse(&text, &name).expect("fixture parses");
        assert_eq!(parsed_as.as_str(), format, "{}", case.display());
        let got = Expected::from(doc);
        if got != expected {
            failures.push(format!(
                "{}:\n  expected {expected:?}\n  got      {got:?}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_text_fixture_parses_to_its_expected_structure() {
    check_cases("text", 6);
}

#[test]
fn every_json_fixture_parses_to_its_expected_structure() {
    check_cases("json", 3);
}

#[test]
fn every_markdown_fixture_parses_to_its_expected_structure() {
    check_cases("markdown", 2);
}

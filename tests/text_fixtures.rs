//! Golden tests of the plain-text parser: one folder per layout under
//! `tests/fixtures/text/<case>/` holding an article the project wrote in that
//! layout (`input.txt`) and the structure expected from it (`expected.json`).

use std::fs;
use std::path::Path;

use serde::Deserialize;

use newsflow::document::Document;
use newsflow::record::{Caption, Dateline, Removed};

/// The `Document` fields the text parser fills, as the fixtures spell them.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    title: String,
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

#[test]
fn every_text_fixture_parses_to_its_expected_structure() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/text");
    let mut cases: Vec<_> = fs::read_dir(&root)
        .expect("fixtures folder")
        .map(|e| e.expect("fixture entry").path())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 6,
        "fixtures missing under {}",
        root.display()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let input = fs::read_to_string(case.join("input.txt")).expect("input.txt");
        let expected: Expected =
            serde_json::from_str(&fs::read_to_string(case.join("expected.json")).expect("json"))
                .unwrap_or_else(|e| panic!("{}: expected.json: {e}", case.display()));
        let (_, doc) = newsflow::parse::parse(&input, "input.txt").expect("fixture parses");
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

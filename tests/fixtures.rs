//! Golden tests of the parsers: one folder per layout under
//! `tests/fixtures/<format>/<case>/` holding an article the project wrote in
//! that format and layout (`input.<ext>`, the extension as users name such
//! files, possibly in a legacy encoding) and the structure expected from it
//! (`expected.json`). Each input is decoded and parsed as the pipeline does.

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
    /// Compared only where the fixture names it.
    #[serde(default)]
    encoding: Option<String>,
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

impl Expected {
    fn from_parsed(d: Document, encoding: Option<String>) -> Self {
        Expected {
            encoding,
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
        let decoded = newsflow::read::decode(&fs::read(&input).expect("input"))
            .unwrap_or_else(|r| panic!("{}: does not decode: {r:?}", case.display()));
        let expected: Expected =
            serde_json::from_str(&fs::read_to_string(case.join("expected.json")).expect("json"))
                .unwrap_or_else(|e| panic!("{}: expected.json: {e}", case.display()));
        let (parsed_as, doc) = newsflow::parse::parse(&decoded.text, &name)
            .unwrap_or_else(|r| panic!("{}: rejected: {r:?}", case.display()));
        assert_eq!(parsed_as.as_str(), format, "{}", case.display());
        let encoding = expected
            .encoding
            .as_ref()
            .map(|_| decoded.encoding.to_string());
        let got = Expected::from_parsed(doc, encoding);
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

#[test]
fn every_nitf_fixture_parses_to_its_expected_structure() {
    check_cases("nitf", 3);
}

#[test]
fn every_newsml_fixture_parses_to_its_expected_structure() {
    check_cases("newsml", 3);
}

#[test]
fn legacy_encodings_are_among_the_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut encodings = Vec::new();
    for format in ["nitf", "newsml"] {
        for case in fs::read_dir(root.join(format)).expect("fixtures folder") {
            let bytes = fs::read(case.expect("entry").path().join("input.xml")).expect("input");
            encodings.push(newsflow::read::decode(&bytes).expect("decodes").encoding);
        }
    }
    for encoding in ["UTF-8", "windows-1252", "UTF-16LE"] {
        assert!(encodings.contains(&encoding), "no {encoding} fixture");
    }
}

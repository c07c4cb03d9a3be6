//! Golden tests of the agency XML parsers (IPTC NITF and NewsML-G2): one folder
//! per case under `tests/fixtures/nitf/` and `tests/fixtures/newsml/` holding an
//! article the project wrote from the public specifications (`input.xml`,
//! possibly in a legacy encoding) and the structure expected from it
//! (`expected.json`). Each input goes through decoding and parsing as the
//! pipeline does; an end-to-end check runs the binary on a good and a broken file.

mod common;

use std::fs;
use std::path::Path;

use serde::Deserialize;

use common::{Env, write_file};
use newsflow::document::Document;
use newsflow::record::{Caption, Dateline, Removed};

/// The `Document` fields the XML parsers fill, as the fixtures spell them, and
/// the encoding decoding should find when the fixture states one.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    #[serde(default)]
    encoding: Option<String>,
    title: String,
    published_at: Option<String>,
    url: Option<String>,
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
        let bytes = fs::read(case.join("input.xml")).expect("input.xml");
        let decoded = newsflow::read::decode(&bytes)
            .unwrap_or_else(|r| panic!("{}: does not decode: {r:?}", case.display()));
        let expected: Expected =
            serde_json::from_str(&fs::read_to_string(case.join("expected.json")).expect("json"))
                .unwrap_or_else(|e| panic!("{}: expected.json: {e}", case.display()));
        let (parsed_as, doc) = newsflow::parse::parse(&decoded.text, "input.xml")
            .unwrap_or_else(|r| panic!("{}: rejected: {r:?}", case.display()));
        assert_eq!(parsed_as.as_str(), format, "{}", case.display());
        // The encoding is compared only where the fixture names it.
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

/// The fixture the end-to-end test drops, and the same file cut short.
fn good_and_broken() -> (String, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/nitf/plain_wire_doctype/input.xml");
    let good = fs::read_to_string(path).expect("fixture");
    let cut = good.find("<hl2>Crews fear").expect("a place to cut");
    let broken = good[..cut].to_string();
    (good, broken)
}

#[test]
fn the_daemon_writes_a_record_for_xml_and_rejects_broken_xml_as_malformed() {
    let env = Env::new();
    let folder = env.root.join("agency");
    let (good, broken) = good_and_broken();
    write_file(&folder.join("a-quota.xml"), &good);
    write_file(&folder.join("b-quota-cut.xml"), &broken);
    let out = env.run([std::ffi::OsStr::new("process"), folder.as_os_str()]);
    assert!(
        out.status.success(),
        "process failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let lines = env.feed();
    assert_eq!(lines.len(), 2, "{lines:?}");
    let record = env.article(&lines[0]);
    assert_eq!(record.source.name, "a-quota.xml");
    assert_eq!(record.source.format, "nitf");
    assert_eq!(record.title, "Norway trims cod quota for a third year");
    assert_eq!(record.authors, ["Sigrun Aalvik"]);
    assert_eq!(record.published_at.as_deref(), Some("2031-03-03T07:15:00Z"));
    assert!(
        record
            .body
            .starts_with("The Fisheries Directorate cut the coastal cod quota")
    );

    let rejected = env.rejected(&lines[1]);
    assert_eq!(rejected.name, "b-quota-cut.xml");
    assert_eq!(
        (rejected.stage.as_str(), rejected.kind.as_str()),
        ("parse", "malformed")
    );
    assert!(rejected.reason.contains("truncated"), "{}", rejected.reason);
}

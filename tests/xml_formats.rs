//! The agency XML formats through the binary: a NITF fixture (see
//! `tests/fixtures/nitf/`, checked field by field by `tests/fixtures.rs`)
//! becomes a record, and the same file cut short a `malformed` rejection.

mod common;

use std::fs;
use std::path::Path;

use common::{Env, write_file};

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

//! Inputs that cannot become articles: each kind of failure becomes a rejected
//! record (`outbox/rejected/<name>.json`) and a `rejected` feed line, and the
//! daemon goes on serving. Legacy encodings are decoded, not rejected.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::time::SystemTime;

use common::{Article, Env, NOBODY, Options, assert_seqs_contiguous, is_root, write_file};
use newsflow::record::REJECTED_SCHEMA;
use serde_json::json;

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    stage: &'static str,
    kind: &'static str,
}

const MAX_BYTES: u64 = 4096;

/// An environment whose daemon gets permission errors: as root, newsflow runs
/// as `nobody` (root reads any file whatever its mode). Returns whether an
/// unreadable file can be produced at all.
fn environment() -> (Env, bool) {
    let options = Options {
        max_bytes: Some(MAX_BYTES),
        ..Options::default()
    };
    if is_root() {
        let env = Env::with(Options {
            user: Some(NOBODY),
            ..options.clone()
        });
        if env.run(["schema"]).status.success() {
            return (env, true);
        }
        eprintln!(
            "SKIP part: cannot run newsflow as `nobody` here; the unreadable case is skipped"
        );
        return (Env::with(options), false);
    }
    let env = Env::with(options);
    let probe = env.root.join("probe");
    fs::write(&probe, "x").unwrap();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).unwrap();
    let readable = fs::File::open(&probe).is_ok();
    fs::remove_file(&probe).unwrap();
    if readable {
        eprintln!(
            "SKIP part: this user reads files with mode 000 (CAP_DAC_OVERRIDE?); \
             the unreadable case is skipped"
        );
    }
    (env, !readable)
}

#[test]
fn every_rejection_kind_is_recorded_and_the_daemon_goes_on() {
    let (env, can_test_unreadable) = environment();
    let mut daemon = env.start();

    let mut too_large = Article::generate(1).text().into_bytes();
    too_large.resize(MAX_BYTES as usize + 1, b'x');
    let mut cases = vec![
        Case {
            name: "empty.txt",
            bytes: Vec::new(),
            stage: "decode",
            kind: "empty",
        },
        Case {
            name: "blank.txt",
            bytes: b" \n\n\t \r\n".to_vec(),
            stage: "decode",
            kind: "empty",
        },
        Case {
            name: "photo.txt",
            bytes: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0".to_vec(),
            stage: "decode",
            kind: "binary",
        },
        Case {
            name: "nul.txt",
            bytes: b"Title\n\nSome text\0with a NUL byte in it.\n".to_vec(),
            stage: "decode",
            kind: "binary",
        },
        Case {
            name: "huge.txt",
            bytes: too_large,
            stage: "read",
            kind: "too_large",
        },
        Case {
            // A UTF-16LE byte-order mark, then a lone high surrogate.
            name: "broken-utf16.txt",
            bytes: vec![0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00],
            stage: "decode",
            kind: "undecodable",
        },
        Case {
            name: "desk/empty-in-folder.txt",
            bytes: Vec::new(),
            stage: "decode",
            kind: "empty",
        },
    ];
    if can_test_unreadable {
        cases.push(Case {
            name: "locked.txt",
            bytes: Article::generate(2).text().into_bytes(),
            stage: "read",
            kind: "unreadable",
        });
    }
    for case in &cases {
        let path = env.inbox.join(case.name);
        // Written under a temporary name and renamed in: the mode is set before
        // newsflow can see the file.
        let tmp = env.inbox.join(format!("{}.tmp", case.name));
        write_file(&tmp, &case.bytes);
        if case.kind == "unreadable" {
            fs::set_permissions(&tmp, fs::Permissions::from_mode(0o000)).unwrap();
        }
        fs::rename(&tmp, &path).unwrap();
    }

    let lines = daemon.wait_lines(cases.len());
    assert_eq!(lines.len(), cases.len(), "{lines:#?}");
    assert_seqs_contiguous(&lines);
    let by_path: BTreeMap<&str, _> = lines.iter().map(|l| (l.path.as_str(), l)).collect();
    for case in &cases {
        let path = env.inbox_path(case.name);
        let line = by_path
            .get(path.as_str())
            .unwrap_or_else(|| panic!("no feed line for {}", case.name));
        let file = format!("rejected/{}.json", case.name.replace('/', "__"));
        assert_eq!(
            (
                line.event.as_str(),
                line.kind.as_deref(),
                line.id.as_deref(),
                line.file.as_deref()
            ),
            ("rejected", Some(case.kind), None, Some(file.as_str())),
            "{}",
            case.name
        );
        let record = env.rejected(line);
        assert_eq!(record.schema, REJECTED_SCHEMA);
        assert_eq!(record.path, path);
        assert_eq!(record.name, case.name);
        assert_eq!(
            (record.stage.as_str(), record.kind.as_str()),
            (case.stage, case.kind),
            "{}",
            case.name
        );
        assert!(
            record.reason.trim().len() > 10,
            "{}: reason {:?}",
            case.name,
            record.reason
        );
        assert_eq!(record.bytes, Some(case.bytes.len() as u64), "{}", case.name);
        assert!(!record.received_at.is_empty() && !record.rejected_at.is_empty());
    }

    // Still serving: a good article dropped afterwards becomes a record.
    let good = Article::generate(3);
    write_file(&env.inbox.join("good.txt"), good.text());
    let lines = daemon.wait_lines(cases.len() + 1);
    let last = lines.last().unwrap();
    assert_eq!(
        (last.event.as_str(), last.path.clone()),
        ("article", env.inbox_path("good.txt"))
    );
    assert_eq!(env.article(last).body, good.body());

    let mut kinds: BTreeMap<&str, u64> = BTreeMap::new();
    for case in &cases {
        *kinds.entry(case.kind).or_default() += 1;
    }
    let status = env.status();
    assert_eq!(
        status["rejections_by_kind"],
        serde_json::to_value(kinds.into_iter().collect::<Vec<_>>()).unwrap()
    );
    assert_eq!(
        status["outcomes"],
        json!([["article", 1], ["rejected", cases.len()]])
    );
    daemon.stop();
}

#[test]
fn legacy_encodings_are_decoded_and_named() {
    let env = Env::new();
    let mut daemon = env.start();
    // Latin-1 (as Windows-1252, its superset): é, à, ù, ç are single bytes.
    let latin1: &[u8] = b"Le conseil de Quillon vote le budget\n\n\
        Le conseil municipal de Quillon a vot\xE9 mardi un budget de r\xE9novation pour \
        les ponts et les biblioth\xE8ques, apr\xE8s une s\xE9ance anim\xE9e o\xF9 \
        l'opposition a d\xE9nonc\xE9 le calendrier.\n\n\
        Les travaux commenceront \xE0 la fin de l'\xE9t\xE9, a pr\xE9cis\xE9 le maire, \
        qui a re\xE7u plus de trois cents lettres d'habitants.\n";
    write_file(&env.inbox.join("latin1.txt"), latin1);
    let mut utf16 = vec![0xFF, 0xFE];
    let text = "Grüße aus Marrowdene\n\nDie Fähre über den Fluss fährt wieder täglich.\n";
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    write_file(&env.inbox.join("utf16.txt"), &utf16);

    let lines = daemon.wait_lines(2);
    let records: BTreeMap<String, _> = lines
        .iter()
        .map(|l| (l.path.clone(), env.article(l)))
        .collect();
    let latin = &records[&env.inbox_path("latin1.txt")];
    assert_eq!(latin.source.encoding, "windows-1252");
    assert_eq!(latin.title, "Le conseil de Quillon vote le budget");
    assert!(latin.body.contains("a voté mardi"), "{}", latin.body);
    assert!(latin.body.contains("fin de l'été"), "{}", latin.body);
    assert_eq!(latin.stats.paragraphs, 2);
    let german = &records[&env.inbox_path("utf16.txt")];
    assert_eq!(german.source.encoding, "UTF-16LE");
    assert_eq!(german.title, "Grüße aus Marrowdene");
    assert_eq!(
        german.body,
        "Die Fähre über den Fluss fährt wieder täglich."
    );
    daemon.stop();
}

/// A file that disappears between being listed and being read. Through the
/// daemon this is a race; the read stage is called directly instead.
#[test]
fn a_vanished_file_is_rejected_by_the_read_stage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gone.txt");
    let state = newsflow::intake::FileState {
        size: 100,
        modified: Some(SystemTime::now()),
    };
    let input = newsflow::intake::input(path, "gone.txt".into(), state);
    let rejection = newsflow::read::load(&input, 1 << 20).unwrap_err();
    assert_eq!(
        (rejection.stage.as_str(), rejection.kind),
        ("read", "vanished")
    );
    assert!(!rejection.reason.is_empty());
}

/// A folder where a file was expected (a race with `mv`): unreadable, not a crash.
#[test]
fn a_folder_given_to_the_read_stage_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let state = newsflow::intake::FileState {
        size: 0,
        modified: None,
    };
    let input = newsflow::intake::input(dir.path().to_path_buf(), "dir".into(), state);
    let rejection = newsflow::read::load(&input, 1 << 20).unwrap_err();
    assert_eq!(
        (rejection.stage.as_str(), rejection.kind),
        ("read", "unreadable")
    );
}

//! The BBC News corpus (`../shared/corpus/bbc`, never copied into the
//! repository) through the running daemon: every article one outcome, the one
//! Latin-1 file decoded as such, the gold exact-duplicate groups announced as
//! exact duplicates. Skips, saying so, when the corpus is absent.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Duration;

use common::{Env, assert_seqs_contiguous, lines_by_path};
use newsflow::record::FeedLine;

const CATEGORIES: &[&str] = &["business", "entertainment", "politics", "sport", "tech"];

/// The gold exact-duplicate groups: `group<TAB>file,file,...` after a header.
fn exact_groups(bbc: &Path) -> Vec<Vec<String>> {
    fs::read_to_string(bbc.join("duplicates_exact.tsv"))
        .expect("duplicates_exact.tsv")
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(_, files)| files.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn the_bbc_corpus_through_the_daemon() {
    let Some(bbc) = common::corpus_dir().map(|c| c.join("bbc")) else {
        eprintln!(
            "SKIP: ../shared/corpus/bbc is absent (the shared corpus is not on this machine)"
        );
        return;
    };
    if !bbc.is_dir() {
        eprintln!("SKIP: {} is absent", bbc.display());
        return;
    }
    let env = Env::new();
    let mut names = Vec::new();
    for category in CATEGORIES {
        fs::create_dir(env.inbox.join(category)).unwrap();
        for entry in fs::read_dir(bbc.join(category)).unwrap() {
            let name = format!(
                "{category}/{}",
                entry.unwrap().file_name().to_string_lossy()
            );
            names.push(name);
        }
    }
    names.sort();
    // Copied before the daemon starts: its startup scan finds them all.
    for name in &names {
        fs::copy(bbc.join(name), env.inbox.join(name)).unwrap();
    }

    let mut daemon = env.start();
    let lines = daemon.wait_lines_within(names.len(), Duration::from_secs(180));
    daemon.stop();
    assert_eq!(lines.len(), names.len());
    assert_seqs_contiguous(&lines);
    let by_path = lines_by_path(&lines);
    let line = |name: &str| {
        let found = &by_path[&env.inbox_path(name)];
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        found[0]
    };
    for name in &names {
        assert_ne!(line(name).event, "rejected", "{name} was rejected");
    }

    let latin1 = env.article(line("sport/199.txt"));
    assert_eq!(latin1.source.encoding, "windows-1252");
    // Its one legacy byte is a pound sign; Central European code pages make it "Ł".
    assert!(latin1.body.contains('£') && !latin1.body.contains('Ł'));

    let groups = exact_groups(&bbc);
    assert!(!groups.is_empty());
    for group in &groups {
        let mut events: BTreeMap<&str, Vec<&FeedLine>> = BTreeMap::new();
        for name in group {
            let l = line(name);
            events.entry(l.event.as_str()).or_default().push(l);
        }
        let articles = events.get("article").map_or(0, Vec::len);
        assert_eq!(articles, 1, "group {group:?}: {events:#?}");
        let id = events["article"][0].id.clone();
        for dup in events.get("exact_duplicate").into_iter().flatten() {
            assert_eq!(dup.duplicate_of, id, "group {group:?}");
        }
        assert_eq!(
            events.get("exact_duplicate").map_or(0, Vec::len),
            group.len() - 1,
            "group {group:?}: {events:#?}"
        );
    }
    eprintln!(
        "bbc: {} files, {} gold exact groups announced as exact duplicates",
        names.len(),
        groups.len()
    );
}

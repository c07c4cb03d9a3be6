//! JSON Lines through the daemon: every line is its own outcome (article,
//! exact duplicate or rejection) with its line number as `part`; a file that
//! grows announces only its new lines; `inbox.after` waits for the last line;
//! a `kill -9` halfway through a big file loses and repeats nothing.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{Env, Options, assert_seqs_contiguous, write_file};
use newsflow::record::FeedLine;
use serde_json::json;

/// A scraper's line for article `n`: news-please field names.
fn line(n: u32) -> String {
    json!({
        "title": format!("Council approves plan number {n}"),
        "maintext": format!(
            "The council of Port Elwin approved plan number {n} on Tuesday after a long debate.\n\n\
             Work on the {n} new homes will start in the spring, a spokesman said."
        ),
        "authors": ["Marta Quell"],
        "date_publish": "2024-03-05 10:00:00",
        "url": format!("https://news.example/plan-{n}"),
    })
    .to_string()
}

fn lines(range: std::ops::RangeInclusive<u32>) -> String {
    range.map(|n| line(n) + "\n").collect()
}

/// Writes the whole file under a temporary name and renames it in, as a
/// careful scraper replaces its output.
fn replace(env: &Env, name: &str, text: &str) {
    let tmp = env.root.join(format!("{name}.tmp"));
    write_file(&tmp, text);
    std::fs::rename(&tmp, env.inbox.join(name)).unwrap();
}

fn by_part(lines: &[FeedLine]) -> BTreeMap<u32, Vec<&FeedLine>> {
    let mut map: BTreeMap<u32, Vec<&FeedLine>> = BTreeMap::new();
    for l in lines {
        map.entry(
            l.part
                .expect("every line of a JSON Lines file has its part"),
        )
        .or_default()
        .push(l);
    }
    map
}

#[test]
fn each_line_is_its_own_outcome_and_a_growing_file_announces_only_new_lines() {
    let env = Env::new();
    let mut daemon = env.start();
    // Line 2 is cut short, lines 3 and 5 are blank, line 6 repeats line 1's
    // article: an exact duplicate, not a second record.
    let text = [
        line(1),
        "{\"title\": \"broken".into(),
        String::new(),
        line(2),
        String::new(),
        line(1),
    ]
    .join("\n")
        + "\n";
    replace(&env, "scrape.jsonl", &text);
    let feed = daemon.wait_lines(4);
    assert_seqs_contiguous(&feed);
    let events: Vec<(Option<u32>, &str)> =
        feed.iter().map(|l| (l.part, l.event.as_str())).collect();
    assert_eq!(
        events,
        [
            (Some(1), "article"),
            (Some(2), "rejected"),
            (Some(4), "article"),
            (Some(6), "exact_duplicate")
        ]
    );
    let path = env.inbox_path("scrape.jsonl");
    assert!(feed.iter().all(|l| l.path == path));
    assert_eq!(feed[3].duplicate_of, feed[0].id);

    let record = env.article(&feed[0]);
    assert_eq!(record.title, "Council approves plan number 1");
    assert_eq!(record.authors, ["Marta Quell"]);
    assert_eq!(record.published_at.as_deref(), Some("2024-03-05"));
    assert_eq!(record.source.format, "jsonl");
    assert_eq!(record.source.part, Some(1));
    assert_eq!(record.source.bytes, line(1).len() as u64);
    assert_eq!(
        record.source.url.as_deref(),
        Some("https://news.example/plan-1")
    );
    assert_eq!(record.stats.paragraphs, 2);

    assert_eq!(
        feed[1].file.as_deref(),
        Some("rejected/scrape.jsonl.part-2.json")
    );
    let rejected = env.rejected(&feed[1]);
    assert_eq!(rejected.part, Some(2));
    assert_eq!(rejected.kind, "malformed");
    assert!(rejected.reason.contains("line 2"), "{}", rejected.reason);

    // The scraper appends two lines: only they are announced.
    replace(&env, "scrape.jsonl", &(text + &lines(3..=4)));
    let feed = daemon.wait_lines(6);
    let new: Vec<(Option<u32>, &str)> = feed[4..]
        .iter()
        .map(|l| (l.part, l.event.as_str()))
        .collect();
    assert_eq!(new, [(Some(7), "article"), (Some(8), "article")]);
    daemon.stop();

    // A restart finds every line finished.
    let mut daemon = env.start();
    write_file(&env.inbox.join("later.jsonl"), lines(9..=9));
    let feed = daemon.wait_lines(7);
    daemon.stop();
    assert_eq!(feed.len(), 7, "{feed:#?}");
    assert_eq!(feed[6].path, env.inbox_path("later.jsonl"));
}

#[test]
fn inbox_after_move_waits_for_the_last_line() {
    let env = Env::with(Options {
        after: "move",
        ..Options::default()
    });
    let mut daemon = env.start();
    replace(&env, "big.jsonl", &lines(1..=300));
    let feed = daemon.wait_lines(300);
    assert_eq!(by_part(&feed).len(), 300);
    let moved = env.inbox.join(".done/big.jsonl");
    common::wait_for(Duration::from_secs(30), "the file to move", || {
        moved.exists().then_some(())
    });
    assert!(!env.inbox.join("big.jsonl").exists());
    daemon.stop();
}

/// `kill -9` while a 3,000-line file is half committed: the restart finishes
/// it, and every line has exactly one outcome.
#[test]
fn a_kill_halfway_through_a_file_loses_and_repeats_no_line() {
    let env = Env::with(Options {
        sync: false,
        ..Options::default()
    });
    let total = 3000;
    let mut daemon = env.start();
    replace(&env, "bulk.jsonl", &lines(1..=total));
    daemon.wait_lines_within(200, Duration::from_secs(120));
    daemon.kill9();
    let committed = env.feed().len();
    let mut daemon = env.start();
    let feed = daemon.wait_lines_within(total as usize, Duration::from_secs(300));
    daemon.stop();
    assert_seqs_contiguous(&feed);
    let parts = by_part(&feed);
    assert_eq!(
        parts.len(),
        total as usize,
        "{committed} lines before the kill"
    );
    for (part, outcomes) in &parts {
        assert_eq!(outcomes.len(), 1, "line {part}: {outcomes:#?}");
        assert_eq!(outcomes[0].event, "article", "line {part}");
    }
    println!("killed after {committed} of {total} lines; the restart finished the rest");
}

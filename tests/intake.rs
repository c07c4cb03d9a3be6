//! Intake through the binary: a file is taken once and only when complete,
//! whatever way it arrives (a burst, a slow writer, a rename, a subfolder, a
//! whole folder moved in, polling), and names newsflow must ignore are ignored.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::time::{Duration, Instant};

use common::{
    Article, Env, Options, assert_seqs_contiguous, drop_articles, lines_by_path, write_file,
};
use newsflow::record::FeedLine;

/// Drops a fresh article as a barrier and waits for its line: anything that was
/// going to be taken before it has been by then.
fn barrier(env: &Env, daemon: &mut common::Daemon, n: u64) -> Vec<FeedLine> {
    let name = format!("barrier-{n}.txt");
    write_file(
        &env.inbox.join(&name),
        Article::generate(900_000 + n).text(),
    );
    let path = env.inbox_path(&name);
    daemon.wait_feed(&format!("the barrier {name}"), |lines| {
        lines.iter().any(|l| l.path == path)
    })
}

#[test]
fn a_burst_of_20000_files_is_all_processed() {
    const FILES: u64 = 20_000;
    let env = Env::new();
    let mut daemon = env.start();
    let started = Instant::now();
    let dropped = drop_articles(&env.inbox, "burst-", 0..FILES);
    let dropped_in = started.elapsed();
    let lines = daemon.wait_lines_within(FILES as usize, Duration::from_secs(900));
    eprintln!(
        "burst: {FILES} files dropped in {dropped_in:?}, all announced after {:?}",
        started.elapsed()
    );
    assert_eq!(lines.len(), FILES as usize);
    assert_seqs_contiguous(&lines);
    let paths: BTreeSet<&str> = lines.iter().map(|l| l.path.as_str()).collect();
    let expected: BTreeSet<String> = dropped
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert_eq!(
        paths,
        expected.iter().map(String::as_str).collect(),
        "one outcome per file"
    );
    assert!(lines.iter().all(|l| l.event == "article"));
    let status = env.status();
    assert_eq!(status["inputs"], FILES);
    assert_eq!(status["indexed_articles"], FILES);
    daemon.stop();
}

/// The watcher's queue overflows (the kernel drops events and says so): the
/// full rescan that follows must find every file, without waiting for close
/// events that were lost. The daemon is stopped with SIGSTOP while files
/// arrive, so that its queue surely overflows; one file is being written when
/// the flood starts and closed after it, so its close event is among the lost.
/// The reconcile scan is an hour away: only the overflow rescan can help.
///
/// How long the whole flood takes is the machine's business (a debug build on
/// two busy cores needs a minute or more); what the rescan promises is that
/// the held file is not left for the stale-writer timeout. Its name sorts
/// before the flood's, and a rescan takes what it finds in path order, so it is
/// taken as soon as the rescan starts, and its feed time tells.
#[test]
fn files_whose_events_overflowed_the_watcher_queue_are_found_by_a_rescan() {
    let limit: u64 = fs::read_to_string("/proc/sys/fs/inotify/max_queued_events")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(16_384);
    // Each file gives at least two events (create, close-after-write).
    let files = limit / 2 + 500;
    let env = Env::with(Options {
        rescan_secs: 3600,
        ..Options::default()
    });
    let mut daemon = env.start();
    daemon.signal(libc::SIGSTOP);
    let held_path = env.inbox.join("a-held.txt");
    let held = Article::generate(1_000_000);
    let mut writer = fs::File::create(&held_path).unwrap();
    writer.write_all(held.text().as_bytes()).unwrap();
    let dropped = drop_articles(&env.inbox, "flood-", 0..files);
    drop(writer);
    let resumed = jiff::Timestamp::now();
    daemon.signal(libc::SIGCONT);
    let lines = daemon.wait_lines_within(dropped.len() + 1, Duration::from_secs(600));
    eprintln!(
        "overflow: {} files announced {} after SIGCONT",
        lines.len(),
        jiff::Timestamp::now().duration_since(resumed)
    );
    assert_eq!(lines.len(), dropped.len() + 1);
    assert_seqs_contiguous(&lines);
    let by_path = lines_by_path(&lines);
    let one =
        |path: &std::path::Path| by_path.get(&path.display().to_string()).map(Vec::len) == Some(1);
    assert!(one(&held_path), "the held file is taken once");
    assert!(dropped.iter().all(|(p, _)| one(p)), "one outcome per file");
    let held_at: jiff::Timestamp = by_path[&held_path.display().to_string()][0]
        .at
        .parse()
        .expect("feed time");
    let waited = held_at.duration_since(resumed).unsigned_abs();
    let stale = newsflow::intake::STALE_WRITER;
    assert!(
        waited < stale,
        "the held file came {waited:?} after SIGCONT: it waited for the stale-writer timeout ({stale:?})"
    );
    daemon.stop();
}

#[test]
fn a_slow_writer_is_waited_for_and_its_file_taken_once_whole() {
    slow_writer(Env::new());
}

/// The shipped config names the inbox relative to the working directory, while
/// the watcher reports absolute paths: its events must still be recognised,
/// or the slow writer's file would be taken half-written.
#[test]
fn a_slow_writer_is_waited_for_with_a_relative_inbox_path() {
    slow_writer(Env::with(Options {
        relative: true,
        ..Options::default()
    }));
}

fn slow_writer(env: Env) {
    let settle = Duration::from_millis(env.options.settle_ms);
    let mut daemon = env.start();
    let chunks = [
        "Harbour dredging enters its final phase\n\n",
        "The Vell Harbour authority said dredging of the outer channel would end this month.\n\n",
        "Pilots have reported fewer groundings since the first phase was completed last spring.\n\n",
        "The last section, near the old ferry slip, will be dredged at night to spare traffic.\n",
    ];
    let path = env.inbox.join("slow.txt");
    let mut file = fs::File::create(&path).unwrap();
    for (i, chunk) in chunks.iter().enumerate() {
        if i > 0 {
            // Longer than settle_ms: a naive debounce would take the file now.
            std::thread::sleep(settle * 5 / 2);
        }
        file.write_all(chunk.as_bytes()).unwrap();
        file.flush().unwrap();
    }
    drop(file);

    let slow = env.inbox_path("slow.txt");
    let lines = daemon.wait_feed("the slow file", |lines| {
        lines.iter().any(|l| l.path == slow)
    });
    let first = lines.iter().find(|l| l.path == slow).unwrap();
    let record = env.article(first);
    assert_eq!(record.title, "Harbour dredging enters its final phase");
    assert_eq!(record.stats.paragraphs, 3, "{}", record.body);
    assert!(
        record
            .body
            .ends_with("will be dredged at night to spare traffic."),
        "{}",
        record.body
    );
    assert_eq!(record.source.bytes, chunks.concat().len() as u64);

    let lines = barrier(&env, &mut daemon, 1);
    assert_eq!(
        lines_by_path(&lines)[&slow].len(),
        1,
        "taken once: {lines:#?}"
    );
    daemon.stop();
}

#[test]
fn a_file_renamed_into_the_inbox_is_taken_once() {
    let env = Env::new();
    let settle = Duration::from_millis(env.options.settle_ms);
    let mut daemon = env.start();

    // Written under a temporary name in the inbox, then renamed.
    let report = Article::generate(11);
    write_file(&env.inbox.join("report.tmp"), report.text());
    fs::rename(env.inbox.join("report.tmp"), env.inbox.join("report.txt")).unwrap();

    // A partial download, written slowly, then renamed.
    let feature = Article::generate(12);
    let text = feature.text();
    let (head, tail) = text.split_at(text.len() / 2);
    let part = env.inbox.join("feature.txt.part");
    let mut file = fs::File::create(&part).unwrap();
    file.write_all(head.as_bytes()).unwrap();
    std::thread::sleep(settle * 2);
    file.write_all(tail.as_bytes()).unwrap();
    drop(file);
    fs::rename(&part, env.inbox.join("feature.txt")).unwrap();

    // Moved in from another folder of the same file system.
    let brief = Article::generate(13);
    let outside = env.root.join("elsewhere/brief.txt");
    write_file(&outside, brief.text());
    fs::rename(&outside, env.inbox.join("brief.txt")).unwrap();

    let lines = barrier(&env, &mut daemon, 1);
    let by_path = lines_by_path(&lines);
    for (name, article) in [
        ("report.txt", &report),
        ("feature.txt", &feature),
        ("brief.txt", &brief),
    ] {
        let found = by_path
            .get(&env.inbox_path(name))
            .unwrap_or_else(|| panic!("{name} was not taken: {lines:#?}"));
        assert_eq!(found.len(), 1, "{name} taken once");
        assert_eq!(env.article(found[0]).body, article.body(), "{name} whole");
    }
    assert_eq!(
        lines.len(),
        4,
        "no outcome for the temporary names: {lines:#?}"
    );
    daemon.stop();
}

#[test]
fn files_in_subfolders_are_processed() {
    let env = Env::new();
    let mut daemon = env.start();
    // Created together with its folders: the new folders race the recursive watch.
    let deep = Article::generate(21);
    write_file(&env.inbox.join("wire/agency/2024/deep.txt"), deep.text());
    let shallow = Article::generate(22);
    write_file(&env.inbox.join("desk/shallow.txt"), shallow.text());

    let lines = daemon.wait_lines(2);
    let names: BTreeSet<String> = lines.iter().map(|l| env.article(l).source.name).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "desk/shallow.txt".to_string(),
            "wire/agency/2024/deep.txt".to_string()
        ])
    );
    daemon.stop();
}

#[test]
fn hidden_temporary_and_symlinked_files_are_ignored() {
    let env = Env::new();
    let mut daemon = env.start();
    let outside = env.root.join("outside.txt");
    write_file(&outside, Article::generate(31).text());
    let ignored = [
        ".hidden.txt",
        ".drafts/inner.txt",
        "draft.tmp",
        "download.part",
        "page.crdownload",
        "backup.txt~",
    ];
    for (i, name) in ignored.iter().enumerate() {
        write_file(
            &env.inbox.join(name),
            Article::generate(40 + i as u64).text(),
        );
    }
    // Symbolic links are not followed by default: a link may point anywhere.
    std::os::unix::fs::symlink(&outside, env.inbox.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(env.root.join("nowhere"), env.inbox.join("dangling.txt")).unwrap();

    let lines = barrier(&env, &mut daemon, 1);
    assert_eq!(lines.len(), 1, "only the barrier: {lines:#?}");
    daemon.stop();

    // The startup scan of a restart ignores them too.
    let mut daemon = env.start();
    let lines = barrier(&env, &mut daemon, 2);
    let paths: Vec<&str> = lines.iter().map(|l| l.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            env.inbox_path("barrier-1.txt"),
            env.inbox_path("barrier-2.txt")
        ]
    );
    daemon.stop();
}

#[test]
fn polling_mode_processes_files() {
    let env = Env::with(Options {
        poll: true,
        poll_ms: 100,
        ..Options::default()
    });
    let mut daemon = env.start();
    let watching = daemon.log_event("watching the inbox").unwrap();
    assert_eq!(watching["fields"]["polling"], true, "{watching}");

    let mut dropped = drop_articles(&env.inbox, "polled-", 50..54);
    dropped.extend(drop_articles(&env.inbox.join("sub"), "polled-", 54..55));
    let lines = daemon.wait_lines(dropped.len());
    assert_eq!(lines.len(), dropped.len());
    assert_seqs_contiguous(&lines);
    let by_path = lines_by_path(&lines);
    for (path, article) in &dropped {
        let found = &by_path[&path.display().to_string()];
        assert_eq!(found.len(), 1);
        assert_eq!(env.article(found[0]).body, article.body());
    }
    daemon.stop();
}

/// A folder renamed into the inbox brings files that get no events of their
/// own: the folder's arrival (or, failing that, the reconcile scan every
/// `rescan_secs`) must find them.
#[test]
fn a_folder_moved_into_the_inbox_is_scanned() {
    let env = Env::with(Options {
        rescan_secs: 1,
        ..Options::default()
    });
    let mut daemon = env.start();
    let staging = env.root.join("staging/batch");
    let mut dropped = drop_articles(&staging, "moved-", 60..63);
    dropped.extend(drop_articles(&staging.join("nested"), "moved-", 63..65));
    fs::rename(&staging, env.inbox.join("batch")).unwrap();

    let lines = daemon.wait_lines(dropped.len());
    let names: BTreeSet<String> = lines.iter().map(|l| env.article(l).source.name).collect();
    let expected: BTreeSet<String> = dropped
        .iter()
        .map(|(p, _)| {
            let rel = p.strip_prefix(&staging).unwrap().display();
            format!("batch/{rel}")
        })
        .collect();
    assert_eq!(names, expected);
    daemon.stop();
}

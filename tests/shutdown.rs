//! Graceful shutdown (DESIGN.md section 5.7): on SIGTERM or SIGINT the daemon
//! stops intake, drains what is in flight within `drain_timeout`, and exits 0;
//! the next start finishes the backlog, with exactly one outcome per input.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{
    Env, Options, PATIENCE, assert_seqs_contiguous, count_lines, drop_articles, lines_by_path,
};

const BACKLOG: u64 = 3_000;
const DRAIN_TIMEOUT_SECS: u64 = 5;
/// Process start-up and exit on a loaded machine, on top of the drain timeout.
const MARGIN: Duration = Duration::from_secs(5);

#[test]
fn sigterm_during_a_backlog_exits_0_and_a_restart_finishes_it() {
    sigterm_during_a_backlog(DRAIN_TIMEOUT_SECS);
}

/// With no time to drain, what is in flight is handed back, not lost: the
/// restart processes it.
#[test]
fn a_drain_cut_short_hands_back_unfinished_work() {
    sigterm_during_a_backlog(0);
}

fn sigterm_during_a_backlog(drain_timeout_secs: u64) {
    let env = Env::with(Options {
        drain_timeout_secs,
        ..Options::default()
    });
    let dropped = drop_articles(&env.inbox, "backlog-", 0..BACKLOG);

    let mut daemon = env.spawn();
    let feed = env.feed_path();
    common::try_wait_for(PATIENCE, || {
        daemon.assert_running();
        (count_lines(&feed) >= 200).then_some(())
    })
    .expect("the daemon starts on the backlog");
    daemon.signal(libc::SIGTERM);
    let at_signal = count_lines(&feed);
    assert!(
        (at_signal as u64) < BACKLOG,
        "the backlog was done before SIGTERM ({at_signal} lines): the test needs a bigger one"
    );

    let log = daemon.log.clone();
    let (status, took) = daemon.wait_exit(Duration::from_secs(drain_timeout_secs) + MARGIN);
    assert!(status.success(), "exit status {status}");
    let drained = env.feed();
    eprintln!(
        "SIGTERM at {at_signal} feed lines; exited 0 after {took:?} with {} lines",
        drained.len()
    );
    assert!(
        (drained.len() as u64) < BACKLOG,
        "intake stopped: the backlog is not finished"
    );
    assert_seqs_contiguous(&drained);
    let events: Vec<serde_json::Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let said = |message: &str| events.iter().any(|e| e["fields"]["message"] == message);
    assert!(said("SIGTERM received") && said("newsflow stopped"));
    for line in &drained {
        let file = line
            .file
            .as_deref()
            .expect("every outcome here is an article");
        assert!(env.outbox.join(file).is_file(), "{line:?}");
    }

    let mut daemon = env.start();
    let lines = daemon.wait_lines_within(BACKLOG as usize, Duration::from_secs(120));
    daemon.stop();
    let lines_after = env.feed();
    assert_eq!(
        lines_after.len() as u64,
        BACKLOG,
        "nothing more after the backlog"
    );
    assert_eq!(lines_after, lines);
    assert_seqs_contiguous(&lines);
    assert_eq!(lines[..drained.len()], drained[..], "the feed only grew");
    let by_path = lines_by_path(&lines);
    assert!(
        by_path.values().all(|l| l.len() == 1),
        "one outcome per input"
    );
    let expected: BTreeSet<String> = dropped
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert_eq!(by_path.keys().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(lines.iter().all(|l| l.event == "article"));
}

#[test]
fn sigint_stops_an_idle_daemon_with_status_0() {
    let env = Env::new();
    let daemon = env.start();
    daemon.signal(libc::SIGINT);
    let (status, took) = daemon.wait_exit(Duration::from_secs(10) + MARGIN);
    assert!(status.success(), "exit status {status} after {took:?}");
}

#[test]
fn a_second_daemon_on_the_same_state_is_refused() {
    let env = Env::new();
    let first = env.start();
    let out = env.run(["run"]);
    assert_eq!(out.status.code(), Some(1), "a second daemon must not start");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&env.state.display().to_string()),
        "{stderr}"
    );
    first.stop();
}

//! The intake role against a real nats-server (JetStream, loopback, temporary
//! store): the binary watches a temp inbox with an intake-only `[cluster]`
//! config, and the test reads the inputs stream back with a plain consumer.
//! Skipped, with a message, when nats-server is not installed.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use async_nats::jetstream;
use common::nats::{NatsServer, write_cluster_config};
use common::{Env, Options, PATIENCE, write_file};
use newsflow::cluster::message::{self, InputMeta};
use sha2::{Digest, Sha256};

/// Under the server's 1 MB max_payload with room for the headers.
const MAX_BYTES: u64 = 1_000_000;

fn cluster_env(nats_url: &str, after: &'static str, extra: &str) -> Env {
    let env = Env::with(Options {
        after,
        max_bytes: Some(MAX_BYTES),
        ..Options::default()
    });
    write_config(&env, nats_url, "[\"intake\"]", extra);
    env
}

fn write_config(env: &Env, nats_url: &str, roles: &str, extra: &str) {
    let extra = format!("node = \"test-intake\"\n{extra}");
    write_cluster_config(env, &env.config, nats_url, roles, &extra);
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn meta(message: &jetstream::Message) -> InputMeta {
    InputMeta::from_headers(message.headers.as_ref().expect("headers")).expect("input headers")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_input_is_one_message_with_its_bytes_and_metadata() {
    let Some(nats) = NatsServer::start("each_input_is_one_message_with_its_bytes_and_metadata")
    else {
        return;
    };
    let env = cluster_env(&nats.url, "move", "");
    let mut daemon = env.start();

    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "a.txt",
            b"Storm closes the harbour\n\nBoats stayed in port on Monday.\n".to_vec(),
        ),
        (
            "sub/b.html",
            b"<html><head><title>Mayor</title></head><body><p>The mayor spoke.</p></body></html>"
                .to_vec(),
        ),
        (
            "c.json",
            br#"{"title": "Rates", "body": "The bank held its rate."}"#.to_vec(),
        ),
        // A copy of a.txt under another name is its own input (the daemon
        // gives it an exact_duplicate outcome), so its own message.
        (
            "copy of a.txt",
            b"Storm closes the harbour\n\nBoats stayed in port on Monday.\n".to_vec(),
        ),
        (
            "zürich.txt",
            "Grüezi\n\nA name outside ASCII travels in a header.\n"
                .as_bytes()
                .to_vec(),
        ),
    ];
    for (name, bytes) in &files {
        write_file(&env.inbox.join(name), bytes);
    }
    let big = vec![b'x'; MAX_BYTES as usize + 1];
    write_file(&env.inbox.join("big.txt"), &big);
    let stream = "NEWSFLOW_INPUTS";
    nats.wait_stream_len(stream, files.len() as u64 + 1).await;

    // Marked only after the PubAck: inbox.after = "move" has moved each one.
    common::wait_for(PATIENCE, "every input moved to .done", || {
        daemon.assert_running();
        let left: Vec<_> = files
            .iter()
            .map(|(n, _)| *n)
            .chain(["big.txt"])
            .filter(|n| env.inbox.join(n).exists())
            .collect();
        left.is_empty().then_some(())
    });
    // The same file (path and bytes) dropped again: one message still.
    write_file(&env.inbox.join("a.txt"), &files[0].1);
    common::wait_for(PATIENCE, "the re-dropped a.txt taken", || {
        (!env.inbox.join("a.txt").exists()).then_some(())
    });
    // A later new file proves the re-drop was handled before it.
    write_file(&env.inbox.join("last.txt"), b"Last\n\nThe last article.\n");
    nats.wait_stream_len(stream, files.len() as u64 + 2).await;
    common::wait_for(PATIENCE, "last.txt taken", || {
        (!env.inbox.join("last.txt").exists()).then_some(())
    });

    let messages = nats.read_stream(stream).await;
    let by_name: BTreeMap<String, &jetstream::Message> =
        messages.iter().map(|m| (meta(m).name, m)).collect();
    assert_eq!(
        messages.len(),
        files.len() + 2,
        "one message per input, the re-drop dropped: {:?}",
        by_name.keys().collect::<Vec<_>>()
    );
    assert_eq!(by_name.len(), messages.len(), "names are unique");
    for (name, bytes) in &files {
        let message = by_name
            .get(*name)
            .unwrap_or_else(|| panic!("no message for {name}"));
        let m = meta(message);
        let path = env.inbox.join(name).display().to_string();
        assert_eq!(message.payload.as_ref(), &bytes[..], "{name}: bytes");
        assert_eq!(m.sha256, sha256(bytes), "{name}");
        assert_eq!(m.msg_id, message::msg_id(&sha256(bytes), &path), "{name}");
        assert_eq!(m.path, path, "{name}");
        assert_eq!(m.size, bytes.len() as u64, "{name}");
        assert!(m.mtime_ns.is_some(), "{name}");
        assert!(m.received_at.ends_with('Z'), "{name}: {}", m.received_at);
        assert_eq!(m.intake, "test-intake");
        assert_eq!(m.read_error, None, "{name}");
        assert_eq!(message.subject.as_str(), "newsflow.input");
    }
    assert_ne!(
        meta(by_name["a.txt"]).msg_id,
        meta(by_name["copy of a.txt"]).msg_id
    );
    // Over inbox.max_bytes: the message carries the read stage's rejection.
    let m = meta(by_name["big.txt"]);
    assert!(by_name["big.txt"].payload.is_empty());
    assert_eq!(m.sha256, "");
    assert_eq!(m.size, MAX_BYTES + 1);
    let (kind, reason) = m.read_error.expect("a read error");
    assert_eq!(kind, "too_large");
    assert!(reason.contains("inbox.max_bytes"), "{reason}");
    daemon.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_keeps_what_was_published_and_goes_on() {
    let Some(nats) = NatsServer::start("restart_keeps_what_was_published_and_goes_on") else {
        return;
    };
    let env = cluster_env(&nats.url, "keep", "");
    let daemon = env.start();
    for i in 0..3 {
        write_file(
            &env.inbox.join(format!("{i}.txt")),
            format!("Article {i}\n\nBody of article {i}.\n"),
        );
    }
    nats.wait_stream_len("NEWSFLOW_INPUTS", 3).await;
    daemon.stop();
    // The server restarted too: the stream and its duplicate window survive.
    let mut nats = nats;
    nats.restart();
    let daemon = env.start();
    write_file(
        &env.inbox.join("3.txt"),
        "Article 3\n\nBody of article 3.\n",
    );
    nats.wait_stream_len("NEWSFLOW_INPUTS", 4).await;
    // Touching a published file (same bytes, new mtime) publishes nothing new.
    write_file(
        &env.inbox.join("0.txt"),
        "Article 0\n\nBody of article 0.\n",
    );
    write_file(
        &env.inbox.join("4.txt"),
        "Article 4\n\nBody of article 4.\n",
    );
    nats.wait_stream_len("NEWSFLOW_INPUTS", 5).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut names: Vec<String> = nats
        .read_stream("NEWSFLOW_INPUTS")
        .await
        .iter()
        .map(|m| meta(m).name)
        .collect();
    names.sort();
    assert_eq!(names, ["0.txt", "1.txt", "2.txt", "3.txt", "4.txt"]);
    daemon.stop();
}

#[test]
fn unreachable_server_is_a_setup_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let env = cluster_env(&format!("nats://127.0.0.1:{port}"), "keep", "");
    let out = env.run(["run"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot reach a NATS server") && stderr.contains("cluster.servers"),
        "{stderr}"
    );
}

#[test]
fn bad_cluster_configuration_exits_2_naming_the_fix() {
    let env = cluster_env("nats://127.0.0.1:4222", "keep", "");
    for (roles, expected) in [
        ("[\"owner\", \"standby\"]", "keep one of them"),
        ("[]", "cluster.roles is missing"),
        ("[\"owner\"]", "not built yet"),
    ] {
        write_config(&env, "nats://127.0.0.1:4222", roles, "");
        let out = env.run(["run"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{roles}: {stderr}");
        assert!(stderr.contains(expected), "{roles}: {stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inputs_larger_than_the_server_takes_are_refused_at_startup() {
    let Some(nats) =
        NatsServer::start("inputs_larger_than_the_server_takes_are_refused_at_startup")
    else {
        return;
    };
    let env = Env::new();
    write_config(&env, &nats.url, "[\"intake\"]", "");
    let out = env.run(["run"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("max_payload") && stderr.contains("inbox.max_bytes"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_dropped_while_the_server_is_down_are_published_once_it_is_back() {
    let Some(mut nats) =
        NatsServer::start("files_dropped_while_the_server_is_down_are_published_once_it_is_back")
    else {
        return;
    };
    let env = cluster_env(&nats.url, "move", "");
    let mut daemon = env.start();
    write_file(
        &env.inbox.join("before.txt"),
        "Before\n\nPublished before the outage.\n",
    );
    nats.wait_stream_len("NEWSFLOW_INPUTS", 1).await;
    nats.kill();
    for i in 0..20 {
        write_file(
            &env.inbox.join(format!("down-{i:02}.txt")),
            format!("Outage {i}\n\nWritten while the server was down, number {i}.\n"),
        );
    }
    // Taken, read and retried, not marked: still in the inbox.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    daemon.assert_running();
    assert!(
        env.inbox.join("down-00.txt").exists(),
        "moved before its PubAck"
    );
    nats.restart();
    nats.wait_stream_len("NEWSFLOW_INPUTS", 21).await;
    common::wait_for(PATIENCE, "every input moved to .done", || {
        daemon.assert_running();
        (0..20)
            .all(|i| !env.inbox.join(format!("down-{i:02}.txt")).exists())
            .then_some(())
    });
    let mut names: Vec<String> = nats
        .read_stream("NEWSFLOW_INPUTS")
        .await
        .iter()
        .map(|m| meta(m).name)
        .collect();
    names.sort();
    let mut expected: Vec<String> = (0..20).map(|i| format!("down-{i:02}.txt")).collect();
    expected.insert(0, "before.txt".into());
    assert_eq!(names, expected, "each once");
    daemon.stop();
}

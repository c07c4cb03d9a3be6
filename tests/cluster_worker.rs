//! The worker role against a real nats-server: one intake process and two
//! worker processes sharing the durable consumer; every input gives exactly
//! one result message, its records as the daemon's stages make them, and
//! every input is acked. Skipped, with a message, when nats-server is absent.

mod common;

use std::collections::BTreeMap;
use std::fs::File;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::nats::{NatsServer, write_cluster_config};
use common::{Article, BIN, Env, Options, PATIENCE, write_file};
use newsflow::cluster::result::{ResultPart, WorkResult};
use sha2::{Digest, Sha256};

/// A worker process; killed when dropped (its log printed on a failure).
struct Worker {
    child: Child,
    log: std::path::PathBuf,
}

impl Worker {
    fn start(env: &Env, nats: &NatsServer, n: u32) -> Worker {
        let config = env.root.join(format!("worker-{n}.toml"));
        let extra = format!("node = \"worker-{n}\"\n[cluster.worker]\nack_wait_secs = 3\n");
        write_cluster_config(env, &config, &nats.url, "[\"worker\"]", &extra);
        let log = env.root.join(format!("worker-{n}.log"));
        let child = Command::new(BIN)
            .current_dir(&env.root)
            .env("RUST_LOG", "info")
            .arg("--config")
            .arg(&config)
            .arg("--state")
            .arg(env.root.join(format!("worker-{n}-state")))
            .arg("--log-format")
            .arg("json")
            .arg("run")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(&log).expect("create worker log"))
            .spawn()
            .expect("start a worker");
        Worker { child, log }
    }

    /// Waits until the worker pulls from the shared consumer.
    fn wait_ready(&mut self) {
        common::wait_for(PATIENCE, "a worker to pull inputs", || {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "a worker exited ({status}):\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            log.contains("worker pulling inputs").then_some(())
        });
    }

    /// SIGTERM, then expects exit status 0.
    fn stop(&mut self) {
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
        }
        let status = common::wait_for(PATIENCE, "a worker to stop", || {
            self.child.try_wait().expect("try_wait")
        });
        assert!(status.success(), "a worker exited with {status} on SIGTERM");
    }

    /// `kill -9`.
    fn kill9(&mut self) {
        self.child.kill().expect("kill -9 a worker");
        self.child.wait().expect("reap a worker");
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            let text = std::fs::read_to_string(&self.log).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            eprintln!(
                "worker log ({}):\n{}",
                self.log.display(),
                lines[lines.len().saturating_sub(20)..].join("\n")
            );
        }
    }
}

fn results(messages: &[async_nats::jetstream::Message]) -> Vec<WorkResult> {
    messages
        .iter()
        .map(|m| serde_json::from_slice(&m.payload).expect("a result"))
        .collect()
}

/// Waits until the workers' consumer has nothing pending and nothing unacked.
async fn wait_all_acked(nats: &NatsServer) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let js = nats.jetstream().await;
        let mut stream = js.get_stream("NEWSFLOW_INPUTS").await.expect("inputs");
        let info = match stream
            .get_consumer::<async_nats::jetstream::consumer::pull::Config>("workers")
            .await
        {
            Ok(mut c) => c
                .info()
                .await
                .ok()
                .map(|i| (i.num_pending, i.num_ack_pending)),
            Err(_) => None,
        };
        let _ = stream.info().await;
        if info == Some((0, 0)) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "inputs still pending or unacked (pending, ack pending): {info:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_give_every_input_exactly_one_result() {
    let Some(nats) = NatsServer::start("two_workers_give_every_input_exactly_one_result") else {
        return;
    };
    let env = Env::with(Options {
        max_bytes: Some(1_000_000),
        ..Options::default()
    });
    write_cluster_config(
        &env,
        &env.config,
        &nats.url,
        "[\"intake\"]",
        "node = \"intake\"\n",
    );
    let intake = env.start();
    let mut workers = [Worker::start(&env, &nats, 1), Worker::start(&env, &nats, 2)];
    for worker in &mut workers {
        worker.wait_ready();
    }

    let mut expected: BTreeMap<String, (Vec<u8>, usize)> = BTreeMap::new();
    for n in 0..24 {
        let text = Article::generate(n).text();
        expected.insert(format!("a{n:02}.txt"), (text.into_bytes(), 1));
    }
    let lines: String = (100..103)
        .map(|n| {
            let a = Article::generate(n);
            format!(
                "{}\n",
                serde_json::json!({"title": a.title, "body": a.body()})
            )
        })
        .collect();
    expected.insert("many.jsonl".into(), (lines.into_bytes(), 3));
    expected.insert(
        "image.bin".into(),
        (vec![0u8, 159, 146, 150, 0, 1, 2, 3, 255, 0, 7], 1),
    );
    for (name, (bytes, _)) in &expected {
        write_file(&env.inbox.join(name), bytes);
    }
    let n = expected.len() as u64;
    nats.wait_stream_len("NEWSFLOW_RESULTS", n).await;
    wait_all_acked(&nats).await;
    // Late duplicates would have arrived by now (ack wait is 3 s in this test).
    tokio::time::sleep(Duration::from_millis(500)).await;

    let results = results(&nats.read_stream("NEWSFLOW_RESULTS").await);
    assert_eq!(results.len() as u64, n, "one result per input");
    let mut seqs: Vec<u64> = results.iter().map(|r| r.input_seq).collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=n).collect::<Vec<_>>(), "every input seq once");
    let mut by_worker: BTreeMap<&str, usize> = BTreeMap::new();
    for result in &results {
        *by_worker.entry(result.worker.as_str()).or_default() += 1;
        let name = &result.input.name;
        let (bytes, parts) = &expected[name];
        let path = env.inbox.join(name).display().to_string();
        assert_eq!(result.input.path, path);
        assert_eq!(result.parts.len(), *parts, "{name}: parts");
        for part in &result.parts {
            match part {
                ResultPart::Article { record, sha256, .. } => {
                    assert_eq!(record.source.path, path, "{name}: the real path");
                    assert_eq!(&record.source.name, name);
                    if *parts == 1 {
                        assert_eq!(*sha256, hex::encode(Sha256::digest(bytes)), "{name}");
                    }
                    assert!(!record.title.is_empty(), "{name}: a title");
                    assert!(record.language.is_some(), "{name}: tagged");
                }
                ResultPart::Rejected { record, .. } => {
                    assert_eq!(name, "image.bin", "only the binary file is rejected");
                    assert_eq!(record.kind, "binary");
                    assert_eq!(record.path, path);
                }
            }
        }
    }
    eprintln!("results by worker: {by_worker:?}");
    for worker in &mut workers {
        worker.stop();
    }
    intake.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_run_loses_no_input_and_doubles_none() {
    let Some(nats) = NatsServer::start("a_worker_killed_mid_run_loses_no_input_and_doubles_none")
    else {
        return;
    };
    let env = Env::with(Options {
        max_bytes: Some(1_000_000),
        ..Options::default()
    });
    write_cluster_config(&env, &env.config, &nats.url, "[\"intake\"]", "");
    let intake = env.start();
    let mut workers = [Worker::start(&env, &nats, 1), Worker::start(&env, &nats, 2)];
    for worker in &mut workers {
        worker.wait_ready();
    }
    let n = 1500u64;
    common::drop_articles(&env.inbox, "k", 0..n);
    nats.wait_stream_len("NEWSFLOW_RESULTS", n / 5).await;
    workers[0].kill9();
    let killed_at = nats.stream_len("NEWSFLOW_RESULTS").await;
    nats.wait_stream_len("NEWSFLOW_RESULTS", n).await;
    wait_all_acked(&nats).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let results = results(&nats.read_stream("NEWSFLOW_RESULTS").await);
    let mut seqs: Vec<u64> = results.iter().map(|r| r.input_seq).collect();
    seqs.sort_unstable();
    assert_eq!(
        seqs,
        (1..=n).collect::<Vec<_>>(),
        "every input seq exactly once"
    );
    let mut names: Vec<&str> = results.iter().map(|r| r.input.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len() as u64, n, "every file once");
    let mut by_worker: BTreeMap<&str, usize> = BTreeMap::new();
    for result in &results {
        *by_worker.entry(result.worker.as_str()).or_default() += 1;
    }
    eprintln!("worker-1 killed after {killed_at} results; results by worker: {by_worker:?}");
    intake.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_restart_mid_run_loses_no_input_and_doubles_none() {
    let Some(mut nats) =
        NatsServer::start("a_server_restart_mid_run_loses_no_input_and_doubles_none")
    else {
        return;
    };
    let env = Env::with(Options {
        max_bytes: Some(1_000_000),
        ..Options::default()
    });
    write_cluster_config(&env, &env.config, &nats.url, "[\"intake\"]", "");
    let mut intake = env.start();
    let mut worker = Worker::start(&env, &nats, 1);
    worker.wait_ready();
    let n = 1500u64;
    common::drop_articles(&env.inbox, "s", 0..n);
    nats.wait_stream_len("NEWSFLOW_RESULTS", n / 5).await;
    nats.restart();
    let restarted_at = nats.stream_len("NEWSFLOW_RESULTS").await;
    nats.wait_stream_len("NEWSFLOW_INPUTS", n).await;
    nats.wait_stream_len("NEWSFLOW_RESULTS", n).await;
    wait_all_acked(&nats).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    intake.assert_running();
    let inputs = nats.read_stream("NEWSFLOW_INPUTS").await;
    assert_eq!(inputs.len() as u64, n, "every file published once");
    let results = results(&nats.read_stream("NEWSFLOW_RESULTS").await);
    let mut seqs: Vec<u64> = results.iter().map(|r| r.input_seq).collect();
    seqs.sort_unstable();
    assert_eq!(
        seqs,
        (1..=n).collect::<Vec<_>>(),
        "every input seq exactly once"
    );
    eprintln!("server restarted after {restarted_at} results");
    worker.stop();
    intake.stop();
}

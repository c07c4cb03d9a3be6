//! A real `nats-server` with JetStream for the cluster tests: started on a free
//! loopback port with its store in a temporary folder, ready once it greets a
//! client with JetStream on, killed when dropped. Tests skip (with a message)
//! when `nats-server` is not installed; `.ci/run` installs it.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer};
use futures::StreamExt;
use tempfile::TempDir;

use super::{Env, PATIENCE};

/// How long a starting server gets to answer.
const READY_WITHIN: Duration = Duration::from_secs(20);

/// A running `nats-server -js` on 127.0.0.1.
pub struct NatsServer {
    child: Option<Child>,
    pub port: u16,
    /// `nats://127.0.0.1:<port>`, for `cluster.servers` and clients.
    pub url: String,
    /// The JetStream store folder (kept across [`NatsServer::restart`]).
    pub store: PathBuf,
    log: PathBuf,
    _dir: TempDir,
}

/// The `nats-server` binary: `$NATS_SERVER`, else on PATH, else where the
/// Debian package puts it (`/usr/sbin`, which a non-root PATH may lack).
pub fn nats_server_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NATS_SERVER") {
        return Some(PathBuf::from(path));
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join("nats-server"));
    on_path
        .chain([PathBuf::from("/usr/sbin/nats-server")])
        .find(|p| p.is_file())
}

/// A port nothing listens on now (the server binds it a moment later).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port")
}

impl NatsServer {
    /// Starts a server, or returns `None` after printing why the test is
    /// skipped when `nats-server` is not installed.
    pub fn start(test: &str) -> Option<NatsServer> {
        let Some(binary) = nats_server_binary() else {
            eprintln!(
                "SKIPPED {test}: nats-server is not installed \
                 (apt-get install -y nats-server, or set NATS_SERVER=/path/to/nats-server)"
            );
            return None;
        };
        let dir = tempfile::Builder::new()
            .prefix("newsflow-nats-")
            .tempdir()
            .expect("create temp dir");
        let mut server = NatsServer {
            child: None,
            port: free_port(),
            url: String::new(),
            store: dir.path().join("jetstream"),
            log: dir.path().join("nats-server.log"),
            _dir: dir,
        };
        server.url = format!("nats://127.0.0.1:{}", server.port);
        server.spawn(&binary);
        Some(server)
    }

    fn spawn(&mut self, binary: &Path) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("create nats-server log");
        let child = Command::new(binary)
            .arg("-js")
            .arg("-sd")
            .arg(&self.store)
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-a")
            .arg("127.0.0.1")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("clone log handle"))
            .stderr(log)
            .spawn()
            .expect("start nats-server");
        self.child = Some(child);
        self.wait_ready();
    }

    /// Waits until the server greets a client and has JetStream on.
    fn wait_ready(&mut self) {
        let deadline = Instant::now() + READY_WITHIN;
        loop {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                panic!(
                    "nats-server exited ({status}) at startup:\n{}",
                    self.log_text()
                );
            }
            if let Some(info) = self.greeting() {
                assert!(
                    info.contains("\"jetstream\":true"),
                    "nats-server answered without JetStream: {info}"
                );
                return;
            }
            assert!(
                Instant::now() < deadline,
                "nats-server did not answer on port {} within {READY_WITHIN:?}:\n{}",
                self.port,
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The server's `INFO {...}` line, when it answers.
    fn greeting(&self) -> Option<String> {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
        let mut line = String::new();
        BufReader::new(stream).read_line(&mut line).ok()?;
        line.starts_with("INFO ").then_some(line)
    }

    /// What the server logged so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Kills the server (SIGKILL) and waits for it.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Kills the server and starts it again on the same port and store.
    pub fn restart(&mut self) {
        self.kill();
        let binary = nats_server_binary().expect("nats-server was found at start");
        self.spawn(&binary);
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Writes the environment's config with a `[cluster]` section.
pub fn write_cluster_config(env: &Env, path: &Path, nats_url: &str, roles: &str, extra: &str) {
    let text = format!(
        "{}\n[cluster]\nservers = [\"{nats_url}\"]\nroles = {roles}\n\
         connect_timeout_secs = 2\n{extra}",
        env.config_text()
    );
    std::fs::write(path, text).expect("write config");
}

impl NatsServer {
    /// A JetStream context on this server.
    pub async fn jetstream(&self) -> jetstream::Context {
        let client = async_nats::connect(&self.url)
            .await
            .expect("connect to nats");
        jetstream::new(client)
    }

    /// Every message of the stream, in order, read with an ephemeral pull consumer.
    pub async fn read_stream(&self, stream: &str) -> Vec<jetstream::Message> {
        let stream = self
            .jetstream()
            .await
            .get_stream(stream)
            .await
            .expect("the stream exists");
        let consumer = stream
            .create_consumer(consumer::pull::Config {
                deliver_policy: consumer::DeliverPolicy::All,
                ack_policy: consumer::AckPolicy::None,
                ..Default::default()
            })
            .await
            .expect("create a consumer");
        let mut out = Vec::new();
        loop {
            let mut batch = consumer
                .fetch()
                .max_messages(100)
                .expires(Duration::from_millis(500))
                .messages()
                .await
                .expect("fetch");
            let before = out.len();
            while let Some(message) = batch.next().await {
                out.push(message.expect("a message"));
            }
            if out.len() == before {
                return out;
            }
        }
    }

    /// Messages in the stream now (0 when it does not exist yet).
    pub async fn stream_len(&self, stream: &str) -> u64 {
        match self.jetstream().await.get_stream(stream).await {
            Ok(mut s) => s.info().await.map_or(0, |i| i.state.messages),
            Err(_) => 0,
        }
    }

    /// Waits until the stream holds at least `n` messages.
    pub async fn wait_stream_len(&self, stream: &str, n: u64) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let len = self.stream_len(stream).await;
            if len >= n {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the stream {stream} has {len} messages, not {n}, after {PATIENCE:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

//! Configuration: the TOML file (`config/newsflow.toml`), its defaults, and the
//! checks that turn it into a [`Config`] the rest of the daemon can trust.
//! Every key is optional; unknown keys are an error so typos do not pass silently.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Default location of the configuration file, relative to the working directory.
pub const DEFAULT_CONFIG_PATH: &str = "config/newsflow.toml";

/// Errors found while loading or validating the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file `{path}` cannot be read: {source}; create it or pass --config FILE")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file `{path}` is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{0}")]
    Invalid(String),
}

/// The whole configuration, as written in the TOML file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The watched folder and how files are taken from it.
    pub inbox: InboxConfig,
    /// Where records, stories, rejections and the feed are written.
    pub outbox: OutboxConfig,
    /// Where the SQLite state lives.
    pub state: StateConfig,
    /// Concurrency, queues and shutdown.
    pub pipeline: PipelineConfig,
    /// Near-duplicate and text-reuse detection.
    pub dedup: DedupConfig,
    /// The Prometheus endpoint.
    pub metrics: MetricsConfig,
    /// How articles are grouped into stories.
    pub stories: StoriesConfig,
    /// Several processes over NATS JetStream (see docs/cluster.md). Absent:
    /// the single-process daemon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<ClusterConfig>,
}

/// What a process of a cluster does (docs/cluster.md, section 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Watches the inbox and publishes each input to the inputs stream.
    Intake,
    /// Runs the per-article stages on the inputs stream.
    Worker,
    /// The active corpus owner (dedup, keywords, stories, ledger).
    Owner,
    /// An owner that waits for the active one's lease to expire.
    Standby,
    /// Writes the outbox folder from the records stream.
    Sink,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Intake => "intake",
            Role::Worker => "worker",
            Role::Owner => "owner",
            Role::Standby => "standby",
            Role::Sink => "sink",
        }
    }
}

/// `[cluster]`: the NATS servers and what this process does.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClusterConfig {
    /// NATS server URLs (`nats://host:port`); the client picks one and fails over.
    pub servers: Vec<String>,
    /// The roles of this process: intake, worker, owner, standby, sink.
    pub roles: Vec<Role>,
    /// This process's name in the cluster (status, the lease); empty means the host name.
    pub node: String,
    /// How long to try to reach a server at startup.
    pub connect_timeout_secs: u64,
    /// Stream names and settings.
    pub streams: StreamsConfig,
    /// The shared consumer of the workers.
    pub worker: WorkerConfig,
    /// The owner lease.
    pub owner: OwnerConfig,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            servers: Vec::new(),
            roles: Vec::new(),
            node: String::new(),
            connect_timeout_secs: 5,
            streams: StreamsConfig::default(),
            worker: WorkerConfig::default(),
            owner: OwnerConfig::default(),
        }
    }
}

/// `[cluster.streams]`: the JetStream streams, created when missing.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StreamsConfig {
    /// Inputs, as intake publishes them.
    pub inputs: String,
    /// The workers' results, one per input.
    pub results: String,
    /// The owner's commit log.
    pub commits: String,
    /// Records and feed events, for sinks and other programs.
    pub records: String,
    /// First token of every subject (`<prefix>.input`, `<prefix>.article`, ...).
    pub subject_prefix: String,
    /// Messages older than this are removed (not the commit log).
    pub max_age_hours: u64,
    /// A message with an id seen this recently is dropped as a duplicate.
    pub duplicate_window_secs: u64,
    /// Copies of each stream in a NATS cluster (1 for one server).
    pub replicas: usize,
}

impl Default for StreamsConfig {
    fn default() -> Self {
        StreamsConfig {
            inputs: "NEWSFLOW_INPUTS".into(),
            results: "NEWSFLOW_RESULTS".into(),
            commits: "NEWSFLOW_COMMITS".into(),
            records: "NEWSFLOW_RECORDS".into(),
            subject_prefix: "newsflow".into(),
            max_age_hours: 168,
            duplicate_window_secs: 86_400,
            replicas: 1,
        }
    }
}

impl StreamsConfig {
    /// The subject intake publishes inputs to.
    pub fn input_subject(&self) -> String {
        format!("{}.input", self.subject_prefix)
    }

    /// The subject workers publish results to.
    pub fn result_subject(&self) -> String {
        format!("{}.result", self.subject_prefix)
    }
}

/// `[cluster.worker]`: the workers' shared durable consumer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkerConfig {
    /// Name of the durable pull consumer the workers share.
    pub consumer: String,
    /// An input not acked this long after delivery is delivered again.
    pub ack_wait_secs: u64,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            consumer: "workers".into(),
            ack_wait_secs: 60,
        }
    }
}

/// `[cluster.owner]`: the lease that makes one owner active.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OwnerConfig {
    /// The key-value bucket holding the lease.
    pub lease_bucket: String,
    /// An owner that has not renewed its lease for this long has lost it.
    pub lease_secs: u64,
    /// The active owner renews its lease this often.
    pub renew_secs: u64,
}

impl Default for OwnerConfig {
    fn default() -> Self {
        OwnerConfig {
            lease_bucket: "NEWSFLOW_OWNER".into(),
            lease_secs: 10,
            renew_secs: 3,
        }
    }
}

impl ClusterConfig {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs(self.connect_timeout_secs)
    }

    /// The node name: `node`, else the host name.
    pub fn node_name(&self) -> String {
        if !self.node.is_empty() {
            return self.node.clone();
        }
        std::fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| std::fs::read_to_string("/etc/hostname"))
            .map(|h| h.trim().to_string())
            .ok()
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "newsflow".into())
    }

    /// Checks `[cluster]`: every message names the key and the fix.
    pub fn validate(&self) -> Result<(), String> {
        if self.servers.is_empty() {
            return Err(
                "cluster.servers is missing: name at least one NATS server, \
                        e.g. servers = [\"nats://127.0.0.1:4222\"]"
                    .into(),
            );
        }
        for url in &self.servers {
            let rest = url
                .strip_prefix("nats://")
                .or_else(|| url.strip_prefix("tls://"))
                .unwrap_or(url);
            if rest.is_empty() || rest.contains(char::is_whitespace) || rest.contains('/') {
                return Err(format!(
                    "cluster.servers: `{url}` is not a server address: write it as nats://host:port"
                ));
            }
        }
        if self.roles.is_empty() {
            return Err(
                "cluster.roles is missing: give this process one or more of \
                        \"intake\", \"worker\", \"owner\", \"standby\", \"sink\" \
                        (or remove [cluster] to run the single-process daemon)"
                    .into(),
            );
        }
        let mut seen = Vec::new();
        for role in &self.roles {
            if seen.contains(role) {
                return Err(format!(
                    "cluster.roles names \"{}\" twice: list each role once",
                    role.as_str()
                ));
            }
            seen.push(*role);
        }
        if self.has(Role::Owner) && self.has(Role::Standby) {
            return Err(
                "cluster.roles has both \"owner\" and \"standby\": a process is the \
                        active owner or waits as its standby; keep one of them"
                    .into(),
            );
        }
        if self.connect_timeout_secs == 0 {
            return Err("cluster.connect_timeout_secs must be at least 1".into());
        }
        let s = &self.streams;
        for (key, name) in [
            ("inputs", &s.inputs),
            ("results", &s.results),
            ("commits", &s.commits),
            ("records", &s.records),
        ] {
            if !is_stream_name(name) {
                return Err(format!(
                    "cluster.streams.{key} = \"{name}\" is not a stream name: use letters, \
                     digits, `-` and `_` only"
                ));
            }
        }
        let mut names = vec![&s.inputs, &s.results, &s.commits, &s.records];
        names.sort();
        names.dedup();
        if names.len() < 4 {
            return Err("cluster.streams: the four streams need four different names".into());
        }
        if s.subject_prefix.split('.').any(|t| !is_stream_name(t)) {
            return Err(format!(
                "cluster.streams.subject_prefix = \"{}\" is not a subject prefix: dot-separated \
                 tokens of letters, digits, `-` and `_`",
                s.subject_prefix
            ));
        }
        if s.max_age_hours == 0 {
            return Err("cluster.streams.max_age_hours must be at least 1".into());
        }
        if s.duplicate_window_secs == 0 || s.duplicate_window_secs > s.max_age_hours * 3600 {
            return Err(
                "cluster.streams.duplicate_window_secs must be at least 1 and at most \
                        max_age_hours (in seconds)"
                    .into(),
            );
        }
        if !(1..=5).contains(&s.replicas) {
            return Err("cluster.streams.replicas must be between 1 and 5".into());
        }
        if !is_stream_name(&self.worker.consumer) {
            return Err(format!(
                "cluster.worker.consumer = \"{}\" is not a consumer name: use letters, \
                 digits, `-` and `_` only",
                self.worker.consumer
            ));
        }
        if self.worker.ack_wait_secs == 0 {
            return Err("cluster.worker.ack_wait_secs must be at least 1".into());
        }
        let o = &self.owner;
        if !is_stream_name(&o.lease_bucket) {
            return Err(format!(
                "cluster.owner.lease_bucket = \"{}\" is not a bucket name: use letters, \
                 digits, `-` and `_` only",
                o.lease_bucket
            ));
        }
        if o.renew_secs == 0 || o.renew_secs * 2 > o.lease_secs {
            return Err(
                "cluster.owner.renew_secs must be at least 1 and at most half of \
                        lease_secs, so that one late renewal does not lose the lease"
                    .into(),
            );
        }
        Ok(())
    }
}

/// A JetStream stream, consumer or bucket name (also a subject token).
fn is_stream_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What happens to an input file once its outcome is committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AfterAction {
    /// Leave the file where it is (the ledger remembers it was done).
    Keep,
    /// Move it to `<inbox>/.done/` (hidden, so it is not rescanned).
    Move,
    /// Delete it.
    Delete,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InboxConfig {
    /// The folder to watch.
    pub path: PathBuf,
    /// A file written in place is taken once its size and mtime have not changed
    /// for this long (and, when the watcher saw it being written, once it was closed).
    pub settle_ms: u64,
    /// Full reconcile scan every this many seconds, in case an event was missed.
    pub rescan_secs: u64,
    /// Poll instead of using file-system events (for NFS, SMB and other network mounts).
    pub poll: bool,
    /// Scan interval when `poll = true`.
    pub poll_ms: u64,
    /// Descend into subfolders.
    pub recursive: bool,
    /// Follow symbolic links (off by default: a link may point outside the inbox).
    pub follow_symlinks: bool,
    /// What to do with an input once its outcome is committed: keep, move or delete.
    pub after: AfterAction,
    /// Files larger than this are rejected without being read.
    pub max_bytes: u64,
    /// Folder names skipped at any depth (hidden folders are always skipped).
    pub ignore_dirs: Vec<String>,
}

impl Default for InboxConfig {
    fn default() -> Self {
        InboxConfig {
            path: PathBuf::from("inbox"),
            settle_ms: 500,
            rescan_secs: 60,
            poll: false,
            poll_ms: 1000,
            recursive: true,
            follow_symlinks: false,
            after: AfterAction::Keep,
            max_bytes: 20 * 1024 * 1024,
            ignore_dirs: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutboxConfig {
    /// The folder that receives `articles/`, `rejected/`, `stories/` and `feed.jsonl`.
    pub path: PathBuf,
    /// Flush written records to disk (one `syncfs` per commit batch) before the ledger
    /// commits them, so that a power cut cannot lose an announced record.
    /// Turning it off keeps crash safety against process kills, not power loss.
    pub sync: bool,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        OutboxConfig {
            path: PathBuf::from("outbox"),
            sync: true,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StateConfig {
    /// The folder holding `newsflow.db`.
    pub path: PathBuf,
}

impl Default for StateConfig {
    fn default() -> Self {
        StateConfig {
            path: PathBuf::from("state"),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineConfig {
    /// Articles read, parsed and extracted at once; 0 means one per CPU core.
    pub workers: usize,
    /// Capacity of each channel between stages (the backpressure bound).
    pub queue: usize,
    /// Outcomes committed to the ledger in one transaction at most.
    pub batch_max: usize,
    /// On SIGINT/SIGTERM, in-flight articles get this long to finish; what is left
    /// is handed back (processed again at the next start).
    pub drain_timeout_secs: u64,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig {
            workers: 0,
            queue: 256,
            batch_max: 1024,
            drain_timeout_secs: 10,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DedupConfig {
    /// Word-5-shingle Jaccard (verified) at or above which an article is a
    /// near-duplicate of an earlier one.
    pub near_threshold: f64,
    /// An earlier article counts as reused when this many sentences are shared...
    pub reuse_min_sentences: u32,
    /// ...or one sentence of at least this many words.
    pub reuse_long_sentence_words: u16,
    /// Only articles taken within this many days are compared against; 0 keeps
    /// every article in the index (the ledger keeps everything regardless).
    pub window_days: u64,
}

/// Online story clustering.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoriesConfig {
    /// A story takes no new member once it has been quiet for this many hours
    /// of article time (published, else received); it stays in the state.
    pub window_hours: u64,
    /// Similarity (0..1) an article needs to join a story instead of
    /// starting one.
    pub threshold: f64,
    /// Share of the similarity that comes from shared names (people,
    /// organisations, places); the rest from corpus-weighted words.
    pub name_weight: f64,
}

impl Default for StoriesConfig {
    fn default() -> Self {
        let s = crate::corpus::stories::Settings::default();
        // The clusterer works in f32; the config shows the decimal it was given.
        let decimal = |x: f32| (f64::from(x) * 1e6).round() / 1e6;
        StoriesConfig {
            window_hours: (s.window_secs / 3600) as u64,
            threshold: decimal(s.threshold),
            name_weight: decimal(s.name_weight),
        }
    }
}

impl StoriesConfig {
    /// The clusterer settings these keys choose.
    pub fn settings(&self) -> crate::corpus::stories::Settings {
        crate::corpus::stories::Settings {
            window_secs: i64::try_from(self.window_hours.saturating_mul(3600)).unwrap_or(i64::MAX),
            threshold: self.threshold as f32,
            name_weight: self.name_weight as f32,
        }
    }
}

impl Default for DedupConfig {
    fn default() -> Self {
        let index = crate::dedup::IndexConfig::default();
        DedupConfig {
            near_threshold: index.near_threshold,
            reuse_min_sentences: index.reuse_min_sentences,
            reuse_long_sentence_words: index.reuse_long_sentence_words,
            window_days: 0,
        }
    }
}

impl DedupConfig {
    /// The index settings these keys choose (the rest keep their measured defaults).
    pub fn index(&self) -> crate::dedup::IndexConfig {
        crate::dedup::IndexConfig {
            near_threshold: self.near_threshold,
            reuse_min_sentences: self.reuse_min_sentences,
            reuse_long_sentence_words: self.reuse_long_sentence_words,
            ..crate::dedup::IndexConfig::default()
        }
    }

    /// The eviction window, when one is set.
    pub fn window(&self) -> Option<Duration> {
        (self.window_days > 0).then(|| Duration::from_secs(self.window_days * 86_400))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// Serve `/metrics` (Prometheus) and `/healthz`.
    pub enabled: bool,
    /// Address to listen on.
    pub addr: SocketAddr,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        MetricsConfig {
            enabled: true,
            addr: SocketAddr::from(([127, 0, 0, 1], 9464)),
        }
    }
}

impl Config {
    /// Loads the configuration file. A missing file at the default path means
    /// "all defaults"; a missing file the user named explicitly is an error.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, explicit) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from(DEFAULT_CONFIG_PATH), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                return Ok(Config::default());
            }
            Err(source) => return Err(ConfigError::Read { path, source }),
        };
        Config::from_toml(&text).map_err(|message| ConfigError::Parse { path, message })
    }

    /// Parses TOML text into a configuration (no validation yet).
    pub fn from_toml(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// Checks values that the types alone cannot (ranges and relations between keys).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |msg: &str| Err(ConfigError::Invalid(msg.to_string()));
        if self.pipeline.queue == 0 {
            return bad("pipeline.queue must be at least 1");
        }
        if self.pipeline.batch_max == 0 {
            return bad("pipeline.batch_max must be at least 1");
        }
        if self.inbox.max_bytes == 0 {
            return bad("inbox.max_bytes must be at least 1");
        }
        if self.inbox.poll && self.inbox.poll_ms == 0 {
            return bad("inbox.poll_ms must be at least 1 when inbox.poll = true");
        }
        if self.inbox.rescan_secs == 0 {
            return bad("inbox.rescan_secs must be at least 1");
        }
        if let Err(e) = self.dedup.index().validate() {
            return Err(ConfigError::Invalid(format!("dedup: {e}")));
        }
        if !(0.0..=1.0).contains(&self.stories.threshold) {
            return bad("stories.threshold must be between 0 and 1");
        }
        if !(0.0..=1.0).contains(&self.stories.name_weight) {
            return bad("stories.name_weight must be between 0 and 1");
        }
        if self.stories.window_hours == 0 {
            return bad("stories.window_hours must be at least 1");
        }
        if let Some(cluster) = &self.cluster {
            cluster.validate().map_err(ConfigError::Invalid)?;
        }
        Ok(())
    }

    /// The inbox must exist: creating it silently would hide a typo in `inbox.path`.
    pub fn check_inbox(&self) -> Result<(), ConfigError> {
        if self.inbox.path.is_dir() {
            return Ok(());
        }
        Err(ConfigError::Invalid(format!(
            "inbox `{}` does not exist: create it or set `inbox.path` (or pass --inbox DIR)",
            self.inbox.path.display()
        )))
    }

    /// Checks that the folders exist (or can be made) before the daemon starts.
    pub fn prepare_folders(&self) -> Result<(), ConfigError> {
        self.check_inbox()?;
        for (key, dir) in [
            ("outbox.path", &self.outbox.path),
            ("state.path", &self.state.path),
        ] {
            std::fs::create_dir_all(dir).map_err(|e| {
                ConfigError::Invalid(format!(
                    "cannot create `{}` ({e}): fix its permissions or set `{key}`",
                    dir.display()
                ))
            })?;
        }
        Ok(())
    }

    /// The dedup index's settings. Verify data of recent articles stays in RAM
    /// for as many articles as can be between dedup and the ledger commit (five
    /// channels, the parallel stage and a commit batch), twice over.
    pub fn dedup_index(&self) -> crate::dedup::IndexConfig {
        let in_flight = 5 * self.pipeline.queue + 2 * self.workers() + self.pipeline.batch_max;
        crate::dedup::IndexConfig {
            recent_capacity: (2 * in_flight).max(1024),
            ..self.dedup.index()
        }
    }

    /// Number of parallel workers, resolving 0 to the number of CPU cores.
    pub fn workers(&self) -> usize {
        match self.pipeline.workers {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
            n => n,
        }
    }

    pub fn settle(&self) -> Duration {
        Duration::from_millis(self.inbox.settle_ms)
    }

    pub fn drain_timeout(&self) -> Duration {
        Duration::from_secs(self.pipeline.drain_timeout_secs)
    }

    /// Path of the SQLite database.
    pub fn database_path(&self) -> PathBuf {
        self.state.path.join("newsflow.db")
    }

    /// The resolved configuration as TOML, for `newsflow check`.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot render: {e}\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_means_defaults() {
        let c = Config::from_toml("").unwrap();
        assert_eq!(c.inbox.path, PathBuf::from("inbox"));
        assert_eq!(c.inbox.after, AfterAction::Keep);
        assert!(c.metrics.enabled);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = Config::from_toml("[inbox]\nsettle = 3\n").unwrap_err();
        assert!(err.contains("settle"), "{err}");
    }

    #[test]
    fn shipped_config_parses_and_matches_defaults() {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_CONFIG_PATH),
        )
        .unwrap();
        let shipped = Config::from_toml(&text).unwrap();
        assert_eq!(shipped.to_toml(), Config::default().to_toml());
    }

    fn cluster_error(text: &str) -> String {
        match Config::from_toml(text) {
            Ok(c) => c
                .validate()
                .map_or_else(|e| e.to_string(), |()| String::new()),
            Err(e) => e,
        }
    }

    #[test]
    fn cluster_parses_with_defaults() {
        let c = Config::from_toml(
            "[cluster]\nservers = [\"nats://127.0.0.1:4222\"]\nroles = [\"intake\", \"worker\"]\n",
        )
        .unwrap();
        c.validate().unwrap();
        let cluster = c.cluster.as_ref().unwrap();
        assert!(cluster.has(Role::Intake) && cluster.has(Role::Worker));
        assert!(!cluster.has(Role::Owner));
        assert_eq!(cluster.streams.inputs, "NEWSFLOW_INPUTS");
        assert_eq!(cluster.streams.input_subject(), "newsflow.input");
        assert!(c.to_toml().contains("[cluster]"));
        assert!(!Config::default().to_toml().contains("cluster"));
    }

    #[test]
    fn shipped_cluster_block_uncommented_matches_defaults() {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_CONFIG_PATH),
        )
        .unwrap();
        let block = &text[text
            .find("# [cluster]\n")
            .expect("a commented [cluster] block")..];
        let uncommented: String = block
            .lines()
            .map(|l| l.strip_prefix("# ").unwrap_or(l.trim_start_matches('#')))
            .map(|l| format!("{l}\n"))
            .collect();
        let c = Config::from_toml(&uncommented).unwrap();
        c.validate().unwrap();
        let shipped = c.cluster.unwrap();
        let defaults = ClusterConfig {
            servers: shipped.servers.clone(),
            roles: shipped.roles.clone(),
            ..ClusterConfig::default()
        };
        assert_eq!(
            toml::to_string(&shipped).unwrap(),
            toml::to_string(&defaults).unwrap()
        );
    }

    #[test]
    fn bad_cluster_config_names_the_fix() {
        let servers = "servers = [\"nats://127.0.0.1:4222\"]\n";
        for (text, expected) in [
            (
                "[cluster]\nroles = [\"intake\"]\n",
                "cluster.servers is missing",
            ),
            (&format!("[cluster]\n{servers}"), "cluster.roles is missing"),
            (
                &format!("[cluster]\n{servers}roles = [\"owner\", \"standby\"]\n"),
                "keep one of them",
            ),
            (
                &format!("[cluster]\n{servers}roles = [\"sink\", \"sink\"]\n"),
                "twice",
            ),
            (
                "[cluster]\nservers = [\"nats://a b\"]\nroles = [\"sink\"]\n",
                "nats://host:port",
            ),
            (&format!("[cluster]\n{servers}roles = [\"boss\"]\n"), "boss"),
            (
                &format!(
                    "[cluster]\n{servers}roles = [\"owner\"]\n[cluster.owner]\nrenew_secs = 8\n"
                ),
                "half of",
            ),
            (
                &format!(
                    "[cluster]\n{servers}roles = [\"intake\"]\n[cluster.streams]\ninputs = \"a.b\"\n"
                ),
                "cluster.streams.inputs",
            ),
        ] {
            let err = cluster_error(text);
            assert!(err.contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn zero_queue_is_invalid() {
        let c = Config::from_toml("[pipeline]\nqueue = 0\n").unwrap();
        assert!(c.validate().is_err());
    }
}

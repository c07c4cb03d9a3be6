//! Configuration: the TOML file (`config/newsflow.toml`), its defaults, and the
//! checks that turn it into a [`Config`] the rest of the daemon can trust.
//! Every key is optional; unknown keys are an error so typos do not pass silently.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

mod cluster;

pub use cluster::{ClusterConfig, OwnerConfig, Role, StreamsConfig, WorkerConfig};

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

    #[test]
    fn zero_queue_is_invalid() {
        let c = Config::from_toml("[pipeline]\nqueue = 0\n").unwrap();
        assert!(c.validate().is_err());
    }
}

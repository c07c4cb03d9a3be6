//! `[cluster]`: the roles of a process and the JetStream names it uses
//! (docs/cluster.md). Absent, newsflow is the single-process daemon.

use std::time::Duration;

use serde::{Deserialize, Serialize};

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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::{Config, DEFAULT_CONFIG_PATH};

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
}

//! newsflow: a long-lived daemon that turns a folder of news articles into a
//! deduplicated, enriched JSON corpus. This crate is the whole daemon; the
//! binary only parses arguments and calls [`run`], [`process`] or [`status`].
//!
//! The stages, in the order an article meets them: [`intake`], [`read`],
//! [`parse`], [`dedup`], [`extract`], [`tag`], [`corpus`], [`write`], wired by
//! [`pipeline`].
//! Values passed between them live in [`document`]; what is written, in [`record`].

pub mod cluster;
pub mod config;
pub mod corpus;
pub mod dedup;
pub mod document;
pub mod extract;
pub mod gazetteer;
pub mod intake;
pub mod lexicon;
pub mod parse;
pub mod pipeline;
pub mod read;
pub mod record;
pub mod state;
pub mod tag;
pub mod telemetry;
pub mod text;
pub mod write;

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

use crate::config::{AfterAction, Config, ConfigError};
use crate::corpus::Corpus;
use crate::dedup::{Index, IndexEntry};
use crate::document::Outcome;
use crate::intake::{InFlight, Intake};
use crate::pipeline::{DedupStage, Pipeline, Settings};
use crate::state::{StateError, Store};
use crate::tag::Taggers;
use crate::write::{AfterPolicy, FolderSink, StdoutSink, WriteError, Writer};

/// Errors that stop newsflow. Per-article problems never become one of these:
/// they are rejected records.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    State(#[from] StateError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("another newsflow is using the state folder `{0}`: stop it, or pass --state DIR")]
    Locked(PathBuf),
    #[error("cannot open `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot serve metrics on {addr} ({source}): stop what uses it or set `metrics.addr`")]
    Metrics {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
}

impl Error {
    /// The process exit code: 2 for bad usage or configuration, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Config(_) => 2,
            _ => 1,
        }
    }
}

/// Holds the state folder's lock for as long as it lives, so that two newsflows
/// never write one corpus.
struct StateLock(#[allow(dead_code)] File);

fn lock_state(dir: &Path) -> Result<StateLock, Error> {
    let path = dir.join("newsflow.lock");
    let file = File::create(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    match file.try_lock() {
        Ok(()) => Ok(StateLock(file)),
        Err(_) => Err(Error::Locked(dir.to_path_buf())),
    }
}

fn settings(config: &Config) -> Settings {
    Settings {
        workers: config.workers(),
        queue: config.pipeline.queue,
        batch_max: config.pipeline.batch_max,
        max_bytes: config.inbox.max_bytes,
    }
}

/// Rebuilds the dedup index from the state database.
fn load_index(config: &Config, store: &Store) -> Result<Index, Error> {
    let started = Instant::now();
    let mut loader = Index::loader(config.dedup_index(), store.article_count()? as usize);
    let mut unreadable = 0u64;
    store.for_each_index_entry(|bytes| match IndexEntry::from_bytes(bytes) {
        Ok(entry) => {
            loader.push(&entry);
        }
        Err(_) => unreadable += 1,
    })?;
    if unreadable > 0 {
        tracing::warn!(
            unreadable,
            "some dedup index entries could not be read; those articles are not compared against"
        );
    }
    let index = loader.finish();
    tracing::info!(
        articles = index.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "dedup index loaded"
    );
    Ok(index)
}

/// The daemon: catches up on the inbox, then watches it until `shutdown` is
/// cancelled; then drains within `pipeline.drain_timeout_secs` and returns.
pub async fn run(config: Config, shutdown: CancellationToken) -> Result<(), Error> {
    config.validate()?;
    config.prepare_folders()?;
    let _lock = lock_state(&config.state.path)?;
    let db = config.database_path();
    let store = Store::open(&db, config.outbox.sync)?;
    let index = load_index(&config, &store)?;
    let sink =
        FolderSink::open(&config.outbox.path, config.outbox.sync).map_err(|source| Error::Io {
            path: config.outbox.path.clone(),
            source,
        })?;
    let after = (config.inbox.after != AfterAction::Keep).then(|| AfterPolicy {
        action: config.inbox.after,
        inbox: config.inbox.path.clone(),
    });
    let writer = Writer::new(Box::new(sink), Some(store), after)?;

    if config.metrics.enabled
        && let Some(handle) = telemetry::metrics_handle()
    {
        let addr = config.metrics.addr;
        let bound = telemetry::serve(addr, handle, shutdown.clone())
            .await
            .map_err(|source| Error::Metrics { addr, source })?;
        tracing::info!(addr = %bound, "serving /metrics and /healthz");
    }

    let abort = CancellationToken::new();
    let in_flight = InFlight::default();
    let committed = in_flight.clone();
    let Pipeline { inputs, mut done } = pipeline::start(
        &settings(&config),
        DedupStage::new(
            index,
            Some(Store::open_read_only(&db)?),
            config.dedup.window(),
        ),
        Arc::new(Taggers::load()),
        Corpus::load(config.stories.settings(), Store::open_read_only(&db)?)?,
        writer,
        abort.clone(),
        move |outcome| {
            if outcome.input().finishes_file() {
                committed.remove(&outcome.input().path);
            }
        },
    );
    let intake = Intake::new(&config, Store::open_read_only(&db)?, in_flight.clone());
    let intake_shutdown = shutdown.clone();
    let intake_task = tokio::spawn(intake.run(inputs, intake_shutdown));

    tokio::select! {
        result = &mut done => {
            // The writer only ends early on a fatal error: stop intake and report it.
            shutdown.cancel();
            let _ = intake_task.await;
            return flatten(result);
        }
        _ = shutdown.cancelled() => {}
    }
    tracing::info!(
        in_flight = in_flight.len(),
        "shutting down: draining the pipeline"
    );
    let _ = intake_task.await;
    let result = match tokio::time::timeout(config.drain_timeout(), &mut done).await {
        Ok(result) => flatten(result),
        Err(_) => {
            tracing::warn!(
                handed_back = in_flight.len(),
                "drain timeout reached: unfinished inputs will be processed at the next start"
            );
            abort.cancel();
            flatten(done.await)
        }
    };
    tracing::info!("newsflow stopped");
    result
}

fn flatten(result: Result<Result<(), WriteError>, tokio::task::JoinError>) -> Result<(), Error> {
    match result {
        Ok(inner) => Ok(inner?),
        Err(e) => Err(WriteError::Task(e.to_string()).into()),
    }
}

/// What `newsflow process` did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    /// Files finished (a JSON Lines file counts once, however many lines).
    pub files: u64,
    /// Outcomes by label: article, exact_duplicate, rejected, already_done
    /// (one per article of a many-article file).
    pub outcomes: BTreeMap<&'static str, u64>,
    /// Inputs skipped because the ledger already had them with this size and mtime.
    pub skipped: u64,
    pub elapsed: Duration,
}

impl Summary {
    /// Files taken or skipped.
    pub fn total(&self) -> u64 {
        self.files + self.skipped
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        let n = |k| self.outcomes.get(k).copied().unwrap_or(0);
        write!(
            f,
            "{} files in {:.2}s ({:.0}/s): {} articles, {} exact duplicates, {} rejected, {} already done, {} skipped",
            self.total(),
            secs,
            self.total() as f64 / secs.max(1e-9),
            n("article"),
            n("exact_duplicate"),
            n("rejected"),
            n("already_done"),
            self.skipped,
        )
    }
}

/// One pass over files and folders, in sorted path order, through the same
/// pipeline and state as the daemon. With `stdout`, records are printed as JSON
/// lines and nothing is written or committed (the state is only read).
pub async fn process(
    config: Config,
    paths: &[PathBuf],
    stdout: bool,
    shutdown: CancellationToken,
    mut progress: impl FnMut(&Outcome) + Send + 'static,
) -> Result<Summary, Error> {
    config.validate()?;
    let started = Instant::now();
    let db = config.database_path();
    let (_lock, writer, ledger, index, corpus) = if stdout {
        let ledger = Store::open_read_only(&db).ok();
        let index = match &ledger {
            Some(store) => load_index(&config, store)?,
            None => Index::new(config.dedup_index()),
        };
        let corpus = match Store::open_read_only(&db) {
            Ok(store) => Corpus::load(config.stories.settings(), store)?,
            Err(_) => Corpus::new(config.stories.settings()),
        };
        (
            None,
            Writer::new(Box::new(StdoutSink), None, None)?,
            ledger,
            index,
            corpus,
        )
    } else {
        for dir in [&config.outbox.path, &config.state.path] {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.clone(),
                source,
            })?;
        }
        let lock = lock_state(&config.state.path)?;
        let store = Store::open(&db, config.outbox.sync)?;
        let index = load_index(&config, &store)?;
        let sink = FolderSink::open(&config.outbox.path, config.outbox.sync).map_err(|source| {
            Error::Io {
                path: config.outbox.path.clone(),
                source,
            }
        })?;
        let writer = Writer::new(Box::new(sink), Some(store), None)?;
        let corpus = Corpus::load(config.stories.settings(), Store::open_read_only(&db)?)?;
        (
            Some(lock),
            writer,
            Some(Store::open_read_only(&db)?),
            index,
            corpus,
        )
    };

    let tally = Arc::new(std::sync::Mutex::new(Summary::default()));
    let counts = tally.clone();
    let abort = CancellationToken::new();
    let Pipeline { inputs, done } = pipeline::start(
        &settings(&config),
        DedupStage::new(index, ledger, config.dedup.window()),
        Arc::new(Taggers::load()),
        corpus,
        writer,
        abort,
        move |outcome| {
            let mut counts = counts.lock().unwrap_or_else(|e| e.into_inner());
            *counts.outcomes.entry(outcome.label()).or_default() += 1;
            if outcome.input().finishes_file() {
                counts.files += 1;
            }
            progress(outcome);
        },
    );

    let listed = intake::listed_inputs(paths);
    let skip_check = if stdout {
        None
    } else {
        Some(Store::open_read_only(&db)?)
    };
    let mut skipped = 0;
    for (path, name) in listed {
        if shutdown.is_cancelled() {
            break;
        }
        let Some(state) = intake::stat(&path, true) else {
            continue;
        };
        if let Some(store) = &skip_check {
            let mtime = state.modified.and_then(write::mtime_ns);
            if store.is_done(&path.display().to_string(), state.size, mtime)? {
                skipped += 1;
                continue;
            }
        }
        let input = Arc::new(intake::input(path, name, state));
        if inputs.send(input).await.is_err() {
            break;
        }
    }
    drop(inputs);
    flatten(done.await)?;
    let mut summary = tally.lock().unwrap_or_else(|e| e.into_inner()).clone();
    summary.skipped = skipped;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// What the state holds, for `newsflow status`.
pub fn status(config: &Config) -> Result<state::Status, Error> {
    Ok(Store::open_read_only(&config.database_path())?.status()?)
}

/// Helper for the binary's `check` command: validation plus folder checks.
pub fn check(config: &Config) -> Result<(), Error> {
    config.validate()?;
    Ok(config.check_inbox()?)
}

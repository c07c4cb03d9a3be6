//! The intake role: the daemon's own inbox watcher ([`crate::intake::Intake`],
//! unchanged) feeds a JetStream publisher instead of the pipeline. Each input
//! is read, published with its id and metadata, and only once the server has
//! acknowledged it (the PubAck) is it marked taken in intake's own ledger
//! (`state/intake.db`, the daemon's schema) and given its `inbox.after`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::context::PublishAckFuture;
use async_nats::jetstream::message::PublishMessage;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::Error;
use super::connect::Nats;
use super::message::{HEADER_ROOM, InputMeta};
use crate::config::{AfterAction, ClusterConfig, Config};
use crate::document::{Input, now_rfc3339};
use crate::intake::{InFlight, Inbox, Intake};
use crate::state::{Batch, LedgerRow, Store};
use crate::write::{AfterPolicy, after_action};

/// The ledger outcome intake records for an input it has published.
const PUBLISHED: &str = "published";

/// Longest wait between two tries of a failed publish.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Runs the intake role until `shutdown`; then publishes what was already
/// taken (within `pipeline.drain_timeout_secs`) and returns.
pub async fn run(
    config: &Config,
    cluster: &ClusterConfig,
    nats: Nats,
    shutdown: CancellationToken,
) -> Result<(), Error> {
    config.check_inbox()?;
    check_payload(config, &nats)?;
    std::fs::create_dir_all(&config.state.path).map_err(|source| crate::Error::Io {
        path: config.state.path.clone(),
        source,
    })?;
    let _lock = lock(&config.state.path)?;
    let db = config.state.path.join("intake.db");
    let ledger = Store::open(&db, config.outbox.sync)?;
    let streams = &cluster.streams;
    let subject = streams.input_subject();
    super::streams::ensure(
        &nats.jetstream,
        super::streams::config(streams, &streams.inputs, &subject),
    )
    .await?;

    let in_flight = InFlight::default();
    let intake = Intake::new(config, Store::open_read_only(&db)?, in_flight.clone());
    let (tx, rx) = mpsc::channel(config.pipeline.queue);
    let intake_task = tokio::spawn(intake.run(tx, shutdown.clone()));
    let publisher = Publisher {
        nats,
        subject,
        node: cluster.node_name(),
        max_bytes: config.inbox.max_bytes,
        batch_max: config.pipeline.batch_max,
        ledger: Some(ledger),
        after: (config.inbox.after != AfterAction::Keep).then(|| AfterPolicy {
            action: config.inbox.after,
            inbox: Inbox::new(&config.inbox).root,
        }),
        in_flight,
    };
    // The publisher drains what intake took; past the drain timeout it gives
    // up on retries (those files are unmarked, so published at the next start).
    let abort = CancellationToken::new();
    let drain = config.drain_timeout();
    let stopping = shutdown.clone();
    let abort_later = abort.clone();
    tokio::spawn(async move {
        stopping.cancelled().await;
        tokio::time::sleep(drain).await;
        abort_later.cancel();
    });
    let result = publisher.run(rx, abort).await;
    shutdown.cancel();
    let _ = intake_task.await;
    tracing::info!("newsflow intake stopped");
    result
}

/// A file over the server's `max_payload` could not be published: refuse to
/// start rather than lose it (docs/cluster.md).
fn check_payload(config: &Config, nats: &Nats) -> Result<(), Error> {
    let max_payload = nats.client.server_info().max_payload as u64;
    if config.inbox.max_bytes + HEADER_ROOM > max_payload {
        return Err(Error::Setup(format!(
            "the NATS server takes messages of at most {max_payload} bytes (max_payload) but \
             inbox.max_bytes is {}: lower inbox.max_bytes to {} or less, or raise max_payload in \
             the server's configuration (up to 64MB)",
            config.inbox.max_bytes,
            max_payload.saturating_sub(HEADER_ROOM)
        )));
    }
    Ok(())
}

/// Holds `state/intake.lock` while it lives: one intake per state folder.
struct Lock(#[allow(dead_code)] File);

fn lock(dir: &Path) -> Result<Lock, Error> {
    let path = dir.join("intake.lock");
    let file = File::create(&path).map_err(|source| crate::Error::Io {
        path: path.clone(),
        source,
    })?;
    file.try_lock()
        .map_err(|_| Error::Newsflow(crate::Error::Locked(dir.to_path_buf())))?;
    Ok(Lock(file))
}

/// One input, read and ready to publish.
struct Ready {
    input: Arc<Input>,
    meta: InputMeta,
    /// Payload and headers (cheap to clone for a retry).
    message: PublishMessage,
}

/// Publishes taken inputs in batches: each batch is read, published (acks
/// awaited in order), then marked in one ledger transaction.
struct Publisher {
    nats: Nats,
    subject: String,
    node: String,
    max_bytes: u64,
    batch_max: usize,
    /// Taken out while a blocking commit runs.
    ledger: Option<Store>,
    after: Option<AfterPolicy>,
    in_flight: InFlight,
}

impl Publisher {
    async fn run(
        mut self,
        mut rx: mpsc::Receiver<Arc<Input>>,
        abort: CancellationToken,
    ) -> Result<(), Error> {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            while batch.len() < self.batch_max {
                match rx.try_recv() {
                    Ok(input) => batch.push(input),
                    Err(_) => break,
                }
            }
            let (max_bytes, node) = (self.max_bytes, self.node.clone());
            let ready = tokio::task::spawn_blocking(move || {
                batch
                    .into_iter()
                    .map(|input| read(input, max_bytes, &node))
                    .collect::<Vec<_>>()
            })
            .await
            .map_err(|e| Error::Nats(format!("the intake reader failed: {e}")))?;
            if !publish(&self.nats, &self.subject, &ready, &abort).await {
                tracing::warn!(
                    unpublished = ready.len(),
                    "stopped before the server acknowledged these inputs: they are published at the next start"
                );
                for item in &ready {
                    self.in_flight.remove(&item.input.path);
                }
                break;
            }
            self.mark(ready).await?;
        }
        Ok(())
    }

    /// Marks a published batch in the ledger (one transaction), then applies
    /// `inbox.after` and releases the paths.
    async fn mark(&mut self, ready: Vec<Ready>) -> Result<(), Error> {
        let mut ledger = self
            .ledger
            .take()
            .ok_or_else(|| Error::Nats("the intake ledger is gone".into()))?;
        let after = self.after.clone();
        let (ledger, result, ready) = tokio::task::spawn_blocking(move || {
            let at = now_rfc3339();
            let batch = Batch {
                rows: ready.iter().map(|item| ledger_row(item, &at)).collect(),
                ..Batch::default()
            };
            let result = ledger.commit(&batch);
            if result.is_ok()
                && let Some(after) = &after
            {
                for item in &ready {
                    apply_after(after, item);
                }
            }
            (ledger, result, ready)
        })
        .await
        .map_err(|e| Error::Nats(format!("the intake ledger task failed: {e}")))?;
        self.ledger = Some(ledger);
        for item in &ready {
            self.in_flight.remove(&item.input.path);
        }
        result?;
        Ok(())
    }
}

/// Publishes the batch and waits for every PubAck, retrying failures (same
/// ids, so a retry of a message the server did store is dropped as a
/// duplicate). False when `abort` came first.
async fn publish(nats: &Nats, subject: &str, ready: &[Ready], abort: &CancellationToken) -> bool {
    let mut pending: Vec<&Ready> = ready.iter().collect();
    let mut backoff = Duration::from_millis(100);
    loop {
        let mut acks: Vec<(&Ready, Result<PublishAckFuture, String>)> = Vec::new();
        for item in &pending {
            let sent = nats
                .jetstream
                .send_publish(subject.to_string(), item.message.clone())
                .await
                .map_err(|e| e.to_string());
            acks.push((item, sent));
        }
        let mut failed = Vec::new();
        for (item, sent) in acks {
            let acked = match sent {
                Ok(future) => future.await.map_err(|e| e.to_string()),
                Err(e) => Err(e),
            };
            match acked {
                Ok(ack) => {
                    metrics::counter!("newsflow_cluster_published_total", "duplicate" => if ack.duplicate { "yes" } else { "no" }).increment(1);
                    tracing::debug!(
                        parent: &item.input.span,
                        seq = ack.sequence,
                        duplicate = ack.duplicate,
                        "input published"
                    );
                }
                Err(e) => {
                    tracing::warn!(parent: &item.input.span, error = %e, "publish failed; retrying");
                    failed.push(item);
                }
            }
        }
        if failed.is_empty() {
            return true;
        }
        pending = failed;
        tokio::select! {
            _ = abort.cancelled() => return false,
            _ = tokio::time::sleep(backoff) => {}
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// Reads one input for publishing. A file that cannot be read is still an
/// input: its message carries the read stage's rejection and no bytes.
fn read(input: Arc<Input>, max_bytes: u64, node: &str) -> Ready {
    let (meta, payload) = match crate::read::load(&input, max_bytes) {
        Ok(loaded) => (
            InputMeta::of(&input, Ok(&loaded.sha256), node),
            loaded.bytes,
        ),
        Err(rejection) => (InputMeta::of(&input, Err(&rejection), node), Vec::new()),
    };
    let message = PublishMessage::build()
        .payload(payload.into())
        .headers(meta.headers());
    Ready {
        input,
        meta,
        message,
    }
}

fn ledger_row(item: &Ready, at: &str) -> LedgerRow {
    let input = &item.input;
    LedgerRow {
        path: item.meta.path.clone(),
        sha256: item.meta.sha256.clone(),
        part: 0,
        complete: true,
        size: input.size,
        mtime_ns: item.meta.mtime_ns,
        outcome: PUBLISHED,
        kind: item.meta.read_error.as_ref().map(|(kind, _)| kind.clone()),
        record_id: None,
        feed: None,
        finished_at: at.to_string(),
    }
}

/// `inbox.after` for a published input, as the daemon applies it to a
/// committed one (a vanished file has nothing to move).
fn apply_after(after: &AfterPolicy, item: &Ready) {
    if item
        .meta
        .read_error
        .as_ref()
        .is_some_and(|(kind, _)| kind == "vanished")
    {
        return;
    }
    let path: &PathBuf = &item.input.path;
    if let Err(e) = after_action(after, path, &item.input.name) {
        tracing::warn!(path = %path.display(), error = %e, "could not apply inbox.after to the input");
    }
}

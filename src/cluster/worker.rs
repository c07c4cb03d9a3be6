//! The worker role: a shared durable pull consumer of the inputs stream runs
//! the per-article stages of the daemon (read, decode, parse, extract, tag:
//! [`crate::pipeline::load`], [`crate::extract::extract`],
//! [`crate::tag::Taggers`]) on each input, publishes one result per input to
//! the results stream (id `r<input seq>`), and acks the input only once the
//! server has acknowledged the result.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use async_nats::jetstream::consumer::{self, pull};
use async_nats::jetstream::message::PublishMessage;
use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use super::Error;
use super::connect::Nats;
use super::message::InputMeta;
use super::result::{self, PartOf, ResultPart, WorkResult};
use crate::config::{ClusterConfig, Config};
use crate::document::{Deduped, Input, Outcome, Part, Rejection, Stage, Step};
use crate::record::DedupInfo;
use crate::tag::Taggers;

/// Inputs in flight (pulled, worked, or waiting for the server) per worker.
const IN_FLIGHT_PER_WORKER: usize = 4;

/// Runs the worker role until `shutdown`; inputs in progress then get
/// `pipeline.drain_timeout_secs` to finish (the rest are redelivered).
pub async fn run(
    config: &Config,
    cluster: &ClusterConfig,
    nats: Nats,
    shutdown: CancellationToken,
) -> Result<(), Error> {
    let streams = &cluster.streams;
    let input_subject = streams.input_subject();
    let inputs = super::streams::ensure(
        &nats.jetstream,
        super::streams::config(streams, &streams.inputs, &input_subject),
    )
    .await?;
    let result_subject = streams.result_subject();
    super::streams::ensure(
        &nats.jetstream,
        super::streams::config(streams, &streams.results, &result_subject),
    )
    .await?;
    let workers = config.workers();
    let consumer: consumer::PullConsumer = inputs
        .get_or_create_consumer(
            &cluster.worker.consumer,
            pull::Config {
                durable_name: Some(cluster.worker.consumer.clone()),
                ack_policy: consumer::AckPolicy::Explicit,
                ack_wait: Duration::from_secs(cluster.worker.ack_wait_secs),
                filter_subject: input_subject,
                ..Default::default()
            },
        )
        .await
        .map_err(|e| {
            Error::Setup(format!(
                "cannot get or create the consumer {} on {} ({e}): set another \
                 cluster.worker.consumer, or delete the consumer so newsflow creates it",
                cluster.worker.consumer, streams.inputs
            ))
        })?;
    let spool = config.state.path.join("spool");
    std::fs::create_dir_all(&spool).map_err(|source| crate::Error::Io {
        path: spool.clone(),
        source,
    })?;
    let started = Instant::now();
    let taggers = tokio::task::spawn_blocking(Taggers::load)
        .await
        .map(Arc::new)
        .map_err(|e| Error::Nats(format!("loading the taggers failed: {e}")))?;
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "taggers loaded"
    );
    let work = Arc::new(Work {
        cpu: tokio::sync::Semaphore::new(workers.max(1)),
        taggers,
        spool,
        max_bytes: config.inbox.max_bytes,
        node: cluster.node_name(),
    });
    let in_flight = IN_FLIGHT_PER_WORKER * workers.max(1);
    let messages = consumer
        .stream()
        .max_messages_per_batch(in_flight)
        .messages()
        .await
        .map_err(|e| Error::Nats(format!("cannot pull from {}: {e}", streams.inputs)))?;
    tracing::info!(
        consumer = %cluster.worker.consumer,
        workers,
        "worker pulling inputs"
    );
    let until = shutdown.clone();
    let messages = messages.take_until(async move { until.cancelled().await });
    let handled = messages
        .map(|message| {
            let (work, nats, subject) = (work.clone(), nats.clone(), result_subject.clone());
            async move {
                match message {
                    Ok(message) => handle(&work, &nats, &subject, message).await,
                    Err(e) => Err(Error::Nats(format!("pulling inputs failed: {e}"))),
                }
            }
        })
        .buffer_unordered(in_flight);
    let drain = config.drain_timeout();
    let mut handled = std::pin::pin!(handled);
    let outcome = loop {
        let next = if shutdown.is_cancelled() {
            match tokio::time::timeout(drain, handled.next()).await {
                Ok(next) => next,
                Err(_) => {
                    tracing::warn!("drain timeout reached: inputs in progress are redelivered");
                    break Ok(());
                }
            }
        } else {
            handled.next().await
        };
        match next {
            None => break Ok(()),
            Some(Ok(())) => {}
            // A failed pull (the server restarting) is retried by the client;
            // a message that cannot be handled is left unacked, so redelivered.
            Some(Err(e)) => {
                tracing::warn!(error = %e, "an input was not handled; it is redelivered")
            }
        }
    };
    tracing::info!("newsflow worker stopped");
    outcome
}

/// What every input's work needs.
struct Work {
    /// Inputs worked at once (`pipeline.workers`); more are in flight, waiting
    /// on the server, so that round trips do not leave the cores idle.
    cpu: tokio::sync::Semaphore,
    taggers: Arc<Taggers>,
    spool: PathBuf,
    max_bytes: u64,
    node: String,
}

/// Works one input, publishes its result, acks the input after the PubAck.
async fn handle(
    work: &Arc<Work>,
    nats: &Nats,
    subject: &str,
    message: async_nats::jetstream::Message,
) -> Result<(), Error> {
    let seq = message
        .info()
        .map_err(|e| Error::Nats(format!("an input message without its metadata: {e}")))?
        .stream_sequence;
    let headers = message.headers.clone().unwrap_or_default();
    let meta = match InputMeta::from_headers(&headers) {
        Ok(meta) => meta,
        Err(e) => {
            // Not newsflow's: it can never be worked; ack it so it is not redelivered.
            tracing::error!(seq, error = %e, "an input message newsflow did not write; skipped");
            let _ = message.ack().await;
            return Ok(());
        }
    };
    let payload = message.payload.clone();
    let work2 = work.clone();
    let cpu = work
        .cpu
        .acquire()
        .await
        .map_err(|e| Error::Nats(format!("the worker is closing: {e}")))?;
    let parts =
        tokio::task::spawn_blocking(move || work2.parts(seq, &meta, &payload).map(|p| (meta, p)))
            .await
            .map_err(|e| Error::Nats(format!("the worker task failed: {e}")))?;
    drop(cpu);
    let (meta, parts) = parts?;
    let result = WorkResult {
        input_seq: seq,
        input: meta,
        worker: work.node.clone(),
        parts,
    };
    let body = serde_json::to_vec(&result)
        .map_err(|e| Error::Nats(format!("cannot serialise a result: {e}")))?;
    let mut headers = async_nats::HeaderMap::new();
    headers.insert(async_nats::header::NATS_MESSAGE_ID, result::msg_id(seq));
    headers.insert(result::INPUT_SEQ, seq.to_string());
    headers.insert(result::WORKER, super::message::encode(&work.node));
    let publish = PublishMessage::build()
        .payload(body.into())
        .headers(headers);
    let ack = nats
        .jetstream
        .send_publish(subject.to_string(), publish)
        .await
        .map_err(|e| Error::Nats(format!("publishing the result of input {seq} failed: {e}")))?
        .await
        .map_err(|e| {
            Error::Nats(format!(
                "the result of input {seq} was not acknowledged: {e}"
            ))
        })?;
    metrics::counter!("newsflow_cluster_results_total", "duplicate" => if ack.duplicate { "yes" } else { "no" })
        .increment(1);
    message
        .double_ack()
        .await
        .map_err(|e| Error::Nats(format!("cannot ack input {seq}: {e}")))?;
    Ok(())
}

impl Work {
    /// The per-article stages on one input's bytes.
    fn parts(&self, seq: u64, meta: &InputMeta, payload: &[u8]) -> Result<Vec<ResultPart>, Error> {
        if let Some((kind, reason)) = &meta.read_error {
            let input = Arc::new(input_of(meta, PathBuf::from(&meta.path)));
            let rejection = Rejection::new(Stage::Read, read_kind(kind), reason.clone());
            return Ok(vec![rejected_part(
                Outcome::rejected(input, None, rejection),
                &meta.path,
            )]);
        }
        // `pipeline::load` reads a path: the bytes are spooled to a file of
        // this worker's own, and the records get the input's real path back.
        // Named by process too: two workers sharing a state folder may work
        // one redelivered input at once.
        let spooled = self.spool.join(format!("{}-{seq}", std::process::id()));
        std::fs::write(&spooled, payload).map_err(|source| crate::Error::Io {
            path: spooled.clone(),
            source,
        })?;
        let input = Arc::new(input_of(meta, spooled.clone()));
        let steps = std::panic::catch_unwind(AssertUnwindSafe(|| {
            crate::pipeline::load(input.clone(), self.max_bytes)
                .into_iter()
                .map(|step| self.finish(step, &meta.path))
                .collect::<Vec<_>>()
        }));
        let _ = std::fs::remove_file(&spooled);
        Ok(steps.unwrap_or_else(|_| {
            tracing::error!(seq, "a stage failed on this input; it is rejected");
            let rejection = Rejection::new(
                Stage::Load,
                "internal_error",
                "newsflow failed on this file (a bug): please report it with the file",
            );
            vec![rejected_part(
                Outcome::rejected(input, None, rejection),
                &meta.path,
            )]
        }))
    }

    /// Extract and tag one loaded article (or pass its rejection on).
    fn finish(&self, step: Step<crate::document::Parsed>, path: &str) -> ResultPart {
        match step {
            Step::Done(outcome) => rejected_part(outcome, path),
            Step::Next(parsed) => {
                let key = parsed.key;
                let part = parsed.input.part.map(part_of);
                let draft = crate::extract::extract(Deduped {
                    parsed,
                    dedup: unjudged(),
                });
                let mut draft = self.taggers.tag(draft);
                draft.record.source.path = path.to_string();
                ResultPart::Article {
                    part,
                    sha256: draft.sha256,
                    key,
                    record: Box::new(draft.record),
                    index_entry: hex::encode(&draft.index_rows.entry),
                    index_verify: hex::encode(&draft.index_rows.verify),
                }
            }
        }
    }
}

/// The dedup verdict before the owner has judged: it replaces this.
fn unjudged() -> DedupInfo {
    DedupInfo {
        status: "unique".into(),
        duplicate_of: None,
        similarity: None,
        reuse: Vec::new(),
    }
}

fn part_of(p: Part) -> PartOf {
    PartOf {
        number: p.number,
        last: p.last,
    }
}

/// A rejection's part, with the input's real path.
fn rejected_part(outcome: Outcome, path: &str) -> ResultPart {
    match outcome {
        Outcome::Rejected {
            input,
            sha256,
            mut record,
        } => {
            record.path = path.to_string();
            ResultPart::Rejected {
                part: input.part.map(part_of),
                sha256,
                record,
            }
        }
        // The load stage only ends an input early with a rejection.
        other => {
            let rejection = Rejection::new(
                Stage::Load,
                "internal_error",
                format!("unexpected {} outcome in a worker (a bug)", other.label()),
            );
            rejected_part(
                Outcome::rejected(other.input().clone(), None, rejection),
                path,
            )
        }
    }
}

/// The read stage's rejection kinds (a closed list: kinds are static).
fn read_kind(kind: &str) -> &'static str {
    match kind {
        "vanished" => "vanished",
        "too_large" => "too_large",
        _ => "unreadable",
    }
}

/// The pipeline's input for a message, reading from `path`.
fn input_of(meta: &InputMeta, path: PathBuf) -> Input {
    let modified = meta
        .mtime_ns
        .and_then(|ns| u64::try_from(ns).ok())
        .map(|ns| SystemTime::UNIX_EPOCH + Duration::from_nanos(ns));
    let taken_at = meta
        .received_at
        .parse::<jiff::Timestamp>()
        .ok()
        .map(SystemTime::from)
        .unwrap_or_else(SystemTime::now);
    Input {
        span: tracing::info_span!("article", path = %meta.name, id = tracing::field::Empty),
        path,
        name: meta.name.clone(),
        size: meta.size,
        modified,
        received_at: meta.received_at.clone(),
        taken: Instant::now(),
        taken_at,
        part: None,
    }
}

//! Wires the stages together: tokio tasks and owner threads joined by bounded
//! channels (the backpressure that keeps memory flat whatever the backlog).
//!
//! ```text
//! intake ─▶ load (read, decode, parse; parallel) ─▶ dedup (owner thread)
//!        ─▶ extract (parallel) ─▶ tag (parallel) ─▶ corpus (owner thread)
//!        ─▶ write (group commit)
//! ```
//!
//! Parallel stages keep their input order (`buffered`), so the order-dependent
//! owners see articles in the order intake took them and runs are repeatable.
//! Shutdown flows downstream: when intake drops its sender each stage drains and
//! drops its own; `abort` makes every stage stop at once (work is handed back).

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::corpus::{self, Corpus};
use crate::dedup::{self, Check, Fingerprint, Index, Match, VerifyData};
use crate::document::{
    Carries, Deduped, Document, Format, IndexRows, Input, Outcome, Parsed, Part, Rejection, Stage,
    Step,
};
use crate::parse::Contents;
use crate::state::Store;
use crate::tag::Taggers;
use crate::write::{self, WriteError, Writer};
use crate::{extract, parse, read};
use sha2::{Digest, Sha256};

/// What the pipeline needs besides its stages' state.
pub struct Settings {
    pub workers: usize,
    pub queue: usize,
    pub batch_max: usize,
    pub max_bytes: u64,
}

/// The running pipeline: send inputs in, await `done` for the writer's end.
pub struct Pipeline {
    pub inputs: mpsc::Sender<Arc<Input>>,
    pub done: JoinHandle<Result<(), WriteError>>,
}

/// Starts every stage; `on_commit` hears of every committed outcome.
pub fn start(
    settings: &Settings,
    dedup: DedupStage,
    taggers: Arc<Taggers>,
    corpus: Corpus,
    writer: Writer,
    abort: CancellationToken,
    on_commit: impl FnMut(&Outcome) + Send + 'static,
) -> Pipeline {
    let (inputs, rx) = mpsc::channel::<Arc<Input>>(settings.queue);
    let max_bytes = settings.max_bytes;
    let loaded = parallel(rx, settings, &abort, Stage::Load, move |input| {
        guarded(Stage::Load, input, |input| {
            Step::Next(load(input, max_bytes))
        })
    });
    let loaded = one_per_article(loaded, settings, &abort);
    let mut dedup = dedup;
    let deduped: mpsc::Receiver<Step<_>> = owner(
        loaded,
        settings,
        &abort,
        Stage::Dedup,
        move |step| match step {
            Step::Next(parsed) => dedup.check(parsed),
            Step::Done(outcome) => Step::Done(dedup.unless_finished(outcome)),
        },
    );
    // Extract and tag run one after the other in one worker task (each timed
    // as its own stage): a hand-off between them would cost a task, a channel
    // and two thread wake-ups per article, and buy nothing. The corpus
    // owner's per-article share that needs no corpus (the words and keyword
    // candidates) is found here too, in parallel.
    let tagged = parallel(deduped, settings, &abort, Stage::Extract, move |step| {
        guarded(Stage::Extract, step, |step| {
            step.then(|item| Step::Next(extract::extract(item)))
        })
        .then(|draft| {
            guarded(Stage::Tag, draft, |draft| {
                let draft = taggers.tag(draft);
                let terms = corpus::prepare(&draft.record);
                Step::Next((draft, terms))
            })
        })
    });
    let mut corpus = corpus;
    let added: mpsc::Receiver<Outcome> =
        owner(tagged, settings, &abort, Stage::Corpus, move |step| {
            step.then(|(draft, terms)| Step::Next(corpus.add(draft, terms)))
        });
    let done = tokio::spawn(write::run(
        added,
        writer,
        settings.batch_max,
        abort,
        on_commit,
    ));
    Pipeline { inputs, done }
}

/// The load stage: read, decode and parse one input. Most files hold one
/// article; a JSON Lines file or a JSON array holds many, each its own item
/// (and its own outcome) from here on.
pub fn load(input: Arc<Input>, max_bytes: u64) -> Vec<Step<Parsed>> {
    let loaded = match read::load(&input, max_bytes) {
        Ok(loaded) => loaded,
        Err(rejection) => return vec![Step::Done(Outcome::rejected(input, None, rejection))],
    };
    let sha = loaded.sha256;
    let text = match read::decode(&loaded.bytes) {
        Ok(text) => text,
        Err(rejection) => {
            return vec![Step::Done(Outcome::rejected(input, Some(sha), rejection))];
        }
    };
    let (format, contents) = match parse::parse_input(&text.text, &input.name) {
        Ok(parsed) => parsed,
        Err(rejection) => {
            return vec![Step::Done(Outcome::rejected(input, Some(sha), rejection))];
        }
    };
    let file = Source {
        format,
        encoding: text.encoding,
    };
    match contents {
        Contents::One(doc) => {
            let bytes = loaded.bytes.len() as u64;
            vec![Step::Next(parsed(input, sha, bytes, file, *doc))]
        }
        Contents::Many(items) => {
            let count = items.len();
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    let part = Part {
                        number: item.number,
                        last: i + 1 == count,
                    };
                    let input = Arc::new(input.part(part));
                    let sha = hex::encode(Sha256::digest(item.raw.as_bytes()));
                    match item.doc {
                        Ok(doc) => {
                            let bytes = item.raw.len() as u64;
                            Step::Next(parsed(input, sha, bytes, file, doc))
                        }
                        Err(rejection) => {
                            let mut outcome = Outcome::rejected(input, Some(sha), rejection);
                            if let Outcome::Rejected { record, .. } = &mut outcome {
                                record.bytes = Some(item.raw.len() as u64);
                            }
                            Step::Done(outcome)
                        }
                    }
                })
                .collect()
        }
    }
}

/// Where a document's text came from, as its record reports it.
#[derive(Clone, Copy)]
struct Source {
    format: Format,
    encoding: &'static str,
}

/// A parsed document with its id and the dedup fingerprint (computed here, in
/// the parallel stage, so the dedup owner only looks things up).
fn parsed(input: Arc<Input>, sha256: String, bytes: u64, file: Source, doc: Document) -> Parsed {
    let body = doc.body();
    // A one-line flash has no body: its title is its text.
    let text = if body.is_empty() { &doc.title } else { &body };
    let key = dedup::article_key(text);
    input.span.record("id", dedup::id_hex(key).as_str());
    let fingerprint = Fingerprint::of(&doc.title, &body);
    let index_rows = IndexRows {
        entry: fingerprint.entry(key, unix_secs(&input)).to_bytes(),
        verify: fingerprint.verify_bytes(),
    };
    Parsed {
        input,
        sha256,
        bytes,
        format: file.format,
        encoding: file.encoding,
        doc,
        key,
        fingerprint,
        index_rows,
    }
}

/// Spreads the load stage's per-file lists into one item per article, in order.
fn one_per_article(
    mut rx: mpsc::Receiver<Step<Vec<Step<Parsed>>>>,
    settings: &Settings,
    abort: &CancellationToken,
) -> mpsc::Receiver<Step<Parsed>> {
    let (tx, out) = mpsc::channel(settings.queue);
    let abort = abort.clone();
    tokio::spawn(async move {
        while let Some(step) = recv_unless(&mut rx, &abort).await {
            let items = match step {
                Step::Next(items) => items,
                Step::Done(outcome) => vec![Step::Done(outcome)],
            };
            for item in items {
                if tx.send(item).await.is_err() {
                    return;
                }
            }
        }
    });
    out
}

/// When the input was taken, in seconds since the Unix epoch (the index's clock
/// for the eviction window).
fn unix_secs(input: &Input) -> u64 {
    input
        .taken_at
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The dedup stage's state: the index, the ledger (to recognise inputs already
/// finished, and to read back the verify data of committed articles), and the
/// eviction window.
pub struct DedupStage {
    pub index: Index,
    pub ledger: Option<Store>,
    pub window: Option<Duration>,
    next_eviction: Instant,
}

/// How often the eviction window is applied (a pass over the index).
const EVICTION_INTERVAL: Duration = Duration::from_secs(3600);

impl DedupStage {
    pub fn new(index: Index, ledger: Option<Store>, window: Option<Duration>) -> DedupStage {
        DedupStage {
            index,
            ledger,
            window,
            next_eviction: Instant::now(),
        }
    }

    /// True when the ledger already has an outcome for this input with this content.
    fn finished(&self, input: &Input, sha256: &str) -> bool {
        let Some(ledger) = &self.ledger else {
            return false;
        };
        let path = input.path.display().to_string();
        ledger
            .is_finished(&path, sha256, input.part_number())
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "ledger lookup failed; processing the file again");
                false
            })
    }

    /// A rejection the ledger already has (the same content, touched or seen
    /// again after a restart) is not announced twice.
    fn unless_finished(&self, outcome: Outcome) -> Outcome {
        match outcome {
            Outcome::Rejected {
                input,
                sha256: Some(sha256),
                record,
            } => {
                if self.finished(&input, &sha256) {
                    Outcome::AlreadyDone { input, sha256 }
                } else {
                    Outcome::Rejected {
                        input,
                        sha256: Some(sha256),
                        record,
                    }
                }
            }
            other => other,
        }
    }

    fn check(&mut self, parsed: Parsed) -> Step<Deduped> {
        if self.finished(&parsed.input, &parsed.sha256) {
            return Step::Done(Outcome::AlreadyDone {
                input: parsed.input,
                sha256: parsed.sha256,
            });
        }
        self.evict_when_due();
        let ledger = &self.ledger;
        let mut committed = |key: u64| {
            let bytes = ledger.as_ref()?.verify_bytes(&dedup::id_hex(key)).ok()??;
            VerifyData::from_bytes(&bytes).ok()
        };
        let at = unix_secs(&parsed.input);
        let check =
            self.index
                .check_and_insert(parsed.key, at, &parsed.fingerprint, &mut committed);
        count_check(&check);
        match check.to_info() {
            None => Step::Done(Outcome::ExactDuplicate {
                id: parsed.id(),
                duplicate_of: match check.verdict {
                    Match::Exact { of } => dedup::id_hex(of),
                    _ => parsed.id(),
                },
                input: parsed.input,
                sha256: parsed.sha256,
            }),
            Some(dedup) => Step::Next(Deduped { parsed, dedup }),
        }
    }

    fn evict_when_due(&mut self) {
        let Some(window) = self.window else { return };
        if Instant::now() < self.next_eviction {
            return;
        }
        self.next_eviction = Instant::now() + EVICTION_INTERVAL;
        let cutoff = std::time::SystemTime::now()
            .checked_sub(window)
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs());
        let evicted = self.index.evict_older_than(cutoff);
        tracing::info!(
            evicted,
            indexed = self.index.len(),
            "applied the dedup window"
        );
    }
}

fn count_check(check: &Check) {
    let verdict = match check.verdict {
        Match::Unique => "unique",
        Match::Exact { .. } => "exact_duplicate",
        Match::Near { .. } => "near_duplicate",
    };
    metrics::counter!("newsflow_dedup_verdicts_total", "verdict" => verdict).increment(1);
    if check.template_of.is_some() {
        metrics::counter!("newsflow_dedup_template_rule_total").increment(1);
    }
    if !check.reuse.is_empty() {
        metrics::counter!("newsflow_dedup_reuse_links_total").increment(check.reuse.len() as u64);
    }
    if check.unverifiable > 0 {
        metrics::counter!("newsflow_dedup_unverifiable_total")
            .increment(u64::from(check.unverifiable));
    }
}

/// Runs `f` on one item inside its span, timing it, and turns a panic (a bug)
/// into a rejected record for that input instead of losing it.
fn guarded<I: Carries, O>(stage: Stage, item: I, f: impl FnOnce(I) -> Step<O>) -> Step<O> {
    let input = item.input().clone();
    let _span = input.span.enter();
    let started = Instant::now();
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| f(item)));
    metrics::histogram!("newsflow_stage_seconds", "stage" => stage.as_str())
        .record(started.elapsed().as_secs_f64());
    result.unwrap_or_else(|_| {
        tracing::error!(stage = stage.as_str(), "a stage failed on this input; it is rejected");
        let rejection = Rejection::new(
            stage,
            "internal_error",
            format!(
                "newsflow failed in its {} stage on this file (a bug): please report it with the file",
                stage.as_str()
            ),
        );
        Step::Done(Outcome::rejected(input.clone(), None, rejection))
    })
}

async fn recv_unless<T>(rx: &mut mpsc::Receiver<T>, abort: &CancellationToken) -> Option<T> {
    tokio::select! {
        biased;
        _ = abort.cancelled() => None,
        item = rx.recv() => item,
    }
}

/// A stateless stage: up to `workers` items at once on the blocking pool,
/// results in input order; `f` times itself ([`guarded`]), so that one task
/// may run several stages.
fn parallel<I, O>(
    mut rx: mpsc::Receiver<I>,
    settings: &Settings,
    abort: &CancellationToken,
    stage: Stage,
    f: impl Fn(I) -> Step<O> + Send + Sync + 'static,
) -> mpsc::Receiver<Step<O>>
where
    I: Carries + Send + 'static,
    O: Send + 'static,
{
    let (tx, out) = mpsc::channel(settings.queue);
    let workers = settings.workers;
    let abort = abort.clone();
    let f = Arc::new(f);
    tokio::spawn(async move {
        let items = futures::stream::poll_fn(move |cx| {
            metrics::gauge!("newsflow_queue_depth", "queue" => stage.as_str()).set(rx.len() as f64);
            rx.poll_recv(cx)
        });
        let mut results = items
            .map(|item| {
                let f = f.clone();
                tokio::task::spawn_blocking(move || f(item))
            })
            .buffered(workers);
        while let Some(result) = tokio::select! {
            biased;
            _ = abort.cancelled() => None,
            next = results.next() => next,
        } {
            // `guarded` catches panics, so a join error means the runtime is shutting down.
            let Ok(step) = result else { break };
            if tx.send(step).await.is_err() {
                break;
            }
        }
    });
    out
}

/// An order-dependent stage: one thread owns its state and sees items in
/// order, and hands on what each step becomes (`R`: the next stage's item, or
/// the writer's outcome).
fn owner<I, O, R>(
    mut rx: mpsc::Receiver<I>,
    settings: &Settings,
    abort: &CancellationToken,
    stage: Stage,
    mut f: impl FnMut(I) -> Step<O> + Send + 'static,
) -> mpsc::Receiver<R>
where
    I: Carries + Send + 'static,
    O: Send + 'static,
    R: From<Step<O>> + Send + 'static,
{
    let (tx, out) = mpsc::channel(settings.queue);
    let abort = abort.clone();
    let spawned = std::thread::Builder::new()
        .name(format!("newsflow-{}", stage.as_str()))
        .spawn(move || {
            while let Some(item) = rx.blocking_recv() {
                if abort.is_cancelled() {
                    break;
                }
                metrics::gauge!("newsflow_queue_depth", "queue" => stage.as_str())
                    .set(rx.len() as f64);
                let step = guarded(stage, item, &mut f);
                if tx.blocking_send(R::from(step)).is_err() {
                    break;
                }
            }
        });
    if let Err(e) = spawned {
        // Without the thread the channel closes at once and the pipeline drains empty.
        tracing::error!(stage = stage.as_str(), error = %e, "cannot start a stage thread");
    }
    out
}

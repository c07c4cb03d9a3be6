//! The write stage: makes outcomes visible and durable, in this order per batch:
//! each record file is written under a temporary name and renamed into place;
//! the files are flushed (one `syncfs`, when `outbox.sync`); the ledger commits
//! the whole batch in one transaction (group commit); only then are the feed
//! lines appended to `feed.jsonl`. A crash at any point leaves either nothing of
//! an outcome in the ledger (it is processed again, giving the same files) or the
//! ledger row with its feed line, which startup appends if the feed lacks it.

mod folder;
pub mod story;
mod story_files;

use std::path::{Path, PathBuf};
use std::time::Instant;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::config::AfterAction;
use crate::document::{Outcome, now_rfc3339};
use crate::record::{FeedLine, StoryRecord};
use crate::state::{ArticleRow, Batch, LedgerRow, StateError, Store};
use crate::telemetry;

pub use folder::FolderSink;
use story_files::StoryFiles;

/// Where outcomes go. The outbox folder today; a message stream later.
pub trait Sink: Send {
    /// Makes the outcomes' files visible, each atomically. Returns, in order,
    /// each file's name relative to the outbox, for the feed line (`None` when
    /// the outcome has no file).
    fn put(&mut self, outcomes: &[Outcome]) -> std::io::Result<Vec<Option<String>>>;
    /// Makes every file put so far durable.
    fn sync(&mut self) -> std::io::Result<()>;
    /// Announces committed feed lines (each ends with a newline).
    fn announce(&mut self, lines: &str) -> std::io::Result<()>;
    /// The seq of the last line already announced, as found at startup.
    fn last_announced(&self) -> Option<u64>;
    /// Makes a story file visible, atomically (replacing its last version).
    /// Sinks without story files ignore it.
    fn put_story(&mut self, _story: &StoryRecord) -> std::io::Result<()> {
        Ok(())
    }
}

/// A sink for `newsflow process --stdout`: records go to standard output as
/// JSON lines, nothing is announced.
pub struct StdoutSink;

impl Sink for StdoutSink {
    fn put(&mut self, outcomes: &[Outcome]) -> std::io::Result<Vec<Option<String>>> {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        for outcome in outcomes {
            let json = match outcome {
                Outcome::Article { record, .. } => serde_json::to_string(record)?,
                Outcome::Rejected { record, .. } => serde_json::to_string(record)?,
                Outcome::ExactDuplicate { .. } | Outcome::AlreadyDone { .. } => continue,
            };
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
        }
        Ok(vec![None; outcomes.len()])
    }
    fn sync(&mut self) -> std::io::Result<()> {
        Ok(())
    }
    fn announce(&mut self, _lines: &str) -> std::io::Result<()> {
        Ok(())
    }
    fn last_announced(&self) -> Option<u64> {
        None
    }
}

/// Errors that stop the writer (and so the daemon): the outbox or the state
/// database cannot be written. Per-article problems never get here.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write to the outbox: {0}")]
    Outbox(#[from] std::io::Error),
    #[error(transparent)]
    State(#[from] StateError),
    #[error("the writer task failed: {0}")]
    Task(String),
}

/// What to do with inputs once committed (daemon mode only).
#[derive(Debug, Clone)]
pub struct AfterPolicy {
    pub action: AfterAction,
    pub inbox: PathBuf,
}

/// The pure core of the write stage: batches in, durable outcomes out.
pub struct Writer {
    sink: Box<dyn Sink>,
    /// `None` for dry runs (`process --stdout`): nothing is committed.
    store: Option<Store>,
    next_seq: u64,
    synced_seq: u64,
    after: Option<AfterPolicy>,
    stories: StoryFiles,
}

impl Writer {
    /// Opens the writer and brings the feed up to date with the ledger: lines a
    /// crash kept out of `feed.jsonl` are appended now.
    pub fn new(
        mut sink: Box<dyn Sink>,
        store: Option<Store>,
        after: Option<AfterPolicy>,
    ) -> Result<Writer, WriteError> {
        let announced = sink.last_announced();
        let (next_seq, synced_seq) = match &store {
            None => (1, 0),
            Some(store) => {
                let missing = store.feed_lines_after(announced.unwrap_or(0))?;
                if !missing.is_empty() {
                    tracing::info!(
                        lines = missing.len(),
                        "appending feed lines committed before a crash"
                    );
                    let text: String = missing
                        .iter()
                        .map(|(_, line)| format!("{line}\n"))
                        .collect();
                    sink.announce(&text)?;
                }
                let last = store.last_seq()?.max(announced.unwrap_or(0));
                (last + 1, last)
            }
        };
        Ok(Writer {
            sink,
            store,
            next_seq,
            synced_seq,
            after,
            stories: StoryFiles::default(),
        })
    }

    /// Writes, commits and announces one batch. Returns the outcomes, done.
    pub fn write_batch(&mut self, mut outcomes: Vec<Outcome>) -> Result<Vec<Outcome>, WriteError> {
        let started = Instant::now();
        let mut batch = Batch::default();
        let mut lines = String::new();
        for outcome in &mut outcomes {
            if let Outcome::Article { input, record, .. } = outcome {
                record.processing.processed_at = now_rfc3339();
                record.processing.elapsed_us = input.taken.elapsed().as_micros() as u64;
            }
        }
        let files = timed("files", || self.sink.put(&outcomes))?;
        let mut term_counts: hashbrown::HashMap<u64, u32> = hashbrown::HashMap::new();
        let wrote_files = files.iter().any(Option::is_some);
        for (outcome, file) in outcomes.iter_mut().zip(files) {
            let row = self.ledger_row(outcome, file);
            if let Some((_, line)) = &row.feed {
                lines.push_str(line);
                lines.push('\n');
            }
            if let (
                Outcome::Article {
                    input,
                    record,
                    index_rows,
                    story_rows,
                    ..
                },
                Some((seq, _)),
            ) = (&mut *outcome, &row.feed)
            {
                batch.articles.push(ArticleRow {
                    id: record.id.clone(),
                    path: row.path.clone(),
                    seq: *seq,
                    index: std::mem::take(index_rows),
                });
                if let Some(rows) = story_rows {
                    batch.terms.articles += 1;
                    for &term in &rows.terms {
                        *term_counts.entry(term).or_insert(0) += 1;
                    }
                    let seq = self.next_seq;
                    self.next_seq += 1;
                    let size = self.stories.add(record, rows, seq, self.store.as_ref())?;
                    let line = story_line(seq, &row.path, input.part, record, &rows.story, size);
                    lines.push_str(&line);
                    lines.push('\n');
                    batch.extra_feed.push((seq, line));
                }
            }
            batch.rows.push(row);
        }
        batch.terms.terms = term_counts.into_iter().collect();
        batch.terms.terms.sort_unstable();
        let now = now_rfc3339();
        for (file, commit) in self.stories.take_batch(&now, self.next_seq - 1) {
            timed("stories", || self.sink.put_story(&file))?;
            batch.stories.push(commit);
        }
        if wrote_files || !batch.stories.is_empty() {
            timed("sync", || self.sink.sync())?;
        }
        let last_seq = self.next_seq - 1;
        if let Some(store) = &mut self.store {
            batch.feed_synced_seq = self.synced_seq;
            timed("ledger", || store.commit(&batch))?;
            timed("feed", || self.sink.announce(&lines))?;
            self.synced_seq = last_seq;
        }
        if let Some(after) = &self.after {
            for outcome in &outcomes {
                apply_after(after, outcome);
            }
        }
        metrics::histogram!("newsflow_commit_seconds").record(started.elapsed().as_secs_f64());
        metrics::histogram!("newsflow_commit_batch_size").record(outcomes.len() as f64);
        for outcome in &outcomes {
            telemetry::count_outcome(outcome);
            log_outcome(outcome);
        }
        Ok(outcomes)
    }

    fn ledger_row(&mut self, outcome: &Outcome, file: Option<String>) -> LedgerRow {
        let input = outcome.input();
        let path = input.path.display().to_string();
        let at = now_rfc3339();
        let (sha256, record_id, kind, duplicate_of) = match outcome {
            Outcome::Article { sha256, record, .. } => {
                (sha256.clone(), Some(record.id.clone()), None, None)
            }
            Outcome::ExactDuplicate {
                sha256,
                id,
                duplicate_of,
                ..
            } => (
                sha256.clone(),
                Some(id.clone()),
                None,
                Some(duplicate_of.clone()),
            ),
            Outcome::Rejected { sha256, record, .. } => (
                sha256.clone().unwrap_or_default(),
                None,
                Some(record.kind.clone()),
                None,
            ),
            Outcome::AlreadyDone { sha256, .. } => (sha256.clone(), None, None, None),
        };
        let feed = match outcome {
            Outcome::AlreadyDone { .. } => None,
            _ => {
                let seq = self.next_seq;
                self.next_seq += 1;
                let line = FeedLine {
                    seq,
                    event: outcome.label().to_string(),
                    path: path.clone(),
                    part: input.part.map(|p| p.number),
                    id: record_id.clone(),
                    at: at.clone(),
                    duplicate_of,
                    file,
                    kind: kind.clone(),
                    story: None,
                    size: None,
                    article: None,
                };
                // A FeedLine has only strings and numbers: serialising cannot fail.
                Some((seq, serde_json::to_string(&line).unwrap_or_default()))
            }
        };
        LedgerRow {
            path,
            sha256,
            part: input.part_number(),
            complete: input.finishes_file(),
            size: input.size,
            mtime_ns: input.modified.and_then(mtime_ns),
            outcome: outcome.label(),
            kind,
            record_id,
            feed,
            finished_at: at,
        }
    }
}

/// The feed line saying an article started (`size` 1) or grew a story.
fn story_line(
    seq: u64,
    path: &str,
    part: Option<crate::document::Part>,
    record: &crate::record::ArticleRecord,
    story: &str,
    size: u32,
) -> String {
    let line = FeedLine {
        seq,
        event: "story".to_string(),
        path: path.to_string(),
        part: part.map(|p| p.number),
        id: None,
        at: now_rfc3339(),
        duplicate_of: None,
        file: Some(format!("stories/{story}.json")),
        kind: None,
        story: Some(story.to_string()),
        size: Some(size),
        article: Some(record.id.clone()),
    };
    // A FeedLine has only strings and numbers: serialising cannot fail.
    serde_json::to_string(&line).unwrap_or_default()
}

/// Runs one phase of a commit, recording its duration.
fn timed<T>(phase: &'static str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = f();
    metrics::histogram!("newsflow_write_phase_seconds", "phase" => phase)
        .record(started.elapsed().as_secs_f64());
    result
}

/// One log event per outcome: rejections at info (a user may need to act),
/// the rest at debug (thousands a second would drown the log).
fn log_outcome(outcome: &Outcome) {
    let span = &outcome.input().span;
    match outcome {
        Outcome::Rejected { record, .. } => {
            tracing::info!(parent: span, kind = %record.kind, reason = %record.reason, "input rejected")
        }
        Outcome::ExactDuplicate { duplicate_of, .. } => {
            tracing::debug!(parent: span, duplicate_of = %duplicate_of, "exact duplicate")
        }
        Outcome::Article { record, .. } => {
            tracing::debug!(parent: span, elapsed_us = record.processing.elapsed_us, "article written")
        }
        Outcome::AlreadyDone { .. } => tracing::debug!(parent: span, "already done"),
    }
}

/// Nanoseconds since the Unix epoch, the ledger's form of a modification time.
pub fn mtime_ns(t: std::time::SystemTime) -> Option<i64> {
    let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
    i64::try_from(d.as_nanos()).ok()
}

/// Moves or deletes a committed input. Failures are logged, not fatal: the
/// outcome is already durable, and the ledger keeps the file from being redone.
fn apply_after(after: &AfterPolicy, outcome: &Outcome) {
    let input = outcome.input();
    if !input.finishes_file()
        || matches!(outcome, Outcome::Rejected { record, .. } if record.kind == "vanished")
    {
        return;
    }
    if let Err(e) = after_action(after, &input.path, &input.name) {
        tracing::warn!(path = %input.path.display(), error = %e, "could not apply inbox.after to the input");
    }
}

/// Applies `inbox.after` to one input path.
pub fn after_action(after: &AfterPolicy, path: &Path, name: &str) -> std::io::Result<()> {
    match after.action {
        AfterAction::Keep => Ok(()),
        AfterAction::Delete => std::fs::remove_file(path),
        AfterAction::Move => {
            let target = after.inbox.join(crate::intake::DONE_DIR).join(name);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(path, target)
        }
    }
}

/// The async shell: takes whatever outcomes are waiting (up to `batch_max`),
/// writes them as one batch off the async threads, reports them to `on_commit`.
/// While a batch commits, the next one gathers in the channel: under load the
/// batches grow, when idle each outcome is committed at once.
pub async fn run(
    mut rx: mpsc::Receiver<Outcome>,
    mut writer: Writer,
    batch_max: usize,
    abort: CancellationToken,
    mut on_commit: impl FnMut(&Outcome) + Send,
) -> Result<(), WriteError> {
    loop {
        let first = tokio::select! {
            biased;
            _ = abort.cancelled() => break,
            next = rx.recv() => match next {
                Some(outcome) => outcome,
                None => break,
            },
        };
        let mut batch = vec![first];
        while batch.len() < batch_max {
            match rx.try_recv() {
                Ok(outcome) => batch.push(outcome),
                Err(_) => break,
            }
        }
        metrics::gauge!("newsflow_queue_depth", "queue" => "write").set(rx.len() as f64);
        let (returned, result) = tokio::task::spawn_blocking(move || {
            let result = writer.write_batch(batch);
            (writer, result)
        })
        .await
        .map_err(|e| WriteError::Task(e.to_string()))?;
        writer = returned;
        for outcome in result? {
            metrics::histogram!("newsflow_end_to_end_seconds")
                .record(outcome.input().taken.elapsed().as_secs_f64());
            on_commit(&outcome);
        }
    }
    Ok(())
}

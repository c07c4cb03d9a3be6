//! The values that travel between pipeline stages: an [`Input`] from intake, the
//! decoded [`Text`], the parsed [`Document`], and the terminal [`Outcome`] the
//! writer commits. A [`Rejection`] can end an item at any stage.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use crate::dedup::Fingerprint;
use crate::record::{ArticleRecord, Caption, Dateline, DedupInfo, RejectedRecord, Removed};

/// A file taken from the inbox (or handed to `newsflow process`).
#[derive(Debug, Clone)]
pub struct Input {
    /// The tracing span every stage enters while working on this input.
    pub span: tracing::Span,
    pub path: PathBuf,
    /// Path relative to the inbox, with `/` separators; the file name for loose files.
    pub name: String,
    pub size: u64,
    pub modified: Option<SystemTime>,
    /// Wall-clock time the file was taken, RFC 3339.
    pub received_at: String,
    /// Monotonic time the file was taken, for latency figures.
    pub taken: Instant,
    /// Wall-clock time the file was taken.
    pub taken_at: SystemTime,
    /// Set when this is one article of a file that holds many (a line of JSON
    /// Lines, an element of a JSON array): each has its own outcome.
    pub part: Option<Part>,
}

/// One article of a multi-article file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// 1-based: the line of a JSON Lines file, the element of a JSON array.
    pub number: u32,
    /// The file's last article: once it is committed, so are all the others
    /// (outcomes commit in order), and the file is finished.
    pub last: bool,
}

impl Input {
    /// The same file, as its article `part`.
    pub fn part(&self, part: Part) -> Input {
        Input {
            span: tracing::info_span!(
                "article",
                path = %self.name,
                part = part.number,
                id = tracing::field::Empty
            ),
            part: Some(part),
            ..self.clone()
        }
    }

    /// The ledger's number for this input: 0 for a whole file.
    pub fn part_number(&self) -> u32 {
        self.part.map_or(0, |p| p.number)
    }

    /// True when committing this input's outcome finishes its file.
    pub fn finishes_file(&self) -> bool {
        self.part.is_none_or(|p| p.last)
    }
}

/// The stage where an item stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Read, decode and parse together (the parallel stage that runs all three).
    Load,
    Read,
    Decode,
    Parse,
    Dedup,
    Extract,
    Tag,
    Corpus,
    Write,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Load => "load",
            Stage::Read => "read",
            Stage::Decode => "decode",
            Stage::Parse => "parse",
            Stage::Dedup => "dedup",
            Stage::Extract => "extract",
            Stage::Tag => "tag",
            Stage::Corpus => "corpus",
            Stage::Write => "write",
        }
    }
}

/// Why an input could not become an article. `kind` is stable and machine-readable;
/// `reason` is a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub stage: Stage,
    pub kind: &'static str,
    pub reason: String,
}

impl Rejection {
    pub fn new(stage: Stage, kind: &'static str, reason: impl Into<String>) -> Self {
        Rejection {
            stage,
            kind,
            reason: reason.into(),
        }
    }
}

/// File bytes after reading: what the ledger needs to know about the content.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub bytes: Vec<u8>,
    /// SHA-256 of `bytes`, hex.
    pub sha256: String,
}

/// Decoded text and the encoding it came from.
#[derive(Debug, Clone)]
pub struct Text {
    pub text: String,
    /// WHATWG name of the source encoding ("UTF-8", "UTF-16LE", "windows-1252", ...).
    pub encoding: &'static str,
}

/// The input format, sniffed from content with the extension as a hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Json,
    Jsonl,
    Nitf,
    NewsMl,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Nitf => "nitf",
            Format::NewsMl => "newsml",
        }
    }
}

/// A parsed article: the structure found in the input, before enrichment.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub title: String,
    /// Body paragraphs, in order, each without surrounding whitespace.
    pub paragraphs: Vec<String>,
    /// Canonical URL, when the input states one.
    pub url: Option<String>,
    /// RFC 3339 date or date-time, only when the input states it.
    pub published_at: Option<String>,
    /// Lede or subtitle shown under the headline.
    pub standfirst: Option<String>,
    /// People in the byline.
    pub authors: Vec<String>,
    /// Wire agencies credited ("AFP", "Reuters", ...).
    pub agencies: Vec<String>,
    /// A closing credit line ("Al Jazeera, News Agencies").
    pub credit: Option<String>,
    pub dateline: Option<Dateline>,
    /// Subheadings found inside the article (not in `paragraphs`).
    pub headings: Vec<String>,
    pub captions: Vec<Caption>,
    /// What was stripped from the text, and why.
    pub removed: Vec<Removed>,
    /// Site or publication name, when the input states it.
    pub site_name: Option<String>,
}

impl Document {
    /// The body as written to the record: paragraphs separated by a blank line.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

/// The parse stage's output: a document and what is known about its input.
#[derive(Debug)]
pub struct Parsed {
    pub input: Arc<Input>,
    pub sha256: String,
    /// Bytes actually read (the file may have changed since it was listed).
    pub bytes: u64,
    pub format: Format,
    pub encoding: &'static str,
    pub doc: Document,
    /// Id derived from the normalised body (see `dedup::article_key`).
    pub key: u64,
    /// What dedup compares (computed here, in the parallel stage).
    pub fingerprint: Fingerprint,
    /// What the index persists for this article, should it be accepted.
    pub index_rows: IndexRows,
}

impl Parsed {
    /// The article id as written in records: 16 hex digits.
    pub fn id(&self) -> String {
        crate::dedup::id_hex(self.key)
    }
}

/// The dedup index's persisted form of one article, committed with its record:
/// `entry` is loaded at startup, `verify` read back to verify a candidate.
#[derive(Debug, Clone, Default)]
pub struct IndexRows {
    pub entry: Vec<u8>,
    pub verify: Vec<u8>,
}

/// A parsed article that dedup let through, with its verdict.
#[derive(Debug)]
pub struct Deduped {
    pub parsed: Parsed,
    pub dedup: DedupInfo,
}

/// An article whose record extract and tag are filling in.
#[derive(Debug)]
pub struct Draft {
    pub input: Arc<Input>,
    pub sha256: String,
    pub record: ArticleRecord,
    pub index_rows: IndexRows,
    /// Set by the corpus stage when the article joined a story.
    pub story_rows: Option<StoryRows>,
}

/// What the writer commits for an article that joined a story, in the same
/// transaction as its record: the membership and the story's new profile.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryRows {
    pub story: String,
    pub size: u32,
    /// Article time (unix seconds) of the story's first and last members.
    pub first: i64,
    pub last: i64,
    /// The story's clustering profile after the article joined (opaque bytes
    /// of the corpus stage, stored for its restart).
    pub profile: Vec<u8>,
    /// The article's distinct terms: each adds one to its document frequency
    /// in the state, committed with the record.
    pub terms: Vec<u64>,
}

/// An item between two stages: still on its way, or already finished.
#[derive(Debug)]
pub enum Step<T> {
    Next(T),
    Done(Outcome),
}

/// What happened to an input: exactly one per input, committed by the writer.
#[derive(Debug)]
pub enum Outcome {
    /// A new article: its record goes to `outbox/articles/<id>.json`.
    Article {
        input: Arc<Input>,
        sha256: String,
        record: Box<ArticleRecord>,
        index_rows: IndexRows,
        story_rows: Option<StoryRows>,
    },
    /// The normalised body was seen before: a feed line and a ledger row, no record.
    ExactDuplicate {
        input: Arc<Input>,
        sha256: String,
        id: String,
        duplicate_of: String,
    },
    /// Could not be processed: `outbox/rejected/<name>.json`.
    Rejected {
        input: Arc<Input>,
        sha256: Option<String>,
        record: Box<RejectedRecord>,
    },
    /// The same path with the same content was already finished (seen again after
    /// a touch or a restart): nothing to announce, the ledger is brought up to date.
    AlreadyDone { input: Arc<Input>, sha256: String },
}

impl<T> Step<T> {
    /// Applies the next stage to an item still on its way; finished items pass.
    pub fn then<U>(self, f: impl FnOnce(T) -> Step<U>) -> Step<U> {
        match self {
            Step::Next(t) => f(t),
            Step::Done(outcome) => Step::Done(outcome),
        }
    }
}

/// Anything in the pipeline knows its input, so that even a failure inside a
/// stage can be turned into a rejected record for the right file.
pub trait Carries {
    fn input(&self) -> &Arc<Input>;
}

impl Carries for Arc<Input> {
    fn input(&self) -> &Arc<Input> {
        self
    }
}

impl Carries for Parsed {
    fn input(&self) -> &Arc<Input> {
        &self.input
    }
}

impl Carries for Deduped {
    fn input(&self) -> &Arc<Input> {
        &self.parsed.input
    }
}

impl Carries for Draft {
    fn input(&self) -> &Arc<Input> {
        &self.input
    }
}

/// An item with what a stage found for the next one (the corpus stage's
/// prepared terms).
impl<T: Carries, U> Carries for (T, U) {
    fn input(&self) -> &Arc<Input> {
        self.0.input()
    }
}

impl<T: Carries> Carries for Step<T> {
    fn input(&self) -> &Arc<Input> {
        match self {
            Step::Next(t) => t.input(),
            Step::Done(outcome) => outcome.input(),
        }
    }
}

/// What becomes of an item at the end of the stages: an article's record,
/// or the outcome a stage settled on.
impl From<Step<Draft>> for Outcome {
    fn from(step: Step<Draft>) -> Outcome {
        match step {
            Step::Next(Draft {
                input,
                sha256,
                record,
                index_rows,
                story_rows,
            }) => Outcome::Article {
                input,
                sha256,
                record: Box::new(record),
                index_rows,
                story_rows,
            },
            Step::Done(outcome) => outcome,
        }
    }
}

impl Outcome {
    pub fn input(&self) -> &Arc<Input> {
        match self {
            Outcome::Article { input, .. }
            | Outcome::ExactDuplicate { input, .. }
            | Outcome::Rejected { input, .. }
            | Outcome::AlreadyDone { input, .. } => input,
        }
    }

    /// The metric label of this outcome.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Article { .. } => "article",
            Outcome::ExactDuplicate { .. } => "exact_duplicate",
            Outcome::Rejected { .. } => "rejected",
            Outcome::AlreadyDone { .. } => "already_done",
        }
    }
}

impl Outcome {
    /// The outcome of an input that stopped with a rejection.
    pub fn rejected(input: Arc<Input>, sha256: Option<String>, rejection: Rejection) -> Outcome {
        let record = RejectedRecord {
            schema: crate::record::REJECTED_SCHEMA.to_string(),
            path: input.path.display().to_string(),
            name: input.name.clone(),
            part: input.part.map(|p| p.number),
            stage: rejection.stage.as_str().to_string(),
            kind: rejection.kind.to_string(),
            reason: rejection.reason,
            bytes: Some(input.size),
            sha256: sha256.clone(),
            received_at: input.received_at.clone(),
            rejected_at: now_rfc3339(),
        };
        Outcome::Rejected {
            input,
            sha256,
            record: Box::new(record),
        }
    }
}

/// The current time as RFC 3339 in UTC, to the microsecond.
pub fn now_rfc3339() -> String {
    rfc3339(jiff::Timestamp::now())
}

/// A file time as RFC 3339 in UTC, when it is representable.
pub fn system_time_rfc3339(t: SystemTime) -> Option<String> {
    jiff::Timestamp::try_from(t).ok().map(rfc3339)
}

fn rfc3339(t: jiff::Timestamp) -> String {
    t.round(jiff::Unit::Microsecond).unwrap_or(t).to_string()
}

//! What newsflow writes: the article record (`newsflow/article/v1`), the rejected
//! record, and the feed line. Field names are the contract of DESIGN.md section 4,
//! read by other programs; change them only with a new schema version.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Schema tag of the article record.
pub const ARTICLE_SCHEMA: &str = "newsflow/article/v1";
/// Schema tag of the rejected record.
pub const REJECTED_SCHEMA: &str = "newsflow/rejected/v1";

/// One enriched article, written to `outbox/articles/<id>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ArticleRecord {
    /// Always `newsflow/article/v1`.
    pub schema: String,
    /// Hex string derived from the normalised body: same text, same id.
    pub id: String,
    pub source: Source,
    pub title: String,
    /// Lede or subtitle shown under the headline.
    pub standfirst: Option<String>,
    /// People in the byline.
    pub authors: Vec<String>,
    /// Wire agencies credited: "AFP", "Reuters", "AP", ...
    pub agencies: Vec<String>,
    /// A closing credit line, e.g. "Al Jazeera, News Agencies".
    pub credit: Option<String>,
    pub dateline: Option<Dateline>,
    /// RFC 3339 date or date-time, only when the input states it.
    pub published_at: Option<String>,
    /// Clean article text, paragraphs separated by a blank line.
    pub body: String,
    /// Subheadings found inside the article.
    pub headings: Vec<String>,
    pub captions: Vec<Caption>,
    /// What was stripped from the text, and why.
    pub removed: Vec<Removed>,
    pub stats: Stats,
    pub language: Option<Language>,
    /// Up to 3 sentences of the body that best summarise it.
    pub summary: Vec<String>,
    pub entities: Vec<Entity>,
    pub places: Vec<Place>,
    pub countries: Vec<Country>,
    pub quotes: Vec<Quote>,
    pub dates: Vec<DateMention>,
    pub amounts: Vec<Amount>,
    pub keywords: Vec<Keyword>,
    pub topics: Vec<Topic>,
    pub dedup: DedupInfo,
    pub story: Option<StoryRef>,
    pub processing: Processing,
}

/// Where the article came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// Path of the input file as newsflow saw it.
    pub path: String,
    /// Path relative to the inbox.
    pub name: String,
    /// Detected format: text, markdown, html, json, jsonl, nitf, newsml.
    pub format: String,
    /// The encoding the bytes were decoded from, e.g. "UTF-8", "windows-1252".
    pub encoding: String,
    pub bytes: u64,
    /// SHA-256 of the input bytes, hex.
    pub sha256: String,
    /// The input file's modification time (RFC 3339).
    pub modified_at: Option<String>,
    /// When newsflow took the file (RFC 3339).
    pub received_at: String,
    /// Canonical URL, when the input states one.
    pub url: Option<String>,
    /// For a file holding many articles: this article's line (JSON Lines) or
    /// element (JSON array), from 1; `bytes` and `sha256` are then this part's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Dateline {
    pub text: String,
    pub place: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Caption {
    pub text: String,
    pub credit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Removed {
    /// read_more, related_link, comments, share, caption, repeated_title, source_line, ...
    pub kind: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Stats {
    pub words: u32,
    pub sentences: u32,
    pub paragraphs: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Language {
    /// ISO 639-1.
    pub code: String,
    pub confidence: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Entity {
    pub name: String,
    /// person | organization | location | other
    #[serde(rename = "type")]
    pub kind: String,
    pub mentions: u32,
    pub aliases: Vec<String>,
    /// `[start, end)` in code points into `body`.
    pub offsets: Vec<[u32; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Place {
    pub name: String,
    /// country | region | city | other
    pub kind: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub mentions: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Country {
    pub code: String,
    pub name: String,
    pub mentions: u32,
    /// True when the article is about this country, not just mentioning it.
    pub focus: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Quote {
    pub text: String,
    pub speaker: Option<String>,
    pub cue: Option<String>,
    /// Code-point offset of the quote in `body`.
    pub offset: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DateMention {
    pub text: String,
    /// ISO 8601 when resolvable, else null.
    pub value: Option<String>,
    pub offset: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Amount {
    pub text: String,
    pub value: Option<f64>,
    /// count | money | percent | quantity
    pub kind: String,
    pub object: Option<String>,
    pub offset: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Keyword {
    pub term: String,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Topic {
    /// IPTC Media Topic, e.g. "medtop:11000000".
    pub code: String,
    pub label: String,
    pub score: f64,
}

/// Deduplication verdict for an accepted article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DedupInfo {
    /// unique | near_duplicate
    pub status: String,
    pub duplicate_of: Option<String>,
    pub similarity: Option<f64>,
    /// Earlier articles this one copies passages from.
    pub reuse: Vec<Reuse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Reuse {
    pub id: String,
    pub shared_sentences: u32,
    pub containment: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StoryRef {
    pub id: String,
    pub size: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Processing {
    /// newsflow version that wrote the record.
    pub version: String,
    pub processed_at: String,
    /// Time from taking the file to writing the record, in microseconds.
    pub elapsed_us: u64,
}

/// One input that could not be processed, written to `outbox/rejected/<name>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RejectedRecord {
    /// Always `newsflow/rejected/v1`.
    pub schema: String,
    pub path: String,
    pub name: String,
    /// For a file holding many articles: the rejected line or element, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<u32>,
    /// The pipeline stage that gave up: read, decode, parse, ...
    pub stage: String,
    /// Machine-readable reason: empty, binary, too_large, undecodable, unreadable, vanished, ...
    pub kind: String,
    /// A sentence a user understands.
    pub reason: String,
    pub bytes: Option<u64>,
    pub sha256: Option<String>,
    pub received_at: String,
    pub rejected_at: String,
}

/// One line of `outbox/feed.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FeedLine {
    /// Position in the feed: 1, 2, 3, ... without gaps.
    pub seq: u64,
    /// article | exact_duplicate | rejected
    pub event: String,
    pub path: String,
    /// For a file holding many articles: the line or element, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<u32>,
    /// The article id (for rejections: null).
    pub id: Option<String>,
    /// When the outcome was committed (RFC 3339).
    pub at: String,
    /// For exact duplicates: the id of the article it repeats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// For articles: `articles/<id>.json`; for rejections: `rejected/<name>.json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// For rejections: the machine-readable reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// The JSON Schema of the article record, for `newsflow schema`.
pub fn article_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ArticleRecord)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_every_contract_field() {
        let schema = article_schema();
        let props = schema["properties"].as_object().unwrap();
        for field in [
            "schema",
            "id",
            "source",
            "title",
            "standfirst",
            "authors",
            "agencies",
            "credit",
            "dateline",
            "published_at",
            "body",
            "headings",
            "captions",
            "removed",
            "stats",
            "language",
            "summary",
            "entities",
            "places",
            "countries",
            "quotes",
            "dates",
            "amounts",
            "keywords",
            "topics",
            "dedup",
            "story",
            "processing",
        ] {
            assert!(props.contains_key(field), "schema lacks `{field}`");
        }
    }
}

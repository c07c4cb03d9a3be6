//! What newsflow writes: the article record (`newsflow/article/v1`), the rejected
//! record, and the feed line. Field names are the contract of DESIGN.md section 4,
//! read by other programs; change them only with a new schema version.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Schema tag of the article record.
pub const ARTICLE_SCHEMA: &str = "newsflow/article/v1";
/// Schema tag of the rejected record.
pub const REJECTED_SCHEMA: &str = "newsflow/rejected/v1";
pub const STORY_SCHEMA: &str = "newsflow/story/v1";

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
impl ArticleRecord {
    /// Unix seconds of when the article happened: published when it says (a
    /// date alone counts as its noon UTC), else received.
    pub fn seen_secs(&self) -> i64 {
        self.published_at
            .as_deref()
            .and_then(unix_secs)
            .or_else(|| unix_secs(&self.source.received_at))
            .unwrap_or(0)
    }
}

/// Unix seconds of an RFC 3339 date-time or an ISO 8601 date (its noon UTC).
fn unix_secs(text: &str) -> Option<i64> {
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Some(ts.as_second());
    }
    let date: jiff::civil::Date = text.parse().ok()?;
    let noon = date
        .at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()?;
    Some(noon.timestamp().as_second())
}

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

/// A story file (`outbox/stories/<story-id>.json`, `newsflow/story/v1`): the
/// articles about one event, rewritten as members join.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StoryRecord {
    pub schema: String,
    /// The id of the article that started the story.
    pub id: String,
    /// The member title that best stands for the members.
    pub title: String,
    /// RFC 3339: published_at when known, else received_at.
    pub first_seen: String,
    pub last_seen: String,
    pub size: u32,
    /// In arrival order.
    pub members: Vec<StoryMember>,
    /// The most frequent across members; `articles` counts members naming it.
    pub entities: Vec<StoryEntity>,
    pub places: Vec<StoryPlace>,
    pub countries: Vec<StoryCountry>,
    pub keywords: Vec<StoryTerm>,
    pub topics: Vec<StoryTopic>,
    /// Which member copies which: `from` copies passages of (or nearly
    /// duplicates) `to`.
    pub reuse: Vec<StoryReuse>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StoryMember {
    pub id: String,
    pub title: String,
    pub published_at: Option<String>,
    pub received_at: String,
    pub agencies: Vec<String>,
    /// The member's `source.name`: its path in the inbox.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StoryEntity {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub articles: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StoryPlace {
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    pub articles: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StoryCountry {
    pub code: String,
    pub name: String,
    pub articles: u32,
    /// Members whose focus it is.
    pub focus: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StoryTerm {
    pub term: String,
    pub articles: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StoryTopic {
    pub code: String,
    pub label: String,
    pub articles: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StoryReuse {
    pub from: String,
    pub to: String,
    /// `near_duplicate` or `reuse` (copied passages).
    pub kind: String,
    pub shared_sentences: Option<u32>,
    /// Share of `from` found in `to` (the near-duplicate similarity for a
    /// near-duplicate).
    pub containment: f64,
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
    /// On a `story` line: the story, its size now, and the article that
    /// started or grew it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
}

/// The JSON Schema of the article record, for `newsflow schema`.
pub fn article_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ArticleRecord)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_from_dates_and_date_times() {
        assert_eq!(unix_secs("1970-01-02T00:00:00Z"), Some(86_400));
        assert_eq!(unix_secs("1970-01-02"), Some(86_400 + 43_200));
        assert_eq!(unix_secs("yesterday"), None);
    }

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

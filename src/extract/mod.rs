//! The extract stage: turns a deduplicated document into the article record's
//! structural fields (source, title, body, stats). Runs in parallel; it owns no
//! state. Quotes, dates, amounts, bylines and datelines are filled in here too.

pub mod amounts;
pub mod dates;
pub mod quotes;
mod stats;
mod words;

pub use stats::stats;

use crate::document::{Deduped, Document, Draft, system_time_rfc3339};
use crate::record::{
    ARTICLE_SCHEMA, Amount, ArticleRecord, DateMention, DedupInfo, Processing, Quote, Source, Stats,
};

/// Builds the record of a deduplicated article.
pub fn extract(item: Deduped) -> Draft {
    let Deduped { parsed, dedup } = item;
    let input = parsed.input;
    let source = Source {
        path: input.path.display().to_string(),
        name: input.name.clone(),
        format: parsed.format.as_str().to_string(),
        encoding: parsed.encoding.to_string(),
        bytes: parsed.bytes,
        sha256: parsed.sha256.clone(),
        modified_at: input.modified.and_then(system_time_rfc3339),
        received_at: input.received_at.clone(),
        url: parsed.doc.url.clone(),
        part: input.part.map(|p| p.number),
    };
    let id = crate::dedup::id_hex(parsed.key);
    let record = article_record(id, parsed.doc, source, dedup);
    Draft {
        input,
        sha256: parsed.sha256,
        record,
        index_rows: parsed.index_rows,
        story_rows: None,
    }
}

/// The record of one parsed document, before tagging.
pub fn article_record(
    id: String,
    doc: Document,
    source: Source,
    dedup: DedupInfo,
) -> ArticleRecord {
    let body = doc.body();
    let facts = body_facts(&doc, &body);
    ArticleRecord {
        schema: ARTICLE_SCHEMA.to_string(),
        id,
        source,
        title: doc.title,
        standfirst: doc.standfirst,
        authors: doc.authors,
        agencies: doc.agencies,
        credit: doc.credit,
        dateline: doc.dateline,
        published_at: doc.published_at,
        body,
        headings: doc.headings,
        captions: doc.captions,
        removed: doc.removed,
        stats: facts.stats,
        language: None,
        summary: Vec::new(),
        entities: Vec::new(),
        places: Vec::new(),
        countries: Vec::new(),
        quotes: facts.quotes,
        dates: facts.dates,
        amounts: facts.amounts,
        keywords: Vec::new(),
        topics: Vec::new(),
        dedup,
        story: None,
        processing: Processing {
            version: env!("CARGO_PKG_VERSION").to_string(),
            processed_at: String::new(),
            elapsed_us: 0,
        },
    }
}

/// The untagged record of one input's text, outside the pipeline (no state,
/// no deduplication: the article counts as unique): for benchmarks and
/// evaluations that want records without running the daemon.
pub fn standalone_record(text: &str, name: &str) -> Option<ArticleRecord> {
    let (format, doc) = crate::parse::parse(text, name).ok()?;
    let source = Source {
        path: name.to_string(),
        name: name.to_string(),
        format: format.as_str().to_string(),
        encoding: "UTF-8".to_string(),
        bytes: text.len() as u64,
        sha256: String::new(),
        modified_at: None,
        received_at: String::new(),
        url: doc.url.clone(),
        part: None,
    };
    let dedup = DedupInfo {
        status: "unique".to_string(),
        duplicate_of: None,
        similarity: None,
        reuse: Vec::new(),
    };
    let id = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()));
    Some(article_record(id, doc, source, dedup))
}

/// What the extract stage reads in an article's text.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyFacts {
    pub stats: Stats,
    pub quotes: Vec<Quote>,
    pub dates: Vec<DateMention>,
    pub amounts: Vec<Amount>,
}

/// Stats, quotes, dates and amounts of `doc`, whose body (`doc.body()`, passed
/// in so the caller can keep it) is `body`. The one code path for the record
/// and for `benches/extract.rs`.
pub fn body_facts(doc: &Document, body: &str) -> BodyFacts {
    let anchor = dates::anchor(
        doc.published_at.as_deref(),
        doc.dateline.as_ref().map(|d| d.text.as_str()),
    );
    BodyFacts {
        stats: stats(doc, body),
        quotes: quotes::quotes(body),
        dates: dates::dates(body, anchor),
        amounts: amounts::amounts(body),
    }
}

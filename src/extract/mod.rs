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
    ARTICLE_SCHEMA, Amount, ArticleRecord, DateMention, Processing, Quote, Source, Stats,
};

/// Builds the record of a deduplicated article.
pub fn extract(item: Deduped) -> Draft {
    let Deduped { parsed, dedup } = item;
    let input = parsed.input;
    let body = parsed.doc.body();
    let facts = body_facts(&parsed.doc, &body);
    let record = ArticleRecord {
        schema: ARTICLE_SCHEMA.to_string(),
        id: crate::dedup::id_hex(parsed.key),
        source: Source {
            path: input.path.display().to_string(),
            name: input.name.clone(),
            format: parsed.format.as_str().to_string(),
            encoding: parsed.encoding.to_string(),
            bytes: parsed.bytes,
            sha256: parsed.sha256.clone(),
            modified_at: input.modified.and_then(system_time_rfc3339),
            received_at: input.received_at.clone(),
            url: parsed.doc.url,
            part: input.part.map(|p| p.number),
        },
        title: parsed.doc.title,
        standfirst: parsed.doc.standfirst,
        authors: parsed.doc.authors,
        agencies: parsed.doc.agencies,
        credit: parsed.doc.credit,
        dateline: parsed.doc.dateline,
        published_at: parsed.doc.published_at,
        body,
        headings: parsed.doc.headings,
        captions: parsed.doc.captions,
        removed: parsed.doc.removed,
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
    };
    Draft {
        input,
        sha256: parsed.sha256,
        record,
        index_rows: parsed.index_rows,
    }
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

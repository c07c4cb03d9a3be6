//! The extract stage: turns a deduplicated document into the article record's
//! structural fields (source, title, body, stats). Runs in parallel; it owns no
//! state. Quotes, dates, amounts, bylines and datelines are filled in here too.

pub mod amounts;
pub mod dates;
pub mod quotes;

use unicode_segmentation::UnicodeSegmentation;

use crate::document::{Deduped, Draft, system_time_rfc3339};
use crate::record::{ARTICLE_SCHEMA, ArticleRecord, Processing, Source, Stats};

/// Builds the record of a deduplicated article.
pub fn extract(item: Deduped) -> Draft {
    let Deduped { parsed, dedup } = item;
    let input = parsed.input;
    let body = parsed.doc.body();
    let stats = Stats {
        words: count(body.unicode_words().count()),
        sentences: count(
            body.unicode_sentences()
                .filter(|s| !s.trim().is_empty())
                .count(),
        ),
        paragraphs: count(parsed.doc.paragraphs.len()),
    };
    // Quotes, dates and amounts read the body before it moves into the record.
    let anchor = dates::anchor_from_published(parsed.doc.published_at.as_deref());
    let mentions = Mentions {
        quotes: quotes::quotes(&body),
        dates: dates::dates(&body, anchor),
        amounts: amounts::amounts(&body),
    };
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
        stats,
        language: None,
        summary: Vec::new(),
        entities: Vec::new(),
        places: Vec::new(),
        countries: Vec::new(),
        quotes: mentions.quotes,
        dates: mentions.dates,
        amounts: mentions.amounts,
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

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What the quote, date and amount finders read in the body.
struct Mentions {
    quotes: Vec<crate::record::Quote>,
    dates: Vec<crate::record::DateMention>,
    amounts: Vec<crate::record::Amount>,
}

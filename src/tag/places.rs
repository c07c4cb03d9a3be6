//! Places and countries: gazetteer matches in the title, dateline and body,
//! disambiguated with what the article says, and the countries it is about.
//! (Skeleton.)

use super::ner::Mention;
use crate::record::{Country, Dateline, Place};

/// What the place tagger reads of an article.
pub struct Article<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub dateline: Option<&'a Dateline>,
    /// The recogniser's mentions, byte offsets into `title` and `body`
    /// (empty for languages it does not know).
    pub title_mentions: &'a [Mention],
    pub body_mentions: &'a [Mention],
}

/// The record's `places` and `countries`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Found {
    pub places: Vec<Place>,
    pub countries: Vec<Country>,
}

/// The gazetteer matcher, loaded once and shared by every worker.
pub struct Places {}

impl Places {
    pub fn load() -> Places {
        Places {}
    }

    pub fn tag(&self, _article: &Article) -> Found {
        Found::default()
    }
}

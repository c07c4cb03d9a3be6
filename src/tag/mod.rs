//! The tag stage: per-article taggers (language, entities, places and
//! countries, topics, summary), run in parallel on the worker pool after
//! extract. Each tagger is a pure synchronous core in its own module; the
//! models and tables they need are loaded once, into [`Taggers`], and shared
//! by every worker. Corpus-wide tags (keywords, stories) belong to the
//! `corpus` owner stage that follows.

pub mod entities;
pub mod language;
pub mod ner;
pub mod places;
pub mod summary;
pub mod topics;

use crate::document::Draft;
use crate::record::ArticleRecord;

/// The models and tables every tagger needs, loaded once at startup.
pub struct Taggers {
    pub language: language::Detector,
    pub ner: ner::Recognizer,
    pub places: places::Places,
    pub topics: topics::Classifier,
}

impl Taggers {
    /// Loads every model and table (compiled into the binary from `data/`).
    pub fn load() -> Taggers {
        Taggers {
            language: language::Detector::new(),
            ner: ner::Recognizer::load(),
            places: places::Places::load(),
            topics: topics::Classifier::load(),
        }
    }

    /// Tags one article's draft.
    pub fn tag(&self, mut draft: Draft) -> Draft {
        self.tag_record(&mut draft.record);
        draft
    }

    /// Fills the record's per-article tags: language, entities (and the quote
    /// speakers linked to them), places, countries, topics and summary.
    /// Taggers that only know English leave their fields empty on other
    /// languages rather than guess.
    pub fn tag_record(&self, record: &mut ArticleRecord) {
        record.language = self.language.detect(&record.title, &record.body);
        // English unless another language is detected with some confidence:
        // a results table or a list of names is no language's prose.
        let english = record
            .language
            .as_ref()
            .is_none_or(|l| l.code == "en" || l.confidence < language::UNSURE);
        let mentions = if english {
            self.ner.recognize(&[&record.title, &record.body])
        } else {
            vec![Vec::new(), Vec::new()]
        };
        let (title_mentions, body_mentions) = (&mentions[0], &mentions[1]);
        if english {
            record.entities =
                entities::entities(&record.title, &record.body, title_mentions, body_mentions);
            entities::link_speakers(&mut record.quotes, &record.entities);
            record.topics = self.topics.classify(&record.title, &record.body);
        }
        let found = self.places.tag(&places::Article {
            title: &record.title,
            body: &record.body,
            dateline: record.dateline.as_ref(),
            title_mentions,
            body_mentions,
        });
        record.places = found.places;
        record.countries = found.countries;
        record.summary = summary::summary(record);
    }
}

//! The corpus stage: the single owner of corpus-wide state (keyword document
//! frequencies, stories). It sees articles in processing order, after the
//! parallel tag stage, so that records are repeatable.

pub mod keywords;
pub mod stories;

use hashbrown::HashMap;
use xxhash_rust::xxh3::xxh3_64;

use crate::document::{Draft, StoryRows};
use crate::record::ArticleRecord;
use crate::state::{StateError, Store};
use stories::{Profile, Sparse, Stories};

/// Corpus-wide state kept between articles.
pub struct Corpus {
    stories: Stories,
    /// Read access to the state, for stories no longer in memory.
    store: Option<Store>,
    /// Document frequencies of the words of titles and bodies (hashed),
    /// committed with each batch and loaded at startup.
    df: HashMap<u64, u32>,
    docs: u64,
}

impl Default for Corpus {
    fn default() -> Self {
        Corpus::new(stories::Settings::default())
    }
}

impl Corpus {
    /// A new, empty corpus.
    pub fn new(settings: stories::Settings) -> Corpus {
        Corpus {
            stories: Stories::new(settings),
            store: None,
            df: HashMap::new(),
            docs: 0,
        }
    }

    /// The corpus committed so far in `store` (which it keeps, read-only, to
    /// fetch stories that dropped out of memory).
    pub fn load(settings: stories::Settings, store: Store) -> Result<Corpus, StateError> {
        let mut corpus = Corpus::new(settings);
        corpus.docs = store.for_each_term_frequency(|term, n| {
            corpus.df.insert(term, n);
        })?;
        let mut members = Vec::new();
        store.for_each_story_member(|article, story| members.push((article, story)))?;
        let mut profiles = Vec::new();
        if let Some(latest) = store.latest_story_time()? {
            let since = corpus.stories.horizon(latest);
            store.for_each_recent_story(since, |story, bytes| {
                if let Some(profile) = Profile::from_bytes(&bytes) {
                    profiles.push((story, profile));
                }
            })?;
        }
        corpus.stories.restore(members, profiles);
        corpus.store = Some(store);
        Ok(corpus)
    }

    /// Adds one article to the corpus, in processing order, and fills the
    /// tags that depend on the corpus so far. `terms` is [`prepare`]'s, made
    /// on the worker pool for this record.
    pub fn add(&mut self, mut draft: Draft, terms: Terms) -> Draft {
        draft.story_rows = Some(self.add_terms(&mut draft.record, terms));
        draft
    }

    /// [`Corpus::add`] for a record alone: fills its keywords and story, and
    /// returns the rows to commit with it.
    pub fn add_record(&mut self, record: &mut ArticleRecord) -> StoryRows {
        let terms = prepare(record);
        self.add_terms(record, terms)
    }

    fn add_terms(&mut self, record: &mut ArticleRecord, terms: Terms) -> StoryRows {
        let Terms {
            counts,
            candidates,
            distinct,
        } = terms;
        self.docs += 1;
        for &term in &distinct {
            *self.df.entry(term).or_default() += 1;
        }
        let background = keywords::Background::shipped();
        let docs = (self.docs + background.docs()) as f64;
        let df = |key: u64| f64::from(self.df.get(&key).copied().unwrap_or(1) + background.df(key));
        let entity = |term: &str| {
            record.entities.iter().any(|e| {
                e.name.eq_ignore_ascii_case(term)
                    || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(term))
            })
        };
        record.keywords = keywords::pick(&candidates, df, docs, entity);
        let n = self.docs as f32;
        let weights = Sparse::from_weights(counts.iter().map(|&(term, tf)| {
            let df = self.df.get(&term).copied().unwrap_or(1) as f32;
            (term, (1.0 + tf.ln()) * ((n + 1.0) / df).ln())
        }));
        let store = self.store.as_ref();
        let mut rows = self.stories.add(record, weights, |story| {
            let bytes = store?.story_profile(story).ok()??;
            Profile::from_bytes(&bytes)
        });
        rows.terms = distinct;
        rows
    }
}

/// What the corpus stage reads of an article's text, found without the
/// corpus (so on the worker pool, in parallel, by [`prepare`]).
pub struct Terms {
    /// The words of title and body, hashed, with counts (title words twice).
    counts: Vec<(u64, f32)>,
    /// The keyword candidates.
    candidates: keywords::Candidates,
    /// Each distinct term that counts once in the document frequencies: its
    /// words (for stories and keywords alike) and the phrases that could be
    /// keywords.
    distinct: Vec<u64>,
}

/// The article's [`Terms`]: pure, per article, for the parallel stages.
pub fn prepare(record: &ArticleRecord) -> Terms {
    let counts = word_counts(&record.title, &record.body);
    let english = record
        .language
        .as_ref()
        .is_none_or(|l| l.code == "en" || l.confidence < crate::tag::language::UNSURE);
    let candidates = keywords::candidates(&record.title, &record.body, english);
    let mut distinct: Vec<u64> = counts
        .iter()
        .map(|&(term, _)| term)
        .chain(
            candidates
                .iter()
                .filter(|c| keywords::counts_in_corpus(c))
                .map(|c| c.key),
        )
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    Terms {
        counts,
        candidates,
        distinct,
    }
}

/// Hashed lower-case words of three letters or more with their counts, title
/// words counting twice.
fn word_counts(title: &str, body: &str) -> Vec<(u64, f32)> {
    let mut counts: HashMap<u64, f32> = HashMap::with_capacity(body.len() / 12);
    // ASCII words (nearly all) are lowercased into one reused buffer.
    let mut ascii = String::new();
    for (text, weight) in [(title, 2.0), (body, 1.0)] {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let hash = if word.is_ascii() {
                if word.len() < 3 {
                    continue;
                }
                ascii.clear();
                ascii.push_str(word);
                ascii.make_ascii_lowercase();
                xxh3_64(ascii.as_bytes())
            } else {
                if word.chars().count() < 3 {
                    continue;
                }
                xxh3_64(word.to_lowercase().as_bytes())
            };
            *counts.entry(hash).or_default() += weight;
        }
    }
    counts.into_iter().collect()
}

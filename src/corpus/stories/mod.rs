//! Stories: the corpus owner's online clustering of articles into events.
//! [`cluster`] decides where each article goes; this module turns a record
//! into the clusterer's [`Signal`] and the decision into the record's `story`
//! and the rows the writer commits with it.

mod cluster;
mod profile;
mod vector;

use xxhash_rust::xxh3::xxh3_64;

pub use cluster::{Clusterer, Decision, Profile, Settings, Signal};
pub use vector::Sparse;

use crate::document::StoryRows;
use crate::record::{ArticleRecord, StoryRef};

/// The corpus owner's story state.
pub struct Stories {
    clusterer: Clusterer,
}

impl Stories {
    pub fn new(settings: Settings) -> Stories {
        Stories {
            clusterer: Clusterer::new(settings),
        }
    }

    /// Restores the state committed by earlier runs: every membership, and the
    /// profiles of the stories still within the window.
    pub fn restore(
        &mut self,
        members: impl IntoIterator<Item = (String, String)>,
        profiles: impl IntoIterator<Item = (String, Profile)>,
    ) {
        for (article, story) in members {
            if let (Some(a), Some(s)) = (article_key(&article), article_key(&story)) {
                self.clusterer.remember_member(a, s);
            }
        }
        for (story, profile) in profiles {
            if let Some(s) = article_key(&story) {
                self.clusterer.restore(s, profile);
            }
        }
    }

    /// Puts the article in a story (setting `record.story`), given its
    /// corpus-weighted terms. `load` fetches a quiet story's profile from the
    /// state when a dedup link points at it.
    pub fn add(
        &mut self,
        record: &mut ArticleRecord,
        terms: Sparse,
        load: impl FnOnce(&str) -> Option<Profile>,
    ) -> StoryRows {
        let signal = signal(record, terms);
        if let Some(story) = self.clusterer.missing_linked_story(&signal)
            && let Some(profile) = load(&story_id(story))
        {
            self.clusterer.restore(story, profile);
        }
        let decision = self.clusterer.assign(&signal);
        let profile = self.clusterer.profile(decision.story);
        let size = profile.map_or(1, |p| p.size);
        let story = story_id(decision.story);
        record.story = Some(StoryRef {
            id: story.clone(),
            size,
        });
        StoryRows {
            story,
            size,
            first: profile.map_or(signal.time, |p| p.first),
            last: profile.map_or(signal.time, |p| p.last),
            profile: profile.map(Profile::to_bytes).unwrap_or_default(),
            terms: Vec::new(),
        }
    }

    /// The oldest last-article time of a story that is kept in memory when
    /// the latest article time is `latest` (what a restart restores).
    pub fn horizon(&self, latest: i64) -> i64 {
        self.clusterer.horizon(latest)
    }

    /// Stories held in memory (those active within the window).
    pub fn active(&self) -> usize {
        self.clusterer.active_stories()
    }
}

/// A story's id: the id of the article that started it.
fn story_id(key: u64) -> String {
    format!("{key:016x}")
}

/// An article id (16 hex digits) as the number it stands for.
fn article_key(id: &str) -> Option<u64> {
    u64::from_str_radix(id, 16).ok()
}

/// The clusterer's view of a record: its terms, its names (people,
/// organisations, places, focus countries), its time and its dedup links.
pub fn signal(record: &ArticleRecord, terms: Sparse) -> Signal {
    let names = record
        .entities
        .iter()
        .map(|e| (name_hash("entity", &e.name), weight(e.mentions)))
        .chain(
            record
                .places
                .iter()
                .map(|p| (name_hash("place", &p.name), weight(p.mentions))),
        )
        .chain(
            record
                .countries
                .iter()
                .filter(|c| c.focus)
                .map(|c| (name_hash("country", &c.code), 1.0)),
        );
    let links = record
        .dedup
        .duplicate_of
        .iter()
        .chain(record.dedup.reuse.iter().map(|r| &r.id))
        .filter_map(|id| article_key(id))
        .collect();
    Signal {
        key: article_key(&record.id).unwrap_or_else(|| xxh3_64(record.id.as_bytes())),
        time: record.seen_secs(),
        terms: terms.normalised(),
        names: Sparse::from_weights(names).normalised(),
        links,
    }
}

/// A name's weight grows with its mentions, slowly.
fn weight(mentions: u32) -> f32 {
    1.0 + (mentions.max(1) as f32).ln()
}

fn name_hash(kind: &str, name: &str) -> u64 {
    let mut key = String::with_capacity(kind.len() + 1 + name.len());
    key.push_str(kind);
    key.push(':');
    key.extend(name.chars().flat_map(char::to_lowercase));
    xxh3_64(key.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn story_ids_are_article_ids() {
        assert_eq!(article_key(&story_id(0xdead_beef)), Some(0xdead_beef));
    }
}

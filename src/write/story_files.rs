//! The writer's side of stories: each story's tallies, kept while it is
//! active, brought back from the state when an article joins a story no
//! longer in memory, and written out once per batch however many joined.

use hashbrown::HashMap;

use super::story::{Story, representative_title};
use crate::document::StoryRows;
use crate::record::{ArticleRecord, StoryRecord};
use crate::state::{StateError, Store, StoryCommit};

/// Stories kept in memory; beyond this the least recently grown half is
/// dropped (the state has them all).
const CACHED_STORIES: usize = 20_000;

struct Cached {
    story: Story,
    /// Batch counter when last grown, for eviction.
    touched: u64,
}

/// A member that joined in the current batch: article id, feed seq, JSON.
type NewMember = (String, u64, String);

/// Stories the writer keeps, and those grown in the current batch.
#[derive(Default)]
pub struct StoryFiles {
    cache: HashMap<String, Cached>,
    /// Grown in this batch, in order of first growth: (story, profile, new members).
    dirty: Vec<(String, StoryRows, Vec<NewMember>)>,
    batches: u64,
}

impl StoryFiles {
    /// Adds `record` to its story (`rows.story`), its story line having feed
    /// seq `seq`. Returns the story's size now.
    pub fn add(
        &mut self,
        record: &ArticleRecord,
        rows: &StoryRows,
        seq: u64,
        store: Option<&Store>,
    ) -> Result<u32, StateError> {
        let seen = seen_at(record);
        let time = record.seen_secs();
        if !self.cache.contains_key(&rows.story) {
            let story = match store.map(|s| s.story(&rows.story)).transpose()?.flatten() {
                Some((tallies, members)) => restore(&rows.story, &tallies, &members),
                None => Story::default(),
            };
            self.cache
                .insert(rows.story.clone(), Cached { story, touched: 0 });
        }
        let Some(cached) = self.cache.get_mut(&rows.story) else {
            return Ok(rows.size);
        };
        cached.touched = self.batches;
        if cached.story.members.is_empty() {
            cached.story = Story::new(record, &seen, time);
            cached.story.id = rows.story.clone();
        } else {
            cached.story.add(record, &seen, time);
        }
        let member = cached
            .story
            .members
            .last()
            .and_then(|m| serde_json::to_string(m).ok())
            .unwrap_or_default();
        let size = cached.story.size();
        match self.dirty.iter_mut().find(|(id, ..)| *id == rows.story) {
            Some((_, last_rows, members)) => {
                *last_rows = rows.clone();
                members.push((record.id.clone(), seq, member));
            }
            None => self.dirty.push((
                rows.story.clone(),
                rows.clone(),
                vec![(record.id.clone(), seq, member)],
            )),
        }
        Ok(size)
    }

    /// The batch's grown stories: their files (written at `now`) and their rows.
    pub fn take_batch(&mut self, now: &str, last_seq: u64) -> Vec<(StoryRecord, StoryCommit)> {
        self.batches += 1;
        let dirty = std::mem::take(&mut self.dirty);
        let out = dirty
            .into_iter()
            .filter_map(|(id, rows, members)| {
                let story = &self.cache.get(&id)?.story;
                let title = representative_title(&story.members).to_string();
                let seq = members.last().map_or(last_seq, |m| m.1);
                let file = story.to_record(&title, now);
                let commit = StoryCommit {
                    id: id.clone(),
                    size: story.size(),
                    first: rows.first,
                    last: rows.last,
                    seq,
                    title,
                    profile: rows.profile,
                    tallies: serde_json::to_string(story).unwrap_or_default(),
                    members,
                };
                Some((file, commit))
            })
            .collect();
        self.evict();
        out
    }

    fn evict(&mut self) {
        if self.cache.len() <= CACHED_STORIES {
            return;
        }
        let mut touched: Vec<u64> = self.cache.values().map(|c| c.touched).collect();
        touched.sort_unstable();
        let cut = touched[touched.len() / 2];
        self.cache.retain(|_, c| c.touched > cut);
    }
}

/// When the record says it happened: published, else received.
fn seen_at(record: &ArticleRecord) -> String {
    record
        .published_at
        .clone()
        .unwrap_or_else(|| record.source.received_at.clone())
}

/// A story as the state stored it; members the state cannot read are skipped
/// (logged), the rest of the story stands.
fn restore(id: &str, tallies: &str, members: &[String]) -> Story {
    let mut story: Story = serde_json::from_str(tallies).unwrap_or_else(|e| {
        tracing::warn!(story = id, error = %e, "unreadable story tallies in the state; starting them again");
        Story::default()
    });
    story.id = id.to_string();
    story.members = members
        .iter()
        .filter_map(|m| serde_json::from_str(m).ok())
        .collect();
    story
}

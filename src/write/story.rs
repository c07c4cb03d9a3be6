//! One story's members and what they say, tallied as they join: the state
//! behind a story file. Kept per story (in memory while the story is active, in
//! the state database always) and turned into a [`StoryRecord`] when written.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::record::{
    ArticleRecord, STORY_SCHEMA, StoryCountry, StoryEntity, StoryMember, StoryPlace, StoryRecord,
    StoryReuse, StoryTerm, StoryTopic,
};

/// How many of each tally a story file lists.
const TOP_ENTITIES: usize = 20;
const TOP_PLACES: usize = 15;
const TOP_COUNTRIES: usize = 10;
const TOP_KEYWORDS: usize = 15;
const TOP_TOPICS: usize = 5;

/// A story as it grows. Tallies count members (an article naming Syria ten
/// times counts once), keyed so that the order is the same on every run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub first_seen: String,
    pub last_seen: String,
    /// Unix seconds of `first_seen` and `last_seen`, to compare them.
    pub first: i64,
    pub last: i64,
    /// Stored as rows of their own, not with the tallies.
    #[serde(skip)]
    pub members: Vec<StoryMember>,
    #[serde(with = "pairs")]
    entities: BTreeMap<(String, String), u32>,
    #[serde(with = "pairs")]
    places: BTreeMap<(String, String, Option<String>), u32>,
    #[serde(with = "pairs")]
    countries: BTreeMap<(String, String), (u32, u32)>,
    #[serde(with = "pairs")]
    keywords: BTreeMap<String, u32>,
    #[serde(with = "pairs")]
    topics: BTreeMap<(String, String), u32>,
    pub reuse: Vec<StoryReuse>,
}

impl Story {
    /// A story started by `record`, seen at `time` (`seen` its RFC 3339 form).
    pub fn new(record: &ArticleRecord, seen: &str, time: i64) -> Story {
        let mut story = Story {
            id: record.id.clone(),
            first_seen: seen.to_string(),
            last_seen: seen.to_string(),
            first: time,
            last: time,
            ..Story::default()
        };
        story.add(record, seen, time);
        story
    }

    pub fn size(&self) -> u32 {
        u32::try_from(self.members.len()).unwrap_or(u32::MAX)
    }

    /// Adds a member (the starting article is added by [`Story::new`]).
    /// Each article joins once: record ids are unique, and a restart reloads
    /// only committed members, so no check (it would cost the story's size).
    pub fn add(&mut self, record: &ArticleRecord, seen: &str, time: i64) {
        if time < self.first {
            (self.first, self.first_seen) = (time, seen.to_string());
        }
        if time > self.last {
            (self.last, self.last_seen) = (time, seen.to_string());
        }
        for e in &record.entities {
            *self
                .entities
                .entry((e.name.clone(), e.kind.clone()))
                .or_default() += 1;
        }
        for p in &record.places {
            let key = (p.name.clone(), p.kind.clone(), p.country.clone());
            *self.places.entry(key).or_default() += 1;
        }
        for c in &record.countries {
            let tally = self
                .countries
                .entry((c.code.clone(), c.name.clone()))
                .or_default();
            tally.0 += 1;
            tally.1 += u32::from(c.focus);
        }
        for k in &record.keywords {
            *self.keywords.entry(k.term.clone()).or_default() += 1;
        }
        for t in &record.topics {
            *self
                .topics
                .entry((t.code.clone(), t.label.clone()))
                .or_default() += 1;
        }
        self.add_reuse(record);
        self.members.push(StoryMember {
            id: record.id.clone(),
            title: record.title.clone(),
            published_at: record.published_at.clone(),
            received_at: record.source.received_at.clone(),
            agencies: record.agencies.clone(),
            source: record.source.name.clone(),
        });
    }

    /// Links from the new member to the members it copies.
    fn add_reuse(&mut self, record: &ArticleRecord) {
        let member = |id: &str| self.members.iter().any(|m| m.id == id);
        let mut links = Vec::new();
        if let Some(original) = &record.dedup.duplicate_of
            && member(original)
        {
            links.push(StoryReuse {
                from: record.id.clone(),
                to: original.clone(),
                kind: "near_duplicate".to_string(),
                shared_sentences: None,
                containment: record.dedup.similarity.unwrap_or(1.0),
            });
        }
        for reuse in &record.dedup.reuse {
            if member(&reuse.id) {
                links.push(StoryReuse {
                    from: record.id.clone(),
                    to: reuse.id.clone(),
                    kind: "reuse".to_string(),
                    shared_sentences: Some(reuse.shared_sentences),
                    containment: reuse.containment,
                });
            }
        }
        self.reuse.extend(links);
    }

    /// The story file, with `title` chosen by the caller and written at `now`.
    pub fn to_record(&self, title: &str, now: &str) -> StoryRecord {
        StoryRecord {
            schema: STORY_SCHEMA.to_string(),
            id: self.id.clone(),
            title: title.to_string(),
            first_seen: self.first_seen.clone(),
            last_seen: self.last_seen.clone(),
            size: self.size(),
            members: self.members.clone(),
            entities: top(&self.entities, TOP_ENTITIES, |(name, kind), &articles| {
                StoryEntity {
                    name: name.clone(),
                    kind: kind.clone(),
                    articles,
                }
            }),
            places: top(
                &self.places,
                TOP_PLACES,
                |(name, kind, country), &articles| StoryPlace {
                    name: name.clone(),
                    kind: kind.clone(),
                    country: country.clone(),
                    articles,
                },
            ),
            countries: top_by(
                &self.countries,
                TOP_COUNTRIES,
                |&(articles, focus)| (focus, articles),
                |(code, name), &(articles, focus)| StoryCountry {
                    code: code.clone(),
                    name: name.clone(),
                    articles,
                    focus,
                },
            ),
            keywords: top(&self.keywords, TOP_KEYWORDS, |term, &articles| StoryTerm {
                term: term.clone(),
                articles,
            }),
            topics: top(&self.topics, TOP_TOPICS, |(code, label), &articles| {
                StoryTopic {
                    code: code.clone(),
                    label: label.clone(),
                    articles,
                }
            }),
            reuse: self.reuse.clone(),
            updated_at: now.to_string(),
        }
    }
}

/// The `n` entries counted most often, most first (ties in key order).
fn top<K: Ord, T>(tally: &BTreeMap<K, u32>, n: usize, make: impl Fn(&K, &u32) -> T) -> Vec<T> {
    top_by(tally, n, |&count| count, make)
}

fn top_by<K: Ord, V, R: Ord, T>(
    tally: &BTreeMap<K, V>,
    n: usize,
    rank: impl Fn(&V) -> R,
    make: impl Fn(&K, &V) -> T,
) -> Vec<T> {
    let mut entries: Vec<(&K, &V)> = tally.iter().collect();
    // Stable sort: equal ranks keep the map's key order.
    entries.sort_by_key(|e| std::cmp::Reverse(rank(e.1)));
    entries
        .into_iter()
        .take(n)
        .map(|(k, v)| make(k, v))
        .collect()
}

/// The title that best stands for the members: the one whose words the other
/// titles share most (words of three letters or more, each counted once per
/// title; a title's score is its words' counts over the square root of its
/// length, so a long title does not win by length alone). Ties go to the
/// earliest member.
pub fn representative_title(members: &[StoryMember]) -> &str {
    let words = |title: &str| -> Vec<String> {
        let mut words: Vec<String> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_lowercase)
            .collect();
        words.sort_unstable();
        words.dedup();
        words
    };
    let titles: Vec<Vec<String>> = members.iter().map(|m| words(&m.title)).collect();
    let mut counts: hashbrown::HashMap<&str, u32> = hashbrown::HashMap::new();
    for title in &titles {
        for word in title {
            *counts.entry(word.as_str()).or_default() += 1;
        }
    }
    let mut best: Option<(f64, usize)> = None;
    for (i, title) in titles.iter().enumerate() {
        if title.is_empty() {
            continue;
        }
        let shared: u32 = title.iter().map(|w| counts[w.as_str()]).sum();
        let score = f64::from(shared) / (title.len() as f64).sqrt();
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, i));
        }
    }
    best.map_or_else(
        || members.first().map_or("", |m| m.title.as_str()),
        |(_, i)| members[i].title.as_str(),
    )
}

/// Serde for maps whose keys are not strings: a list of `[key, value]` pairs.
mod pairs {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<K: Serialize, V: Serialize, S: Serializer>(
        map: &BTreeMap<K, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.iter())
    }

    pub fn deserialize<'de, K, V, D>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Ord,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        let pairs: Vec<(K, V)> = Vec::deserialize(deserializer)?;
        Ok(pairs.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, title: &str) -> StoryMember {
        StoryMember {
            id: id.to_string(),
            title: title.to_string(),
            published_at: None,
            received_at: "2026-01-01T00:00:00Z".to_string(),
            agencies: vec![],
            source: format!("{id}.txt"),
        }
    }

    #[test]
    fn the_representative_title_shares_most_words_with_the_others() {
        let members = [
            member("a", "Glazer makes fresh Man Utd offer"),
            member("b", "Man Utd board rejects Glazer bid"),
            member("c", "Glazer bid for Man Utd rejected again by board"),
            member("d", "Fans protest"),
        ];
        assert_eq!(representative_title(&members), members[1].title);
        assert_eq!(representative_title(&[]), "");
    }

    #[test]
    fn a_story_round_trips_through_json_with_its_tallies() {
        let mut story = Story {
            id: "s".to_string(),
            ..Story::default()
        };
        story.keywords.insert("ceasefire".to_string(), 2);
        story
            .entities
            .insert(("Mohammad Alloush".to_string(), "person".to_string()), 3);
        story.members.push(member("a", "A title"));
        let json = serde_json::to_string(&story).unwrap();
        let mut back: Story = serde_json::from_str(&json).unwrap();
        assert!(back.members.is_empty(), "members are stored apart");
        back.members = story.members.clone();
        assert_eq!(back, story);
    }
}

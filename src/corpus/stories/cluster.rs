//! Online single-pass clustering: each article joins the most similar recent
//! story or starts a new one, decided once, in processing order. Candidates come
//! from an inverted index of the stories' heaviest terms and names, never from a
//! scan of every story, so the cost per article stays flat as stories pile up.

use hashbrown::HashMap;

use super::vector::Sparse;

/// How stories are formed (`[stories]` in `config/newsflow.toml`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// A story stops taking members once it has been quiet this long (seconds,
    /// in article time: published, else received).
    pub window_secs: i64,
    /// Similarity an article needs to join a story rather than start one.
    pub threshold: f32,
    /// Share of the similarity that comes from shared names (entities and
    /// places); the rest comes from corpus-weighted terms.
    pub name_weight: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            window_secs: 7 * 24 * 3600,
            threshold: 0.2,
            name_weight: 0.0,
        }
    }
}

/// What the clusterer knows of one article.
#[derive(Debug, Clone, Default)]
pub struct Signal {
    /// The article's key (its id as a number).
    pub key: u64,
    /// Unix seconds: published when the article says, else received.
    pub time: i64,
    /// Corpus-weighted terms of title and body, unit length.
    pub terms: Sparse,
    /// Entities and places, unit length.
    pub names: Sparse,
    /// Keys of earlier articles this one duplicates or copies passages from.
    pub links: Vec<u64>,
}

/// Where an article went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    /// The story's key: the key of the article that started it.
    pub story: u64,
    /// True when this article started the story.
    pub new: bool,
    /// Similarity to the story it joined (1 for a dedup link, 0 for a new story).
    pub similarity: f32,
}

/// A story's clustering state, as kept in memory and in the state database.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// Sum of the members' term vectors, cut to the heaviest terms.
    pub terms: Sparse,
    /// Sum of the members' name vectors, cut likewise.
    pub names: Sparse,
    pub size: u32,
    pub first: i64,
    pub last: i64,
}

/// Terms kept in a story's profile, and of those the ones indexed.
const PROFILE_TERMS: usize = 150;
const PROFILE_NAMES: usize = 60;
const INDEXED_TERMS: usize = 25;
const INDEXED_NAMES: usize = 15;
/// Terms and names of an article looked up in the index.
const QUERY_TERMS: usize = 20;
const QUERY_NAMES: usize = 12;
/// A term shared by more active stories than this says nothing about which
/// one an article belongs to: it is not looked up.
const MAX_POSTINGS: usize = 2_000;
/// Stories compared in full with each article: those sharing the most weight
/// of its indexed terms and names.
const MAX_CANDIDATES: usize = 48;
/// Weight of the article's looked-up terms and names (its vectors are unit
/// length) a story must share through the index to be compared in full. A
/// story that shares one rare word by chance is no candidate: without this
/// floor the number of such stories grows with the stories held, and so did
/// the cost per article.
const MIN_SHARED: f32 = 0.25;
/// Quiet stories are swept out of memory each time article time crosses a
/// multiple of this share of the window (a schedule in article time, not in
/// articles, so that a restart keeps the same stories in memory).
const SWEEPS_PER_WINDOW: i64 = 8;

struct Active {
    profile: Profile,
    /// Index keys already posted for this story, sorted.
    indexed: Vec<u64>,
}

/// The clusterer: active stories, their index, and which story each article
/// joined (for dedup links).
pub struct Clusterer {
    settings: Settings,
    active: HashMap<u64, Active>,
    postings: HashMap<u64, Posted>,
    members: HashMap<u64, u64>,
    latest: i64,
    /// Scratch for [`Clusterer::most_similar`]: shared weight by story.
    hits: HashMap<u64, f32>,
}

impl Clusterer {
    pub fn new(settings: Settings) -> Clusterer {
        Clusterer {
            settings,
            active: HashMap::new(),
            postings: HashMap::new(),
            members: HashMap::new(),
            latest: i64::MIN,
            hits: HashMap::new(),
        }
    }

    /// Remembers that `article` is a member of `story` (at startup, from the state).
    pub fn remember_member(&mut self, article: u64, story: u64) {
        self.members.insert(article, story);
    }

    /// Brings a story's profile back into memory (at startup for the recent
    /// ones, or when a dedup link points at a quiet one).
    pub fn restore(&mut self, story: u64, profile: Profile) {
        self.latest = self.latest.max(profile.last);
        let mut active = Active {
            profile,
            indexed: Vec::new(),
        };
        post(&mut self.postings, story, &mut active);
        self.active.insert(story, active);
    }

    /// The story a dedup link points at, if it is not in memory: the caller
    /// restores it before [`Clusterer::assign`] so the link is honoured.
    pub fn missing_linked_story(&self, signal: &Signal) -> Option<u64> {
        signal
            .links
            .iter()
            .filter_map(|link| self.members.get(link))
            .find(|story| !self.active.contains_key(*story))
            .copied()
    }

    pub fn profile(&self, story: u64) -> Option<&Profile> {
        self.active.get(&story).map(|a| &a.profile)
    }

    /// Decides where the article goes and adds it there.
    pub fn assign(&mut self, signal: &Signal) -> Decision {
        let sweep =
            self.latest != i64::MIN && self.sweep_step(signal.time) > self.sweep_step(self.latest);
        self.latest = self.latest.max(signal.time);
        let decision = self
            .linked(signal)
            .or_else(|| self.most_similar(signal))
            .unwrap_or(Decision {
                story: signal.key,
                new: true,
                similarity: 0.0,
            });
        self.join(decision.story, signal);
        // After the join, so that a story a link just brought back stays.
        if sweep {
            self.sweep();
        }
        decision
    }

    /// A near-duplicate or a copy belongs with what it copies, whatever the
    /// words say (the first link whose story is known wins).
    fn linked(&self, signal: &Signal) -> Option<Decision> {
        let story = signal
            .links
            .iter()
            .filter_map(|link| self.members.get(link))
            .find(|story| self.active.contains_key(*story))?;
        Some(Decision {
            story: *story,
            new: false,
            similarity: 1.0,
        })
    }

    fn most_similar(&mut self, signal: &Signal) -> Option<Decision> {
        // Each story found through the index scores the weights of the keys it
        // shares with the article; only the best few are compared in full, so
        // the cost per article is bounded however many stories share a word.
        let mut hits = std::mem::take(&mut self.hits);
        hits.clear();
        let terms = signal.terms.top_weighted(QUERY_TERMS);
        let names = signal.names.top_weighted(QUERY_NAMES);
        let mut keys: Vec<(u64, f32)> = terms
            .into_iter()
            .chain(names.into_iter().map(|(k, w)| (name_key(k), w)))
            .collect();
        keys.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // All the lookups first, then the lists: the lookups do not wait on
        // each other, so their cache misses overlap when the index is large.
        // Heaviest keys first: a story first met where the keys left weigh
        // less than the floor together cannot reach it, so it is not added.
        let mut left: f32 = keys.iter().map(|&(_, w)| w).sum();
        let lists: Vec<(&[u64], f32, bool)> = keys
            .iter()
            .filter_map(|&(key, weight)| {
                let open = left >= MIN_SHARED;
                left -= weight;
                Some((self.postings.get(&key)?.as_slice(), weight, open))
            })
            .filter(|(stories, _, _)| stories.len() <= MAX_POSTINGS)
            .collect();
        for (stories, weight, open) in lists {
            for &story in stories {
                if open {
                    *hits.entry(story).or_default() += weight;
                } else if let Some(hit) = hits.get_mut(&story) {
                    *hit += weight;
                }
            }
        }
        let mut candidates: Vec<(u64, f32)> = hits
            .iter()
            .filter(|&(_, &w)| w >= MIN_SHARED)
            .map(|(&s, &w)| (s, w))
            .collect();
        self.hits = hits;
        candidates.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(MAX_CANDIDATES);
        let mut best: Option<Decision> = None;
        for (story, _) in candidates {
            let Some(active) = self.active.get(&story) else {
                continue;
            };
            if !self.in_window(&active.profile, signal.time) {
                continue;
            }
            let similarity = self.similarity(&active.profile, signal);
            let better = best.is_none_or(|b| {
                similarity > b.similarity || (similarity == b.similarity && story < b.story)
            });
            if similarity >= self.settings.threshold && better {
                best = Some(Decision {
                    story,
                    new: false,
                    similarity,
                });
            }
        }
        best
    }

    /// Similarity of an article to a story: cosine of terms and of names,
    /// mixed by `name_weight` (terms alone when either side has no names).
    pub fn similarity(&self, profile: &Profile, signal: &Signal) -> f32 {
        let terms = profile.terms.cosine(&signal.terms);
        if signal.names.is_empty() || profile.names.is_empty() {
            return terms;
        }
        let names = profile.names.cosine(&signal.names);
        let w = self.settings.name_weight;
        (1.0 - w) * terms + w * names
    }

    fn in_window(&self, profile: &Profile, time: i64) -> bool {
        let window = self.settings.window_secs;
        time <= profile.last.saturating_add(window) && time >= profile.first.saturating_sub(window)
    }

    fn join(&mut self, story: u64, signal: &Signal) {
        self.members.insert(signal.key, story);
        let active = self.active.entry(story).or_insert_with(|| Active {
            profile: Profile {
                first: signal.time,
                last: signal.time,
                ..Profile::default()
            },
            indexed: Vec::new(),
        });
        let profile = &mut active.profile;
        profile.terms = profile.terms.plus(&signal.terms).truncated(PROFILE_TERMS);
        profile.names = profile.names.plus(&signal.names).truncated(PROFILE_NAMES);
        profile.size += 1;
        profile.first = profile.first.min(signal.time);
        profile.last = profile.last.max(signal.time);
        post(&mut self.postings, story, active);
    }

    fn sweep_step(&self, time: i64) -> i64 {
        time.div_euclid((self.settings.window_secs / SWEEPS_PER_WINDOW).max(1))
    }

    /// The oldest last-article time a story in memory may have: the
    /// window before the last sweep. [`Clusterer::restore`] at startup should
    /// be given the stories from here on.
    pub fn horizon(&self, latest: i64) -> i64 {
        let step = (self.settings.window_secs / SWEEPS_PER_WINDOW).max(1);
        (latest.div_euclid(step) * step).saturating_sub(self.settings.window_secs)
    }

    /// Drops stories quiet for longer than the window from memory and from the
    /// index (they stay in the state; a dedup link can bring one back).
    fn sweep(&mut self) {
        let horizon = self.horizon(self.latest);
        let postings = &mut self.postings;
        self.active.retain(|&story, a| {
            let keep = a.profile.last >= horizon;
            if !keep {
                for &key in &a.indexed {
                    unpost(postings, key, story);
                }
            }
            keep
        });
    }

    /// Stories in memory (the recent ones).
    pub fn active_stories(&self) -> usize {
        self.active.len()
    }
}

/// Names live in the same index as terms; a distinct key space keeps a name
/// from colliding with the word it is spelt like.
fn name_key(name: u64) -> u64 {
    name.rotate_left(17) ^ 0x9e37_79b9_7f4a_7c15
}

/// Keeps a story's postings equal to its profile's heaviest terms and names
/// now: so the index is a function of the profiles alone, and a restart that
/// restores the profiles restores the same index (a list's order does not
/// matter: it is a set of stories).
fn post(postings: &mut HashMap<u64, Posted>, story: u64, active: &mut Active) {
    let mut keys: Vec<u64> = active
        .profile
        .terms
        .top_terms(INDEXED_TERMS)
        .into_iter()
        .chain(
            active
                .profile
                .names
                .top_terms(INDEXED_NAMES)
                .into_iter()
                .map(name_key),
        )
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let (old, new) = (&active.indexed, &keys);
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(&a), Some(&b)) if a < b => {
                unpost(postings, a, story);
                i += 1;
            }
            (Some(&a), None) => {
                unpost(postings, a, story);
                i += 1;
            }
            (_, Some(&b)) => {
                postings
                    .entry(b)
                    .and_modify(|p| p.add(story))
                    .or_insert(Posted::One(story));
                j += 1;
            }
            (None, None) => break,
        }
    }
    active.indexed = keys;
}

/// Takes `story` out of `key`'s list.
fn unpost(postings: &mut HashMap<u64, Posted>, key: u64, story: u64) {
    if let Some(stories) = postings.get_mut(&key)
        && stories.remove(story)
    {
        postings.remove(&key);
    }
}

/// The stories that index one key. Most keys (a story's own names and rare
/// words) have one story, held inline: the lookup is one cache miss, and
/// posting it allocates nothing.
enum Posted {
    One(u64),
    Many(Vec<u64>),
}

impl Posted {
    fn as_slice(&self) -> &[u64] {
        match self {
            Posted::One(story) => std::slice::from_ref(story),
            Posted::Many(stories) => stories,
        }
    }

    fn add(&mut self, story: u64) {
        match self {
            Posted::One(first) => *self = Posted::Many(vec![*first, story]),
            Posted::Many(stories) => stories.push(story),
        }
    }

    /// Takes `story` out; true when no story is left.
    fn remove(&mut self, story: u64) -> bool {
        match self {
            Posted::One(only) => *only == story,
            Posted::Many(stories) => {
                if let Some(at) = stories.iter().position(|&s| s == story) {
                    stories.swap_remove(at);
                }
                if let [only] = stories[..] {
                    *self = Posted::One(only);
                }
                matches!(self, Posted::Many(s) if s.is_empty())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(key: u64, time: i64, terms: &[u64], names: &[u64], links: &[u64]) -> Signal {
        Signal {
            key,
            time,
            terms: Sparse::from_weights(terms.iter().map(|&t| (t, 1.0))).normalised(),
            names: Sparse::from_weights(names.iter().map(|&t| (t, 1.0))).normalised(),
            links: links.to_vec(),
        }
    }

    #[test]
    fn similar_articles_share_a_story_and_different_ones_do_not() {
        let mut c = Clusterer::new(Settings::default());
        let a = c.assign(&signal(1, 0, &[10, 11, 12, 13], &[100], &[]));
        let b = c.assign(&signal(2, 60, &[10, 11, 12, 14], &[100], &[]));
        let other = c.assign(&signal(3, 120, &[20, 21, 22, 23], &[200], &[]));
        assert!(a.new);
        assert_eq!((b.story, b.new), (1, false));
        assert_eq!((other.story, other.new), (3, true));
    }

    #[test]
    fn a_dedup_link_wins_over_the_words() {
        let mut c = Clusterer::new(Settings::default());
        c.assign(&signal(1, 0, &[10, 11, 12], &[], &[]));
        let copy = c.assign(&signal(2, 0, &[50, 51, 52], &[], &[1]));
        assert_eq!((copy.story, copy.new, copy.similarity), (1, false, 1.0));
    }

    #[test]
    fn a_story_quiet_for_longer_than_the_window_takes_no_new_member() {
        let settings = Settings {
            window_secs: 100,
            ..Settings::default()
        };
        let mut c = Clusterer::new(settings);
        c.assign(&signal(1, 0, &[10, 11, 12], &[], &[]));
        let late = c.assign(&signal(2, 1_000, &[10, 11, 12], &[], &[]));
        assert!(late.new);
    }

    #[test]
    fn quiet_stories_are_swept_from_memory_but_links_can_bring_them_back() {
        let settings = Settings {
            window_secs: 10,
            ..Settings::default()
        };
        let mut c = Clusterer::new(settings);
        for i in 0..100 {
            let t = i as i64 * 100;
            c.assign(&signal(i + 1, t, &[i * 7 + 1_000_000], &[], &[]));
        }
        assert!(
            c.active_stories() < 10,
            "{} stories in memory",
            c.active_stories()
        );
        // The swept stories' postings went with them: the index holds the
        // keys of the stories in memory only.
        let held: usize = c.active.values().map(|a| a.indexed.len()).sum();
        let posted: usize = c.postings.values().map(|p| p.as_slice().len()).sum();
        assert_eq!(posted, held);
        let copy = signal(999_999, 200_000, &[5], &[], &[1]);
        assert_eq!(c.missing_linked_story(&copy), Some(1));
        c.restore(
            1,
            Profile {
                size: 1,
                ..Profile::default()
            },
        );
        assert_eq!(c.assign(&copy).story, 1);
    }
}

//! The dedup index, owned by the dedup stage's single thread: exact ids, the
//! LSH bands for near-duplicates and the sentence postings for text reuse, all
//! in compact tables of `u32` (about 0.8 KB per BBC-sized article). Shingle
//! sets are not kept: an LSH candidate is verified by reading its
//! [`VerifyData`] back through a [`VerifySource`] (the state database), except
//! for the most recent articles, whose data the index keeps until the writer
//! has surely committed them.

use std::collections::{HashMap, VecDeque};
use std::sync::mpsc;
use std::thread::JoinHandle;

use hashbrown::HashMap as FastMap;

use super::fingerprint::{self, Fingerprint, IndexEntry, VerifyData};
use super::id_hex;
use super::minhash::BANDS;
use super::table::{NarrowTable, WideTable};
use crate::record::{DedupInfo, Reuse};

/// The index's tunables; the defaults are the ones measured on the BBC corpus
/// and the seeds (see the module header of [`super`]).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexConfig {
    /// Verified word-5-shingle Jaccard at or above which an article is a
    /// near-duplicate of an earlier one.
    pub near_threshold: f64,
    /// An earlier article is reported as reused when it shares at least this
    /// many sentences with the new one ...
    pub reuse_min_sentences: u32,
    /// ... or one sentence of at least this many words.
    pub reuse_long_sentence_words: u16,
    /// A sentence already found in this many indexed articles is boilerplate:
    /// it proves no copying, is not counted and is not indexed again.
    pub boilerplate_articles: usize,
    /// At most this many reuse links per article, the strongest first.
    pub max_reuse_links: usize,
    /// At most this many LSH candidates verified per article, the earliest
    /// first (bounds the reads a flood of one template can cause).
    pub max_verifications: usize,
    /// Verify data of this many most recent articles stays in RAM, so that a
    /// candidate the writer has not committed yet can still be verified. Must
    /// exceed the articles in flight between dedup and the commit.
    pub recent_capacity: usize,
}

impl IndexConfig {
    /// Checks the values a user can set, naming the offending one.
    pub fn validate(&self) -> Result<(), String> {
        if !(self.near_threshold > 0.0 && self.near_threshold <= 1.0) {
            return Err(format!(
                "the near-duplicate threshold must be in (0, 1], not {}",
                self.near_threshold
            ));
        }
        if self.reuse_min_sentences == 0 {
            return Err("reuse needs at least one shared sentence".to_string());
        }
        if self.boilerplate_articles == 0 {
            return Err("the boilerplate limit must be at least 1 article".to_string());
        }
        Ok(())
    }
}

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig {
            near_threshold: 0.8,
            reuse_min_sentences: 2,
            reuse_long_sentence_words: 20,
            boilerplate_articles: 32,
            max_reuse_links: 20,
            max_verifications: 64,
            recent_capacity: 16_384,
        }
    }
}

/// Where the index reads back the verify data of an indexed article (the
/// caller persists [`Fingerprint::verify_bytes`] next to the article).
pub trait VerifySource {
    /// The verify data of the article `id`, or `None` when it is unknown or
    /// cannot be read (the candidate is then not reported).
    fn verify_data(&mut self, id: u64) -> Option<VerifyData>;
}

impl<F: FnMut(u64) -> Option<VerifyData>> VerifySource for F {
    fn verify_data(&mut self, id: u64) -> Option<VerifyData> {
        self(id)
    }
}

impl VerifySource for HashMap<u64, VerifyData> {
    fn verify_data(&mut self, id: u64) -> Option<VerifyData> {
        self.get(&id).cloned()
    }
}

/// How an article relates to the indexed ones.
#[derive(Debug, Clone, PartialEq)]
pub enum Match {
    Unique,
    /// Same normalised body (same id) as an indexed article.
    Exact {
        of: u64,
    },
    /// Verified shingle Jaccard >= the threshold with the earliest such article.
    Near {
        of: u64,
        similarity: f64,
    },
}

/// An earlier article this one copies sentences from.
#[derive(Debug, Clone, PartialEq)]
pub struct ReuseLink {
    pub id: u64,
    pub shared_sentences: u32,
    /// Share of this article's sentences found in the other.
    pub containment: f64,
}

/// The index's answer for one article, with what explains it.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub verdict: Match,
    /// Earlier articles it reuses sentences from, most shared first.
    pub reuse: Vec<ReuseLink>,
    /// The earliest article whose shingles matched above the threshold but
    /// whose figures differ (the template rule), with that Jaccard.
    pub template_of: Option<(u64, f64)>,
    /// LSH candidates found, and how many of them were verified.
    pub candidates: u32,
    pub verified: u32,
    /// Candidates whose verify data could not be read.
    pub unverifiable: u32,
}

impl Check {
    fn new(verdict: Match) -> Check {
        Check {
            verdict,
            reuse: Vec::new(),
            template_of: None,
            candidates: 0,
            verified: 0,
            unverifiable: 0,
        }
    }
}

impl Check {
    /// The record's `dedup` field, or `None` for an exact duplicate (which
    /// gets no record, only a feed line naming `of`). Ratios are rounded to
    /// four decimals so that records stay stable across platforms.
    pub fn to_info(&self) -> Option<DedupInfo> {
        let (status, duplicate_of, similarity) = match self.verdict {
            Match::Exact { .. } => return None,
            Match::Unique => ("unique", None, None),
            Match::Near { of, similarity } => {
                ("near_duplicate", Some(id_hex(of)), Some(round4(similarity)))
            }
        };
        Some(DedupInfo {
            status: status.to_string(),
            duplicate_of,
            similarity,
            reuse: self
                .reuse
                .iter()
                .map(|l| Reuse {
                    id: id_hex(l.id),
                    shared_sentences: l.shared_sentences,
                    containment: round4(l.containment),
                })
                .collect(),
        })
    }
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Sizes, for `newsflow status` and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IndexStats {
    pub articles: usize,
    pub band_entries: usize,
    pub sentence_entries: usize,
    pub recent_articles: usize,
    /// Heap bytes held by the index's tables and recent cache.
    pub heap_bytes: usize,
}

/// Per-article record: 16 bytes.
#[derive(Debug, Clone, Copy)]
struct Meta {
    id: u64,
    at: u32,
    sentence_count: u16,
    /// False once forgotten: its band and sentence entries stay until the
    /// next eviction pass but are never reported.
    live: bool,
}

/// Adds a sentence posting unless the sentence is boilerplate already.
fn index_sentence(table: &mut WideTable, cap: usize, hash: u64, slot: u32) {
    if table.count(hash, cap) < cap {
        table.insert(hash, slot);
    }
}

/// Sentence postings sent to the loading thread at a time.
const LOAD_BATCH: usize = 16_384;

/// Sentence postings (hash, slot) on their way to the loading thread.
type Postings = Vec<(u64, u32)>;

/// Rebuilds an index from its persisted entries: see [`Index::loader`].
pub struct Loader {
    index: Index,
    batch: Postings,
    worker: Option<(mpsc::SyncSender<Postings>, JoinHandle<WideTable>)>,
}

impl Loader {
    /// Adds one entry; entries must come in their original order (the
    /// state's insertion order), so that "earliest" keeps its meaning.
    /// Returns false when the id was added already.
    pub fn push(&mut self, entry: &IndexEntry) -> bool {
        let Some(slot) = self.index.insert_head(entry) else {
            return false;
        };
        match &self.worker {
            Some((tx, _)) => {
                self.batch
                    .extend(entry.sentences.iter().map(|&h| (h, slot)));
                if self.batch.len() >= LOAD_BATCH {
                    let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(LOAD_BATCH));
                    // A closed channel means the worker died: `finish` reports it.
                    let _ = tx.send(batch);
                }
            }
            None => {
                let cap = self.index.config.boilerplate_articles;
                for &hash in &entry.sentences {
                    index_sentence(&mut self.index.sentences, cap, hash, slot);
                }
            }
        }
        true
    }

    /// Articles added so far.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The rebuilt index.
    pub fn finish(mut self) -> Index {
        if let Some((tx, handle)) = self.worker.take() {
            let batch = std::mem::take(&mut self.batch);
            let _ = tx.send(batch);
            drop(tx);
            match handle.join() {
                Ok(sentences) => self.index.sentences = sentences,
                // The worker only inserts into a table; if that panicked, so
                // would have the same code on this thread: pass the panic on.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        self.index
    }
}

/// The near-duplicate, reuse and exact index.
#[derive(Debug)]
pub struct Index {
    config: IndexConfig,
    /// Slot (insertion order) -> article.
    entries: Vec<Meta>,
    ids: WideTable,
    bands: Vec<NarrowTable>,
    sentences: WideTable,
    recent: FastMap<u64, VerifyData>,
    recent_order: VecDeque<u64>,
    /// Slots forgotten since the last eviction pass.
    forgotten: usize,
}

impl Index {
    pub fn new(config: IndexConfig) -> Index {
        Index::with_capacity(config, 0)
    }

    /// An index with room for `articles` (saves rehashing while loading).
    pub fn with_capacity(config: IndexConfig, articles: usize) -> Index {
        let mut index = Index {
            config,
            entries: Vec::with_capacity(articles),
            ids: WideTable::default(),
            bands: vec![NarrowTable::default(); BANDS],
            sentences: WideTable::default(),
            recent: FastMap::new(),
            recent_order: VecDeque::new(),
            forgotten: 0,
        };
        index.ids.reserve(articles);
        for band in &mut index.bands {
            band.reserve(articles);
        }
        // BBC articles have about 20 fingerprinted sentences.
        index.sentences.reserve(articles.saturating_mul(20));
        index
    }

    pub fn config(&self) -> &IndexConfig {
        &self.config
    }

    /// Articles indexed.
    pub fn len(&self) -> usize {
        self.entries.len() - self.forgotten
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the article `id` is indexed.
    pub fn contains(&self, id: u64) -> bool {
        self.ids.first(id).is_some()
    }

    /// Checks an article against everything indexed and, unless it is an exact
    /// duplicate, indexes it. `at` is the time it was taken (seconds since the
    /// Unix epoch), for [`Self::evict_older_than`]. Candidates are verified
    /// with data from the recent cache or else from `source`.
    pub fn check_and_insert(
        &mut self,
        id: u64,
        at: u64,
        fp: &Fingerprint,
        source: &mut dyn VerifySource,
    ) -> Check {
        if self.contains(id) {
            return Check::new(Match::Exact { of: id });
        }
        let mut check = self.near(fp, source);
        check.reuse = self.reuse(fp);
        self.insert_entry(&fp.entry(id, at));
        self.remember(id, fp.verify_data());
        check
    }

    /// Checks without indexing (for explanations and dry runs).
    pub fn check(&self, id: u64, fp: &Fingerprint, source: &mut dyn VerifySource) -> Check {
        if self.contains(id) {
            return Check::new(Match::Exact { of: id });
        }
        let mut check = self.near(fp, source);
        check.reuse = self.reuse(fp);
        check
    }

    fn near(&self, fp: &Fingerprint, source: &mut dyn VerifySource) -> Check {
        let mut check = Check::new(Match::Unique);
        let Some(keys) = &fp.bands else {
            return check;
        };
        let mut candidates: Vec<u32> = Vec::new();
        for (band, &key) in self.bands.iter().zip(keys) {
            band.for_each(key, |slot| candidates.push(slot));
        }
        // Slots are in insertion order: the earliest match is the first found.
        candidates.sort_unstable();
        candidates.dedup();
        check.candidates = u32::try_from(candidates.len()).unwrap_or(u32::MAX);
        for &slot in candidates.iter().take(self.config.max_verifications) {
            let Some(meta) = self.entries.get(slot as usize).filter(|m| m.live) else {
                continue;
            };
            let fetched;
            let data = match self.recent.get(&meta.id) {
                Some(data) => data,
                None => match source.verify_data(meta.id) {
                    Some(data) => {
                        fetched = data;
                        &fetched
                    }
                    None => {
                        check.unverifiable += 1;
                        continue;
                    }
                },
            };
            check.verified += 1;
            let similarity = fingerprint::jaccard(&fp.shingles, &data.shingles);
            if similarity < self.config.near_threshold {
                continue;
            }
            if fingerprint::numbers_conflict(&fp.numbers, &data.numbers) {
                check.template_of.get_or_insert((meta.id, similarity));
                continue;
            }
            check.verdict = Match::Near {
                of: meta.id,
                similarity,
            };
            break;
        }
        check
    }

    fn reuse(&self, fp: &Fingerprint) -> Vec<ReuseLink> {
        let cap = self.config.boilerplate_articles;
        // (slot, words of the shared sentence), one per shared sentence.
        let mut hits: Vec<(u32, u16)> = Vec::new();
        for s in &fp.sentences {
            if self.sentences.count(s.hash, cap) >= cap {
                continue;
            }
            self.sentences
                .for_each(s.hash, |slot| hits.push((slot, s.words)));
        }
        if hits.is_empty() {
            return Vec::new();
        }
        hits.sort_unstable();
        let total = fp.sentences.len().max(1) as f64;
        let mut links: Vec<(u32, ReuseLink)> = Vec::new();
        for group in hits.chunk_by(|a, b| a.0 == b.0) {
            let slot = group[0].0;
            let shared = u32::try_from(group.len()).unwrap_or(u32::MAX);
            let longest = group.iter().map(|h| h.1).max().unwrap_or(0);
            if shared < self.config.reuse_min_sentences
                && longest < self.config.reuse_long_sentence_words
            {
                continue;
            }
            let Some(meta) = self.entries.get(slot as usize).filter(|m| m.live) else {
                continue;
            };
            links.push((
                slot,
                ReuseLink {
                    id: meta.id,
                    shared_sentences: shared,
                    containment: f64::from(shared) / total,
                },
            ));
        }
        links.sort_by(|a, b| {
            b.1.shared_sentences
                .cmp(&a.1.shared_sentences)
                .then(a.0.cmp(&b.0))
        });
        links.truncate(self.config.max_reuse_links);
        links.into_iter().map(|(_, link)| link).collect()
    }

    /// Adds an article without checking it: how the index is rebuilt from the
    /// state database at startup (entries in their original order, so that
    /// "earliest" keeps its meaning). Returns false when the id is indexed.
    pub fn insert_entry(&mut self, entry: &IndexEntry) -> bool {
        let Some(slot) = self.insert_head(entry) else {
            return false;
        };
        for &hash in &entry.sentences {
            index_sentence(
                &mut self.sentences,
                self.config.boilerplate_articles,
                hash,
                slot,
            );
        }
        true
    }

    /// Indexes everything of `entry` but its sentences; returns its slot.
    fn insert_head(&mut self, entry: &IndexEntry) -> Option<u32> {
        if self.contains(entry.id) {
            return None;
        }
        // More than 4 billion articles would not fit the RAM budget anyway.
        let slot = u32::try_from(self.entries.len()).ok()?;
        self.entries.push(Meta {
            id: entry.id,
            at: entry.at,
            sentence_count: entry.sentence_count,
            live: true,
        });
        self.ids.insert(entry.id, slot);
        if let Some(keys) = &entry.bands {
            for (band, &key) in self.bands.iter_mut().zip(keys) {
                band.insert(key, slot);
            }
        }
        Some(slot)
    }

    /// A loader that rebuilds an index of about `expected` articles from
    /// persisted entries at startup, building the sentence postings on a
    /// second thread (the load is bound by cache misses in the tables, so two
    /// tables filled at once take about half the time).
    pub fn loader(config: IndexConfig, expected: usize) -> Loader {
        let mut index = Index::with_capacity(config, 0);
        index.entries.reserve(expected);
        index.ids.reserve(expected);
        for band in &mut index.bands {
            band.reserve(expected);
        }
        let cap = index.config.boilerplate_articles;
        let (tx, rx) = mpsc::sync_channel::<Postings>(4);
        let worker = std::thread::Builder::new()
            .name("dedup-load".to_string())
            .spawn(move || {
                let mut sentences = WideTable::default();
                sentences.reserve(expected.saturating_mul(20));
                for batch in rx {
                    for (hash, slot) in batch {
                        index_sentence(&mut sentences, cap, hash, slot);
                    }
                }
                sentences
            });
        let worker = match worker {
            Ok(handle) => Some((tx, handle)),
            // No second thread: load on this one.
            Err(_) => {
                index.sentences.reserve(expected.saturating_mul(20));
                None
            }
        };
        Loader {
            index,
            batch: Vec::with_capacity(LOAD_BATCH),
            worker,
        }
    }

    /// Takes an article back out of the index, for one that was checked but
    /// never reached the state database (a later stage rejected it): later
    /// articles must not be reported as duplicates of a record that does not
    /// exist. Returns false when `id` is not indexed.
    pub fn forget(&mut self, id: u64) -> bool {
        let Some(slot) = self.ids.first(id) else {
            return false;
        };
        self.ids.remove(id, slot);
        if let Some(meta) = self.entries.get_mut(slot as usize) {
            meta.live = false;
            self.forgotten += 1;
        }
        if self.recent.remove(&id).is_some() {
            self.recent_order.retain(|&other| other != id);
        }
        true
    }

    /// Keeps `data` in RAM until `recent_capacity` newer articles have come.
    fn remember(&mut self, id: u64, data: VerifyData) {
        if self.config.recent_capacity == 0 {
            return;
        }
        while self.recent_order.len() >= self.config.recent_capacity {
            if let Some(old) = self.recent_order.pop_front() {
                self.recent.remove(&old);
            }
        }
        self.recent.insert(id, data);
        self.recent_order.push_back(id);
    }

    /// Drops every article indexed before `cutoff` (seconds since the Unix
    /// epoch): the `dedup.window_days` eviction, which also reclaims forgotten
    /// articles. Returns how many indexed articles were dropped.
    /// Costs one pass over the tables; run it rarely (hourly, daily).
    pub fn evict_older_than(&mut self, cutoff: u64) -> usize {
        let cutoff = fingerprint::clamp_time(cutoff);
        if self.entries.iter().all(|m| m.at >= cutoff && m.live) {
            return 0;
        }
        let mut remap = vec![u32::MAX; self.entries.len()];
        let mut kept = Vec::with_capacity(self.entries.len());
        for (old, meta) in self.entries.iter().enumerate() {
            if meta.at >= cutoff && meta.live {
                // `kept.len()` < `entries.len()` which fits u32 (insert_entry).
                remap[old] = kept.len() as u32;
                kept.push(*meta);
            } else {
                self.recent.remove(&meta.id);
            }
        }
        let recent = &self.recent;
        self.recent_order.retain(|id| recent.contains_key(id));
        let dropped = self.entries.len() - kept.len();
        let map = |slot: u32| remap.get(slot as usize).copied().filter(|&s| s != u32::MAX);
        self.ids.remap(map);
        for band in &mut self.bands {
            band.remap(map);
        }
        self.sentences.remap(map);
        kept.shrink_to_fit();
        self.entries = kept;
        let evicted = dropped - self.forgotten;
        self.forgotten = 0;
        evicted
    }

    pub fn stats(&self) -> IndexStats {
        let recent: usize = self.recent.values().map(VerifyData::heap_bytes).sum();
        IndexStats {
            articles: self.len(),
            band_entries: self.bands.iter().map(NarrowTable::len).sum(),
            sentence_entries: self.sentences.len(),
            recent_articles: self.recent.len(),
            heap_bytes: self.entries.capacity() * std::mem::size_of::<Meta>()
                + self.ids.allocation_size()
                + self
                    .bands
                    .iter()
                    .map(NarrowTable::allocation_size)
                    .sum::<usize>()
                + self.sentences.allocation_size()
                + recent
                + self.recent.capacity() * 64
                + self.recent_order.capacity() * 8,
        }
    }

    /// The article's sentence count as indexed (the containment denominator
    /// it had), when indexed.
    pub fn sentence_count(&self, id: u64) -> Option<u16> {
        self.ids
            .first(id)
            .and_then(|slot| self.entries.get(slot as usize))
            .map(|m| m.sentence_count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(sentences: &[&str]) -> Fingerprint {
        Fingerprint::of("t", &sentences.join(" "))
    }

    const S: [&str; 8] = [
        "The regional council approved the new bus network after a long debate.",
        "Opposition members said the plan would leave villages without a service.",
        "The transport director promised a review of rural routes within a year.",
        "Fares will stay frozen until the end of the year, the council said.",
        "Passenger groups welcomed the decision but asked for more night buses.",
        "Work on the new depot is expected to begin in the spring.",
        "The council leader called the vote a turning point for the region.",
        "A consultation drew more than four thousand responses from residents.",
    ];

    #[test]
    fn exact_near_and_unique() {
        let mut index = Index::new(IndexConfig::default());
        let mut none = |_| None;
        let a = article(&S);
        assert_eq!(
            index.check_and_insert(1, 10, &a, &mut none).verdict,
            Match::Unique
        );
        assert_eq!(
            index.check_and_insert(1, 11, &a, &mut none).verdict,
            Match::Exact { of: 1 }
        );
        let mut edited = S.to_vec();
        edited.push("Officials will publish the final timetable next month.");
        let check = index.check_and_insert(2, 12, &article(&edited), &mut none);
        let Match::Near { of, similarity } = check.verdict else {
            panic!("expected a near-duplicate, got {check:?}");
        };
        assert_eq!(of, 1);
        assert!(similarity > 0.8 && similarity < 1.0, "{similarity}");
        assert_eq!(check.reuse[0].id, 1);
        assert_eq!(check.reuse[0].shared_sentences, 8);
        assert_eq!(index.len(), 2);
    }

    #[test]
    fn candidates_older_than_the_recent_cache_are_read_from_the_source() {
        let config = IndexConfig {
            recent_capacity: 1,
            ..IndexConfig::default()
        };
        let mut index = Index::new(config);
        let mut store: HashMap<u64, VerifyData> = HashMap::new();
        let a = article(&S);
        index.check_and_insert(1, 0, &a, &mut store);
        store.insert(1, a.verify_data());
        let other = article(&["Something else entirely happened in another town today."]);
        index.check_and_insert(2, 0, &other, &mut store);
        let mut edited = S.to_vec();
        edited[7] = "A consultation drew many responses from residents.";
        let mut fetched = Vec::new();
        let mut source = |id| {
            fetched.push(id);
            store.get(&id).cloned()
        };
        let check = index.check_and_insert(3, 0, &article(&edited), &mut source);
        assert!(
            matches!(check.verdict, Match::Near { of: 1, .. }),
            "{check:?}"
        );
        assert_eq!(fetched, [1]);
        let check = index.check(4, &article(&S[1..]), &mut |_| None);
        assert_eq!(
            check.unverifiable, 1,
            "1 is past the recent cache: only the source has it"
        );
    }

    #[test]
    fn entries_reload_into_an_equivalent_index() {
        let mut index = Index::new(IndexConfig::default());
        let fps: Vec<Fingerprint> = (0..4).map(|i| article(&S[i..i + 4])).collect();
        let mut entries = Vec::new();
        for (i, fp) in fps.iter().enumerate() {
            index.check_and_insert(i as u64, 0, fp, &mut |_| None);
            entries.push(fp.entry(i as u64, 0).to_bytes());
        }
        let mut reloaded = Index::with_capacity(IndexConfig::default(), entries.len());
        let mut loader = Index::loader(IndexConfig::default(), entries.len());
        for bytes in &entries {
            let entry = IndexEntry::from_bytes(bytes).unwrap_or_else(|e| panic!("{e}"));
            assert!(reloaded.insert_entry(&entry));
            assert!(loader.push(&entry));
            assert!(!loader.push(&entry), "an id is loaded once");
        }
        assert_eq!(loader.len(), entries.len());
        let loaded = loader.finish();
        let probe = article(&S[2..6]);
        assert_eq!(
            index.check(99, &probe, &mut |_| None).reuse,
            loaded.check(99, &probe, &mut |_| None).reuse
        );
        assert_eq!(index.stats().band_entries, loaded.stats().band_entries);
        assert_eq!(
            index.stats().sentence_entries,
            loaded.stats().sentence_entries
        );
        let probe = article(&S[2..6]);
        assert_eq!(
            index.check(99, &probe, &mut |_| None).reuse,
            reloaded.check(99, &probe, &mut |_| None).reuse
        );
        assert_eq!(
            index.stats().sentence_entries,
            reloaded.stats().sentence_entries
        );
    }

    #[test]
    fn eviction_drops_old_articles_only() {
        let mut index = Index::new(IndexConfig::default());
        let a = article(&S[..4]);
        let b = article(&S[4..]);
        index.check_and_insert(1, 100, &a, &mut |_| None);
        index.check_and_insert(2, 200, &b, &mut |_| None);
        assert_eq!(index.evict_older_than(150), 1);
        assert_eq!(index.evict_older_than(150), 0);
        assert!(!index.contains(1));
        assert!(index.contains(2));
        assert_eq!(index.sentence_count(2), Some(4));
        let check = index.check(3, &a, &mut |_| None);
        assert_eq!(check.verdict, Match::Unique);
        assert!(check.reuse.is_empty());
        let check = index.check(3, &b, &mut |_| None);
        assert!(matches!(check.verdict, Match::Near { of: 2, .. }));
        assert_eq!(check.reuse[0].id, 2);
    }

    #[test]
    fn checks_become_record_fields() {
        let mut check = Check::new(Match::Near {
            of: 0xab,
            similarity: 0.912_345,
        });
        check.reuse.push(ReuseLink {
            id: 0xcd,
            shared_sentences: 5,
            containment: 1.0 / 3.0,
        });
        let info = check.to_info().unwrap_or_else(|| panic!("a record"));
        assert_eq!(info.status, "near_duplicate");
        assert_eq!(info.duplicate_of.as_deref(), Some("00000000000000ab"));
        assert_eq!(info.similarity, Some(0.9123));
        assert_eq!(info.reuse[0].id, "00000000000000cd");
        assert_eq!(info.reuse[0].containment, 0.3333);
        assert_eq!(Check::new(Match::Exact { of: 1 }).to_info(), None);
        assert_eq!(
            Check::new(Match::Unique).to_info().map(|i| i.status),
            Some("unique".into())
        );
    }

    #[test]
    fn forgotten_articles_are_never_reported() {
        let mut index = Index::new(IndexConfig::default());
        let a = article(&S);
        index.check_and_insert(1, 100, &a, &mut |_| None);
        assert!(index.forget(1));
        assert!(!index.forget(1));
        let check = index.check(2, &a, &mut |_| None);
        assert_eq!(check.verdict, Match::Unique);
        assert!(check.reuse.is_empty());
        assert_eq!(
            index.check_and_insert(1, 200, &a, &mut |_| None).verdict,
            Match::Unique
        );
        assert_eq!(
            index.evict_older_than(0),
            0,
            "the forgotten slot is reclaimed, not counted"
        );
        assert_eq!(index.stats().band_entries, BANDS);
        assert_eq!(index.len(), 1);
        assert!(index.contains(1));
    }

    #[test]
    fn default_config_is_valid() {
        assert_eq!(IndexConfig::default().validate(), Ok(()));
        let bad = IndexConfig {
            near_threshold: 1.5,
            ..IndexConfig::default()
        };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn boilerplate_sentences_stop_counting() {
        let config = IndexConfig {
            boilerplate_articles: 3,
            reuse_long_sentence_words: 8,
            ..IndexConfig::default()
        };
        let mut index = Index::new(config);
        let footer = "Copyright notice: all rights reserved by the publisher of this paper.";
        for (i, s) in S.iter().enumerate() {
            index.check_and_insert(i as u64, 0, &article(&[s, footer]), &mut |_| None);
        }
        assert_eq!(index.stats().sentence_entries, 8 + 3);
        let check = index.check(99, &article(&["A new story.", footer]), &mut |_| None);
        assert!(check.reuse.is_empty(), "{:?}", check.reuse);
    }
}

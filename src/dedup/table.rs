//! Compact hash multimaps from already-random keys to article slots, the bulk
//! of the index's memory. Entries are plain `u32` arrays in a
//! `hashbrown::HashTable` (one control byte each, no per-entry allocation, no
//! key hashing: the keys are hashes already), and a key may map to several
//! slots, which is what LSH buckets and sentence postings need.

use hashbrown::HashTable;

/// Multimap from 32-bit keys (LSH band keys) to slots: 9 bytes per bucket.
#[derive(Debug, Default, Clone)]
pub(crate) struct NarrowTable(HashTable<[u32; 2]>);

/// The table's hash of a 32-bit key: the key in both halves, so hashbrown's
/// bucket index (low bits) and tag (top 7 bits) both see random key bits.
fn narrow_hash(key: u32) -> u64 {
    (u64::from(key) << 32) | u64::from(key)
}

impl NarrowTable {
    pub fn reserve(&mut self, additional: usize) {
        self.0.reserve(additional, |e| narrow_hash(e[0]));
    }

    pub fn insert(&mut self, key: u32, slot: u32) {
        self.0
            .insert_unique(narrow_hash(key), [key, slot], |e| narrow_hash(e[0]));
    }

    /// Calls `f` with every slot stored under `key`.
    pub fn for_each(&self, key: u32, mut f: impl FnMut(u32)) {
        for e in self.0.iter_hash(narrow_hash(key)) {
            if e[0] == key {
                f(e[1]);
            }
        }
    }

    /// Keeps the entries whose slot `remap` maps to a new slot.
    pub fn remap(&mut self, remap: impl Fn(u32) -> Option<u32>) {
        self.0.retain(|e| match remap(e[1]) {
            Some(slot) => {
                e[1] = slot;
                true
            }
            None => false,
        });
        self.0.shrink_to_fit(|e| narrow_hash(e[0]));
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn allocation_size(&self) -> usize {
        self.0.allocation_size()
    }
}

/// Multimap from 64-bit keys (article ids, sentence hashes) to slots: 13 bytes
/// per bucket. Sentence postings need the full 64 bits: with 20 million indexed
/// sentences a 32-bit key would match a random sentence one time in 200.
#[derive(Debug, Default, Clone)]
pub(crate) struct WideTable(HashTable<[u32; 3]>);

fn wide_key(e: &[u32; 3]) -> u64 {
    (u64::from(e[1]) << 32) | u64::from(e[0])
}

impl WideTable {
    pub fn reserve(&mut self, additional: usize) {
        self.0.reserve(additional, wide_key);
    }

    pub fn insert(&mut self, key: u64, slot: u32) {
        self.0
            .insert_unique(key, [key as u32, (key >> 32) as u32, slot], wide_key);
    }

    /// Calls `f` with every slot stored under `key`.
    pub fn for_each(&self, key: u64, mut f: impl FnMut(u32)) {
        for e in self.0.iter_hash(key) {
            if wide_key(e) == key {
                f(e[2]);
            }
        }
    }

    /// The first slot stored under `key`.
    pub fn first(&self, key: u64) -> Option<u32> {
        self.0.find(key, |e| wide_key(e) == key).map(|e| e[2])
    }

    /// Removes the entry `key` -> `slot`; false when there is none.
    pub fn remove(&mut self, key: u64, slot: u32) -> bool {
        match self
            .0
            .find_entry(key, |e| wide_key(e) == key && e[2] == slot)
        {
            Ok(entry) => {
                entry.remove();
                true
            }
            Err(_) => false,
        }
    }

    /// How many slots are stored under `key`, counting at most `limit`.
    pub fn count(&self, key: u64, limit: usize) -> usize {
        self.0
            .iter_hash(key)
            .filter(|e| wide_key(e) == key)
            .take(limit)
            .count()
    }

    /// Keeps the entries whose slot `remap` maps to a new slot.
    pub fn remap(&mut self, remap: impl Fn(u32) -> Option<u32>) {
        self.0.retain(|e| match remap(e[2]) {
            Some(slot) => {
                e[2] = slot;
                true
            }
            None => false,
        });
        self.0.shrink_to_fit(wide_key);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn allocation_size(&self) -> usize {
        self.0.allocation_size()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multimaps_keep_every_slot_of_a_key() {
        let mut n = NarrowTable::default();
        let mut w = WideTable::default();
        for slot in 0..5 {
            n.insert(7, slot);
            w.insert(u64::MAX - 7, slot);
        }
        n.insert(8, 9);
        w.insert(7, 9);
        let mut got = Vec::new();
        n.for_each(7, |s| got.push(s));
        got.sort();
        assert_eq!(got, [0, 1, 2, 3, 4]);
        assert_eq!(w.count(u64::MAX - 7, 100), 5);
        assert_eq!(w.count(u64::MAX - 7, 3), 3);
        assert_eq!(w.first(7), Some(9));
        assert_eq!(w.first(8), None);
        assert!(w.remove(7, 9));
        assert!(!w.remove(7, 9));
        assert_eq!(w.first(7), None);

        w.remap(|s| (s % 2 == 0).then_some(s / 2));
        let mut got = Vec::new();
        w.for_each(u64::MAX - 7, |s| got.push(s));
        got.sort();
        assert_eq!(got, [0, 1, 2]);
        assert_eq!(w.len(), 3);
    }
}

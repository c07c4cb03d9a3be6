//! The background document frequencies keywords start from: a table of
//! hashed terms (the keys of [`super::Candidate`]) and the number of
//! background documents holding each, shipped in `data/keywords/`.
//!
//! Layout (little-endian): the magic `NFKWBG1\n`, the number of documents
//! (u64), the number of entries (u64), then the entries sorted by key, each a
//! u64 key and a u32 count.

use std::sync::LazyLock;

const MAGIC: &[u8; 8] = b"NFKWBG1\n";

static SHIPPED: LazyLock<Background> = LazyLock::new(|| {
    Background::from_bytes(include_bytes!("../../../data/keywords/background.bin"))
        .expect("data/keywords/background.bin is a background table")
});

/// Document frequencies of a background corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Background {
    docs: u64,
    entries: Vec<(u64, u32)>,
    /// The entries by key, for [`Background::df`] (a binary search of the
    /// shipped table was a tenth of an article's keywords).
    counts: hashbrown::HashMap<u64, u32>,
}

impl Background {
    /// The table shipped with newsflow (parsed once).
    pub fn shipped() -> &'static Background {
        &SHIPPED
    }

    /// A table from per-document key sets, keeping the keys seen in at least
    /// `min_df` documents.
    pub fn build(docs: impl IntoIterator<Item = Vec<u64>>, min_df: u32) -> Background {
        let mut counts: hashbrown::HashMap<u64, u32> = hashbrown::HashMap::new();
        let mut n = 0;
        for mut keys in docs {
            n += 1;
            keys.sort_unstable();
            keys.dedup();
            for key in keys {
                *counts.entry(key).or_default() += 1;
            }
        }
        let mut entries: Vec<(u64, u32)> =
            counts.into_iter().filter(|&(_, c)| c >= min_df).collect();
        entries.sort_unstable();
        Background::new(n, entries)
    }

    fn new(docs: u64, entries: Vec<(u64, u32)>) -> Background {
        let counts = entries.iter().copied().collect();
        Background {
            docs,
            entries,
            counts,
        }
    }

    pub fn docs(&self) -> u64 {
        self.docs
    }

    /// Background documents holding `key` (0 when it is not in the table).
    pub fn df(&self, key: u64) -> u32 {
        self.counts.get(&key).copied().unwrap_or(0)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(24 + 12 * self.entries.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.docs.to_le_bytes());
        out.extend_from_slice(&(self.entries.len() as u64).to_le_bytes());
        for &(key, count) in &self.entries {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
        }
        out
    }

    /// The table `to_bytes` wrote; `None` for anything else.
    pub fn from_bytes(bytes: &[u8]) -> Option<Background> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let (docs, rest) = rest.split_first_chunk::<8>()?;
        let (n, rest) = rest.split_first_chunk::<8>()?;
        let n = usize::try_from(u64::from_le_bytes(*n)).ok()?;
        if rest.len() != n.checked_mul(12)? {
            return None;
        }
        let entries: Vec<(u64, u32)> = rest
            .chunks_exact(12)
            .map(|e| {
                let (key, count) = e.split_at(8);
                (
                    u64::from_le_bytes(key.try_into().unwrap()),
                    u32::from_le_bytes(count.try_into().unwrap()),
                )
            })
            .collect();
        entries
            .is_sorted()
            .then(|| Background::new(u64::from_le_bytes(*docs), entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_round_trips_and_garbage_is_refused() {
        let table = Background::build([vec![3, 1, 3], vec![1, 2], vec![1]], 1);
        assert_eq!(
            (table.docs(), table.df(1), table.df(3), table.df(9)),
            (3, 3, 1, 0)
        );
        let bytes = table.to_bytes();
        assert_eq!(Background::from_bytes(&bytes), Some(table));
        assert_eq!(Background::from_bytes(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Background::from_bytes(b"junk"), None);
    }

    #[test]
    fn the_shipped_table_knows_common_words() {
        let shipped = Background::shipped();
        assert!(shipped.docs() > 500, "{} documents", shipped.docs());
        let key = |t: &str| xxhash_rust::xxh3::xxh3_64(t.as_bytes());
        assert!(shipped.df(key("government")) > shipped.df(key("ceasefire")));
    }
}

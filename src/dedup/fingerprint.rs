//! The fingerprint of one article: everything near-duplicate and reuse
//! detection needs, computed once in the parallel stage so that the index
//! owner only looks things up. It splits into two persisted parts: the small
//! [`IndexEntry`] the index keeps in RAM (loaded at startup) and the
//! [`VerifyData`] (shingle set and numbers) that stays on disk and is read
//! back only to verify an LSH candidate.

use super::minhash::{self, BANDS};
use super::text::{self, Tokens};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Sentences shorter than this are not fingerprinted: "He said." or "Source:
/// Reuters" recur everywhere and prove no copying. Eight-word quotes are the
/// shortest the seeds share ("We want to end this series of crimes").
pub const MIN_SENTENCE_WORDS: usize = 6;
/// At most this many sentences of one article go into the index (the ones
/// with the smallest hashes, so two articles sample their common sentences
/// alike); longer articles still look up all of theirs. Bounds RAM per article.
pub const MAX_INDEXED_SENTENCES: usize = 48;

/// Version byte in front of every persisted form; bump when the tokeniser,
/// the hashing or the layout changes (stored fingerprints must then be rebuilt).
const FORMAT: u8 = 1;

/// One sentence, reduced to the hash of its lower-case word sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub hash: u64,
    pub words: u16,
}

/// What the detector knows of one article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint {
    /// Words in the fingerprinted text.
    pub words: u32,
    /// Sorted, distinct 32-bit hashes of the word 5-shingles (one shingle of
    /// all the words when there are fewer than five).
    pub shingles: Vec<u32>,
    /// LSH band keys; `None` when the text has no words.
    pub bands: Option<[u32; BANDS]>,
    /// Distinct sentences of at least [`MIN_SENTENCE_WORDS`] words, in text order.
    pub sentences: Vec<Sentence>,
    /// Sorted, distinct 32-bit hashes of the numbers stated (template rule).
    pub numbers: Vec<u32>,
}

impl Fingerprint {
    /// Fingerprints an article. Only the body counts: headlines are rewritten
    /// when a story is republished, and the article id is the body's too. A
    /// one-line flash with no body is fingerprinted by its title, as its id is.
    pub fn of(title: &str, body: &str) -> Fingerprint {
        let text = if body.trim().is_empty() { title } else { body };
        Fingerprint::from_tokens(&text::tokenise(text))
    }

    fn from_tokens(tokens: &Tokens) -> Fingerprint {
        let words = &tokens.words;
        let shingle64: Vec<u64> = if words.is_empty() {
            Vec::new()
        } else if words.len() < SHINGLE_WORDS {
            vec![text::hash_seq(words)]
        } else {
            words.windows(SHINGLE_WORDS).map(text::hash_seq).collect()
        };
        let bands = minhash::signature(&shingle64).map(|sig| minhash::band_keys(&sig));
        // The top 32 bits: independent of the OPH bin choice, and two sets of a
        // few hundred such hashes collide by chance once in ~10^5 pairs.
        let mut shingles: Vec<u32> = shingle64.iter().map(|&h| (h >> 32) as u32).collect();
        shingles.sort_unstable();
        shingles.dedup();

        let mut sentences: Vec<Sentence> = Vec::with_capacity(tokens.sentence_ends.len());
        let mut start = 0usize;
        for &end in &tokens.sentence_ends {
            let end = end as usize;
            let span = words.get(start..end).unwrap_or(&[]);
            start = end;
            if span.len() < MIN_SENTENCE_WORDS {
                continue;
            }
            let hash = text::hash_seq(span);
            if sentences.iter().all(|s| s.hash != hash) {
                sentences.push(Sentence {
                    hash,
                    words: u16::try_from(span.len()).unwrap_or(u16::MAX),
                });
            }
        }
        Fingerprint {
            words: u32::try_from(words.len()).unwrap_or(u32::MAX),
            shingles,
            bands,
            sentences,
            numbers: tokens.numbers.clone(),
        }
    }

    /// The part the index keeps in RAM, for the article `id` taken at `at`
    /// (seconds since the Unix epoch, for the eviction window).
    pub fn entry(&self, id: u64, at: u64) -> IndexEntry {
        let mut indexed: Vec<u64> = self.sentences.iter().map(|s| s.hash).collect();
        if indexed.len() > MAX_INDEXED_SENTENCES {
            indexed.sort_unstable();
            indexed.truncate(MAX_INDEXED_SENTENCES);
        }
        IndexEntry {
            id,
            at: clamp_time(at),
            sentence_count: u16::try_from(self.sentences.len()).unwrap_or(u16::MAX),
            bands: self.bands,
            sentences: indexed,
        }
    }

    /// The part read back to verify a candidate.
    pub fn verify_data(&self) -> VerifyData {
        VerifyData {
            shingles: self.shingles.clone(),
            numbers: self.numbers.clone(),
        }
    }

    /// The persisted form of [`Self::verify_data`], without cloning it first.
    pub fn verify_bytes(&self) -> Vec<u8> {
        encode_verify(&self.shingles, &self.numbers)
    }
}

/// Seconds since the epoch as the index stores them: `u32` lasts until 2106.
pub(crate) fn clamp_time(at: u64) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// An indexed article as the index holds it, and as it is persisted to be
/// loaded at startup (`to_bytes`: about 14 + 64 + 8 per sentence bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// The article id as a number ([`super::id_key`]).
    pub id: u64,
    /// When it was indexed, seconds since the Unix epoch.
    pub at: u32,
    /// Its fingerprinted sentences (the containment denominator).
    pub sentence_count: u16,
    pub bands: Option<[u32; BANDS]>,
    /// Hashes of the sentences put in the reuse index.
    pub sentences: Vec<u64>,
}

/// Why persisted bytes could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("dedup fingerprint is truncated")]
    Truncated,
    #[error("dedup fingerprint has format {0}, this newsflow reads {FORMAT}: rebuild the index")]
    Version(u8),
}

impl IndexEntry {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + 4 * BANDS + 8 * self.sentences.len());
        out.push(FORMAT);
        out.push(u8::from(self.bands.is_some()));
        out.extend_from_slice(&self.id.to_le_bytes());
        out.extend_from_slice(&self.at.to_le_bytes());
        out.extend_from_slice(&self.sentence_count.to_le_bytes());
        if let Some(bands) = &self.bands {
            for b in bands {
                out.extend_from_slice(&b.to_le_bytes());
            }
        }
        for s in &self.sentences {
            out.extend_from_slice(&s.to_le_bytes());
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<IndexEntry, FormatError> {
        let mut r = Reader(bytes);
        let format = r.u8()?;
        if format != FORMAT {
            return Err(FormatError::Version(format));
        }
        let has_bands = r.u8()? != 0;
        let id = r.u64()?;
        let at = r.u32()?;
        let sentence_count = r.u16()?;
        let bands = if has_bands {
            let mut bands = [0u32; BANDS];
            for b in &mut bands {
                *b = r.u32()?;
            }
            Some(bands)
        } else {
            None
        };
        if r.0.len() % 8 != 0 {
            return Err(FormatError::Truncated);
        }
        let mut sentences = Vec::with_capacity(r.0.len() / 8);
        while !r.0.is_empty() {
            sentences.push(r.u64()?);
        }
        Ok(IndexEntry {
            id,
            at,
            sentence_count,
            bands,
            sentences,
        })
    }
}

/// What verifies a candidate: the exact shingle set and the numbers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VerifyData {
    pub shingles: Vec<u32>,
    pub numbers: Vec<u32>,
}

impl VerifyData {
    /// About 4 bytes per shingle (a BBC article: ~1.6 KB).
    pub fn to_bytes(&self) -> Vec<u8> {
        encode_verify(&self.shingles, &self.numbers)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<VerifyData, FormatError> {
        let mut r = Reader(bytes);
        let format = r.u8()?;
        if format != FORMAT {
            return Err(FormatError::Version(format));
        }
        let n_shingles = r.u32()? as usize;
        let n_numbers = r.u32()? as usize;
        if r.0.len() != 4 * (n_shingles + n_numbers) {
            return Err(FormatError::Truncated);
        }
        let mut read =
            |n: usize| -> Result<Vec<u32>, FormatError> { (0..n).map(|_| r.u32()).collect() };
        let shingles = read(n_shingles)?;
        let numbers = read(n_numbers)?;
        Ok(VerifyData { shingles, numbers })
    }

    /// Bytes of heap this holds.
    pub(crate) fn heap_bytes(&self) -> usize {
        4 * (self.shingles.capacity() + self.numbers.capacity())
    }
}

fn encode_verify(shingles: &[u32], numbers: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(9 + 4 * (shingles.len() + numbers.len()));
    out.push(FORMAT);
    // Counts beyond u32 cannot occur: a shingle per word of an article that
    // passed the reader's size limit.
    out.extend_from_slice(&(shingles.len() as u32).to_le_bytes());
    out.extend_from_slice(&(numbers.len() as u32).to_le_bytes());
    for v in shingles.iter().chain(numbers) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// A cursor over little-endian bytes.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], FormatError> {
        let (head, rest) = self
            .0
            .split_first_chunk::<N>()
            .ok_or(FormatError::Truncated)?;
        self.0 = rest;
        Ok(*head)
    }
    fn u8(&mut self) -> Result<u8, FormatError> {
        Ok(self.take::<1>()?[0])
    }
    fn u16(&mut self) -> Result<u16, FormatError> {
        Ok(u16::from_le_bytes(self.take()?))
    }
    fn u32(&mut self) -> Result<u32, FormatError> {
        Ok(u32::from_le_bytes(self.take()?))
    }
    fn u64(&mut self) -> Result<u64, FormatError> {
        Ok(u64::from_le_bytes(self.take()?))
    }
}

/// Jaccard similarity of two sorted, distinct sets.
pub fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let shared = intersection(a, b);
    shared as f64 / (a.len() + b.len() - shared) as f64
}

fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// True when each side states a number the other lacks: the mark of one
/// template filled with different figures (see the rule in [`super`]).
pub fn numbers_conflict(a: &[u32], b: &[u32]) -> bool {
    let shared = intersection(a, b);
    shared < a.len() && shared < b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip() {
        let fp = Fingerprint::of(
            "Title",
            "The central bank raised rates by a quarter point on Tuesday. \
             Markets had expected the move after inflation rose 3.2 pct in May.",
        );
        assert_eq!(fp.sentences.len(), 2);
        let entry = fp.entry(0xdead_beef, 1_700_000_000);
        assert_eq!(IndexEntry::from_bytes(&entry.to_bytes()), Ok(entry));
        let v = fp.verify_data();
        assert_eq!(VerifyData::from_bytes(&fp.verify_bytes()), Ok(v.clone()));
        assert_eq!(VerifyData::from_bytes(&v.to_bytes()), Ok(v));
        let bytes = fp.verify_bytes();
        assert_eq!(
            VerifyData::from_bytes(&bytes[..bytes.len() - 1]),
            Err(FormatError::Truncated)
        );
        assert_eq!(IndexEntry::from_bytes(&[9]), Err(FormatError::Version(9)));
    }

    #[test]
    fn body_is_fingerprinted_not_the_headline() {
        let body = "Some body text that is long enough to shingle well today.";
        assert_eq!(
            Fingerprint::of("One headline", body),
            Fingerprint::of("Other", body)
        );
        assert_eq!(Fingerprint::of("Flash", "").words, 1);
        assert_eq!(Fingerprint::of("", ""), Fingerprint::default());
    }

    proptest::proptest! {
        #[test]
        fn any_text_fingerprints_and_round_trips(title in ".{0,40}", body in "(?s).{0,600}") {
            let fp = Fingerprint::of(&title, &body);
            let entry = fp.entry(7, 9);
            proptest::prop_assert_eq!(IndexEntry::from_bytes(&entry.to_bytes()), Ok(entry));
            proptest::prop_assert_eq!(VerifyData::from_bytes(&fp.verify_bytes()), Ok(fp.verify_data()));
            proptest::prop_assert!(fp.shingles.windows(2).all(|w| w[0] < w[1]));
            proptest::prop_assert_eq!(fp.bands.is_some(), fp.words > 0);
        }

        #[test]
        fn garbage_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let _ = IndexEntry::from_bytes(&bytes);
            let _ = VerifyData::from_bytes(&bytes);
        }
    }

    #[test]
    fn jaccard_and_number_conflicts() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert!(numbers_conflict(&[1, 2], &[1, 3]));
        assert!(
            !numbers_conflict(&[1, 2], &[1, 2, 3]),
            "an added figure is no conflict"
        );
        assert!(!numbers_conflict(&[], &[]));
    }
}

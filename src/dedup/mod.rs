//! The dedup stage, the single owner of the duplicate index.
//!
//! - Exact duplicates: two articles whose bodies are equal after normalisation
//!   (Unicode NFKC, case, punctuation and whitespace ignored) share one id, and
//!   the second is announced as an `exact_duplicate` of the first.
//! - Near-duplicates ([`Index::check_and_insert`]): word 5-shingles of the
//!   normalised body (not the headline, which republishers rewrite), a 64-bin
//!   one-permutation MinHash, 16 LSH bands of 4 rows; every candidate is
//!   verified by the exact Jaccard of the two shingle sets, and the earliest
//!   article at or above `near_threshold` (0.8) is reported with that Jaccard.
//! - Template rule: a verified pair is *not* a near-duplicate when each article
//!   states a number the other does not (numbers compared as digit strings,
//!   separators and leading zeros dropped, so "1,500" = "1500"). Wire reports
//!   cut from one template ("profit rose 3.2 pct to 1.5 billion dlrs") differ
//!   exactly there; an update that only adds or drops a figure still matches.
//! - Text reuse: sentences of at least six words, hashed as lower-case word
//!   sequences (so quotes differing in punctuation or brackets match), in an
//!   inverted index; an earlier article is reported when it shares two
//!   sentences, or one of 20 words or more (on BBC, single shared sentences
//!   under 20 words are mostly author bios and line-ups; from 20 words on,
//!   copied facts). Sentences found in 32 articles already are boilerplate
//!   and ignored. Links point to *earlier* articles only.
//!
//! [`Fingerprint::of`] does the CPU work and runs in the parallel stage. The
//! index keeps about 0.8 KB per BBC-sized article in RAM (ids, band keys and
//! sentence postings in `u32` tables, no shingles), plus the verify data of the
//! most recent articles. Persisted per article: [`IndexEntry`] bytes (~240,
//! read back in order at startup with [`Index::loader`]) and
//! [`Fingerprint::verify_bytes`] (~1.6 KB, read by id through a
//! [`VerifySource`] when an LSH candidate needs verifying).

mod fingerprint;
mod index;
mod minhash;
mod table;
mod text;

pub use fingerprint::{
    Fingerprint, FormatError, IndexEntry, MAX_INDEXED_SENTENCES, MIN_SENTENCE_WORDS, SHINGLE_WORDS,
    Sentence, VerifyData, jaccard, numbers_conflict,
};
pub use index::{Check, Index, IndexConfig, IndexStats, Loader, Match, ReuseLink, VerifySource};
pub use minhash::{BANDS, ROWS};

use sha2::{Digest, Sha256};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// The body reduced to what makes two texts the same article: lower-case words
/// of letters and digits, NFKC-normalised, separated by single spaces.
pub fn normalise(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut in_word = false;
    // NFKC is the slow part; text already in NFKC (all ASCII text, most news)
    // skips it, which the quick check proves without allocating.
    let nfkc: Box<dyn Iterator<Item = char>> =
        if body.is_ascii() || is_nfkc_quick(body.chars()) == IsNormalized::Yes {
            Box::new(body.chars())
        } else {
            Box::new(body.nfkc())
        };
    for c in nfkc.flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if !in_word && !out.is_empty() {
                out.push(' ');
            }
            out.push(c);
            in_word = true;
        } else {
            in_word = false;
        }
    }
    out
}

/// The article id: 16 hex digits of the SHA-256 of the normalised body.
/// Same text, same id.
pub fn article_id(body: &str) -> String {
    id_hex(article_key(body))
}

/// The article id as the 64-bit number the index stores: the first 8 bytes of
/// the SHA-256 of the normalised body, big-endian (so its hex is [`article_id`]).
pub fn article_key(body: &str) -> u64 {
    let digest = Sha256::digest(normalise(body).as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// Parses an id back to the 64-bit key the index stores.
pub fn id_key(id: &str) -> Option<u64> {
    u64::from_str_radix(id, 16).ok()
}

/// The id string of a 64-bit key: 16 hex digits, as [`article_id`] writes it.
pub fn id_hex(key: u64) -> String {
    format!("{key:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_ignores_case_punctuation_and_spacing() {
        let a = "The minister said: \u{201C}We will act.\u{201D}\n\nPrices rose 3.2%.";
        let b = "the Minister said  \"we will act\"\nprices rose 3 2 %";
        assert_eq!(normalise(a), normalise(b));
        assert_eq!(article_id(a), article_id(b));
        assert_ne!(article_id(a), article_id("The minister said nothing."));
    }

    #[test]
    fn nfkc_folds_compatibility_forms() {
        assert_eq!(normalise("ﬁnance Ｔｏｋｙｏ"), "finance tokyo");
    }

    #[test]
    fn key_and_id_agree() {
        let body = "Some body text.";
        assert_eq!(id_hex(article_key(body)), article_id(body));
        assert_eq!(id_key(&article_id(body)), Some(article_key(body)));
    }
}

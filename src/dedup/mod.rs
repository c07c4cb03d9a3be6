//! The dedup stage, the single owner of the duplicate index. Today it finds exact
//! duplicates: two articles whose bodies are equal after normalisation (Unicode
//! NFKC, case, punctuation and whitespace ignored) share one id, and the second is
//! announced as an `exact_duplicate` of the first. The index is loaded from the
//! state database at startup and persisted by the writer with each commit.

use std::collections::HashSet;

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// The verdict for one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Not seen before.
    Unique,
    /// Its normalised body equals that of the article with this id.
    ExactDuplicate { of: String },
}

/// The body reduced to what makes two texts the same article: lower-case words
/// of letters and digits, NFKC-normalised, separated by single spaces.
pub fn normalise(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut in_word = false;
    for c in body.nfkc().flat_map(char::to_lowercase) {
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
    let digest = Sha256::digest(normalise(body).as_bytes());
    hex::encode(&digest[..8])
}

/// Parses an id back to the 64-bit key the index stores.
fn key(id: &str) -> Option<u64> {
    u64::from_str_radix(id, 16).ok()
}

/// The in-memory duplicate index (8 bytes per article).
#[derive(Debug, Default)]
pub struct Dedup {
    exact: HashSet<u64>,
}

impl Dedup {
    /// An index holding the given article ids (from the state database).
    pub fn with_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> Dedup {
        Dedup {
            exact: ids.into_iter().filter_map(key).collect(),
        }
    }

    /// Checks an article against the index and, when it is new, adds it.
    pub fn check(&mut self, id: &str) -> Verdict {
        match key(id) {
            Some(k) if !self.exact.insert(k) => Verdict::ExactDuplicate { of: id.to_string() },
            _ => Verdict::Unique,
        }
    }

    /// Number of articles indexed.
    pub fn len(&self) -> usize {
        self.exact.len()
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
    }
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
    fn second_copy_is_an_exact_duplicate() {
        let mut d = Dedup::default();
        let id = article_id("Some body text.");
        assert_eq!(d.check(&id), Verdict::Unique);
        assert_eq!(d.check(&id), Verdict::ExactDuplicate { of: id.clone() });
        let reloaded = Dedup::with_ids([id.as_str()]);
        assert_eq!(reloaded.len(), 1);
    }
}

//! Small word tests the finders share: lowercase comparisons that copy nothing,
//! since they run on every word of every body.

use std::cmp::Ordering;
use std::collections::HashSet;

/// `word.to_lowercase() == lower`, for an all-lowercase ASCII `lower`.
///
/// Only one letter beyond ASCII lowercases to ASCII alone (the Kelvin sign, to
/// `k`, from three bytes to one; a test checks all of Unicode), so a word of
/// `lower`'s length matches only as ASCII, a shorter one never, and a longer
/// one only through that letter.
pub(crate) fn lower_is(word: &str, lower: &str) -> bool {
    match word.len().cmp(&lower.len()) {
        Ordering::Equal => word.eq_ignore_ascii_case(lower),
        Ordering::Less => false,
        Ordering::Greater => !word.is_ascii() && word.to_lowercase() == lower,
    }
}

/// `set.contains(&word.to_lowercase().as_str())`, for all-lowercase ASCII entries.
pub(crate) fn lower_in(word: &str, set: &[&str]) -> bool {
    set.iter().any(|s| lower_is(word, s))
}

/// Calls `f` with `word` lowercased, copying into a stack buffer when the
/// word is short ASCII (the usual case) and allocating only otherwise.
pub(crate) fn with_lower<T>(word: &str, f: impl FnOnce(&str) -> T) -> T {
    const MAX: usize = 32;
    if word.len() <= MAX && word.is_ascii() {
        let mut buf = [0u8; MAX];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        // ASCII in, ASCII out.
        f(std::str::from_utf8(lower).unwrap_or_default())
    } else {
        f(&word.to_lowercase())
    }
}

/// A set of all-lowercase ASCII words asked case-insensitively by hashing,
/// for the long word lists asked of every name and phrase.
pub(crate) struct LowerSet(HashSet<&'static str>);

impl LowerSet {
    pub(crate) fn new(lists: &[&[&'static str]]) -> Self {
        LowerSet(lists.iter().flat_map(|l| l.iter().copied()).collect())
    }

    /// `word`, lowercased, is in the set.
    pub(crate) fn contains(&self, word: &str) -> bool {
        with_lower(word, |lower| self.0.contains(lower))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_kelvin_sign_lowercases_to_ascii_alone() {
        let beyond: Vec<char> = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|c| !c.is_ascii() && c.to_lowercase().all(|l| l.is_ascii()))
            .collect();
        assert_eq!(beyond, ['\u{212A}']);
    }

    #[test]
    fn lowercase_comparisons_match_to_lowercase() {
        let words = [
            "Said",
            "SAID",
            "said",
            "Sáid",
            "\u{212A}m",
            "\u{212A}",
            "İs",
            "is",
            "",
        ];
        for word in words {
            for target in ["said", "km", "k", "is", ""] {
                assert_eq!(
                    lower_is(word, target),
                    word.to_lowercase() == target,
                    "{word} {target}"
                );
                assert_eq!(
                    lower_in(word, &[target, "x"]),
                    [target, "x"].contains(&word.to_lowercase().as_str())
                );
            }
        }
    }
}

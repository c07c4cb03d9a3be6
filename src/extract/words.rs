//! Small word tests the finders share: lowercase comparisons that copy nothing,
//! since they run on every word of every body.

use std::cmp::Ordering;

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

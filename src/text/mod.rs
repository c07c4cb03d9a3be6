//! Small text helpers shared by the extract and tag stages (the quotes people
//! model and the entity merge): acronym shapes and surname keys. Neutral ground
//! so neither stage reaches into the other's internals.

/// Two to `max` ASCII capitals ("ABC", "WTO").
pub fn is_acronym(word: &str, max: usize) -> bool {
    (2..=max).contains(&word.len()) && word.chars().all(|c| c.is_ascii_uppercase())
}

/// A surname without its Arabic article, so "al-Assad" and "Assad" share a
/// key. Case is the caller's: the prefixes are matched in lower case.
pub fn surname_key(w: &str) -> &str {
    ["al-", "el-", "ad-", "as-"]
        .iter()
        .find_map(|p| w.strip_prefix(p))
        .unwrap_or(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_and_surnames() {
        assert!(is_acronym("FSA", 8));
        assert!(!is_acronym("F", 8));
        assert!(!is_acronym("Fsa", 8));
        assert!(!is_acronym("ABCDEFGHI", 8));
        assert_eq!(surname_key("al-assad"), "assad");
        assert_eq!(surname_key("assad"), "assad");
    }
}

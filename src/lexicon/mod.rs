//! Shared English word lists (`data/lexicon/`): stop words, and the filler
//! words of news prose (reporting verbs, days, months, time words) that say
//! nothing of what an article is about. Read by the summary in the tag stage
//! and by keywords in the corpus stage.

use std::sync::LazyLock;

// hashbrown's hash is quicker than the standard library's: the summary and
// keywords ask of every word of every article.
use hashbrown::HashSet;

const STOP_LIST: &str = include_str!("../../data/lexicon/stopwords_en.txt");
const FILLER_LIST: &str = include_str!("../../data/lexicon/news_filler_en.txt");

static STOP: LazyLock<HashSet<&'static str>> = LazyLock::new(|| words(STOP_LIST).collect());
/// Stop and filler words in one set: one lookup per word.
static EMPTY: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| words(STOP_LIST).chain(words(FILLER_LIST)).collect());

fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A function word (`the`, `would`, `they're`), given in lower case, with
/// straight apostrophes.
pub fn is_stop_word(lower: &str) -> bool {
    STOP.contains(lower)
}

/// A stop word or a word of news prose that names no subject (`said`,
/// `Monday`, `week`), given in lower case.
pub fn is_empty_word(lower: &str) -> bool {
    EMPTY.contains(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_hold_what_they_say() {
        assert!(is_stop_word("the") && is_stop_word("they're"));
        assert!(!is_stop_word("said") && is_empty_word("said"));
        assert!(is_empty_word("monday") && is_empty_word("told"));
        assert!(!is_empty_word("ceasefire") && !is_empty_word("astana"));
    }
}

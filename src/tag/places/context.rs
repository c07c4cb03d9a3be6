//! What the words around a gazetteer match say of it: a hyphenated or
//! bracketed name, a preposition or an initial before it, a sentence start,
//! a title in title case, the same word in lower case elsewhere.

use super::Article;
use crate::gazetteer::is_word_edge;

/// Words before a place that make it a place, not its government
/// ("officials in Amman said").
const PREPOSITIONS: &[&str] = &[
    "in",
    "at",
    "from",
    "to",
    "near",
    "of",
    "into",
    "across",
    "outside",
    "inside",
    "around",
    "via",
    "toward",
    "towards",
    "through",
    "throughout",
    "within",
    "over",
    "for",
];

/// Whether a hyphen joins the match to another capitalised word
/// ("Neath-Swansea Ospreys"): a name, not the town.
pub(super) fn hyphen_joined(text: &str, start: usize, end: usize) -> bool {
    let after = text
        .get(end..)
        .and_then(|r| r.strip_prefix('-'))
        .and_then(|r| r.chars().next())
        .is_some_and(char::is_uppercase);
    let before = text
        .get(..start)
        .and_then(|r| r.strip_suffix('-'))
        .and_then(|r| r.split(|c: char| !c.is_alphabetic()).next_back())
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    after || before
}

/// Whether the match stands alone in brackets after a name, as a team
/// sheet gives a player's club: "T Shanklin (Cardiff)".
pub(super) fn affiliation(text: &str, start: usize, end: usize) -> bool {
    let closed = text.get(end..).is_some_and(|r| r.starts_with(')'));
    let Some(before) = text.get(..start).and_then(|r| r.strip_suffix('(')) else {
        return false;
    };
    let name = before
        .trim_end()
        .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '-')
        .next_back()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    closed && name
}

/// Whether the word before `at` is a preposition ("in Amman").
pub(super) fn after_preposition(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("").trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    PREPOSITIONS.contains(&word.to_lowercase().as_str())
}

/// Whether the match follows an initial ("A Foley", "J. Hayes"): a name.
pub(super) fn after_initial(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let Some(rest) = before.strip_suffix(' ') else {
        return false;
    };
    let rest = rest.strip_suffix('.').unwrap_or(rest);
    let mut chars = rest.chars().rev();
    let Some(initial) = chars.next().filter(|c| c.is_uppercase()) else {
        return false;
    };
    let alone = chars
        .next()
        .is_none_or(|c| !c.is_alphanumeric() && c != '.');
    // "A Paris court ruled": the article opening a sentence.
    let article =
        matches!(initial, 'A' | 'I') && starts_sentence(text, rest.len() - initial.len_utf8());
    alone && !article
}

/// Whether `at` opens a sentence or a line, where any word is capitalised.
pub(super) fn starts_sentence(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    for c in before.chars().rev() {
        match c {
            ' ' | '\t' | '"' | '\'' | '\u{201c}' | '\u{2018}' | '(' | '[' | '-' | '\u{2013}'
            | '\u{2014}' | '*' => continue,
            '.' | '!' | '?' | ':' | '\n' | '\r' => return true,
            _ => return false,
        }
    }
    true
}

/// Whether most of a title's longer words are capitalised ("How To Roast
/// A Turkey"), so that none of its capitals says "proper name".
pub(super) fn is_title_cased(title: &str) -> bool {
    let (mut words, mut upper) = (0, 0);
    for w in title.split_whitespace() {
        let mut chars = w.chars().filter(|c| c.is_alphabetic());
        let Some(first) = chars.next() else { continue };
        if chars.count() < 3 {
            continue;
        }
        words += 1;
        if first.is_uppercase() {
            upper += 1;
        }
    }
    words >= 3 && upper * 10 >= words * 6
}

/// Whether the lower-cased surface of a one-word name is a word of the
/// article ("turkey" in a recipe).
pub(super) fn lower_word_in(article: &Article, surface: &str) -> bool {
    if surface.contains(' ') {
        return false;
    }
    let lower = surface.to_lowercase();
    if lower == surface {
        return false;
    }
    [article.title, article.body].iter().any(|text| {
        memchr::memmem::find_iter(text.as_bytes(), lower.as_bytes())
            .any(|at| is_word_edge(text, at, at + lower.len()))
    })
}

/// The first word of `rest` after spaces, if the match is followed by one.
pub(super) fn next_word(rest: &str) -> Option<&str> {
    let rest = rest.strip_prefix(' ')?;
    let end = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

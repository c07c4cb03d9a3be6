//! The record's `stats`: words and sentences as Unicode text segmentation
//! (UAX #29, the `unicode-segmentation` crate) counts them, paragraphs as the
//! parser found them. Called by `extract::body_facts`.
//!
//! Counting is the extract stage's largest cost when the crate reads the whole
//! body, so the body is cut where a boundary is certain and nothing on one side
//! changes a decision on the other; a piece whose count is plain from its bytes
//! (ASCII letters and digits only; a sentence with no terminator before its
//! end) is counted here, every other piece by the crate. The counts are the
//! crate's on the whole body: tests compare them on generated text, and the
//! BBC corpus gives the same stats (`benches/extract.rs --dump`).

use unicode_segmentation::UnicodeSegmentation;

use crate::document::Document;
use crate::record::Stats;

/// Words and sentences of `body`, paragraphs of `doc`.
pub fn stats(doc: &Document, body: &str) -> Stats {
    Stats {
        words: count(word_count(body)),
        sentences: count(sentence_count(body)),
        paragraphs: count(doc.paragraphs.len()),
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `body.unicode_words().count()`.
///
/// ASCII whitespace is a word boundary on both sides, and no rule looks across
/// it (it is no letter, digit or joiner), except that a combining mark after a
/// space joins the space (WB4): so the body is cut at whitespace followed by
/// ASCII, and each piece counted alone.
pub(crate) fn word_count(body: &str) -> usize {
    let bytes = body.as_bytes();
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let mut words = 0;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !space(bytes[i]) {
            i += 1;
            continue;
        }
        let run = i;
        while i < bytes.len() && space(bytes[i]) {
            i += 1;
        }
        if i == bytes.len() || bytes[i].is_ascii() {
            words += piece_words(&body[start..run]);
            start = i;
        }
    }
    words + piece_words(&body[start..])
}

/// Words in a piece of text with no certain boundary to cut at.
fn piece_words(piece: &str) -> usize {
    // Letters and digits stay together (WB5, WB8-WB10); quotes, brackets and
    // punctuation at either end join nothing that is not there (WB6, WB7,
    // WB11, WB12 need a letter or digit beyond them).
    let bytes = piece.as_bytes();
    let mut start = 0;
    while start < bytes.len() && matches!(bytes[start], b'"' | b'\'' | b'(' | b'[') {
        start += 1;
    }
    let mut end = bytes.len();
    while end > start
        && matches!(
            bytes[end - 1],
            b',' | b'.' | b';' | b':' | b'!' | b'?' | b'"' | b'\'' | b')' | b']'
        )
    {
        end -= 1;
    }
    let core = &bytes[start..end];
    if core.iter().all(u8::is_ascii_alphanumeric) {
        usize::from(!core.is_empty())
    } else {
        piece.unicode_words().count()
    }
}

/// `body.unicode_sentences()` that hold more than whitespace, counted.
///
/// Cuts, where a sentence boundary is certain and the rules on either side do
/// not see the other: after a line feed (SB4); and after `.`, `!` or `?`,
/// closing marks and one or more spaces, before a capital, a digit, an opening
/// mark or other ASCII that neither continues the sentence (SB8a) nor, after a
/// `.`, leads to a lowercase letter (SB8); the rules looking back from there
/// stop at the spaces. A piece whose only terminators (with closing marks,
/// spaces and a line feed) close it is one sentence when it holds a letter or
/// digit; other pieces go to the crate.
pub(crate) fn sentence_count(body: &str) -> usize {
    let bytes = body.as_bytes();
    let terminator = |b: u8| matches!(b, b'.' | b'!' | b'?');
    let closing = |b: u8| matches!(b, b'"' | b'\'' | b')' | b']' | b'}');
    let mut sentences = 0;
    let mut start = 0;
    // The current piece so far: nothing that could break it inside (a
    // terminator, CR, anything beyond ASCII) has been seen; a letter or digit has.
    let mut plain = true;
    let mut alnum = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if terminator(b) {
            let mut end = i;
            while end < bytes.len() && terminator(bytes[end]) {
                end += 1;
            }
            let after_full_stop = bytes[end - 1] == b'.';
            let mut next = end;
            while next < bytes.len() && closing(bytes[next]) {
                next += 1;
            }
            let spaces = next;
            while next < bytes.len() && bytes[next] == b' ' {
                next += 1;
            }
            if next > spaces
                && next < bytes.len()
                && opens_sentence(bytes[next])
                && !(after_full_stop && lowercase_ahead(&bytes[next..]))
            {
                sentences += piece_sentences(&body[start..next], plain, alnum);
                (start, plain, alnum) = (next, true, false);
                i = next;
                continue;
            }
            // Terminators, closing marks, spaces, then a line feed or the end:
            // still the piece's close. Anything else follows: the crate decides.
            plain &= next == bytes.len() || bytes[next] == b'\n';
            i = next;
            continue;
        }
        if b == b'\n' {
            sentences += piece_sentences(&body[start..=i], plain, alnum);
            (start, plain, alnum) = (i + 1, true, false);
        } else if b.is_ascii_alphanumeric() {
            alnum = true;
        } else if b == b'\r' || !b.is_ascii() {
            plain = false;
        }
        i += 1;
    }
    sentences + piece_sentences(&body[start..], plain, alnum)
}

/// ASCII that, after a terminator and a space, starts a new sentence (SB11)
/// rather than continue one (SB8a: `,` `-` `:` `;` and terminators), be a
/// space or line break, or a lowercase letter.
fn opens_sentence(b: u8) -> bool {
    b.is_ascii()
        && !b.is_ascii_lowercase()
        && !b.is_ascii_whitespace()
        && !matches!(b, b',' | b'-' | b':' | b';' | b'.' | b'!' | b'?' | b'\x0B')
}

/// SB8 after a full stop: the first letter, terminator or line break ahead is
/// a lowercase letter (or, beyond ASCII, may be).
fn lowercase_ahead(rest: &[u8]) -> bool {
    for &b in rest {
        if !b.is_ascii() || b.is_ascii_lowercase() {
            return true;
        }
        if b.is_ascii_uppercase() || matches!(b, b'.' | b'!' | b'?' | b'\n' | b'\r') {
            return false;
        }
    }
    false
}

fn piece_sentences(piece: &str, plain: bool, alnum: bool) -> usize {
    if plain {
        usize::from(alnum)
    } else {
        crate_sentences(piece)
    }
}

/// Non-blank Unicode sentences, by the crate. A plain loop:
/// `UnicodeSentences::size_hint` underflows on some input (unicode-segmentation
/// 1.13.3; a panic in debug builds, found by `tests/fuzz_parsers.rs`), and
/// adapters such as `filter().count()` call it.
fn crate_sentences(text: &str) -> usize {
    let mut n = 0;
    for sentence in text.unicode_sentences() {
        if !sentence.trim().is_empty() {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn crate_words(s: &str) -> usize {
        s.unicode_words().count()
    }

    #[test]
    fn counts_of_an_ordinary_paragraph() {
        let body = "Mr. Lee paid $3.5m for 1,200 shares. Then he left! Why?\n\n\
                    \"It's over,\" he said. U.S. officials (and others) agreed.";
        assert_eq!(word_count(body), crate_words(body));
        assert_eq!(sentence_count(body), crate_sentences(body));
        // "Mr." ends a sentence: UAX #29 knows no abbreviations.
        assert_eq!(sentence_count(body), 6);
    }

    #[test]
    fn tricky_spots_agree_with_the_crate() {
        for body in [
            "",
            " ",
            "\n\n",
            "a",
            "A. B",
            "a.B c. D",
            "e.g. the end. Next one.",
            "End. \u{301}Next",
            " \u{345}abc def",
            "Done.\r\nNext line.",
            "Hi! ) Ho. . Hey?  \"Yes.\"  No",
            "Stop.\u{2029}Go.",
            "Café. Été. Ça va? Oui.",
            "3.5 and 4,000.5 in U.S.A. Today",
            "x. \n Y",
            "U.S.",
            "日本. ",
            "日本. \"é",
        ] {
            assert_eq!(word_count(body), crate_words(body), "{body:?}");
            assert_eq!(sentence_count(body), crate_sentences(body), "{body:?}");
        }
    }

    /// Text dense in what the rules look at.
    fn texty() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just(". ".to_string()),
            Just(".".to_string()),
            Just("!".to_string()),
            Just("?".to_string()),
            Just(" ".to_string()),
            Just("  ".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("\r\n".to_string()),
            Just("\t".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just(",".to_string()),
            Just(":".to_string()),
            Just("-".to_string()),
            Just("_".to_string()),
            Just("$".to_string()),
            Just("“".to_string()),
            Just("”".to_string()),
            Just("’".to_string()),
            Just("…".to_string()),
            Just("\u{301}".to_string()),
            Just("\u{345}".to_string()),
            Just("\u{ad}".to_string()),
            Just("\u{85}".to_string()),
            Just("\u{2029}".to_string()),
            Just("\u{a0}".to_string()),
            Just("。".to_string()),
            Just("日本".to_string()),
            Just("Mr".to_string()),
            Just("U.S.".to_string()),
            "[0-9]{1,4}",
            "[a-zé]{1,7}",
            "[A-ZÉ][a-z]{0,6}",
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]
        #[test]
        fn counts_are_the_crates(body in texty()) {
            prop_assert_eq!(word_count(&body), crate_words(&body));
            prop_assert_eq!(sentence_count(&body), crate_sentences(&body));
        }
    }
}

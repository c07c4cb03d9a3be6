//! Tokenisation for near-duplicate and reuse detection: one pass over the text
//! that yields hashed lower-case words (the same words [`super::normalise`]
//! keeps), the sentence boundaries between them, and the numbers the text
//! states. Everything downstream (shingles, sentences, the template rule) is
//! built from these hashes, so no word is ever copied into a `String` twice.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
use xxhash_rust::xxh3::xxh3_64;

/// A text reduced to hashes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Tokens {
    /// 64-bit hash of each lower-case word, in text order.
    pub words: Vec<u64>,
    /// Exclusive end (index into `words`) of each sentence; sentences cover
    /// `words` without gaps. Empty sentences are never recorded.
    pub sentence_ends: Vec<u32>,
    /// 32-bit hashes of the numbers the text states, sorted and distinct.
    pub numbers: Vec<u32>,
}

/// Splits `text` into hashed words, sentences and numbers.
///
/// Words are runs of letters and digits after NFKC and lower-casing, exactly as
/// in [`super::normalise`], so quotes that differ only in punctuation, brackets
/// or case give the same word sequence. A sentence ends at a line break, or at
/// `.`, `!`, `?` or `…` followed (after any closing quotes or brackets) by white
/// space: "3.2" and "U.S." do not end one, "U.S. officials" does (consistently
/// in every copy, which is all that matters for matching). A number is a run of
/// digits whose `.` and `,` separators are dropped, so "1,500" and "1500" are the
/// same figure (and a lost decimal point, "9.4" against "94", is not a new one).
pub(crate) fn tokenise(text: &str) -> Tokens {
    // NFKC is the slow part of normalising; most news text is already in NFKC
    // (all ASCII text is), and the quick check proves it without allocating.
    let text: Cow<str> = if text.is_ascii() || is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfkc().collect())
    };
    let mut tokens = Tokens {
        words: Vec::with_capacity(text.len() / 5),
        sentence_ends: Vec::with_capacity(text.len() / 100),
        numbers: Vec::new(),
    };
    let mut word = String::with_capacity(32);
    let mut number = String::with_capacity(16);
    // A `.`/`,` right after a digit: the number goes on if a digit follows.
    let mut number_separator = false;
    // A sentence terminal was seen; white space now ends the sentence.
    let mut terminal = false;

    for c in text.chars() {
        if c.is_alphanumeric() {
            terminal = false;
            if c.is_ascii_digit() {
                number.push(c);
                number_separator = false;
            } else if !number.is_empty() {
                finish_number(&mut number, &mut tokens.numbers);
                number_separator = false;
            }
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                word.extend(c.to_lowercase());
            }
            continue;
        }
        finish_word(&mut word, &mut tokens.words);
        if matches!(c, '.' | ',') && !number.is_empty() && !number_separator {
            number_separator = true;
        } else if !number.is_empty() {
            finish_number(&mut number, &mut tokens.numbers);
            number_separator = false;
        }
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                end_sentence(&mut tokens);
                terminal = false;
            }
            '.' | '!' | '?' | '\u{2026}' => terminal = true,
            c if c.is_whitespace() && terminal => {
                end_sentence(&mut tokens);
                terminal = false;
            }
            _ => {}
        }
    }
    finish_word(&mut word, &mut tokens.words);
    if !number.is_empty() {
        finish_number(&mut number, &mut tokens.numbers);
    }
    end_sentence(&mut tokens);
    tokens.numbers.sort_unstable();
    tokens.numbers.dedup();
    tokens
}

fn finish_word(word: &mut String, words: &mut Vec<u64>) {
    if !word.is_empty() {
        words.push(xxh3_64(word.as_bytes()));
        word.clear();
    }
}

fn finish_number(number: &mut String, numbers: &mut Vec<u32>) {
    // Leading zeros carry no value ("07" is 7); a lone "0" stays.
    let digits = number.trim_start_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    numbers.push(xxh3_64(digits.as_bytes()) as u32);
    number.clear();
}

fn end_sentence(tokens: &mut Tokens) {
    let end = tokens.words.len() as u32;
    if end > tokens.sentence_ends.last().copied().unwrap_or(0) {
        tokens.sentence_ends.push(end);
    }
}

/// Finaliser of MurmurHash3: spreads every input bit over the whole word, so
/// the cheap combinations below end in well-mixed hashes.
pub(crate) fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// An order-sensitive hash of a sequence of word hashes.
pub(crate) fn hash_seq(words: &[u64]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = words.len() as u64;
    for &w in words {
        h = h.wrapping_mul(K).wrapping_add(w);
    }
    fmix64(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<Vec<u64>> {
        let t = tokenise(text);
        let mut start = 0;
        t.sentence_ends
            .iter()
            .map(|&end| {
                let s = t.words[start..end as usize].to_vec();
                start = end as usize;
                s
            })
            .collect()
    }

    #[test]
    fn words_match_the_normaliser() {
        let text = "The Minister’s “plan” — ﬁnal, said: 3.2% of Ｔｏｋｙｏ!";
        let t = tokenise(text);
        let expected: Vec<u64> = super::super::normalise(text)
            .split(' ')
            .map(|w| xxh3_64(w.as_bytes()))
            .collect();
        assert_eq!(t.words, expected);
    }

    #[test]
    fn sentences_end_at_terminals_before_space_and_at_lines() {
        let s = sentences(
            "“All are going [to Astana]. Everyone agreed,” he said. Growth was 3.2 pct\nNew line",
        );
        assert_eq!(s.len(), 4);
        assert_eq!(s[0].len(), 5);
        assert_eq!(s[1].len(), 4);
        assert_eq!(s[2].len(), 5, "3.2 does not end a sentence");
    }

    #[test]
    fn punctuation_and_brackets_do_not_change_a_sentence() {
        let a = sentences("“All the rebel groups are going [to Astana]. Everyone has agreed,”");
        let b = sentences("\"All the rebel groups are going (to Astana). Everyone has agreed,\"");
        assert_eq!(a, b);
    }

    #[test]
    fn numbers_ignore_separators_and_leading_zeros() {
        let a = tokenise("It rose 3.2 pct to 1,500 dlrs on 07 May.").numbers;
        let b = tokenise("It rose 32 pct to 1500 dlrs on 7 May").numbers;
        assert_eq!(a, b);
        assert_eq!(a.len(), 3);
        assert_ne!(
            a,
            tokenise("It rose 4.1 pct to 1,500 dlrs on 7 May").numbers
        );
        assert_eq!(tokenise("In 2011.").numbers, tokenise("in 2011").numbers);
    }
}

//! Splits real text into CoNLL/Reuters-like tokens (punctuation apart, `'s`
//! and `n't` apart, `U.S.` and `1,000.5` whole, hyphenated words whole) with
//! byte offsets back into the text, and groups them into sentences.

/// One token: `[start, end)` in bytes into its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

/// Sentences longer than this are cut: features only look two tokens away,
/// and a bounded sentence bounds the decoder's working memory.
pub const MAX_SENTENCE: usize = 200;

/// Abbreviations whose trailing period belongs to the word, as in Reuters copy.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "corp", "inc", "ltd", "co", "gen", "col", "lt",
    "sgt", "rep", "sen", "gov", "prof", "rev", "jan", "feb", "aug", "sept", "sep", "oct", "nov",
    "dec", "no", "vs", "capt", "maj", "cmdr", "adm", "bros", "mt", "ft", "ave", "rd", "messrs",
];

/// Characters joining two alphanumeric runs into one token (`Anglo-Dutch`,
/// `U.S`, `1,000`, `AT&T`, `O'Neill`, `12:30`, `1/2`).
fn is_connector(c: char) -> bool {
    matches!(
        c,
        '-' | '.' | '\'' | '\u{2019}' | '&' | '/' | ',' | ':' | '@' | '_'
    )
}

/// The tokens of `text`, grouped into sentences. Linear in the text's length.
pub fn sentences(text: &str) -> Vec<Vec<Token>> {
    let mut out: Vec<Vec<Token>> = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    let mut pieces: Vec<Token> = Vec::new();
    let mut chars: Vec<(usize, char)> = Vec::new();
    let mut chunk_start: Option<usize> = None;
    let mut newline_pending = false;
    let flush_chunk = |start: usize,
                       end: usize,
                       pieces: &mut Vec<Token>,
                       chars: &mut Vec<(usize, char)>,
                       current: &mut Vec<Token>,
                       out: &mut Vec<Vec<Token>>| {
        pieces.clear();
        split_chunk(text, start, end, chars, pieces);
        for &t in pieces.iter() {
            // A sentence ends after . ! ? when the next token opens one.
            if let Some(last) = current.last() {
                let prev = &text[last.start..last.end];
                let next = &text[t.start..t.end];
                if matches!(prev, "." | "!" | "?" | "...") && opens_sentence(next) {
                    out.push(std::mem::take(current));
                }
            }
            current.push(t);
            if current.len() >= MAX_SENTENCE {
                out.push(std::mem::take(current));
            }
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = chunk_start.take() {
                flush_chunk(s, i, &mut pieces, &mut chars, &mut current, &mut out);
            }
            if c == '\n' {
                newline_pending = true;
            }
        } else {
            if newline_pending {
                // Lines are sentences: titles, datelines, table rows, paragraphs.
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                newline_pending = false;
            }
            if chunk_start.is_none() {
                chunk_start = Some(i);
            }
        }
    }
    if let Some(s) = chunk_start {
        flush_chunk(
            s,
            text.len(),
            &mut pieces,
            &mut chars,
            &mut current,
            &mut out,
        );
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn opens_sentence(next: &str) -> bool {
    next.chars().next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(c, '"' | '\'' | '\u{201c}' | '(' | '\u{2018}')
    })
}

/// Splits one whitespace-free chunk `text[start..end]` into tokens;
/// `chars` is a buffer reused across chunks.
fn split_chunk(
    text: &str,
    start: usize,
    end: usize,
    chars: &mut Vec<(usize, char)>,
    out: &mut Vec<Token>,
) {
    let chunk = &text[start..end];
    chars.clear();
    chars.extend(chunk.char_indices());
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let (off, c) = chars[i];
        if c.is_alphanumeric() {
            // A word: alphanumerics and connectors between alphanumerics.
            let mut j = i + 1;
            while j < n {
                let cj = chars[j].1;
                if cj.is_alphanumeric() {
                    j += 1;
                } else if is_connector(cj) && j + 1 < n && chars[j + 1].1.is_alphanumeric() {
                    j += 2;
                } else {
                    break;
                }
            }
            let mut word_end = if j < n { chars[j].0 } else { chunk.len() };
            // A trailing period stays on U.S., J. and known abbreviations.
            if j < n && chars[j].1 == '.' {
                let word = &chunk[off..word_end];
                let single = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
                let dotted = word.contains('.');
                let abbr =
                    word.len() <= 6 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
                if single || dotted || abbr {
                    word_end += 1;
                    j += 1;
                }
            }
            push_word(start + off, start + word_end, text, out);
            i = j;
        } else {
            // Runs of the same punctuation mark are one token ("--", "...").
            let mut j = i + 1;
            while j < n && chars[j].1 == c && matches!(c, '-' | '.' | '=' | '*' | '_') {
                j += 1;
            }
            let tok_end = if j < n { chars[j].0 } else { chunk.len() };
            out.push(Token {
                start: start + off,
                end: start + tok_end,
            });
            i = j;
        }
    }
}

/// Pushes a word, splitting off a clitic `'s`, `'re`, `'ve`, `'ll`, `'d`, `'m`
/// or `n't` as Reuters tokenisation does.
fn push_word(s: usize, e: usize, text: &str, out: &mut Vec<Token>) {
    let word = &text[s..e];
    let lower_end = |suffix_len: usize| e - suffix_len;
    for suffix in ["n't", "n\u{2019}t"] {
        if word.len() > suffix.len() + 1 && ends_with_ci(word, suffix) {
            let cut = lower_end(suffix.len());
            out.push(Token { start: s, end: cut });
            out.push(Token { start: cut, end: e });
            return;
        }
    }
    for clitic in ["s", "re", "ve", "ll", "d", "m"] {
        for apos in ["'", "\u{2019}"] {
            let suffix_len = apos.len() + clitic.len();
            if word.len() > suffix_len && word.is_char_boundary(e - s - suffix_len) {
                let tail = &word[word.len() - suffix_len..];
                if tail.starts_with(apos) && tail[apos.len()..].eq_ignore_ascii_case(clitic) {
                    let cut = e - suffix_len;
                    out.push(Token { start: s, end: cut });
                    out.push(Token { start: cut, end: e });
                    return;
                }
            }
        }
    }
    out.push(Token { start: s, end: e });
}

fn ends_with_ci(word: &str, suffix: &str) -> bool {
    word.len() >= suffix.len()
        && word.is_char_boundary(word.len() - suffix.len())
        && word[word.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<&str>> {
        sentences(text)
            .into_iter()
            .map(|s| s.into_iter().map(|t| &text[t.start..t.end]).collect())
            .collect()
    }

    #[test]
    fn splits_like_reuters() {
        assert_eq!(
            words("The U.S. team's coach didn't say \"no\", Mr. Smith said."),
            vec![vec![
                "The", "U.S.", "team", "'s", "coach", "did", "n't", "say", "\"", "no", "\"", ",",
                "Mr.", "Smith", "said", "."
            ]]
        );
        assert_eq!(
            words("Anglo-Dutch profit rose 1,250.5 million (AT&T)."),
            vec![vec![
                "Anglo-Dutch",
                "profit",
                "rose",
                "1,250.5",
                "million",
                "(",
                "AT&T",
                ")",
                "."
            ]]
        );
    }

    #[test]
    fn sentences_end_at_stops_and_lines() {
        let s = words("LONDON 1996-08-30\nHe won. Then she won -- again.");
        assert_eq!(s.len(), 3);
        assert_eq!(s[0], vec!["LONDON", "1996-08-30"]);
        assert_eq!(s[2], vec!["Then", "she", "won", "--", "again", "."]);
    }

    #[test]
    fn offsets_are_char_boundaries() {
        let text = "Zürich’s “Müller” — café.";
        for s in sentences(text) {
            for t in s {
                assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                assert!(t.start < t.end);
            }
        }
        assert_eq!(words(text)[0][0..2], ["Zürich", "’s"]);
    }
}

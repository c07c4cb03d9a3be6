//! Sentences of a body for the summary: paragraphs (blank-line separated)
//! cut at a terminal mark followed by a space and a capital, a digit or an
//! opening quote, except after an abbreviation or an initial (`Mr.`,
//! `U.S.`, `J. Smith`), which the plain Unicode rules would split.

/// One sentence: its text (trimmed) and the paragraph it is in, from 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence<'a> {
    pub text: &'a str,
    pub paragraph: usize,
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "col", "lt", "sgt", "capt", "cpl",
    "maj", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "insp", "supt", "det", "no", "vs",
    "etc", "inc", "ltd", "co", "corp", "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mt", "ft", "fig", "approx", "est", "dept", "univ",
];

/// The sentences of `body`, in order.
pub fn sentences(body: &str) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    for (paragraph, text) in body.split("\n\n").enumerate() {
        let bytes = text.as_bytes();
        let mut start = 0;
        // Terminals, spaces and straight quotes are ASCII: scanning bytes
        // finds them without decoding; a curly closing quote is the three
        // bytes of U+201D or U+2019.
        for at in memchr::memchr3_iter(b'.', b'!', b'?', bytes) {
            if at < start {
                continue;
            }
            let mut j = at + 1;
            loop {
                match bytes.get(j..j + 3) {
                    Some([0xE2, 0x80, 0x9D | 0x99]) => j += 3,
                    _ if matches!(bytes.get(j), Some(b'"' | b'\'' | b')' | b']')) => j += 1,
                    _ => break,
                }
            }
            if !matches!(bytes.get(j), Some(b' ' | b'\n' | b'\t')) {
                continue;
            }
            let mut k = j;
            while matches!(bytes.get(k), Some(b' ' | b'\n' | b'\t')) {
                k += 1;
            }
            let Some(next) = text[k..].chars().next() else {
                continue;
            };
            let opens = next.is_uppercase()
                || next.is_ascii_digit()
                || matches!(next, '"' | '“' | '‘' | '\'' | '(');
            if !opens || (bytes[at] == b'.' && abbreviation_before(&text[start..at])) {
                continue;
            }
            push(&mut out, &text[start..j], paragraph);
            start = k;
        }
        push(&mut out, &text[start..], paragraph);
    }
    out
}

fn push<'a>(out: &mut Vec<Sentence<'a>>, text: &'a str, paragraph: usize) {
    let text = text.trim();
    if !text.is_empty() {
        out.push(Sentence { text, paragraph });
    }
}

/// Whether the word before a full stop is an abbreviation or an initial.
fn abbreviation_before(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let first = letters.next();
    let upper = first.is_some_and(char::is_uppercase) && letters.clone().all(char::is_uppercase);
    if upper && (letters.next().is_none() || word.contains('.')) {
        return true; // an initial ("J. Smith", the end of "U.S.") or "U.N"
    }
    word.len() <= 6 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<&str> {
        sentences(body).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn sentences_end_at_terminals_not_at_abbreviations() {
        assert_eq!(
            texts("Mr. Smith met Dr. Jones in the U.S. capital. They spoke for an hour."),
            vec![
                "Mr. Smith met Dr. Jones in the U.S. capital.",
                "They spoke for an hour."
            ]
        );
        assert_eq!(
            texts("\"We will go,\" he said. \"It is time.\" The talks begin on 23 Jan."),
            vec![
                "\"We will go,\" he said.",
                "\"It is time.\"",
                "The talks begin on 23 Jan."
            ]
        );
    }

    #[test]
    fn paragraphs_always_end_a_sentence() {
        let found = sentences("A heading\n\nThe first paragraph. The second sentence");
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].paragraph, 0);
        assert_eq!(found[2].text, "The second sentence");
        assert_eq!(found[2].paragraph, 1);
    }

    #[test]
    fn a_lower_case_word_after_a_stop_does_not_start_a_sentence() {
        assert_eq!(
            texts("It rose 3.5 per cent. e.g. this"),
            vec!["It rose 3.5 per cent. e.g. this"]
        );
    }
}

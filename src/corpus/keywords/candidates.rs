//! Keyword candidates: the content words of an article and the phrases they
//! make (runs of up to three content words between stop words, reporting
//! words, numbers and punctuation), counted, with the form to show.
//!
//! One scan of title and body writes each content word twice, in lower case
//! and as written, into two buffers where the words of a run follow each
//! other with one space between: a candidate is a span of each, so its key
//! is one slice to hash and its shown form is built only when asked for.

use std::borrow::Cow;
use std::ops::{Deref, Range};

use hashbrown::HashMap;
use xxhash_rust::xxh3::xxh3_64;

use crate::lexicon::is_empty_word;

/// Longest phrase kept, in words.
pub const MAX_WORDS: usize = 3;

/// One candidate term of an article; its text is in the [`Candidates`] it
/// came from ([`Candidates::lower`], [`Candidates::term`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Hash of the lower-case words joined by single spaces: the key of its
    /// document frequency (a one-word key is the stories' word key too).
    pub key: u64,
    pub words: usize,
    /// Occurrences in the body, plus two for each in the title.
    pub tf: f32,
    /// Occurrences, title and body alike.
    pub count: u32,
    pub in_title: bool,
    /// The body writes it as a name: always capitalised, once at least
    /// where a sentence does not start.
    pub name: bool,
    /// Its lower-case words (what `key` hashes), in `Candidates::lower`.
    lower: Range<u32>,
    /// As written, when the body never writes it in lower case and
    /// capitalises it once at least where no sentence starts (the first
    /// such occurrence, title or body), in `Candidates::written`.
    written: Option<Range<u32>>,
}

/// The candidates of an article, in the order the text first uses them,
/// with the text they point into.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    list: Vec<Candidate>,
    /// Where each key is in `list`.
    index: HashMap<u64, usize>,
    /// The content words in lower case (curly apostrophes straightened for
    /// English), a run's words one space apart.
    lower: String,
    /// The same words as written.
    written: String,
}

impl Deref for Candidates {
    type Target = [Candidate];

    fn deref(&self) -> &[Candidate] {
        &self.list
    }
}

impl Candidates {
    /// The lower-case words of `c` joined by single spaces.
    pub fn lower(&self, c: &Candidate) -> &str {
        span(&self.lower, &c.lower)
    }

    /// The term as the article writes it: as written when the body never
    /// writes it in lower case; else a phrase shows each of its words that
    /// is so (`Assad regime`); else in lower case.
    pub fn term(&self, c: &Candidate) -> Cow<'_, str> {
        if let Some(written) = &c.written {
            return Cow::Borrowed(span(&self.written, written));
        }
        let lower = self.lower(c);
        if c.words == 1 {
            return Cow::Borrowed(lower);
        }
        let shown = |word: &str| {
            let i = self.index.get(&xxh3_64(word.as_bytes()))?;
            Some(span(&self.written, self.list[*i].written.as_ref()?))
        };
        if !lower.split(' ').any(|w| shown(w).is_some()) {
            return Cow::Borrowed(lower);
        }
        let mut term = String::with_capacity(lower.len());
        for (i, word) in lower.split(' ').enumerate() {
            if i > 0 {
                term.push(' ');
            }
            term.push_str(shown(word).unwrap_or(word));
        }
        Cow::Owned(term)
    }
}

fn span<'a>(text: &'a str, range: &Range<u32>) -> &'a str {
    // The spans are cut at the scan's own word boundaries.
    &text[range.start as usize..range.end as usize]
}

/// A candidate while the scan counts it, with what the scan learns of its
/// case in the body only (titles capitalise every word).
struct Counting {
    candidate: Candidate,
    lower_seen: bool,
    /// The body capitalises it where no sentence starts.
    name_seen: bool,
}

/// A content word of the run the scan is in: spans of its two forms.
struct Word {
    lower: Range<u32>,
    written: Range<u32>,
    /// Written with a capital somewhere: `Syria`, `al-Islam`, `iPhone`.
    upper: bool,
    /// The first word of a sentence (its capital says nothing).
    opener: bool,
}

/// The scan of one article: the buffers, the run it is in, and the
/// candidates so far (`index` maps a key to its place in `found`).
struct Scan {
    english: bool,
    lower: String,
    written: String,
    run: Vec<Word>,
    found: Vec<Counting>,
    index: HashMap<u64, usize>,
}

/// The candidates of an article. With `english` false only single words of
/// four letters or more are taken: without a stop list for the language, the
/// corpus frequencies alone must tell the function words apart.
pub fn candidates(title: &str, body: &str, english: bool) -> Candidates {
    let size = title.len() + body.len();
    let mut scan = Scan {
        english,
        lower: String::with_capacity(size),
        written: String::with_capacity(size),
        run: Vec::new(),
        found: Vec::with_capacity(size / 8),
        index: HashMap::with_capacity(size / 8),
    };
    scan.text(title, true);
    scan.text(body, false);
    let list: Vec<Candidate> = scan
        .found
        .into_iter()
        .map(|f| {
            let mut c = f.candidate;
            c.name = f.name_seen && !f.lower_seen;
            if f.lower_seen {
                c.written = None;
            }
            c
        })
        .collect();
    Candidates {
        list,
        index: scan.index,
        lower: scan.lower,
        written: scan.written,
    }
}

impl Scan {
    /// Counts the candidates of `text`: runs of content words split at
    /// punctuation, numbers, function words and the filler words of news
    /// prose.
    fn text(&mut self, text: &str, in_title: bool) {
        let longest = if self.english { MAX_WORDS } else { 1 };
        let mut sentence_start = true;
        let mut at = 0;
        self.run.clear();
        while at < text.len() {
            // Everything up to the next word character separates; anything
            // but spaces between two words ends the run.
            let mut ends_run = false;
            while let Some(c) = char_at(text, at) {
                if c.is_alphanumeric() {
                    break;
                }
                ends_run |= c == '\n' || !c.is_whitespace();
                sentence_start |= matches!(c, '.' | '!' | '?' | ':' | '"' | '\u{201c}' | '\n');
                at += c.len_utf8();
            }
            if ends_run {
                self.run.clear();
            }
            if at == text.len() {
                break;
            }
            let end = at + word_end(&text[at..]);
            let word = &text[at..end];
            at = end;
            let word = word
                .strip_suffix("'s")
                .or(word.strip_suffix("\u{2019}s"))
                .unwrap_or(word);
            if self.push(word, sentence_start) {
                if self.english || word.chars().count() >= 4 {
                    for len in 1..=longest.min(self.run.len()) {
                        self.count(len, in_title);
                    }
                }
            } else {
                self.run.clear();
            }
            sentence_start = false;
        }
    }

    /// Adds `word` to the run when it is a content word (else says not).
    fn push(&mut self, word: &str, opener: bool) -> bool {
        let (alphabetic, upper) = if word.is_ascii() {
            let bytes = word.as_bytes();
            (
                bytes.iter().any(u8::is_ascii_alphabetic),
                bytes.iter().any(u8::is_ascii_uppercase),
            )
        } else {
            (
                word.chars().any(char::is_alphabetic),
                word.chars().any(char::is_uppercase),
            )
        };
        let mut chars = word.chars();
        let plausible = alphabetic
            && !chars.next().is_some_and(|c| c.is_ascii_digit())
            && chars.next().is_some();
        if !plausible {
            return false;
        }
        let before = self.lower.len();
        if !self.run.is_empty() {
            self.lower.push(' ');
        }
        let start = self.lower.len();
        if word.is_ascii() {
            self.lower.push_str(word);
            self.lower[start..].make_ascii_lowercase();
        } else {
            for c in word.chars() {
                match c {
                    c if c.is_ascii() => self.lower.push(c.to_ascii_lowercase()),
                    // The lists have straight apostrophes.
                    '\u{2019}' if self.english => self.lower.push('\''),
                    c => self.lower.extend(c.to_lowercase()),
                }
            }
        }
        if self.english && is_empty_word(&self.lower[start..]) {
            self.lower.truncate(before);
            return false;
        }
        if !self.run.is_empty() {
            self.written.push(' ');
        }
        let written = self.written.len();
        self.written.push_str(word);
        self.run.push(Word {
            lower: start as u32..self.lower.len() as u32,
            written: written as u32..self.written.len() as u32,
            upper,
            opener,
        });
        true
    }

    /// Counts the phrase of the last `len` words of the run.
    fn count(&mut self, len: usize, in_title: bool) {
        let words = &self.run[self.run.len() - len..];
        let (first, last) = (&words[0], &words[len - 1]);
        let lower = first.lower.start..last.lower.end;
        let key = xxh3_64(span(&self.lower, &lower).as_bytes());
        let found = &mut self.found;
        let i = *self.index.entry(key).or_insert_with(|| {
            found.push(Counting {
                candidate: Candidate {
                    key,
                    words: len,
                    tf: 0.0,
                    count: 0,
                    in_title: false,
                    name: false,
                    lower,
                    written: None,
                },
                lower_seen: false,
                name_seen: false,
            });
            found.len() - 1
        });
        let f = &mut found[i];
        f.candidate.tf += if in_title { 2.0 } else { 1.0 };
        f.candidate.count += 1;
        f.candidate.in_title |= in_title;
        if !words.iter().all(|w| w.upper) {
            // A title in title case says nothing of a word's case.
            f.lower_seen |= !in_title;
        } else if !first.opener {
            f.name_seen |= !in_title;
            if f.candidate.written.is_none() {
                f.candidate.written = Some(first.written.start..last.written.end);
            }
        }
    }
}

/// The character at byte `at` of `text` (none at its end).
fn char_at(text: &str, at: usize) -> Option<char> {
    match *text.as_bytes().get(at)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => text.get(at..)?.chars().next(),
    }
}

/// The end of the word at the start of `text`: letters and digits, with
/// single hyphens and apostrophes inside (`al-Islam`, `O'Brien`).
fn word_end(text: &str) -> usize {
    // ASCII a byte at a time; from the first other character on, a
    // character at a time (the scan is the same from any point in a word).
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        match bytes.get(i) {
            Some(b) if b.is_ascii_alphanumeric() => i += 1,
            Some(b'-' | b'\'') => match bytes.get(i + 1) {
                Some(n) if n.is_ascii_alphanumeric() => i += 2,
                Some(n) if !n.is_ascii() => return i + word_end_chars(&text[i..]),
                _ => return i,
            },
            Some(b) if !b.is_ascii() => return i + word_end_chars(&text[i..]),
            _ => return i,
        }
    }
}

/// [`word_end`] for any text, a character at a time.
fn word_end_chars(text: &str) -> usize {
    let mut end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            end = i + c.len_utf8();
        } else if matches!(c, '-' | '\'' | '\u{2019}')
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
        {
            continue;
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(title: &str, body: &str) -> Vec<(String, f32)> {
        let found = candidates(title, body, true);
        let mut c: Vec<(String, f32)> = found
            .iter()
            .map(|c| (found.term(c).to_string(), c.tf))
            .collect();
        c.sort_by(|a, b| a.0.cmp(&b.0));
        c
    }

    #[test]
    fn phrases_run_between_function_words_and_punctuation() {
        let got = terms(
            "",
            "The peace talks in Astana ended, officials said. Peace talks resume.",
        );
        let names: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            names,
            [
                "Astana",
                "Astana ended",
                "ended",
                "officials",
                "peace",
                "peace talks",
                "peace talks resume",
                "resume",
                "talks",
                "talks resume"
            ]
        );
        assert_eq!(got.iter().find(|t| t.0 == "peace talks").unwrap().1, 2.0);
    }

    #[test]
    fn names_keep_their_case_and_hyphens_and_possessives_are_handled() {
        let got = terms(
            "Jaish al-Islam joins talks",
            "Rebels of Jaish al-Islam's leadership met. The group's leader spoke.",
        );
        let find = |t: &str| got.iter().find(|g| g.0 == t).map(|g| g.1);
        assert_eq!(find("Jaish al-Islam"), Some(2.0 + 1.0));
        assert_eq!(find("group"), Some(1.0));
        assert_eq!(find("rebels"), Some(1.0), "a sentence opener is not a name");
        assert!(find("said").is_none() && find("the").is_none());
    }

    #[test]
    fn words_end_alike_a_byte_or_a_character_at_a_time() {
        for text in [
            "al-Islam's leader",
            "O'Brien-Smith, said",
            "x-\u{e9}t\u{e9} rest",
            "caf\u{e9}-bar\u{2019}s",
            "rock\u{2019}n'roll--",
            "end-",
            "a'",
            "\u{e9}l\u{e8}ve-2 x",
        ] {
            assert_eq!(word_end(text), word_end_chars(text), "{text}");
        }
    }

    #[test]
    fn numbers_break_runs_and_other_languages_take_single_words() {
        let got = terms("", "Talks on 23 January drew 12 delegations");
        assert!(
            got.iter()
                .all(|(t, _)| !t.contains("23") && !t.contains("talks on"))
        );
        let de = candidates("", "Die Regierung hat die Verhandlungen begonnen", false);
        assert!(
            de.iter()
                .all(|c| c.words == 1 && de.lower(c).chars().count() >= 4)
        );
    }
}

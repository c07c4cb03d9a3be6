//! Keyword candidates: the content words of an article and the phrases they
//! make (runs of up to three content words between stop words, reporting
//! words, numbers and punctuation), counted, with the form to show.

use hashbrown::HashMap;
use xxhash_rust::xxh3::xxh3_64;

use crate::lexicon::is_empty_word;

/// Longest phrase kept, in words.
pub const MAX_WORDS: usize = 3;

/// One candidate term of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Hash of the lower-case words joined by single spaces: the key of its
    /// document frequency (a one-word key is the stories' word key too).
    pub key: u64,
    /// The lower-case words joined by single spaces (what `key` hashes).
    pub lower: String,
    /// How the article writes it, when not as `lower`: as written when the
    /// body never writes it in lower case and capitalises it once at least
    /// where no sentence starts; else with each such word so (`Assad
    /// regime`).
    pub written: Option<String>,
    pub words: usize,
    /// Occurrences in the body, plus two for each in the title.
    pub tf: f32,
    /// Occurrences, title and body alike.
    pub count: u32,
    pub in_title: bool,
    /// The body writes it as a name: always capitalised, once at least
    /// where a sentence does not start.
    pub name: bool,
}

impl Candidate {
    /// The term as the article writes it.
    pub fn term(&self) -> &str {
        self.written.as_deref().unwrap_or(&self.lower)
    }
}

/// A word of the text as the candidate scan sees it.
struct Word<'a> {
    text: &'a str,
    /// Where its lower-case form lies in the scan's buffer, in which the
    /// words of a run follow each other with one space between: so a
    /// phrase's key is one slice of it.
    lower: std::ops::Range<usize>,
    /// Written with a capital somewhere: `Syria`, `al-Islam`, `iPhone`.
    upper: bool,
    /// The first word of a sentence (its capital says nothing).
    opener: bool,
}

/// What the scan learns of a candidate's case, in the body only (titles
/// capitalise every word).
#[derive(Default)]
struct Case {
    lower_seen: bool,
    /// The body capitalises it where no sentence starts.
    name_seen: bool,
    /// The first capitalised occurrence that opens no sentence, as written
    /// (in the title or the body).
    written: Option<String>,
}

/// The candidates of an article. With `english` false only single words of
/// four letters or more are taken: without a stop list for the language, the
/// corpus frequencies alone must tell the function words apart.
pub fn candidates(title: &str, body: &str, english: bool) -> Vec<Candidate> {
    let mut found: HashMap<u64, (Candidate, Case)> = HashMap::new();
    let longest = if english { MAX_WORDS } else { 1 };
    let mut lower = String::new();
    for (text, weight, in_title) in [(title, 2.0, true), (body, 1.0, false)] {
        for run in runs(text, english, &mut lower) {
            for start in 0..run.len() {
                for len in 1..=longest.min(run.len() - start) {
                    let words = &run[start..start + len];
                    if !english && words[0].text.chars().count() < 4 {
                        continue;
                    }
                    let key = &lower[words[0].lower.start..words[len - 1].lower.end];
                    let hash = xxh3_64(key.as_bytes());
                    let (entry, case) = found.entry(hash).or_insert_with(|| {
                        let candidate = Candidate {
                            key: hash,
                            lower: key.to_string(),
                            written: None,
                            words: len,
                            tf: 0.0,
                            count: 0,
                            in_title: false,
                            name: false,
                        };
                        (candidate, Case::default())
                    });
                    entry.tf += weight;
                    entry.count += 1;
                    entry.in_title |= in_title;
                    let upper = words.iter().all(|w| w.upper);
                    if !upper {
                        // A title in title case says nothing of a word's case.
                        case.lower_seen |= !in_title;
                    } else if !words[0].opener {
                        case.name_seen |= !in_title;
                        if case.written.is_none() {
                            case.written = Some(join(words));
                        }
                    }
                }
            }
        }
    }
    for (c, case) in found.values_mut() {
        c.name = case.name_seen && !case.lower_seen;
    }
    // What is never written in lower case shows as written; a phrase that is
    // not shows each word so (`Assad regime`). Most terms are plain lower
    // case and keep the key's spelling as it is.
    let shown = |word: &str| written(&found.get(&xxh3_64(word.as_bytes()))?.1);
    let display: Vec<(u64, String)> = found
        .values()
        .filter_map(|(c, case)| {
            if let Some(w) = written(case) {
                return Some((c.key, w.to_string()));
            }
            if c.words == 1 || !c.lower.split(' ').any(|w| shown(w).is_some()) {
                return None;
            }
            let words: Vec<&str> = c.lower.split(' ').map(|w| shown(w).unwrap_or(w)).collect();
            Some((c.key, words.join(" ")))
        })
        .collect();
    for (key, term) in display {
        if let Some((c, _)) = found.get_mut(&key) {
            c.written = Some(term);
        }
    }
    let mut out: Vec<Candidate> = found.into_values().map(|(c, _)| c).collect();
    // The map's order is not the text's: sort so every run picks the same.
    out.sort_unstable_by_key(|c| c.key);
    out
}

fn join(words: &[Word]) -> String {
    let mut s = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(w.text);
    }
    s
}

/// Runs of content words: split at punctuation, numbers, function words and
/// the filler words of news prose.
/// The lower-case forms go to `lower`, which holds the last text's words
/// only (it is cleared first).
fn runs<'a>(text: &'a str, english: bool, lower: &mut String) -> Vec<Vec<Word<'a>>> {
    let mut runs = Vec::new();
    let mut run: Vec<Word> = Vec::new();
    let mut sentence_start = true;
    let mut word_lower = String::new();
    lower.clear();
    let mut rest = text;
    while !rest.is_empty() {
        // Everything up to the next word character separates; anything but
        // spaces between two words ends the run.
        let gap = rest
            .find(|c: char| c.is_alphanumeric())
            .unwrap_or(rest.len());
        let (between, tail) = rest.split_at(gap);
        let ends_run = between.contains('\n') || !between.chars().all(char::is_whitespace);
        if ends_run && !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
        if between.contains(['.', '!', '?', ':', '"', '\u{201c}', '\n']) {
            sentence_start = true;
        }
        if tail.is_empty() {
            break;
        }
        let end = word_end(tail);
        let (word, after) = tail.split_at(end);
        rest = after;
        let word = word
            .strip_suffix("'s")
            .or(word.strip_suffix("\u{2019}s"))
            .unwrap_or(word);
        word_lower.clear();
        word_lower.extend(word.chars().flat_map(char::to_lowercase));
        let content = word.chars().any(char::is_alphabetic)
            && !word.chars().next().is_some_and(|c| c.is_ascii_digit())
            && word.chars().count() >= 2
            && !(english && empty_word(&mut word_lower));
        if content {
            if !run.is_empty() {
                lower.push(' ');
            }
            let start = lower.len();
            lower.push_str(&word_lower);
            run.push(Word {
                text: word,
                lower: start..lower.len(),
                upper: word.chars().any(char::is_uppercase),
                opener: sentence_start,
            });
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
        sentence_start = false;
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// How a term shows when the body never writes it in lower case.
fn written(case: &Case) -> Option<&str> {
    case.written.as_deref().filter(|_| !case.lower_seen)
}

/// A stop or filler word, given in lower case (a curly apostrophe is
/// straightened in place for the lists).
fn empty_word(lower: &mut String) -> bool {
    if lower.contains('\u{2019}') {
        *lower = lower.replace('\u{2019}', "'");
    }
    is_empty_word(lower)
}

/// The end of the word at the start of `text`: letters and digits, with
/// single hyphens and apostrophes inside (`al-Islam`, `O'Brien`).
fn word_end(text: &str) -> usize {
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
        let mut c: Vec<(String, f32)> = candidates(title, body, true)
            .into_iter()
            .map(|c| (c.term().to_string(), c.tf))
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
    fn numbers_break_runs_and_other_languages_take_single_words() {
        let got = terms("", "Talks on 23 January drew 12 delegations");
        assert!(
            got.iter()
                .all(|(t, _)| !t.contains("23") && !t.contains("talks on"))
        );
        let de = candidates("", "Die Regierung hat die Verhandlungen begonnen", false);
        assert!(
            de.iter()
                .all(|c| c.words == 1 && c.lower.chars().count() >= 4)
        );
    }
}

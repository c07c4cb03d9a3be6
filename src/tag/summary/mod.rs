//! Summary: up to three sentences of the body, extractive, in body order,
//! chosen greedily for how much of the article's content they cover (each
//! content word weighs its frequency in title and body; once a word is
//! covered it counts a fifth), with a mild preference for the lead. Captions,
//! datelines, credits, boilerplate, headings, fragments and quotes are never
//! candidates.

pub mod sentences;

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use xxhash_rust::xxh3::xxh3_64;

use crate::lexicon::is_empty_word;
use crate::record::ArticleRecord;
use sentences::sentences;

/// At most this many sentences.
const SENTENCES: usize = 3;
/// A candidate has this many words at least, and at most `MAX_WORDS`.
const MIN_WORDS: usize = 6;
const MAX_WORDS: usize = 70;
/// What a word already covered by a chosen sentence still counts.
const COVERED: f64 = 0.2;

/// Lines of page furniture, never a sentence of the story.
const BOILERPLATE: &[&str] = &[
    "click here",
    "sign up",
    "subscribe",
    "all rights reserved",
    "copyright",
    "©",
    "follow us",
    "newsletter",
    "http://",
    "https://",
    "www.",
    "read more",
    "getty images",
    "photograph:",
    "afp photo",
    "image caption",
    "media playback",
];

static FURNITURE: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(BOILERPLATE)
        .expect("a fixed list of plain strings builds")
});

/// The summary of a record whose body, quotes and captions are filled in.
pub fn summary(record: &ArticleRecord) -> Vec<String> {
    let furniture = Furniture {
        title: &record.title,
        captions: record.captions.iter().map(|c| c.text.as_str()).collect(),
        credit: record.credit.as_deref(),
        dateline: record.dateline.as_ref().map(|d| d.text.as_str()),
        headings: record.headings.iter().map(String::as_str).collect(),
    };
    choose(&record.body, &furniture)
}

/// What is around the body that the summary must not repeat.
#[derive(Debug, Default)]
pub struct Furniture<'a> {
    pub title: &'a str,
    pub captions: Vec<&'a str>,
    pub credit: Option<&'a str>,
    pub dateline: Option<&'a str>,
    pub headings: Vec<&'a str>,
}

/// Up to three sentences of `body`, in body order.
pub fn choose(body: &str, furniture: &Furniture) -> Vec<String> {
    let all = sentences(body);
    // The content words of every sentence, one after the other (`ends[i]`
    // is where sentence i's end), then the title's.
    let mut lower = String::new();
    let mut words: Vec<u64> = Vec::with_capacity(body.len() / 6);
    let mut ends: Vec<usize> = Vec::with_capacity(all.len());
    let shapes: Vec<Shape> = all
        .iter()
        .map(|s| {
            let shape = scan(s.text, &mut lower, &mut words);
            ends.push(words.len());
            shape
        })
        .collect();
    let in_body = words.len();
    scan(furniture.title, &mut lower, &mut words);
    let sentence = |i: usize| (if i == 0 { 0 } else { ends[i - 1] })..ends[i];
    // Each distinct word by its rank among the article's word hashes (so
    // that ascending ranks are ascending hashes), its weight and whether a
    // chosen sentence covers it, by rank.
    let mut vocabulary = words.clone();
    vocabulary.sort_unstable();
    vocabulary.dedup();
    let rank = |w: &u64| vocabulary.binary_search(w).unwrap_or_default();
    let ranks: Vec<usize> = words.iter().map(rank).collect();
    let mut weight = vec![0.0f64; vocabulary.len()];
    for &r in &ranks[in_body..] {
        weight[r] += 2.0;
    }
    for &r in &ranks[..in_body] {
        weight[r] += 1.0;
    }
    // Candidates: (index, its distinct words' ranks in `distinct`, the share
    // of it inside quotation marks).
    let mut distinct: Vec<usize> = Vec::with_capacity(in_body);
    let candidates: Vec<(usize, std::ops::Range<usize>, f64)> = (0..all.len())
        .filter_map(|i| {
            let shape = &shapes[i];
            let content = !sentence(i).is_empty();
            (content && eligible(all[i].text, shape, furniture)).then_some((i, shape.quoted))
        })
        .map(|(i, quoted)| {
            let start = distinct.len();
            distinct.extend_from_slice(&ranks[sentence(i)]);
            distinct[start..].sort_unstable();
            let mut kept = start;
            for j in start..distinct.len() {
                if j == start || distinct[j] != distinct[kept - 1] {
                    distinct[kept] = distinct[j];
                    kept += 1;
                }
            }
            distinct.truncate(kept);
            (i, start..kept, quoted)
        })
        .collect();
    let mut covered = vec![false; vocabulary.len()];
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < SENTENCES {
        let best = candidates
            .iter()
            .filter(|(i, _, _)| !chosen.contains(i))
            .map(|(i, own, quoted)| {
                let sum: f64 = distinct[own.clone()]
                    .iter()
                    .map(|&r| {
                        if covered[r] {
                            weight[r] * COVERED
                        } else {
                            weight[r]
                        }
                    })
                    .sum();
                (*i, gain(sum, sentence(*i).len(), *quoted, *i))
            })
            .filter(|&(_, g)| g > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((i, _)) = best else { break };
        for &r in &ranks[sentence(i)] {
            covered[r] = true;
        }
        chosen.push(i);
    }
    chosen.sort_unstable();
    chosen
        .into_iter()
        .map(|i| all[i].text.to_string())
        .collect()
}

/// What choosing a sentence adds: the weight of its distinct content words
/// (`sum`, a fifth for those already covered), over the square root of its
/// length so that long sentences do not win by length alone, less the share
/// inside quotation marks (`quoted`), and a little less the further it is
/// from the lead.
fn gain(sum: f64, words: usize, quoted: f64, index: usize) -> f64 {
    let lead = 1.0 / (1.0 + index as f64 / 10.0);
    sum / (words as f64).sqrt() * (1.0 - quoted) * lead
}

/// What one pass over a sentence learns of its form.
struct Shape {
    /// Words, as `split_whitespace` counts them.
    words: usize,
    /// Straight double quotes come in pairs, curly ones open as often as
    /// close.
    balanced: bool,
    /// The share of its characters inside quotation marks.
    quoted: f64,
}

/// Whether a sentence (of that shape) may stand in the summary at all.
fn eligible(text: &str, shape: &Shape, furniture: &Furniture) -> bool {
    if !(MIN_WORDS..=MAX_WORDS).contains(&shape.words) || text.ends_with(':') {
        return false;
    }
    // A fragment starts mid-sentence; a sentence starts with a capital, a
    // digit or an opening quote.
    let Some(first) = text.chars().next() else {
        return false;
    };
    if !(first.is_uppercase() || first.is_ascii_digit() || matches!(first, '"' | '“' | '‘')) {
        return false;
    }
    if !shape.balanced || shape.quoted > 0.6 {
        return false;
    }
    if FURNITURE.is_match(text) {
        return false;
    }
    let same = |other: &str| {
        let other = other.trim();
        other.len() >= 20
            && ((text.len() >= other.len() && text.contains(other))
                || (other.len() >= text.len() && other.contains(text)))
    };
    if same(furniture.title)
        || furniture.captions.iter().any(|c| same(c))
        || furniture.credit.is_some_and(same)
        || furniture.headings.iter().any(|h| same(h))
    {
        return false;
    }
    // A dateline line ("ASTANA, Kazakhstan (AP) —") with little after it.
    if let Some(dateline) = furniture.dateline
        && let Some(rest) = text.strip_prefix(dateline.trim())
        && rest.split_whitespace().count() < MIN_WORDS
    {
        return false;
    }
    true
}

/// Adds to `out` the hashes of the content words of `text` ([`word`]) and
/// tells its shape, in one pass; `lower` is a buffer reused across calls.
fn scan(text: &str, lower: &mut String, out: &mut Vec<u64>) -> Shape {
    let (mut words, mut in_word) = (0, false);
    let (mut straight, mut opening, mut closing) = (0usize, 0usize, 0usize);
    let (mut inside, mut quoted, mut total) = (false, 0usize, 0usize);
    // A word is letters, digits and apostrophes, up to anything else.
    let (mut at, mut start) = (0, 0);
    while let Some((c, len)) = char_at(text, at) {
        let (space, word_char) = match c {
            c if c.is_ascii() => (
                c.is_ascii_whitespace() || c == '\u{b}',
                c.is_ascii_alphanumeric() || c == '\'',
            ),
            c => (c.is_whitespace(), c.is_alphanumeric() || c == '’'),
        };
        if !word_char {
            if start < at {
                word(&text[start..at], lower, out);
            }
            start = at + len;
        }
        at += len;
        words += usize::from(!space && !in_word);
        in_word = !space;
        match c {
            '"' => {
                straight += 1;
                inside = !inside;
            }
            '“' => {
                opening += 1;
                inside = true;
            }
            '”' => {
                closing += 1;
                inside = false;
            }
            _ => {
                total += 1;
                quoted += usize::from(inside);
            }
        }
    }
    if start < text.len() {
        word(&text[start..], lower, out);
    }
    Shape {
        words,
        balanced: straight % 2 == 0 && opening == closing,
        quoted: if total == 0 {
            0.0
        } else {
            quoted as f64 / total as f64
        },
    }
}

/// Adds to `out` the hash of `word` in lower case when it has three letters
/// or more and is not a stop or filler word (apostrophes around it do not
/// count).
fn word(word: &str, lower: &mut String, out: &mut Vec<u64>) {
    let word = word.trim_matches(|c| c == '\'' || c == '’');
    if word.len() < 3 {
        return;
    }
    lower.clear();
    if word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_alphabetic()) {
            return;
        }
        lower.push_str(word);
        lower.make_ascii_lowercase();
    } else {
        if !word.chars().any(char::is_alphabetic) {
            return;
        }
        for c in word.chars() {
            match c {
                '’' => lower.push('\''),
                c if c.is_ascii() => lower.push(c.to_ascii_lowercase()),
                c => lower.extend(c.to_lowercase()),
            }
        }
        if lower.chars().count() < 3 {
            return;
        }
    }
    if !is_empty_word(lower) {
        out.push(xxh3_64(lower.as_bytes()));
    }
}

/// The character at byte `at` of `text` and its length (none at the end).
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    match *text.as_bytes().get(at)? {
        b if b.is_ascii() => Some((char::from(b), 1)),
        _ => text.get(at..)?.chars().next().map(|c| (c, c.len_utf8())),
    }
}

#[cfg(test)]
mod tests;

//! Features of the entity recogniser: per-token facts computed once (hashes of
//! the word, its lowercase, shape, affixes, gazetteer matches), then hashed
//! feature buckets for the first pass (local window) and second pass (plus the
//! document-level majority labels of Krishnan & Manning 2006).

use hashbrown::HashMap;
use xxhash_rust::xxh3::xxh3_64;

use super::model::{LABELS, kind_of};

/// log2 of the number of weight rows per pass.
pub const BITS: u32 = 18;
/// Weight rows per pass: features are hashed into this many buckets.
pub const BUCKETS: usize = 1 << BITS;

/// Gazetteer entries are at most this many tokens long.
const GAZ_MAX_TOKENS: usize = 4;
/// Tokens longer than this (in bytes) are never gazetteer entries.
const GAZ_MAX_BYTES: usize = 64;

const GAZ_KINDS: [&str; 7] = [
    "country",
    "city",
    "region",
    "demonym",
    "given",
    "orgsuffix",
    "orgword",
];

/// The entry bit saying that longer entries begin with this one's tokens
/// (kinds take the bits below it).
const LONGER: u8 = 1 << 7;
const _: () = assert!(GAZ_KINDS.len() < 8);

/// Names by kind (countries, cities, regions, demonyms, given names,
/// organisation words), matched case-insensitively over up to four tokens.
pub struct Gazetteer {
    entries: HashMap<String, u8>,
}

impl Gazetteer {
    /// Parses `kind<TAB>name` lines (`#` starts a comment line).
    pub fn parse(tsv: &str) -> Gazetteer {
        let mut entries: HashMap<String, u8> = HashMap::new();
        let mut key = String::new();
        for line in tsv.lines() {
            if line.starts_with('#') {
                continue;
            }
            let Some((kind, name)) = line.split_once('\t') else {
                continue;
            };
            let Some(k) = GAZ_KINDS.iter().position(|g| *g == kind) else {
                continue;
            };
            // Entries are tokenised the way text is, so they match token runs.
            key.clear();
            let mut count = 0;
            for sentence in super::tokenize::sentences(name) {
                for t in sentence {
                    if !key.is_empty() {
                        key.push(' ');
                    }
                    normalise_lower(&name[t.start..t.end], &mut key);
                    count += 1;
                }
            }
            if count == 0 || count > GAZ_MAX_TOKENS {
                continue;
            }
            *entries.entry(key.clone()).or_insert(0) |= 1 << k;
            // Each shorter run of the entry's first tokens is marked as the
            // start of a longer one, so that matching stops where no entry
            // goes on.
            for (i, _) in key.match_indices(' ') {
                *entries.entry(key[..i].to_string()).or_insert(0) |= LONGER;
            }
        }
        Gazetteer { entries }
    }

    /// Marks each token of a sentence with the gazetteer kinds it starts
    /// (bit 2k) or continues (bit 2k+1). Bounded: at most four lookups per token, and one for most.
    fn mark(&self, lowers: &[&str], out: &mut [u16]) {
        let mut key = String::new();
        for i in 0..lowers.len() {
            key.clear();
            for n in 0..GAZ_MAX_TOKENS {
                let Some(w) = lowers.get(i + n) else { break };
                if w.len() > GAZ_MAX_BYTES {
                    break;
                }
                if n > 0 {
                    key.push(' ');
                }
                key.push_str(w);
                let Some(&kinds) = self.entries.get(key.as_str()) else {
                    break;
                };
                for k in 0..GAZ_KINDS.len() {
                    if kinds & (1 << k) != 0 {
                        out[i] |= 1 << (2 * k);
                        for slot in out.iter_mut().skip(i + 1).take(n) {
                            *slot |= 1 << (2 * k + 1);
                        }
                    }
                }
                if kinds & LONGER == 0 {
                    break;
                }
            }
        }
    }
}

/// Lowercases `word` into `out`, with typographic quotes and dashes mapped
/// to the ASCII ones Reuters copy uses.
fn normalise_lower(word: &str, out: &mut String) {
    for c in word.chars() {
        let c = normalise_char(c);
        for l in c.to_lowercase() {
            out.push(l);
        }
    }
}

fn normalise_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201b}' | '`' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{ab}' | '\u{bb}' => '"',
        '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        _ => c,
    }
}

/// What the features need to know of one token, computed once.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokenInfo {
    word: u64,
    lower: u64,
    shape: u64,
    short: u64,
    affix: [u64; 8],
    /// First character is uppercase.
    cap: bool,
    /// 1 title case, 2 lowercase, 4 all caps (letters only), 0 otherwise.
    case: u8,
    gaz: u16,
    /// Sentence facts: first token, sentence all in capitals, short sentence.
    first: bool,
    all_caps: bool,
    short_sentence: bool,
    /// Casings this word has elsewhere in the document where case is informative.
    doc_case: u8,
}

impl TokenInfo {
    /// The lowercase word's hash: the key for document-level agreement.
    pub fn key(&self) -> u64 {
        self.lower
    }
}

/// Computes the token facts of a document's sentences (token strings).
pub fn token_infos(doc: &[Vec<&str>], gaz: &Gazetteer) -> Vec<Vec<TokenInfo>> {
    // Buffers reused across tokens: this runs for every token the daemon sees.
    let mut lowers_text = String::new();
    let mut lower_ends: Vec<usize> = Vec::new();
    let mut norm_buf = String::new();
    let mut shape = String::new();
    let mut short = String::new();
    let mut chars: Vec<usize> = Vec::new();
    let mut out: Vec<Vec<TokenInfo>> = Vec::with_capacity(doc.len());
    for sentence in doc {
        lowers_text.clear();
        lower_ends.clear();
        let mut infos = vec![TokenInfo::default(); sentence.len()];
        let mut letters_upper = 0usize;
        let mut letters_lower = 0usize;
        for (word, info) in sentence.iter().zip(infos.iter_mut()) {
            let lower_start = lowers_text.len();
            // Most words are ASCII with nothing to normalise: no copy then.
            let norm: &str = if word.is_ascii() && !word.contains('`') {
                lowers_text.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
                word
            } else {
                normalise_lower(word, &mut lowers_text);
                norm_buf.clear();
                norm_buf.extend(word.chars().map(normalise_char));
                &norm_buf
            };
            let lower = &lowers_text[lower_start..];
            info.word = xxh3_64(norm.as_bytes());
            info.lower = xxh3_64(lower.as_bytes());
            shape.clear();
            short.clear();
            let (mut up, mut low) = (0usize, 0usize);
            for (n, c) in norm.chars().enumerate() {
                let s = if c.is_uppercase() {
                    up += 1;
                    'X'
                } else if c.is_lowercase() {
                    low += 1;
                    'x'
                } else if c.is_ascii_digit() {
                    'd'
                } else {
                    c
                };
                if n < 10 {
                    shape.push(s);
                }
                if !short.ends_with(s) && short.len() < 16 {
                    short.push(s);
                }
            }
            info.shape = xxh3_64(shape.as_bytes());
            info.short = xxh3_64(short.as_bytes());
            info.cap = norm.chars().next().is_some_and(char::is_uppercase);
            info.case = if up > 0 && low == 0 {
                4
            } else if info.cap && low > 0 {
                1
            } else if up == 0 && low > 0 {
                2
            } else {
                0
            };
            letters_upper += up;
            letters_lower += low;
            // Only the first and last four characters matter for affixes.
            chars.clear();
            chars.extend(lower.char_indices().take(5).map(|(i, _)| i));
            let mut tail = [0usize; 4];
            for (slot, (i, _)) in tail.iter_mut().zip(lower.char_indices().rev()) {
                *slot = i;
            }
            let tail_len = lower.chars().rev().take(4).count();
            for k in 1..=4 {
                let pre_end = chars.get(k).copied().unwrap_or(lower.len());
                let suf_start = if k <= tail_len { tail[k - 1] } else { 0 };
                info.affix[k - 1] = xxh3_64(&lower.as_bytes()[..pre_end]);
                info.affix[k + 3] = xxh3_64(&lower.as_bytes()[suf_start..]);
            }
            lower_ends.push(lowers_text.len());
        }
        let mut at = 0;
        let lowers: Vec<&str> = lower_ends
            .iter()
            .map(|&e| {
                let w = &lowers_text[at..e];
                at = e;
                w
            })
            .collect();
        let mut marks = vec![0u16; sentence.len()];
        gaz.mark(&lowers, &mut marks);
        let all_caps = letters_upper >= 4 && letters_lower * 10 < letters_upper;
        let short_sentence = sentence.len() <= 4;
        for (i, info) in infos.iter_mut().enumerate() {
            info.gaz = marks[i];
            info.first = i == 0;
            info.all_caps = all_caps;
            info.short_sentence = short_sentence;
        }
        out.push(infos);
    }
    // Casing seen elsewhere: only mid-sentence tokens of mixed-case sentences
    // say how a word is really written.
    let mut seen: HashMap<u64, u8> = HashMap::new();
    for infos in &out {
        for t in infos.iter().filter(|t| !t.first && !t.all_caps) {
            *seen.entry(t.lower).or_insert(0) |= t.case;
        }
    }
    for infos in &mut out {
        for t in infos.iter_mut() {
            t.doc_case = seen.get(&t.lower).copied().unwrap_or(0);
        }
    }
    out
}

#[inline]
fn mix(template: u64, a: u64) -> u64 {
    let mut x = a ^ template.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 29)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 32)
}

#[inline]
fn mix2(template: u64, a: u64, b: u64) -> u64 {
    mix(
        template,
        a ^ b.rotate_left(23).wrapping_mul(0xff51_afd7_ed55_8ccd),
    )
}

#[inline]
fn bucket(h: u64) -> u32 {
    (h as usize & (BUCKETS - 1)) as u32
}

/// Stand-ins for the neighbours of the first and last tokens.
const PAD_BEFORE: u64 = 0x5eed_0001;
const PAD_AFTER: u64 = 0x5eed_0002;

/// Appends the first-pass feature buckets of token `i` of a sentence.
pub fn local_features(s: &[TokenInfo], i: usize, out: &mut Vec<u32>) {
    let t = &s[i];
    let at = |d: isize| -> Option<&TokenInfo> {
        let j = i as isize + d;
        if j < 0 { None } else { s.get(j as usize) }
    };
    let lower = |d: isize| at(d).map_or(if d < 0 { PAD_BEFORE } else { PAD_AFTER }, |x| x.lower);
    let short = |d: isize| at(d).map_or(if d < 0 { PAD_BEFORE } else { PAD_AFTER }, |x| x.short);
    let gaz = |d: isize| at(d).map_or(0, |x| x.gaz as u64);
    let flags = (t.first as u64) | (t.all_caps as u64) << 1 | (t.short_sentence as u64) << 2;
    let mut push = |h: u64| out.push(bucket(h));
    push(mix(0, 0));
    push(mix(1, t.word));
    push(mix(2, t.lower));
    push(mix(3, t.shape));
    push(mix(4, t.short));
    for (k, a) in t.affix.iter().enumerate() {
        push(mix(5 + k as u64, *a));
    }
    push(mix(13, lower(-1)));
    push(mix(14, lower(1)));
    push(mix(15, lower(-2)));
    push(mix(16, lower(2)));
    push(mix(17, short(-1)));
    push(mix(18, short(1)));
    push(mix(19, short(-2)));
    push(mix(20, short(2)));
    push(mix2(21, short(-1), t.short));
    push(mix2(22, t.short, short(1)));
    push(mix2(23, lower(-1), t.lower));
    push(mix2(24, t.lower, lower(1)));
    push(mix2(25, flags, t.short));
    push(mix2(26, flags, t.lower));
    push(mix2(27, t.doc_case as u64 | flags << 4, t.short));
    push(mix2(28, gaz(0) | (t.cap as u64) << 16, flags));
    for k in 0..14 {
        if t.gaz & (1 << k) != 0 {
            push(mix2(29, k, t.cap as u64));
        }
    }
    push(mix2(30, gaz(-1), t.cap as u64));
    push(mix2(31, gaz(1), t.cap as u64));
    push(mix2(32, short(-1), mix2(33, t.short, short(1))));
    push(mix2(34, lower(-1), t.short));
    push(mix2(35, t.short, lower(1)));
}

/// Per-document agreement facts for the second pass: for each lowercase word,
/// how often the first pass gave it each entity kind (index 0 = outside).
pub struct DocVotes {
    counts: HashMap<u64, [u16; 5]>,
}

impl DocVotes {
    /// Counts the first pass's labels over the whole document.
    pub fn new(infos: &[Vec<TokenInfo>], labels: &[Vec<u8>]) -> DocVotes {
        let mut counts: HashMap<u64, [u16; 5]> = HashMap::new();
        for (s, l) in infos.iter().zip(labels) {
            for (t, &label) in s.iter().zip(l) {
                // Only words that can be names vote: capitalised somewhere.
                if t.case == 2 {
                    continue;
                }
                let c = counts.entry(t.lower).or_insert([0; 5]);
                let k = kind_slot(label);
                c[k] = c[k].saturating_add(1);
            }
        }
        DocVotes { counts }
    }

    /// The votes for this word from its other occurrences.
    fn others(&self, t: &TokenInfo, own: u8) -> [u16; 5] {
        let mut c = self.counts.get(&t.lower).copied().unwrap_or([0; 5]);
        if t.case != 2 {
            let k = kind_slot(own);
            c[k] = c[k].saturating_sub(1);
        }
        c
    }
}

fn kind_slot(label: u8) -> usize {
    kind_of(label).map_or(0, |k| k as usize + 1)
}

/// Appends the second pass's extra feature buckets of token `i`: the first
/// pass's labels around it and the document's majority for the same word.
pub fn document_features(
    s: &[TokenInfo],
    labels: &[u8],
    i: usize,
    votes: &DocVotes,
    out: &mut Vec<u32>,
) {
    let t = &s[i];
    let label = |d: isize| -> u64 {
        let j = i as isize + d;
        if j < 0 {
            LABELS as u64
        } else {
            labels
                .get(j as usize)
                .map_or(LABELS as u64 + 1, |&l| l as u64)
        }
    };
    let mut push = |h: u64| out.push(bucket(h));
    push(mix(100, label(0)));
    push(mix2(101, label(-1), label(0)));
    push(mix2(102, label(0), label(1)));
    push(mix2(103, label(0), t.short));
    let c = votes.others(t, labels.get(i).copied().unwrap_or(0));
    let named: u32 = c[1..].iter().map(|&x| x as u32).sum();
    let total = named + c[0] as u32;
    if total > 0 {
        let (best, &best_n) = c[1..]
            .iter()
            .enumerate()
            .max_by_key(|&(k, n)| (*n, std::cmp::Reverse(k)))
            .unwrap_or((0, &0));
        let majority = if best_n as u32 * 2 > total {
            best as u64 + 1
        } else {
            0
        };
        let share = (named * 4 / total) as u64;
        push(mix(104, majority));
        push(mix2(105, majority, share));
        push(mix2(106, majority, label(0)));
        push(mix2(107, majority, t.short | (t.all_caps as u64) << 60));
        if best_n > 0 {
            push(mix2(108, best as u64, t.cap as u64));
        }
    } else {
        push(mix(109, t.cap as u64));
    }
}

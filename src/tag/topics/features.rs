//! Features of the topic classifier: hashed unigrams and bigrams of the
//! lowercased words of the body, the title's words again as title features,
//! weighted `1 + ln(tf)` and scaled to unit length. Shared by the classifier
//! and the trainer (`train-topics`), so both see the same vectors.

use xxhash_rust::xxh3::xxh3_64;

/// Hash buckets: `2^BITS` rows of weights.
pub const BITS: u32 = 17;
/// The number of buckets.
pub const BUCKETS: usize = 1 << BITS;
/// The longest word prefix hashed, in bytes; longer words share it.
const MAX_WORD: usize = 32;

/// Seeds that keep the feature families apart in the one hash space.
const UNIGRAM: u64 = 0x9E37_79B9_7F4A_7C15;
const BIGRAM: u64 = 0xC2B2_AE3D_27D4_EB4F;
const TITLE: u64 = 0x1656_67B1_9E37_79F9;

/// One article as a sparse vector: (bucket, value), buckets ascending and
/// distinct, values of unit L2 norm.
pub type Vector = Vec<(u32, f32)>;

/// The feature vector of an article: [`counts`] weighted by `idf` (one
/// weight per bucket) and scaled to unit length.
pub fn vector(title: &str, body: &str, idf: &[f32]) -> Vector {
    let mut v = counts(title, body);
    weigh(&mut v, idf);
    v
}

/// The features of an article with their `1 + ln(tf)`, buckets ascending.
pub fn counts(title: &str, body: &str) -> Vector {
    let mut buckets: Vec<u32> = Vec::with_capacity(2 * (title.len() + body.len()) / 5 + 8);
    let mut push = |h: u64| buckets.push(bucket(h));
    for_words(title, |prev, word| {
        push(word ^ TITLE);
        push(word ^ UNIGRAM);
        if let Some(p) = prev {
            push(pair(p, word) ^ TITLE);
            push(pair(p, word) ^ BIGRAM);
        }
    });
    for_words(body, |prev, word| {
        push(word ^ UNIGRAM);
        if let Some(p) = prev {
            push(pair(p, word) ^ BIGRAM);
        }
    });
    sort_buckets(&mut buckets);
    let mut out: Vector = Vec::with_capacity(buckets.len());
    let mut i = 0;
    while i < buckets.len() {
        let b = buckets[i];
        let mut j = i + 1;
        while j < buckets.len() && buckets[j] == b {
            j += 1;
        }
        let tf = j - i;
        out.push((b, if tf == 1 { 1.0 } else { log_tf(tf) }));
        i = j;
    }
    out
}

/// `1 + ln(tf)`, from [`LOG_TF`] when there.
fn log_tf(tf: usize) -> f32 {
    LOG_TF
        .get(tf)
        .copied()
        .unwrap_or_else(|| 1.0 + (tf as f32).ln())
}

/// `1 + ln(tf)` for the counts most repeated features have (`1.0 + (tf as f32).ln()`
/// to the bit; a test checks), without a call to `ln`.
const LOG_TF: [f32; 16] = [
    0.0, 1.0, 1.6931472, 2.0986123, 2.3862944, 2.609438, 2.7917595, 2.94591, 3.0794415, 3.1972246,
    3.3025851, 3.3978953, 3.4849067, 3.5649493, 3.6390574, 3.7080503,
];

/// Sorts bucket ids (below `2^BITS`) by two passes of a radix sort: four
/// times quicker than a comparison sort on an article's few hundred.
fn sort_buckets(buckets: &mut [u32]) {
    const LOW: u32 = BITS / 2 + 1;
    let mut low = [0u32; 1 << LOW];
    let mut high = [0u32; 1 << (BITS - LOW)];
    let high_of = |b: u32| ((b >> LOW) as usize) & ((1 << (BITS - LOW)) - 1);
    for &b in buckets.iter() {
        low[(b & ((1 << LOW) - 1)) as usize] += 1;
        high[high_of(b)] += 1;
    }
    for counts in [&mut low[..], &mut high[..]] {
        let mut sum = 0;
        for c in counts.iter_mut() {
            (*c, sum) = (sum, sum + *c);
        }
    }
    let mut by_low = vec![0u32; buckets.len()];
    for &b in buckets.iter() {
        let at = &mut low[(b & ((1 << LOW) - 1)) as usize];
        by_low[*at as usize] = b;
        *at += 1;
    }
    for b in by_low {
        let at = &mut high[high_of(b)];
        buckets[*at as usize] = b;
        *at += 1;
    }
}

/// Multiplies each value by its bucket's `idf` (1 where `idf` is short) and
/// scales the vector to unit length.
pub fn weigh(v: &mut Vector, idf: &[f32]) {
    for (b, x) in v.iter_mut() {
        *x *= idf.get(*b as usize).copied().unwrap_or(1.0);
    }
    let norm = v.iter().map(|&(_, x)| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, x) in v.iter_mut() {
            *x /= norm;
        }
    }
}

/// The bucket of a feature hash (its top bits, after a final mix).
fn bucket(h: u64) -> u32 {
    (h.wrapping_mul(0xFF51_AFD7_ED55_8CCD) >> (64 - BITS)) as u32
}

/// The hash of a word pair, order kept.
fn pair(a: u64, b: u64) -> u64 {
    a.rotate_left(23).wrapping_mul(0x9FB2_1C65_1E98_DF25) ^ b
}

/// Each ASCII byte as it goes into a word (letters lowercased, digits read
/// as `0`), or 0 for a byte that is no letter or digit.
static FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            b'0'
        } else if c.is_ascii_alphabetic() {
            c.to_ascii_lowercase()
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Calls `f(previous word, word)` with the hash of each lowercased word of
/// `text`: a run of letters and digits (digits read as `0`), of two
/// characters or more. No allocation: each word is lowercased into a buffer,
/// ASCII a byte at a time, other characters decoded one by one.
pub fn for_words(text: &str, mut f: impl FnMut(Option<u64>, u64)) {
    let bytes = text.as_bytes();
    let mut buf = [0u8; MAX_WORD];
    let (mut len, mut chars) = (0usize, 0usize);
    let mut prev: Option<u64> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let folded = FOLD[b as usize];
        if folded != 0 {
            if len < MAX_WORD {
                buf[len] = folded;
                len += 1;
            }
            chars += 1;
            i += 1;
            continue;
        }
        if b.is_ascii() {
            i += 1;
            if b == b'\'' && chars > 0 {
                // "government's": the word goes on, the apostrophe is dropped.
                continue;
            }
        } else {
            // `i` is at a character boundary: it only moves by whole characters.
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            if c.is_alphanumeric() {
                for l in c.to_lowercase() {
                    let mut tmp = [0u8; 4];
                    let s = l.encode_utf8(&mut tmp).as_bytes();
                    if len + s.len() <= MAX_WORD {
                        buf[len..len + s.len()].copy_from_slice(s);
                        len += s.len();
                    }
                }
                chars += 1;
                continue;
            }
            if c == '\u{2019}' && chars > 0 {
                // A typographic apostrophe, as above.
                continue;
            }
        }
        if chars >= 2 {
            let h = xxh3_64(&buf[..len]);
            f(prev, h);
            prev = Some(h);
        }
        (len, chars) = (0, 0);
    }
    if chars >= 2 {
        f(prev, xxh3_64(&buf[..len]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        for_words(text, |_, w| out.push(w));
        out
    }

    #[test]
    fn words_are_lowercased_and_split_on_punctuation() {
        assert_eq!(words("Rain, RAIN; rain."), vec![xxh3_64(b"rain"); 3]);
        assert_eq!(words("a I x"), Vec::<u64>::new());
        assert_eq!(words("Élan élan"), vec![xxh3_64("élan".as_bytes()); 2]);
        assert_eq!(words("in 2017"), vec![xxh3_64(b"in"), xxh3_64(b"0000")]);
        assert_eq!(words("Syria's"), vec![xxh3_64(b"syrias")]);
    }

    #[test]
    fn the_log_table_is_ln() {
        for (n, &x) in LOG_TF.iter().enumerate().skip(1) {
            assert_eq!(x, 1.0 + (n as f32).ln(), "{n}");
        }
    }

    #[test]
    fn counts_are_sorted_and_count_repeats() {
        let mut words = String::new();
        for n in 1..40 {
            words.push_str(&format!("w{} ", "x".repeat(n % 20)));
        }
        let v = counts("", &words);
        assert!(v.windows(2).all(|w| w[0].0 < w[1].0));
        // The same counts by a map: sorted by bucket, repeats counted.
        let mut expected = std::collections::BTreeMap::<u32, f32>::new();
        for_words(&words, |prev, w| {
            *expected.entry(bucket(w ^ UNIGRAM)).or_default() += 1.0;
            if let Some(p) = prev {
                *expected.entry(bucket(pair(p, w) ^ BIGRAM)).or_default() += 1.0;
            }
        });
        let runs: Vec<(u32, f32)> = expected
            .into_iter()
            .map(|(b, n)| (b, 1.0 + n.ln()))
            .collect();
        assert!(runs.iter().any(|&(_, x)| x > 1.0));
        assert_eq!(v, runs);
    }

    #[test]
    fn vectors_are_sorted_distinct_and_unit_length() {
        let v = vector(
            "Storm hits coast",
            "The storm hit the coast. The storm moved on.",
            &[],
        );
        assert!(v.windows(2).all(|w| w[0].0 < w[1].0));
        let norm: f32 = v.iter().map(|&(_, x)| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-4);
        assert!(vector("", "", &[]).is_empty());
    }
}

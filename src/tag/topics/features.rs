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
    let mut buckets: Vec<u32> = Vec::with_capacity((title.len() + body.len()) / 3 + 8);
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
    buckets.sort_unstable();
    let mut out: Vector = Vec::with_capacity(buckets.len());
    let mut i = 0;
    while i < buckets.len() {
        let b = buckets[i];
        let mut j = i + 1;
        while j < buckets.len() && buckets[j] == b {
            j += 1;
        }
        out.push((b, 1.0 + ((j - i) as f32).ln()));
        i = j;
    }
    out
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

/// Calls `f(previous word, word)` with the hash of each lowercased word of
/// `text`: a run of letters and digits (digits read as `0`), of two
/// characters or more. No allocation: each word is lowercased into a buffer.
pub fn for_words(text: &str, mut f: impl FnMut(Option<u64>, u64)) {
    let mut buf = [0u8; MAX_WORD];
    let mut len = 0usize;
    let mut chars = 0usize;
    let mut prev: Option<u64> = None;
    let mut flush = |len: &mut usize, chars: &mut usize, buf: &[u8; MAX_WORD]| {
        if *chars >= 2 {
            let h = xxh3_64(&buf[..*len]);
            f(prev, h);
            prev = Some(h);
        }
        *len = 0;
        *chars = 0;
    };
    for c in text.chars() {
        if c.is_ascii() {
            let b = c as u8;
            if b.is_ascii_alphabetic() {
                if len < MAX_WORD {
                    buf[len] = b.to_ascii_lowercase();
                    len += 1;
                }
                chars += 1;
            } else if b.is_ascii_digit() {
                if len < MAX_WORD {
                    buf[len] = b'0';
                    len += 1;
                }
                chars += 1;
            } else if b == b'\'' && chars > 0 {
                // "government's": the word goes on, the apostrophe is dropped.
            } else {
                flush(&mut len, &mut chars, &buf);
            }
        } else if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                let mut tmp = [0u8; 4];
                let s = l.encode_utf8(&mut tmp).as_bytes();
                if len + s.len() <= MAX_WORD {
                    buf[len..len + s.len()].copy_from_slice(s);
                    len += s.len();
                }
            }
            chars += 1;
        } else if c == '\u{2019}' && chars > 0 {
            // A typographic apostrophe, as above.
        } else {
            flush(&mut len, &mut chars, &buf);
        }
    }
    flush(&mut len, &mut chars, &buf);
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

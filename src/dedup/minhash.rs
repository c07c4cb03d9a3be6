//! MinHash signatures and LSH band keys over shingle hashes. The signature is
//! one-permutation hashing (Li, Owen & Zhang 2012) with optimal densification
//! (Shrivastava 2017): each shingle's 64-bit hash picks one of [`BINS`] bins
//! with its top bits and competes for the bin's minimum with the rest, so a
//! signature costs one pass over the shingles instead of one per permutation.
//! Empty bins (short texts) borrow the value of a non-empty bin chosen by a
//! fixed pseudo-random probe sequence, which keeps the collision probability
//! of every bin equal to the Jaccard similarity.

use super::text::fmix64;

/// Rows per LSH band.
pub const ROWS: usize = 4;
/// LSH bands. With 4 rows and 16 bands, a pair at Jaccard 0.8 becomes a
/// candidate with probability 1 - (1 - 0.8^4)^16 = 0.9998, at 0.7 with 0.988,
/// at 0.5 with 0.64, at 0.2 with 0.025 (every candidate is verified anyway).
pub const BANDS: usize = 16;
/// Signature length.
pub const BINS: usize = ROWS * BANDS;

const BIN_BITS: u32 = BINS.trailing_zeros();
const EMPTY: u64 = u64::MAX;

/// The OPH signature of a set of shingle hashes (duplicates are harmless), or
/// `None` for an empty set.
pub fn signature(shingles: &[u64]) -> Option<[u64; BINS]> {
    if shingles.is_empty() {
        return None;
    }
    let mut bins = [EMPTY; BINS];
    for &h in shingles {
        let bin = (h >> (64 - BIN_BITS)) as usize;
        // The low bits are independent of the bin-choosing top bits.
        let value = h & (u64::MAX >> BIN_BITS);
        if value < bins[bin] {
            bins[bin] = value;
        }
    }
    let mut dense = bins;
    for (i, slot) in dense.iter_mut().enumerate() {
        if *slot != EMPTY {
            continue;
        }
        // At least one bin is filled (the set is not empty), so the probe
        // sequence ends; `attempt` bounds it anyway.
        for attempt in 1u64..=(64 * BINS as u64) {
            let j = (fmix64(((i as u64) << 32) ^ attempt) >> (64 - BIN_BITS)) as usize;
            if bins[j] != EMPTY {
                *slot = bins[j];
                break;
            }
        }
    }
    Some(dense)
}

/// One 32-bit key per band: the hash of the band's rows and its number.
pub fn band_keys(signature: &[u64; BINS]) -> [u32; BANDS] {
    let mut keys = [0u32; BANDS];
    for (band, key) in keys.iter_mut().enumerate() {
        let rows = &signature[band * ROWS..(band + 1) * ROWS];
        let mut h = band as u64;
        for &r in rows {
            h = fmix64(h ^ r);
        }
        *key = (h >> 32) as u32;
    }
    keys
}

/// The share of equal bins: the signature's estimate of the Jaccard similarity.
#[cfg(test)]
pub fn estimate(a: &[u64; BINS], b: &[u64; BINS]) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / BINS as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(range: std::ops::Range<u64>) -> Vec<u64> {
        range.map(fmix64).collect()
    }

    #[test]
    fn identical_sets_have_identical_signatures() {
        let a = set(0..300);
        let mut b = a.clone();
        b.reverse();
        assert_eq!(signature(&a), signature(&b));
        assert!(signature(&[]).is_none());
    }

    #[test]
    fn estimate_tracks_jaccard_on_average() {
        // Pairs with true Jaccard 0.8 (shared 400 of 450 distinct each side ...).
        let mut total = 0.0;
        let trials = 200;
        for t in 0..trials {
            let base = t * 10_000;
            let a = set(base..base + 400);
            let b = set(base + 22..base + 422); // 378 shared of 422: J = 0.8957
            let (Some(sa), Some(sb)) = (signature(&a), signature(&b)) else {
                panic!("non-empty sets");
            };
            total += estimate(&sa, &sb);
        }
        let mean = total / trials as f64;
        assert!((mean - 378.0 / 422.0).abs() < 0.02, "mean estimate {mean}");
    }

    #[test]
    fn short_texts_are_densified_consistently() {
        let a = set(0..5);
        let b = set(0..5);
        let sa = signature(&a).unwrap_or([0; BINS]);
        assert!(sa.iter().all(|&v| v != EMPTY));
        assert_eq!(signature(&b), Some(sa));
        assert_eq!(band_keys(&sa), band_keys(&sa));
    }
}

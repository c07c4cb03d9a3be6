//! The topic model: one logistic regression per topic (one against the rest)
//! over the hashed features of [`super::features`]; weights quantised to i16
//! for the file `data/topics/model.bin`, written by `train-topics`.

use super::TOPICS;
use super::features::{BITS, BUCKETS, Vector};

const MAGIC: &[u8; 8] = b"NFTOPIC1";

/// Quantised weights, row-major: the `TOPICS` weights of a bucket side by
/// side; and the inverse document frequency of each bucket.
pub struct Model {
    weights: Vec<i16>,
    scale: f32,
    bias: [f32; TOPICS],
    idf: Vec<f32>,
}

/// Inverse document frequencies are stored as `1 + q / IDF_STEPS`, q a byte.
const IDF_STEPS: f32 = 32.0;

impl Model {
    /// Quantises trained weights (`BUCKETS * TOPICS`, row-major), biases and
    /// inverse document frequencies (`BUCKETS`, each in 1..9).
    pub fn quantise(weights: &[f32], bias: [f32; TOPICS], idf: &[f32]) -> Model {
        let max = weights.iter().fold(0.0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        Model {
            weights: weights
                .iter()
                .map(|w| (w / scale).round().clamp(-32767.0, 32767.0) as i16)
                .collect(),
            scale,
            bias,
            idf: idf
                .iter()
                .map(|&f| 1.0 + idf_byte(f) as f32 / IDF_STEPS)
                .collect(),
        }
    }

    /// The inverse document frequency of each bucket.
    pub fn idf(&self) -> &[f32] {
        &self.idf
    }

    /// The probability of each topic for a feature vector.
    pub fn probabilities(&self, x: &Vector) -> [f32; TOPICS] {
        // The rows are far apart in a table larger than the cache: loads
        // of each row's ends first, all independent, bring them in together.
        let mut touched = 0i16;
        for &(b, _) in x {
            let at = b as usize * TOPICS;
            touched ^= self.weights.get(at).copied().unwrap_or(0)
                ^ self.weights.get(at + TOPICS - 1).copied().unwrap_or(0);
        }
        std::hint::black_box(touched);
        let mut sum = [0.0f32; TOPICS];
        for &(b, v) in x {
            let at = b as usize * TOPICS;
            // A row of fixed length, so that the loop below is unrolled.
            let Some(row) = self
                .weights
                .get(at..at + TOPICS)
                .and_then(|r| <&[i16; TOPICS]>::try_from(r).ok())
            else {
                continue;
            };
            for k in 0..TOPICS {
                sum[k] += v * f32::from(row[k]);
            }
        }
        let mut p = [0.0f32; TOPICS];
        for k in 0..TOPICS {
            p[k] = sigmoid(self.bias[k] + self.scale * sum[k]);
        }
        p
    }

    /// The on-disk form: magic, bucket bits, topic count, scale, biases
    /// (f32 LE), the weights (i16 LE), then the idf bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.weights.len() * 2 + 100);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&BITS.to_le_bytes());
        out.extend_from_slice(&(TOPICS as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for b in &self.bias {
            out.extend_from_slice(&b.to_le_bytes());
        }
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out.extend(self.idf.iter().map(|&f| idf_byte(f)));
        out
    }

    /// Reads the on-disk form; `None` when it is not a model of this layout.
    pub fn from_bytes(bytes: &[u8]) -> Option<Model> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let word = |at: usize| -> Option<[u8; 4]> { rest.get(at..at + 4)?.try_into().ok() };
        if u32::from_le_bytes(word(0)?) != BITS || u32::from_le_bytes(word(4)?) as usize != TOPICS {
            return None;
        }
        let scale = f32::from_le_bytes(word(8)?);
        let mut bias = [0.0f32; TOPICS];
        for (k, b) in bias.iter_mut().enumerate() {
            *b = f32::from_le_bytes(word(12 + 4 * k)?);
        }
        let at = 12 + 4 * TOPICS;
        let n = BUCKETS * TOPICS * 2;
        let body = rest.get(at..at + n)?;
        let idf = rest.get(at + n..)?;
        if idf.len() != BUCKETS {
            return None;
        }
        let weights = body
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some(Model {
            weights,
            scale,
            bias,
            idf: idf.iter().map(|&q| 1.0 + q as f32 / IDF_STEPS).collect(),
        })
    }
}

/// The stored byte of an inverse document frequency.
fn idf_byte(f: f32) -> u8 {
    ((f - 1.0) * IDF_STEPS).round().clamp(0.0, 255.0) as u8
}

/// The logistic function.
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_round_trips_through_bytes() {
        let mut w = vec![0.0f32; BUCKETS * TOPICS];
        w[5 * TOPICS + 3] = 2.5;
        w[7 * TOPICS] = -1.0;
        let m = Model::quantise(&w, [0.5; TOPICS], &vec![2.0; BUCKETS]);
        let back = Model::from_bytes(&m.to_bytes()).expect("model round-trips");
        let x = vec![(5u32, 0.6f32), (7, 0.8)];
        assert_eq!(m.probabilities(&x), back.probabilities(&x));
        assert!((back.probabilities(&x)[3] - sigmoid(0.5 + 1.5)).abs() < 1e-3);
        assert_eq!(back.idf()[9], 2.0);
        assert!(Model::from_bytes(b"").is_none());
    }
}

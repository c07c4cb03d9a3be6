//! The recogniser's weights and decoder: BIO labels over the four kinds, a
//! hashed emission table and a transition matrix per pass, Viterbi decoding
//! with the BIO constraints, and the compact on-disk form (i16 weights).

use std::borrow::Cow;

use super::features::BUCKETS;

/// BIO labels: 0 is outside; kind k has B = 1 + 2k and I = 2 + 2k.
pub const LABELS: usize = 9;
/// Row of the transition matrix used for the sentence start.
const START: usize = LABELS;

/// The CoNLL tag names, in label order.
pub const TAG_NAMES: [&str; LABELS] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// The kind (0 PER, 1 ORG, 2 LOC, 3 MISC) of a label, `None` for outside.
pub fn kind_of(label: u8) -> Option<u8> {
    if label == 0 || label as usize >= LABELS {
        None
    } else {
        Some((label - 1) / 2)
    }
}

/// Whether a label begins a mention.
pub fn is_begin(label: u8) -> bool {
    label % 2 == 1
}

/// The label of a CoNLL tag (`B-PER`, `I-LOC`, `O`; IOB1 `I-` is read as is).
pub fn label_of(tag: &str) -> u8 {
    TAG_NAMES.iter().position(|t| *t == tag).unwrap_or(0) as u8
}

/// BIO allows `I-X` only after `B-X` or `I-X`.
fn allowed(prev: usize, cur: usize) -> bool {
    if cur == 0 || cur % 2 == 1 {
        return true;
    }
    prev != START && prev != 0 && (prev - 1) / 2 == (cur - 1) / 2
}

/// One pass's weights: `emit[bucket * LABELS + label]` and
/// `trans[prev * LABELS + label]` (prev = `LABELS` at the sentence start).
pub struct Weights<T> {
    pub emit: Vec<T>,
    pub trans: Vec<f32>,
}

impl<T: Copy + Default> Weights<T> {
    /// All-zero weights.
    pub fn zero() -> Weights<T> {
        Weights {
            emit: vec![T::default(); BUCKETS * LABELS],
            trans: vec![0.0; (LABELS + 1) * LABELS],
        }
    }
}

/// Emission scores of a token from its feature buckets, and the pass's
/// transitions.
pub trait Emit {
    fn score(&self, feats: &[u32], out: &mut [f32; LABELS]);
    fn trans(&self) -> &[f32];
}

impl Emit for Weights<f32> {
    fn score(&self, feats: &[u32], out: &mut [f32; LABELS]) {
        *out = [0.0; LABELS];
        for &f in feats {
            let row = f as usize * LABELS;
            if let Some(r) = self.emit.get(row..row + LABELS) {
                for (o, w) in out.iter_mut().zip(r) {
                    *o += *w;
                }
            }
        }
    }

    fn trans(&self) -> &[f32] {
        &self.trans
    }
}

/// One pass's quantised weights as the recogniser reads them: the emission
/// table as little-endian i16 bytes, borrowed from the model compiled into
/// the binary (no 4.7 MB copy per pass), or owned after training.
pub struct Quantised {
    emit: Cow<'static, [u8]>,
    pub trans: Vec<f32>,
}

impl Emit for Quantised {
    fn score(&self, feats: &[u32], out: &mut [f32; LABELS]) {
        const ROW: usize = LABELS * 2;
        let mut acc = [0i32; LABELS];
        for &f in feats {
            let at = f as usize * ROW;
            if let Some(r) = self.emit.get(at..at + ROW) {
                for (o, w) in acc.iter_mut().zip(r.chunks_exact(2)) {
                    *o += i16::from_le_bytes([w[0], w[1]]) as i32;
                }
            }
        }
        for (o, a) in out.iter_mut().zip(acc) {
            *o = a as f32;
        }
    }

    fn trans(&self) -> &[f32] {
        &self.trans
    }
}

/// Reusable buffers for decoding.
#[derive(Default)]
pub struct Decoder {
    scores: Vec<[f32; LABELS]>,
    back: Vec<[u8; LABELS]>,
}

impl Decoder {
    /// The best BIO-consistent labels of a sentence whose token `i` has the
    /// feature buckets `feats[offsets[i]..offsets[i + 1]]`.
    pub fn viterbi<W: Emit>(
        &mut self,
        w: &W,
        trans: &[f32],
        feats: &[u32],
        offsets: &[usize],
        out: &mut Vec<u8>,
    ) {
        let n = offsets.len().saturating_sub(1);
        out.clear();
        if n == 0 {
            return;
        }
        self.scores.clear();
        self.back.clear();
        let mut emit = [0.0f32; LABELS];
        for i in 0..n {
            w.score(&feats[offsets[i]..offsets[i + 1]], &mut emit);
            let mut row = [f32::NEG_INFINITY; LABELS];
            let mut back = [0u8; LABELS];
            for cur in 0..LABELS {
                if i == 0 {
                    if allowed(START, cur) {
                        row[cur] = emit[cur] + trans[START * LABELS + cur];
                    }
                    continue;
                }
                let prev_row = &self.scores[i - 1];
                for prev in 0..LABELS {
                    if !allowed(prev, cur) {
                        continue;
                    }
                    let s = prev_row[prev] + trans[prev * LABELS + cur];
                    if s > row[cur] {
                        row[cur] = s;
                        back[cur] = prev as u8;
                    }
                }
                row[cur] += emit[cur];
            }
            self.scores.push(row);
            self.back.push(back);
        }
        let last = &self.scores[n - 1];
        let mut best = 0usize;
        for l in 1..LABELS {
            if last[l] > last[best] {
                best = l;
            }
        }
        out.resize(n, 0);
        let mut cur = best as u8;
        for i in (0..n).rev() {
            out[i] = cur;
            cur = self.back[i][cur as usize];
        }
    }
}

/// The two passes, as the recogniser runs them.
pub struct Model {
    pub first: Quantised,
    pub second: Quantised,
}

const MAGIC: &[u8; 8] = b"NFNER\x00\x00\x01";

impl Model {
    /// Quantises trained weights: one scale for both tables of a pass, so
    /// scores keep their order.
    pub fn quantise(first: &Weights<f32>, second: &Weights<f32>) -> Model {
        Model {
            first: quantise(first),
            second: quantise(second),
        }
    }

    /// The on-disk form: magic, bucket bits, labels, then per pass the
    /// transitions (f32 LE) and emissions (i16 LE).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(2 * (BUCKETS * LABELS * 2 + 400) + 16);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(super::features::BITS).to_le_bytes());
        out.extend_from_slice(&(LABELS as u32).to_le_bytes());
        for w in [&self.first, &self.second] {
            for t in &w.trans {
                out.extend_from_slice(&t.to_le_bytes());
            }
            out.extend_from_slice(&w.emit);
        }
        out
    }

    /// Reads the on-disk form, borrowing its emission tables; `None` when it
    /// is not a model of this layout.
    pub fn from_bytes(bytes: &'static [u8]) -> Option<Model> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let bits = u32::from_le_bytes(rest.get(0..4)?.try_into().ok()?);
        let labels = u32::from_le_bytes(rest.get(4..8)?.try_into().ok()?);
        if bits != super::features::BITS || labels as usize != LABELS {
            return None;
        }
        let mut at = 8;
        let mut pass = || -> Option<Quantised> {
            let nt = (LABELS + 1) * LABELS;
            let trans = rest
                .get(at..at + nt * 4)?
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            at += nt * 4;
            let ne = BUCKETS * LABELS * 2;
            let emit = Cow::Borrowed(rest.get(at..at + ne)?);
            at += ne;
            Some(Quantised { emit, trans })
        };
        let first = pass()?;
        let second = pass()?;
        Some(Model { first, second })
    }
}

fn quantise(w: &Weights<f32>) -> Quantised {
    let max = w
        .emit
        .iter()
        .chain(&w.trans)
        .fold(0.0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { 32767.0 / max } else { 1.0 };
    Quantised {
        emit: Cow::Owned(
            w.emit
                .iter()
                .flat_map(|x| ((x * scale).round().clamp(-32767.0, 32767.0) as i16).to_le_bytes())
                .collect(),
        ),
        trans: w.trans.iter().map(|x| (x * scale).round()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_constraints() {
        assert!(allowed(1, 2) && allowed(2, 2) && !allowed(0, 2) && !allowed(3, 2));
        assert!(!allowed(START, 4) && allowed(START, 3) && allowed(6, 0));
        assert_eq!(kind_of(8), Some(3));
        assert_eq!(label_of("I-ORG"), 4);
    }

    #[test]
    fn round_trips() {
        let mut w: Weights<f32> = Weights::zero();
        w.emit[77] = 2.5;
        w.trans[3] = -1.0;
        let m = Model::quantise(&w, &w);
        let bytes: &'static [u8] = Box::leak(m.to_bytes().into_boxed_slice());
        let back = Model::from_bytes(bytes).expect("model round-trips");
        assert_eq!(back.first.emit[154..156], 32767i16.to_le_bytes());
        assert_eq!(back.second.trans[3], m.second.trans[3]);
    }
}

//! Runs the two passes over a document's sentences: the local first pass,
//! then the second pass that also sees the document's first-pass votes.
//! Shared by the recogniser and by training (jackknifing, evaluation).

use super::features::{DocVotes, TokenInfo, document_features, local_features};
use super::model::{Decoder, Emit};

/// A sentence's feature buckets: token `i` has
/// `feats[offsets[i]..offsets[i + 1]]`.
#[derive(Default)]
struct Buckets {
    feats: Vec<u32>,
    offsets: Vec<usize>,
}

impl Buckets {
    /// The first pass's (local) buckets of a sentence.
    fn local(s: &[TokenInfo]) -> Buckets {
        let mut b = Buckets::default();
        sentence_features(s, None, &mut b.feats, &mut b.offsets);
        b
    }

    /// The second pass's buckets: each token's `local` ones (kept from the
    /// first pass, in the same order [`sentence_features`] gives) and its
    /// document features.
    fn second(&mut self, s: &[TokenInfo], local: &Buckets, labels: &[u8], votes: &DocVotes) {
        self.feats.clear();
        self.offsets.clear();
        self.offsets.push(0);
        for (i, w) in local.offsets.windows(2).enumerate() {
            self.feats.extend_from_slice(&local.feats[w[0]..w[1]]);
            document_features(s, labels, i, votes, &mut self.feats);
            self.offsets.push(self.feats.len());
        }
    }

    fn decode(&self, decoder: &mut Decoder, w: &impl Emit) -> Vec<u8> {
        let mut out = Vec::new();
        decoder.viterbi(w, w.trans(), &self.feats, &self.offsets, &mut out);
        out
    }
}

/// Labels every sentence with the first pass.
pub fn first_pass(w: &impl Emit, infos: &[Vec<TokenInfo>]) -> Vec<Vec<u8>> {
    let mut decoder = Decoder::default();
    infos
        .iter()
        .map(|s| Buckets::local(s).decode(&mut decoder, w))
        .collect()
}

/// Labels every sentence with both passes, as the recogniser runs them: the
/// second pass, given the first's labels and the document's votes, reuses
/// the first's local buckets rather than hashing them again.
pub fn both_passes(
    first: &impl Emit,
    second: &impl Emit,
    infos: &[Vec<TokenInfo>],
) -> Vec<Vec<u8>> {
    let mut decoder = Decoder::default();
    let local: Vec<Buckets> = infos.iter().map(|s| Buckets::local(s)).collect();
    let labels: Vec<Vec<u8>> = local
        .iter()
        .map(|b| b.decode(&mut decoder, first))
        .collect();
    let votes = DocVotes::new(infos, &labels);
    let mut buckets = Buckets::default();
    infos
        .iter()
        .zip(&local)
        .zip(&labels)
        .map(|((s, b), l)| {
            buckets.second(s, b, l, &votes);
            buckets.decode(&mut decoder, second)
        })
        .collect()
}

/// The feature buckets of a sentence: token `i` has
/// `feats[offsets[i]..offsets[i + 1]]`. With first-pass labels and votes,
/// the second pass's document features are added.
pub fn sentence_features(
    s: &[TokenInfo],
    second: Option<(&[u8], &DocVotes)>,
    feats: &mut Vec<u32>,
    offsets: &mut Vec<usize>,
) {
    feats.clear();
    offsets.clear();
    offsets.push(0);
    for i in 0..s.len() {
        local_features(s, i, feats);
        if let Some((labels, votes)) = second {
            document_features(s, labels, i, votes, feats);
        }
        offsets.push(feats.len());
    }
}

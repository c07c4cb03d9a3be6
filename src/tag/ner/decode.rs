//! Runs the two passes over a document's sentences: the local first pass,
//! then the second pass that also sees the document's first-pass votes.
//! Shared by the recogniser and by training (jackknifing, evaluation).

use super::features::{DocVotes, TokenInfo, document_features, local_features};
use super::model::{Decoder, Emit};

/// Labels every sentence with the first pass.
pub fn first_pass(w: &impl Emit, infos: &[Vec<TokenInfo>]) -> Vec<Vec<u8>> {
    let mut decoder = Decoder::default();
    let (mut feats, mut offsets) = (Vec::new(), Vec::new());
    infos
        .iter()
        .map(|s| {
            sentence_features(s, None, &mut feats, &mut offsets);
            let mut out = Vec::new();
            decoder.viterbi(w, w.trans(), &feats, &offsets, &mut out);
            out
        })
        .collect()
}

/// Labels every sentence with the second pass, given the first pass's labels.
pub fn second_pass(w: &impl Emit, infos: &[Vec<TokenInfo>], first: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let votes = DocVotes::new(infos, first);
    let mut decoder = Decoder::default();
    let (mut feats, mut offsets) = (Vec::new(), Vec::new());
    infos
        .iter()
        .zip(first)
        .map(|(s, l)| {
            sentence_features(s, Some((l, &votes)), &mut feats, &mut offsets);
            let mut out = Vec::new();
            decoder.viterbi(w, w.trans(), &feats, &offsets, &mut out);
            out
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

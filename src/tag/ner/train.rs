//! Training and evaluation of the recogniser on CoNLL-2003 columns: the
//! averaged structured perceptron for each pass, the jackknifed first-pass
//! output the second pass learns from, and conlleval-style mention scoring.

use super::decode::{first_pass, sentence_features};
use super::features::{DocVotes, Gazetteer, TokenInfo, token_infos};
use super::mentions;
use super::model::{Decoder, LABELS, Model, Weights, label_of};

/// One CoNLL document: sentences of (token, BIO label).
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub sentences: Vec<Vec<(String, u8)>>,
}

impl Document {
    /// The sentences as token strings.
    pub fn tokens(&self) -> Vec<Vec<&str>> {
        self.sentences
            .iter()
            .map(|s| s.iter().map(|(w, _)| w.as_str()).collect())
            .collect()
    }

    /// The gold labels.
    pub fn labels(&self) -> Vec<Vec<u8>> {
        self.sentences
            .iter()
            .map(|s| s.iter().map(|(_, l)| *l).collect())
            .collect()
    }
}

impl Document {
    /// Each sentence as a line of its tokens joined by spaces: the document
    /// as text, for benches and tables built from the corpus.
    pub fn lines(&self) -> Vec<String> {
        self.sentences
            .iter()
            .map(|s| {
                s.iter()
                    .map(|(w, _)| w.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }
}

/// Reads CoNLL-2003 columns (`token POS chunk tag`, blank line between
/// sentences, `-DOCSTART-` between documents).
pub fn read_conll(text: &str) -> Vec<Document> {
    let mut docs: Vec<Document> = Vec::new();
    let mut doc = Document::default();
    let mut sentence: Vec<(String, u8)> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !sentence.is_empty() {
                doc.sentences.push(std::mem::take(&mut sentence));
            }
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            if !sentence.is_empty() {
                doc.sentences.push(std::mem::take(&mut sentence));
            }
            if !doc.sentences.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let mut cols = line.split(' ');
        let (Some(word), Some(tag)) = (cols.next(), line.rsplit(' ').next()) else {
            continue;
        };
        sentence.push((word.to_string(), label_of(tag)));
    }
    if !sentence.is_empty() {
        doc.sentences.push(sentence);
    }
    if !doc.sentences.is_empty() {
        docs.push(doc);
    }
    docs
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub epochs: usize,
    pub folds: usize,
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            epochs: 12,
            folds: 5,
            seed: 0x6e65_7273,
        }
    }
}

/// One training sentence: feature buckets per token and gold labels.
struct Example {
    feats: Vec<u32>,
    offsets: Vec<usize>,
    gold: Vec<u8>,
}

/// A small deterministic PRNG (xorshift64*), for the sentence order.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Trains one pass's averaged perceptron.
fn perceptron(examples: &[Example], epochs: usize, seed: u64) -> Weights<f32> {
    let mut w: Weights<f32> = Weights::zero();
    let mut u: Weights<f32> = Weights::zero();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng(seed | 1);
    let mut decoder = Decoder::default();
    let mut pred = Vec::new();
    let mut c = 1.0f32;
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &e in &order {
            let ex = &examples[e];
            decoder.viterbi(&w, &w.trans, &ex.feats, &ex.offsets, &mut pred);
            if pred != ex.gold {
                let start = LABELS;
                for i in 0..ex.gold.len() {
                    let (g, p) = (ex.gold[i] as usize, pred[i] as usize);
                    let (gp, pp) = if i == 0 {
                        (start, start)
                    } else {
                        (ex.gold[i - 1] as usize, pred[i - 1] as usize)
                    };
                    if g != p {
                        for &f in &ex.feats[ex.offsets[i]..ex.offsets[i + 1]] {
                            let row = f as usize * LABELS;
                            w.emit[row + g] += 1.0;
                            u.emit[row + g] += c;
                            w.emit[row + p] -= 1.0;
                            u.emit[row + p] -= c;
                        }
                    }
                    if (gp, g) != (pp, p) {
                        w.trans[gp * LABELS + g] += 1.0;
                        u.trans[gp * LABELS + g] += c;
                        w.trans[pp * LABELS + p] -= 1.0;
                        u.trans[pp * LABELS + p] -= c;
                    }
                }
            }
            c += 1.0;
        }
    }
    // Averaging: w - u / c is the mean of the weights over all steps.
    for (x, y) in w.emit.iter_mut().zip(&u.emit) {
        *x -= y / c;
    }
    for (x, y) in w.trans.iter_mut().zip(&u.trans) {
        *x -= y / c;
    }
    w
}

fn examples(
    infos: &[Vec<Vec<TokenInfo>>],
    docs: &[&Document],
    first: Option<&[Vec<Vec<u8>>]>,
) -> Vec<Example> {
    let mut out = Vec::new();
    for (d, (doc_infos, doc)) in infos.iter().zip(docs).enumerate() {
        let votes = first.map(|f| DocVotes::new(doc_infos, &f[d]));
        for (s, (sent_infos, sent)) in doc_infos.iter().zip(&doc.sentences).enumerate() {
            let (mut feats, mut offsets) = (Vec::new(), Vec::new());
            let second = match (first, &votes) {
                (Some(f), Some(v)) => Some((f[d][s].as_slice(), v)),
                _ => None,
            };
            sentence_features(sent_infos, second, &mut feats, &mut offsets);
            out.push(Example {
                feats,
                offsets,
                gold: sent.iter().map(|(_, l)| *l).collect(),
            });
        }
    }
    out
}

/// Trains both passes on `train`: the first on all of it, the second on the
/// first pass's output for each fold as labelled by a model trained on the
/// other folds (so it learns to trust first-pass labels as much as they
/// deserve on unseen text). `log` receives progress lines.
pub fn train(train: &[Document], gaz: &Gazetteer, s: Settings, log: &mut dyn FnMut(&str)) -> Model {
    let infos: Vec<Vec<Vec<TokenInfo>>> = train
        .iter()
        .map(|d| token_infos(&d.tokens(), gaz))
        .collect();
    let all: Vec<&Document> = train.iter().collect();
    let mut jack: Vec<Vec<Vec<u8>>> = vec![Vec::new(); train.len()];
    for fold in 0..s.folds {
        let (inside, outside): (Vec<usize>, Vec<usize>) =
            (0..train.len()).partition(|d| d % s.folds != fold);
        let in_infos: Vec<Vec<Vec<TokenInfo>>> = inside.iter().map(|&d| infos[d].clone()).collect();
        let in_docs: Vec<&Document> = inside.iter().map(|&d| &train[d]).collect();
        let w = perceptron(
            &examples(&in_infos, &in_docs, None),
            s.epochs,
            s.seed ^ fold as u64,
        );
        for &d in &outside {
            jack[d] = first_pass(&w, &infos[d]);
        }
        log(&format!("jackknife fold {}/{} done", fold + 1, s.folds));
    }
    let first = perceptron(&examples(&infos, &all, None), s.epochs, s.seed);
    log("first pass trained");
    let second = perceptron(
        &examples(&infos, &all, Some(&jack)),
        s.epochs,
        s.seed.rotate_left(7),
    );
    log("second pass trained");
    Model::quantise(&first, &second)
}

/// Mention-level counts for one kind or overall.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            0.0
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.correct as f64 / self.gold as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// conlleval-style scores: exact span and type; `[PER, ORG, LOC, MISC, all]`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scores {
    pub by_kind: [Counts; 5],
}

impl Scores {
    /// Adds one sentence's gold and predicted labels.
    pub fn add(&mut self, gold: &[u8], predicted: &[u8]) {
        let g = mentions(gold);
        let p = mentions(predicted);
        for &(_, _, k) in &g {
            self.by_kind[k as usize].gold += 1;
            self.by_kind[4].gold += 1;
        }
        for m in &p {
            self.by_kind[m.2 as usize].predicted += 1;
            self.by_kind[4].predicted += 1;
            if g.contains(m) {
                self.by_kind[m.2 as usize].correct += 1;
                self.by_kind[4].correct += 1;
            }
        }
    }

    /// A table of P/R/F1 per kind and overall.
    pub fn table(&self) -> String {
        let names = ["PER", "ORG", "LOC", "MISC", "all"];
        let mut out = String::from("kind   gold  pred  P      R      F1\n");
        for (n, c) in names.iter().zip(&self.by_kind) {
            out.push_str(&format!(
                "{:<5} {:>5} {:>5}  {:.4} {:.4} {:.4}\n",
                n,
                c.gold,
                c.predicted,
                c.precision(),
                c.recall(),
                c.f1()
            ));
        }
        out
    }
}

/// Scores a recogniser on CoNLL documents (tokens as given).
pub fn evaluate(rec: &super::Recognizer, docs: &[Document]) -> Scores {
    let mut scores = Scores::default();
    for d in docs {
        let predicted = rec.label_tokens(&d.tokens());
        for (g, p) in d.labels().iter().zip(&predicted) {
            scores.add(g, p);
        }
    }
    scores
}

//! Named-entity recognition: finds the people, organisations, locations and
//! other names (CoNLL-2003's PER, ORG, LOC, MISC) in an article's texts with
//! a two-pass averaged perceptron trained on CoNLL-2003 (`train-ner`).

pub mod decode;
pub mod features;
pub mod model;
pub mod tokenize;
pub mod train;

use features::Gazetteer;
use model::{Model, is_begin, kind_of};

/// The trained weights, built by `cargo run --release --bin train-ner`.
const MODEL: &[u8] = include_bytes!("../../../data/ner/model.bin");
/// The gazetteer, built by `scripts/ner-gazetteer.py`.
const GAZETTEER: &str = include_str!("../../../data/ner/gazetteer.tsv");

/// The four CoNLL-2003 entity types, as the record names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Person,
    Organization,
    Location,
    Other,
}

impl EntityKind {
    /// The record's `type` value: person | organization | location | other.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Location => "location",
            EntityKind::Other => "other",
        }
    }

    /// The kind of a model kind index (0 PER, 1 ORG, 2 LOC, 3 MISC).
    fn from_index(k: u8) -> EntityKind {
        match k {
            0 => EntityKind::Person,
            1 => EntityKind::Organization,
            2 => EntityKind::Location,
            _ => EntityKind::Other,
        }
    }
}

/// One name found in a text: `[start, end)` in bytes into that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
}

/// The entity recogniser, loaded once and shared by every worker.
pub struct Recognizer {
    model: Option<Model>,
    gazetteer: Gazetteer,
}

impl Recognizer {
    /// Loads the model compiled into the binary.
    pub fn load() -> Recognizer {
        let model = Model::from_bytes(MODEL);
        if model.is_none() {
            // Only before the first `train-ner` run: the crate must build
            // for the trainer to run, so a placeholder file is accepted.
            tracing::warn!(
                "The entity model in data/ner/model.bin is missing; no entities will be found."
            );
        }
        Recognizer {
            model,
            gazetteer: Gazetteer::parse(GAZETTEER),
        }
    }

    /// A recogniser with the given weights (training and evaluation).
    pub fn with_model(model: Model) -> Recognizer {
        Recognizer {
            model: Some(model),
            gazetteer: Gazetteer::parse(GAZETTEER),
        }
    }

    /// The gazetteer the features use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// BIO labels (see [`model::TAG_NAMES`]) of an already tokenised
    /// document: its sentences of token strings.
    pub fn label_tokens(&self, doc: &[Vec<&str>]) -> Vec<Vec<u8>> {
        let Some(model) = &self.model else {
            return doc.iter().map(|s| vec![0; s.len()]).collect();
        };
        let infos = features::token_infos(doc, &self.gazetteer);
        decode::both_passes(&model.first, &model.second, &infos)
    }

    /// The mentions in each of a document's texts (title, body, ...), in text
    /// order. The texts are one document: a name's label is kept consistent
    /// across them.
    pub fn recognize(&self, texts: &[&str]) -> Vec<Vec<Mention>> {
        let mut doc: Vec<Vec<&str>> = Vec::new();
        let mut spans: Vec<(usize, Vec<tokenize::Token>)> = Vec::new();
        for (t, text) in texts.iter().enumerate() {
            for sentence in tokenize::sentences(text) {
                doc.push(sentence.iter().map(|k| &text[k.start..k.end]).collect());
                spans.push((t, sentence));
            }
        }
        let labels = self.label_tokens(&doc);
        let mut out: Vec<Vec<Mention>> = texts.iter().map(|_| Vec::new()).collect();
        for ((t, tokens), labels) in spans.iter().zip(&labels) {
            for (start, end, kind) in mentions(labels) {
                if let (Some(a), Some(b), Some(list)) =
                    (tokens.get(start), tokens.get(end - 1), out.get_mut(*t))
                {
                    list.push(Mention {
                        start: a.start,
                        end: b.end,
                        kind: EntityKind::from_index(kind),
                    });
                }
            }
        }
        out
    }
}

/// The mentions of a labelled sentence as token ranges `[start, end)` with
/// their kind index, read conlleval-style (an `I-X` after anything but
/// `B-X`/`I-X` opens a mention).
pub fn mentions(labels: &[u8]) -> Vec<(usize, usize, u8)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, u8)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let kind = kind_of(l);
        let continues = matches!((open, kind), (Some((_, k)), Some(k2)) if k == k2 && !is_begin(l));
        if continues {
            continue;
        }
        if let Some((s, k)) = open.take() {
            out.push((s, i, k));
        }
        if let Some(k) = kind {
            open = Some((i, k));
        }
    }
    if let Some((s, k)) = open {
        out.push((s, labels.len(), k));
    }
    out
}

//! Topics: the 17 top-level IPTC Media Topics an article is about, with
//! scores, best first. One logistic regression per topic over hashed words
//! and word pairs ([`features`], [`model`]), trained by `train-topics` on the
//! BBC corpus, our own articles and word lists (`data/topics/`).

pub mod features;
pub mod model;

use crate::record::Topic;
use model::Model;

/// The number of top-level IPTC Media Topics.
pub const TOPICS: usize = 17;

/// The top-level IPTC Media Topics: numeric code (`medtop:` + it) and label.
pub const MEDIA_TOPICS: [(&str, &str); TOPICS] = [
    ("01000000", "arts, culture, entertainment and media"),
    ("02000000", "crime, law and justice"),
    ("03000000", "disaster, accident and emergency incident"),
    ("04000000", "economy, business and finance"),
    ("05000000", "education"),
    ("06000000", "environment"),
    ("07000000", "health"),
    ("08000000", "human interest"),
    ("09000000", "labour"),
    ("10000000", "lifestyle and leisure"),
    ("11000000", "politics"),
    ("12000000", "religion"),
    ("13000000", "science and technology"),
    ("14000000", "society"),
    ("15000000", "sport"),
    ("16000000", "conflict, war and peace"),
    ("17000000", "weather"),
];

/// The index of a topic by its numeric code ("16000000"), or by its first
/// two digits ("16").
pub fn topic_index(code: &str) -> Option<usize> {
    let code = code.strip_prefix("medtop:").unwrap_or(code);
    MEDIA_TOPICS
        .iter()
        .position(|(c, _)| *c == code || (code.len() == 2 && c.starts_with(code)))
}

/// The best topic applies when its probability reaches this (an article is
/// about something, even when the model is unsure what).
const BEST_APPLIES: f32 = 0.2;
/// A topic after the best applies when it reaches both [`Extra::floor`] and
/// [`Extra::ratio`] times the best topic's probability.
pub const EXTRA: Extra = Extra {
    floor: 0.05,
    ratio: 0.4,
};
/// At most this many topics are given.
const MAX_TOPICS: usize = 3;

/// When a topic beyond the best is given: chosen by `train-topics --cv` on
/// held-out folds of the training data (see [`EXTRA`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Extra {
    /// The least probability.
    pub floor: f32,
    /// The least share of the best topic's probability.
    pub ratio: f32,
}

/// The trained weights, built by `cargo run --release --bin train-topics`.
const MODEL: &[u8] = include_bytes!("../../../data/topics/model.bin");

/// The topic classifier, loaded once and shared by every worker.
pub struct Classifier {
    model: Option<Model>,
}

impl Classifier {
    /// Loads the model compiled into the binary.
    pub fn load() -> Classifier {
        let model = Model::from_bytes(MODEL);
        if model.is_none() {
            // Only before the first `train-topics` run: the crate must build
            // for the trainer to run, so a placeholder file is accepted.
            tracing::warn!(
                "The topic model in data/topics/model.bin is missing; no topics will be given."
            );
        }
        Classifier { model }
    }

    /// A classifier over a model in memory (the trainer's evaluation).
    pub fn with_model(model: Model) -> Classifier {
        Classifier { model: Some(model) }
    }

    /// The probability of every topic, in [`MEDIA_TOPICS`] order (all zero
    /// without a model).
    pub fn probabilities(&self, title: &str, body: &str) -> [f32; TOPICS] {
        match &self.model {
            Some(m) => m.probabilities(&features::vector(title, body, m.idf())),
            None => [0.0; TOPICS],
        }
    }

    /// The topics that apply (usually one to three), best first.
    pub fn classify(&self, title: &str, body: &str) -> Vec<Topic> {
        if self.model.is_none() {
            return Vec::new();
        }
        let p = self.probabilities(title, body);
        ranked(&p)
            .into_iter()
            .map(|k| Topic {
                code: format!("medtop:{}", MEDIA_TOPICS[k].0),
                label: MEDIA_TOPICS[k].1.to_string(),
                score: (f64::from(p[k]) * 1000.0).round() / 1000.0,
            })
            .collect()
    }
}

/// The indices of the topics that apply, best first.
pub fn ranked(p: &[f32; TOPICS]) -> Vec<usize> {
    ranked_with(p, EXTRA)
}

/// [`ranked`] with another rule for the topics after the best.
pub fn ranked_with(p: &[f32; TOPICS], extra: Extra) -> Vec<usize> {
    let mut order: Vec<usize> = (0..TOPICS).collect();
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
    let best = p[order[0]];
    order
        .into_iter()
        .enumerate()
        .take_while(|&(i, k)| {
            if i == 0 {
                p[k] >= BEST_APPLIES
            } else {
                p[k] >= extra.floor && p[k] >= extra.ratio * best
            }
        })
        .map(|(_, k)| k)
        .take(MAX_TOPICS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_are_found_by_code() {
        assert_eq!(topic_index("16000000"), Some(15));
        assert_eq!(topic_index("medtop:01000000"), Some(0));
        assert_eq!(topic_index("17"), Some(16));
        assert_eq!(topic_index("18"), None);
    }

    #[test]
    fn ranked_keeps_what_applies_best_first() {
        let mut p = [0.01f32; TOPICS];
        p[15] = 0.9;
        p[10] = 0.6;
        p[3] = 0.3;
        p[4] = 0.2;
        let rule = Extra {
            floor: 0.25,
            ratio: 0.3,
        };
        assert_eq!(ranked_with(&p, rule), vec![15, 10, 3]);
        let rule = Extra {
            floor: 0.5,
            ratio: 0.0,
        };
        assert_eq!(ranked_with(&p, rule), vec![15, 10]);
        let mut weak = [0.01f32; TOPICS];
        weak[2] = 0.25;
        weak[4] = 0.21;
        assert_eq!(ranked_with(&weak, rule), vec![2]);
        assert!(ranked(&[0.05; TOPICS]).is_empty());
        // At most three, however many apply.
        assert_eq!(ranked(&[0.9; TOPICS]).len(), 3);
    }
}

//! The entity recogniser's acceptance figure: conlleval-style mention-level
//! P/R/F1 (exact span and type) of the compiled model on CoNLL-2003 dev,
//! overall and per type. Run: `cargo test --release --test ner_conll -- --nocapture`.

mod common;

use newsflow::tag::ner::Recognizer;
use newsflow::tag::ner::train::{evaluate, read_conll};

/// The target for the dev set's micro F1.
const TARGET_F1: f64 = 0.90;

#[test]
fn conll_dev_mention_f1() {
    let Some(dir) = common::corpus("conll2003") else {
        return;
    };
    let dev = std::fs::read_to_string(dir.join("dev.txt")).expect("dev.txt is readable");
    let docs = read_conll(&dev);
    assert!(
        docs.len() > 200,
        "dev.txt should hold the 216 CoNLL dev documents, got {}",
        docs.len()
    );
    let rec = Recognizer::load();
    let scores = evaluate(&rec, &docs);
    println!(
        "CoNLL-2003 dev ({} documents), mention-level exact span+type:\n{}",
        docs.len(),
        scores.table()
    );
    let all = scores.by_kind[4];
    // Every mention in dev is counted once: a model that found nothing (the
    // placeholder model) would score 0 here.
    assert_eq!(all.gold, 5942, "CoNLL-2003 dev has 5,942 gold mentions");
    assert!(
        all.f1() >= TARGET_F1,
        "dev micro F1 {:.4} is below {TARGET_F1}",
        all.f1()
    );
    for (name, c) in ["PER", "ORG", "LOC", "MISC"].iter().zip(&scores.by_kind) {
        assert!(
            c.f1() >= 0.80,
            "{name} F1 {:.4} is far below the others",
            c.f1()
        );
    }
}

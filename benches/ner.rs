//! The entity recogniser's speed on one core: tokens per second of
//! `Recognizer::recognize` (tokenisation, sentence splitting, both passes)
//! over the CoNLL-2003 dev documents rebuilt as text (title line, then the
//! sentences one per line). Prints the median of several rounds.
//!
//! `cargo bench --bench ner` (`-- --rounds R`); skips when the corpus is absent.

mod common;

use std::path::Path;
use std::time::Instant;

use newsflow::tag::ner::Recognizer;
use newsflow::tag::ner::features::token_infos;
use newsflow::tag::ner::tokenize::sentences;
use newsflow::tag::ner::train::read_conll;

/// The target.
const TARGET: f64 = 500_000.0;

fn main() {
    let rounds = common::arg("--rounds", 7).max(1);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/conll2003/dev.txt");
    let Ok(dev) = std::fs::read_to_string(&path) else {
        println!(
            "skipped: {} is absent (the shared corpus is not part of the repository)",
            path.display()
        );
        return;
    };
    // Each document as the daemon sees it: a title and a body.
    let docs: Vec<(String, String)> = read_conll(&dev)
        .iter()
        .map(|d| {
            let lines = d.lines();
            let title = lines.first().cloned().unwrap_or_default();
            (title, lines.get(1..).unwrap_or_default().join("\n"))
        })
        .collect();
    let tokens: usize = docs
        .iter()
        .map(|(t, b)| {
            sentences(t)
                .iter()
                .chain(&sentences(b))
                .map(Vec::len)
                .sum::<usize>()
        })
        .sum();
    let bytes: usize = docs.iter().map(|(t, b)| t.len() + b.len()).sum();
    let rec = Recognizer::load();
    let mut found = 0usize;
    let mut secs: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            found = 0;
            for (title, body) in &docs {
                found += rec
                    .recognize(&[title, body])
                    .iter()
                    .map(Vec::len)
                    .sum::<usize>();
            }
            start.elapsed().as_secs_f64()
        })
        .collect();
    let whole = median(&mut secs);
    let rate = tokens as f64 / whole;
    println!(
        "ner: {} documents, {tokens} tokens, {:.1} MB, {found} mentions; median of {rounds} rounds {:.3} s \
         = {:.0} tokens/s ({:.1} MB/s) on one core (target {TARGET:.0}: {})",
        docs.len(),
        bytes as f64 / 1e6,
        whole,
        rate,
        bytes as f64 / 1e6 / whole,
        if rate >= TARGET { "met" } else { "NOT met" }
    );
    // Where the time goes: tokenisation alone, then with the token facts
    // (affixes, shapes, gazetteer) that both passes read.
    let mut tok_secs: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            let mut n = 0usize;
            for (title, body) in &docs {
                n += sentences(title).len() + sentences(body).len();
            }
            std::hint::black_box(n);
            start.elapsed().as_secs_f64()
        })
        .collect();
    let mut info_secs: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for (title, body) in &docs {
                let doc: Vec<Vec<&str>> = [title, body]
                    .iter()
                    .flat_map(|t| {
                        sentences(t)
                            .into_iter()
                            .map(|s| s.iter().map(|k| &t[k.start..k.end]).collect())
                    })
                    .collect();
                std::hint::black_box(token_infos(&doc, rec.gazetteer()));
            }
            start.elapsed().as_secs_f64()
        })
        .collect();
    println!(
        "ner breakdown (median s): tokenise {:.3}, tokenise + token facts {:.3}, whole {:.3}",
        median(&mut tok_secs),
        median(&mut info_secs),
        whole
    );
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

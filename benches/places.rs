//! The place tagger's speed on one core: microseconds per BBC article of
//! `Places::tag` alone (gazetteer matching, disambiguation, focus), the
//! recogniser's mentions computed beforehand. Prints the median of several
//! rounds, and the gazetteer's load time.
//!
//! `cargo bench --bench places` (`-- --rounds R`); skips when the corpus is absent.

use std::path::Path;
use std::time::Instant;

use newsflow::tag::ner::Recognizer;
use newsflow::tag::places::{Article, Places};

fn arg(name: &str, default: usize) -> usize {
    std::env::args()
        .skip_while(|a| a != name)
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let rounds = arg("--rounds", 7).max(1);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bbc");
    if !dir.is_dir() {
        println!(
            "skipped: {} is absent (the shared corpus is not part of the repository)",
            dir.display()
        );
        return;
    }
    // Each article as title line and body, as the BBC files hold them.
    let mut texts: Vec<(String, String)> = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.path().extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let (title, body) = text.split_once('\n').unwrap_or((&text, ""));
        texts.push((title.trim().to_string(), body.trim().to_string()));
    }
    let load = Instant::now();
    let places = Places::load();
    let load_ms = load.elapsed().as_secs_f64() * 1e3;
    let ner = Recognizer::load();
    let mentions: Vec<_> = texts.iter().map(|(t, b)| ner.recognize(&[t, b])).collect();
    let mut per_article = Vec::with_capacity(rounds);
    let mut found = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        found = 0;
        for ((title, body), m) in texts.iter().zip(&mentions) {
            let f = places.tag(&Article {
                title,
                body,
                dateline: None,
                title_mentions: &m[0],
                body_mentions: &m[1],
            });
            found += f.places.len();
        }
        per_article.push(start.elapsed().as_secs_f64() * 1e6 / texts.len() as f64);
    }
    per_article.sort_by(f64::total_cmp);
    let median = per_article[per_article.len() / 2];
    println!(
        "places: {} BBC articles, {found} places; median {median:.1} us per article over {rounds} rounds (min {:.1}, max {:.1}); gazetteer load {load_ms:.1} ms",
        texts.len(),
        per_article[0],
        per_article[per_article.len() - 1],
    );
}

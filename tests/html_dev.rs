//! Main-text extraction quality and speed of the HTML parser on
//! `../shared/corpus/html-dev` (91 real pages with gold article bodies), with
//! the ScrapingHub article-extraction benchmark's metric. Skips when the corpus
//! is absent, as on a user's machine.
//!
//! Metric: tokens are `\w+` runs (Unicode alphanumerics and `_`), shingles are
//! 4 consecutive tokens counted as a multiset (the benchmark's `Counter`; the
//! figures with shingles as sets are printed too);
//! precision and recall are computed per page and averaged over pages, and F1 is
//! the harmonic mean of the averaged P and R (averaged per-page F1 is printed too).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use newsflow::document::Format;

/// Set just under what the parser measures (P 0.9583, R 0.9903, F1 0.9740).
const F1_FLOOR: f64 = 0.97;

fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let toks = tokens(text);
    let mut out = HashMap::new();
    for w in toks.windows(4) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    // Texts shorter than one shingle still count as one.
    if toks.len() < 4 && !toks.is_empty() {
        out.insert(toks, 1);
    }
    out
}

/// Per-page precision and recall of `pred` against `gold`; with `as_sets`,
/// each distinct shingle counts once.
fn precision_recall(gold: &str, pred: &str, as_sets: bool) -> (f64, f64) {
    let (mut g, mut p) = (shingles(gold), shingles(pred));
    if as_sets {
        g.values_mut().for_each(|n| *n = 1);
        p.values_mut().for_each(|n| *n = 1);
    }
    let tp: usize = p
        .iter()
        .map(|(k, n)| (*n).min(g.get(k).copied().unwrap_or(0)))
        .sum();
    let (np, ng): (usize, usize) = (p.values().sum(), g.values().sum());
    let precision = if np == 0 {
        if ng == 0 { 1.0 } else { 0.0 }
    } else {
        tp as f64 / np as f64
    };
    let recall = if ng == 0 { 1.0 } else { tp as f64 / ng as f64 };
    (precision, recall)
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

#[test]
fn html_dev_main_text_quality_and_speed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/html-dev");
    let Ok(gold) = std::fs::read_to_string(dir.join("ground-truth.json")) else {
        println!(
            "skipped: {} is absent (the html-dev corpus is not shipped with newsflow)",
            dir.display()
        );
        return;
    };
    let gold: serde_json::Value = serde_json::from_str(&gold).expect("ground-truth.json");
    let mut pages = Vec::new();
    for (id, entry) in gold.as_object().expect("an object of pages") {
        let file = std::fs::File::open(dir.join(format!("html/{id}.html.gz"))).expect("page");
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .expect("gzip");
        let body = entry["articleBody"].as_str().unwrap_or("").to_string();
        pages.push((
            id.clone(),
            String::from_utf8_lossy(&bytes).into_owned(),
            body,
        ));
    }

    let started = Instant::now();
    let docs: Vec<_> = pages
        .iter()
        .map(|(_, html, _)| newsflow::parse::parse(html, "page.html"))
        .collect();
    let elapsed = started.elapsed().as_secs_f64();

    let (mut sum_p, mut sum_r, mut sum_f) = (0.0, 0.0, 0.0);
    let (mut sum_set_p, mut sum_set_r) = (0.0, 0.0);
    for ((id, _, gold), doc) in pages.iter().zip(&docs) {
        let body = match doc {
            Ok((format, doc)) => {
                assert_eq!(*format, Format::Html, "{id} sniffed as {format:?}");
                doc.body()
            }
            Err(_) => String::new(),
        };
        // HTML_DEV_DUMP=<folder> writes each page's extracted body there, to diff two versions.
        if let Some(dump) = std::env::var_os("HTML_DEV_DUMP") {
            std::fs::create_dir_all(&dump).expect("dump folder");
            std::fs::write(Path::new(&dump).join(format!("{id}.txt")), &body).expect("dump");
        }
        let (p, r) = precision_recall(gold, &body, false);
        let (set_p, set_r) = precision_recall(gold, &body, true);
        sum_set_p += set_p;
        sum_set_r += set_r;
        if std::env::var_os("HTML_DEV_VERBOSE").is_some() {
            println!("{id} P {p:.3} R {r:.3}");
            if let Ok((_, doc)) = doc {
                println!(
                    "  title {:?}\n  authors {:?} published {:?} site {:?}\n  url {:?} captions {}",
                    doc.title,
                    doc.authors,
                    doc.published_at,
                    doc.site_name,
                    doc.url,
                    doc.captions.len()
                );
            }
        }
        sum_p += p;
        sum_r += r;
        sum_f += f1(p, r);
    }
    let n = pages.len() as f64;
    let (p, r) = (sum_p / n, sum_r / n);
    println!(
        "html-dev: {} pages, P {p:.4} R {r:.4} F1 {:.4} (mean per-page F1 {:.4}); {:.0} pages/s on one thread",
        pages.len(),
        f1(p, r),
        sum_f / n,
        n / elapsed
    );
    let (set_p, set_r) = (sum_set_p / n, sum_set_r / n);
    println!(
        "html-dev, shingles as sets: P {set_p:.4} R {set_r:.4} F1 {:.4}",
        f1(set_p, set_r)
    );
    assert!(
        f1(p, r) >= F1_FLOOR,
        "F1 {:.4} fell below {F1_FLOOR}",
        f1(p, r)
    );
}

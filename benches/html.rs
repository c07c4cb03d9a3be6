//! The HTML parser on one core: pages/s of `newsflow::parse::parse` over the
//! html-dev pages (`../shared/corpus/html-dev`, 91 real article pages), the
//! figure the acceptance asks for (>= 500 pages/s), and where the time goes
//! step by step. Pages are read and decoded once, before any timing. Prints
//! medians and bests over rounds; skips when the corpus is absent.
//!
//! `cargo bench --bench html` (add `-- --rounds N` for more rounds).

mod common;

use std::hint::black_box;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use newsflow::parse::{self, HtmlTimings};

fn main() {
    let rounds = common::arg("--rounds", 15);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/html-dev/html");
    let pages = pages(&dir);
    if pages.is_empty() {
        println!(
            "html bench skipped: {} is absent (the html-dev corpus is not shipped with newsflow)",
            dir.display()
        );
        return;
    }
    let bytes: usize = pages.iter().map(String::len).sum();
    println!(
        "html bench: {} html-dev pages, {:.0} KB each on average, {rounds} rounds, one thread",
        pages.len(),
        bytes as f64 / pages.len() as f64 / 1024.0
    );

    let n = pages.len() as f64;
    let report = |label: &str, times: &mut Vec<Duration>| {
        times.sort();
        let median = times[times.len() / 2].as_secs_f64();
        let best = times[0].as_secs_f64();
        println!(
            "{label:<44} median {:>7.0} pages/s ({:>7.3} ms/page), best {:>7.0}/s",
            n / median,
            median * 1e3 / n,
            n / best
        );
    };

    // One warm-up pass, so the first round does not pay for page faults.
    for html in &pages {
        black_box(parse::parse(html, "page.html").ok());
    }
    let mut whole = Vec::new();
    let mut steps: Vec<HtmlTimings> = Vec::new();
    let mut raw_dom = Vec::new();
    for _ in 0..rounds {
        let started = Instant::now();
        for html in &pages {
            black_box(parse::parse(black_box(html), "page.html").ok());
        }
        whole.push(started.elapsed());

        let mut timings = HtmlTimings::default();
        for html in &pages {
            black_box(parse::parse_html_timed(black_box(html), &mut timings));
        }
        steps.push(timings);

        // For scale: the tree of the page as saved, without the byte pass.
        let started = Instant::now();
        for html in &pages {
            black_box(dom_query::Document::from(black_box(html.as_str())));
        }
        raw_dom.push(started.elapsed());
    }
    report("parse::parse (sniff + HTML parser)", &mut whole);
    let step =
        |pick: fn(&HtmlTimings) -> Duration| -> Vec<Duration> { steps.iter().map(pick).collect() };
    let mut total =
        step(|t| t.prefilter + t.dom + t.metadata + t.preclean + t.readability + t.paragraphs);
    report("  sum of the steps below", &mut total);
    report("  byte pass before the tree", &mut step(|t| t.prefilter));
    report("  DOM parse (after the byte pass)", &mut step(|t| t.dom));
    report("  metadata", &mut step(|t| t.metadata));
    report("  pre-clean", &mut step(|t| t.preclean));
    report("  readability (dom_smoothie)", &mut step(|t| t.readability));
    report("  paragraphs", &mut step(|t| t.paragraphs));
    report("DOM parse of the page as saved (for scale)", &mut raw_dom);
}

/// The html-dev pages in name order, decoded as the daemon decodes files.
fn pages(dir: &Path) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|path| {
            let file = std::fs::File::open(path).ok()?;
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(file)
                .read_to_end(&mut bytes)
                .ok()?;
            match newsflow::read::decode(&bytes) {
                Ok(text) => Some(text.text),
                Err(_) => Some(String::from_utf8_lossy(&bytes).into_owned()),
            }
        })
        .collect()
}

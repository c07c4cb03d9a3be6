//! Parse + extract on one core: decoded BBC text -> `parse::parse` -> the
//! record's stats, quotes, dates and amounts (`extract::body_facts`, the code
//! the pipeline runs), the figure the issue asks for (>= 5,000 articles/s).
//! Reads `../shared/corpus/bbc` and skips, saying so, when it is absent. Prints
//! medians and bests over rounds (wall clock, and the thread's CPU time, steadier
//! on a shared machine), then each part alone to show where time goes.
//!
//! `cargo bench --bench extract` (`-- --rounds N` for more rounds; `-- --dump
//! FILE` also writes every article's facts as JSON lines, BBC then seeds, to diff
//! before and after a change that should not alter results).

mod common;

use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{load_average, thread_cpu_time};
use newsflow::document::Document;
use newsflow::extract::{self, amounts, dates, quotes};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let rounds = flag("--rounds")
        .and_then(|n| n.parse().ok())
        .unwrap_or(15usize)
        .max(1);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let texts = read_texts(&corpus.join("bbc"));
    if texts.is_empty() {
        println!(
            "SKIP: {} is absent (the shared corpus is not on this machine): nothing to measure",
            corpus.join("bbc").display()
        );
        return;
    }
    if let Some(path) = flag("--dump") {
        let mut all = texts.clone();
        all.extend(read_texts(&corpus.join("seeds")));
        dump(&all, Path::new(path));
        println!("wrote the facts of {} articles to {path}", all.len());
    }
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    println!(
        "extract bench: {} BBC articles, {:.0} bytes each on average, {rounds} rounds, one thread{}",
        texts.len(),
        bytes as f64 / texts.len() as f64,
        load_average()
    );

    // Parsed once, for the lines that time one part alone.
    let docs: Vec<(Document, String)> = texts
        .iter()
        .filter_map(|(name, text)| {
            let (_, doc) = newsflow::parse::parse(text, name).ok()?;
            let body = doc.body();
            Some((doc, body))
        })
        .collect();
    let anchors: Vec<Option<dates::Anchor>> = docs
        .iter()
        .map(|(doc, _)| {
            dates::anchor(
                doc.published_at.as_deref(),
                doc.dateline.as_ref().map(|d| d.text.as_str()),
            )
        })
        .collect();

    let n = texts.len() as f64;
    // Wall-clock time, the figure; and the thread's CPU time, which other
    // processes on a shared machine disturb less.
    let report = |label: &str, times: &mut Vec<(Duration, Option<Duration>)>| {
        times.sort();
        let median = times[times.len() / 2].0.as_secs_f64();
        let best = times[0].0.as_secs_f64();
        let mut cpu: Vec<Duration> = times.iter().filter_map(|t| t.1).collect();
        cpu.sort();
        let cpu = cpu
            .get(cpu.len() / 2)
            .map(|c| format!(", CPU time {:>8.0}/s", n / c.as_secs_f64()))
            .unwrap_or_default();
        println!(
            "{label:<36} median {:>8.0} articles/s ({:>7.2} us/article), best {:>8.0}/s{cpu}",
            n / median,
            median * 1e6 / n,
            n / best
        );
    };
    let timed = |f: &mut dyn FnMut()| {
        let (started, cpu) = (Instant::now(), thread_cpu_time());
        f();
        let cpu = thread_cpu_time().zip(cpu).map(|(end, start)| end - start);
        (started.elapsed(), cpu)
    };

    let (mut whole, mut parse, mut facts) = (Vec::new(), Vec::new(), Vec::new());
    let (mut stats, mut quote, mut date, mut amount) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        whole.push(timed(&mut || {
            for (name, text) in &texts {
                if let Ok((_, doc)) = newsflow::parse::parse(text, name) {
                    let body = doc.body();
                    black_box(extract::body_facts(&doc, &body));
                }
            }
        }));
        parse.push(timed(&mut || {
            for (name, text) in &texts {
                if let Ok((_, doc)) = newsflow::parse::parse(text, name) {
                    black_box(doc.body());
                }
            }
        }));
        facts.push(timed(&mut || {
            for (doc, body) in &docs {
                black_box(extract::body_facts(doc, body));
            }
        }));
        stats.push(timed(&mut || {
            for (doc, body) in &docs {
                black_box(extract::stats(doc, body));
            }
        }));
        quote.push(timed(&mut || {
            for (_, body) in &docs {
                black_box(quotes::quotes(body));
            }
        }));
        date.push(timed(&mut || {
            for ((_, body), anchor) in docs.iter().zip(&anchors) {
                black_box(dates::dates(body, *anchor));
            }
        }));
        amount.push(timed(&mut || {
            for (_, body) in &docs {
                black_box(amounts::amounts(body));
            }
        }));
    }
    report("parse + extract (the target)", &mut whole);
    report("  parse::parse + body()", &mut parse);
    report("  extract::body_facts", &mut facts);
    report("    stats (words, sentences)", &mut stats);
    report("    quotes", &mut quote);
    report("    dates", &mut date);
    report("    amounts", &mut amount);
}

/// The `.txt` files in `dir` and in its folders,
/// sorted by path, as (name relative to `dir`, decoded text). UTF-8, else
/// Latin-1 (the corpus's one Latin-1 file), as the read stage decodes them.
fn read_texts(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(
                std::fs::read_dir(&path)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|f| f.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "txt")),
            );
        } else if path.extension().is_some_and(|e| e == "txt") {
            files.push(path);
        }
    }
    files.sort();
    files
        .iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).ok()?;
            let text = String::from_utf8(bytes.clone())
                .unwrap_or_else(|_| bytes.iter().map(|&b| b as char).collect());
            let name = path.strip_prefix(dir).ok()?.to_string_lossy().into_owned();
            Some((name, text))
        })
        .collect()
}

/// One JSON line per article: its name and the facts the record gets.
fn dump(texts: &[(String, String)], path: &Path) {
    let write = || -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        for (name, text) in texts {
            let Ok((_, doc)) = newsflow::parse::parse(text, name) else {
                continue;
            };
            let body = doc.body();
            let f = extract::body_facts(&doc, &body);
            let line = serde_json::json!({
                "name": name,
                "stats": f.stats,
                "quotes": f.quotes,
                "dates": f.dates,
                "amounts": f.amounts,
            });
            writeln!(out, "{line}")?;
        }
        out.flush()
    };
    if let Err(e) = write() {
        eprintln!("cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}

//! The dedup loop on one core: fingerprint + query + insert for BBC-sized
//! articles, the figure issue 3 asks for (>= 20,000 articles/s). Reads the BBC
//! corpus from `../shared/corpus/bbc` when present, else generates articles of
//! the same size. Prints medians over rounds; each round starts a fresh index.
//!
//! `cargo bench --bench dedup` (add `-- --rounds N` for more rounds).

mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use newsflow::dedup::{self, Fingerprint, Index, IndexConfig};

fn main() {
    let rounds = common::arg("--rounds", 15);
    let (source, articles) = articles();
    let bytes: usize = articles.iter().map(|(t, b)| t.len() + b.len()).sum();
    println!(
        "dedup bench: {} {source} articles, {:.0} bytes each on average, {rounds} rounds, one thread",
        articles.len(),
        bytes as f64 / articles.len() as f64
    );

    // The ids come from the load stage (SHA-256 of the normalised body); they
    // are computed once here and timed separately.
    let ids: Vec<u64> = articles
        .iter()
        .map(|(_, b)| dedup::id_key(&dedup::article_id(b)).unwrap_or_default())
        .collect();

    let n = articles.len() as f64;
    let report = |label: &str, times: &mut Vec<Duration>| {
        times.sort();
        let median = times[times.len() / 2].as_secs_f64();
        let best = times[0].as_secs_f64();
        println!(
            "{label:<44} median {:>8.0} articles/s ({:>6.2} us/article), best {:>8.0}/s",
            n / median,
            median * 1e6 / n,
            n / best
        );
    };

    let mut loop_times = Vec::new();
    let mut fp_times = Vec::new();
    let mut index_times = Vec::new();
    let mut id_times = Vec::new();
    for _ in 0..rounds {
        // The whole loop, as the stage will run it on one core.
        let started = Instant::now();
        let mut index = Index::new(IndexConfig::default());
        for ((title, body), &id) in articles.iter().zip(&ids) {
            let fp = Fingerprint::of(title, body);
            black_box(index.check_and_insert(id, 0, &fp, &mut |_| None));
        }
        loop_times.push(started.elapsed());

        // Its two halves: fingerprinting (the parallel stage) ...
        let started = Instant::now();
        let fps: Vec<Fingerprint> = articles
            .iter()
            .map(|(t, b)| Fingerprint::of(t, b))
            .collect();
        fp_times.push(started.elapsed());
        // ... and the index owner's share.
        let started = Instant::now();
        let mut index = Index::new(IndexConfig::default());
        for (fp, &id) in fps.iter().zip(&ids) {
            black_box(index.check_and_insert(id, 0, fp, &mut |_| None));
        }
        index_times.push(started.elapsed());

        let started = Instant::now();
        for (_, b) in &articles {
            black_box(dedup::article_id(b));
        }
        id_times.push(started.elapsed());
    }
    // What the one-permutation MinHash saves: a classic 64-permutation MinHash
    // (multiply-shift per permutation, the cheapest family) over the same shingles.
    let fps: Vec<Fingerprint> = articles
        .iter()
        .map(|(t, b)| Fingerprint::of(t, b))
        .collect();
    let mut classic_times = Vec::new();
    for _ in 0..rounds {
        let started = Instant::now();
        for fp in &fps {
            black_box(classic_minhash(black_box(&fp.shingles)));
        }
        classic_times.push(started.elapsed());
    }
    report("fingerprint + check_and_insert (the loop)", &mut loop_times);
    report("  Fingerprint::of alone (parallel stage)", &mut fp_times);
    report("  check_and_insert alone (owner thread)", &mut index_times);
    report("article_id (load stage, for reference)", &mut id_times);
    report(
        "classic 64-perm MinHash alone (not used)",
        &mut classic_times,
    );
}

fn classic_minhash(shingles: &[u32]) -> [u64; 64] {
    let mut sig = [u64::MAX; 64];
    for &s in shingles {
        let h = u64::from(s);
        for (i, slot) in sig.iter_mut().enumerate() {
            let a = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
            let v = h.wrapping_mul(a).wrapping_add(a >> 7) >> 32;
            *slot = (*slot).min(v);
        }
    }
    sig
}

/// The BBC articles (title, body) in category/name order, or as many
/// generated ones of the same size when the corpus is absent.
fn articles() -> (&'static str, Vec<(String, String)>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bbc");
    let mut files = Vec::new();
    for cat in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(cat.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if f.path().extension().is_some_and(|e| e == "txt") {
                files.push(f.path());
            }
        }
    }
    files.sort();
    if files.is_empty() {
        println!("{} is absent: using generated articles", dir.display());
        return ("generated", (0..2225).map(generated).collect());
    }
    let articles = files
        .iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).ok()?;
            let text = String::from_utf8(bytes.clone())
                .unwrap_or_else(|_| bytes.iter().map(|&b| b as char).collect());
            let (_, doc) = newsflow::parse::parse(&text, "").ok()?;
            Some((doc.title.clone(), doc.body()))
        })
        .collect();
    ("BBC", articles)
}

/// A made-up article of BBC size (~390 words in ~20 sentences).
fn generated(seed: usize) -> (String, String) {
    const WORDS: [&str; 16] = [
        "council",
        "market",
        "minister",
        "said",
        "growth",
        "players",
        "season",
        "report",
        "shares",
        "government",
        "film",
        "network",
        "users",
        "election",
        "bank",
        "record",
    ];
    let mut state = seed as u64 * 0x9e37_79b9_7f4a_7c15 + 1;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut body = String::new();
    for s in 0..20 {
        for w in 0..19 {
            let r = next();
            body.push_str(WORDS[(r % 16) as usize]);
            body.push_str(&format!("{}", (r >> 8) % 1000));
            body.push(if w == 18 { '.' } else { ' ' });
        }
        body.push_str(if s % 4 == 3 { "\n\n" } else { " " });
    }
    (format!("Generated article {seed}"), body)
}

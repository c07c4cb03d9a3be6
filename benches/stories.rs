//! The story clusterer on one core as stories pile up: per-article cost of
//! `Clusterer::assign` in successive slices of a long synthetic stream
//! (articles of 300 distinct terms drawn from a Zipf-like vocabulary of
//! 200,000 words, plus a few event words and names shared by the members of
//! each event; events of 1 to 40 articles over a week, an article every 6
//! seconds of article time), so that the figure shows whether the cost stays
//! flat as the corpus grows (issue 12: candidates come from an index, never
//! a scan of every story). Prints the median of rounds per slice, the stories
//! made and those held in memory at the end.
//!
//! Then the scale run: a clusterer holding 1,000 stories and one holding
//! 1,000,000 (synthetic one-article stories, all within the window, so all
//! in memory and in the index) each take the same probe stream; the per-article
//! times and their ratio are printed (issue 12: within 1.5x), with the memory
//! per story (resident-set growth while the stories were made, divided by
//! their number) and the stored profile's size.
//!
//! `cargo bench --bench stories` (`-- --articles N --rounds R --scale S
//! --probe P`).

mod common;

use std::time::Instant;

use newsflow::corpus::stories::{Clusterer, Settings, Signal, Sparse};

/// SplitMix64: a seeded, dependency-free generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn stream(n: usize) -> Vec<Signal> {
    let mut rng = Rng(12);
    let mut signals = Vec::with_capacity(n);
    let mut event = 0u64;
    let mut left = 0;
    while signals.len() < n {
        if left == 0 {
            event += 1;
            left = 1 + (rng.unit().powi(3) * 40.0) as usize;
        }
        left -= 1;
        let i = signals.len();
        signals.push(article(&mut rng, i as u64 + 1, i as i64 * 6, event, 300));
    }
    signals
}

/// One synthetic article of `event` with `words` background words.
fn article(rng: &mut Rng, key: u64, time: i64, event: u64, words: usize) -> Signal {
    // Zipf-like background words (rank = 200000^u), weighed as tf-idf
    // would: a common word next to nothing, a rare one more.
    let background: Vec<(u64, f32)> = (0..words)
        .map(|_| {
            let rank = 200_000f64.powf(rng.unit()) as u64;
            (rank, (1.0 + rank as f32 / 50.0).ln())
        })
        .collect();
    let event_words = (0..12).map(|k| (1_000_000 + event * 16 + k, 12.0));
    let terms = Sparse::from_weights(background.into_iter().chain(event_words)).normalised();
    let names = Sparse::from_weights((0..4).map(|k| (event * 8 + k, 1.0))).normalised();
    Signal {
        key,
        time,
        terms,
        names,
        links: Vec::new(),
    }
}

/// Resident set of this process, in bytes.
fn rss_bytes() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |kib| kib * 1024.0)
}

/// Per-article time (µs) of `probe` articles given to a clusterer that
/// already holds `stories` one-article stories, all in memory; and the bytes
/// of memory per story those took.
fn scale(stories: usize, probe: usize) -> (f64, f64) {
    let mut rng = Rng(99);
    let mut clusterer = Clusterer::new(Settings::default());
    let before = rss_bytes();
    // Article time stays inside the first sweep step: nothing leaves memory.
    for i in 0..stories {
        let event = 10_000_000 + i as u64;
        clusterer.assign(&article(&mut rng, i as u64 + 1, 0, event, 60));
    }
    let per_story = (rss_bytes() - before) / stories as f64;
    let mut event = 0u64;
    let mut left = 0;
    let signals: Vec<Signal> = (0..probe)
        .map(|i| {
            if left == 0 {
                event += 1;
                left = 1 + (rng.unit().powi(3) * 40.0) as usize;
            }
            left -= 1;
            article(&mut rng, 1 << 40 | i as u64, 1 + i as i64 / 100, event, 300)
        })
        .collect();
    let started = Instant::now();
    for signal in &signals {
        clusterer.assign(signal);
    }
    let us = started.elapsed().as_secs_f64() * 1e6 / probe as f64;
    (us, per_story)
}

fn main() {
    let n = common::arg("--articles", 200_000);
    let rounds = common::arg("--rounds", 3);
    let slices = 10;
    let signals = stream(n);
    println!("stories bench: {n} synthetic articles, {rounds} rounds, one thread");
    let mut per_slice: Vec<Vec<f64>> = vec![Vec::new(); slices];
    let mut made = 0;
    let mut active = 0;
    let mut stored = 0.0;
    for _ in 0..rounds {
        let mut clusterer = Clusterer::new(Settings::default());
        let mut new = Vec::new();
        for (s, chunk) in signals.chunks(n.div_ceil(slices)).enumerate() {
            let started = Instant::now();
            for signal in chunk {
                let decision = clusterer.assign(signal);
                if decision.new {
                    new.push(decision.story);
                }
            }
            per_slice[s].push(started.elapsed().as_secs_f64() * 1e6 / chunk.len() as f64);
        }
        made = new.len();
        active = clusterer.active_stories();
        let bytes: Vec<usize> = new
            .iter()
            .filter_map(|&story| clusterer.profile(story))
            .map(|p| p.to_bytes().len())
            .collect();
        stored = bytes.iter().sum::<usize>() as f64 / bytes.len().max(1) as f64;
    }
    for (s, times) in per_slice.iter_mut().enumerate() {
        times.sort_by(f64::total_cmp);
        println!(
            "  articles {:>7}..{:<7} {:6.2} us/article (median)",
            s * n / slices,
            (s + 1) * n / slices,
            times[times.len() / 2]
        );
    }
    let first = per_slice[0][per_slice[0].len() / 2];
    let last = per_slice[slices - 1][per_slice[slices - 1].len() / 2];
    println!(
        "  {made} stories made, {active} in memory at the end (stored profile {stored:.0} bytes \
         each on average); last slice / first slice = {:.2}",
        last / first
    );
    let big = common::arg("--scale", 1_000_000);
    let probe = common::arg("--probe", 20_000);
    let mut small_times = Vec::new();
    let mut big_times = Vec::new();
    let mut per_story = 0.0;
    for _ in 0..rounds {
        small_times.push(scale(1_000, probe).0);
        let (us, bytes) = scale(big, probe);
        big_times.push(us);
        per_story = bytes;
    }
    let median = |t: &mut Vec<f64>| {
        t.sort_by(f64::total_cmp);
        t[t.len() / 2]
    };
    let (small, large) = (median(&mut small_times), median(&mut big_times));
    println!(
        "  scale: {probe} probe articles at 1000 stories {small:.2} us/article, at {big} stories \
         {large:.2} us/article (median of {rounds}); ratio {:.2}; memory {:.0} bytes per \
         one-article story held",
        large / small,
        per_story
    );
}

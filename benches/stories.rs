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
//! `cargo bench --bench stories` (`-- --articles N --rounds R`).

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
        // Zipf-like background words (rank = 200000^u), weighed as tf-idf
        // would: a common word next to nothing, a rare one more.
        let words = (0..300).map(|_| {
            let rank = 200_000f64.powf(rng.unit()) as u64;
            (rank, (1.0 + rank as f32 / 50.0).ln())
        });
        let event_words = (0..12).map(|k| (1_000_000 + event * 16 + k, 12.0));
        let terms = Sparse::from_weights(words.chain(event_words)).normalised();
        let names = Sparse::from_weights((0..4).map(|k| (event * 8 + k, 1.0))).normalised();
        signals.push(Signal {
            key: i as u64 + 1,
            time: i as i64 * 6,
            terms,
            names,
            links: Vec::new(),
        });
    }
    signals
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
    for _ in 0..rounds {
        let mut clusterer = Clusterer::new(Settings::default());
        let mut new = 0;
        for (s, chunk) in signals.chunks(n.div_ceil(slices)).enumerate() {
            let started = Instant::now();
            for signal in chunk {
                new += usize::from(clusterer.assign(signal).new);
            }
            per_slice[s].push(started.elapsed().as_secs_f64() * 1e6 / chunk.len() as f64);
        }
        made = new;
        active = clusterer.active_stories();
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
        "  {made} stories made, {active} in memory at the end; last slice / first slice = {:.2}",
        last / first
    );
}

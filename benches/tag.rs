//! The tag stage on one core, over the BBC corpus (`../shared/corpus/bbc`,
//! skipped with a message when absent): each tagger alone and the whole
//! `Taggers::tag_record`, as the median of rounds over every article, in
//! articles per second, by the clock and by the timing thread's CPU time
//! (steady on a shared machine). Records are built first, outside the timing, by
//! parse + extract (`extract::standalone_record`).
//!
//! Last, the corpus owner's step (keywords and stories) on the same real
//! stream, in processing order.
//!
//! `cargo bench --bench tag` (`-- --rounds R`, `--only <tagger>`, `--only corpus`).

mod common;

use std::path::Path;
use std::time::Instant;

use newsflow::corpus::stories::Settings;
use newsflow::corpus::{self, Corpus, keywords};
use newsflow::record::ArticleRecord;
use newsflow::tag::{Taggers, summary};

fn bbc_records() -> Option<Vec<ArticleRecord>> {
    let bbc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bbc");
    if !bbc.is_dir() {
        println!("skipped: {} is absent", bbc.display());
        return None;
    }
    let mut records = Vec::new();
    for category in ["business", "entertainment", "politics", "sport", "tech"] {
        let mut paths: Vec<_> = std::fs::read_dir(bbc.join(category))
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).ok()?;
            let text = String::from_utf8_lossy(&bytes);
            let name = path.file_name()?.to_string_lossy().to_string();
            records.extend(newsflow::extract::standalone_record(&text, &name));
        }
    }
    Some(records)
}

/// Median articles per second of `f` over every record, `rounds` times, by
/// the clock and by the CPU time of this thread (which the other work of a
/// shared machine does not inflate).
fn rate(records: &[ArticleRecord], rounds: usize, f: impl Fn(&ArticleRecord)) -> (f64, f64) {
    let n = records.len() as f64;
    let (mut wall, mut cpu): (Vec<f64>, Vec<f64>) = (0..rounds)
        .map(|_| {
            let (started, cpu) = (Instant::now(), common::thread_cpu_time());
            for record in records {
                f(record);
            }
            let used = common::thread_cpu_time()
                .zip(cpu)
                .map(|(end, start)| end - start);
            let wall = started.elapsed();
            (
                n / wall.as_secs_f64(),
                n / used.unwrap_or(wall).as_secs_f64(),
            )
        })
        .unzip();
    wall.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    (wall[wall.len() / 2], cpu[cpu.len() / 2])
}

fn main() {
    let Some(records) = bbc_records() else {
        return;
    };
    let rounds = common::arg("--rounds", 5);
    let started = Instant::now();
    let taggers = Taggers::load();
    println!(
        "tag: {} BBC articles, median of {rounds} rounds, one core; models loaded in {:?}{}",
        records.len(),
        started.elapsed(),
        common::load_average()
    );
    // Keywords are scored in the corpus stage; their per-article work is
    // finding and scoring the candidates (the frequency lookups are a map's).
    let background = keywords::Background::shipped();
    let docs = background.docs() as f64;
    type Tagger<'a> = Box<dyn Fn(&ArticleRecord) + 'a>;
    let keywords_of = |r: &ArticleRecord| {
        let c = keywords::candidates(&r.title, &r.body, true);
        let df = |k| f64::from(background.df(k) + 1);
        std::hint::black_box(keywords::pick(&c, df, docs, |_| false));
    };
    let taggers_to_time: [(&str, Tagger); 8] = [
        (
            "language",
            Box::new(|r| {
                std::hint::black_box(taggers.language.detect(&r.title, &r.body));
            }),
        ),
        (
            "summary",
            Box::new(|r| {
                std::hint::black_box(summary::summary(r));
            }),
        ),
        (
            "topics",
            Box::new(|r| {
                std::hint::black_box(taggers.topics.classify(&r.title, &r.body));
            }),
        ),
        ("keywords (candidates+pick)", Box::new(keywords_of)),
        (
            "light: lang+topics+kw+summary",
            Box::new(|r| {
                std::hint::black_box(taggers.language.detect(&r.title, &r.body));
                std::hint::black_box(taggers.topics.classify(&r.title, &r.body));
                keywords_of(r);
                std::hint::black_box(summary::summary(r));
            }),
        ),
        (
            "entity recognition",
            Box::new(|r| {
                std::hint::black_box(taggers.ner.recognize(&[&r.title, &r.body]));
            }),
        ),
        (
            "places",
            Box::new(|r| {
                let mentions = taggers.ner.recognize(&[&r.title, &r.body]);
                std::hint::black_box(taggers.places.tag(&newsflow::tag::places::Article {
                    title: &r.title,
                    body: &r.body,
                    dateline: r.dateline.as_ref(),
                    title_mentions: &mentions[0],
                    body_mentions: &mentions[1],
                }));
            }),
        ),
        (
            "whole tag stage",
            Box::new(|r| {
                let mut r = r.clone();
                taggers.tag_record(&mut r);
                std::hint::black_box(r);
            }),
        ),
    ];
    // `-- --only keywords` times one tagger (for a profile).
    let only = std::env::args().skip_while(|a| a != "--only").nth(1);
    for (what, tagger) in &taggers_to_time {
        if only.as_ref().is_some_and(|o| !what.starts_with(o.as_str())) {
            continue;
        }
        let (per_s, per_cpu_s) = rate(&records, rounds, tagger);
        println!(
            "  {what:<32} {per_s:>8.0} articles/s {:>7.1} us/article; CPU {:>7.1} us/article",
            1e6 / per_s,
            1e6 / per_cpu_s
        );
    }
    println!(
        "  (places includes the entity recognition it reads; light is issue 11's four together)"
    );
    if only
        .as_ref()
        .is_none_or(|o| "corpus".starts_with(o.as_str()))
    {
        corpus_step(&records, &taggers, rounds);
    }
}

/// The corpus owner's step on the real stream: keywords and story assignment
/// (`Corpus::add_record`) in processing order, a fresh corpus each round, over
/// records the whole tag stage tagged first (outside the timing), so that
/// names and keywords are what the daemon's owner sees. The terms
/// (`corpus::prepare`) are timed alone too: in the daemon they are computed
/// in the parallel stage, so the owner's own cost is the difference.
fn corpus_step(records: &[ArticleRecord], taggers: &Taggers, rounds: usize) {
    let tagged: Vec<ArticleRecord> = records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            taggers.tag_record(&mut r);
            r
        })
        .collect();
    let (_, prepare_per_cpu_s) = rate(&tagged, rounds, |r| {
        std::hint::black_box(corpus::prepare(r));
    });
    let mut times: Vec<f64> = (0..rounds)
        .map(|_| {
            let mut corpus = Corpus::new(Settings::default());
            let mut stream = tagged.clone();
            let (started, cpu) = (Instant::now(), common::thread_cpu_time());
            for record in &mut stream {
                std::hint::black_box(corpus.add_record(record));
            }
            let used = common::thread_cpu_time()
                .zip(cpu)
                .map(|(end, start)| end - start);
            used.unwrap_or_else(|| started.elapsed()).as_secs_f64() * 1e6 / stream.len() as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let (whole, prepare) = (times[times.len() / 2], 1e6 / prepare_per_cpu_s);
    println!(
        "  corpus step (prepare+keywords+story) CPU {whole:>7.1} us/article; prepare alone \
         {prepare:.1} us; the owner's share {:.1} us/article ({:.0}/s)",
        whole - prepare,
        1e6 / (whole - prepare)
    );
}

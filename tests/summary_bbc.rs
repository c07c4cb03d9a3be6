//! Summaries on the BBC set against the lead (the body's first three
//! sentences), the baseline a reader would try first. The measure: the share
//! of the article's key words (content words used at least twice in the
//! body, not stop or filler words) that the three chosen sentences hold,
//! for the summary and for the lead; and how often the summary is the lead.
//! Reads `../shared/corpus/bbc`; skips when it is absent.

mod common;

use std::collections::HashSet;
use std::fs;

use common::corpus;
use newsflow::extract::standalone_record;
use newsflow::lexicon::is_empty_word;
use newsflow::tag::summary::{self, sentences::sentences};

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|w| !is_empty_word(w))
}

fn coverage(key: &HashSet<String>, chosen: &[&str]) -> f64 {
    let held: HashSet<String> = chosen.iter().flat_map(|s| words(s)).collect();
    key.intersection(&held).count() as f64 / key.len().max(1) as f64
}

#[test]
fn bbc_summaries_cover_more_than_the_lead() {
    let Some(bbc) = corpus("bbc") else { return };
    let (mut ours, mut lead, mut same, mut n) = (0.0, 0.0, 0, 0);
    let mut paths: Vec<_> = walkdir::WalkDir::new(&bbc)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    for path in &paths {
        let text = String::from_utf8_lossy(&fs::read(path).unwrap()).to_string();
        let name = path.file_name().unwrap().to_string_lossy();
        let Some(record) = standalone_record(&text, &name) else {
            continue;
        };
        let mut counts = std::collections::HashMap::new();
        for w in words(&record.body) {
            *counts.entry(w).or_insert(0) += 1;
        }
        let key: HashSet<String> = counts
            .into_iter()
            .filter(|&(_, c)| c >= 2)
            .map(|(w, _)| w)
            .collect();
        let chosen = summary::summary(&record);
        assert!(chosen.len() <= 3, "{name}");
        let mut at = 0;
        for s in &chosen {
            let found = record.body[at..].find(s.as_str());
            assert!(
                found.is_some(),
                "{name}: {s:?} is not in the body, after the one before"
            );
            at += found.unwrap() + s.len();
        }
        let first: Vec<&str> = sentences(&record.body)
            .iter()
            .take(3)
            .map(|s| s.text)
            .collect();
        let chosen: Vec<&str> = chosen.iter().map(String::as_str).collect();
        ours += coverage(&key, &chosen);
        lead += coverage(&key, &first);
        same += usize::from(chosen == first);
        n += 1;
    }
    let (ours, lead) = (ours / n as f64, lead / n as f64);
    println!(
        "summary, BBC ({n} articles): key words covered {ours:.3} (lead-3 {lead:.3}); \
         summary = lead-3 in {:.3}",
        same as f64 / n as f64
    );
    assert!(ours > lead, "summary {ours:.3} <= lead {lead:.3}");
}

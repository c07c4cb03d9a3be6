//! Keywords as a user checks them: the seeds' terms, no filler ever, and on
//! the BBC set (in name order, the corpus growing) keywords that carry what
//! the title says. Reads `../shared/corpus/`; skips when it is absent.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::corpus;
use newsflow::corpus::Corpus;
use newsflow::extract::standalone_record;
use newsflow::lexicon::is_empty_word;
use newsflow::record::ArticleRecord;
use newsflow::tag::Taggers;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// Every file through tag and the corpus owner, in order, as the daemon does.
fn keyworded(paths: &[PathBuf]) -> Vec<ArticleRecord> {
    let taggers = Taggers::load();
    let mut corpus = Corpus::default();
    paths
        .iter()
        .filter_map(|path| {
            let bytes = fs::read(path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let name = path.file_name().unwrap().to_string_lossy();
            let mut record = standalone_record(&text, &name)?;
            record.source.path = path.display().to_string();
            taggers.tag_record(&mut record);
            corpus.add_record(&mut record);
            Some(record)
        })
        .collect()
}

fn terms(record: &ArticleRecord) -> Vec<&str> {
    record.keywords.iter().map(|k| k.term.as_str()).collect()
}

/// Each expected term is among the top five keywords, alone or inside one
/// (`Busted` in `pop band Busted`).
fn assert_top_five(record: &ArticleRecord, expected: &[&str]) {
    let top: Vec<String> = terms(record)
        .iter()
        .take(5)
        .map(|t| format!(" {} ", t.to_lowercase()))
        .collect();
    for term in expected {
        let wanted = format!(" {} ", term.to_lowercase());
        assert!(
            top.iter().any(|t| t.contains(&wanted)),
            "{}: {term:?} not in the top five {:?}",
            record.source.path,
            &terms(record)[..record.keywords.len().min(5)]
        );
    }
}

fn assert_no_filler(record: &ArticleRecord) {
    for k in &record.keywords {
        for word in k.term.split(' ') {
            assert!(
                !is_empty_word(&word.to_lowercase()),
                "{}: keyword {:?} holds the filler word {word:?}",
                record.source.name,
                k.term
            );
        }
    }
    assert!(record.keywords.len() <= 10);
    assert!(record.keywords.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn the_seeds_get_the_terms_of_their_story() {
    let Some(seeds) = corpus("seeds") else { return };
    let records = keyworded(&files(&seeds));
    assert_eq!(records.len(), 5);
    for r in &records {
        println!("{}: {:?}", &r.source.name[..3], terms(r));
        assert_no_filler(r);
    }
    let expected: [&[&str]; 5] = [
        &["Astana", "Assad regime"],
        &["Astana", "rebel groups"],
        &["Deir Ezzor", "Astana"],
        &["Astana", "Syria"],
        &["Astana", "Syria"],
    ];
    for (r, expected) in records.iter().zip(expected) {
        assert_top_five(r, expected);
    }
    let with = |term: &str| records.iter().filter(|r| terms(r).contains(&term)).count();
    assert!(with("Astana") >= 4, "Astana in {} seeds", with("Astana"));
    for term in ["peace talks", "rebel groups", "Assad regime", "Deir Ezzor"] {
        assert!(with(term) >= 1, "no seed has {term:?}");
    }
}

#[test]
fn bbc_keywords_carry_the_title() {
    let Some(bbc) = corpus("bbc") else { return };
    let records = keyworded(&files(&bbc));
    assert!(records.len() > 2_000);
    // A dozen articles across the five sections: the terms a reader picks.
    let expected: [(&str, &[&str]); 12] = [
        ("business/049.txt", &["BMW", "Mini"]),
        ("business/234.txt", &["Vodafone", "Japan"]),
        ("business/426.txt", &["Yukos", "Gref"]),
        ("entertainment/105.txt", &["Busted", "Charlie Simpson"]),
        ("entertainment/298.txt", &["Marvel", "Spider-Man"]),
        ("politics/106.txt", &["asylum", "refugees"]),
        ("politics/296.txt", &["Archer"]),
        ("sport/083.txt", &["Johnson"]),
        ("sport/274.txt", &["Gerrard", "Anfield"]),
        ("sport/467.txt", &["Capriati", "Australian Open"]),
        ("tech/149.txt", &["blogging", "Microsoft"]),
        ("tech/395.txt", &["Cebit", "Hanover"]),
    ];
    for (path, terms) in expected {
        let record = records
            .iter()
            .find(|r| r.source.path.ends_with(path))
            .unwrap_or_else(|| panic!("{path} has a record"));
        assert_top_five(record, terms);
    }
    let (mut hit, mut title_words, mut covered) = (0, 0, 0);
    for r in &records {
        assert_no_filler(r);
        let words: Vec<String> = r
            .keywords
            .iter()
            .flat_map(|k| k.term.split(' '))
            .map(str::to_lowercase)
            .collect();
        let title: Vec<String> = r
            .title
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_lowercase)
            .filter(|w| !is_empty_word(w))
            .collect();
        let found = title.iter().filter(|w| words.contains(w)).count();
        hit += usize::from(found > 0);
        title_words += title.len();
        covered += found;
    }
    let n = records.len() as f64;
    let hit_rate = hit as f64 / n;
    let coverage = covered as f64 / title_words as f64;
    println!(
        "keywords, BBC in name order ({} articles): a title word among the keywords in {:.3}; \
         title content words covered {:.3}",
        records.len(),
        hit_rate,
        coverage
    );
    assert!(hit_rate >= 0.85, "title hit rate {hit_rate:.3}");
    assert!(coverage >= 0.40, "title coverage {coverage:.3}");
}

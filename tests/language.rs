//! Language identification on a test set written for newsflow (28 languages,
//! one-line titles and single sentences: `tests/data/language/`), and English
//! never mistaken on a BBC article. Prints the accuracy and every miss:
//! `cargo test --release --test language -- --nocapture`.

mod common;

use std::fs;
use std::path::Path;

use newsflow::tag::language::Detector;

/// `(language, titles, sentences)` for each file of the test set.
fn test_set() -> Vec<(String, Vec<String>, Vec<String>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/language");
    let mut set = Vec::new();
    for entry in fs::read_dir(&dir).expect("tests/data/language") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let code = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&path).unwrap();
        let (titles, sentences) = text
            .split_once("\n\n")
            .expect("titles, blank line, sentences");
        let lines = |block: &str| block.lines().map(str::to_string).collect::<Vec<_>>();
        set.push((code, lines(titles), lines(sentences)));
    }
    set.sort();
    set
}

/// The share of `texts` detected as their file's language, printing misses.
fn accuracy(detector: &Detector, what: &str, items: &[(String, &String)]) -> f64 {
    let mut right = 0;
    for (code, text) in items {
        let got = detector.detect_text(text);
        match &got {
            Some(l) if &l.code == code => right += 1,
            _ => println!("  {what} miss: {code} read as {got:?}: {text}"),
        }
    }
    right as f64 / items.len() as f64
}

#[test]
fn titles_and_sentences_in_28_languages() {
    let set = test_set();
    assert!(
        set.len() >= 20,
        "at least 20 languages, found {}",
        set.len()
    );
    let detector = Detector::new();
    let titles: Vec<(String, &String)> = set
        .iter()
        .flat_map(|(c, t, _)| t.iter().map(move |t| (c.clone(), t)))
        .collect();
    let sentences: Vec<(String, &String)> = set
        .iter()
        .flat_map(|(c, _, s)| s.iter().map(move |s| (c.clone(), s)))
        .collect();
    assert!(set.iter().all(|(_, _, s)| s.len() >= 5));
    let on_sentences = accuracy(&detector, "sentence", &sentences);
    let on_titles = accuracy(&detector, "title", &titles);
    println!(
        "language: {} languages; sentences {:.3} ({} texts), titles {:.3} ({} texts)",
        set.len(),
        on_sentences,
        sentences.len(),
        on_titles,
        titles.len()
    );
    assert!(on_sentences >= 0.98, "sentences: {on_sentences:.3}");
    assert!(on_titles >= 0.90, "titles: {on_titles:.3}");
}

/// Each language's sentences together, as one article under its first title:
/// the path articles take (a fast check for plain English first).
#[test]
fn each_language_as_an_article() {
    let detector = Detector::new();
    for (code, titles, sentences) in test_set() {
        let got = detector.detect(&titles[0], &sentences.join(" "));
        assert_eq!(got.map(|l| l.code), Some(code.clone()), "{code}");
    }
}

#[test]
fn every_bbc_article_is_english() {
    let Some(bbc) = common::corpus("bbc") else {
        return;
    };
    let detector = Detector::new();
    let mut articles = 0;
    let mut least: Option<f64> = None;
    for category in ["business", "entertainment", "politics", "sport", "tech"] {
        for entry in fs::read_dir(bbc.join(category)).unwrap() {
            let path = entry.unwrap().path();
            let bytes = fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let (title, body) = text.split_once('\n').unwrap_or((&text, ""));
            let language = detector.detect(title.trim(), body.trim());
            assert_eq!(
                language.as_ref().map(|l| l.code.as_str()),
                Some("en"),
                "{}",
                path.display()
            );
            let confidence = language.map_or(0.0, |l| l.confidence);
            least = Some(least.map_or(confidence, |m: f64| m.min(confidence)));
            articles += 1;
        }
    }
    println!(
        "language: {articles} BBC articles all English, least confidence {:.3}",
        least.unwrap_or(0.0)
    );
}

//! Hostile text through the tag stage and the corpus owner, as the daemon
//! runs them on a record's title and body: one capitalised word repeated for
//! a megabyte, 100,000 one-letter tokens, mixed scripts and invisible marks,
//! a megabyte with no spaces, floods of abbreviations and quote marks, and
//! random mixes (proptest). Each finishes in time that a linear pass
//! explains (the limits are far above it and far below what a quadratic
//! scan of a megabyte takes), nothing panics, and what comes out points into
//! the text it came from.

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use newsflow::corpus::Corpus;
use newsflow::extract::standalone_record;
use newsflow::record::ArticleRecord;
use newsflow::tag::Taggers;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

static TAGGERS: LazyLock<Taggers> = LazyLock::new(Taggers::load);

/// A record whose title and body are exactly the given text.
fn record(title: &str, body: &str) -> ArticleRecord {
    let mut record =
        standalone_record("A title\n\nA body of one sentence.\n", "hostile.txt").expect("a record");
    record.title = title.to_string();
    record.body = body.to_string();
    record
}

/// Tags and keywords the record, and checks what the taggers made of it.
fn survive(title: &str, body: &str) -> ArticleRecord {
    let mut r = record(title, body);
    TAGGERS.tag_record(&mut r);
    Corpus::default().add_record(&mut r);
    let chars = body.chars().count() as u32;
    for e in &r.entities {
        assert!(e.offsets.iter().all(|&[a, b]| a < b && b <= chars), "{e:?}");
        assert!(!e.name.is_empty());
    }
    for q in &r.quotes {
        assert!(q.offset <= chars);
    }
    assert!(r.keywords.len() <= 10);
    assert!(
        r.keywords
            .iter()
            .all(|k| !k.term.is_empty() && k.score.is_finite())
    );
    for sentence in &r.summary {
        assert!(
            body.contains(sentence.as_str()),
            "summary not from the body: {sentence:?}"
        );
    }
    assert!(r.summary.len() <= 3);
    r
}

fn survive_within(what: &str, title: &str, body: &str, limit: Duration) -> ArticleRecord {
    let started = Instant::now();
    let r = survive(title, body);
    let took = started.elapsed();
    println!("{what}: {} bytes in {took:?}", body.len());
    assert!(took < limit, "{what}: {took:?} (limit {limit:?})");
    r
}

const LIMIT: Duration = Duration::from_secs(90);

#[test]
fn one_capitalised_word_for_a_megabyte() {
    let body = "Obama ".repeat(1 << 20 >> 3);
    let r = survive_within("repeated word", "Obama", &body, LIMIT);
    // A run of one name is one name, however it is cut.
    assert!(r.entities.len() <= 5, "{} entities", r.entities.len());
}

#[test]
fn a_hundred_thousand_one_letter_tokens() {
    let letters = "a B c D e F g H i J ";
    let body = letters.repeat(10_000);
    survive_within("one-letter tokens", "A B C", &body, LIMIT);
}

#[test]
fn mixed_scripts_and_invisible_marks() {
    let piece = "Москва заявила, что 北京 said «Paris» \u{200f}القاهرة\u{200e} e\u{301}te\u{301} \
                 Ελλάδα 🇸🇾 Tbilisi\u{fe0f} ß İstanbul \u{feff}Nairobi. ";
    let body = piece.repeat(2_000);
    survive_within("mixed scripts", "Мир 世界 World", &body, LIMIT);
}

#[test]
fn a_megabyte_without_spaces() {
    let latin = "abcdefghijKLMNOPQRST".repeat(1 << 20 >> 4);
    survive_within("no spaces, Latin", "x", &latin, LIMIT);
    let cjk = "北京上海广州深圳".repeat(40_000);
    survive_within("no spaces, CJK", "北京", &cjk, LIMIT);
}

#[test]
fn floods_of_abbreviations_quotes_and_brackets() {
    survive_within(
        "abbreviations",
        "U.S.",
        &"Mr. U.S. Dr. St. e.g. ".repeat(40_000),
        LIMIT,
    );
    survive_within(
        "quote marks",
        "\"",
        &"\" “ ” ' ‘ ’ « » ".repeat(50_000),
        LIMIT,
    );
    survive_within("brackets", "(", &"( [ { Smith ) ] } ".repeat(40_000), LIMIT);
    survive_within(
        "one long sentence",
        "Talks",
        &"the Free Syrian Army and ".repeat(40_000),
        LIMIT,
    );
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(&[
            "Mohammad Alloush", "Jaish al-Islam", "the UN", "FSA", " (FSA) ", "Mr ", "U.S.",
            "said", " told ", "Astana", "Kazakhstan", "\"", "“", "”", "'", ". ", ", ", "\n\n",
            "Москва", "北京", "القاهرة", "é", "\u{301}", "\u{200f}", "-", "’s", "1,000", "(", ")",
        ][..]).prop_map(str::to_string),
        2 => "[A-Za-z0-9 .,;:'\"“”‘’()\\-–—&\n]{0,30}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/fuzz_tag.proptest-regressions"
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_mixes_survive(title in "[A-Za-z .\"]{0,40}", body in proptest::collection::vec(piece(), 0..150)) {
        survive(&title, &body.concat());
    }
}

//! Hostile input through decode, parse and extract, as the load and extract
//! stages run them: arbitrary bytes, tag soup, broken JSON, XML and Markdown,
//! deep nesting, huge single lines. Whatever comes in, each stage ends with a
//! document or a rejection that says why; nothing panics, overflows the stack
//! (these run on a test thread's 2 MiB stack, as the daemon's workers do) or
//! takes unbounded time.
//!
//! proptest shrinks a failing case to a small input and prints it; a case
//! worth keeping becomes a unit test of the parser it broke.

use std::time::{Duration, Instant};

use newsflow::dedup::{Fingerprint, article_key};
use newsflow::document::Document;
use newsflow::parse::{Contents, parse_input};
use newsflow::read::decode;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// The names a file may arrive under: the extension is a hint to the sniffer.
const NAMES: [&str; 7] = [
    "a.txt", "a.html", "a.json", "a.jsonl", "a.md", "a.xml", "noext",
];

/// Runs one input through every stage that reads its text, under every name.
fn survive(bytes: &[u8]) {
    for name in NAMES {
        survive_as(name, bytes);
    }
}

/// Runs one input, named `name`, through every stage that reads its text.
fn survive_as(name: &str, bytes: &[u8]) {
    let Ok(text) = decode(bytes) else { return };
    {
        match parse_input(&text.text, name) {
            Ok((_, Contents::One(doc))) => enrich(&doc),
            Ok((_, Contents::Many(items))) => {
                for item in items {
                    match item.doc {
                        Ok(doc) => enrich(&doc),
                        Err(rejection) => assert!(!rejection.reason.is_empty()),
                    }
                }
            }
            Err(rejection) => {
                assert!(!rejection.reason.is_empty(), "{name}: {rejection:?}");
            }
        }
    }
}

/// What the dedup and extract stages compute from a document.
fn enrich(doc: &Document) {
    let body = doc.body();
    let _ = article_key(&body);
    let _ = Fingerprint::of(&doc.title, &body);
    let _ = newsflow::extract::body_facts(doc, &body);
}

/// Runs `survive_as` and fails if it takes longer than a hang would explain away.
fn survive_within(name: &str, bytes: &[u8], limit: Duration) {
    let what = name;
    let started = Instant::now();
    survive_as(name, bytes);
    let took = started.elapsed();
    assert!(took < limit, "{what}: {took:?} (limit {limit:?})");
    println!("{what}: {} bytes in {took:?}", bytes.len());
}

/// Pieces of markup and text that parsers have to get through.
fn soup(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(pieces).prop_map(str::to_string),
        2 => "[A-Za-z0-9 .,;:'\"“”‘’()\\-–—&#<>/\n]{0,40}",
    ];
    proptest::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

const HTML: &[&str] = &[
    "<!DOCTYPE html>",
    "<html>",
    "</html>",
    "<body>",
    "</body>",
    "<article>",
    "<div class=\"content\">",
    "</div>",
    "<p>",
    "</p>",
    "<h1>",
    "</h1>",
    "<h2>",
    "<figure>",
    "<figcaption>",
    "</figcaption>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<meta property=\"og:title\" content=\"",
    "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"",
    "<time datetime=\"",
    "\">",
    "<br>",
    "&amp;",
    "&#x",
    "&nbsp;",
    "<a href=\"",
    "</a>",
    "<table><tr><td>",
];
const JSON: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"title\"",
    "\"text\"",
    "\"maintext\"",
    "\"authors\"",
    "\"date\"",
    "\"content\":{\"rendered\":\"<p>",
    "\"articles\":[",
    "null",
    "true",
    "1e999",
    "-0",
    "\"\\u",
    "\"\\ud800\"",
    "\n",
    "\"",
    "\"By Jane Doe and\"",
    "1709543700123",
];
const XML: &[&str] = &[
    "<?xml version=\"1.0\"?>",
    "<nitf>",
    "</nitf>",
    "<head>",
    "<title>",
    "</title>",
    "<body>",
    "</body>",
    "<body.head>",
    "<hedline><hl1>",
    "</hl1></hedline>",
    "<body.content>",
    "<p>",
    "</p>",
    "<byline>By ",
    "</byline>",
    "<dateline>",
    "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">",
    "</newsItem>",
    "<contentSet><inlineXML>",
    "<html xmlns=\"http://www.w3.org/1999/xhtml\">",
    "<![CDATA[",
    "]]>",
    "&lt;",
    "&bogus;",
    "&#0;",
    "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    "&a;",
];
const MARKDOWN: &[&str] = &[
    "---\n",
    "title: ",
    "date: ",
    "authors:\n  - ",
    "# ",
    "## ",
    "\n\n",
    "> ",
    "- ",
    "1. ",
    "**",
    "*",
    "_",
    "`",
    "```\n",
    "![",
    "](",
    ")",
    "[",
    "| a | b |\n|---|---|\n",
    "<div>",
    "READ MORE: ",
    "Source: ",
    "By ",
    "LONDON - ",
    "\"",
    "“",
];

proptest! {
    // A failing case is saved next to this file and replayed first from then on.
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/fuzz_parsers.proptest-regressions"
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        survive(&bytes);
    }

    #[test]
    fn arbitrary_text(text in "\\PC{0,1500}") {
        survive(text.as_bytes());
    }

    #[test]
    fn html_tag_soup(text in soup(HTML)) {
        survive(text.as_bytes());
    }

    #[test]
    fn broken_json(text in soup(JSON)) {
        survive(text.as_bytes());
    }

    #[test]
    fn broken_agency_xml(text in soup(XML)) {
        survive(text.as_bytes());
    }

    #[test]
    fn markdown_soup(text in soup(MARKDOWN)) {
        survive(text.as_bytes());
    }
}

/// 50,000 levels of nesting in each format.
#[test]
fn deep_nesting_neither_overflows_nor_hangs() {
    let n = 50_000;
    let limit = Duration::from_secs(120);
    let cases = [
        (
            "deep.html",
            format!(
                "<html><body>{}deep{}</body></html>",
                "<div>".repeat(n),
                "</div>".repeat(n)
            ),
        ),
        ("deep.json", format!("{}{}", "[".repeat(n), "]".repeat(n))),
        (
            "deep-object.json",
            format!("{}\"text\": \"x\"{}", "{\"a\":".repeat(n), "}".repeat(n)),
        ),
        (
            "deep-nitf.xml",
            format!(
                "<?xml version=\"1.0\"?><nitf><body><body.content>{}deep{}</body.content></body></nitf>",
                "<p>".repeat(n),
                "</p>".repeat(n)
            ),
        ),
        (
            "deep-newsml.xml",
            format!(
                "<newsItem>{}deep{}</newsItem>",
                "<x>".repeat(n),
                "</x>".repeat(n)
            ),
        ),
        ("deep-quotes.md", format!("# T\n\n{}deep\n", "> ".repeat(n))),
        (
            "deep-lists.md",
            format!(
                "# T\n\n{}",
                (0..2000)
                    .map(|i| format!("{}- x\n", "  ".repeat(i)))
                    .collect::<String>()
            ),
        ),
    ];
    for (what, text) in cases {
        survive_within(what, text.as_bytes(), limit);
    }
}

/// Single lines of a few megabytes: no paragraph breaks, no sentence ends,
/// thousands of quotation marks.
#[test]
fn huge_single_lines_end_in_bounded_time() {
    let limit = Duration::from_secs(120);
    let words = "the council said ".repeat(120_000);
    let quotes = "\u{201C}yes,\u{201D} said Jane Doe \"no\" ".repeat(60_000);
    let numbers = "3.2 pct to 1.5 billion dlrs on Monday 23 January ".repeat(40_000);
    let html_line = format!(
        "<html><body><p>{}</p></body></html>",
        "word ".repeat(400_000)
    );
    let jsonl = format!(
        "{{\"title\": \"t\", \"text\": \"{}\"}}\n",
        "word ".repeat(400_000)
    );
    // Thousands of distinct people, nationalities before surnames, role
    // descriptions and pronouns: the quote speaker model's worst case.
    let people: String = (0..12_000)
        .map(|i| {
            format!(
                "American Zx{i} met Ann Zx{i}. \"We will win this one,\" said Ann Zx{i}. \
                 He added: \"It is done.\" The chancellor said \"it is fine\".{}",
                if i % 40 == 39 { "\n\n" } else { " " }
            )
        })
        .collect();
    for (what, text) in [
        ("words.txt", words),
        ("quotes.txt", quotes),
        ("people.txt", people),
        ("numbers.txt", numbers),
        ("line.html", html_line),
        ("line.jsonl", jsonl),
    ] {
        survive_within(what, text.as_bytes(), limit);
        // With a title line first, the long line is a body: every finder
        // (quotes, dates, amounts) walks it.
        if what.ends_with(".txt") && what != "people.txt" {
            let titled = format!("A title\n\n{text}");
            survive_within(&format!("titled {what}"), titled.as_bytes(), limit);
        }
    }
}

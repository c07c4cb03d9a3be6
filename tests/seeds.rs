//! The plain-text parser on the real articles newsflow was specified from
//! (`../shared/corpus/seeds`) and on the BBC layout (`../shared/corpus/bbc`).
//! Both corpora live outside the repository; each test skips, saying so, when
//! its folder is absent.

mod common;

use common::corpus;
use std::fs;
use std::path::PathBuf;

use newsflow::document::Document;

/// The seeds, parsed, by their number ("000" .. "004").
fn seeds() -> Option<Vec<(String, Document)>> {
    let dir = corpus("seeds")?;
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("seeds folder is readable")
        .map(|e| e.expect("seeds entry").path())
        .collect();
    files.sort();
    let docs = files
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let text = fs::read_to_string(path).expect("seeds are UTF-8");
            let (_, doc) = newsflow::parse::parse(&text, &name).expect("seed parses");
            (name[..3].to_string(), doc)
        })
        .collect();
    Some(docs)
}

fn seed<'a>(docs: &'a [(String, Document)], n: &str) -> &'a Document {
    &docs.iter().find(|(k, _)| k == n).expect("seed present").1
}

fn removed<'a>(doc: &'a Document, kind: &str) -> Vec<&'a str> {
    doc.removed
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.text.as_str())
        .collect()
}

#[test]
fn seed_titles_are_not_duplicated() {
    let Some(docs) = seeds() else { return };
    for (n, doc) in &docs {
        assert!(!doc.title.is_empty(), "{n}: no title");
        let lower = doc.title.to_lowercase();
        for p in &doc.paragraphs {
            assert_ne!(
                p.to_lowercase(),
                lower,
                "{n}: the title is repeated in the body"
            );
        }
        assert!(
            doc.standfirst.as_deref() != Some(doc.title.as_str()),
            "{n}: title as standfirst"
        );
    }
    assert_eq!(removed(seed(&docs, "000"), "repeated_title").len(), 1);
    assert_eq!(removed(seed(&docs, "003"), "repeated_title").len(), 1);
}

#[test]
fn seed_001_standfirst_captions_links_and_source() {
    let Some(docs) = seeds() else { return };
    let doc = seed(&docs, "001");
    assert_eq!(
        doc.title,
        "Syrian rebel groups to attend peace talks in Astana"
    );
    assert!(
        doc.standfirst
            .as_deref()
            .is_some_and(|s| s.starts_with("Delegation of opposition factions")),
        "{:?}",
        doc.standfirst
    );
    assert_eq!(doc.captions.len(), 2, "{:?}", doc.captions);
    assert_eq!(doc.captions[0].credit, None);
    assert_eq!(doc.captions[1].credit.as_deref(), Some("K Ashawi/Reuters"));
    assert!(!doc.captions[1].text.contains('['));
    assert_eq!(doc.credit.as_deref(), Some("Al Jazeera, News Agencies"));
    assert_eq!(removed(doc, "read_more").len(), 1);
    assert_eq!(removed(doc, "related_link").len(), 1);
    assert_eq!(removed(doc, "source_line").len(), 1);
    let body = doc.body();
    for stripped in [
        "READ MORE",
        "OPINION:",
        "Source:",
        "K Ashawi",
        "Delegation of opposition",
    ] {
        assert!(!body.contains(stripped), "body still holds {stripped:?}");
    }
    assert_eq!(doc.headings, ["Diplomatic efforts"]);
    assert!(doc.paragraphs[0].starts_with("Some armed Syrian opposition groups"));
}

#[test]
fn seed_002_dateline_damascus() {
    let Some(docs) = seeds() else { return };
    let doc = seed(&docs, "002");
    let dateline = doc.dateline.as_ref().expect("002 has a dateline");
    assert_eq!(dateline.text, "DAMASCUS");
    assert_eq!(dateline.place.as_deref(), Some("Damascus"));
    assert_eq!(dateline.country.as_deref(), Some("SY"));
    assert!(doc.paragraphs[0].starts_with("Syrian rebel groups said Monday"));
    // The lone name under the headline is the portrait's alt text, not a byline.
    assert!(doc.authors.is_empty());
    assert_eq!(doc.captions.len(), 1);
    assert_eq!(doc.captions[0].text, "Mohammad Alloush");
    assert_eq!(
        doc.headings,
        ["'Only military' talks", "'Huge reinforcements'"]
    );
    assert!(!doc.body().contains("- 'Only military' talks -"));
}

#[test]
fn seed_003_agency_dateline_and_comments() {
    let Some(docs) = seeds() else { return };
    let doc = seed(&docs, "003");
    assert_eq!(doc.title, "Syria peace talks off to rocky start");
    assert_eq!(doc.agencies, ["AFP"]);
    let dateline = doc.dateline.as_ref().expect("003 has a dateline");
    assert_eq!(dateline.text, "ASTANA, Kazakhstan");
    assert_eq!(dateline.place.as_deref(), Some("Astana"));
    assert_eq!(dateline.country.as_deref(), Some("KZ"));
    assert!(
        doc.standfirst
            .as_deref()
            .is_some_and(|s| s.starts_with("Rebel spokesman Yehya al-Aridi")),
        "{:?}",
        doc.standfirst
    );
    assert!(doc.paragraphs[0].starts_with("Syrian rebels began peace talks"));
    assert_eq!(removed(doc, "comments").len(), 3);
    let body = doc.body();
    for stripped in ["Add a comment", "Sort by", "no comments yet", "UPDATE"] {
        assert!(!body.contains(stripped), "body still holds {stripped:?}");
    }
    assert!(body.ends_with("not so much to ask.\u{201D}"), "{body}");
    assert_eq!(
        doc.headings,
        [
            "\u{2018}Common ground\u{2019}",
            "\u{2018}No shortcut\u{2019}"
        ]
    );
}

#[test]
fn seed_000_and_004_structure() {
    let Some(docs) = seeds() else { return };
    let doc = seed(&docs, "000");
    assert_eq!(
        doc.headings,
        [
            "Freezing of the participation",
            "Taking part in Astana\u{2019}s peace talks"
        ]
    );
    assert_eq!(doc.standfirst, None);
    let doc = seed(&docs, "004");
    assert!(
        doc.standfirst
            .as_deref()
            .is_some_and(|s| s.starts_with("Accusing Russia"))
    );
    assert_eq!(doc.captions.len(), 2);
    assert_eq!(
        doc.captions[1].credit.as_deref(),
        Some("Khalil Ashawi/Reuters")
    );
    assert_eq!(removed(doc, "read_more").len(), 2);
    assert_eq!(doc.credit.as_deref(), Some("News Agencies"));
    assert_eq!(doc.headings, ["Geneva Talks"]);
}

/// The BBC layout is title, blank line, paragraphs: nothing in it may be taken
/// for structure, so every file parses to exactly its lines.
#[test]
fn bbc_layout_is_title_and_paragraphs() {
    let Some(dir) = corpus("bbc") else { return };
    let mut checked = 0;
    let mut wrong = Vec::new();
    for category in ["business", "entertainment", "politics", "sport", "tech"] {
        let Ok(entries) = fs::read_dir(dir.join(category)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("bbc entry").path();
            let bytes = fs::read(&path).expect("bbc file");
            // sport/199.txt is Latin-1; the layout is what matters here.
            let text = String::from_utf8_lossy(&bytes);
            let lines: Vec<&str> = text.lines().map(str::trim).collect();
            let (title, paragraphs) = bbc_layout(&lines);
            let (_, doc) = newsflow::parse::parse(&text, "a.txt").expect("bbc parses");
            checked += 1;
            if doc.title != title || doc.paragraphs != paragraphs {
                wrong.push(format!(
                    "{}: headings {:?}, standfirst {:?}, captions {:?}, dateline {:?}, removed {:?}, authors {:?}",
                    path.display(),
                    doc.headings,
                    doc.standfirst,
                    doc.captions,
                    doc.dateline,
                    doc.removed,
                    doc.authors
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {checked} BBC files changed:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Title and paragraphs as the BBC layout defines them: the first line, then the
/// blocks between blank lines. A block of three or more lines all 50-90
/// characters long but the last is hard-wrapped copy (a few BBC files have
/// one), joined into one paragraph; other blocks are one paragraph per line.
fn bbc_layout(lines: &[&str]) -> (String, Vec<String>) {
    let mut lines = lines.iter().copied().skip_while(|l| l.is_empty());
    let title = lines.next().unwrap_or_default().to_string();
    let rest: Vec<&str> = lines.collect();
    let mut paragraphs = Vec::new();
    for block in rest.split(|l| l.is_empty()).filter(|b| !b.is_empty()) {
        let wrapped = block.len() >= 3
            && block[..block.len() - 1]
                .iter()
                .all(|l| (50..=90).contains(&l.chars().count()));
        if wrapped {
            paragraphs.push(block.join(" "));
        } else {
            paragraphs.extend(block.iter().map(|l| l.to_string()));
        }
    }
    (title, paragraphs)
}

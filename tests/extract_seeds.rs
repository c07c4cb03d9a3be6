//! Quotes, dates and amounts on the five seed articles (`../shared/corpus/seeds`,
//! never copied into the repository). Runs the text through `parse::parse` and
//! the extract finders; skips, saying so, when the corpus is absent.

use std::path::PathBuf;

use newsflow::extract::amounts::amounts;
use newsflow::extract::dates::{anchor_from_published, dates};
use newsflow::extract::quotes::quotes;

fn seed(prefix: &str) -> Option<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/seeds");
    let entries = std::fs::read_dir(&dir).ok()?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(prefix) {
            let text = std::fs::read_to_string(entry.path()).ok()?;
            let (_, doc) = newsflow::parse::parse(&text, &name).ok()?;
            return Some(doc.body());
        }
    }
    None
}

fn seeds_or_skip() -> Option<Vec<String>> {
    let all: Option<Vec<String>> = ["000", "001", "002", "003", "004"]
        .iter()
        .map(|p| seed(p))
        .collect();
    if all.is_none() {
        eprintln!(
            "SKIP: ../shared/corpus/seeds is absent (the shared corpus is not on this machine)"
        );
    }
    all
}

#[test]
fn alloush_quote_is_attributed_in_000_001_002() {
    let Some(seeds) = seeds_or_skip() else { return };
    // SHOW=1 prints every quote found, for reading the attributions by eye.
    if std::env::var_os("SHOW").is_some() {
        for (i, body) in seeds.iter().enumerate() {
            for q in quotes(body) {
                eprintln!("{i:03} {:?} <- {:?} [{:?}]", q.text, q.speaker, q.cue);
            }
        }
    }
    for (i, body) in seeds.iter().enumerate().take(3) {
        let found = quotes(body);
        let q = found
            .iter()
            .find(|q| q.text.starts_with("All the rebel groups are going"))
            .unwrap_or_else(|| panic!("seed {i:03}: quote not found in {found:?}"));
        assert_eq!(
            q.speaker.as_deref(),
            Some("Mohammad Alloush"),
            "seed {i:03}"
        );
        let at: String = body.chars().skip(q.offset as usize).take(7).collect();
        assert_eq!(at, "All the", "seed {i:03}: offset is in code points");
    }
}

#[test]
fn seed_dates_are_found() {
    let Some(seeds) = seeds_or_skip() else { return };
    let show = std::env::var_os("SHOW").is_some();
    for (i, body) in seeds.iter().enumerate() {
        if show {
            for d in dates(body, None) {
                eprintln!("{i:03} date {:?} = {:?}", d.text, d.value);
            }
        }
    }
    let texts =
        |i: usize| -> Vec<String> { dates(&seeds[i], None).into_iter().map(|d| d.text).collect() };
    assert!(
        texts(1).contains(&"January 23".to_string()),
        "{:?}",
        texts(1)
    );
    assert!(
        texts(3).contains(&"Monday, January 23".to_string()),
        "{:?}",
        texts(3)
    );
    // 001 states no full date: no year is knowable without the article's
    // date; with one, it resolves, and so do its weekdays ("said on Monday").
    let d001 = dates(&seeds[1], None);
    let jan23 = d001.iter().find(|d| d.text == "January 23");
    assert_eq!(jan23.and_then(|d| d.value.clone()), None);
    assert!(d001.iter().all(|d| d.text != "Monday" || d.value.is_none()));
    // 2017-01-17 is a Tuesday.
    let anchor = anchor_from_published(Some("2017-01-17"));
    let anchored = dates(&seeds[1], anchor);
    let value = |text: &str| -> Vec<Option<&str>> {
        anchored
            .iter()
            .filter(|d| d.text == text)
            .map(|d| d.value.as_deref())
            .collect()
    };
    assert_eq!(value("January 23"), [Some("2017-01-23")]);
    assert_eq!(value("December 30"), [Some("2016-12-30")]);
    assert!(value("Monday").iter().all(|v| *v == Some("2017-01-16")));
    // 000 states "29 December 2016" in a main clause: its "January 3" is 2017's.
    let d000 = dates(&seeds[0], None);
    let value = |text: &str| {
        d000.iter()
            .find(|d| d.text == text)
            .map(|d| d.value.clone())
    };
    assert_eq!(value("29 December 2016"), Some(Some("2016-12-29".into())));
    assert_eq!(value("January 3"), Some(Some("2017-01-03".into())));
    // A stated date is no "today": weekdays stay null.
    assert_eq!(value("Monday"), Some(None));
}

#[test]
fn seed_amounts_are_found() {
    let Some(seeds) = seeds_or_skip() else { return };
    if std::env::var_os("SHOW").is_some() {
        for (i, body) in seeds.iter().enumerate() {
            for a in amounts(body) {
                eprintln!(
                    "{i:03} amount {:?} = {:?} {} {:?}",
                    a.text, a.value, a.kind, a.object
                );
            }
        }
    }
    let a001 = amounts(&seeds[1]);
    assert!(
        a001.iter().any(|a| a.value == Some(310000.0)
            && a.kind == "count"
            && a.object.as_deref() == Some("people")),
        "{a001:?}"
    );
    let a000 = amounts(&seeds[0]);
    assert!(
        a000.iter()
            .any(|a| a.value == Some(450000.0) && a.object.as_deref() == Some("Syrians")),
        "{a000:?}"
    );
    assert!(a000.iter().any(|a| a.value == Some(12e6)), "{a000:?}");
}

/// Every mention's offset, read in code points, points at its text: on the
/// BBC corpus (2,225 articles) when present. Prints counts and time.
#[test]
fn bbc_offsets_point_at_the_text() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bbc");
    let Ok(categories) = std::fs::read_dir(&dir) else {
        eprintln!(
            "SKIP: ../shared/corpus/bbc is absent (the shared corpus is not on this machine)"
        );
        return;
    };
    let mut bodies = Vec::new();
    for category in categories.flatten().filter(|e| e.path().is_dir()) {
        for file in std::fs::read_dir(category.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let Ok(bytes) = std::fs::read(file.path()) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let name = file.file_name().to_string_lossy().into_owned();
            if let Ok((_, doc)) = newsflow::parse::parse(&text, &name) {
                bodies.push(doc.body());
            }
        }
    }
    let timed = |f: &dyn Fn(&str)| {
        let t = std::time::Instant::now();
        for body in &bodies {
            f(body);
        }
        t.elapsed()
    };
    eprintln!(
        "bbc: quotes {:?}, dates {:?}, amounts {:?}",
        timed(&|b| drop(quotes(b))),
        timed(&|b| drop(dates(b, None))),
        timed(&|b| drop(amounts(b)))
    );
    let started = std::time::Instant::now();
    let (mut nq, mut attributed, mut nd, mut na) = (0, 0, 0, 0);
    for body in &bodies {
        let chars: Vec<char> = body.chars().collect();
        let at = |offset: u32, len: usize| -> String {
            chars.iter().skip(offset as usize).take(len).collect()
        };
        for q in quotes(body) {
            if std::env::var_os("SAMPLE").is_some() && q.speaker.is_some() && nq % 290 == 101 {
                let end = q.offset as usize + q.text.chars().count();
                let after: String = chars.iter().skip(end).take(70).collect();
                let before: String = chars
                    .iter()
                    .skip((q.offset as usize).saturating_sub(90))
                    .take(90.min(q.offset as usize))
                    .collect();
                eprintln!(
                    "S {:?} | {:?} ... {after:?} => {:?}",
                    before,
                    q.text.chars().take(40).collect::<String>(),
                    q.speaker
                );
            }
            // SHOW=1 prints the quotes left without a speaker, with what follows.
            if std::env::var_os("SHOW").is_some() && q.speaker.is_none() {
                let end = q.offset as usize + q.text.chars().count();
                let after: String = chars.iter().skip(end).take(90).collect();
                eprintln!("unattributed {:?} ... {after:?}", q.text);
            }
            assert_eq!(at(q.offset, q.text.chars().count()), q.text);
            nq += 1;
            attributed += usize::from(q.speaker.is_some());
        }
        for d in dates(body, None) {
            assert_eq!(at(d.offset, d.text.chars().count()), d.text);
            nd += 1;
        }
        for a in amounts(body) {
            if std::env::var_os("SHOW_AMOUNTS").is_some() && na % 40 == 0 {
                eprintln!(
                    "amount {:?} = {:?} {} {:?}",
                    a.text, a.value, a.kind, a.object
                );
            }
            assert_eq!(at(a.offset, a.text.chars().count()), a.text);
            na += 1;
        }
    }
    eprintln!(
        "bbc: {} articles, {nq} quotes ({attributed} with a speaker), {nd} dates, {na} amounts in {:?}",
        bodies.len(),
        started.elapsed()
    );
}

mod no_panic {
    use newsflow::extract::amounts::amounts;
    use newsflow::extract::dates::{Anchor, dates};
    use newsflow::extract::quotes::quotes;
    use proptest::prelude::*;

    /// Text dense in what the finders look at: marks, digits, separators,
    /// month and cue words, multi-byte letters, line breaks.
    fn texty() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("“".to_string()),
            Just("”".to_string()),
            Just("\"".to_string()),
            Just("‘".to_string()),
            Just("’".to_string()),
            Just(" said ".to_string()),
            Just(" told ".to_string()),
            Just(" as saying ".to_string()),
            Just(" according to ".to_string()),
            Just(" he ".to_string()),
            Just("Anna Berg".to_string()),
            Just(" January ".to_string()),
            Just(" Monday, ".to_string()),
            Just(" last year".to_string()),
            Just("$".to_string()),
            Just("£".to_string()),
            Just("%".to_string()),
            Just(" million ".to_string()),
            Just(" per cent".to_string()),
            Just("-".to_string()),
            Just(",".to_string()),
            Just(".".to_string()),
            Just(":".to_string()),
            Just("\n\n".to_string()),
            "[0-9]{1,5}",
            "[a-zé ]{1,8}",
            "[A-Z][a-z]{1,6}",
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn finders_never_panic_and_offsets_hold(body in texty(), day in 1i8..=28) {
            let chars: Vec<char> = body.chars().collect();
            let at = |offset: u32, text: &str| -> bool {
                chars.iter().skip(offset as usize).take(text.chars().count()).copied().eq(text.chars())
            };
            for q in quotes(&body) {
                prop_assert!(at(q.offset, &q.text), "{q:?}");
            }
            let anchor = jiff::civil::Date::new(2020, 2, day).ok().map(Anchor::Date);
            for d in dates(&body, anchor).into_iter().chain(dates(&body, None)) {
                prop_assert!(at(d.offset, &d.text), "{d:?}");
            }
            for a in amounts(&body) {
                prop_assert!(at(a.offset, &a.text), "{a:?}");
            }
        }
    }
}

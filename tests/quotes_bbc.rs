//! Measures the quote extractor (`newsflow::extract::quotes::quotes`) against
//! three hand-annotated gold sets of BBC News articles from the shared corpus
//! (`../shared/corpus/bbc`, never copied into the repository; the tests skip,
//! saying so, when it is absent). Run with
//! `cargo test --release --test quotes_bbc -- --nocapture` to see the figures
//! and the lists of errors.
//!
//! Anchor (the project's issue): BBC's Citron quote system reports source
//! precision 0.93, recall 0.73; the attribution recall below is the figure to
//! compare with its 0.73. The corpora differ, so the comparison is indicative.
//!
//! # The samples
//!
//! In each category folder (business, entertainment, politics, sport, tech),
//! take the files in sorted name order whose raw bytes contain at least one
//! quotation mark (`"` or `“`); with `n` such files and `k = n / 12` (integer
//! division), keep the files at these 0-based positions (the three sets are
//! disjoint):
//! - first sample (`tests/data/quotes_bbc.tsv`): `0, k, 2k, …, 11k`, 12 per
//!   category, 60 in all. The rules were developed on it: at first on
//!   business, entertainment and politics only (the split the report still
//!   prints), since the people model also on sport and tech.
//! - second sample (`tests/data/quotes_bbc_fresh.tsv`): `k/2 + 2k·i`,
//!   `i = 0..5`, 6 per category, 30 in all. Annotated independently (without
//!   running newsflow) when the people model was written; held out for one
//!   scoring, then used for development too.
//! - held-out sample (`tests/data/quotes_bbc_heldout.tsv`): `k/2 + k + 2k·i`,
//!   `i = 0..5`, 30 articles, annotated independently. Never tuned on: its
//!   test prints its figures but lists its errors only when
//!   `NEWSFLOW_SHOW_HELDOUT_ERRORS=1` is set, which development never did.
//!   Its figures are the ones to quote.
//!
//! Each test recomputes its selection and checks that its gold file covers
//! exactly it.
//!
//! # The gold files
//!
//! Columns `file`, `paragraph`, `offset`, `speaker`; an article with no quote
//! has one row `file - - -`. No article text is stored: only names and numbers.
//! Each was annotated by reading the raw articles, without newsflow's output. `paragraph` is the 0-based index among the non-empty lines after the
//! title (trimmed); `offset` is the code-point offset, within that line, of the
//! quote's opening mark. Rules:
//! - Only double quotation marks (the corpus has no curly ones); single-quoted
//!   text nested in a quote is part of it, not a quote of its own.
//! - A direct quote is quoted text that reports someone's words (spoken or
//!   written, including a newspaper's words in a press review) and either has
//!   at least 3 words or is the reported content of a speech verb in its
//!   sentence (`said 2004 had been a "great year"`, `dismissed the plan as
//!   "desperate"`, `ruled "too American"`). Not quotes: scare quotes and
//!   labels (`"cool" scene`, `so-called "cowboy capitalism"`), names, titles
//!   and slogans (`"Baghdad Blogger"`, `The slogan "Britain forward not back"`),
//!   a stray closing mark with no opening one.
//! - A quote whose paragraph ends without a closing mark continues in the next
//!   paragraph, which opens with a new mark: each paragraph's part is a quote.
//!   So is each part of a quote split by an attribution, or by a new opening
//!   mark with no closing one before it (`"A. "B,"`: a run-on opening; this
//!   corpus joined the paragraphs of a long quote on one line, keeping each
//!   paragraph's opening mark).
//! - Speaker: the person's name at its fullest in the article ("Tony Blair"
//!   for `Mr Blair said`; titles such as Sir or Dr are kept in the file and
//!   ignored when comparing), an organisation when an organisation, or an
//!   unnamed spokesperson of a named organisation or person, speaks (`the
//!   Department for Transport`, `Rosneft` for `a Rosneft spokesman`, `Tony
//!   Blair` for `the prime minister's official spokesman`), or `-` when the
//!   article names nobody (`the host declared`, an unattributed description).
//!   Two joint speakers are written `X and Y`; either one is accepted too.
//!
//! # The measures
//!
//! Each article goes through `newsflow::parse::parse` (whose paragraphs must be
//! the file's body lines: checked) and `newsflow::extract::quotes::quotes` on
//! `doc.body()`; body offsets are mapped back to (paragraph, offset).
//! A predicted quote matches a gold quote in the same paragraph when their
//! offsets are at most 2 code points apart (the extractor reports the first
//! character after the mark, the gold the mark itself); one-to-one, closest
//! first. Detection precision and recall count matched quotes. Attribution
//! precision = correctly attributed / matched predictions with a speaker;
//! attribution recall = gold quotes with a named speaker that were found and
//! correctly attributed / gold quotes with a named speaker. A speaker is
//! correct when equal to the gold one, case-insensitively, after dropping a
//! leading article (the, a, an) and titles (Mr, Mrs, Ms, Dr, Sir, Lord …). A
//! surname alone ("Woodward" for "Clive Woodward") is not correct, nor is the
//! full name with more words ("Liberal Democrat Alan Beith"); both are counted
//! and printed separately.
//!
//! Two views are printed and floored. STRICT follows the gold rule: every
//! opening mark is a quote. MERGED folds each run-on opening into the quote it
//! continues (an original paragraph break inside one long quote); the
//! extractor reports such a stretch as one quote, so STRICT counts its later
//! parts as misses.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const CATEGORIES: &[&str] = &["business", "entertainment", "politics", "sport", "tech"];
/// The categories of the first sample the rules were first written on; the
/// report prints them apart from the others (see the module doc).
const DEV: &[&str] = &["business", "entertainment", "politics"];
const PER_CATEGORY: usize = 12;
const GOLD: &str = include_str!("data/quotes_bbc.tsv");
const FRESH_PER_CATEGORY: usize = 6;
const FRESH_GOLD: &str = include_str!("data/quotes_bbc_fresh.tsv");
const HELDOUT_GOLD: &str = include_str!("data/quotes_bbc_heldout.tsv");
/// A predicted offset may be this many code points from the gold one.
const SLACK: usize = 2;

/// Citron's published figures (BBC News Labs), the anchor.
const TARGET_PRECISION: f64 = 0.93;
const TARGET_RECALL: f64 = 0.73;

/// Floors: the figures measured when they were last set, minus about 0.03,
/// so that regressions fail; they are not the targets. Detection precision,
/// detection recall, attribution precision, attribution recall.
///
/// First sample, measured with the people model (commit after 9f823fc):
/// strict 0.984, 0.975, 0.950, 0.903; merged 0.981, 0.971, 0.941, 0.885
/// (before it, commit e222466: strict 0.984, 0.975, 0.786, 0.693; commit
/// 89cd977: strict 0.983, 0.733, 0.724, 0.451).
const FLOORS_STRICT: [f64; 4] = [0.95, 0.94, 0.92, 0.87];
const FLOORS_MERGED: [f64; 4] = [0.95, 0.94, 0.91, 0.85];
/// Second sample, same commit: strict 0.994, 0.950, 0.929, 0.838; merged
/// 0.993, 0.940, 0.914, 0.807 (its first scoring, commit 914b6ee: strict
/// attribution P 0.778 R 0.688).
const FRESH_FLOORS_STRICT: [f64; 4] = [0.96, 0.92, 0.89, 0.80];
const FRESH_FLOORS_MERGED: [f64; 4] = [0.96, 0.91, 0.88, 0.77];
/// Held-out sample, same commit: strict 0.973, 0.941, 0.866, 0.763; merged
/// 0.969, 0.946, 0.860, 0.754 (its first scoring, commit 09de865: strict
/// attribution P 0.837 R 0.711).
const HELDOUT_FLOORS_STRICT: [f64; 4] = [0.94, 0.91, 0.83, 0.73];
const HELDOUT_FLOORS_MERGED: [f64; 4] = [0.94, 0.91, 0.83, 0.72];

/// Titles dropped before comparing speakers.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "lord",
    "lady",
    "dame",
    "prof",
    "professor",
    "rev",
    "president",
    "chancellor",
];

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bbc");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "SKIP: {} is absent (the shared corpus is not on this machine); \
             the quote evaluation did not run",
            dir.display()
        );
        None
    }
}

/// The first sample's positions among `n` quoted files (module doc).
fn first_sample(n: usize) -> Vec<usize> {
    let k = n / PER_CATEGORY;
    (0..PER_CATEGORY).map(|i| i * k).collect()
}

/// The fresh sample's positions: `k/2 + 2k*i`, six per category, none of
/// them in the first sample.
fn fresh_sample(n: usize) -> Vec<usize> {
    let k = n / PER_CATEGORY;
    (0..FRESH_PER_CATEGORY).map(|i| k / 2 + 2 * k * i).collect()
}

/// The held-out sample's positions: `k/2 + k + 2k*i`, six per category,
/// none of them in the other two samples.
fn heldout_sample(n: usize) -> Vec<usize> {
    let k = n / PER_CATEGORY;
    (0..FRESH_PER_CATEGORY)
        .map(|i| k / 2 + k + 2 * k * i)
        .collect()
}

/// A sample described in the module doc, recomputed from the corpus.
fn sample(bbc: &Path, positions: fn(usize) -> Vec<usize>) -> Vec<String> {
    let mut out = Vec::new();
    for category in CATEGORIES {
        let mut names: Vec<String> = std::fs::read_dir(bbc.join(category))
            .unwrap_or_else(|e| panic!("{category}: {e}"))
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".txt"))
            .collect();
        names.sort();
        let quoted: Vec<&String> = names
            .iter()
            .filter(|n| {
                let bytes = std::fs::read(bbc.join(category).join(n)).unwrap();
                bytes.contains(&b'"') || bytes.windows(3).any(|w| w == "“".as_bytes())
            })
            .collect();
        assert!(
            quoted.len() >= 2 * PER_CATEGORY,
            "{category}: too few quoted files"
        );
        for i in positions(quoted.len()) {
            out.push(format!("{category}/{}", quoted[i]));
        }
    }
    out
}

#[derive(Debug, Clone)]
struct Gold {
    paragraph: usize,
    offset: usize,
    /// None for `-`: the article does not say who spoke.
    speaker: Option<String>,
}

/// The gold file: every annotated article, with its quotes (maybe none).
fn gold(text: &str) -> BTreeMap<String, Vec<Gold>> {
    let mut out: BTreeMap<String, Vec<Gold>> = BTreeMap::new();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("file\tparagraph\toffset\tspeaker"),
        "gold header"
    );
    for (i, line) in lines.enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "gold line {}: {line:?}", i + 2);
        let quotes = out.entry(cols[0].to_string()).or_default();
        if cols[1] == "-" {
            assert_eq!(&cols[1..], ["-", "-", "-"], "gold line {}", i + 2);
            continue;
        }
        quotes.push(Gold {
            paragraph: cols[1].parse().expect("paragraph"),
            offset: cols[2].parse().expect("offset"),
            speaker: (cols[3] != "-").then(|| cols[3].to_string()),
        });
    }
    out
}

/// Lowercase, without a leading article or titles, spaces collapsed.
fn normalise(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_end_matches('.'))
        .collect();
    if matches!(words.first(), Some(&("the" | "a" | "an"))) {
        words.remove(0);
    }
    while words.len() > 1 && TITLES.contains(&words[0]) {
        words.remove(0);
    }
    words.join(" ")
}

#[derive(Debug, PartialEq)]
enum Verdict {
    Correct,
    SurnameOnly,
    /// The full name with more words around it ("Liberal Democrat Alan Beith").
    ExtraWords,
    Wrong,
}

fn judge(gold: &str, predicted: &str) -> Verdict {
    let p = normalise(predicted);
    let g = normalise(gold);
    let mut forms = vec![g.clone()];
    forms.extend(g.split(" and ").map(str::to_string));
    if forms.contains(&p) {
        return Verdict::Correct;
    }
    let surname = |f: &String| f.split_whitespace().last().map(str::to_string);
    if forms.iter().filter_map(surname).any(|s| s == p) {
        return Verdict::SurnameOnly;
    }
    let padded = format!(" {p} ");
    if forms
        .iter()
        .any(|f| !f.is_empty() && padded.contains(&format!(" {f} ")))
    {
        return Verdict::ExtraWords;
    }
    Verdict::Wrong
}

/// The body lines of a BBC file: non-empty lines after the title, trimmed.
fn body_lines(text: &str) -> Vec<String> {
    text.lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// A short excerpt of `line` from code point `at`, for the error list.
fn excerpt(line: &str, at: usize) -> String {
    let s: String = line.chars().skip(at).take(50).collect();
    s.replace('\t', " ")
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// What became of one gold quote.
struct Outcome {
    named: bool,
    short: bool,
    run_on: bool,
    found: bool,
    /// The matched prediction's speaker judged against the gold one (an
    /// unnamed gold speaker makes any predicted speaker wrong); None when the
    /// quote was missed or predicted without a speaker.
    verdict: Option<Verdict>,
}

#[derive(Default)]
struct Counts {
    gold: usize,
    predicted: usize,
    matched: usize,
    gold_named: usize,
    gold_short: usize,
    gold_short_found: usize,
    gold_run_on: usize,
    gold_run_on_found: usize,
    attributed: usize,
    correct: usize,
    surname_only: usize,
    extra_words: usize,
    null_on_named: usize,
    speaker_on_unnamed: usize,
}

impl Counts {
    fn gold(&mut self, o: &Outcome) {
        self.gold += 1;
        self.gold_named += usize::from(o.named);
        self.gold_short += usize::from(o.short);
        self.gold_run_on += usize::from(o.run_on);
        if !o.found {
            return;
        }
        self.matched += 1;
        self.gold_short_found += usize::from(o.short);
        self.gold_run_on_found += usize::from(o.run_on);
        match &o.verdict {
            Some(v) => {
                self.attributed += 1;
                self.speaker_on_unnamed += usize::from(!o.named);
                match v {
                    Verdict::Correct => self.correct += 1,
                    Verdict::SurnameOnly => self.surname_only += 1,
                    Verdict::ExtraWords => self.extra_words += 1,
                    Verdict::Wrong => {}
                }
            }
            None => self.null_on_named += usize::from(o.named),
        }
    }

    fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.matched += o.matched;
        self.gold_named += o.gold_named;
        self.gold_short += o.gold_short;
        self.gold_short_found += o.gold_short_found;
        self.gold_run_on += o.gold_run_on;
        self.gold_run_on_found += o.gold_run_on_found;
        self.attributed += o.attributed;
        self.correct += o.correct;
        self.surname_only += o.surname_only;
        self.extra_words += o.extra_words;
        self.null_on_named += o.null_on_named;
        self.speaker_on_unnamed += o.speaker_on_unnamed;
    }

    fn detection_precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }
    fn detection_recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    fn attribution_precision(&self) -> f64 {
        ratio(self.correct, self.attributed)
    }
    fn attribution_recall(&self) -> f64 {
        ratio(self.correct, self.gold_named)
    }

    fn line(&self, label: &str) -> String {
        format!(
            "  {label:<17} gold {:>3}  pred {:>3}  detection P {:.3} R {:.3}  \
             attribution P {:.3} R {:.3}  ({} of {} named)",
            self.gold,
            self.predicted,
            self.detection_precision(),
            self.detection_recall(),
            self.attribution_precision(),
            self.attribution_recall(),
            self.correct,
            self.gold_named,
        )
    }

    fn summary(&self, report: &mut String) {
        let t = self;
        writeln!(
            report,
            "  detection:   precision {:.3} ({} of {} predicted), recall {:.3} ({} of {} gold)",
            t.detection_precision(),
            t.matched,
            t.predicted,
            t.detection_recall(),
            t.matched,
            t.gold
        )
        .unwrap();
        writeln!(
            report,
            "  attribution: precision {:.3} ({} correct of {} found with a speaker), \
             recall {:.3} ({} of {} gold quotes with a named speaker)",
            t.attribution_precision(),
            t.correct,
            t.attributed,
            t.attribution_recall(),
            t.correct,
            t.gold_named
        )
        .unwrap();
        writeln!(
            report,
            "  not counted correct: surname only {}, full name with extra words {}; found \
             without a speaker though named: {}; a speaker where the article names none: {}",
            t.surname_only, t.extra_words, t.null_on_named, t.speaker_on_unnamed
        )
        .unwrap();
        writeln!(
            report,
            "  gold quotes of <= 3 words (the extractor drops these as scare/partial quotes): {}, \
             found {}; detection recall without them {:.3}",
            t.gold_short,
            t.gold_short_found,
            ratio(t.matched - t.gold_short_found, t.gold - t.gold_short)
        )
        .unwrap();
        writeln!(
            report,
            "  gold run-on openings: {}, found {}",
            t.gold_run_on, t.gold_run_on_found
        )
        .unwrap();
    }
}

/// Whether the gold quote `g` is a run-on opening: the mark before it in its
/// paragraph opens another gold quote, which therefore never closed (`"A. "B"`,
/// where the corpus merged a multi-paragraph quote into one line).
fn run_on(line: &str, g: &Gold, golds: &[Gold]) -> bool {
    let previous = line
        .chars()
        .take(g.offset)
        .enumerate()
        .filter(|&(_, c)| c == '"')
        .last();
    previous.is_some_and(|(at, _)| {
        golds
            .iter()
            .any(|o| o.paragraph == g.paragraph && o.offset == at)
    })
}

/// Words of the gold quote at `offset` in `line`: up to the next mark or the
/// end of the line (a rough span, for the short-quote breakdown only).
fn gold_words(line: &str, offset: usize) -> usize {
    let rest: String = line
        .chars()
        .skip(offset + 1)
        .take_while(|&c| c != '"' && c != '”')
        .collect();
    rest.split_whitespace().count()
}

/// The scores of one gold set, and its list of errors.
#[derive(Default)]
struct Evaluation {
    totals: Counts,
    totals_merged: Counts,
    per_category: BTreeMap<String, Counts>,
    /// (strict, merged) per split: dev, then held-out.
    per_split: [(Counts, Counts); 2],
    errors: Vec<String>,
}

/// Runs the extractor on every gold article and scores it.
fn evaluate(bbc: &Path, gold: &BTreeMap<String, Vec<Gold>>) -> Evaluation {
    let mut e = Evaluation::default();
    for (file, golds) in gold {
        let text = std::fs::read_to_string(bbc.join(file))
            .unwrap_or_else(|e| panic!("{file}: {e} (the sample is all UTF-8)"));
        let lines = body_lines(&text);
        let (_, doc) =
            newsflow::parse::parse(&text, file).unwrap_or_else(|e| panic!("{file}: {e:?}"));
        assert_eq!(
            doc.paragraphs, lines,
            "{file}: the parser's paragraphs differ from the file's body lines"
        );
        for g in golds {
            let line = lines
                .get(g.paragraph)
                .unwrap_or_else(|| panic!("{file}: no paragraph {}", g.paragraph));
            assert_eq!(
                line.chars().nth(g.offset),
                Some('"'),
                "{file} {}:{}: the gold offset is not a quotation mark",
                g.paragraph,
                g.offset
            );
        }
        let body = doc.body();
        let predicted = newsflow::extract::quotes::quotes(&body);

        // Paragraph start offsets (code points) in the body.
        let mut starts = Vec::with_capacity(lines.len());
        let mut at = 0;
        for l in &lines {
            starts.push(at);
            at += l.chars().count() + 2;
        }
        let located: Vec<(usize, usize)> = predicted
            .iter()
            .map(|q| {
                let o = q.offset as usize;
                let p = starts.partition_point(|&s| s <= o) - 1;
                (p, o - starts[p])
            })
            .collect();

        // One-to-one matching, closest pairs first.
        let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
        for (gi, g) in golds.iter().enumerate() {
            for (pi, &(p, o)) in located.iter().enumerate() {
                let d = o.abs_diff(g.offset);
                if p == g.paragraph && d <= SLACK {
                    pairs.push((d, gi, pi));
                }
            }
        }
        pairs.sort();
        let mut gold_match: Vec<Option<usize>> = vec![None; golds.len()];
        let mut pred_match: Vec<Option<usize>> = vec![None; predicted.len()];
        for (_, gi, pi) in pairs {
            if gold_match[gi].is_none() && pred_match[pi].is_none() {
                gold_match[gi] = Some(pi);
                pred_match[pi] = Some(gi);
            }
        }

        let mut strict = Counts {
            predicted: predicted.len(),
            ..Counts::default()
        };
        let mut merged = Counts {
            predicted: predicted.len(),
            ..Counts::default()
        };
        for (gi, g) in golds.iter().enumerate() {
            let line = &lines[g.paragraph];
            let gs = g.speaker.as_deref().unwrap_or("-");
            let mut o = Outcome {
                named: g.speaker.is_some(),
                short: gold_words(line, g.offset) <= 3,
                run_on: run_on(line, g, golds),
                found: gold_match[gi].is_some(),
                verdict: None,
            };
            let tag = if o.short {
                " (<=3 words)"
            } else if o.run_on {
                " (run-on opening)"
            } else {
                ""
            };
            if let Some(pi) = gold_match[gi] {
                let q = &predicted[pi];
                o.verdict = q.speaker.as_deref().map(|p| match g.speaker.as_deref() {
                    Some(gname) => judge(gname, p),
                    None => Verdict::Wrong,
                });
                let p = q.speaker.as_deref().unwrap_or("-");
                let cue = q.cue.as_deref().unwrap_or("-");
                let kind = match (&o.verdict, o.named) {
                    (Some(Verdict::Correct), _) | (None, false) => None,
                    (Some(Verdict::SurnameOnly), _) => Some("SURNAME   "),
                    (Some(Verdict::ExtraWords), _) => Some("EXTRA WORDS"),
                    (Some(Verdict::Wrong), _) => Some("WRONG     "),
                    (None, true) => Some("NO SPEAKER"),
                };
                if let Some(kind) = kind {
                    e.errors.push(format!(
                        "{kind} {file} {}:{} gold {gs:?} predicted {p:?} (cue {cue:?}){tag}  | {}",
                        g.paragraph,
                        g.offset,
                        excerpt(line, g.offset)
                    ));
                }
            } else {
                e.errors.push(format!(
                    "MISSED     {file} {}:{} gold {gs:?}{tag}  | {}",
                    g.paragraph,
                    g.offset,
                    excerpt(line, g.offset)
                ));
            }
            strict.gold(&o);
            if o.run_on {
                // Folded into the quote it continues: a prediction there is
                // neither a hit nor an extra.
                merged.predicted -= usize::from(o.found);
            } else {
                merged.gold(&o);
            }
        }
        for (pi, q) in predicted.iter().enumerate() {
            if pred_match[pi].is_none() {
                let (p, o) = located[pi];
                e.errors.push(format!(
                    "EXTRA      {file} {p}:{o} predicted {:?}  | {}",
                    q.speaker.as_deref().unwrap_or("-"),
                    excerpt(&lines[p], o)
                ));
            }
        }
        let category = file.split('/').next().unwrap().to_string();
        let split = &mut e.per_split[usize::from(!DEV.contains(&category.as_str()))];
        split.0.add(&strict);
        split.1.add(&merged);
        e.per_category.entry(category).or_default().add(&strict);
        e.totals.add(&strict);
        e.totals_merged.add(&merged);
    }

    e
}

/// The printed report of an evaluation; `splits` adds the dev/held-out lines.
fn report(e: &Evaluation, title: &str, splits: bool) -> String {
    let mut report = String::new();
    writeln!(report, "\n{title}").unwrap();
    writeln!(
        report,
        "STRICT: every opening mark is a quote (the gold rule), by category:"
    )
    .unwrap();
    for (category, c) in &e.per_category {
        writeln!(report, "{}", c.line(category)).unwrap();
    }
    writeln!(report, "{}", e.totals.line("all")).unwrap();
    e.totals.summary(&mut report);
    writeln!(
        report,
        "MERGED: a run-on opening (`\"A. \"B\"`: the quote before never closed; the corpus \
         merged a multi-paragraph quote into one line) is folded into the quote it continues:"
    )
    .unwrap();
    writeln!(report, "{}", e.totals_merged.line("all")).unwrap();
    e.totals_merged.summary(&mut report);
    if splits {
        writeln!(
            report,
            "BY SPLIT: first written on ({}) vs the rest (used for development since the \
             people model; see the module doc):",
            DEV.join(", ")
        )
        .unwrap();
        for (label, (strict, merged)) in ["first", "rest"].iter().zip(&e.per_split) {
            writeln!(report, "{}", strict.line(&format!("{label} strict"))).unwrap();
            writeln!(report, "{}", merged.line(&format!("{label} merged"))).unwrap();
        }
    }
    writeln!(
        report,
        "targets (Citron, BBC News Labs, on its own data): precision {TARGET_PRECISION:.2}, \
         recall {TARGET_RECALL:.2}; compare the attribution figures"
    )
    .unwrap();
    writeln!(report, "\nErrors ({}):", e.errors.len()).unwrap();
    for line in &e.errors {
        writeln!(report, "  {line}").unwrap();
    }
    report
}

/// Fails when a figure falls below its floor.
fn check_floors(e: &Evaluation, strict: [f64; 4], merged: [f64; 4]) {
    let floors = [
        ("strict", &e.totals, strict),
        ("merged", &e.totals_merged, merged),
    ];
    for (view, c, [dp, dr, ap, ar]) in floors {
        for (what, value, floor) in [
            ("detection precision", c.detection_precision(), dp),
            ("detection recall", c.detection_recall(), dr),
            ("attribution precision", c.attribution_precision(), ap),
            ("attribution recall", c.attribution_recall(), ar),
        ] {
            assert!(
                value >= floor,
                "{view} {what} {value:.3} fell below its floor {floor:.3} (see the errors above)"
            );
        }
    }
}

/// Checks that a gold file covers exactly the files its sample rule selects.
fn check_coverage(gold: &BTreeMap<String, Vec<Gold>>, sample: &[String], name: &str) {
    let annotated: BTreeSet<&String> = gold.keys().collect();
    let selected: BTreeSet<&String> = sample.iter().collect();
    assert_eq!(
        annotated, selected,
        "{name} must cover exactly the sample rule's files"
    );
}

/// One gold sample: its file, selection rule and floors.
struct Sample {
    /// The gold file under `tests/`, and its text.
    file: &'static str,
    gold: &'static str,
    positions: fn(usize) -> Vec<usize>,
    /// What the report calls it.
    label: &'static str,
    /// Print the first/rest split (the first sample's history).
    splits: bool,
    /// List errors only when `NEWSFLOW_SHOW_HELDOUT_ERRORS` is set.
    hide_errors: bool,
    floors: ([f64; 4], [f64; 4]),
}

/// Scores a sample, prints its report and checks its floors.
fn score(sample: &Sample) {
    let Some(bbc) = corpus() else { return };
    let gold = gold(sample.gold);
    check_coverage(&gold, &self::sample(&bbc, sample.positions), sample.file);
    let mut e = evaluate(&bbc, &gold);
    if sample.hide_errors && std::env::var_os("NEWSFLOW_SHOW_HELDOUT_ERRORS").is_none() {
        let hidden = e.errors.len();
        e.errors = vec![format!(
            "({hidden} not shown: set NEWSFLOW_SHOW_HELDOUT_ERRORS=1 to list them, \
             and the sample is held out no more)"
        )];
    }
    let title = format!(
        "Quote extraction on the {}, {} BBC articles ({})",
        sample.label,
        gold.len(),
        sample.file
    );
    println!("{}", report(&e, &title, sample.splits));
    check_floors(&e, sample.floors.0, sample.floors.1);
}

#[test]
fn quotes_against_the_bbc_gold() {
    score(&Sample {
        file: "tests/data/quotes_bbc.tsv",
        gold: GOLD,
        positions: first_sample,
        label: "first sample",
        splits: true,
        hide_errors: false,
        floors: (FLOORS_STRICT, FLOORS_MERGED),
    });
}

#[test]
fn quotes_against_the_fresh_bbc_gold() {
    score(&Sample {
        file: "tests/data/quotes_bbc_fresh.tsv",
        gold: FRESH_GOLD,
        positions: fresh_sample,
        label: "second sample",
        splits: false,
        hide_errors: false,
        floors: (FRESH_FLOORS_STRICT, FRESH_FLOORS_MERGED),
    });
}

#[test]
fn quotes_against_the_heldout_bbc_gold() {
    score(&Sample {
        file: "tests/data/quotes_bbc_heldout.tsv",
        gold: HELDOUT_GOLD,
        positions: heldout_sample,
        label: "held-out sample (never tuned on)",
        splits: false,
        hide_errors: true,
        floors: (HELDOUT_FLOORS_STRICT, HELDOUT_FLOORS_MERGED),
    });
}

#[test]
fn speaker_comparison() {
    assert_eq!(judge("Tony Blair", "Mr Tony Blair"), Verdict::Correct);
    assert_eq!(judge("Sir Ian Blair", "Ian Blair"), Verdict::Correct);
    assert_eq!(judge("Dr Mark Tuffy", "mark tuffy"), Verdict::Correct);
    assert_eq!(judge("the BBC", "BBC"), Verdict::Correct);
    assert_eq!(judge("Lord Strathclyde", "Strathclyde"), Verdict::Correct);
    assert_eq!(judge("Clive Woodward", "Woodward"), Verdict::SurnameOnly);
    assert_eq!(judge("Clive Woodward", "Mr Woodward"), Verdict::SurnameOnly);
    assert_eq!(judge("Tony Blair", "Ian Blair"), Verdict::Wrong);
    assert_eq!(
        judge("Alan Beith", "Liberal Democrat Alan Beith"),
        Verdict::ExtraWords
    );
    assert_eq!(judge("Alan Beith", "Beith Alan"), Verdict::Wrong);
    assert_eq!(
        judge("Jonathan Wolpaw and Dennis McFarlane", "Dennis McFarlane"),
        Verdict::Correct
    );
}

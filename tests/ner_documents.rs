//! Entities as a user of the records sees them: the CoNLL-2003 dev documents
//! rebuilt as text files (headline line first, then a blank line, then the
//! body), processed by the real daemon (`newsflow process`), and each
//! record's entities compared with the gold mentions as sets of (normalised
//! name, type) per document for people, organisations and places; every
//! name and alias of an entry counts. Reads `../shared/corpus/conll2003`;
//! skips when it is absent. `NEWSFLOW_NER_DOCS_DEBUG=1` lists what each
//! record missed.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use common::{Env, corpus};

type Names = BTreeSet<(String, &'static str)>;

/// Tokens back into text the way newswire writes it.
fn detokenize(tokens: &[&str]) -> String {
    let mut out = String::new();
    let mut open_quote = false;
    for (i, &t) in tokens.iter().enumerate() {
        let glue_left = matches!(
            t,
            "," | "." | ":" | ";" | ")" | "?" | "!" | "%" | "'s" | "n't"
        ) || (t == "\"" && open_quote);
        let after_open = i > 0 && (tokens[i - 1] == "(" || (tokens[i - 1] == "\"" && open_quote));
        if i > 0 && !glue_left && !after_open {
            out.push(' ');
        }
        if t == "\"" {
            open_quote = !open_quote;
        }
        out.push_str(t);
    }
    out
}

fn normalised(name: &str) -> String {
    let lower = name.to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    let lower = lower.strip_suffix("'s").unwrap_or(lower);
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn kind_of(tag: &str) -> Option<&'static str> {
    match tag {
        "PER" => Some("person"),
        "ORG" => Some("organization"),
        "LOC" => Some("location"),
        _ => None,
    }
}

/// The documents as text, and each one's gold set.
fn documents(text: &str) -> Vec<(String, Names)> {
    let mut docs = Vec::new();
    for raw in text.split("-DOCSTART-").skip(1) {
        let mut sentences: Vec<Vec<(&str, &str)>> = Vec::new();
        for block in raw.split("\n\n") {
            let rows: Vec<(&str, &str)> = block
                .lines()
                .filter_map(|l| {
                    let mut cols = l.split(' ');
                    let word = cols.next()?;
                    let tag = l.rsplit(' ').next()?;
                    (!word.is_empty() && !l.starts_with(" -X-")).then_some((word, tag))
                })
                .filter(|(w, _)| *w != "-X-")
                .collect();
            if !rows.is_empty() {
                sentences.push(rows);
            }
        }
        if sentences.is_empty() {
            continue;
        }
        let mut gold = Names::new();
        for sentence in &sentences {
            let mut i = 0;
            while i < sentence.len() {
                let tag = sentence[i].1;
                if let Some(kind) = tag.strip_prefix("B-").and_then(kind_of) {
                    let mut j = i + 1;
                    while j < sentence.len() && sentence[j].1.starts_with("I-") {
                        j += 1;
                    }
                    let words: Vec<&str> = sentence[i..j].iter().map(|r| r.0).collect();
                    gold.insert((normalised(&detokenize(&words)), kind));
                    i = j;
                } else {
                    i += 1;
                }
            }
        }
        let line = |s: &Vec<(&str, &str)>| detokenize(&s.iter().map(|r| r.0).collect::<Vec<_>>());
        let title = line(&sentences[0]);
        let body: Vec<String> = sentences[1..].iter().map(line).collect();
        // One sentence a line: results tables stay rows, as the wire sends them.
        docs.push((format!("{title}\n\n{}\n", body.join("\n")), gold));
    }
    docs
}

#[test]
fn document_entity_sets_on_conll_dev_through_the_daemon() {
    let Some(conll) = corpus("conll2003") else {
        return;
    };
    let docs = documents(&fs::read_to_string(conll.join("dev.txt")).unwrap());
    assert!(docs.len() > 200, "{} dev documents", docs.len());
    let env = Env::new();
    for (i, (text, _)) in docs.iter().enumerate() {
        fs::write(env.inbox.join(format!("{i:04}.txt")), text).unwrap();
    }
    let out = env.run(["process", env.inbox.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut predicted: BTreeMap<usize, Names> = BTreeMap::new();
    for line in env.feed_all().iter().filter(|l| l.event == "article") {
        let record = env.article(line);
        let i: usize = record.source.name[..4].parse().unwrap();
        if std::env::var_os("NEWSFLOW_NER_DOCS_DEBUG").is_some() {
            let text = format!("{}\n{}", record.title, record.body).to_lowercase();
            for g in &docs[i].1 {
                let found = record.entities.iter().any(|e| {
                    e.kind == g.1
                        && std::iter::once(&e.name)
                            .chain(&e.aliases)
                            .any(|n| normalised(n) == g.0)
                });
                if !found {
                    println!("miss {i}: {g:?} in text: {}", text.contains(&g.0));
                }
            }
        }
        let set = predicted.entry(i).or_default();
        for e in &record.entities {
            let Some(kind) = ["person", "organization", "location"]
                .into_iter()
                .find(|k| *k == e.kind)
            else {
                continue;
            };
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                set.insert((normalised(name), kind));
            }
        }
    }
    let (mut tp, mut n_pred, mut n_gold) = (0, 0, 0);
    let mut per_kind: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for (i, (_, gold)) in docs.iter().enumerate() {
        let empty = Names::new();
        let pred = predicted.get(&i).unwrap_or(&empty);
        tp += pred.intersection(gold).count();
        n_pred += pred.len();
        n_gold += gold.len();
        for kind in ["person", "organization", "location"] {
            let g: Names = gold.iter().filter(|x| x.1 == kind).cloned().collect();
            let p: Names = pred.iter().filter(|x| x.1 == kind).cloned().collect();
            let e = per_kind.entry(kind).or_default();
            e.0 += p.intersection(&g).count();
            e.1 += p.len();
            e.2 += g.len();
        }
    }
    let f1 = |tp: usize, p: usize, g: usize| {
        let (p, r) = (tp as f64 / p as f64, tp as f64 / g as f64);
        (p, r, 2.0 * p * r / (p + r))
    };
    for (kind, (tp, p, g)) in &per_kind {
        let (p, r, f) = f1(*tp, *p, *g);
        println!("  {kind:<12} P {p:.3} R {r:.3} F1 {f:.3}");
    }
    let (p, r, f) = f1(tp, n_pred, n_gold);
    println!(
        "CoNLL dev through the daemon, document entity sets (PER/ORG/LOC, {} documents): \
         P {p:.3} R {r:.3} F1 {f:.3}",
        docs.len()
    );
    assert!(f >= 0.90, "document-level entity-set F1 {f:.3}");
}

//! Near-duplicates built by editing articles this project wrote (all names,
//! places and figures are invented): re-drops, sentence deletions and
//! insertions, boilerplate swaps, reordering, heavy rewrites that only copy a
//! few sentences, and wire reports cut from one template with different
//! figures. Each edit has the verdict a newsroom would expect.

use newsflow::dedup::{self, Check, Fingerprint, Index, IndexConfig, Match, VerifyData};
use std::collections::HashMap;

const FERRY: [&str; 20] = [
    "The harbour authority in Port Elwin has approved a new ferry link to the island of Carrow, ending years of debate over how to serve its fishing villages.",
    "Boats will run four times a day from the spring, with an extra evening crossing during the summer festival season.",
    "The authority's chair, Marta Quell, said the decision was the most important her board had taken in a decade.",
    "\"Carrow has waited long enough for a service it can rely on,\" she told reporters outside the harbour office on Tuesday.",
    "Islanders have depended on a single privately run boat since the old council ferry was withdrawn after a storm damaged its pier.",
    "That boat often cancels crossings in rough weather, leaving pupils unable to reach the secondary school on the mainland.",
    "Parents on the island collected signatures for a petition that was handed to the authority in the autumn.",
    "The new vessels will be leased from a shipyard in the north while two purpose-built boats are designed.",
    "Engineers must first rebuild the landing stage at Carrow, a job expected to take most of the winter.",
    "Fishermen had warned that construction work could disturb the lobster grounds close to the harbour entrance.",
    "The authority said it had moved the new pier further east after a survey of the seabed.",
    "Fares for island residents will be capped at the level charged on the existing private boat.",
    "Visitors will pay more, and the extra income is meant to cover part of the running costs.",
    "Opposition councillors questioned whether the service could survive once the regional grant runs out.",
    "\"Nobody has explained who pays for these boats in five years' time,\" said councillor Idris Fenn.",
    "Ms Quell said the business plan assumed steady growth in tourism and would be published in full.",
    "The private operator, which was not invited to bid, said it was considering a legal challenge.",
    "Its owner said the family had kept the island connected for thirty years without public money.",
    "The authority will hold public meetings on Carrow and in Port Elwin before the timetable is fixed.",
    "A final decision on the design of the permanent boats is expected before the end of next year.",
];

const ORCHARD: [&str; 16] = [
    "Apple growers in the Velden valley are bracing for their smallest harvest in a generation after a late frost destroyed much of the blossom.",
    "Farmers said temperatures fell well below freezing on two nights just as the trees had come into flower.",
    "Some orchards on the valley floor lost almost all of their fruit, while those on the slopes fared better.",
    "The growers' cooperative has asked the regional government for emergency help to keep seasonal workers on its books.",
    "Without that help, its director said, many pickers would look for work elsewhere and might not return next year.",
    "Cider makers who buy most of the valley's fruit are already looking for supplies from further afield.",
    "One producer said it would keep its prices unchanged for now but could not promise to do so for long.",
    "Scientists at the agricultural college have been testing frost fans and sprinklers that protect blossom on cold nights.",
    "The equipment is expensive, and only a handful of the larger farms have installed it so far.",
    "A lecturer at the college said the frosts were a warning that growers needed to plan for more unpredictable springs.",
    "Insurance cover for frost damage is rare in the valley because premiums have risen sharply in recent years.",
    "Local banks have agreed to delay loan repayments for affected farms until the end of the season.",
    "The cooperative expects to publish an estimate of the losses once the fruit that survived has set.",
    "Tourism officials fear the damage could also hit the autumn apple festival, which draws visitors from across the country.",
    "Organisers said the festival would go ahead but might rely on fruit brought in from other regions.",
    "Growers will meet the regional agriculture minister in the valley next week to discuss a support package.",
];

/// The same template filled with two companies' figures.
fn earnings(company: &str, pct: &str, profit: &str, sales: &str, dividend: &str) -> String {
    format!(
        "{company} said on Thursday that its net profit for the first half rose {pct} pct to {profit} billion dlrs, \
         helped by strong demand in its home market and lower financing costs. \
         Sales in the period climbed to {sales} billion dlrs, the company said in a statement released before the market opened. \
         The board proposed an interim dividend of {dividend} cents a share, to be paid to shareholders on the register at the end of the month. \
         The company said it expected trading conditions to remain broadly stable in the second half of the year, \
         although it warned that higher energy prices and weaker export markets could weigh on margins. \
         It repeated its forecast for the full year and said it would give more details at its investor day in the autumn. \
         Analysts said the results were in line with expectations and that the outlook statement offered few surprises. \
         The shares were little changed in early trading, in a market that was broadly flat."
    )
}

fn join(sentences: &[&str], per_paragraph: usize) -> String {
    sentences
        .chunks(per_paragraph)
        .map(|p| p.join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// An index and the store the caller keeps (the daemon's SQLite), fed in order.
struct Desk {
    index: Index,
    store: HashMap<u64, VerifyData>,
    names: HashMap<u64, &'static str>,
}

impl Desk {
    fn new() -> Desk {
        Desk {
            // No recent cache: every candidate is read back from the store.
            index: Index::new(IndexConfig {
                recent_capacity: 0,
                ..IndexConfig::default()
            }),
            store: HashMap::new(),
            names: HashMap::new(),
        }
    }

    fn add(&mut self, name: &'static str, title: &str, body: &str) -> Check {
        let id = dedup::id_key(&dedup::article_id(body)).unwrap_or_else(|| panic!("id"));
        let fp = Fingerprint::of(title, body);
        let check = self.index.check_and_insert(id, 0, &fp, &mut self.store);
        self.store.entry(id).or_insert_with(|| fp.verify_data());
        self.names.entry(id).or_insert(name);
        check
    }

    fn name(&self, id: u64) -> &'static str {
        self.names.get(&id).copied().unwrap_or("?")
    }

    /// The verdict as (kind, earlier article's name, similarity).
    fn verdict(&self, check: &Check) -> (&'static str, &'static str, f64) {
        match check.verdict {
            Match::Unique => ("unique", "", 0.0),
            Match::Exact { of } => ("exact", self.name(of), 1.0),
            Match::Near { of, similarity } => ("near", self.name(of), similarity),
        }
    }

    fn reuse(&self, check: &Check) -> Vec<(&'static str, u32)> {
        check
            .reuse
            .iter()
            .map(|l| (self.name(l.id), l.shared_sentences))
            .collect()
    }
}

#[test]
fn edited_copies_get_the_expected_verdicts() {
    let mut desk = Desk::new();
    let original = join(&FERRY, 4);
    assert_eq!(
        desk.add("ferry", "Ferry link approved", &original).verdict,
        Match::Unique
    );
    assert_eq!(
        desk.add("orchard", "Frost hits orchards", &join(&ORCHARD, 3))
            .verdict,
        Match::Unique
    );

    // A re-drop under a new headline, with different spacing, case and quotes.
    let redrop = original
        .replace("\"", "\u{201C}")
        .replace(". ", ".  ")
        .to_uppercase();
    let check = desk.add("redrop", "Island ferry: the decision", &redrop);
    assert_eq!(desk.verdict(&check).0, "exact");

    let cases: Vec<(&'static str, String, &str)> = vec![
        ("one sentence deleted", join(&[&FERRY[..9], &FERRY[10..]].concat(), 4), "near"),
        ("three sentences deleted", join(&[&FERRY[..5], &FERRY[8..]].concat(), 4), "near"),
        (
            "two sentences inserted",
            join(
                &[
                    &FERRY[..12],
                    &[
                        "A spokesman for the shipyard said the leased vessels had been refitted last year.",
                        "The island's only shop said deliveries had been delayed three times this month.",
                    ][..],
                    &FERRY[12..],
                ]
                .concat(),
                4,
            ),
            "near",
        ),
        (
            "boilerplate swapped",
            format!(
                "{}\n\nREAD MORE: Island schools struggle to keep teachers\n\nSource: Coastal News Service and agencies",
                join(&FERRY, 4)
            ),
            "near",
        ),
        (
            "paragraphs reordered",
            join(&[&FERRY[8..16], &FERRY[..8], &FERRY[16..]].concat(), 4),
            "near",
        ),
    ];
    for (what, body, expected) in &cases {
        let check = desk.add("edit", "Headline", body);
        let (kind, of, similarity) = desk.verdict(&check);
        println!(
            "{what}: {kind} of {of} at {similarity:.3}; reuse {:?}",
            desk.reuse(&check)
        );
        assert_eq!(kind, *expected, "{what}");
        assert_eq!(of, "ferry", "{what}: the earliest match is the original");
        assert!(similarity >= 0.8, "{what}: {similarity}");
        assert_eq!(desk.reuse(&check)[0].0, "ferry", "{what}");
    }

    // A rewrite that keeps five sentences and its own words for the rest.
    let mut rewrite: Vec<&str> = vec![
        "Carrow is finally getting the ferry service its residents have campaigned for.",
        "The harbour authority voted on Tuesday to run boats to the island from the spring.",
        FERRY[3],
        "Until now a single private boat has carried islanders, and it is often cancelled in bad weather.",
        FERRY[6],
        FERRY[9],
        "Critics on the council doubt the money will last.",
        FERRY[14],
        "The private operator may go to court.",
        FERRY[18],
    ];
    let check = desk.add("rewrite", "Carrow gets its ferry", &join(&rewrite, 3));
    println!(
        "rewrite: {:?}; reuse {:?}",
        desk.verdict(&check),
        desk.reuse(&check)
    );
    assert_eq!(desk.verdict(&check).0, "unique");
    assert_eq!(desk.reuse(&check)[0], ("ferry", 5));
    assert!((check.reuse[0].containment - 0.5).abs() < 1e-9);

    // The same rewrite with only one short copied sentence: no reuse link.
    rewrite.retain(|s| !FERRY.contains(s) || *s == FERRY[14]);
    let check = desk.add("loose", "Carrow ferry", &join(&rewrite, 3));
    assert!(
        !desk.reuse(&check).iter().any(|l| l.0 == "ferry"),
        "{:?}",
        desk.reuse(&check)
    );

    // An unrelated article shares nothing.
    let check = desk.add(
        "unrelated",
        "Library reopens",
        "The town library reopened on Saturday after a two-year renovation that added a children's wing and a cafe. \
         Hundreds of readers queued before the doors opened, and the first loans were recorded within minutes.",
    );
    assert_eq!(desk.verdict(&check).0, "unique");
    assert!(check.reuse.is_empty());
}

#[test]
fn template_reports_with_different_figures_are_not_near_duplicates() {
    let mut desk = Desk::new();
    let first = earnings("Norvale Industries", "3.2", "1.5", "12.4", "21");
    assert_eq!(
        desk.add("norvale", "Norvale profit up", &first).verdict,
        Match::Unique
    );

    // The same template with two figures changed (a later period's report, or
    // another desk's numbers): nearly the same words, different facts.
    let other = earnings("Norvale Industries", "4.1", "1.7", "12.4", "21");
    let check = desk.add("norvale-h2", "Norvale profit up", &other);
    println!(
        "same template, other figures: {:?} template_of {:?}",
        desk.verdict(&check),
        check.template_of
    );
    assert_eq!(desk.verdict(&check).0, "unique");
    let (of, jaccard) = check
        .template_of
        .unwrap_or_else(|| panic!("template rule should explain it"));
    assert_eq!(desk.name(of), "norvale");
    assert!(
        jaccard >= 0.8,
        "the trap: shingles alone would call it a near-duplicate ({jaccard})"
    );

    // The same figures, written "1,5"-style or with one sentence reworded: a copy.
    let reworded = first.replace(
        "The shares were little changed in early trading, in a market that was broadly flat.",
        "Its shares barely moved in early trading.",
    );
    let check = desk.add("norvale-copy", "Norvale results", &reworded);
    assert_eq!(desk.verdict(&check).0, "near");
    assert_eq!(desk.verdict(&check).1, "norvale");

    // An update that adds a figure and drops none is still the same report.
    let updated = format!("{first} The company employs 8,400 people.");
    let check = desk.add("norvale-update", "Norvale results (updated)", &updated);
    assert_eq!(desk.verdict(&check).0, "near");
    assert_eq!(desk.verdict(&check).1, "norvale");
}

//! Stories through the real binary: the seeds' story, the BBC corpus's
//! duplicates in the stories of their originals, story files and feed lines
//! that agree, and the clustering benchmark (BCubed on the hand-labelled
//! events of `tests/data/stories_bbc.tsv`, tuned on one half, reported on the
//! other). The corpora live outside the repository; each test skips, saying
//! so, when its folder is absent. Figures:
//! `cargo test --release --test stories -- --nocapture`.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use common::{Env, assert_seqs_contiguous, corpus, read_json};
use newsflow::record::{ArticleRecord, FeedLine, StoryRecord};

/// Runs `newsflow process` over the inbox (with `extra` appended to the
/// config) and returns the feed.
fn process(env: &Env, extra: &str) -> Vec<FeedLine> {
    if !extra.is_empty() {
        let mut config = fs::read_to_string(&env.config).unwrap();
        config.push_str(extra);
        fs::write(&env.config, config).unwrap();
    }
    let out = env.run(["process", env.inbox.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "process failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    env.feed_all()
}

/// Each article's record, by its inbox name.
fn records(env: &Env, feed: &[FeedLine]) -> BTreeMap<String, ArticleRecord> {
    feed.iter()
        .filter(|l| l.event == "article")
        .map(|l| {
            let record = env.article(l);
            (record.source.name.clone(), record)
        })
        .collect()
}

fn story_of(record: &ArticleRecord) -> &str {
    &record.story.as_ref().expect("every article has a story").id
}

#[test]
fn seeds_000_001_and_002_share_a_story_and_004_does_not() {
    let Some(seeds) = corpus("seeds") else { return };
    let env = Env::new();
    for entry in fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, env.inbox.join(path.file_name().unwrap())).unwrap();
    }
    let feed = process(&env, "");
    assert_seqs_contiguous(&feed);
    let records = records(&env, &feed);
    let by_number: BTreeMap<&str, &ArticleRecord> =
        records.iter().map(|(name, r)| (&name[..3], r)).collect();
    let story = |n: &str| story_of(by_number[n]);
    for (n, r) in &by_number {
        println!(
            "seed {n}: story {} (size {})",
            story(n),
            r.story.as_ref().unwrap().size
        );
    }
    assert_eq!(story("001"), story("000"));
    assert_eq!(story("002"), story("000"));
    assert_ne!(story("004"), story("000"));
    check_story_files(&env, &feed, &records);

    // The operator's view: the count, the largest and the latest grown.
    let stories: BTreeSet<&str> = by_number.keys().map(|n| story(n)).collect();
    let status = env.status();
    assert_eq!(status["stories"]["stories"], stories.len());
    assert_eq!(status["stories"]["largest"]["id"], story("000"));
    // 003 (a later event of the same war) may go either way; the largest
    // story is the one 000-002 share, with whatever joined it.
    let size = by_number
        .values()
        .filter(|r| story_of(r) == story("000"))
        .count();
    assert!(size >= 3);
    assert_eq!(status["stories"]["largest"]["size"], size);
    let last = feed.iter().rev().find(|l| l.event == "story").unwrap();
    assert_eq!(
        status["stories"]["latest"]["id"],
        last.story.as_deref().unwrap()
    );
    let text = env.run(["status"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(&format!("stories: {}", stories.len())),
        "{text}"
    );
}

/// Every story file lists exactly the articles whose record names the story,
/// in arrival order, and every story line of the feed follows its article's
/// line with the size the record gives.
fn check_story_files(env: &Env, feed: &[FeedLine], records: &BTreeMap<String, ArticleRecord>) {
    let mut members: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let by_id: HashMap<&str, &ArticleRecord> =
        records.values().map(|r| (r.id.as_str(), r)).collect();
    for line in feed.iter().filter(|l| l.event == "article") {
        let record = by_id[line.id.as_deref().unwrap()];
        members
            .entry(story_of(record))
            .or_default()
            .push(&record.id);
    }
    for (story, ids) in &members {
        let file: StoryRecord = read_json(&env.outbox.join(format!("stories/{story}.json")));
        assert_eq!(file.schema, "newsflow/story/v1");
        assert_eq!(file.size as usize, ids.len(), "story {story}");
        let listed: Vec<&str> = file.members.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(&listed, ids, "members of {story} in arrival order");
        assert!(!file.title.is_empty());
    }
    for pair in feed.windows(2) {
        if pair[1].event == "story" {
            let (article, story) = (&pair[0], &pair[1]);
            assert_eq!(article.event, "article", "a story line follows its article");
            let record = by_id[article.id.as_deref().unwrap()];
            let meta = record.story.as_ref().unwrap();
            assert_eq!(story.story.as_deref(), Some(meta.id.as_str()));
            assert_eq!(story.size, Some(meta.size));
            assert_eq!(story.article.as_deref(), Some(record.id.as_str()));
        }
    }
    let story_lines = feed.iter().filter(|l| l.event == "story").count();
    let articles = feed.iter().filter(|l| l.event == "article").count();
    assert_eq!(story_lines, articles, "one story line per article");
}

/// The labelled events: (path, event, half), and the arrival order.
struct Gold {
    labels: BTreeMap<String, (String, String)>,
    order: Vec<String>,
}

fn gold() -> Gold {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let labels = fs::read_to_string(dir.join("stories_bbc.tsv"))
        .expect("tests/data/stories_bbc.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter(|l| !l.starts_with("path\t"))
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(cols.len() >= 3, "bad gold line {l:?}");
            (
                cols[0].to_string(),
                (cols[1].to_string(), cols[2].to_string()),
            )
        })
        .collect();
    let order = fs::read_to_string(dir.join("stories_bbc_order.txt"))
        .expect("tests/data/stories_bbc_order.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    Gold { labels, order }
}

/// BCubed precision, recall and F1 of `predicted` against `gold` (both map
/// an item to its cluster), over the items of `gold` (Amigó et al. 2009).
fn bcubed(
    gold: &BTreeMap<String, String>,
    predicted: &BTreeMap<String, String>,
) -> (f64, f64, f64) {
    let mut gold_members: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut pred_members: HashMap<&str, Vec<&str>> = HashMap::new();
    for (item, g) in gold {
        gold_members.entry(g).or_default().push(item);
        pred_members.entry(&predicted[item]).or_default().push(item);
    }
    let (mut p, mut r) = (0.0, 0.0);
    for (item, g) in gold {
        let same_pred = &pred_members[predicted[item].as_str()];
        let same_gold = &gold_members[g.as_str()];
        let both = same_pred.iter().filter(|o| gold[**o] == *g).count() as f64;
        p += both / same_pred.len() as f64;
        r += both / same_gold.len() as f64;
    }
    let n = gold.len() as f64;
    let (p, r) = (p / n, r / n);
    (p, r, 2.0 * p * r / (p + r).max(f64::MIN_POSITIVE))
}

/// Processes the gold articles of `half` (all when `None`) in the fixed
/// arrival order, and scores the stories they get.
fn score_half(bbc: &Path, gold: &Gold, half: Option<&str>, extra: &str) -> (f64, f64, f64, usize) {
    let env = Env::new();
    let paths: Vec<&String> = gold
        .order
        .iter()
        .filter(|p| half.is_none_or(|h| gold.labels[*p].1 == h))
        .collect();
    // Names sort in arrival order; `process` takes files in name order.
    let mut name_of = BTreeMap::new();
    for (i, path) in paths.iter().enumerate() {
        let name = format!("{i:05}-{}", path.replace('/', "-"));
        fs::copy(bbc.join(path), env.inbox.join(&name)).unwrap();
        name_of.insert(name, (*path).clone());
    }
    let feed = process(&env, extra);
    let records = records(&env, &feed);
    let mut story_by_id: HashMap<String, String> = HashMap::new();
    for r in records.values() {
        story_by_id.insert(r.id.clone(), story_of(r).to_string());
    }
    let mut predicted = BTreeMap::new();
    for line in &feed {
        let name = Path::new(&line.path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let Some(path) = name_of.get(&name) else {
            continue;
        };
        let story = match line.event.as_str() {
            "article" => story_by_id[line.id.as_deref().unwrap()].clone(),
            // An exact duplicate is in the story of its original.
            "exact_duplicate" => story_by_id[line.duplicate_of.as_deref().unwrap()].clone(),
            _ => continue,
        };
        predicted.insert(path.clone(), story);
    }
    let gold_events: BTreeMap<String, String> = paths
        .iter()
        .map(|p| ((*p).clone(), gold.labels[*p].0.clone()))
        .collect();
    assert_eq!(
        predicted.len(),
        gold_events.len(),
        "every gold article has an outcome"
    );
    let stories: BTreeSet<&String> = predicted.values().collect();
    let (p, r, f) = bcubed(&gold_events, &predicted);
    (p, r, f, stories.len())
}

#[test]
fn story_clustering_on_the_labelled_bbc_events() {
    let Some(bbc) = corpus("bbc") else { return };
    let gold = gold();
    if std::env::var_os("NEWSFLOW_STORIES_GRID").is_some() {
        // Tuning, on the tune half only: `NEWSFLOW_STORIES_GRID=1 cargo test
        // --release --test stories story_clustering -- --nocapture`.
        for threshold in [0.12, 0.15, 0.18, 0.2, 0.22, 0.25, 0.3] {
            for name_weight in [0.0, 0.2, 0.35, 0.5] {
                let extra =
                    format!("\n[stories]\nthreshold = {threshold}\nname_weight = {name_weight}\n");
                let (p, r, f, n) = score_half(&bbc, &gold, Some("tune"), &extra);
                println!(
                    "tune threshold {threshold:.2} name_weight {name_weight:.2}: \
                     P {p:.3} R {r:.3} F1 {f:.3} ({n} stories)"
                );
            }
        }
    }
    let mut report = None;
    for half in ["tune", "report"] {
        let events: BTreeSet<&String> = gold
            .labels
            .values()
            .filter(|(_, h)| h == half)
            .map(|(e, _)| e)
            .collect();
        let (p, r, f, n) = score_half(&bbc, &gold, Some(half), "");
        println!(
            "stories, {half} half ({} articles, {} events): BCubed P {p:.3} R {r:.3} F1 {f:.3}, \
             {n} stories",
            gold.labels.values().filter(|(_, h)| h == half).count(),
            events.len()
        );
        if half == "report" {
            report = Some(f);
        }
    }
    // The target is 0.90; measured 0.898 with words alone (the
    // entity recogniser's names are not merged yet). This floor catches a
    // regression from what is measured.
    let f = report.unwrap();
    assert!(
        f >= 0.88,
        "BCubed F1 {f:.3} on the report half fell below 0.88"
    );
}

#[test]
fn bbc_duplicates_join_the_stories_of_their_originals() {
    let Some(bbc) = corpus("bbc") else { return };
    let env = Env::new();
    for category in ["business", "entertainment", "politics", "sport", "tech"] {
        fs::create_dir(env.inbox.join(category)).unwrap();
        for entry in fs::read_dir(bbc.join(category)).unwrap() {
            let name = entry.unwrap().file_name();
            fs::copy(
                bbc.join(category).join(&name),
                env.inbox.join(category).join(&name),
            )
            .unwrap();
        }
    }
    let feed = process(&env, "");
    assert_seqs_contiguous(&feed);
    let records = records(&env, &feed);
    let by_id: HashMap<&str, &ArticleRecord> =
        records.values().map(|r| (r.id.as_str(), r)).collect();
    let mut near = 0;
    for record in records.values() {
        if let Some(original) = &record.dedup.duplicate_of {
            near += 1;
            assert_eq!(
                story_of(record),
                story_of(by_id[original.as_str()]),
                "{} is a near-duplicate of {original} but not in its story",
                record.source.name
            );
        }
    }
    let exact = feed.iter().filter(|l| l.event == "exact_duplicate").count();
    let mut sizes: BTreeMap<&str, u32> = BTreeMap::new();
    for record in records.values() {
        *sizes.entry(story_of(record)).or_default() += 1;
    }
    let mut histogram: BTreeMap<u32, u32> = BTreeMap::new();
    for size in sizes.values() {
        *histogram.entry(*size).or_default() += 1;
    }
    println!(
        "BBC: {} articles ({near} near-duplicates in their originals' stories, {exact} exact \
         duplicates with no record of their own), {} stories; size: count {histogram:?}",
        records.len(),
        sizes.len()
    );
    check_story_files(&env, &feed, &records);
}

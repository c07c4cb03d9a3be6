//! The topic classifier as shipped (`data/topics/model.bin`): the five seeds
//! are about conflict and politics; our held-out articles
//! (`tests/data/topics/`, never trained on) get their topic first or second;
//! a BBC sample gets its folder first. The corpus parts skip, saying so, when
//! `../shared/corpus` is absent.

mod common;

use std::path::{Path, PathBuf};

use newsflow::tag::topics::{Classifier, MEDIA_TOPICS, TOPICS, topic_index};

fn codes(classifier: &Classifier, title: &str, body: &str) -> Vec<String> {
    classifier
        .classify(title, body)
        .into_iter()
        .map(|t| t.code)
        .collect()
}

/// The topics by probability, best first.
fn order(classifier: &Classifier, title: &str, body: &str) -> Vec<usize> {
    let p = classifier.probabilities(title, body);
    let mut order: Vec<usize> = (0..TOPICS).collect();
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
    order
}

/// The labels of topics by index.
fn labels(topics: &[usize]) -> Vec<&'static str> {
    topics.iter().map(|&k| MEDIA_TOPICS[k].1).collect()
}

fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn seeds_are_about_conflict_and_politics() {
    let Some(dir) = common::corpus("seeds") else {
        return;
    };
    let classifier = Classifier::load();
    let seeds = txt_files(&dir);
    assert_eq!(seeds.len(), 5, "five seeds");
    for path in seeds {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).expect("read seed");
        let record = newsflow::extract::standalone_record(&text, &name).expect("seed parses");
        let topics = classifier.classify(&record.title, &record.body);
        println!("{name}: {topics:?}");
        let got: Vec<&str> = topics.iter().map(|t| t.code.as_str()).collect();
        assert!(
            got.contains(&"medtop:16000000") && got.contains(&"medtop:11000000"),
            "{name}: expected conflict and politics, got {got:?}"
        );
        assert!(topics.len() <= 3);
        assert!(topics.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(topics.iter().all(|t| (0.0..=1.0).contains(&t.score)));
    }
}

#[test]
fn held_out_articles_get_their_topic_first_or_second() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/topics");
    let classifier = Classifier::load();
    let (mut top1, mut top2, mut n) = (0, 0, 0);
    // The first expected topic first, and the second expected topic (where
    // a reader gives one) among the topics the tagger says apply.
    let (mut first, mut seconds, mut second_given) = (0, 0, 0);
    // Topics given, and those of them a reader would not give.
    let (mut given, mut extra, mut wrong) = (0, 0, 0);
    let mut per_topic = [0usize; TOPICS];
    for path in txt_files(&dir) {
        let text = std::fs::read_to_string(&path).expect("read article");
        let (header, rest) = text.split_once('\n').expect("a topics line");
        let expected: Vec<usize> = header
            .strip_prefix("topics:")
            .expect("first line `topics: ...`")
            .split_whitespace()
            .map(|c| topic_index(c).expect("a known topic code"))
            .collect();
        let (title, body) = rest.trim_start().split_once('\n').expect("title and body");
        let order = order(&classifier, title, body);
        let hit1 = expected.contains(&order[0]);
        let hit2 = hit1 || expected.contains(&order[1]);
        for &k in &expected {
            per_topic[k] += 1;
        }
        first += usize::from(order[0] == expected[0]);
        let applied: Vec<usize> = codes(&classifier, title, body)
            .iter()
            .filter_map(|c| topic_index(c))
            .collect();
        if let Some(&second) = expected.get(1) {
            seconds += usize::from(applied.contains(&second));
            second_given += 1;
        }
        given += applied.len();
        extra += applied.len().saturating_sub(1);
        let extra_wrong = applied
            .iter()
            .skip(1)
            .filter(|k| !expected.contains(k))
            .count();
        wrong += extra_wrong;
        if extra_wrong > 0 {
            println!(
                "extra topic not expected, {}: expected {:?}, given {:?}",
                path.file_name().unwrap().to_string_lossy(),
                labels(&expected),
                labels(&applied)
            );
        }
        n += 1;
        top1 += usize::from(hit1);
        top2 += usize::from(hit2);
        if !hit2 {
            println!(
                "missed {}: expected {:?}, got {} then {}",
                path.file_name().unwrap().to_string_lossy(),
                labels(&expected),
                MEDIA_TOPICS[order[0]].1,
                MEDIA_TOPICS[order[1]].1
            );
        }
        assert!(codes(&classifier, title, body).len() <= 3);
    }
    let (a1, a2) = (top1 as f64 / n as f64, top2 as f64 / n as f64);
    println!("held-out articles: {n}, top-1 {a1:.3} ({top1}), top-2 {a2:.3} ({top2})");
    let strict = first as f64 / n as f64;
    println!(
        "held-out: the first expected topic first {strict:.3} ({first}/{n}); \
         the second expected topic among those given {seconds}/{second_given}; \
         {:.2} topics given per article, {wrong} of the {} beyond the first not expected",
        given as f64 / n as f64,
        extra
    );
    for code in [
        "02", "03", "05", "06", "07", "08", "09", "10", "12", "14", "16", "17",
    ] {
        let k = topic_index(code).expect("topic");
        assert!(
            per_topic[k] >= 8,
            "at least eight held-out articles of {code}"
        );
    }
    assert!(a2 >= 0.90, "top-2 accuracy {a2:.3} below 0.90");
    // The rule for topics beyond the first is chosen on the training data
    // (`train-topics --cv`); these are what it gave when it was chosen.
    assert!(
        seconds >= 10,
        "the second expected topic given in {seconds}/{second_given}, below 10"
    );
    assert!(
        wrong <= 4,
        "{wrong} topics beyond the first not expected, more than 4"
    );
    assert!(
        strict >= 0.90,
        "first topic right in {strict:.3}, below 0.90"
    );
}

#[test]
fn bbc_sample_gets_its_folder_first() {
    let Some(dir) = common::corpus("bbc") else {
        return;
    };
    let classifier = Classifier::load();
    // The shipped model was trained on all of BBC: this checks the model
    // file, not generalisation (that is `train-topics --cv`).
    let (mut right, mut n, mut given) = (0, 0, 0);
    for (folder, code) in [
        ("business", "04"),
        ("entertainment", "01"),
        ("politics", "11"),
        ("sport", "15"),
        ("tech", "13"),
    ] {
        let k = topic_index(code).expect("topic");
        for path in txt_files(&dir.join(folder)).into_iter().step_by(10) {
            let bytes = std::fs::read(&path).expect("read article");
            let text = String::from_utf8_lossy(&bytes);
            let (title, body) = text.split_once('\n').expect("title line");
            n += 1;
            right += usize::from(order(&classifier, title, body)[0] == k);
            let topics = classifier.classify(title, body);
            given += topics.len();
            assert!(
                !topics.is_empty() && topics.len() <= 3,
                "{path:?}: {topics:?}"
            );
        }
    }
    let accuracy = right as f64 / n as f64;
    println!(
        "BBC sample (every 10th article): {right}/{n} top-1 right ({accuracy:.3}), \
         {:.2} topics given per article",
        given as f64 / n as f64
    );
    assert!(accuracy >= 0.97, "BBC sample top-1 accuracy {accuracy:.3}");
}

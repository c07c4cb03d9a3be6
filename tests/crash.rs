//! Crash safety (DESIGN.md section 5.3): the daemon is killed with SIGKILL at
//! random moments while 2,000 files arrive and are processed, and restarted
//! each time. At the end the outbox must be what an uninterrupted run gives:
//! one outcome per input, no article twice, no torn JSON, no temporary file,
//! no feed line without its record, no record without its feed line. A reader
//! watching the outbox meanwhile never sees a partial record or a feed line
//! ahead of its record.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use common::{
    Article, Env, LineCounter, Rng, assert_seqs_contiguous, count_lines, lines_by_path, read_json,
    seed, write_file,
};
use newsflow::record::{ArticleRecord, FeedLine, RejectedRecord, StoryRecord};

const FILES: u64 = 2_000;
const KILLS: usize = 10;

/// What an input must end as.
#[derive(Debug, Clone)]
enum Expect {
    /// A unique article.
    Article(Article),
    /// One of two inputs with the same normalised body: one of them becomes the
    /// article, the other its exact duplicate, whichever comes first.
    Twin(String),
    /// An empty file.
    Empty,
}

/// The 2,000 inputs: mostly unique articles, 20 re-filed copies of the article
/// before them, and 20 empty files.
fn inputs(inbox: &Path) -> Vec<(PathBuf, Vec<u8>, Expect)> {
    let mut out = Vec::new();
    for i in 0..FILES {
        let path = inbox.join(format!("crash-{i:05}.txt"));
        let article = Article::generate(i);
        let (bytes, expect) = match i % 100 {
            50 => (String::new(), Expect::Empty),
            74 => (article.text(), Expect::Twin(article.id())),
            75 => {
                let original = Article::generate(i - 1);
                (original.duplicate_text(), Expect::Twin(original.id()))
            }
            _ => (article.text(), Expect::Article(article)),
        };
        out.push((path, bytes.into(), expect));
    }
    out
}

/// Reads the outbox as a consumer would while the daemon works, until `stop`:
/// every record visible under its final name parses, and every record a feed
/// line announces is already in place when the line is read. Returns what
/// went wrong.
fn watch_outbox(outbox: PathBuf, stop: Arc<AtomicBool>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut offset = 0;
    let mut seen: HashMap<PathBuf, (u64, SystemTime)> = HashMap::new();
    while !stop.load(Ordering::Relaxed) {
        if let Ok(mut feed) = fs::File::open(outbox.join("feed.jsonl")) {
            let mut new = Vec::new();
            feed.seek(SeekFrom::Start(offset)).unwrap();
            feed.read_to_end(&mut new).unwrap();
            let complete = new.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            offset += complete as u64;
            for line in new[..complete]
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
            {
                match serde_json::from_slice::<FeedLine>(line) {
                    Ok(FeedLine {
                        file: Some(file),
                        seq,
                        ..
                    }) => {
                        if !outbox.join(&file).is_file() {
                            problems.push(format!("line {seq} announced {file} before it existed"));
                        }
                    }
                    Ok(_) => {}
                    Err(e) => problems.push(format!("torn feed line ({e})")),
                }
            }
        }
        for dir in ["articles", "rejected", "stories"] {
            let Ok(entries) = fs::read_dir(outbox.join(dir)) else {
                continue;
            };
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                let path = entry.path();
                let Ok(meta) = entry.metadata() else { continue };
                let Ok(modified) = meta.modified() else {
                    continue;
                };
                if seen.get(&path) == Some(&(meta.len(), modified)) {
                    continue;
                }
                seen.insert(path.clone(), (meta.len(), modified));
                let Ok(bytes) = fs::read(&path) else { continue };
                let parsed = match dir {
                    "articles" => serde_json::from_slice::<ArticleRecord>(&bytes).err(),
                    "stories" => serde_json::from_slice::<StoryRecord>(&bytes).err(),
                    _ => serde_json::from_slice::<RejectedRecord>(&bytes).err(),
                };
                if let Some(e) = parsed {
                    problems.push(format!("{} was visible but partial ({e})", path.display()));
                }
            }
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    problems
}

fn files_in(dir: &Path) -> BTreeSet<String> {
    match fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect(),
        Err(_) => BTreeSet::new(),
    }
}

fn temporaries(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if entry.file_type().unwrap().is_dir() {
            temporaries(&entry.path(), found);
        } else if name.starts_with('.') && name.ends_with(".tmp") {
            found.push(entry.path());
        }
    }
}

#[test]
fn kill_9_at_random_moments_loses_and_duplicates_nothing() {
    let mut rng = Rng::new(seed("crash"));
    let env = Env::new();
    let inputs = inputs(&env.inbox);

    let mut daemon = env.start();
    // Files keep arriving while the daemon is killed and restarted.
    let to_write: Vec<(PathBuf, Vec<u8>)> = inputs
        .iter()
        .map(|(p, b, _)| (p.clone(), b.clone()))
        .collect();
    let writer = std::thread::spawn(move || {
        for (path, bytes) in to_write {
            write_file(&path, bytes);
        }
    });

    let stop_watching = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (outbox, stop) = (env.outbox.clone(), stop_watching.clone());
        std::thread::spawn(move || watch_outbox(outbox, stop))
    };

    let feed = env.feed_path();
    for round in 1..=KILLS {
        let mut counter = LineCounter::new(&feed);
        let before = counter.count() as u64;
        let left = FILES.saturating_sub(before);
        let target = before + rng.range(1, (left / 2).max(1));
        // Polls the feed until it reaches `target`: in a tight loop when `spin`
        // (reacting within microseconds of an append), else every few ms.
        let reach = |daemon: &mut common::Daemon, counter: &mut LineCounter, spin: bool| {
            let deadline = Instant::now() + common::PATIENCE;
            let mut checked = Instant::now();
            while (counter.count() as u64) < target {
                assert!(
                    Instant::now() < deadline,
                    "round {round}: the feed never reached {target} lines"
                );
                if !spin {
                    std::thread::sleep(Duration::from_millis(2));
                }
                if checked.elapsed() > Duration::from_millis(50) {
                    daemon.assert_running();
                    checked = Instant::now();
                }
            }
        };
        // Once all is done, only the restart itself is left to interrupt.
        let how = match if left == 0 { 0 } else { rng.below(8) } {
            0 | 1 => {
                // Anywhere, startup included.
                std::thread::sleep(Duration::from_millis(rng.below(300)));
                "after a random delay"
            }
            2..=4 => {
                // Right after a batch is announced: what follows it must not matter.
                reach(&mut daemon, &mut counter, true);
                "as the feed grew"
            }
            _ => {
                // While the feed grows, at a random point between two appends.
                reach(&mut daemon, &mut counter, false);
                std::thread::sleep(Duration::from_micros(rng.below(20_000)));
                "while the feed grew"
            }
        };
        daemon.assert_running();
        daemon.kill9();
        eprintln!(
            "round {round}: killed {how} with {} feed lines (had {before})",
            count_lines(&feed)
        );
        daemon = env.spawn();
    }
    writer.join().expect("the writer thread");
    daemon.wait_ready();
    daemon.wait_lines_within(FILES as usize, Duration::from_secs(180));
    daemon.stop();
    stop_watching.store(true, Ordering::Relaxed);
    let problems = watcher.join().expect("the outbox reader");
    assert!(problems.is_empty(), "a reader saw: {problems:#?}");
    let lines = env.feed();

    // The feed: one outcome per input, gapless, each as expected.
    let by_path = lines_by_path(&lines);
    for (path, outcomes) in &by_path {
        assert_eq!(
            outcomes.len(),
            1,
            "{path} has more than one outcome: {outcomes:#?}"
        );
    }
    let expected_paths: BTreeSet<String> = inputs
        .iter()
        .map(|(p, _, _)| p.display().to_string())
        .collect();
    assert_eq!(
        by_path.keys().cloned().collect::<BTreeSet<_>>(),
        expected_paths
    );
    assert_eq!(lines.len() as u64, FILES);
    assert_seqs_contiguous(&lines);
    let mut twins: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (path, _, expect) in &inputs {
        let path = path.display().to_string();
        let line = by_path[&path][0];
        match expect {
            Expect::Empty => {
                assert_eq!(
                    (line.event.as_str(), line.kind.as_deref()),
                    ("rejected", Some("empty")),
                    "{path}"
                );
            }
            Expect::Article(article) => {
                assert_eq!(line.event, "article", "{path}");
                assert_eq!(line.id.as_deref(), Some(article.id().as_str()), "{path}");
                assert_eq!(env.article(line).body, article.body(), "{path}");
            }
            Expect::Twin(id) => {
                assert_eq!(line.id.as_deref(), Some(id.as_str()), "{path}");
                twins.entry(id).or_default().push(line.event.as_str());
            }
        }
    }
    for (id, mut events) in twins {
        events.sort();
        assert_eq!(events, ["article", "exact_duplicate"], "twins {id}");
    }
    let duplicate_lines = lines.iter().filter(|l| l.event == "exact_duplicate");
    for line in duplicate_lines {
        assert_eq!(line.duplicate_of, line.id, "{line:?}");
    }

    // No article twice, and every announced record in place and whole.
    let article_lines: Vec<_> = lines.iter().filter(|l| l.event == "article").collect();
    let ids: BTreeSet<&str> = article_lines
        .iter()
        .map(|l| l.id.as_deref().unwrap())
        .collect();
    assert_eq!(
        ids.len(),
        article_lines.len(),
        "an article id appears twice"
    );
    for line in &article_lines {
        let record = env.article(line);
        assert_eq!(Some(record.id.as_str()), line.id.as_deref());
        assert_eq!(record.source.path, line.path);
    }

    // The outbox holds exactly the announced records, each of which parses.
    let article_files = files_in(&env.outbox.join("articles"));
    let announced: BTreeSet<String> = ids.iter().map(|id| format!("{id}.json")).collect();
    assert_eq!(
        article_files, announced,
        "outbox/articles = announced articles"
    );
    for name in &article_files {
        let _: ArticleRecord = read_json(&env.outbox.join("articles").join(name));
    }
    let rejected_files = files_in(&env.outbox.join("rejected"));
    let announced: BTreeSet<String> = lines
        .iter()
        .filter(|l| l.event == "rejected")
        .map(|l| {
            l.file
                .as_deref()
                .unwrap()
                .trim_start_matches("rejected/")
                .to_string()
        })
        .collect();
    assert_eq!(
        rejected_files, announced,
        "outbox/rejected = announced rejections"
    );
    for name in &rejected_files {
        let record: RejectedRecord = read_json(&env.outbox.join("rejected").join(name));
        assert_eq!(record.kind, "empty");
    }
    let mut left = Vec::new();
    temporaries(&env.outbox, &mut left);
    assert!(
        left.is_empty(),
        "temporary files left in the outbox: {left:?}"
    );

    let status = env.status();
    assert_eq!(status["inputs"], FILES);
    assert_eq!(
        status["last_seq"],
        FILES + ids.len() as u64,
        "a story line per article"
    );
    assert_eq!(status["indexed_articles"], ids.len());

    // Stories: what one uninterrupted run over the same inputs, in the order
    // this run took them, gives: the same story (and size at the time) in
    // every record, the same story files, one story line after each article.
    let all_lines = env.feed_all();
    assert_seqs_contiguous(&all_lines);
    let replay = Env::new();
    let bytes_of: HashMap<String, &Vec<u8>> = inputs
        .iter()
        .map(|(p, b, _)| (p.display().to_string(), b))
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let name = format!("{i:05}.txt");
        fs::write(replay.inbox.join(name), bytes_of[&line.path]).unwrap();
    }
    let out = replay.run(["process", replay.inbox.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The corpus owner's state (stories, keyword frequencies) survives the
    // kills: each article's story and keywords are what one run gives.
    let corpus_tags_of = |env: &Env| -> BTreeMap<String, (String, u32, Vec<String>)> {
        env.feed()
            .iter()
            .filter(|l| l.event == "article")
            .map(|l| {
                let record = env.article(l);
                let story = record.story.expect("every article has a story");
                let keywords = record.keywords.into_iter().map(|k| k.term).collect();
                (l.id.clone().unwrap(), (story.id, story.size, keywords))
            })
            .collect()
    };
    let (killed, uninterrupted) = (corpus_tags_of(&env), corpus_tags_of(&replay));
    assert!(killed.values().all(|(_, _, k)| !k.is_empty()));
    assert_eq!(
        killed, uninterrupted,
        "stories and keywords after kill -9 = one run"
    );
    let story_files = |env: &Env| -> BTreeMap<String, Vec<String>> {
        files_in(&env.outbox.join("stories"))
            .into_iter()
            .map(|name| {
                let story: StoryRecord = read_json(&env.outbox.join("stories").join(&name));
                (name, story.members.into_iter().map(|m| m.id).collect())
            })
            .collect()
    };
    assert_eq!(
        story_files(&env),
        story_files(&replay),
        "story files after kill -9 = one run"
    );
    assert_eq!(status["stories"]["stories"], story_files(&env).len());
}

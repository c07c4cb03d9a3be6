//! Shared helpers for the integration tests: a temporary newsflow installation
//! (inbox, outbox, state and a config file in one temp folder), a running daemon
//! driven through the real binary, readers for the feed and the records, polling
//! with deadlines, a seeded PRNG, and generated article fixtures.
//!
//! Every test binary compiles this module and uses a different part of it.
#![allow(dead_code)]

pub mod nats;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use newsflow::record::{ArticleRecord, FeedLine, RejectedRecord};
use tempfile::TempDir;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_newsflow");

/// How long the tests wait for anything that should happen "soon". Generous:
/// the debug build on a loaded 2-core machine is slow; a passing test never waits it out.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// Keys of the generated config file; the rest are the daemon's defaults.
#[derive(Debug, Clone)]
pub struct Options {
    pub settle_ms: u64,
    pub rescan_secs: u64,
    pub poll: bool,
    pub poll_ms: u64,
    pub max_bytes: Option<u64>,
    pub drain_timeout_secs: u64,
    /// `outbox.sync` (on, as shipped).
    pub sync: bool,
    /// Run newsflow as this user (and group) id; needs root. Lets a test run as
    /// root see permission errors, which root itself never gets.
    pub user: Option<u32>,
    /// Write the folders into the config relative to the working directory
    /// (the temp folder), as the shipped config does.
    pub relative: bool,
    /// `inbox.after`: keep, move or delete.
    pub after: &'static str,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            settle_ms: 150,
            rescan_secs: 60,
            poll: false,
            poll_ms: 100,
            max_bytes: None,
            drain_timeout_secs: 10,
            sync: true,
            user: None,
            relative: false,
            after: "keep",
        }
    }
}

/// A temporary newsflow installation. On a failing test the folder is kept and
/// its path printed, for inspection.
pub struct Env {
    tmp: Option<TempDir>,
    pub root: PathBuf,
    pub inbox: PathBuf,
    pub outbox: PathBuf,
    pub state: PathBuf,
    pub config: PathBuf,
    pub options: Options,
    runs: AtomicU32,
}

fn toml_string(path: &Path) -> String {
    toml::Value::String(path.display().to_string()).to_string()
}

impl Env {
    pub fn new() -> Env {
        Env::with(Options::default())
    }

    pub fn with(options: Options) -> Env {
        let tmp = tempfile::Builder::new()
            .prefix("newsflow-test-")
            .tempdir()
            .expect("create temp dir");
        // Canonical, as newsflow reports paths (a symlinked /tmp would differ).
        let root = fs::canonicalize(tmp.path()).expect("canonical temp dir");
        let env = Env {
            inbox: root.join("inbox"),
            outbox: root.join("outbox"),
            state: root.join("state"),
            config: root.join("newsflow.toml"),
            root,
            tmp: Some(tmp),
            options,
            runs: AtomicU32::new(0),
        };
        fs::create_dir(&env.inbox).expect("create inbox");
        fs::write(&env.config, env.config_text()).expect("write config");
        if let Some(user) = env.options.user {
            for dir in [&env.root, &env.inbox] {
                std::os::unix::fs::chown(dir, Some(user), Some(user)).expect("chown temp dir");
            }
        }
        env
    }

    /// The config file this environment runs with (absolute paths, a free
    /// metrics port so that parallel tests do not clash).
    pub fn config_text(&self) -> String {
        let o = &self.options;
        let max_bytes = o
            .max_bytes
            .map(|n| format!("max_bytes = {n}\n"))
            .unwrap_or_default();
        format!(
            "[inbox]\npath = {inbox}\nsettle_ms = {settle}\nrescan_secs = {rescan}\n\
             poll = {poll}\npoll_ms = {poll_ms}\nafter = \"{after}\"\n{max_bytes}\n\
             [outbox]\npath = {outbox}\nsync = {sync}\n\n\
             [state]\npath = {state}\n\n\
             [pipeline]\ndrain_timeout_secs = {drain}\n\n\
             [metrics]\naddr = \"127.0.0.1:0\"\n",
            inbox = self.config_path(&self.inbox),
            outbox = self.config_path(&self.outbox),
            state = self.config_path(&self.state),
            settle = o.settle_ms,
            rescan = o.rescan_secs,
            poll = o.poll,
            poll_ms = o.poll_ms,
            sync = o.sync,
            drain = o.drain_timeout_secs,
            after = o.after,
        )
    }

    /// A folder as the config names it: absolute, or relative to the temp folder.
    fn config_path(&self, dir: &Path) -> String {
        if self.options.relative {
            toml_string(
                dir.strip_prefix(&self.root)
                    .expect("folder in the temp dir"),
            )
        } else {
            toml_string(dir)
        }
    }

    /// `newsflow --config <ours> ARGS...`, run in the temp folder.
    pub fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(&self.root)
            .env("RUST_LOG", "info")
            .arg("--config")
            .arg(&self.config)
            .arg("--log-format")
            .arg("json")
            .args(args)
            .stdin(Stdio::null());
        if let Some(user) = self.options.user {
            use std::os::unix::process::CommandExt;
            cmd.uid(user).gid(user);
        }
        cmd
    }

    /// Runs a command to its end and returns its output.
    pub fn run<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.command(args).output().expect("run newsflow")
    }

    /// Starts the daemon and waits until it watches the inbox.
    pub fn start(&self) -> Daemon {
        let mut daemon = self.spawn();
        daemon.wait_ready();
        daemon
    }

    /// Starts the daemon without waiting for it to be ready.
    pub fn spawn(&self) -> Daemon {
        let run = self.runs.fetch_add(1, Ordering::SeqCst) + 1;
        let log = self.root.join(format!("daemon-{run}.log"));
        let child = self
            .command(["run"])
            .stdout(Stdio::null())
            .stderr(File::create(&log).expect("create log file"))
            .spawn()
            .expect("spawn newsflow run");
        Daemon {
            child: Some(child),
            log,
            feed: self.feed_path(),
        }
    }

    pub fn feed_path(&self) -> PathBuf {
        self.outbox.join("feed.jsonl")
    }

    /// The feed's complete outcome lines (a line still being appended is left
    /// out; so are story lines).
    pub fn feed(&self) -> Vec<FeedLine> {
        read_feed(&self.feed_path())
    }

    /// Every complete feed line, story lines included.
    pub fn feed_all(&self) -> Vec<FeedLine> {
        read_feed_all(&self.feed_path())
    }

    /// The record a feed line announces (`articles/<id>.json`).
    pub fn article(&self, line: &FeedLine) -> ArticleRecord {
        assert_eq!(line.event, "article", "not an article line: {line:?}");
        let file = line.file.as_deref().expect("article line names its file");
        read_json(&self.outbox.join(file))
    }

    /// The rejected record a feed line announces (`rejected/<name>.json`).
    pub fn rejected(&self, line: &FeedLine) -> RejectedRecord {
        assert_eq!(line.event, "rejected", "not a rejected line: {line:?}");
        let file = line.file.as_deref().expect("rejected line names its file");
        read_json(&self.outbox.join(file))
    }

    /// `newsflow status --json`, parsed.
    pub fn status(&self) -> serde_json::Value {
        let out = self.run(["status", "--json"]);
        assert!(
            out.status.success(),
            "status failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("status --json prints JSON")
    }

    /// The path of a file in the inbox, as newsflow reports it.
    pub fn inbox_path(&self, name: &str) -> String {
        self.inbox.join(name).display().to_string()
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if std::thread::panicking()
            && let Some(tmp) = self.tmp.take()
        {
            eprintln!("keeping {} for inspection", tmp.keep().display());
        }
    }
}

/// A running `newsflow run`. Dropping it kills the process.
pub struct Daemon {
    child: Option<Child>,
    pub log: PathBuf,
    feed: PathBuf,
}

impl Daemon {
    fn child(&mut self) -> &mut Child {
        self.child.as_mut().expect("the daemon was already reaped")
    }

    pub fn pid(&self) -> libc::pid_t {
        self.child.as_ref().expect("daemon").id() as libc::pid_t
    }

    /// The daemon's log events (JSON lines on its standard error).
    pub fn log_events(&self) -> Vec<serde_json::Value> {
        let Ok(file) = File::open(&self.log) else {
            return Vec::new();
        };
        BufReader::new(file)
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| serde_json::from_str(&l).ok())
            .collect()
    }

    /// The first log event with this message.
    pub fn log_event(&self, message: &str) -> Option<serde_json::Value> {
        self.log_events()
            .into_iter()
            .find(|e| e["fields"]["message"] == message)
    }

    /// The last lines of the log, for failure messages.
    pub fn log_tail(&self) -> String {
        let text = fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    /// Panics (with the log) when the daemon has exited.
    pub fn assert_running(&mut self) {
        if let Some(status) = self.child().try_wait().expect("try_wait") {
            panic!(
                "the daemon exited unexpectedly ({status}); log:\n{}",
                self.log_tail()
            );
        }
    }

    /// Waits until intake watches the inbox (after the startup scan is queued),
    /// so that files written from now on are seen being written.
    pub fn wait_ready(&mut self) {
        wait_for(PATIENCE, "the daemon to watch the inbox", || {
            self.assert_running();
            self.log_event("watching the inbox").map(|_| ())
        });
    }

    /// Waits until the feed has at least `n` complete lines, and returns them.
    pub fn wait_lines(&mut self, n: usize) -> Vec<FeedLine> {
        self.wait_lines_within(n, PATIENCE)
    }

    /// [`Daemon::wait_lines`] with its own deadline, for big backlogs. Counts
    /// newlines while waiting, and parses the feed once at the end.
    pub fn wait_lines_within(&mut self, n: usize, timeout: Duration) -> Vec<FeedLine> {
        let feed = self.feed.clone();
        let mut last = 0;
        let reached = try_wait_for(timeout, || {
            self.assert_running();
            last = count_lines(&feed);
            (last >= n).then_some(())
        });
        if reached.is_none() {
            panic!(
                "timed out after {timeout:?} waiting for {n} feed lines (feed has {last}); log:\n{}",
                self.log_tail()
            );
        }
        read_feed(&feed)
    }

    /// Waits until the feed satisfies `done`, and returns it.
    pub fn wait_feed(
        &mut self,
        what: &str,
        mut done: impl FnMut(&[FeedLine]) -> bool,
    ) -> Vec<FeedLine> {
        let feed = self.feed.clone();
        let mut last = 0;
        let result = try_wait_for(PATIENCE, || {
            self.assert_running();
            let lines = read_feed(&feed);
            last = lines.len();
            done(&lines).then_some(lines)
        });
        result.unwrap_or_else(|| {
            panic!(
                "timed out after {PATIENCE:?} waiting for {what} (feed has {last} lines); log:\n{}",
                self.log_tail()
            )
        })
    }

    /// Sends a signal (SIGTERM, SIGINT) to the daemon.
    pub fn signal(&self, signal: libc::c_int) {
        // SAFETY: plain syscall on a pid we spawned and have not reaped yet.
        let rc = unsafe { libc::kill(self.pid(), signal) };
        assert_eq!(rc, 0, "kill({}, {signal}) failed", self.pid());
    }

    /// `kill -9` and reap.
    pub fn kill9(mut self) {
        let mut child = self.child.take().expect("daemon");
        child.kill().expect("kill -9 the daemon");
        child.wait().expect("reap the daemon");
    }

    /// Waits for the daemon to exit, at most `timeout`; returns its status and
    /// how long it took.
    pub fn wait_exit(mut self, timeout: Duration) -> (ExitStatus, Duration) {
        let started = Instant::now();
        let status = try_wait_for(timeout, || self.child().try_wait().expect("try_wait"));
        match status {
            Some(status) => {
                self.child = None;
                (status, started.elapsed())
            }
            None => panic!(
                "the daemon did not exit within {timeout:?}; log:\n{}",
                self.log_tail()
            ),
        }
    }

    /// SIGTERM, then expects a clean exit (status 0) within the drain timeout.
    pub fn stop(self) {
        self.signal(libc::SIGTERM);
        let log = self.log.clone();
        let (status, _) = self.wait_exit(PATIENCE);
        assert!(
            status.success(),
            "the daemon exited with {status} on SIGTERM; log:\n{}",
            fs::read_to_string(log).unwrap_or_default()
        );
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
            if std::thread::panicking() {
                eprintln!("daemon log ({}):\n{}", self.log.display(), self.log_tail());
            }
        }
    }
}

/// Polls `f` until it returns `Some`, or `timeout` passes. Polls every 2 ms at
/// first, backing off to every 50 ms so long waits leave the CPU to the daemon.
pub fn try_wait_for<T>(timeout: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(2);
    loop {
        if let Some(t) = f() {
            return Some(t);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// Like [`try_wait_for`], panicking with `what` at the deadline.
pub fn wait_for<T>(timeout: Duration, what: &str, f: impl FnMut() -> Option<T>) -> T {
    try_wait_for(timeout, f)
        .unwrap_or_else(|| panic!("timed out after {timeout:?} waiting for {what}"))
}

/// Reads the outcome lines of a feed file (one per input: article,
/// exact_duplicate, rejected), each parsed as a [`FeedLine`]. The `story`
/// line that follows each article line is left out; [`read_feed_all`] has it.
pub fn read_feed(path: &Path) -> Vec<FeedLine> {
    read_feed_all(path)
        .into_iter()
        .filter(|line| line.event != "story")
        .collect()
}

/// Every complete line of a feed file, story lines included.
pub fn read_feed_all(path: &Path) -> Vec<FeedLine> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    };
    let complete = text.rfind('\n').map_or("", |i| &text[..=i]);
    complete
        .lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("feed line is not a FeedLine ({e}): {line}"))
        })
        .collect()
}

/// Number of complete outcome lines in a feed file (story lines are not
/// counted; 0 when it does not exist).
pub fn count_lines(path: &Path) -> usize {
    fs::read(path).map_or(0, |bytes| outcome_lines(&bytes))
}

/// Complete lines in `bytes` that are not story lines.
fn outcome_lines(bytes: &[u8]) -> usize {
    let complete = bytes
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(&bytes[..0], |i| &bytes[..=i]);
    complete
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty() && !is_story_line(line))
        .count()
}

fn is_story_line(line: &[u8]) -> bool {
    line.windows(STORY_EVENT.len()).any(|w| w == STORY_EVENT)
}

const STORY_EVENT: &[u8] = b"\"event\":\"story\"";

/// Counts the lines of a growing file incrementally, reading only what was
/// appended since the last call: cheap enough to poll in a tight loop.
#[derive(Debug)]
pub struct LineCounter {
    path: PathBuf,
    offset: u64,
    lines: usize,
}

impl LineCounter {
    pub fn new(path: &Path) -> LineCounter {
        LineCounter {
            path: path.to_path_buf(),
            offset: 0,
            lines: 0,
        }
    }

    /// Complete lines in the file now.
    pub fn count(&mut self) -> usize {
        use std::io::{Read, Seek, SeekFrom};
        let Ok(mut file) = File::open(&self.path) else {
            return self.lines;
        };
        let mut new = Vec::new();
        if file.seek(SeekFrom::Start(self.offset)).is_ok() && file.read_to_end(&mut new).is_ok() {
            // Only whole lines are consumed; a partial one is read again next time.
            let whole = new.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            self.offset += whole as u64;
            self.lines += outcome_lines(&new[..whole]);
        }
        self.lines
    }
}

/// Reads and deserialises a JSON file, naming it on failure.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{} does not parse ({e})", path.display()))
}

/// Asserts that seqs run 1, 2, ... n without gaps. Given outcome lines only
/// (as [`read_feed`] returns them), the story line that follows every article
/// line takes the seq after it: that seq, and no other, is skipped.
pub fn assert_seqs_contiguous(lines: &[FeedLine]) {
    let with_stories = lines.iter().any(|l| l.event == "story");
    let mut expected = 1;
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(
            line.seq,
            expected,
            "feed seq gap or disorder at line {}: {line:?}",
            i + 1
        );
        expected += 1;
        if !with_stories && line.event == "article" {
            expected += 1;
        }
    }
}

/// Feed lines per input path.
pub fn lines_by_path(lines: &[FeedLine]) -> BTreeMap<String, Vec<&FeedLine>> {
    let mut map: BTreeMap<String, Vec<&FeedLine>> = BTreeMap::new();
    for line in lines {
        map.entry(line.path.clone()).or_default().push(line);
    }
    map
}

/// True when this process runs as root (permission bits do not stop it).
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// The conventional unprivileged `nobody` user and group id.
pub const NOBODY: u32 = 65534;

/// Writes a file, creating its folder.
pub fn write_file(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create parent folder");
    }
    fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// The seed for randomised tests: `NEWSFLOW_TEST_SEED` when set, else the clock.
/// Printed, so that a failing run can be replayed.
pub fn seed(test: &str) -> u64 {
    let seed = std::env::var("NEWSFLOW_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
        });
    eprintln!("{test}: seed {seed} (replay with NEWSFLOW_TEST_SEED={seed})");
    seed
}

/// SplitMix64: small, seedable, good enough to pick kill moments and words.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A small invented news article, plain text: a title line, a blank line, then
/// paragraphs separated by blank lines. Each number gives a different body.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub title: String,
    pub paragraphs: Vec<String>,
    pub sentences: u32,
}

const TOWNS: &[&str] = &[
    "Brackenford",
    "Little Osric",
    "Vell Harbour",
    "Marrowdene",
    "Quillon",
    "Saint Aubry",
    "Halvergate",
    "Oxtable",
];
const BODIES: &[&str] = &[
    "council",
    "water board",
    "harbour authority",
    "school trust",
    "cycling club",
    "chamber of commerce",
];
const THINGS: &[&str] = &[
    "bridges",
    "street lamps",
    "bus shelters",
    "allotments",
    "ferry crossings",
    "library branches",
    "flood barriers",
];
const VERBS: &[&str] = &[
    "repaired",
    "replaced",
    "inspected",
    "closed",
    "reopened",
    "funded",
];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const REACTIONS: &[&str] = &[
    "welcomed the decision",
    "criticised the timetable",
    "asked for a public meeting",
    "said the cost was too high",
    "promised to publish the full report",
];
const PEOPLE: &[&str] = &[
    "Edda Morrow",
    "Tobias Venn",
    "Priya Castell",
    "Jon Arkwright",
    "Lucia Ferrand",
];

impl Article {
    /// The article number `n`: the same `n` always gives the same article, and
    /// two numbers never give the same body.
    pub fn generate(n: u64) -> Article {
        let mut rng = Rng::new(n.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5EED);
        let town = *rng.pick(TOWNS);
        let body = *rng.pick(BODIES);
        let things = *rng.pick(THINGS);
        let verb = *rng.pick(VERBS);
        let title = format!("{town} {body} says {n} {things} will be {verb}");
        let mut sentences = 0;
        let mut paragraphs = Vec::new();
        let mut sentence = |rng: &mut Rng| -> String {
            sentences += 1;
            match rng.below(4) {
                0 => format!(
                    "The {body} of {town} said on {} that {n} {things} would be {verb} before the winter.",
                    rng.pick(DAYS)
                ),
                1 => format!(
                    "{} of the {body} {} and said {} residents had written in.",
                    rng.pick(PEOPLE),
                    rng.pick(REACTIONS),
                    rng.range(3, 900)
                ),
                2 => format!(
                    "Work on the {} {things} is expected to take {} weeks.",
                    rng.range(2, 60),
                    rng.range(2, 30)
                ),
                _ => format!(
                    "Local traders in {town} {}, according to notice number {n}.",
                    rng.pick(REACTIONS)
                ),
            }
        };
        // The first sentence always carries `n`, so every body is unique.
        let opening = format!(
            "Officials in {town} confirmed that item {n} on the {body} agenda concerns {things}."
        );
        paragraphs.push(format!("{opening} {}", sentence(&mut rng)));
        for _ in 0..rng.range(1, 3) {
            let text: Vec<String> = (0..rng.range(1, 3)).map(|_| sentence(&mut rng)).collect();
            paragraphs.push(text.join(" "));
        }
        Article {
            title,
            paragraphs,
            sentences: sentences + 1,
        }
    }

    /// The file text: title, blank line, paragraphs separated by blank lines.
    pub fn text(&self) -> String {
        format!("{}\n\n{}\n", self.title, self.paragraphs.join("\n\n"))
    }

    /// The body newsflow should write: paragraphs joined by a blank line.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }

    /// The id newsflow derives from the body.
    pub fn id(&self) -> String {
        newsflow::dedup::article_id(&self.body())
    }

    /// Words in the body (the fixtures have only plain words and numbers).
    pub fn words(&self) -> u32 {
        self.body().split_whitespace().count() as u32
    }

    /// The same article as another desk might file it: its own headline, a
    /// related link and a credit line, different case, spacing, punctuation and
    /// line breaks, but the same body words. An exact duplicate.
    pub fn duplicate_text(&self) -> String {
        let body: Vec<String> = self
            .paragraphs
            .iter()
            .map(|p| {
                p.to_uppercase()
                    .replace(". ", " ;  ")
                    .replace(',', "")
                    .replace('.', "!")
            })
            .collect();
        format!(
            "  UPDATE: {}\r\n\r\n\r\n{}\r\n\r\nREAD MORE: Council meets again next week\r\n\r\n{}\r\n\r\nSource: Regional desk and agencies\r\n",
            self.title,
            body[0],
            body[1..].join("\r\n\r\n   ")
        )
    }
}

/// Writes articles `range` into `dir` as `<prefix><n>.txt` and returns them.
pub fn drop_articles(
    dir: &Path,
    prefix: &str,
    range: std::ops::Range<u64>,
) -> Vec<(PathBuf, Article)> {
    range
        .map(|n| {
            let article = Article::generate(n);
            let path = dir.join(format!("{prefix}{n:05}.txt"));
            write_file(&path, article.text());
            (path, article)
        })
        .collect()
}

/// Where the shared corpus lives, when this machine has it.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

/// One folder of the shared corpus; when it is absent, says that the test is
/// skipped (the corpus is not part of the repository).
pub fn corpus(sub: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(sub);
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "skipped: {} is absent (the shared corpus is not part of the repository)",
            dir.display()
        );
        None
    }
}

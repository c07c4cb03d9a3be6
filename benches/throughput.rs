//! End-to-end benchmark of the daemon binary: articles/s from "dropped in the
//! inbox" to "announced in feed.jsonl", latency from drop to feed line at a steady
//! arrival rate, and the daemon's memory while a large backlog drains.
//!
//! Run with `cargo bench --bench throughput` (options after `--`:
//! `--phases backlog,burst,steady`, `--backlog N`, `--rate R`, `--seconds S`,
//! `--runs K`). Articles come from
//! `../shared/corpus/bbc` when present (each file dropped several times with a
//! distinct closing line, so every body is new), from generated text otherwise.

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_newsflow");

struct Options {
    phases: String,
    backlog: usize,
    rate: usize,
    seconds: u64,
    runs: usize,
}

fn options() -> Options {
    let mut o = Options {
        phases: "backlog,burst,steady".to_string(),
        backlog: 20_000,
        rate: 1_000,
        seconds: 10,
        runs: 3,
    };
    let args: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < args.len() {
        let value = || args.get(i + 1).and_then(|v| v.parse::<usize>().ok());
        match args[i].as_str() {
            "--phases" => o.phases = args.get(i + 1).cloned().unwrap_or(o.phases),
            "--backlog" => o.backlog = value().unwrap_or(o.backlog),
            "--rate" => o.rate = value().unwrap_or(o.rate),
            "--seconds" => o.seconds = value().map_or(o.seconds, |v| v as u64),
            "--runs" => o.runs = value().unwrap_or(o.runs),
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

/// Article texts to drop: BBC bodies when the corpus is here, generated otherwise.
fn sources() -> (Vec<String>, &'static str) {
    let bbc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bbc");
    let mut texts = Vec::new();
    for category in ["business", "entertainment", "politics", "sport", "tech"] {
        let Ok(dir) = fs::read_dir(bbc.join(category)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files {
            if let Ok(bytes) = fs::read(&f) {
                texts.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    if !texts.is_empty() {
        return (texts, "../shared/corpus/bbc");
    }
    eprintln!("note: ../shared/corpus/bbc is absent; using generated articles");
    let words = [
        "government",
        "minister",
        "market",
        "shares",
        "rose",
        "fell",
        "percent",
        "said",
        "company",
        "profits",
        "league",
        "match",
        "election",
        "party",
        "voters",
        "film",
        "award",
        "network",
        "software",
        "users",
        "police",
        "court",
        "city",
        "report",
    ];
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for n in 0..2000 {
        let mut text = format!("Generated article {n}\n\n");
        for _ in 0..8 {
            let sentence: Vec<&str> = (0..18)
                .map(|_| words[next() as usize % words.len()])
                .collect();
            text.push_str(&sentence.join(" "));
            text.push_str(".\n\n");
        }
        texts.push(text);
    }
    (texts, "generated")
}

/// The n-th article: a source text with a closing line that makes its body unique.
fn article(texts: &[String], n: usize) -> String {
    format!(
        "{}\n\nBenchmark copy {n} of this report.\n",
        texts[n % texts.len()].trim_end()
    )
}

struct Daemon {
    child: Child,
    root: PathBuf,
    /// Where the daemon serves `/metrics`.
    metrics: std::net::SocketAddr,
}

impl Daemon {
    fn start(root: &Path) -> Daemon {
        let config = root.join("newsflow.toml");
        let sync = std::env::var("NEWSFLOW_BENCH_SYNC").unwrap_or_else(|_| "true".into());
        // A port free now, for the daemon to take.
        let metrics = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port");
        fs::write(
            &config,
            format!(
                "[inbox]\nsettle_ms = 200\n[outbox]\nsync = {sync}\n[metrics]\naddr = \"{metrics}\"\n"
            ),
        )
        .expect("write config");
        let child = Command::new(BIN)
            .args(["--config", "newsflow.toml", "run"])
            .current_dir(root)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start newsflow");
        Daemon {
            child,
            root: root.to_path_buf(),
            metrics,
        }
    }

    /// The daemon's `/metrics` text (Prometheus exposition format).
    fn scrape(&self) -> Option<String> {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(self.metrics).ok()?;
        stream
            .write_all(b"GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n")
            .ok()?;
        let mut text = String::new();
        stream.read_to_string(&mut text).ok()?;
        Some(text.split_once("\r\n\r\n")?.1.to_string())
    }

    fn rss_kib(&self) -> Option<u64> {
        let status = fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    fn stop(mut self) {
        // SAFETY: plain kill(2) on our own child's pid.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let _ = self.child.wait();
    }
}

/// Follows feed.jsonl, returning (path, time seen) for each new line.
struct FeedTail {
    path: PathBuf,
    offset: u64,
    partial: String,
}

impl FeedTail {
    fn new(outbox: &Path) -> FeedTail {
        FeedTail {
            path: outbox.join("feed.jsonl"),
            offset: 0,
            partial: String::new(),
        }
    }

    fn poll(&mut self, mut seen: impl FnMut(String, Instant)) -> usize {
        let Ok(mut file) = fs::File::open(&self.path) else {
            return 0;
        };
        if file.seek(SeekFrom::Start(self.offset)).is_err() {
            return 0;
        }
        let now = Instant::now();
        let mut reader = BufReader::new(file);
        let mut count = 0;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    self.offset += n as u64;
                    if !line.ends_with('\n') {
                        self.partial.push_str(&line);
                        break;
                    }
                    let full = std::mem::take(&mut self.partial) + &line;
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&full) {
                        let path = v["path"].as_str().unwrap_or_default().to_string();
                        seen(path, now);
                        count += 1;
                    }
                }
            }
        }
        count
    }
}

/// Writes every dirty page to disk (files a producer wrote before the run).
fn flush_disk() {
    // SAFETY: sync(2) takes no arguments and cannot fail.
    unsafe { libc::sync() };
}

fn fresh_root(name: &str) -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix(name)
        .tempdir()
        .expect("temp dir");
    fs::create_dir(dir.path().join("inbox")).expect("inbox");
    dir
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// A backlog of `n` files present at start: time to drain it and memory meanwhile.
fn backlog(texts: &[String], n: usize) -> (f64, Vec<u64>) {
    let dir = fresh_root("newsflow-bench-backlog");
    let inbox = dir.path().join("inbox");
    for i in 0..n {
        fs::write(inbox.join(format!("{i:06}.txt")), article(texts, i)).expect("write article");
    }
    // The files were written before the run: put them on disk, so that the
    // daemon's first flush does not pay for them, and let them settle.
    flush_disk();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let daemon = Daemon::start(dir.path());
    let mut tail = FeedTail::new(&dir.path().join("outbox"));
    let mut done = 0;
    let mut rss = Vec::new();
    let mut next_sample = Instant::now();
    while done < n {
        done += tail.poll(|_, _| {});
        if Instant::now() >= next_sample {
            rss.extend(daemon.rss_kib());
            next_sample += Duration::from_millis(100);
        }
        std::thread::sleep(Duration::from_millis(2));
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "backlog did not drain"
        );
    }
    let rate = n as f64 / started.elapsed().as_secs_f64();
    if let Some(text) = daemon.scrape() {
        println!("{}", Breakdown::parse(&text).describe());
    }
    daemon.stop();
    (rate, rss)
}

/// Where the time went, from the daemon's `/metrics`: each stage's time per
/// item (the stage function, on its worker or owner thread), the commit
/// batches and the writer's phases per commit.
struct Breakdown {
    /// (metric name with labels, sum, count) of each histogram.
    histograms: Vec<(String, f64, f64)>,
}

impl Breakdown {
    fn parse(text: &str) -> Breakdown {
        let mut sums: HashMap<String, f64> = HashMap::new();
        let mut counts: Vec<(String, f64)> = Vec::new();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let Some((name, value)) = line.rsplit_once(' ') else {
                continue;
            };
            let Ok(value) = value.parse::<f64>() else {
                continue;
            };
            if let Some((base, labels)) = split_suffix(name, "_sum") {
                sums.insert(format!("{base}{labels}"), value);
            } else if let Some((base, labels)) = split_suffix(name, "_count") {
                counts.push((format!("{base}{labels}"), value));
            }
        }
        let histograms = counts
            .into_iter()
            .filter_map(|(name, count)| Some((name.clone(), *sums.get(&name)?, count)))
            .collect();
        Breakdown { histograms }
    }

    /// Mean of the histograms whose name starts with `prefix`, by label.
    fn means(&self, prefix: &str, scale: f64) -> String {
        let mut parts: Vec<String> = self
            .histograms
            .iter()
            .filter(|(name, _, count)| name.starts_with(prefix) && *count > 0.0)
            .map(|(name, sum, count)| {
                let label = name
                    .split('"')
                    .nth(1)
                    .unwrap_or(name.trim_start_matches(prefix));
                format!("{label} {:.3}", sum / count * scale)
            })
            .collect();
        parts.sort();
        parts.join(", ")
    }

    fn describe(&self) -> String {
        format!(
            "  /metrics: ms per item by stage: {}\n  /metrics: commit batch mean {}; ms per commit: {}; ms per commit by phase: {}",
            self.means("newsflow_stage_seconds{", 1e3),
            self.means("newsflow_commit_batch_size", 1.0),
            self.means("newsflow_commit_seconds", 1e3),
            self.means("newsflow_write_phase_seconds{", 1e3),
        )
    }
}

/// `name_sum{labels}` -> (`name`, `{labels}`).
fn split_suffix<'a>(name: &'a str, suffix: &str) -> Option<(&'a str, &'a str)> {
    let (base, labels) = name.split_at(name.find('{').unwrap_or(name.len()));
    Some((base.strip_suffix(suffix)?, labels))
}

/// Files dropped (written under a temporary name, then renamed in) at `rate`
/// per second for `seconds`: drop-to-feed latencies, in seconds.
fn steady(texts: &[String], rate: usize, seconds: u64) -> Vec<f64> {
    let dir = fresh_root("newsflow-bench-steady");
    let inbox = fs::canonicalize(dir.path().join("inbox")).expect("inbox path");
    let daemon = Daemon::start(dir.path());
    std::thread::sleep(Duration::from_millis(500));
    let total = rate * seconds as usize;
    // The feed is followed on its own thread, so that a slow write on the
    // dropping side cannot delay the moment a line is seen.
    let mut tail = FeedTail::new(&daemon.root.join("outbox"));
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::with_capacity(total);
        let deadline = Instant::now() + Duration::from_secs(seconds + 120);
        while seen.len() < total && Instant::now() < deadline {
            tail.poll(|path, at| seen.push((path, at)));
            std::thread::sleep(Duration::from_micros(500));
        }
        seen
    });
    let bodies: Vec<String> = (0..total).map(|i| article(texts, i)).collect();
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let mut dropped: HashMap<String, Instant> = HashMap::with_capacity(total);
    let started = Instant::now();
    for (i, body) in bodies.iter().enumerate() {
        let due = started + interval * i as u32;
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
        let name = format!("{i:06}.txt");
        let tmp = inbox.join(format!("{name}.tmp"));
        fs::write(&tmp, body).expect("write article");
        let at = Instant::now();
        fs::rename(&tmp, inbox.join(&name)).expect("rename article");
        dropped.insert(inbox.join(&name).display().to_string(), at);
    }
    let seen = reader.join().expect("feed reader");
    daemon.stop();
    let latencies: Vec<f64> = seen
        .iter()
        .filter_map(|(path, at)| Some(at.duration_since(*dropped.get(path)?).as_secs_f64()))
        .collect();
    assert_eq!(
        latencies.len(),
        total,
        "not every dropped file reached the feed"
    );
    latencies
}

/// `n` files renamed into a running daemon's inbox as fast as possible:
/// articles/s from the first drop to the last feed line.
fn burst(texts: &[String], n: usize) -> f64 {
    let dir = fresh_root("newsflow-bench-burst");
    let inbox = dir.path().join("inbox");
    let staging = dir.path().join("staging");
    fs::create_dir(&staging).expect("staging");
    for i in 0..n {
        fs::write(staging.join(format!("{i:06}.txt")), article(texts, i)).expect("write");
    }
    flush_disk();
    let daemon = Daemon::start(dir.path());
    let mut tail = FeedTail::new(&dir.path().join("outbox"));
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let mut done = 0;
    for i in 0..n {
        let name = format!("{i:06}.txt");
        fs::rename(staging.join(&name), inbox.join(&name)).expect("rename");
        if i % 256 == 0 {
            done += tail.poll(|_, _| {});
        }
    }
    while done < n {
        done += tail.poll(|_, _| {});
        std::thread::sleep(Duration::from_millis(2));
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "burst did not drain"
        );
    }
    let rate = n as f64 / started.elapsed().as_secs_f64();
    daemon.stop();
    rate
}

fn main() {
    let o = options();
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let (texts, origin) = sources();
    println!(
        "newsflow end-to-end benchmark: {} source articles from {origin}, {} runs, {} cores",
        texts.len(),
        o.runs,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    if o.phases.contains("backlog") {
        backlog_phase(&o, &texts);
    }
    if o.phases.contains("burst") {
        burst_phase(&o, &texts);
    }
    if o.phases.contains("steady") {
        steady_phase(&o, &texts);
    }
}

fn backlog_phase(o: &Options, texts: &[String]) {
    let mut rates = Vec::new();
    let mut peaks = Vec::new();
    for run in 1..=o.runs {
        let (rate, rss) = backlog(texts, o.backlog);
        let peak = rss.iter().copied().max().unwrap_or(0);
        let at = |q: usize| rss.get((rss.len() - 1) * q / 4).copied().unwrap_or(0);
        // Growth from a quarter of the way to the end, per article drained in
        // that time: what the corpus (the dedup index) costs, as opposed to the
        // backlog, which bounded queues keep out of memory.
        let per_article = (at(4).saturating_sub(at(1)) * 1024) as f64 / (o.backlog as f64 * 0.75);
        println!(
            "backlog run {run}: {} files drained at {rate:.0} articles/s; RSS MiB at 25/50/75/100% of the run: {}/{}/{}/{}, peak {}; growth {per_article:.0} bytes per article",
            o.backlog,
            at(1) / 1024,
            at(2) / 1024,
            at(3) / 1024,
            at(4) / 1024,
            peak / 1024
        );
        rates.push(rate);
        peaks.push(peak as f64 / 1024.0);
    }
    println!(
        "backlog: median {:.0} articles/s, median peak RSS {:.0} MiB",
        median(&mut rates),
        median(&mut peaks)
    );
}

fn burst_phase(o: &Options, texts: &[String]) {
    let mut bursts: Vec<f64> = (0..o.runs).map(|_| burst(texts, o.backlog)).collect();
    println!(
        "burst ({} files renamed in as fast as possible): median {:.0} articles/s (runs: {:?})",
        o.backlog,
        median(&mut bursts.clone()),
        bursts.iter_mut().map(|r| r.round()).collect::<Vec<_>>()
    );
}

fn steady_phase(o: &Options, texts: &[String]) {
    let mut p50s = Vec::new();
    let mut p99s = Vec::new();
    for _ in 0..o.runs {
        let mut lat = steady(texts, o.rate, o.seconds);
        lat.sort_by(|a, b| a.total_cmp(b));
        p50s.push(percentile(&lat, 0.50) * 1000.0);
        p99s.push(percentile(&lat, 0.99) * 1000.0);
    }
    println!(
        "steady {} articles/s for {} s: drop-to-feed latency median p50 {:.1} ms, median p99 {:.1} ms",
        o.rate,
        o.seconds,
        median(&mut p50s),
        median(&mut p99s)
    );
}

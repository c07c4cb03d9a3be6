//! Measures the dedup index at scale: RSS growth per indexed article over
//! 1,000,000 synthetic BBC-sized articles (from /proc/self/status), the time
//! to save the index entries to SQLite and to load them back into a fresh
//! index (the daemon's startup), and the time of one eviction pass.
//!
//! `cargo run --release --example dedup_memory [-- ARTICLES]`

use std::time::Instant;

use newsflow::dedup::{Fingerprint, Index, IndexConfig, IndexEntry};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let config = IndexConfig::default();
    println!(
        "indexing {n} synthetic articles (~390 words, ~20 sentences each); recent cache {} articles",
        config.recent_capacity
    );

    let db_dir = tempfile::tempdir()?;
    let db_path = db_dir.path().join("dedup.db");
    let mut db = rusqlite::Connection::open(&db_path)?;
    db.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
         CREATE TABLE dedup (seq INTEGER PRIMARY KEY, entry BLOB NOT NULL);",
    )?;

    let before = rss_kb();
    let started = Instant::now();
    let mut index = Index::new(config.clone());
    let mut entry_bytes = 0usize;
    let mut sentences = 0usize;
    let tx = db.transaction()?;
    {
        let mut insert = tx.prepare("INSERT INTO dedup (seq, entry) VALUES (?1, ?2)")?;
        let mut text = String::new();
        for i in 0..n {
            synthetic(i as u64, &mut text);
            let fp = Fingerprint::of("", &text);
            sentences += fp.sentences.len();
            let id = fmix(i as u64 + 1);
            index.check_and_insert(id, i as u64, &fp, &mut |_| None);
            // The row the writer will commit next to the article (the index
            // is measured without it: the bytes go straight to SQLite).
            let bytes = fp.entry(id, i as u64).to_bytes();
            entry_bytes += bytes.len();
            insert.execute(rusqlite::params![i as i64, bytes])?;
            if (i + 1) % 250_000 == 0 {
                let grown = rss_kb().saturating_sub(before) as f64 * 1024.0;
                println!(
                    "  {:>9} articles: RSS +{:.0} MB, {:.0} bytes/article",
                    i + 1,
                    grown / 1e6,
                    grown / (i + 1) as f64
                );
            }
        }
    }
    let build = started.elapsed();
    let after = rss_kb();
    tx.commit()?;
    let stats = index.stats();
    let grown = after.saturating_sub(before) as f64 * 1024.0;
    println!(
        "built in {:.1}s ({:.0} articles/s, one thread, including the SQLite inserts)",
        build.as_secs_f64(),
        n as f64 / build.as_secs_f64()
    );
    println!(
        "RSS growth {:.0} MB = {:.0} bytes/article; index heap {:.0} MB = {:.0} bytes/article \
         ({:.0} of them the recent cache); {:.1} sentences/article; peak RSS {:.0} MB",
        grown / 1e6,
        grown / n as f64,
        stats.heap_bytes as f64 / 1e6,
        stats.heap_bytes as f64 / n as f64,
        (stats.recent_articles * 1700) as f64 / n as f64,
        sentences as f64 / n as f64,
        hwm_kb() as f64 * 1024.0 / 1e6,
    );
    println!(
        "persisted entry: {:.0} bytes/article on average; {:?}",
        entry_bytes as f64 / n as f64,
        stats
    );
    drop(index);

    // The SQLite scan alone, to split the startup time below.
    let started = Instant::now();
    let mut scanned = 0usize;
    db.prepare("SELECT entry FROM dedup ORDER BY seq")?
        .query_map([], |row| {
            Ok(IndexEntry::from_bytes(row.get_ref(0)?.as_blob()?).is_ok())
        })?
        .for_each(|ok| scanned += usize::from(matches!(ok, Ok(true))));
    println!(
        "read and decoded {scanned} entries in {:.2}s",
        started.elapsed().as_secs_f64()
    );

    // Startup: read every entry in insertion order and rebuild the index.
    let started = Instant::now();
    let count: i64 = db.query_row("SELECT count(*) FROM dedup", [], |r| r.get(0))?;
    let mut loader = Index::loader(config, usize::try_from(count)?);
    let mut select = db.prepare("SELECT entry FROM dedup ORDER BY seq")?;
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        let bytes = row.get_ref(0)?.as_blob()?;
        loader.push(&IndexEntry::from_bytes(bytes)?);
    }
    let mut loaded = loader.finish();
    let load = started.elapsed();
    println!(
        "loaded {} entries from SQLite in {:.2}s ({:.0} MB database)",
        loaded.len(),
        load.as_secs_f64(),
        std::fs::metadata(&db_path)?.len() as f64 / 1e6
    );

    let started = Instant::now();
    let dropped = loaded.evict_older_than(n as u64 / 2);
    println!(
        "evicted the older {dropped} in {:.2}s; {} left",
        started.elapsed().as_secs_f64(),
        loaded.len()
    );
    Ok(())
}

fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn rss_kb() -> u64 {
    status_kb("VmRSS:")
}

fn hwm_kb() -> u64 {
    status_kb("VmHWM:")
}

fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A made-up article: 20 sentences of 19 words drawn from a vocabulary of
/// 64,000 made-up words, in paragraphs of four sentences.
fn synthetic(seed: u64, out: &mut String) {
    const STEMS: [&str; 16] = [
        "council", "market", "minister", "growth", "player", "season", "report", "share", "govern",
        "film", "network", "user", "vote", "bank", "record", "court",
    ];
    out.clear();
    let mut state = fmix(seed) | 1;
    for s in 0..20 {
        for w in 0..19 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            out.push_str(STEMS[(state % 16) as usize]);
            for _ in 0..3 {
                out.push((b'a' + ((state >> 8) % 20) as u8) as char);
                state = state.rotate_left(5);
            }
            out.push(if w == 18 { '.' } else { ' ' });
        }
        out.push_str(if s % 4 == 3 { "\n\n" } else { " " });
    }
}

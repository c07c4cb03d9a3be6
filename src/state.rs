//! The state database (`state/newsflow.db`, SQLite in WAL mode): the ledger of
//! inputs and their outcomes, the article index dedup loads at startup, and the
//! feed lines committed but perhaps not yet appended to `feed.jsonl`. The dedup
//! index's rows live beside each article and commit with it.
//! The writer is the only one that writes; intake, dedup and `status` read.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, params};

use crate::document::IndexRows;

mod stories;

pub use stories::{StoriesStatus, StoryCommit, StorySummary, TermCounts};

/// The schema this build reads and writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 2;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS inputs (
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL,      -- '' when the content could not be read; a part's own
    part        INTEGER NOT NULL,   -- 0: the whole file; n: its n-th article (line, element)
    complete    INTEGER NOT NULL,   -- 1 when this outcome finished the file
    size        INTEGER NOT NULL,
    mtime_ns    INTEGER,
    outcome     TEXT NOT NULL,      -- article | exact_duplicate | rejected
    kind        TEXT,               -- rejection kind
    record_id   TEXT,               -- article id (also for exact duplicates)
    seq         INTEGER,            -- position of its line in feed.jsonl
    finished_at TEXT NOT NULL,
    PRIMARY KEY (path, sha256, part)
) STRICT;
CREATE INDEX IF NOT EXISTS inputs_outcome ON inputs (outcome, seq);
CREATE TABLE IF NOT EXISTS articles (
    id         TEXT PRIMARY KEY,
    path       TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    entry      BLOB NOT NULL,       -- dedup::IndexEntry, loaded at startup
    verify     BLOB NOT NULL        -- dedup::VerifyData, read to verify a candidate
) STRICT;
CREATE INDEX IF NOT EXISTS articles_seq ON articles (seq);
CREATE TABLE IF NOT EXISTS feed_pending (
    seq  INTEGER PRIMARY KEY,
    line TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;
";

/// Version 1 had one ledger row per file: its rows become whole-file rows.
const MIGRATE_1_TO_2: &str = "
ALTER TABLE inputs RENAME TO inputs_v1;
DROP INDEX inputs_outcome;
";
const COPY_1_TO_2: &str = "
INSERT INTO inputs (path, sha256, part, complete, size, mtime_ns, outcome, kind, record_id, seq, finished_at)
    SELECT path, sha256, 0, 1, size, mtime_ns, outcome, kind, record_id, seq, finished_at FROM inputs_v1;
DROP TABLE inputs_v1;
";

/// Errors of the state database. Opening errors stop startup: the database is
/// never reset behind the user's back.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error(
        "state database `{path}` is unreadable ({source}): restore it from a backup, or move it \
         away to start a new corpus; newsflow never resets it by itself"
    )]
    Corrupt {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "state database `{path}` has schema version {found}, newer than this newsflow \
         understands ({SCHEMA_VERSION}): run a newer newsflow or point --state elsewhere"
    )]
    TooNew { path: PathBuf, found: i64 },
    #[error("state database `{path}` does not exist: run the daemon or `newsflow process` first")]
    Missing { path: PathBuf },
    #[error("state database error: {0}")]
    Sql(#[from] rusqlite::Error),
}

/// One outcome to record in the ledger.
#[derive(Debug, Clone)]
pub struct LedgerRow {
    pub path: String,
    pub sha256: String,
    /// 0 for a whole file, else the article's line or element.
    pub part: u32,
    /// This outcome finishes the file (a whole file, or its last part).
    pub complete: bool,
    pub size: u64,
    pub mtime_ns: Option<i64>,
    pub outcome: &'static str,
    pub kind: Option<String>,
    pub record_id: Option<String>,
    /// Feed position and line; `None` for inputs that are only brought up to date.
    pub feed: Option<(u64, String)>,
    pub finished_at: String,
}

/// A new article and its dedup index rows.
#[derive(Debug, Clone)]
pub struct ArticleRow {
    pub id: String,
    pub path: String,
    pub seq: u64,
    pub index: IndexRows,
}

/// Everything one group commit makes durable, in one transaction.
#[derive(Debug, Default)]
pub struct Batch {
    pub rows: Vec<LedgerRow>,
    pub articles: Vec<ArticleRow>,
    /// Every feed line up to this seq is known to be in `feed.jsonl`.
    pub feed_synced_seq: u64,
    /// Stories started or grown by the batch's articles.
    pub stories: Vec<StoryCommit>,
    /// Feed lines that are not an input's own (story lines), as (seq, line).
    pub extra_feed: Vec<(u64, String)>,
    /// The batch's articles' additions to the term document frequencies.
    pub terms: TermCounts,
}

/// What `newsflow status` reports.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Status {
    pub inputs: u64,
    /// Bytes of persisted dedup data: entries (loaded at startup) and verify data.
    pub index_entry_bytes: u64,
    pub index_verify_bytes: u64,
    pub outcomes: Vec<(String, u64)>,
    pub rejections_by_kind: Vec<(String, u64)>,
    pub last_rejections: Vec<RecentRejection>,
    pub indexed_articles: u64,
    pub last_seq: u64,
    pub database_bytes: u64,
    pub stories: StoriesStatus,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RecentRejection {
    pub path: String,
    pub kind: String,
    pub at: String,
}

/// A connection to the state database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database for reading and writing.
    /// `durable` chooses `synchronous = FULL` (each commit survives a power cut)
    /// over `NORMAL` (survives a crash of the process).
    pub fn open(path: &Path, durable: bool) -> Result<Store, StateError> {
        let conn = Connection::open(path).map_err(|e| corrupt(path, e))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.init(durable).map_err(|e| match e {
            StateError::Sql(e) => corrupt(path, e),
            other => other,
        })?;
        Ok(store)
    }

    /// Opens an existing database read-only (for `status` and the intake's checks).
    pub fn open_read_only(path: &Path) -> Result<Store, StateError> {
        if !path.exists() {
            return Err(StateError::Missing {
                path: path.to_path_buf(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| corrupt(path, e))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.check_version().map_err(|e| match e {
            StateError::Sql(e) => corrupt(path, e),
            other => other,
        })?;
        Ok(store)
    }

    fn init(&self, durable: bool) -> Result<(), StateError> {
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version = self.check_version()?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn
            .pragma_update(None, "synchronous", if durable { "FULL" } else { "NORMAL" })?;
        if version < SCHEMA_VERSION {
            let tx = self.conn.unchecked_transaction()?;
            if version == 1 {
                tx.execute_batch(MIGRATE_1_TO_2)?;
            }
            tx.execute_batch(SCHEMA)?;
            if version == 1 {
                tx.execute_batch(COPY_1_TO_2)?;
            }
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            tx.commit()?;
        }
        self.conn.execute_batch(stories::SCHEMA)?;
        Ok(())
    }

    fn check_version(&self) -> Result<i64, StateError> {
        let found: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        // Touch the schema so that a file that is not a database fails here.
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })?;
        if found > SCHEMA_VERSION {
            return Err(StateError::TooNew {
                path: self.path.clone(),
                found,
            });
        }
        Ok(found)
    }

    /// True when this path, with this size and modification time, is finished
    /// (every article of it has an outcome): intake need not read it again.
    pub fn is_done(
        &self,
        path: &str,
        size: u64,
        mtime_ns: Option<i64>,
    ) -> Result<bool, StateError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT 1 FROM inputs
             WHERE path = ?1 AND size = ?2 AND mtime_ns IS ?3 AND complete = 1 LIMIT 1",
        )?;
        Ok(stmt.exists(params![path, size as i64, mtime_ns])?)
    }

    /// True when this path (and part) with this content already has an outcome
    /// (the file was touched, or seen again after a restart).
    pub fn is_finished(&self, path: &str, sha256: &str, part: u32) -> Result<bool, StateError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM inputs WHERE path = ?1 AND sha256 = ?2 AND part = ?3")?;
        Ok(stmt.exists(params![path, sha256, part])?)
    }

    /// Number of articles in the index.
    pub fn article_count(&self) -> Result<u64, StateError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Calls `f` with every article's index entry, in the order they were
    /// committed, for rebuilding the dedup index at startup.
    pub fn for_each_index_entry(&self, mut f: impl FnMut(&[u8])) -> Result<(), StateError> {
        let mut stmt = self
            .conn
            .prepare("SELECT entry FROM articles ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?);
        }
        Ok(())
    }

    /// The verify data of one article, for checking a near-duplicate candidate.
    pub fn verify_bytes(&self, id: &str) -> Result<Option<Vec<u8>>, StateError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT verify FROM articles WHERE id = ?1")?;
        let mut rows = stmt.query([id])?;
        Ok(match rows.next()? {
            Some(row) => Some(row.get(0)?),
            None => None,
        })
    }

    /// The highest feed position committed so far (0 for a new corpus).
    pub fn last_seq(&self) -> Result<u64, StateError> {
        let seq: Option<i64> = self
            .conn
            .query_row("SELECT max(seq) FROM inputs", [], |r| r.get(0))?;
        Ok((seq.unwrap_or(0) as u64).max(self.last_story_seq()?))
    }

    /// Feed lines committed after `seq`, in order: those a crash may have kept
    /// out of `feed.jsonl`.
    pub fn feed_lines_after(&self, seq: u64) -> Result<Vec<(u64, String)>, StateError> {
        let mut stmt = self
            .conn
            .prepare("SELECT seq, line FROM feed_pending WHERE seq > ?1 ORDER BY seq")?;
        let rows = stmt.query_map([seq as i64], |r| {
            Ok((r.get::<_, i64>(0)? as u64, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Commits one batch of outcomes in a single transaction.
    pub fn commit(&mut self, batch: &Batch) -> Result<(), StateError> {
        let tx = self.conn.transaction()?;
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO inputs (path, sha256, size, mtime_ns, outcome, kind, record_id, seq,
                     finished_at, part, complete)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (path, sha256, part) DO UPDATE SET size = ?3, mtime_ns = ?4,
                     complete = ?11,
                     outcome = CASE WHEN ?8 IS NULL THEN outcome ELSE ?5 END,
                     kind = CASE WHEN ?8 IS NULL THEN kind ELSE ?6 END,
                     record_id = CASE WHEN ?8 IS NULL THEN record_id ELSE ?7 END,
                     seq = coalesce(?8, seq),
                     finished_at = CASE WHEN ?8 IS NULL THEN finished_at ELSE ?9 END",
            )?;
            let mut feed =
                tx.prepare_cached("INSERT INTO feed_pending (seq, line) VALUES (?1, ?2)")?;
            for row in &batch.rows {
                let seq = row.feed.as_ref().map(|(seq, _)| *seq as i64);
                upsert.execute(params![
                    row.path,
                    row.sha256,
                    row.size as i64,
                    row.mtime_ns,
                    row.outcome,
                    row.kind,
                    row.record_id,
                    seq,
                    row.finished_at,
                    row.part,
                    row.complete
                ])?;
                if let Some((seq, line)) = &row.feed {
                    feed.execute(params![*seq as i64, line])?;
                }
            }
            let mut article = tx.prepare_cached(
                "INSERT OR IGNORE INTO articles (id, path, seq, created_at, entry, verify)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let now = crate::document::now_rfc3339();
            for a in &batch.articles {
                article.execute(params![
                    a.id,
                    a.path,
                    a.seq as i64,
                    now,
                    a.index.entry,
                    a.index.verify
                ])?;
            }
            for (seq, line) in &batch.extra_feed {
                feed.execute(params![*seq as i64, line])?;
            }
            stories::commit(&tx, &batch.stories)?;
            stories::commit_terms(&tx, &batch.terms)?;
            tx.execute(
                "DELETE FROM feed_pending WHERE seq <= ?1",
                [batch.feed_synced_seq as i64],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Counts and recent rejections for `newsflow status`.
    pub fn status(&self) -> Result<Status, StateError> {
        let count = |sql: &str| -> Result<u64, StateError> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        let pairs = |sql: &str| -> Result<Vec<(String, u64)>, StateError> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        let mut stmt = self.conn.prepare(
            "SELECT path, coalesce(kind, ''), finished_at FROM inputs
             WHERE outcome = 'rejected' ORDER BY seq DESC LIMIT 10",
        )?;
        let last_rejections = stmt
            .query_map([], |r| {
                Ok(RecentRejection {
                    path: r.get(0)?,
                    kind: r.get(1)?,
                    at: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let page_count = count("PRAGMA page_count")?;
        let page_size = count("PRAGMA page_size")?;
        Ok(Status {
            inputs: count("SELECT count(*) FROM inputs")?,
            index_entry_bytes: count("SELECT coalesce(sum(length(entry)), 0) FROM articles")?,
            index_verify_bytes: count("SELECT coalesce(sum(length(verify)), 0) FROM articles")?,
            outcomes: pairs(
                "SELECT outcome, count(*) FROM inputs GROUP BY outcome ORDER BY outcome",
            )?,
            rejections_by_kind: pairs(
                "SELECT kind, count(*) FROM inputs WHERE outcome = 'rejected' GROUP BY kind ORDER BY kind",
            )?,
            last_rejections,
            indexed_articles: count("SELECT count(*) FROM articles")?,
            last_seq: self.last_seq()?,
            database_bytes: page_count * page_size,
            stories: self.stories_status()?,
        })
    }
}

fn corrupt(path: &Path, source: rusqlite::Error) -> StateError {
    StateError::Corrupt {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(path: &str, sha: &str, seq: Option<u64>) -> LedgerRow {
        LedgerRow {
            path: path.into(),
            sha256: sha.into(),
            part: 0,
            complete: true,
            size: 10,
            mtime_ns: Some(5),
            outcome: "article",
            kind: None,
            record_id: Some("ab".into()),
            feed: seq.map(|s| (s, format!("{{\"seq\":{s}}}"))),
            finished_at: "now".into(),
        }
    }

    #[test]
    fn ledger_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("n.db");
        let mut store = Store::open(&db, false).unwrap();
        assert_eq!(store.last_seq().unwrap(), 0);
        let batch = Batch {
            rows: vec![row("a", "x", Some(1)), row("b", "y", Some(2))],
            articles: vec![ArticleRow {
                id: "ab".into(),
                path: "a".into(),
                seq: 1,
                index: IndexRows {
                    entry: vec![1, 2],
                    verify: vec![3],
                },
            }],
            feed_synced_seq: 0,
            ..Batch::default()
        };
        store.commit(&batch).unwrap();
        assert!(store.is_done("a", 10, Some(5)).unwrap());
        assert!(!store.is_done("a", 11, Some(5)).unwrap());
        assert!(store.is_finished("b", "y", 0).unwrap());
        assert!(!store.is_finished("b", "y", 1).unwrap());
        assert_eq!(store.last_seq().unwrap(), 2);
        assert_eq!(store.feed_lines_after(1).unwrap().len(), 1);
        // A later commit that knows line 2 reached the feed prunes it.
        store
            .commit(&Batch {
                feed_synced_seq: 2,
                ..Batch::default()
            })
            .unwrap();
        assert!(store.feed_lines_after(0).unwrap().is_empty());
        let mut entries = Vec::new();
        store
            .for_each_index_entry(|e| entries.push(e.to_vec()))
            .unwrap();
        assert_eq!(entries, [vec![1, 2]]);
        assert_eq!(store.verify_bytes("ab").unwrap(), Some(vec![3]));
        assert_eq!(store.verify_bytes("cd").unwrap(), None);
        drop(store);
        let ro = Store::open_read_only(&db).unwrap();
        assert_eq!(ro.status().unwrap().indexed_articles, 1);
    }

    #[test]
    fn touching_a_done_file_keeps_its_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("n.db"), false).unwrap();
        store
            .commit(&Batch {
                rows: vec![row("a", "x", Some(1))],
                ..Batch::default()
            })
            .unwrap();
        let mut touched = row("a", "x", None);
        touched.mtime_ns = Some(9);
        store
            .commit(&Batch {
                rows: vec![touched],
                ..Batch::default()
            })
            .unwrap();
        assert!(store.is_done("a", 10, Some(9)).unwrap());
        assert_eq!(store.last_seq().unwrap(), 1);
    }

    /// A file of many articles is done only once its last part has an outcome;
    /// each part is finished on its own.
    #[test]
    fn a_file_of_parts_is_done_when_its_last_part_is() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("n.db"), false).unwrap();
        let part = |n: u32, sha: &str, last: bool| LedgerRow {
            part: n,
            complete: last,
            ..row("f.jsonl", sha, Some(u64::from(n)))
        };
        store
            .commit(&Batch {
                rows: vec![part(1, "l1", false), part(2, "l2", false)],
                ..Batch::default()
            })
            .unwrap();
        assert!(!store.is_done("f.jsonl", 10, Some(5)).unwrap());
        assert!(store.is_finished("f.jsonl", "l2", 2).unwrap());
        assert!(!store.is_finished("f.jsonl", "l2", 0).unwrap());
        store
            .commit(&Batch {
                rows: vec![part(3, "l3", true)],
                ..Batch::default()
            })
            .unwrap();
        assert!(store.is_done("f.jsonl", 10, Some(5)).unwrap());
        // The file grew: its old last line is taken again as a middle part.
        let mut again = part(3, "l3", false);
        again.size = 20;
        again.feed = None;
        store
            .commit(&Batch {
                rows: vec![again],
                ..Batch::default()
            })
            .unwrap();
        assert!(!store.is_done("f.jsonl", 20, Some(5)).unwrap());
    }

    /// A version 1 database (one ledger row per file) opens as version 2 with
    /// its rows as whole-file rows, nothing lost.
    #[test]
    fn a_version_1_database_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("n.db");
        let v1 = Connection::open(&db).unwrap();
        v1.execute_batch(
            "CREATE TABLE inputs (
                path TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
                mtime_ns INTEGER, outcome TEXT NOT NULL, kind TEXT, record_id TEXT,
                seq INTEGER, finished_at TEXT NOT NULL, PRIMARY KEY (path, sha256)) STRICT;
             CREATE INDEX inputs_outcome ON inputs (outcome, seq);
             CREATE TABLE articles (id TEXT PRIMARY KEY, path TEXT NOT NULL,
                seq INTEGER NOT NULL, created_at TEXT NOT NULL, entry BLOB NOT NULL,
                verify BLOB NOT NULL) STRICT;
             INSERT INTO inputs VALUES ('a', 'x', 10, 5, 'article', NULL, 'ab', 1, 'then');
             INSERT INTO inputs VALUES ('b', 'y', 10, 5, 'rejected', 'empty', NULL, 2, 'then');
             INSERT INTO articles VALUES ('ab', 'a', 1, 'then', x'0102', x'03');
             PRAGMA user_version = 1;",
        )
        .unwrap();
        drop(v1);
        let store = Store::open(&db, false).unwrap();
        assert!(store.is_done("a", 10, Some(5)).unwrap());
        assert!(store.is_finished("b", "y", 0).unwrap());
        assert_eq!(store.last_seq().unwrap(), 2);
        assert_eq!(store.verify_bytes("ab").unwrap(), Some(vec![3]));
        let status = store.status().unwrap();
        assert_eq!(status.inputs, 2);
        assert_eq!(status.rejections_by_kind, [("empty".to_string(), 1)]);
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
    }

    #[test]
    fn garbage_file_is_refused_not_reset() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("n.db");
        std::fs::write(&db, vec![0x42u8; 8192]).unwrap();
        let err = Store::open(&db, false).err().unwrap();
        assert!(matches!(err, StateError::Corrupt { .. }), "{err}");
        assert_eq!(std::fs::read(&db).unwrap(), vec![0x42u8; 8192]);
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("n.db");
        Connection::open(&db)
            .unwrap()
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = Store::open(&db, false).err().unwrap();
        assert!(matches!(err, StateError::TooNew { .. }), "{err}");
    }
}

//! Stories in the state database: each story's profile (for the clusterer)
//! and tallies (for its file), and one row per member. Written in the same
//! transaction as the records that joined them, so a restart after `kill -9`
//! finds exactly the stories of the committed articles.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{StateError, Store};

pub(super) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS stories (
    id       TEXT PRIMARY KEY,     -- the id of the article that started it
    size     INTEGER NOT NULL,
    first    INTEGER NOT NULL,     -- unix seconds, article time
    last     INTEGER NOT NULL,
    seq      INTEGER NOT NULL,     -- feed seq of its last story line
    title    TEXT NOT NULL,        -- representative title, for status
    profile  BLOB NOT NULL,        -- corpus::stories::Profile
    tallies  TEXT NOT NULL         -- write::story::Story without members, JSON
) STRICT;
CREATE INDEX IF NOT EXISTS stories_last ON stories (last);
CREATE TABLE IF NOT EXISTS story_members (
    article TEXT PRIMARY KEY,
    story   TEXT NOT NULL,
    seq     INTEGER NOT NULL,      -- feed seq of the story line it caused
    member  TEXT NOT NULL          -- record::StoryMember, JSON
) STRICT;
CREATE INDEX IF NOT EXISTS story_members_story ON story_members (story, seq);
CREATE TABLE IF NOT EXISTS term_frequencies (
    term INTEGER PRIMARY KEY,      -- hash of a lower-case word
    docs INTEGER NOT NULL          -- articles that have it
) STRICT;
";

/// One story as a batch leaves it.
#[derive(Debug, Clone)]
pub struct StoryCommit {
    pub id: String,
    pub size: u32,
    pub first: i64,
    pub last: i64,
    pub seq: u64,
    pub title: String,
    pub profile: Vec<u8>,
    pub tallies: String,
    /// Members that joined in this batch: article id, feed seq, member JSON.
    pub members: Vec<(String, u64, String)>,
}

/// Document-frequency increments of one batch: (term, articles that had it),
/// and the number of articles.
#[derive(Debug, Clone, Default)]
pub struct TermCounts {
    pub terms: Vec<(u64, u32)>,
    pub articles: u64,
}

/// What `newsflow status` says of stories.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct StoriesStatus {
    pub stories: u64,
    pub largest: Option<StorySummary>,
    pub latest: Option<StorySummary>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct StorySummary {
    pub id: String,
    pub title: String,
    pub size: u64,
}

pub(super) fn commit_terms(tx: &Transaction, counts: &TermCounts) -> Result<(), StateError> {
    let mut term = tx.prepare_cached(
        "INSERT INTO term_frequencies (term, docs) VALUES (?1, ?2)
         ON CONFLICT (term) DO UPDATE SET docs = docs + ?2",
    )?;
    for &(t, n) in &counts.terms {
        // SQLite integers are signed: the hash is stored bit for bit.
        term.execute(params![t as i64, n])?;
    }
    if counts.articles > 0 {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('term_articles', ?1)
             ON CONFLICT (key) DO UPDATE SET value = value + ?1",
            [counts.articles as i64],
        )?;
    }
    Ok(())
}

pub(super) fn commit(tx: &Transaction, stories: &[StoryCommit]) -> Result<(), StateError> {
    let mut story = tx.prepare_cached(
        "INSERT INTO stories (id, size, first, last, seq, title, profile, tallies)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET size = ?2, first = ?3, last = ?4, seq = ?5,
             title = ?6, profile = ?7, tallies = ?8",
    )?;
    let mut member = tx.prepare_cached(
        "INSERT OR IGNORE INTO story_members (article, story, seq, member) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for s in stories {
        story.execute(params![
            s.id,
            s.size,
            s.first,
            s.last,
            s.seq as i64,
            s.title,
            s.profile,
            s.tallies
        ])?;
        for (article, seq, json) in &s.members {
            member.execute(params![article, s.id, *seq as i64, json])?;
        }
    }
    Ok(())
}

impl Store {
    /// A story's tallies and its members (JSON, in arrival order).
    pub fn story(&self, id: &str) -> Result<Option<(String, Vec<String>)>, StateError> {
        let tallies: Option<String> = self
            .conn
            .query_row("SELECT tallies FROM stories WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(tallies) = tallies else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT member FROM story_members WHERE story = ?1 ORDER BY seq")?;
        let members = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(Some((tallies, members)))
    }

    /// Every term's document frequency; returns the number of articles counted.
    pub fn for_each_term_frequency(&self, mut f: impl FnMut(u64, u32)) -> Result<u64, StateError> {
        let mut stmt = self
            .conn
            .prepare("SELECT term, docs FROM term_frequencies")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(row.get::<_, i64>(0)? as u64, row.get::<_, i64>(1)? as u32);
        }
        let articles: Option<i64> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'term_articles'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(articles.unwrap_or(0) as u64)
    }

    /// A story's stored profile.
    pub fn story_profile(&self, id: &str) -> Result<Option<Vec<u8>>, StateError> {
        Ok(self
            .conn
            .query_row("SELECT profile FROM stories WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Every membership, as (article, story).
    pub fn for_each_story_member(
        &self,
        mut f: impl FnMut(String, String),
    ) -> Result<(), StateError> {
        let mut stmt = self
            .conn
            .prepare("SELECT article, story FROM story_members")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(row.get(0)?, row.get(1)?);
        }
        Ok(())
    }

    /// Profiles of the stories whose last article is at or after `since`
    /// (unix seconds, article time), as (story, profile bytes).
    pub fn for_each_recent_story(
        &self,
        since: i64,
        mut f: impl FnMut(String, Vec<u8>),
    ) -> Result<(), StateError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, profile FROM stories WHERE last >= ?1 ORDER BY seq")?;
        let mut rows = stmt.query([since])?;
        while let Some(row) = rows.next()? {
            f(row.get(0)?, row.get(1)?);
        }
        Ok(())
    }

    /// The latest article time of any story (unix seconds), if there is one.
    pub fn latest_story_time(&self) -> Result<Option<i64>, StateError> {
        Ok(self
            .conn
            .query_row("SELECT max(last) FROM stories", [], |r| r.get(0))?)
    }

    /// The highest feed seq a story line took.
    pub(super) fn last_story_seq(&self) -> Result<u64, StateError> {
        let seq: Option<i64> =
            self.conn
                .query_row("SELECT max(seq) FROM story_members", [], |r| r.get(0))?;
        Ok(seq.unwrap_or(0) as u64)
    }

    /// Count, largest and most recently grown story.
    pub fn stories_status(&self) -> Result<StoriesStatus, StateError> {
        // A database from before stories, opened read-only, has no table yet.
        let exists: i64 = self.conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'stories'",
            [],
            |r| r.get(0),
        )?;
        if exists == 0 {
            return Ok(StoriesStatus::default());
        }
        let stories: i64 = self
            .conn
            .query_row("SELECT count(*) FROM stories", [], |r| r.get(0))?;
        let one = |order: &str| -> Result<Option<StorySummary>, StateError> {
            let sql = format!("SELECT id, title, size FROM stories ORDER BY {order} LIMIT 1");
            Ok(self
                .conn
                .query_row(&sql, [], |r| {
                    Ok(StorySummary {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        size: r.get::<_, i64>(2)? as u64,
                    })
                })
                .optional()?)
        };
        Ok(StoriesStatus {
            stories: stories as u64,
            largest: one("size DESC, seq DESC")?,
            latest: one("seq DESC")?,
        })
    }
}

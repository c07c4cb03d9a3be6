//! Deciding when a file in the inbox is complete. Pure logic: the caller supplies
//! the clock and a `stat` function, so tests need no sleeping.
//!
//! A file is taken when nobody is writing it (the watcher saw no write without a
//! matching close, or the last write is older than [`STALE_WRITER`]) and either it
//! was renamed into the inbox (a rename is atomic: the file is whole), or its size
//! and modification time have not changed for `settle`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// A writer that has not written for this long is assumed gone (its close event
/// was lost without the watcher saying so); the file then settles as usual.
pub const STALE_WRITER: Duration = Duration::from_secs(120);

/// What a `stat` tells about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileState {
    pub size: u64,
    pub modified: Option<SystemTime>,
}

#[derive(Debug)]
struct Pending {
    state: Option<FileState>,
    /// When `state` last changed (or the file was first seen).
    changed_at: Instant,
    /// Last write event not yet followed by a close.
    writing_since: Option<Instant>,
    renamed: bool,
    /// Do not stat before this time.
    next_check: Instant,
}

/// The files seen in the inbox but not yet taken.
#[derive(Debug)]
pub struct Settler {
    settle: Duration,
    pending: HashMap<PathBuf, Pending>,
}

impl Settler {
    pub fn new(settle: Duration) -> Settler {
        Settler {
            settle,
            pending: HashMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.pending.contains_key(path)
    }

    fn entry(&mut self, path: PathBuf, now: Instant) -> &mut Pending {
        self.pending.entry(path).or_insert(Pending {
            state: None,
            changed_at: now,
            writing_since: None,
            renamed: false,
            next_check: now,
        })
    }

    /// A file found by a scan or a metadata event: a candidate, checked at once.
    pub fn found(&mut self, path: PathBuf, now: Instant) {
        self.entry(path, now).next_check = now;
    }

    /// The watcher saw data written to the file.
    pub fn writing(&mut self, path: PathBuf, now: Instant) {
        let p = self.entry(path, now);
        p.writing_since = Some(now);
        p.changed_at = now;
        p.renamed = false;
    }

    /// The watcher saw a writer close the file.
    pub fn closed(&mut self, path: PathBuf, now: Instant) {
        let p = self.entry(path, now);
        p.writing_since = None;
        p.next_check = now;
    }

    /// The file was renamed into the inbox: it is whole.
    pub fn renamed_in(&mut self, path: PathBuf, now: Instant) {
        let p = self.entry(path, now);
        p.renamed = true;
        p.writing_since = None;
        p.next_check = now;
    }

    /// The file was removed or renamed away.
    pub fn gone(&mut self, path: &Path) {
        self.pending.remove(path);
    }

    /// The watcher lost events (its queue overflowed, or it failed): a write seen
    /// before may have lost its close, so every pending file now settles by size
    /// and modification time, like a file found by a scan, instead of waiting
    /// [`STALE_WRITER`] for a close that will never come.
    pub fn events_lost(&mut self, now: Instant) {
        for p in self.pending.values_mut() {
            p.writing_since = None;
            p.next_check = now;
        }
    }

    /// Takes the files that are complete, in path order. `stat` returns `None`
    /// for a file that no longer exists; `busy` tells paths that must wait (the
    /// same path still in the pipeline).
    pub fn take_ready(
        &mut self,
        now: Instant,
        wall_now: SystemTime,
        stat: impl Fn(&Path) -> Option<FileState>,
        busy: impl Fn(&Path) -> bool,
    ) -> Vec<(PathBuf, FileState)> {
        let settle = self.settle;
        let mut ready = Vec::new();
        let mut vanished = Vec::new();
        for (path, p) in self.pending.iter_mut() {
            if p.next_check > now {
                continue;
            }
            if let Some(since) = p.writing_since {
                if now.duration_since(since) < STALE_WRITER {
                    p.next_check = since + STALE_WRITER;
                    continue;
                }
                p.writing_since = None;
            }
            if busy(path) {
                p.next_check = now + settle;
                continue;
            }
            let Some(state) = stat(path) else {
                vanished.push(path.clone());
                continue;
            };
            if p.state != Some(state) {
                if p.state.is_some() {
                    p.changed_at = now;
                }
                p.state = Some(state);
            }
            let quiet_since_seen = now.duration_since(p.changed_at) >= settle;
            let quiet_by_mtime = state
                .modified
                .and_then(|m| wall_now.duration_since(m).ok())
                .is_some_and(|age| age >= settle);
            if p.renamed || quiet_since_seen || quiet_by_mtime {
                ready.push((path.clone(), state));
            } else {
                p.next_check = p.changed_at + settle;
            }
        }
        for path in vanished {
            self.pending.remove(&path);
        }
        for (path, _) in &ready {
            self.pending.remove(path);
        }
        ready.sort_by(|a, b| a.0.cmp(&b.0));
        ready
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    const SETTLE: Duration = Duration::from_millis(500);

    fn state(size: u64, modified: SystemTime) -> FileState {
        FileState {
            size,
            modified: Some(modified),
        }
    }

    #[test]
    fn old_file_found_by_scan_is_taken_at_once() {
        let mut s = Settler::new(SETTLE);
        let (now, wall) = (Instant::now(), SystemTime::now());
        s.found("a".into(), now);
        let old = state(10, wall - Duration::from_secs(60));
        let ready = s.take_ready(now, wall, |_| Some(old), |_| false);
        assert_eq!(ready, vec![(PathBuf::from("a"), old)]);
        assert!(s.is_empty());
    }

    #[test]
    fn fresh_file_waits_for_settle() {
        let mut s = Settler::new(SETTLE);
        let (t0, wall) = (Instant::now(), SystemTime::now());
        s.found("a".into(), t0);
        let fresh = state(10, wall);
        assert!(
            s.take_ready(t0, wall, |_| Some(fresh), |_| false)
                .is_empty()
        );
        let t1 = t0 + Duration::from_millis(300);
        assert!(
            s.take_ready(t1, wall, |_| Some(fresh), |_| false)
                .is_empty()
        );
        let t2 = t0 + SETTLE;
        assert_eq!(s.take_ready(t2, wall, |_| Some(fresh), |_| false).len(), 1);
    }

    #[test]
    fn growing_file_restarts_the_clock() {
        let mut s = Settler::new(SETTLE);
        let (t0, wall) = (Instant::now(), SystemTime::now());
        let size = Cell::new(10);
        let stat = |_: &Path| Some(state(size.get(), wall));
        s.found("a".into(), t0);
        assert!(s.take_ready(t0, wall, stat, |_| false).is_empty());
        size.set(20);
        let t1 = t0 + SETTLE;
        assert!(
            s.take_ready(t1, wall, stat, |_| false).is_empty(),
            "grew: not settled"
        );
        assert!(
            s.take_ready(t1 + SETTLE / 2, wall, stat, |_| false)
                .is_empty()
        );
        assert_eq!(s.take_ready(t1 + SETTLE, wall, stat, |_| false).len(), 1);
    }

    #[test]
    fn open_writer_holds_the_file_however_long_it_pauses() {
        let mut s = Settler::new(SETTLE);
        let (t0, wall) = (Instant::now(), SystemTime::now());
        let old = state(10, wall - Duration::from_secs(60));
        s.writing("a".into(), t0);
        let t1 = t0 + Duration::from_secs(30);
        assert!(s.take_ready(t1, wall, |_| Some(old), |_| false).is_empty());
        s.closed("a".into(), t1);
        assert_eq!(s.take_ready(t1, wall, |_| Some(old), |_| false).len(), 1);
    }

    #[test]
    fn lost_close_event_is_survived() {
        let mut s = Settler::new(SETTLE);
        let (t0, wall) = (Instant::now(), SystemTime::now());
        let old = state(10, wall - Duration::from_secs(600));
        s.writing("a".into(), t0);
        assert!(
            s.take_ready(t0 + SETTLE, wall, |_| Some(old), |_| false)
                .is_empty()
        );
        let late = t0 + STALE_WRITER;
        assert_eq!(s.take_ready(late, wall, |_| Some(old), |_| false).len(), 1);
    }

    #[test]
    fn overflow_does_not_hold_open_writers_until_stale() {
        let mut s = Settler::new(SETTLE);
        let (t0, wall) = (Instant::now(), SystemTime::now());
        let old = state(10, wall - Duration::from_secs(60));
        s.writing("a".into(), t0);
        s.events_lost(t0);
        assert_eq!(s.take_ready(t0, wall, |_| Some(old), |_| false).len(), 1);
        // A file still growing after the loss waits for settle as usual.
        s.writing("b".into(), t0);
        s.events_lost(t0);
        let fresh = state(10, wall);
        assert!(
            s.take_ready(t0, wall, |_| Some(fresh), |_| false)
                .is_empty()
        );
        let later = t0 + SETTLE;
        assert_eq!(
            s.take_ready(later, wall, |_| Some(fresh), |_| false).len(),
            1
        );
    }

    #[test]
    fn renamed_file_is_taken_at_once_and_vanished_dropped() {
        let mut s = Settler::new(SETTLE);
        let (t0, wall) = (Instant::now(), SystemTime::now());
        s.renamed_in("b".into(), t0);
        s.found("gone".into(), t0);
        let fresh = state(1, wall);
        let ready = s.take_ready(
            t0,
            wall,
            |p| (p == Path::new("b")).then_some(fresh),
            |_| false,
        );
        assert_eq!(ready, vec![(PathBuf::from("b"), fresh)]);
        assert!(s.is_empty());
    }

    #[test]
    fn busy_path_waits() {
        let mut s = Settler::new(SETTLE);
        let (t0, wall) = (Instant::now(), SystemTime::now());
        s.renamed_in("b".into(), t0);
        let fresh = state(1, wall);
        assert!(s.take_ready(t0, wall, |_| Some(fresh), |_| true).is_empty());
        assert_eq!(
            s.take_ready(t0 + SETTLE, wall, |_| Some(fresh), |_| false)
                .len(),
            1
        );
    }
}

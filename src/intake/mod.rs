//! Intake: finds complete files in the inbox and hands them to the pipeline.
//! File-system events are hints, not the truth: a startup scan, notify events,
//! a periodic reconcile scan, and a full rescan when the watcher overflows or
//! fails (or polling, for network mounts) all feed one [`Settler`], which decides
//! when a file is whole. The ledger keeps finished files from being taken again;
//! the in-flight set keeps one path from being in the pipeline twice.

mod settle;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecursiveMode, Watcher};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::config::{AfterAction, Config, InboxConfig};
use crate::document::{Input, now_rfc3339, system_time_rfc3339};
use crate::state::Store;
use crate::write::{AfterPolicy, after_action, mtime_ns};

pub use settle::{FileState, STALE_WRITER, Settler};

/// Events handled in one round before ready files are looked for.
const MAX_EVENTS_PER_ROUND: usize = 4096;

/// Where `inbox.after = "move"` puts finished inputs (hidden, so never scanned).
pub const DONE_DIR: &str = ".done";

/// Paths of inputs taken but not yet committed.
#[derive(Debug, Clone, Default)]
pub struct InFlight(Arc<Mutex<HashSet<PathBuf>>>);

impl InFlight {
    fn set(&self) -> std::sync::MutexGuard<'_, HashSet<PathBuf>> {
        // A panic while holding this lock cannot leave the set inconsistent
        // (single inserts and removes), so a poisoned lock is still usable.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
    pub fn insert(&self, path: PathBuf) {
        self.set().insert(path);
    }
    pub fn remove(&self, path: &Path) {
        self.set().remove(path);
    }
    pub fn contains(&self, path: &Path) -> bool {
        self.set().contains(path)
    }
    pub fn len(&self) -> usize {
        self.set().len()
    }
    pub fn is_empty(&self) -> bool {
        self.set().is_empty()
    }
}

/// True for names newsflow never takes: hidden files, temporary and partial downloads.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || [".tmp", ".part", ".crdownload", ".swp"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// The inbox and the rules for what in it is an input.
#[derive(Debug, Clone)]
pub struct Inbox {
    pub root: PathBuf,
    pub recursive: bool,
    pub follow_symlinks: bool,
    pub ignore_dirs: Vec<String>,
}

impl Inbox {
    /// The inbox of the configuration. Its path is made absolute, because the
    /// watcher reports absolute paths and the ledger must name a file one way.
    pub fn new(cfg: &InboxConfig) -> Inbox {
        Inbox {
            root: std::fs::canonicalize(&cfg.path).unwrap_or_else(|_| cfg.path.clone()),
            recursive: cfg.recursive,
            follow_symlinks: cfg.follow_symlinks,
            ignore_dirs: cfg.ignore_dirs.clone(),
        }
    }

    /// The path relative to the inbox with `/` separators, or `None` when the path
    /// is outside the inbox or is not an input (hidden, temporary, ignored folder).
    pub fn name_of(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let parts: Vec<&str> = rel.iter().map(|c| c.to_str()).collect::<Option<_>>()?;
        let (file, dirs) = parts.split_last()?;
        if is_ignored_name(file)
            || (!self.recursive && !dirs.is_empty())
            || dirs
                .iter()
                .any(|d| d.starts_with('.') || self.ignore_dirs.iter().any(|i| i == d))
        {
            return None;
        }
        Some(parts.join("/"))
    }

    /// Lists the input files under `dir` (the whole inbox, or a folder that just
    /// appeared in it), in path order.
    pub fn scan(&self, dir: &Path) -> Vec<PathBuf> {
        let mut walk = walkdir::WalkDir::new(dir)
            .follow_links(self.follow_symlinks)
            .sort_by_file_name();
        if !self.recursive {
            walk = walk.max_depth(1);
        }
        walk.into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !e.file_type().is_dir() || {
                    let name = e.file_name().to_string_lossy();
                    !name.starts_with('.') && !self.ignore_dirs.iter().any(|i| *i == name)
                }
            })
            .filter_map(|e| match e {
                Ok(e) => Some(e),
                Err(err) => {
                    tracing::warn!(error = %err, "cannot list part of the inbox");
                    None
                }
            })
            .filter(|e| e.file_type().is_file())
            .map(walkdir::DirEntry::into_path)
            .filter(|p| self.name_of(p).is_some())
            .collect()
    }
}

/// Reads a file's size and modification time, following symlinks only when allowed.
pub fn stat(path: &Path, follow_symlinks: bool) -> Option<FileState> {
    let meta = if follow_symlinks {
        std::fs::metadata(path)
    } else {
        std::fs::symlink_metadata(path)
    }
    .ok()?;
    meta.is_file().then(|| FileState {
        size: meta.len(),
        modified: meta.modified().ok(),
    })
}

/// Builds the pipeline's input for a taken file.
pub fn input(path: PathBuf, name: String, state: FileState) -> Input {
    let now = SystemTime::now();
    Input {
        span: tracing::info_span!("article", path = %name, id = tracing::field::Empty),
        path,
        name,
        size: state.size,
        modified: state.modified,
        received_at: system_time_rfc3339(now).unwrap_or_else(now_rfc3339),
        taken: Instant::now(),
        taken_at: now,
        part: None,
    }
}

/// A file-system event, reduced to what intake does about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    Writing(PathBuf),
    Closed(PathBuf),
    RenamedIn(PathBuf),
    Found(PathBuf),
    Gone(PathBuf),
    /// Rescan this folder (`None`: the whole inbox, after lost events).
    Rescan(Option<PathBuf>),
}

/// Translates one notify event into hints.
pub fn hints(event: &Event) -> Vec<Hint> {
    if event.need_rescan() {
        return vec![Hint::Rescan(None)];
    }
    let each = |f: fn(PathBuf) -> Hint| event.paths.iter().cloned().map(f).collect();
    match &event.kind {
        EventKind::Create(CreateKind::Folder) => event
            .paths
            .iter()
            .cloned()
            .map(|p| Hint::Rescan(Some(p)))
            .collect(),
        EventKind::Create(_) | EventKind::Modify(ModifyKind::Data(_)) => each(Hint::Writing),
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => each(Hint::Closed),
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => each(Hint::RenamedIn),
        EventKind::Modify(ModifyKind::Name(RenameMode::From)) | EventKind::Remove(_) => {
            each(Hint::Gone)
        }
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => match event.paths.as_slice() {
            [from, to] => vec![Hint::Gone(from.clone()), Hint::RenamedIn(to.clone())],
            _ => each(Hint::Found),
        },
        EventKind::Modify(_) => each(Hint::Found),
        _ => Vec::new(),
    }
}

/// Everything the intake loop needs.
pub struct Intake {
    pub inbox: Inbox,
    pub settle: Duration,
    pub poll: Option<Duration>,
    pub rescan: Duration,
    pub after: AfterAction,
    pub store: Store,
    pub in_flight: InFlight,
}

impl Intake {
    /// The intake the configuration describes, marking what it finds in
    /// `store` (read-only: the committer writes it) and sharing `in_flight`
    /// with whoever finishes the inputs.
    pub fn new(config: &Config, store: Store, in_flight: InFlight) -> Intake {
        Intake {
            inbox: Inbox::new(&config.inbox),
            settle: config.settle(),
            poll: config
                .inbox
                .poll
                .then(|| Duration::from_millis(config.inbox.poll_ms)),
            rescan: Duration::from_secs(config.inbox.rescan_secs),
            after: config.inbox.after,
            store,
            in_flight,
        }
    }
}

/// State shared by the loop and its blocking helpers.
struct Scanner {
    inbox: Inbox,
    store: Store,
    after: Option<AfterPolicy>,
}

impl Scanner {
    /// Paths under `dir` that have no outcome yet. Finished files are skipped, and
    /// get their `inbox.after` action if a crash came between commit and action.
    fn unfinished(&self, dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for path in self.inbox.scan(dir) {
            let Some(state) = stat(&path, self.inbox.follow_symlinks) else {
                continue;
            };
            if self.is_done(&path, state) {
                if let (Some(after), Some(name)) = (&self.after, self.inbox.name_of(&path))
                    && let Err(e) = after_action(after, &path, &name)
                {
                    tracing::warn!(path = %path.display(), error = %e, "could not apply inbox.after");
                }
            } else {
                out.push(path);
            }
        }
        out
    }

    fn is_done(&self, path: &Path, state: FileState) -> bool {
        let mtime = state.modified.and_then(mtime_ns);
        match self
            .store
            .is_done(&path.display().to_string(), state.size, mtime)
        {
            Ok(done) => done,
            Err(e) => {
                // Processing again is safe (the outcome is found by content), skipping is not.
                tracing::warn!(path = %path.display(), error = %e, "ledger lookup failed");
                false
            }
        }
    }
}

impl Intake {
    /// Runs until `shutdown`, sending complete files to `tx`. Dropping `tx` at the
    /// end is what tells the rest of the pipeline to drain.
    pub async fn run(self, tx: mpsc::Sender<Arc<Input>>, shutdown: CancellationToken) {
        let Intake {
            inbox,
            settle,
            poll,
            rescan,
            after,
            store,
            in_flight,
        } = self;
        let after = (after != AfterAction::Keep).then(|| AfterPolicy {
            action: after,
            inbox: inbox.root.clone(),
        });
        let scanner = Arc::new(Mutex::new(Scanner {
            inbox: inbox.clone(),
            store,
            after,
        }));
        let (hint_tx, mut hint_rx) = mpsc::unbounded_channel::<notify::Result<Event>>();
        // The watcher lives as long as this loop; dropping it stops the events.
        let _watcher = match poll {
            Some(_) => None,
            None => match watch(&inbox.root, hint_tx) {
                Ok(w) => Some(w),
                Err(e) => {
                    tracing::error!(error = %e, "cannot watch the inbox; falling back to polling every second");
                    None
                }
            },
        };
        let polling = poll.or(_watcher.is_none().then_some(Duration::from_secs(1)));
        let mut settler = Settler::new(settle);
        let mut scan_tick = tokio::time::interval(polling.unwrap_or(rescan));
        scan_tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let tick = (settle / 4).clamp(Duration::from_millis(10), Duration::from_millis(100));
        let mut settle_tick = tokio::time::interval(tick);
        settle_tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut scans: Vec<Option<PathBuf>> = Vec::new();
        tracing::info!(inbox = %inbox.root.display(), polling = polling.is_some(), "watching the inbox");

        let mut watching = _watcher.is_some();
        loop {
            tokio::select! {
                biased;
                _ = shutdown.cancelled() => break,
                event = hint_rx.recv(), if watching => {
                    let Some(event) = event else {
                        watching = false;
                        continue;
                    };
                    // Take every event already queued before looking for ready files,
                    // but never so many that ready files wait behind a flood.
                    let mut next = Some(event);
                    let mut handled = 0;
                    while let Some(event) = next.take() {
                        match event {
                            Ok(event) => apply_hints(&mut settler, &inbox, &event, &mut scans),
                            Err(e) => {
                                tracing::warn!(error = %e, "the watcher reported an error; rescanning the inbox");
                                settler.events_lost(Instant::now());
                                scans.push(None);
                            }
                        }
                        handled += 1;
                        if handled < MAX_EVENTS_PER_ROUND {
                            next = hint_rx.try_recv().ok();
                        }
                    }
                }
                _ = scan_tick.tick() => scans.push(None),
                _ = settle_tick.tick() => {}
            }
            for dir in scans.drain(..) {
                let dir = dir.unwrap_or_else(|| inbox.root.clone());
                let scanner = scanner.clone();
                let found = tokio::task::spawn_blocking(move || {
                    scanner
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .unfinished(&dir)
                })
                .await
                .unwrap_or_default();
                let now = Instant::now();
                for path in found {
                    if !settler.contains(&path) && !in_flight.contains(&path) {
                        settler.found(path, now);
                    }
                }
            }
            let follow = inbox.follow_symlinks;
            let ready = settler.take_ready(
                Instant::now(),
                SystemTime::now(),
                |p| stat(p, follow),
                |p| in_flight.contains(p),
            );
            metrics::gauge!("newsflow_inbox_pending").set(settler.len() as f64);
            if ready.is_empty() {
                continue;
            }
            let scanner_ref = scanner.clone();
            let ready = tokio::task::spawn_blocking(move || {
                let scanner = scanner_ref.lock().unwrap_or_else(|e| e.into_inner());
                ready
                    .into_iter()
                    .filter(|(path, state)| !scanner.is_done(path, *state))
                    .collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            for (path, state) in ready {
                let Some(name) = inbox.name_of(&path) else {
                    continue;
                };
                in_flight.insert(path.clone());
                metrics::counter!("newsflow_files_seen_total").increment(1);
                let input = Arc::new(input(path, name, state));
                tokio::select! {
                    biased;
                    _ = shutdown.cancelled() => break,
                    sent = tx.send(input) => if sent.is_err() { break },
                }
            }
        }
        tracing::info!("intake stopped");
    }
}

fn apply_hints(
    settler: &mut Settler,
    inbox: &Inbox,
    event: &Event,
    scans: &mut Vec<Option<PathBuf>>,
) {
    let now = Instant::now();
    for hint in hints(event) {
        let wanted = |p: &Path| inbox.name_of(p).is_some();
        match hint {
            Hint::Rescan(None) => {
                tracing::warn!("the watcher lost events; rescanning the inbox");
                settler.events_lost(now);
                scans.push(None);
            }
            Hint::Rescan(dir) => scans.push(dir),
            Hint::Gone(p) => settler.gone(&p),
            Hint::Writing(p) | Hint::Closed(p) | Hint::RenamedIn(p) | Hint::Found(p)
                if p.is_dir() =>
            {
                scans.push(Some(p));
            }
            Hint::Writing(p) if wanted(&p) => settler.writing(p, now),
            Hint::Closed(p) if wanted(&p) => settler.closed(p, now),
            Hint::RenamedIn(p) if wanted(&p) => settler.renamed_in(p, now),
            Hint::Found(p) if wanted(&p) => settler.found(p, now),
            _ => {}
        }
    }
}

fn watch(
    root: &Path,
    tx: mpsc::UnboundedSender<notify::Result<Event>>,
) -> notify::Result<notify::RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |event| {
        // The loop has stopped when the receiver is gone: nothing left to tell.
        let _ = tx.send(event);
    })?;
    watcher.watch(root, RecursiveMode::Recursive)?;
    Ok(watcher)
}

/// The inputs of `newsflow process PATH...`: files as given, folders walked, all
/// in sorted path order so that runs are repeatable.
pub fn listed_inputs(paths: &[PathBuf]) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    // Absolute paths, as the daemon records them, so that the ledger names a
    // file one way whichever command saw it first.
    let mut sorted: Vec<PathBuf> = paths
        .iter()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .collect();
    sorted.sort();
    let mut push = |path: PathBuf, name: String| {
        if seen.insert(path.clone()) {
            out.push((path, name));
        }
    };
    for path in sorted {
        if path.is_dir() {
            let inbox = Inbox {
                root: path.clone(),
                recursive: true,
                follow_symlinks: false,
                ignore_dirs: Vec::new(),
            };
            for file in inbox.scan(&path) {
                if let Some(name) = inbox.name_of(&file) {
                    push(file, name);
                }
            }
        } else {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            push(path, name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use notify::event::{DataChange, Flag, RemoveKind};

    use super::*;

    fn inbox() -> Inbox {
        Inbox {
            root: PathBuf::from("/in"),
            recursive: true,
            follow_symlinks: false,
            ignore_dirs: vec!["skip".into()],
        }
    }

    #[test]
    fn names_and_ignored_paths() {
        let i = inbox();
        assert_eq!(i.name_of(Path::new("/in/a.txt")).as_deref(), Some("a.txt"));
        assert_eq!(
            i.name_of(Path::new("/in/x/y/a.txt")).as_deref(),
            Some("x/y/a.txt")
        );
        for ignored in [
            "/in/.hidden",
            "/in/a.txt.tmp",
            "/in/a.part",
            "/in/a.crdownload",
            "/in/a.txt~",
            "/in/.done/a.txt",
            "/in/skip/a.txt",
            "/elsewhere/a.txt",
        ] {
            assert_eq!(i.name_of(Path::new(ignored)), None, "{ignored}");
        }
    }

    #[test]
    fn overflow_means_full_rescan() {
        let event = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert_eq!(hints(&event), vec![Hint::Rescan(None)]);
    }

    #[test]
    fn events_become_hints() {
        let p = PathBuf::from("/in/a.txt");
        let ev = |kind| Event::new(kind).add_path(p.clone());
        assert_eq!(
            hints(&ev(EventKind::Modify(ModifyKind::Data(DataChange::Any)))),
            vec![Hint::Writing(p.clone())]
        );
        assert_eq!(
            hints(&ev(EventKind::Access(AccessKind::Close(AccessMode::Write)))),
            vec![Hint::Closed(p.clone())]
        );
        assert_eq!(
            hints(&ev(EventKind::Remove(RemoveKind::File))),
            vec![Hint::Gone(p.clone())]
        );
        let both = Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::Both)))
            .add_path(PathBuf::from("/in/a.part"))
            .add_path(p.clone());
        assert_eq!(
            hints(&both),
            vec![Hint::Gone(PathBuf::from("/in/a.part")), Hint::RenamedIn(p)]
        );
    }

    #[test]
    fn overflow_event_rescans_and_finds_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir(root.join("sub")).unwrap();
        for name in ["a.txt", "sub/b.txt", ".hidden", "c.part"] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        let inbox = Inbox {
            root: root.clone(),
            recursive: true,
            follow_symlinks: false,
            ignore_dirs: Vec::new(),
        };
        let mut settler = Settler::new(Duration::from_millis(1));
        let mut scans = Vec::new();
        // A write seen just before the overflow, whose close event was lost.
        settler.writing(root.join("a.txt"), Instant::now());
        let overflow = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        apply_hints(&mut settler, &inbox, &overflow, &mut scans);
        assert_eq!(scans, vec![None]);
        let later = SystemTime::now() + Duration::from_secs(1);
        let ready = settler.take_ready(Instant::now(), later, |p| stat(p, false), |_| false);
        assert_eq!(
            ready.len(),
            1,
            "not held for STALE_WRITER after the overflow"
        );
        let found = inbox.scan(&root);
        assert_eq!(found, vec![root.join("a.txt"), root.join("sub/b.txt")]);
    }
}

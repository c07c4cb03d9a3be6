//! HTML pages saved from the web -> [`Document`]: main-text extraction (the
//! `dom_smoothie` Readability port, after a pre-clean of captions, bylines,
//! related links and share widgets) and page metadata (title, authors, date,
//! canonical URL, site name, captions) from OpenGraph, `<meta>`, JSON-LD, `<time>`.
//! A byte pass ([`prefilter`]) first drops what nothing reads (scripts, unread
//! attributes, site navigation), so the tree is built and walked once, small.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use aho_corasick::AhoCorasick;
use dom_query::{Document as Dom, NodeRef};
use dom_smoothie::{Config, Readability, TextMode};

use self::prefilter::Filtered;

use crate::document::Document;
use crate::record::{Caption, Removed};

mod prefilter;

/// Pages above this size are cut: a saved article is rarely over 2 MB, and the
/// cut bounds parse time and memory whatever lands in the inbox.
const MAX_HTML_BYTES: usize = 8 << 20;
/// Markup nested deeper than this is flattened to text before parsing: the
/// tree walks in the extraction recurse, and real pages stay far below it.
const MAX_DEPTH: usize = 400;
/// Readability scores every element; past this count it would take too long.
const MAX_ELEMENTS: usize = 200_000;

/// Parses one HTML page. Never panics; a page with no recognisable article
/// yields whatever text it has (possibly none, which the caller rejects).
pub fn parse(html: &str) -> Document {
    parse_timed(html, &mut Timings::default())
}

/// Where [`parse`] spends its time on one page, step by step (summed over
/// calls): what `benches/html.rs` prints. Not a stable API.
#[doc(hidden)]
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    /// The byte pass before the tree: cutting the page to size, dropping
    /// scripts, unread attributes and page chrome, reading JSON-LD.
    pub prefilter: Duration,
    /// Building the DOM (html5ever via dom_query).
    pub dom: Duration,
    /// Metadata: JSON-LD, `<meta>`, title, byline, date, standfirst, captions, subheadings.
    pub metadata: Duration,
    /// Removing page furniture before Readability.
    pub preclean: Duration,
    /// dom_smoothie: scoring, the article tree, its formatted text.
    pub readability: Duration,
    /// Splitting the text into paragraphs.
    pub paragraphs: Duration,
}

/// [`parse`], adding the time each step takes to `timings`.
#[doc(hidden)]
pub fn parse_timed(html: &str, timings: &mut Timings) -> Document {
    let mut clock = Clock::start();
    let page = prefilter::filter(truncate(html, MAX_HTML_BYTES));
    if page.depth > MAX_DEPTH {
        return flat_text(&page.html);
    }
    timings.prefilter += clock.lap();
    // dom_smoothie and dom_query are third-party code walking untrusted
    // markup; a panic there must become a plain-text document, not a dead worker.
    catch_unwind(AssertUnwindSafe(|| parse_dom(&page, timings, &mut clock)))
        .unwrap_or_else(|_| flat_text(&page.html))
}

/// Laps of a stopwatch.
struct Clock(Instant);

impl Clock {
    fn start() -> Clock {
        Clock(Instant::now())
    }

    /// The time since the last lap (or the start).
    fn lap(&mut self) -> Duration {
        let now = Instant::now();
        let lap = now - self.0;
        self.0 = now;
        lap
    }
}

fn parse_dom(page: &Filtered, timings: &mut Timings, clock: &mut Clock) -> Document {
    let dom = Dom::from(page.html.as_str());
    timings.dom += clock.lap();
    let mut doc = Document::default();
    let ld = json_ld(&page.json_ld);
    let found = Found::walk(&dom);
    let metas = &found.metas;
    doc.site_name = metas.get("og:site_name").or_else(|| ld.site_name.clone());
    doc.url = found
        .canonical
        .clone()
        .filter(|u| u.starts_with("http"))
        .or_else(|| metas.get("og:url"))
        .or_else(|| ld.url.clone());
    doc.title = title(&found, doc.site_name.as_deref());
    doc.authors = authors(&found, &ld, doc.site_name.as_deref());
    doc.agencies = split_agencies(&mut doc.authors);
    doc.published_at = published_at(&found, &ld);
    doc.standfirst = first_text(&found.standfirsts);
    doc.captions = captions(&found.figcaptions);
    // Read before Readability rewrites the tree; kept only if they land in the text.
    let subheads: Vec<String> = found
        .subheads
        .iter()
        .map(|n| squash(&n.text()))
        .filter(|t| !t.is_empty() && t.len() < 300)
        .collect();
    timings.metadata += clock.lap();
    preclean(&found.furniture, &mut doc.removed);
    timings.preclean += clock.lap();

    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        // JSON-LD is read above, with the fields this record needs.
        disable_json_ld: true,
        ..Default::default()
    };
    let text = Readability::with_document(dom, None, Some(config))
        .ok()
        .and_then(|mut r| r.parse().ok())
        .map(|a| a.text_content.to_string())
        .unwrap_or_default();
    timings.readability += clock.lap();
    doc.paragraphs = paragraphs(&text, &doc.title, &mut doc.removed);
    // Subheadings are listed in `headings` but, unlike plain text, also stay
    // in the body: on web pages they are article text (the html-dev gold bodies
    // include them; taking them out costs 0.01 F1 there).
    doc.headings = doc
        .paragraphs
        .iter()
        .filter(|p| subheads.contains(p))
        .cloned()
        .collect();
    timings.paragraphs += clock.lap();
    doc
}

/// Page furniture that sits inside article containers but is not article
/// text: substrings of `class`/`id` values (lowercased), with the `removed`
/// kind each gets. Measured on html-dev: `related`/`read-more`, `nav`/`aside`/
/// `footer` and advert markers cost recall (article containers carry such
/// classes) and are left to Readability's scoring.
const FURNITURE: &[(&str, &[&str])] = &[
    ("caption", &["caption"]),
    ("share", &["share", "social", "newsletter", "subscribe"]),
    ("comments", &["comments", "disqus"]),
    (
        "byline",
        &[
            "byline",
            "author",
            "dateline",
            "timestamp",
            "published",
            "updated",
        ],
    ),
    ("credit", &["credit", "copyright"]),
];

/// Every [`FURNITURE`] marker in one automaton (ASCII case ignored), with the
/// index of its kind: one pass over a `class` instead of one search per marker.
static FURNITURE_MARKERS: LazyLock<(AhoCorasick, Vec<usize>)> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut kinds = Vec::new();
    for (kind, (_, markers)) in FURNITURE.iter().enumerate() {
        for marker in *markers {
            patterns.push(*marker);
            kinds.push(kind);
        }
    }
    let automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(patterns)
        // A few short literal patterns: building cannot fail.
        .expect("furniture markers build");
    (automaton, kinds)
});

/// The furniture kind of an element, from its name and its `class`, `id`
/// and `rel`: the first kind in [`FURNITURE`] order whose markers occur.
fn furniture_kind(
    name: &str,
    class: Option<&str>,
    id: Option<&str>,
    rel: Option<&str>,
) -> Option<&'static str> {
    if name == "figcaption" {
        return Some("caption");
    }
    // Such classes on these wrap the whole page or the article itself.
    if matches!(name, "html" | "body" | "article" | "main") {
        return None;
    }
    if rel == Some("author") {
        return Some("byline");
    }
    let (automaton, kinds) = &*FURNITURE_MARKERS;
    let first_kind = |v: &str, only: Option<&str>| {
        automaton
            .find_overlapping_iter(v)
            .map(|m| kinds[m.pattern().as_usize()])
            .filter(|&k| only.is_none_or(|o| FURNITURE[k].0 == o))
            .min()
    };
    let from_class = class.and_then(|c| first_kind(c, None));
    // Ids name widgets less consistently than classes; only comment ids count.
    let from_id = id.and_then(|i| first_kind(i, Some("comments")));
    let kind = match (from_class, from_id) {
        (Some(c), Some(i)) => c.min(i),
        (c, i) => c.or(i)?,
    };
    Some(FURNITURE[kind].0)
}

/// Whether a node still hangs from the document (an ancestor may have been
/// removed already). The depth guard bounds this walk.
fn attached(node: &NodeRef) -> bool {
    let mut cur = node.parent();
    while let Some(n) = cur {
        if n.is_document() {
            return true;
        }
        cur = n.parent();
    }
    false
}

/// Removes page furniture before Readability sees the page, recording it.
/// `furniture` is in page order, so an element inside one already removed is
/// skipped (its text went with its ancestor's).
fn preclean(furniture: &[(NodeRef, &'static str)], removed: &mut Vec<Removed>) {
    for (node, kind) in furniture {
        if !attached(node) {
            continue;
        }
        let text = squash(&node.text());
        if !text.is_empty() && text.len() < 2000 {
            removed.push(Removed {
                kind: kind.to_string(),
                text,
            });
        }
        node.remove_from_parent();
    }
}

/// Splits the extracted text into paragraphs, dropping lines that are page
/// furniture Readability kept (a repeated title, "Updated ..." stamps, image credits).
fn paragraphs(text: &str, title: &str, removed: &mut Vec<Removed>) -> Vec<String> {
    let title = squash(title);
    let mut out = Vec::new();
    for line in text.lines() {
        let line = squash(line);
        if line.is_empty() {
            continue;
        }
        let kind = if out.is_empty() && !title.is_empty() && line == title {
            Some("repeated_title")
        } else if is_stamp(&line) {
            Some("byline")
        } else {
            None
        };
        match kind {
            Some(kind) => removed.push(Removed {
                kind: kind.to_string(),
                text: line,
            }),
            None => out.push(line),
        }
    }
    out
}

/// A date or credit stamp line: "Updated at 1:23 p.m.", "PUBLISHED: 10:48, ...".
fn is_stamp(line: &str) -> bool {
    let lower = line.to_lowercase();
    let words = line.split_whitespace().count();
    words <= 12
        && [
            "updated",
            "published",
            "posted",
            "| updated",
            "credit:",
            "image:",
            "photo:",
            "©",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Collapses runs of whitespace to one space and trims.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first byte index at or below `max` that is a char boundary.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Fallback for pathological markup: the text between tags, one paragraph per
/// run of text, without building a tree.
fn flat_text(html: &str) -> Document {
    let mut paragraphs = Vec::new();
    let mut in_tag = false;
    let mut current = String::new();
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                let p = squash(&current);
                if !p.is_empty() {
                    paragraphs.push(p);
                }
                current.clear();
            }
            '>' => in_tag = false,
            _ if !in_tag => current.push(c),
            _ => {}
        }
    }
    let p = squash(&current);
    if !p.is_empty() {
        paragraphs.push(p);
    }
    Document {
        paragraphs,
        ..Default::default()
    }
}

/// Substrings of `class` that mark a standfirst (dek, lede) on common news
/// templates (case-sensitive, as CSS `[class*=...]`).
const STANDFIRST: &[&str] = &[
    "standfirst",
    "dek",
    "subtitle",
    "subheadline",
    "article-summary",
];

/// [`STANDFIRST`] in one automaton.
static STANDFIRST_MARKERS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    // A few short literal patterns: building cannot fail.
    AhoCorasick::new(STANDFIRST).expect("standfirst markers build")
});

/// The first non-empty text of `nodes` short enough to be a heading or a dek.
fn first_text(nodes: &[NodeRef]) -> Option<String> {
    nodes
        .iter()
        .map(|n| squash(&n.text()))
        .find(|t| !t.is_empty() && t.len() < 1000)
}

/// The page's `<meta>` values, in page order.
#[derive(Default)]
struct Metas(Vec<(String, String)>);

impl Metas {
    /// The first non-empty `content` of `<meta property|name|itemprop=key>`.
    fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, v)| k.eq_ignore_ascii_case(key) && !v.is_empty())
            .map(|(_, v)| v.clone())
    }
}

/// What the metadata and the pre-clean read from the tree, found in one walk
/// over its elements (a CSS selector per field would walk it once each).
#[derive(Default)]
struct Found<'a> {
    metas: Metas,
    /// The first non-empty `href` of `<link rel=canonical>`.
    canonical: Option<String>,
    h1s: Vec<NodeRef<'a>>,
    titles: Vec<NodeRef<'a>>,
    /// `a[rel=author]` and `[itemprop=author] [itemprop=name]`, in page order.
    bylines: Vec<NodeRef<'a>>,
    /// The first non-empty `content` of `[itemprop=datePublished]`.
    date_published: Option<String>,
    /// The first non-empty `datetime` of `<time>`.
    time: Option<String>,
    standfirsts: Vec<NodeRef<'a>>,
    figcaptions: Vec<NodeRef<'a>>,
    /// `h2`-`h4`.
    subheads: Vec<NodeRef<'a>>,
    /// Page furniture with its `removed` kind, in page order.
    furniture: Vec<(NodeRef<'a>, &'static str)>,
}

impl<'a> Found<'a> {
    fn walk(dom: &'a Dom) -> Found<'a> {
        let mut found = Found::default();
        for node in dom.root().descendants_it() {
            let Some(el) = node.element_ref() else {
                continue;
            };
            let name: &str = &el.name.local;
            let attr = |key: &str| {
                el.attrs
                    .iter()
                    .find(|a| &*a.name.local == key)
                    .map(|a| &*a.value)
            };
            let (class, id, rel) = (attr("class"), attr("id"), attr("rel"));
            let itemprop = attr("itemprop");
            match name {
                "meta" => {
                    let key = attr("property").or(attr("name")).or(itemprop);
                    if let (Some(key), Some(content)) = (key, attr("content")) {
                        found
                            .metas
                            .0
                            .push((key.trim().to_string(), squash(content)));
                    }
                }
                "link" if rel == Some("canonical") && found.canonical.is_none() => {
                    found.canonical = attr("href").map(squash).filter(|h| !h.is_empty());
                }
                "h1" => found.h1s.push(node),
                "h2" | "h3" | "h4" => found.subheads.push(node),
                "title" => found.titles.push(node),
                "figcaption" => found.figcaptions.push(node),
                "time" if found.time.is_none() => {
                    found.time = attr("datetime").map(squash).filter(|t| !t.is_empty());
                }
                _ => {}
            }
            if (name == "a" && rel == Some("author"))
                || (itemprop == Some("name") && in_author_item(&node))
            {
                found.bylines.push(node);
            }
            if itemprop == Some("datePublished") && found.date_published.is_none() {
                found.date_published = attr("content").map(squash).filter(|t| !t.is_empty());
            }
            if class.is_some_and(|c| STANDFIRST_MARKERS.is_match(c)) {
                found.standfirsts.push(node);
            }
            if class.is_none() && id.is_none() && rel.is_none() && name != "figcaption" {
                continue;
            }
            if let Some(kind) = furniture_kind(name, class, id, rel) {
                found.furniture.push((node, kind));
            }
        }
        found
    }
}

/// Whether an element sits inside an `[itemprop=author]` one.
fn in_author_item(node: &NodeRef) -> bool {
    node.ancestors_it(None)
        .any(|a| a.attr("itemprop").is_some_and(|p| &*p == "author"))
}

/// The headline: OpenGraph, then the first `<h1>`, then `<title>` without the
/// site suffix ("Headline | Site").
fn title(found: &Found, site: Option<&str>) -> String {
    let t = found
        .metas
        .get("og:title")
        .or_else(|| first_text(&found.h1s))
        .or_else(|| first_text(&found.titles))
        .unwrap_or_default();
    strip_site_suffix(&t, site)
}

fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let tail_is_site = site.is_some_and(|s| tail.eq_ignore_ascii_case(s.trim()))
                || tail.split_whitespace().count() <= 3;
            if tail_is_site && head.split_whitespace().count() >= 3 {
                return head.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

/// What the page's JSON-LD (`NewsArticle` and kin) states.
#[derive(Default)]
struct JsonLd {
    authors: Vec<String>,
    published: Option<String>,
    url: Option<String>,
    site_name: Option<String>,
}

fn json_ld(blocks: &[String]) -> JsonLd {
    let mut out = JsonLd::default();
    for block in blocks {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(block.trim()) else {
            continue;
        };
        visit_ld(&value, &mut out, 0);
    }
    out
}

/// Walks JSON-LD (objects, arrays, `@graph`), taking the first article-like
/// object's fields. Depth-capped: the JSON comes from the page.
fn visit_ld(v: &serde_json::Value, out: &mut JsonLd, depth: usize) {
    use serde_json::Value;
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| visit_ld(i, out, depth + 1)),
        Value::Object(map) => {
            if let Some(graph) = map.get("@graph") {
                visit_ld(graph, out, depth + 1);
            }
            if out.published.is_none() {
                out.published = map
                    .get("datePublished")
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
            let is_article = map
                .get("@type")
                .map(|t| t.to_string().contains("Article") || t.to_string().contains("Posting"))
                .unwrap_or(false);
            if !is_article {
                return;
            }
            if out.authors.is_empty()
                && let Some(a) = map.get("author")
            {
                out.authors = ld_names(a);
            }
            if out.url.is_none() {
                out.url = map
                    .get("url")
                    .or_else(|| map.get("mainEntityOfPage").and_then(|m| m.get("@id")))
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
            if out.site_name.is_none() {
                out.site_name = map
                    .get("publisher")
                    .and_then(|p| p.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
        }
        _ => {}
    }
}

fn ld_names(v: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    match v {
        Value::String(s) => vec![squash(s)],
        Value::Object(m) => m
            .get("name")
            .and_then(Value::as_str)
            .map(|s| vec![squash(s)])
            .unwrap_or_default(),
        Value::Array(items) => items.iter().flat_map(ld_names).collect(),
        _ => Vec::new(),
    }
}

/// People in the byline: JSON-LD authors, else `<meta name=author>`, else
/// `rel=author` links. URLs (Facebook profile links in `article:author`) are not names.
fn authors(found: &Found, ld: &JsonLd, site: Option<&str>) -> Vec<String> {
    let metas = &found.metas;
    let names: Vec<String> = if !ld.authors.is_empty() {
        ld.authors.clone()
    } else if let Some(a) = metas.get("author").or_else(|| metas.get("article:author")) {
        a.split([',', ';'])
            .flat_map(|p| p.split(" and "))
            .map(squash)
            .collect()
    } else {
        found.bylines.iter().map(|n| squash(&n.text())).collect()
    };
    let site = site.map(str::to_lowercase).unwrap_or_default();
    let mut names: Vec<String> = names.iter().map(|n| clean_author(n)).collect();
    names.retain(|n| is_person_name(n, &site));
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.to_lowercase()));
    names
}

/// Whether a byline part can be a person: not a URL, a date or a credential
/// ("MS", "PhD") split off the byline, nor the publication itself
/// ("Business Insider" on its own pages). `site` is lowercase.
fn is_person_name(name: &str, site: &str) -> bool {
    if name.is_empty() || name.len() >= 100 || name.contains("://") {
        return false;
    }
    if name.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let lower = name.to_lowercase();
    // Agencies stay for `split_agencies`, short as some are ("AP", "PTI").
    if AGENCIES.iter().any(|(agency, _)| *agency == lower) {
        return true;
    }
    if name.len() <= 4 && name.chars().filter(|c| c.is_lowercase()).count() <= 1 {
        return false;
    }
    site.is_empty() || !(site.contains(&lower) || lower.contains(site))
}

/// Wire agencies as bylines name them, and the short name the record uses.
const AGENCIES: &[(&str, &str)] = &[
    ("associated press", "AP"),
    ("the associated press", "AP"),
    ("ap", "AP"),
    ("reuters", "Reuters"),
    ("thomson reuters", "Reuters"),
    ("afp", "AFP"),
    ("agence france-presse", "AFP"),
    ("agence france presse", "AFP"),
    ("pti", "PTI"),
    ("press trust of india", "PTI"),
    ("dpa", "dpa"),
    ("ians", "IANS"),
    ("xinhua", "Xinhua"),
    ("anadolu agency", "Anadolu"),
    ("efe", "EFE"),
    ("ansa", "ANSA"),
    ("bloomberg", "Bloomberg"),
];

/// Moves wire agencies out of the byline into `agencies`.
fn split_agencies(authors: &mut Vec<String>) -> Vec<String> {
    let mut agencies = Vec::new();
    authors.retain(|a| {
        let lower = a.to_lowercase();
        match AGENCIES.iter().find(|(name, _)| *name == lower) {
            Some((_, short)) => {
                if !agencies.iter().any(|x| x == short) {
                    agencies.push((*short).to_string());
                }
                false
            }
            None => true,
        }
    });
    agencies
}

/// A byline as pages write it, down to the name: "By TOM KRISHER, AP Auto
/// Writer" -> "TOM KRISHER"; "Amy K | NJ Advance Media" -> "Amy K";
/// "Troy Smith, Cleveland.com" -> "Troy Smith".
fn clean_author(raw: &str) -> String {
    let mut name = raw.trim();
    for prefix in ["By ", "by ", "BY "] {
        name = name.strip_prefix(prefix).unwrap_or(name);
    }
    name = name.split(" | ").next().unwrap_or(name);
    if let Some((head, tail)) = name.split_once(", ") {
        let lower = tail.to_lowercase();
        let affiliation = [
            ".com",
            "writer",
            "reporter",
            "correspondent",
            "editor",
            "staff",
        ]
        .iter()
        .any(|w| lower.contains(w));
        if affiliation {
            name = head;
        }
    }
    squash(name)
}

/// The publication date the page states, normalised to RFC 3339.
fn published_at(found: &Found, ld: &JsonLd) -> Option<String> {
    let candidates = [
        ld.published.clone(),
        found.metas.get("article:published_time"),
        found.metas.get("datePublished"),
        found.date_published.clone(),
        found.time.clone(),
    ];
    candidates.into_iter().flatten().find_map(|s| rfc3339(&s))
}

/// Normalises a stated date to RFC 3339: instants keep UTC, dates without a
/// time stay dates, and a local date-time without an offset keeps only its date
/// (the offset would be invented).
pub(crate) fn rfc3339(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some(ts.to_string());
    }
    // "+0000" offsets (no colon) are common in page metadata.
    if s.len() > 5 && s.is_char_boundary(s.len() - 5) {
        let (head, tail) = s.split_at(s.len() - 5);
        if (tail.starts_with('+') || tail.starts_with('-'))
            && tail[1..].bytes().all(|b| b.is_ascii_digit())
        {
            let fixed = format!("{head}{}:{}", &tail[..3], &tail[3..]);
            if let Ok(ts) = fixed.parse::<jiff::Timestamp>() {
                return Some(ts.to_string());
            }
        }
    }
    if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        return Some(dt.date().to_string());
    }
    s.get(..10)
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
        .map(|d| d.to_string())
}

/// Photo captions (`figcaption`), with a trailing "Credit: ..." / "(Image: ...)"
/// split off as the credit.
fn captions(figcaptions: &[NodeRef]) -> Vec<Caption> {
    let mut out: Vec<Caption> = Vec::new();
    for node in figcaptions {
        let text = squash(&node.text());
        if text.is_empty() || out.iter().any(|c| c.text == text) {
            continue;
        }
        out.push(split_credit(&text));
    }
    out
}

fn split_credit(text: &str) -> Caption {
    for marker in [
        "Credit:",
        "Photo:",
        "Image:",
        "(Image:",
        "(Photo:",
        "Photograph:",
    ] {
        if let Some(i) = text.find(marker) {
            let credit = text[i + marker.len()..]
                .trim()
                .trim_end_matches(')')
                .trim()
                .to_string();
            let caption = text[..i].trim().to_string();
            if !caption.is_empty() {
                return Caption {
                    text: caption,
                    credit: (!credit.is_empty()).then_some(credit),
                };
            }
        }
    }
    Caption {
        text: text.to_string(),
        credit: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = r##"<!DOCTYPE html><html><head>
<title>Harbour bridge reopens after repairs | The Coastal Courier</title>
<meta property="og:site_name" content="The Coastal Courier">
<meta property="og:url" content="https://courier.example/bridge">
<link rel="canonical" href="https://courier.example/news/bridge-reopens">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"The Coastal Courier"},
 {"@type":"NewsArticle","headline":"Harbour bridge reopens","datePublished":"2024-03-05T08:30:00+01:00",
  "author":[{"@type":"Person","name":"Mara Quist"},{"@type":"Person","name":"Tobias Lind"}],
  "publisher":{"@type":"Organization","name":"The Coastal Courier"}}]}</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Harbour bridge reopens after repairs</h1>
<div class="byline">By Mara Quist and Tobias Lind</div>
<figure><img src="b.jpg"><figcaption>The bridge at dawn on Tuesday. Credit: Ana Reyes</figcaption></figure>
<p>The harbour bridge reopened to traffic on Tuesday morning after eleven weeks of repairs to its northern span, the city council said.</p>
<p>Engineers replaced forty steel cables and resurfaced the deck, work that cost the council a little over four million euros according to its own figures.</p>
<h2>Commuters relieved</h2>
<p>Commuters who had faced a detour of more than twenty minutes each way welcomed the reopening, and local shops near the bridge reported busier mornings.</p>
<p>The council said a final inspection next month would decide whether heavy lorries may use the bridge again before the summer season begins.</p>
<div class="share-tools"><a href="#">Share on Facebook</a><a href="#">Share by email</a></div>
</article>
<div id="comments"><h3>12 comments</h3><p>First! Great news for the town and everyone who drives over it.</p></div>
<footer><p>Copyright The Coastal Courier. All rights reserved. Contact us. Privacy policy.</p></footer>
</body></html>"##;

    #[test]
    fn article_text_without_page_furniture() {
        let doc = parse(ARTICLE);
        let body = doc.body();
        assert!(
            body.contains("reopened to traffic on Tuesday morning"),
            "{body}"
        );
        assert!(body.contains("before the summer season begins"), "{body}");
        for junk in [
            "Share on Facebook",
            "First! Great news",
            "Privacy policy",
            "Sport",
            "Credit: Ana Reyes",
        ] {
            assert!(!body.contains(junk), "{junk:?} left in {body}");
        }
        assert!(doc.removed.iter().any(|r| r.kind == "caption"));
        assert_eq!(doc.headings, ["Commuters relieved"]);
    }

    #[test]
    fn metadata_from_json_ld_opengraph_and_links() {
        let doc = parse(ARTICLE);
        assert_eq!(doc.title, "Harbour bridge reopens after repairs");
        assert_eq!(doc.authors, ["Mara Quist", "Tobias Lind"]);
        assert_eq!(doc.published_at.as_deref(), Some("2024-03-05T07:30:00Z"));
        assert_eq!(
            doc.url.as_deref(),
            Some("https://courier.example/news/bridge-reopens")
        );
        assert_eq!(doc.site_name.as_deref(), Some("The Coastal Courier"));
        assert_eq!(doc.captions.len(), 1);
        assert_eq!(doc.captions[0].text, "The bridge at dawn on Tuesday.");
        assert_eq!(doc.captions[0].credit.as_deref(), Some("Ana Reyes"));
    }

    #[test]
    fn dates_normalise_to_rfc3339() {
        assert_eq!(
            rfc3339("2019-11-19T10:48:00Z").as_deref(),
            Some("2019-11-19T10:48:00Z")
        );
        assert_eq!(
            rfc3339("2019-11-19T10:48:00+0000").as_deref(),
            Some("2019-11-19T10:48:00Z")
        );
        assert_eq!(rfc3339("2019-11-19").as_deref(), Some("2019-11-19"));
        assert_eq!(
            rfc3339("2019-11-19T10:48:00").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(rfc3339("last Tuesday"), None);
    }

    #[test]
    fn meta_and_time_dates_when_no_json_ld() {
        let html = r#"<html><head><meta property="article:published_time" content="2021-06-01T12:00:00-04:00"></head>
<body><time datetime="2020-01-01">then</time><p>Text.</p></body></html>"#;
        assert_eq!(
            parse(html).published_at.as_deref(),
            Some("2021-06-01T16:00:00Z")
        );
        let html =
            r#"<html><body><time datetime="2020-01-02">2 Jan</time><p>Text.</p></body></html>"#;
        assert_eq!(parse(html).published_at.as_deref(), Some("2020-01-02"));
    }

    #[test]
    fn ten_thousand_nested_divs_do_not_panic() {
        let mut html = String::from("<html><body>");
        html.push_str(&"<div>".repeat(10_000));
        html.push_str("<p>Deep inside the tower there is one sentence of text.</p>");
        html.push_str(&"</div>".repeat(10_000));
        html.push_str("</body></html>");
        let doc = parse(&html);
        assert!(doc.body().contains("one sentence of text"));
    }

    #[test]
    fn nesting_just_under_the_guard_is_parsed_as_a_tree() {
        let depth = MAX_DEPTH - 10;
        let html = format!(
            "<html><body>{}<p>A paragraph at the bottom of a tall tower of boxes.</p>{}</body></html>",
            "<div><span>".repeat(depth / 2),
            "</span></div>".repeat(depth / 2)
        );
        assert!(prefilter::filter(&html).depth > depth - 5);
        assert!(parse(&html).body().contains("tall tower of boxes"));
    }

    #[test]
    fn a_five_megabyte_single_line_is_bounded() {
        let sentence = "The council met again on Thursday to discuss the harbour budget. ";
        let mut html = String::from("<html><body><article><p>");
        while html.len() < 5 << 20 {
            html.push_str(sentence);
        }
        html.push_str("</p></article></body></html>");
        let started = std::time::Instant::now();
        let doc = parse(&html);
        assert!(started.elapsed().as_secs() < 20);
        assert!(doc.body().len() > 4 << 20);
    }

    #[test]
    fn garbage_and_empty_input_do_not_panic() {
        for input in [
            "",
            "<",
            "<<<>>>",
            "<html",
            "</div></div>",
            "<a href=\"",
            "\u{0}\u{FFFD}<b>é</b>",
        ] {
            let _ = parse(input);
        }
        assert!(parse("<html><body></body></html>").paragraphs.is_empty());
    }

    #[test]
    fn bylines_come_down_to_names() {
        assert_eq!(clean_author("By JANE ROE, AP Business Writer"), "JANE ROE");
        assert_eq!(
            clean_author("Ann Vale | Valley Media for Valley.com"),
            "Ann Vale"
        );
        assert_eq!(clean_author("Sam Ode, Example.com"), "Sam Ode");
        assert_eq!(clean_author("Lee Park"), "Lee Park");
    }

    #[test]
    fn agencies_leave_the_byline() {
        let mut authors = vec!["The Associated Press".to_string(), "Kim Lo".to_string()];
        assert_eq!(split_agencies(&mut authors), ["AP"]);
        let html = r#"<html><head><meta name="author" content="PTI"></head><body><p>Text.</p></body></html>"#;
        assert_eq!(parse(html).agencies, ["PTI"]);
        assert_eq!(authors, ["Kim Lo"]);
        let html = r#"<html><head><meta name="author" content="Ilana Vero, MS, RDN, Daily Example">
<meta property="og:site_name" content="Daily Example"></head><body><p>Text.</p></body></html>"#;
        assert_eq!(parse(html).authors, ["Ilana Vero"]);
    }

    #[test]
    fn title_loses_the_site_suffix() {
        assert_eq!(
            strip_site_suffix("Bridge reopens after long repairs - Courier", None),
            "Bridge reopens after long repairs"
        );
        assert_eq!(strip_site_suffix("Alpha - Beta", None), "Alpha - Beta");
    }
}

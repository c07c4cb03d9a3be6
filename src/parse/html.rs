//! HTML pages saved from the web -> [`Document`]: main-text extraction (the
//! `dom_smoothie` Readability port, after a pre-clean of captions, bylines,
//! related links and share widgets) and page metadata (title, authors, date,
//! canonical URL, site name, captions) from OpenGraph, `<meta>`, JSON-LD, `<time>`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use dom_query::{Document as Dom, Selection};
use dom_smoothie::{Config, Readability, TextMode};

use crate::document::Document;
use crate::record::{Caption, Removed};

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
    /// Cutting the page to size and stripping inert regions (bytes, no tree).
    pub strip: Duration,
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
    let html = strip_inert(truncate(html, MAX_HTML_BYTES));
    if nesting_depth(&html) > MAX_DEPTH {
        return flat_text(&html);
    }
    timings.strip += clock.lap();
    // dom_smoothie and dom_query are third-party code walking untrusted
    // markup; a panic there must become a plain-text document, not a dead worker.
    catch_unwind(AssertUnwindSafe(|| parse_dom(&html, timings, &mut clock)))
        .unwrap_or_else(|_| flat_text(&html))
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

fn parse_dom(html: &str, timings: &mut Timings, clock: &mut Clock) -> Document {
    let dom = Dom::from(html);
    timings.dom += clock.lap();
    let mut doc = Document::default();
    let ld = json_ld(&dom);
    let metas = Metas::read(&dom);
    doc.site_name = metas.get("og:site_name").or_else(|| ld.site_name.clone());
    doc.url = link_canonical(&dom)
        .or_else(|| metas.get("og:url"))
        .or_else(|| ld.url.clone());
    doc.title = title(&dom, &metas, doc.site_name.as_deref());
    doc.authors = authors(&dom, &metas, &ld, doc.site_name.as_deref());
    doc.agencies = split_agencies(&mut doc.authors);
    doc.published_at = published_at(&dom, &metas, &ld);
    doc.standfirst = first_text(&dom, STANDFIRST);
    doc.captions = captions(&dom);
    // Read before Readability rewrites the tree; kept only if they land in the text.
    let subheads: Vec<String> = dom
        .select("h2, h3, h4")
        .nodes()
        .iter()
        .map(|n| squash(&n.text()))
        .filter(|t| !t.is_empty() && t.len() < 300)
        .collect();
    timings.metadata += clock.lap();
    preclean(&dom, &mut doc.removed);
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

/// The furniture kind of an element, from its name, `class`, `id` and `rel`.
fn furniture_kind(node: &dom_query::NodeRef) -> Option<&'static str> {
    let name = node.node_name()?;
    if matches!(&*name, "figcaption") {
        return Some("caption");
    }
    // Such classes on these wrap the whole page or the article itself.
    if matches!(&*name, "html" | "body" | "article" | "main") {
        return None;
    }
    if node.attr("rel").is_some_and(|r| &*r == "author") {
        return Some("byline");
    }
    let class = node.attr("class").map(|c| c.to_ascii_lowercase());
    let id = node.attr("id").map(|c| c.to_ascii_lowercase());
    FURNITURE.iter().find_map(|(kind, markers)| {
        let hit = |v: &Option<String>, only_comments: bool| {
            v.as_deref().is_some_and(|v| {
                markers
                    .iter()
                    .any(|m| v.contains(m) && (!only_comments || *kind == "comments"))
            })
        };
        // Ids name widgets less consistently than classes; only comment ids count.
        (hit(&class, false) || hit(&id, true)).then_some(*kind)
    })
}

/// Whether a node still hangs from the document (an ancestor may have been
/// removed already). The depth guard bounds this walk.
fn attached(node: &dom_query::NodeRef) -> bool {
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
/// One walk over the elements that can be furniture, classified in Rust
/// rather than one CSS selector pass per kind.
fn preclean(dom: &Dom, removed: &mut Vec<Removed>) {
    let candidates = dom.select("figcaption, [class], [id], [rel]");
    for node in candidates.nodes() {
        let Some(kind) = furniture_kind(node) else {
            continue;
        };
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

/// Raw-text regions the extractor never reads, whose markup would only cost
/// tree-building time (on html-dev, 60% of the bytes): scripts other than
/// JSON-LD, styles, inline SVG, comments.
const INERT: &[(&[u8], &[u8])] = &[
    (b"<script", b"</script>"),
    (b"<style", b"</style>"),
    (b"<svg", b"</svg>"),
    (b"<!--", b"-->"),
];

/// The page without its inert regions, in one linear pass. JSON-LD scripts
/// stay: they carry the metadata. An unclosed region runs to the end, as an
/// HTML parser would read it.
fn strip_inert(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let (mut copied, mut i) = (0, 0);
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let at = i + off;
        i = at + 1;
        let Some((open, close)) = INERT
            .iter()
            .find(|(open, _)| starts_with_ignore_case(&bytes[at..], open))
        else {
            continue;
        };
        // `<scripts>` or `<svgx>` are other elements; a region name ends the tag name.
        let after = bytes.get(at + open.len()).copied().unwrap_or(b'>');
        if open[1] != b'!' && after.is_ascii_alphanumeric() {
            continue;
        }
        let end = find_ignore_case(&bytes[at + open.len()..], close)
            .map_or(bytes.len(), |e| at + open.len() + e + close.len());
        let tag_end = memchr(b'>', &bytes[at..]).map_or(end, |g| at + g);
        let keep = *open == b"<script"
            && find_ignore_case(&bytes[at..tag_end.min(end)], b"ld+json").is_some();
        if !keep {
            // Region bounds are ASCII `<` and `>` positions, so char boundaries.
            out.push_str(html.get(copied..at).unwrap_or(""));
            out.push(' ');
            copied = end;
        }
        i = end;
    }
    out.push_str(html.get(copied..).unwrap_or(""));
    out
}

fn starts_with_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

/// Offset of `needle` (ASCII, starting with a distinct first byte) in `hay`,
/// ignoring ASCII case.
fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle.first()?.to_ascii_lowercase();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay[i].to_ascii_lowercase() == first && starts_with_ignore_case(&hay[i..], needle) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Elements that never have children, so never deepen the tree.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "option", "td", "tr", "th",
];

/// The maximum tag nesting depth, from a cheap scan of the tags (no tree).
/// Tags that HTML closes implicitly (`p`, `li`, ...) are not counted, so this
/// errs low on sloppy pages and is exact on the deep `div` towers that matter.
fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        i += off + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let mut end = start;
        while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        if end == start {
            continue;
        }
        let name = &bytes[start..end];
        if VOID.iter().any(|v| v.as_bytes().eq_ignore_ascii_case(name)) {
            continue;
        }
        let self_closing = memchr(b'>', &bytes[end..])
            .map(|gt| gt > 0 && bytes[end + gt - 1] == b'/')
            .unwrap_or(false);
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
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

/// Elements that hold a standfirst (dek, lede) on common news templates.
const STANDFIRST: &str = "[class*=standfirst], [class*=dek], [class*=subtitle], [class*=subheadline], [class*=article-summary]";

fn first_text(dom: &Dom, selector: &str) -> Option<String> {
    dom.select(selector)
        .nodes()
        .iter()
        .map(|n| squash(&n.text()))
        .find(|t| !t.is_empty() && t.len() < 1000)
}

/// The page's `<meta>` values, read in one pass (each lookup by selector
/// would walk the whole tree again).
struct Metas(Vec<(String, String)>);

impl Metas {
    fn read(dom: &Dom) -> Metas {
        let mut out = Vec::new();
        for node in dom.select("meta[content]").nodes() {
            let key = node
                .attr("property")
                .or_else(|| node.attr("name"))
                .or_else(|| node.attr("itemprop"));
            if let (Some(key), Some(content)) = (key, node.attr("content")) {
                out.push((key.trim().to_string(), squash(&content)));
            }
        }
        Metas(out)
    }

    /// The first non-empty `content` of `<meta property|name|itemprop=key>`.
    fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, v)| k.eq_ignore_ascii_case(key) && !v.is_empty())
            .map(|(_, v)| v.clone())
    }
}

fn attr_first(sel: &Selection, attr: &str) -> Option<String> {
    sel.nodes()
        .iter()
        .filter_map(|n| n.attr(attr))
        .map(|v| squash(&v))
        .find(|v| !v.is_empty())
}

fn link_canonical(dom: &Dom) -> Option<String> {
    attr_first(&dom.select("link[rel=canonical]"), "href").filter(|u| u.starts_with("http"))
}

/// The headline: OpenGraph, then the first `<h1>`, then `<title>` without the
/// site suffix ("Headline | Site").
fn title(dom: &Dom, metas: &Metas, site: Option<&str>) -> String {
    let t = metas
        .get("og:title")
        .or_else(|| first_text(dom, "h1"))
        .or_else(|| first_text(dom, "title"))
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

fn json_ld(dom: &Dom) -> JsonLd {
    let mut out = JsonLd::default();
    for node in dom.select("script[type=\"application/ld+json\"]").nodes() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(node.text().trim()) else {
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
fn authors(dom: &Dom, metas: &Metas, ld: &JsonLd, site: Option<&str>) -> Vec<String> {
    let names: Vec<String> = if !ld.authors.is_empty() {
        ld.authors.clone()
    } else if let Some(a) = metas.get("author").or_else(|| metas.get("article:author")) {
        a.split([',', ';'])
            .flat_map(|p| p.split(" and "))
            .map(squash)
            .collect()
    } else {
        dom.select("a[rel=author], [itemprop=author] [itemprop=name]")
            .nodes()
            .iter()
            .map(|n| squash(&n.text()))
            .collect()
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
fn published_at(dom: &Dom, metas: &Metas, ld: &JsonLd) -> Option<String> {
    let candidates = [
        ld.published.clone(),
        metas.get("article:published_time"),
        metas.get("datePublished"),
        attr_first(&dom.select("[itemprop=datePublished]"), "content"),
        attr_first(&dom.select("time[datetime]"), "datetime"),
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
fn captions(dom: &Dom) -> Vec<Caption> {
    let mut out: Vec<Caption> = Vec::new();
    for node in dom.select("figcaption").nodes() {
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
        assert!(nesting_depth(&html) > depth - 5);
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
    fn inert_regions_are_stripped_but_json_ld_stays() {
        let html = "<p>a</p><SCRIPT>x<y</script><p>b</p><script type=\"application/ld+json\">{}</script><style>p{}</style><!-- c --><svg><text>d</text></svg><scripts>e</scripts><p>f";
        assert_eq!(
            strip_inert(html),
            "<p>a</p> <p>b</p><script type=\"application/ld+json\">{}</script>   <scripts>e</scripts><p>f"
        );
        assert_eq!(strip_inert("<p>é</p><script>never closed"), "<p>é</p> ");
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

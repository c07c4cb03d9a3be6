//! JSON articles, as scrapers, feed tools and APIs write them: one object, an
//! array of objects (or an object wrapping one, like `{"articles": [...]}`), or
//! JSON Lines (one object per line, each its own outcome).
//!
//! Tools name their fields differently (news-please `maintext`, newspaper
//! `text`, schema.org `articleBody`, NewsAPI `publishedAt`, WordPress
//! `content.rendered`): each field is looked up under the names in use,
//! ignoring case, `_` and `-`. The text then goes through the plain-text rules
//! (HTML text first through its blocks), so bylines, datelines, captions and
//! boilerplate are found as in any other file, and the JSON's own metadata wins.

use serde_json::{Map, Value};

use super::{Contents, Item, has_text, html, text};
use crate::document::{Document, Format, Rejection, Stage};
use crate::record::Caption;

const TITLE: &[&str] = &["title", "headline", "name", "hl1", "heading"];
const BODY: &[&str] = &[
    "body",
    "text",
    "maintext",
    "articlebody",
    "content",
    "fulltext",
    "article",
    "articletext",
    "bodytext",
    "story",
    "contenthtml",
    "contenttext",
    "html",
    "rawtext",
    "plaintext",
];
const STANDFIRST: &[&str] = &[
    "standfirst",
    "description",
    "summary",
    "subtitle",
    "subheadline",
    "subhead",
    "dek",
    "lede",
    "abstract",
    "excerpt",
    "teaser",
];
const AUTHORS: &[&str] = &["authors", "author", "byline", "creator", "creators", "by"];
const PUBLISHED: &[&str] = &[
    "publishedat",
    "dategmt",
    "published",
    "datepublished",
    "datepublish",
    "publishdate",
    "publicationdate",
    "pubdate",
    "date",
    "firstcreated",
    "datecreated",
    "created",
    "createdat",
    "timestamp",
];
const URL: &[&str] = &[
    "url",
    "canonicalurl",
    "canonical",
    "link",
    "sourceurl",
    "uri",
];
const SITE: &[&str] = &[
    "sitename",
    "site",
    "publisher",
    "source",
    "sourcedomain",
    "outlet",
    "publication",
    "domain",
];
const AGENCIES: &[&str] = &["agencies", "agency", "provider", "wire"];
/// Fields of a wrapper object that hold the articles.
const LISTS: &[&str] = &[
    "articles",
    "items",
    "results",
    "data",
    "entries",
    "documents",
    "docs",
    "posts",
    "news",
];

/// The input's articles. A `.json` file that turns out to hold one object per
/// line is read as JSON Lines.
pub(super) fn parse(text: &str, format: Format) -> Result<Contents, Rejection> {
    let text = text.trim_start_matches('\u{FEFF}');
    if format == Format::Jsonl {
        return lines(text);
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => elements(items),
        Ok(Value::Object(object)) => match wrapped_list(&object) {
            Some(items) => elements(items.clone()),
            None => Ok(Contents::One(Box::new(has_text(article(&object))?))),
        },
        Ok(other) => Err(malformed(format!(
            "the file is a JSON {}, not an article object or a list of them",
            kind(&other)
        ))),
        Err(e)
            if e.is_syntax()
                && text.trim().lines().nth(1).is_some()
                && first_line_is_object(text) =>
        {
            lines(text)
        }
        Err(e) => Err(malformed(format!("the file is not valid JSON: {e}"))),
    }
}

/// The first article of the input (for callers that want one document).
pub(super) fn first(text: &str, format: Format) -> Result<Document, Rejection> {
    match parse(text, format)? {
        Contents::One(doc) => Ok(*doc),
        Contents::Many(items) => items
            .into_iter()
            .next()
            .map_or_else(|| Err(no_articles()), |item| item.doc),
    }
}

fn first_line_is_object(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| matches!(serde_json::from_str::<Value>(l), Ok(Value::Object(_))))
}

/// JSON Lines: every non-blank line is an article, numbered by its line.
fn lines(text: &str) -> Result<Contents, Rejection> {
    let items: Vec<Item> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let doc = match serde_json::from_str::<Value>(line) {
                Ok(Value::Object(object)) => has_text(article(&object)),
                Ok(other) => Err(malformed(format!(
                    "line {number} is a JSON {}, not an article object",
                    kind(&other)
                ))),
                Err(e) => Err(malformed(format!("line {number} is not valid JSON: {e}"))),
            };
            Item {
                number,
                raw: line.to_string(),
                doc,
            }
        })
        .collect();
    if items.is_empty() {
        return Err(no_articles());
    }
    Ok(Contents::Many(items))
}

/// A JSON array: every element is an article, numbered from 1.
fn elements(items: Vec<Value>) -> Result<Contents, Rejection> {
    if items.is_empty() {
        return Err(no_articles());
    }
    let items = items
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let doc = match &value {
                Value::Object(object) => has_text(article(object)),
                other => Err(malformed(format!(
                    "element {number} is a JSON {}, not an article object",
                    kind(other)
                ))),
            };
            Item {
                number,
                raw: value.to_string(),
                doc,
            }
        })
        .collect();
    Ok(Contents::Many(items))
}

/// `{"status": "ok", "articles": [...]}`: an object whose article list is
/// under a known name, and which is not itself an article.
fn wrapped_list(object: &Map<String, Value>) -> Option<&Vec<Value>> {
    let fields = Fields::new(object);
    if fields.get(BODY).is_some() {
        return None;
    }
    match fields.get(LISTS)? {
        Value::Array(items) if items.iter().any(Value::is_object) => Some(items),
        _ => None,
    }
}

/// One article object.
fn article(object: &Map<String, Value>) -> Document {
    let fields = Fields::new(object);
    let title = fields.text(TITLE).map(|t| plain(&t)).unwrap_or_default();
    let body = fields
        .get(BODY)
        .map_or(Body::Text(String::new()), body_text);
    let mut doc = match body {
        Body::Text(body) => text::parse_body(&title, &body, false),
        Body::Html(html) => {
            let blocks = html_blocks(&html);
            let mut doc = text::parse_body(&title, &blocks.text, true);
            doc.headings = blocks.headings;
            doc.captions.extend(blocks.captions);
            doc
        }
    };
    metadata(&mut doc, object);
    doc
}

/// The title an object states, if any (Markdown front matter reads it too).
pub(super) fn title(object: &Map<String, Value>) -> Option<String> {
    Fields::new(object).text(TITLE).map(|t| plain(&t))
}

/// Sets what an object states about the article (standfirst, authors,
/// agencies, date, URL, site) over what the text implied.
pub(super) fn metadata(doc: &mut Document, object: &Map<String, Value>) {
    let fields = Fields::new(object);
    if let Some(standfirst) = fields.text(STANDFIRST).map(|s| plain(&s)) {
        // Many tools fill `description` with the first paragraph: a lede, not a standfirst.
        let first = doc
            .paragraphs
            .first()
            .map(|p| squash(p))
            .unwrap_or_default();
        let lede = squash(&standfirst);
        if !lede.is_empty() && !first.starts_with(lede.trim_end_matches(['.', '…'])) {
            doc.standfirst = Some(standfirst);
        }
    }
    let authors = fields.get(AUTHORS).map(names).unwrap_or_default();
    if !authors.is_empty() {
        doc.authors = authors;
    }
    for agency in fields.get(AGENCIES).map(names).unwrap_or_default() {
        if !doc.agencies.contains(&agency) {
            doc.agencies.push(agency);
        }
    }
    doc.published_at = fields
        .get(&PUBLISHED[..1])
        .and_then(date)
        // WordPress's `date_gmt` is UTC without saying so.
        .or_else(|| {
            fields
                .text(&["dategmt"])
                .and_then(|d| html::rfc3339(&(d + "Z")))
        })
        .or_else(|| fields.get(&PUBLISHED[2..]).and_then(date))
        .or(doc.published_at.take());
    doc.url = fields
        .text(URL)
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .or(doc.url.take());
    doc.site_name = fields.get(SITE).and_then(name).or(doc.site_name.take());
}

/// An object's fields by normalised name (lower case, without `_`, `-`, `@`).
struct Fields<'a> {
    fields: Vec<(String, &'a Value)>,
}

impl<'a> Fields<'a> {
    fn new(object: &'a Map<String, Value>) -> Self {
        let fields = object
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (normalise(k), v))
            .collect();
        Fields { fields }
    }

    /// The value under the first of `names` the object has (in `names` order).
    fn get(&self, names: &[&str]) -> Option<&'a Value> {
        names.iter().find_map(|name| {
            self.fields
                .iter()
                .find(|(k, v)| k == name && !is_empty(v))
                .map(|(_, v)| *v)
        })
    }

    fn text(&self, names: &[&str]) -> Option<String> {
        self.get(names).and_then(string).filter(|s| !s.is_empty())
    }
}

fn normalise(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-' | '@' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// A value as one string: a string, WordPress's `{"rendered": ...}`, a
/// `{"text"|"value"|"name": ...}` wrapper, or the first string of a list.
fn string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => ["rendered", "text", "value", "name", "#text", "content"]
            .iter()
            .find_map(|k| o.get(*k).and_then(string)),
        Value::Array(items) => items.iter().find_map(string),
        _ => None,
    }
}

/// An article body as a field holds it.
enum Body {
    Text(String),
    Html(String),
}

/// The body: a string, or a list of paragraph strings; plain text or HTML.
fn body_text(value: &Value) -> Body {
    let raw = match value {
        Value::Array(items) => items
            .iter()
            .filter_map(string)
            .collect::<Vec<_>>()
            .join("\n\n"),
        other => string(other).unwrap_or_default(),
    };
    if looks_like_html(&raw) {
        Body::Html(raw)
    } else {
        Body::Text(raw)
    }
}

/// What an HTML body holds besides its running text.
struct HtmlBlocks {
    /// Running text, a blank line after each block.
    text: String,
    headings: Vec<String>,
    captions: Vec<Caption>,
}

/// Splits an HTML body into its subheadings, photo captions and running text.
fn html_blocks(html: &str) -> HtmlBlocks {
    let dom = dom_query::Document::fragment(html);
    dom.select("script, style, noscript, template").remove();
    let texts = |selector: &str| -> Vec<String> {
        let selection = dom.select(selector);
        let texts = selection
            .nodes()
            .iter()
            .map(|n| squash(&n.text()))
            .filter(|t| !t.is_empty())
            .collect();
        selection.remove();
        texts
    };
    let captions = texts("figcaption")
        .into_iter()
        .map(|text| Caption { text, credit: None })
        .collect();
    let headings = texts("h1, h2, h3, h4, h5, h6");
    HtmlBlocks {
        text: dom.formatted_text().to_string(),
        headings,
        captions,
    }
}

fn looks_like_html(s: &str) -> bool {
    let lower = s.get(..s.len().min(4096)).unwrap_or(s).to_ascii_lowercase();
    ["<p>", "<p ", "<br", "<div", "</p>", "</a>", "<h2", "<li"]
        .iter()
        .any(|tag| lower.contains(tag))
}

/// A short field that may carry markup or entities (`<em>`, `&#8216;` in a
/// WordPress title): its text.
fn plain(s: &str) -> String {
    if s.contains('<') || s.contains('&') {
        squash(&dom_query::Document::fragment(s).text())
    } else {
        s.trim().to_string()
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// People or agencies: a string ("Jane Doe and John Roe", "By Jane Doe"), a
/// list of strings, or objects with a `name` (schema.org `Person`).
fn names(value: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |raw: &str| {
        let raw = raw.trim();
        let raw = raw
            .strip_prefix("By ")
            .or_else(|| raw.strip_prefix("by "))
            .unwrap_or(raw);
        for name in raw.split(" and ").flat_map(|n| n.split([',', ';', '|'])) {
            let name = squash(name);
            // A CMS's numeric author id is no name.
            let named = name.chars().any(char::is_alphabetic) && name.chars().count() <= 80;
            if named && !out.contains(&name) {
                out.push(name);
            }
        }
    };
    match value {
        Value::Array(items) => {
            for item in items {
                if let Some(name) = name(item) {
                    add(&name);
                }
            }
        }
        other => {
            if let Some(name) = name(other) {
                add(&name);
            }
        }
    }
    out
}

/// A name: a string, or an object's `name` (or `title`).
fn name(value: &Value) -> Option<String> {
    match value {
        Value::Object(o) => ["name", "title", "displayname"]
            .iter()
            .find_map(|k| o.get(*k).and_then(string)),
        other => string(other),
    }
    .filter(|s| !s.is_empty())
}

/// A publication date: an RFC 3339 or ISO 8601 string, or Unix time in
/// seconds or milliseconds.
fn date(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => {
            let n = n.as_i64()?;
            let secs = if n.abs() >= 100_000_000_000 {
                n / 1000
            } else {
                n
            };
            jiff::Timestamp::from_second(secs)
                .ok()
                .map(|t| t.to_string())
        }
        Value::Object(o) => ["$date", "date", "value"]
            .iter()
            .find_map(|k| o.get(*k).and_then(date)),
        other => html::rfc3339(&string(other)?),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn malformed(reason: String) -> Rejection {
    Rejection::new(Stage::Parse, "malformed", reason)
}

fn no_articles() -> Rejection {
    Rejection::new(
        Stage::Parse,
        "no_text",
        "the file holds no articles (an empty list, or only blank lines)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(json: &str) -> Document {
        match parse(json, Format::Json).unwrap() {
            Contents::One(doc) => *doc,
            Contents::Many(items) => panic!("{} items", items.len()),
        }
    }

    fn many(text: &str, format: Format) -> Vec<Item> {
        match parse(text, format).unwrap() {
            Contents::Many(items) => items,
            Contents::One(doc) => panic!("one document: {doc:?}"),
        }
    }

    #[test]
    fn news_please_fields() {
        let doc = one(
            r#"{"title": "Harbour to reopen", "maintext": "The harbour at Port Elwin will reopen on Monday.\n\nRepairs took six weeks.",
                "authors": ["Marta Quell", "Idris Fenn"], "date_publish": "2024-03-04 09:15:00",
                "url": "https://news.example/harbour", "source_domain": "news.example",
                "description": "Six weeks of repairs are over", "language": "en"}"#,
        );
        assert_eq!(doc.title, "Harbour to reopen");
        assert_eq!(
            doc.paragraphs,
            [
                "The harbour at Port Elwin will reopen on Monday.",
                "Repairs took six weeks."
            ]
        );
        assert_eq!(doc.authors, ["Marta Quell", "Idris Fenn"]);
        assert_eq!(doc.published_at.as_deref(), Some("2024-03-04"));
        assert_eq!(doc.url.as_deref(), Some("https://news.example/harbour"));
        assert_eq!(doc.site_name.as_deref(), Some("news.example"));
        assert_eq!(
            doc.standfirst.as_deref(),
            Some("Six weeks of repairs are over")
        );
    }

    #[test]
    fn newsapi_and_schema_org_shapes() {
        let doc = one(
            r#"{"source": {"id": null, "name": "Coastal News"}, "author": "By Jane Doe and John Roe",
                "headline": "Ferry link approved", "articleBody": "Boats will run four times a day.",
                "publishedAt": "2024-03-04T09:15:00Z", "description": "Boats will run four times a day."}"#,
        );
        assert_eq!(doc.site_name.as_deref(), Some("Coastal News"));
        assert_eq!(doc.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(doc.published_at.as_deref(), Some("2024-03-04T09:15:00Z"));
        // The description repeats the first paragraph: it is no standfirst.
        assert_eq!(doc.standfirst, None);
        let doc = one(
            r#"{"@type": "NewsArticle", "headline": "Frost hits orchards",
                "author": [{"@type": "Person", "name": "Lucia Ferrand"}],
                "datePublished": 1709543700, "articleBody": ["First paragraph here.", "Second one."]}"#,
        );
        assert_eq!(doc.authors, ["Lucia Ferrand"]);
        assert_eq!(doc.published_at.as_deref(), Some("2024-03-04T09:15:00Z"));
        assert_eq!(doc.paragraphs.len(), 2);
    }

    #[test]
    fn wordpress_html_content() {
        let doc = one(
            r#"{"title": {"rendered": "Council backs <em>new</em> bridge"},
                "content": {"rendered": "<p>LONDON - The council voted for the bridge.</p>\n<h2>Costs</h2><p>It will cost 4 million.</p><script>track()</script>"},
                "date": "2024-03-04T09:15:00", "link": "https://news.example/?p=12"}"#,
        );
        assert_eq!(doc.title, "Council backs new bridge");
        assert_eq!(doc.paragraphs[0], "The council voted for the bridge.");
        assert_eq!(
            doc.dateline.as_ref().map(|d| d.text.as_str()),
            Some("LONDON")
        );
        assert!(doc.paragraphs.iter().all(|p| !p.contains("track")));
        assert_eq!(doc.headings, ["Costs"]);
        assert!(doc.body().contains("It will cost 4 million."));
    }

    #[test]
    fn boilerplate_in_scraped_text_is_removed() {
        let doc = one(
            r#"{"title": "Ferry link approved", "text": "Boats will run four times a day from the spring.\n\nREAD MORE: Island schools struggle\n\nThe authority will hold public meetings.\n\nSource: Coastal News Service"}"#,
        );
        assert_eq!(doc.paragraphs.len(), 2);
        assert_eq!(doc.credit.as_deref(), Some("Coastal News Service"));
        assert_eq!(doc.removed.len(), 2);
    }

    #[test]
    fn json_lines_number_their_lines_and_reject_bad_ones_alone() {
        let text = "{\"title\": \"One\", \"text\": \"First article body.\"}\n\n[1, 2]\n{\"title\": \"Three\", \"text\": \"Third\n{broken\n";
        let items = many(text, Format::Jsonl);
        let numbers: Vec<u32> = items.iter().map(|i| i.number).collect();
        assert_eq!(numbers, [1, 3, 4, 5]);
        assert_eq!(items[0].doc.as_ref().unwrap().title, "One");
        let kinds: Vec<&str> = items[1..]
            .iter()
            .map(|i| i.doc.as_ref().unwrap_err().kind)
            .collect();
        assert_eq!(kinds, ["malformed", "malformed", "malformed"]);
        assert!(items[1].doc.as_ref().unwrap_err().reason.contains("line 3"));
        assert_eq!(
            items[0].raw,
            "{\"title\": \"One\", \"text\": \"First article body.\"}"
        );
    }

    #[test]
    fn arrays_and_wrapped_lists_are_many_articles() {
        let items = many(
            r#"[{"title": "A", "text": "Alpha body."}, {"title": "B", "text": "Beta body."}, {"id": 3}]"#,
            Format::Json,
        );
        assert_eq!(items.len(), 3);
        assert_eq!(items[1].doc.as_ref().unwrap().title, "B");
        assert_eq!(items[2].doc.as_ref().unwrap_err().kind, "no_text");
        let items = many(
            r#"{"status": "ok", "totalResults": 1, "articles": [{"title": "A", "content": "Alpha."}]}"#,
            Format::Json,
        );
        assert_eq!(items.len(), 1);
        // A `.json` file of one object per line is JSON Lines.
        let items = many(
            "{\"title\": \"A\", \"text\": \"x\"}\n{\"title\": \"B\", \"text\": \"y\"}\n",
            Format::Json,
        );
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn what_is_not_an_article_says_why() {
        let err = parse("{\"title\": \"A\", ", Format::Json).unwrap_err();
        assert_eq!(err.kind, "malformed");
        assert!(err.reason.contains("not valid JSON"), "{}", err.reason);
        assert_eq!(parse("42", Format::Json).unwrap_err().kind, "malformed");
        assert_eq!(parse("[]", Format::Json).unwrap_err().kind, "no_text");
        assert_eq!(parse("\n\n", Format::Jsonl).unwrap_err().kind, "no_text");
        assert_eq!(
            parse("{\"id\": 7}", Format::Json).unwrap_err().kind,
            "no_text"
        );
        // Nesting deeper than serde_json's limit is an error, not a stack overflow.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(parse(&deep, Format::Json).unwrap_err().kind, "malformed");
    }
}

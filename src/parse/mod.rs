//! The parse stage: decides the input's format (from its content, with the file
//! extension as a hint) and turns decoded text into a [`Document`], or several
//! for the formats that carry many articles per file (JSON Lines, JSON
//! arrays). Each format has its own module.

pub(crate) mod gazetteer;
mod html;
mod json;
mod markdown;
mod newsml;
mod nitf;
mod text;

/// Step timings of the HTML parser, for `benches/html.rs`.
#[doc(hidden)]
pub use html::{Timings as HtmlTimings, parse_timed as parse_html_timed};

use crate::document::{Document, Format, Rejection, Stage};

/// What one input holds.
#[derive(Debug)]
pub enum Contents {
    /// One article: every format but JSON Lines and JSON arrays.
    One(Box<Document>),
    /// Many articles (the lines of JSON Lines, the elements of a JSON array),
    /// each parsed or rejected on its own.
    Many(Vec<Item>),
}

/// One article of a many-article input.
#[derive(Debug)]
pub struct Item {
    /// 1-based: the line, or the array element.
    pub number: u32,
    /// The item's own text (its line, or its element as JSON), for its hash.
    pub raw: String,
    pub doc: Result<Document, Rejection>,
}

/// Parses decoded text into what it holds. `name` is the input's name, whose
/// extension hints at the format.
pub fn parse_input(text: &str, name: &str) -> Result<(Format, Contents), Rejection> {
    let format = sniff(text, name);
    match format {
        Format::Json | Format::Jsonl => Ok((format, json::parse(text, format)?)),
        _ => parse(text, name).map(|(format, doc)| (format, Contents::One(Box::new(doc)))),
    }
}

/// Parses decoded text into one document: for an input of many articles, the
/// first (the pipeline uses [`parse_input`], which keeps them all).
pub fn parse(text: &str, name: &str) -> Result<(Format, Document), Rejection> {
    let format = sniff(text, name);
    let doc = match format {
        Format::Text => text::parse(text),
        Format::Html => html::parse(text),
        Format::Json | Format::Jsonl => return json::first(text, format).map(|d| (format, d)),
        Format::Markdown => markdown::parse(text),
        Format::Nitf => {
            nitf::parse(text).map_err(|reason| Rejection::new(Stage::Parse, "malformed", reason))?
        }
        Format::NewsMl => newsml::parse(text)
            .map_err(|reason| Rejection::new(Stage::Parse, "malformed", reason))?,
    };
    Ok((format, has_text(doc)?))
}

/// A document with neither title nor body is no article.
fn has_text(doc: Document) -> Result<Document, Rejection> {
    if doc.title.is_empty() && doc.paragraphs.is_empty() {
        return Err(Rejection::new(
            Stage::Parse,
            "no_text",
            "the file has no article text",
        ));
    }
    Ok(doc)
}

/// The format of an input: its content decides, the extension breaks ties
/// (a `.txt` file holding HTML is HTML; a `.md` file is Markdown).
pub fn sniff(text: &str, name: &str) -> Format {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let head: String = text
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with('<') {
        if let Some(format) = nitf::sniff_root(&head) {
            return format;
        }
        if head.contains("<nitf") {
            return Format::Nitf;
        }
        if head.contains("<newsitem") || head.contains("<newsmessage") {
            return Format::NewsMl;
        }
        if head.contains("<html") || head.contains("<!doctype html") || head.contains("<body") {
            return Format::Html;
        }
    }
    if head.starts_with('{') || head.starts_with('[') {
        return if ext == "jsonl" || ext == "ndjson" {
            Format::Jsonl
        } else {
            Format::Json
        };
    }
    match ext.as_str() {
        "html" | "htm" if head.starts_with('<') => Format::Html,
        "md" | "markdown" => Format::Markdown,
        _ => Format::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_and_extension_hints() {
        assert_eq!(sniff("<!DOCTYPE html><html>", "a.txt"), Format::Html);
        assert_eq!(sniff("\u{FEFF}  <html lang=en>", "a"), Format::Html);
        assert_eq!(
            sniff("<?xml version=\"1.0\"?>\n<nitf>", "a.xml"),
            Format::Nitf
        );
        assert_eq!(
            sniff("<?xml version=\"1.0\"?><newsItem>", "a.xml"),
            Format::NewsMl
        );
        assert_eq!(sniff("{\"title\": \"x\"}", "a.json"), Format::Json);
        assert_eq!(sniff("{\"title\": \"x\"}\n{}", "a.jsonl"), Format::Jsonl);
        assert_eq!(sniff("# Title\n\nBody", "a.md"), Format::Markdown);
        assert_eq!(sniff("Title\n\nBody <b>", "a.txt"), Format::Text);
    }
}

//! The parse stage: decides the input's format (from its content, with the file
//! extension as a hint) and turns decoded text into a [`Document`]. Each format
//! has its own module; a format without one yet is read as plain text.

mod gazetteer;
mod html;
mod text;

use crate::document::{Document, Format, Rejection, Stage};

/// Parses decoded text into a document. `name` is the input's name, whose
/// extension hints at the format.
pub fn parse(text: &str, name: &str) -> Result<(Format, Document), Rejection> {
    let format = sniff(text, name);
    let doc = match format {
        Format::Text => text::parse(text),
        Format::Html => html::parse(text),
        // Formats whose parser has not landed yet are read as plain text.
        Format::Markdown | Format::Json | Format::Jsonl | Format::Nitf | Format::NewsMl => {
            text::parse(text)
        }
    };
    if doc.title.is_empty() && doc.paragraphs.is_empty() {
        return Err(Rejection::new(
            Stage::Parse,
            "no_text",
            "the file has no article text",
        ));
    }
    Ok((format, doc))
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

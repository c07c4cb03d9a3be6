//! Markdown articles (CMS exports, static-site posts, notes from a desk): YAML
//! front matter gives the metadata (read with the JSON field names, see
//! [`super::json`]), the first heading the title, later headings the
//! subheadings, images their captions. The running text then goes through the
//! plain-text rules, so bylines, datelines and boilerplate are found as in any
//! other file.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::{Map, Value};

use super::{json, text};
use crate::document::Document;
use crate::record::Caption;

/// Markdown's blocks, reduced to what an article needs.
#[derive(Default)]
struct Blocks {
    front_matter: Option<String>,
    /// The first heading, when it opens the document (before any paragraph).
    title: Option<String>,
    headings: Vec<String>,
    captions: Vec<Caption>,
    /// Paragraphs, list items, quoted paragraphs, table rows, in order.
    paragraphs: Vec<String>,
}

pub(super) fn parse(markdown: &str) -> Document {
    let markdown = markdown.trim_start_matches('\u{FEFF}');
    let blocks = blocks(markdown);
    let front: Option<Map<String, Value>> = blocks
        .front_matter
        .as_deref()
        .and_then(|yaml| serde_yaml_ng::from_str::<Value>(yaml).ok())
        .and_then(|v| match v {
            Value::Object(map) => Some(map),
            _ => None,
        });
    let title = front
        .as_ref()
        .and_then(json::title)
        .or_else(|| blocks.title.clone());
    let opening = blocks.title.clone();
    let body = blocks.paragraphs.join("\n\n");
    let mut doc = match &title {
        Some(title) => text::parse_body(title, &body, true),
        // No heading and no front matter: the first line is the title, as in text.
        None => text::parse(&body),
    };
    if let Some(front) = &front {
        json::metadata(&mut doc, front);
    }
    let mut headings = blocks.headings;
    // A heading that opens the text but is not the front matter's title is a
    // subheading after all.
    if let (Some(opening), Some(title)) = (opening, &title)
        && !opening.eq_ignore_ascii_case(title)
    {
        headings.insert(0, opening);
    }
    headings.append(&mut doc.headings);
    doc.headings = headings;
    doc.captions.extend(blocks.captions);
    doc
}

/// Walks the Markdown events once, collecting block texts.
fn blocks(markdown: &str) -> Blocks {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH;
    let mut out = Blocks::default();
    // The text of the block being read, and what kind of block it is.
    let mut text = String::new();
    let mut image: Option<(String, String)> = None;
    let mut in_metadata = false;
    let mut cells: Vec<String> = Vec::new();
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(t) if in_metadata => out
                .front_matter
                .get_or_insert_with(String::new)
                .push_str(&t),
            Event::Start(Tag::Image { title, .. }) => {
                image = Some((String::new(), title.trim().to_string()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((alt, credit)) = image.take() {
                    let alt = squash(&alt);
                    if !alt.is_empty() {
                        out.captions.push(Caption {
                            text: alt,
                            credit: (!credit.is_empty()).then_some(credit),
                        });
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => match &mut image {
                Some((alt, _)) => alt.push_str(&t),
                None => text.push_str(&t),
            },
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::End(TagEnd::Heading(level)) => {
                let heading = squash(&std::mem::take(&mut text));
                if heading.is_empty() {
                    continue;
                }
                let opens = out.title.is_none()
                    && out.paragraphs.is_empty()
                    && out.headings.is_empty()
                    && (level == HeadingLevel::H1 || level == HeadingLevel::H2);
                if opens {
                    out.title = Some(heading);
                } else {
                    out.headings.push(heading);
                }
            }
            Event::End(TagEnd::TableCell) => cells.push(squash(&std::mem::take(&mut text))),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                let row = std::mem::take(&mut cells).join(" | ");
                if !row.trim_matches([' ', '|']).is_empty() {
                    out.paragraphs.push(row);
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock) => {
                let block = std::mem::take(&mut text);
                let block = block.trim();
                if !block.is_empty() {
                    out.paragraphs.push(block.to_string());
                }
            }
            // Raw HTML, rules, footnote marks and the like carry no article text.
            _ => {}
        }
    }
    out
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_headings_and_images() {
        let doc = parse(
            "---\ntitle: \"Ferry link approved\"\ndate: 2024-03-05T08:00:00Z\nauthors:\n  - Marta Quell\n  - Idris Fenn\ndescription: Four crossings a day from the spring\n---\n\n\
             # Ferry link approved\n\n\
             ![The harbour at Port Elwin](harbour.jpg \"K Ashawi/Coastal News\")\n\n\
             The harbour authority *approved* a new [ferry link](https://x.example) on Tuesday.\n\n\
             ## Costs\n\n\
             Fares will be capped\nat the current level.\n\n\
             - Boats run four times a day\n- An evening crossing in summer\n\n\
             > \"Carrow has waited long enough,\" she said.\n\n\
             READ MORE: Island schools struggle\n",
        );
        assert_eq!(doc.title, "Ferry link approved");
        assert_eq!(doc.published_at.as_deref(), Some("2024-03-05T08:00:00Z"));
        assert_eq!(doc.authors, ["Marta Quell", "Idris Fenn"]);
        assert_eq!(
            doc.standfirst.as_deref(),
            Some("Four crossings a day from the spring")
        );
        // The H1 repeats the front matter's title: not a subheading.
        assert_eq!(doc.headings, ["Costs"]);
        assert_eq!(doc.captions.len(), 1);
        assert_eq!(doc.captions[0].text, "The harbour at Port Elwin");
        assert_eq!(
            doc.captions[0].credit.as_deref(),
            Some("K Ashawi/Coastal News")
        );
        assert_eq!(
            doc.paragraphs,
            [
                "The harbour authority approved a new ferry link on Tuesday.",
                "Fares will be capped at the current level.",
                "Boats run four times a day",
                "An evening crossing in summer",
                "\"Carrow has waited long enough,\" she said.",
            ]
        );
        assert_eq!(doc.removed.len(), 1);
    }

    #[test]
    fn without_front_matter_the_heading_is_the_title_and_bylines_are_found() {
        let doc = parse(
            "# Frost hits orchards\n\n**By Lucia Ferrand**\n\nLONDON - Apple growers are bracing for a small harvest.\n",
        );
        assert_eq!(doc.title, "Frost hits orchards");
        assert_eq!(doc.authors, ["Lucia Ferrand"]);
        assert_eq!(
            doc.dateline.as_ref().unwrap().place.as_deref(),
            Some("London")
        );
        assert_eq!(
            doc.paragraphs,
            ["Apple growers are bracing for a small harvest."]
        );
        // No heading at all: the first line is the title.
        let doc = parse("Frost hits orchards\n\nApple growers are bracing.\n");
        assert_eq!(doc.title, "Frost hits orchards");
        assert_eq!(doc.paragraphs, ["Apple growers are bracing."]);
    }

    #[test]
    fn broken_front_matter_and_odd_markdown_do_not_fail() {
        let doc = parse("---\ntitle: [unclosed\n---\n\n# Title\n\nBody text.\n");
        assert_eq!(doc.title, "Title");
        let doc = parse(&format!("# T\n\n{}deep\n", "> ".repeat(10_000)));
        assert_eq!(doc.title, "T");
        let doc = parse("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(doc.body().contains("1 | 2") || doc.title.contains("a | b"));
    }
}

//! The parse stage: decides the input's format (from its content, with the file
//! extension as a hint) and turns decoded text into a [`Document`]. Today only
//! plain text is parsed; HTML, JSON, Markdown and agency XML plug in here.

mod text;

use crate::document::{Document, Format, Rejection, Stage};

/// Parses decoded text into a document. `name` is the input's name, whose
/// extension hints at the format.
pub fn parse(text: &str, _name: &str) -> Result<(Format, Document), Rejection> {
    let doc = text::parse(text);
    if doc.title.is_empty() && doc.paragraphs.is_empty() {
        return Err(Rejection::new(
            Stage::Parse,
            "no_text",
            "the file has no article text",
        ));
    }
    Ok((Format::Text, doc))
}

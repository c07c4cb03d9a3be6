//! Plain-text articles: the first non-empty line is the title, the rest is the
//! body. Each line is a paragraph, except in blocks that look hard-wrapped at a
//! fixed width (classic wire copy), whose lines are joined back into paragraphs.

use crate::document::Document;

/// Lines of a hard-wrapped block are between these lengths (in characters),
/// except its last line.
const WRAP_MIN: usize = 50;
const WRAP_MAX: usize = 90;

pub fn parse(text: &str) -> Document {
    let mut lines = text.lines().map(str::trim);
    let title = lines.by_ref().find(|l| !l.is_empty()).unwrap_or("");
    let rest: Vec<&str> = lines.collect();
    let mut paragraphs = Vec::new();
    for block in rest.split(|l| l.is_empty()) {
        if block.is_empty() {
            continue;
        }
        if is_hard_wrapped(block) {
            paragraphs.push(block.join(" "));
        } else {
            paragraphs.extend(block.iter().map(|l| l.to_string()));
        }
    }
    Document {
        title: title.to_string(),
        paragraphs,
        ..Document::default()
    }
}

fn is_hard_wrapped(block: &[&str]) -> bool {
    block.len() >= 3
        && block[..block.len() - 1]
            .iter()
            .all(|l| (WRAP_MIN..=WRAP_MAX).contains(&l.chars().count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_then_paragraphs() {
        let d = parse("\n  Title here \n\nFirst paragraph.\n\nSecond one.\nThird one.\n");
        assert_eq!(d.title, "Title here");
        assert_eq!(
            d.paragraphs,
            ["First paragraph.", "Second one.", "Third one."]
        );
    }

    #[test]
    fn hard_wrapped_blocks_are_joined() {
        let text = "Title\n\n\
            The central bank raised its main lending rate by a quarter\n\
            point on Tuesday, citing stubborn inflation in services and\n\
            a tight labour market.\n\n\
            Markets had expected the move.\n";
        let d = parse(text);
        assert_eq!(d.paragraphs.len(), 2, "{:?}", d.paragraphs);
        assert!(
            d.paragraphs[0]
                .starts_with("The central bank raised its main lending rate by a quarter point")
        );
    }
}

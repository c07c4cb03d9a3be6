//! Plain-text articles (wire copy, saved web articles, the BBC layout): finds the
//! structure the text only implies (title and its repeats, standfirst, bylines,
//! photo captions, dateline, subheadings, related links, comment widgets, the
//! closing source credit) and puts each in its [`Document`] field. Place names
//! and agency names are resolved with [`super::gazetteer`].

use crate::document::Document;
use crate::record::{Caption, Dateline, Removed};

use super::gazetteer;

/// Lines of a hard-wrapped block are between these lengths (in characters),
/// except its last line.
const WRAP_MIN: usize = 50;
const WRAP_MAX: usize = 90;

/// A subheading is a short line: at most this many characters and words.
const HEADING_MAX_CHARS: usize = 70;
const HEADING_MAX_WORDS: usize = 9;

/// One line of the article, or one hard-wrapped block joined back into a line,
/// with where it sat: structure such as a caption block is a whole block.
#[derive(Debug)]
struct Unit {
    text: String,
    block: usize,
    /// The only unit of its block (blank lines on both sides).
    alone: bool,
}

/// A plain-text article: its first line is the title.
pub fn parse(text: &str) -> Document {
    let text = text.trim_start_matches('\u{FEFF}');
    let mut lines = text.lines().map(clean_line);
    let title = lines.by_ref().find(|l| !l.is_empty()).unwrap_or_default();
    structure(title, lines.collect(), true)
}

/// The text of an article whose title came from elsewhere (a JSON field, a
/// Markdown heading): the same rules find its standfirst, byline, dateline,
/// captions and boilerplate.
/// `marked_headings`: the source marks its subheadings itself (Markdown), so
/// no short line is taken for one.
pub fn parse_body(title: &str, text: &str, marked_headings: bool) -> Document {
    let lines = text.lines().map(clean_line).collect();
    structure(clean_line(title), lines, !marked_headings)
}

fn structure(title: String, rest: Vec<String>, implicit_headings: bool) -> Document {
    let units = units(&rest);
    let mut doc = Document {
        title,
        ..Document::default()
    };
    let start = front_matter(&mut doc, &units);
    body(&mut doc, &units[start..], implicit_headings);
    doc
}

/// Trims a line. Web copy puts no-break spaces next to ordinary ones; they become
/// one space, but only on lines that have them, so other text stays as written.
fn clean_line(line: &str) -> String {
    let line = line.trim();
    if !line.contains('\u{A0}') {
        return line.to_string();
    }
    line.split([' ', '\u{A0}'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits lines into blocks at blank lines; a hard-wrapped block becomes one
/// unit, any other block one unit per line.
fn units(lines: &[String]) -> Vec<Unit> {
    let mut out = Vec::new();
    let blocks = lines
        .split(|l| l.is_empty())
        .filter(|b| !b.is_empty())
        .enumerate();
    for (block, lines) in blocks {
        if is_hard_wrapped(lines) {
            out.push(Unit {
                text: lines.join(" "),
                block,
                alone: true,
            });
        } else {
            let alone = lines.len() == 1;
            out.extend(lines.iter().map(|l| Unit {
                text: l.clone(),
                block,
                alone,
            }));
        }
    }
    out
}

fn is_hard_wrapped(block: &[String]) -> bool {
    block.len() >= 3
        && block[..block.len() - 1]
            .iter()
            .all(|l| (WRAP_MIN..=WRAP_MAX).contains(&l.chars().count()))
}

fn removed(doc: &mut Document, kind: &str, text: &str) {
    doc.removed.push(Removed {
        kind: kind.to_string(),
        text: text.to_string(),
    });
}

fn add_agency(doc: &mut Document, agency: &str) {
    if !doc.agencies.iter().any(|a| a == agency) {
        doc.agencies.push(agency.to_string());
    }
}

/// What sits between the title and the first body paragraph: repeats of the
/// title, bylines, captions and the standfirst. Returns where the body starts.
fn front_matter(doc: &mut Document, units: &[Unit]) -> usize {
    let mut i = 0;
    while let Some(unit) = units.get(i) {
        let text = unit.text.as_str();
        if same_title(text, &doc.title) {
            removed(doc, "repeated_title", text);
            i += 1;
        } else if let Some(agency) = gazetteer::agency(text) {
            add_agency(doc, agency);
            i += 1;
        } else if let Some((authors, agency)) = byline(text) {
            doc.authors.extend(authors);
            if let Some(agency) = agency {
                add_agency(doc, agency);
            }
            i += 1;
        } else if let Some(n) = caption_block(doc, units, i) {
            i += n;
        } else if unit.alone
            && is_name_line(text)
            && units
                .get(i + 1)
                .is_some_and(|next| next.text.chars().count() > HEADING_MAX_CHARS)
        {
            // A lone name under the headline is either the byline or the alt text
            // of a portrait. Reporters are not the subject of their own copy, so a
            // name the article goes on to mention is the person in the photo.
            let surname = text.split_whitespace().last().unwrap_or(text);
            if units[i + 1..].iter().any(|u| u.text.contains(surname)) {
                caption(doc, text, None);
                removed(doc, "caption", text);
            } else {
                doc.authors.push(text.to_string());
            }
            i += 1;
        } else if doc.standfirst.is_none()
            && unit.alone
            && dateline(text).is_none()
            && (starts_with_update_marker(text) || front_matter_follows(units, i + 1))
        {
            let (marker, lede) = split_update_marker(text);
            if let Some(marker) = marker {
                removed(doc, "update_marker", marker);
            }
            doc.standfirst = Some(lede.to_string());
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// Whether the unit at `i` is still front matter (a caption, a byline) or the
/// dateline that opens the story: what tells a standfirst from a first paragraph.
fn front_matter_follows(units: &[Unit], i: usize) -> bool {
    let Some(unit) = units.get(i) else {
        return false;
    };
    let text = unit.text.as_str();
    gazetteer::agency(text).is_some()
        || byline(text).is_some()
        || dateline(text).is_some()
        || caption_block_len(units, i).is_some()
}

fn body(doc: &mut Document, units: &[Unit], implicit_headings: bool) {
    let laid_out = keeps_page_layout(doc, units);
    let mut i = 0;
    while let Some(unit) = units.get(i) {
        let text = unit.text.as_str();
        i += 1;
        if let Some(kind) = related_link(text) {
            removed(doc, kind, text);
        } else if is_comment_widget(text) {
            removed(doc, "comments", text);
        } else if let Some(credit) = source_line(text) {
            doc.credit = Some(credit.to_string());
            removed(doc, "source_line", text);
        } else if let Some(n) = caption_block(doc, units, i - 1) {
            i += n - 1;
        } else if implicit_headings && let Some(heading) = heading_at(doc, units, i - 1, laid_out) {
            doc.headings.push(heading.to_string());
        } else {
            let mut text = text;
            if doc.paragraphs.is_empty()
                && doc.dateline.is_none()
                && let Some(found) = dateline(text)
            {
                for agency in &found.agencies {
                    add_agency(doc, agency);
                }
                for marker in &found.markers {
                    removed(doc, "update_marker", marker);
                }
                doc.dateline = Some(found.dateline);
                text = found.rest;
            }
            let text = strip_trailing_dash(text);
            if !text.is_empty() {
                doc.paragraphs.push(text.to_string());
            }
        }
    }
}

/// Same words as the title, ignoring case, spacing and the apostrophe style
/// (a page's `<title>` and its `<h1>` often differ only in those).
fn same_title(text: &str, title: &str) -> bool {
    fn norm(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '\u{2018}' | '\u{2019}' | '`' => '\'',
                '\u{201C}' | '\u{201D}' => '"',
                c => c,
            })
            .collect::<String>()
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
    !title.is_empty() && norm(text) == norm(title)
}

/// `By Jane Doe`, `By Jane Doe and John Roe`, `By Jane Doe, Reuters`.
fn byline(text: &str) -> Option<(Vec<String>, Option<&'static str>)> {
    let names = text.strip_prefix("By ")?;
    let (names, agency) = match names.rsplit_once(',') {
        Some((names, agency)) => (names, Some(gazetteer::agency(agency)?)),
        None => (names, None),
    };
    let authors: Vec<String> = names
        .split(" and ")
        .map(str::trim)
        .map(str::to_string)
        .collect();
    if authors.iter().all(|a| is_name_line(a)) {
        Some((authors, agency))
    } else {
        None
    }
}

/// Two to four capitalised words and nothing else: a person's name.
fn is_name_line(text: &str) -> bool {
    const PARTICLES: &[&str] = &["al", "bin", "de", "van", "von", "der", "da", "el", "la"];
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '.')
                && (w.chars().next().is_some_and(char::is_uppercase)
                    || PARTICLES.contains(&w.split('-').next().unwrap_or(w)))
        })
        && words
            .first()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// The credit at the end of a caption line: `... [K Ashawi/Reuters]`.
fn caption_credit(text: &str) -> Option<(&str, &str)> {
    let inner_and_text = text.strip_suffix(']')?;
    let (caption, credit) = inner_and_text.rsplit_once('[')?;
    let credit = credit.trim();
    let looks_like_credit = credit.contains('/')
        || gazetteer::agency(credit).is_some()
        || ["Getty", "Photo", "Images", "EPA", "AFP", "Reuters", "AP"]
            .iter()
            .any(|w| {
                credit
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|t| t == *w)
            });
    let short = credit.chars().count() <= 60 && credit.split_whitespace().count() <= 6;
    (looks_like_credit && short && !caption.trim().is_empty()).then(|| (caption.trim(), credit))
}

/// A block of at most three lines whose last line is a credited caption (the
/// lines before it are the photo's alt text): its number of units.
fn caption_block_len(units: &[Unit], i: usize) -> Option<usize> {
    let block = units.get(i)?.block;
    if i > 0 && units[i - 1].block == block {
        return None;
    }
    let len = units[i..].iter().take_while(|u| u.block == block).count();
    let last = &units[i + len - 1];
    (len <= 3 && caption_credit(&last.text).is_some()).then_some(len)
}

/// Records the caption block at `i`, if there is one; returns its length.
fn caption_block(doc: &mut Document, units: &[Unit], i: usize) -> Option<usize> {
    let len = caption_block_len(units, i)?;
    for unit in &units[i..i + len] {
        match caption_credit(&unit.text) {
            Some((text, credit)) => caption(doc, text, Some(credit)),
            None => caption(doc, &unit.text, None),
        }
        removed(doc, "caption", &unit.text);
    }
    Some(len)
}

fn caption(doc: &mut Document, text: &str, credit: Option<&str>) {
    doc.captions.push(Caption {
        text: text.to_string(),
        credit: credit.map(str::to_string),
    });
}

/// A dateline found at the start of the first paragraph.
struct Found<'a> {
    dateline: Dateline,
    rest: &'a str,
    agencies: Vec<&'static str>,
    /// Revision markers such as `(3rd UPDATE)`, parentheses included.
    markers: Vec<String>,
}

/// `DAMASCUS - text`, `ASTANA, Kazakhstan (3rd UPDATE) – text`,
/// `LONDON, Jan 16 (Reuters) - text`. The place is in capitals; it counts as a
/// dateline only when the gazetteer knows the place or the country, or an agency
/// is credited, so that a sentence opening with an acronym is left alone.
fn dateline(text: &str) -> Option<Found<'_>> {
    let (head, rest) = [" - ", " – ", " — ", " -- "]
        .iter()
        .filter_map(|sep| text.split_once(sep))
        .min_by_key(|(head, _)| head.len())?;
    if head.chars().count() > 80 {
        return None;
    }
    let mut head = head.trim();
    let mut agencies = Vec::new();
    let mut markers = Vec::new();
    while let Some(inner) = head.strip_suffix(')') {
        let (before, paren) = inner.rsplit_once('(')?;
        match gazetteer::agency(paren) {
            Some(agency) => agencies.push(agency),
            None => markers.push(format!("({})", paren.trim())),
        }
        head = before.trim_end();
    }
    let mut parts = head.split(',').map(str::trim);
    let place = parts.next()?;
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = place
        .chars()
        .all(|c| c.is_uppercase() || matches!(c, ' ' | '-' | '.' | '\''));
    if letters < 3 || !capitals {
        return None;
    }
    let mut shown = vec![place];
    let mut country = None;
    for part in parts {
        if part.chars().any(|c| c.is_ascii_digit()) {
            // A date ("Jan 16") belongs to the wire header, not the place.
            continue;
        }
        if country.is_none() {
            country = gazetteer::country_of_part(part);
        }
        shown.push(part);
    }
    let known = gazetteer::city(place);
    // A country or territory can stand as the place itself (`GAZA - `).
    let place_country = gazetteer::country_code(place);
    if known.is_none() && country.is_none() && place_country.is_none() && agencies.is_empty() {
        return None;
    }
    let name = match known {
        Some((name, _)) => name.to_string(),
        None => gazetteer::title_case(place),
    };
    let country = country.or(known.map(|(_, code)| code)).or(place_country);
    Some(Found {
        dateline: Dateline {
            text: shown.join(", "),
            place: Some(name),
            country: country.map(str::to_string),
        },
        rest: rest.trim_start(),
        agencies,
        markers,
    })
}

fn starts_with_update_marker(text: &str) -> bool {
    split_update_marker(text).0.is_some()
}

/// `(3rd UPDATE) Rebel spokesman ...` -> the marker and the lede. The marker is
/// the wire's revision count, not part of what the article says.
fn split_update_marker(text: &str) -> (Option<&str>, &str) {
    if !text.starts_with('(') {
        return (None, text);
    }
    let Some(close) = text.find(')') else {
        return (None, text);
    };
    // `close` is an offset into `text` itself, at a one-byte ')'.
    let (marker, rest) = text.split_at(close + 1);
    if marker.to_uppercase().contains("UPDATE") && !rest.trim().is_empty() {
        (Some(marker), rest.trim_start())
    } else {
        (None, text)
    }
}

/// `READ MORE: ...`, `OPINION: ...` and their kin: links to other articles. The
/// label must be in capitals, as pages set them, so a sentence that starts
/// `Opinion: ...` in running text stays.
fn related_link(text: &str) -> Option<&'static str> {
    const LABELS: &[(&str, &str)] = &[
        ("READ MORE", "read_more"),
        ("READ ALSO", "read_more"),
        ("ALSO READ", "read_more"),
        ("MORE", "read_more"),
        ("OPINION", "related_link"),
        ("RELATED", "related_link"),
        ("WATCH", "related_link"),
        ("SEE ALSO", "related_link"),
        ("INSIDE STORY", "related_link"),
        ("INTERACTIVE", "related_link"),
        ("IN PICTURES", "related_link"),
        ("ANALYSIS", "related_link"),
        ("EXPLAINER", "related_link"),
        ("LISTEN", "related_link"),
        ("RECOMMENDED", "related_link"),
    ];
    let (label, rest) = text.split_once(':')?;
    let (_, kind) = LABELS.iter().find(|(l, _)| *l == label.trim())?;
    let words = rest.split_whitespace().count();
    ((1..=25).contains(&words)).then_some(*kind)
}

/// The lines a comment widget leaves in a saved page.
fn is_comment_widget(text: &str) -> bool {
    let lower = text.trim_end_matches('.').to_lowercase();
    const EXACT: &[&str] = &[
        "add a comment",
        "add your comment",
        "leave a comment",
        "post a comment",
        "show comments",
        "view comments",
        "hide comments",
        "comments",
        "sort by",
        "newest first",
        "oldest first",
        "most popular",
    ];
    const STARTS: &[&str] = &[
        "there are no comments yet",
        "be the first to comment",
        "log in to comment",
        "sign in to comment",
        "sort by ",
    ];
    EXACT.contains(&lower.as_str())
        || (lower.chars().count() <= 100 && STARTS.iter().any(|s| lower.starts_with(s)))
        || lower
            .strip_suffix(" comments")
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
}

/// `Source: Al Jazeera, News Agencies` -> the credit.
fn source_line(text: &str) -> Option<&str> {
    let credit = text
        .strip_prefix("Source:")
        .or_else(|| text.strip_prefix("Sources:"))?
        .trim()
        .trim_end_matches('.');
    let words = credit.split_whitespace().count();
    ((1..=12).contains(&words) && credit.chars().count() <= 100).then_some(credit)
}

/// Text that reads as a paragraph: long, or ending as a sentence does.
fn is_paragraph(text: &str) -> bool {
    text.chars().count() > HEADING_MAX_CHARS || ends_sentence(text)
}

/// Final punctuation, looking through closing quotes and brackets.
fn ends_sentence(text: &str) -> bool {
    let end = text.trim_end_matches(['"', '\'', '\u{2019}', '\u{201D}', ')', ']']);
    end.ends_with(['.', '!', '?', ',', ';', ':', '\u{2026}'])
}

/// Whether the text still shows the layout of the page it was saved from: front
/// matter was found, or the body has boilerplate, captions, a dateline or one
/// paragraph per line. Datasets such as the BBC's flatten pages and break some
/// sentences into short lines that look exactly like subheadings
/// ("Furry recyclers", "Double Olympic champion"); a plain short line is taken
/// for a subheading only when the page layout vouches for it.
fn keeps_page_layout(doc: &Document, units: &[Unit]) -> bool {
    let one_per_line = units.windows(2).any(|w| w[0].block == w[1].block);
    !doc.removed.is_empty()
        || !doc.captions.is_empty()
        || doc.standfirst.is_some()
        || !doc.agencies.is_empty()
        || one_per_line
        || units.first().is_some_and(|u| dateline(&u.text).is_some())
        || units.iter().any(|u| {
            related_link(&u.text).is_some()
                || is_comment_widget(&u.text)
                || source_line(&u.text).is_some()
                || caption_credit(&u.text).is_some()
        })
}

/// The subheading at unit `i` of the body, if it is one: it sits between two
/// paragraphs, the next one starts a sentence (a short line followed by
/// lowercase text is a sentence broken in two), and the one before does not
/// announce a list. AFP's `- Heading -` decoration is evidence enough on its
/// own; a plain short line needs `laid_out` (see [`keeps_page_layout`]).
fn heading_at<'a>(doc: &Document, units: &'a [Unit], i: usize, laid_out: bool) -> Option<&'a str> {
    let text = units.get(i)?.text.as_str();
    let previous = doc.paragraphs.last()?;
    let next = units.get(i + 1)?.text.as_str();
    let decorated = text.starts_with("- ") && text.ends_with(" -");
    let next_starts_sentence = next
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "'\"‘“".contains(c));
    if !(decorated || laid_out)
        || !is_paragraph(next)
        || !next_starts_sentence
        || previous.ends_with(':')
    {
        return None;
    }
    heading(text)
}

/// A subheading: a short line without final punctuation, starting with a
/// capital or an opening quote; AFP's `- 'Only military' talks -` decoration is
/// dropped.
fn heading(text: &str) -> Option<&str> {
    let core = text
        .strip_prefix("- ")
        .and_then(|t| t.strip_suffix(" -"))
        .map(str::trim)
        .unwrap_or(text);
    let words = core.split_whitespace().count();
    let first = core
        .chars()
        .find(|c| !matches!(c, '\'' | '"' | '‘' | '“'))?;
    let fits =
        core.chars().count() <= HEADING_MAX_CHARS && (1..=HEADING_MAX_WORDS).contains(&words);
    // A crosshead is a phrase: a comma means a list, a trailing function word
    // a sentence cut short.
    const OPEN_ENDS: &[&str] = &[
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "as", "at", "by", "with",
        "from", "that",
    ];
    let open_end = core
        .split_whitespace()
        .last()
        .is_some_and(|w| OPEN_ENDS.contains(&w.to_lowercase().as_str()));
    (fits
        && first.is_uppercase()
        && !ends_sentence(core)
        && !core.ends_with(['-', '–', '—'])
        && !core.contains(',')
        && !open_end)
        .then_some(core)
}

/// Drops a dash left dangling at the end of a paragraph (`...to ask.” –`).
fn strip_trailing_dash(text: &str) -> &str {
    let mut text = text;
    while let Some(rest) = text
        .strip_suffix('-')
        .or_else(|| text.strip_suffix('–'))
        .or_else(|| text.strip_suffix('—'))
    {
        if !rest.ends_with(char::is_whitespace) {
            break;
        }
        text = rest.trim_end();
    }
    text
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

    #[test]
    fn datelines_resolve_place_and_country() {
        let d = dateline("CAIRO - Talks resumed.").expect("known city");
        assert_eq!(d.dateline.text, "CAIRO");
        assert_eq!(d.dateline.place.as_deref(), Some("Cairo"));
        assert_eq!(d.dateline.country.as_deref(), Some("EG"));
        assert_eq!(d.rest, "Talks resumed.");

        let d = dateline("SMALLTOWN, Norway (AFP) — Snow fell.").expect("known country");
        assert_eq!(d.dateline.place.as_deref(), Some("Smalltown"));
        assert_eq!(d.dateline.country.as_deref(), Some("NO"));
        assert_eq!(d.agencies, ["AFP"]);

        // Capitals that are not a place the gazetteer knows, with nothing to vouch
        // for them, are left in the text.
        assert!(dateline("NASA - the agency said").is_none());
        assert!(dateline("The minister - who spoke first - left.").is_none());
    }

    #[test]
    fn headings_are_short_phrases() {
        assert_eq!(heading("- 'Only tolls' -"), Some("'Only tolls'"));
        assert_eq!(heading("Market reaction"), Some("Market reaction"));
        assert_eq!(heading("He left."), None);
        assert_eq!(heading("Paris, Rome and Madrid"), None);
        assert_eq!(heading("The ministers agreed to"), None);
        assert_eq!(heading("lowercase start"), None);
    }

    #[test]
    fn a_short_line_before_lowercase_text_is_a_broken_sentence() {
        let text = "Title\n\nREAD MORE: Another story\n\nFirst paragraph here.\n\n\
            Double champion\n\nwon again on Sunday in the final race.\n";
        let d = parse(text);
        assert!(d.headings.is_empty());
        assert_eq!(d.paragraphs[1], "Double champion");
    }

    #[test]
    fn related_labels_must_be_in_capitals() {
        assert_eq!(related_link("READ MORE: A story"), Some("read_more"));
        assert_eq!(related_link("OPINION: A view"), Some("related_link"));
        assert_eq!(related_link("Opinion: polls show a tie."), None);
    }

    #[test]
    fn a_lone_name_is_a_byline_unless_the_article_is_about_them() {
        let body =
            "The council met on Monday to approve a new budget for the coming financial year.";
        let d = parse(&format!("Title\n\nMaria Lopez\n\n{body}\n"));
        assert_eq!(d.authors, ["Maria Lopez"]);
        assert!(d.captions.is_empty());
        let d = parse(&format!(
            "Title\n\nMaria Lopez\n\n{body} Lopez voted against it.\n"
        ));
        assert!(d.authors.is_empty());
        assert_eq!(d.captions[0].text, "Maria Lopez");
    }

    #[test]
    fn a_country_can_be_the_dateline_place() {
        let d = dateline("GAZA - Crossings reopened.").expect("territory");
        assert_eq!(d.dateline.place.as_deref(), Some("Gaza"));
        assert_eq!(d.dateline.country.as_deref(), Some("PS"));
    }

    proptest::proptest! {
        /// Arbitrary text built from the characters the heuristics look at never
        /// makes the parser panic, and every body paragraph is non-empty.
        #[test]
        fn no_panic_on_arbitrary_layouts(
            text in "([A-Za-z ]{0,12}|[\\[\\]()/:,.\u{A0}\u{2013}\u{2019}\u{FEFF}-]|\n|\n\n| - |READ MORE: |Source: |DAMASCUS|By |Agence France-Presse){0,60}"
        ) {
            let d = parse(&text);
            proptest::prop_assert!(d.paragraphs.iter().all(|p| !p.is_empty()));
        }
    }

    #[test]
    fn stray_trailing_dashes_go() {
        assert_eq!(strip_trailing_dash("He said so.” –"), "He said so.”");
        assert_eq!(strip_trailing_dash("a well-known"), "a well-known");
        assert_eq!(strip_trailing_dash("–"), "–");
    }
}

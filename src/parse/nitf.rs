//! IPTC NITF (News Industry Text Format, 3.x) articles: headline, byline,
//! distributor, dateline, abstract, body paragraphs, subheadings, media captions
//! and the closing tagline, each put in its [`Document`] field. Also home of what
//! the XML formats share: the [`xml`] tree reader, the body walker (NITF
//! `body.content` and XHTML `body` alike) and the byline, dateline and date
//! readers, which [`super::newsml`] reuses. Places and agencies resolve through
//! [`super::gazetteer`], as in the text parser.

use crate::document::{Document, Format};
use crate::record::{Caption, Dateline, Removed};

use super::gazetteer;
use xml::{NodeId, Tree};

/// Parses a NITF document. `Err` is a one-line reason: malformed XML, another
/// root element, or no body text.
pub(super) fn parse(text: &str) -> Result<Document, String> {
    document(&Tree::parse(text)?)
}

/// The article of a parsed NITF document. A NewsML-G2 root is read as
/// NewsML-G2: the content decides, whatever sniffing a few kilobytes guessed.
pub(super) fn document(tree: &Tree) -> Result<Document, String> {
    let root = tree.root();
    match tree.name(root) {
        "nitf" => {}
        "newsitem" | "newsmessage" => return super::newsml::document(tree),
        _ => {
            return Err(format!(
                "the root element is <{}>, not <nitf>",
                tree.qname(root)
            ));
        }
    }
    let doc = read(tree, root);
    if doc.paragraphs.is_empty() {
        return Err("the NITF document has no body text (no paragraphs in body.content)".into());
    }
    Ok(doc)
}

/// The agency format an XML document's root element names (`<nitf>`,
/// `<newsMessage>`, `<nar:newsItem>`), from the lowercased start of the text.
/// Sniffing asks the root first: a NewsML-G2 item may embed NITF, and its
/// elements may carry a namespace prefix.
pub(super) fn sniff_root(head: &str) -> Option<Format> {
    let mut rest = head;
    loop {
        rest = &rest[rest.find('<')? + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = &comment[comment.find("-->")?..];
            continue;
        }
        // The XML declaration, a DOCTYPE and the declarations inside it.
        if rest.starts_with(['?', '!']) {
            continue;
        }
        let name = rest
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()?;
        let local = name.rsplit(':').next()?;
        return match local {
            "nitf" => Some(Format::Nitf),
            "newsitem" | "newsmessage" => Some(Format::NewsMl),
            _ => None,
        };
    }
}

/// Reads a `<nitf>` element, wherever it sits (a file's root, or the content of
/// a NewsML-G2 item).
pub(super) fn read(tree: &Tree, nitf: NodeId) -> Document {
    let mut doc = Document::default();
    let mut head_title = String::new();
    let mut dates = Vec::new();
    if let Some(head) = tree.child(nitf, "head") {
        head_title = tree
            .child(head, "title")
            .map_or_else(String::new, |t| tree.text(t));
        read_head(tree, head, &mut doc, &mut dates);
    }
    let body = tree.child(nitf, "body");
    if let Some(body_head) = body.and_then(|b| tree.child(b, "body.head")) {
        read_body_head(tree, body_head, &mut doc, &mut dates);
    }
    if doc.title.is_empty() {
        doc.title = head_title;
    }
    doc.published_at = dates.iter().find_map(|d| date(d));
    if let Some(body) = body {
        for content in tree.children_named(body, "body.content") {
            walk_body(tree, content, &mut doc);
        }
        for end in tree.children_named(body, "body.end") {
            for tagline in tree.children_named(end, "tagline") {
                credit_line(&mut doc, tree.text(tagline));
            }
        }
    }
    strip_body_dateline(&mut doc);
    doc
}

/// `head`: the publication dates (in order of preference), the copyright
/// holder and the publication's name.
fn read_head(tree: &Tree, head: NodeId, doc: &mut Document, dates: &mut Vec<String>) {
    if let Some(docdata) = tree.child(head, "docdata") {
        for name in ["date.issue", "date.release"] {
            if let Some(norm) = tree.child(docdata, name).and_then(|d| tree.attr(d, "norm")) {
                dates.push(norm.to_string());
            }
        }
        // A wire agency holding the copyright is the agency the copy comes from.
        let holder = tree
            .child(docdata, "doc.copyright")
            .and_then(|c| tree.attr(c, "holder"));
        if let Some(agency) = holder.and_then(gazetteer::agency) {
            add_agency(doc, agency);
        }
    }
    if let Some(pubdata) = tree.child(head, "pubdata") {
        if let Some(when) = tree.attr(pubdata, "date.publication") {
            dates.push(when.to_string());
        }
        doc.site_name = tree
            .attr(pubdata, "name")
            .map(squash)
            .filter(|n| !n.is_empty());
    }
}

/// `body.head`: headline and subheadline, bylines, distributor, dateline and
/// abstract (the standfirst when there is no subheadline).
fn read_body_head(tree: &Tree, body_head: NodeId, doc: &mut Document, dates: &mut Vec<String>) {
    let mut abstract_text = None;
    for id in tree.elements(body_head) {
        match tree.name(id) {
            "hedline" => {
                if let Some(hl1) = tree.child(id, "hl1") {
                    doc.title = tree.text(hl1);
                }
                if let Some(hl2) = tree.child(id, "hl2") {
                    doc.standfirst = Some(tree.text(hl2)).filter(|s| !s.is_empty());
                }
            }
            "byline" => byline_element(tree, id, doc),
            "distributor" => add_agency(doc, &tree.text(id)),
            "dateline" => dateline_element(tree, id, doc, dates),
            "abstract" => abstract_text = Some(tree.text(id)).filter(|s| !s.is_empty()),
            _ => {}
        }
    }
    if doc.standfirst.is_none() {
        doc.standfirst = abstract_text;
    }
}

/// `<byline>By <person>Jane Doe</person>, <byttl>Reuters</byttl></byline>`: the
/// people marked up as such, else the names in the printed text; a title naming
/// an agency credits it.
fn byline_element(tree: &Tree, id: NodeId, doc: &mut Document) {
    let named = |name: &'static str| tree.descendants(id).filter(move |&n| tree.name(n) == name);
    for title in named("byttl").chain(named("org")) {
        for part in tree.text(title).split([',', '/', ';']) {
            if let Some(agency) = gazetteer::agency(part) {
                add_agency(doc, agency);
            }
        }
    }
    let people: Vec<NodeId> = named("person").collect();
    if people.is_empty() {
        byline(doc, &tree.text_without(id, |n| tree.name(n) == "byttl"));
    } else {
        for person in people {
            add_person(doc, &tree.text(person));
        }
    }
}

/// `<dateline><location><city>ASTANA</city>, <country iso-cc="KZ">Kazakhstan</country>
/// </location>, <story.date norm="20170123">Jan. 23</story.date></dateline>`, or
/// the same as plain text. The story date's `norm` is a last-resort publication date.
fn dateline_element(tree: &Tree, id: NodeId, doc: &mut Document, dates: &mut Vec<String>) {
    let city = tree.find(id, "city").map(|c| tree.text(c));
    let country = tree.find(id, "country").map(|c| {
        tree.attr(c, "iso-cc")
            .map(str::to_string)
            .unwrap_or_else(|| tree.text(c))
    });
    let text = tree.text_without(id, |n| tree.name(n) == "story.date");
    if doc.dateline.is_none()
        && let Some((found, agencies)) = dateline(&text, city.as_deref(), country.as_deref())
    {
        doc.dateline = Some(found);
        for agency in agencies {
            add_agency(doc, agency);
        }
    }
    if let Some(norm) = tree
        .find(id, "story.date")
        .and_then(|d| tree.attr(d, "norm"))
    {
        dates.push(norm.to_string());
    }
}

/// Element names that start a block of text: text on either side of one is not
/// run together, and an element holding one is walked into rather than read as
/// a single paragraph. NITF and XHTML names together.
const BLOCKS: &[&str] = &[
    "p",
    "pre",
    "fn",
    "block",
    "bq",
    "blockquote",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "hl1",
    "hl2",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "media",
    "figure",
    "figcaption",
    "note",
    "byline",
    "dateline",
    "abstract",
    "tagline",
    "credit",
    "hr",
];

/// Elements that carry no article text (markup furniture and metadata).
const SKIPPED: &[&str] = &[
    "hr",
    "br",
    "img",
    "media-reference",
    "tobject",
    "key-list",
    "classifier",
    "copyrite",
    "datasource",
    "script",
    "style",
    "head",
];

/// Reads an article body into `doc`: NITF `body.content` or an XHTML `body`,
/// whose vocabularies overlap (`p`, lists) and otherwise do not clash.
/// Paragraphs keep their order and the text of their inline elements; `hl2` and
/// `h2`-`h6` are subheadings; a first-level heading is the title, or its repeat;
/// captions come from `media` and `figure`. Walks with its own stack, so deep
/// nesting costs memory, not call stack.
pub(super) fn walk_body(tree: &Tree, container: NodeId, doc: &mut Document) {
    let mut stack: Vec<NodeId> = tree.children(container).iter().rev().copied().collect();
    while let Some(id) = stack.pop() {
        if let Some(text) = tree.text_node(id) {
            doc.paragraphs.extend(plain_paragraphs(text));
            continue;
        }
        match tree.name(id) {
            name if SKIPPED.contains(&name) => {}
            "hl1" | "h1" => title_heading(doc, tree.text(id)),
            "hl2" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let heading = tree.text(id);
                if !heading.is_empty() {
                    doc.headings.push(heading);
                }
            }
            "media" => {
                let credit = tree
                    .find(id, "media-producer")
                    .map(|p| tree.text(p))
                    .filter(|c| !c.is_empty());
                for caption in tree
                    .descendants(id)
                    .filter(|&n| tree.name(n) == "media-caption")
                {
                    add_caption(doc, tree.text(caption), credit.clone());
                }
            }
            "figure" => {
                for caption in tree
                    .descendants(id)
                    .filter(|&n| tree.name(n) == "figcaption")
                {
                    figcaption(tree, caption, doc);
                }
            }
            "figcaption" => figcaption(tree, id, doc),
            "note" => removed(doc, "note", tree.text(id)),
            "table" => removed(doc, "table", tree.text(id)),
            "byline" => byline_element(tree, id, doc),
            "dateline" => dateline_element(tree, id, doc, &mut Vec::new()),
            "abstract" => {
                let text = tree.text(id);
                if doc.standfirst.is_none() && !text.is_empty() {
                    doc.standfirst = Some(text);
                }
            }
            "tagline" => credit_line(doc, tree.text(id)),
            _ if tree.elements(id).any(|c| BLOCKS.contains(&tree.name(c))) => {
                stack.extend(tree.children(id).iter().rev().copied());
            }
            _ => {
                let text = tree.text(id);
                if !text.is_empty() {
                    doc.paragraphs.push(text);
                }
            }
        }
    }
}

/// A first-level heading inside the body: the title when there is none yet,
/// its repeat (removed), or else a heading.
fn title_heading(doc: &mut Document, text: String) {
    if text.is_empty() {
        return;
    }
    if doc.title.is_empty() {
        doc.title = text;
    } else if text.to_lowercase() == doc.title.to_lowercase() {
        removed(doc, "repeated_title", text);
    } else {
        doc.headings.push(text);
    }
}

/// An XHTML `figcaption`: its credit is a child marked as one (`class="credit"`,
/// `<cite>`, `<small>`), the caption the rest.
fn figcaption(tree: &Tree, id: NodeId, doc: &mut Document) {
    let is_credit = |n: NodeId| {
        matches!(tree.name(n), "cite" | "small")
            || tree
                .attr(n, "class")
                .is_some_and(|c| c.to_lowercase().contains("credit"))
    };
    let credit = tree
        .descendants(id)
        .find(|&n| is_credit(n))
        .map(|n| tree.text(n))
        .filter(|c| !c.is_empty());
    add_caption(doc, tree.text_without(id, is_credit), credit);
}

/// Labels a photo credit may start with (`Photo: Jane Doe/AFP`).
const CREDIT_LABELS: &[&str] = &["photo:", "photograph:", "picture:", "image:", "credit:"];

fn add_caption(doc: &mut Document, text: String, credit: Option<String>) {
    if text.is_empty() || doc.captions.iter().any(|c| c.text == text) {
        return;
    }
    let credit = credit.map(|credit| {
        let label = CREDIT_LABELS.iter().find(|l| {
            credit
                .get(..l.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(l))
        });
        match label {
            Some(label) => credit[label.len()..].trim().to_string(),
            None => credit,
        }
    });
    let credit = credit.filter(|c| !c.is_empty());
    removed(doc, "caption", text.clone());
    doc.captions.push(Caption { text, credit });
}

fn removed(doc: &mut Document, kind: &str, text: String) {
    if !text.is_empty() {
        doc.removed.push(Removed {
            kind: kind.to_string(),
            text,
        });
    }
}

/// A closing credit line (NITF `tagline`): the first one is the credit.
fn credit_line(doc: &mut Document, text: String) {
    if text.is_empty() {
        return;
    }
    if doc.credit.is_none() {
        doc.credit = Some(text.clone());
    }
    removed(doc, "source_line", text);
}

/// Words that make a byline part a job title, not a person.
const ROLE_WORDS: &[&str] = &[
    "writer",
    "reporter",
    "correspondent",
    "editor",
    "staff",
    "contributor",
];

/// The names in a printed byline: `By Jane Doe and John Roe, Reuters` gives two
/// people and an agency; job titles (`Staff Writer`) are left out.
pub(super) fn byline(doc: &mut Document, text: &str) {
    let text = squash(text);
    for part in strip_by(&text)
        .split([',', ';', '&', '|'])
        .flat_map(|p| p.split(" and "))
    {
        let lower = part.to_lowercase();
        if !ROLE_WORDS.iter().any(|w| lower.contains(w)) {
            add_person(doc, part);
        }
    }
}

/// Adds a byline name: an agency's name goes to `agencies`, a person's to
/// `authors` once.
pub(super) fn add_person(doc: &mut Document, name: &str) {
    let name = squash(name);
    let name = strip_by(&name);
    if name.is_empty() {
        return;
    }
    match gazetteer::agency(name) {
        Some(agency) => add_agency(doc, agency),
        None if !doc.authors.iter().any(|a| a == name) => doc.authors.push(name.to_string()),
        None => {}
    }
}

/// Adds an agency the markup credits, in the short form when the gazetteer
/// knows it, else as written.
pub(super) fn add_agency(doc: &mut Document, name: &str) {
    let name = squash(name);
    if name.is_empty() {
        return;
    }
    let short = gazetteer::agency(&name).map_or(name, str::to_string);
    if !doc.agencies.contains(&short) {
        doc.agencies.push(short);
    }
}

/// `By Jane Doe` -> `Jane Doe`, in any case.
fn strip_by(text: &str) -> &str {
    match text.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => text[3..].trim_start(),
        _ => text,
    }
}

/// Wire copy often opens its first paragraph with the dateline (`TROMSO,
/// Norway, March 3 (Reuters) - The ...`) even when the markup states it too.
/// As the text parser does, that opening leaves the body: it counts as a
/// dateline when its place is in capitals and either is the markup's dateline
/// place or resolves on its own (a known city or country, a credited agency).
/// The markup's dateline, when there is one, stays the record's.
pub(super) fn strip_body_dateline(doc: &mut Document) {
    let Some(first) = doc.paragraphs.first() else {
        return;
    };
    let Some((head, rest)) = [" - ", " – ", " — ", " -- "]
        .iter()
        .filter_map(|sep| first.split_once(sep))
        .min_by_key(|(head, _)| head.len())
    else {
        return;
    };
    let place = head.split([',', '(']).next().unwrap_or(head).trim();
    if head.chars().count() > 80
        || rest.trim().is_empty()
        || place.chars().filter(|c| c.is_alphabetic()).count() < 3
        || !is_capitals(place)
    {
        return;
    }
    let Some((found, agencies)) = dateline(head, None, None) else {
        return;
    };
    let same_place = doc
        .dateline
        .as_ref()
        .and_then(|d| d.place.as_deref())
        .zip(found.place.as_deref())
        .is_some_and(|(a, b)| a.to_lowercase() == b.to_lowercase());
    let resolves =
        gazetteer::city(place).is_some() || found.country.is_some() || !agencies.is_empty();
    if !same_place && !resolves {
        return;
    }
    let rest = rest.trim_start().to_string();
    doc.paragraphs[0] = rest;
    if doc.dateline.is_none() {
        doc.dateline = Some(found);
    }
    for agency in agencies {
        add_agency(doc, agency);
    }
}

/// A dateline from what the markup says: its text as printed (`ASTANA,
/// Kazakhstan, Jan. 23 (Reuters)`) and, when the markup names them, the city
/// and country (a name or an ISO code). Dates and parenthesised credits leave
/// the text, as in the text parser's datelines; credited agencies are returned.
/// The place resolves through the gazetteer: a known city gets its spelling and
/// country, a place in capitals is title-cased.
pub(super) fn dateline(
    text: &str,
    city: Option<&str>,
    country: Option<&str>,
) -> Option<(Dateline, Vec<&'static str>)> {
    let mut head = squash(text);
    let mut agencies = Vec::new();
    loop {
        let trimmed = head.trim_end_matches([' ', ',', '-', '–', '—', ':', ';']);
        let paren = trimmed
            .strip_suffix(')')
            .and_then(|inner| inner.rsplit_once('('));
        match paren {
            Some((before, inside)) => {
                agencies.extend(gazetteer::agency(inside));
                head = before.to_string();
            }
            None => {
                head = trimmed.to_string();
                break;
            }
        }
    }
    // A date ("Jan. 23") belongs to the wire header, not the place.
    let parts: Vec<&str> = head
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.chars().any(|c| c.is_ascii_digit()))
        .collect();
    let city = city.map(squash).filter(|c| !c.is_empty());
    let raw_place = city
        .clone()
        .or_else(|| parts.first().map(|p| p.to_string()))?;
    let shown = if parts.is_empty() {
        [Some(raw_place.clone()), country.map(squash)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        parts.join(", ")
    };
    let known = gazetteer::city(&raw_place);
    let code = country
        .and_then(gazetteer::country_code)
        .or_else(|| {
            parts
                .iter()
                .skip(1)
                .find_map(|p| gazetteer::country_of_part(p))
        })
        .or(known.map(|(_, code)| code))
        .or_else(|| gazetteer::country_code(&raw_place))
        .map(str::to_string)
        .or_else(|| country.and_then(iso_code));
    let place = match known {
        Some((name, _)) => name.to_string(),
        None if is_capitals(&raw_place) => gazetteer::title_case(&raw_place),
        None => raw_place,
    };
    Some((
        Dateline {
            text: shown,
            place: Some(place),
            country: code,
        },
        agencies,
    ))
}

/// A country given as a code (NITF `iso-cc="KZ"`, NewsML-G2 `iso3166-1a2:KZ`).
fn iso_code(country: &str) -> Option<String> {
    let country = country.trim();
    (country.len() == 2 && country.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| country.to_ascii_uppercase())
}

fn is_capitals(text: &str) -> bool {
    text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase)
}

/// A date as the XML formats state it, as RFC 3339: NITF's ISO 8601 basic form
/// (`20170123T101500Z`, `20170123T1015+0100`, `20170123`) or the extended form
/// NewsML-G2 uses. As for web pages, a date-time without an offset keeps only
/// its date.
pub(super) fn date(value: &str) -> Option<String> {
    let value = value.trim();
    let extended = basic_to_extended(value);
    super::html::rfc3339(extended.as_deref().unwrap_or(value))
}

/// `20170123T101500+0100` -> `2017-01-23T10:15:00+01:00`; `None` when the value
/// is not in the basic form.
fn basic_to_extended(value: &str) -> Option<String> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    if value.len() < 8 || digits(value) != 8 {
        return None;
    }
    // The first eight bytes are ASCII digits, so these are character boundaries.
    let mut out = format!("{}-{}-{}", &value[..4], &value[4..6], &value[6..8]);
    let Some(time) = value[8..].strip_prefix(['T', 't']) else {
        return value[8..].is_empty().then_some(out);
    };
    let n = digits(time);
    match n {
        4 => out.push_str(&format!("T{}:{}:00", &time[..2], &time[2..4])),
        6 => out.push_str(&format!("T{}:{}:{}", &time[..2], &time[2..4], &time[4..6])),
        _ => return None,
    }
    let mut rest = &time[n..];
    if let Some(fraction) = rest.strip_prefix(['.', ',']) {
        let f = digits(fraction);
        out.push('.');
        out.push_str(&fraction[..f]);
        rest = &fraction[f..];
    }
    match rest {
        "" => {}
        "Z" | "z" => out.push('Z'),
        _ => {
            let sign = rest.strip_prefix('+').map(|r| ('+', r));
            let (sign, zone) = sign.or_else(|| rest.strip_prefix('-').map(|r| ('-', r)))?;
            let zone = zone.replace(':', "");
            if !zone.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            match zone.len() {
                2 => out.push_str(&format!("{sign}{zone}:00")),
                4 => out.push_str(&format!("{sign}{}:{}", &zone[..2], &zone[2..])),
                _ => return None,
            }
        }
    }
    Some(out)
}

/// Collapses runs of whitespace (no-break spaces included) into one space.
pub(super) fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plain text (NewsML-G2 `inlineData`, bare text in a body) as paragraphs: split
/// at blank lines, lines within a paragraph joined.
pub(super) fn plain_paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(squash(&current));
                current.clear();
            }
        } else {
            current.push(' ');
            current.push_str(line);
        }
    }
    if !current.trim().is_empty() {
        out.push(squash(&current));
    }
    out
}

/// The XML tree the NITF and NewsML-G2 parsers query: built from `quick-xml`
/// events into one flat arena (no recursion anywhere, so any nesting depth is
/// safe), with element names reduced to lowercase local names so that
/// namespaced and plain documents read alike.
pub(super) mod xml {
    use quick_xml::XmlVersion;
    use quick_xml::errors::SyntaxError;
    use quick_xml::escape::resolve_predefined_entity;
    use quick_xml::events::{BytesRef, BytesStart, Event};
    use quick_xml::reader::Reader;

    use super::{BLOCKS, squash};

    /// An index into the tree's arena.
    pub(in crate::parse) type NodeId = usize;

    enum Data {
        Element {
            /// Local name, lowercase (`newsitem`, `body.content`).
            name: String,
            /// The name as written, for messages.
            qname: String,
            /// Local attribute names (lowercase) and their values.
            attrs: Vec<(String, String)>,
        },
        Text(String),
    }

    struct Node {
        data: Data,
        children: Vec<NodeId>,
    }

    /// A parsed XML document.
    pub(in crate::parse) struct Tree {
        nodes: Vec<Node>,
        root: NodeId,
    }

    impl Tree {
        /// Parses a whole document. Entities: the five XML ones and character
        /// references decode; HTML's named entities (`&nbsp;`, `&eacute;`)
        /// decode too, as feeds use them undeclared; any other stays as written.
        /// A DTD is never read, so nothing is fetched and no entity expands.
        /// `Err` is a one-line reason with the line it was found on.
        pub(in crate::parse) fn parse(text: &str) -> Result<Tree, String> {
            let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
            let mut reader = Reader::from_str(text);
            let config = reader.config_mut();
            // A lone `&` ("AT&T") is kept as text rather than failing the file.
            config.allow_dangling_amp = true;
            config.check_end_names = true;
            let mut builder = Builder {
                nodes: Vec::new(),
                open: Vec::new(),
                root: None,
            };
            loop {
                let event = reader
                    .read_event()
                    .map_err(|e| malformed(&e, line_at(text, reader.error_position())))?;
                let at = || line_at(text, reader.buffer_position());
                match event {
                    Event::Start(e) => {
                        let id = builder
                            .element(&e)
                            .map_err(|m| format!("{m} at line {}", at()))?;
                        builder.open.push(id);
                    }
                    Event::Empty(e) => {
                        builder
                            .element(&e)
                            .map_err(|m| format!("{m} at line {}", at()))?;
                    }
                    Event::End(_) => {
                        builder.open.pop();
                    }
                    Event::Text(t) => builder
                        .text(&t.xml10_content())
                        .map_err(|m| format!("{m} at line {}", at()))?,
                    Event::CData(t) => builder
                        .text(&t.xml10_content())
                        .map_err(|m| format!("{m} at line {}", at()))?,
                    Event::GeneralRef(r) => builder
                        .text(&entity(&r))
                        .map_err(|m| format!("{m} at line {}", at()))?,
                    Event::Eof => break,
                    Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
                }
            }
            if let Some(&open) = builder.open.last() {
                return Err(format!(
                    "the XML ends inside <{}>: the file is truncated or a tag is never closed",
                    builder.qname(open)
                ));
            }
            let root = builder.root.ok_or("the file has no XML root element")?;
            Ok(Tree {
                nodes: builder.nodes,
                root,
            })
        }

        pub(in crate::parse) fn root(&self) -> NodeId {
            self.root
        }

        /// The lowercase local name of an element; empty for a text node.
        pub(in crate::parse) fn name(&self, id: NodeId) -> &str {
            match &self.nodes[id].data {
                Data::Element { name, .. } => name,
                Data::Text(_) => "",
            }
        }

        /// An element's name as written.
        pub(in crate::parse) fn qname(&self, id: NodeId) -> &str {
            match &self.nodes[id].data {
                Data::Element { qname, .. } => qname,
                Data::Text(_) => "",
            }
        }

        /// An attribute's value, by lowercase local name (`xml:lang` is `lang`).
        pub(in crate::parse) fn attr(&self, id: NodeId, key: &str) -> Option<&str> {
            match &self.nodes[id].data {
                Data::Element { attrs, .. } => attrs
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.as_str()),
                Data::Text(_) => None,
            }
        }

        /// The content of a text node; `None` for an element.
        pub(in crate::parse) fn text_node(&self, id: NodeId) -> Option<&str> {
            match &self.nodes[id].data {
                Data::Text(text) => Some(text),
                Data::Element { .. } => None,
            }
        }

        /// All children, text nodes included, in document order.
        pub(in crate::parse) fn children(&self, id: NodeId) -> &[NodeId] {
            &self.nodes[id].children
        }

        /// The element children, in document order.
        pub(in crate::parse) fn elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
            self.children(id)
                .iter()
                .copied()
                .filter(|&c| self.text_node(c).is_none())
        }

        /// The element children with a local name.
        pub(in crate::parse) fn children_named<'a>(
            &'a self,
            id: NodeId,
            name: &'a str,
        ) -> impl Iterator<Item = NodeId> + 'a {
            self.elements(id).filter(move |&c| self.name(c) == name)
        }

        /// The first element child with a local name.
        pub(in crate::parse) fn child(&self, id: NodeId, name: &str) -> Option<NodeId> {
            self.children_named(id, name).next()
        }

        /// The elements below `id`, in document order.
        pub(in crate::parse) fn descendants(&self, id: NodeId) -> Descendants<'_> {
            let mut stack = Vec::new();
            stack.extend(self.children(id).iter().rev().copied());
            Descendants { tree: self, stack }
        }

        /// The first element below `id` with a local name.
        pub(in crate::parse) fn find(&self, id: NodeId, name: &str) -> Option<NodeId> {
            self.descendants(id).find(|&n| self.name(n) == name)
        }

        /// The text of an element, whitespace collapsed; blocks (paragraphs,
        /// list items, line breaks) are kept apart by a space, inline elements
        /// run on as printed.
        pub(in crate::parse) fn text(&self, id: NodeId) -> String {
            self.text_without(id, |_| false)
        }

        /// [`Tree::text`], leaving out the elements `skip` picks (and what is
        /// inside them).
        pub(in crate::parse) fn text_without(
            &self,
            id: NodeId,
            skip: impl Fn(NodeId) -> bool,
        ) -> String {
            let mut out = String::new();
            let mut stack: Vec<NodeId> = self.children(id).iter().rev().copied().collect();
            while let Some(id) = stack.pop() {
                match &self.nodes[id].data {
                    Data::Text(text) => out.push_str(text),
                    Data::Element { name, .. } => {
                        if skip(id) {
                            continue;
                        }
                        if name == "br" || BLOCKS.contains(&name.as_str()) {
                            out.push(' ');
                        }
                        stack.extend(self.nodes[id].children.iter().rev().copied());
                    }
                }
            }
            squash(&out)
        }

        /// The text below an element exactly as written (entities decoded):
        /// what plain-text content such as NewsML-G2 `inlineData` holds.
        pub(in crate::parse) fn raw_text(&self, id: NodeId) -> String {
            let mut out = String::new();
            let mut stack = vec![id];
            while let Some(id) = stack.pop() {
                match &self.nodes[id].data {
                    Data::Text(text) => out.push_str(text),
                    Data::Element { .. } => {
                        stack.extend(self.nodes[id].children.iter().rev().copied())
                    }
                }
            }
            out
        }
    }

    /// Pre-order walk over the elements below a node (see [`Tree::descendants`]).
    pub(in crate::parse) struct Descendants<'a> {
        tree: &'a Tree,
        stack: Vec<NodeId>,
    }

    impl Iterator for Descendants<'_> {
        type Item = NodeId;

        fn next(&mut self) -> Option<NodeId> {
            loop {
                let id = self.stack.pop()?;
                if self.tree.text_node(id).is_none() {
                    self.stack
                        .extend(self.tree.children(id).iter().rev().copied());
                    return Some(id);
                }
            }
        }
    }

    /// The tree as it is being built: the elements still open, innermost last.
    struct Builder {
        nodes: Vec<Node>,
        open: Vec<NodeId>,
        root: Option<NodeId>,
    }

    impl Builder {
        fn qname(&self, id: NodeId) -> &str {
            match &self.nodes[id].data {
                Data::Element { qname, .. } => qname,
                Data::Text(_) => "",
            }
        }

        /// Adds an element under the innermost open one; the first becomes the
        /// root, and there may be only one.
        fn element(&mut self, e: &BytesStart) -> Result<NodeId, String> {
            let qname = e.name().as_ref().to_string();
            if self.open.is_empty()
                && let Some(root) = self.root
            {
                return Err(format!(
                    "<{qname}> after the end of the root element <{}>",
                    self.qname(root)
                ));
            }
            let name = e.local_name().as_ref().to_lowercase();
            let mut attributes = e.attributes();
            attributes.with_checks(false);
            let attrs = attributes
                .filter_map(Result::ok)
                .filter(|a| {
                    let key = a.key.as_ref();
                    key != "xmlns" && !key.starts_with("xmlns:")
                })
                .map(|a| {
                    let key = a.key.local_name().as_ref().to_lowercase();
                    let value = a
                        .normalized_value_with(
                            XmlVersion::Implicit1_0,
                            1,
                            resolve_predefined_entity,
                        )
                        .map(|v| v.into_owned())
                        // An undefined entity keeps the value as written.
                        .unwrap_or_else(|_| a.value.to_string());
                    (key, value)
                })
                .collect();
            let id = self.nodes.len();
            self.nodes.push(Node {
                data: Data::Element { name, qname, attrs },
                children: Vec::new(),
            });
            match self.open.last() {
                Some(&parent) => self.nodes[parent].children.push(id),
                None => self.root = Some(id),
            }
            Ok(id)
        }

        /// Adds text to the innermost open element, joining it to a text node
        /// just before. Outside the root only whitespace may stand.
        fn text(&mut self, text: &str) -> Result<(), String> {
            let Some(&parent) = self.open.last() else {
                if text.trim().is_empty() {
                    return Ok(());
                }
                return Err(match self.root {
                    Some(root) => format!(
                        "text after the end of the root element <{}>",
                        self.qname(root)
                    ),
                    None => "text before the root element".to_string(),
                });
            };
            if let Some(&last) = self.nodes[parent].children.last()
                && let Data::Text(existing) = &mut self.nodes[last].data
            {
                existing.push_str(text);
                return Ok(());
            }
            let id = self.nodes.len();
            self.nodes.push(Node {
                data: Data::Text(text.to_string()),
                children: Vec::new(),
            });
            self.nodes[parent].children.push(id);
            Ok(())
        }
    }

    /// The reason for a `quick-xml` error. Its syntax errors other than bad
    /// `<!` markup are all a construct still open at the end of the input.
    fn malformed(error: &quick_xml::Error, line: usize) -> String {
        match error {
            quick_xml::Error::Syntax(e) if *e != SyntaxError::InvalidBangMarkup => format!(
                "the XML ends inside markup opened at line {line} ({e}): \
                 the file is truncated, or a quote or comment is never closed"
            ),
            e => format!("malformed XML at line {line}: {e}"),
        }
    }

    /// The text an entity or character reference stands for; an unknown one
    /// stays as written.
    fn entity(r: &BytesRef) -> String {
        match r.resolve_char_ref() {
            Ok(Some(c)) => return c.to_string(),
            Ok(None) => {}
            Err(_) => return format!("&{};", &**r),
        }
        match resolve_predefined_entity(r) {
            Some(text) => text.to_string(),
            None => format!("&{};", &**r),
        }
    }

    /// The 1-based line of a byte offset.
    fn line_at(text: &str, offset: u64) -> usize {
        let end = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(text.len());
        text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nitf(body_content: &str) -> String {
        format!(
            "<nitf><head><title>Head title</title></head><body><body.head>\
             <hedline><hl1>Ferry link restored</hl1></hedline></body.head>\
             <body.content>{body_content}</body.content></body></nitf>"
        )
    }

    const ARTICLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN">
  <head>
    <title>FERRY-RESTORED</title>
    <docdata>
      <doc-id id-string="TST-2031-0415-001"/>
      <date.issue norm="20310415T081500+0200"/>
      <doc.copyright year="2031" holder="Agence France-Presse"/>
    </docdata>
    <pubdata type="web" name="Northwind Wire"/>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Ferry link to Skarholm restored</hl1><hl2>Islanders welcome the first crossing in a month</hl2></hedline>
      <byline>By <person>Ines Valtonen</person> and <person>Marek Holm</person>, <byttl>Staff Writers</byttl></byline>
      <distributor><org>Reuters</org></distributor>
      <dateline><location><city>OSLO</city>, <country>Norway</country></location>, <story.date norm="20310415">April 15</story.date></dateline>
    </body.head>
    <body.content>
      <p>The ferry to <location>Skarholm</location> sailed again on <chron>Tuesday</chron>.</p>
      <media media-type="image">
        <media-reference source="ferry.jpg" mime-type="image/jpeg"/>
        <media-caption>The ferry leaves the harbour at dawn</media-caption>
        <media-producer>Lena Dahl/Northwind</media-producer>
      </media>
      <hl2>Repairs took longer</hl2>
      <block><p>Engineers replaced a <em>damaged</em> ramp.</p></block>
    </body.content>
    <body.end><tagline>Reporting by Ines Valtonen; editing by Per Lund</tagline></body.end>
  </body>
</nitf>"#;

    #[test]
    fn every_field_lands_where_the_record_expects_it() {
        let d = parse(ARTICLE).expect("parses");
        assert_eq!(d.title, "Ferry link to Skarholm restored");
        assert_eq!(
            d.standfirst.as_deref(),
            Some("Islanders welcome the first crossing in a month")
        );
        assert_eq!(d.authors, ["Ines Valtonen", "Marek Holm"]);
        assert_eq!(d.agencies, ["AFP", "Reuters"]);
        assert_eq!(d.site_name.as_deref(), Some("Northwind Wire"));
        assert_eq!(d.published_at.as_deref(), Some("2031-04-15T06:15:00Z"));
        let dateline = d.dateline.expect("dateline");
        assert_eq!(dateline.text, "OSLO, Norway");
        assert_eq!(dateline.place.as_deref(), Some("Oslo"));
        assert_eq!(dateline.country.as_deref(), Some("NO"));
        assert_eq!(
            d.paragraphs,
            [
                "The ferry to Skarholm sailed again on Tuesday.",
                "Engineers replaced a damaged ramp."
            ]
        );
        assert_eq!(d.headings, ["Repairs took longer"]);
        assert_eq!(d.captions.len(), 1);
        assert_eq!(d.captions[0].text, "The ferry leaves the harbour at dawn");
        assert_eq!(d.captions[0].credit.as_deref(), Some("Lena Dahl/Northwind"));
        assert_eq!(
            d.credit.as_deref(),
            Some("Reporting by Ines Valtonen; editing by Per Lund")
        );
        let kinds: Vec<&str> = d.removed.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["caption", "source_line"]);
    }

    #[test]
    fn broken_xml_is_an_error_with_a_reason() {
        let mid_tag = &ARTICLE[..ARTICLE.len() / 2];
        let between_tags = &ARTICLE[..ARTICLE.find("<hl2>").expect("hl2")];
        let cases = [
            (mid_tag, "truncated"),
            (between_tags, "truncated"),
            ("<nitf><body><!-- a comment", "truncated"),
            ("<nitf><body><p>x</body></nitf>", "expected `</p>`"),
            (
                "<nitf><body></body></nitf><nitf/>",
                "after the end of the root",
            ),
            (
                "<nitf><body></body></nitf> trailing words",
                "text after the end",
            ),
            ("words first <nitf/>", "text before the root"),
            ("<nitf><body></nitf>", "expected `</body>`"),
            ("</nitf>", "malformed XML"),
            ("<nitf attr=\"unclosed><body/></nitf>", "never closed"),
            ("", "no XML root element"),
            ("<html><body><p>x</p></body></html>", "not <nitf>"),
            ("<nitf><body><body.content/></body></nitf>", "no body text"),
        ];
        for (input, reason) in cases {
            let err = parse(input).expect_err(input);
            assert!(err.contains(reason), "{input:?}: {err}");
            assert!(!err.contains('\n'), "one line: {err}");
        }
        let err = parse("<nitf>\n<body>\n<p>x</b>\n</body></nitf>").unwrap_err();
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn garbage_does_not_panic() {
        for input in [
            "<",
            "<<<>>>",
            "<nitf",
            "<nitf><",
            "&",
            "<nitf>&#xFFFFFFFF;</nitf>",
            "<?xml?>",
            "<!DOCTYPE",
            "<![CDATA[",
            "<nitf><!--",
            "\u{FEFF}",
            "<a:b:c/>",
            "<nitf>\u{0}</nitf>",
        ] {
            let _ = parse(input);
        }
    }

    #[test]
    fn a_hundred_thousand_nested_elements_do_not_overflow_the_stack() {
        const DEPTH: usize = 100_000;
        let deep_blocks = nitf(&format!(
            "{}<p>Deep inside the blocks.</p>{}",
            "<block>".repeat(DEPTH),
            "</block>".repeat(DEPTH)
        ));
        assert_eq!(
            parse(&deep_blocks).expect("deep blocks").paragraphs,
            ["Deep inside the blocks."]
        );
        let deep_inline = nitf(&format!(
            "<p>Start {}middle{} end.</p>",
            "<em>".repeat(DEPTH),
            "</em>".repeat(DEPTH)
        ));
        assert_eq!(
            parse(&deep_inline).expect("deep inline").paragraphs,
            ["Start middle end."]
        );
        let unclosed = nitf(&"<block>".repeat(DEPTH));
        assert!(
            parse(&unclosed)
                .unwrap_err()
                .contains("expected `</block>`")
        );
        let truncated = format!("<nitf>{}", "<block>".repeat(DEPTH));
        assert!(parse(&truncated).unwrap_err().contains("truncated"));
    }

    #[test]
    fn time_grows_linearly_with_a_single_huge_line() {
        let time = |paragraphs: usize| {
            let text = nitf(
                &"<p>The harbour board met on <em>Thursday</em> &amp; agreed.</p>"
                    .repeat(paragraphs),
            );
            assert!(!text.contains('\n'));
            let started = std::time::Instant::now();
            let doc = parse(&text).expect("parses");
            assert_eq!(doc.paragraphs.len(), paragraphs);
            started.elapsed()
        };
        let small = (0..2).map(|_| time(20_000)).min().unwrap_or_default();
        let large = (0..2).map(|_| time(80_000)).min().unwrap_or_default();
        // Four times the input: a quadratic walk would take sixteen times as long.
        assert!(
            large < small * 10 + std::time::Duration::from_millis(50),
            "{small:?} for 20,000 paragraphs, {large:?} for 80,000"
        );
    }

    #[test]
    fn entities_decode_and_unknown_ones_stay() {
        let d = parse(&nitf(
            "<p>Caf&eacute;&nbsp;owners &amp; &#8220;fishers&#x201D; &lt;met&gt; at AT&T &madeup; too</p>",
        ))
        .expect("parses");
        assert_eq!(
            d.paragraphs,
            ["Café owners & “fishers” <met> at AT&T &madeup; too"]
        );
    }

    #[test]
    fn a_dtd_neither_fetches_nor_expands_entities() {
        let mut dtd = String::from("<!ENTITY lol0 \"lol\">");
        for i in 1..10 {
            let refs = format!("&lol{};", i - 1).repeat(10);
            dtd.push_str(&format!("<!ENTITY lol{i} \"{refs}\">"));
        }
        let text = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE nitf SYSTEM \"http://example.invalid/nitf.dtd\" [{dtd}\
             <!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n{}",
            nitf("<p>Bomb &lol9; and &secret; here.</p>")
        );
        let d = parse(&text).expect("parses");
        assert_eq!(d.paragraphs, ["Bomb &lol9; and &secret; here."]);
    }

    #[test]
    fn namespaced_documents_read_like_plain_ones() {
        let plain = parse(ARTICLE).expect("plain");
        let namespaced = ARTICLE.replace(
            "<nitf version",
            "<nitf xmlns=\"http://iptc.org/std/NITF/2006-10-18/\" version",
        );
        let prefixed = ARTICLE
            .replace(
                "<nitf version",
                "<n:nitf xmlns:n=\"http://iptc.org/std/NITF/2006-10-18/\" version",
            )
            .replace("</nitf>", "</n:nitf>");
        for text in [namespaced, prefixed] {
            let d = parse(&text).expect("namespaced");
            assert_eq!(d.title, plain.title);
            assert_eq!(d.paragraphs, plain.paragraphs);
            assert_eq!(d.captions, plain.captions);
        }
    }

    #[test]
    fn the_root_element_names_the_format() {
        let sniff = |text: &str| sniff_root(&text.to_lowercase());
        assert_eq!(sniff("<nitf><head/></nitf>"), Some(Format::Nitf));
        assert_eq!(
            sniff(
                "<?xml version=\"1.0\"?>\n<!-- <nitf> --><!DOCTYPE x [<!ENTITY a \"b\">]>\n<nar:newsItem xmlns:nar=\"x\"><nitf:nitf/>"
            ),
            Some(Format::NewsMl)
        );
        assert_eq!(sniff("<newsMessage>"), Some(Format::NewsMl));
        assert_eq!(sniff("<html><nitf>"), None);
        assert_eq!(sniff("<!-- unclosed"), None);
        assert_eq!(sniff("no markup"), None);
    }

    #[test]
    fn iso_basic_dates_become_rfc3339() {
        assert_eq!(
            date("20170123T101500Z").as_deref(),
            Some("2017-01-23T10:15:00Z")
        );
        assert_eq!(
            date("20170123T1015+0100").as_deref(),
            Some("2017-01-23T09:15:00Z")
        );
        assert_eq!(
            date("20170123T101500.5-05").as_deref(),
            Some("2017-01-23T15:15:00.5Z")
        );
        assert_eq!(date("20170123").as_deref(), Some("2017-01-23"));
        // No offset: the time would be a guess, the date is not.
        assert_eq!(date("20170123T101500").as_deref(), Some("2017-01-23"));
        assert_eq!(
            date("2017-01-23T10:15:00+01:00").as_deref(),
            Some("2017-01-23T09:15:00Z")
        );
        assert_eq!(date("20171323"), None);
        assert_eq!(date("next Tuesday"), None);
        assert_eq!(date("2017012€"), None);
    }

    #[test]
    fn datelines_resolve_through_the_gazetteer() {
        let (d, agencies) = dateline("CAIRO, Jan. 23 (Reuters) -", None, None).expect("plain");
        assert_eq!(d.text, "CAIRO");
        assert_eq!(d.place.as_deref(), Some("Cairo"));
        assert_eq!(d.country.as_deref(), Some("EG"));
        assert_eq!(agencies, ["Reuters"]);

        let (d, _) = dateline("SMALLTOWN, Norway", None, None).expect("country named");
        assert_eq!(d.place.as_deref(), Some("Smalltown"));
        assert_eq!(d.country.as_deref(), Some("NO"));

        let (d, _) = dateline("Port Veyra", Some("Port Veyra"), Some("ke")).expect("iso code");
        assert_eq!(d.place.as_deref(), Some("Port Veyra"));
        assert_eq!(d.country.as_deref(), Some("KE"));

        assert!(dateline(" , Jan. 23", None, None).is_none());
    }

    #[test]
    fn a_dateline_opening_the_body_leaves_it() {
        let d = parse(&nitf(
            "<p>OSLO, March 3 (Reuters) - The ferry sailed.</p><p>NASA - an acronym - stays.</p>",
        ))
        .expect("parses");
        assert_eq!(d.paragraphs[0], "The ferry sailed.");
        assert_eq!(d.dateline.and_then(|d| d.place).as_deref(), Some("Oslo"));
        assert_eq!(d.agencies, ["Reuters"]);
        let d = parse(&nitf("<p>NASA - the agency - said so.</p>")).expect("parses");
        assert_eq!(d.paragraphs[0], "NASA - the agency - said so.");
        assert!(d.dateline.is_none());
        // The markup's dateline vouches for a place the gazetteer does not know.
        let d = parse(&nitf("<p>SKARHOLM - Snow fell.</p>").replace(
            "</hedline>",
            "</hedline><dateline>SKARHOLM, Sept 17</dateline>",
        ))
        .expect("parses");
        assert_eq!(d.paragraphs[0], "Snow fell.");
    }

    #[test]
    fn printed_bylines_give_people_and_agencies() {
        let mut d = Document::default();
        byline(
            &mut d,
            "By Ines Valtonen and Marek Holm, Staff Writers, Reuters",
        );
        assert_eq!(d.authors, ["Ines Valtonen", "Marek Holm"]);
        assert_eq!(d.agencies, ["Reuters"]);
        byline(&mut d, "BY INES VALTONEN");
        assert_eq!(d.authors.len(), 3);
    }

    #[test]
    fn inline_data_paragraphs_split_at_blank_lines() {
        assert_eq!(
            plain_paragraphs("  First line\n  goes on.\n\n \n Second.\r\n"),
            ["First line goes on.", "Second."]
        );
    }
}

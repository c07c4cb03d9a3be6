//! IPTC NewsML-G2 (2.x) text items: a `newsItem`, or the first item with text
//! in a `newsMessage`. Metadata comes from `itemMeta` and `contentMeta`
//! (headline, summary, creators, sources, place, dates, link); the body from
//! the `contentSet`: XHTML or NITF in `inlineXML`, or plain `inlineData`. Reuses
//! the XML tree, body walker and byline/dateline/date readers of [`super::nitf`].

use crate::document::Document;

use super::gazetteer;
use super::nitf::xml::{NodeId, Tree};
use super::nitf::{self, add_agency, add_person, squash};

/// Parses a NewsML-G2 document. `Err` is a one-line reason: malformed XML,
/// another root element, or no item with body text.
pub(super) fn parse(text: &str) -> Result<Document, String> {
    document(&Tree::parse(text)?)
}

/// The article of a parsed NewsML-G2 document. A NITF root is read as NITF:
/// the content decides, whatever sniffing a few kilobytes guessed.
pub(super) fn document(tree: &Tree) -> Result<Document, String> {
    let root = tree.root();
    let items: Vec<NodeId> = match tree.name(root) {
        "newsitem" => vec![root],
        "newsmessage" => tree
            .descendants(root)
            .filter(|&n| tree.name(n) == "newsitem")
            .collect(),
        "nitf" => return nitf::document(tree),
        _ => {
            return Err(format!(
                "the root element is <{}>, not a NewsML-G2 <newsItem> or <newsMessage>",
                tree.qname(root)
            ));
        }
    };
    if items.is_empty() {
        return Err("the newsMessage holds no newsItem".into());
    }
    items
        .into_iter()
        .map(|item| read_item(tree, item))
        .find(|doc| !doc.paragraphs.is_empty())
        .ok_or_else(|| {
            "no newsItem has body text (no inlineXML or inlineData with paragraphs in its contentSet)"
                .to_string()
        })
}

/// Reads one `newsItem`: metadata first (so that the body can tell a repeated
/// headline), then the first rendition in the content set that has text.
fn read_item(tree: &Tree, item: NodeId) -> Document {
    let mut doc = Document::default();
    let item_meta = tree.child(item, "itemmeta");
    let content_meta = tree.child(item, "contentmeta");
    if let Some(meta) = content_meta {
        read_content_meta(tree, meta, &mut doc);
    }
    // The provider and the copyright holder count only when they are known agencies.
    let provider = item_meta.and_then(|m| tree.child(m, "provider"));
    let holder = tree
        .child(item, "rightsinfo")
        .and_then(|r| tree.find(r, "copyrightholder"));
    for party in provider.into_iter().chain(holder) {
        if let Some(agency) = party_name(tree, party)
            .as_deref()
            .and_then(gazetteer::agency)
            .or_else(|| qcode_code(tree, party).and_then(gazetteer::agency))
        {
            add_agency(&mut doc, agency);
        }
    }
    let stated = |meta: Option<NodeId>, name: &str| {
        meta.and_then(|m| tree.child(m, name))
            .and_then(|d| nitf::date(&tree.text(d)))
    };
    doc.published_at = stated(item_meta, "firstcreated")
        .or_else(|| stated(content_meta, "contentcreated"))
        .or_else(|| stated(item_meta, "versioncreated"));
    doc.url = item_meta.and_then(|m| url(tree, m));
    if let Some(set) = tree.child(item, "contentset") {
        for rendition in tree.elements(set) {
            read_rendition(tree, rendition, &mut doc);
            if !doc.paragraphs.is_empty() {
                break;
            }
        }
    }
    nitf::strip_body_dateline(&mut doc);
    // With no dateline printed anywhere, `located` names the place.
    if doc.dateline.is_none()
        && let Some(place) = content_meta.map(|m| located(tree, m))
    {
        let parts: Vec<&str> = [place.city.as_deref(), place.country.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !parts.is_empty() {
            set_dateline(&mut doc, &parts.join(", "), &place);
        }
    }
    doc
}

/// The dateline `text`, its place resolved with what `located` says.
fn set_dateline(doc: &mut Document, text: &str, place: &Located) {
    let country = place.code.as_deref().or(place.country.as_deref());
    if let Some((dateline, agencies)) = nitf::dateline(text, place.city.as_deref(), country) {
        doc.dateline = Some(dateline);
        for agency in agencies {
            add_agency(doc, agency);
        }
    }
}

/// `contentMeta`: headline (or slugline), summary, creators and contributors
/// (or the printed `by` line), information sources, place and dateline, and the
/// credit line.
fn read_content_meta(tree: &Tree, meta: NodeId, doc: &mut Document) {
    let first_text = |name: &str| {
        tree.children_named(meta, name)
            .map(|n| tree.text(n))
            .find(|t| !t.is_empty())
    };
    doc.title = first_text("headline")
        .or_else(|| first_text("slugline"))
        .unwrap_or_default();
    doc.standfirst = tree
        .children_named(meta, "description")
        .filter(|&d| tree.attr(d, "role").is_none_or(|r| r.contains("summary")))
        .map(|d| tree.text(d))
        .find(|t| !t.is_empty());
    for party in tree.elements(meta) {
        let kind = tree.name(party);
        if kind != "creator" && kind != "contributor" {
            continue;
        }
        // Editors are credited as contributors but are not in the byline.
        let role = tree.attr(party, "role").unwrap_or("").to_lowercase();
        if kind == "contributor" && role.contains("editor") {
            continue;
        }
        let Some(name) = party_name(tree, party) else {
            continue;
        };
        let organisation = tree
            .attr(party, "type")
            .is_some_and(|t| t.to_lowercase().contains("organi"));
        match gazetteer::agency(&name) {
            Some(agency) => add_agency(doc, agency),
            None if !organisation => add_person(doc, &name),
            None => {}
        }
    }
    if doc.authors.is_empty()
        && let Some(by) = first_text("by")
    {
        nitf::byline(doc, &by);
    }
    for source in tree.children_named(meta, "infosource") {
        // The originating agency; a source in another role counts when it is one.
        let origin = tree
            .attr(source, "role")
            .is_none_or(|r| r.to_lowercase().contains("originfo"));
        match party_name(tree, source) {
            Some(name) if origin || gazetteer::agency(&name).is_some() => add_agency(doc, &name),
            _ => {
                if let Some(agency) = qcode_code(tree, source).and_then(gazetteer::agency) {
                    add_agency(doc, agency);
                }
            }
        }
    }
    if let Some(printed) = first_text("dateline") {
        let place = located(tree, meta);
        set_dateline(doc, &printed, &place);
    }
    doc.credit = first_text("creditline");
}

/// Where the content originates, as `located` states it.
#[derive(Debug, Default)]
struct Located {
    city: Option<String>,
    /// The country's name.
    country: Option<String>,
    /// The country's ISO code, from an `iso3166-1a2:` qcode.
    code: Option<String>,
}

/// `<located type="cptype:city"><name>Astana</name><broader type="cptype:country"
/// qcode="iso3166-1a2:KZ"><name>Kazakhstan</name></broader></located>`. A
/// located country is only a country.
fn located(tree: &Tree, meta: NodeId) -> Located {
    let Some(place) = tree.child(meta, "located") else {
        return Located::default();
    };
    let is_country = |n: NodeId| {
        tree.attr(n, "type")
            .is_some_and(|t| t.to_lowercase().contains("country"))
            || iso_qcode(tree, n).is_some()
    };
    let (city, country) = if is_country(place) {
        (None, Some(place))
    } else {
        let broader = tree
            .children_named(place, "broader")
            .find(|&b| is_country(b));
        (party_name(tree, place), broader)
    };
    Located {
        city,
        country: country.and_then(|c| party_name(tree, c)),
        code: country.and_then(|c| iso_qcode(tree, c)).map(str::to_string),
    }
}

/// The code of an `iso3166-1a2:KZ` qcode.
fn iso_qcode(tree: &Tree, id: NodeId) -> Option<&str> {
    tree.attr(id, "qcode")?
        .strip_prefix("iso3166-1a2:")
        .filter(|c| !c.is_empty())
}

/// The code part of a qcode (`nprov:AFP` -> `AFP`).
fn qcode_code(tree: &Tree, id: NodeId) -> Option<&str> {
    let qcode = tree.attr(id, "qcode")?;
    Some(qcode.split_once(':').map_or(qcode, |(_, code)| code)).filter(|c| !c.is_empty())
}

/// The name of a party or concept: its `name` child, else its `literal`.
fn party_name(tree: &Tree, id: NodeId) -> Option<String> {
    tree.children_named(id, "name")
        .map(|n| tree.text(n))
        .find(|n| !n.is_empty())
        .or_else(|| tree.attr(id, "literal").map(squash))
        .filter(|n| !n.is_empty())
}

/// The article's web address from `itemMeta`: a `seeAlso` link, else the first
/// web link.
fn url(tree: &Tree, item_meta: NodeId) -> Option<String> {
    let web = |l: &NodeId| {
        tree.attr(*l, "href")
            .is_some_and(|h| h.starts_with("http://") || h.starts_with("https://"))
    };
    let links: Vec<NodeId> = tree.children_named(item_meta, "link").filter(web).collect();
    let see_also = links.iter().find(|&&l| {
        tree.attr(l, "rel")
            .is_some_and(|r| r.to_lowercase().ends_with("seealso"))
    });
    see_also
        .or(links.first())
        .and_then(|&l| tree.attr(l, "href"))
        .map(str::to_string)
}

/// One rendition of the content set: XHTML, NITF or other markup in
/// `inlineXML`, plain text in `inlineData`; remote content has no text here.
fn read_rendition(tree: &Tree, rendition: NodeId, doc: &mut Document) {
    match tree.name(rendition) {
        "inlinexml" => {
            let inner = tree.elements(rendition).next();
            match inner.map(|n| (n, tree.name(n))) {
                Some((nitf_root, "nitf")) => merge(doc, nitf::read(tree, nitf_root)),
                Some((html, "html")) => {
                    if doc.title.is_empty()
                        && let Some(title) = tree
                            .child(html, "head")
                            .and_then(|h| tree.child(h, "title"))
                    {
                        doc.title = tree.text(title);
                    }
                    let body = tree.child(html, "body").unwrap_or(html);
                    nitf::walk_body(tree, body, doc);
                }
                _ => nitf::walk_body(tree, rendition, doc),
            }
        }
        "inlinedata" => doc
            .paragraphs
            .extend(nitf::plain_paragraphs(&tree.raw_text(rendition))),
        _ => {}
    }
}

/// Adds what an embedded NITF document says to what the item's metadata said:
/// the metadata wins where both speak, the NITF fills the gaps and gives the body.
fn merge(doc: &mut Document, from: Document) {
    if doc.title.is_empty() {
        doc.title = from.title;
    }
    doc.paragraphs.extend(from.paragraphs);
    doc.url = doc.url.take().or(from.url);
    doc.published_at = doc.published_at.take().or(from.published_at);
    doc.standfirst = doc.standfirst.take().or(from.standfirst);
    doc.credit = doc.credit.take().or(from.credit);
    doc.dateline = doc.dateline.take().or(from.dateline);
    doc.site_name = doc.site_name.take().or(from.site_name);
    if doc.authors.is_empty() {
        doc.authors = from.authors;
    }
    for agency in from.agencies {
        add_agency(doc, &agency);
    }
    doc.headings.extend(from.headings);
    doc.captions.extend(from.captions);
    doc.removed.extend(from.removed);
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.invalid:20310602:tst-1" version="3" standard="NewsML-G2" standardversion="2.29" xml:lang="en">
  <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"/>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:AFP"/>
    <versionCreated>2031-06-02T11:00:00Z</versionCreated>
    <firstCreated>2031-06-02T09:30:00+02:00</firstCreated>
    <pubStatus qcode="stat:usable"/>
    <link rel="irel:seeAlso" href="https://news.example.invalid/2031/06/02/dam"/>
  </itemMeta>
  <contentMeta>
    <contentCreated>2031-06-02T09:00:00+02:00</contentCreated>
    <located type="cptype:city"><name>Lusaka</name><broader type="cptype:country"><name>Zambia</name></broader></located>
    <creator role="crole:author"><name>Chipo Mwansa</name></creator>
    <contributor literal="Tomas Brenner" role="crole:author"/>
    <contributor literal="Desk Editor" role="crole:editor"/>
    <infoSource role="cRole:originfo" literal="Agence France-Presse"/>
    <slugline>ZAMBIA-ENERGY-DAM</slugline>
    <headline>Dam upgrade lifts power supply in the south</headline>
    <dateline>LUSAKA, June 2 (AFP)</dateline>
    <description role="drol:summary">The upgrade adds two turbines to the ageing plant.</description>
    <creditline>AFP</creditline>
    <language tag="en"/>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml">
        <head><title>Dam upgrade</title></head>
        <body>
          <h1>Dam upgrade lifts power supply in the south</h1>
          <p>Two new turbines began turning on <b>Tuesday</b>.</p>
          <figure><img src="dam.jpg" alt=""/><figcaption>The spillway in flood <span class="credit">R. Phiri/AFP</span></figcaption></figure>
          <h2>Blackouts expected to ease</h2>
          <p>Officials said rationing would end by August.</p>
        </body>
      </html>
    </inlineXML>
  </contentSet>
</newsItem>"#;

    #[test]
    fn metadata_and_xhtml_body_fill_the_document() {
        let d = parse(ITEM).expect("parses");
        assert_eq!(d.title, "Dam upgrade lifts power supply in the south");
        assert_eq!(
            d.standfirst.as_deref(),
            Some("The upgrade adds two turbines to the ageing plant.")
        );
        assert_eq!(d.authors, ["Chipo Mwansa", "Tomas Brenner"]);
        assert_eq!(d.agencies, ["AFP"]);
        assert_eq!(d.credit.as_deref(), Some("AFP"));
        assert_eq!(d.published_at.as_deref(), Some("2031-06-02T07:30:00Z"));
        assert_eq!(
            d.url.as_deref(),
            Some("https://news.example.invalid/2031/06/02/dam")
        );
        let dateline = d.dateline.expect("dateline");
        assert_eq!(dateline.text, "LUSAKA");
        assert_eq!(dateline.place.as_deref(), Some("Lusaka"));
        assert_eq!(dateline.country.as_deref(), Some("ZM"));
        assert_eq!(
            d.paragraphs,
            [
                "Two new turbines began turning on Tuesday.",
                "Officials said rationing would end by August."
            ]
        );
        assert_eq!(d.headings, ["Blackouts expected to ease"]);
        assert_eq!(d.captions[0].text, "The spillway in flood");
        assert_eq!(d.captions[0].credit.as_deref(), Some("R. Phiri/AFP"));
        let kinds: Vec<&str> = d.removed.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["repeated_title", "caption"]);
    }

    #[test]
    fn a_message_gives_its_first_item_with_text() {
        let picture = r#"<newsItem><itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
            <contentMeta><headline>Photo only</headline></contentMeta>
            <contentSet><remoteContent href="x.jpg"/></contentSet></newsItem>"#;
        let text = |title: &str| {
            format!(
                "<newsItem><contentMeta><headline>{title}</headline></contentMeta>\
                 <contentSet><inlineData contenttype=\"text/plain\">First para.\n\nSecond para.</inlineData>\
                 </contentSet></newsItem>"
            )
        };
        let message = format!(
            "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><header><sent>2031-06-02T10:00:00Z</sent></header>\
             <itemSet>{picture}{}{}</itemSet></newsMessage>",
            text("First text item"),
            text("Second text item")
        );
        let d = parse(&message).expect("parses");
        assert_eq!(d.title, "First text item");
        assert_eq!(d.paragraphs, ["First para.", "Second para."]);
    }

    #[test]
    fn embedded_nitf_gives_the_body_and_fills_gaps() {
        let item = r#"<g2:newsItem xmlns:g2="http://iptc.org/std/nar/2006-10-01/">
            <g2:contentMeta><g2:headline>Bridge reopens</g2:headline>
              <g2:creator literal="Ana Lind"/></g2:contentMeta>
            <g2:contentSet><g2:inlineXML contenttype="application/nitf+xml">
              <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body>
                <body.head><hedline><hl1>Bridge reopens</hl1><hl2>After a year of repairs</hl2></hedline>
                  <byline>By <person>Someone Else</person></byline></body.head>
                <body.content><p>The bridge reopened.</p><hl2>Traffic</hl2><p>Queues formed.</p></body.content>
                <body.end><tagline>Northwind Wire</tagline></body.end>
              </body></nitf>
            </g2:inlineXML></g2:contentSet></g2:newsItem>"#;
        let d = parse(item).expect("parses");
        assert_eq!(d.title, "Bridge reopens");
        assert_eq!(d.authors, ["Ana Lind"]);
        assert_eq!(d.standfirst.as_deref(), Some("After a year of repairs"));
        assert_eq!(d.paragraphs, ["The bridge reopened.", "Queues formed."]);
        assert_eq!(d.headings, ["Traffic"]);
        assert_eq!(d.credit.as_deref(), Some("Northwind Wire"));
    }

    #[test]
    fn the_root_element_decides_between_the_two_formats() {
        let nitf_text = "<nitf><body><body.content><p>Plain NITF.</p></body.content></body></nitf>";
        assert_eq!(parse(nitf_text).expect("NITF").paragraphs, ["Plain NITF."]);
        let d = nitf::parse(ITEM).expect("NewsML-G2 handed to the NITF parser");
        assert_eq!(d.title, "Dam upgrade lifts power supply in the south");
    }

    #[test]
    fn what_is_not_a_text_item_is_an_error_with_a_reason() {
        let cases = [
            ("<packageItem/>", "not a NewsML-G2"),
            ("<newsMessage><itemSet/></newsMessage>", "holds no newsItem"),
            (
                "<newsItem><contentSet><remoteContent href=\"a.jpg\"/></contentSet></newsItem>",
                "no newsItem has body text",
            ),
            (
                "<newsItem><contentMeta></newsItem>",
                "expected `</contentMeta>`",
            ),
            ("<newsItem><contentSet><inlineData>Cut off", "truncated"),
        ];
        for (input, reason) in cases {
            let err = parse(input).expect_err(input);
            assert!(err.contains(reason), "{input:?}: {err}");
        }
    }
}

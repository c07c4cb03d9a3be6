//! Dates mentioned in an article body, resolved to ISO 8601 when the year is
//! knowable. Pure functions over `body` and an optional anchor (the article's
//! `published_at`); called by `extract::extract`. Offsets are code points.
//!
//! Choices:
//! - "29 December 2016", "January 23, 2017" -> `2016-12-29`, `2017-01-23`;
//!   "March 2011" -> `2011-03`; "2011" -> `2011`; "spring of 2011", "early 2015"
//!   -> the year alone (`2011`), the text keeps the qualifier.
//! - "January 23", "Monday, January 23" without a year take it from the anchor:
//!   of the anchor's year and its neighbours, the one putting the date nearest
//!   the anchor (news reports the recent past and the near future); with no
//!   anchor the value is null. "Monday, January 23" is one mention.
//! - "February 15-16" is one mention, text whole, value the first day.
//! - A weekday alone ("on Monday") resolves only with an anchor date: the most
//!   recent such weekday on or before it. Text is the weekday word.
//! - "last year", "this month", "next month", "yesterday", "today": resolved
//!   from the anchor when it holds enough (a year for years, a date for months
//!   and days); weeks stay null. Bare month names ("in May") are skipped: "May"
//!   is also a verb.

use jiff::civil::{Date, Weekday};

use super::words::{lower_in, lower_is};
use crate::record::DateMention;

/// What the article's own time is known to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// A publication date (from `published_at`).
    Date(Date),
    /// Only a year (from a dateline or the article's own statement).
    Year(i16),
}

impl Anchor {
    fn year(self) -> i16 {
        match self {
            Anchor::Date(d) => d.year(),
            Anchor::Year(y) => y,
        }
    }
}

/// The anchor of an RFC 3339 date or date-time ("2017-01-17" or
/// "2017-01-17T09:00:00Z"): its calendar date as written.
pub fn anchor_from_published(published_at: Option<&str>) -> Option<Anchor> {
    let p = published_at?;
    let day = p.get(..10)?;
    day.parse::<Date>().ok().map(Anchor::Date)
}

const MONTHS: &[(&str, i8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("Monday", Weekday::Monday),
    ("Tuesday", Weekday::Tuesday),
    ("Wednesday", Weekday::Wednesday),
    ("Thursday", Weekday::Thursday),
    ("Friday", Weekday::Friday),
    ("Saturday", Weekday::Saturday),
    ("Sunday", Weekday::Sunday),
];

/// Words before a year that name a part of it ("spring of 2011", "early 2015").
const YEAR_PARTS: &[&str] = &[
    "early", "late", "mid", "spring", "summer", "autumn", "fall", "winter",
];

/// A run of letters and digits: code-point range and text.
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

/// The body's code points and its tokens, in one pass.
fn tokens(body: &str) -> (Vec<char>, Vec<Tok<'_>>) {
    let mut chars = Vec::with_capacity(body.len());
    let mut out = Vec::new();
    // (code point, byte) where the current token started.
    let mut open: Option<(usize, usize)> = None;
    for (b, c) in body.char_indices() {
        match (c.is_alphanumeric(), open) {
            (true, None) => open = Some((chars.len(), b)),
            (false, Some((s, sb))) => {
                out.push(Tok {
                    start: s,
                    end: chars.len(),
                    text: &body[sb..b],
                });
                open = None;
            }
            _ => {}
        }
        chars.push(c);
    }
    if let Some((s, sb)) = open {
        out.push(Tok {
            start: s,
            end: chars.len(),
            text: &body[sb..],
        });
    }
    (chars, out)
}

fn month(word: &str) -> Option<i8> {
    // Only capitalised words name months ("march" is a verb); checked first,
    // since most words are not.
    if !word.chars().next().is_some_and(char::is_uppercase) || word.len() > 9 {
        return None;
    }
    MONTHS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(word))
        .map(|&(_, m)| m)
}

fn number(word: &str) -> Option<i32> {
    if word.is_empty() || word.len() > 4 || !word.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

fn day(word: &str) -> Option<i8> {
    number(word)
        .filter(|d| (1..=31).contains(d))
        .and_then(|d| i8::try_from(d).ok())
}

fn year(word: &str) -> Option<i16> {
    (word.len() == 4)
        .then(|| number(word))
        .flatten()
        .filter(|y| (1000..=2999).contains(y))
        .and_then(|y| i16::try_from(y).ok())
}

/// The text between two tokens is only spaces (and at most one comma).
fn gap_ok(chars: &[char], from: usize, to: usize) -> bool {
    let gap = &chars[from.min(to)..to];
    gap.len() <= 3
        && gap.iter().all(|c| *c == ' ' || *c == ',' || *c == '\u{a0}')
        && gap.iter().filter(|c| **c == ',').count() <= 1
}

/// Of the anchor's year and its neighbours, the year putting month/day nearest it.
fn year_for(month: i8, day: i8, anchor: Option<Anchor>) -> Option<i16> {
    match anchor? {
        Anchor::Year(y) => Some(y),
        Anchor::Date(a) => {
            let y = a.year();
            [y - 1, y, y + 1]
                .into_iter()
                .filter_map(|cand| Date::new(cand, month, day).ok().map(|d| (cand, d)))
                .min_by_key(|(_, d)| d.since(a).map(|s| s.get_days().abs()).unwrap_or(i32::MAX))
                .map(|(cand, _)| cand)
        }
    }
}

fn iso_day(y: i16, m: i8, d: i8) -> Option<String> {
    Date::new(y, m, d).ok().map(|d| d.to_string())
}

fn weekday_on_or_before(anchor: Date, w: Weekday) -> Option<String> {
    let back = (anchor.weekday().to_monday_zero_offset() - w.to_monday_zero_offset() + 7) % 7;
    anchor
        .checked_sub(jiff::Span::new().days(i64::from(back)))
        .ok()
        .map(|d| d.to_string())
}

fn relative(unit: &str, shift: i32, anchor: Option<Anchor>) -> Option<String> {
    match (unit, anchor?) {
        ("year", a) => Some(format!("{:04}", i32::from(a.year()) + shift)),
        ("month", Anchor::Date(d)) => {
            let first = d.first_of_month();
            let m = first
                .checked_add(jiff::Span::new().months(i64::from(shift)))
                .ok()?;
            Some(format!("{:04}-{:02}", m.year(), m.month()))
        }
        ("day", Anchor::Date(d)) => d
            .checked_add(jiff::Span::new().days(i64::from(shift)))
            .ok()
            .map(|d| d.to_string()),
        _ => None,
    }
}

/// Finds the dates mentioned in `body`.
pub fn dates(body: &str, anchor: Option<Anchor>) -> Vec<DateMention> {
    let (chars, toks) = tokens(body);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match mention_at(&chars, &toks, i, anchor) {
            Some((start, end, value, next)) => {
                out.push(DateMention {
                    text: chars[start..end].iter().collect(),
                    value,
                    offset: u32::try_from(start).unwrap_or(u32::MAX),
                });
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

/// A mention starting at token `i`: (start, end, value, next token index).
fn mention_at(
    chars: &[char],
    toks: &[Tok],
    i: usize,
    anchor: Option<Anchor>,
) -> Option<(usize, usize, Option<String>, usize)> {
    let t = &toks[i];
    let next = |k: usize| {
        toks.get(k)
            .filter(|n| gap_ok(chars, toks[k - 1].end, n.start))
    };

    // Weekday, alone or opening "Monday, January 23".
    if let Some(&(_, w)) = WEEKDAYS.iter().find(|(n, _)| *n == t.text) {
        if let Some(n) = next(i + 1)
            && month(n.text).is_some()
            && let Some((_, end, value, after)) = mention_at(chars, toks, i + 1, anchor)
        {
            return Some((t.start, end, value, after));
        }
        let value = match anchor {
            Some(Anchor::Date(a)) => weekday_on_or_before(a, w),
            _ => None,
        };
        return Some((t.start, t.end, value, i + 1));
    }

    // "29 December 2016", "29 December".
    if let Some(d) = day(t.text)
        && let Some(n) = next(i + 1)
        && let Some(m) = month(n.text)
    {
        if let Some(y) = next(i + 2).and_then(|yt| year(yt.text)) {
            return Some((t.start, toks[i + 2].end, iso_day(y, m, d), i + 3));
        }
        let value = year_for(m, d, anchor).and_then(|y| iso_day(y, m, d));
        return Some((t.start, n.end, value, i + 2));
    }

    if let Some(m) = month(t.text) {
        let n = next(i + 1)?;
        // "March 2011".
        if let Some(y) = year(n.text) {
            return Some((t.start, n.end, Some(format!("{y:04}-{m:02}")), i + 2));
        }
        let d = day(n.text)?;
        let mut end = n.end;
        let mut after = i + 2;
        // "February 15-16": a range, valued by its first day.
        if matches!(chars.get(end), Some('-' | '–'))
            && let Some(d2) = toks.get(after)
            && d2.start == end + 1
            && day(d2.text).is_some()
        {
            end = d2.end;
            after += 1;
        }
        // "January 23, 2017".
        if let Some(yt) = toks.get(after)
            && gap_ok(chars, end, yt.start)
            && let Some(y) = year(yt.text)
        {
            return Some((t.start, yt.end, iso_day(y, m, d), after + 1));
        }
        let value = year_for(m, d, anchor).and_then(|y| iso_day(y, m, d));
        return Some((t.start, end, value, after));
    }

    // A year, with the part of it that precedes it ("spring of 2011").
    if let Some(y) = year(t.text) {
        let before = chars.get(t.start.wrapping_sub(1)).copied();
        let after = chars.get(t.end).copied();
        // Not a year: "$2015", "1,2015", "2015%", "2015.5".
        if matches!(before, Some('$' | '£' | '€' | ',' | '.'))
            || matches!(after, Some('%'))
            || (matches!(after, Some(',' | '.'))
                && chars.get(t.end + 1).is_some_and(char::is_ascii_digit))
        {
            return None;
        }
        let mut start = t.start;
        if i >= 1 {
            let p = &toks[i - 1];
            if lower_in(p.text, YEAR_PARTS) && gap_ok(chars, p.end, t.start) {
                start = p.start;
            } else if lower_is(p.text, "of") && i >= 2 && lower_in(toks[i - 2].text, YEAR_PARTS) {
                start = toks[i - 2].start;
                if i >= 3 && toks[i - 3].text.eq_ignore_ascii_case("the") {
                    start = toks[i - 3].start;
                }
            }
        }
        return Some((start, t.end, Some(format!("{y:04}")), i + 1));
    }

    // Relative references.
    if t.text.len() > 9 {
        return None;
    }
    let one = |unit: &str, shift: i32| Some((t.start, t.end, relative(unit, shift, anchor), i + 1));
    for (word, shift) in [("yesterday", -1), ("today", 0), ("tomorrow", 1)] {
        if lower_is(t.text, word) {
            return one("day", shift);
        }
    }
    let shift = [("last", -1), ("next", 1), ("this", 0)]
        .into_iter()
        .find(|(word, _)| lower_is(t.text, word))?
        .1;
    let n = next(i + 1)?;
    let unit = ["year", "month", "week"]
        .into_iter()
        .find(|unit| lower_is(n.text, unit))?;
    Some((t.start, n.end, relative(unit, shift, anchor), i + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i16, m: i8, d: i8) -> Option<Anchor> {
        Some(Anchor::Date(Date::new(y, m, d).unwrap()))
    }

    fn pairs(body: &str, anchor: Option<Anchor>) -> Vec<(String, Option<String>)> {
        dates(body, anchor)
            .into_iter()
            .map(|d| (d.text, d.value))
            .collect()
    }

    fn p(text: &str, value: Option<&str>) -> (String, Option<String>) {
        (text.to_string(), value.map(str::to_string))
    }

    #[test]
    fn full_dates_need_no_anchor() {
        assert_eq!(
            pairs(
                "The port shut on 14 March 2019 and reopened April 2, 2020.",
                None
            ),
            vec![
                p("14 March 2019", Some("2019-03-14")),
                p("April 2, 2020", Some("2020-04-02"))
            ]
        );
    }

    #[test]
    fn month_day_without_year_is_null_unless_anchored() {
        assert_eq!(
            pairs("The vote is set for June 9.", None),
            vec![p("June 9", None)]
        );
        assert_eq!(
            pairs("The vote is set for June 9.", at(2021, 5, 30)),
            vec![p("June 9", Some("2021-06-09"))]
        );
        // Early January, looking back at late December: the previous year.
        assert_eq!(
            pairs("The strike began on December 28.", at(2021, 1, 4)),
            vec![p("December 28", Some("2020-12-28"))]
        );
    }

    #[test]
    fn weekday_with_date_is_one_mention() {
        assert_eq!(
            pairs(
                "Talks opened on Friday, October 8 in the capital.",
                at(2021, 10, 9)
            ),
            vec![p("Friday, October 8", Some("2021-10-08"))]
        );
    }

    #[test]
    fn weekday_alone_resolves_only_with_anchor_date() {
        assert_eq!(
            pairs("Ministers met on Tuesday.", None),
            vec![p("Tuesday", None)]
        );
        assert_eq!(
            pairs("Ministers met on Tuesday.", Some(Anchor::Year(2020))),
            vec![p("Tuesday", None)]
        );
        // 2021-10-09 is a Saturday; the Tuesday before is the 5th.
        assert_eq!(
            pairs("Ministers met on Tuesday.", at(2021, 10, 9)),
            vec![p("Tuesday", Some("2021-10-05"))]
        );
        assert_eq!(
            pairs("Ministers met on Saturday.", at(2021, 10, 9)),
            vec![p("Saturday", Some("2021-10-09"))]
        );
    }

    #[test]
    fn ranges_keep_text_and_take_first_day() {
        assert_eq!(
            pairs(
                "A summit on March 3-4 was cancelled.",
                Some(Anchor::Year(2022))
            ),
            vec![p("March 3-4", Some("2022-03-03"))]
        );
    }

    #[test]
    fn months_years_and_parts_of_years() {
        assert_eq!(
            pairs(
                "Unrest began in May 2010, grew through the summer of 2011 and faded by early 2013. In 1999 it was calm.",
                None
            ),
            vec![
                p("May 2010", Some("2010-05")),
                p("the summer of 2011", Some("2011")),
                p("early 2013", Some("2013")),
                p("1999", Some("1999")),
            ]
        );
    }

    #[test]
    fn money_and_counts_are_not_years() {
        assert!(pairs("It cost $2015 and 1,2015 units; growth was 2015%.", None).is_empty());
    }

    #[test]
    fn relative_references() {
        let body = "Prices rose last year and will fall next month; yesterday was calm.";
        assert_eq!(
            pairs(body, None),
            vec![
                p("last year", None),
                p("next month", None),
                p("yesterday", None)
            ]
        );
        assert_eq!(
            pairs(body, at(2021, 12, 15)),
            vec![
                p("last year", Some("2020")),
                p("next month", Some("2022-01")),
                p("yesterday", Some("2021-12-14")),
            ]
        );
    }

    #[test]
    fn bare_month_names_are_skipped() {
        assert!(pairs("Officials May decide later.", None).is_empty());
    }

    #[test]
    fn offsets_are_code_points() {
        let body = "Élan — café on 3 May 2001.";
        let d = &dates(body, None)[0];
        let chars: Vec<char> = body.chars().collect();
        assert_eq!(chars[d.offset as usize], '3');
    }

    #[test]
    fn published_at_anchor() {
        assert_eq!(
            anchor_from_published(Some("2017-01-17T10:00:00Z")),
            at(2017, 1, 17)
        );
        assert_eq!(anchor_from_published(Some("junk")), None);
        assert_eq!(anchor_from_published(None), None);
    }
}

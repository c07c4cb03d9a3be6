//! Dates mentioned in an article body, resolved to ISO 8601 when the year is
//! knowable. Pure functions over `body` and an optional anchor (the article's
//! own date); called by `extract::body_facts`. Offsets are code points.
//!
//! Choices:
//! - "29 December 2016", "January 23, 2017" -> `2016-12-29`, `2017-01-23`;
//!   "March 2011" -> `2011-03`; "2011" -> `2011`; "spring of 2011", "early 2015"
//!   -> the year alone (`2011`), the text keeps the qualifier.
//! - "January 23", "Monday, January 23" without a year take the year that puts
//!   the date nearest the anchor (news reports the recent past and the near
//!   future), when that is within six months of an anchor of the article's own
//!   date, or within four months of an anchor the text states (see [`Anchor`]);
//!   with no anchor the value is null. "Monday, January 23" is one mention, and
//!   its weekday must be the date's, or the value is null (a wrong date is
//!   worse than none).
//! - "February 15-16" is one mention, text whole, value the first day.
//! - Weekdays, "yesterday", "last year", "next month" need the article's own
//!   date ([`Anchor::Date`]); a date the text merely states is no "today". "on
//!   Monday" takes the direction its clause's tense gives: reporting ("said on
//!   Monday", "on Sunday approved") the most recent Monday on or before the
//!   anchor; the future ("will meet on Monday", "expected to sign Tuesday") the
//!   first after it (null if the anchor is a Monday: today or in a week?); no
//!   tense word nearby, or "would", leaves it null. "last Monday" and "next
//!   Monday" are one mention each, strictly before and after the anchor; "this
//!   Monday" stays null. Weeks stay null. Bare month names ("in May") are
//!   skipped: "May" is also a verb.

use jiff::civil::{Date, Weekday};

use super::words::{lower_in, lower_is};
use crate::record::DateMention;

/// What relative and partial dates are read against.
///
/// The rule, most trusted first:
/// 1. The article's own date, when the input states it: its `published_at`,
///    else the one full date printed in its dateline ("WASHINGTON, January 20,
///    2017 (AP) -"). Everything relative resolves from it ([`Anchor::Date`]).
/// 2. Else [`dates`] falls back on a full date (day, month and year) the text
///    states ([`Anchor::Stated`]): the latest one, since news reports the
///    recent past and the near future and earlier dates are often history;
///    not one in a subordinate clause ("when the Xbox launched on 15 November
///    2001", "which rocked the city on 12 March 1993": background); and none
///    at all when the text names a later year elsewhere ("15 December 1953" in
///    a piece that speaks of 1998: that date is history, the time of writing
///    unknown). Such a date tells the year, not the day of writing, so it only
///    resolves yearless dates ("January 3" beside "29 December 2016" ->
///    `2017-01-03`), within four months of it, and not those that name an
///    event ("the 11 September attacks"); weekdays, "yesterday" and "last
///    year" stay null.
/// 3. Else nothing: yearless and relative dates stay null.
///
/// On the BBC corpus (2004-05 articles, no publication dates) rule 2 dates 10
/// yearless mentions in 5 articles, all rightly by their context; the latest
/// stated date alone, without the exclusions, dated 23, 10 of them wrongly.
/// The exclusions were found reading that corpus, so the figure flatters them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The article's own date: everything relative resolves from it.
    Date(Date),
    /// A full date the text states: yearless dates near it take their year
    /// from it, nothing else.
    Stated(Date),
}

/// The anchor of an RFC 3339 date or date-time ("2017-01-17" or
/// "2017-01-17T09:00:00Z"): its calendar date as written.
pub fn anchor_from_published(published_at: Option<&str>) -> Option<Anchor> {
    let p = published_at?;
    let day = p.get(..10)?;
    day.parse::<Date>().ok().map(Anchor::Date)
}

/// The article's own date: `published_at`, else the one full date its dateline
/// prints. (A date stated in the body is looked for by [`dates`] itself.)
pub fn anchor(published_at: Option<&str>, dateline: Option<&str>) -> Option<Anchor> {
    anchor_from_published(published_at).or_else(|| {
        let (_, found) = mentions(dateline?);
        let mut full = found.iter().filter_map(|f| f.said.full_date());
        let date = full.next()?;
        full.next().is_none().then_some(Anchor::Date(date))
    })
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

/// Time zones after a clock time written like a year ("1945 GMT").
const TIME_ZONES: &[&str] = &[
    "GMT", "BST", "UTC", "CET", "CEST", "EST", "EDT", "PST", "PDT",
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

/// How far from its anchor a yearless date may fall: about six months from the
/// article's own date (the nearest year is then never in doubt but for a day
/// or two), four from a date the text states, which is itself some way off
/// the time of writing.
const NEAR_DAYS: i32 = 183;
const NEAR_STATED_DAYS: i32 = 122;

/// Of the anchor's year and its neighbours, the year putting month/day nearest
/// it, when near enough.
fn year_for(month: i8, day: i8, anchor: Option<Anchor>) -> Option<i16> {
    let (a, limit) = match anchor? {
        Anchor::Date(a) => (a, NEAR_DAYS),
        Anchor::Stated(a) => (a, NEAR_STATED_DAYS),
    };
    let y = a.year();
    [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|cand| {
            let date = Date::new(cand, month, day).ok()?;
            let days = date.since(a).ok()?.get_days().abs();
            Some((cand, days))
        })
        .min_by_key(|&(_, days)| days)
        .filter(|&(_, days)| days <= limit)
        .map(|(cand, _)| cand)
}

fn days(n: i8) -> jiff::Span {
    jiff::Span::new().days(i64::from(n))
}

/// The `w` the wording points at from the article's date `anchor`.
fn weekday_from(anchor: Date, w: Weekday, when: When) -> Option<String> {
    // Days back to the most recent `w` on or before the anchor (0..=6).
    let back = (anchor.weekday().to_monday_zero_offset() - w.to_monday_zero_offset() + 7) % 7;
    let date = match when {
        When::Reported => anchor.checked_sub(days(back)),
        When::Last => anchor.checked_sub(days(if back == 0 { 7 } else { back })),
        When::Next => anchor.checked_add(days(7 - back)),
        When::Future if back == 0 => return None,
        When::Future => anchor.checked_add(days(7 - back)),
        When::Unknown => return None,
    };
    date.ok().map(|d| d.to_string())
}

fn relative(unit: Unit, shift: i8, anchor: Option<Anchor>) -> Option<String> {
    let Some(Anchor::Date(d)) = anchor else {
        return None;
    };
    match unit {
        Unit::Year => Some(format!("{:04}", i32::from(d.year()) + i32::from(shift))),
        Unit::Month => {
            let m = d
                .first_of_month()
                .checked_add(jiff::Span::new().months(i64::from(shift)))
                .ok()?;
            Some(format!("{:04}-{:02}", m.year(), m.month()))
        }
        Unit::Day => d.checked_add(days(shift)).ok().map(|d| d.to_string()),
        Unit::Week => None,
    }
}

/// What a mention says, before it is valued against an anchor.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Said {
    /// A full date ("29 December 2016"; `None`: no such day), with the
    /// weekday written before it, if any.
    Day(Option<Date>, Option<Weekday>),
    /// "March 2011".
    Month(i16, i8),
    /// "2011", "early 2015".
    Year(i16),
    /// "January 23", "Monday, January 23": a day of a year to find; `true`
    /// when it names an event ("the 11 September attacks").
    MonthDay(i8, i8, Option<Weekday>, bool),
    /// "on Monday", "next Monday".
    Weekday(Weekday, When),
    /// "yesterday", "last year", "this week".
    Relative(Unit, i8),
}

/// Which `Monday` a weekday mention means, from its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    /// Reported as past ("said on Monday"): the latest on or before the anchor.
    Reported,
    /// Told as to come ("will meet on Monday"): the first after the anchor.
    Future,
    /// "last Monday": the latest before the anchor.
    Last,
    /// "next Monday": the first after the anchor.
    Next,
    /// No tense to go by, or "this Monday".
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Said {
    /// The full date stated, when it exists and its weekday (if written) is right.
    fn full_date(self) -> Option<Date> {
        match self {
            Said::Day(date, weekday) => date.filter(|d| weekday.is_none_or(|w| d.weekday() == w)),
            _ => None,
        }
    }

    fn value(self, anchor: Option<Anchor>) -> Option<String> {
        match self {
            Said::Day(..) => self.full_date().map(|d| d.to_string()),
            Said::Month(y, m) => Some(format!("{y:04}-{m:02}")),
            Said::Year(y) => Some(format!("{y:04}")),
            // An event named by its date may be any year's, however near a
            // date the text states.
            Said::MonthDay(_, _, _, true) if matches!(anchor, Some(Anchor::Stated(_))) => None,
            Said::MonthDay(m, d, weekday, _) => {
                let y = year_for(m, d, anchor)?;
                Said::Day(Date::new(y, m, d).ok(), weekday)
                    .full_date()
                    .map(|d| d.to_string())
            }
            Said::Weekday(w, when) => match anchor? {
                Anchor::Date(a) => weekday_from(a, w, when),
                Anchor::Stated(_) => None,
            },
            Said::Relative(unit, shift) => relative(unit, shift, anchor),
        }
    }
}

/// Finds the dates mentioned in `body`. `anchor` is the article's own date
/// (see [`anchor`]); without one, the latest full date the text states
/// anchors its yearless dates.
pub fn dates(body: &str, anchor: Option<Anchor>) -> Vec<DateMention> {
    let (chars, found) = mentions(body);
    let anchor = anchor.or_else(|| stated_anchor(&found));
    found
        .into_iter()
        .map(|f| DateMention {
            text: chars[f.start..f.end].iter().collect(),
            value: f.said.value(anchor),
            offset: u32::try_from(f.start).unwrap_or(u32::MAX),
        })
        .collect()
}

/// The latest full date the text states outside a subordinate clause, unless
/// the text names a later year: then that date is history ("15 December 1953"
/// in a piece that speaks of 1998), and the time of writing unknown.
fn stated_anchor(found: &[Found]) -> Option<Anchor> {
    let latest = found
        .iter()
        .filter(|f| !f.background)
        .filter_map(|f| f.said.full_date())
        .max()?;
    let later_year = found.iter().any(|f| match f.said {
        Said::Year(y) | Said::Month(y, _) => y > latest.year(),
        Said::Day(Some(d), _) => d.year() > latest.year(),
        _ => false,
    });
    (!later_year).then_some(Anchor::Stated(latest))
}

/// "the 11 September attacks", "the December 30 agreement": a yearless date
/// (tokens `first..=last`) between "the" and a lowercase word names an event.
fn names_event(chars: &[char], toks: &[Tok], first: usize, last: usize) -> bool {
    let the = first
        .checked_sub(1)
        .and_then(|k| toks.get(k))
        .is_some_and(|p| lower_is(p.text, "the") && gap_ok(chars, p.end, toks[first].start));
    let noun = toks.get(last + 1).is_some_and(|n| {
        n.text.chars().next().is_some_and(char::is_lowercase)
            && chars[toks[last].end..n.start] == [' ']
    });
    the && noun
}

/// A date mention: code-point range, what it says, and (for a full date)
/// whether it sits in a subordinate clause ("when the Xbox launched on 15
/// November 2001", "which rocked the city on 12 March 1993"): background,
/// history as often as not.
struct Found {
    start: usize,
    end: usize,
    said: Said,
    background: bool,
}

/// The body's code points and its date mentions.
fn mentions(body: &str) -> (Vec<char>, Vec<Found>) {
    let (chars, toks) = tokens(body);
    let mut found = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match mention_at(&chars, &toks, i) {
            Some((start, end, said, next)) => {
                let background =
                    matches!(said, Said::Day(..)) && in_subordinate_clause(&chars, &toks, i);
                found.push(Found {
                    start,
                    end,
                    said,
                    background,
                });
                i = next;
            }
            None => i += 1,
        }
    }
    (chars, found)
}

/// Words that open a clause giving background to the sentence.
const SUBORDINATORS: &[&str] = &[
    "when", "which", "who", "whom", "whose", "since", "after", "before", "while", "until", "where",
    "because", "although", "though", "if", "once",
];

/// Token `i` follows a subordinating word in its clause (back to a comma,
/// semicolon, colon, dash or the sentence start).
fn in_subordinate_clause(chars: &[char], toks: &[Tok], i: usize) -> bool {
    let mut k = i;
    while k > 0
        && !chars[toks[k - 1].end..toks[k].start]
            .iter()
            .any(|c| matches!(c, '.' | '!' | '?' | ',' | ';' | ':' | '–' | '—' | '\n'))
    {
        k -= 1;
        if lower_in(toks[k].text, SUBORDINATORS) {
            return true;
        }
    }
    false
}

/// Words that put the weekday near them in the future ("will meet on Monday",
/// "expected to sign Tuesday", "due to open on Monday").
const FUTURE_WORDS: &[&str] = &[
    "will",
    "shall",
    "ll",
    "expected",
    "due",
    "scheduled",
    "planned",
    "plans",
    "plan",
    "planning",
    "slated",
    "upcoming",
    "intends",
    "hopes",
];

/// Words that leave it undecided ("he said he would go on Monday": before or
/// after the article's date?).
const UNDECIDED_WORDS: &[&str] = &[
    "would", "could", "should", "might", "may", "must", "can", "if", "unless", "until", "before",
    "after", "since", "by", "from", "next", "last", "this", "every", "each",
];

/// Past forms of verbs news reports with that do not end in -ed.
const PAST_WORDS: &[&str] = &[
    "said",
    "told",
    "was",
    "were",
    "had",
    "did",
    "met",
    "began",
    "held",
    "sent",
    "took",
    "made",
    "gave",
    "came",
    "went",
    "left",
    "won",
    "lost",
    "saw",
    "spoke",
    "wrote",
    "struck",
    "fought",
    "fell",
    "rose",
    "led",
    "got",
    "became",
    "brought",
    "found",
    "kept",
    "knew",
    "paid",
    "ran",
    "sat",
    "stood",
    "thought",
    "threw",
    "shot",
    "sold",
    "heard",
    "felt",
    "meant",
    "broke",
    "chose",
    "drew",
    "flew",
    "forgot",
    "froze",
    "grew",
    "hid",
    "laid",
    "lent",
    "rang",
    "sank",
    "sought",
    "spent",
    "stole",
    "swore",
    "taught",
    "tore",
    "wore",
    "withdrew",
    "overtook",
    "underwent",
    "fled",
    "bought",
    "caught",
    "fed",
    "built",
    "dealt",
];

/// The tense that places the weekday at token `i` (the mention ends at token
/// `end`): the nearest tense word before it in its sentence (up to six words
/// back; a participle after "be" defers to the word before), else after it
/// (up to three words on).
fn tense_at(chars: &[char], toks: &[Tok], i: usize, end: usize) -> When {
    let same_sentence = |a: &Tok, b: &Tok| {
        !chars[a.end..b.start]
            .iter()
            .any(|c| matches!(c, '.' | '!' | '?' | ';' | '\n'))
    };
    let judge = |t: &Tok| -> Option<When> {
        let w = t.text;
        if lower_in(w, FUTURE_WORDS) {
            return Some(When::Future);
        }
        if lower_in(w, UNDECIDED_WORDS) {
            return Some(When::Unknown);
        }
        // "pressed", "approved"; not "need", "United", "hundred" ("scheduled"
        // is a future word, found first).
        let regular = w.len() > 3
            && w.ends_with("ed")
            && !w.ends_with("eed")
            && w != "hundred"
            && w.bytes().all(|b| b.is_ascii_lowercase());
        (regular || lower_in(w, PAST_WORDS)).then_some(When::Reported)
    };
    let mut k = i;
    while k > 0 && i - k < 6 && same_sentence(&toks[k - 1], &toks[k]) {
        k -= 1;
        // "will be held", "to be signed": the word before "be" tells.
        let after_be = k > 0 && lower_is(toks[k - 1].text, "be");
        match judge(&toks[k]) {
            Some(When::Reported) if after_be => {}
            Some(when) => return when,
            None => {}
        }
    }
    let mut k = end;
    while k + 1 < toks.len() && k - end < 3 && same_sentence(&toks[k], &toks[k + 1]) {
        k += 1;
        if let Some(when) = judge(&toks[k]) {
            return when;
        }
    }
    When::Unknown
}

/// A mention starting at token `i`: (start, end, what it says, next token index).
fn mention_at(chars: &[char], toks: &[Tok], i: usize) -> Option<(usize, usize, Said, usize)> {
    let t = &toks[i];
    let next = |k: usize| {
        toks.get(k)
            .filter(|n| gap_ok(chars, toks[k - 1].end, n.start))
    };

    // Weekday, alone or opening "Monday, January 23", "Tuesday, 1 March".
    if let Some(&(_, w)) = WEEKDAYS.iter().find(|(n, _)| *n == t.text) {
        if let Some(n) = next(i + 1)
            && (month(n.text).is_some()
                || (day(n.text).is_some() && next(i + 2).is_some_and(|m| month(m.text).is_some())))
            && let Some((_, end, said, after)) = mention_at(chars, toks, i + 1)
        {
            let said = match said {
                Said::Day(date, _) => Said::Day(date, Some(w)),
                Said::MonthDay(m, d, _, event) => Said::MonthDay(m, d, Some(w), event),
                other => other,
            };
            return Some((t.start, end, said, after));
        }
        return Some((
            t.start,
            t.end,
            Said::Weekday(w, tense_at(chars, toks, i, i)),
            i + 1,
        ));
    }

    // "29 December 2016", "29 December".
    if let Some(d) = day(t.text)
        && let Some(n) = next(i + 1)
        && let Some(m) = month(n.text)
    {
        if let Some(y) = next(i + 2).and_then(|yt| year(yt.text)) {
            let said = Said::Day(Date::new(y, m, d).ok(), None);
            return Some((t.start, toks[i + 2].end, said, i + 3));
        }
        let event = names_event(chars, toks, i, i + 1);
        return Some((t.start, n.end, Said::MonthDay(m, d, None, event), i + 2));
    }

    if let Some(m) = month(t.text) {
        let n = next(i + 1)?;
        // "March 2011".
        if let Some(y) = year(n.text) {
            return Some((t.start, n.end, Said::Month(y, m), i + 2));
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
            let said = Said::Day(Date::new(y, m, d).ok(), None);
            return Some((t.start, yt.end, said, after + 1));
        }
        let event = names_event(chars, toks, i, after - 1);
        return Some((t.start, end, Said::MonthDay(m, d, None, event), after));
    }

    // A year, with the part of it that precedes it ("spring of 2011").
    if let Some(y) = year(t.text) {
        let before = chars.get(t.start.wrapping_sub(1)).copied();
        let after = chars.get(t.end).copied();
        // Not a year: "$2015", "1,2015", "2015%", "2015.5", "1945 GMT" (a time).
        if matches!(before, Some('$' | '£' | '€' | ',' | '.'))
            || matches!(after, Some('%'))
            || (matches!(after, Some(',' | '.'))
                && chars.get(t.end + 1).is_some_and(char::is_ascii_digit))
            || next(i + 1).is_some_and(|z| TIME_ZONES.contains(&z.text))
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
        return Some((start, t.end, Said::Year(y), i + 1));
    }

    // Relative references: "yesterday", "today", "tomorrow", "last", "next",
    // "this". Most words are turned away at their first letter (only ASCII
    // letters lowercase to those).
    if t.text.len() > 9
        || !matches!(
            t.text.as_bytes()[0].to_ascii_lowercase(),
            b'y' | b't' | b'l' | b'n'
        )
    {
        return None;
    }
    for (word, shift) in [("yesterday", -1), ("today", 0), ("tomorrow", 1)] {
        if lower_is(t.text, word) {
            return Some((t.start, t.end, Said::Relative(Unit::Day, shift), i + 1));
        }
    }
    let (shift, when) = [
        ("last", -1, When::Last),
        ("next", 1, When::Next),
        ("this", 0, When::Unknown),
    ]
    .into_iter()
    .find(|(word, _, _)| lower_is(t.text, word))
    .map(|(_, shift, when)| (shift, when))?;
    let n = next(i + 1)?;
    // "next Monday", "last Friday".
    if let Some(&(_, w)) = WEEKDAYS.iter().find(|(name, _)| *name == n.text) {
        return Some((t.start, n.end, Said::Weekday(w, when), i + 2));
    }
    let unit = [
        ("year", Unit::Year),
        ("month", Unit::Month),
        ("week", Unit::Week),
    ]
    .into_iter()
    .find(|(word, _)| lower_is(n.text, word))?
    .1;
    Some((t.start, n.end, Said::Relative(unit, shift), i + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i16, m: i8, d: i8) -> Option<Anchor> {
        Some(Anchor::Date(Date::new(y, m, d).unwrap()))
    }

    fn stated(y: i16, m: i8, d: i8) -> Anchor {
        Anchor::Stated(Date::new(y, m, d).unwrap())
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
        // A date the text states is no "today".
        assert_eq!(
            pairs("Ministers met on Tuesday.", Some(stated(2021, 10, 9))),
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
            pairs("A summit on March 3-4 was cancelled.", at(2022, 2, 20)),
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

    #[test]
    fn a_full_date_in_the_text_gives_nearby_dates_their_year() {
        let body = "The truce took effect on 29 December 2016. Talks open on January 23; \
                    the rebels walked out on January 3.";
        assert_eq!(
            pairs(body, None),
            vec![
                p("29 December 2016", Some("2016-12-29")),
                p("January 23", Some("2017-01-23")),
                p("January 3", Some("2017-01-03")),
            ]
        );
    }

    #[test]
    fn a_stated_date_reaches_four_months_only() {
        let body = "The truce took effect on 29 December 2016 and may last until June 5.";
        assert_eq!(
            pairs(body, None)[1],
            p("June 5", None),
            "five months from the stated date: the year is a guess"
        );
        let body = "The truce took effect on 29 December 2016 and may last until March 5.";
        assert_eq!(pairs(body, None)[1], p("March 5", Some("2017-03-05")));
    }

    #[test]
    fn the_latest_stated_date_anchors_not_history() {
        let body = "Since the attacks of 11 September 2001 the rules changed. \
                    A new law passed on 3 March 2005 takes effect on April 1.";
        assert_eq!(pairs(body, None)[2], p("April 1", Some("2005-04-01")));
    }

    #[test]
    fn a_stated_date_resolves_no_weekday_or_relative_date() {
        let body = "The truce took effect on 29 December 2016. Rebels said on Monday \
                    they would attend, as they did last year.";
        assert_eq!(
            pairs(body, None),
            vec![
                p("29 December 2016", Some("2016-12-29")),
                p("Monday", None),
                p("last year", None),
            ]
        );
    }

    #[test]
    fn weekdays_follow_the_tense_of_their_clause() {
        // 2017-01-20 is a Friday.
        let friday = at(2017, 1, 20);
        let one = |body: &str| pairs(body, friday).into_iter().next().unwrap().1;
        assert_eq!(
            one("Rebels said on Monday they would attend."),
            Some("2017-01-16".into())
        );
        assert_eq!(
            one("The main body on Sunday approved its delegation."),
            Some("2017-01-15".into())
        );
        assert_eq!(
            one("Talks will open in the capital on Monday."),
            Some("2017-01-23".into())
        );
        assert_eq!(
            one("They were expected to sign the text Tuesday."),
            Some("2017-01-24".into())
        );
        assert_eq!(
            one("The deal is due to be signed on Tuesday."),
            Some("2017-01-24".into())
        );
        // "would", or no tense word at all: either way is a guess.
        assert_eq!(one("He said the team would travel on Monday."), None);
        assert_eq!(
            one("Air strikes on the northern positions on Monday."),
            None
        );
        // A sentence before does not lend its tense.
        assert_eq!(one("Rebels agreed. Monday brings the first round."), None);
    }

    #[test]
    fn future_weekday_on_the_same_weekday_stays_null() {
        // 2017-01-23 is a Monday: "will meet on Monday" is today or in a week.
        assert_eq!(
            pairs("The envoys will meet on Monday.", at(2017, 1, 23)),
            vec![p("Monday", None)]
        );
        assert_eq!(
            pairs("The envoys met on Monday.", at(2017, 1, 23)),
            vec![p("Monday", Some("2017-01-23"))]
        );
    }

    #[test]
    fn next_last_and_this_weekday() {
        // 2017-01-20 is a Friday.
        assert_eq!(
            pairs(
                "They meet again next Monday, not last Friday or this Sunday.",
                at(2017, 1, 20)
            ),
            vec![
                p("next Monday", Some("2017-01-23")),
                p("last Friday", Some("2017-01-13")),
                p("this Sunday", None),
            ]
        );
        assert_eq!(
            pairs("They meet again next Monday.", None),
            vec![p("next Monday", None)]
        );
    }

    #[test]
    fn a_written_weekday_must_match_the_date() {
        let friday = at(2017, 1, 20);
        assert_eq!(
            pairs("Talks began on Monday, January 23 in Astana.", friday),
            vec![p("Monday, January 23", Some("2017-01-23"))]
        );
        assert_eq!(
            pairs("Talks began on Tuesday, January 23 in Astana.", friday),
            vec![p("Tuesday, January 23", None)]
        );
        assert_eq!(
            pairs("Talks began on Tuesday, January 23, 2017 in Astana.", None),
            vec![p("Tuesday, January 23, 2017", None)]
        );
    }

    #[test]
    fn yearless_dates_stay_within_six_months_of_the_article() {
        // The nearest February 29 is ten months back.
        assert_eq!(
            pairs("The rule dates from February 29.", at(2021, 1, 4)),
            vec![p("February 29", None)]
        );
    }

    #[test]
    fn a_dateline_date_is_the_articles_date() {
        assert_eq!(
            anchor(None, Some("WASHINGTON, January 20, 2017 (AP) -")),
            at(2017, 1, 20)
        );
        assert_eq!(
            anchor(None, Some("ASTANA, Kazakhstan (3rd UPDATE) -")),
            None
        );
        assert_eq!(
            anchor(
                Some("2017-01-18"),
                Some("WASHINGTON, January 20, 2017 (AP) -")
            ),
            at(2017, 1, 18),
            "published_at comes first"
        );
    }

    #[test]
    fn background_and_history_do_not_anchor() {
        // A date in a subordinate clause is background.
        let body = "When the console launched on 15 November 2001, it sold well. \
                    The sequel is out on 9 November.";
        assert_eq!(pairs(body, None)[1], p("9 November", None));
        // A later year named elsewhere makes the stated date history.
        let body = "The case began on 15 December 1953. Lawyers have until 21 March \
                    to appeal the 1998 ruling.";
        assert_eq!(pairs(body, None)[1], p("21 March", None));
        // A main clause, no later year: the stated date anchors.
        let body = "The case reopened on 15 December 2004. Lawyers have until 21 March to appeal.";
        assert_eq!(pairs(body, None)[1], p("21 March", Some("2005-03-21")));
    }

    #[test]
    fn a_date_naming_an_event_is_not_dated_from_the_text() {
        let body = "The deficit grew to a record on 30 September 2004, after the \
                    11 September attacks and the 4 August vote.";
        assert_eq!(
            pairs(body, None),
            vec![
                p("30 September 2004", Some("2004-09-30")),
                p("11 September", None),
                p("4 August", None),
            ]
        );
        // The article's own date is near enough to trust.
        assert_eq!(
            pairs("Rebels cited the December 30 agreement.", at(2017, 1, 23)),
            vec![p("December 30", Some("2016-12-30"))]
        );
    }

    #[test]
    fn clock_times_are_not_years() {
        assert_eq!(
            pairs("Kick-off is at 1945 GMT on Saturday, 26 February.", None),
            vec![p("Saturday, 26 February", None)]
        );
    }

    #[test]
    fn weekday_before_day_and_month_is_one_mention() {
        // 26 February 2005 was a Saturday, 26 February 2004 a Thursday.
        let body = "The final on 5 March 2005 follows the semi-final on Saturday, 26 February.";
        assert_eq!(
            pairs(body, None)[1],
            p("Saturday, 26 February", Some("2005-02-26"))
        );
        let body = "The final on 5 March 2004 follows the semi-final on Saturday, 26 February.";
        assert_eq!(pairs(body, None)[1], p("Saturday, 26 February", None));
    }
}

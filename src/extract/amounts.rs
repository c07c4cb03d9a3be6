//! Amounts in an article body: counts of people and things, money, percentages
//! and measured quantities, each with its value and the object it counts.
//! Pure functions over `body`; called by `extract::extract`. Offsets are code
//! points.
//!
//! Choices:
//! - The text includes a leading qualifier ("more than 310,000 people" starts
//!   at "more"); the value is the number stated (310000), never adjusted.
//! - Separators: "310,000" and "1,234.5" are English; "450.000" (a dot followed
//!   by exactly three digits, or several dots) is a European thousands
//!   separator, except before a scale word ("1.500 billion" is 1.5 billion).
//! - count: a number and the plural noun phrase after it ("20 air strikes",
//!   "three regime air strikes" -> object "air strikes"/"regime air strikes");
//!   a digit number with no such noun is still a count with a null object
//!   ("more than 12 million have fled") when scaled or at least 1,000 written
//!   with a separator; a bare "3" is dropped. Numbers written as words count only
//!   with an object ("nine civilians"); "one" is skipped ("one of the groups").
//! - quantity: the noun is a unit ("five days", "20 km") or the number is
//!   hyphenated to a unit ("six-year"); "14-member" is a count of "member".
//! - money: a currency sign or word ("£15.8m", "$1.5bn", "1.5 billion dlrs",
//!   "€20"); the object is the ISO 4217 code.
//! - percent: "12%", "4.5 percent", "4.5 per cent", "3.2 pct"; object null.
//! - Not amounts: years ("in 2011"), days of dates ("January 23", "29
//!   December"), ordinals ("3rd"), clock times, and numbers inside words.

use crate::record::Amount;

const WORD_NUMBERS: &[(&str, f64)] = &[
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
];

/// First letters of WORD_NUMBERS (ASCII), to turn other words away at once.
const WORD_NUMBER_INITIALS: [bool; 128] = {
    let mut initials = [false; 128];
    let mut i = 0;
    while i < WORD_NUMBERS.len() {
        initials[WORD_NUMBERS[i].0.as_bytes()[0] as usize] = true;
        i += 1;
    }
    initials
};

/// The longest of WORD_NUMBERS.
const WORD_NUMBER_MAX: usize = 9;

/// WORD_NUMBERS as integers (the bytes, zero-padded), compared in one step.
const WORD_NUMBER_KEYS: [u128; WORD_NUMBERS.len()] = {
    let mut keys = [0u128; WORD_NUMBERS.len()];
    let mut i = 0;
    while i < WORD_NUMBERS.len() {
        let word = WORD_NUMBERS[i].0.as_bytes();
        assert!(word.len() <= WORD_NUMBER_MAX);
        let mut key = [0u8; 16];
        let mut k = 0;
        while k < word.len() {
            key[k] = word[k];
            k += 1;
        }
        keys[i] = u128::from_le_bytes(key);
        i += 1;
    }
    keys
};

const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("mln", 1e6),
    ("billion", 1e9),
    ("bln", 1e9),
    ("trillion", 1e12),
];

/// Scale suffixes written onto a money figure ("£15.8m", "$1.5bn").
const SUFFIXES: &[(&str, f64)] = &[("bn", 1e9), ("tn", 1e12), ("m", 1e6), ("k", 1e3)];

const SIGNS: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("$", "USD"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("¥", "JPY"),
];

const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("dlrs", "USD"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("pounds", "GBP"),
    ("sterling", "GBP"),
    ("yen", "JPY"),
    ("yuan", "CNY"),
];

const QUALIFIERS: &[&str] = &[
    "more than",
    "fewer than",
    "less than",
    "at least",
    "at most",
    "up to",
    "nearly",
    "almost",
    "around",
    "about",
    "over",
    "some",
    "roughly",
    "approximately",
    "an estimated",
];

const UNITS: &[&str] = &[
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "decade",
    "km",
    "kilometre",
    "kilometer",
    "mile",
    "metre",
    "meter",
    "m",
    "cm",
    "kg",
    "kilogram",
    "tonne",
    "ton",
    "litre",
    "liter",
    "barrel",
    "hectare",
    "acre",
    "gram",
];

const STOP: &[&str] = &[
    "of", "in", "on", "at", "to", "the", "a", "an", "and", "or", "but", "that", "which", "who",
    "have", "has", "had", "were", "was", "is", "are", "be", "been", "will", "would", "could",
    "into", "from", "for", "with", "by", "as", "than", "more", "per", "its", "their", "his", "her",
    "since", "after", "before", "during", "this", "these", "those", "said", "says", "ago",
];

const IRREGULAR_PLURALS: &[&str] = &["people", "children", "men", "women", "police", "personnel"];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn is_unit(word: &str) -> bool {
    let lw = word.to_lowercase();
    let singular = lw.strip_suffix('s').unwrap_or(&lw);
    UNITS.contains(&lw.as_str()) || UNITS.contains(&singular)
}

fn is_plural(word: &str) -> bool {
    let lw = word.to_lowercase();
    IRREGULAR_PLURALS.contains(&lw.as_str())
        || (word.ends_with('s')
            && word.chars().count() > 3
            && !lw.ends_with("ss")
            && !lw.ends_with("us")
            && !lw.ends_with("is"))
}

/// Finds the amounts in `body`.
pub fn amounts(body: &str) -> Vec<Amount> {
    let chars: Vec<char> = body.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // Not inside a word or after "10:" / "1." (the rest of a number).
        let boundary = i == 0
            || !(chars[i - 1].is_alphanumeric()
                || (matches!(chars[i - 1], ':' | '.' | ',' | '-' | '–')
                    && i >= 2
                    && chars[i - 2].is_ascii_digit()));
        if boundary
            && may_start(&chars, i)
            && let Some((amount, end)) = amount_at(&chars, i)
        {
            out.push(amount);
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Whether an amount can start at `at`: a currency sign, a digit or a number
/// word. Most positions cannot; this turns them away before `amount_at` reads
/// (and copies) the word there.
fn may_start(chars: &[char], at: usize) -> bool {
    let c = chars[at];
    if c.is_ascii_digit() {
        return true;
    }
    // No sign starts with a lowercase letter (a test says so): most words are
    // spared the comparisons.
    if !c.is_ascii_lowercase() && SIGNS.iter().any(|(sign, _)| starts_with(chars, at, sign)) {
        return true;
    }
    // `amount_at` looks the word's part before any hyphen up, lowercased, in
    // WORD_NUMBERS. Only ASCII letters can match (no other letter lowercases
    // to one that could), and none is longer than nine.
    if !c.is_ascii() || !WORD_NUMBER_INITIALS[usize::from(c.to_ascii_lowercase() as u8)] {
        return false;
    }
    let mut key = [0u8; 16];
    for (k, &c) in chars[at..]
        .iter()
        .take_while(|c| c.is_alphanumeric())
        .take(WORD_NUMBER_MAX + 1)
        .enumerate()
    {
        if !c.is_ascii() {
            return false;
        }
        key[k] = c.to_ascii_lowercase() as u8;
    }
    WORD_NUMBER_KEYS.contains(&u128::from_le_bytes(key))
}

fn starts_with(chars: &[char], at: usize, s: &str) -> bool {
    (at..).zip(s.chars()).all(|(k, c)| chars.get(k) == Some(&c))
}

/// The word starting at `at` (letters, digits, inner hyphens) and its end.
fn word_at(chars: &[char], at: usize) -> (String, usize) {
    let mut k = at;
    while k < chars.len()
        && (chars[k].is_alphanumeric()
            || (chars[k] == '-' && chars.get(k + 1).is_some_and(|c| c.is_alphabetic())))
    {
        k += 1;
    }
    (chars[at..k].iter().collect(), k)
}

/// The next word after `at`, skipping spaces only: (word, start, end).
fn next_word(chars: &[char], at: usize) -> Option<(String, usize, usize)> {
    let mut k = at;
    while chars.get(k).is_some_and(|c| *c == ' ' || *c == '\u{a0}') {
        k += 1;
    }
    if k == at || !chars.get(k).is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    let (w, end) = word_at(chars, k);
    Some((w, k, end))
}

/// The word before `at`, skipping spaces: (word, start).
fn prev_word(chars: &[char], at: usize) -> Option<(String, usize)> {
    let mut k = at;
    while k > 0 && chars[k - 1] == ' ' {
        k -= 1;
    }
    let end = k;
    while k > 0 && (chars[k - 1].is_alphanumeric() || chars[k - 1] == '-') {
        k -= 1;
    }
    (k < end).then(|| (chars[k..end].iter().collect(), k))
}

/// A digit literal at `at`: its value, its end, and whether it was written
/// with no separator (a possible year).
fn digits_at(chars: &[char], at: usize, scaled: bool) -> Option<(f64, usize, bool)> {
    let mut k = at;
    let mut raw = String::new();
    while k < chars.len() {
        let c = chars[k];
        if c.is_ascii_digit()
            || (matches!(c, ',' | '.')
                && chars.get(k + 1).is_some_and(char::is_ascii_digit)
                && !raw.is_empty())
        {
            raw.push(c);
            k += 1;
        } else {
            break;
        }
    }
    if raw.is_empty() {
        return None;
    }
    let plain = raw.chars().all(|c| c.is_ascii_digit());
    Some((interpret(&raw, scaled)?, k, plain))
}

/// Reads "310,000", "450.000", "1,234.5", "1.234,5", "15.8".
fn interpret(raw: &str, scaled: bool) -> Option<f64> {
    let last_sep = raw.rfind([',', '.']);
    let normalised: String = match last_sep {
        None => raw.to_string(),
        Some(p) => {
            let sep = raw[p..].chars().next()?;
            let tail = raw.len() - p - 1;
            let seps = raw.matches(sep).count();
            let other_sep = if sep == ',' { '.' } else { ',' };
            let has_other = raw.contains(other_sep);
            let thousands = if has_other {
                // "1,234.5": the last separator is the decimal point.
                false
            } else if sep == ',' {
                tail == 3
            } else {
                // A dot: European thousands unless a scale word follows.
                seps > 1 || (tail == 3 && !scaled)
            };
            if thousands {
                raw.replace(sep, "")
            } else {
                raw[..p].replace([other_sep, sep], "") + "." + &raw[p + 1..]
            }
        }
    };
    normalised.parse().ok()
}

fn amount_at(chars: &[char], at: usize) -> Option<(Amount, usize)> {
    let mut k = at;
    let mut currency: Option<&str> = None;
    for (sign, code) in SIGNS {
        if starts_with(chars, k, sign) {
            currency = Some(code);
            k += sign.chars().count();
            break;
        }
    }
    let (mut value, mut end, plain, worded) = if chars.get(k).is_some_and(char::is_ascii_digit) {
        // Whether a scale word follows changes how "1.500" reads.
        let probe = digits_at(chars, k, false)?;
        let scaled = next_word(chars, probe.1)
            .is_some_and(|(w, _, _)| SCALES.iter().any(|(s, _)| w.eq_ignore_ascii_case(s)));
        let (v, e, plain) = if scaled {
            digits_at(chars, k, true)?
        } else {
            probe
        };
        (v, e, plain, false)
    } else if currency.is_none() {
        let (w, e) = word_at(chars, k);
        let lw = w.to_lowercase();
        let (head, tail) = lw.split_once('-').unwrap_or((lw.as_str(), ""));
        let mut v = WORD_NUMBERS.iter().find(|(n, _)| *n == head)?.1;
        // "twenty-five".
        if let Some(&(_, u)) = WORD_NUMBERS
            .iter()
            .find(|(n, _)| *n == tail)
            .filter(|_| v >= 20.0)
        {
            v += u;
        } else if !tail.is_empty() {
            // "six-year": the hyphen part is the object, handled below.
            return hyphenated(chars, at, k + head.chars().count(), v);
        }
        (v, e, false, true)
    } else {
        return None;
    };
    // Numbers inside words ("G20", "3rd"), clock times ("10:30").
    if let Some(c) = chars.get(end) {
        if !worded && (*c == ':' && chars.get(end + 1).is_some_and(char::is_ascii_digit)) {
            return None;
        }
        let (w, _) = word_at(chars, end);
        if ["st", "nd", "rd", "th"].contains(&w.as_str()) {
            return None;
        }
    }
    if !worded
        && chars.get(end) == Some(&'-')
        && chars.get(end + 1).is_some_and(|c| c.is_alphabetic())
    {
        return hyphenated(chars, at, end, value);
    }
    let mut kind = "count";
    let mut scaled = false;
    // Attached suffixes: "12%", "£15.8m", "20km".
    if chars.get(end) == Some(&'%') {
        kind = "percent";
        end += 1;
    } else if chars.get(end).is_some_and(|c| c.is_alphabetic()) {
        let (w, e) = word_at(chars, end);
        if let Some(&(_, f)) = SUFFIXES
            .iter()
            .find(|(s, _)| *s == w)
            .filter(|_| currency.is_some())
        {
            value *= f;
            scaled = true;
            end = e;
        } else if is_unit(&w) {
            let text: String = chars[at..e].iter().collect();
            return Some((
                Amount {
                    text,
                    value: Some(value),
                    kind: "quantity".into(),
                    object: Some(w),
                    offset: offset(at),
                },
                e,
            ));
        } else {
            return None;
        }
    }
    // Scale words: "12 million", "two million".
    if kind != "percent"
        && !scaled
        && let Some((w, _, e)) = next_word(chars, end)
        && let Some(&(_, f)) = SCALES.iter().find(|(s, _)| w.eq_ignore_ascii_case(s))
    {
        value *= f;
        scaled = true;
        end = e;
    }
    // Percent and currency words.
    if kind != "percent"
        && let Some((w, _, e)) = next_word(chars, end)
    {
        let lw = w.to_lowercase();
        if lw == "percent" || lw == "pct" {
            kind = "percent";
            end = e;
        } else if lw == "per"
            && let Some((c, _, e2)) = next_word(chars, e)
            && c == "cent"
        {
            kind = "percent";
            end = e2;
        } else if let Some(&(_, code)) = CURRENCY_WORDS.iter().find(|(n, _)| *n == lw) {
            currency = Some(code);
            end = e;
        }
    }
    let prev = prev_word(chars, at);
    // Days of dates: "January 23", "29 December".
    if !worded
        && currency.is_none()
        && kind == "count"
        && (prev
            .as_ref()
            .is_some_and(|(w, _)| MONTHS.contains(&w.as_str()))
            || next_word(chars, end).is_some_and(|(w, _, _)| MONTHS.contains(&w.as_str())))
    {
        return None;
    }
    let object = if currency.is_some() || kind == "percent" {
        None
    } else {
        object_after(chars, end)
    };
    let (object, obj_end) = match object {
        Some((o, e)) => (Some(o), e),
        None => (None, end),
    };
    if currency.is_none() && kind == "count" {
        // With nothing counted, only a figure that is plainly a count stands
        // ("12 million", "310,000"); a bare "3" or "4.7" is a score, a rank, a
        // version or part of a phone number as often as not.
        if object.is_none() && (worded || !(scaled || (!plain && value >= 1000.0))) {
            return None;
        }
        // Years: four plain digits with nothing counted, or after "in"/"since".
        let year_like =
            plain && !scaled && (1800.0..=2100.0).contains(&value) && value.fract() == 0.0;
        let year_cue = prev.as_ref().is_some_and(|(w, _)| {
            [
                "in", "since", "from", "until", "by", "of", "early", "late", "mid", "year", "to",
            ]
            .contains(&w.to_lowercase().as_str())
        });
        if year_like && (object.is_none() || year_cue) {
            return None;
        }
    }
    if currency.is_some() {
        kind = "money";
    }
    let kind = if kind == "count" && object.as_deref().is_some_and(is_unit) {
        "quantity"
    } else {
        kind
    };
    let start = qualifier_start(chars, at).unwrap_or(at);
    let text_end = if object.is_some() { obj_end } else { end };
    Some((
        Amount {
            text: chars[start..text_end].iter().collect(),
            value: Some(value),
            kind: kind.into(),
            object: if kind == "money" {
                currency.map(str::to_string)
            } else {
                object
            },
            offset: offset(start),
        },
        text_end,
    ))
}

fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// "14-member", "six-year": the hyphenated word is the object.
fn hyphenated(chars: &[char], at: usize, num_end: usize, value: f64) -> Option<(Amount, usize)> {
    let (w, _) = word_at(chars, num_end + 1);
    let head = w.split('-').next().unwrap_or_default().to_string();
    if head.is_empty() || !head.chars().all(char::is_alphabetic) {
        return None;
    }
    let kind = if is_unit(&head) { "quantity" } else { "count" };
    let end = num_end + 1 + head.chars().count();
    Some((
        Amount {
            text: chars[at..end].iter().collect(),
            value: Some(value),
            kind: kind.into(),
            object: Some(head),
            offset: offset(at),
        },
        end,
    ))
}

/// The noun phrase a number counts: up to four words ending with a plural
/// ("air strikes", "regime forces", "IS fighters", "people").
fn object_after(chars: &[char], from: usize) -> Option<(String, usize)> {
    let mut at = from;
    let mut start = None;
    for _ in 0..4 {
        let (w, s, e) = next_word(chars, at)?;
        // Case matters: "IS fighters" is not "is".
        let stop =
            STOP.contains(&w.to_lowercase().as_str()) && w.chars().skip(1).all(char::is_lowercase);
        if stop || w.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let start = *start.get_or_insert(s);
        if is_plural(&w) || is_unit(&w) {
            return Some((chars[start..e].iter().collect(), e));
        }
        // A comma or other punctuation ends the phrase.
        if chars.get(e).is_none_or(|c| *c != ' ') {
            return None;
        }
        at = e;
    }
    None
}

/// Where a qualifier directly before `at` starts ("more than 310,000").
fn qualifier_start(chars: &[char], at: usize) -> Option<usize> {
    let (w1, s1) = prev_word(chars, at)?;
    let lw1 = w1.to_lowercase();
    if let Some((w0, s0)) = prev_word(chars, s1) {
        let two = format!("{} {}", w0.to_lowercase(), lw1);
        if QUALIFIERS.contains(&two.as_str()) {
            return Some(s0);
        }
    }
    QUALIFIERS.contains(&lw1.as_str()).then_some(s1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(body: &str) -> Amount {
        let a = amounts(body);
        assert_eq!(a.len(), 1, "{a:?}");
        a.into_iter().next().unwrap()
    }

    fn check(body: &str, text: &str, value: f64, kind: &str, object: Option<&str>) {
        let a = one(body);
        assert_eq!(a.text, text, "{body}");
        assert_eq!(a.value, Some(value), "{body}");
        assert_eq!(a.kind, kind, "{body}");
        assert_eq!(a.object.as_deref(), object, "{body}");
    }

    #[test]
    fn counts_of_people_with_qualifier() {
        check(
            "More than 45,000 people have left the valley.",
            "More than 45,000 people",
            45000.0,
            "count",
            Some("people"),
        );
    }

    #[test]
    fn european_thousands_separator() {
        check(
            "Some 120.000 Ruritanians voted.",
            "Some 120.000 Ruritanians",
            120000.0,
            "count",
            Some("Ruritanians"),
        );
        check(
            "The rate rose 2.5 percent.",
            "2.5 percent",
            2.5,
            "percent",
            None,
        );
    }

    #[test]
    fn scale_words_without_object() {
        check(
            "and more than 3 million have moved away.",
            "more than 3 million",
            3e6,
            "count",
            None,
        );
    }

    #[test]
    fn money() {
        check(
            "The club paid £12.4m for him.",
            "£12.4m",
            12.4e6,
            "money",
            Some("GBP"),
        );
        check(
            "A $2.5bn loan was agreed.",
            "$2.5bn",
            2.5e9,
            "money",
            Some("USD"),
        );
        check(
            "Sales reached 3.1 billion dlrs last year.",
            "3.1 billion dlrs",
            3.1e9,
            "money",
            Some("USD"),
        );
        check("Tickets cost €35 each.", "€35", 35.0, "money", Some("EUR"));
    }

    #[test]
    fn percentages() {
        check("Turnout was 61% overall.", "61%", 61.0, "percent", None);
        check(
            "Output fell 1.7 pct in May.",
            "1.7 pct",
            1.7,
            "percent",
            None,
        );
        check(
            "Output fell 1.7 per cent.",
            "1.7 per cent",
            1.7,
            "percent",
            None,
        );
    }

    #[test]
    fn counted_things_and_words() {
        check(
            "Jets carried out 15 raids overnight.",
            "15 raids",
            15.0,
            "count",
            Some("raids"),
        );
        check(
            "Four army supply convoys were hit.",
            "Four army supply convoys",
            4.0,
            "count",
            Some("army supply convoys"),
        );
        check(
            "At least 12 UN observers left.",
            "At least 12 UN observers",
            12.0,
            "count",
            Some("UN observers"),
        );
    }

    #[test]
    fn quantities_and_hyphenated() {
        check(
            "The march lasted three days.",
            "three days",
            3.0,
            "quantity",
            Some("days"),
        );
        check(
            "A 9-member panel was named.",
            "9-member",
            9.0,
            "count",
            Some("member"),
        );
        check(
            "A seven-year war.",
            "seven-year",
            7.0,
            "quantity",
            Some("year"),
        );
    }

    #[test]
    fn not_amounts() {
        assert!(amounts("In 2014 the dam opened on March 3 and on 4 June.").is_empty());
        assert!(amounts("The 2nd round at 10:30 in G20 talks; one of them left.").is_empty());
        // The second day of a range is not a count of what follows.
        assert!(amounts("Invited for May 15-16 talks.").is_empty());
        assert!(amounts("He was one voice, and two of them agreed.").is_empty());
        assert!(amounts("Version 4.7 scored 3 out of 10, call 0208 056.").is_empty());
    }

    #[test]
    fn no_sign_starts_with_a_lowercase_letter() {
        // `may_start` relies on it.
        assert!(
            SIGNS
                .iter()
                .all(|(sign, _)| !sign.starts_with(|c: char| c.is_ascii_lowercase()))
        );
    }

    #[test]
    fn offsets_are_code_points() {
        let body = "Café — 30 waiters quit.";
        let a = one(body);
        let chars: Vec<char> = body.chars().collect();
        assert_eq!(chars[a.offset as usize], '3');
    }
}

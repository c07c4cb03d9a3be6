//! The body as code points with its words found once (`Text`), and the
//! word-level readers built on it: cue words, name words, capitalised runs
//! with titles stripped, and subject pronouns.

use super::*;

/// The body as code points, its whitespace-separated words found once: the
/// finders slice it by code-point index without copying text.
pub(super) struct Text<'a> {
    body: &'a str,
    pub(super) chars: Vec<char>,
    /// Byte offset of each code point, and of the end of the body; empty for
    /// an ASCII body, where the two are one.
    bytes: Vec<u32>,
    /// The words: code-point ranges between whitespace.
    words: Vec<(usize, usize)>,
}

impl<'a> Text<'a> {
    pub(super) fn new(body: &'a str) -> Self {
        let (chars, bytes): (Vec<char>, Vec<u32>) = if body.is_ascii() {
            (body.bytes().map(char::from).collect(), Vec::new())
        } else {
            let to_u32 = |b: usize| u32::try_from(b).unwrap_or(u32::MAX);
            (
                body.chars().collect(),
                body.char_indices()
                    .map(|(b, _)| to_u32(b))
                    .chain([to_u32(body.len())])
                    .collect(),
            )
        };
        let mut words = Vec::with_capacity(body.len() / 4);
        let mut start = None;
        for (i, c) in chars.iter().enumerate() {
            match (c.is_whitespace(), start) {
                (true, Some(s)) => {
                    words.push((s, i));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push((s, chars.len()));
        }
        Text {
            body,
            chars,
            bytes,
            words,
        }
    }

    /// The text of code points `from..to`.
    pub(super) fn slice(&self, from: usize, to: usize) -> &'a str {
        if self.bytes.is_empty() {
            return &self.body[from..to];
        }
        &self.body[self.bytes[from] as usize..self.bytes[to] as usize]
    }

    /// Words of the range `from..to` with their code-point starts; a word the
    /// range cuts is cut with it.
    pub(super) fn words(&self, from: usize, to: usize) -> Vec<(usize, &'a str)> {
        if from >= to {
            return Vec::new();
        }
        let first = self.words.partition_point(|&(_, e)| e <= from);
        let end = self.words.partition_point(|&(s, _)| s < to).max(first);
        self.words[first..end]
            .iter()
            .map(|&(s, e)| {
                let (s, e) = (s.max(from), e.min(to));
                (s, self.slice(s, e))
            })
            .collect()
    }
}

pub(super) fn bare(word: &str) -> &str {
    // Most words are letters from end to end: nothing to trim.
    if word
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphanumeric)
        && word
            .as_bytes()
            .last()
            .is_some_and(u8::is_ascii_alphanumeric)
    {
        return word;
    }
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '’' && c != '\'')
        .trim_end_matches(['’', '\''])
}

pub(super) fn is_cap(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The cue verb `word` is, or "saying", ignoring ASCII case (a word with other
/// letters is none). Every word of the body is asked: the cues are grouped by
/// length, with the first letters of each group, so that most words are
/// turned away before any comparison.
pub(super) fn cue_word(word: &str) -> Option<&'static str> {
    /// Per length: a bit per first letter (`letter - 'a'`), and the cues.
    type ByLen = Vec<(u32, Vec<&'static str>)>;
    static BY_LEN: LazyLock<ByLen> = LazyLock::new(|| {
        let mut by_len: ByLen = Vec::new();
        for cue in std::iter::once("saying")
            .chain(CUES.iter().copied())
            .chain(PARTIAL_CUES.iter().copied())
        {
            if by_len.len() <= cue.len() {
                by_len.resize(cue.len() + 1, (0, Vec::new()));
            }
            let (initials, cues) = &mut by_len[cue.len()];
            *initials |= 1 << (cue.as_bytes()[0] - b'a');
            cues.push(cue);
        }
        by_len
    });
    let first = word.bytes().next()?.to_ascii_lowercase();
    let (initials, cues) = BY_LEN.get(word.len())?;
    if !first.is_ascii_lowercase() || initials & (1 << (first - b'a')) == 0 {
        return None;
    }
    cues.iter().copied().find(|c| c.eq_ignore_ascii_case(word))
}

/// A cue verb that attributes whole quotes (not "saying", nor a verb of
/// `PARTIAL_CUES`).
pub(super) fn speech_cue(word: &str) -> Option<&'static str> {
    cue_word(word).filter(|c| *c != "saying" && !PARTIAL_CUES.contains(c))
}

/// True for a word that can be part of a name: capitalised, "al-Assad"-like,
/// or a particle.
pub(super) fn name_word(word: &str) -> bool {
    let w = bare(word);
    if w.is_empty() || w.ends_with("’s") || w.ends_with("'s") {
        return false;
    }
    is_cap(w)
        || PARTICLES.contains(&w)
        || ["al-", "el-", "ad-", "as-"]
            .iter()
            .any(|p| w.strip_prefix(p).is_some_and(is_cap))
}

pub(super) fn possessive(word: &str) -> bool {
    let w = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    w.ends_with("’s") || w.ends_with("'s")
}

/// Drops leading titles, demonyms and acronyms ("Russian President Vladimir
/// Putin" -> "Vladimir Putin"), keeping at least one word.
pub(super) fn strip_titles<'a>(run: &[&'a str]) -> Vec<&'a str> {
    // "Transportation Secretary Norman Mineta": everything up to the last title
    // word, when two words remain.
    let mut i = run
        .iter()
        .rposition(|w| is_title(w) || is_affiliation(w))
        .filter(|&k| k + 2 < run.len() + 1 && run.len() - k > 2)
        .map_or(0, |k| k + 1);
    // "(On) Thursday Mr Kilroy-Silk": nothing before an honorific is a name.
    if let Some(k) = run[..run.len().saturating_sub(1)]
        .iter()
        .rposition(|w| HONORIFICS.contains(w))
    {
        i = i.max(k);
    }
    while i + 1 < run.len() {
        let w = run[i];
        let demonym = ["ian", "ese", "ish", "ean", "i"]
            .iter()
            .any(|s| w.ends_with(s))
            && is_cap(w)
            && w.len() > 3;
        let acronym = w.len() <= 4 && w.chars().all(|c| c.is_uppercase());
        // A demonym, acronym or party word goes only before a name of two
        // words: "Brian Kerr", "G Money" and "Liberal Democrats" stay whole.
        let before_name = run.len() - i > 2 && !is_organisation(run);
        // "Journalist Guillem Balague", "Scrum-half Peter Stringer": a job
        // word, or any word before a known given name, opening the sentence.
        let job = || {
            is_job(w) || people::given_name(w).is_none() && people::given_name(run[i + 1]).is_some()
        };
        if is_title(w) || (before_name && (demonym || acronym || is_affiliation(w) || job())) {
            i += 1;
        } else {
            break;
        }
    }
    run[i..].to_vec()
}

/// A run that names an organisation by its last word ("UK Independence
/// Party"): its leading words are part of it.
pub(super) fn is_organisation(run: &[&str]) -> bool {
    run.last().is_some_and(|w| {
        matches!(
            *w,
            "Party"
                | "Council"
                | "Union"
                | "Association"
                | "Federation"
                | "Commission"
                | "Committee"
                | "Institute"
                | "Office"
                | "Department"
                | "Ministry"
                | "Agency"
                | "Bank"
                | "Group"
                | "Society"
                | "Trust"
                | "Foundation"
                | "Organisation"
                | "Organization"
                | "League"
                | "Board"
                | "Authority"
                | "Service"
        )
    })
}

/// A run of titles alone ("Shadow Secretary", "Sir") names nobody.
pub(super) fn only_titles(run: &[&str]) -> bool {
    run.iter().all(|w| is_title(w) || is_affiliation(w))
}

/// Runs of name words in a range, split at punctuation and possessives.
pub(super) fn name_runs<'a>(t: &Text<'a>, from: usize, to: usize) -> Vec<(usize, Vec<&'a str>)> {
    let mut out: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut cur_start = 0;
    // Ends the current run; a particle cannot end a name.
    let flush = |cur: &mut Vec<&'a str>, start: usize, out: &mut Vec<(usize, Vec<&'a str>)>| {
        while cur.last().is_some_and(|l| PARTICLES.contains(l)) {
            cur.pop();
        }
        if !cur.is_empty() {
            out.push((start, std::mem::take(cur)));
        }
    };
    for (pos, w) in t.words(from, to) {
        // "Curriculum Authority (QCA)": a parenthesis opens a run of its own.
        if w.starts_with('(') {
            flush(&mut cur, cur_start, &mut out);
        }
        let ok = name_word(w) && !(cur.is_empty() && PARTICLES.contains(&bare(w)));
        if ok {
            if cur.is_empty() {
                cur_start = pos;
            }
            cur.push(bare(w));
        }
        if !ok || w.ends_with([',', '.', ':', ';', ')', '(', '”', '"']) || w.starts_with('(') {
            flush(&mut cur, cur_start, &mut out);
        }
    }
    flush(&mut cur, cur_start, &mut out);
    out
}

/// The sex a subject pronoun refers to: "he", "she".
pub(super) fn pronoun(word: &str) -> Option<Sex> {
    if lower_is(word, "he") {
        Some(Sex::Male)
    } else if lower_is(word, "she") {
        Some(Sex::Female)
    } else {
        None
    }
}

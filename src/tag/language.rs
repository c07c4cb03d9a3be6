//! Language identification of an article (title plus body): ISO 639-1 code
//! with a confidence, from `whatlang` (trigram profiles of 69 languages; see
//! the README for why it and not lingua). Languages a news desk does not meet
//! and that steal short texts from the ones it does (Esperanto, Latin,
//! Javanese from Indonesian) are left out.

use whatlang::Lang;

use crate::record::Language;

/// How much of the body the detector reads: a few paragraphs decide the
/// language as well as the whole article does, at a fraction of the cost.
const BODY_PREFIX: usize = 600;

/// The language detector, built once and shared by every worker.
pub struct Detector {
    inner: whatlang::Detector,
}

impl Detector {
    pub fn new() -> Detector {
        let left_out = vec![
            Lang::Epo,
            Lang::Lat,
            Lang::Jav,
            Lang::Aka,
            Lang::Sna,
            Lang::Tuk,
        ];
        Detector {
            inner: whatlang::Detector::with_denylist(left_out),
        }
    }

    /// The language of an article, or `None` when there is no text to tell
    /// it by (no letters at all).
    pub fn detect(&self, title: &str, body: &str) -> Option<Language> {
        let body = prefix(body, BODY_PREFIX);
        if let Some(english) = plainly_english(body) {
            return Some(english);
        }
        let mut text = String::with_capacity(title.len() + 1 + body.len());
        text.push_str(title);
        text.push('\n');
        text.push_str(body);
        let found = self.detect_text(&text);
        if found
            .as_ref()
            .is_none_or(|l| l.code != "en" && l.confidence < UNSURE)
        {
            // Unsure on the opening (a results table, a list of names): the
            // English markers over more of the body settle it when there.
            if let Some(english) = english_by_markers(prefix(body, WIDER_PREFIX)) {
                return Some(english);
            }
        }
        found
    }

    /// The language of one piece of text (a title, a sentence, a page).
    pub fn detect_text(&self, text: &str) -> Option<Language> {
        let info = self.inner.detect(text)?;
        Some(Language {
            code: iso_639_1(info.lang()).to_string(),
            confidence: (info.confidence() * 1000.0).round() / 1000.0,
        })
    }
}

impl Default for Detector {
    fn default() -> Self {
        Detector::new()
    }
}

/// Words that are frequent in any English prose and rare as words in every
/// other language whatlang knows (not "a", "in", "is", "on", "at", "for",
/// "are": other languages' words too).
const ENGLISH_MARKERS: [&str; 39] = [
    "the", "of", "and", "to", "that", "with", "was", "were", "said", "has", "have", "from", "this",
    "which", "would", "their", "been", "will", "its", "they", "but", "not", "had", "his", "who",
    "she", "it", "after", "about", "than", "into", "could", "there", "more", "when", "says",
    "told", "year", "new",
];

/// A word of up to 8 ASCII letters as a number, lowercased, or `None`.
const fn packed(word: &[u8]) -> Option<u64> {
    if word.is_empty() || word.len() > 8 {
        return None;
    }
    let mut key = 0u64;
    let mut i = 0;
    while i < word.len() {
        if !word[i].is_ascii_alphabetic() {
            return None;
        }
        key |= (word[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    Some(key)
}

/// [`ENGLISH_MARKERS`] packed and sorted, for a binary search.
const MARKER_KEYS: [u64; ENGLISH_MARKERS.len()] = {
    let mut keys = [0u64; ENGLISH_MARKERS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = match packed(ENGLISH_MARKERS[i].as_bytes()) {
            Some(k) => k,
            None => panic!("a marker is ASCII letters"),
        };
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            (keys[j - 1], keys[j]) = (keys[j], keys[j - 1]);
            j -= 1;
        }
        i += 1;
    }
    keys
};

/// The words of `text` (runs of letters) and, for each, which marker it is
/// (an index into [`MARKER_KEYS`]), if any.
fn marker_words(text: &str, mut f: impl FnMut(Option<usize>)) {
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        f(packed(word.as_bytes()).and_then(|k| MARKER_KEYS.binary_search(&k).ok()));
    }
}

/// English, without asking whatlang, when at least 40 words of text have
/// English markers for one word in eight (English news runs one in four or
/// five; other languages next to none). whatlang scores every language's
/// profile whatever the length of the text, which costs more than the rest
/// of the article's tagging; most articles are English and this tells them
/// at once.
fn plainly_english(text: &str) -> Option<Language> {
    let (mut words, mut markers) = (0usize, 0usize);
    marker_words(text, |marker| {
        words += 1;
        markers += usize::from(marker.is_some());
    });
    (words >= 40 && markers * 8 >= words).then(|| Language {
        code: "en".to_string(),
        confidence: 1.0,
    })
}

/// Below this confidence whatlang's answer on an article is a guess.
pub const UNSURE: f64 = 0.5;
/// How much of the body the second look reads.
const WIDER_PREFIX: usize = 8_000;

/// English when a longer stretch of text holds English markers for one word
/// in twenty, at least three different ones: looser than
/// [`plainly_english`], for text that is mostly names and figures
/// (`1. Michelle Freeman (Jamaica) 12.71 seconds`). Its confidence is the
/// marker share against the one in five of English prose.
fn english_by_markers(text: &str) -> Option<Language> {
    let (mut words, mut markers) = (0usize, 0usize);
    let mut seen = [false; ENGLISH_MARKERS.len()];
    marker_words(text, |marker| {
        words += 1;
        if let Some(k) = marker {
            markers += 1;
            seen[k] = true;
        }
    });
    let distinct = seen.iter().filter(|&&s| s).count();
    (words >= 40 && markers * 20 >= words && distinct >= 3).then(|| Language {
        code: "en".to_string(),
        confidence: ((markers as f64 * 5.0 / words as f64).min(1.0) * 1000.0).round() / 1000.0,
    })
}

/// The first `max` bytes of `text`, cut back to a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// ISO 639-1 for each language whatlang knows (it names them by 639-3).
fn iso_639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_english_article_is_english() {
        let detector = Detector::new();
        let language = detector
            .detect(
                "Harbour dredging enters its final phase",
                "The harbour authority said dredging of the outer channel would end this month.",
            )
            .expect("a language");
        assert_eq!(language.code, "en");
        assert!(language.confidence > 0.5, "{language:?}");
    }

    #[test]
    fn english_markers_do_not_make_other_languages_english() {
        let dutch = "De minister zei dinsdag dat de regering extra geld uittrekt voor de bouw van \
            nieuwe huizen. Door de hevige regenval stonden veel straten in het centrum van de stad \
            onder water. Volgens het bureau is de werkloosheid opnieuw gedaald, en dat was te \
            verwachten. De gemeente wil dat fietsers meer ruimte krijgen.";
        assert_eq!(plainly_english(dutch), None);
        assert_eq!(Detector::new().detect("", dutch).unwrap().code, "nl");
    }

    #[test]
    fn no_letters_no_language() {
        assert_eq!(Detector::new().detect("", "12 345 — 678"), None);
    }

    #[test]
    fn a_long_body_is_cut_at_a_character_boundary() {
        let body = "é".repeat(BODY_PREFIX);
        assert!(prefix(&body, BODY_PREFIX).len() <= BODY_PREFIX);
        assert!(body.is_char_boundary(prefix(&body, BODY_PREFIX).len()));
    }
}

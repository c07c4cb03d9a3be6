//! Keywords: up to ten terms and phrases that set an article apart from the
//! corpus so far. Candidates ([`candidates`]) are scored by tf·idf, with
//! document frequencies that the corpus owner keeps (and commits) as the
//! corpus grows, on top of a background table shipped in `data/keywords/`
//! (built from CoNLL-2003's training documents by `cargo run --release --bin
//! keywords-background`), so the first article is not scored against nothing.

mod background;
mod candidates;

pub use background::Background;
pub use candidates::{Candidate, Candidates, MAX_WORDS, candidates};

use xxhash_rust::xxh3::xxh3_64;

use crate::record::Keyword;

/// Keywords kept per article.
pub const MAX_KEYWORDS: usize = 10;

/// Whether a candidate's document frequency is worth keeping in the corpus:
/// every single word, and the phrases an article repeats or writes as a
/// name. (A phrase seen once in passing would make a row per
/// article for nothing: it could not be a keyword of that article.)
pub fn counts_in_corpus(c: &Candidate) -> bool {
    c.words == 1 || c.count >= 2 || c.name
}

/// A phrase can be a keyword when the article uses it twice or it names an
/// entity the recogniser found (a run of capitals such as `France Olivier
/// Patience` is two names, not one); a single word always can.
fn qualifies(found: &Candidates, c: &Candidate, is_entity: &impl Fn(&str) -> bool) -> bool {
    c.words == 1 || c.count >= 2 || (c.name && is_entity(&found.term(c)))
}

/// The article's keywords, best first: `df(key)` is the number of documents
/// (this one included) holding a candidate, out of `docs`. Scores are
/// relative to the best (1.0).
pub fn pick(
    found: &Candidates,
    df: impl Fn(u64) -> f64,
    docs: f64,
    is_entity: impl Fn(&str) -> bool,
) -> Vec<Keyword> {
    let mut scored: Vec<(f64, &Candidate)> = found
        .iter()
        .filter(|c| qualifies(found, c, &is_entity))
        .map(|c| {
            let idf_of = |n: f64| ((docs + 1.0) / (n + 0.5)).ln().max(0.0);
            let mut idf = idf_of(df(c.key));
            if c.words > 1 && !c.name {
                // A phrase of common words ("cast doubt") is rare as a phrase
                // only: it counts half by the rarity of its words.
                let words: f64 = found
                    .lower(c)
                    .split(' ')
                    .map(|w| idf_of(df(xxh3_64(w.as_bytes()))))
                    .sum();
                idf = (idf * words / c.words as f64).sqrt();
            }
            // A phrase that is also a name or title phrase carries more than
            // its words do apart; a lone word must earn its place by
            // repetition.
            let length = 1.0 + 0.25 * (c.words - 1) as f64;
            (f64::from(c.tf).ln_1p() * idf * length, c)
        })
        .filter(|&(s, _)| s > 0.0)
        .collect();
    let mut picked: Vec<(f64, &Candidate)> = Vec::new();
    for (score, c) in best_first(&mut scored) {
        if picked.len() == MAX_KEYWORDS {
            break;
        }
        let lower = found.lower(c);
        match picked
            .iter()
            .position(|(_, p)| overlaps(found.lower(p), lower))
        {
            // A longer phrase the article uses about as often replaces the
            // word or shorter phrase inside it ("peace talks" for "talks").
            Some(i) if c.words > picked[i].1.words && 2.0 * c.tf >= picked[i].1.tf => {
                picked[i].1 = c;
                let mut j = i + 1;
                while j < picked.len() {
                    if overlaps(found.lower(picked[j].1), lower) {
                        picked.remove(j);
                    } else {
                        j += 1;
                    }
                }
            }
            // A phrase inside a longer one that the article also uses on
            // its own replaces it ("peace talks" for "attend peace talks").
            Some(i) if c.words > 1 && c.words < picked[i].1.words && c.tf > picked[i].1.tf => {
                picked[i].1 = c;
            }
            Some(_) => {}
            None => picked.push((score, c)),
        }
    }
    let best = picked.first().map_or(1.0, |p| p.0);
    picked
        .into_iter()
        .map(|(score, c)| Keyword {
            term: found.term(c).into_owned(),
            score: (score / best * 1000.0).round() / 1000.0,
        })
        .collect()
}

/// The scored candidates by score, the best first (ties by key), sorted a
/// slice at a time: the pick mostly stops within the first few dozen.
fn best_first<'s, 'c>(
    scored: &'s mut [(f64, &'c Candidate)],
) -> impl Iterator<Item = (f64, &'c Candidate)> + 's {
    let order = |a: &(f64, &Candidate), b: &(f64, &Candidate)| {
        b.0.total_cmp(&a.0).then(a.1.key.cmp(&b.1.key))
    };
    // `scored[..sorted]` is in order and holds the best of all.
    let (mut next, mut sorted, mut chunk) = (0, 0, 4 * MAX_KEYWORDS);
    std::iter::from_fn(move || {
        if next == sorted && sorted < scored.len() {
            let end = (sorted + chunk).min(scored.len());
            let rest = &mut scored[sorted..];
            if end - sorted < rest.len() {
                rest.select_nth_unstable_by(end - sorted - 1, order);
            }
            rest[..end - sorted].sort_unstable_by(order);
            sorted = end;
            chunk *= 4;
        }
        let item = *scored.get(next)?;
        next += 1;
        Some(item)
    })
}

/// Two terms (in lower case) say the same: one holds the other, or they
/// differ by a plural (`rebel`, `rebels`).
fn overlaps(a: &str, b: &str) -> bool {
    let plural = |x: &str, y: &str| {
        x.strip_suffix('s')
            .is_some_and(|s| s == y || s.strip_suffix('e') == Some(y))
    };
    contains(a, b) || contains(b, a) || plural(a, b) || plural(b, a) || chained(a, b)
}

/// One phrase ends with the words the other begins with: two cuts of one
/// run of words (`attend peace`, `peace talks`).
fn chained(a: &str, b: &str) -> bool {
    // Some last words of `x` (fewer than all) are the first of `y`, which
    // goes on after them.
    let ends_where_starts = |x: &str, y: &str| {
        x.match_indices(' ').any(|(i, _)| {
            let tail = &x[i + 1..];
            y.len() > tail.len() && y.starts_with(tail) && y.as_bytes()[tail.len()] == b' '
        })
    };
    ends_where_starts(a, b) || ends_where_starts(b, a)
}

/// `inner` occurs in `outer` as whole words (both in lower case): one of
/// the matches found left to right, each search going on after the last
/// match, stands between spaces or the ends.
fn contains(outer: &str, inner: &str) -> bool {
    let (outer, inner) = (outer.as_bytes(), inner.as_bytes());
    if outer.len() <= inner.len() || inner.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(i) = outer[from..].windows(inner.len()).position(|w| w == inner) {
        let (start, end) = (from + i, from + i + inner.len());
        if (start == 0 || outer[start - 1] == b' ') && outer.get(end).is_none_or(|&b| b == b' ') {
            return true;
        }
        from = end;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picked(title: &str, body: &str, df: impl Fn(&str) -> f64) -> Vec<String> {
        let cands = candidates(title, body, true);
        let by_key: hashbrown::HashMap<u64, String> = cands
            .iter()
            .map(|c| (c.key, cands.lower(c).to_string()))
            .collect();
        pick(&cands, |k| df(&by_key[&k]), 1000.0, |_| true)
            .into_iter()
            .map(|k| k.term)
            .collect()
    }

    #[test]
    fn rare_repeated_terms_win_and_phrases_absorb_their_words() {
        let body = "Peace talks in Astana opened. The peace talks drew rebels. \
                    Rebels want a ceasefire. The ceasefire holds, the government says.";
        let common = |t: &str| match t {
            "government" | "opened" | "want" | "holds" | "drew" => 300.0,
            "talks" | "peace" => 50.0,
            _ => 2.0,
        };
        let got = picked("Astana peace talks", body, common);
        let at = |t: &str| got.iter().position(|g| g == t);
        for term in ["Astana", "peace talks", "ceasefire"] {
            assert!(at(term).is_some_and(|i| i < 4), "{term}: {got:?}");
        }
        assert!(at("talks").is_none() && at("peace").is_none(), "{got:?}");
        assert!(at("government") > at("ceasefire"), "{got:?}");
    }

    #[test]
    fn whole_word_containment() {
        assert!(contains("peace talks", "talks"));
        assert!(!contains("peace talkshow", "talks"));
        assert!(!contains("talks", "talks"));
        assert!(overlaps("attend peace", "peace talks") && overlaps("rebel", "rebels"));
        assert!(!overlaps("peace talks", "geneva talks"));
    }
}

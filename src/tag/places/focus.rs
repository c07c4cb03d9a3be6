//! Which of an article's countries it is about (`countries[].focus`), from
//! where and how often each is named: the dateline, the title, the lead and
//! its share of all country mentions.

/// What the tagger knows of one country in one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signals {
    /// Mentions in the title and body (names, demonyms, its places) and the
    /// dateline.
    pub mentions: u32,
    /// Named in the dateline (place or country).
    pub dateline: bool,
    /// Named in the title by its name or demonym (not just by a city).
    pub title: bool,
    /// Named in the title through one of its cities or regions.
    pub title_place: bool,
    /// The first of the body's first two sentences (the lead) that names
    /// it: 1 or 2, when one does.
    pub lead_sentence: Option<u8>,
}

/// A share of all country mentions that makes a country a subject.
const SHARE: f64 = 0.30;
/// ... when it has at least this many mentions.
const SHARE_MIN: u32 = 2;

/// The focus flag of each country, in the order given.
///
/// The dateline and the title say what the article is about; the title's
/// places, else the lead's first sentence naming a country, stand in when
/// neither does; a country named in a third of
/// the mentions is a subject whatever the headline says. A country only
/// named along the way (the seeds' Russia and Turkey, in every lead) is not.
pub fn focus(signals: &[Signals]) -> Vec<bool> {
    let total: u32 = signals.iter().map(|s| s.mentions).sum();
    let mut out: Vec<bool> = signals
        .iter()
        .map(|s| {
            let share = if total == 0 {
                0.0
            } else {
                f64::from(s.mentions) / f64::from(total)
            };
            s.dateline || s.title || (s.mentions >= SHARE_MIN && share >= SHARE)
        })
        .collect();
    if !signals.iter().any(|s| s.dateline || s.title) {
        // No headline country: the title's places, else the countries of
        // the lead's first sentence that names any.
        let fallback = if signals.iter().any(|s| s.title_place) {
            Some(None)
        } else {
            signals
                .iter()
                .filter_map(|s| s.lead_sentence)
                .min()
                .map(Some)
        };
        if let Some(sentence) = fallback {
            for (flag, s) in out.iter_mut().zip(signals) {
                let chosen = match sentence {
                    None => s.title_place,
                    Some(n) => s.lead_sentence == Some(n),
                };
                *flag |= chosen;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(mentions: u32) -> Signals {
        Signals {
            mentions,
            ..Signals::default()
        }
    }

    #[test]
    fn the_title_country_is_the_focus_not_every_lead_mention() {
        let sy = Signals {
            title: true,
            lead_sentence: Some(1),
            ..named(8)
        };
        let ru = Signals {
            lead_sentence: Some(1),
            ..named(5)
        };
        let tr = Signals {
            lead_sentence: Some(2),
            ..named(4)
        };
        assert_eq!(focus(&[sy, ru, tr, named(1)]), [true, false, false, false]);
    }

    #[test]
    fn without_a_headline_country_the_lead_decides() {
        let a = Signals {
            lead_sentence: Some(1),
            ..named(1)
        };
        let b = Signals {
            lead_sentence: Some(1),
            ..named(1)
        };
        let c = Signals {
            lead_sentence: Some(2),
            ..named(1)
        };
        assert_eq!(focus(&[a, b, c, named(1)]), [true, true, false, false]);
    }

    #[test]
    fn a_big_share_is_a_focus() {
        let title = Signals {
            title: true,
            ..named(2)
        };
        assert_eq!(focus(&[title, named(5), named(1)]), [true, true, false]);
    }
}

//! The quote finder's word lists and word predicates: cue verbs, roles and
//! playing positions, titles, honorifics, particles, affiliations, adverbial
//! openers and the small connective sets the speaker readers consult.

use super::*;

/// Verbs (and the start of "according to") that introduce reported speech.
pub(super) const CUES: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "explained",
    "stated",
    "asked",
    "insisted",
    "warned",
    "noted",
    "continued",
    "declared",
    "announced",
    "wrote",
    "tweeted",
    "argued",
    "claimed",
    "replied",
    "stressed",
    "admitted",
    "acknowledged",
    "urged",
    "suggested",
    "predicted",
    "recalled",
    "conceded",
    "confirmed",
    "commented",
    "remarked",
    "observed",
    "maintained",
    "responded",
    "insists",
    "warns",
    "notes",
    "argues",
    "explains",
    "writes",
    "asks",
    "telling",
    "welcomed",
    "accused",
    "criticised",
    "criticises",
    "praised",
    "according",
];

/// Verbs that report someone's words in part: they govern a short quote in
/// their clause (`described the display as "beautiful to watch"`, `branded
/// the plan "a stealth tax"`) but never attribute a whole one.
pub(super) const PARTIAL_CUES: &[&str] = &[
    "called",
    "calls",
    "described",
    "describes",
    "branded",
    "brands",
    "dubbed",
    "labelled",
    "termed",
    "dismissed",
    "dismisses",
    "condemned",
    "hailed",
    "promised",
    "pledged",
    "vowed",
    "denounced",
    "blamed",
];

/// Words that may follow a partial quote that is a verb's object (`called
/// it "odd" and …`); any other lowercase word makes the quote a label
/// (`a "sizable" aid contribution`).
pub(super) const PARTIAL_OBJECT_FOLLOWERS: &[&str] = &[
    "and", "or", "but", "to", "in", "of", "for", "by", "with", "from", "as", "on", "at", "that",
    "which", "who", "because", "after", "before", "over", "if", "when", "while", "since",
];

/// Nouns that name a person by role ("the chancellor said", "the 23-year-old
/// wrote"): news copy uses them for someone it has named.
pub(super) const ROLES: &[&str] = &[
    "chancellor",
    "president",
    "minister",
    "premier",
    "secretary",
    "leader",
    "chairman",
    "chairwoman",
    "chief",
    "boss",
    "coach",
    "manager",
    "director",
    "executive",
    "star",
    "singer",
    "actor",
    "actress",
    "player",
    "striker",
    "captain",
    "dj",
    "presenter",
    "champion",
    "founder",
    "governor",
    "mayor",
    "senator",
    "prosecutor",
    "judge",
    "commissioner",
    "ambassador",
    "economist",
    "analyst",
    "writer",
    "director-general",
    "athlete",
    "runner",
    "sprinter",
    "swimmer",
    "cyclist",
    "driver",
    "golfer",
    "batsman",
    "bowler",
    "midfielder",
    "defender",
    "winger",
    "goalkeeper",
    "keeper",
    "veteran",
    "youngster",
    "teenager",
    "rapper",
    "musician",
    "comedian",
    "author",
    "novelist",
    "producer",
    "artist",
    "designer",
    "lawyer",
    "scientist",
    "researcher",
    "professor",
    "businessman",
    "businesswoman",
    "entrepreneur",
    "tycoon",
    "billionaire",
    "frontman",
    "host",
    "broadcaster",
    "journalist",
    "campaigner",
    "adviser",
    "advisor",
    "aide",
    "official",
    "coordinator",
    "envoy",
    "negotiator",
    "pundit",
    "critic",
    "activist",
    "candidate",
    "mp",
    "mep",
];

/// A nationality standing for a person ("the American said", "the Briton"):
/// capitalised, with a demonym's ending, and no newspaper's name.
pub(super) fn is_demonym(word: &str) -> bool {
    is_cap(word)
        && word.len() > 3
        && ["an", "ese", "ish", "ard", "ton", "ot", "man", "woman"]
            .iter()
            .any(|s| word.ends_with(s))
        && !matches!(
            word,
            "Guardian" | "Herald" | "Observer" | "Times" | "Telegraph" | "Standard" | "Mirror"
        )
}

/// Playing positions, which open a sentence before a name ("Scrum-half Peter
/// Stringer") and describe a speaker ("said the scrum-half").
pub(super) const POSITIONS: &[&str] = &[
    "scrum-half",
    "fly-half",
    "full-back",
    "hooker",
    "flanker",
    "prop",
    "lock",
    "winger",
    "wing",
    "skipper",
    "playmaker",
    "centre-back",
    "left-back",
    "right-back",
    "wicketkeeper",
    "all-rounder",
    "opener",
    "seamer",
    "spinner",
    "jockey",
    "trainer",
];

/// A role or a playing position ("coach", "Striker"), any case.
pub(super) fn is_job(word: &str) -> bool {
    static JOBS: LazyLock<LowerSet> = LazyLock::new(|| LowerSet::new(&[ROLES, POSITIONS]));
    JOBS.contains(word)
}

/// Words before a role that make it someone else's ("shadow chancellor").
pub(super) const OTHER_ROLE: &[&str] = &[
    "shadow",
    "former",
    "deputy",
    "vice",
    "assistant",
    "ex",
    "junior",
];

/// Words that precede a name as a title or office and are not part of it
/// (asked of every word of every capitalised run: a `match`, not a list walk).
pub(super) fn is_title(word: &str) -> bool {
    matches!(
        word,
        "President"
            | "President-elect"
            | "Prime"
            | "Minister"
            | "Foreign"
            | "Secretary"
            | "General"
            | "Mr"
            | "Mrs"
            | "Ms"
            | "Dr"
            | "King"
            | "Queen"
            | "Prince"
            | "Chancellor"
            | "Senator"
            | "Governor"
            | "Mayor"
            | "Sheikh"
            | "Pope"
            | "Sir"
            | "Lord"
            | "Judge"
            | "Spokesman"
            | "Spokeswoman"
            | "Chief"
            | "Vice"
            | "Deputy"
            | "Leader"
            | "Justice"
            | "Chairman"
            | "Chairwoman"
            | "Director"
            | "Executive"
            | "Officer"
            | "Ambassador"
            | "Commissioner"
            | "Spokesperson"
            | "But"
            | "And"
            | "However"
            | "Yet"
            | "So"
            | "Meanwhile"
            | "Later"
            | "Earlier"
            | "Yesterday"
            | "Today"
            | "Then"
            | "Separately"
            | "In"
            | "On"
            | "At"
            | "For"
            | "From"
            | "With"
            | "By"
            | "As"
            | "While"
            | "When"
            | "If"
            | "After"
            | "Before"
            | "Since"
            | "Despite"
            | "Both"
            | "Neither"
            | "Either"
            | "Although"
            | "Prof"
            | "Professor"
            | "Now"
            | "Also"
            | "The"
            | "A"
            | "An"
    )
}

/// Lowercase particles that may sit inside a name ("Staffan de Mistura").
pub(super) const PARTICLES: &[&str] = &[
    "de", "da", "di", "du", "van", "von", "der", "den", "bin", "ibn",
];

/// Honorifics before a surname ("said Mr Palmer").
pub(super) const HONORIFICS: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
];

/// Party and rank words that precede a full name ("Liberal Democrat Alan
/// Beith", "Fellow Lib Dem Norman Baker") but also make up organisation names
/// ("Liberal Democrats"): stripped only when a two-word name remains.
pub(super) fn is_affiliation(word: &str) -> bool {
    matches!(
        word,
        "Fellow"
            | "Shadow"
            | "Labour"
            | "Tory"
            | "Conservative"
            | "Liberal"
            | "Democrat"
            | "Lib"
            | "Dem"
            | "Republican"
            | "Democratic"
            | "Independent"
            | "MP"
            | "MEP"
            | "Senior"
            | "Former"
    )
}

/// Words that open an adverbial phrase before the subject ("On Monday, Mr
/// Howard said", "Speaking after the debate, …", "Asked about it, …").
pub(super) const ADVERBIAL_OPENERS: &[&str] = &[
    "to",
    "on",
    "in",
    "at",
    "after",
    "before",
    "during",
    "asked",
    "earlier",
    "later",
    "last",
    "yesterday",
    "today",
    "separately",
    "meanwhile",
    "however",
    "but",
    "and",
    "following",
    "despite",
    "although",
    "while",
    "when",
    "with",
    "for",
    "by",
    "since",
    "as",
    "then",
];

/// Auxiliaries and adverbs between a subject and its speech verb ("had
/// insisted", "have already accused", "once said").
pub(super) const BEFORE_VERB: &[&str] = &[
    "had",
    "has",
    "have",
    "was",
    "were",
    "is",
    "are",
    "also",
    "already",
    "later",
    "then",
    "again",
    "previously",
    "repeatedly",
    "once",
    "afterwards",
    "would",
    "will",
    "just",
    "recently",
    "earlier",
    "reportedly",
    "publicly",
    "privately",
    "separately",
    "immediately",
    "simply",
    "further",
    "still",
    "always",
    "often",
    "now",
    "himself",
    "herself",
];

/// A word of `ADVERBIAL_OPENERS`, any case.
pub(super) fn is_adverbial_opener(word: &str) -> bool {
    static OPENERS: LazyLock<LowerSet> = LazyLock::new(|| LowerSet::new(&[ADVERBIAL_OPENERS]));
    OPENERS.contains(word)
}

/// Words that open a subordinate clause whose subject is the speaker.
pub(super) const SUBORDINATORS: &[&str] = &[
    "when", "after", "because", "while", "where", "although", "though",
];

/// Words that join clauses and are no part of a speaker phrase.
pub(super) const CONNECTIVES: &[&str] =
    &["and", "but", "however", "yet", "so", "also", "meanwhile"];

/// Words that open a descriptive speaker phrase ("an analyst", "the source").
pub(super) const DETERMINERS: &[&str] = &[
    "a", "an", "the", "one", "another", "his", "her", "its", "their", "this", "these", "those",
    "some", "two", "three", "several", "many",
];

/// Words that end a descriptive speaker phrase or forbid a name after them.
pub(super) const BREAKERS: &[&str] = &[
    "in", "of", "from", "at", "for", "with", "who", "which", "that", "whose", "on", "to",
];

//! Unit tests of the quote finder: spans, scare quotes, attribution, speaker
//! phrases and their resolution through the article's people.

use super::*;

fn one(body: &str) -> Quote {
    let q = quotes(body);
    assert_eq!(q.len(), 1, "{q:?}");
    q.into_iter().next().unwrap()
}

#[test]
fn quote_then_surname_resolves_to_full_name() {
    let body = "Maria Fenwick, the harbour master, spoke on Friday.\n\n\
                “The port will reopen next week. Nobody objected,” Fenwick told Reuters.";
    let q = one(body);
    assert_eq!(q.text, "The port will reopen next week. Nobody objected");
    assert_eq!(q.speaker.as_deref(), Some("Maria Fenwick"));
    assert_eq!(q.cue.as_deref(), Some("told"));
    let off = body.chars().position(|c| c == '“').unwrap() + 1;
    assert_eq!(q.offset as usize, off);
}

#[test]
fn said_name_after_straight_quote() {
    let q =
        one("\"We have enough fuel for two weeks, no more,\" said Ilse Karlsson, a dock worker.");
    assert_eq!(q.speaker.as_deref(), Some("Ilse Karlsson"));
    assert_eq!(q.cue.as_deref(), Some("said"));
}

#[test]
fn colon_form_with_apposition() {
    let q = one(
        "A second trader, Omar Haddad of the grain union, said: “Prices will rise before the harvest.”",
    );
    assert_eq!(q.speaker.as_deref(), Some("Omar Haddad"));
}

#[test]
fn possessive_organisation_before_name() {
    let q = one(
        "“The road is closed to all trucks,” the Gazette’s Lena Ortiz, reporting from the border, said.",
    );
    assert_eq!(q.speaker.as_deref(), Some("Lena Ortiz"));
}

#[test]
fn descriptive_speaker_and_pronoun_continuation() {
    let q = quotes(
        "“The talks will fail without guarantees,” said an official in the Northern Union who asked not to be named. \
         “This is the last chance,” he said.",
    );
    assert_eq!(q.len(), 2);
    assert_eq!(
        q[0].speaker.as_deref(),
        Some("an official in the Northern Union")
    );
    assert_eq!(q[1].speaker, q[0].speaker);
}

#[test]
fn pronoun_after_named_statement_without_quote() {
    let body = "Peter Olsen, the mayor, said on Monday he would resign.\n\n\
                He said the council had failed to “protect the poorest families in town” this winter.";
    let q = one(body);
    assert_eq!(q.speaker.as_deref(), Some("Peter Olsen"));
}

#[test]
fn quote_only_paragraph_continues_previous_speaker() {
    let body = "“We are ready to sign the deal today,” Nadia Berg told the BBC.\n\n\
                “Nothing else is on the table for us now.”";
    let q = quotes(body);
    assert_eq!(q.len(), 2);
    assert_eq!(q[1].speaker.as_deref(), Some("Nadia Berg"));
    assert_eq!(q[1].cue, None);
}

#[test]
fn fragments_take_the_cue_closing_their_sentence() {
    let body = "Lars Moe said on Monday the panel was ready.\n\n\
                The panel \"will meet only twice a year,\" but would consult \"a board of outside experts\" first, he said.";
    let q = quotes(body);
    assert_eq!(q.len(), 2, "{q:?}");
    assert!(q.iter().all(|q| q.speaker.as_deref() == Some("Lars Moe")));
}

#[test]
fn quoted_as_saying() {
    let body = "The agency quoted the mayor, Rita Holm, as saying the bridge would “stay closed to heavy traffic” all winter. \
                It will “reopen when the repairs are finished”, she said.";
    let q = quotes(body);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Rita Holm"));
    assert_eq!(q[0].cue.as_deref(), Some("quoted"));
    assert_eq!(q[1].speaker.as_deref(), Some("Rita Holm"));
}

#[test]
fn connectives_and_long_titles_are_not_names() {
    let q = quotes(
        "“Costs will rise for every household,” said Energy Secretary Jan Boyd. \
         But Mark Feld said: “That is simply not the case at all.” \
         “We will see about that soon,” but he added.",
    );
    assert_eq!(q.len(), 3, "{q:?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Jan Boyd"));
    assert_eq!(q[1].speaker.as_deref(), Some("Mark Feld"));
    assert_eq!(q[2].speaker.as_deref(), Some("Mark Feld"));
}

#[test]
fn stray_straight_marks_do_not_swallow_text() {
    let q = quotes(
        "He called it \"a total waste of public money.\" said Ann Ray\". The fund closed in May.",
    );
    assert!(q.iter().all(|q| !q.text.contains("fund closed")), "{q:?}");
}

#[test]
fn honorific_surnames_and_appositions() {
    let q = quotes(
        "“Sales will recover by the spring,” said Mr Palmer. \
         “The screen is the real novelty here,” said the Gazette’s picture editor, Joe Platt.",
    );
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Palmer"));
    assert_eq!(q[1].speaker.as_deref(), Some("Joe Platt"));
}

#[test]
fn pronoun_resolves_to_the_person_the_text_is_about() {
    let body = "Ada Lind runs the only bakery in the village.\n\n\
                “Flour has doubled in price since the summer,” she said.";
    assert_eq!(one(body).speaker.as_deref(), Some("Ada Lind"));
    // Two people: the pronoun's sex decides, then the sentence's subject.
    let body = "Ada Lind and Tom Berg run the only bakery in the village.\n\n\
                “Flour has doubled in price since the summer,” he said.";
    assert_eq!(one(body).speaker.as_deref(), Some("Tom Berg"));
    let body = "Ada Lind and Tom Berg run the only bakery in the village.\n\n\
                “Flour has doubled in price since the summer,” she said.";
    assert_eq!(one(body).speaker.as_deref(), Some("Ada Lind"));
    // The latest sentence naming someone wins over the last speaker.
    let body = "“We will win,” said Tom Berg. Mary Holt, his rival, was calm. \
                “The voters know us,” she said.";
    assert_eq!(quotes(body)[1].speaker.as_deref(), Some("Mary Holt"));
    // A name in an opening adverbial is not the subject; a sentence with
    // no name ("She won …") keeps the focus.
    let body = "Before her match with Ann Lee, Mary Holt trained alone. She won easily. \
                “I felt strong,” she said.";
    assert_eq!(one(body).speaker.as_deref(), Some("Mary Holt"));
    // Whom someone told is not who speaks next; an organisation never is.
    let body = "Tom Berg told Ann Lee the plan had failed. The Harbour Council agreed. \
                “It is over,” he said.";
    assert_eq!(one(body).speaker.as_deref(), Some("Tom Berg"));
}

#[test]
fn organisations_aliases_and_appositions() {
    // "the company" is the organisation the text is about.
    let body = "Car maker Renault said sales rose. \
                “In a sluggish market we did well,” the company said.";
    assert_eq!(one(body).speaker.as_deref(), Some("Renault"));
    // Another name the article gives someone.
    let body = "“The show is an institution,” says JK, also known as Jason King.\n\n\
                “We will keep it,” says King, 30.";
    let q = quotes(body);
    assert_eq!(q[0].speaker.as_deref(), Some("Jason King"));
    assert_eq!(q[1].speaker.as_deref(), Some("Jason King"));
    // A name in apposition before the verb; an employer after "of" is not
    // the speaker.
    let q = one(
        "The agency's relief coordinator, Jan Olsen, said: “This is the worst flood in years.”",
    );
    assert_eq!(q.speaker.as_deref(), Some("Jan Olsen"));
    let q =
        one("Harbour Re, the world's biggest reinsurer, said: “This is a human tragedy first.”");
    assert_eq!(q.speaker.as_deref(), Some("Harbour Re"));
    let q = one("Ann Lee, director of campaign group Vote Now, said: “The reality is plain.”");
    assert_eq!(q.speaker.as_deref(), Some("Ann Lee"));
    // Auxiliaries and adverbs between the subject and the verb.
    let body = "Tom Reed spoke first. The Scottish party leader had insisted on Friday: \
                “My work did not influence my votes.”";
    assert_eq!(one(body).speaker.as_deref(), Some("Tom Reed"));
    // An age as a description: the person the text is about.
    let body = "Mia Holt won her first title. “I could not sleep,” said the 20-year-old winner.";
    assert_eq!(one(body).speaker.as_deref(), Some("Mia Holt"));
}

#[test]
fn a_quote_alone_after_a_sentence_about_someone_is_theirs() {
    let body = "Shoppers are unhappy. Californian Tom Reed filed the suit in San Jose.\n\n\
                “The store has locked its customers in for years.”";
    assert_eq!(one(body).speaker.as_deref(), Some("Tom Reed"));
    // A narrative sentence about someone new after a quote hands the next
    // quote to them, not to the previous speaker.
    let body = "“What a way to finish the year,” said Rafael Nadal. US coach Tom Reed wants \
                more clay. “I think it will help these guys on hard courts.”";
    assert_eq!(quotes(body)[1].speaker.as_deref(), Some("Tom Reed"));
    // A nested quote's mark after the closing comma still ends the clause.
    let body = "“We thought 'he looks the part, we'll ask him,'” said Tom Reed.";
    assert_eq!(one(body).speaker.as_deref(), Some("Tom Reed"));
    // Not when that sentence is about someone else through a pronoun, nor
    // for a short label.
    let body = "He met Tom Reed in San Jose.\n\n“The store has locked its customers in for years.”";
    assert_eq!(one(body).speaker, None);
}

#[test]
fn review_cases_parentheses_openers_and_look_alike_names() {
    // A particle behind a parenthesis once made an empty name and a panic.
    assert!(quotes("Ann (van der Berg) won. She met Ann (de Vries).").is_empty());
    // "Richard" ends like a demonym but is a given name.
    let body = "Serena Williams won. Richard Williams, her coach, watched. \
                “I am so proud of her today,” the coach said.";
    assert_eq!(one(body).speaker.as_deref(), Some("Richard Williams"));
    // A sentence opener before a name is dropped, not the name.
    let body = "In March Ann Lee joined the club. “It is a good club to be at,” she said.";
    assert_eq!(one(body).speaker.as_deref(), Some("Ann Lee"));
    let body = "On Thursday Mr Tom Hart resigned.\n\n\
                “I will be standing at the next election,” said Mr Hart.";
    assert_eq!(one(body).speaker.as_deref(), Some("Tom Hart"));
    // "producer" is a person's job here, not an organisation.
    let body =
        "Film producer Ann Lee met the Acme Group. “We start filming in May,” the producer said.";
    assert_eq!(one(body).speaker.as_deref(), Some("Ann Lee"));
}

#[test]
fn acronyms_speak_for_the_name_they_abbreviate() {
    let body = "The State Administration of Radio, Film and Television (SARFT) issued rules. \
                “Foreign channels must apply again,” SARFT said. \
                The Qualifications and Curriculum Authority (QCA) has also told ministers not to \
                “compromise on the whole diploma at all”.";
    let q = quotes(body);
    assert_eq!(
        q[0].speaker.as_deref(),
        Some("State Administration of Radio, Film and Television")
    );
    assert_eq!(
        q[1].speaker.as_deref(),
        Some("Qualifications and Curriculum Authority")
    );
    // Letters that do not spell the words before: no expansion.
    let body = "Officials met the press (BBC) today. “We are ready,” said the BBC.";
    assert_eq!(one(body).speaker.as_deref(), Some("the BBC"));
}

#[test]
fn surnames_and_knights_resolve_to_the_person_meant() {
    // Two Blairs: "Mr Blair" is the one named last.
    let body = "Sir Ian Blair spoke first. Later Tony Blair arrived.\n\n\
                “The threat is real,” Mr Blair said. “So are our defences,” said Sir Ian.";
    let q = quotes(body);
    assert_eq!(q[0].speaker.as_deref(), Some("Tony Blair"));
    assert_eq!(q[1].speaker.as_deref(), Some("Ian Blair"));
}

#[test]
fn role_descriptions_resolve_to_a_person() {
    // The role introduced with a name; "shadow chancellor" is someone else's.
    let body = "Chancellor Ann Bell spoke after shadow chancellor Tom Reed. \
                “Growth is back,” said the chancellor.";
    assert_eq!(one(body).speaker.as_deref(), Some("Ann Bell"));
    // A nationality or a capitalised modifier before the role: the person
    // the text is about.
    let body = "Tom Reed lost in three sets. “They were better,” said the American.";
    assert_eq!(one(body).speaker.as_deref(), Some("Tom Reed"));
    let body = "Tom Reed finished fourth. “It was a learning curve,” said the Glasgow athlete.";
    assert_eq!(one(body).speaker.as_deref(), Some("Tom Reed"));
}

#[test]
fn organisation_then_job_then_person() {
    let q = one("Harbour City boss Ana Reyes said: “We were the better side all night.”");
    assert_eq!(q.speaker.as_deref(), Some("Ana Reyes"));
}

#[test]
fn a_new_sentence_after_a_quote_does_not_claim_it() {
    let body = "“Taxes will not rise this year.” The council has said it will review fees.";
    assert_eq!(one(body).speaker, None);
    let body = "“Taxes will not rise this year.” Mayor Olga Dahl said.";
    assert_eq!(one(body).speaker.as_deref(), Some("Olga Dahl"));
}

#[test]
fn subject_of_a_subordinate_clause() {
    let q = one(
        "The firm lost a High Court case in May when a judge said its rules were “unfair to every small trader”.",
    );
    assert_eq!(q.speaker.as_deref(), Some("a judge"));
}

#[test]
fn run_on_openings_start_a_new_quote_of_the_same_speaker() {
    let body = "Vera Holt said: \"The mill will close in May. \"Nobody here wanted this outcome,\" she added.";
    let q = quotes(body);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].text, "The mill will close in May.");
    assert_eq!(q[1].text, "Nobody here wanted this outcome");
    assert!(q.iter().all(|q| q.speaker.as_deref() == Some("Vera Holt")));
    let second = body
        .char_indices()
        .filter(|&(_, c)| c == '"')
        .nth(1)
        .unwrap()
        .0;
    assert_eq!(q[1].offset as usize, second + 1);
}

#[test]
fn short_quotes_governed_by_a_cue_are_kept() {
    let q = one("Critics dismissed the scheme as \"desperate\", Tom Reece said on Friday.");
    assert_eq!(q.text, "desperate");
    assert_eq!(q.speaker.as_deref(), Some("Tom Reece"));
    let q = one("Lena Park said the merger was a \"great step\" for the region.");
    assert_eq!(q.speaker.as_deref(), Some("Lena Park"));
    // No cue, a title, or a passive verb: not a quote.
    assert!(quotes("The band's \"Blue Harbour\" tour, Ann Lee said, sold out.").is_empty());
    assert!(quotes("It was claimed the plan was \"too risky\".").is_empty());
}

#[test]
fn opening_adverbials_and_job_words_are_not_the_speaker() {
    let q = one("On Tuesday, Mr Varga said: \"We will not sign this treaty.\"");
    assert_eq!(q.speaker.as_deref(), Some("Varga"));
    let q = one(
        "Speaking after the council vote, deputy transport secretary Hana Orsi said the plan was \"a costly mistake\".",
    );
    assert_eq!(q.speaker.as_deref(), Some("Hana Orsi"));
    let q = one(
        "Green Alliance spokeswoman for rural affairs Mia Stone said: \"Farmers deserve better than this.\"",
    );
    assert_eq!(q.speaker.as_deref(), Some("Mia Stone"));
}

#[test]
fn party_words_demonyms_and_knights() {
    let q = one("Fellow Labour MP Rory Vance said: \"The figures do not add up.\"");
    assert_eq!(q.speaker.as_deref(), Some("Rory Vance"));
    // A first name that looks like a demonym stays.
    let q = one("Julian Brenner said: \"The figures do not add up.\"");
    assert_eq!(q.speaker.as_deref(), Some("Julian Brenner"));
    let q = one("The Liberal Democrats said: \"The figures do not add up.\"");
    assert_eq!(q.speaker.as_deref(), Some("Liberal Democrats"));
    let body = "Sir Oliver Quint chairs the inquiry.\n\nSir Oliver said: \"We have heard enough evidence.\"";
    assert_eq!(one(body).speaker.as_deref(), Some("Oliver Quint"));
}

#[test]
fn spokespeople_speak_for_their_owner() {
    let body = "Karin Voss leads the port authority.\n\n\
                A spokesman for Ms Voss said: \"The berth will reopen on Monday.\"";
    assert_eq!(one(body).speaker.as_deref(), Some("Karin Voss"));
    let q = one("A Baltrail spokeswoman said: \"Trains will run hourly from June.\"");
    assert_eq!(q.speaker.as_deref(), Some("Baltrail"));
}

#[test]
fn role_descriptions_resolve_to_the_named_person() {
    // The role given before the name earlier in the article.
    let body = "Finance Minister Pia Lund met the unions, and Tom Rask left early.\n\n\
                \"We will not raise fuel duty this year,\" the finance minister said.";
    assert_eq!(one(body).speaker.as_deref(), Some("Pia Lund"));
    // No role given: the person last named as a speaker.
    let body = "\"The budget is balanced at last,\" Ida Moss said on Monday.\n\n\
                \"Nobody will pay more tax next year,\" the chancellor added.";
    let q = quotes(body);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[1].speaker.as_deref(), Some("Ida Moss"));
    // Someone else's role is not the speaker's.
    let body = "\"The budget is balanced at last,\" Ida Moss said on Monday.\n\n\
                \"Nobody believes those numbers at all,\" the shadow chancellor said.";
    assert_eq!(
        quotes(body)[1].speaker.as_deref(),
        Some("the shadow chancellor")
    );
}

#[test]
fn telling_and_welcomed_are_cues() {
    let q = one("Omar Diaz opened the plant, telling workers the town was \"back in business\".");
    assert_eq!(q.speaker.as_deref(), Some("Omar Diaz"));
    assert_eq!(q.cue.as_deref(), Some("telling"));
    let q = one("Green MEP Lotte Brink welcomed the \"long overdue ban on dredging\".");
    assert_eq!(q.speaker.as_deref(), Some("Lotte Brink"));
}

#[test]
fn scare_quotes_are_not_quotes() {
    assert!(
        quotes(
            "The plan would “strengthen the role” of the board, and talks were “probably” over."
        )
        .is_empty()
    );
}

#[test]
fn unattributed_quote_keeps_null_speaker() {
    let q = one("Some cheered.\n\n“Nobody expected the vote to pass so quickly.”");
    assert_eq!(q.speaker, None);
    assert_eq!(q.cue, None);
}

#[test]
fn single_marks_need_a_cue() {
    assert!(quotes("‘A new beginning for the city’\n\nThe council met.").is_empty());
    let q = one("‘We will rebuild every house in the valley,’ said Tomas Lind.");
    assert_eq!(q.speaker.as_deref(), Some("Tomas Lind"));
}

#[test]
fn titles_and_demonyms_are_stripped() {
    let body = "Ruritanian President Karl Weiss met envoys.\n\n\"There will be no delay at all,\" Weiss said.";
    assert_eq!(one(body).speaker.as_deref(), Some("Karl Weiss"));
}

#[test]
fn offsets_count_code_points_not_bytes() {
    let body =
        "Café owners complained — loudly.\n\n“Rents doubled in one single year,” said Ana Ruiz.";
    let q = one(body);
    let chars: Vec<char> = body.chars().collect();
    let at: String = chars[q.offset as usize..q.offset as usize + 5]
        .iter()
        .collect();
    assert_eq!(at, "Rents");
}

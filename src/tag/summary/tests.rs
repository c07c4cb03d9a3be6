use super::*;

const BODY: &str = "Photo: Reuters/Jane Doe\n\n\
    ASTANA, Kazakhstan (AP) —\n\n\
    The harbour authority in Vell said on Tuesday that dredging of the outer channel would end this month, a year later than planned.\n\n\
    Pilots had reported a dozen groundings in the outer channel before the dredging began, the authority said.\n\n\
    \"It was \"probably\" the worst winter,\" one pilot said.\n\n\
    The cost of the dredging rose to 40 million euros after storms filled the channel with silt twice.\n\n\
    \"We are finished,\" said the director. \"The channel is open.\"\n\n\
    and then the harbour reopened to ships\n\n\
    Sign up for our newsletter to get the harbour news every morning in your inbox.";

fn furniture() -> Furniture<'static> {
    Furniture {
        title: "Vell harbour dredging to end this month",
        captions: vec!["Photo: Reuters/Jane Doe"],
        dateline: Some("ASTANA, Kazakhstan (AP) —"),
        ..Furniture::default()
    }
}

#[test]
fn three_sentences_in_body_order_that_cover_the_story() {
    let chosen = choose(BODY, &furniture());
    assert_eq!(chosen.len(), 3, "{chosen:#?}");
    assert!(chosen[0].starts_with("The harbour authority in Vell"));
    assert!(
        chosen
            .iter()
            .any(|s| s.starts_with("The cost of the dredging"))
    );
    let order: Vec<usize> = chosen
        .iter()
        .map(|s| BODY.find(s.as_str()).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "body order");
}

#[test]
fn no_caption_dateline_quote_fragment_or_boilerplate() {
    for s in choose(BODY, &furniture()) {
        assert!(!s.contains("Photo:"), "{s}");
        assert!(!s.starts_with("ASTANA"), "{s}");
        assert!(!s.starts_with('"'), "a quote: {s}");
        assert!(!s.starts_with("and then"), "a fragment: {s}");
        assert!(!s.contains("newsletter"), "{s}");
    }
}

#[test]
fn a_short_body_gives_what_it_has() {
    let body = "The ferry to the island will run twice a day from next week, the operator said.";
    assert_eq!(choose(body, &Furniture::default()), vec![body.to_string()]);
    assert!(choose("", &Furniture::default()).is_empty());
    assert!(choose("Too short.", &Furniture::default()).is_empty());
}

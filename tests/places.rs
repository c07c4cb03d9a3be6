//! The place tagger (`newsflow::tag::places`) on short articles written for
//! these tests: each names the places and countries a reader would find in
//! it, and the test reports precision and recall over all of them. Then the
//! seeds' focus (read from `../shared/corpus/seeds`, never copied here) and
//! the time per BBC article (`../shared/corpus/bbc`); both skip, saying so,
//! when the corpus is absent.

mod common;

use std::sync::OnceLock;
use std::time::Instant;

use newsflow::record::ArticleRecord;
use newsflow::tag::Taggers;

fn taggers() -> &'static Taggers {
    static T: OnceLock<Taggers> = OnceLock::new();
    T.get_or_init(Taggers::load)
}

/// An article's text (title line, blank line, body) through extract and tag.
fn tag(text: &str, name: &str) -> ArticleRecord {
    let mut rec = newsflow::extract::standalone_record(text, name).expect("the text parses");
    taggers().tag_record(&mut rec);
    rec
}

/// "Name@CC" of each place.
fn place_keys(rec: &ArticleRecord) -> Vec<String> {
    rec.places
        .iter()
        .map(|p| format!("{}@{}", p.name, p.country.as_deref().unwrap_or("")))
        .collect()
}

fn describe(rec: &ArticleRecord) -> String {
    let places: Vec<String> = rec
        .places
        .iter()
        .map(|p| {
            format!(
                "{} ({}, {}) x{}",
                p.name,
                p.kind,
                p.country.as_deref().unwrap_or("-"),
                p.mentions
            )
        })
        .collect();
    let countries: Vec<String> = rec
        .countries
        .iter()
        .map(|c| {
            format!(
                "{}{} x{}",
                c.code,
                if c.focus { "*" } else { "" },
                c.mentions
            )
        })
        .collect();
    format!(
        "places: {}\ncountries: {}",
        places.join("; "),
        countries.join(", ")
    )
}

/// One article written for these tests and what a reader finds in it.
struct Case {
    name: &'static str,
    /// Title line, blank line, body: the plain-text input format.
    text: &'static str,
    /// Every place a reader would list, as "Name@CC" (the record's names).
    places: &'static [&'static str],
    /// Places ("Name@CC") or countries ("CC") that must not be found.
    absent: &'static [&'static str],
    /// Countries the article must have (by code), e.g. through demonyms.
    countries: &'static [&'static str],
    focus: &'static [&'static str],
    not_focus: &'static [&'static str],
}

const NONE: &[&str] = &[];

const CASES: &[Case] = &[
    Case {
        name: "jordan_the_country",
        text: "Jordan reopens border crossing with Syria\n\nJordan reopened its main border crossing with Syria on Tuesday, officials in Amman said. Trucks queued for miles on the road north of the capital.\n",
        places: &["Jordan@JO", "Syria@SY", "Amman@JO"],
        absent: NONE,
        countries: &["JO", "SY"],
        focus: &["JO"],
        not_focus: NONE,
    },
    Case {
        name: "michael_jordan_is_a_person",
        text: "Basketball great honoured at home\n\nMichael Jordan was honoured at a ceremony in Chicago on Friday. The former player thanked his family and his old coach.\n",
        places: &["Chicago@US"],
        absent: &["JO"],
        countries: &["US"],
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "chad_the_country",
        text: "Chad closes border after attacks\n\nChad has closed its border with Sudan after gunmen attacked villages in the east of the country. The government in N'Djamena said troops had been sent.\n",
        places: &["Chad@TD", "Sudan@SD", "N'Djamena@TD"],
        absent: NONE,
        countries: &["TD", "SD"],
        focus: &["TD"],
        not_focus: &["SD"],
    },
    Case {
        name: "chad_smith_is_a_person",
        text: "Drummer announces farewell tour\n\nChad Smith, the drummer, said the band would play in London and Berlin next spring. Smith has played with the group for thirty years.\n",
        places: &["London@GB", "Berlin@DE"],
        absent: &["TD"],
        countries: &["GB", "DE"],
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "turkey_the_country",
        text: "Turkey raises interest rates again\n\nTurkey's central bank raised its main interest rate on Thursday. Officials in Ankara said inflation had reached its highest level in two decades.\n",
        places: &["Turkey@TR", "Ankara@TR"],
        absent: NONE,
        countries: &["TR"],
        focus: &["TR"],
        not_focus: NONE,
    },
    Case {
        name: "turkey_the_bird",
        text: "How to roast a turkey\n\nTurkey is the centre of many holiday meals. Roast the turkey slowly and baste it every half hour. Let the turkey rest before carving it.\n",
        places: NONE,
        absent: &["TR"],
        countries: NONE,
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "turkey_recipe_in_title_case",
        text: "How To Roast A Perfect Turkey\n\nBuy a fresh bird two days ahead. A turkey of five kilograms feeds ten people.\n",
        places: NONE,
        absent: &["TR"],
        countries: NONE,
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "georgia_with_tbilisi_is_the_country",
        text: "Protests in Georgia over new law\n\nThousands marched through Tbilisi on Sunday against a law passed by Georgia's parliament. Police in the capital used water cannon on the crowd.\n",
        places: &["Georgia@GE", "Tbilisi@GE"],
        absent: &["Georgia@US", "US"],
        countries: &["GE"],
        focus: &["GE"],
        not_focus: NONE,
    },
    Case {
        name: "georgia_with_atlanta_is_the_state",
        text: "Storms batter Georgia\n\nSevere storms cut power to thousands of homes in Atlanta on Monday. The governor of Georgia declared a state of emergency across the state.\n",
        places: &["Georgia@US", "Atlanta@US"],
        absent: &["Georgia@GE", "GE"],
        countries: &["US"],
        focus: &["US"],
        not_focus: NONE,
    },
    Case {
        name: "paris_france",
        text: "Paris prepares for marathon\n\nRoads across Paris will close on Sunday for the marathon, the city hall said. Runners from across France and abroad are expected.\n",
        places: &["Paris@FR", "France@FR"],
        absent: &["Paris@US"],
        countries: &["FR"],
        focus: &["FR"],
        not_focus: NONE,
    },
    Case {
        name: "paris_texas",
        text: "Small town fair returns\n\nThe county fair returns to Paris, Texas, this weekend after a two-year break. Organisers expect visitors from across the state.\n",
        places: &["Paris@US", "Texas@US"],
        absent: &["Paris@FR", "FR"],
        countries: &["US"],
        focus: &["US"],
        not_focus: NONE,
    },
    Case {
        name: "washington_the_government",
        text: "New sanctions on North Korea\n\nWashington said on Tuesday it would tighten sanctions on North Korea after a missile test. Officials in Seoul welcomed the move.\n",
        places: &["North Korea@KP", "Seoul@KR"],
        absent: &["Washington@US"],
        countries: &["US", "KP", "KR"],
        focus: &["KP"],
        not_focus: NONE,
    },
    Case {
        name: "washington_the_city",
        text: "Cherry blossoms draw crowds\n\nVisitors packed the National Mall in Washington on Saturday to see the cherry blossoms. The city's parks service said the trees had peaked early this year.\n",
        places: &["Washington@US"],
        absent: NONE,
        countries: &["US"],
        focus: &["US"],
        not_focus: NONE,
    },
    Case {
        name: "demonyms_name_countries",
        text: "Ministers meet on reconstruction\n\nSyrian and Russian officials met on Wednesday to discuss rebuilding roads and power plants. The Iranian ambassador also attended the meeting.\n",
        places: NONE,
        absent: NONE,
        countries: &["SY", "RU", "IR"],
        focus: &["SY", "RU"],
        not_focus: NONE,
    },
    Case {
        name: "british_and_american_troops",
        text: "Troops end joint exercise\n\nBritish and American soldiers finished a joint exercise in Poland on Friday. The Polish defence ministry said it had gone well.\n",
        places: &["Poland@PL"],
        absent: NONE,
        countries: &["GB", "US", "PL"],
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "cities_add_to_their_country",
        text: "Floods close roads\n\nHeavy rain flooded streets in Manchester and Leeds overnight, the Environment Agency said. Drivers in Sheffield were told to stay at home.\n",
        places: &["Manchester@GB", "Leeds@GB", "Sheffield@GB"],
        absent: NONE,
        countries: &["GB"],
        focus: &["GB"],
        not_focus: NONE,
    },
    Case {
        name: "the_kremlin_is_russia",
        text: "Report about president dismissed\n\nThe Kremlin on Monday rejected a newspaper report about the health of the president. A spokesman in Moscow called the story fiction.\n",
        places: &["Moscow@RU"],
        absent: NONE,
        countries: &["RU"],
        focus: &["RU"],
        not_focus: NONE,
    },
    Case {
        name: "white_house_and_downing_street",
        text: "Trade talks agreed\n\nThe White House said on Thursday that talks with Downing Street on a trade deal would begin next month.\n",
        places: NONE,
        absent: NONE,
        countries: &["US", "GB"],
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "birmingham_england",
        text: "New tram line opens\n\nA new tram line opened in Birmingham on Monday, linking the city centre with the university. Passengers have waited ten years for it.\n",
        places: &["Birmingham@GB"],
        absent: &["Birmingham@US"],
        countries: &["GB"],
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "birmingham_alabama",
        text: "Civil rights museum to expand\n\nThe civil rights institute in Birmingham, Alabama, will double in size, the city's mayor said on Wednesday.\n",
        places: &["Birmingham@US", "Alabama@US"],
        absent: &["Birmingham@GB"],
        countries: &["US"],
        focus: &["US"],
        not_focus: NONE,
    },
    Case {
        name: "london_and_the_uk",
        text: "London house prices fall\n\nHouse prices in London fell for a third month in a row, figures showed, while prices elsewhere in the UK rose slightly.\n",
        places: &["London@GB", "United Kingdom@GB"],
        absent: NONE,
        countries: &["GB"],
        focus: &["GB"],
        not_focus: NONE,
    },
    Case {
        name: "new_york_city_and_new_jersey",
        text: "Subway fares to rise\n\nSubway fares in New York will rise next year, the transport authority said. Commuters from New Jersey will also pay more for trains.\n",
        places: &["New York City@US", "New Jersey@US"],
        absent: NONE,
        countries: &["US"],
        focus: &["US"],
        not_focus: NONE,
    },
    Case {
        name: "sydney_is_an_actress",
        text: "Actress wins top award\n\nSydney Hale won the best actress award at a ceremony in Toronto on Sunday. Hale thanked the director and her parents.\n",
        places: &["Toronto@CA"],
        absent: &["Sydney@AU", "AU"],
        countries: &["CA"],
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "paris_hilton_is_a_person",
        text: "Celebrity launches perfume\n\nParis Hilton launched a new perfume at a shop in Los Angeles on Thursday, her publicist said.\n",
        places: &["Los Angeles@US"],
        absent: &["Paris@FR", "FR"],
        countries: &["US"],
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "manchester_united_is_a_club",
        text: "Club signs defender\n\nManchester United have signed a defender from Benfica for 40 million euros, the club said on Friday.\n",
        places: NONE,
        absent: &["Manchester@GB"],
        countries: NONE,
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "the_new_york_times_is_a_paper",
        text: "Minister resigns\n\nThe New York Times reported on Sunday that the minister had resigned after a meeting in Madrid.\n",
        places: &["Madrid@ES"],
        absent: &["New York City@US"],
        countries: &["ES"],
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "reading_the_word",
        text: "Students change their habits\n\nReading on phones has overtaken reading on paper, a survey of students found. Most said they read at night.\n",
        places: NONE,
        absent: &["GB", "US"],
        countries: NONE,
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "mobile_the_word",
        text: "Handset sales slow\n\nMobile phone sales fell in the last quarter as shoppers kept their handsets for longer, analysts said.\n",
        places: NONE,
        absent: &["US"],
        countries: NONE,
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "dateline_city_and_country",
        text: "Factory output rises\n\nBEIJING - Factory output in China rose faster than expected in March, official figures showed on Monday.\n",
        places: &["Beijing@CN", "China@CN"],
        absent: NONE,
        countries: &["CN"],
        focus: &["CN"],
        not_focus: NONE,
    },
    Case {
        name: "dateline_alone_gives_the_focus",
        text: "Talks resume after pause\n\nGENEVA - Negotiators resumed talks on Monday after a week-long pause, diplomats said. No date was set for a deal.\n",
        places: &["Geneva@CH"],
        absent: NONE,
        countries: &["CH"],
        focus: &["CH"],
        not_focus: NONE,
    },
    Case {
        name: "title_countries_are_the_focus",
        text: "Kenya and Ethiopia sign water deal\n\nThe two countries signed an agreement on the use of river water on Friday in Nairobi. Egypt and Sudan sent observers to the ceremony.\n",
        places: &[
            "Kenya@KE",
            "Ethiopia@ET",
            "Nairobi@KE",
            "Egypt@EG",
            "Sudan@SD",
        ],
        absent: NONE,
        countries: &["KE", "ET", "EG", "SD"],
        focus: &["KE", "ET"],
        not_focus: &["EG", "SD"],
    },
    Case {
        name: "a_big_share_is_a_focus",
        text: "Border talks make progress\n\nOfficials met in Dhaka on Monday to discuss the border. India wants a new fence, and Indian officials said the talks went well. India will host the next round in New Delhi.\n",
        places: &["Dhaka@BD", "India@IN", "New Delhi@IN"],
        absent: NONE,
        countries: &["IN", "BD"],
        focus: &["IN", "BD"],
        not_focus: NONE,
    },
    Case {
        name: "the_lead_decides_without_a_title_country",
        text: "Trade talks end without a deal\n\nBrazil and Argentina ended trade talks without a deal on Tuesday. Officials said the next round would be held in Montevideo in June.\n",
        places: &["Brazil@BR", "Argentina@AR", "Montevideo@UY"],
        absent: NONE,
        countries: &["BR", "AR", "UY"],
        focus: &["BR", "AR"],
        not_focus: &["UY"],
    },
    Case {
        name: "beijing_the_government",
        text: "China hits back at tariffs\n\nBeijing said on Monday it would retaliate against new US tariffs on steel and aluminium.\n",
        places: &["China@CN", "United States@US"],
        absent: &["Beijing@CN"],
        countries: &["CN", "US"],
        focus: &["CN"],
        not_focus: NONE,
    },
    Case {
        name: "us_state_and_its_capital",
        text: "Wildfires spread\n\nWildfires spread across northern California on Sunday, forcing thousands of people from their homes near Sacramento.\n",
        places: &["California@US", "Sacramento@US"],
        absent: &["Sacramento@BR"],
        countries: &["US"],
        focus: &["US"],
        not_focus: NONE,
    },
    Case {
        name: "a_german_region",
        text: "Bavaria goes to the polls\n\nVoters in Bavaria elect a new state parliament on Sunday. In Munich, the state capital, turnout was high by noon.\n",
        places: &["Bavaria@DE", "Munich@DE"],
        absent: NONE,
        countries: &["DE"],
        focus: &["DE"],
        not_focus: NONE,
    },
    Case {
        name: "short_forms_uk_usa_britain",
        text: "Aviation agreement signed\n\nThe UK and the USA signed an aviation agreement on Monday. Britain said the number of flights would rise by a fifth.\n",
        places: &["United Kingdom@GB", "United States@US"],
        absent: NONE,
        countries: &["GB", "US"],
        focus: &["GB"],
        not_focus: NONE,
    },
    Case {
        name: "north_and_south_korea",
        text: "South Korea goes to the polls\n\nSouth Korea votes for a new parliament on Wednesday. North Korea fired a missile into the sea the same morning, officials in Seoul said.\n",
        places: &["South Korea@KR", "North Korea@KP", "Seoul@KR"],
        absent: NONE,
        countries: &["KR", "KP"],
        focus: &["KR"],
        not_focus: &["KP"],
    },
    Case {
        name: "a_big_city_alone",
        text: "Heatwave grips the capital region\n\nTemperatures in Delhi reached 47C on Monday, and hospitals said they had treated hundreds of people for heatstroke.\n",
        places: &["Delhi@IN"],
        absent: NONE,
        countries: &["IN"],
        focus: &["IN"],
        not_focus: NONE,
    },
    Case {
        name: "ivory_coast_and_abidjan",
        text: "Cocoa harvest to shrink\n\nCocoa farmers in Ivory Coast expect a smaller harvest this year, traders in Abidjan said on Thursday.\n",
        places: &["Ivory Coast@CI", "Abidjan@CI"],
        absent: NONE,
        countries: &["CI"],
        focus: &["CI"],
        not_focus: NONE,
    },
    Case {
        name: "syrian_cities",
        text: "Fighting near Aleppo\n\nFighting intensified near Aleppo and Idlib in northern Syria, a monitoring group said on Saturday.\n",
        places: &["Aleppo@SY", "Idlib@SY", "Syria@SY"],
        absent: NONE,
        countries: &["SY"],
        focus: &["SY"],
        not_focus: NONE,
    },
    Case {
        name: "a_demonym_inside_an_organisation",
        text: "Rebels pull back\n\nThe Free Syrian Army pulled its fighters back from two villages on Sunday, a spokesman said.\n",
        places: NONE,
        absent: NONE,
        countries: &["SY"],
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "jordan_henderson_and_a_club",
        text: "Captain scores twice\n\nJordan Henderson scored twice as Liverpool beat Everton on Saturday. Henderson said the team had played well.\n",
        places: NONE,
        absent: &["JO", "Liverpool@GB"],
        countries: NONE,
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "moscow_the_government",
        text: "Russia expels diplomats\n\nRussia expelled ten diplomats on Friday. Moscow said the move was a response to similar steps taken by Poland last week.\n",
        places: &["Russia@RU", "Poland@PL"],
        absent: &["Moscow@RU"],
        countries: &["RU", "PL"],
        focus: &["RU"],
        not_focus: &["PL"],
    },
    Case {
        name: "the_paris_agreement_is_not_paris",
        text: "Emissions still rising\n\nFive years after the Paris Agreement was signed, emissions in India and China are still rising, a report said.\n",
        places: &["India@IN", "China@CN"],
        absent: &["Paris@FR", "FR"],
        countries: &["IN", "CN"],
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "a_team_sheet_initial_is_a_person",
        text: "Squad named for the tour\n\nThe squad: J Hayes, A Foley, S Jones, D Kennedy. The team flies to Cape Town on Monday.\n",
        places: &["Cape Town@ZA"],
        absent: &["Foley@US", "Hayes@GB"],
        countries: &["ZA"],
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "clubs_in_a_team_sheet_are_not_towns",
        text: "Coach names side for the opener\n\nThe side: R Evans (Cardiff), T Morgan (Swansea), P Lloyd (Neath-Swansea Ospreys). The match in Rome kicks off at two.\n",
        places: &["Rome@IT"],
        absent: &["Cardiff@GB", "Swansea@GB", "Neath@GB"],
        countries: &["IT"],
        focus: NONE,
        not_focus: NONE,
    },
    Case {
        name: "a_ground_named_after_a_town",
        text: "Chelsea held at home\n\nChelsea were held to a draw at Stamford Bridge on Saturday, and the crowd in west London booed at the final whistle.\n",
        places: &["London@GB"],
        absent: &["Stamford@US", "Stamford@GB"],
        countries: &["GB"],
        focus: NONE,
        not_focus: NONE,
    },
];

#[test]
fn written_articles() {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for case in CASES {
        let rec = tag(case.text, &format!("{}.txt", case.name));
        let found = place_keys(&rec);
        let codes: Vec<&str> = rec.countries.iter().map(|c| c.code.as_str()).collect();
        for p in &found {
            if case.places.contains(&p.as_str()) {
                tp += 1;
            } else {
                fp += 1;
                println!("{}: unexpected {p}", case.name);
            }
        }
        let missed: Vec<&&str> = case
            .places
            .iter()
            .filter(|p| !found.iter().any(|f| f == *p))
            .collect();
        fn_ += missed.len();
        let mut wrong = Vec::new();
        for a in case.absent {
            if found.iter().any(|f| f == a) || codes.contains(a) {
                wrong.push(format!("{a} found"));
            }
        }
        for c in case.countries {
            if !codes.contains(c) {
                wrong.push(format!("country {c} missing"));
            }
        }
        let focus = |code: &str| rec.countries.iter().any(|c| c.code == code && c.focus);
        for c in case.focus {
            if !focus(c) {
                wrong.push(format!("{c} not focus"));
            }
        }
        for c in case.not_focus {
            if focus(c) {
                wrong.push(format!("{c} focus"));
            }
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{}: {}\n{}",
                case.name,
                wrong.join(", "),
                describe(&rec)
            ));
        }
        if !missed.is_empty() {
            println!("{}: missed {missed:?}", case.name);
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "places over {} written articles: precision {precision:.3} ({tp}/{}), recall {recall:.3} ({tp}/{})",
        CASES.len(),
        tp + fp,
        tp + fn_
    );
    assert!(CASES.len() >= 40);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        precision >= 0.9 && recall >= 0.9,
        "P {precision:.3} R {recall:.3}"
    );
}

/// The seeds as records, in file order, or `None` (said) without the corpus.
fn seeds() -> Option<Vec<ArticleRecord>> {
    let dir = common::corpus("seeds")?;
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    Some(
        paths
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).expect("a seed reads");
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                tag(&text, &name)
            })
            .collect(),
    )
}

#[test]
fn seeds_are_about_syria() {
    let Some(records) = seeds() else { return };
    assert_eq!(records.len(), 5);
    for rec in &records {
        println!(
            "{}\ndateline {:?}\n{}\n",
            rec.title,
            rec.dateline,
            describe(rec)
        );
        let focus = |code: &str| rec.countries.iter().any(|c| c.code == code && c.focus);
        let named = |code: &str| rec.countries.iter().any(|c| c.code == code);
        assert!(focus("SY"), "{}: Syria is the subject", rec.title);
        for code in ["RU", "TR", "IR"] {
            assert!(!focus(code), "{}: {code} is only named", rec.title);
        }
        assert!(
            named("RU") && named("TR"),
            "{}: Russia and Turkey are named",
            rec.title
        );
        assert!(
            rec.places
                .iter()
                .any(|p| p.name == "Astana" && p.country.as_deref() == Some("KZ")),
            "{}: the talks are in Astana",
            rec.title
        );
    }
}

/// Every BBC article once through the place tagger alone (its NER mentions
/// computed beforehand): microseconds per article in this build.
#[test]
fn bbc_time_per_article() {
    let Some(dir) = common::corpus("bbc") else {
        return;
    };
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if entry.path().extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let bytes = std::fs::read(entry.path()).expect("a BBC file reads");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (title, body) = text.split_once('\n').unwrap_or((&text, ""));
        texts.push((title.trim().to_string(), body.trim().to_string()));
    }
    let load = Instant::now();
    let places = newsflow::tag::places::Places::load();
    println!(
        "places: gazetteer loaded in {:.1} ms",
        load.elapsed().as_secs_f64() * 1e3
    );
    drop(places);
    let t = taggers();
    let mentions: Vec<_> = texts
        .iter()
        .map(|(title, body)| t.ner.recognize(&[title, body]))
        .collect();
    let start = Instant::now();
    let mut found = Vec::with_capacity(texts.len());
    for ((title, body), m) in texts.iter().zip(&mentions) {
        found.push(t.places.tag(&newsflow::tag::places::Article {
            title,
            body,
            dateline: None,
            title_mentions: &m[0],
            body_mentions: &m[1],
        }));
    }
    let elapsed = start.elapsed();
    let per = elapsed.as_secs_f64() * 1e6 / texts.len() as f64;
    println!(
        "places: {} BBC articles in {:.1} ms, {per:.1} us per article",
        texts.len(),
        elapsed.as_secs_f64() * 1e3
    );
    let with_places = found.iter().filter(|f| !f.places.is_empty()).count();
    println!("{with_places} of {} articles have places", texts.len());
    if std::env::var_os("PLACES_DUMP").is_some() {
        for ((title, _), f) in texts.iter().zip(&found) {
            let p: Vec<String> = f
                .places
                .iter()
                .map(|p| {
                    format!(
                        "{}({},{})x{}",
                        p.name,
                        p.kind,
                        p.country.as_deref().unwrap_or("-"),
                        p.mentions
                    )
                })
                .collect();
            let c: Vec<String> = f
                .countries
                .iter()
                .map(|c| {
                    format!(
                        "{}{}x{}",
                        c.code,
                        if c.focus { "*" } else { "" },
                        c.mentions
                    )
                })
                .collect();
            println!("{title}\n  {}\n  {}", p.join("; "), c.join(", "));
        }
    }
}

/// No input makes the tagger super-linear: a long body whose sentences all
/// open with a place that is also a word of the text ("Turkey ... turkey"),
/// and many given-name-and-surname pairs.
#[test]
fn a_long_body_stays_linear() {
    let mut body = String::new();
    for i in 0..40_000 {
        body.push_str("Turkey is roasted. The turkey rests. ");
        if i % 4 == 0 {
            body.push_str(&format!("Jordan Name{i} spoke in Paris. "));
        }
    }
    let places = &taggers().places;
    let start = Instant::now();
    let found = places.tag(&newsflow::tag::places::Article {
        title: "A long article",
        body: &body,
        dateline: None,
        title_mentions: &[],
        body_mentions: &[],
    });
    let elapsed = start.elapsed();
    println!(
        "places: {} KB body in {:.1} ms",
        body.len() / 1024,
        elapsed.as_secs_f64() * 1e3
    );
    assert!(
        found
            .countries
            .iter()
            .all(|c| c.code != "TR" && c.code != "JO")
    );
    assert!(elapsed.as_secs() < 10, "took {elapsed:?}");
}

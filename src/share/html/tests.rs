use super::*;
use crate::model::{
    Action, ActionId, Basis, Principle, RootCause, Stage, StageId, Touchpoint, TouchpointId,
    Verbatim,
};

const ATTACK: &str = "</script><img src=x onerror=alert(1)>";

fn context() -> Context {
    Context {
        today: "2026-11-01".parse().unwrap(),
    }
}

fn example(text: &str) -> Map {
    crate::storage::from_bytes(text.as_bytes()).unwrap().map
}

fn business() -> Map {
    example(include_str!("../../../maps/business-account.ron"))
}

/// The business example without its personas and their own scores.
fn business_without_personas() -> Map {
    let mut map = business();
    map.personas.clear();
    for tp in map.stages.iter_mut().flat_map(|s| s.touchpoints.iter_mut()) {
        tp.by_persona.clear();
    }
    map
}

/// The business example with no aim anywhere, map-wide or a persona's.
fn business_without_aims() -> Map {
    let mut map = business();
    for tp in map.stages.iter_mut().flat_map(|s| s.touchpoints.iter_mut()) {
        tp.to_be_emotion = None;
        for own in &mut tp.by_persona {
            own.to_be_emotion = None;
        }
    }
    map
}

/// A map whose every text is `text`, with an action, a quote, a root cause.
fn everywhere(text: &str) -> Map {
    let mut tp = Touchpoint::new(TouchpointId::parse("t-1").unwrap(), text);
    tp.channel = text.into();
    tp.emotion = Emotion::new(-2);
    tp.to_be_emotion = Emotion::new(1);
    tp.basis = Basis::Research;
    tp.at_risk.insert(Principle::Fast);
    tp.description = text.into();
    tp.root_cause = Some(RootCause::Text(text.into()));
    tp.verbatims.push(Verbatim {
        text: text.into(),
        source: text.into(),
    });
    let mut action = Action::new(ActionId::parse("a-1").unwrap(), text, Principle::Fast);
    action.owner = text.into();
    action.follow_up = text.into();
    action.due = Some("2026-01-01".parse().unwrap());
    tp.actions.push(action);
    let persona = crate::model::PersonaId::parse("p-1").unwrap();
    tp.by_persona.push(crate::model::PersonaScore {
        emotion: Emotion::new(1),
        to_be_emotion: Emotion::new(2),
        ..crate::model::PersonaScore::unset(persona.clone())
    });
    let mut plain = Touchpoint::new(TouchpointId::parse("t-2").unwrap(), text);
    plain.emotion = Emotion::new(-1);
    plain.at_risk.insert(Principle::Respond);
    let mut p = crate::model::Persona::new(persona, text);
    p.description = text.into();
    Map {
        title: text.into(),
        persona: text.into(),
        personas: vec![p],
        stages: vec![
            Stage {
                id: StageId::parse("s-1").unwrap(),
                name: text.into(),
                touchpoints: vec![tp.into(), plain.into()],
            }
            .into(),
        ],
        conflicts: Vec::new(),
    }
}

/// Every tag of `page` with its attributes' names, read the way a browser
/// would: attribute values in double quotes, nothing else may hold a `>`.
fn tags(page: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    let mut rest = page;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if let Some(after) = rest.strip_prefix("!DOCTYPE html>") {
            rest = after;
            continue;
        }
        rest = rest.strip_prefix('/').unwrap_or(rest);
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap();
        let name = rest[..name_end].to_owned();
        rest = &rest[name_end..];
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start();
            if let Some(after) = rest.strip_prefix("/>").or_else(|| rest.strip_prefix('>')) {
                rest = after;
                break;
            }
            let eq = rest.find('=').expect("every attribute has a value");
            attributes.push(rest[..eq].to_owned());
            let value = rest[eq + 1..].strip_prefix('"').expect("values are quoted");
            let close = value.find('"').unwrap();
            assert!(!value[..close].contains('<'), "{}", &value[..close]);
            rest = &value[close + 1..];
        }
        found.push((name, attributes));
    }
    found
}

#[test]
fn markup_in_a_name_stays_text_wherever_the_name_goes() {
    let page = export(&everywhere(ATTACK), context(), None);
    assert!(!page.contains("<script"), "a script tag got through");
    assert!(!page.contains("<img"), "an img tag got through");
    assert!(page.contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"));
    let allowed = [
        "html",
        "head",
        "meta",
        "link",
        "title",
        "style",
        "body",
        "header",
        "p",
        "span",
        "h1",
        "bdi",
        "nav",
        "ul",
        "li",
        "a",
        "main",
        "section",
        "h2",
        "figure",
        "div",
        "svg",
        "desc",
        "rect",
        "text",
        "tspan",
        "line",
        "path",
        "circle",
        "polygon",
        "figcaption",
        "table",
        "caption",
        "thead",
        "tr",
        "th",
        "tbody",
        "td",
        "h3",
        "ol",
        "h4",
        "dl",
        "dt",
        "dd",
        "strong",
        "blockquote",
        "cite",
        "br",
    ];
    for (name, attributes) in tags(&page) {
        assert!(allowed.contains(&name.as_str()), "unexpected <{name}>");
        for attribute in attributes {
            assert!(!attribute.starts_with("on"), "<{name} {attribute}>");
        }
    }
}

#[test]
fn quotes_cannot_leave_an_attribute() {
    assert_eq!(
        escape(r#"" onmouseover="alert(1)' x='"#),
        "&quot; onmouseover=&quot;alert(1)&#39; x=&#39;"
    );
    assert_eq!(escape("Tom & Jerry <3"), "Tom &amp; Jerry &lt;3");
    assert!(matches!(escape("plain õun"), Cow::Borrowed(_)));
    // Quotes in every text of a map: the page still reads as tags with
    // quoted values, and no attribute appears that cxmap did not write.
    let page = export(
        &everywhere(r#"a" onload="x' data-evil='1"#),
        context(),
        None,
    );
    for (name, attributes) in tags(&page) {
        assert!(
            !attributes
                .iter()
                .any(|a| a.contains("onload") || a.contains("evil")),
            "<{name} {attributes:?}>"
        );
    }
}

#[test]
fn characters_that_reorder_text_show_as_escapes_and_map_texts_are_isolated() {
    let page = export(&everywhere("evil\u{202e}txt.exe\u{2069}"), context(), None);
    assert!(
        !page.chars().any(crate::text::reorders),
        "a reordering character got through"
    );
    assert!(page.contains(r"evil\u{202e}txt.exe\u{2069}"));
    // In the body, every map text stands in a <bdi> of its own.
    let body = &page[page.find("<body>").unwrap()..];
    for (at, _) in body.match_indices("evil") {
        let before = &body[..at];
        let opened = before.rfind("<bdi").unwrap_or(0);
        let closed = before.rfind("</bdi>").map_or(0, |c| c + 1);
        let in_svg = before.rfind("<svg").unwrap_or(0) > before.rfind("</svg>").unwrap_or(0);
        assert!(
            in_svg || opened >= closed,
            "not isolated: {}",
            &body[at.saturating_sub(80)..at]
        );
    }
}

#[test]
fn control_characters_and_line_breaks() {
    assert_eq!(escape("a\u{1b}[31mb"), r"a\u{1b}[31mb");
    assert_eq!(escape("two\nlines\tand a tab"), "two\nlines\tand a tab");
}

#[test]
fn the_language_of_the_map_texts_is_the_users_or_unknown() {
    let map = business();
    let unknown = export(&map, context(), None);
    assert!(unknown.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(unknown.contains("<h1><bdi lang=\"\">Opening a business account"));
    let lang: Lang = "et".parse().unwrap();
    let page = export(&map, context(), Some(&lang));
    assert!(page.contains("<h1><bdi lang=\"et\">Opening a business account"));
    for good in ["et", "en-GB", "pt-BR", "zh-Hant-TW", "sr-Latn"] {
        assert!(good.parse::<Lang>().is_ok(), "{good}");
    }
    for bad in ["", "e", "et_EE", "en-", "\"x", "et EE", "abcdefghi", "1a"] {
        let error = bad.parse::<Lang>().unwrap_err();
        assert!(error.contains("is not a language tag"), "{bad}: {error}");
    }
}

#[test]
fn one_h1_and_headings_in_order() {
    for map in [
        business(),
        example(include_str!("../../../maps/kodune-internet.ron")),
        everywhere("x"),
        Map::new("empty"),
    ] {
        let page = export(&map, context(), None);
        let levels: Vec<u8> = tags(&page)
            .into_iter()
            .filter_map(|(name, _)| {
                let level = name.strip_prefix('h')?.parse::<u8>().ok()?;
                Some(level)
            })
            .collect();
        // Opening and closing tags alike: each level at most one deeper
        // than the one before.
        assert_eq!(
            levels.iter().filter(|&&l| l == 1).count(),
            2,
            "one <h1>, opened and closed"
        );
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "a heading skips a level: {levels:?}"
            );
        }
    }
}

#[test]
fn the_curve_is_told_in_words() {
    let words = curve::words(&business());
    assert!(
        words.starts_with("How customers feel at each of 15 touchpoints, from −2 (very bad) to +2 (very good); 2 not scored yet."),
        "{words}"
    );
    assert!(
        words.contains(
            "Lowest at 'Upload company documents', 'Wait for the decision' and 'Call the \
             helpline about the application' (−2)."
        ),
        "{words}"
    );
    assert!(words.contains("Highest at 'Account ready: IBAN by SMS' and 'Relationship manager calls after three months' (+2)."), "{words}");
    assert!(
        words.contains("By stage: Discover −0.5, Apply −0.7,"),
        "{words}"
    );
    assert_eq!(
        curve::words(&Map::new("x")),
        "How customers feel at each of 0 touchpoints, from −2 (very bad) to +2 (very good)."
    );
    let aimed = curve::words(&everywhere("Pay"));
    assert!(aimed.ends_with("The to-be curve sets an aim at 1 touchpoint; the widest gap is at 'Pay', from −2 to +1. Pay feels otherwise at 1 touchpoint, lowest at 'Pay' (+1)."), "{aimed}");
}

#[test]
fn the_plan_ticks_done_actions_and_marks_overdue_ones_by_the_given_day() {
    let map = everywhere("Pay");
    let page = export(&map, context(), None);
    assert!(page.contains("<strong class=\"overdue\">OVERDUE</strong>"));
    assert!(page.contains("0 open") || page.contains("1 open"));
    assert!(page.contains("1 overdue on 2026-11-01"), "{page}");
    let earlier = Context {
        today: "2025-12-31".parse().unwrap(),
    };
    let page = export(&map, earlier, None);
    assert!(!page.contains("OVERDUE"));
    assert!(page.contains("0 overdue on 2025-12-31"));
    let plan = &page[page.find("id=\"plan\"").unwrap()..page.find("id=\"checks\"").unwrap()];
    let order: Vec<usize> = Principle::ALL
        .iter()
        .map(|p| plan.find(&format!("<h3>{} ", p.title())).unwrap())
        .collect();
    assert!(order.is_sorted(), "the six groups in their order");
    assert!(plan.contains("<bdi lang=\"\">Pay</bdi> needs an action"));
}

#[test]
fn the_same_map_gives_the_same_bytes() {
    let map = business();
    assert_eq!(
        export(&map, context(), None),
        export(&map.clone(), context(), None)
    );
}

/// WCAG's contrast ratio of two `#rrggbb` (or `#rgb`) colours.
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let hex = hex.trim_start_matches('#');
        let hex: String = if hex.len() == 3 {
            hex.chars().flat_map(|c| [c, c]).collect()
        } else {
            hex.to_owned()
        };
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Every `#` colour in `text` with the words just before it.
fn colours(text: &str) -> Vec<(&str, &str)> {
    text.match_indices('#')
        .filter_map(|(at, _)| {
            let hex = text[at + 1..]
                .split(|c: char| !c.is_ascii_hexdigit())
                .next()?;
            matches!(hex.len(), 3 | 6)
                .then(|| (&text[at.saturating_sub(24)..at], &text[at..=at + hex.len()]))
        })
        .collect()
}

#[test]
fn every_text_colour_meets_wcag_aa_on_the_page_and_on_the_curves_bands() {
    // The backgrounds text stands on: the page and the curve's stage bands.
    let grounds = ["#ffffff", "#eef2f7"];
    let texts = colours(STYLE)
        .iter()
        .filter(|(before, _)| before.ends_with("color: "))
        .count();
    assert!(
        texts > 15,
        "the style sheet's text colours are found: {texts}"
    );
    for (before, colour) in colours(STYLE) {
        let property = before.rsplit(['{', ';', '\n']).next().unwrap().trim();
        let text = property == "color:";
        let needed = if text { 4.5 } else { 3.0 };
        if colour == "#fff" {
            continue;
        }
        for ground in grounds {
            let ratio = contrast(colour, ground);
            assert!(ratio >= needed, "{before}{colour} on {ground}: {ratio:.2}");
        }
    }
    // The drawing: text on the bands, the curves and lines as graphics.
    let page = export(&everywhere("x"), context(), None);
    let svg = &page[page.find("<svg class=\"chart\"").unwrap()..page.find("</svg>").unwrap()];
    for element in svg.split('<').skip(1) {
        let name = element.split([' ', '>']).next().unwrap();
        for (before, colour) in colours(element) {
            let needed = match name {
                "rect" => continue, // a band itself
                "text" => 4.5,
                _ if before.ends_with("fill=\"") && colour == "#fff" => continue,
                _ => 3.0,
            };
            for ground in grounds {
                let ratio = contrast(colour, ground);
                assert!(ratio >= needed, "<{name} {colour}> on {ground}: {ratio:.2}");
            }
        }
    }
    assert!((contrast("#000", "#fff") - 21.0).abs() < 0.01);
    assert!((contrast("#767676", "#fff") - 4.54).abs() < 0.01);
}

#[test]
fn the_to_be_curve_is_dashed_with_hollow_diamonds_and_only_where_aims_are_set() {
    let page = export(&everywhere("Pay"), context(), None);
    let svg = &page[page.find("<svg class=\"chart\"").unwrap()..page.find("</svg>").unwrap()];
    assert!(svg.contains("stroke-dasharray"), "a dashed line");
    assert!(
        svg.contains("<polygon") && svg.contains("fill=\"none\""),
        "hollow diamonds"
    );
    assert!(svg.contains("<circle"), "filled dots");
    assert!(page.contains("To be: how the team wants them to feel (dashed line, hollow diamonds)"));
    assert!(page.contains("<th scope=\"col\">To be</th>"));
    assert!(
        page.contains(
            "<dt>To be</dt><dd><span class=\"mark\" aria-hidden=\"true\">◇</span>+1 good"
        )
    );
    // The business example has aims on its pain points: a to-be curve.
    let page = export(&business(), context(), None);
    assert!(page.contains("stroke-dasharray=\"12 8\"") && page.contains("<polygon"));
    // Without them, none.
    let page = export(&business_without_aims(), context(), None);
    assert!(!page.contains("stroke-dasharray=\"12 8\"") && !page.contains("<polygon"));
    assert!(!page.contains("To be"));
}

#[test]
fn each_persona_has_a_dotted_curve_its_number_where_it_differs_and_a_column() {
    let page = export(&everywhere("Kadri"), context(), None);
    let svg = &page[page.find("<svg class=\"chart\"").unwrap()..page.find("</svg>").unwrap()];
    assert!(svg.contains("stroke-dasharray=\"2 6\""), "a dotted line");
    // Kadri's +1 where the map-wide score is -2: her number, once.
    assert_eq!(
        svg.matches("font-weight=\"700\" fill=\"#92400e\">1</text>")
            .count(),
        1
    );
    assert!(page.contains(
        "<li><strong><bdi lang=\"\">Kadri</bdi></strong>: <bdi lang=\"\">Kadri</bdi></li>"
    ));
    assert!(page.contains(
        "1: <bdi lang=\"\">Kadri</bdi> (dotted line; its number where it feels otherwise than the map-wide curve)"
    ), "the legend names it");
    assert!(page.contains("<th scope=\"col\"><bdi lang=\"\">Kadri</bdi></th>"));
    assert!(page.contains(
        "<td><span class=\"emo emo1\">+1 good</span>, to be <span class=\"emo emo2\">+2 very good</span></td>"
    ), "her own scores in her column");
    assert!(page.contains("<td><span class=\"muted\">as map-wide</span></td>"));
    assert!(
        page.contains(
            "<div><dt><bdi lang=\"\">Kadri</bdi></dt><dd><span class=\"emo emo1\">+1 good</span>, to be +2 very good</dd></div>"
        ),
        "and on its card"
    );
    assert!(
        curve::words(&everywhere("Kadri"))
            .ends_with(" Kadri feels otherwise at 1 touchpoint, lowest at 'Kadri' (+1)."),
        "and in words"
    );
    // The business example has two personas; without them, no persona curve.
    let page = export(&business(), context(), None);
    assert!(page.contains("stroke-dasharray=\"2 6\"") && page.contains("Personas compared"));
    let page = export(&business_without_personas(), context(), None);
    assert!(!page.contains("2 6") && !page.contains("Personas compared"));
}

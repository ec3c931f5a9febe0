//! The map as one self-contained web page, for a projector, a phone, a
//! printer and a screen reader: the title and persona, the emotion curve
//! (inline SVG, with its scores in a table and in words), every stage and its
//! touchpoints, the EDUNI plan and the checks' findings.
//!
//! No scripts, no fonts, no images from anywhere: the page's
//! Content-Security-Policy forbids them, so even a slip in escaping could
//! neither run nor fetch anything. Every text from the map is escaped, and
//! stands in a `<bdi>` so that right-to-left text keeps to itself; the
//! characters that reorder text (`text::reorders`) and control characters
//! are written out as visible escapes (`\u{202e}`). The same map and
//! `Context` always give the same bytes.
//!
//! The page's own words are English (`lang="en"`); the map's texts carry
//! the language the user names (`--lang et`), or `lang=""`, "unknown", so
//! that a screen reader reads them in its user's voice rather than as
//! English.

mod curve;
mod journey;
mod plan;

use super::Context;
use crate::model::{Date, Emotion, ItemPlace, Map};
use std::borrow::Cow;
use std::fmt::{self, Write};
use std::str::FromStr;

/// The style sheet, inlined into every page.
const STYLE: &str = include_str!("html/page.css");

/// What a page may fetch and run: nothing but its own inline style and
/// `data:` images.
pub const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// The language the map's texts are written in: a BCP 47 tag such as `et`,
/// `en` or `pt-BR`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lang(String);

impl FromStr for Lang {
    type Err = String;

    fn from_str(text: &str) -> Result<Lang, String> {
        let mut subtags = text.split('-');
        let first = subtags.next().unwrap_or("");
        let sound = text.len() <= 35
            && (2..=8).contains(&first.len())
            && first.bytes().all(|b| b.is_ascii_alphabetic())
            && subtags.all(|s| {
                (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        if sound {
            Ok(Lang(text.to_owned()))
        } else {
            Err(format!(
                "`{}` is not a language tag: use one such as `et`, `en` or `pt-BR`",
                crate::text::printable(text)
            ))
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The map as a web page; `lang` is the language of its texts, when known.
pub fn export(map: &Map, context: Context, lang: Option<&Lang>) -> String {
    let mut page = Page::new(map, context.today, lang);
    page.head();
    page.out.push_str("<body>\n");
    page.header();
    page.out.push_str("<main>\n");
    page.curve();
    page.journey();
    page.plan();
    page.checks();
    page.out.push_str("</main>\n</body>\n</html>\n");
    page.out
}

/// A page being written.
struct Page<'m> {
    map: &'m Map,
    today: Date,
    /// The `lang` attribute of the map's texts: a tag, or empty for unknown.
    lang: String,
    /// Each stage's first touchpoint's number, less one.
    firsts: Vec<usize>,
    /// Where each touchpoint is, by id, for the causes that name one: a scan
    /// of the map per link would make a map of many links take minutes.
    places: std::collections::HashMap<&'m str, crate::model::Place>,
    out: String,
}

impl<'m> Page<'m> {
    fn new(map: &'m Map, today: Date, lang: Option<&Lang>) -> Page<'m> {
        let firsts = map
            .stages
            .iter()
            .scan(0, |before, stage| {
                let first = *before;
                *before += stage.touchpoints.len();
                Some(first)
            })
            .collect();
        let places = map
            .placed_touchpoints()
            .map(|(place, _, tp)| (tp.id.as_str(), place))
            .collect();
        Page {
            map,
            today,
            lang: lang.map_or_else(String::new, ToString::to_string),
            firsts,
            places,
            out: String::with_capacity(64 * 1024),
        }
    }

    /// Appends markup (or cxmap's own words, which need no escaping).
    fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// Appends text, escaped.
    fn text(&mut self, text: &str) {
        self.out.push_str(&escape(text));
    }

    /// Appends a text from the map: escaped, isolated, in its language.
    fn user(&mut self, text: &str) {
        let _ = write!(
            self.out,
            "<bdi lang=\"{}\">{}</bdi>",
            escape(&self.lang),
            escape(text)
        );
    }

    /// Appends a sentence of cxmap's that quotes texts from the map
    /// (`'Pay online' has no root cause`), each quoted one isolated as
    /// `user` isolates it.
    fn sentence(&mut self, sentence: &str, quoted: &[&str]) {
        let mut rest = sentence;
        loop {
            let next = quoted
                .iter()
                .filter_map(|q| rest.find(&format!("'{q}'")).map(|at| (at, q.len())))
                .min();
            let Some((at, len)) = next else {
                self.text(rest);
                return;
            };
            self.text(&rest[..=at]);
            self.user(&rest[at + 1..at + 1 + len]);
            self.text("'");
            rest = &rest[at + len + 2..];
        }
    }

    /// The touchpoint's number in journey order, from 1, as on the curve.
    fn number(&self, stage: usize, touchpoint: usize) -> usize {
        self.firsts.get(stage).copied().unwrap_or(0) + touchpoint + 1
    }

    /// A link to the card of the touchpoint at `place`: `touchpoint 5`.
    fn link_to(&mut self, place: ItemPlace) {
        let Some(tp) = self
            .map
            .stages
            .get(place.stage)
            .and_then(|s| s.touchpoints.get(place.touchpoint))
        else {
            return;
        };
        let number = self.number(place.stage, place.touchpoint);
        let _ = write!(
            self.out,
            "<a href=\"#{}\">touchpoint {number}</a>",
            card_id(tp.id.as_str())
        );
    }

    fn head(&mut self) {
        self.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        self.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        let _ = writeln!(
            self.out,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">"
        );
        self.raw("<meta name=\"generator\" content=\"cxmap\">\n");
        // An icon of its own, so that no browser asks the server for one.
        self.raw("<link rel=\"icon\" href=\"data:,\">\n<title>");
        let title = self.map.title.clone();
        self.text(&title);
        self.raw(" · customer-journey map</title>\n<style>\n");
        self.raw(STYLE);
        self.raw("</style>\n</head>\n");
    }

    /// The title, the persona, the journey in numbers, and the way to each
    /// section.
    fn header(&mut self) {
        let map = self.map;
        self.raw("<header>\n<p class=\"kicker\">Customer-journey map</p>\n<h1>");
        self.user(&map.title);
        self.raw("</h1>\n");
        if !map.persona.is_empty() {
            self.raw("<p class=\"persona\"><span class=\"label\">Persona:</span> ");
            self.user(&map.persona);
            self.raw("</p>\n");
        }
        if !map.personas.is_empty() {
            self.raw("<p class=\"persona\"><span class=\"label\">Personas compared:</span></p>\n<ul class=\"personas\">\n");
            for p in &map.personas {
                self.raw("<li><strong>");
                self.user(&p.name);
                self.raw("</strong>");
                if !p.description.is_empty() {
                    self.raw(": ");
                    self.user(&p.description);
                }
                self.raw("</li>\n");
            }
            self.raw("</ul>\n");
        }
        let pains = map.touchpoints().filter(|(_, t)| t.is_pain()).count();
        let _ = writeln!(
            self.out,
            "<p class=\"muted\">{} · {} · {}. Plan and checks as of {}.</p>",
            count(map.stages.len(), "stage"),
            count(map.touchpoint_count(), "touchpoint"),
            count(pains, "pain point"),
            self.today
        );
        self.conflicts();
        self.raw(concat!(
            "<nav class=\"toc\" aria-label=\"On this page\"><ul>",
            "<li><a href=\"#curve\">Emotion curve</a></li>",
            "<li><a href=\"#journey\">Journey</a></li>",
            "<li><a href=\"#plan\">EDUNI action plan</a></li>",
            "<li><a href=\"#checks\">Checks</a></li>",
            "</ul></nav>\n</header>\n"
        ));
    }

    /// What a merge left undecided: the page shows one side of it.
    fn conflicts(&mut self) {
        let map = self.map;
        if map.conflicts.is_empty() {
            return;
        }
        let _ = write!(
            self.out,
            "<div class=\"warning\"><p><strong>{} not settled yet</strong>: this page shows \
             our side of each.</p>\n<ul>\n",
            count(map.conflicts.len(), "merge conflict")
        );
        for conflict in &map.conflicts {
            self.raw("<li>");
            self.text(&conflict.describe(map));
            self.raw("</li>\n");
        }
        self.raw("</ul>\n</div>\n");
    }
}

/// The id of a touchpoint's card in the page (map ids are letters, digits,
/// `-`, `_` and `.`; the prefix keeps them apart from the sections').
fn card_id(id: &str) -> String {
    format!("tp-{}", escape(id))
}

/// `n thing` or `n things`.
fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// An emotion as a number, with a true minus sign: `−2`, `0`, `+1`.
fn signed(emotion: Emotion) -> String {
    match emotion.value() {
        v if v < 0 => format!("\u{2212}{}", -v),
        0 => "0".to_owned(),
        v => format!("+{v}"),
    }
}

/// `text` for HTML, in an element or a quoted attribute: `& < > " '` as
/// character references; control characters (but line breaks and tabs) and
/// the characters that reorder text written out as escapes (`\u{202e}`), so
/// that they show and do nothing.
pub fn escape(text: &str) -> Cow<'_, str> {
    let special = |c: char| {
        matches!(c, '&' | '<' | '>' | '"' | '\'')
            || (c.is_control() && !matches!(c, '\n' | '\t'))
            || crate::text::reorders(c)
    };
    if !text.contains(special) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if special(c) => out.push_str(&crate::text::escaped(c)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests;

//! The maps `cxmap new --template NAME` starts from, bundled from `assets/`,
//! and `cxmap templates`, which lists them.
//!
//! A new template is a map file in `assets/templates/` (in canonical form:
//! `cxmap fmt` it) and a row in [`TEMPLATES`]; a test fails for a file
//! without a row.

use super::Outcome;
use super::style::{BOLD, DIM, out, paint};
use crate::model::Map;
use crate::storage;
use crate::text::width;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use std::fmt::Write;

/// A bundled map to start from.
#[derive(Debug)]
pub struct Template {
    /// What `--template` takes.
    pub name: &'static str,
    /// One line on the journey it is for.
    pub about: &'static str,
    /// The map, as in its file.
    pub text: &'static str,
}

/// The template `cxmap new` uses without `--template`.
pub const DEFAULT: &str = "blank";

/// Every template, the default first.
pub const TEMPLATES: [Template; 5] = [
    Template {
        name: DEFAULT,
        about: "any journey: six common stages, no touchpoints",
        text: include_str!("../../assets/template.ron"),
    },
    Template {
        name: "retail-purchase",
        about: "buying something in a shop or online, from a need to a return",
        text: include_str!("../../assets/templates/retail-purchase.ron"),
    },
    Template {
        name: "b2b-onboarding",
        about: "a business customer from a signed deal to a renewal",
        text: include_str!("../../assets/templates/b2b-onboarding.ron"),
    },
    Template {
        name: "support-incident",
        about: "a service stops working, from noticing it to staying or not",
        text: include_str!("../../assets/templates/support-incident.ron"),
    },
    Template {
        name: "public-service",
        about: "applying for a benefit or permit, from first search to appeal",
        text: include_str!("../../assets/templates/public-service.ron"),
    },
];

impl Template {
    /// The template's map, ids and all, exactly as in its file.
    pub fn map(&self) -> Map {
        storage::from_bytes(self.text.as_bytes())
            .unwrap_or_else(|e| panic!("the bundled template {} is a valid map: {e}", self.name))
            .map
    }
}

/// The template called `name`.
pub fn named(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
}

/// `--template NAME`: the names, with what each is for, in `--help`, in
/// clap's error for an unknown one and in the shells' completions.
pub fn parser() -> impl TypedValueParser<Value = &'static Template> {
    PossibleValuesParser::new(
        TEMPLATES
            .iter()
            .map(|t| PossibleValue::new(t.name).help(t.about)),
    )
    .map(|name| named(&name).expect("clap let through only a template's name"))
}

/// `cxmap templates`: each template's name, what it is for and its stages.
pub fn run() -> Outcome {
    out(&render());
    Outcome::Success
}

/// Where the stages wrap, so that a list reads in a terminal of 80 columns.
const COLUMNS: usize = 80;

pub fn render() -> String {
    let indent = TEMPLATES.iter().map(|t| width(t.name)).max().unwrap_or(0) + 2;
    let mut s = String::new();
    for (i, template) in TEMPLATES.iter().enumerate() {
        let map = template.map();
        if i > 0 {
            s.push('\n');
        }
        let default = if template.name == DEFAULT {
            " (the default)"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "{}{}{}{default}",
            paint(BOLD, template.name),
            " ".repeat(indent - width(template.name)),
            template.about,
        );
        let count = match map.touchpoint_count() {
            0 => format!("{} stages:", map.stages.len()),
            n => format!("{} stages, {n} example touchpoints:", map.stages.len()),
        };
        let stages: Vec<&str> = map.stages.iter().map(|s| s.name.as_str()).collect();
        for line in std::iter::once(count).chain(journey(&stages, COLUMNS - indent)) {
            let _ = writeln!(s, "{}{}", " ".repeat(indent), paint(DIM, &line));
        }
    }
    s
}

/// The stages in order, `A → B → C`, in lines of about `columns`, broken
/// between stages only.
fn journey(stages: &[&str], columns: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for (i, stage) in stages.iter().enumerate() {
        let arrow = if i + 1 < stages.len() { " →" } else { "" };
        let line = lines.last_mut().expect("never empty");
        let gap = usize::from(!line.is_empty());
        if !line.is_empty() && width(line) + gap + width(stage) + width(arrow) > columns {
            lines.push(String::new());
        }
        let line = lines.last_mut().expect("never empty");
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(stage);
        line.push_str(arrow);
    }
    lines
}

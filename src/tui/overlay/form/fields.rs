//! The fields of the touchpoint editor, in order, and how each one's text
//! is made from the touchpoint (the quotes as `words — source` lines).

use crate::model::{RootCause, Touchpoint, TouchpointField, TouchpointKey as K, Verbatim};
use crate::tui::keys::{self, Action, Context};

/// A row of the touchpoint editor: a field from the table of fields, one
/// of the touchpoint's actions, or the row that adds one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Of(K),
    Action(usize),
    AddAction,
}

impl Field {
    pub fn label(self) -> String {
        match self {
            Field::Of(key) => super::super::editor::row_label(key.label()),
            Field::Action(0) | Field::AddAction => "Actions".to_owned(),
            Field::Action(_) => String::new(),
        }
    }

    pub fn multiline(self) -> bool {
        matches!(self, Field::Of(K::Description) | Field::Of(K::Verbatims))
    }

    /// Where the field's own keys are in the key table: they come before
    /// the form's. Plain text fields have none.
    pub fn context(self) -> Option<Context> {
        match self {
            Field::Of(K::Name) | Field::Of(K::Channel) | Field::Of(K::Evidence) => None,
            Field::Of(K::ByPersona) => Some(Context::PersonaField),
            Field::Of(K::Wish) => Some(Context::WishField),
            Field::Of(K::Emotion) => Some(Context::EmotionField),
            Field::Of(K::ToBeEmotion) => Some(Context::ToBeField),
            Field::Of(K::Basis) => Some(Context::BasisField),
            Field::Of(K::AtRisk) => Some(Context::AtRiskField),
            Field::Of(K::RootCause) => Some(Context::RootCauseField),
            Field::Of(K::Description) | Field::Of(K::Verbatims) => Some(Context::LinesField),
            Field::Action(_) => Some(Context::ActionField),
            Field::AddAction => Some(Context::AddActionField),
        }
    }

    /// What the field takes, for the form's bottom line: a choice's keys
    /// from the key table.
    pub fn hint(self) -> String {
        match self {
            Field::Of(K::Name) | Field::Of(K::Channel) => "type to change".to_owned(),
            Field::Of(K::Evidence) => "how many customers say so: a whole number".to_owned(),
            Field::Of(K::RootCause) => format!(
                "type a cause · {}",
                keys::field_hint(Context::RootCauseField)
            ),
            Field::Of(K::Description) => format!(
                "several lines: {} breaks a line, {} moves on",
                keys::label(Action::NewLine, Context::LinesField),
                keys::label(Action::NextField, Context::Form)
            ),
            Field::Of(K::Verbatims) => {
                "one quote per line; add its source after ' — ' (or ' -- ')".to_owned()
            }
            Field::Of(K::ToBeEmotion) => {
                format!("the team's aim · {}", keys::field_hint(Context::ToBeField))
            }
            Field::Of(K::ByPersona) => keys::field_hint(Context::PersonaField),
            Field::Of(K::Wish)
            | Field::Of(K::Emotion)
            | Field::Of(K::Basis)
            | Field::Of(K::AtRisk)
            | Field::Action(_)
            | Field::AddAction => self.context().map(keys::field_hint).unwrap_or_default(),
        }
    }
}

/// The rows for `tp`: every field of the table, then its actions.
pub fn fields(tp: &Touchpoint) -> Vec<Field> {
    let mut fields: Vec<Field> = K::ALL.iter().copied().map(Field::Of).collect();
    fields.extend((0..tp.actions.len()).map(Field::Action));
    fields.push(Field::AddAction);
    fields
}

/// Verbatims as the form shows them: one per line, `words — source`.
pub fn verbatims_to_text(verbatims: &[Verbatim]) -> String {
    verbatims
        .iter()
        .map(|v| {
            let separated = [" — ", " -- "].iter().any(|sep| v.text.contains(sep))
                || [" —", " --"].iter().any(|end| v.text.ends_with(end));
            if v.source.is_empty() && separated {
                // Ends in the separator, so that reading it back does not
                // take the words after a dash in the quote for a source.
                format!("{} —", v.text)
            } else if v.source.is_empty() {
                v.text.clone()
            } else {
                format!("{} — {}", v.text, v.source)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The form's text back into verbatims: blank lines dropped, the source after
/// the last ` — ` or ` -- ` (a line that ends in one has no source).
pub fn verbatims_from_text(text: &str) -> Vec<Verbatim> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            if let Some(words) = [" —", " --"].iter().find_map(|end| line.strip_suffix(end)) {
                return Verbatim {
                    text: words.trim().to_owned(),
                    source: String::new(),
                };
            }
            let split = [" — ", " -- "]
                .iter()
                .filter_map(|sep| line.rfind(sep).map(|at| (at, sep.len())))
                .max();
            match split {
                Some((at, len)) => Verbatim {
                    text: line[..at].trim().to_owned(),
                    source: line[at + len..].trim().to_owned(),
                },
                None => Verbatim {
                    text: line.to_owned(),
                    source: String::new(),
                },
            }
        })
        .collect()
}

/// The text a text field starts with; `None` for fields that are not text.
pub fn text_of(tp: &Touchpoint, field: Field) -> Option<String> {
    match field {
        Field::Of(K::Name) => Some(tp.name.clone()),
        Field::Of(K::Channel) => Some(tp.channel.clone()),
        // No customers yet starts empty, so typing a count does not append to 0.
        Field::Of(K::Evidence) => Some(if tp.evidence == 0 {
            String::new()
        } else {
            tp.evidence.to_string()
        }),
        Field::Of(K::RootCause) => match &tp.root_cause {
            Some(RootCause::Touchpoint(_)) => None,
            Some(RootCause::Text(text)) => Some(text.clone()),
            None => Some(String::new()),
        },
        Field::Of(K::Description) => Some(tp.description.clone()),
        Field::Of(K::Verbatims) => Some(verbatims_to_text(&tp.verbatims)),
        Field::Of(K::Wish | K::Emotion | K::ToBeEmotion | K::ByPersona | K::Basis | K::AtRisk) => {
            None
        }
        Field::Action(_) | Field::AddAction => None,
    }
}

/// The value typed text gives a text field: `Ok(None)` for a row that is
/// not typed into, `Err` with the reason when the text cannot be taken.
pub fn parse(field: Field, text: &str) -> Result<Option<TouchpointField>, String> {
    let trimmed = text.trim();
    Ok(Some(match field {
        Field::Of(K::Name) if trimmed.is_empty() => return Err("A touchpoint needs a name".into()),
        Field::Of(K::Name) => TouchpointField::Name(trimmed.to_owned()),
        Field::Of(K::Channel) => TouchpointField::Channel(trimmed.to_owned()),
        Field::Of(K::Evidence) if trimmed.is_empty() => TouchpointField::Evidence(0),
        Field::Of(K::Evidence) => match trimmed.parse::<u32>() {
            Ok(n) => TouchpointField::Evidence(n),
            Err(_) => return Err(format!("'{trimmed}' is not a number of customers")),
        },
        Field::Of(K::RootCause) => TouchpointField::RootCause(
            (!trimmed.is_empty()).then(|| RootCause::Text(trimmed.to_owned())),
        ),
        Field::Of(K::Description) => TouchpointField::Description(text.trim_end().to_owned()),
        Field::Of(K::Verbatims) => TouchpointField::Verbatims(verbatims_from_text(text)),
        Field::Of(K::Wish | K::Emotion | K::ToBeEmotion | K::ByPersona | K::Basis | K::AtRisk) => {
            return Ok(None);
        }
        Field::Action(_) | Field::AddAction => return Ok(None),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatims_round_trip_through_the_form_text() {
        let text = "Too slow. — Interview 3\nNo source here\n\n  Spaced -- Survey  ";
        let v = verbatims_from_text(text);
        assert_eq!(v.len(), 3);
        assert_eq!(
            v[0],
            Verbatim {
                text: "Too slow.".into(),
                source: "Interview 3".into()
            }
        );
        assert_eq!(v[1].source, "");
        assert_eq!(
            v[2],
            Verbatim {
                text: "Spaced".into(),
                source: "Survey".into()
            }
        );
        assert_eq!(verbatims_from_text(&verbatims_to_text(&v)), v);
    }

    #[test]
    fn a_quote_with_a_dash_in_it_and_no_source_keeps_its_words() {
        let v = vec![
            Verbatim {
                text: "Fast — but wrong".into(),
                source: String::new(),
            },
            Verbatim {
                text: "Slow -- and right".into(),
                source: "Interview 2".into(),
            },
            Verbatim {
                text: "I waited and waited --".into(),
                source: String::new(),
            },
        ];
        assert_eq!(verbatims_from_text(&verbatims_to_text(&v)), v);
    }
}

//! The journey: a section per stage, a card per touchpoint, each in words
//! as present mode tells it (wish and what to do with it, emotion and the
//! team's aim, the evidence, the customers' own words, the root cause, the
//! actions).

use super::curve::score;
use super::{Page, card_id, count, signed};
use crate::model::{Action, Basis, ItemPlace, RootCause, Stage, Touchpoint, Wish};
use std::fmt::Write;

/// The curve's marks, the terminal's glyphs: a filled dot, a hollow diamond.
const MARK_AS_IS: &str = "<span class=\"mark\" aria-hidden=\"true\">●</span>";
const MARK_TO_BE: &str = "<span class=\"mark\" aria-hidden=\"true\">◇</span>";

impl Page<'_> {
    pub(super) fn journey(&mut self) {
        self.raw("<section id=\"journey\" aria-labelledby=\"journey-h\">\n");
        self.raw("<h2 id=\"journey-h\">Journey</h2>\n");
        if self.map.stages.is_empty() {
            self.raw("<p>No stages yet.</p>\n");
        }
        let map = self.map;
        for (i, stage) in map.stages.iter().enumerate() {
            self.stage(i, stage);
        }
        self.raw("</section>\n");
    }

    fn stage(&mut self, at: usize, stage: &Stage) {
        let _ = write!(
            self.out,
            "<section class=\"stage\" aria-labelledby=\"stage-{at}\">\n<h3 id=\"stage-{at}\">\
             <span class=\"of\">Stage {} of {}:</span> ",
            at + 1,
            self.map.stages.len()
        );
        self.user(&stage.name);
        self.raw("</h3>\n");
        let _ = writeln!(self.out, "<p class=\"muted\">{}</p>", stage_facts(stage));
        if stage.touchpoints.is_empty() {
            self.raw("</section>\n");
            return;
        }
        self.raw("<ol class=\"cards\">\n");
        for (index, tp) in stage.touchpoints.iter().enumerate() {
            self.card(self.number(at, index), tp);
        }
        self.raw("</ol>\n</section>\n");
    }

    fn card(&mut self, number: usize, tp: &Touchpoint) {
        let _ = write!(
            self.out,
            "<li class=\"card{}\" id=\"{}\">\n<h4><span class=\"num\">{number}</span> ",
            if tp.is_pain() { " pain" } else { "" },
            card_id(tp.id.as_str())
        );
        self.user(&tp.name);
        self.raw("</h4>\n");
        self.facts(tp);
        if !tp.description.is_empty() {
            self.raw("<p>");
            self.user(&tp.description);
            self.raw("</p>\n");
        }
        for verbatim in &tp.verbatims {
            self.raw("<figure class=\"quote\"><blockquote><p>“");
            self.user(&verbatim.text);
            self.raw("”</p></blockquote>");
            if !verbatim.source.is_empty() {
                self.raw("<figcaption>— <cite>");
                self.user(&verbatim.source);
                self.raw("</cite></figcaption>");
            }
            self.raw("</figure>\n");
        }
        self.root_cause(tp);
        self.actions(tp);
        self.raw("</li>\n");
    }

    /// What is known of a touchpoint, as a list of terms.
    fn facts(&mut self, tp: &Touchpoint) {
        self.raw("<dl class=\"facts\">\n");
        if !tp.channel.is_empty() {
            self.raw("<div><dt>Channel</dt><dd>");
            self.user(&tp.channel);
            self.raw("</dd></div>\n");
        }
        let _ = writeln!(
            self.out,
            "<div><dt>Wish</dt><dd>{}</dd></div>",
            wish(tp.wish)
        );
        // The curve's marks beside the values, so that each card reads
        // against the curve without colour.
        let _ = writeln!(
            self.out,
            "<div><dt>Emotion</dt><dd>{}{}</dd></div>",
            if tp.emotion.is_some() { MARK_AS_IS } else { "" },
            score(tp.emotion, "not scored yet")
        );
        if let Some(aim) = tp.to_be_emotion {
            let _ = writeln!(
                self.out,
                "<div><dt>To be</dt><dd>{MARK_TO_BE}{} {}</dd></div>",
                signed(aim),
                aim.words()
            );
        }
        // Each persona's own scores, by name (the others feel the map-wide ones).
        let map = self.map;
        for entry in tp.by_persona.iter().filter(|s| !s.is_empty()) {
            self.raw("<div><dt>");
            self.user(map.persona_name(&entry.persona));
            self.raw("</dt><dd>");
            let mut said = Vec::new();
            if entry.emotion.is_some() {
                said.push(score(entry.emotion, ""));
            }
            if let Some(aim) = entry.to_be_emotion {
                said.push(format!("to be {} {}", signed(aim), aim.words()));
            }
            self.raw(&said.join(", "));
            self.raw("</dd></div>\n");
        }
        let basis = match tp.basis {
            Basis::Research => "research".to_owned(),
            Basis::Assumption => "<strong class=\"warn\">the team's assumption</strong>".to_owned(),
        };
        let _ = writeln!(
            self.out,
            "<div><dt>Evidence</dt><dd>{basis}, {}</dd></div>",
            crate::text::customers(tp.evidence)
        );
        if !tp.at_risk.is_empty() {
            let titles: Vec<&str> = tp.at_risk.iter().map(|p| p.title()).collect();
            let _ = writeln!(
                self.out,
                "<div><dt>At risk</dt><dd>{}</dd></div>",
                titles.join(", ")
            );
        }
        self.raw("</dl>\n");
    }

    /// Why it hurts: words, or a link to the touchpoint behind it.
    fn root_cause(&mut self, tp: &Touchpoint) {
        match &tp.root_cause {
            None => {}
            Some(RootCause::Text(text)) => {
                self.raw("<p><span class=\"label\">Root cause:</span> ");
                self.user(text);
                self.raw("</p>\n");
            }
            Some(RootCause::Touchpoint(id)) => {
                self.raw("<p><span class=\"label\">Root cause:</span> ");
                match self.places.get(id.as_str()).copied() {
                    Some(place) => {
                        let number = self.number(place.stage, place.index);
                        let cause = &self.map.stages[place.stage].touchpoints[place.index];
                        let _ = write!(
                            self.out,
                            "<a href=\"#{}\">touchpoint {number}</a>, ",
                            card_id(id.as_str())
                        );
                        self.user(&cause.name);
                    }
                    None => self.user(id.as_str()),
                }
                self.raw("</p>\n");
            }
        }
    }

    fn actions(&mut self, tp: &Touchpoint) {
        if tp.actions.is_empty() {
            if tp.is_pain() {
                self.raw("<p class=\"warn\">No action yet: this pain needs one.</p>\n");
            }
            return;
        }
        self.raw("<p class=\"label\">Actions</p>\n<ul class=\"checklist\">\n");
        for action in &tp.actions {
            self.action(action, true, None);
        }
        self.raw("</ul>\n");
    }

    /// An action as a checklist item: ticked or open, overdue in words, with
    /// its principle (when `principle`), owner, due date and follow-up, and
    /// the touchpoint it is for (when it is listed away from its card).
    pub(super) fn action(&mut self, action: &Action, principle: bool, at: Option<ItemPlace>) {
        let overdue = action.is_overdue(self.today);
        self.raw(if action.done {
            "<li class=\"done\"><span class=\"box\" aria-hidden=\"true\">✓</span><div>\
             <span class=\"vh\">Done: </span>"
        } else {
            "<li><span class=\"box\" aria-hidden=\"true\"></span><div><span class=\"vh\">Open: </span>"
        });
        if overdue {
            self.raw("<strong class=\"overdue\">OVERDUE</strong> ");
        }
        self.user(&action.text);
        self.raw("<span class=\"meta\">");
        if principle {
            let _ = write!(self.out, " · {}", action.principle.title());
        }
        if !action.owner.is_empty() {
            self.raw(" · ");
            self.user(&action.owner);
        }
        if let Some(due) = action.due {
            let _ = write!(self.out, " · due {due}");
        }
        self.raw("</span>");
        if let Some(place) = at {
            let map = self.map;
            if let Some(tp) = map
                .stages
                .get(place.stage)
                .and_then(|s| s.touchpoints.get(place.touchpoint))
            {
                self.raw("<br><span class=\"meta\">For ");
                self.user(&tp.name);
                self.raw(" (");
                self.place(place);
                self.raw(")</span>");
            }
        }
        if !action.follow_up.is_empty() {
            self.raw("<br><span class=\"meta\">Follow-up: ");
            self.user(&action.follow_up);
            self.raw("</span>");
        }
        self.raw("</div></li>\n");
    }
}

/// A stage in numbers: touchpoints, the mean emotion, pain points.
fn stage_facts(stage: &Stage) -> String {
    let pains = stage.touchpoints.iter().filter(|t| t.is_pain()).count();
    let mut facts = count(stage.touchpoints.len(), "touchpoint");
    if stage.touchpoints.is_empty() {
        facts.push_str(" yet");
    } else {
        facts.push_str(&format!(" · {}", count(pains, "pain point")));
    }
    facts
}

/// A wish: its letter in a shape of its own (so that neither colour nor
/// shape alone carries it), its name and what to do with it.
fn wish(wish: Option<Wish>) -> String {
    match wish {
        Some(w) => format!(
            "<span class=\"nowrap\"><span class=\"wish wish-{}\" aria-hidden=\"true\">{}</span>\
             <span class=\"wish-name wish-{}\">{}</span></span>: {}",
            w.letter().to_ascii_lowercase(),
            w.letter(),
            w.letter().to_ascii_lowercase(),
            w.name(),
            w.advice()
        ),
        None => {
            "<span class=\"wish wish-none\" aria-hidden=\"true\">?</span>not decided yet".to_owned()
        }
    }
}

//! The EDUNI action plan (`model::plan`, grouped by the six principles in
//! their order, as `cxmap plan` lists it) and the checks' findings
//! (`model::check`, CX001..CX006, with what to do about them).

use super::{Page, count, signed};
use crate::model::{Code, Finding, ItemPlace, PlanGroup, PlanItem, check, plan};
use std::fmt::Write;

impl Page<'_> {
    pub(super) fn plan(&mut self) {
        let map = self.map;
        let plan = plan(map);
        self.raw("<section id=\"plan\" aria-labelledby=\"plan-h\">\n");
        self.raw("<h2 id=\"plan-h\">EDUNI action plan</h2>\n");
        let (mut open, mut done, mut needed, mut overdue) = (0, 0, 0, 0);
        for (_, item) in plan.items() {
            match item.action {
                None => needed += 1,
                Some(a) if a.done => done += 1,
                Some(a) => {
                    open += 1;
                    overdue += usize::from(a.is_overdue(self.today));
                }
            }
        }
        let _ = writeln!(
            self.out,
            "<p>{open} open · {done} done · {needed} still need an action · {overdue} overdue \
             on {}.</p>\n<p class=\"muted\">The six principles in the order of how many \
             customers are let down when one is broken; in each, the most severe first.</p>",
            self.today
        );
        for group in &plan.groups {
            self.group(group);
        }
        self.raw("</section>\n");
    }

    fn group(&mut self, group: &PlanGroup) {
        let p = group.principle;
        let _ = writeln!(
            self.out,
            "<h3>{} <span class=\"share\">({}% let down)</span></h3>\n<p class=\"muted\">When \
             broken: {}.</p>",
            p.title(),
            p.share(),
            p.when_broken()
        );
        if group.items.is_empty() {
            self.raw("<p>Nothing here yet.</p>\n");
            return;
        }
        self.raw("<ul class=\"checklist\">\n");
        for item in &group.items {
            match item.action {
                Some(action) => self.action(action, false, Some(item.place)),
                None => self.needed(item),
            }
        }
        self.raw("</ul>\n");
    }

    /// A finding that still needs an action, with what ranks it.
    fn needed(&mut self, item: &PlanItem) {
        let tp = item.touchpoint;
        // The words say it, so the mark is for the eye only.
        self.raw("<li class=\"need\"><span class=\"box\" aria-hidden=\"true\">!</span><div>");
        self.user(&tp.name);
        self.raw(" needs an action<br><span class=\"meta\">");
        self.place(item.place);
        // Ranked by whoever hurts most: named, with their scores, as every
        // form of the plan says it (`markdown::plan::details`).
        if let Some(persona) = item.persona {
            self.raw(" · hurts ");
            self.user(&persona.name);
            self.raw(" most");
        }
        let worst = tp.worst().scores;
        if let Some(e) = worst.emotion {
            let _ = write!(self.out, " · emotion {}", signed(e));
        }
        if let Some(e) = worst.to_be {
            let _ = write!(self.out, " · to be {}", signed(e));
        }
        let _ = write!(self.out, " · {}", crate::text::customers(tp.evidence));
        if let Some(root) = &item.root {
            self.raw(" · root cause: ");
            self.user(&root.name);
        }
        self.raw("</span></div></li>\n");
    }

    /// Where an item is: a link to its card, and the stage's name.
    pub(super) fn place(&mut self, place: ItemPlace) {
        self.link_to(place);
        if let Some(stage) = self.map.stages.get(place.stage) {
            self.raw(", ");
            self.user(&stage.name);
        }
    }

    pub(super) fn checks(&mut self) {
        let map = self.map;
        let findings = check(map, self.today);
        self.raw("<section id=\"checks\" aria-labelledby=\"checks-h\">\n");
        self.raw("<h2 id=\"checks-h\">Checks</h2>\n");
        if findings.is_empty() {
            let _ = writeln!(
                self.out,
                "<p>No findings on {}: the map passes all five checks.</p>",
                self.today
            );
        } else {
            let _ = writeln!(
                self.out,
                "<p>{} on {}, against the five classic customer-experience mistakes.</p>",
                count(findings.len(), "finding"),
                self.today
            );
        }
        for code in Code::ALL {
            let of_code: Vec<&Finding> = findings.iter().filter(|f| f.code == code).collect();
            self.code(code, &of_code);
        }
        self.raw("</section>\n");
    }

    /// One check: the mistake, and its findings under what to do about them.
    fn code(&mut self, code: Code, findings: &[&Finding]) {
        let mistake = code.mistake();
        let mut first = mistake.chars();
        let capital = first
            .next()
            .map(|c| c.to_uppercase().chain(first).collect::<String>())
            .unwrap_or_default();
        let _ = writeln!(
            self.out,
            "<h3>{code} · {capital} <span class=\"share\">({})</span></h3>",
            count(findings.len(), "finding")
        );
        if findings.is_empty() {
            self.raw("<p class=\"muted\">Nothing found.</p>\n");
            return;
        }
        // The hints in the order they first come, each over its findings.
        let mut hints: Vec<&str> = Vec::new();
        for f in findings {
            if !hints.contains(&f.hint()) {
                hints.push(f.hint());
            }
        }
        for hint in hints {
            let _ = writeln!(
                self.out,
                "<p><span class=\"label\">What to do:</span> {hint}.</p>\n<ul class=\"findings\">"
            );
            for f in findings.iter().filter(|f| f.hint() == hint) {
                self.raw("<li>");
                let mut names = vec![f.touchpoint.name.as_str()];
                names.extend(f.action.map(|a| a.text.as_str()));
                self.sentence(&f.message(), &names);
                self.raw(" <span class=\"meta\">(");
                self.place(f.place);
                self.raw(")</span></li>\n");
            }
            self.raw("</ul>\n");
        }
    }
}

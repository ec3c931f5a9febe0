//! What the board's keys do: move the selection, and turn the rest into edits.

use super::{App, Selection};
use crate::model::{Edit, Emotion, TouchpointField};
use crate::tui::keys::{self, Action, Context};
use crate::tui::overlay::{Editor, FilterMenu, Overlay, Prompt, PromptPurpose, WishPicker};

impl App {
    pub(super) fn board_action(&mut self, action: Action) {
        let stages = self.map().stages.len();
        let sel = self.selection;
        match action {
            Action::Left
            | Action::Right
            | Action::Up
            | Action::Down
            | Action::First
            | Action::Last => self.move_selection(action),
            Action::AddTouchpoint => {
                // The new card shows whatever it is: no filter while adding.
                if self.board_filter().is_some() {
                    self.set_board_filter(None);
                    self.info("Filter off, to add a touchpoint");
                }
                self.start_add_touchpoint();
            }
            Action::FilterMenu => self.overlays.push(Overlay::Filter(FilterMenu::Board)),
            Action::ClearFilter if self.board_filter().is_some() => {
                self.set_board_filter(None);
                self.info("Filter off: every touchpoint shows");
            }
            Action::AddStage => {
                let index = if stages == 0 { 0 } else { sel.stage + 1 };
                self.overlays.push(Overlay::Prompt(Prompt::new(
                    PromptPurpose::NewStage { index },
                    "",
                )));
            }
            Action::Edit => self.edit_selected(),
            Action::Wish => match self.selected_touchpoint() {
                Some(tp) => {
                    let picker = WishPicker::new(tp.id.clone());
                    self.overlays.push(Overlay::Wish(picker));
                }
                None => self.info("Select a touchpoint to set its wish"),
            },
            Action::EmotionUp => self.set_emotion(|e| Some(Emotion::step_up(e))),
            Action::EmotionDown => self.set_emotion(|e| Some(Emotion::step_down(e))),
            Action::EmotionNeutral => self.set_emotion(|_| Some(Emotion::NEUTRAL)),
            Action::EmotionClear => self.set_emotion(|_| None),
            Action::MoveLeft | Action::MoveRight => self.move_sideways(action == Action::MoveLeft),
            Action::MoveUp | Action::MoveDown => self.move_within_stage(action == Action::MoveUp),
            Action::Delete => self.delete_selected(),
            Action::Find => {
                let prompt = Prompt::new(
                    PromptPurpose::Find {
                        origin: self.selection,
                    },
                    "",
                );
                self.overlays.push(Overlay::Prompt(prompt));
            }
            Action::ToggleDetails => self.show_details = Some(!self.details_shown()),
            Action::Present => {
                let presenter = crate::tui::overlay::Presenter::new(sel.stage);
                self.overlays.push(Overlay::Present(presenter));
            }
            Action::Personas => self.overlays.push(Overlay::Personas(Default::default())),
            Action::EditMap => {
                let prompt = Prompt::new(PromptPurpose::Title, &self.map().title);
                self.overlays.push(Overlay::Prompt(prompt));
            }
            _ => {}
        }
    }

    /// The selection's moves, among the cards shown (all of them unless a
    /// filter is on): `g` and `G` go to the journey's first or last stage,
    /// on its first or last card shown (or the stage, if it shows none).
    fn move_selection(&mut self, action: Action) {
        let shown = self.shown_cards();
        if shown.is_empty() {
            return;
        }
        let sel = self.selection;
        let here = &shown[sel.stage.min(shown.len() - 1)];
        // The selected card's place among those shown.
        let place = sel.card.and_then(|c| here.iter().position(|&x| x == c));
        self.selection = match action {
            Action::Left | Action::Right => {
                let stage = if action == Action::Left {
                    sel.stage.saturating_sub(1)
                } else {
                    (sel.stage + 1).min(shown.len() - 1)
                };
                let there = &shown[stage];
                let card = place
                    .filter(|_| !there.is_empty())
                    .map(|p| there[p.min(there.len() - 1)]);
                Selection { stage, card }
            }
            Action::Up => Selection {
                card: place.and_then(|p| p.checked_sub(1)).map(|p| here[p]),
                ..sel
            },
            Action::Down if !here.is_empty() => Selection {
                card: Some(here[place.map_or(0, |p| (p + 1).min(here.len() - 1))]),
                ..sel
            },
            Action::First => Selection {
                stage: 0,
                card: shown[0].first().copied(),
            },
            Action::Last => Selection {
                stage: shown.len() - 1,
                card: shown[shown.len() - 1].last().copied(),
            },
            _ => sel,
        };
    }

    fn start_add_touchpoint(&mut self) {
        let Some(stage) = self.map().stages.get(self.selection.stage) else {
            self.info(format!(
                "Add a stage first: {}",
                keys::label(Action::AddStage, Context::Board)
            ));
            return;
        };
        let index = self.selection.card.map_or(0, |c| c + 1);
        let purpose = PromptPurpose::NewTouchpoint {
            stage: stage.id.clone(),
            index,
        };
        self.overlays
            .push(Overlay::Prompt(Prompt::new(purpose, "")));
    }

    fn edit_selected(&mut self) {
        if let Some(tp) = self.selected_touchpoint() {
            let id = tp.id.clone();
            let group = self.new_group();
            let editor = Editor::new(self, id, group);
            self.overlays.push(Overlay::Editor(Box::new(editor)));
        } else if let Some(stage) = self.map().stages.get(self.selection.stage) {
            let prompt = Prompt::new(PromptPurpose::RenameStage(stage.id.clone()), &stage.name);
            self.overlays.push(Overlay::Prompt(prompt));
        } else {
            self.info(format!(
                "The map has no stages yet: {} adds one",
                keys::label(Action::AddStage, Context::Board)
            ));
        }
    }

    fn set_emotion(&mut self, change: impl Fn(Option<Emotion>) -> Option<Emotion>) {
        let Some(tp) = self.selected_touchpoint() else {
            self.info("Select a touchpoint to score its emotion");
            return;
        };
        let new = change(tp.emotion);
        if new == tp.emotion {
            return;
        }
        let label = format!(
            "emotion of '{}' {}",
            tp.name,
            new.map_or("cleared".to_owned(), |e| format!("to {e}"))
        );
        let edit = Edit::SetTouchpoint {
            id: tp.id.clone(),
            field: TouchpointField::Emotion(new),
        };
        self.apply(edit, label);
    }

    /// Applies an edit as its own undo step, saying so if it cannot be done.
    pub fn apply(&mut self, edit: Edit, label: String) -> bool {
        match self.doc.apply(edit, label) {
            Ok(()) => true,
            Err(error) => {
                self.error(error.to_string());
                false
            }
        }
    }

    fn move_sideways(&mut self, left: bool) {
        let sel = self.selection;
        let stages = self.map().stages.len();
        let target = if left {
            sel.stage.checked_sub(1)
        } else {
            Some(sel.stage + 1).filter(|s| *s < stages)
        };
        let Some(target) = target else {
            self.info(if left {
                "Already in the first stage"
            } else {
                "Already in the last stage"
            });
            return;
        };
        let stage = &self.map().stages[sel.stage];
        match sel.card {
            Some(card) => {
                let tp = &stage.touchpoints[card];
                let to = &self.map().stages[target];
                let index = card.min(to.touchpoints.len());
                let label = format!("move '{}' to {}", tp.name, to.name);
                let edit = Edit::MoveTouchpoint {
                    id: tp.id.clone(),
                    stage: to.id.clone(),
                    index,
                };
                if self.apply(edit, label) {
                    self.selection = Selection {
                        stage: target,
                        card: Some(index),
                    };
                }
            }
            None => {
                let label = format!("move stage {}", stage.name);
                let edit = Edit::MoveStage {
                    id: stage.id.clone(),
                    index: target,
                };
                if self.apply(edit, label) {
                    self.selection = Selection {
                        stage: target,
                        card: None,
                    };
                }
            }
        }
    }

    fn move_within_stage(&mut self, up: bool) {
        let sel = self.selection;
        let Some(card) = sel.card else {
            self.info(format!(
                "Stages move sideways: {} and {}",
                keys::label(Action::MoveLeft, Context::Board),
                keys::label(Action::MoveRight, Context::Board)
            ));
            return;
        };
        // Past the neighbour shown: cards a filter hides keep their order.
        let shown = self.shown_cards();
        let here = shown.get(sel.stage).map_or(&[][..], Vec::as_slice);
        let index = if up {
            here.iter().rev().find(|&&c| c < card).copied()
        } else {
            here.iter().find(|&&c| c > card).copied()
        };
        let stage = &self.map().stages[sel.stage];
        let Some(index) = index else {
            return;
        };
        let tp = &stage.touchpoints[card];
        let label = format!("move '{}' {}", tp.name, if up { "up" } else { "down" });
        let edit = Edit::MoveTouchpoint {
            id: tp.id.clone(),
            stage: stage.id.clone(),
            index,
        };
        if self.apply(edit, label) {
            self.selection.card = Some(index);
        }
    }

    fn delete_selected(&mut self) {
        let sel = self.selection;
        let Some(stage) = self.map().stages.get(sel.stage) else {
            return;
        };
        match sel.card {
            Some(card) => {
                let id = stage.touchpoints[card].id.clone();
                self.delete_touchpoint(&id);
            }
            None => {
                let id = stage.id.clone();
                if !stage.touchpoints.is_empty() && self.asks_before_deleting_a_stage() {
                    self.overlays.push(Overlay::DeleteStage(id));
                } else {
                    self.delete_stage(&id);
                }
            }
        }
    }
}

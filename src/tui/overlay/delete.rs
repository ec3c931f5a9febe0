//! Deleting a stage that has touchpoints: asked first, saying what goes with it.

use crate::model::StageId;
use crate::tui::app::{App, StageLoss};
use crate::tui::keys::{self, Action, Context};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

pub fn handle_key(app: &mut App, id: &StageId, key: KeyEvent) -> bool {
    match keys::action_for(Context::DeleteStage, &key) {
        Some(Action::Confirm) => {
            app.delete_stage(id);
            false
        }
        Some(Action::Cancel) => {
            if let Some(stage) = app.map().stage(id) {
                let kept = format!("Kept stage '{}'", stage.name);
                app.info(kept);
            }
            false
        }
        _ => true,
    }
}

pub fn render(app: &App, id: &StageId, area: Rect, buf: &mut Buffer) {
    let Some(loss) = StageLoss::of(app.map(), id) else {
        return;
    };
    let mut sentences = vec![format!("Delete {}?", loss.what())];
    if let Some(lost) = loss.causes_lost() {
        sentences.push(format!("{}{}.", lost[..1].to_uppercase(), &lost[1..]));
    }
    sentences.push(format!(
        "{} brings it all back.",
        keys::label(Action::Undo, Context::Board)
    ));
    super::question(
        app,
        area,
        "Delete a stage",
        &sentences,
        Context::DeleteStage,
        buf,
    );
}

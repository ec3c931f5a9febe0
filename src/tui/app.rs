//! The app's state and `update`: keys become actions, actions become edits
//! (through the document) or changes of selection, view and overlays.

mod board;
mod delete;
mod filters;
mod lists;
mod mouse;
mod safety;

pub use delete::StageLoss;

use super::derived::{CausesList, Derived, Tally};
use super::document::{DiskChange, Document, Focus};
use super::filter::{BoardFilter, ChecksFilter};
use super::kept::Kept;
use super::keys::{self, Action, Context};
use super::lane::Lanes;
use super::layout::{self, BoardAreas, BoardScroll, ColumnKind, Screen};
use super::overlay::{ConflictList, Overlay, Prompt, PromptPurpose};
use super::theme::Theme;
use crate::model::{Date, Edit, EditError, Map, Place, Touchpoint, TouchpointId};
use crate::storage::{Recovery, RecoverySlot, RecoveryWriter, SaveError};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use std::cell::{Ref, RefCell};
use std::time::Instant;

/// The key that saves, as a message about a save names it: such a message is
/// read in a view or in an editor, which bind the same key.
fn save_key() -> String {
    let key = keys::label(Action::Save, Context::Global);
    debug_assert_eq!(key, keys::label(Action::Save, Context::Form));
    key
}

/// How many personas' curves the lane draws at once.
pub const MAX_CURVES: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Board,
    Plan,
    Checks,
    Causes,
}

impl View {
    pub const ALL: [View; 4] = [View::Board, View::Plan, View::Checks, View::Causes];

    pub fn context(self) -> Context {
        match self {
            View::Board => Context::Board,
            View::Plan => Context::Plan,
            View::Checks => Context::Checks,
            View::Causes => Context::Causes,
        }
    }
}

/// The board's selection: a stage, and a card in it or the stage itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Selection {
    pub stage: usize,
    /// `None` selects the stage itself (its header).
    pub card: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub kind: StatusKind,
}

/// A stage's column on the board, by place among the cards it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnCards {
    /// Cards in the column, the one being typed in place included.
    pub count: usize,
    /// The card kept in view: the one being typed, or the selected one.
    pub focus: Option<usize>,
    /// Where the card being typed in place goes, if it goes here.
    pub new_at: Option<usize>,
}

/// The app's state. Private: the rest of the crate reads it through small
/// getters and acts through methods that say what they do (`apply_in_group`,
/// `open`, `select`, `quit`, `save_as`, ...).
pub struct App {
    doc: Document,
    view: View,
    selection: Selection,
    /// The first stage column shown on the board, and the first card row of
    /// its columns too long to show whole.
    board_scroll: BoardScroll,
    plan_selected: usize,
    plan_scroll: usize,
    checks_selected: usize,
    checks_scroll: usize,
    causes_selected: usize,
    causes_scroll: usize,
    /// What the board shows: every card, or those the filter lets through.
    board_filter: Option<BoardFilter>,
    /// What the Checks view lists.
    checks_filter: ChecksFilter,
    /// The details pane: `None` until the user toggles it, then their choice.
    show_details: Option<bool>,
    /// The personas whose curves the lane leaves out (it draws the first
    /// five of the others): UI state, never saved.
    hidden_personas: std::collections::HashSet<crate::model::PersonaId>,
    overlays: Vec<Overlay>,
    status: Option<Status>,
    theme: Theme,
    /// The owner new actions get (the config's `default_owner`).
    default_owner: Option<String>,
    /// Whether deleting a stage asks first (the config's
    /// `ask_before_deleting_a_stage`).
    ask_before_deleting_a_stage: bool,
    today: Date,
    /// The terminal's size, for layout decisions made outside rendering.
    size: Rect,
    quit: bool,
    /// Names an editing session whose edits undo as one step.
    next_group: u64,
    last_click: Option<(Instant, u16, u16)>,
    /// The plan's rows and the findings, made when a view or a key needs
    /// them, for the revision they were made at.
    derived: RefCell<Option<(u64, Derived)>>,
    /// The Causes view's rows, made when it is shown, for the revision
    /// they were made at.
    causes: RefCell<Option<(u64, CausesList)>>,
    /// How many of them there are, followed change by change.
    tally: RefCell<Option<Tally>>,
    /// The board's cards shown (`shown_cards`), for the revision and
    /// filter they were worked out for.
    shown: Kept<(u64, Option<BoardFilter>), Vec<Vec<usize>>>,
    /// What the emotion lane shows (`lanes`), for the revision, the
    /// columns on screen and the personas drawn it was worked out for.
    lanes: Kept<LanesFor, Lanes>,
    /// Each stage on screen's share of touchpoints resting on research
    /// (`research_share`), for the revision and stages it was worked out for.
    research: Kept<(u64, Vec<usize>), ResearchShares>,
    /// Where recovery copies go; `None` where the system has no state folder.
    recovery: Option<Recovery>,
    /// The recovery copy this session writes, claimed at the first write
    /// (or at start, when it holds edits to offer back).
    slot: Option<std::sync::Arc<RecoverySlot>>,
    /// Writes the copy on a thread of its own, so that no key waits for it.
    writer: RecoveryWriter,
    /// When the recovery copy is due to be written: a second after the last
    /// edit, and no later than `RECOVERY_AT_MOST` after the first not yet kept.
    recovery_due: Option<Instant>,
    /// When the first edit not yet in a copy was made: the copy is due no
    /// later than [`safety::RECOVERY_AT_MOST`] after it.
    unkept_since: Option<Instant>,
    seen_revision: u64,
    /// The revision the open layers were last refreshed at.
    refreshed_revision: u64,
    /// Set once the user was told the file on disk does not load: the next
    /// save writes over it.
    force_save: bool,
}

/// Each stage on screen (by index) with its research share, in percent.
type ResearchShares = Vec<(usize, Option<u32>)>;

/// What the emotion lane was worked out for (`App::lanes`).
#[derive(PartialEq)]
struct LanesFor {
    revision: u64,
    columns: Vec<(ColumnKind, Rect)>,
    drawn: Vec<crate::model::PersonaId>,
}

impl App {
    pub fn new(doc: Document, theme: Theme, today: Date, size: Rect) -> App {
        let first_card = doc
            .map()
            .stages
            .first()
            .is_some_and(|s| !s.touchpoints.is_empty());
        let mut app = App {
            doc,
            view: View::Board,
            selection: Selection::default(),
            board_scroll: BoardScroll::default(),
            plan_selected: 1,
            plan_scroll: 0,
            checks_selected: 0,
            checks_scroll: 0,
            causes_selected: 0,
            causes_scroll: 0,
            board_filter: None,
            checks_filter: ChecksFilter::default(),
            show_details: None,
            hidden_personas: std::collections::HashSet::new(),
            overlays: Vec::new(),
            status: None,
            theme,
            default_owner: None,
            ask_before_deleting_a_stage: true,
            today,
            size,
            quit: false,
            next_group: 1,
            last_click: None,
            derived: RefCell::new(None),
            causes: RefCell::new(None),
            tally: RefCell::new(None),
            shown: Kept::default(),
            lanes: Kept::default(),
            research: Kept::default(),
            recovery: None,
            slot: None,
            writer: RecoveryWriter::default(),
            recovery_due: None,
            unkept_since: None,
            seen_revision: 0,
            refreshed_revision: 0,
            force_save: false,
        };
        app.selection.card = first_card.then_some(0);
        app.keep_in_view();
        app
    }

    pub fn map(&self) -> &Map {
        self.doc.map()
    }

    /// The personas whose curves the emotion lane draws, in the map's
    /// order: the first five the user has not hidden.
    pub fn drawn_personas(&self) -> Vec<&crate::model::Persona> {
        (self.map().personas.iter())
            .filter(|p| !self.hidden_personas.contains(&p.id))
            .take(MAX_CURVES)
            .collect()
    }

    /// What the emotion lane under `geo`'s columns shows, worked out once
    /// per change of the map, the columns on screen or the personas drawn.
    pub fn lanes(&self, geo: &layout::BoardGeometry) -> std::rc::Rc<Lanes> {
        let drawn = self.drawn_personas();
        let key = LanesFor {
            revision: self.doc.revision(),
            columns: geo.columns.iter().map(|c| (c.kind, c.rect)).collect(),
            drawn: drawn.iter().map(|p| p.id.clone()).collect(),
        };
        self.lanes
            .get(key, || Lanes::of(self.map(), &geo.columns, &drawn))
    }

    /// The share of stage `stage`'s touchpoints that rest on research, in
    /// percent (`None` without touchpoints), for the header of its column
    /// among `geo`'s: worked out for the stages on screen once per change.
    pub fn research_share(&self, geo: &layout::BoardGeometry, stage: usize) -> Option<u32> {
        let stages = || {
            geo.columns.iter().filter_map(|c| match c.kind {
                ColumnKind::Stage(s) => Some(s),
                ColumnKind::NewStage => None,
            })
        };
        let key = (self.doc.revision(), stages().collect());
        let shares = self.research.get(key, || {
            (stages())
                .filter_map(|s| self.map().stages.get(s).map(|st| (s, st)))
                .map(|(s, st)| (s, crate::model::stage_research_percent(st)))
                .collect()
        });
        shares
            .iter()
            .find(|(s, _)| *s == stage)
            .and_then(|(_, share)| *share)
    }

    /// Draws a persona's curve, or stops drawing it; five at most at once.
    /// Only that one changes: those not drawn stay out (hiding one never
    /// brings in a sixth).
    pub fn toggle_persona_curve(&mut self, id: &crate::model::PersonaId) {
        let name = self.map().persona_name(id).to_owned();
        let drawn: Vec<_> = self.drawn_personas().iter().map(|p| p.id.clone()).collect();
        let not_drawn: Vec<_> = (self.map().personas.iter())
            .filter(|p| !drawn.contains(&p.id))
            .map(|p| p.id.clone())
            .collect();
        if drawn.contains(id) {
            self.hidden_personas.extend(not_drawn);
            self.hidden_personas.insert(id.clone());
            self.info(format!("The curve of '{name}' is hidden"));
        } else if drawn.len() >= MAX_CURVES {
            self.error(format!(
                "The lane draws {MAX_CURVES} personas' curves at most: hide one first"
            ));
        } else {
            self.hidden_personas.extend(not_drawn);
            self.hidden_personas.remove(id);
            self.info(format!("The curve of '{name}' is drawn"));
        }
    }

    /// The document: the map, its file, whether it is modified, its revision.
    /// Changes go through the app (`apply`, `apply_in_group`, `undo`, ...).
    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn view(&self) -> View {
        self.view
    }

    /// The board's selection.
    pub fn selection(&self) -> Selection {
        self.selection
    }

    /// The selected row of the Plan view, and the first row it shows.
    pub fn plan_selected(&self) -> usize {
        self.plan_selected
    }

    pub fn plan_scroll(&self) -> usize {
        self.plan_scroll
    }

    /// The selected row of the Causes view, and the first one it shows.
    pub fn causes_selected(&self) -> usize {
        self.causes_selected
    }

    pub fn causes_scroll(&self) -> usize {
        self.causes_scroll
    }

    /// The selected entry of the Checks view, and the first one it shows.
    pub fn checks_selected(&self) -> usize {
        self.checks_selected
    }

    pub fn checks_scroll(&self) -> usize {
        self.checks_scroll
    }

    /// The first stage column shown on the board.
    #[cfg(test)]
    pub fn board_scroll(&self) -> usize {
        self.board_scroll.stages
    }

    /// The first card row shown of the board's columns that scroll.
    #[cfg(test)]
    pub fn card_scroll(&self) -> usize {
        self.board_scroll.cards
    }

    pub fn theme(&self) -> Theme {
        self.theme
    }

    #[cfg(test)]
    pub fn set_theme(&mut self, theme: Theme) {
        self.theme = theme;
    }

    /// The owner new actions get; `None` leaves them without one.
    pub fn default_owner(&self) -> Option<&str> {
        self.default_owner.as_deref()
    }

    pub fn set_default_owner(&mut self, owner: Option<String>) {
        self.default_owner = owner.filter(|o| !o.trim().is_empty());
    }

    /// Whether deleting a stage asks first (default: yes).
    pub fn asks_before_deleting_a_stage(&self) -> bool {
        self.ask_before_deleting_a_stage
    }

    pub fn set_ask_before_deleting_a_stage(&mut self, ask: bool) {
        self.ask_before_deleting_a_stage = ask;
    }

    pub fn today(&self) -> Date {
        self.today
    }

    /// The terminal's size, as last told.
    pub fn size(&self) -> Rect {
        self.size
    }

    /// The message on the status line, until the next key.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// The open layers, bottom first.
    pub fn overlays(&self) -> &[Overlay] {
        &self.overlays
    }

    /// The layer that gets the keys, if one is open.
    pub fn top_overlay(&self) -> Option<&Overlay> {
        self.overlays.last()
    }

    /// Opens a layer on top of the others; it gets the keys from now on.
    pub fn open(&mut self, overlay: Overlay) {
        self.overlays.push(overlay);
    }

    /// Selects a stage, or a card in it, on the board.
    /// A card the board's filter hides turns the filter off.
    pub fn select(&mut self, selection: Selection) {
        self.selection = selection;
        self.reveal_selection();
    }

    /// Ends the session without asking: what is not saved is dropped.
    pub fn quit(&mut self) {
        self.quit = true;
    }

    /// Whether the session is to end (the user quit).
    pub fn quitting(&self) -> bool {
        self.quit
    }

    /// Applies an edit in an editing session's undo `group` (see
    /// `new_group`): consecutive edits of one group undo as one step.
    pub fn apply_in_group(
        &mut self,
        edit: Edit,
        label: impl Into<String>,
        group: u64,
    ) -> Result<(), EditError> {
        self.doc.apply_in_group(edit, label, Some(group))
    }

    /// Forgets editing session `group`'s step on touchpoint `id` when it
    /// changed nothing on balance (see `Document::forget_group_if_unchanged`).
    pub fn forget_group_if_unchanged(&mut self, group: u64, id: &TouchpointId) {
        if self.doc.forget_group_if_unchanged(group, id) {
            self.refresh_overlays();
        }
    }

    /// Puts `map` in place of the map as one undo step (a recovery copy
    /// restored), keeping the selection on something that exists.
    pub fn replace_map(&mut self, map: Map, label: &str) {
        self.doc.replace(map, label);
        self.clamp_selection();
    }

    /// Where recovery copies go (`None`: nowhere), and the copy this
    /// session holds already, if it claimed one at start.
    pub fn set_recovery(&mut self, recovery: Option<Recovery>, slot: Option<RecoverySlot>) {
        self.recovery = recovery;
        self.slot = slot.map(std::sync::Arc::new);
    }

    #[cfg(test)]
    pub fn recovery(&self) -> Option<&Recovery> {
        self.recovery.as_ref()
    }

    /// Plan rows and findings for the map as it is now.
    pub fn derived(&self) -> Ref<'_, Derived> {
        let revision = self.doc.revision();
        self.drop_stale_lists(revision);
        let stale = self.derived.borrow().is_none();
        if stale {
            *self.derived.borrow_mut() = Some((revision, Derived::new(self.doc.map(), self.today)));
        }
        Ref::map(self.derived.borrow(), |d| {
            &d.as_ref().expect("just filled").1
        })
    }

    /// Lets go of the lists worked out for an older revision before any is
    /// worked out anew, so that the old and the new are never held at once
    /// (at 10,000 touchpoints that was the peak of a session's memory).
    fn drop_stale_lists(&self, revision: u64) {
        if self
            .derived
            .borrow()
            .as_ref()
            .is_some_and(|(r, _)| *r != revision)
        {
            *self.derived.borrow_mut() = None;
        }
        if self
            .causes
            .borrow()
            .as_ref()
            .is_some_and(|(r, _)| *r != revision)
        {
            *self.causes.borrow_mut() = None;
        }
    }

    /// Whether the plan's and the causes' lists are held, for tests.
    #[cfg(test)]
    pub fn lists_held(&self) -> (bool, bool) {
        (
            self.derived.borrow().is_some(),
            self.causes.borrow().is_some(),
        )
    }

    /// The Causes view's rows for the map as it is now.
    pub fn causes(&self) -> Ref<'_, CausesList> {
        let revision = self.doc.revision();
        self.drop_stale_lists(revision);
        let stale = self.causes.borrow().is_none();
        if stale {
            *self.causes.borrow_mut() = Some((revision, CausesList::new(self.doc.map())));
        }
        Ref::map(self.causes.borrow(), |c| {
            &c.as_ref().expect("just filled").1
        })
    }

    /// How many findings and plan rows the map has, as it is now: what the
    /// board and the lists' selections need of them on every key.
    pub fn tally(&self) -> Ref<'_, Tally> {
        {
            let mut tally = self.tally.borrow_mut();
            match tally.as_mut() {
                Some(tally) => tally.follow(&self.doc, self.today),
                None => *tally = Some(Tally::new(&self.doc, self.today)),
            }
        }
        Ref::map(self.tally.borrow(), |t| t.as_ref().expect("just filled"))
    }

    /// Where touchpoint `id` is, found without a walk over the map where
    /// the tally knows (see `Tally::place_of`).
    pub fn place_of(&self, id: &TouchpointId) -> Option<Place> {
        drop(self.tally());
        let mut tally = self.tally.borrow_mut();
        let tally = tally.as_mut().expect("just brought up to date");
        tally.place_of(self.doc.map(), id)
    }

    /// Touchpoint `id`, found as `place_of` finds it.
    pub fn touchpoint(&self, id: &TouchpointId) -> Option<&Touchpoint> {
        let place = self.place_of(id)?;
        Some(&self.map().stages[place.stage].touchpoints[place.index])
    }

    pub fn new_group(&mut self) -> u64 {
        self.next_group += 1;
        self.next_group
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Info,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Error,
        });
    }

    /// The touchpoint selected on the board, if a card is selected.
    pub fn selected_touchpoint(&self) -> Option<&Touchpoint> {
        let stage = self.map().stages.get(self.selection.stage)?;
        stage.touchpoints.get(self.selection.card?).map(|t| &**t)
    }

    /// The context whose keys apply now: the top overlay's, or the view's.
    pub fn context(&self) -> Context {
        self.overlays
            .last()
            .map_or(self.view.context(), Overlay::context)
    }

    pub fn handle_event(&mut self, event: Event, now: Instant) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Mouse(mouse) => self.handle_mouse(mouse, now),
            Event::Paste(text) => self.handle_paste(&text),
            Event::Resize(width, height) => self.resize(width, height),
            _ => {}
        }
    }

    /// Lets the open layers show what changed in the map under them (a link
    /// chosen in the picker above an editor, a change merged from disk):
    /// once per change of the map, not once per key.
    fn refresh_overlays(&mut self) {
        let revision = self.doc.revision();
        if self.refreshed_revision != revision {
            self.refreshed_revision = revision;
            self.each_overlay(|overlay, app| overlay.refresh(app));
        }
    }

    /// Gives each open layer, bottom first, the app to act on; layers it
    /// opens meanwhile go on top.
    pub(super) fn each_overlay(&mut self, mut act: impl FnMut(&mut Overlay, &mut App)) {
        let mut overlays = std::mem::take(&mut self.overlays);
        for overlay in &mut overlays {
            act(overlay, self);
        }
        overlays.append(&mut self.overlays);
        self.overlays = overlays;
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.keep_in_view();
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        // A way for the end-to-end tests to check what a crash leaves behind;
        // only in the binary `cargo test` builds.
        #[cfg(feature = "test-hooks")]
        if key.code == KeyCode::F(12) && std::env::var_os("CXMAP_TEST_PANIC").is_some() {
            panic!("a panic asked for by CXMAP_TEST_PANIC");
        }
        // Over a slow link, Esc and the key after it can arrive together and
        // read as Alt+key. Where Alt means nothing, take them as the two keys.
        if key.modifiers == KeyModifiers::ALT && !self.context().takes_text() {
            self.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            self.handle_key(KeyEvent::new(key.code, KeyModifiers::NONE));
            return;
        }
        if layout::too_small(self.size) {
            self.key_while_too_small(key);
            return;
        }
        self.status = None;
        if !self.overlays.is_empty() {
            self.overlay_key(key);
        } else if let Some(action) = keys::action_for(self.view.context(), &key) {
            self.update(action);
        }
        self.keep_in_view();
        self.refresh_overlays();
    }

    /// While the window is too small to show anything but a note, a key
    /// may only quit (answering the quit question, which the note shows);
    /// everything else is hidden, so no key may change it.
    fn key_while_too_small(&mut self, key: KeyEvent) {
        if matches!(self.overlays.last(), Some(Overlay::ConfirmQuit)) {
            self.overlay_key(key);
        } else if keys::action_for(Context::Global, &key) == Some(Action::Quit) {
            // What is typed in a hidden editor goes into the map first, as
            // the recovery copy would take it, so that saving keeps it.
            self.flush_editors(false);
            self.request_quit();
        }
    }

    fn handle_paste(&mut self, text: &str) {
        if layout::too_small(self.size) {
            return;
        }
        if let Some(index) = self.overlays.len().checked_sub(1) {
            let mut overlay = self.overlays.remove(index);
            overlay.paste(text);
            self.overlays.insert(index, overlay);
        }
    }

    /// Gives a key to the top overlay, which may close itself or open others
    /// on top of it.
    fn overlay_key(&mut self, key: KeyEvent) {
        let index = self.overlays.len() - 1;
        let mut overlay = self.overlays.remove(index);
        let keep = overlay.handle_key(self, key);
        if keep {
            self.overlays
                .insert(index.min(self.overlays.len()), overlay);
        }
    }

    fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.request_quit(),
            Action::Save => self.save(false),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::NextView => self.cycle_view(1),
            Action::PrevView => self.cycle_view(View::ALL.len() - 1),
            Action::Help => self.overlays.push(Overlay::Help(0)),
            _ => match self.view {
                View::Board => self.board_action(action),
                View::Plan => self.plan_action(action),
                View::Checks => self.checks_action(action),
                View::Causes => self.causes_action(action),
            },
        }
    }

    fn cycle_view(&mut self, step: usize) {
        let at = View::ALL.iter().position(|v| *v == self.view).unwrap_or(0);
        self.view = View::ALL[(at + step) % View::ALL.len()];
    }

    /// Quits, asking first when there are unsaved changes.
    pub fn request_quit(&mut self) {
        if self.doc.is_modified() {
            self.overlays.push(Overlay::ConfirmQuit);
        } else {
            self.quit = true;
        }
    }

    /// Saves to the map's file; a map without one asks for a name first.
    /// A file changed on disk meanwhile is merged in first, never overwritten;
    /// where both changed the same thing, the conflicts are shown to settle.
    /// A change that lands while the save is writing is caught right before
    /// the file is replaced, merged in the same way, and the save tried again.
    pub fn save(&mut self, then_quit: bool) {
        if self.doc.path().is_none() {
            let prompt = Prompt::new(PromptPurpose::SaveAs { then_quit }, "");
            self.overlays.push(Overlay::Prompt(prompt));
            return;
        }
        const ATTEMPTS: usize = 3;
        let mut merged = false;
        for _ in 0..ATTEMPTS {
            let mut over_unloadable = false;
            match self.doc.sync_with_disk() {
                DiskChange::Merged { conflicts } if conflicts > 0 => {
                    self.overlays
                        .push(Overlay::Conflicts(ConflictList::new(true, then_quit)));
                    self.info("The file changed on disk; both sides changed the same things: choose, then it saves");
                    return;
                }
                DiskChange::Unreadable(error) if !self.force_save => {
                    self.force_save = true;
                    self.error(format!("The file changed on disk and does not load ({error}); {} again writes your version over it", save_key()));
                    return;
                }
                DiskChange::Unreadable(_) => over_unloadable = true,
                DiskChange::Elsewhere(why) => {
                    self.error(format!("Not saved: {why}. Your edits are kept."));
                    return;
                }
                DiskChange::Merged { .. } | DiskChange::Reloaded => merged = true,
                DiskChange::Unchanged => {}
            }
            let result = if over_unloadable {
                self.doc.save_over_unloadable()
            } else {
                self.doc.save(None)
            };
            match result {
                Ok(path) => {
                    self.force_save = false;
                    self.saved(&path, then_quit);
                    if merged && self.map().conflicts.is_empty() {
                        self.info(format!(
                            "Saved {}, with the changes made on disk merged in",
                            path.display()
                        ));
                    }
                    return;
                }
                // Someone wrote the file while it was being saved: bring
                // that in too, and try again.
                Err(error) if error.changed_on_disk() => continue,
                Err(error) => {
                    self.error(format!(
                        "Not saved: {}. The file is unchanged; your edits are kept.",
                        error.reason()
                    ));
                    return;
                }
            }
        }
        self.error(format!(
            "Not saved: the file kept changing on disk while saving ({ATTEMPTS} tries). \
             Your edits are kept; {} tries again.",
            save_key()
        ));
    }

    /// Saves the map under a new name (the caller made sure no file is
    /// there), then quits if asked to.
    pub fn save_as(&mut self, path: &std::path::Path, then_quit: bool) -> Result<(), SaveError> {
        let path = self.doc.save(Some(path))?;
        self.saved(&path, then_quit);
        Ok(())
    }

    /// After a save (to the map's file, or under a new name): nothing is left
    /// to recover.
    fn saved(&mut self, path: &std::path::Path, then_quit: bool) {
        self.remove_recovery();
        let open = self.map().conflicts.len();
        let unsettled = match open {
            0 => String::new(),
            1 => "; 1 conflict is kept in it to settle (Checks view)".to_owned(),
            n => format!("; {n} conflicts are kept in it to settle (Checks view)"),
        };
        self.info(format!("Saved {}{unsettled}", path.display()));
        if then_quit {
            self.quit = true;
        }
    }

    /// Undoes the last edit, wherever it was made (the board, or a list
    /// over it such as the personas').
    pub(crate) fn undo(&mut self) {
        match self.doc.undo() {
            Some((label, focus)) => {
                self.refocus(focus);
                self.info(format!("Undone: {label}"));
            }
            None => self.info("Nothing to undo"),
        }
    }

    pub(crate) fn redo(&mut self) {
        match self.doc.redo() {
            Some((label, focus)) => {
                self.refocus(focus);
                self.info(format!("Redone: {label}"));
            }
            None => self.info("Nothing to redo"),
        }
    }

    fn refocus(&mut self, focus: Option<Focus>) {
        match focus {
            Some(Focus::Touchpoint(id)) => self.select_touchpoint(&id),
            Some(Focus::Stage(id)) => {
                if let Some(stage) = self.map().stage_index(&id) {
                    self.selection = super::app::Selection { stage, card: None };
                }
            }
            None => {}
        }
        self.clamp_selection();
    }

    pub fn select_touchpoint(&mut self, id: &crate::model::TouchpointId) {
        if let Some(place) = self.place_of(id) {
            self.selection = Selection {
                stage: place.stage,
                card: Some(place.index),
            };
            self.reveal_selection();
        }
    }

    /// Keeps the selection pointing at something that exists.
    fn clamp_selection(&mut self) {
        let stages = &self.doc.map().stages;
        if stages.is_empty() {
            self.selection = Selection::default();
            return;
        }
        self.selection.stage = self.selection.stage.min(stages.len() - 1);
        let cards = stages[self.selection.stage].touchpoints.len();
        self.selection.card = match self.selection.card {
            Some(_) if cards == 0 => None,
            Some(card) => Some(card.min(cards - 1)),
            None => None,
        };
        self.keep_selection_shown();
    }

    /// The screen's parts for `area`: the footer as tall as the message it
    /// shows (up to four rows), taken from the body.
    pub fn screen(&self, area: Rect) -> Screen {
        let rows = self.status.as_ref().map_or(1, |s| {
            let lines = crate::text::wrap(&s.text, usize::from(area.width.saturating_sub(2)));
            u16::try_from(lines.len()).unwrap_or(4)
        });
        Screen::with_footer(area, rows)
    }

    /// Scrolls the board and the lists so that their selections are on screen.
    fn keep_in_view(&mut self) {
        self.clamp_selection();
        let screen = self.screen(self.size);
        let areas = BoardAreas::new(screen.body, self.details_shown());
        let fit = layout::columns_that_fit(areas.board.width);
        let new_stage = self.new_stage_column();
        let focus = new_stage.unwrap_or(self.selection.stage);
        let columns = self.map().stages.len() + usize::from(new_stage.is_some());
        self.board_scroll.stages = layout::turn_page(self.board_scroll.stages, focus, fit)
            .min(columns.saturating_sub(fit));
        if self.view == View::Board && !layout::too_small(self.size) {
            self.keep_card_in_view(screen.body);
        }
        let list_height = usize::from(layout::list_areas(screen.body).1.height);
        let plan_len = self.tally().plan_rows();
        let checks_len = self.checks_len();
        self.plan_selected = self.plan_selected.min(plan_len.saturating_sub(1));
        self.plan_scroll = layout::list_scroll(self.plan_scroll, self.plan_selected, list_height);
        self.checks_selected = self.checks_selected.min(checks_len.saturating_sub(1));
        self.checks_scroll =
            layout::list_scroll(self.checks_scroll, self.checks_selected, list_height);
        // Counted only while shown: following causes walks the whole map.
        if self.view == View::Causes {
            let causes_len = self.causes().rows.len();
            self.causes_selected = self.causes_selected.min(causes_len.saturating_sub(1));
            self.causes_scroll =
                layout::list_scroll(self.causes_scroll, self.causes_selected, list_height);
        }
    }

    /// Moves the board's card row (by pages) so that the selected card, or
    /// the one being typed in place, is on screen; the row stays where the
    /// selected stage's cards all fit.
    fn keep_card_in_view(&mut self, body: Rect) {
        let (_, geometry) = self.board_geometry(body);
        let stage = self.selection.stage;
        let Some(column) = geometry
            .columns
            .iter()
            .find(|c| c.kind == ColumnKind::Stage(stage))
        else {
            return;
        };
        let cards = self.column_cards(stage, &geometry.shown[stage]);
        if cards.count > geometry.cards_that_fit(column) {
            self.board_scroll.cards = geometry.window(column, cards.count, cards.focus).first;
        }
    }

    /// What stage `s`'s column holds besides the cards it `shown`: the card
    /// being typed in place, if it goes there, and which card is kept in
    /// view; for drawing the column and for scrolling it alike.
    pub fn column_cards(&self, s: usize, shown: &[usize]) -> ColumnCards {
        let new_at = match self.overlays.last() {
            Some(Overlay::Prompt(Prompt {
                purpose: PromptPurpose::NewTouchpoint { stage, index },
                ..
            })) if self.map().stage_index(stage) == Some(s) => {
                Some(shown.iter().filter(|&&c| c < *index).count())
            }
            _ => None,
        };
        let focus = match new_at {
            Some(at) => Some(at),
            None if self.selection.stage == s => self
                .selection
                .card
                .and_then(|c| shown.iter().position(|&x| x == c)),
            None => None,
        };
        ColumnCards {
            count: shown.len() + usize::from(new_at.is_some()),
            focus,
            new_at,
        }
    }

    /// The tabs on the title bar and where each sits: for drawing and for
    /// clicks alike.
    pub fn tabs(&self, title: Rect) -> Vec<(View, String, Rect)> {
        let labels: Vec<String> = View::ALL
            .iter()
            .map(|v| match v {
                View::Board => " Board ".to_owned(),
                View::Plan => " Plan ".to_owned(),
                // Every entry, whatever the view's filter lists.
                View::Checks => format!(
                    " Checks {} ",
                    self.map().conflicts.len() + self.tally().findings()
                ),
                View::Causes => " Causes ".to_owned(),
            })
            .collect();
        let rects = layout::tab_rects(title, &labels);
        View::ALL
            .into_iter()
            .zip(labels)
            .zip(rects)
            .map(|((view, label), rect)| (view, label, rect))
            .collect()
    }

    /// The board's parts and columns in `body`, as drawn and as clicked.
    pub fn board_geometry(&self, body: Rect) -> (BoardAreas, layout::BoardGeometry) {
        let areas = BoardAreas::new(body, self.details_shown());
        let geometry = layout::BoardGeometry::new(
            areas.board,
            self.map(),
            self.board_scroll,
            self.new_stage_column(),
            self.shown_cards(),
        );
        (areas, geometry)
    }

    /// The stage and card (or `None` for the stage's header) drawn at `x`,
    /// `y` of the board in `body`.
    pub fn card_at(&self, body: Rect, x: u16, y: u16) -> Option<(usize, Option<usize>)> {
        let (_, geometry) = self.board_geometry(body);
        geometry.card_at(x, y, |s| {
            (self.selection.stage == s)
                .then_some(self.selection.card)
                .flatten()
        })
    }

    /// Whether the details pane is on screen: the user's choice once made;
    /// until then, in windows with room for it beside or under the board. At
    /// 80x24 it starts hidden (i shows it), so that a cursor move over a slow
    /// link redraws a few cells rather than a pane of text.
    pub fn details_shown(&self) -> bool {
        self.show_details
            .unwrap_or_else(|| layout::details_fit(Screen::new(self.size).body))
    }

    /// Where a stage being named is drawn, if one is.
    fn new_stage_column(&self) -> Option<usize> {
        match self.overlays.last() {
            Some(Overlay::Prompt(Prompt {
                purpose: PromptPurpose::NewStage { index },
                ..
            })) => Some(*index),
            _ => None,
        }
    }
}

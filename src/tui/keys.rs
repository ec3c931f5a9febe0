//! The one key table. Every binding the app answers to is a row here, with
//! the action it triggers, where it applies and what it does; the footer hints
//! and the help screen are generated from it, so they cannot disagree with it.

use crate::model::{Basis, Code, Principle, Wish};
use crate::tui::filter::BoardFilter;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for; `update` and the overlays give it meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    Save,
    Undo,
    Redo,
    NextView,
    PrevView,
    Help,
    Left,
    Right,
    Up,
    Down,
    First,
    Last,
    PageUp,
    PageDown,
    AddTouchpoint,
    AddStage,
    Edit,
    Wish,
    EmotionUp,
    EmotionDown,
    EmotionNeutral,
    EmotionClear,
    MoveLeft,
    MoveRight,
    MoveUp,
    MoveDown,
    Delete,
    Find,
    ToggleDetails,
    ToggleDone,
    SetOwner,
    SetDue,
    AddAction,
    Open,
    EditMap,
    /// Opens the choice of a filter (the board's, or the Checks view's code).
    FilterMenu,
    /// Turns the view's filter off.
    ClearFilter,
    /// The Checks view: only the next stage's findings.
    StageFilter,
    // In overlays.
    Confirm,
    Cancel,
    NextField,
    PrevField,
    NextMatch,
    PrevMatch,
    SaveAndQuit,
    DiscardAndQuit,
    ClearValue,
    Answer,
    KeepOurs,
    TakeTheirs,
    KeepAllOurs,
    TakeAllTheirs,
    Restore,
    ShowDifferences,
    Discard,
    /// A board filter chosen, or `None`: no filter.
    PickFilter(Option<BoardFilter>),
    /// A check code chosen for the Checks view, or `None`: every code.
    PickCode(Option<Code>),
    // On the editors' fields.
    SetWish(Wish),
    SetBasis(Basis),
    SetPrinciple(Principle),
    TogglePrinciple(Principle),
    PrevChoice,
    NextChoice,
    ToggleChoice,
    Link,
    NewLine,
    /// The board in present mode: one stage at a time, full screen.
    Present,
    /// The list of personas: which curves the lane draws, and the personas
    /// themselves.
    Personas,
    AddPersona,
    /// A persona's line of description.
    Describe,
    // In text fields: what `input.rs` (ratatui-textarea) does with them.
    CharBack,
    CharForward,
    WordBack,
    WordForward,
    LineStart,
    LineEnd,
    DeleteChar,
    ClearToStart,
    ClearToEnd,
    DeleteWordBack,
}

/// Where a binding applies. Views first, then the overlays that take keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Global,
    Board,
    Plan,
    Checks,
    /// The root causes, ranked, each with the touchpoints it explains.
    Causes,
    /// Either editor, whatever field has the focus.
    Form,
    // The editors' fields that take keys of their own: a field's keys come
    // before the form's.
    WishField,
    EmotionField,
    ToBeField,
    /// The personas' own scores: a cell per persona and score.
    PersonaField,
    BasisField,
    AtRiskField,
    RootCauseField,
    LinesField,
    ActionField,
    AddActionField,
    PrincipleField,
    DoneField,
    /// Any text field: a prompt's, or an editor's field being typed in. Its
    /// rows are for help: `input.rs` gives the keys to the text area.
    Text,
    Input,
    List,
    Wish,
    /// Choosing what the board shows.
    BoardFilter,
    /// Choosing the check code the Checks view lists.
    ChecksFilter,
    Quit,
    DeleteStage,
    Help,
    Conflicts,
    Recover,
    /// Present mode: one stage at a time, full screen, for a workshop room.
    Present,
    /// The list of personas.
    Personas,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Board => "Board",
            Context::Plan => "Plan (the EDUNI checklist)",
            Context::Checks => "Checks",
            Context::Causes => "Causes (root causes, most pain explained first)",
            Context::Form => "Editing a touchpoint or action",
            Context::WishField => "Editor, on the wish",
            Context::EmotionField => "Editor, on the emotion",
            Context::ToBeField => "Editor, on the to-be emotion (the team's aim)",
            Context::PersonaField => "Editor, on the personas' own scores",
            Context::BasisField => "Editor, on the basis",
            Context::AtRiskField => "Editor, on the principles at risk",
            Context::RootCauseField => "Editor, on the root cause",
            Context::LinesField => "Editor, in a text of several lines",
            Context::ActionField => "Editor, on one of the touchpoint's actions",
            Context::AddActionField => "Editor, on + add an action",
            Context::PrincipleField => "Action editor, on the principle",
            Context::DoneField => "Action editor, on done",
            Context::Text => "In any text field (typing replaces a prompt's value just opened)",
            Context::Input => "Typing a name, a date, a search",
            Context::List => "Choosing from a list",
            Context::Wish => "Choosing a wish category",
            Context::BoardFilter => "Choosing what the board shows",
            Context::ChecksFilter => "Choosing the check the Checks view lists",
            Context::Quit => "Quitting with unsaved changes",
            Context::DeleteStage => "Deleting a stage that has touchpoints",
            Context::Help => "In this help",
            Context::Conflicts => "Settling what both sides changed",
            Context::Recover => "Unsaved edits found from last time",
            Context::Present => "Presenting the journey, a stage at a time",
            Context::Personas => "Personas: whose curves the lane draws",
        }
    }

    /// Whether keys here may be typed text, where Alt+letter means something
    /// (a word left or right).
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Form | Context::Input | Context::List)
    }

    /// The views, whose keys include the global ones.
    pub fn is_view(self) -> bool {
        matches!(
            self,
            Context::Board | Context::Plan | Context::Checks | Context::Causes
        )
    }

    /// The order of the help screen.
    pub const ALL: [Context; 31] = [
        Context::Global,
        Context::Board,
        Context::Plan,
        Context::Checks,
        Context::Causes,
        Context::Form,
        Context::WishField,
        Context::EmotionField,
        Context::ToBeField,
        Context::PersonaField,
        Context::BasisField,
        Context::AtRiskField,
        Context::RootCauseField,
        Context::LinesField,
        Context::ActionField,
        Context::AddActionField,
        Context::PrincipleField,
        Context::DoneField,
        Context::Text,
        Context::Input,
        Context::List,
        Context::Wish,
        Context::BoardFilter,
        Context::ChecksFilter,
        Context::Quit,
        Context::DeleteStage,
        Context::Conflicts,
        Context::Recover,
        Context::Present,
        Context::Personas,
        Context::Help,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
    /// A letter taken in either case (with Shift or Caps Lock), written in
    /// its lower case.
    pub either_case: bool,
}

const fn key(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
        either_case: false,
    }
}

/// A letter that means the same in either case, where no capital means
/// anything else (the editors' fields).
const fn letter(c: char) -> Key {
    Key {
        either_case: true,
        ..key(c)
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        mods: KeyModifiers::CONTROL,
        ..key(c)
    }
}

const fn alt(c: char) -> Key {
    Key {
        mods: KeyModifiers::ALT,
        ..key(c)
    }
}

const fn ctrl_code(code: KeyCode) -> Key {
    Key {
        mods: KeyModifiers::CONTROL,
        ..self::code(code)
    }
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
        either_case: false,
    }
}

const fn shift(code: KeyCode) -> Key {
    Key {
        mods: KeyModifiers::SHIFT,
        ..self::code(code)
    }
}

impl Key {
    /// How the key is written in hints and help.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "Shift+Tab".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Delete => "Del".to_owned(),
            KeyCode::Backspace => "Backspace".to_owned(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl+{}", base.to_uppercase())
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("Alt+{}", base.to_uppercase())
        } else if self.mods.contains(KeyModifiers::SHIFT) {
            format!("Shift+{base}")
        } else {
            base
        }
    }

    fn matches(self, event: &KeyEvent) -> bool {
        let mut mods = event.modifiers;
        let mut code = event.code;
        if let KeyCode::Char(c) = code {
            // The character already says whether Shift was held ('H', '?', '+'),
            // and terminals disagree on whether they also report SHIFT.
            mods.remove(KeyModifiers::SHIFT);
            if mods.contains(KeyModifiers::CONTROL) || self.either_case {
                code = KeyCode::Char(c.to_ascii_lowercase());
            }
        }
        if code == KeyCode::BackTab {
            mods.remove(KeyModifiers::SHIFT);
        }
        code == self.code && mods == self.mods
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub context: Context,
    /// What the binding does, for the help screen.
    pub help: &'static str,
    /// A few words for the footer, for the bindings worth a hint there.
    pub hint: Option<&'static str>,
}

macro_rules! bind {
    ($context:ident, [$($key:expr),+], $action:ident $(($value:expr))?, $help:literal) => {
        Binding { keys: &[$($key),+], action: Action::$action $(($value))?, context: Context::$context, help: $help, hint: None }
    };
    ($context:ident, [$($key:expr),+], $action:ident $(($value:expr))?, $help:literal, $hint:literal) => {
        Binding { keys: &[$($key),+], action: Action::$action $(($value))?, context: Context::$context, help: $help, hint: Some($hint) }
    };
}

use KeyCode::{
    BackTab, Backspace, Delete, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Tab,
    Up,
};

/// Every key binding of the app, in the order help shows them.
pub static BINDINGS: &[Binding] = &[
    bind!(
        Global,
        [ctrl('s')],
        Save,
        "save (atomically: a failed save leaves the file whole)",
        "save"
    ),
    bind!(
        Global,
        [key('u'), ctrl('z')],
        Undo,
        "undo, as far back as the session goes",
        "undo"
    ),
    bind!(Global, [ctrl('r'), ctrl('y')], Redo, "redo what was undone"),
    bind!(
        Global,
        [code(Tab)],
        NextView,
        "next view: Board, Plan, Checks, Causes"
    ),
    bind!(Global, [code(BackTab)], PrevView, "previous view"),
    bind!(Global, [key('?')], Help, "this help", "help"),
    bind!(
        Global,
        [key('q'), ctrl('c')],
        Quit,
        "quit (asks first when there are unsaved changes)",
        "quit"
    ),
    bind!(Board, [code(Left), key('h')], Left, "previous stage"),
    bind!(Board, [code(Right), key('l')], Right, "next stage"),
    bind!(
        Board,
        [code(Up), key('k')],
        Up,
        "previous touchpoint (from the first: the stage itself)"
    ),
    bind!(Board, [code(Down), key('j')], Down, "next touchpoint"),
    bind!(
        Board,
        [key('g'), code(Home)],
        First,
        "first touchpoint of the journey"
    ),
    bind!(
        Board,
        [key('G'), code(End)],
        Last,
        "last touchpoint of the journey"
    ),
    bind!(
        Board,
        [key('a')],
        AddTouchpoint,
        "add a touchpoint after the selected one",
        "add"
    ),
    bind!(
        Board,
        [key('A')],
        AddStage,
        "add a stage after the current one",
        "stage"
    ),
    bind!(
        Board,
        [code(Enter), key('e')],
        Edit,
        "edit the touchpoint's fields, or rename the stage",
        "edit"
    ),
    bind!(Board, [key('w')], Wish, "set the wish category", "wish"),
    bind!(
        Board,
        [key('+'), key('=')],
        EmotionUp,
        "emotion one step better",
        "emotion"
    ),
    bind!(Board, [key('-')], EmotionDown, "emotion one step worse"),
    bind!(Board, [key('0')], EmotionNeutral, "emotion neutral (0)"),
    bind!(
        Board,
        [key('x')],
        EmotionClear,
        "clear the emotion (unscored)"
    ),
    bind!(
        Board,
        [key('H'), shift(Left)],
        MoveLeft,
        "move the touchpoint (or stage) to the previous stage",
        "move"
    ),
    bind!(
        Board,
        [key('L'), shift(Right)],
        MoveRight,
        "move the touchpoint (or stage) to the next stage"
    ),
    bind!(
        Board,
        [key('K'), shift(Up)],
        MoveUp,
        "move the touchpoint up in its stage"
    ),
    bind!(
        Board,
        [key('J'), shift(Down)],
        MoveDown,
        "move the touchpoint down in its stage"
    ),
    bind!(
        Board,
        [key('d'), code(Delete)],
        Delete,
        "delete the touchpoint (or the stage); undo brings it back",
        "delete"
    ),
    bind!(Board, [key('/')], Find, "find a touchpoint by name", "find"),
    bind!(
        Board,
        [key('T')],
        EditMap,
        "edit the map's title, then its persona"
    ),
    bind!(
        Board,
        [key('i')],
        ToggleDetails,
        "show or hide the details pane"
    ),
    bind!(
        Board,
        [key('p')],
        Present,
        "present the journey full screen, a stage at a time"
    ),
    bind!(
        Board,
        [key('f')],
        FilterMenu,
        "show only pain points, unheard cards, a wish or a check",
        "filter"
    ),
    bind!(Board, [code(Esc)], ClearFilter, "clear the filter"),
    bind!(
        Board,
        [key('P')],
        Personas,
        "personas: whose curves show; add, rename, remove"
    ),
    bind!(Personas, [code(Up), key('k')], Up, "previous persona"),
    bind!(Personas, [code(Down), key('j')], Down, "next persona"),
    bind!(Personas, [key('g'), code(Home)], First, "first persona"),
    bind!(Personas, [key('G'), code(End)], Last, "last persona"),
    bind!(
        Personas,
        [key(' ')],
        ToggleChoice,
        "draw its curve or not (five at most)",
        "curve"
    ),
    bind!(Personas, [key('a')], AddPersona, "add a persona", "add"),
    bind!(
        Personas,
        [code(Enter), key('e')],
        Edit,
        "rename it",
        "rename"
    ),
    bind!(
        Personas,
        [key('t')],
        Describe,
        "its line of description",
        "describe"
    ),
    bind!(
        Personas,
        [key('K'), shift(Up)],
        MoveUp,
        "move it up the list"
    ),
    bind!(
        Personas,
        [key('J'), shift(Down)],
        MoveDown,
        "move it down the list"
    ),
    bind!(
        Personas,
        [key('d'), code(Delete)],
        Delete,
        "remove it and its scores (undo brings them back)",
        "remove"
    ),
    bind!(
        Personas,
        [key('u'), ctrl('z')],
        Undo,
        "undo (a removed persona comes back with its scores)"
    ),
    bind!(
        Personas,
        [ctrl('r'), ctrl('y')],
        Redo,
        "redo what was undone"
    ),
    bind!(
        Personas,
        [code(Esc), key('q'), key('P')],
        Cancel,
        "close the list",
        "close"
    ),
    bind!(Plan, [code(Up), key('k')], Up, "previous item"),
    bind!(Plan, [code(Down), key('j')], Down, "next item"),
    bind!(Plan, [key('g'), code(Home)], First, "first item"),
    bind!(Plan, [key('G'), code(End)], Last, "last item"),
    bind!(Plan, [code(PageUp)], PageUp, "a page up"),
    bind!(Plan, [code(PageDown)], PageDown, "a page down"),
    bind!(
        Plan,
        [key(' ')],
        ToggleDone,
        "tick the action done, or open again",
        "done"
    ),
    bind!(
        Plan,
        [key('o')],
        SetOwner,
        "set the action's owner",
        "owner"
    ),
    bind!(
        Plan,
        [key('t')],
        SetDue,
        "set the action's due date (YYYY-MM-DD)",
        "due"
    ),
    bind!(
        Plan,
        [key('n')],
        AddAction,
        "add an action under this principle",
        "new"
    ),
    bind!(
        Plan,
        [code(Enter)],
        Open,
        "show the item's touchpoint on the board",
        "go to"
    ),
    bind!(Checks, [code(Up), key('k')], Up, "previous finding"),
    bind!(Checks, [code(Down), key('j')], Down, "next finding"),
    bind!(Checks, [key('g'), code(Home)], First, "first finding"),
    bind!(Checks, [key('G'), code(End)], Last, "last finding"),
    bind!(Checks, [code(PageUp)], PageUp, "a page up"),
    bind!(Checks, [code(PageDown)], PageDown, "a page down"),
    bind!(
        Checks,
        [code(Enter)],
        Open,
        "show the finding's touchpoint on the board",
        "go to"
    ),
    bind!(
        Checks,
        [key('f')],
        FilterMenu,
        "filter: only the findings of one check",
        "filter"
    ),
    bind!(
        Checks,
        [key('s')],
        StageFilter,
        "only the next stage's findings (after the last: all)"
    ),
    bind!(Checks, [code(Esc)], ClearFilter, "clear the filter"),
    bind!(Causes, [code(Up), key('k')], Up, "previous row"),
    bind!(Causes, [code(Down), key('j')], Down, "next row"),
    bind!(Causes, [key('g'), code(Home)], First, "first row"),
    bind!(Causes, [key('G'), code(End)], Last, "last row"),
    bind!(Causes, [code(PageUp)], PageUp, "a page up"),
    bind!(Causes, [code(PageDown)], PageDown, "a page down"),
    bind!(
        Causes,
        [code(Enter)],
        Open,
        "show it on the board (a text cause: its first touchpoint)",
        "go to"
    ),
    bind!(
        Form,
        [code(Tab), code(Down)],
        NextField,
        "next field (↓ moves inside text of several lines)",
        "next"
    ),
    bind!(
        Form,
        [code(BackTab), code(Up)],
        PrevField,
        "previous field",
        "previous"
    ),
    bind!(
        Form,
        [code(Enter)],
        Confirm,
        "next field (some fields: their own, below)"
    ),
    bind!(
        Form,
        [code(Esc)],
        Cancel,
        "close; changes are kept, one undo takes them back",
        "done"
    ),
    bind!(
        Form,
        [ctrl('s')],
        Save,
        "save the map, with what is typed in this field"
    ),
    bind!(
        Form,
        [code(F(1))],
        Help,
        "the keys of this field and of the editor"
    ),
    bind!(
        WishField,
        [letter('c')],
        SetWish(Wish::Conscious),
        "Conscious: says it, and it adds value",
        "choose"
    ),
    bind!(
        WishField,
        [letter('s')],
        SetWish(Wish::Subconscious),
        "Subconscious: never says it, but it adds value",
        "choose"
    ),
    bind!(
        WishField,
        [letter('d')],
        SetWish(Wish::Deception),
        "Deception: says it, but it adds nothing",
        "choose"
    ),
    bind!(
        WishField,
        [letter('i')],
        SetWish(Wish::Invisible),
        "Invisible: never says it, and it adds nothing",
        "choose"
    ),
    bind!(
        WishField,
        [code(Left)],
        PrevChoice,
        "the category before (the first: not decided)",
        "step"
    ),
    bind!(
        WishField,
        [code(Right)],
        NextChoice,
        "the category after",
        "step"
    ),
    bind!(
        WishField,
        [letter('x'), code(Backspace), code(Delete)],
        ClearValue,
        "not decided yet",
        "undecided"
    ),
    bind!(WishField, [key('?')], Help, "these keys"),
    bind!(
        EmotionField,
        [key('+'), key('='), code(Right)],
        EmotionUp,
        "one step better",
        "step"
    ),
    bind!(
        EmotionField,
        [key('-'), code(Left)],
        EmotionDown,
        "one step worse",
        "step"
    ),
    bind!(
        EmotionField,
        [key('0')],
        EmotionNeutral,
        "neutral (0)",
        "neutral"
    ),
    bind!(
        EmotionField,
        [letter('x'), code(Backspace), code(Delete)],
        EmotionClear,
        "not scored",
        "unscored"
    ),
    bind!(EmotionField, [key('?')], Help, "these keys"),
    bind!(
        ToBeField,
        [key('+'), key('='), code(Right)],
        EmotionUp,
        "aim one step higher",
        "step"
    ),
    bind!(
        ToBeField,
        [key('-'), code(Left)],
        EmotionDown,
        "aim one step lower",
        "step"
    ),
    bind!(
        ToBeField,
        [key('0')],
        EmotionNeutral,
        "aim at neutral (0)",
        "neutral"
    ),
    bind!(
        ToBeField,
        [letter('x'), code(Backspace), code(Delete)],
        EmotionClear,
        "no aim",
        "no aim"
    ),
    bind!(ToBeField, [key('?')], Help, "these keys"),
    bind!(
        PersonaField,
        [code(Left)],
        PrevChoice,
        "the score before (a persona's emotion, then its aim)",
        "move"
    ),
    bind!(
        PersonaField,
        [code(Right)],
        NextChoice,
        "the score after",
        "move"
    ),
    bind!(
        PersonaField,
        [key('+'), key('=')],
        EmotionUp,
        "this persona's score one step higher",
        "step"
    ),
    bind!(
        PersonaField,
        [key('-')],
        EmotionDown,
        "this persona's score one step lower",
        "step"
    ),
    bind!(
        PersonaField,
        [key('0')],
        EmotionNeutral,
        "this persona's score neutral (0)",
        "neutral"
    ),
    bind!(
        PersonaField,
        [letter('x'), code(Backspace), code(Delete)],
        EmotionClear,
        "back to the map-wide score",
        "map-wide"
    ),
    bind!(PersonaField, [key('?')], Help, "these keys"),
    bind!(
        BasisField,
        [letter('r')],
        SetBasis(Basis::Research),
        "research: heard from customers",
        "research"
    ),
    bind!(
        BasisField,
        [letter('a')],
        SetBasis(Basis::Assumption),
        "assumption: what the team believes",
        "assumption"
    ),
    bind!(
        BasisField,
        [code(Left)],
        PrevChoice,
        "the other basis",
        "switch"
    ),
    bind!(
        BasisField,
        [code(Right), key(' ')],
        NextChoice,
        "the other basis",
        "switch"
    ),
    bind!(BasisField, [key('?')], Help, "these keys"),
    bind!(
        AtRiskField,
        [key('1')],
        TogglePrinciple(Principle::Respond),
        "Respond at risk, or not",
        "toggle"
    ),
    bind!(
        AtRiskField,
        [key('2')],
        TogglePrinciple(Principle::Competent),
        "Competent at risk, or not",
        "toggle"
    ),
    bind!(
        AtRiskField,
        [key('3')],
        TogglePrinciple(Principle::Fast),
        "Fast at risk, or not",
        "toggle"
    ),
    bind!(
        AtRiskField,
        [key('4')],
        TogglePrinciple(Principle::Friendly),
        "Friendly at risk, or not",
        "toggle"
    ),
    bind!(
        AtRiskField,
        [key('5')],
        TogglePrinciple(Principle::History),
        "History at risk, or not",
        "toggle"
    ),
    bind!(
        AtRiskField,
        [key('6')],
        TogglePrinciple(Principle::Social),
        "Social at risk, or not",
        "toggle"
    ),
    bind!(
        AtRiskField,
        [key(' ')],
        ToggleChoice,
        "the principle under the cursor at risk, or not",
        "toggle"
    ),
    bind!(
        AtRiskField,
        [code(Left)],
        PrevChoice,
        "cursor to the previous principle",
        "move"
    ),
    bind!(
        AtRiskField,
        [code(Right)],
        NextChoice,
        "cursor to the next principle",
        "move"
    ),
    bind!(AtRiskField, [key('?')], Help, "these keys"),
    bind!(
        RootCauseField,
        [code(Enter)],
        Link,
        "choose the touchpoint that causes this one",
        "links another touchpoint"
    ),
    bind!(
        RootCauseField,
        [code(Backspace), code(Delete)],
        ClearValue,
        "clear a linked cause (typing replaces it)",
        "on a link clears it"
    ),
    bind!(LinesField, [code(Enter)], NewLine, "a new line"),
    bind!(
        ActionField,
        [code(Enter)],
        Edit,
        "edit the action: owner, due date, follow-up",
        "edits"
    ),
    bind!(
        ActionField,
        [key(' ')],
        ToggleDone,
        "tick the action done, or open again",
        "done/open"
    ),
    bind!(
        ActionField,
        [letter('d'), code(Backspace), code(Delete)],
        Delete,
        "delete the action",
        "deletes"
    ),
    bind!(ActionField, [key('?')], Help, "these keys"),
    bind!(
        AddActionField,
        [code(Enter)],
        AddAction,
        "add an action for the first principle at risk",
        "adds an action"
    ),
    bind!(AddActionField, [key('?')], Help, "these keys"),
    bind!(
        PrincipleField,
        [key('1')],
        SetPrinciple(Principle::Respond),
        "Respond",
        "choose"
    ),
    bind!(
        PrincipleField,
        [key('2')],
        SetPrinciple(Principle::Competent),
        "Competent",
        "choose"
    ),
    bind!(
        PrincipleField,
        [key('3')],
        SetPrinciple(Principle::Fast),
        "Fast",
        "choose"
    ),
    bind!(
        PrincipleField,
        [key('4')],
        SetPrinciple(Principle::Friendly),
        "Friendly",
        "choose"
    ),
    bind!(
        PrincipleField,
        [key('5')],
        SetPrinciple(Principle::History),
        "History",
        "choose"
    ),
    bind!(
        PrincipleField,
        [key('6')],
        SetPrinciple(Principle::Social),
        "Social",
        "choose"
    ),
    bind!(
        PrincipleField,
        [code(Left)],
        PrevChoice,
        "the principle before",
        "step"
    ),
    bind!(
        PrincipleField,
        [code(Right)],
        NextChoice,
        "the principle after",
        "step"
    ),
    bind!(PrincipleField, [key('?')], Help, "these keys"),
    bind!(
        DoneField,
        [key(' '), code(Left), code(Right)],
        ToggleDone,
        "tick the action done, or open again",
        "ticks it done or open"
    ),
    bind!(DoneField, [key('?')], Help, "these keys"),
    bind!(Text, [code(Left), ctrl('b')], CharBack, "a character left"),
    bind!(
        Text,
        [code(Right), ctrl('f')],
        CharForward,
        "a character right"
    ),
    bind!(Text, [ctrl_code(Left), alt('b')], WordBack, "a word left"),
    bind!(
        Text,
        [ctrl_code(Right), alt('f')],
        WordForward,
        "a word right"
    ),
    bind!(Text, [code(Home), ctrl('a')], LineStart, "to the start"),
    bind!(Text, [code(End), ctrl('e')], LineEnd, "to the end"),
    bind!(
        Text,
        [code(Backspace), code(Delete)],
        DeleteChar,
        "delete the character before or after the cursor"
    ),
    bind!(
        Text,
        [ctrl('u')],
        ClearToStart,
        "clear to the start (all of a prompt's value just opened)"
    ),
    bind!(Text, [ctrl('k')], ClearToEnd, "clear to the end"),
    bind!(
        Text,
        [ctrl('w')],
        DeleteWordBack,
        "delete the word before the cursor (or Alt+Backspace)"
    ),
    bind!(Input, [code(Enter)], Confirm, "confirm", "confirm"),
    bind!(Input, [code(Esc)], Cancel, "cancel", "cancel"),
    bind!(
        Input,
        [code(Down), ctrl('n')],
        NextMatch,
        "find: next match"
    ),
    bind!(
        Input,
        [code(Up), ctrl('p')],
        PrevMatch,
        "find: previous match"
    ),
    bind!(List, [code(Up)], Up, "previous entry"),
    bind!(List, [code(Down)], Down, "next entry"),
    bind!(List, [code(Enter)], Confirm, "choose", "choose"),
    bind!(List, [code(Esc)], Cancel, "cancel", "cancel"),
    bind!(
        Wish,
        [key('c'), key('s'), key('d'), key('i')],
        Confirm,
        "choose Conscious, Subconscious, Deception or Invisible",
        "pick"
    ),
    bind!(
        Wish,
        [key('y'), key('n')],
        Answer,
        "answer the two questions instead: says it? adds value?",
        "answer"
    ),
    bind!(
        Wish,
        [key('x'), code(Backspace)],
        ClearValue,
        "not decided yet",
        "clear"
    ),
    bind!(Wish, [code(Esc)], Cancel, "cancel", "cancel"),
    bind!(
        BoardFilter,
        [key('p')],
        PickFilter(Some(BoardFilter::Pain)),
        "pain points (emotion below 0)"
    ),
    bind!(
        BoardFilter,
        [key('w')],
        PickFilter(Some(BoardFilter::NoWords)),
        "without customer words (no verbatims)"
    ),
    bind!(
        BoardFilter,
        [key('c')],
        PickFilter(Some(BoardFilter::Wish(Some(Wish::Conscious)))),
        "wish Conscious"
    ),
    bind!(
        BoardFilter,
        [key('s')],
        PickFilter(Some(BoardFilter::Wish(Some(Wish::Subconscious)))),
        "wish Subconscious"
    ),
    bind!(
        BoardFilter,
        [key('d')],
        PickFilter(Some(BoardFilter::Wish(Some(Wish::Deception)))),
        "wish Deception"
    ),
    bind!(
        BoardFilter,
        [key('i')],
        PickFilter(Some(BoardFilter::Wish(Some(Wish::Invisible)))),
        "wish Invisible"
    ),
    bind!(
        BoardFilter,
        [key('u')],
        PickFilter(Some(BoardFilter::Wish(None))),
        "wish not decided yet"
    ),
    bind!(
        BoardFilter,
        [key('1')],
        PickFilter(Some(BoardFilter::Check(Code::CX001))),
        "CX001 findings: resting only on assumption"
    ),
    bind!(
        BoardFilter,
        [key('2')],
        PickFilter(Some(BoardFilter::Check(Code::CX002))),
        "CX002 findings: a score without the customer's words"
    ),
    bind!(
        BoardFilter,
        [key('3')],
        PickFilter(Some(BoardFilter::Check(Code::CX003))),
        "CX003 findings: an open action resting on one customer"
    ),
    bind!(
        BoardFilter,
        [key('4')],
        PickFilter(Some(BoardFilter::Check(Code::CX004))),
        "CX004 findings: a pain point without a root cause"
    ),
    bind!(
        BoardFilter,
        [key('5')],
        PickFilter(Some(BoardFilter::Check(Code::CX005))),
        "CX005 findings: unowned pain, or an overdue action"
    ),
    bind!(BoardFilter, [key('n')], PickFilter(None), "no filter"),
    bind!(
        BoardFilter,
        [code(Esc), key('f')],
        Cancel,
        "cancel",
        "cancel"
    ),
    bind!(
        ChecksFilter,
        [key('1')],
        PickCode(Some(Code::CX001)),
        "CX001: resting only on assumption"
    ),
    bind!(
        ChecksFilter,
        [key('2')],
        PickCode(Some(Code::CX002)),
        "CX002: a score without the customer's words"
    ),
    bind!(
        ChecksFilter,
        [key('3')],
        PickCode(Some(Code::CX003)),
        "CX003: an open action resting on one customer"
    ),
    bind!(
        ChecksFilter,
        [key('4')],
        PickCode(Some(Code::CX004)),
        "CX004: a pain point without a root cause"
    ),
    bind!(
        ChecksFilter,
        [key('5')],
        PickCode(Some(Code::CX005)),
        "CX005: unowned pain, or an overdue action"
    ),
    bind!(
        ChecksFilter,
        [key('6')],
        PickCode(Some(Code::CX006)),
        "CX006: root causes that go round in a circle"
    ),
    bind!(ChecksFilter, [key('n')], PickCode(None), "every check"),
    bind!(
        ChecksFilter,
        [code(Esc), key('f')],
        Cancel,
        "cancel",
        "cancel"
    ),
    bind!(Quit, [key('s')], SaveAndQuit, "save, then quit", "save"),
    bind!(
        Quit,
        [key('d')],
        DiscardAndQuit,
        "quit without saving",
        "discard"
    ),
    bind!(
        Quit,
        [key('c'), code(Esc)],
        Cancel,
        "go back to the map",
        "cancel"
    ),
    bind!(
        DeleteStage,
        [key('y'), code(Enter)],
        Confirm,
        "delete the stage with its touchpoints",
        "delete"
    ),
    bind!(
        DeleteStage,
        [key('n'), code(Esc)],
        Cancel,
        "keep the stage",
        "keep"
    ),
    bind!(Conflicts, [code(Up), key('k')], Up, "previous conflict"),
    bind!(Conflicts, [code(Down), key('j')], Down, "next conflict"),
    bind!(Conflicts, [code(PageUp)], PageUp, "a page of conflicts up"),
    bind!(
        Conflicts,
        [code(PageDown)],
        PageDown,
        "a page of conflicts down"
    ),
    bind!(
        Conflicts,
        [key('g'), code(Home)],
        First,
        "the first conflict"
    ),
    bind!(Conflicts, [key('G'), code(End)], Last, "the last conflict"),
    bind!(
        Conflicts,
        [key('o')],
        KeepOurs,
        "keep ours (this window's value)",
        "ours"
    ),
    bind!(
        Conflicts,
        [key('t')],
        TakeTheirs,
        "take theirs (the other side's value)",
        "theirs"
    ),
    bind!(
        Conflicts,
        [key('O')],
        KeepAllOurs,
        "keep ours everywhere",
        "all ours"
    ),
    bind!(
        Conflicts,
        [key('T')],
        TakeAllTheirs,
        "take theirs everywhere",
        "all theirs"
    ),
    bind!(
        Conflicts,
        [code(Esc)],
        Cancel,
        "decide later: they wait in the Checks view",
        "later"
    ),
    bind!(
        Recover,
        [key('r')],
        Restore,
        "restore the unsaved edits",
        "restore"
    ),
    bind!(
        Recover,
        [key('v')],
        ShowDifferences,
        "show what they change",
        "differences"
    ),
    bind!(
        Recover,
        [key('d')],
        Discard,
        "discard them for good",
        "discard"
    ),
    bind!(
        Recover,
        [code(Esc)],
        Cancel,
        "decide later: the copy is kept",
        "later"
    ),
    bind!(Recover, [code(Up), key('k')], Up, "differences: scroll up"),
    bind!(
        Recover,
        [code(Down), key('j')],
        Down,
        "differences: scroll down"
    ),
    bind!(Recover, [code(PageUp)], PageUp, "differences: a page up"),
    bind!(
        Recover,
        [code(PageDown), key(' ')],
        PageDown,
        "differences: a page down"
    ),
    bind!(
        Present,
        [code(Left), key('h'), code(PageUp)],
        Left,
        "previous stage",
        "stage"
    ),
    bind!(
        Present,
        [code(Right), key('l'), key(' '), code(PageDown)],
        Right,
        "next stage",
        "stage"
    ),
    bind!(
        Present,
        [code(Up), key('k')],
        Up,
        "scroll up, when the stage has more than fits",
        "more"
    ),
    bind!(
        Present,
        [code(Down), key('j')],
        Down,
        "scroll down, when the stage has more than fits",
        "more"
    ),
    bind!(Present, [key('g'), code(Home)], First, "the first stage"),
    bind!(Present, [key('G'), code(End)], Last, "the last stage"),
    bind!(Present, [key('?')], Help, "these keys", "keys"),
    bind!(
        Present,
        [code(Esc), key('q'), key('p')],
        Cancel,
        "back to the board, as it was",
        "back"
    ),
    bind!(
        Present,
        [ctrl('c')],
        Quit,
        "quit cxmap (asks first when there are unsaved changes)"
    ),
    bind!(Help, [code(Up), key('k')], Up, "scroll up"),
    bind!(Help, [code(Down), key('j')], Down, "scroll down"),
    bind!(Help, [code(PageUp)], PageUp, "a page up"),
    bind!(Help, [code(PageDown), key(' ')], PageDown, "a page down"),
    bind!(Help, [code(Home), key('g')], First, "back to the top"),
    bind!(Help, [code(End), key('G')], Last, "to the end"),
    bind!(
        Help,
        [code(Esc), key('q'), key('?')],
        Cancel,
        "close the help",
        "close"
    ),
];

/// The action a key triggers in `context`; view contexts fall back to the
/// global bindings.
pub fn action_for(context: Context, event: &KeyEvent) -> Option<Action> {
    let find = |ctx: Context| {
        bindings(ctx)
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
            .map(|b| b.action)
    };
    find(context).or_else(|| context.is_view().then(|| find(Context::Global)).flatten())
}

/// The binding of `action` where `context`'s keys apply (a view's include
/// the global ones).
fn binding(action: Action, context: Context) -> Option<&'static Binding> {
    let find = |ctx: Context| bindings(ctx).find(|b| b.action == action);
    find(context).or_else(|| context.is_view().then(|| find(Context::Global)).flatten())
}

/// The key of `action` as a message names it (`u`, `Ctrl+S`): the first of
/// its binding in `context`, the place the message is read in. Messages call
/// it as `keys::label(Action::…, Context::…)`, both named in the call: a test
/// checks every such call against the table.
pub fn label(action: Action, context: Context) -> String {
    labels(action, context).swap_remove(0)
}

/// Every key of `action` in `context`, the one `label` gives first.
pub fn labels(action: Action, context: Context) -> Vec<String> {
    let found = binding(action, context);
    debug_assert!(found.is_some(), "{action:?} has no key in {context:?}");
    found.map_or_else(
        || vec![String::new()],
        |b| b.keys.iter().map(|k| k.label()).collect(),
    )
}

/// The key of `action` in `context` if it has one there: for a message
/// whose place is known only when it is shown.
pub fn label_if_bound(action: Action, context: Context) -> Option<String> {
    binding(action, context).map(|b| b.keys[0].label())
}

/// The bindings of a context, in table order.
pub fn bindings(context: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.context == context)
}

/// All keys of a binding, as written in help: `← h`.
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What an editor's field takes, for the form's bottom line, from the hints
/// of the field's bindings: the first key of each, bindings with the same
/// hint side by side (`c s d i choose · ← → step · x undecided`); a run of
/// digits reads as a range (`1-6 or Space toggle`).
pub fn field_hint(context: Context) -> String {
    let mut parts: Vec<(Vec<String>, &str)> = Vec::new();
    for b in bindings(context) {
        let Some(hint) = b.hint else { continue };
        let label = b.keys[0].label();
        match parts.last_mut() {
            Some((labels, last)) if *last == hint => labels.push(label),
            _ => parts.push((vec![label], hint)),
        }
    }
    parts
        .iter()
        .map(|(labels, hint)| format!("{} {hint}", run_of_keys(labels)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `1 2 3 4 5 6` as `1-6`; other keys after a range as `or Space`.
fn run_of_keys(labels: &[String]) -> String {
    let digit = |l: &String| l.len() == 1 && l.as_bytes()[0].is_ascii_digit();
    let digits = labels.iter().take_while(|l| digit(l)).count();
    let consecutive = labels[..digits]
        .windows(2)
        .all(|w| w[1].as_bytes()[0] == w[0].as_bytes()[0] + 1);
    if digits < 3 || !consecutive {
        return labels.join(" ");
    }
    let range = format!("{}-{}", labels[0], labels[digits - 1]);
    std::iter::once(range)
        .chain(labels[digits..].iter().cloned())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Footer hints for a context: the first key of each hinted binding and its
/// few words, view bindings before the global ones. In dialogs, where a few
/// letters are the whole point, every letter is shown (`c s d i pick`).
pub fn hints(context: Context) -> Vec<(String, &'static str)> {
    let is_view = context.is_view();
    let global = is_view
        .then(|| bindings(Context::Global))
        .into_iter()
        .flatten();
    bindings(context)
        .chain(global)
        .filter_map(|b| {
            let letters = b
                .keys
                .iter()
                .all(|k| matches!(k.code, KeyCode::Char(c) if c != ' ') && k.mods.is_empty());
            let label = if !is_view && letters {
                keys_label(b)
            } else {
                b.keys[0].label()
            };
            b.hint.map(|h| (label, h))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn views_fall_back_to_global_keys() {
        assert_eq!(
            action_for(
                Context::Board,
                &press(KeyCode::Char('s'), KeyModifiers::CONTROL)
            ),
            Some(Action::Save)
        );
        assert_eq!(
            action_for(
                Context::Plan,
                &press(KeyCode::Char('u'), KeyModifiers::NONE)
            ),
            Some(Action::Undo)
        );
        assert_eq!(
            action_for(
                Context::Form,
                &press(KeyCode::Char('u'), KeyModifiers::NONE)
            ),
            None
        );
    }

    #[test]
    fn shift_is_read_from_the_character() {
        let with = press(KeyCode::Char('H'), KeyModifiers::SHIFT);
        let without = press(KeyCode::Char('H'), KeyModifiers::NONE);
        assert_eq!(action_for(Context::Board, &with), Some(Action::MoveLeft));
        assert_eq!(action_for(Context::Board, &without), Some(Action::MoveLeft));
        assert_eq!(
            action_for(
                Context::Board,
                &press(KeyCode::Char('?'), KeyModifiers::SHIFT)
            ),
            Some(Action::Help)
        );
        assert_eq!(
            action_for(Context::Board, &press(KeyCode::Left, KeyModifiers::SHIFT)),
            Some(Action::MoveLeft)
        );
        assert_eq!(
            action_for(Context::Board, &press(KeyCode::Left, KeyModifiers::NONE)),
            Some(Action::Left)
        );
    }

    #[test]
    fn the_same_key_means_different_things_in_different_views() {
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(action_for(Context::Board, &enter), Some(Action::Edit));
        assert_eq!(action_for(Context::Plan, &enter), Some(Action::Open));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for context in Context::ALL {
            let keys: Vec<Key> = bindings(context)
                .flat_map(|b| b.keys.iter().copied())
                .collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(
                    !keys[i + 1..].contains(k),
                    "{} bound twice in {context:?}",
                    k.label()
                );
            }
        }
    }

    #[test]
    fn help_lines_fit_an_80_column_screen() {
        for b in BINDINGS {
            assert!(
                b.help.chars().count() <= 58,
                "too long for help at 80 columns: {}",
                b.help
            );
            assert!(
                keys_label(b).chars().count() <= 16,
                "keys too long: {}",
                keys_label(b)
            );
        }
    }

    #[test]
    fn the_editors_fields_say_what_their_keys_do() {
        let hints = [
            (
                Context::WishField,
                "c s d i choose · ← → step · x undecided",
            ),
            (Context::EmotionField, "+ - step · 0 neutral · x unscored"),
            (
                Context::BasisField,
                "r research · a assumption · ← → switch",
            ),
            (Context::AtRiskField, "1-6 or Space toggle · ← → move"),
            (
                Context::RootCauseField,
                "Enter links another touchpoint · Backspace on a link clears it",
            ),
            (
                Context::ActionField,
                "Enter edits · Space done/open · d deletes",
            ),
            (Context::AddActionField, "Enter adds an action"),
            (Context::PrincipleField, "1-6 choose · ← → step"),
            (Context::DoneField, "Space ticks it done or open"),
        ];
        for (context, hint) in hints {
            assert_eq!(field_hint(context), hint, "{context:?}");
        }
    }

    #[test]
    fn a_field_takes_its_letters_in_either_case() {
        for c in ['c', 'C'] {
            let event = press(KeyCode::Char(c), KeyModifiers::NONE);
            assert_eq!(
                action_for(Context::WishField, &event),
                Some(Action::SetWish(Wish::Conscious))
            );
        }
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(Context::WishField, &ctrl_c), None);
        let five = press(KeyCode::Char('5'), KeyModifiers::NONE);
        assert_eq!(
            action_for(Context::AtRiskField, &five),
            Some(Action::TogglePrinciple(Principle::History))
        );
    }

    /// Every `keys::label(Action::…, Context::…)` and `keys::labels(…)` in
    /// the app's source, as (file, action, context) names.
    fn keys_named_in_messages() -> Vec<(String, String, String)> {
        let mut files = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui")];
        let mut calls = Vec::new();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("tui/keys.rs") {
                continue;
            }
            let name = path.display().to_string();
            let text: String = std::fs::read_to_string(&path)
                .unwrap()
                .split_whitespace()
                .collect();
            for (at, _) in text.match_indices("label") {
                let before = &text[..at];
                let after = &text[at + "label".len()..];
                let Some(args) = after.strip_prefix('(').or(after.strip_prefix("s(")) else {
                    continue;
                };
                let named = before.ends_with("keys::");
                let other = before.ends_with(|c: char| c.is_alphanumeric() || "_.".contains(c))
                    || (before.ends_with("::") && !named);
                if other {
                    continue;
                }
                assert!(named, "{name}: call keys::label by its path");
                let args = &args[..args.find(')').unwrap_or(0)];
                let (action, context) = args.split_once(',').unwrap_or_default();
                let (Some((_, action)), Some(context)) =
                    (action.rsplit_once("::"), context.strip_prefix("Context::"))
                else {
                    panic!("{name}: keys::label({args}) must name its action and context");
                };
                calls.push((name.clone(), action.to_owned(), context.to_owned()));
            }
        }
        calls
    }

    #[test]
    fn every_key_a_message_names_is_bound_where_the_message_is_read() {
        let calls = keys_named_in_messages();
        assert!(calls.len() > 30, "the messages are found: {calls:?}");
        for (file, action, context) in calls {
            let place = Context::ALL
                .into_iter()
                .find(|c| format!("{c:?}") == context)
                .unwrap_or_else(|| panic!("{file}: no context {context}"));
            let global = place.is_view().then_some(Context::Global);
            let bound = [Some(place), global]
                .into_iter()
                .flatten()
                .flat_map(bindings)
                .any(|b| format!("{:?}", b.action) == action);
            assert!(
                bound,
                "{file}: a message names the key of {action} in {context}, where none is bound"
            );
        }
    }

    #[test]
    fn labels_read_well() {
        assert_eq!(ctrl('s').label(), "Ctrl+S");
        assert_eq!(shift(Left).label(), "Shift+←");
        assert_eq!(key(' ').label(), "Space");
        assert_eq!(hints(Context::Board)[0], ("a".to_owned(), "add"));
    }
}

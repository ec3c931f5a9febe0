//! The domain: the journey map and the rules over it, as plain data and pure
//! functions. Nothing here knows about a terminal or a disk.

mod causes;
mod checks;
mod compare;
mod conflict;
mod date;
mod diff;
mod edit;
mod emotion;
mod field;
mod generate;
mod id;
mod map;
mod merge;
mod plan;
mod principle;
mod shared;
mod stats;
mod validate;
mod wish;

pub use causes::{
    Causes, Cycle, Downstream, Explained, Ids, Ranked, Root, RootAt, causes, cycle_count, cycles,
    pain, round, round_text,
};
pub use checks::{
    Code, Finding, ShortOfResearch, check, check_touchpoint, each_finding, short_of_research,
};
pub use compare::{Comparison, Point, Score, StagePair, compare, interleave};
pub use conflict::{Conflict, Entry, Item, Kind, Side, Value, kinds, resolve, resolve_all};
pub use date::Date;
pub use diff::{Change, Part as ChangePart, changes, diff};
pub use edit::{Edit, EditError, apply};
pub use emotion::Emotion;
pub use field::{
    ActionField, ActionKey, FieldValue, MapField, MapKey, Maps, Merged, PersonaField, PersonaKey,
    Rule, StageField, StageKey, Told, TouchpointField, TouchpointKey, format_needed, one_line,
};
pub use generate::generated_map;
pub use id::{ActionId, PersonaId, StageId, TouchpointId, random_chars};
pub use map::{
    Action, Basis, ItemPlace, Map, Persona, PersonaScore, Place, RootCause, Scores, Stage,
    Touchpoint, Verbatim, Worst,
};
pub use merge::merge;
pub use plan::{ItemRoot, Plan, PlanGroup, PlanItem, group_of, plan, severity, touchpoint_items};
pub use principle::Principle;
pub use shared::Shared;
pub use stats::{
    ActionCounts, MapStats, Stats, shown, stage_research_percent, stage_stats, stats,
    weight as evidence_weight,
};
pub use validate::{Problem, validate};
pub use wish::Wish;

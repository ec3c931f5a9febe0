//! One definition per field. Each field of the map, of a stage, of a
//! touchpoint and of an action is one row of a table at the end of this file:
//! the member it lives in, its name in the file, its label for people and how
//! a diff speaks of it. From each table come
//!
//! - the field with a value, what an `Edit` sets (`TouchpointField::Channel(..)`),
//!   and `swap`, which puts it in place and hands back the value it replaced;
//! - the field without a value (`TouchpointKey::Channel`): what a conflict
//!   names and an editor row is about, with `read`, `merge`, `changes` (the
//!   diff's sentences) and `facts` (textconv's lines).
//!
//! The merge rule comes with the field's type ([`FieldValue::RULE`]): a single
//! value three ways, a list three ways or a set three ways. Merge, diff,
//! textconv, conflicts and the editors all go through these tables, so a new
//! field is a member of its struct (with its serde attributes) and a row here.

use super::{
    Action, Basis, Date, Emotion, Map, Persona, PersonaId, PersonaScore, Principle, RootCause,
    Stage, Touchpoint, Value, Verbatim, Wish,
};
use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;

/// How a merge treats a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// One value, three ways: a side that left it alone yields to the side
    /// that changed it; two different changes are a conflict, and ours stays.
    One,
    /// A list of values without ids, three ways: what either side added or
    /// removed is added or removed; nothing conflicts.
    List,
    /// A set, three ways: what either side added is in, what either removed
    /// is out; nothing conflicts.
    Set,
    /// Entries keyed by a persona, three ways per persona: each entry's
    /// values as [`Rule::One`]; a conflict is about one persona's entry.
    Keyed,
}

/// The outcome of merging one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Merged<T> {
    Clean(T),
    /// Both sides changed it differently.
    Conflict {
        ours: T,
        theirs: T,
    },
    /// Merged, but for parts both sides changed differently (which hold
    /// ours): each part as each side has it, to settle by [`FieldValue::settle`].
    Partly {
        merged: T,
        conflicts: Vec<(T, T)>,
    },
}

/// How a diff speaks of a changed field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Told {
    /// With both values: "channel 'web' -> 'phone'".
    Values,
    /// Only that it changed, for long text: "description changed".
    Changed,
    /// With both values, an unset one as `none`; textconv leaves it out
    /// when unset: for a field most touchpoints do without ("to-be emotion
    /// none -> +1").
    IfSet,
}

impl Told {
    fn changes<T: FieldValue>(self, old: &T, new: &T, label: &str, maps: Maps) -> Vec<String> {
        match self {
            Told::Values => T::changes(old, new, label, maps),
            Told::Changed => vec![format!("{label} changed")],
            Told::IfSet => {
                let shown = |v: &T, map| {
                    if v.is_unset() {
                        "none".to_owned()
                    } else {
                        v.show(map)
                    }
                };
                vec![format!(
                    "{label} {} -> {}",
                    shown(old, maps.old),
                    shown(new, maps.new)
                )]
            }
        }
    }

    fn facts<T: FieldValue>(self, value: &T, map: &Map) -> Vec<String> {
        if self == Told::IfSet && value.is_unset() {
            return Vec::new();
        }
        value.facts(map)
    }
}

/// The maps a diff compares: the old one to name what an old value names, the
/// new one for the new value.
#[derive(Clone, Copy)]
pub struct Maps<'a> {
    pub old: &'a Map,
    pub new: &'a Map,
}

/// What a field's type brings: its merge rule, how a conflict keeps it in the
/// file, and how people read it.
pub trait FieldValue: Clone + PartialEq + Sized {
    const RULE: Rule = Rule::One;

    fn merge(base: Option<&Self>, ours: &Self, theirs: &Self) -> Merged<Self> {
        one(base, ours, theirs)
    }

    /// Whether it holds nothing (the file leaves such a field out).
    fn is_unset(&self) -> bool;

    /// As a conflict keeps it in the file.
    fn to_value(&self) -> Value;
    fn from_value(value: &Value) -> Option<Self>;

    /// In a sentence: quoted text, a name, `undecided`...
    fn show(&self, map: &Map) -> String;

    /// Its lines in textconv's one-fact-per-line form; none when empty.
    fn facts(&self, map: &Map) -> Vec<String> {
        vec![self.show(map)]
    }

    /// The diff's sentences for a change from `old` to `new`.
    fn changes(old: &Self, new: &Self, label: &str, maps: Maps) -> Vec<String> {
        vec![format!(
            "{label} {} -> {}",
            old.show(maps.old),
            new.show(maps.new)
        )]
    }

    /// The value settling a conflict on this field with `self` (one side's
    /// value in the conflict) leaves when the item holds `current`: `self`,
    /// except where a conflict is about a part of the value only.
    fn settle(self, _current: &Self) -> Self {
        self
    }
}

/// One value, three ways. With no base (added on both sides), any difference
/// is a conflict.
pub fn one<T: Clone + PartialEq>(base: Option<&T>, ours: &T, theirs: &T) -> Merged<T> {
    if ours == theirs || base == Some(theirs) {
        Merged::Clean(ours.clone())
    } else if base == Some(ours) {
        Merged::Clean(theirs.clone())
    } else {
        Merged::Conflict {
            ours: ours.clone(),
            theirs: theirs.clone(),
        }
    }
}

/// A set, three ways: what either side added is in, what either removed is out.
pub fn set<T: Ord + Clone>(
    base: Option<&BTreeSet<T>>,
    ours: &BTreeSet<T>,
    theirs: &BTreeSet<T>,
) -> BTreeSet<T> {
    let empty = BTreeSet::new();
    let base = base.unwrap_or(&empty);
    let mut result: BTreeSet<T> = base
        .iter()
        .filter(|x| ours.contains(x) && theirs.contains(x))
        .cloned()
        .collect();
    result.extend(ours.iter().filter(|x| !base.contains(x)).cloned());
    result.extend(theirs.iter().filter(|x| !base.contains(x)).cloned());
    result
}

/// A list of values without ids (the customer's words, kept conflicts),
/// three ways. A side that left the list alone takes the other side's list as
/// it is. Otherwise each distinct value is counted: one both sides added (or
/// removed) counts once, a change on one side counts as that change. Ours
/// come first in our order, then theirs.
pub fn list<T: Eq + Hash + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    if ours == base || ours == theirs {
        return theirs.to_vec();
    }
    if theirs == base {
        return ours.to_vec();
    }
    fn counts<T: Eq + Hash>(list: &[T]) -> HashMap<&T, usize> {
        let mut counts: HashMap<&T, usize> = HashMap::new();
        for v in list {
            *counts.entry(v).or_default() += 1;
        }
        counts
    }
    let [in_base, in_ours, in_theirs] = [base, ours, theirs].map(counts);
    let count = |counts: &HashMap<&T, usize>, v: &T| counts.get(v).copied().unwrap_or(0);
    let wanted = |v: &T| {
        let (b, o, t) = (count(&in_base, v), count(&in_ours, v), count(&in_theirs, v));
        if o > b && t > b {
            o.max(t)
        } else if o < b && t < b {
            o.min(t)
        } else {
            (o + t).saturating_sub(b)
        }
    };
    let mut taken: HashMap<&T, usize> = HashMap::new();
    let mut result: Vec<T> = Vec::new();
    for v in ours.iter().chain(theirs) {
        let so_far = taken.entry(v).or_default();
        if *so_far < wanted(v) {
            *so_far += 1;
            result.push(v.clone());
        }
    }
    result
}

/// Text in a sentence: quoted, on one line.
fn quoted(text: &str) -> String {
    format!("'{}'", one_line(text))
}

/// `text` on one line: its line breaks and tabs as spaces, for a list's row
/// or a sentence that names it (a name from a file may hold a line break
/// the app's own one-line fields never take; on screen it would vanish and
/// join two words, in a message end the line).
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\n', '\r', '\t']) {
        std::borrow::Cow::Owned(text.replace(['\n', '\r', '\t'], " "))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

impl FieldValue for String {
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(t) => Some(t.clone()),
            _ => None,
        }
    }
    fn show(&self, _: &Map) -> String {
        quoted(self)
    }
    fn facts(&self, _: &Map) -> Vec<String> {
        self.lines().map(str::to_owned).collect()
    }
}

impl FieldValue for Option<Wish> {
    fn is_unset(&self) -> bool {
        self.is_none()
    }
    fn to_value(&self) -> Value {
        Value::Wish(*self)
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Wish(w) => Some(*w),
            _ => None,
        }
    }
    fn show(&self, _: &Map) -> String {
        self.map_or("undecided", |w| w.name()).to_owned()
    }
}

impl FieldValue for Option<Emotion> {
    fn is_unset(&self) -> bool {
        self.is_none()
    }
    fn to_value(&self) -> Value {
        Value::Emotion(*self)
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Emotion(e) => Some(*e),
            _ => None,
        }
    }
    fn show(&self, _: &Map) -> String {
        self.map_or_else(|| "unscored".to_owned(), |e| e.to_string())
    }
}

impl FieldValue for u32 {
    fn is_unset(&self) -> bool {
        *self == 0
    }
    fn to_value(&self) -> Value {
        Value::Number(*self)
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
    fn show(&self, _: &Map) -> String {
        self.to_string()
    }
}

impl FieldValue for Basis {
    fn is_unset(&self) -> bool {
        *self == Basis::default()
    }
    fn to_value(&self) -> Value {
        Value::Basis(*self)
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Basis(b) => Some(*b),
            _ => None,
        }
    }
    fn show(&self, _: &Map) -> String {
        format!("{self:?}")
    }
}

impl FieldValue for BTreeSet<Principle> {
    const RULE: Rule = Rule::Set;

    fn merge(base: Option<&Self>, ours: &Self, theirs: &Self) -> Merged<Self> {
        Merged::Clean(set(base, ours, theirs))
    }
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
    fn to_value(&self) -> Value {
        Value::Principles(self.clone())
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Principles(p) => Some(p.clone()),
            _ => None,
        }
    }
    fn show(&self, _: &Map) -> String {
        if self.is_empty() {
            return "none".to_owned();
        }
        let titles: Vec<String> = self.iter().map(|p| quoted(p.title())).collect();
        titles.join(", ")
    }
    fn facts(&self, _: &Map) -> Vec<String> {
        self.iter().map(|p| p.title().to_owned()).collect()
    }
    fn changes(old: &Self, new: &Self, label: &str, _: Maps) -> Vec<String> {
        let added = new
            .difference(old)
            .map(|p| format!("{label}: '{}' added", p.title()));
        let removed = old
            .difference(new)
            .map(|p| format!("{label}: '{}' removed", p.title()));
        added.chain(removed).collect()
    }
}

impl FieldValue for Option<RootCause> {
    fn is_unset(&self) -> bool {
        self.is_none()
    }
    fn to_value(&self) -> Value {
        Value::RootCause(self.clone())
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::RootCause(r) => Some(r.clone()),
            _ => None,
        }
    }
    fn show(&self, map: &Map) -> String {
        match self {
            None => "none".to_owned(),
            Some(RootCause::Text(t)) => quoted(t),
            Some(RootCause::Touchpoint(id)) => match map.touchpoint(id) {
                Some(tp) => format!("touchpoint {}", quoted(&tp.name)),
                None => format!("touchpoint `{id}`"),
            },
        }
    }
    fn facts(&self, map: &Map) -> Vec<String> {
        match self {
            None => Vec::new(),
            Some(RootCause::Text(t)) => vec![t.clone()],
            Some(RootCause::Touchpoint(id)) => {
                vec![
                    map.touchpoint(id)
                        .map_or(id.as_str(), |t| &t.name)
                        .to_owned(),
                ]
            }
        }
    }
}

impl FieldValue for Vec<Verbatim> {
    const RULE: Rule = Rule::List;

    fn merge(base: Option<&Self>, ours: &Self, theirs: &Self) -> Merged<Self> {
        Merged::Clean(list(base.map_or(&[], Vec::as_slice), ours, theirs))
    }
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
    fn to_value(&self) -> Value {
        Value::Words(self.clone())
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Words(w) => Some(w.clone()),
            _ => None,
        }
    }
    fn show(&self, map: &Map) -> String {
        if self.is_empty() {
            return "none".to_owned();
        }
        self.facts(map).join("; ")
    }
    fn facts(&self, _: &Map) -> Vec<String> {
        self.iter()
            .map(|v| match v.source.as_str() {
                "" => format!("\"{}\"", v.text),
                source => format!("\"{}\" — {source}", v.text),
            })
            .collect()
    }
    fn changes(old: &Self, new: &Self, label: &str, _: Maps) -> Vec<String> {
        let added = new
            .iter()
            .filter(|v| !old.contains(v))
            .map(|v| format!("{label} added: \"{}\"", v.text));
        let removed = old
            .iter()
            .filter(|v| !new.contains(v))
            .map(|v| format!("{label} removed: \"{}\"", v.text));
        added.chain(removed).collect()
    }
}

/// A touchpoint's per-persona scores: merged by persona, each score three
/// ways; a conflict holds the contested persona's entry on each side.
impl FieldValue for Vec<PersonaScore> {
    const RULE: Rule = Rule::Keyed;

    fn merge(base: Option<&Self>, ours: &Self, theirs: &Self) -> Merged<Self> {
        // A side that left the list alone takes the other's as it is.
        if base == Some(ours) || ours == theirs {
            return Merged::Clean(theirs.clone());
        }
        if base == Some(theirs) {
            return Merged::Clean(ours.clone());
        }
        let entry = |list: &Self, id: &PersonaId| {
            list.iter()
                .find(|s| &s.persona == id)
                .cloned()
                .unwrap_or_else(|| PersonaScore::unset(id.clone()))
        };
        let mut ids: Vec<&PersonaId> = Vec::new();
        for s in ours.iter().chain(theirs).chain(base.into_iter().flatten()) {
            if !ids.contains(&&s.persona) {
                ids.push(&s.persona);
            }
        }
        let (mut merged, mut conflicts) = (Vec::new(), Vec::new());
        for id in ids {
            let b = base.map(|b| entry(b, id));
            let (o, t) = (entry(ours, id), entry(theirs, id));
            let emotion = one(b.as_ref().map(|b| &b.emotion), &o.emotion, &t.emotion);
            let to_be = one(
                b.as_ref().map(|b| &b.to_be_emotion),
                &o.to_be_emotion,
                &t.to_be_emotion,
            );
            let side = |take_theirs: bool| PersonaScore {
                persona: id.clone(),
                emotion: pick(&emotion, take_theirs),
                to_be_emotion: pick(&to_be, take_theirs),
            };
            let kept = side(false);
            if matches!(emotion, Merged::Conflict { .. })
                || matches!(to_be, Merged::Conflict { .. })
            {
                conflicts.push((vec![kept.clone()], vec![side(true)]));
            }
            if !kept.is_empty() {
                merged.push(kept);
            }
        }
        if conflicts.is_empty() {
            Merged::Clean(merged)
        } else {
            Merged::Partly { merged, conflicts }
        }
    }
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
    fn to_value(&self) -> Value {
        Value::Scores(self.clone())
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Scores(s) => Some(s.clone()),
            _ => None,
        }
    }
    fn show(&self, map: &Map) -> String {
        if self.is_empty() {
            return "none".to_owned();
        }
        self.facts(map).join("; ")
    }
    fn facts(&self, map: &Map) -> Vec<String> {
        self.iter()
            .map(|s| {
                let mut said = Vec::new();
                if let Some(e) = s.emotion {
                    said.push(format!("emotion {e}"));
                }
                if let Some(e) = s.to_be_emotion {
                    said.push(format!("to-be {e}"));
                }
                if said.is_empty() {
                    said.push("map-wide scores".to_owned());
                }
                format!(
                    "{}: {}",
                    quoted(map.persona_name(&s.persona)),
                    said.join(", ")
                )
            })
            .collect()
    }
    fn changes(old: &Self, new: &Self, _: &str, maps: Maps) -> Vec<String> {
        let find = |list: &Self, id: &PersonaId| list.iter().find(|s| &s.persona == id).cloned();
        let mut ids: Vec<&PersonaId> = new.iter().map(|s| &s.persona).collect();
        ids.extend(
            old.iter()
                .map(|s| &s.persona)
                .filter(|id| find(new, id).is_none()),
        );
        // An unset score is the map-wide one.
        let shown = |e: Option<Emotion>| e.map_or_else(|| "map-wide".to_owned(), |e| e.to_string());
        let mut out = Vec::new();
        for id in ids {
            let name = match maps.new.persona(id).or_else(|| maps.old.persona(id)) {
                Some(p) => quoted(&p.name),
                None => format!("`{id}`"),
            };
            let (was, now) = (find(old, id), find(new, id));
            let pairs = [
                (
                    "emotion",
                    was.as_ref().and_then(|s| s.emotion),
                    now.as_ref().and_then(|s| s.emotion),
                ),
                (
                    "to-be emotion",
                    was.as_ref().and_then(|s| s.to_be_emotion),
                    now.as_ref().and_then(|s| s.to_be_emotion),
                ),
            ];
            for (label, was, now) in pairs {
                if was != now {
                    out.push(format!(
                        "{label} for {name} {} -> {}",
                        shown(was),
                        shown(now)
                    ));
                }
            }
        }
        out
    }
    fn settle(self, current: &Self) -> Self {
        let mut settled = current.clone();
        for entry in self {
            match settled.iter().position(|s| s.persona == entry.persona) {
                Some(at) if entry.is_empty() => {
                    settled.remove(at);
                }
                Some(at) => settled[at] = entry,
                None if entry.is_empty() => {}
                None => settled.push(entry),
            }
        }
        settled
    }
}

/// One side's value of a field merged as [`one`]: the clean value, or ours
/// or theirs where both changed it.
fn pick<T: Clone>(merged: &Merged<T>, take_theirs: bool) -> T {
    match merged {
        Merged::Clean(v) => v.clone(),
        Merged::Conflict { ours, .. } if !take_theirs => ours.clone(),
        Merged::Conflict { theirs, .. } => theirs.clone(),
        Merged::Partly { merged, .. } => merged.clone(),
    }
}

impl FieldValue for Principle {
    fn is_unset(&self) -> bool {
        false
    }
    fn to_value(&self) -> Value {
        Value::Principle(*self)
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Principle(p) => Some(*p),
            _ => None,
        }
    }
    fn show(&self, _: &Map) -> String {
        self.title().to_owned()
    }
}

impl FieldValue for Option<Date> {
    fn is_unset(&self) -> bool {
        self.is_none()
    }
    fn to_value(&self) -> Value {
        Value::Due(*self)
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Due(d) => Some(*d),
            _ => None,
        }
    }
    fn show(&self, _: &Map) -> String {
        self.map_or_else(|| "none".to_owned(), |d| d.to_string())
    }
}

/// Whether an action is done: the only yes-or-no field.
impl FieldValue for bool {
    fn is_unset(&self) -> bool {
        !*self
    }
    fn to_value(&self) -> Value {
        Value::Done(*self)
    }
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Done(d) => Some(*d),
            _ => None,
        }
    }
    fn show(&self, _: &Map) -> String {
        if *self { "done" } else { "open" }.to_owned()
    }
    fn changes(_: &Self, new: &Self, _: &str, _: Maps) -> Vec<String> {
        vec![if *new { "done" } else { "opened again" }.to_owned()]
    }
}

/// Makes, from one table of rows, a field-with-value enum and a field-key
/// enum with everything the module documentation lists.
macro_rules! fields {
    (
        $(#[$doc:meta])*
        $item:ty => $value:ident, $key:ident {
            $($(#[$fdoc:meta])* $variant:ident($ty:ty) = $member:ident, $file:literal, $label:literal, $told:ident, $since:literal;)+
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum $value {
            $($(#[$fdoc])* $variant($ty),)+
        }

        /// The same fields without a value: what a conflict names.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $key {
            $($variant,)+
        }

        impl $key {
            /// Every field, in the order of the file.
            pub const ALL: &'static [$key] = &[$($key::$variant),+];

            /// Its name in the file.
            pub fn name(self) -> &'static str {
                match self { $($key::$variant => $file,)+ }
            }

            /// Its name for people.
            pub fn label(self) -> &'static str {
                match self { $($key::$variant => $label,)+ }
            }

            /// The file format that brought it: a file that uses it is
            /// written in at least this format, so that an older cxmap
            /// refuses it by its version instead of dropping the field.
            pub fn since(self) -> u32 {
                match self { $($key::$variant => $since,)+ }
            }

            /// The newest format among the fields `item` uses.
            pub fn format_of(item: &$item) -> u32 {
                let mut format = 1;
                $(if $since > format && !item.$member.is_unset() {
                    format = $since;
                })+
                format
            }

            pub fn rule(self) -> Rule {
                match self { $($key::$variant => <$ty as FieldValue>::RULE,)+ }
            }

            /// The field with this name in the file.
            pub fn named(name: &str) -> Option<$key> {
                $key::ALL.iter().copied().find(|k| k.name() == name)
            }

            /// Its value in `item`.
            pub fn read(self, item: &$item) -> $value {
                match self { $($key::$variant => $value::$variant(item.$member.clone()),)+ }
            }

            /// Whether `a` and `b` hold the same value in it.
            pub fn same(self, a: &$item, b: &$item) -> bool {
                match self { $($key::$variant => a.$member == b.$member,)+ }
            }

            /// Merges it three ways into `into`; both sides' values for
            /// each conflict (`into` then holds ours): one, or for a field
            /// merged by parts ([`Rule::Keyed`]), one per contested part.
            pub fn merge(
                self,
                base: Option<&$item>,
                ours: &$item,
                theirs: &$item,
                into: &mut $item,
            ) -> Vec<($value, $value)> {
                match self {
                    $($key::$variant => {
                        let merged = <$ty as FieldValue>::merge(
                            base.map(|b| &b.$member),
                            &ours.$member,
                            &theirs.$member,
                        );
                        match merged {
                            Merged::Clean(v) => {
                                into.$member = v;
                                Vec::new()
                            }
                            Merged::Conflict { ours, theirs } => {
                                into.$member = ours.clone();
                                vec![($value::$variant(ours), $value::$variant(theirs))]
                            }
                            Merged::Partly { merged, conflicts } => {
                                into.$member = merged;
                                conflicts
                                    .into_iter()
                                    .map(|(o, t)| ($value::$variant(o), $value::$variant(t)))
                                    .collect()
                            }
                        }
                    })+
                }
            }

            /// The diff's sentences for its change from `old` to `new`.
            pub fn changes(self, old: &$item, new: &$item, maps: Maps) -> Vec<String> {
                match self {
                    $($key::$variant => Told::$told.changes(&old.$member, &new.$member, $label, maps),)+
                }
            }

            /// Its lines in textconv's form, with no label.
            pub fn facts(self, item: &$item, map: &Map) -> Vec<String> {
                match self { $($key::$variant => Told::$told.facts(&item.$member, map),)+ }
            }
        }

        impl $value {
            pub fn key(&self) -> $key {
                match self { $($value::$variant(_) => $key::$variant,)+ }
            }

            /// The value settling a conflict with this one puts in `item`
            /// ([`FieldValue::settle`]): itself, or for a conflict about
            /// one part of a field, the field as `item` has it with that part.
            pub fn settled(self, item: &$item) -> $value {
                match self {
                    $($value::$variant(v) => $value::$variant(v.settle(&item.$member)),)+
                }
            }

            /// Puts the value in `item` and hands back the one it replaced.
            pub fn swap(self, item: &mut $item) -> $value {
                match self {
                    $($value::$variant(v) => $value::$variant(std::mem::replace(&mut item.$member, v)),)+
                }
            }

            /// As a conflict keeps it in the file.
            pub fn to_value(&self) -> Value {
                match self { $($value::$variant(v) => v.to_value(),)+ }
            }

            /// From a conflict in the file; `None` when the value is not of the field's type.
            pub fn from_value(key: $key, value: &Value) -> Option<$value> {
                match key {
                    $($key::$variant => <$ty as FieldValue>::from_value(value).map($value::$variant),)+
                }
            }

            /// In a sentence.
            pub fn show(&self, map: &Map) -> String {
                match self { $($value::$variant(v) => v.show(map),)+ }
            }
        }
    };
}

fields! {
    /// A field of the map itself with its new value.
    Map => MapField, MapKey {
        Title(String) = title, "title", "title", Values, 1;
        Persona(String) = persona, "persona", "persona", Values, 1;
    }
}

fields! {
    /// A field of a persona with its new value.
    Persona => PersonaField, PersonaKey {
        Name(String) = name, "name", "name", Values, 3;
        Description(String) = description, "description", "description", Values, 3;
    }
}

fields! {
    /// A field of a stage with its new value.
    Stage => StageField, StageKey {
        Name(String) = name, "name", "name", Values, 1;
    }
}

fields! {
    /// A field of a touchpoint with its new value.
    Touchpoint => TouchpointField, TouchpointKey {
        Name(String) = name, "name", "name", Values, 1;
        Channel(String) = channel, "channel", "channel", Values, 1;
        Wish(Option<Wish>) = wish, "wish", "wish", Values, 1;
        Emotion(Option<Emotion>) = emotion, "emotion", "emotion", Values, 1;
        ToBeEmotion(Option<Emotion>) = to_be_emotion, "to_be_emotion", "to-be emotion", IfSet, 2;
        ByPersona(Vec<PersonaScore>) = by_persona, "by_persona", "by persona", Values, 3;
        Evidence(u32) = evidence, "evidence", "evidence", Values, 1;
        Basis(Basis) = basis, "basis", "basis", Values, 1;
        AtRisk(BTreeSet<Principle>) = at_risk, "at_risk", "at risk", Values, 1;
        RootCause(Option<RootCause>) = root_cause, "root_cause", "root cause", Values, 1;
        Description(String) = description, "description", "description", Changed, 1;
        Verbatims(Vec<Verbatim>) = verbatims, "verbatims", "their words", Values, 1;
    }
}

fields! {
    /// A field of an action with its new value.
    Action => ActionField, ActionKey {
        Text(String) = text, "text", "action", Values, 1;
        Principle(Principle) = principle, "principle", "principle", Values, 1;
        Owner(String) = owner, "owner", "owner", Values, 1;
        Due(Option<Date>) = due, "due", "due", Values, 1;
        Done(bool) = done, "done", "done", Values, 1;
        FollowUp(String) = follow_up, "follow_up", "follow-up", Changed, 1;
    }
}

/// The oldest file format that keeps everything `map` holds: the newest
/// `since` among the fields it uses.
pub fn format_needed(map: &Map) -> u32 {
    let actions = |t: &Touchpoint| t.actions.iter().map(ActionKey::format_of).max();
    let touchpoints = map
        .touchpoints()
        .map(|(_, t)| TouchpointKey::format_of(t).max(actions(t).unwrap_or(1)));
    let stages = map.stages.iter().map(|s| StageKey::format_of(s));
    // Personas came with format 3, whatever their fields hold.
    let personas = if map.personas.is_empty() { 1 } else { 3 };
    MapKey::format_of(map)
        .max(personas)
        .max(stages.max().unwrap_or(1))
        .max(touchpoints.max().unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_its_own_name_in_the_file() {
        let mut names: Vec<&str> = TouchpointKey::ALL.iter().map(|k| k.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TouchpointKey::ALL.len());
        for key in TouchpointKey::ALL {
            assert_eq!(TouchpointKey::named(key.name()), Some(*key));
        }
        for key in ActionKey::ALL {
            assert_eq!(ActionKey::named(key.name()), Some(*key));
        }
    }

    #[test]
    fn a_value_goes_into_a_conflict_and_back_for_every_field() {
        let tp = Touchpoint::new(crate::model::TouchpointId::parse("t-1").unwrap(), "Pay");
        for key in TouchpointKey::ALL {
            let value = key.read(&tp);
            assert_eq!(
                TouchpointField::from_value(*key, &value.to_value()),
                Some(value)
            );
        }
    }
}

//! Stable ids for stages, touchpoints, actions and personas.
//!
//! Ids are random, not sequential: two people adding items on two git branches
//! must not both pick the same id, or the merge would confuse their items. Six
//! base-32 characters (30 bits) keep an id short in a diff while making such a
//! clash vanishingly rare; within one map a fresh id is also checked against the
//! ids already taken.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Lower-case Crockford base 32: no `i`, `l`, `o` or `u`, so ids read aloud well.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
const RANDOM_CHARS: usize = 6;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The letter that starts every fresh id of this kind.
            pub const PREFIX: &'static str = $prefix;

            /// A fresh random id that `taken` does not already hold.
            pub fn fresh(mut taken: impl FnMut(&str) -> bool) -> Self {
                loop {
                    let id = format!("{}-{}", $prefix, random_chars());
                    if !taken(&id) {
                        return Self(id);
                    }
                }
            }

            /// An id from text, as written in a file; `None` when it is not a usable id.
            pub fn parse(text: &str) -> Option<Self> {
                valid_id(text).then(|| Self(text.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(&text).ok_or_else(|| serde::de::Error::custom(invalid_id_message(&text)))
            }
        }
    };
}

id_type!(
    /// Names one stage of a journey.
    StageId,
    "s"
);
id_type!(
    /// Names one touchpoint; root-cause links and plan items refer to it.
    TouchpointId,
    "t"
);
id_type!(
    /// Names one action in the EDUNI plan.
    ActionId,
    "a"
);
id_type!(
    /// Names one persona of a map; a touchpoint's per-persona scores refer
    /// to it, so that a rename on one branch and a score on another merge.
    PersonaId,
    "p"
);

/// Hand-written ids are welcome as long as they stay one readable word.
fn valid_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
}

fn invalid_id_message(text: &str) -> String {
    if text.is_empty() {
        "an id must not be empty".to_owned()
    } else {
        format!("`{text}` is not a usable id: use up to 64 letters, digits, `-`, `_` or `.`")
    }
}

/// Six random base-32 characters: the random part of a fresh id, also used
/// to name temporary files.
pub fn random_chars() -> String {
    // The operating system's generator; if it is unavailable, fall back to the
    // randomly keyed hasher std seeds per process, mixed with the clock.
    let bits = getrandom::u64().unwrap_or_else(|_| fallback_random());
    (0..RANDOM_CHARS)
        .map(|i| char::from(ALPHABET[((bits >> (i * 5)) & 31) as usize]))
        .collect()
}

fn fallback_random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    if let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn fresh_ids_are_short_prefixed_and_distinct() {
        let mut seen = HashSet::new();
        for _ in 0..2000 {
            let id = TouchpointId::fresh(|candidate| seen.contains(candidate));
            assert_eq!(id.as_str().len(), 8, "{id}");
            assert!(id.as_str().starts_with("t-"));
            assert!(seen.insert(id.as_str().to_owned()));
        }
    }

    #[test]
    fn fresh_skips_taken_ids() {
        let first = StageId::fresh(|_| false);
        let mut calls = 0;
        let second = StageId::fresh(|candidate| {
            calls += 1;
            calls == 1 || candidate == first.as_str()
        });
        assert_ne!(first, second);
        assert!(calls >= 2);
    }

    #[test]
    fn parse_accepts_hand_written_ids_and_rejects_junk() {
        assert!(ActionId::parse("a-call-back").is_some());
        assert!(ActionId::parse("").is_none());
        assert!(ActionId::parse("has space").is_none());
        assert!(ActionId::parse("õun").is_none());
    }
}

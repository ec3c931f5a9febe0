//! How a customer feels at a touchpoint, from -2 (very bad) to +2 (very good).
//! An unscored touchpoint has no `Emotion` at all: unscored is not neutral.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i8")]
pub struct Emotion(i8);

impl Emotion {
    pub const MIN: Emotion = Emotion(-2);
    pub const NEUTRAL: Emotion = Emotion(0);
    pub const MAX: Emotion = Emotion(2);

    pub fn new(value: i8) -> Option<Emotion> {
        (Self::MIN.0..=Self::MAX.0)
            .contains(&value)
            .then_some(Emotion(value))
    }

    pub fn value(self) -> i8 {
        self.0
    }

    /// One step better, stopping at the top.
    pub fn raised(self) -> Emotion {
        Emotion((self.0 + 1).min(Self::MAX.0))
    }

    /// One step worse, stopping at the bottom.
    pub fn lowered(self) -> Emotion {
        Emotion((self.0 - 1).max(Self::MIN.0))
    }

    /// The score after one step up from `score`; from unscored, a step up
    /// from neutral, so that `+` on a new touchpoint means "felt good".
    pub fn step_up(score: Option<Emotion>) -> Emotion {
        score.unwrap_or(Emotion::NEUTRAL).raised()
    }

    /// The score after one step down; from unscored, a step down from neutral.
    pub fn step_down(score: Option<Emotion>) -> Emotion {
        score.unwrap_or(Emotion::NEUTRAL).lowered()
    }

    pub fn is_pain(self) -> bool {
        self.0 < 0
    }

    /// How painful, from 0 (not at all) to 2.
    pub fn pain(self) -> u32 {
        u32::from((-self.0).max(0).unsigned_abs())
    }

    /// A sign that reads without colour: `--`, `-`, `0`, `+`, `++`.
    pub fn sign(self) -> &'static str {
        match self.0 {
            -2 => "--",
            -1 => "-",
            0 => "0",
            1 => "+",
            _ => "++",
        }
    }

    /// In words, for people who read no signs: `very bad` .. `very good`.
    pub fn words(self) -> &'static str {
        match self.0 {
            -2 => "very bad",
            -1 => "bad",
            0 => "neutral",
            1 => "good",
            _ => "very good",
        }
    }
}

impl fmt::Display for Emotion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 > 0 {
            write!(f, "+{}", self.0)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

impl TryFrom<i64> for Emotion {
    type Error = String;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        i8::try_from(value)
            .ok()
            .and_then(Emotion::new)
            .ok_or_else(|| format!("emotion must be a whole number from -2 to +2, found {value}"))
    }
}

impl From<Emotion> for i8 {
    fn from(emotion: Emotion) -> i8 {
        emotion.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_minus_two_to_plus_two() {
        assert!(Emotion::new(-3).is_none());
        assert!(Emotion::new(3).is_none());
        assert_eq!(
            Emotion::try_from(7).unwrap_err(),
            "emotion must be a whole number from -2 to +2, found 7"
        );
        assert_eq!(Emotion::try_from(-2), Ok(Emotion::MIN));
    }

    #[test]
    fn raise_and_lower_stop_at_the_ends() {
        assert_eq!(Emotion::MAX.raised(), Emotion::MAX);
        assert_eq!(Emotion::MIN.lowered(), Emotion::MIN);
        assert_eq!(Emotion::NEUTRAL.raised().to_string(), "+1");
        assert_eq!(Emotion::NEUTRAL.lowered().to_string(), "-1");
    }

    #[test]
    fn signs_and_pain() {
        let signs: Vec<&str> = (-2..=2).map(|v| Emotion::new(v).unwrap().sign()).collect();
        assert_eq!(signs, ["--", "-", "0", "+", "++"]);
        assert_eq!(Emotion::MIN.pain(), 2);
        assert_eq!(Emotion::MAX.pain(), 0);
        assert!(!Emotion::NEUTRAL.is_pain());
        let words: Vec<&str> = (-2..=2).map(|v| Emotion::new(v).unwrap().words()).collect();
        assert_eq!(words, ["very bad", "bad", "neutral", "good", "very good"]);
    }
}

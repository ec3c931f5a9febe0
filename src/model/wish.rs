//! The wish model: a 2x2 of "does the customer articulate the wish?" and
//! "does fulfilling it add value for them?".

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename = "wish")]
pub enum Wish {
    /// Said out loud, and worth it.
    Conscious,
    /// Never said, but worth it.
    Subconscious,
    /// Said out loud, but fulfilling it adds nothing.
    Deception,
    /// Neither said nor worth it.
    Invisible,
}

impl Wish {
    pub const ALL: [Wish; 4] = [
        Wish::Conscious,
        Wish::Subconscious,
        Wish::Deception,
        Wish::Invisible,
    ];

    /// The category that two answers put a wish in.
    pub fn from_answers(articulated: bool, adds_value: bool) -> Wish {
        match (articulated, adds_value) {
            (true, true) => Wish::Conscious,
            (false, true) => Wish::Subconscious,
            (true, false) => Wish::Deception,
            (false, false) => Wish::Invisible,
        }
    }

    /// Does the customer put this wish into words?
    pub fn articulated(self) -> bool {
        matches!(self, Wish::Conscious | Wish::Deception)
    }

    /// Does fulfilling the wish add value for the customer?
    pub fn adds_value(self) -> bool {
        matches!(self, Wish::Conscious | Wish::Subconscious)
    }

    /// One letter, so that the category never depends on colour alone.
    pub fn letter(self) -> char {
        match self {
            Wish::Conscious => 'C',
            Wish::Subconscious => 'S',
            Wish::Deception => 'D',
            Wish::Invisible => 'I',
        }
    }

    pub fn from_letter(letter: char) -> Option<Wish> {
        Wish::ALL
            .into_iter()
            .find(|w| w.letter().eq_ignore_ascii_case(&letter))
    }

    pub fn name(self) -> &'static str {
        match self {
            Wish::Conscious => "Conscious",
            Wish::Subconscious => "Subconscious",
            Wish::Deception => "Deception",
            Wish::Invisible => "Invisible",
        }
    }

    /// What a designer does with a wish of this kind.
    pub fn guidance(self) -> &'static str {
        match self {
            Wish::Conscious => "deliver it reliably: customers expect it and notice when it fails",
            Wish::Subconscious => "a chance to delight: nobody asks, but everybody values it",
            Wish::Deception => "manage expectations: asked for, but more of it adds little",
            Wish::Invisible => "a candidate to drop: nobody asks and nobody gains",
        }
    }

    /// The guidance in a few words, before its reason: `deliver it reliably`.
    pub fn advice(self) -> &'static str {
        let guidance = self.guidance();
        guidance
            .split_once(':')
            .map_or(guidance, |(advice, _)| advice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_round_trip_through_every_category() {
        for wish in Wish::ALL {
            assert_eq!(
                Wish::from_answers(wish.articulated(), wish.adds_value()),
                wish
            );
        }
        assert_eq!(Wish::from_answers(false, true), Wish::Subconscious);
        assert_eq!(Wish::from_answers(true, false), Wish::Deception);
    }

    #[test]
    fn letters_are_distinct_and_read_back_in_either_case() {
        for wish in Wish::ALL {
            assert_eq!(Wish::from_letter(wish.letter()), Some(wish));
            assert_eq!(
                Wish::from_letter(wish.letter().to_ascii_lowercase()),
                Some(wish)
            );
        }
        assert_eq!(Wish::from_letter('x'), None);
    }

    #[test]
    fn advice_is_the_guidance_in_a_few_words() {
        assert_eq!(Wish::Conscious.advice(), "deliver it reliably");
        assert_eq!(Wish::Invisible.advice(), "a candidate to drop");
    }
}

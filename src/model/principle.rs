//! The six EDUNI principles: what customers miss when an experience goes wrong.
//!
//! Each principle carries the share of consumers whose expectations went unmet
//! for that reason (CX Impact report, 2011). The share is the plan's priority
//! weight, and the order of [`Principle::ALL`] is the order of the shares.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename = "principle")]
pub enum Principle {
    Respond,
    Competent,
    Fast,
    Friendly,
    History,
    Social,
}

impl Principle {
    /// Every principle, largest share first: the order of the action plan.
    pub const ALL: [Principle; 6] = [
        Principle::Respond,
        Principle::Competent,
        Principle::Fast,
        Principle::Friendly,
        Principle::History,
        Principle::Social,
    ];

    /// Percentage of consumers let down for this reason.
    pub fn share(self) -> u32 {
        match self {
            Principle::Respond => 58,
            Principle::Competent => 57,
            Principle::Fast => 56,
            Principle::Friendly => 51,
            Principle::History => 34,
            Principle::Social => 16,
        }
    }

    /// The principle as the plan states it, an instruction to the team.
    pub fn title(self) -> &'static str {
        match self {
            Principle::Respond => "Respond",
            Principle::Competent => "Be competent",
            Principle::Fast => "Be fast",
            Principle::Friendly => "Be friendly",
            Principle::History => "Know the relationship history",
            Principle::Social => "Be social",
        }
    }

    /// What customers experience when the principle is broken.
    pub fn when_broken(self) -> &'static str {
        match self {
            Principle::Respond => "nobody answers: calls and e-mails go unanswered",
            Principle::Competent => "staff cannot help; the customer knows more than they do",
            Principle::Fast => "solving the problem takes too long",
            Principle::Friendly => "service is impersonal; nobody uses the customer's name",
            Principle::History => "the company forgets the customer, even after a recent contact",
            Principle::Social => "information about the company is hard to find",
        }
    }

    /// The word used in map files and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Principle::Respond => "Respond",
            Principle::Competent => "Competent",
            Principle::Fast => "Fast",
            Principle::Friendly => "Friendly",
            Principle::History => "History",
            Principle::Social => "Social",
        }
    }

    /// Reads a principle by its key or title, ignoring case.
    pub fn from_key(text: &str) -> Option<Principle> {
        let text = text.trim();
        Principle::ALL
            .into_iter()
            .find(|p| p.key().eq_ignore_ascii_case(text) || p.title().eq_ignore_ascii_case(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_ordered_by_share_descending() {
        let shares: Vec<u32> = Principle::ALL.iter().map(|p| p.share()).collect();
        assert_eq!(shares, [58, 57, 56, 51, 34, 16]);
    }

    #[test]
    fn keys_and_titles_read_back() {
        for p in Principle::ALL {
            assert_eq!(Principle::from_key(p.key()), Some(p));
            assert_eq!(Principle::from_key(&p.title().to_uppercase()), Some(p));
        }
        assert_eq!(Principle::from_key("be nice"), None);
    }
}

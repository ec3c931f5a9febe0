//! Calendar dates for due dates, written `YYYY-MM-DD` and nothing else.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A day in the proleptic Gregorian calendar. Ordering is chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl FromStr for Date {
    type Err = String;

    fn from_str(text: &str) -> Result<Date, String> {
        let shape_ok = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(format!(
                "`{text}` is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31"
            ));
        }
        let number = |range: std::ops::Range<usize>| text[range].parse::<u16>().unwrap_or(0);
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        let month_u8 = u8::try_from(month).unwrap_or(0);
        if !(1..=12).contains(&month_u8) {
            return Err(format!("`{text}` is not a date: there is no month {month}"));
        }
        let day_u8 = u8::try_from(day).unwrap_or(0);
        Date::new(year, month_u8, day_u8).ok_or_else(|| {
            format!(
                "`{text}` is not a date: {} {year} has {} days",
                MONTHS[usize::from(month_u8 - 1)],
                days_in_month(year, month_u8)
            )
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    /// Written from a buffer on the stack: a recovery copy writes one date
    /// per action, and an allocation each would make its thread take the
    /// allocator's lock the app's thread needs for its keys.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut text = OnStack::default();
        fmt::Write::write_fmt(&mut text, format_args!("{self}"))
            .map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(text.as_str())
    }
}

/// Text short enough for the stack: a date as it is written.
#[derive(Default)]
struct OnStack {
    bytes: [u8; 16],
    len: usize,
}

impl OnStack {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for OnStack {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let end = self.len + text.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_written_as_it_prints() {
        for (year, month, day) in [(2026, 12, 31), (5, 1, 2), (65535, 2, 28)] {
            let date = Date::new(year, month, day).unwrap();
            let written = ron::to_string(&date).unwrap();
            assert_eq!(written, format!("\"{date}\""));
        }
    }

    #[test]
    fn parses_and_prints_iso_dates() {
        let date: Date = "2026-02-28".parse().unwrap();
        assert_eq!(date.to_string(), "2026-02-28");
        assert_eq!((date.year(), date.month(), date.day()), (2026, 2, 28));
        assert!("2028-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn bad_dates_say_what_is_wrong() {
        assert_eq!(
            "2026-02-29".parse::<Date>().unwrap_err(),
            "`2026-02-29` is not a date: February 2026 has 28 days"
        );
        assert_eq!(
            "2026-13-01".parse::<Date>().unwrap_err(),
            "`2026-13-01` is not a date: there is no month 13"
        );
        assert!(
            "1.12.2026"
                .parse::<Date>()
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!("2026-1-01".parse::<Date>().is_err());
        assert!("2026-01-00".parse::<Date>().is_err());
    }

    #[test]
    fn order_is_chronological() {
        let a: Date = "2025-12-31".parse().unwrap();
        let b: Date = "2026-01-01".parse().unwrap();
        assert!(a < b);
    }
}

//! The little cxmap needs of the operating system that the standard library
//! does not give. cxmap runs on Unix-like systems (Linux, macOS, the BSDs):
//! it relies on Unix permissions, owners, inodes and signals throughout, and
//! says so at compile time elsewhere.

#[cfg(not(unix))]
compile_error!("cxmap runs on Unix-like systems (Linux, macOS, the BSDs) only");

/// The effective user id of this process: whose files are whose.
pub fn user_id() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// A file time in the local time zone, as `format` (strftime) writes it.
pub fn local_time(time: std::time::SystemTime, format: &str) -> Option<String> {
    let time = jiff::Timestamp::try_from(time).ok()?;
    Some(
        time.to_zoned(jiff::tz::TimeZone::system())
            .strftime(format)
            .to_string(),
    )
}

/// Today in the local time zone.
pub fn today_local() -> crate::model::Date {
    let now = jiff::Zoned::now().date();
    let year = u16::try_from(now.year()).unwrap_or(2000);
    crate::model::Date::new(year, now.month().unsigned_abs(), now.day().unsigned_abs())
        .unwrap_or_else(|| crate::model::Date::new(2000, 1, 1).expect("a valid date"))
}

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

/// Today in the local time zone. In the binary `cargo test` builds
/// (feature `test-hooks`), `CXMAP_TEST_TODAY=YYYY-MM-DD` stands in for it,
/// so that tests of the real binary see the example's actions as they were
/// written, not overdue as the calendar moves on.
pub fn today_local() -> crate::model::Date {
    #[cfg(feature = "test-hooks")]
    if let Some(today) = std::env::var("CXMAP_TEST_TODAY")
        .ok()
        .and_then(|day| day.parse().ok())
    {
        return today;
    }
    let now = jiff::Zoned::now().date();
    let year = u16::try_from(now.year()).unwrap_or(2000);
    crate::model::Date::new(year, now.month().unsigned_abs(), now.day().unsigned_abs())
        .unwrap_or_else(|| crate::model::Date::new(2000, 1, 1).expect("a valid date"))
}

/// Lowers the calling thread's priority (nice 10), for work that must not
/// slow the keys: on a busy machine the thread that answers them runs
/// first. Linux only, where a thread has a priority of its own (elsewhere
/// this would lower the whole process, so it does nothing); a failure
/// leaves the priority as it was.
pub fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: gettid and setpriority have no preconditions; setpriority
        // on this thread's own id changes only its nice value.
        unsafe {
            let thread = libc::gettid();
            libc::setpriority(libc::PRIO_PROCESS, thread.cast_unsigned(), 10);
        }
    }
}

/// The calling thread's id (0 where there is none to give).
pub fn this_threads_id() -> i32 {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid has no preconditions.
    return unsafe { libc::gettid() };
    #[cfg(not(target_os = "linux"))]
    0
}

/// Lets thread `id` of this process run only when nothing else wants a
/// core (SCHED_IDLE; nice 19 besides, should that be refused): for a
/// thread whose work is over but which cannot be stopped. Linux only; a
/// failure leaves it as it was.
pub fn idle_thread(id: i32) {
    #[cfg(target_os = "linux")]
    // SAFETY: both calls take a thread id and plain values; they change
    // only that thread's scheduling, and a wrong id fails harmlessly.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, id.cast_unsigned(), 19);
        let param = libc::sched_param { sched_priority: 0 };
        libc::sched_setscheduler(id, libc::SCHED_IDLE, &param);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = id;
}

/// Makes the calling thread's short sleeps short: Linux lets a sleep run
/// over by its timer slack, 50 µs unless set, so that a pause of a
/// microsecond would take fifty. Only this thread's; a failure leaves the
/// slack as it was.
pub fn short_sleeps_for_this_thread() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_TIMERSLACK takes a number of nanoseconds and changes
    // only the calling thread's slack.
    unsafe {
        libc::prctl(libc::PR_SET_TIMERSLACK, 1 as libc::c_ulong);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The nice value of the calling thread, from `/proc`.
    fn nice_of_this_thread() -> i64 {
        // SAFETY: gettid has no preconditions.
        let tid = unsafe { libc::gettid() };
        let stat = std::fs::read_to_string(format!("/proc/self/task/{tid}/stat")).unwrap();
        // Fields after the command's closing parenthesis; nice is field 19.
        let rest = &stat[stat.rfind(')').unwrap() + 2..];
        rest.split(' ').nth(16).unwrap().parse().unwrap()
    }

    #[test]
    fn a_thread_lowers_its_own_priority_and_no_other() {
        let before = nice_of_this_thread();
        let lowered = std::thread::spawn(|| {
            super::lower_this_threads_priority();
            nice_of_this_thread()
        })
        .join()
        .unwrap();
        assert_eq!(lowered, (before + 10).min(19));
        assert_eq!(
            nice_of_this_thread(),
            before,
            "the caller keeps its priority"
        );
    }

    /// Thread `id`'s scheduling policy (field 41 of its stat; 5 is SCHED_IDLE).
    fn policy_of(id: i32) -> i64 {
        let stat = std::fs::read_to_string(format!("/proc/self/task/{id}/stat")).unwrap();
        let rest = &stat[stat.rfind(')').unwrap() + 2..];
        rest.split(' ').nth(38).unwrap().parse().unwrap()
    }

    #[test]
    fn a_thread_set_aside_runs_only_when_nothing_else_wants_a_core() {
        let (told, id) = std::sync::mpsc::channel();
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let spinner = std::thread::spawn(move || {
            told.send(super::this_threads_id()).unwrap();
            let _ = stopped.recv();
        });
        let id = id.recv().unwrap();
        assert_eq!(policy_of(id), 0, "an ordinary thread to begin with");
        super::idle_thread(id);
        assert_eq!(policy_of(id), libc::SCHED_IDLE as i64);
        let me = super::this_threads_id();
        assert_eq!(policy_of(me), 0, "the caller stays as it was");
        stop.send(()).unwrap();
        spinner.join().unwrap();
    }

    /// The calling thread's timer slack, in nanoseconds.
    fn slack_of_this_thread() -> i32 {
        // SAFETY: PR_GET_TIMERSLACK reads the calling thread's slack.
        unsafe { libc::prctl(libc::PR_GET_TIMERSLACK) }
    }

    #[test]
    fn a_thread_makes_its_own_sleeps_short_and_no_others() {
        let before = slack_of_this_thread();
        let short = std::thread::spawn(|| {
            super::short_sleeps_for_this_thread();
            slack_of_this_thread()
        })
        .join()
        .unwrap();
        assert_eq!(short, 1, "no slack beyond a nanosecond");
        assert_eq!(slack_of_this_thread(), before, "the caller's slack stays");
    }
}

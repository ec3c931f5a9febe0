//! Recovery copies written on a thread of their own, so that no key waits
//! for one: a copy of a 100,000-touchpoint map is over 100 MB.
//!
//! The app hands over a snapshot (a copy of the map costs a pointer per
//! touchpoint, `model::Shared`) and carries on. Copies are written in the
//! order asked for, and a snapshot never lands over a newer one: each
//! request is numbered, and one older than the newest begun or removed is
//! dropped. Only the newest of a burst is written. The thread blocks on its
//! queue while there is nothing to write: an idle app stays asleep.
//!
//! At the end of a session the copy is written in the caller's thread
//! ([`Writer::write_now`]), after whatever is being written finishes, so
//! the latest state is on disk before the process exits.
//!
//! [`Activity`] says whether a copy is being written (or waited for) at
//! this moment, so that the app's watchdog, which ends a session a signal
//! could not end, never cuts a copy short.
//!
//! [`KeysFirst`] counts the keys the app has been sent and not yet answered
//! with a frame: a copy written in the background stops between two of its
//! writes while there are any, for one key at most [`GIVE_WAY_AT_MOST`]
//! and for one copy [`GIVE_WAY_PER_COPY`] in all; not at all once the
//! app waits for the writer (quitting, a session's end), which answers no
//! key meanwhile.
//! On a machine with no core to spare (the thread's lower priority only
//! shares the core out, the key still waits for the copy's turn to end),
//! the key goes first.
//!
//! Before a key is even counted, the kernel's work on it (the terminal's
//! buffer, the thread that reads it, the app's wake-up) may be queued on
//! the core the copy holds, and the scheduler left it there until its next
//! tick: up to 4 ms. Neither the lower priority nor a `sched_yield` hands
//! the core over (the kernel's threads are scheduled apart from the app's
//! group). So the copy sleeps for [`PAUSE`] every [`RUN_AT_MOST`]
//! ([`Pace`]): off its core, whatever waits for it runs at once. (A sleep
//! of a microsecond is over before the thread leaves its core: it must be
//! a little longer.)

use super::Slot;
use crate::model::Map;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The longest a copy waits for the app to answer one key: an app busy for
/// longer (a long operation) does not hold the copy up more than this.
pub const GIVE_WAY_AT_MOST: Duration = Duration::from_millis(50);

/// The longest one copy gives way in all: a flood of keys (thousands a
/// second) delays it by this much, then it goes on at its own pace.
pub const GIVE_WAY_PER_COPY: Duration = Duration::from_secs(1);

/// The longest a copy written in the background keeps its core before it
/// pauses ([`PAUSE`]), so that whatever is waiting for that core runs.
pub const RUN_AT_MOST: Duration = Duration::from_micros(500);

/// How long a copy pauses: a sleep just long enough to take the thread
/// off its core (its timer has no slack). With the sleep's own cost, a
/// copy takes a tenth longer.
pub const PAUSE: Duration = Duration::from_micros(10);

/// How often a copy pauses: every [`RUN_AT_MOST`], the clock read once
/// every [`Pace::CALLS`] writes (a clock read costs more than a small
/// write).
#[derive(Debug)]
pub struct Pace {
    calls: u32,
    since: Instant,
}

impl Pace {
    const CALLS: u32 = 128;

    pub fn new(now: Instant) -> Pace {
        Pace {
            calls: 0,
            since: now,
        }
    }

    /// Called before each write: whether to yield now. `now` is asked only
    /// every [`Pace::CALLS`] calls.
    pub fn due(&mut self, now: impl FnOnce() -> Instant) -> bool {
        self.calls += 1;
        if self.calls < Pace::CALLS {
            return false;
        }
        self.calls = 0;
        let now = now();
        if now.duration_since(self.since) < RUN_AT_MOST {
            return false;
        }
        self.since = now;
        true
    }
}

/// The keys the app has been sent and has yet to answer with a frame,
/// shared by the thread reading the terminal, the app's loop and the
/// writer's thread.
#[derive(Clone, Debug, Default)]
pub struct KeysFirst(Arc<Keys>);

#[derive(Debug, Default)]
struct Keys {
    /// How many keys have come.
    arrived: AtomicU64,
    /// How many of them have their frame drawn.
    answered: AtomicU64,
    lock: Mutex<()>,
    turn: Condvar,
    /// The loop answers no more keys: it is waiting for the writer, or
    /// the session is ending. Nothing gives way from then on.
    over: AtomicBool,
    /// [`GIVE_WAY_AT_MOST`] unless a test says otherwise.
    #[cfg(test)]
    at_most: Mutex<Option<Duration>>,
}

impl KeysFirst {
    /// A key (any event from the terminal) has come, and goes to the app:
    /// called before handing it over.
    pub fn arrived(&self) {
        self.0.arrived.fetch_add(1, Ordering::SeqCst);
    }

    /// The first `count` keys that came have their frame drawn.
    pub fn answered(&self, count: u64) {
        let before = self.0.answered.fetch_max(count, Ordering::SeqCst);
        if before < count {
            self.wake();
        }
    }

    /// Every key that came counts as answered: the app is about to wait for
    /// the writer, and must not be waited for in turn.
    fn all_answered(&self) {
        self.0.over.store(true, Ordering::SeqCst);
        let arrived = self.0.arrived.load(Ordering::SeqCst);
        self.0.answered.fetch_max(arrived, Ordering::SeqCst);
        self.wake();
    }

    /// How long a copy waits for one key, from now on.
    #[cfg(test)]
    pub fn give_way_at_most(&self, at_most: Duration) {
        *self
            .0
            .at_most
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(at_most);
    }

    fn wake(&self) {
        drop(self.0.lock.lock().unwrap_or_else(PoisonError::into_inner));
        self.0.turn.notify_all();
    }

    /// For the writer, between two writes: waits while a key is
    /// unanswered, but for a key it has waited for already (`waited_for`,
    /// how many had come then) not again, nor once the copy has given way
    /// [`GIVE_WAY_PER_COPY`] in all (`given`), nor once the loop answers
    /// no more keys (it waits for this copy itself).
    fn give_way(&self, waited_for: &mut u64, given: &mut Duration) {
        let keys = &self.0;
        let arrived = keys.arrived.load(Ordering::SeqCst);
        if arrived <= *waited_for
            || keys.answered.load(Ordering::SeqCst) >= arrived
            || *given >= GIVE_WAY_PER_COPY
            || keys.over.load(Ordering::SeqCst)
        {
            return;
        }
        *waited_for = arrived;
        let began = Instant::now();
        #[cfg(not(test))]
        let at_most = GIVE_WAY_AT_MOST;
        #[cfg(test)]
        let at_most = keys
            .at_most
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .unwrap_or(GIVE_WAY_AT_MOST);
        let lock = keys.lock.lock().unwrap_or_else(PoisonError::into_inner);
        let at_most = at_most.min(GIVE_WAY_PER_COPY - *given);
        let waited = keys.turn.wait_timeout_while(lock, at_most, |()| {
            keys.answered.load(Ordering::SeqCst) < arrived && !keys.over.load(Ordering::SeqCst)
        });
        drop(waited.unwrap_or_else(PoisonError::into_inner));
        *given += began.elapsed();
    }
}

/// Whether a copy is being written or waited for: shared with whoever
/// watches (the app's watchdog), cheap to ask from any thread.
#[derive(Clone, Debug, Default)]
pub struct Activity(Arc<AtomicUsize>);

impl Activity {
    /// Whether anything is under way right now.
    pub fn busy(&self) -> bool {
        self.0.load(Ordering::SeqCst) > 0
    }

    /// Marks something under way until the guard is dropped.
    pub fn begin(&self) -> Busy {
        self.0.fetch_add(1, Ordering::SeqCst);
        Busy(self.clone())
    }
}

/// Something under way, until dropped ([`Activity::begin`]).
#[must_use = "the work is under way only while this is held"]
pub struct Busy(Activity);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Writes a slot's copies in the background, in order.
pub struct Writer {
    shared: Arc<Shared>,
    /// Started at the first copy asked for in the background.
    queue: Option<mpsc::Sender<Request>>,
    failures: mpsc::Receiver<io::Error>,
    failed: mpsc::Sender<io::Error>,
    /// Called after a background write fails, to wake the app to say so.
    wake: Option<Arc<dyn Fn() + Send + Sync>>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

struct Shared {
    /// Held while a copy is written, by the thread or the caller; it holds
    /// what the copy on disk was last written from.
    pen: Mutex<Option<Written>>,
    /// The number of the last request made.
    asked: AtomicU64,
    /// The number of the newest write begun: an older one is dropped.
    begun: AtomicU64,
    /// The number of the last removal: a write older than it is dropped,
    /// and one that was under way as it came is removed again.
    removed: AtomicU64,
    activity: Activity,
    keys: KeysFirst,
    /// Held by a test to stop a write under way.
    #[cfg(test)]
    gate: Arc<Mutex<()>>,
}

/// What a slot's copy on disk was written from.
struct Written {
    slot: Arc<Slot>,
    map: Map,
    base: Map,
    /// The removal it came after: another since, and it is gone.
    removed: u64,
}

enum Request {
    /// Boxed: two maps beside a sender.
    Write(Box<Job>),
    /// Answered once everything asked for before it is done.
    Wait(mpsc::Sender<()>),
}

struct Job {
    number: u64,
    slot: Arc<Slot>,
    map: Map,
    base: Map,
}

impl Default for Writer {
    fn default() -> Writer {
        let (failed, failures) = mpsc::channel();
        Writer {
            shared: Arc::new(Shared {
                pen: Mutex::new(None),
                asked: AtomicU64::new(0),
                begun: AtomicU64::new(0),
                removed: AtomicU64::new(0),
                activity: Activity::default(),
                keys: KeysFirst::default(),
                #[cfg(test)]
                gate: Arc::default(),
            }),
            queue: None,
            failures,
            failed,
            wake: None,
        }
    }
}

impl Writer {
    /// `wake` is called when a write in the background failed, so that
    /// the app takes [`Writer::failures`] and says so.
    pub fn wake_with(&mut self, wake: impl Fn() + Send + Sync + 'static) {
        self.wake = Some(Arc::new(wake));
    }

    /// Writes `map`, edited from `base`, as `slot`'s copy on the writer's
    /// thread; returns at once.
    pub fn write_later(&mut self, slot: &Arc<Slot>, map: Map, base: Map) {
        let job = Job {
            number: self.shared.asked.fetch_add(1, Ordering::SeqCst) + 1,
            slot: Arc::clone(slot),
            map,
            base,
        };
        if self.queue.is_none() {
            self.start();
        }
        let request = match &self.queue {
            Some(queue) => match queue.send(Request::Write(Box::new(job))) {
                Ok(()) => return,
                // The thread is gone (it panicked): write here instead.
                Err(mpsc::SendError(request)) => request,
            },
            None => Request::Write(Box::new(job)),
        };
        if let Request::Write(job) = request
            && let Some(Err(error)) = run(&self.shared, *job, false)
        {
            let _ = self.failed.send(error);
        }
    }

    fn start(&mut self) {
        let (queue, jobs) = mpsc::channel();
        let shared = Arc::clone(&self.shared);
        let failed = self.failed.clone();
        let wake = self.wake.clone();
        let spawned = std::thread::Builder::new()
            .name("recovery copy".into())
            .spawn(move || background(&shared, &jobs, &failed, wake.as_deref()));
        if spawned.is_ok() {
            self.queue = Some(queue);
        }
    }

    /// Writes the copy now, in this thread, after whatever is being written
    /// (which it supersedes): for the end of a session.
    pub fn write_now(&mut self, slot: &Arc<Slot>, map: Map, base: Map) -> io::Result<()> {
        self.shared.keys.all_answered();
        let job = Job {
            number: self.shared.asked.fetch_add(1, Ordering::SeqCst) + 1,
            slot: Arc::clone(slot),
            map,
            base,
        };
        run(&self.shared, job, false).unwrap_or(Ok(()))
    }

    /// Removes `slot`'s copy now (there is nothing unsaved), without
    /// waiting for a copy being written: that one is dropped or, if it is
    /// too far along, removed again as soon as it is written.
    pub fn remove(&mut self, slot: &Slot) {
        let number = self.shared.asked.fetch_add(1, Ordering::SeqCst) + 1;
        self.shared.removed.store(number, Ordering::SeqCst);
        slot.remove_copy();
    }

    /// Waits until every copy asked for so far is written (or dropped: a
    /// removal or a newer copy came since).
    pub fn wait(&self) {
        self.shared.keys.all_answered();
        let (done, answer) = mpsc::channel();
        if let Some(queue) = &self.queue
            && queue.send(Request::Wait(done)).is_ok()
        {
            // An error: the thread is gone, and has nothing under way.
            let _ = answer.recv();
        }
        drop(self.shared.pen());
    }

    /// Whether a copy is being written (here or in the background) or
    /// waited for: [`Activity::busy`].
    pub fn activity(&self) -> Activity {
        self.shared.activity.clone()
    }

    /// The keys the copies written in the background give way to.
    pub fn keys(&self) -> &KeysFirst {
        &self.shared.keys
    }

    /// Why copies written in the background failed since last asked.
    pub fn failures(&self) -> Vec<io::Error> {
        self.failures.try_iter().collect()
    }

    /// While a test holds this, a write that has begun does not go on.
    #[cfg(test)]
    pub fn gate(&self) -> Arc<Mutex<()>> {
        Arc::clone(&self.shared.gate)
    }

    /// Whether the last copy asked for has begun being written.
    #[cfg(test)]
    pub fn under_way(&self) -> bool {
        self.shared.begun.load(Ordering::SeqCst) == self.shared.asked.load(Ordering::SeqCst)
    }
}

impl Shared {
    fn pen(&self) -> MutexGuard<'_, Option<Written>> {
        self.pen.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The writer's thread: blocks on the queue, writes the newest of each
/// burst of requests.
fn background(
    shared: &Shared,
    jobs: &mpsc::Receiver<Request>,
    failed: &mpsc::Sender<io::Error>,
    wake: Option<&(dyn Fn() + Send + Sync)>,
) {
    // A copy of a big map takes a core for a second: on a machine with
    // few, the keys go first.
    crate::platform::lower_this_threads_priority();
    crate::platform::short_sleeps_for_this_thread();
    while let Ok(first) = jobs.recv() {
        // Of a burst, only the newest copy is written: the older ones
        // would be overwritten at once (and a copy under another name, of
        // a map since saved under a new one, has been removed).
        let mut newest = None;
        let mut waiting = Vec::new();
        for request in std::iter::once(first).chain(jobs.try_iter()) {
            match request {
                Request::Write(job) => newest = Some(job),
                Request::Wait(done) => waiting.push(done),
            }
        }
        if let Some(Err(error)) = newest.and_then(|job| run(shared, *job, true)) {
            let _ = failed.send(error);
            if let Some(wake) = wake {
                wake();
            }
        }
        for done in waiting {
            let _ = done.send(());
        }
    }
}

/// Writes one copy, unless a newer one was begun or the copy was removed
/// since it was asked for, or the copy on disk already holds it. `None`
/// when nothing was written. In the background, the copy gives way to
/// keys (`KeysFirst`); in the app's own thread, never.
fn run(shared: &Shared, job: Job, background: bool) -> Option<io::Result<()>> {
    // Busy while waiting for the pen too: the copy under way is ours to
    // wait for as well.
    let _busy = shared.activity.begin();
    let mut pen = shared.pen();
    if shared.begun.load(Ordering::SeqCst) > job.number
        || shared.removed.load(Ordering::SeqCst) > job.number
    {
        return None;
    }
    shared.begun.store(job.number, Ordering::SeqCst);
    #[cfg(test)]
    drop(shared.gate.lock().unwrap_or_else(PoisonError::into_inner));
    let removed = shared.removed.load(Ordering::SeqCst);
    let unchanged = pen.as_ref().is_some_and(|w| {
        Arc::ptr_eq(&w.slot, &job.slot)
            && w.removed == removed
            && w.map == job.map
            && w.base == job.base
    });
    if unchanged {
        return Some(Ok(()));
    }
    hooks::slow_copy();
    let (mut waited_for, mut given) = (0, Duration::ZERO);
    let result = if background {
        let keys = &shared.keys;
        let mut pace = Pace::new(Instant::now());
        let mut give_way = || {
            if pace.due(Instant::now) {
                std::thread::sleep(PAUSE);
            }
            keys.give_way(&mut waited_for, &mut given);
        };
        job.slot
            .write_giving_way(&job.map, &job.base, &mut give_way)
    } else {
        job.slot.write(&job.map, &job.base)
    };
    *pen = None;
    if shared.removed.load(Ordering::SeqCst) > job.number {
        // Removed while it was being written.
        job.slot.remove_copy();
        return Some(result);
    }
    if result.is_ok() {
        *pen = Some(Written {
            slot: job.slot,
            map: job.map,
            base: job.base,
            removed,
        });
    }
    Some(result)
}

/// For the end-to-end tests (the binary `cargo test` builds, feature
/// `test-hooks`): `CXMAP_TEST_SLOW_COPY=MS` makes each copy take that many
/// milliseconds longer, as a copy of a map of hundreds of megabytes would.
mod hooks {
    #[cfg(feature = "test-hooks")]
    pub(super) fn slow_copy() {
        let ms = std::env::var("CXMAP_TEST_SLOW_COPY").ok();
        if let Some(ms) = ms.and_then(|ms| ms.parse().ok()) {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
    }

    #[cfg(not(feature = "test-hooks"))]
    pub(super) fn slow_copy() {}
}

#[cfg(test)]
mod pace_tests {
    use super::*;

    #[test]
    fn a_copy_pauses_every_half_millisecond_and_reads_the_clock_seldom() {
        let start = Instant::now();
        let mut pace = Pace::new(start);
        let mut reads = 0;
        let mut at = |micros: u64| {
            let mut due = Vec::new();
            for _ in 0..Pace::CALLS {
                due.push(pace.due(|| {
                    reads += 1;
                    start + Duration::from_micros(micros)
                }));
            }
            due
        };
        // 128 writes within 400 µs: no pause; one clock read.
        assert!(at(400).iter().all(|d| !d));
        // 128 more, 510 µs in: the last of them pauses.
        let due = at(510);
        assert_eq!(due.iter().filter(|d| **d).count(), 1);
        assert!(due[due.len() - 1]);
        // The next 500 µs count from that pause.
        assert!(at(1000).iter().all(|d| !d));
        assert_eq!(at(1011).iter().filter(|d| **d).count(), 1);
        assert_eq!(reads, 4, "the clock read once per 128 writes");
    }
}

#![allow(dead_code)]
//! Drives the real cxmap binary in a pseudo-terminal and reads its screen
//! with a terminal emulator (`vt100`), as a person at a terminal would.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Today, for the binary under test (`CXMAP_TEST_TODAY`, a hook only the
/// test build reads).
pub const TODAY: &str = "2026-11-28";

/// The cxmap binary: cargo's for tests; beside the examples folder for examples.
fn binary() -> std::path::PathBuf {
    match option_env!("CARGO_BIN_EXE_cxmap") {
        Some(path) => path.into(),
        None => {
            let exe = std::env::current_exe().expect("own path");
            exe.parent()
                .and_then(Path::parent)
                .expect("target folder")
                .join("cxmap")
        }
    }
}

pub struct Session {
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Option<Box<dyn Write + Send>>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the app has written to the terminal so far.
    pub received: Arc<AtomicUsize>,
    /// When the last of them arrived (for timing a frame to its last byte).
    last_output: Arc<Mutex<Option<Instant>>>,
    /// Told each time bytes arrive, so that a wait for them need not poll
    /// (a polling thread would take a core from the app being timed).
    arrived: Arc<Condvar>,
    /// Those bytes, kept for tests that read the escape codes themselves.
    raw: Arc<Mutex<Vec<u8>>>,
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    stop: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Session {
    /// Starts `cxmap args...` in a terminal of `cols` x `rows`, in `dir`.
    pub fn start(args: &[&str], cols: u16, rows: u16, dir: &Path, env: &[(&str, &str)]) -> Session {
        let mut command = vec![binary().display().to_string()];
        command.extend(args.iter().map(|a| a.to_string()));
        Session::start_program(&command, cols, rows, dir, env)
    }

    /// Starts cxmap under a shell command: `{cxmap}` in `script` is replaced
    /// by the binary's path.
    pub fn start_shell(
        script: &str,
        cols: u16,
        rows: u16,
        dir: &Path,
        env: &[(&str, &str)],
    ) -> Session {
        let script = script.replace("{cxmap}", &binary().display().to_string());
        Session::start_program(
            &["sh".to_owned(), "-c".to_owned(), script],
            cols,
            rows,
            dir,
            env,
        )
    }

    /// Starts any program (`command[0]` with the rest as its arguments), as
    /// `start` starts cxmap.
    pub fn start_program(
        command: &[String],
        cols: u16,
        rows: u16,
        dir: &Path,
        env: &[(&str, &str)],
    ) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(&command[0]);
        cmd.args(&command[1..]);
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // Recovery copies go to the test's own folder, not the user's.
        cmd.env("XDG_STATE_HOME", dir.join(".state"));
        // And the config file is the test's (none, unless it writes one).
        cmd.env("XDG_CONFIG_HOME", dir.join(".config"));
        // The day the screens were written for: the example's actions fall
        // due over the following weeks, and each overdue one is a finding.
        cmd.env("CXMAP_TEST_TODAY", TODAY);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("cxmap starts");
        drop(pair.slave);
        // The reader polls, so that `hang_up` can stop it and close the last
        // descriptor of the terminal's master side.
        let fd = pair.master.as_raw_fd().expect("a master descriptor");
        // SAFETY: the master is open for the whole of this call.
        let owned = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) }
            .try_clone_to_owned()
            .expect("dup");
        let mut reader = std::fs::File::from(owned);
        let writer = pair.master.take_writer().expect("a writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("cols"),
            0,
        )));
        let received = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let last_output = Arc::new(Mutex::new(None));
        let arrived = Arc::new(Condvar::new());
        let (p, r, halt, bytes) = (parser.clone(), received.clone(), stop.clone(), raw.clone());
        let (last, told) = (last_output.clone(), arrived.clone());
        let reader_thread = std::thread::spawn(move || {
            use std::os::fd::AsRawFd;
            let mut buf = [0u8; 8192];
            while !halt.load(Ordering::SeqCst) {
                let mut poll = libc::pollfd {
                    fd: reader.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd, for 50 ms.
                let ready = unsafe { libc::poll(&mut poll, 1, 50) };
                if ready <= 0 {
                    continue;
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let at = Instant::now();
                        bytes.lock().unwrap().extend_from_slice(&buf[..n]);
                        p.lock().unwrap().process(&buf[..n]);
                        // Counted under the lock a waiter checks the count
                        // under, so that no wake-up falls between the two.
                        let mut when = last.lock().unwrap();
                        *when = Some(at);
                        r.fetch_add(n, Ordering::SeqCst);
                        drop(when);
                        told.notify_all();
                    }
                }
            }
        });
        Session {
            child,
            writer: Some(writer),
            parser,
            received,
            last_output,
            arrived,
            raw,
            master: Some(pair.master),
            stop,
            reader: Some(reader_thread),
        }
    }

    /// When the app last wrote anything, if it has.
    pub fn last_output(&self) -> Option<Instant> {
        *self.last_output.lock().unwrap()
    }

    /// Every byte the app wrote so far, escape codes and all.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Which mouse reports the app asked the terminal for (vt100's name).
    pub fn mouse_mode(&self) -> String {
        format!(
            "{:?}",
            self.parser.lock().unwrap().screen().mouse_protocol_mode()
        )
    }

    pub fn send(&mut self, bytes: &str) {
        let writer = self.writer.as_mut().expect("the terminal is still there");
        writer.write_all(bytes.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// Closes the terminal, as a dropped SSH connection or `tmux kill-session` does:
    /// the kernel sends the app SIGHUP.
    pub fn hang_up(&mut self) {
        // portable-pty's writer types a newline and end-of-file as it is
        // dropped, which the app would read as two keys; a dropped SSH link
        // types nothing. With no end-of-file character set, it writes none.
        if let Some(fd) = self.master.as_ref().and_then(|m| m.as_raw_fd()) {
            // SAFETY: `fd` is the master's, open until `self.master` is dropped
            // below; the termios is a plain C struct filled in by tcgetattr.
            unsafe {
                let mut termios: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(fd, &mut termios) == 0 {
                    termios.c_cc[libc::VEOF] = 0;
                    libc::tcsetattr(fd, libc::TCSANOW, &termios);
                }
            }
        }
        self.writer = None;
        self.master = None;
        self.stop.store(true, Ordering::SeqCst);
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }

    /// The app's process id, for sending it signals.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }

    /// Sends the app a signal, with the system's `kill`.
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Sends keys one at a time, as typing does.
    pub fn type_slowly(&mut self, text: &str) {
        for c in text.chars() {
            self.send(&c.to_string());
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    /// Cells drawn in a colour other than the terminal's default, as (row, col).
    pub fn parser_screen_colours(&self) -> Vec<(u16, u16)> {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let mut coloured = Vec::new();
        for row in 0..rows.get() {
            for col in 0..cols.get() {
                if let Some(cell) = screen.cell(row, col)
                    && (cell.fgcolor() != vt100::Color::Default
                        || cell.bgcolor() != vt100::Color::Default)
                {
                    coloured.push((row, col));
                }
            }
        }
        coloured
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`; panics with the screen after `secs`.
    pub fn wait_for(&self, text: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("waited {secs}s for {text:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until `text` is no longer on the screen; the screen then.
    pub fn wait_until_gone(&self, text: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let screen = self.screen();
            if !screen.contains(text) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("waited {secs}s for {text:?} to go; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the app has written nothing for `quiet`, and returns how
    /// many bytes it wrote in all.
    pub fn settle(&self, quiet: Duration) -> usize {
        let mut seen = self.received.load(Ordering::SeqCst);
        loop {
            let now = self.wait_past(seen, quiet);
            if now == seen {
                return now;
            }
            seen = now;
        }
    }

    /// Waits until more than `seen` bytes have arrived in all, or `timeout`
    /// has passed; how many have.
    pub fn wait_past(&self, seen: usize, timeout: Duration) -> usize {
        let deadline = Instant::now() + timeout;
        let mut last = self.last_output.lock().unwrap();
        loop {
            let now = self.received.load(Ordering::SeqCst);
            let left = deadline.saturating_duration_since(Instant::now());
            if now != seen || left.is_zero() {
                return now;
            }
            last = self.arrived.wait_timeout(last, left).unwrap().0;
        }
    }

    /// Waits for the app to exit; its exit status, or `None` after `secs`.
    pub fn wait_exit(&mut self, secs: u64) -> Option<portable_pty::ExitStatus> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

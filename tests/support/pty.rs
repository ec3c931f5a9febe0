#![allow(dead_code)]
//! Drives the real cxmap binary in a pseudo-terminal and reads its screen
//! with a terminal emulator (`vt100`), as a person at a terminal would.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the app has written to the terminal so far.
    pub received: Arc<AtomicUsize>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    /// Starts `cxmap args...` in a terminal of `cols` x `rows`, in `dir`.
    pub fn start(args: &[&str], cols: u16, rows: u16, dir: &Path, env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(binary());
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("cxmap starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let writer = pair.master.take_writer().expect("a writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("cols"),
            0,
        )));
        let received = Arc::new(AtomicUsize::new(0));
        let (p, r) = (parser.clone(), received.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                r.fetch_add(n, Ordering::SeqCst);
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        Session {
            child,
            writer,
            parser,
            received,
            _master: pair.master,
        }
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
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

    /// Waits until the app has written nothing for `quiet`, and returns how
    /// many bytes it wrote in all.
    pub fn settle(&self, quiet: Duration) -> usize {
        let mut last = self.received.load(Ordering::SeqCst);
        let mut since = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(10));
            let now = self.received.load(Ordering::SeqCst);
            if now != last {
                last = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                return now;
            }
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

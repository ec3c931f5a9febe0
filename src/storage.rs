//! Maps on disk: the RON format, loading with errors that point at a line and
//! column, and atomic saving. Depends on `model`; nothing in `model` depends on it.

mod comments;
mod config;
mod control;
mod format;
mod lean;
mod lexer;
mod lines;
mod recovery;
pub(crate) mod save;

pub use comments::comment_lines;
pub use config::{
    CONFIG_NAME, Config, ConfigError, Flags, Setting, Settings, Source as SettingSource, ThemeName,
};
pub use format::{FORMAT_VERSION, ParseError, parse, to_canonical, write_canonical};
pub use lean::load_lean;
pub use lines::{LineIndex, field_place};
pub use recovery::{
    Activity as RecoveryActivity, Busy as RecoveryBusy, Entry as RecoveryEntry, KeysFirst,
    LeftOver, Leftover as RecoveryLeftover, Recovery, Slot as RecoverySlot,
    Stranger as RecoveryStranger, Writer as RecoveryWriter,
};
#[cfg(test)]
pub use save::hooks;
pub use save::{
    Expected, Fingerprint, Seen, Stamp, is_changed_on_disk, remove_stray_temporaries,
    resolve_links, write_atomic, write_atomic_checked, write_atomic_to, write_atomic_to_within,
    write_atomic_with,
};

use crate::model::{Map, validate};
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// A map read from disk, with the text it came from, exactly as it was.
#[derive(Debug)]
pub struct Loaded {
    pub map: Map,
    pub text: String,
}

impl Loaded {
    /// Whether saving the map would write exactly the bytes on disk.
    pub fn is_canonical(&self) -> bool {
        to_canonical(&self.map) == self.text
    }
}

#[derive(Debug)]
pub enum LoadError {
    Io { path: PathBuf, error: io::Error },
    Parse { path: PathBuf, error: ParseError },
}

impl LoadError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, LoadError::Io { error, .. } if error.kind() == io::ErrorKind::NotFound)
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, error } => {
                write!(f, "{}: cannot read: {}", shown(path), io_reason(error))
            }
            LoadError::Parse { path, error } => write!(f, "{}:{error}", shown(path)),
        }
    }
}

impl std::error::Error for LoadError {}

#[derive(Debug)]
pub struct SaveError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: cannot save: {}; the file on disk is unchanged",
            shown(&self.path),
            io_reason(&self.error)
        )
    }
}

impl SaveError {
    /// Whether the save stopped because the file changed on disk meanwhile.
    pub fn changed_on_disk(&self) -> bool {
        is_changed_on_disk(&self.error)
    }

    /// Why, in the system's words, without the path.
    pub fn reason(&self) -> String {
        io_reason(&self.error)
    }
}

impl std::error::Error for SaveError {}

/// A path for a message: control characters in its name written out.
fn shown(path: &Path) -> String {
    crate::text::printable(&path.display().to_string())
}

/// The operating system's reason without Rust's "(os error N)" tail.
fn io_reason(error: &io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    load_stamped(path).map(|(loaded, _)| loaded)
}

/// Like [`load`], with the stamp of the file exactly as it was read, so that
/// a later save can tell whether anyone changed it since.
pub fn load_stamped(path: &Path) -> Result<(Loaded, Stamp), LoadError> {
    let (bytes, stamp) = read_stamped(path).map_err(|error| LoadError::Io {
        path: path.to_owned(),
        error,
    })?;
    let loaded = from_vec(bytes).map_err(|error| LoadError::Parse {
        path: path.to_owned(),
        error,
    })?;
    Ok((loaded, stamp))
}

/// The largest file read as a map: over ten thousand times the bundled
/// examples, and over twenty times the 10,000-touchpoint map cxmap's speed
/// is measured at (11 MB).
pub const MAX_MAP_BYTES: u64 = 256 << 20;

/// A map file's bytes. A file bigger than [`MAX_MAP_BYTES`] is refused
/// before any of it is read, and memory that cannot be had is an error
/// rather than an abort, so a huge or endless file never takes the process
/// down.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    read_stamped(path).map(|(bytes, _)| bytes)
}

/// Like [`read`], with the stamp of exactly what was read (taken from the
/// open file, so a replacement made meanwhile cannot slip in between).
pub fn read_stamped(path: &Path) -> io::Result<(Vec<u8>, Stamp)> {
    // Opening a FIFO waits for a writer, for ever if none comes; without
    // waiting, a FIFO with nobody writing reads as empty, and one with a
    // writer (`cat map.ron | cxmap check /dev/stdin`) reads as usual once
    // the waiting is turned back on.
    read_open(open_to_read(path)?)
}

/// `path` open for reading, without waiting for a FIFO's writer.
fn open_to_read(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    blocking(&file)?;
    Ok(file)
}

/// Turns a file's non-blocking mode off again.
fn blocking(file: &std::fs::File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor that `file` keeps open.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    // SAFETY: as above.
    if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// [`read_stamped`] of a file already open.
pub(crate) fn read_open(mut file: std::fs::File) -> io::Result<(Vec<u8>, Stamp)> {
    let meta = file.metadata()?;
    let stamp = Stamp::of(&meta);
    // Zero for a pipe or a file in /proc, whose size is only known at the end.
    let expected = meta.len();
    if expected > MAX_MAP_BYTES {
        return Err(too_big(Some(expected)));
    }
    let mut bytes = Vec::new();
    // One byte more than expected, to see the end without growing.
    bytes
        .try_reserve_exact(expected as usize + 1)
        .map_err(|_| out_of_memory(expected))?;
    // A file of known size is read straight into that room; only what a
    // growing file or a pipe adds goes through the chunk below.
    if expected > 0 {
        (&mut file).take(expected + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > MAX_MAP_BYTES {
            return Err(too_big(None));
        }
    }
    let mut chunk = vec![0; 64 * 1024];
    loop {
        let n = match file.read(&mut chunk) {
            Ok(0) => return room_to_parse(bytes).map(|bytes| (bytes, stamp)),
            Ok(n) => n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        let len = (bytes.len() + n) as u64;
        if len > MAX_MAP_BYTES {
            return Err(too_big(None));
        }
        bytes.try_reserve(n).map_err(|_| out_of_memory(len))?;
        bytes.extend_from_slice(&chunk[..n]);
    }
}

/// The bytes, if there is memory to parse them. Loading takes about 2.4
/// times a map's size at its peak (the text, the map and its ids, measured
/// by `examples/bench`: `cxmap check`'s peak), and the parser cannot report running out
/// of memory: it aborts. So that room is asked for first, and given back.
fn room_to_parse(bytes: Vec<u8>) -> io::Result<Vec<u8>> {
    let mut room: Vec<u8> = Vec::new();
    room.try_reserve_exact(2 * bytes.len())
        .map_err(|_| out_of_memory(bytes.len() as u64))?;
    // An allocation nobody uses may be optimised away, and the test with it.
    std::hint::black_box(room.as_ptr());
    Ok(bytes)
}

/// The error for a file of `size` bytes, or for one that goes on past the
/// limit when its size is not known up front.
fn too_big(size: Option<u64>) -> io::Error {
    let size = match size {
        Some(size) => in_units(size),
        None => format!("over {}", in_units(MAX_MAP_BYTES)),
    };
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "it is {size}, far bigger than any map (cxmap reads maps of up to {})",
            in_units(MAX_MAP_BYTES)
        ),
    )
}

fn out_of_memory(size: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::OutOfMemory,
        format!("there is not enough memory to load its {}", in_units(size)),
    )
}

/// A size in bytes as people read it: "10.7 MiB", "64 GiB".
fn in_units(bytes: u64) -> String {
    let mut size = bytes as f64;
    for unit in ["bytes", "KiB", "MiB", "GiB", "TiB"] {
        if size < 1024.0 || unit == "TiB" {
            return match unit {
                "bytes" => format!("{bytes} bytes"),
                _ if size.fract() == 0.0 => format!("{size} {unit}"),
                _ => format!("{size:.1} {unit}"),
            };
        }
        size /= 1024.0;
    }
    unreachable!("the last unit is taken")
}

/// Reads a map from a file's bytes; see [`from_vec`].
pub fn from_bytes(bytes: &[u8]) -> Result<Loaded, ParseError> {
    from_vec(bytes.to_vec())
}

/// Reads a map from a file's bytes, which it keeps as the loaded text: checks
/// that they are UTF-8 text and not mid-merge, parses them, and checks the
/// map's ids and links.
pub fn from_vec(bytes: Vec<u8>) -> Result<Loaded, ParseError> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = position_of(e.as_bytes(), e.utf8_error().valid_up_to());
        ParseError {
            line,
            column,
            message: "this is not UTF-8 text, so it cannot be a map".into(),
        }
    })?;
    let map = parse_text(&text)?;
    Ok(Loaded { map, text })
}

fn parse_text(original: &str) -> Result<Map, ParseError> {
    let text = original.strip_prefix('\u{feff}').unwrap_or(original);
    // Line ends first: the checks below find the same lines either way.
    let normalized;
    let text = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        normalized = text.replace("\r\n", "\n");
        normalized.as_str()
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err(ParseError {
            line: 1,
            column: 1,
            message: "the file is empty; `cxmap new` starts a map".into(),
        });
    }
    // The sweeps for what is refused before anything else, and the parse,
    // side by side on a large file; what they found is said in that order.
    let (scan, parsed) = side_by_side(
        text.len() >= PARALLEL_FROM,
        || Scan::of(text),
        || parse(text),
    );
    if let Some(line) = scan.conflict_marker {
        return Err(ParseError {
            line,
            column: 1,
            message: "the file is in the middle of a git merge: resolve the conflict markers \
                      (<<<<<<<, =======, >>>>>>>) first, or let `cxmap merge` merge maps for git"
                .into(),
        });
    }
    // No escape codes, before anything else: the map is read through
    // terminals, and an error message may quote the text that holds one.
    if let Some((at, c)) = scan.control {
        let (line, column) = position_of(text.as_bytes(), at);
        return Err(ParseError {
            line,
            column,
            message: format!(
                "this text holds the control character {}, which could take over the \
                 terminal of whoever prints the map; remove it",
                control::describe(c)
            ),
        });
    }
    let mut map = parsed?;
    if let Some(problem) = validate(&map).into_iter().next() {
        let (line, column) = LineIndex::new(text)
            .nth_place_of(&problem.id, problem.occurrence)
            .unwrap_or((1, 1));
        return Err(ParseError {
            line,
            column,
            message: problem.message,
        });
    }
    // Saving writes a carriage return in a string as a line feed. A map
    // whose strings hold one (raw, or as `\r`, `\x0D` or `\u{D}`) loads as
    // it will be saved: as its canonical text loads.
    if scan.carriage_return
        && let Ok(saved) = parse(&to_canonical(&map))
    {
        map = saved;
    }
    Ok(map)
}

/// From this size on (about 1,000 touchpoints), a file's text is swept on
/// one core while it is parsed on another; below it, a thread costs more
/// than it saves.
const PARALLEL_FROM: usize = 1 << 20;

/// What the sweeps over a file's text found.
struct Scan {
    conflict_marker: Option<usize>,
    control: Option<(usize, char)>,
    carriage_return: bool,
}

impl Scan {
    fn of(text: &str) -> Scan {
        Scan {
            conflict_marker: conflict_marker_line(text),
            control: control::first_control(text),
            carriage_return: control::holds_carriage_return(text),
        }
    }
}

/// `a()` and `b()`, on two threads when `parallel` (and the system gives
/// one), else one after the other.
fn side_by_side<A: Send, B>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B,
) -> (A, B) {
    if !parallel {
        return (a(), b());
    }
    let a = std::sync::Mutex::new(Some(a));
    let run_a = || a.lock().ok().and_then(|mut a| a.take()).map(|a| a());
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new().spawn_scoped(scope, run_a);
        let b = b();
        let a = match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: here, then.
            Err(_) => run_a(),
        };
        (a.expect("`a` runs exactly once"), b)
    })
}

/// 1-based line and character column of a byte offset in possibly broken UTF-8.
fn position_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = String::from_utf8_lossy(&bytes[..offset]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The line of the first conflict marker git leaves (`<<<<<<<`, `>>>>>>>`,
/// `|||||||` at a line's start, alone or before a space), if any. One sweep
/// for the three characters (rare in a map) rather than a look at each of
/// a large map's hundreds of thousands of lines.
fn conflict_marker_line(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = memchr::memchr3_iter(b'<', b'>', b'|', bytes).find(|&at| {
        let line_start = at == 0 || bytes[at - 1] == b'\n';
        let marker = [bytes[at]; 7];
        let after = &bytes[at..];
        let alone = match after.get(7..) {
            Some(rest) => {
                matches!(rest.first(), None | Some(b' ' | b'\n')) || rest.starts_with(b"\r\n")
            }
            None => false,
        };
        line_start && after.starts_with(&marker) && alone
    })?;
    Some(memchr::memchr_iter(b'\n', &bytes[..at]).count() + 1)
}

/// Writes the map's canonical text over `path` (through links),
/// atomically, streaming it to the temporary file rather than building it in
/// memory first.
pub fn save(path: &Path, map: &Map) -> Result<(), SaveError> {
    resolve_links(path)
        .and_then(|target| save_to(&target, map, &Expected::Anything))
        .map(|_| ())
        .map_err(|error| SaveError {
            path: path.to_owned(),
            error,
        })
}

/// The one way a map is saved, by the command line and the app alike: its
/// canonical text streamed to `target` itself (see [`write_atomic_to`]),
/// replacing only what `expected` says. Returns what it wrote.
pub fn save_to(target: &Path, map: &Map, expected: &Expected) -> io::Result<Seen> {
    save_to_within(target, map, expected, 0o7777)
}

/// [`save_to`], a file made where there was none getting no permission
/// that `within` lacks (see [`write_atomic_to_within`]).
pub fn save_to_within(
    target: &Path,
    map: &Map,
    expected: &Expected,
    within: u32,
) -> io::Result<Seen> {
    write_atomic_to_within(target, expected, within, |out| {
        let mut adapter = save::IoWriter { out, error: None };
        match write_canonical(map, &mut adapter) {
            Ok(()) => Ok(()),
            Err(_) => Err(adapter
                .error
                .unwrap_or_else(|| io::Error::other("the map could not be written"))),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The markers as a line-by-line reading finds them.
    fn marker_line_by_lines(text: &str) -> Option<usize> {
        text.lines()
            .position(|line| {
                ["<<<<<<<", ">>>>>>>", "|||||||"].iter().any(|m| {
                    line.starts_with(m) && line[m.len()..].chars().next().is_none_or(|c| c == ' ')
                })
            })
            .map(|i| i + 1)
    }

    #[test]
    fn conflict_markers_are_found_only_at_a_line_start_and_alone() {
        let texts = [
            "<<<<<<< HEAD\n(",
            "(\n=======\n>>>>>>> theirs\n",
            "(\n  <<<<<<< indented\n",
            "(\nx<<<<<<<\n",
            "(\n<<<<<<<<\n",
            "(\n<<<<<<<x\n|||||||\r\n",
            "(\n|||||||",
            "(\n>>>>>>>\r",
            "(\n>>>>>>>\rx\n>>>>>>>\n",
            "<<<<<<<<<<<<<<\n",
            "(\n\n<<<<<<<\n",
            "(\ntitle: \"<<<<<<< not a marker\",\n",
            "",
        ];
        for text in texts {
            assert_eq!(
                conflict_marker_line(text),
                marker_line_by_lines(text),
                "{text:?}"
            );
        }
    }

    /// A file large enough to be swept and parsed side by side still says
    /// first what is refused before anything else, at its line.
    #[test]
    fn a_large_file_is_refused_for_markers_and_control_characters_as_a_small_one() {
        let text = to_canonical(&crate::model::generated_map(1_200));
        assert!(text.len() >= PARALLEL_FROM, "{} bytes", text.len());
        assert!(from_bytes(text.as_bytes()).is_ok());
        let last_line = text.lines().count();
        let marked = format!("{text}<<<<<<< HEAD\n");
        let error = from_bytes(marked.as_bytes()).unwrap_err();
        assert_eq!((error.line, error.column), (last_line + 1, 1), "{error}");
        assert!(error.message.contains("git merge"), "{error}");
        let at = text.rfind("name: \"").expect("a name") + "name: \"".len();
        let escaped = format!("{}\u{1b}[2J{}", &text[..at], &text[at..]);
        let error = from_bytes(escaped.as_bytes()).unwrap_err();
        assert!(error.message.contains("control character"), "{error}");
        assert_eq!(error.line, text[..at].lines().count(), "{error}");
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(in_units(0), "0 bytes");
        assert_eq!(in_units(1023), "1023 bytes");
        assert_eq!(in_units(11_200_000), "10.7 MiB");
        assert_eq!(in_units(MAX_MAP_BYTES), "256 MiB");
        assert_eq!(in_units(64 << 30), "64 GiB");
        assert_eq!(in_units(u64::MAX), "16777216 TiB");
    }
}

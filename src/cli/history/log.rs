//! The commits that touched a map, and the map as each left it, from two
//! git processes whatever the history's length: one `git log` (following
//! renames, a merge read against its first parent) that names each
//! commit's blob of the file, and one `git cat-file --batch` that hands
//! every distinct blob back in one stream. A rename is followed; a copy
//! ends the walk, at the commit that made the map as a copy of another
//! file (whose older history is that file's, not this map's).
//!
//! As in `revision.rs`, git runs without a shell and nothing typed reaches
//! it as an option: the path goes after `--` with pathspec magic off
//! (`--literal-pathspecs`: a name such as `:(top)x` or `*.ron` is only a
//! name), a revision never starts with `-` and goes after
//! `--end-of-options`, and the names and ids git hands back are read from
//! NUL-separated output, so no name can pass for another field.

use crate::storage;
use std::ffi::OsStr;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// A commit that touched the map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    /// The committer's date, in the committer's time zone: `2026-11-29`.
    pub date: String,
    pub subject: String,
    /// The map as the commit left it.
    pub left: Left,
}

/// What a commit left of the map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Left {
    /// This blob.
    Blob(String),
    /// No file: the commit deleted it.
    Deleted,
    /// git named no change (it always does for a commit it lists): as
    /// the commit before it left it.
    Unchanged,
}

/// What a blob held: its bytes, or why they were not read.
pub enum Blob {
    Bytes(Vec<u8>),
    /// Not a file git could hand back, or bigger than any map.
    Unread(String),
}

/// The commits that touched `file` from `rev` (HEAD when `None`) back,
/// newest first, as `git log --follow` lists them.
pub fn commits(file: &Path, rev: Option<&str>) -> Result<Vec<Commit>, String> {
    if let Some(rev) = rev.filter(|r| r.starts_with('-')) {
        return Err(format!(
            "'{}' is not a revision (none starts with '-')",
            crate::text::printable(rev)
        ));
    }
    let mut command = Command::new("git");
    command.args([
        "--literal-pathspecs",
        "log",
        "--follow",
        "--diff-merges=first-parent",
        "--raw",
        "--no-abbrev",
        "--no-color",
        "--no-show-signature",
        "-z",
        "--format=%H%x00%cs%x00%s",
        "--end-of-options",
    ]);
    if let Some(rev) = rev {
        command.arg(rev);
    }
    command.arg("--").arg(file);
    let out = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("git could not run: {e}"))?;
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "git log failed: {}",
            crate::text::printable(said.trim())
        ));
    }
    parse_log(&out.stdout)
}

/// `git log -z --raw --format=%H%x00%cs%x00%s` read: for each commit its
/// hash, date and subject, then its raw lines (`:mode mode old new status`,
/// then the path, and for a rename or copy the new path too).
fn parse_log(bytes: &[u8]) -> Result<Vec<Commit>, String> {
    let broken = || "git log wrote what cxmap cannot read".to_owned();
    let mut fields = bytes.split(|&b| b == 0).peekable();
    let mut commits = Vec::new();
    while let Some(hash) = fields.next() {
        let hash = String::from_utf8_lossy(hash.trim_ascii()).into_owned();
        if hash.is_empty() && fields.peek().is_none() {
            break;
        }
        if !hash.bytes().all(|b| b.is_ascii_hexdigit()) || hash.len() < 40 {
            return Err(broken());
        }
        let date = fields.next().ok_or_else(broken)?;
        let subject = fields.next().ok_or_else(broken)?;
        let mut copied = false;
        let mut commit = Commit {
            hash,
            date: String::from_utf8_lossy(date).into_owned(),
            subject: String::from_utf8_lossy(subject).into_owned(),
            left: Left::Unchanged,
        };
        while let Some(raw) = fields.next_if(|f| f.trim_ascii_start().starts_with(b":")) {
            let raw = String::from_utf8_lossy(raw.trim_ascii());
            let parts: Vec<&str> = raw.split(' ').collect();
            let [_, _, _, new, status] = parts[..] else {
                return Err(broken());
            };
            copied |= status.starts_with('C');
            let paths = if status.starts_with(['R', 'C']) { 2 } else { 1 };
            for _ in 0..paths {
                fields.next().ok_or_else(broken)?;
            }
            commit.left = if new.bytes().all(|b| b == b'0') {
                Left::Deleted
            } else {
                Left::Blob(new.to_owned())
            };
        }
        commits.push(commit);
        if copied {
            // The map began as a copy of another file, whose history goes
            // on as that file's own (git follows a copy as a rename).
            break;
        }
    }
    Ok(commits)
}

/// The blobs `ids` name, in that order, each handed to `each` with its
/// place in `ids` as it arrives (never all held at once), through one
/// `git cat-file --batch`. A blob bigger than any map is skipped unread.
pub fn each_blob(ids: &[&str], mut each: impl FnMut(usize, Blob)) -> Result<(), String> {
    let failed = |e: io::Error| format!("git cat-file could not run: {e}");
    let mut child = Command::new("git")
        .args(["cat-file", "--batch", "--buffer"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(failed)?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let input: Vec<u8> = ids
        .iter()
        .flat_map(|id| [id.as_bytes(), b"\n"])
        .flatten()
        .copied()
        .collect();
    // Written beside the reading: git answers as it reads, and a pipe
    // holds only so much.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let mut stdout =
        BufReader::with_capacity(1 << 16, child.stdout.take().expect("stdout was piped"));
    let read = (0..ids.len()).try_for_each(|i| {
        each(i, next_blob(&mut stdout)?);
        Ok::<(), io::Error>(())
    });
    drop(stdout);
    let _ = writer.join();
    let status = child.wait().map_err(failed)?;
    read.map_err(|e| format!("git cat-file: {e}"))?;
    if !status.success() {
        return Err("git cat-file failed".to_owned());
    }
    Ok(())
}

/// One answer of `git cat-file --batch`: `<id> <type> <size>\n`, the
/// bytes, `\n`; or `<id> missing\n`.
fn next_blob(stdout: &mut impl BufRead) -> io::Result<Blob> {
    let mut header = String::new();
    if stdout.read_line(&mut header)? == 0 {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "ended early"));
    }
    let words: Vec<&str> = header.split_ascii_whitespace().collect();
    let (kind, size) = match words[..] {
        [_, kind, size] => (
            kind,
            size.parse::<u64>()
                .map_err(|_| io::Error::other("unreadable answer"))?,
        ),
        _ => return Ok(Blob::Unread("git has no such file".to_owned())),
    };
    let blob = if size > storage::MAX_MAP_BYTES {
        io::copy(&mut stdout.take(size), &mut io::sink())?;
        Blob::Unread(format!(
            "bigger than any map ({} MiB at most)",
            storage::MAX_MAP_BYTES >> 20
        ))
    } else {
        let mut bytes = Vec::new();
        bytes
            .try_reserve_exact(usize::try_from(size).unwrap_or(usize::MAX))
            .map_err(|_| io::Error::other("out of memory"))?;
        stdout.take(size).read_to_end(&mut bytes)?;
        if kind == "blob" {
            Blob::Bytes(bytes)
        } else {
            Blob::Unread(format!("a {kind} in git, not a file"))
        }
    };
    let mut end = [0u8; 1];
    stdout.read_exact(&mut end)?;
    Ok(blob)
}

/// Whether the command runs in a git repository (and git runs at all).
pub fn in_repository() -> Result<(), String> {
    let out = Command::new("git")
        .args([OsStr::new("rev-parse"), OsStr::new("--git-dir")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("git could not run: {e}"))?;
    if out.success() {
        Ok(())
    } else {
        Err("this is not a git repository: history reads a map's commits".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";
    const Z: &str = "0000000000000000000000000000000000000000";

    #[test]
    fn a_log_reads_with_renames_deletions_and_odd_subjects() {
        let log = format!(
            "{A}\x002026-11-02\x00gone: :100644 x\x00\n:100644 000000 {B} {Z} D\x00a\nb.ron\x00\
             {B}\x002026-11-01\x00moved\x00\n:100644 100644 {A} {B} R090\x00:x.ron\x00a\nb.ron\x00\
             {A}\x002026-10-31\x00merge\x00{B}\x002026-10-30\x00\x00\n:000000 100644 {Z} {A} A\x00{A}\x00"
        );
        let commits = parse_log(log.as_bytes()).unwrap();
        let seen: Vec<(&str, &str, &Left)> = commits
            .iter()
            .map(|c| (c.date.as_str(), c.subject.as_str(), &c.left))
            .collect();
        let blob = |id: &str| Left::Blob(id.to_owned());
        assert_eq!(
            seen,
            [
                ("2026-11-02", "gone: :100644 x", &Left::Deleted),
                ("2026-11-01", "moved", &blob(B)),
                ("2026-10-31", "merge", &Left::Unchanged),
                ("2026-10-30", "", &blob(A)),
            ]
        );
        let copied = format!(
            "{A}\x002026-11-02\x00copy\x00\n:100644 100644 {B} {B} C100\x00a.ron\x00b.ron\x00\
             {B}\x002026-11-01\x00older\x00\n:000000 100644 {Z} {B} A\x00a.ron\x00"
        );
        let commits = parse_log(copied.as_bytes()).unwrap();
        assert_eq!(commits.len(), 1, "a copy ends the walk: {commits:?}");
        assert!(parse_log(b"").unwrap().is_empty());
        assert!(parse_log(b"not a hash\x00").is_err());
    }
}

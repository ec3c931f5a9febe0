//! Maps read from git rather than from disk, for `cxmap diff`: an argument
//! `REV:PATH` (git's own syntax; `:PATH` is the staged file) or `--rev`.
//!
//! git runs without a shell, and nothing the user typed reaches it where it
//! could be read as an option: a revision never starts with `-` (those are
//! refused here, before git sees them), names go after `--end-of-options`,
//! and the file's bytes are asked for by the object id git resolved. The
//! bytes are read with the same size limit as a map file on disk.

use super::shell;
use crate::storage;
use std::ffi::{OsStr, OsString};
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A map as a revision of the repository holds it.
#[derive(Debug)]
pub struct GitFile {
    /// Empty for the index (`:PATH`).
    rev: OsString,
    /// As git reads it after the colon: from the repository's root, or from
    /// here when it starts with `./` or `../`.
    path: OsString,
    /// What the user calls it, for messages: `main:maps/x.ron`.
    label: String,
}

impl GitFile {
    /// `REV:PATH` as one argument, split at the first colon outside braces
    /// (as git does: `HEAD@{2 days ago}:x.ron`). `None` without a colon.
    pub fn from_argument(argument: &OsStr) -> Option<GitFile> {
        let bytes = argument.as_bytes();
        let mut depth = 0usize;
        let colon = bytes.iter().position(|&b| {
            match b {
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                b':' if depth == 0 => return true,
                _ => {}
            }
            false
        })?;
        Some(GitFile {
            rev: OsStr::from_bytes(&bytes[..colon]).to_owned(),
            path: OsStr::from_bytes(&bytes[colon + 1..]).to_owned(),
            label: shown(argument),
        })
    }

    /// `file` (a path here, as for any command) as revision `rev` has it.
    pub fn at(rev: &str, file: &Path) -> Result<GitFile, String> {
        let label = format!("{}:{}", shown(rev.as_ref()), shown(file.as_os_str()));
        let path = if file.is_absolute() {
            in_repository(file).map_err(|why| format!("{label}: {why}"))?
        } else {
            // git reads `./x` from the folder it runs in.
            let mut path = OsString::from("./");
            path.push(file);
            path
        };
        Ok(GitFile {
            rev: rev.into(),
            path,
            label,
        })
    }

    /// The same file, called `rev:file` in messages (for a revision git
    /// worked out, such as a merge base).
    pub fn labelled(self, rev: &str, file: &Path) -> GitFile {
        GitFile {
            label: format!("{}:{}", shown(rev.as_ref()), shown(file.as_os_str())),
            ..self
        }
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    /// The file's bytes, or why not, naming the argument.
    pub fn read(&self) -> Result<Vec<u8>, String> {
        let fail = |why: String| format!("{}: {why}", self.label);
        repository().map_err(fail)?;
        let rev = self.rev.to_string_lossy();
        if rev.starts_with('-') {
            return Err(fail(format!(
                "'{}' is not a revision (none starts with '-')",
                shown(&self.rev)
            )));
        }
        let mut spec = self.rev.clone();
        spec.push(":");
        spec.push(&self.path);
        let Some(id) = resolve(&spec).map_err(fail)? else {
            return Err(fail(self.not_found()?));
        };
        match git(&[OsStr::new("cat-file"), OsStr::new("-t"), id.as_ref()])
            .map_err(fail)?
            .as_deref()
        {
            Some("blob") => {}
            Some("tree") => {
                return Err(fail(format!(
                    "'{}' is a folder in {}, not a map",
                    shown(&self.path),
                    self.revision()
                )));
            }
            _ => {
                return Err(fail(format!(
                    "'{}' in {} is not a file",
                    shown(&self.path),
                    self.revision()
                )));
            }
        }
        blob(&id).map_err(|e| fail(format!("cannot read: {e}")))
    }

    /// Why `REV:PATH` names nothing: the revision, or the path in it.
    fn not_found(&self) -> Result<String, String> {
        let path = shown(&self.path);
        let why = if self.rev.is_empty() {
            format!("'{path}' is not in git's index (nothing staged there)")
        } else {
            let mut tree = self.rev.clone();
            tree.push("^{tree}");
            if resolve(&tree)?.is_none() {
                return Ok(format!(
                    "'{}' is not a revision in this repository",
                    shown(&self.rev)
                ));
            }
            format!("'{path}' is not in {}", self.revision())
        };
        Ok(match self.meant_from_here()? {
            Some(hint) => format!("{why}; {hint}"),
            None => why,
        })
    }

    /// From a folder below the repository's root, a PATH that git reads
    /// from the root may have been meant from here: says so, and names the
    /// map both ways when the revision has it there.
    fn meant_from_here(&self) -> Result<Option<String>, String> {
        let path = self.path.as_bytes();
        if path.starts_with(b"/") || path.starts_with(b"./") || path.starts_with(b"../") {
            return Ok(None);
        }
        let prefix = git(&[OsStr::new("rev-parse"), OsStr::new("--show-prefix")])?;
        let Some(prefix) = prefix.filter(|p| !p.is_empty()) else {
            return Ok(None);
        };
        let argument = |folder: &str| {
            let mut argument = self.rev.clone();
            argument.push(":");
            argument.push(folder);
            argument.push(&self.path);
            argument
        };
        let rule = format!(
            "a path after '{}:' counts from the repository's root, as in git",
            shown(&self.rev)
        );
        Ok(Some(match resolve(&argument(&prefix))? {
            Some(_) => format!(
                "{rule}: did you mean {} or {}?",
                shell::word(&argument(&prefix)),
                shell::word(&argument("./"))
            ),
            None => format!("{rule} (this folder is '{}' in it)", shown(prefix.as_ref())),
        }))
    }

    fn revision(&self) -> String {
        if self.rev.is_empty() {
            "git's index".to_owned()
        } else {
            format!("'{}'", shown(&self.rev))
        }
    }
}

/// The commit two revisions last shared, for `--rev A...B`.
pub fn merge_base(a: &str, b: &str) -> Result<String, String> {
    repository()?;
    for rev in [a, b] {
        if rev.starts_with('-') {
            return Err(format!(
                "'{}' is not a revision (none starts with '-')",
                shown(rev.as_ref())
            ));
        }
    }
    let args = [
        OsStr::new("merge-base"),
        OsStr::new("--end-of-options"),
        a.as_ref(),
        b.as_ref(),
    ];
    git(&args)?.ok_or_else(|| {
        let bad = [a, b]
            .into_iter()
            .find(|rev| matches!(resolve(commit(rev).as_ref()), Ok(None)));
        match bad {
            Some(rev) => format!(
                "'{}' is not a revision in this repository",
                shown(rev.as_ref())
            ),
            None => format!("'{a}' and '{b}' have no commit in common"),
        }
    })
}

fn commit(rev: &str) -> String {
    format!("{rev}^{{commit}}")
}

/// A path for a message, with any control character written out.
fn shown(text: &OsStr) -> String {
    crate::text::printable(&text.to_string_lossy())
}

/// Whether the command runs in a git repository (and git runs at all).
fn repository() -> Result<(), String> {
    match git(&[OsStr::new("rev-parse"), OsStr::new("--git-dir")])? {
        Some(_) => Ok(()),
        None => Err(
            "no such file, and this is not a git repository to read it from as REVISION:PATH"
                .to_owned(),
        ),
    }
}

/// The object id `spec` names, or `None` when it names nothing.
fn resolve(spec: &OsStr) -> Result<Option<String>, String> {
    git(&[
        OsStr::new("rev-parse"),
        OsStr::new("--verify"),
        OsStr::new("--quiet"),
        OsStr::new("--end-of-options"),
        spec,
    ])
}

/// An absolute `file` as a path from the repository's root, for git.
fn in_repository(file: &Path) -> Result<OsString, String> {
    let top = git(&[OsStr::new("rev-parse"), OsStr::new("--show-toplevel")])?.ok_or_else(|| {
        "no such file, and this is not a git repository to read it from".to_owned()
    })?;
    let top = Path::new(&top).canonicalize().map_err(|e| e.to_string())?;
    // The file may be gone from the working tree: its folder is enough.
    let folder = file.parent().unwrap_or(file);
    let name = file.file_name().map(OsStr::to_owned).unwrap_or_default();
    let folder = folder.canonicalize().unwrap_or_else(|_| folder.to_owned());
    let inside: PathBuf = folder
        .strip_prefix(&top)
        .map_err(|_| "this file is outside the repository".to_owned())?
        .join(name);
    Ok(inside.into_os_string())
}

/// Runs git with `args` (no shell) and gives its first line of output, or
/// `None` when it failed; an error only when git could not run at all.
fn git(args: &[&OsStr]) -> Result<Option<String>, String> {
    let out = Command::new("git")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("git could not run: {e}"))?;
    if !out.status.success() {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(Some(text.lines().next().unwrap_or("").to_owned()))
}

/// The bytes of the blob `id`, read as a map file is: refused past
/// `storage::MAX_MAP_BYTES`, without ever holding more.
fn blob(id: &str) -> io::Result<Vec<u8>> {
    let mut child = Command::new("git")
        .args(["cat-file", "blob", id])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().expect("stdout was piped");
    let read = storage::read_open(std::fs::File::from(std::os::fd::OwnedFd::from(stdout)));
    if read.is_err() {
        // Stopped early (too big): git need not write the rest.
        let _ = child.kill();
    }
    let out = child.wait_with_output()?;
    let (bytes, _) = read?;
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr);
        return Err(io::Error::other(format!(
            "git cat-file failed: {}",
            crate::text::printable(said.trim())
        )));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(arg: &str) -> Option<(String, String)> {
        GitFile::from_argument(arg.as_ref()).map(|g| {
            (
                g.rev.to_string_lossy().into_owned(),
                g.path.to_string_lossy().into_owned(),
            )
        })
    }

    #[test]
    fn an_argument_splits_at_its_first_colon_outside_braces() {
        let pair = |a: &str, b: &str| Some((a.to_owned(), b.to_owned()));
        assert_eq!(split("main:maps/x.ron"), pair("main", "maps/x.ron"));
        assert_eq!(split(":maps/x.ron"), pair("", "maps/x.ron"));
        assert_eq!(split("main:a:b.ron"), pair("main", "a:b.ron"));
        assert_eq!(split("HEAD@{1:00}:x.ron"), pair("HEAD@{1:00}", "x.ron"));
        assert_eq!(split("maps/x.ron"), None);
    }
}

//! `cxmap git-setup`: tells git to merge maps with `cxmap merge` and to show
//! their diffs through `cxmap textconv` (or, with `--external-diff`, as the
//! change list of `cxmap diff`).

use super::Outcome;
use super::style::{note, out};
use crate::storage::{self, Expected, Stamp};
use std::fs::OpenOptions;
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// How git's shell should start this cxmap: `cxmap` when the one on PATH is
/// this one; otherwise this binary's full path, quoted for `sh`. git runs merge
/// drivers, textconv and diff commands with `sh -c`, so an unquoted path with
/// a space, quote, `$(..)` or backtick would run something else.
fn command_word() -> Result<String, String> {
    let me = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok());
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("cxmap"))
            .find(|p| p.is_file())
            .and_then(|p| p.canonicalize().ok())
    });
    match (me, on_path) {
        (Some(me), Some(found)) if me == found => Ok("cxmap".to_owned()),
        (Some(me), _) => match me.to_str() {
            Some(path) => Ok(super::shell::quote(path)),
            None => Err(format!(
                "this cxmap's path is not UTF-8 text ({}), so it cannot be written into \
                 git's settings exactly; put cxmap on PATH, or in a folder with a UTF-8 name, \
                 and run git-setup again",
                me.display()
            )),
        },
        (None, _) => Ok("cxmap".to_owned()),
    }
}

/// `.gitattributes` as it is: its bytes and their stamp, or `None` when there
/// is none yet. It must be a regular file: git does not read one that is a
/// symbolic link, and writing would go through the link to wherever it
/// points, outside the repository perhaps. A file that cannot be read is an
/// error, never taken for an empty one (which would be replaced).
fn read_attributes(path: &Path) -> Result<Option<(Vec<u8>, Stamp)>, String> {
    let not_regular = || {
        format!(
            "{} is not a regular file; put one in its place and run git-setup again",
            path.display()
        )
    };
    match std::fs::symlink_metadata(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("cannot read {}: {error}", path.display())),
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(format!(
                "{} is a symbolic link (git does not read one), and cxmap does not write \
                 through it; put a regular file in its place and run git-setup again",
                path.display()
            ));
        }
        Ok(meta) if !meta.is_file() => return Err(not_regular()),
        Ok(_) => {}
    }
    // Opened without following a link, in case one took its place since.
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    match file.metadata() {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Err(not_regular()),
        Err(error) => return Err(format!("cannot read {}: {error}", path.display())),
    }
    storage::read_open(file)
        .map(Some)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// The merge driver's line, for git to expand and run with `sh -c`.
///
/// git expands `%` in it (`%%` is one `%`), and only there: `%O`, `%A`, `%B`
/// become temporary files' names (`.merge_file_XXXXXX`, nothing the shell
/// reads specially) and `%P` the map's path, single-quoted by git. `--` comes
/// before them, for a path that starts with `-`.
///
/// When the shell cannot run cxmap at all (exit 126, or 127: moved, no longer
/// executable, not on the PATH git sees), git's own text merge does the work:
/// the map gets conflict markers where both sides changed, which nothing
/// loads, and its exit status tells git about them. Without it, `%A` would be
/// left as ours alone, marked conflicted but with nothing to show what theirs
/// changed. Any other status is cxmap's own answer and goes to git as it is
/// (1: conflicts recorded in the map). The command it says to run names the
/// map in single quotes, each `'` in its name written `'\''` (by `sed`, `q`),
/// so that it can be pasted whatever the name holds.
fn merge_driver(command: &str) -> String {
    let cxmap = command.replace('%', "%%");
    format!(
        concat!(
            r#"{cxmap} merge -- %O %A %B %P || {{ s=$?; case $s in 126|127) ;; *) exit $s;; esac; "#,
            r#"q=$(printf %%s %P | sed "s/'/'\\\\''/g"); "#,
            r#"printf >&2 'cxmap could not run: git merge-file merged %%s as text; run cxmap "#,
            r#"git-setup again, then git checkout -m -- '\''%%s'\'' to merge it with cxmap\n' "#,
            r#"%P "$q"; git merge-file -L ours -L base -L theirs %A %O %B; }}"#,
        ),
        cxmap = cxmap
    )
}

fn git(args: &[&str], dir: &Path) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("git could not run: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    }
}

/// Removes every value of `key` from the repository's config: whether
/// there was any.
fn unset_all(key: &str, dir: &Path) -> Result<bool, String> {
    let output = Command::new("git")
        .args(["config", "--local", "--unset-all", key])
        .current_dir(dir)
        .output()
        .map_err(|e| format!("git could not run: {e}"))?;
    match output.status.code() {
        Some(0) => Ok(true),
        // git's "the key is not there".
        Some(5) => Ok(false),
        _ => Err(String::from_utf8_lossy(&output.stderr).trim().to_owned()),
    }
}

/// `cxmap git-setup`: sets git up, then says what it set; or why not.
pub fn run(patterns: &[String], external_diff: bool) -> Outcome {
    match set_up(patterns, external_diff) {
        Ok((said, removed)) => {
            out(&said);
            out(&removed);
            Outcome::Success
        }
        Err(error) => {
            note(&format!("cxmap git-setup: {error}"));
            Outcome::Failure
        }
    }
}

/// Does git-setup's work, step by step: the lines in `.gitattributes`,
/// then the settings in `.git/config`. Returns what was set and what was
/// removed, to print; or why it stopped.
fn set_up(patterns: &[String], external_diff: bool) -> Result<(String, String), String> {
    let here = PathBuf::from(".");
    let top = match git(&["rev-parse", "--show-toplevel"], &here) {
        Ok(top) => PathBuf::from(top),
        Err(error) => return Err(format!("not in a git repository ({error})")),
    };
    let command = command_word()?;
    let patterns: Vec<String> = if patterns.is_empty() {
        vec!["*.ron".to_owned()]
    } else {
        patterns.to_vec()
    };
    let attributes = top.join(".gitattributes");
    add_attributes(&attributes, &patterns)?;
    let settings = settings(&command, external_diff);
    apply(&settings, &top)?;
    // A change list set up before would go on standing in for textconv in
    // `git diff` (an external diff comes first), perhaps an old command line.
    let removed = if external_diff {
        String::new()
    } else {
        remove_change_list(&top)?
    };
    let said = format!(
        "git now merges {} with cxmap and shows their diffs {}.\nSet in {} and .git/config:\n{}",
        patterns.join(" "),
        if external_diff {
            "as change lists"
        } else {
            "fact by fact"
        },
        attributes.display(),
        settings
            .iter()
            .map(|(k, v)| format!("  {k} = {v}\n"))
            .collect::<String>()
    );
    Ok((said, removed))
}

/// Adds `PATTERN merge=cxmap diff=cxmap` to `.gitattributes` for each
/// pattern it does not have yet, replacing only the file just read (or,
/// when there was none, none).
fn add_attributes(attributes: &Path, patterns: &[String]) -> Result<(), String> {
    let (existing, expected) = match read_attributes(attributes) {
        Ok(Some((bytes, stamp))) => (bytes, Some(stamp)),
        Ok(None) => (Vec::new(), None),
        Err(error) => return Err(format!("{error}; nothing was set")),
    };
    let text = with_lines(&existing, patterns);
    let expected = match expected {
        Some(stamp) => Expected::Seen(storage::Seen::read(stamp, &existing)),
        None => Expected::Nothing,
    };
    if text != existing
        && let Err(error) =
            storage::write_atomic_checked(attributes, &expected, |out| out.write_all(&text))
    {
        return Err(format!(
            "cannot write {}: {error}; nothing was set",
            attributes.display()
        ));
    }
    Ok(())
}

/// `existing` with a line for each pattern it lacks added at its end.
fn with_lines(existing: &[u8], patterns: &[String]) -> Vec<u8> {
    // Bytes, as git reads the file: one that is not UTF-8 keeps every line.
    let mut text = existing.to_vec();
    for pattern in patterns {
        let line = format!("{pattern} merge=cxmap diff=cxmap");
        if !existing
            .split(|&b| b == b'\n')
            .any(|l| l.trim_ascii() == line.as_bytes())
        {
            if !text.is_empty() && !text.ends_with(b"\n") {
                text.push(b'\n');
            }
            text.extend_from_slice(line.as_bytes());
            text.push(b'\n');
        }
    }
    text
}

/// The `.git/config` settings that make git run `command` for maps: the
/// merge driver, and textconv (or, with `external_diff`, the diff command).
fn settings(command: &str, external_diff: bool) -> Vec<(&'static str, String)> {
    let mut settings = vec![
        ("merge.cxmap.name", "cxmap journey-map merge".to_owned()),
        ("merge.cxmap.driver", merge_driver(command)),
    ];
    // git appends paths to these two, and a path may start with `-` too.
    if external_diff {
        settings.push(("diff.cxmap.command", format!("{command} diff --")));
    } else {
        settings.push(("diff.cxmap.textconv", format!("{command} textconv --")));
    }
    settings
}

/// Writes `settings` into the repository's config at `top`.
fn apply(settings: &[(&str, String)], top: &Path) -> Result<(), String> {
    // `--replace-all`: a key that holds several values (set with `--add`,
    // or by hand) is refused by a plain `git config KEY VALUE`.
    for (key, value) in settings {
        if let Err(error) = git(&["config", "--local", "--replace-all", key, value], top) {
            return Err(format!("git config {key} failed: {error}"));
        }
    }
    Ok(())
}

/// Removes a diff command set up before; the line saying so, if there was one.
fn remove_change_list(top: &Path) -> Result<String, String> {
    match unset_all("diff.cxmap.command", top) {
        Ok(true) => Ok("Removed from .git/config: diff.cxmap.command\n".to_owned()),
        Ok(false) => Ok(String::new()),
        Err(error) => Err(format!(
            "git config --unset-all diff.cxmap.command failed: {error}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::merge_driver;
    use crate::cli::shell::quote as shell_quote;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;
    use std::process::Command;

    /// What git does with the driver's line (merge-ll.c): `%%` is `%`, `%O`,
    /// `%A`, `%B` the temporary files' names, `%P` the path single-quoted;
    /// then `sh -c` in the folder of the files. Status and stderr.
    fn run_driver(line: &str, dir: &Path, path: &str) -> (i32, String) {
        let mut expanded = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                expanded.push(c);
                continue;
            }
            match chars.next() {
                Some('%') => expanded.push('%'),
                Some(c @ ('O' | 'A' | 'B')) => expanded.push_str(&format!(".merge_file_{c}")),
                Some('P') => expanded.push_str(&shell_quote(path)),
                Some(c) => {
                    expanded.push('%');
                    expanded.push(c);
                }
                None => expanded.push('%'),
            }
        }
        let out = Command::new("sh")
            .arg("-c")
            .arg(expanded)
            .current_dir(dir)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Base, ours and theirs as git leaves them for the driver: `%A` ours.
    fn three(dir: &Path, base: &str, ours: &str, theirs: &str) {
        fs::write(dir.join(".merge_file_O"), base).unwrap();
        fs::write(dir.join(".merge_file_A"), ours).unwrap();
        fs::write(dir.join(".merge_file_B"), theirs).unwrap();
    }

    #[test]
    fn the_merge_driver_falls_back_to_a_text_merge_only_when_cxmap_cannot_run() {
        let dir = std::env::temp_dir().join(format!("cxmap-driver-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let (base, ours, theirs) = ("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n");
        let path = "-rf it's 100%P.ron";

        // cxmap ran and answered: its status reaches git as it is, and what
        // it left in %A stays (1 is conflicts kept in the map; 137 a kill).
        for code in [0, 1, 2, 101, 137] {
            three(&dir, base, ours, "x\nb\nc\n");
            let fake = format!("sh -c 'exit {code}' cxmap");
            let (status, said) = run_driver(&merge_driver(&fake), &dir, path);
            assert_eq!(status, code, "{said}");
            assert!(!said.contains("could not run"), "{code}: {said}");
            assert_eq!(fs::read_to_string(dir.join(".merge_file_A")).unwrap(), ours);
        }

        // The shell could not run it (127: not there; 126: not executable).
        let gone = dir.join("gone").join("cxmap");
        let unrunnable = dir.join("cxmap");
        fs::write(&unrunnable, "#!/bin/sh\nexit 0\n").unwrap();
        fs::set_permissions(&unrunnable, fs::Permissions::from_mode(0o644)).unwrap();
        for bin in [&gone, &unrunnable] {
            let command = shell_quote(bin.to_str().unwrap());
            // Both sides changed the first line: a conflict, marked.
            three(&dir, base, ours, "x\nb\nc\n");
            let (status, said) = run_driver(&merge_driver(&command), &dir, path);
            assert_eq!(status, 1, "one conflict: {said}");
            assert!(
                said.contains(&format!(
                    "cxmap could not run: git merge-file merged {path} as text; run cxmap \
                     git-setup again, then git checkout -m -- {} to merge it with cxmap\n",
                    shell_quote(path)
                )),
                "{said}"
            );
            assert_eq!(
                fs::read_to_string(dir.join(".merge_file_A")).unwrap(),
                "<<<<<<< ours\nA\n=======\nx\n>>>>>>> theirs\nb\nc\n"
            );
            // Different lines: git's clean text merge, and status 0.
            three(&dir, base, ours, theirs);
            let (status, said) = run_driver(&merge_driver(&command), &dir, path);
            assert_eq!(status, 0, "{said}");
            assert_eq!(
                fs::read_to_string(dir.join(".merge_file_A")).unwrap(),
                "A\nb\nC\n"
            );
        }
        fs::remove_dir_all(dir).unwrap();
    }
}

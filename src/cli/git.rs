//! `cxmap git-setup`: tells git to merge maps with `cxmap merge` and to show
//! their diffs through `cxmap textconv` (or, with `--external-diff`, as the
//! change list of `cxmap diff`).

use super::Outcome;
use super::style::{note, out};
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
            Some(path) => Ok(shell_quote(path)),
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

/// One word for a POSIX shell: single-quoted, each `'` written as `'\''`.
/// Inside single quotes nothing is special, newlines included.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
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

pub fn run(patterns: &[String], external_diff: bool) -> Outcome {
    let here = PathBuf::from(".");
    let top = match git(&["rev-parse", "--show-toplevel"], &here) {
        Ok(top) => PathBuf::from(top),
        Err(error) => {
            note(&format!(
                "cxmap git-setup: not in a git repository ({error})"
            ));
            return Outcome::Failure;
        }
    };
    let command = match command_word() {
        Ok(command) => command,
        Err(error) => {
            note(&format!("cxmap git-setup: {error}"));
            return Outcome::Failure;
        }
    };
    let patterns: Vec<String> = if patterns.is_empty() {
        vec!["*.ron".to_owned()]
    } else {
        patterns.to_vec()
    };
    let attributes = top.join(".gitattributes");
    let existing = std::fs::read_to_string(&attributes).unwrap_or_default();
    let mut text = existing.clone();
    for pattern in &patterns {
        let line = format!("{pattern} merge=cxmap diff=cxmap");
        if !existing.lines().any(|l| l.trim() == line) {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&line);
            text.push('\n');
        }
    }
    if text != existing
        && let Err(error) = crate::storage::write_atomic(&attributes, text.as_bytes())
    {
        note(&format!(
            "cxmap git-setup: cannot write {}: {error}",
            attributes.display()
        ));
        return Outcome::Failure;
    }
    // git expands `%` in the driver line (`%%` is one `%`), and only there.
    // `--` before what git substitutes: a map's path (%P) may start with `-`.
    let driver = format!("{} merge -- %O %A %B %P", command.replace('%', "%%"));
    let mut settings = vec![
        ("merge.cxmap.name", "cxmap journey-map merge".to_owned()),
        ("merge.cxmap.driver", driver),
    ];
    // git appends paths to these two, and a path may start with `-` too.
    if external_diff {
        settings.push(("diff.cxmap.command", format!("{command} diff --")));
    } else {
        settings.push(("diff.cxmap.textconv", format!("{command} textconv --")));
    }
    for (key, value) in &settings {
        if let Err(error) = git(&["config", "--local", key, value], &top) {
            note(&format!(
                "cxmap git-setup: git config {key} failed: {error}"
            ));
            return Outcome::Failure;
        }
    }
    out(&format!(
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
    ));
    Outcome::Success
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn a_quoted_word_reaches_the_shell_unchanged() {
        for text in [
            "plain",
            "",
            "we ird $(touch X)",
            "it's \"quoted\"",
            "''",
            "back`x`tick",
            "two\nlines",
            "\\ $HOME * ; | & < > # ~ !",
        ] {
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("printf %s {}", shell_quote(text)))
                .output()
                .unwrap();
            assert_eq!(String::from_utf8(out.stdout).unwrap(), text);
        }
    }
}

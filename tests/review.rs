//! What a pull request's review sees: `cxmap check --format github` (the
//! annotations on its lines), from the real binary.

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_cxmap");
const EXAMPLE: &str = include_str!("../maps/business-account.ron");
const TODAY: &str = "2026-11-23";

fn cxmap_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap()
}

fn cxmap(args: &[&str]) -> Output {
    cxmap_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cxmap-review-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn findings(map: &str) -> usize {
    let o = cxmap(&["check", "--format", "json", "--today", TODAY, map]);
    let records: Value = serde_json::from_str(&stdout(&o)).unwrap();
    records.as_array().unwrap().len()
}

#[test]
fn github_annotates_every_finding_of_both_example_maps() {
    for (name, map) in [
        ("github_business_account", "maps/business-account.ron"),
        ("github_kodune_internet", "maps/kodune-internet.ron"),
    ] {
        let o = cxmap(&["check", "--format", "github", "--today", TODAY, map]);
        assert_eq!(o.status.code(), Some(1), "findings exit 1 as in text");
        let out = stdout(&o);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), findings(map), "one command per finding");
        let start = format!("::warning file={map},line=");
        assert!(lines.iter().all(|l| l.starts_with(&start)), "{out}");
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn github_escapes_names_and_reports_conflicts_and_unreadable_files_as_errors() {
    let dir = scratch("github");
    let odd = "a,b:c%d\nnext.ron";
    fs::write(dir.join(odd), EXAMPLE).unwrap();
    fs::write(
        dir.join("broken.ron"),
        "(\n  title: \"x\",\n  bogus: 1,\n)\n",
    )
    .unwrap();
    let conflicted = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/merge/same-field-both-changed/expected.ron");
    fs::copy(conflicted, dir.join("merged.ron")).unwrap();
    let o = cxmap_in(
        &dir,
        &[
            "check",
            "--format",
            "github",
            "--today",
            TODAY,
            odd,
            "broken.ron",
            "missing.ron",
            "merged.ron",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "a file that cannot be read is exit 2"
    );
    let out = stdout(&o);
    // The property's `,` `:` `%` and line break escaped; the message's `%`
    // and line breaks too, but not its `:` and `,`.
    assert!(
        out.starts_with(
            "::warning file=a%2Cb%3Ac%25d%0Anext.ron,line=61,col=21,title=CX001 asking the questions you want answered::'Ask the accountant which bank to use' rests only on the team's assumptions%0Ahint: let customers tell it in their own words, then mark it as research\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "::error file=broken.ron,line=3,col=3,title=cxmap could not read this map::unknown field `bogus` in a map"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "::error file=missing.ron,line=1,col=1,title=cxmap could not read this map::cannot read: No such file or directory\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "::error file=merged.ron,line=62,col=21,title=CX000 unresolved merge conflict::unresolved merge conflict: touchpoint 'Call support': emotion is -1 on ours, 0 on theirs%0Ahint: "
        ),
        "{out}"
    );
    // Every command is one line: nothing from a name ends one early.
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
    // And stderr says it as for people, as with text.
    let err = stderr(&o);
    assert!(err.contains("broken.ron:3:3: unknown field"), "{err}");
    assert!(err.contains("2 files could not be read"), "{err}");
    fs::remove_dir_all(dir).unwrap();
}

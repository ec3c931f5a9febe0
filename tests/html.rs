//! `cxmap export --format html`: the pages of both example maps as
//! snapshots, and the command that writes them.

use cxmap::model::Map;
use cxmap::share::{Context, html};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_cxmap");
const TODAY: &str = "2026-11-01";

fn context() -> Context {
    Context {
        today: TODAY.parse().unwrap(),
    }
}

fn example(name: &str) -> Map {
    let path = format!("{}/maps/{name}.ron", env!("CARGO_MANIFEST_DIR"));
    cxmap::storage::load(std::path::Path::new(&path))
        .unwrap()
        .map
}

fn page(name: &str, lang: Option<&str>) -> String {
    let lang: Option<html::Lang> = lang.map(|l| l.parse().unwrap());
    html::export(&example(name), context(), lang.as_ref())
}

fn cxmap(args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn the_business_account_page() {
    insta::assert_snapshot!(page("business-account", None));
}

#[test]
fn the_kodune_internet_page_in_estonian() {
    let page = page("kodune-internet", Some("et"));
    assert!(page.contains("<h1><bdi lang=\"et\">Kodune internet"));
    insta::assert_snapshot!(page);
}

#[test]
fn the_command_writes_the_page_to_stdout_or_a_file() {
    let o = cxmap(&[
        "export",
        "maps/kodune-internet.ron",
        "--format",
        "html",
        "--today",
        TODAY,
        "--lang",
        "et",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        page("kodune-internet", Some("et"))
    );
    let dir = std::env::temp_dir().join(format!("cxmap-html-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("journey map.html");
    let o = cxmap(&[
        "export",
        "maps/business-account.ron",
        "--format",
        "html",
        "--today",
        TODAY,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        page("business-account", None)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_language_is_a_tag_and_only_for_a_page() {
    let o = cxmap(&[
        "export",
        "maps/kodune-internet.ron",
        "--format",
        "html",
        "--lang",
        "et EE",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let error = String::from_utf8_lossy(&o.stderr);
    assert!(error.contains("`et EE` is not a language tag"), "{error}");
    let o = cxmap(&[
        "export",
        "maps/kodune-internet.ron",
        "--format",
        "json",
        "--lang",
        "et",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let error = String::from_utf8_lossy(&o.stderr);
    assert!(
        error.contains("--lang names the language of an HTML page"),
        "{error}"
    );
}

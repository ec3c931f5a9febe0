//! `cxmap check --format sarif`: the findings as a SARIF 2.1.0 log, the
//! format GitHub code scanning (and other review tools) reads, with what
//! code scanning asks for: each rule described, each result at a relative
//! URI, line and column, and a fingerprint that follows the finding from
//! commit to commit whatever line it moves to. The same maps give the same
//! bytes: no times, no absolute paths that were not given.

use super::check::{CONFLICT_CODE, CONFLICT_MISTAKE, Entry, Found, Unread};
use crate::model::Code;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Component, Path};

/// The schema of SARIF 2.1.0 (the OASIS standard with its errata).
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where people read what cxmap is (the project's address, as the map
/// schema's `$id` has it).
const INFORMATION_URI: &str = "https://cxmap.dev/";

/// The key of the fingerprint under `partialFingerprints`: cxmap's own, so
/// that code scanning does not take it for one of its line hashes.
pub const FINGERPRINT: &str = "cxmap/item/v1";

/// A rule as SARIF describes it.
struct Rule {
    id: String,
    /// In PascalCase, as SARIF's examples name rules.
    name: &'static str,
    short: &'static str,
    full: &'static str,
    help: &'static str,
    error: bool,
}

/// Every rule `check` reports by: the merge conflict, then the CX mistakes,
/// those found on every map and then those found on request (a new `Code`
/// does not compile until it is described here).
fn rules() -> Vec<Rule> {
    let mut rules = vec![Rule {
        id: CONFLICT_CODE.to_owned(),
        name: "UnresolvedMergeConflict",
        short: CONFLICT_MISTAKE,
        full: "A field, a move or a deletion that a merge could not decide: the map keeps \
               our side and records both until a person settles it.",
        help: "Open the map in cxmap and keep ours (o) or take theirs (t) for each conflict, \
               or edit the file and delete the conflict.",
        error: true,
    }];
    rules.extend(Code::ALL.map(cx_rule));
    rules.extend(Code::ON_REQUEST.map(cx_rule));
    rules
}

fn cx_rule(code: Code) -> Rule {
    let (name, full, help) = match code {
        Code::CX001 => (
            "AskingTheQuestionsYouWantAnswered",
            "A touchpoint that rests only on the team's assumptions: without customers telling \
             their experience in their own words, the map holds the team's guesses.",
            "Let customers tell it in their own words, then mark the touchpoint as research.",
        ),
        Code::CX002 => (
            "RelyingOnNumbers",
            "An emotion score without the customer's words: a score alone does not say what \
             makes customers happy or unhappy.",
            "Add what customers said about the touchpoint beside its score.",
        ),
        Code::CX003 => (
            "MisjudgingTheData",
            "An open action that rests on one customer (evidence 0 or 1): acting on the loudest \
             voice rather than the body of evidence leads to needless changes.",
            "Check how many customers share the problem before acting, and record the count.",
        ),
        Code::CX004 => (
            "NoRootCauseProcess",
            "A pain point (emotion below 0) without a root cause: the team treats the symptom.",
            "Ask why until you reach a cause you can act on; it may be another touchpoint.",
        ),
        Code::CX005 => (
            "MeasuringForMeasuringsSake",
            "A pain point with no action that has an owner and a due date, or an action past \
             its due date and not done: measuring with no follow-up changes nothing.",
            "Give the pain an action, an owner and a date; follow up an overdue action: finish \
             it, set a new date, or record why it was dropped.",
        ),
        Code::CX006 => (
            "RootCausesInACircle",
            "Root causes that go round in a circle (A is caused by B, B by A): a chain of \
             causes that never reaches a root, so nothing on it can be fixed at its source.",
            "Follow the circle and find where it leaves the map: name that as the root cause \
             of one of its touchpoints, a text or another touchpoint.",
        ),
        Code::CX007 => (
            "TooLittleResearch",
            "A stage, or the whole map, where fewer of the touchpoints rest on research than \
             the line the team set (`cxmap check --min-research PERCENT`): the rest is the \
             team's guesses. Reported only when a line is given.",
            "Hear customers on the touchpoints that rest on assumption, then mark them as \
             research.",
        ),
    };
    Rule {
        id: code.to_string(),
        name,
        short: code.mistake(),
        full,
        help,
        error: false,
    }
}

fn level(error: bool) -> &'static str {
    if error { "error" } else { "warning" }
}

/// The log of one run of `check` over the files of `report`.
pub fn log(report: &[Entry]) -> Value {
    let rules = rules();
    let rule_index: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for entry in report {
        match entry {
            Entry::Found(found) => {
                let index = rule_index[found.code.as_str()];
                results.push(result(found, index, &mut seen));
            }
            Entry::Unread(unread) => notifications.push(notification(unread)),
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "cxmap",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules.iter().map(rule).collect::<Vec<_>>(),
            }},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            // Columns count characters, as cxmap's do, not UTF-16 units.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn rule(rule: &Rule) -> Value {
    json!({
        "id": rule.id,
        "name": rule.name,
        "shortDescription": { "text": rule.short },
        "fullDescription": { "text": rule.full },
        "help": { "text": rule.help },
        "defaultConfiguration": { "level": level(rule.error) },
    })
}

/// One finding. Its fingerprint is its code and what it is about (an
/// item's id, which a move or an edit elsewhere leaves alone), never its
/// line; the rare second finding of a code on one item is numbered.
fn result(found: &Found, rule_index: usize, seen: &mut HashMap<String, usize>) -> Value {
    let key = format!("{}/{}/{}", uri(&found.path), found.code, found.about);
    let count = seen.entry(key).or_insert(0);
    *count += 1;
    let fingerprint = match *count {
        1 => format!("{}/{}", found.code, found.about),
        n => format!("{}/{}/{n}", found.code, found.about),
    };
    json!({
        "ruleId": found.code,
        "ruleIndex": rule_index,
        "level": level(found.error),
        "message": { "text": format!("{}\nhint: {}", found.message, found.hint) },
        "locations": [location(&found.path, found.line, found.column)],
        "partialFingerprints": { FINGERPRINT: fingerprint },
    })
}

/// A file that could not be read: the run did not check it.
fn notification(unread: &Unread) -> Value {
    json!({
        "level": "error",
        "message": { "text": format!("cxmap could not read this map: {}", unread.message) },
        "locations": [location(&unread.path, unread.line, unread.column)],
    })
}

fn location(path: &Path, line: usize, column: usize) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(path) },
            "region": { "startLine": line, "startColumn": column },
        },
    })
}

/// A path as a URI reference: relative as given (from the repository's root
/// when `check` runs there, which code scanning expects), with `/` between
/// segments, `.` segments left out, and every byte a URI cannot hold as it
/// is percent-encoded (a space, `%`, `#`, `?`, a `:` that would read as a
/// scheme, anything not ASCII). An absolute path is a `file:` URI.
pub fn uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut segments = Vec::new();
    let mut absolute = false;
    for component in path.components() {
        match component {
            Component::RootDir => absolute = true,
            Component::CurDir | Component::Prefix(_) => {}
            Component::ParentDir => segments.push("..".to_owned()),
            Component::Normal(name) => segments.push(encode(name.as_bytes())),
        }
    }
    let joined = segments.join("/");
    if absolute {
        format!("file:///{joined}")
    } else {
        joined
    }
}

/// `bytes` with all but RFC 3986's unreserved characters and the
/// sub-delimiters (and `@`) percent-encoded: what a path segment may hold.
fn encode(bytes: &[u8]) -> String {
    let mut encoded = String::with_capacity(bytes.len());
    for &byte in bytes {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&byte);
        if keep {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_relative_uri_references() {
        assert_eq!(
            uri(Path::new("maps/business-account.ron")),
            "maps/business-account.ron"
        );
        assert_eq!(uri(Path::new("./maps/./a.ron")), "maps/a.ron");
        assert_eq!(uri(Path::new("../a.ron")), "../a.ron");
        assert_eq!(
            uri(Path::new("my maps/100% #1?.ron")),
            "my%20maps/100%25%20%231%3F.ron"
        );
        // A colon in the first segment would read as a scheme (`c:`).
        assert_eq!(uri(Path::new("c:map.ron")), "c%3Amap.ron");
        assert_eq!(uri(Path::new("kõne\\x.ron")), "k%C3%B5ne%5Cx.ron");
        assert_eq!(uri(Path::new("/srv/a b.ron")), "file:///srv/a%20b.ron");
    }

    #[test]
    fn a_path_that_is_not_utf8_is_encoded_byte_by_byte() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"a\xffb.ron"));
        assert_eq!(uri(path), "a%FFb.ron");
    }

    #[test]
    fn every_code_has_a_rule_and_rules_are_in_code_order() {
        let ids: Vec<String> = rules().into_iter().map(|r| r.id).collect();
        let mut expected = vec![CONFLICT_CODE.to_owned()];
        expected.extend(Code::ALL.map(|c| c.to_string()));
        expected.extend(Code::ON_REQUEST.map(|c| c.to_string()));
        assert_eq!(ids, expected);
    }
}

//! The loader never panics, whatever the bytes: random bytes, broken copies
//! of real maps, deep nesting, huge input. A time-bounded fuzz loop runs in
//! every `cargo test` (CXMAP_FUZZ_SECONDS, default 10); every input that ever
//! broke the loader is kept in `tests/fuzz-regressions/` and replayed here.

use cxmap::storage::from_bytes;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

const EXAMPLES: [&str; 2] = [
    include_str!("../maps/business-account.ron"),
    include_str!("../maps/kodune-internet.ron"),
];

/// Loads the bytes; a panic is reported with the input saved for the corpus.
fn must_not_panic(bytes: &[u8]) {
    if catch_unwind(AssertUnwindSafe(|| {
        let _ = from_bytes(bytes);
    }))
    .is_err()
    {
        let path = std::env::temp_dir().join(format!("cxmap-fuzz-crash-{:016x}.bin", hash(bytes)));
        let _ = std::fs::write(&path, bytes);
        panic!(
            "the loader panicked; the input is saved in {} — add it to tests/fuzz-regressions/",
            path.display()
        );
    }
}

fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that RON's parser cares about, to get past the first token more often.
const TOKENS: &[&[u8]] = &[
    b"(",
    b")",
    b"[",
    b"]",
    b",",
    b":",
    b"\"",
    b"r#\"",
    b"\"#",
    b"\\",
    b"\\u{",
    b"}",
    b"//",
    b"/*",
    b"*/",
    b"-",
    b"1e999",
    b"99999999999999999999",
    b"Some(",
    b"None",
    b"format: 1",
    b"format: 2",
    b"id: \"t-x\"",
    b"Touchpoint(\"t-x\")",
    b"<<<<<<< ",
    b"\r\n",
    b"\xff",
    b"\xc3",
    b"\xf0\x9f\x98",
    b"\0",
    b"\t",
    b"\xef\xbb\xbf",
    b"emotion: 3",
    b"due: \"2026-02-30\"",
];

fn mutate(rng: &mut Rng, input: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(8) {
        let len = input.len();
        let at = rng.below(len + 1);
        match rng.below(7) {
            0 if len > 0 => {
                let end = (at + rng.below(64)).min(len);
                input.drain(at..end);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                input.splice(at..at, token.iter().copied());
            }
            2 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            3 if len > 0 => {
                let end = (at + rng.below(256)).min(len);
                let copy = input[at..end].to_vec();
                let to = rng.below(len + 1);
                input.splice(to..to, copy);
            }
            4 => input.truncate(at),
            5 => {
                let noise: Vec<u8> = (0..rng.below(32)).map(|_| rng.next() as u8).collect();
                input.splice(at..at, noise);
            }
            _ => {}
        }
    }
}

#[test]
fn replays_every_input_that_ever_broke_the_loader() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        must_not_panic(&bytes);
        count += 1;
    }
    assert!(count > 0);
}

#[test]
fn deep_nesting_and_huge_inputs_are_errors_not_crashes() {
    for open in ["(", "[", "Some(", "r#\"", "{"] {
        let deep = format!(
            "(format: 1, title: \"x\", stages: {})",
            open.repeat(100_000)
        );
        assert!(from_bytes(deep.as_bytes()).is_err());
    }
    let long = format!(
        "(format: 1, title: \"{}\", stages: [])",
        "ä".repeat(5_000_000)
    );
    assert!(from_bytes(long.as_bytes()).is_ok());
    let many: String = std::iter::repeat_n("[", 10_000)
        .chain(std::iter::repeat_n("]", 10_000))
        .collect();
    assert!(from_bytes(many.as_bytes()).is_err());
    assert!(from_bytes(&vec![0u8; 1 << 20]).is_err());
}

#[test]
fn fuzz_the_loader_for_a_while() {
    let seconds = std::env::var("CXMAP_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    eprintln!("fuzzing the loader for {seconds} s from seed {seed}");
    let mut rng = Rng(seed);
    let mut runs = 0u64;
    while Instant::now() < deadline {
        let mut input = match rng.below(4) {
            0 => (0..rng.below(512)).map(|_| rng.next() as u8).collect(),
            _ => EXAMPLES[rng.below(2)].as_bytes().to_vec(),
        };
        mutate(&mut rng, &mut input);
        must_not_panic(&input);
        runs += 1;
    }
    eprintln!("{runs} inputs, no panic");
    assert!(runs > 0);
}

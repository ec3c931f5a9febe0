//! The loader never panics, whatever the bytes: random bytes, broken copies
//! of real maps, deep nesting, huge input; and whatever loads round-trips:
//! saved canonically, it loads to the same map. A time-bounded fuzz loop runs
//! in every `cargo test` (CXMAP_FUZZ_SECONDS, default 10) and names the seed
//! of any input that fails, which CXMAP_FUZZ_SEED makes again; every input
//! that ever broke the loader is kept in `tests/fuzz-regressions/` and
//! replayed here.

use cxmap::storage::{from_bytes, to_canonical};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

const EXAMPLES: [&str; 2] = [
    include_str!("../maps/business-account.ron"),
    include_str!("../maps/kodune-internet.ron"),
];

/// What is wrong with loading these bytes, if anything: a panic, or a map
/// that does not survive saving. A file that loads, saved canonically, must
/// load to the same map, whose canonical text is the same again.
fn fault(bytes: &[u8]) -> Option<String> {
    let round_trip = || {
        let loaded = from_bytes(bytes).ok()?;
        let canonical = to_canonical(&loaded.map);
        let again = match from_bytes(canonical.as_bytes()) {
            Ok(again) => again,
            Err(e) => return Some(format!("its canonical text does not load: {e}")),
        };
        if again.map != loaded.map {
            return Some(format!(
                "its canonical text loads to a different map: {}",
                first_difference(&format!("{:#?}", loaded.map), &format!("{:#?}", again.map))
            ));
        }
        (to_canonical(&again.map) != canonical)
            .then(|| "saving it again changes its canonical text".to_owned())
    };
    catch_unwind(AssertUnwindSafe(round_trip))
        .unwrap_or_else(|_| Some("the loader panicked".into()))
}

/// The first line that differs between two texts, as `-` and `+` lines.
fn first_difference(a: &str, b: &str) -> String {
    let (mut a, mut b) = (a.lines(), b.lines());
    loop {
        match (a.next(), b.next()) {
            (x, y) if x == y && x.is_some() => {}
            (x, y) => return format!("\n- {}\n+ {}", x.unwrap_or(""), y.unwrap_or("")),
        }
    }
}

/// Saves an input that failed where it can be added to the corpus.
fn keep(name: &str, bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("cxmap-fuzz-{name}.bin"));
    let _ = std::fs::write(&path, bytes);
    format!(
        "the input is saved in {} for tests/fuzz-regressions/",
        path.display()
    )
}

fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

struct Rng(u64);

impl Rng {
    /// Any seed, 0 included, gives a generator that does not get stuck.
    fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)) | 1)
    }

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
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        if let Some(fault) = fault(&bytes) {
            panic!("{}: {fault}", path.display());
        }
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

/// The input made from `seed`: random bytes, or a real map broken a little.
fn input_from(seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut input = match rng.below(4) {
        0 => (0..rng.below(512)).map(|_| rng.next() as u8).collect(),
        _ => EXAMPLES[rng.below(2)].as_bytes().to_vec(),
    };
    mutate(&mut rng, &mut input);
    input
}

/// Loads the input of `seed`; a fault is reported with the seed that makes
/// the input again.
fn check_seed(seed: u64) {
    let input = input_from(seed);
    if let Some(fault) = fault(&input) {
        panic!(
            "input {seed}: {fault}\n\
             replay it with CXMAP_FUZZ_SEED={seed} cargo test --test loader_fuzz fuzz_the_loader;\n\
             {}",
            keep(&seed.to_string(), &input)
        );
    }
}

#[test]
fn a_seed_makes_the_same_input_every_time() {
    for seed in [0, 1, 42, u64::MAX] {
        assert_eq!(input_from(seed), input_from(seed), "seed {seed}");
    }
    let inputs: std::collections::HashSet<u64> = (0..100).map(|s| hash(&input_from(s))).collect();
    assert!(inputs.len() > 90, "seeds make different inputs");
}

#[test]
fn fuzz_the_loader_for_a_while() {
    if let Ok(seed) = std::env::var("CXMAP_FUZZ_SEED") {
        let seed = seed
            .parse()
            .expect("CXMAP_FUZZ_SEED is a seed the fuzz loop printed");
        eprintln!("replaying input {seed}");
        check_seed(seed);
        return;
    }
    let seconds = std::env::var("CXMAP_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let start = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    eprintln!(
        "fuzzing the loader for {seconds} s, drawing inputs from seed {start}; \
         an input that fails names its own seed, which CXMAP_FUZZ_SEED replays"
    );
    let mut seeds = Rng::new(start);
    let mut runs = 0u64;
    while Instant::now() < deadline {
        check_seed(seeds.next());
        runs += 1;
    }
    eprintln!("{runs} inputs, no panic, every map that loaded round-trips");
    assert!(runs > 0);
}

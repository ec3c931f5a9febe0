//! Writes a generated map for trying cxmap at size:
//!
//!     cargo run --release --example genmap -- 10000 big.ron
//!     cargo run --release -- big.ron
//!
//! N touchpoints in stages of about fifty, every field filled, texts of
//! varied lengths (some not ASCII); the same N always gives the same map.
//! Never replaces an existing file.

use cxmap::model::generated_map;
use cxmap::storage::{self, Expected};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(out)) = (args.first().and_then(|n| n.parse().ok()), args.get(1)) else {
        eprintln!("usage: cargo run --release --example genmap -- N OUT.ron");
        return ExitCode::from(2);
    };
    let out = PathBuf::from(out);
    let map = generated_map(count);
    match storage::save_to(&out, &map, &Expected::Nothing) {
        Ok(_) => {
            let bytes = std::fs::metadata(&out).map_or(0, |m| m.len());
            let plural =
                |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
            eprintln!(
                "wrote {}: {}, {}, {bytes} bytes",
                out.display(),
                plural(map.stages.len(), "stage"),
                plural(map.touchpoint_count(), "touchpoint")
            );
            ExitCode::SUCCESS
        }
        Err(error) if storage::is_changed_on_disk(&error) || out.exists() => {
            eprintln!(
                "{}: already exists; genmap never replaces a file",
                out.display()
            );
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("{}: cannot write: {error}", out.display());
            ExitCode::from(2)
        }
    }
}

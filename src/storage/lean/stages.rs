//! A large canonical file read a stage at a time: the bytes come in
//! chunks and each stage is parsed as soon as it is whole, so the file's
//! text is never held at once beside the map (only a chunk and the stage
//! being read), and nothing is copied or swept twice. Whatever is not
//! exactly canonical (and whatever would be refused, for a reason the whole
//! text should give) makes this give up, and the file is read whole.

use super::super::format::{canonical_head, canonical_stage};
use super::super::save::{Fingerprint, Fingerprinter};
use super::super::{MAX_MAP_BYTES, Scan, Seen, Stamp, open_to_read};
use crate::model::{Map, validate};
use std::io::Read;
use std::path::Path;
use std::sync::mpsc::SyncSender;

/// From this size on (about 1,000 touchpoints) a file is read a stage at a
/// time; a smaller one is read whole, which costs next to nothing.
pub(super) const FROM: u64 = 1 << 20;

/// How much is read at a time.
const CHUNK: usize = 256 << 10;

const STAGES_OPEN: &[u8] = b"\n    stages: [\n";
const STAGE_OPEN: &[u8] = b"        (\n";
const STAGE_CLOSE: &[u8] = b"\n        ),\n";
const TAIL: &[u8] = b"    ],\n)\n";

/// The map at `path` read a stage at a time, with the file as read; `None`
/// when it is small, not canonical, or anything is amiss. The reading, the
/// fingerprint and the sweeps run on another core ([`split`]) while the
/// stages are parsed here as they come.
pub(super) fn read(path: &Path) -> Option<(Map, Seen)> {
    let file = open_to_read(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() < FROM || meta.len() > MAX_MAP_BYTES {
        return None;
    }
    let stamp = Stamp::of(&meta);
    std::thread::scope(|scope| {
        // Made in here, so that the receiving end is dropped (and a reader
        // waiting to send stops) before the scope waits for the thread.
        let (send, pieces) = std::sync::mpsc::sync_channel(4);
        std::thread::Builder::new()
            .spawn_scoped(scope, move || split(file, &send))
            .ok()?;
        let Ok(Piece::Text(head)) = pieces.recv() else {
            return None;
        };
        let mut map = canonical_head(&head)?;
        loop {
            match pieces.recv().ok()? {
                Piece::Text(stage) => map.stages.push(canonical_stage(&stage)?.into()),
                Piece::End(fingerprint) => {
                    return validate(&map)
                        .is_empty()
                        .then_some((map, Seen { stamp, fingerprint }));
                }
            }
        }
    })
}

/// What [`split`] hands on: the head, then each stage from its `(` to its
/// `)`, each already found to be UTF-8 with nothing the whole text would be
/// refused for; then the fingerprint of every byte, once the file ends as a
/// canonical file does.
enum Piece {
    Text(String),
    End(Fingerprint),
}

/// Reads the file in chunks and hands on its pieces; stops at anything not
/// canonical (or when nobody takes them any more).
fn split(file: std::fs::File, send: &SyncSender<Piece>) -> Option<()> {
    let mut text = Chunks {
        file,
        bytes: Vec::new(),
        start: 0,
        end: false,
        read: 0,
        fingerprint: Fingerprinter::new(),
    };
    let head = text.find(STAGES_OPEN)? + STAGES_OPEN.len();
    send.send(Piece::Text(text.text(0, head)?.to_owned()))
        .ok()?;
    text.consume(head);
    while !text.starts_with(TAIL)? {
        if !text.starts_with(STAGE_OPEN)? {
            return None;
        }
        let close = text.find(STAGE_CLOSE)?;
        // From the stage's `(` to its `)`.
        let stage = text.text(STAGE_OPEN.len() - 2, close + STAGE_CLOSE.len() - 2)?;
        send.send(Piece::Text(stage.to_owned())).ok()?;
        text.consume(close + STAGE_CLOSE.len());
    }
    text.consume(TAIL.len());
    if !text.at_end()? {
        return None;
    }
    send.send(Piece::End(text.fingerprint.finish())).ok()
}

/// The file's bytes not yet read past, `bytes[start..]`, read on in
/// chunks as they are needed; every byte read goes into the fingerprint.
struct Chunks {
    file: std::fs::File,
    bytes: Vec<u8>,
    start: usize,
    end: bool,
    /// How many bytes were read.
    read: u64,
    fingerprint: Fingerprinter,
}

impl Chunks {
    fn rest(&self) -> &[u8] {
        &self.bytes[self.start..]
    }

    /// Reads on; `false` at the end of the file.
    fn more(&mut self) -> Option<bool> {
        if self.end {
            return Some(false);
        }
        if self.start > CHUNK {
            self.bytes.drain(..self.start);
            self.start = 0;
        }
        let len = self.bytes.len();
        self.bytes.resize(len + CHUNK, 0);
        let n = loop {
            match self.file.read(&mut self.bytes[len..]) {
                Ok(n) => break n,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        };
        self.bytes.truncate(len + n);
        self.fingerprint.add(&self.bytes[len..]);
        self.end = n == 0;
        self.read += n as u64;
        // A file that grows past the limit meanwhile: the whole read says so.
        (self.read <= MAX_MAP_BYTES).then_some(!self.end)
    }

    /// Where `needle` first starts in what is left, reading on for it.
    fn find(&mut self, needle: &[u8]) -> Option<usize> {
        let mut from = 0;
        loop {
            if let Some(at) = memchr::memmem::find(&self.rest()[from..], needle) {
                return Some(from + at);
            }
            from = self.rest().len().saturating_sub(needle.len() - 1);
            if !self.more()? {
                return None;
            }
        }
    }

    fn starts_with(&mut self, prefix: &[u8]) -> Option<bool> {
        while self.rest().len() < prefix.len() {
            if !self.more()? {
                break;
            }
        }
        Some(self.rest().starts_with(prefix))
    }

    fn at_end(&mut self) -> Option<bool> {
        Some(self.rest().is_empty() && !self.more()?)
    }

    /// What is left from `from` to `to` as text, if it is UTF-8 with
    /// nothing the whole text would be refused for (a conflict marker, a
    /// control character, a carriage return).
    fn text(&self, from: usize, to: usize) -> Option<&str> {
        let text = std::str::from_utf8(self.rest().get(from..to)?).ok()?;
        let scan = Scan::of(text);
        (scan.conflict_marker.is_none() && scan.control.is_none() && !scan.carriage_return)
            .then_some(text)
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generated_map;
    use crate::storage::{load_stamped, save};

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("cxmap-stages-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("map.ron")
    }

    #[test]
    fn a_large_saved_map_reads_a_stage_at_a_time_as_it_reads_whole() {
        let path = scratch("same");
        save(&path, &generated_map(1_500)).unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() >= FROM);
        let (map, seen) = read(&path).expect("a saved map is canonical");
        let (whole, stamp) = load_stamped(&path).unwrap();
        assert_eq!(map, whole.map);
        assert_eq!(seen, Seen::read(stamp, whole.text.as_bytes()));
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }

    #[test]
    fn anything_not_canonical_or_refused_is_left_to_the_whole_read() {
        let path = scratch("left");
        let text = crate::storage::to_canonical(&generated_map(1_500));
        let name = text.find("name: \"").unwrap() + "name: \"".len();
        let middle = text.len() / 2 + text[text.len() / 2..].find("name: \"").unwrap() + 7;
        let changed = [
            // Indented by hand, a comment, a carriage return.
            text.replacen("            id:", "           id:", 1),
            format!("{}// note\n{}", &text[..middle - 7], &text[middle - 7..]),
            text.replacen(",\n", ",\r\n", 1),
            // Refused: an escape code, a conflict marker, a repeated id.
            format!("{}\u{1b}[2J{}", &text[..middle], &text[middle..]),
            format!("{}\n<<<<<<< HEAD\n{}", &text[..name], &text[name..]),
            text.replacen("t-000001", "t-000000", 1),
            // A stage's closing line inside a name, and the file cut short.
            format!("{}\n        ),\n{}", &text[..middle], &text[middle..]),
            text[..text.len() - 3].to_owned(),
        ];
        for (n, changed) in changed.iter().enumerate() {
            std::fs::write(&path, changed).unwrap();
            assert!(
                read(&path).is_none(),
                "change {n} was read a stage at a time"
            );
            let lean = super::super::load_lean(&path).map(|(map, _)| map);
            let whole = load_stamped(&path).map(|(loaded, _)| loaded.map);
            assert_eq!(
                lean.map_err(|e| e.to_string()),
                whole.map_err(|e| e.to_string()),
                "change {n}"
            );
        }
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }
}

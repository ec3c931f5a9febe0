//! The stage names over the curve, laid out before they are drawn: SVG text
//! neither wraps nor stops at its band, so each name is wrapped here onto up
//! to `MAX_LINES` lines that fit its band, by a conservative estimate of how
//! wide its characters are (`em`: never narrower than the widest of the usual
//! fonts). When some name does not fit whole in its band, every band
//! shows its stage's number before the name, or the number alone where the
//! band is too narrow for words, and the page lists the numbers with the
//! names in full (`Labels::numbered`).

use unicode_width::UnicodeWidthChar;

/// The names' type size and line height, in the drawing's units.
pub(super) const FONT: f64 = 18.0;
pub(super) const LINE: f64 = 22.0;
/// The most lines a name takes; past them it is cut with `…`.
pub(super) const MAX_LINES: usize = 3;
/// The room kept free on each side of a name, inside its band.
pub(super) const PAD: f64 = 6.0;
/// The narrowest room (a band less its padding) in which a name that has
/// to be cut is still shown: about six letters a line. Narrower bands show
/// the stage's number only.
pub(super) const MIN_NAME: f64 = 90.0;

/// A stage's band across the drawing: its left edge and width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Band {
    pub x: f64,
    pub width: f64,
}

impl Band {
    /// The room a name has in the band.
    pub fn room(self) -> f64 {
        self.width - 2.0 * PAD
    }

    pub fn centre(self) -> f64 {
        self.x + self.width / 2.0
    }
}

/// One stage's name as drawn: its lines (none when not even the number
/// fits), centred in the band.
#[derive(Debug, PartialEq)]
pub(super) struct Label {
    pub lines: Vec<String>,
    /// The widest line's estimated width.
    pub width: f64,
}

/// The names of all stages.
#[derive(Debug)]
pub(super) struct Labels {
    pub labels: Vec<Label>,
    /// Whether the bands show numbers, to be read against a list of the
    /// names: some name did not fit whole.
    pub numbered: bool,
}

impl Labels {
    /// Lines the tallest name takes, at least one.
    pub fn lines(&self) -> usize {
        self.labels
            .iter()
            .map(|l| l.lines.len())
            .max()
            .unwrap_or(0)
            .max(1)
    }
}

/// Each stage's name in its band: whole if every name fits whole, else
/// numbered (see the module's comment).
pub(super) fn lay_out(names: &[&str], bands: &[Band]) -> Labels {
    let whole: Option<Vec<Label>> = names
        .iter()
        .zip(bands)
        .map(|(name, band)| {
            let (lines, cut) = balanced(&shown(name), band.room());
            (!cut).then(|| label(lines))
        })
        .collect();
    if let Some(labels) = whole {
        return Labels {
            labels,
            numbered: false,
        };
    }
    let labels = names
        .iter()
        .zip(bands)
        .enumerate()
        .map(|(i, (name, band))| {
            let room = band.room();
            let numbered = format!("{}. {}", i + 1, shown(name));
            let (lines, cut) = balanced(numbered.trim_end(), room);
            if !cut || room >= MIN_NAME {
                return label(lines);
            }
            let number = (i + 1).to_string();
            label(if measure(&number) <= room {
                vec![number]
            } else {
                Vec::new()
            })
        })
        .collect();
    Labels {
        labels,
        numbered: true,
    }
}

fn label(lines: Vec<String>) -> Label {
    let width = lines.iter().map(|l| measure(l)).fold(0.0, f64::max);
    Label { lines, width }
}

/// A name as the page shows it: the characters that reorder text written
/// out (`escape` shows them so, and they take room), runs of white space
/// (line breaks too) as one space, as SVG draws them.
pub(super) fn shown(name: &str) -> String {
    let mut out = String::new();
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if crate::text::reorders(c) || c.is_control() {
                out.push_str(&crate::text::escaped(c));
            } else {
                out.push(c);
            }
        }
    }
    out
}

/// `text` wrapped as `wrap` does, but with its lines as even as they can be
/// and as many (`Get it / set up`, not `Get it set / up`), when it is not
/// cut and breaks only between words.
fn balanced(text: &str, room: f64) -> (Vec<String>, bool) {
    let (lines, cut) = wrap(text, room);
    let between_words = |lines: &[String]| lines.join(" ") == text;
    if cut || lines.len() < 2 || !between_words(&lines) {
        return (lines, cut);
    }
    // The narrowest room that keeps as many lines, to a tenth of a unit.
    let (mut narrow, mut wide) = (0.0, room);
    let mut best = lines;
    while wide - narrow > 0.1 {
        let mid = f64::midpoint(narrow, wide);
        let (tried, cut) = wrap(text, mid);
        if !cut && tried.len() == best.len() && between_words(&tried) {
            (wide, best) = (mid, tried);
        } else {
            narrow = mid;
        }
    }
    (best, false)
}

/// `text` (single-spaced) on lines no wider than `room`, broken between
/// words; a word wider than a line by itself (a long compound, a run of
/// CJK) goes on from where the line is and breaks wherever it must. Past
/// `MAX_LINES`, the last line holds what is left, cut with `…`. Whether it
/// was cut, or a single character is wider than `room`.
fn wrap(text: &str, room: f64) -> (Vec<String>, bool) {
    // Each line as where it starts and ends in `text`.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    let mut end = 0;
    let mut too_wide = false;
    for (at, word) in words(text) {
        let after = at + word.len();
        if end > start && measure(&text[start..after]) <= room {
            end = after;
            continue;
        }
        if measure(word) <= room {
            if end > start {
                lines.push((start, end));
            }
            (start, end) = (at, after);
            continue;
        }
        if end == start {
            (start, end) = (at, at);
        }
        for (i, c) in word.char_indices() {
            let next = at + i + c.len_utf8();
            if end > start && measure(&text[start..next]) > room {
                lines.push((start, end));
                start = at + i;
            }
            too_wide |= measure(&text[start..next]) > room;
            end = next;
        }
    }
    if end > start {
        lines.push((start, end));
    }
    if lines.len() <= MAX_LINES {
        let lines = lines.iter().map(|&(s, e)| text[s..e].to_owned()).collect();
        return (lines, too_wide);
    }
    let last = lines[MAX_LINES - 1].0;
    let mut out: Vec<String> = lines[..MAX_LINES - 1]
        .iter()
        .map(|&(s, e)| text[s..e].to_owned())
        .collect();
    out.push(cut(&text[last..], room));
    (out, true)
}

/// The words of single-spaced `text` with where each starts.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(' ').scan(0, |at, word| {
        let start = *at;
        *at += word.len() + 1;
        Some((start, word))
    })
}

/// As much of `text` as fits in `room` with a `…` after it.
fn cut(text: &str, room: f64) -> String {
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if measure(&out) + measure("…") > room {
            out.pop();
            break;
        }
    }
    let mut out = out.trim_end().to_owned();
    out.push('…');
    out
}

/// How wide `text` is drawn in the names' type, at most (see `em`).
pub(super) fn measure(text: &str) -> f64 {
    FONT * text.chars().map(em).sum::<f64>()
}

/// How wide each ASCII character is in bold type, space to `~`, in
/// hundredths of an em: the wider of DejaVu Sans Bold (what `system-ui` and
/// `sans-serif` are on many Linux desktops, wider than Segoe UI, San
/// Francisco, Roboto or Noto Sans) and Liberation Sans Bold (Arial's
/// widths), rounded up.
#[rustfmt::skip]
const ASCII: [u8; 95] = [
    35, 46, 53, 84, 70, 101, 88, 31, 46, 46, 53, 84, 38, 42, 38, 37, // space to /
    70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 40, 40, 84, 84, 84, 62, // 0 to ?
    100, 78, 77, 74, 83, 69, 69, 83, 84, 38, 56, 78, 64, 100, 84, 85, // @ to O
    74, 85, 77, 72, 69, 82, 78, 111, 78, 73, 73, 46, 37, 46, 84, 56, // P to _
    50, 68, 72, 60, 72, 68, 44, 72, 72, 35, 35, 67, 35, 105, 72, 69, // ` to o
    72, 72, 50, 60, 48, 72, 66, 93, 65, 66, 59, 72, 37, 72, 84, // p to ~
];

/// How wide a character is in the names' bold type, in ems, at most: ASCII
/// by `ASCII`, other characters by kind. A wide (CJK) character counts as
/// two columns; so does a character outside ASCII that is not a letter (an
/// emoji, a symbol).
pub(super) fn em(c: char) -> f64 {
    let ascii = (c as usize).checked_sub(32).and_then(|i| ASCII.get(i));
    if let Some(&hundredths) = ascii {
        return f64::from(hundredths) / 100.0;
    }
    match c {
        'æ' | 'œ' | 'Æ' | 'Œ' => 1.11,
        // Dashes, quotation marks, bullets, the ellipsis.
        '\u{2010}'..='\u{2027}' => 1.0,
        c => match c.width() {
            None | Some(0) => 0.0,
            Some(2) => 1.25,
            _ if !c.is_alphabetic() => 1.25,
            // Latin with marks (õ, š, Ö): as wide as the widest letters
            // they are built on.
            _ if matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}') => {
                if c.is_uppercase() { 0.88 } else { 0.73 }
            }
            // Cyrillic, Greek, Hebrew and the rest: Ш is an em and a
            // quarter wide.
            _ if c.is_uppercase() => 1.25,
            _ => 1.05,
        },
    }
}

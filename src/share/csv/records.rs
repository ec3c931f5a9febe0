//! CSV as RFC 4180 has it, read the way spreadsheets write it: cells apart
//! by `,` (or `;`, or a tab: whichever the first line uses most, or what a
//! `sep=;` line names), records ending in LF, CRLF or CR, a cell in double
//! quotes when it holds one of those (a quote inside written twice), a
//! UTF-8 byte-order mark at the start ignored. Every cell keeps where it
//! began, for notes and errors at their line.
//!
//! Written by hand rather than with the `csv` crate: that crate reads an
//! unclosed quote to the end of the file without a word, and cells do not
//! carry their line there; an import must say where a file is broken.

use super::super::ImportError;

/// One cell's text as written (quotes undone), and where it began (1-based;
/// the column counts characters, as an editor's cursor does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub line: usize,
    pub column: usize,
}

/// One record: its cells, and the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// The most cells a row may have: a cxmap CSV has a few dozen columns at
/// most, and a file of nothing but separators must not take gigabytes.
pub const MAX_CELLS: usize = 1_000;

/// The most rows a file may have: far more touchpoints than a map cxmap
/// works with (a map file is at most 256 MiB).
pub const MAX_ROWS: usize = 500_000;

/// The byte-order mark that tells Excel the file is UTF-8.
pub const BOM: char = '\u{feff}';

/// Appends a record to `out`: cells apart by commas, ending in `\n`. A cell
/// is quoted when it holds a separator a reader might take (`,` `;` tab),
/// a quote, a line break, or starts or ends in a space (which some readers
/// trim).
pub fn write(out: &mut String, cells: &[String]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let quote = cell.contains([',', ';', '\t', '"', '\n', '\r'])
            || cell.starts_with(' ')
            || cell.ends_with(' ');
        if quote {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(cell);
        }
    }
    out.push('\n');
}

/// The records of `text`. A quote never closed, or a cell that goes on
/// after its closing quote, is an error at its line and column.
pub fn read(text: &str) -> Result<Vec<Record>, ImportError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let (separator, text, first_line) = match named_separator(text) {
        Some((separator, rest)) => (separator, rest, 2),
        None => (guess_separator(text), text, 1),
    };
    Reader {
        chars: text.chars().peekable(),
        separator,
        line: first_line,
        column: 1,
    }
    .records()
}

/// Excel's `sep=;` first line, which names the separator; and the text
/// after it.
fn named_separator(text: &str) -> Option<(char, &str)> {
    let rest = text.strip_prefix("sep=")?;
    let mut chars = rest.chars();
    let separator = chars.next().filter(|c| matches!(c, ',' | ';' | '\t'))?;
    let after = chars.as_str();
    let after = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))
        .or_else(|| after.strip_prefix('\r'))?;
    Some((separator, after))
}

/// The separator the first record uses most (outside quotes): `,`, or
/// `;` as Excel writes CSV where the decimal mark is a comma, or a tab.
fn guess_separator(text: &str) -> char {
    let (mut quoted, mut counts) = (false, [0usize; 3]);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let most = counts.iter().copied().max().unwrap_or(0);
    if most == 0 || counts[0] == most {
        ','
    } else if counts[1] == most {
        ';'
    } else {
        '\t'
    }
}

struct Reader<'t> {
    chars: std::iter::Peekable<std::str::Chars<'t>>,
    separator: char,
    line: usize,
    column: usize,
}

impl Reader<'_> {
    fn next(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        // A CR before an LF ends no line of its own.
        if c == '\n' || (c == '\r' && self.chars.peek() != Some(&'\n')) {
            self.line += 1;
            self.column = 1;
        } else if c != '\r' {
            self.column += 1;
        }
        Some(c)
    }

    fn records(mut self) -> Result<Vec<Record>, ImportError> {
        let mut records = Vec::new();
        while self.chars.peek().is_some() {
            let line = self.line;
            let mut cells = Vec::new();
            if records.len() == MAX_ROWS {
                return Err(ImportError {
                    line,
                    column: 1,
                    message: format!(
                        "more than {MAX_ROWS} rows: far more touchpoints than any map cxmap \
                         works with"
                    ),
                });
            }
            loop {
                if cells.len() == MAX_CELLS {
                    return Err(ImportError {
                        line: self.line,
                        column: self.column,
                        message: format!(
                            "more than {MAX_CELLS} cells in one row: a CSV of a cxmap map has \
                             a column per field, a few dozen at most"
                        ),
                    });
                }
                cells.push(self.cell()?);
                match self.next() {
                    Some(c) if c == self.separator => {}
                    Some('\r') => {
                        if self.chars.peek() == Some(&'\n') {
                            self.next();
                        }
                        break;
                    }
                    _ => break, // a line break or the end
                }
            }
            records.push(Record { line, cells });
        }
        Ok(records)
    }

    /// One cell, up to (not including) the separator or line break after it.
    fn cell(&mut self) -> Result<Cell, ImportError> {
        let (line, column) = (self.line, self.column);
        let mut text = String::new();
        if self.chars.peek() == Some(&'"') {
            self.next();
            self.quoted(&mut text, line, column)?;
        } else {
            while let Some(&c) = self.chars.peek() {
                if c == self.separator || c == '\n' || c == '\r' {
                    break;
                }
                text.push(c);
                self.next();
            }
        }
        Ok(Cell { text, line, column })
    }

    /// The rest of a quoted cell, after its opening quote at `line`:`column`.
    fn quoted(&mut self, text: &mut String, line: usize, column: usize) -> Result<(), ImportError> {
        loop {
            match self.next() {
                None => {
                    return Err(ImportError {
                        line,
                        column,
                        message: "this quote is never closed: a cell that starts with `\"` ends \
                                  with one (a quote inside it is written twice, `\"\"`)"
                            .to_owned(),
                    });
                }
                Some('"') if self.chars.peek() == Some(&'"') => {
                    self.next();
                    text.push('"');
                }
                Some('"') => break,
                Some('\r') => {
                    if self.chars.peek() == Some(&'\n') {
                        self.next();
                    }
                    text.push('\n');
                }
                Some(c) => text.push(c),
            }
        }
        // Spaces after the closing quote are padding; anything else is not.
        while self.chars.peek() == Some(&' ') {
            self.next();
        }
        match self.chars.peek() {
            None | Some('\n' | '\r') => Ok(()),
            Some(&c) if c == self.separator => Ok(()),
            Some(_) => Err(ImportError {
                line: self.line,
                column: self.column,
                message: format!(
                    "the cell quoted at column {column} goes on after its closing quote: \
                     a quote inside a quoted cell is written twice (`\"\"`)"
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<Vec<String>> {
        read(text)
            .unwrap()
            .into_iter()
            .map(|r| r.cells.into_iter().map(|c| c.text).collect())
            .collect()
    }

    #[test]
    fn a_row_of_nothing_but_separators_is_refused_where_it_grows_too_wide() {
        let text = format!("a,b\n{}", ",".repeat(5_000));
        let error = read(&text).unwrap_err();
        assert_eq!((error.line, error.column), (2, MAX_CELLS + 1), "{error}");
        assert!(error.message.contains("cells in one row"), "{error}");
    }

    #[test]
    fn a_file_of_more_rows_than_any_map_is_refused() {
        let text = "a\n".repeat(MAX_ROWS + 1);
        let error = read(&text).unwrap_err();
        assert_eq!(error.line, MAX_ROWS + 1, "{error}");
    }

    #[test]
    fn quoted_cells_hold_separators_quotes_and_line_breaks() {
        let mut out = String::new();
        let cells = ["a,b", "say \"hi\"", "two\nlines", " padded", "plain", ""].map(String::from);
        write(&mut out, &cells);
        assert_eq!(
            out,
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",plain,\n"
        );
        assert_eq!(texts(&out), [cells.to_vec()]);
    }

    #[test]
    fn crlf_cr_and_a_bom_read_as_lf_files_do() {
        let expected = [vec!["a", "b"], vec!["c", "d\ne"]];
        for text in [
            "a,b\nc,\"d\ne\"\n",
            "\u{feff}a,b\r\nc,\"d\r\ne\"\r\n",
            "a,b\rc,\"d\re\"",
        ] {
            assert_eq!(texts(text), expected, "{text:?}");
        }
    }

    #[test]
    fn the_separator_is_the_one_the_first_line_uses() {
        assert_eq!(
            texts("a;b;c\n1,5;2;3\n"),
            [vec!["a", "b", "c"], vec!["1,5", "2", "3"]]
        );
        assert_eq!(texts("a\tb\n1\t2\n"), [vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(texts("sep=;\na;b\n"), [vec!["a", "b"]]);
        assert_eq!(read("sep=;\na;b\n").unwrap()[0].line, 2);
        assert_eq!(texts("\"x;y\",z\n"), [vec!["x;y", "z"]]);
    }

    #[test]
    fn cells_know_their_line_and_column() {
        let records = read("a,b\n\"x\ny\",õz,w\n").unwrap();
        let second = &records[1];
        assert_eq!(second.line, 2);
        let places: Vec<(usize, usize)> = second.cells.iter().map(|c| (c.line, c.column)).collect();
        assert_eq!(places, [(2, 1), (3, 4), (3, 7)]);
    }

    #[test]
    fn a_quote_never_closed_is_an_error_at_the_quote() {
        let error = read("a,b\nc,\"open\nmore,text\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 3), "{error}");
        assert!(error.message.contains("never closed"), "{error}");
    }

    #[test]
    fn text_after_a_closing_quote_is_an_error_where_it_goes_on() {
        let error = read("a,\"b\"c,d\n").unwrap_err();
        assert_eq!((error.line, error.column), (1, 6), "{error}");
        assert_eq!(texts("a,\"b\"  ,c\n"), [vec!["a", "b", "c"]]);
    }

    #[test]
    fn a_quote_inside_an_unquoted_cell_is_kept() {
        assert_eq!(texts("a 5\" disk,b\n"), [vec!["a 5\" disk", "b"]]);
    }
}

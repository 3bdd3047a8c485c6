//! CSV output, streamed row by row to any writer: RFC 4180 quoting, CRLF, CP932 (what Excel on
//! Japanese Windows opens) or UTF-8 with a BOM, and cells neutralised against spreadsheet formula
//! injection.
//!
//! A value CP932 cannot hold is refused with its row and column, never replaced by `?`: a payroll
//! program reading a `?` in a name would carry the wrong name on without anyone noticing.

use std::io::Write;

use crate::cp932;

/// The character encoding of a CSV download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvEncoding {
    /// Shift_JIS as Windows extends it (NEC and IBM extensions included).
    #[default]
    Cp932,
    /// UTF-8 with a byte-order mark, so Excel recognises it.
    Utf8Bom,
}

impl CsvEncoding {
    /// The `charset` of the HTTP `Content-Type`.
    pub fn charset(self) -> &'static str {
        match self {
            CsvEncoding::Cp932 => "Shift_JIS",
            CsvEncoding::Utf8Bom => "utf-8",
        }
    }
}

/// Why a CSV could not be written. [`CsvError::code`] is stable; the Display is the Japanese
/// message for the user.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    /// 1-based row (the header is row 1) and column of a value CP932 cannot encode.
    #[error("{row}行目 {column}列目（{column_name}）の「{ch}」はCP932で出力できません")]
    Unencodable {
        row: usize,
        column: usize,
        column_name: String,
        ch: char,
    },
    /// A row with more or fewer cells than the header: a bug in the caller, refused rather than
    /// shifting every later column.
    #[error("{row}行目の項目数が{found}個です（見出しは{expected}個）")]
    WrongCellCount {
        row: usize,
        expected: usize,
        found: usize,
    },
    #[error("CSVを書き出せませんでした: {0}")]
    Io(#[from] std::io::Error),
}

impl CsvError {
    pub fn code(&self) -> &'static str {
        match self {
            CsvError::Unencodable { .. } => "R101",
            CsvError::WrongCellCount { .. } => "R102",
            CsvError::Io(_) => "R109",
        }
    }
}

/// One cell of a typed row ([`CsvWriter::write_fields`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field<'a> {
    /// Text from people: neutralised if a spreadsheet would take it for a formula.
    Text(&'a str),
    /// A number (yen, a count): written bare, so `-1200` stays a number for the payroll program.
    Int(i64),
}

/// Writes a CSV to `W` one row at a time; nothing but the current row is held in memory.
///
/// After an error the row that failed has not been written (rows are encoded whole before any
/// byte reaches the writer), so a caller may report it and stop.
pub struct CsvWriter<W: Write> {
    out: W,
    encoding: CsvEncoding,
    header: Vec<String>,
    /// 1-based number of the next row; the header is row 1.
    row: usize,
    text: String,
    bytes: Vec<u8>,
}

impl<W: Write> CsvWriter<W> {
    /// Writes the BOM (UTF-8) and the header row.
    pub fn new(out: W, encoding: CsvEncoding, header: &[&str]) -> Result<Self, CsvError> {
        let mut w = CsvWriter {
            out,
            encoding,
            header: header.iter().map(|s| (*s).to_owned()).collect(),
            row: 1,
            text: String::new(),
            bytes: Vec::new(),
        };
        if encoding == CsvEncoding::Utf8Bom {
            w.out.write_all("\u{feff}".as_bytes())?;
        }
        let fields: Vec<Field> = header.iter().map(|s| Field::Text(s)).collect();
        w.write_fields(&fields)?;
        Ok(w)
    }

    /// Writes a row of text cells (each neutralised if it looks like a formula).
    pub fn write_row(&mut self, cells: &[&str]) -> Result<(), CsvError> {
        let fields: Vec<Field> = cells.iter().map(|s| Field::Text(s)).collect();
        self.write_fields(&fields)
    }

    /// Writes a row of typed cells.
    pub fn write_fields(&mut self, cells: &[Field]) -> Result<(), CsvError> {
        if self.row > 1 && cells.len() != self.header.len() {
            return Err(CsvError::WrongCellCount {
                row: self.row,
                expected: self.header.len(),
                found: cells.len(),
            });
        }
        self.text.clear();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.text.push(',');
            }
            match cell {
                Field::Int(n) => self.text.push_str(&n.to_string()),
                Field::Text(s) => push_text(&mut self.text, s),
            }
        }
        self.text.push_str("\r\n");
        match self.encoding {
            CsvEncoding::Utf8Bom => self.out.write_all(self.text.as_bytes())?,
            CsvEncoding::Cp932 => {
                self.bytes.clear();
                if let Err(ch) = cp932::encode_into(&self.text, &mut self.bytes) {
                    return Err(self.unencodable(cells, ch));
                }
                self.out.write_all(&self.bytes)?;
            }
        }
        self.row += 1;
        Ok(())
    }

    /// Names the first cell of the row holding `ch`.
    fn unencodable(&self, cells: &[Field], ch: char) -> CsvError {
        let column = cells
            .iter()
            .position(|c| matches!(c, Field::Text(s) if s.contains(ch)))
            .map_or(1, |i| i + 1);
        CsvError::Unencodable {
            row: self.row,
            column,
            column_name: self.header.get(column - 1).cloned().unwrap_or_default(),
            ch,
        }
    }

    /// Flushes and returns the writer.
    pub fn finish(mut self) -> Result<W, CsvError> {
        self.out.flush()?;
        Ok(self.out)
    }

    /// Rows written so far, the header included.
    pub fn rows_written(&self) -> usize {
        self.row - 1
    }
}

/// Characters that make Excel or LibreOffice read a cell as a formula (OWASP CSV injection).
/// A lone `-` or `+` (the placeholder the operation log writes) carries no formula and is left
/// as it is.
fn looks_like_formula(s: &str) -> bool {
    if matches!(s, "-" | "+" | "－" | "＋") {
        return false;
    }
    matches!(
        s.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
    )
}

/// RFC 4180: quote a field holding a comma, a quote, CR or LF, doubling inner quotes. A field
/// that could be a formula gets a leading `'` (inside the quotes when quoted).
fn push_text(out: &mut String, s: &str) {
    let neutral = looks_like_formula(s);
    let quote = s.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if neutral {
        out.push('\'');
    }
    if quote {
        for c in s.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// A whole table to bytes (the operation-log download). Kept for callers that hold every row
/// anyway; new code streams with [`CsvWriter`].
pub fn write_csv<R, C>(header: &[&str], rows: R, encoding: CsvEncoding) -> Result<Vec<u8>, CsvError>
where
    R: IntoIterator<Item = C>,
    C: AsRef<[String]>,
{
    let mut w = CsvWriter::new(Vec::new(), encoding, header)?;
    for row in rows {
        let cells: Vec<&str> = row.as_ref().iter().map(String::as_str).collect();
        w.write_row(&cells)?;
    }
    w.finish()
}

//! 一斉積立内訳明細データ (CSV, `docs/collective.md` §5.1), CP932 by default or UTF-8 with a BOM;
//! CRLF, a header row, a cell a spreadsheet would take for a formula neutralised with a leading
//! `'`.
//!
//! ```text
//! 番号,名称,受信日,作成区分,行番号,職員番号,カナ氏名,漢字氏名,店番,口座番号,積立金額
//! ```
//!
//! 番号 with 3 digits (`014`); 受信日 `YYYYMMDD`; 作成区分 定例 / 臨時作成; 漢字氏名 empty when
//! none; amounts plain digits. One row per line, in the order given (行番号).

use std::borrow::Borrow;
use std::io::Write;

use crate::csv::{CsvEncoding, CsvError, CsvWriter, Field};

use super::{Line, RunHeading};

/// The header row, byte for byte.
pub const COLUMNS: [&str; 11] = [
    "番号",
    "名称",
    "受信日",
    "作成区分",
    "行番号",
    "職員番号",
    "カナ氏名",
    "漢字氏名",
    "店番",
    "口座番号",
    "積立金額",
];

/// A push-style writer: [`LinesCsv::new`] writes the header, [`LinesCsv::row`] one line,
/// [`LinesCsv::finish`] flushes. Only the current row is held, so a route may stream the lines
/// in pages (`collective::lines_after`).
pub struct LinesCsv<W: Write> {
    w: CsvWriter<W>,
    number: String,
    name: String,
    received: String,
    kind: &'static str,
}

impl<W: Write> LinesCsv<W> {
    pub fn new(out: W, encoding: CsvEncoding, run: &RunHeading) -> Result<Self, CsvError> {
        Ok(LinesCsv {
            w: CsvWriter::new(out, encoding, &COLUMNS)?,
            number: run.number(),
            name: run.name.clone(),
            received: run.received_compact(),
            kind: run.kind.label(),
        })
    }

    /// Writes one line. A text CP932 cannot hold refuses the row, naming its row and column.
    pub fn row(&mut self, l: &Line) -> Result<(), CsvError> {
        self.w.write_fields(&[
            Field::Text(&self.number),
            Field::Text(&self.name),
            Field::Text(&self.received),
            Field::Text(self.kind),
            Field::Int(i64::from(l.line_no)),
            Field::Text(&l.employee_no),
            Field::Text(&l.kana_name),
            Field::Text(&l.kanji_name),
            Field::Text(&l.branch_no),
            Field::Text(&l.account_no),
            Field::Int(l.amount),
        ])
    }

    /// Rows written so far, the header included.
    pub fn rows_written(&self) -> usize {
        self.w.rows_written()
    }

    pub fn finish(self) -> Result<W, CsvError> {
        self.w.finish()
    }
}

/// The whole file from the run and its lines (owned or borrowed), streamed to `out`.
pub fn write<W: Write, L: Borrow<Line>>(
    out: W,
    encoding: CsvEncoding,
    run: &RunHeading,
    lines: impl IntoIterator<Item = L>,
) -> Result<W, CsvError> {
    let mut w = LinesCsv::new(out, encoding, run)?;
    for l in lines {
        w.row(l.borrow())?;
    }
    w.finish()
}

//! 賃控元帳明細データ (CSV, `docs/ledger.md` §6.2): the export (LR109101) and the reading of the
//! same file edited in a spreadsheet (LR110101).
//!
//! ```text
//! 職員番号,カナ氏名,漢字氏名,種目コード,種目名,月例金額,夏季金額,年末金額,開始月,終了月
//! ```
//!
//! Export: one row per 有効 line in 職員番号, 種目表示順, 種目コード order (the caller's), the
//! current amounts as plain digits, months `YYYYMM`, 終了月 empty when none; a cell a spreadsheet
//! would take for a formula gets a leading `'` (the import strips it again).
//!
//! Import: [`parse`] reads the bytes (CP932, UTF-8 with or without BOM, detected) into the
//! domain's raw rows and the file's own problems; `cjs_domain::ledger::import::plan` checks the
//! cells against the items and the lines and names every other problem the same way.

use std::borrow::Borrow;
use std::io::Write;

use cjs_domain::deduction::YearMonth;
use cjs_domain::ledger::{HEADER, ImportRow, Line, RowProblem};

use crate::csv::{CsvEncoding, CsvError, CsvWriter, Field};

/// The header row, byte for byte (the domain's [`HEADER`], which the import also requires).
pub const COLUMNS: [&str; 10] = HEADER;

/// One 有効 line as exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailRow {
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: String,
    pub item_code: String,
    pub item_name: String,
    /// The current amounts.
    pub amount_monthly: i64,
    pub amount_summer: i64,
    pub amount_year_end: i64,
    pub start_month: YearMonth,
    pub end_month: Option<YearMonth>,
}

impl DetailRow {
    /// A stored line with its item's name.
    pub fn from_line(line: &Line, item_name: &str) -> Self {
        let f = &line.fields;
        DetailRow {
            employee_no: f.employee_no.as_str().to_owned(),
            kana_name: f.kana_name.as_str().to_owned(),
            kanji_name: f.kanji_name.as_str().to_owned(),
            item_code: f.item_code.as_str().to_owned(),
            item_name: item_name.to_owned(),
            amount_monthly: f.amounts.monthly,
            amount_summer: f.amounts.summer,
            amount_year_end: f.amounts.year_end,
            start_month: f.start_month,
            end_month: f.end_month,
        }
    }
}

/// A push-style writer: [`LinesCsv::new`] writes the header, [`LinesCsv::row`] one line,
/// [`LinesCsv::finish`] flushes. Only the current row is held in memory, so a route can stream
/// the lines in pages from the database (`lines::export_after`).
pub struct LinesCsv<W: Write> {
    w: CsvWriter<W>,
    start: String,
    end: String,
}

impl<W: Write> LinesCsv<W> {
    pub fn new(out: W, encoding: CsvEncoding) -> Result<Self, CsvError> {
        Ok(LinesCsv {
            w: CsvWriter::new(out, encoding, &COLUMNS)?,
            start: String::new(),
            end: String::new(),
        })
    }

    /// Writes one line. A text CP932 cannot hold refuses the row, naming its row and column.
    pub fn row(&mut self, r: &DetailRow) -> Result<(), CsvError> {
        self.start.clear();
        self.start.push_str(&r.start_month.compact());
        self.end.clear();
        if let Some(end) = r.end_month {
            self.end.push_str(&end.compact());
        }
        self.w.write_fields(&[
            Field::Text(&r.employee_no),
            Field::Text(&r.kana_name),
            Field::Text(&r.kanji_name),
            Field::Text(&r.item_code),
            Field::Text(&r.item_name),
            Field::Int(r.amount_monthly),
            Field::Int(r.amount_summer),
            Field::Int(r.amount_year_end),
            Field::Text(&self.start),
            Field::Text(&self.end),
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

/// The whole file from an iterator of rows (owned or borrowed), streamed to `out`.
pub fn write<W: Write, R: Borrow<DetailRow>>(
    out: W,
    encoding: CsvEncoding,
    rows: impl IntoIterator<Item = R>,
) -> Result<W, CsvError> {
    let mut w = LinesCsv::new(out, encoding)?;
    for r in rows {
        w.row(r.borrow())?;
    }
    w.finish()
}

/// Reads an imported file: the header must be [`COLUMNS`] exactly (names trimmed), in that
/// order. Returns every record that parsed cleanly as an [`ImportRow`] (the file's line, header
/// = 1; cells as written) for `ledger::import::plan`, and the file's own problems (bad bytes,
/// wrong header, quoting, field count, control characters or 外字, a cell over 1,000
/// characters), each naming its line and, where it concerns one cell, the column and its name.
/// A record with such a problem is not among the rows.
pub fn parse(bytes: &[u8]) -> (Vec<ImportRow>, Vec<RowProblem>) {
    super::read(bytes, &COLUMNS)
}

//! 賃控元帳控除依頼データ (CSV, `docs/ledger.md` §6.1, LR106101): one row per run line, streamed.
//!
//! ```text
//! 支給区分,控除年月,行番号,職員番号,カナ氏名,漢字氏名,種目コード,種目名,種目区分,控除金額
//! ```
//!
//! 支給区分 月例 / 夏季 / 年末; 控除年月 `YYYYMM`; 種目区分 労金 / 組合費 / 共済 / その他; amounts
//! plain digits. The lines and their order are the caller's (`line_no`).

use std::borrow::Borrow;
use std::io::Write;

use cjs_domain::deduction::YearMonth;
use cjs_domain::schedule::Occasion;

use crate::csv::{CsvEncoding, CsvError, CsvWriter, Field};

use super::{Line, occasion_short};

/// The header row, byte for byte.
pub const COLUMNS: [&str; 10] = [
    "支給区分",
    "控除年月",
    "行番号",
    "職員番号",
    "カナ氏名",
    "漢字氏名",
    "種目コード",
    "種目名",
    "種目区分",
    "控除金額",
];

/// A push-style writer for a route that streams rows as the database yields them:
/// [`RequestsCsv::new`] writes the header, [`RequestsCsv::line`] one row, [`RequestsCsv::finish`]
/// flushes. Only the current row is held in memory.
pub struct RequestsCsv<W: Write> {
    w: CsvWriter<W>,
    occasion: &'static str,
    month: String,
}

impl<W: Write> RequestsCsv<W> {
    pub fn new(
        out: W,
        encoding: CsvEncoding,
        occasion: Occasion,
        month: YearMonth,
    ) -> Result<Self, CsvError> {
        Ok(RequestsCsv {
            w: CsvWriter::new(out, encoding, &COLUMNS)?,
            occasion: occasion_short(occasion),
            month: month.compact(),
        })
    }

    /// Writes one line. A text CP932 cannot hold refuses the row, naming its row and column.
    pub fn line(&mut self, l: &Line) -> Result<(), CsvError> {
        self.w.write_fields(&[
            Field::Text(self.occasion),
            Field::Text(&self.month),
            Field::Int(i64::from(l.line_no)),
            Field::Text(&l.employee_no),
            Field::Text(&l.kana_name),
            Field::Text(&l.kanji_name),
            Field::Text(&l.item_code),
            Field::Text(&l.item_name),
            Field::Text(l.item_kind.label()),
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

/// The whole file from an iterator of lines (owned or borrowed), streamed to `out`.
pub fn write<W: Write, L: Borrow<Line>>(
    out: W,
    encoding: CsvEncoding,
    occasion: Occasion,
    month: YearMonth,
    lines: impl IntoIterator<Item = L>,
) -> Result<W, CsvError> {
    let mut w = RequestsCsv::new(out, encoding, occasion, month)?;
    for l in lines {
        w.line(l.borrow())?;
    }
    w.finish()
}

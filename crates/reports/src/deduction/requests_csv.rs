//! 労金控除依頼データ (CSV, `docs/deduction.md` §5.1): one row per request line, streamed.
//!
//! ```text
//! 支給区分,控除年月,行番号,職員番号,カナ氏名,漢字氏名,取引コード,取引名,店番,口座番号,依頼金額,前回金額,異動区分,窓口,エラー,入金中止理由
//! ```
//!
//! 支給区分 月例 / 夏季一時金 / 年末一時金; 控除年月 `YYYYMM`; amounts plain digits (前回金額
//! empty on 新規); 異動区分 新規 / 変更 / 解除 / 継続; 窓口 `1` or empty; エラー the error's name
//! or empty; 入金中止理由 `退職` … `その他（text）` or empty. The lines and their order are the
//! list's (`?list=`), chosen by the caller.

use std::borrow::Borrow;
use std::io::Write;

use cjs_domain::deduction::YearMonth;
use cjs_domain::schedule::Occasion;

use crate::csv::{CsvEncoding, CsvError, CsvWriter, Field};

use super::Line;

/// The header row, byte for byte.
pub const COLUMNS: [&str; 16] = [
    "支給区分",
    "控除年月",
    "行番号",
    "職員番号",
    "カナ氏名",
    "漢字氏名",
    "取引コード",
    "取引名",
    "店番",
    "口座番号",
    "依頼金額",
    "前回金額",
    "異動区分",
    "窓口",
    "エラー",
    "入金中止理由",
];

/// A push-style writer, for a route that streams rows as the database yields them:
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
            occasion: occasion.label(),
            month: month.compact(),
        })
    }

    /// Writes one line. A text CP932 cannot hold refuses the row, naming its row and column.
    pub fn line(&mut self, l: &Line) -> Result<(), CsvError> {
        let stop = l.stop.as_ref().map(|s| s.label()).unwrap_or_default();
        let previous = match l.previous_amount {
            Some(v) => Field::Int(v),
            None => Field::Text(""),
        };
        self.w.write_fields(&[
            Field::Text(self.occasion),
            Field::Text(&self.month),
            Field::Int(i64::from(l.line_no)),
            Field::Text(&l.employee_no),
            Field::Text(&l.kana_name),
            Field::Text(&l.kanji_name),
            Field::Text(&l.product_code),
            Field::Text(&l.product_name),
            Field::Text(&l.branch_no),
            Field::Text(&l.account_no),
            Field::Int(l.amount),
            previous,
            Field::Text(l.movement.label()),
            Field::Text(if l.counter { "1" } else { "" }),
            Field::Text(l.error.map(|e| e.label()).unwrap_or_default()),
            Field::Text(&stop),
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

//! 一斉積立変更明細データ (CSV, `docs/collective.md` §5.2), CP932 by default or UTF-8 with a BOM;
//! CRLF, a header row, formulas neutralised.
//!
//! ```text
//! 番号,名称,受信日,行番号,変更区分,職員番号,カナ氏名,漢字氏名,変更前店番,変更前口座番号,変更前積立金額,変更後店番,変更後口座番号,変更後積立金額
//! ```
//!
//! 番号 with 3 digits; 受信日 `YYYYMMDD`; 変更区分 新規 / 口座変更 / 金額変更 / 解約; the empty
//! side's three cells empty (変更前 on 新規, 変更後 on 解約). One row per change, in the order
//! given (行番号).

use std::borrow::Borrow;
use std::io::Write;

use crate::csv::{CsvEncoding, CsvError, CsvWriter, Field};

use super::{ChangeLine, RunHeading, Side};

/// The header row, byte for byte.
pub const COLUMNS: [&str; 14] = [
    "番号",
    "名称",
    "受信日",
    "行番号",
    "変更区分",
    "職員番号",
    "カナ氏名",
    "漢字氏名",
    "変更前店番",
    "変更前口座番号",
    "変更前積立金額",
    "変更後店番",
    "変更後口座番号",
    "変更後積立金額",
];

/// A push-style writer, as [`super::lines_csv::LinesCsv`].
pub struct ChangesCsv<W: Write> {
    w: CsvWriter<W>,
    number: String,
    name: String,
    received: String,
}

fn side(s: Option<&Side>) -> [Field<'_>; 3] {
    match s {
        Some(s) => [
            Field::Text(&s.branch_no),
            Field::Text(&s.account_no),
            Field::Int(s.amount),
        ],
        None => [Field::Text(""), Field::Text(""), Field::Text("")],
    }
}

impl<W: Write> ChangesCsv<W> {
    pub fn new(out: W, encoding: CsvEncoding, run: &RunHeading) -> Result<Self, CsvError> {
        Ok(ChangesCsv {
            w: CsvWriter::new(out, encoding, &COLUMNS)?,
            number: run.number(),
            name: run.name.clone(),
            received: run.received_compact(),
        })
    }

    /// Writes one change. A text CP932 cannot hold refuses the row, naming its row and column.
    pub fn row(&mut self, c: &ChangeLine) -> Result<(), CsvError> {
        let [bb, ba, bm] = side(c.before.as_ref());
        let [ab, aa, am] = side(c.after.as_ref());
        self.w.write_fields(&[
            Field::Text(&self.number),
            Field::Text(&self.name),
            Field::Text(&self.received),
            Field::Int(i64::from(c.change_no)),
            Field::Text(c.kind.label()),
            Field::Text(&c.employee_no),
            Field::Text(&c.kana_name),
            Field::Text(&c.kanji_name),
            bb,
            ba,
            bm,
            ab,
            aa,
            am,
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

/// The whole file from the run and its changes (owned or borrowed), streamed to `out`.
pub fn write<W: Write, C: Borrow<ChangeLine>>(
    out: W,
    encoding: CsvEncoding,
    run: &RunHeading,
    changes: impl IntoIterator<Item = C>,
) -> Result<W, CsvError> {
    let mut w = ChangesCsv::new(out, encoding, run)?;
    for c in changes {
        w.row(c.borrow())?;
    }
    w.finish()
}

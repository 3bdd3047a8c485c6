//! 財形積立変更明細データ (CSV, `docs/zaikei.md` §5.2, ZK103101; 預入依頼書 only): one row per
//! 変更明細, streamed, in `change_no` order.
//!
//! ```text
//! 帳票,作成基準日,比較対象作成基準日,行番号,変更区分,職員番号,カナ氏名,漢字氏名,財形種類,変更前店番,変更前口座番号,変更前預入金額,変更前奨励金,変更後店番,変更後口座番号,変更後預入金額,変更後奨励金
//! ```
//!
//! 帳票 = the document's name; dates `YYYYMMDD` (比較対象作成基準日 empty when there was no
//! previous cycle); 行番号 = the 変更明細's No; 変更前 cells empty on 新規, 変更後 on 解約.

use std::borrow::Borrow;
use std::io::Write;

use chrono::NaiveDate;
use cjs_domain::schedule::EmployerDocument;

use crate::csv::{CsvEncoding, CsvError, CsvWriter, Field};

use super::statement_csv::compact;
use super::{Change, Side};

/// The header row, byte for byte.
pub const COLUMNS: [&str; 17] = [
    "帳票",
    "作成基準日",
    "比較対象作成基準日",
    "行番号",
    "変更区分",
    "職員番号",
    "カナ氏名",
    "漢字氏名",
    "財形種類",
    "変更前店番",
    "変更前口座番号",
    "変更前預入金額",
    "変更前奨励金",
    "変更後店番",
    "変更後口座番号",
    "変更後預入金額",
    "変更後奨励金",
];

/// A push-style writer, as [`super::statement_csv::StatementCsv`].
pub struct ChangesCsv<W: Write> {
    w: CsvWriter<W>,
    name: &'static str,
    base_date: String,
    previous: String,
}

fn side(s: Option<&Side>) -> [Field<'_>; 4] {
    match s {
        Some(s) => [
            Field::Text(&s.branch_no),
            Field::Text(&s.account_no),
            Field::Int(s.amount),
            Field::Int(s.incentive),
        ],
        None => [Field::Text(""); 4],
    }
}

impl<W: Write> ChangesCsv<W> {
    pub fn new(
        out: W,
        encoding: CsvEncoding,
        document: EmployerDocument,
        base_date: NaiveDate,
        previous: Option<NaiveDate>,
    ) -> Result<Self, CsvError> {
        Ok(ChangesCsv {
            w: CsvWriter::new(out, encoding, &COLUMNS)?,
            name: document.label(),
            base_date: compact(base_date),
            previous: previous.map(compact).unwrap_or_default(),
        })
    }

    /// Writes one row. A text CP932 cannot hold refuses the row, naming its row and column.
    pub fn change(&mut self, c: &Change) -> Result<(), CsvError> {
        let mut f = vec![
            Field::Text(self.name),
            Field::Text(&self.base_date),
            Field::Text(&self.previous),
            Field::Int(i64::from(c.change_no)),
            Field::Text(c.change_kind.label()),
            Field::Text(&c.employee_no),
            Field::Text(&c.kana_name),
            Field::Text(&c.kanji_name),
            Field::Text(c.kind.label()),
        ];
        f.extend(side(c.before.as_ref()));
        f.extend(side(c.after.as_ref()));
        self.w.write_fields(&f)
    }

    /// Rows written so far, the header included.
    pub fn rows_written(&self) -> usize {
        self.w.rows_written()
    }

    pub fn finish(self) -> Result<W, CsvError> {
        self.w.finish()
    }
}

/// The whole file from an iterator of rows, streamed to `out`.
pub fn write<W: Write, C: Borrow<Change>>(
    out: W,
    encoding: CsvEncoding,
    document: EmployerDocument,
    base_date: NaiveDate,
    previous: Option<NaiveDate>,
    rows: impl IntoIterator<Item = C>,
) -> Result<W, CsvError> {
    let mut w = ChangesCsv::new(out, encoding, document, base_date, previous)?;
    for c in rows {
        w.change(c.borrow())?;
    }
    w.finish()
}

//! 財形積立明細データ (CSV, `docs/zaikei.md` §5.1, ZK103101): one row per line of a cycle,
//! streamed; one layout per document kind.
//!
//! ```text
//! 預入依頼書:       帳票,作成基準日,入金予定日,行番号,職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,預入金額,奨励金
//! 加入者残高一覧表: 帳票,作成基準日,行番号,職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,残高
//! 奨励金:           帳票,作成基準日,行番号,職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,積立金額,奨励金額
//! ```
//!
//! 帳票 = the document's name (`預入依頼書（月例）`); dates `YYYYMMDD`; 財形種類 一般 / 住宅 / 年金;
//! amounts plain digits. The lines and their order are the caller's (`line_no`).

use std::borrow::Borrow;
use std::io::Write;

use chrono::NaiveDate;
use cjs_domain::schedule::EmployerDocument;
use cjs_domain::zaikei::DocumentKind;

use crate::csv::{CsvEncoding, CsvError, CsvWriter, Field};

use super::Line;

/// The 預入依頼書's header row, byte for byte.
pub const DEPOSIT_COLUMNS: [&str; 12] = [
    "帳票",
    "作成基準日",
    "入金予定日",
    "行番号",
    "職員番号",
    "カナ氏名",
    "漢字氏名",
    "財形種類",
    "店番",
    "口座番号",
    "預入金額",
    "奨励金",
];

/// The 加入者残高一覧表's header row.
pub const BALANCE_COLUMNS: [&str; 10] = [
    "帳票",
    "作成基準日",
    "行番号",
    "職員番号",
    "カナ氏名",
    "漢字氏名",
    "財形種類",
    "店番",
    "口座番号",
    "残高",
];

/// The 奨励金's header row.
pub const INCENTIVE_COLUMNS: [&str; 11] = [
    "帳票",
    "作成基準日",
    "行番号",
    "職員番号",
    "カナ氏名",
    "漢字氏名",
    "財形種類",
    "店番",
    "口座番号",
    "積立金額",
    "奨励金額",
];

/// The header row of a document kind's layout.
pub fn columns(kind: DocumentKind) -> &'static [&'static str] {
    match kind {
        DocumentKind::Deposit => &DEPOSIT_COLUMNS,
        DocumentKind::Balance => &BALANCE_COLUMNS,
        DocumentKind::Incentive => &INCENTIVE_COLUMNS,
    }
}

/// `YYYYMMDD`.
pub(crate) fn compact(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A push-style writer: [`StatementCsv::new`] writes the header, [`StatementCsv::line`] one row,
/// [`StatementCsv::finish`] flushes. Only the current row is held in memory.
pub struct StatementCsv<W: Write> {
    w: CsvWriter<W>,
    kind: DocumentKind,
    name: &'static str,
    base_date: String,
    deposit_date: String,
}

impl<W: Write> StatementCsv<W> {
    /// `deposit_date` is the 預入依頼書's 入金予定日 (ignored for the other layouts).
    pub fn new(
        out: W,
        encoding: CsvEncoding,
        document: EmployerDocument,
        base_date: NaiveDate,
        deposit_date: Option<NaiveDate>,
    ) -> Result<Self, CsvError> {
        let kind = DocumentKind::of(document);
        Ok(StatementCsv {
            w: CsvWriter::new(out, encoding, columns(kind))?,
            kind,
            name: document.label(),
            base_date: compact(base_date),
            deposit_date: deposit_date.map(compact).unwrap_or_default(),
        })
    }

    /// Writes one line. A text CP932 cannot hold refuses the row, naming its row and column.
    pub fn line(&mut self, l: &Line) -> Result<(), CsvError> {
        let mut f = Vec::with_capacity(12);
        f.push(Field::Text(self.name));
        f.push(Field::Text(&self.base_date));
        if self.kind == DocumentKind::Deposit {
            f.push(Field::Text(&self.deposit_date));
        }
        f.extend([
            Field::Int(i64::from(l.line_no)),
            Field::Text(&l.employee_no),
            Field::Text(&l.kana_name),
            Field::Text(&l.kanji_name),
            Field::Text(l.kind.label()),
            Field::Text(&l.branch_no),
            Field::Text(&l.account_no),
            Field::Int(l.amount),
        ]);
        if self.kind != DocumentKind::Balance {
            f.push(Field::Int(l.incentive));
        }
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

/// The whole file from an iterator of lines (owned or borrowed), streamed to `out`.
pub fn write<W: Write, L: Borrow<Line>>(
    out: W,
    encoding: CsvEncoding,
    document: EmployerDocument,
    base_date: NaiveDate,
    deposit_date: Option<NaiveDate>,
    lines: impl IntoIterator<Item = L>,
) -> Result<W, CsvError> {
    let mut w = StatementCsv::new(out, encoding, document, base_date, deposit_date)?;
    for l in lines {
        w.line(l.borrow())?;
    }
    w.finish()
}

//! 労金控除賃控元帳依頼リスト (A4 landscape) and 労金控除賃控元帳依頼データ (CSV, `docs/ledger.md`
//! §5.2, §6.3): per employee, the cycle's 労金控除 request lines then the ledger's run lines, as
//! `ledger::combined::combine` puts them together (blocks in 職員番号 order), with the total
//! payroll deducts.
//!
//! The list prints every row (区分 労金控除 / 賃控元帳; 取引・種目 `01 エース預金` / `101 組合費`;
//! 店番・口座番号 `001-1234567` on 労金控除 rows), a 職員合計 after every employee, and at the foot
//! the 労金控除 and 賃控元帳 件数・金額 and the 総合計 (N名). Without the cycle's 労金控除 data
//! (`bank_data` false) the header says 「労金控除データ：なし」.

use std::borrow::Borrow;
use std::io::Write;

use cjs_domain::deduction::YearMonth;
use cjs_domain::ledger::{CombinedRow, EmployeeBlock, RowSource};
use cjs_domain::schedule::Occasion;

use crate::csv::{CsvEncoding, CsvError, CsvWriter, Field};
use crate::pdf::{Align, Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{ListHeader, Tally, count, occasion_short, people, report};

pub const TITLE: &str = "労金控除賃控元帳依頼リスト";

/// The header line printed when the cycle has no 労金控除 data.
pub const NO_BANK_DATA: &str = "労金控除データ：なし";

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("職員番号", 22.0),
        Column::text("カナ氏名", 48.0),
        Column::text("漢字氏名", 40.0),
        Column::text("区分", 20.0).align(Align::Center),
        Column::text("取引・種目", 52.0),
        Column::text("店番・口座番号", 30.0),
        Column::yen("控除金額", 30.0),
    ]
}

/// `01 エース預金`.
fn code_name(r: &CombinedRow) -> String {
    format!("{} {}", r.code, r.name)
}

/// `001-1234567`, empty on a ledger row.
fn account(r: &CombinedRow) -> String {
    match (&r.branch_no, &r.account_no) {
        (Some(b), Some(a)) => format!("{b}-{a}"),
        (Some(b), None) => b.clone(),
        (None, Some(a)) => a.clone(),
        (None, None) => String::new(),
    }
}

/// The list from the blocks (in 職員番号 order). `bank_data`: the cycle's 労金控除 data exists.
pub fn build(header: &ListHeader, blocks: &[EmployeeBlock], bank_data: bool) -> ListReport {
    let mut r = report(header, TITLE, Orientation::Landscape);
    if !bank_data {
        r.header.more_left.push(NO_BANK_DATA.to_owned());
    }
    r.columns = columns();
    let (mut rokin, mut ledger) = (Tally::default(), Tally::default());
    let mut n = 0usize;
    for b in blocks {
        let kanji = b.kanji_name.clone().unwrap_or_default();
        let mut sub = Tally::default();
        for row in &b.rows {
            n += 1;
            sub.add(row.amount);
            match row.source {
                RowSource::Rokin => rokin.add(row.amount),
                RowSource::Ledger => ledger.add(row.amount),
            }
            r.rows.push(Row::Data(vec![
                Cell::Text(n.to_string()),
                Cell::Text(b.employee_no.clone()),
                Cell::Text(b.kana_name.clone()),
                Cell::Text(kanji.clone()),
                Cell::Text(row.source.label().to_owned()),
                Cell::Text(code_name(row)),
                Cell::Text(account(row)),
                Cell::Yen(row.amount),
            ]));
        }
        r.rows.push(Row::Subtotal {
            label: format!("職員合計　職員番号 {}　{}", b.employee_no, count(sub.count)),
            cells: vec![Cell::Yen(sub.amount)],
        });
    }
    for (source, t) in [(RowSource::Rokin, rokin), (RowSource::Ledger, ledger)] {
        r.rows.push(Row::Total {
            label: format!("{}　{}", source.label(), count(t.count)),
            cells: vec![Cell::Yen(t.amount)],
        });
    }
    r.rows.push(Row::Total {
        label: format!(
            "総合計　{}　{}",
            people(blocks.len() as i64),
            count(rokin.count + ledger.count)
        ),
        cells: vec![Cell::Yen(rokin.amount + ledger.amount)],
    });
    r
}

pub fn render(
    header: &ListHeader,
    blocks: &[EmployeeBlock],
    bank_data: bool,
) -> Result<Vec<u8>, PdfError> {
    build(header, blocks, bank_data).render()
}

/// The CSV header row (§6.3), byte for byte.
pub const CSV_COLUMNS: [&str; 12] = [
    "支給区分",
    "控除年月",
    "職員番号",
    "カナ氏名",
    "漢字氏名",
    "区分",
    "コード",
    "名称",
    "店番",
    "口座番号",
    "控除金額",
    "職員合計金額",
];

/// 労金控除賃控元帳依頼データ: one row per row of every block, 職員合計金額 repeated on each of
/// the employee's rows; 支給区分 月例 / 夏季 / 年末, 控除年月 `YYYYMM`, amounts plain digits,
/// 店番・口座番号 empty on ledger rows. Streams block by block.
pub fn write_csv<W: Write, B: Borrow<EmployeeBlock>>(
    out: W,
    encoding: CsvEncoding,
    occasion: Occasion,
    month: YearMonth,
    blocks: impl IntoIterator<Item = B>,
) -> Result<W, CsvError> {
    let mut w = CsvWriter::new(out, encoding, &CSV_COLUMNS)?;
    let month = month.compact();
    let occasion = occasion_short(occasion);
    for b in blocks {
        let b = b.borrow();
        let kanji = b.kanji_name.as_deref().unwrap_or_default();
        for row in &b.rows {
            w.write_fields(&[
                Field::Text(occasion),
                Field::Text(&month),
                Field::Text(&b.employee_no),
                Field::Text(&b.kana_name),
                Field::Text(kanji),
                Field::Text(row.source.label()),
                Field::Text(&row.code),
                Field::Text(&row.name),
                Field::Text(row.branch_no.as_deref().unwrap_or_default()),
                Field::Text(row.account_no.as_deref().unwrap_or_default()),
                Field::Int(row.amount),
                Field::Int(b.total),
            ])?;
        }
    }
    w.finish()
}

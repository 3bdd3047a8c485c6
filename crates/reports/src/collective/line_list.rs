//! 一斉積立内訳明細表 (A4 portrait): every line of a run in 行番号 order (as given), and the foot
//! 「合計　N件」 with the 積立金額合計 under 積立金額 (the database's totals, `collective::totals`).

use crate::pdf::{Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{Line, ListHeader, Totals, count};

pub const TITLE: &str = "一斉積立内訳明細表";

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 12.0),
        Column::text("職員番号", 24.0),
        Column::text("カナ氏名", 50.0),
        Column::text("漢字氏名", 42.0),
        Column::text("店番", 12.0),
        Column::text("口座番号", 18.0),
        Column::yen("積立金額", 26.0),
    ]
}

fn row(l: &Line) -> Row {
    Row::Data(vec![
        Cell::Text(l.line_no.to_string()),
        Cell::Text(l.employee_no.clone()),
        Cell::Text(l.kana_name.clone()),
        Cell::Text(l.kanji_name.clone()),
        Cell::Text(l.branch_no.clone()),
        Cell::Text(l.account_no.clone()),
        Cell::Yen(l.amount),
    ])
}

/// The list of `lines` (the run's, in 行番号 order) with the run's `totals`.
pub fn build(header: &ListHeader, lines: &[Line], totals: Totals) -> ListReport {
    let mut r = header.report(TITLE, Orientation::Portrait, None);
    r.columns = columns();
    r.rows.reserve(lines.len() + 1);
    r.rows.extend(lines.iter().map(row));
    r.rows.push(Row::Total {
        label: format!("合計　{}", count(totals.count)),
        cells: vec![Cell::Yen(totals.amount)],
    });
    r
}

pub fn render(header: &ListHeader, lines: &[Line], totals: Totals) -> Result<Vec<u8>, PdfError> {
    build(header, lines, totals).render()
}

//! 賃控元帳控除依頼リスト (A4 landscape): the run's lines in `line_no` order (職員番号, 種目表示順,
//! 種目コード), a 小計 after each employee with two lines or more, and 合計 N名 N件 金額.

use crate::pdf::{Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{Line, ListHeader, by_employee, report};

pub const TITLE: &str = "賃控元帳控除依頼リスト";

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("職員番号", 24.0),
        Column::text("カナ氏名", 60.0),
        Column::text("漢字氏名", 50.0),
        Column::text("種目コード", 20.0),
        Column::text("種目名", 60.0),
        Column::yen("控除金額", 30.0),
    ]
}

fn row(no: usize, l: &Line) -> Row {
    Row::Data(vec![
        Cell::Text(no.to_string()),
        Cell::Text(l.employee_no.clone()),
        Cell::Text(l.kana_name.clone()),
        Cell::Text(l.kanji_name.clone()),
        Cell::Text(l.item_code.clone()),
        Cell::Text(l.item_name.clone()),
        Cell::Yen(l.amount),
    ])
}

/// The list as a report (rows laid out, not yet rendered).
pub fn build(header: &ListHeader, lines: &[Line]) -> ListReport {
    let mut r = report(header, TITLE, Orientation::Landscape);
    r.columns = columns();
    r.rows = by_employee(lines, row, |amount| vec![Cell::Yen(amount)]);
    r
}

/// The PDF bytes.
pub fn render(header: &ListHeader, lines: &[Line]) -> Result<Vec<u8>, PdfError> {
    build(header, lines).render()
}

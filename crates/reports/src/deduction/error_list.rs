//! 控除依頼明細エラーリスト (A4 landscape): the lines with an error, in the cycle's order, with
//! the error's name; 合計 件数 and 依頼金額 (the amount that will not be collected).

use crate::pdf::{Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{Line, ListHeader, Tally, count, report};

pub const TITLE: &str = "控除依頼明細エラーリスト";

pub fn selects(l: &Line) -> bool {
    l.error.is_some()
}

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("職員番号", 22.0),
        Column::text("カナ氏名", 52.0),
        Column::text("漢字氏名", 44.0),
        Column::text("取引", 36.0),
        Column::text("店番", 12.0),
        Column::text("口座番号", 19.0),
        Column::yen("依頼金額", 26.0),
        Column::text("エラー内容", 48.0),
    ]
}

/// The list: keeps the error lines, in the order given.
pub fn build(header: &ListHeader, lines: &[Line]) -> ListReport {
    let mut r = report(header, TITLE, Orientation::Landscape);
    r.columns = columns();
    let mut total = Tally::default();
    for l in lines.iter().filter(|l| selects(l)) {
        total.add(l.amount);
        r.rows.push(Row::Data(vec![
            Cell::Text(total.count.to_string()),
            Cell::Text(l.employee_no.clone()),
            Cell::Text(l.kana_name.clone()),
            Cell::Text(l.kanji_name.clone()),
            Cell::Text(l.product_name.clone()),
            Cell::Text(l.branch_no.clone()),
            Cell::Text(l.account_no.clone()),
            Cell::Yen(l.amount),
            Cell::Text(l.error.map(|e| e.label()).unwrap_or_default().to_owned()),
        ]));
    }
    r.rows.push(Row::Total {
        label: format!("合計　{}", count(total.count)),
        cells: vec![Cell::Yen(total.amount), Cell::Empty],
    });
    r
}

pub fn render(header: &ListHeader, lines: &[Line]) -> Result<Vec<u8>, PdfError> {
    build(header, lines).render()
}

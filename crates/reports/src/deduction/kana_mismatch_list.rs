//! カナ氏名不一致リスト (A4 landscape): the lines whose account holder's kana at the bank differs
//! from the group's (after normalisation, computed when the results were loaded), in the cycle's
//! order; 合計 件数.

use crate::pdf::{Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{Line, ListHeader, count, report};

pub const TITLE: &str = "カナ氏名不一致リスト";

pub fn selects(l: &Line) -> bool {
    l.result.as_ref().is_some_and(|r| r.kana_mismatch)
}

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("職員番号", 22.0),
        Column::text("カナ氏名（団体）", 58.0),
        Column::text("カナ氏名（金庫）", 58.0),
        Column::text("漢字氏名", 45.0),
        Column::text("取引", 45.0),
        Column::text("店番", 12.0),
        Column::text("口座番号", 19.0),
    ]
}

pub fn build(h: &ListHeader, lines: &[Line]) -> ListReport {
    let mut r = report(h, TITLE, Orientation::Landscape);
    r.columns = columns();
    let mut n = 0i64;
    for l in lines.iter().filter(|l| selects(l)) {
        n += 1;
        r.rows.push(Row::Data(vec![
            Cell::Text(n.to_string()),
            Cell::Text(l.employee_no.clone()),
            Cell::Text(l.kana_name.clone()),
            Cell::Text(
                l.result
                    .as_ref()
                    .and_then(|r| r.bank_kana.clone())
                    .unwrap_or_default(),
            ),
            Cell::Text(l.kanji_name.clone()),
            Cell::Text(l.product_name.clone()),
            Cell::Text(l.branch_no.clone()),
            Cell::Text(l.account_no.clone()),
        ]));
    }
    r.rows.push(Row::Total {
        label: format!("合計　{}", count(n)),
        cells: vec![],
    });
    r
}

pub fn render(h: &ListHeader, lines: &[Line]) -> Result<Vec<u8>, PdfError> {
    build(h, lines).render()
}

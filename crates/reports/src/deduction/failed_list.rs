//! 控除不能リスト (A4 landscape): the lines the bank could not collect (結果 不能), in the
//! cycle's order, with the reason; 合計 件数, 金額.

use cjs_domain::deduction::Outcome;

use crate::pdf::{Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{Line, ListHeader, Tally, count, report};

pub const TITLE: &str = "控除不能リスト";

pub fn selects(l: &Line) -> bool {
    l.result
        .as_ref()
        .is_some_and(|r| r.outcome == Outcome::Failed)
}

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("職員番号", 22.0),
        Column::text("カナ氏名", 44.0),
        Column::text("漢字氏名", 36.0),
        Column::text("取引", 34.0),
        Column::text("店番", 12.0),
        Column::text("口座番号", 19.0),
        Column::yen("依頼金額", 26.0),
        Column::text("不能理由", 66.0),
    ]
}

pub fn build(h: &ListHeader, lines: &[Line]) -> ListReport {
    let mut r = report(h, TITLE, Orientation::Landscape);
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
            Cell::Text(
                l.result
                    .as_ref()
                    .map(|r| r.reason_label())
                    .unwrap_or_default(),
            ),
        ]));
    }
    r.rows.push(Row::Total {
        label: format!("合計　{}", count(total.count)),
        cells: vec![Cell::Yen(total.amount), Cell::Empty],
    });
    r
}

pub fn render(h: &ListHeader, lines: &[Line]) -> Result<Vec<u8>, PdfError> {
    build(h, lines).render()
}

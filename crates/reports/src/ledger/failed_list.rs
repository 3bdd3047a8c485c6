//! 賃控元帳控除不能リスト (A4 landscape): the run lines payroll could not deduct (結果 不能), in
//! `line_no` order, with the reason; 合計 件数, 金額.

use cjs_domain::ledger::Outcome;

use crate::pdf::{Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{Line, ListHeader, Tally, count, report};

pub const TITLE: &str = "賃控元帳控除不能リスト";

pub fn selects(l: &Line) -> bool {
    l.result
        .as_ref()
        .is_some_and(|r| r.outcome == Outcome::Failed)
}

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("職員番号", 22.0),
        Column::text("カナ氏名", 46.0),
        Column::text("漢字氏名", 40.0),
        Column::text("種目コード", 20.0),
        Column::text("種目名", 44.0),
        Column::yen("控除金額", 28.0),
        Column::text("不能理由", 58.0),
    ]
}

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
            Cell::Text(l.item_code.clone()),
            Cell::Text(l.item_name.clone()),
            Cell::Yen(l.amount),
            Cell::Text(
                l.result
                    .as_ref()
                    .map(|o| o.reason_label())
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

pub fn render(header: &ListHeader, lines: &[Line]) -> Result<Vec<u8>, PdfError> {
    build(header, lines).render()
}

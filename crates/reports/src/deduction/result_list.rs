//! 控除結果リスト (A4 landscape): the lines with a result, in the cycle's order; 合計 済 (件数,
//! 金額) and 不能 (件数, 金額).

use cjs_domain::deduction::Outcome;

use crate::pdf::{Align, Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{Line, ListHeader, Tally, count, report};

pub const TITLE: &str = "控除結果リスト";

pub fn selects(l: &Line) -> bool {
    l.result.is_some()
}

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("職員番号", 22.0),
        Column::text("カナ氏名", 52.0),
        Column::text("取引", 44.0),
        Column::text("店番", 12.0),
        Column::text("口座番号", 19.0),
        Column::yen("依頼金額", 26.0),
        Column::text("結果", 14.0).align(Align::Center),
        Column::text("不能理由", 70.0),
    ]
}

pub fn build(h: &ListHeader, lines: &[Line]) -> ListReport {
    let mut r = report(h, TITLE, Orientation::Landscape);
    r.columns = columns();
    let (mut done, mut failed) = (Tally::default(), Tally::default());
    let mut n = 0usize;
    for l in lines {
        let Some(res) = &l.result else { continue };
        n += 1;
        match res.outcome {
            Outcome::Done => done.add(l.amount),
            Outcome::Failed => failed.add(l.amount),
        }
        r.rows.push(Row::Data(vec![
            Cell::Text(n.to_string()),
            Cell::Text(l.employee_no.clone()),
            Cell::Text(l.kana_name.clone()),
            Cell::Text(l.product_name.clone()),
            Cell::Text(l.branch_no.clone()),
            Cell::Text(l.account_no.clone()),
            Cell::Yen(l.amount),
            Cell::Text(res.outcome.label().to_owned()),
            Cell::Text(res.reason_label()),
        ]));
    }
    for (label, t) in [("済", done), ("不能", failed)] {
        r.rows.push(Row::Total {
            label: format!("合計　{label}　{}", count(t.count)),
            cells: vec![Cell::Yen(t.amount), Cell::Empty, Cell::Empty],
        });
    }
    r
}

pub fn render(h: &ListHeader, lines: &[Line]) -> Result<Vec<u8>, PdfError> {
    build(h, lines).render()
}

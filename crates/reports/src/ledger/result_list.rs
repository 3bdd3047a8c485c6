//! 賃控元帳控除結果リスト (A4 landscape): every run line with its result (済 / 不能 / blank when
//! none is recorded) and 不能理由, in `line_no` order; 合計 済, 不能 and 未登録, each 件数 and
//! 金額.

use cjs_domain::ledger::Outcome;

use crate::pdf::{Align, Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{Line, ListHeader, Tally, count, report};

pub const TITLE: &str = "賃控元帳控除結果リスト";

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("職員番号", 22.0),
        Column::text("カナ氏名", 44.0),
        Column::text("漢字氏名", 38.0),
        Column::text("種目コード", 20.0),
        Column::text("種目名", 40.0),
        Column::yen("控除金額", 26.0),
        Column::text("結果", 14.0).align(Align::Center),
        Column::text("不能理由", 52.0),
    ]
}

pub fn build(header: &ListHeader, lines: &[Line]) -> ListReport {
    let mut r = report(header, TITLE, Orientation::Landscape);
    r.columns = columns();
    let (mut done, mut failed, mut open) = (Tally::default(), Tally::default(), Tally::default());
    for (i, l) in lines.iter().enumerate() {
        match l.result.as_ref().map(|o| o.outcome) {
            Some(Outcome::Deducted) => done.add(l.amount),
            Some(Outcome::Failed) => failed.add(l.amount),
            None => open.add(l.amount),
        }
        r.rows.push(Row::Data(vec![
            Cell::Text((i + 1).to_string()),
            Cell::Text(l.employee_no.clone()),
            Cell::Text(l.kana_name.clone()),
            Cell::Text(l.kanji_name.clone()),
            Cell::Text(l.item_code.clone()),
            Cell::Text(l.item_name.clone()),
            Cell::Yen(l.amount),
            Cell::Text(
                l.result
                    .as_ref()
                    .map(|o| o.outcome.label())
                    .unwrap_or_default()
                    .to_owned(),
            ),
            Cell::Text(
                l.result
                    .as_ref()
                    .map(|o| o.reason_label())
                    .unwrap_or_default(),
            ),
        ]));
    }
    for (label, t) in [("済", done), ("不能", failed), ("未登録", open)] {
        r.rows.push(Row::Total {
            label: format!("合計　{label}　{}", count(t.count)),
            cells: vec![Cell::Yen(t.amount), Cell::Empty, Cell::Empty],
        });
    }
    r
}

pub fn render(header: &ListHeader, lines: &[Line]) -> Result<Vec<u8>, PdfError> {
    build(header, lines).render()
}

//! 賃控元帳内訳リスト (確認, A4 landscape): the live lines that give an amount for the cycle
//! (`ledger::run::derive`, with each line's 開始月・終了月), per person all items, a 小計 after
//! each employee with two lines or more, and 合計 N名 N件 金額.

use std::collections::HashMap;

use cjs_domain::ledger::RunLine;

use crate::pdf::{Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{Line, ListHeader, by_employee, month_cell, report};

pub const TITLE: &str = "賃控元帳内訳リスト";

/// The list's lines: the live lines (`runs::live_lines` / `ledger::run::derive`, in order) with
/// the 開始月・終了月 of the ledger line each came from (`lines::active`; matched by `line_id`, a
/// line not found prints no period).
pub fn lines(live: &[RunLine], ledger: &[cjs_domain::ledger::Line]) -> Vec<Line> {
    let by_id: HashMap<&str, &cjs_domain::ledger::Line> =
        ledger.iter().map(|l| (l.id.as_str(), l)).collect();
    live.iter()
        .map(|r| {
            let line = Line::from(r);
            match r.line_id.as_deref().and_then(|id| by_id.get(id)) {
                Some(l) => line.with_period(l.fields.start_month, l.fields.end_month),
                None => line,
            }
        })
        .collect()
}

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("職員番号", 22.0),
        Column::text("カナ氏名", 50.0),
        Column::text("漢字氏名", 42.0),
        Column::text("種目コード", 20.0),
        Column::text("種目名", 50.0),
        Column::yen("控除金額", 28.0),
        Column::text("開始月", 22.0),
        Column::text("終了月", 22.0),
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
        month_cell(l.start_month),
        month_cell(l.end_month),
    ])
}

pub fn build(header: &ListHeader, lines: &[Line]) -> ListReport {
    let mut r = report(header, TITLE, Orientation::Landscape);
    r.columns = columns();
    r.rows = by_employee(lines, row, |amount| {
        vec![Cell::Yen(amount), Cell::Empty, Cell::Empty]
    });
    r
}

pub fn render(header: &ListHeader, lines: &[Line]) -> Result<Vec<u8>, PdfError> {
    build(header, lines).render()
}

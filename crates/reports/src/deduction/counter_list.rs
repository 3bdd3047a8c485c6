//! 窓口扱い控除依頼内容変更リスト (A4 landscape): the lines changed at the bank's counter
//! (`counter`, 異動区分 not 継続), in the cycle's order; 合計 件数 and 依頼金額 (errors and 解除
//! excluded from the amount, as everywhere).

use crate::pdf::{Align, Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{Line, ListHeader, Tally, count, opt_yen, report};
use cjs_domain::deduction::Movement;

pub const TITLE: &str = "窓口扱い控除依頼内容変更リスト";

/// Whether a line belongs on the list.
pub fn selects(l: &Line) -> bool {
    l.counter && l.movement != Movement::Continued
}

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("職員番号", 22.0),
        Column::text("カナ氏名", 50.0),
        Column::text("漢字氏名", 42.0),
        Column::text("取引", 42.0),
        Column::text("店番", 12.0),
        Column::text("口座番号", 19.0),
        Column::yen("前回金額", 26.0),
        Column::yen("依頼金額", 26.0),
        Column::text("異動区分", 20.0).align(Align::Center),
    ]
}

/// The list: keeps the lines [`selects`] takes, in the order given.
pub fn build(header: &ListHeader, lines: &[Line]) -> ListReport {
    let mut r = report(header, TITLE, Orientation::Landscape);
    r.columns = columns();
    let mut total = Tally::default();
    let mut n = 0i64;
    for l in lines.iter().filter(|l| selects(l)) {
        n += 1;
        if l.counts() {
            total.add(l.amount);
        }
        r.rows.push(Row::Data(vec![
            Cell::Text(n.to_string()),
            Cell::Text(l.employee_no.clone()),
            Cell::Text(l.kana_name.clone()),
            Cell::Text(l.kanji_name.clone()),
            Cell::Text(l.product_name.clone()),
            Cell::Text(l.branch_no.clone()),
            Cell::Text(l.account_no.clone()),
            opt_yen(l.previous_amount),
            Cell::Yen(l.amount),
            Cell::Text(l.movement.label().to_owned()),
        ]));
    }
    r.rows.push(Row::Total {
        label: format!("合計　{}", count(n)),
        cells: vec![Cell::Empty, Cell::Yen(total.amount), Cell::Empty],
    });
    r
}

pub fn render(header: &ListHeader, lines: &[Line]) -> Result<Vec<u8>, PdfError> {
    build(header, lines).render()
}

//! 控除依頼異動分リスト (A4 landscape): the lines not 継続, grouped by 異動区分 in the order
//! 新規, 変更, 解除 and within each in the cycle's order (the grouping is done here, stably, so
//! the input may be the cycle's lines as stored); a 小計 per 異動区分 (件数, 依頼金額 of the lines
//! without error) and 合計.

use crate::pdf::{Align, Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{Line, ListHeader, Tally, count, opt_yen, report};
use cjs_domain::deduction::Movement;

pub const TITLE: &str = "控除依頼異動分リスト";

/// The groups, in print order.
pub const ORDER: [Movement; 3] = [Movement::New, Movement::Changed, Movement::Cancelled];

pub fn selects(l: &Line) -> bool {
    l.movement != Movement::Continued
}

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("異動区分", 17.0).align(Align::Center),
        Column::text("職員番号", 22.0),
        Column::text("カナ氏名", 51.0),
        Column::text("漢字氏名", 44.0),
        Column::text("取引", 42.0),
        Column::text("店番", 12.0),
        Column::text("口座番号", 19.0),
        Column::yen("前回金額", 26.0),
        Column::yen("依頼金額", 26.0),
    ]
}

pub fn build(header: &ListHeader, lines: &[Line]) -> ListReport {
    let mut r = report(header, TITLE, Orientation::Landscape);
    r.columns = columns();
    let mut n = 0usize;
    let mut total = Tally::default();
    let mut lines_total = 0i64;
    for m in ORDER {
        let mut sub = Tally::default();
        let mut listed = 0i64;
        for l in lines.iter().filter(|l| l.movement == m) {
            n += 1;
            listed += 1;
            if l.counts() {
                sub.add(l.amount);
            }
            r.rows.push(Row::Data(vec![
                Cell::Text(n.to_string()),
                Cell::Text(m.label().to_owned()),
                Cell::Text(l.employee_no.clone()),
                Cell::Text(l.kana_name.clone()),
                Cell::Text(l.kanji_name.clone()),
                Cell::Text(l.product_name.clone()),
                Cell::Text(l.branch_no.clone()),
                Cell::Text(l.account_no.clone()),
                opt_yen(l.previous_amount),
                Cell::Yen(l.amount),
            ]));
        }
        r.rows.push(Row::Subtotal {
            label: format!("小計　{}　{}", m.label(), count(listed)),
            cells: vec![Cell::Yen(sub.amount)],
        });
        total.amount += sub.amount;
        lines_total += listed;
    }
    total.count = lines_total;
    r.rows.push(Row::Total {
        label: format!("合計　{}", count(total.count)),
        cells: vec![Cell::Yen(total.amount)],
    });
    r
}

pub fn render(header: &ListHeader, lines: &[Line]) -> Result<Vec<u8>, PdfError> {
    build(header, lines).render()
}

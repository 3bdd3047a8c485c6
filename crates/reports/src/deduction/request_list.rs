//! 控除依頼リスト (A4 landscape): every line of the cycle in 職員番号, 取引コード, 店番, 口座番号
//! order (the input's), a 小計 after each employee with two lines or more (件数・金額 of the lines
//! counted), and at the foot 合計 (件数・金額, errors and 解除 excluded), the number of 解除
//! lines and of error lines.

use crate::pdf::{Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{Line, ListHeader, Tally, count, opt_yen, report};

pub const TITLE: &str = "控除依頼リスト";

/// The columns, in order (`docs/deduction.md` §4).
pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("職員番号", 21.0),
        Column::text("カナ氏名", 44.0),
        Column::text("漢字氏名", 37.0),
        Column::text("取引", 34.0),
        Column::text("店番", 11.0),
        Column::text("口座番号", 18.0),
        Column::yen("依頼金額", 22.0),
        Column::yen("前回金額", 22.0),
        Column::text("異動区分", 17.0).align(crate::pdf::Align::Center),
        Column::text("窓口", 11.0).align(crate::pdf::Align::Center),
        Column::text("エラー", 22.0),
    ]
}

/// The data row of a line (No is the position in the list).
fn row(no: usize, l: &Line) -> Row {
    Row::Data(vec![
        Cell::Text(no.to_string()),
        Cell::Text(l.employee_no.clone()),
        Cell::Text(l.kana_name.clone()),
        Cell::Text(l.kanji_name.clone()),
        Cell::Text(l.product_name.clone()),
        Cell::Text(l.branch_no.clone()),
        Cell::Text(l.account_no.clone()),
        Cell::Yen(l.amount),
        opt_yen(l.previous_amount),
        Cell::Text(l.movement.label().to_owned()),
        Cell::Text(if l.counter { "＊" } else { "" }.to_owned()),
        Cell::Text(l.error.map(|e| e.label()).unwrap_or_default().to_owned()),
    ])
}

/// The amount cell under 依頼金額 and empty ones after it (a label spans No … 口座番号).
fn foot(amount: Option<i64>) -> Vec<Cell> {
    vec![
        opt_yen(amount),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ]
}

/// The list as a report (rows laid out, not yet rendered).
pub fn build(header: &ListHeader, lines: &[Line]) -> ListReport {
    let mut r = report(header, TITLE, Orientation::Landscape);
    r.columns = columns();
    let mut rows = Vec::with_capacity(lines.len() + lines.len() / 2 + 3);
    let mut total = Tally::default();
    let mut cancelled = 0i64;
    let mut errors = 0i64;
    let mut i = 0;
    while i < lines.len() {
        let emp = &lines[i].employee_no;
        let end = lines[i..]
            .iter()
            .position(|l| &l.employee_no != emp)
            .map_or(lines.len(), |n| i + n);
        let mut sub = Tally::default();
        for (k, l) in lines[i..end].iter().enumerate() {
            rows.push(row(i + k + 1, l));
            if l.counts() {
                sub.add(l.amount);
            } else if l.error.is_some() {
                errors += 1;
            } else {
                cancelled += 1;
            }
        }
        if end - i > 1 {
            rows.push(Row::Subtotal {
                label: format!("小計　職員番号 {emp}　{}", count(sub.count)),
                cells: foot(Some(sub.amount)),
            });
        }
        total.count += sub.count;
        total.amount += sub.amount;
        i = end;
    }
    rows.push(Row::Total {
        label: format!("合計（エラー・解除を除く）　{}", count(total.count)),
        cells: foot(Some(total.amount)),
    });
    rows.push(Row::Total {
        label: format!(
            "解除　{}　　エラー　{}　　総明細数　{}",
            count(cancelled),
            count(errors),
            count(lines.len() as i64)
        ),
        cells: foot(None),
    });
    r.rows = rows;
    r
}

/// The PDF bytes.
pub fn render(header: &ListHeader, lines: &[Line]) -> Result<Vec<u8>, PdfError> {
    build(header, lines).render()
}

//! 賃控元帳種目合計リスト (確認, A4 portrait): every item of the group in 表示順 then code order
//! (the input's; items without a line print 0件), its 件数 and 金額 for the cycle as the database
//! summed them, and 合計.

use crate::pdf::{Align, Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{ItemTotal, ListHeader, Tally, count, report};

pub const TITLE: &str = "賃控元帳種目合計リスト";

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 12.0),
        Column::text("種目コード", 22.0),
        Column::text("種目名", 62.0),
        Column::text("種目区分", 22.0).align(Align::Center),
        Column::yen("件数", 24.0),
        Column::yen("金額", 34.0),
    ]
}

pub fn build(header: &ListHeader, items: &[ItemTotal]) -> ListReport {
    let mut r = report(header, TITLE, Orientation::Portrait);
    r.columns = columns();
    let mut total = Tally::default();
    for (i, it) in items.iter().enumerate() {
        total.count += it.count;
        total.amount += it.amount;
        r.rows.push(Row::Data(vec![
            Cell::Text((i + 1).to_string()),
            Cell::Text(it.code.clone()),
            Cell::Text(it.name.clone()),
            Cell::Text(it.kind.label().to_owned()),
            Cell::Text(count(it.count)),
            Cell::Yen(it.amount),
        ]));
    }
    r.rows.push(Row::Total {
        label: format!("合計　{}種目", crate::yen(items.len() as i64)),
        cells: vec![Cell::Text(count(total.count)), Cell::Yen(total.amount)],
    });
    r
}

pub fn render(header: &ListHeader, items: &[ItemTotal]) -> Result<Vec<u8>, PdfError> {
    build(header, items).render()
}

//! 賃控元帳異動分リスト (確認, A4 landscape): the live lines against the last run of the same
//! 支給区分 before the cycle (`ledger::run::movements`), grouped by 異動区分 in the order 新規,
//! 金額変更, 終了 and within each in the order given (the grouping is done here, stably); a 小計
//! per 異動区分 (0件 included) with its 件数 and 差額, and 合計. The header names the run compared
//! against (前回控除依頼：2026年03月, or なし when there is none and every line is 新規).

use cjs_domain::deduction::YearMonth;
use cjs_domain::ledger::Movement;

use crate::pdf::{Align, Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{ListHeader, MovementLine, count, report};

pub const TITLE: &str = "賃控元帳異動分リスト";

/// The groups, in print order.
pub const ORDER: [Movement; 3] = [Movement::New, Movement::AmountChanged, Movement::Ended];

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("異動区分", 20.0).align(Align::Center),
        Column::text("職員番号", 22.0),
        Column::text("カナ氏名", 42.0),
        Column::text("漢字氏名", 36.0),
        Column::text("種目コード", 20.0),
        Column::text("種目名", 40.0),
        Column::yen("前回金額", 25.0),
        Column::yen("今回金額", 25.0),
        Column::yen("差額", 25.0),
    ]
}

/// The header line naming the previous run (`runs::previous`'s month).
pub fn previous_label(previous: Option<YearMonth>) -> String {
    match previous {
        Some(m) => format!("前回控除依頼：{}", m.label()),
        None => "前回控除依頼：なし".to_owned(),
    }
}

/// The list; `previous` is the month of the run compared against (`None`: no earlier run).
pub fn build(
    header: &ListHeader,
    previous: Option<YearMonth>,
    rows: &[MovementLine],
) -> ListReport {
    let mut r = report(header, TITLE, Orientation::Landscape);
    r.header.more_left.push(previous_label(previous));
    r.columns = columns();
    let mut n = 0usize;
    let (mut listed_total, mut diff_total) = (0i64, 0i64);
    for m in ORDER {
        let (mut listed, mut diff) = (0i64, 0i64);
        for l in rows.iter().filter(|l| l.movement == m) {
            n += 1;
            listed += 1;
            diff += l.difference();
            r.rows.push(Row::Data(vec![
                Cell::Text(n.to_string()),
                Cell::Text(m.label().to_owned()),
                Cell::Text(l.employee_no.clone()),
                Cell::Text(l.kana_name.clone()),
                Cell::Text(l.kanji_name.clone()),
                Cell::Text(l.item_code.clone()),
                Cell::Text(l.item_name.clone()),
                l.previous.map_or(Cell::Empty, Cell::Yen),
                Cell::Yen(l.current),
                Cell::Yen(l.difference()),
            ]));
        }
        r.rows.push(Row::Subtotal {
            label: format!("小計　{}　{}", m.label(), count(listed)),
            cells: vec![Cell::Yen(diff)],
        });
        listed_total += listed;
        diff_total += diff;
    }
    r.rows.push(Row::Total {
        label: format!("合計　{}", count(listed_total)),
        cells: vec![Cell::Yen(diff_total)],
    });
    r
}

pub fn render(
    header: &ListHeader,
    previous: Option<YearMonth>,
    rows: &[MovementLine],
) -> Result<Vec<u8>, PdfError> {
    build(header, previous, rows).render()
}

//! まとめ入金更新明細書（Web依頼済） and まとめ入金WEB更新依頼明細書 (A4 landscape, one layout):
//! what the clerk changed on the Web for this まとめ入金 — the 入金中止 lines, then the lines
//! changed on the Web (異動区分 not 継続, not 窓口) — grouped by 区分 in the order 入金中止, 新規,
//! 変更, 解除, each in the cycle's order (the grouping is done here), a 小計 (件数, 金額) per 区分
//! and 合計. A line with 入金中止 is listed once, under 入金中止.
//!
//! The WEB更新依頼明細書 is the same list as sent to the bank, for a 確定 or 金庫受付済 cycle; its
//! title carries the 確定日時.

use chrono::{DateTime, Utc};
use cjs_domain::deduction::Movement;

use crate::pdf::{Align, Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{Line, ListHeader, Tally, count, jst_text, report};

pub const TITLE: &str = "まとめ入金更新明細書（Web依頼済）";
pub const WEB_TITLE: &str = "まとめ入金WEB更新依頼明細書";

/// 区分 of a line on this list, or `None` when it is not on it.
pub fn kind(l: &Line) -> Option<&'static str> {
    if l.stop.is_some() {
        Some("入金中止")
    } else if l.counter || l.movement == Movement::Continued {
        None
    } else {
        Some(l.movement.label())
    }
}

/// The groups, in print order.
pub const ORDER: [&str; 4] = ["入金中止", "新規", "変更", "解除"];

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("区分", 20.0).align(Align::Center),
        Column::text("職員番号", 22.0),
        Column::text("カナ氏名", 52.0),
        Column::text("取引", 42.0),
        Column::text("店番", 12.0),
        Column::text("口座番号", 19.0),
        Column::yen("金額", 26.0),
        Column::text("中止理由", 66.0),
    ]
}

fn list(h: &ListHeader, title: String, lines: &[Line]) -> ListReport {
    let mut r = report(h, title, Orientation::Landscape);
    r.columns = columns();
    let mut n = 0usize;
    let mut total = Tally::default();
    for k in ORDER {
        let mut sub = Tally::default();
        for l in lines.iter().filter(|l| kind(l) == Some(k)) {
            n += 1;
            sub.add(l.amount);
            r.rows.push(Row::Data(vec![
                Cell::Text(n.to_string()),
                Cell::Text(k.to_owned()),
                Cell::Text(l.employee_no.clone()),
                Cell::Text(l.kana_name.clone()),
                Cell::Text(l.product_name.clone()),
                Cell::Text(l.branch_no.clone()),
                Cell::Text(l.account_no.clone()),
                Cell::Yen(l.amount),
                Cell::Text(l.stop.as_ref().map(|s| s.label()).unwrap_or_default()),
            ]));
        }
        r.rows.push(Row::Subtotal {
            label: format!("小計　{k}　{}", count(sub.count)),
            cells: vec![Cell::Yen(sub.amount), Cell::Empty],
        });
        total.count += sub.count;
        total.amount += sub.amount;
    }
    r.rows.push(Row::Total {
        label: format!("合計　{}", count(total.count)),
        cells: vec![Cell::Yen(total.amount), Cell::Empty],
    });
    r
}

/// まとめ入金更新明細書（Web依頼済）.
pub fn build(h: &ListHeader, lines: &[Line]) -> ListReport {
    list(h, TITLE.to_owned(), lines)
}

pub fn render(h: &ListHeader, lines: &[Line]) -> Result<Vec<u8>, PdfError> {
    build(h, lines).render()
}

/// まとめ入金WEB更新依頼明細書, titled with the 確定日時 (JST).
pub fn build_web(h: &ListHeader, confirmed_at: DateTime<Utc>, lines: &[Line]) -> ListReport {
    list(
        h,
        format!("{WEB_TITLE}（{} 確定）", jst_text(confirmed_at)),
        lines,
    )
}

pub fn render_web(
    h: &ListHeader,
    confirmed_at: DateTime<Utc>,
    lines: &[Line],
) -> Result<Vec<u8>, PdfError> {
    build_web(h, confirmed_at, lines).render()
}

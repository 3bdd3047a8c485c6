//! 財形積立変更明細書 (`docs/zaikei.md` §3, §4; 預入依頼書 only, A4 landscape): the cycle's
//! 変更明細 against the previous cycle of the same document, grouped by 変更区分 in the order 新規,
//! 口座変更, 金額変更, 解約 (the grouping is done here, stably; the rows come in `change_no`
//! order), a 小計 of 件数 per 変更区分 (0件 included) and 合計. The header names the cycle compared
//! against: 「比較対象：2012年09月16日」, or 「比較対象：なし」 (every line 新規).

use chrono::NaiveDate;
use cjs_domain::changes::ChangeKind;

use crate::pdf::{Align, Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{Change, ListHeader, Side, changes_title, count, date_text};

pub fn columns() -> Vec<Column> {
    let before_after = |side: &str| {
        [
            Column::text(format!("{side}\n店番"), 13.0).align(Align::Center),
            Column::text(format!("{side}\n口座番号"), 17.0).align(Align::Center),
            Column::yen(format!("{side}\n預入金額"), 22.0),
            Column::yen(format!("{side}\n奨励金"), 19.0),
        ]
    };
    let mut c = vec![
        Column::yen("No", 10.0),
        Column::text("変更区分", 17.0).align(Align::Center),
        Column::text("職員番号", 19.0),
        Column::text("カナ氏名", 34.0),
        Column::text("漢字氏名", 28.0),
        Column::text("財形種類", 12.0).align(Align::Center),
    ];
    c.extend(before_after("変更前"));
    c.extend(before_after("変更後"));
    c
}

/// The header line naming the cycle compared against.
pub fn previous_label(previous: Option<NaiveDate>) -> String {
    match previous {
        Some(d) => format!("比較対象：{}", date_text(d)),
        None => "比較対象：なし".to_owned(),
    }
}

fn side(s: Option<&Side>) -> [Cell; 4] {
    match s {
        Some(s) => [
            Cell::Text(s.branch_no.clone()),
            Cell::Text(s.account_no.clone()),
            Cell::Yen(s.amount),
            Cell::Yen(s.incentive),
        ],
        None => [Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty],
    }
}

/// The list; `previous` is the 作成基準日 compared against (`None`: no earlier cycle).
pub fn build(header: &ListHeader, previous: Option<NaiveDate>, rows: &[Change]) -> ListReport {
    let mut out = Vec::with_capacity(rows.len() + ChangeKind::ALL.len() + 1);
    let mut listed_total = 0i64;
    for k in ChangeKind::ALL {
        let mut listed = 0i64;
        for c in rows.iter().filter(|c| c.change_kind == *k) {
            listed += 1;
            let mut cells = vec![
                Cell::Text(c.change_no.to_string()),
                Cell::Text(k.label().to_owned()),
                Cell::Text(c.employee_no.clone()),
                Cell::Text(c.kana_name.clone()),
                Cell::Text(c.kanji_name.clone()),
                Cell::Text(c.kind.label().to_owned()),
            ];
            cells.extend(side(c.before.as_ref()));
            cells.extend(side(c.after.as_ref()));
            out.push(Row::Data(cells));
        }
        out.push(Row::Subtotal {
            label: format!("小計　{}　{}", k.label(), count(listed)),
            cells: Vec::new(),
        });
        listed_total += listed;
    }
    out.push(Row::Total {
        label: format!("合計　{}", count(listed_total)),
        cells: Vec::new(),
    });
    ListReport {
        header: header.pdf(
            changes_title(header.document),
            Some(previous_label(previous)),
        ),
        orientation: Orientation::Landscape,
        columns: columns(),
        rows: out,
    }
}

pub fn render(
    header: &ListHeader,
    previous: Option<NaiveDate>,
    rows: &[Change],
) -> Result<Vec<u8>, PdfError> {
    build(header, previous, rows).render()
}

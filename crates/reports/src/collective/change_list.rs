//! 一斉積立変更明細表 (A4 landscape): the run's 変更明細 grouped by 変更区分 in the order 新規,
//! 口座変更, 金額変更, 解約 (stably: within each, the order given, i.e. 職員番号), a 小計 with the
//! 件数 after each 変更区分 (0件 included), and the foot 「前回　N件」 (its 積立金額合計 under
//! 変更前 積立金額), 「今回　N件」 and 「差額」 (under 変更後 積立金額). The header names the run
//! compared with: 「比較対象：013 サンプル0（2012年09月14日）」 or 「比較対象：なし」.

use cjs_domain::changes::ChangeKind;

use crate::pdf::{Align, Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{ChangeFoot, ChangeLine, ListHeader, RunHeading, Side, count};

pub const TITLE: &str = "一斉積立変更明細表";

/// The groups, in print order.
pub const ORDER: [ChangeKind; 4] = [
    ChangeKind::New,
    ChangeKind::Account,
    ChangeKind::Amount,
    ChangeKind::Gone,
];

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 12.0),
        Column::text("変更区分", 20.0).align(Align::Center),
        Column::text("職員番号", 24.0),
        Column::text("カナ氏名", 46.0),
        Column::text("漢字氏名", 40.0),
        Column::text("変更前\n店番", 14.0),
        Column::text("変更前\n口座番号", 20.0),
        Column::yen("変更前\n積立金額", 24.0),
        Column::text("変更後\n店番", 14.0),
        Column::text("変更後\n口座番号", 20.0),
        Column::yen("変更後\n積立金額", 24.0),
    ]
}

/// The header line naming the run compared with.
pub fn reference_label(previous: Option<&RunHeading>) -> String {
    match previous {
        Some(p) => format!("比較対象：{}", p.reference()),
        None => "比較対象：なし".to_owned(),
    }
}

fn side(s: Option<&Side>) -> [Cell; 3] {
    match s {
        Some(s) => [
            Cell::Text(s.branch_no.clone()),
            Cell::Text(s.account_no.clone()),
            Cell::Yen(s.amount),
        ],
        None => [Cell::Empty, Cell::Empty, Cell::Empty],
    }
}

fn row(c: &ChangeLine) -> Row {
    let mut cells = vec![
        Cell::Text(c.change_no.to_string()),
        Cell::Text(c.kind.label().to_owned()),
        Cell::Text(c.employee_no.clone()),
        Cell::Text(c.kana_name.clone()),
        Cell::Text(c.kanji_name.clone()),
    ];
    cells.extend(side(c.before.as_ref()));
    cells.extend(side(c.after.as_ref()));
    Row::Data(cells)
}

/// The list; `previous` is the run compared with (`None`: none, every member 新規), `foot` the
/// database's 前回 / 今回 totals.
pub fn build(
    header: &ListHeader,
    previous: Option<&RunHeading>,
    rows: &[ChangeLine],
    foot: ChangeFoot,
) -> ListReport {
    let mut r = header.report(
        TITLE,
        Orientation::Landscape,
        Some(reference_label(previous)),
    );
    r.columns = columns();
    r.rows.reserve(rows.len() + ORDER.len() + 3);
    for kind in ORDER {
        let mut n = 0i64;
        for c in rows.iter().filter(|c| c.kind == kind) {
            n += 1;
            r.rows.push(row(c));
        }
        r.rows.push(Row::Subtotal {
            label: format!("小計　{}　{}", kind.label(), count(n)),
            cells: Vec::new(),
        });
    }
    r.rows.push(Row::Total {
        label: format!("前回　{}", count(foot.previous.count)),
        cells: vec![
            Cell::Yen(foot.previous.amount),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ],
    });
    r.rows.push(Row::Total {
        label: format!("今回　{}", count(foot.current.count)),
        cells: vec![Cell::Yen(foot.current.amount)],
    });
    r.rows.push(Row::Total {
        label: "差額".to_owned(),
        cells: vec![Cell::Yen(foot.difference())],
    });
    r
}

pub fn render(
    header: &ListHeader,
    previous: Option<&RunHeading>,
    rows: &[ChangeLine],
    foot: ChangeFoot,
) -> Result<Vec<u8>, PdfError> {
    build(header, previous, rows, foot).render()
}

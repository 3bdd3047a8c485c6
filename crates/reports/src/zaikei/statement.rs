//! 財形積立明細書 (`docs/zaikei.md` §4, ZK102101): a cycle's lines in `line_no` order, then the
//! totals per 財形種類 (一般, 住宅, 年金; 0件 included) and 総合計, as the database summed them.
//! One layout per document kind:
//!
//! | document | paper | amount columns | after the totals |
//! |---|---|---|---|
//! | 預入依頼書 | A4 landscape | 預入金額, 奨励金, 預入合計 | 「入金予定日　2012年10月25日」, 「上記のとおり預入を依頼いたします。」 |
//! | 加入者残高一覧表 | A4 portrait | 残高 | — |
//! | 奨励金 | A4 portrait | 積立金額, 奨励金額 | — |

use cjs_domain::zaikei::DocumentKind;

use crate::pdf::{Align, Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{KindTotals, Line, ListHeader, Tally, count, date_text, statement_title};

/// The closing line of a 預入依頼書.
pub const REQUEST: &str = "上記のとおり預入を依頼いたします。";

/// The columns before the amounts, with their widths for the paper.
fn leading(wide: bool) -> Vec<Column> {
    let w = |landscape: f32, portrait: f32| if wide { landscape } else { portrait };
    vec![
        Column::yen("No", w(14.0, 12.0)),
        Column::text("職員番号", w(24.0, 20.0)),
        Column::text("カナ氏名", w(46.0, 34.0)),
        Column::text("漢字氏名", w(40.0, 28.0)),
        Column::text("財形種類", w(16.0, 16.0)).align(Align::Center),
        Column::text("店番", w(12.0, 11.0)).align(Align::Center),
        Column::text("口座番号", w(20.0, 17.0)).align(Align::Center),
    ]
}

/// The document's columns in order.
pub fn columns(kind: DocumentKind) -> Vec<Column> {
    let mut c = leading(kind == DocumentKind::Deposit);
    match kind {
        DocumentKind::Deposit => c.extend([
            Column::yen("預入金額", 30.0),
            Column::yen("奨励金", 26.0),
            Column::yen("預入合計", 30.0),
        ]),
        DocumentKind::Balance => c.push(Column::yen("残高", 32.0)),
        DocumentKind::Incentive => {
            c.extend([Column::yen("積立金額", 25.0), Column::yen("奨励金額", 22.0)])
        }
    }
    c
}

/// The paper of a document's 明細書.
pub fn orientation(kind: DocumentKind) -> Orientation {
    match kind {
        DocumentKind::Deposit => Orientation::Landscape,
        DocumentKind::Balance | DocumentKind::Incentive => Orientation::Portrait,
    }
}

/// The amounts of a line or a total under the document's amount columns.
fn amounts(kind: DocumentKind, amount: i64, incentive: i64) -> Vec<Cell> {
    match kind {
        DocumentKind::Deposit => vec![
            Cell::Yen(amount),
            Cell::Yen(incentive),
            Cell::Yen(amount + incentive),
        ],
        DocumentKind::Balance => vec![Cell::Yen(amount)],
        DocumentKind::Incentive => vec![Cell::Yen(amount), Cell::Yen(incentive)],
    }
}

fn foot(kind: DocumentKind, t: &Tally) -> Vec<Cell> {
    amounts(kind, t.amount, t.incentive)
}

/// The list. `totals` are the database's (`cjs_store::zaikei::totals_by_kind`).
pub fn build(header: &ListHeader, lines: &[Line], totals: &KindTotals) -> ListReport {
    let kind = header.kind();
    let mut rows = Vec::with_capacity(lines.len() + totals.per_kind.len() + 3);
    for l in lines {
        let mut cells = vec![
            Cell::Text(l.line_no.to_string()),
            Cell::Text(l.employee_no.clone()),
            Cell::Text(l.kana_name.clone()),
            Cell::Text(l.kanji_name.clone()),
            Cell::Text(l.kind.label().to_owned()),
            Cell::Text(l.branch_no.clone()),
            Cell::Text(l.account_no.clone()),
        ];
        cells.extend(amounts(kind, l.amount, l.incentive));
        rows.push(Row::Data(cells));
    }
    for (k, t) in &totals.per_kind {
        rows.push(Row::Subtotal {
            label: format!("{}　{}", k.label(), count(t.count)),
            cells: foot(kind, t),
        });
    }
    rows.push(Row::Total {
        label: format!("総合計　{}", count(totals.total.count)),
        cells: foot(kind, &totals.total),
    });
    if kind == DocumentKind::Deposit {
        // Label-only rows span the table: the form's closing lines under its totals.
        if let Some(d) = header.deposit_date {
            rows.push(Row::Subtotal {
                label: format!("入金予定日　{}", date_text(d)),
                cells: Vec::new(),
            });
        }
        rows.push(Row::Subtotal {
            label: REQUEST.to_owned(),
            cells: Vec::new(),
        });
    }
    ListReport {
        header: header.pdf(statement_title(header.document), None),
        orientation: orientation(kind),
        columns: columns(kind),
        rows,
    }
}

pub fn render(
    header: &ListHeader,
    lines: &[Line],
    totals: &KindTotals,
) -> Result<Vec<u8>, PdfError> {
    build(header, lines, totals).render()
}

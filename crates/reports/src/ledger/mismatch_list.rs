//! 賃控元帳控除依頼カナ氏名・職員番号桁数相違リスト (A4 landscape): the run's people against the
//! group's 有効 労金控除 details (`ledger::run::mismatches`, sorted by the ledger's 職員番号), in
//! the order given; 件数 per 相違区分.

use cjs_domain::ledger::{Mismatch, MismatchKind};

use crate::pdf::{Cell, Column, ListReport, Orientation, PdfError, Row};

use super::{ListHeader, count, report};

pub const TITLE: &str = "賃控元帳控除依頼カナ氏名・職員番号桁数相違リスト";

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 14.0),
        Column::text("相違区分", 30.0),
        Column::text("職員番号（賃控元帳）", 36.0),
        Column::text("カナ氏名（賃控元帳）", 50.0),
        Column::text("職員番号（労金控除）", 36.0),
        Column::text("カナ氏名（労金控除）", 50.0),
        Column::text("漢字氏名", 46.0),
    ]
}

pub fn build(header: &ListHeader, rows: &[Mismatch]) -> ListReport {
    let mut r = report(header, TITLE, Orientation::Landscape);
    r.columns = columns();
    for (i, m) in rows.iter().enumerate() {
        r.rows.push(Row::Data(vec![
            Cell::Text((i + 1).to_string()),
            Cell::Text(m.kind.label().to_owned()),
            Cell::Text(m.employee_no.clone()),
            Cell::Text(m.kana_name.clone()),
            Cell::Text(m.deduction_employee_no.clone()),
            Cell::Text(m.deduction_kana_name.clone()),
            Cell::Text(m.kanji_name.clone()),
        ]));
    }
    for kind in MismatchKind::ALL {
        let n = rows.iter().filter(|m| m.kind == *kind).count() as i64;
        r.rows.push(Row::Total {
            label: format!("{}　{}", kind.label(), count(n)),
            cells: vec![],
        });
    }
    r
}

pub fn render(header: &ListHeader, rows: &[Mismatch]) -> Result<Vec<u8>, PdfError> {
    build(header, rows).render()
}

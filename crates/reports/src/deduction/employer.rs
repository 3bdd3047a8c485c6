//! 企業宛控除依頼書 (A4 portrait) and 企業宛控除依頼データ (CSV, `docs/deduction.md` §5.2): one
//! row per employee with the total payroll deducts, addressed 「（事業主）御中」 from the payment
//! group.
//!
//! [`rows`] makes the rows from the cycle's lines (the pure case: every line of the cycle in
//! memory, sorted by 職員番号). A route that has the database sum them (`GROUP BY employee_no`)
//! builds [`EmployerRow`]s itself with the same rule and passes them in; the PDF and the CSV only
//! print rows.

use std::io::Write;

use crate::csv::{CsvEncoding, CsvError, CsvWriter, Field};
use crate::pdf::{Align, Cell, Column, Header, ListReport, Orientation, PdfError, Row};

use super::{Line, ListHeader, count, jst_text};
use cjs_domain::deduction::Movement;

pub const TITLE: &str = "企業宛控除依頼書";

/// 全件 / 異動分.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Every employee with something to deduct.
    #[default]
    All,
    /// Employees with a line not 継続 (解除-only employees shown with 0).
    Movements,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::All => "全件",
            Scope::Movements => "異動分",
        }
    }
}

/// One employee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployerRow {
    pub employee_no: String,
    pub kana_name: String,
    /// Empty when no line carries one.
    pub kanji_name: String,
    /// 控除額合計: the lines neither 解除 nor error.
    pub total: i64,
    /// 件数 of those lines.
    pub count: i64,
    /// 異動: a line of the employee (error lines included) is not 継続.
    pub moved: bool,
}

/// The employees of `lines` (sorted by 職員番号, as the cycle keeps them): consecutive lines of
/// one 職員番号 make one row; names from the first line that has them.
///
/// 全件: employees with at least one line counted (not 解除, not error). 異動分: employees with a
/// line not 継続, whatever their total (an employee whose lines are all 解除 shows 0, so payroll
/// stops deducting).
pub fn rows(lines: &[Line], scope: Scope) -> Vec<EmployerRow> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let emp = &lines[i].employee_no;
        let end = lines[i..]
            .iter()
            .position(|l| &l.employee_no != emp)
            .map_or(lines.len(), |n| i + n);
        let group = &lines[i..end];
        let mut row = EmployerRow {
            employee_no: emp.clone(),
            kana_name: group[0].kana_name.clone(),
            kanji_name: group
                .iter()
                .find(|l| !l.kanji_name.is_empty())
                .map(|l| l.kanji_name.clone())
                .unwrap_or_default(),
            total: 0,
            count: 0,
            moved: group.iter().any(|l| l.movement != Movement::Continued),
        };
        for l in group.iter().filter(|l| l.counts()) {
            row.total += l.amount;
            row.count += 1;
        }
        let keep = match scope {
            Scope::All => row.count > 0,
            Scope::Movements => row.moved,
        };
        if keep {
            out.push(row);
        }
        i = end;
    }
    out
}

pub fn columns() -> Vec<Column> {
    vec![
        Column::yen("No", 13.0),
        Column::text("職員番号", 24.0),
        Column::text("カナ氏名", 46.0),
        Column::text("漢字氏名", 44.0),
        Column::yen("控除額合計", 30.0),
        Column::yen("件数", 15.0),
        Column::text("異動", 14.0).align(Align::Center),
    ]
}

/// The header: the addressee and a request on the left, the sender (the payment group) and the
/// cycle on the right.
fn header(h: &ListHeader, scope: Scope) -> Header {
    let mut left = vec![
        "（事業主）御中".to_owned(),
        "下記のとおり、給与からの控除をお願いいたします。".to_owned(),
    ];
    if !h.branch.is_empty() {
        left.push(format!("お取引店：{}", h.branch));
    }
    Header {
        title: format!("{TITLE}（{}）", scope.label()),
        more_left: left,
        more_right: vec![
            format!("入金グループ：{}", h.group()),
            format!(
                "支給区分：{}　控除年月：{}",
                h.occasion.label(),
                h.month.label()
            ),
            format!("作成日時：{}", jst_text(h.created_at)),
        ],
        ..Header::default()
    }
}

/// The 依頼書 from its rows (in 職員番号 order); 合計: employees, 控除額, 件数.
pub fn build(h: &ListHeader, scope: Scope, rows: &[EmployerRow]) -> ListReport {
    let mut out = Vec::with_capacity(rows.len() + 1);
    let (mut total, mut lines) = (0i64, 0i64);
    for (i, r) in rows.iter().enumerate() {
        total += r.total;
        lines += r.count;
        out.push(Row::Data(vec![
            Cell::Text((i + 1).to_string()),
            Cell::Text(r.employee_no.clone()),
            Cell::Text(r.kana_name.clone()),
            Cell::Text(r.kanji_name.clone()),
            Cell::Yen(r.total),
            Cell::Yen(r.count),
            Cell::Text(if r.moved { "＊" } else { "" }.to_owned()),
        ]));
    }
    out.push(Row::Total {
        label: format!("合計　{}名", crate::yen(rows.len() as i64)),
        cells: vec![Cell::Yen(total), Cell::Text(count(lines)), Cell::Empty],
    });
    ListReport {
        header: header(h, scope),
        orientation: Orientation::Portrait,
        columns: columns(),
        rows: out,
    }
}

pub fn render(h: &ListHeader, scope: Scope, rows: &[EmployerRow]) -> Result<Vec<u8>, PdfError> {
    build(h, scope, rows).render()
}

/// The CSV header row (§5.2), byte for byte.
pub const CSV_COLUMNS: [&str; 8] = [
    "控除年月",
    "支給区分",
    "職員番号",
    "カナ氏名",
    "漢字氏名",
    "控除額合計",
    "件数",
    "異動",
];

/// 企業宛控除依頼データ: the header row, then one row per employee; 控除年月 `YYYYMM`,
/// 異動 `1` or empty, amounts plain digits. Streams: nothing but one row is held.
pub fn write_csv<W: Write, R: std::borrow::Borrow<EmployerRow>>(
    out: W,
    encoding: CsvEncoding,
    h: &ListHeader,
    rows: impl IntoIterator<Item = R>,
) -> Result<W, CsvError> {
    let mut w = CsvWriter::new(out, encoding, &CSV_COLUMNS)?;
    let month = h.month.compact();
    let occasion = h.occasion.label();
    for r in rows {
        let r = r.borrow();
        w.write_fields(&[
            Field::Text(&month),
            Field::Text(occasion),
            Field::Text(&r.employee_no),
            Field::Text(&r.kana_name),
            Field::Text(&r.kanji_name),
            Field::Int(r.total),
            Field::Int(r.count),
            Field::Text(if r.moved { "1" } else { "" }),
        ])?;
    }
    w.finish()
}

//! 賃控元帳事務's outputs: the PDF lists, the CSV files and the reading of the two files the
//! clerk imports (`docs/ledger.md` §5, §6).
//!
//! Every document is a pure function from plain, owned input to bytes. The route maps its store
//! rows to these structs:
//!
//! - [`ListHeader`] (労金控除's): 入金グループ, 支給区分, 控除年月, 作成日時 on every page;
//! - [`Line`]: one line of a cycle, live (確認リスト, from `ledger::run::derive`, with
//!   [`Line::with_period`]) or of the run (`ledger_run_lines`, with [`Line::with_result`]):
//!   `Line::from(&row.run_line()).with_result(LineOutcome::of(row.result, row.result_reason,
//!   row.result_text.clone()))`;
//! - [`ItemTotal`]: one item's count and sum for the 種目合計リスト (the database sums);
//! - [`MovementLine`]: one row of `ledger::run::movements`;
//! - `cjs_domain::ledger::Mismatch` and `EmployeeBlock` as the domain makes them;
//! - [`lines_csv::DetailRow`]: one 有効 line for the 賃控元帳明細データ.
//!
//! Lines are expected in the lists' order (職員番号, 種目表示順, 種目コード = `line_no` for a run);
//! each list keeps it, except where its module says it regroups (異動分: by 異動区分). Each list
//! picks its own lines from what it is given (the 不能 list keeps the 不能 lines), so the route
//! may pass every line of the cycle. Totals are summed here from the lines printed (whole yen,
//! `i64`), so the foot always agrees with the rows above it.
//!
//! | document | module | paper |
//! |---|---|---|
//! | 賃控元帳内訳リスト | [`breakdown_list`] | A4 landscape |
//! | 賃控元帳種目合計リスト | [`item_totals_list`] | A4 portrait |
//! | 賃控元帳異動分リスト | [`movement_list`] | A4 landscape |
//! | 賃控元帳控除依頼リスト | [`request_list`] | A4 landscape |
//! | 賃控元帳控除依頼カナ氏名・職員番号桁数相違リスト | [`mismatch_list`] | A4 landscape |
//! | 賃控元帳控除結果リスト | [`result_list`] | A4 landscape |
//! | 賃控元帳控除不能リスト | [`failed_list`] | A4 landscape |
//! | 労金控除賃控元帳依頼リスト (+ CSV §6.3) | [`combined`] | A4 landscape |
//! | 賃控元帳控除依頼データ (CSV §6.1) | [`requests_csv`] | — |
//! | 賃控元帳明細データ (CSV §6.2, export and import) | [`lines_csv`] | — |
//! | 控除結果データ (payroll's CSV §6.4, import) | [`results_csv`] | — |

pub mod breakdown_list;
pub mod combined;
pub mod failed_list;
pub mod item_totals_list;
pub mod lines_csv;
pub mod mismatch_list;
pub mod movement_list;
pub mod request_list;
pub mod requests_csv;
pub mod result_list;
pub mod results_csv;
pub mod sample;

use cjs_domain::deduction::YearMonth;
use cjs_domain::ledger::{FailReason, ImportRow, ItemKind, Movement, Outcome, RowProblem, RunLine};
use cjs_domain::schedule::Occasion;

use crate::import::{CsvImport, ImportProblem};
use crate::pdf::{Cell, ListReport, Orientation, Row};

pub use crate::deduction::ListHeader;

/// 支給区分 as the ledger's CSV files write it: 月例 / 夏季 / 年末.
pub fn occasion_short(o: Occasion) -> &'static str {
    match o {
        Occasion::Monthly => "月例",
        Occasion::Summer => "夏季",
        Occasion::YearEnd => "年末",
    }
}

/// A run line's result (`ledger_run_lines.result`, `reason`, `reason_text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineOutcome {
    pub outcome: Outcome,
    /// Only with 不能.
    pub reason: Option<FailReason>,
    /// The clerk's text (その他).
    pub text: Option<String>,
}

impl LineOutcome {
    /// A run line's result as stored (`ledger_run_lines.result`, `result_reason`,
    /// `result_text`); `None` when none is recorded.
    pub fn of(
        result: Option<Outcome>,
        reason: Option<FailReason>,
        text: Option<String>,
    ) -> Option<Self> {
        result.map(|outcome| LineOutcome {
            outcome,
            reason,
            text,
        })
    }

    /// 不能理由 as printed: `退職`, `その他（育児休業）`; empty for 済.
    pub fn reason_label(&self) -> String {
        self.reason
            .map(|r| r.display(self.text.as_deref().filter(|t| !t.is_empty())))
            .unwrap_or_default()
    }
}

/// One line of a cycle: live (the 確認リスト) or of the run, as every list and the CSV read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 行番号 (1…n in 職員番号, 種目表示順, 種目コード order).
    pub line_no: i32,
    /// 職員番号 (text: leading zeros kept).
    pub employee_no: String,
    /// カナ氏名 (the bank's half-width kana).
    pub kana_name: String,
    pub kanji_name: String,
    /// 種目コード (3 digits), 種目名 and 種目区分 (copied at 作成 on a run line).
    pub item_code: String,
    pub item_name: String,
    pub item_kind: ItemKind,
    /// 控除金額 of the cycle (> 0).
    pub amount: i64,
    /// 開始月: printed on the 内訳リスト (live lines); `None` on run lines.
    pub start_month: Option<YearMonth>,
    /// 終了月 (`None`: none, or not known on a run line).
    pub end_month: Option<YearMonth>,
    /// The result, once recorded (run lines only).
    pub result: Option<LineOutcome>,
}

impl Line {
    /// The line with its period, for the 内訳リスト (the route has it from the ledger line).
    pub fn with_period(mut self, start: YearMonth, end: Option<YearMonth>) -> Self {
        self.start_month = Some(start);
        self.end_month = end;
        self
    }

    /// The line with its recorded result (`LineOutcome::of`), for the 結果 lists.
    pub fn with_result(mut self, result: Option<LineOutcome>) -> Self {
        self.result = result;
        self
    }
}

impl From<&RunLine> for Line {
    /// A line as `ledger::run::derive` made it: no period, no result.
    fn from(r: &RunLine) -> Self {
        Line {
            line_no: r.line_no,
            employee_no: r.employee_no.as_str().to_owned(),
            kana_name: r.kana_name.as_str().to_owned(),
            kanji_name: r.kanji_name.as_str().to_owned(),
            item_code: r.item_code.as_str().to_owned(),
            item_name: r.item_name.clone(),
            item_kind: r.item_kind,
            amount: r.amount,
            start_month: None,
            end_month: None,
            result: None,
        }
    }
}

/// One item of the 種目合計リスト: the database's `COUNT` and `SUM` of the cycle's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemTotal {
    pub code: String,
    pub name: String,
    pub kind: ItemKind,
    pub count: i64,
    pub amount: i64,
}

/// One row of the 異動分リスト (`ledger::run::movements`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovementLine {
    pub movement: Movement,
    pub employee_no: String,
    pub kana_name: String,
    pub kanji_name: String,
    pub item_code: String,
    pub item_name: String,
    /// 前回金額 (`None` on 新規).
    pub previous: Option<i64>,
    /// 今回金額 (0 on 終了).
    pub current: i64,
}

impl MovementLine {
    /// 差額 = 今回 − 前回.
    pub fn difference(&self) -> i64 {
        self.current - self.previous.unwrap_or(0)
    }
}

impl From<&cjs_domain::ledger::MovementRow> for MovementLine {
    fn from(m: &cjs_domain::ledger::MovementRow) -> Self {
        MovementLine {
            movement: m.movement,
            employee_no: m.employee_no.as_str().to_owned(),
            kana_name: m.kana_name.as_str().to_owned(),
            kanji_name: m.kanji_name.as_str().to_owned(),
            item_code: m.item_code.as_str().to_owned(),
            item_name: m.item_name.clone(),
            previous: m.previous,
            current: m.current,
        }
    }
}

/// 件数 and 金額.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub count: i64,
    pub amount: i64,
}

impl Tally {
    pub fn add(&mut self, amount: i64) {
        self.count += 1;
        self.amount += amount;
    }
}

/// A list with the ledger's header (landscape unless said).
pub(crate) fn report(
    header: &ListHeader,
    title: impl Into<String>,
    orientation: Orientation,
) -> ListReport {
    ListReport {
        header: header.pdf(title),
        orientation,
        columns: Vec::new(),
        rows: Vec::new(),
    }
}

/// `12件`.
pub(crate) fn count(n: i64) -> String {
    format!("{}件", crate::yen(n))
}

/// `3名`.
pub(crate) fn people(n: i64) -> String {
    format!("{}名", crate::yen(n))
}

/// A month as the lists print it (`2026年04月`), or an empty cell.
pub(crate) fn month_cell(m: Option<YearMonth>) -> Cell {
    m.map_or(Cell::Empty, |m| Cell::Text(m.label()))
}

/// The rows of lines grouped by 職員番号 (consecutive lines of one 職員番号): `row` makes each
/// line's row (given its 1-based position), a 小計 follows an employee with two lines or more;
/// the foot is 合計 N名 N件 金額. `foot` puts an amount under the 控除金額 column and empties
/// after it.
pub(crate) fn by_employee<'a>(
    lines: impl IntoIterator<Item = &'a Line>,
    mut row: impl FnMut(usize, &Line) -> Row,
    foot: impl Fn(i64) -> Vec<Cell>,
) -> Vec<Row> {
    let lines: Vec<&Line> = lines.into_iter().collect();
    let mut rows = Vec::with_capacity(lines.len() + lines.len() / 2 + 1);
    let mut total = Tally::default();
    let mut employees = 0i64;
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
            sub.add(l.amount);
        }
        if end - i > 1 {
            rows.push(Row::Subtotal {
                label: format!("小計　職員番号 {emp}　{}", count(sub.count)),
                cells: foot(sub.amount),
            });
        }
        employees += 1;
        total.count += sub.count;
        total.amount += sub.amount;
        i = end;
    }
    rows.push(Row::Total {
        label: format!("合計　{}　{}", people(employees), count(total.count)),
        cells: foot(total.amount),
    });
    rows
}

/// A file's problems as the domain lists them (`N行目 M列目（項目）: 理由`).
pub(crate) fn row_problem(p: ImportProblem) -> RowProblem {
    RowProblem {
        line: p.line,
        column: p.column,
        item: p.column_name,
        reason: p.reason.to_string(),
    }
}

/// Reads a file with `header` into the domain's raw rows (every cell as written, untrimmed; the
/// domain's planning trims, unescapes and checks them) and the file's own problems (encoding,
/// header, quoting, field count, control characters), in file order. A record with such a
/// problem is left out of the rows, so the two lists together name every bad line.
pub(crate) fn read(bytes: &[u8], header: &[&str]) -> (Vec<ImportRow>, Vec<RowProblem>) {
    let (records, problems) = CsvImport::parse(bytes, header).into_parts();
    let rows = records
        .into_iter()
        .map(|r| ImportRow {
            line: r.line,
            cells: r.into_fields(),
        })
        .collect();
    let problems = problems.into_vec().into_iter().map(row_problem).collect();
    (rows, problems)
}

#[cfg(test)]
mod tests;

//! 賃控元帳明細データインポート: the exported file, edited in a spreadsheet, planned whole before
//! anything is written. Every row is checked and every problem named (line, column, reason); good
//! rows match the 有効 line of the same 職員番号 + 種目コード: none → 新規, different → 変更, the
//! same → nothing (so importing a file twice changes nothing). Lines not in the file stay.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::Refusal;
use super::commands::{Change, Operation, added, changed};
use super::item::Item;
use super::line::{Line, LineFields, LineInput, LineState};
use super::run::numeric_key;
use crate::deduction::detail::{AMOUNT_RULE, YearMonth};
use crate::rules::{Field, RuleError};

/// The 賃控元帳明細データ columns, export and import alike (`docs/ledger.md` §6.2).
pub const HEADER: [&str; 10] = [
    "職員番号",
    "カナ氏名",
    "漢字氏名",
    "種目コード",
    "種目名",
    "月例金額",
    "夏季金額",
    "年末金額",
    "開始月",
    "終了月",
];

/// The 0-based column of a field in [`HEADER`].
pub fn column_of(field: Field) -> Option<usize> {
    Some(match field {
        Field::EmployeeNo => 0,
        Field::KanaName => 1,
        Field::KanjiName => 2,
        Field::ItemCode => 3,
        Field::AmountMonthly => 5,
        Field::AmountSummer => 6,
        Field::AmountYearEnd => 7,
        Field::StartMonth => 8,
        Field::EndMonth => 9,
        _ => return None,
    })
}

/// One record of a file: the physical line it starts on (header = 1) and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub line: usize,
    pub cells: Vec<String>,
}

/// One problem of a file: `N行目 M列目（項目）: 理由`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// 行 (the file's line; the header is line 1).
    pub line: usize,
    /// 列, from 1 (`null`: the row as a whole).
    pub column: Option<usize>,
    /// 項目 (the column's header name).
    pub item: Option<String>,
    /// 理由.
    pub reason: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}行目", self.line)?;
        if let Some(c) = self.column {
            write!(f, " {c}列目")?;
        }
        if let Some(i) = &self.item {
            write!(f, "（{i}）")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// What an import would do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportPlan {
    /// Data rows read.
    pub rows: usize,
    pub adds: Vec<Change>,
    /// (line id, change).
    pub changes: Vec<(String, Change)>,
    pub unchanged: usize,
    pub problems: Vec<RowProblem>,
}

impl ImportPlan {
    /// May it be applied? Any problem refuses the whole file.
    pub fn check(&self) -> Result<(), Refusal> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(Refusal::FileProblems(self.problems.len()))
        }
    }
}

/// Cells we escaped on export (`'=…`) read back as written; everything is trimmed.
pub fn unescape(cell: &str) -> &str {
    let t = cell.trim();
    match t.strip_prefix('\'') {
        Some(rest)
            if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']) =>
        {
            rest
        }
        _ => t,
    }
}

/// An amount cell: empty is 0, else half-width digits.
fn amount(field: Field, cell: &str) -> Result<i64, RuleError> {
    if cell.is_empty() {
        return Ok(0);
    }
    if cell.len() > 9 || !cell.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RuleError::Format {
            field,
            rule: AMOUNT_RULE,
        });
    }
    cell.parse().map_err(|_| RuleError::Format {
        field,
        rule: AMOUNT_RULE,
    })
}

fn problem_of(line: usize, r: &Refusal) -> RowProblem {
    let column = r.field().and_then(column_of);
    RowProblem {
        line,
        column: column.map(|c| c + 1),
        item: column.map(|c| HEADER[c].to_owned()),
        reason: r.to_string(),
    }
}

/// Plans the file's rows against the group's items and 有効 lines; changed amounts apply from
/// `amounts_from` (new lines from their 開始月).
pub fn plan(
    rows: &[ImportRow],
    items: &[Item],
    existing: &[Line],
    amounts_from: YearMonth,
) -> ImportPlan {
    let active: HashMap<(&str, &str), &Line> = existing
        .iter()
        .filter(|l| l.state == LineState::Active)
        .map(|l| {
            (
                (l.fields.employee_no.as_str(), l.fields.item_id.as_str()),
                l,
            )
        })
        .collect();
    let registered: HashSet<&str> = active.keys().map(|(e, _)| *e).collect();
    let mut by_number: HashMap<&str, &str> = HashMap::new();
    for e in &registered {
        by_number.entry(numeric_key(e)).or_insert(e);
    }
    let labels: HashMap<&str, String> = items
        .iter()
        .map(|i| (i.id.as_str(), i.fields.label()))
        .collect();
    let mut plan = ImportPlan {
        rows: rows.len(),
        ..ImportPlan::default()
    };
    let mut first_row: HashMap<(&str, &str), usize> = HashMap::with_capacity(rows.len());
    for row in rows {
        let cell = |i: usize| unescape(row.cells.get(i).map_or("", String::as_str));
        let mut errors: Vec<Refusal> = Vec::new();
        let amounts: Vec<i64> = [
            (5, Field::AmountMonthly),
            (6, Field::AmountSummer),
            (7, Field::AmountYearEnd),
        ]
        .into_iter()
        .map(|(c, f)| {
            amount(f, cell(c)).unwrap_or_else(|e| {
                errors.push(e.into());
                // Counted as "some amount" so NoAmount is not reported on top.
                1
            })
        })
        .collect();
        let input = LineInput {
            employee_no: cell(0).to_owned(),
            kana_name: cell(1).to_owned(),
            kanji_name: cell(2).to_owned(),
            item_code: cell(3).to_owned(),
            amount_monthly: amounts[0],
            amount_summer: amounts[1],
            amount_year_end: amounts[2],
            start_month: cell(8).to_owned(),
            end_month: Some(cell(9).to_owned()),
        };
        let parsed = LineFields::parse_all(&input, items);
        let fields = match parsed {
            Ok(f) if errors.is_empty() => Some(f),
            Ok(_) => None,
            Err(mut more) => {
                // An amount cell that was not a number is reported once, as such.
                more.retain(|r| {
                    !errors
                        .iter()
                        .any(|e| e.field().is_some() && e.field() == r.field())
                });
                errors.extend(more);
                errors.sort_by_key(|r| r.field().and_then(column_of).unwrap_or(usize::MAX));
                None
            }
        };
        let employee_no = unescape(row.cells.first().map_or("", String::as_str));
        let key = (
            employee_no,
            unescape(row.cells.get(3).map_or("", String::as_str)),
        );
        if let Some(first) = first_row.get(&key) {
            plan.problems.push(RowProblem {
                line: row.line,
                column: None,
                item: None,
                reason: format!("{first}行目と同じ職員番号・種目コードです。"),
            });
            continue;
        }
        first_row.insert(key, row.line);
        if !registered.contains(employee_no)
            && let Some(other) = by_number.get(numeric_key(employee_no))
            && !employee_no.is_empty()
        {
            errors.push(Refusal::DigitCount {
                given: employee_no.to_owned(),
                registered: (*other).to_owned(),
            });
        }
        let (Some(fields), true) = (fields, errors.is_empty()) else {
            plan.problems
                .extend(errors.iter().map(|e| problem_of(row.line, e)));
            continue;
        };
        let label = labels
            .get(fields.item_id.as_str())
            .cloned()
            .unwrap_or_default();
        let found = active
            .get(&(fields.employee_no.as_str(), fields.item_id.as_str()))
            .copied();
        match found {
            None => plan.adds.push(added(fields, &label, Operation::Import)),
            Some(line) => {
                let f = &line.fields;
                if f.kana_name == fields.kana_name
                    && f.kanji_name == fields.kanji_name
                    && f.amounts == fields.amounts
                    && f.start_month == fields.start_month
                    && f.end_month == fields.end_month
                {
                    plan.unchanged += 1;
                } else {
                    let id = line.id.clone();
                    plan.changes.push((
                        id,
                        changed(line, fields, amounts_from, Operation::Import, &label),
                    ));
                }
            }
        }
    }
    plan
}

/// The cells of one exported line, in [`HEADER`] order (months `YYYYMM`, 終了月 empty when none).
pub fn export_cells(line: &Line, item_name: &str) -> [String; 10] {
    let f = &line.fields;
    [
        f.employee_no.to_string(),
        f.kana_name.to_string(),
        f.kanji_name.to_string(),
        f.item_code.to_string(),
        item_name.to_owned(),
        f.amounts.monthly.to_string(),
        f.amounts.summer.to_string(),
        f.amounts.year_end.to_string(),
        f.start_month.compact(),
        f.end_month.map(YearMonth::compact).unwrap_or_default(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::line::tests::{input, items, line, m};

    fn existing() -> Vec<Line> {
        let mut a = input();
        a.employee_no = "0012345".into();
        let mut b = input();
        b.employee_no = "0000001".into();
        b.item_code = "101".into();
        b.amount_summer = 0;
        vec![line(&a), line(&b)]
    }

    fn export() -> Vec<ImportRow> {
        let names: HashMap<String, String> = items()
            .iter()
            .map(|i| (i.id.clone(), i.fields.name.to_string()))
            .collect();
        existing()
            .iter()
            .enumerate()
            .map(|(n, l)| ImportRow {
                line: n + 2,
                cells: export_cells(l, &names[&l.fields.item_id]).to_vec(),
            })
            .collect()
    }

    fn row(line: usize, cells: [&str; 10]) -> ImportRow {
        ImportRow {
            line,
            cells: cells.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn an_exported_file_imports_back_as_no_change() {
        let p = plan(&export(), &items(), &existing(), m(2024, 7));
        assert_eq!(p.rows, 2);
        assert_eq!(p.unchanged, 2);
        assert!(p.adds.is_empty() && p.changes.is_empty() && p.problems.is_empty());
        assert_eq!(p.check(), Ok(()));
    }

    #[test]
    fn an_edited_amount_is_a_change_from_the_import_month_and_a_new_key_is_an_addition() {
        let mut rows = export();
        rows[0].cells[5] = "2500".into();
        rows.push(row(
            4,
            [
                "0000002",
                "ｻﾄｳ ﾊﾅｺ",
                "佐藤　花子",
                "101",
                "",
                "3000",
                "",
                "",
                "202406",
                "",
            ],
        ));
        let p = plan(&rows, &items(), &existing(), m(2024, 7));
        assert_eq!(p.changes.len(), 1);
        let (id, c) = &p.changes[0];
        assert_eq!(id, "line-0012345-201");
        assert_eq!(c.operation, Operation::Import);
        assert_eq!(c.amounts_from, m(2024, 7));
        assert_eq!(c.prior.map(|a| a.monthly), Some(2_000));
        assert_eq!(p.adds.len(), 1);
        assert_eq!(
            p.adds[0].amounts_from,
            m(2024, 6),
            "a new line from its 開始月"
        );
        assert_eq!(p.unchanged, 1);
    }

    #[test]
    fn every_problem_of_every_row_is_named_with_line_and_column() {
        let rows = vec![
            row(
                2,
                ["12a", "ﾀﾛｳ", "太郎", "999", "", "x", "", "", "2024-13", ""],
            ),
            row(
                3,
                [
                    "0000003",
                    "ﾀﾛｳ",
                    "太郎",
                    "101",
                    "",
                    "",
                    "",
                    "",
                    "202404",
                    "",
                ],
            ),
            row(
                4,
                [
                    "0000004",
                    "ﾀﾛｳ",
                    "太郎",
                    "101",
                    "",
                    "100",
                    "5",
                    "",
                    "202404",
                    "",
                ],
            ),
        ];
        let p = plan(&rows, &items(), &existing(), m(2024, 7));
        let at: Vec<_> = p.problems.iter().map(|x| (x.line, x.column)).collect();
        assert_eq!(
            at,
            [
                (2, Some(1)),
                (2, Some(4)),
                (2, Some(6)),
                (2, Some(9)),
                (3, Some(6)),
                (4, Some(7)),
            ]
        );
        assert_eq!(
            p.problems[1].to_string(),
            "2行目 4列目（種目コード）: 種目コード（999）は登録されていません。"
        );
        assert_eq!(p.check(), Err(Refusal::FileProblems(6)));
    }

    #[test]
    fn a_repeated_key_is_named_on_its_second_row() {
        let mut rows = export();
        let mut again = rows[0].clone();
        again.line = 9;
        rows.push(again);
        let p = plan(&rows, &items(), &existing(), m(2024, 7));
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, 9);
        assert!(p.problems[0].reason.contains("2行目"));
    }

    #[test]
    fn a_number_that_lost_its_leading_zeros_is_refused() {
        let mut rows = export();
        rows[0].cells[0] = "12345".into();
        let p = plan(&rows, &items(), &existing(), m(2024, 7));
        assert_eq!(p.problems.len(), 1);
        assert_eq!(
            p.problems[0].reason,
            "職員番号（12345）は登録済の職員番号（0012345）と桁数が異なります。"
        );
        assert_eq!(p.problems[0].column, Some(1));
    }

    #[test]
    fn escaped_formula_cells_read_back_and_raw_formulas_fail_their_rules() {
        assert_eq!(unescape("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unescape("'abc"), "'abc");
        assert_eq!(unescape("  12 "), "12");
        let mut rows = export();
        rows[0].cells[2] = "=HYPERLINK(\"x\")".into();
        let p = plan(&rows, &items(), &existing(), m(2024, 7));
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].item.as_deref(), Some("漢字氏名"));
    }
}

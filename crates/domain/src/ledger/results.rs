//! 控除結果: per run line 済 or 不能 with a reason, recorded on screen or read from payroll's
//! file; both are checked whole before anything is written.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::import::{ImportRow, RowProblem};
use crate::person::is_printable_in_cp932;
use crate::rules::{Field, RuleError};
use crate::session::named_enum;

/// 結果.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", schema(as = LedgerOutcome))]
pub enum Outcome {
    /// 済
    Deducted,
    /// 不能
    Failed,
}

named_enum!(Outcome {
    Deducted => "deducted", "済";
    Failed => "failed", "不能";
});

/// 不能理由.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", schema(as = LedgerFailReason))]
pub enum FailReason {
    Retired,
    Leave,
    InsufficientPay,
    /// その他 (text required)
    Other,
}

named_enum!(FailReason {
    Retired => "retired", "退職";
    Leave => "leave", "休職";
    InsufficientPay => "insufficient_pay", "給与不足";
    Other => "other", "その他";
});

impl FailReason {
    /// The digit payroll's file may carry instead of the label.
    pub fn code(self) -> &'static str {
        match self {
            FailReason::Retired => "1",
            FailReason::Leave => "2",
            FailReason::InsufficientPay => "3",
            FailReason::Other => "4",
        }
    }

    /// `退職`, or `その他（text）`.
    pub fn display(self, text: Option<&str>) -> String {
        match (self, text) {
            (FailReason::Other, Some(t)) => format!("その他（{t}）"),
            (r, _) => r.label().to_owned(),
        }
    }
}

/// One result as the screen sends it (`result: null` clears it).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultInput {
    #[serde(deserialize_with = "crate::rules::whole::deserialize")]
    pub line_no: i32,
    #[serde(default)]
    pub result: Option<Outcome>,
    #[serde(default)]
    pub result_reason: Option<FailReason>,
    /// その他の内容 (40文字以内).
    #[serde(default)]
    pub result_text: Option<String>,
}

/// A checked result of one run line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineResult {
    pub line_no: i32,
    pub result: Option<Outcome>,
    pub reason: Option<FailReason>,
    pub text: Option<String>,
}

pub const TEXT_MAX: usize = 40;

/// 不能 needs a reason and only 不能 has one; その他 needs its text (≤ 40, CP932).
pub fn check(
    result: Option<Outcome>,
    reason: Option<FailReason>,
    text: Option<&str>,
) -> Result<(Option<FailReason>, Option<String>), RuleError> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    match (result, reason) {
        (Some(Outcome::Failed), None) => return Err(RuleError::Required(Field::ResultReason)),
        (Some(Outcome::Deducted) | None, Some(_)) => {
            return Err(RuleError::Format {
                field: Field::ResultReason,
                rule: "結果が不能のときのみ",
            });
        }
        _ => {}
    }
    if reason == Some(FailReason::Other) && text.is_none() {
        return Err(RuleError::Required(Field::ResultText));
    }
    if let Some(t) = text {
        if reason.is_none() {
            return Err(RuleError::Format {
                field: Field::ResultText,
                rule: "結果が不能のときのみ",
            });
        }
        if t.chars().count() > TEXT_MAX {
            return Err(RuleError::Format {
                field: Field::ResultText,
                rule: "40文字以内",
            });
        }
        if let Some(ch) = t.chars().find(|&c| !is_printable_in_cp932(c)) {
            return Err(RuleError::Character {
                field: Field::ResultText,
                ch,
            });
        }
    }
    Ok((reason, text.map(str::to_owned)))
}

/// A run line as result matching sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunLineKey<'a> {
    pub line_no: i32,
    pub employee_no: &'a str,
    pub item_code: &'a str,
}

fn problem(line: usize, column: Option<usize>, item: Option<&str>, reason: String) -> RowProblem {
    RowProblem {
        line,
        column,
        item: item.map(str::to_owned),
        reason,
    }
}

/// The screen's results (`line` of a problem = its 行番号).
pub fn plan_screen(
    keys: &[RunLineKey<'_>],
    inputs: &[ResultInput],
) -> Result<Vec<LineResult>, Vec<RowProblem>> {
    let known: HashSet<i32> = keys.iter().map(|k| k.line_no).collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for i in inputs {
        let line = usize::try_from(i.line_no).unwrap_or(0);
        if !known.contains(&i.line_no) {
            problems.push(problem(
                line,
                None,
                None,
                format!("行番号（{}）はこの控除依頼にありません。", i.line_no),
            ));
            continue;
        }
        if !seen.insert(i.line_no) {
            problems.push(problem(
                line,
                None,
                None,
                "同じ明細の結果が2回指定されています。".into(),
            ));
            continue;
        }
        match check(i.result, i.result_reason, i.result_text.as_deref()) {
            Ok((reason, text)) => out.push(LineResult {
                line_no: i.line_no,
                result: i.result,
                reason,
                text,
            }),
            Err(e) => problems.push(problem(line, None, Some(e.field().label()), e.to_string())),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Payroll's 控除結果データ header (`docs/ledger.md` §6.4).
pub const RESULT_HEADER: [&str; 5] = [
    "職員番号",
    "種目コード",
    "結果",
    "不能理由",
    "不能理由（その他）",
];

fn outcome(cell: &str) -> Result<Outcome, RuleError> {
    match cell {
        "済" | "0" => Ok(Outcome::Deducted),
        "不能" | "1" => Ok(Outcome::Failed),
        "" => Err(RuleError::Required(Field::Outcome)),
        _ => Err(RuleError::Format {
            field: Field::Outcome,
            rule: "済・不能（または0・1）",
        }),
    }
}

fn reason(cell: &str) -> Result<Option<FailReason>, RuleError> {
    if cell.is_empty() {
        return Ok(None);
    }
    FailReason::ALL
        .iter()
        .copied()
        .find(|r| r.label() == cell || r.code() == cell)
        .map(Some)
        .ok_or(RuleError::Format {
            field: Field::ResultReason,
            rule: "退職・休職・給与不足・その他（または1～4）",
        })
}

/// Payroll's file, rows in [`RESULT_HEADER`] order. Each row names a run line by 職員番号 +
/// 種目コード; every problem of every row is listed (column numbers from 1).
pub fn plan_file(
    keys: &[RunLineKey<'_>],
    rows: &[ImportRow],
) -> Result<Vec<LineResult>, Vec<RowProblem>> {
    let by_key: HashMap<(&str, &str), i32> = keys
        .iter()
        .map(|k| ((k.employee_no, k.item_code), k.line_no))
        .collect();
    let mut first_row: HashMap<i32, usize> = HashMap::new();
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for row in rows {
        let cell = |i: usize| row.cells.get(i).map_or("", |s| s.trim());
        let at = |col: usize, e: &RuleError| {
            problem(
                row.line,
                Some(col + 1),
                Some(RESULT_HEADER[col]),
                e.to_string(),
            )
        };
        let Some(&line_no) = by_key.get(&(cell(0), cell(1))) else {
            problems.push(problem(
                row.line,
                None,
                None,
                format!(
                    "職員番号（{}）・種目コード（{}）の明細はこの控除依頼にありません。",
                    cell(0),
                    cell(1)
                ),
            ));
            continue;
        };
        if let Some(first) = first_row.insert(line_no, row.line) {
            problems.push(problem(
                row.line,
                None,
                None,
                format!("{first}行目と同じ明細です。"),
            ));
            continue;
        }
        let result = outcome(cell(2)).map_err(|e| problems.push(at(2, &e))).ok();
        let why = reason(cell(3)).map_err(|e| problems.push(at(3, &e))).ok();
        let (Some(result), Some(why)) = (result, why) else {
            continue;
        };
        let text = Some(cell(4)).filter(|t| !t.is_empty());
        match check(Some(result), why, text) {
            Ok((reason, text)) => out.push(LineResult {
                line_no,
                result: Some(result),
                reason,
                text,
            }),
            Err(e) => {
                let col = if e.field() == Field::ResultText { 4 } else { 3 };
                problems.push(at(col, &e));
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Vec<RunLineKey<'static>> {
        vec![
            RunLineKey {
                line_no: 1,
                employee_no: "0001",
                item_code: "101",
            },
            RunLineKey {
                line_no: 2,
                employee_no: "0001",
                item_code: "201",
            },
            RunLineKey {
                line_no: 3,
                employee_no: "0002",
                item_code: "101",
            },
        ]
    }

    fn row(line: usize, cells: [&str; 5]) -> ImportRow {
        ImportRow {
            line,
            cells: cells.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn a_failure_needs_a_reason_and_その他_its_text() {
        assert_eq!(
            check(Some(Outcome::Failed), None, None),
            Err(RuleError::Required(Field::ResultReason))
        );
        assert!(check(Some(Outcome::Deducted), Some(FailReason::Leave), None).is_err());
        assert_eq!(
            check(Some(Outcome::Failed), Some(FailReason::Other), Some("  ")),
            Err(RuleError::Required(Field::ResultText))
        );
        assert_eq!(
            check(
                Some(Outcome::Failed),
                Some(FailReason::Other),
                Some("育児休業")
            ),
            Ok((Some(FailReason::Other), Some("育児休業".into())))
        );
        assert!(
            check(
                Some(Outcome::Failed),
                Some(FailReason::Other),
                Some(&"あ".repeat(41))
            )
            .is_err()
        );
        assert_eq!(check(None, None, None), Ok((None, None)), "clearing");
        assert_eq!(
            FailReason::Other.display(Some("育児休業")),
            "その他（育児休業）"
        );
    }

    #[test]
    fn the_screen_names_lines_outside_the_run_and_repeats() {
        let input = |line_no, result| ResultInput {
            line_no,
            result,
            result_reason: None,
            result_text: None,
        };
        let ok = plan_screen(
            &keys(),
            &[input(1, Some(Outcome::Deducted)), input(3, None)],
        )
        .expect("valid");
        assert_eq!(ok.len(), 2);
        let bad = plan_screen(
            &keys(),
            &[
                input(9, Some(Outcome::Deducted)),
                input(1, Some(Outcome::Deducted)),
                input(1, None),
                input(2, Some(Outcome::Failed)),
            ],
        )
        .expect_err("bad");
        let lines: Vec<_> = bad.iter().map(|p| p.line).collect();
        assert_eq!(lines, [9, 1, 2]);
    }

    #[test]
    fn payrolls_file_matches_by_employee_and_item_and_lists_every_problem() {
        let rows = [
            row(2, ["0001", "101", "済", "", ""]),
            row(3, ["0001", "201", "不能", "給与不足", ""]),
            row(4, ["0002", "101", "1", "4", "育休"]),
        ];
        let got = plan_file(&keys(), &rows).expect("valid");
        assert_eq!(got[1].reason, Some(FailReason::InsufficientPay));
        assert_eq!(got[2].reason, Some(FailReason::Other));
        assert_eq!(got[2].text.as_deref(), Some("育休"));

        let rows = [
            row(2, ["0009", "101", "済", "", ""]),
            row(3, ["0001", "101", "済", "", ""]),
            row(4, ["0001", "101", "済", "", ""]),
            row(5, ["0001", "201", "不能", "", ""]),
            row(6, ["0002", "101", "?", "病気", ""]),
        ];
        let bad = plan_file(&keys(), &rows).expect_err("bad");
        let at: Vec<_> = bad.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(
            at,
            [
                (2, None),
                (4, None),
                (5, Some(4)),
                (6, Some(3)),
                (6, Some(4))
            ]
        );
        assert!(bad[1].reason.contains("3行目"));
    }
}

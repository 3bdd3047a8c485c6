//! 結果データ: the bank's answer per request line (済 / 不能 with a reason, the account holder's
//! kana), matched to the cycle's lines, and カナ氏名不一致 after normalisation.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::snapshot::{LineError, Movement};
use crate::kana::names_differ;
use crate::session::named_enum;

/// 結果.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 済
    Done,
    /// 不能
    Failed,
}

named_enum!(Outcome {
    Done => "done", "済";
    Failed => "failed", "不能";
});

/// 不能理由 (the bank's code in the result file).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailReason {
    NoAccount,
    AccountClosed,
    NameMismatch,
    Stopped,
    Ended,
    Other,
}

named_enum!(FailReason {
    NoAccount => "no_account", "口座なし";
    AccountClosed => "account_closed", "口座解約済";
    NameMismatch => "name_mismatch", "名義相違";
    Stopped => "stopped", "入金中止";
    Ended => "ended", "取引終了";
    Other => "other", "その他";
});

impl FailReason {
    /// The code in the bank's file.
    pub fn code(self) -> &'static str {
        match self {
            FailReason::NoAccount => "01",
            FailReason::AccountClosed => "02",
            FailReason::NameMismatch => "03",
            FailReason::Stopped => "04",
            FailReason::Ended => "05",
            FailReason::Other => "99",
        }
    }

    pub fn from_code(code: &str) -> Option<FailReason> {
        FailReason::ALL.iter().copied().find(|r| r.code() == code)
    }
}

/// A request line as result matching sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineKey<'a> {
    pub line_no: i32,
    pub employee_no: &'a str,
    pub product_code: &'a str,
    pub branch_no: &'a str,
    pub account_no: &'a str,
    pub kana_name: &'a str,
    pub movement: Movement,
    pub error: Option<LineError>,
}

/// One record of the result file, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRecord {
    /// 行番号, when the file gives it.
    pub line_no: Option<i32>,
    pub employee_no: String,
    pub product_code: String,
    pub branch_no: String,
    pub account_no: String,
    pub outcome: Outcome,
    pub reason: Option<FailReason>,
    pub reason_text: Option<String>,
    /// 金庫カナ氏名, already in the bank's set.
    pub bank_kana: Option<String>,
}

/// What is written on the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineResult {
    pub line_no: i32,
    pub outcome: Outcome,
    pub reason: Option<FailReason>,
    pub reason_text: Option<String>,
    pub bank_kana: Option<String>,
    /// `None` when the bank gave no kana.
    pub kana_mismatch: Option<bool>,
}

/// Why a record of the result file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResultProblem {
    /// No line of the cycle has this 行番号, or these 職員番号・取引・店番・口座番号.
    NoSuchLine,
    /// The 行番号 exists but names another member or account.
    KeyMismatch,
    /// Several lines carry the same 職員番号・取引・店番・口座番号 and no 行番号 was given.
    Ambiguous,
    /// A 解除 or error line was not requested, so it has no result.
    NotRequested,
    /// The same line again; `first` is the index of the record that named it first.
    Twice { first: usize },
    /// 不能 without a 不能理由コード.
    ReasonMissing,
    /// 済 with a 不能理由.
    ReasonOnDone,
}

impl fmt::Display for ResultProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResultProblem::NoSuchLine => f.write_str("該当する控除依頼明細がありません"),
            ResultProblem::KeyMismatch => {
                f.write_str("行番号と職員番号・取引コード・店番・口座番号が一致しません")
            }
            ResultProblem::Ambiguous => {
                f.write_str("同じ職員番号・取引コード・店番・口座番号の明細が複数あります。行番号を指定してください")
            }
            ResultProblem::NotRequested => f.write_str("解除またはエラーの明細には結果を設定できません"),
            ResultProblem::Twice { first } => write!(f, "{}件目のデータと同じ明細です", first + 1),
            ResultProblem::ReasonMissing => f.write_str("不能の場合は不能理由コードを指定してください"),
            ResultProblem::ReasonOnDone => f.write_str("済の場合は不能理由コードを指定できません"),
        }
    }
}

/// Matches every record to one line of the cycle: by 行番号 when given (the keys must agree),
/// else by 職員番号・取引・店番・口座番号. All or nothing: any problem, and every problem is
/// returned with the index of its record.
pub fn match_results(
    lines: &[LineKey<'_>],
    records: &[ResultRecord],
) -> Result<Vec<LineResult>, Vec<(usize, ResultProblem)>> {
    let by_no: HashMap<i32, &LineKey<'_>> = lines.iter().map(|l| (l.line_no, l)).collect();
    let mut by_key: HashMap<(&str, &str, &str, &str), Vec<&LineKey<'_>>> = HashMap::new();
    for l in lines {
        by_key
            .entry((l.employee_no, l.product_code, l.branch_no, l.account_no))
            .or_default()
            .push(l);
    }
    let mut taken: HashMap<i32, usize> = HashMap::new();
    let mut problems = Vec::new();
    let mut out = Vec::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        let key = (
            r.employee_no.as_str(),
            r.product_code.as_str(),
            r.branch_no.as_str(),
            r.account_no.as_str(),
        );
        let line = match r.line_no {
            Some(no) => match by_no.get(&no) {
                None => Err(ResultProblem::NoSuchLine),
                Some(l) if (l.employee_no, l.product_code, l.branch_no, l.account_no) != key => {
                    Err(ResultProblem::KeyMismatch)
                }
                Some(l) => Ok(*l),
            },
            None => match by_key.get(&key).map(Vec::as_slice) {
                None | Some([]) => Err(ResultProblem::NoSuchLine),
                Some([l]) => Ok(*l),
                Some(many) => {
                    // Only one of them can have been requested: that one is meant.
                    let requested: Vec<_> = many
                        .iter()
                        .filter(|l| l.movement != Movement::Cancelled && l.error.is_none())
                        .collect();
                    match requested.as_slice() {
                        [l] => Ok(**l),
                        _ => Err(ResultProblem::Ambiguous),
                    }
                }
            },
        };
        let checked = line.and_then(|l| {
            if l.movement == Movement::Cancelled || l.error.is_some() {
                return Err(ResultProblem::NotRequested);
            }
            match (r.outcome, r.reason) {
                (Outcome::Failed, None) => return Err(ResultProblem::ReasonMissing),
                (Outcome::Done, Some(_)) => return Err(ResultProblem::ReasonOnDone),
                _ => {}
            }
            if let Some(first) = taken.insert(l.line_no, i) {
                taken.insert(l.line_no, first);
                return Err(ResultProblem::Twice { first });
            }
            Ok(l)
        });
        match checked {
            Ok(l) => out.push(LineResult {
                line_no: l.line_no,
                outcome: r.outcome,
                reason: r.reason,
                reason_text: r.reason_text.clone(),
                bank_kana: r.bank_kana.clone(),
                kana_mismatch: r.bank_kana.as_deref().map(|b| names_differ(l.kana_name, b)),
            }),
            Err(p) => problems.push((i, p)),
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

    fn line(no: i32, emp: &'static str, account: &'static str) -> LineKey<'static> {
        LineKey {
            line_no: no,
            employee_no: emp,
            product_code: "01",
            branch_no: "123",
            account_no: account,
            kana_name: "ﾛｳｷﾝ ﾀﾛｳ",
            movement: Movement::Continued,
            error: None,
        }
    }

    fn record(no: Option<i32>, emp: &str, account: &str, outcome: Outcome) -> ResultRecord {
        ResultRecord {
            line_no: no,
            employee_no: emp.into(),
            product_code: "01".into(),
            branch_no: "123".into(),
            account_no: account.into(),
            outcome,
            reason: (outcome == Outcome::Failed).then_some(FailReason::AccountClosed),
            reason_text: None,
            bank_kana: Some("ﾛｳｷﾝ  ﾀﾛｳ".into()),
        }
    }

    #[test]
    fn results_match_by_line_number_or_by_account() {
        let lines = [line(1, "1", "1111111"), line(2, "2", "2222222")];
        let got = match_results(
            &lines,
            &[
                record(Some(1), "1", "1111111", Outcome::Done),
                record(None, "2", "2222222", Outcome::Failed),
            ],
        )
        .expect("matched");
        assert_eq!(got[0].line_no, 1);
        assert_eq!(got[1].line_no, 2);
        assert_eq!(got[1].reason, Some(FailReason::AccountClosed));
    }

    #[test]
    fn the_kana_is_compared_after_normalisation() {
        let lines = [line(1, "1", "1111111")];
        let mut same = record(Some(1), "1", "1111111", Outcome::Done);
        same.bank_kana = Some("ロウキン　タロウ".into());
        assert_eq!(
            match_results(&lines, &[same]).expect("ok")[0].kana_mismatch,
            Some(false)
        );
        let mut other = record(Some(1), "1", "1111111", Outcome::Done);
        other.bank_kana = Some("ﾛｳｷﾝ ｼﾞﾛｳ".into());
        assert_eq!(
            match_results(&lines, &[other]).expect("ok")[0].kana_mismatch,
            Some(true)
        );
        let mut none = record(Some(1), "1", "1111111", Outcome::Done);
        none.bank_kana = None;
        assert_eq!(
            match_results(&lines, &[none]).expect("ok")[0].kana_mismatch,
            None
        );
    }

    #[test]
    fn every_bad_record_is_named_and_nothing_is_matched() {
        let mut cancelled = line(3, "3", "3333333");
        cancelled.movement = Movement::Cancelled;
        let lines = [line(1, "1", "1111111"), line(2, "2", "2222222"), cancelled];
        let mut no_reason = record(Some(2), "2", "2222222", Outcome::Failed);
        no_reason.reason = None;
        let problems = match_results(
            &lines,
            &[
                record(Some(1), "1", "1111111", Outcome::Done),
                record(Some(1), "1", "1111111", Outcome::Done),
                record(Some(9), "9", "9999999", Outcome::Done),
                record(Some(2), "1", "1111111", Outcome::Done),
                no_reason,
                record(None, "3", "3333333", Outcome::Done),
            ],
        )
        .expect_err("bad file");
        assert_eq!(
            problems,
            vec![
                (1, ResultProblem::Twice { first: 0 }),
                (2, ResultProblem::NoSuchLine),
                (3, ResultProblem::KeyMismatch),
                (4, ResultProblem::ReasonMissing),
                (5, ResultProblem::NotRequested),
            ]
        );
        assert_eq!(problems[0].1.to_string(), "1件目のデータと同じ明細です");
    }

    #[test]
    fn a_reason_code_reads_back_from_the_banks_file() {
        assert_eq!(FailReason::from_code("02"), Some(FailReason::AccountClosed));
        assert_eq!(FailReason::from_code("99"), Some(FailReason::Other));
        assert_eq!(FailReason::from_code("00"), None);
    }
}

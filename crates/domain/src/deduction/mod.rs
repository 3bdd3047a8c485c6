//! 労金控除事務: the detail and its rules, the commands that change it, the cycle's request
//! lines (締切 snapshot), 入金中止 and the まとめ入金 state machine, and result matching.
//! Layouts and operations: `docs/deduction.md`.

pub mod commands;
pub mod config;
pub mod detail;
pub mod lump;
pub mod results;
pub mod snapshot;

use std::fmt;

use chrono::NaiveDate;

use crate::rules::RuleError;

pub use commands::{
    Action, Change, Gate, InputWindow, input_window, plan_add, plan_cancel, plan_change,
};
pub use config::{DeductionConfig, Product};
pub use detail::{
    AccountNo, Amounts, BranchNo, Detail, DetailField, DetailFields, DetailInput, DetailState,
    EmployeeNo, FieldChange, KanjiName, ProductCode, Source, YearMonth,
};
pub use lump::{
    AccountKind, LumpState, RunFacts, Stop, StopReason, plan_confirm, plan_stop, plan_take,
    plan_undo,
};
pub use results::{FailReason, Outcome};
pub use snapshot::{LineError, LineList, Movement, RequestLine, RunOrigin};

/// Why a 労金控除 operation is refused. The API maps each to its code
/// (`cjs_api_types::deduction::refusal_code`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// An input rule (E1001 / E1002 / E1009).
    Rule(RuleError),
    /// 月例・夏季・年末 all 0 (E1019).
    NoAmount,
    /// The group has no 明細更新: 労金控除 is view-only (E2303).
    ReadOnly,
    /// No cycle 入力中, or one past its 締切日 still waiting for its request data (E1011).
    ClosedForInput,
    /// The row changed since it was read (E1010).
    Stale,
    /// The detail is 解除 (E1012).
    Cancelled,
    /// The まとめ入金 is 確定 (E1013).
    Confirmed,
    /// Before the 支給日 (E1014).
    BeforePayday(NaiveDate),
    /// The bank has taken the まとめ入金 (E1015).
    Taken,
    /// 入金中止 on a 解除 or error line (E1016).
    NotStoppable,
    /// No 入金先 registered for the group (E1017).
    NoPayee,
    /// The cycle has no request data yet (E1018).
    NoRun,
    /// 確定の解除 / 金庫受付 of a まとめ入金 not 確定 (E1020).
    NotConfirmed,
}

impl From<RuleError> for Refusal {
    fn from(e: RuleError) -> Self {
        Refusal::Rule(e)
    }
}

impl fmt::Display for Refusal {
    /// The clerk's wording (the operator CLI prints it; the API uses the catalogue's).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Rule(e) => write!(f, "{e}"),
            Refusal::NoAmount => {
                f.write_str("月例・夏季・年末の金額のいずれかを入力してください。")
            }
            Refusal::ReadOnly => f.write_str("この機能は閲覧のみご利用いただけます。"),
            Refusal::ClosedForInput => f.write_str("締切日を過ぎているため変更できません。"),
            Refusal::Stale => f.write_str(
                "他のユーザーによって更新されています。再度検索してから操作してください。",
            ),
            Refusal::Cancelled => f.write_str("解除済の明細は変更できません。"),
            Refusal::Confirmed => f.write_str("まとめ入金は確定済です。"),
            Refusal::BeforePayday(d) => {
                write!(
                    f,
                    "支給日（{}）以降に操作してください。",
                    d.format("%Y/%m/%d")
                )
            }
            Refusal::Taken => f.write_str("金庫が受付済のため、まとめ入金を変更できません。"),
            Refusal::NotStoppable => {
                f.write_str("解除またはエラーの明細には入金中止を設定できません。")
            }
            Refusal::NoPayee => f.write_str("まとめ入金の入金先口座が登録されていません。"),
            Refusal::NoRun => f.write_str("この控除年月の控除依頼データはまだ作成されていません。"),
            Refusal::NotConfirmed => f.write_str("まとめ入金は確定されていません。"),
        }
    }
}

impl std::error::Error for Refusal {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::str::FromStr;

    fn check<T>(all: &[T])
    where
        T: Copy + Serialize + FromStr<Err = String> + fmt::Display + PartialEq + fmt::Debug,
    {
        for v in all {
            let json = serde_json::to_string(v).expect("json");
            assert_eq!(json, format!("\"{v}\""));
            assert_eq!(v.to_string().parse::<T>(), Ok(*v));
        }
        assert!("bogus".parse::<T>().is_err());
    }

    #[test]
    fn stored_names_match_serde_and_parse_back_and_unknown_names_fail() {
        check(DetailState::ALL);
        check(Source::ALL);
        check(DetailField::ALL);
        check(Action::ALL);
        check(LumpState::ALL);
        check(StopReason::ALL);
        check(AccountKind::ALL);
        check(Movement::ALL);
        check(LineList::ALL);
        check(RunOrigin::ALL);
        check(LineError::ALL);
        check(Outcome::ALL);
        check(FailReason::ALL);
    }

    #[test]
    fn every_refusal_reads_in_japanese() {
        let d = NaiveDate::from_ymd_opt(2024, 6, 25).expect("date");
        assert_eq!(
            Refusal::BeforePayday(d).to_string(),
            "支給日（2024/06/25）以降に操作してください。"
        );
        assert!(Refusal::Stale.to_string().contains("他のユーザー"));
    }
}

//! 賃控元帳事務: the union's own ledger of wage deductions. Items (種目), ledger lines with the
//! 適用月 rule and their history, the commands that change them (one at a time, 一括更新, import),
//! a cycle's 控除依頼 (snapshot, 異動分, 相違), results, and the 労金控除賃控元帳依頼 that puts the
//! bank's request lines and the ledger's side by side. Layouts and operations: `docs/ledger.md`.

pub mod bulk;
pub mod combined;
pub mod commands;
pub mod import;
pub mod item;
pub mod line;
pub mod results;
pub mod run;

use std::fmt;

use crate::rules::{Field, RuleError};

pub use bulk::{AmountEdit, BulkChange, BulkPlan, BulkProblem, BulkRequest, BulkSpec, EditMode};
pub use combined::{CombinedRow, CombinedTotals, DeductionRow, EmployeeBlock, RowSource};
pub use commands::{Change, Operation, added, changed, plan_add, plan_cancel, plan_change};
pub use import::{HEADER, ImportPlan, ImportRow, RowProblem};
pub use item::{
    Item, ItemCode, ItemFields, ItemInput, ItemKind, ItemName, ItemUsage, plan_item_change,
    plan_item_delete,
};
pub use line::{FieldChange, Line, LineField, LineFields, LineInput, LineState};
pub use results::{FailReason, LineResult, Outcome, RESULT_HEADER, ResultInput, RunLineKey};
pub use run::{Mismatch, MismatchKind, Movement, MovementRow, Person, RunLine, RunList};

/// Why a 賃控元帳 operation is refused. The API maps each to its code
/// (`cjs_api_types::ledger::refusal_code`); `Display` is the clerk's wording (the CLI and the
/// import problem lists print it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// An input rule (E1001 / E1002 / E1009).
    Rule(RuleError),
    /// 月例・夏季・年末 all 0 (E1019).
    NoAmount,
    /// The row changed since it was read (E1010).
    Stale,
    /// The line is 解除 (E1012).
    Cancelled,
    /// The 種目コード, or an 有効 line of the 職員番号 and 種目, exists already (E1003, naming it).
    AlreadyRegistered(&'static str),
    /// 種目 delete while lines use it (E1030).
    ItemInUse(i64),
    /// An amount for an occasion the item does not have (E1031): the item's name and the field.
    AmountNotAllowed { item: String, field: Field },
    /// 月例 / 賞与 switched off while 有効 lines carry such amounts (E1032).
    FlagInUse { flag: &'static str, count: i64 },
    /// An item with neither 月例 nor 賞与 (E1033).
    NoOccasion,
    /// The cycle has no 控除依頼 yet (E1034).
    NoRun,
    /// Results are recorded: the run is not made again (E1035).
    ResultsRecorded,
    /// The run exists and `replace` was not asked (E1036).
    RunExists,
    /// No line gives an amount for the cycle (E1037).
    NothingToRequest,
    /// A file with this many problems (E1038); nothing written.
    FileProblems(usize),
    /// 一括更新 with this many lines that cannot take it (E1039).
    BulkProblems(usize),
    /// The lines of a 一括更新 changed since the preview (E1040).
    BulkChanged,
    /// No such 種目コード in the group (E1041).
    UnknownItem(String),
    /// 一括更新 that changes no line (E1042).
    NothingToUpdate,
    /// A 職員番号 equal to a registered one as a number but with other digits (E1043).
    DigitCount { given: String, registered: String },
}

impl Refusal {
    /// The form field (or import column) the refusal belongs beside, if any.
    pub fn field(&self) -> Option<Field> {
        match self {
            Refusal::Rule(e) => Some(e.field()),
            Refusal::NoAmount => Some(Field::AmountMonthly),
            Refusal::AmountNotAllowed { field, .. } => Some(*field),
            Refusal::UnknownItem(_) => Some(Field::ItemCode),
            Refusal::DigitCount { .. } | Refusal::AlreadyRegistered(_) => Some(Field::EmployeeNo),
            _ => None,
        }
    }
}

impl From<RuleError> for Refusal {
    fn from(e: RuleError) -> Self {
        Refusal::Rule(e)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Rule(e) => write!(f, "{e}"),
            Refusal::NoAmount => {
                f.write_str("月例・夏季・年末の金額のいずれかを入力してください。")
            }
            Refusal::Stale => f.write_str(
                "他のユーザーによって更新されています。再度検索してから操作してください。",
            ),
            Refusal::Cancelled => f.write_str("解除済の明細は変更できません。"),
            Refusal::AlreadyRegistered(what) => write!(f, "入力された{what}はすでに登録済です。"),
            Refusal::ItemInUse(n) => write!(
                f,
                "この種目は{n}件の明細で使用されているため削除できません。"
            ),
            Refusal::AmountNotAllowed { item, field } => {
                write!(f, "種目「{item}」には{}を設定できません。", field.label())
            }
            Refusal::FlagInUse { flag, count } => write!(
                f,
                "{count}件の明細に{flag}が設定されているため、この種目の{flag}をなしにできません。"
            ),
            Refusal::NoOccasion => f.write_str("月例・賞与のいずれかを選択してください。"),
            Refusal::NoRun => {
                f.write_str("この控除年月の賃控元帳控除依頼データはまだ作成されていません。")
            }
            Refusal::ResultsRecorded => f.write_str(
                "控除結果が登録されているため、控除依頼データを作成し直すことはできません。",
            ),
            Refusal::RunExists => {
                f.write_str("この控除年月の賃控元帳控除依頼データはすでに作成済です。")
            }
            Refusal::NothingToRequest => f.write_str("控除依頼の対象となる明細がありません。"),
            Refusal::FileProblems(n) => write!(
                f,
                "ファイルにエラーがあります（{n}件）。エラーを修正してから再度取り込んでください。"
            ),
            Refusal::BulkProblems(n) => write!(f, "一括更新できない明細があります（{n}件）。"),
            Refusal::BulkChanged => f.write_str(
                "一括更新の対象が確認後に変更されています。再度確認してから更新してください。",
            ),
            Refusal::UnknownItem(code) => write!(f, "種目コード（{code}）は登録されていません。"),
            Refusal::NothingToUpdate => f.write_str("一括更新の対象となる明細がありません。"),
            Refusal::DigitCount { given, registered } => write!(
                f,
                "職員番号（{given}）は登録済の職員番号（{registered}）と桁数が異なります。"
            ),
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
        check(ItemKind::ALL);
        check(LineField::ALL);
        check(Operation::ALL);
        check(Movement::ALL);
        check(MismatchKind::ALL);
        check(Outcome::ALL);
        check(FailReason::ALL);
        check(RowSource::ALL);
        check(EditMode::ALL);
        check(RunList::ALL);
    }

    #[test]
    fn every_refusal_reads_in_japanese_with_its_figures() {
        assert_eq!(
            Refusal::ItemInUse(12).to_string(),
            "この種目は12件の明細で使用されているため削除できません。"
        );
        assert_eq!(
            Refusal::AmountNotAllowed {
                item: "組合費".into(),
                field: Field::AmountSummer
            }
            .to_string(),
            "種目「組合費」には夏季金額を設定できません。"
        );
        assert_eq!(
            Refusal::DigitCount {
                given: "12345".into(),
                registered: "0012345".into()
            }
            .to_string(),
            "職員番号（12345）は登録済の職員番号（0012345）と桁数が異なります。"
        );
        assert_eq!(
            Refusal::AlreadyRegistered("種目コード").to_string(),
            "入力された種目コードはすでに登録済です。"
        );
        assert_eq!(
            Refusal::UnknownItem("999".into()).field(),
            Some(Field::ItemCode)
        );
    }
}

//! 財形積立明細: one employee's line of a cycle (per 財形種類), the amount rules of each document,
//! and the 変更明細 of a 預入依頼書.

use serde::{Deserialize, Serialize};

use super::DocumentKind;
use crate::changes::{self, Change, Comparable, YenRange};
use crate::deduction::{AccountNo, BranchNo, EmployeeNo, KanjiName};
use crate::kana::KanaName;
use crate::rules::{Field, RuleError};
use crate::session::named_enum;

/// 財形種類, in the order the lists print them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SavingsKind {
    /// 一般財形
    General,
    /// 財形住宅
    Housing,
    /// 財形年金
    Pension,
}

named_enum!(SavingsKind {
    General => "general", "一般";
    Housing => "housing", "住宅";
    Pension => "pension", "年金";
});

impl SavingsKind {
    pub const RULE: &'static str = "一般・住宅・年金（または1・2・3）のいずれか";

    pub fn parse(s: &str) -> Option<SavingsKind> {
        SavingsKind::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    /// As the bank's file writes it: 一般 / 住宅 / 年金, or 1 / 2 / 3.
    pub fn parse_label(s: &str) -> Result<SavingsKind, RuleError> {
        match s.trim() {
            "" => Err(RuleError::Required(Field::SavingsKind)),
            "一般" | "1" => Ok(SavingsKind::General),
            "住宅" | "2" => Ok(SavingsKind::Housing),
            "年金" | "3" => Ok(SavingsKind::Pension),
            _ => Err(RuleError::Format {
                field: Field::SavingsKind,
                rule: Self::RULE,
            }),
        }
    }
}

/// One line of a cycle. `amount` is 預入金額 / 残高 / 積立金額 and `incentive` 奨励金 / 0 / 奨励金額,
/// by document (`AmountColumns`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub employee_no: EmployeeNo,
    pub kana_name: KanaName,
    pub kanji_name: Option<KanjiName>,
    pub kind: SavingsKind,
    pub branch_no: BranchNo,
    pub account_no: AccountNo,
    pub amount: i64,
    pub incentive: i64,
}

impl Comparable for Line {
    type Key = (EmployeeNo, SavingsKind);
    fn key(&self) -> (EmployeeNo, SavingsKind) {
        (self.employee_no.clone(), self.kind)
    }
    fn account(&self) -> (&BranchNo, &AccountNo) {
        (&self.branch_no, &self.account_no)
    }
    fn amounts(&self) -> Vec<i64> {
        vec![self.amount, self.incentive]
    }
}

/// What the two amount columns of a document are and their bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmountColumns {
    pub amount: (Field, &'static str, YenRange),
    /// `None`: the document has no second amount (加入者残高一覧表; stored as 0).
    pub incentive: Option<(Field, &'static str, YenRange)>,
}

impl AmountColumns {
    pub fn of(kind: DocumentKind) -> AmountColumns {
        match kind {
            DocumentKind::Deposit => AmountColumns {
                amount: (Field::DepositAmount, "預入金額", YenRange::ANY),
                incentive: Some((Field::Incentive, "奨励金", YenRange::ANY)),
            },
            DocumentKind::Balance => AmountColumns {
                amount: (Field::Balance, "残高", YenRange::BALANCE),
                incentive: None,
            },
            DocumentKind::Incentive => AmountColumns {
                amount: (Field::SavingsAmount, "積立金額", YenRange::ANY),
                incentive: Some((Field::Incentive, "奨励金額", YenRange::POSITIVE)),
            },
        }
    }
}

/// The rule across a line's amounts: a 預入依頼書 line deposits something (預入金額 + 奨励金 > 0).
pub fn check_line(kind: DocumentKind, line: &Line) -> Result<(), RuleError> {
    if kind == DocumentKind::Deposit && line.amount + line.incentive <= 0 {
        return Err(RuleError::Format {
            field: Field::DepositAmount,
            rule: "1円以上（奨励金との合計）",
        });
    }
    if kind == DocumentKind::Balance && line.incentive != 0 {
        return Err(RuleError::Format {
            field: Field::Incentive,
            rule: "加入者残高一覧表では0",
        });
    }
    Ok(())
}

/// The 財形積立変更明細 of a 預入依頼書 cycle against the previous cycle of the same document,
/// matched by 職員番号 + 財形種類; 金額変更 when 預入金額 or 奨励金 differ.
pub fn changes(previous: &[Line], current: &[Line]) -> Vec<Change<Line>> {
    changes::derive(previous, current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::ChangeKind;

    fn line(no: &str, kind: SavingsKind, account: &str, amount: i64, incentive: i64) -> Line {
        Line {
            employee_no: EmployeeNo::parse(no).expect("no"),
            kana_name: KanaName::parse("ｻﾞｲｹｲ ﾊﾅｺ").expect("kana"),
            kanji_name: None,
            kind,
            branch_no: BranchNo::parse("201").expect("branch"),
            account_no: AccountNo::parse(account).expect("account"),
            amount,
            incentive,
        }
    }

    #[test]
    fn kinds_read_from_labels_or_digits_in_list_order() {
        assert_eq!(SavingsKind::parse_label("一般"), Ok(SavingsKind::General));
        assert_eq!(SavingsKind::parse_label("2"), Ok(SavingsKind::Housing));
        assert_eq!(SavingsKind::parse_label(" 年金 "), Ok(SavingsKind::Pension));
        assert_eq!(
            SavingsKind::parse_label(""),
            Err(RuleError::Required(Field::SavingsKind))
        );
        assert!(SavingsKind::parse_label("4").is_err());
        assert!(SavingsKind::General < SavingsKind::Housing);
        assert!(SavingsKind::Housing < SavingsKind::Pension);
        for k in SavingsKind::ALL {
            assert_eq!(SavingsKind::parse(k.as_str()), Some(*k));
        }
    }

    #[test]
    fn the_same_employee_in_two_kinds_is_two_lines_and_an_incentive_change_is_an_amount_change() {
        use SavingsKind::*;
        let previous = [
            line("0001", General, "1000001", 10_000, 500),
            line("0001", Housing, "1000002", 20_000, 0),
            line("0002", Pension, "1000003", 5_000, 0),
        ];
        let current = [
            line("0001", General, "1000001", 10_000, 600),
            line("0001", Housing, "1000002", 20_000, 0),
            line("0001", Pension, "1000004", 3_000, 0),
            line("0002", Pension, "1000005", 5_000, 0),
        ];
        let c = changes(&previous, &current);
        let got: Vec<(ChangeKind, String, SavingsKind)> = c
            .iter()
            .map(|c| {
                let (no, kind) = c.key();
                (c.kind, no.as_str().to_owned(), kind)
            })
            .collect();
        assert_eq!(
            got,
            [
                (ChangeKind::New, "0001".to_owned(), Pension),
                (ChangeKind::Account, "0002".to_owned(), Pension),
                (ChangeKind::Amount, "0001".to_owned(), General),
            ]
        );
    }

    #[test]
    fn each_document_bounds_its_amounts() {
        let deposit = AmountColumns::of(DocumentKind::Deposit);
        assert_eq!(deposit.amount.1, "預入金額");
        assert_eq!(deposit.amount.2.parse(deposit.amount.0, "0"), Ok(0));
        let balance = AmountColumns::of(DocumentKind::Balance);
        assert!(balance.incentive.is_none());
        assert_eq!(
            balance.amount.2.parse(balance.amount.0, "12,345,678,901"),
            Ok(12_345_678_901)
        );
        let incentive = AmountColumns::of(DocumentKind::Incentive);
        let (field, _, range) = incentive.incentive.expect("奨励金額");
        assert!(
            range.parse(field, "0").is_err(),
            "an incentive of 0 is no line"
        );

        let nothing = line("0001", SavingsKind::General, "1000001", 0, 0);
        assert!(check_line(DocumentKind::Deposit, &nothing).is_err());
        assert!(check_line(DocumentKind::Balance, &nothing).is_ok());
        let only_incentive = line("0001", SavingsKind::General, "1000001", 0, 1);
        assert!(check_line(DocumentKind::Deposit, &only_incentive).is_ok());
        assert!(check_line(DocumentKind::Balance, &only_incentive).is_err());
    }
}

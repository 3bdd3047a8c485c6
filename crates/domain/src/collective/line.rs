//! 一斉積立内訳明細: one member's line of a run, and the 変更明細 of a run against the previous one.

use crate::changes::{self, Change, Comparable, YenRange};
use crate::deduction::{AccountNo, BranchNo, EmployeeNo, KanjiName};
use crate::kana::KanaName;

/// 積立金額: 1 – 99,999,999 円 (a member saving nothing is not in the run).
pub const AMOUNT: YenRange = YenRange::POSITIVE;

/// One member of a run (職員番号 unique in the run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub employee_no: EmployeeNo,
    pub kana_name: KanaName,
    pub kanji_name: Option<KanjiName>,
    pub branch_no: BranchNo,
    pub account_no: AccountNo,
    pub amount: i64,
}

impl Comparable for Line {
    type Key = EmployeeNo;
    fn key(&self) -> EmployeeNo {
        self.employee_no.clone()
    }
    fn account(&self) -> (&BranchNo, &AccountNo) {
        (&self.branch_no, &self.account_no)
    }
    fn amounts(&self) -> Vec<i64> {
        vec![self.amount]
    }
}

/// The 変更明細 of a run against its previous run (`[]` when it has none), matched by 職員番号.
pub fn changes(previous: &[Line], current: &[Line]) -> Vec<Change<Line>> {
    changes::derive(previous, current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::ChangeKind;

    fn line(no: &str, account: &str, amount: i64) -> Line {
        Line {
            employee_no: EmployeeNo::parse(no).expect("no"),
            kana_name: KanaName::parse("ﾛｳｷﾝ ﾀﾛｳ").expect("kana"),
            kanji_name: None,
            branch_no: BranchNo::parse("123").expect("branch"),
            account_no: AccountNo::parse(account).expect("account"),
            amount,
        }
    }

    #[test]
    fn a_run_against_the_previous_one_lists_new_gone_amount_and_account_changes() {
        let previous = [
            line("1001", "0000001", 5000),
            line("1002", "0000002", 5000),
            line("1003", "0000003", 5000),
            line("1004", "0000004", 5000),
        ];
        let current = [
            line("1001", "0000001", 5000),
            line("1002", "0000002", 6000),
            line("1003", "0000033", 5000),
            line("1005", "0000005", 3000),
        ];
        let c = changes(&previous, &current);
        let got: Vec<(ChangeKind, String)> = c
            .iter()
            .map(|c| (c.kind, c.key().as_str().to_owned()))
            .collect();
        let want: Vec<(ChangeKind, String)> = [
            (ChangeKind::New, "1005"),
            (ChangeKind::Account, "1003"),
            (ChangeKind::Amount, "1002"),
            (ChangeKind::Gone, "1004"),
        ]
        .into_iter()
        .map(|(k, s)| (k, s.to_owned()))
        .collect();
        assert_eq!(got, want);
        assert_eq!(c[2].before.as_ref().map(|l| l.amount), Some(5000));
        assert_eq!(c[2].after.as_ref().map(|l| l.amount), Some(6000));
    }

    #[test]
    fn the_amount_rule_refuses_zero_and_nine_digits() {
        use crate::rules::Field;
        assert_eq!(AMOUNT.parse(Field::SavingsAmount, "1"), Ok(1));
        assert!(AMOUNT.parse(Field::SavingsAmount, "0").is_err());
        assert!(AMOUNT.parse(Field::SavingsAmount, "100,000,000").is_err());
    }
}

//! 変更明細: what changed between two data sets the bank sent (一斉積立: a run against the previous
//! run; 財形 預入依頼書: a cycle against the previous cycle of the same document). Shared by
//! `collective` and `zaikei`; layouts in `docs/collective.md` §3 and `docs/zaikei.md` §3.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::deduction::{AccountNo, BranchNo};
use crate::session::named_enum;

/// 変更区分, in the order the lists print them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// 新規: only in the new data (or there is no previous data).
    New,
    /// 口座変更: 店番 or 口座番号 differ (whatever the amounts).
    Account,
    /// 金額変更: same account, an amount differs.
    Amount,
    /// 解約: only in the previous data.
    Gone,
}

named_enum!(ChangeKind {
    New => "new", "新規";
    Account => "account", "口座変更";
    Amount => "amount", "金額変更";
    Gone => "gone", "解約";
});

impl ChangeKind {
    pub fn parse(s: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

/// A line that can be compared with the same member's line of another data set.
pub trait Comparable {
    /// Who the line belongs to (一斉積立: 職員番号; 財形: 職員番号 + 財形種類). Unique in a set.
    type Key: Ord + Clone;
    fn key(&self) -> Self::Key;
    fn account(&self) -> (&BranchNo, &AccountNo);
    /// Every amount whose difference is a 金額変更 (一斉積立: 積立金額; 預入依頼書: 預入金額 and 奨励金).
    fn amounts(&self) -> Vec<i64>;
}

/// One 変更明細 row: the line before (`None` on 新規) and after (`None` on 解約).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<L> {
    pub kind: ChangeKind,
    pub before: Option<L>,
    pub after: Option<L>,
}

impl<L: Comparable> Change<L> {
    pub fn key(&self) -> L::Key {
        match (&self.after, &self.before) {
            (Some(l), _) | (None, Some(l)) => l.key(),
            (None, None) => unreachable!("a change has a side"),
        }
    }
}

/// The 変更明細 of `current` against `previous` (`[]` when there is none: every line 新規),
/// ordered by 変更区分 (新規, 口座変更, 金額変更, 解約) then key. Lines in both with the same account
/// and amounts are not listed; names are not compared. Keys are unique in each set (the loaders
/// refuse a duplicate); should one repeat, the last line of that key counts.
pub fn derive<L: Comparable + Clone>(previous: &[L], current: &[L]) -> Vec<Change<L>> {
    let before: BTreeMap<L::Key, &L> = previous.iter().map(|l| (l.key(), l)).collect();
    let after: BTreeMap<L::Key, &L> = current.iter().map(|l| (l.key(), l)).collect();
    let mut out: Vec<(ChangeKind, L::Key, Change<L>)> = Vec::new();
    for (key, now) in &after {
        let kind = match before.get(key) {
            None => Some(ChangeKind::New),
            Some(was) if was.account() != now.account() => Some(ChangeKind::Account),
            Some(was) if was.amounts() != now.amounts() => Some(ChangeKind::Amount),
            Some(_) => None,
        };
        if let Some(kind) = kind {
            out.push((
                kind,
                key.clone(),
                Change {
                    kind,
                    before: before.get(key).map(|l| (*l).clone()),
                    after: Some((*now).clone()),
                },
            ));
        }
    }
    for (key, was) in &before {
        if !after.contains_key(key) {
            out.push((
                ChangeKind::Gone,
                key.clone(),
                Change {
                    kind: ChangeKind::Gone,
                    before: Some((*was).clone()),
                    after: None,
                },
            ));
        }
    }
    out.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    out.into_iter().map(|(_, _, c)| c).collect()
}

/// How many rows of each 変更区分, in list order (0 included).
pub fn count_by_kind<L>(changes: &[Change<L>]) -> [(ChangeKind, usize); 4] {
    ChangeKind::ALL
        .iter()
        .map(|k| (*k, changes.iter().filter(|c| c.kind == *k).count()))
        .collect::<Vec<_>>()
        .try_into()
        .unwrap_or_else(|_| unreachable!("four kinds"))
}

/// Lines in key order (stable), after `duplicates` found none.
pub fn in_key_order<L: Comparable>(mut lines: Vec<L>) -> Vec<L> {
    lines.sort_by_key(|l| l.key());
    lines
}

/// The file lines (as given with each line) of every line whose key an earlier line already had.
pub fn duplicates<L: Comparable>(lines: &[(usize, L)]) -> Vec<usize> {
    let mut seen = std::collections::BTreeSet::new();
    lines
        .iter()
        .filter(|(_, l)| !seen.insert(l.key()))
        .map(|(at, _)| *at)
        .collect()
}

/// A bound for the amounts of the bank's savings files, with the wording of its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YenRange {
    pub min: i64,
    pub max: i64,
    pub rule: &'static str,
}

impl YenRange {
    /// 1 – 99,999,999 (一斉積立 積立金額, 奨励金 奨励金額).
    pub const POSITIVE: YenRange = YenRange {
        min: 1,
        max: 99_999_999,
        rule: "1～99,999,999の半角数字（円）",
    };
    /// 0 – 99,999,999 (預入金額, 奨励金 on a 預入依頼書, 積立金額 on a 奨励金).
    pub const ANY: YenRange = YenRange {
        min: 0,
        max: 99_999_999,
        rule: "0～99,999,999の半角数字（円）",
    };
    /// 0 – 99,999,999,999 (加入者残高一覧表 残高).
    pub const BALANCE: YenRange = YenRange {
        min: 0,
        max: 99_999_999_999,
        rule: "0～99,999,999,999の半角数字（円）",
    };

    /// Half-width digits, `,` separators allowed (`12,000`), within the range.
    pub fn parse(
        self,
        field: crate::rules::Field,
        s: &str,
    ) -> Result<i64, crate::rules::RuleError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(crate::rules::RuleError::Required(field));
        }
        let plain: String = s.chars().filter(|c| *c != ',').collect();
        let bad = crate::rules::RuleError::Format {
            field,
            rule: self.rule,
        };
        if plain.is_empty() || plain.len() > 12 || !plain.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad);
        }
        match plain.parse::<i64>() {
            Ok(v) if (self.min..=self.max).contains(&v) => Ok(v),
            _ => Err(bad),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Eq)]
    struct L {
        no: &'static str,
        branch: BranchNo,
        account: AccountNo,
        amount: i64,
        name: &'static str,
    }

    impl Comparable for L {
        type Key = &'static str;
        fn key(&self) -> &'static str {
            self.no
        }
        fn account(&self) -> (&BranchNo, &AccountNo) {
            (&self.branch, &self.account)
        }
        fn amounts(&self) -> Vec<i64> {
            vec![self.amount]
        }
    }

    fn l(no: &'static str, branch: &str, account: &str, amount: i64) -> L {
        L {
            no,
            branch: BranchNo::parse(branch).expect("branch"),
            account: AccountNo::parse(account).expect("account"),
            amount,
            name: "ﾛｳｷﾝ",
        }
    }

    fn kinds(c: &[Change<L>]) -> Vec<(ChangeKind, &'static str)> {
        c.iter().map(|c| (c.kind, c.key())).collect()
    }

    #[test]
    fn without_a_previous_set_every_line_is_new_in_key_order() {
        let now = [
            l("0002", "100", "0000002", 1000),
            l("0001", "100", "0000001", 500),
        ];
        let c = derive(&[], &now);
        assert_eq!(
            kinds(&c),
            [(ChangeKind::New, "0001"), (ChangeKind::New, "0002")]
        );
        assert_eq!(c[0].before, None);
        assert_eq!(c[0].after.as_ref().map(|l| l.amount), Some(500));
    }

    #[test]
    fn new_gone_amount_and_account_at_their_edges() {
        let was = [
            l("0001", "100", "0000001", 1000), // unchanged
            l("0002", "100", "0000002", 1000), // amount changed by 1 yen
            l("0003", "100", "0000003", 1000), // branch changed, amount too
            l("0004", "100", "0000004", 1000), // gone
            l("0005", "100", "0000005", 1000), // account number changed only
        ];
        let now = [
            l("0001", "100", "0000001", 1000),
            l("0002", "100", "0000002", 1001),
            l("0003", "200", "0000003", 2000),
            l("0005", "100", "0000050", 1000),
            l("0006", "100", "0000006", 1), // new
        ];
        let c = derive(&was, &now);
        assert_eq!(
            kinds(&c),
            [
                (ChangeKind::New, "0006"),
                (ChangeKind::Account, "0003"),
                (ChangeKind::Account, "0005"),
                (ChangeKind::Amount, "0002"),
                (ChangeKind::Gone, "0004"),
            ]
        );
        let gone = &c[4];
        assert_eq!(gone.after, None);
        assert_eq!(gone.before.as_ref().map(|l| l.amount), Some(1000));
        let account = &c[1];
        assert_eq!(
            account.before.as_ref().map(|l| l.branch.as_str()),
            Some("100")
        );
        assert_eq!(
            account.after.as_ref().map(|l| l.branch.as_str()),
            Some("200")
        );
        assert_eq!(
            count_by_kind(&c),
            [
                (ChangeKind::New, 1),
                (ChangeKind::Account, 2),
                (ChangeKind::Amount, 1),
                (ChangeKind::Gone, 1)
            ]
        );
    }

    #[test]
    fn a_name_change_alone_is_no_change_and_an_empty_run_makes_everyone_gone() {
        let was = [l("0001", "100", "0000001", 1000)];
        let mut renamed = was[0].clone();
        renamed.name = "ﾛｳｷﾝ ﾀﾛｳ";
        assert!(derive(&was, &[renamed]).is_empty());
        assert_eq!(kinds(&derive(&was, &[])), [(ChangeKind::Gone, "0001")]);
        assert_eq!(
            count_by_kind::<L>(&[]),
            [
                (ChangeKind::New, 0),
                (ChangeKind::Account, 0),
                (ChangeKind::Amount, 0),
                (ChangeKind::Gone, 0)
            ]
        );
    }

    #[test]
    fn change_kinds_read_back_and_carry_the_list_labels() {
        for k in ChangeKind::ALL {
            assert_eq!(ChangeKind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(ChangeKind::Gone.label(), "解約");
        assert_eq!(ChangeKind::parse("changed"), None);
    }

    #[test]
    fn duplicates_name_the_second_line_and_order_is_by_key() {
        let lines = vec![
            (2, l("0002", "100", "0000002", 1)),
            (3, l("0001", "100", "0000001", 1)),
            (4, l("0002", "100", "0000009", 1)),
        ];
        assert_eq!(duplicates(&lines), [4]);
        let ordered = in_key_order(lines.into_iter().map(|(_, l)| l).collect());
        assert_eq!(
            ordered.iter().map(|l| l.no).collect::<Vec<_>>(),
            ["0001", "0002", "0002"]
        );
    }

    #[test]
    fn yen_ranges_take_separators_and_refuse_out_of_bounds() {
        use crate::rules::{Field, RuleError};
        let f = Field::SavingsAmount;
        assert_eq!(YenRange::POSITIVE.parse(f, "12,000"), Ok(12_000));
        assert_eq!(YenRange::POSITIVE.parse(f, "99999999"), Ok(99_999_999));
        assert!(matches!(
            YenRange::POSITIVE.parse(f, "0"),
            Err(RuleError::Format { .. })
        ));
        assert!(YenRange::POSITIVE.parse(f, "100000000").is_err());
        assert_eq!(YenRange::ANY.parse(f, "0"), Ok(0));
        assert_eq!(
            YenRange::POSITIVE.parse(f, " "),
            Err(RuleError::Required(f))
        );
        assert!(YenRange::ANY.parse(f, "-1").is_err());
        assert!(YenRange::ANY.parse(f, "1.5").is_err());
        assert!(YenRange::ANY.parse(f, ",").is_err());
        assert_eq!(
            YenRange::BALANCE.parse(Field::Balance, "99,999,999,999"),
            Ok(99_999_999_999)
        );
        assert!(
            YenRange::BALANCE
                .parse(Field::Balance, "100000000000")
                .is_err()
        );
    }
}

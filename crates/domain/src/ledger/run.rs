//! A cycle's 控除依頼: the lines the ledger gives for the cycle (the snapshot the run keeps, and
//! the live 確認リスト), 異動分 against the previous run, and the カナ氏名・職員番号桁数相違 against
//! the 労金控除 data.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::item::{Item, ItemCode, ItemKind};
use super::line::Line;
use crate::deduction::detail::{EmployeeNo, KanjiName, YearMonth};
use crate::kana::{KanaName, names_differ};
use crate::schedule::Occasion;
use crate::session::named_enum;

/// One line of a cycle's 控除依頼 (what the run stores; the live lists use the same shape).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunLine {
    /// 1…n in 職員番号, 種目表示順, 種目コード order.
    pub line_no: i32,
    /// The ledger line it came from.
    pub line_id: Option<String>,
    pub employee_no: EmployeeNo,
    pub kana_name: KanaName,
    pub kanji_name: KanjiName,
    pub item_code: ItemCode,
    pub item_name: String,
    pub item_kind: ItemKind,
    pub item_order: i32,
    /// > 0.
    pub amount: i64,
}

/// The lines that give an amount > 0 for `occasion` in `month` (有効, in period, the 適用月 rule,
/// and only occasions the item has), numbered in list order. Lines of an unknown item are skipped.
pub fn derive(
    lines: &[Line],
    items: &[Item],
    occasion: Occasion,
    month: YearMonth,
) -> Vec<RunLine> {
    let by_id: HashMap<&str, &Item> = items.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut out: Vec<RunLine> = lines
        .iter()
        .filter_map(|l| {
            let item = by_id.get(l.fields.item_id.as_str())?;
            if !item.fields.allows(occasion) {
                return None;
            }
            let amount = l.amount(occasion, month);
            (amount > 0).then(|| RunLine {
                line_no: 0,
                line_id: Some(l.id.clone()),
                employee_no: l.fields.employee_no.clone(),
                kana_name: l.fields.kana_name.clone(),
                kanji_name: l.fields.kanji_name.clone(),
                item_code: item.fields.code.clone(),
                item_name: item.fields.name.to_string(),
                item_kind: item.fields.kind,
                item_order: item.fields.display_order,
                amount,
            })
        })
        .collect();
    sort(&mut out);
    for (n, l) in out.iter_mut().enumerate() {
        l.line_no = i32::try_from(n + 1).unwrap_or(i32::MAX);
    }
    out
}

/// The lists' order: 職員番号, 種目表示順, 種目コード.
pub fn sort(lines: &mut [RunLine]) {
    lines.sort_by(|a, b| {
        (a.employee_no.as_str(), a.item_order, a.item_code.as_str()).cmp(&(
            b.employee_no.as_str(),
            b.item_order,
            b.item_code.as_str(),
        ))
    });
}

/// Which run lines a list or page shows (query `list=`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunList {
    /// Every line (控除依頼リスト, 控除結果リスト).
    All,
    /// 結果 済.
    Deducted,
    /// 結果 不能 (控除不能リスト).
    Failed,
    /// No result yet.
    Unrecorded,
}

named_enum!(RunList {
    All => "all", "全件";
    Deducted => "deducted", "済";
    Failed => "failed", "不能";
    Unrecorded => "unrecorded", "未登録";
});

/// 異動区分 of the 賃控元帳異動分リスト.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", schema(as = LedgerMovement))]
pub enum Movement {
    New,
    AmountChanged,
    Ended,
}

named_enum!(Movement {
    New => "new", "新規";
    AmountChanged => "amount_changed", "金額変更";
    Ended => "ended", "終了";
});

/// One row of the 異動分リスト.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovementRow {
    pub movement: Movement,
    pub employee_no: EmployeeNo,
    pub kana_name: KanaName,
    pub kanji_name: KanjiName,
    pub item_code: ItemCode,
    pub item_name: String,
    pub item_order: i32,
    /// `None` on 新規.
    pub previous: Option<i64>,
    /// 0 on 終了.
    pub current: i64,
}

impl MovementRow {
    /// 差額 = 今回 − 前回.
    pub fn difference(&self) -> i64 {
        self.current - self.previous.unwrap_or(0)
    }
}

/// The live lines against the previous run's (same 支給区分, earlier month), keyed by 職員番号 +
/// 種目コード; sorted 新規, 金額変更, 終了, then the lists' order. Unchanged lines are left out.
pub fn movements(live: &[RunLine], previous: &[RunLine]) -> Vec<MovementRow> {
    let key = |l: &RunLine| (l.employee_no.to_string(), l.item_code.to_string());
    let before: HashMap<(String, String), &RunLine> =
        previous.iter().map(|l| (key(l), l)).collect();
    let now: HashMap<(String, String), &RunLine> = live.iter().map(|l| (key(l), l)).collect();
    let row = |l: &RunLine, movement, previous, current| MovementRow {
        movement,
        employee_no: l.employee_no.clone(),
        kana_name: l.kana_name.clone(),
        kanji_name: l.kanji_name.clone(),
        item_code: l.item_code.clone(),
        item_name: l.item_name.clone(),
        item_order: l.item_order,
        previous,
        current,
    };
    let mut out: Vec<MovementRow> = Vec::new();
    for l in live {
        match before.get(&key(l)) {
            None => out.push(row(l, Movement::New, None, l.amount)),
            Some(p) if p.amount != l.amount => {
                out.push(row(l, Movement::AmountChanged, Some(p.amount), l.amount));
            }
            Some(_) => {}
        }
    }
    for p in previous {
        if !now.contains_key(&key(p)) {
            out.push(row(p, Movement::Ended, Some(p.amount), 0));
        }
    }
    out.sort_by(|a, b| {
        (
            a.movement,
            a.employee_no.as_str(),
            a.item_order,
            a.item_code.as_str(),
        )
            .cmp(&(
                b.movement,
                b.employee_no.as_str(),
                b.item_order,
                b.item_code.as_str(),
            ))
    });
    out
}

/// 相違区分.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MismatchKind {
    /// The same 職員番号 with another カナ氏名.
    Kana,
    /// 職員番号 equal as numbers, not as text (lost leading zeros).
    Digits,
}

named_enum!(MismatchKind {
    Kana => "kana", "カナ氏名相違";
    Digits => "digits", "職員番号桁数相違";
});

/// A person of the 労金控除 data (an 有効 detail), as the comparison sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Person {
    pub employee_no: String,
    pub kana_name: String,
}

/// One row of the 賃控元帳控除依頼カナ氏名・職員番号桁数相違リスト.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mismatch {
    pub employee_no: String,
    pub kind: MismatchKind,
    pub kana_name: String,
    pub kanji_name: String,
    pub deduction_employee_no: String,
    pub deduction_kana_name: String,
}

/// `0012345` → `12345`; all zeros → `0`.
pub fn numeric_key(employee_no: &str) -> &str {
    let t = employee_no.trim_start_matches('0');
    if t.is_empty() && !employee_no.is_empty() {
        "0"
    } else {
        t
    }
}

/// The run's people against the 労金控除 people: one row per distinct pair, sorted by the
/// ledger's 職員番号. A 職員番号 on one side only is not listed.
pub fn mismatches(run: &[RunLine], deduction: &[Person]) -> Vec<Mismatch> {
    let mut by_number: HashMap<&str, BTreeSet<&Person>> = HashMap::new();
    for p in deduction {
        by_number
            .entry(numeric_key(&p.employee_no))
            .or_default()
            .insert(p);
    }
    let mut out: BTreeSet<Mismatch> = BTreeSet::new();
    for l in run {
        let Some(people) = by_number.get(numeric_key(l.employee_no.as_str())) else {
            continue;
        };
        for p in people {
            let kind = if p.employee_no != l.employee_no.as_str() {
                MismatchKind::Digits
            } else if names_differ(l.kana_name.as_str(), &p.kana_name) {
                MismatchKind::Kana
            } else {
                continue;
            };
            out.insert(Mismatch {
                employee_no: l.employee_no.to_string(),
                kind,
                kana_name: l.kana_name.to_string(),
                kanji_name: l.kanji_name.to_string(),
                deduction_employee_no: p.employee_no.clone(),
                deduction_kana_name: p.kana_name.clone(),
            });
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deduction::detail::Amounts;
    use crate::ledger::line::LineState;
    use crate::ledger::line::tests::{input, items, line, m};

    fn ledger() -> Vec<Line> {
        let mut out = Vec::new();
        for (no, code, monthly, summer) in [
            ("0002", "301", 0, 8_000),
            ("0001", "201", 2_000, 5_000),
            ("0001", "101", 3_000, 0),
            ("0002", "101", 3_000, 0),
        ] {
            let mut i = input();
            i.employee_no = no.into();
            i.item_code = code.into();
            i.amount_monthly = monthly;
            i.amount_summer = summer;
            out.push(line(&i));
        }
        out
    }

    #[test]
    fn the_run_takes_lines_with_an_amount_for_the_cycle_in_list_order() {
        let run = derive(&ledger(), &items(), Occasion::Monthly, m(2024, 6));
        let keys: Vec<_> = run
            .iter()
            .map(|l| {
                (
                    l.line_no,
                    l.employee_no.as_str(),
                    l.item_code.as_str(),
                    l.amount,
                )
            })
            .collect();
        assert_eq!(
            keys,
            [
                (1, "0001", "101", 3_000),
                (2, "0001", "201", 2_000),
                (3, "0002", "101", 3_000),
            ]
        );
        let summer = derive(&ledger(), &items(), Occasion::Summer, m(2024, 6));
        assert_eq!(summer.len(), 2);
        assert_eq!(summer[1].item_kind, ItemKind::UnionDues);
    }

    #[test]
    fn the_run_applies_the_period_state_and_適用月() {
        let mut ls = ledger();
        ls[1].amounts_from = m(2024, 7);
        ls[1].prior = Some(Amounts {
            monthly: 1_000,
            summer: 0,
            year_end: 0,
        });
        ls[2].fields.end_month = Some(m(2024, 5));
        ls[3].state = LineState::Cancelled;
        let june = derive(&ls, &items(), Occasion::Monthly, m(2024, 6));
        assert_eq!(june.len(), 1);
        assert_eq!(june[0].amount, 1_000);
        let july = derive(&ls, &items(), Occasion::Monthly, m(2024, 7));
        assert_eq!(july[0].amount, 2_000);
        assert!(derive(&ls, &items(), Occasion::Monthly, m(2024, 3)).is_empty());
    }

    #[test]
    fn an_amount_for_an_occasion_the_item_lost_is_not_requested() {
        let mut its = items();
        its[1].fields.bonus = false;
        let summer = derive(&ledger(), &its, Occasion::Summer, m(2024, 6));
        assert_eq!(summer.len(), 1, "only 互助会費");
    }

    #[test]
    fn movements_are_new_changed_and_ended_against_the_previous_run() {
        let previous = derive(&ledger(), &items(), Occasion::Monthly, m(2024, 5));
        let mut ls = ledger();
        ls[1].fields.amounts.monthly = 2_500;
        ls[3].state = LineState::Cancelled;
        let mut extra = input();
        extra.employee_no = "0003".into();
        extra.item_code = "101".into();
        extra.amount_summer = 0;
        ls.push(line(&extra));
        let live = derive(&ls, &items(), Occasion::Monthly, m(2024, 6));
        let rows = movements(&live, &previous);
        let got: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.movement,
                    r.employee_no.as_str(),
                    r.previous,
                    r.current,
                    r.difference(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Movement::New, "0003", None, 2_000, 2_000),
                (Movement::AmountChanged, "0001", Some(2_000), 2_500, 500),
                (Movement::Ended, "0002", Some(3_000), 0, -3_000),
            ]
        );
        assert!(movements(&previous, &previous).is_empty());
        let first = movements(&previous, &[]);
        assert!(first.iter().all(|r| r.movement == Movement::New));
    }

    #[test]
    fn kana_and_digit_count_differences_are_found_once_per_pair() {
        let run = derive(&ledger(), &items(), Occasion::Monthly, m(2024, 6));
        let people = [
            Person {
                employee_no: "0001".into(),
                kana_name: "ﾛｳｷﾝ  ﾀﾛｳ".into(),
            },
            Person {
                employee_no: "2".into(),
                kana_name: "ﾛｳｷﾝ ﾀﾛｳ".into(),
            },
            Person {
                employee_no: "0002".into(),
                kana_name: "ﾍﾞﾂ ﾋﾄ".into(),
            },
            Person {
                employee_no: "9999".into(),
                kana_name: "ﾍﾞﾂ ﾋﾄ".into(),
            },
        ];
        let got: Vec<_> = mismatches(&run, &people)
            .into_iter()
            .map(|x| (x.employee_no, x.kind, x.deduction_employee_no))
            .collect();
        assert_eq!(
            got,
            [
                ("0002".to_owned(), MismatchKind::Kana, "0002".to_owned()),
                ("0002".to_owned(), MismatchKind::Digits, "2".to_owned()),
            ],
            "0001 differs only in spaces; 9999 is on one side only"
        );
    }

    #[test]
    fn the_numeric_key_drops_leading_zeros() {
        assert_eq!(numeric_key("0012345"), "12345");
        assert_eq!(numeric_key("12345"), "12345");
        assert_eq!(numeric_key("000"), "0");
    }
}

//! 賃控元帳明細一括更新: for one item, a new amount or a difference per occasion, for all or
//! filtered 有効 lines, from a month. The plan lists every affected line (before → after) and
//! every line that cannot take the change; it is applied only when there are none of the latter
//! and the lines are still those the clerk previewed (the fingerprint).

use serde::{Deserialize, Serialize};

use super::Refusal;
use super::commands::{Change, Operation, changed};
use super::item::{Item, ItemCode};
use super::line::{Line, LineState, set};
use crate::deduction::detail::{AMOUNT_MAX, AMOUNT_RULE, Amounts, EmployeeNo, YearMonth};
use crate::kana;
use crate::rules::{Field, RuleError};
use crate::schedule::Occasion;
use crate::session::named_enum;

/// How one occasion's amount changes.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditMode {
    /// 金額を指定: the new amount.
    Set,
    /// 差額を指定: added to the current amount (negative lowers it).
    Add,
}

named_enum!(EditMode {
    Set => "set", "金額";
    Add => "add", "差額";
});

/// One occasion's edit.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountEdit {
    pub mode: EditMode,
    /// 円 (`add`: may be negative).
    #[serde(deserialize_with = "crate::rules::whole::deserialize")]
    pub value: i64,
}

impl AmountEdit {
    fn apply(self, before: i64) -> i64 {
        match self.mode {
            EditMode::Set => self.value,
            EditMode::Add => before.saturating_add(self.value),
        }
    }
}

/// The 一括更新 form as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkRequest {
    /// 種目コード.
    pub item_code: String,
    /// 職員番号 from (inclusive, compared as text); omitted: no lower bound.
    #[serde(default)]
    pub employee_no_from: Option<String>,
    /// 職員番号 to (inclusive); omitted: no upper bound.
    #[serde(default)]
    pub employee_no_to: Option<String>,
    /// カナ氏名 (前方一致).
    #[serde(default)]
    pub kana_prefix: Option<String>,
    /// Only lines whose current amount of every edited occasion equals this (円).
    #[serde(default, deserialize_with = "crate::rules::whole::option::deserialize")]
    pub current_amount: Option<i64>,
    /// 月例金額の変更 (null: unchanged).
    #[serde(default)]
    pub monthly: Option<AmountEdit>,
    /// 夏季金額の変更.
    #[serde(default)]
    pub summer: Option<AmountEdit>,
    /// 年末金額の変更.
    #[serde(default)]
    pub year_end: Option<AmountEdit>,
    /// 適用月 `YYYY-MM`.
    pub amounts_from: String,
}

/// A checked 一括更新.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkSpec {
    pub item: Item,
    pub employee_no_from: Option<EmployeeNo>,
    pub employee_no_to: Option<EmployeeNo>,
    /// Normalised (`kana::normalise`), empty: no condition.
    pub kana_prefix: String,
    pub current_amount: Option<i64>,
    /// Per occasion in `Occasion::ALL` order.
    pub edits: [Option<AmountEdit>; 3],
    pub amounts_from: YearMonth,
}

const FIELDS: [Field; 3] = [
    Field::AmountMonthly,
    Field::AmountSummer,
    Field::AmountYearEnd,
];

fn optional(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl BulkSpec {
    pub fn parse(req: &BulkRequest, items: &[Item]) -> Result<Self, Refusal> {
        let code = ItemCode::parse(req.item_code.trim())?;
        let item = items
            .iter()
            .find(|i| i.fields.code == code)
            .ok_or_else(|| Refusal::UnknownItem(code.to_string()))?;
        let employee_no_from = optional(&req.employee_no_from)
            .map(EmployeeNo::parse)
            .transpose()?;
        let employee_no_to = optional(&req.employee_no_to)
            .map(EmployeeNo::parse)
            .transpose()?;
        let kana_prefix = kana::search_prefix(
            Field::KanaName,
            req.kana_prefix.as_deref().unwrap_or_default(),
        )?;
        let edits = [req.monthly, req.summer, req.year_end];
        if edits.iter().all(Option::is_none) {
            return Err(RuleError::Required(Field::BulkAmount).into());
        }
        for ((occasion, field), edit) in Occasion::ALL.into_iter().zip(FIELDS).zip(edits) {
            let Some(edit) = edit else { continue };
            let ok = match edit.mode {
                EditMode::Set => (0..=AMOUNT_MAX).contains(&edit.value),
                EditMode::Add => (-AMOUNT_MAX..=AMOUNT_MAX).contains(&edit.value),
            };
            if !ok {
                return Err(RuleError::Format {
                    field: Field::BulkAmount,
                    rule: "-99,999,999～99,999,999の半角数字（円）",
                }
                .into());
            }
            if !item.fields.allows(occasion) {
                return Err(Refusal::AmountNotAllowed {
                    item: item.fields.name.to_string(),
                    field,
                });
            }
        }
        if let Some(v) = req.current_amount
            && !(0..=AMOUNT_MAX).contains(&v)
        {
            return Err(RuleError::Format {
                field: Field::BulkAmount,
                rule: AMOUNT_RULE,
            }
            .into());
        }
        let amounts_from = YearMonth::parse_as(Field::AmountsFrom, req.amounts_from.trim())?;
        Ok(BulkSpec {
            item: item.clone(),
            employee_no_from,
            employee_no_to,
            kana_prefix,
            current_amount: req.current_amount,
            edits,
            amounts_from,
        })
    }

    /// Is the line one the 一括更新 is for: 有効, of the item, still running at the 適用月, and
    /// inside the filters?
    pub fn selects(&self, line: &Line) -> bool {
        let f = &line.fields;
        line.state == LineState::Active
            && f.item_id == self.item.id
            && f.end_month.is_none_or(|end| end >= self.amounts_from)
            && self
                .employee_no_from
                .as_ref()
                .is_none_or(|from| f.employee_no.as_str() >= from.as_str())
            && self
                .employee_no_to
                .as_ref()
                .is_none_or(|to| f.employee_no.as_str() <= to.as_str())
            && f.kana_name.as_str().starts_with(&self.kana_prefix)
            && self.current_amount.is_none_or(|v| {
                Occasion::ALL
                    .into_iter()
                    .zip(self.edits)
                    .filter(|(_, e)| e.is_some())
                    .all(|(o, _)| f.amounts.for_occasion(o) == v)
            })
    }
}

/// One line the 一括更新 changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkChange {
    pub line_id: String,
    pub before: Amounts,
    pub after: Amounts,
    pub change: Change,
}

/// One line that cannot take the change (the apply is refused while there are any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkProblem {
    pub line_id: String,
    pub employee_no: String,
    pub kana_name: String,
    pub reason: Refusal,
}

/// The preview: what would change, what cannot, and the fingerprint of the lines read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkPlan {
    pub changes: Vec<BulkChange>,
    pub problems: Vec<BulkProblem>,
    /// FNV-1a 64 (hex) of the selected lines' `id:version`, sorted by id.
    pub fingerprint: String,
}

impl BulkPlan {
    /// May the plan be applied for a preview that showed `fingerprint`?
    pub fn check(&self, fingerprint: &str) -> Result<(), Refusal> {
        if self.fingerprint != fingerprint {
            return Err(Refusal::BulkChanged);
        }
        if !self.problems.is_empty() {
            return Err(Refusal::BulkProblems(self.problems.len()));
        }
        if self.changes.is_empty() {
            return Err(Refusal::NothingToUpdate);
        }
        Ok(())
    }
}

/// FNV-1a, 64 bits: stable across builds and instances (unlike `DefaultHasher`).
fn fnv1a(parts: &[(&str, i32)]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (id, version) in parts {
        for b in id
            .bytes()
            .chain([b':'])
            .chain(version.to_string().bytes())
            .chain([b'\n'])
        {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The plan over `lines` (any lines of the group: the spec picks its own), in the order given.
pub fn plan(spec: &BulkSpec, lines: &[Line]) -> BulkPlan {
    let label = spec.item.fields.label();
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    let mut seen: Vec<(&str, i32)> = Vec::new();
    for line in lines.iter().filter(|l| spec.selects(l)) {
        seen.push((line.id.as_str(), line.version));
        let before = line.fields.amounts;
        let mut after = before;
        let mut problem = None;
        for ((occasion, field), edit) in Occasion::ALL.into_iter().zip(FIELDS).zip(spec.edits) {
            let Some(edit) = edit else { continue };
            let v = edit.apply(before.for_occasion(occasion));
            if !(0..=AMOUNT_MAX).contains(&v) {
                problem.get_or_insert(Refusal::Rule(RuleError::Format {
                    field,
                    rule: AMOUNT_RULE,
                }));
            }
            set(&mut after, occasion, v);
        }
        if problem.is_none() && after == Amounts::default() {
            problem = Some(Refusal::NoAmount);
        }
        if let Some(reason) = problem {
            problems.push(BulkProblem {
                line_id: line.id.clone(),
                employee_no: line.fields.employee_no.to_string(),
                kana_name: line.fields.kana_name.to_string(),
                reason,
            });
            continue;
        }
        if after == before {
            continue;
        }
        let mut fields = line.fields.clone();
        fields.amounts = after;
        changes.push(BulkChange {
            line_id: line.id.clone(),
            before,
            after,
            change: changed(line, fields, spec.amounts_from, Operation::Bulk, &label),
        });
    }
    seen.sort_unstable();
    BulkPlan {
        changes,
        problems,
        fingerprint: fnv1a(&seen),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::line::tests::{input, items, line, m};

    fn lines() -> Vec<Line> {
        let mut out = Vec::new();
        for (no, kana, monthly) in [
            ("0001", "ｱｵｷ ｲﾁﾛｳ", 2_000),
            ("0002", "ｲﾄｳ ｼﾞﾛｳ", 2_000),
            ("0003", "ｱｻﾉ ｻﾌﾞﾛｳ", 3_000),
        ] {
            let mut i = input();
            i.employee_no = no.into();
            i.kana_name = kana.into();
            i.amount_monthly = monthly;
            out.push(line(&i));
        }
        let mut other = input();
        other.employee_no = "0004".into();
        other.item_code = "101".into();
        other.amount_summer = 0;
        out.push(line(&other));
        out
    }

    fn req() -> BulkRequest {
        BulkRequest {
            item_code: "201".into(),
            monthly: Some(AmountEdit {
                mode: EditMode::Add,
                value: 500,
            }),
            amounts_from: "2024-07".into(),
            ..BulkRequest::default()
        }
    }

    #[test]
    fn a_difference_raises_every_line_of_the_item_from_the_month() {
        let spec = BulkSpec::parse(&req(), &items()).expect("valid");
        let p = plan(&spec, &lines());
        assert_eq!(p.changes.len(), 3, "the 組合費 line is another item");
        assert!(p.problems.is_empty());
        let first = &p.changes[0];
        assert_eq!((first.before.monthly, first.after.monthly), (2_000, 2_500));
        assert_eq!(first.change.amounts_from, m(2024, 7));
        assert_eq!(first.change.prior.map(|a| a.monthly), Some(2_000));
        assert_eq!(first.change.operation, Operation::Bulk);
        assert_eq!(first.change.version, 2);
        assert_eq!(p.check(&p.fingerprint), Ok(()));
    }

    #[test]
    fn filters_narrow_the_lines() {
        let mut r = req();
        r.kana_prefix = Some("ア".into());
        let spec = BulkSpec::parse(&r, &items()).expect("valid");
        let ids: Vec<_> = plan(&spec, &lines())
            .changes
            .into_iter()
            .map(|c| c.line_id)
            .collect();
        assert_eq!(ids, ["line-0001-201", "line-0003-201"]);
        let mut r = req();
        r.employee_no_from = Some("0002".into());
        r.employee_no_to = Some("0002".into());
        let spec = BulkSpec::parse(&r, &items()).expect("valid");
        assert_eq!(plan(&spec, &lines()).changes.len(), 1);
        let mut r = req();
        r.current_amount = Some(3_000);
        let spec = BulkSpec::parse(&r, &items()).expect("valid");
        assert_eq!(plan(&spec, &lines()).changes[0].line_id, "line-0003-201");
    }

    #[test]
    fn a_line_ended_before_the_month_or_cancelled_is_left_alone() {
        let mut ls = lines();
        ls[0].fields.end_month = Some(m(2024, 6));
        ls[1].state = LineState::Cancelled;
        ls[2].fields.end_month = Some(m(2024, 7));
        let spec = BulkSpec::parse(&req(), &items()).expect("valid");
        let p = plan(&spec, &ls);
        assert_eq!(p.changes.len(), 1);
        assert_eq!(p.changes[0].line_id, "line-0003-201");
    }

    #[test]
    fn a_result_below_0_or_all_zero_is_a_problem_and_blocks_the_apply() {
        let mut r = req();
        r.monthly = Some(AmountEdit {
            mode: EditMode::Add,
            value: -2_500,
        });
        let spec = BulkSpec::parse(&r, &items()).expect("valid");
        let p = plan(&spec, &lines());
        assert_eq!(p.problems.len(), 2, "0001 and 0002 would go below 0");
        assert_eq!(p.changes.len(), 1);
        assert_eq!(p.check(&p.fingerprint), Err(Refusal::BulkProblems(2)));
        r.monthly = Some(AmountEdit {
            mode: EditMode::Set,
            value: 0,
        });
        r.summer = Some(AmountEdit {
            mode: EditMode::Set,
            value: 0,
        });
        let spec = BulkSpec::parse(&r, &items()).expect("valid");
        let p = plan(&spec, &lines());
        assert!(p.problems.iter().all(|x| x.reason == Refusal::NoAmount));
        assert_eq!(p.problems.len(), 3);
    }

    #[test]
    fn setting_the_amount_a_line_has_changes_nothing_and_nothing_to_do_is_refused() {
        let mut r = req();
        r.monthly = Some(AmountEdit {
            mode: EditMode::Set,
            value: 2_000,
        });
        let spec = BulkSpec::parse(&r, &items()).expect("valid");
        let p = plan(&spec, &lines());
        assert_eq!(p.changes.len(), 1, "only 0003 (3,000) changes");
        r.current_amount = Some(2_000);
        let spec = BulkSpec::parse(&r, &items()).expect("valid");
        let p = plan(&spec, &lines());
        assert_eq!(p.check(&p.fingerprint), Err(Refusal::NothingToUpdate));
    }

    #[test]
    fn a_line_changed_after_the_preview_changes_the_fingerprint() {
        let spec = BulkSpec::parse(&req(), &items()).expect("valid");
        let before = plan(&spec, &lines());
        let mut ls = lines();
        ls[1].version = 2;
        let after = plan(&spec, &ls);
        assert_eq!(after.check(&before.fingerprint), Err(Refusal::BulkChanged));
        let mut reordered = lines();
        reordered.reverse();
        assert_eq!(plan(&spec, &reordered).fingerprint, before.fingerprint);
    }

    #[test]
    fn the_request_is_checked_before_any_line() {
        let mut r = req();
        r.item_code = "999".into();
        assert_eq!(
            BulkSpec::parse(&r, &items()),
            Err(Refusal::UnknownItem("999".into()))
        );
        let mut r = req();
        r.monthly = None;
        assert_eq!(
            BulkSpec::parse(&r, &items()),
            Err(Refusal::Rule(RuleError::Required(Field::BulkAmount)))
        );
        let mut r = req();
        r.item_code = "301".into();
        assert!(matches!(
            BulkSpec::parse(&r, &items()),
            Err(Refusal::AmountNotAllowed {
                field: Field::AmountMonthly,
                ..
            })
        ));
        let mut r = req();
        r.amounts_from = String::new();
        assert_eq!(
            BulkSpec::parse(&r, &items()),
            Err(Refusal::Rule(RuleError::Required(Field::AmountsFrom)))
        );
        let mut r = req();
        r.monthly = Some(AmountEdit {
            mode: EditMode::Set,
            value: AMOUNT_MAX + 1,
        });
        assert!(BulkSpec::parse(&r, &items()).is_err());
    }
}

//! 新規登録・変更・解除 of a ledger line (and the changes 一括更新 and import make): what the
//! change writes — the line as it will be, its 適用月 and prior amounts, and the history. The
//! store applies a `Change` with the version check in the same statement.

use serde::{Deserialize, Serialize};

use super::Refusal;
use super::item::Item;
use super::line::{
    FieldChange, Line, LineFields, LineInput, LineState, Snapshot, diff, shift_amounts,
};
use crate::deduction::detail::{Amounts, YearMonth};
use crate::rules::{Field, RuleError};
use crate::session::named_enum;

/// 処理: how a version came about (the history shows it).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    Add,
    Change,
    Cancel,
    Bulk,
    Import,
}

named_enum!(Operation {
    Add => "add", "新規登録";
    Change => "change", "変更";
    Cancel => "cancel", "解除";
    Bulk => "bulk", "一括更新";
    Import => "import", "インポート";
});

/// What to write: the line as it will be, at `version`, and the history of the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub operation: Operation,
    pub fields: LineFields,
    pub amounts_from: YearMonth,
    pub prior: Option<Amounts>,
    pub state: LineState,
    /// The version the change produces (1 for an addition). The store writes only where the row
    /// still has `version - 1`.
    pub version: i32,
    pub changes: Vec<FieldChange>,
}

fn item_of<'a>(items: &'a [Item], id: &str) -> Option<&'a Item> {
    items.iter().find(|i| i.id == id)
}

fn label(items: &[Item], id: &str) -> String {
    item_of(items, id).map_or_else(|| id.to_owned(), |i| i.fields.label())
}

/// A new line from parsed fields: its amounts apply from its 開始月.
pub fn added(fields: LineFields, item_label: &str, operation: Operation) -> Change {
    let amounts_from = fields.start_month;
    let changes = diff(
        None,
        Snapshot {
            fields: &fields,
            amounts_from,
            state: LineState::Active,
            item_label,
        },
    );
    Change {
        operation,
        fields,
        amounts_from,
        prior: None,
        state: LineState::Active,
        version: 1,
        changes,
    }
}

/// 新規登録.
pub fn plan_add(input: &LineInput, items: &[Item]) -> Result<Change, Refusal> {
    let fields = LineFields::parse(input, items)?;
    let item_label = label(items, &fields.item_id);
    Ok(added(fields, &item_label, Operation::Add))
}

/// The change of an 有効 line to `fields` (same 職員番号 and 種目), new amounts applying from
/// `from`. Used by 変更, 一括更新 and import once their own checks have passed.
pub fn changed(
    line: &Line,
    fields: LineFields,
    from: YearMonth,
    operation: Operation,
    item_label: &str,
) -> Change {
    let (amounts_from, prior) = shift_amounts(
        line.fields.amounts,
        line.amounts_from,
        line.prior,
        fields.amounts,
        from,
    );
    let changes = diff(
        Some(Snapshot {
            fields: &line.fields,
            amounts_from: line.amounts_from,
            state: line.state,
            item_label,
        }),
        Snapshot {
            fields: &fields,
            amounts_from,
            state: LineState::Active,
            item_label,
        },
    );
    Change {
        operation,
        fields,
        amounts_from,
        prior,
        state: LineState::Active,
        version: line.version + 1,
        changes,
    }
}

fn current(line: &Line, expected_version: i32) -> Result<(), Refusal> {
    if line.version != expected_version {
        return Err(Refusal::Stale);
    }
    if line.state == LineState::Cancelled {
        return Err(Refusal::Cancelled);
    }
    Ok(())
}

/// 変更. 職員番号 and 種目 stay (解除 and add a new line for another); a change of amounts needs
/// its 適用月. A form that changes nothing is still a version (the clerk pressed 更新).
pub fn plan_change(
    line: &Line,
    expected_version: i32,
    input: &LineInput,
    amounts_from: Option<YearMonth>,
    items: &[Item],
) -> Result<Change, Refusal> {
    current(line, expected_version)?;
    let fields = LineFields::parse(input, items)?;
    if fields.employee_no != line.fields.employee_no {
        return Err(RuleError::Format {
            field: Field::EmployeeNo,
            rule: "登録時の職員番号（変更不可）",
        }
        .into());
    }
    if fields.item_id != line.fields.item_id {
        return Err(RuleError::Format {
            field: Field::ItemCode,
            rule: "登録時の種目コード（変更不可）",
        }
        .into());
    }
    let from = match amounts_from {
        Some(m) => m,
        None if fields.amounts == line.fields.amounts => line.amounts_from,
        None => return Err(RuleError::Required(Field::AmountsFrom).into()),
    };
    let item_label = label(items, &fields.item_id);
    Ok(changed(line, fields, from, Operation::Change, &item_label))
}

/// 解除.
pub fn plan_cancel(line: &Line, expected_version: i32, items: &[Item]) -> Result<Change, Refusal> {
    current(line, expected_version)?;
    let item_label = label(items, &line.fields.item_id);
    let snap = |state| Snapshot {
        fields: &line.fields,
        amounts_from: line.amounts_from,
        state,
        item_label: &item_label,
    };
    let changes = diff(Some(snap(LineState::Active)), snap(LineState::Cancelled));
    Ok(Change {
        operation: Operation::Cancel,
        fields: line.fields.clone(),
        amounts_from: line.amounts_from,
        prior: line.prior,
        state: LineState::Cancelled,
        version: line.version + 1,
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::line::LineField;
    use crate::ledger::line::tests::{input, items, line, m};
    use crate::schedule::Occasion;

    #[test]
    fn an_addition_is_version_1_applying_from_its_start_month() {
        let c = plan_add(&input(), &items()).expect("valid");
        assert_eq!(c.operation, Operation::Add);
        assert_eq!(c.version, 1);
        assert_eq!(c.amounts_from, m(2024, 4));
        assert_eq!(c.prior, None);
        assert!(c.changes.iter().all(|ch| ch.before.is_none()));
    }

    #[test]
    fn a_stale_version_or_a_cancelled_line_is_refused() {
        let l = line(&input());
        assert_eq!(
            plan_change(&l, 2, &input(), None, &items()),
            Err(Refusal::Stale)
        );
        assert_eq!(plan_cancel(&l, 0, &items()), Err(Refusal::Stale));
        let mut gone = l.clone();
        gone.state = LineState::Cancelled;
        assert_eq!(
            plan_change(&gone, 1, &input(), None, &items()),
            Err(Refusal::Cancelled)
        );
        assert_eq!(plan_cancel(&gone, 1, &items()), Err(Refusal::Cancelled));
    }

    #[test]
    fn a_change_of_amounts_needs_its_適用月_and_keeps_the_old_ones_before_it() {
        let l = line(&input());
        let mut i = input();
        i.amount_monthly = 2_500;
        assert_eq!(
            plan_change(&l, 1, &i, None, &items()),
            Err(Refusal::Rule(RuleError::Required(Field::AmountsFrom)))
        );
        let c = plan_change(&l, 1, &i, Some(m(2024, 7)), &items()).expect("valid");
        assert_eq!(c.version, 2);
        assert_eq!(c.amounts_from, m(2024, 7));
        assert_eq!(c.prior.map(|p| p.monthly), Some(2_000));
        let after = Line {
            fields: c.fields.clone(),
            amounts_from: c.amounts_from,
            prior: c.prior,
            version: c.version,
            ..l
        };
        assert_eq!(after.amount(Occasion::Monthly, m(2024, 6)), 2_000);
        assert_eq!(after.amount(Occasion::Monthly, m(2024, 7)), 2_500);
        let named: Vec<_> = c.changes.iter().map(|ch| ch.field).collect();
        assert_eq!(named, [LineField::AmountMonthly, LineField::AmountsFrom]);
    }

    #[test]
    fn a_change_of_names_only_needs_no_適用月() {
        let l = line(&input());
        let mut i = input();
        i.kana_name = "ﾛｳｷﾝ ｲﾁﾛｳ".into();
        let c = plan_change(&l, 1, &i, None, &items()).expect("valid");
        assert_eq!(c.amounts_from, l.amounts_from);
        assert_eq!(c.changes.len(), 1);
        assert_eq!(c.changes[0].field, LineField::KanaName);
    }

    #[test]
    fn the_employee_number_and_the_item_stay_as_registered() {
        let l = line(&input());
        let mut i = input();
        i.employee_no = "12345".into();
        assert_eq!(
            plan_change(&l, 1, &i, None, &items()).map_err(|e| e.field()),
            Err(Some(Field::EmployeeNo))
        );
        let mut i = input();
        i.item_code = "101".into();
        i.amount_summer = 0;
        assert_eq!(
            plan_change(&l, 1, &i, None, &items()).map_err(|e| e.field()),
            Err(Some(Field::ItemCode))
        );
    }

    #[test]
    fn a_cancellation_records_the_state_change_only() {
        let c = plan_cancel(&line(&input()), 1, &items()).expect("valid");
        assert_eq!(c.state, LineState::Cancelled);
        assert_eq!(c.version, 2);
        assert_eq!(c.changes.len(), 1);
        assert_eq!(c.changes[0].before.as_deref(), Some("有効"));
        assert_eq!(c.changes[0].after.as_deref(), Some("解除"));
    }
}

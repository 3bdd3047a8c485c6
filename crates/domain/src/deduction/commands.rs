//! 追加登録・変更・解除 of a detail: who may, when, and what the change writes (the new row and
//! its history). The store applies a `Change` with the version check in the same transaction.

use chrono::{DateTime, Utc};

use super::detail::{Detail, DetailFields, DetailInput, DetailState, FieldChange, Source, diff};
use super::{DeductionConfig, Refusal};
use crate::calendar::jst;
use crate::schedule::{Cycle, InputState};
use crate::session::named_enum;

/// 処理: 追加 / 変更 / 解除.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Add,
    Change,
    Cancel,
}

named_enum!(Action {
    Add => "add", "追加";
    Change => "change", "変更";
    Cancel => "cancel", "解除";
});

/// Whether the details may be changed on the Web now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputWindow {
    /// A cycle is 入力中 (the earliest such 締切日) and no closed cycle waits for its request data.
    Open { deadline: chrono::NaiveDate },
    /// No cycle is 入力中.
    NoOpenCycle,
    /// A cycle's 締切日 has passed and its request data is not made yet (締切中): a change now
    /// could slip into a snapshot it was too late for.
    AwaitingRequest { month: chrono::NaiveDate },
}

/// The window over every cycle of the group (all occasions: one detail carries all three
/// amounts). A closed cycle counts as waiting until its request data arrives or its 支給日 passes.
pub fn input_window(cycles: &[Cycle], now: DateTime<Utc>) -> InputWindow {
    let today = jst(now).date_naive();
    if let Some(waiting) = cycles.iter().find(|c| {
        c.input_state(now) == InputState::Closed
            && c.request_received.is_none()
            && today <= c.payday
    }) {
        return InputWindow::AwaitingRequest {
            month: waiting.month,
        };
    }
    cycles
        .iter()
        .filter(|c| c.input_state(now) == InputState::Open)
        .map(|c| c.deadline)
        .min()
        .map_or(InputWindow::NoOpenCycle, |deadline| InputWindow::Open {
            deadline,
        })
}

/// Who changes: a user on the Web (needs 明細更新 and the window), or the bank at the counter
/// (the operator; neither applies, the bank's own change goes into the next cycle it makes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    pub source: Source,
    /// The payment group has 明細更新.
    pub detail_update: bool,
    pub window: InputWindow,
}

impl Gate {
    fn check(&self) -> Result<(), Refusal> {
        if self.source == Source::Counter {
            return Ok(());
        }
        if !self.detail_update {
            return Err(Refusal::ReadOnly);
        }
        match self.window {
            InputWindow::Open { .. } => Ok(()),
            InputWindow::NoOpenCycle | InputWindow::AwaitingRequest { .. } => {
                Err(Refusal::ClosedForInput)
            }
        }
    }
}

/// What to write: the detail as it will be, at `version`, and the history of the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub action: Action,
    pub fields: DetailFields,
    pub state: DetailState,
    pub source: Source,
    /// The version the change produces (1 for an addition). The store writes only where the
    /// row still has `version - 1`.
    pub version: i32,
    pub changes: Vec<FieldChange>,
}

/// 追加登録.
pub fn plan_add(
    gate: Gate,
    input: &DetailInput,
    config: &DeductionConfig,
) -> Result<Change, Refusal> {
    gate.check()?;
    let fields = DetailFields::parse(input, config)?;
    let changes = diff(None, (&fields, DetailState::Active), config);
    Ok(Change {
        action: Action::Add,
        fields,
        state: DetailState::Active,
        source: gate.source,
        version: 1,
        changes,
    })
}

fn current(current: &Detail, expected_version: i32) -> Result<(), Refusal> {
    if current.version != expected_version {
        return Err(Refusal::Stale);
    }
    if current.state == DetailState::Cancelled {
        return Err(Refusal::Cancelled);
    }
    Ok(())
}

/// 変更. A form that changes nothing is still a version (the clerk pressed 更新), with no items.
pub fn plan_change(
    gate: Gate,
    detail: &Detail,
    expected_version: i32,
    input: &DetailInput,
    config: &DeductionConfig,
) -> Result<Change, Refusal> {
    gate.check()?;
    current(detail, expected_version)?;
    let fields = DetailFields::parse(input, config)?;
    let changes = diff(
        Some((&detail.fields, detail.state)),
        (&fields, DetailState::Active),
        config,
    );
    Ok(Change {
        action: Action::Change,
        fields,
        state: DetailState::Active,
        source: gate.source,
        version: detail.version + 1,
        changes,
    })
}

/// 解除.
pub fn plan_cancel(
    gate: Gate,
    detail: &Detail,
    expected_version: i32,
    config: &DeductionConfig,
) -> Result<Change, Refusal> {
    gate.check()?;
    current(detail, expected_version)?;
    let changes = diff(
        Some((&detail.fields, detail.state)),
        (&detail.fields, DetailState::Cancelled),
        config,
    );
    Ok(Change {
        action: Action::Cancel,
        fields: detail.fields.clone(),
        state: DetailState::Cancelled,
        source: gate.source,
        version: detail.version + 1,
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::JST;
    use crate::deduction::detail::DetailField;
    use crate::rules::{Field, RuleError};
    use chrono::{NaiveDate, TimeZone};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).expect("date")
    }

    fn at(m: u32, day: u32, h: u32) -> DateTime<Utc> {
        JST.with_ymd_and_hms(2024, m, day, h, 0, 0)
            .single()
            .expect("time")
            .with_timezone(&Utc)
    }

    fn cycle(
        month: u32,
        deadline: NaiveDate,
        payday: NaiveDate,
        received: Option<NaiveDate>,
    ) -> Cycle {
        Cycle {
            month: d(month, 1),
            deadline,
            request_received: received,
            result_received: None,
            payday,
        }
    }

    fn open() -> Gate {
        Gate {
            source: Source::Web,
            detail_update: true,
            window: InputWindow::Open { deadline: d(6, 10) },
        }
    }

    fn input() -> DetailInput {
        DetailInput {
            employee_no: "0012345".into(),
            kana_name: "ロウキン タロウ".into(),
            kanji_name: "労金　太郎".into(),
            product_code: "01".into(),
            branch_no: "123".into(),
            account_no: "1234567".into(),
            amount_monthly: 10_000,
            amount_summer: 0,
            amount_year_end: 0,
            start_month: "2024-06".into(),
            end_month: None,
        }
    }

    fn stored(version: i32, state: DetailState) -> Detail {
        Detail {
            id: "d1".into(),
            fields: DetailFields::parse(&input(), &DeductionConfig::default()).expect("valid"),
            state,
            source: Source::Web,
            version,
        }
    }

    #[test]
    fn the_window_is_open_while_a_cycle_is_before_its_deadline() {
        let cycles = [cycle(6, d(6, 10), d(6, 25), None)];
        assert_eq!(
            input_window(&cycles, at(6, 10, 23)),
            InputWindow::Open { deadline: d(6, 10) }
        );
    }

    #[test]
    fn after_the_deadline_the_window_stays_shut_until_the_request_data_is_made() {
        let closed = cycle(6, d(6, 10), d(6, 25), None);
        let next = cycle(7, d(7, 10), d(7, 25), None);
        assert_eq!(
            input_window(&[closed.clone(), next.clone()], at(6, 11, 9)),
            InputWindow::AwaitingRequest { month: d(6, 1) }
        );
        let snapshotted = cycle(6, d(6, 10), d(6, 25), Some(d(6, 11)));
        assert_eq!(
            input_window(&[snapshotted, next], at(6, 11, 9)),
            InputWindow::Open { deadline: d(7, 10) }
        );
    }

    #[test]
    fn a_cycle_never_snapshotted_stops_blocking_after_its_payday() {
        let closed = cycle(6, d(6, 10), d(6, 25), None);
        let next = cycle(7, d(7, 10), d(7, 25), None);
        assert_eq!(
            input_window(&[closed, next], at(6, 26, 9)),
            InputWindow::Open { deadline: d(7, 10) }
        );
    }

    #[test]
    fn without_a_published_open_cycle_nothing_may_change() {
        let closed = cycle(6, d(6, 10), d(6, 25), Some(d(6, 11)));
        assert_eq!(
            input_window(&[closed], at(6, 12, 9)),
            InputWindow::NoOpenCycle
        );
        assert_eq!(input_window(&[], at(6, 12, 9)), InputWindow::NoOpenCycle);
    }

    #[test]
    fn an_addition_is_version_1_with_every_item_in_its_history() {
        let c = plan_add(open(), &input(), &DeductionConfig::default()).expect("allowed");
        assert_eq!(c.action, Action::Add);
        assert_eq!(c.version, 1);
        assert_eq!(c.state, DetailState::Active);
        assert!(c.changes.iter().all(|ch| ch.before.is_none()));
    }

    #[test]
    fn after_the_deadline_a_web_change_is_refused() {
        let gate = Gate {
            window: InputWindow::AwaitingRequest { month: d(6, 1) },
            ..open()
        };
        assert_eq!(
            plan_add(gate, &input(), &DeductionConfig::default()),
            Err(Refusal::ClosedForInput)
        );
        assert_eq!(
            plan_cancel(
                gate,
                &stored(1, DetailState::Active),
                1,
                &DeductionConfig::default()
            ),
            Err(Refusal::ClosedForInput)
        );
    }

    #[test]
    fn the_counter_changes_whenever_the_bank_needs_to() {
        let gate = Gate {
            source: Source::Counter,
            detail_update: false,
            window: InputWindow::NoOpenCycle,
        };
        let c = plan_add(gate, &input(), &DeductionConfig::default()).expect("counter");
        assert_eq!(c.source, Source::Counter);
    }

    #[test]
    fn without_明細更新_the_group_only_reads() {
        let gate = Gate {
            detail_update: false,
            ..open()
        };
        assert_eq!(
            plan_add(gate, &input(), &DeductionConfig::default()),
            Err(Refusal::ReadOnly)
        );
    }

    #[test]
    fn a_change_on_a_stale_version_is_refused() {
        let mut i = input();
        i.amount_monthly = 12_000;
        assert_eq!(
            plan_change(
                open(),
                &stored(3, DetailState::Active),
                2,
                &i,
                &DeductionConfig::default()
            ),
            Err(Refusal::Stale)
        );
        assert_eq!(
            plan_cancel(
                open(),
                &stored(3, DetailState::Active),
                2,
                &DeductionConfig::default()
            ),
            Err(Refusal::Stale)
        );
    }

    #[test]
    fn a_change_raises_the_version_and_names_what_changed() {
        let mut i = input();
        i.amount_monthly = 12_000;
        let c = plan_change(
            open(),
            &stored(3, DetailState::Active),
            3,
            &i,
            &DeductionConfig::default(),
        )
        .expect("allowed");
        assert_eq!(c.version, 4);
        assert_eq!(c.changes.len(), 1);
        assert_eq!(c.changes[0].field, DetailField::AmountMonthly);
    }

    #[test]
    fn a_cancelled_detail_is_changed_no_more() {
        assert_eq!(
            plan_change(
                open(),
                &stored(2, DetailState::Cancelled),
                2,
                &input(),
                &DeductionConfig::default()
            ),
            Err(Refusal::Cancelled)
        );
        assert_eq!(
            plan_cancel(
                open(),
                &stored(2, DetailState::Cancelled),
                2,
                &DeductionConfig::default()
            ),
            Err(Refusal::Cancelled)
        );
    }

    #[test]
    fn a_cancellation_records_the_state_change_only() {
        let c = plan_cancel(
            open(),
            &stored(1, DetailState::Active),
            1,
            &DeductionConfig::default(),
        )
        .expect("allowed");
        assert_eq!(c.state, DetailState::Cancelled);
        assert_eq!(c.version, 2);
        assert_eq!(c.changes.len(), 1);
        assert_eq!(c.changes[0].field, DetailField::State);
    }

    #[test]
    fn a_bad_form_is_refused_with_the_field_named() {
        let mut i = input();
        i.kana_name = "ﾛｳｷﾝ,ﾀﾛｳ".into();
        assert_eq!(
            plan_change(
                open(),
                &stored(1, DetailState::Active),
                1,
                &i,
                &DeductionConfig::default()
            ),
            Err(Refusal::Rule(RuleError::Character {
                field: Field::KanaName,
                ch: ','
            }))
        );
    }
}

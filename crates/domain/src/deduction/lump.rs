//! まとめ入金: the lump sum's state machine (未確定 → 確定 → 金庫受付済, 確定の解除 back until the
//! bank has taken it) and 入金中止 on request lines.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Refusal;
use super::snapshot::{LineError, Movement};
use crate::person::is_printable_in_cp932;
use crate::rules::{Field, RuleError};
use crate::session::named_enum;

/// まとめ入金の状態.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LumpState {
    /// 未確定
    Open,
    /// 確定
    Confirmed,
    /// 金庫受付済
    Taken,
}

named_enum!(LumpState {
    Open => "open", "未確定";
    Confirmed => "confirmed", "確定";
    Taken => "taken", "金庫受付済";
});

/// What moves the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LumpAction {
    /// まとめ入金確定 (the organisation)
    Confirm,
    /// 確定の解除 (the organisation)
    Undo,
    /// 金庫受付 (the bank's operator, or the arrival of the results)
    Take,
}

/// The state machine alone: which action moves which state where.
pub fn transition(state: LumpState, action: LumpAction) -> Result<LumpState, Refusal> {
    use LumpAction as A;
    use LumpState as S;
    match (state, action) {
        (S::Open, A::Confirm) => Ok(S::Confirmed),
        (S::Confirmed, A::Undo) => Ok(S::Open),
        (S::Confirmed, A::Take) => Ok(S::Taken),
        (S::Confirmed, A::Confirm) => Err(Refusal::Confirmed),
        (S::Taken, A::Confirm | A::Undo | A::Take) => Err(Refusal::Taken),
        (S::Open, A::Undo | A::Take) => Err(Refusal::NotConfirmed),
    }
}

/// The run as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunFacts {
    pub state: LumpState,
    pub version: i32,
    /// 支給日 (入金予定日) of the cycle.
    pub payday: NaiveDate,
}

/// まとめ入金確定: from the 支給日 on, on the version the clerk saw, with a 入金先 registered.
pub fn plan_confirm(
    run: RunFacts,
    expected_version: i32,
    today: NaiveDate,
    payee_registered: bool,
) -> Result<LumpState, Refusal> {
    if run.version != expected_version {
        return Err(Refusal::Stale);
    }
    let next = transition(run.state, LumpAction::Confirm)?;
    if today < run.payday {
        return Err(Refusal::BeforePayday(run.payday));
    }
    if !payee_registered {
        return Err(Refusal::NoPayee);
    }
    Ok(next)
}

/// 確定の解除: only before the bank has taken it.
pub fn plan_undo(run: RunFacts, expected_version: i32) -> Result<LumpState, Refusal> {
    if run.version != expected_version {
        return Err(Refusal::Stale);
    }
    transition(run.state, LumpAction::Undo)
}

/// 金庫受付 (operator).
pub fn plan_take(run: RunFacts) -> Result<LumpState, Refusal> {
    transition(run.state, LumpAction::Take)
}

/// 入金先の預金種目.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// 普通
    Ordinary,
    /// 当座
    Current,
}

named_enum!(AccountKind {
    Ordinary => "ordinary", "普通";
    Current => "current", "当座";
});

/// 入金中止理由.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// 退職
    Retired,
    /// 休職
    Leave,
    /// 給与不足
    InsufficientPay,
    /// その他 (text required)
    Other,
}

named_enum!(StopReason {
    Retired => "retired", "退職";
    Leave => "leave", "休職";
    InsufficientPay => "insufficient_pay", "給与不足";
    Other => "other", "その他";
});

/// A 入金中止 as set: the reason and its text (required for その他, at most 40 characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    pub reason: StopReason,
    pub text: Option<String>,
}

impl Stop {
    pub const TEXT_MAX: usize = 40;
    pub const TEXT_RULE: &'static str = "40文字以内";

    pub fn parse(reason: StopReason, text: Option<&str>) -> Result<Stop, RuleError> {
        let text = text.map(str::trim).filter(|t| !t.is_empty());
        if reason == StopReason::Other && text.is_none() {
            return Err(RuleError::Required(Field::StopText));
        }
        if let Some(t) = text {
            if t.chars().count() > Self::TEXT_MAX {
                return Err(RuleError::Format {
                    field: Field::StopText,
                    rule: Self::TEXT_RULE,
                });
            }
            if let Some(ch) = t.chars().find(|&c| !is_printable_in_cp932(c)) {
                return Err(RuleError::Character {
                    field: Field::StopText,
                    ch,
                });
            }
        }
        Ok(Stop {
            reason,
            text: text.map(str::to_owned),
        })
    }
}

/// A request line as the 入金中止 rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineFacts {
    pub movement: Movement,
    pub error: Option<LineError>,
}

/// 入金中止 set or unset: from the 支給日 on, while the まとめ入金 is 未確定, on a line that is
/// requested (not 解除, not an error line).
pub fn plan_stop(run: RunFacts, today: NaiveDate, line: LineFacts) -> Result<(), Refusal> {
    match run.state {
        LumpState::Open => {}
        LumpState::Confirmed => return Err(Refusal::Confirmed),
        LumpState::Taken => return Err(Refusal::Taken),
    }
    if today < run.payday {
        return Err(Refusal::BeforePayday(run.payday));
    }
    if line.movement == Movement::Cancelled || line.error.is_some() {
        return Err(Refusal::NotStoppable);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 6, day).expect("date")
    }

    fn run(state: LumpState) -> RunFacts {
        RunFacts {
            state,
            version: 4,
            payday: d(25),
        }
    }

    const LINE: LineFacts = LineFacts {
        movement: Movement::Continued,
        error: None,
    };

    #[test]
    fn the_state_machine_allows_exactly_its_arrows() {
        use LumpAction as A;
        use LumpState as S;
        let allowed = [
            (S::Open, A::Confirm, S::Confirmed),
            (S::Confirmed, A::Undo, S::Open),
            (S::Confirmed, A::Take, S::Taken),
        ];
        for s in LumpState::ALL {
            for a in [A::Confirm, A::Undo, A::Take] {
                let expected = allowed
                    .iter()
                    .find(|(from, act, _)| from == s && *act == a)
                    .map(|(_, _, to)| *to);
                assert_eq!(transition(*s, a).ok(), expected, "{s:?} {a:?}");
            }
        }
    }

    #[test]
    fn confirming_needs_the_payday_the_seen_version_and_a_payee() {
        assert_eq!(
            plan_confirm(run(LumpState::Open), 4, d(25), true),
            Ok(LumpState::Confirmed)
        );
        assert_eq!(
            plan_confirm(run(LumpState::Open), 4, d(24), true),
            Err(Refusal::BeforePayday(d(25)))
        );
        assert_eq!(
            plan_confirm(run(LumpState::Open), 3, d(25), true),
            Err(Refusal::Stale)
        );
        assert_eq!(
            plan_confirm(run(LumpState::Open), 4, d(25), false),
            Err(Refusal::NoPayee)
        );
        assert_eq!(
            plan_confirm(run(LumpState::Confirmed), 4, d(25), true),
            Err(Refusal::Confirmed)
        );
    }

    #[test]
    fn a_confirmation_is_undone_until_the_bank_takes_it() {
        assert_eq!(plan_undo(run(LumpState::Confirmed), 4), Ok(LumpState::Open));
        assert_eq!(plan_undo(run(LumpState::Taken), 4), Err(Refusal::Taken));
        assert_eq!(
            plan_undo(run(LumpState::Open), 4),
            Err(Refusal::NotConfirmed)
        );
        assert_eq!(plan_undo(run(LumpState::Confirmed), 1), Err(Refusal::Stale));
    }

    #[test]
    fn only_a_confirmed_lump_sum_is_taken() {
        assert_eq!(plan_take(run(LumpState::Confirmed)), Ok(LumpState::Taken));
        assert_eq!(plan_take(run(LumpState::Open)), Err(Refusal::NotConfirmed));
        assert_eq!(plan_take(run(LumpState::Taken)), Err(Refusal::Taken));
    }

    #[test]
    fn a_stop_is_set_from_the_payday_on_while_unconfirmed() {
        assert_eq!(plan_stop(run(LumpState::Open), d(25), LINE), Ok(()));
        assert_eq!(
            plan_stop(run(LumpState::Open), d(24), LINE),
            Err(Refusal::BeforePayday(d(25)))
        );
        assert_eq!(
            plan_stop(run(LumpState::Confirmed), d(26), LINE),
            Err(Refusal::Confirmed)
        );
        assert_eq!(
            plan_stop(run(LumpState::Taken), d(26), LINE),
            Err(Refusal::Taken)
        );
    }

    #[test]
    fn a_cancelled_or_error_line_cannot_be_stopped() {
        let cancelled = LineFacts {
            movement: Movement::Cancelled,
            error: None,
        };
        let error = LineFacts {
            movement: Movement::New,
            error: Some(LineError::NoAccount),
        };
        assert_eq!(
            plan_stop(run(LumpState::Open), d(25), cancelled),
            Err(Refusal::NotStoppable)
        );
        assert_eq!(
            plan_stop(run(LumpState::Open), d(25), error),
            Err(Refusal::NotStoppable)
        );
    }

    #[test]
    fn その他_needs_its_text_and_texts_are_short_and_printable() {
        assert_eq!(
            Stop::parse(StopReason::Other, Some("  ")),
            Err(RuleError::Required(Field::StopText))
        );
        assert!(Stop::parse(StopReason::Other, Some("育児のため")).is_ok());
        assert_eq!(
            Stop::parse(StopReason::Retired, None).map(|s| s.text),
            Ok(None)
        );
        assert!(Stop::parse(StopReason::Leave, Some(&"あ".repeat(41))).is_err());
        assert!(matches!(
            Stop::parse(StopReason::Leave, Some("\u{202E}x")),
            Err(RuleError::Character { .. })
        ));
    }
}

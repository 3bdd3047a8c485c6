//! ロック and 閉塞: the failure counter that guards every password check (login, certificate
//! issuance, the initial password at master registration).

use chrono::{DateTime, Utc};

use crate::Policy;
use crate::clock::{later, span};

/// What is stored per user (or per contract, for the initial password) between attempts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LockState {
    /// 連続して誤った回数 since the last success or lock.
    pub failures: u32,
    /// ロックの回数 since the last success.
    pub locks: u32,
    /// ロック日時
    pub locked_at: Option<DateTime<Utc>>,
    /// When the current ロック lifts by itself.
    pub locked_until: Option<DateTime<Utc>>,
    /// 閉塞日時; only 状態を正常に戻す (`lift`) clears it.
    pub blocked_at: Option<DateTime<Utc>>,
}

/// 状態: 正常 / ロック中 / 閉塞.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// 正常
    Normal,
    /// ロック中 (ログイン不可（ロック）)
    Locked {
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    },
    /// 閉塞 (ログイン不可（閉塞）)
    Blocked { since: DateTime<Utc> },
}

impl Standing {
    /// The status column of 契約ユーザー情報照会.
    pub fn label(&self) -> &'static str {
        match self {
            Standing::Normal => "正常",
            Standing::Locked { .. } => "ロック中",
            Standing::Blocked { .. } => "閉塞",
        }
    }
}

/// What one wrong password did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureOutcome {
    /// Counted; `remaining` more wrong passwords lock.
    Counted { remaining: u32 },
    /// This failure locked the user until `until`.
    Locked { until: DateTime<Utc> },
    /// This failure was the lock that makes 閉塞.
    Blocked,
    /// Already locked: not counted.
    AlreadyLocked { until: DateTime<Utc> },
    /// Already 閉塞: not counted.
    AlreadyBlocked,
}

impl LockState {
    /// The standing at `now`; a ロック past its end is 正常 again (but still counts towards 閉塞).
    pub fn standing(&self, now: DateTime<Utc>, policy: &Policy) -> Standing {
        if let Some(since) = self.blocked_at {
            return Standing::Blocked { since };
        }
        match self.locked_until {
            Some(until) if now < until => Standing::Locked {
                since: self.locked_at.unwrap_or_else(|| {
                    until
                        .checked_sub_signed(span(policy.lock_duration))
                        .unwrap_or(until)
                }),
                until,
            },
            _ => Standing::Normal,
        }
    }

    /// Records a wrong password. Failures while locked or blocked are not counted; the
    /// `lock_threshold`-th in a row locks for `lock_duration`, and the `block_after_locks`-th lock
    /// without a success between is 閉塞 instead.
    pub fn record_failure(&mut self, now: DateTime<Utc>, policy: &Policy) -> FailureOutcome {
        match self.standing(now, policy) {
            Standing::Blocked { .. } => return FailureOutcome::AlreadyBlocked,
            Standing::Locked { until, .. } => return FailureOutcome::AlreadyLocked { until },
            Standing::Normal => {}
        }
        // A lock that lifted by time is history now; its count stays in `locks`.
        self.locked_at = None;
        self.locked_until = None;

        let threshold = policy.lock_threshold.max(1);
        self.failures += 1;
        if self.failures < threshold {
            return FailureOutcome::Counted {
                remaining: threshold - self.failures,
            };
        }
        self.failures = 0;
        self.locks += 1;
        if self.locks >= policy.block_after_locks.max(1) {
            self.blocked_at = Some(now);
            return FailureOutcome::Blocked;
        }
        let until = later(now, policy.lock_duration);
        self.locked_at = Some(now);
        self.locked_until = Some(until);
        FailureOutcome::Locked { until }
    }

    /// A right password: the counters start again. A 閉塞 is not undone by this (the caller
    /// never checks a password of a blocked user).
    pub fn record_success(&mut self) {
        self.failures = 0;
        self.locks = 0;
        self.locked_at = None;
        self.locked_until = None;
    }

    /// 状態を正常に戻す, by the master for a general user or by the bank: everything cleared.
    pub fn lift(&mut self) {
        *self = LockState::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 5, 7, 1, 0, 0)
            .single()
            .expect("valid time")
    }

    fn fail(state: &mut LockState, n: u32, now: DateTime<Utc>) -> FailureOutcome {
        let p = Policy::default();
        let mut last = FailureOutcome::AlreadyBlocked;
        for _ in 0..n {
            last = state.record_failure(now, &p);
        }
        last
    }

    #[test]
    fn the_fifth_failure_in_a_row_is_counted_with_one_remaining() {
        let mut s = LockState::default();
        assert_eq!(
            fail(&mut s, 1, t0()),
            FailureOutcome::Counted { remaining: 5 }
        );
        assert_eq!(
            fail(&mut s, 4, t0()),
            FailureOutcome::Counted { remaining: 1 }
        );
        assert_eq!(s.standing(t0(), &Policy::default()), Standing::Normal);
    }

    #[test]
    fn the_sixth_failure_in_a_row_locks_for_sixty_minutes() {
        let mut s = LockState::default();
        fail(&mut s, 5, t0());
        let until = t0() + Duration::minutes(60);
        assert_eq!(fail(&mut s, 1, t0()), FailureOutcome::Locked { until });
        assert_eq!(
            s.standing(t0(), &Policy::default()),
            Standing::Locked { since: t0(), until }
        );
        assert_eq!((s.failures, s.locks), (0, 1));
    }

    #[test]
    fn failures_while_locked_are_not_counted() {
        let mut s = LockState::default();
        fail(&mut s, 6, t0());
        let until = t0() + Duration::minutes(60);
        let later = t0() + Duration::minutes(30);
        assert_eq!(
            fail(&mut s, 10, later),
            FailureOutcome::AlreadyLocked { until }
        );
        assert_eq!((s.failures, s.locks), (0, 1));
    }

    #[test]
    fn a_lock_lifts_by_itself_after_sixty_minutes() {
        let p = Policy::default();
        let mut s = LockState::default();
        fail(&mut s, 6, t0());
        let just_before = t0() + Duration::minutes(60) - Duration::seconds(1);
        assert!(matches!(
            s.standing(just_before, &p),
            Standing::Locked { .. }
        ));
        assert_eq!(
            s.standing(t0() + Duration::minutes(60), &p),
            Standing::Normal
        );
    }

    #[test]
    fn after_a_lock_lifts_six_more_failures_are_needed_to_lock_again() {
        let mut s = LockState::default();
        fail(&mut s, 6, t0());
        let after = t0() + Duration::minutes(60);
        assert_eq!(
            fail(&mut s, 1, after),
            FailureOutcome::Counted { remaining: 5 }
        );
        assert_eq!(s.locked_until, None);
        assert_eq!(
            fail(&mut s, 5, after),
            FailureOutcome::Locked {
                until: after + Duration::minutes(60)
            }
        );
        assert_eq!(s.locks, 2);
    }

    #[test]
    fn the_third_lock_without_a_success_between_is_blocked() {
        let p = Policy::default();
        let mut s = LockState::default();
        let mut now = t0();
        for _ in 0..2 {
            assert!(matches!(
                fail(&mut s, 6, now),
                FailureOutcome::Locked { .. }
            ));
            now += Duration::minutes(60);
        }
        assert_eq!(fail(&mut s, 6, now), FailureOutcome::Blocked);
        assert_eq!(s.standing(now, &p), Standing::Blocked { since: now });
        assert_eq!(s.locked_until, None);
        let much_later = now + Duration::days(30);
        assert_eq!(s.standing(much_later, &p), Standing::Blocked { since: now });
        assert_eq!(fail(&mut s, 1, much_later), FailureOutcome::AlreadyBlocked);
    }

    #[test]
    fn a_success_resets_the_failures_and_the_lock_count() {
        let p = Policy::default();
        let mut s = LockState::default();
        let mut now = t0();
        for _ in 0..2 {
            fail(&mut s, 6, now);
            now += Duration::minutes(60);
        }
        fail(&mut s, 3, now);
        s.record_success();
        assert_eq!((s.failures, s.locks), (0, 0));
        // Two more locks are again only locks.
        for _ in 0..2 {
            assert!(matches!(
                fail(&mut s, 6, now),
                FailureOutcome::Locked { .. }
            ));
            now += Duration::minutes(60);
        }
        assert_eq!(s.standing(now, &p), Standing::Normal);
    }

    #[test]
    fn lifting_returns_a_blocked_user_to_normal_with_nothing_counted() {
        let p = Policy::default();
        let mut s = LockState::default();
        for i in 0..3 {
            fail(&mut s, 6, t0() + Duration::minutes(60 * i));
        }
        assert!(matches!(s.standing(t0(), &p), Standing::Blocked { .. }));
        s.lift();
        assert_eq!(s, LockState::default());
        assert_eq!(s.standing(t0(), &p), Standing::Normal);
    }

    #[test]
    fn lifting_ends_a_lock_at_once() {
        let p = Policy::default();
        let mut s = LockState::default();
        fail(&mut s, 6, t0());
        s.lift();
        assert_eq!(s.standing(t0(), &p), Standing::Normal);
    }

    #[test]
    fn the_thresholds_come_from_the_policy() {
        let p = Policy {
            lock_threshold: 2,
            block_after_locks: 1,
            ..Policy::default()
        };
        let mut s = LockState::default();
        assert_eq!(
            s.record_failure(t0(), &p),
            FailureOutcome::Counted { remaining: 1 }
        );
        assert_eq!(s.record_failure(t0(), &p), FailureOutcome::Blocked);
    }

    #[test]
    fn standings_have_the_status_labels() {
        assert_eq!(Standing::Normal.label(), "正常");
        assert_eq!(
            Standing::Locked {
                since: t0(),
                until: t0()
            }
            .label(),
            "ロック中"
        );
        assert_eq!(Standing::Blocked { since: t0() }.label(), "閉塞");
    }
}

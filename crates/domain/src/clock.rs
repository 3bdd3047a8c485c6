//! Time is injected: the server reads a `Clock`, tests move a `ManualClock` instead of sleeping.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Duration, TimeDelta, Utc};

/// Where "now" comes from.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that only moves when told to; clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<Mutex<DateTime<Utc>>>,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            now: Arc::new(Mutex::new(start)),
        }
    }

    /// Moves time forward (or back, with a negative duration).
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        *now += by;
    }

    pub fn set(&self, to: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A policy duration as a chrono span; one too long for chrono counts as forever.
pub(crate) fn span(d: std::time::Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}

/// `t + d`, saturating at the end of time instead of panicking on a huge policy value.
pub(crate) fn later(t: DateTime<Utc>, d: std::time::Duration) -> DateTime<Utc> {
    t.checked_add_signed(span(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_manual_clock_moves_only_when_advanced_and_clones_share_it() {
        let start = Utc
            .with_ymd_and_hms(2024, 5, 7, 8, 0, 0)
            .single()
            .expect("valid time");
        let clock = ManualClock::new(start);
        let other = clock.clone();
        assert_eq!(clock.now(), start);
        other.advance(Duration::minutes(61));
        assert_eq!(clock.now(), start + Duration::minutes(61));
        clock.set(start);
        assert_eq!(other.now(), start);
    }

    #[test]
    fn a_huge_policy_duration_saturates_instead_of_panicking() {
        let t = Utc::now();
        assert_eq!(later(t, std::time::Duration::MAX), DateTime::<Utc>::MAX_UTC);
        assert_eq!(
            later(t, std::time::Duration::from_secs(60)),
            t + Duration::minutes(1)
        );
    }

    #[test]
    fn the_system_clock_is_close_to_now() {
        let delta = SystemClock.now() - Utc::now();
        assert!(delta.num_seconds().abs() < 5);
    }
}

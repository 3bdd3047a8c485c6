//! ロック / 閉塞 counters on a row (contracts for the initial password, users for the password),
//! saved by compare-and-swap on `lock_version` so concurrent failures count exactly once each.

use cjs_domain::lockout::LockState;

use crate::time::{opt_from_db, to_db};

/// The lock columns of a row as the domain sees them, with the version they were read at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versioned {
    pub state: LockState,
    pub version: i32,
}

pub(crate) fn from_columns(
    failures: i32,
    locks: i32,
    locked_at: Option<chrono::NaiveDateTime>,
    locked_until: Option<chrono::NaiveDateTime>,
    blocked_at: Option<chrono::NaiveDateTime>,
    version: i32,
) -> Versioned {
    Versioned {
        state: LockState {
            failures: u32::try_from(failures).unwrap_or(0),
            locks: u32::try_from(locks).unwrap_or(0),
            locked_at: opt_from_db(locked_at),
            locked_until: opt_from_db(locked_until),
            blocked_at: opt_from_db(blocked_at),
        },
        version,
    }
}

/// The column values to write for a state.
pub(crate) struct Columns {
    pub failures: i32,
    pub locks: i32,
    pub locked_at: Option<chrono::NaiveDateTime>,
    pub locked_until: Option<chrono::NaiveDateTime>,
    pub blocked_at: Option<chrono::NaiveDateTime>,
}

pub(crate) fn to_columns(s: &LockState) -> Columns {
    Columns {
        failures: i32::try_from(s.failures).unwrap_or(i32::MAX),
        locks: i32::try_from(s.locks).unwrap_or(i32::MAX),
        locked_at: s.locked_at.map(to_db),
        locked_until: s.locked_until.map(to_db),
        blocked_at: s.blocked_at.map(to_db),
    }
}

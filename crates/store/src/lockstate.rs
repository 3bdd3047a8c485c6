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

/// `save_lock` for a table with the lock columns: writes a state only if the row is still at the
/// version it was read at (false: someone else changed it first, read again).
macro_rules! save_lock_for {
    ($table:ident, $key:ident) => {
        /// Writes `state` if the row is still at `expected`; false means someone else changed it
        /// first.
        pub fn save_lock(
            conn: &mut $crate::connection::DbConnection,
            key: &str,
            expected: i32,
            state: &cjs_domain::lockout::LockState,
            now: chrono::DateTime<chrono::Utc>,
        ) -> $crate::error::StoreResult<bool> {
            use diesel::prelude::*;
            use $crate::schema::$table;
            let c = $crate::lockstate::to_columns(state);
            let n = diesel::update(
                $table::table
                    .filter($table::$key.eq(key))
                    .filter($table::lock_version.eq(expected)),
            )
            .set((
                $table::failures.eq(c.failures),
                $table::locks.eq(c.locks),
                $table::locked_at.eq(c.locked_at),
                $table::locked_until.eq(c.locked_until),
                $table::blocked_at.eq(c.blocked_at),
                $table::lock_version.eq(expected + 1),
                $table::updated_at.eq($crate::time::to_db(now)),
            ))
            .execute(conn)?;
            Ok(n == 1)
        }
    };
}
pub(crate) use save_lock_for;

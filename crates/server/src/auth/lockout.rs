//! One failure counter guards every place a password is checked (login, certificate issuance,
//! and for the contract the initial password). Changes are compare-and-swap on the row, so
//! concurrent failures each count once and exactly one of them locks.

use cjs_domain::Policy;
use cjs_domain::lockout::{FailureOutcome, LockState, Standing};
use cjs_store::{DbConnection, StoreResult, Versioned, contracts, users};

use crate::error::AppError;
use crate::state::AppState;

/// Whose counter.
#[derive(Debug, Clone)]
pub enum Target {
    User(String),
    Contract(String),
}

fn load(conn: &mut DbConnection, t: &Target) -> StoreResult<Option<Versioned>> {
    Ok(match t {
        Target::User(id) => users::find(conn, id)?.map(|u| u.lock()),
        Target::Contract(n) => contracts::find(conn, n)?.map(|c| c.lock()),
    })
}

fn save(
    conn: &mut DbConnection,
    t: &Target,
    expected: i32,
    s: &LockState,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<bool> {
    match t {
        Target::User(id) => users::save_lock(conn, id, expected, s, now),
        Target::Contract(n) => contracts::save_lock(conn, n, expected, s, now),
    }
}

/// The standing now (a lock whose time has passed counts as lifted).
pub fn standing(v: &Versioned, now: chrono::DateTime<chrono::Utc>, policy: &Policy) -> Standing {
    v.state.standing(now, policy)
}

/// Counts one wrong password.
pub async fn record_failure(state: &AppState, target: Target) -> Result<FailureOutcome, AppError> {
    let now = state.clock.now();
    let policy = state.settings.policy.clone();
    state
        .db(move |conn| {
            loop {
                let Some(v) = load(conn, &target)? else {
                    return Ok(FailureOutcome::Counted { remaining: 0 });
                };
                let mut next = v.state.clone();
                let outcome = next.record_failure(now, &policy);
                if next == v.state || save(conn, &target, v.version, &next, now)? {
                    return Ok(outcome);
                }
            }
        })
        .await
}

/// What a right password may do once its (slow) hash has been checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuccessOutcome {
    /// The counters were reset (or had nothing to reset): the check passes.
    Accepted,
    /// Locked while the hash ran: answered as locked.
    Locked {
        until: chrono::DateTime<chrono::Utc>,
    },
    /// 閉塞 while the hash ran.
    Blocked,
    /// A failure was counted while the hash ran, so the reset cannot be applied to the state the
    /// check started from: the check does not pass (and nothing is reset).
    Changed,
}

/// A correct password: the counters start again — but only from the state read before the hash
/// (`before`). The lock state is read again with its version; a lock that landed meanwhile wins,
/// and the reset is a compare-and-swap on `before.version`, so a success never wipes failures it
/// did not see.
pub async fn record_success(
    state: &AppState,
    target: Target,
    before: Versioned,
) -> Result<SuccessOutcome, AppError> {
    let now = state.clock.now();
    let policy = state.settings.policy.clone();
    state
        .db(move |conn| {
            loop {
                let Some(v) = load(conn, &target)? else {
                    return Ok(SuccessOutcome::Changed);
                };
                match v.state.standing(now, &policy) {
                    Standing::Blocked { .. } => return Ok(SuccessOutcome::Blocked),
                    Standing::Locked { until, .. } => {
                        return Ok(SuccessOutcome::Locked { until });
                    }
                    Standing::Normal => {}
                }
                let mut reset = v.state.clone();
                reset.record_success();
                if reset == v.state {
                    // Nothing to reset (a concurrent success may have done it already).
                    return Ok(SuccessOutcome::Accepted);
                }
                if v.version != before.version {
                    return Ok(SuccessOutcome::Changed);
                }
                if save(conn, &target, before.version, &reset, now)? {
                    return Ok(SuccessOutcome::Accepted);
                }
                // Lost the swap: read again (the version now differs, so this ends next time).
            }
        })
        .await
}

/// 正常 again: the master for a general user, the bank for a master or a contract.
pub fn lift_blocking(
    conn: &mut DbConnection,
    target: &Target,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<()> {
    loop {
        let Some(v) = load(conn, target)? else {
            return Ok(());
        };
        let mut next = v.state.clone();
        next.lift();
        if next == v.state || save(conn, target, v.version, &next, now)? {
            return Ok(());
        }
    }
}

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

/// A correct password: the counters start again.
pub async fn record_success(state: &AppState, target: Target) -> Result<(), AppError> {
    let now = state.clock.now();
    state
        .db(move |conn| {
            loop {
                let Some(v) = load(conn, &target)? else {
                    return Ok(());
                };
                let mut next = v.state.clone();
                next.record_success();
                if next == v.state || save(conn, &target, v.version, &next, now)? {
                    return Ok(());
                }
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

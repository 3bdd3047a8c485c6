//! Every password check goes through here: the same failure counter (ロック / 閉塞) guards the
//! login, the certificate challenge, the password change and, for the contract, the initial
//! password at master registration.

use cjs_api_types::ErrorCode;
use cjs_domain::lockout::{FailureOutcome, Standing};
use cjs_store::contracts::{self, ContractRow};
use cjs_store::{sessions, users};
use secrecy::SecretString;

use crate::auth::lockout::{self, SuccessOutcome, Target};
use crate::auth::password;
use crate::error::AppError;
use crate::state::AppState;
use crate::views;

/// The error for a lock outcome, shared by every password check. A counted failure says
/// nothing about the attempts left: an unknown user ID or contract number has no count, and its
/// answer must look exactly like a known one's (status, body, time).
pub fn lock_error(outcome: FailureOutcome, wrong: ErrorCode, blocked: ErrorCode) -> AppError {
    match outcome {
        FailureOutcome::Counted { .. } => AppError::new(wrong),
        FailureOutcome::Locked { until } | FailureOutcome::AlreadyLocked { until } => {
            AppError::new(ErrorCode::E2003)
                .item(views::jst_text(until))
                .details(serde_json::json!({ "locked_until": until }))
        }
        FailureOutcome::Blocked | FailureOutcome::AlreadyBlocked => AppError::new(blocked),
    }
}

/// The error a blocked user sees: the master lifts a general user, the bank a master.
pub fn blocked_code(user: &users::UserRow) -> ErrorCode {
    if user.is_master() {
        ErrorCode::E2004
    } else {
        ErrorCode::E2005
    }
}

/// Why a user's password check did not pass. `NoSuchUser` is told apart only where the caller
/// already knows the user exists (login by certificate: E2105); everywhere else it answers
/// exactly like a wrong password.
#[derive(Debug)]
pub enum PasswordRefused {
    NoSuchUser,
    Refused(AppError),
}

impl From<AppError> for PasswordRefused {
    fn from(e: AppError) -> Self {
        PasswordRefused::Refused(e)
    }
}

impl From<PasswordRefused> for AppError {
    fn from(r: PasswordRefused) -> Self {
        match r {
            PasswordRefused::NoSuchUser => AppError::new(ErrorCode::E2002).cause("no such user"),
            PasswordRefused::Refused(e) => e,
        }
    }
}

/// How one password check ended.
enum Verdict {
    Passed,
    /// No such user or contract (the dummy hash was checked all the same).
    Unknown,
    /// A wrong password, counted.
    Wrong(FailureOutcome),
    /// Locked or 閉塞 before or while the hash ran, or the counter moved meanwhile.
    Refused(AppError),
}

/// The core of every password check. The hash is always computed — against a dummy when there is
/// no such user or contract, and also while locked — so the time of the answer tells nothing.
/// The lock state is read before the hash and read again (with its version) after it: a lock
/// that landed while the hash ran wins, and a success resets the counters only by a
/// compare-and-swap on the version read before the hash (`lockout::record_success`).
async fn check(
    state: &AppState,
    subject: Option<(Target, String, cjs_store::Versioned)>,
    secret: SecretString,
    wrong: ErrorCode,
    blocked: ErrorCode,
) -> Result<Verdict, AppError> {
    let now = state.clock.now();
    let Some((target, hash, before)) = subject else {
        password::verify(None, secret).await?;
        return Ok(Verdict::Unknown);
    };
    let ok = password::verify(Some(hash), secret).await?;
    match before.state.standing(now, &state.settings.policy) {
        Standing::Blocked { .. } => {
            return Ok(Verdict::Refused(AppError::new(blocked).cause("blocked")));
        }
        Standing::Locked { until, .. } => {
            return Ok(Verdict::Refused(
                lock_error(FailureOutcome::AlreadyLocked { until }, wrong, blocked).cause("locked"),
            ));
        }
        Standing::Normal => {}
    }
    if !ok {
        let subject = match target {
            Target::User(_) => "user",
            Target::Contract(_) => "contract",
        };
        let outcome = lockout::record_failure(state, target).await?;
        // Only the failure that locks or blocks counts (not the refusals while locked).
        match outcome {
            FailureOutcome::Locked { .. } => state.metrics.locked(subject, false),
            FailureOutcome::Blocked => state.metrics.locked(subject, true),
            _ => {}
        }
        return Ok(Verdict::Wrong(outcome));
    }
    Ok(
        match lockout::record_success(state, target, before).await? {
            SuccessOutcome::Accepted => Verdict::Passed,
            SuccessOutcome::Locked { until } => Verdict::Refused(
                lock_error(FailureOutcome::AlreadyLocked { until }, wrong, blocked)
                    .cause("locked while the password was checked"),
            ),
            SuccessOutcome::Blocked => Verdict::Refused(
                AppError::new(blocked).cause("blocked while the password was checked"),
            ),
            SuccessOutcome::Changed => Verdict::Refused(
                AppError::new(wrong).cause("a failure was counted while the password was checked"),
            ),
        },
    )
}

/// Checks a user's password with the shared failure counter; Ok(user) when it is right.
pub async fn check_user_password(
    state: &AppState,
    user_id: &str,
    secret: SecretString,
) -> Result<users::UserRow, PasswordRefused> {
    let now = state.clock.now();
    let id = user_id.to_owned();
    let user = state.db(move |c| users::find(c, &id)).await?;
    let subject = user.as_ref().map(|u| {
        (
            Target::User(u.user_id.clone()),
            u.password_hash.clone(),
            u.lock(),
        )
    });
    let blocked = user.as_ref().map_or(ErrorCode::E2005, blocked_code);
    match check(state, subject, secret, ErrorCode::E2002, blocked).await? {
        Verdict::Passed => user.ok_or(PasswordRefused::NoSuchUser),
        Verdict::Unknown => Err(PasswordRefused::NoSuchUser),
        Verdict::Refused(e) => Err(e.into()),
        Verdict::Wrong(outcome) => {
            if matches!(
                outcome,
                FailureOutcome::Locked { .. } | FailureOutcome::Blocked
            ) {
                let (id, reason) = (user_id.to_owned(), cjs_domain::EndReason::Locked);
                state
                    .db(move |c| sessions::end_all_for_user(c, &id, reason, now))
                    .await?;
            }
            Err(lock_error(outcome, ErrorCode::E2002, blocked)
                .cause("wrong password")
                .into())
        }
    }
}

/// Checks the contract number's initial password with the contract's own counter.
pub async fn check_contract_password(
    state: &AppState,
    number: &str,
    secret: SecretString,
) -> Result<ContractRow, AppError> {
    let n = number.to_owned();
    let contract = state.db(move |c| contracts::find(c, &n)).await?;
    let subject = contract.as_ref().map(|c| {
        (
            Target::Contract(c.contract_number.clone()),
            c.initial_password_hash.clone(),
            c.lock(),
        )
    });
    match check(state, subject, secret, ErrorCode::E2001, ErrorCode::E2004).await? {
        Verdict::Passed => contract.ok_or_else(|| AppError::new(ErrorCode::E2001)),
        Verdict::Unknown => Err(AppError::new(ErrorCode::E2001).cause("no such contract")),
        Verdict::Refused(e) => Err(e),
        Verdict::Wrong(outcome) => {
            Err(lock_error(outcome, ErrorCode::E2001, ErrorCode::E2004)
                .cause("wrong initial password"))
        }
    }
}

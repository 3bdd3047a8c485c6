//! Every password check goes through here: the same failure counter (ロック / 閉塞) guards the
//! login, the certificate challenge, the password change and, for the contract, the initial
//! password at master registration.

use cjs_api_types::ErrorCode;
use cjs_domain::lockout::{FailureOutcome, Standing};
use cjs_store::contracts::{self, ContractRow};
use cjs_store::{sessions, users};
use secrecy::SecretString;

use crate::auth::lockout::{self, Target};
use crate::auth::password;
use crate::error::AppError;
use crate::state::AppState;
use crate::views;

/// The error for a lock outcome, shared by every password check.
pub fn lock_error(outcome: FailureOutcome, wrong: ErrorCode, blocked: ErrorCode) -> AppError {
    match outcome {
        FailureOutcome::Counted { remaining } => {
            AppError::new(wrong).details(serde_json::json!({ "remaining_attempts": remaining }))
        }
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

/// Checks a user's password with the shared failure counter; Ok(user) when it is right.
pub async fn check_user_password(
    state: &AppState,
    user_id: &str,
    secret: SecretString,
) -> Result<users::UserRow, PasswordRefused> {
    let now = state.clock.now();
    let id = user_id.to_owned();
    let user = state.db(move |c| users::find(c, &id)).await?;
    let Some(user) = user else {
        password::verify(None, secret).await?;
        return Err(PasswordRefused::NoSuchUser);
    };
    match user.lock().state.standing(now, &state.settings.policy) {
        Standing::Blocked { .. } => {
            return Err(AppError::new(blocked_code(&user)).cause("blocked").into());
        }
        Standing::Locked { until, .. } => {
            return Err(lock_error(
                FailureOutcome::AlreadyLocked { until },
                ErrorCode::E2002,
                blocked_code(&user),
            )
            .cause("locked")
            .into());
        }
        Standing::Normal => {}
    }
    let ok = password::verify(Some(user.password_hash.clone()), secret).await?;
    let target = Target::User(user.user_id.clone());
    if !ok {
        let outcome = lockout::record_failure(state, target).await?;
        if matches!(
            outcome,
            FailureOutcome::Locked { .. } | FailureOutcome::Blocked
        ) {
            let (id, reason) = (user.user_id.clone(), cjs_domain::EndReason::Locked);
            state
                .db(move |c| sessions::end_all_for_user(c, &id, reason, now))
                .await?;
        }
        return Err(lock_error(outcome, ErrorCode::E2002, blocked_code(&user))
            .cause("wrong password")
            .into());
    }
    lockout::record_success(state, target).await?;
    Ok(user)
}

/// Checks the contract number's initial password with the contract's own counter.
pub async fn check_contract_password(
    state: &AppState,
    number: &str,
    secret: SecretString,
) -> Result<ContractRow, AppError> {
    let now = state.clock.now();
    let n = number.to_owned();
    let Some(contract) = state.db(move |c| contracts::find(c, &n)).await? else {
        password::verify(None, secret).await?;
        return Err(AppError::new(ErrorCode::E2001).cause("no such contract"));
    };
    match contract.lock().state.standing(now, &state.settings.policy) {
        Standing::Blocked { .. } => return Err(AppError::new(ErrorCode::E2004).cause("blocked")),
        Standing::Locked { until, .. } => {
            return Err(lock_error(
                FailureOutcome::AlreadyLocked { until },
                ErrorCode::E2001,
                ErrorCode::E2004,
            )
            .cause("locked"));
        }
        Standing::Normal => {}
    }
    let ok = password::verify(Some(contract.initial_password_hash.clone()), secret).await?;
    let target = Target::Contract(contract.contract_number.clone());
    if !ok {
        let outcome = lockout::record_failure(state, target).await?;
        return Err(
            lock_error(outcome, ErrorCode::E2001, ErrorCode::E2004).cause("wrong initial password")
        );
    }
    lockout::record_success(state, target).await?;
    Ok(contract)
}

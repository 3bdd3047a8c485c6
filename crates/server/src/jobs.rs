//! Background work, safe with several instances: each notice is claimed in the database
//! (`mark_notified` succeeds once) before it is sent, so every certificate gets the 30-days-before
//! and the on-expiry notice exactly once.

use std::time::Duration;

use cjs_domain::certificate::{ExpiryNotice, notice_due};
use cjs_store::time::from_db;
use cjs_store::{certificates, users};

use crate::error::AppError;
use crate::mail::{OutgoingMail, templates};
use crate::state::AppState;
use crate::views;

/// How many notices were sent.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    pub expiring: usize,
    pub expired: usize,
}

/// One pass over the unrevoked certificates.
pub async fn send_expiry_notices(state: &AppState) -> Result<Sent, AppError> {
    let now = state.clock.now();
    let policy = state.settings.policy.clone();
    let rows = state.db(certificates::unnotified).await?;
    let mut sent = Sent::default();
    for cert in rows {
        let not_after = from_db(cert.not_after);
        let due = match notice_due(not_after, now, &policy) {
            Some(ExpiryNotice::BeforeExpiry) if cert.notified_expiring_at.is_none() => false,
            Some(ExpiryNotice::Expired) => true,
            _ => continue,
        };
        let (serial, uid) = (cert.serial.clone(), cert.user_id.clone());
        let claimed = state
            .db(move |c| {
                if !certificates::mark_notified(c, &serial, due, now)? {
                    return Ok(None);
                }
                users::find(c, &uid)
            })
            .await?;
        let Some(user) = claimed else { continue };
        let when = views::jst_text(not_after);
        let (subject, body) = if due {
            templates::certificate_expired(&user.user_name, &user.user_id, &when)
        } else {
            let days = (not_after - now).num_days().max(0);
            templates::certificate_expiring(&user.user_name, &user.user_id, &when, days)
        };
        let to = user.email.clone();
        if let Err(e) = state.mailer.send(OutgoingMail { to, subject, body }).await {
            tracing::warn!(user_id = %user.user_id, error = %e, "expiry notice not sent");
            continue;
        }
        if due {
            sent.expired += 1;
        } else {
            sent.expiring += 1;
        }
    }
    Ok(sent)
}

/// Runs the jobs every `every` until the server stops.
pub fn spawn(state: AppState, every: Duration) {
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(every);
        loop {
            tick.tick().await;
            match send_expiry_notices(&state).await {
                Ok(s) if s.expiring + s.expired > 0 => {
                    tracing::info!(
                        expiring = s.expiring,
                        expired = s.expired,
                        "expiry notices sent"
                    )
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "expiry notice job failed"),
            }
        }
    });
}

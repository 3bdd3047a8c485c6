//! Background work, safe with several instances. Each notice is claimed in the database (a
//! lease: `claim_notice` succeeds for one instance), then sent, then marked as sent. A failed send
//! gives the claim up, so the next run (every `server.job_interval`) tries again; a claim left by
//! a crashed instance is taken over once its lease has run out. A send is bounded by
//! `mail.send_timeout` and the lease is longer than that, so two instances never send the same
//! notice.
//!
//! The 財形 retention purge (`zaikei.keep_cycles`) runs in the same loop. It needs no lease: its
//! DELETE is by `base_date < cutoff` per group and document, so instances running it at once
//! delete each row once and leave the same result (`cjs_store::zaikei::purge`).

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
    let lease = notice_lease(state);
    let mut sent = Sent::default();
    for cert in rows {
        let not_after = from_db(cert.not_after);
        let due = match notice_due(not_after, now, &policy) {
            Some(ExpiryNotice::BeforeExpiry) if cert.notified_expiring_at.is_none() => false,
            Some(ExpiryNotice::Expired) => true,
            _ => continue,
        };
        let claim = uuid::Uuid::new_v4().simple().to_string();
        let (serial, uid, c_claim) = (cert.serial.clone(), cert.user_id.clone(), claim.clone());
        let claimed = state
            .db(move |c| {
                if !certificates::claim_notice(c, &serial, due, &c_claim, now, lease)? {
                    return Ok(None);
                }
                users::find(c, &uid).map(Some)
            })
            .await?;
        let Some(user) = claimed else { continue };
        let Some(user) = user else {
            // Nobody left to tell.
            let (serial, claim) = (cert.serial.clone(), claim.clone());
            state
                .db(move |c| certificates::mark_notified(c, &serial, due, &claim, now))
                .await?;
            continue;
        };
        let when = views::jst_text(not_after);
        let (subject, body) = if due {
            templates::certificate_expired(&user.user_name, &user.user_id, &when)
        } else {
            let days = (not_after - now).num_days().max(0);
            templates::certificate_expiring(&user.user_name, &user.user_id, &when, days)
        };
        let to = user.email.clone();
        let result = state.mailer.send(OutgoingMail { to, subject, body }).await;
        let serial = cert.serial.clone();
        if let Err(e) = result {
            tracing::warn!(user_id = %user.user_id, error = %e, "expiry notice not sent; retried at the next run");
            state
                .db(move |c| certificates::release_notice(c, &serial, &claim))
                .await?;
            continue;
        }
        let marked = state
            .db(move |c| certificates::mark_notified(c, &serial, due, &claim, now))
            .await?;
        if !marked {
            tracing::warn!(user_id = %user.user_id, "expiry notice sent after its claim ran out");
        }
        if due {
            sent.expired += 1;
        } else {
            sent.expiring += 1;
        }
    }
    Ok(sent)
}

/// One retention pass over every group's 財形 cycles; how many cycles went.
pub async fn purge_zaikei(state: &AppState) -> Result<usize, AppError> {
    let now = state.clock.now();
    let keep = state.settings.zaikei.keep_cycles;
    let purged = state
        .db(move |c| cjs_store::zaikei::purge(c, None, keep, false, now))
        .await?;
    Ok(purged.len())
}

/// How long a claim on a notice holds: well over one bounded send.
fn notice_lease(state: &AppState) -> chrono::Duration {
    let send = chrono::Duration::from_std(state.settings.mail.send_timeout)
        .unwrap_or(chrono::Duration::minutes(1));
    (send * 2).max(chrono::Duration::minutes(5))
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
            match purge_zaikei(&state).await {
                Ok(n) if n > 0 => tracing::info!(cycles = n, "財形 cycles past retention purged"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "財形 retention purge failed"),
            }
        }
    });
}

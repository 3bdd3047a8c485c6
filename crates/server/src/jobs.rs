//! Background work, run once across instances. Each job (the certificate expiry notices, the
//! 財形 retention purge) has a lease row in the database (`cjs_store::jobs`): every instance looks
//! every `server.job_check` whether a job is due (its last completed run at least
//! `server.job_interval` ago), and the one instance whose single `INSERT … ON CONFLICT DO UPDATE …
//! WHERE` takes the lease runs it, renewing the lease while it runs; the others skip it. A holder
//! that dies leaves a lease that runs out after `LEASE`, the job still due, and the next instance
//! to look takes it over. Each instance has an id (`server.instance_id`, else host, process id
//! and a random suffix), logged at start and recorded as the lease's holder.
//!
//! Inside the expiry-notice job each notice is claimed besides (`claim_notice`), sent, then
//! marked as sent: a failed send gives the claim up, so the next run tries again. The 財形 purge's
//! DELETE is by `base_date < cutoff` per group and document, harmless even when
//! `cjs operator zaikei purge` runs at the same moment (`cjs_store::zaikei::purge`).

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

/// The expiry-notice job's name in `job_leases`.
pub const EXPIRY_NOTICES: &str = "expiry_notices";
/// The 財形 retention purge's name in `job_leases`.
pub const ZAIKEI_PURGE: &str = "zaikei_purge";
/// Every job, in the order an instance looks at them.
pub const JOBS: [&str; 2] = [EXPIRY_NOTICES, ZAIKEI_PURGE];

/// How long a lease holds without renewal: a dead holder's job waits this long at most.
pub const LEASE: chrono::Duration = chrono::Duration::minutes(2);

/// What one look at one job came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// This instance ran it; what it did.
    Ran(String),
    /// Not due, or another instance holds it.
    Skipped,
    /// This instance ran it and it failed; it stays due.
    Failed(String),
}

/// One instance's job runner: its id and the jobs' period.
#[derive(Clone)]
pub struct Runner {
    state: AppState,
    instance: String,
    period: chrono::Duration,
}

impl Runner {
    pub fn new(state: AppState, instance: impl Into<String>, period: Duration) -> Self {
        Runner {
            state,
            instance: instance.into(),
            // Beyond any real setting: a century.
            period: chrono::Duration::from_std(period)
                .unwrap_or(chrono::Duration::days(36_500))
                .min(chrono::Duration::days(36_500)),
        }
    }

    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// Looks at every job once and runs those this instance gets the lease of.
    pub async fn run_due(&self) -> Vec<(&'static str, Outcome)> {
        let mut out = Vec::with_capacity(JOBS.len());
        for job in JOBS {
            let outcome = match self.take(job).await {
                Ok(false) => Outcome::Skipped,
                Ok(true) => self.run_held(job).await,
                Err(e) => Outcome::Failed(e.to_string()),
            };
            match &outcome {
                Outcome::Skipped => tracing::debug!(
                    job,
                    instance = %self.instance,
                    "job not run here: not due, or held by another instance"
                ),
                Outcome::Ran(summary) => {
                    tracing::info!(job, instance = %self.instance, %summary, "job ran")
                }
                Outcome::Failed(error) => {
                    tracing::warn!(job, instance = %self.instance, %error, "job failed; due again")
                }
            }
            out.push((job, outcome));
        }
        out
    }

    async fn take(&self, job: &'static str) -> Result<bool, AppError> {
        let (now, me, period) = (self.state.clock.now(), self.instance.clone(), self.period);
        self.state
            .db(move |c| cjs_store::jobs::acquire(c, job, &me, now, LEASE, period))
            .await
    }

    /// Runs a job whose lease this instance holds, renewing the lease while it runs; records the
    /// run, or on failure only lets the lease go.
    async fn run_held(&self, job: &'static str) -> Outcome {
        let started = self.state.clock.now();
        let work = async {
            match job {
                EXPIRY_NOTICES => send_expiry_notices(&self.state)
                    .await
                    .map(|s| format!("expiring {}, expired {}", s.expiring, s.expired)),
                _ => purge_zaikei(&self.state)
                    .await
                    .map(|n| format!("{n} cycles purged")),
            }
        };
        let renew = async {
            let every = (LEASE / 3).to_std().unwrap_or(Duration::from_secs(40));
            let mut tick = actix_web::rt::time::interval_at(
                actix_web::rt::time::Instant::now() + every,
                every,
            );
            loop {
                tick.tick().await;
                let (now, me) = (self.state.clock.now(), self.instance.clone());
                let held = self
                    .state
                    .db(move |c| cjs_store::jobs::renew(c, job, &me, now, LEASE))
                    .await;
                if !matches!(held, Ok(true)) {
                    tracing::warn!(job, instance = %self.instance, "job lease could not be renewed");
                }
            }
        };
        futures_util::pin_mut!(work, renew);
        let result = match futures_util::future::select(work, renew).await {
            futures_util::future::Either::Left((result, _)) => result,
            futures_util::future::Either::Right((_, work)) => work.await,
        };
        let (now, me) = (self.state.clock.now(), self.instance.clone());
        match result {
            Ok(summary) => {
                let recorded = self
                    .state
                    .db(move |c| cjs_store::jobs::finish(c, job, &me, started, now))
                    .await;
                match recorded {
                    Ok(true) => Outcome::Ran(summary),
                    Ok(false) => Outcome::Failed(format!("{summary}; lease lost before the end")),
                    Err(e) => Outcome::Failed(format!("{summary}; not recorded: {e}")),
                }
            }
            Err(e) => {
                let _ = self
                    .state
                    .db(move |c| cjs_store::jobs::release(c, job, &me, now))
                    .await;
                Outcome::Failed(e.to_string())
            }
        }
    }
}

/// This process's instance id: `server.instance_id`, else host name, process id and a random
/// suffix (a restarted process is a new instance).
pub fn instance_id(configured: Option<&str>) -> String {
    if let Some(id) = configured.map(str::trim).filter(|s| !s.is_empty()) {
        return id.to_owned();
    }
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "cjs".into());
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    format!("{host}-{}-{}", std::process::id(), &suffix[..6])
}

/// Looks at the jobs every `server.job_check` until the server stops; each runs every
/// `server.job_interval` across all instances.
pub fn spawn(state: AppState, instance: String) {
    let period = state.settings.server.job_interval;
    let check = state
        .settings
        .server
        .job_check
        .max(Duration::from_millis(100));
    tracing::info!(
        instance = %instance,
        every = ?period,
        check = ?check,
        "background jobs: this instance takes part"
    );
    let runner = Runner::new(state, instance, period);
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(check);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            runner.run_due().await;
        }
    });
}

//! What every handler can reach. No other state: sessions, counters and jobs live in the database,
//! so several instances can share one PostgreSQL.

use std::sync::Arc;

use cjs_domain::Clock;
use cjs_pki::Pki;
use cjs_store::{Backend, Pool};

use crate::config::Settings;
use crate::mail::Mailer;

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub pool: Pool,
    /// The database threads every `db` call runs on (see `crate::db`).
    pub db_threads: crate::db::DbThreads,
    pub backend: Backend,
    pub pki: Arc<Pki>,
    pub clock: Arc<dyn Clock>,
    pub mailer: Mailer,
    /// The Prometheus registry (`crate::metrics`), served on the metrics listener when configured.
    pub metrics: Arc<crate::metrics::Metrics>,
}

impl AppState {
    /// Appends to the operation log. A failure to log fails the request: nothing happens
    /// unrecorded.
    pub async fn log(&self, entry: cjs_store::oplog::Entry) -> Result<(), crate::error::AppError> {
        self.db(move |conn| cjs_store::oplog::append(conn, &entry).map(|_| ()))
            .await
    }

    /// Runs blocking store work off the async workers, on a database thread that keeps its
    /// connection (`crate::db`).
    pub async fn db<T, F>(&self, f: F) -> Result<T, crate::error::AppError>
    where
        F: FnOnce(&mut cjs_store::DbConnection) -> Result<T, cjs_store::StoreError>
            + Send
            + 'static,
        T: Send + 'static,
    {
        Ok(self.db_threads.run(f).await?)
    }

    /// Runs a change made by a logged-in user and writes its operation-log entry — who, screen
    /// ID, function, target, result (the catalogue's code and message on failure) and the detail
    /// the change reports — whether it succeeded or not. Every state-changing call behind the
    /// login goes through here.
    pub async fn audited<Fut>(
        &self,
        ctx: &crate::ctx::Ctx,
        who: &crate::auth::Authenticated,
        audit: Audit,
        work: Fut,
    ) -> Result<actix_web::HttpResponse, crate::error::AppError>
    where
        Fut: std::future::Future<Output = Result<Done, crate::error::AppError>>,
    {
        let journal = self.journal(ctx, who, audit);
        self.audited_in(&journal, work).await
    }

    /// The operation-log entry of a change about to be made (who, screen, function, target), for
    /// `commit` and `audited_in`.
    pub fn journal(
        &self,
        ctx: &crate::ctx::Ctx,
        who: &crate::auth::Authenticated,
        audit: Audit,
    ) -> Journal {
        let mut entry = ctx.entry(self.clock.now(), audit.screen, audit.action);
        entry.user_id = Some(who.user.user_id.clone());
        entry.contract_number = Some(who.contract.contract_number.clone());
        entry.function = audit
            .function
            .map(|f| f.as_str().to_owned())
            .unwrap_or_default();
        entry.target = audit.target;
        Journal {
            entry,
            committed: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// `audited` for work that stores its change with `commit`: the change and its success entry
    /// are then already in the log together; a failure (before or after the commit) is logged in
    /// its own transaction, and work that never committed is logged as `audited` does.
    pub async fn audited_in<Fut>(
        &self,
        journal: &Journal,
        work: Fut,
    ) -> Result<actix_web::HttpResponse, crate::error::AppError>
    where
        Fut: std::future::Future<Output = Result<Done, crate::error::AppError>>,
    {
        let mut entry = journal.entry.clone();
        let result = match work.await {
            Ok(done) if journal.is_committed() => return Ok(done.response),
            Ok(done) => {
                entry.detail = done.detail;
                Ok(done.response)
            }
            Err(e) => Err(e),
        };
        self.finish(entry, result).await
    }

    /// Runs a change's store work in one transaction and appends its success entry (with
    /// `detail`) in the same transaction: both commit or neither does. A refusal (`Ok(Err(_))`)
    /// or a store error rolls everything back and comes back as the error, which `audited_in`
    /// then logs as a failure.
    pub async fn commit<T, F>(
        &self,
        journal: &Journal,
        detail: impl Into<String>,
        f: F,
    ) -> Result<T, crate::error::AppError>
    where
        F: FnOnce(
                &mut cjs_store::DbConnection,
            ) -> cjs_store::StoreResult<Result<T, crate::error::AppError>>
            + Send
            + 'static,
        T: Send + 'static,
    {
        let mut entry = journal.entry.clone();
        entry.detail = detail.into();
        let out = self
            .db(move |conn| {
                cjs_store::try_transaction(conn, |conn| {
                    let out = f(conn)?;
                    if out.is_ok() {
                        cjs_store::oplog::append(conn, &entry)?;
                    }
                    Ok(out)
                })
            })
            .await??;
        journal
            .committed
            .store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(out)
    }

    /// Logs a request's outcome (the failure as the catalogue's code and message) and returns it.
    pub async fn finish(
        &self,
        mut entry: cjs_store::oplog::Entry,
        result: Result<actix_web::HttpResponse, crate::error::AppError>,
    ) -> Result<actix_web::HttpResponse, crate::error::AppError> {
        // The master reads their contract's log: name the contract whenever the user is known.
        if entry.contract_number.is_none()
            && let Some(uid) = entry.user_id.clone()
        {
            entry.contract_number = self
                .db(move |c| cjs_store::users::find(c, &uid))
                .await?
                .map(|u| u.contract_number);
        }
        if let Err(e) = &result {
            // The master reads this: the catalogue's code and Japanese message, never the cause.
            entry.result = "failure".into();
            entry.detail = format!("{} {}", e.code, e.body().message);
        }
        self.log(entry).await?;
        result
    }
}

/// A change's operation-log entry while the change is made; `committed` once the change and the
/// entry were stored together.
pub struct Journal {
    entry: cjs_store::oplog::Entry,
    committed: std::sync::atomic::AtomicBool,
}

impl Journal {
    fn is_committed(&self) -> bool {
        self.committed.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// What a change is, for the operation log: the screen it is made on, the action, the business
/// function and the target (a user ID, a payment group …).
#[derive(Debug, Clone)]
pub struct Audit {
    pub screen: &'static str,
    pub action: &'static str,
    pub function: Option<cjs_domain::Function>,
    pub target: String,
}

impl Audit {
    pub fn new(screen: &'static str, action: &'static str, target: impl Into<String>) -> Self {
        Audit {
            screen,
            action,
            function: None,
            target: target.into(),
        }
    }

    pub fn function(mut self, f: cjs_domain::Function) -> Self {
        self.function = Some(f);
        self
    }
}

/// A change's response and what the log should say about it (never a secret).
pub struct Done {
    pub response: actix_web::HttpResponse,
    pub detail: String,
}

impl Done {
    pub fn new(response: actix_web::HttpResponse) -> Self {
        Done {
            response,
            detail: String::new(),
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

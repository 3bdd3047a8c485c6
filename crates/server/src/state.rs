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
    pub backend: Backend,
    pub pki: Arc<Pki>,
    pub clock: Arc<dyn Clock>,
    pub mailer: Mailer,
}

impl AppState {
    /// Appends to the operation log. A failure to log fails the request: nothing happens
    /// unrecorded.
    pub async fn log(&self, entry: cjs_store::oplog::Entry) -> Result<(), crate::error::AppError> {
        self.db(move |conn| cjs_store::oplog::append(conn, &entry).map(|_| ()))
            .await
    }

    /// Runs blocking store work off the async workers.
    pub async fn db<T, F>(&self, f: F) -> Result<T, crate::error::AppError>
    where
        F: FnOnce(&mut cjs_store::DbConnection) -> Result<T, cjs_store::StoreError>
            + Send
            + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let out = actix_web::web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await??;
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

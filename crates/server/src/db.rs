//! The database threads: every piece of store work runs on one of a fixed set of threads, as many
//! as the pool has connections, each keeping its connection between jobs.
//!
//! Before, each request went to actix's blocking pool (up to hundreds of threads) and then waited
//! there for one of the pool's connections: under load, dozens of threads woke, fought over the
//! pool's mutex and slept again, and every checkout ran a validation statement. Now a request
//! hands its closure to a queue; a database thread that already holds a connection runs it and
//! sends the result back. Nothing is cached: every job reads the database as it is.
//!
//! A connection that has not been used for [`RECHECK_AFTER`], or whose last job failed, goes back
//! to the pool and is checked out again, so the pool's validation (the database answers, the
//! SQLite file is the one opened) still runs before it serves again. A job that waited in the
//! queue longer than [`QUEUE_TIMEOUT`] is answered "unavailable" (503) without touching the
//! database, like a checkout that timed out.
//!
//! Measured on `GET /me` (2 cores, release build, alternating runs of the bench's load client) and
//! not kept: SQLite reads run on the actix worker itself, with a read-only connection per worker
//! and no hand-off, took ~130 µs of server CPU per request against ~80 µs here (0.20 of the bare
//! handler against 0.29–0.34; with one such reader for both workers 0.29–0.30); a mutex-and-condvar
//! queue, whose idle threads sleep at once instead of spinning briefly as crossbeam's do, 0.20–0.26.

use std::time::{Duration, Instant};

use cjs_store::{DbConnection, Pool, PooledConnection, StoreError};

/// A connection idle this long is validated again before its next job.
pub const RECHECK_AFTER: Duration = Duration::from_secs(1);

/// The longest a job waits for a database thread (the pool's checkout timeout before).
pub const QUEUE_TIMEOUT: Duration = Duration::from_secs(5);

type Job = Box<dyn FnOnce(&mut Slot) + Send>;

/// The queue in front of the database threads. Cloning shares it.
#[derive(Clone)]
pub struct DbThreads {
    tx: crossbeam_channel::Sender<Job>,
}

/// What a database thread keeps between jobs.
pub struct Slot {
    pool: Pool,
    held: Option<(PooledConnection, Instant)>,
}

impl Slot {
    /// Runs `f` on this thread's connection, checking one out (validated by the pool) when it has
    /// none, when it sat idle too long, or when the last job on it failed.
    fn run<T>(
        &mut self,
        f: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self
            .held
            .as_ref()
            .is_some_and(|(_, used)| used.elapsed() >= RECHECK_AFTER)
        {
            self.held = None;
        }
        let conn = match &mut self.held {
            Some((conn, _)) => conn,
            None => &mut self.held.insert((self.pool.get()?, Instant::now())).0,
        };
        let out = f(conn);
        if out.is_err() {
            // Back to the pool: r2d2 drops it if it is broken and validates it before reuse.
            self.held = None;
        } else if let Some((_, used)) = &mut self.held {
            *used = Instant::now();
        }
        out
    }
}

impl DbThreads {
    /// Starts `threads` database threads over `pool` (whose size must be at least `threads`).
    pub fn start(pool: Pool, threads: u32) -> std::io::Result<Self> {
        let (tx, rx) = crossbeam_channel::unbounded::<Job>();
        for i in 0..threads.max(1) {
            let rx = rx.clone();
            let pool = pool.clone();
            std::thread::Builder::new()
                .name(format!("cjs-db-{i}"))
                .spawn(move || {
                    let mut slot = Slot { pool, held: None };
                    // Ends when every sender (every AppState clone) is gone.
                    for job in rx.iter() {
                        job(&mut slot);
                    }
                })?;
        }
        Ok(Self { tx })
    }

    /// Runs `f` on a database thread and waits (asynchronously) for its result.
    pub async fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let (done, result) = tokio::sync::oneshot::channel();
        let queued = Instant::now();
        let job: Job = Box::new(move |slot: &mut Slot| {
            let out = if queued.elapsed() > QUEUE_TIMEOUT {
                Err(StoreError::Unavailable(
                    "the database did not answer in time (queue)".into(),
                ))
            } else {
                slot.run(f)
            };
            let _ = done.send(out);
        });
        self.tx
            .send(job)
            .map_err(|_| StoreError::Unavailable("the database threads have stopped".into()))?;
        result
            .await
            .map_err(|_| StoreError::Unavailable("a database thread stopped".into()))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool() -> Pool {
        let url = cjs_store::DatabaseUrl::Sqlite(":memory:".into());
        cjs_store::build_pool(&url, 2).expect("pool")
    }

    #[tokio::test]
    async fn jobs_run_and_their_errors_come_back() {
        let db = DbThreads::start(pool(), 2).expect("threads");
        let n = db
            .run(|c| cjs_store::connection::ping(c).map(|()| 7))
            .await
            .expect("ping");
        assert_eq!(n, 7);
        let e = db
            .run(|_| Err::<(), _>(StoreError::Unavailable("x".into())))
            .await
            .expect_err("error");
        assert!(matches!(e, StoreError::Unavailable(_)));
        // The thread that failed checks a connection out again and goes on.
        for _ in 0..4 {
            db.run(cjs_store::connection::ping).await.expect("again");
        }
    }

    #[tokio::test]
    async fn many_concurrent_jobs_share_few_threads() {
        let db = DbThreads::start(pool(), 2).expect("threads");
        let all = (0..200).map(|i| {
            let db = db.clone();
            async move {
                db.run(move |c| cjs_store::connection::ping(c).map(|()| i))
                    .await
            }
        });
        let sum: i64 = futures_util::future::join_all(all)
            .await
            .into_iter()
            .map(|r| r.expect("ok"))
            .sum();
        assert_eq!(sum, (0..200i64).sum::<i64>());
    }
}

//! `job_leases`: a background job runs once across instances. An instance runs a job only while
//! it holds the job's lease, and takes the lease only when the job is due: one statement
//! (`acquire`) that inserts the lease or takes it over when it has run out (or is already ours)
//! **and** the last completed run started at least one period ago. While the job runs its holder
//! renews the lease (`renew`); at the end it records the run and lets the lease go (`finish`), or
//! only lets it go when the run failed (`release`), so the job is due again at once. A holder that
//! dies leaves a lease that runs out; the job is still due, and the next instance to look takes it.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Text, Timestamp};

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::job_leases;
use crate::time::to_db;

/// A job's lease row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = job_leases)]
pub struct Lease {
    pub job: String,
    pub holder: String,
    pub expires_at: NaiveDateTime,
    pub last_run_at: Option<NaiveDateTime>,
    pub last_holder: Option<String>,
    pub runs: i64,
}

/// The same statement on both backends: `?` placeholders, numbered for PostgreSQL.
fn numbered(conn: &DbConnection, sql: &str) -> String {
    match conn {
        DbConnection::Sqlite(_) => sql.to_owned(),
        DbConnection::Postgresql(_) => {
            let mut out = String::with_capacity(sql.len() + 8);
            let mut n = 0;
            for ch in sql.chars() {
                if ch == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(ch);
                }
            }
            out
        }
    }
}

const ACQUIRE: &str = "INSERT INTO job_leases (job, holder, expires_at, runs) VALUES (?, ?, ?, 0) \
     ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
     WHERE (job_leases.expires_at <= ? OR job_leases.holder = ?) \
     AND (job_leases.last_run_at IS NULL OR job_leases.last_run_at <= ?)";

/// Takes `job`'s lease for `holder` until `now + lease` when the job is due (never run, or last
/// run at or before `now - period`) and the lease is free (run out, or already `holder`'s).
/// True when `holder` now holds it and should run the job. One atomic statement: of several
/// instances asking at once, at most one gets `true`.
pub fn acquire(
    conn: &mut DbConnection,
    job: &str,
    holder: &str,
    now: DateTime<Utc>,
    lease: Duration,
    period: Duration,
) -> StoreResult<bool> {
    let sql = numbered(conn, ACQUIRE);
    let n = crate::on_backend!(conn, |c| diesel::sql_query(&sql)
        .bind::<Text, _>(job)
        .bind::<Text, _>(holder)
        .bind::<Timestamp, _>(to_db(now + lease))
        .bind::<Timestamp, _>(to_db(now))
        .bind::<Text, _>(holder)
        .bind::<Timestamp, _>(to_db(now - period))
        .execute(c))?;
    Ok(n == 1)
}

/// Extends `holder`'s lease to `now + lease`; false when it is no longer `holder`'s (it ran out
/// and another instance took it).
pub fn renew(
    conn: &mut DbConnection,
    job: &str,
    holder: &str,
    now: DateTime<Utc>,
    lease: Duration,
) -> StoreResult<bool> {
    let n = diesel::update(
        job_leases::table
            .filter(job_leases::job.eq(job))
            .filter(job_leases::holder.eq(holder)),
    )
    .set(job_leases::expires_at.eq(to_db(now + lease)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Records a completed run that started at `started` and lets the lease go at `now`; false when
/// the lease was no longer `holder`'s (nothing recorded).
pub fn finish(
    conn: &mut DbConnection,
    job: &str,
    holder: &str,
    started: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let n = diesel::update(
        job_leases::table
            .filter(job_leases::job.eq(job))
            .filter(job_leases::holder.eq(holder)),
    )
    .set((
        job_leases::expires_at.eq(to_db(now)),
        job_leases::last_run_at.eq(to_db(started)),
        job_leases::last_holder.eq(holder),
        job_leases::runs.eq(job_leases::runs + 1),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Lets the lease go without recording a run (the run failed: the job stays due).
pub fn release(
    conn: &mut DbConnection,
    job: &str,
    holder: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let n = diesel::update(
        job_leases::table
            .filter(job_leases::job.eq(job))
            .filter(job_leases::holder.eq(holder)),
    )
    .set(job_leases::expires_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Every job's lease, by name.
pub fn list(conn: &mut DbConnection) -> StoreResult<Vec<Lease>> {
    Ok(job_leases::table
        .order(job_leases::job)
        .select(Lease::as_select())
        .load(conn)?)
}

/// One job's lease.
pub fn find(conn: &mut DbConnection, job: &str) -> StoreResult<Option<Lease>> {
    Ok(job_leases::table
        .filter(job_leases::job.eq(job))
        .select(Lease::as_select())
        .first(conn)
        .optional()?)
}

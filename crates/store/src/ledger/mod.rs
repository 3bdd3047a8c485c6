//! 賃控元帳事務: items, lines with their history (one at a time, 一括更新, import — each in one
//! transaction), and each cycle's 控除依頼 with results. Layouts: `docs/ledger.md`.
//!
//! Money is summed by the database (`SUM` cast to BIGINT). A refusal
//! (`cjs_domain::ledger::Refusal`) comes back as `Ok(Err(_))` with nothing written; the version
//! check of a change is in the same statement as the change. `Writer` and `CycleKey` are the
//! 労金控除 ones.

pub mod items;
pub mod lines;
pub mod runs;

pub use crate::deduction::{CycleKey, Writer};

/// The backend type of [`crate::DbConnection`], for boxed queries.
pub(crate) type Db = <crate::DbConnection as diesel::Connection>::Backend;

/// Rows per multi-row INSERT: at most 20 columns × 1000 stays under SQLite's 32,766 and
/// PostgreSQL's 65,535 bound parameters.
pub(crate) const BATCH: usize = 1000;

/// A new line's id: a UUIDv7, time-ordered (a millisecond timestamp, then a counter and random
/// bits), so a bulk insert appends to the end of the primary key's B-tree and the history's
/// `(line_id, version)` key instead of touching a random page of each for every row.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// SQLite's page cache, in KiB, while one bulk write (import, 一括更新, generate) runs, instead
/// of the default 2 MB. Measured on a 100,000-line import (lines, history and their indexes,
/// about 110 MB of pages): 16 MB writes as fast as 64 MB did (the pages spilled to the WAL
/// mid-transaction are mostly the appended ones, written once either way) and keeps 48 MB less
/// resident, which the import's peak (goal < 300 MB) needs. Pages are allocated only as used.
const BULK_CACHE_KIB: i64 = 16_384;

/// Runs `f` with the larger page cache on a SQLite connection and puts the default back
/// afterwards (a pooled connection would otherwise keep the memory). PostgreSQL needs nothing.
/// (`temp_store` is left alone: changing it drops the connection's temporary objects.)
pub(crate) fn bulk<T>(
    conn: &mut crate::DbConnection,
    f: impl FnOnce(&mut crate::DbConnection) -> crate::StoreResult<T>,
) -> crate::StoreResult<T> {
    use diesel::connection::SimpleConnection;
    let crate::DbConnection::Sqlite(c) = conn else {
        return f(conn);
    };
    c.batch_execute(&format!("PRAGMA cache_size = -{BULK_CACHE_KIB};"))?;
    let result = f(conn);
    if let crate::DbConnection::Sqlite(c) = conn {
        let reset = c.batch_execute("PRAGMA cache_size = -2000;");
        if result.is_ok() {
            reset?;
        }
    }
    result
}

/// Who changes, on which screen (the history's 画面ID), when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp<'a> {
    pub writer: Writer<'a>,
    pub screen: &'a str,
    pub now: chrono::DateTime<chrono::Utc>,
}

/// A writing transaction that rolls back on a refusal: `BEGIN IMMEDIATE` on SQLite (the write
/// lock is taken before the first read, so a read-then-write never fails to upgrade). Outermost,
/// a refusal rolls the whole transaction back; inside a caller's transaction, it rolls back to a
/// savepoint. (Not a savepoint every time: inside one, SQLite copies every page it changes that
/// existed before to a sub-journal first, a tenth of a 100,000-line import's time.)
pub(crate) fn write_tx<T, F>(
    conn: &mut crate::DbConnection,
    f: F,
) -> crate::StoreResult<Result<T, cjs_domain::ledger::Refusal>>
where
    F: FnOnce(
        &mut crate::DbConnection,
    ) -> crate::StoreResult<Result<T, cjs_domain::ledger::Refusal>>,
{
    if crate::connection::in_transaction(conn)? {
        return crate::transaction(conn, |c| crate::try_transaction(c, f));
    }
    let mut refusal = None;
    let out = crate::transaction(conn, |c| match f(c)? {
        Ok(t) => Ok(t),
        Err(r) => {
            refusal = Some(r);
            // Any error rolls the transaction back; the refusal is what comes out.
            Err(crate::StoreError::NotFound)
        }
    });
    match (out, refusal) {
        (_, Some(r)) => Ok(Err(r)),
        (Ok(t), None) => Ok(Ok(t)),
        (Err(e), None) => Err(e),
    }
}

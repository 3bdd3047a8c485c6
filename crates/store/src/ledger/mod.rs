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
/// of the default 2 MB: a 100,000-line transaction's pages (lines, history and their indexes)
/// then stay in memory until the commit writes them once, instead of being spilled to the WAL
/// mid-transaction and written again. Pages are allocated only as they are used.
const BULK_CACHE_KIB: i64 = 65_536;

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
/// lock is taken before the first read, so a read-then-write never fails to upgrade), with the
/// refusal rolled back to a savepoint inside it.
pub(crate) fn write_tx<T, F>(
    conn: &mut crate::DbConnection,
    f: F,
) -> crate::StoreResult<Result<T, cjs_domain::ledger::Refusal>>
where
    F: FnOnce(
        &mut crate::DbConnection,
    ) -> crate::StoreResult<Result<T, cjs_domain::ledger::Refusal>>,
{
    crate::transaction(conn, |c| crate::try_transaction(c, f))
}

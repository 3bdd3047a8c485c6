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

//! 労金控除事務: details and their history, each cycle's request data (lines, 入金中止,
//! まとめ入金, results) and the group's 入金先. Layouts: `docs/deduction.md`.
//!
//! Money is summed by the database (`SUM` cast to BIGINT: PostgreSQL's `SUM(bigint)` is numeric).
//! A refusal (`cjs_domain::deduction::Refusal`) comes back as `Ok(Err(_))` before anything is
//! written; the version check of a change is in the same statement as the change.

pub mod details;
pub mod payees;
pub mod runs;

use chrono::NaiveDate;
use cjs_domain::deduction::YearMonth;
use cjs_domain::schedule::Occasion;

/// The backend type of [`crate::DbConnection`], for boxed queries.
pub(crate) type Db = <crate::DbConnection as diesel::Connection>::Backend;

/// A multi-row INSERT: diesel's `MultiConnection` cannot batch, so it runs on the backend's own
/// connection (the same statement either way).
macro_rules! batch_insert {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            $crate::DbConnection::Sqlite(c) => {
                ::diesel::RunQueryDsl::execute(::diesel::insert_into($table).values($rows), c)
            }
            $crate::DbConnection::Postgresql(c) => {
                ::diesel::RunQueryDsl::execute(::diesel::insert_into($table).values($rows), c)
            }
        }
    };
}
pub(crate) use batch_insert;

/// A cycle of one payment group: 支給区分 and 控除年月.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CycleKey<'a> {
    pub payment_group: &'a str,
    pub occasion: Occasion,
    pub month: YearMonth,
}

impl CycleKey<'_> {
    pub(crate) fn month_date(&self) -> NaiveDate {
        self.month.first_day()
    }

    /// `group/occasion/YYYY-MM`, the operation log's target.
    pub fn target(&self) -> String {
        format!(
            "{}/{}/{}",
            self.payment_group,
            self.occasion.as_str(),
            self.month
        )
    }
}

/// Who writes (the history and 入金中止 name them): a user, or the bank (`user_id: None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Writer<'a> {
    pub user_id: Option<&'a str>,
    /// ユーザー名, or 「金庫」.
    pub user_name: &'a str,
}

impl Writer<'_> {
    pub const BANK: Writer<'static> = Writer {
        user_id: None,
        user_name: "金庫",
    };
}

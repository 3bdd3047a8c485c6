//! 控除結果データ: payroll's file of the cycle's results (CSV, `docs/ledger.md` §6.4, imported at
//! LR107101).
//!
//! ```text
//! 職員番号,種目コード,結果,不能理由,不能理由（その他）
//! ```
//!
//! [`parse`] reads the bytes (CP932, UTF-8 with or without BOM, detected) into the domain's raw
//! rows and the file's own problems; `cjs_domain::ledger::results::plan_file` matches each row
//! to a run line by 職員番号 + 種目コード and checks the cells.

use cjs_domain::ledger::{ImportRow, RESULT_HEADER, RowProblem};

/// The header row the file must have.
pub const COLUMNS: [&str; 5] = RESULT_HEADER;

/// Reads payroll's file: as [`super::lines_csv::parse`], with [`COLUMNS`].
pub fn parse(bytes: &[u8]) -> (Vec<ImportRow>, Vec<RowProblem>) {
    super::read(bytes, &COLUMNS)
}

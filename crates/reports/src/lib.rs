//! cjs-reports: every CSV and PDF the menus promise, as pure functions from data to bytes.
//!
//! CSV files go to spreadsheets and payroll programs on Japanese Windows: CP932 (Shift_JIS) is the
//! default there, UTF-8 with a BOM the portable choice. PDF layouts arrive with the business
//! features.

pub mod csv_out;

pub use csv_out::{CsvEncoding, CsvError, write_csv};

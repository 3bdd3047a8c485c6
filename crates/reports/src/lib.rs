//! cjs-reports: every CSV and PDF the menus promise, as pure functions from data to bytes.
//!
//! CSV files go to spreadsheets and payroll programs on Japanese Windows: CP932 (Shift_JIS as
//! Windows extends it) is the default there, UTF-8 with a BOM the portable choice. PDF lists are
//! A4 tables set in IPAex Gothic, which is compiled in and subset into each file.
//!
//! - [`csv`]: streamed CSV output ([`csv::CsvWriter`]).
//! - [`import`]: CSV input from the bank and from users, with every problem named by line and
//!   column ([`import::CsvImport`], [`import::Problems`]).
//! - [`pdf`]: paginated list reports ([`pdf::ListReport`]).
//! - One folder per business area (`admin/`, [`deduction`] 労金控除事務, [`ledger`] 賃控元帳事務,
//!   [`zaikei`] 財形貯蓄事務, and the business menus beside them) holds that area's layouts.

pub mod admin;
pub mod collective;
pub mod cp932;
pub mod csv;
pub mod deduction;
pub mod import;
pub mod ledger;
mod linebreak;
pub mod pdf;
pub mod zaikei;

pub use csv::{CsvEncoding, CsvError, write_csv};

/// Whole yen with thousands separators, as printed in lists: `1234567` → `1,234,567`,
/// `-500` → `-500`. No currency sign: the column title says 円.
pub fn yen(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if amount < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::yen;

    #[test]
    fn yen_groups_thousands_and_keeps_the_minus() {
        assert_eq!(yen(0), "0");
        assert_eq!(yen(999), "999");
        assert_eq!(yen(1000), "1,000");
        assert_eq!(yen(1_234_567), "1,234,567");
        assert_eq!(yen(-500), "-500");
        assert_eq!(yen(-1_000), "-1,000");
        assert_eq!(yen(i64::MIN), "-9,223,372,036,854,775,808");
        assert_eq!(yen(i64::MAX), "9,223,372,036,854,775,807");
    }
}

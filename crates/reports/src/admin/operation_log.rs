//! 操作ログ CSV: the layout of the master's download (one row per entry, newest first).

use std::io::Write;

use crate::csv::{CsvEncoding, CsvError, CsvWriter};

/// The columns, in order.
pub const COLUMNS: [&str; 10] = [
    "日時",
    "ユーザーID",
    "画面ID",
    "機能",
    "操作",
    "対象",
    "結果",
    "内容",
    "接続元",
    "証明書",
];

/// One entry as the CSV shows it (the time already in JST text).
pub struct LogLine<'a> {
    pub at: &'a str,
    pub user_id: &'a str,
    pub screen_id: &'a str,
    pub function: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub result: &'a str,
    pub detail: &'a str,
    pub client_addr: &'a str,
    pub cert_thumbprint: &'a str,
}

/// Writes the whole file, or nothing usable: a value CP932 cannot hold names its row and column.
pub fn write<'a, W: Write>(
    out: W,
    encoding: CsvEncoding,
    lines: impl IntoIterator<Item = LogLine<'a>>,
) -> Result<W, CsvError> {
    let mut w = CsvWriter::new(out, encoding, &COLUMNS)?;
    for l in lines {
        w.write_row(&[
            l.at,
            l.user_id,
            l.screen_id,
            l.function,
            l.action,
            l.target,
            l.result,
            l.detail,
            l.client_addr,
            l.cert_thumbprint,
        ])?;
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line<'a>(action: &'a str, detail: &'a str) -> LogLine<'a> {
        LogLine {
            at: "2024年05月07日 09:00",
            user_id: "rokin01",
            screen_id: "DM492101",
            function: "システム管理機能",
            action,
            target: "kumiai02",
            result: "success",
            detail,
            client_addr: "192.0.2.1",
            cert_thumbprint: "ab",
        }
    }

    #[test]
    fn the_operation_log_csv_has_the_columns_in_order_and_neutralises_formulas() {
        let bytes = write(
            Vec::new(),
            CsvEncoding::Utf8Bom,
            [line("ユーザー情報変更", "=HYPERLINK(\"x\")")],
        )
        .expect("written");
        let text = String::from_utf8(bytes).expect("utf-8");
        let mut lines = text.trim_start_matches('\u{feff}').lines();
        assert_eq!(
            lines.next(),
            Some("日時,ユーザーID,画面ID,機能,操作,対象,結果,内容,接続元,証明書")
        );
        let row = lines.next().expect("a row");
        assert!(row.contains("'=HYPERLINK"), "{row}");
    }

    #[test]
    fn a_name_cp932_cannot_hold_is_refused_with_its_row_and_column() {
        let err = write(Vec::new(), CsvEncoding::Cp932, [line("変更", "😀")]).expect_err("refused");
        let text = err.to_string();
        assert!(text.contains('2') && text.contains('8'), "{text}");
    }
}

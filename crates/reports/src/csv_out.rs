//! A table to CSV bytes in the encoding the user chose, all or nothing: a value that CP932
//! cannot hold is an error naming its row and column, never a silent `?`.

/// The character encoding of a CSV download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvEncoding {
    /// Shift_JIS as Windows extends it; what Excel on Japanese Windows opens directly.
    Cp932,
    /// UTF-8 with a byte-order mark, so Excel recognises it.
    Utf8Bom,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CsvError {
    /// 1-based row (header = 1) and column of a value CP932 cannot encode.
    #[error("row {row}, column {column}: {value:?} cannot be written in CP932")]
    Unencodable {
        row: usize,
        column: usize,
        value: String,
    },
    #[error("csv: {0}")]
    Csv(String),
}

/// Writes `header` and `rows` with CRLF line ends (as Excel writes them).
pub fn write_csv<R, C>(header: &[&str], rows: R, encoding: CsvEncoding) -> Result<Vec<u8>, CsvError>
where
    R: IntoIterator<Item = C>,
    C: AsRef<[String]>,
{
    let mut out = Vec::new();
    if encoding == CsvEncoding::Utf8Bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut line = 1usize;
    let put =
        |w: &mut csv::Writer<Vec<u8>>, fields: &[&str], line: usize| -> Result<(), CsvError> {
            if encoding == CsvEncoding::Cp932 {
                for (i, v) in fields.iter().enumerate() {
                    let (_, _, lossy) = encoding_rs::SHIFT_JIS.encode(v);
                    if lossy {
                        return Err(CsvError::Unencodable {
                            row: line,
                            column: i + 1,
                            value: (*v).to_owned(),
                        });
                    }
                }
            }
            w.write_record(fields)
                .map_err(|e| CsvError::Csv(e.to_string()))
        };
    put(&mut w, header, line)?;
    for row in rows {
        line += 1;
        let fields: Vec<&str> = row.as_ref().iter().map(String::as_str).collect();
        put(&mut w, &fields, line)?;
    }
    let text = w.into_inner().map_err(|e| CsvError::Csv(e.to_string()))?;
    match encoding {
        CsvEncoding::Utf8Bom => out.extend_from_slice(&text),
        CsvEncoding::Cp932 => {
            let s = String::from_utf8_lossy(&text);
            out.extend_from_slice(&encoding_rs::SHIFT_JIS.encode(&s).0);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Vec<String>> {
        vec![vec![
            "00123".into(),
            "ﾛｳｷﾝ ﾀﾛｳ".into(),
            "労金 太郎".into(),
            "12,000".into(),
        ]]
    }

    #[test]
    fn utf8_starts_with_a_bom_and_ends_lines_with_crlf() {
        let bytes = write_csv(
            &["職員番号", "カナ氏名", "漢字氏名", "金額"],
            rows(),
            CsvEncoding::Utf8Bom,
        )
        .expect("csv");
        let text = String::from_utf8(bytes).expect("utf8");
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(
            text.trim_start_matches('\u{feff}'),
            "職員番号,カナ氏名,漢字氏名,金額\r\n00123,ﾛｳｷﾝ ﾀﾛｳ,労金 太郎,\"12,000\"\r\n"
        );
    }

    #[test]
    fn cp932_round_trips_half_width_kana_and_kanji() {
        let bytes = write_csv(
            &["職員番号", "カナ氏名", "漢字氏名", "金額"],
            rows(),
            CsvEncoding::Cp932,
        )
        .expect("csv");
        let (decoded, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
        assert!(!bad);
        assert!(decoded.contains("ﾛｳｷﾝ ﾀﾛｳ,労金 太郎"));
        // Half-width katakana is one byte in CP932.
        assert!(bytes.len() < decoded.len() * 3);
    }

    #[test]
    fn a_value_cp932_cannot_hold_is_refused_with_its_row_and_column() {
        let rows = vec![vec!["1".to_owned(), "𠮷野".to_owned()]];
        let err = write_csv(&["番号", "氏名"], rows, CsvEncoding::Cp932).expect_err("refused");
        assert_eq!(
            err,
            CsvError::Unencodable {
                row: 2,
                column: 2,
                value: "𠮷野".into()
            }
        );
    }
}

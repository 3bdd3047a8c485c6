//! CSV output byte for byte: both encodings, quoting, formula neutralising, refusal, streaming.
#![allow(clippy::unwrap_used)]

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use cjs_reports::csv::{CsvEncoding, CsvError, CsvWriter, Field};

const HEADER: [&str; 4] = ["職員番号", "カナ氏名", "漢字氏名", "金額"];

fn write(encoding: CsvEncoding, rows: &[[&str; 4]]) -> Result<Vec<u8>, CsvError> {
    let mut w = CsvWriter::new(Vec::new(), encoding, &HEADER)?;
    for r in rows {
        w.write_row(r)?;
    }
    w.finish()
}

#[test]
fn utf8_golden_bytes_with_bom_crlf_and_rfc4180_quoting() {
    let bytes = write(
        CsvEncoding::Utf8Bom,
        &[
            ["00123", "ﾛｳｷﾝ ﾀﾛｳ", "労金 太郎", "12,000"],
            ["00124", "ﾀﾅｶ \"ﾊﾅｺ\"", "田中\r\n花子", ""],
        ],
    )
    .unwrap();
    let expected = "\u{feff}職員番号,カナ氏名,漢字氏名,金額\r\n\
                    00123,ﾛｳｷﾝ ﾀﾛｳ,労金 太郎,\"12,000\"\r\n\
                    00124,\"ﾀﾅｶ \"\"ﾊﾅｺ\"\"\",\"田中\r\n花子\",\r\n";
    assert_eq!(bytes, expected.as_bytes());
}

#[test]
fn cp932_golden_bytes() {
    let bytes = write(CsvEncoding::Cp932, &[["1", "ﾛｳｷﾝ", "①㈱Ⅰ", "～―"]]).unwrap();
    let mut expected = Vec::new();
    // 職員番号,カナ氏名,漢字氏名,金額
    expected.extend_from_slice(&[
        0x90, 0x45, 0x88, 0xF5, 0x94, 0xD4, 0x8D, 0x86, b',', 0x83, 0x4A, 0x83, 0x69, 0x8E, 0x81,
        0x96, 0xBC, b',', 0x8A, 0xBF, 0x8E, 0x9A, 0x8E, 0x81, 0x96, 0xBC, b',', 0x8B, 0xE0, 0x8A,
        0x7A, b'\r', b'\n',
    ]);
    expected.extend_from_slice(b"1,");
    expected.extend_from_slice(&[0xDB, 0xB3, 0xB7, 0xDD, b',']);
    expected.extend_from_slice(&[0x87, 0x40, 0x87, 0x8A, 0x87, 0x54, b',']);
    expected.extend_from_slice(&[0x81, 0x60, 0x81, 0x5C, b'\r', b'\n']);
    assert_eq!(bytes, expected);
}

#[test]
fn the_jis_wave_dash_is_written_as_the_windows_one() {
    let jis = write(CsvEncoding::Cp932, &[["1", "", "〜", ""]]).unwrap();
    let windows = write(CsvEncoding::Cp932, &[["1", "", "～", ""]]).unwrap();
    assert_eq!(jis, windows);
    assert!(jis.windows(2).any(|w| w == [0x81, 0x60]));
}

#[test]
fn formula_starts_are_neutralised_with_a_quote() {
    let bytes = write(
        CsvEncoding::Utf8Bom,
        &[
            ["=1+2", "+81", "-5", "@SUM(A1)"],
            ["\tx", "\rx", "=A1,B1", "a=b"],
        ],
    )
    .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let body: Vec<&str> = text.splitn(2, "\r\n").collect();
    assert_eq!(
        body[1],
        "'=1+2,'+81,'-5,'@SUM(A1)\r\n'\tx,\"'\rx\",\"'=A1,B1\",a=b\r\n"
    );
}

#[test]
fn typed_numbers_are_written_bare_so_negative_amounts_stay_numbers() {
    let mut w = CsvWriter::new(Vec::new(), CsvEncoding::Cp932, &["名前", "金額"]).unwrap();
    w.write_fields(&[Field::Text("-返金"), Field::Int(-1200)])
        .unwrap();
    let bytes = w.finish().unwrap();
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad);
    assert_eq!(text, "名前,金額\r\n'-返金,-1200\r\n");
}

#[test]
fn a_character_cp932_cannot_hold_is_refused_with_row_and_column() {
    let err = write(
        CsvEncoding::Cp932,
        &[["1", "ﾛｳｷﾝ", "労金", "1"], ["2", "ﾖｼﾉ", "𠮷野", "2"]],
    )
    .unwrap_err();
    match &err {
        CsvError::Unencodable {
            row,
            column,
            column_name,
            ch,
        } => {
            assert_eq!(
                (*row, *column, column_name.as_str(), *ch),
                (3, 3, "漢字氏名", '𠮷')
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.code(), "R101");
    assert_eq!(
        err.to_string(),
        "3行目 3列目（漢字氏名）の「𠮷」はCP932で出力できません"
    );
}

#[test]
fn the_same_value_is_fine_in_utf8() {
    assert!(write(CsvEncoding::Utf8Bom, &[["2", "ﾖｼﾉ", "𠮷野", "2"]]).is_ok());
}

#[test]
fn a_refused_row_writes_nothing_of_itself() {
    let mut w = CsvWriter::new(Vec::new(), CsvEncoding::Cp932, &["a", "b"]).unwrap();
    w.write_row(&["x", "y"]).unwrap();
    assert!(w.write_row(&["ok", "✓"]).is_err());
    let bytes = w.finish().unwrap();
    assert_eq!(bytes, b"a,b\r\nx,y\r\n");
}

#[test]
fn a_row_with_the_wrong_number_of_cells_is_refused() {
    let mut w = CsvWriter::new(Vec::new(), CsvEncoding::Utf8Bom, &["a", "b"]).unwrap();
    let err = w.write_row(&["1"]).unwrap_err();
    assert_eq!(err.to_string(), "2行目の項目数が1個です（見出しは2個）");
}

/// A writer that shares what it has received, to watch rows arrive before `finish`.
#[derive(Clone, Default)]
struct Tap(Rc<RefCell<Vec<u8>>>);
impl Write for Tap {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn rows_reach_the_writer_as_they_are_written() {
    let tap = Tap::default();
    let mut w = CsvWriter::new(tap.clone(), CsvEncoding::Utf8Bom, &["a"]).unwrap();
    let after_header = tap.0.borrow().len();
    w.write_row(&["1"]).unwrap();
    assert_eq!(tap.0.borrow().len(), after_header + 3);
    w.write_row(&["2"]).unwrap();
    assert_eq!(tap.0.borrow().len(), after_header + 6);
    assert_eq!(w.rows_written(), 3);
}

#[test]
fn write_csv_keeps_the_operation_log_download_working() {
    let rows = [vec!["2026-04-01 10:00".to_owned(), "=cmd".to_owned()]];
    let bytes =
        cjs_reports::write_csv(&["日時", "内容"], rows.iter(), CsvEncoding::Utf8Bom).unwrap();
    assert_eq!(
        bytes,
        "\u{feff}日時,内容\r\n2026-04-01 10:00,'=cmd\r\n".as_bytes()
    );
}

#[test]
fn a_lone_dash_placeholder_is_not_a_formula() {
    let bytes = write(CsvEncoding::Utf8Bom, &[["-", "+", "-1", "+-"]]).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.ends_with("\r\n-,+,'-1,'+-\r\n"), "{text:?}");
}

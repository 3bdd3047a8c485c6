//! 労金控除's CSV files byte for byte (`docs/deduction.md` §5): the CP932 bytes below were made
//! by an independent encoder (Python's `cp932` codec) from the text in each constant's comment,
//! with one correction: Python writes 﨑 (U+FA11) as the NEC-selected `ED 95`, Windows (and the
//! WHATWG encoder, and ours) as the IBM extension `FA B1`; the file has Windows' bytes.
#![allow(clippy::unwrap_used)]

use cjs_reports::csv::{CsvEncoding, CsvError};
use cjs_reports::deduction::employer::{self, Scope};
use cjs_reports::deduction::{requests_csv, sample};

fn hex(s: &str) -> Vec<u8> {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect()
}

/// 支給区分,控除年月,行番号,職員番号,カナ氏名,漢字氏名,取引コード,取引名,店番,口座番号,依頼金額,前回金額,異動区分,窓口,エラー,入金中止理由
/// 月例,202604,1,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,01,エース預金,001,1234567,10000,10000,継続,,,
/// 月例,202604,2,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,02,定期積金,001,2345678,5000,3000,変更,1,,
/// 月例,202604,3,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,03,財形預金,001,3456789,0,2000,解除,,,
/// 月例,202604,4,00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,01,エース預金,002,7654321,20000,,新規,,,
/// 月例,202604,5,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,05,カードローン返済,003,1111111,15000,15000,継続,,,退職
/// 月例,202604,6,00400,ｽｽﾞｷ ｲﾁﾛｳ,'=鈴木,01,エース預金,000,0000000,7000,,新規,1,口座なし,
/// 月例,202604,7,00500,ｺﾊﾞﾔｼ ｹﾝｼﾞ,小林　健二,01,エース預金,005,5555555,8000,8000,継続,,,
/// 月例,202604,8,00500,ｺﾊﾞﾔｼ ｹﾝｼﾞ,小林　健二,03,財形預金,005,6666666,12000,10000,変更,,,その他（育児休業）
const REQUESTS_CP932: &str = "
    8E 78 8B 8B 8B E6 95 AA 2C 8D 54 8F 9C 94 4E 8C
    8E 2C 8D 73 94 D4 8D 86 2C 90 45 88 F5 94 D4 8D
    86 2C 83 4A 83 69 8E 81 96 BC 2C 8A BF 8E 9A 8E
    81 96 BC 2C 8E E6 88 F8 83 52 81 5B 83 68 2C 8E
    E6 88 F8 96 BC 2C 93 58 94 D4 2C 8C FB 8D C0 94
    D4 8D 86 2C 88 CB 97 8A 8B E0 8A 7A 2C 91 4F 89
    F1 8B E0 8A 7A 2C 88 D9 93 AE 8B E6 95 AA 2C 91
    8B 8C FB 2C 83 47 83 89 81 5B 2C 93 FC 8B E0 92
    86 8E 7E 97 9D 97 52 0D 0A 8C 8E 97 E1 2C 32 30
    32 36 30 34 2C 31 2C 30 30 31 32 33 2C DB B3 B7
    DD 20 C0 DB B3 2C 98 4A 8B E0 81 40 91 BE 98 59
    2C 30 31 2C 83 47 81 5B 83 58 97 61 8B E0 2C 30
    30 31 2C 31 32 33 34 35 36 37 2C 31 30 30 30 30
    2C 31 30 30 30 30 2C 8C 70 91 B1 2C 2C 2C 0D 0A
    8C 8E 97 E1 2C 32 30 32 36 30 34 2C 32 2C 30 30
    31 32 33 2C DB B3 B7 DD 20 C0 DB B3 2C 98 4A 8B
    E0 81 40 91 BE 98 59 2C 30 32 2C 92 E8 8A FA 90
    CF 8B E0 2C 30 30 31 2C 32 33 34 35 36 37 38 2C
    35 30 30 30 2C 33 30 30 30 2C 95 CF 8D 58 2C 31
    2C 2C 0D 0A 8C 8E 97 E1 2C 32 30 32 36 30 34 2C
    33 2C 30 30 31 32 33 2C DB B3 B7 DD 20 C0 DB B3
    2C 98 4A 8B E0 81 40 91 BE 98 59 2C 30 33 2C 8D
    E0 8C 60 97 61 8B E0 2C 30 30 31 2C 33 34 35 36
    37 38 39 2C 30 2C 32 30 30 30 2C 89 F0 8F 9C 2C
    2C 2C 0D 0A 8C 8E 97 E1 2C 32 30 32 36 30 34 2C
    34 2C 30 30 32 30 30 2C C0 C5 B6 20 CA C5 BA 2C
    93 63 92 86 81 40 89 D4 8E 71 2C 30 31 2C 83 47
    81 5B 83 58 97 61 8B E0 2C 30 30 32 2C 37 36 35
    34 33 32 31 2C 32 30 30 30 30 2C 2C 90 56 8B 4B
    2C 2C 2C 0D 0A 8C 8E 97 E1 2C 32 30 32 36 30 34
    2C 35 2C 30 30 33 30 30 2C D4 CF BB DE B7 20 D0
    D5 B7 2C 8E 52 FA B1 81 40 94 FC 97 52 8B 49 2C
    30 35 2C 83 4A 81 5B 83 68 83 8D 81 5B 83 93 95
    D4 8D CF 2C 30 30 33 2C 31 31 31 31 31 31 31 2C
    31 35 30 30 30 2C 31 35 30 30 30 2C 8C 70 91 B1
    2C 2C 2C 91 DE 90 45 0D 0A 8C 8E 97 E1 2C 32 30
    32 36 30 34 2C 36 2C 30 30 34 30 30 2C BD BD DE
    B7 20 B2 C1 DB B3 2C 27 3D 97 E9 96 D8 2C 30 31
    2C 83 47 81 5B 83 58 97 61 8B E0 2C 30 30 30 2C
    30 30 30 30 30 30 30 2C 37 30 30 30 2C 2C 90 56
    8B 4B 2C 31 2C 8C FB 8D C0 82 C8 82 B5 2C 0D 0A
    8C 8E 97 E1 2C 32 30 32 36 30 34 2C 37 2C 30 30
    35 30 30 2C BA CA DE D4 BC 20 B9 DD BC DE 2C 8F
    AC 97 D1 81 40 8C 92 93 F1 2C 30 31 2C 83 47 81
    5B 83 58 97 61 8B E0 2C 30 30 35 2C 35 35 35 35
    35 35 35 2C 38 30 30 30 2C 38 30 30 30 2C 8C 70
    91 B1 2C 2C 2C 0D 0A 8C 8E 97 E1 2C 32 30 32 36
    30 34 2C 38 2C 30 30 35 30 30 2C BA CA DE D4 BC
    20 B9 DD BC DE 2C 8F AC 97 D1 81 40 8C 92 93 F1
    2C 30 33 2C 8D E0 8C 60 97 61 8B E0 2C 30 30 35
    2C 36 36 36 36 36 36 36 2C 31 32 30 30 30 2C 31
    30 30 30 30 2C 95 CF 8D 58 2C 2C 2C 82 BB 82 CC
    91 BC 81 69 88 E7 8E 99 8B 78 8B C6 81 6A 0D 0A
";

/// 控除年月,支給区分,職員番号,カナ氏名,漢字氏名,控除額合計,件数,異動
/// 202604,月例,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,15000,2,1
/// 202604,月例,00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,20000,1,1
/// 202604,月例,00400,ｽｽﾞｷ ｲﾁﾛｳ,'=鈴木,0,0,1
/// 202604,月例,00500,ｺﾊﾞﾔｼ ｹﾝｼﾞ,小林　健二,20000,2,1
const EMPLOYER_MOVEMENTS_CP932: &str = "
    8D 54 8F 9C 94 4E 8C 8E 2C 8E 78 8B 8B 8B E6 95
    AA 2C 90 45 88 F5 94 D4 8D 86 2C 83 4A 83 69 8E
    81 96 BC 2C 8A BF 8E 9A 8E 81 96 BC 2C 8D 54 8F
    9C 8A 7A 8D 87 8C 76 2C 8C 8F 90 94 2C 88 D9 93
    AE 0D 0A 32 30 32 36 30 34 2C 8C 8E 97 E1 2C 30
    30 31 32 33 2C DB B3 B7 DD 20 C0 DB B3 2C 98 4A
    8B E0 81 40 91 BE 98 59 2C 31 35 30 30 30 2C 32
    2C 31 0D 0A 32 30 32 36 30 34 2C 8C 8E 97 E1 2C
    30 30 32 30 30 2C C0 C5 B6 20 CA C5 BA 2C 93 63
    92 86 81 40 89 D4 8E 71 2C 32 30 30 30 30 2C 31
    2C 31 0D 0A 32 30 32 36 30 34 2C 8C 8E 97 E1 2C
    30 30 34 30 30 2C BD BD DE B7 20 B2 C1 DB B3 2C
    27 3D 97 E9 96 D8 2C 30 2C 30 2C 31 0D 0A 32 30
    32 36 30 34 2C 8C 8E 97 E1 2C 30 30 35 30 30 2C
    BA CA DE D4 BC 20 B9 DD BC DE 2C 8F AC 97 D1 81
    40 8C 92 93 F1 2C 32 30 30 30 30 2C 32 2C 31 0D
    0A
";

#[test]
fn the_request_data_csv_is_the_golden_cp932_bytes() {
    let h = sample::header();
    let bytes = requests_csv::write(
        Vec::new(),
        CsvEncoding::Cp932,
        h.occasion,
        h.month,
        sample::small(),
    )
    .unwrap();
    assert_eq!(bytes, hex(REQUESTS_CP932));
}

#[test]
fn the_request_data_csv_in_utf8_has_a_bom_and_the_same_text() {
    let h = sample::header();
    let lines = sample::small();
    let bytes = requests_csv::write(
        Vec::new(),
        CsvEncoding::Utf8Bom,
        h.occasion,
        h.month,
        &lines,
    )
    .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap();
    let mut rows = text.split("\r\n");
    assert_eq!(
        rows.next(),
        Some(
            "支給区分,控除年月,行番号,職員番号,カナ氏名,漢字氏名,取引コード,取引名,店番,口座番号,依頼金額,前回金額,異動区分,窓口,エラー,入金中止理由"
        )
    );
    assert_eq!(
        rows.nth(4),
        Some(
            "月例,202604,5,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,05,カードローン返済,003,1111111,15000,15000,継続,,,退職"
        )
    );
    assert_eq!(text.matches("\r\n").count(), 9);
}

#[test]
fn the_request_data_csv_streams_row_by_row() {
    let h = sample::header();
    let mut w = requests_csv::RequestsCsv::new(Vec::new(), CsvEncoding::Cp932, h.occasion, h.month)
        .unwrap();
    for l in sample::small() {
        w.line(&l).unwrap();
    }
    assert_eq!(w.rows_written(), 9);
    assert_eq!(w.finish().unwrap(), hex(REQUESTS_CP932));
}

#[test]
fn a_name_cp932_cannot_hold_is_refused_naming_row_and_column() {
    let h = sample::header();
    let mut lines = sample::small();
    lines[3].kanji_name = "田中　花子😀".into();
    let err = requests_csv::write(Vec::new(), CsvEncoding::Cp932, h.occasion, h.month, &lines)
        .unwrap_err();
    match err {
        CsvError::Unencodable {
            row,
            column,
            column_name,
            ..
        } => {
            assert_eq!((row, column, column_name.as_str()), (5, 6, "漢字氏名"));
        }
        other => panic!("{other}"),
    }
}

#[test]
fn the_employer_data_csv_movements_is_the_golden_cp932_bytes() {
    let h = sample::header();
    let rows = employer::rows(&sample::small(), Scope::Movements);
    let bytes = employer::write_csv(Vec::new(), CsvEncoding::Cp932, &h, &rows).unwrap();
    assert_eq!(bytes, hex(EMPLOYER_MOVEMENTS_CP932));
}

#[test]
fn the_employer_data_csv_all_lists_every_employee_with_something_to_deduct() {
    let h = sample::header();
    let rows = employer::rows(&sample::small(), Scope::All);
    let bytes = employer::write_csv(Vec::new(), CsvEncoding::Utf8Bom, &h, rows).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(
        text,
        "\u{feff}控除年月,支給区分,職員番号,カナ氏名,漢字氏名,控除額合計,件数,異動\r\n\
         202604,月例,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,15000,2,1\r\n\
         202604,月例,00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,20000,1,1\r\n\
         202604,月例,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,15000,1,\r\n\
         202604,月例,00500,ｺﾊﾞﾔｼ ｹﾝｼﾞ,小林　健二,20000,2,1\r\n"
    );
}

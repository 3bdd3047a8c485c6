//! 一斉積立's CSV files byte for byte (`docs/collective.md` §5). The CP932 bytes below were made by
//! an independent encoder (Python's `cp932` codec) from the text in each constant's comment, with
//! one correction: Python writes 﨑 (U+FA11) as the NEC-selected `ED 95`, Windows (and the WHATWG
//! encoder, and ours) as the IBM extension `FA B1`; the file has Windows' bytes.
#![allow(clippy::unwrap_used)]

use cjs_reports::collective::{Line, changes_csv, lines_csv, sample};
use cjs_reports::csv::{CsvEncoding, CsvError};

fn hex(s: &str) -> Vec<u8> {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect()
}

/// 番号,名称,受信日,作成区分,行番号,職員番号,カナ氏名,漢字氏名,店番,口座番号,積立金額
/// 014,サンプル1,20121014,臨時作成,1,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,123,1234567,10000
/// 014,サンプル1,20121014,臨時作成,2,00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,123,2345678,5000
/// 014,サンプル1,20121014,臨時作成,3,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,456,3456789,12000
/// 014,サンプル1,20121014,臨時作成,4,00400,ｽｽﾞｷ ｲﾁﾛｳ,'＝鈴木,123,4567890,3000
/// 014,サンプル1,20121014,臨時作成,5,00600,ｻﾄｳ ｼﾞﾛｳ,,789,5678901,20000
const LINES_CP932: &str = "
    94 D4 8D 86 2C 96 BC 8F CC 2C 8E F3 90 4D 93 FA
    2C 8D EC 90 AC 8B E6 95 AA 2C 8D 73 94 D4 8D 86
    2C 90 45 88 F5 94 D4 8D 86 2C 83 4A 83 69 8E 81
    96 BC 2C 8A BF 8E 9A 8E 81 96 BC 2C 93 58 94 D4
    2C 8C FB 8D C0 94 D4 8D 86 2C 90 CF 97 A7 8B E0
    8A 7A 0D 0A 30 31 34 2C 83 54 83 93 83 76 83 8B
    31 2C 32 30 31 32 31 30 31 34 2C 97 D5 8E 9E 8D
    EC 90 AC 2C 31 2C 30 30 31 32 33 2C DB B3 B7 DD
    20 C0 DB B3 2C 98 4A 8B E0 81 40 91 BE 98 59 2C
    31 32 33 2C 31 32 33 34 35 36 37 2C 31 30 30 30
    30 0D 0A 30 31 34 2C 83 54 83 93 83 76 83 8B 31
    2C 32 30 31 32 31 30 31 34 2C 97 D5 8E 9E 8D EC
    90 AC 2C 32 2C 30 30 32 30 30 2C C0 C5 B6 20 CA
    C5 BA 2C 93 63 92 86 81 40 89 D4 8E 71 2C 31 32
    33 2C 32 33 34 35 36 37 38 2C 35 30 30 30 0D 0A
    30 31 34 2C 83 54 83 93 83 76 83 8B 31 2C 32 30
    31 32 31 30 31 34 2C 97 D5 8E 9E 8D EC 90 AC 2C
    33 2C 30 30 33 30 30 2C D4 CF BB DE B7 20 D0 D5
    B7 2C 8E 52 FA B1 81 40 94 FC 97 52 8B 49 2C 34
    35 36 2C 33 34 35 36 37 38 39 2C 31 32 30 30 30
    0D 0A 30 31 34 2C 83 54 83 93 83 76 83 8B 31 2C
    32 30 31 32 31 30 31 34 2C 97 D5 8E 9E 8D EC 90
    AC 2C 34 2C 30 30 34 30 30 2C BD BD DE B7 20 B2
    C1 DB B3 2C 27 81 81 97 E9 96 D8 2C 31 32 33 2C
    34 35 36 37 38 39 30 2C 33 30 30 30 0D 0A 30 31
    34 2C 83 54 83 93 83 76 83 8B 31 2C 32 30 31 32
    31 30 31 34 2C 97 D5 8E 9E 8D EC 90 AC 2C 35 2C
    30 30 36 30 30 2C BB C4 B3 20 BC DE DB B3 2C 2C
    37 38 39 2C 35 36 37 38 39 30 31 2C 32 30 30 30
    30 0D 0A
";

/// 番号,名称,受信日,行番号,変更区分,職員番号,カナ氏名,漢字氏名,変更前店番,変更前口座番号,変更前積立金額,変更後店番,変更後口座番号,変更後積立金額
/// 014,サンプル1,20121014,1,新規,00600,ｻﾄｳ ｼﾞﾛｳ,,,,,789,5678901,20000
/// 014,サンプル1,20121014,2,口座変更,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,456,3456780,12000,456,3456789,12000
/// 014,サンプル1,20121014,3,金額変更,00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,123,2345678,4000,123,2345678,5000
/// 014,サンプル1,20121014,4,解約,00500,ｺﾊﾞﾔｼ ｹﾝｼﾞ,小林　健二,123,7654321,8000,,,
const CHANGES_CP932: &str = "
    94 D4 8D 86 2C 96 BC 8F CC 2C 8E F3 90 4D 93 FA
    2C 8D 73 94 D4 8D 86 2C 95 CF 8D 58 8B E6 95 AA
    2C 90 45 88 F5 94 D4 8D 86 2C 83 4A 83 69 8E 81
    96 BC 2C 8A BF 8E 9A 8E 81 96 BC 2C 95 CF 8D 58
    91 4F 93 58 94 D4 2C 95 CF 8D 58 91 4F 8C FB 8D
    C0 94 D4 8D 86 2C 95 CF 8D 58 91 4F 90 CF 97 A7
    8B E0 8A 7A 2C 95 CF 8D 58 8C E3 93 58 94 D4 2C
    95 CF 8D 58 8C E3 8C FB 8D C0 94 D4 8D 86 2C 95
    CF 8D 58 8C E3 90 CF 97 A7 8B E0 8A 7A 0D 0A 30
    31 34 2C 83 54 83 93 83 76 83 8B 31 2C 32 30 31
    32 31 30 31 34 2C 31 2C 90 56 8B 4B 2C 30 30 36
    30 30 2C BB C4 B3 20 BC DE DB B3 2C 2C 2C 2C 2C
    37 38 39 2C 35 36 37 38 39 30 31 2C 32 30 30 30
    30 0D 0A 30 31 34 2C 83 54 83 93 83 76 83 8B 31
    2C 32 30 31 32 31 30 31 34 2C 32 2C 8C FB 8D C0
    95 CF 8D 58 2C 30 30 33 30 30 2C D4 CF BB DE B7
    20 D0 D5 B7 2C 8E 52 FA B1 81 40 94 FC 97 52 8B
    49 2C 34 35 36 2C 33 34 35 36 37 38 30 2C 31 32
    30 30 30 2C 34 35 36 2C 33 34 35 36 37 38 39 2C
    31 32 30 30 30 0D 0A 30 31 34 2C 83 54 83 93 83
    76 83 8B 31 2C 32 30 31 32 31 30 31 34 2C 33 2C
    8B E0 8A 7A 95 CF 8D 58 2C 30 30 32 30 30 2C C0
    C5 B6 20 CA C5 BA 2C 93 63 92 86 81 40 89 D4 8E
    71 2C 31 32 33 2C 32 33 34 35 36 37 38 2C 34 30
    30 30 2C 31 32 33 2C 32 33 34 35 36 37 38 2C 35
    30 30 30 0D 0A 30 31 34 2C 83 54 83 93 83 76 83
    8B 31 2C 32 30 31 32 31 30 31 34 2C 34 2C 89 F0
    96 F1 2C 30 30 35 30 30 2C BA CA DE D4 BC 20 B9
    DD BC DE 2C 8F AC 97 D1 81 40 8C 92 93 F1 2C 31
    32 33 2C 37 36 35 34 33 32 31 2C 38 30 30 30 2C
    2C 2C 0D 0A
";

#[test]
fn the_line_data_in_cp932_byte_for_byte() {
    let bytes = lines_csv::write(
        Vec::new(),
        CsvEncoding::Cp932,
        &sample::run(),
        sample::lines(),
    )
    .unwrap();
    assert_eq!(bytes, hex(LINES_CP932));
}

#[test]
fn the_change_data_in_cp932_byte_for_byte() {
    let bytes = changes_csv::write(
        Vec::new(),
        CsvEncoding::Cp932,
        &sample::run(),
        sample::changes().iter(),
    )
    .unwrap();
    assert_eq!(bytes, hex(CHANGES_CP932));
}

#[test]
fn the_utf8_files_have_a_bom_and_the_same_text() {
    let bytes = lines_csv::write(
        Vec::new(),
        CsvEncoding::Utf8Bom,
        &sample::run(),
        sample::lines().iter(),
    )
    .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with(
        "\u{feff}番号,名称,受信日,作成区分,行番号,職員番号,カナ氏名,漢字氏名,店番,口座番号,積立金額\r\n"
    ));
    assert!(text.contains(
        "\r\n014,サンプル1,20121014,臨時作成,3,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,456,3456789,12000\r\n"
    ));
    assert_eq!(text.matches("\r\n").count(), 6);

    let bytes = changes_csv::write(
        Vec::new(),
        CsvEncoding::Utf8Bom,
        &sample::run(),
        sample::changes(),
    )
    .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("\u{feff}番号,名称,受信日,行番号,変更区分,"));
    assert!(text.ends_with(
        "\r\n014,サンプル1,20121014,4,解約,00500,ｺﾊﾞﾔｼ ｹﾝｼﾞ,小林　健二,123,7654321,8000,,,\r\n"
    ));
}

#[test]
fn a_name_cp932_cannot_hold_is_refused_with_its_row_and_column() {
    let mut lines = sample::lines();
    lines[1].kanji_name = "田中　花子😀".into();
    let err = lines_csv::write(Vec::new(), CsvEncoding::Cp932, &sample::run(), &lines)
        .err()
        .unwrap();
    match err {
        CsvError::Unencodable {
            row,
            column,
            column_name,
            ..
        } => assert_eq!((row, column, column_name.as_str()), (3, 8, "漢字氏名")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_run_without_lines_is_the_header_alone() {
    let bytes = lines_csv::write(
        Vec::new(),
        CsvEncoding::Utf8Bom,
        &sample::run(),
        Vec::<Line>::new(),
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\u{feff}番号,名称,受信日,作成区分,行番号,職員番号,カナ氏名,漢字氏名,店番,口座番号,積立金額\r\n"
    );
}

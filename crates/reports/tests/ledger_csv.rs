//! 賃控元帳's CSV files byte for byte (`docs/ledger.md` §6), and the reading of the two files
//! the clerk imports. The CP932 bytes below were made by an independent encoder (Python's `cp932`
//! codec) from the text in each constant's comment, with one correction: Python writes 﨑 (U+FA11)
//! as the NEC-selected `ED 95`, Windows (and the WHATWG encoder, and ours) as the IBM extension
//! `FA B1`; the file has Windows' bytes.
#![allow(clippy::unwrap_used)]

use cjs_reports::csv::{CsvEncoding, CsvError};
use cjs_reports::ledger::{combined, lines_csv, requests_csv, results_csv, sample};

fn hex(s: &str) -> Vec<u8> {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect()
}

/// 支給区分,控除年月,行番号,職員番号,カナ氏名,漢字氏名,種目コード,種目名,種目区分,控除金額
/// 月例,202604,1,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,101,組合費,組合費,3500
/// 月例,202604,2,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,201,共済掛金,共済,1200
/// 月例,202604,3,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,901,労金積立,労金,10000
/// 月例,202604,4,00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,101,組合費,組合費,3500
/// 月例,202604,5,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,101,組合費,組合費,3000
/// 月例,202604,6,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,301,互助会費,その他,500
/// 月例,202604,7,00400,ｽｽﾞｷ ｲﾁﾛｳ,'＝鈴木,201,共済掛金,共済,1200
const REQUESTS_CP932: &str = "
    8E 78 8B 8B 8B E6 95 AA 2C 8D 54 8F 9C 94 4E 8C
    8E 2C 8D 73 94 D4 8D 86 2C 90 45 88 F5 94 D4 8D
    86 2C 83 4A 83 69 8E 81 96 BC 2C 8A BF 8E 9A 8E
    81 96 BC 2C 8E ED 96 DA 83 52 81 5B 83 68 2C 8E
    ED 96 DA 96 BC 2C 8E ED 96 DA 8B E6 95 AA 2C 8D
    54 8F 9C 8B E0 8A 7A 0D 0A 8C 8E 97 E1 2C 32 30
    32 36 30 34 2C 31 2C 30 30 31 32 33 2C DB B3 B7
    DD 20 C0 DB B3 2C 98 4A 8B E0 81 40 91 BE 98 59
    2C 31 30 31 2C 91 67 8D 87 94 EF 2C 91 67 8D 87
    94 EF 2C 33 35 30 30 0D 0A 8C 8E 97 E1 2C 32 30
    32 36 30 34 2C 32 2C 30 30 31 32 33 2C DB B3 B7
    DD 20 C0 DB B3 2C 98 4A 8B E0 81 40 91 BE 98 59
    2C 32 30 31 2C 8B A4 8D CF 8A 7C 8B E0 2C 8B A4
    8D CF 2C 31 32 30 30 0D 0A 8C 8E 97 E1 2C 32 30
    32 36 30 34 2C 33 2C 30 30 31 32 33 2C DB B3 B7
    DD 20 C0 DB B3 2C 98 4A 8B E0 81 40 91 BE 98 59
    2C 39 30 31 2C 98 4A 8B E0 90 CF 97 A7 2C 98 4A
    8B E0 2C 31 30 30 30 30 0D 0A 8C 8E 97 E1 2C 32
    30 32 36 30 34 2C 34 2C 30 30 32 30 30 2C C0 C5
    B6 20 CA C5 BA 2C 93 63 92 86 81 40 89 D4 8E 71
    2C 31 30 31 2C 91 67 8D 87 94 EF 2C 91 67 8D 87
    94 EF 2C 33 35 30 30 0D 0A 8C 8E 97 E1 2C 32 30
    32 36 30 34 2C 35 2C 30 30 33 30 30 2C D4 CF BB
    DE B7 20 D0 D5 B7 2C 8E 52 FA B1 81 40 94 FC 97
    52 8B 49 2C 31 30 31 2C 91 67 8D 87 94 EF 2C 91
    67 8D 87 94 EF 2C 33 30 30 30 0D 0A 8C 8E 97 E1
    2C 32 30 32 36 30 34 2C 36 2C 30 30 33 30 30 2C
    D4 CF BB DE B7 20 D0 D5 B7 2C 8E 52 FA B1 81 40
    94 FC 97 52 8B 49 2C 33 30 31 2C 8C DD 8F 95 89
    EF 94 EF 2C 82 BB 82 CC 91 BC 2C 35 30 30 0D 0A
    8C 8E 97 E1 2C 32 30 32 36 30 34 2C 37 2C 30 30
    34 30 30 2C BD BD DE B7 20 B2 C1 DB B3 2C 27 81
    81 97 E9 96 D8 2C 32 30 31 2C 8B A4 8D CF 8A 7C
    8B E0 2C 8B A4 8D CF 2C 31 32 30 30 0D 0A
";

/// 職員番号,カナ氏名,漢字氏名,種目コード,種目名,月例金額,夏季金額,年末金額,開始月,終了月
/// 00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,101,組合費,3500,5000,5000,202004,
/// 00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,201,共済掛金,1200,0,0,202110,
/// 00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,901,労金積立,10000,30000,30000,202401,202612
/// 00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,101,組合費,3500,5000,5000,202204,
/// 00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,101,組合費,3000,5000,5000,202304,
/// 00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,301,互助会費,500,0,0,202304,202703
/// 00400,ｽｽﾞｷ ｲﾁﾛｳ,'＝鈴木,201,共済掛金,1200,0,0,202604,
/// 00500,ｺﾊﾞﾔｼ ｹﾝｼﾞ,小林　健二,101,組合費,3500,5000,5000,201904,202603
const DETAILS_CP932: &str = "
    90 45 88 F5 94 D4 8D 86 2C 83 4A 83 69 8E 81 96
    BC 2C 8A BF 8E 9A 8E 81 96 BC 2C 8E ED 96 DA 83
    52 81 5B 83 68 2C 8E ED 96 DA 96 BC 2C 8C 8E 97
    E1 8B E0 8A 7A 2C 89 C4 8B 47 8B E0 8A 7A 2C 94
    4E 96 96 8B E0 8A 7A 2C 8A 4A 8E 6E 8C 8E 2C 8F
    49 97 B9 8C 8E 0D 0A 30 30 31 32 33 2C DB B3 B7
    DD 20 C0 DB B3 2C 98 4A 8B E0 81 40 91 BE 98 59
    2C 31 30 31 2C 91 67 8D 87 94 EF 2C 33 35 30 30
    2C 35 30 30 30 2C 35 30 30 30 2C 32 30 32 30 30
    34 2C 0D 0A 30 30 31 32 33 2C DB B3 B7 DD 20 C0
    DB B3 2C 98 4A 8B E0 81 40 91 BE 98 59 2C 32 30
    31 2C 8B A4 8D CF 8A 7C 8B E0 2C 31 32 30 30 2C
    30 2C 30 2C 32 30 32 31 31 30 2C 0D 0A 30 30 31
    32 33 2C DB B3 B7 DD 20 C0 DB B3 2C 98 4A 8B E0
    81 40 91 BE 98 59 2C 39 30 31 2C 98 4A 8B E0 90
    CF 97 A7 2C 31 30 30 30 30 2C 33 30 30 30 30 2C
    33 30 30 30 30 2C 32 30 32 34 30 31 2C 32 30 32
    36 31 32 0D 0A 30 30 32 30 30 2C C0 C5 B6 20 CA
    C5 BA 2C 93 63 92 86 81 40 89 D4 8E 71 2C 31 30
    31 2C 91 67 8D 87 94 EF 2C 33 35 30 30 2C 35 30
    30 30 2C 35 30 30 30 2C 32 30 32 32 30 34 2C 0D
    0A 30 30 33 30 30 2C D4 CF BB DE B7 20 D0 D5 B7
    2C 8E 52 FA B1 81 40 94 FC 97 52 8B 49 2C 31 30
    31 2C 91 67 8D 87 94 EF 2C 33 30 30 30 2C 35 30
    30 30 2C 35 30 30 30 2C 32 30 32 33 30 34 2C 0D
    0A 30 30 33 30 30 2C D4 CF BB DE B7 20 D0 D5 B7
    2C 8E 52 FA B1 81 40 94 FC 97 52 8B 49 2C 33 30
    31 2C 8C DD 8F 95 89 EF 94 EF 2C 35 30 30 2C 30
    2C 30 2C 32 30 32 33 30 34 2C 32 30 32 37 30 33
    0D 0A 30 30 34 30 30 2C BD BD DE B7 20 B2 C1 DB
    B3 2C 27 81 81 97 E9 96 D8 2C 32 30 31 2C 8B A4
    8D CF 8A 7C 8B E0 2C 31 32 30 30 2C 30 2C 30 2C
    32 30 32 36 30 34 2C 0D 0A 30 30 35 30 30 2C BA
    CA DE D4 BC 20 B9 DD BC DE 2C 8F AC 97 D1 81 40
    8C 92 93 F1 2C 31 30 31 2C 91 67 8D 87 94 EF 2C
    33 35 30 30 2C 35 30 30 30 2C 35 30 30 30 2C 32
    30 31 39 30 34 2C 32 30 32 36 30 33 0D 0A
";

#[test]
fn the_request_data_csv_is_the_golden_cp932_bytes() {
    let h = sample::header();
    let bytes = requests_csv::write(
        Vec::new(),
        CsvEncoding::Cp932,
        h.occasion,
        h.month,
        sample::lines(),
    )
    .unwrap();
    assert_eq!(bytes, hex(REQUESTS_CP932));
}

#[test]
fn the_request_data_csv_streams_row_by_row_and_in_utf8_has_a_bom() {
    let h = sample::header();
    let mut w = requests_csv::RequestsCsv::new(Vec::new(), CsvEncoding::Cp932, h.occasion, h.month)
        .unwrap();
    for l in sample::lines() {
        w.line(&l).unwrap();
    }
    assert_eq!(w.rows_written(), 8);
    assert_eq!(w.finish().unwrap(), hex(REQUESTS_CP932));

    let lines = sample::lines();
    let utf8 = requests_csv::write(
        Vec::new(),
        CsvEncoding::Utf8Bom,
        cjs_domain::schedule::Occasion::YearEnd,
        sample::ym(2026, 12),
        &lines[..1],
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(utf8).unwrap(),
        "\u{feff}支給区分,控除年月,行番号,職員番号,カナ氏名,漢字氏名,種目コード,種目名,種目区分,控除金額\r\n\
         年末,202612,1,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,101,組合費,組合費,3500\r\n"
    );
}

#[test]
fn the_detail_data_csv_is_the_golden_cp932_bytes() {
    let bytes = lines_csv::write(Vec::new(), CsvEncoding::Cp932, sample::details()).unwrap();
    assert_eq!(bytes, hex(DETAILS_CP932));
    let mut w = lines_csv::LinesCsv::new(Vec::new(), CsvEncoding::Cp932).unwrap();
    for d in sample::details() {
        w.row(&d).unwrap();
    }
    assert_eq!(w.rows_written(), 9);
    assert_eq!(w.finish().unwrap(), hex(DETAILS_CP932));
}

#[test]
fn the_combined_data_csv_repeats_the_employee_total_on_each_row() {
    let h = sample::header();
    let bytes = combined::write_csv(
        Vec::new(),
        CsvEncoding::Utf8Bom,
        h.occasion,
        h.month,
        sample::blocks(),
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\u{feff}支給区分,控除年月,職員番号,カナ氏名,漢字氏名,区分,コード,名称,店番,口座番号,控除金額,職員合計金額\r\n\
         月例,202604,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,労金控除,01,エース預金,001,1234567,10000,19700\r\n\
         月例,202604,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,労金控除,02,定期積金,001,2345678,5000,19700\r\n\
         月例,202604,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,賃控元帳,101,組合費,,,3500,19700\r\n\
         月例,202604,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,賃控元帳,201,共済掛金,,,1200,19700\r\n\
         月例,202604,00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,労金控除,01,エース預金,002,7654321,20000,23500\r\n\
         月例,202604,00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,賃控元帳,101,組合費,,,3500,23500\r\n\
         月例,202604,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,賃控元帳,101,組合費,,,3000,3500\r\n\
         月例,202604,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,賃控元帳,301,互助会費,,,500,3500\r\n\
         月例,202604,00400,ｽｽﾞｷ ｲﾁﾛｳ,'＝鈴木,賃控元帳,201,共済掛金,,,1200,1200\r\n\
         月例,202604,00500,ｺﾊﾞﾔｼ ｹﾝｼﾞ,小林　健二,労金控除,01,エース預金,005,5555555,8000,8000\r\n"
    );
}

#[test]
fn a_name_cp932_cannot_hold_is_refused_naming_row_and_column() {
    let mut details = sample::details();
    details[3].kanji_name = "田中　花子😀".into();
    match lines_csv::write(Vec::new(), CsvEncoding::Cp932, &details).unwrap_err() {
        CsvError::Unencodable {
            row,
            column,
            column_name,
            ..
        } => assert_eq!((row, column, column_name.as_str()), (5, 3, "漢字氏名")),
        other => panic!("{other}"),
    }
}

/// The cells of the sample export as the file holds them (the formula guard's `'` included:
/// the domain's planning strips it).
fn exported_cells() -> Vec<Vec<String>> {
    let text = String::from_utf8(
        lines_csv::write(Vec::new(), CsvEncoding::Utf8Bom, sample::details()).unwrap(),
    )
    .unwrap();
    text.trim_start_matches('\u{feff}')
        .split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn the_detail_file_reads_back_in_cp932_and_utf8_with_and_without_bom() {
    let cp932 = lines_csv::write(Vec::new(), CsvEncoding::Cp932, sample::details()).unwrap();
    let bom = lines_csv::write(Vec::new(), CsvEncoding::Utf8Bom, sample::details()).unwrap();
    let plain = bom[3..].to_vec();
    let expected = exported_cells();
    assert_eq!(expected[6][2], "'＝鈴木");
    for bytes in [cp932, bom, plain] {
        let (rows, problems) = lines_csv::parse(&bytes);
        assert!(problems.is_empty(), "{problems:?}");
        let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, (2..=9).collect::<Vec<_>>());
        let cells: Vec<Vec<String>> = rows.into_iter().map(|r| r.cells).collect();
        assert_eq!(cells, expected);
    }
}

#[test]
fn a_wrong_header_and_broken_rows_are_named_by_line_and_column() {
    let file = "職員番号,カナ氏名,漢字氏名,種目,種目名,月例金額,夏季金額,年末金額,開始月,終了月\r\n\
                00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,101,組合費,3500,0,0,202004,\r\n\
                00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,101,組合費,3500,0,0\r\n\
                00300,\"ﾔﾏｻﾞｷ \"ﾐﾕｷ,山﨑　美由紀,101,組合費,3000,0,0,202304,\r\n";
    let (rows, problems) = lines_csv::parse(file.as_bytes());
    assert_eq!(rows.len(), 1, "only the sound row is handed on");
    assert_eq!(rows[0].line, 2);
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 3, "{text:#?}");
    assert!(
        text[0].starts_with("1行目: 見出し行が違います"),
        "{}",
        text[0]
    );
    assert_eq!(text[1], "3行目: 項目数が8個です（10個必要です）");
    assert!(
        text[2].starts_with("4行目 2列目（カナ氏名）: "),
        "{}",
        text[2]
    );
}

#[test]
fn bytes_that_are_not_text_are_named_with_their_line() {
    let mut file = lines_csv::write(Vec::new(), CsvEncoding::Cp932, sample::details()).unwrap();
    file.extend_from_slice(b"00600,\x82,x,101,a,1,0,0,202004,\r\n");
    let (rows, problems) = lines_csv::parse(&file);
    assert_eq!(rows.len(), 8);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, 10);
    assert!(
        problems[0].reason.contains("Shift_JIS"),
        "{:?}",
        problems[0]
    );
}

#[test]
fn the_results_file_reads_every_row() {
    let file = "\u{feff}職員番号,種目コード,結果,不能理由,不能理由（その他）\r\n\
                00123,101,済,,\r\n\
                00200,101,不能,退職,\r\n\
                00300,101,1,4,育児休業\r\n";
    let (rows, problems) = results_csv::parse(file.as_bytes());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        rows.iter().map(|r| r.cells.clone()).collect::<Vec<_>>(),
        [
            ["00123", "101", "済", "", ""],
            ["00200", "101", "不能", "退職", ""],
            ["00300", "101", "1", "4", "育児休業"],
        ]
        .map(|r| r.map(str::to_owned).to_vec())
    );
    let (_, problems) = results_csv::parse("職員番号,種目,結果\r\n1,2,3\r\n".as_bytes());
    assert_eq!(problems[0].line, 1);
}

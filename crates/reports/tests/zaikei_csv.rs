//! 財形's CSV files byte for byte (`docs/zaikei.md` §5): the three layouts of the
//! 財形積立明細データ and the 財形積立変更明細データ. The bytes below were made by an independent
//! encoder (Python's `cp932` codec, `utf-8` with a BOM) from the text in each constant's comment,
//! with one correction: Python writes 﨑 (U+FA11) as the NEC-selected `ED 95`, Windows (and ours)
//! as the IBM extension `FA B1`; the files have Windows' bytes.
#![allow(clippy::unwrap_used)]

use cjs_domain::schedule::EmployerDocument;
use cjs_domain::zaikei::DocumentKind;
use cjs_reports::csv::{CsvEncoding, CsvError};
use cjs_reports::zaikei::{changes_csv, sample, statement_csv};

fn hex(s: &str) -> Vec<u8> {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect()
}

/// 帳票,作成基準日,入金予定日,行番号,職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,預入金額,奨励金
/// 預入依頼書（月例）,20121016,20121025,1,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,一般,201,1000001,10000,500
/// 預入依頼書（月例）,20121016,20121025,2,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,住宅,201,1000002,20000,0
/// 預入依頼書（月例）,20121016,20121025,3,00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,一般,201,1000003,5000,250
/// 預入依頼書（月例）,20121016,20121025,4,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,住宅,305,2000001,30000,1000
/// 預入依頼書（月例）,20121016,20121025,5,00400,ｽｽﾞｷ ｲﾁﾛｳ,'＝鈴木,一般,201,1000005,3000,0
/// 預入依頼書（月例）,20121016,20121025,6,00500,ｺﾊﾞﾔｼ ｼﾞﾛｳ,,一般,201,1000006,0,1200
const DEPOSIT_CP932: &str = "
    92 A0 95 5B 2C 8D EC 90 AC 8A EE 8F 80 93 FA 2C
    93 FC 8B E0 97 5C 92 E8 93 FA 2C 8D 73 94 D4 8D
    86 2C 90 45 88 F5 94 D4 8D 86 2C 83 4A 83 69 8E
    81 96 BC 2C 8A BF 8E 9A 8E 81 96 BC 2C 8D E0 8C
    60 8E ED 97 DE 2C 93 58 94 D4 2C 8C FB 8D C0 94
    D4 8D 86 2C 97 61 93 FC 8B E0 8A 7A 2C 8F A7 97
    E3 8B E0 0D 0A 97 61 93 FC 88 CB 97 8A 8F 91 81
    69 8C 8E 97 E1 81 6A 2C 32 30 31 32 31 30 31 36
    2C 32 30 31 32 31 30 32 35 2C 31 2C 30 30 31 32
    33 2C DB B3 B7 DD 20 C0 DB B3 2C 98 4A 8B E0 81
    40 91 BE 98 59 2C 88 EA 94 CA 2C 32 30 31 2C 31
    30 30 30 30 30 31 2C 31 30 30 30 30 2C 35 30 30
    0D 0A 97 61 93 FC 88 CB 97 8A 8F 91 81 69 8C 8E
    97 E1 81 6A 2C 32 30 31 32 31 30 31 36 2C 32 30
    31 32 31 30 32 35 2C 32 2C 30 30 31 32 33 2C DB
    B3 B7 DD 20 C0 DB B3 2C 98 4A 8B E0 81 40 91 BE
    98 59 2C 8F 5A 91 EE 2C 32 30 31 2C 31 30 30 30
    30 30 32 2C 32 30 30 30 30 2C 30 0D 0A 97 61 93
    FC 88 CB 97 8A 8F 91 81 69 8C 8E 97 E1 81 6A 2C
    32 30 31 32 31 30 31 36 2C 32 30 31 32 31 30 32
    35 2C 33 2C 30 30 32 30 30 2C C0 C5 B6 20 CA C5
    BA 2C 93 63 92 86 81 40 89 D4 8E 71 2C 88 EA 94
    CA 2C 32 30 31 2C 31 30 30 30 30 30 33 2C 35 30
    30 30 2C 32 35 30 0D 0A 97 61 93 FC 88 CB 97 8A
    8F 91 81 69 8C 8E 97 E1 81 6A 2C 32 30 31 32 31
    30 31 36 2C 32 30 31 32 31 30 32 35 2C 34 2C 30
    30 33 30 30 2C D4 CF BB DE B7 20 D0 D5 B7 2C 8E
    52 FA B1 81 40 94 FC 97 52 8B 49 2C 8F 5A 91 EE
    2C 33 30 35 2C 32 30 30 30 30 30 31 2C 33 30 30
    30 30 2C 31 30 30 30 0D 0A 97 61 93 FC 88 CB 97
    8A 8F 91 81 69 8C 8E 97 E1 81 6A 2C 32 30 31 32
    31 30 31 36 2C 32 30 31 32 31 30 32 35 2C 35 2C
    30 30 34 30 30 2C BD BD DE B7 20 B2 C1 DB B3 2C
    27 81 81 97 E9 96 D8 2C 88 EA 94 CA 2C 32 30 31
    2C 31 30 30 30 30 30 35 2C 33 30 30 30 2C 30 0D
    0A 97 61 93 FC 88 CB 97 8A 8F 91 81 69 8C 8E 97
    E1 81 6A 2C 32 30 31 32 31 30 31 36 2C 32 30 31
    32 31 30 32 35 2C 36 2C 30 30 35 30 30 2C BA CA
    DE D4 BC 20 BC DE DB B3 2C 2C 88 EA 94 CA 2C 32
    30 31 2C 31 30 30 30 30 30 36 2C 30 2C 31 32 30
    30 0D 0A
";

/// 帳票,作成基準日,行番号,職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,残高
/// 加入者残高一覧表,20121016,1,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,一般,201,1000001,1234567
/// 加入者残高一覧表,20121016,2,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,年金,201,1000007,12345678901
/// 加入者残高一覧表,20121016,3,00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,一般,201,1000003,0
/// 加入者残高一覧表,20121016,4,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,住宅,305,2000001,987654
const BALANCE_UTF8: &str = "
    EF BB BF E5 B8 B3 E7 A5 A8 2C E4 BD 9C E6 88 90
    E5 9F BA E6 BA 96 E6 97 A5 2C E8 A1 8C E7 95 AA
    E5 8F B7 2C E8 81 B7 E5 93 A1 E7 95 AA E5 8F B7
    2C E3 82 AB E3 83 8A E6 B0 8F E5 90 8D 2C E6 BC
    A2 E5 AD 97 E6 B0 8F E5 90 8D 2C E8 B2 A1 E5 BD
    A2 E7 A8 AE E9 A1 9E 2C E5 BA 97 E7 95 AA 2C E5
    8F A3 E5 BA A7 E7 95 AA E5 8F B7 2C E6 AE 8B E9
    AB 98 0D 0A E5 8A A0 E5 85 A5 E8 80 85 E6 AE 8B
    E9 AB 98 E4 B8 80 E8 A6 A7 E8 A1 A8 2C 32 30 31
    32 31 30 31 36 2C 31 2C 30 30 31 32 33 2C EF BE
    9B EF BD B3 EF BD B7 EF BE 9D 20 EF BE 80 EF BE
    9B EF BD B3 2C E5 8A B4 E9 87 91 E3 80 80 E5 A4
    AA E9 83 8E 2C E4 B8 80 E8 88 AC 2C 32 30 31 2C
    31 30 30 30 30 30 31 2C 31 32 33 34 35 36 37 0D
    0A E5 8A A0 E5 85 A5 E8 80 85 E6 AE 8B E9 AB 98
    E4 B8 80 E8 A6 A7 E8 A1 A8 2C 32 30 31 32 31 30
    31 36 2C 32 2C 30 30 31 32 33 2C EF BE 9B EF BD
    B3 EF BD B7 EF BE 9D 20 EF BE 80 EF BE 9B EF BD
    B3 2C E5 8A B4 E9 87 91 E3 80 80 E5 A4 AA E9 83
    8E 2C E5 B9 B4 E9 87 91 2C 32 30 31 2C 31 30 30
    30 30 30 37 2C 31 32 33 34 35 36 37 38 39 30 31
    0D 0A E5 8A A0 E5 85 A5 E8 80 85 E6 AE 8B E9 AB
    98 E4 B8 80 E8 A6 A7 E8 A1 A8 2C 32 30 31 32 31
    30 31 36 2C 33 2C 30 30 32 30 30 2C EF BE 80 EF
    BE 85 EF BD B6 20 EF BE 8A EF BE 85 EF BD BA 2C
    E7 94 B0 E4 B8 AD E3 80 80 E8 8A B1 E5 AD 90 2C
    E4 B8 80 E8 88 AC 2C 32 30 31 2C 31 30 30 30 30
    30 33 2C 30 0D 0A E5 8A A0 E5 85 A5 E8 80 85 E6
    AE 8B E9 AB 98 E4 B8 80 E8 A6 A7 E8 A1 A8 2C 32
    30 31 32 31 30 31 36 2C 34 2C 30 30 33 30 30 2C
    EF BE 94 EF BE 8F EF BD BB EF BE 9E EF BD B7 20
    EF BE 90 EF BE 95 EF BD B7 2C E5 B1 B1 EF A8 91
    E3 80 80 E7 BE 8E E7 94 B1 E7 B4 80 2C E4 BD 8F
    E5 AE 85 2C 33 30 35 2C 32 30 30 30 30 30 31 2C
    39 38 37 36 35 34 0D 0A
";

/// 帳票,作成基準日,行番号,職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,積立金額,奨励金額
/// 奨励金（一時金）,20121016,1,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,一般,201,1000001,10000,500
/// 奨励金（一時金）,20121016,2,00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,一般,201,1000003,5000,250
/// 奨励金（一時金）,20121016,3,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,年金,305,2000008,8000,400
const INCENTIVE_CP932: &str = "
    92 A0 95 5B 2C 8D EC 90 AC 8A EE 8F 80 93 FA 2C
    8D 73 94 D4 8D 86 2C 90 45 88 F5 94 D4 8D 86 2C
    83 4A 83 69 8E 81 96 BC 2C 8A BF 8E 9A 8E 81 96
    BC 2C 8D E0 8C 60 8E ED 97 DE 2C 93 58 94 D4 2C
    8C FB 8D C0 94 D4 8D 86 2C 90 CF 97 A7 8B E0 8A
    7A 2C 8F A7 97 E3 8B E0 8A 7A 0D 0A 8F A7 97 E3
    8B E0 81 69 88 EA 8E 9E 8B E0 81 6A 2C 32 30 31
    32 31 30 31 36 2C 31 2C 30 30 31 32 33 2C DB B3
    B7 DD 20 C0 DB B3 2C 98 4A 8B E0 81 40 91 BE 98
    59 2C 88 EA 94 CA 2C 32 30 31 2C 31 30 30 30 30
    30 31 2C 31 30 30 30 30 2C 35 30 30 0D 0A 8F A7
    97 E3 8B E0 81 69 88 EA 8E 9E 8B E0 81 6A 2C 32
    30 31 32 31 30 31 36 2C 32 2C 30 30 32 30 30 2C
    C0 C5 B6 20 CA C5 BA 2C 93 63 92 86 81 40 89 D4
    8E 71 2C 88 EA 94 CA 2C 32 30 31 2C 31 30 30 30
    30 30 33 2C 35 30 30 30 2C 32 35 30 0D 0A 8F A7
    97 E3 8B E0 81 69 88 EA 8E 9E 8B E0 81 6A 2C 32
    30 31 32 31 30 31 36 2C 33 2C 30 30 33 30 30 2C
    D4 CF BB DE B7 20 D0 D5 B7 2C 8E 52 FA B1 81 40
    94 FC 97 52 8B 49 2C 94 4E 8B E0 2C 33 30 35 2C
    32 30 30 30 30 30 38 2C 38 30 30 30 2C 34 30 30
    0D 0A
";

/// 帳票,作成基準日,比較対象作成基準日,行番号,変更区分,職員番号,カナ氏名,漢字氏名,財形種類,変更前店番,変更前口座番号,変更前預入金額,変更前奨励金,変更後店番,変更後口座番号,変更後預入金額,変更後奨励金
/// 預入依頼書（月例）,20121016,20120916,1,新規,00500,ｺﾊﾞﾔｼ ｼﾞﾛｳ,,一般,,,,,201,1000006,0,1200
/// 預入依頼書（月例）,20121016,20120916,2,口座変更,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,住宅,201,1000004,30000,1000,305,2000001,30000,1000
/// 預入依頼書（月例）,20121016,20120916,3,金額変更,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,一般,201,1000001,10000,400,201,1000001,10000,500
/// 預入依頼書（月例）,20121016,20120916,4,金額変更,00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,一般,201,1000003,4000,250,201,1000003,5000,250
/// 預入依頼書（月例）,20121016,20120916,5,解約,00600,ｻﾄｳ ｻﾌﾞﾛｳ,佐藤　三郎,年金,201,1000009,7000,0,,,,
const CHANGES_CP932: &str = "
    92 A0 95 5B 2C 8D EC 90 AC 8A EE 8F 80 93 FA 2C
    94 E4 8A 72 91 CE 8F DB 8D EC 90 AC 8A EE 8F 80
    93 FA 2C 8D 73 94 D4 8D 86 2C 95 CF 8D 58 8B E6
    95 AA 2C 90 45 88 F5 94 D4 8D 86 2C 83 4A 83 69
    8E 81 96 BC 2C 8A BF 8E 9A 8E 81 96 BC 2C 8D E0
    8C 60 8E ED 97 DE 2C 95 CF 8D 58 91 4F 93 58 94
    D4 2C 95 CF 8D 58 91 4F 8C FB 8D C0 94 D4 8D 86
    2C 95 CF 8D 58 91 4F 97 61 93 FC 8B E0 8A 7A 2C
    95 CF 8D 58 91 4F 8F A7 97 E3 8B E0 2C 95 CF 8D
    58 8C E3 93 58 94 D4 2C 95 CF 8D 58 8C E3 8C FB
    8D C0 94 D4 8D 86 2C 95 CF 8D 58 8C E3 97 61 93
    FC 8B E0 8A 7A 2C 95 CF 8D 58 8C E3 8F A7 97 E3
    8B E0 0D 0A 97 61 93 FC 88 CB 97 8A 8F 91 81 69
    8C 8E 97 E1 81 6A 2C 32 30 31 32 31 30 31 36 2C
    32 30 31 32 30 39 31 36 2C 31 2C 90 56 8B 4B 2C
    30 30 35 30 30 2C BA CA DE D4 BC 20 BC DE DB B3
    2C 2C 88 EA 94 CA 2C 2C 2C 2C 2C 32 30 31 2C 31
    30 30 30 30 30 36 2C 30 2C 31 32 30 30 0D 0A 97
    61 93 FC 88 CB 97 8A 8F 91 81 69 8C 8E 97 E1 81
    6A 2C 32 30 31 32 31 30 31 36 2C 32 30 31 32 30
    39 31 36 2C 32 2C 8C FB 8D C0 95 CF 8D 58 2C 30
    30 33 30 30 2C D4 CF BB DE B7 20 D0 D5 B7 2C 8E
    52 FA B1 81 40 94 FC 97 52 8B 49 2C 8F 5A 91 EE
    2C 32 30 31 2C 31 30 30 30 30 30 34 2C 33 30 30
    30 30 2C 31 30 30 30 2C 33 30 35 2C 32 30 30 30
    30 30 31 2C 33 30 30 30 30 2C 31 30 30 30 0D 0A
    97 61 93 FC 88 CB 97 8A 8F 91 81 69 8C 8E 97 E1
    81 6A 2C 32 30 31 32 31 30 31 36 2C 32 30 31 32
    30 39 31 36 2C 33 2C 8B E0 8A 7A 95 CF 8D 58 2C
    30 30 31 32 33 2C DB B3 B7 DD 20 C0 DB B3 2C 98
    4A 8B E0 81 40 91 BE 98 59 2C 88 EA 94 CA 2C 32
    30 31 2C 31 30 30 30 30 30 31 2C 31 30 30 30 30
    2C 34 30 30 2C 32 30 31 2C 31 30 30 30 30 30 31
    2C 31 30 30 30 30 2C 35 30 30 0D 0A 97 61 93 FC
    88 CB 97 8A 8F 91 81 69 8C 8E 97 E1 81 6A 2C 32
    30 31 32 31 30 31 36 2C 32 30 31 32 30 39 31 36
    2C 34 2C 8B E0 8A 7A 95 CF 8D 58 2C 30 30 32 30
    30 2C C0 C5 B6 20 CA C5 BA 2C 93 63 92 86 81 40
    89 D4 8E 71 2C 88 EA 94 CA 2C 32 30 31 2C 31 30
    30 30 30 30 33 2C 34 30 30 30 2C 32 35 30 2C 32
    30 31 2C 31 30 30 30 30 30 33 2C 35 30 30 30 2C
    32 35 30 0D 0A 97 61 93 FC 88 CB 97 8A 8F 91 81
    69 8C 8E 97 E1 81 6A 2C 32 30 31 32 31 30 31 36
    2C 32 30 31 32 30 39 31 36 2C 35 2C 89 F0 96 F1
    2C 30 30 36 30 30 2C BB C4 B3 20 BB CC DE DB B3
    2C 8D B2 93 A1 81 40 8E 4F 98 59 2C 94 4E 8B E0
    2C 32 30 31 2C 31 30 30 30 30 30 39 2C 37 30 30
    30 2C 30 2C 2C 2C 2C 0D 0A
";

fn statement(document: EmployerDocument, encoding: CsvEncoding) -> Vec<u8> {
    let h = sample::header(document);
    statement_csv::write(
        Vec::new(),
        encoding,
        document,
        h.base_date,
        h.deposit_date,
        sample::lines(DocumentKind::of(document)),
    )
    .unwrap()
}

#[test]
fn the_deposit_layout_in_cp932_with_the_deposit_date_and_a_neutralised_formula() {
    assert_eq!(
        statement(EmployerDocument::DepositMonthly, CsvEncoding::Cp932),
        hex(DEPOSIT_CP932)
    );
}

#[test]
fn the_balance_layout_in_utf8_has_no_incentive_column() {
    let bytes = statement(EmployerDocument::Balance, CsvEncoding::Utf8Bom);
    assert_eq!(bytes, hex(BALANCE_UTF8));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("\u{feff}帳票,作成基準日,行番号,"));
}

#[test]
fn the_incentive_layout_in_cp932() {
    assert_eq!(
        statement(EmployerDocument::IncentiveBonus, CsvEncoding::Cp932),
        hex(INCENTIVE_CP932)
    );
}

#[test]
fn the_changes_file_leaves_the_missing_side_empty() {
    let h = sample::header(EmployerDocument::DepositMonthly);
    let bytes = changes_csv::write(
        Vec::new(),
        CsvEncoding::Cp932,
        h.document,
        h.base_date,
        Some(sample::previous()),
        sample::changes(),
    )
    .unwrap();
    assert_eq!(bytes, hex(CHANGES_CP932));
}

#[test]
fn the_first_cycle_has_no_previous_date_and_an_empty_file_is_its_header() {
    let h = sample::header(EmployerDocument::DepositSummer);
    let bytes = changes_csv::write(
        Vec::new(),
        CsvEncoding::Utf8Bom,
        h.document,
        h.base_date,
        None,
        sample::changes().into_iter().take(1),
    )
    .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let rows: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(rows[0], changes_csv::COLUMNS.join(","));
    assert!(
        rows[1].starts_with("預入依頼書（夏季一時金）,20121016,,1,新規,"),
        "{}",
        rows[1]
    );
    let empty = statement_csv::write(
        Vec::new(),
        CsvEncoding::Utf8Bom,
        EmployerDocument::IncentiveMonthly,
        h.base_date,
        None,
        Vec::<cjs_reports::zaikei::Line>::new(),
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(empty).unwrap(),
        format!("\u{feff}{}\r\n", statement_csv::INCENTIVE_COLUMNS.join(","))
    );
}

#[test]
fn a_name_cp932_cannot_hold_is_refused_with_its_row_and_column() {
    let mut lines = sample::deposit_lines();
    lines[2].kanji_name = "田中　𠮷子".into();
    let err = statement_csv::write(
        Vec::new(),
        CsvEncoding::Cp932,
        EmployerDocument::DepositMonthly,
        sample::date(2012, 10, 16),
        Some(sample::date(2012, 10, 25)),
        &lines,
    )
    .unwrap_err();
    match err {
        CsvError::Unencodable {
            row, column_name, ..
        } => assert_eq!((row, column_name.as_str()), (4, "漢字氏名")),
        other => panic!("{other:?}"),
    }
}

//! CSV import: encoding detection, RFC 4180 parsing, every problem named, no panic on hostile
//! input.
#![allow(clippy::unwrap_used)]

use cjs_reports::cp932;
use cjs_reports::import::{CsvImport, Detected, ImportReason, Limits, decode};

const HEADER: [&str; 3] = ["職員番号", "カナ氏名", "金額"];

fn sjis(s: &str) -> Vec<u8> {
    cp932::encode(s).unwrap()
}

#[test]
fn cp932_utf8_and_utf8_with_bom_are_told_apart() {
    let text = "職員番号,カナ氏名\r\n1,ﾛｳｷﾝ ①～\r\n";
    let (d, t, p) = decode(&sjis(text));
    assert_eq!((d, t.as_str(), p.len()), (Detected::Cp932, text, 0));
    let (d, t, _) = decode(text.as_bytes());
    assert_eq!((d, t.as_str()), (Detected::Utf8, text));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let (d, t, _) = decode(&bom);
    assert_eq!((d, t.as_str()), (Detected::Utf8Bom, text));
}

#[test]
fn records_come_with_their_line_numbers_and_embedded_newlines_and_quotes() {
    let file = "職員番号,カナ氏名,金額\r\n1,\"ﾛｳｷﾝ\r\n\"\"ﾀﾛｳ\"\"\",100\r\n\r\n2,ﾀﾅｶ,200\n";
    let import = CsvImport::parse(file.as_bytes(), &HEADER);
    assert!(import.problems().is_empty(), "{:?}", import.problems());
    let r = import.records();
    assert_eq!(r.len(), 2);
    assert_eq!((r[0].line, r[0].get(1)), (2, "ﾛｳｷﾝ\n\"ﾀﾛｳ\""));
    assert_eq!((r[1].line, r[1].get(0), r[1].get(2)), (5, "2", "200"));
}

#[test]
fn a_cp932_file_reads_back_what_windows_wrote() {
    let file = sjis("職員番号,カナ氏名,金額\r\n00001,ﾔﾏｻﾞｷ ㈱～,1000\r\n");
    let import = CsvImport::parse(&file, &HEADER);
    assert_eq!(import.detected, Detected::Cp932);
    assert_eq!(import.records()[0].get(1), "ﾔﾏｻﾞｷ ㈱～");
}

#[test]
fn every_bad_row_is_reported_with_line_column_and_reason() {
    let file = "職員番号,カナ氏名,金額\r\n\
                1,ok,1\r\n\
                2,too,many,fields\r\n\
                3,ab\"c,1\r\n\
                4,\"x\"y,1\r\n\
                5,\u{1},1\r\n\
                6,\u{E001},1\r\n\
                7,\"never closed,1\r\n";
    let import = CsvImport::parse(file.as_bytes(), &HEADER);
    assert_eq!(import.records().len(), 1);
    let got: Vec<String> = import.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "3行目: 項目数が4個です（3個必要です）",
            "4行目 2列目（カナ氏名）: 「\"」で囲まれていない項目の中に「\"」があります",
            "5行目 2列目（カナ氏名）: 「\"」で閉じた後、「,」の前に文字があります",
            "6行目 2列目（カナ氏名）: 制御文字（U+0001）は使えません",
            "7行目 2列目（カナ氏名）: 外字（U+E001）は使えません",
            "8行目 2列目（カナ氏名）: 「\"」で始まる項目が閉じられていません",
            "8行目: 項目数が2個です（3個必要です）",
        ]
    );
    let codes: Vec<&str> = import.problems().iter().map(|p| p.code()).collect();
    assert_eq!(
        codes,
        ["R204", "R206", "R207", "R209", "R209", "R205", "R204"]
    );
}

#[test]
fn a_wrong_header_is_reported_on_line_1() {
    let import = CsvImport::parse("番号,名前,金額\r\n1,a,1\r\n".as_bytes(), &HEADER);
    let p: Vec<_> = import.problems().iter().collect();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].line, 1);
    assert_eq!(
        p[0].to_string(),
        "1行目: 見出し行が違います（「職員番号,カナ氏名,金額」が必要です）"
    );
}

#[test]
fn an_empty_file_is_a_problem_not_an_empty_success() {
    let import = CsvImport::parse(b"", &HEADER);
    assert_eq!(
        import.problems().iter().next().unwrap().reason,
        ImportReason::Empty
    );
}

#[test]
fn undecodable_bytes_are_reported_on_their_line_and_the_row_is_held_back() {
    let mut file = sjis("職員番号,カナ氏名,金額\r\n1,ﾛｳｷﾝ,1\r\n2,");
    file.extend_from_slice(&[0x81, 0xFF]); // no CP932 character
    file.extend_from_slice(b",2\r\n3,x,3\r\n");
    let import = CsvImport::parse(&file, &HEADER);
    assert_eq!(import.detected, Detected::Cp932);
    let p: Vec<String> = import.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        p,
        ["3行目: 文字コード（Shift_JIS）として読めないバイトがあります"]
    );
    let lines: Vec<usize> = import.records().iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 4]);
}

#[test]
fn a_huge_field_is_refused_with_its_length() {
    let big = "ア".repeat(5000);
    let file = format!("職員番号,カナ氏名,金額\n1,{big},1\n");
    let import = CsvImport::parse_with(
        file.as_bytes(),
        &HEADER,
        Limits {
            max_field_chars: 100,
        },
    );
    let p = import.problems().iter().next().unwrap();
    assert_eq!(
        p.to_string(),
        "2行目 2列目（カナ氏名）: 5000文字あります（100文字までです）"
    );
}

#[test]
fn area_checks_join_the_same_list_and_finish_is_all_or_nothing() {
    let file = "職員番号,カナ氏名,金額\n1,ｱ,10\n2,,x\n3,ｳ,30\n";
    let (records, mut problems) = CsvImport::parse(file.as_bytes(), &HEADER).into_parts();
    let mut rows = Vec::new();
    for r in &records {
        let name = problems.required(r, 1).map(str::to_owned);
        let amount = problems.check(
            r,
            2,
            r.get(2)
                .parse::<i64>()
                .map_err(|_| "数字で入力してください"),
        );
        if let (Some(n), Some(a)) = (name, amount) {
            rows.push((n, a));
        }
    }
    let err = problems.finish(rows).unwrap_err();
    let got: Vec<String> = err.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "3行目 2列目（カナ氏名）: 入力されていません",
            "3行目 3列目（金額）: 数字で入力してください"
        ]
    );
}

#[test]
fn without_an_expected_header_the_file_names_the_columns() {
    let file = "a,b\n1,2\n3\n";
    let import = CsvImport::parse(file.as_bytes(), &[]);
    assert_eq!(import.header, ["a", "b"]);
    assert_eq!(import.records().len(), 1);
    assert_eq!(import.problems().len(), 1);
}

/// A small deterministic generator: no extra crate needed to throw junk at the parser.
fn junk(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let alphabet: &[u8] = b"\",\r\n a\x81\x82\xE3\x80\xEF\xBB\xBF\x00\xFF\x87\x40";
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let r = (x >> 33) as usize;
            if r.is_multiple_of(3) {
                (r >> 8) as u8
            } else {
                alphabet[(r >> 8) % alphabet.len()]
            }
        })
        .collect()
}

#[test]
fn hostile_input_never_panics_and_every_problem_has_a_line() {
    for seed in 0..150 {
        let bytes = junk(seed, (seed as usize * 37) % 3000);
        let import = CsvImport::parse(&bytes, &HEADER);
        let newlines = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
        for p in import.problems().iter() {
            assert!(p.line >= 1 && p.line <= newlines, "seed {seed}: {p:?}");
            let _ = p.to_string();
        }
        for r in import.records() {
            assert_eq!(r.fields().len(), 3);
        }
    }
}

#[test]
fn lone_cr_line_ends_count_the_same_for_bytes_and_records() {
    let mut file = b"a,b\r1,2\r3,".to_vec();
    file.extend_from_slice(&[0x81, 0xFF]);
    file.extend_from_slice(b"\r5,6\r");
    let import = CsvImport::parse(&file, &[]);
    let lines: Vec<usize> = import.problems().iter().map(|p| p.line).collect();
    assert_eq!(lines, [3]);
    let ok: Vec<usize> = import.records().iter().map(|r| r.line).collect();
    assert_eq!(ok, [2, 4]);
}

//! Property tests (proptest) for the bank's files the operator loads: 労金控除 request and result
//! files, 一斉積立 runs and 財形 cycles. Random bytes never panic and every problem names its line
//! (and column, labelled with the header's name); in a file of good rows, exactly the cells made
//! wrong are named, nothing else, in CP932 and UTF-8 alike. A refused file returns no rows, so the
//! loaders (one transaction after a clean parse) write nothing: see their store tests.

use cjs_domain::zaikei::DocumentKind;
use cjs_reports::import::ImportProblem;
use proptest::prelude::*;

/// One importer: its header, a good row `i` (distinct keys per row) and cells wrong in their
/// column whatever the rest of the row holds.
struct Importer {
    name: &'static str,
    header: Vec<&'static str>,
    good: fn(usize) -> Vec<String>,
    bad: &'static [(usize, &'static str)],
    parse: fn(&[u8]) -> Result<usize, Vec<ImportProblem>>,
}

fn emp(i: usize) -> String {
    format!("{:05}", i + 1)
}

fn account(i: usize) -> String {
    format!("{:07}", 1_000_000 + i)
}

fn importers() -> Vec<Importer> {
    vec![
        Importer {
            name: "一斉積立",
            header: super::collective::COLUMNS.to_vec(),
            good: |i| {
                vec![
                    emp(i),
                    "ﾛｳｷﾝ ﾀﾛｳ".into(),
                    "労金　太郎".into(),
                    "123".into(),
                    account(i),
                    "12,000".into(),
                ]
            },
            bad: &[
                (0, "00A1"),
                (1, "ﾛｳｷﾝ☆"),
                (3, "12"),
                (4, "123456"),
                (5, "0"),
                (5, "-1"),
            ],
            parse: |b| super::collective::parse_lines(b).map(|v| v.len()),
        },
        Importer {
            name: "財形 預入依頼書",
            header: super::zaikei::columns(DocumentKind::Deposit),
            good: |i| {
                vec![
                    emp(i),
                    "ザイケイ タロウ".into(),
                    String::new(),
                    "一般".into(),
                    "201".into(),
                    account(i),
                    "10000".into(),
                    "500".into(),
                ]
            },
            bad: &[
                (0, "1-2"),
                (3, "財形"),
                (4, "2O1"),
                (5, "100000"),
                (6, "-1"),
                (7, "x"),
            ],
            parse: |b| super::zaikei::parse_lines(DocumentKind::Deposit, b).map(|v| v.len()),
        },
        Importer {
            name: "財形 加入者残高一覧表",
            header: super::zaikei::columns(DocumentKind::Balance),
            good: |i| {
                vec![
                    emp(i),
                    "ｻﾞｲｹｲ".into(),
                    "財形　花子".into(),
                    "3".into(),
                    "201".into(),
                    account(i),
                    "1234567890".into(),
                ]
            },
            bad: &[(1, "ｻﾞｲｹｲ@"), (3, "4"), (6, "1e3")],
            parse: |b| super::zaikei::parse_lines(DocumentKind::Balance, b).map(|v| v.len()),
        },
        Importer {
            name: "労金控除 依頼データ",
            header: super::deduction::REQUEST_COLUMNS.to_vec(),
            good: |i| {
                vec![
                    emp(i),
                    "ロウキン タロウ".into(),
                    "労金　太郎".into(),
                    "01".into(),
                    "123".into(),
                    account(i),
                    "10000".into(),
                    "新規".into(),
                    String::new(),
                    String::new(),
                ]
            },
            bad: &[(0, "00A2"), (4, "12"), (6, "-5"), (7, "追加"), (8, "2")],
            parse: |b| super::deduction::parse_requests(b).map(|v| v.len()),
        },
        Importer {
            name: "労金控除 結果データ",
            header: super::deduction::RESULT_COLUMNS.to_vec(),
            good: |i| {
                vec![
                    (i + 1).to_string(),
                    emp(i),
                    "01".into(),
                    "123".into(),
                    account(i),
                    "済".into(),
                    String::new(),
                    String::new(),
                    "ﾛｳｷﾝ ﾀﾛｳ".into(),
                ]
            },
            bad: &[(0, "x"), (5, "保留"), (6, "77"), (8, "ﾛｳｷﾝ☆")],
            parse: |b| super::deduction::parse_results(b).map(|v| v.len()),
        },
    ]
}

fn physical_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1
}

fn check_problems(
    imp: &Importer,
    bytes: &[u8],
    problems: &[ImportProblem],
) -> Result<(), TestCaseError> {
    prop_assert!(
        !problems.is_empty(),
        "{}: refused without a reason",
        imp.name
    );
    let lines = physical_lines(bytes);
    for p in problems {
        prop_assert!(
            p.line >= 1 && p.line <= lines,
            "{}: {p} (of {lines} lines)",
            imp.name
        );
        if let (Some(c), Some(name)) = (p.column, &p.column_name) {
            prop_assert_eq!(
                Some(name.as_str()),
                imp.header.get(c - 1).copied(),
                "{}: {}",
                imp.name,
                p
            );
        }
    }
    Ok(())
}

fn encode(text: &str, how: u8) -> Vec<u8> {
    match how {
        0 => text.as_bytes().to_vec(),
        1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        _ => cjs_domain::cp932::encode(text).expect("the rows are CP932 text"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_are_read_or_refused_with_every_problem_on_its_line(
        which in 0..5usize,
        header in any::<bool>(),
        bytes in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let imp = &importers()[which];
        let mut file = Vec::new();
        if header {
            file.extend_from_slice(imp.header.join(",").as_bytes());
            file.extend_from_slice(b"\r\n");
        }
        file.extend_from_slice(&bytes);
        if let Err(problems) = (imp.parse)(&file) {
            check_problems(imp, &file, &problems)?;
        }
    }

    #[test]
    fn exactly_the_wrong_cells_are_named_and_a_good_file_reads_whole(
        which in 0..5usize,
        rows in 1..25usize,
        edits in prop::collection::btree_map(0..25usize, any::<prop::sample::Index>(), 0..4),
        how in 0..3u8,
    ) {
        let imp = &importers()[which];
        let mut text = imp.header.join(",") + "\r\n";
        let mut must = Vec::new();
        for i in 0..rows {
            let mut cells = (imp.good)(i);
            if let Some(pick) = edits.get(&i) {
                let (col, value) = imp.bad[pick.index(imp.bad.len())];
                cells[col] = value.to_owned();
                must.push((i + 2, col + 1));
            }
            let quoted: Vec<String> = cells
                .iter()
                .map(|c| if c.contains(',') { format!("\"{c}\"") } else { c.clone() })
                .collect();
            text.push_str(&quoted.join(","));
            text.push_str("\r\n");
        }
        let bytes = encode(&text, how);
        match (imp.parse)(&bytes) {
            Ok(n) => {
                prop_assert!(must.is_empty(), "{}: {must:?} not refused", imp.name);
                prop_assert_eq!(n, rows);
            }
            Err(problems) => {
                check_problems(imp, &bytes, &problems)?;
                for (line, column) in &must {
                    prop_assert!(
                        problems.iter().any(|p| p.line == *line && p.column == Some(*column)),
                        "{}: {line}行目 {column}列目 not named: {problems:?}", imp.name
                    );
                }
                for p in &problems {
                    prop_assert!(must.iter().any(|(l, _)| *l == p.line), "{}: a good row refused: {p}", imp.name);
                }
            }
        }
    }
}

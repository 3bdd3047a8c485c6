//! Property tests (proptest) for the CSV importers: random and hostile files never panic, the
//! records and the problems together account for every line, a refusal names its line (and its
//! column when one field is at fault), and what the writer wrote reads back unchanged.
//!
//! The importers of every area sit on [`CsvImport`]; the 賃控元帳 file is also taken through the
//! domain's planning, where the value checks are. That nothing is half-written is the stores'
//! part (one transaction, applied only when the plan has no problem): see the ledger, collective
//! and 財形 store tests.
#![allow(clippy::unwrap_used)]

use cjs_domain::ledger::import::{HEADER as LEDGER_HEADER, plan};
use cjs_domain::ledger::{Item, ItemFields, ItemInput, Line, LineFields, LineInput, LineState};
use cjs_reports::cp932;
use cjs_reports::csv::{CsvEncoding, CsvWriter};
use cjs_reports::import::{CsvImport, ImportProblem};
use cjs_reports::ledger::lines_csv::{self, DetailRow};
use cjs_reports::ledger::sample;
use proptest::prelude::*;

const HEADER: [&str; 4] = ["職員番号", "カナ氏名", "漢字氏名", "金額"];

/// Physical lines of a file (an upper bound for any line a problem may name).
fn physical_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1
}

/// What every parse must satisfy, whatever the bytes.
fn check_invariants(
    bytes: &[u8],
    header: &[&str],
    import: &CsvImport,
) -> Result<(), TestCaseError> {
    let lines = physical_lines(bytes);
    let problems: Vec<&ImportProblem> = import.problems().iter().collect();
    for p in &problems {
        prop_assert!(
            p.line >= 1 && p.line <= lines,
            "line {} of {lines}: {p}",
            p.line
        );
        prop_assert!(p.to_string().starts_with(&format!("{}行目", p.line)), "{p}");
        if let Some(c) = p.column {
            prop_assert!(c >= 1, "{p}");
            if let Some(name) = &p.column_name {
                prop_assert_eq!(Some(name.as_str()), header.get(c - 1).copied(), "{}", p);
            }
        } else {
            prop_assert!(p.column_name.is_none(), "{p}");
        }
        prop_assert!(!p.code().is_empty());
    }
    // File order, as the clerk reads them.
    let keys: Vec<(usize, usize)> = problems
        .iter()
        .map(|p| (p.line, p.column.unwrap_or(usize::MAX)))
        .collect();
    prop_assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
    // Records: the header's width, in file order, never on a line that has a problem.
    let mut last = 1;
    for r in import.records() {
        prop_assert_eq!(r.fields().len(), header.len());
        prop_assert!(
            r.line > last && r.line <= lines,
            "record line {} after {last}",
            r.line
        );
        prop_assert!(
            !problems.iter().any(|p| p.line == r.line),
            "line {} both",
            r.line
        );
        last = r.line;
    }
    Ok(())
}

/// Pieces hostile files are made of.
fn hostile_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[0-9]{0,12}",
        3 => "[ｦ-ﾟ ]{0,12}",
        2 => "[ぁ-ん山田太郎花子組合員労働金庫佐藤鈴木々　①～]{0,8}",
        1 => Just("\"".to_owned()),
        1 => Just("\"\"".to_owned()),
        1 => Just("a\"b".to_owned()),
        1 => Just("\"x\"y".to_owned()),
        1 => Just("\"open".to_owned()),
        1 => Just(",".to_owned()),
        1 => Just("\r".to_owned()),
        1 => Just("\n".to_owned()),
        1 => Just("\u{0}\u{7}\u{1b}".to_owned()),
        1 => Just("\u{E000}\u{FFFD}\u{FEFF}".to_owned()),
        1 => Just("=HYPERLINK(\"http://x\")".to_owned()),
        1 => "[ -~]{0,20}",
        1 => any::<String>(),
    ]
}

fn hostile_file() -> impl Strategy<Value = Vec<u8>> {
    let row = prop::collection::vec(hostile_cell(), 0..7);
    let rows = prop::collection::vec(row, 0..12);
    (
        rows,
        prop::sample::select(vec!["\r\n", "\n", "\r"]),
        0..4u8,
        any::<bool>(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
    )
        .prop_map(|(rows, eol, encoding, with_header, noise)| {
            let mut text = String::new();
            if with_header {
                text.push_str(&HEADER.join(","));
                text.push_str(eol);
            }
            for r in rows {
                text.push_str(&r.join(","));
                text.push_str(eol);
            }
            let mut bytes = match encoding {
                0 => text.into_bytes(),
                1 => {
                    let mut b = b"\xEF\xBB\xBF".to_vec();
                    b.extend_from_slice(text.as_bytes());
                    b
                }
                // CP932 where it encodes; otherwise what Windows would never write.
                _ => cp932::encode(&text).unwrap_or_else(|_| text.into_bytes()),
            };
            for (at, byte) in noise {
                let i = at.index(bytes.len() + 1);
                bytes.insert(i, byte);
            }
            bytes
        })
}

/// Cells as a clerk's spreadsheet holds them: CP932-encodable text including commas, quotes
/// and line breaks, not starting with a formula character (the writer neutralises those).
fn plain_cell() -> impl Strategy<Value = String> {
    "[0-9A-Za-zｦ-ﾟぁ-ん山田太郎花子組合員労働金庫佐藤鈴木①～ ,\"\n]{0,12}"
        .prop_filter("not a formula, not padded", |s| {
            !s.starts_with(['=', '+', '-', '@']) && s.trim() == s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_parse_without_panic_and_every_problem_names_its_line(
        bytes in prop::collection::vec(any::<u8>(), 0..400)
    ) {
        let import = CsvImport::parse(&bytes, &HEADER);
        check_invariants(&bytes, &HEADER, &import)?;
    }

    #[test]
    fn hostile_files_account_for_every_line(bytes in hostile_file()) {
        let import = CsvImport::parse(&bytes, &HEADER);
        check_invariants(&bytes, &HEADER, &import)?;
        // A file that is refused says so: no records without a header that matched.
        if import.header.iter().map(String::as_str).ne(HEADER.iter().copied()) {
            prop_assert!(!import.problems().is_empty());
        }
    }

    #[test]
    fn what_the_writer_writes_reads_back_unchanged(
        rows in prop::collection::vec(prop::collection::vec(plain_cell(), 4), 0..20),
        cp in any::<bool>(),
    ) {
        let encoding = if cp { CsvEncoding::Cp932 } else { CsvEncoding::Utf8Bom };
        let mut w = CsvWriter::new(Vec::new(), encoding, &HEADER).unwrap();
        for r in &rows {
            let cells: Vec<&str> = r.iter().map(String::as_str).collect();
            w.write_row(&cells).unwrap();
        }
        let bytes = w.finish().unwrap();
        let import = CsvImport::parse(&bytes, &HEADER);
        prop_assert!(import.problems().is_empty(), "{:?}", import.problems());
        let back: Vec<Vec<String>> = import.records().iter().map(|r| r.fields().to_vec()).collect();
        prop_assert_eq!(back, rows);
    }
}

// ---- 賃控元帳明細データインポート: the file through the domain's planning ----

fn items() -> Vec<Item> {
    sample::ITEMS
        .iter()
        .enumerate()
        .map(|(i, (code, name, kind))| Item {
            id: format!("item-{code}"),
            fields: ItemFields::parse(&ItemInput {
                item_code: (*code).into(),
                item_name: (*name).into(),
                display_order: i as i64 + 1,
                kind: *kind,
                monthly: true,
                bonus: true,
            })
            .unwrap(),
            version: 1,
        })
        .collect()
}

fn stored(n: usize, d: &DetailRow, items: &[Item]) -> Line {
    let fields = LineFields::parse(
        &LineInput {
            employee_no: d.employee_no.clone(),
            kana_name: d.kana_name.clone(),
            kanji_name: d.kanji_name.clone(),
            item_code: d.item_code.clone(),
            amount_monthly: d.amount_monthly,
            amount_summer: d.amount_summer,
            amount_year_end: d.amount_year_end,
            start_month: d.start_month.to_string(),
            end_month: d.end_month.map(|m| m.to_string()),
        },
        items,
    )
    .unwrap();
    Line {
        id: format!("line-{n}"),
        amounts_from: fields.start_month,
        fields,
        prior: None,
        state: LineState::Active,
        version: 1,
    }
}

/// An edit a clerk (or a broken spreadsheet) makes to an exported file.
#[derive(Debug, Clone)]
enum Edit {
    /// A value that is wrong for its column: (row, column 0-based, value). Must be named.
    Bad(prop::sample::Index, usize, &'static str),
    /// A hostile cell anywhere (may or may not be wrong).
    Cell(prop::sample::Index, usize, String),
    /// The same row twice.
    Duplicate(prop::sample::Index),
    /// A row cut short.
    Cut(prop::sample::Index),
    /// A stray byte.
    Byte(prop::sample::Index, u8),
}

/// Values refused in their column whatever the rest of the row holds.
const BAD: [(usize, &str); 7] = [
    (0, "12A"),
    (1, "ﾀﾛｳ@"),
    (3, "777"),
    (5, "-1"),
    (6, "1000000000"),
    (8, "2026-13"),
    (9, "2026/07"),
];

fn edit() -> impl Strategy<Value = Edit> {
    let row = any::<prop::sample::Index>();
    prop_oneof![
        3 => (row.clone(), 0..BAD.len()).prop_map(|(r, i)| Edit::Bad(r, BAD[i].0, BAD[i].1)),
        2 => (row.clone(), 0..10usize, hostile_cell()).prop_map(|(r, c, v)| Edit::Cell(r, c, v)),
        1 => row.clone().prop_map(Edit::Duplicate),
        1 => row.clone().prop_map(Edit::Cut),
        1 => (row, any::<u8>()).prop_map(|(r, b)| Edit::Byte(r, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn an_edited_ledger_file_is_planned_whole_or_refused_with_every_wrong_cell_named(
        edits in prop::collection::vec(edit(), 0..5),
    ) {
        let items = items();
        let details = sample::generated_details(40);
        let lines: Vec<Line> = details.iter().enumerate().map(|(n, d)| stored(n, d, &items)).collect();
        let text = String::from_utf8(
            lines_csv::write(Vec::new(), CsvEncoding::Utf8Bom, &details).unwrap(),
        )
        .unwrap();
        let mut rows: Vec<String> = text.trim_end_matches("\r\n").split("\r\n").map(str::to_owned).collect();
        // (file line, column 1-based) that must be named; only while no other edit touches the row.
        let mut must: Vec<(usize, usize)> = Vec::new();
        let mut touched: Vec<usize> = Vec::new();
        let data = rows.len() - 1;
        for e in &edits {
            match e {
                Edit::Bad(r, c, v) => {
                    let i = 1 + r.index(data);
                    let mut cells: Vec<String> = rows[i].split(',').map(str::to_owned).collect();
                    // A row cut short by an earlier edit gets its cell back (still a touched row).
                    if cells.len() <= *c {
                        cells.resize(*c + 1, String::new());
                    }
                    cells[*c] = (*v).to_owned();
                    rows[i] = cells.join(",");
                    if !touched.contains(&i) {
                        must.push((i + 1, c + 1));
                    }
                    touched.push(i);
                }
                Edit::Cell(r, c, v) => {
                    let i = 1 + r.index(data);
                    let mut cells: Vec<String> = rows[i].split(',').map(str::to_owned).collect();
                    if cells.len() <= *c {
                        cells.resize(*c + 1, String::new());
                    }
                    cells[*c] = v.clone();
                    rows[i] = cells.join(",");
                    must.retain(|&(l, _)| l != i + 1);
                    touched.push(i);
                }
                Edit::Duplicate(r) => {
                    let i = 1 + r.index(data);
                    rows.push(rows[i].clone());
                }
                Edit::Cut(r) => {
                    let i = 1 + r.index(data);
                    let cells: Vec<&str> = rows[i].split(',').collect();
                    rows[i] = cells[..cells.len() - 1].join(",");
                    must.retain(|&(l, _)| l != i + 1);
                    touched.push(i);
                }
                Edit::Byte(r, b) => {
                    let i = 1 + r.index(data);
                    let mut bytes = rows[i].clone().into_bytes();
                    let at = bytes.len() / 2;
                    bytes.insert(at, *b);
                    rows[i] = String::from_utf8_lossy(&bytes).into_owned();
                    must.retain(|&(l, _)| l != i + 1);
                    touched.push(i);
                }
            }
        }
        // A hostile cell or byte may break lines or open a quote that swallows the rows after
        // it: then the invariants hold but which line names what is the parser's to say.
        if edits.iter().any(|e| matches!(e, Edit::Cell(..) | Edit::Byte(..))) {
            must.clear();
        }
        let file = rows.join("\r\n") + "\r\n";
        let bytes = file.as_bytes();
        let (parsed, file_problems) = lines_csv::parse(bytes);
        let p = plan(&parsed, &items, &lines, sample::ym(2026, 7));
        let physical = physical_lines(bytes);
        let all: Vec<_> = file_problems.iter().chain(&p.problems).collect();
        for pr in &all {
            prop_assert!(pr.line >= 1 && pr.line <= physical, "{pr}");
            if let Some(c) = pr.column {
                prop_assert!(c >= 1, "{pr}");
                // A cell beyond the header (a stray comma) has its number but no name.
                prop_assert_eq!(pr.item.as_deref(), LEDGER_HEADER.get(c - 1).copied(), "{}", pr);
            }
        }
        for (line, column) in &must {
            prop_assert!(
                // Two rows of one employee edited to the same 種目 are named as the duplicate
                // they became (the row as a whole), not by their cell.
                all.iter().any(|pr| pr.line == *line
                    && (pr.column == Some(*column) || pr.reason.contains("同じ職員番号・種目コード"))),
                "{line}行目 {column}列目 not named in {all:#?}"
            );
        }
        if all.is_empty() {
            // Applied whole: every row is an add, a change or unchanged.
            prop_assert!(p.check().is_ok());
            prop_assert_eq!(p.adds.len() + p.changes.len() + p.unchanged, p.rows);
            prop_assert_eq!(p.rows, parsed.len());
        } else {
            // Refused whole: the plan cannot be applied.
            prop_assert!(!edits.is_empty());
            prop_assert!(!p.problems.is_empty() || !file_problems.is_empty());
            prop_assert!(p.check().is_err() || !file_problems.is_empty());
        }
        if edits.is_empty() {
            prop_assert!(all.is_empty(), "{all:#?}");
            prop_assert_eq!(p.unchanged, details.len());
        }
    }
}

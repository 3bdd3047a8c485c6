//! The 賃控元帳明細データ round trip through the domain's planning: what the export writes, the
//! import reads back as "nothing changed" (100,000 rows, CP932); an edited file plans its change
//! and names its problems; payroll's result file plans against the run.
#![allow(clippy::unwrap_used)]

use cjs_domain::deduction::YearMonth;
use cjs_domain::ledger::import::plan;
use cjs_domain::ledger::results::plan_file;
use cjs_domain::ledger::{
    Item, ItemFields, ItemInput, Line, LineFields, LineInput, LineState, Outcome, RunLineKey,
};
use cjs_reports::csv::CsvEncoding;
use cjs_reports::ledger::lines_csv::{self, DetailRow};
use cjs_reports::ledger::{breakdown_list, results_csv, sample};

fn items() -> Vec<Item> {
    sample::ITEMS
        .iter()
        .enumerate()
        .map(|(i, (code, name, kind))| {
            let bonus = !matches!(*code, "201" | "301");
            Item {
                id: format!("item-{code}"),
                fields: ItemFields::parse(&ItemInput {
                    item_code: (*code).into(),
                    item_name: (*name).into(),
                    display_order: i as i64 + 1,
                    kind: *kind,
                    monthly: true,
                    bonus,
                })
                .unwrap(),
                version: 1,
            }
        })
        .collect()
}

/// The stored line an exported row came from.
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
    .unwrap_or_else(|e| panic!("{d:?}: {e}"));
    Line {
        id: format!("line-{n}"),
        amounts_from: fields.start_month,
        fields,
        prior: None,
        state: LineState::Active,
        version: 1,
    }
}

fn july() -> YearMonth {
    sample::ym(2026, 7)
}

#[test]
fn an_exported_file_of_100000_lines_imports_back_as_nothing_changed() {
    let items = items();
    let details = sample::generated_details(100_000);
    let lines: Vec<Line> = details
        .iter()
        .enumerate()
        .map(|(n, d)| stored(n, d, &items))
        .collect();
    let rows_back: Vec<DetailRow> = lines
        .iter()
        .map(|l| {
            let item = items.iter().find(|i| i.id == l.fields.item_id).unwrap();
            DetailRow::from_line(l, item.fields.name.as_str())
        })
        .collect();
    assert_eq!(
        rows_back, details,
        "DetailRow::from_line gives the row back"
    );
    let file = lines_csv::write(Vec::new(), CsvEncoding::Cp932, &details).unwrap();
    let (rows, problems) = lines_csv::parse(&file);
    assert!(
        problems.is_empty(),
        "{:?}",
        &problems[..problems.len().min(5)]
    );
    assert_eq!(rows.len(), 100_000);
    let p = plan(&rows, &items, &lines, july());
    assert!(
        p.problems.is_empty(),
        "{:?}",
        &p.problems[..p.problems.len().min(5)]
    );
    assert_eq!((p.rows, p.unchanged), (100_000, 100_000));
    assert!(p.adds.is_empty() && p.changes.is_empty());
}

#[test]
fn three_bad_rows_among_50000_are_all_named_and_the_plan_refuses_the_file() {
    let items = items();
    let details = sample::generated_details(50_000);
    let lines: Vec<Line> = details
        .iter()
        .enumerate()
        .map(|(n, d)| stored(n, d, &items))
        .collect();
    let text =
        String::from_utf8(lines_csv::write(Vec::new(), CsvEncoding::Utf8Bom, &details).unwrap())
            .unwrap();
    let mut rows: Vec<String> = text.split("\r\n").map(str::to_owned).collect();
    // File lines (header = 1): a row cut short, a kana outside the bank's set, an unknown item.
    rows[100] = "0000999,ｱ,阿部　一郎,101,組合費,100".into();
    let set = |row: &mut String, column: usize, value: &str| {
        let mut cells: Vec<&str> = row.split(',').collect();
        cells[column] = value;
        *row = cells.join(",");
    };
    set(&mut rows[20_000], 1, "ﾀﾛｳ@");
    set(&mut rows[49_999], 3, "777");
    let (parsed, problems) = lines_csv::parse(rows.join("\r\n").as_bytes());
    assert_eq!(parsed.len(), 49_999);
    let p = plan(&parsed, &items, &lines, july());
    let mut all: Vec<String> = problems
        .iter()
        .chain(&p.problems)
        .map(ToString::to_string)
        .collect();
    all.sort();
    assert_eq!(all.len(), 3, "{all:#?}");
    assert_eq!(all[0], "101行目: 項目数が6個です（10個必要です）");
    assert!(
        all[1].starts_with("20001行目 2列目（カナ氏名）: "),
        "{}",
        all[1]
    );
    assert_eq!(
        all[2],
        "50000行目 4列目（種目コード）: 種目コード（777）は登録されていません。"
    );
    assert!(p.check().is_err());
}

#[test]
fn the_sample_file_with_its_formula_cell_imports_back_unchanged_and_an_edit_is_planned() {
    let items = items();
    let details = sample::details();
    let lines: Vec<Line> = details
        .iter()
        .enumerate()
        .map(|(n, d)| stored(n, d, &items))
        .collect();
    let file = lines_csv::write(Vec::new(), CsvEncoding::Cp932, &details).unwrap();
    let (rows, problems) = lines_csv::parse(&file);
    assert!(problems.is_empty());
    let p = plan(&rows, &items, &lines, july());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.unchanged, 8, "'＝鈴木 reads back as ＝鈴木");

    // The clerk raises 00200's union dues and adds a line with an unknown item.
    let mut text =
        String::from_utf8(lines_csv::write(Vec::new(), CsvEncoding::Utf8Bom, &details).unwrap())
            .unwrap();
    text = text.replace(
        "00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,101,組合費,3500,",
        "00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,101,組合費,4000,",
    );
    text.push_str("00600,ｻﾄｳ ｼﾞﾛｳ,佐藤　次郎,999,,1000,0,0,202607,\r\n");
    let (rows, problems) = lines_csv::parse(text.as_bytes());
    assert!(problems.is_empty());
    let p = plan(&rows, &items, &lines, july());
    assert_eq!(p.changes.len(), 1);
    assert_eq!(p.changes[0].0, "line-3");
    assert_eq!(p.problems.len(), 1);
    assert_eq!(
        p.problems[0].to_string(),
        "10行目 4列目（種目コード）: 種目コード（999）は登録されていません。"
    );
}

#[test]
fn payrolls_result_file_plans_against_the_run() {
    let lines = sample::lines();
    let keys: Vec<RunLineKey> = lines
        .iter()
        .map(|l| RunLineKey {
            line_no: l.line_no,
            employee_no: &l.employee_no,
            item_code: &l.item_code,
        })
        .collect();
    let file = "職員番号,種目コード,結果,不能理由,不能理由（その他）\r\n\
                00123,101,済,,\r\n\
                00200,101,不能,退職,\r\n";
    let (rows, problems) = results_csv::parse(&encoding_rs::SHIFT_JIS.encode(file).0);
    assert!(problems.is_empty());
    let planned = plan_file(&keys, &rows).unwrap();
    let got: Vec<(i32, Option<Outcome>)> = planned.iter().map(|r| (r.line_no, r.result)).collect();
    assert_eq!(
        got,
        [(1, Some(Outcome::Deducted)), (4, Some(Outcome::Failed))]
    );
}

#[test]
fn the_breakdown_lines_are_the_live_lines_with_their_periods() {
    let items = items();
    let lines: Vec<Line> = sample::details()
        .iter()
        .enumerate()
        .map(|(n, d)| stored(n, d, &items))
        .collect();
    let live = cjs_domain::ledger::run::derive(
        &lines,
        &items,
        cjs_domain::schedule::Occasion::Monthly,
        sample::ym(2026, 4),
    );
    let got = breakdown_list::lines(&live, &lines);
    // 00500's line ended in 2026-03: the fixture's seven lines, without results.
    let mut expected = sample::lines();
    for l in &mut expected {
        l.result = None;
    }
    assert_eq!(got, expected);
}

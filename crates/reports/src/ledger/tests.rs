//! The lists' rows and totals without poppler (the text as printed is checked in
//! `tests/ledger_pdf.rs`).

use cjs_domain::ledger::{FailReason, Outcome};

use super::*;
use crate::pdf::{Cell, Row};

fn feet(rows: &[Row]) -> Vec<(String, Vec<Cell>)> {
    rows.iter()
        .filter_map(|r| match r {
            Row::Subtotal { label, cells } | Row::Total { label, cells } => {
                Some((label.clone(), cells.clone()))
            }
            Row::Data(_) => None,
        })
        .collect()
}

fn data(r: &ListReport) -> usize {
    r.rows.iter().filter(|r| matches!(r, Row::Data(_))).count()
}

#[test]
fn the_request_list_subtotals_employees_with_two_lines_and_totals_people_lines_and_yen() {
    let r = request_list::build(&sample::header(), &sample::lines());
    assert_eq!(data(&r), 7);
    let foot = feet(&r.rows);
    assert_eq!(
        foot,
        [
            (
                "小計　職員番号 00123　3件".to_owned(),
                vec![Cell::Yen(14_700)]
            ),
            (
                "小計　職員番号 00300　2件".to_owned(),
                vec![Cell::Yen(3_500)]
            ),
            ("合計　4名　7件".to_owned(), vec![Cell::Yen(22_900)]),
        ]
    );
    assert!(r.render().is_ok());
}

#[test]
fn the_breakdown_list_prints_the_period_and_puts_the_sums_under_the_amount() {
    let r = breakdown_list::build(&sample::header(), &sample::lines());
    let Some(Row::Data(third)) = r.rows.get(2) else {
        panic!("{:?}", r.rows.get(2));
    };
    assert_eq!(third[7], Cell::Text("2024年01月".into()));
    assert_eq!(third[8], Cell::Text("2026年12月".into()));
    let Some(Row::Data(first)) = r.rows.first() else {
        panic!("no first row");
    };
    assert_eq!(first[8], Cell::Empty);
    let foot = feet(&r.rows);
    assert_eq!(foot.last().map(|f| f.0.as_str()), Some("合計　4名　7件"));
    assert_eq!(
        foot.last().map(|f| f.1.clone()),
        Some(vec![Cell::Yen(22_900), Cell::Empty, Cell::Empty])
    );
}

#[test]
fn the_item_totals_list_keeps_items_without_lines_and_totals_them_all() {
    let items = sample::item_totals();
    let r = item_totals_list::build(&sample::header(), &items);
    assert_eq!(data(&r), 5);
    assert_eq!(r.orientation, crate::pdf::Orientation::Portrait);
    assert!(r.rows.contains(&Row::Data(vec![
        Cell::Text("4".into()),
        Cell::Text("401".into()),
        Cell::Text("親睦会費".into()),
        Cell::Text("その他".into()),
        Cell::Text("0件".into()),
        Cell::Yen(0),
    ])));
    assert_eq!(
        feet(&r.rows),
        [(
            "合計　5種目".to_owned(),
            vec![Cell::Text("7件".into()), Cell::Yen(22_900)]
        )]
    );
}

#[test]
fn the_movement_list_groups_new_changed_ended_whatever_the_input_order_with_differences() {
    let mut rows = sample::movements();
    rows.reverse();
    let r = movement_list::build(&sample::header(), Some(sample::ym(2026, 3)), &rows);
    let kinds: Vec<Cell> = r
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Data(c) => Some(c[1].clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        kinds,
        ["新規", "金額変更", "金額変更", "終了"].map(|s| Cell::Text(s.into()))
    );
    assert_eq!(
        feet(&r.rows),
        [
            ("小計　新規　1件".to_owned(), vec![Cell::Yen(1_200)]),
            ("小計　金額変更　2件".to_owned(), vec![Cell::Yen(0)]),
            ("小計　終了　1件".to_owned(), vec![Cell::Yen(-3_500)]),
            ("合計　4件".to_owned(), vec![Cell::Yen(-2_300)]),
        ]
    );
    // 新規 has no 前回金額.
    let Some(Row::Data(first)) = r.rows.first() else {
        panic!("no first row");
    };
    assert_eq!(
        first[7..],
        [Cell::Empty, Cell::Yen(1_200), Cell::Yen(1_200)]
    );
}

#[test]
fn the_movement_list_of_no_change_prints_every_group_with_zero() {
    let r = movement_list::build(&sample::header(), None, &[]);
    assert!(r.header.more_left.iter().any(|l| l == "前回控除依頼：なし"));
    assert_eq!(
        feet(&r.rows)
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>(),
        [
            "小計　新規　0件",
            "小計　金額変更　0件",
            "小計　終了　0件",
            "合計　0件"
        ]
    );
}

#[test]
fn the_mismatch_list_counts_each_kind() {
    let r = mismatch_list::build(&sample::header(), &sample::mismatches());
    assert_eq!(data(&r), 2);
    assert_eq!(
        feet(&r.rows)
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>(),
        ["カナ氏名相違　1件", "職員番号桁数相違　1件"]
    );
}

#[test]
fn the_result_list_totals_deducted_failed_and_not_recorded() {
    let r = result_list::build(&sample::header(), &sample::lines());
    assert_eq!(data(&r), 7);
    let foot = feet(&r.rows);
    let amounts: Vec<(&str, &Cell)> = foot.iter().map(|f| (f.0.as_str(), &f.1[0])).collect();
    assert_eq!(
        amounts,
        [
            ("合計　済　4件", &Cell::Yen(15_900)),
            ("合計　不能　2件", &Cell::Yen(6_500)),
            ("合計　未登録　1件", &Cell::Yen(500)),
        ]
    );
    let Some(Row::Data(fifth)) = r.rows.get(4) else {
        panic!("no fifth row");
    };
    assert_eq!(
        fifth[7..],
        [
            Cell::Text("不能".into()),
            Cell::Text("その他（育児休業）".into())
        ]
    );
}

#[test]
fn the_failed_list_keeps_the_failed_lines() {
    let r = failed_list::build(&sample::header(), &sample::lines());
    assert_eq!(data(&r), 2);
    assert_eq!(
        feet(&r.rows),
        [("合計　2件".to_owned(), vec![Cell::Yen(6_500), Cell::Empty])]
    );
}

#[test]
fn the_combined_list_totals_every_employee_and_each_side() {
    let r = combined::build(&sample::header(), &sample::blocks(), true);
    assert_eq!(data(&r), 10);
    assert!(
        !r.header
            .more_left
            .iter()
            .any(|l| l == combined::NO_BANK_DATA)
    );
    let foot = feet(&r.rows);
    assert_eq!(foot.len(), 5 + 3);
    assert_eq!(
        foot[0],
        (
            "職員合計　職員番号 00123　4件".to_owned(),
            vec![Cell::Yen(19_700)]
        )
    );
    assert_eq!(
        foot[5..],
        [
            ("労金控除　4件".to_owned(), vec![Cell::Yen(43_000)]),
            ("賃控元帳　6件".to_owned(), vec![Cell::Yen(12_900)]),
            ("総合計　5名　10件".to_owned(), vec![Cell::Yen(55_900)]),
        ]
    );
    let Some(Row::Data(first)) = r.rows.first() else {
        panic!("no first row");
    };
    assert_eq!(
        first[4..6],
        [Cell::from("労金控除"), Cell::from("01 エース預金")]
    );
    assert_eq!(first[6], Cell::from("001-1234567"));
    let Some(Row::Data(third)) = r.rows.get(2) else {
        panic!("no third row");
    };
    assert_eq!(
        third[4..7],
        [
            Cell::from("賃控元帳"),
            Cell::from("101 組合費"),
            Cell::from("")
        ]
    );
}

#[test]
fn the_combined_list_without_bank_data_says_so_in_the_header() {
    let r = combined::build(&sample::header(), &sample::blocks(), false);
    assert!(
        r.header
            .more_left
            .iter()
            .any(|l| l == combined::NO_BANK_DATA)
    );
}

#[test]
fn fail_reasons_read_as_the_clerk_writes_them() {
    let lines = sample::lines();
    let label = |i: usize| lines[i].result.as_ref().map(LineOutcome::reason_label);
    assert_eq!(label(0).as_deref(), Some(""));
    assert_eq!(label(3).as_deref(), Some("退職"));
    assert_eq!(label(4).as_deref(), Some("その他（育児休業）"));
    let blank_text = LineOutcome {
        outcome: Outcome::Failed,
        reason: Some(FailReason::Other),
        text: Some(String::new()),
    };
    assert_eq!(blank_text.reason_label(), "その他");
}

#[test]
fn a_run_line_maps_to_a_list_line() {
    use cjs_domain::KanaName;
    use cjs_domain::deduction::detail::{EmployeeNo, KanjiName};
    use cjs_domain::ledger::{ItemCode, ItemKind, RunLine};

    let run = RunLine {
        line_no: 3,
        line_id: Some("line-1".into()),
        employee_no: EmployeeNo::parse("00123").unwrap_or_else(|e| panic!("{e}")),
        kana_name: KanaName::parse("ロウキン タロウ").unwrap_or_else(|e| panic!("{e}")),
        kanji_name: KanjiName::parse("労金　太郎").unwrap_or_else(|e| panic!("{e}")),
        item_code: ItemCode::parse("101").unwrap_or_else(|e| panic!("{e}")),
        item_name: "組合費".into(),
        item_kind: ItemKind::UnionDues,
        item_order: 1,
        amount: 3_500,
    };
    let l = Line::from(&run).with_period(sample::ym(2020, 4), None);
    assert_eq!(
        (
            l.line_no,
            l.employee_no.as_str(),
            l.kana_name.as_str(),
            l.kanji_name.as_str()
        ),
        (3, "00123", "ﾛｳｷﾝ ﾀﾛｳ", "労金　太郎")
    );
    assert_eq!(
        (
            l.item_code.as_str(),
            l.item_name.as_str(),
            l.item_kind,
            l.amount
        ),
        ("101", "組合費", ItemKind::UnionDues, 3_500)
    );
    assert_eq!(
        (l.start_month, l.end_month),
        (Some(sample::ym(2020, 4)), None)
    );
    assert!(l.result.is_none());
    let failed = l.with_result(LineOutcome::of(
        Some(Outcome::Failed),
        Some(FailReason::InsufficientPay),
        None,
    ));
    assert_eq!(
        failed
            .result
            .as_ref()
            .map(LineOutcome::reason_label)
            .as_deref(),
        Some("給与不足")
    );
    assert_eq!(LineOutcome::of(None, None, None), None);
}

#[test]
fn every_list_renders_a_thousand_generated_lines() {
    let h = sample::header();
    let lines = sample::generated(1_000);
    for (name, r) in [
        ("breakdown", breakdown_list::build(&h, &lines)),
        ("request", request_list::build(&h, &lines)),
        ("results", result_list::build(&h, &lines)),
        ("failed", failed_list::build(&h, &lines)),
        (
            "combined",
            combined::build(&h, &sample::generated_blocks(1_000), true),
        ),
    ] {
        if let Err(e) = r.render() {
            panic!("{name}: {e}");
        }
    }
}

#[test]
fn every_list_of_an_empty_cycle_prints_its_header_and_zero_totals() {
    let h = sample::header();
    for r in [
        breakdown_list::build(&h, &[]),
        item_totals_list::build(&h, &[]),
        movement_list::build(&h, None, &[]),
        request_list::build(&h, &[]),
        mismatch_list::build(&h, &[]),
        result_list::build(&h, &[]),
        failed_list::build(&h, &[]),
        combined::build(&h, &[], false),
    ] {
        assert!(r.rows.iter().all(|r| !matches!(r, Row::Data(_))));
        assert!(r.rows.iter().any(|r| matches!(r, Row::Total { .. })));
        if let Err(e) = r.render() {
            panic!("{}: {e}", r.header.title);
        }
    }
}

#[test]
fn generated_blocks_total_their_rows() {
    let blocks = sample::generated_blocks(1_000);
    assert_eq!(blocks.len(), 250);
    for b in &blocks {
        assert_eq!(b.total, b.rows.iter().map(|r| r.amount).sum::<i64>());
        assert_eq!(b.rows.len(), 5);
    }
}

#[test]
fn the_short_occasion_labels() {
    use cjs_domain::schedule::Occasion;
    assert_eq!(Occasion::ALL.map(occasion_short), ["月例", "夏季", "年末"]);
}

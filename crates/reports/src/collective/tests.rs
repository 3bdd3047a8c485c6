//! The lists' rows, headers and feet without poppler (the text as printed is checked in
//! `tests/collective_pdf.rs`, the CSV bytes in `tests/collective_csv.rs`).

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

fn data(r: &ListReport) -> Vec<Vec<Cell>> {
    r.rows
        .iter()
        .filter_map(|r| match r {
            Row::Data(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_header_names_the_group_the_branch_the_run_and_when() {
    let h = sample::header().pdf(line_list::TITLE, None);
    assert_eq!(h.title, "一斉積立内訳明細表");
    assert_eq!(
        h.more_left,
        ["入金グループ：0001 本社グループ", "お取引店：本店営業部"]
    );
    assert_eq!(
        h.more_right,
        [
            "一斉積立　014 サンプル1",
            "受信日：2012年10月14日　作成区分：臨時作成",
            "作成日時：2012/10/15 09:30",
        ]
    );
    let mut no_branch = sample::header();
    no_branch.branch.clear();
    assert_eq!(no_branch.pdf("x", None).more_left.len(), 1);
}

#[test]
fn the_line_list_is_portrait_prints_every_line_and_the_databases_total() {
    let lines = sample::lines();
    let r = line_list::build(&sample::header(), &lines, sample::totals(&lines));
    assert_eq!(r.orientation, Orientation::Portrait);
    let rows = data(&r);
    assert_eq!(rows.len(), 5);
    assert_eq!(
        rows[4],
        [
            Cell::from("5"),
            Cell::from("00600"),
            Cell::from("ｻﾄｳ ｼﾞﾛｳ"),
            Cell::from(""),
            Cell::from("789"),
            Cell::from("5678901"),
            Cell::Yen(20_000),
        ]
    );
    assert_eq!(
        feet(&r.rows),
        [("合計　5件".to_owned(), vec![Cell::Yen(50_000)])]
    );
    assert_eq!(r.columns.len(), rows[0].len());
}

#[test]
fn the_change_list_groups_by_kind_whatever_the_input_order_and_counts_each() {
    let mut rows = sample::changes();
    rows.reverse();
    let r = change_list::build(
        &sample::header(),
        Some(&sample::previous()),
        &rows,
        sample::foot(),
    );
    assert_eq!(r.orientation, Orientation::Landscape);
    let kinds: Vec<Cell> = data(&r).iter().map(|c| c[1].clone()).collect();
    assert_eq!(
        kinds,
        ["新規", "口座変更", "金額変更", "解約"].map(Cell::from)
    );
    assert_eq!(
        feet(&r.rows),
        [
            ("小計　新規　1件".to_owned(), vec![]),
            ("小計　口座変更　1件".to_owned(), vec![]),
            ("小計　金額変更　1件".to_owned(), vec![]),
            ("小計　解約　1件".to_owned(), vec![]),
            (
                "前回　5件".to_owned(),
                vec![Cell::Yen(37_000), Cell::Empty, Cell::Empty, Cell::Empty]
            ),
            ("今回　5件".to_owned(), vec![Cell::Yen(50_000)]),
            ("差額".to_owned(), vec![Cell::Yen(13_000)]),
        ]
    );
    assert!(
        r.header
            .more_right
            .iter()
            .any(|l| l == "比較対象：013 サンプル0（2012年09月14日）")
    );
    // 新規 has no 変更前, 解約 no 変更後.
    let rows = data(&r);
    assert_eq!(rows[0][5..8], [Cell::Empty, Cell::Empty, Cell::Empty]);
    assert_eq!(
        rows[0][8..],
        [Cell::from("789"), Cell::from("5678901"), Cell::Yen(20_000)]
    );
    assert_eq!(rows[3][8..], [Cell::Empty, Cell::Empty, Cell::Empty]);
    assert_eq!(r.columns.len(), rows[0].len());
}

#[test]
fn the_change_list_of_a_first_run_says_no_reference_and_prints_zero_groups() {
    let r = change_list::build(&sample::header(), None, &[], ChangeFoot::default());
    assert!(r.header.more_right.iter().any(|l| l == "比較対象：なし"));
    assert_eq!(
        feet(&r.rows)
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>(),
        [
            "小計　新規　0件",
            "小計　口座変更　0件",
            "小計　金額変更　0件",
            "小計　解約　0件",
            "前回　0件",
            "今回　0件",
            "差額",
        ]
    );
    assert!(r.render().is_ok());
}

#[test]
fn a_run_reads_with_three_digits_and_the_dates_as_printed_and_written() {
    let run = sample::run();
    assert_eq!(run.number(), "014");
    assert_eq!(run.title(), "014 サンプル1");
    assert_eq!(run.received_label(), "2012年10月14日");
    assert_eq!(run.received_compact(), "20121014");
    assert_eq!(
        sample::previous().reference(),
        "013 サンプル0（2012年09月14日）"
    );
    assert_eq!(sample::foot().difference(), 13_000);
}

#[test]
fn both_lists_render_a_thousand_generated_rows() {
    let h = sample::header();
    let lines = sample::generated(1_000);
    let changes = sample::generated_changes(1_000);
    assert_eq!(changes.len(), 1_000);
    assert!(changes.windows(2).all(|w| w[0].kind <= w[1].kind));
    if let Err(e) = line_list::render(&h, &lines, sample::totals(&lines)) {
        panic!("line list: {e}");
    }
    if let Err(e) = change_list::render(&h, Some(&sample::previous()), &changes, sample::foot()) {
        panic!("change list: {e}");
    }
}

#[test]
fn the_csv_headers_are_the_layouts() {
    assert_eq!(
        lines_csv::COLUMNS.join(","),
        "番号,名称,受信日,作成区分,行番号,職員番号,カナ氏名,漢字氏名,店番,口座番号,積立金額"
    );
    assert_eq!(
        changes_csv::COLUMNS.join(","),
        "番号,名称,受信日,行番号,変更区分,職員番号,カナ氏名,漢字氏名,変更前店番,変更前口座番号,変更前積立金額,変更後店番,変更後口座番号,変更後積立金額"
    );
}

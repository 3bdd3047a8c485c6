//! The lists' rows and totals without poppler (the text as printed is checked in
//! `tests/zaikei_pdf.rs`, the CSV bytes in `tests/zaikei_csv.rs`).

use cjs_domain::changes::ChangeKind;
use cjs_domain::schedule::EmployerDocument;
use cjs_domain::zaikei::DocumentKind;

use super::*;
use crate::pdf::{Cell, ListReport, Orientation, Row};

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

fn statement_of(document: EmployerDocument) -> ListReport {
    let lines = sample::lines(DocumentKind::of(document));
    statement::build(&sample::header(document), &lines, &sample::totals(&lines))
}

#[test]
fn the_deposit_statement_totals_each_kind_with_zero_rows_then_the_request() {
    let r = statement_of(EmployerDocument::DepositMonthly);
    assert_eq!(r.header.title, "財形積立明細書（預入依頼書・月例）");
    assert_eq!(r.orientation, Orientation::Landscape);
    assert_eq!(data(&r).len(), 6);
    assert_eq!(
        feet(&r.rows),
        [
            (
                "一般　4件".to_owned(),
                vec![Cell::Yen(18_000), Cell::Yen(1_950), Cell::Yen(19_950)]
            ),
            (
                "住宅　2件".to_owned(),
                vec![Cell::Yen(50_000), Cell::Yen(1_000), Cell::Yen(51_000)]
            ),
            (
                "年金　0件".to_owned(),
                vec![Cell::Yen(0), Cell::Yen(0), Cell::Yen(0)]
            ),
            (
                "総合計　6件".to_owned(),
                vec![Cell::Yen(68_000), Cell::Yen(2_950), Cell::Yen(70_950)]
            ),
            ("入金予定日　2012年10月25日".to_owned(), vec![]),
            ("上記のとおり預入を依頼いたします。".to_owned(), vec![]),
        ]
    );
    // 預入合計 = 預入金額 + 奨励金 on every line.
    assert_eq!(
        data(&r)[0][7..],
        [Cell::Yen(10_000), Cell::Yen(500), Cell::Yen(10_500)]
    );
    assert!(
        r.header
            .more_right
            .contains(&"入金予定日：2012年10月25日".to_owned())
    );
    assert!(
        r.header
            .more_right
            .contains(&"作成基準日：2012年10月16日".to_owned())
    );
    assert!(
        r.header
            .more_left
            .contains(&"事業主名：株式会社ろうきん商事".to_owned())
    );
    assert!(
        r.header
            .more_left
            .contains(&"入金グループ：0001 本社".to_owned())
    );
    assert!(
        r.header
            .more_left
            .contains(&"お取引店：本店営業部".to_owned())
    );
    assert!(r.render().is_ok());
}

#[test]
fn the_balance_statement_is_portrait_with_one_amount_and_no_request() {
    let r = statement_of(EmployerDocument::Balance);
    assert_eq!(r.header.title, "財形積立明細書（加入者残高一覧表）");
    assert_eq!(r.orientation, Orientation::Portrait);
    let titles: Vec<&str> = r.columns.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "No",
            "職員番号",
            "カナ氏名",
            "漢字氏名",
            "財形種類",
            "店番",
            "口座番号",
            "残高"
        ]
    );
    assert_eq!(
        feet(&r.rows),
        [
            ("一般　2件".to_owned(), vec![Cell::Yen(1_234_567)]),
            ("住宅　1件".to_owned(), vec![Cell::Yen(987_654)]),
            ("年金　1件".to_owned(), vec![Cell::Yen(12_345_678_901)]),
            ("総合計　4件".to_owned(), vec![Cell::Yen(12_347_901_122)]),
        ]
    );
    assert!(
        !r.header
            .more_right
            .iter()
            .any(|l| l.starts_with("入金予定日"))
    );
    assert!(r.render().is_ok());
}

#[test]
fn the_incentive_statement_prints_savings_and_incentive() {
    let r = statement_of(EmployerDocument::IncentiveBonus);
    assert_eq!(r.header.title, "財形積立明細書（奨励金・一時金）");
    assert_eq!(r.orientation, Orientation::Portrait);
    let titles: Vec<&str> = r.columns.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles[7..], ["積立金額", "奨励金額"]);
    assert_eq!(
        feet(&r.rows).last(),
        Some(&(
            "総合計　3件".to_owned(),
            vec![Cell::Yen(23_000), Cell::Yen(1_150)]
        ))
    );
    assert!(r.render().is_ok());
}

#[test]
fn every_title_names_the_document_and_its_occasion() {
    let titles: Vec<String> = EmployerDocument::ALL
        .iter()
        .map(|d| statement_title(*d))
        .collect();
    assert_eq!(
        titles,
        [
            "財形積立明細書（預入依頼書・月例）",
            "財形積立明細書（預入依頼書・夏季一時金）",
            "財形積立明細書（預入依頼書・年末一時金）",
            "財形積立明細書（加入者残高一覧表）",
            "財形積立明細書（奨励金・月例）",
            "財形積立明細書（奨励金・一時金）",
        ]
    );
    assert_eq!(
        changes_title(EmployerDocument::DepositSummer),
        "財形積立変更明細書（預入依頼書・夏季一時金）"
    );
}

#[test]
fn the_changes_list_groups_by_change_kind_whatever_the_input_order() {
    let mut rows = sample::changes();
    rows.reverse();
    let h = sample::header(EmployerDocument::DepositMonthly);
    let r = changes_list::build(&h, Some(sample::previous()), &rows);
    assert_eq!(r.header.title, "財形積立変更明細書（預入依頼書・月例）");
    assert_eq!(r.orientation, Orientation::Landscape);
    assert!(
        r.header
            .more_right
            .contains(&"比較対象：2012年09月16日".to_owned())
    );
    let kinds: Vec<Cell> = data(&r).iter().map(|c| c[1].clone()).collect();
    assert_eq!(
        kinds,
        ["新規", "口座変更", "金額変更", "金額変更", "解約"].map(|s| Cell::Text(s.into()))
    );
    assert_eq!(
        feet(&r.rows)
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>(),
        [
            "小計　新規　1件",
            "小計　口座変更　1件",
            "小計　金額変更　2件",
            "小計　解約　1件",
            "合計　5件"
        ]
    );
    // 新規 has no 変更前, 解約 no 変更後.
    let rows = data(&r);
    assert_eq!(
        rows[0][6..10],
        [Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]
    );
    assert_eq!(
        rows[0][10..],
        [
            Cell::Text("201".into()),
            Cell::Text("1000006".into()),
            Cell::Yen(0),
            Cell::Yen(1_200)
        ]
    );
    assert_eq!(
        rows[4][10..],
        [Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]
    );
    assert!(r.render().is_ok());
}

#[test]
fn the_first_cycle_compares_with_nothing_and_counts_every_kind_with_zero() {
    let h = sample::header(EmployerDocument::DepositYearEnd);
    let r = changes_list::build(&h, None, &[]);
    assert!(r.header.more_right.contains(&"比較対象：なし".to_owned()));
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
            "合計　0件"
        ]
    );
    assert!(r.render().is_ok());
    assert_eq!(ChangeKind::ALL.len(), 4);
}

#[test]
fn every_statement_of_an_empty_cycle_prints_its_header_and_zero_totals() {
    for d in EmployerDocument::ALL {
        let r = statement::build(&sample::header(d), &[], &sample::totals(&[]));
        assert!(data(&r).is_empty());
        let f = feet(&r.rows);
        assert_eq!(f[0].0, "一般　0件");
        assert!(f.iter().any(|(l, _)| l == "総合計　0件"), "{d:?}");
        if let Err(e) = r.render() {
            panic!("{}: {e}", r.header.title);
        }
    }
}

#[test]
fn every_statement_renders_a_thousand_generated_lines() {
    let lines = sample::generated(1_000);
    let totals = sample::totals(&lines);
    assert_eq!(totals.total.count, 1_000);
    for d in [
        EmployerDocument::DepositMonthly,
        EmployerDocument::Balance,
        EmployerDocument::IncentiveMonthly,
    ] {
        if let Err(e) = statement::render(&sample::header(d), &lines, &totals) {
            panic!("{d:?}: {e}");
        }
    }
}

#[test]
fn an_unprintable_name_is_refused_with_its_row_and_column() {
    let mut lines = sample::deposit_lines();
    lines[1].kanji_name = "\u{1F600}".into();
    let err = statement::render(
        &sample::header(EmployerDocument::DepositMonthly),
        &lines,
        &sample::totals(&lines),
    )
    .expect_err("an emoji is not in the font");
    assert_eq!(err.code(), "R301");
    assert!(err.to_string().contains("2行目 4列目（漢字氏名）"), "{err}");
}

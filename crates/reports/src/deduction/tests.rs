//! The lists' rows and totals without poppler (the text as printed is checked in
//! `tests/deduction_pdf.rs`).

use cjs_domain::deduction::Movement;

use super::employer::{self, Scope};
use super::*;
use crate::pdf::{Cell, Row};

fn labels(rows: &[Row]) -> Vec<(String, Vec<Cell>)> {
    rows.iter()
        .filter_map(|r| match r {
            Row::Subtotal { label, cells } | Row::Total { label, cells } => {
                Some((label.clone(), cells.clone()))
            }
            Row::Data(_) => None,
        })
        .collect()
}

#[test]
fn the_request_list_subtotals_employees_with_two_lines_and_totals_without_errors_and_cancels() {
    let r = request_list::build(&sample::header(), &sample::small());
    assert_eq!(r.rows.len(), 8 + 2 + 2);
    let foot = labels(&r.rows);
    assert_eq!(foot[0].0, "小計　職員番号 00123　2件");
    assert_eq!(foot[0].1[0], Cell::Yen(15_000));
    assert_eq!(foot[1].0, "小計　職員番号 00500　2件");
    assert_eq!(foot[2].0, "合計（エラー・解除を除く）　6件");
    assert_eq!(foot[2].1[0], Cell::Yen(70_000));
    assert_eq!(foot[3].0, "解除　1件　　エラー　1件　　総明細数　8件");
    assert!(r.render().is_ok());
}

#[test]
fn each_list_picks_its_own_lines() {
    let (h, lines) = (sample::header(), sample::small());
    let data =
        |r: crate::pdf::ListReport| r.rows.iter().filter(|r| matches!(r, Row::Data(_))).count();
    assert_eq!(data(counter_list::build(&h, &lines)), 2);
    assert_eq!(data(error_list::build(&h, &lines)), 1);
    assert_eq!(data(movement_list::build(&h, &lines)), 5);
    assert_eq!(data(lump_updates::build(&h, &lines)), 4);
    assert_eq!(data(result_list::build(&h, &lines)), 6);
    assert_eq!(data(failed_list::build(&h, &lines)), 1);
    assert_eq!(data(kana_mismatch_list::build(&h, &lines)), 1);
}

#[test]
fn the_movement_list_groups_new_changed_cancelled_whatever_the_input_order() {
    let h = sample::header();
    let mut lines = sample::small();
    lines.reverse();
    let r = movement_list::build(&h, &lines);
    let kinds: Vec<String> = r
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Data(c) => match &c[1] {
                Cell::Text(t) => Some(t.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(kinds, ["新規", "新規", "変更", "変更", "解除"]);
}

#[test]
fn employer_rows_all_and_movements() {
    let lines = sample::small();
    let all = employer::rows(&lines, Scope::All);
    let nos: Vec<&str> = all.iter().map(|r| r.employee_no.as_str()).collect();
    // 00400 has only an error line: nothing to deduct.
    assert_eq!(nos, ["00123", "00200", "00300", "00500"]);
    assert_eq!(
        (all[0].total, all[0].count, all[0].moved),
        (15_000, 2, true)
    );
    assert_eq!(
        (all[2].total, all[2].count, all[2].moved),
        (15_000, 1, false)
    );
    let moved = employer::rows(&lines, Scope::Movements);
    let nos: Vec<&str> = moved.iter().map(|r| r.employee_no.as_str()).collect();
    assert_eq!(nos, ["00123", "00200", "00400", "00500"]);
    assert_eq!((moved[2].total, moved[2].count), (0, 0));
}

#[test]
fn an_employee_whose_lines_are_all_cancelled_shows_zero_in_the_movements() {
    let mut lines = sample::small();
    lines.retain(|l| l.employee_no == "00123");
    for l in &mut lines {
        l.movement = Movement::Cancelled;
        l.amount = 0;
    }
    assert!(employer::rows(&lines, Scope::All).is_empty());
    let moved = employer::rows(&lines, Scope::Movements);
    assert_eq!(moved.len(), 1);
    assert_eq!(
        (moved[0].total, moved[0].count, moved[0].moved),
        (0, 0, true)
    );
}

#[test]
fn the_lump_form_marks_a_preview_and_a_missing_payee() {
    let h = sample::header();
    let mut f = sample::lump();
    assert_eq!(lump_request::build(&h, &f).header.title, "まとめ入金依頼書");
    f.state = cjs_domain::deduction::LumpState::Open;
    f.payee = None;
    let r = lump_request::build(&h, &f);
    assert_eq!(r.header.title, "まとめ入金依頼書（未確定）");
    assert!(r.rows.contains(&Row::Data(vec![
        Cell::Text("入金先".into()),
        Cell::Text("未登録".into())
    ])));
    assert!(r.render().is_ok());
}

#[test]
fn stop_and_fail_reasons_read_as_the_clerk_writes_them() {
    let lines = sample::small();
    assert_eq!(
        lines[7].stop.as_ref().map(LineStop::label).as_deref(),
        Some("その他（育児休業）")
    );
    assert_eq!(
        lines[3]
            .result
            .as_ref()
            .map(LineOutcome::reason_label)
            .as_deref(),
        Some("02 口座解約済")
    );
}

#[test]
fn the_web_title_carries_the_confirmation_time_in_jst() {
    let h = sample::header();
    let at = sample::lump().confirmed_at.unwrap_or_default();
    let r = lump_updates::build_web(&h, at, &sample::small());
    assert_eq!(
        r.header.title,
        "まとめ入金WEB更新依頼明細書（2026/04/25 10:30 確定）"
    );
}

#[test]
fn every_list_renders_a_thousand_generated_lines() {
    let h = sample::header();
    let lines = sample::generated(1_000);
    for (name, r) in [
        ("request", request_list::build(&h, &lines)),
        ("counter", counter_list::build(&h, &lines)),
        ("errors", error_list::build(&h, &lines)),
        ("movements", movement_list::build(&h, &lines)),
        ("updates", lump_updates::build(&h, &lines)),
        ("results", result_list::build(&h, &lines)),
        ("failed", failed_list::build(&h, &lines)),
        ("kana", kana_mismatch_list::build(&h, &lines)),
        (
            "employer",
            employer::build(&h, Scope::All, &employer::rows(&lines, Scope::All)),
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
    for list in LineList::ALL {
        let Some(r) = line_list(*list, &h, &[]) else {
            assert_eq!(*list, LineList::Stoppable);
            continue;
        };
        assert_eq!(r.header.title, list.label(), "{list:?}");
        assert!(r.rows.iter().all(|r| !matches!(r, Row::Data(_))));
        assert!(r.render().is_ok(), "{list:?}");
    }
    let e = employer::build(&h, Scope::All, &[]);
    assert!(e.render().is_ok());
}

#[test]
fn a_snapshot_line_maps_to_a_list_line() {
    use cjs_domain::KanaName;
    use cjs_domain::deduction::detail::{AccountNo, BranchNo, EmployeeNo, KanjiName, ProductCode};
    use cjs_domain::deduction::snapshot::{BankLine, LineBody, from_bank};

    let body = LineBody {
        employee_no: EmployeeNo::parse("00123").unwrap_or_else(|e| panic!("{e}")),
        kana_name: KanaName::parse("ロウキン タロウ").unwrap_or_else(|e| panic!("{e}")),
        kanji_name: Some(KanjiName::parse("労金　太郎").unwrap_or_else(|e| panic!("{e}"))),
        product: ProductCode::parse("01").unwrap_or_else(|e| panic!("{e}")),
        product_name: "エース預金".into(),
        branch_no: BranchNo::parse("000").unwrap_or_else(|e| panic!("{e}")),
        account_no: AccountNo::parse("1234567").unwrap_or_else(|e| panic!("{e}")),
        amount: 10_000,
    };
    let lines = from_bank(vec![BankLine {
        body,
        movement: Movement::Changed,
        counter: true,
        previous_amount: Some(8_000),
    }]);
    let l = Line::from(&lines[0]);
    assert_eq!(l.line_no, 1);
    assert_eq!(
        (
            l.employee_no.as_str(),
            l.kana_name.as_str(),
            l.kanji_name.as_str()
        ),
        ("00123", "ﾛｳｷﾝ ﾀﾛｳ", "労金　太郎")
    );
    assert_eq!(
        (
            l.product_code.as_str(),
            l.branch_no.as_str(),
            l.account_no.as_str()
        ),
        ("01", "000", "1234567")
    );
    assert_eq!(
        (l.amount, l.previous_amount, l.counter),
        (10_000, Some(8_000), true)
    );
    assert_eq!(l.error, Some(cjs_domain::deduction::LineError::NoAccount));
    assert!(l.stop.is_none() && l.result.is_none());
}

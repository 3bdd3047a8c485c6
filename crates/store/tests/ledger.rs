//! 賃控元帳 repositories on the backend this run tests (CJS_TEST_BACKEND).

use chrono::{DateTime, TimeZone, Utc};
use cjs_domain::calendar::JST;
use cjs_domain::deduction::{self, DeductionConfig, DetailInput, Gate, InputWindow, Source};
use cjs_domain::ledger::bulk::{AmountEdit, BulkRequest, BulkSpec, EditMode};
use cjs_domain::ledger::import::{HEADER, ImportRow, export_cells};
use cjs_domain::ledger::results::{self as ledger_results, LineResult, RESULT_HEADER};
use cjs_domain::ledger::run::{self, Person};
use cjs_domain::ledger::{
    FailReason, ItemFields, ItemInput, ItemKind, LineField, LineInput, LineState, Operation,
    Outcome, Refusal, RunList, plan_add, plan_cancel, plan_change,
};
use cjs_domain::schedule::Occasion;
use cjs_domain::{ContractKind, Service, deduction::YearMonth};
use cjs_store::contracts::{self, NewContract, PaymentGroupRow};
use cjs_store::ledger::lines::{self, HistoryFilter, ImportMode, LineFilter, LineSort};
use cjs_store::ledger::{CycleKey, Stamp, Writer, items, runs};
use cjs_store::testing::TestDatabase;
use cjs_store::{DatabaseUrl, DbConnection, StoreError, build_pool, run_migrations};

const GROUP: &str = "16000004";
const OTHER: &str = "16000005";

fn jst_at(m: u32, d: u32, h: u32) -> DateTime<Utc> {
    JST.with_ymd_and_hms(2024, m, d, h, 0, 0)
        .single()
        .expect("time")
        .with_timezone(&Utc)
}

fn month(m: u32) -> YearMonth {
    YearMonth::new(2024, m).expect("month")
}

const CLERK: Writer<'static> = Writer {
    user_id: Some("kumiai01"),
    user_name: "組合　太郎",
};

fn stamp(screen: &'static str, at: DateTime<Utc>) -> Stamp<'static> {
    Stamp {
        writer: CLERK,
        screen,
        now: at,
    }
}

struct Db {
    _db: TestDatabase,
    conn: cjs_store::PooledConnection,
}

fn setup() -> Db {
    setup_on(TestDatabase::new())
}

fn setup_on(db: TestDatabase) -> Db {
    let pool = build_pool(&db.url, 1).expect("pool");
    let mut conn = pool.get().expect("connection");
    run_migrations(&mut conn).expect("migrate");
    let now = jst_at(4, 1, 9);
    contracts::insert(
        &mut conn,
        &NewContract {
            contract_number: "12345678",
            kind: ContractKind::Member,
            name: "労金労働組合",
            name_kana: "ﾛｳｷﾝﾛｳﾄﾞｳｸﾐｱｲ",
            branch: "本店営業部",
            initial_password_hash: "x",
        },
        now,
    )
    .expect("contract");
    for g in [GROUP, OTHER] {
        contracts::insert_payment_group(
            &mut conn,
            &PaymentGroupRow {
                number: g.into(),
                contract_number: "12345678".into(),
                name: "入金グループ".into(),
                name_kana: "ﾆﾕｳｷﾝｸﾞﾙ-ﾌﾟ".into(),
                services: vec![Service::Ledger, Service::RokinDeduction],
                created_at: now.naive_utc(),
            },
        )
        .expect("group");
    }
    Db { _db: db, conn }
}

fn item_input(
    code: &str,
    name: &str,
    order: i64,
    kind: ItemKind,
    monthly: bool,
    bonus: bool,
) -> ItemInput {
    ItemInput {
        item_code: code.into(),
        item_name: name.into(),
        display_order: order,
        kind,
        monthly,
        bonus,
    }
}

/// 組合費 (月例), 共済掛金 (月例+賞与), 労金積立 (労金, 月例+賞与), shown in that order.
fn seed_items(c: &mut DbConnection, group: &str) {
    for input in [
        item_input("101", "組合費", 10, ItemKind::UnionDues, true, false),
        item_input("201", "共済掛金", 20, ItemKind::MutualAid, true, true),
        item_input("901", "労金積立", 90, ItemKind::Rokin, true, true),
    ] {
        let fields = ItemFields::parse(&input).expect("item");
        items::insert(c, group, &fields, jst_at(4, 1, 9)).expect("insert item");
    }
}

fn line_input(emp: &str, kana: &str, code: &str, monthly: i64, summer: i64) -> LineInput {
    LineInput {
        employee_no: emp.into(),
        kana_name: kana.into(),
        kanji_name: "労金　太郎".into(),
        item_code: code.into(),
        amount_monthly: monthly,
        amount_summer: summer,
        amount_year_end: 0,
        start_month: "2024-04".into(),
        end_month: None,
    }
}

fn add(c: &mut DbConnection, group: &str, i: &LineInput) -> lines::LineRow {
    let catalogue = items::catalogue(c, group).expect("items");
    let change = plan_add(i, &catalogue).expect("plan");
    lines::insert(c, group, &change, &stamp("LR102101", jst_at(4, 2, 9))).expect("insert")
}

fn key(occasion: Occasion, m: u32) -> CycleKey<'static> {
    CycleKey {
        payment_group: GROUP,
        occasion,
        month: month(m),
    }
}

#[test]
fn items_are_listed_in_order_unique_by_code_and_changed_only_as_the_rules_allow() {
    let mut db = setup();
    let c = &mut db.conn;
    seed_items(c, GROUP);
    let codes: Vec<_> = items::list(c, GROUP)
        .expect("list")
        .into_iter()
        .map(|i| i.code.to_string())
        .collect();
    assert_eq!(codes, ["101", "201", "901"]);
    assert!(items::list(c, OTHER).expect("other").is_empty());
    let again = ItemFields::parse(&item_input("101", "別名", 5, ItemKind::Other, true, false))
        .expect("fields");
    assert!(matches!(
        items::insert(c, GROUP, &again, jst_at(4, 1, 9)),
        Err(StoreError::Conflict(_))
    ));
    items::insert(c, OTHER, &again, jst_at(4, 1, 9)).expect("another group may use the code");

    add(
        c,
        GROUP,
        &line_input("0001", "ｱｵｷ ｲﾁﾛｳ", "201", 2_000, 5_000),
    );
    let kyosai = items::by_code(c, GROUP, "201").expect("q").expect("item");
    let monthly_only = item_input("201", "共済掛金", 20, ItemKind::MutualAid, true, false);
    assert_eq!(
        items::update(c, GROUP, &kyosai.id, 1, &monthly_only, jst_at(4, 3, 9)).expect("update"),
        Err(Refusal::FlagInUse {
            flag: "賞与",
            count: 1
        })
    );
    let renamed = item_input(
        "201",
        "共済掛金（本部）",
        25,
        ItemKind::MutualAid,
        true,
        true,
    );
    assert_eq!(
        items::update(c, GROUP, &kyosai.id, 2, &renamed, jst_at(4, 3, 9)).expect("update"),
        Err(Refusal::Stale)
    );
    let row = items::update(c, GROUP, &kyosai.id, 1, &renamed, jst_at(4, 3, 9))
        .expect("update")
        .expect("allowed");
    assert_eq!(
        (row.name.as_str(), row.display_order, row.version),
        ("共済掛金（本部）", 25, 2)
    );

    assert_eq!(
        items::delete(c, GROUP, &kyosai.id, 2).expect("delete"),
        Err(Refusal::ItemInUse(1))
    );
    let with_usage = items::list_with_usage(c, GROUP).expect("usage");
    assert_eq!(with_usage[1].1, 1);
    let kumiai = items::by_code(c, GROUP, "101").expect("q").expect("item");
    assert_eq!(
        items::delete(c, GROUP, &kumiai.id, 2).expect("delete"),
        Err(Refusal::Stale)
    );
    assert_eq!(
        items::delete(c, GROUP, &kumiai.id, 1).expect("delete"),
        Ok(())
    );
    assert!(items::get(c, GROUP, &kumiai.id).expect("get").is_none());
    assert!(matches!(
        items::delete(c, OTHER, &kyosai.id, 2),
        Err(StoreError::NotFound)
    ));
}

#[test]
fn lines_are_searched_by_number_kana_item_and_state_with_paging_and_sorting() {
    let mut db = setup();
    let c = &mut db.conn;
    seed_items(c, GROUP);
    seed_items(c, OTHER);
    add(c, GROUP, &line_input("0002", "ｲﾄｳ ｼﾞﾛｳ", "101", 3_000, 0));
    add(
        c,
        GROUP,
        &line_input("0001", "ｱｵｷ ｲﾁﾛｳ", "201", 2_000, 5_000),
    );
    add(c, GROUP, &line_input("0001", "ｱｵｷ ｲﾁﾛｳ", "101", 3_000, 0));
    add(c, OTHER, &line_input("0001", "ｱｵｷ ｲﾁﾛｳ", "101", 3_000, 0));

    fn all(f: LineFilter<'_>) -> LineFilter<'_> {
        LineFilter { limit: 50, ..f }
    }
    let (n, rows) = lines::search(c, GROUP, &all(LineFilter::default())).expect("search");
    assert_eq!(n, 3);
    let order: Vec<_> = rows
        .iter()
        .map(|r| (r.employee_no.as_str(), r.item_code.as_str()))
        .collect();
    assert_eq!(order, [("0001", "101"), ("0001", "201"), ("0002", "101")]);
    assert_eq!(rows[1].item_name.as_str(), "共済掛金");
    assert_eq!(rows[1].amounts_from, month(4));
    assert_eq!(rows[1].prior, None);

    let (n, _) = lines::search(
        c,
        GROUP,
        &all(LineFilter {
            kana_prefix: Some("ｲﾄ"),
            ..LineFilter::default()
        }),
    )
    .expect("kana");
    assert_eq!(n, 1);
    let (n, rows) = lines::search(
        c,
        GROUP,
        &all(LineFilter {
            item_code: Some("201"),
            ..LineFilter::default()
        }),
    )
    .expect("item");
    assert_eq!((n, rows[0].employee_no.as_str()), (1, "0001"));
    let (n, rows) = lines::search(
        c,
        GROUP,
        &LineFilter {
            sort: LineSort::Item,
            descending: true,
            offset: 1,
            limit: 1,
            ..LineFilter::default()
        },
    )
    .expect("page");
    assert_eq!(n, 3);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].item_code.as_str(), "101");

    let catalogue = items::catalogue(c, GROUP).expect("items");
    let dup = plan_add(&line_input("0001", "ｱｵｷ ｲﾁﾛｳ", "101", 1, 0), &catalogue).expect("plan");
    assert!(matches!(
        lines::insert(c, GROUP, &dup, &stamp("LR102101", jst_at(4, 2, 9))),
        Err(StoreError::Conflict(_))
    ));
}

#[test]
fn a_change_keeps_the_prior_amounts_a_stale_version_writes_nothing_and_history_names_every_change()
{
    let mut db = setup();
    let c = &mut db.conn;
    seed_items(c, GROUP);
    let row = add(
        c,
        GROUP,
        &line_input("0001", "ｱｵｷ ｲﾁﾛｳ", "201", 2_000, 5_000),
    );
    let catalogue = items::catalogue(c, GROUP).expect("items");
    let mut i = line_input("0001", "ｱｵｷ ｲﾁﾛｳ", "201", 2_500, 5_000);
    let change = plan_change(&row.line(), 1, &i, Some(month(7)), &catalogue).expect("plan");
    let changed = lines::apply(
        c,
        GROUP,
        &row.id,
        &change,
        &stamp("LR101201", jst_at(6, 1, 9)),
    )
    .expect("apply")
    .expect("current");
    assert_eq!(changed.version, 2);
    assert_eq!(changed.amounts_from, month(7));
    assert_eq!(changed.prior.map(|p| p.monthly), Some(2_000));
    assert_eq!(changed.line().amount(Occasion::Monthly, month(6)), 2_000);
    assert_eq!(changed.line().amount(Occasion::Monthly, month(7)), 2_500);

    // Planned on version 1 again: the row has moved on.
    i.kana_name = "ｱｵｷ ｼﾞﾛｳ".into();
    let stale = plan_change(&row.line(), 1, &i, Some(month(7)), &catalogue).expect("plan");
    assert_eq!(
        lines::apply(
            c,
            GROUP,
            &row.id,
            &stale,
            &stamp("LR101201", jst_at(6, 2, 9))
        )
        .expect("apply"),
        Err(Refusal::Stale)
    );
    let now = lines::get(c, GROUP, &row.id).expect("get").expect("row");
    assert_eq!(now.kana_name.as_str(), "ｱｵｷ ｲﾁﾛｳ");
    assert!(lines::get(c, OTHER, &row.id).expect("get").is_none());

    let cancel = plan_cancel(&now.line(), 2, &catalogue).expect("plan");
    let gone = lines::apply(
        c,
        GROUP,
        &row.id,
        &cancel,
        &stamp("LR101201", jst_at(6, 3, 9)),
    )
    .expect("apply")
    .expect("current");
    assert_eq!(gone.state, LineState::Cancelled);

    let (n, history) = lines::history(
        c,
        GROUP,
        &HistoryFilter {
            line_id: Some(&row.id),
            limit: 10,
            ..HistoryFilter::default()
        },
    )
    .expect("history");
    assert_eq!(n, 3);
    let ops: Vec<_> = history.iter().map(|h| (h.version, h.operation)).collect();
    assert_eq!(
        ops,
        [
            (3, Operation::Cancel),
            (2, Operation::Change),
            (1, Operation::Add)
        ]
    );
    assert_eq!(history[1].screen_id, "LR101201");
    assert_eq!(history[1].user_name, "組合　太郎");
    let fields: Vec<_> = history[1].changes.iter().map(|c| c.field).collect();
    assert_eq!(fields, [LineField::AmountMonthly, LineField::AmountsFrom]);
    assert_eq!(history[1].changes[1].after.as_deref(), Some("2024-07"));
    assert_eq!(history[2].changes[3].after.as_deref(), Some("201 共済掛金"));
    let (n, _) = lines::history(
        c,
        GROUP,
        &HistoryFilter {
            from: Some(jst_at(6, 2, 0)),
            limit: 10,
            ..HistoryFilter::default()
        },
    )
    .expect("from");
    assert_eq!(n, 1);
}

fn bulk_people(c: &mut DbConnection, n: usize) {
    let catalogue = items::catalogue(c, GROUP).expect("items");
    let changes: Vec<_> = (0..n)
        .map(|k| {
            plan_add(
                &line_input(&format!("{k:05}"), "ｸﾐｱｲ ｲﾁﾛｳ", "101", 3_000, 0),
                &catalogue,
            )
            .expect("plan")
        })
        .collect();
    cjs_store::transaction(c, |c| {
        for ch in &changes {
            lines::insert(c, GROUP, ch, &stamp("LR102101", jst_at(4, 2, 9)))?;
        }
        Ok(())
    })
    .expect("lines");
}

#[test]
fn a_bulk_update_is_previewed_then_applied_whole_or_not_at_all() {
    let mut db = setup();
    let c = &mut db.conn;
    seed_items(c, GROUP);
    bulk_people(c, 30);
    add(c, GROUP, &line_input("00000", "ｸﾐｱｲ ｲﾁﾛｳ", "201", 2_000, 0));
    let catalogue = items::catalogue(c, GROUP).expect("items");
    let request = BulkRequest {
        item_code: "101".into(),
        monthly: Some(AmountEdit {
            mode: EditMode::Add,
            value: 500,
        }),
        amounts_from: "2024-07".into(),
        ..BulkRequest::default()
    };
    let spec = BulkSpec::parse(&request, &catalogue).expect("spec");
    let preview = lines::preview_bulk(c, GROUP, &spec).expect("preview");
    assert_eq!(preview.changes.len(), 30);

    // One line moves after the preview: nothing is applied.
    let (_, first) = lines::search(
        c,
        GROUP,
        &LineFilter {
            employee_no: Some("00007"),
            limit: 1,
            ..LineFilter::default()
        },
    )
    .expect("line");
    let mut i = line_input("00007", "ｸﾐｱｲ ｼﾞﾛｳ", "101", 3_000, 0);
    i.kanji_name = "組合　次郎".into();
    let moved = plan_change(&first[0].line(), 1, &i, None, &catalogue).expect("plan");
    lines::apply(
        c,
        GROUP,
        &first[0].id,
        &moved,
        &stamp("LR101201", jst_at(6, 1, 9)),
    )
    .expect("apply")
    .expect("current");
    assert_eq!(
        lines::apply_bulk(
            c,
            GROUP,
            &spec,
            &preview.fingerprint,
            &stamp("LR108101", jst_at(6, 1, 10))
        )
        .expect("bulk"),
        Err(Refusal::BulkChanged)
    );
    let (_, rows) = lines::search(
        c,
        GROUP,
        &LineFilter {
            item_code: Some("101"),
            limit: 100,
            ..LineFilter::default()
        },
    )
    .expect("rows");
    assert!(rows.iter().all(|r| r.amounts.monthly == 3_000));

    let preview = lines::preview_bulk(c, GROUP, &spec).expect("preview");
    assert_eq!(
        lines::apply_bulk(
            c,
            GROUP,
            &spec,
            &preview.fingerprint,
            &stamp("LR108101", jst_at(6, 1, 11))
        )
        .expect("bulk"),
        Ok(30)
    );
    let (_, rows) = lines::search(
        c,
        GROUP,
        &LineFilter {
            item_code: Some("101"),
            limit: 100,
            ..LineFilter::default()
        },
    )
    .expect("rows");
    assert!(rows.iter().all(|r| r.amounts.monthly == 3_500
        && r.amounts_from == month(7)
        && r.prior.map(|p| p.monthly) == Some(3_000)));
    let (n, _) = lines::history(
        c,
        GROUP,
        &HistoryFilter {
            limit: 1,
            from: Some(jst_at(6, 1, 11)),
            ..HistoryFilter::default()
        },
    )
    .expect("history");
    assert_eq!(n, 30);
    let kyosai = lines::search(
        c,
        GROUP,
        &LineFilter {
            item_code: Some("201"),
            limit: 1,
            ..LineFilter::default()
        },
    )
    .expect("201")
    .1;
    assert_eq!(
        kyosai[0].amounts.monthly, 2_000,
        "another item is untouched"
    );
}

fn export_rows(c: &mut DbConnection) -> Vec<ImportRow> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = lines::export_page(c, GROUP, after.as_deref(), 700).expect("page");
        let Some(last) = page.last() else { break };
        after = Some(last.employee_no.to_string());
        for r in &page {
            out.push(ImportRow {
                line: out.len() + 2,
                cells: export_cells(&r.line(), r.item_name.as_str()).to_vec(),
            });
        }
    }
    out
}

/// The kept count (`ledger_line_counts`, which the list's total reads when only the state is
/// asked) and a real COUNT of the lines.
fn counted_and_kept(c: &mut DbConnection) -> (i64, i64) {
    let filter = |kana| LineFilter {
        kana_prefix: kana,
        state: Some(LineState::Active),
        limit: 1,
        ..LineFilter::default()
    };
    let (counted, _) = lines::search(c, GROUP, &filter(Some("ｸ"))).expect("counted");
    let (kept, _) = lines::search(c, GROUP, &filter(None)).expect("kept");
    (counted, kept)
}

/// On SQLite the store counts new lines itself, once per write (issue 11: no per-row trigger):
/// full batches, a last partial one, a refused insert and a history that reads back.
#[test]
fn the_kept_line_count_stays_exact_through_imports_and_refused_inserts() {
    let mut db = setup();
    let c = &mut db.conn;
    seed_items(c, GROUP);
    bulk_people(c, 7);
    assert_eq!(counted_and_kept(c), (7, 7));
    let rows: Vec<ImportRow> = (0..2_345)
        .map(|k| new_member_row(k + 2, format!("{:05}", 10_000 + k), "101"))
        .collect();
    let s = stamp("LR110101", jst_at(6, 5, 9));
    let report = lines::import(c, GROUP, rows, month(7), ImportMode::Apply, &s)
        .expect("import")
        .expect("report");
    assert_eq!((report.new, report.applied), (2_345, true));
    assert_eq!(counted_and_kept(c), (2_352, 2_352));

    let catalogue = items::catalogue(c, GROUP).expect("items");
    let dup = plan_add(&line_input("10000", "ｸﾐｱｲ ﾀﾛｳ", "101", 1, 0), &catalogue).expect("plan");
    assert!(matches!(
        lines::insert(c, GROUP, &dup, &s),
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        counted_and_kept(c),
        (2_352, 2_352),
        "the refused line is not counted"
    );

    let (_, hist) = lines::history(
        c,
        GROUP,
        &HistoryFilter {
            employee_no: Some("12344"),
            limit: 10,
            ..HistoryFilter::default()
        },
    )
    .expect("history");
    assert_eq!(hist.len(), 1);
    let amount = hist[0]
        .changes
        .iter()
        .find(|ch| ch.field == LineField::AmountMonthly)
        .expect("amount");
    assert_eq!(
        (amount.before.as_deref(), amount.after.as_deref()),
        (None, Some("3000"))
    );
}

#[test]
fn an_exported_file_imports_back_unchanged_and_a_bad_file_writes_nothing() {
    let mut db = setup();
    let c = &mut db.conn;
    seed_items(c, GROUP);
    bulk_people(c, 1_500);
    add(
        c,
        GROUP,
        &line_input("00003", "ｸﾐｱｲ ｲﾁﾛｳ", "201", 2_000, 4_000),
    );
    let rows = export_rows(c);
    assert_eq!(rows.len(), 1_501);
    assert_eq!(rows[3].cells[0], "00003");
    assert_eq!(rows[4].cells[0], "00003");
    assert_eq!(rows[4].cells[3], "201", "the employee's items in 表示順");
    assert_eq!(HEADER.len(), rows[0].cells.len());

    let s = stamp("LR110101", jst_at(6, 5, 9));
    let report = lines::import(c, GROUP, &rows, month(7), ImportMode::Apply, &s)
        .expect("import")
        .expect("applied");
    assert!(report.applied);
    assert_eq!(
        (report.new, report.changed, report.unchanged),
        (0, 0, 1_501)
    );

    // Edit one amount, add one line, break three rows: nothing is written.
    let mut edited = rows.clone();
    edited[10].cells[5] = "3500".into();
    edited.push(ImportRow {
        line: 2_000,
        cells: [
            "99999",
            "ｼﾝﾆﾕｳ ﾀﾛｳ",
            "新入　太郎",
            "101",
            "組合費",
            "3000",
            "",
            "",
            "202407",
            "",
        ]
        .map(str::to_owned)
        .to_vec(),
    });
    let mut broken = edited.clone();
    broken[20].cells[5] = "abc".into();
    broken[30].cells[3] = "777".into();
    broken[40].cells[0] = "3".into();
    let report = lines::import(c, GROUP, &broken, month(7), ImportMode::Apply, &s)
        .expect("import")
        .expect("report");
    assert!(!report.applied);
    let lines_named: Vec<_> = report.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines_named, [22, 32, 42]);
    let (n, _) = lines::search(
        c,
        GROUP,
        &LineFilter {
            limit: 1,
            ..LineFilter::default()
        },
    )
    .expect("count");
    assert_eq!(n, 1_501, "nothing added");

    let check = lines::import(c, GROUP, &edited, month(7), ImportMode::Check, &s)
        .expect("check")
        .expect("report");
    assert_eq!((check.new, check.changed, check.applied), (1, 1, false));
    let applied = lines::import(c, GROUP, &edited, month(7), ImportMode::Apply, &s)
        .expect("import")
        .expect("report");
    assert_eq!(
        (applied.new, applied.changed, applied.applied),
        (1, 1, true)
    );
    let again = lines::import(c, GROUP, &edited, month(7), ImportMode::Apply, &s)
        .expect("import")
        .expect("report");
    assert_eq!((again.new, again.changed, again.unchanged), (0, 0, 1_502));
    let (_, hist) = lines::history(
        c,
        GROUP,
        &HistoryFilter {
            limit: 10,
            from: Some(jst_at(6, 5, 0)),
            ..HistoryFilter::default()
        },
    )
    .expect("history");
    assert!(hist.iter().all(|h| h.operation == Operation::Import));
}

#[test]
fn a_run_is_made_from_the_ledger_replaced_until_results_and_its_totals_are_summed() {
    let mut db = setup();
    let c = &mut db.conn;
    seed_items(c, GROUP);
    add(c, GROUP, &line_input("0002", "ｲﾄｳ ｼﾞﾛｳ", "101", 3_000, 0));
    add(
        c,
        GROUP,
        &line_input("0001", "ｱｵｷ ｲﾁﾛｳ", "201", 2_000, 5_000),
    );
    add(c, GROUP, &line_input("0001", "ｱｵｷ ｲﾁﾛｳ", "101", 3_000, 0));
    let s = stamp("LR105101", jst_at(6, 10, 9));
    let june = key(Occasion::Monthly, 6);

    assert_eq!(
        runs::create(c, &key(Occasion::YearEnd, 12), false, &s).expect("create"),
        Err(Refusal::NothingToRequest)
    );
    let run = runs::create(c, &june, false, &s)
        .expect("create")
        .expect("made");
    assert_eq!((run.line_count, run.total, run.version), (3, 8_000, 1));
    assert_eq!(
        runs::create(c, &june, false, &s).expect("again"),
        Err(Refusal::RunExists)
    );
    add(c, GROUP, &line_input("0003", "ｳｴﾀﾞ ｻﾌﾞﾛｳ", "101", 3_000, 0));
    let run = runs::create(c, &june, true, &s)
        .expect("replace")
        .expect("made");
    assert_eq!((run.line_count, run.total, run.version), (4, 11_000, 2));

    let (n, page) = runs::lines_page(c, &june, RunList::All, 0, 2).expect("page");
    assert_eq!(n, 4);
    assert_eq!(
        (
            page[0].employee_no.as_str(),
            page[0].item_code.as_str(),
            page[1].item_code.as_str()
        ),
        ("0001", "101", "201")
    );
    let t = runs::totals(c, &june, RunList::All).expect("totals");
    assert_eq!(
        (t.lines, t.amount, t.employees, t.unrecorded_count),
        (4, 11_000, 3, 4)
    );

    // Results: on screen with the run's version, then from payroll's file.
    let all = runs::lines(c, &june).expect("lines");
    let keys: Vec<_> = all.iter().map(runs::RunLineRow::key).collect();
    let screen = ledger_results::plan_screen(
        &keys,
        &[cjs_domain::ledger::ResultInput {
            line_no: 1,
            result: Some(Outcome::Deducted),
            result_reason: None,
            result_text: None,
        }],
    )
    .expect("valid");
    assert_eq!(
        runs::set_results(c, &june, Some(1), &screen, &s).expect("results"),
        Err(Refusal::Stale)
    );
    let run = runs::set_results(c, &june, Some(2), &screen, &s)
        .expect("results")
        .expect("recorded");
    assert_eq!(run.version, 3);
    assert!(run.results_at.is_some());
    assert_eq!(RESULT_HEADER.len(), 5);
    let file = [
        ImportRow {
            line: 2,
            cells: ["0002", "101", "不能", "退職", ""]
                .map(str::to_owned)
                .to_vec(),
        },
        ImportRow {
            line: 3,
            cells: ["0003", "101", "不能", "その他", "育児休業"]
                .map(str::to_owned)
                .to_vec(),
        },
    ];
    let from_file: Vec<LineResult> = ledger_results::plan_file(&keys, &file).expect("valid");
    runs::set_results(c, &june, None, &from_file, &s)
        .expect("results")
        .expect("recorded");
    let t = runs::totals(c, &june, RunList::All).expect("totals");
    assert_eq!(
        (
            t.deducted_count,
            t.deducted_amount,
            t.failed_count,
            t.failed_amount,
            t.unrecorded_count
        ),
        (1, 3_000, 2, 6_000, 1)
    );
    let (n, failed) = runs::lines_page(c, &june, RunList::Failed, 0, 10).expect("failed");
    assert_eq!(n, 2);
    assert_eq!(failed[0].result_reason, Some(FailReason::Retired));
    assert_eq!(failed[1].result_text.as_deref(), Some("育児休業"));
    assert_eq!(failed[1].result_by.as_deref(), Some("組合　太郎"));
    let tail = runs::lines_after(c, &june, RunList::All, 2, 10).expect("after");
    assert_eq!(tail.iter().map(|l| l.line_no).collect::<Vec<_>>(), [3, 4]);
    assert_eq!(
        runs::create(c, &june, true, &s).expect("replace"),
        Err(Refusal::ResultsRecorded)
    );
    assert_eq!(
        runs::set_results(c, &key(Occasion::Monthly, 7), None, &from_file, &s).expect("none"),
        Err(Refusal::NoRun)
    );
    assert_eq!(runs::list(c, GROUP).expect("list").len(), 1);
}

#[test]
fn the_live_lists_follow_the_ledger_and_are_summed_by_the_database() {
    let mut db = setup();
    let c = &mut db.conn;
    seed_items(c, GROUP);
    add(
        c,
        GROUP,
        &line_input("0001", "ｱｵｷ ｲﾁﾛｳ", "201", 2_000, 5_000),
    );
    let kumiai = add(c, GROUP, &line_input("0001", "ｱｵｷ ｲﾁﾛｳ", "101", 3_000, 0));
    add(c, GROUP, &line_input("0002", "ｲﾄｳ ｼﾞﾛｳ", "101", 3_000, 0));
    let s = stamp("LR105101", jst_at(6, 10, 9));
    runs::create(c, &key(Occasion::Monthly, 6), false, &s)
        .expect("create")
        .expect("made");
    // From July 組合費 of 0001 is 3,500; 0003 joins.
    let catalogue = items::catalogue(c, GROUP).expect("items");
    let change = plan_change(
        &kumiai.line(),
        1,
        &line_input("0001", "ｱｵｷ ｲﾁﾛｳ", "101", 3_500, 0),
        Some(month(7)),
        &catalogue,
    )
    .expect("plan");
    lines::apply(c, GROUP, &kumiai.id, &change, &s)
        .expect("apply")
        .expect("current");
    add(c, GROUP, &line_input("0003", "ｳｴﾀﾞ ｻﾌﾞﾛｳ", "101", 3_000, 0));

    let june_live = runs::live_lines(c, &key(Occasion::Monthly, 6)).expect("june");
    let june_total: i64 = june_live.iter().map(|l| l.amount).sum();
    let t = runs::live_totals(c, &key(Occasion::Monthly, 6)).expect("totals");
    assert_eq!((t.employees, t.count, t.amount), (3, 4, june_total));
    assert_eq!(t.amount, 11_000, "0001's 組合費 is still 3,000 in June");
    let july = key(Occasion::Monthly, 7);
    let t = runs::live_totals(c, &july).expect("july");
    assert_eq!(t.amount, 11_500);
    let per_item = runs::live_item_totals(c, &july).expect("items");
    let got: Vec<_> = per_item
        .iter()
        .map(|i| (i.item.code.as_str(), i.count, i.amount))
        .collect();
    assert_eq!(got, [("101", 3, 9_500), ("201", 1, 2_000), ("901", 0, 0)]);
    let summer = runs::live_item_totals(c, &key(Occasion::Summer, 7)).expect("summer");
    assert_eq!((summer[0].count, summer[1].amount), (0, 5_000));

    let previous = runs::previous(c, &july).expect("previous").expect("june");
    assert_eq!(previous.month, month(6));
    let before: Vec<_> = runs::lines(c, &key(Occasion::Monthly, 6))
        .expect("lines")
        .iter()
        .map(runs::RunLineRow::run_line)
        .collect();
    let moved = run::movements(&runs::live_lines(c, &july).expect("live"), &before);
    let kinds: Vec<_> = moved
        .iter()
        .map(|m| (m.movement, m.employee_no.as_str(), m.difference()))
        .collect();
    assert_eq!(
        kinds,
        [
            (run::Movement::New, "0003", 3_000),
            (run::Movement::AmountChanged, "0001", 500)
        ]
    );
}

fn deduction_detail(emp: &str, kana: &str) -> DetailInput {
    DetailInput {
        employee_no: emp.into(),
        kana_name: kana.into(),
        kanji_name: "労金　太郎".into(),
        product_code: "01".into(),
        branch_no: "123".into(),
        account_no: "1234567".into(),
        amount_monthly: 10_000,
        amount_summer: 0,
        amount_year_end: 0,
        start_month: "2024-04".into(),
        end_month: None,
    }
}

#[test]
fn the_deduction_side_gives_people_for_the_mismatch_list_and_rows_for_the_combined_list() {
    let mut db = setup();
    let c = &mut db.conn;
    seed_items(c, GROUP);
    add(c, GROUP, &line_input("0001", "ｱｵｷ ｲﾁﾛｳ", "101", 3_000, 0));
    add(c, GROUP, &line_input("0001", "ｱｵｷ ｲﾁﾛｳ", "901", 10_000, 0));
    add(c, GROUP, &line_input("0002", "ｲﾄｳ ｼﾞﾛｳ", "101", 3_000, 0));
    let gate = Gate {
        source: Source::Counter,
        detail_update: true,
        window: InputWindow::NoOpenCycle,
    };
    let config = DeductionConfig::default();
    for (emp, kana) in [("0001", "ｱｵｷ ｲﾁﾛ"), ("2", "ｲﾄｳ ｼﾞﾛｳ")] {
        let change =
            deduction::plan_add(gate, &deduction_detail(emp, kana), &config).expect("plan");
        cjs_store::deduction::details::insert(
            c,
            GROUP,
            &change,
            cjs_store::deduction::Writer::BANK,
            jst_at(4, 2, 9),
        )
        .expect("detail");
    }
    let june = key(Occasion::Monthly, 6);
    let s = stamp("LR105101", jst_at(6, 10, 9));
    runs::create(c, &june, false, &s)
        .expect("create")
        .expect("made");
    let people = runs::deduction_people(c, GROUP).expect("people");
    assert_eq!(
        people,
        [
            Person {
                employee_no: "0001".into(),
                kana_name: "ｱｵｷ ｲﾁﾛ".into()
            },
            Person {
                employee_no: "2".into(),
                kana_name: "ｲﾄｳ ｼﾞﾛｳ".into()
            }
        ]
    );
    let run_lines: Vec<_> = runs::lines(c, &june)
        .expect("lines")
        .iter()
        .map(runs::RunLineRow::run_line)
        .collect();
    let found: Vec<_> = run::mismatches(&run_lines, &people)
        .into_iter()
        .map(|m| (m.employee_no, m.kind))
        .collect();
    assert_eq!(
        found,
        [
            ("0001".to_owned(), run::MismatchKind::Kana),
            ("0002".to_owned(), run::MismatchKind::Digits)
        ]
    );

    assert_eq!(runs::deduction_rows(c, &june).expect("rows"), None);
    let dkey = cjs_store::deduction::CycleKey {
        payment_group: GROUP,
        occasion: Occasion::Monthly,
        month: month(6),
    };
    let details = cjs_store::deduction::details::for_snapshot(c, GROUP, None).expect("details");
    let detail_list: Vec<_> = details.iter().map(|d| d.detail()).collect();
    let snap: Vec<_> = detail_list
        .iter()
        .map(|d| deduction::snapshot::SnapshotDetail {
            detail: d,
            counter: false,
        })
        .collect();
    let request = deduction::snapshot::derive(Occasion::Monthly, month(6), &[], &snap, &config);
    cjs_store::deduction::runs::create_run(
        c,
        &dkey,
        deduction::RunOrigin::Snapshot,
        &request,
        false,
        jst_at(6, 11, 9),
    )
    .expect("deduction run");
    let rows = runs::deduction_rows(c, &june)
        .expect("rows")
        .expect("exists");
    assert_eq!(rows.len(), 2);
    let (blocks, totals) = cjs_domain::ledger::combined::combine(&rows, &run_lines, true);
    assert_eq!(
        blocks.len(),
        3,
        "0001, 0002 and 2 are three numbers as text"
    );
    assert_eq!(blocks[0].rows.len(), 2, "the ledger's 労金積立 is left out");
    assert_eq!(totals.total, 10_000 + 10_000 + 3_000 + 3_000);
}

/// CPU time this thread has used (/proc/thread-self/schedstat), to read the figures below on a
/// loaded machine, where the wall time is mostly waiting for a core.
fn thread_cpu() -> std::time::Duration {
    let ns = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(0);
    std::time::Duration::from_nanos(ns)
}

/// Runs `f`, printing its wall and CPU time.
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let (wall, cpu) = (std::time::Instant::now(), thread_cpu());
    let out = f();
    eprintln!(
        "{what}: {:.2} s (CPU {:.2} s) on {:?}",
        wall.elapsed().as_secs_f64(),
        (thread_cpu() - cpu).as_secs_f64(),
        TestDatabase::backend()
    );
    out
}

/// The bench figure of the issue, by hand: `cargo test -p cjs-store --release --test ledger --
/// --ignored --nocapture import_of_100k` (and with `CJS_TEST_BACKEND=postgres`).
#[test]
#[ignore = "a measurement, not a check: 100,000 rows"]
fn import_of_100k_rows_timed() {
    let mut db = setup();
    let c = &mut db.conn;
    seed_items(c, GROUP);
    let n = 100_000;
    let rows: Vec<ImportRow> = (0..n)
        .map(|k| {
            new_member_row(
                k + 2,
                format!("{:07}", k / 2),
                if k % 2 == 0 { "101" } else { "201" },
            )
        })
        .collect();
    let s = stamp("LR110101", jst_at(6, 5, 9));
    let checked = timed(&format!("dry run of {n} new rows"), || {
        lines::import(c, GROUP, &rows, month(7), ImportMode::Check, &s)
    })
    .expect("check")
    .expect("report");
    assert_eq!(checked.new, n);
    let report = timed(&format!("import of {n} new rows"), || {
        lines::import(c, GROUP, &rows, month(7), ImportMode::Apply, &s)
    })
    .expect("import")
    .expect("report");
    assert_eq!(report.new, n);
    let exported = timed("export", || export_rows(c));
    assert_eq!(exported.len(), n);
    let again = timed("round trip (no change)", || {
        lines::import(c, GROUP, &exported, month(7), ImportMode::Apply, &s)
    })
    .expect("import")
    .expect("report");
    assert_eq!(again.unchanged, n);
    let mut changed = exported;
    for r in &mut changed {
        r.cells[5] = "3500".into();
    }
    let report = timed(&format!("import of {n} changed rows"), || {
        lines::import(c, GROUP, &changed, month(7), ImportMode::Apply, &s)
    })
    .expect("import")
    .expect("report");
    assert_eq!(report.changed, n);
    let spec = BulkSpec::parse(
        &BulkRequest {
            item_code: "101".into(),
            monthly: Some(AmountEdit {
                mode: EditMode::Add,
                value: 500,
            }),
            amounts_from: "2024-08".into(),
            ..BulkRequest::default()
        },
        &items::catalogue(c, GROUP).expect("items"),
    )
    .expect("spec");
    let preview = lines::preview_bulk(c, GROUP, &spec).expect("preview");
    let bulk = timed(&format!("一括更新 of {} lines", n / 2), || {
        lines::apply_bulk(c, GROUP, &spec, &preview.fingerprint, &s)
    })
    .expect("bulk")
    .expect("applied");
    assert_eq!(bulk, n / 2);
}

// A process killed mid-way through an import or 一括更新 (issue 11): the parent test puts lines
// in a SQLite database, then runs the job in a child process (this test binary again, the
// ignored `crash_child_writes_until_killed`) whose connection has a temporary trigger on
// ledger_history: at the `CJS_CRASH_AT`th history row of the job's transaction it says so on
// its standard output and waits inside the INSERT, holding the transaction open. The child also
// runs under a small soft heap limit, so SQLite spills the open transaction's pages to the WAL
// as it goes: when the parent kills it (SIGKILL), those pages are on disk without a commit. The
// parent then checks that a new connection sees exactly what was there before, that the file is
// sound, and that the same job run again succeeds. Deterministic: the kill waits for the child
// to reach the crash point, whatever the machine's speed.

/// Lines the parent puts there first; the crash import changes these and adds as many new ones.
const CRASH_LINES: usize = 5_000;

/// The import's rows: 職員番号 0000000… with item 101 and `monthly` 月例金額.
fn crash_rows(n: usize, monthly: &str) -> Vec<ImportRow> {
    (0..n)
        .map(|k| ImportRow {
            line: k + 2,
            cells: [
                format!("{k:07}"),
                "ｸﾐｱｲ ﾀﾛｳ".into(),
                "組合　太郎".into(),
                "101".into(),
                String::new(),
                monthly.into(),
                String::new(),
                String::new(),
                "202404".into(),
                String::new(),
            ]
            .to_vec(),
        })
        .collect()
}

/// 一括更新 of the crash tests: every 組合費 line's 月例金額 + 500 from 2024-07.
fn crash_bulk(c: &mut DbConnection) -> BulkSpec {
    let catalogue = items::catalogue(c, GROUP).expect("items");
    let request = BulkRequest {
        item_code: "101".into(),
        monthly: Some(AmountEdit {
            mode: EditMode::Add,
            value: 500,
        }),
        amounts_from: "2024-07".into(),
        ..BulkRequest::default()
    };
    BulkSpec::parse(&request, &catalogue).expect("spec")
}

/// Runs the job: `import` (the crash file: `CRASH_LINES` changed, as many new) or `bulk`.
fn crash_job(c: &mut DbConnection, job: &str) -> (usize, usize) {
    let s = stamp("LR110101", jst_at(6, 5, 9));
    match job {
        "import" => {
            let rows = crash_rows(2 * CRASH_LINES, "3500");
            let r = lines::import(c, GROUP, &rows, month(7), ImportMode::Apply, &s)
                .expect("import")
                .expect("report");
            assert!(r.applied, "{:?}", r.problems.first());
            (r.new, r.changed)
        }
        "bulk" => {
            let spec = crash_bulk(c);
            let preview = lines::preview_bulk(c, GROUP, &spec).expect("preview");
            let s = stamp("LR108101", jst_at(6, 5, 9));
            let n = lines::apply_bulk(c, GROUP, &spec, &preview.fingerprint, &s)
                .expect("bulk")
                .expect("applied");
            (0, n)
        }
        other => panic!("no crash job {other}"),
    }
}

/// Every line and every history row of the group, as stored.
fn ledger_state(c: &mut DbConnection) -> (Vec<lines::LineRow>, Vec<lines::HistoryRow>) {
    let mut all = Vec::new();
    loop {
        let (_, page) = lines::search(
            c,
            GROUP,
            &LineFilter {
                offset: i64::try_from(all.len()).expect("offset"),
                limit: 1000,
                ..LineFilter::default()
            },
        )
        .expect("lines");
        if page.is_empty() {
            break;
        }
        all.extend(page);
    }
    let mut history = Vec::new();
    loop {
        let (_, page) = lines::history(
            c,
            GROUP,
            &HistoryFilter {
                offset: i64::try_from(history.len()).expect("offset"),
                limit: 1000,
                ..HistoryFilter::default()
            },
        )
        .expect("history");
        if page.is_empty() {
            break;
        }
        history.extend(page);
    }
    (all, history)
}

#[derive(diesel::QueryableByName)]
struct IntegrityCheck {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

#[diesel::declare_sql_function]
extern "SQL" {
    /// The crash point the child's trigger calls for every history row written.
    fn crash_point(version: diesel::sql_types::Integer) -> diesel::sql_types::Integer;
}

/// The child half of the crash tests (run by them as a process of its own).
#[test]
#[ignore = "the child process of the crash tests: does nothing unless CJS_CRASH_DB is set"]
fn crash_child_writes_until_killed() {
    use diesel::connection::SimpleConnection;
    use std::io::Write;
    let Ok(path) = std::env::var("CJS_CRASH_DB") else {
        return;
    };
    let job = std::env::var("CJS_CRASH_JOB").expect("CJS_CRASH_JOB");
    let at: i64 = std::env::var("CJS_CRASH_AT")
        .expect("CJS_CRASH_AT")
        .parse()
        .expect("a number");
    let mut conn = DatabaseUrl::Sqlite(path.into()).connect().expect("connect");
    let DbConnection::Sqlite(sqlite) = &mut conn else {
        panic!("a SQLite database");
    };
    let mut written = 0_i64;
    crash_point_utils::register_nondeterministic_impl(sqlite, move |version: i32| {
        written += 1;
        if written == at {
            println!("CRASH-POINT {written}");
            let _ = std::io::stdout().flush();
            loop {
                std::thread::sleep(std::time::Duration::from_secs(3600));
            }
        }
        version
    })
    .expect("register crash_point");
    sqlite
        .batch_execute(
            "PRAGMA soft_heap_limit = 2000000;
             CREATE TEMP TRIGGER crash_point AFTER INSERT ON main.ledger_history
             BEGIN SELECT crash_point(NEW.version); END;",
        )
        .expect("trigger");
    crash_job(&mut conn, &job);
    panic!("the {job} finished: the crash point was never reached");
}

/// Runs `job` in a child process, kills it at its `at`th history row, and returns the size of
/// the WAL then (the killed transaction's spilled pages).
fn kill_midway(db: &TestDatabase, job: &str, at: usize) -> u64 {
    use std::io::{BufRead, Read};
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let DatabaseUrl::Sqlite(path) = &db.url else {
        panic!("a SQLite database");
    };
    let wal = path.with_file_name("cjs.sqlite3-wal");
    let wal_before = std::fs::metadata(&wal).map_or(0, |m| m.len());
    let mut child = Command::new(std::env::current_exe().expect("this test binary"))
        .args([
            "--exact",
            "crash_child_writes_until_killed",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CJS_CRASH_DB", path)
        .env("CJS_CRASH_JOB", job)
        .env("CJS_CRASH_AT", at.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the child");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            // The harness prints `test NAME ... ` on the same line first.
            if line.contains("CRASH-POINT") {
                let _ = tx.send(line);
            }
        }
    });
    let reached = rx.recv_timeout(std::time::Duration::from_secs(600));
    let wal_at_kill = std::fs::metadata(&wal).map_or(0, |m| m.len());
    child.kill().expect("kill");
    let status = child.wait().expect("wait");
    if reached.is_err() {
        let mut err = String::new();
        let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut err));
        panic!("the child never reached its crash point ({status}):\n{err}");
    }
    assert_eq!(status.signal(), Some(9), "killed by SIGKILL, not finished");
    assert!(
        wal_at_kill > wal_before,
        "the killed transaction had spilled pages to the WAL ({wal_before} → {wal_at_kill} bytes)"
    );
    wal_at_kill
}

/// The crash test of one job: lines first, the job killed mid-way, nothing of it seen after,
/// then the job again to its end.
fn crash_test(job: &str, at: usize) {
    let db = setup_on(TestDatabase::sqlite());
    let url = db._db.url.clone();
    let mut conn = db.conn;
    let c = &mut *conn;
    seed_items(c, GROUP);
    let s = stamp("LR110101", jst_at(5, 1, 9));
    let first = lines::import(
        c,
        GROUP,
        crash_rows(CRASH_LINES, "3000"),
        month(5),
        ImportMode::Apply,
        &s,
    )
    .expect("import")
    .expect("report");
    assert_eq!(first.new, CRASH_LINES);
    let before = ledger_state(c);
    assert_eq!(before.0.len(), CRASH_LINES);
    // The parent lets go of the database while the child writes.
    drop(conn);

    let wal = kill_midway(&db._db, job, at);
    eprintln!("{job}: killed at history row {at}, WAL {wal} bytes");

    let pool = build_pool(&url, 1).expect("pool");
    let mut conn = pool.get().expect("connection");
    let c = &mut *conn;
    let DbConnection::Sqlite(sqlite) = &mut *c else {
        panic!("a SQLite database");
    };
    let check: Vec<IntegrityCheck> =
        diesel::RunQueryDsl::load(diesel::sql_query("PRAGMA integrity_check"), sqlite)
            .expect("integrity_check");
    assert_eq!(
        check
            .iter()
            .map(|r| r.integrity_check.as_str())
            .collect::<Vec<_>>(),
        ["ok"]
    );
    let after = ledger_state(c);
    assert_eq!(after.0.len(), before.0.len(), "no line of the killed {job}");
    assert_eq!(
        after.1.len(),
        before.1.len(),
        "no history row of the killed {job}"
    );
    assert!(
        after == before,
        "every line and history row exactly as before the {job}"
    );

    // The same job again runs to its end.
    let (new, changed) = crash_job(c, job);
    let expected_new = if job == "import" { CRASH_LINES } else { 0 };
    assert_eq!((new, changed), (expected_new, CRASH_LINES));
    let done = ledger_state(c);
    assert_eq!(done.0.len(), CRASH_LINES + expected_new);
    assert_eq!(done.1.len(), before.1.len() + new + changed);
    assert!(
        done.0.iter().all(|l| l.amounts.monthly == 3_500),
        "every line with the job's 月例金額"
    );
}

#[test]
fn an_import_killed_midway_leaves_nothing_half_written_and_runs_again() {
    // Past the new lines' history rows, half-way through the changed lines'.
    crash_test("import", CRASH_LINES + CRASH_LINES / 2);
}

#[test]
fn a_bulk_update_killed_midway_leaves_nothing_half_written_and_runs_again() {
    // Every line updated, half of their history rows written.
    crash_test("bulk", CRASH_LINES / 2);
}

/// A file row of a new member's line: 組合　太郎, 3,000 yen a month of `item` from 2024-04.
fn new_member_row(line: usize, employee_no: String, item: &str) -> ImportRow {
    ImportRow {
        line,
        cells: vec![
            employee_no,
            "ｸﾐｱｲ ﾀﾛｳ".into(),
            "組合　太郎".into(),
            item.into(),
            String::new(),
            "3000".into(),
            String::new(),
            String::new(),
            "202404".into(),
            String::new(),
        ],
    }
}

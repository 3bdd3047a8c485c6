//! 労金控除 repositories on the backend this run tests (CJS_TEST_BACKEND).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use cjs_domain::calendar::JST;
use cjs_domain::deduction::results::{LineResult, ResultRecord, match_results};
use cjs_domain::deduction::{
    AccountKind, DeductionConfig, DetailInput, DetailState, FailReason, Gate, InputWindow,
    LineList, LumpState, Movement, Outcome, Refusal, Source, Stop, StopReason, YearMonth, plan_add,
    plan_cancel, plan_change,
};
use cjs_domain::schedule::Occasion;
use cjs_domain::{ContractKind, Service};
use cjs_store::contracts::{self, NewContract, PaymentGroupRow};
use cjs_store::deduction::details::{self, DetailFilter, DetailSort, HistoryFilter};
use cjs_store::deduction::payees::{self, NewPayee};
use cjs_store::deduction::runs::{self, Created};
use cjs_store::deduction::{CycleKey, Writer};
use cjs_store::info::{self, CycleRow};
use cjs_store::testing::TestDatabase;
use cjs_store::{DbConnection, StoreError, build_pool, run_migrations};

const GROUP: &str = "16000004";
const OTHER: &str = "16000005";

fn jst_at(m: u32, d: u32, h: u32) -> DateTime<Utc> {
    JST.with_ymd_and_hms(2024, m, d, h, 0, 0)
        .single()
        .expect("time")
        .with_timezone(&Utc)
}

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, m, d).expect("date")
}

fn month(m: u32) -> YearMonth {
    YearMonth::new(2024, m).expect("month")
}

const CLERK: Writer<'static> = Writer {
    user_id: Some("kumiai01"),
    user_name: "組合　太郎",
};

fn gate() -> Gate {
    Gate {
        source: Source::Web,
        detail_update: true,
        window: InputWindow::Open {
            deadline: date(6, 10),
        },
    }
}

struct Db {
    _db: TestDatabase,
    conn: cjs_store::PooledConnection,
}

fn setup() -> Db {
    let db = TestDatabase::new();
    let pool = build_pool(&db.url, 1).expect("pool");
    let mut conn = pool.get().expect("connection");
    run_migrations(&mut conn).expect("migrate");
    let now = jst_at(5, 1, 9);
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
                services: vec![Service::RokinDeduction, Service::RokinDetailUpdate],
                created_at: now.naive_utc(),
            },
        )
        .expect("group");
        for (m, deadline, payday) in [
            (5, date(5, 10), date(5, 24)),
            (6, date(6, 10), date(6, 25)),
            (7, date(7, 10), date(7, 25)),
        ] {
            info::put_cycle(
                &mut conn,
                &CycleRow {
                    payment_group: g.into(),
                    occasion: Occasion::Monthly,
                    month: date(m, 1),
                    deadline,
                    request_received: None,
                    result_received: None,
                    payday,
                    updated_at: now.naive_utc(),
                },
            )
            .expect("cycle");
        }
    }
    Db { _db: db, conn }
}

fn input(emp: &str, kana: &str, account: &str, monthly: i64) -> DetailInput {
    DetailInput {
        employee_no: emp.into(),
        kana_name: kana.into(),
        kanji_name: "労金　太郎".into(),
        product_code: "01".into(),
        branch_no: "123".into(),
        account_no: account.into(),
        amount_monthly: monthly,
        amount_summer: 0,
        amount_year_end: 0,
        start_month: "2024-05".into(),
        end_month: None,
    }
}

fn add(
    conn: &mut DbConnection,
    group: &str,
    i: &DetailInput,
    at: DateTime<Utc>,
) -> details::DetailRow {
    let change = plan_add(gate(), i, &DeductionConfig::default()).expect("plan");
    details::insert(conn, group, &change, CLERK, at).expect("insert")
}

fn key(m: u32) -> CycleKey<'static> {
    CycleKey {
        payment_group: GROUP,
        occasion: Occasion::Monthly,
        month: month(m),
    }
}

#[test]
fn details_are_searched_by_number_kana_prefix_and_state_with_paging() {
    let mut db = setup();
    let c = &mut db.conn;
    let at = jst_at(5, 2, 9);
    add(
        c,
        GROUP,
        &input("0003", "ヤマダ タロウ", "1111111", 1000),
        at,
    );
    add(
        c,
        GROUP,
        &input("0001", "ヤマモト ハナコ", "2222222", 2000),
        at,
    );
    add(
        c,
        GROUP,
        &input("0002", "スズキ イチロウ", "3333333", 3000),
        at,
    );
    add(
        c,
        OTHER,
        &input("0004", "ヤマダ ジロウ", "4444444", 4000),
        at,
    );
    let page = |f: DetailFilter<'_>, c: &mut DbConnection| {
        let (total, rows) = details::search(c, GROUP, &f).expect("search");
        (
            total,
            rows.iter()
                .map(|r| r.employee_no.to_string())
                .collect::<Vec<_>>(),
        )
    };
    let all = DetailFilter {
        limit: 2,
        ..DetailFilter::default()
    };
    assert_eq!(
        page(all.clone(), c),
        (3, vec!["0001".into(), "0002".into()])
    );
    assert_eq!(
        page(
            DetailFilter {
                offset: 2,
                ..all.clone()
            },
            c
        ),
        (3, vec!["0003".into()])
    );
    let kana = DetailFilter {
        kana_prefix: Some("ﾔﾏ"),
        limit: 10,
        sort: DetailSort::KanaName,
        ..DetailFilter::default()
    };
    assert_eq!(
        page(kana, c),
        (2, vec!["0003".into(), "0001".into()]),
        "other group never seen"
    );
    let desc = DetailFilter {
        employee_no: Some("0002"),
        state: Some(DetailState::Active),
        limit: 10,
        descending: true,
        ..DetailFilter::default()
    };
    assert_eq!(page(desc, c), (1, vec!["0002".into()]));
}

/// 明細照会's page at its edges, for every sort in both directions, with and without a state:
/// the pages laid end to end are the whole list in the sort's order (ties broken by 職員番号,
/// 取引, id; a descending sort the ascending one reversed), nothing repeats or is skipped, a page
/// past the end is empty, and the total is the number of details that match: the counter the
/// triggers keep (no filter but the state) agrees with a count after adds, 変更 and 解除.
#[test]
fn the_details_page_returns_the_right_rows_order_and_total_at_its_edges() {
    let mut db = setup();
    let c = &mut db.conn;
    let config = DeductionConfig::default();
    // 17 details: members with one to three 取引, kana names shared, two members with one 取引
    // on two accounts (equal 職員番号 and 取引: only the id tells them apart).
    let kana = ["ﾔﾏﾀﾞ ﾀﾛｳ", "ｽｽﾞｷ ﾊﾅｺ", "ﾔﾏﾓﾄ ｲﾁﾛｳ", "ｱｵｷ ｼﾞﾛｳ"];
    let mut changes = Vec::new();
    for i in 0..8usize {
        for (p, product) in ["01", "02", "03"].into_iter().enumerate().take(1 + i % 3) {
            let mut form = input(
                &format!("{:04}", 10 - i),
                kana[(i + p) % kana.len()],
                &format!("{:07}", 1_000_000 + i * 10 + p),
                1000 + i as i64,
            );
            form.product_code = product.into();
            changes.push(plan_add(gate(), &form, &config).expect("plan"));
        }
    }
    let mut twin = input("0004", kana[0], "7777777", 500);
    twin.product_code = "01".into();
    changes.push(plan_add(gate(), &twin, &config).expect("plan"));
    assert_eq!(changes.len(), 16);
    details::insert_many(c, GROUP, &changes, CLERK, jst_at(5, 2, 9)).expect("many");
    add(
        c,
        GROUP,
        &input("0005", kana[3], "8888888", 800),
        jst_at(5, 2, 10),
    );
    add(
        c,
        OTHER,
        &input("0001", kana[0], "9999999", 900),
        jst_at(5, 2, 9),
    );
    let every = |c: &mut DbConnection| {
        details::search(
            c,
            GROUP,
            &DetailFilter {
                limit: 1000,
                ..DetailFilter::default()
            },
        )
        .expect("search")
        .1
    };
    // 解除 of three and 変更 of two (the state kept), each at its own time.
    let rows = every(c);
    assert_eq!(rows.len(), 17);
    for (n, row) in rows.iter().step_by(4).enumerate() {
        let at = jst_at(5, 3, 9 + n as u32);
        let change = if n < 3 {
            plan_cancel(gate(), &row.detail(), row.version, &config).expect("cancel")
        } else {
            let mut form = input(
                row.employee_no.as_str(),
                row.kana_name.as_str(),
                row.account_no.as_str(),
                4321,
            );
            form.product_code = row.product_code.as_str().into();
            form.branch_no = row.branch_no.as_str().into();
            plan_change(gate(), &row.detail(), row.version, &form, &config).expect("change")
        };
        details::apply(c, GROUP, &row.id, &change, CLERK, at)
            .expect("store")
            .expect("applied");
    }
    let all = every(c);
    let cancelled = all
        .iter()
        .filter(|r| r.state == DetailState::Cancelled)
        .count();
    assert_eq!(cancelled, 3);

    type Key = (String, String, String, String);
    let key_of = |sort: DetailSort, r: &details::DetailRow| -> Key {
        let (e, p, id) = (
            r.employee_no.to_string(),
            r.product_code.to_string(),
            r.id.clone(),
        );
        match sort {
            DetailSort::EmployeeNo => (e, p, id, String::new()),
            DetailSort::KanaName => (r.kana_name.to_string(), e, p, id),
            DetailSort::Product => (p, e, id, String::new()),
            DetailSort::UpdatedAt => (r.updated_at.to_string(), e, p, id),
        }
    };
    let sorts = [
        DetailSort::EmployeeNo,
        DetailSort::KanaName,
        DetailSort::Product,
        DetailSort::UpdatedAt,
    ];
    for sort in sorts {
        for descending in [false, true] {
            for state in [
                None,
                Some(DetailState::Active),
                Some(DetailState::Cancelled),
            ] {
                let mut expected: Vec<&details::DetailRow> = all
                    .iter()
                    .filter(|r| state.is_none_or(|s| r.state == s))
                    .collect();
                expected.sort_by_key(|r| key_of(sort, r));
                if descending {
                    expected.reverse();
                }
                let expected: Vec<&str> = expected.iter().map(|r| r.id.as_str()).collect();
                for limit in [1i64, 4, 17, 100] {
                    let case = format!("{sort:?} desc={descending} {state:?} limit={limit}");
                    let mut seen = Vec::new();
                    let mut offset = 0;
                    loop {
                        let f = DetailFilter {
                            state,
                            sort,
                            descending,
                            offset,
                            limit,
                            ..DetailFilter::default()
                        };
                        let (total, page) = details::search(c, GROUP, &f).expect("search");
                        assert_eq!(total, expected.len() as i64, "{case} offset={offset}");
                        assert!(page.len() as i64 <= limit, "{case}");
                        if page.is_empty() {
                            assert!(offset >= total, "{case}: an empty page inside the list");
                            break;
                        }
                        seen.extend(page.into_iter().map(|r| r.id));
                        offset += limit;
                    }
                    assert_eq!(seen, expected, "{case}");
                }
            }
        }
    }
    // A filter other than the state is counted over its rows, and agrees with the counter.
    let by_kana = DetailFilter {
        kana_prefix: Some("ﾔﾏ"),
        limit: 3,
        offset: 3,
        sort: DetailSort::KanaName,
        ..DetailFilter::default()
    };
    let (total, page) = details::search(c, GROUP, &by_kana).expect("search");
    let yama: Vec<_> = all
        .iter()
        .filter(|r| r.kana_name.as_str().starts_with("ﾔﾏ"))
        .collect();
    assert_eq!(total, yama.len() as i64);
    assert_eq!(page.len(), 3);
    let (other, _) = details::search(
        c,
        OTHER,
        &DetailFilter {
            limit: 10,
            ..DetailFilter::default()
        },
    )
    .expect("search");
    assert_eq!(other, 1, "the other group's counter is its own");
}

#[test]
fn a_change_on_a_stale_version_writes_nothing_and_the_history_keeps_every_change() {
    let mut db = setup();
    let c = &mut db.conn;
    let config = DeductionConfig::default();
    let row = add(
        c,
        GROUP,
        &input("0001", "ﾛｳｷﾝ ﾀﾛｳ", "1111111", 1000),
        jst_at(5, 2, 9),
    );
    assert_eq!(row.version, 1);
    // Another group's id is not there.
    assert!(details::get(c, OTHER, &row.id).expect("get").is_none());

    let seen = row.detail();
    let change = plan_change(
        gate(),
        &seen,
        1,
        &input("0001", "ﾛｳｷﾝ ﾀﾛｳ", "1111111", 1200),
        &config,
    )
    .expect("plan");
    let changed = details::apply(c, GROUP, &row.id, &change, CLERK, jst_at(5, 3, 9))
        .expect("store")
        .expect("applied");
    assert_eq!((changed.version, changed.amount_monthly), (2, 1200));

    // A second clerk who read version 1 plans on it: the store refuses, nothing changes.
    let stale = plan_change(
        gate(),
        &seen,
        1,
        &input("0001", "ﾛｳｷﾝ ﾀﾛｳ", "1111111", 9999),
        &config,
    )
    .expect("plan on what they saw");
    assert_eq!(
        details::apply(c, GROUP, &row.id, &stale, CLERK, jst_at(5, 3, 10)).expect("store"),
        Err(Refusal::Stale)
    );
    let now = details::get(c, GROUP, &row.id).expect("get").expect("row");
    assert_eq!((now.version, now.amount_monthly), (2, 1200));

    let cancel = plan_cancel(gate(), &now.detail(), 2, &config).expect("plan");
    let cancelled = details::apply(c, GROUP, &row.id, &cancel, Writer::BANK, jst_at(5, 4, 9))
        .expect("store")
        .expect("applied");
    assert_eq!(cancelled.state, DetailState::Cancelled);

    let (total, history) = details::history(
        c,
        GROUP,
        &HistoryFilter {
            detail_id: Some(&row.id),
            limit: 10,
            ..HistoryFilter::default()
        },
    )
    .expect("history");
    assert_eq!(total, 3);
    assert_eq!(history[0].version, 3, "newest first");
    assert_eq!(history[0].user_name, "金庫");
    assert_eq!(history[0].changes.len(), 1);
    assert_eq!(history[1].changes[0].before.as_deref(), Some("1000"));
    assert_eq!(history[1].changes[0].after.as_deref(), Some("1200"));
    assert_eq!(history[2].changes.len(), 11);
    assert_eq!(history[2].user_id.as_deref(), Some("kumiai01"));
}

#[test]
fn a_second_active_detail_for_the_same_account_is_a_conflict() {
    let mut db = setup();
    let c = &mut db.conn;
    let at = jst_at(5, 2, 9);
    let first = add(c, GROUP, &input("0001", "ﾛｳｷﾝ ﾀﾛｳ", "1111111", 1000), at);
    let change = plan_add(
        gate(),
        &input("0001", "ﾛｳｷﾝ ﾀﾛｳ", "1111111", 500),
        &DeductionConfig::default(),
    )
    .expect("plan");
    assert!(matches!(
        details::insert(c, GROUP, &change, CLERK, at),
        Err(StoreError::Conflict(_))
    ));
    // Once the first is 解除, the same account may be added again.
    let cancel =
        plan_cancel(gate(), &first.detail(), 1, &DeductionConfig::default()).expect("plan");
    details::apply(c, GROUP, &first.id, &cancel, CLERK, at)
        .expect("store")
        .expect("cancelled");
    details::insert(c, GROUP, &change, CLERK, at).expect("added again");
}

#[test]
fn the_snapshot_marks_movements_against_the_previous_cycle_and_sets_the_request_date() {
    let mut db = setup();
    let c = &mut db.conn;
    let config = DeductionConfig::default();
    let a = add(
        c,
        GROUP,
        &input("0001", "ﾛｳｷﾝ ﾀﾛｳ", "1111111", 1000),
        jst_at(5, 2, 9),
    );
    let b = add(
        c,
        GROUP,
        &input("0002", "ﾛｳｷﾝ ｼﾞﾛｳ", "2222222", 2000),
        jst_at(5, 2, 9),
    );
    assert_eq!(
        runs::close_cycle(c, &key(5), &config, false, jst_at(5, 11, 9)).expect("close"),
        Created::Lines(2)
    );
    assert_eq!(
        runs::close_cycle(c, &key(5), &config, false, jst_at(5, 11, 9)).expect("again"),
        Created::Exists
    );
    // In June: a's amount changes, b is cancelled at the counter, c is new.
    let ch = plan_change(
        gate(),
        &a.detail(),
        1,
        &input("0001", "ﾛｳｷﾝ ﾀﾛｳ", "1111111", 1500),
        &config,
    )
    .expect("plan");
    details::apply(c, GROUP, &a.id, &ch, CLERK, jst_at(6, 1, 9))
        .expect("store")
        .expect("ok");
    let counter = Gate {
        source: Source::Counter,
        ..gate()
    };
    let cancel = plan_cancel(counter, &b.detail(), 1, &config).expect("plan");
    details::apply(c, GROUP, &b.id, &cancel, Writer::BANK, jst_at(6, 1, 9))
        .expect("store")
        .expect("ok");
    add(
        c,
        GROUP,
        &input("0003", "ﾛｳｷﾝ ｻﾌﾞﾛｳ", "3333333", 3000),
        jst_at(6, 2, 9),
    );
    assert_eq!(
        runs::close_cycle(c, &key(6), &config, false, jst_at(6, 11, 9)).expect("close"),
        Created::Lines(3)
    );
    let (total, lines) = runs::lines_page(c, &key(6), LineList::All, 0, 100).expect("lines");
    assert_eq!(total, 3);
    let got: Vec<_> = lines
        .iter()
        .map(|l| {
            (
                l.employee_no.to_string(),
                l.movement,
                l.amount,
                l.previous_amount,
                l.counter,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("0001".into(), Movement::Changed, 1500, Some(1000), false),
            ("0002".into(), Movement::Cancelled, 0, Some(2000), true),
            ("0003".into(), Movement::New, 3000, None, false),
        ]
    );
    let (n, counter_lines) =
        runs::lines_page(c, &key(6), LineList::Counter, 0, 100).expect("counter");
    assert_eq!((n, counter_lines[0].employee_no.as_str()), (1, "0002"));
    let (n, moved) = runs::lines_page(c, &key(6), LineList::Movements, 0, 100).expect("moved");
    assert_eq!(n, 3);
    assert_eq!(
        moved.iter().map(|l| l.movement).collect::<Vec<_>>(),
        vec![Movement::New, Movement::Changed, Movement::Cancelled]
    );
    let t = runs::totals(c, &key(6), LineList::All).expect("totals");
    assert_eq!((t.lines, t.count, t.amount), (3, 2, 4500));
    let cycle = info::find_cycle(c, GROUP, Occasion::Monthly, date(6, 1))
        .expect("cycle")
        .expect("exists");
    assert_eq!(cycle.request_received, Some(date(6, 11)));
    let employees = runs::employees(c, &key(6), true, 0, 100).expect("employees");
    assert_eq!(employees.len(), 3);
    assert_eq!(
        (employees[0].total, employees[0].count, employees[0].moved),
        (1500, 1, 1)
    );
    assert_eq!((employees[1].total, employees[1].count), (0, 0));
}

#[test]
fn a_large_snapshot_is_written_in_batches_and_summed_by_the_database() {
    let mut db = setup();
    let c = &mut db.conn;
    let config = DeductionConfig::default();
    let n = 2_500;
    let at = jst_at(5, 2, 9);
    cjs_store::transaction(c, |c| {
        for i in 0..n {
            let change = plan_add(
                gate(),
                &input(
                    &format!("{i:06}"),
                    "ﾛｳｷﾝ ﾀﾛｳ",
                    "1234567",
                    1000 + i64::from(i),
                ),
                &config,
            )
            .expect("plan");
            details::insert(c, GROUP, &change, CLERK, at)?;
        }
        Ok(())
    })
    .expect("details");
    assert_eq!(
        runs::close_cycle(c, &key(5), &config, false, jst_at(5, 11, 9)).expect("close"),
        Created::Lines(2500)
    );
    let t = runs::totals(c, &key(5), LineList::All).expect("totals");
    let expected: i64 = (0..2500i64).map(|i| 1000 + i).sum();
    assert_eq!((t.count, t.amount), (2500, expected));
    let tail = runs::lines_after(c, &key(5), LineList::All, 2400, 1000).expect("after");
    assert_eq!(tail.len(), 100);
    assert_eq!(tail[0].line_no, 2401);
}

fn closed_june(c: &mut DbConnection) -> [details::DetailRow; 3] {
    let config = DeductionConfig::default();
    let rows = [
        add(
            c,
            GROUP,
            &input("0001", "ﾛｳｷﾝ ﾀﾛｳ", "1111111", 1000),
            jst_at(6, 1, 9),
        ),
        add(
            c,
            GROUP,
            &input("0002", "ﾛｳｷﾝ ｼﾞﾛｳ", "2222222", 2000),
            jst_at(6, 1, 9),
        ),
        add(
            c,
            GROUP,
            &input("0003", "ﾛｳｷﾝ ｻﾌﾞﾛｳ", "0000000", 3000),
            jst_at(6, 1, 9),
        ),
    ];
    runs::close_cycle(c, &key(6), &config, false, jst_at(6, 11, 9)).expect("close");
    rows
}

#[test]
fn stops_confirmation_undo_and_taking_follow_the_state_machine() {
    let mut db = setup();
    let c = &mut db.conn;
    closed_june(c);
    let k = key(6);
    let stop = Stop::parse(StopReason::Retired, None).expect("stop");
    // Before the 支給日.
    assert_eq!(
        runs::set_stop(c, &k, 2, Some(&stop), CLERK, jst_at(6, 24, 9)).expect("store"),
        Err(Refusal::BeforePayday(date(6, 25)))
    );
    // Line 3 has no account: an error line.
    assert_eq!(
        runs::set_stop(c, &k, 3, Some(&stop), CLERK, jst_at(6, 25, 9)).expect("store"),
        Err(Refusal::NotStoppable)
    );
    let stopped = runs::set_stop(c, &k, 2, Some(&stop), CLERK, jst_at(6, 25, 9))
        .expect("store")
        .expect("stopped");
    assert_eq!(stopped.stop_reason, Some(StopReason::Retired));
    assert!(matches!(
        runs::set_stop(c, &k, 99, None, CLERK, jst_at(6, 25, 9)),
        Err(StoreError::NotFound)
    ));
    let totals = runs::lump_totals(c, &k).expect("totals");
    assert_eq!(
        (
            totals.count,
            totals.amount,
            totals.excluded_count,
            totals.excluded_amount
        ),
        (1, 1000, 2, 5000)
    );
    let run = runs::find_run(c, &k).expect("run").expect("exists");
    assert_eq!((run.lump_state, run.version), (LumpState::Open, 2));
    // No 入金先 yet.
    assert_eq!(
        runs::confirm(c, &k, 2, CLERK, jst_at(6, 25, 10)).expect("store"),
        Err(Refusal::NoPayee)
    );
    payees::put_payee(
        c,
        GROUP,
        NewPayee {
            branch_no: "001",
            branch_name: "本店営業部",
            account_kind: AccountKind::Ordinary,
            account_no: "7654321",
            account_name_kana: "ﾛｳｷﾝﾛｳﾄﾞｳｸﾐｱｲ",
        },
        jst_at(6, 1, 9),
    )
    .expect("payee");
    assert_eq!(
        runs::confirm(c, &k, 1, CLERK, jst_at(6, 25, 10)).expect("store"),
        Err(Refusal::Stale)
    );
    let confirmed = runs::confirm(c, &k, 2, CLERK, jst_at(6, 25, 10))
        .expect("store")
        .expect("confirmed");
    assert_eq!(confirmed.lump_state, LumpState::Confirmed);
    assert_eq!(
        (confirmed.confirmed_count, confirmed.confirmed_amount),
        (Some(1), Some(1000))
    );
    assert_eq!(confirmed.payee_account_no.as_deref(), Some("7654321"));
    assert_eq!(
        runs::set_stop(c, &k, 1, Some(&stop), CLERK, jst_at(6, 25, 11)).expect("store"),
        Err(Refusal::Confirmed)
    );
    let undone = runs::undo(c, &k, 3).expect("store").expect("undone");
    assert_eq!(
        (undone.lump_state, undone.confirmed_amount),
        (LumpState::Open, None)
    );
    assert_eq!(
        runs::mark_taken(c, &k, jst_at(6, 26, 9)).expect("store"),
        Err(Refusal::NotConfirmed)
    );
    runs::confirm(c, &k, 4, CLERK, jst_at(6, 25, 12))
        .expect("store")
        .expect("again");
    let taken = runs::mark_taken(c, &k, jst_at(6, 26, 9))
        .expect("store")
        .expect("taken");
    assert_eq!(taken.lump_state, LumpState::Taken);
    assert_eq!(
        runs::undo(c, &k, taken.version).expect("store"),
        Err(Refusal::Taken)
    );
    // Nothing for a cycle without request data.
    assert_eq!(
        runs::undo(c, &key(7), 1).expect("store"),
        Err(Refusal::NoRun)
    );
}

#[test]
fn results_are_loaded_with_kana_mismatches_and_set_the_result_date() {
    let mut db = setup();
    let c = &mut db.conn;
    closed_june(c);
    let k = key(6);
    payees::put_payee(
        c,
        GROUP,
        NewPayee {
            branch_no: "001",
            branch_name: "本店営業部",
            account_kind: AccountKind::Current,
            account_no: "7654321",
            account_name_kana: "ﾛｳｷﾝ",
        },
        jst_at(6, 1, 9),
    )
    .expect("payee");
    let lines = runs::all_lines(c, &k).expect("lines");
    let keys: Vec<_> = lines.iter().map(runs::LineRow::key).collect();
    let record = |no: i32, emp: &str, account: &str, outcome, kana: &str| ResultRecord {
        line_no: Some(no),
        employee_no: emp.into(),
        product_code: "01".into(),
        branch_no: "123".into(),
        account_no: account.into(),
        outcome,
        reason: (outcome == Outcome::Failed).then_some(FailReason::AccountClosed),
        reason_text: None,
        bank_kana: Some(kana.into()),
    };
    let results: Vec<LineResult> = match_results(
        &keys,
        &[
            record(1, "0001", "1111111", Outcome::Done, "ﾛｳｷﾝ ﾀﾛｳ"),
            record(2, "0002", "2222222", Outcome::Failed, "ﾛｳｷﾝ ｼﾛｳ"),
        ],
    )
    .expect("matched");
    assert_eq!(
        runs::load_results(c, &k, &results, jst_at(6, 28, 9)).expect("store"),
        Err(Refusal::NotConfirmed)
    );
    runs::confirm(c, &k, 1, CLERK, jst_at(6, 25, 10))
        .expect("store")
        .expect("confirmed");
    assert_eq!(
        runs::load_results(c, &k, &results, jst_at(6, 28, 9)).expect("store"),
        Ok(2)
    );
    let run = runs::find_run(c, &k).expect("run").expect("exists");
    assert_eq!(
        run.lump_state,
        LumpState::Taken,
        "results mean the bank took it"
    );
    let (n, failed) = runs::lines_page(c, &k, LineList::Failed, 0, 10).expect("failed");
    assert_eq!(
        (n, failed[0].result_reason),
        (1, Some(FailReason::AccountClosed))
    );
    let (n, mismatch) = runs::lines_page(c, &k, LineList::KanaMismatch, 0, 10).expect("kana");
    assert_eq!((n, mismatch[0].bank_kana.as_deref()), (1, Some("ﾛｳｷﾝ ｼﾛｳ")));
    let (n, _) = runs::lines_page(c, &k, LineList::Results, 0, 10).expect("results");
    assert_eq!(n, 2);
    let cycle = info::find_cycle(c, GROUP, Occasion::Monthly, date(6, 1))
        .expect("cycle")
        .expect("exists");
    assert_eq!(cycle.result_received, Some(date(6, 28)));
}

#[test]
fn the_lists_select_their_lines_and_the_employer_list_groups_by_employee() {
    let mut db = setup();
    let c = &mut db.conn;
    closed_june(c);
    let k = key(6);
    // Line 2 stopped on the payday.
    let stop = Stop::parse(StopReason::Other, Some("育児休業")).expect("stop");
    runs::set_stop(c, &k, 2, Some(&stop), CLERK, jst_at(6, 25, 9))
        .expect("store")
        .expect("stopped");
    let numbers = |c: &mut DbConnection, list| {
        runs::lines_page(c, &k, list, 0, 100)
            .expect("lines")
            .1
            .iter()
            .map(|l| l.line_no)
            .collect::<Vec<_>>()
    };
    assert_eq!(numbers(c, LineList::Errors), vec![3]);
    assert_eq!(numbers(c, LineList::Stoppable), vec![1, 2]);
    assert_eq!(
        numbers(c, LineList::WebUpdates),
        vec![2, 1, 3],
        "stops first"
    );
    assert_eq!(numbers(c, LineList::Counter), Vec::<i32>::new());
    assert!(numbers(c, LineList::Results).is_empty());
    let t = runs::totals(c, &k, LineList::All).expect("totals");
    assert_eq!(
        (
            t.lines,
            t.count,
            t.amount,
            t.error_count,
            t.stopped_count,
            t.stopped_amount
        ),
        (3, 1, 1000, 1, 1, 2000)
    );
    // Paging keeps the list's order.
    let (total, second) = runs::lines_page(c, &k, LineList::All, 1, 1).expect("page");
    assert_eq!((total, second[0].line_no), (3, 2));
    let line = runs::line(c, &k, 2).expect("line").expect("exists");
    assert_eq!(line.stop_text.as_deref(), Some("育児休業"));
    assert_eq!(line.stopped_by.as_deref(), Some("組合　太郎"));
    // Unset clears it.
    let unset = runs::set_stop(c, &k, 2, None, CLERK, jst_at(6, 25, 10))
        .expect("store")
        .expect("unset");
    assert_eq!((unset.stop_reason, unset.stopped_at), (None, None));
    // Every employee; the error line's amount is not deducted.
    let all = runs::employees(c, &k, false, 0, 100).expect("employees");
    let rows: Vec<_> = all
        .iter()
        .map(|e| (e.employee_no.as_str(), e.total, e.count))
        .collect();
    assert_eq!(
        rows,
        vec![("0001", 1000, 1), ("0002", 2000, 1), ("0003", 0, 0)]
    );
    assert_eq!(all[0].kanji_name.as_deref(), Some("労金　太郎"));
    let runs = runs::runs_of(c, GROUP).expect("runs");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].month, month(6));
}

#[test]
fn the_history_is_filtered_by_member_and_date_and_paged() {
    let mut db = setup();
    let c = &mut db.conn;
    add(
        c,
        GROUP,
        &input("0001", "ﾛｳｷﾝ ﾀﾛｳ", "1111111", 1000),
        jst_at(5, 2, 9),
    );
    add(
        c,
        GROUP,
        &input("0002", "ﾛｳｷﾝ ｼﾞﾛｳ", "2222222", 2000),
        jst_at(5, 3, 9),
    );
    add(
        c,
        GROUP,
        &input("0003", "ﾛｳｷﾝ ｻﾌﾞﾛｳ", "3333333", 3000),
        jst_at(5, 4, 9),
    );
    let (n, rows) = details::history(
        c,
        GROUP,
        &HistoryFilter {
            from: Some(jst_at(5, 3, 0)),
            to: Some(jst_at(5, 4, 0)),
            limit: 10,
            ..HistoryFilter::default()
        },
    )
    .expect("history");
    assert_eq!((n, rows[0].employee_no.as_str()), (1, "0002"));
    let (n, rows) = details::history(
        c,
        GROUP,
        &HistoryFilter {
            limit: 2,
            offset: 2,
            ..HistoryFilter::default()
        },
    )
    .expect("history");
    assert_eq!(
        (n, rows.len(), rows[0].employee_no.as_str()),
        (3, 1, "0001")
    );
    let (n, _) = details::history(
        c,
        OTHER,
        &HistoryFilter {
            limit: 10,
            ..HistoryFilter::default()
        },
    )
    .expect("history");
    assert_eq!(n, 0, "another group's history is not there");
    let (n, rows) = details::search(
        c,
        GROUP,
        &DetailFilter {
            product: Some("01"),
            state: Some(DetailState::Cancelled),
            limit: 10,
            ..DetailFilter::default()
        },
    )
    .expect("search");
    assert_eq!((n, rows.len()), (0, 0));
    assert!(payees::find_payee(c, GROUP).expect("payee").is_none());
}

/// 一括登録 writes what 追加登録 one by one writes (details, history, the history's items), all
/// in one transaction: a duplicate account among them leaves nothing behind.
#[test]
fn insert_many_writes_what_insert_writes_or_nothing() {
    let mut db = setup();
    let c = &mut db.conn;
    let config = DeductionConfig::default();
    let all_details = DetailFilter {
        limit: 100,
        ..DetailFilter::default()
    };
    let all_history = HistoryFilter {
        limit: 100,
        ..HistoryFilter::default()
    };
    let plan = |no: &str, account: &str| {
        plan_add(gate(), &input(no, "ﾛｳｷﾝ ﾀﾛｳ", account, 5000), &config).expect("plan")
    };
    let one = plan("0000001", "1234567");
    let written = details::insert(c, GROUP, &one, CLERK, jst_at(5, 2, 9)).expect("one");
    let (_, one_history) = details::history(c, GROUP, &all_history).expect("h");

    let batch = [plan("0000002", "1234567"), plan("0000003", "7654321")];
    let n = details::insert_many(c, GROUP, &batch, CLERK, jst_at(5, 2, 9)).expect("many");
    assert_eq!(n, 2);
    let (total, rows) = details::search(c, GROUP, &all_details).expect("search");
    assert_eq!(total, 3);
    let second = rows
        .iter()
        .find(|r| r.employee_no.as_str() == "0000002")
        .expect("second");
    assert_eq!(
        (second.amount_monthly, second.version, second.state),
        (written.amount_monthly, written.version, written.state)
    );
    let (h_total, history) = details::history(c, GROUP, &all_history).expect("h");
    assert_eq!(h_total, 3);
    let of_second = history
        .iter()
        .find(|h| h.detail_id == second.id)
        .expect("history of the second");
    assert_eq!(of_second.changes.len(), one_history[0].changes.len());

    // The second row repeats an account already 有効: the whole call fails, nothing is added.
    let clash = [plan("0000004", "1111111"), plan("0000001", "1234567")];
    assert!(details::insert_many(c, GROUP, &clash, CLERK, jst_at(5, 2, 9)).is_err());
    let (total, _) = details::search(c, GROUP, &all_details).expect("search");
    assert_eq!(total, 3);
}

/// The bench figure of the issue, by hand: `cargo test -p cjs-store --release --test deduction
/// -- --ignored --nocapture snapshot_of_100k` (and with `CJS_TEST_BACKEND=postgres`).
#[test]
#[ignore = "a measurement, not a check: 100,000 details"]
fn snapshot_of_100k_details_timed() {
    let mut db = setup();
    let c = &mut db.conn;
    let config = DeductionConfig::default();
    let n: i64 = 100_000;
    let started = std::time::Instant::now();
    let changes: Vec<_> = (0..n)
        .map(|i| {
            plan_add(
                gate(),
                &input(&format!("{i:07}"), "ﾛｳｷﾝ ﾀﾛｳ", "1234567", 1000 + i),
                &config,
            )
            .expect("plan")
        })
        .collect();
    details::insert_many(c, GROUP, &changes, CLERK, jst_at(5, 2, 9)).expect("details");
    eprintln!("{n} details added in {:?}", started.elapsed());
    let started = std::time::Instant::now();
    let created = runs::close_cycle(c, &key(5), &config, false, jst_at(5, 11, 9)).expect("close");
    eprintln!(
        "snapshot of {n} details ({:?}): {:?} on {:?}",
        created,
        started.elapsed(),
        TestDatabase::backend()
    );
    let started = std::time::Instant::now();
    let t = runs::totals(c, &key(5), LineList::All).expect("totals");
    eprintln!("totals {t:?} in {:?}", started.elapsed());
    assert_eq!(t.count, n);
}

//! 一斉積立 repositories on the backend this run tests (CJS_TEST_BACKEND).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use cjs_domain::calendar::JST;
use cjs_domain::changes::ChangeKind;
use cjs_domain::collective::{Line, LoadRefusal, RunHeader, RunName, RunNo, RunOrigin};
use cjs_domain::deduction::{AccountNo, BranchNo, EmployeeNo, KanjiName};
use cjs_domain::kana::KanaName;
use cjs_domain::schedule::RunKind;
use cjs_domain::{ContractKind, Service};
use cjs_store::collective::{self, LineFilter, LineSort, RunKey, Totals};
use cjs_store::contracts::{self, NewContract, PaymentGroupRow};
use cjs_store::info::{self, RunRow as InfoRunRow};
use cjs_store::testing::TestDatabase;
use cjs_store::{StoreError, build_pool, run_migrations};

const GROUP: &str = "16000004";
const OTHER: &str = "16000005";

fn at(m: u32, d: u32) -> DateTime<Utc> {
    JST.with_ymd_and_hms(2024, m, d, 9, 0, 0)
        .single()
        .expect("time")
        .with_timezone(&Utc)
}

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, m, d).expect("date")
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
        at(4, 1),
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
                services: vec![Service::CollectiveSavings],
                created_at: at(4, 1).naive_utc(),
            },
        )
        .expect("group");
    }
    Db { _db: db, conn }
}

fn no(n: i64) -> RunNo {
    RunNo::new(n).expect("run no")
}

fn header(n: i64, on: NaiveDate) -> RunHeader {
    RunHeader {
        run_no: no(n),
        name: RunName::parse(&format!("サンプル{n}")).expect("name"),
        received_on: on,
        kind: RunKind::AdHoc,
    }
}

fn line(emp: &str, kana: &str, account: &str, amount: i64) -> Line {
    Line {
        employee_no: EmployeeNo::parse(emp).expect("employee"),
        kana_name: KanaName::parse(kana).expect("kana"),
        kanji_name: Some(KanjiName::parse("労金　太郎").expect("kanji")),
        branch_no: BranchNo::parse("123").expect("branch"),
        account_no: AccountNo::parse(account).expect("account"),
        amount,
    }
}

fn key(n: i64) -> RunKey<'static> {
    RunKey {
        payment_group: GROUP,
        run_no: no(n),
    }
}

fn first_run() -> Vec<Line> {
    vec![
        line("0003", "ｻﾄｳ ｼﾞﾛｳ", "0000003", 5_000),
        line("0001", "ｱｵｷ ﾀﾛｳ", "0000001", 10_000),
        line("0002", "ｲﾉｳｴ ﾊﾅｺ", "0000002", 3_000),
        line("0004", "ｽｽﾞｷ ｲﾁﾛｳ", "0000004", 7_000),
    ]
}

fn second_run() -> Vec<Line> {
    vec![
        line("0001", "ｱｵｷ ﾀﾛｳ", "0000001", 10_000), // unchanged
        line("0002", "ｲﾉｳｴ ﾊﾅｺ", "0000002", 4_000), // 金額変更
        line("0003", "ｻﾄｳ ｼﾞﾛｳ", "0000033", 5_000),  // 口座変更
        line("0005", "ﾀﾅｶ ｻﾌﾞﾛｳ", "0000005", 2_000), // 新規; 0004 解約
    ]
}

#[test]
fn the_first_run_stores_lines_in_employee_order_all_new_with_sql_totals() {
    let mut db = setup();
    let loaded = collective::load(
        &mut db.conn,
        GROUP,
        &header(1, date(4, 14)),
        &first_run(),
        false,
        at(4, 14),
    )
    .expect("store")
    .expect("placed");
    assert_eq!((loaded.lines, loaded.changes), (4, 4));
    assert_eq!(loaded.previous, None);
    let all = collective::lines_after(&mut db.conn, &key(1), 0, 100).expect("lines");
    let order: Vec<(i32, &str)> = all
        .iter()
        .map(|l| (l.line_no, l.employee_no.as_str()))
        .collect();
    assert_eq!(order, [(1, "0001"), (2, "0002"), (3, "0003"), (4, "0004")]);
    assert_eq!(
        collective::totals(&mut db.conn, &key(1)).expect("totals"),
        Totals {
            count: 4,
            amount: 25_000
        }
    );
    let (n, changes) = collective::changes_page(&mut db.conn, &key(1), None, 0, 50).expect("c");
    assert_eq!(n, 4);
    assert!(
        changes
            .iter()
            .all(|c| c.kind == ChangeKind::New && c.before_amount.is_none())
    );
    // The information screen's 最新受信情報 reads the same header.
    let latest = info::latest_run(&mut db.conn, GROUP)
        .expect("latest")
        .expect("a run");
    assert_eq!((latest.run_no, latest.name.as_str()), (1, "サンプル1"));
    let run = collective::find_run(&mut db.conn, &key(1))
        .expect("find")
        .expect("run");
    assert_eq!(run.origin, RunOrigin::File);
    assert!(
        info::latest_run(&mut db.conn, OTHER)
            .expect("other")
            .is_none()
    );
}

#[test]
fn the_next_run_lists_new_gone_amount_and_account_changes_with_before_and_after() {
    let mut db = setup();
    let c = &mut db.conn;
    collective::load(
        c,
        GROUP,
        &header(1, date(4, 14)),
        &first_run(),
        false,
        at(4, 14),
    )
    .expect("store")
    .expect("first");
    let loaded = collective::load(
        c,
        GROUP,
        &header(2, date(5, 14)),
        &second_run(),
        false,
        at(5, 14),
    )
    .expect("store")
    .expect("second");
    assert_eq!(loaded.previous, Some(no(1)));
    assert_eq!(loaded.changes, 4);
    let (_, rows) = collective::changes_page(c, &key(2), None, 0, 50).expect("changes");
    let got: Vec<(i32, ChangeKind, &str)> = rows
        .iter()
        .map(|r| (r.change_no, r.kind, r.employee_no.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (1, ChangeKind::New, "0005"),
            (2, ChangeKind::Account, "0003"),
            (3, ChangeKind::Amount, "0002"),
            (4, ChangeKind::Gone, "0004"),
        ]
    );
    let account = &rows[1];
    assert_eq!(
        account.before_account_no.as_ref().map(|a| a.as_str()),
        Some("0000003")
    );
    assert_eq!(
        account.after_account_no.as_ref().map(|a| a.as_str()),
        Some("0000033")
    );
    let gone = &rows[3];
    assert_eq!((gone.before_amount, gone.after_amount), (Some(7_000), None));
    assert_eq!(
        gone.kana_name.as_str(),
        "ｽｽﾞｷ ｲﾁﾛｳ",
        "named from the previous run"
    );

    let (n, only_gone) =
        collective::changes_page(c, &key(2), Some(ChangeKind::Gone), 0, 50).expect("gone");
    assert_eq!((n, only_gone.len()), (1, 1));
    let streamed = collective::changes_after(c, &key(2), 2, 10).expect("after");
    assert_eq!(
        streamed.iter().map(|r| r.change_no).collect::<Vec<_>>(),
        [3, 4]
    );

    let t = collective::change_totals(c, &key(2)).expect("totals");
    assert_eq!(
        t.per_kind,
        [
            (ChangeKind::New, 1),
            (ChangeKind::Account, 1),
            (ChangeKind::Amount, 1),
            (ChangeKind::Gone, 1)
        ]
    );
    assert_eq!(
        t.previous,
        Totals {
            count: 4,
            amount: 25_000
        }
    );
    assert_eq!(
        t.current,
        Totals {
            count: 4,
            amount: 21_000
        }
    );
    assert_eq!(t.difference(), -4_000);

    let runs = collective::runs(c, GROUP).expect("runs");
    let listed: Vec<(i32, i64, i64)> = runs
        .iter()
        .map(|r| (r.run.run_no, r.totals.count, r.totals.amount))
        .collect();
    assert_eq!(listed, [(2, 4, 21_000), (1, 4, 25_000)], "newest first");
    assert_eq!(runs[0].run.previous_run_no, Some(1));
}

#[test]
fn search_filters_sorts_and_pages_a_run() {
    let mut db = setup();
    let c = &mut db.conn;
    let many: Vec<Line> = (1..=120)
        .map(|i| {
            line(
                &format!("{i:04}"),
                if i % 2 == 0 {
                    "ｱｲｶﾜ"
                } else {
                    "ﾜﾀﾞ"
                },
                &format!("{i:07}"),
                i * 100,
            )
        })
        .collect();
    collective::load(c, GROUP, &header(3, date(6, 1)), &many, false, at(6, 1))
        .expect("store")
        .expect("placed");
    let page = |c: &mut cjs_store::PooledConnection, f: LineFilter<'_>| {
        collective::lines_page(c, &key(3), &f).expect("page")
    };
    let (total, rows) = page(
        c,
        LineFilter {
            offset: 50,
            limit: 50,
            ..LineFilter::default()
        },
    );
    assert_eq!((total, rows.len()), (120, 50));
    assert_eq!(rows[0].line_no, 51);
    let (total, rows) = page(
        c,
        LineFilter {
            kana_prefix: Some("ｱｲ"),
            sort: LineSort::Amount,
            descending: true,
            limit: 5,
            ..LineFilter::default()
        },
    );
    assert_eq!(total, 60);
    assert_eq!(rows[0].amount, 12_000);
    assert_eq!(rows[1].amount, 11_800);
    let (total, rows) = page(
        c,
        LineFilter {
            employee_no: Some("0007"),
            limit: 10,
            ..LineFilter::default()
        },
    );
    assert_eq!((total, rows[0].account_no.as_str()), (1, "0000007"));
    let (total, _) = page(
        c,
        LineFilter {
            branch_no: Some("999"),
            limit: 10,
            ..LineFilter::default()
        },
    );
    assert_eq!(total, 0);
    // Streaming the whole run in chunks returns every line once, in order.
    let mut after = 0;
    let mut seen = 0;
    loop {
        let chunk = collective::lines_after(c, &key(3), after, 33).expect("chunk");
        let Some(last) = chunk.last() else { break };
        after = last.line_no;
        seen += chunk.len();
    }
    assert_eq!(seen, 120);
    assert_eq!(
        collective::totals(c, &key(3)).expect("totals"),
        Totals {
            count: 120,
            amount: (1..=120).map(|i| i * 100).sum()
        }
    );
    // The run replaced by a smaller one: the unfiltered total (the counter the triggers keep)
    // is the new run's, and the page past its end is empty.
    collective::load(c, GROUP, &header(3, date(6, 1)), &many[..7], true, at(6, 2))
        .expect("store")
        .expect("replaced");
    let (total, rows) = page(
        c,
        LineFilter {
            offset: 5,
            limit: 5,
            ..LineFilter::default()
        },
    );
    assert_eq!((total, rows.len(), rows[0].line_no), (7, 2, 6));
    let (total, rows) = page(
        c,
        LineFilter {
            offset: 7,
            limit: 5,
            ..LineFilter::default()
        },
    );
    assert_eq!((total, rows.len()), (7, 0));
}

#[test]
fn refused_loads_write_nothing_and_only_the_newest_run_is_replaced() {
    let mut db = setup();
    let c = &mut db.conn;
    collective::load(
        c,
        GROUP,
        &header(1, date(4, 14)),
        &first_run(),
        false,
        at(4, 14),
    )
    .expect("store")
    .expect("first");
    collective::load(
        c,
        GROUP,
        &header(2, date(5, 14)),
        &second_run(),
        false,
        at(5, 14),
    )
    .expect("store")
    .expect("second");
    assert_eq!(
        collective::load(
            c,
            GROUP,
            &header(2, date(5, 14)),
            &first_run(),
            false,
            at(5, 15)
        )
        .expect("store"),
        Err(LoadRefusal::Exists(no(2)))
    );
    assert_eq!(
        collective::load(
            c,
            GROUP,
            &header(1, date(4, 14)),
            &second_run(),
            true,
            at(5, 15)
        )
        .expect("store"),
        Err(LoadRefusal::NotNewest { newer: no(2) })
    );
    assert_eq!(
        collective::load(
            c,
            GROUP,
            &header(9, date(5, 1)),
            &second_run(),
            false,
            at(5, 15)
        )
        .expect("store"),
        Err(LoadRefusal::OutOfOrder { newest: no(2) })
    );
    assert!(collective::find_run(c, &key(9)).expect("find").is_none());
    assert_eq!(
        collective::totals(c, &key(1)).expect("t").amount,
        25_000,
        "run 1 untouched"
    );
    // Replacing the newest run re-derives its 変更明細 against run 1.
    let replaced = collective::load(
        c,
        GROUP,
        &header(2, date(5, 14)),
        &first_run(),
        true,
        at(5, 16),
    )
    .expect("store")
    .expect("replaced");
    assert!(replaced.replaced);
    assert_eq!(replaced.changes, 0, "the same members as run 1");
    assert_eq!(collective::totals(c, &key(2)).expect("t").count, 4);
}

#[test]
fn a_failing_write_keeps_nothing_of_the_run() {
    let mut db = setup();
    let c = &mut db.conn;
    // Two lines of one 職員番号 (the loader refuses these; here the unique index does).
    let mut lines = first_run();
    lines.push(line("0001", "ｱｵｷ ﾀﾛｳ", "0000009", 1_000));
    let err = collective::load(c, GROUP, &header(1, date(4, 14)), &lines, false, at(4, 14))
        .expect_err("unique index");
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert!(collective::find_run(c, &key(1)).expect("find").is_none());
    assert!(collective::runs(c, GROUP).expect("runs").is_empty());
}

#[test]
fn a_header_only_run_is_never_compared_with_and_can_be_made_whole() {
    let mut db = setup();
    let c = &mut db.conn;
    collective::load(
        c,
        GROUP,
        &header(1, date(4, 14)),
        &first_run(),
        false,
        at(4, 14),
    )
    .expect("store")
    .expect("first");
    info::insert_run(
        c,
        &InfoRunRow {
            payment_group: GROUP.into(),
            run_no: 2,
            name: "受信情報".into(),
            received_on: date(5, 1),
            kind: RunKind::Regular,
            created_at: at(5, 1).naive_utc(),
        },
    )
    .expect("header run");
    let run2 = collective::find_run(c, &key(2))
        .expect("find")
        .expect("run");
    assert_eq!(run2.origin, RunOrigin::Header);
    assert_eq!(
        collective::totals(c, &key(2)).expect("t"),
        Totals::default()
    );
    let loaded = collective::load(
        c,
        GROUP,
        &header(3, date(6, 1)),
        &second_run(),
        false,
        at(6, 1),
    )
    .expect("store")
    .expect("third");
    assert_eq!(loaded.previous, Some(no(1)), "run 2 has no members");
    // The header run of number 2 cannot be made whole now: run 3 comes after it.
    assert_eq!(
        collective::load(
            c,
            GROUP,
            &header(2, date(5, 1)),
            &first_run(),
            true,
            at(6, 2)
        )
        .expect("store"),
        Err(LoadRefusal::OutOfOrder { newest: no(3) })
    );
    // The other group's runs are its own.
    let other = collective::load(
        c,
        OTHER,
        &header(3, date(6, 1)),
        &first_run(),
        false,
        at(6, 1),
    )
    .expect("store")
    .expect("other group");
    assert_eq!(other.previous, None);
}

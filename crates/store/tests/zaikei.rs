//! 財形 repositories on the backend this run tests (CJS_TEST_BACKEND).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use cjs_domain::calendar::JST;
use cjs_domain::changes::ChangeKind;
use cjs_domain::deduction::{AccountNo, BranchNo, EmployeeNo, KanjiName};
use cjs_domain::kana::KanaName;
use cjs_domain::schedule::EmployerDocument;
use cjs_domain::zaikei::{Line, LoadRefusal, SavingsKind};
use cjs_domain::{ContractKind, Service};
use cjs_store::contracts::{self, NewContract, PaymentGroupRow};
use cjs_store::info;
use cjs_store::testing::TestDatabase;
use cjs_store::zaikei::{self, CycleKey, LineFilter, LineSort};
use cjs_store::{StoreError, build_pool, run_migrations};

const GROUP: &str = "26000001";
const OTHER: &str = "26000002";
const DEPOSIT: EmployerDocument = EmployerDocument::DepositMonthly;

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
            contract_number: "22345678",
            kind: ContractKind::Employer,
            name: "サンプル事業主",
            name_kana: "ｻﾝﾌﾟﾙｼﾞｷﾞﾖｳﾇｼ",
            branch: "本店営業部",
            initial_password_hash: "x",
        },
        at(1, 1),
    )
    .expect("contract");
    for g in [GROUP, OTHER] {
        contracts::insert_payment_group(
            &mut conn,
            &PaymentGroupRow {
                number: g.into(),
                contract_number: "22345678".into(),
                name: "本社".into(),
                name_kana: "ﾎﾝｼﾔ".into(),
                services: vec![
                    Service::Zaikei,
                    Service::ZaikeiDeposit,
                    Service::ZaikeiBalance,
                ],
                created_at: at(1, 1).naive_utc(),
            },
        )
        .expect("group");
    }
    Db { _db: db, conn }
}

fn line(emp: &str, kind: SavingsKind, account: &str, amount: i64, incentive: i64) -> Line {
    Line {
        employee_no: EmployeeNo::parse(emp).expect("employee"),
        kana_name: KanaName::parse("ｻﾞｲｹｲ ﾀﾛｳ").expect("kana"),
        kanji_name: Some(KanjiName::parse("財形　太郎").expect("kanji")),
        kind,
        branch_no: BranchNo::parse("201").expect("branch"),
        account_no: AccountNo::parse(account).expect("account"),
        amount,
        incentive,
    }
}

fn key(document: EmployerDocument, base_date: NaiveDate) -> CycleKey<'static> {
    CycleKey {
        payment_group: GROUP,
        document,
        base_date,
    }
}

use SavingsKind::{General, Housing, Pension};

fn april() -> Vec<Line> {
    vec![
        line("0002", Pension, "3000002", 20_000, 0),
        line("0001", Housing, "2000001", 15_000, 1_000),
        line("0001", General, "1000001", 10_000, 500),
        line("0003", General, "1000003", 5_000, 0),
    ]
}

fn may() -> Vec<Line> {
    vec![
        line("0001", General, "1000001", 10_000, 700), // 奨励金 changed → 金額変更
        line("0001", Housing, "2000001", 15_000, 1_000), // unchanged
        line("0002", Pension, "3000099", 20_000, 0),   // 口座変更
        line("0004", Housing, "2000004", 8_000, 0),    // 新規; 0003 一般 解約
    ]
}

fn load(
    c: &mut cjs_store::PooledConnection,
    document: EmployerDocument,
    base: NaiveDate,
    lines: &[Line],
    replace: bool,
) -> Result<zaikei::Loaded, LoadRefusal> {
    let deposit_date = matches!(
        document,
        EmployerDocument::DepositMonthly
            | EmployerDocument::DepositSummer
            | EmployerDocument::DepositYearEnd
    )
    .then(|| base + chrono::Days::new(9));
    zaikei::load(
        c,
        &key(document, base),
        deposit_date,
        lines,
        replace,
        at(base.month(), base.day()),
    )
    .expect("store")
}

use chrono::Datelike;

#[test]
fn a_deposit_cycle_is_stored_in_employee_and_kind_order_with_totals_per_kind() {
    let mut db = setup();
    let c = &mut db.conn;
    let loaded = load(c, DEPOSIT, date(4, 16), &april(), false).expect("placed");
    assert_eq!(
        (loaded.lines, loaded.changes, loaded.previous),
        (4, 4, None)
    );
    let k = key(DEPOSIT, date(4, 16));
    let rows = zaikei::lines_after(c, &k, 0, 100).expect("lines");
    let order: Vec<(i32, &str, SavingsKind)> = rows
        .iter()
        .map(|r| (r.line_no, r.employee_no.as_str(), r.kind))
        .collect();
    assert_eq!(
        order,
        [
            (1, "0001", General),
            (2, "0001", Housing),
            (3, "0002", Pension),
            (4, "0003", General)
        ]
    );
    let t = zaikei::totals_by_kind(c, &k).expect("totals");
    let per: Vec<(Option<SavingsKind>, i64, i64, i64)> = t
        .per_kind
        .iter()
        .map(|r| (r.kind, r.count, r.amount, r.incentive))
        .collect();
    assert_eq!(
        per,
        [
            (Some(General), 2, 15_000, 500),
            (Some(Housing), 1, 15_000, 1_000),
            (Some(Pension), 1, 20_000, 0)
        ]
    );
    assert_eq!(
        (t.total.count, t.total.amount, t.total.incentive),
        (4, 50_000, 1_500)
    );
    let cycle = zaikei::find_cycle(c, &k).expect("find").expect("cycle");
    assert_eq!(cycle.deposit_date, Some(date(4, 25)));
    // The employer's information screen shows the 作成基準日.
    assert_eq!(
        info::employer_documents_of(c, GROUP).expect("docs"),
        [(DEPOSIT, date(4, 16))]
    );
    assert!(
        info::employer_documents_of(c, OTHER)
            .expect("docs")
            .is_empty()
    );
}

#[test]
fn the_next_deposit_cycle_lists_its_changes_against_the_previous_one_of_the_same_document() {
    let mut db = setup();
    let c = &mut db.conn;
    load(c, DEPOSIT, date(4, 16), &april(), false).expect("april");
    // Another occasion's cycle in between is not this document's previous cycle.
    load(
        c,
        EmployerDocument::DepositSummer,
        date(5, 1),
        &may(),
        false,
    )
    .expect("summer");
    let loaded = load(c, DEPOSIT, date(5, 16), &may(), false).expect("may");
    assert_eq!(loaded.previous, Some(date(4, 16)));
    let k = key(DEPOSIT, date(5, 16));
    let (n, rows) = zaikei::changes_page(c, &k, None, 0, 50).expect("changes");
    assert_eq!(n, 4);
    let got: Vec<(ChangeKind, &str, SavingsKind)> = rows
        .iter()
        .map(|r| (r.change_kind, r.employee_no.as_str(), r.kind))
        .collect();
    assert_eq!(
        got,
        [
            (ChangeKind::New, "0004", Housing),
            (ChangeKind::Account, "0002", Pension),
            (ChangeKind::Amount, "0001", General),
            (ChangeKind::Gone, "0003", General),
        ]
    );
    let amount = &rows[2];
    assert_eq!(
        (amount.before_incentive, amount.after_incentive),
        (Some(500), Some(700))
    );
    let gone = &rows[3];
    assert_eq!(
        (gone.before_amount, gone.after_amount, gone.after_incentive),
        (Some(5_000), None, None)
    );
    assert_eq!(
        zaikei::change_counts(c, &k).expect("counts"),
        [
            (ChangeKind::New, 1),
            (ChangeKind::Account, 1),
            (ChangeKind::Amount, 1),
            (ChangeKind::Gone, 1)
        ]
    );
    assert_eq!(zaikei::changes_after(c, &k, 3, 10).expect("after").len(), 1);
    let (only_new, _) = zaikei::changes_page(c, &k, Some(ChangeKind::New), 0, 10).expect("new");
    assert_eq!(only_new, 1);
    // A balance list has no 変更明細 and no 入金予定日.
    let balance = load(c, EmployerDocument::Balance, date(5, 20), &may(), false).expect("balance");
    assert_eq!((balance.changes, balance.previous), (0, None));
    let docs = info::employer_documents_of(c, GROUP).expect("docs");
    assert!(docs.contains(&(DEPOSIT, date(5, 16))), "{docs:?}");
    assert!(docs.contains(&(EmployerDocument::Balance, date(5, 20))));
    let cycles = zaikei::cycles_of(c, GROUP).expect("cycles");
    let deposit: Vec<(NaiveDate, i64)> = cycles
        .iter()
        .filter(|s| s.cycle.document == DEPOSIT)
        .map(|s| (s.cycle.base_date, s.lines))
        .collect();
    assert_eq!(
        deposit,
        [(date(5, 16), 4), (date(4, 16), 4)],
        "newest first"
    );
}

#[test]
fn search_filters_by_kind_and_sorts_kinds_in_list_order() {
    let mut db = setup();
    let c = &mut db.conn;
    load(c, DEPOSIT, date(4, 16), &april(), false).expect("april");
    let k = key(DEPOSIT, date(4, 16));
    let (n, rows) = zaikei::lines_page(
        c,
        &k,
        &LineFilter {
            kind: Some(General),
            limit: 10,
            ..LineFilter::default()
        },
    )
    .expect("page");
    assert_eq!((n, rows.len()), (2, 2));
    let (n, rows) = zaikei::lines_page(
        c,
        &k,
        &LineFilter {
            sort: LineSort::Kind,
            descending: true,
            limit: 10,
            ..LineFilter::default()
        },
    )
    .expect("page");
    let kinds: Vec<SavingsKind> = rows.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, [Pension, Housing, General, General]);
    assert_eq!(
        n, 4,
        "every line of the cycle: the counter the triggers keep"
    );
    let (n, rows) = zaikei::lines_page(
        c,
        &k,
        &LineFilter {
            employee_no: Some("0001"),
            offset: 1,
            limit: 1,
            ..LineFilter::default()
        },
    )
    .expect("page");
    assert_eq!((n, rows[0].kind), (2, Housing));
}

#[test]
fn cycles_come_in_order_and_a_failing_write_keeps_nothing() {
    let mut db = setup();
    let c = &mut db.conn;
    load(c, DEPOSIT, date(5, 16), &april(), false).expect("may");
    assert_eq!(
        load(c, DEPOSIT, date(4, 16), &april(), false),
        Err(LoadRefusal::OutOfOrder {
            newest: date(5, 16)
        })
    );
    assert_eq!(
        load(c, DEPOSIT, date(5, 16), &may(), false),
        Err(LoadRefusal::Exists(date(5, 16)))
    );
    let replaced = load(c, DEPOSIT, date(5, 16), &may(), true).expect("replace newest");
    assert!(replaced.replaced);
    assert_eq!(
        zaikei::totals_by_kind(c, &key(DEPOSIT, date(5, 16)))
            .expect("t")
            .total
            .amount,
        53_000
    );
    let mut twice = may();
    twice.push(line("0004", Housing, "2000005", 1, 0));
    let err = zaikei::load(
        c,
        &key(DEPOSIT, date(6, 16)),
        Some(date(6, 25)),
        &twice,
        false,
        at(6, 16),
    )
    .expect_err("unique index");
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert!(
        zaikei::find_cycle(c, &key(DEPOSIT, date(6, 16)))
            .expect("find")
            .is_none()
    );
    assert_eq!(
        info::employer_documents_of(c, GROUP).expect("docs"),
        [(DEPOSIT, date(5, 16))],
        "the information screen still shows the kept cycle"
    );
}

#[test]
fn the_purge_keeps_the_latest_three_cycles_per_document_and_is_idempotent() {
    let mut db = setup();
    let c = &mut db.conn;
    for m in 1..=5 {
        let lines = if m % 2 == 0 { may() } else { april() };
        load(c, DEPOSIT, date(m, 16), &lines, false).expect("cycle");
    }
    for m in [3, 4] {
        load(c, EmployerDocument::Balance, date(m, 20), &may(), false).expect("balance");
    }
    load(c, DEPOSIT, date(1, 16), &april(), false).expect_err("out of order");
    // OTHER's cycles are purged only when asked for all groups.
    zaikei::load(
        c,
        &CycleKey {
            payment_group: OTHER,
            document: DEPOSIT,
            base_date: date(1, 16),
        },
        Some(date(1, 25)),
        &april(),
        false,
        at(1, 16),
    )
    .expect("store")
    .expect("other");

    let planned = zaikei::purge(c, Some(GROUP), 3, true, at(6, 1)).expect("dry run");
    let dates: Vec<NaiveDate> = planned.iter().map(|p| p.base_date).collect();
    assert_eq!(dates, [date(1, 16), date(2, 16)]);
    assert_eq!(
        zaikei::cycles_of(c, GROUP).expect("cycles").len(),
        7,
        "dry run deletes nothing"
    );

    let purged = zaikei::purge(c, Some(GROUP), 3, false, at(6, 1)).expect("purge");
    assert_eq!(purged, planned);
    let kept: Vec<NaiveDate> = zaikei::cycles_of(c, GROUP)
        .expect("cycles")
        .iter()
        .filter(|s| s.cycle.document == DEPOSIT)
        .map(|s| s.cycle.base_date)
        .collect();
    assert_eq!(kept, [date(5, 16), date(4, 16), date(3, 16)]);
    let gone = key(DEPOSIT, date(2, 16));
    assert!(
        zaikei::lines_after(c, &gone, 0, 10)
            .expect("lines")
            .is_empty()
    );
    assert_eq!(
        zaikei::change_counts(c, &gone)
            .expect("c")
            .iter()
            .map(|x| x.1)
            .sum::<i64>(),
        0
    );
    // The oldest kept cycle keeps its 変更明細 although the cycle it was made against is gone.
    let oldest = key(DEPOSIT, date(3, 16));
    assert_eq!(
        zaikei::find_cycle(c, &oldest)
            .expect("find")
            .and_then(|r| r.previous_base_date),
        Some(date(2, 16))
    );
    assert_eq!(
        zaikei::changes_page(c, &oldest, None, 0, 50)
            .expect("changes")
            .0,
        4
    );
    assert!(
        info::employer_documents_of(c, GROUP)
            .expect("docs")
            .contains(&(DEPOSIT, date(5, 16)))
    );

    // Again (another instance, a second cron entry): nothing more.
    assert!(
        zaikei::purge(c, Some(GROUP), 3, false, at(6, 2))
            .expect("again")
            .is_empty()
    );
    // A month later, a sixth cycle: the clock moved, the oldest kept one goes.
    load(c, DEPOSIT, date(6, 16), &may(), false).expect("june");
    let purged = zaikei::purge(c, None, 3, false, at(7, 1)).expect("purge all");
    assert_eq!(purged.len(), 1);
    assert_eq!(purged[0].base_date, date(3, 16));
    assert_eq!(purged[0].payment_group, GROUP);
    // Balance (2 cycles) and OTHER (1 cycle) are within the three.
    assert_eq!(zaikei::cycles_of(c, OTHER).expect("other").len(), 1);
}

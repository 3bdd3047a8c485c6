//! The store on the backend this run tests (CJS_TEST_BACKEND): migrations, pragmas, repositories.

use chrono::{NaiveDate, NaiveDateTime};
use cjs_store::testing::TestDatabase;
use cjs_store::{Backend, build_pool, meta, ping, run_migrations};
use diesel::RunQueryDsl;

fn at(h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 5, 7)
        .and_then(|d| d.and_hms_opt(h, 0, 0))
        .expect("valid time")
}

#[test]
fn migrations_apply_once_and_the_database_answers() {
    let db = TestDatabase::new();
    let pool = build_pool(&db.url, 2).expect("pool");
    let mut conn = pool.get().expect("connection");
    assert_eq!(conn.backend(), TestDatabase::backend());
    let first = run_migrations(&mut conn).expect("migrate");
    assert!(!first.is_empty());
    let second = run_migrations(&mut conn).expect("migrate again");
    assert!(second.is_empty(), "nothing left to apply");
    ping(&mut conn).expect("ping");
}

#[test]
fn app_meta_inserts_then_replaces_a_value() {
    let db = TestDatabase::new();
    let pool = build_pool(&db.url, 2).expect("pool");
    let mut conn = pool.get().expect("connection");
    run_migrations(&mut conn).expect("migrate");
    assert_eq!(meta::get(&mut conn, "k").expect("get"), None);
    meta::put(&mut conn, "k", "one", at(8)).expect("insert");
    meta::put(&mut conn, "k", "two", at(9)).expect("replace");
    assert_eq!(
        meta::get(&mut conn, "k").expect("get").as_deref(),
        Some("two")
    );
    let first = meta::first_started_at(&mut conn, at(10)).expect("first start");
    assert_eq!(
        meta::first_started_at(&mut conn, at(11)).expect("again"),
        first
    );
}

#[derive(diesel::QueryableByName)]
struct Pragma {
    #[diesel(sql_type = diesel::sql_types::Text)]
    value: String,
}

#[test]
fn every_sqlite_connection_gets_wal_busy_timeout_and_foreign_keys() {
    if TestDatabase::backend() != Backend::Sqlite {
        return;
    }
    let db = TestDatabase::sqlite();
    let pool = build_pool(&db.url, 3).expect("pool");
    // Three distinct connections, each checked.
    let mut conns: Vec<_> = (0..3).map(|_| pool.get().expect("connection")).collect();
    for conn in conns.iter_mut() {
        let mode: Vec<Pragma> =
            diesel::sql_query("SELECT journal_mode AS value FROM pragma_journal_mode")
                .load(&mut **conn)
                .expect("journal_mode");
        assert_eq!(mode[0].value, "wal");
        let fk: Vec<Pragma> = diesel::sql_query(
            "SELECT CAST(foreign_keys AS TEXT) AS value FROM pragma_foreign_keys",
        )
        .load(&mut **conn)
        .expect("foreign_keys");
        assert_eq!(fk[0].value, "1");
        let busy: Vec<Pragma> =
            diesel::sql_query("SELECT CAST(timeout AS TEXT) AS value FROM pragma_busy_timeout")
                .load(&mut **conn)
                .expect("busy_timeout");
        assert_eq!(busy[0].value, "10000");
    }
}

#[test]
fn a_test_database_is_private_to_its_test() {
    let a = TestDatabase::new();
    let b = TestDatabase::new();
    assert_ne!(a.url_string(), b.url_string());
    let mut ca = build_pool(&a.url, 1).expect("pool").get().expect("conn");
    run_migrations(&mut ca).expect("migrate a");
    meta::put(&mut ca, "only-in-a", "x", at(8)).expect("put");
    let mut cb = build_pool(&b.url, 1).expect("pool").get().expect("conn");
    run_migrations(&mut cb).expect("migrate b");
    assert_eq!(meta::get(&mut cb, "only-in-a").expect("get"), None);
}

#[test]
fn a_job_lease_goes_to_one_holder_and_only_when_the_job_is_due() {
    use chrono::{Duration, TimeZone, Utc};
    use cjs_store::jobs::{acquire, find, finish, release, renew};
    let db = TestDatabase::new();
    let pool = build_pool(&db.url, 2).expect("pool");
    let mut conn = pool.get().expect("connection");
    run_migrations(&mut conn).expect("migrate");
    let c = &mut *conn;
    let t0 = Utc
        .with_ymd_and_hms(2024, 5, 7, 0, 0, 0)
        .single()
        .expect("time");
    let (lease, period) = (Duration::minutes(2), Duration::minutes(10));
    let s = Duration::seconds;
    assert!(acquire(c, "j", "a", t0, lease, period).expect("a"), "new");
    assert!(!acquire(c, "j", "b", t0, lease, period).expect("b"), "held");
    assert!(acquire(c, "j", "a", t0, lease, period).expect("a"), "ours");
    assert!(renew(c, "j", "a", t0 + s(60), lease).expect("renew"));
    assert!(!renew(c, "j", "b", t0 + s(60), lease).expect("renew"));
    assert!(
        !acquire(c, "j", "b", t0 + s(179), lease, period).expect("b"),
        "renewed"
    );
    assert!(finish(c, "j", "a", t0, t0 + s(170)).expect("finish"));
    assert!(
        !acquire(c, "j", "b", t0 + s(599), lease, period).expect("b"),
        "not due"
    );
    assert!(
        acquire(c, "j", "b", t0 + s(600), lease, period).expect("b"),
        "due, free"
    );
    // b dies holding it: a waits for the lease to run out.
    assert!(!acquire(c, "j", "a", t0 + s(719), lease, period).expect("a"));
    assert!(
        acquire(c, "j", "a", t0 + s(720), lease, period).expect("a"),
        "taken over"
    );
    assert!(
        !finish(c, "j", "b", t0 + s(600), t0 + s(721)).expect("b"),
        "b lost it"
    );
    assert!(
        release(c, "j", "a", t0 + s(730)).expect("release"),
        "a failed"
    );
    let l = find(c, "j").expect("find").expect("row");
    assert_eq!((l.runs, l.last_holder.as_deref()), (1, Some("a")));
    assert_eq!(l.last_run_at, Some(t0.naive_utc()));
    assert!(
        acquire(c, "j", "b", t0 + s(731), lease, period).expect("b"),
        "still due"
    );
}

/// Diesel knows a migration by the part of its folder name before the first `_`: two folders with
/// the same version would make the second count as already run and never apply. Both backends
/// keep the same list, so a change made for one is never forgotten for the other.
#[test]
fn every_migration_has_its_own_version_and_both_backends_have_the_same_list() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let list = |backend: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(root.join(backend))
            .expect("migrations folder")
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let (sqlite, postgres) = (list("sqlite"), list("postgres"));
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres, "the two backends' migrations differ");
    let mut versions: Vec<&str> = sqlite
        .iter()
        .map(|n| n.split_once('_').map_or(n.as_str(), |(v, _)| v))
        .collect();
    let all = versions.len();
    versions.dedup();
    assert_eq!(versions.len(), all, "a version used twice: {sqlite:?}");
}

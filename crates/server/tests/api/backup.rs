//! Backups (issue 13): `cjs operator backup` taken while a writer commits, restored with
//! `cjs operator restore` into a fresh data directory (SQLite) or a new database (PostgreSQL);
//! the snapshot is consistent (each of the writer's transactions is in it whole or not at all),
//! every table has exactly the backup's rows, and `cjs operator audit verify` passes on it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use cjs_server::operator::backup::{backup, restore};
use cjs_store::oplog::{self, Entry};
use cjs_store::testing::TestDatabase;
use cjs_store::{DatabaseUrl, DbConnection, backup::table_counts, meta};

use crate::helpers::TestApp;

/// Writes until told to stop: each transaction an `app_meta` row and its operation-log entry.
fn writer(
    url: String,
    stop: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut conn = DatabaseUrl::parse(&url)
            .expect("url")
            .connect()
            .expect("connect");
        let mut i = 0usize;
        while !stop.load(Ordering::Relaxed) {
            let now = chrono::Utc::now();
            cjs_store::transaction(&mut conn, |c| {
                meta::put(c, &format!("load-{i:06}"), "x", now.naive_utc())?;
                oplog::append(
                    c,
                    &Entry {
                        at: now,
                        screen_id: "OPERATOR".into(),
                        action: "負荷".into(),
                        target: format!("load-{i:06}"),
                        result: "success".into(),
                        client_addr: "test".into(),
                        ..Default::default()
                    },
                )
            })
            .expect("write");
            i += 1;
            done.store(i, Ordering::Relaxed);
        }
    })
}

fn count(tables: &[(String, i64)], name: &str) -> i64 {
    tables
        .iter()
        .find(|(t, _)| t == name)
        .map(|(_, n)| *n)
        .unwrap_or_else(|| panic!("no table {name} in {tables:?}"))
}

fn live_counts(url: &str) -> Vec<(String, i64)> {
    let mut conn: DbConnection = DatabaseUrl::parse(url).expect("url").connect().expect("c");
    table_counts(&mut conn).expect("counts")
}

async fn wait_for(done: &AtomicUsize, at_least: usize) {
    let started = std::time::Instant::now();
    while done.load(Ordering::Relaxed) < at_least {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the writer is stuck"
        );
        actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[actix_web::test]
async fn a_backup_under_load_restores_into_a_fresh_place_complete_and_verified() {
    let app = TestApp::spawn().await;
    let _m = app.master("rokin01").await;
    let url = app.database_url();
    let base = live_counts(&url);
    let (meta0, log0) = (count(&base, "app_meta"), count(&base, "operation_log"));

    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let handle = writer(url.clone(), stop.clone(), done.clone());
    wait_for(&done, 20).await;
    let dir = std::env::temp_dir().join(format!("cjs-backup-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("cjs.backup");
    let snapshot = backup(&app.settings, &file).expect("backup");
    let after_backup = done.load(Ordering::Relaxed);
    wait_for(&done, after_backup + 20).await;
    stop.store(true, Ordering::Relaxed);
    handle.join().expect("writer");

    // Consistent: every writer transaction in the file is whole (its meta row and its log row).
    let tables = &snapshot.tables;
    let (meta1, log1) = (count(tables, "app_meta"), count(tables, "operation_log"));
    assert!(meta1 > meta0, "the backup holds some of the writer's rows");
    assert_eq!(meta1 - meta0, log1 - log0, "whole transactions only");
    let live = live_counts(&url);
    assert!(
        count(&live, "operation_log") > log1,
        "the writer went on during and after the backup"
    );
    if let DatabaseUrl::Sqlite(_) = DatabaseUrl::parse(&url).expect("url") {
        assert_eq!(snapshot.oplog_rows, log1, "the file's chain verifies");
    }
    // A backup never overwrites.
    assert!(backup(&app.settings, &file).is_err());

    // Restore into a fresh data directory and a new database.
    // SQLite: the data directory's own database file; PostgreSQL: a new database.
    let fresh = TestDatabase::new();
    let mut target = app.settings.clone();
    target.data_dir = dir.join("data");
    target.database.url = match fresh.url {
        DatabaseUrl::Sqlite(_) => None,
        DatabaseUrl::Postgresql(_) => Some(fresh.url_string()),
    };
    let restored = restore(&target, &file).expect("restore");
    assert_eq!(restored.tables, snapshot.tables, "every table, every row");
    assert_eq!(
        restored.oplog_rows, log1,
        "the chain verifies after restore"
    );
    // Restoring over a database that is there is refused.
    assert!(restore(&target, &file).is_err());

    // The operator's own command agrees.
    let mut verify = std::process::Command::new(env!("CARGO_BIN_EXE_cjs"));
    verify
        .args(["operator", "audit", "verify", "--json"])
        .env("CJS__DATA_DIR", &target.data_dir)
        .env_remove("CJS__DATABASE__URL");
    if let Some(url) = &target.database.url {
        verify.env("CJS__DATABASE__URL", url);
    }
    let out = verify.output().expect("cjs operator audit verify");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(verdict, serde_json::json!({"intact": true, "rows": log1}));
    drop(fresh);
    let _ = std::fs::remove_dir_all(&dir);
    app.stop().await;
}

//! Background jobs run once across instances (issue 13): three job runners on one database,
//! racing on a movable clock, run each job once per period and take over a dead holder's job when
//! its lease runs out; then three real `cjs serve` processes on one database do the same on the
//! wall clock — one expiry notice mailed, one 財形 cycle purged, one recorded run per job.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use chrono::Duration;
use cjs_domain::Clock as _;
use cjs_server::jobs::{EXPIRY_NOTICES, LEASE, Outcome, Runner, ZAIKEI_PURGE};
use futures_util::future::join_all;

use crate::helpers::TestApp;
use crate::jobs::mails;

/// Per job: how many of the outcomes ran it; fails on any failed run.
fn ran(results: &[Vec<(&'static str, Outcome)>]) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::from([(EXPIRY_NOTICES, 0), (ZAIKEI_PURGE, 0)]);
    for (job, outcome) in results.iter().flatten() {
        match outcome {
            Outcome::Ran(_) => *out.entry(job).or_default() += 1,
            Outcome::Skipped => {}
            Outcome::Failed(e) => panic!("{job} failed: {e}"),
        }
    }
    out
}

fn once_each() -> BTreeMap<&'static str, usize> {
    BTreeMap::from([(EXPIRY_NOTICES, 1), (ZAIKEI_PURGE, 1)])
}

fn none() -> BTreeMap<&'static str, usize> {
    BTreeMap::from([(EXPIRY_NOTICES, 0), (ZAIKEI_PURGE, 0)])
}

fn lease(app: &TestApp, job: &'static str) -> cjs_store::jobs::Lease {
    let mut conn = cjs_store::DatabaseUrl::parse(&app.database_url())
        .expect("url")
        .connect()
        .expect("connect");
    cjs_store::jobs::find(&mut conn, job)
        .expect("find")
        .expect("a lease row")
}

#[actix_web::test]
async fn three_instances_run_each_job_once_per_period_and_take_over_a_dead_holder() {
    let app = TestApp::spawn().await;
    let _m = app.master("rokin01").await;
    let before = mails(&app).len();
    // 26 days before the certificate expires: its notice is due.
    app.clock.advance(Duration::days(340));
    let period = std::time::Duration::from_secs(600);
    let runners: Vec<Runner> = ["one", "two", "three"]
        .into_iter()
        .map(|id| Runner::new(app.state.clone(), id, period))
        .collect();
    // The three look at the same moment, each on its own database thread.
    let round = || join_all(runners.iter().map(Runner::run_due));

    assert_eq!(
        ran(&round().await),
        once_each(),
        "the first look runs each job once"
    );
    assert_eq!(mails(&app).len(), before + 1, "one notice mailed");
    assert_eq!(ran(&round().await), none(), "not due again yet");
    app.clock.advance(Duration::seconds(599));
    assert_eq!(ran(&round().await), none(), "1 s before the period ends");
    app.clock.advance(Duration::seconds(1));
    assert_eq!(ran(&round().await), once_each(), "the next period");
    assert_eq!(ran(&round().await), none());
    assert_eq!(
        mails(&app).len(),
        before + 1,
        "the notice is never sent twice"
    );
    for job in [EXPIRY_NOTICES, ZAIKEI_PURGE] {
        let l = lease(&app, job);
        assert_eq!(l.runs, 2, "{job}: {l:?}");
        assert_eq!(l.last_run_at, Some(app.clock.now().naive_utc()), "{job}");
        assert!(
            ["one", "two", "three"].contains(&l.last_holder.as_deref().unwrap_or("")),
            "{l:?}"
        );
    }

    // An instance takes the notice job's lease and dies before finishing it.
    app.clock.advance(Duration::seconds(600));
    let now = app.clock.now();
    let taken = app
        .state
        .db(move |c| {
            cjs_store::jobs::acquire(
                c,
                EXPIRY_NOTICES,
                "dead",
                now,
                LEASE,
                Duration::seconds(600),
            )
        })
        .await
        .expect("db");
    assert!(taken, "due, and the lease was free");
    let held = ran(&round().await);
    assert_eq!(
        (held[EXPIRY_NOTICES], held[ZAIKEI_PURGE]),
        (0, 1),
        "the dead instance's job waits; the other job runs"
    );
    app.clock.advance(LEASE - Duration::seconds(1));
    assert_eq!(ran(&round().await), none(), "its lease still holds");
    app.clock.advance(Duration::seconds(1));
    let over = ran(&round().await);
    assert_eq!(
        (over[EXPIRY_NOTICES], over[ZAIKEI_PURGE]),
        (1, 0),
        "taken over once the lease ran out"
    );
    assert_eq!(ran(&round().await), none());
    assert_eq!(lease(&app, EXPIRY_NOTICES).runs, 3);
    assert_eq!(lease(&app, ZAIKEI_PURGE).runs, 3);
    app.stop().await;
}

/// One `cjs serve` process on the test app's database and data directory, its JSON log in a file.
struct Instance {
    id: &'static str,
    child: Child,
    log: PathBuf,
}

impl Instance {
    fn start(app: &TestApp, id: &'static str) -> Instance {
        let log = app.data_dir.join(format!("instance-{id}.log"));
        let file = std::fs::File::create(&log).expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_cjs"))
            .arg("serve")
            .env_remove("RUST_LOG")
            .env("CJS__DATA_DIR", &app.data_dir)
            .env("CJS__DATABASE__URL", app.database_url())
            .env("CJS__DATABASE__POOL_SIZE", "2")
            .env("CJS__SERVER__BIND", "127.0.0.1:0")
            .env("CJS__SERVER__WORKERS", "1")
            .env("CJS__SERVER__JOB_INTERVAL", "1h")
            .env("CJS__SERVER__JOB_CHECK", "200ms")
            .env("CJS__SERVER__INSTANCE_ID", id)
            .env("CJS__POLICY__SERVICE_HOURS", "false")
            .env("CJS__LOG__FORMAT", "json")
            .env("CJS__LOG__LEVEL", "warn,cjs_server::jobs=debug")
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .expect("cjs serve");
        Instance { id, child, log }
    }

    /// The log's job lines: (message, job, summary).
    fn job_lines(&self) -> Vec<(String, String, String)> {
        let Ok(file) = std::fs::File::open(&self.log) else {
            return Vec::new();
        };
        std::io::BufReader::new(file)
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
            .filter(|v| v["job"].is_string())
            .map(|v| {
                let text = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
                (text("message"), text("job"), text("summary"))
            })
            .collect()
    }

    /// How many times this instance looked at `job` and left it.
    fn skips(&self, job: &str) -> usize {
        self.job_lines()
            .iter()
            .filter(|(m, j, _)| j == job && m.starts_with("job not run here"))
            .count()
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits for an outside process to get somewhere (never a timed assertion: a bound on waiting).
async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "gave up waiting: {what}"
        );
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[actix_web::test]
async fn three_server_processes_run_each_job_once_and_take_over_a_dead_holders_lease() {
    // The processes run on the wall clock: issue the certificate 340 days ago, so that its
    // expiry notice is due now.
    let app = TestApp::spawn_with(crate::helpers::Options {
        start: Some(chrono::Utc::now() - Duration::days(340)),
        ..Default::default()
    })
    .await;
    let s = crate::zaikei::employer(&app, "koyou01").await;
    // Four 預入依頼書（月例） cycles: one beyond the three kept.
    crate::zaikei::deposits(&app, &s.group);
    let before = mails(&app).len();

    // An instance took both leases just now and died: they hold for 3 more seconds.
    let now = chrono::Utc::now();
    let dead_until = (now + Duration::seconds(3)).naive_utc();
    let mut conn = cjs_store::DatabaseUrl::parse(&app.database_url())
        .expect("url")
        .connect()
        .expect("connect");
    for job in [EXPIRY_NOTICES, ZAIKEI_PURGE] {
        let taken = cjs_store::jobs::acquire(
            &mut conn,
            job,
            "dead",
            now,
            Duration::seconds(3),
            Duration::hours(1),
        )
        .expect("acquire");
        assert!(taken, "{job}");
    }

    let instances: Vec<Instance> = ["one", "two", "three"]
        .into_iter()
        .map(|id| Instance::start(&app, id))
        .collect();
    let runs = |conn: &mut cjs_store::DbConnection| {
        cjs_store::jobs::list(conn)
            .expect("leases")
            .into_iter()
            .map(|l| (l.job.clone(), l))
            .collect::<BTreeMap<_, _>>()
    };
    wait_until("each job ran once", || {
        runs(&mut conn).values().all(|l| l.runs >= 1)
    })
    .await;
    // Every instance then looks at each job twice more and leaves it.
    let seen: Vec<(usize, usize)> = instances
        .iter()
        .map(|i| (i.skips(EXPIRY_NOTICES), i.skips(ZAIKEI_PURGE)))
        .collect();
    wait_until("every instance looked again", || {
        instances
            .iter()
            .zip(&seen)
            .all(|(i, (e, z))| i.skips(EXPIRY_NOTICES) >= e + 2 && i.skips(ZAIKEI_PURGE) >= z + 2)
    })
    .await;

    let leases = runs(&mut conn);
    let mut ran_by: BTreeMap<String, Vec<(&str, String)>> = BTreeMap::new();
    for i in &instances {
        for (m, job, summary) in i.job_lines() {
            assert!(!m.starts_with("job failed"), "{}: {job} failed: {m}", i.id);
            if m == "job ran" {
                ran_by.entry(job).or_default().push((i.id, summary));
            }
        }
    }
    for job in [EXPIRY_NOTICES, ZAIKEI_PURGE] {
        let l = &leases[job];
        assert_eq!(l.runs, 1, "{job} ran once across three instances: {l:?}");
        let runs = &ran_by[job];
        assert_eq!(runs.len(), 1, "{job}: {runs:?}");
        assert_eq!(l.last_holder.as_deref(), Some(runs[0].0), "{job}");
        let last = l.last_run_at.expect("last run");
        assert!(
            last >= dead_until,
            "{job} waited for the dead lease: {last} < {dead_until}"
        );
    }
    assert_eq!(ran_by[EXPIRY_NOTICES][0].1, "expiring 1, expired 0");
    assert_eq!(ran_by[ZAIKEI_PURGE][0].1, "1 cycles purged");
    let sent = mails(&app);
    assert_eq!(sent.len(), before + 1, "one notice for three instances");
    let notice = sent
        .iter()
        .filter(|m| m.contains("有効期限が近づいて"))
        .count();
    assert_eq!(notice, 1, "the expiry notice, once");
    drop(instances);
    app.stop().await;
}

//! `cargo xtask bench`: load figures printed as a table. Each row runs the real release binary
//! on loopback with a bounded load (fixed duration), next to a bare actix-web JSON handler with the
//! same TLS set-up started in the same run. The rows come from one load client
//! (crates/server/examples/load.rs), which measures the bare handler too, so every ratio compares
//! like with like; wrk adds the unauthenticated rows as a cross-check of that client.
//!
//! `cargo xtask bench [--seconds N] [--backend sqlite|postgres|both]`

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{cargo, ensure_apt, output, step, target_dir};

pub(crate) struct Killed(pub(crate) Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

pub(crate) fn wait_for(url: &str) -> Result<(), String> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        let ok = output(Command::new("curl").args(["-skf", "-o", "/dev/null", url])).is_some();
        if ok {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!("{url} did not come up"))
}

struct Load {
    rps: f64,
    p99: String,
}

fn wrk(url: &str, seconds: u32, connections: u32) -> Result<Load, String> {
    let out = output(Command::new("wrk").args([
        "-t2",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--latency",
        url,
    ]))
    .ok_or("wrk failed")?;
    let rps = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .ok_or_else(|| format!("no Requests/sec in wrk output:\n{out}"))?;
    let p99 = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| "-".into());
    Ok(Load { rps, p99 })
}

fn tmpdir(name: &str) -> Result<PathBuf, String> {
    let d = std::env::temp_dir().join(format!("cjs-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).map_err(|e| e.to_string())?;
    Ok(d)
}

pub(crate) fn spawn(
    bin: &Path,
    args: &[&str],
    envs: &[(&str, String)],
    log: &Path,
) -> Result<Killed, String> {
    let log = std::fs::File::create(log).map_err(|e| e.to_string())?;
    let mut cmd = Command::new(bin);
    cmd.args(args).stdout(Stdio::null()).stderr(log);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.spawn()
        .map(Killed)
        .map_err(|e| format!("{}: {e}", bin.display()))
}

#[derive(Clone, Copy, PartialEq)]
enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// The PostgreSQL server the bench creates its throw-away database on.
const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/postgres";

fn arg<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

pub fn run(args: &[String]) -> Result<(), String> {
    if report_rows(args)? {
        return Ok(());
    }
    let seconds: u32 = arg(args, "--seconds")
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let backends = match arg(args, "--backend").unwrap_or("both") {
        "sqlite" => vec![Backend::Sqlite],
        "postgres" => vec![Backend::Postgres],
        "both" => vec![Backend::Sqlite, Backend::Postgres],
        other => return Err(format!("--backend {other}: sqlite, postgres or both")),
    };
    ensure_apt(&["wrk"], "/usr/bin/wrk")?;
    // GNU time: the 賃控元帳 import's peak RSS (its wait4 rusage).
    ensure_apt(&["time"], "/usr/bin/time")?;
    if backends.contains(&Backend::Postgres) {
        ensure_apt(&["postgresql-client"], "/usr/bin/psql")?;
    }
    step("building release binaries (cjs, the bare handler, the load client, the store floor)");
    cargo(&[
        "build",
        "--release",
        "-p",
        "cjs-server",
        "--bin",
        "cjs",
        "--example",
        "bare",
        "--example",
        "load",
        "--example",
        "floor",
    ])?;
    let release = target_dir().join("release");
    let data = tmpdir("data")?;
    let result = http_rows(&release, &data, seconds, &backends);
    let _ = std::fs::remove_dir_all(&data);
    result?;
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!(
        "\n({cpus} CPUs shared by server and client; figures from this machine, this run; \
         {seconds} s per row; every ratio is to the bare handler measured by the same client \
         in the same table, the mean of its two runs)"
    );
    Ok(())
}

/// One row as the load client printed it.
struct Row {
    key: String,
    label: String,
    rps: f64,
    p50: f64,
    p99: f64,
    errors: u64,
}

fn parse_rows(out: &str) -> Vec<Row> {
    out.lines()
        .filter_map(|l| l.strip_prefix("ROW|"))
        .filter_map(|l| {
            let f: Vec<&str> = l.split('|').collect();
            let [key, label, rps, p50, p99, _n, errors] = f.as_slice() else {
                return None;
            };
            Some(Row {
                key: (*key).to_owned(),
                label: (*label).to_owned(),
                rps: rps.parse().ok()?,
                p50: p50.parse().ok()?,
                p99: p99.parse().ok()?,
                errors: errors.parse().ok()?,
            })
        })
        .collect()
}

/// §7's targets as ratios to the bare handler: `/me`, and an authenticated 100-row page.
const ME_TARGET: f64 = 0.30;
const PAGE_TARGET: f64 = 0.15;

/// The targets, by row: the verdict text, or None for a row without a target.
fn target(row: &Row, ratio: f64) -> Option<String> {
    let mark = |ok: bool| if ok && row.errors == 0 { "✓" } else { "✗" };
    match row.key.as_str() {
        "me" => Some(format!(
            "≥ {ME_TARGET:.2} of bare {}",
            mark(ratio >= ME_TARGET)
        )),
        "oplog" | "details" => Some(format!(
            "≥ {PAGE_TARGET:.2} of bare {}",
            mark(ratio >= PAGE_TARGET)
        )),
        "me_logins" => Some(format!("p99 < 50 ms {}", mark(row.p99 < 50.0))),
        // Not a result: the most its HTTP row's ratio can be while every request reads the
        // database (the HTTP row also pays TLS, HTTP, JSON and shares the cores with the client).
        "me_store" => Some(format!("ceiling of /me ({})", reach(ratio, ME_TARGET))),
        "oplog_store" | "details_store" => Some(format!(
            "ceiling of its page ({})",
            reach(ratio, PAGE_TARGET)
        )),
        _ => None,
    }
}

/// Whether a ceiling leaves room for the target at all.
fn reach(ceiling: f64, target: f64) -> &'static str {
    if ceiling >= target {
        "the target fits under it"
    } else {
        "below the target: these statements alone do not reach it"
    }
}

fn table(title: &str, rows: &[Row], wrk_rows: &[(String, Load)]) -> String {
    // The baseline: the bare handler through the same client, the mean of its runs before and
    // after the cjs rows.
    let bares: Vec<f64> = rows
        .iter()
        .filter(|r| r.key == "bare" || r.key == "bare_end")
        .map(|r| r.rps)
        .collect();
    let bare = Some(bares.iter().sum::<f64>() / bares.len().max(1) as f64).filter(|r| *r > 0.0);
    let ratio = |rps: f64| bare.map_or(f64::NAN, |b| rps / b);
    let mut t = format!(
        "\n### {title}\n\n| row | req/s | p50 | p99 | vs bare | target |\n|---|---:|---:|---:|---:|---|\n"
    );
    for r in rows {
        let errors = if r.errors > 0 {
            format!(" ({} errors)", r.errors)
        } else {
            String::new()
        };
        let vs = if r.key == "logins" || r.key == "me_logins" {
            "-".to_owned()
        } else {
            format!("{:.2}", ratio(r.rps))
        };
        t.push_str(&format!(
            "| {}{errors} | {:.0} | {:.2} ms | {:.2} ms | {vs} | {} |\n",
            r.label,
            r.rps,
            r.p50,
            r.p99,
            target(r, ratio(r.rps)).unwrap_or_else(|| "-".into())
        ));
    }
    for (label, l) in wrk_rows {
        t.push_str(&format!(
            "| {label} | {:.0} | - | {} | {:.2} | cross-check |\n",
            l.rps,
            l.p99,
            ratio(l.rps)
        ));
    }
    t
}

/// A throw-away PostgreSQL database, dropped when this goes.
struct PgDb {
    admin: String,
    name: String,
    url: String,
}

impl PgDb {
    fn create() -> Result<Self, String> {
        let admin = std::env::var("CJS_BENCH_DATABASE_URL")
            .or_else(|_| std::env::var("CJS_TEST_DATABASE_URL"))
            .unwrap_or_else(|_| DEFAULT_PG.into());
        let name = format!("cjs_bench_{}", std::process::id());
        let server = admin
            .rsplit_once('/')
            .map(|(s, _)| s)
            .ok_or_else(|| format!("{admin}: not a postgres:// URL"))?;
        let url = format!("{server}/{name}");
        psql(&admin, &format!("drop database if exists {name}"))?;
        psql(&admin, &format!("create database {name}"))?;
        Ok(Self { admin, name, url })
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        let _ = psql(
            &self.admin,
            &format!("drop database if exists {} with (force)", self.name),
        );
    }
}

fn psql(url: &str, sql: &str) -> Result<(), String> {
    output(Command::new("psql").args([url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql]))
        .map(|_| ())
        .ok_or_else(|| format!("psql {url}: `{sql}` failed"))
}

/// The HTTP rows: per backend, a fresh `cjs serve` on one data directory (its CA is the bare
/// handler's too), a member contract, and the load client; wrk once, beside the first backend.
fn http_rows(
    release: &Path,
    data: &Path,
    seconds: u32,
    backends: &[Backend],
) -> Result<(), String> {
    let mut bare: Option<(Killed, String)> = None;
    for &backend in backends {
        let db = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(PgDb::create()?),
        };
        let mut envs = vec![
            ("CJS__DATA_DIR", data.display().to_string()),
            ("CJS__POLICY__SERVICE_HOURS", "false".into()),
            ("CJS__LOG__LEVEL", "warn".into()),
        ];
        if let Some(db) = &db {
            envs.push(("CJS__DATABASE__URL", db.url.clone()));
        }
        let cjs_port = free_port()?;
        let mut serve_env = envs.clone();
        serve_env.push(("CJS__SERVER__BIND", format!("127.0.0.1:{cjs_port}")));
        let cjs = spawn(
            &release.join("cjs"),
            &["serve"],
            &serve_env,
            &data.join(format!("cjs-{}.log", backend.name())),
        )?;
        let cjs_url = format!("https://127.0.0.1:{cjs_port}");
        wait_for(&format!("{cjs_url}/api/v1/health"))?;
        let idle_start = Memory::of(cjs.0.id());

        let mut wrk_rows = Vec::new();
        if bare.is_none() {
            let port = free_port()?;
            let bind = format!("127.0.0.1:{port}");
            let pki = data.join("pki").display().to_string();
            let p = spawn(
                &release.join("examples/bare"),
                &[bind.as_str(), pki.as_str()],
                &[],
                &data.join("bare.log"),
            )?;
            let url = format!("https://{bind}");
            wait_for(&format!("{url}/health"))?;
            step(&format!(
                "wrk cross-check ({seconds} s per row, wrk -t2 -c50, no client certificate)"
            ));
            wrk_rows.push((
                "wrk: bare /health (c=50)".to_owned(),
                wrk(&format!("{url}/health"), seconds, 50)?,
            ));
            wrk_rows.push((
                "wrk: GET /api/v1/health (c=50)".to_owned(),
                wrk(&format!("{cjs_url}/api/v1/health"), seconds, 50)?,
            ));
            bare = Some((p, url));
        }
        let bare_url = bare.as_ref().map(|(_, u)| u.clone()).unwrap_or_default();

        step(&format!(
            "{}: the load client (examples/load.rs; {seconds} s per row)",
            backend.name()
        ));
        let (contract, group) = create_contract(release, &envs)?;
        step(&format!(
            "{}: {DETAILS} 労金控除 details and their 締切 snapshot",
            backend.name()
        ));
        let (insert, snapshot, lines) = deduction_rows(release, &envs, &group)?;
        let out = output(
            Command::new(release.join("examples/load"))
                .args([
                    cjs_url,
                    bare_url,
                    data.display().to_string(),
                    contract,
                    "Bench#01".to_owned(),
                    seconds.to_string(),
                ])
                .stderr(Stdio::inherit()),
        )
        .ok_or("the load client failed (its errors are above)")?;
        // At rest again: what the server keeps after the load (glibc, see crates/server/src/memory.rs).
        std::thread::sleep(Duration::from_secs(5));
        let after = Memory::of(cjs.0.id());
        drop(cjs);
        // The same reads' statements straight on the store: the most each HTTP row can reach.
        step(&format!(
            "{}: the reads' statements alone (examples/floor.rs; {seconds} s per row)",
            backend.name()
        ));
        let database = match &db {
            Some(db) => db.url.clone(),
            None => format!("sqlite://{}", data.join("cjs.sqlite3").display()),
        };
        let floor = output(
            Command::new(release.join("examples/floor"))
                .args([database, seconds.to_string()])
                .stderr(Stdio::inherit()),
        )
        .ok_or("the store floor failed (its errors are above)")?;
        step(&format!(
            "{}: {LEDGER_LINES} 賃控元帳 lines and the import of the same lines",
            backend.name()
        ));
        let ledger = ledger_rows(release, &envs, &group, data, backend)?;
        drop(db);
        let mut rows = parse_rows(&out);
        rows.extend(parse_rows(&floor));
        let title = format!("cjs serve on {}", backend.name());
        println!("{}", table(&title, &rows, &wrk_rows));
        println!(
            "\n| 労金控除 on {} | seconds | vs writing the details |\n|---|---:|---:|\n\
             | write {DETAILS} details with their history (multi-row INSERTs, the baseline) | {insert:.2} | 1.00 |\n\
             | 締切 snapshot of them ({lines} request lines, one transaction) | {snapshot:.2} | {:.2} |",
            backend.name(),
            snapshot / insert
        );
        println!("{}", ledger.table(backend));
        println!("{}", memory_table(backend, idle_start, after, &out));
    }
    Ok(())
}

/// A process's resident memory now and its peak, in MB (from /proc/<pid>/status).
#[derive(Clone, Copy, Default)]
struct Memory {
    rss: f64,
    peak: f64,
}

impl Memory {
    fn of(pid: u32) -> Memory {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                .map_or(f64::NAN, |kib| kib / 1024.0)
        };
        Memory {
            rss: field("VmRSS:"),
            peak: field("VmHWM:"),
        }
    }
}

/// The idle-after-load goal of issue 13.
const IDLE_GOAL_MB: f64 = 60.0;

fn memory_table(backend: Backend, start: Memory, after: Memory, load_out: &str) -> String {
    let requests: u64 = load_out
        .lines()
        .filter_map(|l| l.strip_prefix("ROW|"))
        .filter_map(|r| r.split('|').nth(5)?.parse::<u64>().ok())
        .sum();
    format!(
        "\n| memory of cjs serve on {} (around the load client: {requests} requests incl. the logins) | MB |\n|---|---:|\n\
         | resident at start, idle (the baseline) | {:.1} |\n\
         | peak during the load (VmHWM) | {:.1} |\n\
         | resident 5 s after the load | {:.1} (goal < {IDLE_GOAL_MB:.0} {}) |",
        backend.name(),
        start.rss,
        after.peak,
        after.rss,
        if after.rss < IDLE_GOAL_MB {
            "✓"
        } else {
            "✗"
        },
    )
}

/// Lines in the 賃控元帳 rows.
const LEDGER_LINES: u32 = 100_000;

/// The targets for the 100,000-line import.
const IMPORT_SECONDS: f64 = 3.0;
const IMPORT_RSS_MB: f64 = 300.0;

/// The 賃控元帳 rows of one backend: seconds and peak RSS (KiB) of each process.
struct LedgerFigures {
    insert: (f64, u64),
    import: (f64, u64),
}

impl LedgerFigures {
    fn table(&self, backend: Backend) -> String {
        let mb = |kib: u64| kib as f64 / 1024.0;
        let (insert, insert_rss) = self.insert;
        let (import, import_rss) = self.import;
        let mark = |ok: bool| if ok { "✓" } else { "✗" };
        format!(
            "\n| 賃控元帳 on {} | seconds | vs writing the lines | peak RSS | target |\n\
             |---|---:|---:|---:|---|\n\
             | write {LEDGER_LINES} lines with their history (ledger generate: multi-row INSERTs, the baseline) | {insert:.2} | 1.00 | {:.1} MB | - |\n\
             | 明細データインポート of the same {LEDGER_LINES} lines (their exported file into a second group: read, check, all 新規 in one transaction) | {import:.2} | {:.2} | {:.1} MB | ≤ {IMPORT_SECONDS:.0} s {}, < {IMPORT_RSS_MB:.0} MB {} |",
            backend.name(),
            mb(insert_rss),
            import / insert,
            mb(import_rss),
            mark(import <= IMPORT_SECONDS),
            mark(mb(import_rss) < IMPORT_RSS_MB),
        )
    }
}

/// 賃控元帳 at a bank's size, each step timed as its own process: `LEDGER_LINES` lines written
/// into `group` by `cjs operator ledger generate` (multi-row INSERTs with their history in one
/// transaction, no reading: the baseline, the cost of writing those rows), exported as
/// 賃控元帳明細データ (untimed), and that file imported into a second group with the same items
/// by `cjs operator ledger import` (the CSV read and decoded, every row checked, then every line
/// 新規 with its history in one transaction). Both run under GNU time for their peak RSS.
fn ledger_rows(
    release: &Path,
    envs: &[(&str, String)],
    group: &str,
    data: &Path,
    backend: Backend,
) -> Result<LedgerFigures, String> {
    let (_, other) = create_contract(release, envs)?;
    ledger_items(&release.join("cjs"), envs, &[group, other.as_str()])?;
    let count = LEDGER_LINES.to_string();
    let (_, insert) = operator_timed(
        release,
        envs,
        &[
            "ledger",
            "generate",
            "--group",
            group,
            "--count",
            &count,
            "--start-month",
            "2024-04",
            "--json",
        ],
    )?;
    let file = data.join(format!("ledger-{}.csv", backend.name()));
    let file = file.display().to_string();
    operator(
        release,
        envs,
        &[
            "ledger", "export", "--group", group, "--file", &file, "--json",
        ],
    )?;
    let (out, import) = operator_timed(
        release,
        envs,
        &[
            "ledger", "import", "--group", &other, "--file", &file, "--from", "2024-07", "--json",
        ],
    )?;
    let new = out
        .split("\"new\":")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse::<u32>().ok());
    if new != Some(LEDGER_LINES) {
        return Err(format!("the import should add {LEDGER_LINES} lines: {out}"));
    }
    let _ = std::fs::remove_file(&file);
    Ok(LedgerFigures { insert, import })
}

/// `cjs operator …` under GNU time: its standard output, and (seconds, peak RSS in KiB).
fn operator_timed(
    release: &Path,
    envs: &[(&str, String)],
    args: &[&str],
) -> Result<(String, (f64, u64)), String> {
    let rss = std::env::temp_dir().join(format!("cjs-bench-rss-{}", std::process::id()));
    let mut cmd = Command::new("/usr/bin/time");
    cmd.arg("-o")
        .arg(&rss)
        .args(["-f", "%M"])
        .arg(release.join("cjs"))
        .arg("operator")
        .args(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let began = Instant::now();
    let out = output(&mut cmd).ok_or_else(|| format!("cjs operator {} failed", args.join(" ")))?;
    let seconds = began.elapsed().as_secs_f64();
    let kib = std::fs::read_to_string(&rss)
        .ok()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()))
        .ok_or_else(|| {
            format!(
                "no peak RSS from GNU time for cjs operator {}",
                args.join(" ")
            )
        })?;
    let _ = std::fs::remove_file(&rss);
    Ok((out, (seconds, kib)))
}

/// A member contract made with the operator command, on the backend `envs` name: its number and
/// its one payment group's (労金控除 with 明細更新 among its services).
fn create_contract(release: &Path, envs: &[(&str, String)]) -> Result<(String, String), String> {
    let created = operator(
        release,
        envs,
        &[
            "contract",
            "create",
            "--kind",
            "member",
            "--name",
            "性能試験労組",
            "--name-kana",
            "ｾｲﾉｳｼｹﾝ",
            "--initial-password",
            "Bench#01",
            "--json",
        ],
    )?;
    let field = |name: &str| {
        created
            .split(&format!("\"{name}\":\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .map(str::to_owned)
            .ok_or_else(|| format!("no {name} in {created}"))
    };
    Ok((field("contract_number")?, field("payment_group")?))
}

/// `cjs operator …` on the backend `envs` name; its standard output.
fn operator(release: &Path, envs: &[(&str, String)], args: &[&str]) -> Result<String, String> {
    let mut cmd = Command::new(release.join("cjs"));
    cmd.arg("operator").args(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    output(&mut cmd).ok_or_else(|| format!("cjs operator {} failed", args.join(" ")))
}

/// Details in the bench group, for the 明細照会 row and the snapshot row.
const DETAILS: u32 = 100_000;

/// 労金控除 at a bank's size: `DETAILS` details written by `cjs operator deduction generate`
/// (multi-row INSERTs, the baseline: the cost of writing that many rows with their history),
/// then the 締切 snapshot of them (`cjs operator deduction close`, one transaction: reads every
/// detail, derives the lines, writes them), each timed as its own process.
fn deduction_rows(
    release: &Path,
    envs: &[(&str, String)],
    group: &str,
) -> Result<(f64, f64, usize), String> {
    let began = Instant::now();
    operator(
        release,
        envs,
        &[
            "deduction",
            "generate",
            "--group",
            group,
            "--count",
            &DETAILS.to_string(),
            "--start-month",
            "2024-01",
            "--json",
        ],
    )?;
    let insert = began.elapsed().as_secs_f64();
    operator(
        release,
        envs,
        &[
            "cycle",
            "set",
            "--group",
            group,
            "--occasion",
            "monthly",
            "--month",
            "2024-02",
            "--deadline",
            "2024-01-20",
            "--payday",
            "2024-02-23",
            "--json",
        ],
    )?;
    let began = Instant::now();
    let out = operator(
        release,
        envs,
        &[
            "deduction",
            "close",
            "--group",
            group,
            "--occasion",
            "monthly",
            "--month",
            "2024-02",
            "--json",
        ],
    )?;
    let snapshot = began.elapsed().as_secs_f64();
    let lines = out
        .split("\"lines\":")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("no line count in {out}"))?;
    Ok((insert, snapshot, lines))
}

/// The report rows: a 10,000-row A4 list PDF and a 100,000-row CP932 CSV stream, and the same for
/// 労金控除 (控除依頼リスト of 10,000 lines, 労金控除依頼データ of 100,000 lines) and 賃控元帳
/// (賃控元帳明細データ export of 100,000 lines and its import parse), each made by
/// `cjs-reports`' `report-bench` binary in its own process (so its VmHWM is its own peak).
/// Returns true with `--reports-only`, to skip the HTTP rows.
fn report_rows(args: &[String]) -> Result<bool, String> {
    step("report rows: building cjs-reports' report-bench (release)");
    cargo(&[
        "build",
        "--release",
        "-p",
        "cjs-reports",
        "--bin",
        "report-bench",
    ])?;
    let bin = target_dir().join("release/report-bench");
    let dir = tmpdir("reports")?;
    let mut rows = Vec::new();
    for (kind, n, file) in [
        ("pdf", "10000", "list.pdf"),
        ("csv", "100000", "stream.csv"),
        ("deduction-pdf", "10000", "deduction.pdf"),
        ("deduction-csv", "100000", "deduction.csv"),
        ("ledger-csv", "100000", "ledger.csv"),
        ("ledger-import", "100000", "ledger-import.csv"),
    ] {
        let out = output(Command::new(&bin).args([kind, n, &dir.join(file).display().to_string()]))
            .ok_or_else(|| format!("report-bench {kind} {n} failed"))?;
        let row = out
            .lines()
            .find_map(|l| l.strip_prefix("ROW|"))
            .ok_or_else(|| format!("no ROW in report-bench output:\n{out}"))?
            .split('|')
            .map(str::to_owned)
            .collect::<Vec<_>>();
        rows.push(row);
    }
    println!("\n| report | seconds | bytes | peak RSS |");
    println!("|---|---:|---:|---:|");
    for r in &rows {
        if let [label, secs, bytes, kib] = r.as_slice() {
            let mb = |v: &str, div: f64| v.parse::<f64>().map(|x| x / div).unwrap_or(0.0);
            println!(
                "| {label} | {secs} | {:.2} MB | {:.1} MB |",
                mb(bytes, 1e6),
                mb(kib, 1024.0)
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(args.iter().any(|a| a == "--reports-only"))
}

/// The two 賃控元帳種目 the bench and the soak write lines of (組合費 monthly, 共済掛金 monthly
/// and bonus), in each of the groups.
/// `cjs` is the binary itself (the soak's is not in a release directory).
pub(crate) fn ledger_items(
    cjs: &Path,
    envs: &[(&str, String)],
    groups: &[&str],
) -> Result<(), String> {
    for g in groups {
        for (code, name, kind, bonus) in [
            ("101", "組合費", "union_dues", false),
            ("201", "共済掛金", "mutual_aid", true),
        ] {
            let mut args = vec![
                "ledger",
                "item-add",
                "--group",
                g,
                "--code",
                code,
                "--name",
                name,
                "--kind",
                kind,
                "--monthly",
                "--json",
            ];
            if bonus {
                args.push("--bonus");
            }
            let mut cmd = Command::new(cjs);
            cmd.arg("operator").args(&args);
            for (k, v) in envs {
                cmd.env(k, v);
            }
            output(&mut cmd).ok_or_else(|| format!("cjs operator {} failed", args.join(" ")))?;
        }
    }
    Ok(())
}

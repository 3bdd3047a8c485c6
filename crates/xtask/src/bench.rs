//! `cargo xtask bench`: load figures printed as a table. Each row runs the real release binary
//! on loopback with a bounded load (wrk, fixed duration), next to a bare actix-web JSON handler
//! with the same TLS set-up started in the same run.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{cargo, ensure_apt, output, step, target_dir};

struct Killed(Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

fn wait_for(url: &str) -> Result<(), String> {
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

fn spawn(bin: &Path, args: &[&str], envs: &[(&str, String)], log: &Path) -> Result<Killed, String> {
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

pub fn run(args: &[String]) -> Result<(), String> {
    if report_rows(args)? {
        return Ok(());
    }
    let seconds: u32 = args
        .iter()
        .position(|a| a == "--seconds")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    ensure_apt(&["wrk"], "/usr/bin/wrk")?;
    step("building release binaries (cjs, the bare handler, the authenticated load generator)");
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
    ])?;
    let release = target_dir().join("release");
    let data = tmpdir("data")?;

    let cjs_port = free_port()?;
    let _cjs = spawn(
        &release.join("cjs"),
        &["serve"],
        &[
            ("CJS__DATA_DIR", data.display().to_string()),
            ("CJS__SERVER__BIND", format!("127.0.0.1:{cjs_port}")),
            ("CJS__POLICY__SERVICE_HOURS", "false".into()),
            ("CJS__LOG__LEVEL", "warn".into()),
        ],
        &data.join("cjs.log"),
    )?;
    wait_for(&format!("https://127.0.0.1:{cjs_port}/api/v1/health"))?;

    let bare_port = free_port()?;
    let bare_bind = format!("127.0.0.1:{bare_port}");
    let pki_dir = data.join("pki").display().to_string();
    let _bare = spawn(
        &release.join("examples/bare"),
        &[bare_bind.as_str(), pki_dir.as_str()],
        &[],
        &data.join("bare.log"),
    )?;
    wait_for(&format!("https://127.0.0.1:{bare_port}/health"))?;

    step(&format!(
        "measuring ({seconds} s per row, wrk -t2 -c50, HTTPS keep-alive, 2 cores shared with the load generator)"
    ));
    let bare = wrk(
        &format!("https://127.0.0.1:{bare_port}/health"),
        seconds,
        50,
    )?;
    let health = wrk(
        &format!("https://127.0.0.1:{cjs_port}/api/v1/health"),
        seconds,
        50,
    )?;
    let ready = wrk(
        &format!("https://127.0.0.1:{cjs_port}/api/v1/ready"),
        seconds,
        50,
    )?;

    step("authenticated rows (certificate-bound session; the load generator is examples/load.rs)");
    let mut create = Command::new(release.join("cjs"));
    create
        .args([
            "operator",
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
        ])
        .env("CJS__DATA_DIR", &data)
        .env("CJS__LOG__LEVEL", "warn");
    let created = output(&mut create).ok_or("operator contract create failed")?;
    let contract = created
        .split("\"contract_number\":\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .ok_or_else(|| format!("no contract number in {created}"))?
        .to_owned();
    let load = output(Command::new(release.join("examples/load")).args([
        format!("https://127.0.0.1:{cjs_port}"),
        data.display().to_string(),
        contract,
        "Bench#01".to_owned(),
        seconds.to_string(),
    ]))
    .ok_or("the authenticated load run failed (see examples/load.rs)")?;
    let auth_rows: Vec<Vec<String>> = load
        .lines()
        .filter_map(|l| l.strip_prefix("ROW|"))
        .map(|l| l.split('|').map(str::to_owned).collect())
        .collect();

    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!("\n| row | req/s | p99 | vs bare handler |");
    println!("|---|---:|---:|---:|");
    println!(
        "| bare actix-web JSON handler (same TLS) | {:.0} | {} | 1.00 |",
        bare.rps, bare.p99
    );
    println!(
        "| GET /api/v1/health | {:.0} | {} | {:.2} |",
        health.rps,
        health.p99,
        health.rps / bare.rps
    );
    println!(
        "| GET /api/v1/ready (SQLite query) | {:.0} | {} | {:.2} |",
        ready.rps,
        ready.p99,
        ready.rps / bare.rps
    );
    for r in &auth_rows {
        if let [label, rps, p99] = r.as_slice() {
            let ratio = rps
                .parse::<f64>()
                .map(|x| format!("{:.2}", x / bare.rps))
                .unwrap_or_default();
            println!("| {label} | {rps} | {p99}ms | {ratio} |");
        }
    }
    println!(
        "\n({cpus} CPUs; figures from this machine, this run; wrk rows: wrk -t2 -c50; authenticated rows: a single-threaded awc client)"
    );
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}

/// The report rows: a 10,000-row A4 list PDF and a 100,000-row CP932 CSV stream, each made by
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

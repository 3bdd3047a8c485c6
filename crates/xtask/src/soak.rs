//! `cargo xtask soak [--minutes N]`: three `cjs serve` instances (release, proxy mode, the shipped
//! deploy/cjs.production.toml) on one private PostgreSQL cluster, behind a local nginx running the
//! shipped deploy/nginx/cjs.conf (TLS termination, optional client certificates passed in
//! `X-SSL-Client-Cert`), driven by real users with real certificates (crates/server/examples/
//! soak.rs) for N minutes (default 4). During the run PostgreSQL is stopped for 10 s and, later,
//! one instance is `kill -9`'d and restarted. At the end every acknowledged write is compared with
//! the database.
//!
//! Prints per route p50/p99 and error counts, and as its last line
//! `soak: <requests> requests, <errors> errors, <lost> lost writes, p99 <ms> ms`. Errors are the
//! requests outside the fault windows (plus a grace for recovery) that failed, and those inside
//! that failed other than with 503 and an error code. Exits non-zero on any error or lost write.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::bench::{Killed, free_port, spawn};
use crate::util::{cargo, ensure_apt, output, root, step, target_dir};

/// Instances behind nginx.
const INSTANCES: usize = 3;
/// Contracts; each has a master and one general user.
const CONTRACTS: usize = 5;
/// 労金控除明細 per contract's group (pages for 明細照会, lines for the request list).
const DETAILS: u32 = 2_000;
/// 賃控元帳明細 in the imported file.
const LEDGER_LINES: u32 = 100_000;
/// How long PostgreSQL stays down.
const PG_DOWN: Duration = Duration::from_secs(10);
/// After a fault window ends, this long is still the fault's (connections re-established, nginx
/// taking the instance back).
const GRACE_MS: u64 = 5_000;
/// The closed cycle whose request list and data the users download.
const CLOSED_MONTH: &str = "2024-02";

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// A fault window: from the fault to the moment the part was back (unix ms).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Window {
    pub what: String,
    pub from: u64,
    pub to: u64,
}

/// One request as the workload recorded it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Request {
    pub route: String,
    pub start_ms: u64,
    pub micros: u64,
    /// 0: no HTTP answer (connection refused or cut).
    pub status: u16,
    pub code: String,
}

impl Request {
    fn parse(line: &str) -> Option<Self> {
        let f: Vec<&str> = line.split('\t').collect();
        let [route, start, micros, status, code, _user] = f.as_slice() else {
            return None;
        };
        Some(Self {
            route: (*route).to_owned(),
            start_ms: start.parse().ok()?,
            micros: micros.parse().ok()?,
            status: status.parse().ok()?,
            code: (*code).to_owned(),
        })
    }

    fn end_ms(&self) -> u64 {
        self.start_ms + self.micros.div_ceil(1000)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Answered as the workload expects (2xx, or 409 to a stale PUT: optimistic concurrency).
    Ok,
    /// 503 with an error code while a fault lasted (or in its grace): the expected refusal.
    Refused,
    Error,
}

/// How a request counts, given the fault windows.
pub(crate) fn classify(r: &Request, windows: &[Window], grace_ms: u64) -> Outcome {
    if (200..300).contains(&r.status) || (r.status == 409 && r.route.starts_with("PUT ")) {
        return Outcome::Ok;
    }
    let during = windows
        .iter()
        .any(|w| r.start_ms <= w.to + grace_ms && r.end_ms() >= w.from);
    if during && r.status == 503 && !r.code.is_empty() {
        Outcome::Refused
    } else {
        Outcome::Error
    }
}

/// The q-quantile of sorted values (nearest rank).
pub(crate) fn percentile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

pub(crate) fn summary_line(requests: usize, errors: usize, lost: u64, p99_micros: u64) -> String {
    format!(
        "soak: {requests} requests, {errors} errors, {lost} lost writes, p99 {} ms",
        p99_micros.div_ceil(1000)
    )
}

/// An acknowledged 変更: the detail, the version the answer named, the 月例金額 it answered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ack {
    pub id: String,
    pub version: i64,
    pub amount: i64,
}

/// Acknowledged writes the database does not hold: the history has no such version with that
/// 月例金額, or the detail is behind that version, or at that version with another amount.
pub(crate) fn lost_writes(
    acks: &[Ack],
    history: &HashMap<(String, i64), i64>,
    current: &HashMap<String, (i64, i64)>,
) -> Vec<Ack> {
    acks.iter()
        .filter(|a| {
            let in_history = history.get(&(a.id.clone(), a.version)) == Some(&a.amount);
            let now = current.get(&a.id);
            let current_ok = now.is_some_and(|(v, amount)| {
                *v > a.version || (*v == a.version && *amount == a.amount)
            });
            !(in_history && current_ok)
        })
        .cloned()
        .collect()
}

/// The soak's nginx configuration: the shipped deploy/nginx/cjs.conf with only what must differ
/// on one machine changed — the HTTP→HTTPS server dropped, the upstream servers replaced by the
/// local instances (same parameters), the TLS server listening on loopback, the certificate paths
/// pointing at the instances' pki/. Every other directive is the shipped one. Fails when the
/// shipped file no longer has the lines this rewrites (so the soak cannot silently drift).
pub(crate) fn nginx_site(
    shipped: &str,
    upstreams: &[u16],
    port: u16,
    cert: &Path,
    key: &Path,
    ca: &Path,
) -> Result<String, String> {
    let mut out = String::new();
    let mut block = String::new();
    let mut depth = 0usize;
    let (mut upstream_seen, mut listen_seen, mut certs_seen) = (false, false, 0);
    for line in shipped.lines() {
        let t = line.trim();
        if depth == 0 && (t.starts_with('#') || t.is_empty()) {
            continue;
        }
        let mut l = line.to_owned();
        if t.starts_with("server ")
            && t.contains(':')
            && depth == 1
            && block.starts_with("upstream")
        {
            if upstream_seen {
                continue;
            }
            upstream_seen = true;
            let params = t
                .trim_end_matches(';')
                .split_whitespace()
                .skip(2)
                .collect::<Vec<_>>()
                .join(" ");
            l = upstreams
                .iter()
                .map(|p| format!("    server 127.0.0.1:{p} {params};"))
                .collect::<Vec<_>>()
                .join("\n");
        } else if t.starts_with("listen [::]") {
            continue;
        } else if t.starts_with("listen 443 ") {
            listen_seen = true;
            l = line.replacen("listen 443 ", &format!("listen 127.0.0.1:{port} "), 1);
        } else {
            for (from, to) in [
                ("/etc/nginx/tls/cjs.example.jp.crt", cert),
                ("/etc/nginx/tls/cjs.example.jp.key", key),
                ("/etc/nginx/tls/cjs-client-ca.crt", ca),
            ] {
                if l.contains(from) {
                    certs_seen += 1;
                    l = l.replace(from, &to.display().to_string());
                }
            }
        }
        block.push_str(&l);
        block.push('\n');
        depth += t.matches('{').count();
        depth = depth.saturating_sub(t.matches('}').count());
        if depth == 0 {
            // A whole top-level block: the plain-HTTP redirect server is not the soak's.
            if !block.contains("listen 80;") {
                out.push_str(&block);
            }
            block.clear();
        }
    }
    if !upstream_seen || !listen_seen || certs_seen != 3 || out.contains("/etc/nginx") {
        return Err(
            "deploy/nginx/cjs.conf changed shape: the soak rewrites its upstream servers, \
             `listen 443` and the three /etc/nginx/tls paths"
                .into(),
        );
    }
    Ok(out)
}

fn nginx_main(prefix: &Path, site: &str) -> String {
    let p = prefix.display();
    format!(
        "daemon off;\nworker_processes 2;\npid {p}/nginx.pid;\nerror_log {p}/error.log warn;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n  access_log off;\n  default_type application/octet-stream;\n\
         \x20 client_body_temp_path {p}/body;\n  proxy_temp_path {p}/proxy;\n\
         \x20 fastcgi_temp_path {p}/fastcgi;\n  uwsgi_temp_path {p}/uwsgi;\n  scgi_temp_path {p}/scgi;\n\
         {site}}}\n"
    )
}

fn arg<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

/// The private PostgreSQL cluster: initdb'd in the soak's directory, run as `postgres`.
struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
}

impl Cluster {
    fn pg_ctl(&self, args: &[&str]) -> Result<(), String> {
        let out = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(args)
            .output()
            .map_err(|e| format!("pg_ctl: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "pg_ctl {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    fn create(base: &Path) -> Result<Self, String> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .map_err(|e| format!("/usr/lib/postgresql: {e} (install postgresql)"))?
            .filter_map(Result::ok)
            .map(|e| e.path().join("bin"))
            .filter(|b| b.join("initdb").is_file())
            .max()
            .ok_or("no /usr/lib/postgresql/*/bin/initdb (install postgresql)")?;
        let dir = base.join("pg");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        crate::util::run(
            Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&dir),
        )?;
        let out = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(bin.join("initdb"))
            .args(["-A", "trust", "-U", "postgres", "-D"])
            .arg(dir.join("data"))
            .output()
            .map_err(|e| format!("initdb: {e}"))?;
        if !out.status.success() {
            return Err(format!("initdb: {}", String::from_utf8_lossy(&out.stderr)));
        }
        let c = Self {
            bin,
            dir,
            port: free_port()?,
        };
        c.start()?;
        psql(c.port, "postgres", "create database cjs")?;
        Ok(c)
    }

    fn start(&self) -> Result<(), String> {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=100",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("postgres.log").display().to_string();
        self.pg_ctl(&["-w", "-o", &opts, "-l", &log, "start"])
    }

    fn stop(&self) -> Result<(), String> {
        self.pg_ctl(&["-w", "-m", "fast", "stop"])
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/cjs", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.pg_ctl(&["-m", "immediate", "stop"]);
    }
}

fn psql(port: u16, db: &str, sql: &str) -> Result<String, String> {
    output(Command::new("psql").args([
        "-h",
        "127.0.0.1",
        "-p",
        &port.to_string(),
        "-U",
        "postgres",
        "-d",
        db,
        "-v",
        "ON_ERROR_STOP=1",
        "-AtqF",
        "\t",
        "-c",
        sql,
    ]))
    .ok_or_else(|| format!("psql: `{sql}` failed"))
}

/// The soak's directory, removed when this goes (after every process in it has stopped: declare
/// it first).
struct TempDir(PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn curl_ok(url: &str) -> bool {
    output(Command::new("curl").args(["-skf", "-o", "/dev/null", "-m", "2", url])).is_some()
}

fn wait_until(what: &str, ok: impl Fn() -> bool) -> Result<(), String> {
    let began = Instant::now();
    while began.elapsed() < Duration::from_secs(60) {
        if ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("{what} did not come up"))
}

/// One `cjs serve` instance and how to start it again.
struct Instance {
    env: Vec<(&'static str, String)>,
    port: u16,
    log: PathBuf,
    proc: Option<Killed>,
}

impl Instance {
    fn start(&mut self, bin: &Path) -> Result<(), String> {
        let envs: Vec<(&str, String)> = self.env.iter().map(|(k, v)| (*k, v.clone())).collect();
        // Appends: the log of a restarted instance keeps its first life's lines.
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .map_err(|e| e.to_string())?;
        let mut cmd = Command::new(bin);
        cmd.arg("serve").stdout(Stdio::null()).stderr(log);
        for (k, v) in &envs {
            cmd.env(k, v);
        }
        let child: Child = cmd.spawn().map_err(|e| format!("{}: {e}", bin.display()))?;
        self.proc = Some(Killed(child));
        let url = format!("http://127.0.0.1:{}/api/v1/ready", self.port);
        wait_until(&format!("instance on port {}", self.port), || curl_ok(&url))
    }
}

fn operator(bin: &Path, env: &[(&'static str, String)], args: &[&str]) -> Result<String, String> {
    let mut cmd = Command::new(bin);
    cmd.arg("operator").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    output(&mut cmd).ok_or_else(|| format!("cjs operator {} failed", args.join(" ")))
}

fn json_field(json: &str, name: &str) -> Result<String, String> {
    json.split(&format!("\"{name}\":\""))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .map(str::to_owned)
        .ok_or_else(|| format!("no {name} in {json}"))
}

/// `date -u -d …` as YYYY-MM-DD.
fn day(offset: &str) -> Result<String, String> {
    output(Command::new("date").args(["-u", "-d", offset, "+%Y-%m-%d"]))
        .map(|s| s.trim().to_owned())
        .ok_or_else(|| format!("date -d {offset}"))
}

pub fn run(args: &[String]) -> Result<(), String> {
    let minutes: u64 = arg(args, "--minutes")
        .map(|m| {
            m.parse()
                .map_err(|_| format!("--minutes {m}: a whole number"))
        })
        .transpose()?
        .unwrap_or(4);
    let seconds = (minutes * 60).max(60);
    ensure_apt(&["nginx-light"], "/usr/sbin/nginx")?;
    ensure_apt(&["postgresql-client"], "/usr/bin/psql")?;
    ensure_apt(&["curl"], "/usr/bin/curl")?;
    step("building release binaries (cjs, the soak workload, the bench's load client)");
    cargo(&[
        "build",
        "--release",
        "-p",
        "cjs-server",
        "--bin",
        "cjs",
        "--example",
        "soak",
        "--example",
        "load",
    ])?;
    let release = target_dir().join("release");
    let cjs = release.join("cjs");
    let base = PathBuf::from(format!("/var/tmp/cjs-soak-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).map_err(|e| e.to_string())?;
    let _dir = TempDir(base.clone());
    let out = soak(&cjs, &release.join("examples/soak"), &base, seconds);
    if out.is_err() {
        for i in 1..=INSTANCES {
            let log = base.join(format!("cjs-{i}.log"));
            if let Ok(t) = std::fs::read_to_string(&log) {
                let tail: Vec<&str> = t.lines().rev().take(5).collect();
                eprintln!("--- {} (last lines)", log.display());
                for l in tail.iter().rev() {
                    eprintln!("{l}");
                }
            }
        }
    }
    out
}

fn soak(cjs: &Path, workload: &Path, base: &Path, seconds: u64) -> Result<(), String> {
    step("a private PostgreSQL cluster");
    let pg = Cluster::create(base)?;
    let outbox = base.join("outbox");
    std::fs::create_dir_all(&outbox).map_err(|e| e.to_string())?;
    let production = root().join("deploy/cjs.production.toml");
    let mut instances = Vec::new();
    for i in 1..=INSTANCES {
        let port = free_port()?;
        let data = base.join(format!("data-{i}"));
        std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
        instances.push(Instance {
            env: vec![
                ("CJS_CONFIG", production.display().to_string()),
                ("CJS__DATA_DIR", data.display().to_string()),
                ("CJS__SERVER__BIND", format!("127.0.0.1:{port}")),
                // The shipped file puts every instance's metrics on 127.0.0.1:9464: one machine
                // here, so one port each.
                ("CJS__METRICS__BIND", format!("127.0.0.1:{}", free_port()?)),
                (
                    "CJS__SERVER__SPA_DIR",
                    base.join("no-spa").display().to_string(),
                ),
                (
                    "CJS__SERVER__CLIENT_CERT__TRUSTED_PROXIES",
                    "127.0.0.1".into(),
                ),
                ("CJS__DATABASE__URL", pg.url()),
                (
                    "CJS__MAIL__TRANSPORT",
                    format!("file://{}", outbox.display()),
                ),
                ("CJS__POLICY__SERVICE_HOURS", "false".into()),
                ("CJS__LOG__LEVEL", "warn".into()),
            ],
            port,
            log: base.join(format!("cjs-{i}.log")),
            proc: None,
        });
    }
    step(&format!(
        "{INSTANCES} instances of cjs serve (deploy/cjs.production.toml, proxy mode); the first \
         makes pki/, copied to the others"
    ));
    instances[0].start(cjs)?;
    let pki = base.join("data-1/pki");
    for i in 2..=INSTANCES {
        let to = base.join(format!("data-{i}"));
        crate::util::run(Command::new("cp").arg("-a").arg(&pki).arg(&to))?;
    }
    for inst in instances.iter_mut().skip(1) {
        inst.start(cjs)?;
    }
    let env = instances[0].env.clone();

    step(&format!(
        "seed: {CONTRACTS} contracts, {DETAILS} 労金控除明細 each with a closed {CLOSED_MONTH} \
         cycle and an open one; a {LEDGER_LINES}-line 賃控元帳明細データ file"
    ));
    let open_deadline = day("+30 days")?;
    let open_payday = day("+60 days")?;
    let open_month = &open_payday[..7];
    let mut contracts = Vec::new();
    let mut groups = Vec::new();
    for _ in 0..CONTRACTS {
        let created = operator(
            cjs,
            &env,
            &[
                "contract",
                "create",
                "--kind",
                "member",
                "--name",
                "耐久試験労組",
                "--name-kana",
                "ﾀｲｷｭｳｼｹﾝ",
                "--initial-password",
                "Soak#001",
                "--json",
            ],
        )?;
        let number = json_field(&created, "contract_number")?;
        let group = json_field(&created, "payment_group")?;
        let count = DETAILS.to_string();
        operator(
            cjs,
            &env,
            &[
                "deduction",
                "generate",
                "--group",
                &group,
                "--count",
                &count,
                "--start-month",
                "2024-01",
                "--json",
            ],
        )?;
        for (month, deadline, payday) in [
            (CLOSED_MONTH, "2024-01-20", "2024-02-23"),
            (open_month, open_deadline.as_str(), open_payday.as_str()),
        ] {
            operator(
                cjs,
                &env,
                &[
                    "cycle",
                    "set",
                    "--group",
                    &group,
                    "--occasion",
                    "monthly",
                    "--month",
                    month,
                    "--deadline",
                    deadline,
                    "--payday",
                    payday,
                    "--json",
                ],
            )?;
        }
        operator(
            cjs,
            &env,
            &[
                "deduction",
                "close",
                "--group",
                &group,
                "--occasion",
                "monthly",
                "--month",
                CLOSED_MONTH,
                "--json",
            ],
        )?;
        contracts.push(number);
        groups.push(group);
    }
    // The file: generated in a contract of its own and exported (the layout docs/ledger.md
    // documents), imported by the first contract's master during the run.
    let created = operator(
        cjs,
        &env,
        &[
            "contract",
            "create",
            "--kind",
            "member",
            "--name",
            "元帳原本労組",
            "--name-kana",
            "ﾓﾄﾁｮｳ",
            "--initial-password",
            "Soak#001",
            "--json",
        ],
    )?;
    let source = json_field(&created, "payment_group")?;
    crate::bench::ledger_items(cjs, &env, &[source.as_str(), groups[0].as_str()])?;
    let count = LEDGER_LINES.to_string();
    operator(
        cjs,
        &env,
        &[
            "ledger",
            "generate",
            "--group",
            &source,
            "--count",
            &count,
            "--start-month",
            "2024-04",
            "--json",
        ],
    )?;
    let ledger_file = base.join("ledger.csv");
    let file = ledger_file.display().to_string();
    operator(
        cjs,
        &env,
        &[
            "ledger", "export", "--group", &source, "--file", &file, "--json",
        ],
    )?;

    step("nginx with deploy/nginx/cjs.conf (the soak's copy: local upstreams and files)");
    let shipped = std::fs::read_to_string(root().join("deploy/nginx/cjs.conf"))
        .map_err(|e| format!("deploy/nginx/cjs.conf: {e}"))?;
    let nginx_port = free_port()?;
    let prefix = base.join("nginx");
    std::fs::create_dir_all(&prefix).map_err(|e| e.to_string())?;
    let ports: Vec<u16> = instances.iter().map(|i| i.port).collect();
    let site = nginx_site(
        &shipped,
        &ports,
        nginx_port,
        &pki.join("server.crt"),
        &pki.join("server.key"),
        &pki.join("ca.crt"),
    )?;
    let conf = prefix.join("nginx.conf");
    std::fs::write(&conf, nginx_main(&prefix, &site)).map_err(|e| e.to_string())?;
    let nginx_args = [
        "-p".to_owned(),
        prefix.display().to_string(),
        "-c".to_owned(),
        conf.display().to_string(),
    ];
    let args: Vec<&str> = nginx_args.iter().map(String::as_str).collect();
    crate::util::run(Command::new("/usr/sbin/nginx").args(&args).arg("-t"))?;
    let _nginx = Nginx(Some(spawn(
        Path::new("/usr/sbin/nginx"),
        &args,
        &[],
        &prefix.join("stderr.log"),
    )?));
    let url = format!("https://127.0.0.1:{nginx_port}");
    wait_until("nginx", || curl_ok(&format!("{url}/api/v1/health")))?;

    let plan = base.join("plan.txt");
    let mut p = format!("seconds {seconds}\ncycle monthly {CLOSED_MONTH}\nimport {file} 2024-07\n");
    for c in &contracts {
        p.push_str(&format!("contract {c} Soak#001\n"));
    }
    std::fs::write(&plan, p).map_err(|e| e.to_string())?;
    let results = base.join("results");
    std::fs::create_dir_all(&results).map_err(|e| e.to_string())?;

    step(&format!(
        "the workload: {} users for {seconds} s through nginx; PostgreSQL stopped for {} s at \
         {} s, one instance kill -9'd at {} s",
        CONTRACTS * 2,
        PG_DOWN.as_secs(),
        seconds * 3 / 10,
        seconds * 13 / 20
    ));
    let mut child = Command::new(workload)
        .arg(&url)
        .arg(pki.join("ca.crt"))
        .arg(&outbox)
        .arg(&plan)
        .arg(&results)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", workload.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let started = loop {
        match lines.next() {
            Some(Ok(l)) => {
                if let Some(ms) = l.strip_prefix("START ") {
                    break ms.trim().parse::<u64>().map_err(|e| e.to_string())?;
                }
            }
            _ => {
                let _ = child.wait();
                return Err("the workload ended before it started (its errors are above)".into());
            }
        }
    };
    let mut guard = Killed(child);
    let at = |s: u64| {
        let target = started + s * 1000;
        let now = unix_ms();
        if target > now {
            std::thread::sleep(Duration::from_millis(target - now));
        }
    };
    let mut windows = Vec::new();
    at(seconds * 3 / 10);
    let from = unix_ms();
    pg.stop()?;
    std::thread::sleep(PG_DOWN);
    pg.start()?;
    windows.push(Window {
        what: format!("PostgreSQL stopped ({} s)", PG_DOWN.as_secs()),
        from,
        to: unix_ms(),
    });
    at(seconds * 13 / 20);
    let victim = INSTANCES / 2;
    let from = unix_ms();
    drop(instances[victim].proc.take());
    instances[victim].start(cjs)?;
    windows.push(Window {
        what: format!("instance {} kill -9'd and restarted", victim + 1),
        from,
        to: unix_ms(),
    });
    let status = guard.0.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("the workload failed ({status})"));
    }

    step("the check: every acknowledged write against the database");
    let read = |name: &str| std::fs::read_to_string(results.join(name)).unwrap_or_default();
    let requests: Vec<Request> = read("requests.tsv")
        .lines()
        .filter_map(Request::parse)
        .collect();
    let acks: Vec<Ack> = read("writes.tsv")
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let [id, v, amount] = f.as_slice() else {
                return None;
            };
            Some(Ack {
                id: (*id).to_owned(),
                version: v.parse().ok()?,
                amount: amount.parse().ok()?,
            })
        })
        .collect();
    let imported: Vec<u64> = read("imports.tsv")
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect();
    let history: HashMap<(String, i64), i64> = psql(
        pg.port,
        "cjs",
        "select detail_id, version, after_value from deduction_history_fields \
         where field = 'amount_monthly'",
    )?
    .lines()
    .filter_map(|l| {
        let f: Vec<&str> = l.split('\t').collect();
        let [id, v, amount] = f.as_slice() else {
            return None;
        };
        Some((((*id).to_owned(), v.parse().ok()?), amount.parse().ok()?))
    })
    .collect();
    let current: HashMap<String, (i64, i64)> = psql(
        pg.port,
        "cjs",
        "select id, version, amount_monthly from deduction_details",
    )?
    .lines()
    .filter_map(|l| {
        let f: Vec<&str> = l.split('\t').collect();
        let [id, v, amount] = f.as_slice() else {
            return None;
        };
        Some(((*id).to_owned(), (v.parse().ok()?, amount.parse().ok()?)))
    })
    .collect();
    let lost = lost_writes(&acks, &history, &current);
    for l in lost.iter().take(10) {
        eprintln!("lost: {l:?} (database: {:?})", current.get(&l.id));
    }
    let ledger_rows: u64 = psql(
        pg.port,
        "cjs",
        &format!(
            "select count(*) from ledger_lines where payment_group = '{}'",
            groups[0]
        ),
    )?
    .trim()
    .parse()
    .map_err(|e| format!("ledger count: {e}"))?;
    let import_acked: u64 = imported.iter().sum();
    let import_lost = import_acked.saturating_sub(ledger_rows);
    let lost_total = lost.len() as u64 + import_lost;

    let report = report(&requests, &windows, GRACE_MS);
    println!("\nfault windows (grace {} s after each):", GRACE_MS / 1000);
    for w in &windows {
        println!(
            "  {:>6.1} s .. {:>6.1} s  {}",
            (w.from.saturating_sub(started)) as f64 / 1000.0,
            (w.to.saturating_sub(started)) as f64 / 1000.0,
            w.what
        );
    }
    println!(
        "acknowledged: {} 明細変更 ({} lost), {} imported 賃控元帳 lines ({} in the database)",
        acks.len(),
        lost.len(),
        import_acked,
        ledger_rows
    );
    if import_acked == 0 {
        println!("the {LEDGER_LINES}-line import was never acknowledged");
    }
    println!("{}", report.table);
    let errors = report.errors + usize::from(import_acked == 0);
    println!(
        "{}",
        summary_line(requests.len(), errors, lost_total, report.p99)
    );
    drop(guard);
    if errors > 0 || lost_total > 0 {
        return Err(format!(
            "{errors} errors, {lost_total} lost writes (logs: the per-instance cjs-N.log are \
             removed with the soak's directory; rerun with a shorter --minutes to look)"
        ));
    }
    Ok(())
}

pub(crate) struct Report {
    pub table: String,
    pub errors: usize,
    /// Over every answered-as-expected request, microseconds.
    pub p99: u64,
}

#[derive(Default)]
struct RouteStats {
    micros: Vec<u64>,
    refused: usize,
    errors: usize,
    codes: BTreeMap<String, usize>,
}

/// The per-route table: requests, p50, p99 (of the requests answered as expected), 503s in the
/// fault windows with their codes, errors with theirs.
pub(crate) fn report(requests: &[Request], windows: &[Window], grace_ms: u64) -> Report {
    let mut routes: BTreeMap<&str, RouteStats> = BTreeMap::new();
    let mut all = Vec::new();
    let mut errors = 0;
    for r in requests {
        let s = routes.entry(r.route.as_str()).or_default();
        match classify(r, windows, grace_ms) {
            Outcome::Ok => {
                s.micros.push(r.micros);
                all.push(r.micros);
            }
            Outcome::Refused => {
                s.refused += 1;
                *s.codes.entry(format!("503 {}", r.code)).or_default() += 1;
            }
            Outcome::Error => {
                s.errors += 1;
                errors += 1;
                let what = if r.code.is_empty() {
                    format!("{} (no code)", r.status)
                } else {
                    format!("{} {}", r.status, r.code)
                };
                *s.codes.entry(format!("error {what}")).or_default() += 1;
            }
        }
    }
    let mut t = String::from(
        "\n| route | requests | p50 | p99 | 503 in fault windows | errors | answers other than 2xx |\n\
         |---|---:|---:|---:|---:|---:|---|\n",
    );
    let ms = |us: u64| format!("{:.1} ms", us as f64 / 1000.0);
    for (route, s) in &mut routes {
        s.micros.sort_unstable();
        let codes = s
            .codes
            .iter()
            .map(|(c, n)| format!("{c} ×{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        t.push_str(&format!(
            "| {route} | {} | {} | {} | {} | {} | {} |\n",
            s.micros.len() + s.refused + s.errors,
            ms(percentile(&s.micros, 0.50)),
            ms(percentile(&s.micros, 0.99)),
            s.refused,
            s.errors,
            if codes.is_empty() { "-".into() } else { codes }
        ));
    }
    all.sort_unstable();
    Report {
        table: t,
        errors,
        p99: percentile(&all, 0.99),
    }
}

/// The soak's nginx: stopped with SIGQUIT (graceful: the master takes its workers down with it);
/// a SIGKILL'd master would leave its workers orphaned.
struct Nginx(Option<Killed>);

impl Drop for Nginx {
    fn drop(&mut self) {
        let Some(mut k) = self.0.take() else { return };
        let pid = k.0.id().to_string();
        let _ = Command::new("kill").args(["-QUIT", &pid]).status();
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if matches!(k.0.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        // Still up after 10 s: `Killed` SIGKILLs it as it drops.
        drop(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(route: &str, start_ms: u64, ms: u64, status: u16, code: &str) -> Request {
        Request {
            route: route.into(),
            start_ms,
            micros: ms * 1000,
            status,
            code: code.into(),
        }
    }

    fn windows() -> Vec<Window> {
        vec![Window {
            what: "pg".into(),
            from: 10_000,
            to: 20_000,
        }]
    }

    #[test]
    fn a_503_with_a_code_in_a_window_or_its_grace_is_the_expected_refusal() {
        let w = windows();
        for start in [9_990, 10_000, 15_000, 20_000, 24_999] {
            let r = req("GET /api/v1/me", start, 20, 503, "E9503");
            assert_eq!(classify(&r, &w, 5_000), Outcome::Refused, "{start}");
        }
    }

    #[test]
    fn outside_the_windows_a_503_is_an_error() {
        let w = windows();
        assert_eq!(
            classify(&req("GET /api/v1/me", 9_000, 20, 503, "E9503"), &w, 5_000),
            Outcome::Error
        );
        assert_eq!(
            classify(&req("GET /api/v1/me", 25_001, 20, 503, "E9503"), &w, 5_000),
            Outcome::Error
        );
    }

    #[test]
    fn in_a_window_only_a_503_with_a_code_is_expected() {
        let w = windows();
        for (status, code) in [(503, ""), (502, ""), (0, "io: reset"), (500, "E9500")] {
            let r = req("GET /api/v1/me", 12_000, 20, status, code);
            assert_eq!(classify(&r, &w, 5_000), Outcome::Error, "{status} {code}");
        }
    }

    #[test]
    fn success_and_a_stale_edit_are_fine_anywhere() {
        let w = windows();
        assert_eq!(classify(&req("GET /x", 1, 1, 200, ""), &w, 0), Outcome::Ok);
        assert_eq!(
            classify(&req("DELETE /x", 12_000, 1, 204, ""), &w, 0),
            Outcome::Ok
        );
        assert_eq!(
            classify(
                &req("PUT /api/v1/deduction/details/{id}", 1, 1, 409, "E1"),
                &w,
                0
            ),
            Outcome::Ok
        );
        assert_eq!(
            classify(&req("POST /api/v1/session", 1, 1, 409, "E1"), &w, 0),
            Outcome::Error
        );
    }

    #[test]
    fn percentile_is_the_nearest_rank() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 0.50), 50);
        assert_eq!(percentile(&v, 0.99), 99);
        assert_eq!(percentile(&v, 1.0), 100);
        assert_eq!(percentile(&[7], 0.99), 7);
        assert_eq!(percentile(&[], 0.99), 0);
    }

    #[test]
    fn the_summary_line_has_the_issue_s_shape() {
        assert_eq!(
            summary_line(12_345, 0, 0, 87_001),
            "soak: 12345 requests, 0 errors, 0 lost writes, p99 88 ms"
        );
    }

    #[test]
    fn a_write_is_lost_unless_its_version_and_value_are_in_the_database() {
        let ack = |v, amount| Ack {
            id: "d1".into(),
            version: v,
            amount,
        };
        let history: HashMap<(String, i64), i64> =
            [(("d1".into(), 2), 500), (("d1".into(), 3), 600)].into();
        let current: HashMap<String, (i64, i64)> = [("d1".into(), (3, 600))].into();
        assert!(lost_writes(&[ack(2, 500), ack(3, 600)], &history, &current).is_empty());
        // Wrong value at that version, a version the history lacks, a version ahead of the row.
        assert_eq!(lost_writes(&[ack(2, 501)], &history, &current).len(), 1);
        assert_eq!(lost_writes(&[ack(4, 700)], &history, &current).len(), 1);
        let behind: HashMap<String, (i64, i64)> = [("d1".into(), (2, 500))].into();
        assert_eq!(lost_writes(&[ack(3, 600)], &history, &behind).len(), 1);
    }

    #[test]
    fn the_nginx_site_is_the_shipped_one_with_local_upstreams_and_files() {
        let shipped = std::fs::read_to_string(root().join("deploy/nginx/cjs.conf"))
            .expect("deploy/nginx/cjs.conf");
        let site = nginx_site(
            &shipped,
            &[9001, 9002, 9003],
            8443,
            Path::new("/s/server.crt"),
            Path::new("/s/server.key"),
            Path::new("/s/ca.crt"),
        )
        .expect("rewritten");
        for p in [9001, 9002, 9003] {
            assert!(
                site.contains(&format!(
                    "server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;"
                )),
                "{site}"
            );
        }
        assert!(site.contains("listen 127.0.0.1:8443 ssl http2;"));
        assert!(!site.contains("listen 80;") && !site.contains("10.0.0."));
        // Every directive of the shipped TLS server that is not a path or a listen is unchanged.
        let tls = &shipped[shipped.find("listen 443").expect("tls server")..];
        for line in tls.lines().map(str::trim) {
            let directive = !line.starts_with('#') && !line.is_empty();
            if directive && !line.starts_with("listen") && !line.contains("/etc/nginx") {
                assert!(site.contains(line), "missing from the soak's nginx: {line}");
            }
        }
        assert!(site.contains("ssl_client_certificate /s/ca.crt;"));
    }

    #[test]
    fn a_shipped_file_of_another_shape_is_refused() {
        let err = nginx_site(
            "server { listen 80; }",
            &[1],
            2,
            Path::new("a"),
            Path::new("b"),
            Path::new("c"),
        );
        assert!(err.is_err());
    }
}

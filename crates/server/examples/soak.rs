//! The soak's workload (`cargo xtask soak` starts it, crates/xtask/src/soak.rs): real users with
//! real certificates against nginx in front of several `cjs serve` instances, for a fixed time,
//! while xtask stops PostgreSQL and kills an instance. It records every request and every
//! acknowledged write; xtask judges them against its fault windows and the database.
//!
//! `soak <nginx_url> <ca.crt> <outbox_dir> <plan_file> <out_dir>`
//!
//! The plan, one item a line: `seconds N`, `cycle OCCASION YYYY-MM` (a closed cycle with request
//! data: its PDF and CSV), `import FILE YYYY-MM` (賃控元帳明細データ imported once by the first
//! contract's master, `amounts_from`), `contract NUMBER INITIAL_PASSWORD` (one per contract: its
//! master registers, adds one general user, both get certificates through the e-mail code).
//!
//! Standard output: `START <unix ms>` when every user is enrolled and the workload begins.
//! Files in out_dir: `requests.tsv` (route, start unix ms, latency µs, status, error code, user;
//! status 0 = no HTTP answer), `writes.tsv` (every 2xx 変更 of a 労金控除明細: id, version,
//! 月例金額), `imports.tsv` (rows of every applied import).

#[allow(dead_code)] // each example uses a part of the shared client
#[path = "common/client.rs"]
mod client;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use openssl::x509::X509;
use serde_json::{Value, json};

use client::{Conn, Target, call_ok, certificate, connector, register_master};

const MASTER_PASSWORD: &str = "Soak#2026m";
const TEMP_PASSWORD: &str = "Temp#2026t";
const GENERAL_PASSWORD: &str = "Soak#2026g";
/// Details per page on the 明細照会 screen.
const PER_PAGE: u64 = 100;
/// Every how many iterations a user downloads the request-list PDF and the CSV export.
const REPORT_EVERY: u64 = 3;
/// Pause after a refused or failed step before the user starts over.
const BACKOFF: Duration = Duration::from_millis(250);

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

struct Plan {
    seconds: u64,
    cycle: (String, String),
    import: Option<(PathBuf, String)>,
    contracts: Vec<(String, String)>,
}

fn plan(path: &Path) -> anyhow::Result<Plan> {
    let text = std::fs::read_to_string(path)?;
    let mut p = Plan {
        seconds: 60,
        cycle: (String::new(), String::new()),
        import: None,
        contracts: Vec::new(),
    };
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.as_slice() {
            ["seconds", n] => p.seconds = n.parse()?,
            ["cycle", occasion, month] => p.cycle = ((*occasion).into(), (*month).into()),
            ["import", file, from] => p.import = Some((PathBuf::from(file), (*from).into())),
            ["contract", number, initial] => {
                p.contracts.push(((*number).into(), (*initial).into()))
            }
            [] => {}
            other => bail!("plan: {other:?}"),
        }
    }
    Ok(p)
}

/// One request as it went.
struct Record {
    route: &'static str,
    start_ms: u64,
    micros: u64,
    status: u16,
    code: String,
    user: String,
}

#[derive(Default)]
struct Log {
    requests: Vec<Record>,
    writes: Vec<(String, i64, i64)>,
    imports: Vec<u64>,
}

/// A user with a certificate and a keep-alive connection through nginx.
struct User {
    name: String,
    password: String,
    target: Target,
    conn: Option<Conn>,
    log: Arc<Mutex<Log>>,
    seed: u64,
}

impl User {
    /// Sends one request (opening a connection when there is none) and records it: the status
    /// and the body, or None when no HTTP answer came.
    async fn send(&mut self, route: &'static str, req: &[u8]) -> Option<(u16, Vec<u8>)> {
        let start_ms = unix_ms();
        let began = Instant::now();
        let result = async {
            if self.conn.is_none() {
                self.conn = Some(Conn::open(&self.target).await?);
            }
            let c = self.conn.as_mut().context("connection")?;
            let status = c.send(req).await;
            if status.is_err() || c.closed {
                let body = std::mem::take(&mut c.body);
                self.conn = None;
                return status.map(|s| (s, body));
            }
            status.map(|s| (s, std::mem::take(&mut c.body)))
        }
        .await;
        let micros = u64::try_from(began.elapsed().as_micros()).unwrap_or(u64::MAX);
        let (status, code, out) = match result {
            Ok((s, body)) => {
                let code = if (200..300).contains(&s) {
                    String::new()
                } else {
                    serde_json::from_slice::<Value>(&body)
                        .ok()
                        .and_then(|v| v["code"].as_str().map(str::to_owned))
                        .unwrap_or_default()
                };
                (s, code, Some((s, body)))
            }
            Err(e) => {
                self.conn = None;
                (0, format!("io: {e}").replace(['\t', '\n'], " "), None)
            }
        };
        if let Ok(mut log) = self.log.lock() {
            log.requests.push(Record {
                route,
                start_ms,
                micros,
                status,
                code,
                user: self.name.clone(),
            });
        }
        out
    }

    fn random(&mut self, below: u64) -> u64 {
        // xorshift64: reproducible per user, no dependency.
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        self.seed % below.max(1)
    }

    /// Logs in: the session token, or None (recorded) when refused.
    async fn login(&mut self) -> Option<String> {
        let req = self.target.request(
            "POST",
            "/api/v1/session",
            None,
            Some(&json!({"password": self.password})),
        );
        let (s, body) = self.send("POST /api/v1/session", &req).await?;
        if s != 201 {
            return None;
        }
        serde_json::from_slice::<Value>(&body).ok()?["token"]
            .as_str()
            .map(str::to_owned)
    }

    async fn get(&mut self, route: &'static str, path: &str, token: &str) -> Option<Vec<u8>> {
        let req = self.target.request("GET", path, Some(token), None);
        match self.send(route, &req).await? {
            (200, body) => Some(body),
            _ => None,
        }
    }

    /// One round of the screens a clerk goes through. None when a step was refused.
    async fn round(&mut self, n: u64, cycle: &(String, String), serial: &mut i64) -> Option<()> {
        let token = self.login().await?;
        let out = self.screens(&token, n, cycle, serial).await;
        let bye = self
            .target
            .request("DELETE", "/api/v1/session", Some(&token), None);
        let (s, _) = self.send("DELETE /api/v1/session", &bye).await?;
        out.filter(|_| (200..300).contains(&s))
    }

    async fn screens(
        &mut self,
        token: &str,
        n: u64,
        cycle: &(String, String),
        serial: &mut i64,
    ) -> Option<()> {
        self.get("GET /api/v1/me", "/api/v1/me", token).await?;
        self.get("GET /api/v1/info", "/api/v1/info", token).await?;
        // 明細照会: a first page for the count, then a random page of the group's details.
        let first = self
            .get(
                "GET /api/v1/deduction/details",
                &format!("/api/v1/deduction/details?per_page={PER_PAGE}&page=1"),
                token,
            )
            .await?;
        let total = serde_json::from_slice::<Value>(&first).ok()?["total"].as_u64()?;
        let page = 1 + self.random(total.div_ceil(PER_PAGE));
        let body = self
            .get(
                "GET /api/v1/deduction/details",
                &format!("/api/v1/deduction/details?per_page={PER_PAGE}&page={page}"),
                token,
            )
            .await?;
        let items = serde_json::from_slice::<Value>(&body).ok()?["items"].clone();
        let items = items.as_array()?;
        let pick = items.get(usize::try_from(self.random(items.len() as u64)).ok()?)?;
        let id = pick["id"].as_str()?.to_owned();
        // 変更 with the version just read (optimistic concurrency).
        let body = self
            .get(
                "GET /api/v1/deduction/details/{id}",
                &format!("/api/v1/deduction/details/{id}"),
                token,
            )
            .await?;
        let d: Value = serde_json::from_slice(&body).ok()?;
        *serial += 1;
        let amount = *serial;
        let input = json!({
            "employee_no": d["employee_no"], "kana_name": d["kana_name"],
            "kanji_name": d["kanji_name"], "product_code": d["product_code"],
            "branch_no": d["branch_no"], "account_no": d["account_no"],
            "amount_monthly": amount, "amount_summer": d["amount_summer"],
            "amount_year_end": d["amount_year_end"], "start_month": d["start_month"],
            "end_month": d["end_month"],
        });
        let req = self.target.request(
            "PUT",
            &format!("/api/v1/deduction/details/{id}"),
            Some(token),
            Some(&json!({"version": d["version"], "detail": input})),
        );
        match self
            .send("PUT /api/v1/deduction/details/{id}", &req)
            .await?
        {
            (200, body) => {
                let v: Value = serde_json::from_slice(&body).ok()?;
                let version = v["version"].as_i64()?;
                let stored = v["amount_monthly"].as_i64()?;
                if let Ok(mut log) = self.log.lock() {
                    log.writes.push((id, version, stored));
                }
            }
            // Another user changed it since it was read: the refusal optimistic concurrency owes.
            (409, _) => {}
            _ => return None,
        }
        if n.is_multiple_of(REPORT_EVERY) {
            let (occasion, month) = cycle;
            self.get(
                "GET /api/v1/deduction/cycles/{occasion}/{month}/request-list.pdf",
                &format!("/api/v1/deduction/cycles/{occasion}/{month}/request-list.pdf"),
                token,
            )
            .await?;
            self.get(
                "GET /api/v1/deduction/cycles/{occasion}/{month}/requests.csv",
                &format!("/api/v1/deduction/cycles/{occasion}/{month}/requests.csv"),
                token,
            )
            .await?;
        }
        Some(())
    }

    /// Rounds until `until`.
    async fn work(mut self, until: Instant, cycle: (String, String), first_amount: i64) {
        let mut serial = first_amount;
        let mut n = 0;
        while Instant::now() < until {
            n += 1;
            if self.round(n, &cycle, &mut serial).await.is_none() {
                tokio::time::sleep(BACKOFF).await;
            }
        }
    }

    /// The 賃控元帳明細データ import (apply), retried until it is acknowledged or time is up.
    async fn import(mut self, until: Instant, file: PathBuf, from: String) {
        let Ok(csv) = std::fs::read(&file) else {
            eprintln!("soak: cannot read {}", file.display());
            return;
        };
        while Instant::now() < until {
            if let Some(token) = self.login().await {
                let req = self.target.request_raw(
                    "POST",
                    &format!("/api/v1/ledger/import?mode=apply&amounts_from={from}"),
                    Some(&token),
                    "text/csv",
                    &csv,
                );
                if let Some((200, body)) = self.send("POST /api/v1/ledger/import", &req).await {
                    let new = serde_json::from_slice::<Value>(&body)
                        .ok()
                        .and_then(|v| v["new"].as_u64());
                    match new {
                        Some(new) => {
                            if let Ok(mut log) = self.log.lock() {
                                log.imports.push(new);
                            }
                        }
                        None => eprintln!(
                            "soak: import answered {}",
                            String::from_utf8_lossy(&body[..body.len().min(300)])
                        ),
                    }
                    return;
                }
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}

/// Logs in on a fresh connection (set-up): the token and whether the password must change.
async fn setup_login(t: &Target, password: &str) -> anyhow::Result<(String, bool)> {
    let b = call_ok(
        t,
        &t.request(
            "POST",
            "/api/v1/session",
            None,
            Some(&json!({"password": password})),
        ),
        201,
        "login",
    )
    .await?;
    let v: Value = serde_json::from_slice(&b)?;
    Ok((
        v["token"].as_str().context("token")?.to_owned(),
        v["must_change_password"].as_bool().unwrap_or(false),
    ))
}

/// The contract's master and one general user, each with a certificate and a usable password.
async fn enrol(
    anon: &Target,
    ca: &X509,
    outbox: &Path,
    i: usize,
    contract: &str,
    initial: &str,
) -> anyhow::Result<Vec<(String, String, Target)>> {
    let master = format!("soakm{i:02}");
    register_master(anon, contract, initial, &master, MASTER_PASSWORD).await?;
    let (cert, key) = certificate(anon, outbox, &master, MASTER_PASSWORD).await?;
    let mt = Target::new(
        &format!("https://{}", anon.host),
        &connector(ca, Some((&cert, &key)))?,
    )?;
    let (token, _) = setup_login(&mt, MASTER_PASSWORD).await?;
    let general = format!("soakg{i:02}");
    let email = format!("{general}@example.co.jp");
    call_ok(
        &mt,
        &mt.request(
            "POST",
            "/api/v1/users",
            Some(&token),
            Some(&json!({
                "user_id": general, "user_name": "一般　利用者", "password": TEMP_PASSWORD,
                "password_confirmation": TEMP_PASSWORD, "email": email,
                "email_confirmation": email,
                "restrictions": {"rokin_deduction": "full", "ledger": "full",
                                 "collective_savings": "full"}})),
        ),
        201,
        "users (add a general user)",
    )
    .await?;
    let (cert, key) = certificate(anon, outbox, &general, TEMP_PASSWORD).await?;
    let gt = Target::new(
        &format!("https://{}", anon.host),
        &connector(ca, Some((&cert, &key)))?,
    )?;
    let (gtoken, must_change) = setup_login(&gt, TEMP_PASSWORD).await?;
    if must_change {
        let (s, b) = client::call(
            &gt,
            &gt.request(
                "PUT",
                "/api/v1/me/password",
                Some(&gtoken),
                Some(&json!({"current_password": TEMP_PASSWORD,
                    "new_password": GENERAL_PASSWORD,
                    "new_password_confirmation": GENERAL_PASSWORD})),
            ),
        )
        .await?;
        if !(200..300).contains(&s) {
            bail!("password change: {s} {}", String::from_utf8_lossy(&b));
        }
    }
    Ok(vec![
        (master, MASTER_PASSWORD.to_owned(), mt),
        (general, GENERAL_PASSWORD.to_owned(), gt),
    ])
}

fn write_files(out: &Path, log: &Log) -> anyhow::Result<()> {
    let mut t = String::new();
    for r in &log.requests {
        let _ = writeln!(
            t,
            "{}\t{}\t{}\t{}\t{}\t{}",
            r.route, r.start_ms, r.micros, r.status, r.code, r.user
        );
    }
    std::fs::write(out.join("requests.tsv"), t)?;
    let mut w = String::new();
    for (id, version, amount) in &log.writes {
        let _ = writeln!(w, "{id}\t{version}\t{amount}");
    }
    std::fs::write(out.join("writes.tsv"), w)?;
    let imports: String = log.imports.iter().map(|n| format!("{n}\n")).collect();
    std::fs::write(out.join("imports.tsv"), imports)?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, ca, outbox, plan_file, out] = args.as_slice() else {
        bail!("usage: soak <nginx_url> <ca.crt> <outbox_dir> <plan_file> <out_dir>");
    };
    let plan = plan(Path::new(plan_file))?;
    let ca = X509::from_pem(&std::fs::read(ca)?)?;
    let outbox = Path::new(outbox);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let anon = Target::new(url, &connector(&ca, None)?)?;
    let mut users = Vec::new();
    for (i, (contract, initial)) in plan.contracts.iter().enumerate() {
        let pair = rt
            .block_on(enrol(&anon, &ca, outbox, i + 1, contract, initial))
            .with_context(|| format!("enrolling the users of contract {contract}"))?;
        users.extend(pair);
    }
    eprintln!("soak: {} users enrolled", users.len());
    let log = Arc::new(Mutex::new(Log::default()));
    let until = Instant::now() + Duration::from_secs(plan.seconds);
    println!("START {}", unix_ms());
    let user = |k: usize, (name, password, target): (String, String, Target)| User {
        name,
        password,
        target,
        conn: None,
        log: log.clone(),
        seed: 0x9e37_79b9_7f4a_7c15 ^ (k as u64 + 1).wrapping_mul(0x2545_f491_4f6c_dd1d),
    };
    let importer = match (&plan.import, users.first()) {
        (Some((file, from)), Some(first)) => Some(
            user(
                usize::MAX - 1,
                (
                    format!("{}-import", first.0),
                    first.1.clone(),
                    first.2.clone(),
                ),
            )
            .import(until, file.clone(), from.clone()),
        ),
        _ => None,
    };
    let workers: Vec<_> = users
        .into_iter()
        .enumerate()
        // Every user writes its own amounts: 1,000,000 apart, so a value names its writer.
        .map(|(k, u)| user(k, u).work(until, plan.cycle.clone(), 1_000_000 * (k as i64 + 1)))
        .collect();
    rt.block_on(async {
        let all = futures_util::future::join_all(workers);
        match importer {
            Some(imp) => {
                futures_util::future::join(all, imp).await;
            }
            None => {
                all.await;
            }
        }
    });
    let log = log.lock().map_err(|_| anyhow::anyhow!("log poisoned"))?;
    write_files(Path::new(out), &log)?;
    eprintln!(
        "soak: {} requests, {} acknowledged writes, {} imports",
        log.requests.len(),
        log.writes.len(),
        log.imports.len()
    );
    Ok(())
}

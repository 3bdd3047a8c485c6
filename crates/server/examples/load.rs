//! The benchmark's load client (wrk cannot present a client certificate). A lean HTTP/1.1
//! keep-alive loop over tokio-openssl, one current-thread runtime per core; every connection makes
//! its own TLS handshake with the client certificate and then sends its requests back to back.
//!
//! It measures the bare handler's `/health` first, through this same client, as the baseline
//! (and again at the end, to show how much the shared machine moved it);
//! then registers a master on the given contract, gets a certificate through the real e-mail-code
//! flow, logs in, seeds the operation log and measures the authenticated rows. Bounded: every row
//! runs for the given seconds.
//!
//! `load <cjs_url> <bare_url> <data_dir> <contract> <initial_password> <seconds>` — used by
//! `cargo xtask bench`. Prints `ROW|key|label|req/s|p50 ms|p99 ms|requests|errors` lines.

#[allow(dead_code)] // each example uses a part of the shared client
#[path = "common/client.rs"]
mod client;
#[path = "common/rows.rs"]
mod rows;

use std::path::Path;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use futures_util::StreamExt as _;
use futures_util::stream::FuturesUnordered;
use openssl::pkey::{PKey, Private};
use openssl::x509::X509;
use serde_json::{Value, json};

use client::{Conn, Target, call_ok, connector};

const PASSWORD: &str = "Bench#2024";
/// Every connection gives up this long after its row's end.
const GRACE: Duration = Duration::from_secs(30);
/// The operation-log page the bench reads.
const LOG_PAGE: usize = 100;

/// One connection of a row: where, what, and which result counts as success.
struct Job {
    target: Target,
    req: Arc<Vec<u8>>,
    expect: u16,
    kind: usize,
}

#[derive(Default)]
struct Tally {
    /// Latency of every successful request, microseconds.
    micros: Vec<u32>,
    /// Successful requests that ended within the row's time (the throughput's numerator; a slow
    /// request still in flight at the end counts in the latencies only).
    in_time: u64,
    errors: u64,
    first_error: Option<String>,
}

impl Tally {
    fn error(&mut self, e: String) {
        self.errors += 1;
        self.first_error.get_or_insert(e);
    }

    fn merge(&mut self, other: Tally) {
        self.micros.extend(other.micros);
        self.in_time += other.in_time;
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

async fn drive(job: &Job, mut conn: Conn, until: Instant, t: &mut Tally) {
    while Instant::now() < until {
        let start = Instant::now();
        match conn.send(&job.req).await {
            Ok(s) if s == job.expect => {
                let end = Instant::now();
                t.micros
                    .push(u32::try_from((end - start).as_micros()).unwrap_or(u32::MAX));
                t.in_time += u64::from(end <= until);
            }
            Ok(s) => t.error(format!(
                "status {s}: {}",
                String::from_utf8_lossy(&conn.body[..conn.body.len().min(300)])
            )),
            Err(e) => {
                t.error(e.to_string());
                conn.closed = true;
            }
        }
        if conn.closed {
            match Conn::open(&job.target).await {
                Ok(c) => conn = c,
                Err(e) => {
                    t.error(format!("reconnect: {e}"));
                    return;
                }
            }
        }
    }
}

/// Runs every job's connection for `dur`, spread over one current-thread runtime per core, all
/// connected before the clock starts. Returns one tally per kind.
fn measure(jobs: Vec<Job>, kinds: usize, dur: Duration) -> anyhow::Result<Vec<Tally>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(jobs.len()).max(1);
    let mut per: Vec<Vec<Job>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, j) in jobs.into_iter().enumerate() {
        per[i % threads].push(j);
    }
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = per
        .into_iter()
        .map(|jobs| {
            let barrier = barrier.clone();
            std::thread::spawn(move || -> anyhow::Result<Vec<(usize, Tally)>> {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                let rt = match rt {
                    Ok(rt) => rt,
                    Err(e) => {
                        barrier.wait();
                        return Err(e.into());
                    }
                };
                rt.block_on(async move {
                    let conns = futures_util::future::try_join_all(
                        jobs.iter().map(|j| Conn::open(&j.target)),
                    )
                    .await;
                    barrier.wait();
                    let conns = conns?;
                    let until = Instant::now() + dur;
                    let runs = jobs.iter().zip(conns).map(|(j, c)| async move {
                        let mut t = Tally {
                            micros: Vec::with_capacity(1 << 16),
                            ..Tally::default()
                        };
                        let bounded = tokio::time::timeout_at(
                            (until + GRACE).into(),
                            drive(j, c, until, &mut t),
                        );
                        if bounded.await.is_err() {
                            t.error("no response within the grace period".into());
                        }
                        (j.kind, t)
                    });
                    // FuturesUnordered polls only the connections that were woken (join_all polls
                    // every one of them on each wake-up while they are few).
                    let runs: FuturesUnordered<_> = runs.collect();
                    Ok::<_, anyhow::Error>(runs.collect::<Vec<_>>().await)
                })
            })
        })
        .collect();
    let mut out: Vec<Tally> = (0..kinds).map(|_| Tally::default()).collect();
    for h in handles {
        let results = h.join().map_err(|_| anyhow!("a load thread panicked"))??;
        for (kind, t) in results {
            out[kind].merge(t);
        }
    }
    Ok(out)
}

fn jobs(target: &Target, req: &Arc<Vec<u8>>, expect: u16, kind: usize, n: usize) -> Vec<Job> {
    (0..n)
        .map(|_| Job {
            target: target.clone(),
            req: req.clone(),
            expect,
            kind,
        })
        .collect()
}

fn row(key: &str, label: &str, mut t: Tally, dur: Duration) {
    t.micros.sort_unstable();
    rows::print(
        key,
        label,
        t.in_time,
        dur.as_secs_f64(),
        &t.micros,
        t.errors,
    );
    if let Some(e) = t.first_error {
        eprintln!("{key}: {} errors, the first: {e}", t.errors);
    }
}

/// Registration and certificate issue through the e-mail code: the client certificate.
async fn enrol(
    cjs: &Target,
    outbox: &Path,
    contract: &str,
    initial: &str,
) -> anyhow::Result<(X509, PKey<Private>)> {
    client::register_master(cjs, contract, initial, "bench01", PASSWORD).await?;
    client::certificate(cjs, outbox, "bench01", PASSWORD).await
}

/// Logs entries (each operation-log CSV download writes one) until the log holds a full page,
/// then checks that the page really has `LOG_PAGE` rows.
async fn seed_log(user: &Target, bearer: &str, page: &[u8]) -> anyhow::Result<()> {
    let csv = user.request(
        "GET",
        "/api/v1/operation-log?format=csv",
        Some(bearer),
        None,
    );
    let mut c = Conn::open(user).await?;
    for _ in 0..LOG_PAGE + 10 {
        let s = c.send(&csv).await?;
        if s != 200 {
            bail!(
                "operation-log CSV: {s} {}",
                String::from_utf8_lossy(&c.body)
            );
        }
        if c.closed {
            c = Conn::open(user).await?;
        }
    }
    let b = call_ok(user, page, 200, "operation-log page").await?;
    let v: Value = serde_json::from_slice(&b)?;
    let rows = v["entries"].as_array().map_or(0, Vec::len);
    if rows != LOG_PAGE {
        bail!(
            "the operation-log page has {rows} rows, not {LOG_PAGE} (total {})",
            v["total"]
        );
    }
    eprintln!(
        "operation-log page: {rows} rows of {} ({} bytes)",
        v["total"],
        b.len()
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [cjs_url, bare_url, data, contract, initial, seconds] = args.as_slice() else {
        bail!(
            "usage: load <cjs_url> <bare_url> <data_dir> <contract> <initial_password> <seconds>"
        );
    };
    let dur = Duration::from_secs(seconds.parse()?);
    let data = Path::new(data);
    let ca = X509::from_pem(&std::fs::read(data.join("pki/ca.crt"))?)?;
    let anon = Target::new(cjs_url, &connector(&ca, None)?)?;
    let setup = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (cert, key) = setup.block_on(enrol(&anon, &data.join("outbox"), contract, initial))?;
    let tls = connector(&ca, Some((&cert, &key)))?;
    let user = Target::new(cjs_url, &tls)?;
    let bare = Target::new(bare_url, &tls)?;
    let login = user.request(
        "POST",
        "/api/v1/session",
        None,
        Some(&json!({"password": PASSWORD})),
    );
    let b = setup.block_on(call_ok(&user, &login, 201, "login"))?;
    let bearer = serde_json::from_slice::<Value>(&b)?["token"]
        .as_str()
        .context("token")?
        .to_owned();
    let me = Arc::new(user.request("GET", "/api/v1/me", Some(&bearer), None));
    setup.block_on(call_ok(&user, &me, 200, "me"))?;
    let page = Arc::new(user.request(
        "GET",
        &format!("/api/v1/operation-log?limit={LOG_PAGE}&offset=0"),
        Some(&bearer),
        None,
    ));
    setup.block_on(seed_log(&user, &bearer, &page))?;

    // The baseline: the bare handler through this same client, with the same certificate.
    let health_bare = Arc::new(bare.request("GET", "/health", None, None));
    let [t] = <[Tally; 1]>::try_from(measure(jobs(&bare, &health_bare, 200, 0, 50), 1, dur)?)
        .map_err(|_| anyhow!("tally"))?;
    row(
        "bare",
        "bare actix-web /health (same TLS, this client, c=50)",
        t,
        dur,
    );

    let health = Arc::new(user.request("GET", "/api/v1/health", None, None));
    let [t] = <[Tally; 1]>::try_from(measure(jobs(&user, &health, 200, 0, 50), 1, dur)?)
        .map_err(|_| anyhow!("tally"))?;
    row("health", "GET /api/v1/health (c=50)", t, dur);

    let [t] = <[Tally; 1]>::try_from(measure(jobs(&user, &me, 200, 0, 50), 1, dur)?)
        .map_err(|_| anyhow!("tally"))?;
    row("me", "GET /api/v1/me (authenticated, c=50)", t, dur);

    let [t] = <[Tally; 1]>::try_from(measure(jobs(&user, &page, 200, 0, 50), 1, dur)?)
        .map_err(|_| anyhow!("tally"))?;
    row(
        "oplog",
        &format!("GET /api/v1/operation-log, {LOG_PAGE}-row page (authenticated, c=50)"),
        t,
        dur,
    );

    // 労金控除明細照会: the first page of the group's details (the bench wrote 100,000 of them).
    let details = Arc::new(user.request(
        "GET",
        &format!("/api/v1/deduction/details?per_page={LOG_PAGE}&page=1"),
        Some(&bearer),
        None,
    ));
    setup.block_on(call_ok(&user, &details, 200, "deduction details"))?;
    let [t] = <[Tally; 1]>::try_from(measure(jobs(&user, &details, 200, 0, 50), 1, dur)?)
        .map_err(|_| anyhow!("tally"))?;
    row(
        "details",
        &format!(
            "GET /api/v1/deduction/details, {LOG_PAGE}-row page of the group's details (c=50)"
        ),
        t,
        dur,
    );

    let login = Arc::new(login);
    let mut mixed = jobs(&user, &me, 200, 0, 10);
    mixed.extend(jobs(&user, &login, 201, 1, 50));
    let [me_t, login_t] =
        <[Tally; 2]>::try_from(measure(mixed, 2, dur)?).map_err(|_| anyhow!("tally"))?;
    row(
        "me_logins",
        "GET /api/v1/me (c=10) during 50 concurrent logins",
        me_t,
        dur,
    );
    row(
        "logins",
        "POST /api/v1/session logins (c=50, beside that /me load)",
        login_t,
        dur,
    );

    // The baseline again: the machine is shared, so the table shows how much it moved.
    let [t] = <[Tally; 1]>::try_from(measure(jobs(&bare, &health_bare, 200, 0, 50), 1, dur)?)
        .map_err(|_| anyhow!("tally"))?;
    row(
        "bare_end",
        "bare actix-web /health again, after the cjs rows (c=50)",
        t,
        dur,
    );
    Ok(())
}

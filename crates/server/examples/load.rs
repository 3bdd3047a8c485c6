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

use std::fmt::Write as _;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use futures_util::StreamExt as _;
use futures_util::stream::FuturesUnordered;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use openssl::x509::X509;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_openssl::SslStream;

const PASSWORD: &str = "Bench#2024";
/// Every connection gives up this long after its row's end.
const GRACE: Duration = Duration::from_secs(30);
/// The operation-log page the bench reads.
const LOG_PAGE: usize = 100;

/// Where a connection goes and with which TLS identity.
#[derive(Clone)]
struct Target {
    addr: SocketAddr,
    host: String,
    tls: SslConnector,
}

impl Target {
    fn new(url: &str, tls: &SslConnector) -> anyhow::Result<Self> {
        let host = url
            .strip_prefix("https://")
            .and_then(|r| r.split('/').next())
            .with_context(|| format!("not an https URL: {url}"))?;
        let addr = host
            .to_socket_addrs()?
            .next()
            .with_context(|| format!("no address for {host}"))?;
        Ok(Self {
            addr,
            host: host.to_owned(),
            tls: tls.clone(),
        })
    }

    /// A complete request, built once and sent many times.
    fn request(
        &self,
        method: &str,
        path: &str,
        bearer: Option<&str>,
        body: Option<&Value>,
    ) -> Vec<u8> {
        let mut r = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.host);
        if let Some(b) = bearer {
            let _ = write!(r, "Authorization: Bearer {b}\r\n");
        }
        let body = body.map(Value::to_string).unwrap_or_default();
        if method != "GET" {
            let _ = write!(
                r,
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            );
        }
        r.push_str("\r\n");
        r.push_str(&body);
        r.into_bytes()
    }
}

fn connector(ca: &X509, id: Option<(&X509, &PKey<Private>)>) -> anyhow::Result<SslConnector> {
    let mut b = SslConnector::builder(SslMethod::tls_client())?;
    b.cert_store_mut().add_cert(ca.clone())?;
    b.set_verify(SslVerifyMode::PEER);
    if let Some((c, k)) = id {
        b.set_certificate(c)?;
        b.set_private_key(k)?;
    }
    b.set_alpn_protos(b"\x08http/1.1")?;
    Ok(b.build())
}

/// One keep-alive HTTPS connection.
struct Conn {
    s: SslStream<TcpStream>,
    buf: Vec<u8>,
    body: Vec<u8>,
    closed: bool,
}

impl Conn {
    async fn open(t: &Target) -> anyhow::Result<Self> {
        let tcp = TcpStream::connect(t.addr).await?;
        tcp.set_nodelay(true)?;
        let ssl = t
            .tls
            .configure()?
            .verify_hostname(false)
            .into_ssl("localhost")?;
        let mut s = SslStream::new(ssl, tcp)?;
        Pin::new(&mut s).connect().await?;
        Ok(Self {
            s,
            buf: Vec::with_capacity(64 * 1024),
            body: Vec::with_capacity(64 * 1024),
            closed: false,
        })
    }

    async fn read_more(&mut self) -> anyhow::Result<()> {
        if self.buf.capacity() - self.buf.len() < 16 * 1024 {
            self.buf.reserve(64 * 1024);
        }
        if self.s.read_buf(&mut self.buf).await? == 0 {
            self.closed = true;
            bail!("the server closed the connection");
        }
        Ok(())
    }

    /// Sends one request and reads its response; the body is left in `self.body`.
    async fn send(&mut self, req: &[u8]) -> anyhow::Result<u16> {
        self.s.write_all(req).await?;
        self.buf.clear();
        let (status, head, length) = loop {
            self.read_more().await?;
            let mut headers = [httparse::EMPTY_HEADER; 64];
            let mut resp = httparse::Response::new(&mut headers);
            if let httparse::Status::Complete(head) = resp.parse(&self.buf)? {
                let status = resp.code.context("no status")?;
                let mut length = Some(0);
                for h in resp.headers.iter() {
                    if h.name.eq_ignore_ascii_case("content-length") {
                        length = Some(std::str::from_utf8(h.value)?.trim().parse::<usize>()?);
                    } else if h.name.eq_ignore_ascii_case("transfer-encoding")
                        && h.value.eq_ignore_ascii_case(b"chunked")
                    {
                        length = None;
                    } else if h.name.eq_ignore_ascii_case("connection")
                        && h.value.eq_ignore_ascii_case(b"close")
                    {
                        self.closed = true;
                    }
                }
                break (status, head, length);
            }
        };
        self.body.clear();
        match length {
            Some(n) => {
                while self.buf.len() < head + n {
                    self.read_more().await?;
                }
                self.body.extend_from_slice(&self.buf[head..head + n]);
            }
            None => {
                while !dechunk(&self.buf[head..], &mut self.body)? {
                    self.read_more().await?;
                }
            }
        }
        Ok(status)
    }
}

/// Decodes a chunked body (no trailers); false while it is incomplete.
fn dechunk(data: &[u8], out: &mut Vec<u8>) -> anyhow::Result<bool> {
    out.clear();
    let mut at = 0;
    loop {
        let rest = data.get(at..).unwrap_or_default();
        match httparse::parse_chunk_size(rest).map_err(|_| anyhow!("bad chunk size"))? {
            httparse::Status::Partial => return Ok(false),
            httparse::Status::Complete((n, size)) => {
                at += n;
                let size = usize::try_from(size)?;
                if size == 0 {
                    return Ok(data.len() >= at + 2);
                }
                if data.len() < at + size + 2 {
                    return Ok(false);
                }
                out.extend_from_slice(&data[at..at + size]);
                at += size + 2;
            }
        }
    }
}

/// A single request on a fresh connection (set-up steps).
async fn call(t: &Target, req: &[u8]) -> anyhow::Result<(u16, Vec<u8>)> {
    let mut c = Conn::open(t).await?;
    let s = c.send(req).await?;
    Ok((s, std::mem::take(&mut c.body)))
}

async fn call_ok(t: &Target, req: &[u8], expect: u16, what: &str) -> anyhow::Result<Vec<u8>> {
    let (s, b) = call(t, req).await?;
    if s != expect {
        bail!("{what}: {s} {}", String::from_utf8_lossy(&b));
    }
    Ok(b)
}

/// The code from the newest mail in the outbox (「認証コード：」, formerly 「確認コード：」).
fn latest_code(outbox: &Path) -> anyhow::Result<String> {
    let newest = std::fs::read_dir(outbox)?
        .filter_map(Result::ok)
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
        .context("no mail")?;
    let text = std::fs::read_to_string(newest.path())?;
    let at = ["認証コード：", "確認コード："]
        .iter()
        .find_map(|label| text.find(label).map(|i| i + label.len()))
        .context("no code in the newest mail")?;
    let code: String = text[at..]
        .chars()
        .skip_while(char::is_ascii_whitespace)
        .take_while(char::is_ascii_digit)
        .collect();
    if code.len() != 6 {
        bail!("no 6-digit code in the newest mail");
    }
    Ok(code)
}

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

fn percentile(sorted: &[u32], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    f64::from(sorted[i]) / 1000.0
}

fn row(key: &str, label: &str, mut t: Tally, dur: Duration) {
    t.micros.sort_unstable();
    let n = t.micros.len();
    println!(
        "ROW|{key}|{label}|{:.1}|{:.2}|{:.2}|{n}|{}",
        t.in_time as f64 / dur.as_secs_f64(),
        percentile(&t.micros, 0.50),
        percentile(&t.micros, 0.99),
        t.errors
    );
    if let Some(e) = t.first_error {
        eprintln!("{key}: {} errors, the first: {e}", t.errors);
    }
}

/// Registration, certificate issue through the e-mail code, login: the client certificate and
/// a session token.
async fn enrol(
    cjs: &Target,
    outbox: &Path,
    contract: &str,
    initial: &str,
) -> anyhow::Result<(X509, PKey<Private>)> {
    let api = "/api/v1";
    let b = call_ok(
        cjs,
        &cjs.request(
            "POST",
            &format!("{api}/registration/contract"),
            None,
            Some(&json!({"contract_number": contract, "initial_password": initial})),
        ),
        200,
        "registration/contract",
    )
    .await?;
    let token = serde_json::from_slice::<Value>(&b)?["registration_token"]
        .as_str()
        .context("registration token")?
        .to_owned();
    call_ok(
        cjs,
        &cjs.request(
            "POST",
            &format!("{api}/registration/master"),
            None,
            Some(&json!({
                "registration_token": token, "user_id": "bench01", "password": PASSWORD,
                "password_confirmation": PASSWORD, "user_name": "性能　試験",
                "email": "bench@example.co.jp", "email_confirmation": "bench@example.co.jp"})),
        ),
        201,
        "registration/master",
    )
    .await?;
    let (_, b) = call(
        cjs,
        &cjs.request(
            "POST",
            &format!("{api}/certificates/challenge"),
            None,
            Some(&json!({"user_id": "bench01", "password": PASSWORD})),
        ),
    )
    .await?;
    let challenge = serde_json::from_slice::<Value>(&b)?["challenge_id"]
        .as_str()
        .with_context(|| format!("challenge: {}", String::from_utf8_lossy(&b)))?
        .to_owned();
    let code = latest_code(outbox)?;
    let (_, b) = call(
        cjs,
        &cjs.request(
            "POST",
            &format!("{api}/certificates/verify"),
            None,
            Some(&json!({"challenge_id": challenge, "code": code})),
        ),
    )
    .await?;
    let issue = serde_json::from_slice::<Value>(&b)?["issue_token"]
        .as_str()
        .with_context(|| format!("verify: {}", String::from_utf8_lossy(&b)))?
        .to_owned();
    let p12 = call_ok(
        cjs,
        &cjs.request(
            "POST",
            &format!("{api}/certificates/issue"),
            None,
            Some(&json!({"issue_token": issue})),
        ),
        200,
        "certificates/issue",
    )
    .await?;
    let parsed = openssl::pkcs12::Pkcs12::from_der(&p12)?.parse2(PASSWORD)?;
    Ok((parsed.cert.context("cert")?, parsed.pkey.context("key")?))
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

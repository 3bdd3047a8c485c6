//! The benchmark's load generator for authenticated requests (wrk cannot present a client
//! certificate): registers a master on the given contract, gets a certificate through the real
//! e-mail-code flow, logs in, then measures. Bounded: every phase runs for the given seconds.
//!
//! `load <base_url> <data_dir> <contract> <initial_password> <seconds>` — used by `cargo xtask bench`.
//! Prints `ROW|label|req/s|p99 ms` lines.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use awc::Client;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use openssl::x509::X509;
use serde_json::{Value, json};

const PASSWORD: &str = "Bench#2024";

fn client(ca: &X509, id: Option<(&X509, &PKey<Private>)>) -> anyhow::Result<Client> {
    let mut b = SslConnector::builder(SslMethod::tls_client())?;
    b.cert_store_mut().add_cert(ca.clone())?;
    b.set_verify(SslVerifyMode::PEER);
    if let Some((c, k)) = id {
        b.set_certificate(c)?;
        b.set_private_key(k)?;
    }
    b.set_alpn_protos(b"\x08http/1.1")?;
    Ok(Client::builder()
        .connector(awc::Connector::new().openssl(b.build()).limit(0))
        .timeout(Duration::from_secs(60))
        .finish())
}

async fn post(c: &Client, url: &str, body: Value) -> anyhow::Result<(u16, Vec<u8>)> {
    let mut r = c
        .post(url)
        .send_json(&body)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let s = r.status().as_u16();
    let b = r.body().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((s, b.to_vec()))
}

fn latest_code(outbox: &Path) -> anyhow::Result<String> {
    let newest = std::fs::read_dir(outbox)?
        .filter_map(Result::ok)
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
        .context("no mail")?;
    let text = std::fs::read_to_string(newest.path())?;
    let at = text.find("認証コード：").context("no code")? + "認証コード：".len();
    Ok(text[at..at + 6].to_owned())
}

fn p99(mut v: Vec<Duration>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort();
    let i = ((v.len() as f64) * 0.99).ceil() as usize - 1;
    v[i.min(v.len() - 1)].as_secs_f64() * 1000.0
}

/// Runs `n` loops of `f` until `until`; returns every latency.
async fn run_loops<F, Fut>(n: usize, until: Instant, f: F) -> Vec<Duration>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = bool> + 'static,
{
    let lat = Rc::new(RefCell::new(Vec::new()));
    // Each worker issues requests back to back.
    let mut joins = Vec::new();
    for i in 0..n {
        let lat = lat.clone();
        let make = &f;
        let worker = async move {
            while Instant::now() < until {
                let t = Instant::now();
                if !make(i).await {
                    break;
                }
                lat.borrow_mut().push(t.elapsed());
            }
        };
        joins.push(worker);
    }
    futures_util::future::join_all(joins).await;
    Rc::try_unwrap(lat)
        .map(RefCell::into_inner)
        .unwrap_or_default()
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, data, contract, initial, seconds] = args.as_slice() else {
        bail!("usage: load <base_url> <data_dir> <contract> <initial_password> <seconds>");
    };
    let seconds: u64 = seconds.parse()?;
    let data = PathBuf::from(data);
    let ca = X509::from_pem(&std::fs::read(data.join("pki/ca.crt"))?)?;
    actix_web::rt::System::new().block_on(async move {
        let api = format!("{base}/api/v1");
        let anon = client(&ca, None)?;
        let (s, b) = post(&anon, &format!("{api}/registration/contract"), json!({"contract_number": contract, "initial_password": initial})).await?;
        if s != 200 {
            bail!("registration/contract: {s} {}", String::from_utf8_lossy(&b));
        }
        let token = serde_json::from_slice::<Value>(&b)?["registration_token"].as_str().context("token")?.to_owned();
        let (s, b) = post(&anon, &format!("{api}/registration/master"), json!({
            "registration_token": token, "user_id": "bench01", "password": PASSWORD, "password_confirmation": PASSWORD,
            "user_name": "性能　試験", "email": "bench@example.co.jp", "email_confirmation": "bench@example.co.jp"})).await?;
        if s != 201 {
            bail!("registration/master: {s} {}", String::from_utf8_lossy(&b));
        }
        let (_, b) = post(&anon, &format!("{api}/certificates/challenge"), json!({"user_id": "bench01", "password": PASSWORD})).await?;
        let challenge = serde_json::from_slice::<Value>(&b)?["challenge_id"].as_str().context("challenge")?.to_owned();
        let code = latest_code(&data.join("outbox"))?;
        let (_, b) = post(&anon, &format!("{api}/certificates/verify"), json!({"challenge_id": challenge, "code": code})).await?;
        let issue = serde_json::from_slice::<Value>(&b)?["issue_token"].as_str().context("issue token")?.to_owned();
        let (s, p12) = post(&anon, &format!("{api}/certificates/issue"), json!({"issue_token": issue})).await?;
        if s != 200 {
            bail!("issue: {s}");
        }
        let parsed = openssl::pkcs12::Pkcs12::from_der(&p12)?.parse2(PASSWORD)?;
        let (cert, key) = (parsed.cert.context("cert")?, parsed.pkey.context("key")?);
        let me_client = Rc::new(client(&ca, Some((&cert, &key)))?);
        let (s, b) = post(&me_client, &format!("{api}/session"), json!({"password": PASSWORD})).await?;
        if s != 201 {
            bail!("login: {s} {}", String::from_utf8_lossy(&b));
        }
        let bearer = Rc::new(format!("Bearer {}", serde_json::from_slice::<Value>(&b)?["token"].as_str().context("token")?));
        let me_url = Rc::new(format!("{api}/me"));
        let login_url = Rc::new(format!("{api}/session"));
        let dur = Duration::from_secs(seconds);

        let me = {
            let (c, bearer, url) = (me_client.clone(), bearer.clone(), me_url.clone());
            move |_: usize| {
                let (c, bearer, url) = (c.clone(), bearer.clone(), url.clone());
                async move {
                    match c.get(url.as_str()).insert_header(("authorization", bearer.as_str())).send().await {
                        Ok(mut r) => r.status().as_u16() == 200 && r.body().await.is_ok(),
                        Err(_) => false,
                    }
                }
            }
        };
        let logins: Vec<Rc<Client>> = (0..50).map(|_| client(&ca, Some((&cert, &key))).map(Rc::new)).collect::<Result<_, _>>()?;
        let login = {
            let (clients, url) = (logins.clone(), login_url.clone());
            move |i: usize| {
                let (c, url) = (clients[i % clients.len()].clone(), url.clone());
                async move {
                    match c.post(url.as_str()).send_json(&json!({"password": PASSWORD})).await {
                        Ok(mut r) => r.status().as_u16() == 201 && r.body().await.is_ok(),
                        Err(_) => false,
                    }
                }
            }
        };

        // 0. The client's own ceiling: the same loop on the unauthenticated health check.
        let health = {
            let (c, url) = (me_client.clone(), Rc::new(format!("{api}/health")));
            move |_: usize| {
                let (c, url) = (c.clone(), url.clone());
                async move {
                    match c.get(url.as_str()).send().await {
                        Ok(mut r) => r.status().as_u16() == 200 && r.body().await.is_ok(),
                        Err(_) => false,
                    }
                }
            }
        };
        let until = Instant::now() + dur;
        let lat = run_loops(50, until, &health).await;
        println!("ROW|GET /api/v1/health via this client (its ceiling, c=50)|{:.0}|{:.2}", lat.len() as f64 / seconds as f64, p99(lat));

        // 1. Authenticated GET /me throughput.
        let until = Instant::now() + dur;
        let lat = run_loops(50, until, &me).await;
        println!("ROW|GET /api/v1/me (authenticated, c=50)|{:.0}|{:.2}", lat.len() as f64 / seconds as f64, p99(lat));

        // 2. GET /me latency while 50 logins (argon2) run at once.
        let until = Instant::now() + dur;
        let (me_lat, login_lat) = futures_util::future::join(run_loops(10, until, &me), run_loops(50, until, &login)).await;
        println!("ROW|GET /api/v1/me (c=10) during 50 concurrent logins|{:.0}|{:.2}", me_lat.len() as f64 / seconds as f64, p99(me_lat));
        println!("ROW|POST /api/v1/session logins (c=50, with /me load)|{:.1}|{:.2}", login_lat.len() as f64 / seconds as f64, p99(login_lat));

        // 3. Logins alone.
        let until = Instant::now() + dur;
        let lat = run_loops(8, until, &login).await;
        println!("ROW|POST /api/v1/session logins (c=8)|{:.1}|{:.2}", lat.len() as f64 / seconds as f64, p99(lat));
        Ok(())
    })
}

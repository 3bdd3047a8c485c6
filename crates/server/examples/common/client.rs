//! The HTTPS client the load and soak examples share (each includes this file with
//! `#[path = "common/client.rs"] mod client;`): a lean HTTP/1.1 keep-alive connection over
//! tokio-openssl presenting an optional client certificate, and the registration and
//! certificate-issue steps of the front door (the e-mail code read from the mail outbox).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use openssl::pkey::{PKey, Private};
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use openssl::x509::X509;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_openssl::SslStream;

/// Where a connection goes and with which TLS identity.
#[derive(Clone)]
pub struct Target {
    pub addr: SocketAddr,
    pub host: String,
    pub tls: SslConnector,
}

impl Target {
    pub fn new(url: &str, tls: &SslConnector) -> anyhow::Result<Self> {
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
    pub fn request(
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

    /// A request with a body that is not JSON (a CSV upload).
    pub fn request_raw(
        &self,
        method: &str,
        path: &str,
        bearer: Option<&str>,
        content_type: &str,
        body: &[u8],
    ) -> Vec<u8> {
        let mut r = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.host);
        if let Some(b) = bearer {
            let _ = write!(r, "Authorization: Bearer {b}\r\n");
        }
        let _ = write!(
            r,
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let mut r = r.into_bytes();
        r.extend_from_slice(body);
        r
    }
}

pub fn connector(ca: &X509, id: Option<(&X509, &PKey<Private>)>) -> anyhow::Result<SslConnector> {
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
pub struct Conn {
    s: SslStream<TcpStream>,
    buf: Vec<u8>,
    pub body: Vec<u8>,
    pub closed: bool,
}

impl Conn {
    pub async fn open(t: &Target) -> anyhow::Result<Self> {
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
    pub async fn send(&mut self, req: &[u8]) -> anyhow::Result<u16> {
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
pub async fn call(t: &Target, req: &[u8]) -> anyhow::Result<(u16, Vec<u8>)> {
    let mut c = Conn::open(t).await?;
    let s = c.send(req).await?;
    Ok((s, std::mem::take(&mut c.body)))
}

pub async fn call_ok(t: &Target, req: &[u8], expect: u16, what: &str) -> anyhow::Result<Vec<u8>> {
    let (s, b) = call(t, req).await?;
    if s != expect {
        bail!("{what}: {s} {}", String::from_utf8_lossy(&b));
    }
    Ok(b)
}

/// The mails in the outbox now (to tell the next one apart).
pub fn mails(outbox: &Path) -> HashSet<PathBuf> {
    std::fs::read_dir(outbox)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default()
}

/// The 6-digit code (「認証コード：」, formerly 「確認コード：」) of the first mail that was not
/// among `before`, waiting up to 10 s for it.
pub fn new_code(outbox: &Path, before: &HashSet<PathBuf>) -> anyhow::Result<String> {
    let began = Instant::now();
    let path = loop {
        if let Some(p) = mails(outbox).into_iter().find(|p| !before.contains(p)) {
            break p;
        }
        if began.elapsed() > Duration::from_secs(10) {
            bail!("no new mail in {}", outbox.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // The file may still be being written.
    std::thread::sleep(Duration::from_millis(50));
    let text = std::fs::read_to_string(&path)?;
    let at = ["認証コード：", "確認コード："]
        .iter()
        .find_map(|label| text.find(label).map(|i| i + label.len()))
        .with_context(|| format!("no code in {}", path.display()))?;
    let code: String = text[at..]
        .chars()
        .skip_while(char::is_ascii_whitespace)
        .take_while(char::is_ascii_digit)
        .collect();
    if code.len() != 6 {
        bail!("no 6-digit code in {}", path.display());
    }
    Ok(code)
}

/// The contract's master registers (DC583101, DC584101) with `user_id` and `password`.
pub async fn register_master(
    cjs: &Target,
    contract: &str,
    initial: &str,
    user_id: &str,
    password: &str,
) -> anyhow::Result<()> {
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
    let email = format!("{user_id}@example.co.jp");
    call_ok(
        cjs,
        &cjs.request(
            "POST",
            &format!("{api}/registration/master"),
            None,
            Some(&json!({
                "registration_token": token, "user_id": user_id, "password": password,
                "password_confirmation": password, "user_name": "性能　試験",
                "email": email, "email_confirmation": email})),
        ),
        201,
        "registration/master",
    )
    .await?;
    Ok(())
}

/// A certificate through the e-mail-code flow (user ID and password, the code from the mail,
/// the PKCS#12 file): the client certificate and its key.
pub async fn certificate(
    cjs: &Target,
    outbox: &Path,
    user_id: &str,
    password: &str,
) -> anyhow::Result<(X509, PKey<Private>)> {
    let api = "/api/v1";
    let before = mails(outbox);
    let (_, b) = call(
        cjs,
        &cjs.request(
            "POST",
            &format!("{api}/certificates/challenge"),
            None,
            Some(&json!({"user_id": user_id, "password": password})),
        ),
    )
    .await?;
    let challenge = serde_json::from_slice::<Value>(&b)?["challenge_id"]
        .as_str()
        .with_context(|| format!("challenge: {}", String::from_utf8_lossy(&b)))?
        .to_owned();
    let code = new_code(outbox, &before)?;
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
    let parsed = openssl::pkcs12::Pkcs12::from_der(&p12)?.parse2(password)?;
    Ok((parsed.cert.context("cert")?, parsed.pkey.context("key")?))
}

//! `TestApp`: the real server on a free port with a fresh database and data directory, a
//! movable clock, and HTTPS clients with or without a client certificate.
// Shared by every test module; not each uses every helper.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use awc::Client;
use chrono::{DateTime, TimeZone, Utc};
use cjs_domain::{ContractKind, ManualClock};
use cjs_pki::Pki;
use cjs_server::Application;
use cjs_server::config::{ClientCertMode, Settings};
use cjs_server::operator::Operator;
use cjs_server::operator::contracts::ContractSpec;
use cjs_store::testing::TestDatabase;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use openssl::x509::X509;
use serde_json::json;

pub struct TestApp {
    pub base: String,
    pub settings: Settings,
    /// The running app's state (to run jobs directly).
    pub state: cjs_server::state::AppState,
    pub clock: ManualClock,
    pub pki: Arc<Pki>,
    pub data_dir: PathBuf,
    /// `http://127.0.0.1:PORT` of the metrics listener, when `Options::metrics` asked for one.
    pub metrics_base: Option<String>,
    handle: actix_web::dev::ServerHandle,
    _db: TestDatabase,
}

pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 7, 1, 0, 0)
        .single()
        .expect("time")
}

fn temp_dir(prefix: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("{prefix}-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Options for a test server.
#[derive(Default)]
pub struct Options {
    /// Serve over plain HTTP and take the certificate from a proxy header, trusting these peers.
    pub proxy_trusting: Option<Vec<cjs_server::config::IpNetwork>>,
    /// Enforce the service hours (off by default in tests).
    pub service_hours: bool,
    /// Share another app's database and data directory (a second instance).
    pub share_with: Option<(String, PathBuf)>,
    /// Start the clock here instead of `start_time()`.
    pub start: Option<DateTime<Utc>>,
    /// `mail.transport` and `mail.send_timeout` instead of the outbox and its default.
    pub mail: Option<(String, Duration)>,
    /// Open the metrics listener on a free loopback port, scrapable from these peers (empty:
    /// any).
    pub metrics: Option<Vec<cjs_server::config::IpNetwork>>,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(Options::default()).await
    }

    pub async fn spawn_with(options: Options) -> Self {
        let db = TestDatabase::new();
        let data_dir = options
            .share_with
            .as_ref()
            .map(|(_, d)| d.clone())
            .unwrap_or_else(|| temp_dir("cjs-app"));
        let spa = data_dir.join("spa");
        std::fs::create_dir_all(spa.join("assets")).expect("spa dir");
        std::fs::write(spa.join("index.html"), INDEX).expect("index");
        std::fs::write(
            spa.join("assets/app-0123abcd.js"),
            "console.log('cjs');\n".repeat(200),
        )
        .expect("asset");

        let mut settings = Settings {
            data_dir: data_dir.clone(),
            ..Settings::default()
        };
        settings.server.bind = "127.0.0.1:0".into();
        settings.server.workers = Some(1);
        settings.server.spa_dir = Some(spa);
        settings.server.shutdown_timeout = Duration::from_secs(1);
        settings.database.url = Some(
            options
                .share_with
                .as_ref()
                .map(|(u, _)| u.clone())
                .unwrap_or_else(|| db.url_string()),
        );
        settings.database.pool_size = 8;
        settings.server.workers = Some(2);
        settings.policy.service_hours = options.service_hours;
        if let Some((transport, timeout)) = options.mail {
            settings.mail.transport = transport;
            settings.mail.send_timeout = timeout;
        }
        // Jobs are run by the tests themselves, at the moment they choose.
        settings.server.job_interval = Duration::ZERO;
        if let Some(trusted) = options.proxy_trusting {
            settings.server.tls.enabled = false;
            settings.server.client_cert.mode = ClientCertMode::Proxy;
            settings.server.client_cert.trusted_proxies = trusted;
        }
        if let Some(allow) = options.metrics {
            settings.metrics.bind = Some("127.0.0.1:0".into());
            settings.metrics.allow = allow;
        }
        let tls = settings.server.tls.enabled;

        let clock = ManualClock::new(options.start.unwrap_or_else(start_time));
        let app =
            Application::build(settings.clone(), Arc::new(clock.clone())).expect("application");
        let scheme = if tls { "https" } else { "http" };
        let base = format!("{scheme}://127.0.0.1:{}", app.port());
        let metrics_base = app.metrics_port().map(|p| format!("http://127.0.0.1:{p}"));
        let pki = app.state().pki.clone();
        let state = app.state().clone();
        let handle = app.handle();
        actix_web::rt::spawn(app.run_until_stopped());
        TestApp {
            base,
            settings,
            state,
            clock,
            pki,
            data_dir,
            metrics_base,
            handle,
            _db: db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client that trusts the service CA and presents no certificate.
    pub fn client(&self) -> Client {
        self.client_presenting(None)
    }

    /// A client presenting `identity` (certificate and key) during the handshake.
    pub fn client_presenting(&self, identity: Option<(&X509, &PKey<Private>)>) -> Client {
        let mut b = SslConnector::builder(SslMethod::tls_client()).expect("connector");
        b.cert_store_mut()
            .add_cert(self.pki.ca_cert().clone())
            .expect("trust CA");
        b.set_verify(SslVerifyMode::PEER);
        if let Some((cert, key)) = identity {
            b.set_certificate(cert).expect("client cert");
            b.set_private_key(key).expect("client key");
        }
        b.set_alpn_protos(b"\x08http/1.1").expect("alpn");
        let connector = awc::Connector::new().openssl(b.build());
        Client::builder()
            .connector(connector)
            .timeout(Duration::from_secs(20))
            .finish()
    }

    pub async fn stop(self) {
        self.handle.stop(false).await;
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }

    /// The database URL, for a second instance or the operator.
    pub fn database_url(&self) -> String {
        self.settings.database.url.clone().unwrap_or_default()
    }

    /// The bank's operator on the same database.
    pub fn operator(&self) -> Operator {
        Operator::open(self.settings.clone()).expect("operator")
    }

    /// A member contract with one payment group; returns (contract number, group number).
    pub fn contract(&self, kind: ContractKind) -> (String, String) {
        let (n, g) = self
            .operator()
            .create_contract(&ContractSpec {
                kind,
                name: "テスト労働組合",
                name_kana: "ﾃｽﾄﾛｳﾄﾞｳｸﾐｱｲ",
                branch: "本店営業部",
                initial_password: INITIAL,
                number: None,
                payment_group: true,
            })
            .expect("contract");
        (n, g.expect("group"))
    }

    pub async fn post_json(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        self.send_json(&self.client(), "POST", path, None, Some(body))
            .await
    }

    /// Any request with an optional bearer token and JSON body; returns status and JSON (or Null).
    pub async fn send_json(
        &self,
        client: &Client,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let method = awc::http::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.insert_header(("authorization", format!("Bearer {t}")));
        }
        let mut res = match body {
            Some(b) => req.send_json(&b).await.expect("send"),
            None => req.send().await.expect("send"),
        };
        let status = res.status().as_u16();
        let bytes = res.body().limit(16 * 1024 * 1024).await.expect("body");
        let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
        (status, json)
    }

    /// DC583101 → DC584101 for the contract's master.
    pub async fn register_master(&self, contract: &str, user_id: &str) {
        let (s, b) = self
            .post_json(
                "/api/v1/registration/contract",
                json!({"contract_number": contract, "initial_password": INITIAL}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        let token = b["registration_token"].as_str().expect("token").to_owned();
        let (s, b) = self
            .post_json("/api/v1/registration/master", master_body(&token, user_id))
            .await;
        assert_eq!(s, 201, "{b}");
    }

    /// The last verification code mailed to the outbox.
    pub fn last_code(&self) -> String {
        let outbox = self.data_dir.join("outbox");
        let mut files: Vec<_> = std::fs::read_dir(&outbox)
            .expect("outbox")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        let text = std::fs::read_to_string(files.last().expect("a mail")).expect("eml");
        let at = text.find("認証コード：").expect("code line") + "認証コード：".len();
        text[at..at + 6].to_owned()
    }

    /// Challenge → code from the outbox → verify → issue; the PKCS#12 bytes and file name.
    pub async fn issue_certificate(
        &self,
        user_id: &str,
        password: &str,
    ) -> Result<Identity, (u16, serde_json::Value)> {
        let (s, b) = self
            .post_json(
                "/api/v1/certificates/challenge",
                json!({"user_id": user_id, "password": password}),
            )
            .await;
        if s != 200 {
            return Err((s, b));
        }
        let challenge = b["challenge_id"].as_str().expect("challenge").to_owned();
        let (s, b) = self
            .post_json(
                "/api/v1/certificates/verify",
                json!({"challenge_id": challenge, "code": self.last_code()}),
            )
            .await;
        if s != 200 {
            return Err((s, b));
        }
        let token = b["issue_token"].as_str().expect("issue token").to_owned();
        let mut res = self
            .client()
            .post(self.url("/api/v1/certificates/issue"))
            .send_json(&json!({"issue_token": token}))
            .await
            .expect("issue");
        let status = res.status().as_u16();
        let filename = res
            .headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let bytes = res.body().await.expect("p12");
        if status != 200 {
            return Err((status, serde_json::from_slice(&bytes).unwrap_or_default()));
        }
        let parsed = openssl::pkcs12::Pkcs12::from_der(&bytes)
            .and_then(|p| p.parse2(password))
            .expect("a p12 protected by the password");
        Ok(Identity {
            cert: parsed.cert.expect("cert"),
            key: parsed.pkey.expect("key"),
            filename,
            der: bytes.to_vec(),
        })
    }

    pub fn client_with(&self, id: &Identity) -> Client {
        self.client_presenting(Some((&id.cert, &id.key)))
    }

    /// Logs in with the certificate; the token on success, or the error.
    pub async fn login(
        &self,
        id: &Identity,
        password: &str,
    ) -> Result<String, (u16, serde_json::Value)> {
        let (s, b) = self
            .send_json(
                &self.client_with(id),
                "POST",
                "/api/v1/session",
                None,
                Some(json!({"password": password})),
            )
            .await;
        if s == 201 {
            Ok(b["token"].as_str().expect("token").to_owned())
        } else {
            Err((s, b))
        }
    }

    /// A master ready to work: contract, registration, certificate, login.
    pub async fn master(&self, user_id: &str) -> Session {
        let (contract, group) = self.contract(ContractKind::Member);
        self.register_master(&contract, user_id).await;
        let id = self
            .issue_certificate(user_id, PASSWORD)
            .await
            .expect("certificate");
        let token = self.login(&id, PASSWORD).await.expect("login");
        Session {
            user_id: user_id.to_owned(),
            contract,
            group,
            token,
            client: self.client_with(&id),
            id,
        }
    }

    /// The master of a member contract with two payment groups (the first with every service,
    /// the second with 労金控除 alone, without 明細更新), logged in, no group chosen yet.
    /// `Session::group` is the first group; the second is returned beside it.
    pub async fn master_of_two_groups(&self, user_id: &str) -> (Session, String) {
        let (contract, group) = self.contract(ContractKind::Member);
        let second = format!("{:08}", group.parse::<u32>().expect("number") ^ 0x5a5a);
        self.operator()
            .add_payment_group(
                &contract,
                &second,
                "支部",
                "ｼﾌﾞ",
                &[cjs_domain::Service::RokinDeduction],
            )
            .expect("second group");
        self.register_master(&contract, user_id).await;
        let id = self
            .issue_certificate(user_id, PASSWORD)
            .await
            .expect("certificate");
        let token = self.login(&id, PASSWORD).await.expect("login");
        let session = Session {
            user_id: user_id.to_owned(),
            contract,
            group,
            token,
            client: self.client_with(&id),
            id,
        };
        (session, second)
    }

    /// A general user of `master`'s contract, with a certificate, logged in and past the forced
    /// password change (password `PASSWORD`).
    pub async fn general(
        &self,
        master: &Session,
        user_id: &str,
        restrictions: serde_json::Value,
    ) -> Session {
        let (s, b) = master
            .call(
                self,
                "POST",
                "/api/v1/users",
                Some(general_body(user_id, restrictions)),
            )
            .await;
        assert_eq!(s, 201, "{b}");
        let id = self
            .issue_certificate(user_id, TEMPORARY)
            .await
            .expect("certificate");
        let token = self.login(&id, TEMPORARY).await.expect("login");
        let client = self.client_with(&id);
        let (s, b) = self
            .send_json(
                &client,
                "PUT",
                "/api/v1/me/password",
                Some(&token),
                Some(json!({"current_password": TEMPORARY, "new_password": PASSWORD, "new_password_confirmation": PASSWORD})),
            )
            .await;
        assert_eq!(s, 204, "{b}");
        Session {
            user_id: user_id.to_owned(),
            contract: master.contract.clone(),
            group: master.group.clone(),
            token,
            client,
            id,
        }
    }
}

pub const INITIAL: &str = "Ab1!cd2#";
pub const PASSWORD: &str = "Passw0rd!";
pub const TEMPORARY: &str = "Temp0rary!";

pub fn master_body(token: &str, user_id: &str) -> serde_json::Value {
    json!({
        "registration_token": token,
        "user_id": user_id,
        "password": PASSWORD,
        "password_confirmation": PASSWORD,
        "user_name": "労金　太郎",
        "email": "taro@example.co.jp",
        "email_confirmation": "taro@example.co.jp"
    })
}

pub fn general_body(user_id: &str, restrictions: serde_json::Value) -> serde_json::Value {
    json!({
        "user_id": user_id,
        "user_name": "組合　花子",
        "password": TEMPORARY,
        "password_confirmation": TEMPORARY,
        "email": "hanako@example.co.jp",
        "email_confirmation": "hanako@example.co.jp",
        "restrictions": restrictions
    })
}

pub fn full() -> serde_json::Value {
    json!({"rokin_deduction": "full", "ledger": "full", "collective_savings": "full"})
}

/// A certificate and its key, as the browser holds them after importing the .p12.
pub struct Identity {
    pub cert: X509,
    pub key: PKey<Private>,
    /// The Content-Disposition header the file came with.
    pub filename: String,
    pub der: Vec<u8>,
}

/// A logged-in user: their certificate's client and the session token.
pub struct Session {
    pub user_id: String,
    pub contract: String,
    pub group: String,
    pub token: String,
    pub client: Client,
    pub id: Identity,
}

impl Session {
    pub async fn call(
        &self,
        app: &TestApp,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        app.send_json(&self.client, method, path, Some(&self.token), body)
            .await
    }
}

/// A second, foreign certificate authority (another data directory).
pub fn foreign_pki() -> (Pki, PathBuf) {
    let dir = temp_dir("cjs-foreign");
    let pki = Pki::load_or_create(&dir, &[], start_time()).expect("foreign CA");
    (pki, dir)
}

const INDEX: &str = "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>ろうきん賃金控除事務支援システム</title></head><body><script type=\"module\" src=\"/assets/app-0123abcd.js\"></script></body></html>";

/// An SMTP "server" that accepts connections and never says a word; the address to use as
/// `smtp://…` and the task holding the connections.
pub async fn silent_smtp_server() -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    (format!("smtp://127.0.0.1:{port}"), task)
}

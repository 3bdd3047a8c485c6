//! `TestApp`: the real server on a free port with a fresh database and data directory, a
//! movable clock, and HTTPS clients with or without a client certificate.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use awc::Client;
use chrono::{DateTime, TimeZone, Utc};
use cjs_domain::ManualClock;
use cjs_pki::Pki;
use cjs_server::Application;
use cjs_server::config::{ClientCertMode, Settings};
use cjs_store::testing::TestDatabase;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use openssl::x509::X509;

pub struct TestApp {
    pub base: String,
    pub clock: ManualClock,
    pub pki: Arc<Pki>,
    pub data_dir: PathBuf,
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
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(Options::default()).await
    }

    pub async fn spawn_with(options: Options) -> Self {
        let db = TestDatabase::new();
        let data_dir = temp_dir("cjs-app");
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
        settings.database.url = Some(db.url_string());
        settings.database.pool_size = 4;
        settings.policy.service_hours = false;
        if let Some(trusted) = options.proxy_trusting {
            settings.server.tls.enabled = false;
            settings.server.client_cert.mode = ClientCertMode::Proxy;
            settings.server.client_cert.trusted_proxies = trusted;
        }
        let tls = settings.server.tls.enabled;

        let clock = ManualClock::new(start_time());
        let app = Application::build(settings, Arc::new(clock.clone())).expect("application");
        let scheme = if tls { "https" } else { "http" };
        let base = format!("{scheme}://127.0.0.1:{}", app.port());
        let pki = app.state().pki.clone();
        let handle = app.handle();
        actix_web::rt::spawn(app.run_until_stopped());
        TestApp {
            base,
            clock,
            pki,
            data_dir,
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
}

/// A second, foreign certificate authority (another data directory).
pub fn foreign_pki() -> (Pki, PathBuf) {
    let dir = temp_dir("cjs-foreign");
    let pki = Pki::load_or_create(&dir, &[], start_time()).expect("foreign CA");
    (pki, dir)
}

const INDEX: &str = "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>ろうきん賃金控除事務支援システム</title></head><body><script type=\"module\" src=\"/assets/app-0123abcd.js\"></script></body></html>";

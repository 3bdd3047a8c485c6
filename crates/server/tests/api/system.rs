//! Health, readiness, error bodies and the headers every response carries.

use cjs_api_types::{ApiError, ErrorCode, HealthResponse, ReadyResponse};
use cjs_store::testing::TestDatabase;

use crate::helpers::{TestApp, start_time};

#[actix_web::test]
async fn health_answers_ok_with_the_version() {
    let app = TestApp::spawn().await;
    let mut res = app
        .client()
        .get(app.url("/api/v1/health"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    let body: HealthResponse = res.json().await.expect("json");
    assert_eq!(body.status, "ok");
    assert_eq!(body.version, env!("CARGO_PKG_VERSION"));
    app.stop().await;
}

#[actix_web::test]
async fn ready_names_the_backend_and_reads_the_injected_clock() {
    let app = TestApp::spawn().await;
    let mut res = app
        .client()
        .get(app.url("/api/v1/ready"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    let body: ReadyResponse = res.json().await.expect("json");
    assert_eq!(body.status, "ready");
    assert_eq!(body.database, TestDatabase::backend().as_str());
    assert_eq!(body.checked_at, start_time());
    app.clock.advance(chrono::Duration::minutes(61));
    let body: ReadyResponse = app
        .client()
        .get(app.url("/api/v1/ready"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(
        body.checked_at,
        start_time() + chrono::Duration::minutes(61)
    );
    app.stop().await;
}

#[actix_web::test]
async fn every_response_has_a_request_id_and_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/api/v1/health", "/api/v1/nope", "/", "/api/docs/"] {
        let res = app.client().get(app.url(path)).send().await.expect("send");
        let h = res.headers();
        let id = h
            .get("x-request-id")
            .expect("request id")
            .to_str()
            .expect("ascii");
        assert_eq!(id.len(), 36, "{path}: a UUID");
        assert!(
            h.get("strict-transport-security")
                .is_some_and(|v| v.to_str().unwrap_or("").contains("max-age=")),
            "{path}: HSTS"
        );
        assert_eq!(
            h.get("x-content-type-options").map(|v| v.as_bytes()),
            Some(&b"nosniff"[..])
        );
        let csp = h
            .get("content-security-policy")
            .expect("CSP")
            .to_str()
            .expect("ascii");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn two_requests_get_different_ids() {
    let app = TestApp::spawn().await;
    let a = app
        .client()
        .get(app.url("/api/v1/health"))
        .send()
        .await
        .expect("send");
    let b = app
        .client()
        .get(app.url("/api/v1/health"))
        .send()
        .await
        .expect("send");
    assert_ne!(
        a.headers().get("x-request-id"),
        b.headers().get("x-request-id")
    );
    app.stop().await;
}

#[actix_web::test]
async fn an_unknown_api_path_answers_the_catalogues_e9404_with_the_request_id() {
    let app = TestApp::spawn().await;
    for path in ["/api/v1/no-such-thing", "/api/v2/health", "/api"] {
        let mut res = app.client().get(app.url(path)).send().await.expect("send");
        assert_eq!(res.status(), 404, "{path}");
        let header_id = res
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .expect("request id");
        let body: ApiError = res.json().await.expect("json error body");
        assert_eq!(body.code, ErrorCode::E9404);
        assert_eq!(body.message, ErrorCode::E9404.message(&[]));
        assert_eq!(body.request_id, header_id);
    }
    app.stop().await;
}

#[actix_web::test]
async fn a_wrong_method_on_a_known_route_is_not_served_the_spa() {
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .post(app.url("/api/v1/health"))
        .send()
        .await
        .expect("send");
    assert!(res.status().is_client_error(), "{}", res.status());
    let res = app
        .client()
        .post(app.url("/some/page"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 405);
    app.stop().await;
}

/// Every API response may carry personal data: none may be stored by a browser or a proxy.
#[actix_web::test]
async fn every_api_response_says_no_store() {
    let app = TestApp::spawn().await;
    let master = app.master("rokin01").await;
    // The login itself (a fresh session's response carries the token).
    let mut res = master
        .client
        .post(app.url("/api/v1/session"))
        .send_json(&serde_json::json!({"password": crate::helpers::PASSWORD}))
        .await
        .expect("send");
    assert_eq!(res.status(), 201);
    let _ = res.body().await;
    let cache = |res: &awc::ClientResponse<_>| {
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(cache(&res), "no-store", "POST /session");
    for path in [
        "/api/v1/users",
        "/api/v1/users/rokin01",
        "/api/v1/operation-log",
        "/api/v1/operation-log?format=csv",
        "/api/v1/notices",
        "/api/v1/me",
        "/api/v1/health",
        "/api/v1/no-such-thing",
    ] {
        let mut res = master
            .client
            .get(app.url(path))
            .insert_header(("authorization", format!("Bearer {}", master.token)))
            .send()
            .await
            .expect("send");
        assert!(res.status().as_u16() < 500, "{path}: {}", res.status());
        let _ = res.body().limit(16 * 1024 * 1024).await;
        assert_eq!(cache(&res), "no-store", "{path}");
    }
    // The SPA's hashed assets keep their long-lived caching.
    let res = app
        .client()
        .get(app.url("/assets/app-0123abcd.js"))
        .send()
        .await
        .expect("send");
    assert!(cache(&res).contains("immutable"), "{}", cache(&res));
    app.stop().await;
}

/// A JSON body declared in another charset is refused, not misread as UTF-8.
#[actix_web::test]
async fn a_json_body_in_shift_jis_is_refused_with_415() {
    let app = TestApp::spawn().await;
    let (contract, _) = app.contract(cjs_domain::ContractKind::Member);
    let body = format!(
        r#"{{"contract_number":"{contract}","initial_password":"{}"}}"#,
        crate::helpers::INITIAL
    );
    let mut res = app
        .client()
        .post(app.url("/api/v1/registration/contract"))
        .insert_header(("content-type", "application/json; charset=shift_jis"))
        .send_body(body.clone())
        .await
        .expect("send");
    assert_eq!(res.status(), 415);
    let err: ApiError = res.json().await.expect("json");
    assert_eq!(err.code, ErrorCode::E9415);
    let res = app
        .client()
        .post(app.url("/api/v1/registration/contract"))
        .insert_header(("content-type", "application/json; charset=UTF-8"))
        .send_body(body)
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    app.stop().await;
}

/// TRACE (and any method no route serves) answers 405, on the API and elsewhere.
#[actix_web::test]
async fn trace_answers_405() {
    let app = TestApp::spawn().await;
    for path in ["/api/v1/health", "/api/v1/session", "/"] {
        let mut res = app
            .client()
            .request(awc::http::Method::TRACE, app.url(path))
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), 405, "{path}");
        assert!(res.headers().contains_key("allow"), "{path}");
        let err: ApiError = res.json().await.expect("json");
        assert_eq!(err.code, ErrorCode::E9405, "{path}");
    }
    app.stop().await;
}

/// The SQLite file deleted under a running service: `/ready` turns 503 (and no request writes
/// into the deleted file or into a new empty one), and a restart refuses to create an empty
/// database where one existed.
#[actix_web::test]
async fn a_deleted_sqlite_file_turns_ready_red_and_is_not_recreated() {
    if TestDatabase::backend() != cjs_store::Backend::Sqlite {
        eprintln!("skipped: SQLite only (CJS_TEST_BACKEND=sqlite)");
        return;
    }
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .get(app.url("/api/v1/ready"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    let url = cjs_store::DatabaseUrl::parse(&app.database_url()).expect("url");
    let cjs_store::DatabaseUrl::Sqlite(path) = url else {
        panic!("a SQLite URL")
    };
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut res = app
        .client()
        .get(app.url("/api/v1/ready"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 503);
    let err: ApiError = res.json().await.expect("json");
    assert_eq!(err.code, ErrorCode::E9503);
    assert_eq!(err.details.expect("details")["database"], "sqlite");
    assert!(!path.exists(), "no new empty database");
    // A restart on the same settings refuses, naming the missing file.
    let refused = cjs_server::Application::build(
        app.settings.clone(),
        std::sync::Arc::new(app.clock.clone()),
    )
    .err()
    .expect("refused");
    let text = format!("{refused:#}");
    assert!(text.contains("missing"), "{text}");
    assert!(!path.exists(), "no new empty database");
    app.stop().await;
}

/// A private PostgreSQL cluster (initdb under a temporary directory, its own port), stopped and
/// started again under a running service.
struct PrivateCluster {
    dir: std::path::PathBuf,
    bin: std::path::PathBuf,
    port: u16,
}

impl PrivateCluster {
    fn create() -> Result<Self, String> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .map_err(|e| format!("no /usr/lib/postgresql: {e}"))?
            .filter_map(Result::ok)
            .map(|e| e.path().join("bin"))
            .find(|b| b.join("initdb").exists())
            .ok_or("initdb is not installed")?;
        let dir = std::env::temp_dir().join(format!("cjs-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let cluster = PrivateCluster { dir, bin, port };
        if nix_is_root() {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
            let ok = std::process::Command::new("chown")
                .args(["postgres:postgres"])
                .arg(&cluster.dir)
                .status()
                .map_err(|e| e.to_string())?
                .success();
            if !ok {
                return Err("cannot hand the directory to the postgres user".into());
            }
        }
        let data = cluster.dir.join("data");
        cluster.run(
            "initdb",
            &[
                "-D",
                &data.to_string_lossy(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
        )?;
        cluster.start()?;
        Ok(cluster)
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<(), String> {
        let exe = self.bin.join(tool);
        let mut cmd = if nix_is_root() {
            let mut c = std::process::Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            std::process::Command::new(&exe)
        };
        let out = cmd
            .args(args)
            .output()
            .map_err(|e| format!("{tool}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{tool}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    fn pg_ctl(&self, args: &[&str]) -> Result<(), String> {
        let data = self.dir.join("data").to_string_lossy().into_owned();
        let mut all = vec!["-D", &data];
        all.extend_from_slice(args);
        self.run("pg_ctl", &all)
    }

    fn start(&self) -> Result<(), String> {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("log").to_string_lossy().into_owned();
        self.pg_ctl(&["-w", "-t", "30", "-l", &log, "-o", &opts, "start"])
    }

    fn stop(&self) -> Result<(), String> {
        self.pg_ctl(&["-w", "-m", "fast", "stop"])
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        let _ = self.pg_ctl(&["-m", "immediate", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn nix_is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

async fn status_and_code(app: &TestApp, method: &str, path: &str) -> (u16, Option<ErrorCode>) {
    let body = (method == "POST").then(
        || serde_json::json!({"contract_number": "99999999", "initial_password": "Zz9!zz9#"}),
    );
    let (s, b) = app.send_json(&app.client(), method, path, None, body).await;
    (
        s,
        serde_json::from_value::<ApiError>(b).ok().map(|e| e.code),
    )
}

/// PostgreSQL away: every request answers 503 E9503 and /ready says so; PostgreSQL back: the
/// service is back within seconds, without a restart.
#[actix_web::test]
async fn postgresql_away_answers_503_and_back_serves_again_within_seconds() {
    if TestDatabase::backend() != cjs_store::Backend::Postgresql {
        eprintln!("skipped: runs with CJS_TEST_BACKEND=postgres");
        return;
    }
    let cluster = match PrivateCluster::create() {
        Ok(c) => c,
        Err(why) => {
            eprintln!("skipped: no private PostgreSQL cluster: {why}");
            return;
        }
    };
    let data_dir = std::env::temp_dir().join(format!("cjs-app-{}", uuid::Uuid::new_v4().simple()));
    let app = TestApp::spawn_with(crate::helpers::Options {
        share_with: Some((cluster.url(), data_dir)),
        ..Default::default()
    })
    .await;
    let login = "/api/v1/registration/contract";
    assert_eq!(status_and_code(&app, "GET", "/api/v1/ready").await.0, 200);
    assert_eq!(
        status_and_code(&app, "POST", login).await,
        (401, Some(ErrorCode::E2001))
    );

    cluster.stop().expect("stop");
    for path in ["/api/v1/ready", login, "/api/v1/ready"] {
        let method = if path == login { "POST" } else { "GET" };
        assert_eq!(
            status_and_code(&app, method, path).await,
            (503, Some(ErrorCode::E9503)),
            "{path} while PostgreSQL is away"
        );
    }

    cluster.start().expect("start");
    let back = std::time::Instant::now();
    let mut ready = (0, None);
    while back.elapsed() < std::time::Duration::from_secs(30) {
        ready = status_and_code(&app, "GET", "/api/v1/ready").await;
        if ready.0 == 200 {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(ready.0, 200, "ready again: {ready:?}");
    assert!(
        back.elapsed() < std::time::Duration::from_secs(10),
        "back after {:?}",
        back.elapsed()
    );
    // Every pooled connection works again, not only the one /ready got.
    for _ in 0..12 {
        assert_eq!(
            status_and_code(&app, "POST", login).await,
            (401, Some(ErrorCode::E2001))
        );
    }
    app.stop().await;
    drop(cluster);
}

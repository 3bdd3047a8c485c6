//! Prometheus metrics on the separate metrics listener: what a login failure, a lock, an issued
//! certificate, an import, an export, a mail and a request leave in the scrape, with their labels
//! and values; route labels are patterns, never paths or tenant data; the public listener never
//! serves `/metrics`; `metrics.allow` keeps other peers out.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};

use crate::helpers::{Identity, Options, TestApp};
use crate::ledger::{LEDGER, add, download, items, line, upload};

const WRONG: &str = "Wr0ngPass!";

/// One sample line: `name{labels} value`.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// A parsed scrape. The parser is strict: every line is a `# HELP` / `# TYPE` / `# UNIT`
/// comment, a well-formed sample of a declared family, or the final `# EOF`.
#[derive(Debug)]
struct Scrape {
    samples: Vec<Sample>,
    types: HashMap<String, String>,
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn parse_labels(s: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = s;
    while !rest.is_empty() {
        let (key, after) = rest.split_once("=\"").expect("label key=\"");
        assert!(is_name(key), "label name {key:?}");
        let mut value = String::new();
        let mut chars = after.char_indices();
        let end = loop {
            match chars.next().expect("closing quote") {
                (i, '"') => break i,
                (_, '\\') => match chars.next().expect("escape").1 {
                    'n' => value.push('\n'),
                    c @ ('\\' | '"') => value.push(c),
                    c => panic!("bad escape \\{c}"),
                },
                (_, c) => value.push(c),
            }
        };
        assert!(
            out.insert(key.to_owned(), value).is_none(),
            "label {key} twice"
        );
        rest = &after[end + 1..];
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
    out
}

fn parse(text: &str) -> Scrape {
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.last(), Some(&"# EOF"), "ends with # EOF:\n{text}");
    let mut types = HashMap::new();
    let mut samples = Vec::new();
    for line in &lines[..lines.len() - 1] {
        if let Some(rest) = line.strip_prefix("# ") {
            let mut parts = rest.splitn(3, ' ');
            let (kind, name) = (parts.next(), parts.next().expect("family name"));
            assert!(is_name(name), "{line}");
            match kind {
                Some("TYPE") => {
                    let t = parts.next().expect("type");
                    assert!(
                        ["counter", "gauge", "histogram", "info", "unknown"].contains(&t),
                        "{line}"
                    );
                    types.insert(name.to_owned(), t.to_owned());
                }
                Some("HELP" | "UNIT") => {}
                _ => panic!("unexpected comment {line}"),
            }
            continue;
        }
        let (head, value) = line.rsplit_once(' ').expect("sample value");
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            v => v.parse().unwrap_or_else(|e| panic!("{line}: {e}")),
        };
        let (name, labels) = match head.split_once('{') {
            Some((n, l)) => (n, parse_labels(l.strip_suffix('}').expect("closing brace"))),
            None => (head, BTreeMap::new()),
        };
        assert!(is_name(name), "{line}");
        let family = ["_total", "_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| name.strip_suffix(s).filter(|f| types.contains_key(*f)))
            .unwrap_or(name);
        assert!(types.contains_key(family), "{line}: no # TYPE {family}");
        samples.push(Sample {
            name: name.to_owned(),
            labels,
            value,
        });
    }
    Scrape { samples, types }
}

impl Scrape {
    /// The value of the sample with exactly these labels; 0 when it was never recorded.
    fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        let want: BTreeMap<String, String> = labels
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let found: Vec<&Sample> = self
            .samples
            .iter()
            .filter(|s| s.name == name && s.labels == want)
            .collect();
        assert!(found.len() <= 1, "{name} {want:?} twice");
        found.first().map_or(0.0, |s| s.value)
    }

    fn label_values(&self, name: &str, label: &str) -> Vec<&str> {
        self.samples
            .iter()
            .filter(|s| s.name == name)
            .filter_map(|s| s.labels.get(label).map(String::as_str))
            .collect()
    }
}

async fn scrape(app: &TestApp) -> Scrape {
    let base = app.metrics_base.as_deref().expect("metrics listener");
    let mut res = awc::Client::default()
        .get(format!("{base}/metrics"))
        .send()
        .await
        .expect("scrape");
    assert_eq!(res.status().as_u16(), 200);
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(ct.starts_with("application/openmetrics-text"), "{ct}");
    let body = res.body().limit(4 * 1024 * 1024).await.expect("body");
    parse(std::str::from_utf8(&body).expect("utf-8"))
}

async fn login(app: &TestApp, id: &Identity, password: &str) -> (u16, Value) {
    app.send_json(
        &app.client_with(id),
        "POST",
        "/api/v1/session",
        None,
        Some(json!({ "password": password })),
    )
    .await
}

fn with_metrics() -> Options {
    Options {
        metrics: Some(Vec::new()),
        ..Options::default()
    }
}

#[actix_web::test]
async fn logins_locks_certificates_imports_exports_mail_and_requests_are_in_the_scrape() {
    let app = TestApp::spawn_with(with_metrics()).await;
    let fresh = scrape(&app).await;
    assert_eq!(fresh.value("cjs_certificates_issued_total", &[]), 0.0);
    // A labelled family appears once it has a sample (prometheus-client leaves empty ones out).

    // Two masters: each registers, gets a code by mail, a certificate, and logs in.
    let a = app.master("metrics01").await;
    let b = app.master("metrics02").await;
    // The second one types a wrong password until locked (lock_threshold = 6).
    let mut codes = Vec::new();
    for _ in 0..6 {
        let (st, body) = login(&app, &b.id, WRONG).await;
        codes.push((st, body["code"].as_str().unwrap_or_default().to_owned()));
    }
    assert_eq!(codes[0], (401, "E2002".to_owned()));
    assert_eq!(codes[5].1, "E2003", "locked at the sixth: {codes:?}");
    // A route with a path parameter, asked with a user ID that is tenant data.
    let (users_status, _) = a.call(&app, "GET", "/api/v1/users/nosuch0099", None).await;
    // An SPA deep link (no route matches).
    let res = app
        .client()
        .get(app.url("/admin/users/metrics01"))
        .send()
        .await
        .expect("spa");
    assert_eq!(res.status().as_u16(), 200);

    // The ledger: three lines, exported, imported back (check, apply), a bad file refused.
    items(&app, &a).await;
    for no in 1..=3 {
        add(&app, &a, line(no, "ﾛｳｷﾝ ﾀﾛｳ", "101", 2_000)).await;
    }
    let (st, _, _, file) = download(&app, &a, &format!("{LEDGER}/lines.csv?encoding=utf8")).await;
    assert_eq!(st, 200);
    let import = |mode: &str| format!("{LEDGER}/import?mode={mode}&amounts_from=2024-07");
    for mode in ["check", "apply"] {
        let (st, body) = upload(&app, &a, &import(mode), file.clone()).await;
        assert_eq!((st, body["rows"].as_i64()), (200, Some(3)), "{body}");
    }
    let mut bad = String::from_utf8(file.clone()).expect("utf-8");
    bad.push_str("0000009,ｸﾐｱｲ ﾊﾅｺ,組合　花子,999,不明,2000,0,0,202407,\r\n");
    let (st, body) = upload(&app, &a, &import("apply"), bad.into_bytes()).await;
    assert_eq!((st, body["code"].as_str()), (422, Some("E1038")), "{body}");

    let m = scrape(&app).await;
    assert_eq!(m.types["cjs_http_request_duration_seconds"], "histogram");
    assert_eq!(m.types["cjs_db_pool_connections"], "gauge");
    // Logins and their failures, by result and by code.
    assert_eq!(m.value("cjs_logins_total", &[("result", "success")]), 2.0);
    assert_eq!(m.value("cjs_logins_total", &[("result", "failure")]), 6.0);
    assert_eq!(
        m.value("cjs_login_failures_total", &[("code", "E2002")]),
        5.0
    );
    assert_eq!(
        m.value("cjs_login_failures_total", &[("code", "E2003")]),
        1.0
    );
    // One lock (the sixth failure); no 閉塞.
    assert_eq!(
        m.value(
            "cjs_lockouts_total",
            &[("kind", "lock"), ("subject", "user")]
        ),
        1.0
    );
    assert_eq!(
        m.value(
            "cjs_lockouts_total",
            &[("kind", "block"), ("subject", "user")]
        ),
        0.0
    );
    assert_eq!(m.value("cjs_certificates_issued_total", &[]), 2.0);
    // Every mail written to the outbox was counted as sent.
    let outbox = std::fs::read_dir(app.data_dir.join("outbox"))
        .expect("outbox")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .count();
    assert!(outbox >= 2, "two codes at least");
    assert_eq!(
        m.value("cjs_mail_total", &[("result", "sent")]),
        outbox as f64
    );
    assert_eq!(m.value("cjs_mail_total", &[("result", "failed")]), 0.0);

    // Imports: count, rows and time per kind and mode; the refused one counted apart.
    let lines = |mode: &'static str| [("kind", "ledger_lines"), ("mode", mode)];
    for mode in ["check", "apply"] {
        let ok = [("kind", "ledger_lines"), ("mode", mode), ("result", "ok")];
        assert_eq!(m.value("cjs_imports_total", &ok), 1.0, "{mode}");
        assert_eq!(m.value("cjs_import_rows_total", &lines(mode)), 3.0);
        assert_eq!(
            m.value("cjs_import_duration_seconds_count", &lines(mode)),
            1.0
        );
        assert!(m.value("cjs_import_duration_seconds_sum", &lines(mode)) > 0.0);
    }
    assert_eq!(
        m.value(
            "cjs_imports_total",
            &[
                ("kind", "ledger_lines"),
                ("mode", "apply"),
                ("result", "error")
            ]
        ),
        1.0
    );
    // The export: one file, three rows.
    let export = [
        ("area", "ledger"),
        ("file", "ledger-lines"),
        ("format", "csv"),
    ];
    assert_eq!(m.value("cjs_exports_total", &export), 1.0);
    assert_eq!(m.value("cjs_export_rows_total", &export), 3.0);
    assert_eq!(m.value("cjs_export_duration_seconds_count", &export), 1.0);

    // Requests by route pattern and status, and their latency.
    let session = |status: &'static str| {
        [
            ("method", "POST"),
            ("route", "/api/v1/session"),
            ("status", status),
        ]
    };
    assert_eq!(m.value("cjs_http_requests_total", &session("201")), 2.0);
    assert_eq!(m.value("cjs_http_requests_total", &session("401")), 5.0);
    assert_eq!(m.value("cjs_http_requests_total", &session("423")), 1.0);
    let latency = [("method", "POST"), ("route", "/api/v1/session")];
    assert_eq!(
        m.value("cjs_http_request_duration_seconds_count", &latency),
        8.0
    );
    let mut inf = latency.to_vec();
    inf.push(("le", "+Inf"));
    assert_eq!(
        m.value("cjs_http_request_duration_seconds_bucket", &inf),
        8.0
    );
    let users_status = users_status.to_string();
    assert_eq!(
        m.value(
            "cjs_http_requests_total",
            &[
                ("method", "GET"),
                ("route", "/api/v1/users/{user_id}"),
                ("status", &users_status)
            ]
        ),
        1.0
    );
    assert_eq!(
        m.value(
            "cjs_http_requests_total",
            &[("method", "GET"), ("route", "unmatched"), ("status", "200")]
        ),
        1.0
    );
    // Route labels are patterns: no user ID, contract or group number, no raw path.
    let routes = m.label_values("cjs_http_requests_total", "route");
    assert!(routes.contains(&"/api/v1/ledger/import"), "{routes:?}");
    for route in &routes {
        assert!(
            *route == "unmatched" || route.starts_with("/api/"),
            "{route}"
        );
        for secret in [
            "nosuch0099",
            "metrics01",
            "metrics02",
            a.contract.as_str(),
            a.group.as_str(),
        ] {
            assert!(!route.contains(secret), "{route} holds {secret}");
        }
    }
    for s in &m.samples {
        for v in s.labels.values() {
            assert!(!v.contains("metrics0"), "{s:?}");
        }
    }
    // The pool, read at the scrape.
    assert_eq!(m.value("cjs_db_pool_max_connections", &[]), 8.0);
    let (conns, idle) = (
        m.value("cjs_db_pool_connections", &[]),
        m.value("cjs_db_pool_idle_connections", &[]),
    );
    assert!((1.0..=8.0).contains(&conns), "{conns}");
    assert!(idle <= conns, "{idle} ≤ {conns}");
    app.stop().await;
}

#[actix_web::test]
async fn the_public_listener_never_serves_metrics() {
    // Not configured: no metrics listener at all, and the public port answers 404.
    let app = TestApp::spawn().await;
    assert!(app.metrics_base.is_none());
    let (st, body) = app
        .send_json(&app.client(), "GET", "/metrics", None, None)
        .await;
    assert_eq!((st, body["code"].as_str()), (404, Some("E9404")), "{body}");
    app.stop().await;

    // Configured: still 404 on the public port; the metrics listener serves GET /metrics only.
    let app = TestApp::spawn_with(with_metrics()).await;
    let mut res = app
        .client()
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 404);
    let body = res.body().await.expect("body");
    assert!(!String::from_utf8_lossy(&body).contains("# TYPE"));
    let base = app.metrics_base.clone().expect("metrics listener");
    let client = awc::Client::default();
    let res = client
        .get(format!("{base}/api/v1/health"))
        .send()
        .await
        .expect("get");
    assert_eq!(
        res.status().as_u16(),
        404,
        "only /metrics on the metrics listener"
    );
    let res = client
        .post(format!("{base}/metrics"))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 405, "GET only");
    // The public 404 was counted with its pattern; the scrapes themselves are not requests.
    let m = scrape(&app).await;
    assert_eq!(
        m.value(
            "cjs_http_requests_total",
            &[("method", "GET"), ("route", "/metrics"), ("status", "404")]
        ),
        1.0
    );
    assert_eq!(
        m.samples
            .iter()
            .filter(|s| s.name == "cjs_http_requests_total")
            .count(),
        1
    );
    app.stop().await;
}

#[actix_web::test]
async fn a_peer_outside_metrics_allow_is_refused() {
    let app = TestApp::spawn_with(Options {
        metrics: Some(vec!["10.0.0.0/8".parse().expect("network")]),
        ..Options::default()
    })
    .await;
    let base = app.metrics_base.clone().expect("metrics listener");
    let res = awc::Client::default()
        .get(format!("{base}/metrics"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 403);
    app.stop().await;

    let app = TestApp::spawn_with(Options {
        metrics: Some(vec!["127.0.0.0/8".parse().expect("network")]),
        ..Options::default()
    })
    .await;
    let m = scrape(&app).await;
    assert_eq!(m.value("cjs_db_pool_max_connections", &[]), 8.0);
    app.stop().await;
}

#[actix_web::test]
async fn a_mail_that_could_not_be_sent_is_counted_as_failed() {
    let app = TestApp::spawn_with(with_metrics()).await;
    // An SMTP port where nothing listens.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut settings = app.settings.clone();
    settings.mail.transport = format!("smtp://127.0.0.1:{port}");
    settings.mail.send_timeout = std::time::Duration::from_secs(2);
    let mailer = cjs_server::mail::Mailer::from_settings(&settings)
        .expect("mailer")
        .with_metrics(app.state.metrics.clone());
    let mail = cjs_server::mail::OutgoingMail::new(
        "taro@example.co.jp",
        ("件名".to_owned(), "本文".to_owned()),
    );
    assert!(mailer.send(mail.clone()).await.is_err());
    // The server's own mailer (the outbox) sends.
    app.state.mailer.send(mail).await.expect("outbox");
    let m = scrape(&app).await;
    assert_eq!(m.value("cjs_mail_total", &[("result", "failed")]), 1.0);
    assert_eq!(m.value("cjs_mail_total", &[("result", "sent")]), 1.0);
    app.stop().await;
}

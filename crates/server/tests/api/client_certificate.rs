//! The TLS layer lets any certificate through the handshake; the application judges it: none,
//! ours and valid, foreign, expired (by the service clock), and in proxy mode only from trusted
//! proxies.

use chrono::Duration;
use cjs_api_types::{CertificateStatus, ClientCertificateView};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::helpers::{Options, TestApp, foreign_pki, start_time};

async fn view(app: &TestApp, client: &awc::Client) -> ClientCertificateView {
    let mut res = client
        .get(app.url("/api/v1/client-certificate"))
        .send()
        .await
        .expect("the handshake and the request succeed");
    assert_eq!(res.status(), 200);
    res.json().await.expect("json")
}

#[actix_web::test]
async fn without_a_certificate_the_status_is_none() {
    let app = TestApp::spawn().await;
    let v = view(&app, &app.client()).await;
    assert_eq!(v.status, CertificateStatus::None);
    assert!(v.thumbprint_sha256.is_none());
    app.stop().await;
}

#[actix_web::test]
async fn our_certificate_is_valid_and_named_with_its_thumbprint() {
    let app = TestApp::spawn().await;
    let issued = app
        .pki
        .issue_client(
            "rokin01",
            "12345678",
            start_time(),
            start_time() + Duration::days(366),
        )
        .expect("issue");
    let v = view(
        &app,
        &app.client_presenting(Some((&issued.cert, &issued.key))),
    )
    .await;
    assert_eq!(v.status, CertificateStatus::Valid);
    assert_eq!(v.subject_cn.as_deref(), Some("rokin01"));
    assert_eq!(v.subject_o.as_deref(), Some("12345678"));
    let expected = hex::encode(
        issued
            .cert
            .digest(openssl::hash::MessageDigest::sha256())
            .expect("digest"),
    );
    assert_eq!(v.thumbprint_sha256.as_deref(), Some(expected.as_str()));
    app.stop().await;
}

#[actix_web::test]
async fn a_foreign_certificate_reaches_the_application_and_is_untrusted() {
    let app = TestApp::spawn().await;
    let (foreign, dir) = foreign_pki();
    let issued = foreign
        .issue_client(
            "rokin01",
            "12345678",
            start_time(),
            start_time() + Duration::days(366),
        )
        .expect("issue");
    let v = view(
        &app,
        &app.client_presenting(Some((&issued.cert, &issued.key))),
    )
    .await;
    assert_eq!(v.status, CertificateStatus::Untrusted);
    let _ = std::fs::remove_dir_all(dir);
    app.stop().await;
}

#[actix_web::test]
async fn an_expired_certificate_reaches_the_application_and_is_expired() {
    let app = TestApp::spawn().await;
    // Expired by the wall clock as well, so the TLS layer itself would have refused it.
    let issued = app
        .pki
        .issue_client(
            "rokin01",
            "12345678",
            start_time() - Duration::days(400),
            start_time() - Duration::days(34),
        )
        .expect("issue");
    let v = view(
        &app,
        &app.client_presenting(Some((&issued.cert, &issued.key))),
    )
    .await;
    assert_eq!(v.status, CertificateStatus::Expired);
    app.stop().await;
}

#[actix_web::test]
async fn validity_is_judged_by_the_service_clock() {
    let app = TestApp::spawn().await;
    let issued = app
        .pki
        .issue_client(
            "rokin01",
            "12345678",
            start_time(),
            start_time() + Duration::days(366),
        )
        .expect("issue");
    let client = app.client_presenting(Some((&issued.cert, &issued.key)));
    assert_eq!(view(&app, &client).await.status, CertificateStatus::Valid);
    app.clock.advance(Duration::days(367));
    assert_eq!(view(&app, &client).await.status, CertificateStatus::Expired);
    app.clock.set(start_time() - Duration::days(1));
    assert_eq!(
        view(&app, &client).await.status,
        CertificateStatus::NotYetValid
    );
    app.stop().await;
}

fn header_value(cert: &openssl::x509::X509) -> String {
    let pem = cert.to_pem().expect("pem");
    utf8_percent_encode(&String::from_utf8_lossy(&pem), NON_ALPHANUMERIC).to_string()
}

#[actix_web::test]
async fn in_proxy_mode_the_header_of_a_trusted_proxy_is_read() {
    let app = TestApp::spawn_with(Options {
        proxy_trusting: Some(vec!["127.0.0.1".parse().expect("ip")]),
        ..Options::default()
    })
    .await;
    let issued = app
        .pki
        .issue_client(
            "rokin01",
            "12345678",
            start_time(),
            start_time() + Duration::days(366),
        )
        .expect("issue");
    let mut res = awc::Client::default()
        .get(app.url("/api/v1/client-certificate"))
        .insert_header(("x-ssl-client-cert", header_value(&issued.cert)))
        .send()
        .await
        .expect("send");
    let v: ClientCertificateView = res.json().await.expect("json");
    assert_eq!(v.status, CertificateStatus::Valid);
    assert_eq!(v.subject_cn.as_deref(), Some("rokin01"));
    app.stop().await;
}

#[actix_web::test]
async fn in_proxy_mode_the_header_from_anyone_else_is_ignored() {
    let app = TestApp::spawn_with(Options {
        proxy_trusting: Some(vec!["10.9.9.9".parse().expect("ip")]),
        ..Options::default()
    })
    .await;
    let issued = app
        .pki
        .issue_client(
            "rokin01",
            "12345678",
            start_time(),
            start_time() + Duration::days(366),
        )
        .expect("issue");
    let mut res = awc::Client::default()
        .get(app.url("/api/v1/client-certificate"))
        .insert_header(("x-ssl-client-cert", header_value(&issued.cert)))
        .send()
        .await
        .expect("send");
    let v: ClientCertificateView = res.json().await.expect("json");
    assert_eq!(v.status, CertificateStatus::None);
    app.stop().await;
}

/// 接続元 in proxy mode is the address the proxy saw (the last X-Forwarded-For entry, the one it
/// appended), never the text the client put first, and only ever an IP address.
#[actix_web::test]
async fn in_proxy_mode_the_logged_address_is_the_one_the_proxy_saw() {
    let app = TestApp::spawn_with(Options {
        proxy_trusting: Some(vec!["127.0.0.1".parse().expect("ip")]),
        ..Options::default()
    })
    .await;
    let (contract, _) = app.contract(cjs_domain::ContractKind::Member);
    attempt(
        &app,
        &contract,
        "=HYPERLINK(\"http://evil.example/\",\"x\"), 203.0.113.7",
    )
    .await;
    assert_eq!(last_logged_address(&app, &contract).await, "203.0.113.7");
    attempt(
        &app,
        &contract,
        "=HYPERLINK(\"http://evil.example/\",\"x\")",
    )
    .await;
    assert_eq!(last_logged_address(&app, &contract).await, "127.0.0.1");
    app.stop().await;
}

async fn attempt(app: &TestApp, contract: &str, forwarded: &str) {
    let res = awc::Client::default()
        .post(app.url("/api/v1/registration/contract"))
        .insert_header(("x-forwarded-for", forwarded))
        .send_json(&serde_json::json!({
            "contract_number": contract, "initial_password": "Zz9!zz9#"
        }))
        .await
        .expect("send");
    assert_eq!(res.status(), 401);
}

async fn last_logged_address(app: &TestApp, contract: &str) -> String {
    let filter = cjs_store::oplog::Filter {
        contract_number: contract.to_owned(),
        limit: 1,
        ..Default::default()
    };
    let (rows, _) = app
        .state
        .db(move |c| cjs_store::oplog::list(c, &filter))
        .await
        .expect("log");
    rows[0].client_addr.clone()
}

//! 電子証明書発行 (DC586101) through the API: the e-mailed code (6 digits, 10 minutes, single use,
//! at most 5 tries, never stored in clear), one valid certificate per user with renewal in the
//! last 30 days, the .p12 file itself, the single-use issue token, and a new certificate at once
//! after the bank revokes the old one.

use chrono::{DateTime, Duration, TimeZone, Utc};
use cjs_domain::{Clock as _, ContractKind};
use openssl::asn1::{Asn1Time, Asn1TimeRef};
use openssl::nid::Nid;
use openssl::pkcs12::Pkcs12;
use openssl::x509::{CrlStatus, X509, X509Crl};
use serde_json::{Value, json};

use crate::helpers::{Identity, PASSWORD, TestApp, start_time};

/// A contract whose master `user_id` is registered but has no certificate yet.
async fn registered(app: &TestApp, user_id: &str) -> String {
    let (contract, _) = app.contract(ContractKind::Member);
    app.register_master(&contract, user_id).await;
    contract
}

async fn challenge(app: &TestApp, user_id: &str, password: &str) -> (u16, Value) {
    app.post_json(
        "/api/v1/certificates/challenge",
        json!({"user_id": user_id, "password": password}),
    )
    .await
}

/// A challenge that must succeed; its id.
async fn challenge_id(app: &TestApp, user_id: &str) -> String {
    let (s, b) = challenge(app, user_id, PASSWORD).await;
    assert_eq!(s, 200, "{b}");
    b["challenge_id"].as_str().expect("challenge id").to_owned()
}

async fn verify(app: &TestApp, challenge: &str, code: &str) -> (u16, Value) {
    app.post_json(
        "/api/v1/certificates/verify",
        json!({"challenge_id": challenge, "code": code}),
    )
    .await
}

/// Challenge and the mailed code: the issue token.
async fn issue_token(app: &TestApp, user_id: &str) -> String {
    let id = challenge_id(app, user_id).await;
    let (s, b) = verify(app, &id, &app.last_code()).await;
    assert_eq!(s, 200, "{b}");
    b["issue_token"].as_str().expect("issue token").to_owned()
}

/// A six-digit code other than `code`.
fn wrong(code: &str) -> String {
    let n: u32 = code.parse().expect("digits");
    format!("{:06}", (n + 1) % 1_000_000)
}

struct Download {
    status: u16,
    content_type: String,
    disposition: String,
    body: Vec<u8>,
}

impl Download {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

async fn issue(app: &TestApp, token: &str) -> Download {
    let mut res = app
        .client()
        .post(app.url("/api/v1/certificates/issue"))
        .send_json(&json!({"issue_token": token}))
        .await
        .expect("issue");
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (content_type, disposition) = (header("content-type"), header("content-disposition"));
    let body = res.body().await.expect("body").to_vec();
    Download {
        status: res.status().as_u16(),
        content_type,
        disposition,
        body,
    }
}

fn code_of(body: &Value) -> Option<&str> {
    body["code"].as_str()
}

/// An ASN.1 time as UTC.
fn utc(t: &Asn1TimeRef) -> DateTime<Utc> {
    let epoch = Asn1Time::from_unix(0).expect("epoch");
    let d = epoch.diff(t).expect("diff");
    Utc.timestamp_opt(i64::from(d.days) * 86_400 + i64::from(d.secs), 0)
        .single()
        .expect("time")
}

fn not_after(id: &Identity) -> DateTime<Utc> {
    utc(id.cert.not_after())
}

async fn crl(app: &TestApp) -> X509Crl {
    let mut res = app
        .client()
        .get(app.url("/api/v1/certificates/crl"))
        .send()
        .await
        .expect("crl");
    assert_eq!(res.status(), 200);
    X509Crl::from_der(&res.body().await.expect("der")).expect("a DER CRL")
}

fn lists(crl: &X509Crl, cert: &X509) -> bool {
    matches!(crl.get_by_cert(cert), CrlStatus::Revoked(_))
}

fn outbox(app: &TestApp) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(app.data_dir.join("outbox"))
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                .collect()
        })
        .unwrap_or_default()
}

#[actix_web::test]
async fn the_code_is_six_digits_and_goes_to_the_registered_address_only() {
    let app = TestApp::spawn().await;
    registered(&app, "rokin01").await;
    assert!(outbox(&app).is_empty(), "no mail before the challenge");
    let (s, b) = challenge(&app, "rokin01", PASSWORD).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["sent_to"], "t***@example.co.jp", "{b}");
    assert_eq!(b["max_attempts"], 5, "{b}");
    let expires: DateTime<Utc> = serde_json::from_value(b["expires_at"].clone()).expect("time");
    assert_eq!(expires, start_time() + Duration::minutes(10));

    let mails = outbox(&app);
    assert_eq!(mails.len(), 1, "one mail per challenge");
    let eml = std::fs::read_to_string(&mails[0]).expect("eml");
    let (head, body) = eml.split_once("\r\n\r\n").expect("headers and body");
    let to: Vec<&str> = head
        .lines()
        .filter(|l| l.to_ascii_lowercase().starts_with("to:"))
        .collect();
    assert_eq!(to.len(), 1, "{head}");
    assert!(to[0].contains("taro@example.co.jp"), "{}", to[0]);
    assert!(!head.to_ascii_lowercase().contains("\ncc:"), "{head}");
    let code = app.last_code();
    assert_eq!(code.len(), 6, "{code}");
    assert!(code.bytes().all(|c| c.is_ascii_digit()), "{code}");
    assert!(body.contains("rokin01"), "{body}");
    assert!(body.contains("10分"), "{body}");
    // The code is not in the response.
    assert!(!b.to_string().contains(&code), "{b}");

    // A wrong password sends nothing.
    let (s, b) = challenge(&app, "rokin01", "Wr0ng!pass").await;
    assert_eq!((s, code_of(&b)), (401, Some("E2002")), "{b}");
    assert_eq!(outbox(&app).len(), 1);
    app.stop().await;
}

#[actix_web::test]
async fn neither_the_code_nor_the_password_is_stored_in_clear() {
    let app = TestApp::spawn().await;
    registered(&app, "rokin01").await;
    let full_id = challenge_id(&app, "rokin01").await;
    let code = app.last_code();
    let (id, key) = full_id.split_once('.').expect("id.key");
    let mut conn = cjs_store::DatabaseUrl::parse(&app.database_url())
        .expect("url")
        .connect()
        .expect("connect");
    let row = cjs_store::tokens::find_challenge(&mut conn, id)
        .expect("query")
        .expect("the challenge row");
    assert_eq!(row.user_id, "rokin01");
    assert_eq!(row.attempts, 0);
    for (column, value) in [
        ("id", row.id.as_str()),
        ("code_hash", row.code_hash.as_str()),
        ("sealed_password", row.sealed_password.as_str()),
        (
            "issue_token_hash",
            row.issue_token_hash.as_deref().unwrap_or(""),
        ),
    ] {
        assert!(!value.contains(&code), "the code in clear in {column}");
        assert!(
            !value.contains(PASSWORD),
            "the password in clear in {column}"
        );
        if !key.is_empty() && column != "id" {
            assert!(!value.contains(key), "the sealing key in {column}");
        }
    }
    assert_ne!(row.code_hash, code);
    let (s, b) = verify(&app, &full_id, &code).await;
    assert_eq!(s, 200, "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn the_code_expires_after_ten_minutes() {
    let app = TestApp::spawn().await;
    registered(&app, "rokin01").await;
    // 9 minutes: still good.
    let first = challenge_id(&app, "rokin01").await;
    let code = app.last_code();
    app.clock.advance(Duration::minutes(9));
    let (s, b) = verify(&app, &first, &code).await;
    assert_eq!(s, 200, "{b}");
    // 11 minutes: gone, even with the right code.
    let second = challenge_id(&app, "rokin01").await;
    let code = app.last_code();
    app.clock.advance(Duration::minutes(11));
    let (s, b) = verify(&app, &second, &code).await;
    assert_eq!((s, code_of(&b)), (422, Some("E2108")), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn a_used_code_cannot_be_used_again() {
    let app = TestApp::spawn().await;
    registered(&app, "rokin01").await;
    let id = challenge_id(&app, "rokin01").await;
    let code = app.last_code();
    let (s, b) = verify(&app, &id, &code).await;
    assert_eq!(s, 200, "{b}");
    let (s, b) = verify(&app, &id, &code).await;
    assert_eq!((s, code_of(&b)), (422, Some("E2108")), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn five_tries_at_most_then_even_the_right_code_is_refused() {
    let app = TestApp::spawn().await;
    registered(&app, "rokin01").await;
    let id = challenge_id(&app, "rokin01").await;
    let code = app.last_code();
    let bad = wrong(&code);
    for remaining in [4, 3, 2, 1] {
        let (s, b) = verify(&app, &id, &bad).await;
        assert_eq!((s, code_of(&b)), (422, Some("E2107")), "{b}");
        assert_eq!(b["details"]["remaining_attempts"], remaining, "{b}");
    }
    // The fifth wrong code uses up the tries.
    let (s, b) = verify(&app, &id, &bad).await;
    assert_eq!((s, code_of(&b)), (423, Some("E2109")), "{b}");
    // A sixth try is refused, right code or not.
    let (s, b) = verify(&app, &id, &code).await;
    assert_eq!((s, code_of(&b)), (423, Some("E2109")), "{b}");
    let (s, b) = verify(&app, &id, &bad).await;
    assert_eq!((s, code_of(&b)), (423, Some("E2109")), "{b}");
    // A new challenge starts over.
    let token = issue_token(&app, "rokin01").await;
    assert_eq!(issue(&app, &token).await.status, 200);
    app.stop().await;
}

#[actix_web::test]
async fn the_fifth_try_may_still_be_the_right_code() {
    let app = TestApp::spawn().await;
    registered(&app, "rokin01").await;
    let id = challenge_id(&app, "rokin01").await;
    let code = app.last_code();
    for _ in 0..4 {
        let (s, b) = verify(&app, &id, &wrong(&code)).await;
        assert_eq!((s, code_of(&b)), (422, Some("E2107")), "{b}");
    }
    let (s, b) = verify(&app, &id, &code).await;
    assert_eq!(s, 200, "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn issuance_is_refused_while_a_valid_certificate_has_more_than_thirty_days_left() {
    let app = TestApp::spawn().await;
    registered(&app, "rokin01").await;
    let id = app
        .issue_certificate("rokin01", PASSWORD)
        .await
        .expect("first certificate");
    let end = not_after(&id);
    let mails = outbox(&app).len();
    let (s, b) = challenge(&app, "rokin01", PASSWORD).await;
    assert_eq!((s, code_of(&b)), (409, Some("E2106")), "{b}");
    let shown: DateTime<Utc> =
        serde_json::from_value(b["details"]["not_after"].clone()).expect("not_after");
    assert_eq!(shown, end);
    assert_eq!(outbox(&app).len(), mails, "no code is mailed");
    // 31 days before the expiry date: still refused.
    app.clock.set(end - Duration::days(31));
    let (s, b) = challenge(&app, "rokin01", PASSWORD).await;
    assert_eq!((s, code_of(&b)), (409, Some("E2106")), "{b}");
    // The certificate still works.
    assert!(app.login(&id, PASSWORD).await.is_ok());
    app.stop().await;
}

#[actix_web::test]
async fn in_the_last_thirty_days_a_new_certificate_replaces_the_old_one() {
    let app = TestApp::spawn().await;
    registered(&app, "rokin01").await;
    let old = app
        .issue_certificate("rokin01", PASSWORD)
        .await
        .expect("first certificate");
    app.clock.set(not_after(&old) - Duration::days(29));
    let new = app
        .issue_certificate("rokin01", PASSWORD)
        .await
        .expect("renewal in the last 30 days");
    assert_ne!(
        old.cert.serial_number().to_bn().expect("bn"),
        new.cert.serial_number().to_bn().expect("bn")
    );
    // The old one is revoked at once; the new one logs in.
    let (s, b) = app.login(&old, PASSWORD).await.expect_err("old refused");
    assert_eq!((s, code_of(&b)), (401, Some("E2104")), "{b}");
    assert!(app.login(&new, PASSWORD).await.is_ok());
    let list = crl(&app).await;
    assert!(
        lists(&list, &old.cert),
        "the CRL lists the replaced certificate"
    );
    assert!(!lists(&list, &new.cert));
    // And the new one has a full year again.
    assert!(not_after(&new) > not_after(&old) + Duration::days(300));
    app.stop().await;
}

#[actix_web::test]
async fn after_expiry_a_new_certificate_is_issued() {
    let app = TestApp::spawn().await;
    registered(&app, "rokin01").await;
    let old = app
        .issue_certificate("rokin01", PASSWORD)
        .await
        .expect("first certificate");
    app.clock.set(not_after(&old) + Duration::seconds(1));
    let (s, b) = app.login(&old, PASSWORD).await.expect_err("expired");
    assert_eq!((s, code_of(&b)), (401, Some("E2103")), "{b}");
    let new = app
        .issue_certificate("rokin01", PASSWORD)
        .await
        .expect("a certificate after expiry");
    assert!(app.login(&new, PASSWORD).await.is_ok());
    app.stop().await;
}

#[actix_web::test]
async fn the_p12_file_is_named_protected_and_holds_the_right_certificate() {
    // 2024-05-08 00:30:05 JST is still 2024-05-07 in UTC: the name and the validity use Japan time.
    let issued_at = Utc
        .with_ymd_and_hms(2024, 5, 7, 15, 30, 5)
        .single()
        .expect("time");
    let app = TestApp::spawn_with(crate::helpers::Options {
        start: Some(issued_at),
        ..Default::default()
    })
    .await;
    let contract = registered(&app, "rokin01").await;
    let token = issue_token(&app, "rokin01").await;
    let file = issue(&app, &token).await;
    assert_eq!(file.status, 200, "{}", file.json());
    assert_eq!(file.content_type, "application/x-pkcs12");
    assert!(
        file.disposition.starts_with("attachment"),
        "{}",
        file.disposition
    );
    assert!(
        file.disposition
            .contains("filename=\"rokin0120240508003005.p12\""),
        "{}",
        file.disposition
    );
    // Only the password typed at the challenge opens it.
    let p12 = Pkcs12::from_der(&file.body).expect("PKCS#12");
    assert!(
        p12.parse2("Passw0rd?").is_err(),
        "a wrong password opens it"
    );
    assert!(p12.parse2("").is_err(), "no password opens it");
    let parsed = p12.parse2(PASSWORD).expect("the password opens it");
    let cert = parsed.cert.expect("certificate");
    let key = parsed.pkey.expect("private key");
    assert!(
        cert.public_key().expect("public key").public_eq(&key),
        "the key belongs to the certificate"
    );
    // The CA certificate comes with it, and signed the user's.
    let ca = parsed.ca.expect("CA certificates");
    let ca_der = app.pki.ca_cert().to_der().expect("der");
    assert!(
        ca.iter().any(|c| c.to_der().expect("der") == ca_der),
        "the service CA is in the file"
    );
    assert!(
        cert.verify(&app.pki.ca_cert().public_key().expect("CA key"))
            .expect("verify")
    );
    // CN = user ID, O = contract number.
    let entry = |nid| {
        cert.subject_name()
            .entries_by_nid(nid)
            .next()
            .and_then(|e| e.data().to_string().ok())
    };
    assert_eq!(entry(Nid::COMMONNAME).as_deref(), Some("rokin01"));
    assert_eq!(
        entry(Nid::ORGANIZATIONNAME).as_deref(),
        Some(contract.as_str())
    );
    // For client authentication.
    let text = String::from_utf8(cert.to_text().expect("text")).expect("utf-8");
    assert!(
        text.contains("TLS Web Client Authentication"),
        "EKU clientAuth:\n{text}"
    );
    // From the moment of issue to 23:59:59 JST on the 366th day counting the day of issue
    // (2024-05-08 .. 2025-05-08).
    assert_eq!(utc(cert.not_before()), issued_at);
    assert_eq!(
        utc(cert.not_after()),
        Utc.with_ymd_and_hms(2025, 5, 8, 14, 59, 59)
            .single()
            .expect("time")
    );
    app.stop().await;
}

#[actix_web::test]
async fn an_issue_token_works_once() {
    let app = TestApp::spawn().await;
    registered(&app, "rokin01").await;
    let token = issue_token(&app, "rokin01").await;
    assert_eq!(issue(&app, &token).await.status, 200);
    let again = issue(&app, &token).await;
    assert_eq!(
        (again.status, again.json()["code"].as_str()),
        (422, Some("E2110")),
        "{}",
        again.json()
    );
    // A made-up token is no better.
    let made_up = issue(&app, "0123456789abcdef.AAAA").await;
    assert_eq!(
        (made_up.status, made_up.json()["code"].as_str()),
        (422, Some("E2110"))
    );
    app.stop().await;
}

#[actix_web::test]
async fn two_pending_issue_tokens_do_not_give_two_valid_certificates() {
    let app = TestApp::spawn().await;
    registered(&app, "rokin01").await;
    let first = issue_token(&app, "rokin01").await;
    let second = issue_token(&app, "rokin01").await;
    assert_eq!(issue(&app, &first).await.status, 200);
    let refused = issue(&app, &second).await;
    assert_eq!(
        (refused.status, refused.json()["code"].as_str()),
        (409, Some("E2106")),
        "{}",
        refused.json()
    );
    app.stop().await;
}

#[actix_web::test]
async fn an_issue_token_expires_ten_minutes_after_the_code_is_verified() {
    let app = TestApp::spawn().await;
    registered(&app, "rokin01").await;
    let stale = issue_token(&app, "rokin01").await;
    app.clock.advance(Duration::minutes(11));
    let late = issue(&app, &stale).await;
    assert_eq!(
        (late.status, late.json()["code"].as_str()),
        (422, Some("E2110")),
        "{}",
        late.json()
    );
    // 9 minutes after verification is in time.
    let fresh = issue_token(&app, "rokin01").await;
    app.clock.advance(Duration::minutes(9));
    let file = issue(&app, &fresh).await;
    assert_eq!(file.status, 200, "{}", file.json());
    app.stop().await;
}

#[actix_web::test]
async fn after_the_bank_revokes_a_certificate_a_new_one_is_issued_at_once() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    app.operator().revoke("rokin01").expect("revoke");
    let new = app
        .issue_certificate("rokin01", PASSWORD)
        .await
        .expect("no E2106 after revocation");
    let (s, b) = app.login(&m.id, PASSWORD).await.expect_err("revoked");
    assert_eq!((s, code_of(&b)), (401, Some("E2104")), "{b}");
    let token = app
        .login(&new, PASSWORD)
        .await
        .expect("the new one logs in");
    let (s, me) = app
        .send_json(
            &app.client_with(&new),
            "GET",
            "/api/v1/me",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(s, 200, "{me}");
    let expires: DateTime<Utc> =
        serde_json::from_value(me["user"]["certificate_expires_at"].clone()).expect("expiry");
    assert_eq!(expires, not_after(&new));
    app.stop().await;
}

#[actix_web::test]
async fn a_silent_smtp_server_fails_the_challenge_quickly_and_leaves_no_challenge() {
    let (smtp, server) = crate::helpers::silent_smtp_server().await;
    let app = TestApp::spawn_with(crate::helpers::Options {
        mail: Some((smtp, std::time::Duration::from_secs(1))),
        ..Default::default()
    })
    .await;
    registered(&app, "rokin01").await;
    let started = std::time::Instant::now();
    let (s, b) = challenge(&app, "rokin01", PASSWORD).await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!((s, b["code"].as_str()), (503, Some("E9502")), "{b}");
    assert!(b.get("challenge_id").is_none(), "{b}");
    let now = app.clock.now();
    let open = app
        .state
        .db(move |c| cjs_store::tokens::open_challenges(c, "rokin01", now))
        .await
        .expect("db");
    assert_eq!(open, 0, "an unsent code must not stay verifiable");
    server.abort();
    app.stop().await;
}

#[actix_web::test]
async fn a_new_challenge_ends_the_earlier_ones_and_only_five_are_sent_an_hour() {
    let app = TestApp::spawn().await;
    registered(&app, "rokin01").await;
    // Someone with the password but not the mailbox opens challenges as fast as they can.
    let first = challenge_id(&app, "rokin01").await;
    let first_code = app.last_code();
    let mut latest = String::new();
    for _ in 0..4 {
        latest = challenge_id(&app, "rokin01").await;
    }
    let latest_code = app.last_code();
    // Only the newest is live: the first one's right code no longer works.
    let (s, b) = verify(&app, &first, &first_code).await;
    assert_eq!((s, b["code"].as_str()), (422, Some("E2108")), "{b}");
    // The sixth within the hour: 429 E2112, nothing mailed, the live one still works.
    let (s, b) = challenge(&app, "rokin01", PASSWORD).await;
    assert_eq!((s, b["code"].as_str()), (429, Some("E2112")), "{b}");
    assert_eq!(
        app.last_code(),
        latest_code,
        "no code mailed over the limit"
    );
    let (s, b) = verify(&app, &latest, &latest_code).await;
    assert_eq!(s, 200, "{b}");
    // An hour later codes can be sent again.
    app.clock.advance(Duration::minutes(61));
    challenge_id(&app, "rokin01").await;
    // Each refusal was logged.
    let mut conn = cjs_store::DatabaseUrl::parse(&app.database_url())
        .expect("database url")
        .connect()
        .expect("connect");
    let contract = cjs_store::users::find(&mut conn, "rokin01")
        .expect("find")
        .expect("user")
        .contract_number;
    let (rows, _) = cjs_store::oplog::list(
        &mut conn,
        &cjs_store::oplog::Filter {
            contract_number: contract,
            limit: 1000,
            ..Default::default()
        },
    )
    .expect("log");
    assert!(
        rows.iter()
            .any(|r| r.result == "failure" && r.detail.starts_with("E2112")),
        "the refusal is in the operation log"
    );
    app.stop().await;
}

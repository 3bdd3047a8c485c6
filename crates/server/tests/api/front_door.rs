//! The manual's story through the API: registration, certificate by e-mailed code, login with
//! that certificate, the session bound to it, logout.

use serde_json::json;

use crate::helpers::{INITIAL, PASSWORD, TestApp, full};

#[actix_web::test]
async fn a_new_customer_registers_gets_a_certificate_and_logs_in() {
    let app = TestApp::spawn().await;
    let master = app.master("rokin01").await;
    assert!(
        master
            .id
            .filename
            .contains("filename=\"rokin0120240507100000.p12\""),
        "{}",
        master.id.filename
    );
    let (s, me) = master.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200, "{me}");
    assert_eq!(me["user"]["user_id"], "rokin01");
    assert_eq!(me["role"], "master");
    assert_eq!(me["contract_number"], master.contract.as_str());
    assert_eq!(me["payment_group"]["number"], master.group.as_str());
    let menu: Vec<&str> = me["menu"]
        .as_array()
        .expect("menu")
        .iter()
        .map(|m| m["function"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        menu,
        [
            "rokin_deduction",
            "ledger",
            "collective_savings",
            "common",
            "system_admin"
        ]
    );
    // The certificate: CN = user ID, O = contract number, 366 days counting the day of issue.
    let subject = master.id.cert.subject_name();
    let cn = subject
        .entries_by_nid(openssl::nid::Nid::COMMONNAME)
        .next()
        .and_then(|e| e.data().to_string().ok());
    assert_eq!(cn.as_deref(), Some("rokin01"));
    assert_eq!(me["user"]["certificate_expires_at"], "2025-05-07T14:59:59Z");
    let (s, _) = master.call(&app, "DELETE", "/api/v1/session", None).await;
    assert_eq!(s, 204);
    let (s, b) = master.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!((s, b["code"].as_str()), (401, Some("E2201")));
    app.stop().await;
}

#[actix_web::test]
async fn a_user_id_is_unique_in_the_whole_service_and_a_contract_has_one_master() {
    let app = TestApp::spawn().await;
    let first = app.master("rokin01").await;
    let (other, _) = app.contract(cjs_domain::ContractKind::Member);
    let (_, b) = app
        .post_json(
            "/api/v1/registration/contract",
            json!({"contract_number": other, "initial_password": INITIAL}),
        )
        .await;
    let token = b["registration_token"].as_str().expect("token").to_owned();
    let (s, b) = app
        .post_json(
            "/api/v1/registration/master",
            crate::helpers::master_body(&token, "rokin01"),
        )
        .await;
    assert_eq!((s, b["code"].as_str()), (409, Some("E1003")), "{b}");
    assert_eq!(b["message"], "入力されたユーザーIDはすでに登録済です。");
    // The refused attempt did not use up the token.
    let (s, b) = app
        .post_json(
            "/api/v1/registration/master",
            crate::helpers::master_body(&token, "rokin02"),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    // A contract whose master exists refuses a second registration.
    let (s, b) = app
        .post_json(
            "/api/v1/registration/contract",
            json!({"contract_number": first.contract, "initial_password": INITIAL}),
        )
        .await;
    assert_eq!((s, b["code"].as_str()), (409, Some("E1008")), "{b}");
    // A general user's ID is checked against every contract too.
    let (s, b) = first
        .call(
            &app,
            "POST",
            "/api/v1/users",
            Some(crate::helpers::general_body("rokin02", full())),
        )
        .await;
    assert_eq!((s, b["code"].as_str()), (409, Some("E1003")), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn the_session_is_bound_to_the_certificate_it_was_made_with() {
    let app = TestApp::spawn().await;
    let a = app.master("rokin01").await;
    let b = app.master("rokin02").await;
    // a's token over b's certificate.
    let (s, body) = app
        .send_json(&b.client, "GET", "/api/v1/me", Some(&a.token), None)
        .await;
    assert_eq!((s, body["code"].as_str()), (401, Some("E2203")), "{body}");
    // No certificate at all.
    let (s, body) = app
        .send_json(&app.client(), "GET", "/api/v1/me", Some(&a.token), None)
        .await;
    assert_eq!((s, body["code"].as_str()), (401, Some("E2203")), "{body}");
    // The right one still works.
    let (s, _) = a.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200);
    app.stop().await;
}

#[actix_web::test]
async fn idle_for_59_minutes_is_fine_and_61_minutes_logs_out() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    app.clock.advance(chrono::Duration::minutes(59));
    let (s, _) = m.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200, "59 minutes idle");
    // That request restarted the count.
    app.clock.advance(chrono::Duration::minutes(59));
    let (s, _) = m.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200);
    app.clock.advance(chrono::Duration::minutes(61));
    let (s, b) = m.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!((s, b["code"].as_str()), (401, Some("E2202")), "{b}");
    // And stays ended.
    let (s, b) = m.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!((s, b["code"].as_str()), (401, Some("E2202")), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn login_refuses_missing_foreign_expired_and_revoked_certificates() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let login = |client: awc::Client| {
        let app = &app;
        async move {
            app.send_json(
                &client,
                "POST",
                "/api/v1/session",
                None,
                Some(json!({"password": PASSWORD})),
            )
            .await
        }
    };
    let (s, b) = login(app.client()).await;
    assert_eq!((s, b["code"].as_str()), (401, Some("E2101")), "{b}");
    let (foreign, dir) = crate::helpers::foreign_pki();
    let f = foreign
        .issue_client(
            "rokin01",
            &m.contract,
            crate::helpers::start_time(),
            crate::helpers::start_time() + chrono::Duration::days(30),
        )
        .expect("foreign");
    let (s, b) = login(app.client_presenting(Some((&f.cert, &f.key)))).await;
    assert_eq!((s, b["code"].as_str()), (401, Some("E2102")), "{b}");
    let _ = std::fs::remove_dir_all(dir);
    // A certificate our CA signed but the service never issued names no registered certificate.
    let stray = app
        .pki
        .issue_client(
            "rokin01",
            &m.contract,
            crate::helpers::start_time(),
            crate::helpers::start_time() + chrono::Duration::days(30),
        )
        .expect("stray");
    let (s, b) = login(app.client_presenting(Some((&stray.cert, &stray.key)))).await;
    assert_eq!((s, b["code"].as_str()), (401, Some("E2105")), "{b}");
    // Expired by the service clock.
    app.clock.advance(chrono::Duration::days(367));
    let (s, b) = login(app.client_with(&m.id)).await;
    assert_eq!((s, b["code"].as_str()), (401, Some("E2103")), "{b}");
    app.clock.advance(chrono::Duration::days(-367));
    // Revoked by the bank: refused at login and on the live session's next request.
    app.operator().revoke("rokin01").expect("revoke");
    let (s, b) = m.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 401, "{b}");
    let (s, b) = login(app.client_with(&m.id)).await;
    assert_eq!((s, b["code"].as_str()), (401, Some("E2104")), "{b}");
    // The CRL lists it.
    let mut res = app
        .client()
        .get(app.url("/api/v1/certificates/crl"))
        .send()
        .await
        .expect("crl");
    assert_eq!(res.status(), 200);
    let crl = openssl::x509::X509Crl::from_der(&res.body().await.expect("der")).expect("crl");
    assert!(matches!(
        crl.get_by_cert(&m.id.cert),
        openssl::x509::CrlStatus::Revoked(_)
    ));
    assert!(app.data_dir.join("crl.pem").is_file());
    app.stop().await;
}

#[actix_web::test]
async fn cookie_sessions_need_the_csrf_header_for_changes() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let cookie = format!("__Host-cjs-session={}", m.token);
    let res = m
        .client
        .get(app.url("/api/v1/me"))
        .insert_header(("cookie", cookie.clone()))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    let mut res = m
        .client
        .put(app.url("/api/v1/session/payment-group"))
        .insert_header(("cookie", cookie.clone()))
        .send_json(&json!({"number": m.group}))
        .await
        .expect("send");
    assert_eq!(res.status(), 403);
    let b: serde_json::Value = res.json().await.expect("json");
    assert_eq!(b["code"], "E2304");
    let res = m
        .client
        .put(app.url("/api/v1/session/payment-group"))
        .insert_header(("cookie", cookie))
        .insert_header(("x-cjs-csrf", "1"))
        .send_json(&json!({"number": m.group}))
        .await
        .expect("send");
    assert_eq!(res.status(), 204);
    app.stop().await;
}

#[actix_web::test]
async fn login_sets_a_host_cookie_that_is_secure_httponly_and_strict() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let res = m
        .client
        .post(app.url("/api/v1/session"))
        .send_json(&json!({"password": PASSWORD}))
        .await
        .expect("send");
    assert_eq!(res.status(), 201);
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("cookie")
        .to_owned();
    assert!(cookie.starts_with("__Host-cjs-session="), "{cookie}");
    for attr in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attr), "{attr} in {cookie}");
    }
    assert!(!cookie.contains("Domain="), "{cookie}");
    app.stop().await;
}

#[actix_web::test]
async fn me_shows_the_previous_login_with_or_without_a_payment_group() {
    let app = TestApp::spawn().await;
    let first_login = cjs_domain::Clock::now(&app.clock);
    let m = app.master("rokin01").await;
    let (s, me) = m.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200, "{me}");
    assert!(me["previous_login_at"].is_null(), "{me}");
    assert_eq!(me["payment_groups"].as_array().map(Vec::len), Some(1));
    assert_eq!(me["user"]["certificate_expires_at"], "2025-05-07T14:59:59Z");
    // A second login an hour later: the first one is the previous login.
    app.clock.advance(chrono::Duration::hours(1));
    let token = app.login(&m.id, PASSWORD).await.expect("login");
    let (s, me) = app
        .send_json(&m.client, "GET", "/api/v1/me", Some(&token), None)
        .await;
    assert_eq!(s, 200, "{me}");
    let at = |v: &serde_json::Value| -> chrono::DateTime<chrono::Utc> {
        serde_json::from_value(v.clone()).expect("a time")
    };
    // The clock stands still until moved: the first login happened at the start.
    assert_eq!(at(&me["previous_login_at"]), first_login, "{me}");
    assert_eq!(me["payment_groups"][0]["number"], m.group.as_str());
    assert_eq!(me["user"]["certificate_expires_at"], "2025-05-07T14:59:59Z");

    // A contract with no payment group reads the same two dates by the fallback statement.
    let (contract, group) = app
        .operator()
        .create_contract(&cjs_server::operator::contracts::ContractSpec {
            kind: cjs_domain::ContractKind::Member,
            name: "グループなし労働組合",
            name_kana: "ｸﾞﾙｰﾌﾟﾅｼﾛｳﾄﾞｳｸﾐｱｲ",
            branch: "本店営業部",
            initial_password: INITIAL,
            number: None,
            payment_group: false,
        })
        .expect("contract");
    assert!(group.is_none());
    app.register_master(&contract, "rokin02").await;
    let id = app
        .issue_certificate("rokin02", PASSWORD)
        .await
        .expect("certificate");
    let second_contract_login = cjs_domain::Clock::now(&app.clock);
    let first = app.login(&id, PASSWORD).await.expect("login");
    let client = app.client_with(&id);
    let (s, me) = app
        .send_json(&client, "GET", "/api/v1/me", Some(&first), None)
        .await;
    assert_eq!(s, 200, "{me}");
    assert!(me["previous_login_at"].is_null(), "{me}");
    assert_eq!(me["payment_groups"], json!([]));
    assert_eq!(me["user"]["certificate_expires_at"], "2025-05-07T14:59:59Z");
    app.clock.advance(chrono::Duration::hours(1));
    let second = app.login(&id, PASSWORD).await.expect("login");
    let (s, me) = app
        .send_json(&client, "GET", "/api/v1/me", Some(&second), None)
        .await;
    assert_eq!(s, 200, "{me}");
    assert_eq!(at(&me["previous_login_at"]), second_contract_login, "{me}");
    app.stop().await;
}

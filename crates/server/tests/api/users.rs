//! システム管理機能 through the API: general users with a temporary password, the limit of ten,
//! ユーザー別機能制限 and the menu, deletion, what the master may not do to themself, contract
//! isolation, and the 操作ログ (JSON, CSV, tamper-evident chain).

use cjs_store::oplog::Verification;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, Session, TEMPORARY, TestApp, full, general_body};

fn code_of(body: &Value) -> Option<&str> {
    body["code"].as_str()
}

/// (function, read_only) of `GET /me`'s menu.
fn menu(me: &Value) -> Vec<(String, bool)> {
    me["menu"]
        .as_array()
        .expect("menu")
        .iter()
        .map(|m| {
            (
                m["function"].as_str().unwrap_or("").to_owned(),
                m["read_only"].as_bool().expect("read_only"),
            )
        })
        .collect()
}

fn owned(pairs: &[(&str, bool)]) -> Vec<(String, bool)> {
    pairs.iter().map(|(f, r)| ((*f).to_owned(), *r)).collect()
}

/// Creates a general user by the master; the created view.
async fn create(app: &TestApp, master: &Session, user_id: &str, restrictions: Value) -> Value {
    let (s, b) = master
        .call(
            app,
            "POST",
            "/api/v1/users",
            Some(general_body(user_id, restrictions)),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    b
}

/// Logs in with a certificate; status and body (the token and `must_change_password` on 201).
async fn login_body(app: &TestApp, client: &awc::Client, password: &str) -> (u16, Value) {
    app.send_json(
        client,
        "POST",
        "/api/v1/session",
        None,
        Some(json!({"password": password})),
    )
    .await
}

async fn log_entries(app: &TestApp, who: &Session, query: &str) -> (Vec<Value>, i64) {
    let (s, b) = who
        .call(app, "GET", &format!("/api/v1/operation-log{query}"), None)
        .await;
    assert_eq!(s, 200, "{b}");
    (
        b["entries"].as_array().expect("entries").clone(),
        b["total"].as_i64().expect("total"),
    )
}

/// Runs one SQL statement on the test database with the backend's command-line client
/// (the test crate has no SQL driver of its own).
fn execute_sql(app: &TestApp, sql: &str) {
    use diesel::RunQueryDsl;
    let url = cjs_store::DatabaseUrl::parse(&app.database_url()).expect("url");
    let mut conn = url.connect().expect("connection");
    diesel::sql_query(sql)
        .execute(&mut conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[actix_web::test]
async fn a_temporary_password_must_be_changed_at_the_first_login() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let created = create(&app, &m, "hanako01", full()).await;
    assert_eq!(created["must_change_password"], true, "{created}");
    assert_eq!(created["role"], "general");
    let id = app
        .issue_certificate("hanako01", TEMPORARY)
        .await
        .expect("certificate with the temporary password");
    let client = app.client_with(&id);
    let (s, b) = login_body(&app, &client, TEMPORARY).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(b["must_change_password"], true, "{b}");
    let token = b["token"].as_str().expect("token").to_owned();
    let call = |method: &'static str, path: &'static str, body: Option<Value>| {
        let (app, client, token) = (&app, &client, token.clone());
        async move {
            app.send_json(client, method, path, Some(&token), body)
                .await
        }
    };
    let group = json!({"number": m.group});
    // Nothing but the password change, who-am-I and logout.
    for (method, path, body) in [
        ("GET", "/api/v1/users", None),
        ("GET", "/api/v1/users/hanako01", None),
        ("GET", "/api/v1/operation-log", None),
        ("PUT", "/api/v1/session/payment-group", Some(group.clone())),
    ] {
        let (s, b) = call(method, path, body).await;
        assert_eq!(
            (s, code_of(&b)),
            (403, Some("E2301")),
            "{method} {path}: {b}"
        );
        assert_eq!(
            b["message"],
            "仮のパスワードでログインしています。パスワードを変更してください。"
        );
    }
    let (s, me) = call("GET", "/api/v1/me", None).await;
    assert_eq!(s, 200, "{me}");
    assert_eq!(me["user"]["must_change_password"], true, "{me}");
    // The change: the current password, the new one twice, different from the current.
    let change = |current: &str, new: &str, again: &str| {
        Some(json!({
            "current_password": current,
            "new_password": new,
            "new_password_confirmation": again
        }))
    };
    let (s, b) = call(
        "PUT",
        "/api/v1/me/password",
        change(TEMPORARY, TEMPORARY, TEMPORARY),
    )
    .await;
    assert_eq!((s, code_of(&b)), (422, Some("E1006")), "{b}");
    assert_eq!(b["details"]["field"], "new_password", "{b}");
    let (s, b) = call(
        "PUT",
        "/api/v1/me/password",
        change(TEMPORARY, PASSWORD, "Passw0rd?"),
    )
    .await;
    assert_eq!((s, code_of(&b)), (422, Some("E1005")), "{b}");
    let (s, b) = call(
        "PUT",
        "/api/v1/me/password",
        change("Wr0ng!pass", PASSWORD, PASSWORD),
    )
    .await;
    assert_eq!((s, code_of(&b)), (401, Some("E2002")), "{b}");
    let (s, b) = call(
        "PUT",
        "/api/v1/me/password",
        change(TEMPORARY, "short", "short"),
    )
    .await;
    assert_eq!((s, code_of(&b)), (422, Some("E1002")), "{b}");
    // Still blocked after the refused attempts.
    let (s, b) = call("GET", "/api/v1/users/hanako01", None).await;
    assert_eq!((s, code_of(&b)), (403, Some("E2301")), "{b}");
    let (s, b) = call(
        "PUT",
        "/api/v1/me/password",
        change(TEMPORARY, PASSWORD, PASSWORD),
    )
    .await;
    assert_eq!(s, 204, "{b}");
    // Everything a general user may do works now, in the same session.
    let (s, b) = call("PUT", "/api/v1/session/payment-group", Some(group)).await;
    assert_eq!(s, 204, "{b}");
    let (s, b) = call("GET", "/api/v1/users/hanako01", None).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["must_change_password"], false, "{b}");
    let (s, b) = call("GET", "/api/v1/users", None).await;
    assert_eq!(
        (s, code_of(&b)),
        (403, Some("E2302")),
        "a general user's ordinary refusal now: {b}"
    );
    // The next login uses the new password and asks for no change.
    let (s, b) = login_body(&app, &client, TEMPORARY).await;
    assert_eq!((s, code_of(&b)), (401, Some("E2002")), "{b}");
    let (s, b) = login_body(&app, &client, PASSWORD).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(b["must_change_password"], false, "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn the_tenth_general_user_is_accepted_and_the_eleventh_refused() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    for i in 1..=10 {
        create(&app, &m, &format!("ippan{i:02}"), full()).await;
    }
    let (s, b) = m
        .call(
            &app,
            "POST",
            "/api/v1/users",
            Some(general_body("ippan11", full())),
        )
        .await;
    assert_eq!((s, code_of(&b)), (409, Some("E1007")), "{b}");
    assert_eq!(b["message"], "一般ユーザーは最大10名まで登録できます。");
    let (s, list) = m.call(&app, "GET", "/api/v1/users", None).await;
    assert_eq!(s, 200, "{list}");
    assert_eq!(list["users"].as_array().expect("users").len(), 11, "{list}");
    assert_eq!(list["max_general_users"], 10);
    // The master is not counted, and a freed place can be used again.
    let (s, _) = m.call(&app, "DELETE", "/api/v1/users/ippan03", None).await;
    assert_eq!(s, 204);
    create(&app, &m, "ippan11", full()).await;
    app.stop().await;
}

#[actix_web::test]
async fn restrictions_shape_the_menu_and_a_change_shows_on_the_very_next_request() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let g = app
        .general(
            &m,
            "hanako01",
            json!({"rokin_deduction": "full", "ledger": "read_only", "collective_savings": "hidden"}),
        )
        .await;
    let (s, me) = g.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200, "{me}");
    assert_eq!(me["role"], "general");
    assert_eq!(
        menu(&me),
        owned(&[
            ("rokin_deduction", false),
            ("ledger", true),
            ("common", false),
            ("system_admin", true)
        ]),
        "{me}"
    );
    // 一斉積立事務 cannot be 閲覧のみ.
    let (s, b) = m
        .call(
            &app,
            "PUT",
            "/api/v1/users/hanako01",
            Some(json!({"restrictions": {"rokin_deduction": "full", "ledger": "full", "collective_savings": "read_only"}})),
        )
        .await;
    assert_eq!((s, code_of(&b)), (422, Some("E1002")), "{b}");
    assert_eq!(b["details"]["field"], "collective_savings", "{b}");
    // The master changes them; the user's next request in the same session sees it.
    let (s, b) = m
        .call(
            &app,
            "PUT",
            "/api/v1/users/hanako01",
            Some(json!({"restrictions": {"rokin_deduction": "hidden", "ledger": "full", "collective_savings": "full"}})),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["restrictions"]["rokin_deduction"], "hidden", "{b}");
    let (s, me) = g.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200, "{me}");
    assert_eq!(
        menu(&me),
        owned(&[
            ("ledger", false),
            ("collective_savings", false),
            ("common", false),
            ("system_admin", true)
        ]),
        "{me}"
    );
    assert_eq!(me["user"]["restrictions"]["ledger"], "full");
    app.stop().await;
}

#[actix_web::test]
async fn a_general_user_may_not_use_system_administration() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let g = app.general(&m, "hanako01", full()).await;
    let (s, me) = g.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200);
    // システム管理機能 is in the menu for ユーザー情報の照会 only: read-only, no management.
    assert!(
        menu(&me).contains(&("system_admin".to_owned(), true)),
        "{me}"
    );
    for (method, path, body) in [
        ("GET", "/api/v1/users", None),
        ("GET", "/api/v1/operation-log", None),
        ("GET", "/api/v1/operation-log?format=csv", None),
        ("GET", "/api/v1/users/rokin01", None),
        (
            "POST",
            "/api/v1/users",
            Some(general_body("jiro0001", full())),
        ),
        (
            "PUT",
            "/api/v1/users/hanako01",
            Some(json!({"restrictions": full()})),
        ),
        ("DELETE", "/api/v1/users/rokin01", None),
    ] {
        let (s, b) = g.call(&app, method, path, body).await;
        assert_eq!(
            (s, code_of(&b)),
            (403, Some("E2302")),
            "{method} {path}: {b}"
        );
    }
    // Looking at themselves is fine.
    let (s, b) = g.call(&app, "GET", "/api/v1/users/hanako01", None).await;
    assert_eq!(s, 200, "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn deleting_a_general_user_ends_their_sessions_and_revokes_their_certificate() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let g = app.general(&m, "hanako01", full()).await;
    let (s, _) = g.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200);
    let (s, b) = m.call(&app, "DELETE", "/api/v1/users/hanako01", None).await;
    assert_eq!(s, 204, "{b}");
    let (s, b) = g.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 401, "the deleted user's session ended: {b}");
    let (s, b) = app
        .login(&g.id, PASSWORD)
        .await
        .expect_err("the certificate is revoked");
    assert_eq!((s, code_of(&b)), (401, Some("E2104")), "{b}");
    let mut res = app
        .client()
        .get(app.url("/api/v1/certificates/crl"))
        .send()
        .await
        .expect("crl");
    let crl = openssl::x509::X509Crl::from_der(&res.body().await.expect("der")).expect("crl");
    assert!(matches!(
        crl.get_by_cert(&g.id.cert),
        openssl::x509::CrlStatus::Revoked(_)
    ));
    let (s, b) = m.call(&app, "GET", "/api/v1/users/hanako01", None).await;
    assert_eq!((s, code_of(&b)), (404, Some("E9404")), "{b}");
    let (s, b) = m.call(&app, "DELETE", "/api/v1/users/hanako01", None).await;
    assert_eq!((s, code_of(&b)), (404, Some("E9404")), "{b}");
    // The ID is free again; the old certificate stays revoked for the new holder.
    let again = create(&app, &m, "hanako01", full()).await;
    assert_eq!(again["certificate_expires_at"], Value::Null, "{again}");
    let (s, b) = app
        .login(&g.id, TEMPORARY)
        .await
        .expect_err("still revoked");
    assert_eq!((s, code_of(&b)), (401, Some("E2104")), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn the_master_may_change_their_own_name_and_email_but_not_delete_or_restrict_themself() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let (s, b) = m.call(&app, "DELETE", "/api/v1/users/rokin01", None).await;
    assert_eq!((s, code_of(&b)), (403, Some("E2302")), "{b}");
    for body in [
        json!({"status": "normal"}),
        json!({"restrictions": full()}),
        json!({"restrictions": {"rokin_deduction": "hidden", "ledger": "hidden", "collective_savings": "hidden"}}),
        // Refused as a whole: the name does not change either.
        json!({"user_name": "変更　不可", "status": "normal"}),
    ] {
        let (s, b) = m
            .call(&app, "PUT", "/api/v1/users/rokin01", Some(body.clone()))
            .await;
        assert_eq!((s, code_of(&b)), (403, Some("E2302")), "{body}: {b}");
    }
    let (s, me) = m.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200, "still logged in: {me}");
    assert_eq!(me["user"]["user_name"], "労金　太郎");
    assert_eq!(me["role"], "master");
    let (s, b) = m
        .call(
            &app,
            "PUT",
            "/api/v1/users/rokin01",
            Some(json!({
                "user_name": "労金　次郎",
                "email": "jiro@example.co.jp",
                "email_confirmation": "jiro@example.co.jp"
            })),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["user_name"], "労金　次郎");
    assert_eq!(b["email"], "jiro@example.co.jp");
    let (s, me) = m.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200);
    assert_eq!(me["user"]["user_name"], "労金　次郎");
    assert_eq!(me["user"]["email"], "jiro@example.co.jp");
    assert_eq!(me["user"]["restrictions"], full());
    app.stop().await;
}

#[actix_web::test]
async fn a_master_of_another_contract_finds_none_of_this_contracts_users() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    create(&app, &m, "hanako01", full()).await;
    let other = app.master("other001").await;
    for (method, path, body) in [
        ("GET", "/api/v1/users/hanako01", None),
        ("GET", "/api/v1/users/rokin01", None),
        (
            "PUT",
            "/api/v1/users/hanako01",
            Some(json!({"user_name": "乗っ取り"})),
        ),
        (
            "PUT",
            "/api/v1/users/hanako01",
            Some(json!({"password": "Hack3d!pw", "password_confirmation": "Hack3d!pw"})),
        ),
        ("DELETE", "/api/v1/users/hanako01", None),
        ("DELETE", "/api/v1/users/rokin01", None),
    ] {
        let (s, b) = other.call(&app, method, path, body).await;
        assert_eq!(
            (s, code_of(&b)),
            (404, Some("E9404")),
            "{method} {path}: {b}"
        );
    }
    let (s, list) = other.call(&app, "GET", "/api/v1/users", None).await;
    assert_eq!(s, 200);
    let ids: Vec<&str> = list["users"]
        .as_array()
        .expect("users")
        .iter()
        .filter_map(|u| u["user_id"].as_str())
        .collect();
    assert_eq!(ids, ["other001"], "{list}");
    // Untouched.
    let (s, b) = m.call(&app, "GET", "/api/v1/users/hanako01", None).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["user_name"], "組合　花子");
    app.stop().await;
}

#[actix_web::test]
async fn a_temporary_password_set_by_the_master_must_be_changed_at_the_next_login() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let g = app.general(&m, "hanako01", full()).await;
    let new_temporary = "N3w!temp";
    let (s, b) = m
        .call(
            &app,
            "PUT",
            "/api/v1/users/hanako01",
            Some(json!({"password": new_temporary, "password_confirmation": "N3w!tempX"})),
        )
        .await;
    assert_eq!((s, code_of(&b)), (422, Some("E1005")), "{b}");
    let (s, b) = m
        .call(
            &app,
            "PUT",
            "/api/v1/users/hanako01",
            Some(json!({"password": new_temporary, "password_confirmation": new_temporary})),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["must_change_password"], true, "{b}");
    let (s, _) = g.call(&app, "DELETE", "/api/v1/session", None).await;
    assert_eq!(s, 204);
    // The old password is gone; the temporary one logs in and must be changed.
    let (s, b) = login_body(&app, &g.client, PASSWORD).await;
    assert_eq!((s, code_of(&b)), (401, Some("E2002")), "{b}");
    let (s, b) = login_body(&app, &g.client, new_temporary).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(b["must_change_password"], true, "{b}");
    let token = b["token"].as_str().expect("token").to_owned();
    let (s, b) = app
        .send_json(
            &g.client,
            "GET",
            "/api/v1/users/hanako01",
            Some(&token),
            None,
        )
        .await;
    assert_eq!((s, code_of(&b)), (403, Some("E2301")), "{b}");
    let (s, b) = app
        .send_json(
            &g.client,
            "PUT",
            "/api/v1/me/password",
            Some(&token),
            Some(json!({"current_password": new_temporary, "new_password": "Fin4l!pw", "new_password_confirmation": "Fin4l!pw"})),
        )
        .await;
    assert_eq!(s, 204, "{b}");
    let (s, b) = app
        .send_json(
            &g.client,
            "GET",
            "/api/v1/users/hanako01",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(s, 200, "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn only_normal_can_be_set_as_a_status_and_the_refusal_names_the_status() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    create(&app, &m, "hanako01", full()).await;
    let (s, b) = m
        .call(
            &app,
            "PUT",
            "/api/v1/users/hanako01",
            Some(json!({"status": "normal"})),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["status"], "normal");
    for status in ["locked", "blocked"] {
        let (s, b) = m
            .call(
                &app,
                "PUT",
                "/api/v1/users/hanako01",
                Some(json!({"status": status})),
            )
            .await;
        assert_eq!((s, code_of(&b)), (422, Some("E1002")), "{status}: {b}");
        assert_eq!(b["details"]["field"], "status", "{status}: {b}");
        assert!(
            !b["message"].as_str().unwrap_or("").contains("ユーザーID"),
            "{status}: {b}"
        );
    }
    app.stop().await;
}

/// The (user, action, result) of an entry.
fn key(e: &Value) -> (String, String, String) {
    (
        e["user_id"].as_str().unwrap_or("").to_owned(),
        e["action"].as_str().unwrap_or("").to_owned(),
        e["result"].as_str().unwrap_or("").to_owned(),
    )
}

#[actix_web::test]
async fn the_operation_log_lists_the_contracts_operations_newest_first() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let g = app.general(&m, "hanako01", full()).await;
    let other = app.master("other001").await;
    // A failed login, then a logout.
    let (s, b) = login_body(&app, &g.client, "Wr0ng!pass").await;
    assert_eq!((s, code_of(&b)), (401, Some("E2002")), "{b}");
    let (s, _) = g.call(&app, "DELETE", "/api/v1/session", None).await;
    assert_eq!(s, 204);

    let (entries, total) = log_entries(&app, &m, "").await;
    assert_eq!(total, i64::try_from(entries.len()).expect("len"));
    let seqs: Vec<i64> = entries
        .iter()
        .map(|e| e["seq"].as_i64().expect("seq"))
        .collect();
    assert!(
        seqs.windows(2).all(|w| w[0] > w[1]),
        "newest first: {seqs:?}"
    );
    let expected = [
        ("hanako01", "ログアウト", "success"),
        ("hanako01", "ログイン", "failure"),
        ("hanako01", "パスワード変更", "success"),
        ("hanako01", "ログイン", "success"),
        ("rokin01", "一般ユーザー登録", "success"),
        ("rokin01", "ログイン", "success"),
        ("rokin01", "マスターユーザー初期登録", "success"),
    ];
    let keys: Vec<_> = entries.iter().map(key).collect();
    let mut from = 0;
    for (user, action, result) in expected {
        let want = (user.to_owned(), action.to_owned(), result.to_owned());
        let at = keys[from..]
            .iter()
            .position(|k| *k == want)
            .unwrap_or_else(|| panic!("{want:?} after position {from} in {keys:#?}"));
        let e = &entries[from + at];
        assert_eq!(e["client_addr"], "127.0.0.1", "{e}");
        from += at + 1;
    }
    let creation = entries
        .iter()
        .find(|e| e["action"] == "一般ユーザー登録")
        .expect("creation");
    assert_eq!(creation["target"], "hanako01");
    // Only this contract's people.
    assert!(
        entries
            .iter()
            .all(|e| !matches!(e["user_id"].as_str(), Some("other001"))),
        "{entries:#?}"
    );

    // Filtered by user.
    let (mine, total) = log_entries(&app, &m, "?user_id=hanako01").await;
    assert_eq!(total, i64::try_from(mine.len()).expect("len"));
    assert!(mine.iter().all(|e| e["user_id"] == "hanako01"), "{mine:#?}");
    assert_eq!(
        mine.iter().map(key).take(4).collect::<Vec<_>>(),
        expected[..4]
            .iter()
            .map(|(u, a, r)| ((*u).to_owned(), (*a).to_owned(), (*r).to_owned()))
            .collect::<Vec<_>>()
    );
    // The other contract sees only its own.
    let (theirs, _) = log_entries(&app, &other, "").await;
    assert!(
        theirs
            .iter()
            .any(|e| key(e) == ("other001".into(), "ログイン".into(), "success".into())),
        "{theirs:#?}"
    );
    for e in &theirs {
        assert!(
            !matches!(e["user_id"].as_str(), Some("rokin01" | "hanako01")),
            "{e}"
        );
        assert!(!seqs.contains(&e["seq"].as_i64().expect("seq")), "{e}");
    }
    let (s, b) = other
        .call(&app, "GET", "/api/v1/operation-log?user_id=hanako01", None)
        .await;
    assert_eq!(s, 200);
    assert_eq!(b["entries"].as_array().map(Vec::len), Some(0), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn the_operation_log_downloads_as_csv_with_a_bom_and_a_japanese_header() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    create(&app, &m, "hanako01", full()).await;
    let mut res = m
        .client
        .get(app.url("/api/v1/operation-log?format=csv"))
        .insert_header(("authorization", format!("Bearer {}", m.token)))
        .send()
        .await
        .expect("csv");
    assert_eq!(res.status(), 200);
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let disposition = res
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        disposition.starts_with("attachment") && disposition.contains(".csv"),
        "{disposition}"
    );
    let bytes = res.body().await.expect("body");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    for column in ["日時", "ユーザーID", "操作", "結果", "接続元"] {
        assert!(header.contains(&column), "{column} in {header:?}");
    }
    let body: Vec<&str> = lines.collect();
    assert!(
        body.iter().any(|l| l.contains("rokin01")
            && l.contains("一般ユーザー登録")
            && l.contains("hanako01")),
        "{text}"
    );
    // The time in Japan time.
    assert!(text.contains("2024年05月07日 10:00"), "{text}");
    // The download itself is logged.
    let (entries, _) = log_entries(&app, &m, "").await;
    assert_eq!(
        entries[0]["action"], "操作ログ CSV ダウンロード",
        "{}",
        entries[0]
    );
    app.stop().await;
}

#[actix_web::test]
async fn the_operation_log_chain_reports_a_changed_row() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let g = app.general(&m, "hanako01", full()).await;
    let (s, _) = login_body(&app, &g.client, "Wr0ng!pass").await;
    assert_eq!(s, 401);
    let (entries, _) = log_entries(&app, &m, "").await;
    let failed = entries
        .iter()
        .find(|e| key(e) == ("hanako01".into(), "ログイン".into(), "failure".into()))
        .expect("the failed login");
    let seq = failed["seq"].as_i64().expect("seq");

    let mut op = cjs_server::operator::Operator::open(app.settings.clone()).expect("operator");
    match cjs_store::oplog::verify(&mut op.conn).expect("verify") {
        Verification::Intact { rows } => {
            assert!(rows >= u64::try_from(entries.len()).expect("len"), "{rows}");
        }
        broken => panic!("an untouched log: {broken:?}"),
    }
    execute_sql(
        &app,
        &format!("UPDATE operation_log SET detail = '成功' WHERE seq = {seq}"),
    );
    match cjs_store::oplog::verify(&mut op.conn).expect("verify") {
        Verification::Broken { seq: at, .. } => assert_eq!(at, seq),
        intact => panic!("the change went unnoticed: {intact:?}"),
    }
    app.stop().await;
}

/// Makes the operation log refuse success rows of `action` (a trigger), as a crash or a full
/// disk between the change and its log row would.
fn refuse_success_rows(app: &TestApp, action: &str) {
    use diesel::connection::SimpleConnection;
    let mut conn = cjs_store::DatabaseUrl::parse(&app.database_url())
        .expect("database url")
        .connect()
        .expect("connect");
    match &mut conn {
        cjs_store::DbConnection::Sqlite(c) => c
            .batch_execute(&format!(
                "CREATE TRIGGER refuse_log BEFORE INSERT ON operation_log \
                 WHEN NEW.action = '{action}' AND NEW.result = 'success' \
                 BEGIN SELECT RAISE(ABORT, 'log refused'); END;"
            ))
            .expect("trigger"),
        cjs_store::DbConnection::Postgresql(c) => c
            .batch_execute(&format!(
                "CREATE FUNCTION refuse_log() RETURNS trigger AS $$ BEGIN \
                 IF NEW.action = '{action}' AND NEW.result = 'success' THEN \
                 RAISE EXCEPTION 'log refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; \
                 CREATE TRIGGER refuse_log BEFORE INSERT ON operation_log \
                 FOR EACH ROW EXECUTE FUNCTION refuse_log();"
            ))
            .expect("trigger"),
    }
}

fn user_exists(app: &TestApp, user_id: &str) -> bool {
    let mut conn = cjs_store::DatabaseUrl::parse(&app.database_url())
        .expect("database url")
        .connect()
        .expect("connect");
    cjs_store::users::find(&mut conn, user_id)
        .expect("find")
        .is_some()
}

#[actix_web::test]
async fn a_change_whose_log_row_cannot_be_written_does_not_happen() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    refuse_success_rows(&app, "一般ユーザー登録");
    let (s, b) = m
        .call(
            &app,
            "POST",
            "/api/v1/users",
            Some(general_body("ippan01", full())),
        )
        .await;
    assert_eq!(s, 500, "{b}");
    assert!(!user_exists(&app, "ippan01"), "no user without its log row");
    // The failure itself is logged, in its own transaction.
    let mut conn = cjs_store::DatabaseUrl::parse(&app.database_url())
        .expect("database url")
        .connect()
        .expect("connect");
    let (rows, _) = cjs_store::oplog::list(
        &mut conn,
        &cjs_store::oplog::Filter {
            contract_number: m.contract.clone(),
            action: Some("一般ユーザー登録".into()),
            limit: 100,
            ..Default::default()
        },
    )
    .expect("log");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].result, "failure");
    assert!(rows[0].detail.starts_with("E9500"), "{rows:?}");
    app.stop().await;
}

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

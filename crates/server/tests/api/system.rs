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

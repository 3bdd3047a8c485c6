//! The SPA: files, deep links, caching and compression; the Swagger UI and the served document.

use crate::helpers::TestApp;

#[actix_web::test]
async fn a_deep_link_loads_the_index_and_the_index_is_not_cached() {
    let app = TestApp::spawn().await;
    for path in ["/", "/status", "/menu/rokin/details", "/index.html"] {
        let mut res = app.client().get(app.url(path)).send().await.expect("send");
        assert_eq!(res.status(), 200, "{path}");
        assert!(
            res.headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html")),
            "{path}"
        );
        assert_eq!(
            res.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-cache"),
            "{path}"
        );
        let body = res.body().await.expect("body");
        assert!(String::from_utf8_lossy(&body).contains("ろうきん賃金控除事務支援システム"));
    }
    app.stop().await;
}

#[actix_web::test]
async fn hashed_assets_are_cached_for_a_year_and_gzipped_on_request() {
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .get(app.url("/assets/app-0123abcd.js"))
        .insert_header(("accept-encoding", "gzip"))
        .no_decompress()
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    let h = res.headers();
    assert_eq!(
        h.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(
        h.get("content-encoding").and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
    app.stop().await;
}

#[actix_web::test]
async fn a_missing_asset_or_a_traversal_is_a_404_not_the_app() {
    let app = TestApp::spawn().await;
    for path in [
        "/assets/missing-1234.js",
        "/favicon.ico",
        "/.hidden/x",
        "/assets/%2e%2e/index.html",
    ] {
        let res = app.client().get(app.url(path)).send().await.expect("send");
        assert_eq!(res.status(), 404, "{path}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn the_swagger_ui_is_served_offline_with_the_generated_document() {
    let app = TestApp::spawn().await;
    // `/api/docs` redirects to `/api/docs/` (the client follows it).
    let mut res = app
        .client()
        .get(app.url("/api/docs"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    let html = res.body().await.expect("body");
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(!html.contains("https://"), "no CDN: {html}");
    let mut res = app
        .client()
        .get(app.url("/api/docs/swagger-ui-bundle.js"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    assert!(
        res.body()
            .limit(10 * 1024 * 1024)
            .await
            .expect("bundle")
            .len()
            > 100_000
    );
    let mut res = app
        .client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    let served: serde_json::Value = res.json().limit(10 * 1024 * 1024).await.expect("json");
    let generated = serde_json::to_value(cjs_server::openapi::document()).expect("value");
    assert_eq!(served, generated);
    app.stop().await;
}

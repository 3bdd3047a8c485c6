//! ご利用時間: Monday to Friday 08:00–20:00 Japan time, closed on weekends, national holidays and
//! 12/31–1/3. Outside them every API endpoint but health, ready and the docs answers 503 E9504
//! with the next opening; the SPA is served at any time.

use chrono::{DateTime, TimeZone, Utc};
use cjs_domain::Clock;
use cjs_domain::calendar::JST;
use serde_json::{Value, json};

use crate::helpers::{INITIAL, Options, TestApp};

/// An instant on a Japanese clock.
fn jst(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    JST.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("a valid time")
        .with_timezone(&Utc)
}

async fn app_at(start: DateTime<Utc>) -> TestApp {
    TestApp::spawn_with(Options {
        service_hours: true,
        start: Some(start),
        ..Options::default()
    })
    .await
}

/// A request without certificate or token; status, the `x-request-id` header and the JSON body.
async fn ask(app: &TestApp, method: &str, path: &str, body: Option<Value>) -> (u16, String, Value) {
    let method = awc::http::Method::from_bytes(method.as_bytes()).expect("method");
    let req = app.client().request(method, app.url(path));
    let mut res = match body {
        Some(b) => req.send_json(&b).await.expect("send"),
        None => req.send().await.expect("send"),
    };
    let request_id = res
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = res.body().limit(16 * 1024 * 1024).await.expect("body");
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (res.status().as_u16(), request_id, json)
}

/// The API endpoints these tests knock on: one that needs a login, one public form.
fn knocks() -> [(&'static str, &'static str, Option<Value>); 2] {
    [
        ("GET", "/api/v1/me", None),
        (
            "POST",
            "/api/v1/registration/contract",
            Some(json!({"contract_number": "99999999", "initial_password": INITIAL})),
        ),
    ]
}

/// Every knock answers 503 E9504 naming `next` as the next opening, in the details and (JST)
/// in the message.
async fn assert_closed(app: &TestApp, next: DateTime<Utc>) {
    let now = app.clock.now();
    let next_text = next
        .with_timezone(&JST)
        .format("%Y年%m月%d日 %H:%M")
        .to_string();
    for (method, path, body) in knocks() {
        let (s, request_id, b) = ask(app, method, path, body).await;
        let at = format!("{method} {path} at {} JST", now.with_timezone(&JST));
        assert_eq!((s, b["code"].as_str()), (503, Some("E9504")), "{at}: {b}");
        let said: DateTime<Utc> = b["details"]["next_opening"]
            .as_str()
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("{at}: details.next_opening in {b}"));
        assert_eq!(said, next, "{at}: next opening");
        assert_eq!(
            b["message"].as_str(),
            Some(
                format!(
                    "サービス提供時間外です。ご利用時間は平日8:00～20:00です（土・日・祝休日、12月31日～1月3日を除く）。次回のご利用開始: {next_text}"
                )
                .as_str()
            ),
            "{at}"
        );
        assert!(!request_id.is_empty(), "{at}: x-request-id");
        assert_eq!(b["request_id"].as_str(), Some(request_id.as_str()), "{at}");
    }
}

/// Every knock is let through to its handler (whatever it then answers).
async fn assert_served(app: &TestApp) {
    let now = app.clock.now();
    for (method, path, body) in knocks() {
        let (s, _, b) = ask(app, method, path, body).await;
        assert_ne!(
            s,
            503,
            "{method} {path} at {} JST: {b}",
            now.with_timezone(&JST)
        );
    }
}

#[actix_web::test]
async fn a_weekday_opens_at_eight_and_closes_at_twenty() {
    // 2024-05-07 is a Tuesday (the day after the 振替休日 of Golden Week).
    let app = app_at(jst(2024, 5, 7, 7, 59)).await;
    assert_closed(&app, jst(2024, 5, 7, 8, 0)).await;
    let (_, _, b) = ask(&app, "GET", "/api/v1/me", None).await;
    assert!(
        b["message"]
            .as_str()
            .is_some_and(|m| m.contains("2024年05月07日 08:00")),
        "{b}"
    );
    app.clock
        .set(jst(2024, 5, 7, 7, 59) + chrono::Duration::seconds(59));
    assert_closed(&app, jst(2024, 5, 7, 8, 0)).await;

    app.clock.set(jst(2024, 5, 7, 8, 0));
    assert_served(&app).await;
    let (s, _, b) = ask(&app, "GET", "/api/v1/me", None).await;
    assert_eq!((s, b["code"].as_str()), (401, Some("E2201")), "{b}");

    app.clock.set(jst(2024, 5, 7, 19, 59));
    assert_served(&app).await;
    app.clock
        .set(jst(2024, 5, 7, 19, 59) + chrono::Duration::seconds(59));
    assert_served(&app).await;

    app.clock.set(jst(2024, 5, 7, 20, 0));
    assert_closed(&app, jst(2024, 5, 8, 8, 0)).await;
    app.clock.set(jst(2024, 5, 7, 23, 59));
    assert_closed(&app, jst(2024, 5, 8, 8, 0)).await;
    // Past midnight JST, still the previous day in UTC.
    app.clock.set(jst(2024, 5, 8, 0, 30));
    assert_closed(&app, jst(2024, 5, 8, 8, 0)).await;
    app.stop().await;
}

#[actix_web::test]
async fn a_logged_in_user_is_turned_away_at_closing_time_too() {
    let app = app_at(jst(2024, 5, 7, 19, 30)).await;
    let m = app.master("rokin01").await;
    app.clock.set(jst(2024, 5, 7, 19, 59));
    let (s, b) = m.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(s, 200, "{b}");
    app.clock.set(jst(2024, 5, 7, 20, 0));
    for (method, path) in [("GET", "/api/v1/me"), ("GET", "/api/v1/users")] {
        let (s, b) = m.call(&app, method, path, None).await;
        assert_eq!((s, b["code"].as_str()), (503, Some("E9504")), "{path}: {b}");
        assert_eq!(b["details"]["next_opening"], "2024-05-07T23:00:00Z");
    }
    app.stop().await;
}

#[actix_web::test]
async fn weekends_holidays_and_the_year_end_are_closed_until_the_next_business_morning() {
    let app = app_at(jst(2024, 5, 11, 10, 0)).await;
    for (now, next) in [
        // Saturday and Sunday.
        (jst(2024, 5, 11, 10, 0), jst(2024, 5, 13, 8, 0)),
        (jst(2024, 5, 12, 23, 59), jst(2024, 5, 13, 8, 0)),
        // Friday's closing → Monday morning.
        (jst(2024, 5, 10, 20, 0), jst(2024, 5, 13, 8, 0)),
        // 振替休日 (こどもの日 2024 fell on a Sunday).
        (jst(2024, 5, 6, 12, 0), jst(2024, 5, 7, 8, 0)),
        // 成人の日, a Monday.
        (jst(2025, 1, 13, 10, 0), jst(2025, 1, 14, 8, 0)),
        (jst(2025, 1, 10, 20, 0), jst(2025, 1, 14, 8, 0)),
        // 年末年始 12/31–1/3, then the weekend of 1/4–1/5.
        (jst(2024, 12, 30, 20, 0), jst(2025, 1, 6, 8, 0)),
        (jst(2024, 12, 31, 10, 0), jst(2025, 1, 6, 8, 0)),
        (jst(2025, 1, 1, 12, 0), jst(2025, 1, 6, 8, 0)),
        (jst(2025, 1, 3, 10, 0), jst(2025, 1, 6, 8, 0)),
        (jst(2025, 1, 4, 10, 0), jst(2025, 1, 6, 8, 0)),
        (jst(2025, 1, 5, 10, 0), jst(2025, 1, 6, 8, 0)),
        (jst(2025, 1, 6, 7, 59), jst(2025, 1, 6, 8, 0)),
    ] {
        app.clock.set(now);
        assert_closed(&app, next).await;
    }
    // The days around them are ordinary business days.
    for now in [
        jst(2024, 5, 13, 8, 0),
        jst(2024, 12, 30, 10, 0),
        jst(2025, 1, 6, 8, 0),
        jst(2025, 1, 14, 8, 0),
    ] {
        app.clock.set(now);
        assert_served(&app).await;
    }
    app.stop().await;
}

#[actix_web::test]
async fn health_ready_the_document_the_docs_and_the_spa_are_served_at_any_time() {
    let app = app_at(jst(2024, 5, 12, 3, 0)).await;
    for now in [
        jst(2024, 5, 12, 3, 0),
        jst(2024, 5, 7, 20, 0),
        jst(2025, 1, 1, 0, 0),
    ] {
        app.clock.set(now);
        let when = now.with_timezone(&JST);
        for path in [
            "/api/v1/health",
            "/api/v1/ready",
            "/api/openapi.json",
            "/api/docs/",
            "/api/docs",
            "/",
            "/menu/rokin/details",
            "/assets/app-0123abcd.js",
        ] {
            let (s, _, b) = ask(&app, "GET", path, None).await;
            assert_eq!(s, 200, "{path} at {when}: {b}");
        }
        // The rest of the API is closed.
        let (s, _, b) = ask(&app, "GET", "/api/v1/client-certificate", None).await;
        assert_eq!(
            (s, b["code"].as_str()),
            (503, Some("E9504")),
            "at {when}: {b}"
        );
    }
    app.stop().await;
}

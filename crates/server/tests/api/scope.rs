//! Payment-group scoping, the rows the authorisation matrix cannot show with one group per
//! contract: every group-scoped read answers for the session's group only, a group of another
//! contract cannot be chosen, nothing group-scoped answers before a group is chosen, and the
//! menu and the refusals follow the chosen group's services (労金控除 without 明細更新 is
//! view-only).

use chrono::NaiveDate;
use cjs_domain::schedule::{Cycle, Occasion};
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// A member contract with two payment groups (A: every service; B: 労金控除 without 明細更新),
/// a cycle in A, and its master logged in, no group chosen yet.
async fn two_groups(app: &TestApp, user_id: &str) -> (Session, String, String) {
    let (s, b) = app.master_of_two_groups(user_id).await;
    app.operator()
        .set_cycle(
            &s.group,
            Occasion::Monthly,
            &Cycle {
                month: d(2024, 6, 1),
                deadline: d(2024, 6, 10),
                request_received: None,
                result_received: None,
                payday: d(2024, 6, 25),
            },
        )
        .expect("cycle of A");
    let a = s.group.clone();
    (s, a, b)
}

async fn choose(app: &TestApp, s: &Session, group: &str) -> (u16, Value) {
    s.call(
        app,
        "PUT",
        "/api/v1/session/payment-group",
        Some(json!({ "number": group })),
    )
    .await
}

fn menu(me: &Value) -> Vec<(String, bool)> {
    me["menu"]
        .as_array()
        .expect("menu")
        .iter()
        .map(|e| {
            (
                e["function"].as_str().unwrap_or("").to_owned(),
                e["read_only"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

fn monthly_cycles(schedules: &Value) -> usize {
    schedules["occasions"]
        .as_array()
        .expect("occasions")
        .iter()
        .find(|o| o["occasion"] == "monthly")
        .and_then(|o| o["cycles"].as_array())
        .map_or(0, Vec::len)
}

#[actix_web::test]
async fn group_scoped_reads_need_a_chosen_group_and_contract_reads_do_not() {
    let app = TestApp::spawn().await;
    let (s, _, _) = two_groups(&app, "scope01").await;
    for path in ["/api/v1/info", "/api/v1/schedules"] {
        let (status, b) = s.call(&app, "GET", path, None).await;
        assert_eq!(
            (status, b["code"].as_str()),
            (403, Some("E2305")),
            "{path} {b}"
        );
    }
    for path in [
        "/api/v1/users",
        "/api/v1/notices",
        "/api/v1/manuals",
        "/api/v1/operation-log",
    ] {
        let (status, b) = s.call(&app, "GET", path, None).await;
        assert_eq!(status, 200, "{path} {b}");
    }
    // Before a group is chosen the menu holds no business function.
    let (_, me) = s.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(
        menu(&me),
        vec![("common".into(), false), ("system_admin".into(), false)]
    );
    // Each entry carries the manual's name of its menu.
    let labels: Vec<&str> = me["menu"]
        .as_array()
        .expect("menu")
        .iter()
        .filter_map(|e| e["label"].as_str())
        .collect();
    assert_eq!(labels, ["共通機能", "システム管理機能"], "{me}");
    app.stop().await;
}

#[actix_web::test]
async fn a_session_reads_only_its_chosen_groups_data() {
    let app = TestApp::spawn().await;
    let (s, a, b) = two_groups(&app, "scope02").await;
    assert_eq!(choose(&app, &s, &a).await.0, 204);
    let (_, sched) = s.call(&app, "GET", "/api/v1/schedules", None).await;
    assert_eq!(sched["payment_group"], json!(a));
    assert_eq!(monthly_cycles(&sched), 1, "{sched}");
    // Group B of the same contract: A's cycle is not there.
    assert_eq!(choose(&app, &s, &b).await.0, 204);
    let (_, sched) = s.call(&app, "GET", "/api/v1/schedules", None).await;
    assert_eq!(sched["payment_group"], json!(b));
    assert_eq!(monthly_cycles(&sched), 0, "{sched}");
    let (_, info) = s.call(&app, "GET", "/api/v1/info", None).await;
    assert_eq!(info["payment_group"]["number"], json!(b));
    app.stop().await;
}

#[actix_web::test]
async fn another_contracts_group_is_never_chosen_nor_read() {
    let app = TestApp::spawn().await;
    let (s, a, _) = two_groups(&app, "scope03").await;
    let other = app.master("scope04").await;
    // The other contract's master cannot choose A, and keeps reading its own group.
    let (status, b) = choose(&app, &other, &a).await;
    assert_eq!((status, b["code"].as_str()), (404, Some("E9404")), "{b}");
    let (_, sched) = other.call(&app, "GET", "/api/v1/schedules", None).await;
    assert_eq!(sched["payment_group"], json!(other.group));
    assert_eq!(monthly_cycles(&sched), 0, "{sched}");
    // Nor does A's master reach the other contract's group.
    let (status, _) = choose(&app, &s, &other.group).await;
    assert_eq!(status, 404);
    let (status, b) = s.call(&app, "GET", "/api/v1/info", None).await;
    assert_eq!((status, b["code"].as_str()), (403, Some("E2305")), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn the_menu_follows_the_chosen_groups_services() {
    let app = TestApp::spawn().await;
    let (s, a, b) = two_groups(&app, "scope05").await;
    choose(&app, &s, &a).await;
    let (_, me) = s.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(
        menu(&me),
        vec![
            ("rokin_deduction".into(), false),
            ("ledger".into(), false),
            ("collective_savings".into(), false),
            ("common".into(), false),
            ("system_admin".into(), false),
        ]
    );
    // B has 労金控除 without 明細更新: view-only even for the master; no 賃控元帳, no 一斉積立.
    choose(&app, &s, &b).await;
    let (_, me) = s.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(
        menu(&me),
        vec![
            ("rokin_deduction".into(), true),
            ("common".into(), false),
            ("system_admin".into(), false),
        ]
    );
    let (_, info) = s.call(&app, "GET", "/api/v1/info", None).await;
    assert_eq!(info["shows_collective_savings"], json!(false));
    app.stop().await;
}

#[actix_web::test]
async fn a_general_user_sees_system_admin_read_only_and_their_restrictions() {
    let app = TestApp::spawn().await;
    let master = app.master("scope06").await;
    let general = app
        .general(
            &master,
            "scope07",
            json!({"rokin_deduction": "read_only", "ledger": "hidden", "collective_savings": "full"}),
        )
        .await;
    let (_, me) = general.call(&app, "GET", "/api/v1/me", None).await;
    assert_eq!(
        menu(&me),
        vec![
            ("rokin_deduction".into(), true),
            ("collective_savings".into(), false),
            ("common".into(), false),
            ("system_admin".into(), true),
        ]
    );
    // ユーザー情報の照会 of themselves, nothing of the contract's users.
    let path = format!("/api/v1/users/{}", general.user_id);
    assert_eq!(general.call(&app, "GET", &path, None).await.0, 200);
    let (status, b) = general.call(&app, "GET", "/api/v1/users", None).await;
    assert_eq!((status, b["code"].as_str()), (403, Some("E2302")), "{b}");
    app.stop().await;
}

//! The information screen: schedules (入力中 / 締切中 by the clock), 一斉積立 latest data, the
//! employer's dates, お知らせ and マニュアル targeting, payment-group switching.

use chrono::{NaiveDate, TimeZone, Utc};
use cjs_domain::Clock;
use cjs_domain::ContractKind;
use cjs_domain::schedule::{Cycle, EmployerDocument, Occasion, RunKind};
use serde_json::{Value, json};

use crate::helpers::{Options, PASSWORD, Session, TestApp};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn jst(y: i32, m: u32, day: u32, h: u32, min: u32) -> chrono::DateTime<Utc> {
    cjs_domain::calendar::JST
        .with_ymd_and_hms(y, m, day, h, min, 0)
        .single()
        .expect("time")
        .with_timezone(&Utc)
}

fn cycle(month: NaiveDate, deadline: NaiveDate, payday: NaiveDate) -> Cycle {
    Cycle {
        month,
        deadline,
        request_received: None,
        result_received: None,
        payday,
    }
}

async fn info(app: &TestApp, s: &Session) -> Value {
    let (status, body) = s.call(app, "GET", "/api/v1/info", None).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn monthly(info: &Value) -> &Value {
    &info["schedules"][0]
}

#[actix_web::test]
async fn a_cycle_is_open_until_the_end_of_its_deadline_day_in_japan_time() {
    let app = TestApp::spawn_with(Options {
        start: Some(jst(2024, 6, 10, 9, 0)),
        ..Options::default()
    })
    .await;
    let mut m = app.master("rokin01").await;
    let mut op = app.operator();
    op.set_cycle(
        &m.group,
        Occasion::Monthly,
        &cycle(d(2024, 5, 1), d(2024, 5, 10), d(2024, 5, 24)),
    )
    .expect("may");
    op.set_cycle(
        &m.group,
        Occasion::Monthly,
        &cycle(d(2024, 6, 1), d(2024, 6, 10), d(2024, 6, 25)),
    )
    .expect("june");
    op.set_cycle(
        &m.group,
        Occasion::Monthly,
        &cycle(d(2024, 7, 1), d(2024, 7, 10), d(2024, 7, 25)),
    )
    .expect("july");
    op.set_received(
        &m.group,
        Occasion::Monthly,
        d(2024, 5, 1),
        Some(d(2024, 5, 21)),
        Some(d(2024, 5, 27)),
    )
    .expect("received");

    // Hours later: log in again (the session would have timed out).
    app.clock.set(jst(2024, 6, 10, 23, 59));
    m.token = app.login(&m.id, PASSWORD).await.expect("login");
    let i = info(&app, &m).await;
    let block = monthly(&i);
    assert_eq!(block["label"], "月例");
    assert_eq!(block["closed"]["month"], "2024-05");
    assert_eq!(block["closed"]["input"], "closed");
    assert_eq!(block["closed"]["request_received"], "2024-05-21");
    assert_eq!(block["closed"]["result_received"], "2024-05-27");
    assert_eq!(block["open"]["month"], "2024-06");
    assert_eq!(block["open"]["input"], "open");
    assert_eq!(block["open"]["request_received"], Value::Null);

    app.clock.set(jst(2024, 6, 11, 0, 0));
    m.token = app.login(&m.id, PASSWORD).await.expect("login");
    let i = info(&app, &m).await;
    assert_eq!(monthly(&i)["closed"]["month"], "2024-06");
    assert_eq!(monthly(&i)["open"]["month"], "2024-07");
    // Occasions without cycles are shown empty, in the manual's order.
    let labels: Vec<&str> = i["schedules"]
        .as_array()
        .expect("schedules")
        .iter()
        .map(|b| b["label"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(labels, ["月例", "夏季一時金", "年末一時金"]);
    assert_eq!(i["schedules"][1]["open"], Value::Null);
    app.stop().await;
}

#[actix_web::test]
async fn a_holiday_never_moves_a_deadline_silently() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    // 2025-01-13 is 成人の日.
    let warnings = app
        .operator()
        .set_cycle(
            &m.group,
            Occasion::Monthly,
            &cycle(d(2025, 1, 1), d(2025, 1, 13), d(2025, 1, 24)),
        )
        .expect("set");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("祝日"), "{warnings:?}");
    let (s, b) = m.call(&app, "GET", "/api/v1/schedules", None).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["occasions"][0]["cycles"][0]["deadline"], "2025-01-13");
    // A payday before the deadline is refused outright.
    assert!(
        app.operator()
            .set_cycle(
                &m.group,
                Occasion::Monthly,
                &cycle(d(2025, 2, 1), d(2025, 2, 10), d(2025, 2, 7))
            )
            .is_err()
    );
    app.stop().await;
}

#[actix_web::test]
async fn notices_reach_everyone_one_kind_or_one_contract_and_no_one_else() {
    let app = TestApp::spawn().await;
    let member = app.master("rokin01").await;
    let other = app.master("rokin02").await;
    let (employer_contract, _) = app.contract(ContractKind::Employer);
    app.register_master(&employer_contract, "jigyo01").await;
    let id = app
        .issue_certificate("jigyo01", PASSWORD)
        .await
        .expect("cert");
    let token = app.login(&id, PASSWORD).await.expect("login");
    let employer = Session {
        user_id: "jigyo01".into(),
        contract: employer_contract.clone(),
        group: String::new(),
        token,
        client: app.client_with(&id),
        id,
    };
    let today = cjs_domain::jst(app.clock.now()).date_naive();
    let mut op = app.operator();
    op.publish_notice("全体", "全員へ", today, None, None, None)
        .expect("all");
    op.publish_notice("会員", "会員へ", today, None, Some("member"), None)
        .expect("kind");
    op.publish_notice(
        "個別",
        "rokin01 の契約へ",
        today,
        None,
        None,
        Some(&member.contract),
    )
    .expect("contract");
    op.publish_notice(
        "未来",
        "まだ",
        today + chrono::Duration::days(1),
        None,
        None,
        None,
    )
    .expect("future");
    op.publish_notice(
        "終了",
        "もう",
        today - chrono::Duration::days(5),
        Some(today - chrono::Duration::days(1)),
        None,
        None,
    )
    .expect("ended");
    let withdrawn = op
        .publish_notice("取下げ", "x", today, None, None, None)
        .expect("w");
    cjs_store::info::withdraw_notice(&mut op.conn, &withdrawn, Utc::now()).expect("withdraw");

    let subjects = |v: &Value| -> Vec<String> {
        v.as_array()
            .expect("notices")
            .iter()
            .map(|n| n["subject"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let (_, b) = member.call(&app, "GET", "/api/v1/notices", None).await;
    let mut got = subjects(&b);
    got.sort();
    assert_eq!(got, ["会員", "個別", "全体"]);
    let (_, b) = other.call(&app, "GET", "/api/v1/notices", None).await;
    let mut got = subjects(&b);
    got.sort();
    assert_eq!(got, ["会員", "全体"]);
    let (_, b) = employer.call(&app, "GET", "/api/v1/notices", None).await;
    assert_eq!(subjects(&b), ["全体"]);
    // The information screen carries the same list.
    let i = info(&app, &employer).await;
    assert_eq!(subjects(&i["notices"]), ["全体"]);
    app.stop().await;
}

#[actix_web::test]
async fn manuals_are_listed_by_kind_viewed_inline_downloaded_and_logged() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    let mut op = app.operator();
    let pdf = cjs_server::manuals::sample_pdf("member manual");
    let member_manual = op
        .add_manual(
            "操作マニュアル【会員編】",
            "本文",
            &pdf,
            "会員編.pdf",
            Some("member"),
        )
        .expect("member manual");
    let employer_manual = op
        .add_manual(
            "操作マニュアル【事業主編】",
            "本文",
            &pdf,
            "事業主編.pdf",
            Some("employer"),
        )
        .expect("employer manual");
    // Only real PDFs.
    assert!(
        op.add_manual("偽物", "", b"PK\x03\x04 not a pdf", "x.pdf", None)
            .is_err()
    );

    let (s, b) = m.call(&app, "GET", "/api/v1/manuals", None).await;
    assert_eq!(s, 200, "{b}");
    let names: Vec<&str> = b["manuals"]
        .as_array()
        .expect("list")
        .iter()
        .map(|x| x["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["操作マニュアル【会員編】"]);
    assert_eq!(b["manuals"][0]["size"], pdf.len());

    let mut res = m
        .client
        .get(app.url(&format!("/api/v1/manuals/{member_manual}")))
        .insert_header(("authorization", format!("Bearer {}", m.token)))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers().get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/pdf"[..])
    );
    let disposition = res
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(disposition.starts_with("inline"), "{disposition}");
    assert_eq!(res.body().await.expect("pdf").to_vec(), pdf);
    let res = m
        .client
        .get(app.url(&format!("/api/v1/manuals/{member_manual}?download=true")))
        .insert_header(("authorization", format!("Bearer {}", m.token)))
        .send()
        .await
        .expect("send");
    let disposition = res
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    // Another kind's manual does not exist for a member.
    let (s, _) = m
        .call(
            &app,
            "GET",
            &format!("/api/v1/manuals/{employer_manual}"),
            None,
        )
        .await;
    assert_eq!(s, 404);
    // Both accesses are in the operation log.
    let action =
        percent_encoding::utf8_percent_encode("マニュアル照会", percent_encoding::NON_ALPHANUMERIC);
    let (_, log) = m
        .call(
            &app,
            "GET",
            &format!("/api/v1/operation-log?action={action}"),
            None,
        )
        .await;
    assert_eq!(log["total"], 2, "{log}");
    app.stop().await;
}

#[actix_web::test]
async fn the_employer_sees_only_the_documents_of_its_contract() {
    let app = TestApp::spawn().await;
    let (contract, group) = app.contract(ContractKind::Employer);
    // A second group with only the 預入依頼書.
    let mut op = app.operator();
    op.add_payment_group(
        &contract,
        "00000077",
        "支店",
        "ｼﾃﾝ",
        &[
            cjs_domain::Service::Zaikei,
            cjs_domain::Service::ZaikeiDeposit,
        ],
    )
    .expect("group");
    op.set_employer_date(&group, EmployerDocument::Balance, d(2024, 4, 30))
        .expect("date");
    op.set_employer_date(&group, EmployerDocument::DepositMonthly, d(2024, 5, 1))
        .expect("date");
    app.register_master(&contract, "jigyo01").await;
    let id = app
        .issue_certificate("jigyo01", PASSWORD)
        .await
        .expect("cert");
    let token = app.login(&id, PASSWORD).await.expect("login");
    let s = Session {
        user_id: "jigyo01".into(),
        contract,
        group: group.clone(),
        token,
        client: app.client_with(&id),
        id,
    };
    // Two groups and none chosen yet.
    let (status, b) = s.call(&app, "GET", "/api/v1/info", None).await;
    assert_eq!((status, b["code"].as_str()), (403, Some("E2305")), "{b}");
    let (status, _) = s
        .call(
            &app,
            "PUT",
            "/api/v1/session/payment-group",
            Some(json!({"number": group})),
        )
        .await;
    assert_eq!(status, 204);
    let i = info(&app, &s).await;
    assert_eq!(i["schedules"], json!([]));
    let docs: Vec<(&str, Value)> = i["employer_documents"]
        .as_array()
        .expect("docs")
        .iter()
        .map(|x| (x["document"].as_str().unwrap_or(""), x["base_date"].clone()))
        .collect();
    assert_eq!(docs.len(), 6, "{docs:?}");
    assert!(docs.contains(&("balance", json!("2024-04-30"))));
    assert!(docs.contains(&("deposit_monthly", json!("2024-05-01"))));
    assert!(docs.contains(&("incentive_bonus", Value::Null)));
    // Switching the group in the same session changes what is shown.
    let (status, _) = s
        .call(
            &app,
            "PUT",
            "/api/v1/session/payment-group",
            Some(json!({"number": "00000077"})),
        )
        .await;
    assert_eq!(status, 204);
    let i = info(&app, &s).await;
    let docs: Vec<&str> = i["employer_documents"]
        .as_array()
        .expect("docs")
        .iter()
        .map(|x| x["document"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        docs,
        ["deposit_monthly", "deposit_summer", "deposit_year_end"]
    );
    assert_eq!(i["payment_group"]["number"], "00000077");
    app.stop().await;
}

#[actix_web::test]
async fn the_collective_savings_area_follows_the_contract_and_the_restriction() {
    let app = TestApp::spawn().await;
    let m = app.master("rokin01").await;
    app.operator()
        .add_run(&m.group, 14, "サンプル1", d(2024, 5, 1), RunKind::AdHoc)
        .expect("run");
    let i = info(&app, &m).await;
    assert_eq!(i["shows_collective_savings"], true);
    assert_eq!(i["collective_savings_latest"]["run_no"], 14);
    assert_eq!(i["collective_savings_latest"]["kind_label"], "臨時作成");
    let hidden = app
        .general(
            &m,
            "hidden01",
            json!({"rokin_deduction": "full", "ledger": "full", "collective_savings": "hidden"}),
        )
        .await;
    let i = info(&app, &hidden).await;
    assert_eq!(i["shows_collective_savings"], false);
    assert_eq!(i["collective_savings_latest"], Value::Null);
    app.stop().await;
}

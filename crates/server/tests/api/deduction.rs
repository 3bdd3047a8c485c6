//! 労金控除事務 over the API (`docs/deduction.md` §7): details with their rules, history and
//! stale versions, edits refused after 締切, a cycle's lists and exports, 入金中止, まとめ入金
//! 確定 / 解除, results; 閲覧のみ and 非表示 users, a group without 明細更新, another group's or
//! contract's data never visible, no group chosen.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use cjs_domain::Clock;
use cjs_domain::deduction::results::LineResult;
use cjs_domain::deduction::{AccountKind, DeductionConfig, Outcome, YearMonth};
use cjs_domain::schedule::{Cycle, Occasion};
use cjs_store::deduction::CycleKey;
use cjs_store::deduction::payees::{self, NewPayee};
use cjs_store::deduction::runs::{self, Created};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, Session, TestApp, full};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// 10:00 in Japan on that day.
pub fn jst_morning(y: i32, m: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, day, 1, 0, 0)
        .single()
        .expect("time")
}

pub fn cycle(month: NaiveDate, deadline: NaiveDate, payday: NaiveDate) -> Cycle {
    Cycle {
        month,
        deadline,
        request_received: None,
        result_received: None,
        payday,
    }
}

/// A detail form; `no` makes the 職員番号 and the account.
pub fn detail(no: u32, kana: &str, monthly: i64) -> Value {
    json!({
        "employee_no": format!("{no:07}"),
        "kana_name": kana,
        "kanji_name": "労金　太郎",
        "product_code": "01",
        "branch_no": "123",
        "account_no": format!("{:07}", 1_000_000 + no),
        "amount_monthly": monthly,
        "amount_summer": 0,
        "amount_year_end": 0,
        "start_month": "2024-04"
    })
}

/// The monthly cycles of May and June 2024 (締切 5/10 and 6/10, 支給日 5/24 and 6/25) for the
/// group; the clock starts on 7 May, while May is 入力中.
pub fn schedule(app: &TestApp, group: &str) {
    let mut op = app.operator();
    for c in [
        cycle(d(2024, 5, 1), d(2024, 5, 10), d(2024, 5, 24)),
        cycle(d(2024, 6, 1), d(2024, 6, 10), d(2024, 6, 25)),
    ] {
        op.set_cycle(group, Occasion::Monthly, &c).expect("cycle");
    }
}

/// 締切 of a monthly cycle, as the operator's `close` does it.
pub async fn close(app: &TestApp, group: &str, month: YearMonth) -> Created {
    let g = group.to_owned();
    let now = app.clock.now();
    app.state
        .db(move |c| {
            runs::close_cycle(
                c,
                &CycleKey {
                    payment_group: &g,
                    occasion: Occasion::Monthly,
                    month,
                },
                &DeductionConfig::default(),
                false,
                now,
            )
        })
        .await
        .expect("close")
}

pub async fn payee(app: &TestApp, group: &str) {
    let g = group.to_owned();
    let now = app.clock.now();
    app.state
        .db(move |c| {
            payees::put_payee(
                c,
                &g,
                NewPayee {
                    branch_no: "123",
                    branch_name: "本店営業部",
                    account_kind: AccountKind::Ordinary,
                    account_no: "7654321",
                    account_name_kana: "ﾃｽﾄﾛｳﾄﾞｳｸﾐｱｲ",
                },
                now,
            )
        })
        .await
        .expect("payee");
}

/// Moves the clock to 10:00 in Japan on that day and logs in again (the session timed out), in
/// `group` if the contract has more than one.
pub async fn later(app: &TestApp, s: &mut Session, day: (i32, u32, u32), group: Option<&str>) {
    app.clock.set(jst_morning(day.0, day.1, day.2));
    s.token = app.login(&s.id, PASSWORD).await.expect("login");
    if let Some(g) = group {
        let (st, b) = s
            .call(
                app,
                "PUT",
                "/api/v1/session/payment-group",
                Some(json!({"number": g})),
            )
            .await;
        assert_eq!(st, 204, "{b}");
    }
}

fn code(b: &Value) -> Option<&str> {
    b["code"].as_str()
}

/// A GET whose body is a file: status, content type, disposition and bytes.
async fn download(app: &TestApp, s: &Session, path: &str) -> (u16, String, String, Vec<u8>) {
    let mut res = s
        .client
        .get(app.url(path))
        .insert_header(("authorization", format!("Bearer {}", s.token)))
        .send()
        .await
        .expect("send");
    let header = |n: &str| {
        res.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (ct, cd) = (header("content-type"), header("content-disposition"));
    let bytes = res.body().limit(64 * 1024 * 1024).await.expect("body");
    (res.status().as_u16(), ct, cd, bytes.to_vec())
}

const MAY: &str = "/api/v1/deduction/cycles/monthly/2024-05";

#[actix_web::test]
async fn a_clerk_adds_searches_changes_and_cancels_details_with_history() {
    let app = TestApp::spawn().await;
    let s = app.master("rokin01").await;
    schedule(&app, &s.group);

    // Full-width kana is converted to the bank's half-width set.
    let (st, b) = s
        .call(
            &app,
            "POST",
            "/api/v1/deduction/details",
            Some(detail(1, "ロウキン　タロウ", 10_000)),
        )
        .await;
    assert_eq!(st, 201, "{b}");
    assert_eq!(b["kana_name"], "ﾛｳｷﾝ ﾀﾛｳ");
    assert_eq!(
        (b["version"].as_i64(), b["state"].as_str()),
        (Some(1), Some("active"))
    );
    assert_eq!(b["product_name"], "エース預金");
    let id = b["id"].as_str().expect("id").to_owned();
    for (no, kana) in [(2, "ｸﾐｱｲ ﾊﾅｺ"), (3, "ﾛｳｷﾝ ｼﾞﾛｳ")] {
        let (st, b) = s
            .call(
                &app,
                "POST",
                "/api/v1/deduction/details",
                Some(detail(no, kana, 5_000)),
            )
            .await;
        assert_eq!(st, 201, "{b}");
    }

    // The same member, product and account once more: E1003.
    let (st, b) = s
        .call(
            &app,
            "POST",
            "/api/v1/deduction/details",
            Some(detail(1, "ﾛｳｷﾝ ﾀﾛｳ", 1)),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1003")), "{b}");
    // A character outside the bank's set is named: E1009.
    let (st, b) = s
        .call(
            &app,
            "POST",
            "/api/v1/deduction/details",
            Some(detail(9, "ﾛｳｷﾝ,ﾀﾛｳ", 1)),
        )
        .await;
    assert_eq!((st, code(&b)), (422, Some("E1009")), "{b}");
    assert!(
        b["message"].as_str().unwrap_or("").contains("カナ氏名"),
        "{b}"
    );
    // All three amounts 0: E1019.
    let (st, b) = s
        .call(
            &app,
            "POST",
            "/api/v1/deduction/details",
            Some(detail(9, "ﾛｳｷﾝ", 0)),
        )
        .await;
    assert_eq!((st, code(&b)), (422, Some("E1019")), "{b}");
    // An unknown product: E1002.
    let mut bad = detail(9, "ﾛｳｷﾝ", 1);
    bad["product_code"] = json!("99");
    let (st, b) = s
        .call(&app, "POST", "/api/v1/deduction/details", Some(bad))
        .await;
    assert_eq!((st, code(&b)), (422, Some("E1002")), "{b}");

    // Search: カナ prefix (typed in full-width), paging and sort.
    let (st, b) = s
        .call(&app, "GET", "/api/v1/deduction/details?kana_prefix=%E3%83%AD%E3%82%A6%E3%82%AD%E3%83%B3&sort=employee_no&order=desc", None)
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["total"], 2);
    assert_eq!(b["items"][0]["employee_no"], "0000003");
    let (_, b) = s
        .call(
            &app,
            "GET",
            "/api/v1/deduction/details?per_page=2&page=2",
            None,
        )
        .await;
    assert_eq!(
        (b["total"].as_i64(), b["items"].as_array().map(Vec::len)),
        (Some(3), Some(1))
    );
    let (st, b) = s
        .call(
            &app,
            "GET",
            &format!("/api/v1/deduction/details/{id}"),
            None,
        )
        .await;
    assert_eq!((st, b["id"].as_str()), (200, Some(id.as_str())));

    // 変更 on the version read; then the same version again is stale (E1010) and changes nothing.
    let mut form = detail(1, "ﾛｳｷﾝ ﾀﾛｳ", 12_000);
    form["amount_summer"] = json!(30_000);
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("/api/v1/deduction/details/{id}"),
            Some(json!({"version": 1, "detail": form})),
        )
        .await;
    assert_eq!(
        (st, b["version"].as_i64(), b["amount_monthly"].as_i64()),
        (200, Some(2), Some(12_000)),
        "{b}"
    );
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("/api/v1/deduction/details/{id}"),
            Some(json!({"version": 1, "detail": detail(1, "ﾛｳｷﾝ ﾀﾛｳ", 99)})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1010")), "{b}");
    let (_, b) = s
        .call(
            &app,
            "GET",
            &format!("/api/v1/deduction/details/{id}"),
            None,
        )
        .await;
    assert_eq!(b["amount_monthly"], 12_000);

    // Member 3's detail changed into member 2's 職員番号・取引・口座: E1003, nothing written.
    let (_, b) = s
        .call(
            &app,
            "GET",
            "/api/v1/deduction/details?employee_no=0000003",
            None,
        )
        .await;
    let third = b["items"][0]["id"].as_str().expect("id").to_owned();
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("/api/v1/deduction/details/{third}"),
            Some(json!({"version": 1, "detail": detail(2, "ﾛｳｷﾝ ｼﾞﾛｳ", 5_000)})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1003")), "{b}");
    let (_, b) = s
        .call(
            &app,
            "GET",
            &format!("/api/v1/deduction/details/{third}"),
            None,
        )
        .await;
    assert_eq!(
        (b["employee_no"].as_str(), b["version"].as_i64()),
        (Some("0000003"), Some(1))
    );

    // 解除, then nothing more changes it (E1012).
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("/api/v1/deduction/details/{id}/cancel"),
            Some(json!({"version": 2})),
        )
        .await;
    assert_eq!(
        (st, b["state"].as_str(), b["version"].as_i64()),
        (200, Some("cancelled"), Some(3)),
        "{b}"
    );
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("/api/v1/deduction/details/{id}/cancel"),
            Some(json!({"version": 3})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1012")), "{b}");
    let (_, b) = s
        .call(
            &app,
            "GET",
            "/api/v1/deduction/details?state=cancelled",
            None,
        )
        .await;
    assert_eq!(b["total"], 1);

    // The history: three versions, newest first, with before → after and who.
    let (st, b) = s
        .call(
            &app,
            "GET",
            &format!("/api/v1/deduction/history?detail_id={id}"),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["total"], 3);
    let items = b["items"].as_array().expect("items");
    let actions: Vec<&str> = items.iter().filter_map(|h| h["action"].as_str()).collect();
    assert_eq!(actions, ["cancel", "change", "add"]);
    assert_eq!(items[0]["user_id"], "rokin01");
    assert_eq!(items[0]["source_label"], "Web");
    let change = &items[1]["changes"];
    assert_eq!(change.as_array().map(Vec::len), Some(2), "{change}");
    assert_eq!(change[0]["label"], "月例金額");
    assert_eq!(
        (change[0]["before"].as_str(), change[0]["after"].as_str()),
        (Some("10000"), Some("12000"))
    );
    let (_, b) = s
        .call(
            &app,
            "GET",
            "/api/v1/deduction/history?employee_no=0000002",
            None,
        )
        .await;
    assert_eq!(b["total"], 1);
    let (_, b) = s
        .call(
            &app,
            "GET",
            "/api/v1/deduction/history?from=2024-05-08",
            None,
        )
        .await;
    assert_eq!(b["total"], 0);

    // The products of the form.
    let (st, b) = s
        .call(&app, "GET", "/api/v1/deduction/products", None)
        .await;
    assert_eq!((st, b["products"][0]["code"].as_str()), (200, Some("01")));

    // Every change is in the operation log with the function.
    let (_, log) = s
        .call(&app, "GET", "/api/v1/operation-log?limit=100", None)
        .await;
    let entries = log["entries"].as_array().expect("entries");
    for action in [
        "労金控除明細新規登録",
        "労金控除明細変更",
        "労金控除明細解除",
    ] {
        assert!(
            entries
                .iter()
                .any(|e| e["action"] == action && e["function"] == "rokin_deduction"),
            "{action} not logged"
        );
    }
    assert!(
        entries
            .iter()
            .any(|e| e["action"] == "労金控除明細変更" && e["result"] == "failure")
    );
    app.stop().await;
}

#[actix_web::test]
async fn after_the_deadline_details_wait_for_the_request_data_and_then_the_next_cycle() {
    let app = TestApp::spawn().await;
    let mut s = app.master("rokin02").await;
    schedule(&app, &s.group);
    let (st, b) = s
        .call(
            &app,
            "POST",
            "/api/v1/deduction/details",
            Some(detail(1, "ﾛｳｷﾝ ﾀﾛｳ", 10_000)),
        )
        .await;
    assert_eq!(st, 201, "{b}");
    let id = b["id"].as_str().expect("id").to_owned();
    // 11 May: May's 締切 has passed, its request data is not made: E1011 for every change.
    later(&app, &mut s, (2024, 5, 11), None).await;
    let (st, b) = s
        .call(
            &app,
            "POST",
            "/api/v1/deduction/details",
            Some(detail(2, "ﾛｳｷﾝ", 1)),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1011")), "{b}");
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("/api/v1/deduction/details/{id}"),
            Some(json!({"version": 1, "detail": detail(1, "ﾛｳｷﾝ ﾀﾛｳ", 2)})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1011")), "{b}");
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("/api/v1/deduction/details/{id}/cancel"),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1011")), "{b}");
    // Lists before the request data: E1018.
    let (st, b) = s.call(&app, "GET", &format!("{MAY}/lines"), None).await;
    assert_eq!((st, code(&b)), (409, Some("E1018")), "{b}");
    // Once May is made, June is open.
    assert_eq!(
        close(&app, &s.group, YearMonth::new(2024, 5).expect("m")).await,
        Created::Lines(1)
    );
    let (st, b) = s
        .call(
            &app,
            "POST",
            "/api/v1/deduction/details",
            Some(detail(2, "ﾛｳｷﾝ", 1)),
        )
        .await;
    assert_eq!(st, 201, "{b}");
    // A cycle that is not the group's, or not a month: 404 / 400.
    let (st, b) = s
        .call(
            &app,
            "GET",
            "/api/v1/deduction/cycles/monthly/2023-01/lines",
            None,
        )
        .await;
    assert_eq!((st, code(&b)), (404, Some("E9404")), "{b}");
    let (st, b) = s
        .call(
            &app,
            "GET",
            "/api/v1/deduction/cycles/weekly/2024-05/lines",
            None,
        )
        .await;
    assert_eq!((st, code(&b)), (400, Some("E1000")), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn a_clerks_month_lists_stops_confirms_undoes_and_reads_results() {
    let app = TestApp::spawn().await;
    let mut s = app.master("rokin03").await;
    schedule(&app, &s.group);
    for (no, kana, amount) in [
        (1, "ﾛｳｷﾝ ﾀﾛｳ", 10_000),
        (2, "ｸﾐｱｲ ﾊﾅｺ", 5_000),
        (3, "ﾛｳｷﾝ ｼﾞﾛｳ", 3_000),
    ] {
        let (st, b) = s
            .call(
                &app,
                "POST",
                "/api/v1/deduction/details",
                Some(detail(no, kana, amount)),
            )
            .await;
        assert_eq!(st, 201, "{b}");
    }
    // A second product for member 1: two lines, one employee.
    let mut second = detail(1, "ﾛｳｷﾝ ﾀﾛｳ", 2_000);
    second["product_code"] = json!("02");
    let (st, b) = s
        .call(&app, "POST", "/api/v1/deduction/details", Some(second))
        .await;
    assert_eq!(st, 201, "{b}");

    later(&app, &mut s, (2024, 5, 11), None).await;
    assert_eq!(
        close(&app, &s.group, YearMonth::new(2024, 5).expect("m")).await,
        Created::Lines(4)
    );

    // The cycles: May with its request data, June open.
    let (st, b) = s.call(&app, "GET", "/api/v1/deduction/cycles", None).await;
    assert_eq!(st, 200, "{b}");
    let cycles = b["cycles"].as_array().expect("cycles");
    assert_eq!(cycles.len(), 2, "{b}");
    let may = cycles
        .iter()
        .find(|c| c["month"] == "2024-05")
        .expect("May");
    assert_eq!(
        (
            may["run"]["line_count"].as_i64(),
            may["run"]["lump_state"].as_str()
        ),
        (Some(4), Some("open"))
    );
    assert!(
        cycles
            .iter()
            .any(|c| c["month"] == "2024-06" && c["run"].is_null() && c["input"] == "open")
    );

    // 控除依頼リスト: every line new, the totals summed.
    let (st, b) = s
        .call(&app, "GET", &format!("{MAY}/lines?per_page=2"), None)
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(
        (b["total"].as_i64(), b["items"].as_array().map(Vec::len)),
        (Some(4), Some(2))
    );
    assert_eq!(b["title"], "控除依頼リスト");
    assert_eq!(
        (
            b["totals"]["count"].as_i64(),
            b["totals"]["amount"].as_i64()
        ),
        (Some(4), Some(20_000))
    );
    assert_eq!(b["items"][0]["movement"], "new");
    let (_, b) = s
        .call(&app, "GET", &format!("{MAY}/lines?list=movements"), None)
        .await;
    assert_eq!(b["total"], 4);
    let (_, b) = s
        .call(&app, "GET", &format!("{MAY}/lines?list=errors"), None)
        .await;
    assert_eq!(b["total"], 0);

    // 労金控除依頼データ: CP932 by default, UTF-8 with BOM on request, a Japanese file name.
    let (st, ct, cd, bytes) = download(&app, &s, &format!("{MAY}/requests.csv")).await;
    assert_eq!(st, 200);
    assert!(
        ct.starts_with("text/csv") && ct.contains("Shift_JIS"),
        "{ct}"
    );
    assert!(cd.contains("filename*=UTF-8''"), "{cd}");
    assert!(
        bytes.starts_with("支給区分".encode_cp932().as_slice()),
        "not CP932"
    );
    let (_, ct, _, bytes) = download(&app, &s, &format!("{MAY}/requests.csv?encoding=utf8")).await;
    assert!(ct.contains("utf-8"), "{ct}");
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(
        text.starts_with("\u{feff}支給区分,控除年月,行番号,職員番号"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 5);
    assert!(
        text.contains(
            "月例,202405,1,0000001,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,01,エース預金,123,1000001,10000,,新規,,,\r\n"
        ),
        "{text}"
    );

    // 企業宛控除依頼データ: one row per employee.
    let (st, b) = s
        .call(&app, "GET", &format!("{MAY}/employer-request"), None)
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(
        (b["employee_count"].as_i64(), b["total"].as_i64()),
        (Some(3), Some(20_000))
    );
    assert_eq!(
        (
            b["rows"][0]["total"].as_i64(),
            b["rows"][0]["count"].as_i64()
        ),
        (Some(12_000), Some(2))
    );
    let (st, _, _, bytes) = download(
        &app,
        &s,
        &format!("{MAY}/employer-request.csv?encoding=utf8&scope=movements"),
    )
    .await;
    assert_eq!(st, 200);
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(
        text.contains("202405,月例,0000001,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,12000,2,1\r\n"),
        "{text}"
    );

    // The request lists and the 企業宛控除依頼書 as PDF, named in Japanese.
    for (path, title) in [
        ("request-list.pdf", "控除依頼リスト"),
        (
            "request-list.pdf?list=counter",
            "窓口扱い控除依頼内容変更リスト",
        ),
        ("request-list.pdf?list=errors", "控除依頼明細エラーリスト"),
        ("request-list.pdf?list=movements", "控除依頼異動分リスト"),
        ("employer-request.pdf", "企業宛控除依頼書"),
        ("employer-request.pdf?scope=movements", "企業宛控除依頼書"),
        ("lump/request.pdf", "まとめ入金依頼書"),
        ("lump/updates.pdf", "まとめ入金更新明細書（Web依頼済）"),
    ] {
        let (st, ct, cd, bytes) = download(&app, &s, &format!("{MAY}/{path}")).await;
        assert_eq!((st, ct.as_str()), (200, "application/pdf"), "{path}");
        assert!(bytes.starts_with(b"%PDF-"), "{path}");
        let encoded: String = percent_encode(title);
        assert!(
            cd.starts_with("attachment;") && cd.contains(&encoded),
            "{path}: {cd}"
        );
    }
    let (st, b) = s
        .call(
            &app,
            "GET",
            &format!("{MAY}/request-list.pdf?list=stoppable"),
            None,
        )
        .await;
    assert_eq!((st, code(&b)), (400, Some("E1000")), "{b}");
    let (st, b) = s
        .call(&app, "GET", &format!("{MAY}/lump/web-updates.pdf"), None)
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1020")), "{b}");

    // 入金中止 before the 支給日: E1014. (Line 2 is member 1's 定期積金, 2,000 yen.)
    let stop = json!({"reason": "retired"});
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{MAY}/lines/2/stop"),
            Some(stop.clone()),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1014")), "{b}");
    later(&app, &mut s, (2024, 5, 24), None).await;
    // その他 needs its text.
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{MAY}/lines/2/stop"),
            Some(json!({"reason": "other"})),
        )
        .await;
    assert_eq!((st, code(&b)), (422, Some("E1001")), "{b}");
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{MAY}/lines/2/stop"),
            Some(stop.clone()),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["stop"]["reason_label"], "退職");
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{MAY}/lines/3/stop"),
            Some(json!({"reason": "other", "text": "長期出張"})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let (st, b) = s
        .call(&app, "DELETE", &format!("{MAY}/lines/3/stop"), None)
        .await;
    assert_eq!((st, b["stop"].is_null()), (200, true), "{b}");
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{MAY}/lines/99/stop"),
            Some(stop.clone()),
        )
        .await;
    assert_eq!((st, code(&b)), (404, Some("E9404")), "{b}");

    // まとめ入金: live totals, no 入金先 yet (E1017), a stale version (E1010), then 確定.
    let (st, b) = s.call(&app, "GET", &format!("{MAY}/lump"), None).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(
        (
            b["state"].as_str(),
            b["totals"]["count"].as_i64(),
            b["totals"]["amount"].as_i64()
        ),
        (Some("open"), Some(3), Some(18_000))
    );
    assert_eq!(
        (
            b["totals"]["excluded_count"].as_i64(),
            b["totals"]["excluded_amount"].as_i64()
        ),
        (Some(1), Some(2_000))
    );
    let version = b["version"].as_i64().expect("version");
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{MAY}/lump/confirm"),
            Some(json!({"version": version})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1017")), "{b}");
    payee(&app, &s.group).await;
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{MAY}/lump/confirm"),
            Some(json!({"version": version - 1})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1010")), "{b}");
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{MAY}/lump/confirm"),
            Some(json!({"version": version})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(
        (
            b["state"].as_str(),
            b["totals"]["amount"].as_i64(),
            b["payee"]["account_no"].as_str()
        ),
        (Some("confirmed"), Some(18_000), Some("7654321"))
    );
    let version = b["version"].as_i64().expect("version");
    let (st, ct, _, bytes) = download(&app, &s, &format!("{MAY}/lump/web-updates.pdf")).await;
    assert_eq!((st, ct.as_str()), (200, "application/pdf"));
    assert!(bytes.starts_with(b"%PDF-"));
    // 確定: 入金中止 no more (E1013), 確定 again refused (E1013).
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{MAY}/lines/3/stop"),
            Some(stop.clone()),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1013")), "{b}");
    // 確定の解除, then 確定 again.
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{MAY}/lump/undo"),
            Some(json!({"version": version})),
        )
        .await;
    assert_eq!((st, b["state"].as_str()), (200, Some("open")), "{b}");
    let version = b["version"].as_i64().expect("version");
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{MAY}/lump/undo"),
            Some(json!({"version": version})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1020")), "{b}");
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{MAY}/lump/confirm"),
            Some(json!({"version": version})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let version = b["version"].as_i64().expect("version");

    // The bank takes it: no 解除 any more (E1015).
    let g = s.group.clone();
    let now = app.clock.now();
    let key_month = YearMonth::new(2024, 5).expect("m");
    app.state
        .db(move |c| {
            runs::mark_taken(
                c,
                &CycleKey {
                    payment_group: &g,
                    occasion: Occasion::Monthly,
                    month: key_month,
                },
                now,
            )
        })
        .await
        .expect("taken")
        .expect("allowed");
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{MAY}/lump/undo"),
            Some(json!({"version": version + 1})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1015")), "{b}");

    // Results arrive: 済, 不能 with a reason, a kana mismatch.
    let g = s.group.clone();
    let now = app.clock.now();
    let results = vec![
        LineResult {
            line_no: 1,
            outcome: Outcome::Done,
            reason: None,
            reason_text: None,
            bank_kana: Some("ﾛｳｷﾝ ﾀﾛｳ".into()),
            kana_mismatch: Some(false),
        },
        LineResult {
            line_no: 2,
            outcome: Outcome::Done,
            reason: None,
            reason_text: None,
            bank_kana: Some("ﾛｳｷﾝ ﾀﾛｵ".into()),
            kana_mismatch: Some(true),
        },
        LineResult {
            line_no: 4,
            outcome: Outcome::Failed,
            reason: Some(cjs_domain::deduction::FailReason::AccountClosed),
            reason_text: None,
            bank_kana: None,
            kana_mismatch: None,
        },
    ];
    app.state
        .db(move |c| {
            runs::load_results(
                c,
                &CycleKey {
                    payment_group: &g,
                    occasion: Occasion::Monthly,
                    month: key_month,
                },
                &results,
                now,
            )
        })
        .await
        .expect("results")
        .expect("allowed");
    let (_, b) = s
        .call(&app, "GET", &format!("{MAY}/lines?list=results"), None)
        .await;
    assert_eq!(b["total"], 3);
    let (_, b) = s
        .call(&app, "GET", &format!("{MAY}/lines?list=failed"), None)
        .await;
    assert_eq!(
        (
            b["total"].as_i64(),
            b["items"][0]["result"]["reason_label"].as_str()
        ),
        (Some(1), Some("口座解約済"))
    );
    let (_, b) = s
        .call(
            &app,
            "GET",
            &format!("{MAY}/lines?list=kana_mismatch"),
            None,
        )
        .await;
    assert_eq!(
        (
            b["total"].as_i64(),
            b["items"][0]["result"]["bank_kana"].as_str()
        ),
        (Some(1), Some("ﾛｳｷﾝ ﾀﾛｵ"))
    );
    let (_, b) = s.call(&app, "GET", &format!("{MAY}/lump"), None).await;
    assert_eq!(b["state"], "taken");
    for list in ["all", "failed", "kana_mismatch"] {
        let (st, ct, _, bytes) =
            download(&app, &s, &format!("{MAY}/results.pdf?list={list}")).await;
        assert_eq!((st, ct.as_str()), (200, "application/pdf"), "{list}");
        assert!(bytes.starts_with(b"%PDF-"), "{list}");
    }

    // Every print and export and change is in the operation log.
    let (_, log) = s
        .call(&app, "GET", "/api/v1/operation-log?limit=200", None)
        .await;
    let entries = log["entries"].as_array().expect("entries");
    for action in [
        "労金控除依頼データエクスポート",
        "企業宛控除依頼データエクスポート",
        "入金中止設定",
        "入金中止解除",
        "まとめ入金確定",
        "まとめ入金確定の解除",
        "労金控除依頼リスト出力",
        "企業宛控除依頼書出力",
        "まとめ入金依頼書出力",
        "まとめ入金WEB更新依頼明細書出力",
        "労金控除結果リスト出力",
    ] {
        assert!(
            entries.iter().any(|e| e["action"] == action),
            "{action} not logged"
        );
    }
    app.stop().await;
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

trait Cp932 {
    fn encode_cp932(&self) -> Vec<u8>;
}

impl Cp932 for str {
    fn encode_cp932(&self) -> Vec<u8> {
        cjs_reports::cp932::encode(self).expect("cp932")
    }
}

#[actix_web::test]
async fn read_only_hidden_view_only_groups_others_and_no_group_are_kept_to_their_rights() {
    let app = TestApp::spawn().await;
    let (master, second) = app.master_of_two_groups("rokin04").await;
    schedule(&app, &master.group);
    // The master works in group A.
    let (st, b) = master
        .call(
            &app,
            "PUT",
            "/api/v1/session/payment-group",
            Some(json!({"number": master.group})),
        )
        .await;
    assert_eq!(st, 204, "{b}");
    // No group chosen: E2305 (the users below log in with no group chosen either).
    let read_only = app
        .general(
            &master,
            "readonly1",
            json!({"rokin_deduction": "read_only", "ledger": "full", "collective_savings": "full"}),
        )
        .await;
    let (st, b) = read_only
        .call(&app, "GET", "/api/v1/deduction/details", None)
        .await;
    assert_eq!((st, code(&b)), (403, Some("E2305")), "{b}");
    let hidden = app
        .general(
            &master,
            "hidden01",
            json!({"rokin_deduction": "hidden", "ledger": "full", "collective_savings": "full"}),
        )
        .await;
    let mut general_full = app.general(&master, "fulluser1", full()).await;
    for s in [&read_only, &hidden, &general_full] {
        let (st, b) = s
            .call(
                &app,
                "PUT",
                "/api/v1/session/payment-group",
                Some(json!({"number": master.group})),
            )
            .await;
        assert_eq!(st, 204, "{b}");
    }
    let (st, b) = master
        .call(
            &app,
            "POST",
            "/api/v1/deduction/details",
            Some(detail(1, "ﾛｳｷﾝ ﾀﾛｳ", 10_000)),
        )
        .await;
    assert_eq!(st, 201, "{b}");
    let id = b["id"].as_str().expect("id").to_owned();

    // 閲覧のみ: every read, no change (E2303).
    let (st, b) = read_only
        .call(
            &app,
            "GET",
            &format!("/api/v1/deduction/details/{id}"),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let (st, b) = read_only
        .call(
            &app,
            "POST",
            "/api/v1/deduction/details",
            Some(detail(2, "ﾛｳｷﾝ", 1)),
        )
        .await;
    assert_eq!((st, code(&b)), (403, Some("E2303")), "{b}");
    let (st, b) = read_only
        .call(
            &app,
            "POST",
            &format!("/api/v1/deduction/details/{id}/cancel"),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!((st, code(&b)), (403, Some("E2303")), "{b}");
    // 非表示: nothing (E2302).
    for path in [
        "/api/v1/deduction/details",
        "/api/v1/deduction/cycles",
        "/api/v1/deduction/history",
    ] {
        let (st, b) = hidden.call(&app, "GET", path, None).await;
        assert_eq!((st, code(&b)), (403, Some("E2302")), "{path}: {b}");
    }
    // A general user with 表示 changes.
    let (st, b) = general_full
        .call(
            &app,
            "PUT",
            &format!("/api/v1/deduction/details/{id}"),
            Some(json!({"version": 1, "detail": detail(1, "ﾛｳｷﾝ ﾀﾛｳ", 11_000)})),
        )
        .await;
    assert_eq!(st, 200, "{b}");

    // Group B (労金控除 without 明細更新): reads, but changes nothing (E2303), and never sees A's.
    let (st, b) = master
        .call(
            &app,
            "PUT",
            "/api/v1/session/payment-group",
            Some(json!({"number": second})),
        )
        .await;
    assert_eq!(st, 204, "{b}");
    let (st, b) = master
        .call(&app, "GET", "/api/v1/deduction/details", None)
        .await;
    assert_eq!((st, b["total"].as_i64()), (200, Some(0)), "{b}");
    let (st, b) = master
        .call(
            &app,
            "GET",
            &format!("/api/v1/deduction/details/{id}"),
            None,
        )
        .await;
    assert_eq!((st, code(&b)), (404, Some("E9404")), "{b}");
    let (st, b) = master
        .call(
            &app,
            "POST",
            "/api/v1/deduction/details",
            Some(detail(2, "ﾛｳｷﾝ", 1)),
        )
        .await;
    assert_eq!((st, code(&b)), (403, Some("E2303")), "{b}");
    let (st, b) = master
        .call(&app, "GET", "/api/v1/deduction/history", None)
        .await;
    assert_eq!((st, b["total"].as_i64()), (200, Some(0)), "{b}");

    // Another contract: none of A's data.
    let mut other = app.master("other001").await;
    schedule(&app, &other.group);
    let (st, b) = other
        .call(&app, "GET", "/api/v1/deduction/details", None)
        .await;
    assert_eq!((st, b["total"].as_i64()), (200, Some(0)), "{b}");
    let (st, b) = other
        .call(
            &app,
            "GET",
            &format!("/api/v1/deduction/details/{id}"),
            None,
        )
        .await;
    assert_eq!((st, code(&b)), (404, Some("E9404")), "{b}");
    let (st, b) = other
        .call(
            &app,
            "PUT",
            &format!("/api/v1/deduction/details/{id}"),
            Some(json!({"version": 2, "detail": detail(1, "ﾛｳｷﾝ ﾀﾛｳ", 1)})),
        )
        .await;
    assert_eq!((st, code(&b)), (404, Some("E9404")), "{b}");
    // A's cycle data is not the other group's.
    later(&app, &mut other, (2024, 5, 11), None).await;
    let group_a = master.group.clone();
    later(&app, &mut general_full, (2024, 5, 11), Some(&group_a)).await;
    close(&app, &master.group, YearMonth::new(2024, 5).expect("m")).await;
    let (st, b) = other.call(&app, "GET", &format!("{MAY}/lines"), None).await;
    assert_eq!((st, code(&b)), (409, Some("E1018")), "{b}");
    let (st, b) = general_full
        .call(&app, "GET", &format!("{MAY}/lines"), None)
        .await;
    assert_eq!((st, b["total"].as_i64()), (200, Some(1)), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn every_deduction_operation_is_summarised_by_the_manuals_function_name() {
    const FUNCTIONS: [&str; 11] = [
        "労金控除明細照会",
        "労金控除明細新規登録",
        "労金控除明細更新履歴照会",
        "労金控除依頼リスト出力",
        "労金控除依頼データエクスポート",
        "企業宛控除依頼書出力",
        "企業宛控除依頼データエクスポート",
        "まとめ入金依頼入金中止設定",
        "まとめ入金確定",
        "まとめ入金WEB更新依頼明細書出力",
        "労金控除結果リスト出力",
    ];
    let doc = serde_json::to_value(cjs_server::openapi::document()).expect("json");
    let mut n = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if !path.starts_with("/api/v1/deduction/") {
            continue;
        }
        for (method, op) in item.as_object().expect("item") {
            let summary = op["summary"].as_str().unwrap_or("");
            assert!(
                FUNCTIONS.iter().any(|f| summary.starts_with(f)),
                "{method} {path}: {summary:?}"
            );
            assert_eq!(op["tags"][0], "deduction", "{method} {path}");
            n += 1;
        }
    }
    assert!(n >= 15, "{n} operations");
}

#[actix_web::test]
async fn error_and_cancelled_lines_are_listed_but_take_no_stop_and_count_in_no_total() {
    let app = TestApp::spawn().await;
    let mut s = app.master("rokin05").await;
    schedule(&app, &s.group);
    // 店番 000: the counter's placeholder, an error line at 締切.
    let mut placeholder = detail(1, "ﾛｳｷﾝ ﾀﾛｳ", 4_000);
    placeholder["branch_no"] = json!("000");
    let (st, b) = s
        .call(&app, "POST", "/api/v1/deduction/details", Some(placeholder))
        .await;
    assert_eq!(st, 201, "{b}");
    let (st, b) = s
        .call(
            &app,
            "POST",
            "/api/v1/deduction/details",
            Some(detail(2, "ｸﾐｱｲ ﾊﾅｺ", 5_000)),
        )
        .await;
    assert_eq!(st, 201, "{b}");
    let id = b["id"].as_str().expect("id").to_owned();
    later(&app, &mut s, (2024, 5, 11), None).await;
    close(&app, &s.group, YearMonth::new(2024, 5).expect("m")).await;
    // June is open: member 2 is 解除, and June's request data says so.
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("/api/v1/deduction/details/{id}/cancel"),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    later(&app, &mut s, (2024, 6, 11), None).await;
    close(&app, &s.group, YearMonth::new(2024, 6).expect("m")).await;
    let june = "/api/v1/deduction/cycles/monthly/2024-06";
    let (_, b) = s.call(&app, "GET", &format!("{june}/lines"), None).await;
    let items = b["items"].as_array().expect("items");
    let line = |emp: &str| {
        items
            .iter()
            .find(|l| l["employee_no"] == emp)
            .unwrap_or_else(|| panic!("{emp}: {b}"))
            .clone()
    };
    let (error, cancelled) = (line("0000001"), line("0000002"));
    assert_eq!(error["error"], "no_account");
    assert_eq!(error["error_label"], "口座なし");
    assert_eq!(
        (
            cancelled["movement"].as_str(),
            cancelled["amount"].as_i64(),
            cancelled["previous_amount"].as_i64()
        ),
        (Some("cancelled"), Some(0), Some(5_000))
    );
    assert_eq!(
        (
            b["totals"]["count"].as_i64(),
            b["totals"]["amount"].as_i64(),
            b["totals"]["error_count"].as_i64()
        ),
        (Some(0), Some(0), Some(1))
    );
    let (_, b) = s
        .call(&app, "GET", &format!("{june}/lines?list=stoppable"), None)
        .await;
    assert_eq!(b["total"], 0, "{b}");
    let (_, b) = s
        .call(&app, "GET", &format!("{june}/lines?list=errors"), None)
        .await;
    assert_eq!(b["total"], 1, "{b}");
    later(&app, &mut s, (2024, 6, 25), None).await;
    for l in [&error, &cancelled] {
        let (st, b) = s
            .call(
                &app,
                "PUT",
                &format!("{june}/lines/{}/stop", l["line_no"]),
                Some(json!({"reason": "leave"})),
            )
            .await;
        assert_eq!((st, code(&b)), (409, Some("E1016")), "{b}");
    }
    // The まとめ入金 excludes the error line and leaves the 解除 line out.
    let (_, b) = s.call(&app, "GET", &format!("{june}/lump"), None).await;
    assert_eq!(
        (
            b["totals"]["count"].as_i64(),
            b["totals"]["excluded_count"].as_i64(),
            b["totals"]["excluded_amount"].as_i64()
        ),
        (Some(0), Some(1), Some(4_000)),
        "{b}"
    );
    // The 企業宛 異動分 shows member 2 with 0, so payroll stops deducting.
    let (_, b) = s
        .call(
            &app,
            "GET",
            &format!("{june}/employer-request?scope=movements"),
            None,
        )
        .await;
    let rows = b["rows"].as_array().expect("rows");
    assert!(
        rows.iter()
            .any(|r| r["employee_no"] == "0000002" && r["total"] == 0),
        "{b}"
    );
    app.stop().await;
}

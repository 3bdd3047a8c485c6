//! 賃控元帳事務 over the API (`docs/ledger.md` §7): items and their use, lines with the 適用月 rule,
//! history and stale versions, 一括更新 previewed and applied, the exported file imported back
//! (dry run, apply, the same file twice, bad rows that change nothing), a cycle's run with its
//! lists, exports and results, the combined list; 閲覧のみ and 非表示 users, a group without
//! 賃控元帳, another contract's data never visible.

use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, full};

pub const LEDGER: &str = "/api/v1/ledger";
pub const JUNE: &str = "/api/v1/ledger/cycles/monthly/2024-06";

fn code(b: &Value) -> Option<&str> {
    b["code"].as_str()
}

/// An item form.
pub fn item(code: &str, name: &str, kind: &str, monthly: bool, bonus: bool) -> Value {
    json!({
        "item_code": code,
        "item_name": name,
        "display_order": code.parse::<i64>().unwrap_or(1) % 1000,
        "kind": kind,
        "monthly": monthly,
        "bonus": bonus
    })
}

/// A line form of item `item_code`; `no` makes the 職員番号.
pub fn line(no: u32, kana: &str, item_code: &str, monthly: i64) -> Value {
    json!({
        "employee_no": format!("{no:07}"),
        "kana_name": kana,
        "kanji_name": "労金　太郎",
        "item_code": item_code,
        "amount_monthly": monthly,
        "amount_summer": 0,
        "amount_year_end": 0,
        "start_month": "2024-04"
    })
}

/// The group's items: 101 組合費 (月例), 201 共済掛金 (月例・賞与), 301 労金積立 (労金, 月例).
pub async fn items(app: &TestApp, s: &Session) {
    for body in [
        item("101", "組合費", "union_dues", true, false),
        item("201", "共済掛金", "mutual_aid", true, true),
        item("301", "労金積立", "rokin", true, false),
    ] {
        let (st, b) = s
            .call(app, "POST", &format!("{LEDGER}/items"), Some(body))
            .await;
        assert_eq!(st, 201, "{b}");
    }
}

/// Adds a line; its JSON.
pub async fn add(app: &TestApp, s: &Session, body: Value) -> Value {
    let (st, b) = s
        .call(app, "POST", &format!("{LEDGER}/lines"), Some(body))
        .await;
    assert_eq!(st, 201, "{b}");
    b
}

/// A GET whose body is a file: status, content type, disposition and bytes.
pub async fn download(app: &TestApp, s: &Session, path: &str) -> (u16, String, String, Vec<u8>) {
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

/// A POST whose body is a file (`text/csv`); status and JSON.
pub async fn upload(app: &TestApp, s: &Session, path: &str, bytes: Vec<u8>) -> (u16, Value) {
    let mut res = s
        .client
        .post(app.url(path))
        .insert_header(("authorization", format!("Bearer {}", s.token)))
        .insert_header(("content-type", "text/csv"))
        .send_body(bytes)
        .await
        .expect("send");
    let status = res.status().as_u16();
    let bytes = res.body().limit(16 * 1024 * 1024).await.expect("body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

async fn get(app: &TestApp, s: &Session, path: &str) -> Value {
    let (st, b) = s.call(app, "GET", path, None).await;
    assert_eq!(st, 200, "{path}: {b}");
    b
}

#[actix_web::test]
async fn items_are_registered_changed_and_deleted_only_while_unused() {
    let app = TestApp::spawn().await;
    let s = app.master("ledger01").await;
    items(&app, &s).await;
    // The same code again: E1003 naming 種目コード.
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{LEDGER}/items"),
            Some(item("101", "別名", "other", true, false)),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1003")), "{b}");
    assert!(
        b["message"].as_str().unwrap_or("").contains("種目コード"),
        "{b}"
    );
    // Neither 月例 nor 賞与: E1033; a code of two digits: E1002.
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{LEDGER}/items"),
            Some(item("401", "互助会費", "other", false, false)),
        )
        .await;
    assert_eq!((st, code(&b)), (422, Some("E1033")), "{b}");
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{LEDGER}/items"),
            Some(item("41", "互助会費", "other", true, false)),
        )
        .await;
    assert_eq!((st, code(&b)), (422, Some("E1002")), "{b}");

    add(&app, &s, line(1, "ﾛｳｷﾝ ﾀﾛｳ", "201", 1_000)).await;
    let b = get(&app, &s, &format!("{LEDGER}/items")).await;
    let list = b["items"].as_array().expect("items");
    assert_eq!(list.len(), 3, "{b}");
    assert_eq!(list[0]["item_code"], "101");
    let kyosai = list.iter().find(|i| i["item_code"] == "201").expect("201");
    assert_eq!(
        (kyosai["used_by"].as_i64(), kyosai["kind_label"].as_str()),
        (Some(1), Some("共済"))
    );
    let id = kyosai["id"].as_str().expect("id").to_owned();
    let kumiai = list[0]["id"].as_str().expect("id").to_owned();

    // 変更 on the version read; 月例 off while a line has a 月例 amount: E1032.
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{LEDGER}/items/{id}"),
            Some(json!({"version": 1, "item": item("201", "共済会費", "mutual_aid", true, true)})),
        )
        .await;
    assert_eq!(
        (st, b["version"].as_i64(), b["item_name"].as_str()),
        (200, Some(2), Some("共済会費")),
        "{b}"
    );
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{LEDGER}/items/{id}"),
            Some(json!({"version": 1, "item": item("201", "共済", "mutual_aid", true, true)})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1010")), "{b}");
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{LEDGER}/items/{id}"),
            Some(json!({"version": 2, "item": item("201", "共済会費", "mutual_aid", false, true)})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1032")), "{b}");

    // 削除: refused while used (naming the count), stale, then done for an unused one.
    let (st, b) = s
        .call(
            &app,
            "DELETE",
            &format!("{LEDGER}/items/{id}?version=2"),
            None,
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1030")), "{b}");
    assert!(b["message"].as_str().unwrap_or("").contains("1件"), "{b}");
    let (st, b) = s
        .call(
            &app,
            "DELETE",
            &format!("{LEDGER}/items/{kumiai}?version=9"),
            None,
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1010")), "{b}");
    let (st, _) = s
        .call(
            &app,
            "DELETE",
            &format!("{LEDGER}/items/{kumiai}?version=1"),
            None,
        )
        .await;
    assert_eq!(st, 204);
    let (st, b) = s
        .call(
            &app,
            "DELETE",
            &format!("{LEDGER}/items/{kumiai}?version=1"),
            None,
        )
        .await;
    assert_eq!((st, code(&b)), (404, Some("E9404")), "{b}");
    let b = get(&app, &s, &format!("{LEDGER}/items")).await;
    assert_eq!(b["items"].as_array().map(Vec::len), Some(2));

    // Every change is in the operation log under 賃控元帳.
    let (_, log) = s
        .call(&app, "GET", "/api/v1/operation-log?limit=100", None)
        .await;
    let entries = log["entries"].as_array().expect("entries");
    for (action, result) in [
        ("賃控元帳種目登録", "success"),
        ("賃控元帳種目登録", "failure"),
        ("賃控元帳種目変更", "success"),
        ("賃控元帳種目削除", "failure"),
        ("賃控元帳種目削除", "success"),
    ] {
        assert!(
            entries.iter().any(|e| e["action"] == action
                && e["result"] == result
                && e["function"] == "ledger"
                && e["screen_id"] == "LR111201"),
            "{action} {result} not logged"
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn a_clerk_adds_searches_changes_and_cancels_lines_with_history() {
    let app = TestApp::spawn().await;
    let s = app.master("ledger02").await;
    items(&app, &s).await;
    // Full-width kana is converted to the bank's half-width set; 適用月 = 開始月.
    let b = add(&app, &s, line(1, "ロウキン　タロウ", "101", 2_000)).await;
    assert_eq!(b["kana_name"], "ﾛｳｷﾝ ﾀﾛｳ");
    assert_eq!(
        (
            b["version"].as_i64(),
            b["state"].as_str(),
            b["amounts_from"].as_str(),
            b["item_name"].as_str()
        ),
        (Some(1), Some("active"), Some("2024-04"), Some("組合費"))
    );
    let id = b["id"].as_str().expect("id").to_owned();
    add(&app, &s, line(2, "ｸﾐｱｲ ﾊﾅｺ", "101", 2_000)).await;
    let mut kyosai = line(1, "ﾛｳｷﾝ ﾀﾛｳ", "201", 1_500);
    kyosai["amount_summer"] = json!(10_000);
    add(&app, &s, kyosai).await;

    for (body, status, want) in [
        // The same 職員番号 and 種目 once more.
        (line(1, "ﾛｳｷﾝ ﾀﾛｳ", "101", 1), 409, "E1003"),
        // A 夏季 amount for a 月例-only item.
        (
            {
                let mut l = line(3, "ﾛｳｷﾝ", "101", 1);
                l["amount_summer"] = json!(1);
                l
            },
            422,
            "E1031",
        ),
        (line(3, "ﾛｳｷﾝ", "999", 1), 422, "E1041"),
        (line(3, "ﾛｳｷﾝ", "101", 0), 422, "E1019"),
        (line(3, "ﾛｳｷﾝ,ﾀﾛｳ", "101", 1), 422, "E1009"),
    ] {
        let (st, b) = s
            .call(&app, "POST", &format!("{LEDGER}/lines"), Some(body))
            .await;
        assert_eq!((st, code(&b)), (status, Some(want)), "{b}");
    }

    // Search: 職員番号, 種目, カナ prefix (full-width), paging, sort.
    let b = get(&app, &s, &format!("{LEDGER}/lines?employee_no=0000001")).await;
    assert_eq!(b["total"], 2);
    let b = get(
        &app,
        &s,
        &format!("{LEDGER}/lines?item_code=101&sort=employee_no&order=desc"),
    )
    .await;
    assert_eq!(
        (b["total"].as_i64(), b["items"][0]["employee_no"].as_str()),
        (Some(2), Some("0000002"))
    );
    let b = get(
        &app,
        &s,
        &format!("{LEDGER}/lines?kana_prefix=%E3%82%AF%E3%83%9F%E3%82%A2%E3%82%A4"),
    )
    .await;
    assert_eq!(b["total"], 1, "{b}");
    let b = get(&app, &s, &format!("{LEDGER}/lines?per_page=2&page=2")).await;
    assert_eq!(
        (b["total"].as_i64(), b["items"].as_array().map(Vec::len)),
        (Some(3), Some(1))
    );

    // 変更 of the amount from July: June keeps 2,000 (前回金額), the version moves on.
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{LEDGER}/lines/{id}"),
            Some(json!({"version": 1, "amounts_from": "2024-07", "line": line(1, "ﾛｳｷﾝ ﾀﾛｳ", "101", 2_500)})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(
        (
            b["version"].as_i64(),
            b["amount_monthly"].as_i64(),
            b["prior_monthly"].as_i64(),
            b["amounts_from"].as_str()
        ),
        (Some(2), Some(2_500), Some(2_000), Some("2024-07"))
    );
    // A new amount without 適用月: E1001; the version read before: E1010 (nothing changes).
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{LEDGER}/lines/{id}"),
            Some(json!({"version": 2, "line": line(1, "ﾛｳｷﾝ ﾀﾛｳ", "101", 3_000)})),
        )
        .await;
    assert_eq!((st, code(&b)), (422, Some("E1001")), "{b}");
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{LEDGER}/lines/{id}"),
            Some(json!({"version": 1, "amounts_from": "2024-08", "line": line(1, "ﾛｳｷﾝ ﾀﾛｳ", "101", 9)})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1010")), "{b}");
    let b = get(&app, &s, &format!("{LEDGER}/lines/{id}")).await;
    assert_eq!(b["amount_monthly"], 2_500);

    // 解除, then nothing more (E1012); a 解除 line is listed under state=cancelled.
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{LEDGER}/lines/{id}/cancel"),
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
            &format!("{LEDGER}/lines/{id}/cancel"),
            Some(json!({"version": 3})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1012")), "{b}");
    let b = get(&app, &s, &format!("{LEDGER}/lines?state=cancelled")).await;
    assert_eq!(b["total"], 1);
    let b = get(&app, &s, &format!("{LEDGER}/lines")).await;
    assert_eq!(b["total"], 2, "active by default");
    let b = get(&app, &s, &format!("{LEDGER}/lines?state=all")).await;
    assert_eq!(b["total"], 3);

    // The history: three versions newest first, with the screen, before → after and who.
    let b = get(&app, &s, &format!("{LEDGER}/history?line_id={id}")).await;
    assert_eq!(b["total"], 3, "{b}");
    let ops: Vec<&str> = b["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|h| h["operation"].as_str())
        .collect();
    assert_eq!(ops, ["cancel", "change", "add"]);
    let change = &b["items"][1];
    assert_eq!(
        (change["user_id"].as_str(), change["screen_id"].as_str()),
        (Some("ledger02"), Some("LR101201"))
    );
    let monthly = change["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["field"] == "amount_monthly")
        .expect("月例金額 changed");
    assert_eq!(
        (
            monthly["label"].as_str(),
            monthly["before"].as_str(),
            monthly["after"].as_str()
        ),
        (Some("月例金額"), Some("2000"), Some("2500"))
    );
    assert_eq!(b["items"][2]["screen_id"], "LR102101");
    let b = get(&app, &s, &format!("{LEDGER}/history?item_code=201")).await;
    assert_eq!(b["total"], 1);
    let b = get(&app, &s, &format!("{LEDGER}/history?from=2024-05-08")).await;
    assert_eq!(b["total"], 0);
    app.stop().await;
}

/// The body of a 一括更新: union dues +500 from July for everyone.
fn raise_dues(extra: Value) -> Value {
    let mut b = json!({
        "item_code": "101",
        "monthly": {"mode": "add", "value": 500},
        "amounts_from": "2024-07"
    });
    if let (Some(b), Some(extra)) = (b.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            b.insert(k.clone(), v.clone());
        }
    }
    b
}

#[actix_web::test]
async fn a_bulk_update_is_previewed_and_applied_all_or_nothing() {
    let app = TestApp::spawn().await;
    let s = app.master("ledger03").await;
    items(&app, &s).await;
    let mut ids = Vec::new();
    for no in 1..=4 {
        let b = add(&app, &s, line(no, "ﾛｳｷﾝ ﾀﾛｳ", "101", 2_000)).await;
        ids.push(b["id"].as_str().expect("id").to_owned());
    }
    add(&app, &s, line(9, "ﾛｳｷﾝ ﾀﾛｳ", "201", 1_000)).await;

    // Preview: the four lines of 101, before → after; nothing written.
    let (st, p) = s
        .call(
            &app,
            "POST",
            &format!("{LEDGER}/bulk/preview"),
            Some(raise_dues(json!({}))),
        )
        .await;
    assert_eq!(st, 200, "{p}");
    assert_eq!(
        (p["count"].as_i64(), p["problems"].as_array().map(Vec::len)),
        (Some(4), Some(0)),
        "{p}"
    );
    assert_eq!(
        (
            p["changes"][0]["before"]["monthly"].as_i64(),
            p["changes"][0]["after"]["monthly"].as_i64()
        ),
        (Some(2_000), Some(2_500))
    );
    let fingerprint = p["fingerprint"].as_str().expect("fingerprint").to_owned();
    let b = get(&app, &s, &format!("{LEDGER}/lines/{}", ids[0])).await;
    assert_eq!(b["amount_monthly"], 2_000);

    // A filter narrows it.
    let (_, f) = s
        .call(
            &app,
            "POST",
            &format!("{LEDGER}/bulk/preview"),
            Some(raise_dues(
                json!({"employee_no_from": "0000002", "employee_no_to": "0000003"}),
            )),
        )
        .await;
    assert_eq!(f["count"], 2, "{f}");

    // A line changed after the preview: E1040, nothing applied.
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{LEDGER}/lines/{}", ids[3]),
            Some(json!({"version": 1, "line": line(4, "ﾛｳｷﾝ ｼﾛｳ", "101", 2_000)})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let mut apply = json!({"request": raise_dues(json!({})), "fingerprint": fingerprint});
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{LEDGER}/bulk/apply"),
            Some(apply.clone()),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1040")), "{b}");
    let b = get(&app, &s, &format!("{LEDGER}/lines/{}", ids[0])).await;
    assert_eq!(b["amount_monthly"], 2_000);

    // Previewed again and applied: four lines from July, June keeps 2,000.
    let (_, p) = s
        .call(
            &app,
            "POST",
            &format!("{LEDGER}/bulk/preview"),
            Some(raise_dues(json!({}))),
        )
        .await;
    apply["fingerprint"] = p["fingerprint"].clone();
    let (st, b) = s
        .call(&app, "POST", &format!("{LEDGER}/bulk/apply"), Some(apply))
        .await;
    assert_eq!((st, b["changed"].as_i64()), (200, Some(4)), "{b}");
    let b = get(&app, &s, &format!("{LEDGER}/lines/{}", ids[0])).await;
    assert_eq!(
        (
            b["amount_monthly"].as_i64(),
            b["prior_monthly"].as_i64(),
            b["amounts_from"].as_str()
        ),
        (Some(2_500), Some(2_000), Some("2024-07"))
    );
    let b = get(&app, &s, &format!("{LEDGER}/history?line_id={}", ids[0])).await;
    assert_eq!(b["items"][0]["operation"], "bulk");
    assert_eq!(b["items"][0]["screen_id"], "LR108101");

    // Lowering by 3,000 takes every line below 0: listed, and apply is refused (E1039).
    let lower = json!({"item_code": "101", "monthly": {"mode": "add", "value": -3000}, "amounts_from": "2024-08"});
    let (_, p) = s
        .call(
            &app,
            "POST",
            &format!("{LEDGER}/bulk/preview"),
            Some(lower.clone()),
        )
        .await;
    assert_eq!(p["problems"].as_array().map(Vec::len), Some(4), "{p}");
    let apply = json!({"request": lower, "fingerprint": p["fingerprint"]});
    let (st, b) = s
        .call(&app, "POST", &format!("{LEDGER}/bulk/apply"), Some(apply))
        .await;
    assert_eq!((st, code(&b)), (422, Some("E1039")), "{b}");
    // Nothing selected: E1042; an unknown item: E1041.
    let none = raise_dues(json!({"kana_prefix": "ﾝ"}));
    let (_, p) = s
        .call(
            &app,
            "POST",
            &format!("{LEDGER}/bulk/preview"),
            Some(none.clone()),
        )
        .await;
    let none = json!({"request": none, "fingerprint": p["fingerprint"]});
    let (st, b) = s
        .call(&app, "POST", &format!("{LEDGER}/bulk/apply"), Some(none))
        .await;
    assert_eq!((st, code(&b)), (422, Some("E1042")), "{b}");
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{LEDGER}/bulk/preview"),
            Some(json!({"item_code": "999", "monthly": {"mode": "set", "value": 1}, "amounts_from": "2024-07"})),
        )
        .await;
    assert_eq!((st, code(&b)), (422, Some("E1041")), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn the_exported_file_imports_back_and_a_bad_file_changes_nothing() {
    let app = TestApp::spawn().await;
    let s = app.master("ledger04").await;
    items(&app, &s).await;
    for no in 1..=5 {
        add(&app, &s, line(no, "ﾛｳｷﾝ ﾀﾛｳ", "101", 2_000)).await;
    }
    let mut kyosai = line(1, "ﾛｳｷﾝ ﾀﾛｳ", "201", 1_000);
    kyosai["amount_year_end"] = json!(5_000);
    add(&app, &s, kyosai).await;
    let import = |mode: &str| format!("{LEDGER}/import?mode={mode}&amounts_from=2024-07");

    // CP932 by default, named for the group and the day.
    let (st, ct, cd, cp932) = download(&app, &s, &format!("{LEDGER}/lines.csv")).await;
    assert_eq!(st, 200);
    assert_eq!(ct, "text/csv; charset=Shift_JIS");
    assert!(cd.contains("attachment") && cd.contains(".csv"), "{cd}");
    // The same file back: every row unchanged, nothing written (both modes).
    for mode in ["check", "apply"] {
        let (st, b) = upload(&app, &s, &import(mode), cp932.clone()).await;
        assert_eq!(st, 200, "{b}");
        assert_eq!(
            (
                b["rows"].as_i64(),
                b["new"].as_i64(),
                b["changed"].as_i64(),
                b["unchanged"].as_i64()
            ),
            (Some(6), Some(0), Some(0), Some(6)),
            "{b}"
        );
        assert_eq!(b["encoding"], "cp932");
    }

    // UTF-8 with BOM, edited: one amount changed, one new member.
    let (_, ct, _, utf8) = download(&app, &s, &format!("{LEDGER}/lines.csv?encoding=utf8")).await;
    assert!(ct.contains("UTF-8") || ct.contains("utf-8"), "{ct}");
    let text = String::from_utf8(utf8).expect("utf-8");
    let text = text.trim_start_matches('\u{feff}');
    let mut rows: Vec<String> = text.lines().map(str::to_owned).collect();
    assert_eq!(
        rows[0],
        "職員番号,カナ氏名,漢字氏名,種目コード,種目名,月例金額,夏季金額,年末金額,開始月,終了月"
    );
    // Row 3 of the file is 0000002's 組合費 (0000001 has two items, in 表示順).
    assert!(rows[3].starts_with("0000002,"), "{}", rows[3]);
    rows[3] = rows[3].replacen(",2000,", ",2600,", 1);
    rows.push("0000006,ｸﾐｱｲ ﾊﾅｺ,組合　花子,101,組合費,2000,0,0,202407,".into());
    let edited = rows.join("\r\n") + "\r\n";
    let (st, b) = upload(&app, &s, &import("check"), edited.clone().into_bytes()).await;
    assert_eq!(
        (
            st,
            b["new"].as_i64(),
            b["changed"].as_i64(),
            b["unchanged"].as_i64()
        ),
        (200, Some(1), Some(1), Some(5)),
        "{b}"
    );
    let b = get(&app, &s, &format!("{LEDGER}/lines?item_code=101")).await;
    assert_eq!(b["total"], 5, "a dry run writes nothing");
    let (st, b) = upload(&app, &s, &import("apply"), edited.clone().into_bytes()).await;
    assert_eq!((st, b["applied"].as_bool()), (200, Some(true)), "{b}");
    let b = get(&app, &s, &format!("{LEDGER}/lines?item_code=101")).await;
    assert_eq!(b["total"], 6);
    let b = get(&app, &s, &format!("{LEDGER}/lines?employee_no=0000002")).await;
    assert_eq!(
        (
            b["items"][0]["amount_monthly"].as_i64(),
            b["items"][0]["amounts_from"].as_str()
        ),
        (Some(2_600), Some("2024-07")),
        "{b}"
    );
    let b = get(&app, &s, &format!("{LEDGER}/history?employee_no=0000002")).await;
    assert_eq!(
        (
            b["items"][0]["operation"].as_str(),
            b["items"][0]["screen_id"].as_str()
        ),
        (Some("import"), Some("LR110101"))
    );
    // The same file twice changes nothing.
    let (st, b) = upload(&app, &s, &import("apply"), edited.clone().into_bytes()).await;
    assert_eq!(
        (
            st,
            b["new"].as_i64(),
            b["changed"].as_i64(),
            b["unchanged"].as_i64()
        ),
        (200, Some(0), Some(0), Some(7)),
        "{b}"
    );

    // Three bad rows among good ones: every one named, nothing written, E1038 on apply.
    let mut bad: Vec<String> = edited.lines().map(str::to_owned).collect();
    bad[1] = bad[1].replacen(",2000,", ",12x,", 1);
    bad[3] = bad[3].replacen(",101,", ",999,", 1);
    bad.push("0000007,ｸﾐｱｲ ﾊﾅｺ,組合　花子,101,組合費,0,0,0,202407,".into());
    rows = bad;
    rows[4] = rows[4].replacen(",2000,", ",2100,", 1);
    let bad = rows.join("\r\n") + "\r\n";
    let (st, b) = upload(&app, &s, &import("check"), bad.clone().into_bytes()).await;
    assert_eq!(st, 200, "{b}");
    let lines: Vec<u64> = b["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|p| p["line"].as_u64())
        .collect();
    assert_eq!(lines, [2, 4, 9], "{b}");
    let (st, b) = upload(&app, &s, &import("apply"), bad.into_bytes()).await;
    assert_eq!((st, code(&b)), (422, Some("E1038")), "{b}");
    assert_eq!(
        b["details"]["problems"].as_array().map(Vec::len),
        Some(3),
        "{b}"
    );
    let b = get(&app, &s, &format!("{LEDGER}/lines?employee_no=0000003")).await;
    assert_eq!(
        b["items"][0]["amount_monthly"], 2_000,
        "the good row of a bad file is not written"
    );
    let b = get(&app, &s, &format!("{LEDGER}/lines?employee_no=0000007")).await;
    assert_eq!(b["total"], 0);

    // Not a ledger file at all: the header is named.
    let (st, b) = upload(&app, &s, &import("check"), b"a,b\r\n1,2\r\n".to_vec()).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["problems"][0]["line"], 1, "{b}");
    // A mode that is not one: 400.
    let (st, b) = upload(
        &app,
        &s,
        &format!("{LEDGER}/import?mode=maybe"),
        edited.into_bytes(),
    )
    .await;
    assert_eq!((st, code(&b)), (400, Some("E1000")), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn a_run_is_made_listed_exported_and_takes_results() {
    let app = TestApp::spawn().await;
    let s = app.master("ledger05").await;
    items(&app, &s).await;
    for (no, kana, code_, amount) in [
        (1, "ﾛｳｷﾝ ﾀﾛｳ", "101", 2_000),
        (1, "ﾛｳｷﾝ ﾀﾛｳ", "201", 1_500),
        (1, "ﾛｳｷﾝ ﾀﾛｳ", "301", 10_000),
        (2, "ｸﾐｱｲ ﾊﾅｺ", "101", 2_000),
    ] {
        add(&app, &s, line(no, kana, code_, amount)).await;
    }

    // The 確認リスト are live for any cycle, before a run exists.
    let b = get(&app, &s, &format!("{JUNE}/check/breakdown")).await;
    assert_eq!(
        (
            b["total"].as_i64(),
            b["totals"]["employees"].as_i64(),
            b["totals"]["amount"].as_i64()
        ),
        (Some(4), Some(2), Some(15_500)),
        "{b}"
    );
    let b = get(&app, &s, &format!("{JUNE}/check/items")).await;
    assert_eq!(b["items"].as_array().map(Vec::len), Some(3), "{b}");
    assert_eq!(
        (
            b["items"][0]["count"].as_i64(),
            b["items"][0]["amount"].as_i64()
        ),
        (Some(2), Some(4_000))
    );
    let b = get(&app, &s, &format!("{JUNE}/check/movements")).await;
    assert_eq!(
        b["movements"].as_array().map(Vec::len),
        Some(4),
        "every line 新規: {b}"
    );
    for list in ["breakdown", "items", "movements"] {
        let (st, ct, cd, bytes) = download(&app, &s, &format!("{JUNE}/check/{list}.pdf")).await;
        assert_eq!((st, ct.as_str()), (200, "application/pdf"), "{list}");
        assert!(bytes.starts_with(b"%PDF"), "{list}");
        assert!(cd.contains("attachment"), "{cd}");
    }

    // Before the run: E1034 for every run list.
    for path in [
        "lines",
        "request-list.pdf",
        "requests.csv",
        "mismatches",
        "combined",
    ] {
        let (st, b) = s.call(&app, "GET", &format!("{JUNE}/{path}"), None).await;
        assert_eq!((st, code(&b)), (409, Some("E1034")), "{path}: {b}");
    }
    // 作成: 4 lines; once more without replace: E1036; with it: made again.
    let (st, b) = s
        .call(&app, "POST", &format!("{JUNE}/run"), Some(json!({})))
        .await;
    assert_eq!(
        (st, b["line_count"].as_i64(), b["total"].as_i64()),
        (201, Some(4), Some(15_500)),
        "{b}"
    );
    let (st, b) = s
        .call(&app, "POST", &format!("{JUNE}/run"), Some(json!({})))
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1036")), "{b}");
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{JUNE}/run"),
            Some(json!({"replace": true})),
        )
        .await;
    assert_eq!(st, 201, "{b}");
    let version = b["version"].as_i64().expect("version");
    // A month nobody has: E1037.
    let (st, b) = s
        .call(
            &app,
            "POST",
            "/api/v1/ledger/cycles/monthly/2023-01/run",
            Some(json!({})),
        )
        .await;
    assert_eq!((st, code(&b)), (422, Some("E1037")), "{b}");
    let b = get(&app, &s, &format!("{LEDGER}/runs")).await;
    assert_eq!(b["runs"].as_array().map(Vec::len), Some(1));

    let b = get(&app, &s, &format!("{JUNE}/lines?per_page=3")).await;
    assert_eq!(
        (
            b["total"].as_i64(),
            b["items"].as_array().map(Vec::len),
            b["totals"]["amount"].as_i64()
        ),
        (Some(4), Some(3), Some(15_500)),
        "{b}"
    );
    assert_eq!(
        (
            b["items"][0]["employee_no"].as_str(),
            b["items"][0]["item_code"].as_str()
        ),
        (Some("0000001"), Some("101"))
    );
    let (st, ct, _, bytes) = download(&app, &s, &format!("{JUNE}/request-list.pdf")).await;
    assert_eq!((st, ct.as_str()), (200, "application/pdf"));
    assert!(bytes.starts_with(b"%PDF"));
    let (st, ct, cd, bytes) =
        download(&app, &s, &format!("{JUNE}/requests.csv?encoding=utf8")).await;
    assert_eq!(st, 200);
    assert!(ct.starts_with("text/csv"), "{ct}");
    assert!(cd.contains(".csv"), "{cd}");
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(
        text.trim_start_matches('\u{feff}')
            .starts_with("支給区分,控除年月,行番号,職員番号"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 5, "{text}");
    let b = get(&app, &s, &format!("{JUNE}/mismatches")).await;
    assert_eq!(
        b["rows"].as_array().map(Vec::len),
        Some(0),
        "no 労金控除 data: {b}"
    );
    let (st, ct, _, _) = download(&app, &s, &format!("{JUNE}/mismatch-list.pdf")).await;
    assert_eq!((st, ct.as_str()), (200, "application/pdf"));

    // Results on screen: line 1 不能 (退職); a stale version changes nothing (E1010); a bad
    // entry (不能 without a reason) refuses the whole request (E1038).
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{JUNE}/results"),
            Some(json!({"version": version, "results": [
                {"line_no": 1, "result": "failed", "result_reason": "retired"},
                {"line_no": 2, "result": "deducted"}
            ]})),
        )
        .await;
    assert_eq!((st, b["version"].as_i64()), (200, Some(version + 1)), "{b}");
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{JUNE}/results"),
            Some(json!({"version": version, "results": [{"line_no": 3, "result": "deducted"}]})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1010")), "{b}");
    let (st, b) = s
        .call(
            &app,
            "PUT",
            &format!("{JUNE}/results"),
            Some(json!({"version": version + 1, "results": [
                {"line_no": 3, "result": "deducted"},
                {"line_no": 4, "result": "failed"}
            ]})),
        )
        .await;
    assert_eq!((st, code(&b)), (422, Some("E1038")), "{b}");
    let b = get(&app, &s, &format!("{JUNE}/lines?list=failed")).await;
    assert_eq!(b["total"], 1, "{b}");
    assert_eq!(b["items"][0]["result_reason_label"], "退職");

    // Payroll's file: dry run, then applied.
    let file = "職員番号,種目コード,結果,不能理由,不能理由（その他）\r\n0000001,301,済,,\r\n0000002,101,不能,その他,育児休業\r\n";
    let (st, b) = upload(
        &app,
        &s,
        &format!("{JUNE}/results/import?mode=check"),
        file.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(
        (
            st,
            b["rows"].as_i64(),
            b["problems"].as_array().map(Vec::len)
        ),
        (200, Some(2), Some(0)),
        "{b}"
    );
    let b = get(&app, &s, &format!("{JUNE}/lines?list=failed")).await;
    assert_eq!(b["total"], 1, "a dry run writes nothing");
    let (st, b) = upload(
        &app,
        &s,
        &format!("{JUNE}/results/import?mode=apply"),
        file.as_bytes().to_vec(),
    )
    .await;
    assert_eq!((st, b["applied"].as_bool()), (200, Some(true)), "{b}");
    let b = get(&app, &s, &format!("{JUNE}/lines?list=all")).await;
    assert_eq!(
        (
            b["totals"]["deducted_count"].as_i64(),
            b["totals"]["failed_count"].as_i64(),
            b["totals"]["unrecorded_count"].as_i64()
        ),
        (Some(2), Some(2), Some(0)),
        "{b}"
    );
    let (st, b) = upload(
        &app,
        &s,
        &format!("{JUNE}/results/import?mode=apply"),
        "職員番号,種目コード,結果,不能理由,不能理由（その他）\r\n0000009,101,済,,\r\n"
            .as_bytes()
            .to_vec(),
    )
    .await;
    assert_eq!((st, code(&b)), (422, Some("E1038")), "{b}");
    for list in ["all", "failed"] {
        let (st, ct, _, bytes) =
            download(&app, &s, &format!("{JUNE}/results.pdf?list={list}")).await;
        assert_eq!((st, ct.as_str()), (200, "application/pdf"), "{list}");
        assert!(bytes.starts_with(b"%PDF"));
    }
    // Results are recorded: the run is not made again (E1035).
    let (st, b) = s
        .call(
            &app,
            "POST",
            &format!("{JUNE}/run"),
            Some(json!({"replace": true})),
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1035")), "{b}");

    // 労金控除賃控元帳依頼: no 労金控除 data for June, so the ledger's 労金 item stays in.
    let b = get(&app, &s, &format!("{JUNE}/combined")).await;
    assert_eq!(
        (
            b["deduction_data"].as_bool(),
            b["totals"]["employees"].as_i64(),
            b["totals"]["total"].as_i64()
        ),
        (Some(false), Some(2), Some(15_500)),
        "{b}"
    );
    assert_eq!(b["employees"][0]["total"], 13_500);
    let (st, ct, _, bytes) = download(&app, &s, &format!("{JUNE}/combined.csv")).await;
    assert_eq!((st, ct.as_str()), (200, "text/csv; charset=Shift_JIS"));
    assert!(!bytes.is_empty());
    let (st, ct, _, bytes) = download(&app, &s, &format!("{JUNE}/combined.pdf")).await;
    assert_eq!((st, ct.as_str()), (200, "application/pdf"));
    assert!(bytes.starts_with(b"%PDF"));

    // Every print and export is logged with its screen.
    let (_, log) = s
        .call(&app, "GET", "/api/v1/operation-log?limit=200", None)
        .await;
    let entries = log["entries"].as_array().expect("entries");
    for (screen, action) in [
        ("LR103101", "賃控元帳確認リスト出力"),
        ("LR105101", "賃控元帳控除依頼リスト出力"),
        ("LR105101", "賃控元帳控除依頼データ作成"),
        ("LR106101", "賃控元帳控除依頼データエクスポート"),
        ("LR107101", "賃控元帳結果リスト出力"),
        ("LR107101", "賃控元帳控除結果登録"),
        ("LR107101", "賃控元帳控除結果データ取込"),
        ("LR112101", "労金控除賃控元帳依頼リスト出力"),
        ("LR113101", "労金控除賃控元帳依頼データエクスポート"),
    ] {
        assert!(
            entries.iter().any(|e| e["screen_id"] == screen
                && e["action"] == action
                && e["function"] == "ledger"),
            "{screen} {action} not logged"
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn read_only_hidden_groups_without_the_ledger_and_others_are_kept_to_their_rights() {
    let app = TestApp::spawn().await;
    let (master, second) = app.master_of_two_groups("ledger06").await;
    let (st, b) = master
        .call(
            &app,
            "PUT",
            "/api/v1/session/payment-group",
            Some(json!({"number": master.group})),
        )
        .await;
    assert_eq!(st, 204, "{b}");
    let read_only = app
        .general(
            &master,
            "readonly2",
            json!({"rokin_deduction": "full", "ledger": "read_only", "collective_savings": "full"}),
        )
        .await;
    let hidden = app
        .general(
            &master,
            "hidden02",
            json!({"rokin_deduction": "full", "ledger": "hidden", "collective_savings": "full"}),
        )
        .await;
    let general_full = app.general(&master, "fulluser2", full()).await;
    // No group chosen yet: E2305.
    let (st, b) = read_only
        .call(&app, "GET", &format!("{LEDGER}/lines"), None)
        .await;
    assert_eq!((st, code(&b)), (403, Some("E2305")), "{b}");
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
    items(&app, &master).await;
    let b = add(&app, &master, line(1, "ﾛｳｷﾝ ﾀﾛｳ", "101", 2_000)).await;
    let id = b["id"].as_str().expect("id").to_owned();

    // 閲覧のみ: reads and prints, no change (E2303).
    get(&app, &read_only, &format!("{LEDGER}/lines/{id}")).await;
    let (st, _, _, _) = download(&app, &read_only, &format!("{JUNE}/check/breakdown.pdf")).await;
    assert_eq!(st, 200);
    for (method, path, body) in [
        (
            "POST",
            format!("{LEDGER}/lines"),
            Some(line(2, "ﾛｳｷﾝ", "101", 1)),
        ),
        (
            "POST",
            format!("{LEDGER}/lines/{id}/cancel"),
            Some(json!({"version": 1})),
        ),
        (
            "POST",
            format!("{LEDGER}/items"),
            Some(item("501", "互助会費", "other", true, false)),
        ),
        ("POST", format!("{JUNE}/run"), Some(json!({}))),
        (
            "POST",
            format!("{LEDGER}/bulk/preview"),
            Some(raise_dues(json!({}))),
        ),
    ] {
        let (st, b) = read_only.call(&app, method, &path, body).await;
        assert_eq!((st, code(&b)), (403, Some("E2303")), "{path}: {b}");
    }
    let (st, b) = upload(
        &app,
        &read_only,
        &format!("{LEDGER}/import?mode=check"),
        b"x".to_vec(),
    )
    .await;
    assert_eq!((st, code(&b)), (403, Some("E2303")), "{b}");
    // 非表示: nothing (E2302).
    for path in [
        format!("{LEDGER}/lines"),
        format!("{LEDGER}/items"),
        format!("{LEDGER}/history"),
    ] {
        let (st, b) = hidden.call(&app, "GET", &path, None).await;
        assert_eq!((st, code(&b)), (403, Some("E2302")), "{path}: {b}");
    }
    // A general user with 表示 changes.
    let (st, b) = general_full
        .call(
            &app,
            "POST",
            &format!("{LEDGER}/lines/{id}/cancel"),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!(st, 200, "{b}");

    // The second group has no 賃控元帳: E2302 whatever the user.
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
        .call(&app, "GET", &format!("{LEDGER}/lines"), None)
        .await;
    assert_eq!((st, code(&b)), (403, Some("E2302")), "{b}");

    // Another contract: none of the group's data.
    let other = app.master("other002").await;
    let b = get(&app, &other, &format!("{LEDGER}/lines?state=all")).await;
    assert_eq!(b["total"], 0);
    let b = get(&app, &other, &format!("{LEDGER}/items")).await;
    assert_eq!(b["items"].as_array().map(Vec::len), Some(0));
    let (st, b) = other
        .call(&app, "GET", &format!("{LEDGER}/lines/{id}"), None)
        .await;
    assert_eq!((st, code(&b)), (404, Some("E9404")), "{b}");
    let (st, b) = other
        .call(
            &app,
            "PUT",
            &format!("{LEDGER}/lines/{id}"),
            Some(json!({"version": 2, "line": line(1, "ﾛｳｷﾝ ﾀﾛｳ", "101", 1)})),
        )
        .await;
    assert_eq!((st, code(&b)), (404, Some("E9404")), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn every_ledger_operation_is_summarised_by_the_manuals_function_name() {
    const FUNCTIONS: [&str; 13] = [
        "賃控元帳明細照会",
        "賃控元帳明細新規登録",
        "賃控元帳確認リスト出力",
        "賃控元帳明細更新履歴照会",
        "賃控元帳控除依頼リスト出力",
        "賃控元帳控除依頼データエクスポート",
        "賃控元帳結果リスト出力",
        "賃控元帳明細一括更新",
        "賃控元帳明細データエクスポート",
        "賃控元帳明細データインポート",
        "賃控元帳種目情報照会",
        "労金控除賃控元帳依頼リスト出力",
        "労金控除賃控元帳依頼データエクスポート",
    ];
    let doc = serde_json::to_value(cjs_server::openapi::document()).expect("json");
    let mut seen = std::collections::BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if !path.starts_with("/api/v1/ledger/") {
            continue;
        }
        for (method, op) in item.as_object().expect("item") {
            let summary = op["summary"].as_str().unwrap_or("");
            let f = FUNCTIONS
                .iter()
                .find(|f| summary.starts_with(*f))
                .unwrap_or_else(|| panic!("{method} {path}: {summary:?}"));
            seen.insert(*f);
            assert_eq!(op["tags"][0], "ledger", "{method} {path}");
        }
    }
    assert_eq!(
        seen.len(),
        FUNCTIONS.len(),
        "every function has an operation: {seen:?}"
    );
}

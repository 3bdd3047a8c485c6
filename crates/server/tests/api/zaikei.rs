//! 財形貯蓄事務 over the API (`docs/zaikei.md` §7): the cycles the bank loads (through the
//! operator, as `cjs operator zaikei load` does) seen by the employer — the contracted documents
//! with their kept cycles, a cycle's lines paged, filtered and sorted with the totals per 財形種類,
//! a 預入依頼書's 変更明細 (and E1062 for the others), the PDFs and CSVs with their names, bytes and
//! operation-log entries; a purged or unknown 作成基準日 (E1060), a document never received
//! (E1063), a document the group has not contracted (E1061), a member contract (E2302), and
//! another employer's data never visible.

use chrono::NaiveDate;
use cjs_domain::ContractKind;
use cjs_domain::schedule::EmployerDocument;
use cjs_domain::zaikei::DocumentKind;
use cjs_server::operator::zaikei::parse_lines;
use cjs_store::zaikei::CycleKey;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, Session, TestApp};
use crate::ledger::download;

const ZAIKEI: &str = "/api/v1/zaikei";

fn code(b: &Value) -> Option<&str> {
    b["code"].as_str()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// The master of a new employer contract (one group with every 財形 service), logged in.
pub(crate) async fn employer(app: &TestApp, user_id: &str) -> Session {
    let (contract, group) = app.contract(ContractKind::Employer);
    app.register_master(&contract, user_id).await;
    let id = app
        .issue_certificate(user_id, PASSWORD)
        .await
        .expect("certificate");
    let token = app.login(&id, PASSWORD).await.expect("login");
    Session {
        user_id: user_id.to_owned(),
        contract,
        group,
        token,
        client: app.client_with(&id),
        id,
    }
}

/// Loads a cycle as the bank's file `rows` (without its header) would.
fn load(
    app: &TestApp,
    group: &str,
    document: EmployerDocument,
    base_date: NaiveDate,
    deposit_date: Option<NaiveDate>,
    rows: &[&str],
) {
    let kind = DocumentKind::of(document);
    let mut file = cjs_server::operator::zaikei::columns(kind).join(",");
    for r in rows {
        file.push('\n');
        file.push_str(r);
    }
    let lines = parse_lines(kind, file.as_bytes())
        .unwrap_or_else(|p| panic!("{} problems in {file}", p.len()));
    app.operator()
        .load_zaikei(
            &CycleKey {
                payment_group: group,
                document,
                base_date,
            },
            deposit_date,
            &lines,
            false,
        )
        .expect("load");
}

/// 預入依頼書（月例）: June and July 2024 (July against June), and an April and a May cycle
/// before them (April is beyond the three kept).
///
/// July: 0001 一般 10,000 + 500 (金額変更), 0001 住宅 20,000, 0002 一般 5,000 + 250 (口座変更),
/// 0003 住宅 30,000 + 1,000 (新規), 0005 一般 0 + 1,200 (新規); June's 0004 年金 is 解約.
pub(crate) fn deposits(app: &TestApp, group: &str) {
    let monthly = EmployerDocument::DepositMonthly;
    for (m, rows) in [
        (4, vec!["0001,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,一般,201,1000001,9000,0"]),
        (5, vec!["0001,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,一般,201,1000001,9500,0"]),
        (
            6,
            vec![
                "0001,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,一般,201,1000001,10000,400",
                "0001,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,住宅,201,1000002,20000,0",
                "0002,ﾀﾅｶ ﾊﾅｺ,田中　花子,一般,201,1000003,5000,250",
                "0004,ｻﾄｳ ｻﾌﾞﾛｳ,佐藤　三郎,年金,201,1000009,7000,0",
            ],
        ),
        (
            7,
            vec![
                "0001,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,一般,201,1000001,10000,500",
                "0001,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,住宅,201,1000002,20000,0",
                "0002,ﾀﾅｶ ﾊﾅｺ,田中　花子,一般,305,2000003,5000,250",
                "0003,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,住宅,305,2000001,30000,1000",
                "0005,ｺﾊﾞﾔｼ ｼﾞﾛｳ,,一般,201,1000006,0,1200",
            ],
        ),
    ] {
        load(
            app,
            group,
            monthly,
            d(2024, m, 16),
            Some(d(2024, m, 25)),
            &rows,
        );
    }
}

/// 加入者残高一覧表 of 2024-06-30: three balances, one of them above ten billion yen.
fn balances(app: &TestApp, group: &str) {
    load(
        app,
        group,
        EmployerDocument::Balance,
        d(2024, 6, 30),
        None,
        &[
            "0001,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,一般,201,1000001,1234567",
            "0001,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,年金,201,1000007,12345678901",
            "0002,ﾀﾅｶ ﾊﾅｺ,田中　花子,一般,201,1000003,987654",
        ],
    );
}

async fn get(app: &TestApp, s: &Session, path: &str) -> Value {
    let (st, b) = s.call(app, "GET", path, None).await;
    assert_eq!(st, 200, "{path}: {b}");
    b
}

fn lines_of(doc: &str, date: &str) -> String {
    format!("{ZAIKEI}/documents/{doc}/{date}/lines")
}

#[actix_web::test]
async fn documents_show_the_contracted_ones_with_their_kept_cycles_newest_first() {
    let app = TestApp::spawn().await;
    let s = employer(&app, "zaikei01").await;
    deposits(&app, &s.group);
    balances(&app, &s.group);

    let b = get(&app, &s, &format!("{ZAIKEI}/documents")).await;
    assert_eq!(b["payment_group"], s.group.as_str());
    let docs = b["documents"].as_array().expect("documents");
    let names: Vec<&str> = docs.iter().filter_map(|x| x["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "預入依頼書（月例）",
            "預入依頼書（夏季一時金）",
            "預入依頼書（年末一時金）",
            "加入者残高一覧表",
            "奨励金（月例）",
            "奨励金（一時金）"
        ]
    );
    let monthly = &docs[0];
    assert_eq!(
        (
            monthly["document"].as_str(),
            monthly["kind"].as_str(),
            monthly["has_changes"].as_bool()
        ),
        (Some("deposit_monthly"), Some("deposit"), Some(true))
    );
    assert_eq!(
        monthly["columns"],
        json!({"amount": "預入金額", "incentive": "奨励金", "deposit_total": "預入合計"})
    );
    // Four loaded, three kept (the purge has not run: April is hidden already), newest first.
    let cycles = monthly["cycles"].as_array().expect("cycles");
    let dates: Vec<&str> = cycles
        .iter()
        .filter_map(|c| c["base_date"].as_str())
        .collect();
    assert_eq!(dates, ["2024-07-16", "2024-06-16", "2024-05-16"]);
    assert_eq!(
        (
            cycles[0]["deposit_date"].as_str(),
            cycles[0]["previous_base_date"].as_str(),
            cycles[0]["lines"].as_i64()
        ),
        (Some("2024-07-25"), Some("2024-06-16"), Some(5))
    );
    let balance = &docs[3];
    assert_eq!(
        balance["columns"],
        json!({"amount": "残高", "incentive": null, "deposit_total": null})
    );
    assert_eq!(balance["has_changes"], false);
    assert_eq!(
        balance["cycles"][0],
        json!({
            "base_date": "2024-06-30",
            "deposit_date": null,
            "previous_base_date": null,
            "lines": 3,
            "loaded_at": balance["cycles"][0]["loaded_at"].clone()
        })
    );
    assert_eq!(docs[1]["cycles"], json!([]));

    // April is not kept, an unknown day neither: E1060 (404). A document never received: E1063.
    for date in ["2024-04-16", "2024-07-17"] {
        let (st, b) = s
            .call(&app, "GET", &lines_of("deposit_monthly", date), None)
            .await;
        assert_eq!((st, code(&b)), (404, Some("E1060")), "{date}: {b}");
    }
    let (st, b) = s
        .call(&app, "GET", &lines_of("deposit_summer", "2024-07-16"), None)
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1063")), "{b}");
    assert_eq!(
        b["message"].as_str(),
        Some("財形積立明細はまだ受信していません。")
    );
    // A malformed document or date: E1000.
    for path in [
        lines_of("ledger", "2024-07-16"),
        lines_of("deposit_monthly", "2024-13-01"),
        lines_of("deposit_monthly", "20240716"),
    ] {
        let (st, b) = s.call(&app, "GET", &path, None).await;
        assert_eq!((st, code(&b)), (400, Some("E1000")), "{path}: {b}");
    }

    // Once purged the cycle stays hidden, and the information screen's date is the newest.
    let purged = app
        .operator()
        .purge_zaikei(Some(&s.group), 3, false)
        .expect("purge");
    assert_eq!(purged.len(), 1);
    let (st, b) = s
        .call(
            &app,
            "GET",
            &lines_of("deposit_monthly", "2024-04-16"),
            None,
        )
        .await;
    assert_eq!((st, code(&b)), (404, Some("E1060")), "{b}");
    let b = get(&app, &s, &format!("{ZAIKEI}/documents")).await;
    assert_eq!(
        b["documents"][0]["cycles"].as_array().map(Vec::len),
        Some(3)
    );
    app.stop().await;
}

#[actix_web::test]
async fn lines_are_paged_filtered_and_sorted_with_the_totals_of_every_kind() {
    let app = TestApp::spawn().await;
    let s = employer(&app, "zaikei02").await;
    deposits(&app, &s.group);
    balances(&app, &s.group);
    let july = lines_of("deposit_monthly", "2024-07-16");

    let b = get(&app, &s, &format!("{july}?per_page=2&page=2")).await;
    assert_eq!(
        (
            b["total"].as_i64(),
            b["page"].as_u64(),
            b["per_page"].as_u64()
        ),
        (Some(5), Some(2), Some(2))
    );
    assert_eq!(
        (
            b["name"].as_str(),
            b["deposit_date"].as_str(),
            b["previous_base_date"].as_str()
        ),
        (
            Some("預入依頼書（月例）"),
            Some("2024-07-25"),
            Some("2024-06-16")
        )
    );
    let items = b["items"].as_array().expect("items");
    let nos: Vec<i64> = items.iter().filter_map(|l| l["line_no"].as_i64()).collect();
    assert_eq!(nos, [3, 4]);
    assert_eq!(
        items[1],
        json!({
            "line_no": 4, "employee_no": "0003", "kana_name": "ﾔﾏｻﾞｷ ﾐﾕｷ",
            "kanji_name": "山﨑　美由紀", "kind": "housing", "kind_label": "住宅",
            "branch_no": "305", "account_no": "2000001", "amount": 30000, "incentive": 1000,
            "deposit_total": 31000
        })
    );
    // The totals are the cycle's, per kind in the order 一般, 住宅, 年金 (0件 included).
    assert_eq!(
        b["totals"],
        json!({
            "per_kind": [
                {"kind": "general", "label": "一般", "count": 3, "amount": 15000, "incentive": 1950, "deposit_total": 16950},
                {"kind": "housing", "label": "住宅", "count": 2, "amount": 50000, "incentive": 1000, "deposit_total": 51000},
                {"kind": "pension", "label": "年金", "count": 0, "amount": 0, "incentive": 0, "deposit_total": 0}
            ],
            "total": {"count": 5, "amount": 65000, "incentive": 2950, "deposit_total": 67950}
        })
    );

    // Filters: 財形種類, 職員番号, カナ氏名 prefix (full-width kana is converted).
    let b = get(&app, &s, &format!("{july}?kind=housing")).await;
    let nos: Vec<i64> = b["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|l| l["line_no"].as_i64())
        .collect();
    assert_eq!((b["total"].as_i64(), nos), (Some(2), vec![2, 4]));
    assert_eq!(b["totals"]["total"]["count"], 5, "totals ignore the filter");
    let b = get(&app, &s, &format!("{july}?employee_no=0001")).await;
    assert_eq!(b["total"], 2);
    let b = get(
        &app,
        &s,
        &format!("{july}?kana_prefix=%E3%82%BF%E3%83%8A%E3%82%AB"),
    )
    .await;
    assert_eq!(
        (b["total"].as_i64(), b["items"][0]["employee_no"].as_str()),
        (Some(1), Some("0002"))
    );
    let (st, b) = s
        .call(
            &app,
            "GET",
            &format!("{july}?kana_prefix=%F0%9F%98%80"),
            None,
        )
        .await;
    assert_eq!((st, code(&b)), (422, Some("E1009")), "{b}");

    // Sorts: 金額 descending; 財形種類 (一般, 住宅, 年金) ascending, ties by 行番号.
    let b = get(&app, &s, &format!("{july}?sort=amount&order=desc")).await;
    let amounts: Vec<i64> = b["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|l| l["amount"].as_i64())
        .collect();
    assert_eq!(amounts, [30000, 20000, 10000, 5000, 0]);
    let b = get(&app, &s, &format!("{july}?sort=kind")).await;
    let nos: Vec<i64> = b["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|l| l["line_no"].as_i64())
        .collect();
    assert_eq!(nos, [1, 3, 5, 2, 4]);
    for bad in ["sort=updated_at", "kind=bonus", "page=x", "order=up"] {
        let (st, b) = s.call(&app, "GET", &format!("{july}?{bad}"), None).await;
        assert_eq!((st, code(&b)), (400, Some("E1000")), "{bad}: {b}");
    }

    // 加入者残高一覧表: one amount column, no 預入合計.
    let b = get(&app, &s, &lines_of("balance", "2024-06-30")).await;
    assert_eq!(b["columns"]["incentive"], Value::Null);
    assert_eq!(b["items"][1]["amount"], 12_345_678_901_i64);
    assert_eq!(b["items"][1]["deposit_total"], Value::Null);
    assert_eq!(
        b["totals"]["total"],
        json!({"count": 3, "amount": 12_347_901_122_i64, "incentive": 0, "deposit_total": null})
    );
    app.stop().await;
}

#[actix_web::test]
async fn a_deposit_cycle_lists_its_changes_and_the_other_documents_have_none() {
    let app = TestApp::spawn().await;
    let s = employer(&app, "zaikei03").await;
    deposits(&app, &s.group);
    balances(&app, &s.group);
    let changes = format!("{ZAIKEI}/documents/deposit_monthly/2024-07-16/changes");

    let b = get(&app, &s, &changes).await;
    assert_eq!(
        (b["total"].as_i64(), b["previous_base_date"].as_str()),
        (Some(5), Some("2024-06-16"))
    );
    let rows: Vec<(&str, &str, &str)> = b["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| {
            (
                c["change_kind"].as_str().unwrap_or(""),
                c["employee_no"].as_str().unwrap_or(""),
                c["kind"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("new", "0003", "housing"),
            ("new", "0005", "general"),
            ("account", "0002", "general"),
            ("amount", "0001", "general"),
            ("gone", "0004", "pension"),
        ]
    );
    assert_eq!(
        b["counts"],
        json!([
            {"change_kind": "new", "label": "新規", "count": 2},
            {"change_kind": "account", "label": "口座変更", "count": 1},
            {"change_kind": "amount", "label": "金額変更", "count": 1},
            {"change_kind": "gone", "label": "解約", "count": 1}
        ])
    );
    let items = b["items"].as_array().expect("items");
    assert_eq!(
        (
            items[0]["before_branch_no"].clone(),
            items[0]["after_amount"].clone()
        ),
        (Value::Null, json!(30000))
    );
    assert_eq!(
        (
            items[3]["before_incentive"].clone(),
            items[3]["after_incentive"].clone()
        ),
        (json!(400), json!(500))
    );
    assert_eq!(items[4]["after_account_no"], Value::Null);
    let b = get(&app, &s, &format!("{changes}?change_kind=new&per_page=1")).await;
    assert_eq!(
        (b["total"].as_i64(), b["items"].as_array().map(Vec::len)),
        (Some(2), Some(1))
    );
    assert_eq!(b["counts"][3]["count"], 1, "counts are the cycle's");

    // The oldest kept cycle was made against April, which is no longer shown.
    let b = get(
        &app,
        &s,
        &format!("{ZAIKEI}/documents/deposit_monthly/2024-05-16/changes"),
    )
    .await;
    assert_eq!(b["previous_base_date"], "2024-04-16");

    // 加入者残高一覧表 and 奨励金 have no 変更明細: E1062, for the screen, the PDF and the CSV.
    for path in [
        format!("{ZAIKEI}/documents/balance/2024-06-30/changes"),
        format!("{ZAIKEI}/documents/balance/2024-06-30/changes.pdf"),
        format!("{ZAIKEI}/documents/incentive_monthly/2024-06-30/changes.csv"),
    ] {
        let (st, b) = s.call(&app, "GET", &path, None).await;
        assert_eq!((st, code(&b)), (409, Some("E1062")), "{path}: {b}");
        assert_eq!(
            b["message"].as_str(),
            Some("財形積立変更明細書は預入依頼書のみ出力できます。")
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn statements_and_exports_are_named_files_and_every_one_is_logged() {
    let app = TestApp::spawn().await;
    let s = employer(&app, "zaikei04").await;
    deposits(&app, &s.group);
    balances(&app, &s.group);
    let cycle = format!("{ZAIKEI}/documents/deposit_monthly/2024-07-16");
    let group = s.group.clone();

    let (st, ct, cd, pdf) = download(&app, &s, &format!("{cycle}/statement.pdf")).await;
    assert_eq!((st, ct.as_str()), (200, "application/pdf"));
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    assert!(
        cd.contains(&format!(
            "filename=\"zaikei-statement-deposit-monthly-{group}-20240716.pdf\""
        )),
        "{cd}"
    );
    // 財形積立明細書（預入依頼書・月例）_{group}_20240716.pdf, percent-encoded.
    let utf8_name: String = format!("財形積立明細書（預入依頼書・月例）_{group}_20240716.pdf")
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    assert!(
        cd.contains(&format!("filename*=UTF-8''{utf8_name}")),
        "{cd}"
    );

    let (st, ct, _, pdf) = download(&app, &s, &format!("{cycle}/changes.pdf")).await;
    assert_eq!(
        (st, ct.as_str(), pdf.starts_with(b"%PDF-")),
        (200, "application/pdf", true)
    );
    let (st, _, _, pdf) = download(
        &app,
        &s,
        &format!("{ZAIKEI}/documents/balance/2024-06-30/statement.pdf"),
    )
    .await;
    assert_eq!((st, pdf.starts_with(b"%PDF-")), (200, true));

    // CSV: CP932 unless asked for UTF-8 (with BOM); the 預入依頼書 layout with its 入金予定日.
    let (st, ct, cd, csv) = download(&app, &s, &format!("{cycle}/statement.csv")).await;
    assert_eq!((st, ct.as_str()), (200, "text/csv; charset=Shift_JIS"));
    // 帳票,作成基準日 in CP932.
    assert!(
        csv.starts_with(&[
            0x92, 0xA0, 0x95, 0x5B, 0x2C, 0x8D, 0xEC, 0x90, 0xAC, 0x8A, 0xEE, 0x8F, 0x80, 0x93,
            0xFA
        ]),
        "{csv:02X?}"
    );
    assert!(cd.contains("zaikei-statement-deposit-monthly-"), "{cd}");
    let (st, ct, _, csv) =
        download(&app, &s, &format!("{cycle}/statement.csv?encoding=utf8")).await;
    assert_eq!((st, ct.as_str()), (200, "text/csv; charset=utf-8"));
    let text = String::from_utf8(csv).expect("utf-8");
    let rows: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(
        rows[..3],
        [
            "帳票,作成基準日,入金予定日,行番号,職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,預入金額,奨励金",
            "預入依頼書（月例）,20240716,20240725,1,0001,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,一般,201,1000001,10000,500",
            "預入依頼書（月例）,20240716,20240725,2,0001,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,住宅,201,1000002,20000,0",
        ]
    );
    assert_eq!(rows.len(), 1 + 5 + 1, "header, five lines, the final CRLF");
    assert_eq!(
        rows[5],
        "預入依頼書（月例）,20240716,20240725,5,0005,ｺﾊﾞﾔｼ ｼﾞﾛｳ,,一般,201,1000006,0,1200"
    );

    let (_, _, _, csv) = download(
        &app,
        &s,
        &format!("{ZAIKEI}/documents/balance/2024-06-30/statement.csv?encoding=utf8"),
    )
    .await;
    let text = String::from_utf8(csv).expect("utf-8");
    assert!(
        text.starts_with("\u{feff}帳票,作成基準日,行番号,職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,残高\r\n加入者残高一覧表,20240630,1,0001,"),
        "{text}"
    );

    let (st, _, cd, csv) = download(&app, &s, &format!("{cycle}/changes.csv?encoding=utf8")).await;
    assert_eq!(st, 200);
    assert!(cd.contains("zaikei-changes-deposit-monthly-"), "{cd}");
    let text = String::from_utf8(csv).expect("utf-8");
    let rows: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(
        rows[..2],
        [
            "帳票,作成基準日,比較対象作成基準日,行番号,変更区分,職員番号,カナ氏名,漢字氏名,財形種類,変更前店番,変更前口座番号,変更前預入金額,変更前奨励金,変更後店番,変更後口座番号,変更後預入金額,変更後奨励金",
            "預入依頼書（月例）,20240716,20240616,1,新規,0003,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,住宅,,,,,305,2000001,30000,1000",
        ]
    );
    assert_eq!(
        rows[5],
        "預入依頼書（月例）,20240716,20240616,5,解約,0004,ｻﾄｳ ｻﾌﾞﾛｳ,佐藤　三郎,年金,201,1000009,7000,0,,,,"
    );

    // A purged or unknown 作成基準日 is refused, and logged as a failure.
    let (st, b) = s
        .call(
            &app,
            "GET",
            &format!("{ZAIKEI}/documents/deposit_monthly/2024-04-16/statement.pdf"),
            None,
        )
        .await;
    assert_eq!((st, code(&b)), (404, Some("E1060")), "{b}");

    let (_, log) = s
        .call(&app, "GET", "/api/v1/operation-log?limit=100", None)
        .await;
    let entries = log["entries"].as_array().expect("entries");
    let target = format!("{group}/deposit_monthly/2024-07-16");
    for (screen, action, n) in [
        ("ZK102101", "財形積立明細書出力", 2),
        ("ZK103101", "財形積立明細データエクスポート", 3),
    ] {
        let found = entries
            .iter()
            .filter(|e| {
                e["screen_id"] == screen
                    && e["action"] == action
                    && e["function"] == "zaikei"
                    && e["target"] == target.as_str()
                    && e["result"] == "success"
            })
            .count();
        assert_eq!(found, n, "{screen} {action}: {log}");
    }
    assert!(
        entries.iter().any(
            |e| e["target"] == format!("{group}/balance/2024-06-30").as_str()
                && e["detail"] == "財形積立明細書（加入者残高一覧表） 3 件"
        ),
        "{log}"
    );
    assert!(
        entries.iter().any(|e| e["target"]
            == format!("{group}/deposit_monthly/2024-04-16").as_str()
            && e["result"] == "failure"),
        "{log}"
    );
    app.stop().await;
}

#[actix_web::test]
async fn an_uncontracted_document_a_member_contract_and_another_employer_see_nothing() {
    let app = TestApp::spawn().await;
    let s = employer(&app, "zaikei05").await;
    deposits(&app, &s.group);
    balances(&app, &s.group);

    // A second group of the same employer with only 預入依頼書.
    let branch = format!("{:08}", s.group.parse::<u32>().expect("number") ^ 0x5a5a);
    app.operator()
        .add_payment_group(
            &s.contract,
            &branch,
            "支店",
            "ｼﾃﾝ",
            &[
                cjs_domain::Service::Zaikei,
                cjs_domain::Service::ZaikeiDeposit,
            ],
        )
        .expect("group");
    let (st, _) = s
        .call(
            &app,
            "PUT",
            "/api/v1/session/payment-group",
            Some(json!({"number": branch})),
        )
        .await;
    assert_eq!(st, 204);
    let b = get(&app, &s, &format!("{ZAIKEI}/documents")).await;
    let docs: Vec<&str> = b["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|x| x["document"].as_str())
        .collect();
    assert_eq!(
        docs,
        ["deposit_monthly", "deposit_summer", "deposit_year_end"]
    );
    // Nothing of the first group shows in the second.
    assert_eq!(b["documents"][0]["cycles"], json!([]));
    for path in [
        lines_of("balance", "2024-06-30"),
        format!("{ZAIKEI}/documents/balance/2024-06-30/statement.pdf"),
        format!("{ZAIKEI}/documents/incentive_bonus/2024-06-30/statement.csv"),
    ] {
        let (st, b) = s.call(&app, "GET", &path, None).await;
        assert_eq!((st, code(&b)), (403, Some("E1061")), "{path}: {b}");
        assert_eq!(b["message"].as_str(), Some("ご契約のない帳票です。"));
    }
    let (st, b) = s
        .call(
            &app,
            "GET",
            &lines_of("deposit_monthly", "2024-07-16"),
            None,
        )
        .await;
    assert_eq!((st, code(&b)), (409, Some("E1063")), "{b}");

    // Another employer: its own (empty) documents, never the first one's cycles.
    let other = employer(&app, "zaikei06").await;
    let b = get(&app, &other, &format!("{ZAIKEI}/documents")).await;
    assert!(
        b["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .all(|x| x["cycles"] == json!([])),
        "{b}"
    );
    for path in [
        lines_of("deposit_monthly", "2024-07-16"),
        format!("{ZAIKEI}/documents/deposit_monthly/2024-07-16/changes"),
        format!("{ZAIKEI}/documents/deposit_monthly/2024-07-16/statement.pdf"),
    ] {
        let (st, b) = other.call(&app, "GET", &path, None).await;
        assert_eq!((st, code(&b)), (409, Some("E1063")), "{path}: {b}");
    }

    // A member contract has no 財形: E2302 for every operation.
    let member = app.master("kumiai01").await;
    for path in [
        format!("{ZAIKEI}/documents"),
        lines_of("deposit_monthly", "2024-07-16"),
        format!("{ZAIKEI}/documents/deposit_monthly/2024-07-16/changes.csv"),
    ] {
        let (st, b) = member.call(&app, "GET", &path, None).await;
        assert_eq!((st, code(&b)), (403, Some("E2302")), "{path}: {b}");
    }
    app.stop().await;
}

//! 一斉積立事務 over the API (`docs/collective.md` §7): the runs the bank sent (loaded through the
//! operator, as `cjs operator collective load` does), one run's lines searched, sorted and paged,
//! its 変更明細 against the run before with the totals of every 変更区分, the two lists and the
//! two files with their operation-log entries; E1050 / E1051 / E1052; 非表示 users, a group
//! without 一斉積立 and another contract's master kept out of the group's runs.

use chrono::NaiveDate;
use cjs_domain::collective::{Line, RunHeader, RunName, RunNo};
use cjs_domain::deduction::{AccountNo, BranchNo, EmployeeNo, KanjiName};
use cjs_domain::kana::KanaName;
use cjs_domain::schedule::RunKind;
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, full};
use crate::ledger::download;

pub const RUNS: &str = "/api/v1/collective/runs";

fn code(b: &Value) -> Option<&str> {
    b["code"].as_str()
}

fn line(no: &str, kana: &str, kanji: &str, (branch, account): (&str, &str), amount: i64) -> Line {
    Line {
        employee_no: EmployeeNo::parse(no).expect("employee no"),
        kana_name: KanaName::parse(kana).expect("kana"),
        kanji_name: (!kanji.is_empty()).then(|| KanjiName::parse(kanji).expect("kanji")),
        branch_no: BranchNo::parse(branch).expect("branch"),
        account_no: AccountNo::parse(account).expect("account"),
        amount,
    }
}

fn header(no: i64, name: &str, (y, m, d): (i32, u32, u32), kind: RunKind) -> RunHeader {
    RunHeader {
        run_no: RunNo::new(no).expect("no"),
        name: RunName::parse(name).expect("name"),
        received_on: NaiveDate::from_ymd_opt(y, m, d).expect("date"),
        kind,
    }
}

/// Run 013 サンプル0 (2012-09-14, 定例): five members, 37,000 yen.
fn run_13() -> Vec<Line> {
    vec![
        line(
            "00123",
            "ﾛｳｷﾝ ﾀﾛｳ",
            "労金　太郎",
            ("123", "1234567"),
            10_000,
        ),
        line("00200", "ﾀﾅｶ ﾊﾅｺ", "田中　花子", ("123", "2345678"), 4_000),
        line(
            "00300",
            "ﾔﾏｻﾞｷ ﾐﾕｷ",
            "山﨑　美由紀",
            ("456", "3456780"),
            12_000,
        ),
        line("00400", "ｽｽﾞｷ ｲﾁﾛｳ", "＝鈴木", ("123", "4567890"), 3_000),
        line("00500", "ｺﾊﾞﾔｼ ｹﾝｼﾞ", "小林　健二", ("123", "7654321"), 8_000),
    ]
}

/// Run 014 サンプル1 (2012-10-14, 臨時作成): 00200 金額変更, 00300 口座変更, 00500 解約, 00600
/// 新規; five members, 50,000 yen.
fn run_14() -> Vec<Line> {
    vec![
        line("00600", "ｻﾄｳ ｼﾞﾛｳ", "", ("789", "5678901"), 20_000),
        line(
            "00123",
            "ﾛｳｷﾝ ﾀﾛｳ",
            "労金　太郎",
            ("123", "1234567"),
            10_000,
        ),
        line("00200", "ﾀﾅｶ ﾊﾅｺ", "田中　花子", ("123", "2345678"), 5_000),
        line(
            "00300",
            "ﾔﾏｻﾞｷ ﾐﾕｷ",
            "山﨑　美由紀",
            ("456", "3456789"),
            12_000,
        ),
        line("00400", "ｽｽﾞｷ ｲﾁﾛｳ", "＝鈴木", ("123", "4567890"), 3_000),
    ]
}

/// The group gets runs 013 and 014 (with lines) and 015 (受信情報のみ, the information
/// screen's command: no lines).
pub fn load_runs(app: &TestApp, group: &str) {
    let mut op = app.operator();
    op.load_collective(
        group,
        &header(13, "サンプル0", (2012, 9, 14), RunKind::Regular),
        &run_13(),
        false,
    )
    .expect("run 013");
    op.load_collective(
        group,
        &header(14, "サンプル1", (2012, 10, 14), RunKind::AdHoc),
        &run_14(),
        false,
    )
    .expect("run 014");
    op.add_run(
        group,
        15,
        "サンプル2",
        NaiveDate::from_ymd_opt(2012, 11, 14).expect("date"),
        RunKind::Regular,
    )
    .expect("run 015");
}

async fn get(app: &TestApp, s: &Session, path: &str) -> Value {
    let (st, b) = s.call(app, "GET", path, None).await;
    assert_eq!(st, 200, "{path}: {b}");
    b
}

fn employee_nos(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["employee_no"].as_str().expect("employee_no").to_owned())
        .collect()
}

#[actix_web::test]
async fn runs_lines_and_changes_read_as_the_bank_sent_them() {
    let app = TestApp::spawn().await;
    let s = app.master("coll01").await;

    // Nothing received yet: the list is empty, a run's lines are E1050.
    let b = get(&app, &s, RUNS).await;
    assert_eq!(b["runs"], json!([]));
    for path in [
        format!("{RUNS}/14/lines"),
        format!("{RUNS}/14/changes"),
        format!("{RUNS}/14/lines.pdf"),
        format!("{RUNS}/14/changes.csv"),
    ] {
        let (st, b) = s.call(&app, "GET", &path, None).await;
        assert_eq!((st, code(&b)), (409, Some("E1050")), "{path}: {b}");
        assert_eq!(b["message"], "一斉積立データはまだ受信していません。");
    }

    load_runs(&app, &s.group);

    // Newest first, with 件数 / 合計 summed by the database; a header-only run has none.
    let b = get(&app, &s, RUNS).await;
    let runs = b["runs"].as_array().expect("runs");
    let got: Vec<(i64, &str, &str, i64, i64, Value)> = runs
        .iter()
        .map(|r| {
            (
                r["run_no"].as_i64().unwrap_or(0),
                r["run_no_label"].as_str().unwrap_or(""),
                r["origin"].as_str().unwrap_or(""),
                r["count"].as_i64().unwrap_or(-1),
                r["amount"].as_i64().unwrap_or(-1),
                r["previous_run_no"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (15, "015", "header", 0, 0, Value::Null),
            (14, "014", "file", 5, 50_000, json!(13)),
            (13, "013", "file", 5, 37_000, Value::Null),
        ]
    );
    assert_eq!(runs[1]["title"], "014 サンプル1");
    assert_eq!(runs[1]["received_on"], "2012-10-14");
    assert_eq!(
        (&runs[1]["kind"], &runs[1]["kind_label"]),
        (&json!("ad_hoc"), &json!("臨時作成"))
    );

    // Lines: 行番号 order (職員番号 order as loaded), the run's totals whatever the page.
    let b = get(&app, &s, &format!("{RUNS}/14/lines")).await;
    assert_eq!(
        employee_nos(&b),
        ["00123", "00200", "00300", "00400", "00600"]
    );
    assert_eq!(
        (
            b["total"].as_i64(),
            b["page"].as_i64(),
            b["per_page"].as_i64()
        ),
        (Some(5), Some(1), Some(50))
    );
    assert_eq!(b["totals"], json!({"count": 5, "amount": 50_000}));
    assert_eq!(b["run"]["run_no"], 14);
    assert_eq!(
        b["items"][4],
        json!({"line_no": 5, "employee_no": "00600", "kana_name": "ｻﾄｳ ｼﾞﾛｳ", "kanji_name": null,
               "branch_no": "789", "account_no": "5678901", "amount": 20_000})
    );
    let b = get(&app, &s, &format!("{RUNS}/014/lines?per_page=2&page=2")).await;
    assert_eq!(employee_nos(&b), ["00300", "00400"]);
    assert_eq!(
        (b["total"].as_i64(), b["totals"]["count"].as_i64()),
        (Some(5), Some(5))
    );
    let b = get(&app, &s, &format!("{RUNS}/14/lines?sort=amount&order=desc")).await;
    assert_eq!(
        employee_nos(&b),
        ["00600", "00300", "00123", "00200", "00400"]
    );
    let b = get(&app, &s, &format!("{RUNS}/14/lines?sort=kana_name")).await;
    assert_eq!(
        employee_nos(&b),
        ["00600", "00400", "00200", "00300", "00123"]
    );
    // カナ氏名 prefix (hiragana converted to the bank's kana), 職員番号, 店番.
    for (query, want) in [
        ("kana_prefix=%E3%81%9F%E3%81%AA%E3%81%8B", vec!["00200"]),
        ("kana_prefix=%EF%BE%9B%EF%BD%B3", vec!["00123"]),
        ("employee_no=00300", vec!["00300"]),
        ("branch_no=123", vec!["00123", "00200", "00400"]),
        ("branch_no=123&employee_no=00600", vec![]),
    ] {
        let b = get(&app, &s, &format!("{RUNS}/14/lines?{query}")).await;
        assert_eq!(employee_nos(&b), want, "{query}");
        assert_eq!(b["totals"]["amount"], 50_000, "{query}");
    }

    // 変更明細: 変更区分 order, every 区分 counted, 前回 / 今回 / 差額.
    let b = get(&app, &s, &format!("{RUNS}/14/changes")).await;
    assert_eq!(employee_nos(&b), ["00600", "00300", "00200", "00500"]);
    let kinds: Vec<&str> = b["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["kind_label"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["新規", "口座変更", "金額変更", "解約"]);
    assert_eq!(b["previous_run"]["run_no"], 13);
    assert_eq!(b["previous_run"]["amount"], 37_000);
    assert_eq!(
        b["totals"],
        json!({
            "per_kind": [
                {"kind": "new", "label": "新規", "count": 1},
                {"kind": "account", "label": "口座変更", "count": 1},
                {"kind": "amount", "label": "金額変更", "count": 1},
                {"kind": "gone", "label": "解約", "count": 1}
            ],
            "previous": {"count": 5, "amount": 37_000},
            "current": {"count": 5, "amount": 50_000},
            "difference": 13_000
        })
    );
    let b = get(&app, &s, &format!("{RUNS}/14/changes?kind=gone")).await;
    assert_eq!(b["total"], 1);
    assert_eq!(
        b["items"][0],
        json!({"change_no": 4, "kind": "gone", "kind_label": "解約", "employee_no": "00500",
               "kana_name": "ｺﾊﾞﾔｼ ｹﾝｼﾞ", "kanji_name": "小林　健二",
               "before_branch_no": "123", "before_account_no": "7654321", "before_amount": 8_000,
               "after_branch_no": null, "after_account_no": null, "after_amount": null})
    );
    assert_eq!(
        b["totals"]["per_kind"][0]["count"], 1,
        "the totals cover every 区分"
    );
    let b = get(&app, &s, &format!("{RUNS}/14/changes?kind=amount")).await;
    assert_eq!(
        (
            &b["items"][0]["before_amount"],
            &b["items"][0]["after_amount"]
        ),
        (&json!(4_000), &json!(5_000))
    );
    // The first run: every member 新規, nothing to compare with.
    let b = get(&app, &s, &format!("{RUNS}/13/changes?per_page=2")).await;
    assert_eq!(
        (b["total"].as_i64(), b["items"].as_array().map(Vec::len)),
        (Some(5), Some(2))
    );
    assert_eq!(b["previous_run"], Value::Null);
    assert_eq!(b["totals"]["previous"], json!({"count": 0, "amount": 0}));
    assert_eq!(b["totals"]["difference"], 37_000);

    // Refusals: not a run of the group (E1051), no lines (E1052), a malformed 番号 or query.
    let (st, b) = s.call(&app, "GET", &format!("{RUNS}/99/lines"), None).await;
    assert_eq!((st, code(&b)), (404, Some("E1051")), "{b}");
    assert_eq!(
        b["message"],
        "指定された一斉積立データ（番号099）はありません。"
    );
    for path in [
        format!("{RUNS}/15/lines"),
        format!("{RUNS}/15/changes"),
        format!("{RUNS}/15/lines.pdf"),
        format!("{RUNS}/15/changes.pdf"),
        format!("{RUNS}/15/lines.csv"),
        format!("{RUNS}/15/changes.csv"),
    ] {
        let (st, b) = s.call(&app, "GET", &path, None).await;
        assert_eq!((st, code(&b)), (409, Some("E1052")), "{path}: {b}");
    }
    for path in [
        format!("{RUNS}/0/lines"),
        format!("{RUNS}/1000/lines"),
        format!("{RUNS}/abc/changes"),
        format!("{RUNS}/-1/lines.pdf"),
        format!("{RUNS}/14/lines?sort=kanji_name"),
        format!("{RUNS}/14/lines?order=up"),
        format!("{RUNS}/14/lines?page=-1"),
        format!("{RUNS}/14/changes?kind=moved"),
        format!("{RUNS}/14/lines.csv?encoding=latin1"),
    ] {
        let (st, b) = s.call(&app, "GET", &path, None).await;
        assert_eq!((st, code(&b)), (400, Some("E1000")), "{path}: {b}");
    }
    let (st, b) = s
        .call(
            &app,
            "GET",
            &format!("{RUNS}/14/lines?kana_prefix=%E6%BC%A2"),
            None,
        )
        .await;
    assert_eq!((st, code(&b)), (422, Some("E1009")), "{b}");
    app.stop().await;
}

#[actix_web::test]
async fn the_lists_and_files_are_made_from_the_run_and_logged() {
    let app = TestApp::spawn().await;
    let s = app.master("coll02").await;
    load_runs(&app, &s.group);
    let group = &s.group;

    for (path, ascii) in [
        ("14/lines.pdf", "collective-line-list"),
        ("14/changes.pdf", "collective-change-list"),
        ("13/changes.pdf", "collective-change-list"),
    ] {
        let (st, ct, cd, bytes) = download(&app, &s, &format!("{RUNS}/{path}")).await;
        assert_eq!((st, ct.as_str()), (200, "application/pdf"), "{path}");
        assert!(bytes.starts_with(b"%PDF"), "{path}");
        let no = &path[..2];
        assert!(
            cd.contains(&format!("filename=\"{ascii}-{group}-0{no}.pdf\"")),
            "{path}: {cd}"
        );
    }
    let (_, _, cd, _) = download(&app, &s, &format!("{RUNS}/14/lines.pdf")).await;
    let title = percent_encoding::utf8_percent_encode(
        &format!("一斉積立内訳明細表_{group}_014.pdf"),
        percent_encoding::NON_ALPHANUMERIC,
    )
    .to_string();
    assert!(cd.contains(&title), "{cd}");

    // 内訳明細データ: CP932 unless asked for UTF-8 (with a BOM); the header row, then one row
    // per line in 行番号 order, a formula-like name neutralised.
    let lines_text = "番号,名称,受信日,作成区分,行番号,職員番号,カナ氏名,漢字氏名,店番,口座番号,積立金額\r\n\
014,サンプル1,20121014,臨時作成,1,00123,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,123,1234567,10000\r\n\
014,サンプル1,20121014,臨時作成,2,00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,123,2345678,5000\r\n\
014,サンプル1,20121014,臨時作成,3,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,456,3456789,12000\r\n\
014,サンプル1,20121014,臨時作成,4,00400,ｽｽﾞｷ ｲﾁﾛｳ,'＝鈴木,123,4567890,3000\r\n\
014,サンプル1,20121014,臨時作成,5,00600,ｻﾄｳ ｼﾞﾛｳ,,789,5678901,20000\r\n";
    let (st, ct, cd, bytes) = download(&app, &s, &format!("{RUNS}/14/lines.csv")).await;
    assert_eq!((st, ct.as_str()), (200, "text/csv; charset=Shift_JIS"));
    assert!(
        cd.contains(&format!("filename=\"collective-lines-{group}-014.csv\"")),
        "{cd}"
    );
    let (detected, text, problems) = cjs_reports::import::decode(&bytes);
    assert_eq!(detected, cjs_reports::import::Detected::Cp932);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(text, lines_text);
    let (st, ct, _, bytes) =
        download(&app, &s, &format!("{RUNS}/14/lines.csv?encoding=utf8")).await;
    assert_eq!((st, ct.as_str()), (200, "text/csv; charset=utf-8"));
    assert_eq!(bytes, format!("\u{feff}{lines_text}").into_bytes());

    // 変更明細データ: the empty side's three cells empty.
    let (st, _, _, bytes) =
        download(&app, &s, &format!("{RUNS}/14/changes.csv?encoding=utf8")).await;
    assert_eq!(st, 200);
    assert_eq!(
        String::from_utf8(bytes).expect("utf-8"),
        "\u{feff}番号,名称,受信日,行番号,変更区分,職員番号,カナ氏名,漢字氏名,変更前店番,変更前口座番号,変更前積立金額,変更後店番,変更後口座番号,変更後積立金額\r\n\
014,サンプル1,20121014,1,新規,00600,ｻﾄｳ ｼﾞﾛｳ,,,,,789,5678901,20000\r\n\
014,サンプル1,20121014,2,口座変更,00300,ﾔﾏｻﾞｷ ﾐﾕｷ,山﨑　美由紀,456,3456780,12000,456,3456789,12000\r\n\
014,サンプル1,20121014,3,金額変更,00200,ﾀﾅｶ ﾊﾅｺ,田中　花子,123,2345678,4000,123,2345678,5000\r\n\
014,サンプル1,20121014,4,解約,00500,ｺﾊﾞﾔｼ ｹﾝｼﾞ,小林　健二,123,7654321,8000,,,\r\n"
    );
    let (st, ct, _, bytes) = download(&app, &s, &format!("{RUNS}/14/changes.csv")).await;
    assert_eq!((st, ct.as_str()), (200, "text/csv; charset=Shift_JIS"));
    assert!(bytes.starts_with(
        &cjs_reports::cp932::encode("番号,名称,受信日,行番号,変更区分,").expect("cp932")
    ));

    // Every print and export is logged: screen, function, `group/番号`, what was made; a refused
    // one too.
    let (st, _, _, _) = download(&app, &s, &format!("{RUNS}/15/lines.pdf")).await;
    assert_eq!(st, 409);
    let (_, log) = s
        .call(&app, "GET", "/api/v1/operation-log?limit=100", None)
        .await;
    let entries = log["entries"].as_array().expect("entries");
    for (screen, action, target, detail) in [
        (
            "CS102101",
            "一斉積立内訳明細表出力",
            "014",
            "一斉積立内訳明細表 5 件",
        ),
        (
            "CS102101",
            "一斉積立内訳明細表出力",
            "014",
            "一斉積立変更明細表 4 件",
        ),
        (
            "CS102101",
            "一斉積立内訳明細表出力",
            "013",
            "一斉積立変更明細表 5 件",
        ),
        (
            "CS103101",
            "一斉積立内訳明細データエクスポート",
            "014",
            "一斉積立内訳明細データ 5 件",
        ),
        (
            "CS103101",
            "一斉積立内訳明細データエクスポート",
            "014",
            "一斉積立変更明細データ 4 件",
        ),
    ] {
        assert!(
            entries.iter().any(|e| e["screen_id"] == screen
                && e["action"] == action
                && e["function"] == "collective_savings"
                && e["target"] == format!("{group}/{target}")
                && e["detail"] == detail),
            "{screen} {action} {target} {detail} not logged: {entries:?}"
        );
    }
    assert!(
        entries.iter().any(|e| e["screen_id"] == "CS102101"
            && e["target"] == format!("{group}/015")
            && e["result"] == "failure"),
        "the refused print is logged: {entries:?}"
    );
    app.stop().await;
}

#[actix_web::test]
async fn hidden_users_groups_without_collective_savings_and_other_contracts_see_no_run() {
    let app = TestApp::spawn().await;
    let (master, second) = app.master_of_two_groups("coll03").await;
    let (st, b) = master
        .call(
            &app,
            "PUT",
            "/api/v1/session/payment-group",
            Some(json!({"number": master.group})),
        )
        .await;
    assert_eq!(st, 204, "{b}");
    load_runs(&app, &master.group);
    let hidden = app
        .general(
            &master,
            "collhide1",
            json!({"rokin_deduction": "full", "ledger": "full", "collective_savings": "hidden"}),
        )
        .await;
    let shown = app.general(&master, "collfull1", full()).await;
    for s in [&hidden, &shown] {
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
    let all = [
        RUNS.to_owned(),
        format!("{RUNS}/14/lines"),
        format!("{RUNS}/14/changes"),
        format!("{RUNS}/14/lines.pdf"),
        format!("{RUNS}/14/changes.pdf"),
        format!("{RUNS}/14/lines.csv"),
        format!("{RUNS}/14/changes.csv"),
    ];
    // 表示: everything (the menu has no 閲覧のみ: every operation reads).
    for path in &all {
        let (st, _, _, _) = download(&app, &shown, path).await;
        assert_eq!(st, 200, "{path}");
    }
    // 非表示: nothing (E2302).
    for path in &all {
        let (st, b) = hidden.call(&app, "GET", path, None).await;
        assert_eq!((st, code(&b)), (403, Some("E2302")), "{path}: {b}");
    }
    // The second group has no 一斉積立: E2302 whatever the user.
    let (st, b) = master
        .call(
            &app,
            "PUT",
            "/api/v1/session/payment-group",
            Some(json!({"number": second})),
        )
        .await;
    assert_eq!(st, 204, "{b}");
    for path in &all {
        let (st, b) = master.call(&app, "GET", path, None).await;
        assert_eq!((st, code(&b)), (403, Some("E2302")), "{path}: {b}");
    }
    // Another contract: its own (empty) list; the group's runs are not there (E1050).
    let other = app.master("collother1").await;
    let b = get(&app, &other, RUNS).await;
    assert_eq!(b["runs"], json!([]));
    for path in &all[1..] {
        let (st, b) = other.call(&app, "GET", path, None).await;
        assert_eq!((st, code(&b)), (409, Some("E1050")), "{path}: {b}");
    }
    // Once it has a run of its own, the other group's 番号 is E1051.
    app.operator()
        .load_collective(
            &other.group,
            &header(3, "別契約", (2012, 10, 1), RunKind::Regular),
            &run_13(),
            false,
        )
        .expect("run 003");
    let (st, b) = other
        .call(&app, "GET", &format!("{RUNS}/14/lines"), None)
        .await;
    assert_eq!((st, code(&b)), (404, Some("E1051")), "{b}");
    let b = get(&app, &other, RUNS).await;
    assert_eq!(b["runs"].as_array().map(Vec::len), Some(1));
    assert_eq!(b["runs"][0]["run_no"], 3);
    app.stop().await;
}

#[actix_web::test]
async fn every_collective_operation_is_summarised_by_the_manuals_function_name() {
    const FUNCTIONS: [&str; 3] = [
        "一斉積立内訳明細照会",
        "一斉積立内訳明細表出力",
        "一斉積立内訳明細データエクスポート",
    ];
    let doc = serde_json::to_value(cjs_server::openapi::document()).expect("json");
    let mut seen = std::collections::BTreeSet::new();
    let mut ops = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if !path.starts_with("/api/v1/collective/") {
            continue;
        }
        for (method, op) in item.as_object().expect("item") {
            ops += 1;
            let summary = op["summary"].as_str().unwrap_or("");
            let f = FUNCTIONS
                .iter()
                .find(|f| summary.starts_with(*f))
                .unwrap_or_else(|| panic!("{method} {path}: {summary:?}"));
            seen.insert(*f);
            assert_eq!(op["tags"][0], "collective", "{method} {path}");
            for status in ["200", "401", "403", "503"] {
                assert!(
                    op["responses"].get(status).is_some(),
                    "{method} {path}: {status}"
                );
            }
            if path.contains("{no}") {
                for status in ["400", "404", "409"] {
                    assert!(
                        op["responses"].get(status).is_some(),
                        "{method} {path}: {status}"
                    );
                }
            }
        }
    }
    assert_eq!(ops, 7);
    assert_eq!(seen.len(), FUNCTIONS.len(), "{seen:?}");
    // The collective schemas do not take the names of the other menus' types.
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    assert_eq!(
        schemas["CollectiveRunOrigin"]["enum"],
        json!(["file", "header"])
    );
    assert!(
        schemas["RunOrigin"]["enum"]
            .as_array()
            .is_some_and(|e| e.contains(&json!("bank_file")))
    );
    assert_ne!(schemas["LinePage"], schemas["CollectiveLinePage"]);
    assert_ne!(schemas["LedgerLinePage"], schemas["CollectiveLinePage"]);
    assert!(
        schemas["CollectiveLinePage"]["properties"]
            .get("totals")
            .is_some()
    );
}

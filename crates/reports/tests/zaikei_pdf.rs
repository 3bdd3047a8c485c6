//! 財形's PDF lists through poppler (`docs/zaikei.md` §4): page 1's text of the 財形積立明細書 of
//! each document kind and of the 財形積立変更明細書, made from the fixture (`zaikei::sample`) —
//! title, header block, column titles, rows, totals — and a long list's pagination. Skips (saying
//! why) when poppler-utils is not installed (`apt-get install -y poppler-utils`).
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

use cjs_domain::schedule::EmployerDocument;
use cjs_domain::zaikei::DocumentKind;
use cjs_reports::pdf::PdfError;
use cjs_reports::zaikei::{changes_list, sample, statement};

fn have_pdftotext() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        eprintln!("skipped: pdftotext is not installed (apt-get install -y poppler-utils)");
    }
    ok
}

fn save(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cjs-zaikei-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The layout text of one page, runs of spaces collapsed and blank lines dropped.
fn page_lines(pdf: &std::path::Path, page: usize) -> Vec<String> {
    let p = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &p, "-l", &p])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

fn check(name: &str, pdf: Result<Vec<u8>, PdfError>, expected: &[&str]) {
    if !have_pdftotext() {
        return;
    }
    let path = save(name, &pdf.unwrap());
    assert_eq!(page_lines(&path, 1), expected, "{}", path.display());
}

const EMPLOYER: &str = "事業主名：株式会社ろうきん商事 作成基準日：2012年10月16日";
const CREATED: &str = "作成日時：2012/10/18 10:15";

fn statement_pdf(document: EmployerDocument) -> Result<Vec<u8>, PdfError> {
    let lines = sample::lines(DocumentKind::of(document));
    statement::render(&sample::header(document), &lines, &sample::totals(&lines))
}

#[test]
fn deposit_statement_golden_text() {
    check(
        "deposit_statement",
        statement_pdf(EmployerDocument::DepositMonthly),
        &[
            "財形積立明細書（預入依頼書・月例）",
            EMPLOYER,
            "入金グループ：0001 本社 入金予定日：2012年10月25日",
            "お取引店：本店営業部 作成日時：2012/10/18 10:15",
            "No 職員番号 カナ氏名 漢字氏名 財形種類 店番 口座番号 預入金額 奨励金 預入合計",
            "1 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 一般 201 1000001 10,000 500 10,500",
            "2 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 住宅 201 1000002 20,000 0 20,000",
            "3 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 一般 201 1000003 5,000 250 5,250",
            "4 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 住宅 305 2000001 30,000 1,000 31,000",
            "5 00400 ｽｽﾞｷ ｲﾁﾛｳ ＝鈴木 一般 201 1000005 3,000 0 3,000",
            "6 00500 ｺﾊﾞﾔｼ ｼﾞﾛｳ 一般 201 1000006 0 1,200 1,200",
            "一般 4件 18,000 1,950 19,950",
            "住宅 2件 50,000 1,000 51,000",
            "年金 0件 0 0 0",
            "総合計 6件 68,000 2,950 70,950",
            "入金予定日 2012年10月25日",
            "上記のとおり預入を依頼いたします。",
            "1/1",
        ],
    );
}

#[test]
fn balance_statement_golden_text() {
    check(
        "balance_statement",
        statement_pdf(EmployerDocument::Balance),
        &[
            "財形積立明細書（加入者残高一覧表）",
            EMPLOYER,
            "入金グループ：0001 本社 作成日時：2012/10/18 10:15",
            "お取引店：本店営業部",
            "No 職員番号 カナ氏名 漢字氏名 財形種類 店番 口座番号 残高",
            "1 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 一般 201 1000001 1,234,567",
            "2 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 年金 201 1000007 12,345,678,901",
            "3 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 一般 201 1000003 0",
            "4 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 住宅 305 2000001 987,654",
            "一般 2件 1,234,567",
            "住宅 1件 987,654",
            "年金 1件 12,345,678,901",
            "総合計 4件 12,347,901,122",
            "1/1",
        ],
    );
}

#[test]
fn incentive_statement_golden_text() {
    check(
        "incentive_statement",
        statement_pdf(EmployerDocument::IncentiveMonthly),
        &[
            "財形積立明細書（奨励金・月例）",
            EMPLOYER,
            "入金グループ：0001 本社 作成日時：2012/10/18 10:15",
            "お取引店：本店営業部",
            "No 職員番号 カナ氏名 漢字氏名 財形種類 店番 口座番号 積立金額 奨励金額",
            "1 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 一般 201 1000001 10,000 500",
            "2 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 一般 201 1000003 5,000 250",
            "3 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 年金 305 2000008 8,000 400",
            "一般 2件 15,000 750",
            "住宅 0件 0 0",
            "年金 1件 8,000 400",
            "総合計 3件 23,000 1,150",
            "1/1",
        ],
    );
}

#[test]
fn changes_list_golden_text() {
    check(
        "changes_list",
        changes_list::render(
            &sample::header(EmployerDocument::DepositMonthly),
            Some(sample::previous()),
            &sample::changes(),
        ),
        &[
            "財形積立変更明細書（預入依頼書・月例）",
            EMPLOYER,
            "入金グループ：0001 本社 入金予定日：2012年10月25日",
            "お取引店：本店営業部 比較対象：2012年09月16日",
            CREATED,
            "No 変更区分 職員番号 カナ氏名 漢字氏名 財形 変更前 変更前 変更前 変更前 変更後 変更後 変更後 変更後",
            "種類 店番 口座番号 預入金額 奨励金 店番 口座番号 預入金額 奨励金",
            "1 新規 00500 ｺﾊﾞﾔｼ ｼﾞﾛｳ 一般 201 1000006 0 1,200",
            "小計 新規 1件",
            "2 口座変更 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 住宅 201 1000004 30,000 1,000 305 2000001 30,000 1,000",
            "小計 口座変更 1件",
            "3 金額変更 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 一般 201 1000001 10,000 400 201 1000001 10,000 500",
            "4 金額変更 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 一般 201 1000003 4,000 250 201 1000003 5,000 250",
            "小計 金額変更 2件",
            "5 解約 00600 ｻﾄｳ ｻﾌﾞﾛｳ 佐藤 三郎 年金 201 1000009 7,000 0",
            "小計 解約 1件",
            "合計 5件",
            "1/1",
        ],
    );
}

#[test]
fn a_long_deposit_statement_repeats_its_header_and_ends_with_the_totals_and_the_request() {
    if !have_pdftotext() {
        return;
    }
    let lines = sample::generated(400);
    let totals = sample::totals(&lines);
    let header = sample::header(EmployerDocument::DepositSummer);
    let path = save(
        "long_deposit_statement",
        &statement::render(&header, &lines, &totals).unwrap(),
    );
    let first = page_lines(&path, 1);
    let pages = first
        .iter()
        .find_map(|l| {
            l.replace(' ', "")
                .strip_prefix("1/")
                .and_then(|n| n.parse::<usize>().ok())
        })
        .unwrap_or_else(|| panic!("no page footer in {first:#?}"));
    assert!(pages > 5, "{pages} pages");
    let last = page_lines(&path, pages);
    for page in [&first, &last] {
        assert_eq!(page[0], "財形積立明細書（預入依頼書・夏季一時金）");
        assert!(page[4].starts_with("No 職員番号 カナ氏名"), "{}", page[4]);
    }
    let t = totals.total;
    let total = format!(
        "総合計 400件 {} {} {}",
        cjs_reports::yen(t.amount),
        cjs_reports::yen(t.incentive),
        cjs_reports::yen(t.amount + t.incentive)
    );
    assert!(last.contains(&total), "{total} not in {last:#?}");
    let n = last.len();
    assert_eq!(
        last[n - 3..n - 1],
        ["入金予定日 2012年10月25日", statement::REQUEST]
    );
}

#[test]
fn a_character_the_font_lacks_is_refused_with_its_row_and_column() {
    let mut changes = sample::changes();
    changes[2].kana_name = "ﾛｳｷﾝ😀".into();
    match changes_list::render(
        &sample::header(EmployerDocument::DepositMonthly),
        None,
        &changes,
    ) {
        Err(PdfError::Unprintable {
            row, column_name, ..
        }) => assert_eq!((row, column_name.as_str()), (5, "カナ氏名")),
        other => panic!("{other:?}"),
    }
}

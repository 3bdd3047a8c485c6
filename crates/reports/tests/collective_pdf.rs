//! 一斉積立's PDF lists through poppler (`docs/collective.md` §4): page 1's text of both lists
//! made from the fixture (`collective::sample`) — title, header block, column titles, rows,
//! 小計 and the foot — and a long list's pagination. Skips (saying why) when poppler-utils is
//! not installed (`apt-get install -y poppler-utils`).
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use cjs_reports::collective::{ChangeFoot, Totals, change_list, line_list, sample};
use cjs_reports::pdf::PdfError;

fn have_poppler() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        eprintln!("skipped: pdftotext is not installed (apt-get install -y poppler-utils)");
    }
    ok
}

fn save(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cjs-collective-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The layout text of one page, runs of spaces collapsed and blank lines dropped.
fn page_lines(pdf: &Path, page: usize) -> Vec<String> {
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

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

fn check(name: &str, pdf: Result<Vec<u8>, PdfError>, expected: &[&str]) {
    if !have_poppler() {
        return;
    }
    let path = save(name, &pdf.unwrap());
    assert_eq!(page_lines(&path, 1), expected, "{}", path.display());
}

const GROUP: &str = "入金グループ：0001 本社グループ 一斉積立 014 サンプル1";
const BRANCH: &str = "お取引店：本店営業部 受信日：2012年10月14日 作成区分：臨時作成";
const CREATED: &str = "作成日時：2012/10/15 09:30";
const CHANGE_COLUMNS: [&str; 2] = [
    "No 変更区分 職員番号 カナ氏名 漢字氏名 変更前 変更前 変更前 変更後 変更後 変更後",
    "店番 口座番号 積立金額 店番 口座番号 積立金額",
];

#[test]
fn line_list_golden_text() {
    let lines = sample::lines();
    check(
        "line_list",
        line_list::render(&sample::header(), &lines, sample::totals(&lines)),
        &[
            "一斉積立内訳明細表",
            GROUP,
            BRANCH,
            CREATED,
            "No 職員番号 カナ氏名 漢字氏名 店番 口座番号 積立金額",
            "1 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 123 1234567 10,000",
            "2 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 123 2345678 5,000",
            "3 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 456 3456789 12,000",
            "4 00400 ｽｽﾞｷ ｲﾁﾛｳ ＝鈴木 123 4567890 3,000",
            "5 00600 ｻﾄｳ ｼﾞﾛｳ 789 5678901 20,000",
            "合計 5件 50,000",
            "1/1",
        ],
    );
}

#[test]
fn change_list_golden_text() {
    check(
        "change_list",
        change_list::render(
            &sample::header(),
            Some(&sample::previous()),
            &sample::changes(),
            sample::foot(),
        ),
        &[
            "一斉積立変更明細表",
            GROUP,
            BRANCH,
            "比較対象：013 サンプル0（2012年09月14日）",
            CREATED,
            CHANGE_COLUMNS[0],
            CHANGE_COLUMNS[1],
            "1 新規 00600 ｻﾄｳ ｼﾞﾛｳ 789 5678901 20,000",
            "小計 新規 1件",
            "2 口座変更 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 456 3456780 12,000 456 3456789 12,000",
            "小計 口座変更 1件",
            "3 金額変更 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 123 2345678 4,000 123 2345678 5,000",
            "小計 金額変更 1件",
            "4 解約 00500 ｺﾊﾞﾔｼ ｹﾝｼﾞ 小林 健二 123 7654321 8,000",
            "小計 解約 1件",
            "前回 5件 37,000",
            "今回 5件 50,000",
            "差額 13,000",
            "1/1",
        ],
    );
}

#[test]
fn change_list_of_a_first_run_golden_text() {
    let news: Vec<_> = sample::changes().into_iter().take(1).collect();
    check(
        "change_list_first",
        change_list::render(
            &sample::header(),
            None,
            &news,
            ChangeFoot {
                previous: Totals::default(),
                current: sample::totals(&sample::lines()),
            },
        ),
        &[
            "一斉積立変更明細表",
            GROUP,
            BRANCH,
            "比較対象：なし",
            CREATED,
            CHANGE_COLUMNS[0],
            CHANGE_COLUMNS[1],
            "1 新規 00600 ｻﾄｳ ｼﾞﾛｳ 789 5678901 20,000",
            "小計 新規 1件",
            "小計 口座変更 0件",
            "小計 金額変更 0件",
            "小計 解約 0件",
            "前回 0件 0",
            "今回 5件 50,000",
            "差額 50,000",
            "1/1",
        ],
    );
}

#[test]
fn a_long_list_repeats_the_header_and_columns_on_every_page() {
    if !have_poppler() {
        return;
    }
    let lines = sample::generated(150);
    let pdf = line_list::render(&sample::header(), &lines, sample::totals(&lines)).unwrap();
    let path = save("line_list_long", &pdf);
    let n = pages(&path);
    assert!(n >= 3, "{n} pages");
    for page in 1..=n {
        let text = page_lines(&path, page);
        assert_eq!(text[0], "一斉積立内訳明細表", "page {page}");
        assert!(
            text.contains(&"No 職員番号 カナ氏名 漢字氏名 店番 口座番号 積立金額".to_owned()),
            "page {page}: {text:?}"
        );
        assert_eq!(text.last(), Some(&format!("{page}/{n}")), "page {page}");
    }
    let last = page_lines(&path, n);
    let total = sample::totals(&lines);
    assert!(
        last.contains(&format!("合計 150件 {}", cjs_reports::yen(total.amount))),
        "{last:?}"
    );
}

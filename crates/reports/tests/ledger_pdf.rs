//! 賃控元帳's PDF lists through poppler (`docs/ledger.md` §5): page 1's text of every list made
//! from the fixture (`ledger::sample`) — title, header block, column titles, rows, 小計 and 合計 —
//! and a long list's pagination. Skips (saying why) when poppler-utils is not installed
//! (`apt-get install -y poppler-utils`).
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

use cjs_reports::ledger::{
    breakdown_list, combined, failed_list, item_totals_list, mismatch_list, movement_list,
    request_list, result_list, sample,
};
use cjs_reports::pdf::PdfError;

fn have_pdftotext() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        eprintln!("skipped: pdftotext is not installed (apt-get install -y poppler-utils)");
    }
    ok
}

fn save(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cjs-ledger-pdf-{}", std::process::id()));
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

const GROUP: &str = "入金グループ：0001 本社グループ 支給区分：月例 控除年月：2026年04月";
const CREATED: &str = "作成日時：2026/04/20 10:15";

#[test]
fn breakdown_list_golden_text() {
    check(
        "breakdown_list",
        breakdown_list::render(&sample::header(), &sample::lines()),
        &[
            "賃控元帳内訳リスト",
            GROUP,
            CREATED,
            "No 職員番号 カナ氏名 漢字氏名 種目コード 種目名 控除金額 開始月 終了月",
            "1 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 101 組合費 3,500 2020年04月",
            "2 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 201 共済掛金 1,200 2021年10月",
            "3 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 901 労金積立 10,000 2024年01月 2026年12月",
            "小計 職員番号 00123 3件 14,700",
            "4 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 101 組合費 3,500 2022年04月",
            "5 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 101 組合費 3,000 2023年04月",
            "6 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 301 互助会費 500 2023年04月 2027年03月",
            "小計 職員番号 00300 2件 3,500",
            "7 00400 ｽｽﾞｷ ｲﾁﾛｳ ＝鈴木 201 共済掛金 1,200 2026年04月",
            "合計 4名 7件 22,900",
            "1/1",
        ],
    );
}

#[test]
fn item_totals_list_golden_text() {
    check(
        "item_totals_list",
        item_totals_list::render(&sample::header(), &sample::item_totals()),
        &[
            "賃控元帳種目合計リスト",
            GROUP,
            CREATED,
            "No 種目コード 種目名 種目区分 件数 金額",
            "1 101 組合費 組合費 3件 10,000",
            "2 201 共済掛金 共済 2件 2,400",
            "3 301 互助会費 その他 1件 500",
            "4 401 親睦会費 その他 0件 0",
            "5 901 労金積立 労金 1件 10,000",
            "合計 5種目 7件 22,900",
            "1/1",
        ],
    );
}

#[test]
fn movement_list_golden_text() {
    check(
        "movement_list",
        movement_list::render(
            &sample::header(),
            Some(sample::ym(2026, 3)),
            &sample::movements(),
        ),
        &[
            "賃控元帳異動分リスト",
            GROUP,
            "前回控除依頼：2026年03月 作成日時：2026/04/20 10:15",
            "No 異動区分 職員番号 カナ氏名 漢字氏名 種目コード 種目名 前回金額 今回金額 差額",
            "1 新規 00400 ｽｽﾞｷ ｲﾁﾛｳ ＝鈴木 201 共済掛金 1,200 1,200",
            "小計 新規 1件 1,200",
            "2 金額変更 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 101 組合費 3,000 3,500 500",
            "3 金額変更 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 101 組合費 3,500 3,000 -500",
            "小計 金額変更 2件 0",
            "4 終了 00500 ｺﾊﾞﾔｼ ｹﾝｼﾞ 小林 健二 101 組合費 3,500 0 -3,500",
            "小計 終了 1件 -3,500",
            "合計 4件 -2,300",
            "1/1",
        ],
    );
}

#[test]
fn request_list_golden_text() {
    check(
        "request_list",
        request_list::render(&sample::header(), &sample::lines()),
        &[
            "賃控元帳控除依頼リスト",
            GROUP,
            CREATED,
            "No 職員番号 カナ氏名 漢字氏名 種目コード 種目名 控除金額",
            "1 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 101 組合費 3,500",
            "2 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 201 共済掛金 1,200",
            "3 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 901 労金積立 10,000",
            "小計 職員番号 00123 3件 14,700",
            "4 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 101 組合費 3,500",
            "5 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 101 組合費 3,000",
            "6 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 301 互助会費 500",
            "小計 職員番号 00300 2件 3,500",
            "7 00400 ｽｽﾞｷ ｲﾁﾛｳ ＝鈴木 201 共済掛金 1,200",
            "合計 4名 7件 22,900",
            "1/1",
        ],
    );
}

#[test]
fn mismatch_list_golden_text() {
    check(
        "mismatch_list",
        mismatch_list::render(&sample::header(), &sample::mismatches()),
        &[
            "賃控元帳控除依頼カナ氏名・職員番号桁数相違リスト",
            GROUP,
            CREATED,
            "No 相違区分 職員番号（賃控元帳） カナ氏名（賃控元帳） 職員番号（労金控除） カナ氏名（労金控除） 漢字氏名",
            "1 カナ氏名相違 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 00300 ﾔﾏｻｷ ﾐﾕｷ 山﨑 美由紀",
            "2 職員番号桁数相違 00400 ｽｽﾞｷ ｲﾁﾛｳ 400 ｽｽﾞｷ ｲﾁﾛｳ ＝鈴木",
            "カナ氏名相違 1件",
            "職員番号桁数相違 1件",
            "1/1",
        ],
    );
}

#[test]
fn result_list_golden_text() {
    check(
        "result_list",
        result_list::render(&sample::header(), &sample::lines()),
        &[
            "賃控元帳控除結果リスト",
            GROUP,
            CREATED,
            "No 職員番号 カナ氏名 漢字氏名 種目コード 種目名 控除金額 結果 不能理由",
            "1 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 101 組合費 3,500 済",
            "2 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 201 共済掛金 1,200 済",
            "3 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 901 労金積立 10,000 済",
            "4 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 101 組合費 3,500 不能 退職",
            "5 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 101 組合費 3,000 不能 その他（育児休業）",
            "6 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 301 互助会費 500",
            "7 00400 ｽｽﾞｷ ｲﾁﾛｳ ＝鈴木 201 共済掛金 1,200 済",
            "合計 済 4件 15,900",
            "合計 不能 2件 6,500",
            "合計 未登録 1件 500",
            "1/1",
        ],
    );
}

#[test]
fn failed_list_golden_text() {
    check(
        "failed_list",
        failed_list::render(&sample::header(), &sample::lines()),
        &[
            "賃控元帳控除不能リスト",
            GROUP,
            CREATED,
            "No 職員番号 カナ氏名 漢字氏名 種目コード 種目名 控除金額 不能理由",
            "1 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 101 組合費 3,500 退職",
            "2 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 101 組合費 3,000 その他（育児休業）",
            "合計 2件 6,500",
            "1/1",
        ],
    );
}

#[test]
fn combined_list_golden_text() {
    check(
        "combined_list",
        combined::render(&sample::header(), &sample::blocks(), true),
        &[
            "労金控除賃控元帳依頼リスト",
            GROUP,
            CREATED,
            "No 職員番号 カナ氏名 漢字氏名 区分 取引・種目 店番・口座番号 控除金額",
            "1 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 労金控除 01 エース預金 001-1234567 10,000",
            "2 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 労金控除 02 定期積金 001-2345678 5,000",
            "3 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 賃控元帳 101 組合費 3,500",
            "4 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 賃控元帳 201 共済掛金 1,200",
            "職員合計 職員番号 00123 4件 19,700",
            "5 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 労金控除 01 エース預金 002-7654321 20,000",
            "6 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 賃控元帳 101 組合費 3,500",
            "職員合計 職員番号 00200 2件 23,500",
            "7 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 賃控元帳 101 組合費 3,000",
            "8 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 賃控元帳 301 互助会費 500",
            "職員合計 職員番号 00300 2件 3,500",
            "9 00400 ｽｽﾞｷ ｲﾁﾛｳ ＝鈴木 賃控元帳 201 共済掛金 1,200",
            "職員合計 職員番号 00400 1件 1,200",
            "10 00500 ｺﾊﾞﾔｼ ｹﾝｼﾞ 小林 健二 労金控除 01 エース預金 005-5555555 8,000",
            "職員合計 職員番号 00500 1件 8,000",
            "労金控除 4件 43,000",
            "賃控元帳 6件 12,900",
            "総合計 5名 10件 55,900",
            "1/1",
        ],
    );
}

#[test]
fn combined_list_without_bank_data_says_so_under_the_group() {
    if !have_pdftotext() {
        return;
    }
    let pdf = combined::render(&sample::header(), &sample::blocks(), false).unwrap();
    let lines = page_lines(&save("combined_no_bank_data", &pdf), 1);
    assert_eq!(lines[1], GROUP);
    assert_eq!(lines[2], format!("労金控除データ：なし {CREATED}"));
}

#[test]
fn a_long_request_list_repeats_its_header_and_ends_with_the_totals() {
    if !have_pdftotext() {
        return;
    }
    let lines = sample::generated(400);
    let path = save(
        "long_request_list",
        &request_list::render(&sample::header(), &lines).unwrap(),
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
        assert_eq!(page[0], "賃控元帳控除依頼リスト");
        assert!(page[3].starts_with("No 職員番号 カナ氏名"), "{}", page[3]);
    }
    let amount: i64 = lines.iter().map(|l| l.amount).sum();
    let total = format!("合計 100名 400件 {}", cjs_reports::yen(amount));
    assert!(last.contains(&total), "{total} not in {last:#?}");
}

#[test]
fn a_character_the_font_lacks_is_refused_with_its_row_and_column() {
    let mut lines = sample::lines();
    lines[0].kanji_name = "労金 太郎😀".into();
    match request_list::render(&sample::header(), &lines) {
        Err(PdfError::Unprintable {
            row, column_name, ..
        }) => assert_eq!((row, column_name.as_str()), (1, "漢字氏名")),
        other => panic!("{other:?}"),
    }
}

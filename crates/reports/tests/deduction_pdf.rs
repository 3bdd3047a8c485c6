//! 労金控除's PDF lists through poppler (`docs/deduction.md` §4): page 1's text of every list
//! made from the eight-line fixture (`deduction::sample::small`) — title, header block, column
//! titles, rows, 小計 and 合計 — and a long list's pagination. Skips (saying why) when
//! poppler-utils is not installed (`apt-get install -y poppler-utils`).
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use cjs_reports::deduction::employer::{self, Scope};
use cjs_reports::deduction::{
    counter_list, error_list, failed_list, kana_mismatch_list, lump_request, lump_updates,
    movement_list, request_list, result_list, sample,
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
    let dir = std::env::temp_dir().join(format!("cjs-deduction-pdf-{}", std::process::id()));
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

fn confirmed() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 25, 1, 30, 0).unwrap()
}

#[test]
fn a_long_request_list_repeats_its_header_and_ends_with_the_totals() {
    if !have_pdftotext() {
        return;
    }
    let h = sample::header();
    let lines = sample::generated(400);
    let path = save(
        "long_request_list",
        &request_list::render(&h, &lines).unwrap(),
    );
    let first = page_lines(&path, 1);
    // The footer prints "1 / N"; pdftotext keeps or drops the narrow spaces.
    let footer = first.iter().find_map(|l| {
        l.replace(' ', "")
            .strip_prefix("1/")
            .and_then(|n| n.parse::<usize>().ok())
    });
    let pages = footer.unwrap_or_else(|| panic!("no page footer in {first:#?}"));
    assert!(pages > 5, "{pages} pages");
    let last = page_lines(&path, pages);
    for page in [&first, &last] {
        assert_eq!(page[0], "控除依頼リスト");
        assert!(page[3].starts_with("No 職員番号 カナ氏名"), "{}", page[3]);
    }
    let end = format!("{pages}/{pages}");
    assert!(last.iter().any(|l| l.replace(' ', "") == end), "{last:#?}");
    let counted: Vec<_> = lines.iter().filter(|l| l.counts()).collect();
    let amount: i64 = counted.iter().map(|l| l.amount).sum();
    let total = format!(
        "合計（エラー・解除を除く） {}件 {}",
        cjs_reports::yen(counted.len() as i64),
        cjs_reports::yen(amount)
    );
    assert!(last.contains(&total), "{total} not in {last:#?}");
    assert!(
        last.iter()
            .any(|l| l.starts_with("解除 ") && l.ends_with("総明細数 400件"))
    );
}

#[test]
fn a_character_the_font_lacks_is_refused_with_its_row_and_column() {
    let h = sample::header();
    let mut lines = sample::small();
    lines[0].kanji_name = "労金 太郎😀".into();
    match request_list::render(&h, &lines) {
        Err(PdfError::Unprintable {
            row, column_name, ..
        }) => assert_eq!((row, column_name.as_str()), (1, "漢字氏名")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn request_list_golden_text() {
    let (h, lines) = (sample::header(), sample::small());
    check(
        "request_list",
        request_list::render(&h, &lines),
        &[
            "控除依頼リスト",
            "入金グループ：0001 本社グループ 支給区分：月例 控除年月：2026年04月",
            "お取引店：本店営業部 作成日時：2026/04/20 10:15",
            "No 職員番号 カナ氏名 漢字氏名 取引 店番 口座番号 依頼金額 前回金額 異動区分 窓口 エラー",
            "1 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 エース預金 001 1234567 10,000 10,000 継続",
            "2 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 定期積金 001 2345678 5,000 3,000 変更 ＊",
            "3 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 財形預金 001 3456789 0 2,000 解除",
            "小計 職員番号 00123 2件 15,000",
            "4 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 エース預金 002 7654321 20,000 新規",
            "5 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 カードローン返済 003 1111111 15,000 15,000 継続",
            "6 00400 ｽｽﾞｷ ｲﾁﾛｳ =鈴木 エース預金 000 0000000 7,000 新規 ＊ 口座なし",
            "7 00500 ｺﾊﾞﾔｼ ｹﾝｼﾞ 小林 健二 エース預金 005 5555555 8,000 8,000 継続",
            "8 00500 ｺﾊﾞﾔｼ ｹﾝｼﾞ 小林 健二 財形預金 005 6666666 12,000 10,000 変更",
            "小計 職員番号 00500 2件 20,000",
            "合計（エラー・解除を除く） 6件 70,000",
            "解除 1件 エラー 1件 総明細数 8件",
            "1/1",
        ],
    );
}

#[test]
fn counter_list_golden_text() {
    let (h, lines) = (sample::header(), sample::small());
    check(
        "counter_list",
        counter_list::render(&h, &lines),
        &[
            "窓口扱い控除依頼内容変更リスト",
            "入金グループ：0001 本社グループ 支給区分：月例 控除年月：2026年04月",
            "お取引店：本店営業部 作成日時：2026/04/20 10:15",
            "No 職員番号 カナ氏名 漢字氏名 取引 店番 口座番号 前回金額 依頼金額 異動区分",
            "1 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 定期積金 001 2345678 3,000 5,000 変更",
            "2 00400 ｽｽﾞｷ ｲﾁﾛｳ =鈴木 エース預金 000 0000000 7,000 新規",
            "合計 2件 5,000",
            "1/1",
        ],
    );
}

#[test]
fn error_list_golden_text() {
    let (h, lines) = (sample::header(), sample::small());
    check(
        "error_list",
        error_list::render(&h, &lines),
        &[
            "控除依頼明細エラーリスト",
            "入金グループ：0001 本社グループ 支給区分：月例 控除年月：2026年04月",
            "お取引店：本店営業部 作成日時：2026/04/20 10:15",
            "No 職員番号 カナ氏名 漢字氏名 取引 店番 口座番号 依頼金額 エラー内容",
            "1 00400 ｽｽﾞｷ ｲﾁﾛｳ =鈴木 エース預金 000 0000000 7,000 口座なし",
            "合計 1件 7,000",
            "1/1",
        ],
    );
}

#[test]
fn movement_list_golden_text() {
    let (h, lines) = (sample::header(), sample::small());
    check(
        "movement_list",
        movement_list::render(&h, &lines),
        &[
            "控除依頼異動分リスト",
            "入金グループ：0001 本社グループ 支給区分：月例 控除年月：2026年04月",
            "お取引店：本店営業部 作成日時：2026/04/20 10:15",
            "No 異動区分 職員番号 カナ氏名 漢字氏名 取引 店番 口座番号 前回金額 依頼金額",
            "1 新規 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 エース預金 002 7654321 20,000",
            "2 新規 00400 ｽｽﾞｷ ｲﾁﾛｳ =鈴木 エース預金 000 0000000 7,000",
            "小計 新規 2件 20,000",
            "3 変更 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 定期積金 001 2345678 3,000 5,000",
            "4 変更 00500 ｺﾊﾞﾔｼ ｹﾝｼﾞ 小林 健二 財形預金 005 6666666 10,000 12,000",
            "小計 変更 2件 17,000",
            "5 解除 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 財形預金 001 3456789 2,000 0",
            "小計 解除 1件 0",
            "合計 5件 37,000",
            "1/1",
        ],
    );
}

#[test]
fn employer_all_golden_text() {
    let (h, lines) = (sample::header(), sample::small());
    check(
        "employer_all",
        employer::render(&h, Scope::All, &employer::rows(&lines, Scope::All)),
        &[
            "企業宛控除依頼書（全件）",
            "（事業主）御中 入金グループ：0001 本社グループ",
            "下記のとおり、給与からの控除をお願いいたします。 支給区分：月例 控除年月：2026年04月",
            "お取引店：本店営業部 作成日時：2026/04/20 10:15",
            "No 職員番号 カナ氏名 漢字氏名 控除額合計 件数 異動",
            "1 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 15,000 2 ＊",
            "2 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 20,000 1 ＊",
            "3 00300 ﾔﾏｻﾞｷ ﾐﾕｷ 山﨑 美由紀 15,000 1",
            "4 00500 ｺﾊﾞﾔｼ ｹﾝｼﾞ 小林 健二 20,000 2 ＊",
            "合計 4名 70,000 6件",
            "1/1",
        ],
    );
}

#[test]
fn employer_movements_golden_text() {
    let (h, lines) = (sample::header(), sample::small());
    check(
        "employer_movements",
        employer::render(
            &h,
            Scope::Movements,
            &employer::rows(&lines, Scope::Movements),
        ),
        &[
            "企業宛控除依頼書（異動分）",
            "（事業主）御中 入金グループ：0001 本社グループ",
            "下記のとおり、給与からの控除をお願いいたします。 支給区分：月例 控除年月：2026年04月",
            "お取引店：本店営業部 作成日時：2026/04/20 10:15",
            "No 職員番号 カナ氏名 漢字氏名 控除額合計 件数 異動",
            "1 00123 ﾛｳｷﾝ ﾀﾛｳ 労金 太郎 15,000 2 ＊",
            "2 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 20,000 1 ＊",
            "3 00400 ｽｽﾞｷ ｲﾁﾛｳ =鈴木 0 0 ＊",
            "4 00500 ｺﾊﾞﾔｼ ｹﾝｼﾞ 小林 健二 20,000 2 ＊",
            "合計 4名 55,000 5件",
            "1/1",
        ],
    );
}

#[test]
fn lump_request_golden_text() {
    let h = sample::header();
    check(
        "lump_request",
        lump_request::render(&h, &sample::lump()),
        &[
            "まとめ入金依頼書",
            "本店営業部 御中 入金グループ：0001 本社グループ",
            "下記のとおり、まとめ入金を依頼いたします。 作成日時：2026/04/20 10:15",
            "項目 内容",
            "入金グループ 0001 本社グループ",
            "支給区分 月例",
            "控除年月 2026年04月",
            "件数 4件",
            "入金額 43,000円",
            "除外件数（入金中止・エラー） 3件",
            "除外金額（入金中止・エラー） 34,000円",
            "入金予定日 2026年04月25日",
            "入金先 店番・店名 001 本店営業部",
            "入金先 預金種目 普通",
            "入金先 口座番号 7777777",
            "入金先 口座名義 ﾎﾝｼﾔ ｸﾞﾙｰﾌﾟ ﾛｳﾄﾞｳｸﾐｱｲ",
            "状態 確定",
            "確定者 労金 次郎",
            "確定日時 2026/04/25 10:30",
            "金庫使用欄（受付印）",
            "1/1",
        ],
    );
}

#[test]
fn lump_updates_golden_text() {
    let (h, lines) = (sample::header(), sample::small());
    check(
        "lump_updates",
        lump_updates::render(&h, &lines),
        &[
            "まとめ入金更新明細書（Web依頼済）",
            "入金グループ：0001 本社グループ 支給区分：月例 控除年月：2026年04月",
            "お取引店：本店営業部 作成日時：2026/04/20 10:15",
            "No 区分 職員番号 カナ氏名 取引 店番 口座番号 金額 中止理由",
            "1 入金中止 00300 ﾔﾏｻﾞｷ ﾐﾕｷ カードローン返済 003 1111111 15,000 退職",
            "2 入金中止 00500 ｺﾊﾞﾔｼ ｹﾝｼﾞ 財形預金 005 6666666 12,000 その他（育児休業）",
            "小計 入金中止 2件 27,000",
            "3 新規 00200 ﾀﾅｶ ﾊﾅｺ エース預金 002 7654321 20,000",
            "小計 新規 1件 20,000",
            "小計 変更 0件 0",
            "4 解除 00123 ﾛｳｷﾝ ﾀﾛｳ 財形預金 001 3456789 0",
            "小計 解除 1件 0",
            "合計 4件 47,000",
            "1/1",
        ],
    );
}

#[test]
fn lump_web_updates_golden_text() {
    let (h, lines) = (sample::header(), sample::small());
    check(
        "lump_web_updates",
        lump_updates::render_web(&h, confirmed(), &lines),
        &[
            "まとめ入金WEB更新依頼明細書（2026/04/25 10:30 確定）",
            "入金グループ：0001 本社グループ 支給区分：月例 控除年月：2026年04月",
            "お取引店：本店営業部 作成日時：2026/04/20 10:15",
            "No 区分 職員番号 カナ氏名 取引 店番 口座番号 金額 中止理由",
            "1 入金中止 00300 ﾔﾏｻﾞｷ ﾐﾕｷ カードローン返済 003 1111111 15,000 退職",
            "2 入金中止 00500 ｺﾊﾞﾔｼ ｹﾝｼﾞ 財形預金 005 6666666 12,000 その他（育児休業）",
            "小計 入金中止 2件 27,000",
            "3 新規 00200 ﾀﾅｶ ﾊﾅｺ エース預金 002 7654321 20,000",
            "小計 新規 1件 20,000",
            "小計 変更 0件 0",
            "4 解除 00123 ﾛｳｷﾝ ﾀﾛｳ 財形預金 001 3456789 0",
            "小計 解除 1件 0",
            "合計 4件 47,000",
            "1/1",
        ],
    );
}

#[test]
fn result_list_golden_text() {
    let (h, lines) = (sample::header(), sample::small());
    check(
        "result_list",
        result_list::render(&h, &lines),
        &[
            "控除結果リスト",
            "入金グループ：0001 本社グループ 支給区分：月例 控除年月：2026年04月",
            "お取引店：本店営業部 作成日時：2026/04/20 10:15",
            "No 職員番号 カナ氏名 取引 店番 口座番号 依頼金額 結果 不能理由",
            "1 00123 ﾛｳｷﾝ ﾀﾛｳ エース預金 001 1234567 10,000 済",
            "2 00123 ﾛｳｷﾝ ﾀﾛｳ 定期積金 001 2345678 5,000 済",
            "3 00200 ﾀﾅｶ ﾊﾅｺ エース預金 002 7654321 20,000 不能 02 口座解約済",
            "4 00300 ﾔﾏｻﾞｷ ﾐﾕｷ カードローン返済 003 1111111 15,000 済",
            "5 00500 ｺﾊﾞﾔｼ ｹﾝｼﾞ エース預金 005 5555555 8,000 済",
            "6 00500 ｺﾊﾞﾔｼ ｹﾝｼﾞ 財形預金 005 6666666 12,000 済",
            "合計 済 5件 50,000",
            "合計 不能 1件 20,000",
            "1/1",
        ],
    );
}

#[test]
fn failed_list_golden_text() {
    let (h, lines) = (sample::header(), sample::small());
    check(
        "failed_list",
        failed_list::render(&h, &lines),
        &[
            "控除不能リスト",
            "入金グループ：0001 本社グループ 支給区分：月例 控除年月：2026年04月",
            "お取引店：本店営業部 作成日時：2026/04/20 10:15",
            "No 職員番号 カナ氏名 漢字氏名 取引 店番 口座番号 依頼金額 不能理由",
            "1 00200 ﾀﾅｶ ﾊﾅｺ 田中 花子 エース預金 002 7654321 20,000 02 口座解約済",
            "合計 1件 20,000",
            "1/1",
        ],
    );
}

#[test]
fn kana_mismatch_list_golden_text() {
    let (h, lines) = (sample::header(), sample::small());
    check(
        "kana_mismatch_list",
        kana_mismatch_list::render(&h, &lines),
        &[
            "カナ氏名不一致リスト",
            "入金グループ：0001 本社グループ 支給区分：月例 控除年月：2026年04月",
            "お取引店：本店営業部 作成日時：2026/04/20 10:15",
            "No 職員番号 カナ氏名（団体） カナ氏名（金庫） 漢字氏名 取引 店番 口座番号",
            "1 00300 ﾔﾏｻﾞｷ ﾐﾕｷ ﾔﾏｻｷ ﾐﾕｷ 山﨑 美由紀 カードローン返済 003 1111111",
            "合計 1件",
            "1/1",
        ],
    );
}

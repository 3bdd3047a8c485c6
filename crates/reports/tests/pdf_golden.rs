//! List PDFs checked through poppler: extracted text, page count and size, embedded subset font,
//! column titles repeated, page N/M, wrapping, and a rendered page. Skips (saying why) when
//! poppler-utils is not installed (`apt-get install -y poppler-utils`).
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use cjs_reports::pdf::{Cell, Column, Header, ListReport, Orientation, PdfError, Row};

fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    if !ok {
        eprintln!("skipped: {tool} is not installed (apt-get install -y poppler-utils)");
    }
    ok
}

fn save(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cjs-reports-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn run(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool).args(args).arg(pdf).output().unwrap();
    assert!(out.status.success(), "{tool}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &p, "-l", &p])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// Layout text with runs of spaces collapsed and blank lines dropped.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

fn pages(pdf: &Path) -> usize {
    run("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap()
}

fn header() -> Header {
    Header {
        title: "控除明細一覧表".into(),
        organisation: "ろうきん労働組合".into(),
        payment_group: "0001 本社".into(),
        cycle: "2026年4月分".into(),
        printed_at: "2026年4月20日 10:15".into(),
        ..Default::default()
    }
}

fn list(rows: usize) -> ListReport {
    let mut out: Vec<Row> = (1..=rows)
        .map(|i| {
            Row::Data(vec![
                Cell::Text(format!("{i:05}")),
                Cell::Text(format!("ﾛｳｷﾝ ﾀﾛｳ{i}")),
                Cell::Yen(i as i64 * 1000),
            ])
        })
        .collect();
    let sum: i64 = (1..=rows as i64).map(|i| i * 1000).sum();
    out.push(Row::Subtotal {
        label: "小計".into(),
        cells: vec![Cell::Yen(sum)],
    });
    out.push(Row::Total {
        label: "合計".into(),
        cells: vec![Cell::Yen(sum)],
    });
    ListReport {
        header: header(),
        orientation: Orientation::Portrait,
        columns: vec![
            Column::text("職員番号", 25.0),
            Column::text("カナ氏名", 60.0),
            Column::yen("控除額", 30.0),
        ],
        rows: out,
    }
}

#[test]
fn page_1_text_is_the_golden_text() {
    if !have("pdftotext") {
        return;
    }
    let pdf = save("golden.pdf", &list(3).render().unwrap());
    assert_eq!(
        lines(&text(&pdf, 1)),
        [
            "控除明細一覧表",
            "団体：ろうきん労働組合 対象：2026年4月分",
            "入金グループ：0001 本社 出力日時：2026年4月20日 10:15",
            "職員番号 カナ氏名 控除額",
            "00001 ﾛｳｷﾝ ﾀﾛｳ1 1,000",
            "00002 ﾛｳｷﾝ ﾀﾛｳ2 2,000",
            "00003 ﾛｳｷﾝ ﾀﾛｳ3 3,000",
            "小計 6,000",
            "合計 6,000",
            // The footer prints "1 / 1"; pdftotext drops the narrow spaces.
            "1/1",
        ]
    );
}

#[test]
fn the_font_is_embedded_as_a_subset_and_the_file_stays_small() {
    if !have("pdffonts") {
        return;
    }
    let bytes = list(3).render().unwrap();
    assert!(bytes.len() < 100_000, "{} bytes", bytes.len());
    let pdf = save("fonts.pdf", &bytes);
    let fonts = run("pdffonts", &[], &pdf);
    let row = fonts
        .lines()
        .find(|l| l.contains("IPAexGothic"))
        .unwrap_or_else(|| panic!("{fonts}"));
    // "TBUCUK+IPAexGothic  CID TrueType  Identity-H  yes yes yes": a subset tag, embedded,
    // subset, with a ToUnicode map (so text can be searched and copied).
    assert!(
        row.split_whitespace().next().unwrap().contains('+'),
        "{row}"
    );
    assert!(row.contains("yes yes yes"), "{row}");
    assert_eq!(fonts.lines().count(), 3, "one font only:\n{fonts}");
}

#[test]
fn long_lists_repeat_the_header_and_number_pages_n_of_m() {
    if !have("pdftotext") || !have("pdfinfo") {
        return;
    }
    let pdf = save("long.pdf", &list(150).render().unwrap());
    let n = pages(&pdf);
    assert!(n >= 3, "{n} pages");
    for page in 1..=n {
        let l = lines(&text(&pdf, page));
        assert_eq!(l[0], "控除明細一覧表", "page {page}");
        assert!(
            l.iter().any(|x| x == "職員番号 カナ氏名 控除額"),
            "page {page}: {l:?}"
        );
        assert_eq!(l.last().unwrap(), &format!("{page}/{n}"));
    }
    let last = lines(&text(&pdf, n));
    assert!(last.iter().any(|x| x == "合計 11,325,000"), "{last:?}");
    // Every row printed once, in order.
    let all: Vec<String> = (1..=n).flat_map(|p| lines(&text(&pdf, p))).collect();
    let numbers: Vec<&String> = all.iter().filter(|l| l.starts_with("00")).collect();
    assert_eq!(numbers.len(), 150);
    assert!(numbers[149].starts_with("00150 "));
}

fn one_column(text: &str, width_mm: f32) -> ListReport {
    ListReport {
        header: Header {
            title: "備考一覧".into(),
            ..Header::default()
        },
        orientation: Orientation::Portrait,
        columns: vec![Column::text("備考", width_mm)],
        rows: vec![Row::Data(vec![Cell::Text(text.into())])],
    }
}

#[test]
fn a_long_cell_wraps_by_the_japanese_rules_and_loses_nothing() {
    if !have("pdftotext") {
        return;
    }
    let remark = "育児休業のため、6月分まで控除を停止し、7月分から再開する予定です。（「退職予定」の方を除く）ーーサーバー";
    let pdf = save("wrap.pdf", &one_column(remark, 30.0).render().unwrap());
    let l = lines(&text(&pdf, 1));
    let body = &l[2..l.len() - 1];
    assert!(body.len() >= 4, "{body:?}");
    assert_eq!(body.concat(), remark);
    for line in body {
        let first = line.chars().next().unwrap();
        let last = line.chars().last().unwrap();
        assert!(
            !"。、）」ー".contains(first),
            "{line:?} starts with {first}"
        );
        assert!(!"（「".contains(last), "{line:?} ends with {last}");
    }
}

#[test]
fn a_row_taller_than_a_page_continues_on_the_next() {
    if !have("pdftotext") || !have("pdfinfo") {
        return;
    }
    let remark: String = (0..120).map(|i| format!("第{i}項。")).collect();
    let pdf = save("tall.pdf", &one_column(&remark, 20.0).render().unwrap());
    let n = pages(&pdf);
    assert!(n >= 2, "{n}");
    let mut got = String::new();
    for p in 1..=n {
        let l = lines(&text(&pdf, p));
        got.push_str(&l[2..l.len() - 1].concat());
    }
    assert_eq!(got, remark);
}

#[test]
fn landscape_is_a4_on_its_side() {
    if !have("pdfinfo") {
        return;
    }
    let mut r = list(1);
    r.orientation = Orientation::Landscape;
    let pdf = save("landscape.pdf", &r.render().unwrap());
    let info = run("pdfinfo", &[], &pdf);
    assert!(info.contains("841.89 x 595.276 pts (A4)"), "{info}");
}

#[test]
fn page_1_renders_to_a_png() {
    if !have("pdftoppm") {
        return;
    }
    let pdf = save("render.pdf", &list(40).render().unwrap());
    let prefix = pdf.with_file_name("render");
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let png = std::fs::read(pdf.with_file_name("render-1.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    // Width of an A4 portrait page at 60 dpi: 210 mm = 496.06 px, rounded up by poppler (the
    // IHDR width, big-endian).
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert!((496..=497).contains(&width), "{width}");
}

#[test]
fn a_character_the_font_lacks_is_refused_with_row_and_column() {
    let mut r = list(2);
    r.rows[1] = Row::Data(vec!["00002".into(), "🙂".into(), Cell::Yen(1)]);
    let err = r.render().unwrap_err();
    assert_eq!(
        err,
        PdfError::Unprintable {
            row: 2,
            column: 2,
            column_name: "カナ氏名".into(),
            ch: '🙂'
        }
    );
    assert_eq!(err.code(), "R301");
    assert_eq!(
        err.to_string(),
        "2行目 2列目（カナ氏名）の「🙂」は帳票のフォントにない文字のため印刷できません"
    );
}

#[test]
fn wrong_cell_counts_and_too_wide_columns_are_refused() {
    let mut r = list(1);
    r.rows[0] = Row::Data(vec!["1".into()]);
    assert_eq!(
        r.render().unwrap_err().to_string(),
        "1行目の項目数が1個です（列は3個）"
    );
    let mut r = list(1);
    r.rows[0] = Row::Subtotal {
        label: "小計".into(),
        cells: vec![Cell::Empty, Cell::Empty, Cell::Empty],
    };
    assert_eq!(r.render().unwrap_err().code(), "R302");
    let mut r = list(1);
    r.columns[1].width_mm = 200.0;
    assert_eq!(r.render().unwrap_err().code(), "R303");
}

#[test]
fn nec_and_ibm_characters_print() {
    if !have("pdftotext") {
        return;
    }
    let pdf = save(
        "nec.pdf",
        &one_column("①㈱Ⅰ髙橋 山﨑 ～―", 100.0).render().unwrap(),
    );
    let l = lines(&text(&pdf, 1));
    assert!(l.iter().any(|x| x == "①㈱Ⅰ髙橋 山﨑 ～―"), "{l:?}");
}

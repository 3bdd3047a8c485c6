//! A sample 控除明細一覧 (deduction list) as PDF, to look at and to time:
//! `cargo run -p cjs-reports --example sample_list -- out.pdf [rows] [landscape]`.

use cjs_reports::pdf::{Cell, Column, Header, ListReport, Orientation, Row};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "sample_list.pdf".into());
    let rows: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(60);
    let orientation = match args.next().as_deref() {
        Some("landscape") => Orientation::Landscape,
        _ => Orientation::Portrait,
    };
    let report = sample(rows, orientation);
    let bytes = report.render()?;
    std::fs::write(&out, &bytes)?;
    println!("{out}: {} bytes", bytes.len());
    Ok(())
}

const SURNAMES: [(&str, &str); 8] = [
    ("ﾛｳｷﾝ", "労金"),
    ("ﾀﾅｶ", "田中"),
    ("ｽｽﾞｷ", "鈴木"),
    ("ﾀｶﾊｼ", "髙橋"),
    ("ﾔﾏｻﾞｷ", "山﨑"),
    ("ﾜﾀﾅﾍﾞ", "渡邉"),
    ("ｲﾄｳ", "伊藤"),
    ("ｺﾊﾞﾔｼ", "小林"),
];
const GIVEN: [(&str, &str); 6] = [
    ("ﾀﾛｳ", "太郎"),
    ("ﾊﾅｺ", "花子"),
    ("ｲﾁﾛｳ", "一郎"),
    ("ﾐﾕｷ", "美由紀"),
    ("ｹﾝｼﾞ", "健二"),
    ("ｻﾁｺ", "幸子"),
];
const DEPARTMENTS: [&str; 3] = ["本社 総務部", "東京工場 第一製造課（夜勤）", "大阪支店"];
const ITEMS: [&str; 4] = ["財形貯蓄", "一斉積立", "住宅ローン返済", "カードローン"];
const NOTES: [&str; 5] = [
    "",
    "",
    "4月分から金額変更。",
    "育児休業のため、6月分まで控除を停止し、7月分から再開する予定です。",
    "「退職予定」（3月末）",
];

pub fn sample(rows: usize, orientation: Orientation) -> ListReport {
    let columns = vec![
        Column::yen("No.", 10.0),
        Column::text("職員番号", 18.0),
        Column::text("カナ氏名", 30.0),
        Column::text("漢字氏名", 24.0),
        Column::text("所属", 32.0),
        Column::text("控除項目", 24.0),
        Column::yen("控除額（円）", 22.0),
        Column::text("備考", 26.0),
    ];
    let mut out = Vec::new();
    let per_department = rows.div_ceil(DEPARTMENTS.len()).max(1);
    let mut total = 0i64;
    let mut n = 0usize;
    for dept in DEPARTMENTS {
        let mut subtotal = 0i64;
        let mut count = 0;
        while count < per_department && n < rows {
            let (kana_s, kanji_s) = SURNAMES[n % SURNAMES.len()];
            let (kana_g, kanji_g) = GIVEN[(n / 3) % GIVEN.len()];
            let amount = 1_000 * ((n as i64 * 37) % 120 + 1)
                + if n.is_multiple_of(7) { 1_234_000 } else { 0 };
            subtotal += amount;
            out.push(Row::Data(vec![
                Cell::Text((n + 1).to_string()),
                Cell::Text(format!("{:05}", 10_000 + n * 7)),
                Cell::Text(format!("{kana_s} {kana_g}")),
                Cell::Text(format!("{kanji_s} {kanji_g}")),
                Cell::Text(dept.into()),
                Cell::Text(ITEMS[n % ITEMS.len()].into()),
                Cell::Yen(amount),
                Cell::Text(NOTES[n % NOTES.len()].into()),
            ]));
            n += 1;
            count += 1;
        }
        total += subtotal;
        out.push(Row::Subtotal {
            label: format!("小計　{dept}（{count}件）"),
            cells: vec![Cell::Yen(subtotal), Cell::Empty],
        });
    }
    out.push(Row::Total {
        label: format!("合計（{n}件）"),
        cells: vec![Cell::Yen(total), Cell::Empty],
    });
    ListReport {
        header: Header {
            title: "控除明細一覧表".into(),
            organisation: "ろうきん労働組合 中央支部".into(),
            payment_group: "0001 本社グループ".into(),
            cycle: "2026年4月分（給与）".into(),
            printed_at: "2026年4月20日 10:15".into(),
            ..Default::default()
        },
        orientation,
        columns,
        rows: out,
    }
}

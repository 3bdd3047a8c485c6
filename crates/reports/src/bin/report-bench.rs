//! `report-bench pdf <rows> <out.pdf>` | `report-bench csv <rows> <out.csv>` |
//! `report-bench deduction-pdf <lines> <out.pdf>` (控除依頼リスト) |
//! `report-bench deduction-csv <lines> <out.csv>` (労金控除依頼データ, CP932, streamed) |
//! `report-bench ledger-csv <lines> <out.csv>` (賃控元帳明細データ export, CP932, streamed) |
//! `report-bench ledger-import <lines> <file.csv>` (the same file written first, untimed, then
//! read back: detection, decoding, parsing into the domain's rows): builds one report and prints
//! `ROW|label|seconds|bytes|peak RSS KiB` for `cargo xtask bench`. One report per process, so the
//! peak RSS (VmHWM) is that report's alone.
//!
//! The deduction PDF times the list from lines already in memory (making the sample lines is
//! not timed); the CSV generates each line as it is written, as a database cursor would hand
//! them over, so its peak RSS shows the stream holds one row.

use std::io::BufWriter;
use std::time::Instant;

use cjs_reports::csv::{CsvEncoding, CsvWriter, Field};
use cjs_reports::deduction::request_list;
use cjs_reports::deduction::requests_csv::RequestsCsv;
use cjs_reports::deduction::sample;
use cjs_reports::ledger::lines_csv::{self, LinesCsv};
use cjs_reports::ledger::sample as ledger_sample;
use cjs_reports::pdf::{Cell, Column, Header, ListReport, Orientation, Row};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (kind, rows, out) = match args.as_slice() {
        [k, n, o] => (k.as_str(), n.parse::<usize>()?, o.as_str()),
        _ => {
            return Err(
                "usage: report-bench pdf|csv|deduction-pdf|deduction-csv|ledger-csv|ledger-import <rows> <out>"
                    .into(),
            );
        }
    };
    let lines = if kind == "deduction-pdf" {
        sample::generated(rows)
    } else {
        Vec::new()
    };
    // The import reads a file written beforehand (not timed).
    let import_file = if kind == "ledger-import" {
        let file = BufWriter::new(std::fs::File::create(out)?);
        let mut w = LinesCsv::new(file, CsvEncoding::Cp932)?;
        for i in 0..rows {
            w.row(&ledger_sample::generated_detail(i))?;
        }
        w.finish()?;
        std::fs::read(out)?
    } else {
        Vec::new()
    };
    let start = Instant::now();
    let (label, bytes) = match kind {
        "ledger-csv" => {
            let file = BufWriter::new(std::fs::File::create(out)?);
            let mut w = LinesCsv::new(file, CsvEncoding::Cp932)?;
            // Each row made as it is written, as a cursor hands them over.
            for i in 0..rows {
                w.row(&ledger_sample::generated_detail(i))?;
            }
            w.finish()?;
            (
                format!("賃控元帳明細データ CSV CP932 stream, {rows} lines, 10 columns"),
                std::fs::metadata(out)?.len() as usize,
            )
        }
        "ledger-import" => {
            let (records, problems) = lines_csv::parse(&import_file);
            if !problems.is_empty() || records.len() != rows {
                return Err(format!(
                    "ledger-import: {} problems, {} rows read",
                    problems.len(),
                    records.len()
                )
                .into());
            }
            (
                format!("賃控元帳明細データ import parse CP932, {rows} lines, 10 columns"),
                import_file.len(),
            )
        }
        "deduction-pdf" => {
            let bytes = request_list::render(&sample::header(), &lines)?;
            std::fs::write(out, &bytes)?;
            (
                format!("控除依頼リスト PDF (A4 landscape), {rows} lines"),
                bytes.len(),
            )
        }
        "deduction-csv" => {
            let h = sample::header();
            let file = BufWriter::new(std::fs::File::create(out)?);
            let mut w = RequestsCsv::new(file, CsvEncoding::Cp932, h.occasion, h.month)?;
            // Lines in batches of 1,000, as a cursor fetches them: memory stays one batch.
            let mut done = 0;
            while done < rows {
                let n = (rows - done).min(1_000);
                for mut l in sample::generated(n) {
                    l.line_no += done as i32;
                    w.line(&l)?;
                }
                done += n;
            }
            w.finish()?;
            (
                format!("労金控除依頼データ CSV CP932 stream, {rows} lines, 16 columns"),
                std::fs::metadata(out)?.len() as usize,
            )
        }
        "pdf" => {
            let bytes = list(rows).render()?;
            std::fs::write(out, &bytes)?;
            (
                format!("PDF A4 landscape list, {rows} rows, 10 columns"),
                bytes.len(),
            )
        }
        "csv" => {
            let file = BufWriter::new(std::fs::File::create(out)?);
            let mut w = CsvWriter::new(file, CsvEncoding::Cp932, &HEADER)?;
            for i in 0..rows {
                let (no, kana, kanji, dept, item, note) = text(i);
                w.write_fields(&[
                    Field::Text(&no),
                    Field::Text(kana),
                    Field::Text(kanji),
                    Field::Text(dept),
                    Field::Text(item),
                    Field::Int(amount(i)),
                    Field::Int(amount(i + 1)),
                    Field::Int(amount(i) - amount(i + 1)),
                    Field::Text("2026年4月分"),
                    Field::Text(note),
                ])?;
            }
            w.finish()?;
            (
                format!("CSV CP932 stream, {rows} rows, 10 columns"),
                std::fs::metadata(out)?.len() as usize,
            )
        }
        _ => {
            return Err(
                "pdf, csv, deduction-pdf, deduction-csv, ledger-csv or ledger-import".into(),
            );
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    println!("ROW|{label}|{seconds:.2}|{bytes}|{}", peak_rss_kib());
    Ok(())
}

const HEADER: [&str; 10] = [
    "職員番号",
    "カナ氏名",
    "漢字氏名",
    "所属",
    "控除項目",
    "請求額",
    "控除額",
    "差額",
    "対象",
    "備考",
];

fn amount(i: usize) -> i64 {
    1_000 * ((i as i64 * 37) % 500 + 1)
}

fn text(
    i: usize,
) -> (
    String,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
) {
    const KANA: [&str; 4] = ["ﾛｳｷﾝ ﾀﾛｳ", "ﾀﾅｶ ﾊﾅｺ", "ﾀｶﾊｼ ｲﾁﾛｳ", "ﾔﾏｻﾞｷ ﾐﾕｷ"];
    const KANJI: [&str; 4] = ["労金 太郎", "田中 花子", "髙橋 一郎", "山﨑 美由紀"];
    const DEPT: [&str; 3] = ["本社 総務部", "東京工場 第一製造課", "大阪支店"];
    const ITEM: [&str; 3] = ["財形貯蓄", "一斉積立", "住宅ローン返済"];
    const NOTE: [&str; 3] = [
        "",
        "4月分から金額変更。",
        "育児休業のため6月分まで停止（7月再開）",
    ];
    (
        format!("{:06}", i + 1),
        KANA[i % 4],
        KANJI[i % 4],
        DEPT[i % 3],
        ITEM[i % 3],
        NOTE[i % 3],
    )
}

fn list(rows: usize) -> ListReport {
    let widths = [20.0, 32.0, 28.0, 36.0, 28.0, 24.0, 24.0, 22.0, 22.0, 31.0];
    let columns = HEADER
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (t, w))| {
            if (5..8).contains(&i) {
                Column::yen(*t, w)
            } else {
                Column::text(*t, w)
            }
        })
        .collect();
    let mut out = Vec::with_capacity(rows + rows / 50 + 1);
    let mut sub = 0;
    let mut total = 0;
    for i in 0..rows {
        let (no, kana, kanji, dept, item, note) = text(i);
        sub += amount(i + 1);
        out.push(Row::Data(vec![
            Cell::Text(no),
            kana.into(),
            kanji.into(),
            dept.into(),
            item.into(),
            Cell::Yen(amount(i)),
            Cell::Yen(amount(i + 1)),
            Cell::Yen(amount(i) - amount(i + 1)),
            "2026年4月分".into(),
            note.into(),
        ]));
        if (i + 1) % 50 == 0 || i + 1 == rows {
            out.push(Row::Subtotal {
                label: "小計".into(),
                cells: vec![Cell::Yen(sub), Cell::Empty, Cell::Empty, Cell::Empty],
            });
            total += sub;
            sub = 0;
        }
    }
    out.push(Row::Total {
        label: format!("合計（{rows}件）"),
        cells: vec![Cell::Yen(total), Cell::Empty, Cell::Empty, Cell::Empty],
    });
    ListReport {
        header: Header {
            title: "控除明細一覧表".into(),
            organisation: "ろうきん労働組合".into(),
            payment_group: "0001 本社グループ".into(),
            cycle: "2026年4月分".into(),
            printed_at: "2026年4月20日 10:15".into(),
            ..Default::default()
        },
        orientation: Orientation::Landscape,
        columns,
        rows: out,
    }
}

/// Peak resident set (VmHWM) in KiB; 0 where /proc is missing.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

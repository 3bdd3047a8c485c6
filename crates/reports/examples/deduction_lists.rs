//! Every 労金控除 PDF from sample lines, to look at:
//! `cargo run -p cjs-reports --example deduction_lists -- out_dir [lines]` (default 150 lines;
//! `small` for the eight-line fixture of the tests).

use chrono::{TimeZone, Utc};
use cjs_reports::deduction::employer::{self, Scope};
use cjs_reports::deduction::{
    counter_list, error_list, failed_list, kana_mismatch_list, lump_request, lump_updates,
    movement_list, request_list, result_list, sample,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "deduction_lists".into()));
    let lines = match args.next().as_deref() {
        Some("small") => sample::small(),
        Some(n) => sample::generated(n.parse()?),
        None => sample::generated(150),
    };
    std::fs::create_dir_all(&dir)?;
    let h = sample::header();
    let confirmed = Utc
        .with_ymd_and_hms(2026, 4, 25, 1, 30, 0)
        .single()
        .ok_or("time")?;
    let docs: Vec<(&str, Vec<u8>)> = vec![
        ("01_request_list.pdf", request_list::render(&h, &lines)?),
        ("02_counter_list.pdf", counter_list::render(&h, &lines)?),
        ("03_error_list.pdf", error_list::render(&h, &lines)?),
        ("04_movement_list.pdf", movement_list::render(&h, &lines)?),
        (
            "05_employer_all.pdf",
            employer::render(&h, Scope::All, &employer::rows(&lines, Scope::All))?,
        ),
        (
            "06_employer_movements.pdf",
            employer::render(
                &h,
                Scope::Movements,
                &employer::rows(&lines, Scope::Movements),
            )?,
        ),
        (
            "07_lump_request.pdf",
            lump_request::render(&h, &sample::lump())?,
        ),
        ("08_lump_updates.pdf", lump_updates::render(&h, &lines)?),
        (
            "09_lump_web_updates.pdf",
            lump_updates::render_web(&h, confirmed, &lines)?,
        ),
        ("10_result_list.pdf", result_list::render(&h, &lines)?),
        ("11_failed_list.pdf", failed_list::render(&h, &lines)?),
        (
            "12_kana_mismatch_list.pdf",
            kana_mismatch_list::render(&h, &lines)?,
        ),
    ];
    for (name, bytes) in docs {
        let path = dir.join(name);
        std::fs::write(&path, &bytes)?;
        println!("{}: {} bytes", path.display(), bytes.len());
    }
    Ok(())
}

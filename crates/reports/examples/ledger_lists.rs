//! Every 賃控元帳 PDF from sample data, to look at:
//! `cargo run -p cjs-reports --example ledger_lists -- out_dir [lines]` (default 150 generated
//! run lines for the line lists; `small` for the seven-line fixture of the tests). The 種目合計,
//! 異動分, 相違 and 労金控除賃控元帳依頼 lists print the fixture's rows; the last file is the
//! 労金控除賃控元帳依頼リスト of the generated lines' employees.

use cjs_reports::ledger::{
    breakdown_list, combined, failed_list, item_totals_list, mismatch_list, movement_list,
    request_list, result_list, sample,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "ledger_lists".into()));
    let lines = match args.next().as_deref() {
        Some("small") => sample::lines(),
        Some(n) => sample::generated(n.parse()?),
        None => sample::generated(150),
    };
    std::fs::create_dir_all(&dir)?;
    let h = sample::header();
    let docs: Vec<(&str, Vec<u8>)> = vec![
        ("01_breakdown_list.pdf", breakdown_list::render(&h, &lines)?),
        (
            "02_item_totals_list.pdf",
            item_totals_list::render(&h, &sample::item_totals())?,
        ),
        (
            "03_movement_list.pdf",
            movement_list::render(&h, Some(sample::ym(2026, 3)), &sample::movements())?,
        ),
        ("04_request_list.pdf", request_list::render(&h, &lines)?),
        (
            "05_mismatch_list.pdf",
            mismatch_list::render(&h, &sample::mismatches())?,
        ),
        ("06_result_list.pdf", result_list::render(&h, &lines)?),
        ("07_failed_list.pdf", failed_list::render(&h, &lines)?),
        (
            "08_combined_list.pdf",
            combined::render(&h, &sample::blocks(), true)?,
        ),
        (
            "09_combined_list_no_bank_data.pdf",
            combined::render(&h, &sample::blocks(), false)?,
        ),
        (
            "10_combined_list_generated.pdf",
            combined::render(&h, &sample::generated_blocks(lines.len()), true)?,
        ),
    ];
    for (name, bytes) in docs {
        let path = dir.join(name);
        std::fs::write(&path, &bytes)?;
        println!("{}: {} bytes", path.display(), bytes.len());
    }
    Ok(())
}

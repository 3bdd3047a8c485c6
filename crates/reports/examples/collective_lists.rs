//! Both 一斉積立 PDF lists from sample data, to look at:
//! `cargo run -p cjs-reports --example collective_lists -- out_dir [rows]` (default 150 generated
//! lines and changes; `small` for the five-member fixture of the tests). The third file is the
//! 変更明細表 of a first run (比較対象：なし, every group 0件 but the 新規).

use cjs_reports::collective::{ChangeFoot, change_list, line_list, sample};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "collective_lists".into()));
    let (lines, changes) = match args.next().as_deref() {
        Some("small") => (sample::lines(), sample::changes()),
        Some(n) => {
            let n = n.parse()?;
            (sample::generated(n), sample::generated_changes(n))
        }
        None => (sample::generated(150), sample::generated_changes(150)),
    };
    std::fs::create_dir_all(&dir)?;
    let h = sample::header();
    let first: Vec<_> = sample::changes()
        .into_iter()
        .filter(|c| c.kind == cjs_domain::changes::ChangeKind::New)
        .collect();
    let docs: Vec<(&str, Vec<u8>)> = vec![
        (
            "01_line_list.pdf",
            line_list::render(&h, &lines, sample::totals(&lines))?,
        ),
        (
            "02_change_list.pdf",
            change_list::render(&h, Some(&sample::previous()), &changes, sample::foot())?,
        ),
        (
            "03_change_list_first_run.pdf",
            change_list::render(
                &h,
                None,
                &first,
                ChangeFoot {
                    previous: Default::default(),
                    current: sample::totals(&sample::lines()),
                },
            )?,
        ),
    ];
    for (name, bytes) in docs {
        let path = dir.join(name);
        std::fs::write(&path, &bytes)?;
        println!("{}: {} bytes", path.display(), bytes.len());
    }
    Ok(())
}

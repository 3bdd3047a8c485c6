//! `cjs operator ledger …`: 賃控元帳 from the bank's hosts — the group's items, the ledger
//! export and import (the same file and rules as 賃控元帳明細データインポート: checked whole,
//! all or nothing, every bad row named), a cycle's 控除依頼 and payroll's result file.
//! Layouts: `docs/ledger.md` §6.

use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::Utc;
use cjs_domain::deduction::YearMonth;
use cjs_domain::ledger::import::{HEADER, RowProblem, export_cells};
use cjs_domain::ledger::results::plan_file;
use cjs_domain::ledger::{ItemFields, ItemInput, ItemKind, LineInput, RunList, plan_add};
use cjs_domain::rules::Field;
use cjs_domain::schedule::Occasion;
use cjs_reports::csv::{CsvEncoding, CsvWriter};
use cjs_store::contracts;
use cjs_store::ledger::lines::{self, ImportMode};
use cjs_store::ledger::{CycleKey, Stamp, Writer, items, runs};
use clap::{Args, Subcommand};
use serde_json::json;

use super::{Operator, Out, print};

/// The history's 画面ID for changes made here.
const SCREEN: &str = "OPERATOR";

/// The bank as the writer.
const BANK: Writer<'static> = Writer {
    user_id: None,
    user_name: "金庫",
};

/// The cycle a command works on.
#[derive(Args, Clone)]
pub struct LedgerCycle {
    /// 入金グループ番号.
    #[arg(long)]
    group: String,
    /// monthly | summer | year_end
    #[arg(long)]
    occasion: String,
    /// 控除年月, YYYY-MM.
    #[arg(long)]
    month: String,
}

#[derive(Subcommand)]
pub enum LedgerCommand {
    /// 種目 of a group, with how many lines use each.
    Items {
        #[arg(long)]
        group: String,
        #[command(flatten)]
        out: Out,
    },
    /// 種目の登録.
    ItemAdd {
        #[arg(long)]
        group: String,
        /// 種目コード, 3 digits.
        #[arg(long)]
        code: String,
        /// 種目名 (full-width).
        #[arg(long)]
        name: String,
        /// 表示順, 1–999.
        #[arg(long, default_value_t = 100)]
        order: i64,
        /// rokin | union_dues | mutual_aid | other
        #[arg(long)]
        kind: String,
        /// The item has a 月例 amount.
        #[arg(long)]
        monthly: bool,
        /// The item has 夏季・年末 amounts.
        #[arg(long)]
        bonus: bool,
        #[command(flatten)]
        out: Out,
    },
    /// 賃控元帳明細データ: every 有効 line to a CSV file (CP932 unless --utf8).
    Export {
        #[arg(long)]
        group: String,
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        utf8: bool,
        #[command(flatten)]
        out: Out,
    },
    /// 賃控元帳明細データ: import a file (all rows or none); changed amounts apply from --from.
    Import {
        #[arg(long)]
        group: String,
        #[arg(long)]
        file: PathBuf,
        /// 適用月, YYYY-MM.
        #[arg(long)]
        from: String,
        /// Check only (dry run): report, write nothing.
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        out: Out,
    },
    /// Bench and test data: `count` 有効 lines over the group's items (each member gets one
    /// line per item), 職員番号 0000001…, written in one transaction (multi-row INSERTs, no
    /// reading of the ledger). The group's items must be registered first.
    Generate {
        #[arg(long)]
        group: String,
        #[arg(long, default_value_t = 100_000)]
        count: u32,
        /// 開始月, YYYY-MM.
        #[arg(long)]
        start_month: String,
        #[command(flatten)]
        out: Out,
    },
    /// 控除依頼の作成: the cycle's snapshot of the ledger.
    Run {
        #[command(flatten)]
        cycle: LedgerCycle,
        /// Make it again (only while no result is recorded).
        #[arg(long)]
        replace: bool,
        #[command(flatten)]
        out: Out,
    },
    /// 控除結果: payroll's result file for the cycle (all rows or none).
    LoadResults {
        #[command(flatten)]
        cycle: LedgerCycle,
        #[arg(long)]
        file: PathBuf,
        #[command(flatten)]
        out: Out,
    },
}

fn refuse(problems: &[RowProblem]) -> anyhow::Error {
    for p in problems {
        eprintln!("{p}");
    }
    anyhow::anyhow!(
        "ファイルに誤りが{}件あります。何も登録していません。",
        problems.len()
    )
}

fn read(file: &PathBuf) -> anyhow::Result<Vec<u8>> {
    std::fs::read(file).with_context(|| format!("reading {}", file.display()))
}

impl Operator {
    /// The group's contract number (the group must exist).
    fn ledger_group(&mut self, group: &str) -> anyhow::Result<String> {
        match contracts::find_payment_group(&mut self.conn, group)? {
            Some(g) => Ok(g.contract_number),
            None => bail!("no payment group {group}"),
        }
    }
}

fn cycle_of(a: &LedgerCycle) -> anyhow::Result<(Occasion, YearMonth)> {
    let occasion = Occasion::parse(&a.occasion)
        .with_context(|| format!("occasion {}: monthly, summer or year_end", a.occasion))?;
    let month = YearMonth::parse_as(Field::Month, &a.month)
        .map_err(|e| anyhow::anyhow!("month {}: {e}", a.month))?;
    Ok((occasion, month))
}

fn stamp() -> Stamp<'static> {
    Stamp {
        writer: BANK,
        screen: SCREEN,
        now: Utc::now(),
    }
}

pub fn run(op: &mut Operator, cmd: LedgerCommand) -> anyhow::Result<()> {
    match cmd {
        LedgerCommand::Items { group, out } => {
            op.ledger_group(&group)?;
            let rows = items::list_with_usage(&mut op.conn, &group)?;
            let json_rows: Vec<_> = rows
                .iter()
                .map(|(i, n)| {
                    json!({"code": i.code, "name": i.name, "display_order": i.display_order,
                           "kind": i.kind, "monthly": i.monthly, "bonus": i.bonus, "lines": n})
                })
                .collect();
            let text = rows
                .iter()
                .map(|(i, n)| {
                    format!(
                        "{} {}  表示順{} {} 月例{} 賞与{}  {n}件",
                        i.code,
                        i.name,
                        i.display_order,
                        i.kind.label(),
                        if i.monthly { "○" } else { "－" },
                        if i.bonus { "○" } else { "－" },
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            print(out, json!(json_rows), text);
            Ok(())
        }
        LedgerCommand::ItemAdd {
            group,
            code,
            name,
            order,
            kind,
            monthly,
            bonus,
            out,
        } => {
            let contract = op.ledger_group(&group)?;
            let kind: ItemKind = kind.parse().map_err(|_| {
                anyhow::anyhow!("kind {kind}: rokin, union_dues, mutual_aid or other")
            })?;
            let fields = ItemFields::parse(&ItemInput {
                item_code: code,
                item_name: name,
                display_order: order,
                kind,
                monthly,
                bonus,
            })
            .map_err(|r| anyhow::anyhow!("{r}"))?;
            match items::insert(&mut op.conn, &group, &fields, Utc::now()) {
                Ok(_) => {}
                Err(cjs_store::StoreError::Conflict(_)) => {
                    bail!("入力された種目コードはすでに登録済です。")
                }
                Err(e) => return Err(e.into()),
            }
            let label = fields.label();
            print(
                out,
                json!({"group": group, "item": label}),
                format!("{group}: 種目を登録しました（{label}）"),
            );
            op.log_op(Some(&contract), "賃控元帳種目登録", &group, &label)
        }
        LedgerCommand::Export {
            group,
            file,
            utf8,
            out,
        } => {
            op.ledger_group(&group)?;
            let encoding = if utf8 {
                CsvEncoding::Utf8Bom
            } else {
                CsvEncoding::Cp932
            };
            let f = std::fs::File::create(&file)
                .with_context(|| format!("creating {}", file.display()))?;
            let mut w = CsvWriter::new(std::io::BufWriter::new(f), encoding, &HEADER)?;
            let mut after: Option<String> = None;
            let mut n = 0;
            loop {
                let page = lines::export_page(&mut op.conn, &group, after.as_deref(), 1_000)?;
                let Some(last) = page.last() else { break };
                after = Some(last.employee_no.to_string());
                for r in &page {
                    let cells = export_cells(&r.line(), r.item_name.as_str());
                    let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                    w.write_row(&cells)?;
                    n += 1;
                }
            }
            w.finish()?;
            print(
                out,
                json!({"group": group, "lines": n, "file": file.display().to_string()}),
                format!("{group}: 賃控元帳明細データを出力しました（{n}件）"),
            );
            Ok(())
        }
        LedgerCommand::Import {
            group,
            file,
            from,
            check,
            out,
        } => {
            let contract = op.ledger_group(&group)?;
            let from = YearMonth::parse_as(Field::AmountsFrom, &from)
                .map_err(|e| anyhow::anyhow!("--from {from}: {e}"))?;
            let bytes = read(&file)?;
            let (rows, mut problems) = cjs_reports::ledger::lines_csv::parse(&bytes);
            // The file's bytes are no longer needed, nor (once planned) its rows: the import
            // takes them.
            drop(bytes);
            let mode = if check || !problems.is_empty() {
                ImportMode::Check
            } else {
                ImportMode::Apply
            };
            let report = lines::import(&mut op.conn, &group, rows, from, mode, &stamp())?
                .map_err(|r| anyhow::anyhow!("{r}"))?;
            problems.extend(report.problems.iter().cloned());
            problems.sort_by_key(|p| (p.line, p.column));
            if !problems.is_empty() {
                return Err(refuse(&problems));
            }
            let verb = if report.applied {
                "取り込みました"
            } else {
                "確認しました（未登録）"
            };
            print(
                out,
                json!({"group": group, "rows": report.rows, "new": report.new,
                       "changed": report.changed, "unchanged": report.unchanged,
                       "applied": report.applied}),
                format!(
                    "{group}: {verb}（{}行：新規{}件、変更{}件、変更なし{}件）",
                    report.rows, report.new, report.changed, report.unchanged
                ),
            );
            if report.applied {
                op.log_op(
                    Some(&contract),
                    "賃控元帳明細データインポート",
                    &group,
                    &format!(
                        "新規{} 変更{} {}",
                        report.new,
                        report.changed,
                        file.display()
                    ),
                )?;
            }
            Ok(())
        }
        LedgerCommand::Generate {
            group,
            count,
            start_month,
            out,
        } => {
            let contract = op.ledger_group(&group)?;
            let start = YearMonth::parse_as(Field::StartMonth, &start_month)
                .map_err(|e| anyhow::anyhow!("--start-month {start_month}: {e}"))?;
            let began = std::time::Instant::now();
            let n = generate(op, &group, count, start)?;
            let seconds = began.elapsed().as_secs_f64();
            print(
                out,
                json!({"group": group, "lines": n, "seconds": seconds}),
                format!("{group}: 賃控元帳明細を{n}件登録しました（{seconds:.2} 秒）"),
            );
            op.log_op(
                Some(&contract),
                "賃控元帳明細一括登録",
                &group,
                &format!("{n}件"),
            )
        }
        LedgerCommand::Run {
            cycle,
            replace,
            out,
        } => {
            let contract = op.ledger_group(&cycle.group)?;
            let (occasion, month) = cycle_of(&cycle)?;
            let key = CycleKey {
                payment_group: &cycle.group,
                occasion,
                month,
            };
            let run = runs::create(&mut op.conn, &key, replace, &stamp())?
                .map_err(|r| anyhow::anyhow!("{}: {r}", key.target()))?;
            print(
                out,
                json!({"cycle": key.target(), "lines": run.line_count, "total": run.total}),
                format!(
                    "{}: 賃控元帳控除依頼データを作成しました（{}件、{}円）",
                    key.target(),
                    run.line_count,
                    run.total
                ),
            );
            op.log_op(
                Some(&contract),
                "賃控元帳控除依頼データ作成",
                &key.target(),
                &format!("{}件", run.line_count),
            )
        }
        LedgerCommand::LoadResults { cycle, file, out } => {
            let contract = op.ledger_group(&cycle.group)?;
            let (occasion, month) = cycle_of(&cycle)?;
            let key = CycleKey {
                payment_group: &cycle.group,
                occasion,
                month,
            };
            if runs::find(&mut op.conn, &key)?.is_none() {
                bail!(
                    "{}: この控除年月の賃控元帳控除依頼データはまだ作成されていません。",
                    key.target()
                );
            }
            let bytes = read(&file)?;
            let (rows, mut problems) = cjs_reports::ledger::results_csv::parse(&bytes);
            let all = runs::lines(&mut op.conn, &key)?;
            let keys: Vec<_> = all.iter().map(runs::RunLineRow::key).collect();
            let results = match plan_file(&keys, &rows) {
                Ok(r) if problems.is_empty() => r,
                Ok(_) => return Err(refuse(&problems)),
                Err(more) => {
                    problems.extend(more);
                    problems.sort_by_key(|p| (p.line, p.column));
                    return Err(refuse(&problems));
                }
            };
            runs::set_results(&mut op.conn, &key, None, &results, &stamp())?
                .map_err(|r| anyhow::anyhow!("{}: {r}", key.target()))?;
            let t = runs::totals(&mut op.conn, &key, RunList::All)?;
            print(
                out,
                json!({"cycle": key.target(), "results": results.len(),
                       "deducted": t.deducted_count, "failed": t.failed_count}),
                format!(
                    "{}: 控除結果を登録しました（{}件、済{}件、不能{}件）",
                    key.target(),
                    results.len(),
                    t.deducted_count,
                    t.failed_count
                ),
            );
            op.log_op(
                Some(&contract),
                "賃控元帳控除結果登録",
                &key.target(),
                &format!("{}件 {}", results.len(), file.display()),
            )
        }
    }
}

/// `count` lines for `ledger generate`: member `k` (職員番号 `k + 1`, 7 digits, a name from the
/// demo's lists) gets one line per item of the group, amounts where the item has them.
fn generate(op: &mut Operator, group: &str, count: u32, start: YearMonth) -> anyhow::Result<usize> {
    use super::demo_deduction::{GIVEN, Lcg, SURNAMES};
    let catalogue = items::catalogue(&mut op.conn, group)?;
    if catalogue.is_empty() {
        bail!("{group}: 種目が登録されていません（ledger item-add で先に登録してください）");
    }
    let mut rng = Lcg(u64::from(count) ^ 0x1ed9);
    let per_member = catalogue.len();
    let changes = (0..count as usize)
        .map(|k| {
            let item = &catalogue[k % per_member].fields;
            let (surname, s_kana) = SURNAMES[(k / per_member) % SURNAMES.len()];
            let (given, g_kana) = GIVEN[(k / per_member / SURNAMES.len()) % GIVEN.len()];
            let monthly = if item.monthly {
                rng.yen(1_000, 20_000, 500)
            } else {
                0
            };
            let bonus = if item.bonus {
                rng.yen(5_000, 50_000, 1_000)
            } else {
                0
            };
            let input = LineInput {
                employee_no: format!("{:07}", k / per_member + 1),
                kana_name: format!("{s_kana} {g_kana}"),
                kanji_name: format!("{surname}　{given}"),
                item_code: item.code.to_string(),
                amount_monthly: monthly,
                amount_summer: bonus,
                amount_year_end: bonus,
                start_month: start.to_string(),
                end_month: None,
            };
            plan_add(&input, &catalogue).map_err(|r| anyhow::anyhow!("{}: {r}", input.employee_no))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(lines::insert_all(&mut op.conn, group, &changes, &stamp())?)
}

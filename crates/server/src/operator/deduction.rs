//! `cjs operator deduction …`: the bank's side of 労金控除 — the 締切 snapshot, the bank's own
//! request file, the result file, 金庫受付 and the まとめ入金 入金先. Files are checked whole
//! first and written all or nothing, every bad row named. Layouts: `docs/deduction.md` §6, §9.

use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::Utc;
use cjs_domain::calendar::jst;
use cjs_domain::deduction::results::{ResultRecord, match_results};
use cjs_domain::deduction::snapshot::{BankLine, LineBody, from_bank};
use cjs_domain::deduction::{
    AccountKind, AccountNo, BranchNo, EmployeeNo, FailReason, KanjiName, Movement, Outcome,
    ProductCode, RunOrigin, YearMonth,
};
use cjs_domain::kana::{self, KanaName};
use cjs_domain::rules::{Field, RuleError};
use cjs_domain::schedule::Occasion;
use cjs_reports::import::{CsvImport, ImportProblem, ImportReason, Problems, Record};
use cjs_store::contracts;
use cjs_store::deduction::CycleKey;
use cjs_store::deduction::payees::{self, NewPayee};
use cjs_store::deduction::runs::{self, Created};
use cjs_store::info;
use clap::{Args, Subcommand};
use serde_json::json;

use super::{Operator, Out, print};

/// The cycle a command works on.
#[derive(Args, Clone)]
pub struct CycleArgs {
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
pub enum DeductionCommand {
    /// 締切: make the cycle's request data from the details (sets 依頼データ受信).
    Close {
        #[command(flatten)]
        cycle: CycleArgs,
        /// Make it again (only while 未確定, no 入金中止, no results).
        #[arg(long)]
        replace: bool,
        #[command(flatten)]
        out: Out,
    },
    /// Load the request data the bank's host made (CSV; sets 依頼データ受信).
    LoadRequests {
        #[command(flatten)]
        cycle: CycleArgs,
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        replace: bool,
        #[command(flatten)]
        out: Out,
    },
    /// Load the result data (CSV; sets 結果データ受信 and 金庫受付済).
    LoadResults {
        #[command(flatten)]
        cycle: CycleArgs,
        #[arg(long)]
        file: PathBuf,
        #[command(flatten)]
        out: Out,
    },
    /// 金庫受付: the bank has taken the confirmed まとめ入金 (確定 → 金庫受付済).
    MarkTaken {
        #[command(flatten)]
        cycle: CycleArgs,
        #[command(flatten)]
        out: Out,
    },
    /// Add `count` synthetic details to a group in one transaction (a bank-sized group for the
    /// bench and for trying the lists; 職員番号 90000001…).
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
    /// The group's まとめ入金 入金先.
    Payee {
        #[arg(long)]
        group: String,
        /// 店番, 3 digits.
        #[arg(long)]
        branch_no: String,
        /// 店名.
        #[arg(long)]
        branch_name: String,
        /// ordinary (普通) | current (当座)
        #[arg(long, default_value = "ordinary")]
        kind: String,
        /// 口座番号, 7 digits.
        #[arg(long)]
        account: String,
        /// 口座名義 (カナ; full-width is converted).
        #[arg(long)]
        kana: String,
        #[command(flatten)]
        out: Out,
    },
}

/// 労金控除依頼データ (the bank's host), in order.
pub const REQUEST_COLUMNS: [&str; 10] = [
    "職員番号",
    "カナ氏名",
    "漢字氏名",
    "取引コード",
    "店番",
    "口座番号",
    "依頼金額",
    "異動区分",
    "窓口",
    "前回金額",
];

/// 結果データ, in order.
pub const RESULT_COLUMNS: [&str; 9] = [
    "行番号",
    "職員番号",
    "取引コード",
    "店番",
    "口座番号",
    "結果",
    "不能理由コード",
    "不能理由",
    "金庫カナ氏名",
];

struct Cycle {
    group: String,
    occasion: Occasion,
    month: YearMonth,
    contract: String,
}

impl Cycle {
    fn key(&self) -> CycleKey<'_> {
        CycleKey {
            payment_group: &self.group,
            occasion: self.occasion,
            month: self.month,
        }
    }
}

impl Operator {
    /// The cycle named on the command line; the group and the schedule's cycle must exist.
    fn deduction_cycle(&mut self, a: &CycleArgs) -> anyhow::Result<Cycle> {
        let occasion = Occasion::parse(&a.occasion)
            .with_context(|| format!("occasion {}: monthly, summer or year_end", a.occasion))?;
        let month = YearMonth::parse_as(Field::Month, &a.month)
            .map_err(|e| anyhow::anyhow!("month {}: {e}", a.month))?;
        let Some(group) = contracts::find_payment_group(&mut self.conn, &a.group)? else {
            bail!("no payment group {}", a.group);
        };
        if info::find_cycle(&mut self.conn, &a.group, occasion, month.first_day())?.is_none() {
            bail!(
                "no {} cycle {} for {} (cjs operator cycle set first)",
                occasion.label(),
                month,
                a.group
            );
        }
        Ok(Cycle {
            group: a.group.clone(),
            occasion,
            month,
            contract: group.contract_number,
        })
    }
}

fn report_created(out: Out, c: &Cycle, created: Created) -> anyhow::Result<usize> {
    match created {
        Created::Lines(n) => {
            print(
                out,
                json!({"cycle": c.key().target(), "lines": n}),
                format!(
                    "{}: 控除依頼データを作成しました（{n}件）",
                    c.key().target()
                ),
            );
            Ok(n)
        }
        Created::Exists => bail!(
            "{}: 控除依頼データは作成済です（作り直すには --replace）",
            c.key().target()
        ),
        Created::InUse => bail!(
            "{}: まとめ入金が確定済、または入金中止・結果があるため作り直せません",
            c.key().target()
        ),
    }
}

/// Prints every problem of a file and fails.
fn refuse_file(problems: Vec<ImportProblem>) -> anyhow::Error {
    for p in &problems {
        eprintln!("{p}");
    }
    anyhow::anyhow!(
        "ファイルに誤りが{}件あります。何も登録していません。",
        problems.len()
    )
}

fn digits_i64(s: &str) -> Result<i64, &'static str> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 8 {
        return Err("半角数字（8桁以内）で入力してください");
    }
    s.parse::<i64>()
        .map_err(|_| "半角数字（8桁以内）で入力してください")
}

fn movement_of(s: &str) -> Result<Movement, &'static str> {
    Movement::ALL
        .iter()
        .copied()
        .find(|m| m.label() == s)
        .ok_or("新規・変更・解除・継続のいずれかを入力してください")
}

/// One field parsed by a domain rule; its message (without the item, which the column names).
fn field<T>(p: &mut Problems, r: &Record, col: usize, parsed: Result<T, RuleError>) -> Option<T> {
    p.check(r, col, parsed)
}

/// The bank's request file, checked whole.
pub fn parse_requests(bytes: &[u8]) -> Result<Vec<BankLine>, Vec<ImportProblem>> {
    let (records, mut p) = CsvImport::parse(bytes, &REQUEST_COLUMNS).into_parts();
    let mut lines = Vec::with_capacity(records.len());
    for r in &records {
        let employee_no = field(&mut p, r, 0, EmployeeNo::parse(r.get(0).trim()));
        let kana_name = field(&mut p, r, 1, KanaName::parse(r.get(1)));
        let kanji = r.get(2).trim();
        let kanji_name = if kanji.is_empty() {
            Some(None)
        } else {
            field(&mut p, r, 2, KanjiName::parse(kanji)).map(Some)
        };
        let product = field(&mut p, r, 3, ProductCode::parse(r.get(3).trim()));
        let branch_no = field(&mut p, r, 4, BranchNo::parse(r.get(4).trim()));
        let account_no = field(&mut p, r, 5, AccountNo::parse(r.get(5).trim()));
        let amount = p.check(r, 6, digits_i64(r.get(6).trim()));
        let movement = p.check(r, 7, movement_of(r.get(7).trim()));
        let counter = match r.get(8).trim() {
            "" | "0" => Some(false),
            "1" => Some(true),
            _ => {
                p.at(r.line, 8, ImportReason::Invalid("1 または空欄".into()));
                None
            }
        };
        let previous = match r.get(9).trim() {
            "" => Some(None),
            s => p.check(r, 9, digits_i64(s)).map(Some),
        };
        if let (
            Some(employee_no),
            Some(kana_name),
            Some(kanji_name),
            Some(product),
            Some(branch_no),
            Some(account_no),
            Some(amount),
            Some(movement),
            Some(counter),
            Some(previous_amount),
        ) = (
            employee_no,
            kana_name,
            kanji_name,
            product,
            branch_no,
            account_no,
            amount,
            movement,
            counter,
            previous,
        ) {
            lines.push(BankLine {
                body: LineBody {
                    employee_no,
                    kana_name,
                    kanji_name,
                    product,
                    product_name: String::new(),
                    branch_no,
                    account_no,
                    amount,
                },
                movement,
                counter,
                previous_amount,
            });
        }
    }
    p.finish(lines)
}

fn outcome_of(s: &str) -> Result<Outcome, &'static str> {
    match s {
        "済" | "0" => Ok(Outcome::Done),
        "不能" | "1" => Ok(Outcome::Failed),
        _ => Err("済 または 不能 を入力してください"),
    }
}

/// The result file, checked whole (the records, each with its physical line).
pub fn parse_results(bytes: &[u8]) -> Result<Vec<(usize, ResultRecord)>, Vec<ImportProblem>> {
    let (records, mut p) = CsvImport::parse(bytes, &RESULT_COLUMNS).into_parts();
    let mut out = Vec::with_capacity(records.len());
    for r in &records {
        let line_no = match r.get(0).trim() {
            "" => Some(None),
            s => p
                .check(
                    r,
                    0,
                    s.parse::<i32>()
                        .ok()
                        .filter(|n| *n >= 1)
                        .ok_or("1以上の半角数字で入力してください"),
                )
                .map(Some),
        };
        let employee_no = field(&mut p, r, 1, EmployeeNo::parse(r.get(1).trim()));
        let product = field(&mut p, r, 2, ProductCode::parse(r.get(2).trim()));
        let branch_no = field(&mut p, r, 3, BranchNo::parse(r.get(3).trim()));
        let account_no = field(&mut p, r, 4, AccountNo::parse(r.get(4).trim()));
        let outcome = p.check(r, 5, outcome_of(r.get(5).trim()));
        let reason = match r.get(6).trim() {
            "" => Some(None),
            s => p
                .check(
                    r,
                    6,
                    FailReason::from_code(s).ok_or("01・02・03・04・05・99 のいずれかです"),
                )
                .map(Some),
        };
        let text = r.get(7).trim();
        let reason_text = if text.chars().count() > 40 {
            p.at(r.line, 7, ImportReason::Invalid("40文字以内です".into()));
            None
        } else {
            Some((!text.is_empty()).then(|| text.to_owned()))
        };
        let bank_kana = match r.get(8).trim() {
            "" => Some(None),
            s => match kana::normalise(s) {
                Ok(k) => Some(Some(k)),
                Err(ch) => {
                    p.at(
                        r.line,
                        8,
                        ImportReason::Invalid(format!(
                            "使用できない文字（{}）が含まれています",
                            cjs_domain::rules::describe_char(ch)
                        )),
                    );
                    None
                }
            },
        };
        if let (
            Some(line_no),
            Some(employee_no),
            Some(product),
            Some(branch_no),
            Some(account_no),
            Some(outcome),
            Some(reason),
            Some(reason_text),
            Some(bank_kana),
        ) = (
            line_no,
            employee_no,
            product,
            branch_no,
            account_no,
            outcome,
            reason,
            reason_text,
            bank_kana,
        ) {
            out.push((
                r.line,
                ResultRecord {
                    line_no,
                    employee_no: employee_no.to_string(),
                    product_code: product.to_string(),
                    branch_no: branch_no.to_string(),
                    account_no: account_no.to_string(),
                    outcome,
                    reason,
                    reason_text,
                    bank_kana,
                },
            ));
        }
    }
    p.finish(out)
}

fn read(file: &PathBuf) -> anyhow::Result<Vec<u8>> {
    std::fs::read(file).with_context(|| format!("reading {}", file.display()))
}

pub fn run(op: &mut Operator, cmd: DeductionCommand) -> anyhow::Result<()> {
    match cmd {
        DeductionCommand::Generate {
            group,
            count,
            start_month,
            out,
        } => {
            let Some(found) = contracts::find_payment_group(&mut op.conn, &group)? else {
                bail!("no payment group {group}");
            };
            let start = YearMonth::parse_as(Field::Month, &start_month)
                .map_err(|e| anyhow::anyhow!("start-month {start_month}: {e}"))?;
            let began = std::time::Instant::now();
            let n = super::demo_deduction::generate(op, &group, count, start)?;
            let seconds = began.elapsed().as_secs_f64();
            print(
                out,
                json!({"payment_group": group, "details": n, "seconds": seconds}),
                format!("{group}: 労金控除明細を{n}件登録しました（{seconds:.2} 秒）"),
            );
            op.log_op(
                Some(&found.contract_number),
                "労金控除明細一括登録",
                &group,
                &format!("{n}件"),
            )
        }
        DeductionCommand::Close {
            cycle,
            replace,
            out,
        } => {
            let c = op.deduction_cycle(&cycle)?;
            let now = Utc::now();
            if let Some(row) =
                info::find_cycle(&mut op.conn, &c.group, c.occasion, c.month.first_day())?
                && jst(now).date_naive() <= row.deadline
            {
                bail!(
                    "{}: 締切日（{}）が過ぎていないため、控除依頼データを作成できません",
                    c.key().target(),
                    row.deadline.format("%Y/%m/%d")
                );
            }
            let config = op.settings.deduction.clone();
            let created = runs::close_cycle(&mut op.conn, &c.key(), &config, replace, now)?;
            let n = report_created(out, &c, created)?;
            op.log_op(
                Some(&c.contract),
                "労金控除依頼データ作成",
                &c.key().target(),
                &format!("{n}件"),
            )
        }
        DeductionCommand::LoadRequests {
            cycle,
            file,
            replace,
            out,
        } => {
            let c = op.deduction_cycle(&cycle)?;
            let bytes = read(&file)?;
            let mut bank = parse_requests(&bytes).map_err(refuse_file)?;
            for l in &mut bank {
                l.body.product_name = op.settings.deduction.display_name(l.body.product.as_str());
            }
            let lines = from_bank(bank);
            let created = runs::create_run(
                &mut op.conn,
                &c.key(),
                RunOrigin::BankFile,
                &lines,
                replace,
                Utc::now(),
            )?;
            let n = report_created(out, &c, created)?;
            op.log_op(
                Some(&c.contract),
                "労金控除依頼データ受信",
                &c.key().target(),
                &format!("{n}件 {}", file.display()),
            )
        }
        DeductionCommand::LoadResults { cycle, file, out } => {
            let c = op.deduction_cycle(&cycle)?;
            let bytes = read(&file)?;
            let records = parse_results(&bytes).map_err(refuse_file)?;
            let lines = runs::all_lines(&mut op.conn, &c.key())?;
            if lines.is_empty() && runs::find_run(&mut op.conn, &c.key())?.is_none() {
                bail!("{}: 控除依頼データがありません", c.key().target());
            }
            let keys: Vec<_> = lines.iter().map(runs::LineRow::key).collect();
            let plain: Vec<ResultRecord> = records.iter().map(|(_, r)| r.clone()).collect();
            let matched = match_results(&keys, &plain).map_err(|problems| {
                refuse_file(
                    problems
                        .into_iter()
                        .map(|(i, why)| ImportProblem {
                            line: records.get(i).map_or(0, |(line, _)| *line),
                            column: None,
                            column_name: None,
                            reason: ImportReason::Invalid(why.to_string()),
                        })
                        .collect(),
                )
            })?;
            let n = runs::load_results(&mut op.conn, &c.key(), &matched, Utc::now())?
                .map_err(|r| anyhow::anyhow!("{}: {r}", c.key().target()))?;
            let mismatched = matched
                .iter()
                .filter(|m| m.kana_mismatch == Some(true))
                .count();
            let failed = matched
                .iter()
                .filter(|m| m.outcome == Outcome::Failed)
                .count();
            print(
                out,
                json!({"cycle": c.key().target(), "results": n, "failed": failed, "kana_mismatch": mismatched}),
                format!(
                    "{}: 結果データを登録しました（{n}件、うち不能{failed}件、カナ氏名不一致{mismatched}件）",
                    c.key().target()
                ),
            );
            op.log_op(
                Some(&c.contract),
                "労金控除結果データ受信",
                &c.key().target(),
                &format!("{n}件 {}", file.display()),
            )
        }
        DeductionCommand::MarkTaken { cycle, out } => {
            let c = op.deduction_cycle(&cycle)?;
            let run = runs::mark_taken(&mut op.conn, &c.key(), Utc::now())?
                .map_err(|r| anyhow::anyhow!("{}: {r}", c.key().target()))?;
            print(
                out,
                json!({"cycle": c.key().target(), "state": run.lump_state}),
                format!("{}: まとめ入金を金庫受付済にしました", c.key().target()),
            );
            op.log_op(
                Some(&c.contract),
                "まとめ入金金庫受付",
                &c.key().target(),
                "",
            )
        }
        DeductionCommand::Payee {
            group,
            branch_no,
            branch_name,
            kind,
            account,
            kana: name,
            out,
        } => {
            let Some(g) = contracts::find_payment_group(&mut op.conn, &group)? else {
                bail!("no payment group {group}");
            };
            let branch_no = BranchNo::parse(&branch_no).map_err(|e| anyhow::anyhow!("{e}"))?;
            let account = AccountNo::parse(&account).map_err(|e| anyhow::anyhow!("{e}"))?;
            let kind: AccountKind = kind
                .parse()
                .map_err(|_| anyhow::anyhow!("kind {kind}: ordinary or current"))?;
            let name = KanaName::parse_as(Field::OrganisationKana, &name, 30)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if branch_name.trim().is_empty() {
                bail!("店名を入力してください");
            }
            payees::put_payee(
                &mut op.conn,
                &group,
                NewPayee {
                    branch_no: branch_no.as_str(),
                    branch_name: branch_name.trim(),
                    account_kind: kind,
                    account_no: account.as_str(),
                    account_name_kana: name.as_str(),
                },
                Utc::now(),
            )?;
            let text = format!(
                "{branch_no} {} {} {account} {name}",
                branch_name.trim(),
                kind.label()
            );
            print(
                out,
                json!({"group": group, "payee": text}),
                format!("{group}: 入金先を登録しました（{text}）"),
            );
            op.log_op(
                Some(&g.contract_number),
                "まとめ入金入金先登録",
                &group,
                &text,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_file_with_bad_rows_names_every_one_and_keeps_nothing() {
        let file = "職員番号,カナ氏名,漢字氏名,取引コード,店番,口座番号,依頼金額,異動区分,窓口,前回金額\r\n\
                    0001,ロウキン タロウ,労金　太郎,01,123,1234567,10000,新規,,\r\n\
                    00A2,ﾛｳｷﾝ,,01,12,1234567,-5,追加,2,\r\n";
        let problems = parse_requests(file.as_bytes()).expect_err("row 3 is bad");
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 5, "{text:?}");
        assert!(text.iter().all(|t| t.starts_with("3行目")), "{text:?}");
        assert!(text[0].contains("職員番号"));
    }

    #[test]
    fn a_good_request_file_reads_with_converted_kana() {
        let file = "職員番号,カナ氏名,漢字氏名,取引コード,店番,口座番号,依頼金額,異動区分,窓口,前回金額\r\n\
                    0001,ロウキン タロウ,労金　太郎,01,123,1234567,10000,変更,1,9000\r\n";
        let lines = parse_requests(file.as_bytes()).expect("good");
        assert_eq!(lines[0].body.kana_name.as_str(), "ﾛｳｷﾝ ﾀﾛｳ");
        assert_eq!(lines[0].movement, Movement::Changed);
        assert!(lines[0].counter);
        assert_eq!(lines[0].previous_amount, Some(9000));
    }

    #[test]
    fn a_result_file_reads_outcomes_reasons_and_bank_kana() {
        let file = "行番号,職員番号,取引コード,店番,口座番号,結果,不能理由コード,不能理由,金庫カナ氏名\r\n\
                    1,0001,01,123,1234567,済,,,ロウキン タロウ\r\n\
                    ,0002,01,123,7654321,不能,02,解約済,\r\n\
                    x,0003,01,123,7654321,保留,77,,ﾛｳｷﾝ☆\r\n";
        let problems = parse_results(file.as_bytes()).expect_err("row 4 is bad");
        assert_eq!(problems.len(), 4);
        let good = "行番号,職員番号,取引コード,店番,口座番号,結果,不能理由コード,不能理由,金庫カナ氏名\r\n\
                    1,0001,01,123,1234567,済,,,ロウキン タロウ\r\n\
                    ,0002,01,123,7654321,不能,02,解約済,\r\n";
        let records = parse_results(good.as_bytes()).expect("good");
        assert_eq!(records[0].1.bank_kana.as_deref(), Some("ﾛｳｷﾝ ﾀﾛｳ"));
        assert_eq!(records[1].1.reason, Some(FailReason::AccountClosed));
        assert_eq!(records[1].1.line_no, None);
        assert_eq!(records[1].0, 3);
    }
}

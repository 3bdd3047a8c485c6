//! `cjs operator collective load`: the bank's 一斉積立 data set (a run: 番号, 名称, 受信日, 作成区分
//! and the members' lines), checked whole and written all or nothing, every bad row named; the
//! 変更明細 against the previous run is made as it is stored. Layout: `docs/collective.md` §6.

use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::{NaiveDate, Utc};
use cjs_domain::changes::duplicates;
use cjs_domain::collective::{AMOUNT, Line, RunHeader, RunName, RunNo};
use cjs_domain::deduction::{AccountNo, BranchNo, EmployeeNo, KanjiName};
use cjs_domain::kana::KanaName;
use cjs_domain::rules::Field;
use cjs_domain::schedule::RunKind;
use cjs_domain::{ContractKind, Service};
use cjs_reports::import::{CsvImport, ImportProblem, ImportReason};
use cjs_store::collective::{self, Loaded, RunKey};
use cjs_store::contracts;
use clap::Subcommand;
use serde_json::json;

use super::{Operator, Out, print};

#[derive(Subcommand)]
pub enum CollectiveCommand {
    /// Load a run (一斉積立内訳明細, CSV); its 変更明細 is made against the previous run.
    Load {
        /// 入金グループ番号.
        #[arg(long)]
        group: String,
        /// 番号, 1–999.
        #[arg(long)]
        no: String,
        /// 名称 (20 characters at most).
        #[arg(long)]
        name: String,
        /// 受信日, YYYY-MM-DD.
        #[arg(long)]
        date: NaiveDate,
        /// regular (定例) | ad_hoc (臨時作成)
        #[arg(long, default_value = "regular")]
        kind: String,
        #[arg(long)]
        file: PathBuf,
        /// Replace the run of this 番号 (only the group's newest).
        #[arg(long)]
        replace: bool,
        #[command(flatten)]
        out: Out,
    },
}

/// 一斉積立内訳明細 (the bank's file), in order.
pub const COLUMNS: [&str; 6] = [
    "職員番号",
    "カナ氏名",
    "漢字氏名",
    "店番",
    "口座番号",
    "積立金額",
];

/// The bank's file, checked whole: every bad field, a 職員番号 given twice (on its second row), a
/// file without rows.
pub fn parse_lines(bytes: &[u8]) -> Result<Vec<Line>, Vec<ImportProblem>> {
    let (records, mut p) = CsvImport::parse(bytes, &COLUMNS).into_parts();
    let mut lines = Vec::with_capacity(records.len());
    for r in &records {
        let employee_no = p.check(r, 0, EmployeeNo::parse(r.get(0).trim()));
        let kana_name = p.check(r, 1, KanaName::parse(r.get(1)));
        let kanji = r.get(2).trim();
        let kanji_name = if kanji.is_empty() {
            Some(None)
        } else {
            p.check(r, 2, KanjiName::parse(kanji)).map(Some)
        };
        let branch_no = p.check(r, 3, BranchNo::parse(r.get(3).trim()));
        let account_no = p.check(r, 4, AccountNo::parse(r.get(4).trim()));
        let amount = p.check(r, 5, AMOUNT.parse(Field::SavingsAmount, r.get(5)));
        if let (
            Some(employee_no),
            Some(kana_name),
            Some(kanji_name),
            Some(branch_no),
            Some(account_no),
            Some(amount),
        ) = (
            employee_no,
            kana_name,
            kanji_name,
            branch_no,
            account_no,
            amount,
        ) {
            lines.push((
                r.line,
                Line {
                    employee_no,
                    kana_name,
                    kanji_name,
                    branch_no,
                    account_no,
                    amount,
                },
            ));
        }
    }
    for line in duplicates(&lines) {
        p.at(
            line,
            0,
            ImportReason::Invalid("同じ職員番号の行がすでにあります".into()),
        );
    }
    if records.is_empty() && p.is_empty() {
        p.at_line(2, ImportReason::Invalid("明細が1件もありません".into()));
    }
    p.finish(lines.into_iter().map(|(_, l)| l).collect())
}

fn refuse_file(problems: Vec<ImportProblem>) -> anyhow::Error {
    for p in &problems {
        eprintln!("{p}");
    }
    anyhow::anyhow!(
        "ファイルに誤りが{}件あります。何も登録していません。",
        problems.len()
    )
}

impl Operator {
    /// The member group that has 一斉積立, and its contract.
    fn collective_group(&mut self, group: &str) -> anyhow::Result<String> {
        let Some(g) = contracts::find_payment_group(&mut self.conn, group)? else {
            bail!("no payment group {group}");
        };
        let kind = contracts::find(&mut self.conn, &g.contract_number)?.map(|c| c.kind);
        if kind != Some(ContractKind::Member) {
            bail!("{group}: 会員の入金グループではありません（一斉積立は会員のみ）");
        }
        if !g.services.contains(&Service::CollectiveSavings) {
            bail!("{group}: 一斉積立の契約がありません");
        }
        Ok(g.contract_number)
    }

    /// Loads a run; the refusals of `cjs_domain::collective::place` are errors.
    pub fn load_collective(
        &mut self,
        group: &str,
        header: &RunHeader,
        lines: &[Line],
        replace: bool,
    ) -> anyhow::Result<Loaded> {
        let contract = self.collective_group(group)?;
        let key = RunKey {
            payment_group: group,
            run_no: header.run_no,
        };
        let loaded =
            match collective::load(&mut self.conn, group, header, lines, replace, Utc::now())? {
                Ok(l) => l,
                Err(refusal) => bail!("{}: {refusal}", key.target()),
            };
        self.log_op(
            Some(&contract),
            "一斉積立データ受信",
            &key.target(),
            &format!(
                "{} {}件 変更明細{}件",
                header.title(),
                loaded.lines,
                loaded.changes
            ),
        )?;
        Ok(loaded)
    }
}

pub fn run(op: &mut Operator, cmd: CollectiveCommand) -> anyhow::Result<()> {
    match cmd {
        CollectiveCommand::Load {
            group,
            no,
            name,
            date,
            kind,
            file,
            replace,
            out,
        } => {
            let header = RunHeader {
                run_no: RunNo::parse(&no).map_err(|e| anyhow::anyhow!("--no {no}: {e}"))?,
                name: RunName::parse(&name).map_err(|e| anyhow::anyhow!("--name: {e}"))?,
                received_on: date,
                kind: RunKind::parse(&kind)
                    .with_context(|| format!("--kind {kind}: regular or ad_hoc"))?,
            };
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let lines = parse_lines(&bytes).map_err(refuse_file)?;
            let loaded = op.load_collective(&group, &header, &lines, replace)?;
            let target = RunKey {
                payment_group: &group,
                run_no: header.run_no,
            }
            .target();
            let previous = loaded
                .previous
                .map_or_else(|| "なし".to_owned(), |n| n.to_string());
            print(
                out,
                json!({
                    "run": target,
                    "lines": loaded.lines,
                    "changes": loaded.changes,
                    "previous_run_no": loaded.previous.map(RunNo::get),
                    "replaced": loaded.replaced,
                }),
                format!(
                    "{target}: 一斉積立データを登録しました（{}件、変更明細{}件、比較対象 {previous}）",
                    loaded.lines, loaded.changes
                ),
            );
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "職員番号,カナ氏名,漢字氏名,店番,口座番号,積立金額\r\n";

    #[test]
    fn a_good_file_reads_with_converted_kana_and_separators() {
        let file = format!(
            "{HEADER}0002,スズキ ハナコ,,123,1234567,\"12,000\"\r\n0001,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,123,7654321,5000\r\n"
        );
        let lines = parse_lines(file.as_bytes()).expect("good");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].kana_name.as_str(), "ｽｽﾞｷ ﾊﾅｺ");
        assert_eq!(lines[0].amount, 12_000);
        assert_eq!(lines[0].kanji_name, None);
        assert_eq!(
            lines[1].kanji_name.as_ref().map(KanjiName::as_str),
            Some("労金　太郎")
        );
    }

    #[test]
    fn every_bad_row_is_named_with_line_and_column() {
        let file = format!(
            "{HEADER}0001,ﾛｳｷﾝ,,123,1234567,1000\r\n00A2,ﾛｳｷﾝ☆,,12,1234567,0\r\n0001,ﾛｳｷﾝ,,123,1234567,1000\r\n"
        );
        let problems = parse_lines(file.as_bytes()).expect_err("bad rows");
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 5, "{text:?}");
        assert!(text[0].starts_with("3行目 1列目（職員番号）"), "{text:?}");
        assert!(text[1].starts_with("3行目 2列目（カナ氏名）"), "{text:?}");
        assert!(text[2].starts_with("3行目 4列目（店番）"), "{text:?}");
        assert!(text[3].starts_with("3行目 6列目（積立金額）"), "{text:?}");
        assert!(text[4].starts_with("4行目 1列目（職員番号）"), "{text:?}");
        assert!(text[4].contains("同じ職員番号"), "{text:?}");
    }

    #[test]
    fn a_file_with_a_wrong_header_or_no_rows_is_refused() {
        let problems =
            parse_lines("職員番号,カナ氏名\r\n0001,ﾛｳｷﾝ\r\n".as_bytes()).expect_err("header");
        assert!(problems[0].to_string().starts_with("1行目"), "{problems:?}");
        let problems = parse_lines(HEADER.as_bytes()).expect_err("no rows");
        assert!(problems[0].to_string().contains("1件もありません"));
    }

    #[test]
    fn a_cp932_file_reads_like_utf8() {
        let text = format!("{HEADER}0001,ﾛｳｷﾝ ﾀﾛｳ,労金　太郎,123,1234567,1000\r\n");
        let bytes = cjs_domain::cp932::encode(&text).expect("cp932");
        assert!(std::str::from_utf8(&bytes).is_err(), "really CP932");
        let lines = parse_lines(&bytes).expect("cp932");
        assert_eq!(lines[0].kana_name.as_str(), "ﾛｳｷﾝ ﾀﾛｳ");
    }
}

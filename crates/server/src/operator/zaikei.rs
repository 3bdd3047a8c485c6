//! `cjs operator zaikei …`: the bank's 財形 data (a document's cycle at its 作成基準日, with the
//! employees' lines), checked whole and written all or nothing, every bad row named; and the
//! retention purge. Layouts: `docs/zaikei.md` §6, §8.

use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::{NaiveDate, Utc};
use cjs_domain::changes::duplicates;
use cjs_domain::deduction::{AccountNo, BranchNo, EmployeeNo, KanjiName};
use cjs_domain::kana::KanaName;
use cjs_domain::schedule::EmployerDocument;
use cjs_domain::zaikei::{AmountColumns, DocumentKind, Line, SavingsKind, check_line};
use cjs_domain::{ContractKind, Service};
use cjs_reports::import::{CsvImport, ImportProblem, ImportReason};
use cjs_store::contracts;
use cjs_store::zaikei::{self, CycleKey, Loaded, Purged};
use clap::Subcommand;
use serde_json::json;

use super::{Operator, Out, print};

#[derive(Subcommand)]
pub enum ZaikeiCommand {
    /// Load a document's data at its 作成基準日 (CSV); a 預入依頼書 gets its 変更明細 against the
    /// previous cycle of the same document.
    Load {
        /// 入金グループ番号.
        #[arg(long)]
        group: String,
        /// deposit (預入依頼書) | balance (加入者残高一覧表) | incentive (奨励金)
        #[arg(long)]
        document: String,
        /// deposit: monthly | summer | year_end; incentive: monthly | bonus; balance: none.
        #[arg(long)]
        occasion: Option<String>,
        /// 作成基準日, YYYY-MM-DD.
        #[arg(long)]
        base_date: NaiveDate,
        /// 入金予定日 (預入依頼書 only, required there).
        #[arg(long)]
        deposit_date: Option<NaiveDate>,
        #[arg(long)]
        file: PathBuf,
        /// Replace the cycle of this 作成基準日 (only the document's newest).
        #[arg(long)]
        replace: bool,
        #[command(flatten)]
        out: Out,
    },
    /// Retention: delete every cycle older than the newest `keep_cycles` per group and document
    /// (idempotent; instances running it at once are harmless).
    Purge {
        /// Only this group (default: all).
        #[arg(long)]
        group: Option<String>,
        /// Cycles to keep (default: the config's `zaikei.keep_cycles`).
        #[arg(long)]
        keep: Option<u32>,
        /// List what would be deleted, delete nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        out: Out,
    },
}

/// The bank's file of a document kind: its columns in order.
pub fn columns(kind: DocumentKind) -> Vec<&'static str> {
    let amounts = AmountColumns::of(kind);
    let mut cols = vec![
        "職員番号",
        "カナ氏名",
        "漢字氏名",
        "財形種類",
        "店番",
        "口座番号",
        amounts.amount.1,
    ];
    if let Some((_, name, _)) = amounts.incentive {
        cols.push(name);
    }
    cols
}

/// A document's file, checked whole: every bad field, the line rule (`check_line`), a 職員番号 +
/// 財形種類 given twice (on its second row), a file without rows.
pub fn parse_lines(kind: DocumentKind, bytes: &[u8]) -> Result<Vec<Line>, Vec<ImportProblem>> {
    let cols = columns(kind);
    let amounts = AmountColumns::of(kind);
    let (records, mut p) = CsvImport::parse(bytes, &cols).into_parts();
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
        let savings = p.check(r, 3, SavingsKind::parse_label(r.get(3)));
        let branch_no = p.check(r, 4, BranchNo::parse(r.get(4).trim()));
        let account_no = p.check(r, 5, AccountNo::parse(r.get(5).trim()));
        let (field, _, range) = amounts.amount;
        let amount = p.check(r, 6, range.parse(field, r.get(6)));
        let incentive = match amounts.incentive {
            Some((field, _, range)) => p.check(r, 7, range.parse(field, r.get(7))),
            None => Some(0),
        };
        if let (
            Some(employee_no),
            Some(kana_name),
            Some(kanji_name),
            Some(kind_of_savings),
            Some(branch_no),
            Some(account_no),
            Some(amount),
            Some(incentive),
        ) = (
            employee_no,
            kana_name,
            kanji_name,
            savings,
            branch_no,
            account_no,
            amount,
            incentive,
        ) {
            let line = Line {
                employee_no,
                kana_name,
                kanji_name,
                kind: kind_of_savings,
                branch_no,
                account_no,
                amount,
                incentive,
            };
            if p.check(r, 6, check_line(kind, &line)).is_some() {
                lines.push((r.line, line));
            }
        }
    }
    for line in duplicates(&lines) {
        p.at(
            line,
            0,
            ImportReason::Invalid("同じ職員番号・財形種類の行がすでにあります".into()),
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
    /// The employer group that contracted the document, and its contract.
    fn zaikei_group(&mut self, group: &str, document: EmployerDocument) -> anyhow::Result<String> {
        let Some(g) = contracts::find_payment_group(&mut self.conn, group)? else {
            bail!("no payment group {group}");
        };
        let kind = contracts::find(&mut self.conn, &g.contract_number)?.map(|c| c.kind);
        if kind != Some(ContractKind::Employer) {
            bail!("{group}: 事業主の入金グループではありません（財形は事業主のみ）");
        }
        if !g.services.contains(&Service::Zaikei) || !g.services.contains(&document.service()) {
            bail!("{group}: {}の契約がありません", document.label());
        }
        Ok(g.contract_number)
    }

    /// Loads a cycle; `deposit_date` must be given exactly for a 預入依頼書 (on or after the
    /// 作成基準日); the refusals of `cjs_domain::zaikei::place` are errors.
    pub fn load_zaikei(
        &mut self,
        key: &CycleKey<'_>,
        deposit_date: Option<NaiveDate>,
        lines: &[Line],
        replace: bool,
    ) -> anyhow::Result<Loaded> {
        let contract = self.zaikei_group(key.payment_group, key.document)?;
        match (DocumentKind::of(key.document).is_deposit(), deposit_date) {
            (true, None) => bail!("預入依頼書には --deposit-date（入金予定日）が必要です"),
            (true, Some(d)) if d < key.base_date => {
                bail!(
                    "入金予定日（{d}）が作成基準日（{}）より前です",
                    key.base_date
                )
            }
            (false, Some(_)) => bail!("--deposit-date は預入依頼書にのみ指定できます"),
            _ => {}
        }
        let loaded = match zaikei::load(
            &mut self.conn,
            key,
            deposit_date,
            lines,
            replace,
            Utc::now(),
        )? {
            Ok(l) => l,
            Err(refusal) => bail!("{}: {refusal}", key.target()),
        };
        self.log_op(
            Some(&contract),
            "財形データ受信",
            &key.target(),
            &format!(
                "{} {}件 変更明細{}件",
                key.document.label(),
                loaded.lines,
                loaded.changes
            ),
        )?;
        Ok(loaded)
    }

    /// The retention purge (`dry_run`: only what would go).
    pub fn purge_zaikei(
        &mut self,
        group: Option<&str>,
        keep: u32,
        dry_run: bool,
    ) -> anyhow::Result<Vec<Purged>> {
        if !(1..=cjs_domain::ZaikeiConfig::KEEP_MAX).contains(&keep) {
            bail!("--keep {keep}: 1–{}", cjs_domain::ZaikeiConfig::KEEP_MAX);
        }
        let purged = zaikei::purge(&mut self.conn, group, keep, dry_run, Utc::now())?;
        if !dry_run {
            self.log_op(
                None,
                "財形データ保存期間経過分削除",
                group.unwrap_or("purge"),
                &format!("{}件（直近{keep}回を保存）", purged.len()),
            )?;
        }
        Ok(purged)
    }
}

pub fn run(op: &mut Operator, cmd: ZaikeiCommand) -> anyhow::Result<()> {
    match cmd {
        ZaikeiCommand::Load {
            group,
            document,
            occasion,
            base_date,
            deposit_date,
            file,
            replace,
            out,
        } => {
            let doc = DocumentKind::document(&document, occasion.as_deref())
                .map_err(anyhow::Error::msg)?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let lines = parse_lines(DocumentKind::of(doc), &bytes).map_err(refuse_file)?;
            let key = CycleKey {
                payment_group: &group,
                document: doc,
                base_date,
            };
            let loaded = op.load_zaikei(&key, deposit_date, &lines, replace)?;
            let previous = loaded
                .previous
                .map_or_else(|| "なし".to_owned(), |d| d.to_string());
            print(
                out,
                json!({
                    "cycle": key.target(),
                    "lines": loaded.lines,
                    "changes": loaded.changes,
                    "previous_base_date": loaded.previous,
                    "replaced": loaded.replaced,
                }),
                format!(
                    "{}: {}を登録しました（{}件、変更明細{}件、比較対象 {previous}）",
                    key.target(),
                    doc.label(),
                    loaded.lines,
                    loaded.changes
                ),
            );
            Ok(())
        }
        ZaikeiCommand::Purge {
            group,
            keep,
            dry_run,
            out,
        } => {
            let keep = keep.unwrap_or(op.settings.zaikei.keep_cycles);
            let purged = op.purge_zaikei(group.as_deref(), keep, dry_run)?;
            let rows: Vec<_> = purged
                .iter()
                .map(|p| {
                    json!({"group": p.payment_group, "document": p.document, "base_date": p.base_date})
                })
                .collect();
            let mut text: Vec<String> = purged
                .iter()
                .map(|p| {
                    format!(
                        "{} {} {}",
                        p.payment_group,
                        p.document.as_str(),
                        p.base_date
                    )
                })
                .collect();
            text.push(format!(
                "{}{}件（直近{keep}回を保存）",
                if dry_run {
                    "削除対象 "
                } else {
                    "削除しました "
                },
                purged.len()
            ));
            print(
                out,
                json!({"purged": rows, "dry_run": dry_run, "keep": keep}),
                text.join("\n"),
            );
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_document_kind_has_its_columns() {
        assert_eq!(
            columns(DocumentKind::Deposit).join(","),
            "職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,預入金額,奨励金"
        );
        assert_eq!(
            columns(DocumentKind::Balance).join(","),
            "職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,残高"
        );
        assert_eq!(
            columns(DocumentKind::Incentive).join(","),
            "職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,積立金額,奨励金額"
        );
    }

    #[test]
    fn a_good_deposit_file_reads_kinds_and_amounts() {
        let file = "職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,預入金額,奨励金\r\n\
                    0001,ザイケイ タロウ,財形　太郎,一般,201,1000001,\"10,000\",500\r\n\
                    0001,ザイケイ タロウ,財形　太郎,2,201,2000001,15000,0\r\n";
        let lines = parse_lines(DocumentKind::Deposit, file.as_bytes()).expect("good");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].kind, SavingsKind::General);
        assert_eq!((lines[0].amount, lines[0].incentive), (10_000, 500));
        assert_eq!(lines[1].kind, SavingsKind::Housing);
        assert_eq!(lines[0].kana_name.as_str(), "ｻﾞｲｹｲ ﾀﾛｳ");
    }

    #[test]
    fn every_bad_row_is_named_and_nothing_is_kept() {
        let file = "職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,預入金額,奨励金\r\n\
                    0001,ｻﾞｲｹｲ,,一般,201,1000001,1000,0\r\n\
                    0002,ｻﾞｲｹｲ,,財形,201,100000,0,0\r\n\
                    0003,ｻﾞｲｹｲ,,年金,201,1000003,0,0\r\n\
                    0001,ｻﾞｲｹｲ,,1,201,1000009,1000,0\r\n";
        let problems = parse_lines(DocumentKind::Deposit, file.as_bytes()).expect_err("bad");
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 4, "{text:?}");
        assert!(text[0].starts_with("3行目 4列目（財形種類）"), "{text:?}");
        assert!(text[1].starts_with("3行目 6列目（口座番号）"), "{text:?}");
        assert!(text[2].starts_with("4行目 7列目（預入金額）"), "{text:?}");
        assert!(text[3].starts_with("5行目 1列目（職員番号）"), "{text:?}");
    }

    #[test]
    fn a_balance_file_has_no_incentive_column_and_an_incentive_file_needs_one_yen() {
        let balance = "職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,残高\r\n\
                       0001,ｻﾞｲｹｲ,,住宅,201,2000001,1234567890\r\n";
        let lines = parse_lines(DocumentKind::Balance, balance.as_bytes()).expect("balance");
        assert_eq!((lines[0].amount, lines[0].incentive), (1_234_567_890, 0));
        let wrong = parse_lines(DocumentKind::Deposit, balance.as_bytes()).expect_err("header");
        assert!(wrong[0].to_string().starts_with("1行目"));
        let incentive = "職員番号,カナ氏名,漢字氏名,財形種類,店番,口座番号,積立金額,奨励金額\r\n\
                         0001,ｻﾞｲｹｲ,,一般,201,1000001,10000,0\r\n";
        let problems =
            parse_lines(DocumentKind::Incentive, incentive.as_bytes()).expect_err("0 yen");
        assert!(
            problems[0]
                .to_string()
                .starts_with("2行目 8列目（奨励金額）")
        );
    }
}

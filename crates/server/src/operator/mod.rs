//! `cjs operator …` — what the bank's staff do, one module per area: contracts and payment
//! groups, users, certificates, the operation log, the information screen, 労金控除, 賃控元帳 and
//! the demo data.
//! Same config and database as the server; every change is written to the operation log.
//! `--json` for scripts. The areas import this module (the shared `Operator`, `Out`, `print`),
//! never each other, except `demo`, which drives them all.

use anyhow::Context;
use chrono::Utc;
use cjs_store::DbConnection;
use cjs_store::oplog::{self, Entry};
use clap::{Args, Subcommand};

use crate::config::Settings;

pub mod audit;
pub mod backup;
pub mod certs;
pub mod collective;
pub mod contracts;
pub mod deduction;
pub mod demo;
pub mod demo_collective;
pub mod demo_deduction;
pub mod demo_ledger;
pub mod demo_zaikei;
#[cfg(test)]
mod import_properties;
pub mod info;
pub mod ledger;
pub mod users;
pub mod zaikei;

pub use demo::demo;

#[derive(Subcommand)]
pub enum OperatorCommand {
    /// 契約
    #[command(subcommand)]
    Contract(contracts::ContractCommand),
    /// 入金グループ
    #[command(subcommand)]
    PaymentGroup(contracts::PaymentGroupCommand),
    /// ユーザー
    #[command(subcommand)]
    User(users::UserCommand),
    /// 電子証明書
    #[command(subcommand)]
    Cert(certs::CertCommand),
    /// 操作ログ
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// 控除スケジュール
    #[command(subcommand)]
    Cycle(info::CycleCommand),
    /// 一斉積立の受信情報, 財形の作成基準日
    #[command(subcommand)]
    Info(info::InfoCommand),
    /// お知らせ
    #[command(subcommand)]
    Notice(info::NoticeCommand),
    /// マニュアル照会の文書
    #[command(subcommand)]
    Manual(info::ManualCommand),
    /// 労金控除: 締切 (依頼データ作成), the bank's request and result files, 金庫受付, 入金先
    #[command(subcommand)]
    Deduction(deduction::DeductionCommand),
    /// 一斉積立: load a run (内訳明細; the 変更明細 is derived)
    #[command(subcommand)]
    Collective(collective::CollectiveCommand),
    /// 財形: load a document's data at its 作成基準日, the retention purge
    #[command(subcommand)]
    Zaikei(zaikei::ZaikeiCommand),
    /// 賃控元帳: 種目, 明細データの出力・取込, 控除依頼の作成, 控除結果の取込
    #[command(subcommand)]
    Ledger(ledger::LedgerCommand),
    /// Back the database up while the server runs (SQLite: VACUUM INTO; PostgreSQL: pg_dump)
    Backup(backup::BackupArgs),
    /// Restore a backup into a fresh data directory / an empty database, then verify it
    Restore(backup::RestoreArgs),
    /// The background jobs' leases: last run, by which instance, who holds the lease
    Jobs(backup::JobsArgs),
}

#[derive(Args, Clone, Copy)]
pub struct Out {
    /// Machine-readable output.
    #[arg(long)]
    json: bool,
}

pub fn print(out: Out, value: serde_json::Value, text: String) {
    if out.json {
        println!("{value}");
    } else {
        println!("{text}");
    }
}

pub struct Operator {
    pub settings: Settings,
    pub conn: DbConnection,
}

impl Operator {
    pub fn open(settings: Settings) -> anyhow::Result<Self> {
        let url = settings.database_url()?;
        let mut conn = url.connect().context("connecting to the database")?;
        cjs_store::run_migrations(&mut conn)?;
        Ok(Operator { settings, conn })
    }

    pub(crate) fn log_op(
        &mut self,
        contract: Option<&str>,
        action: &str,
        target: &str,
        detail: &str,
    ) -> anyhow::Result<()> {
        oplog::append(
            &mut self.conn,
            &Entry {
                at: Utc::now(),
                contract_number: contract.map(str::to_owned),
                user_id: None,
                screen_id: "OPERATOR".into(),
                action: action.into(),
                target: target.into(),
                result: "success".into(),
                detail: detail.into(),
                client_addr: "cli".into(),
                cert_thumbprint: String::new(),
                request_id: String::new(),
                function: String::new(),
            },
        )?;
        Ok(())
    }
}

pub fn run(settings: Settings, cmd: OperatorCommand) -> anyhow::Result<()> {
    // These two must not open (and so create or migrate) the database first.
    let cmd = match cmd {
        OperatorCommand::Backup(a) => return backup::run_backup(&settings, a),
        OperatorCommand::Restore(a) => return backup::run_restore(&settings, a),
        cmd => cmd,
    };
    let mut op = Operator::open(settings)?;
    match cmd {
        OperatorCommand::Contract(c) => contracts::run_contract(&mut op, c),
        OperatorCommand::PaymentGroup(c) => contracts::run_payment_group(&mut op, c),
        OperatorCommand::User(c) => users::run(&mut op, c),
        OperatorCommand::Cert(c) => certs::run(&mut op, c),
        OperatorCommand::Audit(c) => audit::run(&mut op, c),
        OperatorCommand::Cycle(c) => info::run_cycle(&mut op, c),
        OperatorCommand::Info(c) => info::run_info(&mut op, c),
        OperatorCommand::Notice(c) => info::run_notice(&mut op, c),
        OperatorCommand::Manual(c) => info::run_manual(&mut op, c),
        OperatorCommand::Deduction(c) => deduction::run(&mut op, c),
        OperatorCommand::Collective(c) => collective::run(&mut op, c),
        OperatorCommand::Zaikei(c) => zaikei::run(&mut op, c),
        OperatorCommand::Ledger(c) => ledger::run(&mut op, c),
        OperatorCommand::Jobs(a) => backup::run_jobs(&mut op, a),
        OperatorCommand::Backup(_) | OperatorCommand::Restore(_) => Ok(()),
    }
}

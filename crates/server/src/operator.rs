//! `cjs operator …` — what the bank's staff do: open contracts and payment groups, set the
//! initial password (which also lifts a contract's 閉塞), reset a master, lift a user's 閉塞,
//! revoke certificates, read users and verify the operation log. Same config and database as the
//! server; every change is written to the operation log. `--json` for scripts.

use std::path::Path;

use anyhow::{Context, bail};
use chrono::Utc;
use cjs_domain::{ContractKind, ContractNumber, InitialPassword, PaymentGroupNo, Service};
use cjs_store::contracts::{self, NewContract, PaymentGroupRow};
use cjs_store::oplog::{self, Entry, Verification};
use cjs_store::{DbConnection, certificates, sessions, users};
use clap::{Args, Subcommand};
use secrecy::SecretString;
use serde_json::json;

use crate::auth::lockout::{Target, lift_blocking};
use crate::auth::password::hash_blocking;
use crate::config::Settings;
use crate::views;

#[derive(Subcommand)]
pub enum OperatorCommand {
    /// 契約
    #[command(subcommand)]
    Contract(ContractCommand),
    /// 入金グループ
    #[command(subcommand)]
    PaymentGroup(PaymentGroupCommand),
    /// ユーザー
    #[command(subcommand)]
    User(UserCommand),
    /// 電子証明書
    #[command(subcommand)]
    Cert(CertCommand),
    /// 操作ログ
    #[command(subcommand)]
    Audit(AuditCommand),
    /// 控除スケジュール
    #[command(subcommand)]
    Cycle(crate::operator_info::CycleCommand),
    /// 一斉積立の受信情報, 財形の作成基準日
    #[command(subcommand)]
    Info(crate::operator_info::InfoCommand),
    /// お知らせ
    #[command(subcommand)]
    Notice(crate::operator_info::NoticeCommand),
    /// マニュアル照会の文書
    #[command(subcommand)]
    Manual(crate::operator_info::ManualCommand),
}

#[derive(Subcommand)]
pub enum ContractCommand {
    /// Open a contract; prints its number. Creates one payment group with all services of its
    /// kind unless --no-payment-group.
    Create {
        #[arg(long, value_parser = ["member", "employer"])]
        kind: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        name_kana: String,
        #[arg(long, default_value = "")]
        branch: String,
        /// From the 初期パスワード届出書 (8 characters: upper, lower, digit, symbol).
        #[arg(long)]
        initial_password: String,
        /// A given contract number instead of a new random one.
        #[arg(long)]
        number: Option<String>,
        #[arg(long)]
        no_payment_group: bool,
        #[command(flatten)]
        out: Out,
    },
    Show {
        number: String,
        #[command(flatten)]
        out: Out,
    },
    /// A new initial password; also lifts the contract's lock or 閉塞.
    SetInitialPassword {
        number: String,
        #[arg(long)]
        initial_password: String,
        #[command(flatten)]
        out: Out,
    },
}

#[derive(Subcommand)]
pub enum PaymentGroupCommand {
    Add {
        #[arg(long)]
        contract: String,
        /// 8 digits.
        #[arg(long)]
        number: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        name_kana: String,
        /// Comma-separated: rokin_deduction, rokin_detail_update, ledger, collective_savings,
        /// zaikei, zaikei_deposit, zaikei_balance, zaikei_incentive (default: all of the kind).
        #[arg(long, value_delimiter = ',')]
        services: Vec<String>,
        #[command(flatten)]
        out: Out,
    },
}

#[derive(Subcommand)]
pub enum UserCommand {
    List {
        #[arg(long)]
        contract: String,
        #[command(flatten)]
        out: Out,
    },
    /// The master's ID, password and certificates go; the master registers again.
    ResetMaster {
        #[arg(long)]
        contract: String,
        #[command(flatten)]
        out: Out,
    },
    /// Status back to 正常 (lifts a lock or 閉塞).
    Unblock {
        user_id: String,
        #[command(flatten)]
        out: Out,
    },
}

#[derive(Subcommand)]
pub enum CertCommand {
    /// Revoke the user's certificates (a PC change); the CRL is refreshed.
    Revoke {
        #[arg(long)]
        user: String,
        #[command(flatten)]
        out: Out,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Recompute the operation log's hash chain; exits non-zero when it is broken.
    Verify {
        #[command(flatten)]
        out: Out,
    },
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

/// What `contract create` is given.
#[derive(Clone, Copy)]
pub struct ContractSpec<'a> {
    pub kind: ContractKind,
    pub name: &'a str,
    pub name_kana: &'a str,
    pub branch: &'a str,
    pub initial_password: &'a str,
    pub number: Option<&'a str>,
    pub payment_group: bool,
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
            },
        )?;
        Ok(())
    }

    fn publish_crl(&mut self) -> anyhow::Result<()> {
        let pki = cjs_pki::Pki::load_or_create(
            &self.settings.pki_dir(),
            &self.settings.server.tls.hostnames,
            Utc::now(),
        )?;
        let number: u64 = cjs_store::meta::get(&mut self.conn, "crl_number")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
            + 1;
        cjs_store::meta::put(
            &mut self.conn,
            "crl_number",
            &number.to_string(),
            Utc::now().naive_utc(),
        )?;
        let revoked: Vec<cjs_pki::Revoked> = certificates::revoked(&mut self.conn)?
            .into_iter()
            .map(|(serial_hex, at)| cjs_pki::Revoked {
                serial_hex,
                revoked_at: at.and_utc(),
            })
            .collect();
        let now = Utc::now();
        let pem = pki.crl_pem(&revoked, number, now, now + chrono::Duration::days(7))?;
        write_atomic(&self.settings.data_dir.join("crl.pem"), pem.as_bytes())
    }

    fn new_number(&mut self, is_group: bool) -> anyhow::Result<String> {
        for _ in 0..100 {
            let mut b = [0u8; 4];
            openssl::rand::rand_bytes(&mut b)?;
            let n = format!("{:08}", u32::from_be_bytes(b) % 100_000_000);
            let taken = if is_group {
                contracts::find_payment_group(&mut self.conn, &n)?.is_some()
            } else {
                contracts::exists(&mut self.conn, &n)?
            };
            if !taken {
                return Ok(n);
            }
        }
        bail!("no free number found")
    }

    pub fn create_contract(
        &mut self,
        spec: &ContractSpec<'_>,
    ) -> anyhow::Result<(String, Option<String>)> {
        let ContractSpec {
            kind,
            name,
            name_kana,
            branch,
            initial_password,
            number,
            payment_group,
        } = *spec;
        let initial = InitialPassword::parse(initial_password)
            .map_err(|e| anyhow::anyhow!("initial password: {e}"))?;
        let number = match number {
            Some(n) => ContractNumber::parse(n)
                .map_err(|e| anyhow::anyhow!("contract number: {e}"))?
                .as_str()
                .to_owned(),
            None => self.new_number(false)?,
        };
        if name.trim().is_empty() || name_kana.trim().is_empty() {
            bail!("--name and --name-kana are required");
        }
        let hash = hash_blocking(&SecretString::from(initial.expose().to_owned()))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let kind_s = match kind {
            ContractKind::Member => "member",
            ContractKind::Employer => "employer",
        };
        let group = if payment_group {
            Some(self.new_number(true)?)
        } else {
            None
        };
        let now = Utc::now();
        cjs_store::transaction(&mut self.conn, |c| {
            contracts::insert(
                c,
                &NewContract {
                    contract_number: &number,
                    kind: kind_s,
                    name,
                    name_kana,
                    branch,
                    initial_password_hash: &hash,
                },
                now,
            )?;
            if let Some(g) = &group {
                contracts::insert_payment_group(
                    c,
                    &PaymentGroupRow {
                        number: g.clone(),
                        contract_number: number.clone(),
                        name: name.to_owned(),
                        name_kana: name_kana.to_owned(),
                        services: views::services_column(Service::all_for(kind)),
                        created_at: now.naive_utc(),
                    },
                )?;
            }
            Ok(())
        })?;
        self.log_op(
            Some(&number),
            "契約登録",
            &number,
            &format!("{kind_s} {name}"),
        )?;
        Ok((number, group))
    }

    pub fn add_payment_group(
        &mut self,
        contract: &str,
        number: &str,
        name: &str,
        name_kana: &str,
        services: &[Service],
    ) -> anyhow::Result<()> {
        let number = PaymentGroupNo::parse(number)
            .map_err(|e| anyhow::anyhow!("payment group number: {e}"))?;
        let Some(c) = contracts::find(&mut self.conn, contract)? else {
            bail!("no contract {contract}");
        };
        let kind = if c.kind == "employer" {
            ContractKind::Employer
        } else {
            ContractKind::Member
        };
        let services: Vec<Service> = if services.is_empty() {
            Service::all_for(kind).to_vec()
        } else {
            services.to_vec()
        };
        if let Some(s) = services
            .iter()
            .find(|s| !Service::all_for(kind).contains(s))
        {
            bail!(
                "{} is not a service of a {} contract",
                s.label(),
                kind.label()
            );
        }
        contracts::insert_payment_group(
            &mut self.conn,
            &PaymentGroupRow {
                number: number.as_str().to_owned(),
                contract_number: contract.to_owned(),
                name: name.to_owned(),
                name_kana: name_kana.to_owned(),
                services: views::services_column(&services),
                created_at: Utc::now().naive_utc(),
            },
        )?;
        self.log_op(Some(contract), "入金グループ登録", number.as_str(), name)?;
        Ok(())
    }

    pub fn set_initial_password(
        &mut self,
        number: &str,
        initial_password: &str,
    ) -> anyhow::Result<()> {
        let initial = InitialPassword::parse(initial_password)
            .map_err(|e| anyhow::anyhow!("initial password: {e}"))?;
        let hash = hash_blocking(&SecretString::from(initial.expose().to_owned()))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if contracts::set_initial_password(&mut self.conn, number, &hash, Utc::now())? == 0 {
            bail!("no contract {number}");
        }
        self.log_op(
            Some(number),
            "初期パスワード再設定",
            number,
            "ロック・閉塞解除",
        )
    }

    pub fn reset_master(&mut self, contract: &str) -> anyhow::Result<Option<String>> {
        let now = Utc::now();
        let removed = cjs_store::transaction(&mut self.conn, |c| {
            let Some(master) = users::master_of(c, contract)? else {
                return Ok(None);
            };
            sessions::end_all_for_user(c, &master.user_id, "reset", now)?;
            certificates::revoke_all_for_user(c, &master.user_id, "master reset", now)?;
            users::delete(c, &master.user_id)?;
            Ok(Some(master.user_id))
        })?;
        if let Some(id) = &removed {
            self.publish_crl()?;
            self.log_op(
                Some(contract),
                "マスターユーザー初期化",
                id,
                "ID・パスワード・電子証明書を削除",
            )?;
        }
        Ok(removed)
    }

    pub fn unblock(&mut self, user_id: &str) -> anyhow::Result<()> {
        let Some(u) = users::find(&mut self.conn, user_id)? else {
            bail!("no user {user_id}");
        };
        lift_blocking(
            &mut self.conn,
            &Target::User(user_id.to_owned()),
            Utc::now(),
        )?;
        self.log_op(
            Some(&u.contract_number),
            "閉塞解除",
            user_id,
            "状態を正常に",
        )
    }

    pub fn revoke(&mut self, user_id: &str) -> anyhow::Result<Vec<String>> {
        let now = Utc::now();
        let contract = users::find(&mut self.conn, user_id)?.map(|u| u.contract_number);
        let serials = cjs_store::transaction(&mut self.conn, |c| {
            let s = certificates::revoke_all_for_user(c, user_id, "revoked by the bank", now)?;
            sessions::end_all_for_user(c, user_id, "revoked", now)?;
            Ok(s)
        })?;
        if !serials.is_empty() {
            self.publish_crl()?;
        }
        self.log_op(
            contract.as_deref(),
            "電子証明書失効",
            user_id,
            &serials.join(","),
        )?;
        Ok(serials)
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

fn kind(s: &str) -> ContractKind {
    if s == "employer" {
        ContractKind::Employer
    } else {
        ContractKind::Member
    }
}

fn parse_services(v: &[String]) -> anyhow::Result<Vec<Service>> {
    v.iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            serde_json::from_value(serde_json::Value::String(s.trim().to_owned()))
                .map_err(|_| anyhow::anyhow!("unknown service {s}"))
        })
        .collect()
}

pub fn run(settings: Settings, cmd: OperatorCommand) -> anyhow::Result<()> {
    let mut op = Operator::open(settings)?;
    match cmd {
        OperatorCommand::Contract(ContractCommand::Create {
            kind: k,
            name,
            name_kana,
            branch,
            initial_password,
            number,
            no_payment_group,
            out,
        }) => {
            let (n, g) = op.create_contract(&ContractSpec {
                kind: kind(&k),
                name: &name,
                name_kana: &name_kana,
                branch: &branch,
                initial_password: &initial_password,
                number: number.as_deref(),
                payment_group: !no_payment_group,
            })?;
            print(
                out,
                json!({"contract_number": n, "payment_group": g}),
                format!(
                    "契約番号: {n}{}",
                    g.map(|g| format!("\n入金グループ: {g}"))
                        .unwrap_or_default()
                ),
            );
        }
        OperatorCommand::Contract(ContractCommand::Show { number, out }) => {
            let Some(c) = contracts::find(&mut op.conn, &number)? else {
                bail!("no contract {number}");
            };
            let groups = contracts::payment_groups_of(&mut op.conn, &number)?;
            let master = users::master_of(&mut op.conn, &number)?.map(|u| u.user_id);
            let standing = format!(
                "{:?}",
                c.lock().state.standing(Utc::now(), &op.settings.policy)
            );
            let gj: Vec<_> = groups.iter().map(|g| json!({"number": g.number, "name": g.name, "name_kana": g.name_kana, "services": g.services})).collect();
            let text = format!(
                "契約番号: {}\n種別: {}\n名称: {} ({})\nお取引店: {}\n初期パスワード: {}\nマスターユーザー: {}\n入金グループ:\n{}",
                c.contract_number,
                kind(&c.kind).label(),
                c.name,
                c.name_kana,
                c.branch,
                standing,
                master.clone().unwrap_or_else(|| "未登録".into()),
                groups
                    .iter()
                    .map(|g| format!("  {} {} [{}]", g.number, g.name, g.services))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            print(
                out,
                json!({"contract_number": c.contract_number, "kind": c.kind, "name": c.name, "name_kana": c.name_kana, "branch": c.branch, "initial_password_standing": standing, "master": master, "payment_groups": gj}),
                text,
            );
        }
        OperatorCommand::Contract(ContractCommand::SetInitialPassword {
            number,
            initial_password,
            out,
        }) => {
            op.set_initial_password(&number, &initial_password)?;
            print(
                out,
                json!({"contract_number": number, "ok": true}),
                format!("{number}: 初期パスワードを設定しました"),
            );
        }
        OperatorCommand::PaymentGroup(PaymentGroupCommand::Add {
            contract,
            number,
            name,
            name_kana,
            services,
            out,
        }) => {
            op.add_payment_group(
                &contract,
                &number,
                &name,
                &name_kana,
                &parse_services(&services)?,
            )?;
            print(
                out,
                json!({"contract_number": contract, "payment_group": number}),
                format!("入金グループ {number} を登録しました"),
            );
        }
        OperatorCommand::User(UserCommand::List { contract, out }) => {
            let rows = users::list_by_contract(&mut op.conn, &contract)?;
            let now = Utc::now();
            let v: Vec<_> = rows
                .iter()
                .map(|u| views::user(u, now, &op.settings.policy, None))
                .collect();
            let text = v
                .iter()
                .map(|u| {
                    format!(
                        "{}\t{}\t{:?}\t{}",
                        u.user_id,
                        u.user_name,
                        u.role,
                        u.status.label()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            print(out, serde_json::to_value(&v)?, text);
        }
        OperatorCommand::User(UserCommand::ResetMaster { contract, out }) => {
            let removed = op.reset_master(&contract)?;
            print(
                out,
                json!({"contract_number": contract, "removed": removed}),
                match removed {
                    Some(id) => format!(
                        "マスターユーザー {id} を初期化しました。契約番号と初期パスワードで再登録できます。"
                    ),
                    None => "マスターユーザーは登録されていません".into(),
                },
            );
        }
        OperatorCommand::User(UserCommand::Unblock { user_id, out }) => {
            op.unblock(&user_id)?;
            print(
                out,
                json!({"user_id": user_id, "status": "normal"}),
                format!("{user_id}: 正常に戻しました"),
            );
        }
        OperatorCommand::Cert(CertCommand::Revoke { user, out }) => {
            let serials = op.revoke(&user)?;
            print(
                out,
                json!({"user_id": user, "revoked": serials}),
                format!("{user}: {} 件失効しました", serials.len()),
            );
        }
        OperatorCommand::Cycle(c) => crate::operator_info::run_cycle(&mut op, c)?,
        OperatorCommand::Info(c) => crate::operator_info::run_info(&mut op, c)?,
        OperatorCommand::Notice(c) => crate::operator_info::run_notice(&mut op, c)?,
        OperatorCommand::Manual(c) => crate::operator_info::run_manual(&mut op, c)?,
        OperatorCommand::Audit(AuditCommand::Verify { out }) => {
            match oplog::verify(&mut op.conn)? {
                Verification::Intact { rows } => print(
                    out,
                    json!({"intact": true, "rows": rows}),
                    format!("操作ログ: {rows} 件、改ざんなし"),
                ),
                Verification::Broken { seq, reason } => {
                    print(
                        out,
                        json!({"intact": false, "seq": seq, "reason": reason}),
                        format!("操作ログ: {seq} 行目で不整合 ({reason})"),
                    );
                    bail!("operation log broken at {seq}");
                }
            }
        }
    }
    Ok(())
}

/// `cjs demo`: a member contract with 4 payment groups and an employer contract, printed with
/// their initial passwords so a newcomer can walk the manual at once.
pub fn demo(settings: Settings) -> anyhow::Result<()> {
    let mut op = Operator::open(settings)?;
    let member_pw = "Rokin#01";
    let employer_pw = "Zaikei#2";
    let (member, _) = op.create_contract(&ContractSpec {
        kind: ContractKind::Member,
        name: "中国労働組合連合会",
        name_kana: "ﾁｭｳｺﾞｸﾛｳﾄﾞｳｸﾐｱｲﾚﾝｺﾞｳｶｲ",
        branch: "本店営業部",
        initial_password: member_pw,
        number: None,
        payment_group: false,
    })?;
    let groups = [
        (
            "本部",
            "ﾎﾝﾌﾞ",
            Service::all_for(ContractKind::Member).to_vec(),
        ),
        (
            "岡山支部",
            "ｵｶﾔﾏｼﾌﾞ",
            vec![
                Service::RokinDeduction,
                Service::RokinDetailUpdate,
                Service::Ledger,
            ],
        ),
        (
            "広島支部",
            "ﾋﾛｼﾏｼﾌﾞ",
            vec![
                Service::RokinDeduction,
                Service::Ledger,
                Service::CollectiveSavings,
            ],
        ),
        ("山口支部", "ﾔﾏｸﾞﾁｼﾌﾞ", vec![Service::RokinDeduction]),
    ];
    let mut numbers = Vec::new();
    let mut member_groups = Vec::new();
    for (name, kana, services) in groups {
        let n = op.new_number(true)?;
        op.add_payment_group(&member, &n, name, kana, &services)?;
        numbers.push(format!("{n} {name}"));
        member_groups.push((n, services));
    }
    let (employer, group) = op.create_contract(&ContractSpec {
        kind: ContractKind::Employer,
        name: "株式会社ろうきん商事",
        name_kana: "ｶﾌﾞｼｷｶﾞｲｼｬﾛｳｷﾝｼｮｳｼﾞ",
        branch: "本店営業部",
        initial_password: employer_pw,
        number: None,
        payment_group: true,
    })?;
    crate::operator_info::demo_information(
        &mut op,
        &member,
        &member_groups,
        &employer,
        group.as_deref(),
        Utc::now(),
    )?;
    println!("デモ用の契約を作成しました（スケジュール・お知らせ・マニュアルを含む）。\n");
    println!("会員 (労働組合)   契約番号 {member}   初期パスワード {member_pw}");
    for n in &numbers {
        println!("    入金グループ {n}");
    }
    println!("事業主           契約番号 {employer}   初期パスワード {employer_pw}");
    if let Some(g) = group {
        println!("    入金グループ {g}");
    }
    println!(
        "\n次に: トップページの「マスターユーザーの初期登録」で契約番号と初期パスワードを入力してください (README「Walking the manual」)。"
    );
    Ok(())
}

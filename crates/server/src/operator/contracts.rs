//! `cjs operator contract|payment-group`: open contracts, add payment groups, set the initial
//! password (which also lifts a contract's 閉塞).

use anyhow::bail;
use chrono::Utc;
use cjs_domain::{ContractKind, ContractNumber, InitialPassword, PaymentGroupNo, Service};
use cjs_store::contracts::{self, NewContract, PaymentGroupRow};
use cjs_store::users;
use clap::Subcommand;
use secrecy::SecretString;
use serde_json::json;

use super::{Operator, Out, print};
use crate::auth::password::hash_blocking;

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

impl Operator {
    pub(super) fn new_number(&mut self, is_group: bool) -> anyhow::Result<String> {
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
        let kind_s = kind.as_str();
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
                    kind,
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
                        services: Service::all_for(kind).to_vec(),
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
        let kind = c.kind;
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
                services: services.clone(),
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
}

fn parse_services(v: &[String]) -> anyhow::Result<Vec<Service>> {
    v.iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.trim()
                .parse::<Service>()
                .map_err(|_| anyhow::anyhow!("unknown service {s}"))
        })
        .collect()
}

pub fn run_contract(op: &mut Operator, cmd: ContractCommand) -> anyhow::Result<()> {
    match cmd {
        ContractCommand::Create {
            kind: k,
            name,
            name_kana,
            branch,
            initial_password,
            number,
            no_payment_group,
            out,
        } => {
            let (n, g) = op.create_contract(&ContractSpec {
                kind: k.parse().map_err(|e: String| anyhow::anyhow!(e))?,
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
        ContractCommand::Show { number, out } => {
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
                c.kind.label(),
                c.name,
                c.name_kana,
                c.branch,
                standing,
                master.clone().unwrap_or_else(|| "未登録".into()),
                groups
                    .iter()
                    .map(|g| {
                        let labels: Vec<&str> = g.services.iter().map(|s| s.label()).collect();
                        format!("  {} {} [{}]", g.number, g.name, labels.join(","))
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            print(
                out,
                json!({"contract_number": c.contract_number, "kind": c.kind, "name": c.name, "name_kana": c.name_kana, "branch": c.branch, "initial_password_standing": standing, "master": master, "payment_groups": gj}),
                text,
            );
        }
        ContractCommand::SetInitialPassword {
            number,
            initial_password,
            out,
        } => {
            op.set_initial_password(&number, &initial_password)?;
            print(
                out,
                json!({"contract_number": number, "ok": true}),
                format!("{number}: 初期パスワードを設定しました"),
            );
        }
    }
    Ok(())
}

pub fn run_payment_group(op: &mut Operator, cmd: PaymentGroupCommand) -> anyhow::Result<()> {
    match cmd {
        PaymentGroupCommand::Add {
            contract,
            number,
            name,
            name_kana,
            services,
            out,
        } => {
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
    }
    Ok(())
}

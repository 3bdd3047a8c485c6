//! `cjs operator` for the information screen: schedules (cycles and data-arrival dates), 一斉積立
//! run headers, the employer's 作成基準日, お知らせ and マニュアル. The bank's staff work here, on
//! the command line, where the operator already is authenticated by the host; see the closing
//! note of the information-screen issue for why there is no operator web API yet.

use anyhow::{Context, bail};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use cjs_domain::schedule::{Cycle, EmployerDocument, Occasion, RunKind};
use cjs_domain::{ContractKind, Service};
use cjs_store::contracts;
use cjs_store::info::{self, CycleRow, ManualRow, NoticeRow, RunRow};
use clap::Subcommand;
use serde_json::json;

use super::{Operator, Out, print};

#[derive(Subcommand)]
pub enum CycleCommand {
    /// Add a cycle or replace the one of the same group, occasion and month.
    Set {
        #[arg(long)]
        group: String,
        /// monthly | summer | year_end
        #[arg(long)]
        occasion: String,
        /// 控除年月, YYYY-MM.
        #[arg(long)]
        month: String,
        /// 締切日, YYYY-MM-DD.
        #[arg(long)]
        deadline: NaiveDate,
        /// 支給日 (入金予定日), YYYY-MM-DD.
        #[arg(long)]
        payday: NaiveDate,
        #[command(flatten)]
        out: Out,
    },
    /// Record when the bank's request or result data arrived.
    Received {
        #[arg(long)]
        group: String,
        #[arg(long)]
        occasion: String,
        #[arg(long)]
        month: String,
        /// 依頼データ受信日.
        #[arg(long)]
        request: Option<NaiveDate>,
        /// 結果データ受信日.
        #[arg(long)]
        result: Option<NaiveDate>,
        #[command(flatten)]
        out: Out,
    },
    List {
        #[arg(long)]
        group: String,
        #[command(flatten)]
        out: Out,
    },
}

#[derive(Subcommand)]
pub enum InfoCommand {
    /// 一斉積立: the header of a data set the bank sent (e.g. 014 サンプル1 2012-10-14 臨時作成).
    CollectiveRun {
        #[arg(long)]
        group: String,
        #[arg(long)]
        no: i32,
        #[arg(long)]
        name: String,
        #[arg(long)]
        date: NaiveDate,
        /// regular (定例) | ad_hoc (臨時作成)
        #[arg(long, default_value = "regular")]
        kind: String,
        #[command(flatten)]
        out: Out,
    },
    /// 財形: the latest 作成基準日 of a document (deposit_monthly, deposit_summer,
    /// deposit_year_end, balance, incentive_monthly, incentive_bonus).
    EmployerDate {
        #[arg(long)]
        group: String,
        #[arg(long)]
        document: String,
        #[arg(long)]
        date: NaiveDate,
        #[command(flatten)]
        out: Out,
    },
}

#[derive(Subcommand)]
pub enum NoticeCommand {
    /// Publish to everyone, to one kind (--kind) or to one contract (--contract).
    Publish {
        #[arg(long)]
        subject: String,
        #[arg(long)]
        body: String,
        /// 掲載日 (default: today, JST).
        #[arg(long)]
        date: Option<NaiveDate>,
        /// Shown through this day.
        #[arg(long)]
        until: Option<NaiveDate>,
        #[arg(long, value_parser = ["member", "employer"])]
        kind: Option<String>,
        #[arg(long)]
        contract: Option<String>,
        #[command(flatten)]
        out: Out,
    },
    Withdraw {
        id: String,
        #[command(flatten)]
        out: Out,
    },
}

#[derive(Subcommand)]
pub enum ManualCommand {
    /// Register a PDF (real PDFs only, at most 20 MB) for everyone or one kind.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        comment: String,
        #[arg(long)]
        file: std::path::PathBuf,
        #[arg(long, value_parser = ["member", "employer"])]
        kind: Option<String>,
        #[command(flatten)]
        out: Out,
    },
    Withdraw {
        id: String,
        #[command(flatten)]
        out: Out,
    },
}

fn month(s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
        .with_context(|| format!("month {s}: YYYY-MM"))
}

fn occasion(s: &str) -> anyhow::Result<Occasion> {
    Occasion::parse(s).with_context(|| format!("occasion {s}: monthly, summer or year_end"))
}

fn new_id() -> anyhow::Result<String> {
    let mut b = [0u8; 8];
    openssl::rand::rand_bytes(&mut b)?;
    Ok(hex::encode(b))
}

impl Operator {
    fn group_exists(&mut self, group: &str) -> anyhow::Result<()> {
        if contracts::find_payment_group(&mut self.conn, group)?.is_none() {
            bail!("no payment group {group}");
        }
        Ok(())
    }

    /// Returns the warnings (a 締切日 on a holiday is kept, and said).
    pub fn set_cycle(
        &mut self,
        group: &str,
        occ: Occasion,
        cycle: &Cycle,
    ) -> anyhow::Result<Vec<String>> {
        self.group_exists(group)?;
        cycle.validate().map_err(|e| anyhow::anyhow!("{e}"))?;
        info::put_cycle(
            &mut self.conn,
            &CycleRow {
                payment_group: group.to_owned(),
                occasion: occ,
                month: cycle.month,
                deadline: cycle.deadline,
                request_received: cycle.request_received,
                result_received: cycle.result_received,
                payday: cycle.payday,
                updated_at: Utc::now().naive_utc(),
            },
        )?;
        let warnings = cycle.warnings();
        self.log_op(
            None,
            "スケジュール登録",
            &format!("{group} {} {}", occ.label(), cycle.month.format("%Y-%m")),
            &warnings.join(" "),
        )?;
        Ok(warnings)
    }

    pub fn set_received(
        &mut self,
        group: &str,
        occ: Occasion,
        m: NaiveDate,
        request: Option<NaiveDate>,
        result: Option<NaiveDate>,
    ) -> anyhow::Result<()> {
        let Some(row) = info::find_cycle(&mut self.conn, group, occ, m)? else {
            bail!("no {} cycle {} for {group}", occ.label(), m.format("%Y-%m"));
        };
        let mut cycle = crate::routes::info::cycle_of(&row);
        if request.is_some() {
            cycle.request_received = request;
        }
        if result.is_some() {
            cycle.result_received = result;
        }
        self.set_cycle(group, occ, &cycle)?;
        Ok(())
    }

    pub fn add_run(
        &mut self,
        group: &str,
        no: i32,
        name: &str,
        date: NaiveDate,
        kind: RunKind,
    ) -> anyhow::Result<()> {
        self.group_exists(group)?;
        info::insert_run(
            &mut self.conn,
            &RunRow {
                payment_group: group.to_owned(),
                run_no: no,
                name: name.to_owned(),
                received_on: date,
                kind,
                created_at: Utc::now().naive_utc(),
            },
        )?;
        self.log_op(
            None,
            "一斉積立受信",
            &format!("{group} {no:03} {name}"),
            kind.label(),
        )
    }

    pub fn set_employer_date(
        &mut self,
        group: &str,
        doc: EmployerDocument,
        date: NaiveDate,
    ) -> anyhow::Result<()> {
        self.group_exists(group)?;
        info::set_employer_document(&mut self.conn, group, doc, date, Utc::now())?;
        self.log_op(
            None,
            "作成基準日登録",
            &format!("{group} {}", doc.label()),
            &date.to_string(),
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub fn publish_notice(
        &mut self,
        subject: &str,
        body: &str,
        date: NaiveDate,
        until: Option<NaiveDate>,
        kind: Option<&str>,
        contract: Option<&str>,
    ) -> anyhow::Result<String> {
        if subject.trim().is_empty() || body.trim().is_empty() {
            bail!("--subject and --body are required");
        }
        if let Some(c) = contract
            && !contracts::exists(&mut self.conn, c)?
        {
            bail!("no contract {c}");
        }
        let id = new_id()?;
        info::insert_notice(
            &mut self.conn,
            &NoticeRow {
                id: id.clone(),
                published_on: date,
                subject: subject.to_owned(),
                body: body.to_owned(),
                until,
                target_kind: kind.map(parse_kind).transpose()?,
                target_contract: contract.map(str::to_owned),
                withdrawn_at: None,
                created_at: Utc::now().naive_utc(),
            },
        )?;
        let to = contract
            .map(|c| format!("契約 {c}"))
            .or(kind.map(|k| k.to_owned()))
            .unwrap_or_else(|| "全体".into());
        self.log_op(contract, "お知らせ掲載", subject, &to)?;
        Ok(id)
    }

    pub fn add_manual(
        &mut self,
        name: &str,
        comment: &str,
        bytes: &[u8],
        file_name: &str,
        kind: Option<&str>,
    ) -> anyhow::Result<String> {
        crate::manuals::check_pdf(bytes).map_err(|e| anyhow::anyhow!("{e}"))?;
        let id = new_id()?;
        let path = crate::manuals::path_of(&self.settings, &id);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, bytes)?;
        info::insert_manual(
            &mut self.conn,
            &ManualRow {
                id: id.clone(),
                name: name.to_owned(),
                comment: comment.to_owned(),
                target_kind: kind.map(parse_kind).transpose()?,
                file_name: file_name.to_owned(),
                size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
                sha256: hex::encode(openssl::sha::sha256(bytes)),
                withdrawn_at: None,
                created_at: Utc::now().naive_utc(),
            },
        )?;
        self.log_op(None, "マニュアル登録", name, kind.unwrap_or("全体"))?;
        Ok(id)
    }
}

pub fn run_cycle(op: &mut Operator, cmd: CycleCommand) -> anyhow::Result<()> {
    match cmd {
        CycleCommand::Set {
            group,
            occasion: o,
            month: m,
            deadline,
            payday,
            out,
        } => {
            let cycle = Cycle {
                month: month(&m)?,
                deadline,
                request_received: None,
                result_received: None,
                payday,
            };
            let warnings = op.set_cycle(&group, occasion(&o)?, &cycle)?;
            print(
                out,
                json!({"ok": true, "warnings": warnings}),
                std::iter::once("登録しました".to_owned())
                    .chain(warnings)
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        }
        CycleCommand::Received {
            group,
            occasion: o,
            month: m,
            request,
            result,
            out,
        } => {
            op.set_received(&group, occasion(&o)?, month(&m)?, request, result)?;
            print(out, json!({"ok": true}), "受信日を登録しました".into());
        }
        CycleCommand::List { group, out } => {
            let rows = info::cycles_of(&mut op.conn, &group)?;
            let now = Utc::now();
            let v: Vec<_> = rows
                .iter()
                .map(|r| {
                    let c = crate::routes::info::cycle_of(r);
                    json!({"occasion": r.occasion, "month": r.month.format("%Y-%m").to_string(), "input": c.input_state(now).label(),
                           "deadline": r.deadline, "request_received": r.request_received, "result_received": r.result_received, "payday": r.payday})
                })
                .collect();
            let text = v
                .iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("\n");
            print(out, json!(v), text);
        }
    }
    Ok(())
}

pub fn run_info(op: &mut Operator, cmd: InfoCommand) -> anyhow::Result<()> {
    match cmd {
        InfoCommand::CollectiveRun {
            group,
            no,
            name,
            date,
            kind,
            out,
        } => {
            let k =
                RunKind::parse(&kind).with_context(|| format!("kind {kind}: regular or ad_hoc"))?;
            op.add_run(&group, no, &name, date, k)?;
            print(out, json!({"ok": true}), "登録しました".into());
        }
        InfoCommand::EmployerDate {
            group,
            document,
            date,
            out,
        } => {
            let d = EmployerDocument::parse(&document)
                .with_context(|| format!("unknown document {document}"))?;
            op.set_employer_date(&group, d, date)?;
            print(out, json!({"ok": true}), "登録しました".into());
        }
    }
    Ok(())
}

pub fn run_notice(op: &mut Operator, cmd: NoticeCommand) -> anyhow::Result<()> {
    match cmd {
        NoticeCommand::Publish {
            subject,
            body,
            date,
            until,
            kind,
            contract,
            out,
        } => {
            let date = date.unwrap_or_else(|| cjs_domain::jst(Utc::now()).date_naive());
            let id = op.publish_notice(
                &subject,
                &body,
                date,
                until,
                kind.as_deref(),
                contract.as_deref(),
            )?;
            print(out, json!({"id": id}), format!("掲載しました: {id}"));
        }
        NoticeCommand::Withdraw { id, out } => {
            if info::withdraw_notice(&mut op.conn, &id, Utc::now())? == 0 {
                bail!("no notice {id}");
            }
            op.log_op(None, "お知らせ取下げ", &id, "")?;
            print(out, json!({"ok": true}), "取り下げました".into());
        }
    }
    Ok(())
}

pub fn run_manual(op: &mut Operator, cmd: ManualCommand) -> anyhow::Result<()> {
    match cmd {
        ManualCommand::Add {
            name,
            comment,
            file,
            kind,
            out,
        } => {
            let bytes = std::fs::read(&file).with_context(|| file.display().to_string())?;
            let file_name = file
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_else(|| "manual.pdf".into());
            let id = op.add_manual(&name, &comment, &bytes, &file_name, kind.as_deref())?;
            print(out, json!({"id": id}), format!("登録しました: {id}"));
        }
        ManualCommand::Withdraw { id, out } => {
            if info::withdraw_manual(&mut op.conn, &id, Utc::now())? == 0 {
                bail!("no manual {id}");
            }
            op.log_op(None, "マニュアル取下げ", &id, "")?;
            print(out, json!({"ok": true}), "取り下げました".into());
        }
    }
    Ok(())
}

/// The demo's information screen: a year of schedules per member group, 一斉積立 headers,
/// the employer's dates, notices and manuals.
pub fn demo_information(
    op: &mut Operator,
    member: &str,
    member_groups: &[(String, Vec<Service>)],
    employer: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let today = cjs_domain::jst(now).date_naive();
    let first = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(today);
    let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(today);
    // The last business day on or before a date: the bank's usual 締切日 rule.
    let business_before = |mut d: NaiveDate| {
        while !cjs_domain::is_business_day(d) {
            d -= Duration::days(1);
        }
        d
    };
    for (group, services) in member_groups {
        if !(services.contains(&Service::RokinDeduction) || services.contains(&Service::Ledger)) {
            continue;
        }
        for offset in -6i32..=6 {
            let total = today.year() * 12 + today.month0() as i32 + offset;
            let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
            let deadline = business_before(day(y, m, 10));
            let payday = business_before(day(y, m, 25));
            let closed_past = payday < today;
            let cycle = Cycle {
                month: first(y, m),
                deadline,
                request_received: (deadline < today).then(|| deadline + Duration::days(2)),
                result_received: closed_past.then(|| payday + Duration::days(1)),
                payday,
            };
            op.set_cycle(group, Occasion::Monthly, &cycle)?;
        }
        for (occ, m, d_day, pay_day) in [
            (Occasion::Summer, 6u32, 10u32, 30u32),
            (Occasion::YearEnd, 12, 9, 20),
        ] {
            for y in [today.year() - 1, today.year(), today.year() + 1] {
                let deadline = business_before(day(y, m, d_day));
                let payday = business_before(day(y, m, pay_day));
                let cycle = Cycle {
                    month: first(y, m),
                    deadline,
                    request_received: (deadline < today).then(|| deadline + Duration::days(2)),
                    result_received: (payday < today).then(|| payday + Duration::days(1)),
                    payday,
                };
                op.set_cycle(group, occ, &cycle)?;
            }
        }
        // 一斉積立 runs (with their lines): `demo_collective`.
    }
    // 財形 cycles (and with them the 作成基準日 shown here): `demo_zaikei`.
    op.publish_notice(
        "システムメンテナンスのお知らせ",
        "毎月第2土曜日はシステムメンテナンスのためご利用いただけません。",
        today - Duration::days(3),
        None,
        None,
        None,
    )?;
    op.publish_notice(
        "年末一時金の締切日について",
        "年末一時金の締切日は12月上旬です。スケジュールをご確認ください。",
        today - Duration::days(1),
        None,
        Some("member"),
        None,
    )?;
    op.publish_notice(
        "財形貯蓄 預入依頼書の受信について",
        "預入依頼書は作成基準日の翌営業日から照会できます。",
        today - Duration::days(2),
        None,
        Some("employer"),
        None,
    )?;
    op.publish_notice(
        "組合費の控除について",
        "本部のご担当者さまへ: 新年度の種目登録をお願いします。",
        today,
        None,
        None,
        Some(member),
    )?;
    let _ = employer;
    // The same documents once, however often the demo runs against one database.
    let published: Vec<String> = info::live_manuals(&mut op.conn)?
        .into_iter()
        .map(|m| m.name)
        .collect();
    let manuals: [(&str, &str, &str, &str, Option<&str>); 3] = [
        (
            "操作マニュアル【会員編】本文",
            "労金控除事務・賃控元帳事務・一斉積立事務",
            "cjs manual (member)",
            "member-manual.pdf",
            Some("member"),
        ),
        (
            "操作マニュアル【事業主編】本文",
            "財形貯蓄事務",
            "cjs manual (employer)",
            "employer-manual.pdf",
            Some("employer"),
        ),
        (
            "ご利用マニュアル",
            "初期登録・ユーザー管理・電子証明書",
            "cjs user guide",
            "user-guide.pdf",
            None,
        ),
    ];
    for (name, comment, title, file, kind) in manuals {
        if !published.iter().any(|p| p == name) {
            op.add_manual(
                name,
                comment,
                &crate::manuals::sample_pdf(title),
                file,
                kind,
            )?;
        }
    }
    let _ = ContractKind::Member;
    Ok(())
}

fn parse_kind(s: &str) -> anyhow::Result<ContractKind> {
    s.parse().map_err(|e: String| anyhow::anyhow!(e))
}

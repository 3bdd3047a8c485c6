//! `cjs demo`'s 労金控除: each member group with 労金控除 gets ~300 members with realistic
//! details (カナ/漢字 names, products, accounts, amounts), the 入金先, and for each 支給区分 the
//! latest two closed cycles with their request data — changes made between them, so the lists
//! show 新規 / 変更 / 解除 — confirmed, taken and with results once their 支給日 has passed
//! (a few 入金中止, 不能 and カナ氏名不一致 among them). The cycle open for input has no data yet.

use anyhow::{Context, bail};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use cjs_domain::Service;
use cjs_domain::calendar::JST;
use cjs_domain::deduction::results::LineResult;
use cjs_domain::deduction::{
    AccountKind, DeductionConfig, DetailInput, FailReason, Gate, InputWindow, LumpState, Movement,
    Outcome, Source, Stop, StopReason, YearMonth, plan_add, plan_cancel, plan_change,
};
use cjs_domain::kana::names_differ;
use cjs_domain::schedule::Occasion;
use cjs_store::deduction::details::{self, DetailRow};
use cjs_store::deduction::payees::{self, NewPayee};
use cjs_store::deduction::runs::{self, Created};
use cjs_store::deduction::{CycleKey, Writer};
use cjs_store::info;

use super::Operator;

/// Members per group (about; some have two details).
const MEMBERS: u32 = 300;

pub(super) const SURNAMES: [(&str, &str); 24] = [
    ("佐藤", "ｻﾄｳ"),
    ("鈴木", "ｽｽﾞｷ"),
    ("高橋", "ﾀｶﾊｼ"),
    ("田中", "ﾀﾅｶ"),
    ("伊藤", "ｲﾄｳ"),
    ("渡辺", "ﾜﾀﾅﾍﾞ"),
    ("山本", "ﾔﾏﾓﾄ"),
    ("中村", "ﾅｶﾑﾗ"),
    ("小林", "ｺﾊﾞﾔｼ"),
    ("加藤", "ｶﾄｳ"),
    ("吉田", "ﾖｼﾀﾞ"),
    ("山田", "ﾔﾏﾀﾞ"),
    ("佐々木", "ｻｻｷ"),
    ("山口", "ﾔﾏｸﾞﾁ"),
    ("松本", "ﾏﾂﾓﾄ"),
    ("井上", "ｲﾉｳｴ"),
    ("木村", "ｷﾑﾗ"),
    ("林", "ﾊﾔｼ"),
    ("斎藤", "ｻｲﾄｳ"),
    ("清水", "ｼﾐｽﾞ"),
    ("岡田", "ｵｶﾀﾞ"),
    ("藤原", "ﾌｼﾞﾜﾗ"),
    ("三宅", "ﾐﾔｹ"),
    ("難波", "ﾅﾝﾊﾞ"),
];

pub(super) const GIVEN: [(&str, &str); 20] = [
    ("太郎", "ﾀﾛｳ"),
    ("花子", "ﾊﾅｺ"),
    ("健一", "ｹﾝｲﾁ"),
    ("美咲", "ﾐｻｷ"),
    ("大輔", "ﾀﾞｲｽｹ"),
    ("由美", "ﾕﾐ"),
    ("翔太", "ｼｮｳﾀ"),
    ("陽子", "ﾖｳｺ"),
    ("誠", "ﾏｺﾄ"),
    ("恵子", "ｹｲｺ"),
    ("拓也", "ﾀｸﾔ"),
    ("直美", "ﾅｵﾐ"),
    ("浩二", "ｺｳｼﾞ"),
    ("愛", "ｱｲ"),
    ("和也", "ｶｽﾞﾔ"),
    ("真由美", "ﾏﾕﾐ"),
    ("修", "ｵｻﾑ"),
    ("裕子", "ﾕｳｺ"),
    ("隆", "ﾀｶｼ"),
    ("さくら", "ｻｸﾗ"),
];

pub(super) const BRANCHES: [&str; 6] = ["101", "102", "205", "310", "412", "520"];

/// A small deterministic generator: the same demo every time (shared by the demo modules).
pub(super) struct Lcg(pub(super) u64);

impl Lcg {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[usize::try_from(self.below(items.len() as u64)).unwrap_or(0)]
    }

    /// One in `n`.
    pub(super) fn chance(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    pub(super) fn yen(&mut self, from: i64, to: i64, step: i64) -> i64 {
        let steps = u64::try_from((to - from) / step).unwrap_or(0) + 1;
        from + i64::try_from(self.below(steps)).unwrap_or(0) * step
    }
}

/// A detail form for a member: a product with amounts that suit it.
fn form(rng: &mut Lcg, no: u32, product: &str, start: YearMonth) -> DetailInput {
    let (surname, s_kana) = *rng.pick(&SURNAMES);
    let (given, g_kana) = *rng.pick(&GIVEN);
    let (monthly, summer, year_end) = amounts(rng, product);
    DetailInput {
        employee_no: format!("{:06}", 100_000 + no),
        kana_name: format!("{s_kana} {g_kana}"),
        kanji_name: format!("{surname}　{given}"),
        product_code: product.to_owned(),
        branch_no: (*rng.pick(&BRANCHES)).to_owned(),
        account_no: format!("{:07}", rng.below(9_000_000) + 1_000_000),
        amount_monthly: monthly,
        amount_summer: summer,
        amount_year_end: year_end,
        start_month: start.to_string(),
        end_month: None,
    }
}

fn amounts(rng: &mut Lcg, product: &str) -> (i64, i64, i64) {
    let bonus = |rng: &mut Lcg, from, to| {
        if rng.chance(3) {
            0
        } else {
            rng.yen(from, to, 10_000)
        }
    };
    match product {
        "01" => (
            rng.yen(5_000, 30_000, 1_000),
            bonus(rng, 10_000, 100_000),
            bonus(rng, 10_000, 100_000),
        ),
        "02" => (rng.yen(10_000, 50_000, 5_000), 0, 0),
        "03" => (
            rng.yen(10_000, 40_000, 5_000),
            bonus(rng, 20_000, 150_000),
            bonus(rng, 20_000, 150_000),
        ),
        "04" => (
            rng.yen(20_000, 60_000, 1_000),
            rng.yen(50_000, 150_000, 10_000),
            rng.yen(50_000, 150_000, 10_000),
        ),
        "05" => (rng.yen(5_000, 30_000, 5_000), 0, 0),
        "06" => (
            rng.yen(50_000, 120_000, 1_000),
            rng.yen(100_000, 300_000, 10_000),
            rng.yen(100_000, 300_000, 10_000),
        ),
        _ => (rng.yen(10_000, 40_000, 1_000), 0, 0),
    }
}

/// 10:00 in Japan on `d`.
pub(super) fn morning(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(10, 0, 0)
        .and_then(|t| JST.from_local_datetime(&t).single())
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

/// A gate that lets the demo write as of any date (the data is history already).
fn gate(source: Source) -> Gate {
    Gate {
        source,
        detail_update: true,
        window: InputWindow::Open {
            deadline: NaiveDate::MAX,
        },
    }
}

/// `count` synthetic 有効 details for one group (職員番号 `90000001`…, every configured 取引 in
/// turn, 窓口 source), written by [`details::insert_many`] in one transaction: a bank-sized group
/// for the bench and for trying the lists. Returns how many were written.
pub fn generate(
    op: &mut Operator,
    group: &str,
    count: u32,
    start: YearMonth,
) -> anyhow::Result<usize> {
    let config = op.settings.deduction.clone();
    let products: Vec<&str> = config.products.iter().map(|p| p.code.as_str()).collect();
    let mut rng = Lcg(u64::from(count) ^ 0x5eed);
    let changes = (1..=count)
        .map(|no| {
            let product = products[no as usize % products.len().max(1)];
            let mut input = form(&mut rng, no, product, start);
            input.employee_no = format!("{:08}", 90_000_000 + no);
            plan_add(gate(Source::Counter), &input, &config)
                .map_err(|r| anyhow::anyhow!("{}: {r}", input.employee_no))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let who = Writer {
        user_id: None,
        user_name: "金庫",
    };
    Ok(details::insert_many(
        &mut op.conn,
        group,
        &changes,
        who,
        Utc::now(),
    )?)
}

/// The demo's 労金控除 for the member groups (`(number, kana name, services)`).
pub fn demo_deduction(
    op: &mut Operator,
    groups: &[(String, String, Vec<Service>)],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let config = op.settings.deduction.clone();
    for (i, (group, kana, services)) in groups.iter().enumerate() {
        if !services.contains(&Service::RokinDeduction) {
            continue;
        }
        let source = if services.contains(&Service::RokinDetailUpdate) {
            Source::Web
        } else {
            Source::Counter
        };
        let mut rng = Lcg(0x5eed_0000 + i as u64);
        group_demo(op, &mut rng, group, kana, source, &config, now)
            .with_context(|| format!("労金控除 demo of {group}"))?;
    }
    Ok(())
}

fn group_demo(
    op: &mut Operator,
    rng: &mut Lcg,
    group: &str,
    kana: &str,
    source: Source,
    config: &DeductionConfig,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let today = cjs_domain::jst(now).date_naive();
    let conn = &mut op.conn;
    payees::put_payee(
        conn,
        group,
        NewPayee {
            branch_no: "101",
            branch_name: "本店営業部",
            account_kind: AccountKind::Ordinary,
            account_no: "1234567",
            account_name_kana: kana,
        },
        now,
    )?;
    // Per 支給区分, the latest two cycles whose 締切日 has passed, oldest first.
    let rows = info::cycles_of(conn, group)?;
    let mut closed: Vec<_> = Vec::new();
    for o in Occasion::ALL {
        let mut of: Vec<_> = rows
            .iter()
            .filter(|r| r.occasion == o && r.deadline < today)
            .collect();
        of.sort_by_key(|r| std::cmp::Reverse(r.month));
        closed.extend(of.into_iter().take(2).cloned());
    }
    closed.sort_by_key(|r| (r.deadline, r.month));
    let Some(first) = closed.first() else {
        return Ok(());
    };
    let start = YearMonth::of(first.month - Duration::days(200));
    let who = Writer {
        user_id: None,
        user_name: "デモ",
    };
    // The members, a month before the first cycle closes.
    let mut t = morning(first.deadline - Duration::days(30));
    let products: Vec<&str> = config.products.iter().map(|p| p.code.as_str()).collect();
    if products.is_empty() {
        bail!("no products configured");
    }
    let mut no = 0;
    // A member's second product carries the first one's names (one person, one カナ氏名): the
    // 賃控元帳's 相違リスト then lists only the differences the ledger demo makes on purpose.
    let add = |conn: &mut cjs_store::DbConnection,
               rng: &mut Lcg,
               no: u32,
               product: &str,
               t: DateTime<Utc>,
               names: Option<&(String, String)>|
     -> anyhow::Result<(String, String)> {
        let mut input = form(rng, no, product, start);
        if let Some((kana, kanji)) = names {
            input.kana_name.clone_from(kana);
            input.kanji_name.clone_from(kanji);
        }
        let change = plan_add(gate(source), &input, config).map_err(|r| anyhow::anyhow!("{r}"))?;
        match details::insert(conn, group, &change, who, t) {
            Ok(_) | Err(cjs_store::StoreError::Conflict(_)) => {
                Ok((input.kana_name, input.kanji_name))
            }
            Err(e) => Err(e.into()),
        }
    };
    while no < MEMBERS - 20 {
        no += 1;
        let product = if rng.chance(4) {
            *rng.pick(&products)
        } else {
            "01"
        };
        let names = add(conn, rng, no, product, t, None)?;
        if rng.chance(4) {
            let second = *rng.pick(&products[1..]);
            add(conn, rng, no, second, t, Some(&names))?;
        }
    }
    for (k, cycle) in closed.iter().enumerate() {
        if k > 0 {
            // Between two cycles: new members, changed amounts, a few 解除, some at the counter.
            t = morning(cycle.deadline - Duration::days(5));
            for _ in 0..5 {
                no += 1;
                add(conn, rng, no, "01", t, None)?;
            }
            let (_, active) = details::search(
                conn,
                group,
                &details::DetailFilter {
                    state: Some(cjs_domain::deduction::DetailState::Active),
                    limit: 1000,
                    ..details::DetailFilter::default()
                },
            )?;
            for (j, row) in active.iter().enumerate() {
                if j % 23 == 5 {
                    change_amount(conn, rng, group, row, source, config, who, t)?;
                } else if j % 61 == 7 {
                    let change = plan_cancel(gate(source), &row.detail(), row.version, config)
                        .map_err(|r| anyhow::anyhow!("{r}"))?;
                    let _ = details::apply(conn, group, &row.id, &change, who, t)?;
                } else if j % 97 == 11 {
                    change_amount(conn, rng, group, row, Source::Counter, config, who, t)?;
                }
            }
        }
        let key = CycleKey {
            payment_group: group,
            occasion: cycle.occasion,
            month: YearMonth::of(cycle.month),
        };
        let made = morning(cycle.deadline + Duration::days(2)).min(now);
        match runs::close_cycle(conn, &key, config, false, made)? {
            Created::Lines(_) | Created::Exists => {}
            Created::InUse => continue,
        }
        if cycle.payday >= today {
            continue;
        }
        results(conn, rng, &key, cycle.payday, who)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn change_amount(
    conn: &mut cjs_store::DbConnection,
    rng: &mut Lcg,
    group: &str,
    row: &DetailRow,
    source: Source,
    config: &DeductionConfig,
    who: Writer<'_>,
    t: DateTime<Utc>,
) -> anyhow::Result<()> {
    let d = row.detail();
    let f = &d.fields;
    let input = DetailInput {
        employee_no: f.employee_no.to_string(),
        kana_name: f.kana_name.to_string(),
        kanji_name: f.kanji_name.to_string(),
        product_code: f.product.to_string(),
        branch_no: f.branch_no.to_string(),
        account_no: f.account_no.to_string(),
        amount_monthly: (f.amounts.monthly + rng.yen(-3, 5, 1) * 1_000).max(1_000),
        amount_summer: f.amounts.summer,
        amount_year_end: f.amounts.year_end,
        start_month: f.start_month.to_string(),
        end_month: f.end_month.map(|m| m.to_string()),
    };
    let change = plan_change(gate(source), &d, d.version, &input, config)
        .map_err(|r| anyhow::anyhow!("{r}"))?;
    let _ = details::apply(conn, group, &row.id, &change, who, t)?;
    Ok(())
}

/// From the 支給日: two 入金中止, 確定, then the bank's results (金庫受付済).
fn results(
    conn: &mut cjs_store::DbConnection,
    rng: &mut Lcg,
    key: &CycleKey<'_>,
    payday: NaiveDate,
    who: Writer<'_>,
) -> anyhow::Result<()> {
    let Some(run) = runs::find_run(conn, key)? else {
        return Ok(());
    };
    if run.lump_state != LumpState::Open {
        return Ok(());
    }
    let at = morning(payday);
    let lines = runs::all_lines(conn, key)?;
    let stoppable: Vec<_> = lines
        .iter()
        .filter(|l| l.movement != Movement::Cancelled && l.error.is_none())
        .collect();
    let mut stopped = Vec::new();
    for (l, reason) in stoppable
        .iter()
        .skip(7)
        .step_by(97)
        .zip([StopReason::Retired, StopReason::Leave])
    {
        let stop = Stop::parse(reason, None).map_err(|e| anyhow::anyhow!("{e}"))?;
        if let Ok(Ok(_)) = runs::set_stop(conn, key, l.line_no, Some(&stop), who, at) {
            stopped.push(l.line_no);
        }
    }
    let run = runs::find_run(conn, key)?.context("run")?;
    match runs::confirm(conn, key, run.version, who, at)? {
        Ok(_) => {}
        Err(r) => bail!("確定: {r}"),
    }
    let reasons = [
        FailReason::NoAccount,
        FailReason::AccountClosed,
        FailReason::NameMismatch,
        FailReason::Ended,
    ];
    let out: Vec<LineResult> = stoppable
        .iter()
        .map(|l| {
            let kana = l.kana_name.as_str();
            let failed = stopped.contains(&l.line_no) || rng.chance(40);
            let bank_kana = if rng.chance(50) {
                // The bank holds the name as it was before a marriage, say.
                format!("{}ﾞ", kana.trim_end_matches('ﾞ'))
            } else {
                kana.to_owned()
            };
            LineResult {
                line_no: l.line_no,
                outcome: if failed {
                    Outcome::Failed
                } else {
                    Outcome::Done
                },
                reason: failed.then(|| {
                    if stopped.contains(&l.line_no) {
                        FailReason::Stopped
                    } else {
                        *rng.pick(&reasons)
                    }
                }),
                reason_text: None,
                kana_mismatch: Some(names_differ(kana, &bank_kana)),
                bank_kana: Some(bank_kana),
            }
        })
        .collect();
    match runs::load_results(conn, key, &out, morning(payday + Duration::days(1)))? {
        Ok(_) => Ok(()),
        Err(r) => bail!("結果: {r}"),
    }
}

//! `cjs demo`'s 賃控元帳: each member group with 賃控元帳 gets the union's items (組合費, 共済掛金,
//! 互助会費) and the bank's (労金 kind), ledger lines on every demo member (the 労金控除 members
//! where the group has them — two with another カナ氏名 and one whose 職員番号 gained a leading
//! zero, so the 相違リスト has rows), a few changes from this month, and last month's 控除依頼
//! with results (a few 不能). Running it again adds nothing.

use anyhow::{Context, bail};
use chrono::{DateTime, Datelike, Duration, Utc};
use cjs_domain::Service;
use cjs_domain::deduction::{DetailState, YearMonth};
use cjs_domain::ledger::{
    Change, FailReason, ItemFields, ItemInput, ItemKind, LineInput, LineResult, Outcome, Refusal,
    plan_add, plan_change,
};
use cjs_domain::schedule::Occasion;
use cjs_store::DbConnection;
use cjs_store::deduction::details::{self, DetailFilter};
use cjs_store::ledger::lines::{self, LineFilter};
use cjs_store::ledger::{CycleKey, Stamp, Writer, items, runs};

use super::Operator;
use super::demo_deduction::{GIVEN, Lcg, SURNAMES, morning};

/// Members per group when the group has no 労金控除 members to follow.
const MEMBERS: u32 = 300;

const DEMO: Writer<'static> = Writer {
    user_id: None,
    user_name: "デモ",
};

/// The demo's items: code, name, 表示順, kind, 月例, 賞与.
const ITEMS: [(&str, &str, i64, ItemKind, bool, bool); 5] = [
    ("101", "組合費", 10, ItemKind::UnionDues, true, false),
    ("201", "共済掛金", 20, ItemKind::MutualAid, true, true),
    ("301", "互助会費", 30, ItemKind::Other, true, false),
    ("901", "労金エース預金", 90, ItemKind::Rokin, true, true),
    ("902", "労金財形預金", 91, ItemKind::Rokin, true, true),
];

/// The demo's 賃控元帳 for the member groups (`(number, kana name, services)`).
pub fn demo_ledger(
    op: &mut Operator,
    groups: &[(String, String, Vec<Service>)],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for (i, (group, _, services)) in groups.iter().enumerate() {
        if !services.contains(&Service::Ledger) {
            continue;
        }
        let mut rng = Lcg(0x1ed9_0000 + i as u64);
        group_demo(&mut op.conn, &mut rng, group, now)
            .with_context(|| format!("賃控元帳 demo of {group}"))?;
    }
    Ok(())
}

/// The first of the month `months` before `now`'s (JST).
fn months_back(now: DateTime<Utc>, months: u32) -> YearMonth {
    let today = cjs_domain::jst(now).date_naive();
    let mut y = today.year();
    let mut m = i64::from(today.month()) - i64::from(months);
    while m < 1 {
        m += 12;
        y -= 1;
    }
    YearMonth::new(y, u32::try_from(m).unwrap_or(1)).unwrap_or_else(|| YearMonth::of(today))
}

/// The members to put on the ledger: the group's 労金控除 members (職員番号, カナ, 漢字), or
/// generated ones.
fn members(
    conn: &mut DbConnection,
    rng: &mut Lcg,
    group: &str,
) -> anyhow::Result<Vec<(String, String, String)>> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    let mut offset = 0;
    loop {
        let (_, page) = details::search(
            conn,
            group,
            &DetailFilter {
                state: Some(DetailState::Active),
                offset,
                limit: 1000,
                ..DetailFilter::default()
            },
        )?;
        if page.is_empty() {
            break;
        }
        offset += i64::try_from(page.len()).unwrap_or(1000);
        for d in page {
            if out
                .last()
                .is_none_or(|(no, _, _)| no != d.employee_no.as_str())
            {
                out.push((
                    d.employee_no.to_string(),
                    d.kana_name.to_string(),
                    d.kanji_name.to_string(),
                ));
            }
        }
    }
    if out.is_empty() {
        for no in 1..=MEMBERS {
            let (surname, s_kana) = *rng.pick(&SURNAMES);
            let (given, g_kana) = *rng.pick(&GIVEN);
            out.push((
                format!("{:06}", 100_000 + no),
                format!("{s_kana} {g_kana}"),
                format!("{surname}　{given}"),
            ));
        }
    }
    Ok(out)
}

fn line(
    member: &(String, String, String),
    code: &str,
    amounts: (i64, i64, i64),
    start: YearMonth,
) -> LineInput {
    LineInput {
        employee_no: member.0.clone(),
        kana_name: member.1.clone(),
        kanji_name: member.2.clone(),
        item_code: code.into(),
        amount_monthly: amounts.0,
        amount_summer: amounts.1,
        amount_year_end: amounts.2,
        start_month: start.to_string(),
        end_month: None,
    }
}

fn group_demo(
    conn: &mut DbConnection,
    rng: &mut Lcg,
    group: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for (code, name, order, kind, monthly, bonus) in ITEMS {
        if items::by_code(conn, group, code)?.is_some() {
            continue;
        }
        let fields = ItemFields::parse(&ItemInput {
            item_code: code.into(),
            item_name: name.into(),
            display_order: order,
            kind,
            monthly,
            bonus,
        })
        .map_err(|r| anyhow::anyhow!("{r}"))?;
        items::insert(conn, group, &fields, now - Duration::days(400))?;
    }
    let catalogue = items::catalogue(conn, group)?;
    let (existing, _) = lines::search(
        conn,
        group,
        &LineFilter {
            limit: 1,
            ..LineFilter::default()
        },
    )?;
    if existing == 0 {
        let start = months_back(now, 12);
        let people = members(conn, rng, group)?;
        let mut changes: Vec<Change> = Vec::new();
        for (k, person) in people.iter().enumerate() {
            let mut person = person.clone();
            match k {
                // The ledger spells these two differently from the 労金控除 data.
                4 | 9 => person.1 = format!("{}ﾞ", person.1.trim_end_matches('ﾞ')),
                // And this one's number gained a leading zero.
                6 => person.0 = format!("0{}", person.0),
                _ => {}
            }
            let mut forms = vec![
                line(&person, "101", (rng.yen(3_000, 5_000, 500), 0, 0), start),
                line(&person, "301", (500, 0, 0), start),
            ];
            if k % 3 != 0 {
                forms.push(line(
                    &person,
                    "201",
                    (rng.yen(1_000, 3_000, 500), 5_000, 5_000),
                    start,
                ));
            }
            if k % 5 == 0 {
                forms.push(line(&person, "901", (10_000, 30_000, 30_000), start));
            }
            if k % 11 == 0 {
                forms.push(line(
                    &person,
                    "902",
                    (rng.yen(5_000, 20_000, 5_000), 0, 0),
                    start,
                ));
            }
            for f in forms {
                changes.push(plan_add(&f, &catalogue).map_err(|r| anyhow::anyhow!("{r}"))?);
            }
        }
        let stamp = Stamp {
            writer: DEMO,
            screen: "LR102101",
            now: morning(start.first_day()),
        };
        cjs_store::transaction(conn, |c| {
            for ch in &changes {
                lines::insert(c, group, ch, &stamp)?;
            }
            Ok(())
        })?;
        // A few changes from this month: the history shows them, the 異動分 too.
        let this_month = months_back(now, 0);
        let (_, dues) = lines::search(
            conn,
            group,
            &LineFilter {
                item_code: Some("101"),
                limit: 1000,
                ..LineFilter::default()
            },
        )?;
        let stamp = Stamp {
            writer: DEMO,
            screen: "LR101201",
            now: now - Duration::days(1),
        };
        for row in dues.iter().step_by(17) {
            let l = row.line();
            let f = &l.fields;
            let input = LineInput {
                employee_no: f.employee_no.to_string(),
                kana_name: f.kana_name.to_string(),
                kanji_name: f.kanji_name.to_string(),
                item_code: f.item_code.to_string(),
                amount_monthly: f.amounts.monthly + 500,
                amount_summer: f.amounts.summer,
                amount_year_end: f.amounts.year_end,
                start_month: f.start_month.to_string(),
                end_month: f.end_month.map(|m| m.to_string()),
            };
            let change = plan_change(&l, l.version, &input, Some(this_month), &catalogue)
                .map_err(|r| anyhow::anyhow!("{r}"))?;
            let _ = lines::apply(conn, group, &row.id, &change, &stamp)?;
        }
    }
    last_month_run(conn, group, now)
}

/// Last month's 月例 控除依頼 with results: every line 済 but a few 不能.
fn last_month_run(conn: &mut DbConnection, group: &str, now: DateTime<Utc>) -> anyhow::Result<()> {
    let key = CycleKey {
        payment_group: group,
        occasion: Occasion::Monthly,
        month: months_back(now, 1),
    };
    let stamp = Stamp {
        writer: DEMO,
        screen: "LR105101",
        now: morning(key.month.first_day() + Duration::days(9)).min(now),
    };
    match runs::create(conn, &key, false, &stamp)? {
        Ok(_) | Err(Refusal::RunExists) => {}
        Err(Refusal::NothingToRequest) => return Ok(()),
        Err(r) => bail!("控除依頼: {r}"),
    }
    let Some(run) = runs::find(conn, &key)? else {
        return Ok(());
    };
    if run.results_at.is_some() {
        return Ok(());
    }
    let reasons = [
        (FailReason::InsufficientPay, None),
        (FailReason::Leave, None),
        (FailReason::Retired, None),
        (FailReason::Other, Some("育児休業")),
    ];
    let results: Vec<LineResult> = runs::lines(conn, &key)?
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let failed = k % 53 == 13;
            let (reason, text) = reasons[(k / 53) % reasons.len()];
            LineResult {
                line_no: l.line_no,
                result: Some(if failed {
                    Outcome::Failed
                } else {
                    Outcome::Deducted
                }),
                reason: failed.then_some(reason),
                text: if failed {
                    text.map(str::to_owned)
                } else {
                    None
                },
            }
        })
        .collect();
    let stamp = Stamp {
        now: morning(key.month.first_day() + Duration::days(26)).min(now),
        screen: "LR107101",
        ..stamp
    };
    match runs::set_results(conn, &key, Some(run.version), &results, &stamp)? {
        Ok(_) => Ok(()),
        Err(r) => bail!("控除結果: {r}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn months_back_crosses_the_year() {
        let t = cjs_domain::calendar::JST
            .with_ymd_and_hms(2026, 2, 10, 9, 0, 0)
            .single()
            .expect("time")
            .with_timezone(&Utc);
        assert_eq!(months_back(t, 0).to_string(), "2026-02");
        assert_eq!(months_back(t, 1).to_string(), "2026-01");
        assert_eq!(months_back(t, 2).to_string(), "2025-12");
        assert_eq!(months_back(t, 14).to_string(), "2024-12");
    }
}

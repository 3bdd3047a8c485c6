//! `cjs demo`'s 財形: the demo employer's group gets ~200 employees (一般 for most, 住宅 and 年金
//! for some) and three cycles of each document it contracted — 預入依頼書 月例 / 夏季一時金 /
//! 年末一時金, 加入者残高一覧表, 奨励金 月例 / 一時金 — the newest at the dates the information
//! screen has always shown, with joiners, leavers, amount and account changes between cycles. A
//! document that already has cycles is left as it is.

use anyhow::Context;
use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use cjs_domain::deduction::{AccountNo, BranchNo, EmployeeNo, KanjiName};
use cjs_domain::kana::KanaName;
use cjs_domain::schedule::EmployerDocument;
use cjs_domain::zaikei::{DocumentKind, Line, SavingsKind};
use cjs_store::{contracts, zaikei};

use super::Operator;
use super::demo_deduction::{BRANCHES, GIVEN, Lcg, SURNAMES};

/// Employees in the oldest cycle.
const EMPLOYEES: u32 = 200;

/// An employee's 財形 accounts: 一般 always, 住宅 for 1 in 3, 年金 for 1 in 4.
fn employee(rng: &mut Lcg, no: u32) -> anyhow::Result<Vec<(SavingsKind, Line)>> {
    let (surname, s_kana) = *rng.pick(&SURNAMES);
    let (given, g_kana) = *rng.pick(&GIVEN);
    let branch: &&str = rng.pick(&BRANCHES);
    let base = Line {
        employee_no: EmployeeNo::parse(&format!("{:06}", 300_000 + no))?,
        kana_name: KanaName::parse(&format!("{s_kana} {g_kana}"))?,
        kanji_name: Some(KanjiName::parse(&format!("{surname}　{given}"))?),
        kind: SavingsKind::General,
        branch_no: BranchNo::parse(branch)?,
        account_no: AccountNo::parse("1000000")?,
        amount: 0,
        incentive: 0,
    };
    let mut out = Vec::new();
    for (kind, odds) in [
        (SavingsKind::General, 1),
        (SavingsKind::Housing, 3),
        (SavingsKind::Pension, 4),
    ] {
        if rng.chance(odds) {
            let mut line = base.clone();
            line.kind = kind;
            line.account_no =
                AccountNo::parse(&format!("{:07}", rng.below(9_000_000) + 1_000_000))?;
            out.push((kind, line));
        }
    }
    Ok(out)
}

/// The accounts of three cycles, oldest first: between two cycles about 1 in 25 accounts close,
/// 1 in 30 move to another account number, and 6 employees join.
fn population(rng: &mut Lcg) -> anyhow::Result<[Vec<Line>; 3]> {
    let mut cycle: Vec<Line> = Vec::new();
    for n in 1..=EMPLOYEES {
        cycle.extend(employee(rng, n)?.into_iter().map(|(_, l)| l));
    }
    let first = cycle.clone();
    let mut next_no = EMPLOYEES;
    let mut step = |rng: &mut Lcg, from: &[Line]| -> anyhow::Result<Vec<Line>> {
        let mut out = Vec::new();
        for line in from {
            if rng.chance(25) {
                continue;
            }
            let mut l = line.clone();
            if rng.chance(30) {
                l.account_no =
                    AccountNo::parse(&format!("{:07}", rng.below(9_000_000) + 1_000_000))?;
            }
            out.push(l);
        }
        for _ in 0..6 {
            next_no += 1;
            out.extend(employee(rng, next_no)?.into_iter().map(|(_, l)| l));
        }
        Ok(out)
    };
    let second = step(rng, &first)?;
    let third = step(rng, &second)?;
    Ok([first, second, third])
}

/// The amounts of one line on a document; a 1 in 10 chance of a changed amount per cycle comes
/// from drawing again.
fn amounts(rng: &mut Lcg, document: EmployerDocument, line: &Line, cycle: usize) -> (i64, i64) {
    let seed = line
        .employee_no
        .as_str()
        .bytes()
        .fold(u64::from(line.kind as u8), |a, b| a * 31 + u64::from(b));
    // The same amount cycle after cycle unless this line's draw says otherwise.
    let changed = rng.chance(10);
    let mut own = Lcg(seed + if changed { cycle as u64 * 7_919 } else { 0 });
    match document {
        EmployerDocument::DepositMonthly => {
            let amount = own.yen(5_000, 50_000, 1_000);
            (amount, amount / 20 / 100 * 100)
        }
        EmployerDocument::DepositSummer | EmployerDocument::DepositYearEnd => {
            let amount = own.yen(20_000, 200_000, 10_000);
            (amount, amount / 20 / 100 * 100)
        }
        EmployerDocument::Balance => {
            let monthly = own.yen(5_000, 50_000, 1_000);
            (
                monthly * i64::try_from(own.below(120) + 12).unwrap_or(12),
                0,
            )
        }
        EmployerDocument::IncentiveMonthly => {
            let amount = own.yen(5_000, 50_000, 1_000);
            (amount, (amount / 20 / 100 * 100).max(100))
        }
        EmployerDocument::IncentiveBonus => {
            let amount = own.yen(20_000, 200_000, 10_000);
            (amount, (amount / 20 / 100 * 100).max(100))
        }
    }
}

/// The newest 作成基準日 (days before today, as the information screen has shown) and the step
/// back to the two before it.
fn schedule(document: EmployerDocument) -> (i64, Months) {
    match document {
        EmployerDocument::DepositMonthly => (10, Months::new(1)),
        EmployerDocument::DepositSummer | EmployerDocument::DepositYearEnd => (
            if document == EmployerDocument::DepositSummer {
                150
            } else {
                330
            },
            Months::new(12),
        ),
        EmployerDocument::Balance => (60, Months::new(3)),
        EmployerDocument::IncentiveMonthly => (9, Months::new(1)),
        EmployerDocument::IncentiveBonus => (330, Months::new(6)),
    }
}

pub fn demo_zaikei(op: &mut Operator, group: &str, now: DateTime<Utc>) -> anyhow::Result<()> {
    let today = cjs_domain::jst(now).date_naive();
    let Some(g) = contracts::find_payment_group(&mut op.conn, group)? else {
        anyhow::bail!("no payment group {group}");
    };
    let have = zaikei::cycles_of(&mut op.conn, group)?;
    let mut rng = Lcg(0x2a1_0000);
    let people = population(&mut rng)?;
    for document in EmployerDocument::ALL {
        if !g.services.contains(&document.service())
            || have.iter().any(|s| s.cycle.document == document)
        {
            continue;
        }
        let (back, step) = schedule(document);
        let newest = today - Duration::days(back);
        let dates: Vec<NaiveDate> = [2u32, 1, 0]
            .iter()
            .map(|k| {
                newest
                    .checked_sub_months(Months::new(step.as_u32() * k))
                    .unwrap_or(newest)
            })
            .collect();
        for (cycle, (base_date, lines)) in dates.iter().zip(&people).enumerate() {
            let lines: Vec<Line> = lines
                .iter()
                .map(|l| {
                    let (amount, incentive) = amounts(&mut rng, document, l, cycle);
                    Line {
                        amount,
                        incentive,
                        ..l.clone()
                    }
                })
                .collect();
            let deposit_date = DocumentKind::of(document)
                .is_deposit()
                .then(|| *base_date + Duration::days(9));
            op.load_zaikei(
                &zaikei::CycleKey {
                    payment_group: group,
                    document,
                    base_date: *base_date,
                },
                deposit_date,
                &lines,
                false,
            )
            .with_context(|| format!("財形 demo of {group} {}", document.label()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cjs_domain::changes::ChangeKind;
    use cjs_domain::zaikei::{changes, check_line};

    #[test]
    fn three_cycles_of_about_200_employees_with_every_kind_of_change() {
        let mut rng = Lcg(0x2a1_0000);
        let people = population(&mut rng).expect("population");
        let employees = |c: &[Line]| {
            let mut e: Vec<&str> = c.iter().map(|l| l.employee_no.as_str()).collect();
            e.dedup();
            e.len()
        };
        assert_eq!(employees(&people[0]), EMPLOYEES as usize);
        assert!(people[0].iter().any(|l| l.kind == SavingsKind::Pension));
        let mut priced = |c: usize| -> Vec<Line> {
            people[c]
                .iter()
                .map(|l| {
                    let (amount, incentive) =
                        amounts(&mut rng, EmployerDocument::DepositMonthly, l, c);
                    Line {
                        amount,
                        incentive,
                        ..l.clone()
                    }
                })
                .collect()
        };
        let (a, b) = (priced(1), priced(2));
        assert!(
            b.iter()
                .all(|l| check_line(DocumentKind::Deposit, l).is_ok())
        );
        let c = changes(&a, &b);
        for kind in ChangeKind::ALL {
            assert!(c.iter().any(|x| x.kind == *kind), "no {kind:?}");
        }
    }
}

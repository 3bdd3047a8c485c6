//! `cjs demo`'s 一斉積立: each member group with 一斉積立 gets two runs with their members —
//! 「013 定例積立」 (40 days ago, 定例) and 「014 サンプル1」 (10 days ago, 臨時作成, the manual's
//! example) — with members joining, leaving, changing amount and account between them, so the
//! 変更明細 shows every 変更区分. A group that already has loaded runs is left as it is.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use cjs_domain::Service;
use cjs_domain::collective::{Line, RunHeader, RunName, RunNo, RunOrigin};
use cjs_domain::deduction::{AccountNo, BranchNo, EmployeeNo, KanjiName};
use cjs_domain::kana::KanaName;
use cjs_domain::schedule::RunKind;
use cjs_store::collective;

use super::Operator;
use super::demo_deduction::{BRANCHES, GIVEN, Lcg, SURNAMES};

/// Members of the first run.
const MEMBERS: u32 = 150;

fn member(rng: &mut Lcg, no: u32) -> anyhow::Result<Line> {
    let (surname, s_kana) = *rng.pick(&SURNAMES);
    let (given, g_kana) = *rng.pick(&GIVEN);
    let branch: &&str = rng.pick(&BRANCHES);
    Ok(Line {
        employee_no: EmployeeNo::parse(&format!("{:06}", 200_000 + no))?,
        kana_name: KanaName::parse(&format!("{s_kana} {g_kana}"))?,
        kanji_name: Some(KanjiName::parse(&format!("{surname}　{given}"))?),
        branch_no: BranchNo::parse(branch)?,
        account_no: AccountNo::parse(&format!("{:07}", rng.below(9_000_000) + 1_000_000))?,
        amount: rng.yen(1_000, 30_000, 1_000),
    })
}

/// Run 13 and, from it, run 14: about 1 in 15 leave, 1 in 8 change amount, 1 in 20 change
/// account, and 12 join.
fn runs(rng: &mut Lcg) -> anyhow::Result<(Vec<Line>, Vec<Line>)> {
    let first: Vec<Line> = (1..=MEMBERS)
        .map(|n| member(rng, n))
        .collect::<anyhow::Result<_>>()?;
    let mut second = Vec::new();
    for line in &first {
        if rng.chance(15) {
            continue;
        }
        let mut next = line.clone();
        if rng.chance(8) {
            next.amount = rng.yen(1_000, 30_000, 1_000);
        } else if rng.chance(20) {
            next.account_no =
                AccountNo::parse(&format!("{:07}", rng.below(9_000_000) + 1_000_000))?;
        }
        second.push(next);
    }
    for n in MEMBERS + 1..=MEMBERS + 12 {
        second.push(member(rng, n)?);
    }
    Ok((first, second))
}

pub fn demo_collective(
    op: &mut Operator,
    groups: &[(String, Vec<Service>)],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let today = cjs_domain::jst(now).date_naive();
    for (i, (group, services)) in groups.iter().enumerate() {
        if !services.contains(&Service::CollectiveSavings) {
            continue;
        }
        let loaded = collective::runs(&mut op.conn, group)?
            .iter()
            .any(|r| r.run.origin == RunOrigin::File);
        if loaded {
            continue;
        }
        let mut rng = Lcg(0xc011_0000 + i as u64);
        let (first, second) = runs(&mut rng)?;
        for (no, name, back, kind, lines) in [
            (13, "定例積立", 40, RunKind::Regular, &first),
            (14, "サンプル1", 10, RunKind::AdHoc, &second),
        ] {
            let header = RunHeader {
                run_no: RunNo::new(no)?,
                name: RunName::parse(name)?,
                received_on: today - Duration::days(back),
                kind,
            };
            // A header-only run of the same number (an older demo) is made whole.
            op.load_collective(group, &header, lines, true)
                .with_context(|| format!("一斉積立 demo of {group}"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cjs_domain::changes::ChangeKind;
    use cjs_domain::collective::changes;

    #[test]
    fn the_two_demo_runs_differ_in_every_way_the_change_list_shows() {
        let (first, second) = runs(&mut Lcg(0xc011_0000)).expect("runs");
        assert_eq!(first.len(), MEMBERS as usize);
        let c = changes(&first, &second);
        for kind in ChangeKind::ALL {
            assert!(c.iter().any(|x| x.kind == *kind), "no {kind:?}");
        }
        assert_eq!(c.iter().filter(|x| x.kind == ChangeKind::New).count(), 12);
    }
}

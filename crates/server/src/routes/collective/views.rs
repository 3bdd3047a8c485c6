//! The store's rows as the API's JSON (`cjs_api_types::collective`) and as the report layer's
//! plain structs (`cjs_reports::collective`).

use cjs_api_types::collective::{
    ChangeTotals as ChangeTotalsView, ChangeView, KindCount, LineView, RunSummary, Totals,
    run_no_label,
};
use cjs_domain::collective::RunNo;
use cjs_domain::deduction::KanjiName;
use cjs_reports::collective as rep;
use cjs_store::collective::{
    self as store, ChangeRow, ChangeTotals, LineRow, RunKey, RunRow, Totals as StoreTotals,
};
use cjs_store::time::from_db;
use cjs_store::{DbConnection, StoreResult};

pub fn totals(t: StoreTotals) -> Totals {
    Totals {
        count: t.count,
        amount: t.amount,
    }
}

/// A run with its totals.
pub fn run_summary(run: &RunRow, t: StoreTotals) -> RunSummary {
    RunSummary {
        run_no: run.run_no,
        run_no_label: run_no_label(run.run_no),
        name: run.name.clone(),
        title: format!("{} {}", run_no_label(run.run_no), run.name),
        received_on: run.received_on,
        kind: run.kind,
        kind_label: run.kind.label().to_owned(),
        origin: run.origin,
        origin_label: run.origin.label().to_owned(),
        count: t.count,
        amount: t.amount,
        previous_run_no: run.previous_run_no,
        created_at: from_db(run.created_at),
    }
}

/// One run's summary, its totals summed by the database.
pub fn summary_of(c: &mut DbConnection, run: &RunRow) -> StoreResult<RunSummary> {
    let t = match RunNo::new(i64::from(run.run_no)) {
        Ok(run_no) => store::totals(
            c,
            &RunKey {
                payment_group: &run.payment_group,
                run_no,
            },
        )?,
        Err(_) => StoreTotals::default(),
    };
    Ok(run_summary(run, t))
}

/// The run a run's 変更明細 was made against, if any (and still there).
pub fn previous_of(c: &mut DbConnection, run: &RunRow) -> StoreResult<Option<RunRow>> {
    match run
        .previous_run_no
        .and_then(|n| RunNo::new(i64::from(n)).ok())
    {
        Some(run_no) => store::find_run(
            c,
            &RunKey {
                payment_group: &run.payment_group,
                run_no,
            },
        ),
        None => Ok(None),
    }
}

fn kanji(k: Option<&KanjiName>) -> Option<String> {
    k.map(|k| k.as_str().to_owned())
}

pub fn line_view(l: &LineRow) -> LineView {
    LineView {
        line_no: l.line_no,
        employee_no: l.employee_no.as_str().to_owned(),
        kana_name: l.kana_name.as_str().to_owned(),
        kanji_name: kanji(l.kanji_name.as_ref()),
        branch_no: l.branch_no.as_str().to_owned(),
        account_no: l.account_no.as_str().to_owned(),
        amount: l.amount,
    }
}

pub fn change_view(c: &ChangeRow) -> ChangeView {
    ChangeView {
        change_no: c.change_no,
        kind: c.kind,
        kind_label: c.kind.label().to_owned(),
        employee_no: c.employee_no.as_str().to_owned(),
        kana_name: c.kana_name.as_str().to_owned(),
        kanji_name: kanji(c.kanji_name.as_ref()),
        before_branch_no: c.before_branch_no.as_ref().map(|b| b.as_str().to_owned()),
        before_account_no: c.before_account_no.as_ref().map(|a| a.as_str().to_owned()),
        before_amount: c.before_amount,
        after_branch_no: c.after_branch_no.as_ref().map(|b| b.as_str().to_owned()),
        after_account_no: c.after_account_no.as_ref().map(|a| a.as_str().to_owned()),
        after_amount: c.after_amount,
    }
}

pub fn change_totals(t: &ChangeTotals) -> ChangeTotalsView {
    ChangeTotalsView {
        per_kind: t
            .per_kind
            .iter()
            .map(|(kind, count)| KindCount {
                kind: *kind,
                label: kind.label().to_owned(),
                count: *count,
            })
            .collect(),
        previous: totals(t.previous),
        current: totals(t.current),
        difference: t.difference(),
    }
}

// ---- for the report layer ----

pub fn heading(run: &RunRow) -> rep::RunHeading {
    rep::RunHeading {
        run_no: run.run_no,
        name: run.name.clone(),
        received_on: run.received_on,
        kind: run.kind,
    }
}

pub fn report_totals(t: StoreTotals) -> rep::Totals {
    rep::Totals {
        count: t.count,
        amount: t.amount,
    }
}

pub fn report_line(l: &LineRow) -> rep::Line {
    rep::Line {
        line_no: l.line_no,
        employee_no: l.employee_no.as_str().to_owned(),
        kana_name: l.kana_name.as_str().to_owned(),
        kanji_name: l
            .kanji_name
            .as_ref()
            .map(|k| k.as_str().to_owned())
            .unwrap_or_default(),
        branch_no: l.branch_no.as_str().to_owned(),
        account_no: l.account_no.as_str().to_owned(),
        amount: l.amount,
    }
}

fn side(
    branch: Option<&cjs_domain::deduction::BranchNo>,
    account: Option<&cjs_domain::deduction::AccountNo>,
    amount: Option<i64>,
) -> Option<rep::Side> {
    match (branch, account, amount) {
        (Some(b), Some(a), Some(amount)) => Some(rep::Side {
            branch_no: b.as_str().to_owned(),
            account_no: a.as_str().to_owned(),
            amount,
        }),
        _ => None,
    }
}

pub fn report_change(c: &ChangeRow) -> rep::ChangeLine {
    rep::ChangeLine {
        change_no: c.change_no,
        kind: c.kind,
        employee_no: c.employee_no.as_str().to_owned(),
        kana_name: c.kana_name.as_str().to_owned(),
        kanji_name: c
            .kanji_name
            .as_ref()
            .map(|k| k.as_str().to_owned())
            .unwrap_or_default(),
        before: side(
            c.before_branch_no.as_ref(),
            c.before_account_no.as_ref(),
            c.before_amount,
        ),
        after: side(
            c.after_branch_no.as_ref(),
            c.after_account_no.as_ref(),
            c.after_amount,
        ),
    }
}

/// Rows per read when a whole run is streamed from the database (CSV, PDF).
const CHUNK: i64 = 5_000;

/// Every line of a run, in 行番号 order, read in chunks.
pub fn all_lines(c: &mut DbConnection, key: &RunKey<'_>) -> StoreResult<Vec<LineRow>> {
    let mut out = Vec::new();
    let mut after = 0;
    loop {
        let chunk = store::lines_after(c, key, after, CHUNK)?;
        let Some(last) = chunk.last() else { break };
        after = last.line_no;
        let done = i64::try_from(chunk.len()).unwrap_or(i64::MAX) < CHUNK;
        out.extend(chunk);
        if done {
            break;
        }
    }
    Ok(out)
}

/// Every 変更明細 row of a run, in 行番号 order, read in chunks.
pub fn all_changes(c: &mut DbConnection, key: &RunKey<'_>) -> StoreResult<Vec<ChangeRow>> {
    let mut out = Vec::new();
    let mut after = 0;
    loop {
        let chunk = store::changes_after(c, key, after, CHUNK)?;
        let Some(last) = chunk.last() else { break };
        after = last.change_no;
        let done = i64::try_from(chunk.len()).unwrap_or(i64::MAX) < CHUNK;
        out.extend(chunk);
        if done {
            break;
        }
    }
    Ok(out)
}

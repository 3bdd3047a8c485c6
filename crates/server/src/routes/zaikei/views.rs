//! The store's rows as the API shows them (`cjs_api_types::zaikei`) and as the reports print them
//! (`cjs_reports::zaikei`).

use chrono::NaiveDate;
use cjs_api_types::zaikei::{
    AmountColumnsView, ChangeCount, ChangeView, CycleView, DocumentView, GrandTotalView,
    KindTotalView, LineTotals, LineView,
};
use cjs_domain::changes::ChangeKind;
use cjs_domain::schedule::EmployerDocument;
use cjs_domain::zaikei::DocumentKind;
use cjs_reports::zaikei as rep;
use cjs_store::zaikei::{ChangeRow, CycleSummary, KindTotal, KindTotals, LineRow};

use super::kept;

pub fn cycle_view(s: &CycleSummary) -> CycleView {
    CycleView {
        base_date: s.cycle.base_date,
        deposit_date: s.cycle.deposit_date,
        previous_base_date: s.cycle.previous_base_date,
        lines: s.lines,
        loaded_at: s.cycle.loaded_at.and_utc(),
    }
}

/// The documents the group contracted (in `EmployerDocument::ALL` order), each with its kept
/// cycles newest first.
pub fn documents(
    contracted: impl Fn(EmployerDocument) -> bool,
    cycles: &[CycleSummary],
    keep: u32,
) -> Vec<DocumentView> {
    EmployerDocument::ALL
        .into_iter()
        .filter(|d| contracted(*d))
        .map(|document| {
            let of: Vec<&CycleSummary> = cycles
                .iter()
                .filter(|s| s.cycle.document == document)
                .collect();
            let dates: Vec<NaiveDate> = of.iter().map(|s| s.cycle.base_date).collect();
            let kept = kept(&dates, keep);
            let mut shown: Vec<&CycleSummary> = of
                .into_iter()
                .filter(|s| kept.contains(&s.cycle.base_date))
                .collect();
            shown.sort_by_key(|s| std::cmp::Reverse(s.cycle.base_date));
            let kind = DocumentKind::of(document);
            DocumentView {
                document,
                name: document.label().to_owned(),
                kind,
                kind_label: kind.label().to_owned(),
                columns: AmountColumnsView::of(kind),
                has_changes: kind.is_deposit(),
                cycles: shown.into_iter().map(cycle_view).collect(),
            }
        })
        .collect()
}

pub fn line_view(r: &LineRow, kind: DocumentKind) -> LineView {
    LineView {
        line_no: r.line_no,
        employee_no: r.employee_no.as_str().to_owned(),
        kana_name: r.kana_name.as_str().to_owned(),
        kanji_name: r.kanji_name.as_ref().map(|k| k.as_str().to_owned()),
        kind: r.kind,
        kind_label: r.kind.label().to_owned(),
        branch_no: r.branch_no.as_str().to_owned(),
        account_no: r.account_no.as_str().to_owned(),
        amount: r.amount,
        incentive: r.incentive,
        deposit_total: kind.is_deposit().then_some(r.amount + r.incentive),
    }
}

fn total_of(t: &KindTotal, kind: DocumentKind) -> Option<i64> {
    kind.is_deposit().then_some(t.amount + t.incentive)
}

/// The database's totals per 財形種類 (0件 included) and 総合計.
pub fn totals_view(t: &KindTotals, kind: DocumentKind) -> LineTotals {
    LineTotals {
        per_kind: t
            .per_kind
            .iter()
            .filter_map(|k| {
                let savings = k.kind?;
                Some(KindTotalView {
                    kind: savings,
                    label: savings.label().to_owned(),
                    count: k.count,
                    amount: k.amount,
                    incentive: k.incentive,
                    deposit_total: total_of(k, kind),
                })
            })
            .collect(),
        total: GrandTotalView {
            count: t.total.count,
            amount: t.total.amount,
            incentive: t.total.incentive,
            deposit_total: total_of(&t.total, kind),
        },
    }
}

pub fn change_view(r: &ChangeRow) -> ChangeView {
    let text = |s: Option<&str>| s.map(str::to_owned);
    ChangeView {
        change_no: r.change_no,
        change_kind: r.change_kind,
        change_kind_label: r.change_kind.label().to_owned(),
        employee_no: r.employee_no.as_str().to_owned(),
        kana_name: r.kana_name.as_str().to_owned(),
        kanji_name: r.kanji_name.as_ref().map(|k| k.as_str().to_owned()),
        kind: r.kind,
        kind_label: r.kind.label().to_owned(),
        before_branch_no: text(r.before_branch_no.as_ref().map(|b| b.as_str())),
        before_account_no: text(r.before_account_no.as_ref().map(|a| a.as_str())),
        before_amount: r.before_amount,
        before_incentive: r.before_incentive,
        after_branch_no: text(r.after_branch_no.as_ref().map(|b| b.as_str())),
        after_account_no: text(r.after_account_no.as_ref().map(|a| a.as_str())),
        after_amount: r.after_amount,
        after_incentive: r.after_incentive,
    }
}

pub fn change_counts(counts: &[(ChangeKind, i64)]) -> Vec<ChangeCount> {
    counts
        .iter()
        .map(|(k, n)| ChangeCount {
            change_kind: *k,
            label: k.label().to_owned(),
            count: *n,
        })
        .collect()
}

// ---- for the reports ----

pub fn report_line(r: &LineRow) -> rep::Line {
    rep::Line {
        line_no: r.line_no,
        employee_no: r.employee_no.as_str().to_owned(),
        kana_name: r.kana_name.as_str().to_owned(),
        kanji_name: r
            .kanji_name
            .as_ref()
            .map(|k| k.as_str().to_owned())
            .unwrap_or_default(),
        kind: r.kind,
        branch_no: r.branch_no.as_str().to_owned(),
        account_no: r.account_no.as_str().to_owned(),
        amount: r.amount,
        incentive: r.incentive,
    }
}

pub fn report_totals(t: &KindTotals) -> rep::KindTotals {
    let tally = |k: &KindTotal| rep::Tally {
        count: k.count,
        amount: k.amount,
        incentive: k.incentive,
    };
    rep::KindTotals {
        per_kind: t
            .per_kind
            .iter()
            .filter_map(|k| k.kind.map(|kind| (kind, tally(k))))
            .collect(),
        total: tally(&t.total),
    }
}

pub fn report_change(r: &ChangeRow) -> rep::Change {
    let side = |branch: &Option<cjs_domain::deduction::BranchNo>,
                account: &Option<cjs_domain::deduction::AccountNo>,
                amount: Option<i64>,
                incentive: Option<i64>| {
        match (branch, account) {
            (Some(b), Some(a)) => Some(rep::Side {
                branch_no: b.as_str().to_owned(),
                account_no: a.as_str().to_owned(),
                amount: amount.unwrap_or(0),
                incentive: incentive.unwrap_or(0),
            }),
            _ => None,
        }
    };
    rep::Change {
        change_no: r.change_no,
        change_kind: r.change_kind,
        employee_no: r.employee_no.as_str().to_owned(),
        kana_name: r.kana_name.as_str().to_owned(),
        kanji_name: r
            .kanji_name
            .as_ref()
            .map(|k| k.as_str().to_owned())
            .unwrap_or_default(),
        kind: r.kind,
        before: side(
            &r.before_branch_no,
            &r.before_account_no,
            r.before_amount,
            r.before_incentive,
        ),
        after: side(
            &r.after_branch_no,
            &r.after_account_no,
            r.after_amount,
            r.after_incentive,
        ),
    }
}

//! The preview of a cycle's request lines (`GET …/lines?list&page&per_page`), as the lists print
//! them: 抽出件数, the totals the database summed, a page of lines, 前へ/次へ.

use cjs_api_types::deduction::{DeductionCycleView, LinePage, LineQuery, LineTotals, LineView};
use cjs_domain::deduction::{LineList, LumpState};
use leptos::prelude::*;

use crate::api;
use crate::format::jst_seconds;
use crate::pages::deduction::cycle::CycleKey;
use crate::pages::deduction::stops::StopCell;
use crate::pages::deduction::{Pager, count_text, yen};
use crate::widgets::form::FormState;

/// Rows per page of the previews.
pub const PER_PAGE: u32 = 50;

/// Which columns: the request lists, the 入金中止 screen (with its buttons), the result lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Columns {
    Request,
    Stop,
    Results,
}

/// The totals line under 抽出件数.
pub fn totals_text(t: &LineTotals) -> String {
    let mut text = format!(
        "依頼件数 {}件　依頼金額 {}円　エラー {}件",
        t.count,
        yen(t.amount),
        t.error_count
    );
    if t.stopped_count > 0 {
        text.push_str(&format!(
            "　入金中止 {}件 {}円",
            t.stopped_count,
            yen(t.stopped_amount)
        ));
    }
    text
}

#[component]
pub fn LinePreview(
    form: FormState,
    cycle: RwSignal<Option<DeductionCycleView>>,
    #[prop(into)] list: Signal<LineList>,
    columns: Columns,
    /// Bumped by the page to load the lines again (e.g. after まとめ入金確定).
    #[prop(optional)]
    reload: Option<RwSignal<u32>>,
    /// Where a row's action reports its success (DR108101).
    #[prop(optional)]
    done: Option<RwSignal<Option<String>>>,
) -> impl IntoView {
    let done = done.unwrap_or_else(|| RwSignal::new(None));
    let data = RwSignal::new(None::<LinePage>);
    let page = RwSignal::new(1_u32);
    let seq = StoredValue::new(0_u64);
    let load = move |at: u32| {
        let Some(key) =
            cycle.with_untracked(|c| c.as_ref().filter(|c| c.run.is_some()).map(CycleKey::of))
        else {
            data.set(None);
            return;
        };
        let query = LineQuery {
            list: Some(list.get_untracked()),
            page: Some(at),
            per_page: Some(PER_PAGE),
        };
        seq.update_value(|s| *s += 1);
        let mine = seq.get_value();
        form.load(
            async move { api::deduction::lines(key.occasion, key.month, &query).await },
            move |lines| {
                if seq.get_value() == mine {
                    page.set(at);
                    data.set(Some(lines));
                }
            },
        );
    };
    let key = Memo::new(move |_| {
        (
            cycle.with(|c| c.as_ref().map(|c| (CycleKey::of(c), c.run.is_some()))),
            list.get(),
        )
    });
    Effect::new(move |_| {
        // `get`, not `track`: a memo never read computes nothing and so never changes.
        let _ = key.get();
        if let Some(reload) = reload {
            reload.track();
        }
        load(1);
    });
    let again = Callback::new(move |()| load(page.get_untracked()));
    let go = Callback::new(load);
    let total = Signal::derive(move || data.with(|d| d.as_ref().map_or(0, |d| d.total)));

    view! {
        {move || {
            data.with(|d| {
                d.as_ref()
                    .map(|d| {
                        view! {
                            <h2 class="list-title" data-testid="list-title">{d.title.clone()}</h2>
                            <p class="count" data-testid="line-count">
                                {count_text(d.total, d.page, d.per_page)}
                            </p>
                            <p class="small" data-testid="line-totals">{totals_text(&d.totals)}</p>
                        }
                    })
            })
        }}
        <div class="table-wrap">
            <table class="grid lines" data-testid="line-table">
                <thead>
                    <tr>{headers(columns)}</tr>
                </thead>
                <tbody>
                    {move || {
                        let editable = cycle
                            .with(|c| {
                                c.as_ref()
                                    .and_then(|c| c.run.as_ref())
                                    .is_some_and(|r| r.lump_state == LumpState::Open)
                            });
                        let (o, m) = cycle
                            .with(|c| c.as_ref().map(|c| (c.occasion, c.month)))
                            .unzip();
                        data.get()
                            .map(|d| d.items)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|line| match (columns, o, m) {
                                (Columns::Stop, Some(occasion), Some(month)) => {
                                    let ctx = StopContext {
                                        occasion,
                                        month,
                                        form,
                                        again,
                                        done,
                                        editable,
                                    };
                                    view! { <StopRow line=line ctx=ctx /> }.into_any()
                                }
                                _ => view! { <LineRow line=line columns=columns /> }.into_any(),
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
        <Pager page=page per_page=PER_PAGE total=total busy=form.busy go=go />
    }
}

fn headers(columns: Columns) -> impl IntoView {
    let names: &[&str] = match columns {
        Columns::Request => &[
            "No",
            "異動区分",
            "職員番号",
            "カナ氏名",
            "漢字氏名",
            "取引",
            "店番",
            "口座番号",
            "前回金額",
            "依頼金額",
            "窓口",
            "エラー",
            "入金中止",
        ],
        Columns::Stop => &[
            "No",
            "職員番号",
            "カナ氏名",
            "漢字氏名",
            "取引",
            "店番",
            "口座番号",
            "依頼金額",
            "異動区分",
            "入金中止",
            "入金中止設定",
        ],
        Columns::Results => &[
            "No",
            "職員番号",
            "カナ氏名",
            "カナ氏名（金庫）",
            "漢字氏名",
            "取引",
            "店番",
            "口座番号",
            "依頼金額",
            "結果",
            "不能理由",
            "カナ不一致",
        ],
    };
    names
        .iter()
        .map(|n| view! { <th scope="col">{*n}</th> })
        .collect_view()
}

/// 入金中止 as a cell: 理由（内容） and who set it when.
pub fn stop_text(line: &LineView) -> String {
    line.stop
        .as_ref()
        .map(|s| {
            let reason = match &s.text {
                Some(t) if !t.is_empty() => format!("{}（{t}）", s.reason_label),
                _ => s.reason_label.clone(),
            };
            format!("{reason} {} {}", s.stopped_by, jst_seconds(s.stopped_at))
        })
        .unwrap_or_default()
}

#[component]
fn LineRow(line: LineView, columns: Columns) -> impl IntoView {
    let money = |n: i64| view! { <td class="cell-money">{yen(n)}</td> };
    let previous = line.previous_amount.map(yen).unwrap_or_default();
    match columns {
        Columns::Request => view! {
            <tr data-testid="line-row" class:line-error=line.error.is_some()>
                <td class="cell-number">{line.line_no}</td>
                <td>{line.movement_label.clone()}</td>
                <td>{line.employee_no.clone()}</td>
                <td>{line.kana_name.clone()}</td>
                <td>{line.kanji_name.clone().unwrap_or_default()}</td>
                <td>{line.product_name.clone()}</td>
                <td>{line.branch_no.clone()}</td>
                <td>{line.account_no.clone()}</td>
                <td class="cell-money">{previous}</td>
                {money(line.amount)}
                <td class="cell-action">{line.counter.then_some("＊")}</td>
                <td class="failure-text">{line.error_label.clone().unwrap_or_default()}</td>
                <td class="cell-stop-state">{stop_text(&line)}</td>
            </tr>
        }
        .into_any(),
        // Rendered by `StopRow` (it needs the cycle); a plain row without buttons here.
        Columns::Stop => view! {
            <tr data-testid="line-row">
                <td class="cell-number">{line.line_no}</td>
                <td>{line.employee_no.clone()}</td>
                <td>{line.kana_name.clone()}</td>
                <td>{line.kanji_name.clone().unwrap_or_default()}</td>
                <td>{line.product_name.clone()}</td>
                <td>{line.branch_no.clone()}</td>
                <td>{line.account_no.clone()}</td>
                {money(line.amount)}
                <td>{line.movement_label.clone()}</td>
                <td class="cell-stop-state">{stop_text(&line)}</td>
                <td></td>
            </tr>
        }
        .into_any(),
        Columns::Results => {
            let result = line.result.clone();
            let outcome = result
                .as_ref()
                .map(|r| r.outcome_label.clone())
                .unwrap_or_default();
            let failed = result
                .as_ref()
                .is_some_and(|r| r.outcome == cjs_domain::deduction::Outcome::Failed);
            let reason = result
                .as_ref()
                .map(|r| {
                    [r.reason_label.clone(), r.reason_text.clone()]
                        .into_iter()
                        .flatten()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            let bank_kana = result
                .as_ref()
                .and_then(|r| r.bank_kana.clone())
                .unwrap_or_default();
            let mismatch = result
                .as_ref()
                .and_then(|r| r.kana_mismatch)
                .is_some_and(|m| m)
                .then_some("＊");
            view! {
                <tr data-testid="line-row">
                    <td class="cell-number">{line.line_no}</td>
                    <td>{line.employee_no.clone()}</td>
                    <td>{line.kana_name.clone()}</td>
                    <td>{bank_kana}</td>
                    <td>{line.kanji_name.clone().unwrap_or_default()}</td>
                    <td>{line.product_name.clone()}</td>
                    <td>{line.branch_no.clone()}</td>
                    <td>{line.account_no.clone()}</td>
                    {money(line.amount)}
                    <td class:failure=failed>{outcome}</td>
                    <td>{reason}</td>
                    <td class="cell-action">{mismatch}</td>
                </tr>
            }
            .into_any()
        }
    }
}

/// A row of DR108101: the line, its 入金中止, and the set/unset controls.
#[component]
fn StopRow(line: LineView, ctx: StopContext) -> impl IntoView {
    view! {
        <tr data-testid="line-row" class:stopped=line.stop.is_some()>
            <td class="cell-number">{line.line_no}</td>
            <td>{line.employee_no.clone()}</td>
            <td>{line.kana_name.clone()}</td>
            <td>{line.kanji_name.clone().unwrap_or_default()}</td>
            <td>{line.product_name.clone()}</td>
            <td>{line.branch_no.clone()}</td>
            <td>{line.account_no.clone()}</td>
            <td class="cell-money">{yen(line.amount)}</td>
            <td>{line.movement_label.clone()}</td>
            <td class="cell-stop-state" data-testid="stop-state">{stop_text(&line)}</td>
            <td class="cell-stop">
                <StopCell line=line.clone() ctx=ctx />
            </td>
        </tr>
    }
}

/// What the 入金中止 buttons of a row need: the cycle, the page's form, and a way to reload.
#[derive(Clone, Copy)]
pub struct StopContext {
    pub occasion: cjs_domain::schedule::Occasion,
    pub month: cjs_domain::deduction::YearMonth,
    pub form: FormState,
    pub again: Callback<()>,
    pub done: RwSignal<Option<String>>,
    /// まとめ入金 is 未確定 (入金中止 can change).
    pub editable: bool,
}

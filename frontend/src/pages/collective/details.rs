//! CS101101 一斉積立内訳明細照会: the chosen run's 内訳明細 (search 職員番号 / カナ氏名 / 店番,
//! 抽出件数, a page at a time, sorted by a column header, the run's 件数 and 積立金額合計) and, on
//! the 変更明細 tab, what changed against the previous run (変更区分 filter, 件数 per 変更区分,
//! 前回 / 今回 / 差額).

use cjs_api_types::collective::{
    ChangeKind, ChangePage, ChangeQuery, ChangeView, LinePage, LineQuery, LineSort, LineView,
    SortOrder, screen,
};
use leptos::prelude::*;

use crate::api;
use crate::api::ledger::{from_wire, wire};
use crate::pages::collective::{
    CollectiveFrame, OtherScreens, RunChoice, RunPicker, previous_label, routes, run_choice,
};
use crate::pages::deduction::{Pager, SelectField, count_text, yen};
use crate::pages::savings::{
    Latest, Tabs, difference_text, next_sort, side_yen, sort_header, yen_text,
};
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::field::Field;
use crate::widgets::form::{FormState, SubmitButton};

pub const TITLE: &str = "一斉積立内訳明細照会";
const PER_PAGE: u32 = 50;

#[component]
pub fn CollectiveDetailsPage() -> impl IntoView {
    enter_screen(screen::INQUIRY, TITLE);
    view! {
        <CollectiveFrame>
            <Details />
        </CollectiveFrame>
    }
}

#[component]
fn Details() -> impl IntoView {
    let form = FormState::new();
    let choice = run_choice(form);
    let tab = RwSignal::new("lines");
    let tabs = Signal::derive(|| vec![("lines", "内訳明細"), ("changes", "変更明細")]);
    let has_lines = choice.with_lines();
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "一斉積立データを選択してください。内訳明細は職員番号・カナ氏名・店番で検索できます。変更明細は前回の一斉積立データとの違いです。"
            </p>
            <RunPicker choice=choice />
            <OtherScreens choice=choice here=routes::DETAILS />
            <Show when=move || has_lines.with(Option::is_some)>
                <Tabs active=tab tabs=tabs />
                {move || match tab.get() {
                    "changes" => view! { <Changes form=form choice=choice /> }.into_any(),
                    _ => view! { <Lines form=form choice=choice /> }.into_any(),
                }}
            </Show>
        </section>
    }
}

/// 「合計 120件 積立金額 1,440,000円」
pub fn totals_text(count: i64, amount: i64) -> String {
    format!("合計 {count}件 積立金額 {}", yen_text(amount))
}

#[component]
fn Lines(form: FormState, choice: RunChoice) -> impl IntoView {
    let employee_no = RwSignal::new(String::new());
    let kana_prefix = RwSignal::new(String::new());
    let branch_no = RwSignal::new(String::new());
    let sort = RwSignal::new((LineSort::LineNo, SortOrder::Asc));
    let result = RwSignal::new(None::<LinePage>);
    let latest = Latest::new();
    let run = choice.with_lines();

    let search = move |page: u32| {
        let Some(no) = run.get_untracked() else {
            result.set(None);
            return;
        };
        let (by, order) = sort.get_untracked();
        let query = LineQuery {
            employee_no: Some(employee_no.get_untracked()),
            kana_prefix: Some(kana_prefix.get_untracked()),
            branch_no: Some(branch_no.get_untracked()),
            sort: Some(by),
            order: Some(order),
            page: Some(page),
            per_page: Some(PER_PAGE),
        };
        latest.fetch(
            form,
            async move { api::collective::lines(no, &query).await },
            move |page| result.set(Some(page)),
        );
    };
    // A new run: its first page.
    Effect::new(move |_| {
        let _ = run.get();
        search(1);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search(1);
    };
    let go_page = Callback::new(search);
    let sort_by = Callback::new(move |by: LineSort| {
        sort.update(|s| *s = next_sort(*s, by));
        search(1);
    });
    let header = move |by: LineSort| {
        sort_header(
            move || by.label().to_owned(),
            by,
            api::collective::sort_name(by),
            sort,
            sort_by,
        )
    };
    let count =
        move || result.with(|r| r.as_ref().map(|r| count_text(r.total, r.page, r.per_page)));
    let totals = move || {
        result.with(|r| {
            r.as_ref()
                .map(|r| totals_text(r.totals.count, r.totals.amount))
        })
    };
    let page = Signal::derive(move || result.with(|r| r.as_ref().map_or(1, |r| r.page)));
    let total = Signal::derive(move || result.with(|r| r.as_ref().map_or(0, |r| r.total)));

    view! {
        <form class="form form-filters" on:submit=submit novalidate>
            <Field
                name="employee_no"
                label="職員番号"
                hint="（完全一致）"
                value=employee_no
                form=form
                inputmode="numeric"
                maxlength=10
            />
            <Field
                name="kana_prefix"
                label="カナ氏名"
                hint="（前方一致。全角カナ・ひらがなも可）"
                value=kana_prefix
                form=form
                maxlength=30
            />
            <Field
                name="branch_no"
                label="店番"
                hint="（半角数字3桁）"
                value=branch_no
                form=form
                inputmode="numeric"
                maxlength=3
            />
            <div class="form-actions">
                <SubmitButton form=form label="検索" />
            </div>
        </form>
        <p class="count" data-testid="line-count">{count}</p>
        <p class="small" data-testid="line-totals">{totals}</p>
        <div class="table-wrap">
            <table class="grid savings" data-testid="line-table">
                <thead>
                    <tr>
                        {header(LineSort::LineNo)}
                        {header(LineSort::EmployeeNo)}
                        {header(LineSort::KanaName)}
                        <th scope="col">"漢字氏名"</th>
                        <th scope="col">"店番"</th>
                        <th scope="col">"口座番号"</th>
                        {header(LineSort::Amount)}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        result
                            .with(|r| r.as_ref().map(|r| r.items.clone()).unwrap_or_default())
                            .into_iter()
                            .map(line_row)
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
        <Pager page=page per_page=PER_PAGE total=total busy=form.busy go=go_page />
    }
}

fn line_row(l: LineView) -> impl IntoView {
    let testid = format!("line-row-{}", l.employee_no);
    view! {
        <tr data-testid=testid>
            <td class="cell-number">{l.line_no}</td>
            <td>{l.employee_no}</td>
            <td>{l.kana_name}</td>
            <td>{l.kanji_name.unwrap_or_default()}</td>
            <td>{l.branch_no}</td>
            <td>{l.account_no}</td>
            <td class="cell-money">{yen(l.amount)}</td>
        </tr>
    }
}

/// The 変更区分 choices: `(wire, label)` in list order.
pub fn kind_options() -> Vec<(String, String)> {
    ChangeKind::ALL
        .iter()
        .map(|k| (wire(*k), k.label().to_owned()))
        .collect()
}

#[component]
fn Changes(form: FormState, choice: RunChoice) -> impl IntoView {
    let kind = RwSignal::new(String::new());
    let result = RwSignal::new(None::<ChangePage>);
    let latest = Latest::new();
    let run = choice.with_lines();
    let load = move |page: u32| {
        let Some(no) = run.get_untracked() else {
            result.set(None);
            return;
        };
        let query = ChangeQuery {
            kind: from_wire::<ChangeKind>(&kind.get_untracked()),
            page: Some(page),
            per_page: Some(PER_PAGE),
        };
        latest.fetch(
            form,
            async move { api::collective::changes(no, &query).await },
            move |page| result.set(Some(page)),
        );
    };
    // A new run or 変更区分: the first page.
    Effect::new(move |_| {
        let _ = (run.get(), kind.get());
        load(1);
    });
    let go_page = Callback::new(load);
    let kinds = Signal::derive(kind_options);
    let page = Signal::derive(move || result.with(|r| r.as_ref().map_or(1, |r| r.page)));
    let total = Signal::derive(move || result.with(|r| r.as_ref().map_or(0, |r| r.total)));
    let summary = move || {
        result.get().map(|p| {
            let runs = choice.runs.get().unwrap_or_default();
            let previous = previous_label(&runs, p.run.previous_run_no);
            let t = p.totals.clone();
            view! {
                <p class="small" data-testid="change-previous">"比較対象：" {previous}</p>
                <div class="table-wrap">
                    <table class="grid totals" data-testid="change-totals">
                        <thead>
                            <tr>
                                {t
                                    .per_kind
                                    .iter()
                                    .map(|k| view! { <th scope="col">{k.label.clone()}</th> })
                                    .collect_view()}
                                <th scope="col">"前回"</th>
                                <th scope="col">"今回"</th>
                                <th scope="col">"差額"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <tr>
                                {t
                                    .per_kind
                                    .iter()
                                    .map(|k| {
                                        view! {
                                            <td
                                                class="cell-money"
                                                data-testid=format!("change-count-{}", wire(k.kind))
                                            >
                                                {format!("{}件", k.count)}
                                            </td>
                                        }
                                    })
                                    .collect_view()}
                                <td class="cell-money" data-testid="total-previous">
                                    {format!("{}件 {}", t.previous.count, yen_text(t.previous.amount))}
                                </td>
                                <td class="cell-money" data-testid="total-current">
                                    {format!("{}件 {}", t.current.count, yen_text(t.current.amount))}
                                </td>
                                <td class="cell-money" data-testid="total-difference">
                                    {difference_text(t.difference)}
                                </td>
                            </tr>
                        </tbody>
                    </table>
                </div>
                <p class="count" data-testid="change-count">
                    {count_text(p.total, p.page, p.per_page)}
                </p>
            }
        })
    };

    view! {
        <div class="form form-filters">
            <SelectField
                name="kind"
                label="変更区分"
                value=kind
                form=form
                options=kinds
                blank="すべて"
            />
        </div>
        {summary}
        <div class="table-wrap">
            <table class="grid savings changes" data-testid="change-table">
                <thead>
                    <tr>
                        <th scope="col" rowspan="2">"No"</th>
                        <th scope="col" rowspan="2">"変更区分"</th>
                        <th scope="col" rowspan="2">"職員番号"</th>
                        <th scope="col" rowspan="2">"カナ氏名"</th>
                        <th scope="col" rowspan="2">"漢字氏名"</th>
                        <th scope="colgroup" colspan="3" class="side">"変更前"</th>
                        <th scope="colgroup" colspan="3" class="side">"変更後"</th>
                    </tr>
                    <tr>
                        <th scope="col">"店番"</th>
                        <th scope="col">"口座番号"</th>
                        <th scope="col">"積立金額"</th>
                        <th scope="col">"店番"</th>
                        <th scope="col">"口座番号"</th>
                        <th scope="col">"積立金額"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        result
                            .with(|r| r.as_ref().map(|r| r.items.clone()).unwrap_or_default())
                            .into_iter()
                            .map(change_row)
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
        <Pager page=page per_page=PER_PAGE total=total busy=form.busy go=go_page />
    }
}

fn change_row(c: ChangeView) -> impl IntoView {
    let gone = c.kind == ChangeKind::Gone;
    let testid = format!("change-row-{}", c.employee_no);
    view! {
        <tr data-testid=testid>
            <td class="cell-number">{c.change_no}</td>
            <td class:change-gone=gone>{c.kind_label}</td>
            <td>{c.employee_no}</td>
            <td>{c.kana_name}</td>
            <td>{c.kanji_name.unwrap_or_default()}</td>
            <td>{c.before_branch_no.unwrap_or_default()}</td>
            <td>{c.before_account_no.unwrap_or_default()}</td>
            <td class="cell-money">{side_yen(c.before_amount)}</td>
            <td>{c.after_branch_no.unwrap_or_default()}</td>
            <td>{c.after_account_no.unwrap_or_default()}</td>
            <td class="cell-money">{side_yen(c.after_amount)}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_totals_read_as_the_list_prints_them() {
        assert_eq!(
            totals_text(120, 1_440_000),
            "合計 120件 積立金額 1,440,000円"
        );
    }

    #[test]
    fn the_change_kinds_are_offered_in_list_order_by_wire_name() {
        let kinds = kind_options();
        let labels: Vec<&str> = kinds.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["新規", "口座変更", "金額変更", "解約"]);
        for (value, _) in &kinds {
            assert!(from_wire::<ChangeKind>(value).is_some(), "{value}");
        }
    }
}

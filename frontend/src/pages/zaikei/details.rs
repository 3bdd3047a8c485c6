//! ZK101101 財形積立明細照会: the chosen cycle's 明細 with the document's own amount columns
//! (預入依頼書: 預入金額, 奨励金, 預入合計; 加入者残高一覧表: 残高; 奨励金: 積立金額, 奨励金額), search
//! 職員番号 / カナ氏名 / 財形種類, 抽出件数, a page at a time, sorted by a column header, and the
//! totals per 財形種類 (一般, 住宅, 年金, 総合計). For a 預入依頼書 the 変更明細 tab shows what changed
//! against the previous cycle (変更区分 filter, 件数 per 変更区分).

use cjs_api_types::zaikei::{
    AmountColumnsView, ChangeKind, ChangePage, ChangeQuery, ChangeView, LinePage, LineQuery,
    LineSort, LineTotals, LineView, SavingsKind, SortOrder, screen,
};
use leptos::prelude::*;

use crate::api;
use crate::api::ledger::{from_wire, wire};
use crate::pages::deduction::{Pager, SelectField, count_text};
use crate::pages::savings::{Latest, Tabs, next_sort, side_yen, sort_header};
use crate::pages::zaikei::{
    CycleChoice, CyclePicker, OtherScreens, ZaikeiFrame, cycle_choice, previous_text, routes,
};
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::field::Field;
use crate::widgets::form::{FormState, SubmitButton};

pub const TITLE: &str = "財形積立明細照会";
const PER_PAGE: u32 = 50;

#[component]
pub fn ZaikeiDetailsPage() -> impl IntoView {
    enter_screen(screen::INQUIRY, TITLE);
    view! {
        <ZaikeiFrame>
            <Details />
        </ZaikeiFrame>
    }
}

#[component]
fn Details() -> impl IntoView {
    let form = FormState::new();
    let choice = cycle_choice(form);
    let tab = RwSignal::new("lines");
    let has_changes = choice.has_changes();
    let has_cycle = Signal::derive(move || choice.cycle.with(Option::is_some));
    // 変更明細 only for a 預入依頼書; another document goes back to 明細.
    Effect::new(move |_| {
        if !has_changes.get() {
            tab.set("lines");
        }
    });
    let tabs = Signal::derive(move || {
        let mut tabs = vec![("lines", "明細")];
        if has_changes.get() {
            tabs.push(("changes", "変更明細"));
        }
        tabs
    });
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "帳票と作成基準日を選択してください。明細は職員番号・カナ氏名・財形種類で検索できます。預入依頼書は前回の作成基準日との違い（変更明細）も照会できます。"
            </p>
            <CyclePicker choice=choice />
            <OtherScreens choice=choice here=routes::DETAILS />
            <Show when=move || has_cycle.get()>
                <Tabs active=tab tabs=tabs />
                {move || match tab.get() {
                    "changes" => view! { <Changes form=form choice=choice /> }.into_any(),
                    _ => view! { <Lines form=form choice=choice /> }.into_any(),
                }}
            </Show>
        </section>
    }
}

/// The 財形種類 choices: `(wire, label)` in list order.
pub fn savings_kind_options() -> Vec<(String, String)> {
    SavingsKind::ALL
        .iter()
        .map(|k| (wire(*k), k.label().to_owned()))
        .collect()
}

/// The amount column titles of a document, in order: 預入金額, 奨励金, 預入合計 / 残高 / 積立金額,
/// 奨励金額.
pub fn amount_titles(columns: &AmountColumnsView) -> Vec<String> {
    std::iter::once(columns.amount.clone())
        .chain(columns.incentive.clone())
        .chain(columns.deposit_total.clone())
        .collect()
}

/// A line's or a total's amounts in the document's columns (the same order as
/// [`amount_titles`]); 預入合計 as the server summed it.
pub fn amounts_of(
    columns: &AmountColumnsView,
    amount: i64,
    incentive: i64,
    deposit_total: Option<i64>,
) -> Vec<Option<i64>> {
    let mut out = vec![Some(amount)];
    if columns.incentive.is_some() {
        out.push(Some(incentive));
    }
    if columns.deposit_total.is_some() {
        out.push(deposit_total);
    }
    out
}

#[component]
fn Lines(form: FormState, choice: CycleChoice) -> impl IntoView {
    let employee_no = RwSignal::new(String::new());
    let kana_prefix = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let sort = RwSignal::new((LineSort::LineNo, SortOrder::Asc));
    let result = RwSignal::new(None::<LinePage>);
    let latest = Latest::new();
    let key = choice.key();
    let kinds = Signal::derive(savings_kind_options);
    let columns = Memo::new(move |_| choice.doc.with(|d| d.as_ref().map(|d| d.columns.clone())));

    let search = move |page: u32| {
        let Some((document, date)) = key.get_untracked() else {
            result.set(None);
            return;
        };
        let (by, order) = sort.get_untracked();
        let query = LineQuery {
            employee_no: Some(employee_no.get_untracked()),
            kana_prefix: Some(kana_prefix.get_untracked()),
            kind: from_wire::<SavingsKind>(&kind.get_untracked()),
            sort: Some(by),
            order: Some(order),
            page: Some(page),
            per_page: Some(PER_PAGE),
        };
        latest.fetch(
            form,
            async move { api::zaikei::lines(document, date, &query).await },
            move |page| result.set(Some(page)),
        );
    };
    // Another cycle: its first page (the old one's rows go at once, their columns may differ).
    Effect::new(move |_| {
        let _ = key.get();
        result.set(None);
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
        let label = move || match by {
            LineSort::LineNo => "No".to_owned(),
            LineSort::Amount => columns
                .get()
                .map(|c| c.amount)
                .unwrap_or_else(|| by.label().to_owned()),
            _ => by.label().to_owned(),
        };
        sort_header(label, by, api::zaikei::sort_name(by), sort, sort_by)
    };
    let other_titles = move || {
        columns
            .get()
            .map(|c| amount_titles(&c).into_iter().skip(1).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .map(|t| view! { <th scope="col">{t}</th> })
            .collect_view()
    };
    let count =
        move || result.with(|r| r.as_ref().map(|r| count_text(r.total, r.page, r.per_page)));
    let totals = move || {
        result
            .with(|r| r.as_ref().map(|r| (r.columns.clone(), r.totals.clone())))
            .map(|(columns, totals)| totals_table(&columns, totals))
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
            <SelectField
                name="kind"
                label="財形種類"
                value=kind
                form=form
                options=kinds
                blank="すべて"
            />
            <div class="form-actions">
                <SubmitButton form=form label="検索" />
            </div>
        </form>
        {totals}
        <p class="count" data-testid="line-count">{count}</p>
        <div class="table-wrap">
            <table class="grid savings" data-testid="line-table">
                <thead>
                    <tr>
                        {header(LineSort::LineNo)}
                        {header(LineSort::EmployeeNo)}
                        {header(LineSort::KanaName)}
                        <th scope="col">"漢字氏名"</th>
                        {header(LineSort::Kind)}
                        <th scope="col">"店番"</th>
                        <th scope="col">"口座番号"</th>
                        {header(LineSort::Amount)}
                        {other_titles}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        result
                            .with(|r| {
                                r.as_ref()
                                    .map(|r| (r.columns.clone(), r.items.clone()))
                            })
                            .map(|(columns, items)| {
                                items
                                    .into_iter()
                                    .map(move |l| line_row(&columns, l))
                                    .collect_view()
                            })
                    }}
                </tbody>
            </table>
        </div>
        <Pager page=page per_page=PER_PAGE total=total busy=form.busy go=go_page />
    }
}

fn line_row(columns: &AmountColumnsView, l: LineView) -> impl IntoView + use<> {
    let amounts = amounts_of(columns, l.amount, l.incentive, l.deposit_total);
    let testid = format!("line-row-{}-{}", l.employee_no, wire(l.kind));
    view! {
        <tr data-testid=testid>
            <td class="cell-number">{l.line_no}</td>
            <td>{l.employee_no}</td>
            <td>{l.kana_name}</td>
            <td>{l.kanji_name.unwrap_or_default()}</td>
            <td>{l.kind_label}</td>
            <td>{l.branch_no}</td>
            <td>{l.account_no}</td>
            {amounts
                .into_iter()
                .map(|a| view! { <td class="cell-money">{side_yen(a)}</td> })
                .collect_view()}
        </tr>
    }
}

/// 財形種類ごとの合計: 一般, 住宅, 年金 (0件 too), then 総合計, in the document's columns.
fn totals_table(columns: &AmountColumnsView, totals: LineTotals) -> impl IntoView + use<> {
    let titles = amount_titles(columns);
    let rows = totals
        .per_kind
        .iter()
        .map(|k| {
            let amounts = amounts_of(columns, k.amount, k.incentive, k.deposit_total);
            view! {
                <tr data-testid=format!("kind-total-{}", wire(k.kind))>
                    <th scope="row">{k.label.clone()}</th>
                    <td class="cell-money">{format!("{}件", k.count)}</td>
                    {amounts
                        .into_iter()
                        .map(|a| view! { <td class="cell-money">{side_yen(a)}</td> })
                        .collect_view()}
                </tr>
            }
        })
        .collect_view();
    let t = totals.total;
    let grand = amounts_of(columns, t.amount, t.incentive, t.deposit_total);
    view! {
        <div class="table-wrap">
            <table class="grid totals" data-testid="kind-totals">
                <thead>
                    <tr>
                        <th scope="col">"財形種類"</th>
                        <th scope="col">"件数"</th>
                        {titles.into_iter().map(|t| view! { <th scope="col">{t}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows}
                    <tr class="grand-total" data-testid="grand-total">
                        <th scope="row">"総合計"</th>
                        <td class="cell-money">{format!("{}件", t.count)}</td>
                        {grand
                            .into_iter()
                            .map(|a| view! { <td class="cell-money">{side_yen(a)}</td> })
                            .collect_view()}
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

/// The 変更区分 choices: `(wire, label)` in list order.
pub fn change_kind_options() -> Vec<(String, String)> {
    ChangeKind::ALL
        .iter()
        .map(|k| (wire(*k), k.label().to_owned()))
        .collect()
}

#[component]
fn Changes(form: FormState, choice: CycleChoice) -> impl IntoView {
    let change_kind = RwSignal::new(String::new());
    let result = RwSignal::new(None::<ChangePage>);
    let latest = Latest::new();
    let key = choice.key();
    let has_changes = choice.has_changes();
    let load = move |page: u32| {
        // Another document than a 預入依頼書 has no 変更明細 (the tab goes back to 明細).
        let Some((document, date)) = key.get_untracked().filter(|_| has_changes.get_untracked())
        else {
            result.set(None);
            return;
        };
        let query = ChangeQuery {
            change_kind: from_wire::<ChangeKind>(&change_kind.get_untracked()),
            page: Some(page),
            per_page: Some(PER_PAGE),
        };
        latest.fetch(
            form,
            async move { api::zaikei::changes(document, date, &query).await },
            move |page| result.set(Some(page)),
        );
    };
    Effect::new(move |_| {
        let _ = (key.get(), change_kind.get());
        load(1);
    });
    let go_page = Callback::new(load);
    let kinds = Signal::derive(change_kind_options);
    let page = Signal::derive(move || result.with(|r| r.as_ref().map_or(1, |r| r.page)));
    let total = Signal::derive(move || result.with(|r| r.as_ref().map_or(0, |r| r.total)));
    let summary = move || {
        result.get().map(|p| {
            let sum: i64 = p.counts.iter().map(|c| c.count).sum();
            view! {
                <p class="small" data-testid="change-previous">
                    "比較対象：" {previous_text(p.previous_base_date)}
                </p>
                <div class="table-wrap">
                    <table class="grid totals" data-testid="change-totals">
                        <thead>
                            <tr>
                                {p
                                    .counts
                                    .iter()
                                    .map(|c| view! { <th scope="col">{c.label.clone()}</th> })
                                    .collect_view()}
                                <th scope="col">"合計"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <tr>
                                {p
                                    .counts
                                    .iter()
                                    .map(|c| {
                                        view! {
                                            <td
                                                class="cell-money"
                                                data-testid=format!(
                                                    "change-count-{}",
                                                    wire(c.change_kind),
                                                )
                                            >
                                                {format!("{}件", c.count)}
                                            </td>
                                        }
                                    })
                                    .collect_view()}
                                <td class="cell-money" data-testid="change-count-all">
                                    {format!("{sum}件")}
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
                name="change_kind"
                label="変更区分"
                value=change_kind
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
                        <th scope="col" rowspan="2">"財形種類"</th>
                        <th scope="colgroup" colspan="4" class="side">"変更前"</th>
                        <th scope="colgroup" colspan="4" class="side">"変更後"</th>
                    </tr>
                    <tr>
                        <th scope="col">"店番"</th>
                        <th scope="col">"口座番号"</th>
                        <th scope="col">"預入金額"</th>
                        <th scope="col">"奨励金"</th>
                        <th scope="col">"店番"</th>
                        <th scope="col">"口座番号"</th>
                        <th scope="col">"預入金額"</th>
                        <th scope="col">"奨励金"</th>
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
    let gone = c.change_kind == ChangeKind::Gone;
    let testid = format!("change-row-{}-{}", c.employee_no, wire(c.kind));
    view! {
        <tr data-testid=testid>
            <td class="cell-number">{c.change_no}</td>
            <td class:change-gone=gone>{c.change_kind_label}</td>
            <td>{c.employee_no}</td>
            <td>{c.kana_name}</td>
            <td>{c.kanji_name.unwrap_or_default()}</td>
            <td>{c.kind_label}</td>
            <td>{c.before_branch_no.unwrap_or_default()}</td>
            <td>{c.before_account_no.unwrap_or_default()}</td>
            <td class="cell-money">{side_yen(c.before_amount)}</td>
            <td class="cell-money">{side_yen(c.before_incentive)}</td>
            <td>{c.after_branch_no.unwrap_or_default()}</td>
            <td>{c.after_account_no.unwrap_or_default()}</td>
            <td class="cell-money">{side_yen(c.after_amount)}</td>
            <td class="cell-money">{side_yen(c.after_incentive)}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cjs_api_types::zaikei::DocumentKind;

    #[test]
    fn each_document_shows_its_own_amount_columns() {
        let deposit = AmountColumnsView::of(DocumentKind::Deposit);
        assert_eq!(amount_titles(&deposit), ["預入金額", "奨励金", "預入合計"]);
        assert_eq!(
            amounts_of(&deposit, 10_000, 500, Some(10_500)),
            [Some(10_000), Some(500), Some(10_500)]
        );
        let balance = AmountColumnsView::of(DocumentKind::Balance);
        assert_eq!(amount_titles(&balance), ["残高"]);
        assert_eq!(amounts_of(&balance, 1_234_567, 0, None), [Some(1_234_567)]);
        let incentive = AmountColumnsView::of(DocumentKind::Incentive);
        assert_eq!(amount_titles(&incentive), ["積立金額", "奨励金額"]);
        assert_eq!(
            amounts_of(&incentive, 20_000, 300, None),
            [Some(20_000), Some(300)]
        );
    }

    #[test]
    fn the_filters_are_offered_in_list_order_by_wire_name() {
        let kinds: Vec<String> = savings_kind_options().into_iter().map(|(_, l)| l).collect();
        assert_eq!(kinds, ["一般", "住宅", "年金"]);
        for (value, _) in savings_kind_options() {
            assert!(from_wire::<SavingsKind>(&value).is_some(), "{value}");
        }
        let changes: Vec<String> = change_kind_options().into_iter().map(|(_, l)| l).collect();
        assert_eq!(changes, ["新規", "口座変更", "金額変更", "解約"]);
    }
}

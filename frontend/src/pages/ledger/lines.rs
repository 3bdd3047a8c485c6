//! LR101101 賃控元帳明細照会: search the group's lines (職員番号, カナ氏名 前方一致, 種目, 状態),
//! 抽出件数, a page at a time, sorted by a column header; per row 変更 (LR101201) and 解除; 追加登録
//! (LR102101). The amounts shown are the current ones, with 適用月 and the amounts before it. A
//! 閲覧のみ user sees no change buttons.

use cjs_api_types::ledger::{
    LineCancelRequest, LinePage, LineQuery, LineSort, LineState, LineView, SortOrder, StateFilter,
    screen,
};
use leptos::prelude::*;

use crate::api;
use crate::format::jst_seconds;
use crate::pages::deduction::{Pager, SelectField, count_text, yen};
use crate::pages::ledger::{
    LedgerFrame, LedgerReadOnly, item_options, load_items, read_only, routes,
};
use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::buttons::navigator;
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::field::Field;
use crate::widgets::fkeys::on_function_key;
use crate::widgets::form::{FormState, SubmitButton};

pub const TITLE: &str = "賃控元帳明細照会";
const PER_PAGE: u32 = 50;

#[component]
pub fn LinesPage() -> impl IntoView {
    enter_screen(screen::LINE_SEARCH, TITLE);
    view! {
        <LedgerFrame>
            <LineSearch />
        </LedgerFrame>
    }
}

/// The sort after a click on a header: the same column turns the order round, another starts
/// ascending.
pub fn next_sort(current: (LineSort, SortOrder), clicked: LineSort) -> (LineSort, SortOrder) {
    match current {
        (s, SortOrder::Asc) if s == clicked => (clicked, SortOrder::Desc),
        _ => (clicked, SortOrder::Asc),
    }
}

#[component]
fn LineSearch() -> impl IntoView {
    let session = use_session();
    let flash = RwSignal::new(session.take_flash());
    let done = RwSignal::new(None::<String>);
    let form = FormState::new();
    let read_only = read_only();
    let employee_no = RwSignal::new(String::new());
    let kana_prefix = RwSignal::new(String::new());
    let item_code = RwSignal::new(String::new());
    // 有効 only unless asked (the server's default too).
    let state = RwSignal::new(api::ledger::wire(StateFilter::Active));
    let sort = RwSignal::new((LineSort::EmployeeNo, SortOrder::Asc));
    let result = RwSignal::new(None::<LinePage>);
    let items = load_items(form);
    let item_choices = item_options(items);
    let states = Signal::derive(|| {
        StateFilter::ALL
            .iter()
            .map(|s| (api::ledger::wire(*s), s.label().to_owned()))
            .collect::<Vec<_>>()
    });

    let search = move |page: u32| {
        let (by, order) = sort.get_untracked();
        let query = LineQuery {
            employee_no: Some(employee_no.get_untracked()),
            kana_prefix: Some(kana_prefix.get_untracked()),
            item_code: Some(item_code.get_untracked()),
            state: api::ledger::from_wire(&state.get_untracked()),
            sort: Some(by),
            order: Some(order),
            page: Some(page),
            per_page: Some(PER_PAGE),
        };
        form.submit(
            async move { api::ledger::lines(&query).await },
            move |page| result.set(Some(page)),
        );
    };
    search(1);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        flash.set(None);
        done.set(None);
        search(1);
    };
    let go_page = Callback::new(search);
    let sort_by = Callback::new(move |by: LineSort| {
        sort.update(|s| *s = next_sort(*s, by));
        search(1);
    });
    let cancel = Callback::new(move |d: LineView| {
        let question = format!(
            "職員番号 {} {} の{} {}を解除します。よろしいですか？",
            d.employee_no, d.kana_name, d.item_code, d.item_name
        );
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        flash.set(None);
        done.set(None);
        let body = LineCancelRequest { version: d.version };
        let id = d.id.clone();
        let page = result.with_untracked(|r| r.as_ref().map_or(1, |r| r.page));
        form.submit(
            async move { api::ledger::cancel_line(&id, &body).await },
            move |cancelled| {
                done.set(Some(format!(
                    "職員番号 {} {} の{} {}を解除しました。",
                    cancelled.employee_no,
                    cancelled.kana_name,
                    cancelled.item_code,
                    cancelled.item_name
                )));
                search(page);
            },
        );
    });
    let go = navigator();
    {
        let go = go.clone();
        on_function_key("F7", move || {
            if !read_only.get_untracked() {
                go(routes::LINE_NEW);
            }
        });
    }

    let count =
        move || result.with(|r| r.as_ref().map(|r| count_text(r.total, r.page, r.per_page)));
    let page = Signal::derive(move || result.with(|r| r.as_ref().map_or(1, |r| r.page)));
    let total = Signal::derive(move || result.with(|r| r.as_ref().map_or(0, |r| r.total)));
    let header = move |label: &'static str, by: LineSort| {
        let aria = move || {
            let (s, o) = sort.get();
            if s != by {
                "none"
            } else if o == SortOrder::Asc {
                "ascending"
            } else {
                "descending"
            }
        };
        let mark = move || {
            let (s, o) = sort.get();
            match (s == by, o) {
                (false, _) => "",
                (true, SortOrder::Asc) => " ▲",
                (true, SortOrder::Desc) => " ▼",
            }
        };
        view! {
            <th scope="col" aria-sort=aria>
                <button
                    type="button"
                    class="sort-button"
                    data-testid=format!("sort-{}", api::ledger::sort_name(by))
                    on:click=move |_| sort_by.run(by)
                >
                    {label}
                    {mark}
                </button>
            </th>
        }
    };

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">{TITLE}</h1>
                <Show when=move || !read_only.get()>
                    <button
                        type="button"
                        class="button button-primary"
                        aria-keyshortcuts="F7"
                        data-testid="add-line"
                        on:click={
                            let go = go.clone();
                            move |_| go(routes::LINE_NEW)
                        }
                    >
                        "追加登録(F7)"
                    </button>
                </Show>
            </div>
            <LedgerReadOnly />
            <DoneBanner message=flash testid="flash" />
            <DoneBanner message=done />
            <ErrorBanner form=form />
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
                    maxlength=60
                />
                <SelectField
                    name="item_code"
                    label="種目"
                    value=item_code
                    form=form
                    options=item_choices
                    blank="すべて"
                />
                <SelectField name="state" label="状態" value=state form=form options=states />
                <div class="form-actions">
                    <SubmitButton form=form label="検索" />
                </div>
            </form>
            <p class="count" data-testid="line-count">{count}</p>
            <div class="table-wrap">
                <table class="grid details ledger-lines" data-testid="line-table">
                    <thead>
                        <tr>
                            <Show when=move || !read_only.get()>
                                <th scope="col">"変更"</th>
                                <th scope="col">"解除"</th>
                            </Show>
                            <th scope="col">"No"</th>
                            {header("職員番号", LineSort::EmployeeNo)}
                            {header("カナ氏名", LineSort::KanaName)}
                            <th scope="col">"漢字氏名"</th>
                            {header("種目", LineSort::Item)}
                            <th scope="col">"月例金額"</th>
                            <th scope="col">"夏季金額"</th>
                            <th scope="col">"年末金額"</th>
                            <th scope="col">"適用月"</th>
                            <th scope="col">"開始月"</th>
                            <th scope="col">"終了月"</th>
                            <th scope="col">"状態"</th>
                            {header("更新日時", LineSort::UpdatedAt)}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let (first, items) = result
                                .with(|r| {
                                    r.as_ref()
                                        .map(|r| {
                                            (
                                                (r.page.saturating_sub(1) * r.per_page) as usize,
                                                r.items.clone(),
                                            )
                                        })
                                        .unwrap_or_default()
                                });
                            items
                                .into_iter()
                                .enumerate()
                                .map(|(i, d)| {
                                    view! {
                                        <LineRow
                                            no=first + i + 1
                                            line=d
                                            cancel=cancel
                                            busy=form.busy
                                            read_only=read_only
                                        />
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <Pager page=page per_page=PER_PAGE total=total busy=form.busy go=go_page />
        </section>
    }
}

/// An amount with the one before 適用月 under it when the line has one.
fn amount_cell(current: i64, prior: Option<i64>) -> impl IntoView {
    let prior = prior.filter(|p| *p != current).map(|p| {
        view! { <span class="prior-amount">"（前回 " {yen(p)} "）"</span> }
    });
    view! {
        <td class="cell-money">
            {yen(current)}
            {prior}
        </td>
    }
}

#[component]
fn LineRow(
    no: usize,
    line: LineView,
    cancel: Callback<LineView>,
    busy: RwSignal<bool>,
    read_only: Memo<bool>,
) -> impl IntoView {
    let go = navigator();
    let href = routes::line(&line.id);
    let active = line.state == LineState::Active;
    let row = line.clone();
    let testid = format!("line-row-{}-{}", line.employee_no, line.item_code);
    view! {
        <tr data-testid=testid class:cancelled=!active>
            <Show when=move || !read_only.get()>
                <td class="cell-action">
                    {active
                        .then(|| {
                            let go = go.clone();
                            let href = href.clone();
                            view! {
                                <button
                                    type="button"
                                    class="button button-small"
                                    on:click=move |_| go(&href)
                                >
                                    "変更"
                                </button>
                            }
                        })}
                </td>
                <td class="cell-action">
                    {active
                        .then(|| {
                            let row = row.clone();
                            view! {
                                <button
                                    type="button"
                                    class="button button-small button-danger"
                                    disabled=move || busy.get()
                                    on:click=move |_| cancel.run(row.clone())
                                >
                                    "解除"
                                </button>
                            }
                        })}
                </td>
            </Show>
            <td class="cell-number">{no}</td>
            <td>
                <a href=routes::line(&line.id)>{line.employee_no.clone()}</a>
            </td>
            <td>{line.kana_name.clone()}</td>
            <td>{line.kanji_name.clone()}</td>
            <td>{format!("{} {}", line.item_code, line.item_name)}</td>
            {amount_cell(line.amount_monthly, line.prior_monthly)}
            {amount_cell(line.amount_summer, line.prior_summer)}
            {amount_cell(line.amount_year_end, line.prior_year_end)}
            <td class="cell-nowrap">{line.amounts_from.label()}</td>
            <td class="cell-nowrap">{line.start_month.label()}</td>
            <td class="cell-nowrap">{line.end_month.map(|m| m.label()).unwrap_or_default()}</td>
            <td>{line.state_label.clone()}</td>
            <td class="cell-nowrap">{jst_seconds(line.updated_at)}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_click_turns_the_order_round_or_starts_ascending() {
        let start = (LineSort::EmployeeNo, SortOrder::Asc);
        assert_eq!(
            next_sort(start, LineSort::EmployeeNo),
            (LineSort::EmployeeNo, SortOrder::Desc)
        );
        assert_eq!(
            next_sort((LineSort::Item, SortOrder::Desc), LineSort::Item),
            (LineSort::Item, SortOrder::Asc)
        );
        assert_eq!(
            next_sort(start, LineSort::KanaName),
            (LineSort::KanaName, SortOrder::Asc)
        );
    }
}

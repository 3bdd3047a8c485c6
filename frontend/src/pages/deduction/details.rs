//! DR101101 労金控除明細照会: search the group's details (職員番号, カナ氏名 前方一致, 取引, 状態),
//! 抽出件数, a page at a time, sorted by a column header; per row 変更 (DR101201) and 解除; 追加登録
//! (DR102101). A 閲覧のみ user sees no change buttons.

use cjs_api_types::deduction::{
    DetailCancelRequest, DetailPage, DetailQuery, DetailSort, DetailView, SortOrder, screen,
};
use cjs_domain::deduction::DetailState;
use leptos::prelude::*;

use crate::api;
use crate::format::jst_seconds;
use crate::pages::deduction::detail_form::product_options;
use crate::pages::deduction::{
    DeductionFrame, Pager, ReadOnlyNotice, SelectField, count_text, read_only, routes, yen,
};
use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::buttons::navigator;
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::field::Field;
use crate::widgets::fkeys::on_function_key;
use crate::widgets::form::{FormState, SubmitButton};

pub const TITLE: &str = "労金控除明細照会";
const PER_PAGE: u32 = 50;

thread_local! {
    /// The last search of this tab (conditions, sort and page): coming back from 変更 (DR101201)
    /// or 追加登録 shows the same list again instead of starting over.
    /// Kept per user and payment group: another login or group starts afresh.
    static LAST_SEARCH: std::cell::RefCell<Option<(String, DetailQuery)>> =
        const { std::cell::RefCell::new(None) };
}

/// Whose search [`LAST_SEARCH`] holds: the user and the chosen payment group.
fn search_owner() -> String {
    use_session().me.with_untracked(|me| {
        me.as_ref().map_or_else(String::new, |me| {
            format!(
                "{}/{}",
                me.user.user_id,
                me.payment_group.as_ref().map_or("", |g| g.number.as_str())
            )
        })
    })
}

fn last_search() -> Option<DetailQuery> {
    let owner = search_owner();
    LAST_SEARCH.with_borrow(|last| {
        last.as_ref()
            .filter(|(o, _)| *o == owner)
            .map(|(_, q)| q.clone())
    })
}

#[component]
pub fn DetailsPage() -> impl IntoView {
    enter_screen(screen::DETAIL_SEARCH, TITLE);
    view! {
        <DeductionFrame>
            <DetailSearch />
        </DeductionFrame>
    }
}

/// The sort after a click on a header: the same column turns the order round, another starts
/// ascending.
pub fn next_sort(current: (DetailSort, SortOrder), clicked: DetailSort) -> (DetailSort, SortOrder) {
    match current {
        (s, SortOrder::Asc) if s == clicked => (clicked, SortOrder::Desc),
        _ => (clicked, SortOrder::Asc),
    }
}

#[component]
fn DetailSearch() -> impl IntoView {
    let session = use_session();
    let flash = RwSignal::new(session.take_flash());
    let done = RwSignal::new(None::<String>);
    let form = FormState::new();
    let read_only = read_only();
    let employee_no = RwSignal::new(String::new());
    let kana_prefix = RwSignal::new(String::new());
    let product = RwSignal::new(String::new());
    let state = RwSignal::new(String::new());
    let sort = RwSignal::new((DetailSort::EmployeeNo, SortOrder::Asc));
    let result = RwSignal::new(None::<DetailPage>);
    let products = product_options(form);
    let states = Signal::derive(|| {
        DetailState::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), s.label().to_owned()))
            .collect::<Vec<_>>()
    });

    let last = last_search();
    let first_page = last.as_ref().and_then(|q| q.page).unwrap_or(1);
    if let Some(last) = last {
        employee_no.set(last.employee_no.unwrap_or_default());
        kana_prefix.set(last.kana_prefix.unwrap_or_default());
        product.set(last.product.unwrap_or_default());
        state.set(
            last.state
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
        );
        sort.set((
            last.sort.unwrap_or(DetailSort::EmployeeNo),
            last.order.unwrap_or(SortOrder::Asc),
        ));
    }
    let search = move |page: u32| {
        let (by, order) = sort.get_untracked();
        let query = DetailQuery {
            employee_no: Some(employee_no.get_untracked()),
            kana_prefix: Some(kana_prefix.get_untracked()),
            product: Some(product.get_untracked()),
            state: state.get_untracked().parse().ok(),
            sort: Some(by),
            order: Some(order),
            page: Some(page),
            per_page: Some(PER_PAGE),
        };
        let owner = search_owner();
        LAST_SEARCH.with_borrow_mut(|last| *last = Some((owner, query.clone())));
        form.submit(
            async move { api::deduction::details(&query).await },
            move |page| result.set(Some(page)),
        );
    };
    search(first_page);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        flash.set(None);
        done.set(None);
        search(1);
    };
    let go_page = Callback::new(search);
    let sort_by = Callback::new(move |by: DetailSort| {
        sort.update(|s| *s = next_sort(*s, by));
        search(1);
    });
    let cancel = Callback::new(move |d: DetailView| {
        let question = format!(
            "職員番号 {} {} の{}（店番 {} 口座番号 {}）を解除します。よろしいですか？",
            d.employee_no, d.kana_name, d.product_name, d.branch_no, d.account_no
        );
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        flash.set(None);
        done.set(None);
        let body = DetailCancelRequest { version: d.version };
        let id = d.id.clone();
        let page = result.with_untracked(|r| r.as_ref().map_or(1, |r| r.page));
        form.submit(
            async move { api::deduction::cancel_detail(&id, &body).await },
            move |cancelled| {
                done.set(Some(format!(
                    "職員番号 {} {} の明細を解除しました。",
                    cancelled.employee_no, cancelled.kana_name
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
                go(routes::DETAIL_NEW);
            }
        });
    }

    let count =
        move || result.with(|r| r.as_ref().map(|r| count_text(r.total, r.page, r.per_page)));
    let page = Signal::derive(move || result.with(|r| r.as_ref().map_or(1, |r| r.page)));
    let total = Signal::derive(move || result.with(|r| r.as_ref().map_or(0, |r| r.total)));
    let header = move |label: &'static str, by: DetailSort| {
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
                    data-testid=format!("sort-{}", api::deduction::sort_name(by))
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
                        data-testid="add-detail"
                        on:click={
                            let go = go.clone();
                            move |_| go(routes::DETAIL_NEW)
                        }
                    >
                        "追加登録(F7)"
                    </button>
                </Show>
            </div>
            <ReadOnlyNotice />
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
                    name="product"
                    label="取引"
                    value=product
                    form=form
                    options=products
                    blank="すべて"
                />
                <SelectField
                    name="state"
                    label="状態"
                    value=state
                    form=form
                    options=states
                    blank="すべて"
                />
                <div class="form-actions">
                    <SubmitButton form=form label="検索" />
                </div>
            </form>
            <p class="count" data-testid="detail-count">{count}</p>
            <div class="table-wrap">
                <table class="grid details" data-testid="detail-table">
                    <thead>
                        <tr>
                            <Show when=move || !read_only.get()>
                                <th scope="col">"変更"</th>
                                <th scope="col">"解除"</th>
                            </Show>
                            <th scope="col">"No"</th>
                            {header("職員番号", DetailSort::EmployeeNo)}
                            {header("カナ氏名", DetailSort::KanaName)}
                            <th scope="col">"漢字氏名"</th>
                            {header("取引", DetailSort::Product)}
                            <th scope="col">"店番"</th>
                            <th scope="col">"口座番号"</th>
                            <th scope="col">"月例金額"</th>
                            <th scope="col">"夏季金額"</th>
                            <th scope="col">"年末金額"</th>
                            <th scope="col">"開始月"</th>
                            <th scope="col">"終了月"</th>
                            <th scope="col">"状態"</th>
                            <th scope="col">"登録元"</th>
                            {header("更新日時", DetailSort::UpdatedAt)}
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
                                        <DetailRow
                                            no=first + i + 1
                                            detail=d
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

#[component]
fn DetailRow(
    no: usize,
    detail: DetailView,
    cancel: Callback<DetailView>,
    busy: RwSignal<bool>,
    read_only: Memo<bool>,
) -> impl IntoView {
    let go = navigator();
    let href = routes::detail(&detail.id);
    let active = detail.state == DetailState::Active;
    let row = detail.clone();
    let testid = format!("detail-row-{}-{}", detail.employee_no, detail.product_code);
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
                <a href=routes::detail(&detail.id)>{detail.employee_no.clone()}</a>
            </td>
            <td>{detail.kana_name.clone()}</td>
            <td>{detail.kanji_name.clone()}</td>
            <td>{detail.product_name.clone()}</td>
            <td>{detail.branch_no.clone()}</td>
            <td>{detail.account_no.clone()}</td>
            <td class="cell-money">{yen(detail.amount_monthly)}</td>
            <td class="cell-money">{yen(detail.amount_summer)}</td>
            <td class="cell-money">{yen(detail.amount_year_end)}</td>
            <td class="cell-nowrap">{detail.start_month.label()}</td>
            <td class="cell-nowrap">{detail.end_month.map(|m| m.label()).unwrap_or_default()}</td>
            <td>{detail.state_label.clone()}</td>
            <td>{detail.source_label.clone()}</td>
            <td class="cell-nowrap">{jst_seconds(detail.updated_at)}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_click_turns_the_order_round_or_starts_ascending() {
        let start = (DetailSort::EmployeeNo, SortOrder::Asc);
        assert_eq!(
            next_sort(start, DetailSort::EmployeeNo),
            (DetailSort::EmployeeNo, SortOrder::Desc)
        );
        assert_eq!(
            next_sort(
                (DetailSort::EmployeeNo, SortOrder::Desc),
                DetailSort::EmployeeNo
            ),
            (DetailSort::EmployeeNo, SortOrder::Asc)
        );
        assert_eq!(
            next_sort(start, DetailSort::KanaName),
            (DetailSort::KanaName, SortOrder::Asc)
        );
    }
}

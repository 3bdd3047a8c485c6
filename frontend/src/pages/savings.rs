//! What the 一斉積立事務 (`pages::collective`) and 財形貯蓄事務 (`pages::zaikei`) screens share:
//! both show data the bank sent (a run, a cycle of a document) that the user only reads — a
//! picker of that data kept in the URL (so 照会 → 出力 → エクスポート stay on the same data and a
//! reload keeps it), tabs (明細 / 変更明細), column headers that sort, and 変更明細's empty sides.

use std::future::Future;

use cjs_api_types::deduction::SortOrder;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

use crate::api::Failure;
use crate::pages::deduction::yen;
use crate::widgets::form::FormState;

/// The latest of a screen's requests wins: a new run, cycle, page or filter asks again at once
/// (a [`FormState::submit`] still on its way would drop it), and an older answer that arrives
/// later is ignored instead of overwriting the newer one.
#[derive(Clone, Copy)]
pub struct Latest {
    seq: StoredValue<u64>,
}

impl Default for Latest {
    fn default() -> Self {
        Self::new()
    }
}

impl Latest {
    pub fn new() -> Self {
        Self {
            seq: StoredValue::new(0),
        }
    }

    /// Sends `request` (the form shows busy, its last error cleared); only the answer to the
    /// newest request runs `done` or shows its failure.
    pub fn fetch<T, R>(self, form: FormState, request: R, done: impl FnOnce(T) + 'static)
    where
        T: 'static,
        R: Future<Output = Result<T, Failure>> + 'static,
    {
        self.seq.update_value(|s| *s += 1);
        let mine = self.seq.try_get_value();
        form.busy.set(true);
        form.error.set(None);
        spawn_local(async move {
            let answer = request.await;
            // The screen was left, or a newer request went out meanwhile.
            if self.seq.try_get_value() != mine {
                return;
            }
            match answer {
                Ok(value) => {
                    form.finish();
                    done(value);
                }
                Err(failure) => form.fail(failure),
            }
        });
    }
}

/// The sort after a click on a header: the same column turns the order round, another starts
/// ascending.
pub fn next_sort<S: PartialEq + Copy>(current: (S, SortOrder), clicked: S) -> (S, SortOrder) {
    match current {
        (s, SortOrder::Asc) if s == clicked => (clicked, SortOrder::Desc),
        _ => (clicked, SortOrder::Asc),
    }
}

/// A column header that sorts the list (▲ ascending, ▼ descending), `data-testid=sort-<wire>`.
pub fn sort_header<S>(
    label: impl Fn() -> String + Send + Sync + 'static,
    by: S,
    wire: String,
    sort: RwSignal<(S, SortOrder)>,
    clicked: Callback<S>,
) -> impl IntoView
where
    S: PartialEq + Copy + Send + Sync + 'static,
{
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
                data-testid=format!("sort-{wire}")
                on:click=move |_| clicked.run(by)
            >
                {label}
                {mark}
            </button>
        </th>
    }
}

/// The tabs of a screen (明細 / 変更明細): `(value, label)`; `data-testid=tab-<value>`.
#[component]
pub fn Tabs(
    active: RwSignal<&'static str>,
    #[prop(into)] tabs: Signal<Vec<(&'static str, &'static str)>>,
) -> impl IntoView {
    view! {
        <div class="tabs" role="tablist" data-testid="tabs">
            {move || {
                tabs.get()
                    .into_iter()
                    .map(|(value, label)| {
                        view! {
                            <button
                                type="button"
                                role="tab"
                                class="tab"
                                aria-selected=move || (active.get() == value).to_string()
                                data-testid=format!("tab-{value}")
                                on:click=move |_| active.set(value)
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// An amount of one side of a 変更明細 row: empty when that side does not exist (新規 has no
/// 変更前, 解約 no 変更後).
pub fn side_yen(amount: Option<i64>) -> String {
    amount.map(yen).unwrap_or_default()
}

/// `12,000円`
pub fn yen_text(amount: i64) -> String {
    format!("{}円", yen(amount))
}

/// The signed difference of two totals: `+2,000円`, `-500円`, `0円`.
pub fn difference_text(amount: i64) -> String {
    if amount > 0 {
        format!("+{}", yen_text(amount))
    } else {
        yen_text(amount)
    }
}

/// A value of the page's query (`?no=14`), read once when the screen opens.
pub fn query_value(name: &'static str) -> Option<String> {
    let query = use_query_map();
    query
        .with_untracked(|q| q.get(name))
        .filter(|v| !v.trim().is_empty())
}

/// Keeps the data chosen in the address (`?no=14`, `?document=…&date=…`) without opening the
/// screen again: a reload or the links to the other screens of the menu then show the same data.
pub fn keep_in_address() -> impl Fn(&str) + Clone + 'static {
    let navigate = use_navigate();
    let location = use_location();
    move |query: &str| {
        let path = location.pathname.get_untracked();
        let target = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        navigate(
            &target,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_click_turns_the_order_round_or_starts_ascending() {
        assert_eq!(next_sort((1, SortOrder::Asc), 1), (1, SortOrder::Desc));
        assert_eq!(next_sort((1, SortOrder::Desc), 1), (1, SortOrder::Asc));
        assert_eq!(next_sort((1, SortOrder::Desc), 2), (2, SortOrder::Asc));
    }

    #[test]
    fn an_empty_side_is_blank_and_differences_carry_their_sign() {
        assert_eq!(side_yen(None), "");
        assert_eq!(side_yen(Some(12_000)), "12,000");
        assert_eq!(yen_text(0), "0円");
        assert_eq!(difference_text(2_000), "+2,000円");
        assert_eq!(difference_text(-500), "-500円");
        assert_eq!(difference_text(0), "0円");
    }
}

//! 労金控除事務: the manual's eleven functions (docs/deduction.md). One module per screen; the
//! screen IDs are ours (`cjs_api_types::deduction::screen`, the manual shows none for this menu).
//! This module holds what the screens share: the frame (logged in, a payment group, the menu
//! allowed), 閲覧のみ, a select field, amounts, paging, the cycle picker and file buttons.

pub mod cycle;
pub mod detail_edit;
pub mod detail_form;
pub mod detail_new;
pub mod details;
pub mod employer_export;
pub mod employer_list;
pub mod history;
pub mod lines;
pub mod lump;
pub mod lump_web_updates;
pub mod request_export;
pub mod request_lists;
pub mod results;
pub mod stops;

use cjs_api_types::{ApiError, ErrorCode};
use cjs_domain::Function;
use leptos::prelude::*;

use crate::api;
use crate::session::use_session;
use crate::widgets::authed::Authed;
use crate::widgets::download;
use crate::widgets::form::FormState;

/// Where the screens live (`/deduction/...`); the menu items point here.
pub mod routes {
    pub const DETAILS: &str = "/deduction/details";
    pub const DETAIL_NEW: &str = "/deduction/details/new";
    pub const HISTORY: &str = "/deduction/history";
    pub const REQUEST_LISTS: &str = "/deduction/request-lists";
    pub const REQUEST_EXPORT: &str = "/deduction/request-export";
    pub const EMPLOYER_LIST: &str = "/deduction/employer-request";
    pub const EMPLOYER_EXPORT: &str = "/deduction/employer-export";
    pub const STOPS: &str = "/deduction/stops";
    pub const LUMP: &str = "/deduction/lump";
    pub const LUMP_WEB_UPDATES: &str = "/deduction/lump-web-updates";
    pub const RESULT_LISTS: &str = "/deduction/results";

    /// DR101201 for one detail.
    pub fn detail(id: &str) -> String {
        format!("{DETAILS}/{}", crate::api::encode(id))
    }
}

/// A business menu's entry in `/me`: `None` until loaded, `Some(None)` when not allowed,
/// `Some(Some(read_only))` when allowed.
pub fn menu_entry(function: Function) -> Memo<Option<Option<bool>>> {
    let session = use_session();
    Memo::new(move |_| {
        session.me.with(|me| {
            me.as_ref().map(|me| {
                me.menu
                    .iter()
                    .find(|e| e.function == function)
                    .map(|e| e.read_only)
            })
        })
    })
}

/// 閲覧のみ (or a group without 明細更新): no 追加・変更・解除・入金中止・確定 buttons. The server
/// refuses them anyway (E2303).
pub fn read_only() -> Memo<bool> {
    read_only_in(Function::RokinDeduction)
}

/// 閲覧のみ for a business menu: true until `/me` says otherwise.
pub fn read_only_in(function: Function) -> Memo<bool> {
    let entry = menu_entry(function);
    Memo::new(move |_| entry.get().flatten().unwrap_or(true))
}

/// The frame of every screen of this menu: logged in, a payment group chosen, and 労金控除事務
/// in the user's menu.
#[component]
pub fn DeductionFrame(children: ChildrenFn) -> impl IntoView {
    MenuFrame(MenuFrameProps {
        function: Function::RokinDeduction,
        children,
    })
}

/// The frame of a business menu's screens: logged in, a payment group chosen, and `function` in
/// the user's menu.
#[component]
pub fn MenuFrame(function: Function, children: ChildrenFn) -> impl IntoView {
    let entry = menu_entry(function);
    let allowed = Memo::new(move |_| entry.get().map(|e| e.is_some()));
    let children = StoredValue::new(children);
    view! {
        <Authed needs_group=true>
            {move || match allowed.get() {
                Some(true) => children.with_value(|c| c()).into_any(),
                Some(false) => {
                    view! {
                        <section class="panel">
                            <p class="notice" data-testid="not-allowed">
                                "この機能はご利用いただけません（ご契約内容またはユーザー別機能制限により非表示です）。"
                            </p>
                        </section>
                    }
                        .into_any()
                }
                None => ().into_any(),
            }}
        </Authed>
    }
}

/// The notice a 閲覧のみ user sees instead of the change buttons.
#[component]
pub fn ReadOnlyNotice(
    /// The menu (労金控除事務 unless given).
    #[prop(default = Function::RokinDeduction)]
    function: Function,
) -> impl IntoView {
    let read_only = read_only_in(function);
    move || {
        read_only.get().then(|| {
            view! {
                <p class="notice" data-testid="read-only">
                    "この機能は閲覧のみご利用いただけます（登録・変更・解除はできません）。"
                </p>
            }
        })
    }
}

/// Whole yen grouped by thousands: `1,234,567`.
pub fn yen(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    if amount < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An error made here, in the server's shape, shown beside `field` (e.g. an amount that is not
/// a number never reaches the server).
pub fn local_error(code: ErrorCode, items: &[&str], field: &str) -> ApiError {
    ApiError {
        code,
        message: code.message(items),
        request_id: String::new(),
        details: Some(serde_json::json!({ "field": field })),
    }
}

/// 抽出件数 as the manual prints it, with the rows shown.
pub fn count_text(total: i64, page: u32, per_page: u32) -> String {
    if total <= 0 {
        return "抽出件数: 0件".to_owned();
    }
    let first = i64::from(page.saturating_sub(1)) * i64::from(per_page) + 1;
    let last = (first + i64::from(per_page) - 1).min(total);
    format!("抽出件数: {total}件（{first}～{last}件目を表示）")
}

/// The number of pages for `total` rows.
pub fn pages(total: i64, per_page: u32) -> u32 {
    let per_page = i64::from(per_page.max(1));
    u32::try_from(((total.max(0) + per_page - 1) / per_page).max(1)).unwrap_or(u32::MAX)
}

/// 前へ / 次へ and `n / N ページ`; `go` loads a page.
#[component]
pub fn Pager(
    #[prop(into)] page: Signal<u32>,
    #[prop(into)] per_page: Signal<u32>,
    #[prop(into)] total: Signal<i64>,
    busy: RwSignal<bool>,
    go: Callback<u32>,
) -> impl IntoView {
    let last = move || pages(total.get(), per_page.get());
    view! {
        <div class="pager" data-testid="pager">
            <button
                type="button"
                class="button button-small"
                disabled=move || { busy.get() || page.get() <= 1 }
                on:click=move |_| go.run(page.get_untracked().saturating_sub(1).max(1))
            >
                "前へ"
            </button>
            <span class="pager-state">{move || format!("{} / {} ページ", page.get(), last())}</span>
            <button
                type="button"
                class="button button-small"
                disabled=move || { busy.get() || page.get() >= last() }
                on:click=move |_| go.run(page.get_untracked() + 1)
            >
                "次へ"
            </button>
        </div>
    }
}

/// A choice among fixed values, laid out as [`Field`](crate::widgets::field::Field) and showing
/// the server's error for `name` beside it.
#[component]
pub fn SelectField(
    /// The API field name: the select's `name` and `id`.
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    form: FormState,
    /// `(value, label)` in order.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// A first entry with the empty value (「すべて」, 「選択してください」).
    #[prop(optional)]
    blank: &'static str,
    #[prop(optional)] hint: &'static str,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let server_error = move || form.field_error(name);
    view! {
        <div class="field" class:field-invalid=move || server_error().is_some()>
            <label class="field-label" for=name>
                <span class="field-name">{label}</span>
                {(!hint.is_empty()).then(|| view! { <span class="field-hint">{hint}</span> })}
            </label>
            <div class="field-body">
                <div class="field-control">
                    <select
                        id=name
                        name=name
                        aria-invalid=move || server_error().is_some().to_string()
                        on:change=move |ev| value.set(event_target_value(&ev))
                    >
                        {(!blank.is_empty())
                            .then(|| {
                                view! {
                                    <option value="" prop:selected=move || value.get().is_empty()>
                                        {blank}
                                    </option>
                                }
                            })}
                        {move || {
                            options
                                .get()
                                .into_iter()
                                .map(|(v, l)| {
                                    let chosen = v.clone();
                                    view! {
                                        <option
                                            value=v
                                            prop:selected=move || value.with(|x| *x == chosen)
                                        >
                                            {l}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                {move || {
                    server_error()
                        .map(|text| {
                            view! {
                                <p
                                    class="field-error"
                                    id=error_id.clone()
                                    data-testid=format!("field-error-{name}")
                                >
                                    {text}
                                </p>
                            }
                        })
                }}
            </div>
        </div>
    }
}

/// A set of radio buttons in one row (リストの選択, 全件/異動分, 文字コード).
#[component]
pub fn RadioRow(
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    options: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    view! {
        <div class="field">
            <span class="field-label">
                <span class="field-name">{label}</span>
            </span>
            <div class="field-body">
                <div class="radio-row" role="radiogroup" aria-label=label>
                    {options
                        .into_iter()
                        .map(|(v, l)| {
                            let id = format!("{name}-{v}");
                            view! {
                                <span class="radio">
                                    <input
                                        type="radio"
                                        id=id.clone()
                                        name=name
                                        value=v
                                        prop:checked=move || value.with(|x| x == v)
                                        on:change=move |_| value.set(v.to_owned())
                                    />
                                    <label for=id>{l}</label>
                                </span>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
        </div>
    }
}

/// The path of a file of the chosen cycle (`rest` after `/cycles/{o}/{m}`), once its request
/// data exists.
pub fn cycle_file(
    cycle: RwSignal<Option<cjs_api_types::deduction::DeductionCycleView>>,
    rest: impl Fn() -> String + Send + Sync + 'static,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        let key = cycle.with(|c| {
            c.as_ref()
                .filter(|c| c.run.is_some())
                .map(cycle::CycleKey::of)
        })?;
        Some(format!("{}{}", key.path(), rest()))
    })
}

/// The CSV character set choice: `(value, label)`.
pub const ENCODINGS: [(&str, &str); 2] = [
    ("cp932", "Shift_JIS（Excel等）"),
    ("utf8", "UTF-8（BOM付き）"),
];

/// A button that fetches a PDF or CSV of this menu inside the session and saves it; a refusal
/// (E1018, E2303, …) shows in the page's error banner.
#[component]
pub fn FileButton(
    form: FormState,
    label: &'static str,
    /// The file's API path with its query; `None` disables the button.
    #[prop(into)]
    path: Signal<Option<String>>,
    /// The name to save under when the server gives none.
    fallback: &'static str,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let click = move |_| {
        let Some(path) = path.get_untracked() else {
            return;
        };
        form.submit(
            async move { api::deduction::file(&path, fallback).await },
            |file| {
                let _ = download::save_once(&file.bytes, &file.content_type, &file.filename);
            },
        );
    };
    view! {
        <button
            type="button"
            class="button"
            data-testid=(!testid.is_empty()).then_some(testid)
            disabled=move || form.busy.get() || path.with(Option::is_none)
            on:click=click
        >
            {label}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_by_thousands() {
        assert_eq!(yen(0), "0");
        assert_eq!(yen(999), "999");
        assert_eq!(yen(1000), "1,000");
        assert_eq!(yen(99_999_999), "99,999,999");
        assert_eq!(yen(-1234), "-1,234");
    }

    #[test]
    fn the_count_names_the_rows_shown() {
        assert_eq!(count_text(0, 1, 50), "抽出件数: 0件");
        assert_eq!(
            count_text(120, 3, 50),
            "抽出件数: 120件（101～120件目を表示）"
        );
        assert_eq!(pages(0, 50), 1);
        assert_eq!(pages(101, 50), 3);
    }

    #[test]
    fn a_local_error_names_its_field() {
        let e = local_error(
            ErrorCode::E1002,
            &["月例金額", "半角数字"],
            "amount_monthly",
        );
        assert_eq!(e.message, "月例金額は半角数字で入力してください。");
        assert_eq!(
            crate::widgets::errors::error_field(&e),
            Some("amount_monthly")
        );
    }
}

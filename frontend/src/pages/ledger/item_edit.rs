//! LR111201 賃控元帳種目情報照会（登録・変更）: one 種目's fields — 種目コード (fixed once
//! registered), 種目名, 表示順, 種目区分, 月例, 賞与 — sent as `POST /ledger/items` (登録) or
//! `PUT /ledger/items/{id}` with the version read (変更; E1010 when stale, E1032 when a flag
//! turned off is still used by lines). Back to LR111101 with the result.

use cjs_api_types::ErrorCode;
use cjs_api_types::ledger::{ItemChangeRequest, ItemInput, ItemKind, ItemView, screen};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::pages::deduction::{SelectField, local_error};
use crate::pages::ledger::{LedgerFrame, LedgerReadOnly, read_only, routes};
use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::buttons::{GoButton, navigator};
use crate::widgets::errors::ErrorBanner;
use crate::widgets::field::{Field, StaticField};
use crate::widgets::fkeys::on_function_key;
use crate::widgets::form::{FormState, SubmitButton};

pub const TITLE_NEW: &str = "賃控元帳種目情報照会（登録）";
pub const TITLE_EDIT: &str = "賃控元帳種目情報照会（変更）";

#[component]
pub fn ItemNewPage() -> impl IntoView {
    enter_screen(screen::ITEM_EDIT, TITLE_NEW);
    view! {
        <LedgerFrame>
            <ItemForm id=None />
        </LedgerFrame>
    }
}

#[component]
pub fn ItemEditPage() -> impl IntoView {
    enter_screen(screen::ITEM_EDIT, TITLE_EDIT);
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    view! {
        <LedgerFrame>
            {move || view! { <ItemForm id=Some(id()) /> }}
        </LedgerFrame>
    }
}

/// 表示順 as typed: 1–999 is the server's rule; here only whether it is a number.
pub fn parse_order(typed: &str) -> Option<i32> {
    let t = typed.trim();
    if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// A checkbox in the layout of the fields.
#[component]
fn CheckField(
    name: &'static str,
    label: &'static str,
    text: &'static str,
    value: RwSignal<bool>,
    form: FormState,
) -> impl IntoView {
    let server_error = move || form.field_error(name);
    view! {
        <div class="field" class:field-invalid=move || server_error().is_some()>
            <span class="field-label">
                <span class="field-name">{label}</span>
            </span>
            <div class="field-body">
                <div class="field-control">
                    <span class="radio">
                        <input
                            type="checkbox"
                            id=name
                            name=name
                            prop:checked=move || value.get()
                            on:change=move |ev| value.set(event_target_checked(&ev))
                        />
                        <label for=name>{text}</label>
                    </span>
                </div>
                {move || {
                    server_error()
                        .map(|t| {
                            view! {
                                <p class="field-error" data-testid=format!("field-error-{name}")>
                                    {t}
                                </p>
                            }
                        })
                }}
            </div>
        </div>
    }
}

#[component]
fn ItemForm(id: Option<String>) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let read_only = read_only();
    let editing = id.is_some();
    let loaded = RwSignal::new(None::<ItemView>);
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let order = RwSignal::new(String::new());
    let kind = RwSignal::new(api::ledger::wire(ItemKind::UnionDues));
    let monthly = RwSignal::new(true);
    let bonus = RwSignal::new(false);
    if let Some(id) = id.clone() {
        form.load(api::ledger::items(), move |list| {
            match list.items.into_iter().find(|i| i.id == id) {
                Some(i) => {
                    code.set(i.item_code.clone());
                    name.set(i.item_name.clone());
                    order.set(i.display_order.to_string());
                    kind.set(api::ledger::wire(i.kind));
                    monthly.set(i.monthly);
                    bonus.set(i.bonus);
                    loaded.set(Some(i));
                }
                None => form
                    .error
                    .set(Some(local_error(ErrorCode::E9404, &[], "code"))),
            }
        });
    }
    let kinds = Signal::derive(|| {
        ItemKind::ALL
            .iter()
            .map(|k| (api::ledger::wire(*k), k.label().to_owned()))
            .collect::<Vec<_>>()
    });
    let go = navigator();
    {
        let go = go.clone();
        on_function_key("F4", move || go(routes::ITEMS));
    }
    let save = move || {
        let Some(display_order) = parse_order(&order.get_untracked()) else {
            form.error.set(Some(local_error(
                ErrorCode::E1002,
                &["表示順", "半角数字（1～999）"],
                "display_order",
            )));
            return;
        };
        let Some(chosen_kind) = api::ledger::from_wire::<ItemKind>(&kind.get_untracked()) else {
            form.error
                .set(Some(local_error(ErrorCode::E1001, &["種目区分"], "kind")));
            return;
        };
        let input = ItemInput {
            item_code: code.get_untracked().trim().to_owned(),
            item_name: name.get_untracked().trim().to_owned(),
            display_order: i64::from(display_order),
            kind: chosen_kind,
            monthly: monthly.get_untracked(),
            bonus: bonus.get_untracked(),
        };
        let go = go.clone();
        let after = move |i: ItemView, verb: &str| {
            session.flash(format!(
                "種目 {} {} を{verb}しました。",
                i.item_code, i.item_name
            ));
            go(routes::ITEMS);
        };
        match loaded.get_untracked() {
            Some(before) => {
                let body = ItemChangeRequest {
                    item: input,
                    version: before.version,
                };
                form.submit(
                    async move { api::ledger::change_item(&before.id, &body).await },
                    move |i| after(i, "変更"),
                );
            }
            None if !editing => form.submit(
                async move { api::ledger::create_item(&input).await },
                move |i| after(i, "登録"),
            ),
            None => {}
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save();
    };
    let title = if editing { TITLE_EDIT } else { TITLE_NEW };
    let label = if editing { "更新" } else { "登録" };
    let code_field = move || {
        if editing {
            view! { <StaticField label="種目コード" value=code testid="item-code" /> }.into_any()
        } else {
            view! {
                <Field
                    name="code"
                    label="種目コード"
                    hint="（半角数字3桁。登録後は変更できません）"
                    value=code
                    form=form
                    inputmode="numeric"
                    maxlength=3
                />
            }
            .into_any()
        }
    };
    let used = move || {
        loaded.get().map(|i| {
            view! {
                <StaticField
                    label="使用件数"
                    value=Signal::derive(move || format!("{}件", i.used_by))
                    testid="item-used-by"
                />
            }
        })
    };

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">{title}</h1>
                <div class="title-actions">
                    <GoButton href=routes::ITEMS class="button button-secondary" shortcut="F4">
                        "一覧へ(F4)"
                    </GoButton>
                </div>
            </div>
            <LedgerReadOnly />
            <ErrorBanner form=form />
            <Show when=move || !read_only.get()>
                <p class="lead">
                    "以下を入力して、「" {label} "」ボタンをクリックしてください。"
                </p>
                <form class="form" id="item-form" on:submit=submit.clone() novalidate>
                    {code_field}
                    <Field
                        name="name"
                        label="種目名"
                        hint="（全角20文字以内）"
                        value=name
                        form=form
                        maxlength=20
                    />
                    <Field
                        name="display_order"
                        label="表示順"
                        hint="（1～999。リストはこの順に並びます）"
                        value=order
                        form=form
                        inputmode="numeric"
                        maxlength=3
                    />
                    <SelectField name="kind" label="種目区分" value=kind form=form options=kinds />
                    <CheckField name="monthly" label="月例" text="月例の控除金額あり" value=monthly form=form />
                    <CheckField
                        name="bonus"
                        label="賞与"
                        text="賞与（夏季・年末）の控除金額あり"
                        value=bonus
                        form=form
                    />
                    {used}
                    <div class="form-actions">
                        <SubmitButton form=form label=label />
                    </div>
                </form>
                <ul class="marks">
                    <li>"月例・賞与のいずれかを選択してください。"</li>
                    <li>"明細に金額が設定されている月例・賞与は、なしにできません。"</li>
                    <li>"種目区分が「労金」の種目は、労金控除データがある控除年月の労金控除賃控元帳依頼リストには載りません（労金控除データを使います）。"</li>
                </ul>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_display_order_is_a_whole_number() {
        assert_eq!(parse_order(" 10 "), Some(10));
        assert_eq!(parse_order("999"), Some(999));
        assert_eq!(parse_order(""), None);
        assert_eq!(parse_order("1.5"), None);
        assert_eq!(parse_order("-1"), None);
    }
}

//! ユーザー別機能制限 (DM492101 and 一般ユーザーの追加): one row per member-side business function
//! with the choices the domain offers for it (`Function::restriction_choices`: 表示 非表示 閲覧のみ,
//! 一斉積立 without 閲覧のみ). The server validates the same rule (`Restrictions::validate`).

use cjs_domain::{Function, Restrictions};
use leptos::prelude::*;

#[component]
pub fn RestrictionRadios(value: RwSignal<Restrictions>) -> impl IntoView {
    view! {
        <fieldset class="restrictions" data-testid="restrictions">
            <legend>"ユーザー別機能制限"</legend>
            {Restrictions::FUNCTIONS
                .into_iter()
                .map(|function| view! { <RestrictionRow function=function value=value /> })
                .collect_view()}
            <p class="small">
                "表示: メニューに表示され制限なしで利用可能 ／ 非表示: メニューに表示されず利用不可 ／ 閲覧のみ: メニューに表示され閲覧機能のみ利用可能"
            </p>
        </fieldset>
    }
}

#[component]
fn RestrictionRow(function: Function, value: RwSignal<Restrictions>) -> impl IntoView {
    let name = function.as_str();
    let label = function.restriction_label();
    view! {
        <div class="radio-row" role="radiogroup" aria-label=label>
            <span class="radio-label">{label}</span>
            {function
                .restriction_choices()
                .iter()
                .map(|choice| {
                    let choice = *choice;
                    let id = format!("{name}-{}", choice.as_str());
                    view! {
                        <span class="radio">
                            <input
                                type="radio"
                                id=id.clone()
                                name=name
                                value=choice.as_str()
                                prop:checked=move || {
                                    value.with(|r| r.for_function(function) == Some(choice))
                                }
                                on:change=move |_| value.update(|r| r.set(function, choice))
                            />
                            <label for=id>{choice.label()}</label>
                        </span>
                    }
                })
                .collect_view()}
        </div>
    }
}

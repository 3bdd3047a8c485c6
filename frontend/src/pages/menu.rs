//! A business menu's list (労金控除事務, 賃控元帳事務, …): the manual's items with their summary.
//! Items whose screens exist open them; the others open the 準備中 page.

use std::str::FromStr;

use cjs_domain::{Function, Role};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::menu;
use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::authed::Authed;

/// The menu named in the address, if it is one.
pub fn function_of(segment: &str) -> Option<Function> {
    Function::from_str(segment).ok()
}

#[component]
pub fn MenuPage() -> impl IntoView {
    enter_screen("MN000001", "メニュー");
    let params = use_params_map();
    let function = move || params.with(|p| p.get("function").and_then(|f| function_of(&f)));
    view! {
        <Authed needs_group=true>
            {move || match function() {
                Some(f) => view! { <MenuList function=f /> }.into_any(),
                None => view! { <UnknownMenu /> }.into_any(),
            }}
        </Authed>
    }
}

#[component]
pub fn UnknownMenu() -> impl IntoView {
    view! {
        <section class="panel">
            <h1 class="page-title">"メニュー"</h1>
            <p class="notice" data-testid="not-allowed">
                "指定されたメニューはご利用いただけません。上のメニューからお選びください。"
            </p>
        </section>
    }
}

#[component]
fn MenuList(function: Function) -> impl IntoView {
    let session = use_session();
    let entry = move || {
        session.me.with(|me| {
            me.as_ref()
                .and_then(|me| me.menu.iter().find(|e| e.function == function).cloned())
        })
    };
    let role = move || {
        session
            .me
            .with(|me| me.as_ref().map_or(Role::General, |m| m.role))
    };

    view! {
        <section class="panel" data-testid=format!("menu-{}", function.as_str())>
            <h1 class="page-title">{function.label()}</h1>
            {move || match entry() {
                None => {
                    view! {
                        <p class="notice" data-testid="not-allowed">
                            "この機能はご利用いただけません（ご契約内容またはユーザー別機能制限により非表示です）。"
                        </p>
                    }
                        .into_any()
                }
                Some(entry) => {
                    let read_only = entry
                        .read_only
                        .then(|| {
                            view! {
                                <p class="notice" data-testid="read-only">
                                    "この機能は閲覧のみご利用いただけます（登録・変更・解除はできません）。"
                                </p>
                            }
                        });
                    let items: Vec<_> = menu::items_for(function, role()).collect();
                    let rows = items.len();
                    let reference = menu::reference(function);
                    view! {
                        {read_only}
                        {reference
                            .map(|_| {
                                view! {
                                    <p class="small">
                                        "（ご契約内容によっては、ご利用いただけない機能がございます。各機能詳細は、共通機能の「マニュアル照会」により、マニュアルをご参照ください。）"
                                    </p>
                                }
                            })}
                        <table class="grid menu-table">
                            <thead>
                                <tr>
                                    <th scope="col">"メニュー"</th>
                                    <th scope="col">"機能概要"</th>
                                    {reference.map(|_| view! { <th scope="col">"参照先"</th> })}
                                </tr>
                            </thead>
                            <tbody>
                                {items
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, item)| {
                                        let href = item
                                            .route
                                            .map(str::to_owned)
                                            .unwrap_or_else(|| {
                                                format!("/menu/{}/{}", function.as_str(), item.slug)
                                            });
                                        let reference_cell = reference
                                            .filter(|_| i == 0)
                                            .map(|r| {
                                                view! {
                                                    <td class="menu-reference" rowspan=rows>
                                                        {r}
                                                    </td>
                                                }
                                            });
                                        view! {
                                            <tr>
                                                <td class="menu-item">
                                                    <A href=href>{item.label}</A>
                                                </td>
                                                <td>{item.summary}</td>
                                                {reference_cell}
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menu_addresses_use_the_api_names_of_the_functions() {
        assert_eq!(
            function_of("rokin_deduction"),
            Some(Function::RokinDeduction)
        );
        assert_eq!(function_of("system_admin"), Some(Function::SystemAdmin));
        assert_eq!(function_of("zaikei"), Some(Function::Zaikei));
        assert_eq!(function_of("admin"), None);
    }
}

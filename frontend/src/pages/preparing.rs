//! A menu item whose screen is still to come: says so plainly and leads back.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::menu;
use crate::pages::menu::{UnknownMenu, function_of};
use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::authed::Authed;

#[component]
pub fn PreparingPage() -> impl IntoView {
    enter_screen("MN000002", "準備中");
    let session = use_session();
    let params = use_params_map();
    let found = move || {
        params.with(|p| {
            let function = p.get("function").and_then(|f| function_of(&f))?;
            let item = menu::find(function, &p.get("item")?)?;
            Some((function, item))
        })
    };
    let allowed = move |function| {
        session.me.with(|me| {
            me.as_ref()
                .is_some_and(|me| me.menu.iter().any(|e| e.function == function))
        })
    };

    view! {
        <Authed needs_group=true>
            {move || match found() {
                Some((function, item)) if allowed(function) => {
                    let back = format!("/menu/{}", function.as_str());
                    view! {
                        <section class="panel" data-testid="preparing">
                            <p class="breadcrumb">{function.label()} " ＞ " {item.label}</p>
                            <h1 class="page-title">{item.label}</h1>
                            <p class="notice notice-info">
                                <strong>"この機能は現在準備中です。"</strong>
                            </p>
                            <p>{item.summary}</p>
                            <p>"ご利用いただけるようになりましたら、お知らせでご案内します。"</p>
                            <p class="box-actions">
                                <A href=back attr:class="button">
                                    {function.label()} "のメニューへ戻る"
                                </A>
                            </p>
                        </section>
                    }
                        .into_any()
                }
                _ => view! { <UnknownMenu /> }.into_any(),
            }}
        </Authed>
    }
}

//! The frame of every logged-in screen: asks `GET /me` (who, which payment group, which menus),
//! sends a user with a temporary password to the change screen and a user who has not chosen a
//! payment group to DC590101, and shows the menu bar `nav[data-testid=menu]`.

use cjs_api_types::auth::MeResponse;
use cjs_domain::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::session::{self, FORCED_CHANGE, use_session};
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

/// Whether the user must choose a payment group before business screens.
pub fn must_choose_group(me: &MeResponse) -> bool {
    me.payment_group.is_none() && me.payment_groups.len() > 1
}

#[component]
pub fn Authed(
    /// The screen works in a payment group (the information screen, the business menus).
    #[prop(optional)]
    needs_group: bool,
    /// The screen is the forced password change itself.
    #[prop(optional, into)]
    forced: Signal<bool>,
    /// Only the master may open the screen.
    #[prop(optional)]
    master_only: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    session.in_app.update(|n| *n += 1);
    on_cleanup(move || session.in_app.update(|n| *n = n.saturating_sub(1)));
    let form = FormState::new();
    spawn_local(async move {
        if let Err(failure) = api::me().await
            && session::destination(failure.code()).is_none()
        {
            form.fail(failure);
        }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        session.me.with(|me| {
            let Some(me) = me else { return };
            if me.user.must_change_password && !forced.get() {
                navigate(FORCED_CHANGE, NavigateOptions::default());
            } else if needs_group && must_choose_group(me) {
                navigate("/payment-group", NavigateOptions::default());
            }
        });
    });
    let allowed = move || {
        session.me.with(|me| {
            me.as_ref().is_some_and(|me| {
                (!master_only || me.role == Role::Master)
                    && (!me.user.must_change_password || forced.get())
            })
        })
    };
    let loaded = move || session.me.with(Option::is_some);

    view! {
        <ErrorBanner form=form />
        <Show
            when=allowed
            fallback=move || {
                (loaded() && master_only)
                    .then(|| {
                        view! {
                            <section class="panel">
                                <p class="notice" data-testid="not-allowed">
                                    "この機能はマスターユーザーのみご利用いただけます。"
                                </p>
                            </section>
                        }
                    })
            }
        >
            {children()}
        </Show>
    }
}

/// トップページ, the menus `GET /me` allows, 入金グループ選択 (several groups only), ログアウト;
/// only ログアウト while a temporary password waits to be changed. Shown by the layout, above
/// the page, while a logged-in screen is open.
#[component]
pub fn MenuBar() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let logout = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            // Whatever the answer, the user is out: an ended session is already over.
            let _ = api::logout().await;
            session.clear();
            busy.set(false);
            navigate("/logged-out", NavigateOptions::default());
        });
    };
    let entries = move || {
        session.me.with(|me| {
            let Some(me) = me else {
                return Vec::new();
            };
            if me.user.must_change_password {
                return Vec::new();
            }
            let mut items = vec![view! { <MenuLink href="/info".to_owned() label="トップページ".to_owned() /> }];
            for entry in &me.menu {
                let mut label = entry.function.label().to_owned();
                // Marked only where the master sets a ユーザー別機能制限: システム管理機能 is
                // ユーザー情報の照会 for a general user, shown as the manual shows it.
                if entry.read_only && !entry.function.restriction_choices().is_empty() {
                    label.push_str("（閲覧のみ）");
                }
                items.push(view! {
                    <MenuLink href=format!("/menu/{}", entry.function.as_str()) label=label />
                });
            }
            if me.payment_groups.len() > 1 {
                items.push(view! {
                    <MenuLink href="/payment-group".to_owned() label="入金グループ選択".to_owned() />
                });
            }
            items
        })
    };

    view! {
        <Show when=move || { session.me.with(Option::is_some) && session.in_app.get() > 0 }>
            <nav class="menu-bar" data-testid="menu" aria-label="メニュー">
                <ul class="menu-items">
                    {entries}
                    <li class="menu-logout">
                        <button
                            type="button"
                            class="button button-logout"
                            on:click=logout.clone()
                            disabled=move || busy.get()
                        >
                            "ログアウト"
                        </button>
                    </li>
                </ul>
            </nav>
        </Show>
    }
}

#[component]
fn MenuLink(href: String, label: String) -> impl IntoView {
    view! {
        <li>
            <A href=href>{label}</A>
        </li>
    }
}

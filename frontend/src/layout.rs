//! The frame every screen shares: the manual's system header (name, screen ID, organisation and
//! user, payment group, the time left before the idle logout), the page, and a footer. The
//! layout also carries out the session's redirects (an ended session, a temporary password) and
//! confirms with the server when the idle countdown runs out.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::screen::{SYSTEM_NAME, ScreenContext};
use crate::session::{limit_text, now_ms, remaining_text, use_session};
use crate::widgets::authed::MenuBar;

/// How long after the countdown's zero the server is asked (its clock decides; the countdown
/// starts when an answer arrives, so the server's limit has passed by then).
const GRACE_MS: f64 = 1000.0;

fn idle_title(seconds: u64) -> String {
    format!(
        "画面毎に{}の時間制限があります。ボタンをクリックする都度クリアされます。",
        limit_text(seconds)
    )
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let screen = use_context::<ScreenContext>();
    let screen_id = move || screen.map(|s| s.id.get()).unwrap_or_default();
    let session = use_session();

    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(path) = session.redirect.get() {
            session.redirect.set(None);
            navigate(&path, NavigateOptions::default());
        }
    });

    // When the countdown runs out, ask the server (it answers E2202 if the session is over, and
    // the session module then opens the forced-logout screen). Every answer moves the deadline
    // and so re-arms the timer.
    let timer = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let deadline = session.deadline_ms.get();
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        timer.set_value(None);
        let Some(deadline) = deadline else {
            return;
        };
        let wait = (deadline - now_ms() + GRACE_MS).max(0.0);
        let check = move || {
            if session.me.with_untracked(Option::is_none) {
                return;
            }
            spawn_local(async move {
                if api::me().await.is_err() && session.me.with_untracked(Option::is_some) {
                    // Not an ended session (e.g. the network is down): ask again shortly.
                    session.deadline_ms.set(Some(now_ms() + 10_000.0));
                }
            });
        };
        if let Ok(handle) = set_timeout_with_handle(check, Duration::from_millis(wait as u64)) {
            timer.set_value(Some(handle));
        }
    });

    let org_user = move || {
        session.me.with(|me| {
            me.as_ref()
                .map(|me| {
                    format!(
                        "{} / {} {}",
                        me.organisation_name, me.user.user_name, me.user.user_id
                    )
                })
                .unwrap_or_default()
        })
    };
    let group = move || {
        session.me.with(|me| {
            me.as_ref()
                .and_then(|me| me.payment_group.as_ref())
                .map(|g| format!("入金グループ {}", g.number))
        })
    };
    let home = move || {
        if session.me.with(Option::is_some) {
            "/info".to_owned()
        } else {
            "/".to_owned()
        }
    };

    view! {
        <header class="system-header">
            <div class="system-name">
                <A href=home>{SYSTEM_NAME}</A>
            </div>
            <div class="system-meta">
                <span class="screen-id" title="画面ID" data-testid="screen-id">
                    {screen_id}
                </span>
                <span class="org-user" data-testid="org-user">
                    {org_user}
                </span>
                {move || {
                    group()
                        .map(|g| {
                            view! {
                                <span class="header-group" data-testid="header-payment-group">
                                    {g}
                                </span>
                            }
                        })
                }}
                {move || {
                    session
                        .remaining_seconds()
                        .map(|left| {
                            view! {
                                <span
                                    class="idle-remaining"
                                    class:idle-warning=left <= 300
                                    title=move || idle_title(session.idle_seconds.get())
                                    data-testid="idle-remaining"
                                >
                                    {remaining_text(left)}
                                </span>
                            }
                        })
                }}
            </div>
        </header>
        <MenuBar />
        <main class="page">{children()}</main>
        <footer class="system-footer">
            <span>{SYSTEM_NAME}</span>
            <A href="/status">"システム稼働状況"</A>
        </footer>
    }
}

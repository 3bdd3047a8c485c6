//! The frame every screen shares: the manual's system header (name, screen ID, organisation and
//! user), the page, and a footer.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::screen::{SYSTEM_NAME, ScreenContext};

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let screen = use_context::<ScreenContext>();
    let screen_id = move || screen.map(|s| s.id.get()).unwrap_or_default();

    view! {
        <header class="system-header">
            <div class="system-name">
                <A href="/">{SYSTEM_NAME}</A>
            </div>
            <div class="system-meta">
                <span class="screen-id" title="画面ID" data-testid="screen-id">
                    {screen_id}
                </span>
                // 団体名・利用者名: filled in once login exists.
                <span class="org-user" data-testid="org-user"></span>
            </div>
        </header>
        <main class="page">{children()}</main>
        <footer class="system-footer">
            <span>{SYSTEM_NAME}</span>
            <A href="/status">"システム稼働状況"</A>
        </footer>
    }
}

//! ERR404: the address names no screen.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::screen::enter_screen;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    enter_screen("ERR404", "ページが見つかりません");

    view! {
        <section class="panel" data-testid="not-found">
            <h1 class="page-title">"ページが見つかりません"</h1>
            <p>"指定されたページは存在しないか、移動した可能性があります。"</p>
            <p>"アドレスをご確認のうえ、トップページからお進みください。"</p>
            <p class="actions">
                <A href="/">"トップページへ戻る"</A>
            </p>
        </section>
    }
}

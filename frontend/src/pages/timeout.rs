//! The forced logout after the idle limit (E2202).

use leptos::prelude::*;

use crate::screen::enter_screen;
use crate::session::{limit_text, use_session};
use crate::widgets::buttons::GoButton;

#[component]
pub fn TimeoutPage() -> impl IntoView {
    enter_screen("SY000002", "強制ログアウト");
    let session = use_session();
    session.clear();
    // Told here; the login screen need not repeat it.
    session.ended.set(None);
    let limit = limit_text(session.idle_seconds.get_untracked());
    view! {
        <section class="panel" data-testid="timeout">
            <h1 class="page-title">"強制ログアウト"</h1>
            <p class="notice notice-warning">
                <strong>"一定時間操作がなかったため、ログアウトしました。"</strong>
            </p>
            <p>
                "セキュリティの観点より、画面毎に" {limit}
                "の時間制限を設けております。お手数ですが、もう一度ログインし直してから操作を行ってください。"
            </p>
            <p class="box-actions">
                <GoButton href="/login" class="button button-primary">
                    "ログイン画面へ"
                </GoButton>
            </p>
        </section>
    }
}

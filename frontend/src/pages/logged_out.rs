//! After ログアウト: the session is over; the manual asks to close the browser.

use leptos::prelude::*;

use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::buttons::GoButton;

#[component]
pub fn LoggedOutPage() -> impl IntoView {
    enter_screen("SY000003", "ログアウト");
    use_session().clear();
    view! {
        <section class="panel" data-testid="logged-out">
            <h1 class="page-title">"ログアウト"</h1>
            <p class="done" role="status">"ログアウトしました。"</p>
            <p>
                "ご利用ありがとうございました。セキュリティのため、ブラウザを全て閉じて（開いているウィンドウをすべて閉じて）終了してください。"
            </p>
            <p class="box-actions">
                <GoButton href="/" class="button">
                    "トップページへ"
                </GoButton>
            </p>
        </section>
    }
}

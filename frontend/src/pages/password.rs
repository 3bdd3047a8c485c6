//! パスワード変更 (共通機能, `/common/password`) and the forced change of a temporary password right
//! after the first login (`/password/change?forced=1`).

use cjs_api_types::auth::ChangePasswordRequest;
use cjs_domain::Field as Rule;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::pages::login::after_login;
use crate::pages::register::SoftKeyboardNote;
use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::authed::Authed;
use crate::widgets::checks;
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::field::Field;
use crate::widgets::form::{FormState, SubmitButton};

const DONE: &str = "パスワードを変更しました。";

#[component]
pub fn PasswordPage() -> impl IntoView {
    let query = use_query_map();
    let forced = Signal::derive(move || query.with(|q| q.get("forced").is_some_and(|v| v == "1")));
    enter_screen("CM000001", "パスワード変更");
    view! {
        <Authed forced=forced>
            <PasswordForm forced=forced />
        </Authed>
    }
}

#[component]
fn PasswordForm(forced: Signal<bool>) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let done = RwSignal::new(None::<String>);
    let current_password = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let new_password_confirmation = RwSignal::new(String::new());
    let navigate = use_navigate();
    let current_hint = if forced.get_untracked() {
        "（マスターユーザーから付与された仮パスワード）"
    } else {
        "（半角英大文字、英小文字、数字、記号混在8～12桁）"
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let body = ChangePasswordRequest {
            current_password: current_password.get_untracked(),
            new_password: new_password.get_untracked(),
            new_password_confirmation: new_password_confirmation.get_untracked(),
        };
        let navigate = navigate.clone();
        let request = async move {
            api::change_password(&body).await?;
            // After a forced change the temporary password is gone: continue as after a login.
            if forced.get_untracked() {
                api::me().await.map(Some)
            } else {
                Ok(None)
            }
        };
        form.submit(request, move |me| {
            current_password.set(String::new());
            new_password.set(String::new());
            new_password_confirmation.set(String::new());
            match me {
                Some(me) => {
                    session.flash(DONE);
                    let next =
                        after_login(false, me.payment_groups.len(), me.payment_group.is_some());
                    navigate(next, NavigateOptions::default());
                }
                None => done.set(Some(DONE.to_owned())),
            }
        });
    };

    view! {
            <section class="panel">
                <h1 class="page-title">"パスワード変更"</h1>
                <Show when=move || forced.get()>
                    <div class="notice notice-warning" data-testid="forced-change">
                        <p>
                            <strong>"仮のパスワードを変更してください。"</strong>
                        </p>
                        <p>
                            "マスターユーザーから付与された仮のパスワードでログインしています。ご自身で決めたパスワードに変更すると、サービスをご利用いただけます。"
                        </p>
                    </div>
                </Show>
                <DoneBanner message=done />
                <ErrorBanner form=form />
                <p class="lead">
                    {move || if forced.get() {
                        "以下を入力して、「変更」ボタンをクリックしてください。"
                    } else {
                        "現在のパスワードと新しいパスワードを入力後、「更新」ボタンをクリックしてください。"
                    }}
                </p>
                <form class="form" on:submit=submit novalidate>
                    <Field
                        name="current_password"
                        label="現在のパスワード"
                        hint=current_hint
                        value=current_password
                        form=form
                        kind="password"
                        autocomplete="current-password"
                        keyboard=true
                        autofocus=true
                    />
                    <Field
                        name="new_password"
                        label="新しいパスワード"
                        hint="（半角英大文字、英小文字、数字、記号混在8～12桁）"
                        value=new_password
                        form=form
                        kind="password"
                        autocomplete="new-password"
                        keyboard=true
                        check=checks::password(Rule::NewPassword)
                    />
                    <Field
                        name="new_password_confirmation"
                        label="新しいパスワード再入力"
                        hint="（新しいパスワードの確認用）"
                        value=new_password_confirmation
                        form=form
                        kind="password"
                        autocomplete="new-password"
                        keyboard=true
                        check=checks::confirmation(Rule::NewPassword, new_password)
                    />
                    <div class="form-actions">
                        {move || if forced.get() {
                            view! { <SubmitButton form=form label="変更" /> }
                        } else {
                            view! { <SubmitButton form=form label="更新" /> }
                        }}
                    </div>
                </form>
                <p class="small">
                    "新しいパスワードには、現在のパスワードと異なるものを入力してください。英字は大文字と小文字を区別します。"
                </p>
                <SoftKeyboardNote />
            </section>
    }
}

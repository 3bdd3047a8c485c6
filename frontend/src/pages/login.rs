//! DC582101 ログイン: the browser's client certificate names the user; only the password is asked.
//! The screen says what certificate the browser presented and, when it cannot be used, what to do.

use cjs_api_types::auth::{LoginRequest, LoginResponse};
use cjs_api_types::{CertificateStatus, ClientCertificateView};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::format::jst_date;
use crate::pages::register::SoftKeyboardNote;
use crate::screen::enter_screen;
use crate::session::{FORCED_CHANGE, use_session};
use crate::widgets::buttons::GoButton;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::field::Field;
use crate::widgets::form::{FormState, SubmitButton};

/// Where a fresh login goes: the temporary password first, then the payment group, then the
/// information screen.
pub fn after_login(must_change_password: bool, groups: usize, chosen: bool) -> &'static str {
    if must_change_password {
        FORCED_CHANGE
    } else if groups > 1 && !chosen {
        "/payment-group"
    } else {
        "/info"
    }
}

fn next_screen(response: &LoginResponse) -> &'static str {
    after_login(
        response.must_change_password,
        response.payment_groups.len(),
        response.payment_group.is_some(),
    )
}

#[component]
pub fn LoginPage() -> impl IntoView {
    enter_screen("DC582101", "ログイン");
    let session = use_session();
    let form = FormState::new();
    // Why the last session ended (E2201, E2204, …), told once.
    if let Some(ended) = session.ended.get_untracked() {
        session.ended.set(None);
        form.error.set(Some(ended));
    }
    let certificate = LocalResource::new(api::client_certificate);
    let password = RwSignal::new(String::new());
    let navigate = use_navigate();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = LoginRequest {
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        form.submit(async move { api::login(&body).await }, move |response| {
            navigate(next_screen(&response), NavigateOptions::default());
        });
    };

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">"ログイン"</h1>
                <GoButton href="/" class="button button-secondary">
                    "キャンセル"
                </GoButton>
            </div>
            <div class="cert-state" data-testid="cert-state">
                {move || match certificate.get() {
                    None => view! { <p class="loading">"電子証明書を確認しています…"</p> }.into_any(),
                    Some(Ok(view)) => certificate_state(view).into_any(),
                    Some(Err(failure)) => {
                        view! {
                            <p class="error-inline">
                                {failure.0.code.to_string()} " " {failure.0.message.clone()}
                            </p>
                        }
                            .into_any()
                    }
                }}
            </div>
            <ErrorBanner form=form />
            <p class="lead">"ログインパスワードを入力してください。"</p>
            <form class="form" on:submit=submit novalidate>
                <Field
                    name="password"
                    label="パスワード"
                    value=password
                    form=form
                    kind="password"
                    autocomplete="current-password"
                    keyboard=true
                    autofocus=true
                />
                <div class="form-actions">
                    <SubmitButton form=form label="ログイン" />
                </div>
            </form>
            <p class="small">
                "パスワードを連続して6回間違えると「ログイン不可（ロック）」となり、60分間ログインできません。"
            </p>
            <SoftKeyboardNote />
        </section>
    }
}

fn certificate_state(view: ClientCertificateView) -> impl IntoView {
    match view.status {
        CertificateStatus::Valid => {
            let user = view.subject_cn.unwrap_or_default();
            let until = view.not_after.map(jst_date).unwrap_or_default();
            view! {
                <p class="cert-valid">
                    <span class="cert-user">"ユーザーID: " {user}</span>
                    <span class="detail">"（電子証明書の有効期限: " {until} "）"</span>
                </p>
            }
            .into_any()
        }
        CertificateStatus::None => view! {
            <div class="notice notice-warning">
                <p><strong>"電子証明書が提示されていません。"</strong></p>
                <p>"本サービスは電子証明書を取得したパソコンからのみご利用いただけます。"</p>
                <ul>
                    <li>"まだ電子証明書を発行していない場合は、「電子証明書発行」から発行してください。"</li>
                    <li>"発行した電子証明書（.p12 ファイル）をまだブラウザにインポートしていない場合は、インポートしてください。"</li>
                    <li>"インポートした後は、ブラウザを全て閉じてから、あらためて本サービスを開き、ご自身のユーザーIDの証明書を選択してください。"</li>
                </ul>
                <p class="box-actions">
                    <GoButton href="/certificate" class="button">"電子証明書発行"</GoButton>
                </p>
            </div>
        }
        .into_any(),
        CertificateStatus::Untrusted => view! {
            <div class="notice notice-warning">
                <p><strong>"提示された電子証明書は本サービスで発行されたものではないか、確認できません。"</strong></p>
                <p>
                    "ブラウザを全て閉じてから、あらためて本サービスを開き、証明書の選択画面でご自身のユーザーIDが表示されている証明書を選択してください。"
                </p>
            </div>
        }
        .into_any(),
        CertificateStatus::Expired => {
            let user = view.subject_cn.unwrap_or_default();
            let until = view.not_after.map(jst_date).unwrap_or_default();
            view! {
                <div class="notice notice-warning">
                    <p><strong>"電子証明書の有効期限切れです。"</strong></p>
                    <p>
                        "ユーザーID " {user} " の電子証明書は " {until}
                        " で有効期限が切れています。「電子証明書発行」から再発行してください（失効手続きは不要です）。"
                    </p>
                    <p class="box-actions">
                        <GoButton href="/certificate" class="button">"電子証明書発行"</GoButton>
                    </p>
                </div>
            }
            .into_any()
        }
        CertificateStatus::NotYetValid => view! {
            <div class="notice notice-warning">
                <p><strong>"提示された電子証明書はまだ有効期間前です。"</strong></p>
                <p>"パソコンの日付と時刻が正しいかご確認ください。"</p>
            </div>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_password_is_changed_before_anything_else() {
        assert_eq!(after_login(true, 4, false), FORCED_CHANGE);
        assert_eq!(after_login(true, 1, true), FORCED_CHANGE);
    }

    #[test]
    fn several_groups_and_none_chosen_ask_for_the_group() {
        assert_eq!(after_login(false, 4, false), "/payment-group");
        assert_eq!(after_login(false, 4, true), "/info");
        assert_eq!(after_login(false, 1, true), "/info");
    }
}

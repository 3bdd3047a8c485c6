//! DC584101 マスターユーザー初期登録: the master's user ID, password, name and e-mail; then the
//! result (登録結果) and on to the certificate.

use cjs_api_types::ErrorCode;
use cjs_api_types::auth::MasterRegistrationRequest;
use cjs_api_types::users::UserView;
use leptos::prelude::*;

use crate::api;
use crate::pages::register::SoftKeyboardNote;
use crate::screen::enter_screen;
use crate::storage;
use crate::widgets::buttons::GoButton;
use crate::widgets::checks;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::field::Field;
use crate::widgets::form::{FormState, SubmitButton};
use crate::widgets::pairs::{EmailPair, PasswordPair};

#[component]
pub fn RegisterMasterPage() -> impl IntoView {
    enter_screen("DC584101", "マスターユーザー初期登録");
    let registration = storage::registration();
    let done = RwSignal::new(None::<UserView>);

    let body = match registration {
        None => view! {
            <div class="notice" data-testid="registration-missing">
                <p>"先に「マスターユーザー初期登録ログイン」で契約番号と初期パスワードを入力してください。"</p>
                <p class="box-actions">
                    <GoButton href="/register" class="button button-primary">
                        "契約番号の入力へ"
                    </GoButton>
                </p>
            </div>
        }
        .into_any(),
        Some(registration) => {
            let organisation = registration.organisation_name.clone();
            let number = registration.contract_number.clone();
            view! {
                <Show
                    when=move || done.with(Option::is_some)
                    fallback=move || {
                        view! {
                            <p class="contract-line">
                                "ご契約: " {organisation.clone()} "（契約番号 " {number.clone()} "）"
                            </p>
                            <MasterForm token=registration.registration_token.clone() done=done />
                        }
                    }
                >
                    <RegistrationResult user=done />
                </Show>
            }
            .into_any()
        }
    };

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">"マスターユーザー初期登録"</h1>
                <Show when=move || done.with(Option::is_none)>
                    <GoButton href="/" class="button button-secondary">
                        "キャンセル"
                    </GoButton>
                </Show>
            </div>
            {body}
        </section>
    }
}

#[component]
fn MasterForm(token: String, done: RwSignal<Option<UserView>>) -> impl IntoView {
    let form = FormState::new();
    let user_id = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let password_confirmation = RwSignal::new(String::new());
    let user_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let email_confirmation = RwSignal::new(String::new());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = MasterRegistrationRequest {
            registration_token: token.clone(),
            user_id: user_id.get_untracked(),
            password: password.get_untracked(),
            password_confirmation: password_confirmation.get_untracked(),
            user_name: user_name.get_untracked(),
            email: email.get_untracked(),
            email_confirmation: email_confirmation.get_untracked(),
        };
        form.submit(
            async move { api::registration_master(&body).await },
            move |user| {
                storage::forget_registration();
                done.set(Some(user));
            },
        );
    };
    let start_again = move || matches!(form.code(), Some(ErrorCode::E2111 | ErrorCode::E1008));

    view! {
        <p class="lead">"以下を入力してください。"</p>
        <ErrorBanner form=form />
        <Show when=start_again>
            <p class="box-actions">
                <GoButton href="/register" class="button">
                    "契約番号の入力からやり直す"
                </GoButton>
            </p>
        </Show>
        <form class="form" on:submit=submit novalidate>
            <Field
                name="user_id"
                label="ユーザーID"
                hint="（半角英数混在6～12桁）"
                value=user_id
                form=form
                maxlength=12
                autofocus=true
                check=checks::user_id()
            />
            <PasswordPair password=password confirmation=password_confirmation form=form />
            <Field
                name="user_name"
                label="ユーザー名"
                hint="（全角20文字以内）"
                value=user_name
                form=form
                check=checks::user_name()
            />
            <EmailPair email=email confirmation=email_confirmation form=form />
            <div class="form-actions">
                <SubmitButton form=form label="登録" />
            </div>
        </form>
        <ul class="marks">
            <li>"一度登録したユーザーIDは、画面上では変更できません。"</li>
            <li>"入力いただいたユーザーIDが既に存在している場合は登録できませんので、別のIDを登録してください。"</li>
            <li>"携帯電話のメールアドレスは登録できません。"</li>
        </ul>
        <aside class="note">
            <h2 class="note-title">"ご注意ください"</h2>
            <p>"ユーザーIDは、マスターユーザーの電子証明書の発行（再発行）時に使用します。"</p>
            <p>"パスワードは、マスターユーザーが電子証明書発行（再発行）およびログイン時に使用します。"</p>
            <p>"ID・パスワードは、お忘れにならないようご注意ください。また、第三者に知られることのないよう厳重に管理してください。"</p>
        </aside>
        <SoftKeyboardNote />
    }
}

#[component]
fn RegistrationResult(user: RwSignal<Option<UserView>>) -> impl IntoView {
    let field = move |f: fn(&UserView) -> String| {
        move || user.with(|u| u.as_ref().map(f).unwrap_or_default())
    };
    view! {
        <div class="result" data-testid="registration-result">
            <p class="done" role="status">"マスターユーザーの登録を完了しました。"</p>
            <table class="grid grid-vertical">
                <caption>"登録結果"</caption>
                <tbody>
                    <tr>
                        <th scope="row">"ユーザーID"</th>
                        <td data-testid="result-user-id">{field(|u| u.user_id.clone())}</td>
                    </tr>
                    <tr>
                        <th scope="row">"パスワード"</th>
                        <td data-testid="result-password">"*****"</td>
                    </tr>
                    <tr>
                        <th scope="row">"ユーザー名"</th>
                        <td data-testid="result-user-name">{field(|u| u.user_name.clone())}</td>
                    </tr>
                    <tr>
                        <th scope="row">"メールアドレス"</th>
                        <td data-testid="result-email">{field(|u| u.email.clone())}</td>
                    </tr>
                </tbody>
            </table>
            <section class="top-box">
                <h2 class="box-title">"電子証明書の更新・発行"</h2>
                <p>"引き続き電子証明書発行を行います。「電子証明書発行」ボタンを押してください。"</p>
                <p class="box-actions">
                    <GoButton href="/certificate" class="button button-primary">
                        "電子証明書発行"
                    </GoButton>
                </p>
            </section>
        </div>
    }
}

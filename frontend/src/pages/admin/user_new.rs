//! 一般ユーザーの追加 (from DM493101 登録へ): user ID, name, the temporary password (仮のパスワード),
//! e-mail and the user's function restrictions.

use cjs_api_types::users::UserCreateRequest;
use cjs_domain::{ContractKind, Restrictions};
use leptos::prelude::*;

use crate::api;
use crate::pages::register::SoftKeyboardNote;
use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::authed::Authed;
use crate::widgets::buttons::{GoButton, navigator};
use crate::widgets::checks;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::field::Field;
use crate::widgets::fkeys::on_function_key;
use crate::widgets::form::{FormState, SubmitButton};
use crate::widgets::pairs::{EmailPair, PasswordPair};
use crate::widgets::restrictions::RestrictionRadios;

#[component]
pub fn AdminUserNewPage() -> impl IntoView {
    enter_screen("DM492101", "契約ユーザー情報登録");
    view! {
        <Authed master_only=true>
            <NewUserForm />
        </Authed>
    }
}

#[component]
fn NewUserForm() -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let user_id = RwSignal::new(String::new());
    let user_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let password_confirmation = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let email_confirmation = RwSignal::new(String::new());
    let restrictions = RwSignal::new(Restrictions::default());
    let member = move || {
        session.me.with(|me| {
            me.as_ref()
                .is_none_or(|m| m.contract_kind == ContractKind::Member)
        })
    };
    let go = navigator();
    let to_list = go.clone();
    on_function_key("F4", move || to_list("/admin/users"));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = UserCreateRequest {
            user_id: user_id.get_untracked(),
            user_name: user_name.get_untracked(),
            password: password.get_untracked(),
            password_confirmation: password_confirmation.get_untracked(),
            email: email.get_untracked(),
            email_confirmation: email_confirmation.get_untracked(),
            restrictions: restrictions.get_untracked(),
        };
        let go = go.clone();
        form.submit(async move { api::create_user(&body).await }, move |user| {
            session.flash(format!(
                "一般ユーザー「{}」（{}）を登録しました。仮のパスワードとユーザーIDをご本人にお伝えください。",
                user.user_id, user.user_name
            ));
            go("/admin/users");
        });
    };

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">"契約ユーザー情報登録（一般ユーザーの追加）"</h1>
                <GoButton href="/admin/users" class="button button-secondary" shortcut="F4">
                    "一覧へ(F4)"
                </GoButton>
            </div>
            <ErrorBanner form=form />
            <p class="lead">"一般ユーザーのユーザーID・ユーザー名・仮のパスワード・メールアドレスを入力し、ユーザー別機能制限を設定してください。"</p>
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
                <Field
                    name="user_name"
                    label="ユーザー名"
                    hint="（全角20文字以内）"
                    value=user_name
                    form=form
                    check=checks::user_name()
                />
                <PasswordPair
                    password=password
                    confirmation=password_confirmation
                    form=form
                    hint="（仮のパスワード。半角英大文字、英小文字、数字、記号混在8～12桁）"
                />
                <EmailPair email=email confirmation=email_confirmation form=form />
                <Show
                    when=member
                    fallback=|| view! { <p class="small">"財形貯蓄事務には、ユーザー別機能制限はありません。"</p> }
                >
                    <RestrictionRadios value=restrictions />
                </Show>
                <div class="form-actions">
                    <SubmitButton form=form label="登録" />
                </div>
            </form>
            <ul class="marks">
                <li>"ユーザーIDは変更できませんので、ご注意ください。"</li>
                <li>"仮のパスワードは、一般ユーザーが電子証明書の発行と初回ログインに使います。初回ログインの直後に、ご本人が決めたパスワードに変更します。"</li>
            </ul>
            <SoftKeyboardNote />
        </section>
    }
}

//! The two field pairs every user form repeats: a new password with its 再入力, and an e-mail
//! address with its 再入力. One definition, so the manual's rule text and checks stay together.

use cjs_domain::Field as Rule;
use leptos::prelude::*;

use crate::widgets::checks;
use crate::widgets::field::Field;
use crate::widgets::form::FormState;

/// パスワード (or 仮のパスワード) and パスワード再入力, with the software keyboard.
#[component]
pub fn PasswordPair(
    password: RwSignal<String>,
    confirmation: RwSignal<String>,
    form: FormState,
    #[prop(default = "パスワード")] label: &'static str,
    #[prop(default = "（半角英大文字、英小文字、数字、記号混在8～12桁）")] hint: &'static str,
    /// The hint under パスワード再入力; the same as `hint` unless given.
    #[prop(optional)]
    confirmation_hint: &'static str,
) -> impl IntoView {
    let confirmation_hint = if confirmation_hint.is_empty() {
        hint
    } else {
        confirmation_hint
    };
    view! {
        <Field
            name="password"
            label=label
            hint=hint
            value=password
            form=form
            kind="password"
            autocomplete="new-password"
            keyboard=true
            check=checks::password(Rule::Password)
        />
        <Field
            name="password_confirmation"
            label="パスワード再入力"
            hint=confirmation_hint
            value=confirmation
            form=form
            kind="password"
            autocomplete="new-password"
            keyboard=true
            check=checks::confirmation(Rule::Password, password)
        />
    }
}

/// メールアドレス and メールアドレス再入力.
#[component]
pub fn EmailPair(
    email: RwSignal<String>,
    confirmation: RwSignal<String>,
    form: FormState,
    #[prop(default = "（半角英数50桁以内）")] confirmation_hint: &'static str,
) -> impl IntoView {
    view! {
        <Field
            name="email"
            label="メールアドレス"
            hint="（半角英数50桁以内）"
            value=email
            form=form
            kind="email"
            maxlength=50
            check=checks::email()
        />
        <Field
            name="email_confirmation"
            label="メールアドレス再入力"
            hint=confirmation_hint
            value=confirmation
            form=form
            kind="email"
            maxlength=50
            check=checks::confirmation(Rule::Email, email)
        />
    }
}

//! DC583101 マスターユーザー初期登録ログイン: the contract number from 「ご利用開始のお知らせ」 and
//! the initial password from 「初期パスワード届出書」 open the master registration.

use cjs_api_types::auth::ContractLoginRequest;
use cjs_domain::{ContractNumber, InitialPassword};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::screen::enter_screen;
use crate::storage;
use crate::widgets::buttons::GoButton;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::field::{Field, check};
use crate::widgets::form::{FormState, SubmitButton};

#[component]
pub fn RegisterPage() -> impl IntoView {
    enter_screen("DC583101", "マスターユーザー初期登録ログイン");
    let form = FormState::new();
    let contract_number = RwSignal::new(String::new());
    let initial_password = RwSignal::new(String::new());
    let navigate = use_navigate();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = ContractLoginRequest {
            contract_number: contract_number.get_untracked(),
            initial_password: initial_password.get_untracked(),
        };
        let navigate = navigate.clone();
        form.submit(
            async move { api::registration_contract(&body).await },
            move |token| {
                storage::save_registration(&token);
                navigate("/register/master", NavigateOptions::default());
            },
        );
    };

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">"マスターユーザー初期登録ログイン"</h1>
                <GoButton href="/" class="button button-secondary">
                    "キャンセル"
                </GoButton>
            </div>
            <p class="lead">"契約番号と初期パスワードを入力してください。"</p>
            <ErrorBanner form=form />
            <form class="form" on:submit=submit novalidate>
                <Field
                    name="contract_number"
                    label="契約番号"
                    hint="（半角数字8桁）"
                    value=contract_number
                    form=form
                    inputmode="numeric"
                    maxlength=8
                    autofocus=true
                    check=check(|v| ContractNumber::parse(v).map(|_| ()))
                />
                <Field
                    name="initial_password"
                    label="初期パスワード"
                    hint="（半角英大文字、英小文字、数字、記号混在8桁）"
                    value=initial_password
                    form=form
                    kind="password"
                    keyboard=true
                    check=check(|v| InitialPassword::parse(v).map(|_| ()))
                />
                <div class="form-actions">
                    <SubmitButton form=form label="次へ" />
                </div>
            </form>
            <dl class="explain">
                <dt>"契約番号"</dt>
                <dd>
                    "「ろうきん賃金控除事務支援サービス ご利用開始（変更）のお知らせ」に記載されている「ご契約番号」です。半角数字8桁で入力します。"
                </dd>
                <dt>"初期パスワード"</dt>
                <dd>
                    "「ろうきん賃金控除事務支援サービス 初期パスワード届出書」に記入いただいた「初期パスワード」です。8桁、半角英大・小文字、数字、記号の4種必須です（英字は大文字と小文字を区別します）。"
                </dd>
            </dl>
            <SoftKeyboardNote />
        </section>
    }
}

/// The manual's note on the software keyboard, under every form with a password.
#[component]
pub fn SoftKeyboardNote() -> impl IntoView {
    view! {
        <aside class="note">
            <h2 class="note-title">"ソフトウェアキーボードについて"</h2>
            <p>
                "パスワードの入力時に、パソコンのキーボードではなく、画面上のキーボードをクリックすることにより入力する方法です。パソコンのキーボードで入力した情報を盗み取るスパイウェアに効果があるため、セキュリティの観点からソフトウェアキーボードによるパスワード入力を推奨しています。"
            </p>
        </aside>
    }
}

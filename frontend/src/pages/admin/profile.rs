//! ユーザー情報の照会: a user's own record (name, e-mail, restrictions, certificate expiry).

use cjs_api_types::users::UserView;
use cjs_domain::{ContractKind, Restrictions, Role};
use leptos::prelude::*;

use crate::api;
use crate::format::{jst_date, jst_seconds};
use crate::pages::admin::users::role_label;
use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::authed::Authed;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

#[component]
pub fn ProfilePage() -> impl IntoView {
    enter_screen("CM000002", "ユーザー情報の照会");
    view! {
        <Authed>
            <Profile />
        </Authed>
    }
}

#[component]
fn Profile() -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let user = RwSignal::new(None::<UserView>);
    if let Some(id) = session
        .me
        .with_untracked(|me| me.as_ref().map(|m| m.user.user_id.clone()))
    {
        form.load(async move { api::user(&id).await }, move |u| {
            user.set(Some(u))
        });
    }
    let kind = move || {
        session.me.with(|me| {
            me.as_ref()
                .map_or(ContractKind::Member, |m| m.contract_kind)
        })
    };
    let member = move || {
        session.me.with(|me| {
            me.as_ref()
                .is_some_and(|m| m.contract_kind == ContractKind::Member)
        })
    };

    view! {
        <section class="panel">
            <h1 class="page-title">"ユーザー情報の照会"</h1>
            <ErrorBanner form=form />
            {move || {
                user.get()
                    .map(|u| {
                        let restrictions = (member() && u.role == Role::General)
                            .then(|| {
                                let r = u.restrictions;
                                view! {
                                    <tr>
                                        <th scope="row">"ユーザー別機能制限"</th>
                                        <td>
                                            {restrictions_text(&r)}
                                        </td>
                                    </tr>
                                }
                            });
                        view! {
                            <table class="grid grid-vertical" data-testid="profile">
                                <tbody>
                                    <tr>
                                        <th scope="row">"ユーザーID"</th>
                                        <td>{u.user_id.clone()}</td>
                                    </tr>
                                    <tr>
                                        <th scope="row">"ユーザー名"</th>
                                        <td>{u.user_name.clone()}</td>
                                    </tr>
                                    <tr>
                                        <th scope="row">"権限"</th>
                                        <td>{role_label(kind(), u.role)}</td>
                                    </tr>
                                    <tr>
                                        <th scope="row">"メールアドレス"</th>
                                        <td>{u.email.clone()}</td>
                                    </tr>
                                    {restrictions}
                                    <tr>
                                        <th scope="row">"最終ログイン日時"</th>
                                        <td>{u.last_login_at.map(jst_seconds).unwrap_or_default()}</td>
                                    </tr>
                                    <tr>
                                        <th scope="row">"電子証明書の有効期限"</th>
                                        <td>
                                            {u
                                                .certificate_expires_at
                                                .map(jst_date)
                                                .unwrap_or_else(|| "（なし）".to_owned())}
                                        </td>
                                    </tr>
                                </tbody>
                            </table>
                        }
                    })
            }}
            <p class="small">
                "ユーザー名・メールアドレスの変更や機能制限の変更は、マスターユーザーにご依頼ください。パスワードは共通機能の「パスワード変更」で変更できます。"
            </p>
        </section>
    }
}

/// 「労金控除: 表示 ／ 賃控元帳: 閲覧のみ ／ 一斉積立: 非表示」
fn restrictions_text(r: &Restrictions) -> String {
    Restrictions::FUNCTIONS
        .iter()
        .filter_map(|f| {
            r.for_function(*f)
                .map(|x| format!("{}: {}", f.restriction_label(), x.label()))
        })
        .collect::<Vec<_>>()
        .join(" ／ ")
}

//! DM492101 契約ユーザー情報変更: name, e-mail, a new temporary password, the status back to 正常,
//! and the function restrictions (not for the master's own row). Only what is entered changes.

use cjs_api_types::users::{UserStatus, UserUpdateRequest, UserView};
use cjs_domain::{ContractKind, Restrictions, Role};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::format::jst_seconds;
use crate::pages::admin::users::role_label;
use crate::pages::register::SoftKeyboardNote;
use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::authed::Authed;
use crate::widgets::buttons::{GoButton, navigator};
use crate::widgets::checks;
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::field::{Field, StaticField};
use crate::widgets::fkeys::on_function_key;
use crate::widgets::form::{FormState, SubmitButton};
use crate::widgets::pairs::{EmailPair, PasswordPair};
use crate::widgets::restrictions::RestrictionRadios;

/// What the form holds, to compare with the user as loaded.
pub struct Edits {
    pub user_name: String,
    pub email: String,
    pub email_confirmation: String,
    pub password: String,
    pub password_confirmation: String,
    pub restrictions: Restrictions,
    pub status: UserStatus,
}

/// The request with only what changed: the server leaves out what is `None`.
pub fn changes(before: &UserView, edits: Edits) -> UserUpdateRequest {
    let general = before.role == Role::General;
    let email_changed = edits.email != before.email || !edits.email_confirmation.is_empty();
    let password_given = !edits.password.is_empty() || !edits.password_confirmation.is_empty();
    UserUpdateRequest {
        user_name: (edits.user_name != before.user_name).then_some(edits.user_name),
        email: email_changed.then(|| edits.email.clone()),
        email_confirmation: email_changed.then_some(edits.email_confirmation),
        password: password_given.then(|| edits.password.clone()),
        password_confirmation: password_given.then_some(edits.password_confirmation),
        restrictions: (general && edits.restrictions != before.restrictions)
            .then_some(edits.restrictions),
        status: (general
            && before.status != UserStatus::Normal
            && edits.status == UserStatus::Normal)
            .then_some(UserStatus::Normal),
    }
}

#[component]
pub fn AdminUserEditPage() -> impl IntoView {
    enter_screen("DM492101", "契約ユーザー情報変更");
    let params = use_params_map();
    let user_id = move || params.with(|p| p.get("id").unwrap_or_default());
    view! {
        <Authed master_only=true>
            {move || view! { <EditUser user_id=user_id() /> }}
        </Authed>
    }
}

#[component]
fn EditUser(user_id: String) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let done = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(None::<UserView>);
    let user_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let email_confirmation = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let password_confirmation = RwSignal::new(String::new());
    let restrictions = RwSignal::new(Restrictions::default());
    let status = RwSignal::new(UserStatus::Normal);

    let show = move |user: UserView| {
        user_name.set(user.user_name.clone());
        email.set(user.email.clone());
        email_confirmation.set(String::new());
        password.set(String::new());
        password_confirmation.set(String::new());
        restrictions.set(user.restrictions);
        status.set(user.status);
        loaded.set(Some(user));
    };
    {
        let id = user_id.clone();
        form.load(async move { api::user(&id).await }, show);
    }

    let save = Callback::new(move |_: ()| {
        let Some(before) = loaded.get_untracked() else {
            return;
        };
        done.set(None);
        let body = changes(
            &before,
            Edits {
                user_name: user_name.get_untracked(),
                email: email.get_untracked(),
                email_confirmation: email_confirmation.get_untracked(),
                password: password.get_untracked(),
                password_confirmation: password_confirmation.get_untracked(),
                restrictions: restrictions.get_untracked(),
                status: status.get_untracked(),
            },
        );
        let id = before.user_id.clone();
        let request = async move {
            let user = api::update_user(&id, &body).await?;
            let own = session
                .me
                .with_untracked(|me| me.as_ref().is_some_and(|m| m.user.user_id == user.user_id));
            if own {
                // The header shows the new name.
                api::me().await?;
            }
            Ok(user)
        };
        form.submit(request, move |user| {
            show(user);
            done.set(Some("ユーザー情報を更新しました。".to_owned()));
        });
    });
    let go = navigator();
    on_function_key("F4", move || go("/admin/users"));
    on_function_key("F8", move || save.run(()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.run(());
    };

    let member = move || {
        session.me.with(|me| {
            me.as_ref()
                .is_none_or(|m| m.contract_kind == ContractKind::Member)
        })
    };
    let kind = move || {
        session.me.with(|me| {
            me.as_ref()
                .map_or(ContractKind::Member, |m| m.contract_kind)
        })
    };
    let general = move || loaded.with(|u| u.as_ref().is_some_and(|u| u.role == Role::General));
    let password_hint = move || {
        if loaded.with_untracked(|u| u.as_ref().is_some_and(|u| u.role == Role::General)) {
            "（変更する場合のみ。新しい仮のパスワードを半角英大文字、英小文字、数字、記号混在8～12桁で）"
        } else {
            "（変更する場合のみ。半角英大文字、英小文字、数字、記号混在8～12桁）"
        }
    };
    let text = move |f: fn(&UserView) -> String| {
        Signal::derive(move || loaded.with(|u| u.as_ref().map(f).unwrap_or_default()))
    };

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">"契約ユーザー情報変更"</h1>
                <div class="title-actions">
                    <GoButton href="/admin/users" class="button button-secondary" shortcut="F4">
                        "一覧へ(F4)"
                    </GoButton>
                    <SubmitButton form=form label="更新(F8)" shortcut="F8" target="user-edit" />
                </div>
            </div>
            <DoneBanner message=done />
            <ErrorBanner form=form />
            <Show when=move || loaded.with(Option::is_some)>
                <p class="lead">"変更する項目のみ入力（または選択）して、「更新」ボタンをクリックしてください。"</p>
                <form class="form" id="user-edit" on:submit=submit novalidate>
                    <StaticField label="ユーザーID" value=text(|u| u.user_id.clone()) testid="edit-user-id" />
                    <StaticField label="権限" value=Signal::derive(move || loaded.with(|u| u.as_ref().map(|u| role_label(kind(), u.role)).unwrap_or_default())) />
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
                        hint=password_hint()
                        confirmation_hint="（パスワードを変更する場合のみ）"
                    />
                    <EmailPair
                        email=email
                        confirmation=email_confirmation
                        form=form
                        confirmation_hint="（メールアドレスを変更する場合のみ）"
                    />
                    <Show when=general fallback=move || view! {
                        <StaticField label="ユーザー状態" value=text(|u| u.status.label().to_owned()) />
                    }>
                        <StatusRadios status=status loaded=loaded />
                    </Show>
                    <Show when=move || general() && member()>
                        <RestrictionRadios value=restrictions />
                    </Show>
                    <StaticField
                        label="最終ログイン日時"
                        value=text(|u| u.last_login_at.map(jst_seconds).unwrap_or_default())
                    />
                    <StaticField
                        label="電子証明書の有効期限"
                        value=text(|u| {
                            u.certificate_expires_at
                                .map(jst_seconds)
                                .unwrap_or_else(|| "（未発行）".to_owned())
                        })
                    />
                </form>
                <SoftKeyboardNote />
            </Show>
        </section>
    }
}

/// 正常 / ロック中 / 閉塞: only 正常 can be chosen (it lifts a lock or 閉塞); the others show
/// the current state.
#[component]
fn StatusRadios(status: RwSignal<UserStatus>, loaded: RwSignal<Option<UserView>>) -> impl IntoView {
    let since = move || {
        loaded.with(|u| {
            let u = u.as_ref()?;
            match u.status {
                UserStatus::Locked => u
                    .locked_at
                    .map(|t| format!("ロック日時: {}", jst_seconds(t))),
                UserStatus::Blocked => u
                    .blocked_at
                    .map(|t| format!("閉塞日時: {}", jst_seconds(t))),
                UserStatus::Normal => None,
            }
        })
    };
    let choices = [UserStatus::Normal, UserStatus::Locked, UserStatus::Blocked];
    view! {
        <fieldset class="status-choice">
            <legend>"ユーザー状態"</legend>
            <div class="radio-row" role="radiogroup" aria-label="ユーザー状態">
                {choices
                    .into_iter()
                    .map(|choice| {
                        let id = format!("status-{}", status_value(choice));
                        view! {
                            <span class="radio">
                                <input
                                    type="radio"
                                    id=id.clone()
                                    name="status"
                                    value=status_value(choice)
                                    disabled=choice != UserStatus::Normal
                                    prop:checked=move || status.get() == choice
                                    on:change=move |_| status.set(choice)
                                />
                                <label for=id>{choice.label()}</label>
                            </span>
                        }
                    })
                    .collect_view()}
                <span class="detail" data-testid="status-since">{since}</span>
            </div>
        </fieldset>
    }
}

fn status_value(status: UserStatus) -> &'static str {
    match status {
        UserStatus::Normal => "normal",
        UserStatus::Locked => "locked",
        UserStatus::Blocked => "blocked",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cjs_domain::Restriction;

    fn user(role: Role, status: UserStatus) -> UserView {
        UserView {
            user_id: "kumiai02".to_owned(),
            user_name: "組合　花子".to_owned(),
            email: "hanako@example.co.jp".to_owned(),
            role,
            status,
            locked_at: None,
            locked_until: None,
            blocked_at: None,
            last_login_at: None,
            restrictions: Restrictions::default(),
            must_change_password: false,
            certificate_expires_at: None,
        }
    }

    fn unchanged(u: &UserView) -> Edits {
        Edits {
            user_name: u.user_name.clone(),
            email: u.email.clone(),
            email_confirmation: String::new(),
            password: String::new(),
            password_confirmation: String::new(),
            restrictions: u.restrictions,
            status: u.status,
        }
    }

    #[test]
    fn nothing_entered_sends_nothing() {
        let u = user(Role::General, UserStatus::Normal);
        let r = changes(&u, unchanged(&u));
        assert!(r.user_name.is_none() && r.email.is_none() && r.password.is_none());
        assert!(r.restrictions.is_none() && r.status.is_none());
    }

    #[test]
    fn a_new_email_is_sent_with_its_confirmation() {
        let u = user(Role::General, UserStatus::Normal);
        let r = changes(
            &u,
            Edits {
                email: "new@example.co.jp".to_owned(),
                email_confirmation: "new@example.co.jp".to_owned(),
                ..unchanged(&u)
            },
        );
        assert_eq!(r.email.as_deref(), Some("new@example.co.jp"));
        assert_eq!(r.email_confirmation.as_deref(), Some("new@example.co.jp"));
    }

    #[test]
    fn a_temporary_password_and_its_confirmation_go_together() {
        let u = user(Role::General, UserStatus::Normal);
        let r = changes(
            &u,
            Edits {
                password: "Temp0rary!".to_owned(),
                ..unchanged(&u)
            },
        );
        assert_eq!(r.password.as_deref(), Some("Temp0rary!"));
        assert_eq!(r.password_confirmation.as_deref(), Some(""));
    }

    #[test]
    fn choosing_normal_lifts_a_lock() {
        let u = user(Role::General, UserStatus::Locked);
        let r = changes(
            &u,
            Edits {
                status: UserStatus::Normal,
                ..unchanged(&u)
            },
        );
        assert_eq!(r.status, Some(UserStatus::Normal));
        assert!(changes(&u, unchanged(&u)).status.is_none());
    }

    #[test]
    fn the_master_never_sends_status_or_restrictions() {
        let u = user(Role::Master, UserStatus::Normal);
        let r = changes(
            &u,
            Edits {
                restrictions: Restrictions {
                    ledger: Restriction::Hidden,
                    ..Restrictions::default()
                },
                ..unchanged(&u)
            },
        );
        assert!(r.restrictions.is_none() && r.status.is_none());
    }
}

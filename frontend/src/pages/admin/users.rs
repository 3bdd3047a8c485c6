//! DM493101 契約ユーザー情報照会: the contract's users, with 更新へ, 削除 and 登録へ(F7).

use cjs_api_types::users::{UserListResponse, UserStatus, UserView};
use cjs_domain::{ContractKind, Role};
use leptos::prelude::*;

use crate::api;
use crate::format::jst_seconds;
use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::authed::Authed;
use crate::widgets::buttons::{GoButton, navigator};
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::fkeys::on_function_key;
use crate::widgets::form::FormState;

/// 権限 as the manual prints it: 会員(マスター), 会員(一般), 事業主(マスター), 事業主(一般).
pub fn role_label(kind: ContractKind, role: Role) -> String {
    format!("{}({})", kind.label(), role.label())
}

/// The contract kind of the user looking (会員 until `/me` has answered).
pub fn contract_kind() -> Signal<ContractKind> {
    let session = use_session();
    Signal::derive(move || {
        session.me.with(|me| {
            me.as_ref()
                .map_or(ContractKind::Member, |m| m.contract_kind)
        })
    })
}

/// ロック日時 or 閉塞日時, whichever applies.
pub fn lock_time(user: &UserView) -> String {
    match user.status {
        UserStatus::Locked => user.locked_at.map(jst_seconds).unwrap_or_default(),
        UserStatus::Blocked => user.blocked_at.map(jst_seconds).unwrap_or_default(),
        UserStatus::Normal => String::new(),
    }
}

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    enter_screen("DM493101", "契約ユーザー情報照会");
    view! {
        <Authed master_only=true>
            <UserList />
        </Authed>
    }
}

#[component]
fn UserList() -> impl IntoView {
    let session = use_session();
    let flash = RwSignal::new(session.take_flash());
    let done = RwSignal::new(None::<String>);
    let form = FormState::new();
    let list = RwSignal::new(None::<UserListResponse>);
    let load = move || form.load(api::users(), move |users| list.set(Some(users)));
    load();
    let go = navigator();
    on_function_key("F7", move || go("/admin/users/new"));

    let remove = Callback::new(move |user_id: String| {
        let question = format!(
            "ユーザーID「{user_id}」を削除します。よろしいですか？\n（電子証明書も失効し、元に戻せません）"
        );
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        flash.set(None);
        done.set(None);
        let id = user_id.clone();
        form.submit(async move { api::delete_user(&id).await }, move |()| {
            done.set(Some(format!("ユーザーID「{user_id}」を削除しました。")));
            load();
        });
    });

    let general_count = move || {
        list.with(|l| {
            l.as_ref().map_or(0, |l| {
                l.users.iter().filter(|u| u.role == Role::General).count()
            })
        })
    };
    let rows = move || list.with(|l| l.as_ref().map(|l| l.users.clone()).unwrap_or_default());
    let count = move || list.with(|l| l.as_ref().map(|l| format!("抽出件数: {}件", l.users.len())));

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">"契約ユーザー情報照会"</h1>
                <GoButton href="/admin/users/new" class="button button-primary" shortcut="F7">
                    "登録へ(F7)"
                </GoButton>
            </div>
            <DoneBanner message=flash testid="flash" />
            <DoneBanner message=done />
            <ErrorBanner form=form />
            <p class="count">{count}</p>
            <div class="table-wrap">
                <table class="grid users">
                    <thead>
                        <tr>
                            <th scope="col">"更新"</th>
                            <th scope="col">"削除"</th>
                            <th scope="col">"No"</th>
                            <th scope="col">"ユーザーID"</th>
                            <th scope="col">"ユーザー名"</th>
                            <th scope="col">"権限"</th>
                            <th scope="col">"状態"</th>
                            <th scope="col">"ロック/閉塞日時"</th>
                            <th scope="col">"最終ログイン日時"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            rows()
                                .into_iter()
                                .enumerate()
                                .map(|(i, user)| view! { <UserRow no=i + 1 user=user remove=remove busy=form.busy /> })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <p class="small">
                "一般ユーザーは最大" {move || list.with(|l| l.as_ref().map_or(10, |l| l.max_general_users))}
                "名まで登録できます（登録済 " {general_count} "名）。パスワードを忘れた一般ユーザーには「更新へ」から仮のパスワードを設定してください。ロック中・閉塞の一般ユーザーは「更新へ」で状態を「正常」に戻せます。"
            </p>
        </section>
    }
}

#[component]
fn UserRow(
    no: usize,
    user: UserView,
    remove: Callback<String>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let id = user.user_id.clone();
    let edit_href = format!("/admin/users/{}", api::encode(&user.user_id));
    let is_master = user.role == Role::Master;
    let status_class = match user.status {
        UserStatus::Normal => "status status-normal",
        UserStatus::Locked => "status status-locked",
        UserStatus::Blocked => "status status-blocked",
    };
    let delete_id = id.clone();
    let go = navigator();
    let kind = contract_kind();
    view! {
        <tr data-testid=format!("user-row-{id}")>
            <td class="cell-action">
                <button
                    type="button"
                    class="button button-small"
                    on:click=move |_| go(&edit_href)
                >
                    "更新へ"
                </button>
            </td>
            <td class="cell-action">
                {(!is_master)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button button-small button-danger"
                                disabled=move || busy.get()
                                on:click=move |_| remove.run(delete_id.clone())
                            >
                                "削除"
                            </button>
                        }
                    })}
            </td>
            <td class="cell-number">{no}</td>
            <td>{user.user_id.clone()}</td>
            <td>{user.user_name.clone()}</td>
            <td>{move || role_label(kind.get(), user.role)}</td>
            <td>
                <span class=status_class>{user.status.label()}</span>
            </td>
            <td>{lock_time(&user)}</td>
            <td>{user.last_login_at.map(jst_seconds).unwrap_or_default()}</td>
        </tr>
    }
}

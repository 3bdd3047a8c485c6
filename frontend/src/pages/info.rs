//! DC671101 インフォメーション: who is logged in, since when, in which payment group, and the
//! frames of the schedule, the latest collective-savings data and the bank's messages (filled by
//! a later issue).

use cjs_api_types::auth::MeResponse;
use cjs_domain::{ContractKind, Role};
use leptos::prelude::*;

use crate::format::{jst_date, jst_minutes};
use crate::screen::enter_screen;
use crate::session::{now_ms, use_session};
use crate::widgets::authed::Authed;
use crate::widgets::errors::DoneBanner;

/// Days before the certificate's end when the screen starts to remind (the e-mail notice's 30).
const RENEWAL_DAYS: i64 = 30;

#[component]
pub fn InfoPage() -> impl IntoView {
    enter_screen("DC671101", "インフォメーション");
    let session = use_session();
    let flash = RwSignal::new(session.take_flash());
    view! {
        <Authed needs_group=true>
            <DoneBanner message=flash testid="flash" />
            {move || session.me.get().map(|me| view! { <Information me=me /> })}
        </Authed>
    }
}

#[component]
fn Information(me: MeResponse) -> impl IntoView {
    let previous = me
        .previous_login_at
        .map(jst_minutes)
        .unwrap_or_else(|| "（初回ログイン）".to_owned());
    let group = me
        .payment_group
        .as_ref()
        .map(|g| format!("{} {}", g.number, g.name))
        .unwrap_or_else(|| "（未選択）".to_owned());
    let role = match me.role {
        Role::Master => "マスターユーザー",
        Role::General => "一般ユーザー",
    };
    let renewal = me.user.certificate_expires_at.and_then(|until| {
        let days_left = (until.timestamp_millis() as f64 - now_ms()) / 86_400_000.0;
        (days_left <= RENEWAL_DAYS as f64).then(|| {
            view! {
                <p class="notice notice-warning" data-testid="certificate-renewal">
                    "電子証明書の有効期限は " {jst_date(until)}
                    " です。ログアウト後、トップページの「電子証明書発行」ボタンより更新してください。"
                </p>
            }
        })
    });
    let employer = me.contract_kind == ContractKind::Employer;

    view! {
        <section class="panel info">
            <h1 class="page-title">"インフォメーション"</h1>
            {renewal}
            <dl class="info-summary">
                <div>
                    <dt>"団体名"</dt>
                    <dd data-testid="info-organisation">{me.organisation_name.clone()}</dd>
                </div>
                <div>
                    <dt>"ユーザー"</dt>
                    <dd data-testid="info-user">
                        {me.user.user_name.clone()} "（" {me.user.user_id.clone()} "・" {role} "）"
                    </dd>
                </div>
                <div>
                    <dt>"入金グループ"</dt>
                    <dd data-testid="info-payment-group">{group}</dd>
                </div>
                <div>
                    <dt>"前回ログイン日時"</dt>
                    <dd data-testid="previous-login">{previous}</dd>
                </div>
            </dl>
            {if employer {
                view! {
                    <Frame title="財形貯蓄 最新受信情報（作成基準日）" testid="info-zaikei">
                        <table class="grid">
                            <thead>
                                <tr>
                                    <th scope="col" colspan="3">"預入依頼書"</th>
                                    <th scope="col" rowspan="2">"加入者残高一覧表"</th>
                                    <th scope="col" colspan="2">"奨励金"</th>
                                </tr>
                                <tr>
                                    <th scope="col">"月例"</th>
                                    <th scope="col">"夏季一時金"</th>
                                    <th scope="col">"年末一時金"</th>
                                    <th scope="col">"月例"</th>
                                    <th scope="col">"一時金"</th>
                                </tr>
                            </thead>
                            <tbody>
                                <tr>
                                    <td colspan="6" class="preparing">"準備中"</td>
                                </tr>
                            </tbody>
                        </table>
                    </Frame>
                }
                    .into_any()
            } else {
                view! {
                    <Frame title="スケジュール" testid="info-schedule">
                        <table class="grid schedule">
                            <thead>
                                <tr>
                                    <th scope="col">"支給区分"</th>
                                    <th scope="col">"控除年月"</th>
                                    <th scope="col">"入力"</th>
                                    <th scope="col">"締切日"</th>
                                    <th scope="col">"依頼データ受信"</th>
                                    <th scope="col">"結果データ受信"</th>
                                    <th scope="col">"支給日（入金予定日）"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {["月例", "夏季一時金", "年末一時金"]
                                    .into_iter()
                                    .map(|occasion| {
                                        view! {
                                            <tr>
                                                <th scope="row">{occasion}</th>
                                                <td colspan="6" class="preparing">"準備中"</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </Frame>
                    <Frame title="一斉積立 最新受信情報" testid="info-collective">
                        <p class="preparing">"準備中"</p>
                    </Frame>
                }
                    .into_any()
            }}
            <Frame title="お知らせ" testid="info-messages">
                <table class="grid">
                    <thead>
                        <tr>
                            <th scope="col">"掲載日"</th>
                            <th scope="col">"件名"</th>
                            <th scope="col">"メッセージ"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr>
                            <td colspan="3" class="preparing">"準備中"</td>
                        </tr>
                    </tbody>
                </table>
            </Frame>
            <p class="small">"※ サービスのお申込状況により、表示される項目が異なります。"</p>
        </section>
    }
}

#[component]
fn Frame(title: &'static str, testid: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="frame" data-testid=testid>
            <h2 class="frame-title">"【" {title} "】"</h2>
            {children()}
        </section>
    }
}

//! SY000001 システム稼働状況: is the server up, does the database answer, which client certificate
//! did this browser present.

use cjs_api_types::{CertificateStatus, ClientCertificateView, HealthResponse, ReadyResponse};
use leptos::prelude::*;

use crate::api::{self, Failure};
use crate::format::{jst_date, jst_date_time};
use crate::screen::enter_screen;

#[component]
pub fn StatusPage() -> impl IntoView {
    enter_screen("SY000001", "システム稼働状況");

    let health = LocalResource::new(api::health);
    let ready = LocalResource::new(api::ready);
    let certificate = LocalResource::new(api::client_certificate);
    let (health_pending, set_health_pending) = signal(false);
    let (ready_pending, set_ready_pending) = signal(false);
    let (certificate_pending, set_certificate_pending) = signal(false);
    let pending = move || health_pending.get() || ready_pending.get() || certificate_pending.get();

    let recheck = move |_| {
        health.refetch();
        ready.refetch();
        certificate.refetch();
    };

    view! {
        <section class="panel">
            <h1 class="page-title">"システム稼働状況"</h1>
            <dl class="status-list">
                <StatusRow label="サーバー" testid="health" set_pending=set_health_pending>
                    {move || health.get().map(|result| result.map(health_view))}
                </StatusRow>
                <StatusRow label="データベース" testid="ready" set_pending=set_ready_pending>
                    {move || ready.get().map(|result| result.map(ready_view))}
                </StatusRow>
                <StatusRow
                    label="電子証明書"
                    testid="client-cert"
                    set_pending=set_certificate_pending
                >
                    {move || certificate.get().map(|result| result.map(certificate_view))}
                </StatusRow>
            </dl>
            <p class="actions">
                <button
                    type="button"
                    class="button"
                    on:click=recheck
                    disabled=pending
                    data-testid="recheck"
                >
                    "再確認"
                </button>
            </p>
        </section>
    }
}

/// One line of the list: loads on its own, shows its own error, keeps its old value while
/// rechecking.
#[component]
fn StatusRow(
    label: &'static str,
    testid: &'static str,
    set_pending: WriteSignal<bool>,
    children: Children,
) -> impl IntoView {
    // The children read their resource synchronously (`get()`), not through `Suspend`: an `Err`
    // that a `Suspend` resolves to after an await reaches whichever error boundary was entered
    // last (leptos 0.8.23, several rows loading at once), so a first-load error went missing.
    view! {
        <div class="status-row">
            <dt>{label}</dt>
            <dd data-testid=testid>
                <Transition
                    fallback=|| view! { <span class="loading">"確認中…"</span> }
                    set_pending=set_pending
                >
                    <ErrorBoundary fallback=failure_view>{children()}</ErrorBoundary>
                </Transition>
            </dd>
        </div>
    }
}

fn health_view(health: HealthResponse) -> impl IntoView {
    let state = if health.status == "ok" {
        "稼働中"
    } else {
        "異常"
    };
    view! {
        <span class="state" class:state-ok=health.status == "ok">
            {state}
        </span>
        <span class="detail">
            "(" {health.status} ", バージョン " {health.version} ")"
        </span>
    }
}

fn ready_view(ready: ReadyResponse) -> impl IntoView {
    let database = match ready.database.as_str() {
        "sqlite" => "組込みデータベース (SQLite)".to_owned(),
        "postgresql" => "PostgreSQL".to_owned(),
        other => other.to_owned(),
    };
    let state = if ready.status == "ready" {
        "接続済"
    } else {
        "未接続"
    };
    view! {
        <span class="state" class:state-ok=ready.status == "ready">
            {state}
        </span>
        <span class="detail">{database}</span>
        <span class="detail">
            "確認日時: " {jst_date_time(ready.checked_at)}
        </span>
    }
}

fn certificate_view(view: ClientCertificateView) -> impl IntoView {
    // Not presenting one is normal before registration, so it is shown plainly, not as an error.
    let (state, class) = match view.status {
        CertificateStatus::None => ("提示なし", "state state-neutral"),
        CertificateStatus::Valid => ("有効", "state state-ok"),
        CertificateStatus::Untrusted => ("本サービスのものではありません", "state"),
        CertificateStatus::Expired => ("有効期限切れ", "state"),
        CertificateStatus::NotYetValid => ("有効期間前", "state"),
    };
    let detail = (view.status == CertificateStatus::Valid).then(|| {
        let cn = view.subject_cn.unwrap_or_default();
        let until = view.not_after.map(jst_date).unwrap_or_default();
        view! { <span class="detail">"(" {cn} ", 有効期限: " {until} ")"</span> }
    });
    view! {
        <span class=class>{state}</span>
        {detail}
    }
}

/// The server's error: catalogue code, Japanese message and the request id for the help desk.
fn failure_view(errors: ArcRwSignal<Errors>) -> impl IntoView {
    move || {
        errors
            .get()
            .into_iter()
            .map(|(_, error)| {
                let failure = error.downcast_ref::<Failure>().cloned();
                let (code, message, request_id) = match failure {
                    Some(Failure(e)) => (e.code.to_string(), e.message, e.request_id),
                    // Only `Failure`s are thrown here; anything else gets the generic text.
                    None => (
                        cjs_api_types::ErrorCode::E9500.to_string(),
                        cjs_api_types::ErrorCode::E9500.template().to_owned(),
                        String::new(),
                    ),
                };
                let request_id = (!request_id.is_empty()).then(|| {
                    view! { <span class="request-id">"お問い合わせ番号: " {request_id}</span> }
                });
                view! {
                    <div class="error" role="alert">
                        <span class="error-code">{code}</span>
                        <span class="error-message">{message}</span>
                        {request_id}
                    </div>
                }
            })
            .collect_view()
    }
}

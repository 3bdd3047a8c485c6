//! DC586101 電子証明書発行, in the manual's steps: ユーザーID and パスワード →「認証」; the 認証コード
//! mailed to the user →「認証」;「発行」; the 電子証明書発行中 screen; the 発行結果 with the .p12 file,
//! saved by the browser, and the steps to import it. `?general=1` is a general user's first
//! issuance (with the temporary password the master gave).

use chrono::{DateTime, Utc};
use cjs_api_types::ErrorCode;
use cjs_api_types::auth::{
    CertificateChallengeRequest, CertificateChallengeResponse, CertificateIssueRequest,
    CertificateVerifyRequest,
};
use cjs_domain::Field as Rule;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::format::{expiry_from_header, jst_date_time};
use crate::pages::register::SoftKeyboardNote;
use crate::screen::enter_screen;
use crate::session::now_ms;
use crate::widgets::buttons::GoButton;
use crate::widgets::checks;
use crate::widgets::download;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::field::Field;
use crate::widgets::form::{FormState, SubmitButton};

/// The 電子証明書発行中 screen stays at least this long, so that it can be read.
const ISSUING_MIN_MS: f64 = 1500.0;

#[derive(Clone)]
struct Issued {
    filename: String,
    expiry: String,
    url: Option<String>,
}

#[derive(Clone)]
enum Step {
    /// ユーザーID and パスワード.
    Credentials,
    /// 認証コード: the challenge and the server's clock when it answered.
    Code(CertificateChallengeResponse, Option<DateTime<Utc>>),
    /// 「発行」, with the token the verified code gave.
    Issue(String),
    /// 電子証明書発行中.
    Issuing,
    /// 発行結果.
    Issued(Issued),
}

impl Step {
    /// The screen's title, as the manual names each step.
    fn title(&self) -> &'static str {
        match self {
            Step::Credentials | Step::Code(..) => "電子証明書発行 ユーザー認証",
            Step::Issue(_) => "電子証明書発行",
            Step::Issuing => "電子証明書発行中",
            Step::Issued(_) => "電子証明書発行結果",
        }
    }

    /// Which of the four numbered steps is current (発行中 belongs to 発行).
    fn number(&self) -> u8 {
        match self {
            Step::Credentials => 1,
            Step::Code(..) => 2,
            Step::Issue(_) | Step::Issuing => 3,
            Step::Issued(_) => 4,
        }
    }
}

/// Codes after which only a new start helps (a new code).
fn must_start_again(code: Option<ErrorCode>) -> bool {
    matches!(
        code,
        Some(ErrorCode::E2108 | ErrorCode::E2109 | ErrorCode::E2110)
    )
}

#[component]
pub fn CertificatePage() -> impl IntoView {
    let query = use_query_map();
    let general = query.with_untracked(|q| q.get("general").is_some_and(|v| v == "1"));
    enter_screen("DC586101", "電子証明書発行 ユーザー認証");
    let step = RwSignal::new(Step::Credentials);
    let form = FormState::new();
    let user_id = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());

    let start_again = move || {
        code.set(String::new());
        form.error.set(None);
        step.set(Step::Credentials);
    };
    let midway = move || step.with(|s| matches!(s, Step::Code(..) | Step::Issue(_)));
    let cancellable = move || step.with(|s| !matches!(s, Step::Issuing | Step::Issued(_)));
    let steps = [
        (1, "ユーザー認証"),
        (2, "認証コード入力"),
        (3, "電子証明書発行"),
        (4, "発行結果"),
    ];

    view! {
        <section class="panel" data-testid="certificate">
            <div class="title-bar">
                <h1 class="page-title" data-testid="certificate-title">
                    {move || step.with(Step::title)}
                </h1>
                <Show when=cancellable>
                    <GoButton href="/" class="button button-secondary">
                        "キャンセル"
                    </GoButton>
                </Show>
            </div>
            <ol class="steps" aria-label="手順">
                {steps
                    .into_iter()
                    .map(|(n, label)| {
                        view! {
                            <li class:current=move || step.with(Step::number) == n>
                                {format!("{n}. {label}")}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <ErrorBanner form=form />
            <Show when=move || must_start_again(form.code()) && midway()>
                <p class="box-actions">
                    <button type="button" class="button" on:click=move |_| start_again()>
                        "はじめからやり直す"
                    </button>
                </p>
            </Show>
            {move || match step.get() {
                Step::Credentials => {
                    view! {
                        <Credentials
                            general=general
                            form=form
                            user_id=user_id
                            password=password
                            step=step
                        />
                    }
                        .into_any()
                }
                Step::Code(challenge, server_now) => {
                    view! {
                        <CodeEntry
                            challenge=challenge
                            server_now=server_now
                            form=form
                            code=code
                            step=step
                            on_restart=Callback::new(move |_: ()| start_again())
                        />
                    }
                        .into_any()
                }
                Step::Issue(token) => view! { <IssueStep token=token form=form step=step /> }.into_any(),
                Step::Issuing => view! { <IssuingView /> }.into_any(),
                Step::Issued(issued) => {
                    view! { <IssuedView issued=issued general=general /> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Credentials(
    general: bool,
    form: FormState,
    user_id: RwSignal<String>,
    password: RwSignal<String>,
    step: RwSignal<Step>,
) -> impl IntoView {
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CertificateChallengeRequest {
            user_id: user_id.get_untracked(),
            password: password.get_untracked(),
        };
        form.submit(
            async move { api::certificate_challenge(&body).await },
            move |(challenge, server_now)| step.set(Step::Code(challenge, server_now)),
        );
    };
    let password_hint = if general {
        "（マスターユーザーから付与された仮のパスワード）"
    } else {
        "（半角英大文字、英小文字、数字、記号混在8～12桁）"
    };

    view! {
        {general
            .then(|| {
                view! {
                    <div class="notice" data-testid="general-note">
                        <p>
                            "一般ユーザーの方は、マスターユーザーから付与された「ユーザーID」と「仮のパスワード」を入力してください。"
                        </p>
                        <p>
                            "電子証明書のインポートにも同じ仮のパスワードを使います。初回ログインの直後に、ご自身で決めたパスワードに変更していただきます。"
                        </p>
                        <p>
                            "マスターユーザーと同一のパソコンを使用する場合、マスターユーザーの電子証明書が表示される場合がありますので、「キャンセル」を選んでください。"
                        </p>
                    </div>
                }
            })}
        <p class="lead">
            "電子証明書発行に必要なユーザー認証を行います。" <br /> "以下を入力してください。"
        </p>
        <form class="form" on:submit=submit novalidate>
            <Field
                name="user_id"
                label="ユーザーID"
                hint="（半角英数混在6～12桁）"
                value=user_id
                form=form
                maxlength=12
                autocomplete="username"
                autofocus=true
                check=checks::user_id()
            />
            <Field
                name="password"
                label="パスワード"
                hint=password_hint
                value=password
                form=form
                kind="password"
                autocomplete="current-password"
                keyboard=true
                check=checks::password(Rule::Password)
            />
            <div class="form-actions">
                <SubmitButton form=form label="認証" />
            </div>
        </form>
        <p class="small">
            "ご登録のメールアドレスに認証コードをお送りします。有効な電子証明書がある場合、発行できるのは有効期限の30日前からです（パソコンを変更する場合は、お取引店で現在の電子証明書の失効手続きを行ってください）。"
        </p>
        <SoftKeyboardNote />
    }
}

/// Minutes from `now` (the server's clock, else the browser's) until `until`.
fn minutes_until(until: DateTime<Utc>, now: Option<DateTime<Utc>>) -> i64 {
    let now_ms = now.map_or_else(now_ms, |n| n.timestamp_millis() as f64);
    let left_ms = until.timestamp_millis() as f64 - now_ms;
    (left_ms / 60_000.0).round().max(0.0) as i64
}

#[component]
fn CodeEntry(
    challenge: CertificateChallengeResponse,
    server_now: Option<DateTime<Utc>>,
    form: FormState,
    code: RwSignal<String>,
    step: RwSignal<Step>,
    on_restart: Callback<()>,
) -> impl IntoView {
    let challenge_id = challenge.challenge_id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let verify = CertificateVerifyRequest {
            challenge_id: challenge_id.clone(),
            code: code.get_untracked().trim().to_owned(),
        };
        form.submit(
            async move { api::certificate_verify(&verify).await },
            move |token| {
                step.set(Step::Issue(token.issue_token));
            },
        );
    };
    let minutes = minutes_until(challenge.expires_at, server_now);
    let until = jst_date_time(challenge.expires_at);
    let attempts = challenge.max_attempts;

    view! {
        <div class="notice" data-testid="code-sent">
            <p>"登録されているメールアドレスに認証コードを送信しました。" <br /> "認証コードを入力してください。"</p>
            <p class="small">
                "送信先: " <strong>{challenge.sent_to.clone()}</strong> " ／ 認証コードの有効期限: " {until}
                "（" {minutes} "分間、入力は" {attempts} "回まで）"
            </p>
        </div>
        <form class="form" on:submit=submit novalidate>
            <Field
                name="code"
                label="認証コード"
                hint="（半角数字6桁）"
                value=code
                form=form
                inputmode="numeric"
                autocomplete="one-time-code"
                maxlength=6
                autofocus=true
                check=checks::code()
            />
            <div class="form-actions">
                <SubmitButton form=form label="認証" />
            </div>
        </form>
        <section class="note">
            <h2 class="note-title">"ご注意ください"</h2>
            <p>"認証コードのメールが届かない場合、登録されたメールアドレスを再度ご確認ください。"</p>
        </section>
        <details class="help" data-testid="mail-help">
            <summary>"メールが届かない場合"</summary>
            <ul>
                <li>"迷惑メール（スパム）フォルダに振り分けられていないかご確認ください。"</li>
                <li>
                    "送信先は、ご登録のメールアドレス（" {challenge.sent_to.clone()}
                    "）です。一般ユーザーのメールアドレスはマスターユーザーが「契約ユーザー情報照会」で変更できます。"
                </li>
                <li>"メールの到着まで数分かかる場合があります。しばらくお待ちください。"</li>
                <li>
                    "認証コードの有効期限は" {minutes} "分、入力できるのは" {attempts}
                    "回までです。期限が切れた場合や届かない場合は、はじめからやり直して新しい認証コードを受け取ってください。"
                </li>
            </ul>
            <p class="box-actions">
                <button type="button" class="button" on:click=move |_| on_restart.run(())>
                    "はじめからやり直す"
                </button>
            </p>
        </details>
    }
}

/// 「発行」: the code is verified; the certificate is made when the user asks.
#[component]
fn IssueStep(token: String, form: FormState, step: RwSignal<Step>) -> impl IntoView {
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let token = token.clone();
        let started = now_ms();
        step.set(Step::Issuing);
        let request = async move {
            let body = CertificateIssueRequest {
                issue_token: token.clone(),
            };
            let answer = api::certificate_issue(&body).await;
            if answer.is_err() {
                step.set(Step::Issue(token));
            }
            answer
        };
        form.submit(request, move |file| {
            let expiry = file
                .response
                .headers()
                .get("x-certificate-not-after")
                .and_then(|v| expiry_from_header(&v))
                .unwrap_or_default();
            // The result screen and the download come together, after 発行中 has been seen.
            let wait = (ISSUING_MIN_MS - (now_ms() - started)).max(0.0);
            set_timeout(
                move || {
                    let url =
                        download::save(&file.bytes, "application/x-pkcs12", &file.filename).ok();
                    step.set(Step::Issued(Issued {
                        filename: file.filename,
                        expiry,
                        url,
                    }));
                },
                std::time::Duration::from_millis(wait as u64),
            );
        });
    };
    view! {
        <p class="lead">"ユーザー認証が完了しました。「発行」ボタンをクリックしてください。"</p>
        <form on:submit=submit novalidate>
            <div class="form-actions">
                <SubmitButton form=form label="発行" />
            </div>
        </form>
        <section class="note">
            <h2 class="note-title">"ご注意ください"</h2>
            <p>"電子証明書の発行は、数十秒かかる場合があります。"</p>
        </section>
    }
}

/// 電子証明書発行中: shown while the server makes the certificate; moves on by itself.
#[component]
fn IssuingView() -> impl IntoView {
    view! {
        <div class="issuing" role="status" data-testid="certificate-issuing">
            <p class="loading">"電子証明書を発行しています。しばらくお待ちください。"</p>
            <p class="small">
                "※ 電子証明書の発行は、数十秒かかる場合があります。発行が終わると、自動的に次の画面に進みます。"
            </p>
        </div>
    }
}

#[component]
fn IssuedView(issued: Issued, general: bool) -> impl IntoView {
    let password_name = if general {
        "仮のパスワード（ユーザー認証で入力したもの）"
    } else {
        "ログインパスワード（ユーザー認証で入力したもの）"
    };
    let again = issued.url.clone().map(|url| {
        view! {
            <p class="small">
                "ファイルが保存されない場合は、こちらから保存してください: "
                <a href=url download=issued.filename.clone() data-testid="certificate-download">
                    "電子証明書ファイルを保存"
                </a>
            </p>
        }
    });
    view! {
        <div class="result" data-testid="certificate-issued">
            <p class="done" role="status">
                "電子証明書を発行しました。継続作業がありますので、このときウィンドウを閉じたり、閉じるボタンは押さないでください。"
            </p>
            <table class="grid grid-vertical">
                <tbody>
                    <tr>
                        <th scope="row">"ファイル名"</th>
                        <td data-testid="certificate-filename">{issued.filename.clone()}</td>
                    </tr>
                    <tr>
                        <th scope="row">"有効期限"</th>
                        <td data-testid="certificate-expiry">{issued.expiry.clone()}</td>
                    </tr>
                </tbody>
            </table>
            <p>
                "拡張子が「p12」の電子証明書ファイル（ファイル名: ユーザーID + 日付時間 + .p12）がダウンロードフォルダに保存されました。以下の手順でブラウザに取り込んで（インポートして）ください。インポートの際のパスワードは"
                <strong>{password_name}</strong> "です。"
            </p>
            {again}
            <div class="import-guide">
                <section class="guide" aria-labelledby="guide-windows">
                    <h2 id="guide-windows" class="box-title">"Windows（Microsoft Edge・Google Chrome）"</h2>
                    <ol>
                        <li>"ダウンロードフォルダの .p12 ファイルをダブルクリックします（ブラウザのダウンロード一覧の「開く」でも構いません）。"</li>
                        <li>"証明書のインポートウィザードが開始されます。保存場所に「現在のユーザー」を選択し、「次へ」をクリックします。"</li>
                        <li>"インポートするファイルが選択されていることを確認し、「次へ」をクリックします。"</li>
                        <li>"パスワード欄に" {password_name} "を入力し、「すべての拡張プロパティを含める」にチェックを入れて「次へ」をクリックします。"</li>
                        <li>"「証明書の種類に基づいて、自動的に証明書ストアを選択する」を選択し、「次へ」→「完了」をクリックします。"</li>
                        <li>"セキュリティの警告が表示される場合は「はい」をクリックします。「正しくインポートされました。」と表示されれば完了です。"</li>
                    </ol>
                </section>
                <section class="guide" aria-labelledby="guide-mac">
                    <h2 id="guide-mac" class="box-title">"macOS"</h2>
                    <ol>
                        <li>".p12 ファイルをダブルクリックすると「キーチェーンアクセス」が開きます。"</li>
                        <li>"キーチェーンに「ログイン」を選んで「追加」をクリックします。"</li>
                        <li>"パスワードを求められたら" {password_name} "を入力します。"</li>
                    </ol>
                </section>
                <section class="guide" aria-labelledby="guide-linux">
                    <h2 id="guide-linux" class="box-title">"Linux"</h2>
                    <ul>
                        <li>"Chrome: 設定 → プライバシーとセキュリティ → セキュリティ → 証明書の管理 → （あなたの証明書）→ インポート で .p12 ファイルを選び、パスワードを入力します。"</li>
                        <li>"Firefox: 設定 → プライバシーとセキュリティ → 証明書を表示 → あなたの証明書 → インポート で .p12 ファイルを選び、パスワードを入力します。"</li>
                    </ul>
                </section>
            </div>
            <div class="notice notice-important" data-testid="close-browser">
                <p>
                    <strong>
                        "インポートが終わったら、ブラウザを全て閉じて（開いているウィンドウをすべて閉じて）から、あらためて本サービスを開いてください。"
                    </strong>
                </p>
                <p>
                    "ブラウザが電子証明書の選択画面を表示しますので、ご自身のユーザーIDが表示されている証明書を選んで「OK」をクリックし、ログインしてください。"
                </p>
            </div>
            <p class="box-actions">
                <GoButton href="/" class="button">
                    "トップページへ"
                </GoButton>
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_validity_is_read_on_the_servers_clock() {
        let sent = DateTime::from_timestamp(1_746_600_000, 0).unwrap_or_default();
        let until = sent + chrono::Duration::minutes(10);
        assert_eq!(minutes_until(until, Some(sent)), 10);
        assert_eq!(minutes_until(sent, Some(until)), 0);
    }

    #[test]
    fn a_spent_or_expired_code_needs_a_new_start() {
        assert!(must_start_again(Some(ErrorCode::E2108)));
        assert!(must_start_again(Some(ErrorCode::E2109)));
        assert!(must_start_again(Some(ErrorCode::E2110)));
        assert!(!must_start_again(Some(ErrorCode::E2107)));
        assert!(!must_start_again(None));
    }
}

//! DC581101 ログイン画面 (the front door): log in, the first registrations, certificate issuance,
//! and the manual's notes a clerk must read before starting.

use leptos::prelude::*;

use crate::screen::{SYSTEM_NAME, enter_screen};
use crate::widgets::buttons::GoButton;

#[component]
pub fn TopPage() -> impl IntoView {
    enter_screen("DC581101", "ログイン画面");

    view! {
        <section class="panel top">
            <h1 class="page-title">{SYSTEM_NAME} " ログイン画面"</h1>
            <div class="top-grid">
                <section class="top-box" aria-labelledby="top-registered">
                    <h2 id="top-registered" class="box-title">"ユーザーIDを登録済のお客様"</h2>
                    <p>"「ログイン」ボタンをクリックしてください。"</p>
                    <p class="box-actions">
                        <GoButton href="/login" class="button button-primary button-large">
                            "ログイン"
                        </GoButton>
                    </p>
                </section>
                <section class="top-box" aria-labelledby="top-first">
                    <h2 id="top-first" class="box-title">"初めてご利用になるお客様"</h2>
                    <div class="top-first">
                        <div>
                            <p class="box-who">"マスターユーザーの方"</p>
                            <GoButton href="/register" class="button button-large">
                                "マスターユーザーの初期登録"
                            </GoButton>
                        </div>
                        <div>
                            <p class="box-who">"一般ユーザーの方"</p>
                            <GoButton href="/certificate?general=1" class="button button-large">
                                "一般ユーザーの初期登録"
                            </GoButton>
                        </div>
                    </div>
                </section>
            </div>

            <section class="top-box top-certificate" aria-labelledby="top-cert">
                <h2 id="top-cert" class="box-title">"電子証明書の更新・発行"</h2>
                <p>
                    "電子証明書を更新（発行）されるお客様は「電子証明書発行」ボタンを押してください。"
                </p>
                <p class="box-actions">
                    <GoButton href="/certificate" class="button button-large">
                        "電子証明書発行"
                    </GoButton>
                </p>
            </section>

            <section class="notes" aria-labelledby="top-notes" data-testid="notes">
                <h2 id="top-notes" class="notes-title">"＜ご注意事項＞"</h2>
                <ul class="notes-list">
                    <li>"サービスをご利用になるパソコンで登録してください。"</li>
                    <li>
                        "マスターユーザーは事前に「お申込み時に提示いただいた書類の控え」と「ご利用開始のお知らせ」をご用意いただき、また「ユーザーID」「パスワード」を決定してから登録してください。"
                    </li>
                    <li>
                        "一般ユーザーは、マスターユーザーが決定した「ユーザーID」「仮のパスワード」で登録してください。"
                    </li>
                    <li>"「ユーザーID」は半角英数混在の6～12文字で登録してください。"</li>
                    <li>
                        "「パスワード」は半角英大文字・英小文字・数字・記号混在の8～12文字で登録してください。"
                        <br />
                        "※英字は、大文字と小文字を区別しますので、ご注意ください。"
                        <br />
                        "※「ユーザーID」は一度登録すると変更できません。"
                    </li>
                    <li>"ブラウザの「戻る」「進む」ボタンは使用しないでください。"</li>
                </ul>
                <dl class="notes-rules">
                    <dt>"ご利用時間"</dt>
                    <dd>
                        "月～金曜日 8:00～20:00（土・日・祝休日、12月31日～1月3日はご利用いただけません）。"
                        "上記時間帯であってもメンテナンス等によりご利用いただけない場合がございます。"
                    </dd>
                    <dt>"電子証明書"</dt>
                    <dd>
                        "電子証明書を取得したパソコンからのみサービスをご利用いただけます。"
                        "有効期限は発行日を含めて366日です。有効期限の30日前に電子メールでお知らせしますので、「電子証明書発行」ボタンより更新してください。"
                        "複数の電子証明書がある場合は、ご自身のユーザーIDが含まれる証明書を選択してください。"
                    </dd>
                    <dt>"パスワード管理"</dt>
                    <dd>
                        "ユーザーID・パスワードは第三者に知られることのないよう、厳重に管理してください。"
                        "パスワードを連続して6回間違えた場合は「ログイン不可（ロック）」となります。"
                        "「ロック」は60分経過後に解除されますが、「ロック」を3回繰り返した場合は「ログイン不可（閉塞）」となり、書面での初期化手続きが必要となります。"
                    </dd>
                    <dt>"ログイン後の時間制限"</dt>
                    <dd>
                        "セキュリティの観点より画面毎に60分の時間制限を設けております（ボタンをクリックする都度クリアされます）。"
                        "時間制限を超えた場合は強制的にログアウトとなりますので、もう一度ログインし直してください。"
                    </dd>
                    <dt>"終了時"</dt>
                    <dd>
                        "サービスを終了するときは、画面内の「ログアウト」ボタンをクリックしてください（ブラウザの「×」ボタンはクリックしないでください）。"
                    </dd>
                </dl>
            </section>
        </section>
    }
}

//! LR109101 賃控元帳明細データエクスポート: every 有効 line as CSV (`GET /ledger/lines.csv
//! ?encoding`, docs/ledger.md §6.2) — the file LR110101 reads back after editing.

use cjs_api_types::ledger::screen;
use leptos::prelude::*;

use crate::api::ledger::BASE;
use crate::pages::deduction::{ENCODINGS, FileButton, RadioRow};
use crate::pages::ledger::{LedgerFrame, routes};
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

pub const TITLE: &str = "賃控元帳明細データエクスポート";

#[component]
pub fn ExportPage() -> impl IntoView {
    enter_screen(screen::LINE_EXPORT, TITLE);
    view! {
        <LedgerFrame>
            <Export />
        </LedgerFrame>
    }
}

#[component]
fn Export() -> impl IntoView {
    let form = FormState::new();
    let encoding = RwSignal::new(ENCODINGS[0].0.to_owned());
    let csv = Signal::derive(move || Some(format!("{BASE}/lines.csv?encoding={}", encoding.get())));
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "文字コードを選択し、「CSV出力」ボタンをクリックしてください。有効な賃控元帳明細をすべて出力します。"
            </p>
            <div class="form">
                <RadioRow name="encoding" label="文字コード" value=encoding options=ENCODINGS.to_vec() />
            </div>
            <div class="form-actions">
                <FileButton form=form label="CSV出力" path=csv fallback="ledger-lines.csv" testid="csv" />
            </div>
            <table class="grid grid-vertical" data-testid="csv-layout">
                <tbody>
                    <tr>
                        <th scope="row">"項目（この順）"</th>
                        <td>"職員番号, カナ氏名, 漢字氏名, 種目コード, 種目名, 月例金額, 夏季金額, 年末金額, 開始月, 終了月"</td>
                    </tr>
                    <tr>
                        <th scope="row">"年月"</th>
                        <td>"YYYYMM（例: 202406）。終了月がない明細は空欄です。"</td>
                    </tr>
                    <tr>
                        <th scope="row">"金額"</th>
                        <td>"現在の金額（円）"</td>
                    </tr>
                </tbody>
            </table>
            <ul class="marks">
                <li>
                    "出力したファイルを表計算ソフトで編集し、"
                    <a href=routes::IMPORT>"賃控元帳明細データインポート"</a>
                    "で取り込めます。職員番号の先頭の0が消えないようご注意ください。"
                </li>
            </ul>
        </section>
    }
}

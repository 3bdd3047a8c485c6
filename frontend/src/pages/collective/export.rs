//! CS103101 一斉積立内訳明細データエクスポート: the chosen run's 一斉積立内訳明細データ and
//! 一斉積立変更明細データ as CSV (`GET /collective/runs/{no}/lines.csv?encoding`,
//! `…/changes.csv?encoding`; docs/collective.md §5), Shift_JIS or UTF-8.

use cjs_api_types::collective::{screen, title};
use leptos::prelude::*;

use crate::pages::collective::{CollectiveFrame, OtherScreens, RunPicker, routes, run_choice};
use crate::pages::deduction::{ENCODINGS, FileButton, RadioRow};
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

pub const TITLE: &str = "一斉積立内訳明細データエクスポート";

/// The columns of 一斉積立内訳明細データ, in file order (docs/collective.md §5.1).
pub const LINE_COLUMNS: &str =
    "番号, 名称, 受信日, 作成区分, 行番号, 職員番号, カナ氏名, 漢字氏名, 店番, 口座番号, 積立金額";
/// The columns of 一斉積立変更明細データ (§5.2).
pub const CHANGE_COLUMNS: &str = "番号, 名称, 受信日, 行番号, 変更区分, 職員番号, カナ氏名, 漢字氏名, 変更前店番, 変更前口座番号, 変更前積立金額, 変更後店番, 変更後口座番号, 変更後積立金額";

#[component]
pub fn CollectiveExportPage() -> impl IntoView {
    enter_screen(screen::EXPORT, TITLE);
    view! {
        <CollectiveFrame>
            <Export />
        </CollectiveFrame>
    }
}

#[component]
fn Export() -> impl IntoView {
    let form = FormState::new();
    let choice = run_choice(form);
    let encoding = RwSignal::new(ENCODINGS[0].0.to_owned());
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "一斉積立データと文字コードを選択し、出力するデータの「CSV出力」ボタンをクリックしてください。"
            </p>
            <RunPicker choice=choice />
            <OtherScreens choice=choice here=routes::EXPORT />
            <div class="form">
                <RadioRow name="encoding" label="文字コード" value=encoding options=ENCODINGS.to_vec() />
            </div>
            <div class="form-actions">
                <FileButton
                    form=form
                    label="一斉積立内訳明細データ CSV出力"
                    path=choice.file("lines.csv", Some(encoding))
                    fallback="collective-lines.csv"
                    testid="csv-lines"
                />
                <FileButton
                    form=form
                    label="一斉積立変更明細データ CSV出力"
                    path=choice.file("changes.csv", Some(encoding))
                    fallback="collective-changes.csv"
                    testid="csv-changes"
                />
            </div>
            <table class="grid grid-vertical" data-testid="csv-layout">
                <tbody>
                    <tr>
                        <th scope="row">{title::LINE_DATA}</th>
                        <td>{LINE_COLUMNS}</td>
                    </tr>
                    <tr>
                        <th scope="row">{title::CHANGE_DATA}</th>
                        <td>{CHANGE_COLUMNS}</td>
                    </tr>
                    <tr>
                        <th scope="row">"形式"</th>
                        <td>
                            "1行目は項目名。番号は3桁（例: 014）、受信日は YYYYMMDD、金額は円（区切りなし）。変更明細データの新規は変更前、解約は変更後が空欄です。"
                        </td>
                    </tr>
                </tbody>
            </table>
        </section>
    }
}

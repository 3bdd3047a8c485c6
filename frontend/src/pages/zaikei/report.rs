//! ZK102101 財形積立明細書出力: the chosen cycle's 財形積立明細書 (the document's own columns and
//! the totals per 財形種類; a 預入依頼書 ends with its 入金予定日) and, for a 預入依頼書, its
//! 財形積立変更明細書, as PDF (`GET /zaikei/documents/{doc}/{date}/statement.pdf`, `…/changes.pdf`;
//! docs/zaikei.md §4).

use cjs_api_types::zaikei::screen;
use leptos::prelude::*;

use crate::pages::deduction::FileButton;
use crate::pages::zaikei::{CyclePicker, OtherScreens, ZaikeiFrame, cycle_choice, routes};
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

pub const TITLE: &str = "財形積立明細書出力";

#[component]
pub fn ZaikeiReportPage() -> impl IntoView {
    enter_screen(screen::STATEMENT, TITLE);
    view! {
        <ZaikeiFrame>
            <Report />
        </ZaikeiFrame>
    }
}

#[component]
fn Report() -> impl IntoView {
    let form = FormState::new();
    let choice = cycle_choice(form);
    let has_changes = choice.has_changes();
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "帳票と作成基準日を選択し、出力する帳票の「PDF出力」ボタンをクリックしてください。財形積立変更明細書は預入依頼書のみ出力できます。"
            </p>
            <CyclePicker choice=choice />
            <OtherScreens choice=choice here=routes::REPORT />
            <div class="form-actions">
                <FileButton
                    form=form
                    label="財形積立明細書 PDF出力"
                    path=choice.file("statement.pdf", None)
                    fallback="zaikei-statement.pdf"
                    testid="pdf-statement"
                />
                <Show when=move || has_changes.get()>
                    <FileButton
                        form=form
                        label="財形積立変更明細書 PDF出力"
                        path=choice.file("changes.pdf", None)
                        fallback="zaikei-changes.pdf"
                        testid="pdf-changes"
                    />
                </Show>
            </div>
            <table class="grid grid-vertical" data-testid="list-layout">
                <tbody>
                    <tr>
                        <th scope="row">"財形積立明細書"</th>
                        <td>
                            "帳票の明細を行番号順に、No・職員番号・カナ氏名・漢字氏名・財形種類・店番・口座番号と帳票の金額（預入依頼書: 預入金額・奨励金・預入合計、加入者残高一覧表: 残高、奨励金: 積立金額・奨励金額）。財形種類（一般・住宅・年金）ごとの合計と総合計。預入依頼書は入金予定日も記載します。"
                        </td>
                    </tr>
                    <tr>
                        <th scope="row">"財形積立変更明細書"</th>
                        <td>
                            "預入依頼書のみ。前回の作成基準日（比較対象）との違いを変更区分（新規・口座変更・金額変更・解約）順に、変更前・変更後の店番・口座番号・預入金額・奨励金。変更区分ごとの小計件数。"
                        </td>
                    </tr>
                </tbody>
            </table>
        </section>
    }
}

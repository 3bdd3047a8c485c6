//! CS102101 一斉積立内訳明細表出力: the chosen run's 一斉積立内訳明細表 (A4 portrait, every line,
//! 合計) and 一斉積立変更明細表 (A4 landscape, 小計 per 変更区分, 前回 / 今回 / 差額) as PDF
//! (`GET /collective/runs/{no}/lines.pdf`, `…/changes.pdf`; docs/collective.md §4).

use cjs_api_types::collective::{screen, title};
use leptos::prelude::*;

use crate::pages::collective::{CollectiveFrame, OtherScreens, RunPicker, routes, run_choice};
use crate::pages::deduction::FileButton;
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

pub const TITLE: &str = "一斉積立内訳明細表出力";

#[component]
pub fn CollectiveReportPage() -> impl IntoView {
    enter_screen(screen::LISTS, TITLE);
    view! {
        <CollectiveFrame>
            <Report />
        </CollectiveFrame>
    }
}

#[component]
fn Report() -> impl IntoView {
    let form = FormState::new();
    let choice = run_choice(form);
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "一斉積立データを選択し、出力する帳票の「PDF出力」ボタンをクリックしてください。"
            </p>
            <RunPicker choice=choice />
            <OtherScreens choice=choice here=routes::REPORT />
            <div class="form-actions">
                <FileButton
                    form=form
                    label="一斉積立内訳明細表 PDF出力"
                    path=choice.file("lines.pdf", None)
                    fallback="collective-lines.pdf"
                    testid="pdf-lines"
                />
                <FileButton
                    form=form
                    label="一斉積立変更明細表 PDF出力"
                    path=choice.file("changes.pdf", None)
                    fallback="collective-changes.pdf"
                    testid="pdf-changes"
                />
            </div>
            <table class="grid grid-vertical" data-testid="list-layout">
                <tbody>
                    <tr>
                        <th scope="row">{title::LINE_LIST}</th>
                        <td>
                            "A4縦。全件を行番号順に、No・職員番号・カナ氏名・漢字氏名・店番・口座番号・積立金額。最後に合計件数と積立金額合計。"
                        </td>
                    </tr>
                    <tr>
                        <th scope="row">{title::CHANGE_LIST}</th>
                        <td>
                            "A4横。前回の一斉積立データ（比較対象）との違いを変更区分（新規・口座変更・金額変更・解約）順に、変更前・変更後の店番・口座番号・積立金額。変更区分ごとの小計件数と、前回・今回・差額。"
                        </td>
                    </tr>
                </tbody>
            </table>
        </section>
    }
}

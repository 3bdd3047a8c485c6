//! LR106101 賃控元帳控除依頼データエクスポート: the cycle's 控除依頼 as CSV
//! (`GET …/requests.csv?encoding`, docs/ledger.md §6.1), with the lines shown as in LR105101.

use cjs_api_types::ledger::{RunList, screen};
use leptos::prelude::*;

use crate::pages::deduction::{ENCODINGS, FileButton, RadioRow};
use crate::pages::ledger::LedgerFrame;
use crate::pages::ledger::cycle::{CyclePicker, cycle_choice};
use crate::pages::ledger::request_lists::RunLinePreview;
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

pub const TITLE: &str = "賃控元帳控除依頼データエクスポート";

#[component]
pub fn RequestExportPage() -> impl IntoView {
    enter_screen(screen::REQUEST_EXPORT, TITLE);
    view! {
        <LedgerFrame>
            <RequestExport />
        </LedgerFrame>
    }
}

#[component]
fn RequestExport() -> impl IntoView {
    let form = FormState::new();
    let choice = cycle_choice(form);
    let encoding = RwSignal::new(ENCODINGS[0].0.to_owned());
    let csv = choice.run_file(move || format!("/requests.csv?encoding={}", encoding.get()));
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "支給区分・控除年月と文字コードを選択し、「CSV出力」ボタンをクリックしてください。"
            </p>
            <CyclePicker form=form choice=choice needs_run=true />
            <div class="form">
                <RadioRow name="encoding" label="文字コード" value=encoding options=ENCODINGS.to_vec() />
            </div>
            <div class="form-actions">
                <FileButton form=form label="CSV出力" path=csv fallback="requests.csv" testid="csv" />
            </div>
            <p class="small">
                "項目: 支給区分, 控除年月, 行番号, 職員番号, カナ氏名, 漢字氏名, 種目コード, 種目名, 種目区分, 控除金額"
            </p>
            <RunLinePreview form=form choice=choice list=RunList::All />
        </section>
    }
}

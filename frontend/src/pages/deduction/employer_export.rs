//! DR107101 企業宛控除依頼データエクスポート: the 企業宛控除依頼書 as CSV (`GET …/employer-request.csv
//! ?scope&encoding`), 全件 or 異動分, with the same preview as DR106101. Payroll programs take the
//! JSON of the same path without `.csv`.

use cjs_api_types::deduction::{DeductionCycleView, screen};
use leptos::prelude::*;

use crate::api;
use crate::pages::deduction::cycle::CyclePicker;
use crate::pages::deduction::employer_list::{EmployerPreview, chosen_scope, scope_options};
use crate::pages::deduction::{DeductionFrame, ENCODINGS, FileButton, RadioRow, cycle_file};
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

pub const TITLE: &str = "企業宛控除依頼データエクスポート";

#[component]
pub fn EmployerExportPage() -> impl IntoView {
    enter_screen(screen::EMPLOYER_EXPORT, TITLE);
    view! {
        <DeductionFrame>
            <EmployerExport />
        </DeductionFrame>
    }
}

#[component]
fn EmployerExport() -> impl IntoView {
    let form = FormState::new();
    let cycle = RwSignal::new(None::<DeductionCycleView>);
    let scope_value = RwSignal::new("all".to_owned());
    let scope = chosen_scope(scope_value);
    let encoding = RwSignal::new(ENCODINGS[0].0.to_owned());
    let csv = cycle_file(cycle, move || {
        format!(
            "/employer-request.csv?scope={}&encoding={}",
            api::deduction::scope_name(scope.get()),
            encoding.get()
        )
    });
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "支給区分・控除年月と出力範囲を選択し、「CSV出力」ボタンをクリックしてください。"
            </p>
            <CyclePicker form=form selected=cycle />
            <div class="form">
                <RadioRow name="scope" label="出力範囲" value=scope_value options=scope_options() />
                <RadioRow name="encoding" label="文字コード" value=encoding options=ENCODINGS.to_vec() />
            </div>
            <div class="form-actions">
                <FileButton form=form label="CSV出力" path=csv fallback="employer-request.csv" testid="csv" />
            </div>
            <EmployerPreview form=form cycle=cycle scope=scope />
        </section>
    }
}

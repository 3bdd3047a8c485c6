//! DR105101 労金控除依頼データエクスポート: the request list as CSV (`GET …/requests.csv?list&
//! encoding`), with the same preview as DR104101.

use cjs_api_types::deduction::{DeductionCycleView, screen};
use cjs_domain::deduction::LineList;
use leptos::prelude::*;

use crate::pages::deduction::cycle::CyclePicker;
use crate::pages::deduction::lines::{Columns, LinePreview};
use crate::pages::deduction::request_lists::{REQUEST_LISTS, chosen_list, list_options};
use crate::pages::deduction::{DeductionFrame, ENCODINGS, FileButton, RadioRow, cycle_file};
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

pub const TITLE: &str = "労金控除依頼データエクスポート";

#[component]
pub fn RequestExportPage() -> impl IntoView {
    enter_screen(screen::REQUEST_EXPORT, TITLE);
    view! {
        <DeductionFrame>
            <RequestExport />
        </DeductionFrame>
    }
}

#[component]
fn RequestExport() -> impl IntoView {
    let form = FormState::new();
    let cycle = RwSignal::new(None::<DeductionCycleView>);
    let list_value = RwSignal::new(LineList::All.as_str().to_owned());
    let list = chosen_list(list_value);
    let encoding = RwSignal::new(ENCODINGS[0].0.to_owned());
    let csv = cycle_file(cycle, move || {
        format!(
            "/requests.csv?list={}&encoding={}",
            list.get().as_str(),
            encoding.get()
        )
    });
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "支給区分・控除年月と出力するデータを選択し、「CSV出力」ボタンをクリックしてください。"
            </p>
            <CyclePicker form=form selected=cycle />
            <div class="form">
                <RadioRow
                    name="list"
                    label="出力データ"
                    value=list_value
                    options=list_options(&REQUEST_LISTS)
                />
                <RadioRow name="encoding" label="文字コード" value=encoding options=ENCODINGS.to_vec() />
            </div>
            <div class="form-actions">
                <FileButton form=form label="CSV出力" path=csv fallback="requests.csv" testid="csv" />
            </div>
            <LinePreview form=form cycle=cycle list=list columns=Columns::Request />
        </section>
    }
}

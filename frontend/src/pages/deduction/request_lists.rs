//! DR104101 労金控除依頼リスト出力: a cycle, one of the four request lists (控除依頼リスト,
//! 窓口扱い控除依頼内容変更リスト, 控除依頼明細エラーリスト, 控除依頼異動分リスト), its preview
//! (`GET …/lines?list`) and the PDF (`GET …/request-list.pdf?list`).

use cjs_api_types::deduction::{DeductionCycleView, screen};
use cjs_domain::deduction::LineList;
use leptos::prelude::*;

use crate::pages::deduction::cycle::CyclePicker;
use crate::pages::deduction::lines::{Columns, LinePreview};
use crate::pages::deduction::{DeductionFrame, FileButton, RadioRow, cycle_file};
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

pub const TITLE: &str = "労金控除依頼リスト出力";

/// The four lists of this screen, in the manual's order.
pub const REQUEST_LISTS: [LineList; 4] = [
    LineList::All,
    LineList::Counter,
    LineList::Errors,
    LineList::Movements,
];

/// `(value, label)` of lists for a [`RadioRow`].
pub fn list_options(lists: &[LineList]) -> Vec<(&'static str, &'static str)> {
    lists.iter().map(|l| (l.as_str(), l.label())).collect()
}

/// The list chosen in a radio row (the first when none).
pub fn chosen_list(value: RwSignal<String>) -> Signal<LineList> {
    Signal::derive(move || value.with(|v| v.parse().unwrap_or_default()))
}

#[component]
pub fn RequestListsPage() -> impl IntoView {
    enter_screen(screen::REQUEST_LISTS, TITLE);
    view! {
        <DeductionFrame>
            <RequestLists />
        </DeductionFrame>
    }
}

#[component]
fn RequestLists() -> impl IntoView {
    let form = FormState::new();
    let cycle = RwSignal::new(None::<DeductionCycleView>);
    let list_value = RwSignal::new(LineList::All.as_str().to_owned());
    let list = chosen_list(list_value);
    let pdf = cycle_file(cycle, move || {
        format!("/request-list.pdf?list={}", list.get().as_str())
    });
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "支給区分・控除年月と出力するリストを選択し、「PDF出力」ボタンをクリックしてください。"
            </p>
            <CyclePicker form=form selected=cycle />
            <div class="form">
                <RadioRow
                    name="list"
                    label="出力リスト"
                    value=list_value
                    options=list_options(&REQUEST_LISTS)
                />
            </div>
            <div class="form-actions">
                <FileButton form=form label="PDF出力" path=pdf fallback="request-list.pdf" testid="pdf" />
            </div>
            <LinePreview form=form cycle=cycle list=list columns=Columns::Request />
        </section>
    }
}

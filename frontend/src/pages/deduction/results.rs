//! DR111101 労金控除結果リスト出力: the bank's results of a cycle — 控除結果リスト, 控除不能リスト,
//! カナ氏名不一致リスト — previewed (`GET …/lines?list=results|failed|kana_mismatch`) and printed
//! (`GET …/results.pdf?list=all|failed|kana_mismatch`).

use cjs_api_types::deduction::{DeductionCycleView, ResultList, screen};
use cjs_domain::deduction::LineList;
use leptos::prelude::*;

use crate::pages::deduction::cycle::CyclePicker;
use crate::pages::deduction::lines::{Columns, LinePreview};
use crate::pages::deduction::{DeductionFrame, FileButton, RadioRow, cycle_file};
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

pub const TITLE: &str = "労金控除結果リスト出力";

/// The three lists: the PDF's `?list=` and the preview's `LineList`.
pub fn result_list(value: &str) -> ResultList {
    match value {
        "failed" => ResultList::Failed,
        "kana_mismatch" => ResultList::KanaMismatch,
        _ => ResultList::All,
    }
}

pub fn result_list_name(list: ResultList) -> &'static str {
    match list {
        ResultList::All => "all",
        ResultList::Failed => "failed",
        ResultList::KanaMismatch => "kana_mismatch",
    }
}

#[component]
pub fn ResultListsPage() -> impl IntoView {
    enter_screen(screen::RESULT_LISTS, TITLE);
    view! {
        <DeductionFrame>
            <ResultLists />
        </DeductionFrame>
    }
}

#[component]
fn ResultLists() -> impl IntoView {
    let form = FormState::new();
    let cycle = RwSignal::new(None::<DeductionCycleView>);
    let list_value = RwSignal::new("all".to_owned());
    let chosen = Signal::derive(move || list_value.with(|v| result_list(v)));
    let lines = Signal::derive(move || LineList::from(chosen.get()));
    let pdf = cycle_file(cycle, move || {
        format!("/results.pdf?list={}", result_list_name(chosen.get()))
    });
    let options = [
        ResultList::All,
        ResultList::Failed,
        ResultList::KanaMismatch,
    ]
    .into_iter()
    .map(|r| (result_list_name(r), LineList::from(r).label()))
    .collect::<Vec<_>>();
    let no_results = move || {
        cycle.with(|c| {
            c.as_ref()
                .is_some_and(|c| c.run.is_some() && c.result_received.is_none())
        })
    };
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "支給区分・控除年月と出力するリストを選択し、「PDF出力」ボタンをクリックしてください。"
            </p>
            <CyclePicker form=form selected=cycle />
            {move || {
                no_results()
                    .then(|| {
                        view! {
                            <p class="notice notice-info" data-testid="no-results">
                                "この控除年月の結果データはまだ受信していません。"
                            </p>
                        }
                    })
            }}
            <div class="form">
                <RadioRow name="list" label="出力リスト" value=list_value options=options />
            </div>
            <div class="form-actions">
                <FileButton form=form label="PDF出力" path=pdf fallback="results.pdf" testid="pdf" />
            </div>
            <LinePreview form=form cycle=cycle list=lines columns=Columns::Results />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_lists_map_to_the_pdf_and_the_preview() {
        for name in ["all", "failed", "kana_mismatch"] {
            assert_eq!(result_list_name(result_list(name)), name);
        }
        assert_eq!(LineList::from(result_list("all")), LineList::Results);
        assert_eq!(LineList::from(result_list("x")), LineList::Results);
    }
}

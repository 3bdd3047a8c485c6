//! DR110101 まとめ入金WEB更新依頼明細書出力: for a 確定 / 金庫受付済 cycle, the lines sent (入金中止,
//! then the Web's changes; `GET …/lines?list=web_updates`) and the PDF (`…/lump/web-updates.pdf`).

use cjs_api_types::deduction::{DeductionCycleView, screen};
use cjs_domain::deduction::{LineList, LumpState};
use leptos::prelude::*;

use crate::pages::deduction::cycle::{CycleKey, CyclePicker};
use crate::pages::deduction::lines::{Columns, LinePreview};
use crate::pages::deduction::lump::{LumpFigures, lump_of};
use crate::pages::deduction::{DeductionFrame, FileButton};
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

pub const TITLE: &str = "まとめ入金WEB更新依頼明細書出力";

#[component]
pub fn LumpWebUpdatesPage() -> impl IntoView {
    enter_screen(screen::LUMP_WEB_UPDATES, TITLE);
    view! {
        <DeductionFrame>
            <LumpWebUpdates />
        </DeductionFrame>
    }
}

#[component]
fn LumpWebUpdates() -> impl IntoView {
    let form = FormState::new();
    let cycle = RwSignal::new(None::<DeductionCycleView>);
    let reload = RwSignal::new(0_u32);
    let lump = lump_of(form, cycle, reload);
    let fixed = move || {
        lump.with(|l| {
            l.as_ref()
                .is_some_and(|l| matches!(l.state, LumpState::Confirmed | LumpState::Taken))
        })
    };
    let pdf = Signal::derive(move || {
        let key = lump.with(|l| {
            l.as_ref()
                .filter(|l| matches!(l.state, LumpState::Confirmed | LumpState::Taken))
                .map(|l| CycleKey {
                    occasion: l.occasion,
                    month: l.month,
                })
        })?;
        Some(format!("{}/lump/web-updates.pdf", key.path()))
    });
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "支給区分と控除年月を選択し、「PDF出力」ボタンをクリックしてください（まとめ入金確定後に出力できます）。"
            </p>
            <CyclePicker form=form selected=cycle />
            {move || lump.get().map(|l| view! { <LumpFigures lump=l /> })}
            {move || {
                (lump.with(Option::is_some) && !fixed())
                    .then(|| {
                        view! {
                            <p class="notice notice-info" data-testid="lump-not-fixed">
                                "まとめ入金は確定されていません。まとめ入金確定の後に出力してください。"
                            </p>
                        }
                    })
            }}
            <div class="form-actions">
                <FileButton form=form label="PDF出力" path=pdf fallback="lump-web-updates.pdf" testid="pdf" />
            </div>
            <LinePreview form=form cycle=cycle list=LineList::WebUpdates columns=Columns::Request />
        </section>
    }
}

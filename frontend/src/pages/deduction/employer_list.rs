//! DR106101 企業宛控除依頼書出力: one row per employee with the total to deduct, addressed to the
//! employer's payroll (`GET …/employer-request?scope` for the preview, `…/employer-request.pdf
//! ?scope` for the paper), 全件 or 異動分.

use cjs_api_types::deduction::{DeductionCycleView, EmployerRequest, EmployerScope, screen};
use leptos::prelude::*;

use crate::api;
use crate::format::ja_date;
use crate::pages::deduction::cycle::{CycleKey, CyclePicker};
use crate::pages::deduction::{DeductionFrame, FileButton, RadioRow, cycle_file, yen};
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

pub const TITLE: &str = "企業宛控除依頼書出力";

/// 全件 / 異動分 as radio options.
pub fn scope_options() -> Vec<(&'static str, &'static str)> {
    [EmployerScope::All, EmployerScope::Movements]
        .into_iter()
        .map(|s| (api::deduction::scope_name(s), s.label()))
        .collect()
}

pub fn chosen_scope(value: RwSignal<String>) -> Signal<EmployerScope> {
    Signal::derive(move || {
        if value.with(|v| v == "movements") {
            EmployerScope::Movements
        } else {
            EmployerScope::All
        }
    })
}

#[component]
pub fn EmployerListPage() -> impl IntoView {
    enter_screen(screen::EMPLOYER_LIST, TITLE);
    view! {
        <DeductionFrame>
            <EmployerList />
        </DeductionFrame>
    }
}

#[component]
fn EmployerList() -> impl IntoView {
    let form = FormState::new();
    let cycle = RwSignal::new(None::<DeductionCycleView>);
    let scope_value = RwSignal::new("all".to_owned());
    let scope = chosen_scope(scope_value);
    let pdf = cycle_file(cycle, move || {
        format!(
            "/employer-request.pdf?scope={}",
            api::deduction::scope_name(scope.get())
        )
    });
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "支給区分・控除年月と出力範囲を選択し、「PDF出力」ボタンをクリックしてください。"
            </p>
            <CyclePicker form=form selected=cycle />
            <div class="form">
                <RadioRow name="scope" label="出力範囲" value=scope_value options=scope_options() />
            </div>
            <div class="form-actions">
                <FileButton form=form label="PDF出力" path=pdf fallback="employer-request.pdf" testid="pdf" />
            </div>
            <EmployerPreview form=form cycle=cycle scope=scope />
        </section>
    }
}

/// The employees as the paper lists them (`GET …/employer-request?scope`).
#[component]
pub fn EmployerPreview(
    form: FormState,
    cycle: RwSignal<Option<DeductionCycleView>>,
    #[prop(into)] scope: Signal<EmployerScope>,
) -> impl IntoView {
    let data = RwSignal::new(None::<EmployerRequest>);
    let seq = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let key = cycle.with(|c| c.as_ref().filter(|c| c.run.is_some()).map(CycleKey::of));
        let scope = scope.get();
        let Some(key) = key else {
            data.set(None);
            return;
        };
        seq.update_value(|s| *s += 1);
        let mine = seq.get_value();
        form.load(
            async move { api::deduction::employer_request(key.occasion, key.month, scope).await },
            move |r| {
                if seq.get_value() == mine {
                    data.set(Some(r));
                }
            },
        );
    });
    move || {
        data.get().map(|r| {
            view! {
                <p class="lead" data-testid="employer-heading">
                    {r.payment_group_name.clone()} "（" {r.payment_group.clone()} "） "
                    {r.occasion_label.clone()} " " {r.month.label()} " 支給日 "
                    {ja_date(r.payday)} " " {r.scope.label()}
                </p>
                <p class="count" data-testid="employer-count">
                    {format!("抽出件数: {}名　控除額合計 {}円", r.employee_count, yen(r.total))}
                </p>
                <div class="table-wrap">
                    <table class="grid employer" data-testid="employer-table">
                        <thead>
                            <tr>
                                <th scope="col">"No"</th>
                                <th scope="col">"職員番号"</th>
                                <th scope="col">"カナ氏名"</th>
                                <th scope="col">"漢字氏名"</th>
                                <th scope="col">"控除額合計"</th>
                                <th scope="col">"件数"</th>
                                <th scope="col">"異動"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {r.rows
                                .into_iter()
                                .enumerate()
                                .map(|(i, row)| {
                                    view! {
                                        <tr data-testid="employer-row">
                                            <td class="cell-number">{i + 1}</td>
                                            <td>{row.employee_no}</td>
                                            <td>{row.kana_name}</td>
                                            <td>{row.kanji_name.unwrap_or_default()}</td>
                                            <td class="cell-money">{yen(row.total)}</td>
                                            <td class="cell-number">{row.count}</td>
                                            <td class="cell-action">{row.moved.then_some("＊")}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })
    }
}

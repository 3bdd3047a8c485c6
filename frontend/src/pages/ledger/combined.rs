//! LR112101 労金控除賃控元帳依頼リスト出力 and LR113101 労金控除賃控元帳依頼データエクスポート: per
//! employee, the cycle's 労金控除 request lines and the ledger's 控除依頼 lines with the total to
//! deduct — what payroll needs (`GET …/combined` for the screen, `…/combined.pdf`,
//! `…/combined.csv?encoding`). Ledger items of kind 労金 are left out when the cycle's 労金控除
//! data exists (the bank's data is the source of those).

use cjs_api_types::ledger::{CombinedRequest, screen};
use leptos::prelude::*;

use crate::api;
use crate::pages::deduction::{ENCODINGS, FileButton, RadioRow, yen};
use crate::pages::ledger::LedgerFrame;
use crate::pages::ledger::cycle::{CycleChoice, CyclePicker, cycle_choice};
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

pub const TITLE_LIST: &str = "労金控除賃控元帳依頼リスト出力";
pub const TITLE_EXPORT: &str = "労金控除賃控元帳依頼データエクスポート";

#[component]
pub fn CombinedListPage() -> impl IntoView {
    enter_screen(screen::COMBINED_LIST, TITLE_LIST);
    view! {
        <LedgerFrame>
            <Combined export=false />
        </LedgerFrame>
    }
}

#[component]
pub fn CombinedExportPage() -> impl IntoView {
    enter_screen(screen::COMBINED_EXPORT, TITLE_EXPORT);
    view! {
        <LedgerFrame>
            <Combined export=true />
        </LedgerFrame>
    }
}

/// 「12名　労金控除 20件 150,000円　賃控元帳 30件 60,000円　総合計 210,000円」
pub fn totals_text(r: &CombinedRequest) -> String {
    let t = &r.totals;
    format!(
        "{}名　労金控除 {}件 {}円　賃控元帳 {}件 {}円　総合計 {}円",
        t.employees,
        t.rokin_count,
        yen(t.rokin_amount),
        t.ledger_count,
        yen(t.ledger_amount),
        yen(t.total)
    )
}

#[component]
fn Combined(export: bool) -> impl IntoView {
    let form = FormState::new();
    let choice = cycle_choice(form);
    let encoding = RwSignal::new(ENCODINGS[0].0.to_owned());
    let file = if export {
        choice.run_file(move || format!("/combined.csv?encoding={}", encoding.get()))
    } else {
        choice.run_file(|| "/combined.pdf".to_owned())
    };
    let (title, lead, label, fallback) = if export {
        (
            TITLE_EXPORT,
            "支給区分・控除年月と文字コードを選択し、「CSV出力」ボタンをクリックしてください。",
            "CSV出力",
            "combined.csv",
        )
    } else {
        (
            TITLE_LIST,
            "支給区分・控除年月を入力し、「PDF出力」ボタンをクリックしてください。",
            "PDF出力",
            "combined.pdf",
        )
    };
    let encodings = export.then(|| {
        view! {
            <div class="form">
                <RadioRow name="encoding" label="文字コード" value=encoding options=ENCODINGS.to_vec() />
            </div>
        }
    });
    view! {
        <section class="panel">
            <h1 class="page-title">{title}</h1>
            <ErrorBanner form=form />
            <p class="lead">{lead}</p>
            <CyclePicker form=form choice=choice needs_run=true />
            {encodings}
            <div class="form-actions">
                <FileButton form=form label=label path=file fallback=fallback testid="file" />
            </div>
            <ul class="marks">
                <li>"賃控元帳の控除依頼データ（賃控元帳控除依頼リスト出力で作成）と、同じ支給区分・控除年月の労金控除依頼データを職員ごとにまとめます。"</li>
                <li>"労金控除データがある場合、種目区分が「労金」の賃控元帳の明細は載せません（労金控除データを使います）。"</li>
            </ul>
            <CombinedPreview form=form choice=choice />
        </section>
    }
}

/// The employees as the paper lists them.
#[component]
fn CombinedPreview(form: FormState, choice: CycleChoice) -> impl IntoView {
    let data = RwSignal::new(None::<CombinedRequest>);
    let seq = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let cycle = choice.cycle.get();
        let made = choice.run.with(Option::is_some);
        let (Some(cycle), true) = (cycle, made) else {
            data.set(None);
            return;
        };
        seq.update_value(|s| *s += 1);
        let mine = seq.get_value();
        form.load(
            async move { api::ledger::combined(cycle.occasion, cycle.month).await },
            move |r| {
                if seq.get_value() == mine {
                    data.set(Some(r));
                }
            },
        );
    });
    move || {
        data.get().map(|r| {
            let no_deduction = (!r.deduction_data).then(|| {
                view! {
                    <p class="notice notice-info" data-testid="no-deduction-data">
                        "労金控除データ：なし（この控除年月の労金控除依頼データがないため、賃控元帳の明細だけを表示しています）"
                    </p>
                }
            });
            view! {
                <p class="lead" data-testid="combined-heading">
                    {r.payment_group_name.clone()} "（" {r.payment_group.clone()} "） "
                    {r.occasion_label.clone()} " " {r.month.label()}
                </p>
                {no_deduction}
                <p class="count" data-testid="combined-count">{totals_text(&r)}</p>
                <div class="table-wrap">
                    <table class="grid combined" data-testid="combined-table">
                        <thead>
                            <tr>
                                <th scope="col">"No"</th>
                                <th scope="col">"職員番号"</th>
                                <th scope="col">"カナ氏名"</th>
                                <th scope="col">"漢字氏名"</th>
                                <th scope="col">"区分"</th>
                                <th scope="col">"取引・種目"</th>
                                <th scope="col">"店番・口座番号"</th>
                                <th scope="col">"控除金額"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {r
                                .employees
                                .into_iter()
                                .enumerate()
                                .map(|(i, e)| {
                                    let n = e.rows.len();
                                    let rows = e
                                        .rows
                                        .into_iter()
                                        .enumerate()
                                        .map(|(j, row)| {
                                            let first = j == 0;
                                            let account = match (&row.branch_no, &row.account_no) {
                                                (Some(b), Some(a)) => format!("{b}-{a}"),
                                                _ => String::new(),
                                            };
                                            view! {
                                                <tr data-testid="combined-row">
                                                    <td class="cell-number">{first.then_some(i + 1)}</td>
                                                    <td>{first.then(|| e.employee_no.clone())}</td>
                                                    <td>{first.then(|| e.kana_name.clone())}</td>
                                                    <td>{first.then(|| e.kanji_name.clone()).flatten()}</td>
                                                    <td>{row.source.label()}</td>
                                                    <td>{format!("{} {}", row.code, row.name)}</td>
                                                    <td>{account}</td>
                                                    <td class="cell-money">{yen(row.amount)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view();
                                    view! {
                                        {rows}
                                        <tr class="subtotal" data-testid="combined-total">
                                            <td colspan="7" class="cell-money">
                                                {format!("職員合計（{n}件）")}
                                            </td>
                                            <td class="cell-money">{yen(e.total)}</td>
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

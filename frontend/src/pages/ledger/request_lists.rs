//! LR105101 賃控元帳控除依頼リスト出力: the 控除依頼 of a cycle — 作成 (`POST …/run`; 作成し直し
//! replaces it until results are recorded) — its lines (`GET …/lines?list=all`), the
//! 賃控元帳控除依頼リスト PDF, and the 賃控元帳控除依頼カナ氏名・職員番号桁数相違リスト (the run against
//! the group's 労金控除 details: `GET …/mismatches`, `…/mismatch-list.pdf`).

use cjs_api_types::ledger::{MismatchList, Outcome, RunLinePage, RunList, RunTotals, screen};
use leptos::prelude::*;

use crate::api;
use crate::pages::deduction::{FileButton, Pager, count_text, yen};
use crate::pages::ledger::cycle::{CycleChoice, CyclePicker, cycle_choice};
use crate::pages::ledger::{LedgerFrame, LedgerReadOnly, read_only};
use crate::screen::enter_screen;
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::form::FormState;

pub const TITLE: &str = "賃控元帳控除依頼リスト出力";
pub const PER_PAGE: u32 = 50;

#[component]
pub fn RequestListsPage() -> impl IntoView {
    enter_screen(screen::REQUEST_LISTS, TITLE);
    view! {
        <LedgerFrame>
            <RequestLists />
        </LedgerFrame>
    }
}

/// 「合計 12名 30件 123,000円」
pub fn run_totals_text(t: &RunTotals) -> String {
    format!("合計 {}名 {}件 {}円", t.employees, t.lines, yen(t.amount))
}

/// 「済 25件 100,000円　不能 2件 8,000円　未登録 3件 15,000円」
pub fn result_totals_text(t: &RunTotals) -> String {
    format!(
        "済 {}件 {}円　不能 {}件 {}円　未登録 {}件 {}円",
        t.deducted_count,
        yen(t.deducted_amount),
        t.failed_count,
        yen(t.failed_amount),
        t.unrecorded_count,
        yen(t.unrecorded_amount)
    )
}

#[component]
fn RequestLists() -> impl IntoView {
    let form = FormState::new();
    let done = RwSignal::new(None::<String>);
    let read_only = read_only();
    let choice = cycle_choice(form);
    let create = move |_| {
        let Some(cycle) = choice.cycle.get_untracked() else {
            return;
        };
        let replace = choice.run.with_untracked(Option::is_some);
        let question = if replace {
            format!(
                "{} の控除依頼データを、現在の賃控元帳明細から作成し直します。よろしいですか？",
                cycle.label()
            )
        } else {
            format!(
                "{} の控除依頼データを、現在の賃控元帳明細から作成します。よろしいですか？",
                cycle.label()
            )
        };
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        done.set(None);
        form.submit(
            async move { api::ledger::create_run(cycle.occasion, cycle.month, replace).await },
            move |run| {
                done.set(Some(format!(
                    "{} の控除依頼データを作成しました（{}件 {}円）。",
                    cycle.label(),
                    run.line_count,
                    yen(run.total)
                )));
                choice.reload.update(|n| *n += 1);
            },
        );
    };
    let create_label = move || {
        if choice.run.with(Option::is_some) {
            "控除依頼データ作成し直し"
        } else {
            "控除依頼データ作成"
        }
    };
    let list_pdf = choice.run_file(|| "/request-list.pdf".to_owned());
    let mismatch_pdf = choice.run_file(|| "/mismatch-list.pdf".to_owned());
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <LedgerReadOnly />
            <DoneBanner message=done />
            <ErrorBanner form=form />
            <p class="lead">
                "支給区分・控除年月を入力してください。控除依頼データがない場合は「控除依頼データ作成」ボタンで作成し、「PDF出力」ボタンでリストを出力してください。"
            </p>
            <CyclePicker form=form choice=choice needs_run=true />
            <div class="form-actions">
                <Show when=move || !read_only.get()>
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="create-run"
                        disabled=move || form.busy.get() || choice.cycle.with(Option::is_none)
                        on:click=create
                    >
                        {create_label}
                    </button>
                </Show>
                <FileButton
                    form=form
                    label="賃控元帳控除依頼リスト PDF出力"
                    path=list_pdf
                    fallback="request-list.pdf"
                    testid="pdf-request"
                />
                <FileButton
                    form=form
                    label="カナ氏名・職員番号桁数相違リスト PDF出力"
                    path=mismatch_pdf
                    fallback="mismatch-list.pdf"
                    testid="pdf-mismatch"
                />
            </div>
            <ul class="marks">
                <li>"控除依頼データは、その支給区分・控除年月に控除金額のある有効な明細から作成します。"</li>
                <li>"控除結果を登録した後は、作成し直すことはできません。"</li>
            </ul>
            <RunLinePreview form=form choice=choice list=RunList::All />
            <MismatchPreview form=form choice=choice />
        </section>
    }
}

/// A page of the run's lines (`list`), with the totals; `with_results` adds 結果 and 不能理由
/// (LR107101). LR105101, LR106101 and LR107101.
#[component]
pub fn RunLinePreview(
    form: FormState,
    choice: CycleChoice,
    #[prop(into)] list: Signal<RunList>,
    #[prop(optional)] with_results: bool,
) -> impl IntoView {
    let data = RwSignal::new(None::<RunLinePage>);
    let seq = StoredValue::new(0_u64);
    let load = move |at: u32| {
        let cycle = choice.cycle.get_untracked();
        let made = choice.run.with_untracked(Option::is_some);
        let (Some(cycle), true) = (cycle, made) else {
            data.set(None);
            return;
        };
        let l = list.get_untracked();
        seq.update_value(|s| *s += 1);
        let mine = seq.get_value();
        form.load(
            async move {
                api::ledger::run_lines(cycle.occasion, cycle.month, l, at, PER_PAGE).await
            },
            move |p| {
                if seq.get_value() == mine {
                    data.set(Some(p));
                }
            },
        );
    };
    Effect::new(move |_| {
        let _ = (choice.cycle.get(), choice.run.get(), list.get());
        load(1);
    });
    let go = Callback::new(load);
    let page = Signal::derive(move || data.with(|d| d.as_ref().map_or(1, |d| d.page)));
    let total = Signal::derive(move || data.with(|d| d.as_ref().map_or(0, |d| d.total)));
    let results = move || with_results;
    view! {
        {move || {
            data.get()
                .map(|p| {
                    let totals = if with_results {
                        result_totals_text(&p.totals)
                    } else {
                        run_totals_text(&p.totals)
                    };
                    view! {
                        <h2 class="list-title" data-testid="list-title">{p.title.clone()}</h2>
                        <p class="count" data-testid="line-count">
                            {count_text(p.total, p.page, p.per_page)}
                        </p>
                        <p class="small" data-testid="line-totals">{totals}</p>
                    }
                })
        }}
        <Show when=move || data.with(Option::is_some)>
            <div class="table-wrap">
                <table class="grid lines" data-testid="line-table">
                    <thead>
                        <tr>
                            <th scope="col">"No"</th>
                            <th scope="col">"職員番号"</th>
                            <th scope="col">"カナ氏名"</th>
                            <th scope="col">"漢字氏名"</th>
                            <th scope="col">"種目コード"</th>
                            <th scope="col">"種目名"</th>
                            <th scope="col">"控除金額"</th>
                            <Show when=results>
                                <th scope="col">"結果"</th>
                                <th scope="col">"不能理由"</th>
                            </Show>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            data.get()
                                .map(|p| p.items)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|l| {
                                    let failed = l.result == Some(Outcome::Failed);
                                    let result = l.result_label.clone();
                                    let reason = l.result_reason_label.clone().unwrap_or_default();
                                    view! {
                                        <tr data-testid="line-row">
                                            <td class="cell-number">{l.line_no}</td>
                                            <td>{l.employee_no}</td>
                                            <td>{l.kana_name}</td>
                                            <td>{l.kanji_name}</td>
                                            <td>{l.item_code}</td>
                                            <td>{l.item_name}</td>
                                            <td class="cell-money">{yen(l.amount)}</td>
                                            <Show when=results>
                                                <td class:failure=failed>{result.clone()}</td>
                                                <td>{reason.clone()}</td>
                                            </Show>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <Pager page=page per_page=PER_PAGE total=total busy=form.busy go=go />
        </Show>
    }
}

/// The カナ氏名・職員番号桁数相違 pairs of the run.
#[component]
fn MismatchPreview(form: FormState, choice: CycleChoice) -> impl IntoView {
    let data = RwSignal::new(None::<MismatchList>);
    Effect::new(move |_| {
        let cycle = choice.cycle.get();
        let made = choice.run.with(Option::is_some);
        let (Some(cycle), true) = (cycle, made) else {
            data.set(None);
            return;
        };
        form.load(
            async move { api::ledger::mismatches(cycle.occasion, cycle.month).await },
            move |m| data.set(Some(m)),
        );
    });
    move || {
        data.get().map(|m| {
            let count = format!(
                "カナ氏名相違 {}件　職員番号桁数相違 {}件",
                m.kana_count, m.digits_count
            );
            view! {
                <h2 class="list-title" data-testid="mismatch-title">
                    "賃控元帳控除依頼カナ氏名・職員番号桁数相違リスト"
                </h2>
                <p class="count" data-testid="mismatch-count">{count}</p>
                <div class="table-wrap">
                    <table class="grid mismatches" data-testid="mismatch-table">
                        <thead>
                            <tr>
                                <th scope="col">"No"</th>
                                <th scope="col">"相違区分"</th>
                                <th scope="col">"職員番号（賃控元帳）"</th>
                                <th scope="col">"カナ氏名（賃控元帳）"</th>
                                <th scope="col">"職員番号（労金控除）"</th>
                                <th scope="col">"カナ氏名（労金控除）"</th>
                                <th scope="col">"漢字氏名"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {m
                                .rows
                                .into_iter()
                                .map(|r| {
                                    view! {
                                        <tr data-testid="mismatch-row">
                                            <td class="cell-number">{r.no}</td>
                                            <td>{r.kind_label}</td>
                                            <td>{r.ledger_employee_no}</td>
                                            <td>{r.ledger_kana_name}</td>
                                            <td>{r.deduction_employee_no}</td>
                                            <td>{r.deduction_kana_name}</td>
                                            <td>{r.kanji_name}</td>
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

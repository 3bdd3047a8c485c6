//! LR107101 賃控元帳結果リスト出力: the results of a cycle's 控除依頼. The clerk records which lines
//! payroll could not deduct — per line 済 / 不能 (理由 退職・休職・給与不足・その他 + 内容), sent for
//! the page at once (`PUT …/results`, all or nothing, with the run's version) — or imports
//! payroll's CSV (`POST …/results/import?mode=check|apply`, docs/ledger.md §6.4). Then the
//! 賃控元帳控除結果リスト and 賃控元帳控除不能リスト (`GET …/results.pdf?list=all|failed`).

use cjs_api_types::ledger::{
    FailReason, ImportMode, Outcome, ResultInput, ResultList, ResultsRequest, RowProblem,
    RunLinePage, RunLineView, RunList, screen,
};
use leptos::prelude::*;

use crate::api;
use crate::api::ledger::{from_wire, wire};
use crate::pages::deduction::{FileButton, Pager, RadioRow, count_text, yen};
use crate::pages::ledger::cycle::{CycleChoice, CyclePicker, cycle_choice};
use crate::pages::ledger::request_lists::{PER_PAGE, RunLinePreview, result_totals_text};
use crate::pages::ledger::upload::CsvImport;
use crate::pages::ledger::{LedgerFrame, LedgerReadOnly, read_only};
use crate::screen::enter_screen;
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::form::FormState;

pub const TITLE: &str = "賃控元帳結果リスト出力";

#[component]
pub fn ResultListsPage() -> impl IntoView {
    enter_screen(screen::RESULT_LISTS, TITLE);
    view! {
        <LedgerFrame>
            <ResultLists />
        </LedgerFrame>
    }
}

/// One line's result as typed: `(result, reason, text)` as the selects' values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Typed {
    pub result: String,
    pub reason: String,
    pub text: String,
}

impl Typed {
    pub fn of(line: &RunLineView) -> Self {
        Self {
            result: line.result.map(wire).unwrap_or_default(),
            reason: line.result_reason.map(wire).unwrap_or_default(),
            text: line.result_text.clone().unwrap_or_default(),
        }
    }

    /// What to send for the line (the server checks the combination: 済 with a reason, 不能
    /// without one, その他 without text are refused).
    pub fn input(&self, line_no: i32) -> ResultInput {
        let result = from_wire::<Outcome>(&self.result);
        let failed = result == Some(Outcome::Failed);
        let reason = failed
            .then(|| from_wire::<FailReason>(&self.reason))
            .flatten();
        let text = (reason == Some(FailReason::Other))
            .then(|| self.text.trim().to_owned())
            .filter(|t| !t.is_empty());
        ResultInput {
            line_no,
            result,
            result_reason: reason,
            result_text: text,
        }
    }
}

/// The per-line reasons of a refused 結果登録 (E1038 with `details.problems`; an import's refusal
/// carries its whole report instead, shown by the import box).
pub fn screen_problems(error: &cjs_api_types::ApiError) -> Option<Vec<RowProblem>> {
    if error.code != cjs_api_types::ErrorCode::E1038 {
        return None;
    }
    let details = error.details.as_ref()?;
    if details.get("mode").is_some() {
        return None;
    }
    serde_json::from_value(details.get("problems")?.clone()).ok()
}

/// The lines whose typed result differs from the one recorded.
pub fn changed_inputs(rows: &[(RunLineView, Typed)]) -> Vec<ResultInput> {
    rows.iter()
        .filter(|(line, typed)| {
            let now = typed.input(line.line_no);
            (now.result, now.result_reason, now.result_text.as_deref())
                != (line.result, line.result_reason, line.result_text.as_deref())
        })
        .map(|(line, typed)| typed.input(line.line_no))
        .collect()
}

#[component]
fn ResultLists() -> impl IntoView {
    let form = FormState::new();
    let done = RwSignal::new(None::<String>);
    let read_only = read_only();
    let choice = cycle_choice(form);
    let list_value = RwSignal::new("all".to_owned());
    let chosen = Signal::derive(move || {
        if list_value.with(|v| v == "failed") {
            ResultList::Failed
        } else {
            ResultList::All
        }
    });
    let pdf = choice.run_file(move || format!("/results.pdf?list={}", wire(chosen.get())));
    let reload = RwSignal::new(0_u32);
    let path = Callback::new(move |mode: ImportMode| {
        choice
            .cycle
            .get_untracked()
            .map(|c| api::ledger::results_import_path(c.occasion, c.month, mode))
    });
    let applied = Callback::new(move |r: cjs_api_types::ledger::ImportReport| {
        done.set(Some(format!(
            "控除結果データを取り込みました（結果が変わった明細 {}件）。",
            r.changed
        )));
        choice.reload.update(|n| *n += 1);
        reload.update(|n| *n += 1);
    });
    let no_run = Signal::derive(move || choice.run.with(Option::is_none));
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <LedgerReadOnly />
            <DoneBanner message=done />
            <ErrorBanner form=form />
            <p class="lead">
                "支給区分・控除年月を入力してください。控除できなかった明細の結果を登録（または給与計算の控除結果データを取込）し、出力するリストの「PDF出力」ボタンをクリックしてください。"
            </p>
            <CyclePicker form=form choice=choice needs_run=true />
            <div class="form">
                <RadioRow
                    name="list"
                    label="出力リスト"
                    value=list_value
                    options=vec![
                        ("all", ResultList::All.label()),
                        ("failed", ResultList::Failed.label()),
                    ]
                />
            </div>
            <div class="form-actions">
                <FileButton form=form label="PDF出力" path=pdf fallback="results.pdf" testid="pdf" />
            </div>
            <Show
                when=move || !read_only.get()
                fallback=move || {
                    view! {
                        <RunLinePreview
                            form=form
                            choice=choice
                            list=Signal::derive(move || RunList::from(chosen.get()))
                            with_results=true
                        />
                    }
                }
            >
                <h2 class="list-title">"控除結果データの取込"</h2>
                <p class="small">
                    "項目: 職員番号, 種目コード, 結果（済/不能）, 不能理由（退職/休職/給与不足/その他）, 不能理由（その他）。取り込んだ行の結果だけが変わります。"
                </p>
                <CsvImport
                    form=form
                    path=path
                    applied=applied
                    disabled=no_run
                    apply_label="取込"
                />
                <ResultEditor form=form choice=choice done=done reload=reload />
            </Show>
        </section>
    }
}

/// The run's lines, a page at a time, each with its result to set.
#[component]
fn ResultEditor(
    form: FormState,
    choice: CycleChoice,
    done: RwSignal<Option<String>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let data = RwSignal::new(None::<RunLinePage>);
    let rows = RwSignal::new(Vec::<(RunLineView, RwSignal<Typed>)>::new());
    let seq = StoredValue::new(0_u64);
    let load = move |at: u32| {
        let cycle = choice.cycle.get_untracked();
        let made = choice.run.with_untracked(Option::is_some);
        let (Some(cycle), true) = (cycle, made) else {
            data.set(None);
            rows.set(Vec::new());
            return;
        };
        seq.update_value(|s| *s += 1);
        let mine = seq.get_value();
        form.load(
            async move {
                api::ledger::run_lines(cycle.occasion, cycle.month, RunList::All, at, PER_PAGE)
                    .await
            },
            move |p| {
                if seq.get_value() == mine {
                    rows.set(
                        p.items
                            .iter()
                            .map(|l| (l.clone(), RwSignal::new(Typed::of(l))))
                            .collect(),
                    );
                    data.set(Some(p));
                }
            },
        );
    };
    Effect::new(move |_| {
        let _ = (choice.cycle.get(), choice.run.get(), reload.get());
        load(1);
    });
    let go = Callback::new(load);
    let page = Signal::derive(move || data.with(|d| d.as_ref().map_or(1, |d| d.page)));
    let total = Signal::derive(move || data.with(|d| d.as_ref().map_or(0, |d| d.total)));
    let save = move |_| {
        let (Some(cycle), Some(version)) = (
            choice.cycle.get_untracked(),
            data.with_untracked(|d| d.as_ref().map(|d| d.version)),
        ) else {
            return;
        };
        let typed: Vec<(RunLineView, Typed)> = rows.with_untracked(|r| {
            r.iter()
                .map(|(l, t)| (l.clone(), t.get_untracked()))
                .collect()
        });
        let results = changed_inputs(&typed);
        if results.is_empty() {
            done.set(Some("変更された結果はありません。".to_owned()));
            return;
        }
        let n = results.len();
        done.set(None);
        let body = ResultsRequest { version, results };
        let at = page.get_untracked();
        form.submit(
            async move { api::ledger::record_results(cycle.occasion, cycle.month, &body).await },
            move |_| {
                done.set(Some(format!("{n}件の控除結果を登録しました。")));
                choice.reload.update(|x| *x += 1);
                load(at);
            },
        );
    };
    view! {
        {move || {
            data.get()
                .map(|p| {
                    view! {
                        <h2 class="list-title" data-testid="list-title">"控除結果の登録"</h2>
                        <p class="count" data-testid="line-count">
                            {count_text(p.total, p.page, p.per_page)}
                        </p>
                        <p class="small" data-testid="line-totals">{result_totals_text(&p.totals)}</p>
                    }
                })
        }}
        <Show when=move || data.with(Option::is_some)>
            <p class="lead">
                "控除できなかった明細は結果を「不能」にして理由を選択し、「結果登録」ボタンをクリックしてください（このページで変更した明細を登録します）。"
            </p>
            <div class="table-wrap">
                <table class="grid lines results" data-testid="result-table">
                    <thead>
                        <tr>
                            <th scope="col">"No"</th>
                            <th scope="col">"職員番号"</th>
                            <th scope="col">"カナ氏名"</th>
                            <th scope="col">"漢字氏名"</th>
                            <th scope="col">"種目"</th>
                            <th scope="col">"控除金額"</th>
                            <th scope="col">"結果"</th>
                            <th scope="col">"不能理由"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            rows.get()
                                .into_iter()
                                .map(|(line, typed)| view! { <ResultRow line=line typed=typed /> })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            {move || {
                form.error
                    .with(|e| e.as_ref().and_then(screen_problems))
                    .map(|problems| {
                        view! {
                            <div class="table-wrap">
                                <table class="grid import-problems" data-testid="result-problems">
                                    <thead>
                                        <tr>
                                            <th scope="col">"No"</th>
                                            <th scope="col">"項目"</th>
                                            <th scope="col">"理由"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {problems
                                            .into_iter()
                                            .map(|p| {
                                                view! {
                                                    <tr>
                                                        <td class="cell-number">{p.line}</td>
                                                        <td>{p.item.unwrap_or_default()}</td>
                                                        <td class="failure-text">{p.reason}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                    })
            }}
            <div class="form-actions">
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="save-results"
                    disabled=move || form.busy.get()
                    on:click=save
                >
                    "結果登録"
                </button>
            </div>
            <Pager page=page per_page=PER_PAGE total=total busy=form.busy go=go />
        </Show>
    }
}

#[component]
fn ResultRow(line: RunLineView, typed: RwSignal<Typed>) -> impl IntoView {
    let no = line.line_no;
    let result_id = format!("result-{no}");
    let reason_id = format!("reason-{no}");
    let text_id = format!("reason-text-{no}");
    let failed = move || typed.with(|t| t.result == wire(Outcome::Failed));
    let other = move || failed() && typed.with(|t| t.reason == wire(FailReason::Other));
    view! {
        <tr data-testid=format!("result-row-{no}") class:stopped=failed>
            <td class="cell-number">{no}</td>
            <td>{line.employee_no.clone()}</td>
            <td>{line.kana_name.clone()}</td>
            <td>{line.kanji_name.clone()}</td>
            <td>{format!("{} {}", line.item_code, line.item_name)}</td>
            <td class="cell-money">{yen(line.amount)}</td>
            <td>
                <label class="visually-hidden" for=result_id.clone()>
                    "結果"
                </label>
                <select
                    id=result_id
                    name="result"
                    on:change=move |ev| typed.update(|t| t.result = event_target_value(&ev))
                >
                    <option value="" prop:selected=move || typed.with(|t| t.result.is_empty())>
                        "未登録"
                    </option>
                    {Outcome::ALL
                        .iter()
                        .map(|o| {
                            let v = wire(*o);
                            let chosen = v.clone();
                            view! {
                                <option
                                    value=v
                                    prop:selected=move || typed.with(|t| t.result == chosen)
                                >
                                    {o.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </td>
            <td class="cell-stop">
                {move || {
                    failed()
                        .then(|| {
                            let reason_id = reason_id.clone();
                            let text_id = text_id.clone();
                            view! {
                                <div class="stop-controls">
                                    <label class="visually-hidden" for=reason_id.clone()>
                                        "不能理由"
                                    </label>
                                    <select
                                        id=reason_id
                                        name="reason"
                                        on:change=move |ev| {
                                            typed.update(|t| t.reason = event_target_value(&ev))
                                        }
                                    >
                                        <option
                                            value=""
                                            prop:selected=move || typed.with(|t| t.reason.is_empty())
                                        >
                                            "不能理由"
                                        </option>
                                        {FailReason::ALL
                                            .iter()
                                            .map(|r| {
                                                let v = wire(*r);
                                                let chosen = v.clone();
                                                view! {
                                                    <option
                                                        value=v
                                                        prop:selected=move || {
                                                            typed.with(|t| t.reason == chosen)
                                                        }
                                                    >
                                                        {r.label()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                    {move || {
                                        other()
                                            .then(|| {
                                                view! {
                                                    <label class="visually-hidden" for=text_id.clone()>
                                                        "内容"
                                                    </label>
                                                    <input
                                                        id=text_id.clone()
                                                        name="reason_text"
                                                        type="text"
                                                        class="stop-text"
                                                        placeholder="内容（全角40文字以内）"
                                                        maxlength=40
                                                        prop:value=move || typed.with(|t| t.text.clone())
                                                        on:input=move |ev| {
                                                            typed.update(|t| t.text = event_target_value(&ev))
                                                        }
                                                    />
                                                }
                                            })
                                    }}
                                </div>
                            }
                        })
                }}
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(no: i32, result: Option<Outcome>) -> RunLineView {
        RunLineView {
            line_no: no,
            line_id: Some(format!("l{no}")),
            employee_no: "1".to_owned(),
            kana_name: "ｱ".to_owned(),
            kanji_name: "亜".to_owned(),
            item_code: "101".to_owned(),
            item_name: "組合費".to_owned(),
            item_kind: cjs_api_types::ledger::ItemKind::UnionDues,
            item_kind_label: "組合費".to_owned(),
            amount: 2000,
            result,
            result_label: String::new(),
            result_reason: None,
            result_reason_label: None,
            result_text: None,
            result_by: None,
            result_at: None,
        }
    }

    #[test]
    fn a_refused_recording_names_its_lines_but_an_import_report_does_not() {
        let error = |details| cjs_api_types::ApiError {
            code: cjs_api_types::ErrorCode::E1038,
            message: String::new(),
            request_id: String::new(),
            details: Some(details),
        };
        let screen = error(serde_json::json!({"problems": [
            {"line": 3, "column": null, "item": "不能理由", "reason": "不能理由を選択してください。"}
        ]}));
        let rows = screen_problems(&screen).expect("problems");
        assert_eq!(
            (rows[0].line, rows[0].item.as_deref()),
            (3, Some("不能理由"))
        );
        let import = error(serde_json::json!({"mode": "apply", "problems": []}));
        assert!(screen_problems(&import).is_none());
    }

    #[test]
    fn only_changed_results_are_sent_and_a_reason_only_with_failed() {
        let a = line(1, None);
        let b = line(2, Some(Outcome::Deducted));
        let typed_a = Typed {
            result: "failed".to_owned(),
            reason: "other".to_owned(),
            text: " 育児休業 ".to_owned(),
        };
        let typed_b = Typed::of(&b);
        let sent = changed_inputs(&[(a, typed_a), (b, typed_b)]);
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].line_no, 1);
        assert_eq!(sent[0].result, Some(Outcome::Failed));
        assert_eq!(sent[0].result_reason, Some(FailReason::Other));
        assert_eq!(sent[0].result_text.as_deref(), Some("育児休業"));
        let deducted = Typed {
            result: "deducted".to_owned(),
            reason: "retired".to_owned(),
            text: String::new(),
        };
        assert_eq!(deducted.input(3).result_reason, None);
    }
}

//! A CSV import as both ledger imports do it (LR110101 明細データ, LR107101 控除結果データ): pick a
//! file, 「確認」 (dry run, `mode=check`) shows the counts and every bad row as a table (行, 列,
//! 項目, 理由), 「取込」 (`mode=apply`) writes all rows or none. The file goes up with its progress
//! shown (a large file takes a while), then 「検証中」 until the server has checked it.

use cjs_api_types::ErrorCode;
use cjs_api_types::ledger::{ImportMode, ImportReport};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::ledger::import_report;
use crate::api::{self, UploadStage};
use crate::format::kilobytes;
use crate::pages::deduction::local_error;
use crate::widgets::form::FormState;

/// The progress line: 「送信中 42%（1,024 KB / 2,400 KB）」 or 「検証中…」.
pub fn stage_text(stage: UploadStage) -> String {
    match stage {
        UploadStage::Sending { sent, total } => format!(
            "ファイルを送信中 {}%（{} / {}）",
            stage.percent(),
            kilobytes(sent as i64),
            kilobytes(total as i64)
        ),
        UploadStage::Checking => "送信が完了しました。ファイルの内容を確認しています…".to_owned(),
    }
}

/// The counts of a report: 「全 120 行: 新規 3件 変更 10件 変更なし 107件」.
pub fn report_text(r: &ImportReport) -> String {
    format!(
        "全{}行: 新規 {}件　変更 {}件　変更なし {}件　エラー {}件",
        r.rows,
        r.new,
        r.changed,
        r.unchanged,
        r.problems.len()
    )
}

#[component]
pub fn CsvImport(
    form: FormState,
    /// Where the file goes for a mode; `None` while the screen's own inputs are incomplete.
    path: Callback<ImportMode, Option<String>>,
    /// After a successful 取込.
    applied: Callback<ImportReport>,
    #[prop(into)] disabled: Signal<bool>,
    /// The words of the apply button, e.g. 「取込」.
    apply_label: &'static str,
) -> impl IntoView {
    let file = RwSignal::new_local(None::<web_sys::File>);
    let name = RwSignal::new(String::new());
    let stage = RwSignal::new(None::<UploadStage>);
    let report = RwSignal::new(None::<(ImportMode, ImportReport)>);
    let pick = move |ev: leptos::ev::Event| {
        let chosen = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        name.set(chosen.as_ref().map(|f| f.name()).unwrap_or_default());
        file.set(chosen);
        report.set(None);
    };
    let send = move |mode: ImportMode| {
        let Some(chosen) = file.get_untracked() else {
            form.error
                .set(Some(local_error(ErrorCode::E1001, &["ファイル"], "file")));
            return;
        };
        let Some(target) = path.run(mode) else {
            return;
        };
        if mode == ImportMode::Apply {
            let question = format!("{} を取り込みます。よろしいですか？", chosen.name());
            if !window().confirm_with_message(&question).unwrap_or(false) {
                return;
            }
        }
        if !form.start() {
            return;
        }
        report.set(None);
        api::upload::<ImportReport>(
            &target,
            &chosen,
            move |s| stage.set(Some(s)),
            move |answer| {
                stage.set(None);
                match answer {
                    Ok(r) => {
                        form.finish();
                        report.set(Some((mode, r.clone())));
                        if mode == ImportMode::Apply {
                            applied.run(r);
                        }
                    }
                    Err(failure) => {
                        // A refused apply (E1038) carries the same report: show its rows.
                        if failure.code() == ErrorCode::E1038
                            && let Some(r) = import_report(&failure)
                        {
                            report.set(Some((mode, r)));
                        }
                        form.fail(failure);
                    }
                }
            },
        );
    };
    let busy = move || form.busy.get() || disabled.get();
    let no_file = move || file.with(Option::is_none);

    view! {
        <div class="form import-box" data-testid="import-box">
            <div class="field">
                <label class="field-label" for="file">
                    <span class="field-name">"ファイル"</span>
                    <span class="field-hint">"（CSV。Shift_JIS・UTF-8のどちらでも取り込めます）"</span>
                </label>
                <div class="field-body">
                    <div class="field-control">
                        <input
                            type="file"
                            id="file"
                            name="file"
                            accept=".csv,text/csv"
                            data-testid="import-file"
                            on:change=pick
                        />
                    </div>
                    {move || {
                        (!name.with(String::is_empty))
                            .then(|| view! { <p class="field-note">"選択中: " {name.get()}</p> })
                    }}
                </div>
            </div>
            <div class="form-actions">
                <button
                    type="button"
                    class="button"
                    data-testid="import-check"
                    disabled=move || busy() || no_file()
                    on:click=move |_| send(ImportMode::Check)
                >
                    "確認"
                </button>
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="import-apply"
                    disabled=move || busy() || no_file()
                    on:click=move |_| send(ImportMode::Apply)
                >
                    {apply_label}
                </button>
            </div>
        </div>
        {move || {
            stage
                .get()
                .map(|s| {
                    view! {
                        <div class="upload-progress" role="status" data-testid="import-progress">
                            <progress max="100" value=s.percent()></progress>
                            <span>{stage_text(s)}</span>
                        </div>
                    }
                })
        }}
        {move || report.get().map(|(mode, r)| view! { <ReportView mode=mode report=r /> })}
    }
}

/// The counts and the table of bad rows.
#[component]
fn ReportView(mode: ImportMode, report: ImportReport) -> impl IntoView {
    let ok = report.problems.is_empty();
    let heading = match (mode, ok) {
        (ImportMode::Check, true) => {
            "確認の結果、エラーはありません。「取込」ボタンで取り込めます。"
        }
        (ImportMode::Check, false) => {
            "確認の結果、エラーがあります。ファイルを修正してから再度確認してください。"
        }
        (ImportMode::Apply, true) => "取り込みました。",
        (ImportMode::Apply, false) => {
            "エラーがあるため、取り込みませんでした（1行も更新していません）。"
        }
    };
    let problems = (!ok).then(|| {
        view! {
            <div class="table-wrap">
                <table class="grid import-problems" data-testid="import-problems">
                    <thead>
                        <tr>
                            <th scope="col">"行"</th>
                            <th scope="col">"列"</th>
                            <th scope="col">"項目"</th>
                            <th scope="col">"理由"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {report
                            .problems
                            .iter()
                            .map(|p| {
                                view! {
                                    <tr data-testid="import-problem">
                                        <td class="cell-number">{p.line}</td>
                                        <td class="cell-number">{p.column.map(|c| c.to_string()).unwrap_or_default()}</td>
                                        <td>{p.item.clone().unwrap_or_default()}</td>
                                        <td class="failure-text">{p.reason.clone()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
    });
    view! {
        <div class="import-report" data-testid="import-report">
            <p class=if ok { "done" } else { "notice" } data-testid="import-result">{heading}</p>
            <p class="count" data-testid="import-counts">{report_text(&report)}</p>
            {problems}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_reads_in_percent_and_kilobytes() {
        let s = UploadStage::Sending {
            sent: 512.0 * 1024.0,
            total: 2048.0 * 1024.0,
        };
        assert_eq!(s.percent(), 25);
        assert_eq!(stage_text(s), "ファイルを送信中 25%（512 KB / 2,048 KB）");
        assert_eq!(UploadStage::Checking.percent(), 100);
    }
}

//! 操作ログ照会: the contract's operation log, filtered by user, operation and days, shown 100 at a
//! time and downloadable as CSV.

use cjs_api_types::users::OperationLogResponse;
use leptos::prelude::*;

use crate::api;
use crate::format::{jst_day_bounds, jst_seconds};
use crate::screen::enter_screen;
use crate::widgets::authed::Authed;
use crate::widgets::download;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::field::Field;
use crate::widgets::form::{FormState, SubmitButton};

const PAGE: i64 = 100;

/// The query string for the filters (empty ones left out), dates as whole days in Japan.
pub fn log_query(user_id: &str, action: &str, from: &str, to: &str) -> String {
    let mut parts = Vec::new();
    if !user_id.trim().is_empty() {
        parts.push(format!("user_id={}", api::encode(user_id.trim())));
    }
    if !action.trim().is_empty() {
        parts.push(format!("action={}", api::encode(action.trim())));
    }
    if let Some((start, _)) = jst_day_bounds(from) {
        parts.push(format!("from={}", api::encode(&start)));
    }
    if let Some((_, end)) = jst_day_bounds(to) {
        parts.push(format!("to={}", api::encode(&end)));
    }
    parts.join("&")
}

fn result_label(result: &str) -> String {
    match result {
        "success" => "成功".to_owned(),
        "failure" => "失敗".to_owned(),
        "timeout" => "タイムアウト".to_owned(),
        "locked" => "ロック".to_owned(),
        other => other.to_owned(),
    }
}

#[component]
pub fn AdminLogPage() -> impl IntoView {
    enter_screen("DM494101", "操作ログ照会");
    view! {
        <Authed master_only=true>
            <LogSearch />
        </Authed>
    }
}

#[component]
fn LogSearch() -> impl IntoView {
    let form = FormState::new();
    let user_id = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let offset = RwSignal::new(0_i64);
    let result = RwSignal::new(None::<OperationLogResponse>);

    let search = move |at: i64| {
        let query = log_query(
            &user_id.get_untracked(),
            &action.get_untracked(),
            &from.get_untracked(),
            &to.get_untracked(),
        );
        let paged = if query.is_empty() {
            format!("limit={PAGE}&offset={at}")
        } else {
            format!("{query}&limit={PAGE}&offset={at}")
        };
        form.submit(
            async move { api::operation_log(&paged).await },
            move |log| {
                offset.set(at);
                result.set(Some(log));
            },
        );
    };
    search(0);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search(0);
    };
    let csv = move |_| {
        let query = log_query(
            &user_id.get_untracked(),
            &action.get_untracked(),
            &from.get_untracked(),
            &to.get_untracked(),
        );
        form.submit(
            async move { api::operation_log_csv(&query).await },
            |file| {
                let _ = download::save_once(&file.bytes, &file.content_type, &file.filename);
            },
        );
    };
    let total = move || result.with(|r| r.as_ref().map_or(0, |r| r.total));
    let range = move || {
        let total = total();
        if total == 0 {
            return "該当する操作ログはありません。".to_owned();
        }
        let first = offset.get() + 1;
        let last = (offset.get() + PAGE).min(total);
        format!("抽出件数: {total}件（{first}～{last}件目を表示）")
    };

    view! {
        <section class="panel">
            <h1 class="page-title">"操作ログ照会"</h1>
            <ErrorBanner form=form />
            <form class="form form-filters" on:submit=submit novalidate>
                <Field name="user_id" label="ユーザーID" value=user_id form=form maxlength=12 />
                <Field name="action" label="操作" hint="（例: ログイン）" value=action form=form />
                <Field name="from" label="期間（開始日）" kind="date" value=from form=form />
                <Field name="to" label="期間（終了日）" kind="date" value=to form=form />
                <div class="form-actions">
                    <SubmitButton form=form label="検索" />
                    <button
                        type="button"
                        class="button"
                        disabled=move || form.busy.get()
                        on:click=csv
                    >
                        "CSVダウンロード"
                    </button>
                </div>
            </form>
            <p class="count" data-testid="log-count">{range}</p>
            <div class="table-wrap">
                <table class="grid log" data-testid="log-table">
                    <thead>
                        <tr>
                            <th scope="col">"日時"</th>
                            <th scope="col">"ユーザーID"</th>
                            <th scope="col">"画面ID"</th>
                            <th scope="col">"操作"</th>
                            <th scope="col">"対象"</th>
                            <th scope="col">"結果"</th>
                            <th scope="col">"内容"</th>
                            <th scope="col">"接続元"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            result
                                .get()
                                .map(|r| r.entries)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|e| {
                                    view! {
                                        <tr data-testid="log-row">
                                            <td class="cell-nowrap">{jst_seconds(e.at)}</td>
                                            <td>{e.user_id.unwrap_or_default()}</td>
                                            <td>{e.screen_id}</td>
                                            <td>{e.action}</td>
                                            <td>{e.target}</td>
                                            <td class:failure=e.result != "success">{result_label(&e.result)}</td>
                                            <td>{e.detail}</td>
                                            <td>{e.client_addr}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <div class="pager">
                <button
                    type="button"
                    class="button button-small"
                    disabled=move || { form.busy.get() || offset.get() == 0 }
                    on:click=move |_| search((offset.get_untracked() - PAGE).max(0))
                >
                    "前へ"
                </button>
                <button
                    type="button"
                    class="button button-small"
                    disabled=move || { form.busy.get() || offset.get() + PAGE >= total() }
                    on:click=move |_| search(offset.get_untracked() + PAGE)
                >
                    "次へ"
                </button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_filters_are_left_out() {
        assert_eq!(log_query("", " ", "", ""), "");
    }

    #[test]
    fn days_become_japanese_midnights() {
        assert_eq!(
            log_query("rokin01", "ログイン", "2024-05-07", "2024-05-07"),
            "user_id=rokin01&action=%E3%83%AD%E3%82%B0%E3%82%A4%E3%83%B3\
             &from=2024-05-07T00%3A00%3A00%2B09%3A00&to=2024-05-08T00%3A00%3A00%2B09%3A00"
        );
    }
}

//! DR103101 労金控除明細更新履歴照会: who changed which detail when, and what (before → after),
//! searched by 職員番号 and 期間 (`GET /deduction/history`); from DR101201 for one detail
//! (`?detail_id=`).

use chrono::NaiveDate;
use cjs_api_types::deduction::{HistoryPage, HistoryQuery, HistoryView, screen};
use cjs_domain::deduction::{Action, DetailField};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::format::jst_seconds;
use crate::pages::deduction::{DeductionFrame, Pager, count_text, local_error, routes, yen};
use crate::screen::enter_screen;
use crate::widgets::buttons::GoButton;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::field::Field;
use crate::widgets::form::{FormState, SubmitButton};

pub const TITLE: &str = "労金控除明細更新履歴照会";
const PER_PAGE: u32 = 50;

#[component]
pub fn HistoryPageScreen() -> impl IntoView {
    enter_screen(screen::HISTORY, TITLE);
    let query = use_query_map();
    let detail_id = move || query.with(|q| q.get("detail_id"));
    view! {
        <DeductionFrame>
            {move || view! { <History detail_id=detail_id() /> }}
        </DeductionFrame>
    }
}

/// A day typed in a date input; empty is none.
fn day(
    typed: &str,
    label: &str,
    field: &str,
) -> Result<Option<NaiveDate>, cjs_api_types::ApiError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(typed, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            local_error(
                cjs_api_types::ErrorCode::E1002,
                &[label, "YYYY-MM-DD形式の日付"],
                field,
            )
        })
}

/// One value of 変更内容 as the clerk reads it: the server sends amounts as plain digits
/// (「10000」) and months as `YYYY-MM`; amounts get their commas, months read 「2025年03月」.
fn display_value(field: DetailField, value: &str) -> String {
    match field {
        DetailField::AmountMonthly | DetailField::AmountSummer | DetailField::AmountYearEnd => {
            value
                .parse::<i64>()
                .map(yen)
                .unwrap_or_else(|_| value.to_owned())
        }
        DetailField::StartMonth | DetailField::EndMonth => match value.split_once('-') {
            Some((y, m)) if y.len() == 4 && m.len() == 2 && value.len() == 7 => {
                format!("{y}年{m}月")
            }
            _ => value.to_owned(),
        },
        _ => value.to_owned(),
    }
}

/// 変更内容: one line per item, 「月例金額: 10,000 → 12,000」.
pub fn change_lines(h: &HistoryView) -> Vec<String> {
    h.changes
        .iter()
        .map(|c| {
            let none = || "（なし）".to_owned();
            let shown = |v: &Option<String>| {
                v.as_deref()
                    .map(|v| display_value(c.field, v))
                    .unwrap_or_else(none)
            };
            let after = shown(&c.after);
            if h.action == Action::Add {
                format!("{}: {after}", c.label)
            } else {
                let before = shown(&c.before);
                format!("{}: {before} → {after}", c.label)
            }
        })
        .collect()
}

#[component]
fn History(detail_id: Option<String>) -> impl IntoView {
    let form = FormState::new();
    let employee_no = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let result = RwSignal::new(None::<HistoryPage>);
    let only = detail_id.clone();
    let search = move |page: u32| {
        let range = day(&from.get_untracked(), "期間（開始日）", "from")
            .and_then(|f| Ok((f, day(&to.get_untracked(), "期間（終了日）", "to")?)));
        let (from, to) = match range {
            Ok(r) => r,
            Err(local) => {
                form.error.set(Some(local));
                return;
            }
        };
        let query = HistoryQuery {
            employee_no: Some(employee_no.get_untracked()),
            detail_id: only.clone(),
            from,
            to,
            page: Some(page),
            per_page: Some(PER_PAGE),
        };
        form.submit(
            async move { api::deduction::history(&query).await },
            move |h| result.set(Some(h)),
        );
    };
    search(1);
    let submit = {
        let search = search.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            search(1);
        }
    };
    let go_page = Callback::new(search);
    let count =
        move || result.with(|r| r.as_ref().map(|r| count_text(r.total, r.page, r.per_page)));
    let page = Signal::derive(move || result.with(|r| r.as_ref().map_or(1, |r| r.page)));
    let total = Signal::derive(move || result.with(|r| r.as_ref().map_or(0, |r| r.total)));
    let one_detail = detail_id.map(|id| {
        view! {
            <p class="notice notice-info" data-testid="history-one-detail">
                "選択した明細の更新履歴を表示しています。"
                <a href=routes::HISTORY>"すべての明細の更新履歴を表示する"</a>
                " ／ "
                <a href=routes::detail(&id)>"明細へ戻る"</a>
            </p>
        }
    });

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">{TITLE}</h1>
                <GoButton href=routes::DETAILS class="button button-secondary">
                    "明細照会へ"
                </GoButton>
            </div>
            <ErrorBanner form=form />
            {one_detail}
            <form class="form form-filters" on:submit=submit novalidate>
                <Field
                    name="employee_no"
                    label="職員番号"
                    hint="（完全一致）"
                    value=employee_no
                    form=form
                    inputmode="numeric"
                    maxlength=10
                />
                <Field name="from" label="期間（開始日）" kind="date" value=from form=form />
                <Field name="to" label="期間（終了日）" kind="date" value=to form=form />
                <div class="form-actions">
                    <SubmitButton form=form label="検索" />
                </div>
            </form>
            <p class="count" data-testid="history-count">{count}</p>
            <div class="table-wrap">
                <table class="grid history" data-testid="history-table">
                    <thead>
                        <tr>
                            <th scope="col">"日時"</th>
                            <th scope="col">"更新者"</th>
                            <th scope="col">"処理"</th>
                            <th scope="col">"登録元"</th>
                            <th scope="col">"職員番号"</th>
                            <th scope="col">"カナ氏名"</th>
                            <th scope="col">"変更内容"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            result
                                .get()
                                .map(|r| r.items)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|h| {
                                    let lines = change_lines(&h);
                                    view! {
                                        <tr data-testid="history-row">
                                            <td class="cell-nowrap">{jst_seconds(h.at)}</td>
                                            <td>{h.user_name.clone()}</td>
                                            <td>{h.action_label.clone()}</td>
                                            <td>{h.source_label.clone()}</td>
                                            <td>
                                                <a href=routes::detail(&h.detail_id)>{h.employee_no.clone()}</a>
                                            </td>
                                            <td>{h.kana_name.clone()}</td>
                                            <td>
                                                <ul class="changes">
                                                    {lines
                                                        .into_iter()
                                                        .map(|l| view! { <li>{l}</li> })
                                                        .collect_view()}
                                                </ul>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <Pager page=page per_page=PER_PAGE total=total busy=form.busy go=go_page />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cjs_api_types::deduction::HistoryChangeView;
    use cjs_domain::deduction::Source;

    #[test]
    fn changes_read_before_then_after() {
        let h = HistoryView {
            detail_id: "d".to_owned(),
            version: 2,
            at: chrono::DateTime::default(),
            user_id: None,
            user_name: "金庫".to_owned(),
            action: Action::Change,
            action_label: "変更".to_owned(),
            source: Source::Counter,
            source_label: "窓口".to_owned(),
            employee_no: "1".to_owned(),
            kana_name: "ｱ".to_owned(),
            changes: vec![
                HistoryChangeView {
                    field: DetailField::AmountMonthly,
                    label: "月例金額".to_owned(),
                    before: Some("10000".to_owned()),
                    after: Some("12000".to_owned()),
                },
                HistoryChangeView {
                    field: DetailField::EndMonth,
                    label: "終了月".to_owned(),
                    before: None,
                    after: Some("2025-03".to_owned()),
                },
            ],
        };
        assert_eq!(
            change_lines(&h),
            ["月例金額: 10,000 → 12,000", "終了月: （なし） → 2025年03月"]
        );
    }
}

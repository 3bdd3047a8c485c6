//! LR104101 賃控元帳明細更新履歴照会: who changed which line when, on which screen, and what
//! (before → after), searched by 職員番号, 種目 and 期間 (`GET /ledger/history`, newest first);
//! from LR101201 for one line (`?line_id=`).

use cjs_api_types::ledger::{HistoryPage, HistoryQuery, HistoryView, LineField, Operation, screen};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::format::jst_seconds;
use crate::pages::deduction::{Pager, SelectField, count_text, local_error, yen};
use crate::pages::ledger::{LedgerFrame, item_options, load_items, routes};
use crate::screen::enter_screen;
use crate::widgets::buttons::GoButton;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::field::Field;
use crate::widgets::form::{FormState, SubmitButton};

pub const TITLE: &str = "賃控元帳明細更新履歴照会";
const PER_PAGE: u32 = 50;

#[component]
pub fn LedgerHistoryPage() -> impl IntoView {
    enter_screen(screen::HISTORY, TITLE);
    let query = use_query_map();
    let line_id = move || query.with(|q| q.get("line_id"));
    view! {
        <LedgerFrame>
            {move || view! { <History line_id=line_id() /> }}
        </LedgerFrame>
    }
}

/// A day typed in a date input; empty is none.
fn day(
    typed: &str,
    label: &str,
    field: &str,
) -> Result<Option<chrono::NaiveDate>, cjs_api_types::ApiError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(typed, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            local_error(
                cjs_api_types::ErrorCode::E1002,
                &[label, "YYYY-MM-DD形式の日付"],
                field,
            )
        })
}

/// One value of 変更内容 as the clerk reads it: amounts get their commas, months read
/// 「2024年07月」.
fn display_value(field: LineField, value: &str) -> String {
    match field {
        LineField::AmountMonthly | LineField::AmountSummer | LineField::AmountYearEnd => value
            .parse::<i64>()
            .map(yen)
            .unwrap_or_else(|_| value.to_owned()),
        LineField::AmountsFrom | LineField::StartMonth | LineField::EndMonth => {
            crate::format::ja_month(value)
        }
        _ => value.to_owned(),
    }
}

/// 変更内容: one line per item, 「月例金額: 2,000 → 2,500」.
pub fn change_lines(h: &HistoryView) -> Vec<String> {
    h.changes
        .iter()
        .map(|c| {
            let shown = |v: &Option<String>| {
                v.as_deref()
                    .map(|v| display_value(c.field, v))
                    .unwrap_or_else(|| "（なし）".to_owned())
            };
            let after = shown(&c.after);
            if h.operation == Operation::Add {
                format!("{}: {after}", c.label)
            } else {
                format!("{}: {} → {after}", c.label, shown(&c.before))
            }
        })
        .collect()
}

#[component]
fn History(line_id: Option<String>) -> impl IntoView {
    let form = FormState::new();
    let employee_no = RwSignal::new(String::new());
    let item_code = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let result = RwSignal::new(None::<HistoryPage>);
    let items = load_items(form);
    let item_choices = item_options(items);
    let only = line_id.clone();
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
            line_id: only.clone(),
            item_code: Some(item_code.get_untracked()),
            from,
            to,
            page: Some(page),
            per_page: Some(PER_PAGE),
        };
        form.submit(
            async move { api::ledger::history(&query).await },
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
    let one_line = line_id.map(|id| {
        view! {
            <p class="notice notice-info" data-testid="history-one-line">
                "選択した明細の更新履歴を表示しています。"
                <a href=routes::HISTORY>"すべての明細の更新履歴を表示する"</a>
                " ／ "
                <a href=routes::line(&id)>"明細へ戻る"</a>
            </p>
        }
    });

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">{TITLE}</h1>
                <GoButton href=routes::LINES class="button button-secondary">
                    "明細照会へ"
                </GoButton>
            </div>
            <ErrorBanner form=form />
            {one_line}
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
                <SelectField
                    name="item_code"
                    label="種目"
                    value=item_code
                    form=form
                    options=item_choices
                    blank="すべて"
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
                            <th scope="col">"画面ID"</th>
                            <th scope="col">"職員番号"</th>
                            <th scope="col">"カナ氏名"</th>
                            <th scope="col">"種目"</th>
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
                                            <td>{h.operation_label.clone()}</td>
                                            <td>{h.screen_id.clone()}</td>
                                            <td>
                                                <a href=routes::line(&h.line_id)>{h.employee_no.clone()}</a>
                                            </td>
                                            <td>{h.kana_name.clone()}</td>
                                            <td>{h.item_code.clone()}</td>
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

    #[test]
    fn amounts_and_months_read_as_on_paper() {
        assert_eq!(display_value(LineField::AmountMonthly, "12500"), "12,500");
        assert_eq!(
            display_value(LineField::AmountsFrom, "2024-07"),
            "2024年07月"
        );
        assert_eq!(display_value(LineField::KanaName, "ﾔﾏﾀﾞ ﾀﾛｳ"), "ﾔﾏﾀﾞ ﾀﾛｳ");
    }
}

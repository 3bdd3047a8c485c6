//! LR101201 賃控元帳明細照会（明細）: one line (`GET /ledger/lines/{id}`), its change (`PUT`, with
//! the version it was read at: a stale one is refused E1010 and nothing is overwritten; a change of
//! amounts carries its 適用月) and its 解除 (`POST …/cancel`, after a confirmation). A 閲覧のみ user
//! or a 解除 line shows the fields read-only.

use cjs_api_types::ledger::{LineCancelRequest, LineChangeRequest, LineState, LineView, screen};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::format::jst_seconds;
use crate::pages::deduction::yen;
use crate::pages::ledger::line_form::{LineFields, LineSignals};
use crate::pages::ledger::{
    LedgerFrame, LedgerReadOnly, load_items, next_month, read_only, routes, this_month,
};
use crate::screen::enter_screen;
use crate::widgets::buttons::{GoButton, navigator};
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::field::{Field, StaticField};
use crate::widgets::fkeys::on_function_key;
use crate::widgets::form::{FormState, SubmitButton};

pub const TITLE: &str = "賃控元帳明細照会（明細）";

#[component]
pub fn LineEditPage() -> impl IntoView {
    enter_screen(screen::LINE_EDIT, TITLE);
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    view! {
        <LedgerFrame>
            {move || view! { <EditLine id=id() /> }}
        </LedgerFrame>
    }
}

/// Whether the typed amounts differ from the line's current ones (then 適用月 is needed).
pub fn amounts_changed(line: &LineView, typed: (i64, i64, i64)) -> bool {
    typed
        != (
            line.amount_monthly,
            line.amount_summer,
            line.amount_year_end,
        )
}

/// 「12,000円（2024年07月から。前回 10,000円）」
pub fn amount_text(current: i64, prior: Option<i64>, from: &str) -> String {
    match prior {
        Some(p) => format!("{}円（{from}から。前回 {}円）", yen(current), yen(p)),
        None => format!("{}円", yen(current)),
    }
}

#[component]
fn EditLine(id: String) -> impl IntoView {
    let form = FormState::new();
    let done = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(None::<LineView>);
    let values = LineSignals::new();
    let items = load_items(form);
    let read_only = read_only();
    let show = move |l: LineView| {
        values.fill(&l);
        // The usual change starts next month.
        values
            .amounts_from
            .set(next_month(&this_month()).unwrap_or_default());
        loaded.set(Some(l));
    };
    {
        let id = id.clone();
        form.load(async move { api::ledger::line(&id).await }, show);
    }
    let writable = move || {
        !read_only.get()
            && loaded.with(|l| l.as_ref().is_some_and(|l| l.state == LineState::Active))
    };

    let save = Callback::new(move |()| {
        let Some(before) = loaded.get_untracked() else {
            return;
        };
        if !writable() {
            return;
        }
        done.set(None);
        let line = match values.input(items) {
            Ok(body) => body,
            Err(local) => {
                form.error.set(Some(local));
                return;
            }
        };
        let changed = amounts_changed(
            &before,
            (
                line.amount_monthly,
                line.amount_summer,
                line.amount_year_end,
            ),
        );
        let body = LineChangeRequest {
            version: before.version,
            amounts_from: changed
                .then(|| values.amounts_from.get_untracked().trim().to_owned())
                .filter(|m| !m.is_empty()),
            line,
        };
        form.submit(
            async move { api::ledger::change_line(&before.id, &body).await },
            move |l| {
                show(l);
                done.set(Some("賃控元帳明細を変更しました。".to_owned()));
            },
        );
    });
    let cancel = move |_| {
        let Some(before) = loaded.get_untracked() else {
            return;
        };
        let question = format!(
            "職員番号 {} {} の{} {}を解除します。よろしいですか？\n（解除した明細は変更できません）",
            before.employee_no, before.kana_name, before.item_code, before.item_name
        );
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        done.set(None);
        let body = LineCancelRequest {
            version: before.version,
        };
        form.submit(
            async move { api::ledger::cancel_line(&before.id, &body).await },
            move |l| {
                show(l);
                done.set(Some("賃控元帳明細を解除しました。".to_owned()));
            },
        );
    };
    let go = navigator();
    {
        let go = go.clone();
        on_function_key("F4", move || go(routes::LINES));
    }
    on_function_key("F8", move || save.run(()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.run(());
    };
    let history = {
        let go = go.clone();
        let id = id.clone();
        move |_| go(&format!("{}?line_id={}", routes::HISTORY, api::encode(&id)))
    };
    let text = move |f: fn(&LineView) -> String| {
        Signal::derive(move || loaded.with(|l| l.as_ref().map(f).unwrap_or_default()))
    };

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">{TITLE}</h1>
                <div class="title-actions">
                    <GoButton href=routes::LINES class="button button-secondary" shortcut="F4">
                        "一覧へ(F4)"
                    </GoButton>
                    <button type="button" class="button button-secondary" on:click=history>
                        "更新履歴"
                    </button>
                    <Show when=writable>
                        <button
                            type="button"
                            class="button button-danger"
                            data-testid="cancel-line"
                            disabled=move || form.busy.get()
                            on:click=cancel
                        >
                            "解除"
                        </button>
                        <SubmitButton form=form label="更新(F8)" shortcut="F8" target="line-edit" />
                    </Show>
                </div>
            </div>
            <LedgerReadOnly />
            <DoneBanner message=done />
            <ErrorBanner form=form />
            <Show when=move || loaded.with(Option::is_some)>
                <Show when=writable fallback=move || view! { <LineTable loaded=loaded /> }>
                    <p class="lead">
                        "変更する項目を入力して、「更新」ボタンをクリックしてください。控除金額を変更する場合は、新しい金額を控除する最初の月を「適用月」に入力してください。明細を解除する場合は、「解除」ボタンをクリックしてください。"
                    </p>
                    <form class="form" id="line-edit" on:submit=submit novalidate>
                        <StaticField label="状態" value=text(|l| l.state_label.clone()) testid="line-state" />
                        <LineFields form=form values=values items=items employee_fixed=true />
                        <StaticField
                            label="現在の適用月"
                            value=text(|l| l.amounts_from.label())
                            testid="current-amounts-from"
                        />
                        <Field
                            name="amounts_from"
                            label="適用月"
                            hint="（控除金額を変更するとき。例: 2024-07。この月から新しい金額を控除します）"
                            value=values.amounts_from
                            form=form
                            kind="month"
                            maxlength=7
                        />
                        <StaticField label="更新日時" value=text(|l| jst_seconds(l.updated_at)) />
                        <StaticField label="版" value=text(|l| l.version.to_string()) testid="line-version" />
                    </form>
                </Show>
            </Show>
        </section>
    }
}

/// The line read-only (閲覧のみ, or 解除).
#[component]
fn LineTable(loaded: RwSignal<Option<LineView>>) -> impl IntoView {
    move || {
        loaded.get().map(|l| {
            let from = l.amounts_from.label();
            let rows: Vec<(&str, String)> = vec![
                ("状態", l.state_label.clone()),
                ("職員番号", l.employee_no.clone()),
                ("カナ氏名", l.kana_name.clone()),
                ("漢字氏名", l.kanji_name.clone()),
                ("種目", format!("{} {}", l.item_code, l.item_name)),
                (
                    "月例金額",
                    amount_text(l.amount_monthly, l.prior_monthly, &from),
                ),
                (
                    "夏季金額",
                    amount_text(l.amount_summer, l.prior_summer, &from),
                ),
                (
                    "年末金額",
                    amount_text(l.amount_year_end, l.prior_year_end, &from),
                ),
                ("適用月", from.clone()),
                ("開始月", l.start_month.label()),
                (
                    "終了月",
                    l.end_month
                        .map(|m| m.label())
                        .unwrap_or_else(|| "（期限なし）".to_owned()),
                ),
                ("更新日時", jst_seconds(l.updated_at)),
                ("版", l.version.to_string()),
            ];
            view! {
                <table class="grid grid-vertical" data-testid="line-view">
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(k, v)| {
                                view! {
                                    <tr>
                                        <th scope="row">{k}</th>
                                        <td>{v}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_reads_with_the_one_before_its_month() {
        assert_eq!(amount_text(12_000, None, "2024年07月"), "12,000円");
        assert_eq!(
            amount_text(12_000, Some(10_000), "2024年07月"),
            "12,000円（2024年07月から。前回 10,000円）"
        );
    }
}

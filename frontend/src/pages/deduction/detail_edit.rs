//! DR101201 労金控除明細照会（明細）: one detail (`GET /deduction/details/{id}`), its change
//! (`PUT`, with the version it was read at: a stale one is refused E1010 and nothing is
//! overwritten) and its 解除 (`POST …/cancel`, after a confirmation). A 閲覧のみ user or a 解除
//! detail shows the fields read-only.

use cjs_api_types::deduction::{DetailCancelRequest, DetailChangeRequest, DetailView, screen};
use cjs_domain::deduction::DetailState;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::format::jst_seconds;
use crate::pages::deduction::detail_form::{DetailFields, DetailSignals};
use crate::pages::deduction::{DeductionFrame, ReadOnlyNotice, read_only, routes, yen};
use crate::screen::enter_screen;
use crate::widgets::buttons::{GoButton, navigator};
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::field::StaticField;
use crate::widgets::fkeys::on_function_key;
use crate::widgets::form::{FormState, SubmitButton};

pub const TITLE: &str = "労金控除明細照会（明細）";

#[component]
pub fn DetailEditPage() -> impl IntoView {
    enter_screen(screen::DETAIL_EDIT, TITLE);
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    view! {
        <DeductionFrame>
            {move || view! { <EditDetail id=id() /> }}
        </DeductionFrame>
    }
}

#[component]
fn EditDetail(id: String) -> impl IntoView {
    let form = FormState::new();
    let done = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(None::<DetailView>);
    let values = DetailSignals::new();
    let read_only = read_only();
    let show = move |d: DetailView| {
        values.fill(&d);
        loaded.set(Some(d));
    };
    let reload = {
        let id = id.clone();
        Callback::new(move |()| {
            let id = id.clone();
            form.load(async move { api::deduction::detail(&id).await }, show);
        })
    };
    reload.run(());
    let writable = move || {
        !read_only.get()
            && loaded.with(|d| d.as_ref().is_some_and(|d| d.state == DetailState::Active))
    };

    let save = Callback::new(move |()| {
        let Some(before) = loaded.get_untracked() else {
            return;
        };
        if !writable() {
            return;
        }
        done.set(None);
        let detail = match values.input() {
            Ok(body) => body,
            Err(local) => {
                form.error.set(Some(local));
                return;
            }
        };
        let body = DetailChangeRequest {
            version: before.version,
            detail,
        };
        form.submit(
            async move { api::deduction::change_detail(&before.id, &body).await },
            move |d| {
                show(d);
                done.set(Some("労金控除明細を変更しました。".to_owned()));
            },
        );
    });
    let cancel = move |_| {
        let Some(before) = loaded.get_untracked() else {
            return;
        };
        let question = format!(
            "職員番号 {} {} の{}（店番 {} 口座番号 {}）を解除します。よろしいですか？\n（解除した明細は変更できません）",
            before.employee_no,
            before.kana_name,
            before.product_name,
            before.branch_no,
            before.account_no
        );
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        done.set(None);
        let body = DetailCancelRequest {
            version: before.version,
        };
        form.submit(
            async move { api::deduction::cancel_detail(&before.id, &body).await },
            move |d| {
                show(d);
                done.set(Some("労金控除明細を解除しました。".to_owned()));
            },
        );
    };
    let go = navigator();
    {
        let go = go.clone();
        on_function_key("F4", move || go(routes::DETAILS));
    }
    on_function_key("F8", move || save.run(()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.run(());
    };
    let history = {
        let go = go.clone();
        let id = id.clone();
        move |_| {
            go(&format!(
                "{}?detail_id={}",
                routes::HISTORY,
                api::encode(&id)
            ))
        }
    };
    let text = move |f: fn(&DetailView) -> String| {
        Signal::derive(move || loaded.with(|d| d.as_ref().map(f).unwrap_or_default()))
    };

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">{TITLE}</h1>
                <div class="title-actions">
                    <GoButton href=routes::DETAILS class="button button-secondary" shortcut="F4">
                        "一覧へ(F4)"
                    </GoButton>
                    <button type="button" class="button button-secondary" on:click=history>
                        "更新履歴"
                    </button>
                    <Show when=writable>
                        <button
                            type="button"
                            class="button button-danger"
                            data-testid="cancel-detail"
                            disabled=move || form.busy.get()
                            on:click=cancel
                        >
                            "解除"
                        </button>
                        <SubmitButton form=form label="更新(F8)" shortcut="F8" target="detail-edit" />
                    </Show>
                </div>
            </div>
            <ReadOnlyNotice />
            <DoneBanner message=done />
            <ErrorBanner form=form />
            <Show when=move || loaded.with(Option::is_some)>
                <Show
                    when=writable
                    fallback=move || view! { <DetailTable loaded=loaded /> }
                >
                    <p class="lead">
                        "変更する項目を入力して、「更新」ボタンをクリックしてください。明細を解除する場合は、「解除」ボタンをクリックしてください。"
                    </p>
                    <form class="form" id="detail-edit" on:submit=submit novalidate>
                        <StaticField label="状態" value=text(|d| d.state_label.clone()) testid="detail-state" />
                        <DetailFields form=form values=values />
                        <StaticField label="登録元" value=text(|d| d.source_label.clone()) />
                        <StaticField label="更新日時" value=text(|d| jst_seconds(d.updated_at)) />
                        <StaticField label="版" value=text(|d| d.version.to_string()) testid="detail-version" />
                    </form>
                </Show>
            </Show>
        </section>
    }
}

/// The detail read-only (閲覧のみ, or 解除).
#[component]
fn DetailTable(loaded: RwSignal<Option<DetailView>>) -> impl IntoView {
    move || {
        loaded.get().map(|d| {
            let rows: Vec<(&str, String)> = vec![
                ("状態", d.state_label.clone()),
                ("職員番号", d.employee_no.clone()),
                ("カナ氏名", d.kana_name.clone()),
                ("漢字氏名", d.kanji_name.clone()),
                ("取引", format!("{} {}", d.product_code, d.product_name)),
                ("店番", d.branch_no.clone()),
                ("口座番号", d.account_no.clone()),
                ("月例金額", format!("{}円", yen(d.amount_monthly))),
                ("夏季金額", format!("{}円", yen(d.amount_summer))),
                ("年末金額", format!("{}円", yen(d.amount_year_end))),
                ("開始月", d.start_month.label()),
                (
                    "終了月",
                    d.end_month
                        .map(|m| m.label())
                        .unwrap_or_else(|| "（期限なし）".to_owned()),
                ),
                ("登録元", d.source_label.clone()),
                ("更新日時", jst_seconds(d.updated_at)),
                ("版", d.version.to_string()),
            ];
            view! {
                <table class="grid grid-vertical" data-testid="detail-view">
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

//! DR108101 まとめ入金依頼入金中止設定: the cycle's requested lines (`list=stoppable`), each with
//! its 入金中止 (理由 退職 / 休職 / 給与不足 / その他 + 内容) set (`PUT …/lines/{no}/stop`) or lifted
//! (`DELETE` the same), while the まとめ入金 is 未確定 and from the 支給日 on (the server checks).

use cjs_api_types::deduction::{DeductionCycleView, LineView, StopRequest, screen};
use cjs_domain::deduction::{LineList, LumpState, Stop, StopReason};
use leptos::prelude::*;

use crate::api;
use crate::pages::deduction::cycle::CyclePicker;
use crate::pages::deduction::lines::{Columns, LinePreview, StopContext};
use crate::pages::deduction::{DeductionFrame, ReadOnlyNotice, read_only};
use crate::screen::enter_screen;
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::form::FormState;

pub const TITLE: &str = "まとめ入金依頼入金中止設定";

#[component]
pub fn StopsPage() -> impl IntoView {
    enter_screen(screen::STOPS, TITLE);
    view! {
        <DeductionFrame>
            <Stops />
        </DeductionFrame>
    }
}

#[component]
fn Stops() -> impl IntoView {
    let form = FormState::new();
    let done = RwSignal::new(None::<String>);
    let cycle = RwSignal::new(None::<DeductionCycleView>);
    let state_note = move || {
        cycle.with(|c| {
            let run = c.as_ref()?.run.as_ref()?;
            (run.lump_state != LumpState::Open).then(|| {
                view! {
                    <p class="notice notice-info" data-testid="lump-fixed">
                        "まとめ入金は" {run.lump_state_label.clone()}
                        "です。入金中止を変更する場合は、まとめ入金確定の画面で確定を解除してください。"
                    </p>
                }
            })
        })
    };
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ReadOnlyNotice />
            <DoneBanner message=done />
            <ErrorBanner form=form />
            <p class="lead">
                "支給区分と控除年月を選択してください。入金を中止する明細の中止理由を選択し、「設定」ボタンをクリックしてください。中止を取り消す場合は「中止解除」ボタンをクリックしてください。"
            </p>
            <CyclePicker form=form selected=cycle />
            {state_note}
            <LinePreview
                form=form
                cycle=cycle
                list=LineList::Stoppable
                columns=Columns::Stop
                done=done
            />
            <ul class="marks">
                <li>"入金中止の設定・解除は、支給日以降、まとめ入金確定前に行えます。"</li>
                <li>"解除の明細、エラーの明細には入金中止を設定できません。"</li>
                <li>"中止理由が「その他」の場合は、内容（全角40文字以内）を入力してください。"</li>
            </ul>
        </section>
    }
}

/// The 入金中止 controls of one line: 理由, 内容 (その他), 設定, 中止解除.
#[component]
pub fn StopCell(line: LineView, ctx: StopContext) -> impl IntoView {
    let read_only = read_only();
    let reason = RwSignal::new(
        line.stop
            .as_ref()
            .map(|s| s.reason.as_str().to_owned())
            .unwrap_or_default(),
    );
    let text = RwSignal::new(
        line.stop
            .as_ref()
            .and_then(|s| s.text.clone())
            .unwrap_or_default(),
    );
    let line_no = line.line_no;
    let stopped = line.stop.is_some();
    let who = format!(
        "No.{} {} {}",
        line.line_no, line.employee_no, line.kana_name
    );
    let set = {
        let who = who.clone();
        move |_| {
            let Ok(chosen) = reason.get_untracked().parse::<StopReason>() else {
                ctx.form.error.set(Some(super::local_error(
                    cjs_api_types::ErrorCode::E1001,
                    &["中止理由"],
                    "stop_reason",
                )));
                return;
            };
            let typed = text.get_untracked();
            let body = StopRequest {
                reason: chosen,
                text: (chosen == StopReason::Other && !typed.trim().is_empty())
                    .then(|| typed.trim().to_owned()),
            };
            let who = who.clone();
            ctx.done.set(None);
            let (o, m) = (ctx.occasion, ctx.month);
            ctx.form.submit(
                async move { api::deduction::set_stop(o, m, line_no, &body).await },
                move |_| {
                    ctx.done
                        .set(Some(format!("{who} に入金中止を設定しました。")));
                    ctx.again.run(());
                },
            );
        }
    };
    let unset = move |_| {
        if !window()
            .confirm_with_message(&format!("{who} の入金中止を解除します。よろしいですか？"))
            .unwrap_or(false)
        {
            return;
        }
        let who = who.clone();
        ctx.done.set(None);
        let (o, m) = (ctx.occasion, ctx.month);
        ctx.form.submit(
            async move { api::deduction::unset_stop(o, m, line_no).await },
            move |_| {
                ctx.done
                    .set(Some(format!("{who} の入金中止を解除しました。")));
                ctx.again.run(());
            },
        );
    };
    let controls = move || {
        if read_only.get() || !ctx.editable {
            return None;
        }
        let reason_id = format!("stop-reason-{line_no}");
        let text_id = format!("stop-text-{line_no}");
        let set = set.clone();
        let unset = unset.clone();
        let other = move || reason.with(|r| r == StopReason::Other.as_str());
        Some(view! {
            <div class="stop-controls" data-testid=format!("stop-controls-{line_no}")>
                <label class="visually-hidden" for=reason_id.clone()>
                    "中止理由"
                </label>
                <select
                    id=reason_id
                    name="stop_reason"
                    on:change=move |ev| reason.set(event_target_value(&ev))
                >
                    <option value="" prop:selected=move || reason.with(String::is_empty)>
                        "中止理由"
                    </option>
                    {StopReason::ALL
                        .iter()
                        .map(|r| {
                            let r = *r;
                            view! {
                                <option
                                    value=r.as_str()
                                    prop:selected=move || reason.with(|x| x == r.as_str())
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
                                    name="stop_text"
                                    type="text"
                                    class="stop-text"
                                    placeholder="内容（全角40文字以内）"
                                    maxlength=Stop::TEXT_MAX as u32
                                    bind:value=text
                                />
                            }
                        })
                }}
                <button
                    type="button"
                    class="button button-small button-primary"
                    disabled=move || ctx.form.busy.get()
                    on:click=set
                >
                    "設定"
                </button>
                {stopped
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button button-small button-danger"
                                disabled=move || ctx.form.busy.get()
                                on:click=unset
                            >
                                "中止解除"
                            </button>
                        }
                    })}
            </div>
        })
    };
    view! { {controls} }
}

//! DR109101 まとめ入金確定: the cycle's lump sum (`GET …/lump`: 件数, 入金額, 除外件数, 除外金額,
//! 入金予定日, 入金先, state), 確定 (`POST …/lump/confirm`) and 確定の解除 (`POST …/lump/undo`),
//! each with the version shown (a stale one is refused E1010); the まとめ入金依頼書
//! (`…/lump/request.pdf`) and まとめ入金更新明細書（Web依頼済） (`…/lump/updates.pdf`).

use cjs_api_types::deduction::{DeductionCycleView, LumpActionRequest, LumpView, screen};
use cjs_domain::deduction::{LineList, LumpState};
use leptos::prelude::*;

use crate::api;
use crate::format::{ja_date, jst_seconds};
use crate::pages::deduction::cycle::{CycleKey, CyclePicker};
use crate::pages::deduction::lines::{Columns, LinePreview};
use crate::pages::deduction::{DeductionFrame, FileButton, ReadOnlyNotice, read_only, yen};
use crate::screen::enter_screen;
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::form::FormState;

pub const TITLE: &str = "まとめ入金確定";

#[component]
pub fn LumpPage() -> impl IntoView {
    enter_screen(screen::LUMP, TITLE);
    view! {
        <DeductionFrame>
            <Lump />
        </DeductionFrame>
    }
}

/// The lump sum of the chosen cycle, loaded again when the cycle changes or `reload` moves.
pub fn lump_of(
    form: FormState,
    cycle: RwSignal<Option<DeductionCycleView>>,
    reload: RwSignal<u32>,
) -> RwSignal<Option<LumpView>> {
    let lump = RwSignal::new(None::<LumpView>);
    let key = Memo::new(move |_| {
        cycle.with(|c| c.as_ref().filter(|c| c.run.is_some()).map(CycleKey::of))
    });
    let seq = StoredValue::new(0_u64);
    Effect::new(move |_| {
        reload.track();
        let Some(key) = key.get() else {
            lump.set(None);
            return;
        };
        seq.update_value(|s| *s += 1);
        let mine = seq.get_value();
        form.load(
            async move { api::deduction::lump(key.occasion, key.month).await },
            move |l| {
                if seq.get_value() == mine {
                    lump.set(Some(l));
                }
            },
        );
    });
    lump
}

/// 入金先 on one line: 店番 店名 種目 口座番号 名義.
pub fn payee_text(lump: &LumpView) -> String {
    lump.payee
        .as_ref()
        .map(|p| {
            format!(
                "{} {} {} {} {}",
                p.branch_no, p.branch_name, p.account_kind_label, p.account_no, p.account_name_kana
            )
        })
        .unwrap_or_else(|| "（未登録: お取引店へお問い合わせください）".to_owned())
}

/// The figures of the lump sum.
#[component]
pub fn LumpFigures(lump: LumpView) -> impl IntoView {
    let rows: Vec<(&str, String, &str)> = vec![
        ("状態", lump.state_label.clone(), "lump-state-label"),
        ("件数", format!("{}件", lump.totals.count), "lump-count"),
        (
            "入金額",
            format!("{}円", yen(lump.totals.amount)),
            "lump-amount",
        ),
        (
            "除外件数",
            format!("{}件", lump.totals.excluded_count),
            "lump-excluded-count",
        ),
        (
            "除外金額",
            format!("{}円", yen(lump.totals.excluded_amount)),
            "lump-excluded-amount",
        ),
        ("入金予定日", ja_date(lump.payday), "lump-payday"),
        ("入金先", payee_text(&lump), "lump-payee"),
        (
            "確定者",
            lump.confirmed_by.clone().unwrap_or_default(),
            "lump-confirmed-by",
        ),
        (
            "確定日時",
            lump.confirmed_at.map(jst_seconds).unwrap_or_default(),
            "lump-confirmed-at",
        ),
        (
            "金庫受付日時",
            lump.taken_at.map(jst_seconds).unwrap_or_default(),
            "lump-taken-at",
        ),
    ];
    view! {
        <table class="grid grid-vertical lump" data-testid="lump-figures">
            <tbody>
                {rows
                    .into_iter()
                    .map(|(k, v, id)| {
                        view! {
                            <tr>
                                <th scope="row">{k}</th>
                                <td data-testid=id>{v}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Lump() -> impl IntoView {
    let form = FormState::new();
    let done = RwSignal::new(None::<String>);
    let cycle = RwSignal::new(None::<DeductionCycleView>);
    let reload = RwSignal::new(0_u32);
    let lump = lump_of(form, cycle, reload);
    let read_only = read_only();
    let state = move || lump.with(|l| l.as_ref().map(|l| l.state));

    let act = move |confirm: bool| {
        let Some(current) = lump.get_untracked() else {
            return;
        };
        let question = if confirm {
            format!(
                "まとめ入金を確定します（件数 {}件、入金額 {}円）。よろしいですか？",
                current.totals.count,
                yen(current.totals.amount)
            )
        } else {
            "まとめ入金の確定を解除します。よろしいですか？".to_owned()
        };
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        done.set(None);
        let body = LumpActionRequest {
            version: current.version,
        };
        let (o, m) = (current.occasion, current.month);
        form.submit(
            async move {
                if confirm {
                    api::deduction::lump_confirm(o, m, &body).await
                } else {
                    api::deduction::lump_undo(o, m, &body).await
                }
            },
            move |l| {
                lump.set(Some(l));
                done.set(Some(
                    if confirm {
                        "まとめ入金を確定しました。まとめ入金依頼書を出力してください。"
                    } else {
                        "まとめ入金の確定を解除しました。"
                    }
                    .to_owned(),
                ));
                reload.update(|n| *n += 1);
            },
        );
    };
    let confirmed = move || matches!(state(), Some(LumpState::Confirmed | LumpState::Taken));
    let pdf = move |rest: &'static str| {
        Signal::derive(move || {
            let key = lump.with(|l| {
                l.as_ref().map(|l| CycleKey {
                    occasion: l.occasion,
                    month: l.month,
                })
            })?;
            Some(format!("{}{rest}", key.path()))
        })
    };

    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ReadOnlyNotice />
            <DoneBanner message=done />
            <ErrorBanner form=form />
            <p class="lead">
                "支給区分と控除年月を選択し、内容を確認して「確定」ボタンをクリックしてください。確定後、まとめ入金依頼書とまとめ入金更新明細書（Web依頼済）を出力してください。"
            </p>
            <CyclePicker form=form selected=cycle reload=reload />
            {move || lump.get().map(|l| view! { <LumpFigures lump=l /> })}
            <div class="form-actions">
                <Show when=move || !read_only.get()>
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="lump-confirm"
                        disabled=move || form.busy.get() || state() != Some(LumpState::Open)
                        on:click=move |_| act(true)
                    >
                        "確定"
                    </button>
                    <button
                        type="button"
                        class="button button-danger"
                        data-testid="lump-undo"
                        disabled=move || form.busy.get() || state() != Some(LumpState::Confirmed)
                        on:click=move |_| act(false)
                    >
                        "確定の解除"
                    </button>
                </Show>
                <FileButton
                    form=form
                    label="まとめ入金依頼書"
                    path=pdf("/lump/request.pdf")
                    fallback="lump-request.pdf"
                    testid="pdf-lump-request"
                />
                <FileButton
                    form=form
                    label="まとめ入金更新明細書（Web依頼済）"
                    path=pdf("/lump/updates.pdf")
                    fallback="lump-updates.pdf"
                    testid="pdf-lump-updates"
                />
            </div>
            {move || {
                (state() == Some(LumpState::Taken))
                    .then(|| {
                        view! {
                            <p class="notice notice-info" data-testid="lump-taken">
                                "金庫が受付済のため、まとめ入金を変更できません。"
                            </p>
                        }
                    })
            }}
            {move || {
                confirmed()
                    .then(|| {
                        view! {
                            <p class="small">
                                "確定を解除できるのは、金庫が受け付けるまでです。"
                            </p>
                        }
                    })
            }}
            <LinePreview
                form=form
                cycle=cycle
                list=LineList::WebUpdates
                columns=Columns::Request
                reload=reload
            />
        </section>
    }
}

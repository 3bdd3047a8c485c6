//! LR108101 賃控元帳明細一括更新: for one 種目, a new amount (金額指定) or a difference (差額指定) per
//! 支給区分, for all its 有効 lines or those filtered (職員番号の範囲, カナ氏名, 現在の金額), from an
//! 適用月. 「確認」 (`POST /ledger/bulk/preview`) lists every affected line before → after and every
//! line that cannot take the change; 「更新」 (`POST /ledger/bulk/apply`) sends the preview's
//! fingerprint back, so the server refuses (E1040) when the lines changed since: one transaction.

use cjs_api_types::ErrorCode;
use cjs_api_types::ledger::{
    AmountEdit, AmountsView, BulkApplyRequest, BulkPreview, BulkRequest, EditMode, screen,
};
use leptos::prelude::*;

use crate::api;
use crate::api::ledger::wire;
use crate::pages::deduction::detail_form::parse_yen;
use crate::pages::deduction::{SelectField, local_error, yen};
use crate::pages::ledger::{
    LedgerFrame, LedgerReadOnly, allowed_text, find_item, item_options, load_items, next_month,
    read_only, this_month,
};
use crate::screen::enter_screen;
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::field::{Field, StaticField};
use crate::widgets::form::FormState;

pub const TITLE: &str = "賃控元帳明細一括更新";

#[component]
pub fn BulkPage() -> impl IntoView {
    enter_screen(screen::BULK, TITLE);
    view! {
        <LedgerFrame>
            <Bulk />
        </LedgerFrame>
    }
}

/// A whole number of yen that may be negative (a difference): `-500`, `－500`, `▲500`, `1,000`.
pub fn parse_signed(typed: &str) -> Option<i64> {
    let t = typed.trim();
    let (negative, rest) = match t.chars().next() {
        Some('-' | '－' | '▲' | '△') => {
            (true, &t[t.chars().next().map_or(0, char::len_utf8)..])
        }
        _ => (false, t),
    };
    if rest.trim().is_empty() {
        return None;
    }
    let n = parse_yen(rest)?;
    Some(if negative { -n } else { n })
}

/// One 支給区分's edit as typed: the mode (`""` unchanged, `set`, `add`) and the value.
#[derive(Clone, Copy)]
struct EditSignals {
    mode: RwSignal<String>,
    value: RwSignal<String>,
}

impl EditSignals {
    fn new() -> Self {
        Self {
            mode: RwSignal::new(String::new()),
            value: RwSignal::new(String::new()),
        }
    }

    fn edit(self, label: &str, field: &str) -> Result<Option<AmountEdit>, cjs_api_types::ApiError> {
        let Some(mode) = api::ledger::from_wire::<EditMode>(&self.mode.get_untracked()) else {
            return Ok(None);
        };
        let typed = self.value.get_untracked();
        let value = match mode {
            EditMode::Set => parse_yen(&typed).filter(|_| !typed.trim().is_empty()),
            EditMode::Add => parse_signed(&typed),
        };
        let value = value.ok_or_else(|| {
            local_error(
                ErrorCode::E1002,
                &[label, "半角数字（円単位。差額はマイナスも可）"],
                field,
            )
        })?;
        Ok(Some(AmountEdit { mode, value }))
    }
}

/// 「2,000 → 2,500」, or the amount alone when it does not change.
pub fn before_after(before: i64, after: i64) -> String {
    if before == after {
        yen(before)
    } else {
        format!("{} → {}", yen(before), yen(after))
    }
}

fn amounts_cells(before: &AmountsView, after: &AmountsView) -> impl IntoView + use<> {
    let cell = |b: i64, a: i64| {
        view! { <td class="cell-money" class:changed={b != a}>{before_after(b, a)}</td> }
    };
    view! {
        {cell(before.monthly, after.monthly)}
        {cell(before.summer, after.summer)}
        {cell(before.year_end, after.year_end)}
    }
}

#[component]
fn Bulk() -> impl IntoView {
    let form = FormState::new();
    let done = RwSignal::new(None::<String>);
    let read_only = read_only();
    let items = load_items(form);
    let item_choices = item_options(items);
    let item_code = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let kana_prefix = RwSignal::new(String::new());
    let current = RwSignal::new(String::new());
    let monthly = EditSignals::new();
    let summer = EditSignals::new();
    let year_end = EditSignals::new();
    let amounts_from = RwSignal::new(next_month(&this_month()).unwrap_or_default());
    let preview = RwSignal::new(None::<(BulkRequest, BulkPreview)>);
    // A preview stands only for the inputs it was made from.
    Effect::new(move |_| {
        item_code.track();
        from.track();
        to.track();
        kana_prefix.track();
        current.track();
        amounts_from.track();
        for e in [monthly, summer, year_end] {
            e.mode.track();
            e.value.track();
        }
        preview.set(None);
    });
    let chosen = Memo::new(move |_| find_item(items, &item_code.get()));
    let monthly_ok = move || chosen.with(|i| i.as_ref().is_none_or(|i| i.monthly));
    let bonus_ok = move || chosen.with(|i| i.as_ref().is_none_or(|i| i.bonus));
    let modes = Signal::derive(|| {
        [(EditMode::Set, "金額指定"), (EditMode::Add, "差額指定")]
            .into_iter()
            .map(|(m, label)| (wire(m), label.to_owned()))
            .collect::<Vec<_>>()
    });

    let request = move || -> Result<BulkRequest, cjs_api_types::ApiError> {
        let opt = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
        };
        let current_amount = match opt(current) {
            None => None,
            Some(t) => Some(parse_yen(&t).ok_or_else(|| {
                local_error(
                    ErrorCode::E1002,
                    &["現在の金額", "半角数字（円単位）"],
                    "current_amount",
                )
            })?),
        };
        let (m_ok, b_ok) = (monthly_ok(), bonus_ok());
        Ok(BulkRequest {
            item_code: item_code.get_untracked(),
            employee_no_from: opt(from),
            employee_no_to: opt(to),
            kana_prefix: opt(kana_prefix),
            current_amount,
            monthly: if m_ok {
                monthly.edit("月例金額", "monthly")?
            } else {
                None
            },
            summer: if b_ok {
                summer.edit("夏季金額", "summer")?
            } else {
                None
            },
            year_end: if b_ok {
                year_end.edit("年末金額", "year_end")?
            } else {
                None
            },
            amounts_from: amounts_from.get_untracked().trim().to_owned(),
        })
    };
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let body = match request() {
            Ok(b) => b,
            Err(local) => {
                form.error.set(Some(local));
                return;
            }
        };
        let sent = body.clone();
        form.submit(
            async move { api::ledger::bulk_preview(&body).await },
            move |p| preview.set(Some((sent, p))),
        );
    };
    let apply = move |_| {
        let Some((request, p)) = preview.get_untracked() else {
            return;
        };
        let question = format!(
            "{}件の明細の控除金額を、{}から更新します。よろしいですか？",
            p.count,
            crate::format::ja_month(&request.amounts_from)
        );
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        let body = BulkApplyRequest {
            request,
            fingerprint: p.fingerprint,
        };
        form.submit(
            async move { api::ledger::bulk_apply(&body).await },
            move |r| {
                preview.set(None);
                done.set(Some(format!("{}件の明細を一括更新しました。", r.changed)));
            },
        );
    };
    let edit_row = move |label: &'static str, name: &'static str, e: EditSignals| {
        let value_name: &'static str = match name {
            "monthly" => "monthly_value",
            "summer" => "summer_value",
            _ => "year_end_value",
        };
        view! {
            <SelectField name=name label=label value=e.mode form=form options=modes blank="変更しない" />
                <Show when=move || !e.mode.with(String::is_empty)>
                    <Field
                        name=value_name
                        label="金額"
                        hint="（円。差額指定はマイナスも可）"
                        value=e.value
                        form=form
                        inputmode="numeric"
                        maxlength=12
                    />
                </Show>
        }
    };

    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <LedgerReadOnly />
            <DoneBanner message=done />
            <ErrorBanner form=form />
            <Show when=move || !read_only.get()>
                <p class="lead">
                    "種目と更新する金額（金額指定または差額指定）、適用月を入力し、「確認」ボタンをクリックしてください。対象の明細を確認してから「更新」ボタンをクリックしてください。"
                </p>
                <form class="form" id="bulk" on:submit=check novalidate>
                    <SelectField
                        name="item_code"
                        label="種目"
                        value=item_code
                        form=form
                        options=item_choices
                        blank="選択してください"
                    />
                    {move || {
                        chosen
                            .get()
                            .map(|i| {
                                view! {
                                    <StaticField
                                        label="控除できる金額"
                                        value=allowed_text(&i).to_owned()
                                        testid="item-allows"
                                    />
                                }
                            })
                    }}
                    <Field
                        name="employee_no_from"
                        label="職員番号（から）"
                        hint="（省略可）"
                        value=from
                        form=form
                        inputmode="numeric"
                        maxlength=10
                    />
                    <Field
                        name="employee_no_to"
                        label="職員番号（まで）"
                        hint="（省略可）"
                        value=to
                        form=form
                        inputmode="numeric"
                        maxlength=10
                    />
                    <Field
                        name="kana_prefix"
                        label="カナ氏名"
                        hint="（前方一致。省略可）"
                        value=kana_prefix
                        form=form
                        maxlength=60
                    />
                    <Field
                        name="current_amount"
                        label="現在の金額"
                        hint="（この金額の明細だけを更新するとき。省略可）"
                        value=current
                        form=form
                        inputmode="numeric"
                        maxlength=11
                    />
                    <Show when=monthly_ok>{edit_row("月例金額", "monthly", monthly)}</Show>
                    <Show when=bonus_ok>
                        {edit_row("夏季金額", "summer", summer)}
                        {edit_row("年末金額", "year_end", year_end)}
                    </Show>
                    <Field
                        name="amounts_from"
                        label="適用月"
                        hint="（この月の控除から新しい金額になります。例: 2024-07）"
                        value=amounts_from
                        form=form
                        kind="month"
                        maxlength=7
                    />
                    <div class="form-actions">
                        <button
                            type="submit"
                            class="button"
                            data-testid="bulk-preview"
                            disabled=move || form.busy.get()
                        >
                            "確認"
                        </button>
                        <button
                            type="button"
                            class="button button-primary"
                            data-testid="bulk-apply"
                            disabled=move || {
                                form.busy.get()
                                    || preview
                                        .with(|p| {
                                            p.as_ref()
                                                .is_none_or(|(_, p)| {
                                                    !p.problems.is_empty() || p.count == 0
                                                })
                                        })
                            }
                            on:click=apply
                        >
                            "更新"
                        </button>
                    </div>
                </form>
                <ul class="marks">
                    <li>"対象は、指定した種目の有効な明細のうち、適用月に控除期間がかかるものです。"</li>
                    <li>"適用月より前の月は、これまでの金額で控除します。"</li>
                    <li>"確認の後に明細が変更された場合は、もう一度確認してください。"</li>
                </ul>
                {move || preview.get().map(|(_, p)| view! { <PreviewTable preview=p /> })}
            </Show>
        </section>
    }
}

/// Every affected line before → after, and the lines that cannot take the change.
#[component]
fn PreviewTable(preview: BulkPreview) -> impl IntoView {
    let problems = (!preview.problems.is_empty()).then(|| {
        view! {
            <p class="notice" data-testid="bulk-problems-note">
                {format!(
                    "更新できない明細が{}件あります。条件または金額を見直してください（更新はできません）。",
                    preview.problems.len(),
                )}
            </p>
            <div class="table-wrap">
                <table class="grid bulk-problems" data-testid="bulk-problems">
                    <thead>
                        <tr>
                            <th scope="col">"職員番号"</th>
                            <th scope="col">"カナ氏名"</th>
                            <th scope="col">"理由"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {preview
                            .problems
                            .iter()
                            .map(|p| {
                                view! {
                                    <tr data-testid="bulk-problem">
                                        <td>{p.employee_no.clone()}</td>
                                        <td>{p.kana_name.clone()}</td>
                                        <td class="failure-text">{format!("{} {}", p.code, p.message)}</td>
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
        <h2 class="list-title">"更新対象の明細"</h2>
        <p class="count" data-testid="bulk-count">{format!("対象件数: {}件", preview.count)}</p>
        {problems}
        <div class="table-wrap">
            <table class="grid bulk-changes" data-testid="bulk-changes">
                <thead>
                    <tr>
                        <th scope="col">"No"</th>
                        <th scope="col">"職員番号"</th>
                        <th scope="col">"カナ氏名"</th>
                        <th scope="col">"漢字氏名"</th>
                        <th scope="col">"月例金額"</th>
                        <th scope="col">"夏季金額"</th>
                        <th scope="col">"年末金額"</th>
                    </tr>
                </thead>
                <tbody>
                    {preview
                        .changes
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            view! {
                                <tr data-testid="bulk-change">
                                    <td class="cell-number">{i + 1}</td>
                                    <td>{c.employee_no.clone()}</td>
                                    <td>{c.kana_name.clone()}</td>
                                    <td>{c.kanji_name.clone()}</td>
                                    {amounts_cells(&c.before, &c.after)}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_difference_may_be_negative() {
        assert_eq!(parse_signed("500"), Some(500));
        assert_eq!(parse_signed("-500"), Some(-500));
        assert_eq!(parse_signed("－1,000"), Some(-1000));
        assert_eq!(parse_signed("▲300"), Some(-300));
        assert_eq!(parse_signed("-"), None);
        assert_eq!(parse_signed(""), None);
        assert_eq!(parse_signed("1-2"), None);
    }

    #[test]
    fn an_unchanged_amount_reads_once() {
        assert_eq!(before_after(2000, 2000), "2,000");
        assert_eq!(before_after(2000, 2500), "2,000 → 2,500");
    }
}

//! LR103101 賃控元帳確認リスト出力: for a 支給区分 and 控除年月 the three lists of the live ledger
//! — 賃控元帳内訳リスト (per person), 賃控元帳種目合計リスト (per 種目), 賃控元帳異動分リスト (against
//! the last 控除依頼 before the cycle) — previewed a page at a time (`GET …/check/{list}`) and
//! printed (`GET …/check/{list}.pdf`). No 控除依頼 is needed: the lists read the ledger as it is.

use cjs_api_types::ledger::{CheckList, CheckPage, screen};
use leptos::prelude::*;

use crate::api;
use crate::api::ledger::wire;
use crate::pages::deduction::{FileButton, Pager, RadioRow, count_text, yen};
use crate::pages::ledger::LedgerFrame;
use crate::pages::ledger::cycle::{CycleChoice, CyclePicker, cycle_choice};
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

pub const TITLE: &str = "賃控元帳確認リスト出力";
const PER_PAGE: u32 = 50;

#[component]
pub fn CheckListsPage() -> impl IntoView {
    enter_screen(screen::CHECK_LISTS, TITLE);
    view! {
        <LedgerFrame>
            <CheckLists />
        </LedgerFrame>
    }
}

/// The radio options: `(wire name, label)`.
pub fn list_options() -> Vec<(&'static str, &'static str)> {
    CheckList::ALL
        .iter()
        .map(|l| match l {
            CheckList::Breakdown => ("breakdown", l.label()),
            CheckList::Items => ("items", l.label()),
            CheckList::Movements => ("movements", l.label()),
        })
        .collect()
}

/// The totals line of a page.
pub fn totals_text(p: &CheckPage) -> String {
    let t = &p.totals;
    match p.list {
        CheckList::Breakdown => format!("合計 {}名 {}件 {}円", t.employees, t.count, yen(t.amount)),
        CheckList::Items => format!("合計 {}件 {}円", t.count, yen(t.amount)),
        CheckList::Movements => {
            let parts: Vec<String> = t
                .movements
                .iter()
                .map(|m| format!("{} {}件 差額 {}円", m.label, m.count, yen(m.difference)))
                .collect();
            format!(
                "{}　合計 {}件 差額 {}円",
                parts.join("　"),
                t.count,
                yen(t.difference)
            )
        }
    }
}

#[component]
fn CheckLists() -> impl IntoView {
    let form = FormState::new();
    let choice = cycle_choice(form);
    let list_value = RwSignal::new(wire(CheckList::Breakdown));
    let list = Signal::derive(move || {
        api::ledger::from_wire::<CheckList>(&list_value.get()).unwrap_or(CheckList::Breakdown)
    });
    let pdf = |l: CheckList| choice.file(move || format!("/check/{}.pdf", wire(l)));
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "支給区分・控除年月を入力し、出力するリストの「PDF出力」ボタンをクリックしてください。リストは現在の賃控元帳明細から作成します。"
            </p>
            <CyclePicker form=form choice=choice />
            <div class="form-actions">
                <FileButton
                    form=form
                    label="賃控元帳内訳リスト PDF出力"
                    path=pdf(CheckList::Breakdown)
                    fallback="breakdown.pdf"
                    testid="pdf-breakdown"
                />
                <FileButton
                    form=form
                    label="賃控元帳種目合計リスト PDF出力"
                    path=pdf(CheckList::Items)
                    fallback="items.pdf"
                    testid="pdf-items"
                />
                <FileButton
                    form=form
                    label="賃控元帳異動分リスト PDF出力"
                    path=pdf(CheckList::Movements)
                    fallback="movements.pdf"
                    testid="pdf-movements"
                />
            </div>
            <div class="form">
                <RadioRow name="list" label="画面に表示するリスト" value=list_value options=list_options() />
            </div>
            <CheckPreview form=form choice=choice list=list />
        </section>
    }
}

/// One page of the chosen list.
#[component]
fn CheckPreview(form: FormState, choice: CycleChoice, list: Signal<CheckList>) -> impl IntoView {
    let data = RwSignal::new(None::<CheckPage>);
    let seq = StoredValue::new(0_u64);
    let load = move |at: u32| {
        let Some(cycle) = choice.cycle.get_untracked() else {
            data.set(None);
            return;
        };
        let l = list.get_untracked();
        seq.update_value(|s| *s += 1);
        let mine = seq.get_value();
        form.load(
            async move { api::ledger::check(cycle.occasion, cycle.month, l, at, PER_PAGE).await },
            move |p| {
                if seq.get_value() == mine {
                    data.set(Some(p));
                }
            },
        );
    };
    Effect::new(move |_| {
        let _ = (choice.cycle.get(), list.get());
        load(1);
    });
    let go = Callback::new(load);
    let page = Signal::derive(move || data.with(|d| d.as_ref().map_or(1, |d| d.page)));
    let total = Signal::derive(move || data.with(|d| d.as_ref().map_or(0, |d| d.total)));
    view! {
        {move || {
            data.get()
                .map(|p| {
                    let previous = (p.list == CheckList::Movements)
                        .then(|| {
                            let text = p
                                .previous_month
                                .map(|m| format!("比較する前回の控除依頼: {}", m.label()))
                                .unwrap_or_else(|| {
                                    "前回の控除依頼がないため、すべて新規として表示しています。"
                                        .to_owned()
                                });
                            view! { <p class="small" data-testid="previous-run">{text}</p> }
                        });
                    view! {
                        <h2 class="list-title" data-testid="list-title">{p.title.clone()}</h2>
                        {previous}
                        <p class="count" data-testid="check-count">
                            {count_text(p.total, p.page, p.per_page)}
                        </p>
                        <p class="small" data-testid="check-totals">{totals_text(&p)}</p>
                        <div class="table-wrap">{check_table(p)}</div>
                    }
                })
        }}
        <Pager page=page per_page=PER_PAGE total=total busy=form.busy go=go />
    }
}

fn check_table(p: CheckPage) -> AnyView {
    let th = |names: &[&'static str]| {
        names
            .iter()
            .map(|n| view! { <th scope="col">{*n}</th> })
            .collect_view()
    };
    match p.list {
        CheckList::Breakdown => view! {
            <table class="grid check" data-testid="check-table">
                <thead>
                    <tr>
                        {th(&["No", "職員番号", "カナ氏名", "漢字氏名", "種目コード", "種目名", "控除金額", "開始月", "終了月"])}
                    </tr>
                </thead>
                <tbody>
                    {p.breakdown
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr data-testid="check-row">
                                    <td class="cell-number">{r.no}</td>
                                    <td>{r.employee_no}</td>
                                    <td>{r.kana_name}</td>
                                    <td>{r.kanji_name}</td>
                                    <td>{r.item_code}</td>
                                    <td>{r.item_name}</td>
                                    <td class="cell-money">{yen(r.amount)}</td>
                                    <td class="cell-nowrap">{r.start_month.label()}</td>
                                    <td class="cell-nowrap">{r.end_month.map(|m| m.label()).unwrap_or_default()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
        CheckList::Items => view! {
            <table class="grid check" data-testid="check-table">
                <thead>
                    <tr>{th(&["No", "種目コード", "種目名", "種目区分", "件数", "金額"])}</tr>
                </thead>
                <tbody>
                    {p.items
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr data-testid="check-row">
                                    <td class="cell-number">{r.no}</td>
                                    <td>{r.item_code}</td>
                                    <td>{r.item_name}</td>
                                    <td>{r.kind_label}</td>
                                    <td class="cell-number">{r.count}</td>
                                    <td class="cell-money">{yen(r.amount)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
        CheckList::Movements => view! {
            <table class="grid check" data-testid="check-table">
                <thead>
                    <tr>
                        {th(&["No", "異動区分", "職員番号", "カナ氏名", "漢字氏名", "種目コード", "種目名", "前回金額", "今回金額", "差額"])}
                    </tr>
                </thead>
                <tbody>
                    {p.movements
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr data-testid="check-row">
                                    <td class="cell-number">{r.no}</td>
                                    <td>{r.movement_label}</td>
                                    <td>{r.employee_no}</td>
                                    <td>{r.kana_name}</td>
                                    <td>{r.kanji_name}</td>
                                    <td>{r.item_code}</td>
                                    <td>{r.item_name}</td>
                                    <td class="cell-money">{r.previous_amount.map(yen).unwrap_or_default()}</td>
                                    <td class="cell-money">{yen(r.current_amount)}</td>
                                    <td class="cell-money">{yen(r.difference)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_radio_values_are_the_wire_names() {
        for (value, label) in list_options() {
            let l = api::ledger::from_wire::<CheckList>(value).expect("a list");
            assert_eq!(l.label(), label);
        }
    }
}

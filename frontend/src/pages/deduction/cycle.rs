//! The cycle picker of DR104101…DR111101: 支給区分 and 控除年月 among the group's latest cycles
//! (`GET /deduction/cycles`, newest first), with the cycle's dates and state.

use cjs_api_types::deduction::DeductionCycleView;
use cjs_domain::deduction::YearMonth;
use cjs_domain::schedule::Occasion;
use leptos::prelude::*;

use crate::api;
use crate::format::{ja_date, jst_seconds};
use crate::pages::deduction::SelectField;
use crate::widgets::form::FormState;

/// One cycle, as the list paths name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CycleKey {
    pub occasion: Occasion,
    pub month: YearMonth,
}

impl CycleKey {
    pub fn of(cycle: &DeductionCycleView) -> Self {
        Self {
            occasion: cycle.occasion,
            month: cycle.month,
        }
    }

    /// `/api/v1/deduction/cycles/{o}/{m}`
    pub fn path(self) -> String {
        api::deduction::cycle_path(self.occasion, self.month)
    }
}

/// The cycle first offered: the newest one whose request data exists, else the newest.
pub fn default_cycle(cycles: &[DeductionCycleView]) -> Option<&DeductionCycleView> {
    cycles
        .iter()
        .find(|c| c.run.is_some())
        .or_else(|| cycles.first())
}

/// The picker: sets `selected` to the chosen cycle (`None` while loading or when the group has
/// none). `reload` (when given) asks the server again, e.g. after まとめ入金確定.
#[component]
pub fn CyclePicker(
    form: FormState,
    selected: RwSignal<Option<DeductionCycleView>>,
    #[prop(optional)] reload: Option<RwSignal<u32>>,
) -> impl IntoView {
    let cycles = RwSignal::new(None::<Vec<DeductionCycleView>>);
    let occasion = RwSignal::new(String::new());
    let month = RwSignal::new(String::new());
    let load = move || {
        form.load(api::deduction::cycles(), move |list| {
            let keep = selected.get_untracked().map(|c| CycleKey::of(&c));
            let chosen = keep
                .filter(|k| list.cycles.iter().any(|c| CycleKey::of(c) == *k))
                .or_else(|| default_cycle(&list.cycles).map(CycleKey::of));
            if let Some(k) = chosen {
                occasion.set(k.occasion.as_str().to_owned());
                month.set(k.month.to_string());
            }
            cycles.set(Some(list.cycles));
        });
    };
    load();
    if let Some(reload) = reload {
        Effect::new(move |first: Option<()>| {
            reload.track();
            if first.is_some() {
                load();
            }
        });
    }
    // The months offered follow the occasion; a month not of it gives way to its newest.
    Effect::new(move |_| {
        let o = occasion.get();
        cycles.with(|list| {
            let Some(list) = list else { return };
            let months: Vec<String> = list
                .iter()
                .filter(|c| c.occasion.as_str() == o)
                .map(|c| c.month.to_string())
                .collect();
            if !months.contains(&month.get_untracked())
                && let Some(first) = months.first()
            {
                month.set(first.clone());
            }
        });
    });
    Effect::new(move |_| {
        let (o, m) = (occasion.get(), month.get());
        let found = cycles.with(|list| {
            list.as_ref().and_then(|list| {
                list.iter()
                    .find(|c| c.occasion.as_str() == o && c.month.to_string() == m)
                    .cloned()
            })
        });
        if selected.with_untracked(|s| *s != found) {
            selected.set(found);
        }
    });

    let occasions = Signal::derive(move || {
        cycles.with(|list| {
            Occasion::ALL
                .into_iter()
                .filter(|o| {
                    list.as_ref()
                        .is_some_and(|l| l.iter().any(|c| c.occasion == *o))
                })
                .map(|o| (o.as_str().to_owned(), o.label().to_owned()))
                .collect::<Vec<_>>()
        })
    });
    let months = Signal::derive(move || {
        let o = occasion.get();
        cycles.with(|list| {
            list.iter()
                .flatten()
                .filter(|c| c.occasion.as_str() == o)
                .map(|c| (c.month.to_string(), c.month.label()))
                .collect::<Vec<_>>()
        })
    });
    let none = move || cycles.with(|l| l.as_ref().is_some_and(Vec::is_empty));

    view! {
        <div class="form form-filters cycle-picker" data-testid="cycle-picker">
            <SelectField name="occasion" label="支給区分" value=occasion form=form options=occasions />
            <SelectField name="month" label="控除年月" value=month form=form options=months />
        </div>
        {move || {
            none()
                .then(|| {
                    view! {
                        <p class="notice" data-testid="no-cycle">
                            "選択できる控除年月がありません（入金グループのスケジュールが登録されていません）。"
                        </p>
                    }
                })
        }}
        {move || selected.get().map(|c| view! { <CycleFacts cycle=c /> })}
    }
}

/// The chosen cycle's dates and state, and a note when its request data is not made yet.
#[component]
fn CycleFacts(cycle: DeductionCycleView) -> impl IntoView {
    let run = cycle.run.clone();
    let no_run = run.is_none().then(|| {
        view! {
            <p class="notice notice-info" data-testid="no-run">
                "この控除年月の控除依頼データはまだ作成されていません。"
            </p>
        }
    });
    view! {
        <table class="grid grid-vertical cycle-facts" data-testid="cycle-facts">
            <tbody>
                <tr>
                    <th scope="row">"支給区分・控除年月"</th>
                    <td>{cycle.occasion_label.clone()} " " {cycle.month.label()}</td>
                </tr>
                <tr>
                    <th scope="row">"締切日"</th>
                    <td>{ja_date(cycle.deadline)} "（" {cycle.input.label()} "）"</td>
                </tr>
                <tr>
                    <th scope="row">"支給日（入金予定日）"</th>
                    <td>{ja_date(cycle.payday)}</td>
                </tr>
                <tr>
                    <th scope="row">"依頼データ受信"</th>
                    <td>{cycle.request_received.map(ja_date).unwrap_or_else(|| "未受信".to_owned())}</td>
                </tr>
                <tr>
                    <th scope="row">"結果データ受信"</th>
                    <td>{cycle.result_received.map(ja_date).unwrap_or_else(|| "未受信".to_owned())}</td>
                </tr>
                {run
                    .map(|r| {
                        view! {
                            <tr>
                                <th scope="row">"控除依頼データ"</th>
                                <td>
                                    {format!(
                                        "{}件（うちエラー{}件） 作成日時 {}",
                                        r.line_count,
                                        r.error_count,
                                        jst_seconds(r.created_at),
                                    )}
                                </td>
                            </tr>
                            <tr>
                                <th scope="row">"まとめ入金"</th>
                                <td data-testid="lump-state">{r.lump_state_label}</td>
                            </tr>
                        }
                    })}
            </tbody>
        </table>
        {no_run}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cjs_api_types::deduction::RunSummary;
    use cjs_domain::deduction::{LumpState, RunOrigin};
    use cjs_domain::schedule::InputState;

    fn cycle(month: u32, run: bool) -> DeductionCycleView {
        let d = chrono::NaiveDate::from_ymd_opt(2024, month, 20).unwrap_or_default();
        DeductionCycleView {
            occasion: Occasion::Monthly,
            occasion_label: "月例".to_owned(),
            month: YearMonth::new(2024, month).unwrap_or_else(|| YearMonth::of(d)),
            deadline: d,
            payday: d,
            input: InputState::Open,
            request_received: None,
            result_received: None,
            run: run.then(|| RunSummary {
                origin: RunOrigin::Snapshot,
                created_at: chrono::DateTime::default(),
                lump_state: LumpState::Open,
                lump_state_label: "未確定".to_owned(),
                version: 1,
                line_count: 0,
                error_count: 0,
                results_loaded_at: None,
            }),
        }
    }

    #[test]
    fn the_newest_cycle_with_data_is_offered_first() {
        let list = [cycle(7, false), cycle(6, true), cycle(5, true)];
        assert_eq!(
            default_cycle(&list).map(|c| c.month.to_string()).as_deref(),
            Some("2024-06")
        );
        let none = [cycle(7, false)];
        assert_eq!(
            default_cycle(&none).map(|c| c.month.to_string()).as_deref(),
            Some("2024-07")
        );
        assert!(default_cycle(&[]).is_none());
    }
}

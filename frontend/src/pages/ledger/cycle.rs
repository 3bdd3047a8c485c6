//! The cycle of LR103101 and LR105101…LR113101: 支給区分 and 控除年月 chosen freely (the ledger has
//! no 締切; a 控除依頼 is made when payroll needs it), with the cycles whose 控除依頼 exists
//! (`GET /ledger/runs`) offered for one click and the chosen cycle's 控除依頼 shown.

use cjs_api_types::ledger::RunView;
use cjs_domain::deduction::YearMonth;
use cjs_domain::schedule::Occasion;
use leptos::prelude::*;

use crate::api;
use crate::format::jst_seconds;
use crate::pages::deduction::{SelectField, yen};
use crate::pages::ledger::this_month;
use crate::widgets::field::Field;
use crate::widgets::form::FormState;

/// One cycle: 支給区分 + 控除年月.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cycle {
    pub occasion: Occasion,
    pub month: YearMonth,
}

impl Cycle {
    pub fn of(run: &RunView) -> Self {
        Self {
            occasion: run.occasion,
            month: run.month,
        }
    }

    /// `/api/v1/ledger/cycles/{o}/{m}`
    pub fn path(self) -> String {
        api::ledger::cycle_path(self.occasion, self.month)
    }

    /// 「月例 2024年06月」
    pub fn label(self) -> String {
        format!("{} {}", self.occasion.label(), self.month.label())
    }

    /// The cycle typed: an occasion's name and `YYYY-MM`.
    pub fn parse(occasion: &str, month: &str) -> Option<Self> {
        Some(Self {
            occasion: Occasion::parse(occasion)?,
            month: month.trim().parse().ok()?,
        })
    }
}

/// What a screen knows of the chosen cycle: the cycle (`None` while the month is not a month) and
/// its 控除依頼 (`None` when not made).
#[derive(Clone, Copy)]
pub struct CycleChoice {
    pub cycle: Memo<Option<Cycle>>,
    pub run: Memo<Option<RunView>>,
    /// Bump to ask `GET /runs` again (after 作成, 結果登録).
    pub reload: RwSignal<u32>,
    /// The picker's inputs as typed.
    occasion: RwSignal<String>,
    month: RwSignal<String>,
    /// The made runs, newest first.
    runs: RwSignal<Option<Vec<RunView>>>,
}

impl CycleChoice {
    /// A file of the cycle (`rest` after `/cycles/{o}/{m}`), once its 控除依頼 exists.
    pub fn run_file(
        self,
        rest: impl Fn() -> String + Send + Sync + 'static,
    ) -> Signal<Option<String>> {
        Signal::derive(move || {
            let cycle = self.cycle.get()?;
            self.run
                .with(Option::is_some)
                .then(|| format!("{}{}", cycle.path(), rest()))
        })
    }

    /// A file of the cycle that needs no 控除依頼 (確認リスト).
    pub fn file(self, rest: impl Fn() -> String + Send + Sync + 'static) -> Signal<Option<String>> {
        Signal::derive(move || self.cycle.get().map(|c| format!("{}{}", c.path(), rest())))
    }
}

/// The cycle first offered: the newest made 控除依頼 (the list comes newest first), else 月例 of
/// this month.
pub fn default_cycle(runs: &[RunView], this_month: &str) -> (String, String) {
    runs.first().map_or_else(
        || (Occasion::Monthly.as_str().to_owned(), this_month.to_owned()),
        |r| (r.occasion.as_str().to_owned(), r.month.to_string()),
    )
}

/// The picker. `needs_run`: the screen works on a made 控除依頼 (a note says so when there is none).
#[component]
pub fn CyclePicker(
    form: FormState,
    choice: CycleChoice,
    #[prop(optional)] needs_run: bool,
) -> impl IntoView {
    let CycleChoice {
        occasion,
        month,
        runs,
        ..
    } = choice;
    let occasions = Signal::derive(|| {
        Occasion::ALL
            .iter()
            .map(|o| (o.as_str().to_owned(), o.label().to_owned()))
            .collect::<Vec<_>>()
    });
    let pick = move |run: &RunView| {
        occasion.set(run.occasion.as_str().to_owned());
        month.set(run.month.to_string());
    };
    let made = move || {
        runs.get().filter(|r| !r.is_empty()).map(|list| {
            view! {
                <div class="run-choices" data-testid="run-choices">
                    <span class="field-name">"作成済の控除依頼: "</span>
                    {list
                        .into_iter()
                        .map(|r| {
                            let label = Cycle::of(&r).label();
                            view! {
                                <button
                                    type="button"
                                    class="button button-small button-secondary"
                                    on:click=move |_| pick(&r)
                                >
                                    {label}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            }
        })
    };
    let bad_month = move || {
        (choice.cycle.get().is_none() && !month.with(String::is_empty)).then(|| {
            view! {
                <p class="notice" data-testid="bad-month">
                    "控除年月はYYYY-MM形式（例: 2024-06）で入力してください。"
                </p>
            }
        })
    };
    view! {
        <div class="form form-filters cycle-picker" data-testid="cycle-picker">
            <SelectField name="occasion" label="支給区分" value=occasion form=form options=occasions />
            <Field
                name="month"
                label="控除年月"
                hint="（例: 2024-06）"
                kind="month"
                value=month
                form=form
                maxlength=7
            />
        </div>
        {made}
        {bad_month}
        {move || {
            choice
                .cycle
                .get()
                .map(|c| view! { <RunFacts cycle=c run=choice.run.get() needs_run=needs_run /> })
        }}
    }
}

/// Sets up a screen's cycle choice: the signals of the picker and what they choose.
pub fn cycle_choice(form: FormState) -> CycleChoice {
    let occasion = RwSignal::new(String::new());
    let month = RwSignal::new(String::new());
    let runs = RwSignal::new(None::<Vec<RunView>>);
    let reload = RwSignal::new(0_u32);
    Effect::new(move |first: Option<()>| {
        reload.track();
        form.load(api::ledger::runs(), move |list| {
            if first.is_none() && occasion.with_untracked(String::is_empty) {
                let (o, m) = default_cycle(&list.runs, &this_month());
                occasion.set(o);
                month.set(m);
            }
            runs.set(Some(list.runs));
        });
    });
    let cycle = Memo::new(move |_| Cycle::parse(&occasion.get(), &month.get()));
    let run = Memo::new(move |_| {
        let c = cycle.get()?;
        runs.with(|l| {
            l.as_ref()
                .and_then(|l| l.iter().find(|r| Cycle::of(r) == c).cloned())
        })
    });
    CycleChoice {
        cycle,
        run,
        reload,
        occasion,
        month,
        runs,
    }
}

/// The chosen cycle's 控除依頼: when and by whom made, its count and total, results.
#[component]
fn RunFacts(cycle: Cycle, run: Option<RunView>, needs_run: bool) -> impl IntoView {
    match run {
        Some(r) => view! {
            <table class="grid grid-vertical cycle-facts" data-testid="run-facts">
                <tbody>
                    <tr>
                        <th scope="row">"支給区分・控除年月"</th>
                        <td>{cycle.label()}</td>
                    </tr>
                    <tr>
                        <th scope="row">"控除依頼データ"</th>
                        <td data-testid="run-summary">
                            {format!(
                                "{}件 {}円　作成 {} {}",
                                r.line_count,
                                yen(r.total),
                                jst_seconds(r.created_at),
                                r.created_by_name,
                            )}
                        </td>
                    </tr>
                    <tr>
                        <th scope="row">"控除結果"</th>
                        <td data-testid="run-results">
                            {r
                                .results_at
                                .map(|t| format!("登録済（最終登録 {}）", jst_seconds(t)))
                                .unwrap_or_else(|| "未登録".to_owned())}
                        </td>
                    </tr>
                </tbody>
            </table>
        }
        .into_any(),
        None => needs_run
            .then(|| {
                view! {
                    <p class="notice notice-info" data-testid="no-run">
                        {cycle.label()}
                        " の賃控元帳控除依頼データはまだ作成されていません（賃控元帳控除依頼リスト出力の画面で作成します）。"
                    </p>
                }
            })
            .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_is_an_occasion_and_a_month() {
        let c = Cycle::parse("summer", "2024-07").expect("cycle");
        assert_eq!(c.occasion, Occasion::Summer);
        assert_eq!(c.path(), "/api/v1/ledger/cycles/summer/2024-07");
        assert!(Cycle::parse("summer", "2024-7x").is_none());
        assert!(Cycle::parse("weekly", "2024-07").is_none());
        assert!(Cycle::parse("monthly", "").is_none());
    }

    #[test]
    fn without_a_run_this_months_monthly_cycle_is_offered() {
        assert_eq!(
            default_cycle(&[], "2026-12"),
            ("monthly".to_owned(), "2026-12".to_owned())
        );
    }
}

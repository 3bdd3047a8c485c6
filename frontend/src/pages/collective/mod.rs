//! 一斉積立事務: the manual's three functions (docs/collective.md). One module per screen; the
//! screen IDs are ours (`cjs_api_types::collective::screen`, the manual shows none for this menu).
//! The data is the bank's: every screen reads one 一斉積立データ (a run), chosen in the run picker
//! (newest first, as the information screen names it: 「014 サンプル1 2012年10月14日 臨時作成」).
//! 一斉積立 has no 閲覧のみ (表示 / 非表示 only), so there are no change buttons to hide.

pub mod details;
pub mod export;
pub mod report;

use cjs_api_types::collective::{RunList, RunSummary, run_no_label};
use cjs_domain::Function;
use leptos::prelude::*;

use crate::api;
use crate::format::{ja_date, jst_minutes};
use crate::pages::deduction::{MenuFrame, MenuFrameProps, yen};
use crate::pages::savings::{keep_in_address, query_value};
use crate::widgets::form::FormState;

/// Where the screens live (`/collective/...`); the menu items point here.
pub mod routes {
    pub const DETAILS: &str = "/collective/details";
    pub const REPORT: &str = "/collective/report";
    pub const EXPORT: &str = "/collective/export";

    /// A screen of this menu on run `no` (`?no=14`).
    pub fn on_run(screen: &str, run_no: Option<i32>) -> String {
        match run_no {
            Some(no) => format!("{screen}?no={no}"),
            None => screen.to_owned(),
        }
    }
}

/// The frame of every screen of this menu: logged in, a payment group chosen, and 一斉積立事務
/// in the user's menu (表示).
#[component]
pub fn CollectiveFrame(children: ChildrenFn) -> impl IntoView {
    MenuFrame(MenuFrameProps {
        function: Function::CollectiveSavings,
        children,
    })
}

/// 「014 サンプル1 2012年10月14日 臨時作成」: the run as the information screen shows it.
pub fn run_label(run: &RunSummary) -> String {
    format!(
        "{} {} {} {}",
        run_no_label(run.run_no),
        run.name,
        ja_date(run.received_on),
        run.kind_label
    )
}

/// The picker's line for a run: its label, and 「（受信情報のみ）」 for a run without lines.
pub fn option_label(run: &RunSummary) -> String {
    if run.has_lines() {
        run_label(run)
    } else {
        format!("{}（{}）", run_label(run), run.origin_label)
    }
}

/// The run first shown: the one in the address if the group has it, else the newest with lines,
/// else the newest.
pub fn default_run(runs: &[RunSummary], asked: Option<i32>) -> Option<i32> {
    asked
        .filter(|no| runs.iter().any(|r| r.run_no == *no))
        .or_else(|| runs.iter().find(|r| r.has_lines()).map(|r| r.run_no))
        .or_else(|| runs.first().map(|r| r.run_no))
}

/// 比較対象 as the 変更明細表 prints it: 「013 サンプル0（2012年09月14日）」 or 「なし」.
pub fn previous_label(runs: &[RunSummary], previous: Option<i32>) -> String {
    match previous {
        None => "なし".to_owned(),
        Some(no) => runs
            .iter()
            .find(|r| r.run_no == no)
            .map(|r| {
                format!(
                    "{} {}（{}）",
                    run_no_label(r.run_no),
                    r.name,
                    ja_date(r.received_on)
                )
            })
            .unwrap_or_else(|| run_no_label(no)),
    }
}

/// The screen's run: the group's runs (newest first) and the one chosen.
#[derive(Clone, Copy)]
pub struct RunChoice {
    pub runs: RwSignal<Option<Vec<RunSummary>>>,
    pub chosen: RwSignal<Option<i32>>,
    /// The chosen run's summary.
    pub run: Memo<Option<RunSummary>>,
}

impl RunChoice {
    /// The chosen run when it has lines (`None` for a 受信情報のみ run).
    pub fn with_lines(self) -> Signal<Option<i32>> {
        Signal::derive(move || {
            self.run
                .with(|r| r.as_ref().filter(|r| r.has_lines()).map(|r| r.run_no))
        })
    }

    /// A file of the chosen run (`lines.pdf`, `changes.csv` …) once it has lines.
    pub fn file(
        self,
        file: &'static str,
        encoding: Option<RwSignal<String>>,
    ) -> Signal<Option<String>> {
        let with_lines = self.with_lines();
        Signal::derive(move || {
            let no = with_lines.get()?;
            let encoding = encoding.map(|e| e.get());
            Some(api::collective::file_path(no, file, encoding.as_deref()))
        })
    }
}

/// Loads the group's runs (`GET /collective/runs`) and picks the one in the address (`?no=`), the
/// newest with lines otherwise.
pub fn run_choice(form: FormState) -> RunChoice {
    let runs = RwSignal::new(None::<Vec<RunSummary>>);
    let chosen = RwSignal::new(None::<i32>);
    let asked = query_value("no").and_then(|v| v.trim().parse::<i32>().ok());
    form.load(api::collective::runs(), move |list: RunList| {
        chosen.set(default_run(&list.runs, asked));
        runs.set(Some(list.runs));
    });
    let run = Memo::new(move |_| {
        let no = chosen.get()?;
        runs.with(|l| l.iter().flatten().find(|r| r.run_no == no).cloned())
    });
    RunChoice { runs, chosen, run }
}

/// The run picker: every run of the group, newest first, and the chosen run's facts (件数,
/// 積立金額合計, 比較対象, 登録日時).
#[component]
pub fn RunPicker(choice: RunChoice) -> impl IntoView {
    let RunChoice { runs, chosen, run } = choice;
    let keep = keep_in_address();
    let pick = move |ev: leptos::ev::Event| {
        let no = event_target_value(&ev).parse::<i32>().ok();
        chosen.set(no);
        keep(&no.map(|n| format!("no={n}")).unwrap_or_default());
    };
    let facts = move || {
        let r = run.get()?;
        let list = runs.get().unwrap_or_default();
        let body = if r.has_lines() {
            view! {
                <dl class="info-summary cycle-facts" data-testid="run-facts">
                    <div>
                        <dt>"件数"</dt>
                        <dd data-testid="run-count">{format!("{}件", r.count)}</dd>
                    </div>
                    <div>
                        <dt>"積立金額合計"</dt>
                        <dd data-testid="run-amount">{format!("{}円", yen(r.amount))}</dd>
                    </div>
                    <div>
                        <dt>"比較対象"</dt>
                        <dd data-testid="run-previous">{previous_label(&list, r.previous_run_no)}</dd>
                    </div>
                    <div>
                        <dt>"登録日時"</dt>
                        <dd>{jst_minutes(r.created_at)}</dd>
                    </div>
                </dl>
            }
            .into_any()
        } else {
            view! {
                <p class="notice notice-info" data-testid="run-header-only">
                    "この一斉積立データは明細のない受信情報のみのため、内訳明細はありません。"
                </p>
            }
            .into_any()
        };
        Some(body)
    };
    view! {
        {move || match runs.get() {
            None => view! { <p class="loading">"読み込み中…"</p> }.into_any(),
            Some(list) if list.is_empty() => {
                view! {
                    <p class="notice notice-info" data-testid="no-runs">
                        "一斉積立データはまだ受信していません。"
                    </p>
                }
                    .into_any()
            }
            Some(list) => {
                view! {
                    <div class="form data-picker">
                        <div class="field">
                            <label class="field-label" for="run_no">
                                <span class="field-name">"一斉積立データ"</span>
                                <span class="field-hint">"（番号 名称 受信日 作成区分。新しい順）"</span>
                            </label>
                            <div class="field-body">
                                <div class="field-control">
                                    <select
                                        id="run_no"
                                        name="run_no"
                                        data-testid="run-picker"
                                        on:change=pick.clone()
                                    >
                                        {list
                                            .into_iter()
                                            .map(|r| {
                                                let no = r.run_no;
                                                view! {
                                                    <option
                                                        value=no.to_string()
                                                        prop:selected=move || chosen.get() == Some(no)
                                                    >
                                                        {option_label(&r)}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </div>
                            </div>
                        </div>
                    </div>
                }
                    .into_any()
            }
        }}
        {facts}
    }
}

/// Links to the menu's other screens, on the same run.
#[component]
pub fn OtherScreens(choice: RunChoice, here: &'static str) -> impl IntoView {
    let screens = [
        (routes::DETAILS, details::TITLE),
        (routes::REPORT, report::TITLE),
        (routes::EXPORT, export::TITLE),
    ];
    view! {
        <nav class="screen-links" aria-label="一斉積立事務の他の画面" data-testid="other-screens">
            <span class="field-name">"同じデータで: "</span>
            {screens
                .into_iter()
                .filter(|(route, _)| *route != here)
                .map(|(route, title)| {
                    let href = move || routes::on_run(route, choice.chosen.get());
                    view! { <a href=href>{title}</a> }
                })
                .collect_view()}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};
    use cjs_api_types::collective::{RunKind, RunOrigin};

    fn run(no: i32, name: &str, day: u32, origin: RunOrigin) -> RunSummary {
        RunSummary {
            run_no: no,
            run_no_label: run_no_label(no),
            name: name.to_owned(),
            title: format!("{} {name}", run_no_label(no)),
            received_on: NaiveDate::from_ymd_opt(2012, 10, day).unwrap_or_default(),
            kind: RunKind::AdHoc,
            kind_label: "臨時作成".to_owned(),
            origin,
            origin_label: match origin {
                RunOrigin::File => "受信データ",
                RunOrigin::Header => "受信情報のみ",
            }
            .to_owned(),
            count: 3,
            amount: 36_000,
            previous_run_no: None,
            created_at: Utc.timestamp_opt(0, 0).single().unwrap_or_default(),
        }
    }

    #[test]
    fn a_run_reads_as_on_the_information_screen() {
        let r = run(14, "サンプル1", 14, RunOrigin::File);
        assert_eq!(run_label(&r), "014 サンプル1 2012年10月14日 臨時作成");
        assert_eq!(option_label(&r), "014 サンプル1 2012年10月14日 臨時作成");
        let h = run(15, "お知らせ", 20, RunOrigin::Header);
        assert_eq!(
            option_label(&h),
            "015 お知らせ 2012年10月20日 臨時作成（受信情報のみ）"
        );
    }

    #[test]
    fn the_run_shown_first_is_the_asked_one_else_the_newest_with_lines() {
        let runs = [
            run(15, "お知らせ", 20, RunOrigin::Header),
            run(14, "サンプル1", 14, RunOrigin::File),
            run(13, "サンプル0", 1, RunOrigin::File),
        ];
        assert_eq!(default_run(&runs, None), Some(14));
        assert_eq!(default_run(&runs, Some(13)), Some(13));
        assert_eq!(default_run(&runs, Some(15)), Some(15));
        assert_eq!(default_run(&runs, Some(99)), Some(14));
        assert_eq!(default_run(&runs[..1], None), Some(15));
        assert_eq!(default_run(&[], Some(14)), None);
    }

    #[test]
    fn the_previous_run_is_named_with_its_date_or_none() {
        let runs = [
            run(14, "サンプル1", 14, RunOrigin::File),
            run(13, "サンプル0", 1, RunOrigin::File),
        ];
        assert_eq!(previous_label(&runs, None), "なし");
        assert_eq!(
            previous_label(&runs, Some(13)),
            "013 サンプル0（2012年10月01日）"
        );
        assert_eq!(previous_label(&runs, Some(7)), "007");
        assert_eq!(
            routes::on_run(routes::REPORT, Some(14)),
            "/collective/report?no=14"
        );
        assert_eq!(routes::on_run(routes::EXPORT, None), "/collective/export");
    }
}

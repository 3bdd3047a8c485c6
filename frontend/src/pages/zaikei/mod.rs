//! 財形貯蓄事務: the manual's three functions (docs/zaikei.md). One module per screen; the screen
//! IDs are ours (`cjs_api_types::zaikei::screen`, the manual shows none for this menu). Every
//! screen reads one cycle of one document: the document picker lists only the documents the
//! group contracted (預入依頼書 月例・夏季一時金・年末一時金, 加入者残高一覧表, 奨励金 月例・一時金),
//! the 作成基準日 picker only the cycles kept (newest first). 財形積立変更明細書 exists for
//! 預入依頼書 only.

pub mod details;
pub mod export;
pub mod report;

use chrono::NaiveDate;
use cjs_api_types::zaikei::{CycleView, DocumentList, DocumentView, EmployerDocument};
use cjs_domain::Function;
use leptos::prelude::*;

use crate::api;
use crate::format::{ja_date, jst_minutes};
use crate::pages::deduction::{MenuFrame, MenuFrameProps};
use crate::pages::savings::{keep_in_address, query_value};
use crate::widgets::form::FormState;

/// Where the screens live (`/zaikei/...`); the menu items point here.
pub mod routes {
    use chrono::NaiveDate;
    use cjs_api_types::zaikei::EmployerDocument;

    pub const DETAILS: &str = "/zaikei/details";
    pub const REPORT: &str = "/zaikei/report";
    pub const EXPORT: &str = "/zaikei/export";

    /// `document=deposit_monthly&date=2012-10-16` (what is chosen so far).
    pub fn query(document: Option<EmployerDocument>, date: Option<NaiveDate>) -> String {
        let mut parts = Vec::new();
        if let Some(d) = document {
            parts.push(format!("document={}", d.as_str()));
        }
        if let Some(d) = date {
            parts.push(format!("date={}", d.format("%Y-%m-%d")));
        }
        parts.join("&")
    }

    /// A screen of this menu on a document's cycle.
    pub fn on_cycle(
        screen: &str,
        document: Option<EmployerDocument>,
        date: Option<NaiveDate>,
    ) -> String {
        let query = query(document, date);
        if query.is_empty() {
            screen.to_owned()
        } else {
            format!("{screen}?{query}")
        }
    }
}

/// The frame of every screen of this menu: logged in, a payment group chosen, and 財形貯蓄事務 in
/// the user's menu.
#[component]
pub fn ZaikeiFrame(children: ChildrenFn) -> impl IntoView {
    MenuFrame(MenuFrameProps {
        function: Function::Zaikei,
        children,
    })
}

/// The document and cycle first shown: the ones in the address if the group has them; else the
/// first document that has a cycle (else the first document), and its newest cycle.
pub fn default_choice(
    documents: &[DocumentView],
    asked_document: Option<&str>,
    asked_date: Option<&str>,
) -> (Option<EmployerDocument>, Option<NaiveDate>) {
    let asked = asked_document
        .and_then(EmployerDocument::parse)
        .and_then(|d| documents.iter().find(|v| v.document == d));
    let doc = asked
        .or_else(|| documents.iter().find(|d| !d.cycles.is_empty()))
        .or_else(|| documents.first());
    let Some(doc) = doc else {
        return (None, None);
    };
    let date = asked_date
        .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
        .filter(|d| doc.cycles.iter().any(|c| c.base_date == *d))
        .or_else(|| doc.cycles.first().map(|c| c.base_date));
    (Some(doc.document), date)
}

/// The 帳票 picker's line: 「預入依頼書（月例）」, 「（未受信）」 when no cycle is kept.
pub fn document_option(doc: &DocumentView) -> String {
    if doc.cycles.is_empty() {
        format!("{}（未受信）", doc.name)
    } else {
        doc.name.clone()
    }
}

/// The 作成基準日 picker's line: 「2012年10月16日（入金予定日 2012年10月25日）120件」.
pub fn cycle_option(cycle: &CycleView) -> String {
    match cycle.deposit_date {
        Some(d) => format!(
            "{}（入金予定日 {}）{}件",
            ja_date(cycle.base_date),
            ja_date(d),
            cycle.lines
        ),
        None => format!("{} {}件", ja_date(cycle.base_date), cycle.lines),
    }
}

/// 比較対象 as the 変更明細書 prints it: 「2012年09月16日」 or 「なし」.
pub fn previous_text(previous: Option<NaiveDate>) -> String {
    previous.map(ja_date).unwrap_or_else(|| "なし".to_owned())
}

/// The screen's document and cycle.
#[derive(Clone, Copy)]
pub struct CycleChoice {
    pub list: RwSignal<Option<DocumentList>>,
    pub document: RwSignal<Option<EmployerDocument>>,
    pub date: RwSignal<Option<NaiveDate>>,
    /// The chosen document.
    pub doc: Memo<Option<DocumentView>>,
    /// The chosen cycle, when it is one of the document's kept cycles.
    pub cycle: Memo<Option<CycleView>>,
}

impl CycleChoice {
    /// `(document, 作成基準日)` of the chosen cycle.
    pub fn key(self) -> Signal<Option<(EmployerDocument, NaiveDate)>> {
        Signal::derive(move || {
            let document = self.document.get()?;
            let cycle = self.cycle.get()?;
            Some((document, cycle.base_date))
        })
    }

    /// The chosen document has a 変更明細 (預入依頼書).
    pub fn has_changes(self) -> Signal<bool> {
        Signal::derive(move || self.doc.with(|d| d.as_ref().is_some_and(|d| d.has_changes)))
    }

    /// A file of the chosen cycle (`statement.pdf`, `changes.csv` …); `changes` files only for a
    /// document that has them.
    pub fn file(
        self,
        file: &'static str,
        encoding: Option<RwSignal<String>>,
    ) -> Signal<Option<String>> {
        let key = self.key();
        let has_changes = self.has_changes();
        Signal::derive(move || {
            let (document, date) = key.get()?;
            if file.starts_with("changes") && !has_changes.get() {
                return None;
            }
            let encoding = encoding.map(|e| e.get());
            Some(api::zaikei::file_path(
                document,
                date,
                file,
                encoding.as_deref(),
            ))
        })
    }
}

/// Loads the contracted documents (`GET /zaikei/documents`) and picks the document and cycle in
/// the address (`?document=&date=`), the newest otherwise.
pub fn cycle_choice(form: FormState) -> CycleChoice {
    let list = RwSignal::new(None::<DocumentList>);
    let document = RwSignal::new(None::<EmployerDocument>);
    let date = RwSignal::new(None::<NaiveDate>);
    let asked_document = query_value("document");
    let asked_date = query_value("date");
    form.load(api::zaikei::documents(), move |l: DocumentList| {
        let (d, c) = default_choice(
            &l.documents,
            asked_document.as_deref(),
            asked_date.as_deref(),
        );
        document.set(d);
        date.set(c);
        list.set(Some(l));
    });
    let doc = Memo::new(move |_| {
        let chosen = document.get()?;
        list.with(|l| {
            l.as_ref()
                .and_then(|l| l.documents.iter().find(|d| d.document == chosen).cloned())
        })
    });
    let cycle = Memo::new(move |_| {
        let chosen = date.get()?;
        doc.with(|d| {
            d.as_ref()
                .and_then(|d| d.cycles.iter().find(|c| c.base_date == chosen).cloned())
        })
    });
    CycleChoice {
        list,
        document,
        date,
        doc,
        cycle,
    }
}

/// The two pickers (帳票, 作成基準日) and the chosen cycle's facts.
#[component]
pub fn CyclePicker(choice: CycleChoice) -> impl IntoView {
    let CycleChoice {
        list,
        document,
        date,
        doc,
        cycle,
    } = choice;
    let keep = keep_in_address();
    let remember = {
        let keep = keep.clone();
        move || {
            keep(&routes::query(
                document.get_untracked(),
                date.get_untracked(),
            ))
        }
    };
    let pick_document = {
        let remember = remember.clone();
        move |ev: leptos::ev::Event| {
            let chosen = EmployerDocument::parse(&event_target_value(&ev));
            document.set(chosen);
            // Another document: its newest cycle.
            let newest = doc.with_untracked(|d| {
                d.as_ref()
                    .and_then(|d| d.cycles.first().map(|c| c.base_date))
            });
            date.set(newest);
            remember();
        }
    };
    let pick_date = move |ev: leptos::ev::Event| {
        date.set(NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d").ok());
        remember();
    };
    let date_picker = move || {
        let d = doc.get()?;
        if d.cycles.is_empty() {
            return Some(
                view! {
                    <p class="notice notice-info" data-testid="no-cycles">
                        "財形積立明細はまだ受信していません。"
                    </p>
                }
                .into_any(),
            );
        }
        let pick_date = pick_date.clone();
        Some(
            view! {
                <div class="field">
                    <label class="field-label" for="base_date">
                        <span class="field-name">"作成基準日"</span>
                        <span class="field-hint">"（保存されている受信データ。新しい順）"</span>
                    </label>
                    <div class="field-body">
                        <div class="field-control">
                            <select
                                id="base_date"
                                name="base_date"
                                data-testid="date-picker"
                                on:change=pick_date
                            >
                                {d
                                    .cycles
                                    .into_iter()
                                    .map(|c| {
                                        let value = c.base_date.format("%Y-%m-%d").to_string();
                                        let day = c.base_date;
                                        view! {
                                            <option
                                                value=value
                                                prop:selected=move || date.get() == Some(day)
                                            >
                                                {cycle_option(&c)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    </div>
                </div>
            }
            .into_any(),
        )
    };
    let facts = move || {
        let d = doc.get()?;
        let c = cycle.get()?;
        let deposit = c.deposit_date.map(|day| {
            view! {
                <div>
                    <dt>"入金予定日"</dt>
                    <dd data-testid="cycle-deposit-date">{ja_date(day)}</dd>
                </div>
            }
        });
        let previous = d.has_changes.then(|| {
            view! {
                <div>
                    <dt>"比較対象"</dt>
                    <dd data-testid="cycle-previous">{previous_text(c.previous_base_date)}</dd>
                </div>
            }
        });
        Some(view! {
            <dl class="info-summary cycle-facts" data-testid="cycle-facts">
                <div>
                    <dt>"帳票"</dt>
                    <dd data-testid="cycle-document">{d.name.clone()}</dd>
                </div>
                <div>
                    <dt>"作成基準日"</dt>
                    <dd data-testid="cycle-base-date">{ja_date(c.base_date)}</dd>
                </div>
                {deposit}
                {previous}
                <div>
                    <dt>"件数"</dt>
                    <dd data-testid="cycle-lines">{format!("{}件", c.lines)}</dd>
                </div>
                <div>
                    <dt>"登録日時"</dt>
                    <dd>{jst_minutes(c.loaded_at)}</dd>
                </div>
            </dl>
        })
    };
    view! {
        {move || match list.get() {
            None => view! { <p class="loading">"読み込み中…"</p> }.into_any(),
            Some(l) if l.documents.is_empty() => {
                view! {
                    <p class="notice notice-info" data-testid="no-documents">
                        "ご契約のある財形貯蓄の帳票はありません。"
                    </p>
                }
                    .into_any()
            }
            Some(l) => {
                view! {
                    <div class="form data-picker">
                        <div class="field">
                            <label class="field-label" for="document">
                                <span class="field-name">"帳票"</span>
                                <span class="field-hint">"（ご契約の帳票）"</span>
                            </label>
                            <div class="field-body">
                                <div class="field-control">
                                    <select
                                        id="document"
                                        name="document"
                                        data-testid="document-picker"
                                        on:change=pick_document.clone()
                                    >
                                        {l
                                            .documents
                                            .into_iter()
                                            .map(|d| {
                                                let value = d.document;
                                                view! {
                                                    <option
                                                        value=value.as_str()
                                                        prop:selected=move || document.get() == Some(value)
                                                    >
                                                        {document_option(&d)}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </div>
                            </div>
                        </div>
                        {date_picker.clone()}
                    </div>
                }
                    .into_any()
            }
        }}
        {facts}
    }
}

/// Links to the menu's other screens, on the same cycle.
#[component]
pub fn OtherScreens(choice: CycleChoice, here: &'static str) -> impl IntoView {
    let screens = [
        (routes::DETAILS, details::TITLE),
        (routes::REPORT, report::TITLE),
        (routes::EXPORT, export::TITLE),
    ];
    view! {
        <nav class="screen-links" aria-label="財形貯蓄事務の他の画面" data-testid="other-screens">
            <span class="field-name">"同じデータで: "</span>
            {screens
                .into_iter()
                .filter(|(route, _)| *route != here)
                .map(|(route, title)| {
                    let href = move || {
                        routes::on_cycle(route, choice.document.get(), choice.date.get())
                    };
                    view! { <a href=href>{title}</a> }
                })
                .collect_view()}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use cjs_api_types::zaikei::{AmountColumnsView, DocumentKind};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn cycle(base: NaiveDate, deposit: Option<NaiveDate>) -> CycleView {
        CycleView {
            base_date: base,
            deposit_date: deposit,
            previous_base_date: None,
            lines: 120,
            loaded_at: Utc.timestamp_opt(0, 0).single().unwrap_or_default(),
        }
    }

    fn document(document: EmployerDocument, cycles: Vec<CycleView>) -> DocumentView {
        let kind = DocumentKind::of(document);
        DocumentView {
            document,
            name: document.label().to_owned(),
            kind,
            kind_label: kind.label().to_owned(),
            columns: AmountColumnsView::of(kind),
            has_changes: kind.is_deposit(),
            cycles,
        }
    }

    #[test]
    fn the_first_choice_is_the_asked_cycle_else_the_newest_received() {
        let docs = [
            document(EmployerDocument::DepositMonthly, vec![]),
            document(
                EmployerDocument::Balance,
                vec![
                    cycle(day(2012, 10, 16), None),
                    cycle(day(2012, 9, 16), None),
                ],
            ),
        ];
        assert_eq!(
            default_choice(&docs, None, None),
            (Some(EmployerDocument::Balance), Some(day(2012, 10, 16)))
        );
        assert_eq!(
            default_choice(&docs, Some("balance"), Some("2012-09-16")),
            (Some(EmployerDocument::Balance), Some(day(2012, 9, 16)))
        );
        // A purged or unknown date: the newest kept one.
        assert_eq!(
            default_choice(&docs, Some("balance"), Some("2012-08-16")),
            (Some(EmployerDocument::Balance), Some(day(2012, 10, 16)))
        );
        // A document not contracted: the first received one.
        assert_eq!(
            default_choice(&docs, Some("incentive_bonus"), None),
            (Some(EmployerDocument::Balance), Some(day(2012, 10, 16)))
        );
        assert_eq!(
            default_choice(&docs, Some("deposit_monthly"), None),
            (Some(EmployerDocument::DepositMonthly), None)
        );
        assert_eq!(default_choice(&[], None, None), (None, None));
    }

    #[test]
    fn the_pickers_name_documents_and_cycles_as_the_lists_do() {
        let c = cycle(day(2012, 10, 16), Some(day(2012, 10, 25)));
        assert_eq!(
            cycle_option(&c),
            "2012年10月16日（入金予定日 2012年10月25日）120件"
        );
        assert_eq!(
            cycle_option(&cycle(day(2012, 10, 16), None)),
            "2012年10月16日 120件"
        );
        let empty = document(EmployerDocument::DepositSummer, vec![]);
        assert_eq!(document_option(&empty), format!("{}（未受信）", empty.name));
        assert_eq!(previous_text(None), "なし");
        assert_eq!(previous_text(Some(day(2012, 9, 16))), "2012年09月16日");
    }

    #[test]
    fn the_address_names_the_document_and_the_date() {
        assert_eq!(
            routes::on_cycle(
                routes::REPORT,
                Some(EmployerDocument::DepositMonthly),
                Some(day(2012, 10, 16))
            ),
            "/zaikei/report?document=deposit_monthly&date=2012-10-16"
        );
        assert_eq!(
            routes::on_cycle(routes::EXPORT, None, None),
            "/zaikei/export"
        );
    }
}

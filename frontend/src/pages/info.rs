//! DC671101 インフォメーション: who is logged in, since when, in which payment group; then, for
//! the chosen group, what the manual's information screen shows: for a member the deduction
//! schedule (月例・夏季一時金・年末一時金, the latest 締切中 cycle and the 入力中 one), the latest
//! 一斉積立 data and お知らせ; for an employer the latest 作成基準日 of the 財形 documents it
//! contracted, and お知らせ.

use cjs_api_types::auth::MeResponse;
use cjs_api_types::info::{
    CycleView, EmployerDocumentView, InfoResponse, NoticeView, RunView, ScheduleBlock,
};
use cjs_domain::schedule::{EmployerDocument, InputState};
use cjs_domain::{ContractKind, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::format::{ja_date, ja_month, jst_date, jst_minutes};
use crate::screen::enter_screen;
use crate::session::{self, now_ms, use_session};
use crate::widgets::authed::Authed;
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::form::FormState;

/// Days before the certificate's end when the screen starts to remind (the e-mail notice's 30).
const RENEWAL_DAYS: i64 = 30;

/// What an empty date cell of the employer's table shows.
const NO_DATE: &str = "－";

#[component]
pub fn InfoPage() -> impl IntoView {
    enter_screen("DC671101", "インフォメーション");
    let session = use_session();
    let flash = RwSignal::new(session.take_flash());
    let form = FormState::new();
    let info = RwSignal::new(None::<InfoResponse>);
    // Once per visit: choosing another payment group (DC590101) comes back here and asks again.
    spawn_local(async move {
        match api::info().await {
            Ok(answer) => info.set(Some(answer)),
            // An ended session, a temporary password or no chosen group: the session module
            // already sends the user to the right screen.
            Err(failure) if session::destination(failure.code()).is_some() => {}
            Err(failure) => form.fail(failure),
        }
    });
    view! {
        <Authed needs_group=true>
            <DoneBanner message=flash testid="flash" />
            <ErrorBanner form=form />
            {move || session.me.get().map(|me| view! { <Information me=me info=info /> })}
        </Authed>
    }
}

#[component]
fn Information(me: MeResponse, info: RwSignal<Option<InfoResponse>>) -> impl IntoView {
    let previous = me
        .previous_login_at
        .map(jst_minutes)
        .unwrap_or_else(|| "（初回ログイン）".to_owned());
    let group = me
        .payment_group
        .as_ref()
        .map(|g| format!("{} {}", g.number, g.name))
        .unwrap_or_else(|| "（未選択）".to_owned());
    let role = match me.role {
        Role::Master => "マスターユーザー",
        Role::General => "一般ユーザー",
    };
    let renewal = me.user.certificate_expires_at.and_then(|until| {
        let days_left = (until.timestamp_millis() as f64 - now_ms()) / 86_400_000.0;
        (days_left <= RENEWAL_DAYS as f64).then(|| {
            view! {
                <p class="notice notice-warning" data-testid="certificate-renewal">
                    "電子証明書の有効期限は " {jst_date(until)}
                    " です。ログアウト後、トップページの「電子証明書発行」ボタンより更新してください。"
                </p>
            }
        })
    });
    let employer = me.contract_kind == ContractKind::Employer;

    view! {
        <section class="panel info">
            <h1 class="page-title">"インフォメーション"</h1>
            {renewal}
            <dl class="info-summary">
                <div>
                    <dt>"団体名"</dt>
                    <dd data-testid="info-organisation">{me.organisation_name.clone()}</dd>
                </div>
                <div>
                    <dt>"ユーザー"</dt>
                    <dd data-testid="info-user">
                        {me.user.user_name.clone()} "（" {me.user.user_id.clone()} "・" {role} "）"
                    </dd>
                </div>
                <div>
                    <dt>"入金グループ"</dt>
                    <dd data-testid="info-payment-group">{group}</dd>
                </div>
                <div>
                    <dt>"前回ログイン日時"</dt>
                    <dd data-testid="previous-login">{previous}</dd>
                </div>
            </dl>
            {move || match info.get() {
                None => view! { <p class="loading" data-testid="info-loading">"読み込み中…"</p> }.into_any(),
                Some(info) if employer => view! { <EmployerInformation info=info /> }.into_any(),
                Some(info) => view! { <MemberInformation info=info /> }.into_any(),
            }}
            <p class="small">"※ サービスのお申込状況により、表示される項目が異なります。"</p>
        </section>
    }
}

#[component]
fn MemberInformation(info: InfoResponse) -> impl IntoView {
    let schedules = (!info.schedules.is_empty()).then(|| {
        view! {
            <Frame title="スケジュール" testid="info-schedule">
                <Schedules blocks=info.schedules.clone() />
            </Frame>
        }
    });
    let collective = info.shows_collective_savings.then(|| {
        view! {
            <Frame title="一斉積立 最新受信情報" testid="info-collective">
                <CollectiveSavings latest=info.collective_savings_latest.clone() />
            </Frame>
        }
    });
    view! {
        {schedules}
        {collective}
        <Notices notices=info.notices />
    }
}

#[component]
fn EmployerInformation(info: InfoResponse) -> impl IntoView {
    view! {
        <Frame title="財形貯蓄 最新受信情報" testid="info-zaikei">
            <EmployerDocuments documents=info.employer_documents />
            <p class="small">
                "預入依頼書・加入者残高一覧表（※）・奨励金（※）の最新の受信情報（作成基準日）が表示されます。※ ご契約がない場合は表示されません。"
            </p>
        </Frame>
        <Notices notices=info.notices />
    }
}

/// The rows of one occasion in the manual's order: the latest 締切中 cycle, then the 入力中 one.
pub fn schedule_rows(block: &ScheduleBlock) -> Vec<&CycleView> {
    [block.closed.as_ref(), block.open.as_ref()]
        .into_iter()
        .flatten()
        .collect()
}

fn input_class(state: InputState) -> &'static str {
    match state {
        InputState::Open => "input-state input-open",
        InputState::Closed => "input-state input-closed",
    }
}

/// The manual's schedule table: per occasion (月例・夏季一時金・年末一時金) its rows, the occasion
/// named once on the left.
#[component]
fn Schedules(blocks: Vec<ScheduleBlock>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="grid schedule" data-testid="schedule">
                <thead>
                    <tr>
                        <th scope="col" class="corner">
                            <span class="visually-hidden">"支給区分"</span>
                        </th>
                        <th scope="col">"控除年月"</th>
                        <th scope="col">"入力"</th>
                        <th scope="col">"締切日"</th>
                        <th scope="col">"依頼データ受信"</th>
                        <th scope="col">"結果データ受信"</th>
                        <th scope="col">"支給日(入金予定日)"</th>
                    </tr>
                </thead>
                {blocks
                    .into_iter()
                    .map(|block| {
                        let testid = format!("schedule-{}", block.occasion.as_str());
                        let rows: Vec<CycleView> = schedule_rows(&block)
                            .into_iter()
                            .cloned()
                            .collect();
                        let label = block.label.clone();
                        if rows.is_empty() {
                            return view! {
                                <tbody class="schedule-block" data-testid=testid>
                                    <tr>
                                        <th scope="rowgroup" class="occasion">{label}</th>
                                        <td colspan="6" class="empty">"スケジュールはありません"</td>
                                    </tr>
                                </tbody>
                            }
                                .into_any();
                        }
                        let span = rows.len();
                        view! {
                            <tbody class="schedule-block" data-testid=testid>
                                {rows
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, cycle)| {
                                        let head = (i == 0)
                                            .then(|| {
                                                view! {
                                                    <th scope="rowgroup" class="occasion" rowspan=span>
                                                        {label.clone()}
                                                    </th>
                                                }
                                            });
                                        view! {
                                            <tr data-testid=format!("cycle-{}", cycle.month)>
                                                {head}
                                                <td class="cell-nowrap">{ja_month(&cycle.month)}</td>
                                                <td class="cell-nowrap">
                                                    <span class=input_class(cycle.input)>
                                                        {cycle.input.label()}
                                                    </span>
                                                </td>
                                                <td class="cell-nowrap">{ja_date(cycle.deadline)}</td>
                                                <td class="cell-nowrap">
                                                    {cycle.request_received.map(ja_date)}
                                                </td>
                                                <td class="cell-nowrap">
                                                    {cycle.result_received.map(ja_date)}
                                                </td>
                                                <td class="cell-nowrap">{ja_date(cycle.payday)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        }
                            .into_any()
                    })
                    .collect_view()}
            </table>
        </div>
    }
}

/// `014 サンプル1`: the run number as three digits, then its name.
pub fn run_title(run: &RunView) -> String {
    format!("{:03} {}", run.run_no, run.name)
}

/// `2012年10月14日 臨時作成`
pub fn run_received(run: &RunView) -> String {
    format!("{} {}", ja_date(run.received_on), run.kind_label)
}

/// The manual's line 「一斉積立 014 サンプル1 2012年10月14日 臨時作成」.
#[component]
fn CollectiveSavings(latest: Option<RunView>) -> impl IntoView {
    let cells = match latest {
        Some(run) => view! {
            <td class="run-title" data-testid="collective-run">{run_title(&run)}</td>
            <td class="run-received" data-testid="collective-received">{run_received(&run)}</td>
        }
        .into_any(),
        None => view! { <td class="empty">"受信データはありません"</td> }.into_any(),
    };
    view! {
        <table class="grid collective" data-testid="collective-savings">
            <tbody>
                <tr>
                    <th scope="row">"一斉積立"</th>
                    {cells}
                </tr>
            </tbody>
        </table>
    }
}

/// One heading of the employer's table and its columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentGroup {
    pub heading: &'static str,
    pub columns: Vec<DocumentColumn>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentColumn {
    pub document: EmployerDocument,
    /// 月例, 夏季一時金, … under the heading; none for 加入者残高一覧表.
    pub sub: Option<&'static str>,
    /// 「2012年10月16日」 or 「－」.
    pub date: String,
}

/// A document of the employer's table and the label under its heading.
type Entry = (EmployerDocument, Option<&'static str>);

/// The manual's columns: 預入依頼書 (月例・夏季一時金・年末一時金), 加入者残高一覧表, 奨励金
/// (月例・一時金), keeping only the documents the group contracted (those the server sent).
pub fn document_groups(documents: &[EmployerDocumentView]) -> Vec<DocumentGroup> {
    use EmployerDocument as D;
    let catalogue: [(&'static str, &[Entry]); 3] = [
        (
            "預入依頼書",
            &[
                (D::DepositMonthly, Some("月例")),
                (D::DepositSummer, Some("夏季一時金")),
                (D::DepositYearEnd, Some("年末一時金")),
            ],
        ),
        ("加入者残高一覧表", &[(D::Balance, None)]),
        (
            "奨励金",
            &[
                (D::IncentiveMonthly, Some("月例")),
                (D::IncentiveBonus, Some("一時金")),
            ],
        ),
    ];
    catalogue
        .into_iter()
        .filter_map(|(heading, entries)| {
            let columns: Vec<DocumentColumn> = entries
                .iter()
                .filter_map(|(document, sub)| {
                    let found = documents.iter().find(|d| d.document == *document)?;
                    Some(DocumentColumn {
                        document: *document,
                        sub: *sub,
                        date: found
                            .base_date
                            .map(ja_date)
                            .unwrap_or_else(|| NO_DATE.to_owned()),
                    })
                })
                .collect();
            (!columns.is_empty()).then_some(DocumentGroup { heading, columns })
        })
        .collect()
}

/// The employer's 作成基準日 table, laid out as the manual's: 作成基準日 on the left, the headings
/// over their columns, the dates in the last row.
#[component]
fn EmployerDocuments(documents: Vec<EmployerDocumentView>) -> impl IntoView {
    let groups = document_groups(&documents);
    if groups.is_empty() {
        return view! {
            <p class="empty-note" data-testid="employer-documents">
                "作成基準日の情報はありません。"
            </p>
        }
        .into_any();
    }
    let has_sub = groups
        .iter()
        .any(|g| g.columns.iter().any(|c| c.sub.is_some()));
    let head_rows = if has_sub { 2 } else { 1 };
    let headings = groups
        .iter()
        .map(|g| {
            if g.columns.iter().any(|c| c.sub.is_some()) {
                view! { <th scope="colgroup" colspan=g.columns.len()>{g.heading}</th> }.into_any()
            } else {
                view! { <th scope="col" rowspan=head_rows>{g.heading}</th> }.into_any()
            }
        })
        .collect_view();
    let subs = has_sub.then(|| {
        view! {
            <tr>
                {groups
                    .iter()
                    .flat_map(|g| g.columns.iter())
                    .filter_map(|c| c.sub)
                    .map(|sub| view! { <th scope="col">{sub}</th> })
                    .collect_view()}
            </tr>
        }
    });
    let dates = groups
        .iter()
        .flat_map(|g| g.columns.iter())
        .map(|c| {
            view! {
                <td class="cell-nowrap" data-testid=format!("base-date-{}", c.document.as_str())>
                    {c.date.clone()}
                </td>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="grid base-dates" data-testid="employer-documents">
                <tbody>
                    <tr>
                        <th scope="row" class="base-date-label" rowspan={head_rows + 1}>
                            "作成基準日"
                        </th>
                        {headings}
                    </tr>
                    {subs}
                    <tr class="base-date-values">{dates}</tr>
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// お知らせ: 掲載日, 件名, メッセージ, newest first (the server's order).
#[component]
fn Notices(notices: Vec<NoticeView>) -> impl IntoView {
    let rows = if notices.is_empty() {
        view! {
            <tr>
                <td colspan="3" class="empty">"お知らせはありません"</td>
            </tr>
        }
        .into_any()
    } else {
        notices
            .into_iter()
            .map(|n| {
                view! {
                    <tr data-testid="notice">
                        <td class="cell-nowrap">{ja_date(n.published_on)}</td>
                        <td class="notice-subject">{n.subject}</td>
                        <td class="notice-body">{n.body}</td>
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <Frame title="お知らせ" testid="info-notices">
            <table class="grid notices" data-testid="notices">
                <thead>
                    <tr>
                        <th scope="col">"掲載日"</th>
                        <th scope="col">"件名"</th>
                        <th scope="col">"メッセージ"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </Frame>
    }
}

#[component]
fn Frame(title: &'static str, testid: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="frame" data-testid=testid>
            <h2 class="frame-title">"【" {title} "】"</h2>
            {children()}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use cjs_domain::schedule::{Occasion, RunKind};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn cycle(month: &str, input: InputState) -> CycleView {
        CycleView {
            month: month.to_owned(),
            input,
            deadline: day(2012, 10, 9),
            request_received: None,
            result_received: None,
            payday: day(2012, 10, 28),
        }
    }

    #[test]
    fn an_occasion_shows_the_closed_cycle_then_the_open_one() {
        let block = ScheduleBlock {
            occasion: Occasion::Monthly,
            label: "月例".to_owned(),
            closed: Some(cycle("2012-10", InputState::Closed)),
            open: Some(cycle("2012-11", InputState::Open)),
        };
        let months: Vec<_> = schedule_rows(&block)
            .iter()
            .map(|c| c.month.as_str())
            .collect();
        assert_eq!(months, ["2012-10", "2012-11"]);
        let only_open = ScheduleBlock {
            closed: None,
            ..block.clone()
        };
        assert_eq!(schedule_rows(&only_open).len(), 1);
        let none = ScheduleBlock {
            closed: None,
            open: None,
            ..block
        };
        assert!(schedule_rows(&none).is_empty());
    }

    #[test]
    fn the_collective_savings_line_reads_as_in_the_manual() {
        let run = RunView {
            run_no: 14,
            name: "サンプル1".to_owned(),
            received_on: day(2012, 10, 14),
            kind: RunKind::AdHoc,
            kind_label: "臨時作成".to_owned(),
        };
        assert_eq!(run_title(&run), "014 サンプル1");
        assert_eq!(run_received(&run), "2012年10月14日 臨時作成");
    }

    fn document(document: EmployerDocument, base_date: Option<NaiveDate>) -> EmployerDocumentView {
        EmployerDocumentView {
            document,
            label: document.label().to_owned(),
            base_date,
        }
    }

    #[test]
    fn the_employer_table_groups_the_contracted_documents_like_the_manual() {
        let all: Vec<_> = EmployerDocument::ALL
            .iter()
            .rev()
            .map(|d| document(*d, Some(day(2012, 10, 16))))
            .collect();
        let groups = document_groups(&all);
        let headings: Vec<_> = groups.iter().map(|g| g.heading).collect();
        assert_eq!(headings, ["預入依頼書", "加入者残高一覧表", "奨励金"]);
        let subs: Vec<_> = groups
            .iter()
            .flat_map(|g| g.columns.iter().map(|c| c.sub))
            .collect();
        assert_eq!(
            subs,
            [
                Some("月例"),
                Some("夏季一時金"),
                Some("年末一時金"),
                None,
                Some("月例"),
                Some("一時金")
            ]
        );
        assert!(groups[0].columns.iter().all(|c| c.date == "2012年10月16日"));
    }

    #[test]
    fn documents_not_contracted_are_left_out_and_a_missing_date_is_a_dash() {
        let groups = document_groups(&[
            document(EmployerDocument::DepositMonthly, Some(day(2012, 10, 16))),
            document(EmployerDocument::DepositSummer, None),
            document(EmployerDocument::DepositYearEnd, None),
        ]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].heading, "預入依頼書");
        let dates: Vec<_> = groups[0].columns.iter().map(|c| c.date.as_str()).collect();
        assert_eq!(dates, ["2012年10月16日", "－", "－"]);
        assert!(document_groups(&[]).is_empty());
    }
}

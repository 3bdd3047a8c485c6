//! CM000003 マニュアル照会: the manuals and forms the bank registered for this contract's kind
//! (and for everyone). 表示 opens the PDF in a new window, ダウンロード saves it; the server logs
//! both.

use cjs_api_types::info::{ManualListResponse, ManualView};
use leptos::prelude::*;

use crate::api;
use crate::format::{jst_date, kilobytes};
use crate::screen::enter_screen;
use crate::widgets::authed::Authed;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

#[component]
pub fn ManualsPage() -> impl IntoView {
    enter_screen("CM000003", "マニュアル照会");
    view! {
        <Authed>
            <Manuals />
        </Authed>
    }
}

#[component]
fn Manuals() -> impl IntoView {
    let form = FormState::new();
    let list = RwSignal::new(None::<ManualListResponse>);
    form.load(api::manuals(), move |manuals| list.set(Some(manuals)));
    let rows = move || list.with(|l| l.as_ref().map(|l| l.manuals.clone()).unwrap_or_default());

    view! {
        <section class="panel">
            <p class="breadcrumb">"共通機能 ＞ マニュアル照会"</p>
            <h1 class="page-title">"マニュアル照会"</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "閲覧したいマニュアル・帳票の行の「表示」ボタンをクリックしてください。保存する場合は「ダウンロード」ボタンをクリックしてください。"
            </p>
            {move || {
                list.with(|l| {
                    l.as_ref()
                        .map(|l| {
                            view! {
                                <p class="count" data-testid="manual-count">
                                    "登録件数: " {l.manuals.len()} "件"
                                </p>
                            }
                        })
                })
            }}
            <div class="table-wrap">
                <table class="grid manuals" data-testid="manuals">
                    <thead>
                        <tr>
                            <th scope="col">"表示"</th>
                            <th scope="col">"No"</th>
                            <th scope="col">"マニュアル名"</th>
                            <th scope="col">"コメント"</th>
                            <th scope="col">"サイズ"</th>
                            <th scope="col">"登録日"</th>
                            <th scope="col">"ダウンロード"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let manuals = rows();
                            if manuals.is_empty() && list.with(Option::is_some) {
                                return view! {
                                    <tr>
                                        <td colspan="7" class="empty">
                                            "登録されているマニュアルはありません"
                                        </td>
                                    </tr>
                                }
                                    .into_any();
                            }
                            manuals
                                .into_iter()
                                .enumerate()
                                .map(|(i, m)| view! { <ManualRow no=i + 1 manual=m /> })
                                .collect_view()
                                .into_any()
                        }}
                    </tbody>
                </table>
            </div>
            <p class="small">
                "「表示」は新しいウィンドウで PDF を開きます。ポップアップブロックの設定により開かない場合は「ダウンロード」をご利用ください。"
            </p>
        </section>
    }
}

#[component]
fn ManualRow(no: usize, manual: ManualView) -> impl IntoView {
    // Plain links (not the router's): the browser opens or saves the PDF itself and sends the
    // session cookie with the GET.
    let show = api::manual_href(&manual.id, false);
    let save = api::manual_href(&manual.id, true);
    let label = format!("{}を表示", manual.name);
    let save_label = format!("{}をダウンロード", manual.name);
    view! {
        <tr data-testid="manual-row" data-manual-id=manual.id.clone()>
            <td class="cell-action">
                <a
                    class="button button-small"
                    href=show
                    target="_blank"
                    rel="noopener"
                    aria-label=label
                    data-testid="manual-show"
                >
                    "表示"
                </a>
            </td>
            <td class="cell-number">{no}</td>
            <td class="manual-name">{manual.name.clone()}</td>
            <td>{manual.comment.clone()}</td>
            <td class="cell-nowrap cell-size">{kilobytes(manual.size)}</td>
            <td class="cell-nowrap">{jst_date(manual.registered_at)}</td>
            <td class="cell-action">
                <a
                    class="button button-small button-secondary"
                    href=save
                    download=""
                    rel="external"
                    aria-label=save_label
                    data-testid="manual-download"
                >
                    "ダウンロード"
                </a>
            </td>
        </tr>
    }
}

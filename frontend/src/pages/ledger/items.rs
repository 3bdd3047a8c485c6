//! LR111101 賃控元帳種目情報照会: the group's 種目 in 表示順 (`GET /ledger/items`, with how many
//! lines use each), 登録 (→ LR111201), per row 変更 (→ LR111201) and 削除 (confirmation; refused
//! while lines use the item, E1030 naming the count). A 閲覧のみ user sees no change buttons.

use cjs_api_types::ledger::{ItemList, ItemView, screen};
use leptos::prelude::*;

use crate::api;
use crate::pages::ledger::{LedgerFrame, LedgerReadOnly, read_only, routes};
use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::buttons::navigator;
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::fkeys::on_function_key;
use crate::widgets::form::FormState;

pub const TITLE: &str = "賃控元帳種目情報照会";

#[component]
pub fn ItemsPage() -> impl IntoView {
    enter_screen(screen::ITEMS, TITLE);
    view! {
        <LedgerFrame>
            <Items />
        </LedgerFrame>
    }
}

/// 〇 or blank, as the lists mark a flag.
pub fn mark(on: bool) -> &'static str {
    if on { "〇" } else { "" }
}

#[component]
fn Items() -> impl IntoView {
    let session = use_session();
    let flash = RwSignal::new(session.take_flash());
    let done = RwSignal::new(None::<String>);
    let form = FormState::new();
    let read_only = read_only();
    let list = RwSignal::new(None::<ItemList>);
    let reload = move || form.load(api::ledger::items(), move |l| list.set(Some(l)));
    reload();
    let delete = Callback::new(move |item: ItemView| {
        let question = format!(
            "種目 {} {} を削除します。よろしいですか？",
            item.item_code, item.item_name
        );
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        flash.set(None);
        done.set(None);
        let (id, version) = (item.id.clone(), item.version);
        form.submit(
            async move { api::ledger::delete_item(&id, version).await },
            move |()| {
                done.set(Some(format!(
                    "種目 {} {} を削除しました。",
                    item.item_code, item.item_name
                )));
                reload();
            },
        );
    });
    let go = navigator();
    {
        let go = go.clone();
        on_function_key("F7", move || {
            if !read_only.get_untracked() {
                go(routes::ITEM_NEW);
            }
        });
    }
    let count = move || list.with(|l| l.as_ref().map(|l| format!("抽出件数: {}件", l.items.len())));

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">{TITLE}</h1>
                <Show when=move || !read_only.get()>
                    <button
                        type="button"
                        class="button button-primary"
                        aria-keyshortcuts="F7"
                        data-testid="add-item"
                        on:click={
                            let go = go.clone();
                            move |_| go(routes::ITEM_NEW)
                        }
                    >
                        "登録へ(F7)"
                    </button>
                </Show>
            </div>
            <LedgerReadOnly />
            <DoneBanner message=flash testid="flash" />
            <DoneBanner message=done />
            <ErrorBanner form=form />
            <p class="count" data-testid="item-count">{count}</p>
            <div class="table-wrap">
                <table class="grid items" data-testid="item-table">
                    <thead>
                        <tr>
                            <Show when=move || !read_only.get()>
                                <th scope="col">"変更"</th>
                                <th scope="col">"削除"</th>
                            </Show>
                            <th scope="col">"No"</th>
                            <th scope="col">"種目コード"</th>
                            <th scope="col">"種目名"</th>
                            <th scope="col">"表示順"</th>
                            <th scope="col">"種目区分"</th>
                            <th scope="col">"月例"</th>
                            <th scope="col">"賞与"</th>
                            <th scope="col">"使用件数"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            list.get()
                                .map(|l| l.items)
                                .unwrap_or_default()
                                .into_iter()
                                .enumerate()
                                .map(|(i, item)| {
                                    view! {
                                        <ItemRow
                                            no=i + 1
                                            item=item
                                            delete=delete
                                            busy=form.busy
                                            read_only=read_only
                                        />
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <ul class="marks">
                <li>"種目コードは登録後に変更できません。"</li>
                <li>"明細（解除済を含む）で使用されている種目は削除できません。"</li>
            </ul>
        </section>
    }
}

#[component]
fn ItemRow(
    no: usize,
    item: ItemView,
    delete: Callback<ItemView>,
    busy: RwSignal<bool>,
    read_only: Memo<bool>,
) -> impl IntoView {
    let go = navigator();
    let href = routes::item(&item.id);
    let row = item.clone();
    view! {
        <tr data-testid=format!("item-row-{}", item.item_code)>
            <Show when=move || !read_only.get()>
                <td class="cell-action">
                    {
                        let go = go.clone();
                        let href = href.clone();
                        view! {
                            <button
                                type="button"
                                class="button button-small"
                                on:click=move |_| go(&href)
                            >
                                "変更"
                            </button>
                        }
                    }
                </td>
                <td class="cell-action">
                    {
                        let row = row.clone();
                        view! {
                            <button
                                type="button"
                                class="button button-small button-danger"
                                data-testid="delete-item"
                                disabled=move || busy.get()
                                on:click=move |_| delete.run(row.clone())
                            >
                                "削除"
                            </button>
                        }
                    }
                </td>
            </Show>
            <td class="cell-number">{no}</td>
            <td>{item.item_code.clone()}</td>
            <td>{item.item_name.clone()}</td>
            <td class="cell-number">{item.display_order}</td>
            <td>{item.kind_label.clone()}</td>
            <td class="cell-action">{mark(item.monthly)}</td>
            <td class="cell-action">{mark(item.bonus)}</td>
            <td class="cell-number" data-testid="item-used-by">{item.used_by}</td>
        </tr>
    }
}

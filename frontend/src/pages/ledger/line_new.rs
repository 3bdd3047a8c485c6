//! LR102101 賃控元帳明細新規登録: the line form (`POST /ledger/lines` → 201 `LineView`); back to
//! LR101101 with the result. The amounts apply from the 開始月.

use cjs_api_types::ledger::screen;
use leptos::prelude::*;

use crate::api;
use crate::pages::ledger::line_form::{LineFields, LineSignals};
use crate::pages::ledger::{LedgerFrame, LedgerReadOnly, load_items, read_only, routes};
use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::buttons::{GoButton, navigator};
use crate::widgets::errors::ErrorBanner;
use crate::widgets::fkeys::on_function_key;
use crate::widgets::form::{FormState, SubmitButton};

pub const TITLE: &str = "賃控元帳明細新規登録";

#[component]
pub fn LineNewPage() -> impl IntoView {
    enter_screen(screen::LINE_NEW, TITLE);
    view! {
        <LedgerFrame>
            <NewLine />
        </LedgerFrame>
    }
}

#[component]
fn NewLine() -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let values = LineSignals::new();
    let items = load_items(form);
    let read_only = read_only();
    let go = navigator();
    {
        let go = go.clone();
        on_function_key("F4", move || go(routes::LINES));
    }
    let save = move || {
        let body = match values.input(items) {
            Ok(body) => body,
            Err(local) => {
                form.error.set(Some(local));
                return;
            }
        };
        let go = go.clone();
        form.submit(
            async move { api::ledger::create_line(&body).await },
            move |l| {
                session.flash(format!(
                    "職員番号 {} {} の明細（{} {}）を登録しました。",
                    l.employee_no, l.kana_name, l.item_code, l.item_name
                ));
                go(routes::LINES);
            },
        );
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save();
    };
    let no_items = move || {
        items
            .with(|l| l.as_ref().is_some_and(|l| l.items.is_empty()))
            .then(|| {
                view! {
                    <p class="notice" data-testid="no-items">
                        "賃控元帳種目が登録されていません。先に賃控元帳種目情報照会で種目を登録してください。"
                    </p>
                }
            })
    };

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">{TITLE}</h1>
                <div class="title-actions">
                    <GoButton href=routes::LINES class="button button-secondary" shortcut="F4">
                        "一覧へ(F4)"
                    </GoButton>
                </div>
            </div>
            <LedgerReadOnly />
            <ErrorBanner form=form />
            {no_items}
            <Show when=move || !read_only.get()>
                <p class="lead">"以下を入力して、「登録」ボタンをクリックしてください。"</p>
                <form class="form" id="line-new" on:submit=submit.clone() novalidate>
                    <LineFields form=form values=values items=items />
                    <div class="form-actions">
                        <SubmitButton form=form label="登録" />
                    </div>
                </form>
                <ul class="marks">
                    <li>"同じ職員番号・種目の有効な明細は、重複して登録できません。"</li>
                    <li>"控除金額は、種目の設定（月例・賞与）にある金額だけ入力できます。"</li>
                    <li>"登録した金額は開始月から控除されます。"</li>
                </ul>
            </Show>
        </section>
    }
}

//! DR102101 労金控除明細新規登録: the detail form (`POST /deduction/details` → 201 `DetailView`);
//! back to DR101101 with the result.

use cjs_api_types::deduction::screen;
use leptos::prelude::*;

use crate::api;
use crate::pages::deduction::detail_form::{DetailFields, DetailSignals};
use crate::pages::deduction::{DeductionFrame, ReadOnlyNotice, read_only, routes};
use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::buttons::{GoButton, navigator};
use crate::widgets::errors::ErrorBanner;
use crate::widgets::fkeys::on_function_key;
use crate::widgets::form::{FormState, SubmitButton};

pub const TITLE: &str = "労金控除明細新規登録";

#[component]
pub fn DetailNewPage() -> impl IntoView {
    enter_screen(screen::DETAIL_NEW, TITLE);
    view! {
        <DeductionFrame>
            <NewDetail />
        </DeductionFrame>
    }
}

#[component]
fn NewDetail() -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let values = DetailSignals::new();
    let read_only = read_only();
    let go = navigator();
    {
        let go = go.clone();
        on_function_key("F4", move || go(routes::DETAILS));
    }
    let save = move || {
        let body = match values.input() {
            Ok(body) => body,
            Err(local) => {
                form.error.set(Some(local));
                return;
            }
        };
        let go = go.clone();
        form.submit(
            async move { api::deduction::create_detail(&body).await },
            move |d| {
                session.flash(format!(
                    "職員番号 {} {} の明細（{} 店番 {} 口座番号 {}）を登録しました。",
                    d.employee_no, d.kana_name, d.product_name, d.branch_no, d.account_no
                ));
                go(routes::DETAILS);
            },
        );
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save();
    };

    view! {
        <section class="panel">
            <div class="title-bar">
                <h1 class="page-title">{TITLE}</h1>
                <div class="title-actions">
                    <GoButton href=routes::DETAILS class="button button-secondary" shortcut="F4">
                        "一覧へ(F4)"
                    </GoButton>
                </div>
            </div>
            <ReadOnlyNotice />
            <ErrorBanner form=form />
            <Show when=move || !read_only.get()>
                <p class="lead">
                    "以下を入力して、「登録」ボタンをクリックしてください。"
                </p>
                <form class="form" id="detail-new" on:submit=submit.clone() novalidate>
                    <DetailFields form=form values=values />
                    <div class="form-actions">
                        <SubmitButton form=form label="登録" />
                    </div>
                </form>
                <ul class="marks">
                    <li>"明細の登録・変更・解除は、入力期間中（締切日まで）に行えます。"</li>
                    <li>"同じ職員番号・取引・店番・口座番号の有効な明細は、重複して登録できません。"</li>
                </ul>
            </Show>
        </section>
    }
}

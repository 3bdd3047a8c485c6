//! DC590101 入金グループ選択: a contract with several payment groups works in one at a time.

use cjs_api_types::auth::PaymentGroupView;
use cjs_domain::Service;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::screen::enter_screen;
use crate::session::use_session;
use crate::widgets::authed::Authed;
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::form::FormState;

/// 備考: the group's services as the manual lists them, e.g. 「労金控除（明細更新）・賃控元帳・一斉積立」.
pub fn services_text(group: &PaymentGroupView) -> String {
    let updates = group.services.contains(&Service::RokinDetailUpdate);
    group
        .services
        .iter()
        .filter(|s| **s != Service::RokinDetailUpdate)
        .map(|s| match s {
            Service::RokinDeduction if updates => "労金控除（明細更新）".to_owned(),
            other => other.label().to_owned(),
        })
        .collect::<Vec<_>>()
        .join("・")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_remarks_read_like_the_manuals_table() {
        let group = PaymentGroupView {
            number: "16000004".to_owned(),
            name: "入金グループ4".to_owned(),
            name_kana: "ﾆｭｳｷﾝｸﾞﾙｰﾌﾟ4".to_owned(),
            services: vec![
                Service::RokinDeduction,
                Service::RokinDetailUpdate,
                Service::Ledger,
                Service::CollectiveSavings,
            ],
        };
        assert_eq!(
            services_text(&group),
            "労金控除（明細更新）・賃控元帳・一斉積立"
        );
        let group = PaymentGroupView {
            services: vec![Service::Ledger, Service::CollectiveSavings],
            ..group
        };
        assert_eq!(services_text(&group), "賃控元帳・一斉積立");
    }
}

#[component]
pub fn PaymentGroupPage() -> impl IntoView {
    enter_screen("DC590101", "入金グループ選択");
    let session = use_session();
    let flash = RwSignal::new(session.take_flash());
    let form = FormState::new();
    let navigate = use_navigate();
    let choose = Callback::new(move |number: String| {
        let navigate = navigate.clone();
        let request = async move {
            api::select_payment_group(&number).await?;
            api::me().await
        };
        form.submit(request, move |_| {
            navigate("/info", NavigateOptions::default())
        });
    });
    let groups = move || {
        session.me.with(|me| {
            me.as_ref()
                .map(|m| m.payment_groups.clone())
                .unwrap_or_default()
        })
    };
    let current = move || {
        session.me.with(|me| {
            me.as_ref()
                .and_then(|m| m.payment_group.as_ref().map(|g| g.number.clone()))
        })
    };

    view! {
        <Authed>
            <section class="panel">
                <h1 class="page-title">"入金グループ選択"</h1>
                <DoneBanner message=flash testid="flash" />
                <ErrorBanner form=form />
                <p class="lead">"ご利用になる入金グループの「選択」ボタンをクリックしてください。"</p>
                <p class="count">"登録件数: " {move || groups().len()} "件"</p>
                <div class="table-wrap">
                    <table class="grid">
                        <thead>
                            <tr>
                                <th scope="col">"選択"</th>
                                <th scope="col">"No"</th>
                                <th scope="col">"入金グループ"</th>
                                <th scope="col">"入金グループ漢字名"</th>
                                <th scope="col">"入金グループカナ名"</th>
                                <th scope="col">"備考"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                let current = current();
                                groups()
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, g)| {
                                        let number = g.number.clone();
                                        let is_current = current.as_deref() == Some(g.number.as_str());
                                        view! {
                                            <tr class:current=is_current data-testid=format!("group-{}", g.number)>
                                                <td class="cell-action">
                                                    <button
                                                        type="button"
                                                        class="button button-small"
                                                        disabled=move || form.busy.get()
                                                        on:click=move |_| choose.run(number.clone())
                                                    >
                                                        "選択"
                                                    </button>
                                                </td>
                                                <td class="cell-number">{i + 1}</td>
                                                <td>{g.number.clone()}</td>
                                                <td>
                                                    {g.name.clone()}
                                                    {is_current.then(|| view! { <span class="tag">"選択中"</span> })}
                                                </td>
                                                <td>{g.name_kana.clone()}</td>
                                                <td>{services_text(&g)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
            </section>
        </Authed>
    }
}

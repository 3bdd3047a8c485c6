//! The root component: screen context, the system header and the routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::layout::Layout;
use crate::pages::{not_found::NotFoundPage, status::StatusPage};
use crate::screen::ScreenContext;

#[component]
pub fn App() -> impl IntoView {
    provide_context(ScreenContext::new());

    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=StatusPage />
                    <Route path=path!("/status") view=StatusPage />
                </Routes>
            </Layout>
        </Router>
    }
}

//! The root component: screen context, session, the system header and the routes.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::layout::Layout;
use crate::pages::admin::{
    log::AdminLogPage, profile::ProfilePage, user_edit::AdminUserEditPage,
    user_new::AdminUserNewPage, users::AdminUsersPage,
};
use crate::pages::collective::{
    details::CollectiveDetailsPage, export::CollectiveExportPage, report::CollectiveReportPage,
};
use crate::pages::deduction::{
    detail_edit::DetailEditPage, detail_new::DetailNewPage, details::DetailsPage,
    employer_export::EmployerExportPage, employer_list::EmployerListPage,
    history::HistoryPageScreen, lump::LumpPage, lump_web_updates::LumpWebUpdatesPage,
    request_export::RequestExportPage, request_lists::RequestListsPage, results::ResultListsPage,
    stops::StopsPage,
};
use crate::pages::ledger::{
    bulk::BulkPage,
    check_lists::CheckListsPage,
    combined::{CombinedExportPage, CombinedListPage},
    export::ExportPage,
    history::LedgerHistoryPage,
    import::ImportPage,
    item_edit::{ItemEditPage, ItemNewPage},
    items::ItemsPage,
    line_edit::LineEditPage,
    line_new::LineNewPage,
    lines::LinesPage,
    request_export::RequestExportPage as LedgerRequestExportPage,
    request_lists::RequestListsPage as LedgerRequestListsPage,
    results::ResultListsPage as LedgerResultListsPage,
};
use crate::pages::zaikei::{
    details::ZaikeiDetailsPage, export::ZaikeiExportPage, report::ZaikeiReportPage,
};
use crate::pages::{
    certificate::CertificatePage, info::InfoPage, logged_out::LoggedOutPage, login::LoginPage,
    manuals::ManualsPage, menu::MenuPage, not_found::NotFoundPage, password::PasswordPage,
    payment_group::PaymentGroupPage, preparing::PreparingPage, register::RegisterPage,
    register_master::RegisterMasterPage, status::StatusPage, timeout::TimeoutPage, top::TopPage,
};
use crate::screen::ScreenContext;
use crate::session::{Session, now_ms};
use crate::widgets::soft_keyboard::OpenKeyboard;

#[component]
pub fn App() -> impl IntoView {
    provide_context(ScreenContext::new());
    OpenKeyboard::provide();
    let session = Session::install();
    // The idle countdown's clock.
    if let Ok(handle) =
        set_interval_with_handle(move || session.now_ms.set(now_ms()), Duration::from_secs(1))
    {
        on_cleanup(move || handle.clear());
    }

    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=TopPage />
                    <Route path=path!("/status") view=StatusPage />
                    <Route path=path!("/register") view=RegisterPage />
                    <Route path=path!("/register/master") view=RegisterMasterPage />
                    <Route path=path!("/certificate") view=CertificatePage />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/payment-group") view=PaymentGroupPage />
                    <Route path=path!("/info") view=InfoPage />
                    <Route path=path!("/menu/:function") view=MenuPage />
                    <Route path=path!("/menu/:function/:item") view=PreparingPage />
                    <Route path=path!("/common/password") view=PasswordPage />
                    <Route path=path!("/common/manuals") view=ManualsPage />
                    <Route path=path!("/password/change") view=PasswordPage />
                    <Route path=path!("/admin/users") view=AdminUsersPage />
                    <Route path=path!("/admin/users/new") view=AdminUserNewPage />
                    <Route path=path!("/admin/users/:id") view=AdminUserEditPage />
                    <Route path=path!("/admin/log") view=AdminLogPage />
                    <Route path=path!("/me/profile") view=ProfilePage />
                    <Route path=path!("/deduction/details") view=DetailsPage />
                    <Route path=path!("/deduction/details/new") view=DetailNewPage />
                    <Route path=path!("/deduction/details/:id") view=DetailEditPage />
                    <Route path=path!("/deduction/history") view=HistoryPageScreen />
                    <Route path=path!("/deduction/request-lists") view=RequestListsPage />
                    <Route path=path!("/deduction/request-export") view=RequestExportPage />
                    <Route path=path!("/deduction/employer-request") view=EmployerListPage />
                    <Route path=path!("/deduction/employer-export") view=EmployerExportPage />
                    <Route path=path!("/deduction/stops") view=StopsPage />
                    <Route path=path!("/deduction/lump") view=LumpPage />
                    <Route path=path!("/deduction/lump-web-updates") view=LumpWebUpdatesPage />
                    <Route path=path!("/deduction/results") view=ResultListsPage />
                    <Route path=path!("/ledger/lines") view=LinesPage />
                    <Route path=path!("/ledger/lines/new") view=LineNewPage />
                    <Route path=path!("/ledger/lines/:id") view=LineEditPage />
                    <Route path=path!("/ledger/check-lists") view=CheckListsPage />
                    <Route path=path!("/ledger/history") view=LedgerHistoryPage />
                    <Route path=path!("/ledger/request-lists") view=LedgerRequestListsPage />
                    <Route path=path!("/ledger/request-export") view=LedgerRequestExportPage />
                    <Route path=path!("/ledger/results") view=LedgerResultListsPage />
                    <Route path=path!("/ledger/bulk") view=BulkPage />
                    <Route path=path!("/ledger/export") view=ExportPage />
                    <Route path=path!("/ledger/import") view=ImportPage />
                    <Route path=path!("/ledger/items") view=ItemsPage />
                    <Route path=path!("/ledger/items/new") view=ItemNewPage />
                    <Route path=path!("/ledger/items/:id") view=ItemEditPage />
                    <Route path=path!("/ledger/combined") view=CombinedListPage />
                    <Route path=path!("/ledger/combined-export") view=CombinedExportPage />
                    <Route path=path!("/collective/details") view=CollectiveDetailsPage />
                    <Route path=path!("/collective/report") view=CollectiveReportPage />
                    <Route path=path!("/collective/export") view=CollectiveExportPage />
                    <Route path=path!("/zaikei/details") view=ZaikeiDetailsPage />
                    <Route path=path!("/zaikei/report") view=ZaikeiReportPage />
                    <Route path=path!("/zaikei/export") view=ZaikeiExportPage />
                    <Route path=path!("/timeout") view=TimeoutPage />
                    <Route path=path!("/logged-out") view=LoggedOutPage />
                </Routes>
            </Layout>
        </Router>
    }
}

//! cjs-web: the browser app for union and employer staff (Leptos, client-side rendered).

mod api;
mod app;
mod format;
mod layout;
mod menu;
mod pages;
mod screen;
mod session;
mod storage;
mod widgets;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

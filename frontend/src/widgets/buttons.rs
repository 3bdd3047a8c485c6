//! A button that opens another screen (the manual's screens move on buttons, not links).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

#[component]
pub fn GoButton(
    /// The screen to open.
    href: &'static str,
    children: Children,
    #[prop(default = "button")] class: &'static str,
    /// The function key that presses it too (e.g. "F4"), shown to assistive technology.
    #[prop(optional)]
    shortcut: &'static str,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let navigate = use_navigate();
    view! {
        <button
            type="button"
            class=class
            aria-keyshortcuts=(!shortcut.is_empty()).then_some(shortcut)
            data-testid=(!testid.is_empty()).then_some(testid)
            on:click=move |_| navigate(href, NavigateOptions::default())
        >
            {children()}
        </button>
    }
}

/// A function that opens a screen from code (F-keys, row buttons). Call this while the
/// component is created (it reads the router), then call the result at any time.
pub fn navigator() -> impl Fn(&str) + Clone + 'static {
    let navigate = use_navigate();
    move |href: &str| navigate(href, NavigateOptions::default())
}

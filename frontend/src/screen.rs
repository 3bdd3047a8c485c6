//! Which screen is showing: its ID (as in the manual) for the header, and the document title.

use leptos::prelude::*;

/// The system name, shown in the header and the browser tab.
pub const SYSTEM_NAME: &str = "ろうきん賃金控除事務支援システム";

/// The current screen, set by each page and read by the header.
#[derive(Clone, Copy)]
pub struct ScreenContext {
    pub id: RwSignal<&'static str>,
    pub title: RwSignal<&'static str>,
}

impl ScreenContext {
    pub fn new() -> Self {
        Self {
            id: RwSignal::new(""),
            title: RwSignal::new(""),
        }
    }
}

/// Called once by each page: names the screen so that a user on the phone to the help desk can say
/// where they are.
pub fn enter_screen(id: &'static str, title: &'static str) {
    if let Some(screen) = use_context::<ScreenContext>() {
        screen.id.set(id);
        screen.title.set(title);
    }
    document().set_title(&format!("{title} | {SYSTEM_NAME}"));
}

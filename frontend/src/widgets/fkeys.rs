//! Function keys where the manual shows them: 一覧へ(F4), 登録へ(F7), 更新(F8).

use leptos::prelude::*;

/// Runs `action` when `key` (e.g. "F8") is pressed anywhere on the screen, while the calling
/// component is mounted. The browser's own use of the key is suppressed.
pub fn on_function_key(key: &'static str, action: impl Fn() + 'static) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == key && !ev.alt_key() && !ev.ctrl_key() && !ev.meta_key() {
            ev.prevent_default();
            action();
        }
    });
    on_cleanup(move || handle.remove());
}

//! The logged-in state the screens share: who is logged in (`GET /me`), the idle countdown of the
//! manual's 60-minute rule, where to send the user when the server ends the session, and a
//! one-shot message carried to the next screen.
//!
//! The API layer reports here after every call made inside a session (`answered`, `refused`),
//! so no screen has to handle an ended session itself.

use std::cell::Cell;

use cjs_api_types::auth::MeResponse;
use cjs_api_types::{ApiError, ErrorCode};
use leptos::prelude::*;

/// Where a temporary password is changed (the server refuses everything else until then).
pub const FORCED_CHANGE: &str = "/password/change?forced=1";

#[derive(Clone, Copy)]
pub struct Session {
    /// `GET /me`, once loaded; `None` when logged out.
    pub me: RwSignal<Option<MeResponse>>,
    /// The idle limit in seconds (from the login or `/me`).
    pub idle_seconds: RwSignal<u64>,
    /// When the session ends without another request (ms since the epoch, browser clock).
    pub deadline_ms: RwSignal<Option<f64>>,
    /// The browser clock, ticking once a second.
    pub now_ms: RwSignal<f64>,
    /// Why the server ended the session, for the login screen to tell.
    pub ended: RwSignal<Option<ApiError>>,
    /// A screen the user must be sent to (read by the layout, which owns the router).
    pub redirect: RwSignal<Option<String>>,
    /// A success message for the next screen (`[data-testid=flash]`).
    pub flash: RwSignal<Option<String>>,
    /// How many logged-in screens are mounted (the menu bar shows on those only).
    pub in_app: RwSignal<u32>,
}

thread_local! {
    static CURRENT: Cell<Option<Session>> = const { Cell::new(None) };
}

/// The browser's clock in milliseconds.
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

impl Session {
    /// Creates the state, makes it the context and the API layer's report target.
    pub fn install() -> Self {
        let session = Session {
            me: RwSignal::new(None),
            idle_seconds: RwSignal::new(3600),
            deadline_ms: RwSignal::new(None),
            now_ms: RwSignal::new(now_ms()),
            ended: RwSignal::new(None),
            redirect: RwSignal::new(None),
            flash: RwSignal::new(None),
            in_app: RwSignal::new(0),
        };
        provide_context(session);
        CURRENT.with(|c| c.set(Some(session)));
        session
    }

    fn restart_countdown(self) {
        let limit = self.idle_seconds.get_untracked() as f64 * 1000.0;
        self.deadline_ms.set(Some(now_ms() + limit));
        self.now_ms.set(now_ms());
    }

    /// Seconds left before the idle limit, when logged in.
    pub fn remaining_seconds(self) -> Option<i64> {
        let deadline = self.deadline_ms.get()?;
        self.me.with(Option::is_some).then_some(())?;
        Some(((deadline - self.now_ms.get()) / 1000.0).ceil() as i64)
    }

    /// Forgets the user (logout, or the session ended).
    pub fn clear(self) {
        self.me.set(None);
        self.deadline_ms.set(None);
    }

    /// Leaves a message for the next screen.
    pub fn flash(self, message: impl Into<String>) {
        self.flash.set(Some(message.into()));
    }

    /// Takes the message left by the previous screen.
    pub fn take_flash(self) -> Option<String> {
        let message = self.flash.get_untracked();
        if message.is_some() {
            self.flash.set(None);
        }
        message
    }
}

pub fn use_session() -> Session {
    use_context::<Session>()
        .or_else(|| CURRENT.with(Cell::get))
        .unwrap_or_else(Session::install)
}

fn with_current(f: impl FnOnce(Session)) {
    if let Some(session) = CURRENT.with(Cell::get) {
        f(session);
    }
}

/// A call inside the session succeeded: the server restarted its idle clock, so do we.
pub fn answered() {
    with_current(Session::restart_countdown);
}

/// A successful login.
pub fn logged_in(idle_seconds: u64) {
    with_current(|s| {
        // A new session: whatever was known of an earlier one is stale.
        s.me.set(None);
        s.idle_seconds.set(idle_seconds);
        s.ended.set(None);
        s.restart_countdown();
    });
}

pub fn set_me(me: MeResponse) {
    with_current(|s| {
        s.idle_seconds.set(me.idle_timeout_seconds);
        s.me.set(Some(me));
        s.restart_countdown();
    });
}

/// What the screen to go to is when a call inside the session is refused with `code`, if any.
pub fn destination(code: ErrorCode) -> Option<&'static str> {
    match code {
        ErrorCode::E2202 => Some("/timeout"),
        ErrorCode::E2201 | ErrorCode::E2203 | ErrorCode::E2204 | ErrorCode::E2104 => Some("/login"),
        ErrorCode::E2301 => Some(FORCED_CHANGE),
        ErrorCode::E2305 => Some("/payment-group"),
        _ => None,
    }
}

/// A call inside the session was refused.
pub fn refused(error: &ApiError) {
    let Some(path) = destination(error.code) else {
        return;
    };
    with_current(|s| {
        if path == "/timeout" || path == "/login" {
            s.clear();
            s.ended.set(Some(error.clone()));
        }
        s.redirect.set(Some(path.to_owned()));
    });
}

/// The idle limit in words: `60分`, or `30秒` for a limit under a minute.
pub fn limit_text(seconds: u64) -> String {
    if seconds < 60 {
        format!("{seconds}秒")
    } else {
        format!("{}分", seconds.div_ceil(60))
    }
}

/// `残り 59:58`
pub fn remaining_text(seconds: i64) -> String {
    let seconds = seconds.max(0);
    format!("残り {:02}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_reads_minutes_and_seconds() {
        assert_eq!(remaining_text(3600), "残り 60:00");
        assert_eq!(remaining_text(3598), "残り 59:58");
        assert_eq!(remaining_text(5), "残り 00:05");
        assert_eq!(remaining_text(-3), "残り 00:00");
    }

    #[test]
    fn the_limit_reads_in_minutes_or_seconds() {
        assert_eq!(limit_text(3600), "60分");
        assert_eq!(limit_text(4), "4秒");
    }

    #[test]
    fn an_idle_timeout_goes_to_the_forced_logout_screen() {
        assert_eq!(destination(ErrorCode::E2202), Some("/timeout"));
    }

    #[test]
    fn other_ended_sessions_go_to_the_login_screen() {
        for code in [
            ErrorCode::E2201,
            ErrorCode::E2203,
            ErrorCode::E2204,
            ErrorCode::E2104,
        ] {
            assert_eq!(destination(code), Some("/login"), "{code}");
        }
    }

    #[test]
    fn a_temporary_password_goes_to_the_change_screen() {
        assert_eq!(destination(ErrorCode::E2301), Some(FORCED_CHANGE));
        assert_eq!(destination(ErrorCode::E2305), Some("/payment-group"));
    }

    #[test]
    fn input_errors_stay_on_the_screen() {
        for code in [
            ErrorCode::E1005,
            ErrorCode::E2002,
            ErrorCode::E2302,
            ErrorCode::E9500,
        ] {
            assert_eq!(destination(code), None, "{code}");
        }
    }
}

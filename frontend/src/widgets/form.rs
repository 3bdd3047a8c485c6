//! One way to send a form and show its errors, used by every page: [`FormState::submit`] sends
//! one request at a time (the [`SubmitButton`] is disabled while it is on its way), and a failure —
//! the server's `{code, message, details.field}` or a network error in the same shape — shows in the
//! page's [`ErrorBanner`](crate::widgets::errors::ErrorBanner) and beside the field it names
//! ([`Field`](crate::widgets::field::Field) reads [`FormState::field_error`]).

use std::future::Future;

use cjs_api_types::{ApiError, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::Failure;
use crate::widgets::errors::{error_field, error_text};

/// One form's error and busy state.
#[derive(Clone, Copy)]
pub struct FormState {
    pub error: RwSignal<Option<ApiError>>,
    pub busy: RwSignal<bool>,
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}

impl FormState {
    pub fn new() -> Self {
        Self {
            error: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// Starts a submission: clears the last error. False when one is already running.
    pub fn start(self) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.busy.set(true);
        self.error.set(None);
        true
    }

    pub fn finish(self) {
        self.busy.set(false);
    }

    pub fn fail(self, failure: Failure) {
        self.error.set(Some(failure.0));
        self.busy.set(false);
    }

    pub fn code(self) -> Option<ErrorCode> {
        self.error.with(|e| e.as_ref().map(|e| e.code))
    }

    /// The error text when the error names `field`.
    pub fn field_error(self, field: &str) -> Option<String> {
        self.error.with(|e| {
            e.as_ref()
                .filter(|e| error_field(e) == Some(field))
                .map(error_text)
        })
    }
}

impl FormState {
    /// Sends `request` unless one is already on its way: clears the last error, marks the form
    /// busy, and on the answer runs `done` with the result or shows the failure.
    pub fn submit<T, R>(self, request: R, done: impl FnOnce(T) + 'static)
    where
        T: 'static,
        R: Future<Output = Result<T, Failure>> + 'static,
    {
        if !self.start() {
            return;
        }
        spawn_local(async move {
            match request.await {
                Ok(value) => {
                    self.finish();
                    done(value);
                }
                Err(failure) => self.fail(failure),
            }
        });
    }

    /// Loads what the page shows; a failure shows in the same places as a submission's.
    pub fn load<T, R>(self, request: R, done: impl FnOnce(T) + 'static)
    where
        T: 'static,
        R: Future<Output = Result<T, Failure>> + 'static,
    {
        spawn_local(async move {
            match request.await {
                Ok(value) => done(value),
                Err(failure) => self.error.set(Some(failure.0)),
            }
        });
    }
}

/// The form's submit button: disabled (and `aria-busy`) while the form is sending.
#[component]
pub fn SubmitButton(
    form: FormState,
    /// The manual's label, e.g. 「認証」, 「登録」, 「更新(F8)」.
    label: &'static str,
    #[prop(default = "button button-primary")] class: &'static str,
    /// The function key that presses it too (e.g. "F8"), for assistive technology.
    #[prop(optional)]
    shortcut: &'static str,
    /// The `id` of the form when the button sits outside it (the manual's buttons above a form).
    #[prop(optional)]
    target: &'static str,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            form=(!target.is_empty()).then_some(target)
            class=class
            aria-keyshortcuts=(!shortcut.is_empty()).then_some(shortcut)
            aria-busy=move || form.busy.get().to_string()
            disabled=move || form.busy.get()
        >
            {label}
        </button>
    }
}

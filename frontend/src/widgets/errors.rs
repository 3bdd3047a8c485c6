//! The banners: the page-level error `[data-testid=error]` ("E1005 パスワードとパスワード（再入力）が
//! 一致しません。") and the success message `[data-testid=done]`.

use cjs_api_types::{ApiError, ErrorCode};
use leptos::prelude::*;

use crate::widgets::form::FormState;

/// "E1005 パスワードとパスワード（再入力）が一致しません。"
pub fn error_text(error: &ApiError) -> String {
    format!("{} {}", error.code, error.message)
}

/// The input an error belongs beside (`details.field`).
pub fn error_field(error: &ApiError) -> Option<&str> {
    error.details.as_ref()?.get("field")?.as_str()
}

/// `details.remaining_attempts`: tries left before a lock (or before the code is spent).
pub fn remaining_attempts(error: &ApiError) -> Option<i64> {
    error.details.as_ref()?.get("remaining_attempts")?.as_i64()
}

/// The page-level error: code and message, the help-desk number, and tries left.
#[component]
pub fn ErrorBanner(form: FormState) -> impl IntoView {
    move || {
        form.error.get().map(|e| {
            let request_id = (!e.request_id.is_empty()).then(|| {
                view! { <span class="request-id">"お問い合わせ番号: " {e.request_id.clone()}</span> }
            });
            let remaining = remaining_attempts(&e).map(|n| {
                let text = match e.code {
                    ErrorCode::E2107 => format!("認証コードはあと{n}回入力できます。"),
                    _ => format!("あと{n}回誤るとログイン不可（ロック）となります。"),
                };
                view! {
                    <span class="remaining" data-testid="remaining-attempts">
                        {text}
                    </span>
                }
            });
            view! {
                <div class="error" role="alert">
                    <p class="error-text" data-testid="error">
                        <span class="error-code">{e.code.to_string()}</span>
                        " "
                        <span class="error-message">{e.message.clone()}</span>
                    </p>
                    {remaining}
                    {request_id}
                </div>
            }
        })
    }
}

/// A success message: `[data-testid=done]` for the result of this screen's own action,
/// `[data-testid=flash]` for a message carried over from the previous screen.
#[component]
pub fn DoneBanner(
    #[prop(into)] message: Signal<Option<String>>,
    #[prop(default = "done")] testid: &'static str,
) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! {
                <p class="done" role="status" data-testid=testid>
                    {m}
                </p>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: ErrorCode, message: &str, details: Option<serde_json::Value>) -> ApiError {
        ApiError {
            code,
            message: message.to_owned(),
            request_id: "r".to_owned(),
            details,
        }
    }

    #[test]
    fn an_error_reads_code_then_message() {
        let e = error(
            ErrorCode::E1005,
            "パスワードとパスワード（再入力）が一致しません。",
            None,
        );
        assert_eq!(
            error_text(&e),
            "E1005 パスワードとパスワード（再入力）が一致しません。"
        );
    }

    #[test]
    fn details_name_the_field_and_the_tries_left() {
        let e = error(
            ErrorCode::E1005,
            "",
            Some(serde_json::json!({"field": "password_confirmation"})),
        );
        assert_eq!(error_field(&e), Some("password_confirmation"));
        assert_eq!(remaining_attempts(&e), None);
        let e = error(
            ErrorCode::E2002,
            "",
            Some(serde_json::json!({"remaining_attempts": 4})),
        );
        assert_eq!(error_field(&e), None);
        assert_eq!(remaining_attempts(&e), Some(4));
    }
}

//! The error catalogue: every code the API returns, its Japanese message and its HTTP status.
//!
//! The server renders `ApiError` from here; the SPA shows the same text next to the field. Codes in
//! the manual's form (E1003, E1005) keep the manual's wording; `〈項目〉` is filled per use.

use serde::{Deserialize, Serialize};

/// One entry of the catalogue. Serialised as its code, e.g. `"E1003"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ErrorCode {
    /// 入力内容を読み取れない (JSON として不正、必須項目の欠落など).
    E1000,
    /// 入力された〈項目〉はすでに登録済です.
    E1003,
    /// 〈項目〉と〈項目（再入力）〉が一致しません.
    E1005,
    /// 電子証明書が提示されていない.
    E2101,
    /// 電子証明書が本サービスの認証局のものでない、または検証できない.
    E2102,
    /// 電子証明書の有効期限が切れている (または有効期間前).
    E2103,
    /// 要求された資源がない.
    E9404,
    /// 許可されていない HTTP メソッド.
    E9405,
    /// 要求が大きすぎる.
    E9413,
    /// システム内部のエラー.
    E9500,
    /// データベースなどが応答しない.
    E9503,
}

impl ErrorCode {
    /// Every code, for exhaustive tests and documentation.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::E1000,
        ErrorCode::E1003,
        ErrorCode::E1005,
        ErrorCode::E2101,
        ErrorCode::E2102,
        ErrorCode::E2103,
        ErrorCode::E9404,
        ErrorCode::E9405,
        ErrorCode::E9413,
        ErrorCode::E9500,
        ErrorCode::E9503,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::E1000 => "E1000",
            ErrorCode::E1003 => "E1003",
            ErrorCode::E1005 => "E1005",
            ErrorCode::E2101 => "E2101",
            ErrorCode::E2102 => "E2102",
            ErrorCode::E2103 => "E2103",
            ErrorCode::E9404 => "E9404",
            ErrorCode::E9405 => "E9405",
            ErrorCode::E9413 => "E9413",
            ErrorCode::E9500 => "E9500",
            ErrorCode::E9503 => "E9503",
        }
    }

    /// The HTTP status the API answers with.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::E1000 => 400,
            ErrorCode::E1003 => 409,
            ErrorCode::E1005 => 422,
            ErrorCode::E2101 | ErrorCode::E2102 | ErrorCode::E2103 => 401,
            ErrorCode::E9404 => 404,
            ErrorCode::E9405 => 405,
            ErrorCode::E9413 => 413,
            ErrorCode::E9500 => 500,
            ErrorCode::E9503 => 503,
        }
    }

    /// The message template; `{0}`, `{1}` are the items (〈項目〉) named by the caller.
    pub fn template(self) -> &'static str {
        match self {
            ErrorCode::E1000 => "入力内容に誤りがあります。入力内容をご確認ください。",
            ErrorCode::E1003 => "入力された{0}はすでに登録済です。",
            ErrorCode::E1005 => "{0}と{0}（再入力）が一致しません。",
            ErrorCode::E2101 => {
                "電子証明書が提示されていません。電子証明書を発行・インポートしたうえで、ブラウザを閉じてから再度アクセスしてください。"
            }
            ErrorCode::E2102 => {
                "提示された電子証明書は本サービスで発行されたものではないか、確認できません。本サービスで発行した電子証明書を選択してください。"
            }
            ErrorCode::E2103 => {
                "提示された電子証明書は有効期限外です。電子証明書を再発行してください。"
            }
            ErrorCode::E9404 => "指定されたページまたはデータは存在しません。",
            ErrorCode::E9405 => "この操作は許可されていません。",
            ErrorCode::E9413 => "送信されたデータが大きすぎます。",
            ErrorCode::E9500 => {
                "システムエラーが発生しました。しばらくしてから再度お試しください。解決しない場合はお取引店へお問い合わせください。"
            }
            ErrorCode::E9503 => {
                "ただいまサービスを利用できません。しばらくしてから再度お試しください。"
            }
        }
    }

    /// The message with its items filled in.
    pub fn message(self, items: &[&str]) -> String {
        let mut text = self.template().to_owned();
        for (i, item) in items.iter().enumerate() {
            text = text.replace(&format!("{{{i}}}"), item);
        }
        text
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "code": "E1005",
    "message": "パスワードとパスワード（再入力）が一致しません。",
    "request_id": "3f2c9a8e-5b1d-4c47-9d7e-2a6f0c1b8e44",
    "details": {"field": "password_confirmation"}
})))]
pub struct ApiError {
    pub code: ErrorCode,
    /// 利用者に表示する日本語のメッセージ.
    pub message: String,
    /// サーバーのログでこの要求を特定する ID (お問い合わせの際にお伝えください).
    pub request_id: String,
    /// 項目ごとの補足 (どの入力欄か、何行目か等). 内部の原因は含まない.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_code_has_a_japanese_message_and_an_error_status() {
        for code in ErrorCode::ALL {
            let message = code.template();
            assert!(!message.is_empty(), "{code} has no message");
            assert!(
                message
                    .chars()
                    .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
                "{code}'s message is not Japanese"
            );
            assert!((400..600).contains(&code.http_status()), "{code}");
        }
    }

    #[test]
    fn codes_are_unique_and_serialise_as_themselves() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{code} twice");
            let json = serde_json::to_string(code).expect("serialises");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn e1003_names_the_item_as_in_the_manual() {
        assert_eq!(
            ErrorCode::E1003.message(&["ユーザーID"]),
            "入力されたユーザーIDはすでに登録済です。"
        );
    }

    #[test]
    fn e1005_names_the_item_and_its_confirmation() {
        assert_eq!(
            ErrorCode::E1005.message(&["パスワード"]),
            "パスワードとパスワード（再入力）が一致しません。"
        );
    }
}

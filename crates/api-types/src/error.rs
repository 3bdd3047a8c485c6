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
    /// 未入力.
    E1001,
    /// 桁数・文字種の誤り.
    E1002,
    /// 携帯電話のメールアドレス.
    E1004,
    /// 新旧パスワードが同じ.
    E1006,
    /// 一般ユーザー数の上限.
    E1007,
    /// マスターユーザー登録済.
    E1008,
    /// 契約番号・初期パスワードの誤り.
    E2001,
    /// ユーザーID・パスワードの誤り.
    E2002,
    /// ロック中.
    E2003,
    /// 閉塞 (契約またはマスターユーザー: 金庫が解除).
    E2004,
    /// 閉塞 (一般ユーザー: マスターユーザーが解除).
    E2005,
    /// 失効した電子証明書.
    E2104,
    /// 証明書のユーザーが存在しない.
    E2105,
    /// 有効な証明書があり発行不可.
    E2106,
    /// 確認コードの誤り.
    E2107,
    /// 確認コードの期限切れ・使用済.
    E2108,
    /// 確認コードの試行回数超過.
    E2109,
    /// 発行トークンが無効.
    E2110,
    /// 登録トークンが無効.
    E2111,
    /// 未ログイン.
    E2201,
    /// 無操作によるタイムアウト.
    E2202,
    /// 別の電子証明書.
    E2203,
    /// 利用者の状態変更による強制ログアウト.
    E2204,
    /// パスワード変更が必要.
    E2301,
    /// 権限なし.
    E2302,
    /// 閲覧のみ.
    E2303,
    /// CSRF ヘッダーなし.
    E2304,
    /// 入金グループ未選択.
    E2305,
    /// サービス提供時間外.
    E9504,
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
        ErrorCode::E1001,
        ErrorCode::E1002,
        ErrorCode::E1004,
        ErrorCode::E1006,
        ErrorCode::E1007,
        ErrorCode::E1008,
        ErrorCode::E2001,
        ErrorCode::E2002,
        ErrorCode::E2003,
        ErrorCode::E2004,
        ErrorCode::E2005,
        ErrorCode::E2104,
        ErrorCode::E2105,
        ErrorCode::E2106,
        ErrorCode::E2107,
        ErrorCode::E2108,
        ErrorCode::E2109,
        ErrorCode::E2110,
        ErrorCode::E2111,
        ErrorCode::E2201,
        ErrorCode::E2202,
        ErrorCode::E2203,
        ErrorCode::E2204,
        ErrorCode::E2301,
        ErrorCode::E2302,
        ErrorCode::E2303,
        ErrorCode::E2304,
        ErrorCode::E2305,
        ErrorCode::E9504,
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
            ErrorCode::E1001 => "E1001",
            ErrorCode::E1002 => "E1002",
            ErrorCode::E1004 => "E1004",
            ErrorCode::E1006 => "E1006",
            ErrorCode::E1007 => "E1007",
            ErrorCode::E1008 => "E1008",
            ErrorCode::E2001 => "E2001",
            ErrorCode::E2002 => "E2002",
            ErrorCode::E2003 => "E2003",
            ErrorCode::E2004 => "E2004",
            ErrorCode::E2005 => "E2005",
            ErrorCode::E2104 => "E2104",
            ErrorCode::E2105 => "E2105",
            ErrorCode::E2106 => "E2106",
            ErrorCode::E2107 => "E2107",
            ErrorCode::E2108 => "E2108",
            ErrorCode::E2109 => "E2109",
            ErrorCode::E2110 => "E2110",
            ErrorCode::E2111 => "E2111",
            ErrorCode::E2201 => "E2201",
            ErrorCode::E2202 => "E2202",
            ErrorCode::E2203 => "E2203",
            ErrorCode::E2204 => "E2204",
            ErrorCode::E2301 => "E2301",
            ErrorCode::E2302 => "E2302",
            ErrorCode::E2303 => "E2303",
            ErrorCode::E2304 => "E2304",
            ErrorCode::E2305 => "E2305",
            ErrorCode::E9504 => "E9504",
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
            ErrorCode::E1001 => 422,
            ErrorCode::E1002 => 422,
            ErrorCode::E1004 => 422,
            ErrorCode::E1006 => 422,
            ErrorCode::E1007 => 409,
            ErrorCode::E1008 => 409,
            ErrorCode::E2001 => 401,
            ErrorCode::E2002 => 401,
            ErrorCode::E2003 => 423,
            ErrorCode::E2004 => 423,
            ErrorCode::E2005 => 423,
            ErrorCode::E2104 => 401,
            ErrorCode::E2105 => 401,
            ErrorCode::E2106 => 409,
            ErrorCode::E2107 => 422,
            ErrorCode::E2108 => 422,
            ErrorCode::E2109 => 423,
            ErrorCode::E2110 => 422,
            ErrorCode::E2111 => 422,
            ErrorCode::E2201 => 401,
            ErrorCode::E2202 => 401,
            ErrorCode::E2203 => 401,
            ErrorCode::E2204 => 401,
            ErrorCode::E2301 => 403,
            ErrorCode::E2302 => 403,
            ErrorCode::E2303 => 403,
            ErrorCode::E2304 => 403,
            ErrorCode::E2305 => 403,
            ErrorCode::E9504 => 503,
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
            ErrorCode::E1001 => "{0}を入力してください。",
            ErrorCode::E1002 => "{0}は{1}で入力してください。",
            ErrorCode::E1004 => {
                "携帯電話のメールアドレスは登録できません。パソコンのメールアドレスを入力してください。"
            }
            ErrorCode::E1006 => {
                "新しいパスワードには、現在のパスワードと異なるものを入力してください。"
            }
            ErrorCode::E1007 => "一般ユーザーは最大{0}名まで登録できます。",
            ErrorCode::E1008 => "このご契約のマスターユーザーはすでに登録済です。",
            ErrorCode::E2001 => "契約番号または初期パスワードが正しくありません。",
            ErrorCode::E2002 => "ユーザーIDまたはパスワードが正しくありません。",
            ErrorCode::E2003 => {
                "パスワードを連続して誤ったため、ログイン不可（ロック）となっています。{0}以降に再度お試しください。"
            }
            ErrorCode::E2004 => {
                "ログイン不可（閉塞）となっています。書面での初期化手続きが必要です。お取引店へお問い合わせください。"
            }
            ErrorCode::E2005 => {
                "ログイン不可（閉塞）となっています。マスターユーザーに解除を依頼してください。"
            }
            ErrorCode::E2104 => {
                "提示された電子証明書は失効しています。電子証明書を再発行してください。"
            }
            ErrorCode::E2105 => "提示された電子証明書のユーザーは登録されていません。",
            ErrorCode::E2106 => {
                "有効な電子証明書が発行済のため、新たに発行できません。パソコンを変更する場合は、お取引店で現在の電子証明書の失効手続きを行ってください。"
            }
            ErrorCode::E2107 => "確認コードが正しくありません。",
            ErrorCode::E2108 => {
                "確認コードの有効期限が切れているか、すでに使用されています。もう一度はじめから操作してください。"
            }
            ErrorCode::E2109 => {
                "確認コードの入力回数が上限に達しました。もう一度はじめから操作してください。"
            }
            ErrorCode::E2110 => {
                "発行手続きの有効期限が切れているか、すでに発行済です。もう一度はじめから操作してください。"
            }
            ErrorCode::E2111 => {
                "登録手続きの有効期限が切れているか、すでに使用されています。もう一度はじめから操作してください。"
            }
            ErrorCode::E2201 => "ログインしていません。ログインしてください。",
            ErrorCode::E2202 => {
                "一定時間操作がなかったため、ログアウトしました。再度ログインしてください。"
            }
            ErrorCode::E2203 => {
                "ログイン時とは異なる電子証明書が提示されました。再度ログインしてください。"
            }
            ErrorCode::E2204 => "ご利用いただけない状態となったため、ログアウトしました。",
            ErrorCode::E2301 => {
                "仮のパスワードでログインしています。パスワードを変更してください。"
            }
            ErrorCode::E2302 => "この機能を利用する権限がありません。",
            ErrorCode::E2303 => "この機能は閲覧のみご利用いただけます。",
            ErrorCode::E2304 => "不正な要求です。画面を再読み込みしてから操作してください。",
            ErrorCode::E2305 => "入金グループを選択してください。",
            ErrorCode::E9504 => {
                "サービス提供時間外です。ご利用時間は平日8:00～20:00です（土・日・祝休日、12月31日～1月3日を除く）。次回のご利用開始: {0}"
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

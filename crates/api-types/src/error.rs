//! The error catalogue: every code the API returns, its Japanese message and its HTTP status.
//!
//! The server renders `ApiError` from here; the SPA shows the same text next to the field. Codes in
//! the manual's form (E1003, E1005) keep the manual's wording; `〈項目〉` is filled per use.

use serde::{Deserialize, Serialize};

/// Declares the catalogue once: each code with its doc line, HTTP status and message template, in
/// the order the API documents them. Produces the enum, `ALL`, `as_str`, `http_status` and
/// `template`, so no list is kept by hand.
macro_rules! catalogue {
    ($($(#[doc = $doc:literal])* $code:ident => $status:literal, $template:literal;)+) => {
        /// One entry of the catalogue. Serialised as its code, e.g. `"E1003"`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $code,)+
        }

        impl ErrorCode {
            /// Every code, for exhaustive tests and documentation.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$code),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$code => stringify!($code),)+
                }
            }

            /// The HTTP status the API answers with.
            pub fn http_status(self) -> u16 {
                match self {
                    $(ErrorCode::$code => $status,)+
                }
            }

            /// The message template; `{0}`, `{1}` are the items (〈項目〉) named by the caller.
            pub fn template(self) -> &'static str {
                match self {
                    $(ErrorCode::$code => $template,)+
                }
            }
        }
    };
}

catalogue! {
    /// 入力内容を読み取れない (JSON として不正、必須項目の欠落など).
    E1000 => 400, "入力内容に誤りがあります。入力内容をご確認ください。";
    /// 入力された〈項目〉はすでに登録済です.
    E1003 => 409, "入力された{0}はすでに登録済です。";
    /// 〈項目〉と〈項目（再入力）〉が一致しません.
    E1005 => 422, "{0}と{0}（再入力）が一致しません。";
    /// 電子証明書が提示されていない.
    E2101 => 401, "電子証明書が提示されていません。電子証明書を発行・インポートしたうえで、ブラウザを閉じてから再度アクセスしてください。";
    /// 電子証明書が本サービスの認証局のものでない、または検証できない.
    E2102 => 401, "提示された電子証明書は本サービスで発行されたものではないか、確認できません。本サービスで発行した電子証明書を選択してください。";
    /// 電子証明書の有効期限が切れている (または有効期間前).
    E2103 => 401, "提示された電子証明書は有効期限外です。電子証明書を再発行してください。";
    /// 未入力.
    E1001 => 422, "{0}を入力してください。";
    /// 桁数・文字種の誤り.
    E1002 => 422, "{0}は{1}で入力してください。";
    /// 携帯電話のメールアドレス.
    E1004 => 422, "携帯電話のメールアドレスは登録できません。パソコンのメールアドレスを入力してください。";
    /// 新旧パスワードが同じ.
    E1006 => 422, "新しいパスワードには、現在のパスワードと異なるものを入力してください。";
    /// 一般ユーザー数の上限.
    E1007 => 409, "一般ユーザーは最大{0}名まで登録できます。";
    /// マスターユーザー登録済.
    E1008 => 409, "このご契約のマスターユーザーはすでに登録済です。";
    /// 使用できない文字 (制御・書式文字、帳票や CP932 で扱えない文字). 文字はコードポイントで示す.
    E1009 => 422, "{0}に使用できない文字（{1}）が含まれています。";
    /// 他の利用者が先に更新した (版の不一致). 労金控除明細・まとめ入金.
    E1010 => 409, "他のユーザーによって更新されています。再度検索してから操作してください。";
    /// 締切日を過ぎた (入力中のサイクルがない、または締切後で依頼データ作成前).
    E1011 => 409, "締切日を過ぎているため変更できません。次回の入力期間にお手続きください。";
    /// 解除済の労金控除明細への変更・解除.
    E1012 => 409, "解除済の明細は変更できません。";
    /// まとめ入金確定後の入金中止設定・再確定.
    E1013 => 409, "まとめ入金は確定済です。入金中止を変更する場合は確定を解除してください。";
    /// 支給日より前の入金中止設定・まとめ入金確定.
    E1014 => 409, "支給日（{0}）以降に操作してください。";
    /// 金庫受付済のまとめ入金の確定解除・入金中止.
    E1015 => 409, "金庫が受付済のため、まとめ入金を変更できません。";
    /// 解除またはエラーの控除依頼明細への入金中止.
    E1016 => 409, "解除またはエラーの明細には入金中止を設定できません。";
    /// まとめ入金の入金先口座が未登録.
    E1017 => 409, "まとめ入金の入金先口座が登録されていません。お取引店へお問い合わせください。";
    /// 控除依頼データ未作成の控除年月.
    E1018 => 409, "この控除年月の控除依頼データはまだ作成されていません。";
    /// 月例・夏季・年末の金額がすべて0.
    E1019 => 422, "月例・夏季・年末の金額のいずれかを入力してください。";
    /// 未確定のまとめ入金の確定解除.
    E1020 => 409, "まとめ入金は確定されていません。";
    /// 契約番号・初期パスワードの誤り.
    E2001 => 401, "契約番号または初期パスワードが正しくありません。";
    /// ユーザーID・パスワードの誤り.
    E2002 => 401, "ユーザーIDまたはパスワードが正しくありません。";
    /// ロック中.
    E2003 => 423, "パスワードを連続して誤ったため、ログイン不可（ロック）となっています。{0}以降に再度お試しください。";
    /// 閉塞 (契約またはマスターユーザー: 金庫が解除).
    E2004 => 423, "ログイン不可（閉塞）となっています。書面での初期化手続きが必要です。お取引店へお問い合わせください。";
    /// 閉塞 (一般ユーザー: マスターユーザーが解除).
    E2005 => 423, "ログイン不可（閉塞）となっています。マスターユーザーに解除を依頼してください。";
    /// 失効した電子証明書.
    E2104 => 401, "提示された電子証明書は失効しています。電子証明書を再発行してください。";
    /// 証明書のユーザーが存在しない.
    E2105 => 401, "提示された電子証明書のユーザーは登録されていません。";
    /// 有効な証明書があり発行不可.
    E2106 => 409, "有効な電子証明書が発行済のため、新たに発行できません。パソコンを変更する場合は、お取引店で現在の電子証明書の失効手続きを行ってください。";
    /// 認証コードの誤り.
    E2107 => 422, "認証コードが正しくありません。";
    /// 認証コードの期限切れ・使用済.
    E2108 => 422, "認証コードの有効期限が切れているか、すでに使用されています。もう一度はじめから操作してください。";
    /// 認証コードの試行回数超過.
    E2109 => 423, "認証コードの入力回数が上限に達しました。もう一度はじめから操作してください。";
    /// 発行トークンが無効.
    E2110 => 422, "発行手続きの有効期限が切れているか、すでに発行済です。もう一度はじめから操作してください。";
    /// 認証コードの送信回数が上限 (直近1時間).
    E2112 => 429, "認証コードの送信回数が上限に達しました。しばらく時間をおいてから再度お試しください。";
    /// 登録トークンが無効.
    E2111 => 422, "登録手続きの有効期限が切れているか、すでに使用されています。もう一度はじめから操作してください。";
    /// 未ログイン.
    E2201 => 401, "ログインしていません。ログインしてください。";
    /// 無操作によるタイムアウト.
    E2202 => 401, "一定時間操作がなかったため、ログアウトしました。再度ログインしてください。";
    /// 別の電子証明書.
    E2203 => 401, "ログイン時とは異なる電子証明書が提示されました。再度ログインしてください。";
    /// 利用者の状態変更による強制ログアウト.
    E2204 => 401, "ご利用いただけない状態となったため、ログアウトしました。";
    /// パスワード変更が必要.
    E2301 => 403, "仮のパスワードでログインしています。パスワードを変更してください。";
    /// 権限なし.
    E2302 => 403, "この機能を利用する権限がありません。";
    /// 閲覧のみ.
    E2303 => 403, "この機能は閲覧のみご利用いただけます。";
    /// CSRF ヘッダーなし.
    E2304 => 403, "不正な要求です。画面を再読み込みしてから操作してください。";
    /// 入金グループ未選択.
    E2305 => 403, "入金グループを選択してください。";
    /// サービス提供時間外.
    E9504 => 503, "サービス提供時間外です。ご利用時間は平日8:00～20:00です（土・日・祝休日、12月31日～1月3日を除く）。次回のご利用開始: {0}";
    /// 要求された資源がない.
    E9404 => 404, "指定されたページまたはデータは存在しません。";
    /// 許可されていない HTTP メソッド.
    E9405 => 405, "この操作は許可されていません。";
    /// 要求が大きすぎる.
    E9413 => 413, "送信されたデータが大きすぎます。";
    /// システム内部のエラー.
    E9500 => 500, "システムエラーが発生しました。しばらくしてから再度お試しください。解決しない場合はお取引店へお問い合わせください。";
    /// メールサーバーが応答しない・送信に失敗した (認証コードは無効).
    E9502 => 503, "メールを送信できませんでした。しばらくしてから、もう一度はじめから操作してください。";
    /// データベースなどが応答しない.
    E9503 => 503, "ただいまサービスを利用できません。しばらくしてから再度お試しください。";
    /// 要求本文の文字コードが UTF-8 でない (`charset=shift_jis` など).
    E9415 => 415, "送信されたデータの文字コードには対応していません。UTF-8 で送信してください。";
}

impl ErrorCode {
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

//! Users (DM493101 契約ユーザー情報照会, DM492101 変更) and the operation log.

use chrono::{DateTime, Utc};
use cjs_domain::{Function, Restrictions, Role};
use serde::{Deserialize, Serialize};

/// 正常 / ロック中 / 閉塞.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Normal,
    Locked,
    Blocked,
}

impl UserStatus {
    pub fn label(self) -> &'static str {
        match self {
            UserStatus::Normal => "正常",
            UserStatus::Locked => "ロック中",
            UserStatus::Blocked => "閉塞",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub user_id: String,
    pub user_name: String,
    pub email: String,
    pub role: Role,
    pub status: UserStatus,
    /// ロック日時 (ロック中のとき).
    pub locked_at: Option<DateTime<Utc>>,
    pub locked_until: Option<DateTime<Utc>>,
    /// 閉塞日時.
    pub blocked_at: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub restrictions: Restrictions,
    pub must_change_password: bool,
    /// 電子証明書の有効期限 (有効なものがあれば).
    pub certificate_expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserListResponse {
    pub users: Vec<UserView>,
    pub max_general_users: u32,
}

/// `POST /api/v1/users`: a general user with a temporary password (仮のパスワード).
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "user_id": "kumiai02", "user_name": "組合　花子", "password": "Temp0rary!", "password_confirmation": "Temp0rary!",
    "email": "hanako@example.co.jp", "email_confirmation": "hanako@example.co.jp",
    "restrictions": {"rokin_deduction": "full", "ledger": "read_only", "collective_savings": "hidden"}
})))]
pub struct UserCreateRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[A-Za-z0-9]{6,12}$",
            min_length = 6,
            max_length = 12,
            example = "rokin01"
        )
    )]
    pub user_id: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[^\x00-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\uFF61-\uFFEF\u3000](?:[^\x00-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\uFF61-\uFFEF]{0,18}[^\x00-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\uFF61-\uFFEF\u3000])?$",
            min_length = 1,
            max_length = 20
        )
    )]
    pub user_name: String,
    /// パスワード: 8～12桁の半角英数字記号 (英大文字・英小文字・数字・記号の4種を含む).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[!-~]{8,12}$", min_length = 8, max_length = 12, format = Password))]
    pub password: String,
    /// パスワード: 8～12桁の半角英数字記号 (英大文字・英小文字・数字・記号の4種を含む).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[!-~]{8,12}$", min_length = 8, max_length = 12, format = Password))]
    pub password_confirmation: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$",
            min_length = 5,
            max_length = 50
        )
    )]
    pub email: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$",
            min_length = 5,
            max_length = 50
        )
    )]
    pub email_confirmation: String,
    pub restrictions: Restrictions,
}

/// `PUT /api/v1/users/{user_id}`: every field optional; a password here is a new temporary one.
#[derive(Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "normal"})))]
pub struct UserUpdateRequest {
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[^\x00-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\uFF61-\uFFEF\u3000](?:[^\x00-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\uFF61-\uFFEF]{0,18}[^\x00-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\uFF61-\uFFEF\u3000])?$",
            min_length = 1,
            max_length = 20
        )
    )]
    pub user_name: Option<String>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$",
            min_length = 5,
            max_length = 50
        )
    )]
    pub email: Option<String>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$",
            min_length = 5,
            max_length = 50
        )
    )]
    pub email_confirmation: Option<String>,
    #[serde(default)]
    /// パスワード: 8～12桁の半角英数字記号 (英大文字・英小文字・数字・記号の4種を含む).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[!-~]{8,12}$", min_length = 8, max_length = 12, format = Password))]
    pub password: Option<String>,
    #[serde(default)]
    /// パスワード: 8～12桁の半角英数字記号 (英大文字・英小文字・数字・記号の4種を含む).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[!-~]{8,12}$", min_length = 8, max_length = 12, format = Password))]
    pub password_confirmation: Option<String>,
    #[serde(default)]
    pub restrictions: Option<Restrictions>,
    /// Only `normal`: lifts a ロック or 閉塞.
    #[serde(default)]
    pub status: Option<UserStatus>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperationLogEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub user_id: Option<String>,
    pub screen_id: String,
    pub action: String,
    pub target: String,
    pub result: String,
    pub detail: String,
    pub client_addr: String,
    pub cert_thumbprint: String,
    /// 機能 (the business function; none for the front door and the bank's operator).
    #[serde(default)]
    pub function: Option<Function>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperationLogResponse {
    pub entries: Vec<OperationLogEntry>,
    pub total: i64,
}

crate::redacted_debug!(UserCreateRequest {
    user_id, user_name, email, email_confirmation, restrictions;
    password, password_confirmation
});
crate::redacted_debug!(UserUpdateRequest {
    user_name, email, email_confirmation, restrictions, status;
    password, password_confirmation
});

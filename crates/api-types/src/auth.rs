//! The front door: registration, certificates, login, the session and the effective menu.

use chrono::{DateTime, Utc};
use cjs_domain::{ContractKind, Function, Role, Service};
use serde::{Deserialize, Serialize};

use crate::users::UserView;

/// `POST /api/v1/registration/contract` (DC583101 マスターユーザー初期登録ログイン).
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"contract_number": "12345678", "initial_password": "Ab1!cd2#"})))]
pub struct ContractLoginRequest {
    /// 契約番号 (半角数字8桁).
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^[0-9]{8}$", min_length = 8, max_length = 8)
    )]
    pub contract_number: String,
    /// 初期パスワード (8桁、英大文字・小文字・数字・記号).
    /// 初期パスワード: 8桁の半角英数字記号 (英大文字・英小文字・数字・記号の4種を含む).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[!-~]{8}$", min_length = 8, max_length = 8, format = Password))]
    pub initial_password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationTokenResponse {
    /// マスターユーザー登録 (DC584101) に使う一回限りのトークン (有効 30 分).
    pub registration_token: String,
    pub contract_number: String,
    pub organisation_name: String,
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/v1/registration/master` (DC584101 マスターユーザー初期登録).
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "registration_token": "…", "user_id": "rokin01", "password": "Passw0rd!", "password_confirmation": "Passw0rd!",
    "user_name": "労金　太郎", "email": "taro@example.co.jp", "email_confirmation": "taro@example.co.jp"
})))]
pub struct MasterRegistrationRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^[0-9a-f]{64}$", min_length = 64, max_length = 64)
    )]
    pub registration_token: String,
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
    /// パスワード: 8～12桁の半角英数字記号 (英大文字・英小文字・数字・記号の4種を含む).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[!-~]{8,12}$", min_length = 8, max_length = 12, format = Password))]
    pub password: String,
    /// パスワード: 8～12桁の半角英数字記号 (英大文字・英小文字・数字・記号の4種を含む).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[!-~]{8,12}$", min_length = 8, max_length = 12, format = Password))]
    pub password_confirmation: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[^\x00-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\uFF61-\uFFEF\u3000](?:[^\x00-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\uFF61-\uFFEF]{0,18}[^\x00-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\uFF61-\uFFEF\u3000])?$",
            min_length = 1,
            max_length = 20
        )
    )]
    pub user_name: String,
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
}

/// `POST /api/v1/certificates/challenge` (DC586101 電子証明書発行 ユーザー認証).
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"user_id": "rokin01", "password": "Passw0rd!"})))]
pub struct CertificateChallengeRequest {
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
    /// パスワード: 8～12桁の半角英数字記号 (英大文字・英小文字・数字・記号の4種を含む).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[!-~]{8,12}$", min_length = 8, max_length = 12, format = Password))]
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateChallengeResponse {
    pub challenge_id: String,
    /// 認証コードの送信先 (一部を伏せたメールアドレス).
    pub sent_to: String,
    pub expires_at: DateTime<Utc>,
    pub max_attempts: u32,
}

/// `POST /api/v1/certificates/verify`: the 6-digit code from the e-mail.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"challenge_id": "…", "code": "123456"})))]
pub struct CertificateVerifyRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[0-9a-f]{32}\.[0-9a-f]{64}$",
            min_length = 97,
            max_length = 97
        )
    )]
    pub challenge_id: String,
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^[0-9]{6}$", min_length = 6, max_length = 6)
    )]
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateVerifyResponse {
    pub issue_token: String,
}

/// `POST /api/v1/certificates/issue`: answers the PKCS#12 file itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateIssueRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[0-9a-f]{64}\.[0-9a-f]{64}$",
            min_length = 129,
            max_length = 129
        )
    )]
    pub issue_token: String,
}

/// `POST /api/v1/session` (DC582101 ログイン): the certificate names the user; only the
/// password is asked.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"password": "Passw0rd!"})))]
pub struct LoginRequest {
    /// パスワード: 8～12桁の半角英数字記号 (英大文字・英小文字・数字・記号の4種を含む).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[!-~]{8,12}$", min_length = 8, max_length = 12, format = Password))]
    pub password: String,
}

/// 入金グループ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentGroupView {
    pub number: String,
    pub name: String,
    pub name_kana: String,
    pub services: Vec<Service>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// The session token, also set as the `__Host-cjs-session` cookie. Send it as
    /// `Authorization: Bearer …` from programs, always over the same client certificate.
    pub token: String,
    pub must_change_password: bool,
    pub payment_groups: Vec<PaymentGroupView>,
    /// The group chosen for the session (set at once when there is only one).
    pub payment_group: Option<String>,
    pub previous_login_at: Option<DateTime<Utc>>,
    pub idle_timeout_seconds: u64,
}

/// `PUT /api/v1/session/payment-group` (DC590101 入金グループ選択).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"number": "00000001"})))]
pub struct SelectPaymentGroupRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^[0-9]{8}$", min_length = 8, max_length = 8)
    )]
    pub number: String,
}

/// One menu the user may open, and whether only to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MenuEntry {
    pub function: Function,
    /// 機能名 (マニュアルの機能名).
    // A constant of the service: borrowed, not copied for every `GET /me`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub label: std::borrow::Cow<'static, str>,
    pub read_only: bool,
}

/// `GET /api/v1/me`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeResponse {
    pub user: UserView,
    pub contract_number: String,
    pub contract_kind: ContractKind,
    pub organisation_name: String,
    pub role: Role,
    pub payment_groups: Vec<PaymentGroupView>,
    pub payment_group: Option<PaymentGroupView>,
    /// What the contract, the chosen payment group and the user's restrictions allow.
    pub menu: Vec<MenuEntry>,
    pub previous_login_at: Option<DateTime<Utc>>,
    pub idle_timeout_seconds: u64,
    /// When the session ends without another request.
    pub idle_expires_at: DateTime<Utc>,
}

/// `PUT /api/v1/me/password` (パスワード変更).
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    /// パスワード: 8～12桁の半角英数字記号 (英大文字・英小文字・数字・記号の4種を含む).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[!-~]{8,12}$", min_length = 8, max_length = 12, format = Password))]
    pub current_password: String,
    /// パスワード: 8～12桁の半角英数字記号 (英大文字・英小文字・数字・記号の4種を含む).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[!-~]{8,12}$", min_length = 8, max_length = 12, format = Password))]
    pub new_password: String,
    /// パスワード: 8～12桁の半角英数字記号 (英大文字・英小文字・数字・記号の4種を含む).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[!-~]{8,12}$", min_length = 8, max_length = 12, format = Password))]
    pub new_password_confirmation: String,
}

crate::redacted_debug!(ContractLoginRequest { contract_number; initial_password });
crate::redacted_debug!(MasterRegistrationRequest {
    user_id, user_name, email, email_confirmation;
    registration_token, password, password_confirmation
});
crate::redacted_debug!(CertificateChallengeRequest { user_id; password });
crate::redacted_debug!(CertificateVerifyRequest { challenge_id; code });
crate::redacted_debug!(LoginRequest { ; password });
crate::redacted_debug!(ChangePasswordRequest {
    ;
    current_password, new_password, new_password_confirmation
});

//! The front door: マスターユーザーの初期登録 (DC583101, DC584101), 電子証明書発行 (DC586101),
//! ログイン (DC582101), 入金グループ選択 (DC590101), ログアウト, `/me` and パスワード変更.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod certificates;
pub mod registration;
pub mod session;

pub fn routes(cfg: &mut ServiceConfig) {
    registration::routes(cfg);
    certificates::routes(cfg);
    session::routes(cfg);
}

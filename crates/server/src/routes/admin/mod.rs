//! システム管理機能: ユーザー情報の照会 for every user; for the master, the contract's users
//! (DM493101, DM492101, 一般ユーザーの登録と削除) and the 操作ログ照会.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod operation_log;
pub mod users;

pub fn routes(cfg: &mut ServiceConfig) {
    users::routes(cfg);
    operation_log::routes(cfg);
}

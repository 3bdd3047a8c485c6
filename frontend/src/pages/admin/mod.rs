//! システム管理機能: ユーザー情報の照会 for every user; for the master, the contract's users
//! (DM493101 list, DM492101 change, 一般ユーザーの追加) and the operation log.

pub mod log;
pub mod profile;
pub mod user_edit;
pub mod user_new;
pub mod users;

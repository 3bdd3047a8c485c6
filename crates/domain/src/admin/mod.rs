//! システム管理機能: the master's commands on the contract's users, as plans a unit test reaches.

pub mod users;

//! システム管理機能's outputs.

pub mod operation_log;

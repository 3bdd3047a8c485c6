//! 財形貯蓄事務: the documents the bank sends an employer (預入依頼書 per occasion, 加入者残高一覧表,
//! 奨励金), one cycle per 作成基準日 with per-employee lines, the 財形積立変更明細 of a 預入依頼書
//! against the previous cycle, totals per 財形種類, where a new cycle may go, and which cycles the
//! retention keeps. Layouts and operations: `docs/zaikei.md`.

pub mod config;
pub mod document;
pub mod line;
pub mod retention;

pub use config::ZaikeiConfig;
pub use document::{DocumentKind, LoadRefusal, Placement, place};
pub use line::{AmountColumns, Line, SavingsKind, changes, check_line};

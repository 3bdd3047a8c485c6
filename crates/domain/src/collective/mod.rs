//! 一斉積立事務: the run the bank sends (番号, 名称, 受信日, 作成区分) with its 内訳明細 (one line per
//! member), where a new run may go among the group's runs, and its 変更明細 against the previous
//! run. Layouts and operations: `docs/collective.md`.

pub mod line;
pub mod run;

pub use line::{AMOUNT, Line, changes};
pub use run::{LoadRefusal, Placement, RunFacts, RunHeader, RunName, RunNo, RunOrigin, place};

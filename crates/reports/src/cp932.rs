//! CP932 (Windows-31J) encoding as Windows does it: the one implementation lives in the domain
//! (`cjs_domain::cp932`), which also refuses names CP932 cannot hold; re-exported here for the
//! CSV writer and the import.

pub use cjs_domain::cp932::{can_encode, encode, encode_into};

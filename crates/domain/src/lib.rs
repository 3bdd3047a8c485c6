//! cjs-domain: the rules of ろうきん賃金控除事務支援サービス, free of IO and frameworks.
//!
//! Everything here is a plain value or a pure function so that a unit test reaches every rule
//! without a server or a database.

pub mod clock;
pub mod policy;

pub use clock::{Clock, ManualClock, SystemClock};
pub use policy::Policy;

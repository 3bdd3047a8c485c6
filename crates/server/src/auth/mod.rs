//! Who is calling: password hashing, tokens, the session extractor, and the one authorisation
//! decision every business endpoint asks.

pub mod authz;
pub mod check;
pub mod extract;
pub mod lockout;
pub mod password;
pub mod tokens;

pub use authz::authorize;
pub use extract::{Active, Authenticated};

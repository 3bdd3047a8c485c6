//! Who is calling: password hashing, tokens, the session extractor, and `Scoped`, the one
//! extractor that decides function, access and payment group for every endpoint.

pub mod authz;
pub mod check;
pub mod extract;
pub mod lockout;
pub mod password;
pub mod scope;
pub mod tokens;

pub use extract::{Active, Authenticated};
pub use scope::{Read, Scoped, Write};

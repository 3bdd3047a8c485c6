//! cjs-api-types: the JSON the server speaks and the SPA reads, and the one error catalogue.
//!
//! Compiles to wasm32; the OpenAPI schemas come with the `openapi` feature (server only).

/// `Debug` for a request that carries secrets: the listed plain fields as they are, the secret
/// fields as `"***"`, so a request never prints a password into a log.
#[macro_export]
macro_rules! redacted_debug {
    ($ty:ident { $($plain:ident),* ; $($secret:ident),* }) => {
        impl ::std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($ty))
                    $(.field(stringify!($plain), &self.$plain))*
                    $(.field(stringify!($secret), &"***"))*
                    .finish()
            }
        }
    };
}

pub mod auth;
pub mod collective;
pub mod deduction;
pub mod error;
pub mod info;
pub mod ledger;
pub mod system;
pub mod users;
pub mod zaikei;

pub use error::{ApiError, ErrorCode};
pub use system::{CertificateStatus, ClientCertificateView, HealthResponse, ReadyResponse};

/// The header every response carries, naming the request in the server log.
pub const REQUEST_ID_HEADER: &str = "x-request-id";
/// The header that cookie-authenticated changes must carry (CSRF guard).
pub const CSRF_HEADER: &str = "x-cjs-csrf";

#[cfg(test)]
mod tests {
    use crate::auth::{ChangePasswordRequest, LoginRequest};
    use crate::users::UserCreateRequest;

    #[test]
    fn requests_with_passwords_never_print_them() {
        let login = LoginRequest {
            password: "Secr3t!pw".into(),
        };
        assert!(!format!("{login:?}").contains("Secr3t"));
        let change = ChangePasswordRequest {
            current_password: "Old0ld!pw".into(),
            new_password: "New0ne!pw".into(),
            new_password_confirmation: "New0ne!pw".into(),
        };
        let text = format!("{change:?}");
        assert!(
            !text.contains("Old0ld") && !text.contains("New0ne"),
            "{text}"
        );
        let create = UserCreateRequest {
            user_id: "kumiai02".into(),
            user_name: "組合　花子".into(),
            password: "Temp0rary!".into(),
            password_confirmation: "Temp0rary!".into(),
            email: "hanako@example.co.jp".into(),
            email_confirmation: "hanako@example.co.jp".into(),
            restrictions: Default::default(),
        };
        let text = format!("{create:?}");
        assert!(
            text.contains("kumiai02") && !text.contains("Temp0rary"),
            "{text}"
        );
    }
}

//! cjs-domain: the rules of ろうきん賃金控除事務支援サービス, free of IO and frameworks.
//!
//! Everything here is a plain value or a pure function so that a unit test reaches every rule
//! without a server or a database.

/// For a newtype over `String` with an inherent `parse(&str) -> Result<Self, RuleError>`:
/// `as_str`, `Display`, `AsRef<str>`, `FromStr`, and serde as a plain string whose
/// deserialization goes through `parse`, so an invalid value never gets in.
macro_rules! string_newtype {
    ($($ty:ident),+) => {$(
        impl $ty {
            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::rules::RuleError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                Self::parse(&s).map_err(::serde::de::Error::custom)
            }
        }
    )+};
}
pub(crate) use string_newtype;

pub mod admin;
pub mod calendar;
pub mod certificate;
pub mod changes;
pub mod clock;
pub mod collective;
pub mod cp932;
pub mod deduction;
pub mod ids;
pub mod info;
pub mod kana;
pub mod ledger;
pub mod lockout;
pub mod person;
pub mod policy;
pub mod rules;
pub mod secret;
pub mod session;
pub mod zaikei;

pub use info::schedule;

pub use calendar::{ServiceHours, is_business_day, is_national_holiday, jst};
pub use certificate::{ExpiryNotice, IssueDecision, p12_filename};
pub use clock::{Clock, ManualClock, SystemClock};
pub use deduction::DeductionConfig;
pub use ids::{ContractNumber, PaymentGroupNo, UserId, VerificationCode};
pub use kana::KanaName;
pub use lockout::{FailureOutcome, LockState, Standing};
pub use person::{Email, UserName};
pub use policy::Policy;
pub use rules::{Field, RuleError, confirm};
pub use secret::{InitialPassword, Password, new_password};
pub use session::{
    Access, ContractKind, Decision, EndReason, Function, Restriction, Restrictions, Role, Service,
    idle_expired,
};
pub use zaikei::ZaikeiConfig;

//! Conversions between OpenSSL's ASN.1 times and chrono.

use chrono::{DateTime, Utc};
use openssl::asn1::{Asn1Time, Asn1TimeRef};

use crate::{PkiError, PkiResult};

pub fn asn1_to_utc(t: &Asn1TimeRef) -> PkiResult<DateTime<Utc>> {
    let epoch = Asn1Time::from_unix(0)?;
    let diff = epoch.diff(t)?;
    let secs = i64::from(diff.days) * 86_400 + i64::from(diff.secs);
    DateTime::from_timestamp(secs, 0).ok_or_else(|| PkiError::Invalid("time out of range".into()))
}

pub fn utc_to_asn1(t: DateTime<Utc>) -> PkiResult<Asn1Time> {
    Ok(Asn1Time::from_unix(t.timestamp())?)
}

//! A tiny DER encoder: only what a CRL needs. Every function returns a complete TLV.

use chrono::{DateTime, Datelike, Utc};

use crate::{PkiError, PkiResult};

const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const NULL: u8 = 0x05;
const OID: u8 = 0x06;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
const SEQUENCE: u8 = 0x30;

/// Tag, definite length (short or long form), content.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 10);
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

pub fn sequence(items: &[&[u8]]) -> Vec<u8> {
    tlv(SEQUENCE, &items.concat())
}

/// A non-negative INTEGER from its big-endian magnitude (leading zeros dropped, a zero octet
/// prepended when the top bit is set so it stays positive).
pub fn unsigned_integer(magnitude: &[u8]) -> Vec<u8> {
    let start = magnitude
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(magnitude.len());
    let digits = &magnitude[start..];
    let mut content = Vec::with_capacity(digits.len() + 1);
    if digits.first().is_none_or(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(digits);
    tlv(INTEGER, &content)
}

pub fn u64_integer(n: u64) -> Vec<u8> {
    unsigned_integer(&n.to_be_bytes())
}

pub fn null() -> Vec<u8> {
    vec![NULL, 0]
}

pub fn octet_string(bytes: &[u8]) -> Vec<u8> {
    tlv(OCTET_STRING, bytes)
}

/// A BIT STRING of whole octets (no unused bits).
pub fn bit_string(bytes: &[u8]) -> Vec<u8> {
    let mut content = Vec::with_capacity(bytes.len() + 1);
    content.push(0);
    content.extend_from_slice(bytes);
    tlv(BIT_STRING, &content)
}

/// An OBJECT IDENTIFIER from its arcs (at least two; the first 0..=2, the second below 40
/// unless the first is 2).
pub fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut content = Vec::new();
    let (first, rest) = match arcs {
        [a, b, rest @ ..] => (a * 40 + b, rest),
        [a] => (a * 40, &[][..]),
        [] => (0, &[][..]),
    };
    for arc in std::iter::once(first).chain(rest.iter().copied()) {
        let mut groups = vec![(arc & 0x7f) as u8];
        let mut v = arc >> 7;
        while v > 0 {
            groups.push((v & 0x7f) as u8 | 0x80);
            v >>= 7;
        }
        content.extend(groups.iter().rev());
    }
    tlv(OID, &content)
}

/// RFC 5280 Time: UTCTime for 1950–2049, GeneralizedTime otherwise; whole seconds, "Z".
pub fn time(t: DateTime<Utc>) -> PkiResult<Vec<u8>> {
    match t.year() {
        1950..=2049 => Ok(tlv(
            UTC_TIME,
            t.format("%y%m%d%H%M%SZ").to_string().as_bytes(),
        )),
        0..=9999 => Ok(tlv(
            GENERALIZED_TIME,
            t.format("%Y%m%d%H%M%SZ").to_string().as_bytes(),
        )),
        y => Err(PkiError::Invalid(format!(
            "year {y} cannot be written as an ASN.1 time"
        ))),
    }
}

/// `[n] EXPLICIT`: a constructed context-specific tag around a complete TLV.
pub fn explicit(n: u8, inner: &[u8]) -> Vec<u8> {
    tlv(0xa0 | n, inner)
}

/// `[n] IMPLICIT` of a primitive type: the content under a context-specific tag.
pub fn implicit_primitive(n: u8, content: &[u8]) -> Vec<u8> {
    tlv(0x80 | n, content)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn lengths_switch_to_the_long_form_at_128() {
        assert_eq!(tlv(0x04, &[7; 3]), [0x04, 3, 7, 7, 7]);
        let long = tlv(0x04, &[0; 200]);
        assert_eq!(&long[..3], &[0x04, 0x81, 200]);
        let longer = tlv(0x04, &[0; 300]);
        assert_eq!(&longer[..4], &[0x04, 0x82, 0x01, 0x2c]);
    }

    #[test]
    fn integers_are_minimal_and_positive() {
        assert_eq!(u64_integer(0), [0x02, 1, 0]);
        assert_eq!(u64_integer(1), [0x02, 1, 1]);
        assert_eq!(u64_integer(127), [0x02, 1, 0x7f]);
        assert_eq!(u64_integer(128), [0x02, 2, 0, 0x80]);
        assert_eq!(u64_integer(256), [0x02, 2, 1, 0]);
        assert_eq!(unsigned_integer(&[0, 0, 0xff]), [0x02, 2, 0, 0xff]);
        assert_eq!(unsigned_integer(&[]), [0x02, 1, 0]);
    }

    #[test]
    fn object_identifiers_use_base_128() {
        // ecdsa-with-SHA256
        assert_eq!(
            oid(&[1, 2, 840, 10045, 4, 3, 2]),
            [0x06, 8, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]
        );
        // id-ce-cRLNumber
        assert_eq!(oid(&[2, 5, 29, 20]), [0x06, 3, 0x55, 0x1d, 0x14]);
    }

    #[test]
    fn times_follow_rfc_5280() {
        let t = |y| {
            Utc.with_ymd_and_hms(y, 5, 7, 1, 2, 3)
                .single()
                .expect("time")
        };
        assert_eq!(time(t(2024)).expect("utc"), tlv(0x17, b"240507010203Z"));
        assert_eq!(time(t(1950)).expect("utc"), tlv(0x17, b"500507010203Z"));
        assert_eq!(
            time(t(2050)).expect("generalized"),
            tlv(0x18, b"20500507010203Z")
        );
        assert_eq!(
            time(t(1949)).expect("generalized"),
            tlv(0x18, b"19490507010203Z")
        );
    }
}

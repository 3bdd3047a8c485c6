//! Revocation lists: parsed and verified by OpenSSL (library and CLI), listing exactly the
//! revoked serials, for the EC CA the service creates and for an RSA CA brought by an operator.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Duration, TimeZone, Utc};
use cjs_pki::{IssuedCertificate, PeerCertificate, Pki, Revoked, asn1_to_utc, utc_to_asn1};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::PKey;
use openssl::rsa::Rsa;
use openssl::x509::extension::{BasicConstraints, KeyUsage, SubjectKeyIdentifier};
use openssl::x509::{CrlStatus, X509, X509Crl, X509NameBuilder};

fn tempdir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("cjs-crl-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&d).expect("tempdir");
    d
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 7, 1, 0, 0)
        .single()
        .expect("time")
}

fn have_openssl() -> bool {
    Command::new("openssl")
        .arg("version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn issue(pki: &Pki, cn: &str, at: DateTime<Utc>) -> IssuedCertificate {
    pki.issue_client(
        cn,
        "12345678",
        at - Duration::hours(1),
        at + Duration::days(30),
    )
    .expect("issue")
}

fn serial_hex(cert: &X509) -> String {
    PeerCertificate::from_x509(cert, cjs_pki::ChainResult::Trusted)
        .expect("peer")
        .serial
}

/// Checks the CRL against the library: signature, issuer, times, number, the listed serials.
fn check_crl(
    pki: &Pki,
    der: &[u8],
    listed: &[(&X509, DateTime<Utc>)],
    not_listed: &[&X509],
    number: u64,
    this_update: DateTime<Utc>,
    next_update: DateTime<Utc>,
) {
    let crl = X509Crl::from_der(der).expect("parse CRL");
    let ca_public = pki.ca_cert().public_key().expect("CA public key");
    assert!(crl.verify(&ca_public).expect("verify"), "signature");
    assert_eq!(
        crl.issuer_name().to_der().expect("der"),
        pki.ca_cert().subject_name().to_der().expect("der")
    );
    assert_eq!(asn1_to_utc(crl.last_update()).expect("t"), this_update);
    assert_eq!(
        asn1_to_utc(crl.next_update().expect("nextUpdate")).expect("t"),
        next_update
    );
    let (critical, n) = crl
        .extension::<openssl::x509::CrlNumber>()
        .expect("extension")
        .expect("CRL number present");
    assert!(!critical);
    assert_eq!(
        n.to_bn()
            .expect("bn")
            .to_dec_str()
            .expect("dec")
            .to_string(),
        number.to_string()
    );
    for (cert, at) in listed {
        match crl.get_by_serial(cert.serial_number()) {
            CrlStatus::Revoked(entry) => {
                assert_eq!(asn1_to_utc(entry.revocation_date()).expect("t"), *at);
            }
            _ => panic!("{} is not listed", serial_hex(cert)),
        }
        assert!(matches!(crl.get_by_cert(cert), CrlStatus::Revoked(_)));
    }
    for cert in not_listed {
        assert!(
            matches!(
                crl.get_by_serial(cert.serial_number()),
                CrlStatus::NotRevoked
            ),
            "{} is listed",
            serial_hex(cert)
        );
    }
    assert_eq!(
        crl.get_revoked().map(|r| r.len()).unwrap_or(0),
        listed.len(),
        "entries"
    );
}

#[test]
fn the_crl_lists_exactly_the_revoked_certificates_and_is_signed_by_the_ca() {
    let dir = tempdir();
    let pki = Pki::load_or_create(&dir, &[], now()).expect("bootstrap");
    let (a, b, c) = (
        issue(&pki, "a", now()).cert,
        issue(&pki, "b", now()).cert,
        issue(&pki, "c", now()).cert,
    );
    let (at_a, at_b) = (now() + Duration::hours(2), now() + Duration::hours(3));
    let list = [
        Revoked {
            serial_hex: serial_hex(&a),
            revoked_at: at_a,
        },
        // Case does not matter.
        Revoked {
            serial_hex: serial_hex(&b).to_lowercase(),
            revoked_at: at_b,
        },
    ];
    let (this_update, next_update) = (now() + Duration::hours(4), now() + Duration::days(7));
    let der = pki
        .crl_der(&list, 42, this_update, next_update)
        .expect("crl");
    check_crl(
        &pki,
        &der,
        &[(&a, at_a), (&b, at_b)],
        &[&c, pki.server_cert()],
        42,
        this_update,
        next_update,
    );

    // The PEM form (signed afresh: ECDSA signatures differ each time) says the same.
    let pem = pki
        .crl_pem(&list, 42, this_update, next_update)
        .expect("pem");
    assert!(pem.starts_with("-----BEGIN X509 CRL-----\n"));
    assert!(pem.ends_with("-----END X509 CRL-----\n"));
    assert!(pem.lines().all(|l| l.len() <= 64));
    let from_pem = X509Crl::from_pem(pem.as_bytes()).expect("parse pem");
    check_crl(
        &pki,
        &from_pem.to_der().expect("der"),
        &[(&a, at_a), (&b, at_b)],
        &[&c],
        42,
        this_update,
        next_update,
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_empty_crl_is_valid_and_lists_nothing() {
    let dir = tempdir();
    let pki = Pki::load_or_create(&dir, &[], now()).expect("bootstrap");
    let c = issue(&pki, "c", now()).cert;
    let der = pki
        .crl_der(&[], 1, now(), now() + Duration::days(1))
        .expect("crl");
    check_crl(&pki, &der, &[], &[&c], 1, now(), now() + Duration::days(1));
    assert!(
        X509Crl::from_der(&der)
            .expect("der")
            .get_revoked()
            .is_none()
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn duplicates_keep_the_earliest_date_and_large_numbers_and_far_dates_encode() {
    let dir = tempdir();
    let pki = Pki::load_or_create(&dir, &[], now()).expect("bootstrap");
    let a = issue(&pki, "a", now()).cert;
    let later = Revoked {
        serial_hex: serial_hex(&a),
        revoked_at: now() + Duration::days(2),
    };
    let earlier = Revoked {
        serial_hex: format!("000{}", serial_hex(&a)),
        revoked_at: now() + Duration::days(1),
    };
    // nextUpdate past 2049 is a GeneralizedTime.
    let far = Utc
        .with_ymd_and_hms(2051, 1, 1, 0, 0, 0)
        .single()
        .expect("time");
    let der = pki
        .crl_der(&[later, earlier], u64::MAX, now(), far)
        .expect("crl");
    check_crl(
        &pki,
        &der,
        &[(&a, now() + Duration::days(1))],
        &[],
        u64::MAX,
        now(),
        far,
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_input_is_an_error() {
    let dir = tempdir();
    let pki = Pki::load_or_create(&dir, &[], now()).expect("bootstrap");
    let one = |serial: &str| {
        [Revoked {
            serial_hex: serial.into(),
            revoked_at: now(),
        }]
    };
    let week = now() + Duration::days(7);
    assert!(pki.crl_der(&one("12AB"), 1, now(), week).is_ok());
    assert!(pki.crl_der(&one("xyz"), 1, now(), week).is_err());
    assert!(pki.crl_der(&one(""), 1, now(), week).is_err());
    assert!(pki.crl_der(&one("-12"), 1, now(), week).is_err());
    assert!(pki.crl_der(&[], 1, now(), now()).is_err());
    assert!(pki.crl_der(&[], 1, week, now()).is_err());
    let _ = std::fs::remove_dir_all(dir);
}

/// An RSA CA, as an operator might bring one.
fn place_rsa_ca(dir: &Path, at: DateTime<Utc>) {
    let key = PKey::from_rsa(Rsa::generate(2048).expect("rsa")).expect("pkey");
    let mut name = X509NameBuilder::new().expect("name");
    name.append_entry_by_nid(Nid::COMMONNAME, "Operator RSA CA")
        .expect("cn");
    let name = name.build();
    let mut b = X509::builder().expect("builder");
    b.set_version(2).expect("version");
    let serial = openssl::bn::BigNum::from_u32(7)
        .expect("bn")
        .to_asn1_integer()
        .expect("serial");
    b.set_serial_number(&serial).expect("serial");
    b.set_subject_name(&name).expect("subject");
    b.set_issuer_name(&name).expect("issuer");
    b.set_pubkey(&key).expect("pubkey");
    b.set_not_before(&utc_to_asn1(at - Duration::days(1)).expect("t"))
        .expect("nb");
    b.set_not_after(&utc_to_asn1(at + Duration::days(3650)).expect("t"))
        .expect("na");
    b.append_extension(BasicConstraints::new().critical().ca().build().expect("bc"))
        .expect("bc");
    b.append_extension(
        KeyUsage::new()
            .critical()
            .key_cert_sign()
            .crl_sign()
            .build()
            .expect("ku"),
    )
    .expect("ku");
    let ski = SubjectKeyIdentifier::new()
        .build(&b.x509v3_context(None, None))
        .expect("ski");
    b.append_extension(ski).expect("ski");
    b.sign(&key, MessageDigest::sha256()).expect("sign");
    let cert = b.build();
    std::fs::create_dir_all(dir).expect("dir");
    std::fs::write(
        dir.join("ca.key"),
        key.private_key_to_pem_pkcs8().expect("pem"),
    )
    .expect("write key");
    std::fs::write(dir.join("ca.crt"), cert.to_pem().expect("pem")).expect("write cert");
}

#[test]
fn an_rsa_ca_signs_a_crl_too() {
    let dir = tempdir();
    place_rsa_ca(&dir, now());
    let pki = Pki::load_or_create(&dir, &[], now()).expect("bootstrap on the RSA CA");
    let (a, c) = (issue(&pki, "a", now()).cert, issue(&pki, "c", now()).cert);
    let list = [Revoked {
        serial_hex: serial_hex(&a),
        revoked_at: now(),
    }];
    let der = pki
        .crl_der(&list, 3, now(), now() + Duration::days(1))
        .expect("crl");
    check_crl(
        &pki,
        &der,
        &[(&a, now())],
        &[&c],
        3,
        now(),
        now() + Duration::days(1),
    );
    let _ = std::fs::remove_dir_all(dir);
}

fn openssl(args: &[&str], dir: &Path) -> (bool, String) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run openssl");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// `openssl crl` reads the CRL and `openssl verify -crl_check` refuses the revoked certificate
/// and accepts the other.
fn check_with_cli(dir: &Path, pki: &Pki) {
    let at = Utc::now();
    let (gone, kept) = (issue(pki, "gone", at).cert, issue(pki, "kept", at).cert);
    let gone_serial = serial_hex(&gone);
    let list = [Revoked {
        serial_hex: gone_serial.clone(),
        revoked_at: at - Duration::minutes(5),
    }];
    let (this_update, next_update) = (at - Duration::minutes(1), at + Duration::days(7));
    let der = pki
        .crl_der(&list, 9, this_update, next_update)
        .expect("crl");
    let pem = pki
        .crl_pem(&list, 9, this_update, next_update)
        .expect("pem");
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect(name);
    write("crl.der", &der);
    write("crl.pem", pem.as_bytes());
    write("ca.pem", &pki.ca_cert().to_pem().expect("pem"));
    write("gone.pem", &gone.to_pem().expect("pem"));
    write("kept.pem", &kept.to_pem().expect("pem"));

    let (ok, text) = openssl(
        &["crl", "-inform", "DER", "-in", "crl.der", "-noout", "-text"],
        dir,
    );
    assert!(ok, "{text}");
    for wanted in [
        "Version 2",
        "X509v3 CRL Number",
        "X509v3 Authority Key Identifier",
        &gone_serial,
    ] {
        assert!(text.contains(wanted), "{wanted:?} missing from {text}");
    }
    let (ok, text) = openssl(
        &["crl", "-in", "crl.pem", "-noout", "-CAfile", "ca.pem"],
        dir,
    );
    assert!(ok && text.contains("verify OK"), "{text}");

    let verify = |cert: &str| {
        openssl(
            &[
                "verify",
                "-crl_check",
                "-CAfile",
                "ca.pem",
                "-CRLfile",
                "crl.pem",
                cert,
            ],
            dir,
        )
    };
    let (ok, text) = verify("gone.pem");
    assert!(!ok && text.contains("certificate revoked"), "{text}");
    let (ok, text) = verify("kept.pem");
    assert!(ok && text.contains("kept.pem: OK"), "{text}");
}

#[test]
fn the_openssl_cli_reads_the_crl_and_refuses_the_revoked_certificate() {
    if !have_openssl() {
        eprintln!("skipped: no openssl CLI");
        return;
    }
    let dir = tempdir();
    let pki = Pki::load_or_create(&dir.join("pki"), &[], Utc::now()).expect("bootstrap");
    check_with_cli(&dir, &pki);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_openssl_cli_accepts_the_rsa_ca_crl_too() {
    if !have_openssl() {
        eprintln!("skipped: no openssl CLI");
        return;
    }
    let dir = tempdir();
    place_rsa_ca(&dir.join("pki"), Utc::now());
    let pki = Pki::load_or_create(&dir.join("pki"), &[], Utc::now()).expect("bootstrap");
    check_with_cli(&dir, &pki);
    let _ = std::fs::remove_dir_all(dir);
}

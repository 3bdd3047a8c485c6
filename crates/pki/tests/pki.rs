//! The CA on disk: created once, reloaded, keys private; client certificates and their standing.

use std::os::unix::fs::PermissionsExt;

use chrono::{Duration, TimeZone, Utc};
use cjs_pki::{ChainResult, PeerCertificate, Pki, Standing};

fn tempdir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("cjs-pki-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&d).expect("tempdir");
    d
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 7, 1, 0, 0)
        .single()
        .expect("time")
}

#[test]
fn the_first_start_creates_ca_server_certificate_and_token_key_with_private_modes() {
    let dir = tempdir();
    let pki = Pki::load_or_create(&dir, &[], Utc::now()).expect("bootstrap");
    for (file, mode) in [
        ("ca.key", 0o600),
        ("server.key", 0o600),
        ("token.key", 0o600),
        ("ca.crt", 0o644),
        ("server.crt", 0o644),
    ] {
        let meta = std::fs::metadata(dir.join(file)).expect(file);
        assert_eq!(meta.permissions().mode() & 0o777, mode, "{file}");
    }
    assert_eq!(pki.token_key().len(), 32);
    assert_eq!(pki.chain_of(pki.server_cert()), ChainResult::Trusted);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_second_start_loads_the_same_material() {
    let dir = tempdir();
    let a = Pki::load_or_create(&dir, &[], Utc::now()).expect("first");
    let b = Pki::load_or_create(&dir, &[], Utc::now()).expect("second");
    assert_eq!(
        a.ca_cert().to_der().expect("der"),
        b.ca_cert().to_der().expect("der")
    );
    assert_eq!(
        a.server_cert().to_der().expect("der"),
        b.server_cert().to_der().expect("der")
    );
    assert_eq!(a.token_key(), b.token_key());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_server_certificate_names_localhost_and_loopback_and_is_reissued_for_a_new_host() {
    let dir = tempdir();
    let a = Pki::load_or_create(&dir, &[], Utc::now()).expect("first");
    let names: Vec<String> = a
        .server_cert()
        .subject_alt_names()
        .expect("san")
        .iter()
        .map(|n| {
            n.dnsname()
                .map(str::to_owned)
                .or_else(|| n.ipaddress().map(|ip| format!("{ip:?}")))
                .unwrap_or_default()
        })
        .collect();
    assert!(names.contains(&"localhost".to_owned()));
    assert!(names.contains(&format!("{:?}", [127u8, 0, 0, 1].as_slice())));
    let b = Pki::load_or_create(&dir, &["cjs.example.jp".into()], Utc::now()).expect("second");
    assert_ne!(
        a.server_cert().to_der().expect("der"),
        b.server_cert().to_der().expect("der")
    );
    assert_eq!(
        a.ca_cert().to_der().expect("der"),
        b.ca_cert().to_der().expect("der")
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_client_certificate_carries_user_and_contract_and_stands_by_the_clock() {
    let dir = tempdir();
    let pki = Pki::load_or_create(&dir, &[], now()).expect("bootstrap");
    let issued = pki
        .issue_client("rokin01", "12345678", now(), now() + Duration::days(366))
        .expect("issue");
    let peer = PeerCertificate::from_x509(&issued.cert, pki.chain_of(&issued.cert)).expect("peer");
    assert_eq!(peer.subject_cn.as_deref(), Some("rokin01"));
    assert_eq!(peer.subject_o.as_deref(), Some("12345678"));
    assert_eq!(peer.thumbprint_sha256.len(), 64);
    assert_eq!(peer.standing(now()), Standing::Valid);
    assert_eq!(
        peer.standing(now() + Duration::days(367)),
        Standing::Expired
    );
    assert_eq!(
        peer.standing(now() - Duration::seconds(1)),
        Standing::NotYetValid
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_certificate_from_another_ca_is_untrusted() {
    let (d1, d2) = (tempdir(), tempdir());
    let ours = Pki::load_or_create(&d1, &[], now()).expect("ours");
    let foreign = Pki::load_or_create(&d2, &[], now()).expect("foreign");
    let cert = foreign
        .issue_client("rokin01", "12345678", now(), now() + Duration::days(1))
        .expect("issue")
        .cert;
    let pem = cert.to_pem().expect("pem");
    let peer = ours.inspect_pem(&pem).expect("inspect");
    assert!(matches!(peer.chain, ChainResult::Untrusted(_)));
    assert_eq!(peer.standing(now()), Standing::Untrusted);
    let _ = std::fs::remove_dir_all(d1);
    let _ = std::fs::remove_dir_all(d2);
}

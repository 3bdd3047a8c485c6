//! Client certificates as PKCS#12: both profiles read back with the password (and only with
//! it), carry key, certificate and CA, and are accepted by OpenSSL's CLI and by Node (which is
//! how Playwright loads them).

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Duration, TimeZone, Utc};
use cjs_pki::{ChainResult, P12Profile, PeerCertificate, Pki};
use openssl::hash::MessageDigest;
use openssl::pkcs12::Pkcs12;
use openssl::x509::X509ExtendedKeyUsage;

const PASSWORD: &str = "Pa55-wörd secret";

fn tempdir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("cjs-p12-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&d).expect("tempdir");
    d
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 7, 1, 0, 0)
        .single()
        .expect("time")
}

/// Is `program` on PATH (answering `program arg` successfully)?
fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

const PROFILES: [P12Profile; 2] = [P12Profile::Modern, P12Profile::Legacy];

#[test]
fn both_profiles_read_back_with_key_certificate_ca_and_friendly_name() {
    let dir = tempdir();
    let pki = Pki::load_or_create(&dir, &[], now()).expect("bootstrap");
    for profile in PROFILES {
        let p12 = pki
            .issue_pkcs12(
                "rokin01",
                "12345678",
                now(),
                now() + Duration::days(366),
                PASSWORD,
                profile,
            )
            .expect("issue");
        let parsed = Pkcs12::from_der(&p12.der)
            .expect("der")
            .parse2(PASSWORD)
            .expect("parse");
        let key = parsed.pkey.expect("key");
        let cert = parsed.cert.expect("cert");
        assert!(
            key.public_eq(&cert.public_key().expect("public key")),
            "{profile:?}: the key matches the certificate"
        );

        let ca: Vec<Vec<u8>> = parsed
            .ca
            .expect("ca stack")
            .iter()
            .map(|c| c.to_der().expect("der"))
            .collect();
        assert_eq!(
            ca,
            vec![pki.ca_cert().to_der().expect("der")],
            "{profile:?}"
        );
        assert_eq!(cert.alias(), Some(&b"rokin01"[..]), "{profile:?}");

        let peer = PeerCertificate::from_x509(&cert, pki.chain_of(&cert)).expect("peer");
        assert_eq!(
            peer, p12.peer,
            "{profile:?}: the returned peer is the bag's certificate"
        );
        assert_eq!(peer.chain, ChainResult::Trusted);
        assert_eq!(peer.subject_cn.as_deref(), Some("rokin01"));
        assert_eq!(peer.subject_o.as_deref(), Some("12345678"));
        assert_eq!(peer.not_before, now());
        assert_eq!(peer.not_after, now() + Duration::days(366));
        assert_eq!(
            peer.thumbprint_sha256,
            hex::encode(cert.digest(MessageDigest::sha256()).expect("digest"))
        );
        let eku = cert.extended_key_usage().expect("EKU present");
        assert!(
            eku.contains(X509ExtendedKeyUsage::SSL_CLIENT),
            "{profile:?}"
        );
        assert!(
            !eku.contains(X509ExtendedKeyUsage::SSL_SERVER),
            "{profile:?}"
        );

        assert!(
            Pkcs12::from_der(&p12.der)
                .expect("der")
                .parse2("wrong password")
                .is_err(),
            "{profile:?}: a wrong password is refused"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn each_issue_has_its_own_key_and_serial() {
    let dir = tempdir();
    let pki = Pki::load_or_create(&dir, &[], now()).expect("bootstrap");
    let issue = || {
        pki.issue_pkcs12(
            "rokin01",
            "12345678",
            now(),
            now() + Duration::days(1),
            PASSWORD,
            P12Profile::Modern,
        )
        .expect("issue")
    };
    let (a, b) = (issue(), issue());
    assert_ne!(a.peer.serial, b.peer.serial);
    assert_ne!(a.peer.thumbprint_sha256, b.peer.thumbprint_sha256);
    let key = |der: &[u8]| {
        Pkcs12::from_der(der)
            .expect("der")
            .parse2(PASSWORD)
            .expect("parse")
            .pkey
            .expect("key")
    };
    assert!(!key(&a.der).public_eq(&key(&b.der)));
    // Nothing new on disk: the key lives only in the returned bytes.
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["ca.crt", "ca.key", "server.crt", "server.key", "token.key"]
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_passwords_and_names_are_errors_not_panics() {
    let dir = tempdir();
    let pki = Pki::load_or_create(&dir, &[], now()).expect("bootstrap");
    let issue = |cn: &str, password: &str| {
        pki.issue_pkcs12(
            cn,
            "12345678",
            now(),
            now() + Duration::days(1),
            password,
            P12Profile::Legacy,
        )
    };
    assert!(issue("rokin01", "").is_err());
    assert!(issue("rokin01", "pass\0word").is_err());
    assert!(issue("rok\0in01", "password").is_err());
    assert!(issue("rokin01", "password").is_ok());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_profile_reads_from_configuration_names() {
    let parse = |s: &str| serde_json::from_str::<P12Profile>(s);
    assert_eq!(parse("\"aes256\"").expect("aes256"), P12Profile::Modern);
    assert_eq!(
        parse("\"legacy3des\"").expect("legacy3des"),
        P12Profile::Legacy
    );
    assert!(parse("\"Modern\"").is_err());
    assert_eq!(P12Profile::default(), P12Profile::Modern);
    assert_eq!(
        serde_json::to_string(&P12Profile::Legacy).expect("json"),
        "\"legacy3des\""
    );
}

fn write_p12(dir: &Path, pki: &Pki, profile: P12Profile) -> PathBuf {
    let p12 = pki
        .issue_pkcs12(
            "rokin01",
            "12345678",
            Utc::now() - Duration::hours(1),
            Utc::now() + Duration::days(30),
            PASSWORD,
            profile,
        )
        .expect("issue");
    let path = dir.join(format!("{profile:?}.p12"));
    std::fs::write(&path, &p12.der).expect("write p12");
    path
}

#[test]
fn the_openssl_cli_sees_aes_and_sha256_or_3des_and_sha1() {
    if !have("openssl", "version") {
        eprintln!("skipped: no openssl CLI");
        return;
    }
    let dir = tempdir();
    let pki = Pki::load_or_create(&dir, &[], Utc::now()).expect("bootstrap");
    for (profile, wanted) in [
        (
            P12Profile::Modern,
            ["MAC: sha256", "PBES2, PBKDF2, AES-256-CBC"],
        ),
        (
            P12Profile::Legacy,
            ["MAC: sha1", "pbeWithSHA1And3-KeyTripleDES-CBC"],
        ),
    ] {
        let path = write_p12(&dir, &pki, profile);
        // -legacy only adds algorithms (RC2, …); the modern file reads the same with it.
        let out = Command::new("openssl")
            .args([
                "pkcs12",
                "-info",
                "-noout",
                "-legacy",
                "-passin",
                "env:CJS_P12_PASS",
                "-in",
            ])
            .arg(&path)
            .env("CJS_P12_PASS", PASSWORD)
            .output()
            .expect("run openssl");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{profile:?}: {text}");
        for w in wanted {
            assert!(text.contains(w), "{profile:?}: {w:?} missing from {text}");
        }
        if profile == P12Profile::Legacy {
            assert!(!text.contains("AES"), "{text}");
            assert_eq!(
                text.matches("pbeWithSHA1And3-KeyTripleDES-CBC").count(),
                2,
                "certificate bag and key bag: {text}"
            );
        }

        let out = Command::new("openssl")
            .args(["pkcs12", "-noout", "-passin", "pass:wrong", "-in"])
            .arg(&path)
            .output()
            .expect("run openssl");
        assert!(
            !out.status.success(),
            "{profile:?}: wrong password accepted"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn node_loads_both_profiles_as_a_tls_client_identity() {
    if !have("node", "--version") {
        eprintln!("skipped: no node");
        return;
    }
    let dir = tempdir();
    let pki = Pki::load_or_create(&dir, &[], Utc::now()).expect("bootstrap");
    const SCRIPT: &str = "require('tls').createSecureContext({pfx: \
        require('fs').readFileSync(process.env.CJS_P12_FILE), \
        passphrase: process.env.CJS_P12_PASS})";
    for profile in PROFILES {
        let path = write_p12(&dir, &pki, profile);
        let run = |password: &str| {
            Command::new("node")
                .args(["-e", SCRIPT])
                .env("CJS_P12_FILE", &path)
                .env("CJS_P12_PASS", password)
                .output()
                .expect("run node")
        };
        let out = run(PASSWORD);
        assert!(
            out.status.success(),
            "{profile:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!run("wrong").status.success(), "{profile:?}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

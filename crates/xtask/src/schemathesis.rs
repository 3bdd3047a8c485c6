//! The API contract, checked from outside: schemathesis (pinned, in a venv under the target
//! directory) against a fresh `cjs serve` (the debug binary), once anonymous and once as a master
//! user with a real client certificate and session. The document must describe every answer.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bench::{free_port, spawn, wait_for};
use crate::util::{output, root, run_tee, step, target_dir};

/// The schemathesis release the checks are written against (4.x CLI).
const VERSION: &str = "4.32.5";
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,positive_data_acceptance";
const PASSWORD: &str = "Passw0rd!";

/// The venv's `schemathesis`, installed when missing or at another version.
fn ensure_schemathesis() -> Result<PathBuf, String> {
    let venv = target_dir().join("schemathesis-venv");
    let bin = venv.join("bin/schemathesis");
    let have = output(Command::new(&bin).arg("--version")).unwrap_or_default();
    if have.contains(VERSION) {
        return Ok(bin);
    }
    crate::util::run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    crate::util::run(
        Command::new(venv.join("bin/pip"))
            .args(["install", "-q"])
            .arg(format!("schemathesis=={VERSION}")),
    )?;
    Ok(bin)
}

/// The value of `"key":"…"` in a JSON text (the answers here are flat and known).
fn json_str(text: &str, key: &str) -> Result<String, String> {
    text.split(&format!("\"{key}\":\""))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .map(str::to_owned)
        .ok_or_else(|| format!("no {key} in {text}"))
}

fn curl(ca: &Path, extra: &[&str], method: &str, url: &str, body: &str) -> Result<String, String> {
    let mut cmd = Command::new("curl");
    cmd.args(["-sS", "--cacert"])
        .arg(ca)
        .args(["-H", "content-type: application/json", "-X", method])
        .args(extra)
        .arg(url);
    if !body.is_empty() {
        cmd.args(["-d", body]);
    }
    output(&mut cmd).ok_or_else(|| format!("curl {method} {url} failed"))
}

/// The verification code in the newest mail of the outbox.
fn last_code(outbox: &Path) -> Result<String, String> {
    let mut mails: Vec<_> = std::fs::read_dir(outbox)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    mails.sort();
    let (_, newest) = mails.last().ok_or("no mail in the outbox")?;
    let text = std::fs::read_to_string(newest).map_err(|e| e.to_string())?;
    text.split("認証コード：")
        .nth(1)
        .map(|r| r.chars().take_while(char::is_ascii_digit).collect())
        .ok_or_else(|| "no code in the mail".to_owned())
}

/// A master user with a certificate (PEM files) and a session token, as a payroll program has.
struct Master {
    cert: PathBuf,
    key: PathBuf,
    token: String,
}

fn master(bin: &Path, data: &Path, envs: &[(&str, String)], url: &str) -> Result<Master, String> {
    let ca = data.join("pki/ca.crt");
    let mut create = Command::new(bin);
    create.args([
        "operator",
        "contract",
        "create",
        "--kind",
        "member",
        "--name",
        "契約試験労組",
        "--name-kana",
        "ｹｲﾔｸｼｹﾝ",
        "--initial-password",
        "Rokin#01",
        "--json",
    ]);
    for (k, v) in envs {
        create.env(k, v);
    }
    let created = output(&mut create).ok_or("operator contract create failed")?;
    let contract = json_str(&created, "contract_number")?;
    let api = format!("{url}/api/v1");
    let r = curl(
        &ca,
        &[],
        "POST",
        &format!("{api}/registration/contract"),
        &format!(r#"{{"contract_number":"{contract}","initial_password":"Rokin#01"}}"#),
    )?;
    let token = json_str(&r, "registration_token")?;
    curl(
        &ca,
        &[],
        "POST",
        &format!("{api}/registration/master"),
        &format!(
            r#"{{"registration_token":"{token}","user_id":"rokin01","password":"{PASSWORD}","password_confirmation":"{PASSWORD}","user_name":"労金　太郎","email":"taro@example.co.jp","email_confirmation":"taro@example.co.jp"}}"#
        ),
    )?;
    let r = curl(
        &ca,
        &[],
        "POST",
        &format!("{api}/certificates/challenge"),
        &format!(r#"{{"user_id":"rokin01","password":"{PASSWORD}"}}"#),
    )?;
    let challenge = json_str(&r, "challenge_id")?;
    let code = last_code(&data.join("outbox"))?;
    let r = curl(
        &ca,
        &[],
        "POST",
        &format!("{api}/certificates/verify"),
        &format!(r#"{{"challenge_id":"{challenge}","code":"{code}"}}"#),
    )?;
    let issue = json_str(&r, "issue_token")?;
    let p12 = data.join("master.p12");
    let p12_arg = p12.display().to_string();
    curl(
        &ca,
        &["-o", &p12_arg],
        "POST",
        &format!("{api}/certificates/issue"),
        &format!(r#"{{"issue_token":"{issue}"}}"#),
    )?;
    let (cert, key) = (data.join("master.crt"), data.join("master.key"));
    for (what, out) in [("-nokeys", &cert), ("-nocerts", &key)] {
        crate::util::run(
            Command::new("openssl")
                .args(["pkcs12", "-in", &p12_arg, what, "-nodes", "-passin"])
                .arg(format!("pass:{PASSWORD}"))
                .arg("-out")
                .arg(out),
        )?;
    }
    let (c, k) = (cert.display().to_string(), key.display().to_string());
    let r = curl(
        &ca,
        &["--cert", &c, "--key", &k],
        "POST",
        &format!("{api}/session"),
        &format!(r#"{{"password":"{PASSWORD}"}}"#),
    )?;
    let token = json_str(&r, "token")?;
    Ok(Master { cert, key, token })
}

/// Runs both passes; Err when schemathesis reports any failure or error.
pub fn run(tally_lines: &mut Vec<String>) -> Result<(), String> {
    let st = ensure_schemathesis()?;
    let bin = target_dir().join("debug/cjs");
    let data = target_dir().join("schemathesis-data");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let envs = vec![
        ("CJS__DATA_DIR", data.display().to_string()),
        ("CJS__POLICY__SERVICE_HOURS", "false".into()),
        ("CJS__LOG__LEVEL", "warn".into()),
    ];
    let port = free_port()?;
    let mut serve_env = envs.clone();
    serve_env.push(("CJS__SERVER__BIND", format!("127.0.0.1:{port}")));
    let _server = spawn(&bin, &["serve"], &serve_env, &data.join("serve.log"))?;
    let url = format!("https://127.0.0.1:{port}");
    wait_for(&format!("{url}/api/v1/health"))?;
    let master = master(&bin, &data, &envs, &url)?;

    let spec = root().join("api-spec/openapi.json");
    let config = root().join("api-spec/schemathesis.toml");
    let ca = data.join("pki/ca.crt");
    let base = |cmd: &mut Command| {
        // Its own files (`.schemathesis/`) stay in the data directory.
        cmd.current_dir(&data)
            .arg("--config-file")
            .arg(&config)
            .arg("run")
            .arg(&spec)
            .args(["--url", &url, "--tls-verify"])
            .arg(&ca)
            .args([
                "-c",
                CHECKS,
                "-m",
                "positive",
                "--phases",
                "examples,fuzzing",
            ])
            .args(["-n", "25", "-w", "2", "--seed", "1", "--no-color"]);
    };

    step("schemathesis, anonymous (every operation)");
    let mut anon = Command::new(&st);
    base(&mut anon);
    let (ok, lines) = run_tee(&mut anon)?;
    tally_lines.extend(lines);
    if !ok {
        return Err("schemathesis (anonymous) found failures".into());
    }

    step("schemathesis, as a master user with a certificate (logout and password change left out)");
    let mut auth = Command::new(&st);
    base(&mut auth);
    auth.args(["-H", &format!("Authorization: Bearer {}", master.token)])
        .arg("--request-cert")
        .arg(&master.cert)
        .arg("--request-cert-key")
        .arg(&master.key)
        // Only what lies behind the login; these two would end the session under test.
        .args([
            "--include-path-regex",
            "^/api/v1/(me|session|users|operation-log|info|schedules|notices|manuals|deduction|ledger|collective)",
        ])
        .args([
            "--exclude-operation-id",
            "logout",
            "--exclude-operation-id",
            "change_password",
            "--exclude-operation-id",
            "login",
        ]);
    let (ok, lines) = run_tee(&mut auth)?;
    tally_lines.extend(lines);
    if !ok {
        return Err("schemathesis (authenticated) found failures".into());
    }
    Ok(())
}

//! The mailer through each transport: what lands in the outbox, in the log, and at an SMTP server.

use std::path::{Path, PathBuf};
use std::time::Duration;

use cjs_server::config::{MailSettings, Settings};
use cjs_server::mail::{MailError, Mailer, OutgoingMail, templates};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const CODE: &str = "482913";

/// A fresh data directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        TempDir(std::env::temp_dir().join(format!("cjs-mail-test-{}", uuid::Uuid::new_v4())))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn settings(data_dir: &Path, transport: &str) -> Settings {
    Settings {
        data_dir: data_dir.to_path_buf(),
        mail: MailSettings {
            transport: transport.to_owned(),
            from: "ろうきん賃金控除事務支援サービス <no-reply@example.jp>".to_owned(),
            ..MailSettings::default()
        },
        ..Settings::default()
    }
}

fn code_mail(to: &str) -> OutgoingMail {
    OutgoingMail::new(
        to,
        templates::verification_code("山田 太郎", "yamada01", CODE, 10, "2024年5月8日 10:10"),
    )
}

fn eml_files(dir: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[tokio::test]
async fn the_file_transport_writes_one_readable_eml() {
    let tmp = TempDir::new();
    let mailer = Mailer::from_settings(&settings(&tmp.0, "file")).expect("mailer");
    let (subject, _) = templates::verification_code("山田 太郎", "yamada01", CODE, 10, "x");

    mailer
        .send(code_mail("yamada@example.jp"))
        .await
        .expect("sent");

    let files = eml_files(&tmp.0.join("outbox"));
    assert_eq!(files.len(), 1, "{files:?}");
    let raw = std::fs::read_to_string(&files[0]).expect("eml");
    let mail = ParsedMail::parse(&raw);
    assert_eq!(mail.subject(), subject);
    assert!(mail.body().contains(CODE), "{}", mail.body());
    assert!(mail.body().contains("山田 太郎 様"));
    // The outbox is for people: the code can be read without decoding anything.
    assert!(raw.contains(CODE));
    assert_eq!(mail.header("To").as_deref(), Some("yamada@example.jp"));
    assert!(
        mail.header("From")
            .is_some_and(|f| f.contains("<no-reply@example.jp>"))
    );
    assert!(
        mail.header("Content-Type")
            .is_some_and(|c| c.to_ascii_lowercase().contains("text/plain; charset=utf-8"))
    );
    assert!(
        mail.header("Message-ID")
            .is_some_and(|id| id.ends_with("@example.jp>"))
    );
    assert!(mail.header("Date").is_some());
    assert_eq!(mail.header("MIME-Version").as_deref(), Some("1.0"));
}

#[tokio::test]
async fn a_file_transport_may_name_its_directory() {
    let tmp = TempDir::new();
    let outbox = tmp.0.join("elsewhere");
    let transport = format!("file://{}", outbox.display());
    let mailer = Mailer::from_settings(&settings(&tmp.0, &transport)).expect("mailer");
    mailer
        .send(code_mail("yamada@example.jp"))
        .await
        .expect("sent");
    assert_eq!(eml_files(&outbox).len(), 1);
    assert!(!tmp.0.join("outbox").exists());
}

#[tokio::test]
async fn the_log_transport_writes_no_file() {
    let tmp = TempDir::new();
    let mailer = Mailer::from_settings(&settings(&tmp.0, "log")).expect("mailer");
    mailer
        .send(code_mail("yamada@example.jp"))
        .await
        .expect("logged");
    assert!(!tmp.0.join("outbox").exists());
    assert!(eml_files(&tmp.0).is_empty());
}

#[tokio::test]
async fn no_transport_logs_the_body() {
    let logs = CapturedLogs::default();
    let _guard = tracing::subscriber::set_default(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(logs.clone())
            .finish(),
    );
    let tmp = TempDir::new();
    for transport in ["log", "file"] {
        let mailer = Mailer::from_settings(&settings(&tmp.0, transport)).expect("mailer");
        mailer
            .send(code_mail("yamada@example.jp"))
            .await
            .expect("sent");
    }
    let logs = logs.text();
    assert!(logs.contains("yamada@example.jp"), "{logs}");
    assert!(logs.contains("body_len="), "{logs}");
    assert!(
        logs.contains("電子証明書発行の認証コードのお知らせ"),
        "{logs}"
    );
    assert!(!logs.contains(CODE), "{logs}");
    assert!(!logs.contains("山田"), "{logs}");
}

#[tokio::test]
async fn an_invalid_recipient_is_an_address_error() {
    let tmp = TempDir::new();
    for transport in ["file", "log", "smtp://127.0.0.1:9"] {
        let mailer = Mailer::from_settings(&settings(&tmp.0, transport)).expect("mailer");
        for to in ["", "yamada", "yamada@", "@example.jp", "a b@example.jp"] {
            match mailer.send(code_mail(to)).await {
                Err(MailError::Address(_)) => {}
                other => panic!("{transport} {to:?}: {other:?}"),
            }
        }
    }
    assert!(eml_files(&tmp.0.join("outbox")).is_empty());
}

#[tokio::test]
async fn a_silent_smtp_server_fails_the_send_after_the_send_timeout() {
    // Accepts, never greets: lettre's own timeout would wait far longer than this.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let server = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let tmp = TempDir::new();
    let mut s = settings(&tmp.0, &format!("smtp://127.0.0.1:{port}"));
    s.mail.send_timeout = Duration::from_secs(1);
    let mailer = Mailer::from_settings(&s).expect("mailer");
    let started = std::time::Instant::now();
    match mailer.send(code_mail("yamada@example.jp")).await {
        Err(MailError::Timeout(_)) => {}
        other => panic!("{other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    server.abort();
}

#[tokio::test]
async fn an_unreachable_smtp_server_is_a_send_error() {
    // Bind, then drop: nothing listens on the port afterwards.
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let tmp = TempDir::new();
    let mailer = Mailer::from_settings(&settings(&tmp.0, &format!("smtp://127.0.0.1:{port}")))
        .expect("mailer");
    match mailer.send(code_mail("yamada@example.jp")).await {
        Err(MailError::Send(_)) => {}
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_smtp_transport_delivers_to_the_server() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let server = tokio::spawn(fake_smtp_server(listener));

    let tmp = TempDir::new();
    let mailer = Mailer::from_settings(&settings(&tmp.0, &format!("smtp://127.0.0.1:{port}")))
        .expect("mailer");
    let (subject, _) = templates::verification_code("山田 太郎", "yamada01", CODE, 10, "x");
    mailer
        .send(code_mail("yamada@example.jp"))
        .await
        .expect("sent");

    let session = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the server saw the session end")
        .expect("server task");
    assert!(
        session
            .commands
            .iter()
            .any(|c| c.starts_with("MAIL FROM:<no-reply@example.jp>")),
        "{:?}",
        session.commands
    );
    assert!(
        session
            .commands
            .iter()
            .any(|c| c.starts_with("RCPT TO:<yamada@example.jp>")),
        "{:?}",
        session.commands
    );
    assert!(
        !session.commands.iter().any(|c| c.starts_with("STARTTLS")),
        "plain smtp:// must not try STARTTLS"
    );
    let mail = ParsedMail::parse(&session.data);
    assert_eq!(mail.subject(), subject);
    assert!(mail.body().contains(CODE), "{}", mail.body());
    assert!(mail.body().contains("お取引店"));
    // Over SMTP the body is 7-bit safe, whatever the server supports.
    assert!(session.data.is_ascii(), "{}", session.data);
}

/// Log output kept in memory.
#[derive(Clone, Default)]
struct CapturedLogs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl CapturedLogs {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().expect("logs").clone()).expect("utf-8 logs")
    }
}

impl std::io::Write for CapturedLogs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("logs").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for CapturedLogs {
    type Writer = CapturedLogs;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

// --- a fake SMTP server ---------------------------------------------------------------------

struct SmtpSession {
    commands: Vec<String>,
    data: String,
}

/// Speaks just enough SMTP for one session on one connection; returns what it was told.
async fn fake_smtp_server(listener: TcpListener) -> SmtpSession {
    let (stream, _) = listener.accept().await.expect("accept");
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut session = SmtpSession {
        commands: Vec::new(),
        data: String::new(),
    };
    write.write_all(b"220 fake ESMTP\r\n").await.expect("greet");
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line.split(' ').next().unwrap_or("").to_ascii_uppercase();
        session.commands.push(line.clone());
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250-fake\r\n250 8BITMIME\r\n",
            "DATA" => {
                write.write_all(b"354 go ahead\r\n").await.expect("354");
                while let Ok(Some(line)) = lines.next_line().await {
                    if line == "." {
                        break;
                    }
                    let line = line.strip_prefix('.').unwrap_or(&line);
                    session.data.push_str(line);
                    session.data.push_str("\r\n");
                }
                b"250 queued\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(b"221 bye\r\n").await;
                break;
            }
            _ => b"250 ok\r\n",
        };
        write.write_all(reply).await.expect("reply");
    }
    session
}

// --- just enough MIME to read what lettre wrote ---------------------------------------------

struct ParsedMail {
    headers: Vec<(String, String)>,
    body: String,
}

impl ParsedMail {
    fn parse(raw: &str) -> Self {
        let raw = raw.replace("\r\n", "\n");
        let (head, body) = raw.split_once("\n\n").expect("headers and body");
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.lines() {
            if line.starts_with([' ', '\t']) {
                // Folded: the line break goes, the whitespace stays.
                headers
                    .last_mut()
                    .expect("a header to continue")
                    .1
                    .push_str(line);
            } else {
                let (name, value) = line.split_once(':').expect("header");
                headers.push((name.to_owned(), value.trim_start().to_owned()));
            }
        }
        let mut mail = ParsedMail {
            headers,
            body: String::new(),
        };
        let cte = mail
            .header("Content-Transfer-Encoding")
            .unwrap_or_else(|| "7bit".into())
            .to_ascii_lowercase();
        let bytes = match cte.as_str() {
            "base64" => base64(&body.replace(['\n', ' '], "")),
            "quoted-printable" => quoted_printable(body),
            "7bit" | "8bit" => body.as_bytes().to_vec(),
            other => panic!("unexpected encoding {other}"),
        };
        mail.body = String::from_utf8(bytes).expect("utf-8 body");
        mail
    }

    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }

    fn body(&self) -> &str {
        &self.body
    }

    /// The Subject with its RFC 2047 encoded words decoded.
    fn subject(&self) -> String {
        decode_words(&self.header("Subject").expect("subject"))
    }
}

/// RFC 2047: `=?charset?B|Q?text?=`; whitespace between two encoded words is dropped.
fn decode_words(value: &str) -> String {
    let mut out = Vec::new();
    let mut rest = value;
    let mut last_was_word = false;
    while !rest.is_empty() {
        let word = rest.find("=?").and_then(|start| {
            let after = &rest[start + 2..];
            let mut parts = after.splitn(3, '?');
            let charset = parts.next()?;
            let enc = parts.next()?;
            let tail = parts.next()?;
            let end = tail.find("?=")?;
            let consumed = start + 2 + charset.len() + 1 + enc.len() + 1 + end + 2;
            Some((start, enc.to_ascii_lowercase(), &tail[..end], consumed))
        });
        match word {
            Some((start, enc, text, consumed)) => {
                let between = &rest[..start];
                if !(last_was_word && between.trim().is_empty()) {
                    out.extend_from_slice(between.as_bytes());
                }
                match enc.as_str() {
                    "b" => out.extend(base64(text)),
                    "q" => out.extend(quoted_printable(&text.replace('_', " "))),
                    other => panic!("unknown word encoding {other}"),
                }
                rest = &rest[consumed..];
                last_was_word = true;
            }
            None => {
                out.extend_from_slice(rest.as_bytes());
                break;
            }
        }
    }
    String::from_utf8(out).expect("utf-8 subject")
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET
            .iter()
            .position(|a| *a == c)
            .unwrap_or_else(|| panic!("not base64: {c}"));
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let text = text.replace("=\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex byte"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn the_test_decoders_read_known_encodings() {
    assert_eq!(base64("5pel5pys"), "日本".as_bytes());
    assert_eq!(quoted_printable("=E6=97=A5=\nx"), "日x".as_bytes());
    assert_eq!(
        decode_words("=?utf-8?b?5pel?= =?utf-8?b?5pys?= end"),
        "日本 end"
    );
}

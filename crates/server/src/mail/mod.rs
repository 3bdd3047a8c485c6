//! Outgoing mail: the verification code and the certificate expiry notices, sent through the
//! transport chosen in `mail.transport` (a directory of .eml files, the log, or SMTP).

pub mod templates;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, SinglePart};
use lettre::transport::smtp::AsyncSmtpTransportBuilder;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{MailTransport, Settings};

/// An SMTP server that does not answer within this time fails the send instead of holding the
/// request that triggered it.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// One plain-text mail to one recipient.
#[derive(Clone)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

impl OutgoingMail {
    /// Pairs a recipient with a `(subject, body)` from [`templates`].
    pub fn new(to: impl Into<String>, (subject, body): (String, String)) -> Self {
        OutgoingMail {
            to: to.into(),
            subject,
            body,
        }
    }
}

impl fmt::Debug for OutgoingMail {
    // The body may hold a verification code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutgoingMail")
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(String),
    #[error("mail could not be sent: {0}")]
    Send(String),
    #[error("mail not sent within {0:?}")]
    Timeout(Duration),
}

/// Sends mail; cheap to clone.
#[derive(Clone)]
pub struct Mailer {
    inner: Arc<Inner>,
    /// Counts sent and failed mail (the server's; none for the operator's commands).
    metrics: Option<Arc<crate::metrics::Metrics>>,
}

struct Inner {
    from: Mailbox,
    transport: Transport,
    /// The outer bound of one send (`mail.send_timeout`).
    send_timeout: Duration,
}

enum Transport {
    File {
        dir: PathBuf,
        transport: AsyncFileTransport<Tokio1Executor>,
    },
    Log,
    Smtp {
        builder: AsyncSmtpTransportBuilder,
        /// The URL without credentials, for logs.
        shown: String,
    },
}

impl Transport {
    fn kind(&self) -> &'static str {
        match self {
            Transport::File { .. } => "file",
            Transport::Log => "log",
            Transport::Smtp { .. } => "smtp",
        }
    }
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Mailer");
        d.field("from", &self.inner.from.to_string());
        match &self.inner.transport {
            Transport::File { dir, .. } => d.field("file", dir),
            Transport::Log => d.field("log", &true),
            Transport::Smtp { shown, .. } => d.field("smtp", shown),
        };
        d.finish()
    }
}

impl Mailer {
    /// Checks the sender and the transport now, so a bad configuration stops the start. Needs no
    /// async runtime: SMTP connections are opened per mail (see [`Mailer::send`]).
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Mailer> {
        let from: Mailbox =
            settings.mail.from.parse().with_context(|| {
                format!("mail.from {:?} is not a mail address", settings.mail.from)
            })?;
        let transport = match settings.mail_transport()? {
            MailTransport::File(dir) => {
                create_private_dir(&dir)
                    .with_context(|| format!("creating the mail outbox {}", dir.display()))?;
                Transport::File {
                    transport: AsyncFileTransport::new(&dir),
                    dir,
                }
            }
            MailTransport::Log => Transport::Log,
            MailTransport::Smtp(url) => {
                let shown = without_credentials(&url);
                let builder = smtp_builder(&url)
                    .with_context(|| format!("mail.transport {shown} is not usable"))?;
                Transport::Smtp { builder, shown }
            }
        };
        let mailer = Mailer {
            inner: Arc::new(Inner {
                from,
                transport,
                send_timeout: settings.mail.send_timeout,
            }),
            metrics: None,
        };
        tracing::info!(mailer = ?mailer, "mail transport ready");
        Ok(mailer)
    }

    /// Counts every send in `metrics` (`cjs_mail_total{result="sent"|"failed"}`).
    pub fn with_metrics(mut self, metrics: Arc<crate::metrics::Metrics>) -> Self {
        self.metrics = Some(metrics);
        self
    }

    /// Sends one mail. The body is never logged: it may hold a verification code.
    #[tracing::instrument(
        name = "mail.send",
        skip_all,
        fields(transport = self.inner.transport.kind(), to = %mail.to)
    )]
    pub async fn send(&self, mail: OutgoingMail) -> Result<(), MailError> {
        // lettre's SMTP timeout covers single reads and writes, not a server that accepts and
        // never greets (nor the whole dialogue): the send as a whole is bounded here.
        let limit = self.inner.send_timeout;
        let result = match tokio::time::timeout(limit, self.send_unbounded(mail)).await {
            Ok(result) => result,
            Err(_) => {
                tracing::warn!(timeout = ?limit, "mail not sent in time");
                Err(MailError::Timeout(limit))
            }
        };
        if let Some(metrics) = &self.metrics {
            metrics.mail(result.is_ok());
        }
        result
    }

    async fn send_unbounded(&self, mail: OutgoingMail) -> Result<(), MailError> {
        let to: Mailbox = mail
            .to
            .trim()
            .parse()
            .map_err(|e| MailError::Address(format!("{:?} ({e})", mail.to)))?;
        match &self.inner.transport {
            Transport::Log => {
                tracing::info!(
                    subject = %mail.subject,
                    body_len = mail.body.len(),
                    "mail not sent (log transport); body withheld"
                );
                Ok(())
            }
            Transport::File { dir, transport } => {
                // The outbox is only read by people, so the body stays readable UTF-8 there.
                let message = self.message(to, mail, Encoding::Readable)?;
                ensure_private_dir(dir)
                    .await
                    .map_err(|e| MailError::Send(format!("outbox {}: {e}", dir.display())))?;
                let id = transport
                    .send(message)
                    .await
                    .map_err(|e| MailError::Send(e.to_string()))?;
                tracing::info!(file = %dir.join(format!("{id}.eml")).display(), "mail written");
                Ok(())
            }
            Transport::Smtp { builder, .. } => {
                let message = self.message(to, mail, Encoding::SevenBitSafe)?;
                // A transport per mail: lettre's pool would tie connections to the runtime that
                // opened them, and each actix worker has its own. Mail is rare here.
                let transport: AsyncSmtpTransport<Tokio1Executor> = builder.clone().build();
                let sent = transport.send(message).await;
                transport.shutdown().await;
                let response = sent.map_err(|e| MailError::Send(e.to_string()))?;
                tracing::info!(smtp_reply = %response.code(), "mail sent");
                Ok(())
            }
        }
    }

    fn message(
        &self,
        to: Mailbox,
        mail: OutgoingMail,
        encoding: Encoding,
    ) -> Result<Message, MailError> {
        let body = match encoding {
            Encoding::Readable => eight_bit(&mail.body).unwrap_or_else(|| Body::new(mail.body)),
            Encoding::SevenBitSafe => Body::new(mail.body),
        };
        let message_id = format!(
            "<{}@{}>",
            uuid::Uuid::new_v4().simple(),
            self.inner.from.email.domain()
        );
        Message::builder()
            .from(self.inner.from.clone())
            .to(to)
            .subject(mail.subject)
            .message_id(Some(message_id))
            .date_now()
            // RFC 3834: tells auto-responders not to answer.
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".to_owned(),
            ))
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(body),
            )
            .map_err(|e| MailError::Send(format!("building the message: {e}")))
    }
}

/// The text as 8bit with CRLF line ends, when RFC 5322 allows it (no line over 998 bytes, no NUL
/// or stray CR). lettre itself picks 8bit only for lines under 76 bytes: 25 kanji.
fn eight_bit(text: &str) -> Option<Body> {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.len() > 998 || line.contains(['\0', '\r']) {
            return None;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    // `split` yields one empty piece after a final newline; do not double it.
    if text.ends_with('\n') {
        out.truncate(out.len() - 2);
    }
    Some(Body::dangerous_pre_encoded(
        out.into_bytes(),
        ContentTransferEncoding::EightBit,
    ))
}

#[derive(Clone, Copy)]
enum Encoding {
    /// 8bit UTF-8 as written, for files people open.
    Readable,
    /// quoted-printable or base64 as lettre prefers, for any SMTP server.
    SevenBitSafe,
}

/// `smtp://[user:pass@]host[:port][/ehlo-name][?tls=required|opportunistic]` (`starttls=` is
/// accepted too) or `smtps://…` for implicit TLS. Plain `smtp://` never tries STARTTLS, which
/// suits a local catcher such as maildev.
fn smtp_builder(url: &str) -> anyhow::Result<AsyncSmtpTransportBuilder> {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut tls = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("tls" | "starttls", v @ ("required" | "opportunistic"))) => tls = Some(v),
            _ => {
                anyhow::bail!("unknown SMTP option {pair:?}; use tls=required or tls=opportunistic")
            }
        }
    }
    let url = match tls {
        Some(tls) => format!("{base}?tls={tls}"),
        None => base.to_owned(),
    };
    let builder =
        AsyncSmtpTransport::<Tokio1Executor>::from_url(&url).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(builder.timeout(Some(SMTP_TIMEOUT)))
}

/// The URL with any `user:pass@` removed.
fn without_credentials(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((_, host)) => format!("{scheme}://***@{host}{tail}"),
        None => url.to_owned(),
    }
}

/// Creates the directory (and parents) owner-only when missing: the mail in it holds codes.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// As [`create_private_dir`], for when someone emptied `data/` while the server runs.
async fn ensure_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = tokio::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(0o700);
    builder.create(dir).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MailSettings;

    fn settings(transport: &str) -> Settings {
        Settings {
            data_dir: std::env::temp_dir().join(format!("cjs-mail-unit-{}", uuid::Uuid::new_v4())),
            mail: MailSettings {
                transport: transport.to_owned(),
                from: "ろうきん <no-reply@example.jp>".to_owned(),
                ..MailSettings::default()
            },
            ..Settings::default()
        }
    }

    #[test]
    fn credentials_are_removed_from_a_shown_url() {
        assert_eq!(
            without_credentials("smtp://user:p%40ss@mail.example.jp:587?tls=required"),
            "smtp://***@mail.example.jp:587?tls=required"
        );
        assert_eq!(
            without_credentials("smtps://mail.example.jp"),
            "smtps://mail.example.jp"
        );
    }

    #[test]
    fn the_debug_form_of_a_mailer_hides_the_smtp_password() {
        let mailer =
            Mailer::from_settings(&settings("smtp://user:secret@127.0.0.1:2525")).expect("mailer");
        let shown = format!("{mailer:?}");
        assert!(shown.contains("127.0.0.1:2525"), "{shown}");
        assert!(!shown.contains("secret"), "{shown}");
    }

    #[test]
    fn smtp_urls_with_tls_options_and_credentials_are_accepted() {
        for url in [
            "smtp://127.0.0.1:1025",
            "smtps://mail.example.jp:465",
            "smtp://user:pass@mail.example.jp:587?starttls=required",
            "smtp://user:pass@mail.example.jp:587?tls=opportunistic",
        ] {
            assert!(smtp_builder(url).is_ok(), "{url}");
        }
    }

    #[test]
    fn an_unknown_smtp_option_is_refused_rather_than_ignored() {
        assert!(smtp_builder("smtp://mail.example.jp:587?starttls=always").is_err());
        assert!(smtp_builder("smtp://mail.example.jp:587?tsl=required").is_err());
    }

    #[test]
    fn an_invalid_sender_stops_the_start() {
        let mut s = settings("log");
        s.mail.from = "no-reply".to_owned();
        assert!(Mailer::from_settings(&s).is_err());
    }

    #[test]
    fn the_outbox_is_created_owner_only() {
        let s = settings("file");
        Mailer::from_settings(&s).expect("mailer");
        let outbox = s.data_dir.join("outbox");
        let meta = std::fs::metadata(&outbox).expect("outbox");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(meta.permissions().mode() & 0o777, 0o700);
        }
        assert!(meta.is_dir());
        let _ = std::fs::remove_dir_all(&s.data_dir);
    }

    #[test]
    fn the_outbox_copy_keeps_japanese_lines_as_written() {
        let body = eight_bit("認証コード：482913\r\n２行目\n").expect("8bit");
        assert_eq!(body.encoding(), ContentTransferEncoding::EightBit);
        assert_eq!(
            String::from_utf8(body.into_vec()).expect("utf-8"),
            "認証コード：482913\r\n２行目\r\n"
        );
        assert!(eight_bit(&"あ".repeat(400)).is_none());
    }

    #[test]
    fn the_debug_form_of_a_mail_hides_the_body() {
        let mail = OutgoingMail::new(
            "a@example.jp",
            templates::verification_code(
                "山田 太郎",
                "yamada01",
                "482913",
                10,
                "2024年5月8日 10:10",
            ),
        );
        assert!(!format!("{mail:?}").contains("482913"));
    }
}

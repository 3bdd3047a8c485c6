//! Typed configuration: an optional TOML file, then `CJS__SECTION__KEY` environment overrides
//! (e.g. `CJS__DATABASE__URL`, `CJS__SERVER__BIND`, `CJS__DATA_DIR`, `CJS__POLICY__IDLE_TIMEOUT=60m`).
//! Durations are humantime ("60m", "2s"). Unknown keys are refused so a typo never goes unnoticed.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use cjs_domain::{DeductionConfig, Policy, ZaikeiConfig};
use cjs_store::DatabaseUrl;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Where the CA, keys, the SQLite file and the mail outbox live.
    pub data_dir: PathBuf,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub mail: MailSettings,
    pub log: LogSettings,
    pub policy: Policy,
    /// 労金控除事務: the 取引 list and how many cycles stay viewable (`[[deduction.products]]`).
    pub deduction: DeductionConfig,
    /// 財形貯蓄事務: how many cycles per document are kept (`[zaikei] keep_cycles = 3`); older ones
    /// are deleted by `cjs operator zaikei purge`.
    pub zaikei: ZaikeiConfig,
    /// Prometheus metrics on their own plain-HTTP listener (`[metrics] bind = "127.0.0.1:9464"`).
    pub metrics: MetricsSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data_dir: PathBuf::from("data"),
            server: ServerSettings::default(),
            database: DatabaseSettings::default(),
            mail: MailSettings::default(),
            log: LogSettings::default(),
            policy: Policy::default(),
            deduction: DeductionConfig::default(),
            zaikei: ZaikeiConfig::default(),
            metrics: MetricsSettings::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSettings {
    /// `host:port`; port 0 picks a free one.
    pub bind: String,
    /// Worker threads; default: one per core.
    pub workers: Option<usize>,
    /// The built SPA (`cargo xtask spa`); default `frontend/dist` when it exists.
    pub spa_dir: Option<PathBuf>,
    /// How long running requests may finish after SIGTERM.
    #[serde(with = "humantime_serde")]
    pub shutdown_timeout: Duration,
    pub tls: TlsSettings,
    pub client_cert: ClientCertSettings,
    /// How often background jobs (certificate expiry notices, the 財形 purge) run across all
    /// instances; 0s turns them off.
    #[serde(with = "humantime_serde")]
    pub job_interval: Duration,
    /// How often each instance looks whether a job is due (one statement per job).
    #[serde(with = "humantime_serde")]
    pub job_check: Duration,
    /// This instance's id in the jobs' leases and the log; default: host name, process id and
    /// a random suffix.
    pub instance_id: Option<String>,
    /// Encryption of issued .p12 files: `modern` (AES-256, PBKDF2) or `legacy3des` for old
    /// Windows that cannot import AES-protected files.
    pub p12_profile: cjs_pki::P12Profile,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            bind: "127.0.0.1:8443".into(),
            workers: None,
            spa_dir: None,
            shutdown_timeout: Duration::from_secs(30),
            tls: TlsSettings::default(),
            client_cert: ClientCertSettings::default(),
            p12_profile: cjs_pki::P12Profile::Modern,
            job_interval: Duration::from_secs(600),
            job_check: Duration::from_secs(60),
            instance_id: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsSettings {
    /// Off only behind a TLS-terminating proxy (`client_cert.mode = "proxy"`).
    pub enabled: bool,
    /// Extra names for the generated server certificate (localhost and loopback are always in).
    pub hostnames: Vec<String>,
}

impl Default for TlsSettings {
    fn default() -> Self {
        TlsSettings {
            enabled: true,
            hostnames: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientCertMode {
    /// The client certificate comes from this server's own TLS handshake.
    Tls,
    /// A TLS-terminating proxy forwards it (URL-encoded PEM) in `header`.
    Proxy,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClientCertSettings {
    pub mode: ClientCertMode,
    /// Header carrying the certificate in proxy mode (nginx: `$ssl_client_escaped_cert`).
    pub header: String,
    /// Only these peers (addresses or CIDR networks such as `10.244.0.0/16`) may set the header;
    /// from anyone else it is ignored.
    pub trusted_proxies: Vec<IpNetwork>,
}

impl Default for ClientCertSettings {
    fn default() -> Self {
        ClientCertSettings {
            mode: ClientCertMode::Tls,
            header: "x-ssl-client-cert".into(),
            trusted_proxies: Vec::new(),
        }
    }
}

/// An address or a CIDR network (`127.0.0.1`, `10.244.0.0/16`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNetwork {
    addr: IpAddr,
    prefix: u8,
}

impl IpNetwork {
    pub fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 peer may arrive as an IPv4-mapped IPv6 address.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::str::FromStr for IpNetwork {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = addr
            .parse()
            .map_err(|_| format!("{s}: not an IP address or network"))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{s}: prefix must be 0..={max}"))?,
            None => max,
        };
        Ok(IpNetwork { addr, prefix })
    }
}

impl<'de> Deserialize<'de> for IpNetwork {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The metrics listener: plain HTTP, `GET /metrics` only, never the public port. Off unless
/// `bind` is set, so a default start opens no second port; where it is set, keep it on a local or
/// cluster-internal address (`127.0.0.1:9464`, or the pod's port scraped by Prometheus) and,
/// where the address is reachable by others, name the scrapers in `allow`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsSettings {
    /// `host:port` of the metrics listener; none (the default): `/metrics` is not served at all.
    pub bind: Option<String>,
    /// Only these peers (addresses or CIDR networks) may scrape; empty: any peer that reaches
    /// `bind`.
    pub allow: Vec<IpNetwork>,
}

#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `postgres://…` or `sqlite://PATH`; default: `<data_dir>/cjs.sqlite3`.
    pub url: Option<String>,
    pub pool_size: u32,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        DatabaseSettings {
            url: None,
            pool_size: 10,
        }
    }
}

impl std::fmt::Debug for DatabaseSettings {
    // The URL may carry a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let url = self.url.as_deref().map(|u| {
            DatabaseUrl::parse(u)
                .map(|u| format!("{u:?}"))
                .unwrap_or_default()
        });
        f.debug_struct("DatabaseSettings")
            .field("url", &url)
            .field("pool_size", &self.pool_size)
            .finish()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailSettings {
    /// `file` (the data directory's `outbox/`), `file://DIR`, `log`, or `smtp://host:port`
    /// (`smtps://…` for implicit TLS).
    pub transport: String,
    pub from: String,
    /// The longest one mail may take, whatever the transport does (a server that accepts and
    /// never greets); the request that triggered it then fails with E9502.
    #[serde(with = "humantime_serde")]
    pub send_timeout: Duration,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            transport: "file".into(),
            from: "cjs <no-reply@cjs.localhost>".into(),
            send_timeout: Duration::from_secs(30),
        }
    }
}

/// Where outgoing mail goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailTransport {
    File(PathBuf),
    Log,
    Smtp(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSettings {
    pub format: LogFormat,
    /// An `EnvFilter` directive, e.g. `info,cjs_server=debug`; `RUST_LOG` wins when set.
    pub level: String,
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            format: LogFormat::Text,
            level: "info".into(),
        }
    }
}

impl Settings {
    /// Reads the file (if given, it must exist; otherwise `cjs.toml` in the working directory is
    /// used when present) and then the environment.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        Self::load_from(file, std::env::vars())
    }

    /// As `load`, with the environment passed in (tests).
    pub fn load_from(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> anyhow::Result<Self> {
        let mut builder = config::Config::builder();
        builder = match file {
            Some(path) => builder.add_source(config::File::from(path).required(true)),
            None => builder.add_source(config::File::with_name("cjs.toml").required(false)),
        };
        let env: config::Map<String, String> = env
            .into_iter()
            .filter(|(k, _)| k.starts_with("CJS__"))
            .collect();
        builder = builder.add_source(
            config::Environment::with_prefix("CJS")
                .prefix_separator("__")
                .separator("__")
                .try_parsing(true)
                .list_separator(",")
                .with_list_parse_key("server.client_cert.trusted_proxies")
                .with_list_parse_key("server.tls.hostnames")
                .with_list_parse_key("policy.mobile_email_domains")
                .with_list_parse_key("metrics.allow")
                .source(Some(env)),
        );
        let settings: Settings = builder
            .build()
            .context("reading configuration")?
            .try_deserialize()
            .context("configuration is invalid")?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> anyhow::Result<()> {
        self.database_url()?;
        self.deduction.validate().map_err(anyhow::Error::msg)?;
        self.zaikei.validate().map_err(anyhow::Error::msg)?;
        self.mail_transport()?;
        if !self.server.tls.enabled && self.server.client_cert.mode != ClientCertMode::Proxy {
            anyhow::bail!("server.tls.enabled = false needs server.client_cert.mode = \"proxy\"");
        }
        if self.server.client_cert.mode == ClientCertMode::Proxy
            && self.server.client_cert.trusted_proxies.is_empty()
        {
            anyhow::bail!("proxy mode needs server.client_cert.trusted_proxies");
        }
        if let Some(bind) = self.metrics_bind()
            && bind == self.server.bind.trim()
            && !bind.ends_with(":0")
        {
            anyhow::bail!(
                "metrics.bind must differ from server.bind: metrics are never on the public port"
            );
        }
        Ok(())
    }

    /// The metrics listener's address, when metrics are on (an empty value counts as off).
    pub fn metrics_bind(&self) -> Option<&str> {
        self.metrics
            .bind
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
    }

    pub fn database_url(&self) -> anyhow::Result<DatabaseUrl> {
        match self.database.url.as_deref() {
            Some(url) if !url.trim().is_empty() => DatabaseUrl::parse(url).context("database.url"),
            _ => Ok(DatabaseUrl::default_in(&self.data_dir)),
        }
    }

    pub fn mail_transport(&self) -> anyhow::Result<MailTransport> {
        let t = self.mail.transport.trim();
        Ok(match t {
            "file" => MailTransport::File(self.data_dir.join("outbox")),
            "log" => MailTransport::Log,
            _ if t.starts_with("file://") => MailTransport::File(PathBuf::from(&t[7..])),
            _ if t.starts_with("smtp://") || t.starts_with("smtps://") => {
                MailTransport::Smtp(t.to_owned())
            }
            _ => anyhow::bail!("mail.transport must be file, file://DIR, log or smtp://…"),
        })
    }

    pub fn pki_dir(&self) -> PathBuf {
        self.data_dir.join("pki")
    }

    /// The SPA folder, if there is one to serve.
    pub fn spa_dir(&self) -> Option<PathBuf> {
        match &self.server.spa_dir {
            Some(dir) => Some(dir.clone()),
            None => Some(PathBuf::from("frontend/dist")).filter(|d| d.join("index.html").is_file()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn without_file_or_environment_the_defaults_hold() {
        let s = Settings::load_from(None, env(&[])).expect("defaults");
        assert_eq!(s.server.bind, "127.0.0.1:8443");
        assert_eq!(s.policy, Policy::default());
        assert_eq!(
            s.database_url().expect("url"),
            DatabaseUrl::Sqlite(PathBuf::from("data/cjs.sqlite3"))
        );
        assert_eq!(
            s.mail_transport().expect("mail"),
            MailTransport::File(PathBuf::from("data/outbox"))
        );
    }

    #[test]
    fn environment_overrides_reach_every_section() {
        let s = Settings::load_from(
            None,
            env(&[
                ("CJS__DATA_DIR", "/var/lib/cjs"),
                ("CJS__SERVER__BIND", "0.0.0.0:443"),
                (
                    "CJS__DATABASE__URL",
                    "postgres://postgres@127.0.0.1:5432/cjs",
                ),
                ("CJS__MAIL__TRANSPORT", "log"),
                ("CJS__POLICY__LOCK_THRESHOLD", "5"),
                ("CJS__POLICY__IDLE_TIMEOUT", "2s"),
                ("CJS__POLICY__SERVICE_HOURS", "false"),
                ("CJS__LOG__FORMAT", "json"),
                ("CJS_TEST_BACKEND", "postgres"),
            ]),
        )
        .expect("settings");
        assert_eq!(s.data_dir, PathBuf::from("/var/lib/cjs"));
        assert_eq!(s.server.bind, "0.0.0.0:443");
        assert_eq!(
            s.database_url().expect("url").backend(),
            cjs_store::Backend::Postgresql
        );
        assert_eq!(s.mail_transport().expect("mail"), MailTransport::Log);
        assert_eq!(s.policy.lock_threshold, 5);
        assert_eq!(s.policy.idle_timeout, Duration::from_secs(2));
        assert!(!s.policy.service_hours);
        assert_eq!(s.log.format, LogFormat::Json);
    }

    #[test]
    fn a_file_is_read_and_the_environment_wins_over_it() {
        let path = std::env::temp_dir().join(format!("cjs-config-{}.toml", std::process::id()));
        std::fs::write(
            &path,
            "data_dir = \"/srv/cjs\"\n[policy]\nlock_duration = \"30m\"\nlock_threshold = 4\n",
        )
        .expect("write");
        let s = Settings::load_from(Some(&path), env(&[("CJS__POLICY__LOCK_THRESHOLD", "7")]))
            .expect("settings");
        let _ = std::fs::remove_file(&path);
        assert_eq!(s.data_dir, PathBuf::from("/srv/cjs"));
        assert_eq!(s.policy.lock_duration, Duration::from_secs(1800));
        assert_eq!(s.policy.lock_threshold, 7);
    }

    #[test]
    fn proxy_mode_lists_trusted_addresses() {
        let s = Settings::load_from(
            None,
            env(&[
                ("CJS__SERVER__CLIENT_CERT__MODE", "proxy"),
                (
                    "CJS__SERVER__CLIENT_CERT__TRUSTED_PROXIES",
                    "10.0.0.5,127.0.0.1",
                ),
                ("CJS__SERVER__TLS__ENABLED", "false"),
            ]),
        )
        .expect("settings");
        assert_eq!(s.server.client_cert.mode, ClientCertMode::Proxy);
        assert_eq!(s.server.client_cert.trusted_proxies.len(), 2);
    }

    #[test]
    fn trusted_proxies_may_be_networks() {
        let net: IpNetwork = "10.244.0.0/16".parse().expect("cidr");
        assert!(net.contains("10.244.3.7".parse().expect("ip")));
        assert!(!net.contains("10.245.0.1".parse().expect("ip")));
        assert!(net.contains("::ffff:10.244.0.9".parse().expect("mapped")));
        let one: IpNetwork = "127.0.0.1".parse().expect("ip");
        assert!(one.contains("127.0.0.1".parse().expect("ip")));
        assert!(!one.contains("127.0.0.2".parse().expect("ip")));
        let v6: IpNetwork = "fd00::/8".parse().expect("v6");
        assert!(v6.contains("fd12::1".parse().expect("ip")));
        assert!("10.0.0.0/33".parse::<IpNetwork>().is_err());
        assert!("example.com".parse::<IpNetwork>().is_err());
    }

    #[test]
    fn a_misspelt_key_or_a_bad_value_is_an_error() {
        assert!(Settings::load_from(None, env(&[("CJS__POLICY__LOCK_TRESHOLD", "5")])).is_err());
        assert!(Settings::load_from(None, env(&[("CJS__POLICY__IDLE_TIMEOUT", "soon")])).is_err());
        assert!(Settings::load_from(None, env(&[("CJS__MAIL__TRANSPORT", "pigeon")])).is_err());
        assert!(Settings::load_from(None, env(&[("CJS__SERVER__TLS__ENABLED", "false")])).is_err());
    }

    #[test]
    fn metrics_are_off_unless_bound_and_never_on_the_public_address() {
        let s = Settings::load_from(None, env(&[])).expect("defaults");
        assert_eq!(s.metrics_bind(), None);
        assert!(s.metrics.allow.is_empty());
        let s = Settings::load_from(None, env(&[("CJS__METRICS__BIND", " ")])).expect("blank");
        assert_eq!(s.metrics_bind(), None, "a blank address is off");
        let s = Settings::load_from(
            None,
            env(&[
                ("CJS__METRICS__BIND", "127.0.0.1:9464"),
                ("CJS__METRICS__ALLOW", "127.0.0.1,10.244.0.0/16"),
            ]),
        )
        .expect("metrics");
        assert_eq!(s.metrics_bind(), Some("127.0.0.1:9464"));
        assert_eq!(s.metrics.allow.len(), 2);
        assert!(s.metrics.allow[1].contains("10.244.1.2".parse().expect("ip")));
        let same = Settings::load_from(
            None,
            env(&[
                ("CJS__SERVER__BIND", "0.0.0.0:8443"),
                ("CJS__METRICS__BIND", "0.0.0.0:8443"),
            ]),
        );
        assert!(same.is_err(), "the public address is refused");
        assert!(Settings::load_from(None, env(&[("CJS__METRICS__ALLOW", "nowhere")])).is_err());
    }

    #[test]
    fn the_deploy_samples_load() {
        let deploy = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy");
        let example =
            Settings::load_from(Some(&deploy.join("cjs.example.toml")), env(&[])).expect("example");
        assert_eq!(example.metrics_bind(), None, "metrics are off by default");
        let production = Settings::load_from(Some(&deploy.join("cjs.production.toml")), env(&[]))
            .expect("production");
        assert_eq!(production.metrics_bind(), Some("127.0.0.1:9464"));
    }
}

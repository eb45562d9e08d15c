//! Settings, from command-line flags or environment variables, with defaults that need no
//! set-up: SQLite under `./data`, mail written to files under `./data/mail`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SmtpTls {
    /// Plain connection (only for a local relay).
    None,
    /// Upgrade with STARTTLS (usually port 587).
    Starttls,
    /// TLS from the start (usually port 465).
    Tls,
}

/// Settings shared by every command that touches the database or sends mail.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Database: a SQLite file path, or a `postgres://` URL. Default: `<data-dir>/hverdag.db`.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Directory for the SQLite database and mail files.
    #[arg(long, env = "HVERDAG_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Public address people use to reach this service (links in emails; `https://` turns on
    /// Secure cookies). Default: `http://` plus the bind address.
    #[arg(long, env = "HVERDAG_BASE_URL")]
    pub base_url: Option<String>,

    /// Behind a load balancer or reverse proxy that sets `X-Forwarded-For`: use that address
    /// for sign-in throttling. Only with a proxy that overwrites the header.
    #[arg(long, env = "HVERDAG_TRUST_PROXY")]
    pub trust_proxy: bool,

    /// Run no scheduled work on this node (reminders, nudges, digests, the adoption rollup,
    /// sealing survey answers, clean-up): for tests that run it themselves, or nodes that
    /// leave it to the others.
    #[arg(long, env = "HVERDAG_NO_SCHEDULER")]
    pub no_scheduler: bool,

    /// Maximum database connections per process; by default 8 on SQLite (one writer at a
    /// time anyway) and 16 on PostgreSQL (more transactions in flight share each flush of
    /// its log: check-ins went from 849/s to about 1,100/s).
    #[arg(long, env = "HVERDAG_DB_POOL")]
    pub db_pool: Option<u32>,

    /// SMTP server for outgoing mail. Without it, mail is written as .eml files to
    /// `<data-dir>/mail/`.
    #[arg(long, env = "HVERDAG_SMTP_HOST")]
    pub smtp_host: Option<String>,

    #[arg(long, env = "HVERDAG_SMTP_PORT", default_value_t = 587)]
    pub smtp_port: u16,

    #[arg(long, env = "HVERDAG_SMTP_TLS", value_enum, default_value_t = SmtpTls::Starttls)]
    pub smtp_tls: SmtpTls,

    #[arg(long, env = "HVERDAG_SMTP_USERNAME")]
    pub smtp_username: Option<String>,

    #[arg(long, env = "HVERDAG_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,

    /// Seconds a node may take to send one message before another node may take it over
    /// (after a crash, unsent mail waits this long). SMTP exchanges time out at half of it.
    #[arg(long, env = "HVERDAG_MAIL_LEASE_SECONDS", default_value_t = 60)]
    pub mail_lease_seconds: u32,

    /// Seconds between the server's pings to workshop connections; a connection silent for
    /// three times this long is dropped (and shown as away). At most 10.
    #[arg(long, env = "HVERDAG_WS_HEARTBEAT_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=10))]
    pub ws_heartbeat_seconds: u32,

    /// Most participants one workshop room takes (the facilitator and projector views
    /// aside).
    #[arg(long, env = "HVERDAG_ROOM_CAPACITY", default_value_t = 2000, value_parser = clap::value_parser!(u32).range(2..=100_000))]
    pub room_capacity: u32,

    /// The weekday (1 = Monday … 7 = Sunday) from which key-result owners who have not
    /// checked in that week get a nudge by email.
    #[arg(long, env = "HVERDAG_NUDGE_WEEKDAY", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=7))]
    pub nudge_weekday: u32,

    /// The key that seals secrets the database keeps (Teams and Slack webhook URLs): 32
    /// bytes, base64url. Default: [`Config::secret_key_file`], made on first start. Give
    /// every node the same key.
    #[arg(long, env = "HVERDAG_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,

    /// Accept `http://127.0.0.1` and `http://localhost` webhook URLs for Teams and Slack
    /// channels (tests, and trying it out against a local sink). Never in production: a
    /// leader could make the server post to its own machine.
    #[arg(long, env = "HVERDAG_ALLOW_LOOPBACK_WEBHOOKS")]
    pub allow_loopback_webhooks: bool,

    /// Seconds a Teams or Slack webhook has to answer a post before it is tried again later.
    #[arg(long, env = "HVERDAG_WEBHOOK_TIMEOUT_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=60))]
    pub webhook_timeout_seconds: u32,

    /// Sender of outgoing mail.
    #[arg(
        long,
        env = "HVERDAG_MAIL_FROM",
        default_value = "Hverdag <no-reply@hverdag.localhost>"
    )]
    pub mail_from: String,
}

impl Config {
    /// A configuration with every default, rooted at `data_dir` (for tests and tools).
    pub fn for_data_dir(data_dir: impl Into<PathBuf>) -> Config {
        Config {
            database_url: None,
            data_dir: data_dir.into(),
            base_url: None,
            trust_proxy: false,
            no_scheduler: false,
            db_pool: None,
            smtp_host: None,
            smtp_port: 587,
            smtp_tls: SmtpTls::Starttls,
            smtp_username: None,
            smtp_password: None,
            mail_lease_seconds: 60,
            ws_heartbeat_seconds: 10,
            room_capacity: 2000,
            nudge_weekday: 4,
            secret_key: None,
            allow_loopback_webhooks: false,
            webhook_timeout_seconds: 10,
            mail_from: "Hverdag <no-reply@hverdag.localhost>".into(),
        }
    }

    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            self.data_dir
                .join("hverdag.db")
                .to_string_lossy()
                .into_owned()
        })
    }

    /// Where the secret key is kept when none is given: `<data-dir>/secret.key`.
    pub fn secret_key_file(&self) -> PathBuf {
        self.data_dir.join("secret.key")
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }

    /// The public base URL without a trailing slash, given the address actually bound.
    pub fn base_url_for(&self, bound: &str) -> String {
        self.base_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"))
            .trim_end_matches('/')
            .to_owned()
    }
}

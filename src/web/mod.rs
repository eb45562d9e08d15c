//! The web layer: actix-web application, shared state and server start-up. Handlers parse
//! input, call `domain`, and render; the URL map lives in [`routes`].

pub mod adoption_charts;
pub mod auth;
pub mod charts;
pub mod context;
pub mod error_pages;
pub mod errors;
pub mod forms;
pub mod handlers;
pub mod i18n;
pub mod logging;
pub mod misses;
pub mod openapi;
pub mod recompute;
pub mod render;
pub mod routes;

use std::net::TcpListener;
use std::time::Duration;

use actix_web::middleware::{Compress, DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use tracing_actix_web::TracingLogger;

use crate::config::Config;
use crate::db::Db;
use crate::jobs::mail::{self as mail_worker, MailWorker};
use crate::mail::Mailer;

/// What every handler shares.
pub struct AppState {
    pub db: Db,
    pub tera: std::sync::Arc<tera::Tera>,
    /// Wakes the mail worker after mail was queued.
    pub mail: MailWorker,
    /// Live workshop rooms on this node.
    pub hub: std::sync::Arc<crate::live::hub::Hub>,
    /// Public base URL without a trailing slash (for links in emails).
    pub base_url: String,
    pub secure_cookies: bool,
    /// The key CSRF tokens are signed with (shared by every node through the database).
    pub csrf_key: crate::domain::csrf::CsrfKey,
    /// Take client addresses from `X-Forwarded-For` (behind a trusted load balancer).
    pub trust_proxy: bool,
    /// How often workshop connections are pinged.
    pub heartbeat: Duration,
    /// Most participants per workshop room.
    pub room_capacity: u32,
    /// Join codes that named no room, per client address (30 a minute are allowed).
    pub join_misses: misses::Misses,
    /// The weekday (1 = Monday) check-in nudges start.
    pub nudge_weekday: u32,
    /// What posts to Teams and Slack channels (and seals their URLs).
    pub webhooks: crate::app::channels::Webhooks,
    /// What talks to organisations' single sign-on providers.
    pub sso: crate::app::sso::SsoClient,
    /// Writes through each personal check-in link, per ten minutes.
    pub link_writes: misses::Misses,
    /// Single sign-on starts per client address, per minute.
    pub sso_starts: misses::Misses,
}

impl AppState {
    /// What a use case needs to compose mail: the templates and the base URL for links.
    pub fn mail_composer(&self) -> crate::app::Mail {
        crate::app::Mail {
            tera: self.tera.clone(),
            base_url: self.base_url.clone(),
        }
    }
}

/// Content-Security-Policy: no inline scripts or styles, no framing.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                   connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; \
                   object-src 'none'";

/// Strict-Transport-Security when the public base URL is https. No `includeSubDomains`: other
/// hosts under the same domain are not Hverdag's to decide for.
const HSTS: &str = "max-age=31536000";

/// How often the mail worker looks for due mail without being woken (retries, other nodes).
const MAIL_POLL: Duration = Duration::from_secs(5);

/// How often scheduled work (survey reminders, clean-up) runs.
const SCHEDULER_EVERY: Duration = Duration::from_secs(600);

/// The kernel's send buffer per connection (Linux doubles it for its own book-keeping): what
/// a page or a room's frames need in flight, and what a client that stops reading may hold
/// up before it is cut off.
const SEND_BUFFER: usize = 64 * 1024;

/// A bound, ready-to-run server.
pub struct Application {
    port: u16,
    server: actix_web::dev::Server,
    state: web::Data<AppState>,
    /// `None` with `--no-scheduler`.
    _scheduler: Option<crate::jobs::scheduler::Scheduler>,
}

impl Application {
    /// Opens (and migrates) the database, binds `bind` (port 0 picks a free port) and builds
    /// the server without starting it.
    pub async fn build(config: &Config, bind: &str) -> anyhow::Result<Application> {
        let url = config.database_url();
        let pool_size = config
            .db_pool
            .unwrap_or_else(|| crate::db::Backend::of_url(&url).default_pool_size());
        let db = actix_web::rt::task::spawn_blocking(move || Db::open(&url, pool_size)).await??;
        let listener = TcpListener::bind(bind)?;
        let addr = listener.local_addr()?;
        let base_url = config.base_url_for(&addr.to_string());
        let lease = Duration::from_secs(config.mail_lease_seconds.into());
        let mail = mail_worker::spawn(db.clone(), Mailer::from_config(config)?, MAIL_POLL, lease)?;
        let webhooks = crate::app::channels::Webhooks::new(
            crate::domain::sealed::SealKey::load(
                config.secret_key.as_deref(),
                &config.secret_key_file(),
            )
            .map_err(|e| anyhow::anyhow!("the secret key: {e}"))?,
            config.allow_loopback_webhooks,
            Duration::from_secs(config.webhook_timeout_seconds.into()),
        )?;
        let csrf_key = db
            .run(crate::domain::csrf::load_or_create_key)
            .await
            .map_err(|e| anyhow::anyhow!("the CSRF key: {e}"))?;
        let hub = std::sync::Arc::new(crate::live::hub::Hub::default());
        if db.backend() == crate::db::Backend::Postgres {
            crate::live::notify::spawn_listener(config.database_url(), db.clone(), hub.clone())?;
        }
        let heartbeat = Duration::from_secs(config.ws_heartbeat_seconds.into());
        handlers::live::spawn_seen_writer(db.clone(), std::sync::Arc::downgrade(&hub), heartbeat);
        crate::live::notify::spawn_healer(db.clone(), std::sync::Arc::downgrade(&hub), heartbeat);
        let tera = std::sync::Arc::new(render::build_tera()?);
        let channels = crate::jobs::channels::spawn(
            crate::jobs::channels::Context {
                db: db.clone(),
                hooks: webhooks.clone(),
                tera: tera.clone(),
                base_url: base_url.clone(),
                mail: mail.clone(),
                lease,
            },
            MAIL_POLL,
        )?;
        let mail = mail.with_channels(channels);
        let state = web::Data::new(AppState {
            db,
            tera,
            mail,
            webhooks,
            hub: hub.clone(),
            secure_cookies: base_url.starts_with("https://"),
            csrf_key,
            trust_proxy: config.trust_proxy,
            heartbeat,
            room_capacity: config.room_capacity,
            join_misses: misses::Misses::new(30, Duration::from_secs(60)),
            nudge_weekday: config.nudge_weekday,
            sso: crate::app::sso::SsoClient::new(&base_url)?,
            link_writes: misses::Misses::new(
                handlers::check_in_links::WRITES_PER_WINDOW,
                Duration::from_secs(600),
            ),
            sso_starts: misses::Misses::new(
                handlers::sso::STARTS_PER_MINUTE,
                Duration::from_secs(60),
            ),
            base_url,
        });
        let scheduler = if config.no_scheduler {
            None
        } else {
            Some(crate::jobs::scheduler::spawn(
                crate::jobs::scheduler::Context {
                    db: state.db.clone(),
                    tera: state.tera.clone(),
                    base_url: state.base_url.clone(),
                    mail: state.mail.clone(),
                    nudge_weekday: config.nudge_weekday,
                },
                SCHEDULER_EVERY,
            ))
        };
        let app_state = state.clone();
        let https = state.secure_cookies;
        let server = HttpServer::new(move || {
            let mut headers = DefaultHeaders::new()
                .add(("Content-Security-Policy", CSP))
                .add(("X-Content-Type-Options", "nosniff"))
                .add(("X-Frame-Options", "DENY"))
                .add(("Referrer-Policy", "no-referrer"));
            if https {
                // Served over https (behind the TLS proxy): browsers keep to https for a year.
                headers = headers.add(("Strict-Transport-Security", HSTS));
            }
            App::new()
                .app_data(app_state.clone())
                .app_data(web::PayloadConfig::new(forms::FORM_LIMIT))
                .app_data(handlers::api::json_config())
                .app_data(handlers::query_config())
                .app_data(handlers::path_config())
                .wrap(from_fn(error_pages::render_errors))
                .wrap(from_fn(context::establish))
                .wrap(headers)
                .wrap(Compress::default())
                .wrap(TracingLogger::<logging::RedactedSpans>::new())
                .configure(routes::configure)
        })
        // Workshop rooms send many small frames; waiting to batch them (Nagle) adds a
        // delayed-ACK round (~20-40 ms) to each.
        .tcp_nodelay(true)
        .on_connect(|connection, _| {
            if let Some(tcp) = connection.downcast_ref::<actix_web::rt::net::TcpStream>() {
                // Without a cap the kernel lets a client that stops reading park up to
                // `tcp_wmem` (4 MiB) each before the room's send timeout notices it.
                let _ = socket2::SockRef::from(tcp).set_send_buffer_size(SEND_BUFFER);
            }
        })
        .listen(listener)?
        .run();
        Ok(Application {
            port: addr.port(),
            server,
            state,
            _scheduler: scheduler,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn base_url(&self) -> &str {
        &self.state.base_url
    }

    /// A handle that stops the server gracefully (`handle.stop(true).await`).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped; background work ends with it.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

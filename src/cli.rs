//! The command line: `serve`, `migrate`, `demo`, `org create`, `user create` and
//! `adoption rebuild`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::db::{self, Db, write_tx};
use crate::domain::org::{self, NewOrg};
use crate::domain::people::{self, PersonInput, Role};
use crate::domain::{Locale, auth, demo};

#[derive(Debug, Parser)]
#[command(name = "hverdag", version, about = "Make OKRs part of everyday work")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (migrates the database first).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "HVERDAG_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Load the demo organisation (if missing) and print its logins.
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        config: Config,
    },
    /// Apply pending database migrations and exit.
    Migrate {
        #[command(flatten)]
        config: Config,
    },
    /// Load the demo organisation (if missing) and print its logins.
    Demo {
        #[command(flatten)]
        config: Config,
    },
    /// Manage organisations.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Manage people.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The adoption-health rollup.
    Adoption {
        #[command(subcommand)]
        command: AdoptionCommand,
    },
    /// Measure the adoption signal: simulate organisations whose teams follow known habits,
    /// replay them week by week through the real rollup, and print how often the stages and
    /// alerts were right (docs/signal.md).
    Simulate {
        #[arg(long, default_value_t = 500)]
        teams: usize,
        #[arg(long, default_value_t = 52)]
        weeks: u32,
        /// Seeds; one report each. Repeat for several: `--seed 7 --seed 8 --seed 9`.
        #[arg(long = "seed", default_value = "7")]
        seeds: Vec<u64>,
        /// Where to enter the simulated organisations: a fresh temporary SQLite file by
        /// default, or a (scratch) PostgreSQL database.
        #[arg(long)]
        database_url: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdoptionCommand {
    /// Recompute every team's weekly metrics, stages and alerts from the stored meetings and
    /// check-ins (the server keeps them current on its own; this is for repairs and upgrades).
    Rebuild {
        /// Only this organisation (its slug); all of them by default.
        #[arg(long)]
        org: Option<String>,
        #[command(flatten)]
        config: Config,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create an organisation.
    Create {
        /// Short name used internally, e.g. `acme` (lower-case letters, digits, dashes).
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "en")]
        locale: String,
        #[arg(long, default_value = "Europe/Oslo")]
        time_zone: String,
        #[command(flatten)]
        config: Config,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a person, e.g. an organisation's first leader.
    Create {
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: Option<String>,
        /// Role(s): leader, facilitator, ambassador, member. Repeat for several.
        #[arg(long = "role", default_value = "member")]
        roles: Vec<String>,
        /// The person's language (en or nb); without it, the organisation's.
        #[arg(long)]
        locale: Option<String>,
        /// Password (at least 10 characters). Without one, the person logs in by email link.
        #[arg(long, env = "HVERDAG_USER_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        #[command(flatten)]
        config: Config,
    },
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .try_init();
}

/// Runs a parsed command line; the process exit code says whether it worked.
pub fn main(cli: Cli) -> ExitCode {
    init_tracing();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { bind, demo, config } => {
            if demo {
                load_demo(&config)?;
            }
            actix_web::rt::System::new().block_on(serve(config, bind))
        }
        Command::Migrate { config } => {
            let n = db::migrate(&config.database_url())?;
            println!("Applied {n} migration(s).");
            Ok(())
        }
        Command::Demo { config } => load_demo(&config),
        Command::Adoption {
            command: AdoptionCommand::Rebuild { org, config },
        } => rebuild_adoption(&config, org.as_deref()),
        Command::Simulate {
            teams,
            weeks,
            seeds,
            database_url,
        } => crate::simulate_cli::run(teams, weeks, &seeds, database_url),
        Command::Org {
            command:
                OrgCommand::Create {
                    slug,
                    name,
                    locale,
                    time_zone,
                    config,
                },
        } => {
            let db = Db::open(&config.database_url(), 1)?;
            let mut conn = db.conn()?;
            let new = NewOrg {
                name,
                slug,
                locale: Locale::parse(&locale).unwrap_or_default(),
                time_zone,
            };
            let org = write_tx(&mut conn, |c| org::create(c, &new)).map_err(describe)?;
            println!("Created organisation {} ({}).", org.name, org.slug);
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Create {
                    org,
                    email,
                    name,
                    roles,
                    locale,
                    password,
                    config,
                },
        } => {
            let roles = roles
                .iter()
                .map(|r| Role::from_name(r).ok_or_else(|| anyhow::anyhow!("unknown role {r:?}")))
                .collect::<anyhow::Result<Vec<Role>>>()?;
            let hash = match &password {
                Some(p) => {
                    people::validate_password(p).map_err(describe)?;
                    Some(auth::hash_password(p).map_err(describe)?)
                }
                None => None,
            };
            let db = Db::open(&config.database_url(), 1)?;
            let mut conn = db.conn()?;
            let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or("").to_owned());
            let person = write_tx(&mut conn, |c| {
                let org = org::find_by_slug(c, &org)?.ok_or(crate::domain::Error::NotFound)?;
                let input = PersonInput {
                    name,
                    email,
                    locale: match &locale {
                        Some(l) => Locale::parse(l).unwrap_or_default(),
                        None => org.locale(),
                    },
                    roles,
                };
                let known = people::accounts::exists(c, &input.normalised().email)?;
                Ok((people::create(c, org.id, &input, hash.as_deref())?, known))
            })
            .map_err(describe)?;
            let (person, known) = person;
            if known && hash.is_some() {
                println!(
                    "{} already had an account (in another organisation): its password is unchanged.",
                    person.row.email
                );
            }
            println!(
                "Created {} <{}> with role(s) {}.",
                person.row.name,
                person.row.email,
                person
                    .roles
                    .iter()
                    .map(|r| r.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            Ok(())
        }
    }
}

/// A domain error as a sentence for the terminal.
fn describe(e: crate::domain::Error) -> anyhow::Error {
    match e {
        crate::domain::Error::Invalid(errors) => anyhow::anyhow!(
            "{}",
            errors
                .0
                .iter()
                .map(|f| format!("{}: {}", f.field, crate::web::i18n::t(Locale::En, f.key)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        crate::domain::Error::NotFound => anyhow::anyhow!("no such organisation"),
        other => anyhow::anyhow!(other),
    }
}

fn load_demo(config: &Config) -> anyhow::Result<()> {
    let db = Db::open(&config.database_url(), 1)?;
    let mut conn = db.conn()?;
    let outcome = write_tx(&mut conn, demo::load).map_err(describe)?;
    if outcome.created {
        println!("Loaded the demo organisation {}.", outcome.org.name);
    } else {
        println!(
            "The demo organisation {} is already loaded.",
            outcome.org.name
        );
    }
    println!("Demo logins (password: {}):", demo::DEMO_PASSWORD);
    for (email, what) in demo::DEMO_LOGINS {
        println!("  {email:<32} {what}");
    }
    Ok(())
}

async fn serve(config: Config, bind: String) -> anyhow::Result<()> {
    let app = crate::Application::build(&config, &bind).await?;
    println!("Hverdag is running at {}", app.base_url());
    app.run_until_stopped().await?;
    Ok(())
}

fn rebuild_adoption(config: &Config, slug: Option<&str>) -> anyhow::Result<()> {
    db::migrate(&config.database_url())?;
    let db = Db::open(&config.database_url(), 1)?;
    let mut conn = db.conn()?;
    let orgs = org::all(&mut conn).map_err(describe)?;
    let chosen: Vec<_> = orgs
        .into_iter()
        .filter(|o| slug.is_none_or(|s| s == o.slug))
        .collect();
    if chosen.is_empty() {
        anyhow::bail!("no organisation {:?}", slug.unwrap_or_default());
    }
    for o in chosen {
        let started = std::time::Instant::now();
        let today = crate::domain::periods::local_date(&o.time_zone, chrono::Utc::now());
        let done = write_tx(&mut conn, |c| {
            crate::domain::adoption::rebuild(c, &o, today)
        })
        .map_err(describe)?;
        println!(
            "{}: {} teams, {} weeks, {} alerts in {:.1} s.",
            o.slug,
            done.teams,
            done.weeks,
            done.alerts,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

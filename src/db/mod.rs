//! Storage: one diesel `MultiConnection` over SQLite (the embedded default) and PostgreSQL,
//! an r2d2 pool whose manager picks the backend from the URL scheme, embedded migrations,
//! and the [`Db`] handle that runs blocking queries off the async executor.

pub mod schema;

use std::path::Path;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::r2d2::R2D2Connection;
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

diesel::define_sql_function!(
    /// SQL `LOWER`. On SQLite it is replaced, per connection, by Rust's Unicode-aware
    /// `to_lowercase` (SQLite's own only folds ASCII, so `Ø` would stay `Ø`).
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text
);

diesel::define_sql_function!(
    /// SQL `COALESCE` of a nullable number and a number.
    fn coalesce(
        x: diesel::sql_types::Nullable<diesel::sql_types::Double>,
        y: diesel::sql_types::Double
    ) -> diesel::sql_types::Double
);

/// A connection to whichever backend the deployment uses.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

/// Which backend a database URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// How many connections a process pools by default: SQLite takes one writer at a time
    /// anyway; on PostgreSQL more transactions in flight share each flush of its log.
    pub fn default_pool_size(self) -> u32 {
        match self {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        }
    }

    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// Errors from the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("could not get a database connection: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("could not connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("could not prepare the database directory: {0}")]
    Io(#[from] std::io::Error),
    #[error("database task failed: {0}")]
    Task(String),
}

/// Opens one connection, with the per-connection settings each backend needs.
pub fn establish(url: &str) -> Result<DbConn, DbError> {
    match Backend::of_url(url) {
        Backend::Postgres => Ok(DbConn::Pg(PgConnection::establish(url)?)),
        Backend::Sqlite => {
            let path = url.strip_prefix("sqlite://").unwrap_or(url);
            let mut conn = SqliteConnection::establish(path)?;
            conn.batch_execute(
                "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;",
            )?;
            lower_utils::register_impl(&mut conn, |s: String| s.to_lowercase())?;
            Ok(DbConn::Sqlite(conn))
        }
    }
}

/// Creates the SQLite file's directory, switches the file to WAL (once per file) and runs
/// all pending migrations for the URL's backend.
pub fn migrate(url: &str) -> Result<usize, DbError> {
    if Backend::of_url(url) == Backend::Sqlite {
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        if let Some(dir) = Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)?;
        }
    }
    let mut conn = establish(url)?;
    let migrations = match &mut conn {
        DbConn::Sqlite(c) => {
            c.batch_execute("PRAGMA journal_mode = WAL;")?;
            SQLITE_MIGRATIONS
        }
        DbConn::Pg(_) => POSTGRES_MIGRATIONS,
    };
    let applied = conn
        .run_pending_migrations(migrations)
        .map_err(|e| DbError::Migration(e.to_string()))?;
    Ok(applied.len())
}

/// r2d2 manager that chooses the backend from the URL scheme (never by trial: SQLite would
/// accept any string as a file name).
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConn;
    type Error = DbError;

    fn connect(&self) -> Result<DbConn, DbError> {
        establish(&self.url)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), DbError> {
        Ok(conn.ping()?)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        conn.is_broken()
    }
}

pub type Pool = r2d2::Pool<Manager>;

/// Handle to the database that the web layer and jobs share.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    backend: Backend,
    /// SQLite takes one writer at a time; writers of this process queue here and wake at
    /// once, instead of polling the file lock in SQLite's busy handler (which sleeps in
    /// growing steps of up to 100 ms and shows as latency spikes under load).
    write_lock: std::sync::Arc<std::sync::Mutex<()>>,
    /// One permit per pooled connection: a task waits for its turn here, without a thread,
    /// rather than on a blocking thread of its own (a burst of a thousand joins would
    /// otherwise start hundreds of threads that only wait for the pool).
    turns: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Db {
    /// Migrates the database and opens a pool over it.
    pub fn open(url: &str, max_connections: u32) -> Result<Db, DbError> {
        migrate(url)?;
        let pool = r2d2::Pool::builder()
            .max_size(max_connections)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .build(Manager {
                url: url.to_owned(),
            })?;
        Ok(Db {
            pool,
            backend: Backend::of_url(url),
            write_lock: std::sync::Arc::default(),
            turns: std::sync::Arc::new(tokio::sync::Semaphore::new(max_connections as usize)),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A pooled connection for synchronous callers (CLI, tests, jobs on their own threads).
    pub fn conn(&self) -> Result<r2d2::PooledConnection<Manager>, DbError> {
        Ok(self.pool.get()?)
    }

    /// Runs `f` with a pooled connection on the blocking thread pool.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        let turn = self.turns.clone().acquire_owned().await;
        match actix_web::rt::task::spawn_blocking(move || {
            let _turn = turn;
            let _entered = span.enter();
            let mut conn = pool.get().map_err(DbError::from)?;
            f(&mut conn)
        })
        .await
        {
            Ok(result) => result,
            Err(join) => Err(E::from(DbError::Task(join.to_string()))),
        }
    }

    /// Like [`Db::run`], inside a write transaction (see [`Db::write_tx`]).
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    {
        let db = self.clone();
        self.run(move |conn| db.write_tx(conn, f)).await
    }

    /// [`write_tx`], taking this process's turn among SQLite writers first.
    pub fn write_tx<T, E, F>(&self, conn: &mut DbConn, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        let _turn = (self.backend == Backend::Sqlite)
            .then(|| self.write_lock.lock().unwrap_or_else(|p| p.into_inner()));
        write_tx(conn, f)
    }
}

/// Runs `f` in a transaction meant for writing. On SQLite it starts with `BEGIN IMMEDIATE`,
/// so a transaction that reads before it writes waits for the write lock up front (honouring
/// the busy timeout) instead of failing with `SQLITE_BUSY` when it upgrades.
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        DbConn::Pg(_) => <DbConn as Connection>::TransactionManager::begin_transaction(conn)?,
    }
    match f(conn) {
        Ok(value) => {
            <DbConn as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            if let Err(rollback) =
                <DbConn as Connection>::TransactionManager::rollback_transaction(conn)
            {
                tracing::error!(error = %rollback, "rollback failed");
            }
            Err(e)
        }
    }
}

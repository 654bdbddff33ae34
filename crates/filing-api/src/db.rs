//! The database: by default one SQLite file in the data directory (WAL journal); for several
//! instances, one PostgreSQL database they share. Both have versioned migrations, numbered alike.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::Connection;
use tokio::sync::Mutex;

use crate::sql::{self, Conn};

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "filing.db";

/// Migrations in order; `PRAGMA user_version` records how many have been applied.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE filings (
        id            TEXT PRIMARY KEY,
        merchant_id   TEXT NOT NULL,
        serial_number TEXT NOT NULL,
        status        TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    );
    CREATE INDEX filings_serial ON filings(serial_number);",
    // Schema 2 replaces the skeleton's placeholder table with the full model.
    "DROP TABLE filings;
    CREATE TABLE filings (
        id              TEXT PRIMARY KEY,
        merchant_id     TEXT NOT NULL,
        serial_number   TEXT NOT NULL,
        qr_code         TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('pending','approved','rejected','revoked')),
        version         INTEGER NOT NULL,
        submission      TEXT NOT NULL,
        reasons         TEXT NOT NULL DEFAULT '[]',
        reasons_version INTEGER,
        review_due_at   INTEGER,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
    );
    CREATE INDEX filings_merchant ON filings(merchant_id, created_at);
    CREATE INDEX filings_review_due ON filings(review_due_at) WHERE status = 'pending';
    -- One active (not revoked) filing per serial number, and per QR stand.
    CREATE UNIQUE INDEX filings_active_serial ON filings(serial_number)
        WHERE status <> 'revoked' AND serial_number <> '';
    CREATE UNIQUE INDEX filings_active_qr ON filings(qr_code)
        WHERE status <> 'revoked' AND qr_code <> '';
    CREATE TABLE events (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        filing_id TEXT NOT NULL REFERENCES filings(id),
        at        TEXT NOT NULL,
        kind      TEXT NOT NULL,
        version   INTEGER NOT NULL,
        reasons   TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX events_filing ON events(filing_id, id);
    CREATE TABLE idempotency (
        merchant_id  TEXT NOT NULL,
        key          TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status       INTEGER NOT NULL,
        body         TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        PRIMARY KEY (merchant_id, key)
    );
    -- The acquirer's records the reviewer consults (the sandbox seeds them).
    CREATE TABLE devices (
        serial_number     TEXT PRIMARY KEY,
        manufacturer      TEXT NOT NULL,
        model             TEXT NOT NULL,
        activated         INTEGER NOT NULL,
        security_passed   INTEGER NOT NULL,
        location_required INTEGER NOT NULL DEFAULT 0,
        outcome           TEXT
    );
    CREATE TABLE qr_stands (
        qr_code        TEXT PRIMARY KEY,
        bound_merchant TEXT
    );
    CREATE TABLE merchants (
        merchant_id  TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        credit_code  TEXT NOT NULL,
        device_types TEXT NOT NULL
    );",
    // Schema 3: who the merchant is (type, the operator's ID number for 小微 merchants, contact)
    // and the terminal number the acquirer assigned to an installed device.
    "ALTER TABLE merchants ADD COLUMN merchant_type TEXT NOT NULL DEFAULT 'enterprise';
    ALTER TABLE merchants ADD COLUMN operator_id_number TEXT;
    ALTER TABLE merchants ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE merchants ADD COLUMN contact_mobile TEXT NOT NULL DEFAULT '';
    ALTER TABLE devices ADD COLUMN terminal_id TEXT;",
    // Schema 4: pages of a merchant's filings go by position (rowid), newest first; idempotency
    // records are pruned by age.
    "CREATE INDEX filings_merchant_position ON filings(merchant_id);
    CREATE INDEX idempotency_created ON idempotency(created_at);",
    // Schema 5: the filing's whole life. Only pending and approved filings hold a serial number
    // or a QR stand; filings can be withdrawn and deregistered, an approved one can have a
    // placement change under review; transfer requests; the outbox of review notifications.
    // SQLite cannot change a CHECK constraint in place, so the table is rebuilt.
    "CREATE TABLE filings_v5 (
        id              TEXT PRIMARY KEY,
        merchant_id     TEXT NOT NULL,
        serial_number   TEXT NOT NULL,
        qr_code         TEXT NOT NULL,
        status          TEXT NOT NULL
                        CHECK (status IN ('pending','approved','rejected','revoked','withdrawn')),
        version         INTEGER NOT NULL,
        submission      TEXT NOT NULL,
        reasons         TEXT NOT NULL DEFAULT '[]',
        reasons_version INTEGER,
        review_due_at   INTEGER,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        deregistered_at     TEXT,
        deregister_reason   TEXT,
        change_status       TEXT CHECK (change_status IN ('pending','rejected')),
        change_submission   TEXT,
        change_submitted_at TEXT,
        change_reasons      TEXT NOT NULL DEFAULT '[]',
        change_due_at       INTEGER
    );
    INSERT INTO filings_v5 (rowid, id, merchant_id, serial_number, qr_code, status, version,
                            submission, reasons, reasons_version, review_due_at, created_at,
                            updated_at)
        SELECT rowid, id, merchant_id, serial_number, qr_code, status, version, submission,
               reasons, reasons_version, review_due_at, created_at, updated_at FROM filings;
    DROP TABLE filings;
    ALTER TABLE filings_v5 RENAME TO filings;
    CREATE INDEX filings_merchant ON filings(merchant_id, created_at);
    CREATE INDEX filings_merchant_position ON filings(merchant_id);
    CREATE INDEX filings_review_due ON filings(review_due_at) WHERE status = 'pending';
    CREATE INDEX filings_change_due ON filings(change_due_at) WHERE change_status = 'pending';
    CREATE UNIQUE INDEX filings_active_serial ON filings(serial_number)
        WHERE status IN ('pending','approved') AND serial_number <> '';
    CREATE UNIQUE INDEX filings_active_qr ON filings(qr_code)
        WHERE status IN ('pending','approved') AND qr_code <> '';
    CREATE TABLE transfers (
        id            TEXT PRIMARY KEY,
        merchant_id   TEXT NOT NULL,
        terminal      TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('pending','approved','rejected')),
        due_at        INTEGER NOT NULL,
        created_at    TEXT NOT NULL,
        resolved_at   TEXT
    );
    CREATE INDEX transfers_merchant ON transfers(merchant_id, terminal);
    CREATE INDEX transfers_due ON transfers(due_at) WHERE status = 'pending';
    CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        kind            TEXT NOT NULL,
        body            TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        delivered_at    TEXT,
        given_up_at     TEXT,
        last_error      TEXT
    );
    CREATE INDEX outbox_due ON outbox(next_attempt_at)
        WHERE delivered_at IS NULL AND given_up_at IS NULL;
    ALTER TABLE events ADD COLUMN detail TEXT;",
    // Schema 6: settings every instance shares (the maintenance switch).
    SETTINGS,
];

/// PostgreSQL's schema, versioned alike: its first migration creates what SQLite's first five
/// built up (PostgreSQL support starts at schema 5), later ones follow SQLite's one for one.
/// `schema_version` records the version reached.
const PG_MIGRATIONS: &[(usize, &str)] = &[
    (
        5,
        "CREATE TABLE filings (
            rowid           BIGSERIAL UNIQUE,
            id              TEXT PRIMARY KEY,
            merchant_id     TEXT NOT NULL,
            serial_number   TEXT NOT NULL,
            qr_code         TEXT NOT NULL,
            status          TEXT NOT NULL
                            CHECK (status IN ('pending','approved','rejected','revoked','withdrawn')),
            version         BIGINT NOT NULL,
            submission      TEXT NOT NULL,
            reasons         TEXT NOT NULL DEFAULT '[]',
            reasons_version BIGINT,
            review_due_at   BIGINT,
            created_at      TEXT NOT NULL,
            updated_at      TEXT NOT NULL,
            deregistered_at     TEXT,
            deregister_reason   TEXT,
            change_status       TEXT CHECK (change_status IN ('pending','rejected')),
            change_submission   TEXT,
            change_submitted_at TEXT,
            change_reasons      TEXT NOT NULL DEFAULT '[]',
            change_due_at       BIGINT
        );
        CREATE INDEX filings_merchant ON filings(merchant_id, created_at);
        CREATE INDEX filings_merchant_position ON filings(merchant_id, rowid);
        CREATE INDEX filings_review_due ON filings(review_due_at) WHERE status = 'pending';
        CREATE INDEX filings_change_due ON filings(change_due_at) WHERE change_status = 'pending';
        CREATE UNIQUE INDEX filings_active_serial_number ON filings(serial_number)
            WHERE status IN ('pending','approved') AND serial_number <> '';
        CREATE UNIQUE INDEX filings_active_qr_code ON filings(qr_code)
            WHERE status IN ('pending','approved') AND qr_code <> '';
        CREATE TABLE events (
            id        BIGSERIAL PRIMARY KEY,
            filing_id TEXT NOT NULL REFERENCES filings(id),
            at        TEXT NOT NULL,
            kind      TEXT NOT NULL,
            version   BIGINT NOT NULL,
            reasons   TEXT NOT NULL DEFAULT '[]',
            detail    TEXT
        );
        CREATE INDEX events_filing ON events(filing_id, id);
        CREATE TABLE idempotency (
            merchant_id  TEXT NOT NULL,
            key          TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            status       BIGINT NOT NULL,
            body         TEXT NOT NULL,
            created_at   TEXT NOT NULL,
            PRIMARY KEY (merchant_id, key)
        );
        CREATE INDEX idempotency_created ON idempotency(created_at);
        CREATE TABLE devices (
            serial_number     TEXT PRIMARY KEY,
            manufacturer      TEXT NOT NULL,
            model             TEXT NOT NULL,
            activated         BIGINT NOT NULL,
            security_passed   BIGINT NOT NULL,
            location_required BIGINT NOT NULL DEFAULT 0,
            outcome           TEXT,
            terminal_id       TEXT
        );
        CREATE TABLE qr_stands (
            qr_code        TEXT PRIMARY KEY,
            bound_merchant TEXT
        );
        CREATE TABLE merchants (
            merchant_id        TEXT PRIMARY KEY,
            name               TEXT NOT NULL,
            credit_code        TEXT NOT NULL,
            device_types       TEXT NOT NULL,
            merchant_type      TEXT NOT NULL DEFAULT 'enterprise',
            operator_id_number TEXT,
            contact_name       TEXT NOT NULL DEFAULT '',
            contact_mobile     TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE transfers (
            rowid         BIGSERIAL UNIQUE,
            id            TEXT PRIMARY KEY,
            merchant_id   TEXT NOT NULL,
            terminal      TEXT NOT NULL,
            status        TEXT NOT NULL CHECK (status IN ('pending','approved','rejected')),
            due_at        BIGINT NOT NULL,
            created_at    TEXT NOT NULL,
            resolved_at   TEXT
        );
        CREATE INDEX transfers_merchant ON transfers(merchant_id, terminal);
        CREATE INDEX transfers_due ON transfers(due_at) WHERE status = 'pending';
        CREATE TABLE outbox (
            id              BIGSERIAL PRIMARY KEY,
            kind            TEXT NOT NULL,
            body            TEXT NOT NULL,
            created_at      TEXT NOT NULL,
            attempts        BIGINT NOT NULL DEFAULT 0,
            next_attempt_at BIGINT NOT NULL,
            delivered_at    TEXT,
            given_up_at     TEXT,
            last_error      TEXT
        );
        CREATE INDEX outbox_due ON outbox(next_attempt_at)
            WHERE delivered_at IS NULL AND given_up_at IS NULL;",
    ),
    (6, SETTINGS),
];

/// Schema 6, both engines: settings every instance shares (the maintenance switch).
const SETTINGS: &str = "CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);";

/// The handle every handler and background task shares: the embedded SQLite file, or a pool of
/// connections to a PostgreSQL server that other instances share too.
#[derive(Clone)]
pub struct Db {
    engine: Engine,
}

#[derive(Clone)]
enum Engine {
    /// One connection: SQLite serialises writers anyway. Handlers hold its lock for one
    /// statement or transaction.
    Sqlite {
        conn: Arc<Mutex<Connection>>,
        path: Arc<PathBuf>,
        /// (device, inode) of the file when opened: a file deleted or replaced under the
        /// running server is no longer the one its connection writes to.
        identity: Option<(u64, u64)>,
    },
    Postgres(deadpool_postgres::Pool),
}

/// Why the store cannot take writes (see [`Db::check`]).
pub use crate::sql::StoreFault;

/// Where the database is: `--database-url` / `FILING_DATABASE_URL` when given (PostgreSQL),
/// otherwise the SQLite file in the data directory.
pub async fn open_configured(data_dir: &Path, url: Option<&str>) -> Result<Db, DbError> {
    match url {
        Some(url) => Db::connect(url).await,
        None => Db::open(data_dir),
    }
}

impl Db {
    /// Opens (creating if needed) the SQLite database in `data_dir` and brings its schema up to
    /// date. The file is readable by its owner only (SQLite gives the WAL and shared-memory
    /// files the database file's mode), like the token secret beside it.
    pub fn open(data_dir: &Path) -> Result<Db, DbError> {
        std::fs::create_dir_all(data_dir).map_err(DbError::Io)?;
        let path = data_dir.join(DB_FILE);
        owner_only(&path).map_err(DbError::Io)?;
        let conn = Connection::open(&path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&conn)?;
        Ok(Db {
            engine: Engine::Sqlite {
                identity: identity(&path),
                conn: Arc::new(Mutex::new(conn)),
                path: Arc::new(path),
            },
        })
    }

    /// Connects to PostgreSQL at `url` (`postgres://user@host:port/db`, over TLS when its
    /// `sslmode` asks for it: [`crate::pg_tls`]) and brings its schema up to date; instances
    /// starting together migrate one after the other.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        let target = crate::pg_tls::target(url).map_err(DbError::Url)?;
        let manager_config = deadpool_postgres::ManagerConfig {
            recycling_method: deadpool_postgres::RecyclingMethod::Fast,
        };
        let manager = match target.tls {
            Some(tls) => {
                deadpool_postgres::Manager::from_config(target.config, tls, manager_config)
            }
            None => deadpool_postgres::Manager::from_config(
                target.config,
                tokio_postgres::NoTls,
                manager_config,
            ),
        };
        let pool = deadpool_postgres::Pool::builder(manager)
            .max_size(16)
            .wait_timeout(Some(std::time::Duration::from_secs(5)))
            .create_timeout(Some(std::time::Duration::from_secs(5)))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .map_err(|e| DbError::Url(e.to_string()))?;
        let db = Db {
            engine: Engine::Postgres(pool),
        };
        migrate_postgres(&db).await?;
        Ok(db)
    }

    /// A connection outside any transaction (each statement commits on its own).
    pub async fn conn(&self) -> sql::Result<Conn> {
        match &self.engine {
            Engine::Sqlite { conn, .. } => Conn::sqlite(conn.clone(), false).await,
            Engine::Postgres(pool) => Conn::postgres(pool, false).await,
        }
    }

    /// A connection with a transaction begun: [`Conn::commit`] it, or drop it to roll back.
    pub async fn begin(&self) -> sql::Result<Conn> {
        match &self.engine {
            Engine::Sqlite { conn, .. } => Conn::sqlite(conn.clone(), true).await,
            Engine::Postgres(pool) => Conn::postgres(pool, true).await,
        }
    }

    /// Whether the store can take writes: for SQLite, the file is still the one opened, still
    /// writable, and a cheap read answers; for PostgreSQL, the server answers and its
    /// transactions may write (not a standby, not a database set read-only). Called by
    /// `/health` and before every write.
    pub async fn check(&self) -> Result<(), StoreFault> {
        match &self.engine {
            Engine::Sqlite {
                conn,
                path,
                identity: opened,
            } => {
                let meta = std::fs::metadata(&**path).map_err(|_| StoreFault::Missing)?;
                if identity(path) != *opened {
                    return Err(StoreFault::Missing);
                }
                if meta.permissions().readonly() {
                    return Err(StoreFault::ReadOnly);
                }
                let conn = conn.lock().await;
                conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                    r.get::<_, i64>(0)
                })
                .map_err(|_| StoreFault::Unreadable)?;
                if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
                    return Err(StoreFault::ReadOnly);
                }
                Ok(())
            }
            Engine::Postgres(pool) => {
                let mut conn = Conn::postgres(pool, false)
                    .await
                    .map_err(|_| StoreFault::Unreadable)?;
                // Read-only: a standby, or a database set `default_transaction_read_only`.
                let row = conn
                    .one("SELECT current_setting('transaction_read_only')", &[])
                    .await
                    .map_err(|_| StoreFault::Unreadable)?;
                match row.get::<String>(0).as_deref() {
                    Ok("off") => Ok(()),
                    Ok(_) => Err(StoreFault::ReadOnly),
                    Err(_) => Err(StoreFault::Unreadable),
                }
            }
        }
    }
}

/// Creates `path` with mode 0600 if it does not exist, and narrows an existing file to it.
fn owner_only(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

fn migrate(conn: &Connection) -> Result<(), DbError> {
    let applied: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if applied > MIGRATIONS.len() {
        return Err(DbError::NewerSchema(applied));
    }
    // A migration that rebuilds a table drops it while events still refer to it; foreign keys
    // are checked again once all migrations are in (`foreign_key_check` below).
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let result = apply(conn, MIGRATIONS, applied);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    result
}

/// Applies `migrations` from number `applied` on, each in its own transaction; one that leaves a
/// broken reference is rolled back and stops the start.
fn apply(conn: &Connection, migrations: &[&str], applied: usize) -> Result<(), DbError> {
    for (i, sql) in migrations.iter().enumerate().skip(applied) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        let broken: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if broken > 0 {
            return Err(DbError::Sqlite(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                Some(format!("migration {} broke {broken} references", i + 1)),
            )));
        }
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Applies PostgreSQL's migrations beyond `schema_version`, each in its own transaction,
/// holding an advisory lock so two instances starting at once do not both migrate.
async fn migrate_postgres(db: &Db) -> Result<(), DbError> {
    let mut conn = db.begin().await?;
    conn.execute_batch(
        "SELECT pg_advisory_xact_lock(7297841);
         CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL);",
    )
    .await?;
    let applied: Option<i64> = conn
        .one("SELECT max(version) FROM schema_version", &[])
        .await?
        .get(0)?;
    let applied = applied.unwrap_or(0) as usize;
    if applied > MIGRATIONS.len() {
        return Err(DbError::NewerSchema(applied));
    }
    for (version, migration) in PG_MIGRATIONS.iter().filter(|(v, _)| *v > applied) {
        conn.execute_batch(migration).await?;
        conn.execute("DELETE FROM schema_version", &[]).await?;
        conn.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            crate::params![*version as i64],
        )
        .await?;
    }
    conn.commit().await?;
    Ok(())
}

/// Databases for tests, on the engine the tests run against: PostgreSQL when
/// `FILING_TEST_POSTGRES` names a server (`postgres://user@127.0.0.1:port`; `cargo xtask test`
/// starts a throwaway one), a new database on it for each; otherwise SQLite in a temporary
/// directory.
#[doc(hidden)]
pub mod testing {
    use super::Db;

    /// The environment variable naming the PostgreSQL server tests run against.
    pub const POSTGRES_ENV: &str = "FILING_TEST_POSTGRES";

    pub struct TestDb {
        pub db: Db,
        /// The data directory (the SQLite file, the token secret).
        pub dir: tempfile::TempDir,
        /// The PostgreSQL database's URL, if the tests run on PostgreSQL.
        pub url: Option<String>,
    }

    /// A new, empty database's URL on the tests' PostgreSQL server, if there is one.
    pub async fn new_postgres_database() -> Option<String> {
        let server = std::env::var(POSTGRES_ENV).ok().filter(|s| !s.is_empty())?;
        let client = crate::pg_tls::connect_one(&crate::pg_tls::with_database(&server, "postgres"))
            .await
            .expect("the tests' PostgreSQL server answers");
        let mut b = [0u8; 8];
        getrandom::fill(&mut b).expect("the OS random source works");
        let name: String = std::iter::once("test_".to_owned())
            .chain(b.iter().map(|x| format!("{x:02x}")))
            .collect();
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .expect("a test database can be created");
        Some(crate::pg_tls::with_database(&server, &name))
    }

    impl TestDb {
        pub async fn new() -> TestDb {
            let dir = tempfile::tempdir().expect("a temporary directory");
            let url = new_postgres_database().await;
            let db = super::open_configured(dir.path(), url.as_deref())
                .await
                .expect("the test database opens");
            TestDb { db, dir, url }
        }
    }
}

#[derive(Debug)]
pub enum DbError {
    /// The data directory cannot be created.
    Io(std::io::Error),
    Sqlite(rusqlite::Error),
    /// The file was written by a newer server version with migrations this one does not know.
    NewerSchema(usize),
    /// The database URL cannot be used.
    Url(String),
    Sql(sql::Error),
}

impl From<sql::Error> for DbError {
    fn from(e: sql::Error) -> Self {
        DbError::Sql(e)
    }
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError::Sqlite(e)
    }
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Io(_) => f.write_str("cannot create the data directory"),
            DbError::Sqlite(_) | DbError::Sql(_) => f.write_str("database error"),
            DbError::Url(e) => write!(f, "the database URL cannot be used: {e}"),
            DbError::NewerSchema(v) => write!(
                f,
                "the database has schema version {v}, newer than this server knows ({})",
                MIGRATIONS.len()
            ),
        }
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DbError::Io(e) => Some(e),
            DbError::Sqlite(e) => Some(e),
            DbError::Sql(e) => Some(e),
            DbError::NewerSchema(_) | DbError::Url(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A migration that leaves a row pointing at nothing is rolled back, and the schema stays at
    /// the version before it.
    #[test]
    fn a_migration_that_breaks_a_reference_is_rolled_back() {
        let conn = Connection::open_in_memory().unwrap();
        // As `migrate` runs them: references checked after each migration, not per statement.
        conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
        let migrations = [
            "CREATE TABLE parent (id INTEGER PRIMARY KEY);
             CREATE TABLE child (parent INTEGER REFERENCES parent(id));
             INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1);",
            "DELETE FROM parent;",
        ];
        apply(&conn, &migrations[..1], 0).unwrap();
        let e = apply(&conn, &migrations, 1).unwrap_err();
        assert!(
            format!("{e:?}").contains("migration 2 broke 1 references"),
            "{e:?}"
        );
        let version: usize = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, 1);
        let parents: i64 = conn
            .query_row("SELECT count(*) FROM parent", [], |r| r.get(0))
            .unwrap();
        assert_eq!(parents, 1, "rolled back");
    }

    #[test]
    fn open_creates_file_in_wal_mode_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        let mode: String = Connection::open(dir.path().join(DB_FILE))
            .unwrap()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(db);
        assert!(dir.path().join(DB_FILE).exists());
        let _db = Db::open(dir.path()).unwrap();
        let version: usize = Connection::open(dir.path().join(DB_FILE))
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len());
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        Db::open(dir.path()).unwrap();
        let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
        drop(conn);
        assert!(matches!(
            Db::open(dir.path()),
            Err(DbError::NewerSchema(999))
        ));
    }
}

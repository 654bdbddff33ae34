//! One connection to either engine, SQLite (embedded, the default) or PostgreSQL, with the few
//! calls the store makes: execute, one row, rows, commit. The store's SQL is written once, in the
//! dialect both engines share, with `?1`-style parameters (rewritten to `$1` for PostgreSQL);
//! where they differ, [`Conn::skip_locked`] and the migrations say so.
//!
//! SQLite runs on the calling task, holding the one connection's lock: its statements take
//! microseconds and it serialises writers anyway. PostgreSQL runs through the async
//! `tokio-postgres` driver on a pooled connection.

use std::sync::Arc;

use tokio::sync::{Mutex, OwnedMutexGuard};

/// Why the store cannot take writes (see [`crate::db::Db::check`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreFault {
    /// The file is gone, or another file now has its name: writes would go to an unlinked file.
    Missing,
    /// The file, or the file system, no longer allows writing.
    ReadOnly,
    /// A read through the connection fails (for PostgreSQL: the server does not answer).
    Unreadable,
}

/// A value bound to, or read from, a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

/// What the store binds: text, integers, booleans (as 0 / 1), and options of them.
pub trait ToValue {
    fn to_value(&self) -> Value;
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_owned())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}
impl ToValue for i64 {
    fn to_value(&self) -> Value {
        Value::Int(*self)
    }
}
impl ToValue for u32 {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}
impl ToValue for u16 {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}
impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

/// `params![a, b]`: the values of a statement's `?1`, `?2`.
#[macro_export]
macro_rules! params {
    ($($x:expr),* $(,)?) => {
        &[$($crate::sql::ToValue::to_value(&$x)),*] as &[$crate::sql::Value]
    };
}
pub use params;

/// A row read back: its values, column by column.
#[derive(Debug)]
pub struct Row(Vec<Value>);

/// What a column can be read as.
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> Option<Self>;
}

impl FromValue for String {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}
impl FromValue for i64 {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}
impl FromValue for u32 {
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).and_then(|i| u32::try_from(i).ok())
    }
}
impl FromValue for u16 {
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).and_then(|i| u16::try_from(i).ok())
    }
}
impl FromValue for bool {
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).map(|i| i != 0)
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl Row {
    /// Column `idx` as `T`; a missing column or another type is an error naming the column.
    pub fn get<T: FromValue>(&self, idx: usize) -> Result<T> {
        let v = self.0.get(idx).unwrap_or(&Value::Null);
        T::from_value(v).ok_or_else(|| Error::Decode {
            column: idx,
            detail: format!("{v:?} as {}", std::any::type_name::<T>()),
        })
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug)]
pub enum Error {
    Sqlite(rusqlite::Error),
    Postgres(tokio_postgres::Error),
    /// No pooled PostgreSQL connection could be had.
    Pool(String),
    /// A stored value is not what its column should hold.
    Decode {
        column: usize,
        detail: String,
    },
    /// A statement that must return a row returned none.
    NoRow,
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
}
impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Self {
        Error::Postgres(e)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Sqlite(_) | Error::Postgres(_) => f.write_str("database error"),
            Error::Pool(e) => write!(f, "no database connection: {e}"),
            Error::Decode { column, detail } => {
                write!(f, "column {column} holds an unexpected value: {detail}")
            }
            Error::NoRow => f.write_str("no row where one was expected"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Sqlite(e) => Some(e),
            Error::Postgres(e) => Some(e),
            _ => None,
        }
    }
}

impl Error {
    /// Whether this says the store cannot take writes now: SQLite's file read-only, PostgreSQL
    /// in a read-only transaction (a standby, a database set read-only) or not answering, no
    /// pooled connection to be had.
    pub fn store_fault(&self) -> Option<StoreFault> {
        match self {
            Error::Sqlite(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::ReadOnly =>
            {
                Some(StoreFault::ReadOnly)
            }
            Error::Postgres(e) => match e.as_db_error() {
                Some(db)
                    if db.code() == &tokio_postgres::error::SqlState::READ_ONLY_SQL_TRANSACTION =>
                {
                    Some(StoreFault::ReadOnly)
                }
                // No answer from the server: the connection is closed or I/O failed.
                None if e.is_closed()
                    || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>()) =>
                {
                    Some(StoreFault::Unreadable)
                }
                _ => None,
            },
            Error::Pool(_) => Some(StoreFault::Unreadable),
            _ => None,
        }
    }

    /// The constraint a write violated (a unique index, a CHECK, a reference), as the engine
    /// names it: SQLite's message ("UNIQUE constraint failed: filings.qr_code") or PostgreSQL's
    /// constraint name (`filings_active_qr_code`). Both name the column.
    pub fn violated_constraint(&self) -> Option<String> {
        match self {
            Error::Sqlite(rusqlite::Error::SqliteFailure(f, msg))
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Some(msg.clone().unwrap_or_default())
            }
            Error::Postgres(e) => {
                let db = e.as_db_error()?;
                db.code()
                    .code()
                    .starts_with("23")
                    .then(|| db.constraint().unwrap_or(db.message()).to_owned())
            }
            _ => None,
        }
    }
}

/// One connection, in a transaction or not.
pub struct Conn {
    inner: Inner,
    /// A transaction is open and neither committed nor rolled back yet.
    open: bool,
}

enum Inner {
    Sqlite(OwnedMutexGuard<rusqlite::Connection>),
    Postgres(Box<deadpool_postgres::Object>),
    /// Given back (after a rollback was started).
    Gone,
}

impl Conn {
    pub(crate) async fn sqlite(
        conn: Arc<Mutex<rusqlite::Connection>>,
        begin: bool,
    ) -> Result<Conn> {
        let guard = conn.lock_owned().await;
        if begin {
            guard.execute_batch("BEGIN IMMEDIATE")?;
        }
        Ok(Conn {
            inner: Inner::Sqlite(guard),
            open: begin,
        })
    }

    pub(crate) async fn postgres(pool: &deadpool_postgres::Pool, begin: bool) -> Result<Conn> {
        let client = pool
            .get()
            .await
            .map_err(|e| Error::Pool(crate::cause::chain(&e)))?;
        if begin {
            client.batch_execute("BEGIN").await?;
        }
        Ok(Conn {
            inner: Inner::Postgres(Box::new(client)),
            open: begin,
        })
    }

    /// Whether this is PostgreSQL (for the few statements the dialects write differently).
    pub fn is_postgres(&self) -> bool {
        matches!(self.inner, Inner::Postgres(_))
    }

    /// Appended to a `SELECT` inside a transaction: on PostgreSQL the rows it returns are locked
    /// for this transaction and rows another instance holds are skipped, so each is taken by one
    /// instance only. SQLite has one writer at a time and needs nothing.
    pub fn skip_locked(&self) -> &'static str {
        if self.is_postgres() {
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        }
    }

    /// Appended to a `SELECT` of the row a transaction is about to change: on PostgreSQL the
    /// row is locked until the transaction ends, so a concurrent action on it (another
    /// instance's) waits and then reads the row as this one left it. SQLite's transactions
    /// already run one at a time.
    pub fn lock_row(&self) -> &'static str {
        if self.is_postgres() {
            " FOR UPDATE"
        } else {
            ""
        }
    }

    /// Runs a statement; returns how many rows it changed.
    pub async fn execute(&mut self, sql: &str, params: &[Value]) -> Result<usize> {
        match &self.inner {
            Inner::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                Ok(stmt.execute(rusqlite::params_from_iter(params.iter().map(to_sqlite)))?)
            }
            Inner::Postgres(c) => {
                let stmt = c.prepare_cached(&dollar_params(sql)).await?;
                let n = c.execute(&stmt, &pg_params(params)).await?;
                Ok(n as usize)
            }
            Inner::Gone => Err(Error::NoRow),
        }
    }

    /// Runs statements without parameters, one after another (migrations, tests).
    pub async fn execute_batch(&mut self, sql: &str) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Inner::Postgres(c) => Ok(c.batch_execute(sql).await?),
            Inner::Gone => Err(Error::NoRow),
        }
    }

    /// Every row of a query.
    pub async fn rows(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        match &self.inner {
            Inner::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let width = stmt.column_count();
                let mut rows =
                    stmt.query(rusqlite::params_from_iter(params.iter().map(to_sqlite)))?;
                let mut out = vec![];
                while let Some(r) = rows.next()? {
                    out.push(Row((0..width)
                        .map(|i| from_sqlite(r.get_ref(i)?, i))
                        .collect::<Result<_>>()?));
                }
                Ok(out)
            }
            Inner::Postgres(c) => {
                let stmt = c.prepare_cached(&dollar_params(sql)).await?;
                let rows = c.query(&stmt, &pg_params(params)).await?;
                rows.iter().map(from_postgres).collect()
            }
            Inner::Gone => Err(Error::NoRow),
        }
    }

    /// The first row of a query, if any.
    pub async fn row(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        Ok(self.rows(sql, params).await?.into_iter().next())
    }

    /// The first row of a query that always returns one (an aggregate, an `EXISTS`).
    pub async fn one(&mut self, sql: &str, params: &[Value]) -> Result<Row> {
        self.row(sql, params).await?.ok_or(Error::NoRow)
    }

    /// The first row of a query as `f` reads it; no row is [`Error::NoRow`].
    pub async fn query_row<T>(
        &mut self,
        sql: &str,
        params: &[Value],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        f(&self.one(sql, params).await?)
    }

    /// The first row of a query as `f` reads it, if there is one.
    pub async fn query_opt<T>(
        &mut self,
        sql: &str,
        params: &[Value],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        self.row(sql, params).await?.as_ref().map(f).transpose()
    }

    /// Every row of a query as `f` reads it.
    pub async fn query_map<T>(
        &mut self,
        sql: &str,
        params: &[Value],
        f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.rows(sql, params).await?.iter().map(f).collect()
    }

    /// Commits the open transaction.
    pub async fn commit(mut self) -> Result<()> {
        if self.open {
            self.execute_batch("COMMIT").await?;
            self.open = false;
        }
        Ok(())
    }
}

impl Drop for Conn {
    /// A transaction neither committed nor rolled back (an error, a panic, a dropped request) is
    /// rolled back before the connection serves anything else.
    fn drop(&mut self) {
        if !self.open {
            return;
        }
        match std::mem::replace(&mut self.inner, Inner::Gone) {
            Inner::Sqlite(c) => {
                let _ = c.execute_batch("ROLLBACK");
            }
            Inner::Postgres(c) => {
                if let Ok(rt) = tokio::runtime::Handle::try_current() {
                    rt.spawn(async move {
                        if c.batch_execute("ROLLBACK").await.is_err() {
                            // Not back in the pool in an unknown state.
                            let _ = deadpool_postgres::Object::take(*c);
                        }
                    });
                } else {
                    let _ = deadpool_postgres::Object::take(*c);
                }
            }
            Inner::Gone => {}
        }
    }
}

fn to_sqlite(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Int(i) => rusqlite::types::Value::Integer(*i),
        Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
    }
}

fn from_sqlite(v: rusqlite::types::ValueRef<'_>, column: usize) -> Result<Value> {
    use rusqlite::types::ValueRef;
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        other => {
            return Err(Error::Decode {
                column,
                detail: format!("{:?}", other.data_type()),
            })
        }
    })
}

fn from_postgres(row: &tokio_postgres::Row) -> Result<Row> {
    use tokio_postgres::types::Type;
    let mut out = Vec::with_capacity(row.len());
    for (i, col) in row.columns().iter().enumerate() {
        let ty = col.type_();
        // The schema's integers are all BIGINT; booleans come from EXISTS.
        let v = if *ty == Type::INT8 {
            row.try_get::<_, Option<i64>>(i)?.map(Value::Int)
        } else if *ty == Type::BOOL {
            row.try_get::<_, Option<bool>>(i)?
                .map(|v| Value::Int(v.into()))
        } else if *ty == Type::TEXT {
            row.try_get::<_, Option<String>>(i)?.map(Value::Text)
        } else {
            return Err(Error::Decode {
                column: i,
                detail: format!("type {ty}"),
            });
        };
        out.push(v.unwrap_or(Value::Null));
    }
    Ok(Row(out))
}

fn pg_params(params: &[Value]) -> Vec<&(dyn tokio_postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|v| v as &(dyn tokio_postgres::types::ToSql + Sync))
        .collect()
}

/// Binds a value to whatever type PostgreSQL inferred for the parameter.
impl tokio_postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &tokio_postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<tokio_postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        use tokio_postgres::types::{IsNull, Type};
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Text(s) => s.to_sql(ty, out),
            // A flag the statement tests (`CASE WHEN ?2`), or a BIGINT column's value.
            Value::Int(i) if *ty == Type::BOOL => (*i != 0).to_sql(ty, out),
            Value::Int(i) => i.to_sql(ty, out),
        }
    }

    fn accepts(_: &tokio_postgres::types::Type) -> bool {
        true
    }

    tokio_postgres::types::to_sql_checked!();
}

/// `?1` → `$1`: SQLite's numbered parameters in PostgreSQL's spelling. The store's SQL has no
/// `?` inside string literals.
fn dollar_params(sql: &str) -> String {
    sql.replace('?', "$")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_parameters_are_spelled_for_postgres() {
        assert_eq!(
            dollar_params("UPDATE t SET a = ?1 WHERE b = ?12"),
            "UPDATE t SET a = $1 WHERE b = $12"
        );
    }

    #[test]
    fn small_integers_read_back_only_if_they_fit() {
        let row = Row(vec![Value::Int(201), Value::Int(70_000), Value::Int(-1)]);
        assert_eq!(row.get::<u16>(0).unwrap(), 201);
        assert!(matches!(
            row.get::<u16>(1),
            Err(Error::Decode { column: 1, .. })
        ));
        assert!(matches!(
            row.get::<u32>(2),
            Err(Error::Decode { column: 2, .. })
        ));
        assert!(row.get::<bool>(0).unwrap());
    }

    /// Errors say what went wrong and keep the driver's error as their source, so the log's
    /// chain names the cause.
    #[test]
    fn errors_name_themselves_and_keep_their_cause() {
        let decode = Error::Decode {
            column: 3,
            detail: "Text(\"x\") as u32".into(),
        };
        assert_eq!(
            decode.to_string(),
            "column 3 holds an unexpected value: Text(\"x\") as u32"
        );
        assert!(std::error::Error::source(&decode).is_none());
        let sqlite = Error::from(rusqlite::Error::InvalidQuery);
        assert_eq!(
            crate::cause::chain(&sqlite),
            format!("database error: {}", rusqlite::Error::InvalidQuery)
        );
        let bad_url = "postgres://host:notaport/db"
            .parse::<tokio_postgres::Config>()
            .unwrap_err();
        let postgres = Error::from(bad_url);
        assert!(std::error::Error::source(&postgres).is_some());
        assert!(crate::cause::chain(&postgres).starts_with("database error: "));
    }

    /// Only a constraint violation names a constraint: a busy database whose message happens
    /// to name a column is not a taken serial number.
    #[test]
    fn only_a_constraint_violation_names_its_constraint() {
        let failure = |code, msg: &str| {
            Error::from(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(code),
                Some(msg.to_owned()),
            ))
        };
        assert_eq!(
            failure(
                rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE,
                "UNIQUE constraint failed: filings.qr_code"
            )
            .violated_constraint()
            .as_deref(),
            Some("UNIQUE constraint failed: filings.qr_code")
        );
        assert_eq!(
            failure(
                rusqlite::ffi::SQLITE_BUSY,
                "database is locked: filings.qr_code"
            )
            .violated_constraint(),
            None
        );
        assert_eq!(Error::NoRow.violated_constraint(), None);
    }

    /// A read-only store or a pool without connections is the store being unavailable; a
    /// constraint or a decoding error is not.
    #[test]
    fn a_read_only_store_is_unavailable_and_a_violation_is_not() {
        let failure = |code| {
            Error::from(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(code),
                None,
            ))
        };
        assert_eq!(
            failure(rusqlite::ffi::SQLITE_READONLY).store_fault(),
            Some(StoreFault::ReadOnly)
        );
        assert_eq!(
            failure(rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE).store_fault(),
            None
        );
        assert_eq!(
            Error::Pool("timed out".into()).store_fault(),
            Some(StoreFault::Unreadable)
        );
        assert_eq!(Error::NoRow.store_fault(), None);
    }

    #[test]
    fn a_column_of_another_type_is_an_error_naming_it() {
        let row = Row(vec![Value::Text("x".into()), Value::Null, Value::Int(-1)]);
        assert_eq!(row.get::<String>(0).unwrap(), "x");
        assert_eq!(row.get::<Option<i64>>(1).unwrap(), None);
        assert!(matches!(
            row.get::<u32>(2),
            Err(Error::Decode { column: 2, .. })
        ));
        assert!(matches!(
            row.get::<i64>(0),
            Err(Error::Decode { column: 0, .. })
        ));
        assert!(matches!(
            row.get::<String>(1),
            Err(Error::Decode { column: 1, .. })
        ));
    }
}

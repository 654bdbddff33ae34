//! The API's connection to PostgreSQL over TLS. `cargo xtask test` runs the PostgreSQL pass
//! with a URL that asks for it (`sslmode=verify-full` and the throwaway cluster's CA as
//! `sslrootcert`, `xtask/src/postgres.rs`), so every API test of that pass goes through TLS;
//! this one checks that the connection is encrypted, and that the server's certificate is
//! checked: its issuer and its host. On the SQLite pass there is no connection to check.

mod common;

use filing_api::db::Db;

/// What the server says of the connection it is talking over.
async fn encrypted(db: &Db) -> bool {
    let mut conn = db.conn().await.unwrap();
    conn.one(
        "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        &[],
    )
    .await
    .unwrap()
    .get::<bool>(0)
    .unwrap()
}

/// Why connecting to `url` failed.
async fn refused(url: &str) -> String {
    match Db::connect(url).await {
        Ok(_) => panic!("connected to {url}"),
        Err(e) => filing_api::cause::chain(&e),
    }
}

#[tokio::test]
async fn the_database_connection_is_tls_with_the_servers_certificate_checked() {
    let dir = tempfile::tempdir().unwrap();
    let Some(url) = common::database_url(dir.path()).await else {
        return;
    };
    assert!(
        url.contains("sslmode=verify-full") && url.contains("sslrootcert="),
        "the PostgreSQL pass asks for verified TLS: {url}"
    );
    let db = Db::connect(&url).await.unwrap();
    assert!(encrypted(&db).await, "the connection is TLS");

    let (base, params) = url.split_once('?').unwrap();
    let ca = params
        .split('&')
        .find(|p| p.starts_with("sslrootcert="))
        .unwrap();
    // The throwaway CA is no public CA: without it the certificate is refused.
    let err = refused(&format!("{base}?sslmode=verify-full")).await;
    assert!(err.contains("certificate"), "{err}");
    // The certificate is for 127.0.0.1: "localhost" is another name, refused too.
    let err = refused(&format!(
        "{}?sslmode=verify-full&{ca}",
        base.replace("127.0.0.1", "localhost")
    ))
    .await;
    assert!(err.contains("certificate"), "{err}");
    // And without sslmode the driver connects without TLS, as it always has.
    let plain = Db::connect(base).await.unwrap();
    assert!(!encrypted(&plain).await, "no TLS without sslmode");
}

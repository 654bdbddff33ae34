//! TLS to PostgreSQL. The database URL takes libpq's `sslmode` and `sslrootcert` parameters,
//! which the driver (tokio-postgres) reads only in part (no `verify-ca`, `verify-full` or
//! `sslrootcert`):
//! - `sslmode=disable`, or `prefer` (the default): no TLS. For a network the acquirer trusts,
//!   such as a database on the same host or a private network of its own.
//! - `sslmode=require`, `verify-ca` or `verify-full`: TLS, or no connection at all, and the
//!   server's certificate is always checked as libpq's `verify-full` checks it: issued, through
//!   its chain, by a CA of `sslrootcert` (a PEM file of CA certificates) or by a public (web
//!   PKI) CA, and for the host the URL names. libpq's `require` without `sslrootcert` encrypts
//!   without knowing whom to; here an encrypted connection is an authenticated one.

use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use tokio_postgres::config::SslMode;

/// A parsed database URL and, when it asks for TLS, how to make it.
pub struct Target {
    pub config: tokio_postgres::Config,
    pub tls: Option<tokio_postgres_rustls::MakeRustlsConnect>,
}

/// Reads `url` (`postgres://user@host:port/db?sslmode=verify-full&sslrootcert=/etc/ca.pem`, or
/// the driver's `key=value` form, which takes `sslmode` `disable`, `prefer` or `require` only).
pub fn target(url: &str) -> Result<Target, String> {
    let (url, root_cert) = libpq_params(url)?;
    let config: tokio_postgres::Config = url
        .parse()
        .map_err(|e: tokio_postgres::Error| e.to_string())?;
    let tls = match config.get_ssl_mode() {
        SslMode::Require => Some(connector(root_cert.as_deref())?),
        // The default: the driver connects without TLS, as it always has.
        _ if root_cert.is_some() => {
            return Err("sslrootcert is given but sslmode does not ask for TLS; \
                 add sslmode=verify-full"
                .into())
        }
        _ => None,
    };
    Ok(Target { config, tls })
}

/// One connection to `url`, not pooled (the tests' administration of their server), with TLS
/// as the URL asks; the task that drives it is spawned.
pub async fn connect_one(url: &str) -> Result<tokio_postgres::Client, String> {
    let target = target(url)?;
    let failed = |e: tokio_postgres::Error| crate::cause::chain(&e);
    let client = match target.tls {
        Some(tls) => {
            let (client, connection) = target.config.connect(tls).await.map_err(failed)?;
            tokio::spawn(connection);
            client
        }
        None => {
            let (client, connection) = target
                .config
                .connect(tokio_postgres::NoTls)
                .await
                .map_err(failed)?;
            tokio::spawn(connection);
            client
        }
    };
    Ok(client)
}

/// `url` (`postgres://user@host:port[/db][?params]`) naming database `name` instead, its
/// parameters (TLS) kept.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let authority_end = base
        .find("://")
        .map(|i| i + 3)
        .and_then(|from| base[from..].find('/').map(|j| from + j))
        .unwrap_or(base.len());
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{}/{name}{query}", &base[..authority_end])
}

/// The URL with `sslrootcert` taken out and `verify-ca` / `verify-full` written as the driver's
/// `require` (this module does the verifying), and the `sslrootcert` path.
fn libpq_params(url: &str) -> Result<(String, Option<String>), String> {
    let is_url = url.starts_with("postgres://") || url.starts_with("postgresql://");
    let Some((base, query)) = url.split_once('?').filter(|_| is_url) else {
        return Ok((url.to_owned(), None));
    };
    let mut root_cert = None;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "sslrootcert" => root_cert = Some(percent_decoded(value)?),
            "sslmode" if value == "verify-ca" || value == "verify-full" => {
                kept.push("sslmode=require".to_owned())
            }
            _ => kept.push(pair.to_owned()),
        }
    }
    let url = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((url, root_cert))
}

/// `%2F` and the like in a URL parameter (a path with spaces, say).
fn percent_decoded(value: &str) -> Result<String, String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("sslrootcert: a bad %-escape in {value:?}"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("sslrootcert: {value:?} is not UTF-8"))
}

/// A TLS client that trusts the public CAs and those in `root_cert`, and checks the host name.
fn connector(root_cert: Option<&str>) -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(path) = root_cert {
        let certs = CertificateDer::pem_file_iter(path)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| format!("sslrootcert {path}: {e}"))?;
        if certs.is_empty() {
            return Err(format!("sslrootcert {path}: no certificate in the file"));
        }
        for cert in certs {
            roots
                .add(cert)
                .map_err(|e| format!("sslrootcert {path}: {e}"))?;
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| e.to_string())?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libpq_parameters_are_read_and_the_rest_passed_on() {
        let (url, ca) = libpq_params(
            "postgres://api@db.internal/filing?sslmode=verify-full&sslrootcert=/etc/filing/ca%20pg.pem&connect_timeout=5",
        )
        .unwrap();
        assert_eq!(
            url,
            "postgres://api@db.internal/filing?sslmode=require&connect_timeout=5"
        );
        assert_eq!(ca.as_deref(), Some("/etc/filing/ca pg.pem"));
        let (url, ca) =
            libpq_params("postgres://api@db.internal/filing?sslmode=verify-ca").unwrap();
        assert_eq!(url, "postgres://api@db.internal/filing?sslmode=require");
        assert_eq!(ca, None);
        // Nothing to take out: as given.
        for plain in [
            "postgres://api@db.internal/filing",
            "postgres://api@db.internal/filing?sslmode=disable",
            "host=db.internal user=api sslmode=require",
        ] {
            assert_eq!(libpq_params(plain).unwrap(), (plain.to_owned(), None));
        }
        assert!(libpq_params("postgres://h/db?sslrootcert=%zz").is_err());
    }

    #[test]
    fn a_database_is_named_in_place_and_the_parameters_kept() {
        assert_eq!(
            with_database("postgres://127.0.0.1:5432", "postgres"),
            "postgres://127.0.0.1:5432/postgres"
        );
        assert_eq!(
            with_database(
                "postgres://u@127.0.0.1:5432/test_1?sslmode=verify-full&sslrootcert=/t/ca.pem",
                "postgres"
            ),
            "postgres://u@127.0.0.1:5432/postgres?sslmode=verify-full&sslrootcert=/t/ca.pem"
        );
        assert_eq!(
            with_database("postgres://h/?sslmode=require", "x"),
            "postgres://h/x?sslmode=require"
        );
    }

    #[test]
    fn tls_is_made_only_when_the_url_asks_for_it() {
        assert!(target("postgres://api@db.internal/filing")
            .unwrap()
            .tls
            .is_none());
        assert!(target("postgres://api@db.internal/filing?sslmode=prefer")
            .unwrap()
            .tls
            .is_none());
        assert!(target("postgres://api@db.internal/filing?sslmode=require")
            .unwrap()
            .tls
            .is_some());
        assert!(
            target("postgres://api@db.internal/filing?sslmode=verify-full")
                .unwrap()
                .tls
                .is_some()
        );
        // A CA file without TLS asked for is a mistake, not something to ignore.
        let err = target("postgres://h/db?sslrootcert=/etc/ca.pem")
            .err()
            .unwrap();
        assert!(err.contains("sslmode=verify-full"), "{err}");
        let err = target("postgres://h/db?sslmode=verify-full&sslrootcert=/no/such/ca.pem")
            .err()
            .unwrap();
        assert!(err.contains("/no/such/ca.pem"), "{err}");
    }
}

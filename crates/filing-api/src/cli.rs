//! Command line:
//!
//! ```text
//! filing-api serve [--addr 127.0.0.1:8080] [--data-dir filing-data] [--dist dist]
//!                  [--review-delay-secs 5] [--cors-origin URL]... [--frame-ancestor URL]... [--public-path /widget/]
//!                  [--location-or-ip-required] [--terminal-id-required-for 02,04]
//!                  [--review-time TYPICAL_SECS,LONGEST_SECS] [--no-merchant-profiles]
//!                  [--demo-merchant MID] [--no-sandbox]
//!                  [--max-connections 1024] [--header-timeout-secs 10] [--request-timeout-secs 30]
//!                  [--daily-filing-cap 200] [--webhook-url URL (secret: FILING_WEBHOOK_SECRET)]
//!                  [--jwks FILE] [--token-issuer ISS] [--token-audience AUD] [--token-max-lifetime-secs 86400]
//!                  [--database-url postgres://... (or FILING_DATABASE_URL)]
//! filing-api mint-token --mid MID [--ttl-secs 7200] [--token-issuer ISS] [--token-audience AUD]
//!                     [--token-max-lifetime-secs 86400] [--data-dir filing-data]
//! filing-api maintenance on|off [--minutes N] [--data-dir filing-data | --database-url URL]
//! filing-api openapi            (prints the OpenAPI 3.1 document, as checked in at docs/openapi.json)
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::config::{origin, Config, DEMO_MERCHANT, MAX_TOKEN_TTL_SECS};
use crate::{clock, maintenance, token};

const USAGE: &str = "usage:
  filing-api serve [--addr 127.0.0.1:8080] [--data-dir filing-data] [--dist dist]
                   [--review-delay-secs 5] [--cors-origin URL]... [--frame-ancestor URL]... [--public-path /widget/]
                   [--location-or-ip-required] [--terminal-id-required-for 02,04]
                   [--review-time TYPICAL_SECS,LONGEST_SECS] [--no-merchant-profiles]
                   [--demo-merchant MID] [--no-sandbox]
                   [--max-connections 1024] [--header-timeout-secs 10] [--request-timeout-secs 30]
                   [--daily-filing-cap 200] [--webhook-url URL (secret: FILING_WEBHOOK_SECRET)]
                   [--jwks FILE] [--token-issuer ISS] [--token-audience AUD] [--token-max-lifetime-secs 86400]
                   [--database-url postgres://... (or FILING_DATABASE_URL)]
  filing-api mint-token --mid MID [--ttl-secs 7200] [--token-issuer ISS] [--token-audience AUD]
                     [--token-max-lifetime-secs 86400] [--data-dir filing-data]
  filing-api maintenance on|off [--minutes N] [--data-dir filing-data | --database-url URL]
  filing-api openapi";

/// A parsed command line.
#[derive(Debug)]
pub enum Command {
    Serve(Box<Config>),
    MintToken {
        data_dir: PathBuf,
        mid: String,
        ttl_secs: i64,
        policy: crate::token::TokenPolicy,
    },
    Maintenance {
        data_dir: PathBuf,
        /// PostgreSQL instead of the SQLite file in `data_dir`.
        database_url: Option<String>,
        on: bool,
        minutes: Option<i64>,
    },
    OpenApi,
}

pub fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "filing_api=info,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse(&args) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("{msg}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Serve(config) => run(*config),
        Command::MintToken {
            data_dir,
            mid,
            ttl_secs,
            policy,
        } => match token::Secret::load_or_create(&data_dir)
            .map_err(|e| e.to_string())
            .and_then(|s| token::Keys::new(s, None, policy).map_err(|e| e.to_string()))
        {
            Ok(keys) => {
                println!("{}", keys.mint(&mid, clock::now_unix() + ttl_secs));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!(
                    "filing-api: cannot read the token secret in {}: {e}",
                    data_dir.display()
                );
                ExitCode::FAILURE
            }
        },
        Command::OpenApi => {
            println!("{}", crate::routes::openapi_json());
            ExitCode::SUCCESS
        }
        Command::Maintenance {
            data_dir,
            database_url,
            on,
            minutes,
        } => match switch_maintenance(&data_dir, database_url.as_deref(), on, minutes) {
            Ok(()) => {
                println!("maintenance {}", if on { "on" } else { "off" });
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("filing-api: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

fn value<'a>(it: &mut impl Iterator<Item = &'a String>, flag: &str) -> Result<&'a String, String> {
    it.next().ok_or_else(|| format!("{flag} needs a value"))
}

fn number<T: std::str::FromStr>(v: &str, flag: &str) -> Result<T, String> {
    v.parse()
        .map_err(|_| format!("{flag} {v:?} is not a number"))
}

/// A value that is not empty.
fn nonempty(v: &str, flag: &str) -> Result<String, String> {
    let v = v.trim();
    if v.is_empty() {
        return Err(format!("{flag} needs a value"));
    }
    Ok(v.to_owned())
}

/// A whole number from 1 up (a limit of 0 would refuse everything).
fn positive<T: std::str::FromStr + Default + PartialOrd>(v: &str, flag: &str) -> Result<T, String> {
    match v.parse::<T>() {
        Ok(n) if n > T::default() => Ok(n),
        _ => Err(format!("{flag} {v:?} must be a whole number from 1")),
    }
}

/// The environment variable with the PostgreSQL database's URL.
pub const DATABASE_URL_ENV: &str = "FILING_DATABASE_URL";

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut it = args.iter();
    let command = it.next().map(String::as_str).ok_or("missing command")?;
    let mut config = Config::new(
        SocketAddr::from(([127, 0, 0, 1], 8080)),
        PathBuf::from("filing-data"),
    );
    // The flag wins over the environment (where a password in the URL stays out of `ps`).
    config.database_url = std::env::var(DATABASE_URL_ENV)
        .ok()
        .filter(|s| !s.trim().is_empty());
    let mut mid = None;
    let mut ttl_secs = 7200;
    let mut minutes = None;
    let mut on = None;
    while let Some(arg) = it.next() {
        match (command, arg.as_str()) {
            ("serve", "--addr") => {
                let v = value(&mut it, arg)?;
                config.addr = v
                    .parse()
                    .map_err(|_| format!("--addr {v:?} is not an address like 127.0.0.1:8080"))?
            }
            ("serve", "--dist") => config.dist_dir = Some(PathBuf::from(value(&mut it, arg)?)),
            ("serve", "--public-path") => {
                let v = value(&mut it, arg)?;
                let p = v.trim_matches('/');
                let segment_ok = |s: &str| {
                    !s.is_empty()
                        && s != "."
                        && s != ".."
                        && s.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
                };
                if !p.is_empty() && !p.split('/').all(segment_ok) {
                    return Err(format!(
                        "{arg} {v:?}: a path like /widget/ (letters, digits, '-', '_', '.', '~')"
                    ));
                }
                config.public_path = if p.is_empty() {
                    "/".into()
                } else {
                    format!("/{p}/")
                };
            }
            ("serve", "--webhook-url") => {
                let url = value(&mut it, arg)?.clone();
                let secret = std::env::var("FILING_WEBHOOK_SECRET").map_err(|_| {
                    format!("{arg}: set the shared secret in FILING_WEBHOOK_SECRET (16 characters or more)")
                })?;
                config.webhook = Some(crate::notify::Webhook { url, secret });
            }
            ("serve", "--daily-filing-cap") => {
                config.daily_filing_cap = positive(value(&mut it, arg)?, arg)?
            }
            ("serve", "--max-connections") => {
                config.connections.max_connections = positive(value(&mut it, arg)?, arg)?
            }
            ("serve", "--header-timeout-secs") => {
                config.connections.header_read =
                    Duration::from_secs(positive(value(&mut it, arg)?, arg)?)
            }
            ("serve", "--request-timeout-secs") => {
                config.connections.request =
                    Duration::from_secs(positive(value(&mut it, arg)?, arg)?)
            }
            ("serve", "--review-delay-secs") => {
                config.review_delay = Duration::from_secs(number(value(&mut it, arg)?, arg)?)
            }
            ("serve", "--cors-origin") => config
                .cors_origins
                .push(origin(value(&mut it, arg)?).map_err(|e| format!("{arg} {e}"))?),
            ("serve", "--frame-ancestor") => config
                .frame_ancestors
                .push(origin(value(&mut it, arg)?).map_err(|e| format!("{arg} {e}"))?),
            ("serve", "--location-or-ip-required") => config.policy.location_or_ip_required = true,
            ("serve", "--terminal-id-required-for") => {
                let v = value(&mut it, arg)?;
                config.policy.terminal_id_required_for = v
                    .split(',')
                    .map(|code| {
                        filing_core::DeviceType::from_code(code.trim())
                            .filter(|d| d.selectable())
                            .ok_or_else(|| format!("{arg}: {code:?} is not a device type like 04"))
                    })
                    .collect::<Result<_, _>>()?;
            }
            ("serve", "--review-time") => {
                let v = value(&mut it, arg)?;
                let (typical, longest) = v
                    .split_once(',')
                    .ok_or_else(|| format!("{arg} {v:?}: give TYPICAL_SECS,LONGEST_SECS"))?;
                let typical: u64 = number(typical, arg)?;
                let longest: u64 = number(longest, arg)?;
                if typical > longest {
                    return Err(format!(
                        "{arg}: the typical time is longer than the longest"
                    ));
                }
                config.policy.review_time = filing_core::context::ReviewTime {
                    typical_secs: typical,
                    longest_secs: longest,
                };
            }
            ("serve", "--no-merchant-profiles") => config.merchant_profiles = false,
            ("serve", "--demo-merchant") => {
                let v = value(&mut it, arg)?;
                config.demo_merchant =
                    Some(filing_core::rules::merchant_id(v).map_err(|_| {
                        format!("{arg} {v:?} is not a 15-character merchant number")
                    })?);
            }
            ("serve", "--no-sandbox") => {
                config.sandbox = false;
                config.demo_merchant = None;
            }
            (_, "--data-dir") => config.data_dir = PathBuf::from(value(&mut it, arg)?),
            ("serve" | "maintenance", "--database-url") => {
                config.database_url = Some(nonempty(value(&mut it, arg)?, arg)?)
            }
            ("mint-token", "--mid") => {
                let v = value(&mut it, arg)?;
                mid =
                    Some(filing_core::rules::merchant_id(v).map_err(|_| {
                        format!("--mid {v:?} is not a 15-character merchant number")
                    })?)
            }
            ("mint-token", "--ttl-secs") => ttl_secs = number(value(&mut it, arg)?, arg)?,
            (_, "--token-issuer") => {
                config.token_policy.issuer = nonempty(value(&mut it, arg)?, arg)?
            }
            (_, "--token-audience") => {
                config.token_policy.audience = nonempty(value(&mut it, arg)?, arg)?
            }
            (_, "--token-max-lifetime-secs") => {
                let secs: i64 = positive(value(&mut it, arg)?, arg)?;
                if secs > MAX_TOKEN_TTL_SECS {
                    return Err(format!(
                        "{arg} {secs}: at most {MAX_TOKEN_TTL_SECS} seconds (7 days); tokens are short-lived"
                    ));
                }
                config.token_policy.max_lifetime_secs = secs;
            }
            ("serve", "--jwks") => config.jwks = Some(PathBuf::from(value(&mut it, arg)?)),
            ("maintenance", "on") => on = Some(true),
            ("maintenance", "off") => on = Some(false),
            ("maintenance", "--minutes") => minutes = Some(number(value(&mut it, arg)?, arg)?),
            _ => return Err(format!("unknown option {arg:?} for {command}")),
        }
    }
    match command {
        "serve" => Ok(Command::Serve(Box::new(config))),
        "mint-token" => {
            let most = config.token_policy.max_lifetime_secs;
            if !(1..=most).contains(&ttl_secs) {
                return Err(format!(
                    "--ttl-secs {ttl_secs}: a lifetime from 1 to {most} seconds (the tokens' longest)"
                ));
            }
            Ok(Command::MintToken {
                data_dir: config.data_dir,
                mid: mid.unwrap_or_else(|| DEMO_MERCHANT.to_owned()),
                ttl_secs,
                policy: config.token_policy,
            })
        }
        "openapi" => Ok(Command::OpenApi),
        "maintenance" => Ok(Command::Maintenance {
            data_dir: config.data_dir,
            database_url: config.database_url,
            on: on.ok_or("maintenance needs on or off")?,
            minutes,
        }),
        other => Err(format!("unknown command {other:?}")),
    }
}

/// Switches maintenance in the database every instance reads it from.
fn switch_maintenance(
    data_dir: &std::path::Path,
    database_url: Option<&str>,
    on: bool,
    minutes: Option<i64>,
) -> Result<(), String> {
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(async {
        let db = crate::db::open_configured(data_dir, database_url)
            .await
            .map_err(|e| crate::cause::chain(&e))?;
        maintenance::switch(&db, on, minutes)
            .await
            .map_err(|e| crate::cause::chain(&e))
    })
}

/// A database URL fit for a log: `postgres://user:secret@host/db` → `postgres://user@host/db`,
/// and a `password` parameter (libpq takes one) left out; the others (TLS) are kept.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "(not a URL)".to_owned();
    };
    let (place, query) = rest.split_once('?').unwrap_or((rest, ""));
    let place = match place.rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split_once(':').map_or(user, |(u, _)| u);
            format!("{user}@{host}")
        }
        None => place.to_owned(),
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some("password"))
        .collect();
    if kept.is_empty() {
        format!("{scheme}://{place}")
    } else {
        format!("{scheme}://{place}?{}", kept.join("&"))
    }
}

fn run(config: Config) -> ExitCode {
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(async move {
        let data_dir = config.data_dir.clone();
        let database = match &config.database_url {
            Some(url) => format!("PostgreSQL {}", without_password(url)),
            None => data_dir.join(crate::db::DB_FILE).display().to_string(),
        };
        let demo = config.demo_merchant.clone().filter(|_| config.sandbox);
        let widget = config
            .dist_dir
            .is_some()
            .then(|| config.public_path.clone());
        let server = match crate::start(config).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("filing-api: {}", crate::cause::chain(&e));
                return ExitCode::FAILURE;
            }
        };
        println!("filing-api listening on http://{}/", server.addr);
        println!("  API:      http://{}/api/v1/health", server.addr);
        if let Some(path) = &widget {
            println!("  widget:   http://{}{path}", server.addr);
            println!(
                "  embedded: http://{}{path}host.html (iframe and mount side by side)",
                server.addr
            );
        }
        println!("  database: {database}");
        if let Some(mid) = demo {
            println!("  sandbox:  demo merchant {mid}; the page carries a fresh token for it");
            println!("  token:    {}", server.mint_token(&mid, 2 * 3600));
        }
        match server.wait().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("filing-api: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn parses_serve_options() {
        let Command::Serve(c) = parse(&args(
            "serve --addr 127.0.0.1:9000 --data-dir d --dist w --review-delay-secs 0 --cors-origin http://a.test --no-sandbox --public-path widget",
        ))
        .unwrap() else {
            panic!("serve expected")
        };
        assert_eq!(c.addr.port(), 9000);
        assert_eq!(c.data_dir, PathBuf::from("d"));
        assert_eq!(c.dist_dir, Some(PathBuf::from("w")));
        assert_eq!(c.review_delay, Duration::ZERO);
        assert_eq!(c.cors_origins, ["http://a.test"]);
        assert!(!c.sandbox);
        assert_eq!(c.public_path, "/widget/");
        let Command::Serve(c) = parse(&args(
            "serve --terminal-id-required-for 02,04 --review-time 3600,86400 --no-merchant-profiles",
        ))
        .unwrap() else {
            panic!("serve expected")
        };
        let tid: Vec<_> = c
            .policy
            .terminal_id_required_for
            .iter()
            .map(|d| d.code())
            .collect();
        assert_eq!(tid, ["02", "04"]);
        assert_eq!(c.policy.review_time.longest_secs, 86_400);
        assert!(!c.merchant_profiles);
        assert!(parse(&args("serve --terminal-id-required-for 07"))
            .unwrap_err()
            .contains("device type"));
        assert!(parse(&args("serve --review-time 9,1")).is_err());
        let Command::Serve(c) = parse(&args(
            "serve --max-connections 8 --header-timeout-secs 2 --request-timeout-secs 3",
        ))
        .unwrap() else {
            panic!("serve expected")
        };
        assert_eq!(c.connections.max_connections, 8);
        assert_eq!(c.connections.header_read, Duration::from_secs(2));
        assert_eq!(c.connections.request, Duration::from_secs(3));
        let Command::Serve(c) = parse(&args("serve --daily-filing-cap 3")).unwrap() else {
            panic!("serve expected")
        };
        assert_eq!(c.daily_filing_cap, 3);
        for bad in [
            "--max-connections 0",
            "--header-timeout-secs -1",
            "--request-timeout-secs x",
        ] {
            assert!(parse(&args(&format!("serve {bad}")))
                .unwrap_err()
                .contains("whole number"));
        }
    }

    #[test]
    fn a_database_urls_password_stays_out_of_the_log() {
        assert_eq!(
            without_password("postgres://api:s3cr@t@db.internal:5432/filing"),
            "postgres://api@db.internal:5432/filing"
        );
        assert_eq!(
            without_password("postgres://db.internal/filing"),
            "postgres://db.internal/filing"
        );
        assert_eq!(without_password("host=db password=x"), "(not a URL)");
        // The query is not the user's part, and a password given there stays out too.
        assert_eq!(
            without_password(
                "postgres://api:pw@db.internal/filing?sslmode=verify-full&sslrootcert=/etc/ca@1.pem&password=x"
            ),
            "postgres://api@db.internal/filing?sslmode=verify-full&sslrootcert=/etc/ca@1.pem"
        );
        assert_eq!(
            without_password("postgres://api@db.internal/filing?password=x"),
            "postgres://api@db.internal/filing"
        );
    }

    #[test]
    fn parses_the_other_commands() {
        assert!(matches!(
            parse(&args("mint-token --mid 898310058120002 --ttl-secs 60")).unwrap(),
            Command::MintToken { ttl_secs: 60, ref mid, .. } if mid == "898310058120002"
        ));
        assert!(matches!(
            parse(&args("maintenance on --minutes 30")).unwrap(),
            Command::Maintenance {
                on: true,
                minutes: Some(30),
                ..
            }
        ));
        assert!(matches!(
            parse(&args("maintenance off --database-url postgres://api@db.internal/filing")).unwrap(),
            Command::Maintenance { on: false, database_url: Some(ref u), .. }
                if u == "postgres://api@db.internal/filing"
        ));
        let Command::Serve(c) = parse(&args(
            "serve --database-url postgres://api@db.internal/filing",
        ))
        .unwrap() else {
            panic!("serve")
        };
        assert_eq!(
            c.database_url.as_deref(),
            Some("postgres://api@db.internal/filing")
        );
        assert!(parse(&args("mint-token --database-url postgres://x/y"))
            .unwrap_err()
            .contains("unknown option"));
    }

    #[test]
    fn rejects_bad_input_with_a_message() {
        assert!(parse(&args("")).unwrap_err().contains("missing command"));
        assert!(parse(&args("serve --addr nope"))
            .unwrap_err()
            .contains("--addr"));
        assert!(parse(&args("serve --dist"))
            .unwrap_err()
            .contains("needs a value"));
        assert!(parse(&args("mint-token --mid 123"))
            .unwrap_err()
            .contains("merchant number"));
        assert!(parse(&args("maintenance"))
            .unwrap_err()
            .contains("on or off"));
        // A bad origin used to drop `frame-ancestors` from the CSP without a word.
        for flag in ["--cors-origin", "--frame-ancestor"] {
            for bad in [
                "shop.example",
                "https://shop.example/x",
                "https://*.example",
            ] {
                let e = parse(&args(&format!("serve {flag} {bad}"))).unwrap_err();
                assert!(e.contains(flag) && e.contains("not an origin"), "{e}");
            }
        }
        for bad in ["-1", "0", "86401", "99999999999999999999"] {
            let e = parse(&args(&format!("mint-token --ttl-secs {bad}"))).unwrap_err();
            assert!(e.contains("--ttl-secs"), "{bad}: {e}");
        }
        assert!(parse(&args("mint-token --ttl-secs 86400")).is_ok());
        // A longer lifetime only where the server accepts it, and never beyond 7 days.
        let longer = "--token-max-lifetime-secs 604800 --ttl-secs 604800";
        assert!(parse(&args(&format!("mint-token {longer}"))).is_ok());
        let e = parse(&args("serve --token-max-lifetime-secs 604801")).unwrap_err();
        assert!(e.contains("--token-max-lifetime-secs"), "{e}");
        for flag in ["--token-issuer", "--token-audience"] {
            let blank = ["serve", flag, " "].map(str::to_owned);
            assert!(parse(&blank).unwrap_err().contains(flag));
        }
        // Regression: `--public-path '*'` made the router panic at start (exit 134).
        for bad in ["*", "/a/../b/", "/{id}/", "/a%20b/", "//x//:y"] {
            assert!(
                parse(&args(&format!("serve --public-path {bad}")))
                    .unwrap_err()
                    .contains("--public-path"),
                "{bad}"
            );
        }
    }
}

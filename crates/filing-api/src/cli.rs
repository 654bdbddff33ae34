//! Command line: `filing-api serve [--addr 127.0.0.1:8080] [--data-dir DIR] [--dist DIR]`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::config::Config;

const USAGE: &str =
    "usage: filing-api serve [--addr 127.0.0.1:8080] [--data-dir filing-data] [--dist dist]";

pub fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "filing_api=info,tower_http=info".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse(&args) {
        Ok(config) => run(config),
        Err(msg) => {
            eprintln!("{msg}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Config, String> {
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        Some("serve") => {}
        Some(other) => return Err(format!("unknown command {other:?}")),
        None => return Err("missing command".to_owned()),
    }
    let mut config = Config::new(
        SocketAddr::from(([127, 0, 0, 1], 8080)),
        PathBuf::from("filing-data"),
    );
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--addr" => {
                config.addr = value.parse().map_err(|_| {
                    format!("--addr {value:?} is not an address like 127.0.0.1:8080")
                })?
            }
            "--data-dir" => config.data_dir = PathBuf::from(value),
            "--dist" => config.dist_dir = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown option {flag:?}")),
        }
    }
    Ok(config)
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
        let server = match crate::start(config).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("filing-api: {e}");
                return ExitCode::FAILURE;
            }
        };
        println!("filing-api listening on http://{}/", server.addr);
        println!("  API:      http://{}/api/v1/health", server.addr);
        println!(
            "  database: {}",
            data_dir.join(crate::db::DB_FILE).display()
        );
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
        let c = parse(&args("serve --addr 127.0.0.1:9000 --data-dir d --dist w")).unwrap();
        assert_eq!(c.addr.port(), 9000);
        assert_eq!(c.data_dir, PathBuf::from("d"));
        assert_eq!(c.dist_dir, Some(PathBuf::from("w")));
    }

    #[test]
    fn rejects_bad_input_with_a_message() {
        assert!(parse(&args("")).unwrap_err().contains("missing command"));
        assert!(parse(&args("serve --addr nope"))
            .unwrap_err()
            .contains("--addr"));
        assert!(parse(&args("serve --port"))
            .unwrap_err()
            .contains("needs a value"));
    }
}

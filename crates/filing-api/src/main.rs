//! `filing-api` binary: see the crate docs in lib.rs for what it serves.

fn main() -> std::process::ExitCode {
    filing_api::cli::main()
}

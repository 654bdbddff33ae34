//! Server configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen; the port may be 0 to pick a free one.
    pub addr: SocketAddr,
    /// Directory holding the SQLite database file (created on first start).
    pub data_dir: PathBuf,
    /// The Trunk-built widget (`dist/`), served at `/` when present.
    pub dist_dir: Option<PathBuf>,
}

impl Config {
    pub fn new(addr: SocketAddr, data_dir: PathBuf) -> Self {
        Config {
            addr,
            data_dir,
            dist_dir: None,
        }
    }
}

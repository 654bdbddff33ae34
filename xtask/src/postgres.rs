//! A throwaway PostgreSQL server for the tests: Debian's package (installed if missing), a
//! fresh cluster in a temporary directory, listening on a free loopback port only, run as an
//! unprivileged user (`nobody` when this runs as root; PostgreSQL refuses root anyway), without
//! fsync for the tests (nothing in it outlives the run) and with it for the benchmarks. [`Cluster`] stops it and removes the directory when
//! dropped, so also when the tests fail; a cluster left by a run that was killed is removed by
//! the next one.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run;

/// The user the cluster's processes run as, when this runs as root.
const UNPRIVILEGED: &str = "nobody";
/// The cluster's superuser name (trust authentication, loopback only).
const SUPERUSER: &str = "filing";
/// Name prefix of the clusters' directories in the temporary directory.
const PREFIX: &str = "filing-test-pg-";

/// A running cluster; stopped and removed on drop.
pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    /// `postgres://filing@127.0.0.1:<port>`: the server, without a database.
    pub url: String,
}

fn is_root() -> bool {
    // The owner of this process's /proc entry is its effective user.
    std::fs::metadata("/proc/self").is_ok_and(|m| {
        use std::os::unix::fs::MetadataExt;
        m.uid() == 0
    })
}

/// The directory of `initdb` and `pg_ctl`: Debian keeps them per major version.
fn binaries() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| Some(e.ok()?.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists() && bin.join("pg_ctl").exists())
        .collect();
    versions.sort();
    versions.pop()
}

fn install() -> Result<PathBuf, String> {
    if let Some(bin) = binaries() {
        return Ok(bin);
    }
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "--no-install-recommends", "postgresql"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    binaries().ok_or_else(|| "postgresql installed, but no initdb under /usr/lib/postgresql".into())
}

/// `program args` as the cluster's user.
fn as_owner(program: &Path) -> Command {
    if is_root() {
        let mut cmd = Command::new("setpriv");
        cmd.args([
            &format!("--reuid={UNPRIVILEGED}"),
            "--regid=nogroup",
            "--clear-groups",
            "--",
        ])
        .arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// Stops the server of cluster directory `dir` (if it runs) and removes the directory.
fn remove(bin: &Path, dir: &Path) {
    let data = dir.join("data");
    if data.join("postmaster.pid").exists() {
        let _ = as_owner(&bin.join("pg_ctl"))
            .args(["stop", "-m", "immediate", "-w", "-D"])
            .arg(&data)
            .stdout(std::process::Stdio::null())
            .status();
    }
    let _ = std::fs::remove_dir_all(dir);
}

impl Cluster {
    /// For tests: fsync off (nothing in it outlives the run).
    pub fn start() -> Result<Cluster, String> {
        Cluster::start_with(false)
    }

    /// For benchmarks: fsync on, every commit durable, as a deployed server.
    pub fn start_durable() -> Result<Cluster, String> {
        Cluster::start_with(true)
    }

    fn start_with(durable: bool) -> Result<Cluster, String> {
        let bin = install()?;
        let tmp = std::env::temp_dir();
        // What a killed run left behind.
        if let Ok(entries) = std::fs::read_dir(&tmp) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with(PREFIX) {
                    remove(&bin, &e.path());
                }
            }
        }
        let dir = tmp.join(format!("{PREFIX}{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        // From here on the directory is removed on every way out.
        let port = free_port()?;
        let cluster = Cluster {
            url: format!("postgres://{SUPERUSER}@127.0.0.1:{port}"),
            bin,
            dir,
        };
        if is_root() {
            run(Command::new("chown")
                .arg(format!("{UNPRIVILEGED}:nogroup"))
                .arg(&cluster.dir))?;
        }
        let data = cluster.dir.join("data");
        run(as_owner(&cluster.bin.join("initdb"))
            .args([
                "--auth=trust",
                "--username",
                SUPERUSER,
                "--no-sync",
                "-E",
                "UTF8",
            ])
            .arg("-D")
            .arg(&data)
            .stdout(std::process::Stdio::null()))?;
        let options = format!(
            "-h 127.0.0.1 -p {port} -k {} -c max_connections=300{}",
            cluster.dir.display(),
            if durable { "" } else { " -F" }
        );
        run(as_owner(&cluster.bin.join("pg_ctl"))
            .args(["start", "-w", "-D"])
            .arg(&data)
            .arg("-l")
            .arg(cluster.dir.join("log"))
            .args(["-o", &options]))?;
        eprintln!("xtask: throwaway PostgreSQL at {}", cluster.url);
        Ok(cluster)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        remove(&self.bin, &self.dir);
    }
}

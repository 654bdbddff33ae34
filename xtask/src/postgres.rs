//! A throwaway PostgreSQL server for the tests: Debian's package (installed if missing), a
//! fresh cluster in a temporary directory, listening on a free loopback port only, run as an
//! unprivileged user (`nobody` when this runs as root; PostgreSQL refuses root anyway), without
//! fsync for the tests (nothing in it outlives the run) and with it for the benchmarks, with
//! TLS offered (a throwaway CA's certificate for 127.0.0.1; [`Cluster::tls_url`]). [`Cluster`] stops it and removes the directory when
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

/// TLS for the cluster: a throwaway CA (`ca.pem`) and a certificate it issued for 127.0.0.1
/// (`server.pem`, `server.key`), made with the `openssl` command in `dir` (every path absolute:
/// [`run`] runs commands in the workspace root).
fn make_certificates(dir: &Path) -> Result<(), String> {
    // `@name` is the file `name` in `dir`.
    let openssl = |args: &str| {
        let args = args.split(' ').map(|a| match a.strip_prefix('@') {
            Some(name) => dir.join(name).into_os_string(),
            None => a.into(),
        });
        run(Command::new("openssl").args(args))
    };
    let p256 = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    openssl(&format!(
        "req -x509 -new {p256} -keyout @ca.key -out @ca.pem -days 2 -subj /CN=filing-throwaway-test-CA"
    ))?;
    openssl(&format!(
        "req -new {p256} -keyout @server.key -out @server.csr -subj /CN=127.0.0.1"
    ))?;
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName = IP:127.0.0.1\nbasicConstraints = CA:FALSE\n\
         keyUsage = digitalSignature\nextendedKeyUsage = serverAuth\n",
    )
    .map_err(|e| e.to_string())?;
    openssl(
        "x509 -req -in @server.csr -CA @ca.pem -CAkey @ca.key -CAcreateserial -CAserial @ca.srl \
         -out @server.pem -days 2 -extfile @server.ext",
    )?;
    // PostgreSQL reads its key only if no one else can.
    let key = dir.join("server.key");
    if is_root() {
        run(Command::new("chown")
            .arg(format!("{UNPRIVILEGED}:nogroup"))
            .arg(&key))?;
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| e.to_string())
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
    let has_openssl = Command::new("openssl")
        .arg("version")
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if let (Some(bin), true) = (binaries(), has_openssl) {
        return Ok(bin);
    }
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .args([
            "install",
            "-y",
            "--no-install-recommends",
            "postgresql",
            "openssl",
        ])
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
        make_certificates(&cluster.dir)?;
        // TLS offered, not required: the tests connect both ways.
        let options = format!(
            "-h 127.0.0.1 -p {port} -k {dir} -c max_connections=300 -c ssl=on \
             -c ssl_cert_file={dir}/server.pem -c ssl_key_file={dir}/server.key{}",
            if durable { "" } else { " -F" },
            dir = cluster.dir.display(),
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

impl Cluster {
    /// The server's URL with libpq's parameters for a verified TLS connection (the driver's
    /// `sslmode=verify-full` and the cluster's CA, `sslrootcert`).
    pub fn tls_url(&self) -> String {
        format!(
            "{}?sslmode=verify-full&sslrootcert={}",
            self.url,
            self.dir.join("ca.pem").display()
        )
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        remove(&self.bin, &self.dir);
    }
}

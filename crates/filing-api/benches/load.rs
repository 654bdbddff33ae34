//! Loopback load on the reference API (run by `cargo xtask bench`): status look-ups and filing
//! submissions from concurrent keep-alive connections for a fixed time; prints requests per
//! second and p50 / p99 latency. Server and load generator share this machine's cores.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use filing_api::limits::RateLimit;
use filing_api::Config;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const CONNECTIONS: usize = 16;
const DURATION: Duration = Duration::from_secs(5);

struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> Conn {
        Conn {
            reader: BufReader::new({
                let s = TcpStream::connect(addr).await.expect("connect");
                s.set_nodelay(true).expect("nodelay");
                s
            }),
        }
    }

    /// Sends one request and reads the whole response; returns the status.
    async fn request(&mut self, head: &str, body: &[u8]) -> u16 {
        // One write per request: split writes meet Nagle and delayed ACK and measure 40 ms stalls.
        let mut request = Vec::with_capacity(head.len() + body.len());
        request.extend_from_slice(head.as_bytes());
        request.extend_from_slice(body);
        self.reader
            .get_mut()
            .write_all(&request)
            .await
            .expect("write");
        let mut line = String::new();
        self.reader.read_line(&mut line).await.expect("status line");
        let status = line.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut len = 0;
        loop {
            line.clear();
            self.reader.read_line(&mut line).await.expect("header");
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap_or(0);
            }
        }
        let mut buf = vec![0; len];
        self.reader.read_exact(&mut buf).await.expect("body");
        status
    }
}

fn filing(serial: &str) -> String {
    format!(
        r#"{{"device_type":"04","merchant_type":"enterprise","serial_number":"{serial}","manufacturer":"NEWLAND","model":"N910","network_licence":"P3100",
        "merchant_id":"898310058120001","terminal_id":"12345678","merchant_name":"上海示例餐饮有限公司",
        "credit_code":"91350100M000100Y43","contact_name":"张三","contact_mobile":"13800138000","region":"310104",
        "address":"漕溪北路 88 号"}}"#
    )
}

/// Builds request `i` of connection `c`: (head, body).
type MakeRequest = Arc<dyn Fn(usize, usize) -> (String, Vec<u8>) + Send + Sync>;

/// Runs `CONNECTIONS` loops of `make(conn_no, i)` for `DURATION`, connection `c` to
/// `addrs[c % addrs.len()]`.
async fn load(addrs: Arc<[SocketAddr]>, make: MakeRequest) -> (f64, Duration, Duration, usize) {
    let start = Instant::now();
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|c| {
            let make = make.clone();
            let addr = addrs[c % addrs.len()];
            tokio::spawn(async move {
                let mut conn = Conn::open(addr).await;
                let mut lat = vec![];
                let mut errors = 0;
                let mut i = 0;
                while start.elapsed() < DURATION {
                    let (head, body) = make(c, i);
                    let t = Instant::now();
                    let status = conn.request(&head, &body).await;
                    lat.push(t.elapsed());
                    if !(200..300).contains(&status) {
                        errors += 1;
                    }
                    i += 1;
                }
                (lat, errors)
            })
        })
        .collect();
    let mut all = vec![];
    let mut errors = 0;
    for t in tasks {
        let (lat, e) = t.await.expect("task");
        all.extend(lat);
        errors += e;
    }
    let secs = start.elapsed().as_secs_f64();
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    (all.len() as f64 / secs, pct(0.50), pct(0.99), errors)
}

/// Starts `instances` servers on one database (the SQLite file in `dir`, or PostgreSQL at
/// `url`): as behind a load balancer, connection `c` goes to instance `c % instances`.
async fn servers(
    dir: &std::path::Path,
    url: Option<String>,
    instances: usize,
) -> Vec<filing_api::RunningServer> {
    let mut servers = vec![];
    for _ in 0..instances {
        let mut config = Config::new(SocketAddr::from(([127, 0, 0, 1], 0)), dir.to_owned());
        config.database_url = url.clone();
        config.rate_limit = RateLimit {
            per_second: 1e9,
            burst: 1e9,
        };
        // One merchant files every submission: no daily cap here.
        config.daily_filing_cap = u32::MAX;
        // Reviews run a minute later, so the figures are of the request paths themselves.
        config.review_delay = Duration::from_secs(60);
        servers.push(filing_api::start(config).await.expect("server"));
    }
    servers
}

/// Both loads on one set-up; prints one line per load, prefixed with `label`.
async fn measure(label: &str, servers: &[filing_api::RunningServer]) {
    let addrs: Arc<[SocketAddr]> = servers.iter().map(|s| s.addr).collect();
    let token = servers[0].mint_token("898310058120001", 3600);
    let auth: Arc<str> = format!("Bearer {token}").into();
    let a = auth.clone();
    let lookups: MakeRequest = Arc::new(move |_, i| {
        let serial = ["SB-OK-0001", "SB-NOTACT-01", "SB-REVOKED-01", "NOPE-1"][i % 4];
        let head = format!(
            "GET /api/v1/terminals/{serial} HTTP/1.1\r\nHost: bench\r\nAuthorization: {a}\r\n\r\n"
        );
        (head, vec![])
    });
    let (rps, p50, p99, errors) = load(addrs.clone(), lookups).await;
    println!(
        "{label} status-lookup rps={rps:.0} p50_us={} p99_us={} errors={errors}",
        p50.as_micros(),
        p99.as_micros()
    );

    let submissions: MakeRequest = Arc::new(move |c, i| {
        let body = filing(&format!("LOAD-{c}-{i}")).into_bytes();
        let head = format!(
            "POST /api/v1/filings HTTP/1.1\r\nHost: bench\r\nAuthorization: {}\r\nContent-Type: application/json\r\n\
             Idempotency-Key: load-{c}-{i}\r\nContent-Length: {}\r\n\r\n",
            auth,
            body.len()
        );
        (head, body)
    });
    // A submission that fails would measure the error path: the filing must be accepted.
    let (head, body) = submissions(999, 0);
    let status = Conn::open(addrs[0]).await.request(&head, &body).await;
    assert_eq!(status, 201, "the benchmarked filing is refused");
    let (rps, p50, p99, errors) = load(addrs, submissions).await;
    println!(
        "{label} submission rps={rps:.0} p50_us={} p99_us={} errors={errors}",
        p50.as_micros(),
        p99.as_micros()
    );
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("data dir");
    let sqlite = servers(dir.path(), None, 1).await;
    measure("sqlite-1", &sqlite).await;
    for s in sqlite {
        s.stop().await.expect("stop");
    }
    // PostgreSQL when `cargo xtask bench` started a server for it: one instance, then two on
    // one database.
    for instances in [1, 2] {
        let Some(url) = filing_api::db::testing::new_postgres_database().await else {
            break;
        };
        let dir = tempfile::tempdir().expect("data dir");
        let servers = servers(dir.path(), Some(url), instances).await;
        measure(&format!("postgres-{instances}"), &servers).await;
        for s in servers {
            s.stop().await.expect("stop");
        }
    }
}

//! Helpers for the API tests: a real server on loopback with a real database (a SQLite file in
//! a temporary data directory, or, when `FILING_TEST_POSTGRES` names a server, a PostgreSQL
//! database of its own), and a small HTTP/1.1 client.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use filing_api::{Config, RunningServer};
use filing_core::FilingInput;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const MID_A: &str = "898310058120001";
pub const MID_B: &str = "898310058120002";
/// The sandbox's 小微 merchant (李记早餐店), identified by its operator's ID number.
pub const MID_MICRO: &str = "898310058120003";

/// Where the server with data directory `dir` keeps its PostgreSQL database's URL, so a
/// restart on the same directory finds the same database.
const DATABASE_URL_FILE: &str = "test-database-url";

/// The PostgreSQL database of the server with data directory `dir` (created on first use),
/// when the tests run on PostgreSQL.
pub async fn database_url(dir: &Path) -> Option<String> {
    let file = dir.join(DATABASE_URL_FILE);
    if let Ok(url) = std::fs::read_to_string(&file) {
        return Some(url);
    }
    let url = filing_api::db::testing::new_postgres_database().await?;
    std::fs::write(&file, &url).unwrap();
    Some(url)
}

/// Whether the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var(filing_api::db::testing::POSTGRES_ENV).is_ok_and(|s| !s.is_empty())
}

/// The database of the server with data directory `dir`, opened beside it (to age records,
/// to count what the server wrote).
pub async fn database(dir: &Path) -> filing_api::db::Db {
    filing_api::db::open_configured(dir, database_url(dir).await.as_deref())
        .await
        .unwrap()
}

/// Runs one statement on the database of the server with data directory `dir`.
pub async fn execute(dir: &Path, sql: &str, params: &[filing_api::sql::Value]) -> usize {
    let db = database(dir).await;
    let mut conn = db.conn().await.unwrap();
    conn.execute(sql, params).await.unwrap()
}

/// The first column of the first row of a query on the database of the server in `dir`.
pub async fn query_one<T: filing_api::sql::FromValue>(
    dir: &Path,
    sql: &str,
    params: &[filing_api::sql::Value],
) -> T {
    let db = database(dir).await;
    let mut conn = db.conn().await.unwrap();
    conn.one(sql, params).await.unwrap().get(0).unwrap()
}

pub async fn config(dir: &Path) -> Config {
    let mut c = sqlite_config(dir);
    c.database_url = database_url(dir).await;
    c
}

/// A server on the SQLite file in `dir` whatever engine the tests run on (tests of the file
/// itself).
pub fn sqlite_config(dir: &Path) -> Config {
    let mut c = Config::new(SocketAddr::from(([127, 0, 0, 1], 0)), dir.to_owned());
    c.review_delay = Duration::ZERO;
    c
}

pub async fn start_with(config: Config) -> RunningServer {
    filing_api::start(config).await.expect("server starts")
}

pub struct Api {
    pub server: RunningServer,
    pub dir: tempfile::TempDir,
    pub token_a: String,
    pub token_b: String,
}

impl Api {
    pub async fn start() -> Api {
        Api::start_configured(|_| {}).await
    }

    /// A server on a SQLite file whatever engine the tests run on (tests of the file itself).
    pub async fn start_sqlite() -> Api {
        Api::start_configured(|c| c.database_url = None).await
    }

    pub async fn start_configured(f: impl FnOnce(&mut Config)) -> Api {
        let dir = tempfile::tempdir().unwrap();
        let mut c = config(dir.path()).await;
        f(&mut c);
        let server = start_with(c).await;
        let token_a = server.mint_token(MID_A, 600);
        let token_b = server.mint_token(MID_B, 600);
        Api {
            server,
            dir,
            token_a,
            token_b,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The envelope's error code.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    }
}

/// One request on a fresh connection (`Connection: close`).
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    s.write_all(body).await.unwrap();
    let mut raw = vec![];
    s.read_to_end(&mut raw).await.unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = String::from_utf8_lossy(&raw[split + 4..]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap()[9..12].parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    Resp {
        status,
        headers,
        body,
    }
}

pub async fn get(addr: SocketAddr, path: &str, token: &str) -> Resp {
    let auth = format!("Bearer {token}");
    send(addr, "GET", path, &[("Authorization", &auth)], b"").await
}

/// `POST /api/v1/filings` with a JSON body and an idempotency key.
pub async fn post_filing(addr: SocketAddr, token: &str, key: &str, body: &Value) -> Resp {
    let auth = format!("Bearer {token}");
    let body = serde_json::to_vec(body).unwrap();
    send(
        addr,
        "POST",
        "/api/v1/filings",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
            ("Idempotency-Key", key),
        ],
        &body,
    )
    .await
}

pub async fn put_filing(
    addr: SocketAddr,
    token: &str,
    id: &str,
    if_match: Option<&str>,
    body: &Value,
) -> Resp {
    let auth = format!("Bearer {token}");
    let mut headers = vec![
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    if let Some(m) = if_match {
        headers.push(("If-Match", m));
    }
    let body = serde_json::to_vec(body).unwrap();
    send(
        addr,
        "PUT",
        &format!("/api/v1/filings/{id}"),
        &headers,
        &body,
    )
    .await
}

/// A complete, valid filing of the sandbox's merchant A for `serial` (a certified smart POS).
pub fn filing_a(serial: &str) -> FilingInput {
    filing_api::registry::demo_filing(serial)
}

/// A complete, valid filing of the sandbox's merchant B (杭州样例便利店) for `serial`.
pub fn filing_b(serial: &str) -> FilingInput {
    FilingInput {
        merchant_id: MID_B.into(),
        merchant_name: "杭州样例便利店有限公司".into(),
        credit_code: "91330106MA2AB3CD1Q".into(),
        ..filing_api::registry::sandbox_filing(serial)
    }
}

/// The 小微 merchant's QR stand (type 11): no serial, no terminal number, no credit code; the
/// operator's ID number as the merchant record holds it, masked ("the number on file").
pub fn micro_qr_stand() -> FilingInput {
    FilingInput {
        device_type: "11".into(),
        manufacturer: "SUNMI".into(),
        model: "QR01".into(),
        network_licence: "P3301".into(),
        merchant_id: MID_MICRO.into(),
        merchant_type: "micro".into(),
        merchant_name: "李记早餐店".into(),
        operator_id_number: "110***********002X".into(),
        contact_name: "李四".into(),
        contact_mobile: "13900139000".into(),
        region: "310104".into(),
        address: "漕溪北路 90 号".into(),
        device_ip: "2408:8207:1234::1".into(),
        qr_code: "QR-XW-0001".into(),
        ..FilingInput::default()
    }
}

pub fn json(input: &FilingInput) -> Value {
    serde_json::to_value(input).unwrap()
}

/// Polls a filing until its status is no longer pending (the reviewer runs in the background).
pub async fn settled(addr: SocketAddr, token: &str, id: &str) -> Value {
    for _ in 0..200 {
        let r = get(addr, &format!("/api/v1/filings/{id}"), token).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let v = r.json();
        if v["status"] != "pending" {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("filing {id} was never reviewed");
}

/// What the acquirer's webhook receives: (body, signature header) of each request.
pub type Received = Arc<Mutex<Vec<(String, String)>>>;

/// A webhook on loopback that answers 500 to the first `failures` requests, then 200.
pub async fn webhook(failures: usize) -> (String, Received) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let received: Received = Default::default();
    let seen = received.clone();
    tokio::spawn(async move {
        let mut count = 0;
        while let Ok((mut s, _)) = listener.accept().await {
            let mut raw = vec![];
            let mut buf = [0u8; 4096];
            let (head, body) = loop {
                let n = s.read(&mut buf).await.unwrap_or(0);
                if n == 0 {
                    break (String::new(), String::new());
                }
                raw.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&raw).into_owned();
                if let Some((head, body)) = text.split_once("\r\n\r\n") {
                    let len: usize = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length: ")
                                .map(|v| v.trim().parse().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if body.len() >= len {
                        break (head.to_owned(), body.to_owned());
                    }
                }
            };
            let signature = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .starts_with("filing-signature:")
                        .then(|| l[17..].trim().to_owned())
                })
                .unwrap_or_default();
            seen.lock().unwrap().push((body, signature));
            count += 1;
            let status = if count <= failures {
                "500 Internal Server Error"
            } else {
                "200 OK"
            };
            let _ = s
                .write_all(
                    format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                        .as_bytes(),
                )
                .await;
        }
    });
    (url, received)
}

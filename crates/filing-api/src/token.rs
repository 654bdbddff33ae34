//! Bearer tokens: short-lived, HMAC-SHA256-signed, carrying one merchant number (MID). Pure:
//! minting and verifying, no HTTP (the [`crate::auth`] layer applies it to requests).
//!
//! Format: `v1.<MID>.<expiry unix seconds>.<base64url(HMAC(secret, "v1.<MID>.<expiry>"))>`.
//! The acquirer's backend mints one per merchant session; `filing-api mint-token` does the same
//! with the server's secret. The secret lives in the data directory (created on first start).

use std::path::Path;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// File name of the signing secret inside the data directory.
pub const SECRET_FILE: &str = "token-secret";

#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    pub fn new(bytes: Vec<u8>) -> Secret {
        Secret(bytes)
    }

    /// Reads the secret from the data directory, creating a random one (mode 0600) if absent.
    pub fn load_or_create(data_dir: &Path) -> std::io::Result<Secret> {
        let path = data_dir.join(SECRET_FILE);
        match std::fs::read(&path) {
            Ok(bytes) if bytes.len() >= 32 => return Ok(Secret(bytes)),
            Ok(_) => {
                return Err(std::io::Error::other(
                    "token secret is shorter than 32 bytes",
                ))
            }
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            Err(_) => {}
        }
        std::fs::create_dir_all(data_dir)?;
        let mut bytes = vec![0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        std::io::Write::write_all(&mut opts.open(&path)?, &bytes)?;
        Ok(Secret(bytes))
    }

    fn mac(&self, payload: &str) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(payload.as_bytes());
        mac
    }

    /// A token for `mid` valid until `expires` (Unix seconds).
    pub fn mint(&self, mid: &str, expires: i64) -> String {
        let payload = format!("v1.{mid}.{expires}");
        let sig = URL_SAFE_NO_PAD.encode(self.mac(&payload).finalize().into_bytes());
        format!("{payload}.{sig}")
    }

    /// The MID of a valid, unexpired token.
    pub fn verify(&self, token: &str, now: i64) -> Result<String, TokenError> {
        let (payload, sig) = token.rsplit_once('.').ok_or(TokenError::Malformed)?;
        let mut parts = payload.split('.');
        let (Some("v1"), Some(mid), Some(exp), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        let sig = URL_SAFE_NO_PAD
            .decode(sig)
            .map_err(|_| TokenError::Malformed)?;
        self.mac(payload)
            .verify_slice(&sig)
            .map_err(|_| TokenError::BadSignature)?;
        let exp: i64 = exp.parse().map_err(|_| TokenError::Malformed)?;
        if exp <= now {
            return Err(TokenError::Expired);
        }
        filing_core::rules::merchant_id(mid).map_err(|_| TokenError::Malformed)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Missing,
    Malformed,
    BadSignature,
    Expired,
}

/// What the [`crate::auth`] layer found out about a request's bearer token: the merchant it
/// names, or why it names none. Kept in the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller(pub Result<String, TokenError>);

#[cfg(test)]
mod tests {

    #[test]
    fn the_secret_is_never_printed() {
        let s = Secret::new(b"0123456789abcdef0123456789abcdef".to_vec());
        assert_eq!(format!("{s:?}"), "Secret(..)");
    }

    #[test]
    fn a_short_secret_file_is_refused_not_used() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SECRET_FILE), b"too short").unwrap();
        let e = Secret::load_or_create(dir.path()).unwrap_err();
        assert!(e.to_string().contains("32 bytes"), "{e}");
        // A long enough one is read as it is, never replaced.
        let long = vec![7u8; 40];
        std::fs::write(dir.path().join(SECRET_FILE), &long).unwrap();
        let s = Secret::load_or_create(dir.path()).unwrap();
        assert_eq!(
            s.mint("898310058120001", 1),
            Secret::new(long).mint("898310058120001", 1)
        );
    }

    use super::*;

    const MID: &str = "898310058120001";

    #[test]
    fn minted_tokens_verify_until_they_expire() {
        let s = Secret::new(vec![7; 32]);
        let t = s.mint(MID, 1_000);
        assert_eq!(s.verify(&t, 999), Ok(MID.to_owned()));
        assert_eq!(s.verify(&t, 1_000), Err(TokenError::Expired));
    }

    #[test]
    fn forged_and_malformed_tokens_are_refused() {
        let s = Secret::new(vec![7; 32]);
        let other = Secret::new(vec![8; 32]);
        assert_eq!(
            s.verify(&other.mint(MID, 9_999), 1),
            Err(TokenError::BadSignature)
        );
        let t = s.mint(MID, 9_999);
        let tampered = t.replace(MID, "898310058120002");
        assert_eq!(s.verify(&tampered, 1), Err(TokenError::BadSignature));
        let later = t.replace("9999", "99999");
        assert_eq!(s.verify(&later, 1), Err(TokenError::BadSignature));
        for bad in [
            "",
            "v1",
            "v1.a.b",
            "v2.x.1.sig",
            "v1.x.y.z.w",
            "v1.898310058120001.1.!!",
        ] {
            assert!(s.verify(bad, 1).is_err(), "{bad}");
        }
    }

    #[test]
    fn secret_is_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let a = Secret::load_or_create(dir.path()).unwrap();
        let b = Secret::load_or_create(dir.path()).unwrap();
        assert_eq!(a.0, b.0);
        assert_eq!(a.0.len(), 32);
    }
}

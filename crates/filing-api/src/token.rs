//! Bearer tokens are JWTs (RFC 7519) naming one merchant, short-lived. Pure: minting and
//! verifying, no HTTP (the [`crate::auth`] layer applies it to requests).
//!
//! Claims: `mid` (the 15-character merchant number), `exp` (required, at most the configured
//! lifetime ahead), `iss` and `aud` (checked against the configuration), `iat` (optional).
//! Algorithms: HS256 with the shared secret in the data directory (`token-secret`, 32 bytes or
//! more; `filing-api mint-token` uses it), and ES256 or EdDSA verified with the acquirer's
//! public keys from a JWKS file, chosen by the token's `kid`, so keys can rotate: add the new
//! key to the file (it is re-read when it changes), mint with it, drop the old one later.
//! `alg: none` and every other algorithm are refused.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// File name of the signing secret inside the data directory.
pub const SECRET_FILE: &str = "token-secret";

/// What a token must say besides its merchant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenPolicy {
    /// `iss`: who issues the tokens (the acquirer's backend).
    pub issuer: String,
    /// `aud`: this API.
    pub audience: String,
    /// Longest time a token may be valid ahead (`exp` minus now), seconds.
    pub max_lifetime_secs: i64,
}

impl Default for TokenPolicy {
    fn default() -> Self {
        TokenPolicy {
            issuer: "filing-api".to_owned(),
            audience: "filing-api".to_owned(),
            max_lifetime_secs: 24 * 3600,
        }
    }
}

/// Clock skew tolerated between the issuer and this server, seconds.
const SKEW_SECS: i64 = 60;

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    mid: String,
    exp: i64,
    iss: String,
    aud: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    iat: Option<i64>,
}

/// A public key from the JWKS file: its `kid`, algorithm and key.
#[derive(Clone)]
struct PublicKey {
    kid: String,
    alg: Algorithm,
    key: DecodingKey,
}

/// The keys tokens are checked with, and the policy they are checked against.
#[derive(Clone)]
pub struct Keys {
    secret: Secret,
    public: Arc<RwLock<Vec<PublicKey>>>,
    jwks: Option<PathBuf>,
    policy: TokenPolicy,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(..)")
    }
}

/// Why a JWKS file cannot be used.
#[derive(Debug)]
pub struct JwksError(String);

impl std::fmt::Display for JwksError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JwksError {}

/// The ES256 and EdDSA keys of a JWKS document; other keys, and keys without `kid`, are an error
/// (a key that is silently ignored is a rotation that silently fails).
fn public_keys(text: &str) -> Result<Vec<PublicKey>, JwksError> {
    let set: JwkSet =
        serde_json::from_str(text).map_err(|e| JwksError(format!("not a JWKS document: {e}")))?;
    set.keys
        .iter()
        .map(|jwk| {
            let kid = jwk
                .common
                .key_id
                .clone()
                .filter(|k| !k.is_empty())
                .ok_or_else(|| JwksError("a key without \"kid\"".into()))?;
            let alg = match &jwk.algorithm {
                AlgorithmParameters::EllipticCurve(p) if p.curve == EllipticCurve::P256 => {
                    Algorithm::ES256
                }
                AlgorithmParameters::OctetKeyPair(p) if p.curve == EllipticCurve::Ed25519 => {
                    Algorithm::EdDSA
                }
                _ => {
                    return Err(JwksError(format!(
                        "key {kid}: only P-256 (ES256) and Ed25519 (EdDSA) keys are accepted"
                    )))
                }
            };
            let key =
                DecodingKey::from_jwk(jwk).map_err(|e| JwksError(format!("key {kid}: {e}")))?;
            Ok(PublicKey { kid, alg, key })
        })
        .collect()
}

impl Keys {
    /// The shared secret, and the public keys of `jwks` (read now, and again by [`Keys::reload`]).
    pub fn new(
        secret: Secret,
        jwks: Option<PathBuf>,
        policy: TokenPolicy,
    ) -> Result<Keys, JwksError> {
        let keys = Keys {
            secret,
            public: Arc::default(),
            jwks,
            policy,
        };
        keys.reload()?;
        Ok(keys)
    }

    /// Re-reads the JWKS file (when there is one); the keys in use stay if it cannot be read.
    pub fn reload(&self) -> Result<(), JwksError> {
        let Some(path) = &self.jwks else {
            return Ok(());
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| JwksError(format!("{}: {e}", path.display())))?;
        let keys = public_keys(&text)?;
        *self.public.write().unwrap_or_else(|p| p.into_inner()) = keys;
        Ok(())
    }

    /// The JWKS file, if there is one (for the watcher).
    pub fn jwks_path(&self) -> Option<&Path> {
        self.jwks.as_deref()
    }

    /// An HS256 token for `mid` valid until `expires` (Unix seconds), as the policy wants it.
    pub fn mint(&self, mid: &str, expires: i64) -> String {
        let claims = Claims {
            mid: mid.to_owned(),
            exp: expires,
            iss: self.policy.issuer.clone(),
            aud: self.policy.audience.clone(),
            iat: Some(crate::clock::now_unix()),
        };
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(&self.secret.0),
        )
        .expect("HS256 encoding cannot fail")
    }

    /// The merchant number of a valid token at `now`.
    pub fn verify(&self, token: &str, now: i64) -> Result<String, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
        let key = match header.alg {
            Algorithm::HS256 => DecodingKey::from_secret(&self.secret.0),
            Algorithm::ES256 | Algorithm::EdDSA => {
                let kid = header.kid.as_deref().ok_or(TokenError::Refused)?;
                let public = self.public.read().unwrap_or_else(|p| p.into_inner());
                public
                    .iter()
                    .find(|k| k.kid == kid && k.alg == header.alg)
                    .map(|k| k.key.clone())
                    .ok_or(TokenError::Refused)?
            }
            _ => return Err(TokenError::Refused),
        };
        let mut v = Validation::new(header.alg);
        v.set_issuer(&[&self.policy.issuer]);
        v.set_audience(&[&self.policy.audience]);
        v.set_required_spec_claims(&["exp", "iss", "aud"]);
        // `exp` is checked here against `now` (testable, and without a leeway surprise).
        v.validate_exp = false;
        let data = jsonwebtoken::decode::<Claims>(token, &key, &v).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind;
            match e.kind() {
                ErrorKind::InvalidSignature => TokenError::BadSignature,
                ErrorKind::InvalidIssuer | ErrorKind::InvalidAudience => TokenError::Refused,
                _ => TokenError::Malformed,
            }
        })?;
        let c = data.claims;
        if c.exp <= now {
            return Err(TokenError::Expired);
        }
        if c.exp - now > self.policy.max_lifetime_secs + SKEW_SECS {
            return Err(TokenError::Refused);
        }
        filing_core::rules::merchant_id(&c.mid).map_err(|_| TokenError::Malformed)
    }
}

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Missing,
    Malformed,
    BadSignature,
    Expired,
    /// Well formed and signed, but not acceptable here: an unknown key or algorithm, another
    /// issuer or audience, a lifetime longer than the policy allows.
    Refused,
}

/// What the [`crate::auth`] layer found out about a request's bearer token: the merchant it
/// names, or why it names none. Kept in the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller(pub Result<String, TokenError>);

#[cfg(test)]
mod tests {
    use super::*;

    const MID: &str = "898310058120001";

    fn keys() -> Keys {
        Keys::new(Secret::new(vec![7; 32]), None, TokenPolicy::default()).unwrap()
    }

    #[test]
    fn the_secret_is_never_printed() {
        let s = Secret::new(b"0123456789abcdef0123456789abcdef".to_vec());
        assert_eq!(format!("{s:?}"), "Secret(..)");
        assert_eq!(format!("{:?}", keys()), "Keys(..)");
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
        assert_eq!(s.0, long);
    }

    #[test]
    fn secret_is_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let a = Secret::load_or_create(dir.path()).unwrap();
        let b = Secret::load_or_create(dir.path()).unwrap();
        assert_eq!(a.0, b.0);
        assert_eq!(a.0.len(), 32);
    }

    fn now() -> i64 {
        crate::clock::now_unix()
    }

    #[test]
    fn minted_tokens_are_standard_jwts_and_verify_until_they_expire() {
        let k = keys();
        let exp = now() + 600;
        let t = k.mint(MID, exp);
        let parts: Vec<&str> = t.split('.').collect();
        assert_eq!(parts.len(), 3, "header.payload.signature");
        let header = jsonwebtoken::decode_header(&t).unwrap();
        assert_eq!(header.alg, Algorithm::HS256);
        assert_eq!(k.verify(&t, now()), Ok(MID.to_owned()));
        assert_eq!(k.verify(&t, exp), Err(TokenError::Expired));
    }

    /// Encodes `claims` with HS256 and the test secret (or another one).
    fn hs256(claims: serde_json::Value, secret: &[u8]) -> String {
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(secret),
        )
        .unwrap()
    }

    #[test]
    fn forged_foreign_and_overlong_tokens_are_refused() {
        let k = keys();
        let exp = now() + 600;
        let good =
            serde_json::json!({"mid": MID, "exp": exp, "iss": "filing-api", "aud": "filing-api"});
        assert_eq!(
            k.verify(&hs256(good.clone(), &[7; 32]), now()),
            Ok(MID.to_owned())
        );
        assert_eq!(
            k.verify(&hs256(good.clone(), &[8; 32]), now()),
            Err(TokenError::BadSignature)
        );
        let mut other = good.clone();
        other["iss"] = "someone-else".into();
        assert_eq!(
            k.verify(&hs256(other, &[7; 32]), now()),
            Err(TokenError::Refused)
        );
        let mut other = good.clone();
        other["aud"] = "another-api".into();
        assert_eq!(
            k.verify(&hs256(other, &[7; 32]), now()),
            Err(TokenError::Refused)
        );
        let mut forever = good.clone();
        forever["exp"] = (now() + 30 * 24 * 3600).into();
        assert_eq!(
            k.verify(&hs256(forever, &[7; 32]), now()),
            Err(TokenError::Refused)
        );
        let mut no_exp = good.clone();
        no_exp.as_object_mut().unwrap().remove("exp");
        assert!(k.verify(&hs256(no_exp, &[7; 32]), now()).is_err());
        let mut bad_mid = good.clone();
        bad_mid["mid"] = "123".into();
        assert_eq!(
            k.verify(&hs256(bad_mid, &[7; 32]), now()),
            Err(TokenError::Malformed)
        );
        // The payload changed after signing.
        let t = hs256(good, &[7; 32]);
        let mut parts: Vec<String> = t.split('.').map(str::to_owned).collect();
        parts[1] = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            serde_json::json!({"mid": "898310058120002", "exp": exp, "iss": "filing-api", "aud": "filing-api"}).to_string(),
        );
        assert_eq!(
            k.verify(&parts.join("."), now()),
            Err(TokenError::BadSignature)
        );
        // alg "none", and garbage.
        let none = format!(
            "{}.{}.",
            base64::Engine::encode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                r#"{"alg":"none","typ":"JWT"}"#
            ),
            parts[1]
        );
        assert!(k.verify(&none, now()).is_err());
        for bad in ["", "a.b", "a.b.c", "v1.898310058120001.9999999999.sig"] {
            assert!(k.verify(bad, now()).is_err(), "{bad}");
        }
    }

    fn b64(bytes: &[u8]) -> String {
        base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, bytes)
    }

    /// An ES256 key pair: the PKCS#8 private key and its public JWK with `kid`.
    fn es256(kid: &str) -> (Vec<u8>, serde_json::Value) {
        use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let point = pair.public_key().as_ref();
        let jwk = serde_json::json!({
            "kty": "EC", "crv": "P-256", "kid": kid, "use": "sig", "alg": "ES256",
            "x": b64(&point[1..33]), "y": b64(&point[33..65]),
        });
        (pkcs8.as_ref().to_vec(), jwk)
    }

    /// An Ed25519 key pair: the PKCS#8 private key and its public JWK with `kid`.
    fn ed25519(kid: &str) -> (Vec<u8>, serde_json::Value) {
        use ring::signature::{Ed25519KeyPair, KeyPair};
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
        let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
        let jwk = serde_json::json!({
            "kty": "OKP", "crv": "Ed25519", "kid": kid, "use": "sig", "alg": "EdDSA",
            "x": b64(pair.public_key().as_ref()),
        });
        (pkcs8.as_ref().to_vec(), jwk)
    }

    fn signed(alg: Algorithm, kid: &str, key: EncodingKey) -> String {
        let mut header = Header::new(alg);
        header.kid = Some(kid.to_owned());
        let claims = serde_json::json!({"mid": MID, "exp": now() + 600, "iss": "filing-api", "aud": "filing-api"});
        jsonwebtoken::encode(&header, &claims, &key).unwrap()
    }

    /// The acquirer's own keys (ES256, EdDSA) from a JWKS file, chosen by `kid`; a key added to
    /// the file is used once it is re-read, a key removed is refused.
    #[test]
    fn the_acquirers_public_keys_verify_its_tokens_and_rotate() {
        let dir = tempfile::tempdir().unwrap();
        let jwks = dir.path().join("jwks.json");
        let (ec_private, ec_public) = es256("2026-11");
        let (ed_private, ed_public) = ed25519("2026-12");
        std::fs::write(&jwks, serde_json::json!({"keys": [ec_public]}).to_string()).unwrap();
        let k = Keys::new(
            Secret::new(vec![7; 32]),
            Some(jwks.clone()),
            TokenPolicy::default(),
        )
        .unwrap();
        let ec = signed(
            Algorithm::ES256,
            "2026-11",
            EncodingKey::from_ec_der(&ec_private),
        );
        assert_eq!(k.verify(&ec, now()), Ok(MID.to_owned()));
        let ed = signed(
            Algorithm::EdDSA,
            "2026-12",
            EncodingKey::from_ed_der(&ed_private),
        );
        assert_eq!(
            k.verify(&ed, now()),
            Err(TokenError::Refused),
            "not in the file yet"
        );
        let wrong_kid = signed(
            Algorithm::ES256,
            "nope",
            EncodingKey::from_ec_der(&ec_private),
        );
        assert_eq!(k.verify(&wrong_kid, now()), Err(TokenError::Refused));

        // Rotation: the new key is added, the old one dropped.
        std::fs::write(&jwks, serde_json::json!({"keys": [ed_public]}).to_string()).unwrap();
        k.reload().unwrap();
        assert_eq!(k.verify(&ed, now()), Ok(MID.to_owned()));
        assert_eq!(k.verify(&ec, now()), Err(TokenError::Refused));
    }

    /// A token may be valid up to the policy's lifetime ahead, plus the tolerated clock skew,
    /// and not a second more.
    #[test]
    fn the_longest_lifetime_is_the_policys_plus_the_skew() {
        let k = keys();
        let now = 1_800_000_000;
        let most = TokenPolicy::default().max_lifetime_secs + SKEW_SECS;
        let at = |exp: i64| {
            hs256(
                serde_json::json!({"mid": MID, "exp": exp, "iss": "filing-api", "aud": "filing-api"}),
                &[7; 32],
            )
        };
        assert_eq!(k.verify(&at(now + most), now), Ok(MID.to_owned()));
        assert_eq!(k.verify(&at(now + most + 1), now), Err(TokenError::Refused));
    }

    /// Keys of another curve than the algorithm's are refused, with a message naming the key.
    #[test]
    fn a_key_of_another_curve_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let jwks = dir.path().join("jwks.json");
        let (_, mut p384) = es256("p384");
        p384["crv"] = "P-384".into();
        p384["x"] = b64(&[1; 48]).into();
        p384["y"] = b64(&[2; 48]).into();
        let (_, mut okp_p256) = ed25519("okp");
        okp_p256["crv"] = "P-256".into();
        for (key, kid) in [(p384, "p384"), (okp_p256, "okp")] {
            std::fs::write(&jwks, serde_json::json!({"keys": [key]}).to_string()).unwrap();
            let e = Keys::new(
                Secret::new(vec![7; 32]),
                Some(jwks.clone()),
                TokenPolicy::default(),
            )
            .unwrap_err()
            .to_string();
            assert!(e.contains(kid) && e.contains("only P-256"), "{e}");
        }
    }

    #[test]
    fn a_jwks_file_with_a_key_it_cannot_use_is_refused_at_start() {
        let dir = tempfile::tempdir().unwrap();
        let jwks = dir.path().join("jwks.json");
        for bad in [
            "not json".to_owned(),
            serde_json::json!({"keys": [{"kty": "oct", "kid": "x", "k": "c2VjcmV0"}]}).to_string(),
            serde_json::json!({"keys": [es256("").1]}).to_string(),
        ] {
            std::fs::write(&jwks, &bad).unwrap();
            assert!(
                Keys::new(
                    Secret::new(vec![7; 32]),
                    Some(jwks.clone()),
                    TokenPolicy::default()
                )
                .is_err(),
                "{bad}"
            );
        }
    }
}

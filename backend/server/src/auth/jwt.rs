//! Access tokens: HS256 JWTs with a pinned algorithm, issuer, audience, type and id. They name
//! the login session (`sid`), so logging out or disabling the user ends them at once.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use warden_protocol::clock::Clock;

pub const ISSUER: &str = "warden";
pub const AUDIENCE: &str = "warden-api";
pub const ACCESS_TYPE: &str = "access";
/// Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds.
const LEEWAY_SECS: u64 = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// The user id.
    pub sub: String,
    /// The login session (refresh-token family) this token belongs to.
    pub sid: String,
    /// Unique token id.
    pub jti: String,
    /// Token type: always `access`; anything else is refused.
    pub typ: String,
    /// Space-separated scopes at issue time.
    pub scope: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("the access token has expired")]
    Expired,
    #[error("the access token is not valid: {0}")]
    Invalid(String),
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    /// What `exp`, `nbf` and `iat` are judged by.
    clock: Clock,
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        // Times are judged below by the keys' clock (the library reads the system's): the
        // claims stay required, so a token without them is still refused here.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.leeway = LEEWAY_SECS;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            clock: Clock::system(),
        }
    }

    /// Judges `exp`, `nbf` and `iat` by `clock` (the system's by default).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn issue(&self, claims: &AccessClaims) -> Result<String, TokenError> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|e| TokenError::Invalid(e.to_string()))
    }

    /// Verifies signature, algorithm, issuer, audience, times (`iat` not in the future either)
    /// and type.
    // ErrorKind is non-exhaustive: every kind but expiry means "not valid".
    #[allow(clippy::wildcard_enum_match_arm)]
    pub fn verify(&self, token: &str) -> Result<AccessClaims, TokenError> {
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid(e.to_string()),
            })?;
        let now = self.clock.now();
        let leeway = LEEWAY_SECS as i64;
        if data.claims.exp < now.saturating_sub(leeway) {
            return Err(TokenError::Expired);
        }
        if data.claims.nbf > now.saturating_add(leeway) {
            return Err(TokenError::Invalid(
                "the token is not valid yet (nbf)".to_owned(),
            ));
        }
        // A token issued in the future was minted by someone with the key and a wrong (or
        // forged) clock; accepting it would stretch its lifetime past what was configured.
        if data.claims.iat > now.saturating_add(leeway) {
            return Err(TokenError::Invalid(
                "the token claims to be issued in the future".to_owned(),
            ));
        }
        if data.claims.typ != ACCESS_TYPE {
            return Err(TokenError::Invalid(format!(
                "token type '{}' cannot be used as an access token",
                data.claims.typ
            )));
        }
        Ok(data.claims)
    }
}

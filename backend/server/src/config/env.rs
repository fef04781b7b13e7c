//! `WARDEN_*` variables over the file. A variable Warden does not know is reported: a typo in a
//! deployment's environment should not silently fall back to a default.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;

use super::{Config, ConfigError, IpNet, Secret};

/// Variables read by other parts of Warden (or its tests) that configuration leaves alone.
const PASSED_THROUGH: &[&str] = &["WARDEN_LOG", "WARDEN_CONFIG"];

pub(super) fn apply(
    config: &mut Config,
    env: &BTreeMap<String, String>,
) -> Result<(), ConfigError> {
    for (key, value) in env {
        match key.as_str() {
            "WARDEN_LISTEN" => {
                config.listen = parse(key, value, "a socket address like 127.0.0.1:8080")?;
            }
            "WARDEN_DATA_DIR" => {
                if value.trim().is_empty() {
                    return Err(ConfigError::new(key, "must not be empty"));
                }
                config.data_dir = PathBuf::from(value);
            }
            "WARDEN_DATABASE_URL" => {
                config.database_url = non_empty(key, value)?.map(str::to_owned)
            }
            "WARDEN_ADMIN_PASSWORD" => {
                config.admin_password = non_empty(key, value)?.map(Secret::new)
            }
            "WARDEN_JWT_SECRET" => config.jwt_secret = non_empty(key, value)?.map(Secret::new),
            "WARDEN_RATE_LIMIT_PER_MINUTE" => {
                config.rate_limit.per_minute =
                    parse(key, value, "a whole number of requests per minute")?;
            }
            "WARDEN_BODY_LIMIT_BYTES" => {
                config.http.body_limit_bytes = parse(key, value, "a whole number of bytes")?;
            }
            "WARDEN_REQUEST_TIMEOUT_SECS" => {
                config.http.request_timeout_secs = parse(key, value, "a whole number of seconds")?;
            }
            "WARDEN_ACCESS_TOKEN_TTL_SECS" => {
                config.auth.access_token_ttl_secs = parse(key, value, "a whole number of seconds")?;
            }
            "WARDEN_REFRESH_TOKEN_TTL_SECS" => {
                config.auth.refresh_token_ttl_secs =
                    parse(key, value, "a whole number of seconds")?;
            }
            "WARDEN_TRUSTED_PROXIES" => {
                config.http.trusted_proxies = list(value)
                    .map(|item| IpNet::from_str(item).map_err(|m| ConfigError::new(key, m)))
                    .collect::<Result<_, _>>()?;
            }
            "WARDEN_CORS_ORIGINS" => {
                config.http.cors_origins = list(value).map(str::to_owned).collect()
            }
            "WARDEN_FILE_ROOTS" => config.tools.file_roots = paths(key, value)?,
            "WARDEN_GIT_ROOTS" => config.tools.git_roots = paths(key, value)?,
            other if PASSED_THROUGH.contains(&other) || other.starts_with("WARDEN_TEST_") => {}
            other => {
                tracing::warn!(
                    variable = other,
                    "unknown WARDEN_ variable ignored; check its spelling"
                );
            }
        }
    }
    Ok(())
}

/// A colon-separated list of absolute paths, like PATH.
fn paths(key: &str, value: &str) -> Result<Vec<PathBuf>, ConfigError> {
    value
        .split(':')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let path = PathBuf::from(p);
            if path.is_absolute() {
                Ok(path)
            } else {
                Err(ConfigError::new(
                    key,
                    format!("'{p}' is not an absolute path"),
                ))
            }
        })
        .collect()
}

fn list(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

fn non_empty<'a>(key: &str, value: &'a str) -> Result<Option<&'a str>, ConfigError> {
    if value.is_empty() {
        Err(ConfigError::new(
            key,
            "is set but empty; unset it or give a value",
        ))
    } else {
        Ok(Some(value))
    }
}

fn parse<T: FromStr>(key: &str, value: &str, expected: &str) -> Result<T, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|_| ConfigError::new(key, format!("'{value}' is not {expected}")))
}

//! `[fleet]`: the hub's connection to the edge agents over NATS JetStream. Unset `nats_url`: no
//! fleet (tools run on this host only, `GET /api/v1/hosts` lists nothing).

use std::path::PathBuf;

use serde::Deserialize;

use super::ConfigError;

/// The hub's fleet settings.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetConfig {
    /// `WARDEN_FLEET_NATS_URL`, `fleet.nats_url`: `nats://` or `tls://` URL(s) of the NATS
    /// server(s), comma-separated.
    pub nats_url: Option<String>,
    /// `WARDEN_FLEET_NATS_CREDS`, `fleet.creds_file`: the hub's NATS credentials (a `.creds`
    /// file or an NKEY user seed).
    pub creds_file: Option<PathBuf>,
    /// `WARDEN_FLEET_NATS_CA`, `fleet.ca_file`: PEM certificate authorities for TLS.
    pub ca_file: Option<PathBuf>,
    /// `fleet.offline_after_secs`: an agent silent this long is offline and its host unreachable
    /// (15).
    pub offline_after_secs: u64,
    /// `WARDEN_FLEET_CALL_TIMEOUT_SECS`, `fleet.call_timeout_secs`: how long a tool call with
    /// `host` waits for the agent's result (60, at most 1800).
    pub call_timeout_secs: u64,
    /// `fleet.call_expiry_secs`: how long a queued call may wait for an offline agent before the
    /// agent refuses it as expired (3600, at most 86400).
    pub call_expiry_secs: u64,
}

impl Default for FleetConfig {
    fn default() -> Self {
        Self {
            nats_url: None,
            creds_file: None,
            ca_file: None,
            offline_after_secs: 15,
            call_timeout_secs: 60,
            call_expiry_secs: 3600,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileFleet {
    nats_url: Option<String>,
    creds_file: Option<PathBuf>,
    ca_file: Option<PathBuf>,
    offline_after_secs: Option<u64>,
    call_timeout_secs: Option<u64>,
    call_expiry_secs: Option<u64>,
}

pub(super) fn apply_file(config: &mut FleetConfig, file: FileFleet) -> Result<(), ConfigError> {
    if let Some(url) = file.nats_url {
        config.nats_url = Some(nats_url("fleet.nats_url", &url)?);
    }
    if file.creds_file.is_some() {
        config.creds_file = file.creds_file;
    }
    if file.ca_file.is_some() {
        config.ca_file = file.ca_file;
    }
    if let Some(secs) = file.offline_after_secs {
        config.offline_after_secs = secs;
    }
    if let Some(secs) = file.call_timeout_secs {
        config.call_timeout_secs = secs;
    }
    if let Some(secs) = file.call_expiry_secs {
        config.call_expiry_secs = secs;
    }
    Ok(())
}

/// Checks the ranges once file and environment are applied.
pub(super) fn validate(config: &FleetConfig) -> Result<(), ConfigError> {
    for (key, value, max) in [
        ("fleet.offline_after_secs", config.offline_after_secs, 3600),
        ("fleet.call_timeout_secs", config.call_timeout_secs, 1800),
        ("fleet.call_expiry_secs", config.call_expiry_secs, 86_400),
    ] {
        if value == 0 || value > max {
            return Err(ConfigError::new(
                key,
                format!("must be between 1 and {max} seconds"),
            ));
        }
    }
    Ok(())
}

/// A comma-separated list of `nats://` or `tls://` URLs.
pub(super) fn nats_url(key: &str, value: &str) -> Result<String, ConfigError> {
    let urls: Vec<&str> = value
        .split(',')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .collect();
    if urls.is_empty() {
        return Err(ConfigError::new(
            key,
            "is empty; give a nats:// or tls:// URL",
        ));
    }
    for url in &urls {
        let rest = url
            .strip_prefix("nats://")
            .or_else(|| url.strip_prefix("tls://"))
            .ok_or_else(|| {
                ConfigError::new(key, format!("'{url}' is not a nats:// or tls:// URL"))
            })?;
        if rest.is_empty() || rest.contains('/') {
            return Err(ConfigError::new(
                key,
                format!("'{url}' must be scheme://[user:password@]host:port with no path"),
            ));
        }
    }
    Ok(urls.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_nats_or_tls_without_path() {
        assert_eq!(
            nats_url("k", " nats://a:4222 , tls://b:4222").unwrap(),
            "nats://a:4222,tls://b:4222"
        );
        for bad in ["", "http://a:4222", "nats://", "nats://a:4222/x"] {
            assert!(nats_url("k", bad).is_err(), "{bad:?} accepted");
        }
        let mut config = FleetConfig {
            call_timeout_secs: 0,
            ..FleetConfig::default()
        };
        assert_eq!(
            validate(&config).unwrap_err().to_string(),
            ConfigError::new(
                "fleet.call_timeout_secs",
                "must be between 1 and 1800 seconds"
            )
            .to_string()
        );
        config.call_timeout_secs = 60;
        assert!(validate(&config).is_ok());
    }

    fn env(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn fleet_settings_from_file_and_environment() {
        let config = super::super::Config::from_sources(
            Some((
                std::path::Path::new("warden.toml"),
                "[fleet]\nnats_url = \"nats://nats.lan:4222\"\ncreds_file = \"/etc/warden/hub.nk\"\noffline_after_secs = 30\ncall_expiry_secs = 600\n",
            )),
            &env(&[
                ("WARDEN_FLEET_NATS_URL", "tls://a:4222, tls://b:4222"),
                ("WARDEN_FLEET_CALL_TIMEOUT_SECS", "90"),
            ]),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            config.fleet,
            FleetConfig {
                nats_url: Some("tls://a:4222,tls://b:4222".to_owned()),
                creds_file: Some("/etc/warden/hub.nk".into()),
                ca_file: None,
                offline_after_secs: 30,
                call_timeout_secs: 90,
                call_expiry_secs: 600,
            }
        );
        let bad = super::super::Config::from_sources(
            None,
            &env(&[("WARDEN_FLEET_NATS_URL", "http://x:4222")]),
        )
        .err()
        .map(|e| e.to_string());
        assert_eq!(
            bad.as_deref(),
            Some(
                "invalid configuration: WARDEN_FLEET_NATS_URL: 'http://x:4222' is not a nats:// or tls:// URL"
            )
        );
        let zero = super::super::Config::from_sources(
            Some((
                std::path::Path::new("warden.toml"),
                "[fleet]\ncall_timeout_secs = 0\n",
            )),
            &env(&[]),
        )
        .err()
        .map(|e| e.to_string());
        assert_eq!(
            zero.as_deref(),
            Some(
                "invalid configuration: fleet.call_timeout_secs: must be between 1 and 1800 seconds"
            )
        );
    }
}

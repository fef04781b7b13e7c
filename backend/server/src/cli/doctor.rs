//! `warden doctor [--json]`: every check of the deployment, one line each (or the report as
//! JSON), exit 1 when a required check fails.

use warden_protocol::health::{CheckResult, DoctorReport};

use crate::config::{Config, ConfigError};
use crate::doctor::{self, Database};

use super::{CliError, output};

pub async fn run(config: Config, json: bool) -> Result<(), CliError> {
    let report = doctor::run(&config, Database::Closed).await;
    if json {
        match serde_json::to_string(&report) {
            Ok(text) => output::line(&text),
            Err(e) => return Err(CliError::Failed(format!("cannot render JSON: {e}"))),
        }
    } else {
        let width = report
            .checks
            .iter()
            .map(|c| c.name.len())
            .max()
            .unwrap_or(0);
        for check in &report.checks {
            let mark = match (check.ok, check.required) {
                (true, _) => "ok  ",
                (false, true) => "FAIL",
                (false, false) => "warn",
            };
            output::line(&format!("{mark}  {:<width$}  {}", check.name, check.detail));
        }
        output::line(if report.ok {
            "every required check passed"
        } else {
            "a required check failed"
        });
    }
    if report.ok {
        Ok(())
    } else {
        Err(CliError::Unhealthy)
    }
}

/// The `--json` report when the configuration itself does not load: one failing required
/// `config` check carrying the reason (nothing else can be checked without a configuration).
pub fn print_config_failure(err: &ConfigError) {
    let report = DoctorReport {
        ok: false,
        checks: vec![CheckResult {
            name: "config".to_owned(),
            ok: false,
            required: true,
            detail: err.to_string(),
        }],
    };
    match serde_json::to_string(&report) {
        Ok(text) => output::line(&text),
        Err(e) => output::error_line(&format!("cannot render JSON: {e}")),
    }
}

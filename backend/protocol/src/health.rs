//! Liveness and readiness.

use serde::{Deserialize, Serialize};

use crate::values::HealthStatus;

/// `GET /healthz`: the process answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: HealthStatus,
    pub version: String,
}

/// One dependency's state in `GET /readyz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckResult {
    pub name: String,
    pub ok: bool,
    /// Whether readiness depends on it (in `warden doctor`: whether its failure fails the
    /// report). The sandbox is not required for readiness: without it medium-risk calls wait for
    /// approval instead (fail closed), and the check says so.
    pub required: bool,
    /// What the check saw, in one line.
    pub detail: String,
}

/// `GET /readyz`: 200 when every check passes, 503 otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    pub ready: bool,
    pub checks: Vec<CheckResult>,
    /// The preflight checks of `warden doctor`, for a caller with the `admin` scope; `null` for
    /// everyone else. They do not decide `ready`.
    pub doctor: Option<DoctorReport>,
}

/// `warden doctor --json`, and `doctor` in `GET /readyz` for administrators: every check of a
/// deployment, and whether all the required ones pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorReport {
    /// No required check failed.
    pub ok: bool,
    pub checks: Vec<CheckResult>,
}

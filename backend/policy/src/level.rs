/// How dangerous an action is. Ordered, so the strictest of several is their `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RiskLevel {
    /// Read-only, runs at once.
    Low,
    /// Unknown or contained; runs in the sandbox.
    Medium,
    /// Changes the system; waits for a human.
    High,
    /// Never runs.
    Forbidden,
}

impl RiskLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
            RiskLevel::Forbidden => "forbidden",
        }
    }
}

impl std::str::FromStr for RiskLevel {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "low" => Ok(RiskLevel::Low),
            "medium" => Ok(RiskLevel::Medium),
            "high" => Ok(RiskLevel::High),
            "forbidden" => Ok(RiskLevel::Forbidden),
            other => Err(format!(
                "'{other}' is not a risk level (low, medium, high or forbidden)"
            )),
        }
    }
}

impl From<RiskLevel> for warden_protocol::Risk {
    fn from(level: RiskLevel) -> Self {
        match level {
            RiskLevel::Low => warden_protocol::Risk::Low,
            RiskLevel::Medium => warden_protocol::Risk::Medium,
            RiskLevel::High => warden_protocol::Risk::High,
            RiskLevel::Forbidden => warden_protocol::Risk::Forbidden,
        }
    }
}

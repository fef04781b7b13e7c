//! Scopes: what a caller may do. `admin` implies every other scope.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One permission. Ordered from least to most powerful; the order is only used for stable output.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Read state: conversations, monitor, audit, tool listings.
    Read,
    /// Change Warden's own state: conversations, memories, own API keys.
    Write,
    /// Run tools and chat runs that act on the infrastructure.
    Execute,
    /// Decide pending approvals.
    Approve,
    /// Manage users and everything else; implies every other scope.
    Admin,
}

impl Scope {
    pub const ALL: [Scope; 5] = [
        Scope::Read,
        Scope::Write,
        Scope::Execute,
        Scope::Approve,
        Scope::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Execute => "execute",
            Scope::Approve => "approve",
            Scope::Admin => "admin",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a scope name that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownScope(pub String);

impl fmt::Display for UnknownScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown scope '{}' (expected one of: read, write, execute, approve, admin)",
            self.0
        )
    }
}

impl std::error::Error for UnknownScope {}

impl FromStr for Scope {
    type Err = UnknownScope;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scope::ALL
            .into_iter()
            .find(|scope| scope.as_str() == s)
            .ok_or_else(|| UnknownScope(s.to_owned()))
    }
}

/// A set of scopes, serialised as a sorted list of names. Read from a list that names each scope
/// once: `["read", "read"]` is refused naming the scope, not merged, since a client that listed
/// one twice meant something it did not say (a typo for another scope, most often).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct ScopeSet(BTreeSet<Scope>);

impl<'de> Deserialize<'de> for ScopeSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let listed = Vec::<Scope>::deserialize(deserializer)?;
        ScopeSet::from_listed(listed).map_err(serde::de::Error::custom)
    }
}

/// Why a list of scope names is not a set: a name that is no scope, or one listed twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeListError {
    Unknown(UnknownScope),
    Repeated(Scope),
}

impl fmt::Display for ScopeListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScopeListError::Unknown(unknown) => unknown.fmt(f),
            ScopeListError::Repeated(scope) => {
                write!(f, "scopes lists '{scope}' twice; list each scope once")
            }
        }
    }
}

impl std::error::Error for ScopeListError {}

impl ScopeSet {
    pub fn new(scopes: impl IntoIterator<Item = Scope>) -> Self {
        Self(scopes.into_iter().collect())
    }

    pub fn empty() -> Self {
        Self::default()
    }

    /// Whether a caller holding this set may act where `needed` is required.
    pub fn allows(&self, needed: Scope) -> bool {
        self.0.contains(&Scope::Admin) || self.0.contains(&needed)
    }

    /// Whether every scope of `other` is allowed by this set (admin covers all).
    pub fn covers(&self, other: &ScopeSet) -> bool {
        other.iter().all(|scope| self.allows(scope))
    }

    /// The scopes both this set and `other` allow: a credential never exceeds its owner's
    /// current scopes, nor a run the scopes it started with.
    pub fn narrowed_by(&self, other: &ScopeSet) -> ScopeSet {
        Scope::ALL
            .into_iter()
            .filter(|scope| self.allows(*scope) && other.allows(*scope))
            .collect()
    }

    /// The scopes of this set that `held` does not allow, for "you lack ..." messages.
    pub fn not_allowed_by(&self, held: &ScopeSet) -> Vec<Scope> {
        self.iter().filter(|scope| !held.allows(*scope)).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.0.iter().copied()
    }

    /// Space-separated names, the form stored in the database and carried in tokens.
    pub fn to_joined(&self) -> String {
        self.iter().map(Scope::as_str).collect::<Vec<_>>().join(" ")
    }

    /// Parses names separated by spaces or commas; an empty string is the empty set. A name
    /// listed twice is refused, as in a JSON list.
    pub fn parse_list(text: &str) -> Result<Self, ScopeListError> {
        let listed = text
            .split([' ', ','])
            .filter(|part| !part.is_empty())
            .map(Scope::from_str)
            .collect::<Result<Vec<_>, _>>()
            .map_err(ScopeListError::Unknown)?;
        Self::from_listed(listed)
    }

    fn from_listed(listed: Vec<Scope>) -> Result<Self, ScopeListError> {
        let mut set = BTreeSet::new();
        for scope in listed {
            if !set.insert(scope) {
                return Err(ScopeListError::Repeated(scope));
            }
        }
        Ok(Self(set))
    }
}

impl FromIterator<Scope> for ScopeSet {
    fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> Self {
        Self::new(iter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn admin_allows_everything_and_others_only_themselves() {
        let admin = ScopeSet::new([Scope::Admin]);
        let reader = ScopeSet::new([Scope::Read]);
        for scope in Scope::ALL {
            assert!(admin.allows(scope), "admin should allow {scope}");
            assert_eq!(
                reader.allows(scope),
                scope == Scope::Read,
                "read vs {scope}"
            );
        }
        assert!(admin.covers(&ScopeSet::new(Scope::ALL)));
        assert!(!reader.covers(&ScopeSet::new([Scope::Read, Scope::Write])));
        let wanted = ScopeSet::new([Scope::Read, Scope::Write, Scope::Admin]);
        assert_eq!(
            wanted.not_allowed_by(&reader),
            vec![Scope::Write, Scope::Admin]
        );
        assert_eq!(wanted.not_allowed_by(&admin), Vec::<Scope>::new());
    }

    #[test]
    fn parses_lists_and_names_the_bad_scope() {
        assert_eq!(
            ScopeSet::parse_list("write, read").map(|s| s.to_joined()),
            Ok("read write".to_owned())
        );
        assert_eq!(ScopeSet::parse_list(""), Ok(ScopeSet::empty()));
        let err = ScopeSet::parse_list("read,root")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("unknown scope 'root' (expected one of: read, write, execute, approve, admin)")
        );
    }

    #[test]
    fn serialises_as_sorted_names() {
        let set = ScopeSet::new([Scope::Execute, Scope::Read]);
        assert_eq!(
            serde_json::to_string(&set).ok().as_deref(),
            Some(r#"["read","execute"]"#)
        );
        let parsed: Result<ScopeSet, _> = serde_json::from_str(r#"["root"]"#);
        assert!(parsed.is_err());
    }

    #[test]
    fn a_scope_listed_twice_is_named_not_merged() {
        for listed in [r#"["read", "read"]"#, r#"["write", "read", "write"]"#] {
            let said = serde_json::from_str::<ScopeSet>(listed)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(said.starts_with("scopes lists '"), "{listed}: {said}");
            assert!(said.contains("twice"), "{listed}: {said}");
        }
        assert_eq!(
            ScopeSet::parse_list("read, execute,read")
                .err()
                .map(|e| e.to_string())
                .as_deref(),
            Some("scopes lists 'read' twice; list each scope once")
        );
        assert_eq!(
            serde_json::from_str::<ScopeSet>(r#"["execute", "read"]"#).ok(),
            Some(ScopeSet::new([Scope::Read, Scope::Execute]))
        );
    }
}

//! Who a grant or rule applies to: a kind of actor (`user`, `api_key`, `monitor`,
//! `monitor_model`), or one user or one API key by name (`user:NAME`, `api_key:NAME`). Names
//! match exactly, never by pattern: a pattern would hand a grant to whoever picks a matching
//! name. (API key names are unique among live keys, so a name stands for one key.)

/// The kinds of actor a grant or rule may name.
pub const ACTORS: &[&str] = &["user", "api_key", "monitor", "monitor_model"];

/// The kinds that can be named one by one.
const NAMED: &[&str] = &["user", "api_key"];

/// Longest name after `user:` or `api_key:`.
const MAX_NAME_CHARS: usize = 128;

/// Checks one `actors` entry.
pub fn check_actor(entry: &str) -> Result<(), String> {
    if ACTORS.contains(&entry) {
        return Ok(());
    }
    let bad = || {
        format!(
            "'{entry}' is not an actor (user, api_key, monitor or monitor_model; or user:NAME, api_key:NAME)"
        )
    };
    let (kind, name) = entry.split_once(':').ok_or_else(bad)?;
    if !NAMED.contains(&kind) {
        return Err(bad());
    }
    if name.trim().is_empty()
        || name != name.trim()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(format!(
            "'{entry}': the name after '{kind}:' must be 1 to {MAX_NAME_CHARS} characters, without surrounding spaces"
        ));
    }
    Ok(())
}

/// Whether an entry names this actor: its kind, or its kind and exact name.
pub fn actor_matches(entry: &str, kind: &str, identity: Option<&str>) -> bool {
    match entry.split_once(':') {
        None => entry == kind,
        Some((named_kind, name)) => named_kind == kind && identity == Some(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_exact_names_are_actors() {
        for ok in [
            "user",
            "monitor",
            "user:alice",
            "api_key:ci-deploy",
            "api_key:nightly build",
        ] {
            assert_eq!(check_actor(ok), Ok(()), "{ok}");
        }
        for bad in [
            "robot",
            "monitor:x",
            "user:",
            "api_key: ci",
            "key:ci",
            "user:a\nb",
        ] {
            assert!(check_actor(bad).is_err(), "{bad}");
        }
        assert!(actor_matches("api_key", "api_key", Some("ci")));
        assert!(actor_matches("api_key:ci", "api_key", Some("ci")));
        assert!(!actor_matches("api_key:ci", "api_key", Some("ci2")));
        assert!(!actor_matches("api_key:ci", "user", Some("ci")));
        assert!(!actor_matches("user:alice", "user", None));
        assert!(!actor_matches("api_key:*", "api_key", Some("anything")));
    }
}

//! A `user:password` pair where its context says it is a login: after a word or an option that
//! names credentials (`credentials alice:PASS`, `auth alice:PASS`, `basic alice:PASS`,
//! `userpass alice:PASS`, `wfuzz --basic alice:PASS`, `skopeo --creds alice:PASS`,
//! `--src-creds=alice:PASS`). The password goes, the user stays. A pair alone (`alice:letmein`)
//! stays: a colon joins far more often a time (`12:30:45`), a port (`db:5432`), an image and
//! its tag (`nginx:1.25`), a user and a group (`docker run -u 1000:1000`, `chown
//! www-data:www-data`) or a key and its value than a login and its password. Programs that take
//! a pair by a short option (`curl -u`, `http -a`, `ab -A`) are `shell.rs`'s; files of
//! logins, `accountrows.rs`'; `user:HASH` lines, the hash pass'.

use std::sync::LazyLock;

use regex::Captures;

use crate::REDACTED;
use crate::pattern::Gated;

/// The context word (kept), the user and its colon (kept), then the password.
static CONTEXT_PAIR: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#"(?i)(?P<head>(?:^|[\s(\[{"'`;,|=])"#,
        r#"(?:(?:credentials?|creds|auth|basic|basic[_-]?auth|http[_-]?auth|userpass|user[_-]pass)[ \t]+"#,
        r#"|--(?:basic|basic-auth|auth-basic|creds|src-creds|dest-creds|from-creds|to-creds|registry-creds|userpass|login)(?:=|[ \t]+)"#,
        r#"|(?P<uservar>[A-Za-z][A-Za-z0-9_]*_user)["']?[ \t]*(?:=|:[ \t]*))"#,
        r#"(?P<quote>["']?)(?P<user>[A-Za-z0-9_][A-Za-z0-9._@+\\-]*):)"#,
        r#"(?P<secret>[^\s'"`]+)"#,
    ))
    .ok()
});

/// A pair in a login's context whose first part an earlier pass hid as a token
/// (`GIT_CREDENTIALS=[redacted]:PASS`, `--auth [redacted]:PASS`, `curl -u [redacted]:PASS`):
/// the context, the hidden first part, then the password.
static HIDDEN_FIRST_PART: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#"(?i)(?P<head>(?:(?:^|[\s(\[{"'`;,|])(?:credentials?|creds|auth|basic|userpass|user[_-]pass)[ \t]+"#,
        r#"|--[a-z-]*(?:auth|creds|user|userpass|login)(?:=|[ \t]+)"#,
        r#"|(?:^|[\s"'=])-[uU][ \t]*"#,
        r#"|[A-Za-z0-9_]*(?:_user|auth|credentials?|creds|userpass)["']?[ \t]*(?:=|:[ \t]*)["']?)"#,
        r#"\[redacted\]):(?P<secret>[^\s'"`,;)\]}]+)"#,
    ))
    .ok()
});

/// Hides the password of every pair in a login's context (see the module's documentation).
pub(crate) fn redact_context_pairs(text: &str) -> String {
    let (Some(pattern), Some(hidden_first)) = (CONTEXT_PAIR.as_ref(), HIDDEN_FIRST_PART.as_ref())
    else {
        return REDACTED.to_owned();
    };
    // A token-shaped first part went already: its password goes with it.
    let text = hidden_first.replace_all(text, |c: &Captures| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        // Not a reference or a placeholder (`${PW}`, `<password>`), a URL's rest or a mark.
        if secret.starts_with(REDACTED.trim_end_matches(']'))
            || secret.starts_with("//")
            || secret.starts_with(['$', '%', '<', '{'])
            || crate::placeholders::stands_in(secret)
        {
            whole.to_owned()
        } else {
            c.name("head").map_or("", |m| m.as_str()).to_owned()
        }
    });
    pattern
        .replace_all(&text, |c: &Captures| {
            let whole = c.get(0).map_or("", |m| m.as_str());
            let head = c.name("head").map_or("", |m| m.as_str());
            let user = c.name("user").map_or("", |m| m.as_str());
            let raw = c.name("secret").map_or("", |m| m.as_str());
            // `alice:PASS@host` (a login before its host), `PASS,` or `PASS)` ending a clause.
            let secret = raw.split('@').next().unwrap_or(raw);
            let secret = secret.trim_end_matches([',', ';', ')', ']', '}']);
            let tail = &raw[secret.len()..];
            // A token-shaped first part (`ghp_x:x`, `TOKEN123:x`) goes with the rest, also
            // when an earlier pass hid the password already.
            let kept = &head[..head.len() - user.len() - 1];
            if raw.starts_with(REDACTED) && token_shaped_user(user) && !digits_only(user) {
                format!("{kept}{raw}")
            } else if !raw.starts_with(REDACTED)
                && hides(user, secret)
                // `${PW}`, whose brace the clause's end above took off.
                && !crate::placeholders::stands_in(raw)
                && (c.name("uservar").is_none() || !group_shaped(user, secret))
            {
                if token_shaped_user(user) {
                    format!("{kept}{REDACTED}{tail}")
                } else {
                    format!("{head}{REDACTED}{tail}")
                }
            } else {
                whole.to_owned()
            }
        })
        .into_owned()
}

/// Whether a name (an option's, a variable's, a key's) names a login written `user:password`
/// as one value: `--auth`, `--basic-auth`, `--http-auth`, `--proxy-auth`, `--userpass`,
/// `REDIS_AUTH`, `BASIC_AUTH`, and credentials named so (`--creds`, `--src-creds`,
/// `Credentials:`, `REGISTRY_CREDENTIALS`), and user variables holding a password too
/// (`ETCDCTL_USER=root:PASS`). Such a value's user stays when it is shaped as a
/// name and its password goes (see [`login_pair_password`]); a token-shaped first part goes
/// with the rest, as does every other value.
pub(crate) fn names_login_pair(name: &str) -> bool {
    let lower = name
        .trim_start_matches('-')
        .to_ascii_lowercase()
        .replace('-', "_");
    let lower = lower.as_str();
    lower == "auth"
        || lower.ends_with("_auth")
        || lower.ends_with("basicauth")
        || lower.ends_with("httpauth")
        || lower.ends_with("proxyauth")
        || lower.ends_with("userpass")
        || lower.ends_with("user_pass")
        || lower == "creds"
        || lower.ends_with("_creds")
        || lower == "credential"
        || lower == "credentials"
        || lower.ends_with("_credential")
        || lower.ends_with("_credentials")
        // etcdctl's `ETCDCTL_USER=user:password` (its `--user`), and any other user variable
        // written with its password: the user stays.
        || lower.ends_with("user")
}

/// Where the password starts in the value of a user variable not itself named for a secret
/// (`ES_USER`, `PROXY_USER`), written `user:password` (`elastic:PASS`): the byte after the
/// colon, when the user is shaped as a name and the second part is a password, not a group
/// (`app:staff`, `1000:1000`), a reference or a placeholder; `None` otherwise (the value
/// stays).
pub(crate) fn user_variable_password(name: &str, value: &str) -> Option<usize> {
    let lower = name.to_ascii_lowercase();
    if !lower.ends_with("_user") {
        return None;
    }
    let (user, password) = value.split_once(':')?;
    (!user.is_empty()
        && !token_shaped_user(user)
        && !password.starts_with(REDACTED)
        && !password.starts_with(['$', '%', '<', '{'])
        && hides(user, password)
        && !group_shaped(user, password))
    .then_some(user.len() + 1)
}

/// Whether `value` under a user variable written `user[:password]` (etcdctl's `ETCDCTL_USER`)
/// is the user alone, shaped as a name (`root`, `svc-deploy`): no secret, as etcdctl asks for
/// the password then.
pub(crate) fn user_alone(name: &str, value: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with("user")
        && !value.is_empty()
        && !value.contains([':', '/'])
        && crate::urls::name_like(value)
        && !token_shaped_user(value)
}

/// Whether a name names a login whose value Neo4j's image writes `user/password`
/// (`NEO4J_AUTH=neo4j/PASS`): an auth key, not credentials in general.
fn names_auth(name: &str) -> bool {
    let lower = name
        .trim_start_matches('-')
        .to_ascii_lowercase()
        .replace('-', "_");
    lower.ends_with("auth")
}

/// Where the password starts in a login's value named `name` (see [`names_login_pair`]):
/// `user:password` for every such name, and `user/password` for an auth key
/// (`NEO4J_AUTH=neo4j/PASS`) when no other `/` follows and the value is not a base64 blob.
pub(crate) fn named_login_password(name: &str, value: &str) -> Option<usize> {
    if !names_login_pair(name) {
        return None;
    }
    if let Some(at) = login_pair_password(value) {
        return Some(at);
    }
    if !names_auth(name) {
        return None;
    }
    // `neo4j/PASS`, the password holding a `:` or not: the `/` comes first.
    let (user, password) = value.split_once('/')?;
    if user.contains(':') {
        return None;
    }
    let blob = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        && (value.ends_with('=') || (value.len() >= 24 && value.len().is_multiple_of(4)));
    (!password.is_empty()
        && !password.contains('/')
        && !password.starts_with(REDACTED)
        && !blob
        && crate::urls::name_like(user)
        && !crate::urls::url_user_is_credential(user))
    .then_some(user.len() + 1)
}

/// The part of an entry's value that stays when the entry's name names a login written as one
/// value (`{"name": "NEO4J_AUTH", "value": "neo4j/PASS"}`, `name: REDIS_AUTH` then `value:
/// default:PASS`): the name-shaped user and its separator, or nothing (see
/// [`named_login_password`]).
pub(crate) fn kept_login_user<'v>(name: &str, value: &'v str) -> &'v str {
    named_login_password(name, value).map_or("", |at| &value[..at])
}

/// Where the password starts in a login's value written `user:password` (the byte after the
/// colon), when its user is shaped as a person's or a service's name (`alice`, `svc-deploy`,
/// `bob@example.com`) and a password follows; `None` for a token (`ghp_x:x`, `TOKEN123:x`), a
/// URL (`https://...`) or a value without a colon, which go whole.
pub(crate) fn login_pair_password(value: &str) -> Option<usize> {
    let (user, password) = value.split_once(':')?;
    // A password an earlier pass hid already (`bob:[redacted]`, a token's or a hash's shape)
    // is still a password: the user stays.
    if password.is_empty() || password.starts_with("//") {
        return None;
    }
    (!token_shaped_user(user)).then_some(user.len() + 1)
}

/// Whether the first part of a `user:password` pair is itself a credential rather than a
/// name, so that the pair goes whole wherever it is recognised (`ghp_x:x`, `TOKEN123:x`,
/// `k3j4h5g6f7:pw`): judged as a URL's user ([`crate::urls::url_user_is_credential`]), an
/// address by its local part (`bob@example.com`), a Windows domain's user by its name
/// (`CORP\alice`). Empty or otherwise odd first parts count as credentials (fail closed).
pub(crate) fn token_shaped_user(user: &str) -> bool {
    let user = user.rsplit('\\').next().unwrap_or(user);
    let local = match user.split_once('@') {
        Some((local, domain))
            if domain.contains('.')
                && domain
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-')) =>
        {
            local
        }
        Some(_) => return true,
        None => user,
    };
    local.is_empty() || crate::urls::url_user_is_credential(local)
}

/// Whether `user` is a number (`1000` of `1000:1000`), which no pass hides.
fn digits_only(user: &str) -> bool {
    user.chars().all(|c| c.is_ascii_digit())
}

/// Whether `secret`, after `user:` in a login's context, is a password: not hidden already,
/// not a URL's rest (`auth https://x`), not a time or a user and group in numbers (`12:30`,
/// `1000:1000`), not a placeholder (`<password>`, `${PW}`).
fn hides(user: &str, secret: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == ':');
    let kept = secret.is_empty()
        || secret.starts_with(REDACTED)
        || secret.starts_with("//")
        || (digits(user) && digits(secret))
        || crate::placeholders::stands_in(secret)
        || crate::placeholders::stands_in_for("password", secret)
        || secret.eq_ignore_ascii_case(user)
        || tag(secret);
    !kept
}

/// Groups a user variable names after its user (`APP_USER=app:staff`, `RUN_USER=nobody:nogroup`,
/// `PHP_USER=www-data:www-data`): the system's and the services' usual groups, or a number (a
/// group's id). What else follows `NAME_USER=user:` is a password.
fn group_shaped(user: &str, second: &str) -> bool {
    const GROUPS: &[&str] = &[
        "root",
        "wheel",
        "staff",
        "users",
        "user",
        "nogroup",
        "nobody",
        "adm",
        "admin",
        "sudo",
        "docker",
        "daemon",
        "bin",
        "sys",
        "www-data",
        "www",
        "_www",
        "http",
        "nginx",
        "apache",
        "mysql",
        "postgres",
        "redis",
        "git",
        "node",
        "app",
        "games",
        "mail",
        "ssl-cert",
        "systemd-journal",
        "video",
        "render",
        "audio",
        "plugdev",
        "dialout",
        "input",
        "everyone",
        "domain users",
        "developers",
        "devs",
        "dev",
        "admins",
        "ops",
        "sysadmin",
        "ftp",
        "sftp",
        "sftpusers",
        "sshusers",
        "backup",
        "caddy",
        "ubuntu",
        "debian",
        "ec2-user",
        "vagrant",
        "operator",
        "tty",
        "disk",
        "kvm",
        "libvirt",
        "lxd",
    ];
    second.eq_ignore_ascii_case(user)
        || second.chars().all(|c| c.is_ascii_digit())
        || GROUPS.contains(&second.to_ascii_lowercase().as_str())
}

/// An image's tag or a version after a name (`auth redis:7.2`, `basic nginx:alpine`), not a
/// password.
fn tag(secret: &str) -> bool {
    let version = secret.trim_start_matches('v');
    (version.contains('.')
        && version
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())))
        || matches!(
            secret,
            "latest" | "alpine" | "slim" | "stable" | "lts" | "edge" | "bookworm" | "bullseye"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_in_context() {
        assert!(CONTEXT_PAIR.is_some());
        for (text, expected) in [
            ("credentials alice:letmein", "credentials alice:[redacted]"),
            ("auth alice:letmein", "auth alice:[redacted]"),
            (
                "wfuzz --basic bob:s3cret! -u x",
                "wfuzz --basic bob:[redacted] -u x",
            ),
            (
                "skopeo copy --src-creds=bob:pw a b",
                "skopeo copy --src-creds=bob:[redacted] a b",
            ),
            ("auth 12:30", "auth 12:30"),
            ("auth alice:<password>", "auth alice:<password>"),
            ("alice:letmein", "alice:letmein"),
            ("author:x", "author:x"),
            ("basic nginx:1.25", "basic nginx:1.25"),
            ("x --login bob:s3cret!", "x --login bob:[redacted]"),
        ] {
            assert_eq!(redact_context_pairs(text), expected, "{text}");
        }
    }

    #[test]
    fn login_pairs_keep_their_user() {
        for name in [
            "--auth",
            "basic-auth",
            "REDIS_AUTH",
            "--proxy-auth",
            "USERPASS",
        ] {
            assert!(names_login_pair(name), "{name}");
        }
        for name in ["oauth", "author", "--password", "token"] {
            assert!(!names_login_pair(name), "{name}");
        }
        assert_eq!(login_pair_password("alice:pw"), Some(6));
        assert_eq!(login_pair_password("bob@example.com:pw"), Some(16));
        for value in ["ghp_abc123:x", "TOKEN123:x", "alice:", "https://x", "token"] {
            assert_eq!(login_pair_password(value), None, "{value}");
        }
    }
}

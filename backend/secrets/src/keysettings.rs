//! Settings named for a key of an application's own (`nzb_key`, SABnzbd's key for adding NZBs
//! over its API; `sabnzbd_key`, `nzbKey`, `hook_key`, `license_key`) whose value is a random
//! credential: a UUID, 128 bits or more of hexadecimal, or a long word of letters of both
//! cases and digits. The name alone says too little (a sort key, a cache key and a row's key
//! are no secrets, and their values are column names or digests), so the name and the value
//! decide together: a name whose last word is `key` (or one word ending in it, `nzbkey`) that
//! says nothing public or bookkeeping, holding a value of a random shape, in an INI, YAML,
//! TOML or `.env` line, a JSON member, a call's keyword argument or an environment's entry as
//! a listing of it prints one (`docker inspect`'s `"NAME=value"`, `declare -x`, systemd's
//! `Environment=`). A name of two words or more ending in `key` (`PUSH_INSTALLATION_KEY`) also
//! hides a long word of letters alone (`abcdefghijklmnop`). The value goes; the name, the
//! quotes and the rest of the line stay.

use std::sync::LazyLock;

use regex::Captures;

use crate::REDACTED;
use crate::names::parts;
use crate::pattern::Gated;

/// A setting on its own line (`nzb_key = ...`, `  nzbKey: "..."`, `- hook_key: ...`,
/// `export LICENSE_KEY=...`; YAML's colon has a blank after it, so a typed key written
/// `nodekey:HEX` is no setting), a JSON member (`"nzb_key": "..."`) and a call's keyword
/// argument (`wandb.login(key="...")`), each with its `name` and its value as `key`, followed
/// by nothing but a closing quote, blanks and a comment (a line) or a closing quote (a
/// member, an argument).
static KEY_SETTINGS: LazyLock<[Option<Gated>; 4]> = LazyLock::new(|| {
    [
        // A keyword argument of a call (`wandb.login(key="...")`, `Client(license_key='...')`).
        // An inline map's entry too (HCL's `{ PUSH_INSTALLATION_KEY = "..." }`).
        r#"(?P<head>[({,][ \t]*(?P<name>(?:[A-Za-z][A-Za-z0-9_]*)?(?i:key))[ \t]*=[ \t]*["'])(?P<key>[A-Za-z0-9+/_-]+={0,2})(?P<tail>["'])"#,
        // PowerShell's `$env:NAME = "..."` is such a line too.
        r#"(?m)^(?P<head>[ \t]*(?:-[ \t]+|export[ \t]+|\$(?i:env):)?(?P<name>[A-Za-z][A-Za-z0-9_.-]*(?i:key))(?:[ \t]*=[ \t]*|[ \t]*:[ \t]+)["']?)(?P<key>[A-Za-z0-9+/_-]+={0,2})(?P<tail>["']?[ \t]*(?:[ \t]#[^\n]*)?)$"#,
        // Also a quoted key of HCL, TOML and PHP (`"NAME" = "x"`, `'NAME' => 'x'`).
        r#"(?P<head>["'](?P<name>[A-Za-z][A-Za-z0-9_.-]*(?i:key))["'][ \t]*(?::|=>?)[ \t]*["'])(?P<key>[A-Za-z0-9+/_-]+={0,2})(?P<tail>["'])"#,
        // An environment's entry wherever a listing of the environment prints it: `docker
        // inspect`'s `"NAME=value",`, `declare -x NAME="value"`, systemd's `Environment=NAME=value
        // OTHER=x`, `env` and `ps e`. Upper-case names only: in prose a lower-case `key=x` is
        // anything.
        r#"(?m)(?P<head>\b(?P<name>[A-Z][A-Z0-9_]*KEY)=["']?)(?P<key>[A-Za-z0-9+/_-]+={0,2})(?P<tail>["']?(?:[ \t",;]|$))"#,
    ]
    .map(|source| crate::pattern::new(source).ok())
});

/// Words of a key's name that make it public or bookkeeping: a public half, a digest, a
/// store's or a message's key (`public_key`, `cache_key`, `sort_key`, `dedup_key`,
/// `idempotency_key`, `gpg_key`'s fingerprint, `host_key` as a digest of the host's).
const PLAIN_KEYS: &[&str] = &[
    "public",
    "pub",
    "pubkey",
    "publickey",
    "cache",
    "hash",
    "sort",
    "partition",
    "primary",
    "foreign",
    "range",
    "row",
    "object",
    "host",
    "idempotency",
    "dedup",
    "deduplication",
    "correlation",
    "trace",
    "request",
    "gpg",
    "pgp",
    "fingerprint",
    "checksum",
    "lookup",
    "index",
    "group",
    "message",
    "ordering",
    "shard",
    "bucket",
    "storage",
    "file",
    "path",
    "id",
    "map",
    "lock",
    "kms",
    "recipient",
    // `Sec-WebSocket-Key`: a nonce of the handshake.
    "websocket",
    "socket",
    "nonce",
];

/// Whether `name` names a key of the application's own: its last word is `key` (`nzb_key`,
/// `nzbKey`) or ends with it (`nzbkey`), and none of its words says it is public or a
/// bookkeeping key.
pub(crate) fn names_own_key(name: &str) -> bool {
    let words = parts(name);
    let Some(last) = words.last() else {
        return false;
    };
    let last_is_key = last == "key" || (last.len() > 3 && last.ends_with("key"));
    last_is_key
        && !words.iter().any(|w| {
            PLAIN_KEYS.contains(&w.as_str())
                || PLAIN_KEYS
                    .iter()
                    .any(|plain| w.strip_suffix("key") == Some(*plain))
        })
}

/// Whether `value` has a random credential's shape: a UUID, 32 hexadecimal digits or more, or
/// 20 characters or more holding a digit, a small and a capital letter (a word of a
/// language, a column's name or a number has not).
fn random_shape(value: &str) -> bool {
    let bare = value.trim_end_matches('=');
    let uuid = bare.len() == 36
        && bare.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    let hex = bare.len() >= 32 && bare.chars().all(|c| c.is_ascii_hexdigit());
    let mixed = bare.len() >= 20
        && bare.chars().any(|c| c.is_ascii_digit())
        && bare.chars().any(|c| c.is_ascii_lowercase())
        && bare.chars().any(|c| c.is_ascii_uppercase());
    // A path or a model's id (`meta-llama/Llama-3-8B-Instruct`, `models/Qwen2VL7B`): a `/`
    // beside URL-safe base64's `-` or `_` (standard base64 has `/` but neither), or after a
    // first segment of small letters alone.
    let path = bare.contains('/')
        && (bare.contains(['-', '_'])
            || bare.split('/').next().is_some_and(|first| {
                !first.is_empty() && first.chars().all(|c| c.is_ascii_lowercase())
            }));
    (uuid || hex || mixed) && !bare.starts_with('/') && !path
}

/// Whether `value` is a key's word under a qualified key's name: the name has two words or more
/// and its last is `key` (`PUSH_INSTALLATION_KEY`, `maps_key`), and the value is one word of
/// 12 letters and digits or more, letters alone or not (`abcdefghijklmnop`, `Tulipgardenblue`:
/// a key's word is as long as a password's, a key's name rarely so), or a license
/// key's groups of capitals and digits (`ABCD-1234-EFGH-5678`). A setting that
/// names a key by its name (`ROUTING_KEY=orders.created`, `LABEL_KEY=app`, `SORT_KEY=createdat`)
/// holds a short word or one with dots, dashes or slashes; the bare name `key` asks for a
/// random shape, as it names many things.
fn qualified_key_word(name: &str, value: &str) -> bool {
    let words = parts(name);
    let alphanumerics = value.chars().filter(char::is_ascii_alphanumeric).count();
    // A license key's groups of capitals and digits (`ABCD-1234-EFGH-5678`): a name of a key
    // joins small words (`new-dashboard`, `orders_created`).
    let grouped = value
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    words.len() >= 2
        && words.last().is_some_and(|w| w == "key")
        && alphanumerics >= 12
        && (alphanumerics == value.len() || grouped)
        && value.chars().any(|c| c.is_ascii_alphabetic())
}

/// Whether `value` under `name` is a key of the application's own: the name says so and the
/// value has a key's shape. The passes that read a name and its value apart (Kubernetes'
/// `name:` then `value:`, ECS's `{"name": ..., "value": ...}`, tables, .NET's `<add key=...
/// value=...>`) judge such a pair by it, as this one judges a line. An age recipient under
/// `SECRET_KEY` is the public half its format says.
pub(crate) fn holds_own_key(name: &str, value: &str) -> bool {
    let value = value.trim_matches(['"', '\'']);
    names_own_key(name)
        && (random_shape(value) || qualified_key_word(name, value))
        && !crate::hexkeys::public_typed_key(value)
}

/// `text` with the values of such settings replaced by [`REDACTED`] (all of it, should a
/// pattern not compile: fail closed, as every pass does).
pub(crate) fn redact_key_settings(text: &str) -> String {
    let mut text = text.to_owned();
    for pattern in KEY_SETTINGS.iter() {
        let Some(pattern) = pattern else {
            return REDACTED.to_owned();
        };
        text = pattern
            .replace_all(&text, |c: &Captures| {
                let (name, value) = (&c["name"], &c["key"]);
                let hidden = if holds_own_key(name, value) {
                    REDACTED
                } else {
                    value
                };
                format!("{}{hidden}{}", &c["head"], &c["tail"])
            })
            .into_owned();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::redact_key_settings as redact;

    #[test]
    fn patterns_compile() {
        assert!(super::KEY_SETTINGS.iter().all(Option::is_some));
    }

    #[test]
    fn an_applications_own_key_with_a_random_value_goes() {
        for (line, expected) in [
            (
                "nzb_key = 8a3c2f1e9b7d4a6c5e0f1a2b3c4d5e6f",
                "nzb_key = [redacted]",
            ),
            (
                "  nzbKey: \"0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\"",
                "  nzbKey: \"[redacted]\"",
            ),
            (
                "export LICENSE_KEY=Xk29fLmQ7rTz4WpA8vNc3sHd",
                "export LICENSE_KEY=[redacted]",
            ),
            (
                "sabnzbdkey=0123456789abcdef0123456789abcdef",
                "sabnzbdkey=[redacted]",
            ),
            (
                "nzb_key: 0123456789abcdef0123456789abcdef  # from the web UI",
                "nzb_key: [redacted]  # from the web UI",
            ),
            (
                r#"{"url": "http://sab:8080", "nzb_key": "fedcba9876543210fedcba9876543210"}"#,
                r#"{"url": "http://sab:8080", "nzb_key": "[redacted]"}"#,
            ),
            (
                "wg_key = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=",
                "wg_key = [redacted]",
            ),
            (
                "- hook_key: 'q8Wz2Lp0Xy7Rt5Nv3Kb1Yt'",
                "- hook_key: '[redacted]'",
            ),
            (
                "wandb.login(key=\"0123456789abcdef0123456789abcdef01234567\")",
                "wandb.login(key=\"[redacted]\")",
            ),
        ] {
            assert_eq!(redact(line), expected);
        }
    }

    #[test]
    fn public_and_bookkeeping_keys_and_plain_values_stay() {
        for line in [
            "public_key = 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "cache_key: 3f2a9c0d1e4b5a6f7c8d9e0f1a2b3c4d",
            "sort_key = created_at",
            "partition_key: tenant_id",
            "gpg_key = 0123456789ABCDEF0123456789ABCDEF01234567",
            "ssh_host_key = /etc/ssh/ssh_host_ed25519_key",
            "tls_key = /etc/ssl/private/server.key",
            "idempotencyKey: 0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
            "dedup_key: 0123456789abcdef0123456789abcdef",
            r#"{"key": "auth", "version": 1}"#,
            r#"{"routing": "x", "hotkey": "ctrl+shift+k"}"#,
            "monkey = banana",
            "model_key: meta-llama/Llama-3-8B-Instruct",
            "weights_key = models/Qwen2VL7BInstruct2024",
            "sorted(rows, key='created_at')",
            "cache.get(key=\"user:42\")",
            "nodekey:3f8a9c1d7e44a81b2c3d4e5f9e8d7c6b5a493f8a9c1d7e44a81b2c3d4e5f9e8d",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
            // Everyday readings: the kernel's log, Docker's, df, a journal line.
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
            "[stdout] 2026-12-05T05:24:01Z tick 3",
            "/dev/sda1        98G   41G   52G  45% /",
            "Dec 05 05:24:01 host systemd[1]: Started Daily apt download activities.",
        ] {
            assert_eq!(redact(line), line);
        }
    }

    #[test]
    fn qualified_keys_of_letters_and_environment_entries_go() {
        for (text, expected) in [
            (
                "PUSH_INSTALLATION_KEY=abcdefghijklmnop",
                "PUSH_INSTALLATION_KEY=[redacted]",
            ),
            (
                "push_installation_key: abcdefghijklmnop",
                "push_installation_key: [redacted]",
            ),
            (
                r#"["DB_HOST=db","LICENSE_KEY=abcdefghijklmnopqrst","NODE_VERSION=20"]"#,
                r#"["DB_HOST=db","LICENSE_KEY=[redacted]","NODE_VERSION=20"]"#,
            ),
            (
                "declare -x PUSH_KEY=\"abcd1234efgh5678\"",
                "declare -x PUSH_KEY=\"[redacted]\"",
            ),
            (
                "PUSH_INSTALLATION_KEY=ABCD-1234-EFGH-5678",
                "PUSH_INSTALLATION_KEY=[redacted]",
            ),
            (
                "Environment=MAPS_KEY=abcdefghijklmnopq LOG_LEVEL=info PUSH_KEY=abcdefghijklmnop",
                "Environment=MAPS_KEY=[redacted] LOG_LEVEL=info PUSH_KEY=[redacted]",
            ),
        ] {
            assert_eq!(redact(text), expected, "{text}");
        }
    }

    #[test]
    fn names_of_keys_and_everyday_lines_stay_beside_environment_entries() {
        for line in [
            "Environment=SORT_KEY=createdatdescending LABEL_KEY=app",
            r#""Env": ["SORT_KEY=created_at", "PATH=/usr/bin", "LABEL_KEY=app"]"#,
            "FOREIGN_KEY=organizationidentifier",
            "FEATURE_KEY=new-dashboard-experiment",
            "MESSAGE_KEY=orders_created_events",
            "MONKEY=abcdefghijklmnopq",
            "TLS_KEY=/etc/ssl/private/key.pem",
            "SECRET_KEY=age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
            "HF_HUB_ENABLE_HF_TRANSFER=1",
            "root  1  0.0  0.1 167800 11804 ?  Ss  Dec05  0:03 /sbin/init",
            "CONTAINER ID   IMAGE          COMMAND   CREATED       STATUS       PORTS     NAMES",
            "3f4e5d6c7b8a   nginx:latest   \"/docker-entrypoint.…\"   2 hours ago   Up 2 hours   web",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  backup.tar",
            "Mem:           31Gi        12Gi       2.0Gi       1.2Gi        17Gi        18Gi",
            "    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff",
            r#"{"cpu": 12.5, "mem": 40.1, "key": "cpu.load"}"#,
            r#"10.0.0.5 - - [05/Dec/2026:05:24:01 +0000] "GET /health HTTP/1.1" 200 17 "-" "curl/8.0""#,
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
            "[stdout] 2026-12-05T05:24:01Z tick 3",
        ] {
            assert_eq!(redact(line), line);
        }
    }
}

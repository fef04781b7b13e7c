//! Lines of services' credential files whose secret sits at a fixed place by the line's shape,
//! with no name beside it: Samba's `smbpasswd` rows (`pdbedit -Lw` prints the same), a Proxmox
//! API token's id followed by its secret (`token.cfg`, `user@realm!id:SECRET`), NUT's `MONITOR`
//! lines in `upsmon.conf`, Postfix's `sasl_passwd` maps (`[host]:port user:PASSWORD`), Nagios'
//! `$USERn$` macros in `resource.cfg`, Kerberos keys as `klist -kK` prints them, a random id
//! under a JSON member named `key` (Jupyter's kernels, Kaggle), Node-RED's encrypted
//! credentials, Postfix's password maps written inline (`static:user:PASS`, `inline:{
//! relay=user:PASS }`), ProFTPD's `SQLConnectInfo db user PASS`, a Proxmox token's secret
//! as its creation prints it (the `value` beside `full-tokenid`), Exim's `passwd.client`
//! (`host:login:PASS`), s3fs' `ACCESS:SECRET`, pgpool's `pool_passwd`, sendmail's `authinfo`,
//! Heartbeat's `authkeys`, davfs2's `secrets` (`URL login PASS`), OpenVPN's inline `<auth-user-pass>` and Elasticsearch's password
//! tools' output (`PASSWORD elastic = X`, `New value: X`). The
//! secret goes; the login, the host and the rest of the line stay.

use std::sync::LazyLock;

use regex::Captures;

use crate::REDACTED;
use crate::pattern::Gated;

/// The shapes, each with a `key` group to hide between a `head` and a `tail` kept (none where
/// the group is absent). Apart, so that each stays small and is tried only on a text holding
/// its literal parts.
static SERVICE_LINES: LazyLock<Vec<Option<Gated>>> = LazyLock::new(|| {
    [
        // smbpasswd: `name:uid:LM:NT:[flags]:LCT-hex:`, each hash 32 hex digits (or X's
        // where none is set, and Samba's `NO PASSWORDXXX...` for no LM hash, which stay).
        r"(?m)^(?P<head>[^: \t\n]+:[0-9]+:)(?P<lm>NO PASSWORDX{21}|[0-9A-Fa-fX*]{32}):(?P<key>[0-9A-Fa-fX*]{32})(?P<tail>:\[[A-Z ]+\]:)",
        // A Proxmox token's id (`user@realm!tokenid`) before its secret, a UUID.
        r"(?P<head>[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+![A-Za-z0-9_.-]+(?:[ \t]*[:=][ \t]*|[ \t]+))(?P<key>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\b",
        // NUT: `MONITOR system powervalue user PASSWORD primary|secondary`.
        r"(?m)^(?P<head>[ \t]*MONITOR[ \t]+[^ \t\n]+[ \t]+[0-9]+[ \t]+[^ \t\n]+[ \t]+)(?P<key>[^ \t\n]+)(?P<tail>[ \t]+(?:primary|secondary|master|slave)\b)",
        // Postfix's `sasl_passwd`: a relay (`[smtp.example.com]`, `[192.0.2.1]`, `[host]:port`,
        // `host:port`) or a sender (`@domain`, `user@domain`), then `login:PASSWORD` to the
        // line's end (an application password may hold spaces, never at its start; a login
        // starts with a letter). Logs are not relays: a bracketed word without a dot or a port
        // (`[stdout] 2026-12-05T05:24:01Z tick`, `[INFO]`), or a time (`[67210.114507]
        // docker0: port 1(veth…) entered disabled state`).
        r"(?m)^(?P<head>[ \t]*(?:\[(?:[A-Za-z0-9-]*[A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+|[0-9-]+(?:\.[0-9-]+)*\.[A-Za-z0-9-]*[A-Za-z][A-Za-z0-9.-]*|[0-9]{1,3}(?:\.[0-9]{1,3}){3})\](?::[0-9]+)?|\[[A-Za-z0-9.-]+\]:[0-9]+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+:[0-9]+|[A-Za-z0-9_.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)[ \t]+[A-Za-z_][^ \t\n:]*:)(?P<key>[^ \t\n][^\n]*[^ \t\n]|[^ \t\n])[ \t]*$",
        // Nagios' resource macros: `$USER3$=VALUE` unless the value is a path.
        r"(?m)^(?P<head>[ \t]*\$USER[0-9]+\$[ \t]*=[ \t]*)(?P<key>[^/ \t\n$][^\n]*[^ \t\n]|[^/ \t\n$])[ \t]*$",
        // `klist -kK`: the key in parentheses after its encryption type's.
        r"(?P<head>\((?:aes|des|des3|arcfour|rc4|camellia)[A-Za-z0-9_-]*\)[ \t]*\()(?P<key>0x[0-9a-fA-F]{16,})(?P<tail>\))",
        // A JSON member named only `key` whose value is a random id, a UUID or 128 bits of
        // hex or more: Jupyter's kernel connection files (the HMAC key of its messages),
        // Kaggle's `kaggle.json` (`{"username": ..., "key": ...}`).
        r#"(?P<head>"key"[ \t]*:[ \t]*")(?P<key>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32,})(?P<tail>")"#,
        // Node-RED's encrypted credentials (`flows_cred.json`: `{"$": "IV..."}`).
        r#"(?P<head>\{[ \t]*"\$"[ \t]*:[ \t]*")(?P<key>[0-9a-fA-F]{32}[A-Za-z0-9+/=]+)(?P<tail>")"#,
        // Postfix's password lookup table given inline as a static one
        // (`smtp_sasl_password_maps = static:user:PASSWORD`).
        r"(?m)^(?P<head>[ \t]*[a-z_]*password_maps[ \t]*=[ \t]*static:[^: \t\n]+:)(?P<key>[^ \t\n,]+)",
        // ProFTPD's `SQLConnectInfo db@host user PASSWORD`: the third word.
        r#"(?m)^(?P<head>[ \t]*SQLConnectInfo[ \t]+[^ \t\n]+[ \t]+[^ \t\n]+[ \t]+)(?P<key>"[^"\n]*"|[^ \t\n]+)"#,
        // Exim's `passwd.client`: `HOST-PATTERN:LOGIN:PASSWORD` a line (`*.example.com`,
        // `smtp.example.com`, `*`). The host is a dotted name or `*`, never a file's name
        // (`app.log:ERROR:x` as `grep -H` prints a line), the login holds a letter (`grep -n`'s
        // `file:12:` and times keep their digits), the password ends the line.
        r"(?m)^(?P<head>[ \t]*(?P<host>\*|(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:[A-Za-z]{2,}|[0-9]{1,3})):[A-Za-z0-9_.+@-]*[A-Za-z][A-Za-z0-9_.+@-]*:)(?P<key>[^\s:]+(?:::[^\s:]+)*)[ \t]*$",
        // Postfix's `sasl_passwd` with a relay written bare, no port nor brackets
        // (`smtp.example.com user@example.com:PASSWORD`): a dotted host name, a login, the
        // password to the line's end without a blank.
        r"(?m)^(?P<head>[ \t]*(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})[ \t]+[A-Za-z_][A-Za-z0-9_.+@-]*:)(?P<key>[^\s:][^\s]*)[ \t]*$",
        // s3fs' `passwd-s3fs` (also goofys', and rclone's and MinIO's exports): `ACCESS_KEY:
        // SECRET` or `bucket:ACCESS_KEY:SECRET`, a key id of 16 to 32 upper-case letters and
        // digits before a 30 to 64 character secret: the pair goes as one credential.
        r"(?m)^(?P<head>[ \t]*(?:[a-z0-9][a-z0-9.-]*:)?)(?P<key>[A-Z0-9]{16,32}:[A-Za-z0-9/+=]{30,64})[ \t]*$",
        // pgpool-II's `pool_passwd`: `user:md5<hex>`, `user:AES<base64>`, `user:TEXT<plain>`.
        r"(?m)^(?P<head>[ \t]*[A-Za-z0-9_.@-]+:)(?P<key>md5[0-9a-f]{32}|AES[A-Za-z0-9+/]{16,}={0,2}|TEXT[^\s]+)[ \t]*$",
        // sendmail's `authinfo`: `AuthInfo:HOST "U:user" "P:PASSWORD"` (or `"P=..."`).
        r#"(?P<head>\bAuthInfo:[^\n]*?"P[:=])(?P<key>[^"\n]+)(?P<tail>")"#,
        // Heartbeat's `authkeys`: `1 sha1 SECRET`, `2 md5 SECRET` (`crc` has none).
        r"(?m)^(?P<head>[ \t]*[0-9]{1,3}[ \t]+(?:sha1|md5)[ \t]+)(?P<key>[^\s]+)[ \t]*$",
        // davfs2's `secrets`: `URL LOGIN PASSWORD` a line (a mount point there is a path like
        // any other listing's first column, so only a URL is read). A status word in the
        // login's place (`https://x up 200ms`) is a monitor's reading.
        r#"(?m)^(?P<head>[ \t]*https?://[^\s"]+[ \t]+(?P<login>[A-Za-z_"][^\s]*)[ \t]+)(?P<key>"[^"\n]*"|[^\s"]+)[ \t]*$"#,
        // Elasticsearch's password tools: `elasticsearch-setup-passwords` (`PASSWORD elastic =
        // X`) and `elasticsearch-reset-password` (`New value: X` below the line saying whose
        // password was reset).
        r"(?m)^(?P<head>[ \t]*PASSWORD[ \t]+[A-Za-z0-9_.-]+[ \t]+=[ \t]+)(?P<key>[^\s]+)[ \t]*$",
        r"(?P<head>user successfully reset\.?[ \t]*\r?\n[ \t]*New value:[ \t]*)(?P<key>[^\s]+)",
        // OpenVPN's login given inline (`<auth-user-pass>` and `<http-proxy-user-pass>`
        // blocks in a profile, 2.6 on): the first line is the login, the second its password.
        r"(?P<head><(?:auth-user-pass|http-proxy-user-pass)>[ \t]*\r?\n[^\n]*\n[ \t]*)(?P<key>[^\s<][^\n]*?)(?P<tail>[ \t]*\r?\n[ \t]*</(?:auth-user-pass|http-proxy-user-pass)>)",
    ]
    .into_iter()
    .map(|source| crate::pattern::new(source).ok())
    .collect()
});

/// Postfix's password lookup table written inline (`smtp_sasl_password_maps = inline:{
/// [relay]:587=user:PASSWORD, @example.com=user:PASSWORD }`): one entry's password a match,
/// the first not yet hidden (a hidden one opens with `[`), so the pass runs until none is left.
static INLINE_PASSWORD_MAP: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r"(?m)^(?P<head>[ \t]*[a-z_]*password_maps[ \t]*=[ \t]*inline:\{(?:[^}\n]*?,)?[ \t]*[^ \t\n=,}]+[ \t]*=[ \t]*[^ \t\n:=,}]+:)(?P<key>[^ \t\n,}\[][^ \t\n,}]*)",
    )
    .ok()
});

/// Whether `word` is a UUID (a Proxmox token's secret).
pub(crate) fn uuid(word: &str) -> bool {
    word.len() == 36
        && word.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// A Proxmox API token as its creation prints it (`pveum user token add`, `pvesh create
/// .../token/ID`), in any output format: the `value` beside `full-tokenid` is the token's
/// secret, shown once. A text naming `full-tokenid` loses the UUID of its `value` row (a
/// table's, boxed or plain: `│ value │ UUID │`, `value  UUID`) or member (`"value":"UUID"`).
fn redact_token_values(text: &str) -> String {
    if !text.contains("full-tokenid") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let cells: Vec<&str> = line
            .split(['│', '|', ' ', '\t'])
            .filter(|c| !c.is_empty())
            .collect();
        let row = matches!(cells.as_slice(), ["value", secret] if uuid(secret));
        let mut line = line.to_owned();
        if row {
            line = line.replace(cells[1], REDACTED);
        }
        // JSON: every `"value":"UUID"` member (`"value": "UUID"`) of the line, a list of
        // tokens printed on one line as well: the search goes on after each member, whatever
        // its value.
        let mut from = 0;
        while let Some(at) = line[from..].find("\"value\"").map(|at| from + at) {
            let rest = &line[at + 7..];
            let trimmed = rest.trim_start_matches([' ', ':']).trim_start_matches('"');
            let start = line.len() - trimmed.len();
            from = start;
            if trimmed.get(..36).is_some_and(uuid) {
                line.replace_range(start..start + 36, REDACTED);
                from = start + REDACTED.len();
            }
        }
        out.push_str(&line);
    }
    out
}

/// Extensions of files' names, which `grep -H` and `grep -c` print where a relay's host name
/// would be (`app.log:ERROR:x`, `compose.yml key:x`).
const FILE_EXTENSIONS: &[&str] = &[
    "log",
    "conf",
    "cfg",
    "cnf",
    "ini",
    "yml",
    "yaml",
    "json",
    "toml",
    "xml",
    "txt",
    "md",
    "csv",
    "env",
    "sh",
    "py",
    "rs",
    "go",
    "js",
    "ts",
    "rb",
    "php",
    "java",
    "lua",
    "service",
    "timer",
    "socket",
    "mount",
    "target",
    "properties",
    "sql",
    "out",
    "err",
    "list",
    "lock",
    "bak",
    "old",
    "tmp",
    "html",
    "css",
    "tf",
    "hcl",
    "j2",
    "tpl",
    "rules",
    "gz",
];

/// Whether `host` is a file's name rather than a host's: its last dotted part is a file's
/// extension.
fn file_name(host: &str) -> bool {
    host.rsplit('.')
        .next()
        .is_some_and(|ext| FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Whether `word` is a monitor's or a checker's status (`https://x up 200ms`), not a login.
fn status_word(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "up" | "down"
            | "ok"
            | "okay"
            | "fail"
            | "failed"
            | "error"
            | "online"
            | "offline"
            | "active"
            | "inactive"
            | "healthy"
            | "unhealthy"
            | "reachable"
            | "unreachable"
            | "get"
            | "post"
            | "head"
            | "put"
            | "delete"
            | "true"
            | "false"
    )
}

/// The text of a group, or nothing.
fn group<'t>(c: &Captures<'t>, name: &str) -> &'t str {
    c.name(name).map_or("", |m| m.as_str())
}

/// `hash` hidden unless it is the placeholder of no hash (`XXXX...`, `****...`,
/// `NO PASSWORDXXX...`).
fn hidden(hash: &str) -> &str {
    if hash
        .strip_prefix("NO PASSWORD")
        .unwrap_or(hash)
        .chars()
        .all(|c| c == 'X' || c == '*')
    {
        hash
    } else {
        REDACTED
    }
}

/// `text` with the secrets of these lines replaced by [`REDACTED`] (all of it, should a
/// pattern not compile: fail closed, as every pass does).
pub(crate) fn redact_service_lines(text: &str) -> String {
    let mut text = text.to_owned();
    for pattern in SERVICE_LINES.iter() {
        let Some(pattern) = pattern else {
            return REDACTED.to_owned();
        };
        text = pattern
            .replace_all(&text, |c: &Captures| {
                // A file's name where a host would be (`app.log:ERROR:x`, `grep -H`'s), a
                // status where davfs2's login would be.
                if c.name("host").is_some_and(|h| file_name(h.as_str()))
                    || c.name("login").is_some_and(|l| status_word(l.as_str()))
                {
                    return c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
                }
                // smbpasswd's LM hash, before the NT hash as `key`.
                let lm = c.name("lm").map(|m| format!("{}:", hidden(m.as_str())));
                format!(
                    "{}{}{}{}",
                    group(c, "head"),
                    lm.unwrap_or_default(),
                    hidden(group(c, "key")),
                    group(c, "tail")
                )
            })
            .into_owned();
    }
    let mut text = redact_token_values(&text);
    let Some(inline) = INLINE_PASSWORD_MAP.as_ref() else {
        return REDACTED.to_owned();
    };
    // Each run hides one entry a line; a map holds a few.
    for _ in 0..32 {
        let next = inline
            .replace_all(&text, |c: &Captures| {
                format!("{}{REDACTED}", group(c, "head"))
            })
            .into_owned();
        if next == text {
            break;
        }
        text = next;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::redact_service_lines as redact;

    #[test]
    fn secrets_of_service_lines_go() {
        assert_eq!(
            redact(
                "alice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EAEE8FB117AD06BDD830B7586C:[U          ]:LCT-5F1A2B3C:"
            ),
            "alice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[redacted]:[U          ]:LCT-5F1A2B3C:"
        );
        assert_eq!(
            redact("root@pam!automation 3f0e9a12-5b7c-4d8e-9f01-23456789abcd"),
            "root@pam!automation [redacted]"
        );
        assert_eq!(
            redact("MONITOR ups@localhost 1 upsmon S3cret primary"),
            "MONITOR ups@localhost 1 upsmon [redacted] primary"
        );
        assert_eq!(
            redact("[smtp.gmail.com]:587 me@gmail.com:abcd efgh ijkl mnop"),
            "[smtp.gmail.com]:587 me@gmail.com:[redacted]"
        );
        assert_eq!(
            redact("[192.0.2.10]:25 relay:S3cret"),
            "[192.0.2.10]:25 relay:[redacted]"
        );
        assert_eq!(
            redact("[mail-relay]:587 app:x"),
            "[mail-relay]:587 app:[redacted]"
        );
        assert_eq!(redact("$USER4$=dbpass"), "$USER4$=[redacted]");
        assert_eq!(
            redact(
                r#"{"full-tokenid":"root@pam!ci","info":{"privsep":"1"},"value":"3f0e9a12-5b7c-4d8e-9f01-23456789abcd"}"#
            ),
            r#"{"full-tokenid":"root@pam!ci","info":{"privsep":"1"},"value":"[redacted]"}"#
        );
        assert_eq!(
            redact(
                "│ full-tokenid │ root@pam!mytoken                     │\n│ value        │ 3f0e9a12-5b7c-4d8e-9f01-23456789abcd │"
            ),
            "│ full-tokenid │ root@pam!mytoken                     │\n│ value        │ [redacted] │"
        );
        assert_eq!(
            redact("full-tokenid root@pam!t\nvalue        3f0e9a12-5b7c-4d8e-9f01-23456789abcd"),
            "full-tokenid root@pam!t\nvalue        [redacted]"
        );
        assert_eq!(
            redact("smtp_sasl_password_maps = static:relayuser:PostfixStaticPw1"),
            "smtp_sasl_password_maps = static:relayuser:[redacted]"
        );
        assert_eq!(
            redact(
                "smtp_sasl_password_maps = inline:{ [smtp.example.com]:587=relay:InlinePw1, @example.com=bob:InlinePw2 }"
            ),
            "smtp_sasl_password_maps = inline:{ [smtp.example.com]:587=relay:[redacted], @example.com=bob:[redacted] }"
        );
        assert_eq!(
            redact("SQLConnectInfo proftpd@db.example.com:3306 proftpd \"Proftpd Pw2\""),
            "SQLConnectInfo proftpd@db.example.com:3306 proftpd [redacted]"
        );
        assert_eq!(
            redact(r#"{"username":"bob","key":"0123456789abcdef0123456789abcdef"}"#),
            r#"{"username":"bob","key":"[redacted]"}"#
        );
        assert_eq!(
            redact(r#"{"$":"d4b1f0c2e3a5b6c7d8e9f0a1b2c3d4e5QmFzZTY0Q3JlZHM="}"#),
            r#"{"$":"[redacted]"}"#
        );
        assert_eq!(
            redact("   2 host/a@EX.COM (aes256-cts-hmac-sha1-96) (0x3a5b7c9d1e2f4a6b8c0d)"),
            "   2 host/a@EX.COM (aes256-cts-hmac-sha1-96) ([redacted])"
        );
    }

    #[test]
    fn ordinary_lines_stay() {
        for line in [
            "$USER1$=/usr/lib/nagios/plugins",
            "MONITOR ups@localhost 1 upsmon",
            "nobody:65534:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[DU         ]:LCT-00000000:",
            "web.example.com:443 is up",
            "web.example.com:443 status: up",
            // The kernel log: a time in brackets, a device and its message.
            "[67210.114507] docker0: port 1(vethc9a4292) entered disabled state",
            "[    3.201755] nvidia: module license 'NVIDIA' taints kernel.",
            "[12.5] eth0: Link is Up - 1Gbps/Full - flow control rx/tx",
            // Docker's logs as the container tool prints them, and other logs' prefixes.
            "[stdout] 2026-12-05T05:24:01.123456789Z tick 3",
            "[stderr] 2026-12-05T05:24:01Z level=info msg=started",
            "[INFO] 12:30:01 worker: started",
            "[uvicorn.error] 12:30:01 done",
            "root@pam!automation",
            "   2 host/a@EX.COM (aes256-cts-hmac-sha1-96)",
            r#"{"key": "auth", "version": 1}"#,
            r#"{"key": "12345678"}"#,
            "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd",
            "smtp_sasl_password_maps = lmdb:/etc/postfix/sasl_passwd",
            "SQLConnectInfo proftpd@localhost",
            "SQLConnectInfo proftpd@localhost proftpd",
            "time=12:30, user=bob, inline:{ a=b }",
            // A UUID under `value` without a token's id beside it (a setting's, a label's).
            r#"{"name": "instance", "value": "3f0e9a12-5b7c-4d8e-9f01-23456789abcd"}"#,
        ] {
            assert_eq!(redact(line), line);
        }
    }
}

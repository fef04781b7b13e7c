//! Secrets in the line formats of credential files and protocol logs when their text is
//! printed (`cat`, `grep`, a monitor's output), where no name says "password": PPP's
//! `chap-secrets`, Apache's `htdigest`, Windows hash dumps (pwdump, NetNTLMv2), LDIF's base64
//! values, Redis' `AUTH`, BIND's one-line keys, Squid's `login=user:pass`, SQL Server's
//! `sp_addlogin`, `passwd`-shaped lines holding a password.

use std::sync::LazyLock;

use regex::Captures;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::names::is_secret_name;

type Pattern = LazyLock<Option<Gated>>;

fn compile(pattern: &str) -> Option<Gated> {
    crate::pattern::new(pattern).ok()
}

/// `client server secret addresses` (`chap-secrets`, `pap-secrets`): the third field of a line
/// of four, when the fourth is `*` or an IPv4 address and the second `*` or a name. Names
/// start with no `-`: `ping -c 3 10.0.0.1` and `rpcclient -U bob 10.0.0.1` are command lines,
/// their second word an option.
static PPP_SECRET: Pattern = LazyLock::new(|| {
    compile(
        r##"(?m)^(?P<head>[ \t]*"?[A-Za-z0-9_.@\\][A-Za-z0-9_.@\\-]*"?[ \t]+(?:\*|"?[A-Za-z0-9_.][A-Za-z0-9_.-]*"?)[ \t]+)(?P<secret>"[^"\n]*"|[^\s"#*]+)(?P<tail>[ \t]+(?:\*|"?[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?:/[0-9]+)?"?)[ \t]*\r?)$"##,
    )
});

/// A user name an authentication log refused (sshd's `Invalid user X from`, `Failed password
/// for invalid user X from`, login's `FAILED LOGIN (1) on '/dev/tty1' FOR 'X'`): where a
/// person typed the password at the login prompt, the password itself.
static REFUSED_USER: Pattern = LazyLock::new(|| {
    compile(concat!(
        r"(?P<head>\b[Ii]nvalid user )(?P<secret>[^\s]+)(?P<tail> from )",
        r"|(?P<head2>\bFAILED LOGIN \([0-9]+\) on '[^'\n]*' FOR ')(?P<secret2>[^'\n]+)(?P<tail2>')",
    ))
});

/// Verbs of command lines that stand second or third in a line of four as a `chap-secrets`
/// server or secret does (`ip addr add 10.0.0.1/24`).
const COMMAND_VERBS: &[&str] = &[
    "add",
    "del",
    "delete",
    "set",
    "show",
    "list",
    "get",
    "allow",
    "deny",
    "reject",
    "connect",
    "disconnect",
    "flush",
    "replace",
    "change",
    "remove",
    "append",
    "insert",
    "from",
    "to",
    "via",
    "dev",
    "add-port",
    "del-port",
    "add-br",
    "del-br",
    "up",
    "down",
    "ping",
    "route",
];

/// `user:realm:md5` (htdigest).
static HTDIGEST: Pattern = LazyLock::new(|| {
    compile(r"(?m)^(?P<head>[^\s:#]+:[^:\n]+:)(?P<secret>[0-9a-f]{32})(?P<tail>\r?)$")
});

/// `user:realm:md5` inside a line, an item of a list (Traefik's `digestauth.users=a:r:HASH,b:r:HASH`
/// in a Compose label or a flag, `users = ["a:r:HASH"]` in its TOML, `- "a:r:HASH"` in its
/// YAML): between quotes, commas, brackets, blanks or `=`. A digest's name in the first field
/// (`md5:file:HASH`) is no user.
static HTDIGEST_ITEM: Pattern = LazyLock::new(|| {
    compile(
        r#"(?m)(?P<head>(?:^|[\s"',=\[])(?P<user>[A-Za-z0-9_.@-]+):[A-Za-z0-9_.@-][A-Za-z0-9_. @-]*:)(?P<secret>[0-9a-f]{32})\b(?P<tail>)"#,
    )
});

/// `user:RID:LM:NT:::` (pwdump, secretsdump) and NetNTLMv2 `user::DOMAIN:challenge:proof:blob`.
static WINDOWS_HASHES: Pattern = LazyLock::new(|| {
    compile(concat!(
        r"(?m)(?P<head>^[^\s:]+:[0-9]+:)(?P<secret>[0-9a-fA-F]{32}:[0-9a-fA-F]{32})(?P<tail>:::)",
        r"|(?P<head2>^[^\s:]+::[^\s:]*:[0-9a-fA-F]{16}:)(?P<secret2>[0-9a-fA-F]{32}:[0-9a-fA-F]+)(?P<tail2>)",
    ))
});

/// LDIF's base64 values, `name:: value` (`userPassword:: e1NTSEF9...`, `unicodePwd::`).
static LDIF_BASE64: Pattern = LazyLock::new(|| {
    compile(r"(?m)^(?P<head>(?P<name>[A-Za-z][A-Za-z0-9-]*)::[ \t]*)(?P<secret>[A-Za-z0-9+/=]+)")
});

/// Redis' `AUTH [user] password` as typed (at a line start or after `redis-cli`'s prompt,
/// `127.0.0.1:6379> AUTH x`) or as `MONITOR` prints it (`"AUTH" "x"`).
static REDIS_AUTH: Pattern = LazyLock::new(|| {
    compile(
        r#"(?m)(?P<head>(?:^[ \t]*|\] |[0-9]> )(?:AUTH|"AUTH"|"auth")(?:[ \t]+"?[^\s"]+"?)?[ \t]+)(?P<secret>"[^"\n]*"|[^\s"]+)(?P<tail>[ \t]*\r?)$"#,
    )
});

/// A TSIG key's `secret "..." ;` anywhere on a line (BIND's `key "x" { ...; secret "y"; };`).
static BIND_SECRET: Pattern =
    LazyLock::new(|| compile(r#"(?P<head>\bsecret[ \t]+)(?P<secret>"[^"\n]*")(?P<tail>[ \t]*;)"#));

/// Squid's `cache_peer ... login=user:pass`, also a proxy's `login=user:pass` elsewhere.
static LOGIN_PAIR: Pattern =
    LazyLock::new(|| compile(r"(?P<head>\blogin=[^\s:=]+:)(?P<secret>[^\s]+)(?P<tail>)"));

/// SQL Server's `sp_addlogin 'bob', 'x'` and `sp_password 'old', 'new'`: every literal after
/// the first (`sp_password`'s both).
static SQL_PROCEDURE: Pattern = LazyLock::new(|| {
    compile(
        r"(?i)(?P<head>\bsp_addlogin[ \t]+(?:@loginame[ \t]*=[ \t]*)?N?'[^'\n]*'[ \t]*,[ \t]*(?:@passwd[ \t]*=[ \t]*)?N?)(?P<secret>'[^'\n]*')(?P<tail>)",
    )
});

static SQL_PASSWORD_PROCEDURE: Pattern = LazyLock::new(|| {
    compile(
        r"(?i)(?P<head>\bsp_password[ \t]+(?:NULL|N?'[^'\n]*')[ \t]*,[ \t]*N?)(?P<secret>'[^'\n]*')(?P<tail>)",
    )
});

/// A line that is only `user:password` (a plain-text htpasswd or `chpasswd` batch file, a
/// credentials dump, a proxy's or a service's `user:pass` list): the second field goes when it
/// looks like a password (see [`plain_password_line_keeps`]) and is at most
/// [`MAX_LINE_PASSWORD_CHARS`] long.
static PLAIN_USER_PASSWORD: Pattern = LazyLock::new(|| {
    compile(
        r"(?m)^(?P<head>[A-Za-z0-9_][A-Za-z0-9._@+-]{0,63}:)(?P<secret>[^\s:]{6,})(?P<tail>\r?)$",
    )
});

/// Deluge's daemon logins, `user:password:level` (`auth`): a level of one or two digits ends
/// the line.
static USER_PASSWORD_LEVEL: Pattern = LazyLock::new(|| {
    compile(
        r"(?m)^(?P<head>[A-Za-z0-9_][A-Za-z0-9._@+-]{0,63}:)(?P<secret>[^\s:]{4,})(?P<tail>:[0-9]{1,2}\r?)$",
    )
});

/// The longest password the `user:password` lines above read, in characters: a longer value is
/// data (a hash, a key, an encoded blob) that other passes judge. The patterns leave the bound
/// to the code that reads their matches: a bounded repetition of a Unicode class compiles to one
/// copy of the class per count (`[^\s:]{6,128}` held 1.3 MB of automaton in each of the two
/// patterns), an unbounded one to a loop (0.1 MB).
const MAX_LINE_PASSWORD_CHARS: usize = 128;

/// A match's secret is longer than [`MAX_LINE_PASSWORD_CHARS`].
fn past_line_password_bound(c: &Captures) -> bool {
    c.name("secret")
        .is_some_and(|m| m.as_str().chars().nth(MAX_LINE_PASSWORD_CHARS).is_some())
}

/// A value printed under a label (`Unseal Key 1: x`, `SecretID: x`, `Initial Root Token: x`,
/// `Secret ID = x`, `Recovery Key 2: x`), as Vault, Consul and Nomad print the credentials
/// they create, or in two columns (`Auth key    x`, `Setup key  x`): the label ends the line's
/// start, the value is one word to the line's end.
static LABELLED_VALUE: Pattern = LazyLock::new(|| {
    compile(
        r"(?m)^(?P<head>[ \t]*(?P<name>[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[A-Za-z][A-Za-z0-9-]*){0,3}(?:[ \t]+[0-9]{1,2})?)(?:[ \t]*[:=][ \t]*|[ \t]{2,}|\t[ \t]*))(?P<secret>[^\s]{8,})(?P<tail>[ \t]*\r?)$",
    )
});

/// A line that says in words what it prints, the credential ending it after a colon:
/// `Generated password for user admin: x`, `Your API key is: x`, `Unseal Key (will be
/// hidden): x`, `Password . . . . : x`. The words before the colon hold no colon themselves,
/// so a log line's program name keeps its words; a time stamp opening the line (ISO 8601 or
/// syslog's) may stand before them (MySQL's `... A temporary password is generated for
/// root@localhost: x`).
static SPOKEN_LABEL: Pattern = LazyLock::new(|| {
    compile(
        r"(?m)^(?P<head>(?:[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+(?:Z|[+-][0-9:]+)?[ \t]+|[A-Z][a-z]{2}[ \t]+[0-9]{1,2}[ \t]+[0-9]{2}:[0-9]{2}:[0-9]{2}[ \t]+)?[^\n:=]{0,80}?\b(?i:password|passphrase|passwd|token|api[ _-]?key|secret|unseal key|recovery key)\b[^\n:=]{0,40}?[ \t]*[:=][ \t]*)(?P<secret>\S{6,})(?P<tail>[ \t]*\r?)$",
    )
});

/// What a label ends with when it names the credential itself, not a fact about one
/// (`Token TTL`, `Secret ID Accessor`, `Password changed` stay).
const CREDENTIAL_NOUNS: &[&str] = &[
    "key",
    "keys",
    "token",
    "password",
    "passphrase",
    "secret",
    // `Recovery code: x`, `Backup code: x` (a code named for a secret's use).
    "code",
];

/// Whether a label of words names a credential: its last word (a number dropped) is one of
/// [`CREDENTIAL_NOUNS`] and the label names a secret, or it is `Secret ID` (Consul's and
/// Nomad's tokens).
fn label_names_credential(label: &str) -> bool {
    // Parts, so `SecretID` (Consul) reads as `Secret ID` (Nomad).
    let words: Vec<String> = crate::names::parts(label)
        .into_iter()
        .filter(|w| !w.chars().all(|ch| ch.is_ascii_digit()))
        .collect();
    match words.as_slice() {
        [.., secret, id] if secret == "secret" && id == "id" => true,
        // Windows' `netsh wlan show profile key=clear`: `Key Content : x`.
        [key, content] if key == "key" && content == "content" => true,
        [.., last] => CREDENTIAL_NOUNS.contains(&last.as_str()) && is_secret_name(label),
        [] => false,
    }
}

/// The answer an expect script sends after a prompt for a password (`expect "Password:"` then
/// `send "x\r"`, on the next line or the same one, also in a one-line script given to `expect -c`
/// where quotes may be escaped: `send \"x\\r\";`). The prompt nearest before each `send`
/// counts, so every answer of a script that asks twice goes, and nothing around it.
static EXPECT_SEND: Pattern = LazyLock::new(|| {
    compile(
        r#"(?P<head>\bexpect\b[^\n]*?(?i:assword|passphrase|passcode|\bpin\b|secret|token)[^\n]*?(?:\n[ \t]*|[ \t{;]+)send(?:[ \t]+--)?[ \t]+)(?P<secret>\\"(?:[^"\\\n]|\\[^"\n])*\\"|"[^"\n]*"|\{[^}\n]*\}|[^\s};\\]+)(?P<tail>)"#,
    )
});

/// A line of a Netscape cookie jar (`curl -c`, `wget --save-cookies`, browsers' exports):
/// `domain<TAB>flag<TAB>path<TAB>secure<TAB>expiry<TAB>name<TAB>value`, also with curl's
/// `#HttpOnly_` prefix. Every value goes, as in a cookie header: which cookie logs in is the
/// site's choice, not the name's.
static COOKIE_JAR_LINE: Pattern = LazyLock::new(|| {
    compile(
        r"(?m)^(?P<head>(?:#HttpOnly_)?[A-Za-z0-9.-]+\t(?:TRUE|FALSE)\t[^\t\n]*\t(?:TRUE|FALSE)\t-?[0-9]+\t[^\t\n]+\t)(?P<secret>[^\t\n]+?)(?P<tail>[ \t]*\r?)$",
    )
});

/// OpenWrt's UCI settings as `/etc/config/*` holds them (`option key 'x'`) and as `uci show`
/// and `uci set` write them (`wireless.default_radio0.key='x'`): Wi-Fi keys are named `key`,
/// `psk` or `sae_password`, RADIUS secrets `auth_secret`, WireGuard's `private_key`.
static UCI_OPTION: Pattern = LazyLock::new(|| {
    compile(
        r#"(?m)^(?P<head>[ \t]*option[ \t]+(?P<name>[A-Za-z0-9_]+)[ \t]+)(?P<secret>'[^'\n]*'|"[^"\n]*"|[^\s'"]+)(?P<tail>[ \t]*\r?)$"#,
    )
});

static UCI_SET: Pattern = LazyLock::new(|| {
    compile(
        r#"(?m)(?P<head>(?:^[ \t]*|\buci[ \t]+(?:-q[ \t]+)?set[ \t]+)[A-Za-z0-9_-]+\.[A-Za-z0-9_@\[\]-]+\.(?P<name>[A-Za-z0-9_]+)=)(?P<secret>'[^'\n]*'|"[^"\n]*"|[^\s'"]+)"#,
    )
});

/// Whether a UCI option's or a dotted key's value is a placeholder (`${DB_PASSWORD}`,
/// `replace_me`, `<password>`), quoted or not: see `placeholders.rs`.
fn uci_placeholder(c: &Captures) -> bool {
    let name = c.name("name").map_or("", |m| m.as_str());
    let value = c
        .name("secret")
        .map_or("", |m| m.as_str())
        .trim_matches(['\'', '"']);
    crate::placeholders::stands_in_for(name, value)
}

/// Whether a UCI option's name is a secret's.
fn uci_secret(name: &str) -> bool {
    matches!(
        name,
        "key"
            | "key1"
            | "key2"
            | "key3"
            | "key4"
            | "psk"
            | "sae_password"
            | "auth_secret"
            | "acct_secret"
            | "private_key"
            | "preshared_key"
    ) || is_secret_name(name)
}

/// An `expect { ... }` block's branch for a password prompt, on its own line:
/// `"*assword:" { send "x\r"; exp_continue }`, `-re "(P|p)assword" { send -- "x\n" }`.
static EXPECT_BLOCK_SEND: Pattern = LazyLock::new(|| {
    compile(
        r#"(?m)(?P<head>^[ \t]*(?:-(?:re|gl|ex)[ \t]+)?"[^"\n]*(?i:assword|passphrase|passcode|secret|token)[^"\n]*"[ \t]*\{[ \t]*send(?:[ \t]+--)?[ \t]+)(?P<secret>"[^"\n]*"|\{[^}\n]*\}|[^\s};]+)(?P<tail>)"#,
    )
});

/// A `passwd`-shaped line (`user:PASS:uid:gid:gecos:home:shell`, BSD's `master.passwd` with its
/// three more fields) whose second field is a password or a hash rather than a placeholder
/// (see [`passwd_placeholder`]): an account list written by hand, a `newusers` batch file.
static PASSWD_LINE: Pattern = LazyLock::new(|| {
    compile(
        r"(?m)^(?P<head>[A-Za-z0-9_][A-Za-z0-9._-]*\$?:)(?P<secret>[^:\s]+)(?P<tail>(?::[0-9]+){2}(?::[^:\n]*){3,6}\r?)$",
    )
});

/// The second field of a `passwd` line that holds no secret: `x` (the hash is in `shadow`),
/// locks and "no password" marks (`*`, `!`, `!!`, `*LK*`, `NP`).
fn passwd_placeholder(field: &str) -> bool {
    field == "x"
        || field == "NP"
        || field == "*LK*"
        || field.chars().all(|ch| matches!(ch, '*' | '!'))
}

/// Prefixes of `word:value` lines that are not a user and a password: URI schemes, digests,
/// log levels, Warden's actor kinds.
const NOT_USERS: &[&str] = &[
    "http",
    "https",
    "ftp",
    "sftp",
    "file",
    "mailto",
    "data",
    "urn",
    "tcp",
    "udp",
    "unix",
    "ws",
    "wss",
    "ssh",
    "git",
    "s3",
    "gs",
    "jdbc",
    "ldap",
    "smtp",
    "tel",
    "sip",
    "blob",
    "sha1",
    "sha224",
    "sha256",
    "sha384",
    "sha512",
    "md5",
    "blake2b",
    "blake3",
    "sha",
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "critical",
    "fatal",
    "trace",
    "note",
    "notice",
    // Warden's own actors (`monitor_model:NAME`), in audit records and grants.
    "monitor",
    "monitor_model",
];

/// Last segments of a dotted word that make it a file (`notes.txt:hunter2`, as `grep` prints
/// a match), a host (`db.example.com:pg5432`) or a setting's key (`app.name:demo1`,
/// `server.port:8080`) rather than a login (`john.doe`, `svc.backup`).
const NOT_LOGIN_ENDINGS: &[&str] = &[
    // Files.
    "txt",
    "log",
    "md",
    "rst",
    "rs",
    "py",
    "js",
    "ts",
    "go",
    "c",
    "h",
    "cc",
    "cpp",
    "hpp",
    "java",
    "kt",
    "rb",
    "php",
    "pl",
    "sh",
    "bash",
    "zsh",
    "ps1",
    "conf",
    "cfg",
    "ini",
    "yml",
    "yaml",
    "json",
    "toml",
    "xml",
    "csv",
    "tsv",
    "env",
    "html",
    "css",
    "lock",
    "sql",
    "out",
    "err",
    "properties",
    "gradle",
    "tf",
    "lua",
    "swift",
    "cs",
    "vue",
    "jsx",
    "tsx",
    "mjs",
    // Hosts.
    "com",
    "net",
    "org",
    "io",
    "dev",
    "local",
    "internal",
    "lan",
    "localdomain",
    "svc",
    "cluster",
    "arpa",
    // Settings' keys.
    "name",
    "port",
    "host",
    "level",
    "version",
    "mode",
    "path",
    "dir",
    "file",
    "type",
    "id",
    "enabled",
    "url",
    "size",
    "timeout",
    "profile",
    "profiles",
    "active",
    "default",
    "tag",
    "image",
    "release",
    "channel",
    "region",
    "zone",
];

/// Whether a `user:value` line keeps its value. A login is a name (`bob`, `backup-svc`,
/// `svc_backup`, `john.doe`, `2fa-admin`, `bob@example.com`), not a setting's key (`HEAD`,
/// `ERROR`, `app.name`), a file or a host; a password is letters with a digit or a symbol,
/// not starting with a digit, without the punctuation of structured values. So ports, times,
/// versions, image tags, digests, paths, file names and settings stay (`localhost:8080`,
/// `12:30:45`, `nginx:1.25`, `build:v2.1`, `sha256:e3b0...`, `HEAD:README.md`,
/// `cargo:rerun-if-changed={}`, `sqlite:w.db?mode=ro`, `memories:m-nas,m-evil`,
/// `process_runaway:java[77]`). A `snake_case` key of three words or more
/// (`ec_paramgen_curve:prime256v1`, an OpenSSL option) is a login only before a password in
/// mixed case or with a symbol.
fn plain_password_line_keeps(c: &Captures) -> bool {
    if past_line_password_bound(c) {
        return true;
    }
    let head = c.name("head").map_or("", |m| m.as_str());
    let user = head.trim_end_matches(':');
    let secret = c.name("secret").map_or("", |m| m.as_str());
    match login_like(user) {
        Login::Not => true,
        Login::Plain => !(password_like(secret) || des_crypt(secret)),
        Login::Doubtful => {
            !((password_like(secret) && strong_password(secret)) || des_crypt(secret))
        }
    }
}

/// A traditional DES crypt(3) hash, as `htpasswd -d` writes it (`bob:rl.3StKT.4T8M`): 13
/// characters of crypt's alphabet, upper- and lowercase letters and a digit among them.
fn des_crypt(secret: &str) -> bool {
    secret.len() == 13
        && secret
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '/'))
        && secret.chars().any(|ch| ch.is_ascii_uppercase())
        && secret.chars().any(|ch| ch.is_ascii_lowercase())
        && secret.chars().any(|ch| ch.is_ascii_digit())
}

/// How surely the first field of a `word:value` line is a user's name.
enum Login {
    Not,
    Plain,
    Doubtful,
}

/// A user's name: not a digest or scheme, a file name (`notes.txt`, as `grep` prints it), a
/// host, a setting's key or an AWS key id (the AWS pass hides the pair whole).
fn login_like(user: &str) -> Login {
    let lower = user.to_ascii_lowercase();
    let email = user.contains('@');
    let dotted_thing = !email
        && lower.rsplit_once('.').is_some_and(|(_, last)| {
            NOT_LOGIN_ENDINGS.contains(&last) || last.is_empty() || lower.matches('.').count() > 1
        });
    // A commit, a digest's prefix, an IPv6 group: hexadecimal digits with a digit.
    let hex =
        user.chars().all(|ch| ch.is_ascii_hexdigit()) && user.chars().any(|ch| ch.is_ascii_digit());
    if dotted_thing
        || hex
        || !user.chars().any(|ch| ch.is_ascii_lowercase())
        || NOT_USERS.contains(&lower.as_str())
    {
        return Login::Not;
    }
    if !email && user.matches('_').count() >= 2 {
        return Login::Doubtful;
    }
    Login::Plain
}

/// A password no option's value looks like: upper and lower case letters, or a symbol.
fn strong_password(secret: &str) -> bool {
    (secret.chars().any(|ch| ch.is_ascii_uppercase())
        && secret.chars().any(|ch| ch.is_ascii_lowercase()))
        || secret.chars().any(|ch| "!@#$%^&*~".contains(ch))
}

/// A password's shape: letters with a digit or one of the symbols passwords take, not a
/// number, version, image tag, digest, path, file name or structured value.
fn password_like(secret: &str) -> bool {
    let has_letter = secret.chars().any(|ch| ch.is_ascii_alphabetic());
    let has_digit_or_symbol = secret
        .chars()
        .any(|ch| ch.is_ascii_digit() || "!@#$%^&*~".contains(ch));
    let structured = secret.contains([
        '/', '\\', '=', ',', '[', ']', '{', '}', '(', ')', '?', '+', ';', '"', '\'', '<', '>', '|',
        '.',
    ]);
    let digest = secret.len() >= 16 && secret.chars().all(|ch| ch.is_ascii_hexdigit());
    let version_tag =
        secret.starts_with(['v', 'V']) && secret[1..].starts_with(|ch: char| ch.is_ascii_digit());
    // `jammy-20240101`, `bookworm-slim`, `lts_alpine`: an image's tag in lower case.
    let lower_tag = secret.contains(['-', '_'])
        && secret
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || matches!(ch, '-' | '_'));
    has_letter
        && has_digit_or_symbol
        && !structured
        && !digest
        && !version_tag
        && !lower_tag
        && !secret.starts_with(|ch: char| ch.is_ascii_digit() || matches!(ch, '$' | '-'))
}

/// `head`, the secret replaced (quotes kept), `tail`; alternatives numbered `head2`...
fn replace(c: &Captures) -> String {
    let whole = c.get(0).map_or("", |m| m.as_str());
    let pick = |names: [&str; 2]| {
        names
            .iter()
            .find_map(|n| c.name(n))
            .map_or("", |m| m.as_str())
    };
    let head = pick(["head", "head2"]);
    let secret = pick(["secret", "secret2"]);
    let tail = pick(["tail", "tail2"]);
    let (open, inner, close) = crate::text::split_quotes(secret);
    if inner.is_empty() || inner.contains(REDACTED) {
        return whole.to_owned();
    }
    format!("{head}{open}{REDACTED}{close}{tail}")
}

fn each(pattern: &Pattern, text: &str, keep: impl Fn(&Captures) -> bool) -> String {
    match pattern.as_ref() {
        Some(regex) => regex
            .replace_all(text, |c: &Captures| {
                // A value the tool masked itself (`Token: gho_****...`) is no secret here
                // either.
                let masked = c
                    .name("secret")
                    .is_some_and(|m| crate::text::masked(m.as_str()));
                if masked || keep(c) {
                    c.get(0).map_or(String::new(), |m| m.as_str().to_owned())
                } else {
                    replace(c)
                }
            })
            .into_owned(),
        None => REDACTED.to_owned(),
    }
}

/// A line announcing a password or a token that the next lines print: it ends with `:` after
/// words naming one (`Please use the following password to proceed to installation:`,
/// Jenkins), or it says a password was set or reset and the next line labels the value
/// (`Password for the [elastic] user successfully reset.` then `New value: x`).
static ANNOUNCES_SECRET: Pattern =
    LazyLock::new(|| compile(r"(?i)\b(?:password|passphrase|token|api[ _-]?key|secret)s?\b"));

/// The value printed below an announcing line (see [`ANNOUNCES_SECRET`]): the next non-blank
/// line when it is one word of a password's or a token's shape, or `New value: x`.
fn redact_announced_values(text: &str) -> String {
    let Some(announces) = ANNOUNCES_SECRET.as_ref() else {
        return REDACTED.to_owned();
    };
    let mut out = String::with_capacity(text.len());
    // Set by an announcing line: whether it ends with `:` (the value alone follows) or not
    // (a `New value:` label follows).
    let mut pending: Option<bool> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim();
        if trimmed.is_empty() {
            out.push_str(line);
            continue;
        }
        if let Some(colon) = pending.take() {
            let labelled = ["New value:", "Value:", "new value:"]
                .iter()
                .find_map(|label| trimmed.strip_prefix(label))
                .map(str::trim);
            let value = if colon { Some(trimmed) } else { labelled };
            if let Some(value) = value
                && !value.contains([' ', '\t'])
                && !value.contains(REDACTED)
                && (password_like(value) || generated_token(value))
            {
                let at = body.rfind(value).unwrap_or(0);
                out.push_str(&body[..at]);
                out.push_str(REDACTED);
                out.push_str(&line[at + value.len()..]);
                continue;
            }
        }
        if announces.is_match(trimmed) && !trimmed.contains(REDACTED) {
            if trimmed.ends_with(':') {
                pending = Some(true);
            } else if trimmed.ends_with('.')
                && ["reset", "changed", "set", "generated", "updated"]
                    .iter()
                    .any(|w| trimmed.to_ascii_lowercase().contains(w))
            {
                pending = Some(false);
            }
        }
        out.push_str(line);
    }
    out
}

/// A generated token: 16 characters or more, letters and digits (hexadecimal or mixed case).
fn generated_token(value: &str) -> bool {
    value.len() >= 16
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        && value.chars().any(|c| c.is_ascii_digit())
        && value.chars().any(|c| c.is_ascii_alphabetic())
}

/// Runs the line passes over `text`.
pub(crate) fn redact_credential_lines(text: &str) -> String {
    let text = each(&WINDOWS_HASHES, text, |_| false);
    let text = each(&HTDIGEST, &text, |_| false);
    let text = each(&HTDIGEST_ITEM, &text, |c| {
        let user = c
            .name("user")
            .map_or("", |m| m.as_str())
            .to_ascii_lowercase();
        user.starts_with("md5")
            || user.starts_with("sha")
            || user == "etag"
            || user == "digest"
            // An id of hex digits (`8f3a1b2c:9d8e7f6a:<32 hex>`, a trace's or a request's).
            || user.chars().all(|ch| ch.is_ascii_hexdigit())
    });
    let text = each(&PPP_SECRET, &text, |c| {
        // `bob * hunter2 *`: a password has a letter or a digit; words of a sentence and
        // `ls -l * x *` lines are not credentials (a secret beginning with `-` is an option).
        let secret = c.name("secret").map_or("", |m| m.as_str());
        let head = c.name("head").map_or("", |m| m.as_str());
        let first = head.split_whitespace().next().unwrap_or("");
        secret.starts_with('-')
            || first.starts_with(['-', '#', '/', '$'])
            // A command line of four words (`ip addr add 10.0.0.1/24`, `ufw allow from
            // 10.0.0.1`): a program's name opens it, where a record has its client.
            || crate::commands::is_command_name(first.trim_matches('"'))
            // A subcommand's verb where the server or the secret would stand (`ovs-vsctl
            // add-port br0 10.0.0.1`, `xl2tpd-control connect vpn 10.0.0.1`): no server and no
            // password is named so.
            || [head.split_whitespace().nth(1).unwrap_or(""), secret]
                .iter()
                .any(|w| COMMAND_VERBS.contains(&w.trim_matches('"').to_ascii_lowercase().as_str()))
            // pg_hba.conf: `host all all 10.0.0.0/8 md5`.
            || matches!(first, "host" | "hostssl" | "hostnossl" | "hostgssenc" | "local")
    });
    // Only a name shaped as a strong password goes: `admin`, `oracle`, `test123`, the names
    // a scan tries, stay.
    let text = each(&REFUSED_USER, &text, |c| {
        let user = c
            .name("secret")
            .or(c.name("secret2"))
            .map_or("", |m| m.as_str());
        !(password_like(user) && strong_password(user))
    });
    let text = each(&LDIF_BASE64, &text, |c| {
        let name = c.name("name").map_or("", |m| m.as_str());
        !(is_secret_name(name)
            || name.eq_ignore_ascii_case("krbPrincipalKey")
            || name.to_ascii_lowercase().ends_with("password"))
    });
    let text = each(&PASSWD_LINE, &text, |c| {
        passwd_placeholder(c.name("secret").map_or("", |m| m.as_str()))
    });
    let text = each(&PLAIN_USER_PASSWORD, &text, plain_password_line_keeps);
    let text = each(&USER_PASSWORD_LEVEL, &text, |c| {
        if past_line_password_bound(c) {
            return true;
        }
        let secret = c.name("secret").map_or("", |m| m.as_str());
        let digest = secret.len() >= 32 && secret.chars().all(|ch| ch.is_ascii_hexdigit());
        !(digest || password_like(secret))
    });
    let text = each(&LABELLED_VALUE, &text, |c| {
        let label = c.name("name").map_or("", |m| m.as_str());
        let value = c.name("secret").map_or("", |m| m.as_str());
        // One word (`password: x`) is the assignments' to judge; references, placeholders,
        // quoted and encrypted values (`${CI_TOKEN}`, `%(X)s`, `<token>`, `ENC[...]`) stay.
        let one_word = !label.contains([' ', '\t']);
        let secret_id =
            crate::names::parts(label).ends_with(&["secret".to_owned(), "id".to_owned()]);
        // `Session ID: 8f3a...`: a session's id when generated (see `sessions`).
        let session = crate::sessions::names_session(label) && crate::sessions::token_shaped(value);
        (one_word && !secret_id && !session)
            || !(label_names_credential(label) || session)
            || value.starts_with(['<', '$', '%', '"', '\'', '{', '['])
            // `private key: (hidden)` (`wg show`), `(none)`: a placeholder in parentheses.
            || (value.starts_with('(') && value.ends_with(')'))
            || value.starts_with("ENC[")
            || value.chars().all(|ch| ch == '*')
            // `private key: nodekey:...`: the value's own prefix says it is public.
            || crate::hexkeys::public_typed_key(value)
    });
    let text = each(&SPOKEN_LABEL, &text, |c| {
        // A password's shape, or a long token in mixed case with digits; not a duration
        // (`768h0m0s`), a UUID, a digest, a word or a structured value.
        let secret = c.name("secret").map_or("", |m| m.as_str());
        // `secret key: age1...`: a public key by its own prefix.
        if crate::hexkeys::public_typed_key(secret) {
            return true;
        }
        let mixed_token = secret.len() >= 16
            && secret.chars().all(|ch| ch.is_ascii_alphanumeric())
            && secret.chars().any(|ch| ch.is_ascii_uppercase())
            && secret.chars().any(|ch| ch.is_ascii_lowercase())
            && secret.chars().any(|ch| ch.is_ascii_digit());
        !(password_like(secret) || mixed_token)
    });
    let text = if text.contains('\n') {
        redact_announced_values(&text)
    } else {
        text
    };
    let text = each(&EXPECT_SEND, &text, |c| {
        // `send "$password\r"`, `send -- "$env(PASS)\r"`: a variable, not the password.
        let secret = c.name("secret").map_or("", |m| m.as_str());
        secret.trim_start_matches(['\\', '"', '{']).starts_with('$')
    });
    let text = each(&COOKIE_JAR_LINE, &text, |_| false);
    let text = each(&UCI_OPTION, &text, |c| {
        !uci_secret(c.name("name").map_or("", |m| m.as_str())) || uci_placeholder(c)
    });
    // Also Spring's and Java's three-part keys (`spring.datasource.password=x`).
    let text = each(&UCI_SET, &text, |c| {
        !uci_secret(c.name("name").map_or("", |m| m.as_str())) || uci_placeholder(c)
    });
    let text = each(&EXPECT_BLOCK_SEND, &text, |c| {
        let secret = c.name("secret").map_or("", |m| m.as_str());
        secret.trim_start_matches(['"', '{']).starts_with('$')
    });
    let text = each(&REDIS_AUTH, &text, |_| false);
    let text = each(&BIND_SECRET, &text, |_| false);
    let text = each(&LOGIN_PAIR, &text, |_| false);
    let text = each(&SQL_PROCEDURE, &text, |_| false);
    each(&SQL_PASSWORD_PROCEDURE, &text, |_| false)
}

#[cfg(test)]
mod tests {
    #[test]
    fn patterns_compile() {
        for pattern in [
            &super::PPP_SECRET,
            &super::REFUSED_USER,
            &super::HTDIGEST,
            &super::HTDIGEST_ITEM,
            &super::WINDOWS_HASHES,
            &super::LDIF_BASE64,
            &super::REDIS_AUTH,
            &super::BIND_SECRET,
            &super::LOGIN_PAIR,
            &super::SQL_PROCEDURE,
            &super::SQL_PASSWORD_PROCEDURE,
            &super::PLAIN_USER_PASSWORD,
            &super::PASSWD_LINE,
            &super::USER_PASSWORD_LEVEL,
            &super::LABELLED_VALUE,
            &super::EXPECT_SEND,
            &super::SPOKEN_LABEL,
            &super::COOKIE_JAR_LINE,
            &super::UCI_OPTION,
            &super::UCI_SET,
            &super::ANNOUNCES_SECRET,
            &super::EXPECT_BLOCK_SEND,
        ] {
            assert!(pattern.is_some());
        }
    }

    /// The `user:password` lines read passwords up to [`super::MAX_LINE_PASSWORD_CHARS`]
    /// characters, counted as characters (not bytes), and leave longer values to other passes:
    /// the bound the patterns used to spell is kept by the code.
    #[test]
    fn line_passwords_are_bounded_in_characters() {
        let password = |chars: usize| -> String { "Kx9!é".chars().cycle().take(chars).collect() };
        for (line, redacted) in [
            (format!("alice:{}", password(128)), true),
            (format!("alice:{}", password(129)), false),
            (format!("alice:{}:10", password(128)), true),
            (format!("alice:{}:10", password(129)), false),
        ] {
            let out = super::redact_credential_lines(&line);
            assert_eq!(
                out.contains(super::REDACTED),
                redacted,
                "{} characters in {line:?} gave {out:?}",
                line.chars().count()
            );
            if !redacted {
                assert_eq!(out, line);
            }
        }
    }
}

//! Secrets a terminal transcript shows as a command's output, where nothing on the line says
//! "password": the lines after `$ cat ~/.restic-password`, `# systemd-creds cat db-password`,
//! `$ pass show mail`, `$ kubectl get secret db -o jsonpath=... | base64 -d`. The output of a
//! command that prints a secret file or a store's entry is hidden up to the next prompt.

use std::path::Path;
use std::sync::LazyLock;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::paths::sensitive_path;

/// A shell prompt and the command typed after it: `$ cmd`, `# cmd`, `user@host:~$ cmd`,
/// `(venv) user@host:/srv# cmd`.
pub(crate) static PROMPT: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r"^[ \t]*(?:\([^)\n]*\)[ \t]*)?(?:[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+(?::[^\s$#%]*)?[ \t]?)?[$#%][ \t]+(?P<command>\S.*?)\r?$",
    )
    .ok()
});

/// A prompt with nothing typed after it (`$`, `root@host:~# `): the transcript's end, or the
/// next command not yet typed; it ends the output before it.
pub(crate) static BARE_PROMPT: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r"^[ \t]*(?:\([^)\n]*\)[ \t]*)?(?:[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+(?::[^\s$#%]*)?[ \t]?)?[$#%][ \t]*\r?$",
    )
    .ok()
});

/// redis-cli's interactive prompt (`127.0.0.1:6379> GET key`, `cache:6379[2]> HGET h f`;
/// valkey-cli's and KeyDB's are the same) and the command typed after it, judged as
/// `redis-cli COMMAND`.
static REDIS_PROMPT: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r"^[ \t]*[A-Za-z0-9_.-]+:[0-9]{1,5}(?:\[[0-9]{1,3}\])?>(?:[ \t]+(?P<command>\S.*?))?[ \t]*\r?$",
    )
    .ok()
});

/// The Redis family's command-line clients.
const REDIS_CLIENTS: &[&str] = &["redis-cli", "valkey-cli", "keydb-cli"];

/// Redis commands that print stored values (strings, hash fields, list and set members).
const REDIS_READS: &[&str] = &[
    "get",
    "getdel",
    "getex",
    "getset",
    "getrange",
    "mget",
    "hget",
    "hmget",
    "hgetall",
    "hvals",
    "lrange",
    "lindex",
    "lpop",
    "rpop",
    "smembers",
    "srandmember",
    "spop",
    "zrange",
    "json.get",
    "dump",
];

/// Whether `words` read values from a Redis store (`redis-cli -h cache GET mykey`, `HGETALL
/// user:1`): what a key holds is anyone's data, so a value of a secret's shape goes whatever
/// the key is called ([`secret_shaped_value`]).
fn reads_store_values(words: &[&str]) -> bool {
    let Some(program) = words
        .iter()
        .position(|w| REDIS_CLIENTS.contains(&w.rsplit('/').next().unwrap_or(w)))
    else {
        return false;
    };
    let operands: Vec<&str> = words[program + 1..]
        .iter()
        .take_while(|w| !matches!(**w, "|" | ">" | "&&" | ";" | "||"))
        .copied()
        .collect();
    operands.iter().enumerate().any(|(at, w)| {
        REDIS_READS.contains(&w.to_ascii_lowercase().as_str())
            && !(at > 0 && operands[at - 1].eq_ignore_ascii_case("config"))
    })
}

/// Whether `command` asks a Redis client for settings (`redis-cli -h cache CONFIG GET
/// masterauth`, `valkey-cli config get '*pass*'`), whose raw reply pairs names and values line
/// by line (`replies.rs`).
pub(crate) fn gets_redis_config(command: &str) -> bool {
    let words: Vec<&str> = command.split_whitespace().collect();
    redis_operands(&words).is_some_and(|rest| {
        rest.windows(2).any(|pair| {
            pair[0].eq_ignore_ascii_case("config") && pair[1].eq_ignore_ascii_case("get")
        })
    })
}

/// The words after a Redis client's name up to the end of its command (a pipe, a redirection,
/// the next command); `None` when `words` run none.
fn redis_operands<'a>(words: &[&'a str]) -> Option<Vec<&'a str>> {
    let program = words
        .iter()
        .position(|w| REDIS_CLIENTS.contains(&w.rsplit('/').next().unwrap_or(w)))?;
    Some(
        words[program + 1..]
            .iter()
            .take_while(|w| !matches!(**w, "|" | ">" | "&&" | ";" | "||"))
            .copied()
            .collect(),
    )
}

/// What a Redis read names for a secret: whether its one value is (`GET reset_token`, `HGET
/// user:1 password`, `GETDEL`, `GETEX`), and which numbered replies are (`HMGET user:1 name
/// password` answers `2)` with the password, `MGET api_token other` answers `1)` with the
/// token). `None` for any other command.
fn redis_secret_operands(words: &[&str]) -> Option<(bool, Vec<usize>)> {
    let rest = redis_operands(words)?;
    let verb = rest.iter().position(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "get" | "getdel" | "getex" | "getset" | "hget" | "hmget" | "mget"
        )
    })?;
    if verb > 0 && rest[verb - 1].eq_ignore_ascii_case("config") {
        return None;
    }
    // A key or field names a secret in any of its parts (`user:1:password`,
    // `credentials:alice`, `vault/token`), not in its last alone.
    let secret = |operand: &&str| {
        let operand = operand.trim_matches(['"', '\'']);
        operand.split(['/', ':', '.', '{', '}']).any(|part| {
            crate::names::names_secret_column(part) && !crate::names::counts_things(part)
        })
    };
    let operands = &rest[verb + 1..];
    match rest[verb].to_ascii_lowercase().as_str() {
        "hget" => Some((operands.get(1).is_some_and(secret), Vec::new())),
        "hmget" => Some((
            false,
            operands
                .iter()
                .skip(1)
                .enumerate()
                .filter(|(_, field)| secret(field))
                .map(|(at, _)| at + 1)
                .collect(),
        )),
        "mget" => Some((
            false,
            operands
                .iter()
                .enumerate()
                .filter(|(_, key)| secret(key))
                .map(|(at, _)| at + 1)
                .collect(),
        )),
        _ => Some((operands.first().is_some_and(secret), Vec::new())),
    }
}

/// A reply line to a read of an account's key that may be its password: a value of a
/// password's shape, among every reply or the even-numbered ones only.
fn account_value(line: &str, every: bool) -> bool {
    let body = line.trim();
    let (number, value) = match body.split_once(") ") {
        Some((number, rest)) if number.chars().all(|c| c.is_ascii_digit()) => {
            (number.parse::<usize>().ok(), rest)
        }
        _ => (None, body),
    };
    // A JSON document's fields are judged by their names elsewhere.
    let value = value.trim_matches('"');
    (every || number.is_some_and(|n| n % 2 == 0))
        && !value.starts_with(['{', '['])
        && crate::queried::password_shaped(value)
}

/// What a Redis read of an account's key (`GET user:1`, `HGETALL users:alice`, `HVALS
/// account:42`) may print a password among: `Some(true)` when every reply may be one (a
/// value, `HVALS`, `MGET`), `Some(false)` when only the even replies are values (`HGETALL`'s
/// field, value, field...). `None` for any other command.
fn redis_account_read(words: &[&str]) -> Option<bool> {
    let rest = redis_operands(words)?;
    let verb = rest
        .iter()
        .position(|w| REDIS_READS.contains(&w.to_ascii_lowercase().as_str()))?;
    if verb > 0 && rest[verb - 1].eq_ignore_ascii_case("config") {
        return None;
    }
    let key = rest.get(verb + 1)?.trim_matches(['"', '\'']);
    if !key
        .split(['/', ':', '.', '{', '}'])
        .any(crate::queried::account_table)
    {
        return None;
    }
    Some(!rest[verb].eq_ignore_ascii_case("hgetall"))
}

/// Whether `line` is a numbered reply (`2) "x"`) whose number is among `numbers`.
fn numbered_in(line: &str, numbers: &[usize]) -> bool {
    reply_number(line).is_some_and(|n| numbers.contains(&n))
}

/// Whether `line` is a numbered reply (`1) "requirepass"`), as redis-cli prints to a terminal.
fn numbered_reply(line: &str) -> bool {
    reply_number(line).is_some()
}

/// The number of a numbered reply line (`2) "x"`).
fn reply_number(line: &str) -> Option<usize> {
    line.trim()
        .split_once(") ")
        .and_then(|(number, _)| number.parse::<usize>().ok())
}

/// A line of a store's reply that is a secret by its shape: one word (its `1) ` numbering and
/// quotes taken off) of six characters or more mixing letters and digits (`hunter2value`,
/// `Zx9Qk2LmP4`), or generated as a token is. Numbers, plain words, dates and text with
/// spaces (`"42"`, `"enabled"`, `"2024-01-01"`, `"<html>hello</html>"`) stay.
pub(crate) fn secret_shaped_value(line: &str) -> bool {
    let body = line.trim();
    let body = match body.split_once(") ") {
        Some((number, rest)) if number.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => body,
    };
    let value = body.trim_matches('"');
    if value.is_empty() || value.contains(char::is_whitespace) || value == REDACTED {
        return false;
    }
    // A name numbered at its end (`web-server-01`, `user2024`, `Node-3`) or a version
    // (`v1.2.3`): how hosts, users and releases are called.
    let name_part = value.trim_end_matches(|c: char| c.is_ascii_digit());
    let named = value.len() - name_part.len() <= 4
        && name_part
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && name_part
            .chars()
            .skip(1)
            .all(|c| c.is_ascii_lowercase() || matches!(c, '.' | '_' | '-'));
    let version = value
        .trim_start_matches(['v', 'V'])
        .split('.')
        .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        && value.contains('.');
    if named || version {
        return false;
    }
    crate::sessions::token_shaped(value)
        || (value.len() >= 6
            && value.chars().any(|c| c.is_ascii_alphabetic())
            && value.chars().any(|c| c.is_ascii_digit())
            && !value.starts_with(['/', '<', '{', '['])
            && !value.contains("://"))
}

/// Programs that print a file's contents as they are, or lines and fields of it.
const READERS: &[&str] = &[
    "cat", "head", "tail", "less", "more", "bat", "batcat", "tac", "nl", "strings", "base64",
    "grep", "egrep", "fgrep", "rg", "awk", "sed", "cut", "jq", "yq", "xxd", "od", "hexdump",
    "sort", "uniq", "column", "view",
    // Lines of a file rearranged or compared, as they are (`paste`, `diff a.env b.env`), or
    // decompressed (`zcat`).
    "paste", "pr", "fold", "fmt", "rev", "expand", "unexpand", "iconv", "diff", "sdiff", "comm",
    "join", "zcat", "bzcat", "xzcat", "zstdcat", "zless", "zgrep", "vim", "vi", "nano", "dd",
    "tee", "split", "csplit", "look", "tr", "gawk", "mawk", "busybox",
];

/// Interpreters, which read a secret file named in the code they are given inline (`perl -pe
/// '' FILE`, `python3 -c 'print(open("FILE").read())'`, `ruby -e`, `node -e`, `php -r`); a
/// script run with a settings file's path (`python3 app.py --env-file .env`) prints its own
/// output.
const INTERPRETERS: &[&str] = &["perl", "python", "python3", "ruby", "node", "php", "lua"];

/// Whether `word` gives an interpreter its code inline: `-c`, `-e`, `-r`, `--eval`, or
/// perl's bundled `-pe`, `-ne`, `-lne`.
fn inline_code_option(word: &str) -> bool {
    matches!(word, "-c" | "-e" | "-E" | "-r" | "--eval" | "-p" | "-n")
        || (word.starts_with('-')
            && !word.starts_with("--")
            && word.len() <= 5
            && (word.ends_with('e') || word.ends_with('E')))
}

/// Options that name the file a program reads (`dd if=FILE`, `xargs -a FILE`,
/// `--arg-file=FILE`), as the operand they stand for.
fn operand_of(word: &str) -> &str {
    for prefix in ["if=", "--arg-file=", "--input=", "--file="] {
        if let Some(path) = word.strip_prefix(prefix) {
            return path;
        }
    }
    word
}

/// Whether `word` names a secret file: a path, or a name pattern that `find -name` or a glob
/// matches one with (`rsyncd.secrets`, `'*.env'`, `rsyncd.*`), a wildcard read as any
/// letters.
fn names_secret_file(word: &str) -> bool {
    let word = operand_of(word.trim_matches(['"', '\'', ';', '\\']));
    if word.is_empty() {
        return false;
    }
    if sensitive_path(Path::new(word)).is_some() {
        return true;
    }
    if !word.contains(['*', '?']) {
        return false;
    }
    let filled = ["", "x", "prod"].iter().any(|fill| {
        let filled = word.replace('*', fill).replace('?', "x");
        !filled.is_empty() && sensitive_path(Path::new(&filled)).is_some()
    });
    // A pattern that starts with a name's first letters (`rsyncd.*`, `vault-tok?n`) is read
    // against the secret files' names; one that starts with a wildcard (`*.conf`) matches
    // too many names to say it reads a secret one.
    let last = word.rsplit('/').next().unwrap_or(word);
    let literal = last.find(['*', '?', '[']).unwrap_or(last.len());
    // Files known by their extension or last word (`rsyncd.secrets`, `app.key`) are tried
    // with those words in the wildcard's place.
    const ENDINGS: &[&str] = &[
        "secrets",
        "secret",
        "key",
        "pem",
        "env",
        "token",
        "password",
        "passwd",
        "pass",
        "credentials",
        "creds",
        "keyring",
        "kdbx",
        "p12",
        "pfx",
        "psk",
    ];
    filled
        || (literal >= 3
            && (crate::paths::secret_file_names().any(|name| wildcard_matches(last, name))
                || ENDINGS.iter().any(|ending| {
                    let filled = word.replace('*', ending).replace('?', "x");
                    sensitive_path(Path::new(&filled)).is_some()
                })))
}

/// Whether the shell wildcard `pattern` (`*` and `?`) matches `name` whole.
fn wildcard_matches(pattern: &str, name: &str) -> bool {
    let (pattern, name) = (pattern.as_bytes(), name.as_bytes());
    // Where the last `*` stood, and the name's offset it was tried at.
    let (mut p, mut n, mut star): (usize, usize, Option<(usize, usize)>) = (0, 0, None);
    while n < name.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == name[n]) {
            p += 1;
            n += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, n));
            p += 1;
        } else if let Some((at, from)) = star {
            p = at + 1;
            n = from + 1;
            star = Some((at, from + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|b| *b == b'*')
}

/// Commands that print a credential they fetch, decrypt or generate, as words in order (`*`
/// stands for any one word): cloud CLIs' tokens and registry passwords, secret stores'
/// values, decryption to standard output, key and password generators.
const PRINTS_CREDENTIAL: &[&[&str]] = &[
    &["aws", "ecr", "get-login-password"],
    &["aws", "ecr-public", "get-login-password"],
    &["aws", "codeartifact", "get-authorization-token"],
    &["aws", "secretsmanager", "get-secret-value"],
    &["gcloud", "auth", "print-access-token"],
    &["gcloud", "auth", "print-identity-token"],
    &[
        "gcloud",
        "auth",
        "application-default",
        "print-access-token",
    ],
    &["gcloud", "secrets", "versions", "access"],
    &["az", "account", "get-access-token"],
    &["az", "keyvault", "secret", "show"],
    &["gh", "auth", "token"],
    &["glab", "auth", "token"],
    &["vault", "print", "token"],
    &["kubectl", "create", "token"],
    &["oc", "whoami", "-t"],
    &["oc", "whoami", "--show-token"],
    &["heroku", "auth:token"],
    &["fly", "auth", "token"],
    &["flyctl", "auth", "token"],
    &["npm", "token", "create"],
    &["k3s", "token", "create"],
    &["kubeadm", "token", "create"],
    &["doppler", "secrets", "get"],
    &["infisical", "secrets", "get"],
    &["chamber", "read"],
    &["sops", "-d"],
    &["sops", "--decrypt"],
    &["sops", "decrypt"],
    &["ansible-vault", "view"],
    &["gpg", "-d"],
    &["gpg", "--decrypt"],
    &["age", "-d"],
    &["age", "--decrypt"],
    &["security", "find-generic-password"],
    &["security", "find-internet-password"],
    &["keyring", "get"],
    &["wg", "genkey"],
    &["wg", "genpsk"],
    &["wg", "show", "*", "private-key"],
    &["wg", "show", "*", "preshared-keys"],
    &["pwgen"],
    &["apg"],
    &["openssl", "rand"],
    &["gpg", "--gen-random"],
    // Foundry's wallet commands that print a private key alone (`0x` and 64 digits, which a
    // transaction's hash also is).
    &["cast", "wallet", "private-key"],
    &["cast", "wallet", "derive-private-key"],
    &["cast", "wallet", "decrypt-keystore"],
    &["step", "crypto", "rand"],
    // Without `-q` the join command is printed, its token caught by its shape.
    &["docker", "swarm", "join-token", "-q"],
    &["docker", "swarm", "join-token", "--quiet"],
    // First passwords set by installers, and keys and secrets generated for configuration:
    // Argo CD's admin password, KeePassXC's entries, gossip encryption keys, Rails' and
    // Phoenix's secret key bases, Authelia's random values.
    &["argocd", "admin", "initial-password"],
    &["keepassxc-cli", "show"],
    &["consul", "keygen"],
    &["nomad", "operator", "keygen"],
    &["nomad", "operator", "gossip", "keyring", "generate"],
    &["rails", "secret"],
    &["rake", "secret"],
    &["mix", "phx.gen.secret"],
    &["authelia", "crypto", "rand"],
    // Keys printed alone: Borg's exported repository key (to standard output when no file is
    // given), Headscale's pre-auth and API keys, kubeadm's and k3s' tokens and the key that
    // encrypts the control plane's certificates.
    &["borg", "key", "export"],
    &["headscale", "preauthkeys", "create"],
    &["headscale", "apikeys", "create"],
    &["kubeadm", "token", "generate"],
    &["kubeadm", "certs", "certificate-key"],
    &["k3s", "token", "generate"],
    // Password generators besides `pwgen` and `apg`.
    &["makepasswd"],
    &["xkcdpass"],
    &["diceware"],
    &["pwqgen"],
    &["gopass", "pwgen"],
    &["bw", "generate"],
    &["keepassxc-cli", "generate"],
    // rclone's password kept obscured in `rclone.conf`, shown in clear.
    &["rclone", "reveal"],
    // Headscale's listing of pre-auth keys prints each key whole in a column headed `Key`,
    // a header other tables give names (`vault`'s `Key  Value`).
    &["headscale", "preauthkeys", "list"],
];

/// Key-value stores and configuration tools whose `get KEY` prints the value alone.
const KEY_READERS: &[&str] = &[
    "consul",
    "etcdctl",
    "redis-cli",
    "valkey-cli",
    "keydb-cli",
    "zkCli.sh",
    "zkcli",
    "zookeeper-shell",
    "pulumi",
    "op",
    // Package managers' and platforms' settings: `npm config get //host/:_authToken`, `pip
    // config get global.password`, `snap get nextcloud password`, `aws configure get
    // aws_secret_access_key`, Nextcloud's `occ config:system:get dbpassword`, `dokku
    // config:get app DB_PASSWORD`, `heroku config:get SECRET_KEY_BASE`.
    "npm",
    "yarn",
    "pnpm",
    "pip",
    "pip3",
    "snap",
    "aws",
    "occ",
    "dokku",
    "heroku",
];

/// An option asking to show secrets in clear: `--reveal`, `--show-secrets`, Podman's
/// `--showsecret`, `--show-password`, `--print-token` (also `=true`).
fn asks_to_show_secrets(word: &str) -> bool {
    let Some(option) = word.strip_prefix('-') else {
        return false;
    };
    let (name, value) = option.split_once('=').unwrap_or((option, "true"));
    if value != "true" {
        return false;
    }
    let joined: String = crate::names::parts(name).concat();
    joined == "reveal"
        || ["show", "reveal", "print", "display", "unmask"]
            .iter()
            .any(|verb| {
                joined.strip_prefix(verb).is_some_and(|rest| {
                    matches!(
                        rest,
                        "secret" | "secrets" | "password" | "passwords" | "token" | "tokens"
                    )
                })
            })
}

/// Whether `words` read a key named for a secret from a store (`consul kv get
/// secret/db/password`, `etcdctl get /app/api_token`, `redis-cli GET api_token`, `pulumi
/// config get dbPassword`, `pulumi stack output dbPassword`), or ask a tool to show the
/// secrets it hides otherwise (`--show-secrets`, `op item get ... --reveal`).
fn reads_secret_key(words: &[&str]) -> bool {
    if words.iter().any(|w| asks_to_show_secrets(w)) {
        return true;
    }
    // NetworkManager's `nmcli -s ... show`: the connections' secrets in clear.
    if words
        .first()
        .is_some_and(|w| w.rsplit('/').next() == Some("nmcli"))
        && words.contains(&"-s")
        && words.iter().any(|w| *w == "show" || *w == "s")
    {
        return true;
    }
    let Some(program) = words
        .iter()
        .position(|w| KEY_READERS.contains(&w.rsplit('/').next().unwrap_or(w)))
    else {
        return false;
    };
    let Some(verb) = words[program + 1..]
        .iter()
        .position(|w| w.eq_ignore_ascii_case("get") || *w == "output" || w.ends_with(":get"))
        .map(|at| program + 1 + at)
    else {
        return false;
    };
    // Redis' `CONFIG GET *pass*` prints settings' names with their values, which the numbered
    // replies' pass judges pair by pair (`replies.rs`).
    if REDIS_CLIENTS.contains(&words[program].rsplit('/').next().unwrap_or(words[program]))
        && words[verb - 1].eq_ignore_ascii_case("config")
    {
        return false;
    }
    // Every operand up to the end of the command: a store's key, or an application's name
    // and then its setting's (`snap get nextcloud password`, `occ config:app:get user_ldap
    // ldap_agent_password`).
    words[verb + 1..]
        .iter()
        .take_while(|w| !matches!(**w, "|" | ">" | "&&" | ";"))
        .filter(|w| !w.starts_with('-'))
        .any(|key| secret_setting(key))
}

/// A setting's or a key's name that names a secret, alone or as its last part
/// (`app/db/password`, `//registry.npmjs.org/:_authToken`, `global.password`).
fn secret_setting(key: &str) -> bool {
    let key = key.trim_matches(['"', '\'']);
    let last = key.rsplit(['/', ':']).next().unwrap_or(key);
    crate::names::is_secret_name(last)
        || crate::names::is_secret_name(last.rsplit('.').next().unwrap_or(last))
}

/// Whether `words` read a Git setting named for a secret (`git config --get user.password`,
/// `git config credential.https://host.password`, `git config get ...`): Git prints its value
/// alone.
fn reads_git_secret_setting(words: &[&str]) -> bool {
    words.windows(2).enumerate().any(|(at, pair)| {
        pair[0].rsplit('/').next() == Some("git")
            && pair[1] == "config"
            && words[at + 2..]
                .iter()
                .take_while(|w| !matches!(**w, "|" | ">" | "&&" | ";"))
                .filter(|w| !w.starts_with('-') && **w != "get")
                .any(|key| secret_setting(key))
    })
}

/// Parameter Store's reads, which print a `SecureString` in clear with `--with-decryption`.
const SSM_READS: &[&str] = &["get-parameter", "get-parameters", "get-parameters-by-path"];

/// Whether `words` read SSM parameters decrypted.
fn reads_decrypted_parameters(words: &[&str]) -> bool {
    words
        .windows(2)
        .any(|w| w[0].rsplit('/').next() == Some("ssm") && SSM_READS.contains(&w[1]))
        && words.contains(&"--with-decryption")
}

/// Whether `words` hold one of [`PRINTS_CREDENTIAL`] at any position (after `sudo`, `docker
/// exec CONTAINER`, `kubectl exec POD --`, `ssh HOST`), the program's path dropped.
fn prints_credential(words: &[&str]) -> bool {
    (0..words.len()).any(|at| {
        PRINTS_CREDENTIAL.iter().any(|sequence| {
            sequence.len() <= words.len() - at
                && sequence.iter().enumerate().all(|(i, expected)| {
                    let word = words[at + i];
                    let word = if i == 0 {
                        word.rsplit('/').next().unwrap_or(word)
                    } else {
                        word
                    };
                    *expected == "*" || *expected == word
                })
        })
    })
}

/// Whether `words` print a variable named for a secret: `printenv DB_PASSWORD`, `echo
/// $API_TOKEN`, `echo "${DB_PASSWORD}"`, `printf '%s' "$PW"` (also inside a container or
/// over SSH).
fn prints_secret_variable(words: &[&str]) -> bool {
    words.iter().enumerate().any(|(at, word)| {
        // Also the first word of a shell's inline code (`sh -c 'echo $DB_PASSWORD'`).
        let word = word.trim_start_matches(['"', '\'']);
        let program = word.rsplit('/').next().unwrap_or(word);
        let operands = || {
            words[at + 1..]
                .iter()
                .take_while(|w| !matches!(**w, "|" | ">" | "&&" | ";" | "||"))
                .map(|w| w.trim_matches(['"', '\'']))
        };
        match program {
            "printenv" => operands().any(crate::names::is_secret_name),
            "echo" | "printf" => operands().any(|w| {
                w.strip_prefix('$').is_some_and(|name| {
                    crate::names::is_secret_name(name.trim_start_matches('{').trim_end_matches('}'))
                })
            }),
            _ => false,
        }
    })
}

/// Whether `command` prints a secret: a reader of a sensitive file, `systemd-creds cat` or
/// `decrypt`, a password store's `show`/`get`/`read`/`lookup`, Terraform's outputs, or a
/// cluster's Secret decoded.
/// Whether `words` hold a reader of files and, among its operands, a secret file.
fn reads_secret_file(words: &[&str]) -> bool {
    let reader = |w: &str| READERS.contains(&w.rsplit('/').next().unwrap_or(w));
    // An interpreter counts as a reader when given its code inline (`perl -pe '' FILE`).
    let inline = |at: usize, w: &str| {
        INTERPRETERS.contains(&w.rsplit('/').next().unwrap_or(w))
            && words
                .get(at + 1)
                .is_some_and(|next| inline_code_option(next))
    };
    let direct = words.iter().enumerate().any(|(at, w)| {
        (reader(w) || inline(at, w))
            && words[at + 1..]
                .iter()
                .take_while(|w| !matches!(**w, "|" | ">" | "&&" | ";"))
                .filter(|w| !w.starts_with('-') || w.starts_with("--arg-file="))
                .any(|w| names_secret_file(w))
    });
    direct || hands_secret_file_on(words, reader)
}

/// Whether `words` read a secret file that another program names or opens: `find ... -name
/// rsyncd.secrets -exec cat {} \;`, `find ... | xargs cat`, `echo FILE | xargs cat`, `xargs
/// -a FILE echo`, or a file given on a program's input (`while read l; do echo $l; done <
/// FILE`, `tee < FILE`): the output is the file's, whoever printed it.
fn hands_secret_file_on(words: &[&str], reader: impl Fn(&str) -> bool) -> bool {
    // A program's input read from a secret file (`< FILE`, `0< FILE`).
    if words.windows(2).any(|pair| {
        pair[0].ends_with('<') && !pair[0].ends_with("<<") && names_secret_file(pair[1])
    }) {
        return true;
    }
    let names_any = || words.iter().any(|w| names_secret_file(w));
    let program = |w: &str| w.rsplit('/').next().unwrap_or(w).to_owned();
    // `find` running a reader on what it found (`-exec cat {} \;`, `-execdir`, `-ok`), or
    // `xargs` running one on the names it is given, or reading its arguments from the file.
    let runs_reader = words.iter().enumerate().any(|(at, w)| {
        let started = matches!(*w, "-exec" | "-execdir" | "-ok" | "-okdir")
            || program(w) == "xargs"
            || program(w) == "parallel";
        started
            && (words[at + 1..]
                .iter()
                .take_while(|w| !matches!(**w, "|" | "&&" | ";" | "||"))
                .any(|w| reader(w))
                || words[at + 1..].windows(2).any(|pair| {
                    matches!(pair[0], "-a" | "--arg-file") && names_secret_file(pair[1])
                }))
    });
    runs_reader && names_any()
}

pub(crate) fn prints_secret(command: &str) -> bool {
    let lowered = command.to_ascii_lowercase();
    if lowered.contains("get secret")
        && (lowered.contains("base64 -d") || lowered.contains("--decode"))
    {
        return true;
    }
    // Random secrets generated inline: Python's `secrets.token_hex(32)`, bytes of
    // `/dev/urandom` encoded (`head -c 32 /dev/urandom | base64`, `tr -dc ... </dev/urandom`),
    // printed rather than written to a file.
    let random_source = lowered.contains("/dev/urandom") || lowered.contains("/dev/random");
    // Other languages' generators: Node's `crypto.randomBytes`, Ruby's `SecureRandom`, PHP's
    // `random_bytes`, Go's `crypto/rand`, Python's `os.urandom`.
    let inline_generator = [
        "secrets.token_",
        "randombytes(",
        "securerandom",
        "random_bytes(",
        "crypto/rand",
        "os.urandom(",
    ]
    .iter()
    .any(|call| lowered.contains(call));
    if inline_generator || (random_source && !lowered.contains(" of=") && !lowered.contains(" > "))
    {
        return true;
    }
    let words: Vec<&str> = command
        .split_whitespace()
        .skip_while(|w| *w == "sudo" || w.contains('='))
        .collect();
    if prints_credential(&words)
        || prints_secret_variable(&words)
        || reads_decrypted_parameters(&words)
        || reads_secret_key(&words)
        || reads_git_secret_setting(&words)
    {
        return true;
    }
    // `vault kv get -field=password secret/db`, `vault read -field=value ...`: one field's
    // value, printed alone.
    if words.first().is_some_and(|w| w.ends_with("vault"))
        && words.iter().any(|w| w.starts_with("-field"))
    {
        return true;
    }
    // `kubectl get secret db -o jsonpath='{.data.password}'`: a Secret's value, in base64.
    if lowered.contains("get secret")
        && (lowered.contains("jsonpath") || lowered.contains("go-template"))
    {
        return true;
    }
    // A reader of a secret file anywhere in the command (`docker exec db cat /run/secrets/x`,
    // `ssh host sudo cat /etc/shadow`, `grep . ~/.pgpass`), also inside a quoted remote
    // command (`ssh nas 'cat /etc/rsyncd.secrets'`) or given the file on its input (`cat
    // </etc/rsyncd.secrets`, `echo $(< /etc/rsyncd.secrets)`, the shell reading it for `$(<`).
    let spaced: String = command
        .chars()
        .map(|ch| match ch {
            '\'' | '"' | '`' | '(' | ')' => ' ',
            _ => ch,
        })
        .collect::<String>()
        .replace('<', " < ");
    let spaced: Vec<&str> = spaced.split_whitespace().collect();
    let reads_input = spaced.windows(2).any(|pair| pair == ["$", "<"]);
    let words_read: Vec<&str> = if reads_input {
        std::iter::once("cat")
            .chain(spaced.iter().copied())
            .collect()
    } else {
        spaced
    };
    if reads_secret_file(&words) || reads_secret_file(&words_read) {
        return true;
    }
    let Some((first, rest)) = words.split_first() else {
        return false;
    };
    let program = first.rsplit('/').next().unwrap_or(first);
    let subcommand = rest.first().copied().unwrap_or("");
    match program {
        "systemd-creds" => matches!(subcommand, "cat" | "decrypt"),
        "pass" | "gopass" | "passage" => !matches!(
            subcommand,
            "ls" | "list"
                | "find"
                | "search"
                | "grep"
                | "init"
                | "git"
                | "insert"
                | "edit"
                | "generate"
                | "rm"
                | "mv"
                | "cp"
                | "help"
                | "version"
                | ""
        ),
        "op" => subcommand == "read",
        "secret-tool" => subcommand == "lookup",
        "bw" | "rbw" => subcommand == "get",
        "lpass" => subcommand == "show",
        // `terraform output -raw db_password` prints sensitive outputs in clear.
        "terraform" | "tofu" | "terragrunt" => subcommand == "output",
        _ => false,
    }
}

/// `text` with the output of secret-printing commands hidden, line by line, up to the next
/// prompt (blank lines kept, so the transcript keeps its shape).
pub(crate) fn redact_printed_secrets(text: &str) -> String {
    let (Some(prompt), Some(bare_prompt)) = (PROMPT.as_ref(), BARE_PROMPT.as_ref()) else {
        return REDACTED.to_owned();
    };
    let Some(redis_prompt) = REDIS_PROMPT.as_ref() else {
        return REDACTED.to_owned();
    };
    let mut hiding = false;
    // After a store's read: lines of a secret's shape only, and the numbered replies to the
    // keys or fields named for secrets.
    let mut hiding_shaped = false;
    let mut secret_replies: Vec<usize> = Vec::new();
    // After a read of an account's key: its values of a password's shape (`hunter2`).
    let mut account_read: Option<bool> = None;
    // After a Redis `CONFIG GET`: its raw reply's lines pair a setting's name with its value,
    // the name awaiting its value held here.
    let mut config_pairs: Option<Option<String>> = None;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let typed = if let Some(found) = prompt.captures(body) {
            Some(found.name("command").map_or("", |c| c.as_str()).to_owned())
        } else {
            redis_prompt.captures(body).map(|found| {
                format!(
                    "redis-cli {}",
                    found.name("command").map_or("", |c| c.as_str())
                )
            })
        };
        if let Some(command) = typed {
            let words: Vec<&str> = command.split_whitespace().collect();
            let redis = redis_secret_operands(&words);
            hiding = prints_secret(&command) || redis.as_ref().is_some_and(|r| r.0);
            hiding_shaped = !hiding && reads_store_values(&words);
            secret_replies = redis.map(|r| r.1).unwrap_or_default();
            account_read = if hiding {
                None
            } else {
                redis_account_read(&words)
            };
            config_pairs = gets_redis_config(&command).then_some(None);
            out.push_str(line);
        } else if bare_prompt.is_match(body) {
            hiding = false;
            hiding_shaped = false;
            secret_replies.clear();
            account_read = None;
            config_pairs = None;
            out.push_str(line);
        } else if let Some(pending) = config_pairs.as_mut()
            && !numbered_reply(body)
        {
            // The numbered form (`1) "requirepass"`) is judged by `replies.rs`.
            match pending.take() {
                None => *pending = Some(body.trim().to_owned()),
                Some(name) if crate::replies::hides_raw_setting(&name, body) => {
                    out.push_str(REDACTED);
                    out.push_str(&line[body.len()..]);
                    continue;
                }
                Some(_) => {}
            }
            out.push_str(line);
        } else if (hiding
            || (hiding_shaped && (secret_shaped_value(body) || numbered_in(body, &secret_replies)))
            || account_read.is_some_and(|every| account_value(body, every)))
            && !body.trim().is_empty()
            && !body.contains(REDACTED)
        {
            // A reply's numbering stays (`1) [redacted]`).
            if !hiding && let Some((number, _)) = body.split_once(") ") {
                let lead = body.len() - body.trim_start().len();
                if number.trim().chars().all(|c| c.is_ascii_digit()) && !number.trim().is_empty() {
                    out.push_str(&body[..lead]);
                    out.push_str(number.trim());
                    out.push_str(") ");
                }
            }
            out.push_str(REDACTED);
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn prompt_compiles() {
        assert!(super::PROMPT.is_some());
        assert!(super::BARE_PROMPT.is_some());
        assert!(super::REDIS_PROMPT.is_some());
    }

    #[test]
    fn wildcards_match_whole_names() {
        for (pattern, name) in [
            ("rsyncd.*", "rsyncd.secrets"),
            ("*.env", ".env"),
            ("vault-tok?n", "vault-token"),
            ("*secret*", "rsyncd.secrets"),
        ] {
            assert!(super::wildcard_matches(pattern, name), "{pattern} {name}");
        }
        for (pattern, name) in [("rsyncd.*", "rsyncd"), ("*.conf", "msmtprc"), ("a?", "a")] {
            assert!(!super::wildcard_matches(pattern, name), "{pattern} {name}");
        }
    }

    #[test]
    fn store_values_by_shape() {
        for secret in ["\"hunter2value\"", "Zx9Qk2LmP4", "4) \"s3cretpw\""] {
            assert!(super::secret_shaped_value(secret), "{secret}");
        }
        for plain in [
            "\"42\"",
            "\"enabled\"",
            "(nil)",
            "\"2024-01-01\"",
            "\"<html>hello world</html>\"",
            "1) \"name\"",
            "OK",
            "web-server-01",
            "user2024",
            "v1.2.3",
        ] {
            assert!(!super::secret_shaped_value(plain), "{plain}");
        }
    }
}

//! What an HTTP client's request does at the far end. A network transfer is medium: in the
//! sandbox it has no network at all, and on `ssh_exec` a human decides. But a request that
//! changes a service (`curl -X DELETE http://localhost:9200/logs`, a `POST` to a local admin
//! endpoint, a `PUT` of a file) is the change itself, made on the service and not on the
//! machine the sandbox copies: nothing contains or discards it, and its only purpose is that
//! effect, as `systemctl restart` is. So methods are judged by a positive set: `GET`, `HEAD`
//! and `OPTIONS` read (exactly spelled: a server matches methods as written), and every other
//! method, a body that makes the client choose `POST` or `PUT` (curl's `-d`/`--data*`, `-F`,
//! `--json`, `-T`; wget's `--post-*`; httpie's and xh's data items and their input), or a
//! method override header (`X-HTTP-Method-Override: DELETE`) is high. gRPC calls
//! (`grpcurl ADDR svc/Method`) are judged the same way: a method's name does not say whether
//! it reads, only reflection's `list` and `describe` do.

use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// Methods that only read, as servers match them (case-sensitive).
pub const READ_METHODS: &[&str] = &["GET", "HEAD", "OPTIONS"];

/// Whether `method` is one of [`READ_METHODS`], exactly.
pub fn reads(method: &str) -> bool {
    READ_METHODS.contains(&method)
}

/// Headers with which a server takes the method from the header instead of the request line
/// (Google's APIs, Rails' and Express's method-override middleware, ASP.NET's, Symfony's).
const OVERRIDE_HEADERS: &[&str] = &[
    "x-http-method-override",
    "x-http-method",
    "x-method-override",
];

/// The method a header line (`Name: value`) overrides the request's with, if it is one of
/// [`OVERRIDE_HEADERS`] (in any case, with any space around the colon).
pub fn overridden_method(header: &str) -> Option<&str> {
    let (name, value) = header.split_once([':', ';'])?;
    let name = name.trim().to_ascii_lowercase();
    OVERRIDE_HEADERS
        .contains(&name.as_str())
        .then(|| value.trim())
}

/// Raises `j` to high: `what` sends a request that may change the service it reaches.
pub fn raise(j: &mut Judgement, what: &str) {
    j.raise(
        RiskLevel::High,
        format!(
            "{what}: a request that may change the service it reaches (only GET, HEAD and OPTIONS read), which no sandbox contains: the change is made on the service"
        ),
    );
}

/// httpie's (`http`, `https`) and xh's (`xh`, `xhs`) options that only shape the request or
/// what is printed, with whether each takes a value; any other option (`-o`/`--output`,
/// `-d`/`--download`, `--session`, `--cert`, `--unix-socket`, `--config-dir`...) is high, as
/// an option curl does not know is.
const HTTPIE_OPTIONS: &[(&str, bool)] = &[
    ("-v", false),
    ("--verbose", false),
    ("-h", false),
    ("--headers", false),
    ("-b", false),
    ("--body", false),
    ("-m", false),
    ("--meta", false),
    ("-p", true),
    ("--print", true),
    ("-P", true),
    ("--history-print", true),
    ("--pretty", true),
    ("-s", true),
    ("--style", true),
    ("--format-options", true),
    ("--unsorted", false),
    ("--sorted", false),
    ("--response-charset", true),
    ("--response-mime", true),
    ("-j", false),
    ("--json", false),
    ("-f", false),
    ("--form", false),
    ("-F", false),
    ("--follow", false),
    ("--max-redirects", true),
    ("--all", false),
    ("--timeout", true),
    ("--check-status", false),
    ("-q", false),
    ("--quiet", false),
    ("-I", false),
    ("--ignore-stdin", false),
    ("--ignore-netrc", false),
    ("--verify", true),
    ("--ssl", true),
    ("--ciphers", true),
    ("-a", true),
    ("--auth", true),
    ("-A", true),
    ("--auth-type", true),
    ("--bearer", true),
    ("--path-as-is", false),
    ("--default-scheme", true),
    ("-4", false),
    ("-6", false),
    ("--ipv4", false),
    ("--ipv6", false),
    ("-x", false),
    ("--compress", false),
    ("-S", false),
    ("--stream", false),
    ("--offline", false),
    ("--https", false),
    ("--http-version", true),
];

/// An httpie or xh request item's kind, by its first separator (`\` escapes one).
#[derive(Debug, PartialEq, Eq)]
enum Item {
    /// `Header:value`, `Header;` (a header, sent with the request).
    Header,
    /// `name==value` (a query parameter).
    Query,
    /// `name=value`, `name:=json`, `name@file`, `name=@file`, `name:=@file`: a body.
    Body,
}

/// The kind of an httpie request item; `None` for a word with no separator (not an item).
fn item(word: &str) -> Option<Item> {
    let bytes = word.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'=' if bytes.get(i + 1) == Some(&b'=') => return Some(Item::Query),
            b'=' | b'@' => return Some(Item::Body),
            b':' if bytes.get(i + 1) == Some(&b'=') => return Some(Item::Body),
            b':' | b';' => return Some(Item::Header),
            _ => i += 1,
        }
    }
    None
}

/// httpie and xh: `PROGRAM [OPTIONS] [METHOD] URL [ITEM...]`. The method, when the first
/// operand is a word of letters followed by the URL, is compared in upper case (both clients
/// upper-case it). Without one, a data item or the input makes the request a `POST`: both read
/// their input as the body when it is not a terminal, which Warden's never is, unless told not
/// to (`-I`, `--ignore-stdin`); a `GET` request is proven only by the method or by `-I` with
/// no data item.
fn httpie(ctx: &Ctx, name: &str, args: &[String]) -> Judgement {
    let mut j = Judgement::new(RiskLevel::Medium, "network transfer");
    let mut operands: Vec<&str> = Vec::new();
    let mut ignore_stdin = false;
    let mut words = args.iter().map(String::as_str);
    let mut options_done = false;
    while let Some(word) = words.next() {
        if options_done || !word.starts_with('-') || word == "-" {
            operands.push(word);
            continue;
        }
        if word == "--" {
            options_done = true;
            continue;
        }
        let (option, attached) = match word.split_once('=') {
            Some((option, value)) if option.starts_with("--") => (option, Some(value)),
            _ => (word, None),
        };
        match HTTPIE_OPTIONS.iter().find(|(known, _)| *known == option) {
            Some((_, takes)) => {
                let value = if *takes && attached.is_none() {
                    words.next()
                } else {
                    attached
                };
                if matches!(option, "-I" | "--ignore-stdin") {
                    ignore_stdin = true;
                }
                if *takes && value.is_none() {
                    j.raise(
                        RiskLevel::High,
                        format!("{name} {option}: its value is missing"),
                    );
                }
            }
            None => {
                j.raise(
                    RiskLevel::High,
                    format!(
                        "{name} {option}: not an option known only to shape the request or its printing (it may write a file, read one or send a body)"
                    ),
                );
            }
        }
    }
    let method = match operands.as_slice() {
        [first, _, ..] if first.chars().all(|c| c.is_ascii_alphabetic()) => {
            Some(first.to_ascii_uppercase())
        }
        _ => None,
    };
    let items = operands.iter().skip(1 + usize::from(method.is_some()));
    let mut body = false;
    for word in items {
        match item(word) {
            Some(Item::Body) => body = true,
            Some(Item::Header) => {
                if let Some(overridden) = overridden_method(word)
                    && !reads(overridden)
                {
                    raise(&mut j, &format!("{name} {word}"));
                }
            }
            Some(Item::Query) | None => {}
        }
        // A file sent as a field or read into one (`f@/etc/shadow`, `x=@/root/.netrc`).
        if let Some((_, file)) = word.split_once('@') {
            j.raise_path(ctx.read(file));
        }
    }
    match method {
        Some(method) if !reads(&method) => raise(&mut j, &format!("{name} {method}")),
        Some(_) => {}
        None if body => raise(
            &mut j,
            &format!("{name} with data items and no method (a POST)"),
        ),
        None if !ignore_stdin => raise(
            &mut j,
            &format!(
                "{name} without a method or -I: it sends its input as a POST body when the input is not a terminal; `{name} GET URL` reads"
            ),
        ),
        None => {}
    }
    j
}

/// libwww-perl's `lwp-request -m METHOD` and its aliases `GET`, `HEAD`, `POST` (whose body is
/// the input).
fn lwp(name: &str, args: &[String]) -> Judgement {
    let mut j = Judgement::new(RiskLevel::Medium, "network transfer");
    let mut method = match name {
        "lwp-request" => "GET".to_owned(),
        other => other.to_owned(),
    };
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        if word == "-m" {
            method = words.next().unwrap_or_default().to_owned();
        } else if let Some(attached) = word.strip_prefix("-m") {
            method = attached.to_owned();
        } else if word.starts_with('-')
            && !matches!(
                word,
                "-e" | "-E" | "-d" | "-u" | "-U" | "-s" | "-S" | "-v" | "-x" | "-f" | "-h"
            )
        {
            j.raise(
                RiskLevel::High,
                format!("{name} {word}: not an option known to be harmless"),
            );
        }
    }
    if !reads(&method) {
        raise(&mut j, &format!("{name} ({method})"));
    }
    j
}

/// grpcurl: `list` and `describe` ask the server's reflection service; any other symbol is a
/// method called, which a name cannot prove read-only.
fn grpcurl(args: &[String]) -> Judgement {
    let mut j = Judgement::new(RiskLevel::Medium, "network transfer");
    let operands: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|word| !word.starts_with('-'))
        .collect();
    let verb = args
        .iter()
        .map(String::as_str)
        .find(|word| matches!(*word, "list" | "describe"));
    if verb.is_none() && operands.len() >= 2 {
        raise(&mut j, "grpcurl calling a method");
    }
    // Values of its options are not told from operands here: a value may name a file it
    // reads or writes (`-protoset-out`), so any option but the transport's is high.
    for word in args.iter().filter(|word| word.starts_with('-')) {
        let option = word.trim_start_matches('-');
        let option = option.split('=').next().unwrap_or(option);
        if !matches!(
            option,
            "plaintext" | "insecure" | "v" | "vv" | "max-time" | "connect-timeout" | "format"
        ) {
            j.raise(
                RiskLevel::High,
                format!("grpcurl {word}: not an option known to be harmless"),
            );
        }
    }
    j
}

/// Load generators: ApacheBench's `-p FILE` (a POST), `-u FILE` (a PUT) and `-m METHOD`, hey's
/// `-m METHOD`, `-d BODY` and `-D FILE`; without them they send GET requests (as many as
/// they are told: the medium of a transfer, which the sandbox does not let out).
fn load_generator(name: &str, args: &[String]) -> Judgement {
    let mut j = Judgement::new(RiskLevel::Medium, "network transfer");
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        let Some(cluster) = word.strip_prefix('-') else {
            continue;
        };
        let changes = if name == "hey" {
            // Go's flags: one per word, `-m POST` or `-m=POST`.
            let cluster = cluster.trim_start_matches('-');
            match cluster.split_once('=') {
                Some(("m", method)) => !reads(method),
                Some((flag, _)) => matches!(flag, "d" | "D"),
                None if cluster == "m" => !reads(words.next().unwrap_or_default()),
                None => matches!(cluster, "d" | "D"),
            }
        } else {
            // ApacheBench reads clusters with apr_getopt: flags, then one valued letter whose
            // value is the rest of the word or the next one.
            let mut changes = false;
            for (at, letter) in cluster.char_indices() {
                if "kwidSqrhVl".contains(letter) {
                    continue;
                }
                let rest = &cluster[at + letter.len_utf8()..];
                let value = if rest.is_empty() {
                    words.next()
                } else {
                    Some(rest)
                };
                changes = match letter {
                    'p' | 'u' => true,
                    'm' => !reads(value.unwrap_or_default()),
                    _ => false,
                };
                break;
            }
            changes
        };
        if changes {
            raise(&mut j, &format!("{name} {word}"));
        }
    }
    j
}

/// Text browsers post a form's data when told to (`lynx -post_data`, `w3m -post FILE`,
/// `elinks` and `links` with a `-post…` option); otherwise they fetch, as the unknown program
/// they are judged as.
fn browser(name: &str, args: &[String]) -> Judgement {
    let mut j = Judgement::new(RiskLevel::Medium, "network transfer");
    if let Some(word) = args
        .iter()
        .find(|word| word.starts_with('-') && word.to_ascii_lowercase().contains("post"))
    {
        raise(&mut j, &format!("{name} {word}"));
    }
    j
}

/// Redis commands that only read (case-insensitive, as Redis reads them): not `CONFIG`
/// (`CONFIG GET requirepass`), `SLOWLOG` and `CLIENT` (others' arguments), `MONITOR` (every
/// command, `AUTH` among them, without end), `KEYS` (blocks the server), nor any that writes.
const REDIS_READS: &[&str] = &[
    "PING",
    "INFO",
    "DBSIZE",
    "TIME",
    "ROLE",
    "LASTSAVE",
    "TYPE",
    "TTL",
    "PTTL",
    "EXISTS",
    "STRLEN",
    "LLEN",
    "HLEN",
    "SCARD",
    "ZCARD",
    "XLEN",
    "GET",
    "MGET",
    "HGET",
    "HMGET",
    "HGETALL",
    "HKEYS",
    "LRANGE",
    "LINDEX",
    "SMEMBERS",
    "SISMEMBER",
    "ZRANGE",
    "ZSCORE",
    "SCAN",
    "HSCAN",
    "SSCAN",
    "ZSCAN",
];

/// redis-cli's options that only choose the server, the database or the printing, with
/// whether each takes a value; any other (`--pipe`, `-x`, `--rdb FILE`, `--eval FILE`,
/// `--bigkeys`, `--stat`, `-r`/`-i` repeats, `--cluster`) is high.
const REDIS_OPTIONS: &[(&str, bool)] = &[
    ("-h", true),
    ("-p", true),
    ("-s", true),
    ("-a", true),
    ("--user", true),
    ("--pass", true),
    ("-u", true),
    ("-n", true),
    ("-t", true),
    ("--raw", false),
    ("--no-raw", false),
    ("--csv", false),
    ("--json", false),
    ("--quoted-json", false),
    ("--tls", false),
    ("--sni", true),
    ("--cacert", true),
    ("--insecure", false),
    ("--no-auth-warning", false),
    ("-2", false),
    ("-3", false),
    ("-c", false),
    ("-e", false),
    ("--verbose", false),
    ("--version", false),
];

/// redis-cli: a command whose name is in [`REDIS_READS`] reads; any other changes the
/// server (`FLUSHALL`, `SET`, `DEL`, `CONFIG SET`, `SHUTDOWN`), and without one redis-cli takes
/// its commands from its input (judged where a line feeds it, `sends_its_input`).
fn redis_cli(name: &str, args: &[String]) -> Judgement {
    let mut j = Judgement::new(RiskLevel::Medium, "network transfer");
    let mut words = args.iter().map(String::as_str);
    let mut command = None;
    while let Some(word) = words.next() {
        if !word.starts_with('-') || word == "-" {
            command = Some(word);
            break;
        }
        match REDIS_OPTIONS.iter().find(|(known, _)| *known == word) {
            Some((_, true)) => {
                words.next();
            }
            Some((_, false)) => {}
            None => j.raise(
                RiskLevel::High,
                format!(
                    "{name} {word}: not an option known only to choose the server or the printing"
                ),
            ),
        }
    }
    if let Some(command) = command
        && !REDIS_READS.contains(&command.to_ascii_uppercase().as_str())
    {
        raise(&mut j, &format!("{name} {command}"));
    }
    j
}

/// etcdctl's verbs that only read (`get`, `endpoint health`/`status`, `member list`,
/// `alarm list`...); any other (`put`, `del`, `txn`, `compact`, `defrag`, `snapshot save`,
/// `member remove`, `auth enable`, `watch`, `lock`) changes the cluster or does not end.
fn etcdctl(args: &[String]) -> Judgement {
    let mut j = Judgement::new(RiskLevel::Medium, "network transfer");
    let operands: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|word| !word.starts_with('-'))
        .collect();
    let reads = matches!(
        operands.as_slice(),
        ["get", ..]
            | ["version"]
            | [
                "endpoint" | "member" | "alarm" | "user" | "role" | "lease",
                "list" | "health" | "status" | "hashkv" | "get" | "timetolive" | "leases",
                ..,
            ]
    );
    if !reads {
        raise(
            &mut j,
            &format!("etcdctl {}", operands.first().copied().unwrap_or_default()),
        );
    }
    j
}

/// Why a network client sends the data a line feeds it (a pipe, `< FILE`, `<<< TEXT`) to the
/// service it reaches, if it does: netcat and its kin, socat, telnet and `openssl s_client`
/// write their input to the connection (`printf 'DELETE /x HTTP/1.0\r\n\r\n' | nc
/// localhost 9200`, `echo FLUSHALL | nc localhost 6379`), and the database and key-value
/// shells run it as commands (`echo 'DROP TABLE x' | psql`). `nc -z` sends nothing.
pub fn sends_its_input(name: &str, args: &[String]) -> Option<String> {
    let zero_io = args.iter().any(|word| {
        word.strip_prefix('-')
            .is_some_and(|cluster| !cluster.starts_with('-') && cluster.contains('z'))
    });
    match name {
        "nc" | "ncat" | "netcat" if !zero_io => {
            Some(format!("{name} writes its input to the connection"))
        }
        "socat" | "telnet" => Some(format!("{name} writes its input to the connection")),
        "openssl" if args.first().is_some_and(|word| word == "s_client") => {
            Some("openssl s_client writes its input to the connection".to_owned())
        }
        "redis-cli" | "valkey-cli" | "keydb-cli" | "psql" | "mysql" | "mariadb" | "mongo"
        | "mongosh" | "cqlsh" | "etcdctl" | "clickhouse-client" | "sqlcmd" => {
            Some(format!("{name} runs its input as commands on the service"))
        }
        _ => None,
    }
}

/// Whether a database shell is given statements to run: psql's `-c`/`--command`/`-f`/
/// `--file` (a cluster ending in `c` or `f`: `-Atc SQL`), mysql's and mariadb's `-e`/
/// `--execute` (`-Ne SQL`), mongosh's `--eval` or a script, cqlsh's `-e`/`--execute`/`-f`.
/// Statements cannot be proven to read (a `SELECT` calls functions that write).
pub fn runs_statements(name: &str, args: &[String]) -> Option<String> {
    let (letters, longs, flags): (&str, &[&str], &str) = match name {
        "psql" => ("cf", &["command", "file"], "aAbeEHlnqsStxXwWz01"),
        "mysql" | "mariadb" => ("e", &["execute", "init-command"], "ABCENnqrstvwxX"),
        "mongo" | "mongosh" => ("f", &["eval", "file"], ""),
        "cqlsh" => ("ef", &["execute", "file"], ""),
        _ => return None,
    };
    let found = args.iter().find(|word| {
        if let Some(long) = word.strip_prefix("--") {
            let option = long.split('=').next().unwrap_or(long);
            return !option.is_empty() && longs.iter().any(|known| known.starts_with(option));
        }
        word.strip_prefix('-').is_some_and(|cluster| {
            cluster
                .chars()
                .find(|letter| !flags.contains(*letter))
                .is_some_and(|letter| letters.contains(letter))
        })
    });
    let script =
        matches!(name, "mongo" | "mongosh") && args.iter().any(|word| word.ends_with(".js"));
    found
        .map(|word| format!("{name} {word}"))
        .or_else(|| script.then(|| format!("{name} with a script")))
}

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    let j = match name {
        // curlie takes curl's options and httpie's method and items.
        "http" | "https" | "xh" | "xhs" | "curlie" => httpie(ctx, name, args),
        "ab" | "hey" => load_generator(name, args),
        "lynx" | "w3m" | "links" | "elinks" => browser(name, args),
        "lwp-request" | "GET" | "HEAD" | "POST" | "PUT" => lwp(name, args),
        "grpcurl" => grpcurl(args),
        // Valkey's and KeyDB's clients are redis-cli under other names.
        "redis-cli" | "valkey-cli" | "keydb-cli" => redis_cli(name, args),
        "etcdctl" => etcdctl(args),
        _ => return None,
    };
    // What they were judged as before they had a table (every word a file they may open, a
    // destructive command among their words) still counts where it is stricter.
    let unknown = super::unknown(ctx, name, args);
    Some(if unknown.level > j.level { unknown } else { j })
}

#[cfg(test)]
mod tests {
    use super::{Item, item, overridden_method, reads, runs_statements, sends_its_input};

    #[test]
    fn only_read_methods_exactly_spelled_read() {
        for method in ["GET", "HEAD", "OPTIONS"] {
            assert!(reads(method), "{method}");
        }
        for method in [
            "get", "POST", "DELETE", "PUT", "PATCH", "PURGE", "TRACE", "", "GET ",
        ] {
            assert!(!reads(method), "{method}");
        }
    }

    #[test]
    fn override_headers_are_read_in_any_case() {
        assert_eq!(
            overridden_method("X-HTTP-Method-Override: DELETE"),
            Some("DELETE")
        );
        assert_eq!(overridden_method("x-http-method:PUT"), Some("PUT"));
        assert_eq!(overridden_method("X-Method-Override ;PATCH"), Some("PATCH"));
        assert_eq!(overridden_method("Accept: DELETE"), None);
        assert_eq!(overridden_method("no header"), None);
    }

    #[test]
    fn clients_that_send_their_input_are_known() {
        let words =
            |line: &str| -> Vec<String> { line.split_whitespace().map(str::to_owned).collect() };
        for (name, args) in [
            ("nc", "localhost 80"),
            ("ncat", "-l 8080"),
            ("netcat", "-q0 h 80"),
            ("socat", "- TCP:h:80"),
            ("telnet", "h 25"),
            ("openssl", "s_client -connect h:443"),
            ("redis-cli", ""),
            ("psql", "-U app"),
            ("mysql", ""),
            ("mongosh", ""),
            ("etcdctl", "put k"),
        ] {
            assert!(
                sends_its_input(name, &words(args)).is_some(),
                "{name} {args}"
            );
        }
        for (name, args) in [
            ("nc", "-z h 80"),
            ("nc", "-zv h 1-100"),
            ("openssl", "x509 -noout"),
            ("grep", "x"),
            ("curl", "http://h/"),
        ] {
            assert!(
                sends_its_input(name, &words(args)).is_none(),
                "{name} {args}"
            );
        }
    }

    #[test]
    fn database_shells_given_statements_are_known() {
        let words =
            |line: &str| -> Vec<String> { line.split_whitespace().map(str::to_owned).collect() };
        for (name, args) in [
            ("psql", "-c x"),
            ("psql", "-Atc x"),
            ("psql", "--command=x"),
            ("psql", "--comm x"),
            ("psql", "-f x.sql"),
            ("psql", "--file x.sql"),
            ("mysql", "-e x"),
            ("mysql", "-Ne x"),
            ("mysql", "--execute=x"),
            ("mysql", "--exec x"),
            ("mysql", "--init-command=x"),
            ("mariadb", "-e x"),
            ("mongosh", "--eval x"),
            ("mongosh", "drop.js"),
            ("cqlsh", "-e x"),
        ] {
            assert!(
                runs_statements(name, &words(args)).is_some(),
                "{name} {args}"
            );
        }
        for (name, args) in [
            ("psql", "-l"),
            ("psql", "-U app -d db"),
            ("psql", "-h host"),
            ("mysql", "-u root"),
            ("mongosh", ""),
            ("ls", "-c"),
        ] {
            assert!(
                runs_statements(name, &words(args)).is_none(),
                "{name} {args}"
            );
        }
    }

    #[test]
    fn httpie_items_are_told_by_their_first_separator() {
        assert_eq!(item("a=b"), Some(Item::Body));
        assert_eq!(item("a:=1"), Some(Item::Body));
        assert_eq!(item("f@/tmp/x"), Some(Item::Body));
        assert_eq!(item("q==x"), Some(Item::Query));
        assert_eq!(item("Accept:json"), Some(Item::Header));
        assert_eq!(item("X-Empty;"), Some(Item::Header));
        assert_eq!(item("Host:a=b"), Some(Item::Header));
        assert_eq!(item("a\\:b=c"), Some(Item::Body));
        assert_eq!(item("localhost"), None);
    }
}

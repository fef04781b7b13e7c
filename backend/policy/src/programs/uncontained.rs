//! Programs that are low only because containment backs them, judged for a command nothing
//! contains (`ssh_exec` on a remote host; see `PathJudge::uncontained`). A contained command has
//! an empty environment and cannot start what a repository's configuration names outside the
//! landlock domain; a remote one has the user's real environment, and git there runs
//! `core.fsmonitor`, hooks and filters as that user.

use super::Judgement;
use crate::level::RiskLevel;

/// Whether `text` uses `word` as a name of its own (not part of a longer name, not a field
/// `.word`, not a variable `$word`).
fn names(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| ident(c) || c == '.' || c == '$') && !after.is_some_and(ident)
    })
}

/// A jq filter without its comments (`#` to the end of the line) and whitespace: jq reads
/// `$ ENV` and `$ # note` + newline + `ENV` as `$ENV` (a variable is two tokens, `$` and a
/// name). Strings lose their spaces too, which only makes more filters look like they read it.
fn jq_collapsed(filter: &str) -> String {
    filter
        .lines()
        .map(|line| line.split('#').next().unwrap_or(line))
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Why `name` with `args` prints the environment, if it may.
fn prints_environment(name: &str, args: &[String]) -> Option<&'static str> {
    match name {
        "printenv" => Some("printenv prints the environment"),
        // `env`, `$ENV`, or a filter read from a file (which may use them).
        "jq" | "gojq" | "jaq"
            if args.iter().any(|a| {
                names(a, "env")
                    || jq_collapsed(a).contains("$ENV")
                    || matches!(a.as_str(), "-f" | "--from-file")
            }) =>
        {
            Some("a jq filter that reads env or $ENV prints the environment")
        }
        // gawk's SYMTAB reaches any global variable by a name the program builds as it runs
        // (`SYMTAB["ENV" "IRON"][k]`), ENVIRON among them.
        "awk" | "gawk" | "mawk" | "nawk"
            if args
                .iter()
                .any(|a| a.contains("ENVIRON") || a.contains("SYMTAB")) =>
        {
            Some(
                "an awk program that reads ENVIRON (or any variable by a computed name, through gawk's SYMTAB) prints the environment",
            )
        }
        _ => None,
    }
}

/// jq's words that are not functions a `~/.jq` could define anew.
const JQ_KEYWORDS: &[&str] = &[
    "if", "then", "elif", "else", "end", "as", "and", "or", "reduce", "foreach", "try", "catch",
    "label", "def", "import", "include", "true", "false", "null",
];

/// The filter of a jq command line: its first operand, past the values of its options.
fn jq_filter(args: &[String]) -> Option<&str> {
    let mut i = 0;
    while let Some(word) = args.get(i) {
        match word.as_str() {
            "--arg" | "--argjson" | "--slurpfile" | "--rawfile" => i += 3,
            "-L" | "--indent" | "--library-path" => i += 2,
            // The filter comes from a file: judged elsewhere (`-f` prints the environment).
            "-f" | "--from-file" => return None,
            "--args" | "--jsonargs" => i += 1,
            "--" => return args.get(i + 1).map(String::as_str),
            w if w.starts_with('-') && w.len() > 1 => i += 1,
            filter => return Some(filter),
        }
    }
    None
}

/// Whether a jq filter calls a function by name (`length`, `select(…)`, `split(…)`): a
/// `~/.jq` module, which jq loads from the home before the filter, may define any of them anew
/// (`def select(f): $ENV;`). Fields (`.name`), variables (`$x`, `$__loc__`), formats (`@sh`),
/// keywords and string contents are not calls.
fn jq_calls_by_name(filter: &str) -> bool {
    let chars: Vec<char> = filter.chars().collect();
    let mut i = 0;
    let mut in_string = false;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            match c {
                '\\' => i += 1,
                '"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if c == '"' {
            in_string = true;
            i += 1;
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let before = start.checked_sub(1).map(|b| chars[b]);
            let word: String = chars[start..i].iter().collect();
            let field = matches!(before, Some('.' | '$' | '@'))
                || before.is_some_and(|b| b.is_ascii_alphanumeric());
            if !field && !JQ_KEYWORDS.contains(&word.as_str()) {
                return true;
            }
            continue;
        }
        i += 1;
    }
    false
}

/// Whether file(1) is given its magic (`-m FILE`, `-bm FILE`, `--magic-file=FILE`): then it
/// does not load the home's `~/.magic`. In a cluster, a letter that takes a value (`-e`, `-F`,
/// `-f`, `-P`) ends it.
fn magic_given(args: &[String]) -> bool {
    args.iter().take_while(|a| *a != "--").any(|arg| {
        if let Some(long) = arg.strip_prefix("--") {
            return long.starts_with("magic-file");
        }
        let Some(cluster) = arg.strip_prefix('-') else {
            return false;
        };
        for c in cluster.chars() {
            match c {
                'm' => return true,
                'e' | 'F' | 'f' | 'P' => return false,
                _ => {}
            }
        }
        false
    })
}

/// Why a program reads a configuration file from the remote user's home that chooses what it
/// does, if it does (the level, and why): `~/.curlrc` (`output =`, `url =`: writes and fetches
/// the line does not show; `curl -q` first skips it), `~/.wgetrc` (`use_askpass` runs a
/// program, `output_document` writes; `--no-config` skips it), `~/.digrc` (servers and options;
/// `dig -r` skips it), `~/.magic` (file(1)'s tests, which choose what it prints; `-m` skips
/// it), `~/.jq` (a module loaded before every filter, which may define anew the
/// functions the filter calls), and programs that run code the home chooses before they read
/// anything: kubectl's credential plugins (`exec:` in ~/.kube/config), the container clients'
/// contexts and CLI plugins, Python's user site (`.pth` files, usercustomize) for the Python
/// programs Warden calls low, gem's plugins, and the package managers and build tools that
/// load configuration, plugins or another toolchain from the home or the working directory
/// (`brew`, `npm`, `cargo`, `go`, `mvn`, `rpm`...). On this host the home is Warden's own.
fn home_configuration(name: &str, args: &[String]) -> Option<(RiskLevel, &'static str)> {
    let has = |word: &str| args.iter().any(|a| a == word);
    match name {
        "curl" if !matches!(args.first().map(String::as_str), Some("-q" | "--disable")) => Some((
            RiskLevel::High,
            "curl reads ~/.curlrc on that host first, whose options (output =, url =, config =) choose what it writes and fetches out of the line's sight; `curl -q` as the first option skips it",
        )),
        "wget" | "wget2" if !has("--no-config") => Some((
            RiskLevel::High,
            "wget reads ~/.wgetrc on that host, whose commands run programs (use_askpass) and choose what it writes (output_document); `wget --no-config` skips it",
        )),
        "http" | "https" | "xh" | "xhs" => Some((
            RiskLevel::High,
            "httpie and xh read their configuration from the home on that host (~/.config/httpie/config.json, ~/.config/xh/config.json), whose default_options (--output, --download, --session) choose what they write and send out of the line's sight",
        )),
        "dig" if !has("-r") => Some((
            RiskLevel::Medium,
            "dig reads ~/.digrc on that host, whose options (servers, transports) the line does not show; `dig -r` skips it",
        )),
        "file" if !magic_given(args) => Some((
            RiskLevel::Medium,
            "file loads ~/.magic on that host, whose tests choose what it prints (the bytes it reads among them); `file -m /usr/share/misc/magic` does not",
        )),
        "jq" | "gojq" if jq_filter(args).is_some_and(jq_calls_by_name) => Some((
            RiskLevel::Medium,
            "jq loads ~/.jq on that host before the filter, and a module there may define anew the functions the filter calls (`def select(f): $ENV;` prints the environment)",
        )),
        // Code the home chooses, which a read runs before it reads anything.
        "kubectl" | "oc" | "helm" | "kubectl-convert" => Some((
            RiskLevel::Medium,
            "kubectl loads ~/.kube/config (or $KUBECONFIG) on that host, whose users' `exec:` entries run credential plugins, programs the line does not show",
        )),
        "docker" | "podman" | "nerdctl" | "docker-compose" => Some((
            RiskLevel::Medium,
            "the container client loads its configuration from the home on that host (~/.docker/config.json, containers.conf), whose current context may reach its daemon through ssh (running what ~/.ssh/config names) and whose CLI plugins (`docker compose`) are programs the line does not show",
        )),
        "pip" | "pip3" | "pipx" | "dnf" | "yum" | "ufw" | "firewall-cmd" | "rocm-smi"
        | "tuned-adm" | "gpustat" | "smem" | "ntpq" => Some((
            RiskLevel::Medium,
            "a Python program: Python's start-up runs the .pth files and usercustomize in the home's site-packages on that host (~/.local/lib/python3*/), code the line does not show",
        )),
        "gem" => Some((
            RiskLevel::Medium,
            "gem loads every installed gem's rubygems_plugin.rb, the home's own gems on that host among them: code the line does not show",
        )),
        // Package managers and build tools that read their configuration and plugins from the
        // home or the working directory (the home, on `ssh_exec`) before any verb.
        "brew" => Some((
            RiskLevel::Medium,
            "brew is a shell script that sources ~/.homebrew/brew.env and runs the commands of the taps in its prefix (`brew-NAME`, `cmd/NAME.rb`): code the line does not show",
        )),
        "npm" | "npx" | "yarn" | "yarnpkg" | "pnpm" | "pnpx" | "corepack" => Some((
            RiskLevel::Medium,
            "the Node package managers read ~/.npmrc and the working directory's .npmrc (`node-options`, `script-shell`), yarn's .yarnrc.yml (`yarnPath`, a script it runs in its place, and plugins) and package.json's `packageManager`, which corepack downloads and runs: code the line does not show",
        )),
        "cargo" | "rustc" | "rustup" | "rustdoc" => Some((
            RiskLevel::Medium,
            "rustup's proxies run the toolchain a rust-toolchain.toml in the working directory names (a `path` is any program), and cargo reads .cargo/config.toml there and in the home (aliases, `target.*.runner`, `build.rustc-wrapper`): code the line does not show",
        )),
        "go" | "gofmt" => Some((
            RiskLevel::Medium,
            "go reads its environment file from the home (~/.config/go/env: GOTOOLCHAIN, GOFLAGS=-toolexec=…) and a go.mod's `toolchain` line in the working directory, and then downloads and runs that toolchain: code the line does not show",
        )),
        "mvn" | "mvnw" | "gradle" | "gradlew" => Some((
            RiskLevel::Medium,
            "mvn sources ~/.mavenrc and loads the project's .mvn/extensions.xml and jvm.config; gradle runs the home's init scripts (~/.gradle/init.d) and reads gradle.properties (`org.gradle.jvmargs=-javaagent:…`): code the line does not show",
        )),
        "composer" => Some((
            RiskLevel::Medium,
            "composer loads the plugins installed in its home (~/.config/composer/vendor) and the working directory's vendor before any command: code the line does not show",
        )),
        "bundle" | "bundler" => Some((
            RiskLevel::Medium,
            "bundler evaluates the working directory's Gemfile (Ruby code) and loads its plugins and ~/.bundle/config: code the line does not show",
        )),
        "poetry" | "pipenv" | "pdm" | "hatch" | "uv" | "conda" => Some((
            RiskLevel::Medium,
            "a Python package manager: Python's start-up runs the .pth files of the home's site-packages, and it loads its plugins and the working directory's pyproject.toml and configuration: code the line does not show",
        )),
        "dotnet" => Some((
            RiskLevel::Medium,
            "dotnet picks its SDK by the working directory's global.json (whose paths may name any SDK) and loads NuGet.Config and the home's tools: code the line does not show",
        )),
        "nix" | "nix-env" | "nix-store" | "nix-channel" | "nix-shell" | "nix-build"
        | "nix-instantiate" => Some((
            RiskLevel::Medium,
            "nix reads ~/.config/nix/nix.conf, whose `plugin-files` are shared libraries it loads and whose settings choose what it runs: code the line does not show",
        )),
        "rpm" | "zypper" => Some((
            RiskLevel::Medium,
            "librpm reads ~/.rpmmacros, whose macros run shell commands (`%(…)`) and Lua (`%{lua:…}`) as rpm expands them (its database path among them): code the line does not show",
        )),
        _ => None,
    }
}

/// Raises `j` for what containment would have made harmless (`must_end`: no wrapper ends the
/// command, see [`super::Ctx::must_end`]).
/// Whether `word` is a plain shell variable name (no subscript).
fn identifier(word: &str) -> bool {
    let mut chars = word.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Why a shell builtin on the remote host would run a command substitution hidden in a quoted
/// word, if it would: the remote shell reads a word as a variable name (bash's `printf -v NAME`,
/// `test -v NAME`, `test -R NAME`) and evaluates the subscript of `NAME[…]` as arithmetic,
/// expanding `$(…)` and `` `…` `` in it; ksh and zsh evaluate the numbers of `printf %d` and
/// `test -eq` (and `kill -l`'s signals) as arithmetic too. Contained, these run as programs
/// without a shell; on `ssh_exec` a name must be plain and no word may hold a subscript with
/// an expansion.
fn builtin_evaluates(name: &str, args: &[String]) -> Option<String> {
    if !matches!(name, "printf" | "test" | "[" | "kill") {
        return None;
    }
    let mut names: Vec<&str> = Vec::new();
    match name {
        // bash's printf reads `-v NAME` (or `-vNAME`) before the format, until `--`.
        "printf" => {
            let mut words = args.iter();
            while let Some(word) = words.next() {
                if word == "--" || !word.starts_with('-') || word == "-" {
                    break;
                }
                match word.strip_prefix("-v") {
                    Some("") => names.extend(words.next().map(String::as_str)),
                    Some(rest) => names.push(rest),
                    None => {}
                }
            }
        }
        "test" | "[" => {
            for pair in args.windows(2) {
                if matches!(pair[0].as_str(), "-v" | "-R") {
                    names.push(pair[1].as_str());
                }
            }
        }
        _ => {}
    }
    if let Some(bad) = names.iter().find(|word| !identifier(word)) {
        return Some(format!(
            "{name}: the remote shell reads '{bad}' as a variable name and evaluates its subscript, running any command substitution in it; a plain name does not"
        ));
    }
    args.iter()
        .find(|word| word.contains('[') && word.contains(['$', '`']))
        .map(|bad| {
            format!(
                "{name}: the remote shell may evaluate '{bad}' as an arithmetic expression (bash's variable names, ksh's and zsh's numbers), running the command substitution in its subscript"
            )
        })
}

pub fn raise(name: &str, args: &[String], must_end: bool, j: &mut Judgement) {
    super::unbounded::raise(name, args, must_end, j);
    if let Some(why) = prints_environment(name, args) {
        j.raise(
            RiskLevel::High,
            format!("{why}, which is real (tokens included) where nothing contains the command"),
        );
    }
    // Files only containment or their modes keep from a contained reader: `crontab -l`
    // prints /var/spool/cron/crontabs/USER (commands with their passwords), `networkctl cat`
    // the network configuration (WireGuard private keys in .netdev files).
    let verb = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(String::as_str);
    if name == "crontab" || (name == "networkctl" && verb == Some("cat")) {
        j.raise(
            RiskLevel::High,
            format!("{name} prints files that only containment keeps from it (crontabs, network keys); nothing contains it here"),
        );
    }
    // `systemctl cat` prints a unit with its drop-ins (an `override.conf` with
    // `Environment=PASSWORD=…`, often root-only): as the remote user it reads what the
    // contained user's file modes keep from it. The verb is looked for anywhere, as an
    // option's value may stand before it (`-M HOST cat`).
    if name == "systemctl" && args.iter().any(|a| a == "cat") {
        j.raise(
            RiskLevel::High,
            "systemctl cat prints units with their drop-ins, where passwords are kept behind root-only modes that only containment keeps it from; nothing contains it here",
        );
    }
    // The audit tools read the audit log, whose EXECVE records hold every audited command line
    // (its files are kept from contained commands, `paths/uncontained.rs`).
    if matches!(name, "ausearch" | "aureport" | "auditctl") {
        j.raise(
            RiskLevel::High,
            format!("{name} reads the audit log (others' command lines, passwords included); nothing contains it here"),
        );
    }
    if let Some(why) = builtin_evaluates(name, args) {
        j.raise(RiskLevel::High, why);
    }
    if let Some((level, why)) = home_configuration(name, args) {
        j.raise(level, why);
    }
    if name == "git" {
        j.raise(
            RiskLevel::Medium,
            "git runs programs a repository's configuration names (core.fsmonitor, hooks, filters); nothing contains them here",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_printers_are_found_by_name_not_by_substring() {
        let words =
            |line: &str| -> Vec<String> { line.split_whitespace().map(str::to_owned).collect() };
        assert!(prints_environment("jq", &words("-n env")).is_some());
        assert!(prints_environment("jq", &words("-n env.HOME")).is_some());
        assert!(prints_environment("jq", &words("-n $ENV")).is_some());
        assert!(prints_environment("jq", &words("-n $ENV.PATH")).is_some());
        assert!(prints_environment("jq", &["-n".to_owned(), "$ ENV.PATH".to_owned()]).is_some());
        assert!(prints_environment("jq", &["-n".to_owned(), "$#x\nENV".to_owned()]).is_some());
        assert!(prints_environment("jq", &["-n".to_owned(), "$\tENV".to_owned()]).is_some());
        assert!(prints_environment("jq", &words("-f /tmp/x.jq")).is_some());
        assert!(prints_environment("jq", &words(".environment /tmp/x.json")).is_none());
        assert!(prints_environment("jq", &words(".env /tmp/x.json")).is_none());
        assert!(prints_environment("awk", &words("BEGIN{print(ENVIRON[\"X\"])}")).is_some());
        assert!(
            prints_environment(
                "gawk",
                &words("BEGIN{for(k in SYMTAB[\"ENV\" \"IRON\"]) print k}")
            )
            .is_some()
        );
        assert!(prints_environment("awk", &words("{print $1}")).is_none());
        assert!(prints_environment("printenv", &words("HOME")).is_some());
        assert!(prints_environment("cat", &words("/proc/loadavg")).is_none());
    }

    #[test]
    fn jq_filters_that_call_functions_by_name() {
        for calls in [
            "length",
            ".[] | select(.a)",
            "split(\", \")",
            "map(.x)",
            ".a as $x | keys",
            "[.[] | tostring]",
        ] {
            assert!(jq_calls_by_name(calls), "{calls}");
        }
        for plain in [
            ".",
            ".items[].metadata.name",
            ".[0].name",
            ".a | \"select(x)\"",
            "$__loc__",
            "@sh \"x\"",
            "if .a then .b else .c end",
            ".a1.b2",
        ] {
            assert!(!jq_calls_by_name(plain), "{plain}");
        }
        let words =
            |line: &str| -> Vec<String> { line.split_whitespace().map(str::to_owned).collect() };
        assert_eq!(jq_filter(&words("-r --arg x y .a /f")), Some(".a"));
        assert_eq!(jq_filter(&words("-f /tmp/x.jq")), None);
        for given in [
            "-m /m x",
            "-bm /m x",
            "--magic-file=/m x",
            "--magic-file /m x",
        ] {
            assert!(magic_given(&words(given)), "{given}");
        }
        for not_given in ["x", "-b x", "-Fm x", "-- -m", "-e soft x"] {
            assert!(!magic_given(&words(not_given)), "{not_given}");
        }
    }
}

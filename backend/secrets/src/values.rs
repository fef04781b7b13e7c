//! How far an unquoted value of a secret-named assignment reaches: passphrases hold blanks
//! (`DB_PASSWORD=correct horse battery staple` in an env file), while a shell prefix runs a
//! command after its first word (`PGPASSWORD=x psql -c ...`).

use regex::Captures;

/// How much of `after` (the text behind an unquoted value's first word) still belongs to the
/// value, since passphrases hold blanks:
///
/// - `"NAME=a b c"` (a quote opens the whole assignment, as in `docker run -e "PW=a b"` or
///   systemd's `Environment="PW=a b"`): up to the closing quote;
/// - `name: a b c` and `name = a b c` at the start of a line (YAML, INI, TOML, properties):
///   the rest of the line, up to a ` #` comment;
/// - `NAME=a b c` at the start of a line, also after `export`, `declare -x`, `readonly` or
///   systemd's `Environment=` (env files take the rest of the line as the value): the rest of
///   the line, unless a command follows the first word (`PGPASSWORD=x psql -c ...`), as shell
///   prefixes do;
/// - a request signature's list (`Stripe-Signature: t=1,v1=x,v0=y`, `Svix-Signature: v1,x
///   v1,y`): to the end of the word, and of the line when the header opens it.
pub(crate) fn unquoted_value_tail(text: &str, found: &Captures, after: &str) -> usize {
    let (Some(name), Some(sep)) = (found.name("name"), found.name("sep")) else {
        return 0;
    };
    // `passwordeval = get_pass("x")`, `BORG_PASSCOMMAND=echo x`: a command or an expression
    // that yields the password, the rest of its line whatever it holds.
    if crate::names::names_secret_command(name.as_str()) {
        return after.split('\n').next().unwrap_or("").trim_end().len();
    }
    if crate::names::signature_header(name.as_str()) {
        let line_rest = after.split('\n').next().unwrap_or("");
        let word = line_rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\''))
            .unwrap_or(line_rest.len());
        let opens_line = text[..name.start()]
            .rsplit('\n')
            .next()
            .is_some_and(|before| before.trim().is_empty());
        if !(opens_line && sep.as_str().trim() == ":") {
            return word;
        }
        let kept = line_rest.find(" #").unwrap_or(line_rest.len());
        return line_rest[..kept].trim_end().len();
    }
    // `DJANGO_SECRET_KEY=abc&*(x)`: an environment's entry, its name in capitals, holds `&`,
    // `(`, `)`, `<` and `>` as any other character (Django's generated keys do), where a
    // query string's `a=x&b=y` ends its value; it runs on to a blank, a quote, a comma, a
    // closing bracket, or a `;` before another pair or at the end (a connection string's
    // `PWD=x;Database=y;` parts its pairs so).
    if sep.as_str() == "="
        && after.starts_with(['&', '(', ')', '<', '>'])
        && environment_name(name.as_str())
    {
        let pair_after = |at: usize| {
            let next = &after[at + 1..];
            let name_len = next
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | ' ')))
                .unwrap_or(next.len());
            name_len > 0 && next[name_len..].starts_with('=')
        };
        return after
            .char_indices()
            .find(|&(at, c)| {
                c.is_whitespace()
                    || matches!(c, '"' | '\'' | ',' | ']' | '}' | '\\')
                    || (c == ';' && (pair_after(at) || after[at + 1..].is_empty()))
            })
            .map_or(after.len(), |(at, _)| at);
    }
    // `a=x&b=y`, `k=x;other`: the value ended at a separator of its own syntax, not a blank.
    if !after.starts_with([' ', '\t']) {
        return 0;
    }
    let line_rest = after.split('\n').next().unwrap_or("");
    let before = &text[..name.start()];
    if let Some(quote) = before
        .chars()
        .next_back()
        .filter(|c| matches!(c, '"' | '\''))
        && !name.as_str().starts_with(['"', '\''])
    {
        return line_rest.find(quote).unwrap_or(0);
    }
    let separator = sep.as_str().trim();
    let spaced = sep.as_str().starts_with([' ', '\t']);
    // A backslash that ends the line continues the value below (`continued.rs`); it stays.
    let to_comment = || {
        let kept = line_rest.find(" #").unwrap_or(line_rest.len());
        let value = line_rest[..kept].trim_end();
        match value.strip_suffix('\\') {
            Some(before) if before.ends_with([' ', '\t']) => before.trim_end().len(),
            _ => value.len(),
        }
    };
    let prefix = before.rsplit('\n').next().unwrap_or("").trim();
    let at_start = prefix.is_empty() || prefix == "-";
    if at_start && (separator == ":" || (separator == "=" && spaced)) {
        return to_comment();
    }
    if separator != "=" || name.as_str().starts_with('-') {
        return 0;
    }
    let declared = matches!(
        prefix,
        "export" | "declare -x" | "declare" | "readonly" | "typeset -x" | "local" | "Environment="
    );
    if prefix == "Environment=" {
        // systemd's `Environment=PW=x LANG=C` (a unit's line, `systemctl show -p
        // Environment`): a list of assignments; the value ends before the next one.
        let value_len = to_comment();
        return next_assignment(&line_rest[..value_len]).unwrap_or(value_len);
    }
    if declared || (at_start && !command_follows(line_rest)) {
        to_comment()
    } else {
        0
    }
}

/// An environment variable's name as `env`, `.env` files and `docker inspect` write it:
/// capitals, digits and `_`, starting with a capital, two characters or more.
fn environment_name(name: &str) -> bool {
    name.len() > 1
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Where the first blank-separated word of `rest` shaped as another assignment (`LANG=C`,
/// `"PATH=/usr/bin"`) starts, less the blanks before it.
fn next_assignment(rest: &str) -> Option<usize> {
    let mut at = 0;
    for word in rest.split([' ', '\t']) {
        let bare = word.trim_start_matches(['"', '\'']);
        let assignment = bare.split_once('=').is_some_and(|(name, _)| {
            name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if at > 0 && assignment {
            return Some(rest[..at].trim_end().len());
        }
        at += word.len() + 1;
    }
    None
}

/// Whether the words after `NAME=value ` on its line make a command run with that variable
/// (`PGPASSWORD=x psql -c 'select 1'`, `TOKEN=x ./deploy.sh`, `PW=x make deploy | tee`) rather
/// than more words of the value: an option, a path, another assignment, a shell operator or a
/// program's name.
fn command_follows(line_rest: &str) -> bool {
    let mut words = line_rest.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let first_bare = first.trim_matches(['"', '\'']);
    let program = first_bare.rsplit('/').next().unwrap_or(first_bare);
    first_bare.contains(['/', '=', '$', '`'])
        || COMMON_PROGRAMS.contains(&program)
        || crate::shell::is_known_program(program)
        || std::iter::once(first).chain(words).any(|w| {
            w.starts_with('-')
                || matches!(w, "|" | "||" | "&&" | ";" | "&" | ">" | ">>" | "<" | "2>&1")
                || w.ends_with(';')
        })
}

/// Programs often run with a secret in their environment, besides those the word pass reads.
pub(crate) const COMMON_PROGRAMS: &[&str] = &[
    "make",
    "python",
    "python3",
    "node",
    "npm",
    "npx",
    "yarn",
    "pnpm",
    "go",
    "cargo",
    "java",
    "ruby",
    "php",
    "perl",
    "bash",
    "sh",
    "zsh",
    "env",
    "sudo",
    "exec",
    "nohup",
    "time",
    "timeout",
    "xargs",
    "git",
    "gh",
    "glab",
    "curl",
    "wget",
    "ssh",
    "scp",
    "rsync",
    "kubectl",
    "terraform",
    "tofu",
    "ansible",
    "ansible-playbook",
    "packer",
    "vault",
    "aws",
    "gcloud",
    "restic",
    "borg",
    "borgmatic",
    "rclone",
    "s3cmd",
    "duplicity",
    "pg_dump",
    "psql",
    "mysql",
    "systemctl",
    "docker-compose",
    "compose",
    "bundle",
    "rake",
    "rails",
    "mix",
    "dotnet",
    "gradle",
    "mvn",
    "pip",
    "pip3",
    "poetry",
    "uv",
    "deno",
    "bun",
    "op",
    "sops",
    "consul",
    "nomad",
    "doppler",
    "twine",
    "jq",
    "true",
    "false",
];

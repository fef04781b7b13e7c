//! A token handed to a call by position, with no name beside it to say what it is: a login
//! (`huggingface_hub.login("x")`, `wandb.login("x")`, `notebook_login("x")`), a service's
//! client built with its key (`Github("x")`, `OpenAI("x")`, Slack's `WebClient("x")`,
//! `gitlab.Gitlab(url, "x")`, Rust's `Client::new("x")`) or a builder's method named for the
//! secret it takes (`.api_key("x")`, reqwest's `.bearer_auth("x")`).
//! The same calls take a user, a host or an address (`login("bob")`, `Client("http://db:8080")`,
//! `redis.Client("localhost")`), so a literal goes only when it is shaped as a token: capitals,
//! small letters and digits together (`Tulipgarden42`), or generated as a token is
//! (`sessions::token_shaped`). A variable or a lookup (`login(os.environ["HF_TOKEN"])`) is no
//! literal, and a keyword argument is judged by its name elsewhere. A setter of a secret
//! (`set_token("x")`, `api.set_api_key("x")`) loses any literal: `text.rs`' `SETTER_CALL`.
//!
//! Plain byte scanning rather than a pattern: a pattern for every callee and argument list
//! weighs on the redaction's memory budget (`pattern.rs`), and a `(` is cheap to find.

use crate::REDACTED;

/// Callees (their last dotted part, lower-cased) that log in with their one token, besides
/// any holding `login`.
const LOGINS: &[&str] = &["log_in", "signin", "sign_in", "authenticate", "auth"];

/// Services whose client classes take their key first (lower-cased): `Github("x")`,
/// `OpenAI("x")`, `telegram.Bot("x")`. Any class whose name ends in `Client` or `Api`
/// (`WebClient`, `HfApi`) is one too.
const CLIENT_CLASSES: &[&str] = &[
    "github",
    "gitlab",
    "gitea",
    "openai",
    "asyncopenai",
    "anthropic",
    "asyncanthropic",
    "mistral",
    "cohere",
    "groq",
    "together",
    "fireworks",
    "replicate",
    "pinecone",
    "openrouter",
    "cerebras",
    "deepseek",
    "bot",
    // PyGithub's `Auth.Token("x")`: a token's own class.
    "token",
    "apikey",
];

/// How far after a call's `(` its arguments are read: a call spans a line or a few.
const ARGUMENTS_LIMIT: usize = 1024;

/// `text` with token-shaped literals given by position to logins and clients hidden.
pub(crate) fn redact_positional_tokens(text: &str) -> String {
    let mut out = String::new();
    let mut copied = 0;
    for open in memchr::memchr_iter(b'(', text.as_bytes()) {
        if open < copied || !takes_a_token(callee_before(&text[..open])) {
            continue;
        }
        for (start, end) in literal_arguments(text, open + 1) {
            let value = &text[start..end];
            if start < copied || !token_shaped(value) {
                continue;
            }
            out.push_str(&text[copied..start]);
            out.push_str(REDACTED);
            copied = end;
        }
    }
    if copied == 0 {
        return text.to_owned();
    }
    out.push_str(&text[copied..]);
    out
}

/// The name called just before a `(` (`huggingface_hub.login`, `redis.Client`,
/// `Client::new`, `.bearer_auth` after a call's `)`), or `""`.
fn callee_before(before: &str) -> &str {
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':'))
        .last()
        .map_or(before.len(), |(at, _)| at);
    &before[start..]
}

/// Words that start a method's name when it reads, checks or handles a secret rather than
/// being given one (`get_token("github")`, `validate_api_key("x")`).
const HANDLING_VERBS: &[&str] = &[
    "get", "fetch", "read", "load", "lookup", "find", "list", "has", "is", "check", "validate",
    "verify", "delete", "remove", "revoke", "rotate", "refresh", "create", "generate", "new",
    "parse", "decode", "encode", "hash", "mask", "redact", "print", "log", "show", "require",
    "ensure", "reset", "clear", "unset",
];

/// Constructors called on a class (`Client::new("x")`, `Client.create("x")`): the class decides.
const CONSTRUCTORS: &[&str] = &["new", "create", "build", "from_token", "with_token"];

/// Whether a call of `callee` takes a token by position: a login (`login("x")`,
/// `notebook_login("x")`, `client.login_with_token("x")`, discord.py's `client.run("x")`), a
/// client's class (its name capitalised, as classes are: `Github("x")`, `Client::new("x")`), or
/// a builder's method named for the secret it is given (`.api_key("x")`, `.bearer_auth("x")`).
fn takes_a_token(callee: &str) -> bool {
    let segments: Vec<&str> = callee.split(['.', ':']).filter(|s| !s.is_empty()).collect();
    let Some((&last, before)) = segments.split_last() else {
        return false;
    };
    let lowered = last.to_ascii_lowercase();
    let receiver = before.last().map(|r| r.to_ascii_lowercase());
    if lowered.contains("login")
        || LOGINS.contains(&lowered.as_str())
        || (lowered == "run" && matches!(receiver.as_deref(), Some("client" | "bot")))
    {
        return true;
    }
    // A method (after a `.` or a call's `)`) named for a secret and no verb of handling one.
    let method = callee.starts_with('.') || !before.is_empty();
    let words = crate::names::parts(last);
    if method
        && crate::names::is_secret_name(last)
        && words
            .first()
            .is_some_and(|first| !HANDLING_VERBS.contains(&first.as_str()))
    {
        return true;
    }
    let class = match before.last() {
        Some(class) if CONSTRUCTORS.contains(&lowered.as_str()) => *class,
        _ => last,
    };
    client_class(class)
}

/// Whether `class` names a service's client: capitalised, and named for the service or ending
/// in `Client` or `Api`, a version after it allowed (`cohere.ClientV2`).
fn client_class(class: &str) -> bool {
    let lowered = class.to_ascii_lowercase();
    let unversioned = lowered
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end_matches('v');
    class.starts_with(|c: char| c.is_ascii_uppercase())
        && (unversioned.ends_with("client")
            || unversioned.ends_with("api")
            || CLIENT_CLASSES.contains(&unversioned))
}

/// The byte ranges of the quoted literals that are whole positional arguments of the call
/// whose arguments start at `from` (`"x"` of `f("x", y)`; not `"x".encode()`, `"a" + b` nor
/// a keyword's value), up to its closing parenthesis.
fn literal_arguments(text: &str, from: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let limit = text.len().min(from + ARGUMENTS_LIMIT);
    let mut literals = Vec::new();
    let mut at = from;
    loop {
        while at < limit && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if at >= limit || bytes[at] == b')' {
            return literals;
        }
        if matches!(bytes[at], b'"' | b'\'')
            && let Some(len) = memchr::memchr2(bytes[at], b'\n', &bytes[at + 1..limit])
            && bytes[at + 1 + len] == bytes[at]
        {
            let (start, end) = (at + 1, at + 1 + len);
            let mut next = end + 1;
            while next < limit && matches!(bytes[next], b' ' | b'\t') {
                next += 1;
            }
            if next < limit && matches!(bytes[next], b',' | b')') {
                if !text[start..end].contains('\\') {
                    literals.push((start, end));
                }
                at = next;
                if bytes[at] == b')' {
                    return literals;
                }
                at += 1;
                continue;
            }
        }
        // Any other argument: skipped to the `,` or `)` that ends it, over what it nests.
        match argument_end(bytes, at, limit) {
            Some(end) if bytes[end] == b',' => at = end + 1,
            _ => return literals,
        }
    }
}

/// Where the argument starting at `at` ends: the `,` or `)` after it outside brackets and
/// quotes, or `None` when the call is not closed before `limit`.
fn argument_end(bytes: &[u8], mut at: usize, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    while at < limit {
        let b = bytes[at];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) if b == b'\\' => at += 1,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth > 0 => depth -= 1,
                b',' | b')' if depth == 0 => return Some(at),
                _ => {}
            },
        }
        at += 1;
    }
    None
}

/// Whether a literal given to a login or a client is a token: eight characters or more of a
/// token's alphabet, capitals, small letters and digits together, or generated as a token is.
/// Names, hosts, addresses, URLs, paths, references and UUIDs (an account's or a tenant's id)
/// stay (`bob`, `localhost`, `db01.internal:5432`, `http://db:8080`, `$HF_TOKEN`).
fn token_shaped(value: &str) -> bool {
    let has = |f: fn(&char) -> bool| value.chars().any(|c| f(&c));
    let mixed =
        has(char::is_ascii_digit) && has(char::is_ascii_lowercase) && has(char::is_ascii_uppercase);
    value.len() >= 8
        && !crate::servicelines::uuid(value)
        && !value.contains(REDACTED)
        && !value.contains("://")
        && !value.starts_with(['/', '.', '~', '$', '%', '{', '<'])
        && value.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '+' | '/' | '=' | ':' | '~')
        })
        && !crate::placeholders::stands_in(value)
        && (mixed || crate::sessions::token_shaped(value))
}

#[cfg(test)]
mod tests {
    use super::redact_positional_tokens;

    #[test]
    fn tokens_given_by_position_go() {
        for (text, expected) in [
            ("login(\"Tulipgarden42\")", "login(\"[redacted]\")"),
            (
                "huggingface_hub.login('Tulipgarden42', add_to_git_credential=True)",
                "huggingface_hub.login('[redacted]', add_to_git_credential=True)",
            ),
            ("Github( \"Tulipgarden42\" )", "Github( \"[redacted]\" )"),
            (
                "gitlab.Gitlab(\"https://gitlab.example.com\", \"Tulipgarden42\")",
                "gitlab.Gitlab(\"https://gitlab.example.com\", \"[redacted]\")",
            ),
            (
                "HfApi(endpoint, \"8f3a9c2b7e1d4f6a0b5c9e8d\")",
                "HfApi(endpoint, \"[redacted]\")",
            ),
            (
                "Github(\n    \"Tulipgarden42\",\n)",
                "Github(\n    \"[redacted]\",\n)",
            ),
        ] {
            assert_eq!(redact_positional_tokens(text), expected, "{text}");
        }
    }

    #[test]
    fn names_hosts_and_other_calls_stay() {
        for text in [
            "login(\"bob\")",
            "Client(\"http://db:8080\")",
            "redis.Client(\"localhost\")",
            "Client(\"db01.internal:5432\")",
            "login(\"$HF_TOKEN\")",
            "login(os.environ[\"HF_TOKEN\"])",
            "Github(os.getenv(\"Tulipgarden42\"))",
            "login(\"Tulipgarden42\".strip())",
            "print(\"Tulipgarden42\")",
            "client(\"Tulipgarden42\")",
            "Client(name=\"Tulipgarden42\")",
            "login(\"Tulipgarden42\"",
        ] {
            assert_eq!(redact_positional_tokens(text), text, "{text}");
        }
    }
}

//! Defaults of shell references named for a secret (`${DB_PASSWORD:-x}`, `${TOKEN-x}`,
//! `${PW:=x}`) wherever they stand: the reference names where the secret comes from and stays,
//! the default is a literal secret and goes. The assignment and command line passes hide
//! those they read; this one finds the rest (`echo ${TOKEN-x}`, whose `TOKEN-x` reads as one
//! name).

use std::sync::LazyLock;

use regex::Captures;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::names::is_secret_name;

/// `${NAME` and an operator that gives a default (`:-`, `-`, `:=`, `=`), the default up to the
/// closing brace. A default that is itself a reference (`${PW:-$OTHER}`) is no literal.
static REFERENCE_DEFAULT: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r"(?P<head>\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*):?[-=])(?P<secret>[^}\s$][^}\n]*)\}",
    )
    .ok()
});

/// `text` with the literal defaults of secret-named references hidden.
pub(crate) fn redact_reference_defaults(text: &str) -> String {
    if !text.contains("${") {
        return text.to_owned();
    }
    let Some(pattern) = REFERENCE_DEFAULT.as_ref() else {
        return REDACTED.to_owned();
    };
    pattern
        .replace_all(text, |c: &Captures| {
            let whole = c.get(0).map_or("", |m| m.as_str());
            let name = c.name("name").map_or("", |m| m.as_str());
            let secret = c.name("secret").map_or("", |m| m.as_str());
            if !is_secret_name(name) || secret.contains(REDACTED) {
                return whole.to_owned();
            }
            let head = c.name("head").map_or("", |m| m.as_str());
            format!("{head}{REDACTED}}}")
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::redact_reference_defaults as redact;

    #[test]
    fn defaults_of_secret_references_go() {
        assert_eq!(redact("echo ${TOKEN-hunter2}"), "echo ${TOKEN-[redacted]}");
        assert_eq!(
            redact("x ${DB_PASSWORD:=s3cret} y"),
            "x ${DB_PASSWORD:=[redacted]} y"
        );
        for text in [
            "cp ${HOME:-/root}/a /tmp",
            "echo ${TOKEN:-$FALLBACK}",
            "echo ${TOKEN:-}",
            "echo ${TOKEN:?unset}",
            "echo ${PW:-[redacted]}",
        ] {
            assert_eq!(redact(text), text);
        }
    }
}

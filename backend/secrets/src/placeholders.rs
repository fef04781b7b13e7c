//! Values that stand where a secret goes rather than being one: the metavariables of help text
//! (`--password <PASSWORD>`, `--token TOKEN`, `-p, --password=PASS`, Go's and Cobra's `--token
//! string`), documentation's examples (`password: <your password here>`,
//! `API_KEY=your_api_key_here`), templates and references (`${API_KEY}`, `{{ vault_password }}`,
//! `%(db_password)s`, `%PASSWORD%`) and what a redaction left (`<redacted>`, `***`, `xxx`).
//! Every pass that hides a value under a secret's name asks here first, so help text and
//! examples stay readable while real values (`hunter2`, `Summer2024!`, `ABCD1234`) go.

/// Words documentation writes where a secret is to be chosen (compared lower-cased without
/// separators): `replace_me`, `placeholder`, `fill me in`. `changeme` (and `change_me`,
/// `changethis`) is not among them: images and installers ship it as the password in use
/// (Elasticsearch's `elastic:changeme`, many Compose files' `POSTGRES_PASSWORD=changeme`), and
/// a service left with it is logged into with it, as Java's keystore default `changeit` is.
const EXAMPLE_WORDS: &[&str] = &[
    "replaceme",
    "replacethis",
    "replacewithyourown",
    "placeholder",
    "fillmein",
    "setme",
    // WordPress' `wp-config-sample.php`: `define('AUTH_KEY', 'put your unique phrase here')`,
    // `define('DB_PASSWORD', 'password_here')`.
    "putyouruniquephrasehere",
    "passwordhere",
];

/// Whether `value`, found where a secret would be, stands for one whatever it is named: a
/// placeholder in angle brackets, a template's reference, a redaction's marker, or an example
/// (`replace_me`, `your_api_key_here`). Quotes around `value` are the caller's to remove. An
/// upper-case word alone is not enough (`mysql -pPASS` writes a password in capitals): see
/// [`stands_in_for`].
pub(crate) fn stands_in(value: &str) -> bool {
    angle_bracketed(value) || template(value) || marker(value) || example(value)
}

/// Whether `value` stands for the secret named `name` (an option's or a setting's name, dashes
/// and all): [`stands_in`], or help text's metavariable for that name, an upper-case word
/// spelling the name or its last parts (`--token TOKEN`, `--api-key KEY`,
/// `MYSQL_ROOT_PASSWORD=ROOT_PASSWORD`, `--client-secret CLIENT_SECRET`) or a password's
/// usual abbreviations for a password's name (`--password=PASS`, `password: PASSWD`), and Go's
/// and Cobra's `string` (`--token string`, `-password string`).
pub(crate) fn stands_in_for(name: &str, value: &str) -> bool {
    if stands_in(value) {
        return true;
    }
    let parts = crate::names::parts(name);
    if parts.is_empty() || !crate::names::is_secret_name(name) {
        return false;
    }
    if value == "string" {
        return name.starts_with('-');
    }
    if !upper_word(value) {
        return false;
    }
    let squeeze = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let squeezed_name = squeeze(name);
    let squeezed_value = squeeze(value);
    let last = parts
        .last()
        .map(|p| p.to_ascii_lowercase())
        .unwrap_or_default();
    let password_name = PASSWORD_SPELLINGS.contains(&last.as_str());
    // The value's words are the name's last ones (`ROOT_PASSWORD` of `MYSQL_ROOT_PASSWORD`,
    // `KEY` of `--api-key`), or the value is a secret's name the name ends with (`PASSWORD`
    // of `PGPASSWORD`); `ET` of `SECRET` is neither.
    let value_parts: Vec<String> = value
        .split(['_', '-'])
        .map(str::to_ascii_lowercase)
        .collect();
    let name_parts: Vec<String> = parts.iter().map(|p| p.to_ascii_lowercase()).collect();
    let last_parts = name_parts.ends_with(&value_parts);
    (last_parts
        || (squeezed_name.ends_with(&squeezed_value) && crate::names::is_secret_name(value)))
        || (password_name && PASSWORD_SPELLINGS.contains(&squeezed_value.as_str()))
}

/// How help text and settings spell a password's name and its metavariable.
const PASSWORD_SPELLINGS: &[&str] = &["password", "passwd", "pass", "pwd", "pw"];

/// Words tools print in parentheses where a secret is absent or withheld: `passphrase:
/// (none)`, `token: (null)`, `password: (not set)`, `private key: (hidden)`.
const PARENTHESISED_WORDS: &[&str] = &[
    "none",
    "null",
    "nil",
    "empty",
    "unset",
    "not set",
    "notset",
    "hidden",
    "redacted",
    "masked",
    "blank",
    "n/a",
    "omitted",
    "sensitive",
    "not shown",
    "not available",
    "unknown",
    "no password",
    "no passphrase",
    "not",
    "no",
];

/// Whether `value` opens a placeholder in parentheses (`(none)`, `(not set)`), a pass having
/// cut it at its closing parenthesis or at a blank (`(none`, `(not`) or not.
pub(crate) fn parenthesised(value: &str) -> bool {
    value.strip_prefix('(').is_some_and(|inner| {
        let inner = inner.trim_end_matches(['.', ',', ';']);
        let inner = inner
            .strip_suffix(')')
            .unwrap_or(inner)
            .to_ascii_lowercase();
        PARENTHESISED_WORDS.contains(&inner.as_str())
    })
}

/// Length of the angle-bracketed placeholder that `text` opens with (`<your password here>`,
/// `<API_KEY>`), written over several words, or `None`.
pub(crate) fn angle_bracketed_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('<')?;
    let close = rest.find(['>', '\n', '<'])?;
    let len = close + 2;
    // The placeholder ends its word (`<abc123>def` is a value).
    let ends_word = text[len.min(text.len())..].chars().next().is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | ',' | ';' | ')' | ']' | '}' | ':' | '@' | '/'
            )
    });
    (rest[close..].starts_with('>') && angle_bracketed(&text[..len]) && ends_word).then_some(len)
}

/// Whether the byte `at` of `text` lies inside an angle-bracketed placeholder (the `here>` of
/// `<your password here>`), so that a pass reading `password WORD` leaves it.
pub(crate) fn inside_angle_bracketed(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    text[line_start..at].rfind('<').is_some_and(|open| {
        let open = line_start + open;
        angle_bracketed_len(&text[open..]).is_some_and(|len| open + len > at)
    })
}

/// `<PASSWORD>`, `<your-token>`, `<your password here>`, `<redacted>`: a name, or words, in
/// angle brackets (letters first; letters, digits, blanks, `_`, `-`, `.`, `/`, `|` inside);
/// also `kubectl describe`'s reference to where a variable comes from, `<set to the key
/// 'api-key' in secret 'db'>` (quotes allowed there only).
fn angle_bracketed(value: &str) -> bool {
    value
        .strip_prefix('<')
        .and_then(|v| v.strip_suffix('>'))
        .is_some_and(|inner| {
            let quotes = inner.starts_with("set to the key '");
            inner.starts_with(|c: char| c.is_ascii_alphabetic())
                && inner.chars().all(|c| {
                    c.is_ascii_alphanumeric()
                        || matches!(c, ' ' | '_' | '-' | '.' | '/' | '|')
                        || (quotes && c == '\'')
                })
        })
}

/// A reference a template or the shell fills in: `${API_KEY}`, `$API_KEY`, `{{ vault_password
/// }}` (without a literal default, which the passes that know defaults hide), `%(db_password)s`,
/// `%PASSWORD%`.
fn template(value: &str) -> bool {
    let name = |n: &str| {
        n.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let dotted = |n: &str| {
        !n.is_empty()
            && n.split('.').all(name)
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.'))
    };
    if let Some(rest) = value.strip_prefix('$') {
        return rest
            .strip_prefix('{')
            .and_then(|r| r.strip_suffix('}'))
            .map_or(name(rest), name);
    }
    if let Some(inner) = value.strip_prefix("{{").and_then(|v| v.strip_suffix("}}")) {
        let inner = inner.trim_matches(|c: char| c == '-' || c.is_ascii_whitespace());
        // Helm's and Go's `{{ .Values.apiKey }}`, `{{ $.Values.x }}`.
        let inner = inner
            .strip_prefix("$.")
            .or_else(|| inner.strip_prefix('.'))
            .unwrap_or(inner);
        return dotted(inner);
    }
    if let Some(inner) = value.strip_prefix("%(").and_then(|v| v.strip_suffix(")s")) {
        return name(inner);
    }
    value
        .strip_prefix('%')
        .and_then(|v| v.strip_suffix('%'))
        .is_some_and(name)
}

/// What stands where a secret was hidden: a run of `*` or of `x` (`***`, `xxxxxxxx`,
/// `XXXX-XXXX`), a marker in brackets of any kind (`[redacted]`, `(hidden)`).
fn marker(value: &str) -> bool {
    let stars = value.len() >= 3 && value.chars().all(|c| c == '*');
    let crosses = value.chars().filter(|c| matches!(c, 'x' | 'X')).count() >= 3
        && value
            .chars()
            .all(|c| matches!(c, 'x' | 'X' | '-' | '_' | '.'));
    let bracketed = ["[]", "()", "{}", "<>"].iter().any(|pair| {
        let (open, close) = pair.split_at(1);
        value
            .strip_prefix(open)
            .and_then(|v| v.strip_suffix(close))
            .is_some_and(|inner| {
                matches!(
                    inner.to_ascii_lowercase().as_str(),
                    "redacted"
                        | "hidden"
                        | "masked"
                        | "removed"
                        | "filtered"
                        | "secret"
                        // npm's `config list`: `_authToken = (protected)`.
                        | "protected"
                        | "sensitive"
                )
            })
    });
    stars || crosses || bracketed
}

/// Upper-case letters in words joined by `_` or `-`, no digits: how help text names a value.
fn upper_word(value: &str) -> bool {
    value.len() >= 2
        && value.starts_with(|c: char| c.is_ascii_uppercase())
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || matches!(c, '_' | '-'))
        && !value.ends_with(['_', '-'])
}

/// Documentation's examples: [`EXAMPLE_WORDS`], and a secret's name after `your`
/// (`your_password`, `your-api-key-here`, `YOUR_TOKEN`, `yourpassword`).
fn example(value: &str) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if EXAMPLE_WORDS.contains(&squeezed.as_str()) {
        return true;
    }
    let Some(rest) = squeezed.strip_prefix("your") else {
        return false;
    };
    if !value
        .chars()
        .all(|c| c.is_ascii_alphabetic() || matches!(c, '_' | '-' | '.' | ' '))
    {
        return false;
    }
    let rest = rest.strip_suffix("here").unwrap_or(rest);
    let rest = rest.strip_prefix("own").unwrap_or(rest);
    !rest.is_empty() && crate::names::is_secret_name(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stand_ins_and_values() {
        for value in [
            "<PASSWORD>",
            "<your password here>",
            "<your-token>",
            "<redacted>",
            "YOUR_TOKEN",
            "${API_KEY}",
            "$API_KEY",
            "{{ vault_password }}",
            "{{vault.db_password}}",
            "{{ .Values.apiKey }}",
            "%(db_password)s",
            "%PASSWORD%",
            "***",
            "xxx",
            "XXXX-XXXX",
            "replace_me",
            "PLACEHOLDER",
            "your_password",
            "your-api-key-here",
            "yourpassword",
        ] {
            assert!(stands_in(value), "{value}");
        }
        for value in [
            "hunter2",
            "PASS",
            "PASSWORD",
            "HUNTER",
            "Summer2024!",
            "<Tr0ub4dor&3",
            "**",
            "x",
            "changeme123",
            "changeme",
            "CHANGE_ME",
            "changethis",
            "changeit",
            "yourmom",
            "{{ 'x' | password_hash }}",
            "${PW:-x}",
        ] {
            assert!(!stands_in(value), "{value}");
        }
        for (name, value) in [
            ("--password", "PASSWORD"),
            ("--password", "PASS"),
            ("password", "PASSWD"),
            ("--token", "TOKEN"),
            ("--api-key", "KEY"),
            ("--api-key", "API_KEY"),
            ("--client-secret", "CLIENT_SECRET"),
            ("MYSQL_ROOT_PASSWORD", "ROOT_PASSWORD"),
            ("--token", "string"),
            ("PGPASSWORD", "PASSWORD"),
            ("X-API-Key", "API_KEY"),
        ] {
            assert!(stands_in_for(name, value), "{name} {value}");
        }
        for (name, value) in [
            ("password", "HUNTER"),
            ("-p", "PASS"),
            ("TOKEN", "PASSWORD"),
            ("--token", "ABCDEF"),
            ("password", "string"),
            ("--port", "PORT"),
            ("SECRET", "ET"),
            ("--api-key", "PI_KEY"),
        ] {
            assert!(!stands_in_for(name, value), "{name} {value}");
        }
        assert_eq!(angle_bracketed_len("<your password here> tail"), Some(20));
        assert_eq!(angle_bracketed_len("<your password"), None);
        assert_eq!(angle_bracketed_len("<a&b>"), None);
        assert_eq!(angle_bracketed_len("<abc123>def"), None);
        assert!(inside_angle_bracketed("x: <your password here>", 17));
        assert!(!inside_angle_bracketed("x: <a> password here>", 15));
    }
}

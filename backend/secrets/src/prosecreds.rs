//! Credentials that prose, a chat message or a log line writes with a blank, a slash or words
//! where a configuration writes `=`: a key's or a password's name and one word (`apikey
//! tulipgarden`, `user bob, pass tulipgarden`), a login and its password (`login: bob /
//! tulipgarden`), a passphrase of several words (`the passphrase is correct horse battery
//! staple`, `wifi password: purple monkey dishwasher`), and a key of a generated shape under
//! the bare name `key` (`key = Jf83kd...`). A value of letters alone is still a secret; the
//! words a sentence writes there stay (`apikey missing`, `login: ok`, `user bob, pass ok`, `the
//! passphrase is too short`, `the password is correct and accepted`).

use std::sync::LazyLock;

use crate::REDACTED;
use crate::pattern::Gated;

/// A key's, a token's or a password's name at a clause's start (a line's, after `,`, `;`,
/// `(` or a log line's `: `), perhaps after a few qualifying words, one blank, and one word
/// that ends the clause (a table's heading parts its columns with several: `API KEY
/// Description`).
static NAMED_WORD: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?im)(?P<head>(?:^|[,;(]|:[ \t])[ \t]*(?:(?:the|my|your|our|its|new|wifi|wi-fi|admin|root|master|encryption|repository|account|user)[ \t]+){0,2}(?P<label>api[ _-]?key|apikey|(?:access|auth|api|bearer)[ _-]?token|passphrase|password|pass|pwd|pw|secret[ _-]?key)[ \t])(?P<secret>[^ \t\r\n,;'"()<>\[\]{}=:/|`$]+?)(?P<tail>[.!]?[ \t]*\r?(?:$|[,;)]))"#,
    )
    .ok()
});

/// An environment variable's name (`DB_PASSWORD`, `API_TOKEN`) said to hold one word in a log
/// line's prose (`DB_PASSWORD is x`, `Setting DB_PASSWORD to x`, `API_TOKEN = x`), the word
/// ending the clause; the name is judged as a secret's. Any name in backticks, as Markdown
/// prose quotes one (``The `password` is x``, ``set `DB_PASSWORD` to x``), is read the same.
static ENV_NAMED: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?m)(?P<head>(?P<label>\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|`[A-Za-z][A-Za-z0-9_.-]*`)[ \t]+(?:(?:is|was)(?:[ \t]+now)?|(?:set[ \t]+)?to|now)[ \t]+["']?)(?P<secret>[^ \t\r\n,;'"()<>\[\]{}=`$]+?)(?P<tail>["']?[.!]?[ \t]*\r?(?:$|[,;)]))"#,
    )
    .ok()
});

/// A login named, its user, a slash and the password (`login: bob / tulipgarden`, `Login:
/// admin / admin`, `creds are bob/tulipgarden`), or a login given as `user:password` (`login
/// with bob:tulipgarden`), the password ending the clause.
static LOGIN_SLASH: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?im)(?P<head>\b(?:(?:login|user(?:name)?|account|credentials|creds)(?:[ \t]+(?:is|are|was|were))?[ \t]*:?[ \t]+[A-Za-z0-9_.@+-]+[ \t]*/[ \t]*|(?:login|logged in|log in|credentials|creds)[ \t]+(?:with|as|using|are|is)[ \t]+[A-Za-z0-9_.@+-]+:))(?P<secret>[^ \t\r\n,;'"/:()<>\[\]{}=|`$]+?)(?P<tail>[.!]?[ \t]*\r?(?:$|[,;)]))"#,
    )
    .ok()
});

/// A password's or a passphrase's name, `is`, `:`, `=` or `to`, and words to the line's end:
/// the first perhaps already hidden by the passes that read one word there.
static PHRASE: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?im)(?P<head>\b(?:pass(?:word|phrase|code)|pass phrase|passwd)(?P<verb>[ \t]+(?:is|was))?(?P<sign>[ \t]*(?::|=)|[ \t]+to)?[ \t]+)(?P<words>(?:\[redacted\]|[A-Za-z]+)(?:[ \t]+[A-Za-z]+)+)(?P<tail>[ \t]*[.!]?["']?[ \t]*\r?)$"#,
    )
    .ok()
});

/// A key's value after the bare name `key` (`key = ...`, `"key": "..."`), first on its line
/// or in its map (`public key: X` names what it holds), judged by its shape: random letters of both cases with digits (see `lonevalue.rs`).
static BARE_KEY: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?im)(?P<head>(?:^[ \t]*(?:-[ \t]+)?|[{,][ \t]*)["']?key["']?[ \t]*[:=][ \t]*["']?)(?P<secret>[A-Za-z0-9+/_-]+=*)"#,
    )
    .ok()
});

/// Words prose writes after a credential's name: verdicts, states, and a command's verbs
/// (`pass show`, `api key create`, `pass tests`).
const PROSE_WORDS: &[&str] = &[
    "ok",
    "okay",
    "yes",
    "no",
    "true",
    "false",
    "none",
    "null",
    "nil",
    "empty",
    "blank",
    "missing",
    "invalid",
    "incorrect",
    "wrong",
    "correct",
    "valid",
    "bad",
    "good",
    "weak",
    "strong",
    "short",
    "long",
    "mismatch",
    "expired",
    "locked",
    "unchanged",
    "unset",
    "absent",
    "present",
    "accepted",
    "rejected",
    "denied",
    "saved",
    "stored",
    "success",
    "successful",
    "failure",
    "fail",
    "failed",
    "error",
    "errors",
    "required",
    "optional",
    "disabled",
    "enabled",
    "set",
    "change",
    "reset",
    "please",
    "retry",
    "try",
    "again",
    "contact",
    "check",
    "enter",
    "use",
    "through",
    "test",
    "tests",
    "args",
    "arguments",
    "protected",
    "hidden",
    "masked",
    "redacted",
    "unknown",
    "default",
    "same",
    "different",
    "match",
    "matches",
    "ignored",
    "skipped",
    "supplied",
    "provided",
    "given",
    "create",
    "delete",
    "list",
    "show",
    "get",
    "add",
    "remove",
    "rotate",
    "revoke",
    "lookup",
    "renew",
    "generate",
    "insert",
    "edit",
    "init",
    "update",
    "login",
    "logout",
    "help",
    "status",
    "info",
    "verify",
    "find",
    "grep",
    "copy",
    "clip",
    "version",
    "here",
    "below",
    "above",
    "later",
    "soon",
    "expires",
    "expire",
    "changed",
    "sent",
    "works",
    "work",
    "needed",
    "needs",
    "unavailable",
    "available",
    "authentication",
    "auth",
    "policy",
    "manager",
    "prompt",
    "length",
    "field",
    "hash",
];

/// Whether `word`, where a credential would stand, is a word of the sentence instead.
fn prose(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    word.len() < 4
        || word.starts_with(['-', '*', '.'])
        || word.starts_with(REDACTED)
        || crate::sentences::sentence_word(word)
        || PROSE_WORDS.contains(&lower.as_str())
        || crate::text::PASSWORD_NOUNS.contains(&lower.as_str())
        || crate::text::keeps_value("password", word)
}

/// `head`, the secret hidden, `tail`.
fn hidden(c: &regex::Captures<'_>) -> String {
    format!(
        "{}{REDACTED}{}",
        c.name("head").map_or("", |m| m.as_str()),
        c.name("tail").map_or("", |m| m.as_str())
    )
}

fn whole(c: &regex::Captures<'_>) -> String {
    c.get(0).map_or(String::new(), |m| m.as_str().to_owned())
}

/// `text` with credentials written in prose hidden.
pub(crate) fn redact_prose_credentials(text: &str) -> String {
    let (Some(named), Some(login), Some(phrase), Some(bare), Some(env_named)) = (
        NAMED_WORD.as_ref(),
        LOGIN_SLASH.as_ref(),
        PHRASE.as_ref(),
        BARE_KEY.as_ref(),
        ENV_NAMED.as_ref(),
    ) else {
        return REDACTED.to_owned();
    };
    let text = env_named
        .replace_all(text, |c: &regex::Captures<'_>| {
            let secret = c.name("secret").map_or("", |m| m.as_str());
            let label = c.name("label").map_or("", |m| m.as_str()).trim_matches('`');
            if crate::names::is_secret_name(label)
                && !prose(secret)
                && !crate::placeholders::stands_in_for(label, secret)
            {
                hidden(c)
            } else {
                whole(c)
            }
        })
        .into_owned();
    let text = named
        .replace_all(&text, |c: &regex::Captures<'_>| {
            let secret = c.name("secret").map_or("", |m| m.as_str());
            let label = c
                .name("label")
                .map_or("", |m| m.as_str())
                .to_ascii_lowercase();
            // `pass`, `pw` and `pwd` are also verbs and commands (`pass show db`, `pass
            // tests`): a password only after a login named on the line (`user bob, pass X`).
            let start = c.get(0).map_or(0, |m| m.start());
            let line = &text[text[..start].rfind('\n').map_or(0, |n| n + 1)..start];
            let login_named = ["user", "login", "account"]
                .iter()
                .any(|w| line.to_ascii_lowercase().contains(w));
            let ambiguous = matches!(label.as_str(), "pass" | "pw" | "pwd");
            if prose(secret) || (ambiguous && !login_named) {
                whole(c)
            } else {
                hidden(c)
            }
        })
        .into_owned();
    let text = login
        .replace_all(&text, |c: &regex::Captures<'_>| {
            let secret = c.name("secret").map_or("", |m| m.as_str());
            if prose(secret) || secret.chars().all(|ch| ch.is_ascii_digit()) {
                whole(c)
            } else {
                hidden(c)
            }
        })
        .into_owned();
    let text = phrase
        .replace_all(&text, |c: &regex::Captures<'_>| {
            let words: Vec<&str> = c
                .name("words")
                .map_or("", |m| m.as_str())
                .split_whitespace()
                .collect();
            let (first, rest) = (words[0], &words[1..]);
            // `mysql --password X db`: an option's value, then the command's next operand.
            let start = c.get(0).map_or(0, |m| m.start());
            if text[..start].ends_with('-') {
                return whole(c);
            }
            // A passphrase has a few words; a longer run is a sentence.
            if rest.len() > 8 {
                return whole(c);
            }
            let plain = |w: &&str| {
                w.len() >= 2
                    && w.chars().all(|ch| ch.is_ascii_lowercase())
                    && !crate::sentences::sentence_word(w)
                    && !PROSE_WORDS.contains(w)
                    && !crate::text::PASSWORD_NOUNS.contains(w)
            };
            // `is`, `:`, `=` or `to` joins the name to the phrase: without it the words are a
            // sentence's or a command's (`password hash algorithm argon`, `passwd bob`).
            let joined = c.name("verb").is_some() || c.name("sign").is_some();
            let passphrase = joined
                && rest.iter().all(plain)
                && if first == REDACTED {
                    !rest.is_empty()
                } else {
                    rest.len() >= 2 && first.chars().all(char::is_alphabetic)
                };
            if passphrase {
                format!(
                    "{}{REDACTED}{}",
                    c.name("head").map_or("", |m| m.as_str()),
                    c.name("tail").map_or("", |m| m.as_str())
                )
            } else {
                whole(c)
            }
        })
        .into_owned();
    bare.replace_all(&text, |c: &regex::Captures<'_>| {
        let secret = c.name("secret").map_or("", |m| m.as_str());
        // `random_shaped` holds the length to 20 to 64 characters.
        // etcd's keys in base64 (`L2FwcC9kYi9wYXNzd29yZA==`, `/app/db/password`): a name
        // encoded, where a generated key decodes to random bytes.
        let encoded_text = crate::base64::decode_unpadded(secret.trim_end_matches('='))
            .is_some_and(|bytes| bytes.iter().all(|b| (0x20..0x7f).contains(b)));
        if crate::lonevalue::random_shaped(secret) && !encoded_text {
            format!("{}{REDACTED}", c.name("head").map_or("", |m| m.as_str()))
        } else {
            whole(c)
        }
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::redact_prose_credentials;

    #[test]
    fn credentials_in_prose_go() {
        for (text, expected) in [
            ("apikey tulipgarden", "apikey [redacted]"),
            ("DB_PASSWORD is Tulipgarden42", "DB_PASSWORD is [redacted]"),
            (
                "app[812]: Setting API_TOKEN to Tulipgarden42.",
                "app[812]: Setting API_TOKEN to [redacted].",
            ),
            ("user bob, pass tulipgarden", "user bob, pass [redacted]"),
            ("login: bob / tulipgarden", "login: bob / [redacted]"),
            ("creds are bob/tulipgarden", "creds are bob/[redacted]"),
            ("login with bob:tulipgarden", "login with bob:[redacted]"),
            (
                "the passphrase is correct horse battery staple",
                "the passphrase is [redacted]",
            ),
            (
                "the password is [redacted] garden party",
                "the password is [redacted]",
            ),
            (
                "key = Jf83kdleiw9qPzmn28dkQ7xYb4VcN2mLp0Q",
                "key = [redacted]",
            ),
        ] {
            assert_eq!(redact_prose_credentials(text), expected, "{text}");
        }
    }

    #[test]
    fn sentences_and_readings_stay() {
        for text in [
            "DB_PASSWORD is required",
            "DB_PASSWORD is not set",
            "DB_PASSWORD is empty",
            "API_TOKEN was rotated",
            "Setting LOG_LEVEL to debug",
            "Setting DB_PASSWORD to <your-password>",
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
            "apikey missing",
            "token expired",
            "login: ok",
            "user bob, pass ok",
            "pass show tulipgarden",
            "login: bob / 2 attempts",
            "user bob / group staff",
            "the passphrase is too short",
            "the password is correct and accepted",
            "password hash algorithm argon",
            "key = app.kubernetes.io/name",
            "NAME   API KEY   Description",
            "Token  Scope",
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
            "[stdout] 2026-12-05T05:24:01Z tick 3",
            "Dec 05 12:00:01 box systemd[1]: Started Daily apt upgrade and clean activities.",
            "/dev/sda1        50G   20G   28G  42% /",
        ] {
            assert_eq!(redact_prose_credentials(text), text, "{text}");
        }
    }
}

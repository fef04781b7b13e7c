//! The Linux audit log's records of commands (`ausearch`, `/var/log/audit/audit.log`), which
//! hold a command line without writing it as one: `EXECVE` gives each argument in a field of
//! its own (`a0="mysql" a1="-pPASS"`), hex-encoded when it holds a blank, a quote or a control
//! character (`a2=2D7050415353`); `PROCTITLE` gives the whole argument vector in hex, its
//! arguments separated by NUL bytes; sudo's `USER_CMD` gives its command in hex. Each is read
//! back into the command it records and redacted as one; an argument that loses a secret is
//! written back redacted, a hex-encoded one as [`REDACTED`] whole.

use std::sync::LazyLock;

use regex::Captures;

use crate::pattern::Gated;
use serde_json::Value;

use crate::REDACTED;

type Pattern = LazyLock<Option<Gated>>;

fn compile(pattern: &str) -> Option<Gated> {
    crate::pattern::new(pattern).ok()
}

/// One argument of an `EXECVE` record: `a1="-uroot"`, `a2=2D70...` (hex), and as `ausearch -i`
/// interprets them, `a1=-uroot`.
static EXECVE_ARGUMENT: Pattern =
    LazyLock::new(|| compile(r#"\ba[0-9]+=(?:"(?P<quoted>[^"\n]*)"|(?P<bare>[^\s"]+))"#));

/// A field holding a whole command in hex: `proctitle=...` (arguments separated by NUL) and
/// sudo's `cmd=...`.
static HEX_COMMAND: Pattern =
    LazyLock::new(|| compile(r"\b(?P<name>proctitle|cmd)=(?P<hex>(?:[0-9A-F]{2})+)\b"));

/// `text` with the secrets of the audit records in it hidden.
pub(crate) fn redact_audit_records(text: &str) -> String {
    if !text.contains("type=") && !text.contains("msg=audit(") {
        return text.to_owned();
    }
    let (Some(argument), Some(hex_command)) = (EXECVE_ARGUMENT.as_ref(), HEX_COMMAND.as_ref())
    else {
        return REDACTED.to_owned();
    };
    text.split('\n')
        .map(|line| {
            let line = if line.contains("type=EXECVE") {
                redact_execve(line, argument)
            } else {
                line.to_owned()
            };
            let line = hex_command
                .replace_all(&line, |c: &Captures| redact_hex_command(c))
                .into_owned();
            redact_interpreted_command(&line)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An argument as it was written in the record, and what it says.
struct Argument {
    start: usize,
    end: usize,
    hex: bool,
    text: String,
}

/// An `EXECVE` line with its arguments read as one argument vector and redacted as one.
fn redact_execve(line: &str, argument: &Gated) -> String {
    let mut arguments: Vec<Argument> = Vec::new();
    for c in argument.captures_iter(line) {
        let Some(value) = c.name("quoted").or(c.name("bare")) else {
            continue;
        };
        // Unquoted, the record wrote it in hex (`ausearch -i` writes it as text).
        let decoded = c
            .name("bare")
            .filter(|m| {
                m.as_str()
                    .chars()
                    .all(|ch| matches!(ch, '0'..='9' | 'A'..='F'))
            })
            .and_then(|m| decode_hex(m.as_str()));
        arguments.push(Argument {
            start: value.start(),
            end: value.end(),
            hex: decoded.is_some(),
            text: decoded.unwrap_or_else(|| value.as_str().to_owned()),
        });
    }
    if arguments.is_empty() {
        return line.to_owned();
    }
    // The vector as the record's program received it; an argument with blanks is judged as
    // one word (`-pPASS WORD` as `-pPASS_WORD`), and also as a command of its own (`sh -c
    // 'mysql -pPASS'`).
    let judged: Vec<String> = arguments
        .iter()
        .map(|a| a.text.replace(char::is_whitespace, "_"))
        .collect();
    let vector = Value::Array(judged.iter().cloned().map(Value::String).collect());
    let Value::Array(redacted) = crate::redact(&vector) else {
        return line.to_owned();
    };
    let mut out = String::with_capacity(line.len());
    let mut copied = 0;
    for ((argument, judged), after) in arguments.iter().zip(&judged).zip(&redacted) {
        let after = after.as_str().unwrap_or(REDACTED);
        let inner_secret = argument.text.contains(char::is_whitespace)
            && crate::redact::redact_within(&argument.text) != argument.text;
        if after == judged && !inner_secret {
            continue;
        }
        out.push_str(&line[copied..argument.start]);
        if argument.hex || inner_secret || after.contains('"') {
            out.push_str(REDACTED);
        } else {
            out.push_str(after);
        }
        copied = argument.end;
    }
    out.push_str(&line[copied..]);
    out
}

/// A command as `ausearch -i` interprets it, in text (`proctitle=mysql -pPASS`, sudo's
/// `cmd=mysql -pPASS terminal=pts/0`): redacted as a command line, to the next field or the
/// line's end.
fn redact_interpreted_command(line: &str) -> String {
    let Some((name, at)) = ["proctitle=", " cmd="]
        .iter()
        .find_map(|name| line.find(name).map(|at| (*name, at)))
    else {
        return line.to_owned();
    };
    let start = at + name.len();
    if line[start..].starts_with('"')
        || line[start..].chars().next().is_none_or(char::is_whitespace)
    {
        return line.to_owned();
    }
    let end = [" terminal=", " res=", " exe=", "'"]
        .iter()
        .filter_map(|field| line[start..].find(field))
        .min()
        .map_or(line.len(), |n| start + n);
    let command = &line[start..end];
    if command.chars().all(|c| matches!(c, '0'..='9' | 'A'..='F')) {
        return line.to_owned();
    }
    let redacted = crate::redact::redact_within(command);
    if redacted == command {
        return line.to_owned();
    }
    format!("{}{redacted}{}", &line[..start], &line[end..])
}

/// A `proctitle=` or `cmd=` field whose command, decoded, holds a secret: the field's value
/// goes whole.
fn redact_hex_command(c: &Captures) -> String {
    let whole = c.get(0).map_or("", |m| m.as_str());
    let (Some(name), Some(hex)) = (c.name("name"), c.name("hex")) else {
        return whole.to_owned();
    };
    let Some(command) = decode_hex(hex.as_str()) else {
        return whole.to_owned();
    };
    let words: Vec<Value> = command
        .split('\0')
        .filter(|w| !w.is_empty())
        .map(|w| Value::String(w.to_owned()))
        .collect();
    let read = if command.contains('\0') {
        let judged = Value::Array(
            words
                .iter()
                .map(|w| Value::String(w.as_str().unwrap_or("").replace(char::is_whitespace, "_")))
                .collect(),
        );
        crate::redact(&judged) != judged
            || words
                .iter()
                .filter_map(Value::as_str)
                .any(|w| w.contains(char::is_whitespace) && crate::redact::redact_within(w) != w)
    } else {
        crate::redact::redact_within(&command) != command
    };
    if read {
        format!("{}={REDACTED}", name.as_str())
    } else {
        whole.to_owned()
    }
}

/// The text `hex` encodes (two uppercase hex digits a byte), when it is UTF-8.
fn decode_hex(hex: &str) -> Option<String> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn patterns_compile() {
        assert!(super::EXECVE_ARGUMENT.is_some());
        assert!(super::HEX_COMMAND.is_some());
    }
}

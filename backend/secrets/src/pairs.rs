//! Secrets whose name and value are two fields rather than `name=value`: environment entries of
//! Kubernetes, ECS and CI APIs (`- name: DB_PASSWORD` then `value: x`,
//! `{"name": "API_KEY", "value": "x"}`), every value of a Kubernetes Secret's `data` and
//! `stringData` (`DB_URL: cG9zdGdyZXM6Ly9...` names nothing secret, but is one), and the
//! `value` of Terraform's outputs marked `"sensitive": true` (`terraform output -json`).

use std::sync::LazyLock;

use regex::Captures;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::names::is_secret_name;

/// `"name": "DB_PASSWORD", "value": "x"` on one line (JSON printed compactly).
static JSON_PAIR: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?P<head>"(?:name|Name|key|Key)"\s*:\s*"(?P<name>[^"\\]+)"\s*,\s*"(?:value|Value)"\s*:\s*")(?P<secret>(?:[^"\\]|\\.)*)""#,
    )
    .ok()
});

/// Terraform's outputs marked sensitive, printed by `terraform output -json` on one line:
/// `{"sensitive": true, "type": "string", "value": "x"}`.
static SENSITIVE_ONE_LINE: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?P<head>"sensitive"\s*:\s*true\s*,\s*(?:"type"\s*:\s*(?:"[^"\n]*"|\[[^\n]*?\])\s*,\s*)?"value"\s*:\s*)(?P<secret>"(?:[^"\\\n]|\\.)*"|[-0-9.eE+]+|true|false)"#,
    )
    .ok()
});

/// `"value": x` on its own line, below a `"sensitive": true,` line of the same object.
static JSON_VALUE_LINE: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"\A(?P<head>[ \t]*"value"[ \t]*:[ \t]*)(?P<secret>.*?)(?P<comma>,?)[ \t]*\z"#,
    )
    .ok()
});

/// `name: DB_PASSWORD` (also as a list item), the line that names the entry; in the other
/// spellings of the entry's name (`key:`, `Name:`, `variable:`, CloudFormation's
/// `ParameterKey:`), in HCL (`name = "auth.password"`, Helm's `set` and Kubernetes' `env`
/// blocks) and in JSON printed one member a line (`"name": "DB_PASSWORD",`).
static YAML_NAME: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#"\A(?P<indent>[ \t]*(?:-[ \t]+)?)["']?(?P<by>name|Name|keyName|KeyName|key|Key|variable|Variable|ParameterKey|OptionName)["']?"#,
        r#"[ \t]*[:=][ \t]*["']?(?P<name>[A-Za-z0-9_./-]+)["']?,?[ \t]*\z"#,
    ))
    .ok()
});

/// [`YAML_NAME`], for the entries written value first (`valuefirst.rs`).
pub(crate) fn name_line() -> Option<&'static Gated> {
    YAML_NAME.as_ref()
}

/// `value: x`, the line that holds the entry's value (`Value:`, `ParameterValue:`,
/// `value = "x"`, `"value": "x",`).
static YAML_VALUE: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"\A(?P<head>[ \t]*["']?(?:value|Value|ParameterValue)["']?[ \t]*[:=][ \t]*)(?P<secret>\S.*?)(?P<comma>,?)[ \t]*\z"#,
    )
    .ok()
});

/// An entry's name and value in one word of a command line's shorthand (AWS CLI's
/// `ParameterKey=DBPassword,ParameterValue=x`, `Name=DB_PASSWORD,Value=x`, Elastic
/// Beanstalk's `Namespace=...,OptionName=DB_PASSWORD,Value=x`).
static SHORTHAND_PAIR: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#"\b(?:ParameterKey|Name|OptionName|Key)=(?P<name>[^,\s'"]+),(?:[A-Za-z]+=[^,\s'"]*,)*?"#,
        r#"(?P<head>(?:ParameterValue|Value)=)(?P<secret>[^,\s'"]+)"#,
    ))
    .ok()
});

/// The same shorthand with the value first (`ParameterValue=x,ParameterKey=DBPassword`): the
/// AWS CLI reads its members in any order.
static SHORTHAND_REVERSED: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#"\b(?:ParameterValue|Value)=(?P<secret>[^,\s'"]+),(?:[A-Za-z]+=[^,\s'"]*,)*?"#,
        r#"(?:ParameterKey|Name|OptionName|Key)=(?P<name>[^,\s'"]+)"#,
    ))
    .ok()
});

/// A name and its value in two XML elements: a property list's `<key>password</key>` then
/// `<string>x</string>`, .NET settings' `<setting name="Password" ...>` then `<value>x</value>`;
/// a name longer than [`MAX_NAME_CHARS`] names nothing.
static XML_PAIR: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#"(?P<head>(?:<key>(?P<key>[^<\n]+)</key>|<setting\s+name="(?P<setting>[^"\n]+)"[^>\n]*>)\s*"#,
        r#"<(?:string|data|value)>)(?P<secret>[^<]*)(?P<tail></(?:string|data|value)>)"#,
    ))
    .ok()
});

/// The longest name, in characters, that the entries read by name (XML pairs, JSON objects
/// marked by a member) take as naming their value. The patterns leave the bound to the code: a
/// bounded repetition of a Unicode class compiles to one copy of the class per count
/// (`[^"\\]{1,80}` held 0.8 MB of automaton, more than any other pattern), an unbounded one to a
/// loop. The `patterns_stay_small` test keeps every pattern under a budget.
pub(crate) const MAX_NAME_CHARS: usize = 80;

/// `name` is at most [`MAX_NAME_CHARS`] characters long.
pub(crate) fn within_name_bound(name: &str) -> bool {
    name.chars().nth(MAX_NAME_CHARS).is_none()
}

/// Hides the values of shorthand and XML pairs named for a secret.
fn redact_named_pairs(text: &str) -> String {
    let (Some(shorthand), Some(reversed), Some(xml)) = (
        SHORTHAND_PAIR.as_ref(),
        SHORTHAND_REVERSED.as_ref(),
        XML_PAIR.as_ref(),
    ) else {
        return REDACTED.to_owned();
    };
    let hide = |c: &Captures, name: &str| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        let (Some(all), Some(found)) = (c.get(0), c.name("secret")) else {
            return whole.to_owned();
        };
        if !within_name_bound(name)
            || !(is_secret_name(name) || crate::keysettings::holds_own_key(name, secret))
            || secret.trim().is_empty()
            || secret.contains(REDACTED)
        {
            return whole.to_owned();
        }
        let start = found.start() - all.start();
        let end = found.end() - all.start();
        format!("{}{REDACTED}{}", &whole[..start], &whole[end..])
    };
    let text = shorthand.replace_all(text, |c: &Captures| {
        hide(c, c.name("name").map_or("", |m| m.as_str()))
    });
    let text = reversed.replace_all(&text, |c: &Captures| {
        hide(c, c.name("name").map_or("", |m| m.as_str()))
    });
    xml.replace_all(&text, |c: &Captures| {
        let name = c
            .name("key")
            .or(c.name("setting"))
            .map_or("", |m| m.as_str());
        hide(c, name)
    })
    .into_owned()
}

/// The keys that name an entry, as the lines holding them start.
const NAME_KEYS: &[&str] = &[
    "name",
    "Name",
    "key",
    "Key",
    "variable",
    "Variable",
    "ParameterKey",
    "OptionName",
    "keyName",
    "KeyName",
];

/// The members that name a key listed with its value, whatever the name says: Azure's
/// `az storage account keys list` and Cognitive Services' keys (`"keyName": "key1"` then
/// `"value": "..."`).
pub(crate) const KEY_NAME_KEYS: &[&str] = &["keyName", "KeyName"];

/// Runs both passes over `text`.
pub(crate) fn redact_pairs(text: &str) -> String {
    let (Some(json), Some(name_line), Some(value_line)) =
        (JSON_PAIR.as_ref(), YAML_NAME.as_ref(), YAML_VALUE.as_ref())
    else {
        return REDACTED.to_owned();
    };
    let (Some(sensitive), Some(json_value)) =
        (SENSITIVE_ONE_LINE.as_ref(), JSON_VALUE_LINE.as_ref())
    else {
        return REDACTED.to_owned();
    };
    let named = redact_named_pairs(&crate::valuefirst::redact_value_first(text));
    let text = sensitive.replace_all(&named, |c: &Captures| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        // A value redacted in part (`postgres://u:[redacted]@h`) still goes whole.
        if secret.trim_matches('"') == REDACTED || secret == "\"\"" {
            return whole.to_owned();
        }
        let quote = if secret.starts_with('"') { "\"" } else { "" };
        format!(
            "{}{quote}{REDACTED}{quote}",
            c.name("head").map_or("", |m| m.as_str())
        )
    });
    let text = json.replace_all(&text, |c: &Captures| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let name = c.name("name").map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        // A cookie's or a session's id by name (`{"name": "session_id", "value": "..."}` in a
        // HAR file or a cookie export): when the value has a generated token's shape.
        let session = crate::sessions::names_session(name) && crate::sessions::token_shaped(secret);
        // `{"name": "ES_USER", "value": "elastic:PASS"}`: a user variable with its password.
        if !is_secret_name(name)
            && let Some(at) = crate::credpairs::user_variable_password(name, secret)
        {
            return format!(
                "{}{}{REDACTED}\"",
                c.name("head").map_or("", |m| m.as_str()),
                &secret[..at]
            );
        }
        // `{"name": "PUSH_INSTALLATION_KEY", "value": "..."}`: a key by its name and its shape.
        let own_key = crate::keysettings::holds_own_key(name, secret);
        if !(is_secret_name(name) || session || own_key)
            || secret.is_empty()
            || secret.starts_with(REDACTED)
            || (!session && crate::text::entry_value_keeps(name, secret))
        {
            return whole.to_owned();
        }
        format!(
            "{}{}{REDACTED}\"",
            c.name("head").map_or("", |m| m.as_str()),
            crate::credpairs::kept_login_user(name, secret)
        )
    });
    if !text.contains('\n') {
        return text.into_owned();
    }
    let secret_lines = secret_object_lines(&text);
    let mut out = String::with_capacity(text.len());
    // The column of a secret entry's `name:` key and the name, waiting for its `value:`.
    let mut pending: Option<(usize, &str)> = None;
    // The column of a `"sensitive": true,` line, waiting for its object's `"value":`, and
    // the column of a multi-line value being hidden.
    let mut sensitive_at: Option<usize> = None;
    let mut hiding_below: Option<usize> = None;
    // The indentation of a Secret's `data:`/`stringData:` key, and whether it is JSON.
    let mut data: Option<(usize, bool)> = None;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(column) = hiding_below {
            // Inside a sensitive output's list or map value: every line to its closing one.
            if indent > column || trimmed.is_empty() {
                out.push_str(&hide_sensitive_member(line));
                continue;
            }
            hiding_below = None;
        }
        if let Some(column) = sensitive_at {
            if indent == column
                && let Some(c) = json_value.captures(line)
            {
                let head = c.name("head").map_or("", |m| m.as_str());
                let secret = c.name("secret").map_or("", |m| m.as_str());
                let comma = c.name("comma").map_or("", |m| m.as_str());
                sensitive_at = None;
                if secret.trim_matches('"') == REDACTED || matches!(secret, "\"\"" | "null") {
                    out.push_str(line);
                } else if secret == "{" || secret == "[" {
                    hiding_below = Some(indent);
                    out.push_str(line);
                } else if secret.starts_with('"') {
                    out.push_str(&format!("{head}\"{REDACTED}\"{comma}"));
                } else {
                    out.push_str(&format!("{head}{REDACTED}{comma}"));
                }
                continue;
            }
            if !trimmed.is_empty() && indent < column {
                sensitive_at = None;
            }
        }
        if trimmed.trim_end() == "\"sensitive\": true," {
            sensitive_at = Some(indent);
        }
        if let Some((key_indent, json_block)) = data {
            let ends = if json_block {
                trimmed.starts_with('}')
            } else {
                !trimmed.is_empty() && indent <= key_indent
            };
            if ends {
                data = None;
            } else if !trimmed.is_empty() {
                out.push_str(&hide_data_line(line));
                continue;
            }
        }
        if secret_lines.get(i).copied().unwrap_or(false)
            && matches!(
                trimmed.trim_end(),
                "data:" | "stringData:" | "\"data\": {" | "\"stringData\": {"
            )
        {
            data = Some((indent, trimmed.starts_with('"')));
            out.push_str(line);
            continue;
        }
        if let Some((column, name)) = pending {
            if let Some(c) = value_line.captures(line)
                && c.name("head")
                    .map_or(0, |m| m.as_str().len() - m.as_str().trim_start().len())
                    == column
            {
                let head = c.name("head").map_or("", |m| m.as_str());
                let secret = c.name("secret").map_or("", |m| m.as_str());
                let comma = c.name("comma").map_or("", |m| m.as_str());
                let quote = secret.chars().next().filter(|q| matches!(q, '"' | '\''));
                let bare = secret.trim_matches(['"', '\'']);
                // A user variable not named for a secret (`ES_USER`): only its password goes.
                let user_variable =
                    !is_secret_name(name) && name.to_ascii_lowercase().ends_with("_user");
                let user_password = user_variable
                    .then(|| crate::credpairs::user_variable_password(name, bare))
                    .flatten();
                // `name: PUSH_INSTALLATION_KEY` then `value: ...`: a key by its name and its
                // value's shape together.
                let plain_own_key = !is_secret_name(name)
                    && !user_variable
                    && crate::keysettings::names_own_key(name)
                    && !crate::keysettings::holds_own_key(name, bare);
                if (user_variable && user_password.is_none()) || plain_own_key {
                    out.push_str(line);
                } else if let Some(at) = user_password {
                    let q = quote.map_or(String::new(), String::from);
                    out.push_str(&format!("{head}{q}{}{REDACTED}{q}{comma}", &bare[..at]));
                } else if bare.starts_with(REDACTED)
                    || secret.starts_with("valueFrom")
                    || bare.is_empty()
                    || matches!(secret, "null" | "{" | "[")
                    || crate::text::entry_value_keeps(name, bare)
                {
                    out.push_str(line);
                } else if let Some(q) = quote {
                    let kept = crate::credpairs::kept_login_user(name, bare);
                    out.push_str(&format!("{head}{q}{kept}{REDACTED}{q}{comma}"));
                } else {
                    let kept = crate::credpairs::kept_login_user(name, bare);
                    out.push_str(&format!("{head}{kept}{REDACTED}{comma}"));
                }
                pending = None;
                continue;
            }
            if !trimmed.is_empty() && (indent < column || trimmed.starts_with("- ")) {
                pending = None;
            }
        }
        // Most lines name no entry: the pattern runs only on those that may.
        if NAME_KEYS.iter().any(|k| {
            trimmed
                .trim_start_matches("- ")
                .trim_start_matches(['"', '\''])
                .starts_with(k)
        }) && let Some(c) = name_line.captures(line)
            && (c.name("name").is_some_and(|n| {
                is_secret_name(n.as_str())
                    || n.as_str().to_ascii_lowercase().ends_with("_user")
                    || crate::keysettings::names_own_key(n.as_str())
            }) || c
                .name("by")
                .is_some_and(|by| KEY_NAME_KEYS.contains(&by.as_str())))
        {
            pending = c
                .name("indent")
                .map(|m| (m.as_str().len(), c.name("name").map_or("", |n| n.as_str())));
        }
        out.push_str(line);
    }
    out
}

/// A line inside a value Terraform marks sensitive, written over several lines: a map's key
/// stays (`"primary": "[redacted]",`), and so do the brackets and braces that shape it and what
/// an earlier pass hid already; every other value, a string or a scalar, goes.
fn hide_sensitive_member(line: &str) -> String {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let (key, value) = match trimmed.strip_prefix('"') {
        Some(_) => {
            let end = crate::sensitive::json_string_end(trimmed.as_bytes(), 0);
            let after = &trimmed[end..];
            match after.trim_start().strip_prefix(':') {
                Some(value) => {
                    let value = value.trim_start();
                    (&trimmed[..trimmed.len() - value.len()], value)
                }
                None => ("", trimmed),
            }
        }
        None => ("", trimmed),
    };
    let bare = value.trim_end();
    let comma = if bare.ends_with(',') { "," } else { "" };
    let bare = bare.trim_end_matches(',').trim_end();
    let structure = bare.is_empty() || bare.chars().all(|c| matches!(c, '{' | '}' | '[' | ']'));
    if structure || matches!(bare, "null" | "true" | "false") || bare == format!("\"{REDACTED}\"") {
        return line.to_owned();
    }
    if bare.starts_with('"') {
        format!("{indent}{key}\"{REDACTED}\"{comma}")
    } else {
        format!("{indent}{key}{REDACTED}{comma}")
    }
}

/// For each line of `text` (split at `\n`), whether it belongs to a Kubernetes Secret: the
/// object around a `kind: Secret` line, from the nearest line indented less above it to the
/// next one below it, or its whole YAML document (between `---` lines) when it stands at the
/// left margin. A List of several kinds (`kubectl get cm,secret -o yaml`) or a stream of
/// documents hides the data of its Secrets only; a ConfigMap's beside them stays.
fn secret_object_lines(text: &str) -> Vec<bool> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut secret = vec![false; lines.len()];
    let indent = |l: &str| l.len() - l.trim_start().len();
    let blank = |l: &str| l.trim().is_empty();
    for (i, line) in lines.iter().enumerate() {
        if !matches!(
            line.trim(),
            "kind: Secret" | "\"kind\": \"Secret\"," | "\"kind\": \"Secret\""
        ) {
            continue;
        }
        let column = indent(line);
        let above = lines[..i]
            .iter()
            .rposition(|l| !blank(l) && (indent(l) < column || (column == 0 && l.trim() == "---")));
        let start = match above {
            Some(j) if lines[j].trim() == "---" => j + 1,
            Some(j) => j,
            None => 0,
        };
        let end = lines[i + 1..]
            .iter()
            .position(|l| !blank(l) && (indent(l) < column || (column == 0 && l.trim() == "---")))
            .map_or(lines.len(), |k| i + 1 + k);
        for flag in &mut secret[start..end] {
            *flag = true;
        }
    }
    secret
}

/// A line inside a Secret's data: `KEY: value` keeps its key, `"KEY": "value",` its key and
/// punctuation; anything else (a block scalar's line) is hidden whole.
fn hide_data_line(line: &str) -> String {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    if let Some(rest) = trimmed.strip_prefix('"')
        && let Some((key, value)) = rest.split_once("\":")
    {
        if crate::secretdata::public_entry(key, value.trim().trim_end_matches(',')) {
            return line.to_owned();
        }
        let comma = if trimmed.trim_end().ends_with(',') {
            ","
        } else {
            ""
        };
        return format!("{indent}\"{key}\": \"{REDACTED}\"{comma}");
    }
    match trimmed.split_once(':') {
        Some((key, value)) if !key.contains(' ') && !value.trim().is_empty() => {
            if value.trim().starts_with(['|', '>']) || crate::secretdata::public_entry(key, value) {
                line.to_owned()
            } else {
                format!("{indent}{key}: {REDACTED}")
            }
        }
        Some(_) => line.to_owned(),
        None => format!("{indent}{REDACTED}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn patterns_compile() {
        assert!(super::JSON_PAIR.is_some());
        assert!(super::SENSITIVE_ONE_LINE.is_some());
        assert!(super::JSON_VALUE_LINE.is_some());
        assert!(super::YAML_NAME.is_some());
        assert!(super::SHORTHAND_REVERSED.is_some());
        assert!(super::YAML_VALUE.is_some());
        assert!(super::SHORTHAND_PAIR.is_some());
        assert!(super::XML_PAIR.is_some());
    }
}

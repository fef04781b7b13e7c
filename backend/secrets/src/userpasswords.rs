//! Files whose entries are named by a user and hold that user's password, no secret word on the
//! line: Kafka's and ZooKeeper's JAAS files (`user_alice="PASS"` inside a `PlainLoginModule`
//! block), CouchDB's `[admins]` section (`admin = PASS`, or its `-pbkdf2-` hash) and Net-SNMP's
//! persistent `usmUser` lines (the user's localized authentication and privacy keys, in hex).
//! The same names elsewhere stay: a `user_agent = "curl"` outside a JAAS block, an `admin =
//! true` in another section, an engine id of a few bytes.

use crate::REDACTED;

/// `text` with the passwords of user-named entries hidden.
pub(crate) fn redact_user_passwords(text: &str) -> String {
    let jaas = text.contains("LoginModule");
    let couch = text.contains("[admins]");
    let snmp = text.contains("usmUser");
    if !(jaas || couch || snmp) {
        return text.to_owned();
    }
    let mut in_admins = false;
    text.split_inclusive('\n')
        .map(|line| {
            let trimmed = line.trim();
            if trimmed.starts_with('[') && trimmed.ends_with(']') {
                in_admins = trimmed == "[admins]";
                return line.to_owned();
            }
            if jaas && let Some(hidden) = jaas_user(line) {
                return hidden;
            }
            if couch
                && in_admins
                && let Some(hidden) = ini_value(line)
            {
                return hidden;
            }
            if snmp && trimmed.starts_with("usmUser ") {
                return usm_keys(line);
            }
            line.to_owned()
        })
        .collect()
}

/// JAAS' `user_NAME="PASS"`: the password between the quotes.
fn jaas_user(line: &str) -> Option<String> {
    let body = line.trim_start();
    let rest = body.strip_prefix("user_")?;
    let (name, value) = rest.split_once('=')?;
    let value = value.trim_start();
    if name.trim().is_empty() || name.contains(char::is_whitespace) || !value.starts_with('"') {
        return None;
    }
    let close = value[1..].find('"')? + 1;
    if close == 1 || value[1..close].contains(REDACTED) {
        return None;
    }
    let start = line.len() - value.len();
    Some(format!("{}\"{REDACTED}{}", &line[..start], &value[close..]))
}

/// An INI entry's value (`name = value`), hidden.
fn ini_value(line: &str) -> Option<String> {
    let (name, value) = line.split_once('=')?;
    let trimmed = value.trim();
    if name.trim().is_empty()
        || name.trim_start().starts_with([';', '#'])
        || trimmed.is_empty()
        || trimmed.contains(REDACTED)
    {
        return None;
    }
    let lead = &value[..value.len() - value.trim_start().len()];
    let end = &value[value.trim_end().len()..];
    Some(format!("{name}={lead}{REDACTED}{end}"))
}

/// A `usmUser` line with its keys (hex of 16 bytes or more) hidden; its engine id and user
/// names (a few bytes) stay.
fn usm_keys(line: &str) -> String {
    line.split(' ')
        .map(|field| {
            let hex = field.strip_prefix("0x").unwrap_or("");
            if hex.len() >= 32 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
                format!("0x{REDACTED}")
            } else {
                field.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::redact_user_passwords;

    #[test]
    fn passwords_of_user_named_entries_go() {
        for (text, expected) in [
            (
                "KafkaServer {\n  org.apache.kafka.common.security.plain.PlainLoginModule required\n  user_admin=\"tulipgarden\"\n  user_alice=\"alicegarden\";\n};",
                "KafkaServer {\n  org.apache.kafka.common.security.plain.PlainLoginModule required\n  user_admin=\"[redacted]\"\n  user_alice=\"[redacted]\";\n};",
            ),
            (
                "[admins]\nadmin = tulipgarden\nbob = -pbkdf2-abcdef0123456789,0123456789abcdef,10\n[couchdb]\nuuid = 3f9a1c0e",
                "[admins]\nadmin = [redacted]\nbob = [redacted]\n[couchdb]\nuuid = 3f9a1c0e",
            ),
            (
                "usmUser 1 3 0x80001f88 0x626f62 0x626f62 NULL .1.3.6.1.6.3.10.1.1.3 0x0123456789abcdef0123456789abcdef .1.3.6.1.6.3.10.1.2.4 0x0123456789abcdef0123456789abcdef \"\"",
                "usmUser 1 3 0x80001f88 0x626f62 0x626f62 NULL .1.3.6.1.6.3.10.1.1.3 0x[redacted] .1.3.6.1.6.3.10.1.2.4 0x[redacted] \"\"",
            ),
        ] {
            assert_eq!(redact_user_passwords(text), expected, "{text}");
        }
    }

    #[test]
    fn the_same_names_elsewhere_stay() {
        for text in [
            "user_agent = \"curl/8.0\"",
            "[server]\nadmin = true\n[log]\nlevel = info",
            "; [admins] is below\n[couchdb]\nsingle_node = true",
            "rouser bob authpriv",
        ] {
            assert_eq!(redact_user_passwords(text), text, "{text}");
        }
    }
}

//! rclone's configuration (`rclone.conf`, `rclone config show`): a remote's section names its
//! backend (`type = b2`), and some backends keep their secret under a bare `key` (Backblaze
//! B2's application key, Azure's storage account key, Swift's API key) or under a name ending
//! in `_key` or `key_pem` (S3's `sse_customer_key`, SFTP's `key_pem`): no secret word says so,
//! the backend does. Key ids (`account`, `sse_kms_key_id`) and key files' paths (`key_file`)
//! stay; names that do say so (`pass`, `secret_access_key`, `token`) are the assignments'.

use crate::REDACTED;

/// The backends whose `key`-named options carry a secret.
const KEYED_BACKENDS: &[&str] = &["b2", "azureblob", "azurefiles", "swift", "sftp", "s3"];

/// Whether an option of such a backend carries a key: `key`, `*_key`, `key_pem`.
fn key_option(name: &str) -> bool {
    name == "key" || name.ends_with("_key") || name == "key_pem"
}

/// `text` with the keys of rclone's keyed remotes hidden, in its configuration file and in the
/// environment that configures a remote (`RCLONE_CONFIG_B2_KEY=...`).
pub(crate) fn redact_rclone_keys(text: &str) -> String {
    let text = if text.contains("RCLONE_CONFIG_") {
        redact_rclone_environment(text)
    } else {
        text.to_owned()
    };
    if !text.contains("type") || !text.contains('[') {
        return text;
    }
    redact_rclone_sections(&text)
}

/// rclone's remotes configured by environment (`RCLONE_CONFIG_<REMOTE>_<OPTION>=value`, in
/// `env`, `docker inspect`'s `Env`, a compose file): an option named `KEY` or ending in
/// `_KEY` or `_KEY_PEM` is the backend's secret (B2's application key, Azure's account key);
/// `_KEY_ID` and `_KEY_FILE` name a key, and the other secret options' names say so already.
fn redact_rclone_environment(text: &str) -> String {
    const PREFIX: &str = "RCLONE_CONFIG_";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(PREFIX) {
        let name_len = rest[at..]
            .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(rest.len() - at);
        let name = &rest[at..at + name_len];
        let after = &rest[at + name_len..];
        let sep = if after.starts_with('=') {
            1
        } else if after.starts_with(": ") {
            2
        } else {
            0
        };
        out.push_str(&rest[..at + name_len]);
        rest = after;
        let keyed =
            name.len() > PREFIX.len() && (name.ends_with("_KEY") || name.ends_with("_KEY_PEM"));
        if sep == 0 || !keyed {
            continue;
        }
        let value = &after[sep..];
        let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''));
        let body = &value[quote.map_or(0, char::len_utf8)..];
        let len = body
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ','))
            .unwrap_or(body.len());
        if len == 0 || body[..len].contains(REDACTED) || body.starts_with('$') {
            continue;
        }
        out.push_str(&after[..sep]);
        if let Some(q) = quote {
            out.push(q);
        }
        out.push_str(REDACTED);
        rest = &body[len..];
    }
    out.push_str(rest);
    out
}

fn redact_rclone_sections(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut keyed = false;
    for line in text.split('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') && trimmed.ends_with(']') {
            keyed = false;
            out.push(line.to_owned());
            continue;
        }
        let Some((name, value)) = trimmed.split_once('=') else {
            out.push(line.to_owned());
            continue;
        };
        let (name, value) = (name.trim(), value.trim());
        if name == "type" {
            keyed = KEYED_BACKENDS.contains(&value);
        }
        if keyed && key_option(name) && !value.is_empty() && !value.contains(REDACTED) {
            let at = line.find('=').map_or(0, |at| at + 1);
            let gap = &line[at..at + (line[at..].len() - line[at..].trim_start().len())];
            out.push(format!("{}{gap}{REDACTED}", &line[..at]));
            continue;
        }
        out.push(line.to_owned());
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_in_the_environment_go() {
        for (text, expected) in [
            (
                "RCLONE_CONFIG_B2_KEY=tulipgarden",
                "RCLONE_CONFIG_B2_KEY=[redacted]",
            ),
            (
                "\"RCLONE_CONFIG_MY_AZURE_KEY=tulipgarden\",",
                "\"RCLONE_CONFIG_MY_AZURE_KEY=[redacted]\",",
            ),
            (
                "RCLONE_CONFIG_B2_KEY: 'tulipgarden'",
                "RCLONE_CONFIG_B2_KEY: '[redacted]'",
            ),
        ] {
            assert_eq!(redact_rclone_keys(text), expected, "{text}");
        }
        for text in [
            "RCLONE_CONFIG_B2_TYPE=b2",
            "RCLONE_CONFIG_B2_ACCOUNT=0012345abcdef",
            "RCLONE_CONFIG_S3_SSE_KMS_KEY_ID=arn:aws:kms:1",
            "RCLONE_CONFIG_SFTP_KEY_FILE=/root/.ssh/id_ed25519",
            "RCLONE_CONFIG_B2_KEY=$B2_KEY",
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        ] {
            assert_eq!(redact_rclone_keys(text), text, "{text}");
        }
    }

    #[test]
    fn keys_of_keyed_backends_go() {
        assert_eq!(
            redact_rclone_keys(
                "[b2]\ntype = b2\naccount = 000abc\nkey = K000abcdef\n[x]\ntype = local\nkey = a"
            ),
            "[b2]\ntype = b2\naccount = 000abc\nkey = [redacted]\n[x]\ntype = local\nkey = a"
        );
    }
}

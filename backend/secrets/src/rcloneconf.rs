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

/// `text` with the keys of rclone's keyed remotes hidden.
pub(crate) fn redact_rclone_keys(text: &str) -> String {
    if !text.contains("type") || !text.contains('[') {
        return text.to_owned();
    }
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
    fn keys_of_keyed_backends_go() {
        assert_eq!(
            redact_rclone_keys(
                "[b2]\ntype = b2\naccount = 000abc\nkey = K000abcdef\n[x]\ntype = local\nkey = a"
            ),
            "[b2]\ntype = b2\naccount = 000abc\nkey = [redacted]\n[x]\ntype = local\nkey = a"
        );
    }
}

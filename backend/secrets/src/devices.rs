//! Secrets in network devices' configurations as `show running-config`, a backup or a config
//! push prints them (Cisco IOS and ASA, Juniper's `set` form, FortiGate, Arista): a keyword
//! (`password`, `secret`, `community`, `key-string`...), an optional encryption type (`0`, `7`,
//! `ascii-text`, `ENC`), then the secret. Type 7 and Juniper's `$9$` are reversible, type 0 is
//! clear text, so every type goes.

use crate::REDACTED;

/// First words of the configuration lines that carry secrets.
const COMMANDS: &[&str] = &[
    "username",
    "enable",
    "snmp-server",
    "tacacs-server",
    "radius-server",
    "key-string",
    "key",
    "crypto",
    "neighbor",
    "ip",
    "ipv6",
    "ikev1",
    "ikev2",
    "pre-shared-key",
    "wpa-psk",
    "set",
    "server-private",
    "ntp",
    "isis",
    "area-password",
    "domain-password",
    "ppp",
    "standby",
    "vrrp",
    "authentication-key",
    // HSRP's and VRRP's `authentication text X` in an interface's block.
    "authentication",
];

/// Keywords whose value is the secret.
const KEYWORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "key-string",
    "community",
    "pre-shared-key",
    "psksecret",
    "authentication-key",
    "plain-text-password-value",
    "encrypted-password",
    "md5",
    "area-password",
    "domain-password",
    "wpa-psk",
    // VyOS and EdgeOS: `set vpn ipsec ... pre-shared-secret X`, `set interfaces wireguard
    // wg0 private-key 'X'`, `... preshared-key 'X'`.
    "pre-shared-secret",
    "preshared-key",
    "private-key",
];

/// Commands after which a bare `key` is a shared secret (`tacacs-server key X`,
/// `crypto isakmp key X address ...`, a server block's ` key 7 X`); elsewhere `key` names
/// things (a key chain's ` key 1`, a description's words).
const KEY_COMMANDS: &[&str] = &[
    // An ISAKMP keyring's ` pre-shared-key address 0.0.0.0 0.0.0.0 key X`.
    "pre-shared-key",
    "tacacs-server",
    "radius-server",
    "crypto",
    "key",
    "server-private",
];

/// Words between a keyword and its secret: encodings and encryption markers.
const MARKERS: &[&str] = &[
    "ascii",
    "hex",
    "ascii-text",
    "enc",
    "encrypted",
    "unencrypted",
];

/// Words after a keyword that are an algorithm rather than the secret
/// (`ntp authentication-key 1 md5 X`, `snmp-server user u g v3 auth sha X priv aes 128 Y`).
const ALGORITHMS: &[&str] = &[
    "md5", "sha", "sha1", "sha224", "sha256", "sha384", "sha512", "aes", "des", "3des",
];

/// What follows `crypto key` when it manages keys rather than holds one (`crypto key generate
/// rsa modulus 2048`, `crypto key zeroize rsa`).
const KEY_ACTIONS: &[&str] = &["generate", "zeroize", "import", "export", "pubkey-chain"];

/// Keywords whose value is the secret only in SNMPv3 users (`auth sha X`, `priv aes 128 Y`).
const SNMP_KEYWORDS: &[&str] = &["auth", "priv"];

/// Whether `word` is an encryption type or a key's number: one digit (`0`, `5`, `7`, `9`).
fn one_digit(word: &str) -> bool {
    word.len() == 1 && word.starts_with(|ch: char| ch.is_ascii_digit())
}

/// The byte ranges of the secrets on one configuration `line`.
fn line_secrets(line: &str) -> Vec<(usize, usize)> {
    let words: Vec<(usize, &str)> = line
        .split_ascii_whitespace()
        .map(|word| (word.as_ptr() as usize - line.as_ptr() as usize, word))
        .collect();
    let Some((_, first)) = words.first() else {
        return Vec::new();
    };
    // Devices print their configuration in lower case; `Set PASSWORD in ...` is prose.
    let command = (*first).to_owned();
    if !COMMANDS.contains(&command.as_str()) {
        return Vec::new();
    }
    // `set the password policy`, `enable your password ...`: a sentence starting with a
    // command's word. There only a word shaped like a password is one.
    let prose = words[1..]
        .iter()
        .any(|(_, word)| crate::text::prose_determiner(word));
    let mut secrets = Vec::new();
    let mut index = 0;
    while index < words.len() {
        let keyword = words[index].1;
        let shared_key = keyword == "key" && KEY_COMMANDS.contains(&command.as_str());
        let snmp = command == "snmp-server" && SNMP_KEYWORDS.contains(&keyword);
        // HSRP's and VRRP's clear-text key (`standby 1 authentication text X`, `vrrp 1
        // authentication text X`); `authentication md5 key-string X` names its keyword below.
        let text_key = keyword == "authentication"
            && words
                .get(index + 1)
                .is_some_and(|(_, next)| *next == "text");
        // `snmp-server host A [traps|informs] version 2c COMMUNITY`: the community is the
        // operand after the version.
        let host_community = command == "snmp-server"
            && keyword == "version"
            && words.get(1).is_some_and(|(_, second)| *second == "host");
        // Settings written with hyphens and named for a secret (FortiGate's `set auth-password
        // X`, `set radius-secret X`), beyond the keywords listed.
        let named = keyword.contains('-')
            && keyword.starts_with(|c: char| c.is_ascii_lowercase())
            && crate::names::is_secret_name(keyword);
        // NHRP's `ip nhrp authentication X`: the key right after the keyword.
        let nhrp_key = keyword == "authentication"
            && index > 0
            && words
                .get(index - 1)
                .is_some_and(|(_, before)| *before == "nhrp");
        if text_key || host_community || nhrp_key {
            let at = if nhrp_key { index + 1 } else { index + 2 };
            if let Some((start, secret)) = words.get(at)
                && !secret.contains(REDACTED)
                && !matches!(*secret, "auth" | "noauth" | "priv")
            {
                secrets.push((*start, start + secret.len()));
            }
            index = at + 1;
            continue;
        }
        if !KEYWORDS.contains(&keyword) && !shared_key && !snmp && !named {
            index += 1;
            continue;
        }
        // A keyring's `pre-shared-key address A M key X`: the secret follows `key`.
        if keyword == "pre-shared-key"
            && words
                .get(index + 1)
                .is_some_and(|(_, next)| matches!(*next, "address" | "hostname"))
        {
            index += 1;
            continue;
        }
        // Markers, algorithms (and their key sizes), an encryption type: then the secret.
        let mut at = index + 1;
        let mut typed = false;
        let mut after_algorithm = keyword == "md5";
        while let Some((_, word)) = words.get(at) {
            let lower = word.to_ascii_lowercase();
            let has_next = at + 1 < words.len();
            if MARKERS.contains(&lower.as_str()) || ALGORITHMS.contains(&lower.as_str()) {
                after_algorithm = ALGORITHMS.contains(&lower.as_str());
            } else if has_next
                && (one_digit(word)
                    || (after_algorithm && word.chars().all(|ch| ch.is_ascii_digit())))
            {
                typed = true;
                after_algorithm = false;
            } else {
                break;
            }
            at += 1;
        }
        let Some((start, secret)) = words.get(at) else {
            break;
        };
        // `authentication md5 key-string 7 X`: another keyword follows the algorithm and holds
        // the secret; `md5 key-chain NAME` names a key chain.
        if KEYWORDS.contains(secret) {
            index = at;
            continue;
        }
        if *secret == "key-chain" {
            index = at + 2;
            continue;
        }
        // A key chain's ` key 1` and `key chain NAME`: a bare `key` at a line start is a
        // secret only after its encryption type (` key 7 X` in a server block).
        let numbered_key = command == "key" && index == 0 && !typed;
        let number = !typed && secret.chars().all(|ch| ch.is_ascii_digit());
        // SQL's `SET PASSWORD FOR 'bob' = ...` and words of a sentence: not the secret.
        let word = !typed
            && (matches!(*secret, "=" | "for" | "to")
                || crate::text::SENTENCE_WORDS.contains(&secret.to_lowercase().as_str()));
        // `private-key /config/auth/wg.key`: a file's path names where the key is.
        let path = keyword == "private-key" && secret.trim_matches(['\'', '"']).starts_with('/');
        // `password policy`, `secret rotation`: what secrets have, not one; in a sentence,
        // any word that is not shaped like a password.
        let bare = secret.trim_end_matches(['.', ',', '!', '?', ';', ':', '`', ')', '"', '\'']);
        let noun = !typed
            && !crate::queried::password_shaped(bare)
            && (prose || crate::text::prose_noun(bare) || KEY_ACTIONS.contains(&bare));
        if numbered_key || number || word || noun || path || secret.contains(REDACTED) {
            index = at + 1;
            continue;
        }
        let quoted = |q: char| secret.len() > 1 && secret.starts_with(q) && secret.ends_with(q);
        let (open, close) = if quoted('"') || quoted('\'') {
            (1, 1)
        } else {
            (0, 0)
        };
        secrets.push((start + open, start + secret.len() - close));
        index = at + 1;
    }
    secrets
}

/// `text` with the secrets of its network device configuration lines replaced.
pub(crate) fn redact_device_config(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let secrets = line_secrets(line);
        let mut last = 0;
        for (start, end) in secrets {
            out.push_str(&line[last..start]);
            out.push_str(REDACTED);
            last = end;
        }
        out.push_str(&line[last..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redact_device_config as redact;

    #[test]
    fn secrets_after_their_keyword_and_type_go() {
        assert_eq!(
            redact("username admin privilege 15 password 0 Sup3r\n"),
            "username admin privilege 15 password 0 [redacted]\n"
        );
        assert_eq!(redact(" key 7 0822455D0A16"), " key 7 [redacted]");
        assert_eq!(
            redact("ntp authentication-key 1 md5 Sup3r 7"),
            "ntp authentication-key 1 md5 [redacted] 7"
        );
        assert_eq!(
            redact("snmp-server user u g v3 auth sha AuthP4ss priv aes 128 PrivP4ss"),
            "snmp-server user u g v3 auth sha [redacted] priv aes 128 [redacted]"
        );
        assert_eq!(
            redact(" standby 1 authentication text Hsrp1Key"),
            " standby 1 authentication text [redacted]"
        );
        assert_eq!(
            redact(" standby 1 authentication md5 key-string 7 0822455D0A16"),
            " standby 1 authentication md5 key-string 7 [redacted]"
        );
        assert_eq!(
            redact(" ip nhrp authentication NhrpK3y"),
            " ip nhrp authentication [redacted]"
        );
        assert_eq!(
            redact("snmp-server host 10.0.0.1 informs version 2c C0mmun1ty"),
            "snmp-server host 10.0.0.1 informs version 2c [redacted]"
        );
        assert_eq!(
            redact("    set auth-password Forti9Pass"),
            "    set auth-password [redacted]"
        );
        assert_eq!(
            redact("set security ike policy p pre-shared-key ascii-text \"$9$abc\""),
            "set security ike policy p pre-shared-key ascii-text \"[redacted]\""
        );
    }

    #[test]
    fn numbers_and_other_lines_stay() {
        for line in [
            " key 1",
            "key chain OSPF",
            "snmp-server enable traps",
            "set interfaces ge-0/0/0 description \"key server\"",
            " standby 1 authentication md5 key-chain HSRP",
            "snmp-server host 10.0.0.1 version 3 auth admin",
            " ip ospf authentication message-digest",
            "password required",
            "echo password 0 x",
        ] {
            assert_eq!(redact(line), line);
        }
    }
}

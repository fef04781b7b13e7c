//! Private keys of 32 bytes written in hexadecimal (`0x` and 64 digits, or the 64 digits alone),
//! as Ethereum, Substrate and other wallets export them: `PK=0x...`, `Private key (hex): ...`,
//! `new ethers.Wallet("0x...")`, Hardhat's `accounts: ["0x..."]`, and the list Anvil and
//! Ganache print under `Private Keys`. The same shape is a SHA-256 digest, a block's or a
//! transaction's hash, a container's id or a public key, so such a word goes only where the
//! words before it on its line name a private key and none names a digest or a public value,
//! or under a heading that names private keys. A `0x` key alone on its line (what wallets'
//! export commands print) goes too, unless the line before it names a digest or a public value
//! or is a command printing one (`cast keccak`, `cast send --async`).

use crate::REDACTED;
use crate::names::parts;

/// Words before a key on its line that say it is private (`Private key:`, `PRIVKEY=`,
/// `DEPLOYER_KEY=`, `--pk`, `Secret seed:`, `from_key(`, `ethers.Wallet(`, Hardhat's
/// `accounts:`).
const PRIVATE_WORDS: &[&str] = &[
    "private",
    "priv",
    "privkey",
    "privatekey",
    "secret",
    "secretkey",
    "sk",
    "pk",
    "key",
    "seed",
    "wallet",
    "signer",
    "accounts",
];

/// Words that make a 64-digit word public or a digest whatever else the line says
/// (`Public key (hex):`, `blockHash`, `sha256:`, `cache key:`, `Account ID:`).
const PUBLIC_WORDS: &[&str] = &[
    "public",
    "pub",
    "pubkey",
    "publickey",
    "hash",
    "digest",
    "checksum",
    "sha256",
    "sha3",
    "keccak",
    "keccak256",
    "cache",
    "id",
    "address",
    "addr",
    "commit",
    "block",
    "blockhash",
    "tx",
    "txhash",
    "txid",
    "transaction",
    "root",
    "image",
    "container",
    "layer",
    "blob",
    "fingerprint",
    "merkle",
    "nonce",
    "salt",
    "signature",
    // `Secret name: ...`: what names a secret, not the secret.
    "name",
    "label",
];

/// Tailscale's typed keys in hexadecimal (`tailscale debug`, `tailscale lock`, a node's JSON):
/// the prefix says which half of the pair follows. The private halves go wherever they are
/// printed; the public ones (`nodekey:`, `discokey:`, `mkey:`, `nlpub:`) stay whatever the line
/// says around them.
const TAILSCALE_PRIVATE: &[&str] = &["privkey", "nlpriv", "chalpriv", "discopriv", "nodepriv"];

/// Tailscale's public key prefixes (see [`TAILSCALE_PRIVATE`]).
const TAILSCALE_PUBLIC: &[&str] = &["nodekey", "discokey", "mkey", "nlpub", "chalpub", "tlpub"];

/// Whether the key after `before` is private (`Some(true)`) or public (`Some(false)`) by
/// Tailscale's prefix right before it (`nlpriv:`), or `None` without one.
fn tailscale_private(before: &str) -> Option<bool> {
    let prefix = before.strip_suffix(':')?;
    let start = prefix
        .rfind(|c: char| !c.is_ascii_alphanumeric())
        .map_or(0, |i| i + 1);
    let word = prefix[start..].to_ascii_lowercase();
    if TAILSCALE_PRIVATE.contains(&word.as_str()) {
        Some(true)
    } else if TAILSCALE_PUBLIC.contains(&word.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// Whether `value` is a public key by its own prefix, whatever the label before it says (a
/// label can be wrong, a prefix is the format's): Tailscale's public halves (`nodekey:`,
/// `discokey:`, `mkey:`, `nlpub:`... then hexadecimal), an SSH public key (`ssh-ed25519
/// AAAA...`, `ecdsa-sha2-nistp256 AAAA...`), an age recipient (`age1` then bech32).
pub(crate) fn public_typed_key(value: &str) -> bool {
    let value = value.trim_matches(['"', '\'']);
    let tailscale = value.split_once(':').is_some_and(|(prefix, key)| {
        TAILSCALE_PUBLIC.contains(&prefix)
            && key.len() >= 32
            && key.chars().all(|c| c.is_ascii_hexdigit())
    });
    // The type's name alone, as a pass reading one word sees it, or with its blob.
    let (kind, blob) = value.split_once(' ').unwrap_or((value, "AAAA"));
    let ssh = matches!(
        kind,
        "ssh-ed25519"
            | "ssh-rsa"
            | "ssh-dss"
            | "ecdsa-sha2-nistp256"
            | "ecdsa-sha2-nistp384"
            | "ecdsa-sha2-nistp521"
            | "sk-ssh-ed25519@openssh.com"
            | "sk-ecdsa-sha2-nistp256@openssh.com"
    ) && blob.starts_with("AAAA");
    let age = value.strip_prefix("age1").is_some_and(|key| {
        key.len() == 58
            && key
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
    });
    tailscale || ssh || age
}

/// Words of a command whose output is a 32-byte digest, a hash or a word of data rather than a
/// key (Foundry's `cast storage`, `cast abi-encode`, `cast send --async`, `cast to-uint256`).
const DATA_COMMAND_WORDS: &[&str] = &[
    "storage", "index", "abi", "encode", "calldata", "send", "publish", "receipt", "call", "rpc",
    "namehash", "sig", "uint256", "int256", "bytes32", "create2", "async",
];

/// Where `line` holds a `0x` key alone (blanks, quotes and a comma around it).
fn lone_key(line: &str) -> Option<usize> {
    let word = line.trim().trim_matches(['"', '\'', ',']);
    (word.starts_with("0x") && hex_key(word)).then(|| line.find(word).unwrap_or(0))
}

/// Whether the line before a lone key says what it prints is not a key: it names a digest or
/// a public value (`Transaction hash:`, `$ cast keccak hello`) or is a command printing data.
fn announces_data(before: &str) -> bool {
    parts(before)
        .iter()
        .any(|w| PUBLIC_WORDS.contains(&w.as_str()) || DATA_COMMAND_WORDS.contains(&w.as_str()))
}

/// Whether `word` (a whole run of ASCII letters and digits) is a 32-byte key in hexadecimal:
/// 64 digits, `0x` before them or not.
fn hex_key(word: &str) -> bool {
    let digits = word.strip_prefix("0x").unwrap_or(word);
    digits.len() == 64 && digits.chars().all(|c| c.is_ascii_hexdigit())
}

/// Whether the words before a key on its line name a private key and none a public value.
fn names_private(before: &str) -> bool {
    let words = parts(before);
    words.iter().any(|w| PRIVATE_WORDS.contains(&w.as_str()))
        && !words.iter().any(|w| PUBLIC_WORDS.contains(&w.as_str()))
}

/// A heading naming private keys, alone on its line (`Private Keys`, `private keys:`).
fn private_heading(line: &str) -> bool {
    let words = parts(line);
    words.len() == 2
        && words[0] == "private"
        && matches!(words[1].as_str(), "keys" | "key")
        && !line.contains(|c: char| c.is_ascii_digit())
}

/// A line that only underlines a heading or separates sections (`=====`, `-----`) or is blank.
fn rule_or_blank(line: &str) -> bool {
    line.trim().chars().all(|c| matches!(c, '=' | '-' | '*'))
}

/// `line` with each hexadecimal key hidden whose preceding words name it private, or every
/// such key when `listed` (under a heading naming private keys).
fn redact_line(line: &str, listed: bool) -> (String, bool) {
    let mut out = String::with_capacity(line.len());
    let mut found = false;
    let mut start = 0;
    let mut copied = 0;
    let bytes = line.as_bytes();
    while start < bytes.len() {
        if !bytes[start].is_ascii_alphanumeric() {
            start += 1;
            continue;
        }
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |n| start + n);
        let word = &line[start..end];
        let before = &line[..start];
        let typed = (!word.starts_with("0x"))
            .then(|| tailscale_private(before))
            .flatten();
        if hex_key(word) && typed.unwrap_or_else(|| listed || names_private(before)) {
            found = true;
            out.push_str(&line[copied..start]);
            out.push_str(REDACTED);
            copied = end;
        }
        start = end;
    }
    out.push_str(&line[copied..]);
    (out, found)
}

/// `text` with its private keys in hexadecimal hidden.
pub(crate) fn redact_hex_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Under a `Private Keys` heading: the list runs until a line holding no key.
    let mut listed = false;
    // The last line holding something, which says what a lone key below it is.
    let mut before = "";
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if private_heading(line) {
            listed = true;
            out.push_str(line);
            before = line;
            continue;
        }
        if let Some(at) = lone_key(line)
            && !listed
            && !announces_data(before)
        {
            out.push_str(&line[..at]);
            out.push_str(REDACTED);
            out.push_str(&line[at + 66..]);
            continue;
        }
        if !line.trim().is_empty() {
            before = line;
        }
        let (redacted, found) = redact_line(line, listed);
        if listed && !found && !rule_or_blank(line) {
            listed = false;
        }
        out.push_str(&redacted);
    }
    out
}

/// Whether `text` may hold a key in hexadecimal at all (64 hexadecimal digits in a row), so
/// most texts skip the pass.
pub(crate) fn may_hold_hex_key(text: &str) -> bool {
    let mut run = 0;
    for b in text.bytes() {
        if b.is_ascii_hexdigit() {
            run += 1;
            if run >= 64 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::redact_hex_keys as redact;

    const KEY: &str = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcc0d08d6b1a4c4a7f";

    #[test]
    fn keys_named_private_or_listed_go() {
        assert_eq!(redact(&format!("PK=0x{KEY}")), "PK=[redacted]");
        assert_eq!(
            redact(&format!(
                "Private Keys\n=====\n\n(0) 0x{KEY}\n(1) 0x{KEY}\n\nWallet"
            )),
            "Private Keys\n=====\n\n(0) [redacted]\n(1) [redacted]\n\nWallet"
        );
        assert_eq!(redact(&format!("0x{KEY}")), "[redacted]");
        assert_eq!(redact(&format!("nlpriv:{KEY}")), "nlpriv:[redacted]");
        assert_eq!(
            redact(&format!("node: privkey:{KEY} nodekey:{KEY}")),
            format!("node: privkey:[redacted] nodekey:{KEY}")
        );
        assert_eq!(
            redact(&format!("Exported:\n  \"0x{KEY}\"\n")),
            "Exported:\n  \"[redacted]\"\n"
        );
    }

    #[test]
    fn digests_and_public_values_stay() {
        for text in [
            format!("blockHash 0x{KEY}"),
            format!("Public key (hex): 0x{KEY}"),
            format!("Transaction hash:\n0x{KEY}"),
            format!("$ cast keccak hello\n0x{KEY}"),
            format!("$ cast send --async 0xabc 'f()'\n\n0x{KEY}"),
            KEY.to_owned(),
            format!("cache key: {KEY}"),
            format!("key 0x{KEY}00"),
            format!("Secret name: {KEY}"),
            format!("Node key: nodekey:{KEY}"),
            format!("private discokey:{KEY} mkey:{KEY}"),
            format!("Tailnet lock key: nlpub:{KEY}"),
        ] {
            assert_eq!(redact(&text), text);
        }
    }
}

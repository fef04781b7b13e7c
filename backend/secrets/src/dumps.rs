//! Private keys printed as their numbers, as `openssl rsa|pkey|ec|dsa|genpkey -text` prints
//! them: under a label naming a private part (`privateExponent:`, `prime1:`, `coefficient:`,
//! `priv:`, `private-key:`), lines of hexadecimal bytes (`    4c:2e:1a:...`). Each such line
//! goes; the labels, the public parts (`modulus:`, `pub:`, `publicExponent:`) and the key's
//! size (`Private-Key: (2048 bit, 2 primes)`) stay.

use crate::REDACTED;

/// Labels of the private numbers of RSA, DSA, DH, EC and EdDSA keys.
const PRIVATE_LABELS: &[&str] = &[
    "privateexponent:",
    "prime1:",
    "prime2:",
    "exponent1:",
    "exponent2:",
    "coefficient:",
    "priv:",
    "private-key:",
    "private key:",
];

/// A line of a hexadecimal dump: bytes as two hex digits joined by `:`.
fn hex_bytes(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.split(':').filter(|b| !b.is_empty()).count() >= 2
        && t.split(':')
            .all(|b| b.is_empty() || (b.len() == 2 && b.chars().all(|c| c.is_ascii_hexdigit())))
}

/// `text` with the hexadecimal lines of every private number hidden.
pub(crate) fn redact_key_dumps(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut private = false;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim();
        if private && hex_bytes(line) {
            out.push_str(&line[..line.len() - line.trim_start().len()]);
            out.push_str(REDACTED);
            continue;
        }
        // An RSA private number printed on its line when short (`prime1: 61 (0x3d)`) is
        // left to its label; the dump below a label is what `-text` prints for real keys.
        private = PRIVATE_LABELS.contains(&trimmed.to_ascii_lowercase().as_str());
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redact_key_dumps as redact;

    #[test]
    fn private_numbers_go_public_ones_stay() {
        let dump =
            "Private-Key: (256 bit)\npriv:\n    4c:2e:1a:99:\n    66:77\npub:\n    04:aa:bb:cc";
        assert_eq!(
            redact(dump),
            "Private-Key: (256 bit)\npriv:\n    [redacted]\n    [redacted]\npub:\n    04:aa:bb:cc"
        );
        let public = "modulus:\n    00:c3:a1:ff\npublicExponent: 65537 (0x10001)";
        assert_eq!(redact(public), public);
    }
}

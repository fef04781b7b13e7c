//! A text that is one value alone, with nothing beside it to name it: what `cat` prints of a
//! key or token file (`authtoken.secret`, `wg genkey > privatekey`, `openssl rand -base64 32 >
//! jwt.secret`), a secret's data decoded one value at a time (`kubectl get secret -o
//! jsonpath='{.data.password}'` prints `aHVudGVyMg==`). Such a text goes whole when it has a
//! generated secret's shape: random letters of both cases with digits, or base64 of printable
//! text. Hex alone stays (`docker run -d` prints a container's id, `git rev-parse HEAD` a commit,
//! `/etc/machine-id` an id), and so do words, names, versions, paths and numbers.

/// Whether `text`, its blanks around dropped, is one secret value alone.
pub(crate) fn lone_secret(text: &str) -> bool {
    let value = text.trim();
    !value.is_empty()
        && value.len() <= 512
        && !value.contains(char::is_whitespace)
        && (random_shaped(value) || lower_random(value) || encoded_text(value))
}

/// Random small letters with digits, 20 to 64 of them, changing between letters and digits at
/// least every fourth character (ZeroTier's `authtoken.secret`, `k3v9q2m8x7p1z5r4t6w0y8ab`;
/// `tr -dc a-z0-9 </dev/urandom | head -c 32`). Hex stays (ids, digests), so do 25
/// characters: Docker Swarm's ids of services, nodes, secrets and configs, which `docker
/// service create -d` and `docker secret create` print alone (`ooq2rmnf8ir7a8ilqkdmqnd0z`).
/// Bech32 addresses (`bc1q...`) are public.
fn lower_random(value: &str) -> bool {
    let count = |f: fn(&char) -> bool| value.chars().filter(f).count();
    let changes = value
        .as_bytes()
        .windows(2)
        .filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit())
        .count();
    (20..=64).contains(&value.len())
        && value.len() != 25
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && !value.chars().all(|c| c.is_ascii_hexdigit())
        && !value.starts_with("bc1")
        && !value.starts_with("tb1")
        && count(char::is_ascii_lowercase) >= 4
        && count(char::is_ascii_digit) >= 4
        && changes * 4 >= value.len()
}

/// Random letters of both cases with digits, in base64's or base64url's alphabet, 20 to 64
/// characters (what `wg genkey`, `openssl rand -base64 32` to `48` and services' generated
/// tokens write; longer runs are judged by the passes that know their shapes), changing between capitals, small letters and digits at least every third character
/// (`yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=`); an identifier of words and numbers
/// (`MyService2024Production`) changes far less often.
pub(crate) fn random_shaped(value: &str) -> bool {
    // `=` only as base64's padding: `NAME=value` is an assignment, which other passes judge.
    let unpadded = value.trim_end_matches('=');
    let alphabet = value.len() - unpadded.len() <= 2
        && unpadded
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '_' | '-'));
    let count = |f: fn(&char) -> bool| value.chars().filter(f).count();
    let class = |c: char| {
        if c.is_ascii_uppercase() {
            0
        } else if c.is_ascii_lowercase() {
            1
        } else if c.is_ascii_digit() {
            2
        } else {
            3
        }
    };
    let classes: Vec<u8> = value.chars().map(class).collect();
    let changes = classes.windows(2).filter(|w| w[0] != w[1]).count();
    (20..=64).contains(&value.len())
        && alphabet
        && !value.starts_with('/')
        && count(char::is_ascii_uppercase) >= 3
        && count(char::is_ascii_lowercase) >= 3
        && count(char::is_ascii_digit) >= 2
        && changes * 3 >= value.len()
        && !public_shape(unpadded)
}

/// Public values of a random look: a certificate's or a public key's DER in base64 (`MII...`;
/// private keys' DER is a token shape of `text.rs`), base64 of text with blanks or lines (a PEM's, a sentence's,
/// `LS0tLS1CRUdJTi...`), IPFS' content ids (`Qm` and 44 characters of base58) and Bitcoin's
/// addresses (`1...`, `3...` in base58; secret keys in base58 are token shapes).
fn public_shape(unpadded: &str) -> bool {
    let base58 = unpadded
        .chars()
        .all(|c| c.is_ascii_alphanumeric() && !matches!(c, '0' | 'O' | 'I' | 'l'));
    let lines_of_text = crate::base64::decode_unpadded(unpadded).is_some_and(|bytes| {
        bytes.iter().any(|b| matches!(b, b' ' | b'\n'))
            && bytes
                .iter()
                .all(|b| (0x20..0x7f).contains(b) || matches!(b, b'\n' | b'\r' | b'\t'))
    });
    let content_id = base58 && unpadded.len() == 46 && unpadded.starts_with("Qm");
    let address = base58 && (26..=35).contains(&unpadded.len()) && unpadded.starts_with(['1', '3']);
    // Hex in either case, with or without `0x` (an Ethereum address' checksummed case,
    // `0x742d35Cc...`): ids and digests, as lower-case hex is.
    let hex = unpadded
        .strip_prefix("0x")
        .unwrap_or(unpadded)
        .chars()
        .all(|c| c.is_ascii_hexdigit());
    unpadded.starts_with("MI") || content_id || address || lines_of_text || hex
}

/// Base64 of one printable line of 4 to 64 characters, whole groups of four (`aHVudGVyMg==`,
/// `c3VwZXJzZWNyZXQ=`, a passphrase of words `Y29ycmVjdCBob3JzZSBiYXR0ZXJ5IHN0YXBsZQ==`, one
/// newline after it as `echo PASS | base64` writes): a secret's data read one value at a time.
/// Words and names do not decode to text. Several lines (a PEM's, a file's) or a longer text
/// (a message) are text, not a value, and so is a sentence (`this is just some text`): function
/// words or a full stop, which generated passphrases (`correct horse battery staple`) lack.
pub(crate) fn encoded_text(value: &str) -> bool {
    let body = value.trim_end_matches('=');
    value.len() >= 8
        && value.len().is_multiple_of(4)
        && value.len() - body.len() <= 2
        && crate::base64::decode_unpadded(body).is_some_and(|bytes| {
            let line = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
            (4..=64).contains(&line.len())
                && line.iter().all(|b| (0x20..0x7f).contains(b))
                && line.first() != Some(&b' ')
                && line.last() != Some(&b' ')
                && !sentence(&String::from_utf8_lossy(line))
        })
}

/// Words that make a line of words a sentence rather than a passphrase.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "was", "were", "be", "this", "that", "these", "some", "of",
    "to", "in", "on", "at", "with", "without", "and", "or", "for", "it", "not", "no", "just", "i",
    "you", "we", "my", "your", "has", "have", "will", "can",
];

/// Whether a decoded line with blanks reads as prose: a function word in it, a sentence's
/// sign at its end, or fewer than three words (`hello world`, `foo bar`: examples, where a
/// passphrase has three words or more).
fn sentence(line: &str) -> bool {
    line.contains(' ')
        && (line.ends_with(['.', '!', '?'])
            || line.split(' ').filter(|w| !w.is_empty()).count() < 3
            || line
                .split(' ')
                .any(|w| FUNCTION_WORDS.contains(&w.to_ascii_lowercase().as_str())))
}

#[cfg(test)]
mod tests {
    use super::lone_secret;

    #[test]
    fn generated_values_alone_go() {
        for text in [
            "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n",
            "2tYxyEDmoa8sVqnQ6nB0Y2hd0kz_7nXAEHUmJ3sPcbMLq2gN",
            "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5",
            "aHVudGVyMg==",
            "c3VwZXJzZWNyZXQ=",
            // A passphrase of words, with and without `echo`'s newline.
            "Y29ycmVjdCBob3JzZSBiYXR0ZXJ5IHN0YXBsZQ==",
            "Y29ycmVjdCBob3JzZSBiYXR0ZXJ5IHN0YXBsZQo=",
            "  Kx9mP2vLq8RtY4wZ7nB3  ",
            // ZeroTier's `authtoken.secret`, a token of small letters and digits.
            "k3v9q2m8x7p1z5r4t6w0y8ab\n",
            "q8w2e7r4t1y9u3i6o0p5a2s8d4f7g1h3",
        ] {
            assert!(lone_secret(text), "{text}");
        }
    }

    #[test]
    fn ids_words_and_readings_stay() {
        for text in [
            // `docker run -d`, `git rev-parse HEAD`, `/etc/machine-id`.
            "3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a",
            "3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a",
            "0123456789abcdef0123456789abcdef",
            "MyService2024Production",
            "web-7d9f8b6c5-x2k4p",
            "6.1.0-18-amd64",
            "box-01",
            "running",
            "password",
            "/usr/local/bin/node",
            "1733376241",
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "sha256:3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a",
            "abcdefgh",
            // Swarm's ids (25 characters), a Bech32 address, names with numbers.
            "ooq2rmnf8ir7a8ilqkdmqnd0z",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            "backup2024december01",
            "ubuntu2204server",
            "node01rack02datacenter03",
            "[stdout] 2026-12-05T05:24:01Z tick 3",
            "",
            "AKIAIOSFODNN7EXAMPLE is a key id",
            // An assignment, a certificate's DER, an IPFS id, a PEM in base64.
            "VAULT_SECRET_ID=6a174c20-f6de",
            "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ",
            "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
            "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUI=",
            "0x742d35Cc6634C0532925a3b844Bc454e4438f44e",
            "dGhpcyBpcyBqdXN0IHNvbWUgcGxhaW4gdGV4dCB3aXRob3V0IHNlY3JldHM=",
            // `hello world`, `foo bar`: two words.
            "aGVsbG8gd29ybGQ=",
            "Zm9vIGJhcg==",
            // A longer message, encoded.
            "dGhpcyBpcyBqdXN0IHNvbWUgcGxhaW4gdGV4dCB3aXRob3V0IHNlY3JldHMsIGxvbmcgZW5vdWdoIHRvIGJlIGEgbWVzc2FnZQ==",
        ] {
            assert!(!lone_secret(text), "{text}");
        }
    }
}

//! A Kubernetes Secret's `data` printed alone, without its command line or its `kind: Secret`:
//! `kubectl get secret db -o jsonpath='{.data}'` prints `{"api":"c2VjcmV0","tls.key":"LS0t..."}`
//! (piped to `jq`, the same object over several lines), and `-o go-template='{{.data}}'` or an
//! older kubectl print `map[api:c2VjcmV0 tls.key:LS0t...]`. Nothing in such a map says its
//! entries are secrets but its shape: keys as a Secret's are spelled, and every value base64
//! (padded, as the API writes it) of printable text or of key material. Ordinary maps are not
//! so shaped: a ConfigMap's or a label's values are plain words (`info`, `8080`, `prod`), whose
//! decoding is no text, and digests are hexadecimal. Such a map's values go, its keys stay, and
//! so do its public entries (a CA certificate, a namespace: `secretdata.rs`).

use serde_json::Map;
use serde_json::Value;

use crate::REDACTED;

/// Hides the values of every Secret-shaped map in `text` (see the module's documentation).
pub(crate) fn redact_secret_maps(text: &str) -> String {
    if let Some(hidden) = line_map(text) {
        return hidden;
    }
    let json = text.contains('{') && text.contains('"');
    if !json && !text.contains("map[") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = text[at..].find(['{', 'm']).map(|i| at + i) {
        let parsed = if text.as_bytes()[found] == b'{' {
            json_map(text, found)
        } else if text[found..].starts_with("map[")
            && !text[..found].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        {
            go_map(text, found)
        } else {
            None
        };
        let Some((end, entries)) = parsed else {
            at = found + 1;
            continue;
        };
        // etcd's entry (`{"key": "L2FwcC9kYi9ob3N0", "value": "..."}`): its decoded key
        // decides (`keylines.rs`), not the shape.
        let store_entry = crate::keylines::encoded_entry(
            entries
                .iter()
                .map(|(k, v)| (&text[k.0..k.1], &text[v.0..v.1])),
        );
        if store_entry == Some(false) {
            at = end;
            continue;
        }
        if store_entry == Some(true)
            || secret_shaped(
                entries
                    .iter()
                    .map(|(k, v)| (&text[k.0..k.1], &text[v.0..v.1])),
            )
        {
            for (key, value) in &entries {
                if value.0 == value.1
                    || public(&text[key.0..key.1], &text[value.0..value.1])
                    || (store_entry.is_some() && &text[key.0..key.1] != "value")
                {
                    continue;
                }
                out.push_str(&text[copied..value.0]);
                out.push_str(REDACTED);
                copied = value.1;
            }
        }
        at = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// A text that is a map alone, two entries or more, one a line (`api: c2Vj...` through `yq`,
/// `api=c2Vj...` from a go-template's range): its values hidden when the map is Secret-shaped; `None` when
/// the text is not such a map or not so shaped.
fn line_map(text: &str) -> Option<String> {
    let mut entries = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let (key, value) = trimmed
            .split_once(": ")
            .or_else(|| trimmed.split_once('='))?;
        let value = value.trim();
        if !secret_key(key) || value.is_empty() || !value.bytes().all(base64_byte) {
            return None;
        }
        let at = start + (value.as_ptr() as usize - line.as_ptr() as usize);
        entries.push((key, (at, at + value.len())));
    }
    // One entry alone is as likely a header (`Sec-WebSocket-Key: ...`, `Content-MD5: ...`).
    if entries.len() < 2 || !secret_shaped(entries.iter().map(|(k, v)| (*k, &text[v.0..v.1]))) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (key, (from, to)) in entries {
        if public(key, &text[from..to]) {
            continue;
        }
        out.push_str(&text[copied..from]);
        out.push_str(REDACTED);
        copied = to;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// Whether a JSON object's members are all strings and shaped as a Secret's `data` (see
/// [`secret_shaped`]); [`crate::redact`] hides such an object's values.
pub(crate) fn secret_object(object: &Map<String, Value>) -> bool {
    let store_entry = crate::keylines::encoded_entry(
        object
            .iter()
            .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?))),
    );
    if store_entry.is_some() {
        return false;
    }
    object.values().all(Value::is_string)
        && object.keys().all(|k| secret_key(k))
        && secret_shaped(
            object
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or(""))),
        )
}

/// A byte range in the text.
type Span = (usize, usize);

/// A flat JSON object of string members at `start` (`{"a":"x", "b":"y"}`, over lines or not):
/// where it ends and each member's key and value (without their quotes). Keys are spelled as
/// a Secret's are; values hold base64's characters only.
fn json_map(text: &str, start: usize) -> Option<(usize, Vec<(Span, Span)>)> {
    let bytes = text.as_bytes();
    let skip = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let quoted = |i: usize, allowed: fn(u8) -> bool| -> Option<(Span, usize)> {
        if bytes.get(i) != Some(&b'"') {
            return None;
        }
        let from = i + 1;
        let mut j = from;
        while bytes.get(j).is_some_and(|b| allowed(*b)) {
            j += 1;
        }
        (bytes.get(j) == Some(&b'"')).then_some(((from, j), j + 1))
    };
    let mut entries = Vec::new();
    let mut i = skip(start + 1);
    loop {
        let (key, after) = quoted(i, key_byte)?;
        if key.0 == key.1 {
            return None;
        }
        i = skip(after);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        let (value, after) = quoted(skip(i + 1), base64_byte)?;
        entries.push((key, value));
        i = skip(after);
        match bytes.get(i) {
            Some(b',') => i = skip(i + 1),
            Some(b'}') => return Some((i + 1, entries)),
            _ => return None,
        }
    }
}

/// A Go map printed by a template (`map[a:x b:y]`) at `start`: where it ends and each entry's
/// key and value.
fn go_map(text: &str, start: usize) -> Option<(usize, Vec<(Span, Span)>)> {
    let bytes = text.as_bytes();
    let mut entries = Vec::new();
    let mut i = start + "map[".len();
    loop {
        let key_start = i;
        while bytes.get(i).is_some_and(|b| key_byte(*b)) {
            i += 1;
        }
        if i == key_start || bytes.get(i) != Some(&b':') {
            return None;
        }
        let key = (key_start, i);
        i += 1;
        let value_start = i;
        while bytes.get(i).is_some_and(|b| base64_byte(*b)) {
            i += 1;
        }
        entries.push((key, (value_start, i)));
        match bytes.get(i) {
            Some(b' ') => i += 1,
            Some(b']') => return Some((i + 1, entries)),
            _ => return None,
        }
    }
}

/// A byte of a Secret's key (`[-._a-zA-Z0-9]`).
fn key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_')
}

/// Whether every character of `key` may be in a Secret's key.
fn secret_key(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(key_byte)
}

/// A byte of standard base64.
fn base64_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}

/// Whether the entries are a Secret's `data`: every value empty or base64 (a multiple of four
/// characters, as the API pads it, not a hexadecimal digest) of printable ASCII text or of 16 random
/// bytes or more (key material), and one value at least 8 characters long.
fn secret_shaped<'a>(entries: impl Iterator<Item = (&'a str, &'a str)>) -> bool {
    let mut long = false;
    let mut any = false;
    for (key, value) in entries {
        if value.is_empty() || public(key, value) {
            continue;
        }
        any = true;
        // A digest in hexadecimal (`d41d8cd9...`); a short value is read as base64 (`e30=`).
        if value.len() % 4 != 0
            || (value.len() >= 16 && value.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return false;
        }
        let Some(decoded) = decode(value) else {
            return false;
        };
        let text = !decoded.is_empty()
            && decoded
                .iter()
                .all(|b| b.is_ascii_graphic() || matches!(b, b' ' | b'\n' | b'\r' | b'\t'));
        // Key material: random bytes, whose base64 mixes cases and digits (or ends padded);
        // a path or a name read as base64 (`/etc/tinyproxy/tinyproxy`) does not.
        let random = decoded.len() >= 16
            && (value.ends_with('=')
                || (value.bytes().any(|b| b.is_ascii_uppercase())
                    && value.bytes().any(|b| b.is_ascii_lowercase())
                    && value.bytes().any(|b| b.is_ascii_digit())));
        if !text && !random {
            return false;
        }
        long |= value.len() >= 8;
    }
    any && long
}

/// Whether an entry is public whatever map it is in: a Secret's CA certificate or namespace
/// (`secretdata.rs`), an entry named for a digest, a checksum or a public key (`contentMD5`,
/// `sha256`, `etag`, `fingerprint`, `sshPublicKey`), or an SSH public key's blob
/// (`AAAAC3NzaC1lZDI1NTE5...`). Such entries neither make a map a Secret's nor are hidden.
pub(crate) fn public(key: &str, value: &str) -> bool {
    let named = crate::names::parts(key).iter().any(|part| {
        matches!(
            part.as_str(),
            "md5"
                | "sha1"
                | "sha224"
                | "sha256"
                | "sha384"
                | "sha512"
                | "hash"
                | "digest"
                | "checksum"
                | "crc"
                | "crc32"
                | "crc32c"
                | "etag"
                | "fingerprint"
                | "integrity"
                | "public"
                | "pub"
                | "pubkey"
                | "publickey"
        )
    });
    named
        || crate::secretdata::public_entry(key, value)
        || decode(value).is_some_and(|bytes| ssh_public_blob(&bytes))
}

/// Whether bytes are an SSH public key's wire form: a length, then the key type's name
/// (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, `sk-ssh-ed25519@openssh.com`).
fn ssh_public_blob(bytes: &[u8]) -> bool {
    let Some((length, rest)) = bytes.split_first_chunk::<4>() else {
        return false;
    };
    let length = u32::from_be_bytes(*length) as usize;
    rest.get(..length).is_some_and(|name| {
        name.starts_with(b"ssh-") || name.starts_with(b"ecdsa-") || name.starts_with(b"sk-")
    })
}

/// Standard base64 with its padding decoded to bytes; `None` when `text` is not so written.
fn decode(text: &str) -> Option<Vec<u8>> {
    let body = text.trim_end_matches('=');
    if text.len() - body.len() > 2 || body.contains('=') {
        return None;
    }
    crate::base64::decode_unpadded(body)
}

#[cfg(test)]
mod tests {
    use super::redact_secret_maps;

    #[test]
    fn secret_maps_by_shape() {
        for (text, expected) in [
            (
                r#"{"api":"c3VwZXJzZWNyZXR2YWx1ZTEyMw==","user":"YWRtaW4="}"#,
                r#"{"api":"[redacted]","user":"[redacted]"}"#,
            ),
            (
                "map[api:c3VwZXJzZWNyZXR2YWx1ZTEyMw== user:YWRtaW4=]",
                "map[api:[redacted] user:[redacted]]",
            ),
            (
                "{\n  \"api\": \"c3VwZXJzZWNyZXR2YWx1ZTEyMw==\"\n}",
                "{\n  \"api\": \"[redacted]\"\n}",
            ),
            // Plain words and digests are no Secret's values.
            (
                r#"{"level":"info","port":"8080"}"#,
                r#"{"level":"info","port":"8080"}"#,
            ),
            (
                r#"{"hash":"3f2a9c1d7e44a81b2c3d4e5f3f2a9c1d"}"#,
                r#"{"hash":"3f2a9c1d7e44a81b2c3d4e5f3f2a9c1d"}"#,
            ),
            ("map[app:web tier:frontend]", "map[app:web tier:frontend]"),
            ("bitmap[a:YWRtaW4=]", "bitmap[a:YWRtaW4=]"),
            (
                "api: c3VwZXJzZWNyZXR2YWx1ZTEyMw==\nuser: YWRtaW4=\n",
                "api: [redacted]\nuser: [redacted]\n",
            ),
            (
                "api=c3VwZXJzZWNyZXR2YWx1ZTEyMw==\nuser=YWRtaW4=",
                "api=[redacted]\nuser=[redacted]",
            ),
            ("level: info\nport: 8080\n", "level: info\nport: 8080\n"),
            (
                r#"{"conf":"/etc/tinyproxy/tinyproxy","word":"findings"}"#,
                r#"{"conf":"/etc/tinyproxy/tinyproxy","word":"findings"}"#,
            ),
            (
                r#"{"contentMD5":"1B2M2Y8AsgTpgAmY7PhCfg==","sha256":"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}"#,
                r#"{"contentMD5":"1B2M2Y8AsgTpgAmY7PhCfg==","sha256":"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}"#,
            ),
            (
                r#"{"key":"AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"}"#,
                r#"{"key":"AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"}"#,
            ),
        ] {
            assert_eq!(redact_secret_maps(text), expected, "{text}");
        }
    }
}

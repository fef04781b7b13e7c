//! Standard base64 (RFC 4648, section 4: `+` and `/`), read where the redaction decides by what
//! a value encodes (a Secret's data, a PEM's label, a Basic login). Padding is each caller's rule:
//! these read the characters before it.

/// The six bits a character of the alphabet stands for; `None` outside it.
fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Appends the bytes `sextets` make to `bytes` (a last partial byte is dropped).
fn decode_into(sextets: impl Iterator<Item = u8>, bytes: &mut Vec<u8>) {
    let mut buffer = 0u32;
    let mut bits = 0;
    for sextet in sextets {
        buffer = (buffer << 6) | u32::from(sextet);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push(((buffer >> bits) & 0xff) as u8);
        }
    }
}

/// The bytes of the first `limit` characters of `encoded`, up to its first character outside
/// the alphabet (padding included).
pub(crate) fn decode_prefix(encoded: &str, limit: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(limit / 4 * 3 + 2);
    decode_into(encoded.bytes().take(limit).map_while(sextet), &mut bytes);
    bytes
}

/// The bytes of `body`, base64 without its padding; `None` when a character is outside the
/// alphabet.
pub(crate) fn decode_unpadded(body: &str) -> Option<Vec<u8>> {
    if !body.bytes().all(|c| sextet(c).is_some()) {
        return None;
    }
    let mut bytes = Vec::with_capacity(body.len() / 4 * 3 + 2);
    decode_into(body.bytes().filter_map(sextet), &mut bytes);
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::{decode_prefix, decode_unpadded};

    #[test]
    fn the_alphabet_decodes_and_anything_else_stops_or_refuses() {
        assert_eq!(
            decode_unpadded("ZGVmYXVsdA").as_deref(),
            Some(&b"default"[..])
        );
        assert_eq!(
            decode_unpadded("+/+/").as_deref(),
            Some(&[0xfb, 0xff, 0xbf][..])
        );
        assert_eq!(decode_unpadded("ZGVm YXVsdA"), None);
        assert_eq!(decode_unpadded("ZGVmYXVsdA=="), None);
        assert_eq!(decode_prefix("ZGVmYXVsdA==", 80), b"default");
        assert_eq!(decode_prefix("ZGVmYXVsdA", 4), b"def");
        assert_eq!(decode_prefix("ZGVm!YXVsdA", 80), b"def");
    }
}

//! Secrets printed through an encoder, as a secret file read by `base64`, `xxd` (`-p` too),
//! `hexdump -C` (`hd`) or `od -c` comes back (`base64 ~/.ssh/id_rsa`, `xxd ~/.pgpass`, `od -c
//! ~/.aws/credentials`): no name and no shape of a secret stands in the printed text, but its
//! decoding holds one. A block of such lines is decoded and the decoded text judged as any
//! text is (private key material, or anything the redaction would hide); when it holds a
//! secret, every line of the block loses its encoded part, its offset or indentation kept.
//! Binary content (a decoding that is not text) and text without a secret stay as printed.

use crate::REDACTED;

/// The shape of a line of encoded output.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A line of base64 (`base64`, `openssl base64`): the alphabet alone.
    Base64,
    /// `xxd`: `00000000: 2d2d 2d2d  -----`.
    Xxd,
    /// `hexdump -C`, `hd`: `00000000  2d 2d 2d  |---|`.
    Canonical,
    /// `od -c`: `0000000   -   -   -`.
    Characters,
    /// `xxd -p`, `od -An -tx1 | tr -d ' '`: hex digits alone, 32 or more a line.
    PlainHex,
}

/// A line read as encoded output: its shape, where its encoded part starts (after the offset
/// or the indentation), and the bytes it stands for.
struct Encoded {
    shape: Shape,
    keep: usize,
    bytes: Vec<u8>,
}

/// The bytes of hex digit pairs in `token`, or `None` when it is not one.
fn hex_bytes(token: &str, bytes: &mut Vec<u8>) -> bool {
    if token.is_empty()
        || !token.len().is_multiple_of(2)
        || !token.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return false;
    }
    for pair in token.as_bytes().chunks(2) {
        let text = std::str::from_utf8(pair).unwrap_or("00");
        bytes.push(u8::from_str_radix(text, 16).unwrap_or(0));
    }
    true
}

/// Whether `text` is an offset: hex (or octal) digits alone.
fn offset(text: &str, octal: bool) -> bool {
    (7..=16).contains(&text.len())
        && text.bytes().all(|b| {
            if octal {
                (b'0'..=b'7').contains(&b)
            } else {
                b.is_ascii_hexdigit() && !b.is_ascii_uppercase()
            }
        })
}

/// `xxd`'s line: an offset, `:`, groups of hex digits, two blanks and the bytes as text.
fn xxd(line: &str) -> Option<Encoded> {
    let (head, rest) = line.split_once(": ")?;
    if !offset(head, false) {
        return None;
    }
    let mut bytes = Vec::new();
    for token in rest.split(' ') {
        if token.is_empty() {
            break;
        }
        if !hex_bytes(token, &mut bytes) {
            return None;
        }
    }
    (!bytes.is_empty()).then_some(Encoded {
        shape: Shape::Xxd,
        keep: head.len() + 2,
        bytes,
    })
}

/// `hexdump -C`'s line: an offset, two blanks, hex pairs and the bytes as text between bars.
fn canonical(line: &str) -> Option<Encoded> {
    let (head, rest) = line.split_once("  ")?;
    if !offset(head, false) {
        return None;
    }
    let (hex, text) = rest.split_once('|')?;
    if !text.ends_with('|') {
        return None;
    }
    let mut bytes = Vec::new();
    for token in hex.split_whitespace() {
        if token.len() != 2 || !hex_bytes(token, &mut bytes) {
            return None;
        }
    }
    (!bytes.is_empty()).then_some(Encoded {
        shape: Shape::Canonical,
        keep: head.len() + 2,
        bytes,
    })
}

/// `od -c`'s line: an octal offset and one character in each field of four columns (`\n`,
/// `\0`, an octal escape, or the character itself, a blank field for a blank).
fn characters(line: &str) -> Option<Encoded> {
    let head = line.get(..7)?;
    if !offset(head, true) {
        return None;
    }
    let rest = &line[7..];
    if rest.is_empty()
        || !rest.is_ascii()
        || !rest.len().is_multiple_of(4)
        || !rest.starts_with(' ')
    {
        return None;
    }
    let mut bytes = Vec::new();
    for field in rest.as_bytes().chunks(4) {
        let field = std::str::from_utf8(field).ok()?.trim_start();
        match field {
            "" => bytes.push(b' '),
            "\\n" => bytes.push(b'\n'),
            "\\t" => bytes.push(b'\t'),
            "\\r" => bytes.push(b'\r'),
            "\\0" => bytes.push(0),
            "\\\\" => bytes.push(b'\\'),
            "\\a" | "\\b" | "\\f" | "\\v" => bytes.push(b' '),
            f if f.len() == 3 && f.bytes().all(|b| (b'0'..=b'7').contains(&b)) => {
                bytes.push(u8::from_str_radix(f, 8).ok()?);
            }
            f if f.len() == 1 => bytes.push(f.as_bytes()[0]),
            _ => return None,
        }
    }
    Some(Encoded {
        shape: Shape::Characters,
        keep: 8,
        bytes,
    })
}

/// A line of base64 alone, `least` characters or more (16 to open a block, fewer to end one;
/// padding only at its end).
fn base64_line(line: &str, least: usize) -> Option<Encoded> {
    let body = line.trim_start();
    let keep = line.len() - body.len();
    let body = body.trim_end();
    let unpadded = body.trim_end_matches('=');
    if unpadded.len() < least || body.len() - unpadded.len() > 2 {
        return None;
    }
    let bytes = crate::base64::decode_unpadded(unpadded)?;
    Some(Encoded {
        shape: Shape::Base64,
        keep,
        bytes,
    })
}

/// A line of hex digits alone (`xxd -p`), `least` or more (32 to open a block, fewer to end
/// one).
fn plain_hex(line: &str, least: usize) -> Option<Encoded> {
    let body = line.trim();
    if body.len() < least {
        return None;
    }
    let mut bytes = Vec::with_capacity(body.len() / 2);
    hex_bytes(body, &mut bytes).then_some(Encoded {
        shape: Shape::PlainHex,
        keep: line.len() - line.trim_start().len(),
        bytes,
    })
}

/// `line` read as encoded output of any shape.
fn read(line: &str) -> Option<Encoded> {
    let first = *line.trim_start().as_bytes().first()?;
    if !first.is_ascii_alphanumeric() && !matches!(first, b'+' | b'/') {
        return None;
    }
    let dump = first.is_ascii_digit() || (b'a'..=b'f').contains(&first);
    dump.then(|| {
        xxd(line)
            .or_else(|| canonical(line))
            .or_else(|| characters(line))
    })
    .flatten()
    .or_else(|| plain_hex(line, 32))
    .or_else(|| base64_line(line, 16))
}

/// A dump's line that carries no bytes: the last offset alone, or `*` for repeated lines.
fn dump_filler(line: &str, shape: Shape) -> bool {
    let trimmed = line.trim();
    match shape {
        Shape::Base64 | Shape::PlainHex => false,
        Shape::Characters => trimmed == "*" || offset(trimmed, true),
        Shape::Xxd | Shape::Canonical => trimmed == "*" || offset(trimmed, false),
    }
}

/// Whether the decoded `bytes` are text holding a secret.
fn holds_secret(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let printable = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        .count();
    if text.is_empty() || printable * 20 < text.chars().count() * 19 {
        return false;
    }
    text.contains("PRIVATE KEY")
        || crate::content::sensitive_content(text).is_some()
        || crate::redact_text(text) != text
}

/// Whether the decoded `bytes` are a compressed stream or an archive (gzip, zlib, bzip2, xz,
/// zstd, LZ4, zip, 7-Zip, RAR, tar): what they hold cannot be judged without unpacking it,
/// and a secret file packed then encoded (`tar czf - ~/.ssh | base64`, a Helm release's
/// `H4sI...`) is one `base64 -d | gunzip` away from its text, so the block goes whole.
fn packed(bytes: &[u8]) -> bool {
    const MAGIC: &[&[u8]] = &[
        b"\x1f\x8b",
        b"BZh",
        b"\xfd7zXZ\x00",
        b"\x28\xb5\x2f\xfd",
        b"\x04\x22\x4d\x18",
        b"PK\x03\x04",
        b"7z\xbc\xaf\x27\x1c",
        b"Rar!\x1a\x07",
    ];
    // zlib's two bytes as its writers set them (deflate, a 32 KiB window, each level).
    let zlib = matches!(bytes, [0x78, 0x01 | 0x5e | 0x9c | 0xda, ..]);
    let bzip2 = |b: &[u8]| b.len() > 3 && (b'1'..=b'9').contains(&b[3]);
    MAGIC
        .iter()
        .any(|magic| bytes.starts_with(magic) && (*magic != b"BZh" || bzip2(bytes)))
        || zlib
        || bytes.get(257..262) == Some(b"ustar")
}

/// `text` with every block of encoded lines whose decoding holds a secret hidden.
pub(crate) fn redact_encoded(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut hidden = vec![false; lines.len()];
    let mut keeps = vec![0usize; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let Some(first) = read(lines[i]) else {
            i += 1;
            continue;
        };
        let shape = first.shape;
        let width = lines[i].len();
        let mut bytes = first.bytes;
        keeps[i] = first.keep;
        let mut members = vec![i];
        let mut j = i + 1;
        while j < lines.len() {
            if dump_filler(lines[j], shape) {
                j += 1;
                continue;
            }
            // The last line of a wrapped block may be short (`...Cg==`).
            let next = match shape {
                Shape::Base64 => base64_line(lines[j], 2),
                Shape::PlainHex => plain_hex(lines[j], 2),
                Shape::Xxd | Shape::Canonical | Shape::Characters => read(lines[j]),
            };
            let Some(next) = next.filter(|e| e.shape == shape) else {
                break;
            };
            // base64 and plain hex wrap at a fixed width: a line as long as the first goes on,
            // a shorter one ends the block.
            if matches!(shape, Shape::Base64 | Shape::PlainHex) && lines[j - 1].len() != width {
                break;
            }
            bytes.extend_from_slice(&next.bytes);
            keeps[j] = next.keep;
            members.push(j);
            j += 1;
        }
        // A lone base64 word is judged from 20 characters on (`base64 -w0`).
        let lone_short = shape == Shape::Base64 && members.len() == 1 && lines[i].trim().len() < 20;
        // A packed stream goes when it is written to be copied (base64, plain hex); a dump
        // of one (`xxd backup.tar.gz | head`) stays, a reading of its header.
        let copyable_pack = matches!(shape, Shape::Base64 | Shape::PlainHex) && packed(&bytes);
        if !lone_short && (copyable_pack || holds_secret(&bytes)) {
            for m in members {
                hidden[m] = true;
            }
        }
        i = j.max(i + 1);
    }
    if !hidden.contains(&true) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        if hidden[k] {
            out.push_str(&line[..keeps[k]]);
            out.push_str(REDACTED);
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redact_encoded as redact;

    #[test]
    fn dumps_of_secrets_go_and_other_dumps_stay() {
        assert_eq!(
            redact(
                "00000000: 6462 3a35 3433 323a 6170 703a 626f 623a  db:5432:app:bob:\n00000010: 5333 6372 3374 5067 5077 0a              S3cr3tPgPw."
            ),
            "00000000: [redacted]\n00000010: [redacted]"
        );
        for same in [
            "00000000: 6865 6c6c 6f0a                           hello.",
            "aGVsbG8gd29ybGQgaGVsbG8gd29ybGQK",
            "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
        ] {
            assert_eq!(redact(same), same);
        }
    }
}

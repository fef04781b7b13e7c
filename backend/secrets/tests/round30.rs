//! Thirtieth review: a secret file read through an encoder (`base64 ~/.ssh/id_rsa`, `xxd
//! ~/.pgpass`, `hexdump -C`, `od -c`) comes back with no name and no shape of a secret in the
//! printed text; the block is decoded and, when its text holds a secret, every line loses its
//! encoded part, its offset kept. Text without a secret and binary content stay as printed.
//! Key files of their own formats lose their private part: .NET's `RSAParameters` as JSON
//! (GitHub's runner's `.credentials_rsaparams`), ZeroTier's
//! `identity.secret`, NTP's and chrony's symmetric keys.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;
use warden_secrets::{REDACTED, redact_text};

/// The cases whose redaction left a line with encoded data: every line must be hidden after
/// its offset, or be an offset alone.
fn leaked(cases: &[&str]) -> Vec<String> {
    cases
        .iter()
        .filter_map(|case| {
            let got = redact_text(case);
            let leaks = got.split('\n').any(|line| {
                let bare = line.trim();
                !(bare.ends_with(REDACTED)
                    || bare == "*"
                    || (!bare.is_empty() && bare.chars().all(|c| c.is_ascii_hexdigit())))
            });
            leaks.then(|| format!("{case:?}\n   got {got:?}"))
        })
        .collect()
}

#[test]
fn encoded_secret_files_are_hidden() {
    let cases = [
        // `base64 fake`
        "LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEUgS0VZLS0tLS0KYjNCbGJuTnphQzFyWlhrdGRqRUFB\nQUFBQkc1dmJtVUFBQUFFYm05dVpRQUFBQUFBQUFBQkFBQUFNd0FBQUF0emMyZ3RaVwpReU5UVXhP\nUUFBQUNEdkxrR3pXbjJNMWI5VDNLYzZaeisyRjBwVXU3RWszQzBjOW5aazJiWHpQUUFBQUpnQUFB\nQUEKLS0tLS1FTkQgT1BFTlNTSCBQUklWQVRFIEtFWS0tLS0tCg==",
        // `base64 -w0 fake`
        "LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEUgS0VZLS0tLS0KYjNCbGJuTnphQzFyWlhrdGRqRUFBQUFBQkc1dmJtVUFBQUFFYm05dVpRQUFBQUFBQUFBQkFBQUFNd0FBQUF0emMyZ3RaVwpReU5UVXhPUUFBQUNEdkxrR3pXbjJNMWI5VDNLYzZaeisyRjBwVXU3RWszQzBjOW5aazJiWHpQUUFBQUpnQUFBQUEKLS0tLS1FTkQgT1BFTlNTSCBQUklWQVRFIEtFWS0tLS0tCg==",
        // `xxd fake | head -6`
        "00000000: 2d2d 2d2d 2d42 4547 494e 204f 5045 4e53  -----BEGIN OPENS\n00000010: 5348 2050 5249 5641 5445 204b 4559 2d2d  SH PRIVATE KEY--\n00000020: 2d2d 2d0a 6233 426c 626e 4e7a 6143 3172  ---.b3BlbnNzaC1r\n00000030: 5a58 6b74 646a 4541 4141 4141 4247 3576  ZXktdjEAAAAABG5v\n00000040: 626d 5541 4141 4145 626d 3975 5a51 4141  bmUAAAAEbm9uZQAA\n00000050: 4141 4141 4141 4142 4141 4141 4d77 4141  AAAAAAABAAAAMwAA",
        // `hexdump -C fake | head -5`
        "00000000  2d 2d 2d 2d 2d 42 45 47  49 4e 20 4f 50 45 4e 53  |-----BEGIN OPENS|\n00000010  53 48 20 50 52 49 56 41  54 45 20 4b 45 59 2d 2d  |SH PRIVATE KEY--|\n00000020  2d 2d 2d 0a 62 33 42 6c  62 6e 4e 7a 61 43 31 72  |---.b3BlbnNzaC1r|\n00000030  5a 58 6b 74 64 6a 45 41  41 41 41 41 42 47 35 76  |ZXktdjEAAAAABG5v|\n00000040  62 6d 55 41 41 41 41 45  62 6d 39 75 5a 51 41 41  |bmUAAAAEbm9uZQAA|",
        // `od -c fake | head -4`
        "0000000   -   -   -   -   -   B   E   G   I   N       O   P   E   N   S\n0000020   S   H       P   R   I   V   A   T   E       K   E   Y   -   -\n0000040   -   -   -  \\n   b   3   B   l   b   n   N   z   a   C   1   r\n0000060   Z   X   k   t   d   j   E   A   A   A   A   A   B   G   5   v",
        // `xxd pg`
        "00000000: 6462 2e65 7861 6d70 6c65 2e63 6f6d 3a35  db.example.com:5\n00000010: 3433 323a 6170 703a 6170 7075 7365 723a  432:app:appuser:\n00000020: 5333 6372 6574 5067 5061 7373 0a         S3cretPgPass.",
        // `hexdump -C pg`
        "00000000  64 62 2e 65 78 61 6d 70  6c 65 2e 63 6f 6d 3a 35  |db.example.com:5|\n00000010  34 33 32 3a 61 70 70 3a  61 70 70 75 73 65 72 3a  |432:app:appuser:|\n00000020  53 33 63 72 65 74 50 67  50 61 73 73 0a           |S3cretPgPass.|\n0000002d",
        // `od -c pg`
        "0000000   d   b   .   e   x   a   m   p   l   e   .   c   o   m   :   5\n0000020   4   3   2   :   a   p   p   :   a   p   p   u   s   e   r   :\n0000040   S   3   c   r   e   t   P   g   P   a   s   s  \\n\n0000055",
        // `base64 pg`
        "ZGIuZXhhbXBsZS5jb206NTQzMjphcHA6YXBwdXNlcjpTM2NyZXRQZ1Bhc3MK",
        // `base64 netrc`
        "bWFjaGluZSBhcGkuZXhhbXBsZS5jb20gbG9naW4gYm9iIHBhc3N3b3JkIFMzY3IzdE5ldHJjUHcK",
        // `xxd aws`
        "00000000: 5b64 6566 6175 6c74 5d0a 6177 735f 7365  [default].aws_se\n00000010: 6372 6574 5f61 6363 6573 735f 6b65 7920  cret_access_key \n00000020: 3d20 774a 616c 7258 5574 6e46 454d 492f  = wJalrXUtnFEMI/\n00000030: 4b37 4d44 454e 472f 6250 7852 6669 4359  K7MDENG/bPxRfiCY\n00000040: 4558 414d 504c 454b 4559 0a              EXAMPLEKEY.",
        // `od -c netrc`
        "0000000   m   a   c   h   i   n   e       a   p   i   .   e   x   a   m\n0000020   p   l   e   .   c   o   m       l   o   g   i   n       b   o\n0000040   b       p   a   s   s   w   o   r   d       S   3   c   r   3\n0000060   t   N   e   t   r   c   P   w  \\n\n0000071",
        // `xxd -p pg`
        "64622e6578616d706c652e636f6d3a353433323a6170703a617070757365\n723a5333637265745067506173730a",
        // `xxd -p fake | head -3`
        "2d2d2d2d2d424547494e204f50454e5353482050524956415445204b4559\n2d2d2d2d2d0a6233426c626e4e7a614331725a586b74646a454141414141\n42473576626d554141414145626d39755a51414141414141414141424141",
        // `base64 netrc` wrapped at 40 (`base64 -w 40`): its last line short
        "bWFjaGluZSBhcGkuZXhhbXBsZS5jb20gbG9naW4g\nYm9iIHBhc3N3b3JkIFMzY3IzdE5ldHJjUHcK",
    ];
    assert_eq!(leaked(&cases), Vec::<String>::new());
}

#[test]
fn offsets_and_indentation_stay() {
    assert_eq!(
        redact_text(
            "00000000: 6462 2e65 7861 6d70 6c65 2e63 6f6d 3a35  db.example.com:5\n00000010: 3433 323a 6170 703a 6170 7075 7365 723a  432:app:appuser:\n00000020: 5333 6372 6574 5067 5061 7373 0a         S3cretPgPass."
        ),
        "00000000: [redacted]\n00000010: [redacted]\n00000020: [redacted]"
    );
    assert_eq!(
        redact_text(
            "$ base64 ~/.pgpass\n  ZGIuZXhhbXBsZS5jb206NTQzMjphcHA6YXBwdXNlcjpTM2NyZXRQZ1Bhc3MK\n$ echo done"
        ),
        "$ base64 ~/.pgpass\n  [redacted]\n$ echo done"
    );
}

#[test]
fn encoded_text_without_secrets_stays() {
    let texts = [
        // `xxd plain`
        "00000000: 6865 6c6c 6f20 776f 726c 642c 206e 6f74  hello world, not\n00000010: 6869 6e67 2074 6f20 7365 6520 6865 7265  hing to see here\n00000020: 0a                                       .",
        // `hexdump -C plain`
        "00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 6e 6f 74  |hello world, not|\n00000010  68 69 6e 67 20 74 6f 20  73 65 65 20 68 65 72 65  |hing to see here|\n00000020  0a                                                |.|\n00000021",
        // `od -c plain`
        "0000000   h   e   l   l   o       w   o   r   l   d   ,       n   o   t\n0000020   h   i   n   g       t   o       s   e   e       h   e   r   e\n0000040  \\n\n0000041",
        // `base64 plain`
        "aGVsbG8gd29ybGQsIG5vdGhpbmcgdG8gc2VlIGhlcmUK",
        // `xxd -p plain`
        "68656c6c6f20776f726c642c206e6f7468696e6720746f20736565206865\n72650a",
        // A digest and a commit id are base64's alphabet but decode to no text.
        "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
        "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        // A certificate in base64 is public.
        "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJJakFOQmdrcWhraUc5dzBCQVFFRkFBT0NBUThBTUlJQkNnS0NBUUVBCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn key_files_of_their_own_formats_lose_their_private_part() {
    let cases = [
        // GitHub's runner's `.credentials_rsaparams`: .NET's RSAParameters as JSON.
        (
            "{\"d\":\"sfXfLuqxJ8sDD2hJtcV3Q==\",\"dp\":\"abcDEF123456xyz==\",\"dq\":\"qwerty987654==\",\"exponent\":\"AQAB\",\"inverseQ\":\"zxcvb12345==\",\"modulus\":\"mnbvc098765==\",\"p\":\"poiuy5432==\",\"q\":\"lkjhg8765==\"}",
            "{\"d\":\"[redacted]\",\"dp\":\"[redacted]\",\"dq\":\"[redacted]\",\"exponent\":\"AQAB\",\"inverseQ\":\"[redacted]\",\"modulus\":\"mnbvc098765==\",\"p\":\"[redacted]\",\"q\":\"[redacted]\"}",
        ),
        (
            "{\"D\": \"sfXfLuqxJ8sDD2hJ\", \"InverseQ\": \"zxcvb12345==\", \"Modulus\": \"mnbvc098765==\"}",
            "{\"D\": \"[redacted]\", \"InverseQ\": \"[redacted]\", \"Modulus\": \"mnbvc098765==\"}",
        ),
        // K3s' and RKE2's join tokens go whole.
        (
            "K10efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef::server:0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
            "[redacted]",
        ),
        (
            "--token K10efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef::node:1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e",
            "--token [redacted]",
        ),
        // ZeroTier's identity.secret.
        (
            "992fcf1db7:0:abababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababab:cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
            "992fcf1db7:0:abababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababab:[redacted]",
        ),
        // NTP's and chrony's symmetric keys.
        (
            "1 SHA256 HEX:8A7B6C5D4E3F2A1B8A7B6C5D4E3F2A1B8A7B6C5D\n2 SHA1 ASCII:myntppassword\n3 M ntpkeypass # old",
            "1 SHA256 HEX:[redacted]\n2 SHA1 ASCII:[redacted]\n3 M [redacted] # old",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let same = [
        "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQ\",\"e\":\"AQAB\",\"kid\":\"1\"}",
        "{\"modulus\": \"mnbvc098765==\", \"exponent\": \"AQAB\"}",
        "1 SHA256 files checked",
    ];
    assert_eq!(changed(&same), Vec::<String>::new());
}

#[test]
fn rsa_parameters_are_key_material() {
    assert!(
        warden_secrets::sensitive_content(
            "{\"d\":\"sfXf\",\"dp\":\"abc\",\"inverseQ\":\"zxc\",\"modulus\":\"mnb\"}"
        )
        .is_some()
    );
    assert!(
        warden_secrets::sensitive_content("{\"modulus\":\"mnb\",\"exponent\":\"AQAB\"}").is_none()
    );
}

#[test]
fn maps_of_secrets_in_more_spellings_keep_their_keys() {
    let cases = [
        // Ruby's heredoc as a hash's entry, the entry going on after the tag.
        (
            "passwords = {\n  admin: <<~EOS,\n    rubyHeredocSecret\n  EOS\n  reader: \"readerpw99\"\n}",
            "passwords = {\n  admin: <<~EOS,\n    [redacted]\n  EOS\n  reader: \"[redacted]\"\n}",
        ),
        // Terraform's locals, the map nested in a block.
        (
            "locals {\n  secrets = {\n    a = <<-EOT\n      localsHeredoc1\n    EOT\n  }\n}",
            "locals {\n  secrets = {\n    a = <<-EOT\n      [redacted]\n    EOT\n  }\n}",
        ),
        // Block scalars under credentials, in a nested map, with indentation and chomping
        // indicators.
        (
            "credentials:\n  username: bob\n  password: |\n    credBlockPw1",
            "credentials:\n  username: bob\n  password: |\n    [redacted]",
        ),
        (
            "passwords:\n  users:\n    alice: |\n      nestedBlockPw\n    bob: plainNested1",
            "passwords:\n  users:\n    alice: |\n      [redacted]\n    bob: [redacted]",
        ),
        (
            "passwords:\n  admin: |2\n      indentedPw\n  ro: |+\n    keepPw\n\nother: value",
            "passwords:\n  admin: |2\n      [redacted]\n  ro: |+\n    [redacted]\n\nother: value",
        ),
        // A section written with Windows' line ends ends at a log line as well.
        (
            "[api_keys]\r\nprimary = \"abc123secretvalue\"\r\n\r\nINFO done\r\nport = 8080\r\n",
            "[api_keys]\r\nprimary = \"[redacted]\"\r\n\r\nINFO done\r\nport = 8080\r\n",
        ),
        // Flow maps of Ruby, PHP and Python, nested, and with a comment after them.
        (
            "passwords = { admin: \"RubyPw1\", \"ro\" => \"RubyPw2\" }",
            "passwords = { admin: \"[redacted]\", \"ro\" => \"[redacted]\" }",
        ),
        (
            "'passwords' => ['admin' => 'PhpPw1', 'ro' => 'PhpPw2'],",
            "'passwords' => ['admin' => '[redacted]', 'ro' => '[redacted]'],",
        ),
        (
            "passwords = {'admin': 'PyPw1', 'ro': 'PyPw2'}",
            "passwords = {'admin': '[redacted]', 'ro': '[redacted]'}",
        ),
        (
            "api_keys: {prod: {key: NestedFlowKey1, type: svc}, dev: DevKey1}",
            "api_keys: {prod: {key: [redacted], type: svc}, dev: [redacted]}",
        ),
        (
            "  tokens: { ci: \"tok123abc456\" }  # ci token",
            "  tokens: { ci: \"[redacted]\" }  # ci token",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(changed(&["auth_tokens: {}"]), Vec::<String>::new());
    // A flow map quoted as one value keeps its keys too; a quoted value in brackets that is no
    // map goes whole.
    let quoted = [
        (
            "API_KEYS='{\"stripe\":\"sk_x_abcdefgh123\"}'",
            "API_KEYS='{\"stripe\":\"[redacted]\"}'",
        ),
        (
            "CREDENTIALS='{\"user\":\"alice\",\"pass\":\"AlicePw5\"}'",
            "CREDENTIALS='{\"user\":\"alice\",\"pass\":\"[redacted]\"}'",
        ),
        ("password: '[abc]'", "password: '[redacted]'"),
        ("password: \"{abc}\"", "password: \"[redacted]\""),
    ];
    assert_eq!(wrong_redactions(&quoted), Vec::<String>::new());
}

#[test]
fn more_service_and_tool_logins_are_refused() {
    let secret = [
        "/etc/pgbouncer/pgbouncer.ini",
        "/etc/repmgr.conf",
        "/etc/patroni/config.yml",
        "/home/alice/.config/regclient/config.json",
        "/home/alice/.cloudsigma.conf",
        "/home/alice/.packet-cli.json",
        "/home/alice/vault.bcup",
        "/home/alice/.bcup",
        // Decrypted copies beside the encrypted file (helm-secrets).
        "/srv/app/secrets.yaml.dec",
        "/srv/app/helm/secrets.prod.yaml.dec",
        "/srv/app/credentials.json.decrypted",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
    let readable = [
        "/etc/patroni/README.md",
        "/home/alice/.config/regclient/README.md",
        "/srv/app/values.yaml.dec",
    ];
    assert_eq!(missed_paths(&readable, false), Vec::<String>::new());
}

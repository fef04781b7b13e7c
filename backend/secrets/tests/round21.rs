//! Twenty-first review: public keys allowed to log in are readable, prose after a secret's
//! word keeps its words, password-hash and password columns of tables and records lose their
//! values while commit hashes and checksums stay, delimited account rows lose their plain
//! passwords, and more kinds of credential files are refused by name with their backups.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;

#[test]
fn authorized_keys_hold_public_keys_and_are_readable() {
    let refused = missed_paths(
        &[
            "/home/alice/.ssh/authorized_keys",
            "/root/.ssh/authorized_keys2",
            "/home/alice/.ssh/authorized_keys.bak",
            "/home/alice/.ssh/authorized_keys~",
            "/home/alice/.ssh/authorized_keys.old",
            "/home/alice/.ssh/authorized_keys.2024-01-01",
            "/home/alice/.ssh/.authorized_keys.swp",
            "/etc/ssh/authorized_keys/alice",
            "/home/alice/.ssh/authorized_keys.d/laptop",
            "/etc/ssh/authorized_keys_root",
            "/srv/git/.ssh/authorized_keys",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
    // The private keys and settings beside them stay refused, and so does key material named
    // after the file.
    let readable = missed_paths(
        &[
            "/home/alice/.ssh/id_rsa",
            "/home/alice/.ssh/id_ed25519.bak",
            "/home/alice/.ssh/config",
            "/home/alice/.ssh/authorized_keys.d/../id_rsa",
            "/home/alice/.ssh/authorized_keys.pem",
        ],
        true,
    );
    assert_eq!(readable, Vec::<String>::new());
    // What it holds is public: nothing to hide when it is printed.
    assert_eq!(
        changed(&[
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1Y2t5IGtleSBmb3IgdGVzdGluZyBvbmx5 alice@laptop",
            "command=\"/usr/bin/backup\",no-pty ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 backup@h",
        ]),
        Vec::<String>::new()
    );
    let _ = wrong_redactions(&[]);
}

#[test]
fn prose_after_a_secrets_word_keeps_its_words() {
    let changed = changed(&[
        "set the password policy",
        "Set the password policy",
        "set the password policy.",
        "`set the password policy`",
        "set the password policy for all users",
        "set password policy",
        "set password expiry to 90 days",
        "set token rotation",
        "set the secret rotation",
        "password policy",
        "password manager",
        "password complexity",
        "passwd policy",
        "  password policy",
        "login with password authentication",
        "login using password authentication.",
        "enable password policy",
        "enable password encryption",
        "ip password policy",
        "ntp secret rotation",
        "username alice password policy",
        "crypto key generate rsa modulus 2048",
        "Configure the password policy in /etc/security/pwquality.conf",
        "The password field is empty",
        "update the password policy now",
        "Your password must contain a digit",
        "password reset link sent to alice",
        "we need to set the password policy",
        "key rotation policy",
        "Updated password hashing to argon2",
    ]);
    assert_eq!(changed, Vec::<String>::new());
    // Values written as values stay hidden: assignments, options, devices' lines, `.netrc`,
    // and a word shaped like a password in a sentence.
    let wrong = wrong_redactions(&[
        ("password: hunter2", "password: [redacted]"),
        ("password=policy", "password=[redacted]"),
        ("--password hunter2", "--password [redacted]"),
        (
            "mysql -u root --password s3cret db",
            "mysql -u root --password [redacted] db",
        ),
        ("password hunter2", "password [redacted]"),
        ("set the password hunter2", "set the password [redacted]"),
        (
            "set the password Summer2024!",
            "set the password [redacted]",
        ),
        ("enable password cisco", "enable password [redacted]"),
        (
            "username admin password 0 letmein",
            "username admin password 0 [redacted]",
        ),
        (
            "enable secret 5 $1$abc$defghij",
            "enable secret 5 [redacted]",
        ),
        (
            "login with password hunter2",
            "login with password [redacted]",
        ),
        (
            "machine api.example.com\n  login bob\n  password NetrcPass\n",
            "machine api.example.com\n  login bob\n  password [redacted]\n",
        ),
        ("set token abc123xyz", "set token [redacted]"),
        (
            "crypto isakmp key Sh4red address 0.0.0.0",
            "crypto isakmp key [redacted] address 0.0.0.0",
        ),
        (
            "Use password hunter2 to log in",
            "Use password [redacted] to log in",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

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

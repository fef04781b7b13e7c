//! Reading a copy of a secret file is as high as reading the file, whatever mark the copy
//! carries: the classifier reads copies' names by the secrets crate's one list
//! (`warden_secrets::backup_original`), so the file tools and the guard never disagree.

use warden_policy::{RiskLevel, classify_command};

/// Every mark a copy may carry, around the file's name.
const SPELLINGS: &[&str] = &[
    "{}-copy",
    "{}_copy",
    "'{} (copy)'",
    "{}.copy",
    "{}.1",
    "{}.2",
    "{}~1~",
    "{}.~1~",
    "{}.dpkg-old",
    "{}.dpkg-dist",
    "{}.rpmsave",
    "{}.rpmnew",
    "{}.ucf-old",
    "{}.pacnew",
    "{}.pacsave",
    "{}.tmp",
    "{}.part",
    "{}.gz",
    "{}.bz2",
    "{}.xz",
    "{}.zst",
    "{}.zip",
    "{}.tar",
    "{}.2024-01-01",
    "{}-20240101",
    "'#{}#'",
    ".#{}",
    "'{} copy 2'",
    "{}-copy-1",
    "{}.dpkg-remove",
    "{}.lz",
    "{}.br",
    "{}.20240101T120000Z",
    "{}.bak.1",
    "{}+",
    "{}.edit",
];

#[test]
fn reading_a_copy_of_a_secret_in_any_spelling_is_high() {
    let mut low = Vec::new();
    for (dir, file) in [
        ("/etc", "shadow"),
        ("/etc", "gshadow"),
        ("/home/a/.ssh", "id_ed25519"),
        ("/srv/app", ".env"),
        // The classifier's own lists: the machine ID.
        ("/etc", "machine-id"),
    ] {
        for spelling in SPELLINGS {
            let line = format!("cat {dir}/{}", spelling.replace("{}", file));
            let verdict = classify_command(&line);
            if verdict.level < RiskLevel::High {
                low.push(format!("{line}: {:?} {}", verdict.level, verdict.reason));
            }
        }
        let swap = format!("cat {dir}/.{}.swp", file.trim_start_matches('.'));
        if classify_command(&swap).level < RiskLevel::High {
            low.push(swap);
        }
    }
    assert_eq!(low, Vec::<String>::new());
}

#[test]
fn files_that_only_look_numbered_stay_low() {
    for line in [
        "cat /var/log/syslog.1",
        "zcat /usr/share/man/man1/ls.1.gz",
        "cat /var/log/nginx/access.log-20240101",
        "cat /srv/app/notes.txt.part",
    ] {
        assert_eq!(classify_command(line).level, RiskLevel::Low, "{line}");
    }
}

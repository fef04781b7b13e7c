//! Thirty-sixth review: credentials a homelab's, an inference box's and a company server's
//! operators write in prose, chat and log lines, and secret files printed by commands the
//! earlier reviews did not read. Gaps closed as kinds:
//! - a credential's name and a value of letters alone, in free text, with a blank or a slash
//!   where a configuration writes `=` (`apikey tulipgarden`, `access token tulipgarden`,
//!   `user bob, pass tulipgarden`, `login: bob / tulipgarden`); the words a sentence writes
//!   there stay (`apikey missing`, `token expired`, `login: ok`, `user bob, pass ok`,
//!   `password is shorter than 8 characters`), and so do commands (`pass show db`, `kubectl
//!   get secret db`);
//! - a passphrase of several words in prose (`the passphrase is correct horse battery staple`,
//!   `wifi password: purple monkey dishwasher`), where only its first word went or none did;
//!   sentences about a passphrase stay (`the passphrase is too short`, `the password is
//!   correct and accepted`);
//! - AI and ML services' keys by their prefixes anywhere in a line (Voyage `pa-`, Fireworks
//!   `fw_`, E2B, LlamaCloud `llx-`, Firecrawl `fc-`, Langfuse `sk-lf-`, RunPod `rpa_`, Nomic
//!   `nk-`, Mixedbread `mxb_`, Modal `ak-`/`as-`, Cerebras `csk-` in any case); words with
//!   those beginnings stay (`pa-system`, `fw_version`, `as-is`);
//! - a generated key under the bare name `key` (`key = Jf83...`, `"key": "..."`); keys'
//!   names, labels and paths under it stay;
//! - a login given with a verb or as `user:password` in prose (`creds are bob/tulipgarden`,
//!   `login with bob:tulipgarden`); a container's `--user root:root` stays;
//! - Go's printed maps of lists (`map[Authorization:[Bearer tulipgarden]]`): the pass that
//!   read `Authorization:` and one word took `[Bearer` and left the token; a secret-named
//!   key's items now go;
//! - two-factor recovery codes listed under their heading (`Recovery codes:` then
//!   `a1b2c-3d4e5` a line), which nothing on their own lines names;
//! - files refused by name: DVC's global and system settings (`~/.config/dvc/config`,
//!   `/etc/xdg/dvc/config`), where `dvc remote modify --global` writes a remote's keys; a
//!   project's committed `.dvc/config`, `dvc.yaml` and `dvc.lock` stay readable;
//! - over-redaction fixed: irregular past participles after `password is` read as the
//!   password (`the passphrase is kept in the keyring` lost `kept`); a placeholder in
//!   parentheses after a secret's name (`passphrase: (none)` became `passphrase:
//!   [redacted])`, `password: (not set)` lost its words);
//! - an rsyncd.secrets line alone (`backup:tulipgarden`) is kept by text alone, as `image:tag`
//!   and `host:port` look the same; the command that printed it decides, now also when the
//!   file is read through a quoted remote command (`ssh nas 'cat /etc/rsyncd.secrets'`) or on
//!   a reader's input (`cat </etc/rsyncd.secrets`, `echo $(< /etc/rsyncd.secrets)`).
//!
//! Everyday readings next to them stay as printed.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;
use warden_secrets::redact_command_output;

#[test]
fn credentials_of_letters_in_prose_go() {
    let cases = [
        ("login: bob / tulipgarden", "login: bob / [redacted]"),
        ("Login: admin / admin", "Login: admin / [redacted]"),
        (
            "credentials bob / tulipgarden",
            "credentials bob / [redacted]",
        ),
        ("apikey tulipgarden", "apikey [redacted]"),
        ("api key tulipgarden", "api key [redacted]"),
        ("apikey Tulipgarden9", "apikey [redacted]"),
        ("access token tulipgarden", "access token [redacted]"),
        ("passphrase tulipgarden", "passphrase [redacted]"),
        ("user bob, pass tulipgarden", "user bob, pass [redacted]"),
        (
            "username bob, pass tulipgarden.",
            "username bob, pass [redacted].",
        ),
        (
            "user bob, password tulipgarden",
            "user bob, password [redacted]",
        ),
        (
            "Dec 05 12:00:01 box app[123]: apikey tulipgarden",
            "Dec 05 12:00:01 box app[123]: apikey [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn sentences_about_credentials_and_commands_stay() {
    let texts = [
        "password is shorter than 8 characters",
        "token expired",
        "login: ok",
        "login: successful",
        "apikey missing",
        "apikey required",
        "apikey invalid",
        "apikey rotated",
        "user bob, pass ok",
        "user bob, pass failed",
        "user bob, passed all checks",
        "pass through",
        "pass tests",
        "login: bob / 2 attempts",
        "login: bob / success",
        "login: GET / HTTP/1.1",
        "user bob / group staff",
        "user: bob / group: staff",
        "docker exec --user root:root web id",
        "docker run --user www-data:www-data nginx",
        "login as root",
        // Commands keep their operands: a password store's entry, a Secret's name.
        "pass show tulipgarden",
        "pass insert tulipgarden",
        "kubectl describe secret dbcreds",
        "kubectl get secret tulipgarden -o yaml",
        "docker secret rm tulipgarden",
        "vault token lookup",
        "gh auth token",
        // A table's heading parts its columns with several blanks.
        "ID  Access Token  Expires",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn passphrases_of_words_in_prose_go_whole() {
    let cases = [
        (
            "the passphrase is correct horse battery staple",
            "the passphrase is [redacted]",
        ),
        (
            "The passphrase is: correct horse battery staple",
            "The passphrase is: [redacted]",
        ),
        (
            "the password is tulip garden party",
            "the password is [redacted]",
        ),
        (
            "encryption password: correct horse battery staple",
            "encryption password: [redacted]",
        ),
        (
            "set the passphrase to correct horse battery staple",
            "set the passphrase to [redacted]",
        ),
        (
            "repository passphrase is correct horse battery staple.",
            "repository passphrase is [redacted].",
        ),
        (
            "your wifi password is purple monkey dishwasher",
            "your wifi password is [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn sentences_about_passphrases_stay() {
    let texts = [
        "the password is correct for user bob",
        "the passphrase is too short",
        "the passphrase is stored in the keyring",
        "the password is incorrect, try again",
        "the password is not valid anymore",
        "the password is the same as before",
        "the passphrase is correct and accepted",
        "the password is set and stored",
        "the password is wrong please try again",
        "password hash algorithm argon",
        "Passphrase for key '/root/.ssh/id_ed25519':",
        "Enter passphrase (empty for no passphrase):",
        "the passphrase is not set",
        "the password has expired",
        // Irregular past participles are a sentence's words there, as `-ed` forms are.
        "the passphrase is kept in the keyring",
        "the password is sent by mail",
        "the password is: see vault",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn ai_services_keys_go_by_their_prefixes_in_a_line() {
    let cases = [
        (
            "request with pa-Jf83kdleiw9qPzmn28dkQ7xYb4VcN2mLp0QrStUvWx failed",
            "request with [redacted] failed",
        ),
        (
            "pa-Jf83kd_leiw9qPzmn-28dkQ7xYb4VcN2mLp0QrStUvWx",
            "[redacted]",
        ),
        (
            "using fw_3ZkPqR7mN2xLb9VcT4sYwH8jD now",
            "using [redacted] now",
        ),
        ("fw_3zkpqr7mn2xlb9vct4sywh8j", "[redacted]"),
        (
            "sandbox key e2b_3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a set",
            "sandbox key [redacted] set",
        ),
        (
            "parse with llx-Jf83kdleiw9qPzmn28dkQ7xYb4VcN2mLp0QrStUvWxYzAbCdEf ok",
            "parse with [redacted] ok",
        ),
        (
            "crawl fc-3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e done",
            "crawl [redacted] done",
        ),
        (
            "langfuse sk-lf-3f9a1c0e-7b2d-4a6f-8e1c-3b5d7f9a0c2e",
            "langfuse [redacted]",
        ),
        (
            "runpod rpa_Jf83kdleiw9qPzmn28dkQ7xYb4VcN2mLp0QrStUvW",
            "runpod [redacted]",
        ),
        (
            "modal token set --token-id ak-Jf83kdleiw9qPzmn28dkQ7 --token-secret as-Jf83kdleiw9qPzmn28dkQ7",
            "modal token set --token-id [redacted] --token-secret [redacted]",
        ),
        (
            "token from csk-Jf83kdleiw9qPzmn28dkQ7xYb4VcN2mLp0QrStUvWxYzAbCd here",
            "token from [redacted] here",
        ),
        (
            "embed nk-Jf83kdleiw9qPzmn28dkQ7xYb4VcN2mLp0QrStUvW and mxb_Jf83kdleiw9qPzmn28dkQ7xYb4VcN2mLp0QrS",
            "embed [redacted] and [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn words_with_key_prefixes_stay() {
    let texts = [
        "pa-system",
        "pa-risc-linux-gnu",
        "fw_version=1.2.3",
        "fw_update_available",
        "as-is",
        "ak-47",
        "co-located",
        "sk-learn",
        "gsk_test",
        "e2b_sandbox",
        "fc-cache -f -v",
        "nk-cluster-prod",
        // Names of pods and hosts are lower-case, however long.
        "nk-prod-worker-deployment-7d9f8b6c5-x2k4p",
        "pa-east-1-production-cluster-node-pool-abc123-xyz",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn a_generated_key_under_the_bare_name_key_goes() {
    let cases = [
        (
            "key = Jf83kdleiw9qPzmn28dkQ7xYb4VcN2mLp0Q",
            "key = [redacted]",
        ),
        (
            "key: Jf83kdleiw9qPzmn28dkQ7xYb4VcN2mLp0Q",
            "key: [redacted]",
        ),
        (
            r#"{"name": "prod", "key": "Jf83kdleiw9qPzmn28dkQ7xYb4VcN2mLp0Q"}"#,
            r#"{"name": "prod", "key": "[redacted]"}"#,
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn keys_names_and_labels_under_key_stay() {
    let texts = [
        "key: app.kubernetes.io/name",
        "  - key: node-role.kubernetes.io/control-plane",
        "key = /etc/ssl/private/server.key",
        r#"{"key": "user_settings_2024", "value": 3}"#,
        "key: password",
        "key = 3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e",
        "key: MyServiceProduction2024",
        // `wg show`: a public key, named so.
        "interface: wg0\n  public key: xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\n  private key: (hidden)",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn placeholders_in_parentheses_stay() {
    let texts = [
        "passphrase: (none)",
        "password: (none)",
        "token: (null)",
        "password: (not set)",
        "api key: (empty)",
        "Password: (hidden)",
        "password = (none)",
        "passphrase: (empty)",
        "secret: <none>",
        "PASSWORD: <unset>",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn rsyncd_secrets_lines_are_judged_by_the_command_that_printed_them() {
    for command in [
        "cat /etc/rsyncd.secrets",
        "sudo cat /etc/rsyncd.secrets",
        "ssh nas 'cat /etc/rsyncd.secrets'",
        "ssh nas \"sudo cat /etc/rsyncd.secrets\"",
        "cat </etc/rsyncd.secrets",
        "cat < /etc/rsyncd.secrets",
        "echo $(< /etc/rsyncd.secrets)",
        "docker exec rsyncd cat /etc/rsyncd.secrets",
        "tail -n 5 /etc/rsyncd.secrets",
        "cut -d: -f2 /etc/rsyncd.secrets",
    ] {
        assert_eq!(
            redact_command_output(command, "backup:tulipgarden\n"),
            "[redacted]\n",
            "{command}"
        );
    }
    // Text alone keeps it: an image's tag and a host's port look the same.
    assert_eq!(
        changed(&["backup:tulipgarden", "nginx:alpine"]),
        Vec::<String>::new()
    );
}

#[test]
fn other_commands_output_stays() {
    let cases = [
        ("docker images", "nginx:alpine\nbackup:latest\n"),
        ("wc -l < /etc/hosts", "12\n"),
        ("ssh nas 'cat /etc/hostname'", "nas01\n"),
        ("echo $(< /etc/hostname)", "box01\n"),
        (
            "cat /etc/rsyncd.conf",
            "[backup]\n  path = /srv/backup\n  auth users = backup\n  secrets file = /etc/rsyncd.secrets\n",
        ),
    ];
    for (command, output) in cases {
        assert_eq!(redact_command_output(command, output), output, "{command}");
    }
}

#[test]
fn everyday_readings_stay() {
    let texts = [
        "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        "[stdout] 2026-12-05T05:24:01Z tick 3",
        "Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1        50G   20G   28G  42% /",
        "root         1  0.0  0.1 167772 11520 ?        Ss   Dec04   0:05 /sbin/init",
        "CONTAINER ID   IMAGE          STATUS\n3f2a9c0d1e4b   nginx:latest   Up 2 hours",
        "3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a  /usr/bin/ls",
        "Mem:           15Gi       3.1Gi       9.2Gi",
        "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP",
        r#"{"temperature": 51, "power_draw": 120.5, "model": "llama-3-8b"}"#,
        r#"127.0.0.1 - - [05/Dec/2026:05:24:01 +0000] "GET /api/v1/users?page=2 HTTP/1.1" 200 512 "-" "curl/8.5.0""#,
        "Dec 05 12:00:01 box systemd[1]: Started Daily apt upgrade and clean activities.",
        "Dec 05 12:00:01 box sshd[123]: Accepted password for bob from 10.0.0.5 port 22 ssh2",
        "password authentication failed for user \"bob\"",
        "user bob logged in, pass rate 98%",
        "api key rotated",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn go_maps_of_headers_lose_secret_lists_whole() {
    let cases = [(
        r#"level=debug msg="request" headers="map[Authorization:[Bearer tulipgarden]]""#,
        // The scheme stays and the brackets around the token too (a later pass took the
        // scheme and the closing brackets once; `round37.rs`).
        r#"level=debug msg="request" headers="map[Authorization:[Bearer [redacted]]]""#,
    )];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // The other entries of the map stay; the key's value goes.
    let got = warden_secrets::redact_text("headers: map[Accept:[*/*] X-Api-Key:[tulipgarden]]");
    assert!(
        !got.contains("tulipgarden") && got.starts_with("headers: map[Accept:[*/*] X-Api-Key:"),
        "{got}"
    );
    assert_eq!(
        changed(&["headers: map[Accept:[*/*] User-Agent:[curl/8.5.0]]"]),
        Vec::<String>::new()
    );
}

#[test]
fn recovery_codes_under_their_heading_go() {
    let cases = [
        (
            "Recovery codes:\n  a1b2c-3d4e5\n  f6g7h-8i9j0\nKeep them in a safe place.",
            "Recovery codes:\n  [redacted]\n  [redacted]\nKeep them in a safe place.",
        ),
        (
            "Your emergency scratch codes are:\n  48207135\n  91736204",
            "Your emergency scratch codes are:\n  [redacted]\n  [redacted]",
        ),
        (
            "Backup codes:\n\n1. 7f3a9c2e1b8d4f60\n2. 0c2e4b6d8f0a1c3e",
            "Backup codes:\n\n1. [redacted]\n2. [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let texts = [
        "Exit codes:\n  0 ok\n  1 error",
        "Error codes:\n  E1001\n  E1002",
        "Recovery codes were regenerated for bob",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn dvc_settings_beyond_the_project_are_refused() {
    let refused = ["/home/alice/.config/dvc/config", "/etc/xdg/dvc/config"];
    assert_eq!(missed_paths(&refused, true), Vec::<String>::new());
    let readable = [
        "/srv/repo/.dvc/config",
        "/srv/repo/dvc.yaml",
        "/srv/repo/dvc.lock",
    ];
    assert_eq!(missed_paths(&readable, false), Vec::<String>::new());
}

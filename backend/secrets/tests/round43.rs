//! Forty-third review: Fly.io's deploy tokens and redis-cli's settings and users as printed
//! without a terminal. Gaps closed as kinds:
//! - redis-cli's raw `CONFIG GET` reply (what it prints into a pipe or a file: each setting's
//!   name on one line, its value on the next) hides the value of every secret-named setting
//!   (`requirepass`, `masterauth`, `sentinel-pass`, `tls-key-file-pass`), read with the
//!   command that asked or after its prompt in a transcript; other settings (`port`, a key's
//!   path in `tls-key-file`) stay, and so do empty values.
//!
//! Checked and found hidden already, kept here so that they stay so: Fly.io's comma-joined
//! deploy tokens (`FlyV1 fm2_...,fm2_...`), alone, in an `Authorization:` header and in a
//! `FLY_API_TOKEN=` line, each part hidden; `redis-cli acl list`'s `>password` and `#hash`
//! rules, raw and numbered.
//!
//! Not changed: `~/.ssh/config`, `.password-store/.gpg-id` and `.kube/cache` stay refused.
//! Earlier rounds refuse them on purpose (round 21's settings beside SSH's keys, the
//! ecosystems' `kube/cache`, the policy corpus' `cat /root/.kube/cache/x`), and an SSH
//! client's settings may carry a secret (`SetEnv`, `ProxyCommand sshpass -p`).

mod common;

use common::{leaked_outputs, wrong_redactions};
use pretty_assertions::assert_eq;
use warden_secrets::{redact_command_output, redact_text};

const FLY_A: &str =
    "fm2_lJPECAAAAAAAAMjlxBDQ0Yk9pJ0yTqAbCdEfGhIjKlMnOpQrStUvWxYz0123456789aBcDeFgHiJk";
const FLY_B: &str =
    "fm2_lJPETuLiPgArDeN42xYzAbCdEfGhIjKlMnOpQrStUvWxYz9876543210zYxWvUtSrQpOnMlKjIh";
const FLY_C: &str = "fm1r_lJPECAAAAAAAAMjlxBDQ0Yk9pJ0yTqAbCdEfGhIjKlMnOpQrStUvWxYz0123";

#[test]
fn every_part_of_a_fly_deploy_token_goes() {
    let inputs = [
        format!("FlyV1 {FLY_A},{FLY_B}"),
        format!("Authorization: FlyV1 {FLY_A},{FLY_B},{FLY_C}"),
        format!(
            "curl -H \"Authorization: FlyV1 {FLY_A},{FLY_B}\" https://api.machines.dev/v1/apps"
        ),
        format!("FLY_API_TOKEN={FLY_A},{FLY_B}"),
        format!("export FLY_API_TOKEN=\"FlyV1 {FLY_A},{FLY_B}\""),
        format!("FLY_API_TOKEN=FlyV1 {FLY_A},{FLY_B}"),
    ];
    let expected = [
        "FlyV1 [redacted],[redacted]",
        "Authorization: FlyV1 [redacted],[redacted],[redacted]",
        "curl -H \"Authorization: FlyV1 [redacted],[redacted]\" https://api.machines.dev/v1/apps",
        "FLY_API_TOKEN=[redacted],[redacted]",
        "export FLY_API_TOKEN=\"FlyV1 [redacted],[redacted]\"",
        "FLY_API_TOKEN=FlyV1 [redacted],[redacted]",
    ];
    let cases: Vec<(&str, &str)> = inputs.iter().map(String::as_str).zip(expected).collect();
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // `fly tokens create deploy` prints the token alone.
    let printed = redact_command_output(
        "fly tokens create deploy -x 999999h",
        &format!("FlyV1 {FLY_A},{FLY_B}\n"),
    );
    assert!(
        !printed.contains("lJPE"),
        "a part of the token stayed: {printed}"
    );
}

#[test]
fn raw_config_replies_lose_secret_settings_values() {
    let cases = [
        (
            "redis-cli config get masterauth",
            "masterauth\nTulipgarden42\n",
            "masterauth\n[redacted]\n",
        ),
        (
            "redis-cli -h cache.internal CONFIG GET requirepass",
            "requirepass\nTulipgarden42\n",
            "requirepass\n[redacted]\n",
        ),
        (
            "valkey-cli --no-auth-warning -a x config get '*auth*'",
            "masterauth\nTulipgarden42\nmasteruser\nreplica\n",
            "masterauth\n[redacted]\nmasteruser\nreplica\n",
        ),
        (
            "redis-cli -p 26379 CONFIG GET sentinel-pass",
            "sentinel-pass\nTulipgarden42\n",
            "sentinel-pass\n[redacted]\n",
        ),
        (
            "redis-cli config get tls-key-file-pass | cat",
            "tls-key-file-pass\nTulipgarden42\n",
            "tls-key-file-pass\n[redacted]\n",
        ),
        // Every setting: only the secrets' values go; an empty one and a value that looks
        // like a name are values, so the pairing stays in step.
        (
            "redis-cli config get '*'",
            "dbfilename\ndump.rdb\nmasterauth\n\nmasteruser\npassword\nrequirepass\nTulipgarden42\nport\n6379\ntls-key-file\n/etc/redis/tls/redis.key\n",
            "dbfilename\ndump.rdb\nmasterauth\n\nmasteruser\npassword\nrequirepass\n[redacted]\nport\n6379\ntls-key-file\n/etc/redis/tls/redis.key\n",
        ),
        (
            "redis-cli config get maxmemory",
            "maxmemory\n0\n",
            "maxmemory\n0\n",
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(command, output, expected)| {
            let got = redact_command_output(command, output);
            (got != *expected).then(|| format!("{command}: {got:?}"))
        })
        .collect();
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn raw_config_replies_in_a_transcript_lose_secret_settings_values() {
    let cases = [
        (
            "$ redis-cli config get masterauth\nmasterauth\nTulipgarden42\n$ ls\n",
            "$ redis-cli config get masterauth\nmasterauth\n[redacted]\n$ ls\n",
        ),
        (
            "root@cache:~# redis-cli CONFIG GET requirepass\nrequirepass\nTulipgarden42\n",
            "root@cache:~# redis-cli CONFIG GET requirepass\nrequirepass\n[redacted]\n",
        ),
        (
            "$ redis-cli config get port\nport\n6379\n",
            "$ redis-cli config get port\nport\n6379\n",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // The numbered form keeps its numbering.
    assert_eq!(
        redact_text("$ redis-cli config get masterauth\n1) \"masterauth\"\n2) \"Tulipgarden42\"\n"),
        "$ redis-cli config get masterauth\n1) \"masterauth\"\n2) \"[redacted]\"\n"
    );
}

#[test]
fn acl_list_loses_passwords_and_hashes() {
    const HASH: &str = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
    let raw = format!(
        "user default on #{HASH} ~* &* +@all\nuser alice on >Tulipgarden42 ~cached:* +get\n"
    );
    let numbered = format!(
        "1) \"user default on #{HASH} ~* &* +@all\"\n2) \"user alice on >Tulipgarden42 ~cached:* +get\"\n"
    );
    let cases = [
        ("redis-cli acl list", raw.as_str(), HASH),
        ("redis-cli acl list", raw.as_str(), "Tulipgarden42"),
        ("redis-cli ACL LIST", numbered.as_str(), HASH),
        ("redis-cli ACL LIST", numbered.as_str(), "Tulipgarden42"),
    ];
    assert_eq!(leaked_outputs(&cases), Vec::<String>::new());
    // The rules around them stay.
    let got = redact_command_output("redis-cli acl list", &raw);
    assert_eq!(
        got,
        "user default on #[redacted] ~* &* +@all\nuser alice on >[redacted] ~cached:* +get\n"
    );
}

//! Thirty-seventh review: ordinary text the redaction hid, text around a hidden value it
//! broke, and secret files read by commands that name the file without printing it
//! themselves. Gaps closed as kinds:
//! - a value that is a count, a state word or a column's title is no secret: a test run's
//!   summary (`pass: 12 fail: 0 skip: 1`), a table's heading row (`NAME   API KEY
//!   Description`, `ID   TOKEN   EXPIRES`; the rows below it are judged as before), a tool's
//!   word for whether it holds a secret (`passphrase: set`, `secret: configured`, `password:
//!   locked`); `pass: 12` alone stays hidden, as a password of digits looks the same; a
//!   value a tool masked itself (`Token: gho_****...` in `gh auth status`,
//!   `****************ABCD`) and a count of tries (`password: 3 attempts left`);
//! - Go's printed maps (`map[Authorization:[Bearer x] Cookie:[y]]`): a later pass read the
//!   hidden list again and took the scheme and the closing brackets with it (`Cookie:[redacted]`
//!   where the map had `Cookie:[[redacted]]]`); a value hidden already, in its brackets, is
//!   now left as it is, and a cookie's list ends at its bracket;
//! - a secret file read through another program: `find -name rsyncd.secrets -exec cat {} \;`,
//!   `find ... | xargs cat`, `echo FILE | xargs cat`, `xargs -a FILE echo`, a loop or a
//!   program given the file on its input (`while read l; do ...; done < FILE`, `tee < FILE`),
//!   `dd if=FILE`, interpreters opening it (`python3 -c 'print(open("FILE").read())'`, `perl
//!   -pe '' FILE`), and the readers that rearrange lines (`paste`, `diff`, `zcat`); listing it
//!   (`ls -l`, `find -name`) still shows what it printed.
//!
//! - rclone's remotes configured by environment (`RCLONE_CONFIG_B2_KEY=...` in `env` or
//!   `docker inspect`): a backend's bare `KEY` option is its secret, as `key =` is in
//!   `rclone.conf`;
//! - NuGet's `<apikeys>`: an `<add key="https://..." value="..."/>` keyed by a feed's URL, its
//!   value judged by the section it sits in;
//! - files refused by name: RKE2's `registries.yaml` (k3s' was), NetBird's client state
//!   (`/var/lib/netbird/default.json`), vmauth's users, ntfy's client settings
//!   (`client.yml`: its default token), acme.sh's `account.conf` under `/etc/acme.sh`,
//!   Node-RED's `settings.js` under `nodered/`, UpCloud's `upctl.yaml`.
//!
//! Everyday readings next to them stay as printed.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;
use warden_secrets::redact_command_output;

#[test]
fn counts_states_and_headings_stay() {
    let texts = [
        "pass: 12 fail: 0 skip: 1",
        "PASS: 40 FAIL: 2",
        "pass=12, fail=0, skip=1",
        "tests: 40 passed: 39 failed: 1 skipped: 0",
        "NAME        API KEY        Description",
        "ID   TOKEN   EXPIRES",
        "NAME    TOKEN    CREATED    EXPIRES",
        "NAME\tSECRET\tAGE",
        "passphrase: set",
        "token: present",
        "password: unchanged",
        "api_key: <redacted>",
        "secret: configured",
        "password: locked",
        "token: active",
        "encryption passphrase: stored",
        "tokens: 3",
        "passwords: 12",
        "  - Token: gho_************************************",
        "secret_key     ****************ABCD shared-credentials-file",
        "api_key: sk-...••••••••wxyz",
        "password: 3 attempts left",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn values_next_to_counts_states_and_headings_go() {
    let cases = [
        // A password of digits alone looks like a count: without the other counts of a
        // summary beside it, it goes.
        ("pass: 1234", "pass: [redacted]"),
        ("password: 12345678", "password: [redacted]"),
        ("passphrase: settled", "passphrase: [redacted]"),
        ("secret: Tulipgarden9", "secret: [redacted]"),
        // Masks with more than a few characters left in clear are no masks.
        (
            "token: gho_16C7e42F292c6912E7710c838347Ae178B4a****",
            "token: [redacted]",
        ),
        // The row under a heading is judged as before; the heading stays.
        (
            "ID        TOKEN                  EXPIRES\na1        Zx9Qk2LmP4aaBBcc       2026-12-31",
            "ID        TOKEN                  EXPIRES\na1        [redacted]       2026-12-31",
        ),
        // A cell of letters after a secret's name, outside a heading of capitals, stays a
        // value.
        ("api key   tulipgarden", "api key   [redacted]"),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn go_maps_keep_their_brackets() {
    let cases = [
        (
            "map[Authorization:[Bearer x] Cookie:[y]]",
            "map[Authorization:[Bearer [redacted]] Cookie:[[redacted]]]",
        ),
        (
            "headers=map[Authorization:[Bearer tulipgardenXYZ123] Cookie:[session=abc123def456]]",
            "headers=map[Authorization:[Bearer [redacted]] Cookie:[[redacted]]]",
        ),
        (
            "req headers: map[Accept:[*/*] Cookie:[sid=tulipgarden] X-Api-Key:[tulipgarden99]]",
            "req headers: map[Accept:[*/*] Cookie:[[redacted]] X-Api-Key:[[redacted]]]",
        ),
        (
            "map[Authorization:[Bearer tulipgarden] Cookie:[y] Accept:[*/*]]",
            "map[Authorization:[Bearer [redacted]] Cookie:[[redacted]] Accept:[*/*]]",
        ),
        (
            "config: map[db:map[password:tulipgarden host:db]]",
            "config: map[db:map[password:[redacted] host:db]]",
        ),
        // A cookie header elsewhere still loses its whole value.
        ("Cookie: sid=tulipgarden; theme=dark", "Cookie: [redacted]"),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn secret_files_read_through_other_programs_go() {
    for command in [
        r"find /etc -name rsyncd.secrets -exec cat {} \;",
        "find /etc -name rsyncd.secrets -exec cat {} +",
        "find /etc -name 'rsyncd.*' -execdir head {} \\;",
        "find /etc -name rsyncd.secrets | xargs cat",
        "find /etc -name rsyncd.secrets -print0 | xargs -0 cat",
        "echo /etc/rsyncd.secrets | xargs cat",
        "xargs -a /etc/rsyncd.secrets echo",
        "sed -n p /etc/rsyncd.secrets",
        "awk 1 /etc/rsyncd.secrets",
        "head -n 100 /etc/rsyncd.secrets",
        "while read l; do echo \"$l\"; done < /etc/rsyncd.secrets",
        "while read -r l; do echo $l; done </etc/rsyncd.secrets",
        "tee < /etc/rsyncd.secrets",
        "dd if=/etc/rsyncd.secrets status=none",
        "python3 -c 'print(open(\"/etc/rsyncd.secrets\").read())'",
        "perl -pe '' /etc/rsyncd.secrets",
        "ruby -e 'puts File.read(\"/etc/rsyncd.secrets\")'",
        "php -r 'echo file_get_contents(\"/etc/rsyncd.secrets\");'",
        "paste /etc/rsyncd.secrets",
        "diff /etc/rsyncd.secrets /tmp/rsyncd.secrets.bak",
        "find /srv -name '*.env' -exec cat {} +",
        "ssh nas 'find /etc -name rsyncd.secrets -exec cat {} \\;'",
    ] {
        assert_eq!(
            redact_command_output(command, "backup:tulipgarden\n"),
            "[redacted]\n",
            "{command}"
        );
    }
}

#[test]
fn listing_secret_files_stays() {
    let cases = [
        (
            "ls -l /etc/rsyncd.secrets",
            "-rw------- 1 root root 19 Dec  5 12:00 /etc/rsyncd.secrets\n",
        ),
        ("find /etc -name rsyncd.secrets", "/etc/rsyncd.secrets\n"),
        (
            "find /etc -name rsyncd.secrets -exec ls -l {} \\;",
            "-rw------- 1 root root 19 Dec  5 12:00 /etc/rsyncd.secrets\n",
        ),
        (
            "while read l; do echo \"$l\"; done < /etc/hosts",
            "127.0.0.1 localhost\n",
        ),
        (
            "find /etc -name '*.conf' | xargs grep -l listen",
            "/etc/nginx/nginx.conf\n",
        ),
        ("echo /etc/hostname | xargs cat", "box01\n"),
        // A script run with a settings file's path prints its own output.
        (
            "python3 manage.py check --env-file .env",
            "System check identified no issues.\n",
        ),
        ("node server.js /srv/app/.env", "listening on 3000\n"),
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
        "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\nroot         1  0.0  0.1 167772 11520 ?        Ss   Dec04   0:05 /sbin/init",
        "CONTAINER ID   IMAGE          COMMAND                  CREATED       STATUS       PORTS     NAMES\n3f2a9c0d1e4b   nginx:latest   \"/docker-entrypoint.…\"   2 hours ago   Up 2 hours   80/tcp    web",
        "3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a  /usr/bin/ls",
        "               total        used        free      shared  buff/cache   available\nMem:           15Gi       3.1Gi       9.2Gi       0.1Gi       3.0Gi        12Gi",
        "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP",
        r#"{"temperature": 51, "power_draw": 120.5, "model": "llama-3-8b"}"#,
        r#"127.0.0.1 - - [05/Dec/2026:05:24:01 +0000] "GET /api/v1/users?page=2 HTTP/1.1" 200 512 "-" "curl/8.5.0""#,
        "Dec 05 12:00:01 box systemd[1]: Started Daily apt upgrade and clean activities.",
        "NAME      READY   STATUS    RESTARTS   AGE\nweb-0     1/1     Running   0          3d",
        "map[Accept:[*/*] User-Agent:[curl/8.5.0]]",
        "ok: 12 changed: 3 unreachable: 0 failed: 0 skipped: 1",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn rclone_environment_and_nuget_api_keys_go() {
    let cases = [
        (
            "RCLONE_CONFIG_B2_KEY=tulipgarden",
            "RCLONE_CONFIG_B2_KEY=[redacted]",
        ),
        (
            "            \"RCLONE_CONFIG_OFFSITE_KEY=tulipgarden\",",
            "            \"RCLONE_CONFIG_OFFSITE_KEY=[redacted]\",",
        ),
        (
            "  <apikeys>\n    <add key=\"https://www.nuget.org/api/v2/package\" value=\"AQAAANCMnd8BFdERjHoAwE/Cl+sBAAAA\" />\n  </apikeys>",
            "  <apikeys>\n    <add key=\"https://www.nuget.org/api/v2/package\" value=\"[redacted]\" />\n  </apikeys>",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // A feed's other sections keep their values: the sources' URLs, the settings.
    assert_eq!(
        changed(&[
            "RCLONE_CONFIG_B2_TYPE=b2\nRCLONE_CONFIG_B2_ACCOUNT=0012345abcdef0000000001",
            "<packageSources>\n  <add key=\"nuget.org\" value=\"https://api.nuget.org/v3/index.json\" />\n</packageSources>",
            "<apikeys>\n</apikeys>\n<config>\n  <add key=\"globalPackagesFolder\" value=\"/srv/nuget\" />\n</config>",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn service_and_tool_settings_are_refused_by_name() {
    let secret = [
        "/etc/rancher/rke2/registries.yaml",
        "/var/lib/netbird/default.json",
        "/etc/vmauth/config.yml",
        "/root/.config/ntfy/client.yml",
        "/etc/acme.sh/account.conf",
        "/srv/nodered/settings.js",
        "/root/.config/upcloud/upctl.yaml",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
    let readable = [
        "/etc/containers/registries.conf",
        "/srv/app/default.json",
        "/srv/app/config/default.json",
        "/etc/ntfy/README.md",
        "/srv/app/settings.js",
        "/etc/haproxy/haproxy.cfg",
    ];
    assert_eq!(missed_paths(&readable, false), Vec::<String>::new());
}

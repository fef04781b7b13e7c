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
    // What it holds is public: the file tools' content check passes it, and nothing is
    // hidden when it is printed.
    assert_eq!(
        warden_secrets::sensitive_content(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1Y2t5IGtleSBmb3IgdGVzdGluZyBvbmx5 alice@laptop\n"
        ),
        None
    );
    assert_eq!(
        changed(&[
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1Y2t5IGtleSBmb3IgdGVzdGluZyBvbmx5 alice@laptop",
            "command=\"/usr/bin/backup\",no-pty ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 backup@h",
        ]),
        Vec::<String>::new()
    );
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
        "Use the --password flag to pass it",
        "the --password option is deprecated",
        "--token is required",
        "password minlen 12",
        "auth: password",
        "authentication: publickey",
        "auth_method: token",
        "set password before deploying",
        "set password later",
        "password mismatch",
        "password saved",
        "password invalid",
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
        ("curl --token abc123 x", "curl --token [redacted] x"),
        ("auth: hunter2x", "auth: [redacted]"),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

const SHA: &str = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
const BCRYPT: &str = "$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234";

#[test]
fn hash_columns_of_accounts_lose_their_values() {
    let cases: Vec<(String, String)> = vec![
        (
            format!(" id | user  | hash\n----+-------+------\n  1 | alice | {BCRYPT}\n  2 | bob   | {SHA}"),
            " id | user  | hash\n----+-------+------\n  1 | alice | [redacted]\n  2 | bob   | [redacted]".to_owned(),
        ),
        (
            format!("id|user|hash\n1|alice|{SHA}\n2|bob|{SHA}"),
            "id|user|hash\n1|alice|[redacted]\n2|bob|[redacted]".to_owned(),
        ),
        (
            format!("id,username,digest\n1,alice,{SHA}"),
            "id,username,digest\n1,alice,[redacted]".to_owned(),
        ),
        (
            format!("ID  USER   HASH\n1   alice  {SHA}"),
            "ID  USER   HASH\n1   alice  [redacted]".to_owned(),
        ),
        (
            format!("sqlite> select id, login, hash from users;\n1|alice|{SHA}"),
            "sqlite> select id, login, hash from users;\n1|alice|[redacted]".to_owned(),
        ),
        (
            format!("INSERT INTO users (id, email, hashed) VALUES (1, 'a@x.io', '{SHA}');"),
            "INSERT INTO users (id, email, hashed) VALUES (1, 'a@x.io', '[redacted]');".to_owned(),
        ),
        (
            format!("users:\n  - name: alice\n    hash: {SHA}\n    salt: a1b2c3d4e5\n  - name: bob\n    hash: \"{SHA}\"\n"),
            "users:\n  - name: alice\n    hash: [redacted]\n    salt: [redacted]\n  - name: bob\n    hash: \"[redacted]\"\n".to_owned(),
        ),
        (
            format!("{{\"user\": \"alice\", \"hash\": \"{SHA}\", \"salt\": \"xyz123\"}}"),
            "{\"user\": \"alice\", \"hash\": \"[redacted]\", \"salt\": \"[redacted]\"}".to_owned(),
        ),
        (
            format!("[\n  {{\n    \"email\": \"a@x.io\",\n    \"digest\": \"{SHA}\"\n  }}\n]"),
            "[\n  {\n    \"email\": \"a@x.io\",\n    \"digest\": \"[redacted]\"\n  }\n]".to_owned(),
        ),
        (
            format!("user=alice pwhash={SHA}"),
            "user=alice pwhash=[redacted]".to_owned(),
        ),
    ];
    for column in [
        "password_hash",
        "passwd",
        "pwhash",
        "crypted_password",
        "encrypted_password",
        "salt",
        "hash",
        "digest",
    ] {
        let text = format!("- username: alice\n  {column}: {SHA}\n");
        assert_eq!(
            warden_secrets::redact_text(&text),
            format!("- username: alice\n  {column}: [redacted]\n"),
            "{column}"
        );
        let table = format!("id,user,{column}\n1,alice,{SHA}");
        assert_eq!(
            warden_secrets::redact_text(&table),
            format!("id,user,{column}\n1,alice,[redacted]"),
            "{column}"
        );
    }
    let pairs: Vec<(&str, &str)> = cases
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(wrong_redactions(&pairs), Vec::<String>::new());
    // JSON records as values, not text.
    let record = serde_json::json!({"username": "alice", "hash": SHA, "id": 1});
    assert_eq!(
        warden_secrets::redact(&record),
        serde_json::json!({"username": "alice", "hash": "[redacted]", "id": 1})
    );
}

#[test]
fn commit_hashes_checksums_and_image_digests_stay() {
    let texts = [
        "commit 3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c\nAuthor: Alice <a@x.io>\nDate:   Mon Jan 1\n"
            .to_owned(),
        format!("{SHA}  release.tar.gz"),
        format!("nginx@sha256:{SHA}"),
        format!(
            "REPOSITORY   TAG       DIGEST                                                                    IMAGE ID       CREATED       SIZE\nnginx        latest    sha256:{SHA}   605c77e624dd   2 years ago   141MB"
        ),
        format!(
            "entries:\n  nginx:\n  - apiVersion: v2\n    name: nginx\n    digest: {SHA}\n    version: 1.0.0\n"
        ),
        format!(
            "[[package]]\nname = \"requests\"\nversion = \"2.31\"\nfiles = [\n    {{file = \"requests-2.31.whl\", hash = \"sha256:{SHA}\"}},\n]"
        ),
        format!(
            "{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:{SHA}\",\"size\":1234}}"
        ),
        format!("hash: {SHA}"),
        format!("| commit | hash |\n|---|---|\n| x | {SHA} |"),
        format!("$ git log --format='%H %an'\n{SHA} alice"),
    ];
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    assert_eq!(changed(&texts), Vec::<String>::new());
    let record = serde_json::json!({"name": "nginx", "digest": SHA, "version": "1.0"});
    assert_eq!(warden_secrets::redact(&record), record);
}

#[test]
fn json_records_named_for_a_person_lose_their_hash() {
    let record = serde_json::json!({"name": "alice", "hash": SHA});
    assert_eq!(
        warden_secrets::redact(&record),
        serde_json::json!({"name": "alice", "hash": "[redacted]"})
    );
}

#[test]
fn plain_passwords_of_delimited_account_rows_are_hidden() {
    let wrong = wrong_redactions(&[
        ("alice|letmein", "alice|[redacted]"),
        (
            "alice|letmein\nbob|hunter",
            "alice|[redacted]\nbob|[redacted]",
        ),
        ("alice | letmein", "alice | [redacted]"),
        ("alice\tletmein", "alice\t[redacted]"),
        ("alice,letmein", "alice,[redacted]"),
        (
            "alice:letmein\nbob:hunter",
            "alice:[redacted]\nbob:[redacted]",
        ),
        ("bob@example.com,letmein", "bob@example.com,[redacted]"),
        (
            "$ cat /srv/app/users.txt\nalice:letmein\nbob:hunter",
            "$ cat /srv/app/users.txt\nalice:[redacted]\nbob:[redacted]",
        ),
        // A header naming the password's column, whatever the delimiter.
        (
            "user|password\nalice|letmein",
            "user|password\nalice|[redacted]",
        ),
        (
            "user | password\nalice | letmein",
            "user | password\nalice | [redacted]",
        ),
        (
            "user:password\nalice:letmein",
            "user:password\nalice:[redacted]",
        ),
        (
            "username\tpassword\nalice\tletmein",
            "username\tpassword\nalice\t[redacted]",
        ),
        (
            "user, password, email\nalice, letmein, a@x.io",
            "user, password, email\nalice, [redacted], a@x.io",
        ),
        (
            "name,url,username,password\nGmail,https://mail.google.com,alice,letmein",
            "name,url,username,password\nGmail,https://mail.google.com,alice,[redacted]",
        ),
        (
            "id|user|password\n1|alice|letmein",
            "id|user|password\n1|alice|[redacted]",
        ),
        (
            "login;password\nalice;letmein",
            "login;password\nalice;[redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    // Pipelines, labels, numbers, paths, tags, statuses and placeholders stay.
    let changed = changed(&[
        "cat|grep",
        "ls|wc",
        "status|ok",
        "db|5432",
        "root|/bin/bash",
        "nginx,1.25\nredis,alpine",
        "web,nginx:latest",
        "notes.txt, todo.md",
        "web-7d9\tRunning\nweb-8e1\tSucceeded",
        "root|x",
        "bin|bin",
        "yes|no",
        "password|passwd",
        "foo:bar",
        "hello:world",
        "nginx:alpine\nredis:latest\npostgres:16",
        "alice|letmein|extra\nbob",
        "$ sqlite3 app.db \"select email, name from users\"\na@x|Alice",
        "usename|usesuper\nbob|t",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

/// Credential files of cloud CLIs, CI tools, package managers, databases, VPNs, browsers and
/// password managers, as they are named.
const CREDENTIAL_FILES: &[&str] = &[
    "/home/u/.aws/credentials",
    "/home/u/.config/gcloud/application_default_credentials.json",
    "/home/u/.azure/msal_token_cache.json",
    "/home/u/.oci/config",
    "/home/u/.config/doctl/config.yaml",
    "/home/u/.config/hcloud/cli.toml",
    "/home/u/.config/openstack/clouds.yaml",
    "/home/u/.s3cfg",
    "/home/u/.config/rclone/rclone.conf",
    "/home/u/.terraform.d/credentials.tfrc.json",
    "/home/u/.vault-token",
    "/home/u/.config/gh/hosts.yml",
    "/home/u/.circleci/cli.yml",
    "/etc/gitlab-runner/config.toml",
    "/home/runner/actions-runner/.credentials",
    "/var/lib/jenkins/credentials.xml",
    "/etc/jenkins_jobs/jenkins_jobs.ini",
    "/home/u/.config/bk.yaml",
    "/home/u/.config/octopus/cli_config.json",
    "/home/u/.influxdbv2/configs",
    "/home/u/.influx/configs",
    "/home/u/.npmrc",
    "/home/u/.pypirc",
    "/home/u/.cargo/credentials.toml",
    "/home/u/.gem/credentials",
    "/home/u/.m2/settings-security.xml",
    "/home/u/.config/pypoetry/auth.toml",
    "/home/u/.config/composer/auth.json",
    "/home/u/.docker/config.json",
    "/home/u/.config/containers/auth.json",
    "/home/u/.kube/config",
    "/home/u/.pgpass",
    "/home/u/.my.cnf",
    "/home/u/.mylogin.cnf",
    "/etc/mysql/debian.cnf",
    "/home/u/.cassandra/cqlshrc",
    "/home/u/.databrickscfg",
    "/home/u/.dbt/profiles.yml",
    "/etc/openvpn/client/auth.txt",
    "/home/u/client.ovpn",
    "/etc/wireguard/wg0.conf",
    "/etc/NetworkManager/system-connections/Home.nmconnection",
    "/etc/ipsec.secrets",
    "/etc/wpa_supplicant/wpa_supplicant.conf",
    "/home/u/.pvpn-cli/pvpnpass",
    "/home/u/.mozilla/firefox/abc.default/logins.json",
    "/home/u/.mozilla/firefox/abc.default/key4.db",
    "/home/u/.config/google-chrome/Default/Login Data",
    "/home/u/.config/BraveSoftware/Brave-Browser/Default/Login Data",
    "/home/u/Passwords.kdbx",
    "/home/u/.local/share/keyrings/login.keyring",
    "/home/u/.password-store/email.gpg",
    "/home/u/.config/Bitwarden/data.json",
    "/home/u/bitwarden_export_20240101.json",
    "/home/u/passwords.csv",
    "/home/u/passwords.docx",
    "/home/u/Passwords.numbers",
    "/home/u/vault.enpassdb",
    "/home/u/.config/remmina/remmina.pref",
    "/home/u/office.rdp",
    "/home/u/.cloudflare.ini",
    "/root/.secrets/certbot/digitalocean.ini",
    "/home/u/route53_credentials.ini",
    "/home/u/.ovh.ini",
    "/root/nomad-bootstrap.json",
];

#[test]
fn credential_files_and_their_backups_are_refused_by_kind() {
    const BACKUPS: &[&str] = &[
        "",
        "~",
        ".bak",
        ".old",
        ".orig",
        ".swp",
        ".save",
        ".2024-01-01",
        "-20240101",
        ".bak.1",
        ".backup",
        ".un~",
        "-copy",
        "_copy",
        " (copy)",
        ".~1~",
        ".dpkg-old",
        "_old",
    ];
    let mut paths = Vec::new();
    for file in CREDENTIAL_FILES {
        for suffix in BACKUPS {
            paths.push(format!("{file}{suffix}"));
        }
        // A copy hidden by a dot or marked by a word in front.
        let (dir, name) = file.rsplit_once('/').unwrap_or(("", file));
        for prefix in ["old_", "backup-", "Copy of ", "."] {
            if !(prefix == "." && name.starts_with('.')) {
                paths.push(format!("{dir}/{prefix}{name}"));
            }
        }
    }
    // Vim's swap file of a dotfile written with one dot.
    paths.push("/home/u/.conan/.conan.db.swp".to_owned());
    paths.push("/etc/.shadow".to_owned());
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    assert_eq!(missed_paths(&paths, true), Vec::<String>::new());
    // Their readable neighbours stay readable.
    let readable = missed_paths(
        &[
            "/srv/app/.gitignore",
            "/srv/app/.secrets.baseline",
            "/srv/app/.sops.yaml",
            "/srv/app/tox.ini",
            "/srv/app/php.ini",
            "/srv/app/old_README.md",
            "/srv/app/backup-script.sh",
            "/srv/app/.editorconfig",
            "/srv/docs/report.pdf",
            "/home/u/.config/k9s/config.yml",
            "/home/u/.config/freerdp/known_hosts2",
            "/srv/app/.env.example",
        ],
        false,
    );
    assert_eq!(readable, Vec::<String>::new());
}

#[test]
fn maps_of_accounts_keyed_by_their_names_lose_their_hashes() {
    let wrong = wrong_redactions(&[
        (
            "users:\n  alice:\n    hash: 5e884898da28\n    disabled: false\n  bob:\n    digest: 9f86d081884c\n",
            "users:\n  alice:\n    hash: [redacted]\n    disabled: false\n  bob:\n    digest: [redacted]\n",
        ),
        (
            "{\n  \"accounts\": {\n    \"alice\": {\n      \"hash\": \"5e884898da28\"\n    }\n  }\n}",
            "{\n  \"accounts\": {\n    \"alice\": {\n      \"hash\": \"[redacted]\"\n    }\n  }\n}",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    assert_eq!(
        changed(&["images:\n  nginx:\n    digest: 5e884898da28\n"]),
        Vec::<String>::new()
    );
}

/// The copy readings take one reading a level, so a name built of many marks is judged in
/// time linear in its marks rather than one reading per combination.
#[test]
fn names_of_many_copy_marks_are_judged_quickly() {
    let started = std::time::Instant::now();
    for name in [
        format!("/tmp/{}", ".a.swp".repeat(40)),
        format!("/tmp/{}x", ".old_".repeat(50)),
        format!("/tmp/{}x", "%2e".repeat(80)),
        format!("/home/u/{}.pgpass", "backup-".repeat(30)),
    ] {
        let _ = warden_secrets::sensitive_path(std::path::Path::new(&name));
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert!(
        warden_secrets::sensitive_path(std::path::Path::new(&format!(
            "/home/u/{}.pgpass",
            "old_".repeat(5)
        )))
        .is_some()
    );
}

#[test]
fn mysql_vertical_rows_of_accounts_lose_their_hashes() {
    let wrong = wrong_redactions(&[(
        "mysql> select * from users\\G\n*************************** 1. row ***************************\n   id: 1\nlogin: alice\n hash: 5e884898da28\n1 row in set (0.00 sec)",
        "mysql> select * from users\\G\n*************************** 1. row ***************************\n   id: 1\nlogin: alice\n hash: [redacted]\n1 row in set (0.00 sec)",
    )]);
    assert_eq!(wrong, Vec::<String>::new());
}

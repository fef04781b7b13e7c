//! Twenty-second review: every spelling of a copy (file managers', package managers',
//! rotations, dated, archived, unfinished, editors') is read as the file it copies, by one list
//! the command classifier shares; a hash column beside a bare `id` or `name` is a password's
//! while checksums and commits stay; key files of every type are refused by their name.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;
use warden_secrets::backup_original;

/// Every mark a copy of a file may carry, as `{}` around the file's name.
const COPY_SPELLINGS: &[&str] = &[
    "{}-copy",
    "{}_copy",
    "{} (copy)",
    "{}.copy",
    "{} copy",
    "{}.1",
    "{}.2",
    "{}.12",
    "{}~",
    "{}~1~",
    "{}.~1~",
    "{}.~12~",
    "{}-",
    "{}.bak",
    "{}.dpkg-old",
    "{}.dpkg-dist",
    "{}.dpkg-new",
    "{}.rpmsave",
    "{}.rpmnew",
    "{}.ucf-old",
    "{}.ucf-new",
    "{}.pacnew",
    "{}.pacsave",
    "{}.tmp",
    "{}.part",
    "{}.partial",
    "{}.crdownload",
    "{}.gz",
    "{}.bz2",
    "{}.xz",
    "{}.zst",
    "{}.zip",
    "{}.tar",
    "{}.tar.gz",
    "{}.1.gz",
    "{}.2024-01-01",
    "{}-20240101",
    "{}-20240101.gz",
    ".{}.swp",
    ".{}.swo",
    "#{}#",
    ".#{}",
    "{}.bak~",
    // Numbered copy marks, package managers' marks of any action, more compressors, Vim's
    // other swap names, timestamps, the file written before a rename, `vipw`'s working copy.
    "{} copy 2",
    "{}-copy-1",
    "{}_copy2",
    "{}.copy.3",
    "{} - Copy (2)",
    "{}.dpkg-remove",
    "{}.ucf-dist",
    "{}.rpmorig",
    "{}.merge-error",
    "{}.lz",
    "{}.lzo",
    "{}.br",
    ".{}.swm",
    ".{}.swx",
    ".{}.swpx",
    "{}.20240101T120000Z",
    "{}_20240101_120000",
    "{}.bak.1",
    "{}.old.gz",
    "{}+",
    "{}.edit",
];

#[test]
fn every_spelling_of_a_copy_is_the_file_it_copies() {
    let mut wrong = Vec::new();
    for file in [
        "shadow",
        "id_rsa",
        ".pgpass",
        "credentials.json",
        "wg0.conf",
    ] {
        for spelling in COPY_SPELLINGS {
            let copy = spelling.replace("{}", file);
            // Vim's swap file of a dotfile has one dot (`.pgpass.swp`), which reads as the swap
            // file of `pgpass` too: the file tools judge both readings (tested below).
            let copy = copy.replace("..", ".");
            let got = backup_original(&copy);
            let swap_of_dotfile = file.starts_with('.') && spelling.starts_with(".{}.sw");
            // Windows numbers copies inside the copy's mark, which `backup_original` reads
            // through the file tools' reading of copy numbers (`.env (1)`), not alone.
            if spelling.contains("Copy (") {
                continue;
            }
            if got != file && !(swap_of_dotfile && got == file[1..]) {
                wrong.push(format!("{copy} read as {got}"));
            }
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn copies_of_secret_files_are_refused_in_every_spelling() {
    let mut paths = Vec::new();
    for file in [
        "/etc/shadow",
        "/home/a/.ssh/id_ed25519",
        "/home/a/.pgpass",
        "/srv/app/.env",
        "/home/a/.aws/credentials",
        "/etc/wireguard/wg0.conf",
    ] {
        for spelling in COPY_SPELLINGS {
            let (dir, name) = file.rsplit_once('/').unwrap_or(("", file));
            let copy = spelling.replace("{}", name).replace("..", ".");
            paths.push(format!("{dir}/{copy}"));
        }
    }
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    assert_eq!(missed_paths(&paths, true), Vec::<String>::new());
}

#[test]
fn names_without_copy_marks_keep_their_case_and_stay() {
    for name in [
        "syslog",
        "Login Data",
        "id_ed25519",
        "wg-0",
        "key_1",
        "-",
        ".",
        "..",
        "x",
    ] {
        assert_eq!(backup_original(name), name, "{name}");
    }
    assert_eq!(backup_original("Login Data.BAK"), "Login Data");
    assert_eq!(backup_original("NuGet.Config~1~"), "NuGet.Config");
    // Ordinary files with numbers or archives stay readable.
    let refused = missed_paths(
        &[
            "/usr/share/man/man1/ls.1.gz",
            "/var/log/syslog.1",
            "/var/log/nginx/access.log-20240101.gz",
            "/home/a/shadow-utils-4.8.tar.gz",
            "/home/a/notes.txt.part",
            "/home/a/x-",
            "/home/a/report copy 2.pdf",
            "/home/a/keys/key_1",
            "/usr/bin/g++",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

const SHA: &str = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
const BCRYPT: &str = "$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234";

#[test]
fn hash_columns_beside_a_bare_id_or_name_lose_their_values() {
    let cases: Vec<(String, String)> = vec![
        (
            format!("id|name|hash\n1|alice|{SHA}\n2|bob|{SHA}"),
            "id|name|hash\n1|alice|[redacted]\n2|bob|[redacted]".to_owned(),
        ),
        (
            format!(" id | name  | hash\n----+-------+------\n  1 | alice | {BCRYPT}"),
            " id | name  | hash\n----+-------+------\n  1 | alice | [redacted]".to_owned(),
        ),
        (
            format!("id,name,hash\n1,alice,{SHA}"),
            "id,name,hash\n1,alice,[redacted]".to_owned(),
        ),
        (
            format!("id\tname\thash\n1\talice\t{SHA}"),
            "id\tname\thash\n1\talice\t[redacted]".to_owned(),
        ),
        (
            format!("ID  NAME   HASH\n1   alice  {SHA}"),
            "ID  NAME   HASH\n1   alice  [redacted]".to_owned(),
        ),
        (
            format!("name|hash\nalice|{SHA}"),
            "name|hash\nalice|[redacted]".to_owned(),
        ),
        (
            format!("id|hash\n1|{SHA}"),
            "id|hash\n1|[redacted]".to_owned(),
        ),
        (
            format!("id | name | crypted\n1 | bob | {SHA}"),
            "id | name | crypted\n1 | bob | [redacted]".to_owned(),
        ),
        (
            format!("| id | name | hash |\n|----|------|------|\n| 1 | alice | {SHA} |"),
            "| id | name | hash |\n|----|------|------|\n| 1 | alice | [redacted]                                                       |"
                .to_owned(),
        ),
        (
            format!("sqlite> select id, name, hash from users;\n1|alice|{SHA}"),
            "sqlite> select id, name, hash from users;\n1|alice|[redacted]".to_owned(),
        ),
        (
            format!("INSERT INTO users (id, name, hash) VALUES (1, 'alice', '{SHA}');"),
            "INSERT INTO users (id, name, hash) VALUES (1, 'alice', '[redacted]');".to_owned(),
        ),
    ];
    let pairs: Vec<(&str, &str)> = cases
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(wrong_redactions(&pairs), Vec::<String>::new());
}

#[test]
fn checksums_digests_and_commits_beside_a_name_stay() {
    let texts = [
        format!("id|name|sha256\n1|release.tar.gz|{SHA}"),
        format!("name,md5\nrelease.tar.gz,{}", &SHA[..32]),
        format!("NAME  DIGEST  SIZE\nnginx sha256:{SHA}  141MB"),
        "id,name,commit_hash\n1,fix,3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c".to_owned(),
        format!("id | name | hash | size\n1 | release.tar.gz | {SHA} | 1234"),
        format!("id,name,file,hash\n1,x,a.tgz,{SHA}"),
        format!("id|name|version|hash\n1|serde|1.0.200|{SHA}"),
        // An abbreviated commit is shorter than any password's hash.
        " id | name  | hash\n----+-------+------\n  1 | alice | 3f2b1c4e".to_owned(),
        "id,name,hash\n1,fix typo,3f2b1c4".to_owned(),
        "NAME        READY  HASH\nweb-7d9f8b  1/1    5d4f9c7b8".to_owned(),
        format!("{SHA}  release.tar.gz"),
        format!("hash: {SHA}"),
    ];
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn key_files_of_every_type_are_refused_by_name() {
    let readable = missed_paths(
        &[
            "/home/a/id_ed448",
            "/home/a/id_x25519",
            "/home/a/id_ecdsa_sk",
            "/home/a/id_ed25519_sk",
            "/home/a/id_xmss",
            "/home/a/keys/id_ed448_work",
            "/srv/deploy_secp256k1",
            "/srv/signer_nistp256",
            "/home/a/.scwrc",
            "/home/a/.config/scw/config.yaml",
        ],
        true,
    );
    assert_eq!(readable, Vec::<String>::new());
    let refused = missed_paths(
        &[
            "/home/a/.ssh/id_ed448.pub",
            "/home/a/.ssh/id_x25519.pub",
            "/srv/app/src/id_ed448_test.go",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn secret_files_of_every_kind_are_refused() {
    let readable = missed_paths(
        &[
            // Cloud CLIs.
            "/home/a/.aws/credentials",
            "/home/a/.config/gcloud/application_default_credentials.json",
            "/home/a/.azure/msal_token_cache.json",
            "/home/a/.oci/config",
            "/home/a/.config/doctl/config.yaml",
            "/home/a/.config/linode-cli",
            "/home/a/.config/hcloud/cli.toml",
            "/home/a/.config/exoscale/exoscale.toml",
            "/home/a/.bluemix/config.json",
            "/home/a/.aliyun/config.json",
            // CI/CD.
            "/home/a/.config/gh/hosts.yml",
            "/home/a/.config/glab-cli/config.yml",
            "/home/a/.circleci/cli.yml",
            "/home/a/.travis/config.yml",
            "/etc/buildkite-agent/buildkite-agent.cfg",
            "/var/lib/jenkins/credentials.xml",
            "/var/lib/jenkins/secrets/master.key",
            "/home/a/.drone/config",
            "/home/a/.config/argocd/config",
            "/home/a/.terraform.d/credentials.tfrc.json",
            "/home/a/.vault-token",
            "/home/a/.pulumi/credentials.json",
            // Package managers.
            "/home/a/.npmrc",
            "/home/a/.pypirc",
            "/home/a/.gem/credentials",
            "/home/a/.cargo/credentials.toml",
            "/home/a/.config/composer/auth.json",
            "/home/a/.nuget/NuGet/NuGet.Config",
            "/home/a/.m2/settings-security.xml",
            "/home/a/.gradle/gradle.properties",
            "/home/a/.yarnrc.yml",
            "/home/a/.config/pip/pip.conf",
            // Databases.
            "/home/a/.pgpass",
            "/home/a/.my.cnf",
            "/home/a/.mylogin.cnf",
            "/home/a/.mongoshrc.js",
            "/home/a/.dbshell",
            "/etc/redis/redis.conf",
            "/home/a/.cassandra/cqlshrc",
            // VPNs.
            "/etc/wireguard/wg0.conf",
            "/home/a/vpn/client.ovpn",
            "/etc/openvpn/auth-user-pass",
            "/etc/ipsec.secrets",
            "/etc/NetworkManager/system-connections/home.nmconnection",
            // Browsers and password managers.
            "/home/a/.config/google-chrome/Default/Login Data",
            "/home/a/.mozilla/firefox/x.default/logins.json",
            "/home/a/.mozilla/firefox/x.default/key4.db",
            "/home/a/.mozilla/firefox/x.default/cookies.sqlite",
            "/home/a/.config/google-chrome/Default/Cookies",
            "/home/a/vault.kdbx",
            "/home/a/.password-store/email/gmail.gpg",
            "/home/a/.config/Bitwarden/data.json",
            "/home/a/.config/1Password/settings/settings.json",
            // Keys.
            "/home/a/server.pem",
            "/home/a/server.key",
            "/home/a/cert.p12",
            "/home/a/cert.pfx",
            "/home/a/keystore.jks",
            "/home/a/release.keystore",
            "/home/a/.gnupg/private-keys-v1.d/ABC.key",
            "/home/a/secring.gpg",
            // Containers and clusters.
            "/home/a/.docker/config.json",
            "/home/a/kubeconfig",
            "/etc/kubernetes/admin.conf",
            "/etc/kubernetes/pki/ca.key",
            "/var/run/secrets/kubernetes.io/serviceaccount/token",
            // Mail.
            "/home/a/.fetchmailrc",
            "/home/a/.msmtprc",
            "/home/a/.netrc",
            "/home/a/.muttrc",
            // Histories.
            "/home/a/.bash_history",
            "/home/a/.zsh_history",
            "/home/a/.psql_history",
            "/home/a/.mysql_history",
            "/home/a/.python_history",
            "/home/a/.node_repl_history",
            "/home/a/.rediscli_history",
            "/home/a/.sqlite_history",
            "/home/a/.lesshst",
        ],
        true,
    );
    assert_eq!(readable, Vec::<String>::new());
}

#[test]
fn secret_values_in_ordinary_output_are_hidden() {
    let wrong = wrong_redactions(&[
        (
            "DATABASE_URL=postgres://app:S3cretPw@db:5432/app",
            "DATABASE_URL=postgres://app:[redacted]@db:5432/app",
        ),
        (
            "connecting to mongodb+srv://admin:hunter2pass@cluster0.x.mongodb.net/test",
            "connecting to mongodb+srv://admin:[redacted]@cluster0.x.mongodb.net/test",
        ),
        (
            "amqp://guest:guestpw@rabbit:5672/",
            "amqp://guest:[redacted]@rabbit:5672/",
        ),
        (
            "> Authorization: Bearer abcdef123456ghijkl\n> Proxy-Authorization: Basic dXNlcjpwYXNz\n> Cookie: session=abc123def456\n< Set-Cookie: sid=s3cr3tsess10n; Path=/",
            "> Authorization: Bearer [redacted]\n> Proxy-Authorization: Basic [redacted]\n> Cookie: [redacted]\n< Set-Cookie: [redacted]",
        ),
        (
            "root  1234  0.0  0.1 mysqld --user=mysql --password=RootPw123 --port=3306",
            "root  1234  0.0  0.1 mysqld --user=mysql --password=[redacted] --port=3306",
        ),
        (
            "root  1234  0.0  0.1 mysql -uroot -pRootPw123 -h db",
            "root  1234  0.0  0.1 mysql -uroot -p[redacted] -h db",
        ),
        (
            "GITHUB_TOKEN=abc\nMY_APP_SECRET=x\nSTRIPE_KEY=y\nDB_PASSWORD=z\nGPG_PASSPHRASE=w\nSERVICE_CREDENTIALS=v\nHOME=/root",
            "GITHUB_TOKEN=[redacted]\nMY_APP_SECRET=[redacted]\nSTRIPE_KEY=[redacted]\nDB_PASSWORD=[redacted]\nGPG_PASSPHRASE=[redacted]\nSERVICE_CREDENTIALS=[redacted]\nHOME=/root",
        ),
        (
            "token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "token [redacted]",
        ),
        (
            "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49\n-----END EC PRIVATE KEY-----",
            "-----BEGIN EC PRIVATE KEY-----\n[redacted]\n-----END EC PRIVATE KEY-----",
        ),
        (
            "found AKIAIOSFODNN7EXAMPLE ghp_abcdefghijklmnopqrstuvwxyz0123456789 glpat-abcdefghij1234567890",
            "found [redacted] [redacted] [redacted]",
        ),
        (
            "xoxb-1234567890-1234567890-abcdefghijABCDEFGHIJ sk_live_abcdefghijklmnop1234 AIzaSyA1234567890abcdefghijklmnopqrstuv",
            "[redacted] [redacted] [redacted]",
        ),
        (
            "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH npm_abcdefghijklmnopqrstuvwxyz0123456789",
            "[redacted] [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    assert_eq!(
        changed(&[
            "Commit 3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c sk-learn install scikit-learn",
            "task-runner npm_modules hf_hub sk_tools",
            "https://example.com/path@v1 user@example.com:22",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn working_copies_of_the_account_databases_are_refused() {
    assert_eq!(
        missed_paths(
            &[
                "/etc/nshadow",
                "/etc/ngshadow",
                "/etc/shadow.Xq3vZ1",
                "/etc/gshadow.a8KdP0",
                "/etc/shadow.000123",
            ],
            true,
        ),
        Vec::<String>::new()
    );
    // Names that only begin like them stay readable.
    assert_eq!(
        missed_paths(
            &[
                "/srv/web/shadow.module",
                "/srv/web/shadow.css",
                "/srv/app/shadow-cljs.edn",
                "/srv/app/shadowsocks.json",
                "/etc/shadow.d/readme",
            ],
            false,
        ),
        Vec::<String>::new()
    );
}

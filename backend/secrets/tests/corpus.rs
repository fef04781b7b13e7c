//! The redaction corpus: secret spellings met in command lines, headers, URLs, configuration
//! files, environments, logs and tool output, each with the exact text that must come out; and
//! ordinary text that must come out unchanged.

use pretty_assertions::assert_eq;
use serde_json::json;
use warden_secrets::{REDACTED, redact, redact_text};

/// (input, exact output).
const SECRETS: &[(&str, &str)] = &[
    // Passwords on command lines.
    (
        "mysql -uroot -pS3cr3t! mydb",
        "mysql -uroot -p[redacted] mydb",
    ),
    (
        "sudo /usr/bin/mysqldump -h db -u app -phunter2 shop",
        "sudo /usr/bin/mysqldump -h db -u app -p[redacted] shop",
    ),
    (
        "docker exec db mariadb -pPASS -e 'select 1'",
        "docker exec db mariadb -p[redacted] -e 'select 1'",
    ),
    (
        "mysql --password=hunter2 -u root",
        "mysql --password=[redacted] -u root",
    ),
    (
        "mysqladmin --password='hun ter2' status",
        "mysqladmin --password='[redacted]' status",
    ),
    (
        "sshpass -p hunter2 ssh admin@db1",
        "sshpass -p [redacted] ssh admin@db1",
    ),
    (
        "sshpass -phunter2 scp a b:",
        "sshpass -p[redacted] scp a b:",
    ),
    (
        "redis-cli -h cache -a s3cret ping",
        "redis-cli -h cache -a [redacted] ping",
    ),
    (
        "mongosh -u admin -p 'pa ss' --authenticationDatabase admin",
        "mongosh -u admin -p '[redacted]' --authenticationDatabase admin",
    ),
    (
        "ldapsearch -x -D cn=admin -w Secret123 -b dc=example",
        "ldapsearch -x -D cn=admin -w [redacted] -b dc=example",
    ),
    (
        "sqlcmd -S db -U sa -P 'Str0ng!'",
        "sqlcmd -S db -U sa -P '[redacted]'",
    ),
    (
        "7z x backup.7z -pArchivePass",
        "7z x backup.7z -p[redacted]",
    ),
    (
        "unzip -P zippass files.zip",
        "unzip -P [redacted] files.zip",
    ),
    (
        "ssh-keygen -t ed25519 -N 'my passphrase' -f key",
        "ssh-keygen -t ed25519 -N '[redacted]' -f key",
    ),
    (
        "useradd -m -p '$6$salt$hash' bob",
        "useradd -m -p '[redacted]' bob",
    ),
    (
        "openssl enc -aes-256-cbc -k s3cret -in a",
        "openssl enc -aes-256-cbc -k [redacted] -in a",
    ),
    (
        "openssl pkcs12 -export -passout pass:exportpw -out a.p12",
        "openssl pkcs12 -export -passout [redacted] -out a.p12",
    ),
    (
        "openssl rsa -in k.pem -passin pass:inpw",
        "openssl rsa -in k.pem -passin [redacted]",
    ),
    (
        "keytool -importkeystore -srcstorepass changeit -deststorepass newpass",
        "keytool -importkeystore -srcstorepass [redacted] -deststorepass [redacted]",
    ),
    (
        "plink -ssh -pw hunter2 admin@router",
        "plink -ssh -pw [redacted] admin@router",
    ),
    (
        "docker login -u bot -p s3cret registry.example.com",
        "docker login -u bot -p [redacted] registry.example.com",
    ),
    (
        "docker login --password=s3cret registry",
        "docker login --password=[redacted] registry",
    ),
    (
        "curl -u admin:hunter2 https://api.example.com",
        "curl -u admin:[redacted] https://api.example.com",
    ),
    (
        "curl --user admin:hunter2 https://api.example.com",
        "curl --user admin:[redacted] https://api.example.com",
    ),
    (
        "curl --user=admin:hunter2 https://x",
        "curl --user=admin:[redacted] https://x",
    ),
    (
        "smbclient //nas/share -U backup%Sm8pass",
        "smbclient //nas/share -U backup%[redacted]",
    ),
    (
        "nmcli dev wifi connect HomeNet password wifipass123",
        "nmcli dev wifi connect HomeNet password [redacted]",
    ),
    (
        "wpa_passphrase HomeNet wifipass123",
        "wpa_passphrase HomeNet [redacted]",
    ),
    (
        "htpasswd -b /etc/nginx/users alice alicepw",
        "htpasswd -b /etc/nginx/users alice [redacted]",
    ),
    (
        "xfreerdp /u:admin /p:Rdp-Pass1 /v:host",
        "xfreerdp /u:admin /p:[redacted] /v:host",
    ),
    // Options with separate values.
    (
        "deploy --api-key abcdef123456 --region eu",
        "deploy --api-key [redacted] --region eu",
    ),
    (
        "tool --token ghx-not-a-format-123 run",
        "tool --token [redacted] run",
    ),
    (
        "vault write auth/x --client-secret zzz",
        "vault write auth/x --client-secret [redacted]",
    ),
    (
        "gpg --batch --passphrase 'correct horse' -d f.gpg",
        "gpg --batch --passphrase '[redacted]' -d f.gpg",
    ),
    (
        "kubectl --token=eyJhbGciOi get pods",
        "kubectl --token=[redacted] get pods",
    ),
    (
        "kubectl create secret generic db --from-literal=password=hunter2",
        "kubectl create secret generic db --from-literal=password=[redacted]",
    ),
    // Environment assignments.
    (
        "PGPASSWORD=hunter2 psql -h db -U app",
        "PGPASSWORD=[redacted] psql -h db -U app",
    ),
    ("MYSQL_PWD=hunter2 mysql", "MYSQL_PWD=[redacted] mysql"),
    (
        "docker run -e MYSQL_ROOT_PASSWORD=rootpw -d mysql:8",
        "docker run -e MYSQL_ROOT_PASSWORD=[redacted] -d mysql:8",
    ),
    (
        "docker run --env POSTGRES_PASSWORD=pgpw --env POSTGRES_USER=app postgres",
        "docker run --env POSTGRES_PASSWORD=[redacted] --env POSTGRES_USER=app postgres",
    ),
    (
        "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY aws s3 ls",
        "AWS_SECRET_ACCESS_KEY=[redacted] aws s3 ls",
    ),
    (
        "export GITHUB_TOKEN=abc123def",
        "export GITHUB_TOKEN=[redacted]",
    ),
    ("env DB_PASS=pw1 ./run", "env DB_PASS=[redacted] ./run"),
    (
        "docker build --build-arg NPM_TOKEN=npmsecret .",
        "docker build --build-arg NPM_TOKEN=[redacted] .",
    ),
    // URLs.
    (
        "git clone https://user:pass@github.com/o/r.git",
        "git clone https://user:[redacted]@github.com/o/r.git",
    ),
    (
        "psql postgres://app:p%40ss@db:5432/shop",
        "psql postgres://app:[redacted]@db:5432/shop",
    ),
    (
        "redis://:onlypassword@cache:6379/0",
        "redis://:[redacted]@cache:6379/0",
    ),
    (
        "amqp://guest:gu@st@rabbit/",
        "amqp://guest:[redacted]@rabbit/",
    ),
    (
        "git push https://x0123456789abcdefghij@github.com/o/r",
        "git push https://[redacted]@github.com/o/r",
    ),
    (
        "GET /api/items?token=abc123&page=2",
        "GET /api/items?token=[redacted]&page=2",
    ),
    (
        "https://example.com/cb?code=1&client_secret=zz9&x=1",
        "https://example.com/cb?code=1&client_secret=[redacted]&x=1",
    ),
    // Headers.
    (
        "curl -H 'Authorization: Bearer abc.def.ghi' https://x",
        "curl -H 'Authorization: Bearer [redacted]' https://x",
    ),
    (
        "curl -H \"Authorization: Basic YWRtaW46aHVudGVyMg==\" http://x",
        "curl -H \"Authorization: Basic [redacted]\" http://x",
    ),
    (
        "authorization: token 0123456789abcdef",
        "authorization: token [redacted]",
    ),
    ("X-API-Key: k-123456", "X-API-Key: [redacted]"),
    (
        "curl -H 'PRIVATE-TOKEN: glp-not-format' https://gitlab",
        "curl -H 'PRIVATE-TOKEN: [redacted]' https://gitlab",
    ),
    ("Cookie: session=abc123; theme=dark", "Cookie: [redacted]"),
    (
        "sent Bearer abcdefgh12345678 upstream",
        "sent Bearer [redacted] upstream",
    ),
    // Configuration text.
    ("password = \"hunter2\"", "password = \"[redacted]\""),
    ("  db_password: hunter2", "  db_password: [redacted]"),
    (
        "{\"username\":\"bob\",\"password\":\"hunter2\"}",
        "{\"username\":\"bob\",\"password\":\"[redacted]\"}",
    ),
    ("'api_key' => 'abc123',", "'api_key' => '[redacted]',"),
    ("requirepass foobared", "requirepass [redacted]"),
    ("requirepass=foobared", "requirepass=[redacted]"),
    (
        "secret_key_base: 0123456789abcdef",
        "secret_key_base: [redacted]",
    ),
    (
        "log line {\\\"password\\\":\\\"x1\\\"} end",
        "log line {\\\"password\\\":\\\"[redacted]\\\"} end",
    ),
    // Tokens by format.
    ("key AKIAIOSFODNN7EXAMPLE here", "key [redacted] here"),
    ("ghp_0123456789abcdefghijABCDEFGHIJ012345", "[redacted]"),
    (
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
        "[redacted]",
    ),
    ("glpat-xxxxxxxxxxxxxxxxxxxx", "[redacted]"),
    (
        "token xoxb-123456789012-1234567890123-abcdefghij",
        "token [redacted]",
    ),
    (
        "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXX",
        "https://hooks.slack.com/[redacted]",
    ),
    ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "[redacted]"),
    ("rk_test_51H8abcdefghij", "[redacted]"),
    (
        "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.abcDEF123_-x",
        "jwt [redacted]",
    ),
    (
        "key wdn_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abc",
        "key [redacted]",
    ),
    ("AIzaSyA1234567890abcdefghijklmnopqrstuv", "[redacted]"),
    ("sk-proj-abcdefghijklmnopqrstuvwxyz123456", "[redacted]"),
    ("npm_abcdefghijklmnopqrstuvwxyz0123456789", "[redacted]"),
    ("hvs.CAESIJlU1234567890abcdefghij", "[redacted]"),
    ("dckr_pat_abcdefghijklmnopqrstuvwx", "[redacted]"),
    ("hf_abcdefghijklmnopqrstuvwxyzABCDEFGH", "[redacted]"),
    (
        "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        "[redacted]",
    ),
    // Private keys.
    (
        "before\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\nAAAA\n-----END OPENSSH PRIVATE KEY-----\nafter",
        "before\n-----BEGIN OPENSSH PRIVATE KEY-----\n[redacted]\n-----END OPENSSH PRIVATE KEY-----\nafter",
    ),
    (
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA",
        "-----BEGIN RSA PRIVATE KEY-----\n[redacted]\n-----END RSA PRIVATE KEY-----",
    ),
    // Commands quoted inside a command, or inside a log field.
    (
        "sh -c 'mysql -uroot -pS3cret db'",
        "sh -c 'mysql -uroot -p[redacted] db'",
    ),
    (
        "ssh db1 \"sshpass -p pw2 scp a b:\"",
        "ssh db1 \"sshpass -p [redacted] scp a b:\"",
    ),
    (
        "command=\"redis-cli -a s3cret ping\" status=ok",
        "command=\"redis-cli -a [redacted] ping\" status=ok",
    ),
    // Credential files by their content, as a recursive grep prints them.
    (
        "/srv/app/.netrc:machine api.example.com login bob password NetrcPassZZ",
        "/srv/app/.netrc:machine api.example.com login bob password [redacted]",
    ),
    (
        "machine api.example.com\n  login bob\n  password NetrcPassZZ\n",
        "machine api.example.com\n  login bob\n  password [redacted]\n",
    ),
    (
        "/srv/app/.pgpass:db.example.com:5432:prod:app:PgPassW0rdZZ",
        "/srv/app/.pgpass:db.example.com:5432:prod:app:[redacted]",
    ),
    ("*:*:*:postgres:s3cr3t", "*:*:*:postgres:[redacted]"),
    (
        "wp-config.php:define( 'DB_PASSWORD', 'WpPassZZ' );",
        "wp-config.php:define( 'DB_PASSWORD', '[redacted]' );",
    ),
    (
        "define(\"AUTH_KEY\", \"k3y-m4t3r14l\");",
        "define(\"AUTH_KEY\", \"[redacted]\");",
    ),
    // Several on one line, in a pipeline.
    (
        "PGPASSWORD=a psql -c x | mysql -pb && curl -u c:d http://x",
        "PGPASSWORD=[redacted] psql -c x | mysql -p[redacted] && curl -u c:[redacted] http://x",
    ),
];

/// Ordinary text that must come out exactly as it went in.
const ORDINARY: &[&str] = &[
    "ls -la /srv/app",
    "df -h",
    "docker run -p 8080:80 nginx",
    "ssh -p 2222 admin@db1",
    "mysql -P 3306 -u root -h db",
    "psql --password -h db shop",
    "psql -W -h db",
    "docker login --password-stdin -u bot registry",
    "ansible-playbook --ask-become-pass site.yml",
    "curl -u bob https://example.com",
    "git log --author=bob --since=yesterday",
    "PWD=/home/u OLDPWD=/tmp",
    "max_tokens=512 temperature=0.2",
    "{\"prompt_tokens\": 120, \"completion_tokens\": 33}",
    "token_type=bearer",
    "password_file=/run/secrets/db",
    "--password-file /run/secrets/db",
    "PGPASSWORD=$DB_PASSWORD psql",
    "export TOKEN=${CI_TOKEN}",
    "passive=true compass=north keyboard=us monkey=banana",
    "tokenizer=bert-base",
    "author: Alice",
    "http://example.com:8080/path?x=1&page=2",
    "ssh://git@github.com/o/r.git",
    "user@host:~$ uptime",
    "sha256:4e2f3c1b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f",
    "container 3f4e5d6c7b8a web Up 3 hours",
    "123e4567-e89b-12d3-a456-426614174000",
    "use std::secret::Secret; if password == other { }",
    "sort -k 2 file",
    "wdn_AbCdEfGh",
    "The password policy requires 12 characters.",
    "enabled: true\npassword: null\n",
    "AWS_ACCESS_KEY_ID_HINT=none AWS_REGION=eu-west-1",
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
    "link/ether 52:54:00:ab:cd:ef brd ff:ff:ff:ff:ff:ff",
    "started 12:34:56 on 2026-11-30",
    "define('WP_DEBUG', false);",
    "Forgot your password? Reset it here.",
    "",
];

#[test]
fn every_secret_spelling_is_redacted_exactly() {
    let mut wrong = Vec::new();
    for (input, expected) in SECRETS {
        let got = redact_text(input);
        if got != *expected {
            wrong.push(format!(
                "{input:?}\n   got      {got:?}\n   expected {expected:?}"
            ));
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn ordinary_text_stays_readable() {
    let mut changed = Vec::new();
    for input in ORDINARY {
        let got = redact_text(input);
        if got != *input {
            changed.push(format!("{input:?} became {got:?}"));
        }
    }
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn redacting_twice_changes_nothing_more() {
    for (input, _) in SECRETS {
        let once = redact_text(input);
        assert_eq!(redact_text(&once), once, "{input}");
    }
}

#[test]
fn json_is_redacted_by_field_name_and_by_content() {
    let value = json!({
        "url": "http://x",
        "headers": {"Authorization": "Bearer abc", "Accept": "*/*"},
        "db_password": "hunter2",
        "apiKey": 12345678,
        "max_tokens": 512,
        "tokens": 40,
        "password_required": true,
        "credentials": {"user": "bob", "nested": ["a", 7]},
        "command": "mysql -pPASS -u root",
        "env": ["PGPASSWORD=x", "HOME=/root"],
        "note": null,
    });
    assert_eq!(
        redact(&value),
        json!({
            "url": "http://x",
            "headers": {"Authorization": REDACTED, "Accept": "*/*"},
            "db_password": REDACTED,
            "apiKey": REDACTED,
            "max_tokens": 512,
            "tokens": 40,
            "password_required": true,
            "credentials": {"user": REDACTED, "nested": [REDACTED, REDACTED]},
            "command": "mysql -p[redacted] -u root",
            "env": ["PGPASSWORD=[redacted]", "HOME=/root"],
            "note": null,
        })
    );
}

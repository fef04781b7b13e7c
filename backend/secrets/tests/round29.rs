//! Twenty-ninth review: maps of secrets keep their keys and lose their values in every way a
//! value is written. A multi-line value inside a map of secrets goes line by line (a YAML
//! block scalar under `passwords:`, an HCL heredoc inside `passwords = {`, a TOML triple quote
//! in `[api_keys]`), and a value an earlier pass hid no longer ends the map. An INI or TOML
//! section named for secrets runs as TOML reads it (over blank lines and comments, to the next
//! header), but a line no section holds (a log line, a prompt) or an entry written with the
//! other separator ends it, so the text after it keeps its values. A flow map on one line under
//! a secret's name (`api_keys: {stripe: x}`, `tokens = { ci = "x" }`, `auth: {user: alice,
//! pass: x}`) keeps its keys and the values describing the credential.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;

#[test]
fn block_scalars_in_a_map_of_secrets_go_line_by_line() {
    let cases = [
        (
            "passwords:\n  admin: |\n    multiLineSecretA\n    multiLineSecretB\n  reader: >-\n    foldedSecretC\n  name: ops\nuser: bob",
            "passwords:\n  admin: |\n    [redacted]\n    [redacted]\n  reader: >-\n    [redacted]\n  name: ops\nuser: bob",
        ),
        (
            "api_keys:\n  stripe: |\n    blockKeyValue1\n  mailgun: key-0123456789abcdef",
            "api_keys:\n  stripe: |\n    [redacted]\n  mailgun: [redacted]",
        ),
        (
            "passwords:\n  admin: |-\n    line1secret\n\n  reader: plainpw123\ndone: true",
            "passwords:\n  admin: |-\n    [redacted]\n\n  reader: [redacted]\ndone: true",
        ),
        // A key describing the credential keeps its block.
        (
            "api_keys:\n  - type: service\n    description: |\n      the CI key\n    key: abc123secretvalue",
            "api_keys:\n  - type: service\n    description: |\n      the CI key\n    key: [redacted]",
        ),
        // YAML's anchor and tag stay with the key.
        (
            "passwords:\n  admin: &pw hunter2hunter2\n  ro: !!str readerpw99",
            "passwords:\n  admin: &pw [redacted]\n  ro: !!str [redacted]",
        ),
        // A flow list as an entry's value.
        (
            "tokens:\n  ci: [tokA123456, tokB123456]",
            "tokens:\n  ci: [[redacted], [redacted]]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn a_value_hidden_first_does_not_end_the_map() {
    let cases = [(
        "database:\n  host: db\n  password: YamlPass1\napi_keys:\n  stripe: sk_live_abcdefghijklmnopqrstuvwx\n  mailgun: key-0123456789abcdef\nsmtp:\n  user: mailer",
        "database:\n  host: db\n  password: [redacted]\napi_keys:\n  stripe: [redacted]\n  mailgun: [redacted]\nsmtp:\n  user: mailer",
    )];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn heredocs_inside_maps_of_secrets_go_line_by_line() {
    let cases = [
        (
            "passwords = {\n  admin = <<EOF\nheredocSecret1\nEOF\n  reader = <<-EOT\n    heredocSecret2\n    EOT\n}\nregion = \"eu\"",
            "passwords = {\n  admin = <<EOF\n[redacted]\nEOF\n  reader = <<-EOT\n    [redacted]\n    EOT\n}\nregion = \"eu\"",
        ),
        (
            "api_keys = {\n  primary = <<\"EOT\"\nhclKey1\nhclKey2\nEOT\n  region = \"eu\"\n}",
            "api_keys = {\n  primary = <<\"EOT\"\n[redacted]\n[redacted]\nEOT\n  region = \"[redacted]\"\n}",
        ),
        (
            "tokens = tomap({\n  \"a\" = <<-EOT\n  secretline\n  EOT\n})",
            "tokens = tomap({\n  \"a\" = <<-EOT\n  [redacted]\n  EOT\n})",
        ),
        (
            "[api_keys]\nprimary = \"\"\"\nmultiLineKey1\nmultiLineKey2\n\"\"\"\nsecondary = \"abc123secretvalue\"",
            "[api_keys]\nprimary = \"\"\"\n[redacted]\n[redacted]\n\"\"\"\nsecondary = \"[redacted]\"",
        ),
        (
            "[api_keys]\nprimary = '''first\nsecond'''",
            "[api_keys]\nprimary = '''[redacted]\n[redacted]'''",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn a_section_of_secrets_ends_where_its_text_ends() {
    let cases = [
        // TOML: a blank line does not end a table; the entry below is still in it.
        (
            "[api_keys]\nstripe = \"sk_live_abcdefghijklmnopqrstuvwx\"\nmailgun = \"key-0123456789abcdef\"\n\nname = \"still in the table\"",
            "[api_keys]\nstripe = \"[redacted]\"\nmailgun = \"[redacted]\"\n\nname = \"[redacted]\"",
        ),
        // A log line, a prompt, prose: the file's text ended.
        (
            "[api_keys]\nstripe = \"abc123secretvalue\"\n\n2024-01-01 12:00:00 INFO started server on port 8080\nGET /health 200\nuser: bob",
            "[api_keys]\nstripe = \"[redacted]\"\n\n2024-01-01 12:00:00 INFO started server on port 8080\nGET /health 200\nuser: bob",
        ),
        (
            "[passwords]\nadmin = hunter2hunter2\nro = readerpw99\n$ ls\nfile1 file2\nmode = fast",
            "[passwords]\nadmin = [redacted]\nro = [redacted]\n$ ls\nfile1 file2\nmode = fast",
        ),
        (
            "[api_keys]\nstripe = sk_x_abcdefgh123\nDone.\nafter = notsecret",
            "[api_keys]\nstripe = [redacted]\nDone.\nafter = notsecret",
        ),
        // An entry of the other shape: YAML after TOML.
        (
            "[api_keys]\nprimary = \"abc123secretvalue\"\nhost: example.com\nport: 8080",
            "[api_keys]\nprimary = \"[redacted]\"\nhost: example.com\nport: 8080",
        ),
        (
            "[api_keys]\nprimary = \"abc123secretvalue\"\n[server]\nhost = \"0.0.0.0\"",
            "[api_keys]\nprimary = \"[redacted]\"\n[server]\nhost = \"0.0.0.0\"",
        ),
        // INI's continuation lines, comments, a comment after the header.
        (
            "[passwords] # per user\nadmin = hunter2hunter2\n  continued-line-secret\nro = readerpw99\n; old\nro2 = readerpw98",
            "[passwords] # per user\nadmin = [redacted]\n  [redacted]\nro = [redacted]\n; old\nro2 = [redacted]",
        ),
        // Arrays and inline tables, over several lines too.
        (
            "[api_keys]\nprimary = [\n  \"abc123secretvalue\",\n  \"def456secretvalue\",\n]\nmode = \"x1y2z3w4\"",
            "[api_keys]\nprimary = [\n  \"[redacted]\",\n  \"[redacted]\",\n]\nmode = \"[redacted]\"",
        ),
        (
            "[api_keys]\nprimary = { type = \"svc\", key = \"abc123secretvalue\" }",
            "[api_keys]\nprimary = { type = \"svc\", key = \"[redacted]\" }",
        ),
        // TOML's array of tables: each table an item, its describing keys kept.
        (
            "[[api_keys]]\ntype = \"svc\"\nkey = \"abc123secretvalue\"",
            "[[api_keys]]\ntype = \"svc\"\nkey = \"[redacted]\"",
        ),
        // Quoted keys.
        (
            "[api_keys]\n\"my key\" = \"abc123secretvalue\"\n'other key' = \"def456secretvalue\"",
            "[api_keys]\n\"my key\" = \"[redacted]\"\n'other key' = \"[redacted]\"",
        ),
        // Under credentials, whose they are stays.
        (
            "[credentials]\nusername = alice\npassword = AlicePw3\nhost = db.example.com",
            "[credentials]\nusername = alice\npassword = [redacted]\nhost = db.example.com",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn flow_maps_under_secret_names_keep_their_keys() {
    let cases = [
        (
            "api_keys: {stripe: sk_x_abcdefgh123, mailgun: key-abcdef12345}",
            "api_keys: {stripe: [redacted], mailgun: [redacted]}",
        ),
        (
            "passwords: {admin: hunter2hunter2, reader: readerpw99}",
            "passwords: {admin: [redacted], reader: [redacted]}",
        ),
        (
            "tokens = { ci = \"tok123abc456\", deploy = \"tok789def012\" }",
            "tokens = { ci = \"[redacted]\", deploy = \"[redacted]\" }",
        ),
        (
            "db_passwords = { admin = \"abc123secretvalue\" }",
            "db_passwords = { admin = \"[redacted]\" }",
        ),
        (
            "secrets: { db: \"DbPassFlow1\", api: 'ApiFlow2' }",
            "secrets: { db: \"[redacted]\", api: '[redacted]' }",
        ),
        (
            "API_KEYS={\"stripe\":\"sk_x_abcdefgh123\",\"mailgun\":\"key-abcdef12345\"}",
            "API_KEYS={\"stripe\":\"[redacted]\",\"mailgun\":\"[redacted]\"}",
        ),
        (
            "- api_keys: {stripe: sk_x_abcdefgh123, mailgun: key-abcdef12345}",
            "- api_keys: {stripe: [redacted], mailgun: [redacted]}",
        ),
        (
            "x: {api_keys: {a: b1234567}}",
            "x: {api_keys: {a: [redacted]}}",
        ),
        (
            "credentials: {username: alice, password: AlicePw1}",
            "credentials: {username: alice, password: [redacted]}",
        ),
        (
            "credentials = {'user': 'alice', 'password': 'AlicePw4'}",
            "credentials = {'user': 'alice', 'password': '[redacted]'}",
        ),
        // A singular secret's map describes its one secret.
        (
            "auth: {user: alice, pass: AlicePw2}",
            "auth: {user: alice, pass: [redacted]}",
        ),
        (
            "auth = {\"username\": \"bob\", \"token\": \"tok123abc456\"}",
            "auth = {\"username\": \"bob\", \"token\": \"[redacted]\"}",
        ),
        (
            "password: {type: string, value: hunter2xx}",
            "password: {type: string, value: [redacted]}",
        ),
        (
            "\"password\": {\"type\": \"string\", \"value\": \"hunter2xx\"}",
            "\"password\": {\"type\": \"string\", \"value\": \"[redacted]\"}",
        ),
        (
            "\"db_password\": {\"sensitive\": false, \"type\": \"string\", \"value\": \"hunter2xx\"}",
            "\"db_password\": {\"sensitive\": false, \"type\": \"string\", \"value\": \"[redacted]\"}",
        ),
        // An ARM template's parameters file.
        (
            "\"adminPassword\": {\n  \"value\": \"P@ssw0rd123\"\n}",
            "\"adminPassword\": {\n  \"value\": \"[redacted]\"\n}",
        ),
        // Maven's encrypted password is a value in braces, no map.
        ("password: {COQLCE6DU6GtcS5P=}", "password: [redacted]}"),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn what_describes_secrets_stays() {
    let texts = [
        "secret: {secretName: mysecret}",
        "password: {{ vault_pw }}",
        "secrets: {db_password: {file: ./db.txt}, api_token: {environment: API_TOKEN}}",
        "[secrets.files]\nfile = ./db.txt",
        "[server]\nhost = \"0.0.0.0\"\n\nport = 8080",
        "[api_keys]\n\n2024-01-01 INFO nothing here\nuser: bob",
        "settings: {mode: fast, retries: 3}",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn more_secret_files_of_the_same_kinds_are_refused() {
    let secret = [
        // `creds` is `credentials` shortened, with or without a qualifier or an extension.
        "/etc/samba/creds",
        "/etc/samba/.creds",
        "/root/my-creds",
        "/root/db_creds",
        "/root/aws_creds",
        // Scripts a shell sources for its secrets.
        "/srv/app/secrets.sh",
        "/srv/app/.secrets.bash",
        "/srv/app/secret.zsh",
        "/srv/app/secrets.fish",
        "/srv/app/prod-secrets.sh",
        "/srv/app/set-secrets.sh",
        "/srv/app/export_credentials.sh",
        "/srv/app/passwords.ps1",
        "/srv/app/tokens.bat",
        "/srv/app/secrets.cmd",
        // A dotfile named by a key's or a vault's extension alone.
        "/home/alice/.psafe3",
        "/home/alice/.kdbx",
        "/home/alice/.p12",
        "/home/alice/.jks",
        "/home/alice/.ovpn",
        "/home/alice/.pem",
        // ASP.NET's configuration transforms.
        "/srv/app/Web.Release.config",
        "/srv/app/Web.Debug.config",
        "/srv/app/web.prod.config",
        "/srv/app/App.Production.config",
        // sentry-cli's settings in a build.
        "/srv/app/sentry.properties",
        "/srv/app/android/sentry.properties",
        // Tools' logins in their own folders.
        "/home/alice/.singularity/remote.yaml",
        "/home/alice/.apptainer/remote.yaml",
        "/home/alice/.apptainer/docker-config.json",
        "/home/alice/.minio/config.json",
        "/home/alice/.n8n/config",
        "/home/alice/.n8n/database.sqlite",
        // Servers' databases.
        "/var/lib/drone/drone.sqlite",
        "/var/lib/forgejo/data/forgejo.db",
        "/var/lib/semaphore/database.boltdb",
        // A server's settings folder under `etc` with or without `.d`.
        "/etc/vault/config.hcl",
        "/etc/boundary/controller.hcl",
        "/etc/consul/consul.hcl",
        "/usr/local/etc/nomad/server.hcl",
        // Keys kept in folders of keys and under `id_` names.
        "/srv/ssh-keys/prod",
        "/root/ssh_keys/deploy",
        "/srv/sshkeys/bastion",
        "/srv/certs/id_github",
        "/srv/certs/id_deploy-prod",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
    let readable = [
        "/srv/ssh-keys/prod.pub",
        "/srv/ssh-keys/known_hosts",
        "/srv/app/scripts/rotate-secrets.sh",
        "/srv/app/scripts/check_passwords.sh",
        "/srv/app/scripts/generate-credentials.sh",
        "/srv/app/Web.config.example",
        "/etc/ssh/sshd_config",
        "/etc/nginx/sites-available/default",
        "/srv/certs/id_github.pub",
        "/home/a/keys/key_1",
        "/srv/app/lib/secrets.rb",
    ];
    assert_eq!(missed_paths(&readable, false), Vec::<String>::new());
}

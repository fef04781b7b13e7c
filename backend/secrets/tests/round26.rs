//! Twenty-sixth review: one rule for every `user:password` pair (a name-shaped user stays, a
//! token-shaped one goes with its password, `--creds` and `Credentials:` as `--auth`), Neo4j's
//! `NEO4J_AUTH=neo4j/PASS`, long URL users shaped as names (`jonathan.richardson-smith@`,
//! Supabase's `postgres.REF@`), Docker's credential helpers named in `config.json`, and
//! Tailscale's typed keys in hexadecimal (private halves go, public ones stay).

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;
use serde_json::json;
use warden_secrets::{REDACTED, redact, redact_text};

/// The `(text, secret)` pairs whose secret is still in the text once redacted.
fn leaked(cases: &[(&str, &str)]) -> Vec<String> {
    cases
        .iter()
        .filter_map(|(text, secret)| {
            let got = redact_text(text);
            got.contains(secret)
                .then(|| format!("{secret:?} leaked from {text:?}\n   got {got:?}"))
        })
        .collect()
}

#[test]
fn pairs_keep_a_name_shaped_user_wherever_they_are_recognised() {
    let cases = [
        (
            "skopeo copy --creds alice:letmein docker://a docker://b",
            "skopeo copy --creds alice:[redacted] docker://a docker://b",
        ),
        (
            "skopeo copy --src-creds=svc-deploy:Sup3r docker://a docker://b",
            "skopeo copy --src-creds=svc-deploy:[redacted] docker://a docker://b",
        ),
        (
            "skopeo copy --dest-creds bob@example.com:Sup3r docker://a docker://b",
            "skopeo copy --dest-creds bob@example.com:[redacted] docker://a docker://b",
        ),
        (
            "Credentials: alice:letmein",
            "Credentials: alice:[redacted]",
        ),
        ("credentials alice:letmein", "credentials alice:[redacted]"),
        ("creds: deploy:Sup3rS3cret", "creds: deploy:[redacted]"),
        (
            "REGISTRY_CREDENTIALS=ci-bot:Sup3rS3cret",
            "REGISTRY_CREDENTIALS=ci-bot:[redacted]",
        ),
        ("--auth alice:pw", "--auth alice:[redacted]"),
        ("AUTH=alice:Sup3r", "AUTH=alice:[redacted]"),
        (
            "curl -U bob:Sup3r -x proxy:3128 https://x",
            "curl -U bob:[redacted] -x proxy:3128 https://x",
        ),
        (
            "curl -u CORP\\alice:Sup3r https://x",
            "curl -u CORP\\alice:[redacted] https://x",
        ),
        ("basic alice:letmein", "basic alice:[redacted]"),
        // Numbers on both sides are a user and a group, not a login.
        ("auth 1000:1000", "auth 1000:1000"),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(
        redact(&json!({"credentials": "alice:Sup3r", "creds": "ghp_abcdefgh12345678:x"})),
        json!({"credentials": "alice:[redacted]", "creds": REDACTED})
    );
}

#[test]
fn pairs_with_a_token_shaped_first_part_go_whole() {
    let cases: &[(&str, &str)] = &[
        (
            "skopeo copy --creds ghp_abcdefgh12345678:x docker://a docker://b",
            "ghp_abcdefgh12345678",
        ),
        ("Credentials: TOKEN123:letmein", "TOKEN123"),
        (
            "credentials ghp_abcdefgh12345678:letmein",
            "ghp_abcdefgh12345678",
        ),
        ("auth k3j4h5g6f7:letmein", "k3j4h5g6f7"),
        ("--creds=a1B2c3:Sup3r", "a1B2c3"),
        ("--auth TOKEN123:x", "TOKEN123"),
        // A program's short option, an option of any program, a context word.
        (
            "curl -u ghp_abcdefgh12345678:x https://api.github.com",
            "ghp_abcdefgh12345678",
        ),
        ("curl -u TOKEN123:x https://x", "TOKEN123"),
        ("myclient --user k3j4h5g6f7:pw https://x", "k3j4h5g6f7"),
        ("wfuzz --basic TOKEN123:x -u http://x/FUZZ", "TOKEN123"),
        ("basic TOKEN123:letmein", "TOKEN123"),
        ("userpass a1B2c3:letmein", "a1B2c3"),
    ];
    assert_eq!(leaked(cases), Vec::<String>::new());
    // And their passwords with them.
    let passwords: &[(&str, &str)] = &[
        ("Credentials: TOKEN123:letmein", "letmein"),
        ("credentials ghp_abcdefgh12345678:letmein", "letmein"),
    ];
    assert_eq!(leaked(passwords), Vec::<String>::new());
}

#[test]
fn neo4j_auth_keeps_its_user_and_hides_its_password() {
    let cases = [
        (
            "NEO4J_AUTH=neo4j/Sup3rS3cret",
            "NEO4J_AUTH=neo4j/[redacted]",
        ),
        (
            "      - NEO4J_AUTH=neo4j/Sup3rS3cret",
            "      - NEO4J_AUTH=neo4j/[redacted]",
        ),
        (
            "NEO4J_AUTH: neo4j/Sup3rS3cret",
            "NEO4J_AUTH: neo4j/[redacted]",
        ),
        (
            "NEO4J_AUTH=neo4j/Sup3r:S3cret",
            "NEO4J_AUTH=neo4j/[redacted]",
        ),
        (
            r#""NEO4J_AUTH": "admin/p@ss w0rd""#,
            r#""NEO4J_AUTH": "admin/[redacted]""#,
        ),
        (
            "docker run -e NEO4J_AUTH=neo4j/Sup3rS3cret neo4j:5",
            "docker run -e NEO4J_AUTH=neo4j/[redacted] neo4j:5",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(
        redact(&json!({"NEO4J_AUTH": "neo4j/Sup3rS3cret"})),
        json!({"NEO4J_AUTH": "neo4j/[redacted]"})
    );
}

#[test]
fn slashed_auth_values_that_are_no_login_go_whole() {
    let cases = [
        // A base64 token holding a `/`, a path, a second `/`, a token-shaped first part.
        (
            "NEO4J_AUTH=abcdEFGH/ijklMNOP1234qrstUVWX5678yzAB==",
            "NEO4J_AUTH=[redacted]",
        ),
        ("BASIC_AUTH=abcdefgh/ijklmnop=", "BASIC_AUTH=[redacted]"),
        ("NEO4J_AUTH=neo4j/a/b", "NEO4J_AUTH=[redacted]"),
        ("NEO4J_AUTH=TOKEN123/Sup3r", "NEO4J_AUTH=[redacted]"),
        // Credentials in general take no `/` pair: only an auth key does.
        ("CREDENTIALS=alice/Sup3r", "CREDENTIALS=[redacted]"),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn long_url_users_shaped_as_names_stay() {
    let texts = [
        "postgresql://jonathan.richardson-smith@db.example.com:5432/app",
        "postgresql://postgres.abcdefghijklmnopqrst@aws-0-eu-central-1.pooler.supabase.com:6543/postgres",
        "ssh://deployment-automation-user@10.0.0.5",
        "https://Jonathan.Richardson-Smith@git.example.com/x.git",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
    let cases = [(
        "postgresql://postgres.abcdefghijklmnopqrst:Sup3rS3cret@aws-0-eu-central-1.pooler.supabase.com:6543/postgres",
        "postgresql://postgres.abcdefghijklmnopqrst:[redacted]@aws-0-eu-central-1.pooler.supabase.com:6543/postgres",
    )];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn long_url_users_shaped_as_tokens_still_go() {
    let cases: &[(&str, &str)] = &[
        (
            "https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        ),
        (
            "https://6a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b@github.com/o/r",
            "6a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b",
        ),
        (
            "https://abcdefghijklmnopqrstuvwx@host/x",
            "abcdefghijklmnopqrstuvwx",
        ),
        (
            "https://aGVsbG8gd29ybGQgdGhpcyBpcw@host/x",
            "aGVsbG8gd29ybGQgdGhpcyBpcw",
        ),
        (
            "https://eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.abc@host/x",
            "eyJhbGciOiJIUzI1NiJ9",
        ),
    ];
    assert_eq!(leaked(cases), Vec::<String>::new());
}

#[test]
fn docker_credential_helpers_stay_and_logins_go() {
    let config = "{\n\t\"auths\": {\n\t\t\"ghcr.io\": {\n\t\t\t\"auth\": \"YWxpY2U6U3VwM3JTM2NyZXQ=\"\n\t\t}\n\t},\n\t\"credsStore\": \"desktop\",\n\t\"credHelpers\": {\n\t\t\"gcr.io\": \"gcloud\",\n\t\t\"123456789.dkr.ecr.us-east-1.amazonaws.com\": \"ecr-login\"\n\t}\n}";
    let got = redact_text(config);
    assert!(!got.contains("YWxpY2U6U3VwM3JTM2NyZXQ="), "{got}");
    assert_eq!(got, config.replace("YWxpY2U6U3VwM3JTM2NyZXQ=", REDACTED));
    let texts = [
        r#"{"credsStore":"desktop"}"#,
        r#"{"credsStore": "osxkeychain", "credHelpers": {"gcr.io": "gcloud"}}"#,
        "credsStore: pass",
        r#""credStore": "secretservice""#,
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
    assert_eq!(
        redact(&json!({
            "auths": {"ghcr.io": {"auth": "YWxpY2U6U3VwM3JTM2NyZXQ="}},
            "credsStore": "desktop",
            "credHelpers": {"gcr.io": "gcloud"}
        })),
        json!({
            "auths": {"ghcr.io": {"auth": REDACTED}},
            "credsStore": "desktop",
            "credHelpers": {"gcr.io": "gcloud"}
        })
    );
}

const HEX: &str = "3b6a8e0c5f2d4a1b9c7e6f5d4c3b2a19081726354453627180a9b8c7d6e5f4a3";

#[test]
fn tailscale_private_keys_in_hexadecimal_go() {
    let texts = [
        format!("nlpriv:{HEX}"),
        format!("  PrivateKey: privkey:{HEX}"),
        format!("{{\"Priv\":\"nlpriv:{HEX}\"}}"),
        format!("chalpriv:{HEX}"),
        format!("disco discopriv:{HEX}"),
    ];
    let cases: Vec<(&str, &str)> = texts.iter().map(|t| (t.as_str(), HEX)).collect();
    assert_eq!(leaked(&cases), Vec::<String>::new());
    assert_eq!(
        redact_text(&format!("node privkey:{HEX} nodekey:{HEX}")),
        format!("node privkey:[redacted] nodekey:{HEX}")
    );
    assert_eq!(
        redact_text(&format!("machine privkey:{HEX} mkey:{HEX}")),
        format!("machine privkey:[redacted] mkey:{HEX}")
    );
}

#[test]
fn tailscale_public_keys_in_hexadecimal_stay() {
    let owned = [
        format!("Node key: nodekey:{HEX}"),
        format!("NodeKey: nodekey:{HEX}\nDiscoKey: discokey:{HEX}"),
        format!("Tailnet lock key: nlpub:{HEX}"),
        format!("machine key mkey:{HEX}"),
        format!("{{\"NodeKey\":\"nodekey:{HEX}\",\"DiscoKey\":\"discokey:{HEX}\"}}"),
        format!("private node's public key nodekey:{HEX}"),
    ];
    let texts: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn digests_uuids_and_public_keys_stay() {
    let texts = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  file.tar.gz",
        "550e8400-e29b-41d4-a716-446655440000",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@host",
        "  digest: sha256:3b6a8e0c5f2d4a1b9c7e6f5d4c3b2a19081726354453627180a9b8c7d6e5f4a3",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn etcd_values_under_secret_keys_go() {
    let cases = [
        (
            "/app/db/password\nSup3rS3cret10\n/app/db/host\ndb.example.com",
            "/app/db/password\n[redacted]\n/app/db/host\ndb.example.com",
        ),
        (
            "/config/api_token\nabcd1234efgh5678ijkl\n",
            "/config/api_token\n[redacted]\n",
        ),
        (
            "/services/mail/smtp-pass\ncorrect horse battery staple\n/services/mail/port\n587",
            "/services/mail/smtp-pass\n[redacted]\n/services/mail/port\n587",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // Keys alone (`--keys-only`), paths one after another, keys not named for a secret.
    let texts = [
        "/app/db/password\n\n/app/db/host\n\n",
        "/app/db/password\n/app/db/host\n/app/db/user",
        "/app/db/host\ndb.example.com\n/app/replicas\n3",
        "/app/db/password\n${DB_PASSWORD}",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn tools_own_marks_for_hidden_values_stay() {
    let texts = [
        "//registry.npmjs.org/:_authToken = (protected)",
        "; //npm.example.com/:_password = (protected)\nregistry = \"https://registry.npmjs.org/\"",
        "password = (protected)",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
    let cases = [(
        "//registry.npmjs.org/:_auth = \"YWxpY2U6U3VwM3JTM2NyZXQ=\"",
        "//registry.npmjs.org/:_auth = \"[redacted]\"",
    )];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn systemd_environment_lists_lose_only_their_secrets() {
    let cases = [
        (
            "Environment=DB_PASSWORD=Sup3rS3cret1 API_TOKEN=abcd1234efgh5678ijkl LANG=C",
            "Environment=DB_PASSWORD=[redacted] API_TOKEN=[redacted] LANG=C",
        ),
        (
            "Environment=DB_PASSWORD=Sup3r S3cret LANG=C",
            "Environment=DB_PASSWORD=[redacted] LANG=C",
        ),
        (
            "Environment=DB_PASSWORD=Sup3r S3cret",
            "Environment=DB_PASSWORD=[redacted]",
        ),
        (
            "Environment=LANG=C DB_PASSWORD=Sup3rS3cret1 PATH=/usr/bin",
            "Environment=LANG=C DB_PASSWORD=[redacted] PATH=/usr/bin",
        ),
        (
            "Environment=\"DB_PASSWORD=a b\" LANG=C",
            "Environment=\"DB_PASSWORD=[redacted]\" LANG=C",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn terraform_sensitive_lists_and_maps_go() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"db_password":{"sensitive":true,"type":["list","string"],"value":["Sup3rS3cret33"]}}"#,
            "Sup3rS3cret33",
        ),
        (
            r#"{"conn":{"sensitive":true,"type":["map","string"],"value":{"prod":"Sup3rS3cret40"}}}"#,
            "Sup3rS3cret40",
        ),
        (
            "{\n  \"conn\": {\n    \"sensitive\": true,\n    \"type\": [\n      \"object\",\n      {\"dsn\": \"string\"}\n    ],\n    \"value\": {\n      \"dsn\": \"Sup3rS3cret41\"\n    }\n  }\n}",
            "Sup3rS3cret41",
        ),
    ];
    assert_eq!(leaked(cases), Vec::<String>::new());
    assert_eq!(
        redact_text(
            r#"{"conn":{"sensitive":true,"type":["map","string"],"value":{"prod":"Sup3rS3cret40"}}}"#
        ),
        r#"{"conn":{"sensitive":true,"type":["map","string"],"value":{"prod":"[redacted]"}}}"#
    );
    // The operator keeps what an output is: its type, and outputs not marked.
    assert_eq!(
        redact(&json!({"admin_password": {"sensitive": true, "type": "string", "value": "x1"}})),
        json!({"admin_password": {"sensitive": true, "type": "string", "value": REDACTED}})
    );
    let texts = [r#"{"vpc_id":{"sensitive":false,"type":["list","string"],"value":["vpc-0abc"]}}"#];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn operators_tool_outputs_lose_their_secrets() {
    let cases: &[(&str, &str)] = &[
        // docker compose config, kubectl describe pod, helm get values.
        (
            "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: Sup3rS3cretPg\n      DATABASE_URL: postgres://app:Sup3rS3cretPg@db:5432/app",
            "Sup3rS3cretPg",
        ),
        (
            "    Environment:\n      DB_HOST:      db\n      DB_PASSWORD:  Sup3rS3cret2",
            "Sup3rS3cret2",
        ),
        (
            "USER-SUPPLIED VALUES:\nauth:\n  postgresPassword: Sup3rS3cret3",
            "Sup3rS3cret3",
        ),
        // ansible-inventory --list, vault kv get, consul kv get -recurse, redis-cli.
        (
            r#"{"all": {"hosts": {"web1": {"ansible_password": "Sup3rS3cret6", "ansible_become_pass": "Sup3rS3cret7"}}}}"#,
            "Sup3rS3cret6",
        ),
        (
            r#"{"web1": {"ansible_become_pass": "Sup3rS3cret7"}}"#,
            "Sup3rS3cret7",
        ),
        (
            "====== Data ======\nKey         Value\n---         -----\npassword    Sup3rS3cret8\nusername    admin",
            "Sup3rS3cret8",
        ),
        ("config/app/db_password:Sup3rS3cret34", "Sup3rS3cret34"),
        ("1) \"requirepass\"\n2) \"Sup3rS3cret11\"", "Sup3rS3cret11"),
        // pg_authid, LDAP, .htpasswd, /etc/shadow's yescrypt.
        (
            " app      | SCRAM-SHA-256$4096:c2FsdHNhbHRzYWx0c2FsdA==$mUQ0aTy6gQGz0dkcKCsQGa1nJ3D1GpA0E6xaLbRLRVQ=:3Rn4QC3PZ1ooCIu9pYcJYTVYKbuA0klw1fL9w4sHTDs=",
            "mUQ0aTy6gQGz0dkcKCsQGa1nJ3D1GpA0E6xaLbRLRVQ=",
        ),
        (
            "userPassword:: e1NTSEF9bXlzYWx0ZWRoYXNoZXhhbXBsZQ==",
            "e1NTSEF9bXlzYWx0ZWRoYXNoZXhhbXBsZQ==",
        ),
        (
            "bob:$apr1$abcdefgh$ABCDEFGHIJKLMNOPQRSTU.",
            "ABCDEFGHIJKLMNOPQRSTU",
        ),
        (
            "carol:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
            "W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
        ),
        (
            "root:$y$j9T$abcdefghijklmnopqrstu.$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmno:19700:0:99999:7:::",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmno",
        ),
        // git config --list, pip config list, rclone's obscured pass.
        (
            "http.https://github.com/.extraheader=AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX2FiY2RlZg==",
            "eC1hY2Nlc3MtdG9rZW46Z2hzX2FiY2RlZg==",
        ),
        (
            "global.index-url='https://alice:Sup3rS3cret12@pypi.example.com/simple'",
            "Sup3rS3cret12",
        ),
        (
            "[remote]\ntype = sftp\nuser = alice\npass = dGhpcyBpcyBvYnNjdXJlZA",
            "dGhpcyBpcyBvYnNjdXJlZA",
        ),
    ];
    assert_eq!(leaked(cases), Vec::<String>::new());
}

#[test]
fn redis_forks_settings_and_ldap_databases_are_refused() {
    let secret = [
        "/etc/valkey/valkey.conf",
        "/etc/keydb/keydb.conf",
        "/srv/valkey.conf",
        "/etc/redis/6379.conf",
        "/etc/redis/redis-6380.conf",
        "/etc/valkey/sentinel.conf",
        "/var/lib/ldap/data.mdb",
        "/var/lib/ldap/id2entry.bdb",
        "/var/lib/openldap/openldap-data/data.mdb",
        "/home/bob/.render/cli.yaml",
        "/home/bob/.config/render/cli.yaml",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
    let readable = [
        "/etc/redis/README",
        "/etc/ldap/ldap.conf",
        "/home/u/src/ldap/README.md",
        "/etc/etcd/etcd.conf",
        "/srv/render/README.md",
    ];
    assert_eq!(missed_paths(&readable, false), Vec::<String>::new());
}

#[test]
fn git_config_lists_keep_their_credential_sections() {
    // `git config --list`: a URL inside the key is no `credential:` assignment.
    let texts = [
        "credential.https://github.com.username=alice",
        "credential.https://github.com.helper=store",
        "credential.helper=!gh auth git-credential",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
    let cases = [
        (
            "credential.https://alice:Sup3rS3cret@github.com.helper=store",
            "credential.https://alice:[redacted]@github.com.helper=store",
        ),
        (
            "http.https://dev.azure.com/.extraheader=Authorization: Basic OnBhdDEyMzQ1Njc4OTA=",
            "http.https://dev.azure.com/.extraheader=Authorization: Basic [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn database_and_directory_hashes_go() {
    let cases: &[(&str, &str)] = &[
        (
            "| app  | *6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9 |",
            "6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9",
        ),
        (
            "authentication_string: *6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9",
            "6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9",
        ),
        (
            "rolpassword | SCRAM-SHA-256$4096:c2FsdHNhbHRzYWx0c2FsdA==$mUQ0aTy6gQGz0dkcKCsQGa1nJ3D1GpA0E6xaLbRLRVQ=:3Rn4QC3PZ1ooCIu9pYcJYTVYKbuA0klw1fL9w4sHTDs=",
            "3Rn4QC3PZ1ooCIu9pYcJYTVYKbuA0klw1fL9w4sHTDs=",
        ),
        ("Master_Password: Sup3rS3cret50", "Sup3rS3cret50"),
        (
            "olcRootPW: {SSHA}bXlzYWx0ZWRoYXNoZXhhbXBsZQ==",
            "bXlzYWx0ZWRoYXNoZXhhbXBsZQ==",
        ),
        (
            "sambaNTPassword: 8846F7EAEE8FB117AD06BDD830B7586C",
            "8846F7EAEE8FB117AD06BDD830B7586C",
        ),
        (
            "alice:$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$abcdefghijklmnopqrstuvwxyzABCDEFGHIJ",
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ",
        ),
        (
            "$ vault kv get -field=password secret/app\nSup3rS3cret52",
            "Sup3rS3cret52",
        ),
    ];
    assert_eq!(leaked(cases), Vec::<String>::new());
    // `psql -c '\du'` lists roles and their attributes, no password.
    let texts = [
        " Role name |                         Attributes\n-----------+------------\n postgres  | Superuser, Create role, Create DB, Replication, Bypass RLS",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn etcd_json_values_under_secret_keys_go() {
    // `etcdctl get --prefix /app -w json`: keys and values in base64.
    let text = r#"{"header":{"cluster_id":1},"kvs":[{"key":"L2FwcC9kYi9wYXNzd29yZA==","create_revision":5,"mod_revision":5,"version":1,"value":"U3VwM3JTM2NyZXQ2MQ=="},{"key":"L2FwcC9kYi9ob3N0","value":"ZGIuZXhhbXBsZS5jb20="}],"count":2}"#;
    let got = redact_text(text);
    assert!(!got.contains("U3VwM3JTM2NyZXQ2MQ=="), "{got}");
    assert!(got.contains(r#""key":"L2FwcC9kYi9wYXNzd29yZA==""#), "{got}");
    let one = r#"{"kvs":[{"key":"L2FwcC9kYi9wYXNzd29yZA==","version":1,"value":"U3VwM3JTM2NyZXQ2MQ=="}],"count":1}"#;
    assert_eq!(
        redact_text(one),
        one.replace("U3VwM3JTM2NyZXQ2MQ==", REDACTED)
    );
}

#[test]
fn environment_entries_named_for_a_login_keep_their_user() {
    // Kubernetes' and ECS' `name`/`value` entries, as YAML, JSON text and parsed JSON.
    let cases = [
        (
            "        - name: NEO4J_AUTH\n          value: neo4j/Sup3r",
            "        - name: NEO4J_AUTH\n          value: neo4j/[redacted]",
        ),
        (
            "        - name: REDIS_AUTH\n          value: \"default:Sup3r\"",
            "        - name: REDIS_AUTH\n          value: \"default:[redacted]\"",
        ),
        (
            r#"{"name": "NEO4J_AUTH", "value": "neo4j/Sup3r"}"#,
            r#"{"name": "NEO4J_AUTH", "value": "neo4j/[redacted]"}"#,
        ),
        (
            "        {\n            \"name\": \"NEO4J_AUTH\",\n            \"value\": \"neo4j/Sup3r\"\n        },",
            "        {\n            \"name\": \"NEO4J_AUTH\",\n            \"value\": \"neo4j/[redacted]\"\n        },",
        ),
        // A token-shaped user, and a password's name, go whole.
        (
            r#"[{"name": "REDIS_AUTH", "value": "ghp_abcdefgh12345678:x"}, {"name": "DB_PASSWORD", "value": "alice:pw"}]"#,
            r#"[{"name": "REDIS_AUTH", "value": "[redacted]"}, {"name": "DB_PASSWORD", "value": "[redacted]"}]"#,
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(
        redact(&json!([
            {"name": "NEO4J_AUTH", "value": "neo4j/Sup3r"},
            {"name": "DB_PASSWORD", "value": "alice:pw"}
        ])),
        json!([
            {"name": "NEO4J_AUTH", "value": "neo4j/[redacted]"},
            {"name": "DB_PASSWORD", "value": REDACTED}
        ])
    );
}

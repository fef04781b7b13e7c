//! Twenty-seventh review: a user variable written with its password keeps its user
//! (`ETCDCTL_USER=root:PASS`, `ES_USER=elastic:PASS`, as an environment entry too; a group after
//! the user and the user alone stay), also when an earlier pass hid the password by its shape
//! (`GIT_CREDENTIALS=bob:ghp_...`), while a token-shaped first part hidden first takes its
//! password along (`--auth ghp_...:PASS`). Only the secret goes where more went: a sensitive
//! Terraform map printed over several lines keeps its keys (JSON in either member order, and
//! YAML), etcd's JSON entries and `-w fields` lines keep the values of keys named for nothing
//! secret, a public key stays under a label or an option saying private (`private key:
//! nodekey:...`), Traefik's users in a Compose file keep their names when their hashes
//! (`$$apr1$$...`, htdigest's `user:realm:md5`) go, and a type is no secret (`password:
//! string`). More command-line tools' logins are refused (`~/.koyeb.yaml`,
//! `~/.config/fastly/config.toml`, `.git/git-crypt/keys`), and templates named by their marker
//! (`example.env`) are readable.

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
fn user_variables_written_with_a_password_keep_their_user() {
    let cases = [
        (
            "ETCDCTL_USER=root:Passw0rd1",
            "ETCDCTL_USER=root:[redacted]",
        ),
        (
            "export ETCDCTL_USER=\"root:Passw0rd1\"",
            "export ETCDCTL_USER=\"root:[redacted]\"",
        ),
        (
            "ETCDCTL_USER: root:Passw0rd1",
            "ETCDCTL_USER: root:[redacted]",
        ),
        (
            "docker run -e ETCDCTL_USER=root:Passw0rd1 quay.io/coreos/etcd",
            "docker run -e ETCDCTL_USER=root:[redacted] quay.io/coreos/etcd",
        ),
        ("ES_USER=elastic:changeme1", "ES_USER=elastic:[redacted]"),
        ("PROXY_USER=bob:hunter22", "PROXY_USER=bob:[redacted]"),
        (
            "REGISTRY_USER=ci-bot:Sup3rS3cret",
            "REGISTRY_USER=ci-bot:[redacted]",
        ),
        (
            "\"X_USER\": \"bob:hunter22\"",
            "\"X_USER\": \"bob:[redacted]\"",
        ),
        (
            "ELASTICSEARCH_CREDENTIALS=elastic:changeme1",
            "ELASTICSEARCH_CREDENTIALS=elastic:[redacted]",
        ),
        (
            "TRAEFIK_BASIC_AUTH=admin:Sup3rS3cret",
            "TRAEFIK_BASIC_AUTH=admin:[redacted]",
        ),
        (
            "CONSUL_HTTP_AUTH=ops:Sup3r",
            "CONSUL_HTTP_AUTH=ops:[redacted]",
        ),
        // A token-shaped first part goes with its password.
        (
            "ETCDCTL_USER=ghp_abcdefgh12345678:x",
            "ETCDCTL_USER=[redacted]",
        ),
        ("X_USER=ghp_abcdefgh12345678:x", "X_USER=[redacted]"),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(
        redact(&json!({
            "ETCDCTL_USER": "root:Passw0rd1",
            "env": [{"name": "ETCDCTL_USER", "value": "root:Passw0rd1"}]
        })),
        json!({
            "ETCDCTL_USER": "root:[redacted]",
            "env": [{"name": "ETCDCTL_USER", "value": "root:[redacted]"}]
        })
    );
    // A user and a group, a reference, a placeholder, a user alone.
    let texts = [
        "APP_USER=www-data:www-data",
        "RUN_USER=app:staff",
        "RUN_AS_USER=nobody:nogroup",
        "DOCKER_USER=1000:1000",
        "FTP_USER=bob:${FTP_PASS}",
        "X_USER=bob:<password>",
        "ETCDCTL_USERNAME=root",
        "auth bob:${PW}",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn a_sensitive_map_over_several_lines_keeps_its_keys() {
    let text = "{\n  \"api_keys\": {\n    \"sensitive\": true,\n    \"type\": [\n      \"map\",\n      \"string\"\n    ],\n    \"value\": {\n      \"primary\": \"abc123secretvalue\",\n      \"secondary\": \"def456secretvalue\"\n    }\n  },\n  \"region\": {\n    \"sensitive\": false,\n    \"type\": \"string\",\n    \"value\": \"eu-west-1\"\n  }\n}";
    let expected = "{\n  \"api_keys\": {\n    \"sensitive\": true,\n    \"type\": [\n      \"map\",\n      \"string\"\n    ],\n    \"value\": {\n      \"primary\": \"[redacted]\",\n      \"secondary\": \"[redacted]\"\n    }\n  },\n  \"region\": {\n    \"sensitive\": false,\n    \"type\": \"string\",\n    \"value\": \"eu-west-1\"\n  }\n}";
    assert_eq!(redact_text(text), expected);
    // An object of several types: keys and structure stay, every scalar goes.
    let nested = "{\n  \"creds\": {\n    \"sensitive\": true,\n    \"type\": [\n      \"object\",\n      {\n        \"port\": \"number\"\n      }\n    ],\n    \"value\": {\n      \"port\": 5432,\n      \"users\": [\n        \"alice-Sup3rPw\",\n        \"bob-Sup3rPw\"\n      ],\n      \"nested\": {\n        \"token\": \"tok-abcdef123456\",\n        \"enabled\": true\n      }\n    }\n  }\n}";
    let got = redact_text(nested);
    for secret in ["5432", "alice-Sup3rPw", "bob-Sup3rPw", "tok-abcdef123456"] {
        assert!(!got.contains(secret), "{secret} in {got}");
    }
    for kept in [
        "\"port\": [redacted],",
        "\"users\": [",
        "\"nested\": {",
        "\"token\": \"[redacted]\",",
        "\"enabled\": true",
        "\"port\": \"number\"",
    ] {
        assert!(got.contains(kept), "{kept} missing from {got}");
    }
}

/// `etcdctl get --prefix /app -w json`: `/app/db/host`, `/app/db/password`, `/app/db/port`.
const ETCD_KVS: &str = r#"{"header":{"cluster_id":14841639068965178418,"member_id":10276657743932975437,"revision":7,"raft_term":2},"kvs":[{"key":"L2FwcC9kYi9ob3N0","create_revision":5,"mod_revision":5,"version":1,"value":"ZGIuaW50ZXJuYWw="},{"key":"L2FwcC9kYi9wYXNzd29yZA==","create_revision":6,"mod_revision":6,"version":1,"value":"U3VwM3JTM2NyZXQh"},{"key":"L2FwcC9kYi9wb3J0","create_revision":7,"mod_revision":7,"version":1,"value":"NTQzMg=="}],"count":3}"#;

#[test]
fn etcd_entries_keep_the_values_of_keys_named_for_nothing_secret() {
    let expected = ETCD_KVS.replace("U3VwM3JTM2NyZXQh", REDACTED);
    assert_eq!(redact_text(ETCD_KVS), expected);
    // Entries of a key and a value alone, which are shaped as a Secret's data.
    let bare = r#"{"kvs":[{"key":"L2FwcC9kYi9ob3N0","value":"ZGIuZXhhbXBsZS5jb20="},{"key":"L2FwcC9kYi9wYXNzd29yZA==","value":"U3VwM3JTM2NyZXQ2MQ=="}]}"#;
    assert_eq!(
        redact_text(bare),
        bare.replace("U3VwM3JTM2NyZXQ2MQ==", REDACTED)
    );
    let one = r#"{"key":"L2FwcC9kYi9wYXNzd29yZA==","value":"U3VwM3JTM2NyZXQ2MQ=="}"#;
    assert_eq!(
        redact_text(one),
        one.replace("U3VwM3JTM2NyZXQ2MQ==", REDACTED)
    );
    // Pretty-printed and parsed.
    let parsed: serde_json::Value = serde_json::from_str(ETCD_KVS).unwrap_or_default();
    let pretty = serde_json::to_string_pretty(&parsed).unwrap_or_default();
    let got = redact_text(&pretty);
    assert!(!got.contains("U3VwM3JTM2NyZXQh"), "{got}");
    assert!(
        got.contains("ZGIuaW50ZXJuYWw=") && got.contains("NTQzMg=="),
        "{got}"
    );
    let got = redact(&parsed);
    assert_eq!(got["kvs"][1]["value"], json!(REDACTED));
    assert_eq!(got["kvs"][0]["value"], json!("ZGIuaW50ZXJuYWw="));
    assert_eq!(got["kvs"][2]["value"], json!("NTQzMg=="));
    assert_eq!(got["kvs"][1]["key"], json!("L2FwcC9kYi9wYXNzd29yZA=="));
    // A Secret's data whose keys happen to be `key` and `value` but decode to no text stays
    // Secret-shaped.
    let secret = r#"{"key":"q83vEjRWeJCrze8SNFZ4kA==","value":"U3VwM3JTM2NyZXQ2MQ=="}"#;
    assert!(!redact_text(secret).contains("U3VwM3JTM2NyZXQ2MQ=="));
}

const NODE_KEY: &str = "3f8a9c1d7e44a81b2c3d4e5f9e8d7c6b5a493f8a9c1d7e44a81b2c3d4e5f9e8d";

#[test]
fn a_public_key_stays_under_a_label_saying_private() {
    let texts = [
        format!("  private key: nodekey:{NODE_KEY}"),
        format!("Private key: discokey:{NODE_KEY}"),
        format!("node private key: mkey:{NODE_KEY}"),
        format!("Private Key: nlpub:{NODE_KEY}"),
        format!("PRIVATE_KEY=nodekey:{NODE_KEY}"),
        format!("private_key = \"nodekey:{NODE_KEY}\""),
        "private_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@host".to_owned(),
        "secret key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p".to_owned(),
        "SECRET_KEY=age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p".to_owned(),
    ];
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    assert_eq!(changed(&texts), Vec::<String>::new());
    assert_eq!(
        redact(&json!({"private_key": format!("nodekey:{NODE_KEY}")})),
        json!({"private_key": format!("nodekey:{NODE_KEY}")})
    );
    // Private halves, and prefixes Tailscale does not write, go.
    let private = [
        format!("private key: privkey:{NODE_KEY}"),
        format!("private key: nodekeyX:{NODE_KEY}"),
        format!("Private key: nlpriv:{NODE_KEY}"),
    ];
    let cases: Vec<(&str, &str)> = private.iter().map(|t| (t.as_str(), NODE_KEY)).collect();
    assert_eq!(leaked(&cases), Vec::<String>::new());
    let age = "AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQS5QGPQ";
    let text = format!("secret key: {age}");
    assert_eq!(leaked(&[(text.as_str(), age)]), Vec::<String>::new());
    assert_eq!(
        redact(&json!({"private_key": format!("privkey:{NODE_KEY}")})),
        json!({"private_key": REDACTED})
    );
}

#[test]
fn traefik_users_in_compose_keep_their_names() {
    let cases = [
        (
            "      - \"traefik.http.middlewares.auth.basicauth.users=admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/\"",
            "      - \"traefik.http.middlewares.auth.basicauth.users=admin:[redacted]\"",
        ),
        (
            "      - traefik.http.middlewares.auth.basicauth.users=admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/,bob:$$2y$$05$$abcdefghijklmnopqrstuu5xq1lYF3oXbq9WmYQjWcHCWFDoiwOuu",
            "      - traefik.http.middlewares.auth.basicauth.users=admin:[redacted],bob:[redacted]",
        ),
        (
            "traefik.http.middlewares.auth.basicauth.users=admin:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/,bob:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/",
            "traefik.http.middlewares.auth.basicauth.users=admin:[redacted],bob:[redacted]",
        ),
        (
            "TRAEFIK_USERS=admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/",
            "TRAEFIK_USERS=admin:[redacted]",
        ),
        // argon2's parameters hold commas: all of it is the hash.
        (
            "x: $argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "x: [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn more_command_line_logins_and_local_settings_are_refused() {
    let secret = [
        // CLI logins in a dotfile of the home.
        "/home/alice/.koyeb.yaml",
        "/home/alice/.upstash.json",
        "/home/alice/.vsce",
        "/home/alice/.dropbox_uploader",
        "/home/alice/.tofurc",
        "/root/.tofurc",
        // CLI logins in the tool's own folder.
        "/home/alice/.config/fastly/config.toml",
        "/home/alice/.convex/config.json",
        "/home/alice/.okta/okta.yaml",
        "/srv/app/okta.yaml",
        "/home/alice/.config/auth0/config.json",
        "/home/alice/.ecctl/config.json",
        "/home/alice/.confluent/config.json",
        "/home/alice/.config/rpk/rpk.yaml",
        "/home/alice/.config/spotify-tui/client.yml",
        "/home/alice/.config/xo-cli/config.json",
        "/home/alice/.prefect/profiles.toml",
        "/home/alice/.runpod/config.toml",
        "/home/alice/.paperspace/config.json",
        "/home/alice/.config/aichat/config.yaml",
        "/home/alice/.config/shell_gpt/.sgptrc",
        "/home/alice/.metabase/metabase.db.mv.db",
        "/home/alice/.govmomi/sessions/abc",
        // Key stores: git-crypt's keys, aws-vault's file keyring.
        "/srv/repo/.git/git-crypt/keys/default",
        "/srv/repo/.git/git-crypt/keys/prod/0.gpg",
        "/home/alice/.awsvault/keys/prod",
        // Applications' environments and local settings.
        "/srv/app/.rbenv-vars",
        "/srv/app/config/settings.local.yml",
        "/var/www/html/config/app_local.php",
        "/srv/app/prod.env",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
    let readable = [
        // Templates named by their marker, as `.env.example` is.
        "/srv/app/example.env",
        "/srv/app/sample.env",
        "/srv/app/template.env",
        "/srv/app/.example.env",
        "/srv/app/config/app_local.example.php",
        "/srv/app/config/settings.local.yml.example",
        // Neighbours that hold no login.
        "/home/alice/.config/fastly/cache.json",
        "/srv/app/config/app.php",
        "/srv/app/config/settings.yml",
        "/usr/src/git-crypt/keys.cpp",
        "/usr/share/doc/git-crypt/README",
        "/home/alice/.config/k9s/config.yaml",
        "/srv/app/profiles.toml",
        "/home/alice/.config/aichat/roles/x.md",
        "/home/alice/.ssh/id_ed25519.pub",
    ];
    assert_eq!(missed_paths(&readable, false), Vec::<String>::new());
}

const TOKEN: &str = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";

#[test]
fn a_login_keeps_its_user_when_its_password_went_first() {
    // The password's shape (a token, a hash) hid it before the login was read: the user stays.
    let cases = [
        (
            format!("GIT_CREDENTIALS=bob:{TOKEN}"),
            "GIT_CREDENTIALS=bob:[redacted]".to_owned(),
        ),
        (
            "X_BASIC_AUTH=admin:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/".to_owned(),
            "X_BASIC_AUTH=admin:[redacted]".to_owned(),
        ),
        (
            "ETCDCTL_USER=root:$6$saltsalt$abcdefghijklmnopqrstuvwxyz0123".to_owned(),
            "ETCDCTL_USER=root:[redacted]".to_owned(),
        ),
        (
            format!("REDIS_AUTH=default:{TOKEN}"),
            "REDIS_AUTH=default:[redacted]".to_owned(),
        ),
        (
            format!("--auth bob:{TOKEN}"),
            "--auth bob:[redacted]".to_owned(),
        ),
        (
            format!("{{\"auth\": \"bob:{TOKEN}\"}}"),
            "{\"auth\": \"bob:[redacted]\"}".to_owned(),
        ),
    ];
    let cases: Vec<(&str, &str)> = cases
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(
        redact(&json!({"auth": format!("bob:{TOKEN}")})),
        json!({"auth": "bob:[redacted]"})
    );
}

#[test]
fn a_token_shaped_first_part_takes_its_password_along_when_it_went_first() {
    let texts = [
        format!("GIT_CREDENTIALS={TOKEN}:Sup3rS3cret"),
        format!("X_USER={TOKEN}:Sup3rS3cret"),
        format!("--auth {TOKEN}:Sup3rS3cret"),
        format!("curl -u {TOKEN}:Sup3rS3cret https://x"),
        format!("credentials {TOKEN}:Sup3rS3cret"),
        format!("Credentials: {TOKEN}:Sup3rS3cret"),
        format!("creds: {TOKEN}:Sup3rS3cret"),
        format!("\"auth\": \"{TOKEN}:Sup3rS3cret\""),
    ];
    let cases: Vec<(&str, &str)> = texts.iter().map(|t| (t.as_str(), "Sup3rS3cret")).collect();
    assert_eq!(leaked(&cases), Vec::<String>::new());
    let cases: Vec<(&str, &str)> = texts.iter().map(|t| (t.as_str(), TOKEN)).collect();
    assert_eq!(leaked(&cases), Vec::<String>::new());
    assert_eq!(
        redact(&json!({"auth": format!("{TOKEN}:Sup3rS3cret")})),
        json!({"auth": REDACTED})
    );
    // A reference after it, and a hidden word elsewhere, stay.
    let texts = [
        "docker run -u 1000:1000 nginx",
        "see [redacted]:5 in the log",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
    assert_eq!(
        redact_text(&format!("REDIS_AUTH={TOKEN}:${{PW}}")),
        "REDIS_AUTH=[redacted]:${PW}"
    );
}

#[test]
fn etcd_fields_keep_the_values_of_keys_named_for_nothing_secret() {
    // `etcdctl get --prefix /app -w fields`: one field a line, entries one after another.
    let text = "\"ClusterID\" : 14841639068965178418\n\"Revision\" : 7\n\"Key\" : \"/app/db/host\"\n\"CreateRevision\" : 5\n\"Version\" : 1\n\"Value\" : \"db.internal\"\n\"Lease\" : 0\n\"Key\" : \"/app/db/password\"\n\"Version\" : 1\n\"Value\" : \"Sup3rS3cret!\"\n\"Lease\" : 0\n\"Count\" : 2";
    let got = redact_text(text);
    assert!(got.contains("\"Value\" : \"db.internal\""), "{got}");
    assert!(!got.contains("Sup3rS3cret!"), "{got}");
    // A value written before its secret name still goes, in a list or a mapping alone.
    let cases = [
        (
            "- name: HOST\n  value: db\n- value: Sup3r\n  name: DB_PASSWORD",
            "- name: HOST\n  value: db\n- value: [redacted]\n  name: DB_PASSWORD",
        ),
        (
            "env:\n  - value: Sup3r\n    name: DB_PASSWORD\n  - name: HOST\n    value: db",
            "env:\n  - value: [redacted]\n    name: DB_PASSWORD\n  - name: HOST\n    value: db",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn a_public_key_stays_after_a_private_key_option() {
    let texts = [
        format!("tool --private-key nodekey:{NODE_KEY}"),
        format!("tool --private-key=nodekey:{NODE_KEY}"),
        "tool --private-key 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl'".to_owned(),
    ];
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    assert_eq!(changed(&texts), Vec::<String>::new());
    let private = format!("tool --private-key privkey:{NODE_KEY}");
    assert_eq!(
        leaked(&[(private.as_str(), NODE_KEY)]),
        Vec::<String>::new()
    );
}

#[test]
fn digest_users_in_a_list_lose_their_hashes() {
    // Traefik's `digestauth.users` (htdigest's `user:realm:md5`) in a label, TOML and YAML.
    let cases = [
        (
            "      - \"traefik.http.middlewares.auth.digestauth.users=admin:traefik:a2688e031edb4be6a3797f3882655c05,bob:traefik:b2688e031edb4be6a3797f3882655c05\"",
            "      - \"traefik.http.middlewares.auth.digestauth.users=admin:traefik:[redacted],bob:traefik:[redacted]\"",
        ),
        (
            "    users = [\"admin:traefik:a2688e031edb4be6a3797f3882655c05\"]",
            "    users = [\"admin:traefik:[redacted]\"]",
        ),
        (
            "        - \"admin:traefik:a2688e031edb4be6a3797f3882655c05\"",
            "        - \"admin:traefik:[redacted]\"",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let texts = [
        "ETag: \"a2688e031edb4be6a3797f3882655c05\"",
        "commit abc:def:a2688e031edb4be6a3797f3882655c05aa",
        "at 10:30:a2688e031edb4be6a3797f3882655c05",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn sensitive_collections_lose_their_strings_whatever_the_members_order() {
    // `terraform.tfstate`'s outputs: `value`, `type`, then `sensitive`.
    let state = "{\n  \"version\": 4,\n  \"outputs\": {\n    \"keys\": {\n      \"value\": [\n        \"k1-abcdef\",\n        \"k2-abcdef\"\n      ],\n      \"type\": [\n        \"list\",\n        \"string\"\n      ],\n      \"sensitive\": true\n    },\n    \"api_keys\": {\n      \"value\": {\n        \"primary\": \"abc123secretvalue\"\n      },\n      \"type\": [\n        \"map\",\n        \"string\"\n      ],\n      \"sensitive\": true\n    },\n    \"region\": {\n      \"value\": \"eu-west-1\",\n      \"type\": \"string\"\n    },\n    \"tags\": {\n      \"value\": {\n        \"env\": \"prod\"\n      },\n      \"type\": [\n        \"map\",\n        \"string\"\n      ]\n    }\n  }\n}";
    let got = redact_text(state);
    for secret in ["k1-abcdef", "k2-abcdef", "abc123secretvalue"] {
        assert!(!got.contains(secret), "{secret} in {got}");
    }
    for kept in [
        "\"primary\": \"[redacted]\"",
        "\"eu-west-1\"",
        "\"env\": \"prod\"",
        "\"list\"",
    ] {
        assert!(got.contains(kept), "{kept} missing from {got}");
    }
    let one_line = r#"{"outputs":{"m":{"value":{"a":"abc123secretvalue"},"type":["map","string"],"sensitive":true},"t":{"value":{"env":"prod"},"type":["map","string"],"sensitive":false}}}"#;
    assert_eq!(
        redact_text(one_line),
        one_line.replace("abc123secretvalue", REDACTED)
    );
    // `terraform show -json`: a sensitive object's type names its attributes' types, which stay.
    let show = "{\n  \"db\": {\n    \"sensitive\": true,\n    \"value\": {\n      \"host\": \"db.internal\",\n      \"password\": \"Sup3rS3cret!\"\n    },\n    \"type\": [\n      \"object\",\n      {\n        \"host\": \"string\",\n        \"password\": \"string\"\n      }\n    ]\n  }\n}";
    let got = redact_text(show);
    assert!(
        !got.contains("Sup3rS3cret!") && !got.contains("db.internal"),
        "{got}"
    );
    assert!(got.contains("\"password\": \"string\""), "{got}");
}

#[test]
fn a_type_where_a_value_could_be_is_no_secret() {
    let texts = [
        "password: string;",
        "export interface Login { password: string }",
        "token: str",
        "\"password\": \"string\"",
        "api_key: number",
        "secret: boolean",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
    assert_eq!(redact_text("password: Str1ng!"), "password: [redacted]");
}

#[test]
fn a_user_alone_and_ids_shaped_as_logins_stay() {
    // etcdctl asks for the password when its user comes alone.
    let texts = [
        "ETCDCTL_USER=root",
        "export ETCDCTL_USER=\"svc-deploy\"",
        "{\"ETCDCTL_USER\": \"root\"}",
        "GROUP_USER=alice:developers",
        "HOST_USER=ubuntu:ubuntu",
        "RUN_AS_USER=postgres:postgres",
        "x-request-id: 8f3a1b2c:9d8e7f6a:0123456789abcdef0123456789abcdef",
        "ETag: \"d41d8cd98f00b204e9800998ecf8427e\"",
        "{\"key\":\"L2FwcC9kYi9ob3N0\",\"value\":\"ZGIuZXhhbXBsZS5jb20=\"}",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
    assert_eq!(
        redact(&json!({"ETCDCTL_USER": "root"})),
        json!({"ETCDCTL_USER": "root"})
    );
    // A token-shaped value alone is still a credential.
    let cases = [(
        "ETCDCTL_USER=ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    )];
    assert_eq!(leaked(&cases), Vec::<String>::new());
}

#[test]
fn sensitive_values_in_yaml_go() {
    // `terraform output -json | yq -P`, and a state's outputs as YAML (value first).
    let cases = [
        (
            "db_password:\n  sensitive: true\n  type: string\n  value: Sup3rS3cret!",
            "db_password:\n  sensitive: true\n  type: string\n  value: [redacted]",
        ),
        (
            "outputs:\n  conn:\n    value: postgres-Sup3r\n    type: string\n    sensitive: true\n  keys:\n    value:\n      - k1-abcdef\n      - k2-abcdef\n    type:\n      - list\n      - string\n    sensitive: true\n  m:\n    value:\n      a: abc123secretvalue\n      nested:\n        - x: y-secret\n    sensitive: true\n  tags:\n    value:\n      env: prod\n    sensitive: false",
            "outputs:\n  conn:\n    value: [redacted]\n    type: string\n    sensitive: true\n  keys:\n    value:\n      - [redacted]\n      - [redacted]\n    type:\n      - list\n      - string\n    sensitive: true\n  m:\n    value:\n      a: [redacted]\n      nested:\n        - x: [redacted]\n    sensitive: true\n  tags:\n    value:\n      env: prod\n    sensitive: false",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let texts = [
        "region:\n  sensitive: false\n  type: string\n  value: eu-west-1",
        "value: plain\nname: region",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn environment_entries_of_user_variables_keep_their_user() {
    let cases = [
        (
            "        - name: ES_USER\n          value: elastic:changeme1",
            "        - name: ES_USER\n          value: elastic:[redacted]",
        ),
        (
            "        - name: ES_USER\n          value: \"elastic:changeme1\"",
            "        - name: ES_USER\n          value: \"elastic:[redacted]\"",
        ),
        (
            "{\"name\": \"ES_USER\", \"value\": \"elastic:changeme1\"}",
            "{\"name\": \"ES_USER\", \"value\": \"elastic:[redacted]\"}",
        ),
        (
            "[Service]\nEnvironment=ES_USER=elastic:changeme1",
            "[Service]\nEnvironment=ES_USER=elastic:[redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let texts = [
        "        - name: APP_USER\n          value: app:staff",
        "        - name: SOME_USER\n          value: alice",
        "{\"name\": \"APP_USER\", \"value\": \"www-data:www-data\"}",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
    assert_eq!(
        redact(&json!([
            {"name": "ES_USER", "value": "elastic:changeme1"},
            {"name": "APP_USER", "value": "app:staff"},
            {"name": "X_USER", "value": "bob"}
        ])),
        json!([
            {"name": "ES_USER", "value": "elastic:[redacted]"},
            {"name": "APP_USER", "value": "app:staff"},
            {"name": "X_USER", "value": "bob"}
        ])
    );
}

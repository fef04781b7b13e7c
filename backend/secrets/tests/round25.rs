//! Twenty-fifth review: a URL's user written without a password stays when it is shaped as a
//! product's or a service's name (`neo4j`, `ec2-user`), a login given as one `user:password`
//! value (`--auth alice:PASS`, `REDIS_AUTH=default:PASS`) keeps its user, a Kubernetes
//! Secret's `data` printed alone (`kubectl get secret -o jsonpath='{.data}'`) loses every
//! value by its shape, and Docker's contexts' metadata is readable while their TLS material and
//! the rest of `.docker` stay refused.

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
fn url_users_shaped_as_names_stay_without_a_password() {
    // Products' and services' names hold a digit or two between their letters.
    let texts = [
        "neo4j+s://neo4j@host",
        "cypher-shell -a neo4j+s://neo4j@abc.databases.neo4j.io",
        "bolt://neo4j@db.example.com:7687",
        "ssh://ec2-user@10.0.0.5",
        "git clone ssh://ec2-user@host/srv/repo.git",
        "https://k8s-admin@dashboard.example.com/",
        "mongodb://s3user@h:27017/db",
        "db2://db2inst1@db:50000/sample",
        "postgres://app@db:5432/app",
        "origin\thttps://alice@bitbucket.org/team/repo.git (fetch)",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn url_users_shaped_as_tokens_still_go() {
    let cases: &[(&str, &str)] = &[
        (
            "https://ghp_abcdefgh12345678@github.com/o/r.git",
            "ghp_abcdefgh12345678",
        ),
        (
            "https://6a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b@github.com/o/r.git",
            "6a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b",
        ),
        // Digits scattered through letters are random, not a name.
        ("https://k3j4h5g6f7@host/x", "k3j4h5g6f7"),
        ("https://TOKEN123@host/x", "TOKEN123"),
        ("https://abc123def@host/x", "abc123def"),
        ("https://a1B2c3@host/x", "a1B2c3"),
        ("neo4j+s://neo4j:Xk9mQ2vLp7@host", "Xk9mQ2vLp7"),
    ];
    assert_eq!(leaked(cases), Vec::<String>::new());
}

#[test]
fn a_login_given_as_one_value_keeps_its_user() {
    let cases: &[(&str, &str)] = &[
        ("foo --auth alice:pw", "foo --auth alice:[redacted]"),
        ("foo --auth=alice:pw", "foo --auth=alice:[redacted]"),
        (
            "http --auth alice:Sup3rS3cret example.org",
            "http --auth alice:[redacted] example.org",
        ),
        (
            "http --auth-type digest --auth bob:s3cret! https://x",
            "http --auth-type digest --auth bob:[redacted] https://x",
        ),
        (
            "foo --auth 'alice:pw w' x",
            "foo --auth 'alice:[redacted]' x",
        ),
        (
            "foo --basic-auth=alice:Sup3r",
            "foo --basic-auth=alice:[redacted]",
        ),
        (
            "foo --proxy-auth bob@example.com:Sup3r",
            "foo --proxy-auth bob@example.com:[redacted]",
        ),
        (
            "foo --http-auth svc-deploy:Sup3r",
            "foo --http-auth svc-deploy:[redacted]",
        ),
        ("foo --login bob:Sup3r", "foo --login bob:[redacted]"),
        ("AUTH=alice:Sup3r", "AUTH=alice:[redacted]"),
        (
            "REDIS_AUTH=default:Sup3rS3cret",
            "REDIS_AUTH=default:[redacted]",
        ),
        ("BASIC_AUTH=admin:Sup3r", "BASIC_AUTH=admin:[redacted]"),
        ("auth: alice:Sup3r", "auth: alice:[redacted]"),
        (r#""auth": "alice:Sup3r""#, r#""auth": "alice:[redacted]""#),
        // A token, alone or as the user, goes whole.
        ("foo --auth Sup3rS3cretTok", "foo --auth [redacted]"),
        ("foo --auth ghp_abcdefgh12345678:x", "foo --auth [redacted]"),
        ("foo --auth TOKEN123:x", "foo --auth [redacted]"),
        ("AUTH=Ym9iOnMzY3IzdHBhc3M=", "AUTH=[redacted]"),
    ];
    assert_eq!(wrong_redactions(cases), Vec::<String>::new());
    // Parsed as JSON, the same.
    assert_eq!(
        redact(&json!({"auth": "alice:Sup3r", "basic_auth": "ghp_abcdefgh12345678:x"})),
        json!({"auth": "alice:[redacted]", "basic_auth": REDACTED})
    );
}

#[test]
fn credentials_in_query_parameters_go() {
    let cases: &[(&str, &str)] = &[
        (
            "https://x.example.com/cb?code=4/0AX4XfWh7YaBcDeFgH&state=xyz123",
            "4/0AX4XfWh7YaBcDeFgH",
        ),
        (
            "https://x.example.com/?session=abcdef1234567890abcd",
            "abcdef1234567890abcd",
        ),
        (
            "https://x.example.com/?sessionid=abcdef1234567890abcd",
            "abcdef1234567890abcd",
        ),
        (
            r#"GET /login?sid=abcdef1234567890abcd HTTP/1.1"#,
            "abcdef1234567890abcd",
        ),
        (
            "https://x.example.com/;jsessionid=ABCDEF1234567890",
            "ABCDEF1234567890",
        ),
        // Logins handed over in a redirect.
        (
            "https://app.example.com/cas/login?ticket=ST-12345-Zq8rT5uYw1abcdefgh-cas&x=1",
            "Zq8rT5uYw1abcdefgh",
        ),
        (
            "https://sp.example.com/acs?SAMLResponse=PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm4&RelayState=x",
            "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm4",
        ),
        (
            "https://x.example.com/cb?oauth_token=abc&oauth_verifier=Zq8rT5uYw1abcdef",
            "Zq8rT5uYw1abcdef",
        ),
        (
            "grant_type=authorization_code&code=abc12345&code_verifier=Zq8rT5uYw1abcdefghijklmnopqrstuvwxyzABCDEFG",
            "Zq8rT5uYw1abcdefghijklmnopqrstuvwxyzABCDEFG",
        ),
        (
            "grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=Zq8rT5uYw1abcdefghij",
            "Zq8rT5uYw1abcdefghij",
        ),
        (
            "https://x.example.com/wsfed?wa=wsignin1.0&wresult=PHQ6UmVxdWVzdFNlY3VyaXR5VG9rZW5SZXNwb25zZT4",
            "PHQ6UmVxdWVzdFNlY3VyaXR5VG9rZW5SZXNwb25zZT4",
        ),
        (
            "GET /default.asp?ASPSESSIONIDQQCTSRTB=Zq8rT5uYw1abcdefghij HTTP/1.1",
            "Zq8rT5uYw1abcdefghij",
        ),
    ];
    assert_eq!(leaked(cases), Vec::<String>::new());
    // An authorization code outside a query string: a callback's log, YAML, nginx's `$args`.
    let cases: &[(&str, &str)] = &[
        (
            r#"{"msg":"callback","code":"4/0AX4XfWh7YaBcDeFgHZq8rT5uYw1","state":"xyz123"}"#,
            "4/0AX4XfWh7YaBcDeFgHZq8rT5uYw1",
        ),
        (
            "code: 4/0AX4XfWh7YaBcDeFgHZq8rT5uYw1",
            "4/0AX4XfWh7YaBcDeFgHZq8rT5uYw1",
        ),
        (
            "args: code=4/0AX4XfWh7YaBcDeFgHZq8rT5uYw1&state=xyz",
            "4/0AX4XfWh7YaBcDeFgHZq8rT5uYw1",
        ),
        (
            r#"{"oauth_code":"Zq8rT5uYw1abcdefghij"}"#,
            "Zq8rT5uYw1abcdefghij",
        ),
    ];
    assert_eq!(leaked(cases), Vec::<String>::new());
    assert_eq!(
        redact(&json!({"code": "4/0AX4XfWh7YaBcDeFgHZq8rT5uYw1", "state": "xyz123"})),
        json!({"code": REDACTED, "state": "xyz123"})
    );
    // Error codes, statuses and OAuth's `state` log no one in.
    let texts = [
        r#"{"code":"ERR_NOT_FOUND","message":"x"}"#,
        r#"{"code":404,"state":"open"}"#,
        r#"{"code":"ThrottlingException","message":"Rate exceeded"}"#,
        r#""code": "NoSuchKey""#,
        "code: 0",
        "Error code: 0x80070005",
        "exit_code: 137",
        r#"{"error_code":"E1234567890ABCDEF"}"#,
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
    // A country's, a page's or a status' code is no credential.
    let texts = [
        "https://x.example.com/?code=US&lang=en",
        "https://x.example.com/?code=200",
        "https://x.example.com/?ssid=home&country=us",
        "https://x.example.com/?sid=5",
        "https://support.example.com/view?ticket=JIRA-12345",
        "https://x.example.com/device?user_code=WDJB-MJHT",
        "https://idp.example.com/sso?SAMLRequest=fZJNT8MwDIbv",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

/// base64 of `supersecretvalue123`.
const API: &str = "c3VwZXJzZWNyZXR2YWx1ZTEyMw==";
/// base64 of the start of a PEM private key.
const TLS_KEY: &str = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5";
/// 32 random bytes in base64, as an encryption key is kept.
const RAW_KEY: &str = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";

#[test]
fn a_secrets_data_printed_alone_loses_every_value() {
    let cases: Vec<(String, String)> = vec![
        (
            format!(r#"{{"api":"{API}","tls.key":"{TLS_KEY}"}}"#),
            r#"{"api":"[redacted]","tls.key":"[redacted]"}"#.to_owned(),
        ),
        (
            format!(r#"{{"host":"ZGIuZXhhbXBsZS5jb20=","user":"YWRtaW4=","pass":"{API}"}}"#),
            r#"{"host":"[redacted]","user":"[redacted]","pass":"[redacted]"}"#.to_owned(),
        ),
        (
            format!(r#"{{"encryption.key":"{RAW_KEY}"}}"#),
            r#"{"encryption.key":"[redacted]"}"#.to_owned(),
        ),
        // Through `jq`, over several lines.
        (
            format!("{{\n  \"api\": \"{API}\",\n  \"config.json\": \"eyJhdXRocyI6e319\"\n}}\n"),
            "{\n  \"api\": \"[redacted]\",\n  \"config.json\": \"[redacted]\"\n}\n".to_owned(),
        ),
        // A go-template's `{{.data}}`, or an older kubectl's JSONPath.
        (
            format!("map[api:{API} user:YWRtaW4=]"),
            "map[api:[redacted] user:[redacted]]".to_owned(),
        ),
        // Through `yq`, or a go-template's range, one entry a line.
        (
            format!("api: {API}\ntls.key: {TLS_KEY}\n"),
            "api: [redacted]\ntls.key: [redacted]\n".to_owned(),
        ),
        (
            format!("api={API}\nnamespace=ZGVmYXVsdA==\n"),
            "api=[redacted]\nnamespace=ZGVmYXVsdA==\n".to_owned(),
        ),
        // tailscaled's state read whole: every value base64, a short one too (`e30=`, `{}`).
        (
            r#"{"_machinekey":"cHJpdmtleTo1YTRhMzIyNTI1NTI1NGFhNDhhYWI3NTFhMTU3OWU5M2U3NGE0NTFhZDU4NDlmZTU4OGJmZmIxOTkwNGM2NWZl","_current-profile":"cHJvZmlsZS0xMjM0","_daemon-config":"e30="}"#.to_owned(),
            r#"{"_machinekey":"[redacted]","_current-profile":"[redacted]","_daemon-config":"[redacted]"}"#.to_owned(),
        ),
        // A service account token's namespace stays.
        (
            format!(r#"{{"namespace":"ZGVmYXVsdA==","token":"{API}"}}"#),
            r#"{"namespace":"ZGVmYXVsdA==","token":"[redacted]"}"#.to_owned(),
        ),
    ];
    let cases: Vec<(&str, &str)> = cases
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());

    // Parsed as JSON, the same.
    assert_eq!(
        redact(&json!({"api": API, "namespace": "ZGVmYXVsdA==", "tls.key": TLS_KEY})),
        json!({"api": REDACTED, "namespace": "ZGVmYXVsdA==", "tls.key": REDACTED})
    );
}

#[test]
fn ordinary_maps_stay() {
    let texts = [
        // A ConfigMap's data, labels, a container's environment as a map.
        r#"{"LOG_LEVEL":"info","PORT":"8080","MODE":"prod"}"#,
        r#"{"app":"web","tier":"frontend"}"#,
        "map[app:nginx pod-template-hash:5d8b9c7f6]",
        "map[com.docker.compose.project:web com.docker.compose.service:db]",
        // Digests and ids.
        r#"{"sha":"3f2a9c1d7e44a81b2c3d4e5f3f2a9c1d","name":"web"}"#,
        r#"{"id":"550e8400-e29b-41d4-a716-446655440000","image":"nginx"}"#,
        // Paths and words that happen to be valid base64.
        r#"{"conf":"/etc/tinyproxy/tinyproxy","word":"findings"}"#,
        r#"{"a":"MTIz","b":"NDU2"}"#,
        // Digests and public keys in base64.
        r#"{"contentMD5":"1B2M2Y8AsgTpgAmY7PhCfg==","sha256":"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}"#,
        r#"{"sshPublicKey":"AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"}"#,
        r#"{"publicKey":"xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=","endpoint":"1.2.3.4:51820"}"#,
        r#"{"status":"okay"}"#,
        // Settings and listings one entry a line.
        "NAME: web\nSTATUS: Running\n",
        "uid=1000\ngid=1000\n",
        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
        "level: info\nport: 8080\nmode: prod\n",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
    let object = json!({"LOG_LEVEL": "info", "PORT": "8080"});
    assert_eq!(redact(&object), object);
}

#[test]
fn dockers_context_metadata_is_readable_and_its_tls_material_is_not() {
    let readable = [
        "/root/.docker/contexts/meta/fe9c6bd7a66301f49ca9b6a70b217107cd1284598bfc254700c989b916da791e/meta.json",
        "/home/bob/.docker/contexts/meta/fe9c6bd7/meta.json",
        "~/.docker/contexts/meta/abc/meta.json",
        "$HOME/.docker/contexts/meta/abc/meta.json",
        ".docker/contexts/meta/abc/meta.json",
        "./.docker/contexts/meta/abc/meta.json",
        "/home/bob/.docker/contexts/meta",
        // A directory there is an id, whatever name the guard tries for a wildcard
        // (`meta/*/meta.json`): the directories known for secrets say nothing there.
        "/root/.docker/contexts/meta/vector/meta.json",
        "/root/.docker/contexts/meta/credentials/meta.json",
    ];
    assert_eq!(missed_paths(&readable, false), Vec::<String>::new());
    let refused = [
        "/home/bob/.docker/contexts/tls/abc/docker/key.pem",
        "/home/bob/.docker/contexts/tls/abc/docker/ca.pem",
        "/home/bob/.docker/contexts/tls",
        "/home/bob/.docker/contexts",
        "/home/bob/.docker/config.json",
        "~/.docker/config.json",
        // `..` could climb out of the metadata.
        "/home/bob/.docker/contexts/meta/../../config.json",
        "/home/bob/.docker/contexts/meta/x/../../tls/x/docker/key.pem",
        // A key's name is judged wherever it is.
        "/home/bob/.docker/contexts/meta/abc/key.pem",
        "/home/bob/.docker/contexts/meta/abc/id_rsa",
        "/home/bob/.docker/contexts/meta/abc/.env",
    ];
    assert_eq!(missed_paths(&refused, true), Vec::<String>::new());
}

#[test]
fn tools_login_files_are_refused_under_their_formats_extensions() {
    let refused = [
        "~/.config/hut/config",
        "/home/bob/.config/hut/config",
        "~/.config/heroku/config",
        "~/.config/heroku/config.json",
        "/root/.config/op/config.json",
        "~/.config/gh/hosts.yml",
        "~/.config/gh/hosts.yaml",
        "$HOME/.config/hub",
        "/home/bob/_NETRC",
        "./_netrc",
    ];
    assert_eq!(missed_paths(&refused, true), Vec::<String>::new());
    let readable = [
        "/srv/app/config/config.yaml",
        "/srv/app/config.json",
        "/home/bob/.config/gh/config.yml",
    ];
    assert_eq!(missed_paths(&readable, false), Vec::<String>::new());
}

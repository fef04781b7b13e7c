//! Thirty-fifth review: values a homelab's, an inference box's and a company server's files
//! hold with nothing beside them to say "secret". Gaps closed as kinds:
//! - a hex value alone (`openssl rand -hex 32`, `cat jwt.key` of 64 hex digits) has the shape
//!   of a container's id or a digest, so text alone keeps it; the command that printed it
//!   decides (`redact_command_output`, used by `run_command`): what a command printing a
//!   secret file or generating a key printed goes, `docker run -d`'s and `sha256sum`'s output
//!   stays;
//! - a token of small letters and digits alone (ZeroTier's `authtoken.secret`) goes by its
//!   shape; hex, Swarm's 25-character ids and names with numbers stay;
//! - maps of AI and ML services to keys (`llm`'s `keys.json`, YAML and TOML key maps) lose
//!   their values whatever their shape; models' names, addresses, switches and variables'
//!   names in such maps stay;
//! - a password of letters given `with password` or `using password` in a log line, and an API
//!   key or a token stated in a sentence (`the api key is tulipgardenkey`); counts and times
//!   said of a key stay;
//! - base64 of a passphrase of words, alone (a Secret's value decoded one at a time); base64 of
//!   a sentence stays;
//! - a token or an API key given in prose (`using token X`, `Created API key X for user bob`,
//!   `New token created: X`), letters alone or not; `with token authentication` stays;
//! - entries named by a user that hold its password: Kafka's JAAS `user_NAME="PASS"`,
//!   CouchDB's `[admins]`, Net-SNMP's `usmUser` keys;
//! - Backblaze's `b2 authorize-account KEY_ID KEY` command line;
//! - clear-text protocol logins as `curl -v` or a debug log prints them (FTP's and POP3's
//!   `PASS X`, IMAP's `a001 LOGIN bob X`); test runners' `PASS  src/app.test.js` stays;
//! - a password of letters after a verdict or a login (`wrong password X for bob`, `user bob
//!   password X`), a secret set in prose (`set the api key to X`, `set OPENAI_API_KEY to X`),
//!   a key qualified by its service (`my OpenAI key: X`), a password of someone (`the password
//!   of bob is X`);
//! - a value decoded on a command line (`echo 'Y29ycmVjdCBob3JzZQ==' | base64 -d`);
//! - over-redaction fixed: a source file's location in a log line (klog's `token.go:100]`,
//!   `at token.js:12:5`) lost its line number as a secret-named key's value;
//! - files refused by name: MCP servers' configurations wherever a tool keeps them
//!   (`.vscode/mcp.json`, Windsurf's `mcp_config.json`), backup tools' environment files in
//!   `/etc/default` (`restic`, `borg`).
//!
//! Everyday readings next to them stay as printed.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;
use warden_secrets::redact_command_output;

const HEX64: &str = "3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a";

#[test]
fn hex_alone_is_judged_by_the_command_that_printed_it() {
    let output = format!("{HEX64}\n");
    for command in [
        "openssl rand -hex 32",
        "cat /etc/app/jwt.key",
        "cat /srv/app/session.secret",
        "sudo cat /var/lib/app/api_token",
        "head -c 64 /etc/app/signing.key",
        "cat /var/lib/zerotier-one/authtoken.secret",
    ] {
        assert_eq!(
            redact_command_output(command, &output),
            "[redacted]\n",
            "{command}"
        );
    }
    // Text alone keeps hex: a container's id and a digest look the same.
    assert_eq!(changed(&[HEX64, &output]), Vec::<String>::new());
}

#[test]
fn hex_of_ids_and_digests_stays_with_its_command() {
    let cases = [
        ("docker run -d nginx", format!("{HEX64}\n")),
        ("docker inspect -f '{{.Id}}' web", format!("{HEX64}\n")),
        ("sha256sum /usr/bin/ls", format!("{HEX64}  /usr/bin/ls\n")),
        ("cat /etc/machine-id", "0123456789abcdef0123456789abcdef\n".to_owned()),
        (
            "docker ps",
            "CONTAINER ID   IMAGE          STATUS\n3f2a9c0d1e4b   nginx:latest   Up 2 hours\n"
                .to_owned(),
        ),
        (
            "dmesg | tail -1",
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state\n".to_owned(),
        ),
        (
            "free -h",
            "               total        used        free\nMem:            15Gi       3.1Gi       9.2Gi\n"
                .to_owned(),
        ),
    ];
    for (command, output) in cases {
        assert_eq!(redact_command_output(command, &output), output, "{command}");
    }
}

#[test]
fn a_token_of_small_letters_and_digits_alone_goes() {
    let cases = [
        ("k3v9q2m8x7p1z5r4t6w0y8ab", "[redacted]"),
        ("k3v9q2m8x7p1z5r4t6w0y8ab\n", "[redacted]\n"),
        ("q8w2e7r4t1y9u3i6o0p5a2s8d4f7g1h3", "[redacted]"),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn ids_and_names_of_small_letters_and_digits_stay() {
    let texts = [
        // Swarm's ids, printed alone by `docker service create -d`, `docker secret create`.
        "ooq2rmnf8ir7a8ilqkdmqnd0z",
        "dxn1zf6l61qsb1josjja83ngz\n",
        // A Bech32 address, hex, names with numbers, a host's name.
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "0123456789abcdef0123456789abcdef",
        "node01rack02datacenter03",
        "ubuntu2204server",
        "ip-10-0-0-5",
        "web-7d9f8b6c5-x2k4p",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn keys_of_provider_maps_go_whatever_their_shape() {
    let cases = [
        // llm's keys.json.
        (
            "{\n  \"// Note\": \"This file stores secret API credentials. Do not share!\",\n  \"openai\": \"sk-proj-abcDEF123ghiJKL456mnoPQR789\",\n  \"mistral\": \"plainvalueforkey\"\n}",
            "{\n  \"// Note\": \"This file stores secret API credentials. Do not share!\",\n  \"openai\": \"[redacted]\",\n  \"mistral\": \"[redacted]\"\n}",
        ),
        (
            r#"{"openai": "sk-abc123", "mistral": "Jf83kdleiw9qPzmn28dkQ", "gemini": "tulipgardenkey"}"#,
            r#"{"openai": "[redacted]", "mistral": "[redacted]", "gemini": "[redacted]"}"#,
        ),
        // The same map in YAML and TOML, nested.
        (
            "api_keys:\n  anthropic: myplainanthropickey\n  groq: 'gardenkeyvalue'\n",
            "api_keys:\n  anthropic: [redacted]\n  groq: '[redacted]'\n",
        ),
        (
            "[keys]\ndeepseek = \"plaindeepseekkey\"\nopenrouter = \"orkeyvalue\"",
            "[keys]\ndeepseek = \"[redacted]\"\nopenrouter = \"[redacted]\"",
        ),
        // An ML tracker's key under its service's name.
        (
            r#"{"hf_token": "plainvaluehf", "wandb": "0123456789abcdef0123456789abcdef01234567"}"#,
            r#"{"hf_token": "[redacted]", "wandb": "[redacted]"}"#,
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn what_provider_maps_hold_besides_keys_stays() {
    let texts = [
        r#"{"provider": "openai", "model": "gpt-4o"}"#,
        r#"{"openai": "gpt-4o-mini", "anthropic": "claude-3-5-sonnet-20241022"}"#,
        "mistral: mistral-large-latest\ngemini: gemini-1.5-pro",
        "mistral: ready\nopenai: healthy\nanthropic: unavailable",
        "openai: https://api.openai.com/v1",
        r#"{"openai": "OPENAI_API_KEY", "groq": "${GROQ_API_KEY}"}"#,
        "openai: true\nanthropic: disabled\ntogether: 0.5",
        "wandb: Currently logged in as: bob (team). Use `wandb login --relogin` to force relogin",
        "wandb: Syncing run fluent-sun-12",
        "provider=openai model=o3-mini temperature=0.2",
        r#"{"gpu": "H100", "temp": 51, "mem_used": 1024}"#,
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn passwords_of_letters_in_log_lines_and_keys_in_prose_go() {
    let cases = [
        (
            "2026-12-05 login failed for user bob with password tulipgarden",
            "2026-12-05 login failed for user bob with password [redacted]",
        ),
        (
            "Dec 05 12:00:01 box app[123]: auth failed for bob using password tulipgarden from 10.0.0.5",
            "Dec 05 12:00:01 box app[123]: auth failed for bob using password [redacted] from 10.0.0.5",
        ),
        (
            "connecting to db as app with password Gardenparty",
            "connecting to db as app with password [redacted]",
        ),
        ("The api key is tulipgardenkey", "The api key is [redacted]"),
        (
            "your API token is gardenvalue.",
            "your API token is [redacted]",
        ),
        (
            "the secret key is tulipgarden",
            "the secret key is [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn log_lines_about_passwords_and_keys_stay() {
    let texts = [
        "user bob logged in with password authentication",
        "Accepted password for bob from 10.0.0.5 port 22 ssh2",
        "Failed password for invalid user admin from 10.0.0.5 port 22 ssh2",
        "mysql: [Warning] Using a password on the command line interface can be insecure.",
        "sshd: disabling login with password only",
        "vault: unsealed with password protection enabled",
        "the API key is 3 days old",
        "the token is expired",
        "the api key is required",
        "Dec 05 12:00:01 box systemd[1]: Started nginx.service - A high performance web server.",
        "10.0.0.5 - - [05/Dec/2026:12:00:01 +0000] \"GET /index.html HTTP/1.1\" 200 512 \"-\" \"curl/8.0\"",
        "[stdout] 2026-12-05T05:24:01Z tick 3",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn base64_of_a_passphrase_alone_goes() {
    let cases = [
        // "correct horse battery staple", with and without echo's newline.
        ("Y29ycmVjdCBob3JzZSBiYXR0ZXJ5IHN0YXBsZQ==", "[redacted]"),
        ("Y29ycmVjdCBob3JzZSBiYXR0ZXJ5IHN0YXBsZQo=\n", "[redacted]\n"),
        // `echo tulipgarden | base64`.
        ("dHVsaXBnYXJkZW4K", "[redacted]"),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // Base64 of a sentence, and of a text of several lines, stays.
    let texts = [
        "dGhpcyBpcyBqdXN0IHNvbWUgcGxhaW4gdGV4dCB3aXRob3V0IHNlY3JldHM=",
        "aGVsbG8gd29ybGQuCnNlY29uZCBsaW5lCg==",
        // `hello world`: fewer words than a passphrase. (One word encoded alone with `echo`'s
        // newline, `aGVsbG8K`, goes: a Secret made with `echo PASS | base64` holds the same.)
        "aGVsbG8gd29ybGQ=",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn tokens_given_in_prose_go() {
    let cases = [
        (
            "Dec 05 12:00:01 box gitea[99]: using token tulipgardentoken for push",
            "Dec 05 12:00:01 box gitea[99]: using token [redacted] for push",
        ),
        (
            "logged in with api key gardenkeyvalue",
            "logged in with api key [redacted]",
        ),
        (
            "Created API key gardenkeyvalue for user bob",
            "Created API key [redacted] for user bob",
        ),
        (
            "New token created: tulipgardentok",
            "New token created: [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let texts = [
        "authenticated with token authentication",
        "using token auth for the registry",
        "Use a token with scope read_api",
        "The token is valid for 7 days",
        "The api key is stored in /etc/app/key",
        "created token for bob",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn passwords_of_user_named_entries_go() {
    let cases = [
        (
            "KafkaServer {\n  org.apache.kafka.common.security.plain.PlainLoginModule required\n  username=\"admin\"\n  password=\"tulipgarden\"\n  user_admin=\"tulipgarden\"\n  user_alice=\"alicegarden\";\n};",
            "KafkaServer {\n  org.apache.kafka.common.security.plain.PlainLoginModule required\n  username=\"admin\"\n  password=\"[redacted]\"\n  user_admin=\"[redacted]\"\n  user_alice=\"[redacted]\";\n};",
        ),
        (
            "[admins]\nadmin = tulipgarden\n[couchdb]\nsingle_node = true",
            "[admins]\nadmin = [redacted]\n[couchdb]\nsingle_node = true",
        ),
        (
            "usmUser 1 3 0x80001f88 0x626f62 0x626f62 NULL .1.3.6.1.6.3.10.1.1.3 0x0123456789abcdef0123456789abcdef .1.3.6.1.6.3.10.1.2.4 0x0123456789abcdef0123456789abcdef \"\"",
            "usmUser 1 3 0x80001f88 0x626f62 0x626f62 NULL .1.3.6.1.6.3.10.1.1.3 0x[redacted] .1.3.6.1.6.3.10.1.2.4 0x[redacted] \"\"",
        ),
        (
            "b2 authorize-account 0012345abcdef0000000001 tulipgardenb2key",
            "b2 authorize-account 0012345abcdef0000000001 [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let texts = [
        "user_agent = \"curl/8.0\"",
        "[server]\nadmin = true",
        "b2 ls b2://bucket/path",
        "rouser bob authpriv",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn mcp_configurations_and_backup_environments_are_refused() {
    let secret = [
        "/srv/repo/.vscode/mcp.json",
        "/root/.codeium/windsurf/mcp_config.json",
        "/root/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
        "/etc/default/restic",
        "/etc/default/borg",
        "/etc/default/kopia",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
    let open = [
        "/srv/repo/.vscode/settings.json",
        "/srv/repo/docs/mcp.md",
        "/etc/default/grub",
        "/etc/default/locale",
        "/usr/share/doc/restic/README.md",
    ];
    assert_eq!(missed_paths(&open, false), Vec::<String>::new());
}

#[test]
fn clear_text_protocol_logins_lose_their_password() {
    let cases = [
        (
            "> USER bob\n> PASS tulipgarden\n< 230 Login successful.",
            "> USER bob\n> PASS [redacted]\n< 230 Login successful.",
        ),
        (
            "C: a001 LOGIN bob tulipgarden",
            "C: a001 LOGIN bob [redacted]",
        ),
        (
            "wrong password tulipgarden for bob",
            "wrong password [redacted] for bob",
        ),
        (
            "ftp login rejected: user bob password tulipgarden",
            "ftp login rejected: user bob password [redacted]",
        ),
        (
            "set the api key to tulipgardenkey",
            "set the api key to [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let texts = [
        "PASS  src/app.test.js",
        "--- PASS: TestParse (0.00s)\nPASS\nok  \tgithub.com/x/y\t0.012s",
        "ROOT LOGIN  on '/dev/tty1'",
        "invalid password attempts: 3",
        "account bob password expires in 7 days",
        "login bob password changed successfully",
        "user root password aging disabled",
        "the token is opaque",
        "The token is JWT",
        "openai key not configured",
        "Using HF token from the environment",
        "set PGPASSWORD to the value from .pgpass",
        "the new password is shorter than 8 characters",
        "password is too similar to the old one",
        "set the token to expire in 1h",
        "Dec 05 12:00:01 box proftpd[1]: USER bob: Login successful.",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn keys_of_services_in_prose_and_values_decoded_go() {
    let cases = [
        (
            "Here is my OpenAI key: tulipgardenkey",
            "Here is my OpenAI key: [redacted]",
        ),
        (
            "my anthropic key tulipgardenkey",
            "my anthropic key [redacted]",
        ),
        (
            "I set OPENAI_API_KEY to tulipgarden in the unit file",
            "I set OPENAI_API_KEY to [redacted] in the unit file",
        ),
        (
            "the password of bob is tulipgarden",
            "the password of bob is [redacted]",
        ),
        (
            "echo 'Y29ycmVjdCBob3JzZSBiYXR0ZXJ5IHN0YXBsZQ==' | base64 -d",
            "echo '[redacted]' | base64 -d",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let texts = [
        "openai token usage: 1234",
        "OpenAI key rotation is due",
        "the password of the day is required",
        "echo \"$DATA\" | base64 -d",
        "echo hello | base64",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn source_locations_in_log_lines_stay() {
    let texts = [
        "I1205 12:00:01.000000 token.go:100] Refreshing token for service account default/default",
        "E1205 12:00:01.000000    1234 secret_manager.go:45] failed to sync",
        "    at Object.<anonymous> (/srv/app/src/token.js:12:5)",
        "thread 'main' panicked at src/password.rs:42:9:",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
    // A secret-named key's value still goes.
    let cases = [("token: 100abc", "token: [redacted]")];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

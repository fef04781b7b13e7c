//! Thirty-ninth review: a homelab's, a GPU box's and a few company servers' credential files
//! and the outputs that print them. Gaps closed as kinds:
//! - a setting whose value is a call (`Settings(api_key=Foo('abc'), db_password='x')`, a
//!   dataclass's or a Pydantic model's repr, `token=os.getenv('TOKEN') password=x`): the
//!   assignments pass stepped over the call to the line's end when nothing followed the line,
//!   and every setting after the call kept its value; it now goes on after the call;
//! - Kubernetes' phrase about an object after a volume's or a step's quoted name (a kubelet's
//!   `volume "creds" : secret "db-creds" not found`, `volume "api-key" : configmap "x" not
//!   found`): `"creds" :` was read as a credential's key and `secret` hidden, `"api-key" :` as
//!   an API key's header; the kind, the name and what went wrong stay, and a value of any other
//!   shape after such a name still goes. The kubelet's message after `volume "NAME" :`
//!   (`references non-existent secret key: password`), a quoted name inside a sentence with a
//!   sentence after it (`Invalid value for "password": must be at least 12 characters`) and
//!   kubectl's newer `secret "x" deleted from default namespace` stay too;
//! - a bare `key` holding a generated id (a UUID, 128 bits of hexadecimal or more) under a
//!   YAML parent or an INI section (`grafana:` then `key: <32 hex>`) stayed while JSON's
//!   `"key": "<32 hex>"` went: both go now; a line alone (`key = <hex>`, a digest) stays, as
//!   before;
//! - an environment's value holding `&`, `(`, `)`, `<` or `>` (Django's generated
//!   `SECRET_KEY=django-insecure-abc!@#d&*(x`): the value ended at `&` as a query string's
//!   does, and the rest showed; one with letters after a parenthesis (`abc(def)ghi`) was taken
//!   for a call and kept whole;
//! - files refused by name: python-cloudflare's `~/.cloudflare/cloudflare.cfg`, Roboflow's
//!   `config.json` (its workspaces' API keys), VESSL's `~/.vessl/config`, gpt-cli's `gpt.yml`,
//!   TabbyML's `~/.tabby/config.toml` (its HTTP backends' `api_key`), opencommit's
//!   `~/.opencommit` (`OCO_API_KEY`);
//! - a name of two words or more ending in `key` holding a long word of letters alone
//!   (`PUSH_INSTALLATION_KEY=abcdefghijklmnop`) or a license key's groups
//!   (`ABCD-1234-EFGH-5678`): only words of random shapes (capitals, small letters and digits
//!   together) went; and such an entry as listings of an environment print
//!   it (`docker inspect`'s `"NAME=value"`, `declare -x`, systemd's `Environment=`, `ps e`)
//!   was not read at all, nor where its name and value are two fields (Kubernetes' `name:`
//!   then `value:`, ECS's `{"name": ..., "value": ...}`, .NET's `<add key= value=/>`, fish's
//!   `set -x`, csh's `setenv`).
//!
//! Checked and found hidden already, kept here so that they stay so: Nextcloud's
//! `config.php`, Gitea's and Forgejo's `app.ini`, Grafana's `grafana.ini`, Home Assistant's
//! `secrets.yaml`, Authelia's secrets, Vaultwarden's hashed admin token, Paperless' and
//! Immich's `.env`, Traefik's `acme.json`, rclone's `b2` and `crypt` remotes, restic's and
//! Borg's passphrases, the cloud CLIs' settings (hcloud, doctl, linode, Scaleway, OVH,
//! Backblaze B2), package registries' logins (npm, PyPI, Cargo, RubyGems, Composer, NuGet,
//! Maven, Gradle), `docker inspect`'s environment, `kubectl get secret -o yaml`, `systemctl
//! show -p Environment`, and AI and ML services' keys in `.env` files.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;

#[test]
fn settings_after_a_call_are_judged() {
    let cases = [
        (
            "Settings(api_key=Foo('abc'), db_password='Tulipgarden42')",
            "Settings(api_key=Foo('abc'), db_password='[redacted]')",
        ),
        (
            "Settings(token=os.getenv('TOKEN'), password='Tulipgarden42')",
            "Settings(token=os.getenv('TOKEN'), password='[redacted]')",
        ),
        (
            "Settings(api_key=get_key(), db_password='Tulipgarden42')",
            "Settings(api_key=get_key(), db_password='[redacted]')",
        ),
        (
            "cfg = Config(secret=load('x'), password=\"Tulipgarden42\", user=\"bob\")",
            "cfg = Config(secret=load('x'), password=\"[redacted]\", user=\"bob\")",
        ),
        (
            "api_key=Foo('abc') db_password=Tulipgarden42",
            "api_key=Foo('abc') db_password=[redacted]",
        ),
        (
            "Settings(api_key=Foo(bar='abc'), db_password='Tulipgarden42')",
            "Settings(api_key=Foo(bar='abc'), db_password='[redacted]')",
        ),
        // A getter's default goes, and the setting after it too.
        (
            "Settings(token=os.getenv('TOKEN', 'Tulipgarden99'), password='Tulipgarden42')",
            "Settings(token=os.getenv('TOKEN', '[redacted]'), password='[redacted]')",
        ),
        (
            "DB_PASSWORD=${DB_PASSWORD:?required} API_TOKEN=Tulipgarden42",
            "DB_PASSWORD=${DB_PASSWORD:?required} API_TOKEN=[redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // The call itself, a reference, stays, as does a prompt.
    assert_eq!(
        changed(&[
            "api_key = os.environ.get(\"API_KEY\")\nprint(\"ready\")",
            "token = getpass.getpass(\"Token: \")",
            "client = anthropic.Anthropic(api_key=os.environ[\"ANTHROPIC_API_KEY\"])",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn kubernetes_phrases_about_secrets_stay_readable() {
    let texts = [
        "MountVolume.SetUp failed for volume \"creds\" : secret \"db-creds\" not found",
        "MountVolume.SetUp failed for volume \"creds\": secret \"db-creds\" not found",
        "  Warning  FailedMount  12s  kubelet  MountVolume.SetUp failed for volume \"api-token\" : secret \"api-token\" not found",
        "MountVolume.SetUp failed for volume \"password\" : secret \"db-creds\" not found",
        "MountVolume.SetUp failed for volume \"api-key\" : configmap \"app-config\" not found",
        "MountVolume.SetUp failed for volume \"token\" : failed to fetch token: serviceaccounts \"default\" not found",
        "Error from server (Forbidden): secrets \"db-creds\" is forbidden: User \"bob\" cannot get resource \"secrets\"",
        "Events:\n  Type     Reason       Age   From     Message\n  ----     ------       ----  ----     -------\n  Warning  FailedMount  3s    kubelet  MountVolume.SetUp failed for volume \"creds\" : secret \"default/db-creds\" not found",
        "Dec 05 05:24:01 box kubelet[812]: E1205 05:24:01.123456 812 secret.go:194] Couldn't get secret default/db-creds: secret \"db-creds\" not found",
        // The kubelet's message after a volume's name, whatever it says.
        "  Warning  FailedMount  3s  kubelet  MountVolume.SetUp failed for volume \"secret-volume\" : references non-existent secret key: password",
        // kubectl 1.31 names the namespace after a deletion.
        "secret \"db-creds\" deleted from default namespace",
        // A quoted name inside a sentence, and a sentence after it.
        "Error: Invalid value for \"password\": must be at least 12 characters",
        "Warning: secret \"db-creds\" has no key \"password\"",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
    // Any other value after such a name still goes.
    let cases = [
        ("\"creds\" : Tulipgarden42", "\"creds\" : [redacted]"),
        (
            "\"password\": secret \"Tulipgarden42\"",
            "\"password\": [redacted]",
        ),
        (
            "failed for \"password\" : Tulipgarden42",
            "failed for \"password\" : [redacted]",
        ),
        (
            "value for \"password\": Tulipgarden",
            "value for \"password\": [redacted]",
        ),
        (
            "secret \"db-pass\" deleted from Hunter2 namespace",
            "secret \"[redacted]\" deleted from Hunter2 namespace",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn a_generated_key_under_a_parent_goes_in_every_format() {
    let cases = [
        (
            "grafana:\n  key: 0123456789abcdef0123456789abcdef",
            "grafana:\n  key: [redacted]",
        ),
        (
            "grafana:\n  key: \"0123456789abcdef0123456789abcdef\"",
            "grafana:\n  key: \"[redacted]\"",
        ),
        (
            "[mailer]\nkey = 0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
            "[mailer]\nkey = [redacted]",
        ),
        (
            r#"{"grafana": {"key": "0123456789abcdef0123456789abcdef"}}"#,
            r#"{"grafana": {"key": "[redacted]"}}"#,
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // Names, labels and paths under `key`, and a digest on a line alone, stay.
    assert_eq!(
        changed(&[
            "key = 0123456789abcdef0123456789abcdef",
            "key: kubernetes.io/hostname",
            "tolerations:\n  - key: node.kubernetes.io/not-ready\n    operator: Exists",
            "secretKeyRef:\n  name: db\n  key: password",
            "cache:\n  key: linux-node-modules-v2",
            "[tls]\nkey = /etc/ssl/private/server.key",
            r#"{"cpu": 12.5, "mem": 40.1, "key": "cpu.load", "host": "box"}"#,
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn qualified_keys_of_letters_alone_go_in_every_listing() {
    let cases = [
        (
            "PUSH_INSTALLATION_KEY=abcdefghijklmnop",
            "PUSH_INSTALLATION_KEY=[redacted]",
        ),
        (
            "PUSH_INSTALLATION_KEY=abcd1234efgh5678",
            "PUSH_INSTALLATION_KEY=[redacted]",
        ),
        (
            "export PUSH_INSTALLATION_KEY=abcdefghijklmnop",
            "export PUSH_INSTALLATION_KEY=[redacted]",
        ),
        (
            "LICENSE_ACTIVATION_KEY=ABCD-1234-EFGH-5678",
            "LICENSE_ACTIVATION_KEY=[redacted]",
        ),
        (
            "push_installation_key: abcdefghijklmnop",
            "push_installation_key: [redacted]",
        ),
        (
            "PUSH_INSTALLATION_KEY: \"abcdefghijklmnop\"",
            "PUSH_INSTALLATION_KEY: \"[redacted]\"",
        ),
        (
            r#"{"PUSH_INSTALLATION_KEY": "abcdefghijklmnop"}"#,
            r#"{"PUSH_INSTALLATION_KEY": "[redacted]"}"#,
        ),
        (
            "            \"Env\": [\n                \"PUSH_INSTALLATION_KEY=abcdefghijklmnop\",\n                \"PATH=/usr/local/bin\"\n            ],",
            "            \"Env\": [\n                \"PUSH_INSTALLATION_KEY=[redacted]\",\n                \"PATH=/usr/local/bin\"\n            ],",
        ),
        (
            "declare -x PUSH_INSTALLATION_KEY=\"abcdefghijklmnop\"\ndeclare -x HOME=\"/root\"",
            "declare -x PUSH_INSTALLATION_KEY=\"[redacted]\"\ndeclare -x HOME=\"/root\"",
        ),
        (
            "Environment=PUSH_INSTALLATION_KEY=abcdefghijklmnop LOG_LEVEL=info MAPS_KEY=abcdefghijklmnopq",
            "Environment=PUSH_INSTALLATION_KEY=[redacted] LOG_LEVEL=info MAPS_KEY=[redacted]",
        ),
        (
            "    1 ?        Ss     0:00 node server.js PATH=/usr/bin HOME=/root STRIPE_KEY=rkliveabcdefghijklmnop",
            "    1 ?        Ss     0:00 node server.js PATH=/usr/bin HOME=/root STRIPE_KEY=[redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // The same judgment where the name and the value are two fields: Kubernetes' `name:` then
    // `value:`, ECS's and CI APIs' `{"name": ..., "value": ...}`.
    let pairs = [
        (
            "        env:\n        - name: PUSH_INSTALLATION_KEY\n          value: abcdefghijklmnop\n        - name: LOG_LEVEL\n          value: info",
            "        env:\n        - name: PUSH_INSTALLATION_KEY\n          value: [redacted]\n        - name: LOG_LEVEL\n          value: info",
        ),
        (
            r#""environment": [{"name": "PUSH_INSTALLATION_KEY", "value": "abcdefghijklmnop"}, {"name": "LOG_LEVEL", "value": "info"}]"#,
            r#""environment": [{"name": "PUSH_INSTALLATION_KEY", "value": "[redacted]"}, {"name": "LOG_LEVEL", "value": "info"}]"#,
        ),
        (
            r#"[{"key": "MAPS_KEY", "value": "0123456789abcdef0123456789abcdef"}]"#,
            r#"[{"key": "MAPS_KEY", "value": "[redacted]"}]"#,
        ),
        (
            "<add key=\"PushInstallationKey\" value=\"abcdefghijklmnop\" />",
            "<add key=\"PushInstallationKey\" value=\"[redacted]\" />",
        ),
        // fish's and csh's assignments.
        (
            "set -x PUSH_INSTALLATION_KEY abcdefghijklmnop",
            "set -x PUSH_INSTALLATION_KEY [redacted]",
        ),
        (
            "setenv PUSH_INSTALLATION_KEY abcdefghijklmnop",
            "setenv PUSH_INSTALLATION_KEY [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&pairs), Vec::<String>::new());
    assert_eq!(
        changed(&[
            "        env:\n        - name: SORT_KEY\n          value: created_at\n        - name: LABEL_KEY\n          value: app",
            r#"[{"name": "ROUTING_QUEUE_KEY", "value": "orders.created"}, {"name": "CACHE_KEY", "value": "0123456789abcdef0123456789abcdef"}]"#,
            "        - name: MAPS_KEY\n          valueFrom:\n            secretKeyRef:\n              name: maps\n              key: api-key",
            "<add key=\"SortKey\" value=\"created_at\" />\n<add key=\"CacheKey\" value=\"0123456789abcdef0123456789abcdef\" />",
            "set -x SORT_KEY created_at",
            "setenv LABEL_KEY app",
        ]),
        Vec::<String>::new()
    );
    // Names of keys, paths, short words, public halves and everyday readings stay.
    assert_eq!(
        changed(&[
            "SORT_KEY=createdatdescending",
            "LABEL_KEY=app",
            "PRIMARY_KEY=userid",
            "FOREIGN_KEY=organizationidentifier",
            "FEATURE_KEY=new-dashboard-experiment",
            "MONKEY=abcdefghijklmnopq",
            "TLS_KEY=/etc/ssl/private/key.pem",
            "GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D",
            "SECRET_KEY=age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
            "Environment=SORT_KEY=createdat LABEL_KEY=app",
            "HF_HUB_ENABLE_HF_TRANSFER=1\nHF_HOME=/data/hf\nHUGGINGFACE_HUB_CACHE=/data/hf/hub",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn environment_values_with_shell_symbols_go_whole() {
    let cases = [
        (
            "DJANGO_SECRET_KEY=django-insecure-abc!@#def$%^ghi&*(jkl",
            "DJANGO_SECRET_KEY=[redacted]",
        ),
        (
            "export SECRET_KEY=abc(def)ghi&jkl=mno+pq",
            "export SECRET_KEY=[redacted]",
        ),
        (
            "            \"Env\": [\n                \"DJANGO_SECRET_KEY=abc!@#def$%^ghi&*(jkl\",\n                \"PATH=/usr/bin\"\n            ],",
            "            \"Env\": [\n                \"DJANGO_SECRET_KEY=[redacted]\",\n                \"PATH=/usr/bin\"\n            ],",
        ),
        (
            "Environment=SECRET_KEY=abc&*(jkl LOG_LEVEL=info",
            "Environment=SECRET_KEY=[redacted] LOG_LEVEL=info",
        ),
        (
            "    1 ?  Ss  0:00 gunicorn app SECRET_KEY=abc&*(jkl HOME=/root",
            "    1 ?  Ss  0:00 gunicorn app SECRET_KEY=[redacted] HOME=/root",
        ),
        ("DB_PASSWORD=Tulip&garden;42", "DB_PASSWORD=[redacted]"),
        // A query string's and a connection string's pairs keep their own ends.
        ("token=abc&user=bob", "token=[redacted]&user=bob"),
        (
            "GET /login?password=Tulipgarden42&user=bob HTTP/1.1",
            "GET /login?password=[redacted]&user=bob HTTP/1.1",
        ),
        (
            "Driver={ODBC Driver 18};Server=db;UID=sa;PWD=Str0ng;Database=app",
            "Driver={ODBC Driver 18};Server=db;UID=sa;PWD=[redacted];Database=app",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(
        changed(&[
            "https://example.com/cb?code=abc&state=xyz",
            "A=1&&B=2",
            "LOG_LEVEL=info;DEBUG=false",
            "PATH=/usr/bin:/bin",
            "password = get_password()",
            "api_key = os.environ.get(\"API_KEY\").strip()",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn everyday_readings_stay() {
    let texts = [
        "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        "[stdout] 2026-12-05T05:24:01Z tick 3",
        "Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1        98G   41G   52G  45% /",
        "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\nroot         1  0.0  0.1 167800 11804 ?        Ss   Dec05   0:03 /sbin/init",
        "CONTAINER ID   IMAGE          COMMAND                  CREATED       STATUS       PORTS     NAMES\n3f4e5d6c7b8a   nginx:latest   \"/docker-entrypoint.…\"   2 hours ago   Up 2 hours   80/tcp    web",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  backup.tar",
        "              total        used        free      shared  buff/cache   available\nMem:           31Gi        12Gi       2.0Gi       1.2Gi        17Gi        18Gi",
        "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff",
        r#"{"status":"ok","uptime":12345,"version":"1.2.3","build":"0123456789abcdef0123456789abcdef01234567"}"#,
        r#"192.168.1.10 - - [05/Dec/2026:05:24:01 +0000] "GET /api/health HTTP/1.1" 200 17 "-" "curl/8.0""#,
        "Dec 05 05:24:01 box systemd[1]: Started Session 12 of User root.",
        "Dec 05 05:24:01 box sshd[812]: Failed password for invalid user admin from 192.168.1.5 port 51234 ssh2",
        "Dec 05 05:24:01 box kernel: [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56 SRC=10.0.0.5 DST=10.0.0.1 LEN=60 PROTO=TCP SPT=51234 DPT=22",
        "NAME                       TYPE                                  DATA   AGE\ndb-creds                   Opaque                                2      5d",
        "Name:         db-creds\nNamespace:    default\nType:  Opaque\n\nData\n====\npassword:  13 bytes\nusername:  5 bytes",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn self_hosted_apps_and_registries_hide_their_secrets() {
    let cases = [
        (
            "<?php\n$CONFIG = array (\n  'instanceid' => 'oc8c0fd71e03',\n  'passwordsalt' => 'Tulipgarden42salt',\n  'secret' => 'Tulipgarden42secretvalue',\n  'dbpassword' => 'Tulipgarden42',\n);",
            "<?php\n$CONFIG = array (\n  'instanceid' => 'oc8c0fd71e03',\n  'passwordsalt' => '[redacted]',\n  'secret' => '[redacted]',\n  'dbpassword' => '[redacted]',\n);",
        ),
        (
            "[security]\nINSTALL_LOCK = true\nSECRET_KEY = Tulipgarden42secret\n[oauth2]\nJWT_SECRET = abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\n[database]\nPASSWD = Tulipgarden42",
            "[security]\nINSTALL_LOCK = true\nSECRET_KEY = [redacted]\n[oauth2]\nJWT_SECRET = [redacted]\n[database]\nPASSWD = [redacted]",
        ),
        (
            "http_password: Tulipgarden42\nmqtt_pass: Tulipgarden42\nlatitude: 52.37",
            "http_password: [redacted]\nmqtt_pass: [redacted]\nlatitude: 52.37",
        ),
        (
            "ADMIN_TOKEN=$argon2id$v=19$m=65540,t=3,p=4$bXBGMENBZUVzT3VUSFErTzQzK0hM$3KMbKQ0ekw1cTXmTbMhsb9sPHWUOIqMqjKzMBNnMzGo",
            "ADMIN_TOKEN=[redacted]",
        ),
        (
            "[crypt]\ntype = crypt\nremote = b2:bucket\npassword = kx3Lq8rV2nYbZ-Tu9WcHfGmA",
            "[crypt]\ntype = crypt\nremote = b2:bucket\npassword = [redacted]",
        ),
        (
            "[ovh-eu]\napplication_key=abcdefghij123456\napplication_secret=abcdefghijklmnopqrstuvwxyz012345\nconsumer_key=abcdefghijklmnopqrstuvwxyz012345",
            "[ovh-eu]\napplication_key=[redacted]\napplication_secret=[redacted]\nconsumer_key=[redacted]",
        ),
        (
            "<packageSourceCredentials>\n  <MyFeed>\n    <add key=\"Username\" value=\"alice\" />\n    <add key=\"ClearTextPassword\" value=\"Tulipgarden42\" />\n  </MyFeed>\n</packageSourceCredentials>",
            "<packageSourceCredentials>\n  <MyFeed>\n    <add key=\"Username\" value=\"alice\" />\n    <add key=\"ClearTextPassword\" value=\"[redacted]\" />\n  </MyFeed>\n</packageSourceCredentials>",
        ),
        (
            "mavenPassword=Tulipgarden42\norg.gradle.jvmargs=-Xmx2g",
            "mavenPassword=[redacted]\norg.gradle.jvmargs=-Xmx2g",
        ),
        (
            "HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyzABCDEFGH\nMINIO_ROOT_PASSWORD=Tulipgarden42\nLS_COLORS=rs=0:di=01;34",
            "HF_TOKEN=[redacted]\nMINIO_ROOT_PASSWORD=[redacted]\nLS_COLORS=rs=0:di=01;34",
        ),
        (
            "Environment=DB_PASSWORD=Tulipgarden42 LOG_LEVEL=info",
            "Environment=DB_PASSWORD=[redacted] LOG_LEVEL=info",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn self_hosted_apps_credential_files_are_refused_by_name() {
    let secret = [
        "/var/www/nextcloud/config/config.php",
        "/etc/gitea/app.ini",
        "/etc/grafana/grafana.ini",
        "/config/secrets.yaml",
        "/opt/traefik/acme.json",
        "/root/.config/rclone/rclone.conf",
        "/root/.config/hcloud/cli.toml",
        "/root/.b2_account_info",
        "/root/.cargo/credentials.toml",
        "/root/.config/composer/auth.json",
        "/root/.m2/settings-security.xml",
        "/root/.cache/huggingface/token",
        // Refused from this round on.
        "/root/.cloudflare/cloudflare.cfg",
        "/root/.config/roboflow/config.json",
        "/root/.roboflow/config.json",
        "/root/.vessl/config",
        "/root/.config/gpt-cli/gpt.yml",
        "/root/.tabby/config.toml",
        "/root/.opencommit",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
    let readable = [
        "/etc/nginx/nginx.conf",
        "/etc/prometheus/prometheus.yml",
        "/var/log/nginx/access.log",
        // Settings without a secret beside the ones above.
        "/root/.config/vessl/vessl.cfg",
        "/root/.keras/keras.json",
        "/root/.config/tabby/config.yaml",
        "/root/.sops.yaml",
    ];
    assert_eq!(missed_paths(&readable, false), Vec::<String>::new());
}

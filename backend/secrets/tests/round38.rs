//! Thirty-eighth review: a homelab's, a GPU box's and a few company servers' credential files
//! and the outputs that print them. Gaps closed as kinds:
//! - a listing of secrets by name: its heading names a column of secrets' names beside their
//!   versions or states and no column of values (`SECRET   VERSION   STATE`, Vault's `Key
//!   Version`, a service's `ENV   SECRET   VERSION` mapping); the passes took `db-pass` for a
//!   secret and `3` for the value of `db/password`. A row of names, numbers, dates and state
//!   words is kept, aligned by blanks, boxed, in Markdown, box-drawn, from psql or in CSV; a
//!   generated string where a name was expected still goes, and a heading with a column of
//!   values (`Key   Value`) or of another secret (`PASSWORD`, `SECRET KEY`) is judged as
//!   before;
//! - kubectl's line about what it did to a Secret (`secret "db-pass" created`, `deleted`,
//!   `configured (dry run)`): the quoted word, a Kubernetes name, was read as BIND's `secret
//!   "x";` and hidden; a value with capitals there, or BIND's key, still goes;
//! - PHP's dumps (`backend/secrets/src/phpdumps.rs`), as a PHP application's debug output,
//!   `wp eval` or `php -r` print a settings array: `print_r`'s `[password] => x` and
//!   `var_dump`'s `["password"]=>` then `string(13) "x"` kept their values;
//! - files refused by name: BentoML's logins in its default home without the dot
//!   (`~/bentoml/.yatai.yaml`), Lamini's key (`~/.lamini/configure.yaml`), Ultralytics'
//!   settings (its HUB `api_key`), RunPod's CLI settings before and after their move
//!   (`~/.runpod.yaml`, `~/.runpod/.runpod.yaml`);
//! - Redis ACL passwords given by their SHA-256 (`user default on #9f86...`, as `ACL LIST`
//!   and `users.acl` show them): an unsalted hash is cracked offline as any password's is;
//!   `>PASS` went already;
//! - K3s' and RKE2's join tokens in their secure form whose part after `::` is a bootstrap
//!   token (`K10<CA hash>::abcdef.0123456789abcdef`) now go whole: the token format knew only
//!   `K10<CA hash>::server:<secret>`, and the bootstrap token went alone by its own shape;
//! - a tool's getter of a setting named for a secret prints the value alone, with nothing
//!   beside it to name it: `npm config get //host/:_authToken`, `pip config get
//!   global.password`, `snap get nextcloud password`, `aws configure get
//!   aws_secret_access_key`, Nextcloud's `occ config:system:get dbpassword`, `dokku
//!   config:get`, `heroku config:get`, `git config --get user.password`; and a secret variable
//!   printed by a shell's inline code (`docker exec app sh -c 'echo $DB_PASSWORD'`). Getters
//!   of other settings (`npm config get registry`, `git config --get user.name`) print as
//!   before.
//!
//! Checked and found hidden already, kept here so that they stay so: HAProxy's `stats auth`
//! and `userlist` passwords, yum and dnf repositories' `password=` and `proxy_password=`,
//! `rhsm.conf`'s `proxy_password` when the file is printed (none of them is refused by name:
//! they are mostly settings an operator reads, and their secrets go by content).

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;
use warden_secrets::redact_command_output;

#[test]
fn listings_of_secrets_by_name_stay() {
    let texts = [
        "SECRET   VERSION   STATE\ndb-pass  3         enabled\napi-key  1         disabled",
        "SECRET            VERSION  STATE\nstripe_api_key    2        ENABLED\nprod/db/password  1        ENABLED",
        "NAME        SECRET      VERSION   STATE\ndb          db-pass     3         enabled",
        "ENV         SECRET      VERSION\nDB_PASS     db-pass     latest\nAPI_TOKEN   api-token   3",
        "Key                 Version\n---                 -------\ndb/password         3",
        "SECRET_NAME\tLATEST VERSION\tSTATUS\nsmtp-password\t4\tACTIVE",
        // The same listing boxed, in Markdown, drawn with box characters, as psql and CSV
        // print it.
        "+---------+---------+---------+\n| SECRET  | VERSION | STATE   |\n+---------+---------+---------+\n| db-pass | 3       | enabled |\n+---------+---------+---------+",
        "| Secret   | Version | State   |\n|----------|---------|---------|\n| db-pass  | 3       | enabled |",
        "┌─────────┬─────────┬─────────┐\n│ SECRET  │ VERSION │ STATE   │\n├─────────┼─────────┼─────────┤\n│ db-pass │ 3       │ enabled │\n└─────────┴─────────┴─────────┘",
        "secret  | version | state\n--------+---------+---------\ndb-pass |       3 | enabled",
        "SECRET,VERSION,STATE\ndb-pass,3,enabled",
        // Listings that never were a question, next to them.
        "NAME                  UPDATED\nDB_PASSWORD           about 1 day ago",
        "NAME              CREATED              REPLICATION_POLICY  LOCATIONS\ndb-password       2026-10-01T10:00:00  automatic           -",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn values_under_such_headings_go() {
    let cases = [
        // A generated string is no secret's name: the heading does not vouch for it.
        (
            "SECRET              VERSION   STATE\nZx9Qk2LmP4aaBBcc    3         enabled",
            "SECRET              VERSION   STATE\n[redacted]    3         enabled",
        ),
        (
            "TOKEN                     STATUS   EXPIRES\nabcdef.0123456789abcdef   active   23h",
            "TOKEN                     STATUS   EXPIRES\n[redacted]   active   23h",
        ),
        // Without a column of versions or states, `SECRET` holds values as before.
        (
            "ID    SECRET              CREATED\n1     Zx9Qk2LmP4aaBBcc    2026-12-01",
            "ID    SECRET              CREATED\n1     [redacted]    2026-12-01",
        ),
        // `vault kv get`: a column of values beside the keys; its values go.
        (
            "Key         Value\n---         -----\npassword    Tulipgarden42",
            "Key         Value\n---         -----\npassword    [redacted]",
        ),
        // `SECRET KEY` is a value's name (an access key's secret), whatever sits beside it.
        (
            "SECRET KEY          VERSION   STATE\ndb-pass             3         enabled",
            "SECRET KEY          VERSION   STATE\n[redacted]             3         enabled",
        ),
        // Boxed or in CSV, a generated string still goes.
        (
            "| SECRET           | VERSION | STATE   |\n|------------------|---------|---------|\n| Zx9Qk2LmP4aaBBcc | 3       | enabled |",
            "| SECRET           | VERSION | STATE   |\n|------------------|---------|---------|\n| [redacted]       | 3       | enabled |",
        ),
        (
            "SECRET,VERSION,STATE\nZx9Qk2LmP4aaBBcc,3,enabled",
            "SECRET,VERSION,STATE\n[redacted],3,enabled",
        ),
        // A row with a cell a listing does not hold (a password beside the name) is left
        // as the passes made it.
        (
            "SECRET   VERSION   STATE\ndb-pass  3  enabled  password=Tulipgarden42",
            "SECRET   VERSION   STATE\n[redacted]  3  enabled  password=[redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn printed_proxy_and_repository_settings_hide_their_passwords() {
    let haproxy = "global\n    log /dev/log local0\nlisten stats\n    bind *:8404\n    stats enable\n    stats uri /stats\n    stats auth admin:Tulipgarden42\n    stats auth\tops:hunter2hunter\nuserlist admins\n    user alice password $6$rounds=5000$abcdefgh$0123456789abcdefABCDEFghijklmnopqrstuvwxyz\n    user bob insecure-password Tulipgarden42\n    user dave insecure-password \"Tulip garden 42\"\nbackend app\n    http-request auth realm admins unless { http_auth(admins) }\n    server app1 10.0.0.5:8080 check\n";
    let expected = "global\n    log /dev/log local0\nlisten stats\n    bind *:8404\n    stats enable\n    stats uri /stats\n    stats auth admin:[redacted]\n    stats auth\tops:[redacted]\nuserlist admins\n    user alice password [redacted]\n    user bob insecure-password [redacted]\n    user dave insecure-password \"[redacted]\"\nbackend app\n    http-request auth realm admins unless { http_auth(admins) }\n    server app1 10.0.0.5:8080 check\n";
    assert_eq!(
        redact_command_output("cat /etc/haproxy/haproxy.cfg", haproxy),
        expected
    );

    let repo = "[epel]\nname=Extra Packages\nbaseurl=https://repo.example.com/epel/8/\nenabled=1\ngpgcheck=1\nusername=repouser\npassword=Tulipgarden42\nproxy=http://proxy:3128\nproxy_username=pu\nproxy_password = Tulipgarden42\nsslclientkey=/etc/pki/entitlement/123-key.pem\n";
    let expected = "[epel]\nname=Extra Packages\nbaseurl=https://repo.example.com/epel/8/\nenabled=1\ngpgcheck=1\nusername=repouser\npassword=[redacted]\nproxy=http://proxy:3128\nproxy_username=pu\nproxy_password = [redacted]\nsslclientkey=/etc/pki/entitlement/123-key.pem\n";
    assert_eq!(
        redact_command_output("cat /etc/yum.repos.d/epel.repo", repo),
        expected
    );

    let rhsm = "[server]\nhostname = subscription.rhsm.redhat.com\nproxy_hostname = proxy.example.com\nproxy_port = 3128\nproxy_user = ops\nproxy_password =Tulipgarden42\nno_proxy =\n";
    let expected = "[server]\nhostname = subscription.rhsm.redhat.com\nproxy_hostname = proxy.example.com\nproxy_port = 3128\nproxy_user = ops\nproxy_password =[redacted]\nno_proxy =\n";
    assert_eq!(
        redact_command_output("cat /etc/rhsm/rhsm.conf", rhsm),
        expected
    );
}

#[test]
fn ml_tools_settings_are_refused_by_name() {
    let secret = [
        "/root/bentoml/.yatai.yaml",
        "/home/alice/bentoml/.yatai.yaml",
        "/root/.lamini/configure.yaml",
        "/root/.config/Ultralytics/settings.json",
        "/root/.config/Ultralytics/settings.yaml",
        "/root/.runpod.yaml",
        "/root/.runpod/.runpod.yaml",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
    let readable = [
        "/srv/app/configure.yaml",
        "/srv/app/settings.json",
        "/srv/bentoml/bentofile.yaml",
        "/root/.config/Ultralytics/Arial.ttf",
        "/srv/runpod/handler.py",
    ];
    assert_eq!(missed_paths(&readable, false), Vec::<String>::new());
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
        "NAME                 STATUS   ROLES           AGE   VERSION\nnode-1               Ready    control-plane   3d    v1.30.2",
        "NAME        STATE     VERSION\nweb-01      running   1.4.2",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn redis_acl_hashes_and_k3s_tokens_go() {
    let hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    let ca = "3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a";
    let cases = [
        (
            format!("user default on #{hash} ~* &* +@all"),
            "user default on #[redacted] ~* &* +@all".to_owned(),
        ),
        (
            format!("1) \"user default on #{hash} ~* &* +@all\"\n2) \"user app on sanitize-payload #{hash} ~app:* -@all +get\""),
            "1) \"user default on #[redacted] ~* &* +@all\"\n2) \"user app on sanitize-payload #[redacted] ~app:* -@all +get\"".to_owned(),
        ),
        (
            format!("Dec 05 12:00:01 box cloud-init[812]: K10{ca}::server:Zx9Qk2LmP4aaBBccDDee joined"),
            "Dec 05 12:00:01 box cloud-init[812]: [redacted] joined".to_owned(),
        ),
        (
            format!("K10{ca}::node:Zx9Qk2LmP4aaBBcc\n"),
            "[redacted]\n".to_owned(),
        ),
        (
            format!("agent joined with K10{ca}::abcdef.0123456789abcdef at 12:00\n"),
            "agent joined with [redacted] at 12:00\n".to_owned(),
        ),
    ];
    let cases: Vec<(&str, &str)> = cases
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(
        changed(&[
            "user default off nopass sanitize-payload ~* &* +@all",
            "user app on resetchannels -@all +get ~app:*",
            &format!("# {hash}"),
            &format!("{ca}  k3s-airgap-images-amd64.tar.zst"),
            "K10 reached 3f9a1c0e::ok",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn getters_of_secret_settings_print_nothing_shown() {
    for command in [
        "npm config get //registry.npmjs.org/:_authToken",
        "yarn config get npmAuthToken",
        "pip config get global.password",
        "snap get nextcloud password",
        "aws configure get aws_secret_access_key",
        "sudo -u www-data php occ config:system:get dbpassword",
        "docker exec -u www-data nextcloud php occ config:system:get dbpassword",
        "occ config:app:get user_ldap ldap_agent_password",
        "dokku config:get app DB_PASSWORD",
        "heroku config:get SECRET_KEY_BASE -a app",
        "git config --get user.password",
        "git config credential.https://git.example.com.password",
        "git config get user.password",
        "docker exec app sh -c 'echo $DB_PASSWORD'",
        "bash -lc \"printenv DB_PASSWORD\"",
    ] {
        assert_eq!(
            redact_command_output(command, "Tulipgarden42\n"),
            "[redacted]\n",
            "{command}"
        );
    }
}

#[test]
fn getters_of_other_settings_print_as_before() {
    let cases = [
        ("npm config get registry", "https://registry.npmjs.org/\n"),
        (
            "pip config get global.index-url",
            "https://pypi.org/simple\n",
        ),
        ("snap get nextcloud ports.http", "80\n"),
        ("aws configure get region", "eu-central-1\n"),
        (
            "sudo -u www-data php occ config:system:get trusted_domains",
            "cloud.example.com\n",
        ),
        ("git config --get user.name", "Ops Team\n"),
        ("git config --get credential.helper", "store\n"),
        ("heroku config:get WEB_CONCURRENCY", "2\n"),
        ("sh -c 'echo $HOME'", "/root\n"),
        ("npm get cache", "/root/.npm\n"),
    ];
    for (command, output) in cases {
        assert_eq!(redact_command_output(command, output), output, "{command}");
    }
}

#[test]
fn kubectl_lines_about_secrets_keep_their_names() {
    assert_eq!(
        changed(&[
            "secret \"db-pass\" created",
            "secret \"db-pass\" deleted",
            "Secret \"db-pass\" configured (dry run)",
            "secret/db-pass created\nsecret \"tls.example.com\" unchanged",
            "Error from server (NotFound): secrets \"db-pass\" not found",
        ]),
        Vec::<String>::new()
    );
    let cases = [
        (
            "key \"rndc-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"Zx9Qk2LmP4aaBBccDDeeFFgg==\";\n};",
            "key \"rndc-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"[redacted]\";\n};",
        ),
        (
            "secret \"Zx9Qk2LmP4aaBBcc\" deleted",
            "secret \"[redacted]\" deleted",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn php_dumps_hide_secret_members() {
    let cases = [
        (
            "Array\n(\n    [dbuser] => nextcloud\n    [dbpassword] => Tulipgarden42\n    [secret] => Zx9Qk2LmP4aaBBcc\n)\n",
            "Array\n(\n    [dbuser] => nextcloud\n    [dbpassword] => [redacted]\n    [secret] => [redacted]\n)\n",
        ),
        (
            "array(2) {\n  [\"user\"]=>\n  string(3) \"app\"\n  [\"password\"]=>\n  string(13) \"Tulipgarden42\"\n}\n",
            "array(2) {\n  [\"user\"]=>\n  string(3) \"app\"\n  [\"password\"]=>\n  string(13) \"[redacted]\"\n}\n",
        ),
        (
            "array(2) { [\"user\"]=> string(3) \"app\" [\"password\"]=> string(13) \"Tulipgarden42\" }",
            "array(2) { [\"user\"]=> string(3) \"app\" [\"password\"]=> string(13) \"[redacted]\" }",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(
        changed(&[
            "Array\n(\n    [user] => app\n    [password] => Array\n        (\n        )\n\n    [port] => 5432\n)\n",
            "array(1) {\n  [\"port\"]=>\n  int(5432)\n}\n",
            "  [\"password\"]=>\n  NULL\n",
        ]),
        Vec::<String>::new()
    );
}

//! Twenty-third review: help text's metavariables and documentation's examples stay readable
//! while real values beside them go; a URI of any scheme loses its password only, never its
//! user; a `user:password` pair loses its password where its context says it is a login, and
//! stays where nothing does; secret files of every kind asked about are refused by name.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;
use serde_json::json;
use warden_secrets::{REDACTED, redact};

#[test]
fn help_text_and_examples_keep_their_placeholders() {
    let texts = [
        // Metavariables of help text, in angle brackets or as the option's own name.
        "  --password <PASSWORD>   The password to use",
        "  --token TOKEN           API token",
        "  -p, --password=PASS     password",
        "  -p, --password PASSWORD",
        "  --password PASSWD",
        "  --api-key <KEY>",
        "  --api-key=<API_KEY>",
        "  --api-key KEY",
        "  --api-key API_KEY",
        "  --client-secret CLIENT_SECRET",
        "  --client-secret <client-secret>",
        "  --secret SECRET",
        "  -storepass STOREPASS",
        "      --token string      API token (Cobra)",
        "  -password string\n    \tthe password (Go's flag)",
        "mysql -u root -p<PASSWORD>",
        "sshpass -p '<password>' ssh host",
        "redis-cli -a <password> ping",
        "docker login -u bob -p <token> registry.example.com",
        "curl -u <user>:<password> https://x",
        "curl -H \"Authorization: Bearer <TOKEN>\" https://x",
        "Authorization: Bearer <your-token>",
        "Authorization: Bearer <your token here>",
        "Authorization: Bearer YOUR_TOKEN",
        // Documentation's examples.
        "password: <your password here>",
        "password = <your password here>",
        "password: '<your password here>'",
        "\"password\": \"<your password here>\"",
        "x <your password here>",
        "PASSWORD=replace_me",
        "DB_PASSWORD=REPLACE-ME",
        "export DB_PASSWORD=\"placeholder\"",
        "-e MYSQL_ROOT_PASSWORD=<changeme>",
        "--password replace_me",
        "API_KEY=your_api_key_here",
        "API_KEY=YOUR_API_KEY",
        "API_KEY=<YOUR_API_KEY>",
        "token: your-token",
        "password: yourpassword",
        "password: PASSWORD",
        "password: PASSWD",
        "DB_PASS=PASS",
        "DB_PASSWORD=PASSWORD",
        "MYSQL_ROOT_PASSWORD=ROOT_PASSWORD",
        // Templates and references.
        "api_key: ${API_KEY}",
        "password: \"{{ vault_password }}\"",
        "password: {{ vault_password }}",
        "password={{vault_password}}",
        "--password={{vault_password}}",
        "--password {{ vault_password }}",
        "password = %(db_password)s",
        "--password %(db_password)s",
        "https://user:${PASSWORD}@host/",
        "postgresql://USER:PASSWORD@HOST:5432/DB",
        // What a redaction left.
        "password: <redacted>",
        "password: <REDACTED>",
        "password: ***",
        "password: ********",
        "token=xxx",
        "password: xxxx",
        "password: XXXX-XXXX",
        "--password ***",
        "--password xxx",
        "--password <redacted>",
        "password = \"********\"",
        "password = '***'",
        "IDENTIFIED BY '<password>'",
        "token: \"${{ secrets.TOKEN }}\"",
        "API_TOKEN=<INSERT_TOKEN_HERE>",
        "secret_key: \"REPLACE_ME\"",
        "api_key: \"{{ .Values.apiKey }}\"",
        "X-API-Key: <API_KEY>",
        "X-API-Key: API_KEY",
        "Authorization: Basic <base64>",
        "Authorization: token <TOKEN>",
        "--password='<your password>'",
        "PASSWORD=\"<changeme>\"",
        "PASSWORD=<(cat /run/secrets/pw)",
        "password: <%= ENV['X'] %>",
        "spring.datasource.password=replace_me",
        "spring.datasource.password=${DB_PASSWORD}",
        "uci set wireless.default_radio0.key='<your-key>'",
        "<password>${DB_PASSWORD}</password>",
        "https://api.example.com/x?api_key=YOUR_API_KEY",
        "- name: DB_PASSWORD\n  value: \"<your-password>\"",
        "define('DB_PASSWORD', 'password_here');",
        "define( 'AUTH_KEY', 'put your unique phrase here' );",
        "the password is <PASSWORD>",
        "the password is <your password here>",
        "user | password\nalice | <changeme>",
        "user,password\nalice,<password>",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn real_values_beside_placeholders_still_go() {
    let cases = [
        ("password: hunter2secret", "password: [redacted]"),
        ("password: HUNTER", "password: [redacted]"),
        ("password: Hunter2!", "password: [redacted]"),
        ("PASSWORD=s3cr3tP4ss", "PASSWORD=[redacted]"),
        ("PASSWORD=changeme123", "PASSWORD=[redacted]"),
        ("PASSWORD=ChangeMe2024!", "PASSWORD=[redacted]"),
        // An upper-case word that is not the name's own is a value.
        ("TOKEN=PASSWORD", "TOKEN=[redacted]"),
        ("TOKEN=ABCDEFGH", "TOKEN=[redacted]"),
        ("--password hunter2secret", "--password [redacted]"),
        ("--token ABCDEFGH", "--token [redacted]"),
        (
            "--token ghp_abcdefABCDEF1234567890abcdefABCDEF12",
            "--token [redacted]",
        ),
        // A short option names nothing: `-pPASS` is MySQL's password in capitals.
        ("mysql -pPASS", "mysql -p[redacted]"),
        (
            "docker exec db mariadb -pPASS -e 'select 1'",
            "docker exec db mariadb -p[redacted] -e 'select 1'",
        ),
        // Single quotes keep a `$` literal.
        ("app --token '$ecret1'", "app --token '[redacted]'"),
        ("mysql -p'$ecret1' app", "mysql -p'[redacted]' app"),
        // Java's keystore default is a password in use, not an example.
        (
            "keytool -importkeystore -srcstorepass changeit -deststorepass newpass",
            "keytool -importkeystore -srcstorepass [redacted] -deststorepass [redacted]",
        ),
        // A placeholder's words are not a password named in a sentence; a password is.
        (
            "authentication failed for bob with password hunter2>",
            "authentication failed for bob with password [redacted]",
        ),
        (
            "Authorization: Bearer abcdef123456",
            "Authorization: Bearer [redacted]",
        ),
        ("IDENTIFIED BY 'hunter2'", "IDENTIFIED BY '[redacted]'"),
        (
            "ALTER USER bob WITH PASSWORD '$ecret'",
            "ALTER USER bob WITH PASSWORD '[redacted]'",
        ),
        ("password: PASSWORD123", "password: [redacted]"),
        ("password: Changeme!", "password: [redacted]"),
        ("password: YourPassword123", "password: [redacted]"),
        ("the password is Summer2024!", "the password is [redacted]"),
        (
            "user | password\nalice | Summer2024!",
            "user | password\nalice | [redacted]",
        ),
        // A value that starts with `<` without being a placeholder.
        ("password: <Tr0ub4dor&3", "password: [redacted]"),
        (
            "spring.datasource.password=hunter2",
            "spring.datasource.password=[redacted]",
        ),
        (
            "define('DB_PASSWORD', 'hunter2');",
            "define('DB_PASSWORD', '[redacted]');",
        ),
        ("password=<abc123>def", "password=[redacted]"),
        (
            "\"password\": \"<Tr0ub4dor&3\"",
            "\"password\": \"[redacted]\"",
        ),
        ("X-API-Key: abcdef123456", "X-API-Key: [redacted]"),
        (
            "password: \"{{ lookup('env', 'PW') | default('hunter2') }}\"",
            "password: \"{{ lookup('env', 'PW') | default('[redacted]') }}\"",
        ),
        (
            "api_key: ${API_KEY:-abc123}",
            "api_key: ${API_KEY:-[redacted]}",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn placeholders_stay_in_json_too() {
    let value = json!({
        "password": "<your password here>",
        "api_key": "${API_KEY}",
        "token": "replace_me",
        "secret": "SECRET",
        "db_password": "{{ vault_db_password }}",
        "env": [{"name": "DB_PASSWORD", "value": "<password>"}],
        "real": {"password": "hunter2", "token": "TOKENVALUE"},
    });
    let expected = json!({
        "password": "<your password here>",
        "api_key": "${API_KEY}",
        "token": "replace_me",
        "secret": "SECRET",
        "db_password": "{{ vault_db_password }}",
        "env": [{"name": "DB_PASSWORD", "value": "<password>"}],
        "real": {"password": REDACTED, "token": REDACTED},
    });
    assert_eq!(redact(&value), expected);
}

#[test]
fn uris_of_every_scheme_keep_their_user() {
    let cases = [
        ("neo4j+s://neo4j:pw@x", "neo4j+s://neo4j:[redacted]@x"),
        (
            "neo4j+s://neo4j:hunter2@db.example.com:7687",
            "neo4j+s://neo4j:[redacted]@db.example.com:7687",
        ),
        (
            "bolt+ssc://neo4j:pw@x:7687",
            "bolt+ssc://neo4j:[redacted]@x:7687",
        ),
        (
            "mongodb+srv://admin:hunter2@cluster0.example.net/db",
            "mongodb+srv://admin:[redacted]@cluster0.example.net/db",
        ),
        (
            "x-foo.bar://alice:hunter2@host/path",
            "x-foo.bar://alice:[redacted]@host/path",
        ),
        (
            "redis://default:hunter2@redis:6379",
            "redis://default:[redacted]@redis:6379",
        ),
        (
            "amqp://rabbit01:pw@mq/vh",
            "amqp://rabbit01:[redacted]@mq/vh",
        ),
        ("mysql://k8s:pw@db/app", "mysql://k8s:[redacted]@db/app"),
        (
            "postgres://APP_USER:pw@db/app",
            "postgres://APP_USER:[redacted]@db/app",
        ),
        (
            "clickhouse://u1s3r2:pw@ch:9000/x",
            "clickhouse://u1s3r2:[redacted]@ch:9000/x",
        ),
        // A user that is an address.
        (
            "ftp://user@example.com:pw@host/",
            "ftp://user@example.com:[redacted]@host/",
        ),
        (
            "https://user@host.com:8080/path@x",
            "https://user@host.com:8080/path@x",
        ),
        // A user that is a token still goes: a provider's prefix, a token beside
        // `x-oauth-basic`, or a user alone shaped as a token.
        (
            "https://ghp_abcdefghijklmnopqrstuvwxyz0123456789:x-oauth-basic@github.com/x",
            "https://[redacted]:[redacted]@github.com/x",
        ),
        (
            "https://TOKEN123:x-oauth-basic@github.com/x",
            "https://[redacted]:[redacted]@github.com/x",
        ),
        (
            "https://abcdefghijklmnop1234567890@host/x",
            "https://[redacted]@host/x",
        ),
        (
            "https://glpat-abcdef:x@gitlab.example.com/x",
            "https://[redacted]:[redacted]@gitlab.example.com/x",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn pairs_lose_their_password_where_the_context_says_login() {
    let cases = [
        ("credentials alice:letmein", "credentials alice:[redacted]"),
        ("auth alice:letmein", "auth alice:[redacted]"),
        ("basic alice:letmein", "basic alice:[redacted]"),
        ("basicauth alice:letmein", "basicauth alice:[redacted]"),
        ("userpass alice:letmein", "userpass alice:[redacted]"),
        (
            "The auth alice:letmein line",
            "The auth alice:[redacted] line",
        ),
        // One rule for every pair (round 26): a name-shaped user stays wherever a pair is
        // recognised, `Credentials:` and `--creds` as `--auth`.
        (
            "Credentials: alice:letmein",
            "Credentials: alice:[redacted]",
        ),
        (
            "curl --basic alice:letmein https://x",
            "curl --basic alice:[redacted] https://x",
        ),
        (
            "curl -u alice:letmein https://x",
            "curl -u alice:[redacted] https://x",
        ),
        (
            "curl --user alice:letmein https://x",
            "curl --user alice:[redacted] https://x",
        ),
        (
            "curl --basic -u alice:letmein https://x",
            "curl --basic -u alice:[redacted] https://x",
        ),
        (
            "wfuzz --basic alice:letmein -u http://x/FUZZ",
            "wfuzz --basic alice:[redacted] -u http://x/FUZZ",
        ),
        (
            "skopeo copy --creds alice:letmein docker://a docker://b",
            "skopeo copy --creds alice:[redacted] docker://a docker://b",
        ),
        (
            "ab -A alice:letmein http://x/",
            "ab -A alice:[redacted] http://x/",
        ),
        (
            "hey -a alice:letmein http://x/",
            "hey -a alice:[redacted] http://x/",
        ),
        (
            "nikto -h x -id alice:letmein",
            "nikto -h x -id alice:[redacted]",
        ),
        // `-u`/`--user` of any program not known to take a user and a group there.
        (
            "myclient -u alice:letmein https://x",
            "myclient -u alice:[redacted] https://x",
        ),
        (
            "myclient --user alice:letmein https://x",
            "myclient --user alice:[redacted] https://x",
        ),
        ("wget -u alice:letmein", "wget -u alice:[redacted]"),
        (
            "myclient --user=alice:letmein https://x",
            "myclient --user=alice:[redacted] https://x",
        ),
        // `.htpasswd`-like lines: a hash of any scheme, or a password in clear after its own.
        (
            "admin:$apr1$abc123$xyzXYZxyzXYZxyzXYZxyz.",
            "admin:[redacted]",
        ),
        (
            "admin:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
            "admin:[redacted]",
        ),
        (
            "admin:$2y$05$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
            "admin:[redacted]",
        ),
        ("bob:{PLAIN}letmein", "bob:[redacted]"),
        // `htpasswd -d`'s DES crypt, dots and slashes and all.
        ("bob:rl.3StKT.4T8M", "bob:[redacted]"),
        (
            "credentials 'alice:letmein'",
            "credentials 'alice:[redacted]'",
        ),
        (
            "myclient --user 'alice:letmein'",
            "myclient --user 'alice:[redacted]'",
        ),
        ("bob:{CLEARTEXT}letmein", "bob:[redacted]"),
        ("bob:{CRYPT}$6$salt$hash", "bob:[redacted]"),
        (
            "bob:{SHA512-CRYPT}$6$abcdefgh$ijklmnopqrstuvwxyz",
            "bob:[redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn pairs_without_a_login_context_stay() {
    let texts = [
        "alice:letmein",
        "12:30:45",
        "time: 12:30:45",
        "localhost:8080",
        "fe80::1",
        "listen [::1]:8080",
        "key: value",
        "name: alice",
        "author: bob",
        "image: nginx:1.25",
        "auth redis:7.2",
        "basic nginx:alpine",
        "auth 12:30",
        "auth alice:<password>",
        "notes.txt:rl.3StKT.4T8M",
        "web:nginx.1.25.3a",
        "docker run -u 1000:1000 img",
        "docker exec -u root:root c sh",
        "docker run --user 1000:1000 img",
        "chown -R www-data:www-data /srv",
        "rsync --chown=alice:staff a b",
        "ssh -L 8080:localhost:80 host",
        "  -u USER:PASSWORD, --user USER:PASSWORD",
        "docker run -u app:staff img",
        "podman run --user postgres:postgres img",
        "socat -u TCP-LISTEN:8080 STDOUT",
        "git push -u origin main:main",
        "chpst -u app:app prog",
        "ps -u root:x",
        "myclient -u alice:$PASSWORD",
        "docker run --user=1000:1000 img",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn secret_files_of_every_kind_asked_about_are_refused() {
    let paths = [
        "/srv/app/.env.local",
        "/srv/app/.env.production",
        "/srv/app/.env.staging",
        "/srv/app/.env.development.local",
        "/srv/app/.envrc",
        "/srv/infra/terraform.tfstate",
        "/srv/infra/prod.tfstate",
        "/srv/infra/terraform.tfstate.backup",
        "/srv/infra/prod.tfstate.backup",
        "/srv/infra/.terraform/terraform.tfstate",
        "/srv/infra/terraform.tfvars",
        "/srv/infra/prod.auto.tfvars",
        "/srv/infra/terraform.tfvars.json",
        "/srv/infra/x.auto.tfvars.json",
        "/srv/ansible/group_vars/all/vault.yml",
        "/srv/ansible/host_vars/web1/vault.yaml",
        "/srv/ansible/.vault_pass",
        "/srv/ansible/.vault_pass.txt",
        "/srv/ansible/vault-password.txt",
        "/srv/www/.htpasswd",
        "/etc/nginx/htpasswd",
        "/etc/nginx/.htpasswd-admin",
        "/var/www/html/wp-config.php",
        "/srv/rails/config/master.key",
        "/srv/rails/config/credentials/production.key",
        "/srv/rails/config/credentials/development.key",
        "/srv/django/mysite/local_settings.py",
        "/srv/spring/src/main/resources/application-prod.properties",
        "/srv/spring/config/application-local.properties",
        "/srv/dotnet/appsettings.Production.json",
        "/srv/dotnet/appsettings.Staging.json",
        "/home/a/.microsoft/usersecrets/6f1c2a3b-1111-2222-3333-444455556666/secrets.json",
        "/home/a/.s3cfg",
        "/home/a/.boto",
        "/home/a/.config/rclone/rclone.conf",
        "/home/a/.rclone.conf",
        "/home/a/.git-credentials",
        "/home/a/.config/git/credentials",
        "/home/a/.config/hub",
        "/home/a/.config/filezilla/sitemanager.xml",
        "/home/a/.config/filezilla/recentservers.xml",
        "/home/a/.filezilla/sitemanager.xml",
        "/home/a/.remmina/srv.remmina",
        "/home/a/.local/share/remmina/group_rdp_x.remmina",
        "/home/a/WinSCP.ini",
        "/mnt/c/Users/a/AppData/Roaming/WinSCP.ini",
        "/home/a/.pgpass",
        "/home/a/.config/gh/hosts.yml",
        "/home/a/.kube/config",
        "/home/a/.vnc/passwd",
        "/etc/ppp/chap-secrets",
        "/etc/ppp/pap-secrets",
        "/etc/openvpn/server.key",
        "/etc/openvpn/client/client.key",
        "/etc/openvpn/ta.key",
        "/etc/ssl/private/ssl-cert-snakeoil.key",
        "/etc/ssl/private/anything",
        "/etc/letsencrypt/live/example.com/privkey.pem",
        "/etc/letsencrypt/archive/example.com/privkey2.pem",
        "/home/a/keys/server.ppk",
        "/home/a/.ssh/id_rsa",
        "/home/a/.ssh/id_rsa.bak",
        "/home/a/.ssh/id_ed25519_github",
        "/home/a/.ssh/id_ed25519-deploy",
        "/home/a/.ssh/id_ecdsa.key",
        "/home/a/.ssh/id_rsa.txt",
        "/home/a/.ssh/id_ed25519_sk",
        "/home/a/backup/id_rsa",
        "/home/a/backup/id_rsa.old",
        "/home/a/backup/id_ed25519.work",
        "/srv/deploy/id_rsa_deploy",
        "/etc/krb5.keytab",
        "/etc/apache2/http.keytab",
        "/var/lib/app/svc.keytab",
        "/etc/sssd/sssd.conf",
        "/etc/samba/smbpasswd",
        "/var/lib/samba/private/secrets.tdb",
        "/var/lib/samba/private/passdb.tdb",
        "/var/lib/samba/private/sam.ldb",
        "/etc/ldap.secret",
        "/etc/pam_ldap.secret",
        "/etc/libnss-ldap.secret",
        "/etc/nslcd.conf",
        "/etc/postfix/sasl_passwd",
        "/etc/postfix/sasl_passwd.db",
        "/etc/dovecot/users",
        "/etc/dovecot/passwd",
        "/etc/mysql/debian.cnf",
        "/root/.my.cnf",
        "/etc/grafana/grafana.ini",
        "/etc/gitlab/gitlab-secrets.json",
        "/etc/gitlab/initial_root_password",
        "/var/lib/jenkins/secrets/initialAdminPassword",
        "/var/jenkins_home/secrets/initialAdminPassword",
        "/etc/rancher/k3s/k3s.yaml",
        "/var/lib/rancher/k3s/server/token",
        "/var/lib/rancher/k3s/server/node-token",
    ];
    assert_eq!(missed_paths(&paths, true), Vec::<String>::new());
    // Their public halves and shipped samples stay readable.
    let public = [
        "/home/a/.ssh/id_rsa.pub",
        "/home/a/.ssh/id_ed25519_github.pub",
        "/var/www/html/wp-config-sample.php",
        "/srv/app/.env.example",
    ];
    assert_eq!(missed_paths(&public, false), Vec::<String>::new());
}

#[test]
fn yaml_files_are_judged_under_either_extension() {
    let paths = [
        "/home/a/.config/gh/hosts.yml",
        "/home/a/.config/gh/hosts.yaml",
    ];
    assert_eq!(missed_paths(&paths, true), Vec::<String>::new());
}

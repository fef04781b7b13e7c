//! The redaction corpus: secret spellings met in command lines, headers, URLs, configuration
//! files, environments, logs and tool output, each with the exact text that must come out; and
//! ordinary text that must come out unchanged.

use pretty_assertions::assert_eq;
use serde_json::json;
use std::path::Path;

use warden_secrets::{REDACTED, redact, redact_text, sensitive_content, sensitive_path};

/// (input, exact output).
const SECRETS: &[(&str, &str)] = &[
    // Docker Swarm's join token, wherever it stands.
    (
        "worker token: SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx",
        "worker token: [redacted]",
    ),
    (
        "join with SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx now",
        "join with [redacted] now",
    ),
    // Labels in other scripts, and a full-width colon.
    ("密码：Sup3rS3cret", "密码：[redacted]"),
    ("пароль: Sup3rS3cret", "пароль: [redacted]"),
    // Passphrases of plain lowercase words are not prose: no sentence word among them.
    (
        "password: correct horse battery staple",
        "password: [redacted]",
    ),
    (
        "  passphrase: purple monkey dishwasher",
        "  passphrase: [redacted]",
    ),
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
    // Review of issues 11 and 12, section 5: clustered options, more programs' options,
    // secret operands, passwords on standard input, SQL, Oracle, DSNs, query parameters,
    // session cookies, directive-style headers and directives, XML, YAML values below their
    // key, key material that is not a PEM private key, names, token formats.
    (
        "curl -su admin:hunter2 https://api.example.com",
        "curl -su admin:[redacted] https://api.example.com",
    ),
    (
        "curl -sSfu admin:hunter2 https://api.example.com",
        "curl -sSfu admin:[redacted] https://api.example.com",
    ),
    (
        "curl -b PHPSESSID=9f8e7d6c5b4a https://app.example.com",
        "curl -b PHPSESSID=[redacted] https://app.example.com",
    ),
    (
        "curl -b 'sessionid=9f8e7d6c5b4a' https://app.example.com",
        "curl -b 'sessionid=[redacted]' https://app.example.com",
    ),
    (
        "curl --cookie JSESSIONID=0A1B2C3D4E https://app.example.com",
        "curl --cookie [redacted] https://app.example.com",
    ),
    (
        "curl -H 'Ocp-Apim-Subscription-Key: 0123456789abcdef0123456789abcdef' https://x",
        "curl -H 'Ocp-Apim-Subscription-Key: [redacted]' https://x",
    ),
    (
        "curl -H 'X-Sentry-Auth: Sentry sentry_key=abcdef0123456789' https://x",
        "curl -H 'X-Sentry-Auth: Sentry [redacted]' https://x",
    ),
    (
        "curl -H 'X-Honeycomb-Team: hcaik_0123456789abcdef' https://x",
        "curl -H 'X-Honeycomb-Team: [redacted]' https://x",
    ),
    (
        "curl https://maps.googleapis.com/maps/api/geocode/json?address=x&key=abc123def456ghi789",
        "curl https://maps.googleapis.com/maps/api/geocode/json?address=x&key=[redacted]",
    ),
    (
        "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&ss=b&sp=rwdlac&sig=AbCdEf0123456789%2Bxyz%3D",
        "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&ss=b&sp=rwdlac&sig=[redacted]",
    ),
    (
        "https://bucket.s3.amazonaws.com/k?X-Amz-Date=20240101&X-Amz-Signature=0123456789abcdef0123456789abcdef",
        "https://bucket.s3.amazonaws.com/k?X-Amz-Date=20240101&X-Amz-Signature=[redacted]",
    ),
    (
        "https://storage.googleapis.com/b/o?X-Goog-Signature=0123456789abcdef0123",
        "https://storage.googleapis.com/b/o?X-Goog-Signature=[redacted]",
    ),
    (
        "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=AbCdEf0123456789=",
        "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=[redacted]",
    ),
    (
        "Location: https://app/cb?code=4/0AbCdEf0123&state=x",
        "Location: https://app/cb?code=[redacted]&state=x",
    ),
    (
        "curl https://api.mailgun.net/v3 --user api:key-3ax6xnjp29jd6fds4gc373sgvjxteol0",
        "curl https://api.mailgun.net/v3 --user api:[redacted]",
    ),
    (
        "MAILCHIMP=0123456789abcdef0123456789abcdef-us6",
        "MAILCHIMP=[redacted]",
    ),
    (
        "token dapi0123456789abcdef0123456789abcdef",
        "token [redacted]",
    ),
    (
        "token pul-0123456789abcdef0123456789abcdef01234567",
        "token [redacted]",
    ),
    (
        "token AbCdEfGhIjKlMn.atlasv1.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWx",
        "token [redacted]",
    ),
    ("token s.AbCdEfGhIjKlMnOpQrStUvWx", "token [redacted]"),
    ("token NRAK-ABCDEFGHIJKLMNOPQRSTUVWXYZ0", "token [redacted]"),
    (
        "token ATBB0123456789abcdefABCDEFabcdef0123",
        "token [redacted]",
    ),
    (
        "token cio0123456789abcdefABCDEFabcdef01",
        "token [redacted]",
    ),
    ("token sq0atp-0123456789abcdefABCD", "token [redacted]"),
    (
        "refresh 1//0gAbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
        "refresh [redacted]",
    ),
    (
        "https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawX/getMe",
        "https://api.telegram.org/bot[redacted]/getMe",
    ),
    (
        "https://outlook.office.com/webhook/abc/IncomingWebhook/def/ghi",
        "https://outlook.office.com/webhook/[redacted]",
    ),
    (
        "https://corp.webhook.office.com/webhookb2/abc@def/IncomingWebhook/ghi/jkl",
        "https://corp.webhook.office.com/webhookb2/[redacted]",
    ),
    (
        "https://mattermost.example.com/hooks/xk4ds8u1jfbz3c9wx6e7tq5m8a",
        "https://mattermost.example.com/hooks/[redacted]",
    ),
    (
        "curl -X POST https://hooks.zapier.com/hooks/catch/123/abcdef/",
        "curl -X POST https://hooks.zapier.com/hooks/catch/[redacted]",
    ),
    (
        "vault login s.AbCdEfGhIjKlMnOpQrStUvWx",
        "vault login [redacted]",
    ),
    (
        "vault login -method=userpass username=bob password=hunter2",
        "vault login -method=userpass username=bob password=[redacted]",
    ),
    (
        "vault operator unseal AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGh=",
        "vault operator unseal [redacted]",
    ),
    ("cargo login cioAbCdEf0123456789", "cargo login [redacted]"),
    (
        "aws configure set aws_secret_access_key wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
        "aws configure set aws_secret_access_key [redacted]",
    ),
    (
        "mc alias set prod https://minio AKIAEXAMPLEKEY0 wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
        "mc alias set prod https://minio AKIAEXAMPLEKEY0 [redacted]",
    ),
    (
        "rclone config create r s3 access_key_id AKIAX secret_access_key wJalrXUtnFEMIK7MDENG",
        "rclone config create r s3 access_key_id AKIAX secret_access_key [redacted]",
    ),
    (
        "poetry config http-basic.private bob hunter2",
        "poetry config http-basic.private bob [redacted]",
    ),
    (
        "composer config -g http-basic.repo.example.com bob hunter2",
        "composer config -g http-basic.repo.example.com bob [redacted]",
    ),
    (
        "composer config -g gitlab-token.gitlab.com glXXsecretXX",
        "composer config -g gitlab-token.gitlab.com [redacted]",
    ),
    (
        "yarn config set npmAuthToken abcdef0123456789",
        "yarn config set npmAuthToken [redacted]",
    ),
    (
        "npm config set _auth Ym9iOmh1bnRlcjI=",
        "npm config set _auth [redacted]",
    ),
    (
        "redis-cli CONFIG SET requirepass hunter2",
        "redis-cli CONFIG SET requirepass [redacted]",
    ),
    (
        "redis-cli -h db AUTH default hunter2",
        "redis-cli -h db AUTH default [redacted]",
    ),
    (
        "redis-cli -h db auth hunter2",
        "redis-cli -h db auth [redacted]",
    ),
    (
        "rabbitmqctl add_user admin hunter2",
        "rabbitmqctl add_user admin [redacted]",
    ),
    (
        "rabbitmqctl change_password admin hunter2",
        "rabbitmqctl change_password admin [redacted]",
    ),
    ("openssl passwd -6 hunter2", "openssl passwd -6 [redacted]"),
    (
        "mkpasswd -m sha-512 hunter2",
        "mkpasswd -m sha-512 [redacted]",
    ),
    (
        "setenv API_TOKEN abcdef123456",
        "setenv API_TOKEN [redacted]",
    ),
    (
        "set -x API_TOKEN abcdef123456",
        "set -x API_TOKEN [redacted]",
    ),
    (
        "echo 'root:hunter2' | chpasswd",
        "echo 'root:[redacted]' | chpasswd",
    ),
    (
        "echo hunter2 | passwd --stdin root",
        "echo [redacted] | passwd --stdin root",
    ),
    (
        "echo hunter2 | sudo -S apt update",
        "echo [redacted] | sudo -S apt update",
    ),
    (
        "echo 'hunter2' | docker login -u bob --password-stdin",
        "echo '[redacted]' | docker login -u bob --password-stdin",
    ),
    (
        "ipmitool -I lanplus -H 10.0.0.5 -U admin -P hunter2 chassis status",
        "ipmitool -I lanplus -H 10.0.0.5 -U admin -P [redacted] chassis status",
    ),
    (
        "racadm -r 10.0.0.5 -u root -p calvin getsysinfo",
        "racadm -r 10.0.0.5 -u root -p [redacted] getsysinfo",
    ),
    (
        "cqlsh -u cassandra -p hunter2 db",
        "cqlsh -u cassandra -p [redacted] db",
    ),
    (
        "mosquitto_pub -h broker -u bob -P hunter2 -t x -m y",
        "mosquitto_pub -h broker -u bob -P [redacted] -t x -m y",
    ),
    (
        "az login -u bob@corp.com -p hunter2",
        "az login -u bob@corp.com -p [redacted]",
    ),
    (
        "az login --service-principal -u 0000-1111 -p Abc8Q~secretvalue~xyz --tenant t",
        "az login --service-principal -u 0000-1111 -p [redacted] --tenant t",
    ),
    (
        "snmpwalk -v2c -c s3cretCommunity 10.0.0.1",
        "snmpwalk -v2c -c [redacted] 10.0.0.1",
    ),
    (
        "snmpwalk -v3 -u bob -l authPriv -a SHA -A authpass123 -x AES -X privpass123 10.0.0.1",
        "snmpwalk -v3 -u bob -l authPriv -a SHA -A [redacted] -x AES -X [redacted] 10.0.0.1",
    ),
    (
        "lftp -u bob,hunter2 sftp://files",
        "lftp -u bob,[redacted] sftp://files",
    ),
    (
        "etcdctl --user root:hunter2 get /x",
        "etcdctl --user root:[redacted] get /x",
    ),
    ("rar a -hphunter2 x.rar f", "rar a -hp[redacted] x.rar f"),
    (
        "influx write -t AbCdEf0123456789== -b x",
        "influx write -t [redacted] -b x",
    ),
    (
        "doctl auth init -t dop_v2_short",
        "doctl auth init -t [redacted]",
    ),
    (
        "mysql -e \"ALTER USER 'root'@'localhost' IDENTIFIED BY 'hunter2'\"",
        "mysql -e \"ALTER USER 'root'@'localhost' IDENTIFIED BY '[redacted]'\"",
    ),
    (
        "mysql -e \"CREATE USER 'app'@'%' IDENTIFIED WITH mysql_native_password BY 'hunter2'\"",
        "mysql -e \"CREATE USER 'app'@'%' IDENTIFIED WITH mysql_native_password BY '[redacted]'\"",
    ),
    (
        "psql -c \"ALTER ROLE app WITH PASSWORD 'hunter2'\"",
        "psql -c \"ALTER ROLE app WITH PASSWORD '[redacted]'\"",
    ),
    (
        "psql -c \"CREATE USER app PASSWORD 'hunter2'\"",
        "psql -c \"CREATE USER app PASSWORD '[redacted]'\"",
    ),
    (
        "sqlplus system/hunter2@//db:1521/ORCL",
        "sqlplus system/[redacted]@//db:1521/ORCL",
    ),
    ("sqlplus scott/tiger@prod", "sqlplus scott/[redacted]@prod"),
    (
        "expdp system/manager directory=x",
        "expdp system/[redacted] directory=x",
    ),
    (
        "jdbc:oracle:thin:scott/tiger@db:1521:ORCL",
        "jdbc:oracle:thin:scott/[redacted]@db:1521:ORCL",
    ),
    (
        "DSN=app:hunter2@tcp(db:3306)/app",
        "DSN=app:[redacted]@tcp(db:3306)/app",
    ),
    (
        "postgres://app:pa/ss@db/app",
        "postgres://app:[redacted]@db/app",
    ),
    (
        "proxy_set_header Authorization \"Basic Ym9iOmh1bnRlcjI=\";",
        "proxy_set_header Authorization \"Basic [redacted]\";",
    ),
    (
        "proxy_set_header X-Api-Key abcdef0123456789;",
        "proxy_set_header X-Api-Key [redacted];",
    ),
    (
        "RequestHeader set Authorization \"Basic Ym9iOmh1bnRlcjI=\"",
        "RequestHeader set Authorization \"Basic [redacted]\"",
    ),
    ("bindpw hunter2", "bindpw [redacted]"),
    ("rootpw {SSHA}abcdef", "rootpw [redacted]"),
    (
        "ldap_default_authtok = hunter2",
        "ldap_default_authtok = [redacted]",
    ),
    ("auth_pass hunter2", "auth_pass [redacted]"),
    (
        "rocommunity s3cretCommunity default",
        "rocommunity [redacted] default",
    ),
    (
        "createUser bob SHA authpass123 AES privpass123",
        "createUser bob SHA [redacted] AES [redacted]",
    ),
    (
        "key = AQBtbW9ja2tleWZvcnRlc3Rpbmdvbmx5AAAAAAAAAA==",
        "key = [redacted]",
    ),
    (
        "PresharedKey = 0123456789abcdefABCDEF0123456789abcdefABCD=",
        "PresharedKey = [redacted]",
    ),
    (
        "<password>hunter2</password>",
        "<password>[redacted]</password>",
    ),
    (
        "<Pass encoding=\"base64\">aHVudGVyMg==</Pass>",
        "<Pass encoding=\"base64\">[redacted]</Pass>",
    ),
    (
        "<add key=\"ClearTextPassword\" value=\"hunter2\" />",
        "<add key=\"ClearTextPassword\" value=\"[redacted]\" />",
    ),
    (
        "<Password value=\"hunter2\"/>",
        "<Password value=\"[redacted]\"/>",
    ),
    (
        "<property name=\"db.password\" value=\"hunter2\"/>",
        "<property name=\"db.password\" value=\"[redacted]\"/>",
    ),
    (
        "tls.key: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVB",
        "tls.key: [redacted]",
    ),
    (
        "{\"kty\":\"RSA\",\"n\":\"abc\",\"e\":\"AQAB\",\"d\":\"X4cTteJY_gn4FYPsXB8rdXix5vwsg1FLN5E3EaG6RJoVH\",\"p\":\"83i\"}",
        "{\"kty\":\"RSA\",\"n\":\"abc\",\"e\":\"AQAB\",\"d\":\"[redacted]\",\"p\":\"[redacted]\"}",
    ),
    (
        "-----BEGIN OpenVPN Static key V1-----\ne1a2b3c4d5e6f7a8\n-----END OpenVPN Static key V1-----",
        "-----BEGIN OpenVPN Static key V1-----\n[redacted]\n-----END OpenVPN Static key V1-----",
    ),
    ("passwort=hunter2", "passwort=[redacted]"),
    ("mot_de_passe=hunter2", "mot_de_passe=[redacted]"),
    ("motdepasse: hunter2", "motdepasse: [redacted]"),
    ("senha=hunter2", "senha=[redacted]"),
    ("contrasena=hunter2", "contrasena=[redacted]"),
    (
        "password: >-\n  hunter2\n  more\nnext: 1",
        "password: >-\n  [redacted]\n  [redacted]\nnext: 1",
    ),
    (
        "password:\n  hunter2\nother: x",
        "password:\n  [redacted]\nother: x",
    ),
    (
        "db:\n  password: |\n    line1\n    line2\n  user: app",
        "db:\n  password: |\n    [redacted]\n    [redacted]\n  user: app",
    ),
    ("JWT_KEY=abcdef0123456789", "JWT_KEY=[redacted]"),
    ("HMAC_KEY=abcdef0123456789", "HMAC_KEY=[redacted]"),
    ("SALT=abcdef0123456789", "SALT=[redacted]"),
    (
        "routing_key=R0123456789abcdef0123456789abcde",
        "routing_key=[redacted]",
    ),
    ("MFA_SEED=JBSWY3DPEHPK3PXP", "MFA_SEED=[redacted]"),
    (
        "SEED_PHRASE='abandon ability able'",
        "SEED_PHRASE='[redacted]'",
    ),
    (
        "deploy --hmac-key abcdef0123456789 --unseal-key k1 --community s3cret --pin 123456 --bindpw hunter2",
        "deploy --hmac-key [redacted] --unseal-key [redacted] --community [redacted] --pin [redacted] --bindpw [redacted]",
    ),
    (
        "printf 'hunter2\\n' | sudo -S systemctl restart app",
        "printf '[redacted]' | sudo -S systemctl restart app",
    ),
    // Several on one line, in a pipeline.
    (
        "PGPASSWORD=a psql -c x | mysql -pb && curl -u c:d http://x",
        "PGPASSWORD=[redacted] psql -c x | mysql -p[redacted] && curl -u c:[redacted] http://x",
    ),
    // Second review, finding 7: what the narrowed rules must still hide.
    (
        "secure_link_secret mysecret;",
        "secure_link_secret [redacted];",
    ),
    ("requirepass s3cr3tP4ss", "requirepass [redacted]"),
    ("masterauth hunter2", "masterauth [redacted]"),
    ("rootpw {SSHA}abcdef", "rootpw [redacted]"),
    ("auth_pass hunter2", "auth_pass [redacted]"),
    (
        "rocommunity public123 default",
        "rocommunity [redacted] default",
    ),
    ("db_password hunter2", "db_password [redacted]"),
    (
        "db_password hunter2 # prod",
        "db_password [redacted] # prod",
    ),
    ("set PASSWORD hunter2", "set PASSWORD [redacted]"),
    (
        "setenv DB_PASSWORD hunter2",
        "setenv DB_PASSWORD [redacted]",
    ),
    (
        "CONFIG SET requirepass hunter2",
        "CONFIG SET requirepass [redacted]",
    ),
    ("SALT=abcdef123", "SALT=[redacted]"),
    ("SECRET_SALT: abcdef123", "SECRET_SALT: [redacted]"),
    ("password_salt: abcdef123", "password_salt: [redacted]"),
    ("AUTH_SALT=x1y2z3", "AUTH_SALT=[redacted]"),
    ("mot de passe : hunter2", "mot de passe : [redacted]"),
    ("Passwort: hunter2", "Passwort: [redacted]"),
    ("passwd: hunter2", "passwd: [redacted]"),
    // A value after `name:` at the start of its line is the rest of the line (passphrases hold
    // blanks).
    ("Password: Hunter2 please", "Password: [redacted]"),
    (
        "Password: Hunter2 # from the vault",
        "Password: [redacted] # from the vault",
    ),
    (
        "user: bob\n- password: two words\nhost: db",
        "user: bob\n- password: [redacted]\nhost: db",
    ),
    ("password hunter2", "password [redacted]"),
    (
        "pgsql:5432:shop:app:s3cret",
        "pgsql:5432:shop:app:[redacted]",
    ),
    // Third round: a URL's user part that is a credential, whatever its length.
    (
        "git clone https://ghp_abc123@github.com/o/r.git",
        "git clone https://[redacted]@github.com/o/r.git",
    ),
    (
        "https://TOKEN123@host.example.com/repo",
        "https://[redacted]@host.example.com/repo",
    ),
    (
        "git remote set-url origin https://mytoken@github.com/o/r.git",
        "git remote set-url origin https://[redacted]@github.com/o/r.git",
    ),
    (
        "https://abc123def@github.com/o/r.git",
        "https://[redacted]@github.com/o/r.git",
    ),
    (
        "https://x-access-token:ghs_short@github.com/o/r",
        "https://x-access-token:[redacted]@github.com/o/r",
    ),
    (
        "https://oauth2:abcdef@gitlab.com/o/r.git",
        "https://oauth2:[redacted]@gitlab.com/o/r.git",
    ),
    (
        "https://gitlab-ci-token:abc123@gitlab.example.com/o/r.git",
        "https://gitlab-ci-token:[redacted]@gitlab.example.com/o/r.git",
    ),
    (
        "https://0a1b2c3d:x-oauth-basic@github.com/o/r",
        "https://[redacted]:[redacted]@github.com/o/r",
    ),
    (
        "https://abc123def:@github.com/o/r",
        "https://[redacted]:@github.com/o/r",
    ),
    (
        "https://glpat-x1@gitlab.com/o/r.git",
        "https://[redacted]@gitlab.com/o/r.git",
    ),
    // Multi-word unquoted values of secret-named assignments: the rest of the line (or of the
    // quoted word) goes.
    (
        "DB_PASSWORD=correct horse battery staple",
        "DB_PASSWORD=[redacted]",
    ),
    (
        "export DB_PASSWORD=correct horse battery",
        "export DB_PASSWORD=[redacted]",
    ),
    (
        "Environment=DB_PASSWORD=two words",
        "Environment=DB_PASSWORD=[redacted]",
    ),
    (
        "Environment=\"DB_PASSWORD=two words\" \"OTHER=x\"",
        "Environment=\"DB_PASSWORD=[redacted]\" \"OTHER=x\"",
    ),
    (
        "SECRET_KEY=some secret words here # comment",
        "SECRET_KEY=[redacted] # comment",
    ),
    (
        "[client]\npassword = two words here",
        "[client]\npassword = [redacted]",
    ),
    (
        "docker run -e \"POSTGRES_PASSWORD=two words\" postgres",
        "docker run -e \"POSTGRES_PASSWORD=[redacted]\" postgres",
    ),
    (
        "{\"env\":\"PASSWORD=a b\",\"x\":1}",
        "{\"env\":\"PASSWORD=[redacted]\",\"x\":1}",
    ),
    ("API_TOKEN=abc def\nNEXT=1", "API_TOKEN=[redacted]\nNEXT=1"),
    // A command after the first word stays readable.
    (
        "MYSQL_PWD=x mysqldump db > out.sql",
        "MYSQL_PWD=[redacted] mysqldump db > out.sql",
    ),
    ("TOKEN=abc ./deploy.sh", "TOKEN=[redacted] ./deploy.sh"),
    (
        "API_TOKEN=abc make deploy",
        "API_TOKEN=[redacted] make deploy",
    ),
    (
        "RESTIC_PASSWORD=hunter2 restic backup",
        "RESTIC_PASSWORD=[redacted] restic backup",
    ),
    // Header-shaped values are credentials, whatever the scheme or without one.
    ("Authorization: abc123xyz", "Authorization: [redacted]"),
    (
        "Authorization: Token abcdef",
        "Authorization: Token [redacted]",
    ),
    ("X-Api-Key: missing", "X-Api-Key: [redacted]"),
    (
        "Authorization: Bearer eyJabc.def",
        "Authorization: Bearer [redacted]",
    ),
    ("Bearer abcdefgh12345678", "Bearer [redacted]"),
    // Third round, further attack: connection strings, numbered and one-word names, hashes,
    // sentences, secret stores, here-strings.
    (
        "Data Source=db;Initial Catalog=app;User ID=sa;Pwd=Str0ng;",
        "Data Source=db;Initial Catalog=app;User ID=sa;Pwd=[redacted];",
    ),
    (
        "Driver={ODBC Driver 18};Server=db;UID=sa;PWD=Str0ng;",
        "Driver={ODBC Driver 18};Server=db;UID=sa;PWD=[redacted];",
    ),
    (
        "Server=tcp:x,1433;User ID=u;Password={Str0ng;pw};Encrypt=yes",
        "Server=tcp:x,1433;User ID=u;Password=[redacted];Encrypt=yes",
    ),
    (
        "curl -d 'client_secret=abc&grant_type=client_credentials' https://x",
        "curl -d 'client_secret=[redacted]&grant_type=client_credentials' https://x",
    ),
    (
        "SSHPASS=hunter2 sshpass -e ssh host",
        "SSHPASS=[redacted] sshpass -e ssh host",
    ),
    ("DBPASS=abc", "DBPASS=[redacted]"),
    ("rootpass: abc", "rootpass: [redacted]"),
    ("adminpw=abc", "adminpw=[redacted]"),
    ("password1=abc", "password1=[redacted]"),
    ("Password123=abc", "Password123=[redacted]"),
    (
        "dsn=https://abc@o1.ingest.sentry.io/1",
        "dsn=https://[redacted]@o1.ingest.sentry.io/1",
    ),
    (
        "bob:$6$rounds=5000$saltsaltsalt$K0Lq3dFZJtQmM5N3sHhG9pU1xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123:19000:0:99999:7:::",
        "bob:[redacted]:19000:0:99999:7:::",
    ),
    (
        "admin:$apr1$x5b1e2Zq$Jb3mK8vQ1nP2rS4tU6wX7.",
        "admin:[redacted]",
    ),
    (
        "admin:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
        "admin:[redacted]",
    ),
    (
        "user:$2y$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
        "user:[redacted]",
    ),
    (
        "pbkdf2_sha256$600000$abcdefghijkl$ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg=",
        "[redacted]",
    ),
    (
        "the wifi password is Summer2024!",
        "the wifi password is [redacted]",
    ),
    ("password is: hunter2", "password is: [redacted]"),
    (
        "le mot de passe est Tr0ub4dor",
        "le mot de passe est [redacted]",
    ),
    (
        "rdesktop -u admin -p hunter2 host",
        "rdesktop -u admin -p [redacted] host",
    ),
    (
        "twine upload -u __token__ -p pypi-short dist/*",
        "twine upload -u __token__ -p [redacted] dist/*",
    ),
    ("setx API_TOKEN abc", "setx API_TOKEN [redacted]"),
    ("ENV DB_PASSWORD two words", "ENV DB_PASSWORD [redacted]"),
    (
        "sudo -S <<< hunter2 apt update",
        "sudo -S <<< [redacted] apt update",
    ),
    (
        "chpasswd <<< 'bob:hunter2'",
        "chpasswd <<< 'bob:[redacted]'",
    ),
    (
        "aws ssm put-parameter --name x --value hunter2 --type SecureString",
        "aws ssm put-parameter --name x --value [redacted] --type SecureString",
    ),
    (
        "az keyvault secret set --vault-name v --name x --value hunter2",
        "az keyvault secret set --vault-name v --name x --value [redacted]",
    ),
    (
        "kubectl create secret generic x --from-literal=username=bob --from-literal=token=abc",
        "kubectl create secret generic x --from-literal=username=[redacted] --from-literal=token=[redacted]",
    ),
    // Third round: names and values in two fields, Kubernetes Secrets, service configuration
    // keywords, database hashes and SQL, two-column tables.
    (
        "env:\n- name: DB_PASSWORD\n  value: hunter2\n- name: LOG_LEVEL\n  value: debug",
        "env:\n- name: DB_PASSWORD\n  value: [redacted]\n- name: LOG_LEVEL\n  value: debug",
    ),
    (
        "env:\n  - name: API_TOKEN\n    value: \"abc123\"",
        "env:\n  - name: API_TOKEN\n    value: \"[redacted]\"",
    ),
    (
        "[{\"name\":\"API_KEY\",\"value\":\"abc\"},{\"name\":\"MODE\",\"value\":\"prod\"}]",
        "[{\"name\":\"API_KEY\",\"value\":\"[redacted]\"},{\"name\":\"MODE\",\"value\":\"prod\"}]",
    ),
    (
        "apiVersion: v1\nkind: Secret\ndata:\n  DB_URL: cG9zdGdyZXM6Ly9hcHA6aHVudGVyMkBkYi9hcHA=\n  username: Ym9i\ntype: Opaque",
        "apiVersion: v1\nkind: Secret\ndata:\n  DB_URL: [redacted]\n  username: [redacted]\ntype: Opaque",
    ),
    (
        "{\n  \"kind\": \"Secret\",\n  \"data\": {\n    \"DB_URL\": \"cG9zdGdyZXM=\",\n    \"user\": \"Ym9i\"\n  },\n  \"type\": \"Opaque\"\n}",
        "{\n  \"kind\": \"Secret\",\n  \"data\": {\n    \"DB_URL\": \"[redacted]\",\n    \"user\": \"[redacted]\"\n  },\n  \"type\": \"Opaque\"\n}",
    ),
    (": PSK \"hunter2\"", ": PSK \"[redacted]\""),
    ("%any gw : EAP 'hunter2'", "%any gw : EAP '[redacted]'"),
    (
        "SCRAM-SHA-256$4096:c2FsdHNhbHQ=$abcdEFGHijklMNOPqrstUVWX=:abcdEFGHijklMNOPqrstUVWX=",
        "[redacted]",
    ),
    (
        "app | md5d41d8cd98f00b204e9800998ecf8427e",
        "app | [redacted]",
    ),
    (
        "root | *6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9",
        "root | [redacted]",
    ),
    (
        "user default on >hunter2 ~* +@all",
        "user default on >[redacted] ~* +@all",
    ),
    (
        "ACL SETUSER bob on >hunter2 ~* +@all",
        "ACL SETUSER bob on >[redacted] ~* +@all",
    ),
    (
        "SET PASSWORD FOR 'bob'@'%' = 'hunter2';",
        "SET PASSWORD FOR 'bob'@'%' = '[redacted]';",
    ),
    (
        "ALTER USER scott IDENTIFIED BY tiger;",
        "ALTER USER scott IDENTIFIED BY [redacted];",
    ),
    (
        "mysqladmin -u root password NEWPASS",
        "mysqladmin -u root password [redacted]",
    ),
    (
        "http -a bob:pw https://x",
        "http -a bob:[redacted] https://x",
    ),
    (
        "Key                Value\n---                -----\ntoken              hvs.CAESabc\npassword           hunter2",
        "Key                Value\n---                -----\ntoken              [redacted]\npassword           [redacted]",
    ),
    ("stats auth admin:hunter2", "stats auth admin:[redacted]"),
    (
        "  user tom insecure-password hunter2",
        "  user tom insecure-password [redacted]",
    ),
    (
        "shared-secret \"hunter2\";",
        "shared-secret \"[redacted]\";",
    ),
    (
        "key \"rndc-key\" {\n  algorithm hmac-sha256;\n  secret \"c2VjcmV0c2VjcmV0\";\n};",
        "key \"rndc-key\" {\n  algorithm hmac-sha256;\n  secret \"[redacted]\";\n};",
    ),
    (
        "[smtp.gmail.com]:587 bob@gmail.com:hunter2",
        "[smtp.gmail.com]:587 bob@gmail.com:[redacted]",
    ),
    ("AuthPass hunter2", "AuthPass [redacted]"),
    ("--pwd hunter2", "--pwd [redacted]"),
    (
        "ngrok config add-authtoken 2abcDEF",
        "ngrok config add-authtoken [redacted]",
    ),
    (
        "influx setup -u admin -p hunter2 -t tok",
        "influx setup -u admin -p [redacted] -t [redacted]",
    ),
    // Keys with blanks or split words, escaped quotes, CDATA.
    ("\"Api Key\": \"abc123\"", "\"Api Key\": \"[redacted]\""),
    ("\"api key\" = \"abc123\"", "\"api key\" = \"[redacted]\""),
    (
        "\"Secret Access Key\": \"abc\"",
        "\"Secret Access Key\": \"[redacted]\"",
    ),
    ("PassWord=hunter2", "PassWord=[redacted]"),
    ("PASS_WORD=hunter2", "PASS_WORD=[redacted]"),
    ("pass-word: hunter2", "pass-word: [redacted]"),
    ("password: 'it''s'", "password: '[redacted]'"),
    (
        "<password><![CDATA[hunter2]]></password>",
        "<password>[redacted]</password>",
    ),
    (
        "jdbc:sqlserver://h;user=sa;password={a;b};encrypt=true",
        "jdbc:sqlserver://h;user=sa;password=[redacted];encrypt=true",
    ),
    // Fourth round: a PuTTY key's private lines go, its MAC line keeps its name.
    (
        "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPublic-Lines: 1\nAAAAC3NzaC1lZDI1NTE5AAAAIGv7\nPrivate-Lines: 1\nAAAAIBcdefghijklmnopqrstuvwxyz\nPrivate-MAC: 0123456789abcdef\n",
        "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPublic-Lines: 1\nAAAAC3NzaC1lZDI1NTE5AAAAIGv7\nPrivate-Lines: 1\n[redacted]\nPrivate-MAC: 0123456789abcdef\n",
    ),
    // Fourth round: a bare `key` qualified by its INI/TOML section or YAML parent.
    (
        "[api]\nkey = \"abc123def\"\nurl = https://api.example.com",
        "[api]\nkey = \"[redacted]\"\nurl = https://api.example.com",
    ),
    (
        "encryption:\n  key: abc123def\n  cipher: aes-256-gcm",
        "encryption:\n  key: [redacted]\n  cipher: aes-256-gcm",
    ),
    // Fourth round: TOML triple quotes, Make's `?=`, Java properties with a blank, setter calls,
    // more readers of stdin, wpa_cli and ldappasswd.
    (
        "password = \"\"\"S3cret\"\"\"",
        "password = \"\"\"[redacted]\"\"\"",
    ),
    ("PASSWORD ?= S3cret", "PASSWORD ?= [redacted]"),
    ("db.password S3cret", "db.password [redacted]"),
    (
        "db.changeUserPassword(\"bob\", \"S3cret\")",
        "db.changeUserPassword(\"bob\", \"[redacted]\")",
    ),
    (
        "user.set_password('S3cret')",
        "user.set_password('[redacted]')",
    ),
    (
        "ldappasswd -a OldS3cret -s NewS3cret -D cn=admin uid=bob",
        "ldappasswd -a [redacted] -s [redacted] -D cn=admin uid=bob",
    ),
    (
        "sshfs bob@x:/ /mnt -o password_stdin <<< S3cret",
        "sshfs bob@x:/ /mnt -o password_stdin <<< [redacted]",
    ),
    (
        "echo S3cret | openconnect --passwd-on-stdin vpn",
        "echo [redacted] | openconnect --passwd-on-stdin vpn",
    ),
    (
        "wpa_cli set_network 0 psk '\"S3cret\"'",
        "wpa_cli set_network 0 psk '\"[redacted]\"'",
    ),
    // Fourth round: fetchmail's run control, logins by call.
    (
        "poll mail.example.com with proto IMAP user \"bob\" there with password \"S3cret\" is bob here",
        "poll mail.example.com with proto IMAP user \"bob\" there with password \"[redacted]\" is bob here",
    ),
    (
        "poll mail.example.com proto pop3 user bob pass S3cret",
        "poll mail.example.com proto pop3 user bob pass [redacted]",
    ),
    (
        "db.auth(\"admin\", \"S3cret\")",
        "db.auth(\"admin\", \"[redacted]\")",
    ),
    (
        "conn.login('bob', 'S3cret')",
        "conn.login('bob', '[redacted]')",
    ),
    // Fourth round: `Authorization` of any scheme, and auth-parameter lists of any scheme.
    (
        "Authorization: NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==",
        "Authorization: NTLM [redacted]",
    ),
    (
        "Authorization: Splunk 12345678-1234-1234-1234-123456789012",
        "Authorization: Splunk [redacted]",
    ),
    (
        "Authorization: Key abcdefghij0123456789",
        "Authorization: Key [redacted]",
    ),
    (
        "Authorization: OAuth abcdefghij0123456789",
        "Authorization: OAuth [redacted]",
    ),
    (
        "Authorization: SSWS 00abcdefghijklmnopqrstuvwxyz0123456789AB",
        "Authorization: SSWS [redacted]",
    ),
    (
        "Authorization: Digest username=\"bob\", realm=\"x\", nonce=\"abc\", response=\"6629fae49393a05397450978507c4ef1\"",
        "Authorization: Digest [redacted]",
    ),
    (
        "Authorization: Token token=\"abcdefghij0123456789\"",
        "Authorization: Token [redacted]",
    ),
    (
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024",
        "Authorization: AWS4-HMAC-SHA256 [redacted]",
    ),
    (
        "{\"headers\": {\"Authorization\": \"NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==\"}}",
        "{\"headers\": {\"Authorization\": \"NTLM [redacted]\"}}",
    ),
    // An AWS access key id with its secret key beside it.
    (
        "aws AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "aws [redacted]",
    ),
    (
        "AKIA0123456789ABCDEF:abcdefghijklmnopqrstuvwxyz0123456789ABCD",
        "[redacted]",
    ),
    (
        "bob,AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "bob,[redacted]",
    ),
    // Tokens of more services by format.
    (
        "heroku HRKU-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        "heroku [redacted]",
    ),
    ("aliyun LTAI5tAbCdEfGhIjKlMnOpQr", "aliyun [redacted]"),
    (
        "pscale_pw_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        "[redacted]",
    ),
    (
        "XAI_KEY xai-abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789ab",
        "XAI_KEY [redacted]",
    ),
    (
        "groq gsk_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRST",
        "groq [redacted]",
    ),
    (
        "replicate r8_abcdefghijklmnopqrstuvwxyz0123456789ab",
        "replicate [redacted]",
    ),
    (
        "sentry sntrys_eyJpYXQiOjE2ODczMzY1NDMuNjk4NTk0LCJ1cmwiOm51bGx9",
        "sentry [redacted]",
    ),
    (
        "gem rubygems_0123456789abcdef0123456789abcdef0123456789abcdef",
        "gem [redacted]",
    ),
    (
        "nuget oy2abcdefghijklmnopqrstuvwxyz0123456789abcdefg",
        "nuget [redacted]",
    ),
    (
        "op ops_eyJzaWduSW5BZGRyZXNzIjoibXkuMXBhc3N3b3JkLmNvbSJ9",
        "op [redacted]",
    ),
    (
        "azure client secret abc8Q~abcdefghijklmnopqrstuvwxyz012345",
        "azure client secret [redacted]",
    ),
    (
        "notion secret_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",
        "notion [redacted]",
    ),
    (
        "supabase sbp_0123456789abcdef0123456789abcdef01234567",
        "supabase [redacted]",
    ),
    (
        "discord MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs",
        "discord [redacted]",
    ),
    (
        "jfrog AKCp8abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01234",
        "jfrog [redacted]",
    ),
    // Java's XML properties, attribute names in any case, subscripts, ifupdown's Wi-Fi key.
    (
        "<entry key=\"db.password\">S3cret</entry>",
        "<entry key=\"db.password\">[redacted]</entry>",
    ),
    (
        "<Setting Name=\"StorageKey\" Value=\"S3cret\" />",
        "<Setting Name=\"StorageKey\" Value=\"[redacted]\" />",
    ),
    (
        "$db['default']['password'] = 'S3cret';",
        "$db['default']['password'] = '[redacted]';",
    ),
    (
        "ENV['DB_PASSWORD'] = 'S3cret'",
        "ENV['DB_PASSWORD'] = '[redacted]'",
    ),
    (
        "os.environ[\"API_KEY\"] = \"S3cret\"",
        "os.environ[\"API_KEY\"] = \"[redacted]\"",
    ),
    ("    wpa-psk MyWifiPass", "    wpa-psk [redacted]"),
    // Command lines: Go-style long options, quoted attached values, more readers of stdin.
    (
        "influx -username admin -password S3cret",
        "influx -username admin -password [redacted]",
    ),
    (
        "mysqldump -u root -p'S3cret' app",
        "mysqldump -u root -p'[redacted]' app",
    ),
    (
        "mysql -u root -p\"S3cret\" app",
        "mysql -u root -p\"[redacted]\" app",
    ),
    (
        "rabbitmqadmin -u admin -p S3cret list queues",
        "rabbitmqadmin -u admin -p [redacted] list queues",
    ),
    ("echo S3cret | kinit bob", "echo [redacted] | kinit bob"),
    (
        "docker secret create db_pass - <<< S3cret",
        "docker secret create db_pass - <<< [redacted]",
    ),
    // Fifth round. Passwords as operands: Windows' and Samba's `net`, Windows switches,
    // PowerShell's secure strings, batch password files, Kerberos' admin.
    (
        "net user alice P@ssw0rd1 /add",
        "net user alice [redacted] /add",
    ),
    ("NET USER /ADD bob Pw-2024", "NET USER /ADD bob [redacted]"),
    (
        "net use Z: \\\\nas\\data hunter2 /user:CORP\\bob",
        "net use Z: \\\\nas\\data [redacted] /user:CORP\\bob",
    ),
    (
        "net use \\\\host\\ipc$ /user:administrator Adm1n!",
        "net use \\\\host\\ipc$ /user:administrator [redacted]",
    ),
    (
        "net rpc user add bob SambaPw1 -S dc",
        "net rpc user add bob [redacted] -S dc",
    ),
    (
        "net rpc password bob SambaPw2 -S dc",
        "net rpc password bob [redacted] -S dc",
    ),
    (
        "schtasks /create /tn backup /tr b.cmd /ru svc /RP TaskPw1",
        "schtasks /create /tn backup /tr b.cmd /ru svc /RP [redacted]",
    ),
    (
        "psexec \\\\host -u bob -p PsPass1 cmd",
        "psexec \\\\host -u bob -p [redacted] cmd",
    ),
    (
        "winrs -r:host -u:bob -p:WinrsPw1 ipconfig",
        "winrs -r:host -u:bob -p:[redacted] ipconfig",
    ),
    (
        "$pw = ConvertTo-SecureString \"PsSecure1\" -AsPlainText -Force",
        "$pw = ConvertTo-SecureString \"[redacted]\" -AsPlainText -Force",
    ),
    (
        "ConvertTo-SecureString -AsPlainText -Force -String 'PsSecure2'",
        "ConvertTo-SecureString -AsPlainText -Force -String '[redacted]'",
    ),
    (
        "mosquitto_passwd -b /etc/mosquitto/passwd bob MqPass1",
        "mosquitto_passwd -b /etc/mosquitto/passwd bob [redacted]",
    ),
    (
        "rabbitmqctl authenticate_user admin Adm1nPw",
        "rabbitmqctl authenticate_user admin [redacted]",
    ),
    (
        "ipmitool -I lanplus -H bmc user set password 2 NewIpmiPw",
        "ipmitool -I lanplus -H bmc user set password 2 [redacted]",
    ),
    (
        "kadmin -p admin/admin -w KAdm1n -q listprincs",
        "kadmin -p admin/admin -w [redacted] -q listprincs",
    ),
    // Passwords piped into programs that read them, alone or as a group of echoes.
    (
        "(echo SmbPw1; echo SmbPw1) | smbpasswd -s -a bob",
        "(echo [redacted]; echo [redacted]) | smbpasswd -s -a bob",
    ),
    (
        "{ echo RootPw1; echo RootPw1; } | passwd root",
        "{ echo [redacted]; echo [redacted]; } | passwd root",
    ),
    (
        "echo -e \"RootPw1\\nRootPw1\" | passwd root",
        "echo -e \"[redacted]\" | passwd root",
    ),
    (
        "echo ghx_notaformat123 | gh auth login --with-token",
        "echo [redacted] | gh auth login --with-token",
    ),
    (
        "echo TopSecret1 | wrangler secret put API_TOKEN",
        "echo [redacted] | wrangler secret put API_TOKEN",
    ),
    // A lone AWS secret access key: labelled in any spelling, or where AWS prints it.
    (
        "AWS Secret Access Key [None]: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS Secret Access Key [None]: [redacted]",
    ),
    (
        "AWS Secret Access Key [****************EKEY]: je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        "AWS Secret Access Key [****************EKEY]: [redacted]",
    ),
    (
        "secret-access-key   wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "secret-access-key   [redacted]",
    ),
    (
        "| SecretAccessKey | wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY |",
        "| SecretAccessKey | [redacted] |",
    ),
    (
        "$ aws configure get aws_secret_access_key\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "$ aws configure get aws_secret_access_key\n[redacted]",
    ),
    (
        "ACCESSKEY\tAKIAIOSFODNN7EXAMPLE\t2024-01-01T00:00:00Z\twJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\tActive\tbob",
        "ACCESSKEY\t[redacted]\t2024-01-01T00:00:00Z\t[redacted]\tActive\tbob",
    ),
    // Authorization with a scheme of its own and a short credential; AWS's v2 signature.
    ("Authorization: Foo ab12", "Authorization: Foo [redacted]"),
    (
        "Authorization: Custom abcdef",
        "Authorization: Custom [redacted]",
    ),
    (
        "-H 'Authorization: NTLM TlRMTVNTUAAB'",
        "-H 'Authorization: NTLM [redacted]'",
    ),
    (
        "\"authorization\": \"Api-Key abcd\"",
        "\"authorization\": \"Api-Key [redacted]\"",
    ),
    (
        "Authorization: AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=",
        "Authorization: AWS [redacted]",
    ),
    // pgbouncer's userlist.txt: plain, md5 and SCRAM passwords.
    ("\"bob\" \"plainpass\"", "\"bob\" \"[redacted]\""),
    (
        "\"user1\" \"md5a3556571e93b0d20722ba62be61e8c2d\"",
        "\"user1\" \"[redacted]\"",
    ),
    (
        "\"app\" \"SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy\"",
        "\"app\" \"[redacted]\"",
    ),
    // Jenkins: password hashes, API tokens and its encrypted secrets anywhere.
    (
        "<passwordHash>#jbcrypt:$2a$10$razd3L1aXndFfBNHO95aj.IVrFydsxkcQCcLmujmFQzll3hcUrY7S</passwordHash>",
        "<passwordHash>#jbcrypt:[redacted]</passwordHash>",
    ),
    (
        "<apiToken>11d2a07ca2e8ddcaeb5d9b5b5b6ad5d4f2</apiToken>",
        "<apiToken>[redacted]</apiToken>",
    ),
    (
        "<value>{AQAAABAAAAAQfvLzoMU6rXvESo3Vh3r2YD9tXKRoyOmHjeL9ZfHbu1M=}</value>",
        "<value>[redacted]</value>",
    ),
    // Fifth round, shapes in text. Private keys in other framings: RFC 4716, minisign and
    // signify, .NET's XML, OpenVPN's tls-crypt-v2, DER in base64 without PEM lines.
    (
        "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: \"rsa-key\"\nP2/56wAAAi4AAAA3aWYt\n---- END SSH2 ENCRYPTED PRIVATE KEY ----",
        "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\n[redacted]\n---- END SSH2 ENCRYPTED PRIVATE KEY ----",
    ),
    (
        "untrusted comment: minisign encrypted secret key\nRWRTY0IyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "untrusted comment: minisign encrypted secret key\n[redacted]",
    ),
    (
        "untrusted comment: signify secret key\nRWRCSwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "untrusted comment: signify secret key\n[redacted]",
    ),
    (
        "<RSAKeyValue><Modulus>xA7SEU+e0yQH</Modulus><Exponent>AQAB</Exponent><P>/aULPE6jd5Ik==</P><D>Fijko56+qGyN8M0R=</D></RSAKeyValue>",
        "<RSAKeyValue><Modulus>xA7SEU+e0yQH</Modulus><Exponent>AQAB</Exponent><P>[redacted]</P><D>[redacted]</D></RSAKeyValue>",
    ),
    (
        "-----BEGIN OpenVPN tls-crypt-v2 client key-----\nw4s2p8cb0M8abc\n-----END OpenVPN tls-crypt-v2 client key-----",
        "-----BEGIN OpenVPN tls-crypt-v2 client key-----\n[redacted]\n-----END OpenVPN tls-crypt-v2 client key-----",
    ),
    (
        "-----BEGIN PGP SECRET KEY BLOCK-----\nlQOYBF0abc\n-----END PGP SECRET KEY BLOCK-----",
        "-----BEGIN PGP SECRET KEY BLOCK-----\n[redacted]\n-----END PGP SECRET KEY BLOCK-----",
    ),
    (
        "SIGNING=MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
        "SIGNING=[redacted]",
    ),
    (
        "key: MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
        "key: [redacted]",
    ),
    (
        "MC4CAQAwBQYDK2VwBCIEIJ+abcdefghijklmnopqrstuvwxyz012345",
        "[redacted]",
    ),
    // Tokens by prefix, and wallets' private keys.
    (
        "sk.eyJ1IjoiZXhhbXBsZSIsImEiOiJja2FiY2RlZjAxMjM0NTY3ODkifQ.abcdefghijklmnopqrstuv",
        "[redacted]",
    ),
    (
        "FIGMA=figd_abcdefghijklmnopqrstuvwxyz0123456789ABCD",
        "FIGMA=[redacted]",
    ),
    (
        "hubspot pat-na1-01234567-89ab-cdef-0123-456789abcdef",
        "hubspot [redacted]",
    ),
    (
        "xoxc-1234567890-1234567890-abcdefghijklmnop and xoxd-abcdefghijklmnopqrstuvwxyz0123456789",
        "[redacted] and [redacted]",
    ),
    (
        "lsv2_pt_0123456789abcdef0123456789abcdef_0123456789",
        "[redacted]",
    ),
    ("tvly-abcdefghijklmnopqrstuvwxyz012345", "[redacted]"),
    (
        "pcsk_abc12_abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrst",
        "[redacted]",
    ),
    ("dckr_oat_abcdefghijklmnopqrstuvwxyz0", "[redacted]"),
    (
        "y0_AgAAAAABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        "[redacted]",
    ),
    (
        "ELEVEN=sk_0123456789abcdef0123456789abcdef0123456789abcdef",
        "ELEVEN=[redacted]",
    ),
    (
        "nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5",
        "[redacted]",
    ),
    (
        "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
        "[redacted]",
    ),
    (
        "wif: KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn",
        "wif: [redacted]",
    ),
    // Names: vendors' keys, write and ingestion keys, OTP seeds, abbreviated secret keys,
    // owners of passwords, Vault's secret_id, HCL variable defaults, YAML anchors.
    ("OPENAI_KEY=sk-notaformat", "OPENAI_KEY=[redacted]"),
    ("STRIPE_SK=abc123", "STRIPE_SK=[redacted]"),
    ("HONEYCOMB_WRITEKEY=abc123", "HONEYCOMB_WRITEKEY=[redacted]"),
    (
        "LOGDNA_INGESTION_KEY=abc123",
        "LOGDNA_INGESTION_KEY=[redacted]",
    ),
    ("TOTP_KEY=JBSWY3DPEHPK3PXP", "TOTP_KEY=[redacted]"),
    ("KEYSTOREPASS=changeit1", "KEYSTOREPASS=[redacted]"),
    (
        "vault write auth/approle/login role_id=abc secret_id=6a174c20-f6de",
        "vault write auth/approle/login role_id=abc secret_id=[redacted]",
    ),
    (
        "VAULT_SECRET_ID=6a174c20-f6de",
        "VAULT_SECRET_ID=[redacted]",
    ),
    (
        "variable \"db_password\" {\n  type    = string\n  default = \"S3cret9\"\n}",
        "variable \"db_password\" {\n  type    = string\n  default = \"[redacted]\"\n}",
    ),
    (
        "variable \"api_token\" { default = \"S3cret9\" }",
        "variable \"api_token\" { default = \"[redacted]\" }",
    ),
    (
        "db:\n  password: &dbpw S3cret9\n  user: app",
        "db:\n  password: &dbpw [redacted]\n  user: app",
    ),
    // Command lines: more spellings of options and operands.
    (
        "curl -b 'session=hunter2; theme=dark' https://x",
        "curl -b 'session=[redacted]; theme=[redacted]' https://x",
    ),
    (
        "poetry config pypi-token.pypi pypi-notaformat",
        "poetry config pypi-token.pypi [redacted]",
    ),
    ("isql -v mydsn bob Hunter2", "isql -v mydsn bob [redacted]"),
    ("rclone obscure Hunter2", "rclone obscure [redacted]"),
    (
        "ncftp -u bob -p Hunter2 ftp.example.com",
        "ncftp -u bob -p [redacted] ftp.example.com",
    ),
    (
        "sendemail -f a@x -t b@x -xu bob -xp Hunter2",
        "sendemail -f a@x -t b@x -xu bob -xp [redacted]",
    ),
    (
        "msmtp --passwordeval='echo Hunter2' -t",
        "msmtp --passwordeval='[redacted]' -t",
    ),
    (
        "nmcli con mod corp 802-1x.password Hunter2",
        "nmcli con mod corp 802-1x.password [redacted]",
    ),
    (
        "dotnet nuget add source https://x/index.json -n x -u bob -p Hunter2",
        "dotnet nuget add source https://x/index.json -n x -u bob -p [redacted]",
    ),
    (
        "choco apikey -k Hunter2 -s https://push.chocolatey.org/",
        "choco apikey -k [redacted] -s https://push.chocolatey.org/",
    ),
    (
        "mysqlsh --uri bob:Hunter2@db:3306",
        "mysqlsh --uri bob:[redacted]@db:3306",
    ),
    (
        "mysqlsh root:Hunter2@localhost",
        "mysqlsh root:[redacted]@localhost",
    ),
    // Credential files' lines as printed: PPP, htdigest, Windows hash dumps, LDIF, Redis'
    // AUTH, BIND keys, Squid peers, SQL Server procedures.
    ("bob * Hunter2 *", "bob * [redacted] *"),
    (
        "\"bob\" pptpd \"Hunter2\" 10.0.0.5",
        "\"bob\" pptpd \"[redacted]\" 10.0.0.5",
    ),
    (
        "bob:Private:0123456789abcdef0123456789abcdef",
        "bob:Private:[redacted]",
    ),
    (
        "Administrator:500:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::",
        "Administrator:500:[redacted]:::",
    ),
    (
        "bob::CORP:1122334455667788:0123456789ABCDEF0123456789ABCDEF:0101000000000000",
        "bob::CORP:1122334455667788:[redacted]",
    ),
    (
        "userPassword:: e1NTSEF9YWJjZGVm",
        "userPassword:: [redacted]",
    ),
    (
        "unicodePwd:: IgBoAHUAbgB0AGUAcgAyACIA",
        "unicodePwd:: [redacted]",
    ),
    ("AUTH bob Hunter2", "AUTH bob [redacted]"),
    (
        "127.0.0.1:6379> AUTH Hunter2",
        "127.0.0.1:6379> AUTH [redacted]",
    ),
    (
        "1700000000.123 [0 10.0.0.5:5000] \"AUTH\" \"Hunter2\"",
        "1700000000.123 [0 10.0.0.5:5000] \"AUTH\" \"[redacted]\"",
    ),
    (
        "key \"rndc-key\" { algorithm hmac-sha256; secret \"aGVsbG8=\"; };",
        "key \"rndc-key\" { algorithm hmac-sha256; secret \"[redacted]\"; };",
    ),
    (
        "cache_peer parent.example.com parent 3128 0 login=bob:Hunter2",
        "cache_peer parent.example.com parent 3128 0 login=bob:[redacted]",
    ),
    (
        "EXEC sp_addlogin 'bob', 'Hunter2'",
        "EXEC sp_addlogin 'bob', '[redacted]'",
    ),
    // Names of PINs, codes, Wi-Fi, disk and SSH keys, personal access tokens, peppers.
    ("SIM_PIN=4821", "SIM_PIN=[redacted]"),
    ("PUK=12345678", "PUK=[redacted]"),
    ("WPA_KEY=Zq9xW2vK", "WPA_KEY=[redacted]"),
    ("LUKS_KEY=Zq9xW2vK", "LUKS_KEY=[redacted]"),
    ("UNLOCK_CODE=Zq9xW2vK", "UNLOCK_CODE=[redacted]"),
    ("PASSCODE=Zq9xW2vK", "PASSCODE=[redacted]"),
    ("GH_PAT=Zq9xW2vK", "GH_PAT=[redacted]"),
    ("PEPPER=Zq9xW2vK", "PEPPER=[redacted]"),
    ("PRIV_KEY=Zq9xW2vK", "PRIV_KEY=[redacted]"),
    (
        "rpcauth=bob:7d9ba5ae63c3d4dc30583ff4fe65a67e$9e3634e81c11659e3de036d0bf88f89cd169c1039e6e09607562d54765c649cc",
        "rpcauth=[redacted]",
    ),
    // Terraform's outputs marked sensitive (`terraform output -json`), whatever their names.
    (
        "{\n  \"conn\": {\n    \"sensitive\": true,\n    \"type\": \"string\",\n    \"value\": \"postgres://u:pw@h/db\"\n  },\n  \"region\": {\n    \"sensitive\": false,\n    \"type\": \"string\",\n    \"value\": \"eu\"\n  }\n}",
        "{\n  \"conn\": {\n    \"sensitive\": true,\n    \"type\": \"string\",\n    \"value\": \"[redacted]\"\n  },\n  \"region\": {\n    \"sensitive\": false,\n    \"type\": \"string\",\n    \"value\": \"eu\"\n  }\n}",
    ),
    (
        "{\n  \"keys\": {\n    \"sensitive\": true,\n    \"type\": [\n      \"list\",\n      \"string\"\n    ],\n    \"value\": [\n      \"k1\",\n      \"k2\"\n    ]\n  }\n}",
        "{\n  \"keys\": {\n    \"sensitive\": true,\n    \"type\": [\n      \"list\",\n      \"string\"\n    ],\n    \"value\": [\n      \"[redacted]\",\n      \"[redacted]\"\n    ]\n  }\n}",
    ),
    (
        "{\"api\": {\"sensitive\": true, \"type\": \"string\", \"value\": \"abcXYZ\"}}",
        "{\"api\": {\"sensitive\": true, \"type\": \"string\", \"value\": \"[redacted]\"}}",
    ), // Session ids with a generated token's shape, under any session name: a live session logs
    // in as its user.
    (
        "session_id=8f3a9c2e7b1d4f6a0c5e9b2d7a1f3c8e",
        "session_id=[redacted]",
    ),
    (
        "sid=s%3AaBcD1234efGh5678.ijKLmn0pQrsTuvWXyz",
        "sid=[redacted]",
    ),
    (
        "GET /app/home?sid=k3j4h5g6f7d8s9a0q1w2e3r4t5&lang=en HTTP/1.1",
        "GET /app/home?sid=[redacted]&lang=en HTTP/1.1",
    ),
    (
        "curl 'https://app/x?session_id=550e8400-e29b-41d4-a716-446655440000&x=1'",
        "curl 'https://app/x?session_id=[redacted]&x=1'",
    ),
    (
        "ci_session=a8f5f167f44f4964e6c998dee827110c",
        "ci_session=[redacted]",
    ),
    (
        "connect.sid: s%3AxYz123AbC456dEf789.GhIjKlMnOp",
        "connect.sid: [redacted]",
    ),
    (
        "{\"user\": \"bob\", \"session_id\": \"8f3a9c2e7b1d4f6a0c5e9b2d7a1f3c8e\"}",
        "{\"user\": \"bob\", \"session_id\": \"[redacted]\"}",
    ),
    (
        "ASP.NET_SessionId=abcdefghij0123456789KLMN",
        "ASP.NET_SessionId=[redacted]",
    ),
    (
        "Session ID: 8f3a9c2e7b1d4f6a0c5e9b2d7a1f3c8e",
        "Session ID: [redacted]",
    ),
    (
        "XDG_SESSION_COOKIE=8f3a9c2e7b1d4f6a0c5e9b2d7a1f3c8e-1700000000.123456-1234",
        "XDG_SESSION_COOKIE=[redacted]",
    ),
    // A Netscape cookie jar (`curl -c`): every cookie's value.
    (
        "# Netscape HTTP Cookie File\napp.example.com\tFALSE\t/\tTRUE\t0\tsessionid\tk3j4h5g6f7d8s9a0\n#HttpOnly_app.example.com\tFALSE\t/\tTRUE\t1767225600\tremember_user\tBAh7CEkiCGdpZAY6BkVU",
        "# Netscape HTTP Cookie File\napp.example.com\tFALSE\t/\tTRUE\t0\tsessionid\t[redacted]\n#HttpOnly_app.example.com\tFALSE\t/\tTRUE\t1767225600\tremember_user\t[redacted]",
    ),
    // Vault's key lists as `vault operator init` prints them: a table's row, JSON on one line
    // or one key a line; every item goes, brackets and quotes stay.
    (
        "unseal_keys_b64    [key1 key2]",
        "unseal_keys_b64    [[redacted] [redacted]]",
    ),
    (
        "Key                   Value\n---                   -----\nkeys                  [4f2a8c9e1b3d5f7a9c8b7a6f5e4d3c2b1a09 9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a3]\nkeys_base64           [TyqMnhs9X3qci3pvXk08KxoJ+OfWxbSjkoFwb15NPCs= b3RoZXIxMjM0NTY3ODkwYWJjZGVmZ2hpams=]\nrecovery_keys_b64     []\nroot_token            hvs.CAESIJx9kqweRtY\nunseal_keys_b64       [TyqMnhs9X3qci3pvXk08KxoJ+OfWxbSjkoFwb15NPCs=]\nunseal_shares         5\nunseal_threshold      3",
        "Key                   Value\n---                   -----\nkeys                  [[redacted] [redacted]]\nkeys_base64           [[redacted] [redacted]]\nrecovery_keys_b64     []\nroot_token            [redacted]\nunseal_keys_b64       [[redacted]]\nunseal_shares         5\nunseal_threshold      3",
    ),
    (
        "{\"keys\": [\"4f2a8c9e1b3d5f7a9c8b7a6f5e4d3c2b\"], \"keys_base64\": [\"TyqMnhs9X3qci3pvXk08KxoJ+Of=\"], \"root_token\": \"hvs.abc\"}",
        "{\"keys\": [\"[redacted]\"], \"keys_base64\": [\"[redacted]\"], \"root_token\": \"[redacted]\"}",
    ),
    (
        "{\n  \"unseal_keys_b64\": [\n    \"TyqMnhs9X3qci3pvXk08KxoJ+OfWxbSjkoFwb15NPCs=\",\n    \"b3RoZXIxMjM0NTY3ODkwYWJjZGVmZ2hpams=\"\n  ],\n  \"unseal_shares\": 5,\n  \"root_token\": \"hvs.abcdefghijklmnopqrstuvwx\"\n}",
        "{\n  \"unseal_keys_b64\": [\n    \"[redacted]\",\n    \"[redacted]\"\n  ],\n  \"unseal_shares\": 5,\n  \"root_token\": \"[redacted]\"\n}",
    ),
    // Lists under a secret's name, in flow and block style.
    (
        "password: [abc123, def456]",
        "password: [[redacted], [redacted]]",
    ),
    ("DB_PASS=[a,b]", "DB_PASS=[[redacted],[redacted]]"),
    (
        "api_keys:\n  - sk_live_abc123\n  - \"sk_live_def456\"\nother: 1",
        "api_keys:\n  - [redacted]\n  - \"[redacted]\"\nother: 1",
    ),
    (
        "passwords:\n- Summer2024!\n- Winter2025!",
        "passwords:\n- [redacted]\n- [redacted]",
    ),
    // A secret file's content echoed by a process substitution after an option that reads it,
    // named for a secret or known to take one (`sshpass -f`, `smbclient -A`).
    (
        "openvpn --config c.ovpn --auth-user-pass <(printf 'bob\\nS3cret!')",
        "openvpn --config c.ovpn --auth-user-pass <(printf '[redacted]')",
    ),
    (
        "sshpass -f <(echo S3cret!) ssh admin@db1",
        "sshpass -f <(echo [redacted]) ssh admin@db1",
    ),
    (
        "smbclient //h/s -A <(printf \"username=bob\\npassword=S3cret!\")",
        "smbclient //h/s -A <(printf \"[redacted]\")",
    ),
    // A Basic credential built in the command line: the pair's password, the echoed token.
    (
        "curl -H \"Authorization: Basic $(echo -n bob:S3cret! | base64)\" https://x",
        "curl -H \"Authorization: Basic $(echo -n bob:[redacted] | base64)\" https://x",
    ),
    (
        "printf '%s' 'admin:Adm1nPass' | base64 -w0",
        "printf '%s' 'admin:[redacted]' | base64 -w0",
    ),
    (
        "curl -H \"Authorization: Bearer $(echo abc123secretXYZ)\" https://x",
        "curl -H \"Authorization: Bearer $(echo [redacted])\" https://x",
    ),
    // Vendors' documented token prefixes: SonarQube, JFrog reference tokens, Grafana Cloud.
    (
        "SONAR_TOKEN=squ_0123456789abcdef0123456789abcdef01234567 mvn sonar:sonar",
        "SONAR_TOKEN=[redacted] mvn sonar:sonar",
    ),
    (
        "sonar-scanner -Dsonar.login=sqp_0123456789abcdef0123456789abcdef01234567",
        "sonar-scanner -Dsonar.login=[redacted]",
    ),
    (
        "jf c add --access-token cmVmdGtuOjAxOjE3MDAwMDAwMDA6YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo",
        "jf c add --access-token [redacted]",
    ),
    (
        "curl -H 'X-JFrog-Art-Api: cmVmdGtuOjAxOjE3MDAwMDAwMDA6YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo' https://x",
        "curl -H 'X-JFrog-Art-Api: [redacted]' https://x",
    ),
    ("sqa_0123456789abcdef0123456789abcdef01234567", "[redacted]"),
    // Commands that print a credential they fetch, decrypt or generate, and variables named
    // for a secret printed alone: the output goes up to the next prompt, a bare prompt too.
    (
        "$ aws ecr get-login-password --region eu-west-1\neyJwYXlsb2FkIjoiYWJjIiwiZGF0YWtleSI6Inh5eiJ9\n$ ls",
        "$ aws ecr get-login-password --region eu-west-1\n[redacted]\n$ ls",
    ),
    (
        "$ printenv DB_PASSWORD\nS3cretPass\n$ echo done\ndone",
        "$ printenv DB_PASSWORD\n[redacted]\n$ echo done\ndone",
    ),
    (
        "root@h:~# docker exec db printenv POSTGRES_PASSWORD\npg-S3cret\nroot@h:~# ",
        "root@h:~# docker exec db printenv POSTGRES_PASSWORD\n[redacted]\nroot@h:~# ",
    ),
    (
        "$ echo \"$API_TOKEN\"\nabc123xyz\n$",
        "$ echo \"$API_TOKEN\"\n[redacted]\n$",
    ),
    (
        "$ gcloud auth print-access-token\nya29.short\n$ kubectl get pods",
        "$ gcloud auth print-access-token\n[redacted]\n$ kubectl get pods",
    ),
    (
        "$ vault kv get -field=password secret/db\nhunter2\n$",
        "$ vault kv get -field=password secret/db\n[redacted]\n$",
    ),
    (
        "$ az keyvault secret show --vault-name v --name db --query value -o tsv\nS3cret!\n$",
        "$ az keyvault secret show --vault-name v --name db --query value -o tsv\n[redacted]\n$",
    ),
    (
        "$ kubectl get secret db -o jsonpath='{.data.password}'\nUzNjcmV0IQ==\n$",
        "$ kubectl get secret db -o jsonpath='{.data.password}'\n[redacted]\n$",
    ),
    (
        "$ docker exec db cat /run/secrets/db_password\nS3cret\n$",
        "$ docker exec db cat /run/secrets/db_password\n[redacted]\n$",
    ),
    (
        "$ grep . ~/.pgpass\ndb:5432:app:app:S3cret\n$",
        "$ grep . ~/.pgpass\n[redacted]\n$",
    ),
    (
        "$ wg genkey\nyAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n$ sops -d secrets.enc.yaml\ndb: hunter2\n$ pwgen -s 20 1\nqW3rT5yU7iO9pA1sD3fG\n$",
        "$ wg genkey\n[redacted]\n$ sops -d secrets.enc.yaml\n[redacted]\n$ pwgen -s 20 1\n[redacted]\n$",
    ),
    // A reference with a default: the default is the secret, the reference stays.
    (
        "'password' => env('DB_PASSWORD', 'S3cret!'),",
        "'password' => env('DB_PASSWORD', '[redacted]'),",
    ),
    (
        "token = os.getenv(\"TOKEN\", \"ghp_abc\")",
        "token = os.getenv(\"TOKEN\", \"[redacted]\")",
    ),
    (
        "secret = ENV.fetch('SECRET_KEY_BASE', 'abc123def')",
        "secret = ENV.fetch('SECRET_KEY_BASE', '[redacted]')",
    ),
    (
        "DB_PASSWORD=${DB_PASSWORD:-S3cret!}",
        "DB_PASSWORD=${DB_PASSWORD:-[redacted]}",
    ),
    (
        "      POSTGRES_PASSWORD: \"${POSTGRES_PASSWORD:-S3cret!}\"",
        "      POSTGRES_PASSWORD: \"${POSTGRES_PASSWORD:-[redacted]}\"",
    ),
    (
        "password: ${DB_PASSWORD:-S3cret!} # default",
        "password: ${DB_PASSWORD:-[redacted]} # default",
    ),
    // A call computing the value from a literal: the literal goes.
    (
        "password = str(\"S3cret!\")",
        "password = str(\"[redacted]\")",
    ),
    (
        "token = base64.b64decode(\"Z2hwX2FiYzEyMw==\")",
        "token = base64.b64decode(\"[redacted]\")",
    ),
    // Credentials given to calls by position: HTTP clients, LDAP binds, JDBC.
    (
        "requests.post(url, auth=(\"bob\", \"S3cret!\"))",
        "requests.post(url, auth=(\"bob\", \"[redacted]\"))",
    ),
    (
        "s.auth = HTTPBasicAuth('bob', 'S3cret!')",
        "s.auth = HTTPBasicAuth('bob', '[redacted]')",
    ),
    (
        "var c = new NetworkCredential(\"bob\", \"S3cret!\");",
        "var c = new NetworkCredential(\"bob\", \"[redacted]\");",
    ),
    (
        "conn.simple_bind_s(\"cn=admin,dc=example,dc=org\", \"S3cret!\")",
        "conn.simple_bind_s(\"cn=admin,dc=example,dc=org\", \"[redacted]\")",
    ),
    (
        "DriverManager.getConnection(url, \"app\", \"S3cret!\");",
        "DriverManager.getConnection(url, \"app\", \"[redacted]\");",
    ),
    (
        "curl -H \"DD-API-KEY: abc123def456\" -H \"DD-APPLICATION-KEY: def456abc123\" https://api.datadoghq.com",
        "curl -H \"DD-API-KEY: [redacted]\" -H \"DD-APPLICATION-KEY: [redacted]\" https://api.datadoghq.com",
    ),
    // Key-value stores' `put` under a secret's key, values read from a pipe, clear text given
    // to encryption, literals hashed by a template, enrolment keys.
    (
        "consul kv put secret/db/password S3cret!",
        "consul kv put secret/db/password [redacted]",
    ),
    (
        "etcdctl put /app/api_token abc123",
        "etcdctl put /app/api_token [redacted]",
    ),
    (
        "vercel env add API_KEY production <<< abc123",
        "vercel env add API_KEY production <<< [redacted]",
    ),
    (
        "ansible-vault encrypt_string --vault-id prod@prompt 'S3cret!' --name db_password",
        "ansible-vault encrypt_string --vault-id prod@prompt '[redacted]' --name db_password",
    ),
    (
        "ansible all -m user -a \"name=bob password={{ 'S3cret!' | password_hash('sha512') }}\"",
        "ansible all -m user -a \"name=bob password={{ '[redacted]' | password_hash('sha512') }}\"",
    ),
    (
        "netbird up --setup-key ABCDEF12-3456-7890-ABCD-EF1234567890",
        "netbird up --setup-key [redacted]",
    ),
    (
        "subscription-manager register --org 1234 --activation-key rhel-prod-key1",
        "subscription-manager register --org 1234 --activation-key [redacted]",
    ),
    // SQL Server's national strings after `PASSWORD =`; database shells' password options.
    (
        "ALTER LOGIN sa WITH PASSWORD = N'S3cret!';",
        "ALTER LOGIN sa WITH PASSWORD = N'[redacted]';",
    ),
    (
        "cypher-shell -u neo4j -p S3cret! -a bolt://db:7687",
        "cypher-shell -u neo4j -p [redacted] -a bolt://db:7687",
    ),
    (
        "vsql -U dbadmin -w S3cret!",
        "vsql -U dbadmin -w [redacted]",
    ),
    (
        "db2 connect to SAMPLE user db2inst1 using S3cret!",
        "db2 connect to SAMPLE user db2inst1 using [redacted]",
    ),
    // Invitations and links that log in by themselves.
    (
        "https://app.example.com/join?invite_code=ABC123&team=ops",
        "https://app.example.com/join?invite_code=[redacted]&team=ops",
    ),
    (
        "magic_link: https://app.example.com/login/abc123def456ghi789",
        "magic_link: [redacted]",
    ),
    // Calls setting a named value whose name is a secret's.
    (
        "[Environment]::SetEnvironmentVariable(\"API_KEY\", \"abc123\", \"User\")",
        "[Environment]::SetEnvironmentVariable(\"API_KEY\", \"[redacted]\", \"User\")",
    ),
    (
        "os.environ.setdefault(\"API_KEY\", \"abc123\")",
        "os.environ.setdefault(\"API_KEY\", \"[redacted]\")",
    ),
    (
        "os.Setenv(\"GITHUB_TOKEN\", \"abc123\")",
        "os.Setenv(\"GITHUB_TOKEN\", \"[redacted]\")",
    ),
    (
        "System.setProperty(\"db.password\", \"S3cret!\");",
        "System.setProperty(\"db.password\", \"[redacted]\");",
    ),
    (
        "localStorage.setItem('token', 'eyJabc')",
        "localStorage.setItem('token', '[redacted]')",
    ),
    // A map of secrets: every entry's value, its key kept.
    (
        "api_tokens:\n  ci: abc123def456\n  deploy: \"def456ghi789\"\nother: 1",
        "api_tokens:\n  ci: [redacted]\n  deploy: \"[redacted]\"\nother: 1",
    ),
    (
        "passwords:\n  admin: S3cret!\n  min_length: 8",
        "passwords:\n  admin: [redacted]\n  min_length: 8",
    ),
    // VyOS' and EdgeOS' keys, an ISAKMP keyring's key, OpenWrt's UCI options, strongSwan's key
    // passphrases.
    (
        "set interfaces wireguard wg0 private-key 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk='",
        "set interfaces wireguard wg0 private-key '[redacted]'",
    ),
    (
        "set vpn ipsec site-to-site peer 1.2.3.4 authentication pre-shared-secret S3cret!",
        "set vpn ipsec site-to-site peer 1.2.3.4 authentication pre-shared-secret [redacted]",
    ),
    (
        " pre-shared-key address 0.0.0.0 0.0.0.0 key S3cret!",
        " pre-shared-key address 0.0.0.0 0.0.0.0 key [redacted]",
    ),
    (
        "config wifi-iface 'default_radio0'\n\toption ssid 'Home'\n\toption encryption 'psk2'\n\toption key 'S3cret!'",
        "config wifi-iface 'default_radio0'\n\toption ssid 'Home'\n\toption encryption 'psk2'\n\toption key '[redacted]'",
    ),
    (
        "uci set wireless.default_radio0.key='S3cret!'",
        "uci set wireless.default_radio0.key='[redacted]'",
    ),
    (
        "wireless.default_radio0.ssid='Home'\nwireless.default_radio0.sae_password='S3cret!'",
        "wireless.default_radio0.ssid='Home'\nwireless.default_radio0.sae_password='[redacted]'",
    ),
    (
        ": RSA server.key \"S3cret!\"",
        ": RSA server.key \"[redacted]\"",
    ),
    // zsh's extended history, AWS session tokens, time-stamped and announced passwords.
    (
        ": 1700000000:0;sshpass -p S3cret! ssh h",
        ": 1700000000:0;sshpass -p [redacted] ssh h",
    ),
    (
        "CREDENTIALS\tASIAIOSFODNN7EXAMPLE\t2026-12-02T20:00:00Z\twJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\tFwoGZXIvYXdzEJr//////////wEaDHabcdefghijklmnop",
        "CREDENTIALS\t[redacted]\t2026-12-02T20:00:00Z\t[redacted]\t[redacted]",
    ),
    (
        "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD",
        "[redacted]",
    ),
    (
        "2026-12-02T10:00:00.123456Z 6 [Note] [MY-010454] [Server] A temporary password is generated for root@localhost: aB3#dE5&fG7",
        "2026-12-02T10:00:00.123456Z 6 [Note] [MY-010454] [Server] A temporary password is generated for root@localhost: [redacted]",
    ),
    (
        "Please use the following password to proceed to installation:\n\n8f3a9c2e7b1d4f6a0c5e9b2d7a1f3c8e\n\nThis may also be found at: /var/lib/jenkins/secrets/initialAdminPassword",
        "Please use the following password to proceed to installation:\n\n[redacted]\n\nThis may also be found at: /var/lib/jenkins/secrets/initialAdminPassword",
    ),
    (
        "Password for the [elastic] user successfully reset.\nNew value: abcDEF123ghiJKL",
        "Password for the [elastic] user successfully reset.\nNew value: [redacted]",
    ),
    // A session cookie by name and value (a HAR file, a browser's cookie export).
    (
        "{\"name\": \"connect.sid\", \"value\": \"s%3AaBcD1234efGh5678.ijKLmn0pQrsTuvWXyz\", \"domain\": \"app.example.com\"}",
        "{\"name\": \"connect.sid\", \"value\": \"[redacted]\", \"domain\": \"app.example.com\"}",
    ),
    // More vendors' key formats: Tencent Cloud, Volcengine, Google Cloud Storage HMAC ids,
    // Discord MFA tokens, Grafana's legacy API keys, Flutterwave, Twitter bearer tokens.
    (
        "TENCENTCLOUD_SECRET_ID=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLEab tccli cvm DescribeInstances",
        "TENCENTCLOUD_SECRET_ID=[redacted] tccli cvm DescribeInstances",
    ),
    (
        "AKLTYmFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6MDEyMzQ1Njc4OQ",
        "[redacted]",
    ),
    (
        "gsutil hmac list: GOOG1EXAMPLEABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEF ACTIVE",
        "gsutil hmac list: [redacted] ACTIVE",
    ),
    (
        "mfa.abcdefghijklmnopqrstuvwxyz0123456789_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef",
        "[redacted]",
    ),
    (
        "grafana key: eyJrIjoiYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoiLCJuIjoieCIsImlkIjoxfQ==",
        "grafana key: [redacted]",
    ),
    ("FLWSECK-0123456789abcdef0123456789abcdef-X", "[redacted]"),
    (
        "AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F",
        "[redacted]",
    ),
    // An `expect { ... }` block's branch for a password prompt.
    (
        "expect {\n  \"*assword:\" { send \"S3cret!\\r\"; exp_continue }\n  \"yes/no\" { send \"yes\\r\"; exp_continue }\n  eof\n}",
        "expect {\n  \"*assword:\" { send \"[redacted]\"; exp_continue }\n  \"yes/no\" { send \"yes\\r\"; exp_continue }\n  eof\n}",
    ),
    (
        "  -re \"(P|p)assword\" { send -- \"S3cret!\\n\" }",
        "  -re \"(P|p)assword\" { send -- \"[redacted]\" }",
    ),
    // A proxy's login without a scheme, a client certificate's passphrase, mycli's password.
    (
        "curl -x bob:S3cret!@proxy:3128 https://x",
        "curl -x bob:[redacted]@proxy:3128 https://x",
    ),
    (
        "curl --proxy bob:S3cret!@proxy:3128 https://x",
        "curl --proxy bob:[redacted]@proxy:3128 https://x",
    ),
    (
        "curl --cert client.pem:S3cret! https://x",
        "curl --cert client.pem:[redacted] https://x",
    ),
    ("mycli -u bob -pS3cret! db", "mycli -u bob -p[redacted] db"),
    // A JSON Web Token's literal signing key.
    (
        "token = jwt.encode(payload, \"S3cretKey\", algorithm=\"HS256\")",
        "token = jwt.encode(payload, \"[redacted]\", algorithm=\"HS256\")",
    ),
    (
        "const t = jwt.sign({id: 1}, 'S3cretKey', { expiresIn: '1h' })",
        "const t = jwt.sign({id: 1}, '[redacted]', { expiresIn: '1h' })",
    ),
    ("PASSWORD=abc[xyz", "PASSWORD=[redacted]"),
    // One-line expect scripts: each answer to a password prompt goes, nothing around it, also
    // with escaped quotes inside `expect -c "..."`.
    (
        "expect -c 'spawn ssh x; expect \"assword:\"; send \"pw\\r\"'",
        "expect -c 'spawn ssh x; expect \"assword:\"; send \"[redacted]\"'",
    ),
    (
        "expect -c 'spawn ssh root@h; expect \"password:\"; send \"S3cret!\\r\"; interact'",
        "expect -c 'spawn ssh root@h; expect \"password:\"; send \"[redacted]\"; interact'",
    ),
    (
        "expect \"Password:\" { send \"S3cret!\\r\" }",
        "expect \"Password:\" { send \"[redacted]\" }",
    ),
    (
        "expect -c \"spawn ssh x; expect \\\"assword:\\\"; send \\\"pw\\\\r\\\"; expect eof\"",
        "expect -c \"spawn ssh x; expect \\\"assword:\\\"; send \\\"[redacted]\\\"; expect eof\"",
    ),
    (
        "expect -c 'spawn passwd; expect \"New password:\"; send \"N3wPass!\\r\"; expect \"Retype new password:\"; send \"N3wPass!\\r\"; expect eof'",
        "expect -c 'spawn passwd; expect \"New password:\"; send \"[redacted]\"; expect \"Retype new password:\"; send \"[redacted]\"; expect eof'",
    ),
    // Tenth round: prefixed string literals keep their prefix and quotes.
    ("password = b\"hunter2\"", "password = b\"[redacted]\""),
    ("password = r'hunter2'", "password = r'[redacted]'"),
    ("secret = u\"hunter2\"", "secret = u\"[redacted]\""),
    ("token = f\"abc{suffix}def\"", "token = f\"[redacted]\""),
    ("api_key = br'rawbytes9'", "api_key = br'[redacted]'"),
    (
        "API_TOKEN = Rb\"Zm9vYmFy9\"",
        "API_TOKEN = Rb\"[redacted]\"",
    ),
    ("{'password': b'hunter2'}", "{'password': b'[redacted]'}"),
    // Declared types between a name and its literal.
    (
        "let token: String = \"abc123def456\".into();",
        "let token: String = \"[redacted]\".into();",
    ),
    (
        "val password: String = \"hunter2\"",
        "val password: String = \"[redacted]\"",
    ),
    (
        "    db_password: Optional[str] = \"hunter2\"",
        "    db_password: Optional[str] = \"[redacted]\"",
    ),
    (
        "  apiKey: string = 'abc123def'",
        "  apiKey: string = '[redacted]'",
    ),
    (
        "var apiKey string = \"abc123def456\"",
        "var apiKey string = \"[redacted]\"",
    ),
    (
        "const DBPassword string = `s3cr3t!`",
        "const DBPassword string = `[redacted]`",
    ),
    // Vendors' credential headers named `...-Key`.
    (
        "X-Appwrite-Key: 919c2d18fb5d4e4b7a3f",
        "X-Appwrite-Key: [redacted]",
    ),
    (
        "curl -H \"X-Appwrite-Key: 919c2d18fb5d4e4b7a3f\" https://cloud.appwrite.io/v1",
        "curl -H \"X-Appwrite-Key: [redacted]\" https://cloud.appwrite.io/v1",
    ),
    ("Fastly-Key: abcdef0123456789", "Fastly-Key: [redacted]"),
    ("x-tenant-key: t3nantK3y99", "x-tenant-key: [redacted]"),
    (
        "X-Amz-Server-Side-Encryption-Customer-Key: c2VjcmV0a2V5MTIzNDU2Nzg5MA==",
        "X-Amz-Server-Side-Encryption-Customer-Key: [redacted]",
    ),
    (
        "{\"X-Appwrite-Key\": \"919c2d18fb5d4e4b\"}",
        "{\"X-Appwrite-Key\": \"[redacted]\"}",
    ),
    // Query parameters that are keys or signatures under plain names.
    (
        "GET https://api.openweathermap.org/data/2.5/weather?q=Paris&appid=8a7d6c5b4a3f2e1d9c8b7a6f5e4d3c2b",
        "GET https://api.openweathermap.org/data/2.5/weather?q=Paris&appid=[redacted]",
    ),
    (
        "https://api.map.baidu.com/geocoder?ak=E4805d16520de693a3fe707cdc962045&output=json",
        "https://api.map.baidu.com/geocoder?ak=[redacted]&output=json",
    ),
    (
        "https://x.example/req?oauth_consumer_key=app&oauth_signature=Zm9vYmFy%3D&oauth_nonce=1",
        "https://x.example/req?oauth_consumer_key=[redacted]&oauth_signature=[redacted]&oauth_nonce=1",
    ),
    (
        "https://ws.audioscrobbler.com/2.0/?method=auth.getSession&api_sig=0123456789abcdef0123",
        "https://ws.audioscrobbler.com/2.0/?method=auth.getSession&api_sig=[redacted]",
    ),
    (
        "https://graph.example.com/oauth?client_id=123&app_secret=abcd1234ef&x=1",
        "https://graph.example.com/oauth?client_id=123&app_secret=[redacted]&x=1",
    ),
    // Maps of passwords and credentials, nested or in flow style.
    (
        "passwords:\n  users: {alice: s3cr3t, bob: \"hunter22\"}",
        "passwords:\n  users: {alice: [redacted], bob: \"[redacted]\"}",
    ),
    (
        "passwords:\n  users:\n    alice: s3cr3t\n    bob: hunter22\nport: 8080",
        "passwords:\n  users:\n    alice: [redacted]\n    bob: [redacted]\nport: 8080",
    ),
    (
        "credentials:\n  users:\n    alice: s3cr3t",
        "credentials:\n  users:\n    alice: [redacted]",
    ),
    (
        "credentials:\n  username: deploy\n  type: basic\n  deploy: Pa55word",
        "credentials:\n  username: deploy\n  type: basic\n  deploy: [redacted]",
    ),
    (
        "creds:\n  admin: {password: Adm1n!}",
        "creds:\n  admin: {password: [redacted]}",
    ),
    // A Kubernetes Secret's data printed without its kind.
    (
        "{\"data\": {\"password\": \"c2VjcmV0\", \"api-token\": \"dG9rZW4=\"}}",
        "{\"data\": {\"password\": \"[redacted]\", \"api-token\": \"[redacted]\"}}",
    ),
    // Network devices: clear-text keys of first-hop redundancy, NHRP, SNMP hosts, FortiGate.
    (
        "interface Gi0/1\n standby 1 authentication text HsrpK3y\n vrrp 2 authentication text VrrpK3y",
        "interface Gi0/1\n standby 1 authentication text [redacted]\n vrrp 2 authentication text [redacted]",
    ),
    (
        " authentication text PlainKey",
        " authentication text [redacted]",
    ),
    (
        " standby 1 authentication md5 key-string 7 0822455D0A16",
        " standby 1 authentication md5 key-string 7 [redacted]",
    ),
    (
        " ip nhrp authentication NhrpK3y",
        " ip nhrp authentication [redacted]",
    ),
    (
        "snmp-server host 10.0.0.1 version 2c S3cretComm",
        "snmp-server host 10.0.0.1 version 2c [redacted]",
    ),
    (
        "snmp-server host 10.0.0.1 traps version 1 publ1cC",
        "snmp-server host 10.0.0.1 traps version 1 [redacted]",
    ),
    (
        "config system admin\n    edit \"admin\"\n        set auth-password S3cr3t\n    next",
        "config system admin\n    edit \"admin\"\n        set auth-password [redacted]\n    next",
    ),
    (
        "enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0",
        "enable secret 5 [redacted]",
    ),
    (
        " ip ospf message-digest-key 1 md5 Md5Key9",
        " ip ospf message-digest-key 1 md5 [redacted]",
    ),
    // Logins by position: the password is the third argument.
    (
        "mysql_connect(\"localhost\", \"root\", \"Secr3t\");",
        "mysql_connect(\"localhost\", \"root\", \"[redacted]\");",
    ),
    (
        "$db = mysqli_connect($host, 'app', 'Secr3t', 'shop');",
        "$db = mysqli_connect($host, 'app', '[redacted]', 'shop');",
    ),
    (
        "$db = new mysqli('localhost', 'app', 'Secr3t', 'shop', 3306);",
        "$db = new mysqli('localhost', 'app', '[redacted]', 'shop', 3306);",
    ),
    (
        "new PDO(\"mysql:host=db;dbname=app\", \"root\", \"Secr3t\");",
        "new PDO(\"mysql:host=db;dbname=app\", \"root\", \"[redacted]\");",
    ),
    (
        "conn = pymysql.connect(\"db\", \"root\", \"Secr3t\", \"app\")",
        "conn = pymysql.connect(\"db\", \"root\", \"[redacted]\", \"app\")",
    ),
    (
        "db = MySQLdb.connect('db', 'root', 'Secr3t', 'app')",
        "db = MySQLdb.connect('db', 'root', '[redacted]', 'app')",
    ),
    // A named value inserted into a map.
    (
        "map.insert(\"api_key\".to_string(), \"abc123\".to_string());",
        "map.insert(\"api_key\".to_string(), \"[redacted]\".to_string());",
    ),
    (
        "params.insert(\"password\", \"Secr3t\");",
        "params.insert(\"password\", \"[redacted]\");",
    ),
    // A header's value written as a prefixed literal.
    (
        "headers = {\"Authorization\": f\"Bearer abc123def456\"}",
        "headers = {\"Authorization\": f\"Bearer [redacted]\"}",
    ),
    // Tables whose header names a column of secrets.
    (
        "ID\t\t\tDescription\tToken\t\t\t\tUser Name\tUser ID\t\t\tPermissions\n0a1b2c3d4e5f6071\t\tabcDEF123ghiJKL456mnoPQR789stuVWX012yzA345bcdEF678ghiJKL901mnoPQR==\tadmin\t0a1b2c3d4e5f6072\t[read:orgs]",
        "ID\t\t\tDescription\tToken\t\t\t\tUser Name\tUser ID\t\t\tPermissions\n0a1b2c3d4e5f6071\t\t[redacted]\tadmin\t0a1b2c3d4e5f6072\t[read:orgs]",
    ),
    (
        "TOKEN                     TTL         EXPIRES                USAGES\nabcdef.0123456789abcdef   23h         2026-12-04T00:00:00Z   authentication,signing\nzyxwvu.abcdef0123456789   <forever>   <never>                authentication",
        "TOKEN                     TTL         EXPIRES                USAGES\n[redacted]   23h         2026-12-04T00:00:00Z   authentication,signing\n[redacted]   <forever>   <never>                authentication",
    ),
    (
        "+----------------------------------+----------------------------------+\n| Access                           | Secret                           |\n+----------------------------------+----------------------------------+\n| 1b2c3d4e5f60718293a4b5c6d7e8f901 | 9f8e7d6c5b4a39281706f5e4d3c2b1a0 |\n+----------------------------------+----------------------------------+",
        "+----------------------------------+----------------------------------+\n| Access                           | Secret                           |\n+----------------------------------+----------------------------------+\n| 1b2c3d4e5f60718293a4b5c6d7e8f901 | [redacted]                       |\n+----------------------------------+----------------------------------+",
    ),
    (
        "| User | Password |\n|------|----------|\n| bob  | hunter2  |",
        "| User | Password |\n|------|----------|\n| bob  | [redacted]|",
    ),
    // Multi-line values under secret names: heredocs and triple quotes.
    (
        "variable \"x\" {}\ndb_password = <<EOT\nSecr3t!\nEOT\nregion = \"eu\"",
        "variable \"x\" {}\ndb_password = <<EOT\n[redacted]\nEOT\nregion = \"eu\"",
    ),
    (
        "  password = <<-EOF\n    Secr3t!\n  EOF",
        "  password = <<-EOF\n    [redacted]\n  EOF",
    ),
    (
        "SECRET_KEY = <<~KEY\n  abc123\n  def456\nKEY",
        "SECRET_KEY = <<~KEY\n  [redacted]\n  [redacted]\nKEY",
    ),
    (
        "[auth]\ntoken = \"\"\"\nabc123def\n\"\"\"\nuser = \"bob\"",
        "[auth]\ntoken = \"\"\"\n[redacted]\n\"\"\"\nuser = \"bob\"",
    ),
    (
        "API_KEY = '''\nabc123def'''",
        "API_KEY = '''\n[redacted]'''",
    ),
    // More programs' password options and operands.
    ("rman target sys/Secr3t@db", "rman target sys/[redacted]@db"),
    (
        "rman target / catalog rco/Secr3t@cat",
        "rman target / catalog rco/[redacted]@cat",
    ),
    (
        "neo4j-admin dbms set-initial-password Secr3t",
        "neo4j-admin dbms set-initial-password [redacted]",
    ),
    (
        "youtube-dl -u bob -p Secr3t url",
        "youtube-dl -u bob -p [redacted] url",
    ),
    ("p4 -u bob -P Secr3t sync", "p4 -u bob -P [redacted] sync"),
    (
        "memtier_benchmark -s r -a Secr3t",
        "memtier_benchmark -s r -a [redacted]",
    ),
    // Chat bots' webhooks and more vendors' tokens by their prefixes.
    (
        "curl -X POST https://open.feishu.cn/open-apis/bot/v2/hook/0123abcd-4567-89ef-0123-456789abcdef -d '{}'",
        "curl -X POST https://open.feishu.cn/open-apis/bot/v2/hook/[redacted] -d '{}'",
    ),
    (
        "webhook: https://open.larksuite.com/open-apis/bot/v2/hook/8f3a2b1c-9d8e-4f7a-b6c5-d4e3f2a1b0c9",
        "webhook: https://open.larksuite.com/open-apis/bot/v2/hook/[redacted]",
    ),
    (
        "LINEAR lin_oauth_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "LINEAR [redacted]",
    ),
    (
        "easypost EZAK0123456789abcdef0123456789abcdef0123456789abcdef012345 ok",
        "easypost [redacted] ok",
    ),
    (
        "easypost EZTK0123456789abcdef0123456789abcdef0123456789abcdef012345",
        "easypost [redacted]",
    ),
    // Commands that print a credential they fetch or generate.
    (
        "$ argocd admin initial-password -n argocd\nXy7ABCdefGHIjkl\n\n This password must be only used for first time login.\n$ ls",
        "$ argocd admin initial-password -n argocd\n[redacted]\n\n[redacted]\n$ ls",
    ),
    (
        "$ aws ssm get-parameter --name /app/db --with-decryption --query Parameter.Value --output text\nSecr3tValue9\n$ ls",
        "$ aws ssm get-parameter --name /app/db --with-decryption --query Parameter.Value --output text\n[redacted]\n$ ls",
    ),
    (
        "$ keepassxc-cli show -s db.kdbx github\nTitle: github\nPassword: Secr3tValue9\n$ ls",
        "$ keepassxc-cli show -s db.kdbx github\n[redacted]\n[redacted]\n$ ls",
    ),
    (
        "$ consul keygen\npUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=",
        "$ consul keygen\n[redacted]",
    ),
    (
        "$ bin/rails secret\n0123456789abcdef0123456789abcdef",
        "$ bin/rails secret\n[redacted]",
    ),
    (
        "$ python3 -c \"import secrets; print(secrets.token_hex(32))\"\n0123456789abcdef0123456789abcdef",
        "$ python3 -c \"import secrets; print(secrets.token_hex(32))\"\n[redacted]",
    ),
    (
        "$ head -c 32 /dev/urandom | base64\nZm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy",
        "$ head -c 32 /dev/urandom | base64\n[redacted]",
    ),
    (
        "$ tr -dc A-Za-z0-9 </dev/urandom | head -c 20; echo\nq8WzK2mP4xR7vN1bT5yL",
        "$ tr -dc A-Za-z0-9 </dev/urandom | head -c 20; echo\n[redacted]",
    ),
    (
        "grafana-cli admin reset-admin-password N3wPass!",
        "grafana-cli admin reset-admin-password [redacted]",
    ),
    // Entries whose name and value are two fields, in every spelling APIs use, and values
    // their format marks as secret.
    (
        "{\"variable\": \"DB_PASSWORD\", \"value\": \"Secr3t\"}",
        "{\"variable\": \"DB_PASSWORD\", \"value\": \"[redacted]\"}",
    ),
    (
        "{\"ParameterKey\": \"DBPassword\", \"ParameterValue\": \"Secr3t\"}",
        "{\"ParameterKey\": \"DBPassword\", \"ParameterValue\": \"[redacted]\"}",
    ),
    (
        "{\"Namespace\": \"aws:elasticbeanstalk:application:environment\", \"OptionName\": \"DB_PASSWORD\", \"Value\": \"Secr3t\"}",
        "{\"Namespace\": \"aws:elasticbeanstalk:application:environment\", \"OptionName\": \"DB_PASSWORD\", \"Value\": \"[redacted]\"}",
    ),
    (
        "{\"id\": \"x\", \"secret\": true, \"value\": \"Secr3t\"}",
        "{\"id\": \"x\", \"secret\": true, \"value\": \"[redacted]\"}",
    ),
    (
        "{\"type\": \"CONCEALED\", \"label\": \"pin\", \"value\": \"4821\"}",
        "{\"type\": \"CONCEALED\", \"label\": \"pin\", \"value\": \"[redacted]\"}",
    ),
    (
        "{\"id\": \"f1\", \"purpose\": \"PASSWORD\", \"label\": \"login\", \"value\": \"Secr3t\"}",
        "{\"id\": \"f1\", \"purpose\": \"PASSWORD\", \"label\": \"login\", \"value\": \"[redacted]\"}",
    ),
    (
        "{\"key\": \"DEPLOY\", \"value\": \"abc123def\", \"masked\": true}",
        "{\"key\": \"DEPLOY\", \"value\": \"[redacted]\", \"masked\": true}",
    ),
    (
        "{\n    \"Parameter\": {\n        \"Name\": \"/app/db\",\n        \"Type\": \"SecureString\",\n        \"Value\": \"Secr3t\",\n        \"Version\": 3\n    }\n}",
        "{\n    \"Parameter\": {\n        \"Name\": \"/app/db\",\n        \"Type\": \"SecureString\",\n        \"Value\": \"[redacted]\",\n        \"Version\": 3\n    }\n}",
    ),
    (
        "        {\n          \"name\": \"API_TOKEN\",\n          \"value\": \"abc123def\"\n        },",
        "        {\n          \"name\": \"API_TOKEN\",\n          \"value\": \"[redacted]\"\n        },",
    ),
    (
        "variables:\n- key: DEPLOY_TOKEN\n  value: abc123def\n- key: MODE\n  value: prod",
        "variables:\n- key: DEPLOY_TOKEN\n  value: [redacted]\n- key: MODE\n  value: prod",
    ),
    (
        "- Name: DB_PASSWORD\n  Value: Secr3t",
        "- Name: DB_PASSWORD\n  Value: [redacted]",
    ),
    (
        "Parameters:\n  - ParameterKey: DBPassword\n    ParameterValue: Secr3t",
        "Parameters:\n  - ParameterKey: DBPassword\n    ParameterValue: [redacted]",
    ),
    (
        "  set {\n    name  = \"auth.password\"\n    value = \"Secr3t\"\n  }\n  set {\n    name  = \"replicaCount\"\n    value = \"2\"\n  }",
        "  set {\n    name  = \"auth.password\"\n    value = \"[redacted]\"\n  }\n  set {\n    name  = \"replicaCount\"\n    value = \"2\"\n  }",
    ),
    (
        "  env {\n    name  = \"DB_PASSWORD\"\n    value = \"Secr3t\"\n  }",
        "  env {\n    name  = \"DB_PASSWORD\"\n    value = \"[redacted]\"\n  }",
    ),
    (
        "aws cloudformation create-stack --parameters ParameterKey=DBPassword,ParameterValue=Secr3t ParameterKey=Env,ParameterValue=prod",
        "aws cloudformation create-stack --parameters ParameterKey=DBPassword,ParameterValue=[redacted] ParameterKey=Env,ParameterValue=prod",
    ),
    (
        "aws elasticbeanstalk update-environment --option-settings Namespace=aws:elasticbeanstalk:application:environment,OptionName=API_TOKEN,Value=abc123",
        "aws elasticbeanstalk update-environment --option-settings Namespace=aws:elasticbeanstalk:application:environment,OptionName=API_TOKEN,Value=[redacted]",
    ),
    (
        "<key>password</key>\n<string>Secr3t</string>",
        "<key>password</key>\n<string>[redacted]</string>",
    ),
    (
        "<key>APIToken</key><string>abc123def</string>",
        "<key>APIToken</key><string>[redacted]</string>",
    ),
    (
        "<setting name=\"Password\" serializeAs=\"String\">\n  <value>Secr3t</value>\n</setting>",
        "<setting name=\"Password\" serializeAs=\"String\">\n  <value>[redacted]</value>\n</setting>",
    ),
    (
        "netlify env:set API_TOKEN abc123",
        "netlify env:set API_TOKEN [redacted]",
    ),
    // A secret's noun followed by a generated value, in logs and messages.
    (
        "Dec  1 10:00:00 host app[123]: connecting with token 9fK2mQ7xLw3RtY8pZ4vN",
        "Dec  1 10:00:00 host app[123]: connecting with token [redacted]",
    ),
    (
        "INFO using api key 8f3a9c2e1d4b5a6f7e8d9c0b1a2f3e4d",
        "INFO using api key [redacted]",
    ),
    (
        "Generated secret q8WzK2mP4xR7vN1bT5yL for client web",
        "Generated secret [redacted] for client web",
    ),
    (
        "pdftk in.pdf output out.pdf owner_pw Own3rPw user_pw Us3rPw",
        "pdftk in.pdf output out.pdf owner_pw [redacted] user_pw [redacted]",
    ),
    // A wallet's words under a label of words, and encrypted web tokens.
    (
        "seed phrase: legal winner thank year wave sausage worth useful legal winner thank yellow",
        "seed phrase: [redacted]",
    ),
    (
        "Your secret recovery phrase is: legal winner thank year wave sausage worth useful legal winner thank yellow",
        "Your secret recovery phrase is: [redacted]",
    ),
    (
        "Cookie: jwe=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..6ZQ3.m2Rk1.ZmDq",
        "Cookie: [redacted]",
    ),
    (
        "token eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZ.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ",
        "token [redacted]",
    ),
    // More names of keys: qualified by their vendor or use, or by an encryption anywhere.
    ("OVH_CONSUMER_KEY=ck0a1b2c3d", "OVH_CONSUMER_KEY=[redacted]"),
    ("COSIGN_KEY=cosignK3y", "COSIGN_KEY=[redacted]"),
    (
        "CYPRESS_RECORD_KEY=rec0rdK3y",
        "CYPRESS_RECORD_KEY=[redacted]",
    ),
    ("KAGGLE_KEY=0123abcd", "KAGGLE_KEY=[redacted]"),
    (
        "SUPABASE_SERVICE_ROLE_KEY=eyJhbGciOiJIUzI1NiJ9",
        "SUPABASE_SERVICE_ROLE_KEY=[redacted]",
    ),
    (
        "LAUNCHDARKLY_SDK_KEY=sdk-0a1b2c3d",
        "LAUNCHDARKLY_SDK_KEY=[redacted]",
    ),
    (
        "ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY=EGY8WhulUOXixybod7ZWwMIL68R9o5kC",
        "ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY=[redacted]",
    ),
    (
        "VAULT_DEV_ROOT_TOKEN_ID=myroot",
        "VAULT_DEV_ROOT_TOKEN_ID=[redacted]",
    ),
    ("SMTPPassword Secr3t", "SMTPPassword [redacted]"),
    // SQL inserts by column, R's assignment, a template's literal default.
    (
        "INSERT INTO users (name, password) VALUES ('bob', 'Secr3t');",
        "INSERT INTO users (name, password) VALUES ('bob', '[redacted]');",
    ),
    (
        "insert into accounts (email, api_token, role) values ('a@x', 'tok3n', 'admin'), ('b@x', 'tok4n', 'user')",
        "insert into accounts (email, api_token, role) values ('a@x', '[redacted]', 'admin'), ('b@x', '[redacted]', 'user')",
    ),
    (
        "mysql -e \"INSERT INTO creds (\\`user\\`, \\`secret\\`) VALUES ('svc', 'S3cr,et')\"",
        "mysql -e \"INSERT INTO creds (\\`user\\`, \\`secret\\`) VALUES ('svc', '[redacted]')\"",
    ),
    ("password <- \"Secr3t\"", "password <- \"[redacted]\""),
    (
        "password: \"{{ lookup('env', 'DB_PASSWORD') | default('Secr3t') }}\"",
        "password: \"{{ lookup('env', 'DB_PASSWORD') | default('[redacted]') }}\"",
    ),
    (
        "db_password: \"{{ vault_db_password | d('Fallb4ck') }}\"",
        "db_password: \"{{ vault_db_password | d('[redacted]') }}\"",
    ),
    // Argument vectors written as text: flow lists and YAML block lists.
    (
        "CMD [\"redis-server\", \"--requirepass\", \"Secr3t\"]",
        "CMD [\"redis-server\", \"--requirepass\", \"[redacted]\"]",
    ),
    (
        "args: [\"--token\", \"abc123def\", \"--port\", \"8080\"]",
        "args: [\"--token\", \"[redacted]\", \"--port\", \"8080\"]",
    ),
    (
        "{\"params\": [\"--password\", \"Secr3t\"]}",
        "{\"params\": [\"--password\", \"[redacted]\"]}",
    ),
    (
        "        args:\n        - --db-password\n        - Secr3t\n        - --port\n        - \"8080\"",
        "        args:\n        - --db-password\n        - [redacted]\n        - --port\n        - \"8080\"",
    ),
    (
        "        command:\n          - mysql\n          - -uroot\n          - -pSecr3t",
        "        command:\n          - mysql\n          - -uroot\n          - -p[redacted]",
    ),
    (
        "  containerArgs:\n    - \"--api-key\"\n    - \"abc123def\"",
        "  containerArgs:\n    - \"--api-key\"\n    - \"[redacted]\"",
    ),
    (
        "command: ['vault', 'login', 'hvs.CAESIabc123']",
        "command: ['vault', 'login', '[redacted]']",
    ),
    // Basic logins anywhere when their base64 decodes to `user:password`; a shell-escaped blank
    // after a scheme.
    (
        "Authorization: Bearer abc123def456, Basic Ym9iOnBhc3M=",
        "Authorization: Bearer [redacted], Basic [redacted]",
    ),
    (
        "upstream sent basic Ym9iOlNlY3IzdA== to 10.0.0.5",
        "upstream sent basic [redacted] to 10.0.0.5",
    ),
    (
        "curl -H Authorization:Bearer\\ abc123def456 https://x",
        "curl -H Authorization:Bearer\\ [redacted] https://x",
    ),
    // Web servers' and PHP-FPM's settings of a named value.
    (
        "fastcgi_param DB_PASSWORD Secr3t;",
        "fastcgi_param DB_PASSWORD [redacted];",
    ),
    (
        "    uwsgi_param API_TOKEN abc123;",
        "    uwsgi_param API_TOKEN [redacted];",
    ),
    ("SetEnv DB_PASSWORD Secr3t", "SetEnv DB_PASSWORD [redacted]"),
    ("env[DB_PASSWORD] = Secr3t", "env[DB_PASSWORD] = [redacted]"),
    (
        "php_admin_value[mysqli.default_pw] = Secr3t",
        "php_admin_value[mysqli.default_pw] = [redacted]",
    ),
    // Stores' reads of a key named for a secret, and tools asked to show their secrets.
    (
        "$ consul kv get secret/db/password\nSecr3tValue9\n$ ls",
        "$ consul kv get secret/db/password\n[redacted]\n$ ls",
    ),
    (
        "$ etcdctl get /app/api_token\n/app/api_token\nabc123def456XYZ\n$ ls",
        "$ etcdctl get /app/api_token\n[redacted]\n[redacted]\n$ ls",
    ),
    (
        "$ redis-cli GET api_token\n\"abc123def456XYZ\"",
        "$ redis-cli GET api_token\n[redacted]",
    ),
    (
        "$ pulumi stack output dbPassword --show-secrets\nSecr3tValue9",
        "$ pulumi stack output dbPassword --show-secrets\n[redacted]",
    ),
    (
        "$ op item get github --fields label=password --reveal\nSecr3tValue9",
        "$ op item get github --fields label=password --reveal\n[redacted]",
    ),
    // Wi-Fi keys as Windows and NetworkManager print them.
    (
        "$ netsh wlan show profile name=Home key=clear\n    Key Content            : Secr3tWifi",
        "$ netsh wlan show profile name=Home key=clear\n    Key Content            : [redacted]",
    ),
    (
        "    Pre-shared key      : Secr3tWifi",
        "    Pre-shared key      : [redacted]",
    ),
    (
        "$ nmcli -s -g 802-11-wireless-security.psk connection show Home\nSecr3tWifi",
        "$ nmcli -s -g 802-11-wireless-security.psk connection show Home\n[redacted]",
    ),
    // Private keys dumped as numbers by `openssl ... -text`.
    (
        "Private-Key: (2048 bit, 2 primes)\nmodulus:\n    00:c3:a1:ff:10\npublicExponent: 65537 (0x10001)\nprivateExponent:\n    2b:9e:11:04:\n    7a:0c\nprime1:\n    00:f1:3c\nprime2:\n    00:d9:8a\nexponent1:\n    51:22\nexponent2:\n    0e:7f\ncoefficient:\n    44:90",
        "Private-Key: (2048 bit, 2 primes)\nmodulus:\n    00:c3:a1:ff:10\npublicExponent: 65537 (0x10001)\nprivateExponent:\n    [redacted]\n    [redacted]\nprime1:\n    [redacted]\nprime2:\n    [redacted]\nexponent1:\n    [redacted]\nexponent2:\n    [redacted]\ncoefficient:\n    [redacted]",
    ),
    (
        "ED25519 Private-Key:\npriv:\n    4c:2e:1a:99:00:aa:bb:cc:dd:ee:ff:11:22:33:44:55:\n    66:77:88:99:aa:bb:cc:dd:ee:ff:11:22:33:44:55:66\npub:\n    d7:5a:98:01",
        "ED25519 Private-Key:\npriv:\n    [redacted]\n    [redacted]\npub:\n    d7:5a:98:01",
    ),
    // OpenSSL's literal pass phrases stay hidden beside its pass-phrase sources.
    (
        "openssl rsa -in k.pem -passin pass:hunter2 -passout env:OUT_PASS",
        "openssl rsa -in k.pem -passin [redacted] -passout env:OUT_PASS",
    ),
    // Rows of tables naming a secret in their first cell: psql's row alone (tuples only, no
    // rule above), and wider tables whose further columns say more about the setting.
    (" password | Passw0rd1", " password | [redacted]"),
    (
        " usename  | bob\n password | Passw0rd1",
        " usename  | bob\n password | [redacted]",
    ),
    (
        "| DB_PASSWORD | Passw0rd1 | required |",
        "| DB_PASSWORD | [redacted] | required |",
    ),
    (
        "│ api_token │ abc123XYZ │ yes │",
        "│ api_token │ [redacted] │ yes │",
    ),
    // A Twitch stream key alone, without its ingest URL.
    (
        "stream key: live_123456789_AbCdEfGhIjKlMnOpQrStUvWxYz12",
        "stream key: [redacted]",
    ),
    ("live_123456789_AbCdEfGhIjKlMnOpQrStUvWxYz12", "[redacted]"),
    // Only the secret of a line goes: the user before it, a default's value after it.
    (
        "rpcclient -U bob%Passw0rd1 10.0.0.1",
        "rpcclient -U bob%[redacted] 10.0.0.1",
    ),
    (
        "mysql --password ${PW:-hunter2} -u root",
        "mysql --password ${PW:-[redacted]} -u root",
    ),
    ("--password ${PW:-hunter2}", "--password ${PW:-[redacted]}"),
    ("echo ${PW:-hunter2}", "echo ${PW:-[redacted]}"),
    // A default without the colon, where the name and the default read as one word.
    ("echo ${TOKEN-hunter2}", "echo ${TOKEN-[redacted]}"),
    (
        "curl -H \"X-Token: ${API_TOKEN=hunter2}\" https://x",
        "curl -H \"X-Token: ${API_TOKEN=[redacted]}\" https://x",
    ),
    (
        "mysql --password \"${PW:=hunter2}\" -u root",
        "mysql --password \"${PW:=[redacted]}\" -u root",
    ),
    (
        "rpcclient -U DOM\\bob%Passw0rd1 -c enumdomusers 10.0.0.1",
        "rpcclient -U DOM\\bob%[redacted] -c enumdomusers 10.0.0.1",
    ),
    // In single quotes the reference is a literal: all of it goes.
    (
        "mysql --password '${PW:-hunter2}' -u root",
        "mysql --password '[redacted]' -u root",
    ),
    // Entries written value first (Kubernetes `env` lists, ECS environments): the name below
    // the value still names it.
    (
        "env:\n  - value: Passw0rd1\n    name: DB_PASSWORD\n  - name: DB_HOST\n    value: db1",
        "env:\n  - value: [redacted]\n    name: DB_PASSWORD\n  - name: DB_HOST\n    value: db1",
    ),
    (
        "- value: \"Passw0rd1\"\n  description: primary\n  name: API_TOKEN\n- value: info\n  name: LOG_LEVEL",
        "- value: \"[redacted]\"\n  description: primary\n  name: API_TOKEN\n- value: info\n  name: LOG_LEVEL",
    ),
    (
        "- value: |\n    line1\n    line2\n  name: SSH_PRIVATE_KEY\n- value: x",
        "- value: |\n    [redacted]\n    [redacted]\n  name: SSH_PRIVATE_KEY\n- value: x",
    ),
    (
        "[\n  {\n    \"value\": \"Passw0rd1\",\n    \"name\": \"API_TOKEN\"\n  }\n]",
        "[\n  {\n    \"value\": \"[redacted]\",\n    \"name\": \"API_TOKEN\"\n  }\n]",
    ),
    // A URL under a secret's name goes whole: a signature hidden in it first leaves no
    // bracket behind, and the query's later parameters go with it.
    ("WEBHOOK_URL=https://x/y?sig=abc", "WEBHOOK_URL=[redacted]"),
    (
        "WEBHOOK_URL=https://x/y?sig=abc&team=ops&ts=1700000000 # alerts",
        "WEBHOOK_URL=[redacted] # alerts",
    ),
    (
        "export ALERT_WEBHOOK=https://x/y?a=1;b=2",
        "export ALERT_WEBHOOK=[redacted]",
    ),
    (
        "WEBHOOK_URL=\"https://x/y?sig=abc&team=ops\"",
        "WEBHOOK_URL=\"[redacted]\"",
    ),
    (
        "WEBHOOK_URL=https://x/y?team=ops&ts=1, then restart",
        "WEBHOOK_URL=[redacted], then restart",
    ),
    (
        "WEBHOOK_URL=https://x/y?sig=abc, then restart",
        "WEBHOOK_URL=[redacted], then restart",
    ),
    (
        "open https://x.blob.core.windows.net/c/f?sv=2024&sig=abc%3D. Then retry",
        "open https://x.blob.core.windows.net/c/f?sv=2024&sig=[redacted]. Then retry",
    ),
    // `/proc/PID/environ` and `/proc/PID/cmdline` read raw: NUL between entries.
    (
        "DB_PASSWORD=hunter2\0PATH=/usr/bin\0API_TOKEN=abcdef123\0HOME=/root\0",
        "DB_PASSWORD=[redacted]\0PATH=/usr/bin\0API_TOKEN=[redacted]\0HOME=/root\0",
    ),
    (
        "/usr/bin/app\0--api-key\0abcdef123456\0--port\08080\0",
        "/usr/bin/app\0--api-key\0[redacted]\0--port\08080\0",
    ),
    // The same as `cat -v` and `less` show it, each NUL written `^@`: a value ends at its
    // `^@`, the entries after it stay.
    (
        "DB_PASSWORD=hunter2^@HOME=/root^@LANG=C.UTF-8^@USER=bob^@",
        "DB_PASSWORD=[redacted]^@HOME=/root^@LANG=C.UTF-8^@USER=bob^@",
    ),
    (
        "HOSTNAME=web1^@API_TOKEN=abc123XYZ^@TERM=xterm^@",
        "HOSTNAME=web1^@API_TOKEN=[redacted]^@TERM=xterm^@",
    ),
    (
        "/usr/bin/app^@--password^@s3cretpw^@--port^@80^@",
        "/usr/bin/app^@--password^@[redacted]^@--port^@80^@",
    ),
    (
        "password^@^@^@hunter2xyz^@^@user^@^@bob",
        "password^@^@^@[redacted]^@^@user^@^@bob",
    ),
    // A transcript's command that prints a process's environment: all it printed goes, the
    // entries after the first too.
    (
        "$ cat /proc/1/environ\nFOO=bar\0SOMETHING=Xk9mQ2vL8pR4\0\n$ echo done",
        "$ cat /proc/1/environ\n[redacted]\n$ echo done",
    ),
    // A secret's value continued below with backslashes (`systemd-creds encrypt --pretty`):
    // the encoded lines go, the continuations stay.
    (
        "[Service]\nSetCredentialEncrypted=db-pass: \\\n        k6iUCUh0RJCQyvL8k8q1UyAAAAABAAAADAAAABAAAAC1lFmbWAqWZ8dCCQkAAAAAgAAAA \\\n        AAAAAALACMA8AAAACAAAAAAfgAg9uNpGmj8LL2nHE0ixcycvM3XkpOCaf+9rwGscwmqRJ\nExecStart=/usr/bin/app",
        "[Service]\nSetCredentialEncrypted=[redacted] \\\n        [redacted] \\\n        [redacted]\nExecStart=/usr/bin/app",
    ),
    (
        "SetCredentialEncrypted=db: \\\n        AAAAALACMA8AAAACAAAAAAfgAg9uNpGmj8LL2nHE0ixcycvM3XkpOCaf+9rwGscwmqRJ \\\n        ZGhYUqw==",
        "SetCredentialEncrypted=[redacted] \\\n        [redacted] \\\n        [redacted]",
    ),
    (
        "DB_PASSWORD=hunter2 \\\n  /usr/local/bin/migrate \\\n  --host db1",
        "DB_PASSWORD=[redacted] \\\n  /usr/local/bin/migrate \\\n  --host db1",
    ),
    // A user's key of a notification service.
    (
        "PUSHOVER_USER_KEY=uQiRzpo4DXghDmr9QzzfQu27cmVRsG",
        "PUSHOVER_USER_KEY=[redacted]",
    ),
    ("--user-key abc123def456", "--user-key [redacted]"),
    // Capability URLs: the path is the credential; the host, the path up to the token and the
    // query stay.
    (
        "HEALTHCHECKS_URL=https://hc-ping.com/3f2a9c1d-7e44-4b1a-9e8d-7c6b5a493f2a",
        "HEALTHCHECKS_URL=https://hc-ping.com/[redacted]",
    ),
    (
        "curl -fsS -m 10 --retry 5 https://hc-ping.com/3f2a9c1d-7e44-4b1a-9e8d-7c6b5a493f2a/fail",
        "curl -fsS -m 10 --retry 5 https://hc-ping.com/[redacted]",
    ),
    (
        "curl https://hc.example.com/ping/3f2a9c1d-7e44-4b1a-9e8d-7c6b5a493f2a",
        "curl https://hc.example.com/ping/[redacted]",
    ),
    (
        "UPTIME_KUMA_PUSH=https://status.example.com/api/push/Ab3dE6gH9j?status=up&msg=OK&ping=",
        "UPTIME_KUMA_PUSH=https://status.example.com/api/push/[redacted]?status=up&msg=OK&ping=",
    ),
    (
        "curl -X POST http://homeassistant.local:8123/api/webhook/kD83jfe92kfLq0",
        "curl -X POST http://homeassistant.local:8123/api/webhook/[redacted]",
    ),
    (
        "https://maker.ifttt.com/trigger/door/with/key/dKq83jf92KsLq0aZ",
        "https://maker.ifttt.com/trigger/door/with/key/[redacted]",
    ),
    (
        "https://chat.example.com/hooks/xyzAbC123def456gh/Z9mK3pQ7rT2vX8wY4bN6cL1dF5gH0jK",
        "https://chat.example.com/hooks/[redacted]",
    ),
    (
        "curl https://nosnch.in/c2354d53d2",
        "curl https://nosnch.in/[redacted]",
    ),
    (
        "ntfy subscribe https://ntfy.sh/Xk9mQ2vL8pR4tY7",
        "ntfy subscribe https://ntfy.sh/[redacted]",
    ),
    (
        "curl https://api.telegram.org/bot123456:ABC-def1234ghIkl/getMe",
        "curl https://api.telegram.org/bot[redacted]/getMe",
    ),
    // Matrix's and ntfy's access tokens.
    (
        "matrix token syt_YWxpY2U_HjkLmnOpQrStUvWxYz_1a2b3c here",
        "matrix token [redacted] here",
    ),
    (
        "ntfy token tk_agqdq7mvbofd37zqvn29rhumznizs",
        "ntfy token [redacted]",
    ),
];

/// Ordinary text that must come out exactly as it went in.
const ORDINARY: &[&str] = &[
    // Table rows that name columns or types, and pipelines.
    "| name | value | required |",
    "| token | string | yes |",
    "│ name │ value │ required │",
    "password | sha256sum",
    "  cat password | base64 -d",
    "live_2024_release",
    "live_stream_settings",
    "mount -t cifs //srv/share /mnt -o credentials=${}/x",
    "password=${}",
    "rpcclient -U bob 10.0.0.1",
    "ping -c 3 10.0.0.1",
    "mysql --password \"${PW}\" -u root",
    "mysql --password ${PW:?unset} -u root",
    "cp ${HOME:-/root}/a /tmp",
    "echo ${TOKEN:-$FALLBACK_TOKEN}",
    "| token | - | yes |",
    // Tenth round: where a secret lives is not the secret.
    "openssl pkcs12 -export -in a.pem -passin env:KEY_PASS -passout file:/etc/pw.txt -out a.p12",
    "openssl rsa -in key.pem -passin fd:3 -passout stdin",
    "openssl enc -d -aes-256-cbc -pass env:BACKUP_PASS -in db.enc",
    "password = settings.DB_PASSWORD",
    "token = self.config.api_token",
    "DB_PASSWORD = config.db.password",
    "const opts = { password: process.env.DB_PASSWORD, token: this.props.apiToken };",
    "    client_secret=secrets.oauth_client_secret,",
    "var count int = 5",
    "let port: u16 = 8080;",
    "Public-Key: (2048 bit)",
    "Idempotency-Key: 8e03978e-40d5-43e8-bc93-6894a57f9324",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    "X-Cache-Key: /index.html",
    "https://api.example.com/v1/items?app_id=12345&page=2",
    "https://example.com/?ak=1",
    "snmp-server host 10.0.0.1 version 3 priv admin",
    " standby 1 authentication md5 key-chain HSRP",
    " ip ospf authentication message-digest",
    "credentials:\n  username: deploy\n  type: basic",
    "passwords:\n  min_length: 12",
    "NAME      SECRETS   AGE\ndefault   1         5d",
    "Public-Key: (2048 bit)\nModulus:\n    00:c3:a1:ff:10\nExponent: 65537 (0x10001)",
    "RSA Private-Key: (2048 bit, 2 primes)",
    "nmcli -g 802-11-wireless-security.psk connection show Home",
    "    Key Content            : Absent",
    "Pre-shared key      : (hidden)",
    "$ consul kv get config/app/port\n8080\n$ ls",
    "$ redis-cli GET session_count\n\"42\"",
    "$ pulumi stack output region\neu-west-1",
    "fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;",
    "SetEnv APP_ENV production",
    "env[PATH] = /usr/local/bin:/usr/bin:/bin",
    "Basic SGVsbG9Xb3JsZA== is hello world in base64",
    "WWW-Authenticate: Basic realm=\"api\"",
    "CMD [\"nginx\", \"-g\", \"daemon off;\"]",
    "args:\n  - --port=8080\n  - --log-level\n  - debug",
    "tags: [\"web\", \"prod\"]",
    "command:\n  - /bin/sh\n  - -c\n  - echo ready",
    "INSERT INTO t (id, name) VALUES (1, 'bob')",
    "INSERT INTO users (name, password) VALUES ($1, $2)",
    "x <- 5",
    "db_password: \"{{ vault_db_password }}\"",
    "  + resource \"aws_db_instance\" \"db\" {\n      + password = (sensitive value)\n      + username = \"admin\"\n      + endpoint = (known after apply)\n    }",
    "auth:\n  existingSecret: db-secret\n  secretKeys:\n    adminPasswordKey: password\n    userPasswordKey: user-password",
    "postgresql:\n  auth:\n    existingSecret: pg-credentials\n    existing_secret_password_key: pass",
    "primary_key: id",
    "ResetPassword failed",
    "encryption_key_id: 1234",
    "recovery phrase: see the vault entry",
    "release 1.2.3.4.5 of example.com.eu",
    "password reset link sent to bob@example.com",
    "password change failed for user bob",
    "token validation failed: TokenExpiredError",
    "Secret kubernetes.io/service-account-token created",
    "level=info msg=\"token refresh_interval_seconds_total\"",
    "pdftk in.pdf cat 1-5 output out.pdf",
    "{\n    \"Parameter\": {\n        \"Name\": \"/app/region\",\n        \"Type\": \"String\",\n        \"Value\": \"eu-west-1\"\n    }\n}",
    "tolerations:\n- key: node-role.kubernetes.io/control-plane\n  value: \"\"\n  effect: NoSchedule",
    "{\"id\": \"username\", \"type\": \"STRING\", \"value\": \"bob\"}",
    "{\"key\": \"MODE\", \"value\": \"prod\", \"masked\": false}",
    "<key>CFBundleName</key>\n<string>Warden</string>",
    "<setting name=\"Theme\" serializeAs=\"String\">\n  <value>dark</value>\n</setting>",
    "aws cloudformation create-stack --parameters ParameterKey=Env,ParameterValue=prod",
    "netlify env:set NODE_VERSION 20",
    "$ aws ssm get-parameter --name /app/region --query Parameter.Value --output text\neu-west-1\n$ ls",
    "$ keepassxc-cli ls db.kdbx\ngithub\nmail\n$ ls",
    "$ dd if=/dev/urandom of=/tmp/blob bs=1M count=1\n1+0 records in\n1+0 records out",
    "$ uuidgen\n1c2d3e4f-1111-2222-3333-444455556666",
    "https://open.feishu.cn/document/home",
    "op read op://vault/item/password --no-newline > /dev/null",
    "description = <<EOT\nThe database's password is rotated monthly.\nEOT",
    "cat <<EOF > /etc/motd\nWelcome\nEOF",
    "docstring = \"\"\"\nReturns the user.\n\"\"\"",
    "yt-dlp -f best url",
    "p4 -u bob sync",
    "        Serial Number:\n            04:8a:3f:91:22:10",
    "NAME                  TYPE                                  DATA   AGE\ndefault-token-abcde   kubernetes.io/service-account-token   3      5d",
    "Path      Type     Accessor               Description\n----      ----     --------               -----------\ntoken/    token    auth_token_12345678    token based credentials",
    "| Name | Token Type | Expires |\n|------|------------|---------|\n| ci   | bearer     | never   |",
    "+----------+--------+\n| Field    | Value  |\n+----------+--------+\n| user_id  | 42     |\n+----------+--------+",
    "CONTAINER ID   IMAGE          COMMAND                  CREATED       STATUS       PORTS                    NAMES\na1b2c3d4e5f6   nginx:1.25     \"/docker-entrypoint.\"   2 hours ago   Up 2 hours   0.0.0.0:80->80/tcp       web",
    "mysql_connect($host, $user, $password);",
    "conn = pymysql.connect(host, user, password, db)",
    // Fourth round: look-alikes of the qualified key, scheme, subscript, token and stdin rules.
    "user bob: password reset required",
    "client.login(username)",
    "auth(\"admin\")",
    "poll mail.example.com with proto IMAP",
    "user.set_password(new_password)",
    "prompt = getPassword(\"Enter password: \")",
    "password = \"\"",
    "CFLAGS ?= -O2",
    "config.password_file /etc/app/pw",
    "spring.datasource.password ${DB_PASSWORD}",
    "[tls]\nkey = abc123def",
    "[api]\nkey = /etc/api/key.pem",
    "api:\n  url: https://x\nkey: abc123def",
    "The Authorization: header was not set",
    "[password]: https://wiki.example.com/password-policy",
    "ENV['RAILS_ENV'] = 'production'",
    "os.environ[\"HOME\"] = \"/root\"",
    "items[token_count] = 3",
    "<Setting Name=\"Mode\" Value=\"prod\" />",
    "<entry key=\"db.url\">jdbc:postgresql://db/app</entry>",
    "wpa-ssid HomeNet",
    "influx -database metrics -execute 'show measurements'",
    "echo hello | kinit -k -t /etc/krb5.keytab",
    "docker secret ls",
    "mysqldump -u root -p app",
    "re_validation_incomingmessagehandler_ok",
    "LTAI is a prefix used by Alibaba",
    "  private_key_id: \"abcdef0123456789\"",
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
    // Warden's own justifications quote a command before their reason (review section 6).
    "cat .aws/credentials: '.aws' directories hold credentials",
    "cat /var/log/auth.log: prints files",
    "git log --grep=password: reads the repository",
    "nslookup -query=TXT secret.attacker.example: looks up names",
    "cat /home/u/keys/deploy_key: 'deploy_key' is sensitive: the file is named for the secret it holds",
    "cat /srv/app/secrets.yaml: 'secrets.yaml' is sensitive: the file is named for the secret it holds",
    // Ordinary configuration, URLs and commands next to the new kinds.
    "key_buffer_size = 16M",
    "key = value",
    "random_seed: 42",
    "session_id=4f2a",
    "gpio_pin: 17",
    "https://example.com:8080/users/@alice",
    "uses: actions/checkout@v4",
    "https://example.com/cb?code=1&key=id",
    "Failed password for root from 1.2.3.4 port 22 ssh2",
    "set -x PATH /usr/local/bin",
    "echo hello | grep h",
    "echo done | sudo tee /tmp/x",
    "redis-cli -h db ping",
    "vault status",
    "curl -sSfL https://example.com",
    "snmpwalk -v2c 10.0.0.1",
    "<user>bob</user>\n<add key=\"Timeout\" value=\"30\" />",
    "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUI=",
    "db:\n  user: app\n  host: db\n",
    "password:\n  file: /run/secrets/db\n",
    "Monkey Island, keyboard.conf and monkey.txt",
    // Second review, finding 7: directives, prose and output that the line-start and
    // `set NAME VALUE` rules used to cut (each measured as its own line, too).
    "auth_basic off;",
    "auth_basic \"Admin area\";",
    "auth_request /auth;",
    "auth_request_set $user $upstream_http_x_user;",
    "\nauth_basic off;\nauth_request /auth;\n",
    "Set PASSWORD in the environment before starting.",
    "1. Set `WARDEN_TOKEN` in the environment.",
    "salt_minion: enabled",
    "salt_minion: web01",
    "salt_master web01",
    "PASS_MAX_DAYS 99999",
    "Merci de changer le mot de passe : il expire demain.",
    "Mot de passe : 12 caractères minimum",
    "mot de passe: voir le coffre",
    "Passwort: siehe Tresor",
    "passwd: files systemd",
    "passwd:         files",
    "passwd: password updated successfully",
    "password_encryption = scram-sha-256",
    "password_encryption = md5",
    "Password: the password must be at least 12 characters.",
    "Token: see the runbook.",
    "Auth: disabled",
    "auth_pass off",
    "requirepass no",
    "Unpacking libsecret-1-0:amd64 (0.20.5-2) ...",
    "            X509v3 Subject Key Identifier: \n                3F:2A:1B:4C:5D:6E:7F:80:91:A2:B3:C4:D5:E6:F7:08:19:2A:4B:5C",
    "            X509v3 Authority Key Identifier: \n                keyid:3F:2A:1B:4C:5D:6E:7F:80:91:A2:B3:C4:D5:E6:F7:08:19:2A:4B:5C\n",
    "password:  16 bytes",
    "password [success=1 default=ignore] pam_unix.so obscure sha512",
    "password requisite pam_pwquality.so retry=3",
    // Third round: look-alikes of the URL user, multi-word value and header rules.
    "https://git@example.com/r",
    "https://alice@example.com/",
    "https://john.doe@example.com/x",
    "https://svc-deploy@host/x",
    "https://user01@bitbucket.org/user01/repo.git",
    "ftp://anonymous@ftp.example.com/",
    "http://admin@192.168.1.1/",
    "https://x-access-token@github.com/o/r",
    "https://bob:@example.com/",
    "Authorization: required for this endpoint",
    "The Authorization: header was not set",
    "Authorization header is missing",
    "Authorization: none",
    "Bearer authentication is required",
    "Use Bearer tokens.",
    "gh auth login --with-token < token.txt",
    "PGPASSWORD=$DB_PASSWORD psql -c 'select 1'",
    "export DB_PASSWORD_FILE=/run/secrets/db other words",
    "DB_HOST=db two words",
    // Third round, further attack: look-alikes.
    "PWD=/home/u",
    "PWD=~/src OLDPWD=/tmp",
    "docker build --secret id=npm,src=.npmrc .",
    "cat <<< hello",
    "ENV PATH /usr/local/bin",
    "aws ec2 create-tags --tags Key=x,Value=y",
    "kubectl create configmap x --from-literal=mode=prod",
    "gh variable set X --value prod",
    "awk '{print $1$2$3$4$5$6$7$8$9}'",
    "echo $1$2$3",
    "the password is incorrect",
    "password is required",
    "Le mot de passe est trop court.",
    "compass=north bypass=true",
    "secretRef: db-credentials",
    "secretKeyRef:\n  name: db\n  key: password",
    "PASSWORD_HASHERS = [",
    "password: {{ db_password }}",
    "password: \"{{ vault_db_password }}\"",
    "password: !secret db_password",
    "password: ENC[AES256_GCM,data:abc,iv:def]",
    "password: %(DB_PASSWORD)s",
    "password: \"********\"",
    "sqlalchemy.url = driver://user@localhost/dbname",
    // Third round: look-alikes of the pair, keyword and table rules.
    "env:\n- name: LOG_LEVEL\n  value: debug\n- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef:\n      name: db\n      key: password",
    "{\"name\": \"MODE\", \"value\": \"prod\"}",
    "kind: ConfigMap\ndata:\n  mode: prod\n  url: https://example.com",
    "bob * * *",
    "secret /etc/openvpn/ta.key",
    "secret not found",
    "auth-user-pass /etc/openvpn/creds",
    "AuthUser bob",
    "passwordeval \"pass show mail\"",
    "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd",
    "token   <none>",
    "password    n/a",
    "db_password = <sensitive>",
    "--private-key /path/key.pem --ssh-key ~/.ssh/id_rsa",
    "kubeadm join 10.0.0.1:6443 --discovery-token-ca-cert-hash sha256:abc",
    "md5sum file.txt",
    "IDENTIFIED BY PASSWORD",
    "user nginx;",
    "nomad acl bootstrap",
    // /etc/passwd and other operator output around the new rules.
    "root:x:0:0:root:/root:/bin/bash\nbob:x:1000:1000:Bob,,,:/home/bob:/bin/bash",
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
    "Nov 30 10:00:00 host sudo: bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/apt update",
    "HOME=/home/bob\nUSER=bob\nPWD=/home/bob\nSHELL=/bin/bash",
    "  - name: DB_HOST\n    value: db.internal\n  - name: DB_USER\n    value: app",
    "[Service]\nEnvironment=NODE_ENV=production\nEnvironment=\"PORT=8080\"",
    "export GREETING=hello world",
    "TOKEN_TYPE=Bearer\nAUTH_TYPE=basic\nPASSWORD_MIN_LENGTH=12\nSECRET_NAME=db-creds",
    "md5sum: d41d8cd98f00b204e9800998ecf8427e  file\nd41d8cd98f00b204e9800998ecf8427e  file.txt",
    "ETag: \"d41d8cd98f00b204e9800998ecf8427e\"",
    "user default on nopass ~* +@all",
    "echo '> done'",
    "The password is incorrect.\nYour password is expiring in 5 days.\nPassword is too weak",
    "Host *\n  User git\n  IdentityFile ~/.ssh/id_ed25519",
    "\"Access Key Id\": \"AKIA-NOT-SECRET\"",
    "\"display name\": \"Password reset\"",
    "pass_word_file=/run/secrets/x",
    "<name><![CDATA[web]]></name>",
    // Fifth round: `net` without a password, prompts, commit ids, sentences about the header.
    "net user bob /delete",
    "net user bob * /add",
    "net use Z: \\\\nas\\data * /user:bob",
    "net use Z: /delete",
    "net rpc user add bob -S dc",
    "$pw = ConvertTo-SecureString $plain -AsPlainText -Force",
    "3f786850e387550fdab836ed7e6dc881de23001b",
    "commit 3f786850e387550fdab836ed7e6dc881de23001b",
    "Authorization: required for this endpoint",
    "\"bob\" \"\"",
    "echo done | tee /tmp/x",
    "mosquitto_passwd -c /etc/mosquitto/passwd bob",
    // Fifth round: public key material, test results, commit subjects, routing tables,
    // pg_hba lines, AWS's names of stored secrets, references in HCL.
    "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----",
    "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ",
    "untrusted comment: minisign public key 4A2B\nRWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3",
    "<RSAKeyValue><Modulus>xA7SEU+e0yQH</Modulus><Exponent>AQAB</Exponent></RSAKeyValue>",
    "PASS: test_login\n--- PASS: TestLogin (0.00s)",
    "abc1234 Bump version 1.2.3",
    "default via 10.0.0.1 dev eth0",
    "host all all 10.0.0.0/8 md5",
    "aws secretsmanager get-secret-value --secret-id prod/db",
    "variable \"region\" { default = \"eu-west-1\" }",
    "variable \"db_password\" {\n  default = null\n}",
    "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
    "curl -b cookies.txt https://x",
    "nmcli con mod corp 802-1x.password-flags 0",
    "npm view --url https://registry.npmjs.org/@scope%2fpkg",
    "Secret key fingerprint: 3f786850e387550fdab836ed7e6dc881de23001b",
    "gpio_pin=17\nstatus_code=200\ncountry_code=FR\npat_count=3\npattern=x",
    "ENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D",
    "", // Session names with ordinary values, Vault's lists of policies, Compose's secret names,
    // prompts quoted in scripts.
    "XDG_SESSION_ID=3",
    "ORACLE_SID=PRODDB01",
    "sid: 1000",
    "SID               : S-1-5-21-3623811015-3361044348-30300820-1013",
    "SESSION_MANAGER=local/host:@/tmp/.ICE-unix/1234,unix/host:/tmp/.ICE-unix/1234",
    "session.timeout.ms=45000",
    "Dec 02 10:00:01 host systemd-logind[812]: New session 42 of user bob.",
    "audit: type=1105 msg=audit(1700000000.123:456): pid=1 uid=0 auid=1000 ses=3 msg='op=PAM:session_open'",
    "session=prod-deploy-2024-01",
    "{\"session_id\": 42, \"sid\": \"4f2a\"}",
    "{\"name\": \"sid\", \"value\": \"42\"}",
    "token_policies       [default admin]\nidentity_policies    []\npolicies             [default]",
    "secrets: [db_password]",
    "secrets:\n  - db_password\n  - api_token",
    "ssh_authorized_keys:\n  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIabc bob@h",
    "keys                 [id name]",
    "curl -H \"Authorization: Bearer $(cat /run/secrets/token)\" https://x",
    "echo -n \"$USER:$PASS\" | base64",
    "echo -n hello | base64",
    "grep -f <(echo pattern) notes.txt",
    "$ echo $HOME\n/root\n$ printenv PATH\n/usr/bin\n$ grep -c error /var/log/syslog\n3\n$ wg show wg0\ninterface: wg0\n$ gh auth status\nLogged in to github.com",
    "$ kubectl get secret db\nNAME   TYPE     DATA   AGE\ndb     Opaque   1      3d",
    "sq_0123456789abcdef",
    "password = env('DB_PASSWORD')",
    "PASSWORD=${PASSWORD}",
    "PASSWORD=${PASSWORD:?missing}",
    "password = config.get(\"db\", \"password\")",
    "DB_PASSWORD=${DB_PASSWORD:-}",
    "db.auth(user, pw)",
    "password = getpass()",
    "password = hash_password(user_input)",
    "login(\"bob\")",
    "spring.application.name=app",
    "consul kv put config/app/port 8080",
    "sftp> put secret.txt /tmp/",
    "msg: '{{ item | hash(\"sha1\") }}'",
    "zerotier-cli join 8056c2e21c000001",
    "Authorization: Bearer",
    "WWW-Authenticate: Basic realm=\"x\"",
    "link: https://example.com/docs",
    "localStorage.setItem(\"token\", data.token)",
    "headers.set(\"Content-Type\", \"application/json\")",
    "os.Setenv(\"PATH\", \"/usr/bin\")",
    "passwords:\n  min_length: 8\n  require_symbols: true\n  expiry_days: 90",
    "secrets:\n  db_password:\n    file: ./db_password.txt",
    "secrets:\n  token: ${{ secrets.GH_TOKEN }}",
    "keys:\n  ed25519: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIabc",
    "set interfaces wireguard wg0 private-key /config/auth/wg.key",
    "\toption key_mgmt 'WPA-PSK'",
    ": RSA server.key",
    ": 1700000000:0;ls -la",
    "Change your password:\nhttps://example.com/settings",
    "Enter password:\nLogin failed",
    "mfa.enabled=true",
    "AAAAAAAAAAAAAAAAAAAAAAAA",
    "interface: wg0\n  public key: xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\n  private key: (hidden)\n  listening port: 51820",
    "  \"*assword:\" { send \"$pw\\r\" }",
    "curl --cert client.pem https://x",
    "tar -xzf a.tar.gz",
    "api_key = config[\"api_key\"]",
    "api_key = os.environ[\"API_KEY\"]",
    "password = getpass.getpass(\"Password: \")",
    "jwt.verify(token, process.env.JWT_SECRET)",
    "read -p \"Password: \" pw",
    "echo \"db password:\" \"$PW\"",
    "expect \"login:\"; send \"alice\\r\"",
    // Near misses of entries written value first: the name below is another mapping's or
    // names nothing secret.
    "- value: Passw0rd1\n  labels:\n    name: DB_PASSWORD",
    "- value: db1\n  name: DB_HOST\n- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {name: db}",
    // A URL under a name that is not a secret's keeps its query.
    "HEALTH_URL=https://x/y?team=ops&ts=1700000000",
    "PATH=/usr/bin\0HOME=/root\0LANG=C.UTF-8\0",
    "PATH=/usr/bin^@HOME=/root^@LANG=C.UTF-8^@",
    "git rev-list HEAD^@ --count",
    // Options continued below an assignment that names no secret, and encoded lines below one.
    "ExecStart=/usr/bin/app \\\n    --config /etc/app.yml \\\n    k6iUCUh0RJCQyvL8k8q1UyAAAAAB",
    "USER=alice",
    // Paths like a capability URL's whose segment is a word or a number.
    "https://api.github.com/repos/o/r/hooks/12345678",
    "https://example.com/api/push/notifications",
    "https://docs.example.com/ping/Introduction",
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

/// Argument vectors in JSON (tool calls, process listings) are read as command lines: an
/// option's value in the next element goes, program-specific forms included.
#[test]
fn argument_vectors_in_json_are_read_as_command_lines() {
    let cases = [
        (
            json!({"args": ["--password", "S3cret", "--host", "db"]}),
            json!({"args": ["--password", REDACTED, "--host", "db"]}),
        ),
        (
            json!(["mysql", "-uroot", "-pS3cret", "app"]),
            json!(["mysql", "-uroot", "-p[redacted]", "app"]),
        ),
        (
            json!({"argv": ["vault", "login", "-method=userpass", "--token", "two words"]}),
            json!({"argv": ["vault", "login", "-method=userpass", "--token", REDACTED]}),
        ),
        (
            json!({"args": ["-c", "mysql -pS3cret", "--user", "bob"]}),
            json!({"args": ["-c", "mysql -p[redacted]", "--user", "bob"]}),
        ),
        // Programs whose operand is the secret, without an option in the vector.
        (
            json!(["net", "user", "bob", "P@ss1", "/add"]),
            json!(["net", "user", "bob", REDACTED, "/add"]),
        ),
        (
            json!(["rabbitmqctl", "add_user", "bob", "S3cret"]),
            json!(["rabbitmqctl", "add_user", "bob", REDACTED]),
        ),
        // Look-alikes: lists that are not command lines, and options without secrets.
        (json!(["net", "user", "bob"]), json!(["net", "user", "bob"])),
        (
            json!({"tags": ["prod", "-x", "web"]}),
            json!({"tags": ["prod", "-x", "web"]}),
        ),
        (
            json!({"args": ["--host", "db", "--port", "5432"]}),
            json!({"args": ["--host", "db", "--port", "5432"]}),
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(redact(&input), expected, "{input}");
    }
}

/// Under a secret's name, JSON keeps what the same name keeps in text: references, status
/// words, credentials files' paths and systemd's credential sources. Values go, and so does
/// whatever a format marks sensitive.
#[test]
fn json_keeps_what_names_no_secret_value() {
    let kept = [
        json!({"password": "$PW"}),
        json!({"api_key": "${KEY}"}),
        json!({"token": "expired"}),
        json!({"GOOGLE_APPLICATION_CREDENTIALS": "/srv/key.json"}),
        json!({"LoadCredential": "db:/etc/credstore/db"}),
        json!({"env": {"DB_PASSWORD": "${DB_PASSWORD}", "tokens": ["revoked"]}}),
        json!({"token": "${TOKEN:-}"}),
        json!({"headers": {"Authorization": "Bearer $TOKEN"}}),
    ];
    for value in kept {
        assert_eq!(redact(&value), value, "{value}");
    }
    let cases = [
        (
            json!({"password": "Passw0rd1"}),
            json!({"password": REDACTED}),
        ),
        (json!({"token": "expired1"}), json!({"token": REDACTED})),
        (json!({"password": "|"}), json!({"password": REDACTED})),
        (
            json!({"Authorization": "Bearer $TOKEN x"}),
            json!({"Authorization": REDACTED}),
        ),
        (
            json!({"Authorization": "Bearer abc$TOKEN"}),
            json!({"Authorization": REDACTED}),
        ),
        (
            json!({"GOOGLE_APPLICATION_CREDENTIALS": "{\"type\": \"service_account\"}"}),
            json!({"GOOGLE_APPLICATION_CREDENTIALS": REDACTED}),
        ),
        (
            json!({"password": "${PW:-hunter2}"}),
            json!({"password": "${PW:-[redacted]}"}),
        ),
        (
            json!({"name": "x", "sensitive": true, "value": "expired"}),
            json!({"name": "x", "sensitive": true, "value": REDACTED}),
        ),
        (
            json!({"kind": "Secret", "data": {"token": "$PW"}}),
            json!({"kind": "Secret", "data": {"token": REDACTED}}),
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(redact(&input), expected, "{input}");
    }
}

#[test]
fn json_is_redacted_by_field_name_and_by_content() {
    let value = json!({
        "url": "http://x",
        "headers": {"Authorization": "Bearer abc", "Accept": "*/*", "X-Appwrite-Key": "919c2d18",
            "Idempotency-Key": "8e03978e"},
        "db_password": "hunter2",
        "apiKey": 12345678,
        "max_tokens": 512,
        "tokens": 40,
        "password_required": true,
        "credentials": {"user": "bob", "nested": ["a", 7]},
        "command": "mysql -pPASS -u root",
        "env": ["PGPASSWORD=x", "HOME=/root"],
        "note": null,
        "containerDefinitions": [{"environment": [
            {"name": "DB_PASSWORD", "value": "hunter2"},
            {"name": "MODE", "value": "prod"}
        ]}],
        "manifest": {"kind": "Secret", "data": {"DB_URL": "cG9zdGdyZXM="}, "type": "Opaque"},
        "ssm": {"Name": "/app/db", "Type": "SecureString", "Value": "hunter2"},
        "plain": {"Name": "/app/region", "Type": "String", "Value": "eu"},
        "stack": [{"ParameterKey": "DBPassword", "ParameterValue": "hunter2"}],
        "item": {"id": "pw", "type": "CONCEALED", "label": "login", "value": "hunter2"},
        "outputs": {
            "conn": {"sensitive": true, "type": "string", "value": "postgres://db/app"},
            "region": {"sensitive": false, "type": "string", "value": "eu"},
        },
    });
    assert_eq!(
        redact(&value),
        json!({
            "url": "http://x",
            "headers": {"Authorization": REDACTED, "Accept": "*/*", "X-Appwrite-Key": REDACTED,
                "Idempotency-Key": "8e03978e"},
            "db_password": REDACTED,
            "apiKey": REDACTED,
            "max_tokens": 512,
            "tokens": 40,
            "password_required": true,
            // A user name below a secret's name stays, as it does in text
            // (`credentials:` then `  user: bob`); anything else there goes.
            "credentials": {"user": "bob", "nested": [REDACTED, REDACTED]},
            "command": "mysql -p[redacted] -u root",
            "env": ["PGPASSWORD=[redacted]", "HOME=/root"],
            "note": null,
            "containerDefinitions": [{"environment": [
                {"name": "DB_PASSWORD", "value": REDACTED},
                {"name": "MODE", "value": "prod"}
            ]}],
            "manifest": {"kind": "Secret", "data": {"DB_URL": REDACTED}, "type": "Opaque"},
            "ssm": {"Name": "/app/db", "Type": "SecureString", "Value": REDACTED},
            "plain": {"Name": "/app/region", "Type": "String", "Value": "eu"},
            "stack": [{"ParameterKey": "DBPassword", "ParameterValue": REDACTED}],
            "item": {"id": "pw", "type": "CONCEALED", "label": "login", "value": REDACTED},
            "outputs": {
                "conn": {"sensitive": true, "type": "string", "value": REDACTED},
                "region": {"sensitive": false, "type": "string", "value": "eu"},
            },
        })
    );
}

/// Secret files found in the third round, by kind: each must be refused by name or directory.
const SECRET_PATHS: &[&str] = &[
    // Tenth round: self-hosted services' files of users, tokens and database logins.
    "/etc/guacamole/user-mapping.xml",
    "/etc/guacamole/guacamole.properties",
    "/home/u/.guacamole/user-mapping.xml",
    "/etc/graylog/server/server.conf",
    "/var/discourse/containers/app.yml",
    "/var/lib/influxdb/influxd.bolt",
    "/home/u/.influxdbv2/influxd.bolt",
    "/home/u/.wakatime.cfg",
    "/home/u/.config/lab/lab.toml",
    "/home/u/.esmtprc",
    "/etc/opensearch/opensearch-security/internal_users.yml",
    "/usr/share/wazuh-indexer/plugins/opensearch-security/securityconfig/internal_users.yml",
    "/etc/opensearch-dashboards/opensearch_dashboards.yml",
    "/etc/filebeat/filebeat.yml",
    "/etc/metricbeat/metricbeat.yml",
    "/etc/kamailio/kamctlrc",
    "/etc/freeswitch/autoload_configs/event_socket.conf.xml",
    "/var/www/froxlor/lib/userdata.inc.php",
    "/opt/mailcow-dockerized/mailcow.conf",
    "/etc/sogo/sogo.conf",
    "/etc/sympa/sympa.conf",
    "/etc/dovecot/dovecot-oauth2.conf.ext",
    "/etc/strongswan.d/charon/eap-radius.conf",
    "/root/.accesshash",
    "/etc/ipsec.d/passwd",
    "/etc/netdata/health_alarm_notify.conf",
    "/etc/rainloop/application.ini",
    "/var/www/snappymail/data/_data_/_default_/configs/application.ini",
    "/etc/mailman3/mailman.cfg",
    "/etc/mailman3/mailman-web.py",
    "/opt/seafile/conf/ccnet.conf",
    "/etc/seafile/conf/seafile.conf",
    "/home/u/.node-red/settings.js",
    "/etc/cacti/debian.php",
    "/etc/icinga2/features-available/api.conf",
    "/etc/elasticsearch/users",
    "/etc/pterodactyl/config.yml",
    "/etc/dd-agent/datadog.conf",
    // Editor and file-manager copies of dotfiles and keys.
    "/srv/.env.swp",
    "/srv/.env.swo",
    "/srv/.id_rsa.un~",
    "/srv/id_rsa copy",
    "/srv/Copy of id_rsa",
    "/srv/.env (copy)",
    "/srv/.pgpass.bak",
    "/srv/.my.cnf.orig",
    "/srv/.netrc~",
    "/srv/wp-config.php.20240101",
    // Kubeconfigs in every spelling, cluster credentials by directory.
    "/srv/app/my-kubeconfig",
    "/srv/app/prod-kubeconfig.yml",
    "/srv/app/kube-config.yaml",
    "/srv/app/kube_config_prod",
    "/etc/kubernetes/admin.conf",
    "/home/u/.kube/config",
    "/var/lib/kubelet/config.json",
    "/etc/kubernetes/azure.json",
    "/home/u/.docker/config.json",
    // systemd credentials.
    "/etc/credstore/db",
    "/etc/credstore.encrypted/db",
    "/run/credentials/app.service/db",
    "/srv/app.cred",
    // Backup tools, CI agents, cloud and artifact CLIs.
    "/etc/restic/env",
    "/etc/gitlab-runner/config.toml",
    "/etc/buildkite-agent/buildkite-agent.cfg",
    "/home/u/.jfrog/jfrog-cli.conf.v5",
    "/home/u/.config/jfrog/jfrog-cli.conf",
    "/home/u/.bluemix/config.json",
    "/home/u/.aliyun/config.json",
    "/home/u/.tccli/default.credential",
    "/home/u/.cloudflared/abc-123.json",
    "/etc/cloudflared/config.yml",
    "/home/u/.local/share/python_keyring/keyring_pass.cfg",
    // Ansible vaults by convention, Terraform plans.
    "/srv/ansible/group_vars/all/vault",
    "/srv/ansible/host_vars/db1/vault.yml",
    "/srv/infra/tfplan",
    "/srv/infra/prod.tfplan",
    // Databases, browsers, X11, VPN profiles, password managers.
    "/etc/odbc.ini",
    "/home/u/.mozilla/firefox/x/sessionstore.jsonlz4",
    "/home/u/.Xauthority",
    "/srv/home.nmconnection",
    "/etc/systemd/network/wg0.netdev",
    "/etc/systemd/network/90-wireguard.netdev",
    "/home/u/.local/share/gopass/stores/root/x.gpg",
    "/home/u/.config/Bitwarden CLI/data.json",
    // Cloud CLIs, package managers, CI, databases, backups, password manager exports.
    "/home/u/.vultr-cli.yaml",
    "/home/u/.upcloud.yaml",
    "/home/u/.hcloud/cli.toml",
    "/home/u/.cabal/config",
    "/home/u/.config/tea/config.yml",
    "/var/lib/jenkins/identity.key.enc",
    "/etc/mysql/mariadb.conf.d/50-client.cnf",
    "/home/u/.pgadmin/pgadmin4.db",
    "/etc/barman.conf",
    "/etc/barman.d/pg.conf",
    "/opt/vault/data/vault.db",
    "/etc/nomad.d/nomad.hcl",
    "/etc/borgmatic/config.yaml",
    "/etc/nginx/htpasswd.d/site",
    "/home/u/.config/chromium/Default/Login Data-journal",
    "/home/u/.mozilla/firefox/x/key4.db-wal",
    "/home/u/Passwords.xlsx",
    "/home/u/bitwarden_export.json",
    "/home/u/lastpass_export.csv",
    "/home/u/1password-export.1pux",
    // Fourth round, by family. Cloud and CI tools' own token stores, with or without a dot.
    "/srv/backup/oci/config",
    "/home/u/.oci/config",
    "/srv/backup/aliyun/config.json",
    "/srv/backup/hcloud.toml",
    "/srv/backup/aliyun-config.json",
    "/home/u/.civo.json",
    "/home/u/.b2_account_info",
    "/home/u/.config/equinix/metal.yaml",
    "/srv/backup/rancher/cli2.json",
    "/home/u/.rancher/cli2.json",
    "/home/gitlab-runner/.gitlab-runner/config.toml",
    "/srv/backup/gitlab-runner-config.toml",
    "/srv/backup/doctl/config.yaml",
    "/var/lib/etcd/member/snap/db",
    "/srv/infra/backend.tfbackend",
    "/home/u/.hex/hex.config",
    // VPN, Wi-Fi, PPP, Kerberos.
    "/srv/backup/wgprod.conf",
    "/srv/backup/auth-user-pass",
    "/srv/backup/auth-user-pass.txt",
    "/srv/backup/vpn-auth.txt",
    "/srv/backup/ftp_pass.txt",
    "/srv/backup/wifi-psk.txt",
    "/srv/backup/db-creds.json",
    "/srv/backup/login_password.txt",
    "/etc/hostapd/hostapd.wpa_psk",
    "/etc/hostapd/hostapd.eap_user",
    "/srv/backup/tailscaled.state",
    "/tmp/krb5cc_1000",
    "/tmp/krb5cc_0",
    "/srv/backup/krb5cc_1000_abc",
    "/var/lib/samba/private/sam.ldb",
    // Mail.
    "/home/u/.mutt/muttrc",
    "/home/u/.config/mutt/muttrc",
    "/home/u/.neomuttrc",
    "/home/u/.mbsyncrc",
    "/home/u/.offlineimaprc",
    "/home/u/.getmailrc",
    "/home/u/.mailrc",
    "/etc/ssmtp/ssmtp.conf",
    "/etc/nullmailer/remotes",
    "/etc/dovecot/passwd",
    "/etc/mail/passwd",
    "/etc/opendkim/keys/example.com/mail.private",
    // Databases and poolers.
    "/etc/pgpool2/pcp.conf",
    "/home/u/.pcppass",
    "/etc/pgpool2/pool_passwd",
    "/etc/postgresql-common/pg_service.conf",
    // Keys and stores by extension.
    "/srv/keys/app.pvk",
    "/srv/keys/app.snk",
    "/srv/keys/app.pk8",
    "/srv/keys/pw.psafe3",
    "/srv/keys/age.agekey",
    "/srv/keys/db.keyx",
    "/srv/backup/rsync.pass",
    "/home/u/Library/Cookies/Cookies.binarycookies",
    "/srv/keys/server.key.example",
    "/srv/keys/id_rsa.sample",
    // Password files of VNC, Subversion's saved logins, lftp bookmarks, Mercurial, Bitwarden.
    "/home/u/.vnc/passwd",
    "/home/u/.config/tigervnc/passwd",
    "/home/u/.subversion/auth/svn.simple/5671adf2865e267db74f09ba6f872c28",
    "/home/u/.local/share/lftp/bookmarks",
    "/home/u/.hgrc",
    "/srv/repo/.hg/hgrc",
    "/home/u/.config/Bitwarden/data.json",
    // Monitoring agents' API keys and application settings per environment.
    "/etc/telegraf/telegraf.conf",
    "/etc/datadog-agent/datadog.yaml",
    "/etc/newrelic-infra.yml",
    "/srv/ghost/config.production.json",
    "/srv/app/settings.prod.yaml",
    "/srv/prestashop/app/config/parameters.php",
    "/home/u/.node-red/flows_cred.json",
    "/home/u/.cifscreds",
    // Histories in any spelling.
    "/home/u/.Rhistory",
    "/srv/backup/.psql_history-prod",
    "/home/u/.mysqlsh/history",
    "/home/u/.local/share/mc/history",
    "/home/u/.ipython/profile_default/history.sqlite",
    "/home/u/.clickhouse-client-history",
    "/home/u/.config/google-chrome/Default/History",
    "/home/u/.octave_hist",
    "/srv/backup/bash_history",
    "/srv/infra/.ansible-vault-pass",
    "/etc/luks/keyfile",
    "/root/keyfile.bin",
    "/etc/cryptsetup-keys.d/root.key",
    "/srv/app/.dev.vars",
    "/etc/letsencrypt/archive/example.com/privkey1.pem",
    "/srv/b/my.credentials",
    "/srv/b/prod.credentials",
    "/srv/b/.pass",
    "/srv/b/rsa_key",
    "/srv/b/age-key",
    "/srv/b/.ssh-key",
    "/home/u/.ethereum/keystore/UTC--2020-01-01T00-00-00.000Z--abc",
    "/home/u/.config/sops/keys.txt",
    "/srv/b/key.txt",
    "/etc/spwd.db",
    // Fifth round: SOPS files, Jenkins' users, pgbouncer's auth file copied out.
    "/srv/app/secrets.sops.yaml",
    "/srv/app/app.sops.json",
    "/srv/app/prod.sops.env",
    "/srv/app/values.sops.yml",
    "/var/lib/jenkins/users/bob_1234567890/config.xml",
    "/srv/backup/jenkins/users/admin/config.xml",
    "/var/lib/jenkins/credentials.xml",
    "/var/lib/jenkins/secrets/master.key",
    "/srv/backup/hudson.util.Secret",
    "/srv/backup/userlist.txt",
    // Fifth round, by family. Wallets, signing and replica-set keys, Tor's keys.
    "/home/u/.config/solana/id.json",
    "/etc/signify/release.sec",
    "/etc/concourse/worker_key",
    "/etc/concourse/tsa_host_key",
    "/srv/app/api_key",
    "/etc/mongodb-keyfile",
    "/srv/db/mongo_keyfile",
    "/var/lib/tor/hidden_service/hs_ed25519_secret_key",
    "/etc/bind/named.conf.keys",
    // Backup tools, network daemons, VPN clients, chat clients and browsers' site storage.
    "/root/.config/kopia/repository.config",
    "/root/.config/kopia/repository.config.kopia-password",
    "/root/.duply/offsite/conf",
    "/etc/duply/nightly/conf",
    "/var/lib/connman/wifi_abc_managed_psk/settings",
    "/etc/vpnc/work.conf",
    "/home/u/.config/discord/Local Storage/leveldb/000003.log",
    "/home/u/.config/Slack/Session Storage/000001.log",
    "/home/u/.local/share/TelegramDesktop/tdata/key_datas",
    "/home/u/.config/Signal/config.json",
    "/home/u/.config/aerc/accounts.conf",
    "/home/u/.config/himalaya/config.toml",
    // Cloud, platform and scripting CLIs.
    "/home/u/.config/flyctl/config.yml",
    "/home/u/.config/railway/config.json",
    "/home/u/.render/cli.yaml",
    "/home/u/.config/wrangler/config/default.toml",
    "/home/u/.ossutilconfig",
    "/home/u/.cos.conf",
    "/home/u/.clasprc.json",
    "/srv/app/token.pickle",
    "/srv/packer/prod.pkrvars.hcl",
    "/srv/packer/secrets.pkrvars.json",
    // Databases, proxies, brokers and CI agents.
    "/etc/patroni/patroni.yml",
    "/srv/backup/patroni.yaml",
    "/etc/proxysql.cnf",
    "/etc/maxscale.cnf",
    "/var/lib/pgsql/data/global/pg_authid",
    "/var/lib/mysql/mysql/user.MYD",
    "/var/lib/neo4j/data/dbms/auth",
    "/opt/couchdb/etc/local.ini",
    "/opt/couchdb/etc/local.d/10-admins.ini",
    "/etc/kafka/kafka_server_jaas.conf",
    "/etc/zookeeper/jaas.conf",
    "/var/lib/teamcity/conf/buildAgent.properties",
    "/srv/app/android/key.properties",
    "/etc/security/passwd",
    // Mail, monitoring, DNS and self-hosted services.
    "/etc/dovecot/dovecot-sql.conf.ext",
    "/etc/dovecot/dovecot-ldap.conf.ext",
    "/etc/postfix/mysql-virtual-mailbox-maps.cf",
    "/etc/postfix/pgsql_virtual_domains.cf",
    "/etc/zabbix/web/zabbix.conf.php",
    "/etc/icingaweb2/resources.ini",
    "/etc/prometheus/web.yml",
    "/etc/kibana/kibana.yml",
    "/etc/powerdns/pdns.conf",
    "/etc/nut/upsmon.conf",
    "/etc/inadyn.conf",
    "/etc/pihole/setupVars.conf",
    "/etc/pihole/pihole.toml",
    "/opt/AdGuardHome/AdGuardHome.yaml",
    "/home/u/.config/qBittorrent/qBittorrent.conf",
    "/var/lib/sabnzbd/sabnzbd.ini",
    "/etc/transmission-daemon/settings.json",
    "/var/lib/radarr/config.xml",
    "/var/lib/sonarr/config.xml",
    "/var/lib/gitea/custom/conf/app.ini",
    "/data/gogs/conf/app.ini",
    "/etc/harbor/harbor.yml",
    "/etc/docker/registry/config.yml",
    "/opt/sonarqube/conf/sonar.properties",
    "/etc/authelia/configuration.yml",
    "/config/users_database.yml",
    "/etc/dex/config.yaml",
    "/var/lib/bitwarden_rs/db.sqlite3",
    "/var/lib/vaultwarden/rsa_key.pem",
    "/etc/mattermost/config.json",
    "/etc/matrix-synapse/homeserver.yaml",
    "/etc/turnserver.conf",
    "/etc/asterisk/pjsip.conf",
    "/etc/asterisk/manager.conf",
    "/etc/freeswitch/vars.xml",
    "/etc/mumble-server.ini",
    "/config/.storage/auth",
    "/config/.storage/auth_provider.homeassistant",
    "/etc/mosquitto/pwfile",
    "/opt/zigbee2mqtt/data/configuration.yaml",
    "/home/u/.node-red/.config.runtime.json",
    "/home/u/.octoprint/config.yaml",
    "/srv/salt/pillar/prod.sls",
    // Windows and desktop stores met on shared disks and backups.
    "/mnt/c/Windows/System32/config/SAM",
    "/mnt/c/Windows/System32/config/SECURITY",
    "/srv/backup/ntds.dit",
    "/srv/backup/NTUSER.DAT",
    "/mnt/c/Windows/Panther/Unattend.xml",
    "/srv/iso/autounattend.xml",
    "/srv/sysvol/Policies/x/Machine/Preferences/Groups/Groups.xml",
    "/mnt/c/Windows/System32/inetsrv/config/applicationHost.config",
    "/home/u/AppData/Roaming/WinSCP.ini",
    "/home/u/.putty/sessions/prod",
    "/home/u/.x11vnc/passwd",
    "/var/lib/znc/configs/znc.conf",
    "/home/u/.local/share/kwalletd/kdewallet.salt",
    "/home/u/.IdentityService/msal.cache",
    "/var/lib/k0s/pki/admin.conf",
    "/var/snap/microk8s/current/credentials/client.config",
    "/home/u/.lima/_config/user",
    // Mail, RADIUS, SNMP, DRBD, printing, monitoring, backup and home automation daemons'
    // secret files under generic names; replica-set key files by extension; desktop clients'
    // and package managers' token stores under XDG names.
    "/etc/dovecot/users",
    "/etc/dovecot/master-users",
    "/etc/dovecot/passwd.masterusers",
    "/etc/dovecot/private/example.com.passwd",
    "/etc/exim4/passwd",
    "/etc/courier/authmysqlrc",
    "/etc/courier/authlib/authldaprc",
    "/etc/rspamd/local.d/worker-controller.inc",
    "/etc/rspamd/override.d/controller.inc",
    "/etc/radcli/servers",
    "/etc/radiusclient/servers",
    "/etc/raddb/users",
    "/etc/freeradius/3.0/users",
    "/etc/snmp/snmptrapd.conf",
    "/etc/drbd.d/r0.res",
    "/etc/cups/printers.conf",
    "/etc/netdata/stream.conf",
    "/etc/icinga2/constants.conf",
    "/etc/icinga2/conf.d/api-users.conf",
    "/etc/duplicati/Duplicati-server.sqlite",
    "/home/u/.config/Duplicati/Duplicati-server.sqlite",
    "/home/u/.homebridge/config.json",
    "/var/lib/homebridge/auth.json",
    "/var/lib/openhab/jsondb/users.json",
    "/etc/mongod.keyfile",
    "/var/lib/mongodb/rs0.keyfile",
    "/home/u/Documents/vault.enpassdb",
    "/home/u/.local/share/lpass/session",
    "/home/u/.config/lpass/username",
    "/home/u/.lastpass/session",
    "/home/u/.config/cloudflared/cert.pem",
    "/etc/cloudflared/6ff42ae2-765d-4adf-8112-31c55c1551ef.json",
    "/home/u/.snowflake/connections.toml",
    "/home/u/.config/snowflake/config.toml",
    "/home/u/.config/dbt/profiles.yml",
    "/home/u/.config/pnpm/rc",
    "/home/u/.conan/.conan.db",
    "/home/u/.config/insomnia/insomnia.Environment.db",
    "/home/u/.config/Postman/Partitions/x/Cookies",
    "/home/u/.config/keybase/device_eks/x",
    "/home/u/.local/share/keybase/secretkeys.x.mpack",
    "/home/u/.config/Code/User/globalStorage/state.vscdb",
    "/home/u/.vscode-server/data/User/globalStorage/state.vscdb",
    "/home/u/.dbeaver4/General/.dbeaver-data-sources.xml",
    // Applications' database settings under their framework's names, authenticator exports,
    // DPAPI master keys, password managers', sync clients' and AI tools' stores.
    "/srv/app/connectionstrings.config",
    "/srv/app/App.config",
    "/srv/app/src/main/resources/hibernate.cfg.xml",
    "/opt/wildfly/standalone/configuration/standalone.xml",
    "/srv/app/ormconfig.json",
    "/srv/app/alembic.ini",
    "/srv/app/flyway.conf",
    "/srv/app/liquibase.properties",
    "/var/atlassian/application-data/jira/dbconfig.xml",
    "/srv/app/src/main/webapp/META-INF/context.xml",
    "/opt/tomcat/conf/context.xml",
    "/srv/app/config/initializers/secret_token.rb",
    "/home/u/.config/mRemoteNG/confCons.xml",
    "/home/u/.config/spotifyd/spotifyd.conf",
    "/home/u/.config/qBittorrent/qBittorrent.ini",
    "/home/u/.config/weechat/irc.conf",
    "/home/u/.config/Element/sso-sessions.json",
    "/home/u/.gdfuse/default/state",
    "/home/u/.config/yandex-browser/Default/Ya Passman Data",
    "/home/u/AppData/Roaming/Microsoft/Protect/S-1-5-21-1/0a1b2c3d",
    "/home/u/.config/gopass/age/identities",
    "/home/u/.local/share/rbw/db.json",
    "/home/u/.config/aegis/aegis.json",
    "/home/u/Downloads/aegis-export-plain-20240101.json",
    "/home/u/Downloads/andotp_backup_2024.json.aes",
    "/home/u/Downloads/accounts.2fas",
    "/home/u/.codeium/config.json",
    "/home/u/.continue/config.json",
    "/home/u/.cursor/mcp.json",
    "/home/u/.config/Claude/claude_desktop_config.json",
    "/home/u/.claude.json",
    "/home/u/.aider.conf.yml",
    "/home/u/.comet.config",
    // Kubernetes' encryption at rest, web servers' `passwd`, proxies and tunnels whose
    // settings are the credential, brokers' users, home automation and cameras.
    "/etc/kubernetes/enc/encryption.yaml",
    "/etc/httpd/conf/passwd",
    "/etc/shadowsocks-libev/config.json",
    "/etc/v2ray/config.json",
    "/usr/local/etc/xray/config.json",
    "/etc/trojan/config.json",
    "/etc/hysteria/config.yaml",
    "/etc/sing-box/config.json",
    "/etc/frp/frps.ini",
    "/etc/frp/frpc.toml",
    "/etc/nps/conf/nps.conf",
    "/usr/local/vpnserver/vpn_server.config",
    "/etc/rabbitmq/definitions.json",
    "/etc/nats/nats-server.conf",
    "/root/.local/share/nats/nsc/keys/keys/U/AB/UABC.nk",
    "/etc/openhab2/users.cfg",
    "/var/lib/domoticz/domoticz.db",
    "/etc/frigate/config.yml",
    "/config/frigate.yml",
    "/etc/evcc.yaml",
    "/etc/motion/motion.conf",
    "/etc/shinobi/conf.json",
    "/etc/powerdns/pdns.d/api.conf",
    "/etc/cloudflare-ddns/config.json",
    "/var/lib/unifi/db/collection-1.wt",
    // Monitoring, CI and artifact servers' settings holding passwords under generic names.
    "/usr/local/nagios/etc/resource.cfg",
    "/etc/nagios4/resource.cfg",
    "/etc/icinga2/features-enabled/ido-mysql.conf",
    "/etc/check_mk/multisite.d/wato/users.mk",
    "/opt/splunk/etc/passwd",
    "/opt/splunkforwarder/etc/system/local/outputs.conf",
    "/opt/splunk/etc/system/local/server.conf",
    "/etc/elastic-agent/elastic-agent.yml",
    "/opt/Elastic/Agent/fleet.enc",
    "/var/lib/rundeck/etc/framework.properties",
    "/var/lib/teamcity/BuildServer/config/database.properties",
    "/opt/jfrog/artifactory/var/etc/system.yaml",
    "/var/lib/drone/database.sqlite",
    "/opt/bamboo/bamboo.cfg.xml",
    "/var/atlassian/application-data/confluence/confluence.cfg.xml",
    "/var/atlassian/application-data/bitbucket/shared/bitbucket.properties",
    "/etc/.mysqld_exporter.cnf",
    "/etc/default/prometheus-mysqld-exporter",
    "/root/.hal/config",
    // Backup, storage and hosting panels' secrets.
    "/root/.borgmatic/config.yaml",
    "/etc/duplicity/env",
    "/etc/backup.d/20.borg",
    "/etc/bareos/bareos-dir.d/director/bareos-dir.conf",
    "/etc/bareos/bareos-dir.d/client/web1.conf",
    "/etc/burp/burp.conf",
    "/etc/burp/clientconfdir/web1",
    "/var/urbackup/backup_server_settings.db",
    "/root/.duplicacy/preferences",
    "/root/.config/rustic/rustic.toml",
    "/root/.autorestic.yml",
    "/root/.rclone.conf",
    "/root/.s3ql/authinfo2",
    "/root/.config/mc/config.json",
    "/etc/target/saveconfig.json",
    "/etc/tgt/conf.d/iscsi.conf",
    "/etc/cifs-creds",
    "/root/.smb-credentials",
    "/root/.cifs",
    "/etc/webmin/miniserv.users",
    "/etc/psa/.psa.shadow",
    "/usr/local/directadmin/conf/mysql.conf",
    "/usr/local/CyberCP/CyberCP/settings.py",
    "/var/lib/phpmyadmin/blowfish_secret.inc.php",
    "/etc/postfixadmin/config.local.php",
    "/etc/dbconfig-common/phpmyadmin.conf",
    "/opt/seafile/conf/seahub_settings.py",
    "/etc/ipa/nssdb/pwdfile.txt",
    "/etc/dirsrv/slapd-example/pin.txt",
    "/var/lib/ipa/passwds/host.example.com-443-RSA",
    "/etc/xrdp/rsakeys.ini",
    "/root/.acme.sh/account.conf",
];

/// Look-alikes of the kinds above that must stay readable.
const ORDINARY_PATHS: &[&str] = &[
    // Tenth round: neighbours of the services' secret files.
    "/etc/guacamole/logback.xml",
    "/etc/graylog/server/log4j2.xml",
    "/var/discourse/launcher",
    "/var/lib/influxdb/engine/data",
    "/home/u/.wakatime.log",
    "/etc/elasticsearch/jvm.options",
    "/etc/node-red/package.json",
    "/etc/cacti/apache.conf",
    "/etc/icinga2/features-available/checker.conf",
    "/etc/filebeat/modules.d/nginx.yml",
    "/etc/ipsec.d/policies/clear",
    "/etc/netdata/netdata.conf",
    // Fourth round: templates, public halves, certificates named as such, programs, manuals,
    // PAM's service files, project files named for a cloud tool, histories of projects.
    "/srv/app/.env.example",
    "/srv/app/.env.sample",
    "/srv/app/.env.template",
    "/srv/app/.env.dist",
    "/srv/infra/prod.tfvars.example",
    "/srv/infra/terraform.tfvars.sample",
    "/srv/app/secrets.example.yml",
    "/srv/app/secrets.yml.example",
    "/srv/app/credentials.example.json",
    "/srv/app/.npmrc.example",
    "/srv/app/config/database.yml.example",
    "/srv/app/id_rsa.pub",
    "/home/u/.ssh/id_ed25519.pub",
    "/home/u/.ssh/known_hosts",
    "/home/u/.ssh/known_hosts.old",
    "/srv/backup/id_ed25519-cert.pub",
    "/srv/tls/fullchain.pem",
    "/srv/tls/chain.pem",
    "/srv/keys/server-cert.pem",
    "/srv/keys/ca-bundle.pem",
    "/etc/letsencrypt/live/example.com/cert.pem",
    "/srv/keys/server.csr",
    "/etc/passwd",
    "/etc/group",
    "/etc/pam.d/common-password",
    "/etc/pam.d/chpasswd",
    "/usr/bin/gpasswd",
    "/usr/sbin/chpasswd",
    "/usr/bin/secret-tool",
    "/usr/share/man/man5/shadow.5.gz",
    "/usr/share/doc/openvpn/examples/sample-config-files/client.conf",
    "/srv/app/fly.toml",
    "/srv/app/aws.yml",
    "/srv/app/azure.yaml",
    "/srv/app/doppler.yaml",
    "/srv/app/hcloud-firewall.md",
    "/srv/app/history",
    "/srv/app/HISTORY.md",
    "/srv/app/docs/history.txt",
    "/srv/app/config.development.json",
    "/srv/app/basic-auth.conf",
    "/srv/app/user_pass.py",
    "/srv/app/wget.conf",
    "/srv/tls/ca.crt",
    "/srv/app/.sops.yaml",
    "/etc/letsencrypt/archive/example.com/fullchain1.pem",
    "/etc/letsencrypt/archive/example.com/cert1.pem",
    "/srv/src/krb5cc_test.go",
    "/srv/app/src/history.ts",
    "/etc/crypttab",
    "/srv/b/publickey",
    "/srv/b/server.pub",
    "/etc/pwd.db",
    "/srv/app/src/rsa_key.go",
    "/srv/src/kubeconfig.go",
    "/srv/docs/kubeconfig.md",
    "/srv/src/kube_config.py",
    "/srv/app/run/credentials.md",
    "/srv/app/config.json",
    "/srv/app/config.yml",
    "/srv/admin.conf",
    "/srv/app/kube/README.md",
    "/srv/src/restic/env.go",
    "/srv/ansible/group_vars/all/vars.yml",
    "/srv/app/tfplan.md",
    "/srv/app/copy.txt",
    "/srv/app/swp",
    "/etc/docker/daemon.json",
    "/etc/ssh/sshd_config",
    "/etc/environment",
    "/etc/mysql/mysql.conf.d/mysqld.cnf",
    "/srv/app/db.sqlite-wal",
    "/var/log/app.log-journal",
    "/srv/reports/sales.xlsx",
    "/srv/app/export.csv",
    "/home/u/.mozilla/firefox/x/cert9.db",
    "/home/u/pubkey.asc",
    "/etc/containers/registries.conf",
    "/etc/letsencrypt/renewal/example.com.conf",
    "/srv/app/.sops.yaml",
    // Fifth round: SOPS's settings and Jenkins' user index.
    "/srv/app/.sops.yml",
    "/srv/app/secrets.sops.yaml.example",
    "/var/lib/jenkins/users/users.xml",
    // Fifth round: the same services' files without secrets, templates and documents of them,
    // public halves, code and data named like the new kinds.
    "/etc/kafka/server.properties",
    "/etc/postfix/main.cf",
    "/etc/postfix/master.cf",
    "/etc/postfix/mysql-virtual.cf.example",
    "/opt/couchdb/etc/default.ini",
    "/opt/couchdb/etc/vm.args",
    "/etc/asterisk/extensions.conf",
    "/var/lib/gitea/custom/templates/home.tmpl",
    "/srv/app/src/session_key.rs",
    "/srv/app/docs/api_key.md",
    "/srv/app/model.pkl",
    "/srv/app/kibana.yml.sample",
    "/srv/app/homeserver.yaml.example",
    "/etc/mongod.conf",
    "/srv/app/worker_key.pub",
    "/etc/zigbee2mqtt/devices.yaml",
    "/srv/app/notes.sec.md",
    "/var/log/tor/notices.log",
    "/srv/app/src/jaas.go",
    "/etc/prometheus/prometheus.yml",
    "/etc/config/system",
    "/srv/app/groups.xml",
    "/home/u/.lima/_config/user.pub",
    "/var/snap/microk8s/current/args/kube-apiserver",
    "/etc/dovecot/dovecot.conf",
    "/etc/dovecot/conf.d/10-auth.conf",
    "/etc/exim4/update-exim4.conf.conf",
    "/etc/rspamd/local.d/options.inc",
    "/etc/raddb/radiusd.conf",
    "/etc/snmp/snmp.conf",
    "/etc/cups/cupsd.conf",
    "/etc/netdata/netdata.conf",
    "/etc/icinga2/icinga2.conf",
    "/var/lib/homebridge/package.json",
    "/srv/app/users.json",
    "/srv/app/dbt/models/orders.sql",
    "/home/u/src/postman/collection.json",
    "/home/u/.config/Code/User/settings.json",
    "/home/u/.config/Code/User/globalStorage/storage.json",
    "/srv/app/aegis/README.md",
    "/srv/app/src/aegis.rs",
    "/srv/app/docs/authy-setup.md",
    "/srv/app/config/app.config.js",
    "/srv/app/src/main/webapp/META-INF/MANIFEST.MF",
    "/srv/app/alembic/env.py",
    "/home/u/.cursor/settings.json",
    "/home/u/.config/weechat/weechat.conf",
    "/srv/app/docs/frps.ini.example",
    "/srv/app/v2ray/README.md",
    "/srv/app/kubernetes/deployment.yaml",
    "/etc/httpd/conf/httpd.conf",
    "/etc/nats/README",
    "/etc/nagios/nagios.cfg",
    "/opt/splunk/etc/system/local/inputs.conf",
    "/etc/drone/README.md",
    "/etc/default/prometheus-node-exporter",
    "/srv/app/target/debug/build.rs",
    "/etc/samba/smb.conf",
    "/srv/app/src/cifs_auth.rs",
    "/srv/app/docs/smb-credentials.md",
    "/home/u/.config/mc/ini",
    "/etc/webmin/miniserv.conf",
    "/etc/fstab",
    "/etc/xrdp/xrdp.ini",
    "/root/.acme.sh/example.com/example.com.conf",
];

#[test]
fn secret_files_are_refused_by_name_or_directory() {
    let missed: Vec<&str> = SECRET_PATHS
        .iter()
        .copied()
        .filter(|p| sensitive_path(Path::new(p)).is_none())
        .collect();
    assert_eq!(missed, Vec::<&str>::new());
    let refused: Vec<&str> = ORDINARY_PATHS
        .iter()
        .copied()
        .filter(|p| sensitive_path(Path::new(p)).is_some())
        .collect();
    assert_eq!(refused, Vec::<&str>::new());
}

/// Generic names (`config.json`, `admin.conf`) are refused by what they hold.
#[test]
fn credential_stores_are_refused_by_content() {
    let docker = "{\n\t\"auths\": {\n\t\t\"ghcr.io\": {\n\t\t\t\"auth\": \"Ym9iOmh1bnRlcjI=\"\n\t\t}\n\t}\n}";
    let kubeconfig = "apiVersion: v1\nclusters:\n- cluster:\n    server: https://k:6443\n  name: k\nusers:\n- name: admin\n  user:\n    client-certificate-data: LS0t\n    client-key-data: LS0tLS1CRUdJTi\n";
    let token = "apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: ci\n  user:\n    token: eyJhbGciOi\n";
    let key = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n";
    for text in [docker, kubeconfig, token, key] {
        assert!(sensitive_content(text).is_some(), "{text}");
    }
    for text in [
        "{\"auths\":{\"ghcr.io\":{}},\"credsStore\":\"desktop\"}",
        "{\"log-driver\": \"json-file\"}",
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\nusers:\n- name: u\n  user:\n    exec:\n      command: aws\n",
        "jobs:\n  build:\n    steps:\n      - with:\n          token: ${{ secrets.GH }}\n",
    ] {
        assert_eq!(sensitive_content(text), None, "{text}");
    }
}

#[test]
fn session_cookies_in_json_entries_go_by_their_shape() {
    let redacted = redact(&json!({"entries": [
        {"name": "session_id", "value": "8f3a9c2e7b1d4f6a0c5e9b2d7a1f3c8e"},
        {"name": "sid", "value": "42"},
        {"name": "theme", "value": "8f3a9c2e7b1d4f6a0c5e9b2d7a1f3c8e"},
    ]}));
    assert_eq!(
        redacted,
        json!({"entries": [
            {"name": "session_id", "value": REDACTED},
            {"name": "sid", "value": "42"},
            {"name": "theme", "value": "8f3a9c2e7b1d4f6a0c5e9b2d7a1f3c8e"},
        ]})
    );
}

#[test]
fn session_ids_in_json_go_by_their_shape() {
    let redacted = redact(&json!({
        "session_id": "8f3a9c2e7b1d4f6a0c5e9b2d7a1f3c8e",
        "sid": "s%3AaBcD1234efGh5678.ijKLmn0pQrsTuvWXyz",
        "session": 42,
        "xdg_session_id": "c2",
        "session_timeout": "8f3a9c2e7b1d4f6a0c5e9b2d7a1f3c8e",
    }));
    assert_eq!(
        redacted,
        json!({
            "session_id": REDACTED,
            "sid": REDACTED,
            "session": 42,
            "xdg_session_id": "c2",
            "session_timeout": "8f3a9c2e7b1d4f6a0c5e9b2d7a1f3c8e",
        })
    );
}

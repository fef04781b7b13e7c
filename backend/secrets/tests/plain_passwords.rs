//! Passwords shaped like words (`hunter2`, `Summer2024`) where only their place says they are
//! passwords: rows of account tables, values of account keys in a store, and logins written
//! in the middle of a longer line; with the identifiers that look alike and must stay.

mod common;

use common::{changed, wrong_redactions};
use pretty_assertions::assert_eq;

use warden_secrets::redact_text;

#[test]
fn word_shaped_passwords_in_rows_of_account_tables_are_hidden() {
    let wrong = wrong_redactions(&[
        (
            "sqlite> select * from accounts;\n1|alice|hunter2|alice@x.io|2024-01-01\n2|bob|Summer2024|bob@x.io|2024-01-02",
            "sqlite> select * from accounts;\n1|alice|[redacted]|alice@x.io|2024-01-01\n2|bob|[redacted]|bob@x.io|2024-01-02",
        ),
        (
            "$ psql -t -c \"SELECT * FROM users\"\n  1 | alice | hunter2    | alice@x.io",
            "$ psql -t -c \"SELECT * FROM users\"\n  1 | alice | [redacted]    | alice@x.io",
        ),
        (
            "$ mysql -N -e \"select * from wp_users\" wp\n2\tbob\tSummer2024\tbob",
            "$ mysql -N -e \"select * from wp_users\" wp\n2\tbob\t[redacted]\tbob",
        ),
        (
            "$ sqlite3 app.db \"select * from members\"\n7|carol|P@ssw0rd!|0",
            "$ sqlite3 app.db \"select * from members\"\n7|carol|[redacted]|0",
        ),
        // A header naming the column: its values go whatever their shape.
        (
            " ID | user_login | user_pass\n----+------------+-----------\n  1 | admin      | Summer2024",
            " ID | user_login | user_pass\n----+------------+-----------\n  1 | admin      | [redacted]",
        ),
        (
            "$ sqlite3 app.db \"select id,name,pwd from users\"\n1|alice|hunter2",
            "$ sqlite3 app.db \"select id,name,pwd from users\"\n1|alice|[redacted]",
        ),
        (
            " id | name  | pwd\n----+-------+---------\n  1 | alice | hunter2",
            " id | name  | pwd\n----+-------+---------\n  1 | alice | [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    // Headers on, other tables, and the names, addresses and dates of accounts stay.
    let changed = changed(&[
        "sqlite> select * from products;\n1|widget|blue",
        "sqlite> .headers on\nsqlite> select * from users;\nid|name|email\n1|alice|alice@x.io",
        "$ psql -t -c \"SELECT * FROM users\"\n  1 | alice | alice@x.io | 2024-01-01 | t",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn word_shaped_passwords_under_account_or_secret_keys_of_a_store_are_hidden() {
    let wrong = wrong_redactions(&[
        (
            "127.0.0.1:6379> GET credentials:alice\n\"hunter2\"",
            "127.0.0.1:6379> GET credentials:[redacted]\n[redacted]",
        ),
        (
            "127.0.0.1:6379> GET user:1:password:current\n\"Summer2024\"",
            "127.0.0.1:6379> GET user:1:password:[redacted]\n[redacted]",
        ),
        (
            "127.0.0.1:6379> HGETALL accounts:1\n1) \"name\"\n2) \"bob\"\n3) \"pwd\"\n4) \"Summer2024\"",
            "127.0.0.1:6379> HGETALL accounts:1\n1) \"name\"\n2) \"bob\"\n3) \"pwd\"\n4) \"[redacted]\"",
        ),
        (
            "127.0.0.1:6379> HGETALL user:7\n1) \"login\"\n2) \"carol\"\n3) \"secret_word\"\n4) \"hunter2\"\n5) \"pin_code\"\n6) \"Summer2024\"",
            "127.0.0.1:6379> HGETALL user:7\n1) \"login\"\n2) \"carol\"\n3) \"secret_word\"\n4) \"[redacted]\"\n5) \"pin_code\"\n6) \"[redacted]\"",
        ),
        (
            "127.0.0.1:6379> HVALS user:7\n1) \"carol\"\n2) \"hunter2\"",
            "127.0.0.1:6379> HVALS user:7\n1) \"carol\"\n2) [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "127.0.0.1:6379> HGETALL user:1\n1) \"name\"\n2) \"alice\"\n3) \"created_at\"\n4) \"2024-01-01\"",
        "127.0.0.1:6379> GET greeting\n\"hello\"",
        "127.0.0.1:6379> GET user:1:name\n\"alice\"",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn identifiers_of_a_kind_before_a_uuid_are_no_atlas_key_pairs() {
    let changed = changed(&[
        "instance:3f2b1c4e-9a8d-4b7e-8c6f-1a2b3c4d5e6f started",
        "created customer:3f2b1c4e-9a8d-4b7e-8c6f-1a2b3c4d5e6f",
        "resource:3f2b1c4e-9a8d-4b7e-8c6f-1a2b3c4d5e6f deleted",
        "mongo document 3f2b1c4e-9a8d-4b7e-8c6f-1a2b3c4d5e6f inserted",
        "workflow:3f2b1c4e-9a8d-4b7e-8c6f-1a2b3c4d5e6f done",
    ]);
    assert_eq!(changed, Vec::<String>::new());
    let wrong = wrong_redactions(&[
        (
            "zgtbxkqr:12345678-abcd-1234-abcd-1234567890ab",
            "zgtbxkqr:[redacted]",
        ),
        (
            "curl --digest -u 'abcdwxyz:12345678-abcd-1234-abcd-1234567890ab' https://cloud.mongodb.com",
            "curl --digest -u 'abcdwxyz:[redacted]' https://cloud.mongodb.com",
        ),
        (
            "atlas keys: qwertyui 12345678-abcd-1234-abcd-1234567890ab",
            "atlas keys: qwertyui [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn secrets_named_in_the_middle_of_longer_lines_are_hidden() {
    let wrong = wrong_redactions(&[
        (
            "mount -t cifs //srv/share /mnt -o username=bob,password=hunter2,vers=3.0",
            "mount -t cifs //srv/share /mnt -o username=bob,password=[redacted],vers=3.0",
        ),
        (
            "//srv/share /mnt cifs user=bob,pass=Summer2024 0 0",
            "//srv/share /mnt cifs user=bob,pass=[redacted] 0 0",
        ),
        // `--password VALUE` of a database client in a logged command line: what follows
        // was typed as the password, whatever the client makes of it.
        (
            "Dec  1 10:00:00 host sudo:  bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/mysql -u root --password hunter2 shop",
            "Dec  1 10:00:00 host sudo:  bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/mysql -u root --password [redacted] shop",
        ),
        (
            "  42  mysql -u root --password hunter2",
            "  42  mysql -u root --password [redacted]",
        ),
        (
            "  43  psql -h db --password Summer2024",
            "  43  psql -h db --password [redacted]",
        ),
        (
            "  44  ./deploy.sh --db-pass hunter2 --verbose",
            "  44  ./deploy.sh --db-pass [redacted] --verbose",
        ),
        (
            "connecting to http://admin:hunter2@10.0.0.5:8080/api failed",
            "connecting to http://admin:[redacted]@10.0.0.5:8080/api failed",
        ),
        (
            "  501  PGPASSWORD=hunter2 psql -h db -U app",
            "  501  PGPASSWORD=[redacted] psql -h db -U app",
        ),
        (
            "sudo -u postgres PGPASSWORD='Summer2024' pg_dump app",
            "sudo -u postgres PGPASSWORD='[redacted]' pg_dump app",
        ),
        (
            "x=1 MYSQL_PWD=hunter2 mysql -u root",
            "x=1 MYSQL_PWD=[redacted] mysql -u root",
        ),
        // Named mid-line with a blank before the value.
        (
            "Dec 1 host app[9]: authentication failed for user bob with password hunter2",
            "Dec 1 host app[9]: authentication failed for user bob with password [redacted]",
        ),
        (
            "INFO connect host=db user=bob passwd Summer2024 now",
            "INFO connect host=db user=bob passwd [redacted] now",
        ),
        (
            "created account carol, passphrase P@ssw0rd! sent",
            "created account carol, passphrase [redacted] sent",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "Dec  1 10:00:00 host sshd[1]: Accepted password for bob from 10.0.0.1 port 22 ssh2",
        "psql -h db -U app --password -d shop",
        "echo $PGPASSWORD",
        "Dec  1 10:00:00 host sshd[1]: Failed password for invalid user admin from 10.0.0.1",
        "user changed password 3 times",
        "the admin password expires 2024-01-01",
        "the root password v1.2 rollout",
        "use password ${DB_PASSWORD} here",
        "see password /etc/app/pass.txt",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn yarn_and_npm_registry_logins_are_hidden_in_every_spelling() {
    let wrong = wrong_redactions(&[
        (
            "\"//npm.example.com/:_authToken\" abc123def456ghi",
            "\"//npm.example.com/:_authToken\" [redacted]",
        ),
        (
            "\"//npm.example.com/:_password\" \"aHVudGVyMg==\"",
            "\"//npm.example.com/:_password\" \"[redacted]\"",
        ),
        (
            "//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789",
            "//registry.npmjs.org/:_authToken=[redacted]",
        ),
        (
            "npmScopes:\n  acme:\n    npmAuthToken: ghp_abcdefgh12345678",
            "npmScopes:\n  acme:\n    npmAuthToken: [redacted]",
        ),
        (
            "npmAuthIdent: \"bob:hunter2\"",
            "npmAuthIdent: \"[redacted]\"",
        ),
        ("_authToken abc123def456ghi", "_authToken [redacted]"),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "\"//npm.example.com/:always-auth\" true",
        "registry \"https://registry.example.com/\"",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn logins_written_user_colon_password_at_host_without_a_scheme_are_hidden() {
    let wrong = wrong_redactions(&[
        (
            "Connecting to bob:hunter2@db.example.com:5432",
            "Connecting to bob:[redacted]@db.example.com:5432",
        ),
        (
            "proxy bob:Summer2024@10.0.0.1:3128 refused",
            "proxy bob:[redacted]@10.0.0.1:3128 refused",
        ),
        (
            "tunnel admin:P@ss1@localhost",
            "tunnel admin:[redacted]@localhost",
        ),
        (
            "replica repl:s3cret!@pg-primary:5432 lagging",
            "replica repl:[redacted]@pg-primary:5432 lagging",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "Reply-To: mailto:bob@example.com",
        "note:bob@example.com",
        "owner:alice.smith@corp.example.com",
        "at 10:30@office",
        "node:18@sha256:0123456789abcdef",
        "ghcr.io/org/app:1.2.3@sha256:abcdef0123456789",
        "git@github.com:org/repo.git",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn word_shaped_passwords_in_inserts_into_account_tables_without_columns_are_hidden() {
    let wrong = wrong_redactions(&[
        (
            "INSERT INTO `wp_users` VALUES (1,'admin','$P$Babcdefghijklmnopqrstuvwxyz012','admin','a@x.io');",
            "INSERT INTO `wp_users` VALUES (1,'admin','[redacted]','admin','a@x.io');",
        ),
        (
            "INSERT INTO accounts VALUES (3, 'carol', 'P@ssw0rd!'), (4, 'dave', 'Summer2024');",
            "INSERT INTO accounts VALUES (3, 'carol', '[redacted]'), (4, 'dave', '[redacted]');",
        ),
        (
            "sqlite> .mode insert\nsqlite> select * from users;\nINSERT INTO users VALUES(1,'alice','hunter2','alice@x.io');",
            "sqlite> .mode insert\nsqlite> select * from users;\nINSERT INTO users VALUES(1,'alice','[redacted]','alice@x.io');",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "INSERT INTO products VALUES (1, 'widget2', 'SKU-1000');",
        "INSERT INTO users VALUES (1, 'alice', 'alice@x.io', '2024-01-01', NULL);",
        "sqlite> .mode line\nsqlite> select * from products;\n   id = 1\n name = widget",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn columns_named_by_short_or_hashed_spellings_of_a_password_are_hidden() {
    for header in [
        "pwd",
        "user_pwd",
        "pswd",
        "psw",
        "pword",
        "passw",
        "pw_hash",
        "pwhash",
        "passhash",
        "pass_hash",
        "pin_code",
        "pincode",
        "recovery_codes",
        "security_answer",
    ] {
        let text = format!(" id | name  | {header}\n----+-------+------\n  1 | alice | hunter2");
        let expected =
            format!(" id | name  | {header}\n----+-------+------\n  1 | alice | [redacted]");
        assert_eq!(redact_text(&text), expected, "{header}");
    }
    // A column named for a hash alone is a commit's or a file's as often; a `pw` that starts
    // a longer name (`pw_reset_sent_at`) names a time.
    let changed = changed(&[
        " id | name  | hash\n----+-------+------\n  1 | alice | 3f2b1c4e",
        " id | pw_reset_sent_at\n----+-----------------\n  1 | 2024-01-01",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn memcached_values_under_secret_or_account_keys_are_hidden() {
    let wrong = wrong_redactions(&[
        (
            "VALUE user:1:pass 0 7\nhunter2\nEND",
            "VALUE user:1:pass 0 7\n[redacted]\nEND",
        ),
        (
            "VALUE account:42 0 10\nSummer2024\nEND",
            "VALUE account:42 0 10\n[redacted]\nEND",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "VALUE page:home 0 5\nhello\nEND",
        "VALUE counter:1 0 2\n42\nEND",
        "VALUE user:1 0 5\nalice\nEND",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

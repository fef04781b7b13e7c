//! Secret files and secret text met across ecosystems (cloud and cluster CLIs, registries,
//! databases, VPNs, password stores, mail clients, application settings), each kind with
//! ordinary look-alikes that must stay readable.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;

use warden_secrets::{is_secret_name, redact, redact_text, sensitive_content};

#[test]
fn client_settings_copied_out_of_their_directories_are_refused() {
    let missed = missed_paths(
        &[
            "/srv/backup/docker/config.json",
            "/home/u/.op/config",
            "/home/u/.netlify/config.json",
            "/home/u/.expo/state.json",
            "/srv/backup/kube/cache/http/abc",
            "/home/u/.config/msmtp/config",
            "/home/u/.config/offlineimap/config",
            "/home/u/.config/isync/config",
            "/home/u/.config/pgcli/config",
            "/etc/pki/private/x",
            "/etc/maven/settings.xml",
            "/opt/maven/conf/settings.xml",
            "/home/u/.config/1Password/1password.sqlite",
            "/home/u/.config/1Password/settings/settings.json",
            "/srv/backup/service_principal_entries.json",
            "/home/u/.myclirc",
            "/home/u/.robo3t/robo3t.json",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new(), "should be sensitive");
}

#[test]
fn secret_names_in_other_spellings_are_refused() {
    let missed = missed_paths(
        &[
            // WireGuard configurations named for the tunnel in any place of the name.
            "/srv/backup/wireguard.conf",
            "/srv/backup/home-wg.conf",
            "/srv/backup/office_wg.conf",
            // Rails' per-environment credentials.
            "/srv/app/config/credentials/production.yml.enc",
            "/srv/app/config/credentials/staging.yml.enc",
            // Keys named for what they open, saved as text or binary.
            "/srv/backup/age-key.txt",
            "/srv/backup/deploy_key.txt",
            "/srv/backup/ssh-key.bin",
            // Secret dotfiles and keys saved with a `.txt` added.
            "/srv/backup/pgpass.txt",
            "/srv/backup/netrc.txt",
            "/srv/backup/id_rsa.txt",
            "/srv/backup/shadow.txt",
            "/srv/backup/git-credentials.txt",
            // Versioned copies.
            "/home/u/.config/jfrog/jfrog-cli.conf.v6",
            "/srv/backup/.pgpass.v2",
            // Passphrase files by extension, AWS key pairs by name, Neovim's history.
            "/srv/backup/borg.passphrase",
            "/srv/backup/repo.passphrase",
            "/srv/backup/aws_keys.csv",
            "/home/u/.local/share/nvim/shada/main.shada",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new(), "should be sensitive");
}

#[test]
fn ordinary_neighbours_of_the_new_kinds_stay_readable() {
    let wrongly = missed_paths(
        &[
            "/srv/app/README.md",
            "/srv/app/package.json",
            "/srv/backup/id_rsa.pub",
            "/srv/tls/server.crt",
            "/srv/tls/ca.crt",
            "/srv/backup/keys.txt",
            "/srv/backup/notes.txt",
            "/srv/backup/identity.txt",
            "/srv/backup/stash.txt",
            "/srv/app/docker/Dockerfile",
            "/srv/app/docker/compose.yaml",
            "/srv/app/config/settings.xml.md",
            "/srv/app/src/credentials/mod.rs",
            "/srv/app/src/credentials/store.py",
            "/etc/wgetrc",
            "/srv/app/wget.conf",
            "/srv/app/app.conf.v2.md",
            "/srv/app/primary_key.txt",
            "/srv/app/key.json",
            "/srv/app/config.v2",
        ],
        false,
    );
    assert_eq!(wrongly, Vec::<String>::new(), "should be allowed");
}

#[test]
fn plain_user_password_lines_are_redacted() {
    let wrong = wrong_redactions(&[
        ("bob:hunter2", "bob:[redacted]"),
        ("admin:S3cr3tP4ss!", "admin:[redacted]"),
        (
            "alice:Winter2024\nbob@example.com:Summer2024!",
            "alice:[redacted]\nbob@example.com:[redacted]",
        ),
        ("backup-svc:p@ssw0rd\r", "backup-svc:[redacted]\r"),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn word_colon_word_lines_that_are_not_logins_stay() {
    let changed = changed(&[
        "foo:bar",
        "hello:world",
        "localhost:8080",
        "127.0.0.1:8080",
        "12:30:45",
        "nginx:1.25",
        "postgres:16-alpine",
        "ubuntu:jammy-20240101",
        "debian:bookworm-slim",
        "app:v2.3.1",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "ERROR:root:failed",
        "Error:Timeout2",
        "src/main.rs:12",
        "notes.txt:hunter2",
        "Content-Type:text/html",
        "root:x:0:0:root:/root:/bin/bash",
        "password: [redacted]",
        "Password:",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn mail_synchroniser_passwords_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "IMAPAccount gmail\nHost imap.gmail.com\nUser bob@gmail.com\nPass hunter2xyz",
            "IMAPAccount gmail\nHost imap.gmail.com\nUser bob@gmail.com\nPass [redacted]",
        ),
        ("  Pass \"hunter 2 xyz\"", "  Pass \"[redacted]\""),
        ("PassCmd \"echo hunter2xyz\"", "PassCmd \"[redacted]\""),
        (
            "passwordeval \"echo hunter2xyz\"",
            "passwordeval \"[redacted]\"",
        ),
        ("remotepass = hunter2xyz", "remotepass = [redacted]"),
        ("localpass = hunter2xyz", "localpass = [redacted]"),
        (
            "remotepasseval = get_password(\"hunter2\")",
            "remotepasseval = [redacted]",
        ),
        (
            "remotepasseval = \"hunter2\"",
            "remotepasseval = \"[redacted]\"",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn commands_fetching_from_a_store_and_password_store_commands_stay() {
    let changed = changed(&[
        "PassCmd \"pass show mail\"",
        "PassCmd \"gpg -q -d ~/.mail.gpg\"",
        "passwordeval \"pass show mail\"",
        "passwordeval = \"secret-tool lookup service imap\"",
        "remotepasseval = keyring.get_password(\"imap\", \"bob\")",
        "pass show mail",
        "pass insert github",
        "Pass",
        "bypass hunter2xyz",
        "PasswordAuthentication no",
        "Password required",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn one_time_codes_are_redacted() {
    let wrong = wrong_redactions(&[
        ("op signin --otp 123456", "op signin --otp [redacted]"),
        (
            "gh auth login --totp 654321",
            "gh auth login --totp [redacted]",
        ),
        ("npm publish --otp=123456", "npm publish --otp=[redacted]"),
        ("npm publish --otp 123456", "npm publish --otp [redacted]"),
        ("tool --2fa 123456", "tool --2fa [redacted]"),
        ("tool --otp-code=123456", "tool --otp-code=[redacted]"),
        (
            "tool --mfa-code 123456 --user bob",
            "tool --mfa-code [redacted] --user bob",
        ),
        ("tool --sms-code 123456", "tool --sms-code [redacted]"),
        (
            "tool --verification-code 123456",
            "tool --verification-code [redacted]",
        ),
        ("{\"otp\": \"123456\"}", "{\"otp\": \"[redacted]\"}"),
        (
            "oathtool --totp -b JBSWY3DPEHPK3PXP",
            "oathtool --totp -b [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    for name in ["otp", "--totp", "TOTP_CODE", "mfa_code", "--2fa", "hotp"] {
        assert!(is_secret_name(name), "{name} should be secret");
    }
    for name in [
        "otp_enabled",
        "OTP_ISSUER",
        "otp_length",
        "--require-otp",
        "code",
    ] {
        assert!(!is_secret_name(name), "{name} should be ordinary");
    }
}

#[test]
fn one_time_code_look_alikes_stay() {
    let changed = changed(&[
        "ENABLE_OTP=true",
        "OTP_ISSUER=Warden",
        "otp_length: 6",
        "op item get Google --otp",
        "op item get Google --otp --vault Private",
        "head -1 file.txt",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn passwords_piped_into_programs_reading_them_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "echo hunter2xyz | cryptsetup luksOpen /dev/sda1 x -",
            "echo [redacted] | cryptsetup luksOpen /dev/sda1 x -",
        ),
        (
            "echo hunter2xyz | gpg --batch --passphrase-fd 0 -d x.gpg",
            "echo [redacted] | gpg --batch --passphrase-fd 0 -d x.gpg",
        ),
        (
            "printf hunter2xyz | gpg --batch --passphrase-fd=0 -d x.gpg",
            "printf [redacted] | gpg --batch --passphrase-fd=0 -d x.gpg",
        ),
        (
            "echo hunter2xyz | sshpass ssh admin@db1",
            "echo [redacted] | sshpass ssh admin@db1",
        ),
        ("yes hunter2xyz | passwd bob", "yes [redacted] | passwd bob"),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "echo hello | gpg --batch --status-fd 0 --verify x.sig",
        "echo done | sshpass -f /root/.pw ssh admin@db1",
        "yes | apt-get install vim",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn vendor_tokens_by_prefix_and_randomness_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "FLY_API_TOKEN fo1_7v6pgeRVc2B1Cm9lMGm2GyHxmoxQ4LWXev5dDc1Nl5j",
            "FLY_API_TOKEN [redacted]",
        ),
        (
            "token in output: dp.st.dev.OCtW51goGrrTpAjiqmAJOM59dI1MGj8ArrEStrFn",
            "token in output: [redacted]",
        ),
        (
            "created pnu_Xu5NWdvA8bwxxMM4Q3AnY52s6ouzSyQXlayP for ci",
            "created [redacted] for ci",
        ),
        (
            "rdme_599wMYXN15ooe0NuynT3sgBaZwfZA8jhIYU0lWvjyBuI3O8SHr88nmkkIk99jhCLHiBi2v",
            "[redacted]",
        ),
        (
            "key: tfp_MYUSRuMibwXlopSFLFc7PfiIEKjnxTir5VweyEbHD4mU",
            "key: [redacted]",
        ),
        (
            "shippo_live_56ce3a845a4597dee9596940a3dc5eeeb61233c4",
            "[redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "test test_shouldReturn404WhenUserMissing ... ok",
        "pi_3MtwBwLkdIwHu7ix28a3tqPa succeeded",
        "msg_01XFDUDYJgAACzvnptvVoYEL",
        "cache_3f786850e387550fdab836ed7e6dc881de23001b",
        "node_modules/some_package_name_that_is_long/index.js",
        "MAX_CONNECTIONS_PER_HOST_DEFAULT_VALUE=10",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn commands_printing_a_secret_they_hold_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "restic -r x --password-command \"echo hunter2xyz\" backup",
            "restic -r x --password-command \"[redacted]\" backup",
        ),
        (
            "BORG_PASSCOMMAND=\"echo hunter2xyz\" borg list",
            "BORG_PASSCOMMAND=\"[redacted]\" borg list",
        ),
        (
            "RESTIC_PASSWORD_COMMAND=echo hunter2xyz",
            "RESTIC_PASSWORD_COMMAND=[redacted]",
        ),
        (
            "cryptsetup luksOpen --key-file <(echo hunter2xyz) /dev/x y",
            "cryptsetup luksOpen --key-file <(echo [redacted]) /dev/x y",
        ),
        (
            "wg set wg0 private-key <(echo abcDEF123=) peer x",
            "wg set wg0 private-key <(echo [redacted]) peer x",
        ),
        (
            "gh secret set X --body hunter2xyz",
            "gh secret set X --body [redacted]",
        ),
        (
            "hcloud context create x <<< hunter2tok",
            "hcloud context create x <<< [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "restic -r x --password-command \"pass show restic\" backup",
        "export BORG_PASSCOMMAND='pass show borg'",
        "diff <(echo a) <(echo b)",
        "gh pr create --body \"fixes the thing\"",
        "startup_cmd = \"echo hello\"",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn aws_secret_keys_beside_their_key_id_without_a_label_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "key AKIAIOSFODNN7EXAMPLE\nsecret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "key [redacted]\nsecret [redacted]",
        ),
        (
            "secret: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nid: ASIAIOSFODNN7EXAMPLE",
            "secret: [redacted]\nid: [redacted]",
        ),
        (
            "User name,Password,Access key ID,Secret access key\nbob,,AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "User name,Password,Access key ID,Secret access key\nbob,,[redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    // A commit id beside a key id is hexadecimal in one case: not a generated secret key.
    assert_eq!(
        redact_text("commit 3f786850e387550fdab836ed7e6dc881de23001b\nAKIAIOSFODNN7EXAMPLE"),
        "commit 3f786850e387550fdab836ed7e6dc881de23001b\n[redacted]"
    );
}

#[test]
fn keys_named_for_their_cipher_or_protection_are_redacted() {
    let wrong = wrong_redactions(&[
        ("wep-key0=s3cretWepKey", "wep-key0=[redacted]"),
        ("wep_key0=\"s3cretWepKey\"", "wep_key0=\"[redacted]\""),
        (
            "define('LOGGED_IN_KEY', 'a1b2c3d4e5f6g7');",
            "define('LOGGED_IN_KEY', '[redacted]');",
        ),
        (
            "define( 'NONCE_KEY',        'a1b2c3d4e5f6g7' );",
            "define( 'NONCE_KEY',        '[redacted]' );",
        ),
        (
            "$wgUpgradeKey = \"a1b2c3d4e5f6g7\";",
            "$wgUpgradeKey = \"[redacted]\";",
        ),
        (
            "$config['des_key'] = 'a1b2c3d4e5f6g7';",
            "$config['des_key'] = '[redacted]';",
        ),
        ("AES_KEY=abc123", "AES_KEY=[redacted]"),
        ("FERNET_KEY=abc123", "FERNET_KEY=[redacted]"),
        ("CSRF_KEY=abc123", "CSRF_KEY=[redacted]"),
        ("KEK=abc123", "KEK=[redacted]"),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "hash_key = \"id\"",
        "key_mgmt=WPA-PSK",
        "primary_key: id",
        "sort_key = \"created_at\"",
        "partition_key: tenant",
        "foreign_key: user_id",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn logins_with_separators_or_a_leading_digit_are_redacted() {
    let wrong = wrong_redactions(&[
        ("svc_backup:S3cr3t!x", "svc_backup:[redacted]"),
        ("john.doe:hunter22", "john.doe:[redacted]"),
        ("2fa-admin:Pa55w0rd!", "2fa-admin:[redacted]"),
        ("svc.backup:S3cr3t!x", "svc.backup:[redacted]"),
        ("deploy_user:Pa55w0rd", "deploy_user:[redacted]"),
        ("0day:Abc12345", "0day:[redacted]"),
        // A plain-text htpasswd or `chpasswd` batch file.
        (
            "j_smith:Winter2024!\nmary.jones:Spring2025\n1backup:Qwerty123\r",
            "j_smith:[redacted]\nmary.jones:[redacted]\n1backup:[redacted]\r",
        ),
        // A `snake_case` login of three words before a password in mixed case.
        ("svc_ci_deploy:Tr0ub4dor", "svc_ci_deploy:[redacted]"),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn files_hosts_settings_and_digests_before_a_colon_stay() {
    let changed = changed(&[
        "notes.txt:hunter2",
        "main.py:result2",
        "README.md:step2",
        "config.yaml:key1",
        "db.example.com:pg5432",
        "db.example.com:5432",
        "app.name:demo1",
        "user.name:bob1",
        "server.port:8080",
        "ec_paramgen_curve:prime256v1",
        "ec_paramgen_curve:P-256",
        "rsa_keygen_bits:4096",
        "a1b2c3d4e5f6:abc123",
        "time:12:30:45",
        "C:\\Users\\bob\\file.txt",
        "std::string s;",
        "fe80::1ff:fe23:4567:890a",
        "2001:db8::8a2e:370:7334",
        "2001:db8",
        "INFO main: started",
        "id 123e4567-e89b-12d3-a456-426614174000",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b",
        "password: <redacted>",
        "ssh:host2",
        "s3:bucket1",
        // Warden's actors in audit records and grants.
        "monitor_model:llama3b",
        "monitor:gpu-box2",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn provisioning_data_and_daemon_secrets_are_refused() {
    let missed = missed_paths(
        &[
            // cloud-init's and Azure's agent's provisioning data.
            "/var/lib/cloud/instance/user-data.txt",
            "/var/lib/cloud/instances/i-0abc/user-data.txt.i",
            "/var/lib/cloud/seed/nocloud/user-data",
            "/var/lib/cloud/instance/scripts/part-001",
            "/run/cloud-init/instance-data-sensitive.json",
            "/srv/backup/user-data",
            "/srv/backup/user-data.yaml",
            "/srv/backup/vendor-data.json",
            "/srv/config-drive/openstack/latest/user_data",
            "/var/lib/waagent/ovf-env.xml",
            // Secret files named by a two-word extension.
            "/srv/backup/prod.vault_pass",
            "/srv/backup/github.api_token",
            "/srv/backup/app.db_password",
            "/srv/backup/svc.private-key",
            // Registry and proxy logins in a file of their own.
            "/srv/backup/registry-auth",
            "/srv/backup/docker_auth",
            "/srv/backup/proxy-auth",
            // Qualified keys written as one word.
            "/etc/wireguard-backup/presharedkey",
            "/srv/backup/presharedkey",
            "/srv/backup/sessionkey",
            "/srv/backup/encryptionkey.txt",
            // Daemons' settings with the passwords they check or send.
            "/etc/iscsi/iscsid.conf",
            "/etc/bacula/bacula-dir.conf",
            "/etc/bacula/bconsole.conf",
            "/home/u/.config/aria2/aria2.conf",
            "/etc/icecast2/icecast.xml",
            "/etc/monit/monitrc",
            "/home/u/.monitrc",
            "/etc/tacacs+/tac_plus.conf",
            "/var/www/matomo/config/config.ini.php",
            "/var/www/dolibarr/htdocs/conf/conf.php",
            "/etc/rundeck/realm.properties",
            "/etc/activemq/jetty-realm.properties",
            "/opt/karaf/etc/users.properties",
            "/etc/sysconfig/network-scripts/keys-wlan0",
            "/etc/rancher/rke2/config.yaml",
            "/etc/netbird/config.json",
            "/home/u/.config/github-copilot/hosts.json",
            "/home/u/.config/github-copilot/apps.json",
            "/home/u/.kaggle/kaggle.json",
            "/home/u/.config/transmission/settings.json",
            "/home/u/.config/deluge/auth",
            "/var/lib/deluged/config/auth",
            "/etc/boundary.d/controller.hcl",
            // Password databases.
            "/etc/sasldb2",
            "/etc/pure-ftpd/pureftpd.pdb",
            "/etc/courier/userdb",
            "/etc/mail/authinfo",
            "/etc/squid/passwd",
            "/etc/vsftpd/virtual_users.txt",
            "/var/lib/grafana/grafana.db",
            "/var/lib/gitea/data/gitea.db",
            // Daemons' state holding keys.
            "/var/lib/bluetooth/AA:BB:CC:DD:EE:FF/11:22:33:44:55:66/info",
            "/var/lib/teleport/proc/sqlite.db",
            "/var/db/dslocal/nodes/Default/users/bob.plist",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new(), "should be sensitive");
}

#[test]
fn neighbours_of_provisioning_data_and_daemon_secrets_stay_readable() {
    let wrongly = missed_paths(
        &[
            "/etc/pam.d/common-auth",
            "/etc/pam.d/password-auth",
            "/etc/pam.d/system-auth",
            "/srv/app/basic-auth.conf",
            "/srv/app/docs/user-data.md",
            "/srv/app/src/user_data.py",
            "/srv/app/src/userdata.rs",
            "/srv/app/user-data-schema.json",
            "/run/cloud-init/instance-data.json",
            "/srv/app/grammar/Lexer.tokens",
            "/srv/app/monkey",
            "/srv/app/hotkey.json",
            "/srv/app/app.test_utils",
            "/etc/sysconfig/network-scripts/ifcfg-eth0",
            "/srv/app/README.md",
            "/srv/app/package.json",
            "/home/u/.ssh/id_rsa.pub",
            "/home/u/.ssh/known_hosts",
            "/etc/ssh/ssh_host_ed25519_key.pub",
            "/srv/tls/server.crt",
            "/etc/grafana/provisioning/dashboards/main.json",
        ],
        false,
    );
    assert_eq!(wrongly, Vec::<String>::new(), "should stay readable");
}

#[test]
fn key_stores_registry_logins_and_join_tokens_in_text_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "CERT_P12=MIIKSQIBAzCCCg8GCSqGSIb3DQEHAaCCCgAEggn8MIIJ+DCCBK8GCSqGSIb3",
            "CERT_P12=[redacted]",
        ),
        (
            "keystore: /u3+7QAAAAIAAAABAAAAAQAGc2VydmVyAAABjABCDEFGHIJ",
            "keystore: [redacted]",
        ),
        (
            "  truststore.jceks: zs7OzgAAAAIAAAABAAAAAQAGc2VydmVyAAAB",
            "  truststore.jceks: [redacted]",
        ),
        (
            "  .dockerconfigjson: eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlLmNvbSI6e30=",
            "  .dockerconfigjson: [redacted]",
        ),
        (
            "DOCKER_CONFIG_B64=ewoJImF1dGhzIjogewoJCSJyZWdpc3RyeSI6IHt9Cn0=",
            "DOCKER_CONFIG_B64=[redacted]",
        ),
        (
            "K10abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789::server:0123456789abcdef",
            "[redacted]",
        ),
        (
            "Your join token: abcdef.0123456789abcdef",
            "Your join token: [redacted]",
        ),
        ("[\"ab12cd.0123456789abcdef\"]", "[\"[redacted]\"]"),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn private_keys_in_quoted_strings_keep_their_escapes() {
    let wrong = wrong_redactions(&[(
        "{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n\"}",
        "{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n[redacted]\\n-----END PRIVATE KEY-----\\n\"}",
    )]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn network_login_tools_and_web_logins_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "crackmapexec smb 10.0.0.5 -u bob -p Passw0rd",
            "crackmapexec smb 10.0.0.5 -u bob -p [redacted]",
        ),
        (
            "nxc smb 10.0.0.5 -u bob -H 0123456789abcdef0123456789abcdef",
            "nxc smb 10.0.0.5 -u bob -H [redacted]",
        ),
        (
            "evil-winrm -i 10.0.0.5 -u bob -p Passw0rd",
            "evil-winrm -i 10.0.0.5 -u bob -p [redacted]",
        ),
        (
            "hydra -l admin -p Passw0rd ssh://host",
            "hydra -l admin -p [redacted] ssh://host",
        ),
        (
            "impacket-secretsdump corp/bob:Passw0rd@10.0.0.5",
            "impacket-secretsdump corp/bob:[redacted]@10.0.0.5",
        ),
        (
            "impacket-psexec bob:Passw0rd@10.0.0.5",
            "impacket-psexec bob:[redacted]@10.0.0.5",
        ),
        (
            "python3 wmiexec.py -k bob:Passw0rd@dc1.corp.local",
            "python3 wmiexec.py -k bob:[redacted]@dc1.corp.local",
        ),
        // NTLM hashes log in as the password does (pass-the-hash).
        (
            "impacket-wmiexec -hashes aad3b435b51404eeaad3b435b51404ee:8846f7eaee8fb117ad06bdd830b7586c corp/bob@10.0.0.5",
            "impacket-wmiexec -hashes [redacted] corp/bob@10.0.0.5",
        ),
        (
            "pth-winexe --nthash=8846f7eaee8fb117ad06bdd830b7586c //10.0.0.5 cmd",
            "pth-winexe --nthash=[redacted] //10.0.0.5 cmd",
        ),
        // IPsec security associations' keys as `ip xfrm state` prints them.
        (
            "\tenc cbc(aes) 0x2b7e151628aed2a6abf7158809cf4f3c",
            "\tenc cbc(aes) [redacted]",
        ),
        // Monit's web logins.
        ("allow admin:monit", "allow admin:[redacted]"),
        (
            "  allow guest:Sup3r read-only",
            "  allow guest:[redacted] read-only",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn addresses_digests_and_dotted_names_like_logins_and_tokens_stay() {
    let changed = changed(&[
        "allow 10.0.0.0/8;",
        "allow localhost",
        "allow 2001:db8::/32",
        "allow fe80:abcd",
        "allow @monit",
        "docker pull registry.example.com/app:build42@sha256:0123456789abcdef0123456789abcdef",
        "nginx:1.25@sha256:0123456789abcdef",
        "see www.abcdef.0123456789abcdef.com",
        "config.abcdefghijklmnop",
        "readme.0123456789012345",
        "hydra -l admin -P rockyou.txt ssh://host",
        "git clone git@github.com:org/repo.git",
        "ssh bob@host.example.com",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn passwd_lines_netrc_accounts_and_underscored_schemes_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "bob:Sup3rS3cret:1001:1001::/home/bob:/bin/bash",
            "bob:[redacted]:1001:1001::/home/bob:/bin/bash",
        ),
        (
            "svc:hunter:1002:1002::/srv:/bin/false",
            "svc:[redacted]:1002:1002::/srv:/bin/false",
        ),
        (
            "machine x.com login bob account acct password Sup3rS3cret",
            "machine x.com login bob account acct password [redacted]",
        ),
        (
            "oracle+cx_oracle://scott:tiger1@db",
            "oracle+cx_oracle://scott:[redacted]@db",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn passwd_lines_without_a_password_stay() {
    let changed = changed(&[
        "root:x:0:0:root:/root:/bin/bash",
        "daemon:*:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
        "nobody:!:65534:65534::/:/sbin/nologin",
        "bob:!!:19000:0:99999:7:::",
        "adm:*LK*:4:4:Admin:/var/adm:",
        "wheel:x:10:bob,alice",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn network_device_configuration_secrets_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "username admin privilege 15 password 0 Sup3rS3cret",
            "username admin privilege 15 password 0 [redacted]",
        ),
        (
            "enable secret 9 $9$abcdefghijklmn",
            "enable secret 9 [redacted]",
        ),
        (
            "snmp-server community Sup3rS3cret RO",
            "snmp-server community [redacted] RO",
        ),
        (
            "radius-server key 7 0822455D0A16",
            "radius-server key 7 [redacted]",
        ),
        (
            "tacacs server T1\n address ipv4 10.0.0.1\n key 7 0822455D0A16",
            "tacacs server T1\n address ipv4 10.0.0.1\n key 7 [redacted]",
        ),
        (
            "key chain OSPF\n key 1\n  key-string 7 0822455D0A16",
            "key chain OSPF\n key 1\n  key-string 7 [redacted]",
        ),
        (
            "crypto isakmp key Sup3rS3cret address 10.0.0.2",
            "crypto isakmp key [redacted] address 10.0.0.2",
        ),
        (
            "neighbor 10.0.0.1 password 7 121A0C041104",
            "neighbor 10.0.0.1 password 7 [redacted]",
        ),
        (
            "snmp-server user u g v3 auth sha AuthP4ss priv aes 128 PrivP4ss",
            "snmp-server user u g v3 auth sha [redacted] priv aes 128 [redacted]",
        ),
        (
            "set system login user admin authentication plain-text-password-value Sup3rS3cret",
            "set system login user admin authentication plain-text-password-value [redacted]",
        ),
        (
            "set security ike policy p pre-shared-key ascii-text \"$9$abcdefgh\"",
            "set security ike policy p pre-shared-key ascii-text \"[redacted]\"",
        ),
        (
            "    set password ENC SH2abcdefghij",
            "    set password ENC [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn network_device_lines_without_secrets_stay() {
    let changed = changed(&[
        "key chain OSPF",
        " key 1",
        "snmp-server enable traps",
        "set system services ssh",
        "set interfaces ge-0/0/0 description \"key server\"",
        "ip addr add 10.0.0.1/24 dev eth0",
        "username admin privilege 15",
        "passphrase is required",
        "Enter passphrase for key '/home/u/.ssh/id_ed25519':",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn wallets_vaults_and_lone_tokens_are_refused() {
    let missed = missed_paths(
        &[
            "/home/u/.electrum/wallets/default_wallet",
            "/srv/backup/electrum/wallets/savings",
            "/srv/backup/wallet.keys",
            "/srv/backup/monero-wallet.keys",
            "/srv/backup/vault.opvault/default/profile.js",
            "/srv/backup/1Password.agilekeychain/data/default/contents.js",
            "/srv/backup/old.keychain/data",
            "/srv/backup/mnemonic",
            "/srv/backup/bearer.txt",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new(), "should be sensitive");
}

#[test]
fn public_keys_named_as_such_stay_readable() {
    let wrongly = missed_paths(
        &[
            "/srv/app/keys/public.pem",
            "/srv/app/keys/pubkey.pem",
            "/srv/app/keys/server.pub.pem",
            "/srv/app/keys/jwt-public-key.pem",
            "/srv/app/keys/public_key.pem",
            "/srv/app/src/keys.rs",
        ],
        false,
    );
    assert_eq!(wrongly, Vec::<String>::new(), "should stay readable");
    // A name that also says private stays refused.
    let missed = missed_paths(
        &[
            "/srv/app/keys/private-public.pem",
            "/srv/app/keys/pub_priv.pem",
            "/srv/app/keys/server-key.pem",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new(), "should be sensitive");
}

#[test]
fn private_keys_cut_by_a_terminal_or_a_log_are_redacted() {
    let wrong = wrong_redactions(&[
        // The label broken across lines.
        (
            "-----BEGIN OPENSSH PRIVATE\nKEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----\n[redacted]\n-----END OPENSSH PRIVATE KEY-----",
        ),
        // A dash lost at the start of the text.
        (
            "----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0z",
            "-----BEGIN RSA PRIVATE KEY-----\n[redacted]\n-----END RSA PRIVATE KEY-----",
        ),
        // The body alone, its framing lines lost.
        (
            "BEGIN OPENSSH PRIVATE KEY\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMw\nQyNTUxOQAAACDxYz",
            "BEGIN OPENSSH PRIVATE KEY\n[redacted]",
        ),
        // PuTTY's private lines indented.
        (
            "Private-Lines: 2\n  AAABAQCabcdefghijklmnop\n  AAAAgQDabcdefghijklmnop\nPrivate-MAC: ab",
            "Private-Lines: 2\n[redacted]\nPrivate-MAC: ab",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn searches_for_key_headers_stay() {
    let changed = changed(&[
        "git log --all --format=%H -G 'BEGIN OPENSSH PRIVATE KEY'",
        "grep -rl 'BEGIN RSA PRIVATE KEY' /srv",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBXo0QJkQ2YfWqG9wF6vP0m3kLq5zR8jN1sT4uV7xY2a bob@host",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn credential_dotfiles_under_a_qualifier_are_refused() {
    let missed = missed_paths(
        &[
            "/srv/backup/.netrc-work",
            "/srv/backup/.netrc_backup2",
            "/srv/backup/.npmrc.prod",
            "/srv/backup/.my.cnf.prod",
            "/srv/backup/.pgpass_prod",
            "/srv/backup/.pypirc-test",
            "/srv/backup/.git-credentials.work",
            "/srv/backup/.envrc.local",
            "/srv/backup/pgpass.prod",
            "/srv/backup/netrc.prod",
            "/srv/backup/prod.netrc",
            "/srv/backup/prod.pgpass",
            "/srv/backup/prod.npmrc",
            "/srv/backup/prod.my.cnf",
            "/srv/backup/etc-shadow",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new(), "should be sensitive");
}

#[test]
fn code_documents_and_templates_named_like_credential_dotfiles_stay_readable() {
    let wrongly = missed_paths(
        &[
            "/usr/lib/python3.12/netrc.py",
            "/srv/app/netrc.py",
            "/srv/app/pgpass.c",
            "/srv/app/boto.py",
            "/srv/app/css/shadow.css",
            "/srv/app/css/drop-shadow.css",
            "/srv/app/img/shadow.png",
            "/srv/app/shadow-utils",
            "/srv/app/.npmrc.example",
            "/srv/app/.netrc.md",
            "/srv/app/my.cnf.j2",
            "/srv/app/.envrc.sample",
            "/srv/app/shadowsocks.json",
        ],
        false,
    );
    assert_eq!(wrongly, Vec::<String>::new(), "should stay readable");
}

#[test]
fn git_signing_key_ids_stay() {
    let changed = changed(&[
        "[user]\n\tsigningkey = 3AA5C34371567BD2",
        "git config --global user.signingkey ~/.ssh/id_ed25519.pub",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn self_hosted_and_game_servers_settings_wallet_seeds_and_downloaded_keys_are_refused() {
    let missed = missed_paths(
        &[
            // Wallets' recovery phrases.
            "/home/u/wallet/seed.txt",
            "/home/u/wallet/backup.seed",
            "/home/u/wallet/recovery-phrase.txt",
            "/home/u/mnemonic.txt",
            // Google Cloud's service-account keys as the console names them.
            "/home/u/Downloads/my-project-123456-a1b2c3d4e5f6.json",
            "/home/u/Downloads/myproj-1a2b3c4d5e6f.json",
            // PHP applications' database settings.
            "/var/www/html/config.php",
            "/var/www/app/includes/db.php",
            "/var/www/app/includes/db_config.php",
            // Ansible inventories (`ansible_password=`).
            "/etc/ansible/hosts",
            "/srv/infra/inventory/hosts.yml",
            "/srv/infra/inventories/prod/hosts",
            "/srv/infra/inventory/prod.ini",
            // Media and self-hosted servers.
            "/var/lib/plexmediaserver/Library/Application Support/Plex Media Server/Preferences.xml",
            "/usr/lib/unifi/data/system.properties",
            "/home/u/.config/caddy/autosave.json",
            "/home/u/.config/syncthing/config.xml",
            "/home/u/.config/nzbget/nzbget.conf",
            "/srv/keycloak/realm-export.json",
            "/home/u/.jupyter/jupyter_server_config.json",
            "/home/u/.jupyter/jupyter_notebook_config.py",
            "/home/u/.local/share/jupyter/runtime/jpserver-1234.json",
            // Game servers and Steam's logins.
            "/opt/minecraft/server.properties",
            "/srv/factorio/server-settings.json",
            "/srv/tf2/cfg/server.cfg",
            "/srv/ark/ShooterGame/Saved/Config/LinuxServer/GameUserSettings.ini",
            "/srv/7dtd/serverconfig.xml",
            "/home/steam/.steam/config/config.vdf",
            "/home/u/.steam/steam/config/loginusers.vdf",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new(), "should be refused");
}

#[test]
fn seeds_of_databases_hashed_assets_and_ordinary_files_stay_readable() {
    let wrongly = missed_paths(
        &[
            "/srv/app/db/seeds.rb",
            "/srv/app/db/seed.sql",
            "/srv/app/prisma/seed.ts",
            "/srv/app/dist/manifest-abcdef.json",
            "/srv/app/dist/main-1a2b3c4d5e6f.json",
            "/srv/app/package-lock.json",
            "/srv/app/package.json",
            "/srv/app/README.md",
            "/home/u/.ssh/id_rsa.pub",
            "/home/u/.ssh/known_hosts",
            "/etc/ssl/certs/ca.crt",
            "/etc/hosts",
            "/etc/kafka/server.properties",
            "/srv/app/src/inventory/models.py",
            "/srv/app/src/config.ts",
            "/srv/app/config.example.php",
        ],
        false,
    );
    assert_eq!(wrongly, Vec::<String>::new(), "should stay readable");
}

#[test]
fn credentials_printed_under_labels_typed_by_expect_and_in_deluge_logins_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "Unseal Key 1: qmSoJXv1c1Gm6w1rPBoH8fY9HcVmUv0JW3nGxS0UxYkK",
            "Unseal Key 1: [redacted]",
        ),
        (
            "Recovery Key 2: qmSoJXv1c1Gm6w1rPBoH8fY9HcVmUv0",
            "Recovery Key 2: [redacted]",
        ),
        (
            "SecretID:         4f2c1a8e-9b3d-4e5f-8a7b-6c5d4e3f2a1b",
            "SecretID:         [redacted]",
        ),
        (
            "Secret ID   = 4f2c1a8e-9b3d-4e5f-8a7b-6c5d4e3f2a1b",
            "Secret ID   = [redacted]",
        ),
        (
            "Master Encryption Key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0",
            "Master Encryption Key: [redacted]",
        ),
        (
            "expect \"Password:\"\nsend \"Hunter2Secret!\\r\"",
            "expect \"Password:\"\nsend \"[redacted]\"",
        ),
        (
            "expect -re \"assword\"\nsend -- \"MyP4ssw0rd\\n\"",
            "expect -re \"assword\"\nsend -- \"[redacted]\"",
        ),
        (
            "localclient:3f2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a:10\nalice:Sup3rS3cret!:5",
            "localclient:[redacted]:10\nalice:[redacted]:5",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn facts_about_credentials_variables_sent_by_expect_and_positions_stay() {
    let changed = changed(&[
        "Secret ID Accessor: 4f2c1a8e-9b3d-4e5f-8a7b-6c5d4e3f2a1b",
        "AccessorID:       4f2c1a8e-9b3d-4e5f-8a7b-6c5d4e3f2a1b",
        "Token TTL: 768h0m0s",
        "Password changed: successfully",
        "Public Key: AAAAC3NzaC1lZDI1NTE5AAAAIG",
        "Unseal Progress: 1/3",
        "Unseal Key 1: <redacted>",
        "expect \"Password:\"\nsend \"$password\\r\"",
        "expect \"login:\"\nsend \"alice\\r\"",
        "src/main.rs:12:5",
        "localhost:8080:1",
        "time:12:30:45",
        "db.example.com:5432",
        "commit 3f2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a",
        "id 4f2c1a8e-9b3d-4e5f-8a7b-6c5d4e3f2a1b",
        "INFO main: started",
        "password: <redacted>",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn media_chat_dns_and_game_services_settings_and_account_stores_are_refused() {
    let missed = missed_paths(
        &[
            "/var/lib/jellyfin/data/jellyfin.db",
            "/var/lib/jellyfin/data/authentication.db",
            "/var/lib/emby/data/users.db",
            "/etc/navidrome/navidrome.toml",
            "/var/lib/bazarr/config/config.ini",
            "/var/lib/bazarr/config/config.yaml",
            "/home/u/.config/jackett/ServerConfig.json",
            "/var/lib/overseerr/config/settings.json",
            "/opt/tautulli/config.ini",
            "/home/u/.flexget/config.yml",
            "/etc/photoprism/options.yml",
            "/etc/paperless.conf",
            "/etc/matrix-dendrite/dendrite.yaml",
            "/srv/conduit/conduit.toml",
            "/etc/ejabberd/ejabberd.yml",
            "/etc/prosody/prosody.cfg.lua",
            "/var/lib/prosody/example.com/accounts/alice.dat",
            "/etc/teamspeak3-server/ts3server.ini",
            "/opt/ts3server/serverkey.dat",
            "/opt/ts3server/licensekey.dat",
            "/etc/bitlbee/bitlbee.conf",
            "/var/lib/bitlbee/alice.xml",
            "/srv/terraria/serverconfig.txt",
            "/srv/palworld/Pal/Saved/Config/LinuxServer/PalWorldSettings.ini",
            "/home/u/.local/share/Steam/ssfn1234567890",
            "/etc/knot/knot.conf",
            "/etc/powerdns/recursor.conf",
            "/etc/dnsdist/dnsdist.conf",
            "/etc/frr/frr.conf",
            "/etc/octoprint/users.yaml",
            "/home/pi/.octoprint/users.yaml",
            "/home/u/.homeassistant/.storage/core.config_entries",
            "/opt/nomad/data/server/keystore/abc.nks.json",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new(), "should be refused");
}

#[test]
fn ordinary_files_beside_those_services_stay_readable() {
    let wrongly = missed_paths(
        &[
            "/srv/game/data/level1.dat",
            "/srv/app/config.xml",
            "/srv/app/settings.json",
            "/etc/haproxy/haproxy.cfg",
            "/srv/minecraft/ops.json",
            "/srv/app/ssfn.md",
            "/srv/app/keystore.json.md",
            "/var/www/nextcloud/data/nextcloud.log",
        ],
        false,
    );
    assert_eq!(wrongly, Vec::<String>::new(), "should stay readable");
}

#[test]
fn secrets_printed_by_commands_in_a_transcript_are_redacted_to_the_next_prompt() {
    let wrong = wrong_redactions(&[
        (
            "$ cat ~/.restic-password\nCorrectHorseBattery9\n$ ls\nREADME.md",
            "$ cat ~/.restic-password\n[redacted]\n$ ls\nREADME.md",
        ),
        (
            "root@h:~# systemd-creds cat db-password\nTopS3cretValue99",
            "root@h:~# systemd-creds cat db-password\n[redacted]",
        ),
        (
            "$ cat /run/secrets/db_password\nTopS3cretValue99\n",
            "$ cat /run/secrets/db_password\n[redacted]\n",
        ),
        (
            "u@h:~$ kubectl get secret db -o jsonpath='{.data.password}' | base64 -d\nK8sPw123",
            "u@h:~$ kubectl get secret db -o jsonpath='{.data.password}' | base64 -d\n[redacted]",
        ),
        (
            "$ pass show mail/gmail\nGm4ilPw!\nuser: alice",
            "$ pass show mail/gmail\n[redacted]\n[redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn output_of_ordinary_commands_in_a_transcript_stays() {
    let changed = changed(&[
        "$ cat README.md\n# Title\nsome text",
        "$ cat /etc/hostname\nweb1",
        "$ pass ls\nPassword Store\n└── mail",
        "$ cat ~/.ssh/id_rsa.pub\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG u@h",
        "# comment about cat\nkey = value",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn values_marked_sensitive_by_terraform_are_redacted_whatever_their_name() {
    let wrong = wrong_redactions(&[
        (
            "{\"conn\":{\"sensitive\":true,\"type\":\"string\",\"value\":\"OutPw1234\"},\"url\":{\"sensitive\":false,\"type\":\"string\",\"value\":\"https://x\"}}",
            "{\"conn\":{\"sensitive\":true,\"type\":\"string\",\"value\":\"[redacted]\"},\"url\":{\"sensitive\":false,\"type\":\"string\",\"value\":\"https://x\"}}",
        ),
        (
            "\"outputs\": {\n  \"conn\": {\n    \"value\": \"OutPw1234\",\n    \"type\": \"string\",\n    \"sensitive\": true\n  }\n}",
            "\"outputs\": {\n  \"conn\": {\n    \"value\": \"[redacted]\",\n    \"type\": \"string\",\n    \"sensitive\": true\n  }\n}",
        ),
        (
            "$ terraform output -raw conn\nOutPw1234\n",
            "$ terraform output -raw conn\n[redacted]\n",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "{\"sensitive\": true, \"value\": null}",
        "{\"url\":{\"sensitive\":false,\"type\":\"string\",\"value\":\"https://x\"}}",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn credentials_a_line_announces_in_words_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "Unseal Key (will be hidden): qmSoJXv1c1Gm6w1rPBoH8fY9HcVmUv0",
            "Unseal Key (will be hidden): [redacted]",
        ),
        (
            "Generated password for user admin: Xk9mP2qLw7",
            "Generated password for user admin: [redacted]",
        ),
        (
            "Your API key is: abcd1234efgh5678ijkl",
            "Your API key is: [redacted]",
        ),
        (
            "  Password . . . . : Hunter2Pass",
            "  Password . . . . : [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "Using password: YES",
        "Token expires at: 2024-01-01T00:00:00Z",
        "Token TTL: 768h0m0s",
        "Password changed for user: alice",
        "2024-01-01 12:00:00 token refresh ok: done",
        "sshd[123]: Accepted password for root from 1.2.3.4 port 22 ssh2",
        "Token accessor: 4f2c1a8e-9b3d-4e5f-8a7b-6c5d4e3f2a1b",
        "Secret hash: 3f2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn webhook_and_request_signatures_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "X-Hub-Signature-256: [redacted]",
        ),
        (
            "x-hub-signature: sha1=7d38cdd689735b008b3c702edd92eea23791c5f6",
            "x-hub-signature: [redacted]",
        ),
        (
            "Stripe-Signature: t=1492774577,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd,v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39",
            "Stripe-Signature: [redacted]",
        ),
        (
            "Svix-Signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,bm9ldHUjKzFob2VudXRob2VodWUzMjRvdWVvdW9ldQo=",
            "Svix-Signature: [redacted]",
        ),
        (
            "X-Slack-Signature: v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
            "X-Slack-Signature: [redacted]",
        ),
        (
            "X-Twilio-Signature: RSv2WJ/3Zq6vXx0uWl3Ma4NA6Tw=",
            "X-Twilio-Signature: [redacted]",
        ),
        (
            "X-Shopify-Hmac-Sha256: XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM=",
            "X-Shopify-Hmac-Sha256: [redacted]",
        ),
        (
            "X-Square-Hmacsha256-Signature: 2kRE5qRU2tR+tBGlDwMEw2avJ7QM4ikPYD/PJ3bd9Og=",
            "X-Square-Hmacsha256-Signature: [redacted]",
        ),
        (
            "curl -H 'Stripe-Signature: t=1492774577,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd' -d @p.json https://x",
            "curl -H 'Stripe-Signature: [redacted]' -d @p.json https://x",
        ),
        (
            "curl -H \"webhook-signature: v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=\" https://x",
            "curl -H \"webhook-signature: [redacted]\" https://x",
        ),
        (
            "HTTP_X_HUB_SIGNATURE_256=sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "HTTP_X_HUB_SIGNATURE_256=[redacted]",
        ),
        (
            "openssl dgst -sha256 -hmac s3cretkey file.txt",
            "openssl dgst -sha256 -hmac [redacted] file.txt",
        ),
        (
            "{\"headers\": {\"X-Hub-Signature-256\": \"sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17\"}}",
            "{\"headers\": {\"X-Hub-Signature-256\": \"[redacted]\"}}",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    for name in [
        "X-Hub-Signature-256",
        "Stripe-Signature",
        "webhook-signature",
        "X-Hmac",
    ] {
        assert!(is_secret_name(name), "{name}");
    }
    // Handling signatures, not a signature: switches, files, algorithms, RFC 9421's inputs.
    let changed = changed(&[
        "git log --show-signature -1",
        "cosign sign-blob --output-signature out.sig file",
        "Signature-Input: sig1=(\"@method\" \"@authority\");created=1618884473",
        "--hmac-algorithm sha256",
        "signature_version: 4",
    ]);
    assert_eq!(changed, Vec::<String>::new());
    for name in [
        "signature",
        "gpg_signature",
        "hmac_algorithm",
        "signature_file",
    ] {
        assert!(!is_secret_name(name), "{name}");
    }
}

#[test]
fn private_keys_in_hexadecimal_are_redacted() {
    let key = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcc0d08d6b1a4c4a7f";
    let cases: Vec<(String, String)> = [
        ("PK=0x{k}", "PK=[redacted]"),
        ("DEPLOYER_KEY=0x{k}", "DEPLOYER_KEY=[redacted]"),
        ("Private key (hex): {k}", "Private key (hex): [redacted]"),
        ("priv: {k}", "priv: [redacted]"),
        (
            "Private key for 0x9F5c5B9E2f4B2c0bB1b6F5Eb0a8C6aA0B1c2D3e4 is 0x{k}",
            "Private key for 0x9F5c5B9E2f4B2c0bB1b6F5Eb0a8C6aA0B1c2D3e4 is [redacted]",
        ),
        (
            "const wallet = new ethers.Wallet(\"0x{k}\", provider);",
            "const wallet = new ethers.Wallet(\"[redacted]\", provider);",
        ),
        (
            "w3.eth.account.from_key(\"0x{k}\")",
            "w3.eth.account.from_key(\"[redacted]\")",
        ),
        (
            "privateKeyToAccount('0x{k}')",
            "privateKeyToAccount('[redacted]')",
        ),
        (
            "      accounts: [\"0x{k}\", \"0x{k}\"],",
            "      accounts: [\"[redacted]\", \"[redacted]\"],",
        ),
        // Anvil's and Ganache's start-up listing.
        (
            "Private Keys\n==================\n\n(0) 0x{k}\n(1) 0x{k}\n\nWallet\n==================",
            "Private Keys\n==================\n\n(0) [redacted]\n(1) [redacted]\n\nWallet\n==================",
        ),
        // A `0x` key alone on its line, as wallets' export commands print it, unless the line
        // before says it is a digest or prints one.
        ("0x{k}", "[redacted]"),
        ("Exported key:\n\n  0x{k}\n", "Exported key:\n\n  [redacted]\n"),
        (
            "$ geth account export 0\n\"0x{k}\"\n$ ls",
            "$ geth account export 0\n\"[redacted]\"\n$ ls",
        ),
    ]
    .iter()
    .map(|(input, output)| (input.replace("{k}", key), (*output).to_owned()))
    .collect();
    let cases: Vec<(&str, &str)> = cases
        .iter()
        .map(|(i, o)| (i.as_str(), o.as_str()))
        .collect();
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // Digests, hashes, ids and public keys of the same shape.
    let texts: Vec<String> = [
        "Transaction hash:\n0x{k}",
        "$ cast keccak 'transfer(address,uint256)'\n0x{k}",
        "$ cast storage 0xabc 0\n0x{k}\n$ ls",
        "$ docker run -d nginx\n{k}",
        "{k}",
        "0x742d35Cc6634C0532925a3b844Bc454e4438f44e",
        "1c2f3e4d5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d",
        "blockHash 0x{k}",
        "transactionHash: 0x{k}",
        "sha256:{k}",
        "commit {k}",
        "{k}   nginx:1.25   \"/docker-entrypoint.sh\"   Up 2 hours",
        "Public key (hex): 0x{k}",
        "Account ID: 0x{k}",
        "cache key: {k}",
        "private key file: key.pem, digest {k}",
    ]
    .iter()
    .map(|t| t.replace("{k}", key))
    .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn credentials_in_property_lists_and_authinfo_lines_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "(:host \"imap.example.com\" :user \"bob\" :secret \"hunter2\")",
            "(:host \"imap.example.com\" :user \"bob\" :secret \"[redacted]\")",
        ),
        (
            "(:token \"tok3n\" :api-key \"xyz123\")",
            "(:token \"[redacted]\" :api-key \"[redacted]\")",
        ),
        (
            "machine imap.example.com login bob port 993 password hunter2",
            "machine imap.example.com login bob port 993 password [redacted]",
        ),
        (
            "default login anonymous password me@x.io",
            "default login anonymous password [redacted]",
        ),
        (
            "(setq smtpmail-auth-credentials '((\"smtp.gmail.com\" 587 \"bob@gmail.com\" \"hunter2\")))",
            "(setq smtpmail-auth-credentials '((\"smtp.gmail.com\" 587 \"bob@gmail.com\" \"[redacted]\")))",
        ),
        (
            "(setq jabber-account-list '((\"bob@jabber.org\" (:password . \"hunter2\"))))",
            "(setq jabber-account-list '((\"bob@jabber.org\" (:password . \"[redacted]\"))))",
        ),
        (
            "'((\"password\" . \"hunter2\") (\"user\" . \"bob\"))",
            "'((\"password\" . \"[redacted]\") (\"user\" . \"bob\"))",
        ),
        (
            "{:user \"bob\" :password \"hunter2\" :dbtype \"postgresql\"}",
            "{:user \"bob\" :password \"[redacted]\" :dbtype \"postgresql\"}",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "(auth-source-search :host \"imap.example.com\" :user \"bob\" :max 1 :secret nil)",
        "(def db {:dbtype \"postgres\" :user \"app\" :password (System/getenv \"PW\")})",
        "(setq auth-sources '(\"~/.authinfo.gpg\"))",
        "machine learning is a password-free field",
        "14:03:22 :password changed",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn secret_store_entries_are_named_not_hidden_unless_shown() {
    // A secret's name is not its value: `--showsecret` is a switch, not an option taking one.
    let changed = changed(&[
        "podman secret inspect --showsecret db_password",
        "podman secret inspect db_password",
        "docker secret inspect --pretty api_token",
        "podman secret rm api_token",
        "mysql --nopassword -u root shop",
        "$ podman secret inspect db_password\n[{\"ID\": \"3b0f\", \"Spec\": {\"Name\": \"db_password\"}}]\n$ ls",
    ]);
    assert_eq!(changed, Vec::<String>::new());
    assert!(!is_secret_name("--showsecret"));
    assert!(!is_secret_name("nopassword"));
    assert!(is_secret_name("usertoken"));
    // What a store is asked to show in clear goes, up to the next prompt.
    let wrong = wrong_redactions(&[(
        "$ podman secret inspect --showsecret --format '{{.SecretData}}' db_password\nhunter2\n$ ls",
        "$ podman secret inspect --showsecret --format '{{.SecretData}}' db_password\n[redacted]\n$ ls",
    )]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn sql_inserts_over_several_lines_and_dumped_rows_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "INSERT INTO users\n  (id, username, password_hash)\nVALUES\n  (1, 'bob', 'Sup3rS3cret'),\n  (2, 'alice', 'An0th3rOne');",
            "INSERT INTO users\n  (id, username, password_hash)\nVALUES\n  (1, 'bob', '[redacted]'),\n  (2, 'alice', '[redacted]');",
        ),
        (
            "INSERT INTO `api_keys` (\n  `name`,\n  `secret`\n) VALUES\n('ci', 'abcDEF123xyz'),\n('cd', 'ghiJKL456uvw');",
            "INSERT INTO `api_keys` (\n  `name`,\n  `secret`\n) VALUES\n('ci', '[redacted]'),\n('cd', '[redacted]');",
        ),
        (
            "INSERT IGNORE INTO users (name, password) VALUES ('bob', 'x1y2z3');",
            "INSERT IGNORE INTO users (name, password) VALUES ('bob', '[redacted]');",
        ),
        (
            "insert into accounts (email, password) values\n    ('a@b.c', crypt('hunter2', gen_salt('bf')));",
            "insert into accounts (email, password) values\n    ('a@b.c', crypt('[redacted]', gen_salt('bf')));",
        ),
        (
            "COPY public.users (id, name, api_token) FROM stdin;\n1\tbob\tabc123XYZ\n2\tal\t\\N\n\\.\n",
            "COPY public.users (id, name, api_token) FROM stdin;\n1\tbob\t[redacted]\n2\tal\t\\N\n\\.\n",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "INSERT INTO users (name, password) VALUES ($1, $2)",
        "INSERT INTO logs (msg) VALUES ('password reset');",
        "COPY public.users (id, name) FROM stdin;\n1\tbob\n\\.\n",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn backups_marked_before_their_extension_are_refused() {
    let missed = missed_paths(
        &[
            "/var/www/html/wp-config.old.php",
            "/var/www/html/wp-config-backup.php",
            "/var/www/html/wp-config_old.php",
            "/var/www/html/wp-config.2024-01-01.php",
            "/var/www/html/wp-config.bak",
            "/var/www/nextcloud/config/config.old.php",
            "/etc/mysql/debian.old",
            "/home/u/.my.old.cnf",
            "/project/credentials.old.json",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let missed = missed_paths(
        &[
            "/var/www/html/index.old.php",
            "/var/www/html/functions-backup.php",
            "/var/www/html/config.bak",
            "/var/www/html/wp-config-sample.php",
            "/etc/nginx/nginx.old.conf",
            "/home/u/notes.bak",
            "/project/backup_2024.sql",
            "/project/main.old.rs",
        ],
        false,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn wallets_of_developer_tools_secret_manager_logins_and_mail_accounts_are_refused() {
    let missed = missed_paths(
        &[
            "/home/u/.foundry/keystores/deployer",
            "/home/u/.brownie/accounts/deployer.json",
            "/home/u/.near-credentials/mainnet/x.near.json",
            "/home/u/.aptos/config.yaml",
            "/home/u/validator_keys/keystore-m_12381_3600_0_0_0-1700000000.json",
            "/home/u/.cardano/payment.skey",
            "/home/u/.gaia/keyring-file/alice.info",
            "/home/u/.simd/keyring-test/alice.info",
            "/home/u/.lnd/data/chain/bitcoin/mainnet/admin.macaroon",
            "/home/u/.lnd/data/chain/bitcoin/mainnet/wallet.db",
            "/home/u/.config/Exodus/exodus.wallet/seed.seco",
            "/home/u/.doppler/.doppler.yaml",
            "/home/u/.infisical/infisical-config.json",
            "/home/u/.jira.d/cookies.js",
            "/home/u/.claws-mail/accountrc",
            "/home/u/.claws-mail/passwordstorerc",
            "/home/u/.sylpheed-2.0/accountrc",
            "/home/u/.config/newsboat/config",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let missed = missed_paths(
        &[
            "/home/u/.cardano/payment.vkey",
            "/home/u/.newsboat/urls",
            "/home/u/.foundry/bin/forge",
            "/home/u/.aptos/README.md",
            "/home/u/.jira.d/templates/list",
            "/home/u/.brownie/packages/x.json",
            "/home/u/validator_keys/deposit_data-1700000000.json",
            "/project/src/keyring.rs",
        ],
        false,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn hyphenated_directives_naming_a_secret_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "    wpa-passphrase \"my wifi pass\"",
            "    wpa-passphrase \"[redacted]\"",
        ),
        (
            "    wpa-passphrase MyWifiPass1",
            "    wpa-passphrase [redacted]",
        ),
        ("auth-password S3cret!", "auth-password [redacted]"),
        (
            "  client-secret \"abc123\"",
            "  client-secret \"[redacted]\"",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "reset-password failed",
        "auth-user-pass auth.txt",
        "auth-user-pass /etc/openvpn/auth.txt",
        "docker-credential-pass list",
        "    tls-auth ta.key 1",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn database_clients_and_self_hosted_control_planes_settings_are_refused() {
    let missed = missed_paths(
        &[
            "/home/u/.cqlshrc",
            "/etc/clickhouse-client/config.xml",
            "/home/u/.config/turso/settings.json",
            "/home/node/.n8n/config",
            "/var/lib/headscale/db.sqlite",
            "/etc/headscale/config.yaml",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let missed = missed_paths(
        &[
            "/home/node/.n8n/nodes/package.json",
            "/etc/headscale/acl.hujson",
            "/etc/clickhouse-client/README",
        ],
        false,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn ci_tools_logins_and_node_cli_settings_are_refused() {
    let missed = missed_paths(
        &[
            "/home/u/.flyrc",
            "/home/u/.pepperrc",
            "/project/.gitlab-ci-local-variables.yml",
            "/home/u/.gitlab-ci-local/variables.yml",
            "/var/lib/woodpecker/woodpecker.sqlite",
            "/home/u/.config/semgrep/settings.yml",
            "/home/u/.fastlane/spaceship/bob@x.com/cookie",
            "/home/u/.config/configstore/snyk.json",
            "/home/u/.config/configstore/netlify.json",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let missed = missed_paths(
        &[
            "/home/u/.config/configstore/update-notifier-npm.json",
            "/home/u/.config/configstore/README.md",
            "/home/u/.gitlab-ci-local/state.yml",
            "/project/.gitlab-ci.yml",
            "/project/.semgrep.yml",
        ],
        false,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn settings_set_after_an_option_with_its_value_and_knife_passwords_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "puppet config set --section agent password x",
            "puppet config set --section agent password [redacted]",
        ),
        (
            "npm config set --location user //registry.npmjs.org/:_authToken abc123DEF",
            "npm config set --location user //registry.npmjs.org/:_authToken [redacted]",
        ),
        (
            "knife bootstrap x -P Sup3rS3cret",
            "knife bootstrap x -P [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "knife bootstrap x -p 22",
        "git config --global user.name bob",
        "conda config --set ssl_verify false",
        "puppet config set --section agent server puppet.example.com",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn logins_keys_and_webhook_addresses_named_in_other_words_are_secret_names() {
    for name in [
        "npmAuthIdent",
        "DOCKER_AUTH_CONFIG",
        "OCI_CLI_KEY_CONTENT",
        "LND_MACAROON",
        "ADMIN_MACAROON",
        "ORG_GRADLE_PROJECT_signingInMemoryKey",
        "TACACS_KEY",
        "RADIUS_KEY",
        "SLACK_WEBHOOK_URL",
        "hook_url",
    ] {
        assert!(is_secret_name(name), "{name}");
    }
    for name in [
        "token_url",
        "auth_identity",
        "identity_file",
        "auth_config_path",
        "content_type",
        "memory_limit",
        "user.signingkey",
        "WEBHOOK_URL_PATH",
        "webhook_id",
    ] {
        assert!(!is_secret_name(name), "{name}");
    }
    let wrong = wrong_redactions(&[
        (
            "npmAuthIdent: \"bob:Sup3rS3cret\"",
            "npmAuthIdent: \"[redacted]\"",
        ),
        (
            "SLACK_WEBHOOK_URL=https://hooks.example.com/in/abc123",
            "SLACK_WEBHOOK_URL=[redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn commands_inside_command_substitutions_are_read_as_commands() {
    let wrong = wrong_redactions(&[
        (
            "usermod --password $(openssl passwd -6 'Sup3rS3cret') bob",
            "usermod --password [redacted] passwd -6 '[redacted]') bob",
        ),
        (
            "export ROWS=$(mysql -uroot -pSup3rS3cret -e 'select 1')",
            "export ROWS=$(mysql -uroot -p[redacted] -e 'select 1')",
        ),
        (
            "echo `sshpass -p hunter2 ssh db1 uptime`",
            "echo `sshpass -p [redacted] ssh db1 uptime`",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "echo \"today is $(date +%F)\"",
        "x=$(( 1 + 2 ))",
        "kubectl exec $(kubectl get pod -l app=db -o name) -- psql",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn tables_drawn_with_box_drawing_characters_lose_their_secret_columns() {
    let wrong = wrong_redactions(&[
        (
            "┌────┬────────┬──────────────────┐\n│ id │ label  │ token            │\n├────┼────────┼──────────────────┤\n│ 1  │ x      │ abcdef0123456789 │\n└────┴────────┴──────────────────┘",
            "┌────┬────────┬──────────────────┐\n│ id │ label  │ token            │\n├────┼────────┼──────────────────┤\n│ 1  │ x      │ [redacted]       │\n└────┴────────┴──────────────────┘",
        ),
        (
            "┏━━━━━━━┳━━━━━━━━━━━━━━┓\n┃ Name  ┃ API Key      ┃\n┡━━━━━━━╇━━━━━━━━━━━━━━┩\n│ ci    │ abcDEF123xyz │\n└───────┴──────────────┘",
            "┏━━━━━━━┳━━━━━━━━━━━━━━┓\n┃ Name  ┃ API Key      ┃\n┡━━━━━━━╇━━━━━━━━━━━━━━┩\n│ ci    │ [redacted]   │\n└───────┴──────────────┘",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "┌──────┬───────┐\n│ name │ state │\n├──────┼───────┤\n│ web  │ up    │\n└──────┴───────┘",
        "┌─────────┬─────────┐\n│ NAME    │ SECRETS │\n├─────────┼─────────┤\n│ default │ 0       │\n└─────────┴─────────┘",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn here_documents_fed_to_programs_reading_a_password_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "smbpasswd -a bob <<EOF\nSup3rS3cret\nSup3rS3cret\nEOF\necho done",
            "smbpasswd -a bob <<EOF\n[redacted]\n[redacted]\nEOF\necho done",
        ),
        (
            "sudo -S apt update <<-'END'\n\tSup3rS3cret\n\tEND",
            "sudo -S apt update <<-'END'\n\t[redacted]\n\tEND",
        ),
        (
            "kinit bob@EXAMPLE.COM << \"EOF\"\nSup3rS3cret\nEOF",
            "kinit bob@EXAMPLE.COM << \"EOF\"\n[redacted]\nEOF",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "cat <<EOF > /etc/motd\nWelcome\nEOF",
        "mysql -u root <<SQL\nSELECT 1;\nSQL",
        "kinit -k -t /etc/krb5.keytab host/x <<EOF\nnothing\nEOF",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn keys_listed_by_their_key_name_are_redacted() {
    let listing = "[\n  {\n    \"creationTime\": \"2024-01-01T00:00:00+00:00\",\n    \"keyName\": \"key1\",\n    \"permissions\": \"FULL\",\n    \"value\": \"abcDEF123456ghiJKL789==\"\n  }\n]";
    let wrong = wrong_redactions(&[
        (
            listing,
            "[\n  {\n    \"creationTime\": \"2024-01-01T00:00:00+00:00\",\n    \"keyName\": \"key1\",\n    \"permissions\": \"FULL\",\n    \"value\": \"[redacted]\"\n  }\n]",
        ),
        (
            "- keyName: key1\n  permissions: FULL\n  value: abcDEF123456ghiJKL789==",
            "- keyName: key1\n  permissions: FULL\n  value: [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    assert_eq!(
        redact(&serde_json::json!([{"keyName": "key1", "permissions": "FULL", "value": "abc=="}])),
        serde_json::json!([{"keyName": "key1", "permissions": "FULL", "value": "[redacted]"}])
    );
    let changed = changed(&["[\n  {\n    \"name\": \"web\",\n    \"value\": \"8080\"\n  }\n]"]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn smbclient_operand_passwords_and_signtool_passwords_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "smbclient //host/share Sup3rS3cret -U bob",
            "smbclient //host/share [redacted] -U bob",
        ),
        (
            "smbclient -U bob //host/share Sup3rS3cret",
            "smbclient -U bob //host/share [redacted]",
        ),
        (
            "signtool sign /f cert.pfx /p Sup3rS3cret app.exe",
            "signtool sign /f cert.pfx /p [redacted] app.exe",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "smbclient -L //host -N",
        "smbclient //host/share -U bob -c 'ls'",
        "smbclient //host/share -N -c 'get file.txt'",
        "signtool verify /pa app.exe",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn keypairs_saved_as_byte_arrays_are_refused() {
    let bytes: Vec<String> = (0..64).map(|i| ((i * 37) % 256).to_string()).collect();
    let keypair = format!("[{}]", bytes.join(","));
    assert!(sensitive_content(&keypair).is_some());
    assert!(sensitive_content(&format!("{keypair}\n")).is_some());
    for text in [
        format!("[{}]", bytes[..32].join(",")),
        "[1,2,3]".to_owned(),
        format!("[{},300]", bytes[..63].join(",")),
    ] {
        assert_eq!(sensitive_content(&text), None, "{text}");
    }
    let missed = missed_paths(
        &[
            "/project/deployer-keypair.json",
            "/project/keypair.json",
            "/project/target/deploy/my_program-keypair.json",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let missed = missed_paths(&["/project/keypairs.md", "/project/src/keypair.rs"], false);
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn passwords_labelled_in_other_languages_and_scripts_are_redacted() {
    let wrong = wrong_redactions(&[
        ("密码: Sup3rS3cret", "密码: [redacted]"),
        ("密码：Sup3rS3cret", "密码：[redacted]"),
        ("パスワード: Sup3rS3cret", "パスワード: [redacted]"),
        (
            "ログイン パスワード：「Sup3rS3cret」",
            "ログイン パスワード：「[redacted]」",
        ),
        ("Пароль: Sup3rS3cret", "Пароль: [redacted]"),
        ("비밀번호: Sup3rS3cret", "비밀번호: [redacted]"),
        ("hasło: Sup3rS3cret", "hasło: [redacted]"),
        ("lösenord = Sup3rS3cret", "lösenord = [redacted]"),
        ("jelszó: Sup3rS3cret", "jelszó: [redacted]"),
        ("salasana: Sup3rS3cret", "salasana: [redacted]"),
        ("kennwort: Sup3rS3cret", "kennwort: [redacted]"),
        (
            "用户名: bob 密码: Sup3rS3cret 端口: 22",
            "用户名: bob 密码: [redacted] 端口: 22",
        ),
        ("password：Sup3rS3cret", "password：[redacted]"),
        ("password：'Sup3r S3cret' ok", "password：'[redacted]' ok"),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "Введите пароль для входа",
        "密码错误",
        "名前：太郎",
        "用户名: bob",
        "密码: $DB_PASSWORD",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn password_manager_apps_exports_and_browser_storage_are_refused() {
    let missed = missed_paths(
        &[
            "/home/u/Downloads/logins.csv",
            "/home/u/.mozilla/firefox/x.default/webappsstore.sqlite",
            "/home/u/.local/share/falkon/profiles/default/browsedata.db",
            "/home/u/.config/Proton Pass/Local Storage/leveldb/000003.log",
            "/home/u/.config/Dashlane/data.db",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let missed = missed_paths(
        &[
            "/home/u/Downloads/report.csv",
            "/home/u/.config/proton-mail/x",
        ],
        false,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn commands_given_as_a_command_named_value_are_read_as_commands() {
    let wrong = wrong_redactions(&[
        (
            "ssh -o \"ProxyCommand=sshpass -p Sup3rS3cret ssh -W %h:%p jump\" target",
            "ssh -o \"ProxyCommand=sshpass -p [redacted] ssh -W %h:%p jump\" target",
        ),
        (
            "ssh -o 'LocalCommand=mysql -uroot -pSup3rS3cret' x",
            "ssh -o 'LocalCommand=mysql -uroot -p[redacted]' x",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "--password-command=pass show x",
        "ssh -o \"ProxyCommand=ssh -W %h:%p jump\" target",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn windows_paths_kernel_memory_container_settings_and_answer_files_are_refused() {
    let missed = missed_paths(
        &[
            "C:\\Users\\bob\\.aws\\credentials",
            "C:\\Users\\bob\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Login Data",
            "C:\\Windows\\System32\\config\\SAM",
            "C:\\Windows\\NTDS\\ntds.dit",
            "c:\\inetpub\\wwwroot\\web.config",
            "C:\\Windows\\Panther\\Unattend.xml",
            "D:\\backup\\.pgpass",
            "/proc/kcore",
            "/dev/mem",
            "/var/lib/docker/containers/0123abcd/config.v2.json",
            "/etc/kubernetes/enc/enc.yaml",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let missed = missed_paths(
        &[
            "C:\\Windows\\System32\\drivers\\etc\\hosts",
            "C:\\Users\\bob\\Documents\\report.docx",
            "D:\\logs\\app.log",
            "C:\\Users\\bob\\.ssh\\id_rsa.pub",
            "logs\\app.log",
            "/var/lib/docker/containers/0123abcd/hostname",
        ],
        false,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn the_passwd_command_keeps_the_login_it_names() {
    let changed = changed(&["passwd root", "passwd bob", "  passwd svc-backup"]);
    assert_eq!(changed, Vec::<String>::new());
    let wrong = wrong_redactions(&[
        ("passwd Sup3rS3cret!", "passwd [redacted]"),
        ("  password hunter2", "  password [redacted]"),
        (
            "machine x login bob passwd hunter2",
            "machine x login bob passwd [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn secrets_generated_by_other_languages_and_tools_in_a_transcript_are_redacted() {
    let key = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    let cases: Vec<(String, String)> = [
        "node -e \"console.log(require('crypto').randomBytes(32).toString('hex'))\"",
        "ruby -rsecurerandom -e 'puts SecureRandom.hex(32)'",
        "php -r 'echo bin2hex(random_bytes(32));'",
        "python3 -c 'import os; print(os.urandom(32).hex())'",
        "gpg --gen-random --armor 1 32",
        "step crypto rand 32",
        "docker swarm join-token -q worker",
    ]
    .iter()
    .map(|command| {
        (
            format!("$ {command}\n{key}\n$ ls"),
            format!("$ {command}\n[redacted]\n$ ls"),
        )
    })
    .collect();
    let cases: Vec<(&str, &str)> = cases
        .iter()
        .map(|(i, o)| (i.as_str(), o.as_str()))
        .collect();
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let changed = changed(&[
        "$ node -e \"console.log(require('os').hostname())\"\nweb1\n$ ls",
        "$ docker swarm join-token --help\nUsage: docker swarm join-token [OPTIONS] (worker|manager)\n$ ls",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn clear_text_piped_into_systemd_creds_encrypt_is_redacted() {
    let wrong = wrong_redactions(&[
        (
            "systemd-creds encrypt --name=db - - <<< Sup3rS3cret",
            "systemd-creds encrypt --name=db - - <<< [redacted]",
        ),
        (
            "echo -n Sup3rS3cret | systemd-creds encrypt --name=db - db.cred",
            "echo -n [redacted] | systemd-creds encrypt --name=db - db.cred",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&["echo done | systemd-creds encrypt --name=db in.txt db.cred"]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn credentials_printed_in_two_columns_under_a_label_of_words_are_redacted() {
    let wrong = wrong_redactions(&[
        ("  Auth key    Zq9xW2vB7nK4abcQ", "  Auth key    [redacted]"),
        ("  Setup key  Zq9xW2vB7nK4abcQ", "  Setup key  [redacted]"),
        ("Pre-auth key\tZq9xW2vB7nK4abcQ", "Pre-auth key\t[redacted]"),
        ("  Unseal key  Zq9xW2vB7nK4abcQ", "  Unseal key  [redacted]"),
        (
            "Recovery code: Zq9xW2vB7nK4abcQ",
            "Recovery code: [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "  Public key  AAAAC3NzaC1lZDI1NTE5AAAAIbc",
        "Host key  SHA256:abcdefghijk",
        "Token Type  Bearer12345678",
        "Primary key   user_id",
        "Partition key   tenantIdXYZ",
        "Token TTL     768h0m0s",
        "Error code: E1234567890",
        "Key ID   0123456789ABCDEF",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn firewall_nas_and_backup_appliances_configurations_are_refused() {
    let missed = missed_paths(
        &[
            "/etc/proxmox-backup/shadow.json",
            "/conf/config.xml",
            "/conf/backup/config-1700000000.xml",
            "/cf/conf/config.xml",
            "/data/freenas-v1.db",
            "/data/pwenc_secret",
            "/etc/openfortivpn/config",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let missed = missed_paths(
        &[
            "/srv/app/conf/config.xml",
            "/conf/README",
            "/etc/proxmox-backup/datastore.cfg",
        ],
        false,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn snmp_communities_named_as_one_word_are_secret_names() {
    for name in ["rocommunity", "rwcommunity", "rocommunity6"] {
        assert!(is_secret_name(name), "{name}");
    }
    let wrong = wrong_redactions(&[(
        "<rocommunity>s3cr3tcomm</rocommunity>",
        "<rocommunity>[redacted]</rocommunity>",
    )]);
    assert_eq!(wrong, Vec::<String>::new());
    assert!(!is_secret_name("communities_count"));
}

#[test]
fn wallet_commands_printing_a_private_key_alone_are_redacted() {
    let key = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcc0d08d6b1a4c4a7f";
    let input = format!("$ cast wallet private-key --mnemonic-index 1\n{key}\n$ ls");
    let wrong = wrong_redactions(&[(
        input.as_str(),
        "$ cast wallet private-key --mnemonic-index 1\n[redacted]\n$ ls",
    )]);
    assert_eq!(wrong, Vec::<String>::new());
    let hash = format!("$ cast keccak hello\n{key}\n$ ls");
    assert_eq!(changed(&[hash.as_str()]), Vec::<String>::new());
}

#[test]
fn ruby_hash_rockets_and_compound_assignments_keep_the_operator_and_hide_the_value() {
    let wrong = wrong_redactions(&[
        (
            "{ :password => \"Sup3rS3cret\" }",
            "{ :password => \"[redacted]\" }",
        ),
        (
            "password ||= \"Sup3rS3cret\"",
            "password ||= \"[redacted]\"",
        ),
        ("token ??= \"abcDEF123456\"", "token ??= \"[redacted]\""),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&["a ||= b", "if password == other"]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn references_status_words_and_named_secrets_are_not_secrets() {
    let changed = changed(&[
        // A variable, a CI expression or a template names where the secret is.
        "forge script Deploy --private-key $PRIVATE_KEY --broadcast",
        "cast send --private-key \"${KEY}\" 0xabc 'f()'",
        "cast send --private-key ${{ secrets.DEPLOYER_KEY }} 0xabc",
        "sshpass -p \"$SSHPASS\" ssh admin@db1",
        "mysql -uroot -p$MYSQL_PWD app",
        "curl -u bob:$PW https://x",
        "curl -H \"Authorization: Bearer $TOKEN\" https://x",
        "app --token %TOKEN% --password $env:DB_PASSWORD",
        "echo \"$PW\" | passwd --stdin bob",
        // systemd's credentials named with the file they are read from.
        "LoadCredential=dbpass:/etc/credstore/dbpass",
        "LoadCredentialEncrypted=tls-key:/etc/credstore.encrypted/tls-key",
        "ImportCredential=app.*",
        // Programs' status words and log lines naming a secret.
        "hmac: failed",
        "token: expired",
        "password: incorrect",
        "api_key: missing",
        "level=warn msg=\"secret not found\" secret=db-password",
        "secret: db-password not mounted",
        "Loaded secret DB_PASSWORD from vault",
    ]);
    assert_eq!(changed, Vec::<String>::new());
    let wrong = wrong_redactions(&[
        // Between single quotes `$` is a literal; a default is a literal; SetCredential= holds
        // the secret itself.
        ("mysql -p'$ecret1' app", "mysql -p'[redacted]' app"),
        ("app --token '$ecret1'", "app --token '[redacted]'"),
        ("SetCredential=dbpass:hunter2x", "SetCredential=[redacted]"),
        ("hmac: 9f86d081884c7d65", "hmac: [redacted]"),
        ("secret=db-passw0rd", "secret=[redacted]"),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn samba_impacket_sql_server_rclone_and_ftp_script_logins_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "smbmap -u bob -p Passw0rd1 -H 10.0.0.1",
            "smbmap -u bob -p [redacted] -H 10.0.0.1",
        ),
        (
            "smbpasswd -r srv -U 'DOM\\bob%Passw0rd1'",
            "smbpasswd -r srv -U 'DOM\\bob%[redacted]'",
        ),
        (
            "samba-tool dns query dc1 corp.lan @ ALL --username=admin%Passw0rd1",
            "samba-tool dns query dc1 corp.lan @ ALL --username=admin%[redacted]",
        ),
        (
            "samba-tool user create bob Passw0rd1 --given-name=Bob",
            "samba-tool user create bob [redacted] --given-name=Bob",
        ),
        ("wbinfo -a bob%Passw0rd1", "wbinfo -a bob%[redacted]"),
        (
            "ldbsearch -H ldap://dc1 -U admin%Passw0rd1 '(cn=x)'",
            "ldbsearch -H ldap://dc1 -U admin%[redacted] '(cn=x)'",
        ),
        (
            "secretsdump.py 'CORP/bob:Passw0rd1'@10.0.0.1",
            "secretsdump.py 'CORP/bob:[redacted]'@10.0.0.1",
        ),
        (
            "impacket-wmiexec \"bob:Pa$$w0rd\"@10.0.0.1",
            "impacket-wmiexec \"bob:[redacted]\"@10.0.0.1",
        ),
        (
            "mssql-cli -S db -U sa -P Passw0rd1",
            "mssql-cli -S db -U sa -P [redacted]",
        ),
        (
            "rclone copy a b2: --b2-account 0012ab --b2-key K001xyzSECRET",
            "rclone copy a b2: --b2-account 0012ab --b2-key [redacted]",
        ),
        (
            "rclone ls az: --azureblob-key=c2VjcmV0S2V5",
            "rclone ls az: --azureblob-key=[redacted]",
        ),
        (
            "ftp -n files.example.com <<EOF\nuser bob Passw0rd1\nbinary\nput a.tgz\nbye\nEOF",
            "ftp -n files.example.com <<EOF\nuser bob [redacted]\nbinary\nput a.tgz\nbye\nEOF",
        ),
        (
            "ftp -n <<END\nquote USER bob\nquote PASS Passw0rd1\nEND\n",
            "ftp -n <<END\nquote USER bob\nquote PASS [redacted]\nEND\n",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "smbmap -u bob -H 10.0.0.1 -d CORP",
        "rclone copy a sftp: --sftp-key-file /root/.ssh/id_ed25519 --s3-sse-kms-key-id arn:aws:kms:x",
        "ftp -n <<EOF\nopen files.example.com\nls\nEOF",
        "docker pull registry/app:1.2@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn private_keys_indented_escaped_cut_or_url_encoded_are_redacted_in_their_shape() {
    let body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj";
    let cases: Vec<(String, String)> = [
        // A YAML block scalar keeps its indentation, so the document stays one document.
        (
            "tls:\n  key: |\n    -----BEGIN RSA PRIVATE KEY-----\n    {b}\n    {b}\n    -----END RSA PRIVATE KEY-----\n  cert: x",
            "tls:\n  key: |\n    -----BEGIN RSA PRIVATE KEY-----\n    [redacted]\n    -----END RSA PRIVATE KEY-----\n  cert: x",
        ),
        // Escaped line breaks, escaped twice, or written as `\r\n`, stay escaped.
        (
            "\"key\": \"-----BEGIN PRIVATE KEY-----\\\\n{b}\\\\n-----END PRIVATE KEY-----\\\\n\"",
            "\"key\": \"-----BEGIN PRIVATE KEY-----\\\\n[redacted]\\\\n-----END PRIVATE KEY-----\\\\n\"",
        ),
        (
            "key = \"-----BEGIN PRIVATE KEY-----\\r\\n{b}\\r\\n-----END PRIVATE KEY-----\"",
            "key = \"-----BEGIN PRIVATE KEY-----\\r\\n[redacted]\\r\\n-----END PRIVATE KEY-----\"",
        ),
        // A JSON string wrapped by a table's cells, the header cut inside a word.
        (
            "| id | key            |\n|----|----------------|\n| 1  | \"-----BEGIN RSA PRIV |\n|    | ATE KEY-----\\n{b} |\n|    | {b}\\n-----END RSA PRIVATE KEY-----\\n\" |\n| 2  | none |",
            "| id | key            |\n|----|----------------|\n| 1  | \"-----BEGIN RSA PRIV |\n|    | ATE KEY-----\\n[redacted] |\n|    | [redacted]-----END RSA PRIVATE KEY-----\\n\" |\n| 2  | none |",
        ),
        // URL-encoded in a query or a form.
        (
            "POST /import key=-----BEGIN%20PRIVATE%20KEY-----%0A{b}%0A-----END%20PRIVATE%20KEY-----%0A&name=x",
            "POST /import key=-----BEGIN%20PRIVATE%20KEY-----[redacted]-----END%20PRIVATE%20KEY-----%0A&name=x",
        ),
        (
            "key=-----BEGIN+OPENSSH+PRIVATE+KEY-----%0A{b}",
            "key=-----BEGIN+OPENSSH+PRIVATE+KEY-----[redacted]",
        ),
    ]
    .iter()
    .map(|(i, o)| (i.replace("{b}", body), (*o).to_owned()))
    .collect();
    let cases: Vec<(&str, &str)> = cases
        .iter()
        .map(|(i, o)| (i.as_str(), o.as_str()))
        .collect();
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let changed = changed(&[
        "| 1 | \"-----BEGIN CERTIFI |\n|   | CATE-----\\nMIIBszCCAVmgAwIBAgIU |",
        "-----BEGIN%20CERTIFICATE-----%0AMIIBszCCAVmgAwIBAgIU%0A-----END%20CERTIFICATE-----",
        "grep -rl 'BEGIN PRIVATE KEY' /etc/ssl",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn home_lab_services_secrets_are_refused_by_their_known_paths() {
    let missed = missed_paths(
        &[
            "/mosquitto/config/password_file",
            "/srv/mosquitto/config/passwd",
            "/var/lib/transmission-daemon/info/settings.json",
            "/etc/pihole/cli_pw",
            "/srv/authelia/config/configuration.yml",
            "/var/lib/authelia/db.sqlite3",
            "/opt/keycloak/data/h2/keycloakdb.mv.db",
            "/opt/zwave-js-ui/store/settings.json",
            "/srv/nginx-proxy-manager/data/database.sqlite",
            // The paths the services' official images use.
            "/config/config.xml",
            "/config/config.yml",
            "/config/configuration.yml",
            "/app/data/configuration.yaml",
            "/app/config/settings.json",
            "/data/flows_cred.json",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = missed_paths(
        &[
            "/mosquitto/config/mosquitto.conf",
            "/mosquitto/log/mosquitto.log",
            "/etc/pihole/adlists.list",
            "/srv/authelia/README.md",
            "/opt/keycloak/conf/cache-ispn.xml",
            "/opt/zwave-js-ui/store/logs/z-ui.log",
            "/config/logs/sonarr.txt",
            "/config/configuration.yaml.example",
            "/app/data/log/z2m.log",
            "/srv/app/config/settings.json",
            "/data/flows.json",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn secret_files_named_url_encoded_or_in_windows_stores_are_refused() {
    let missed = missed_paths(
        &[
            "/srv/app/.env%2Ebak",
            "/srv/app/id%5Frsa",
            "/var/www/wp-config.php%7E",
            "%2Fhome%2Fbob%2F.aws%2Fcredentials",
            "/home/bob/%2Egit-credentials",
            "/srv/app/.env%00.txt",
            "/srv/app/%252Eenv",
            "C:\\Users\\bob\\AppData\\Local\\Microsoft\\Vault\\4BF4C442\\Policy.vpol",
            "C:\\Users\\bob\\AppData\\Roaming\\HeidiSQL\\portable_settings.txt",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = missed_paths(
        &[
            "/srv/app/docs/100%25-coverage.md",
            "/srv/app/my%20notes.txt",
            "/srv/app/%E2%9C%93done.txt",
            "C:\\Users\\bob\\AppData\\Local\\Microsoft\\Windows\\Explorer\\thumbcache_32.db",
            "C:\\Users\\bob\\AppData\\Roaming\\HeidiSQL\\README.txt",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn numbered_archived_and_switched_off_copies_of_secret_files_are_refused() {
    let missed = missed_paths(
        &[
            "/srv/app/.env (1)",
            "/etc/shadow (2)",
            "/srv/app/wp-config (1).php",
            "/home/bob/Downloads/.pgpass - Copy (2)",
            "/etc/pihole/cli_pw - Copy",
            "/etc/shadow.bak2",
            "/home/bob/.netrc.old1",
            "/srv/app/config/master.key.new",
            "/srv/app/wp-config.php.disabled",
            "/etc/shadow.pre-upgrade",
            "/srv/app/wp-config.php.rej",
            "/root/shadow.tar.gz",
            "/srv/app/wp-config.php.zip",
            "/home/bob/.aws/credentials.tgz",
            // Settings of package and cloud CLIs holding tokens.
            "/home/bob/.bunfig.toml",
            "/srv/func/local.settings.json",
            "/home/bob/.config/influxdb2/configs",
            "/home/bob/.config/twilio-cli/config.json",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = missed_paths(
        &[
            "/srv/app/.env.example (1)",
            "/srv/app/report (1).pdf",
            "/srv/app/photo - Copy.jpg",
            "/srv/app/notes.new",
            "/srv/app/release.zip",
            "/srv/app/site.tar.gz",
            "/srv/app/fix.rej",
            "/srv/app/id_ed25519_parser.rs",
            "/srv/app/bunfig.toml.md",
            "/srv/func/host.json",
            "/home/bob/.config/influxdb2/README",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn proxies_without_a_scheme_lose_their_password_and_credentials_files_stay_named() {
    let wrong = wrong_redactions(&[
        (
            "export HTTPS_PROXY=bob:Passw0rd1@proxy.corp:3128",
            "export HTTPS_PROXY=bob:[redacted]@proxy.corp:3128",
        ),
        (
            "[global]\nproxy = bob:Passw0rd1@proxy:3128",
            "[global]\nproxy = bob:[redacted]@proxy:3128",
        ),
        (
            "  proxy: \"bob:Passw0rd1@proxy.corp:8080\"",
            "  proxy: \"bob:[redacted]@proxy.corp:8080\"",
        ),
        // Not a path: base64 may start with `/`.
        (
            "credentials: /9j/4AAQSkZJRg+AB==",
            "credentials: [redacted]",
        ),
        ("creds=/hunter2", "creds=[redacted]"),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "no_proxy=localhost,127.0.0.1,.corp",
        "http_proxy=proxy.corp:3128",
        "Proxy: host:3128 (user bob@corp)",
        "GOOGLE_APPLICATION_CREDENTIALS=/srv/app/key.json",
        "export GOOGLE_APPLICATION_CREDENTIALS=\"$HOME/.config/gcloud/key.json\"",
        "mount -t cifs //nas/share /mnt -o credentials=/root/.smbcred,uid=1000",
        "//nas/share /mnt cifs credentials=/etc/samba/cred,vers=3.0 0 0",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn cloud_init_password_lists_and_self_hosted_services_settings_are_covered() {
    let wrong = wrong_redactions(&[
        (
            "#cloud-config\nchpasswd:\n  expire: false\n  list: |\n    root:Passw0rd1\n    ubuntu:RANDOM\nssh_pwauth: true",
            "#cloud-config\nchpasswd:\n  expire: false\n  list: |\n    root:[redacted]\n    ubuntu:RANDOM\nssh_pwauth: true",
        ),
        (
            "chpasswd:\n  list:\n    - root:Passw0rd1\n    - \"bob:Pass w0rd\"\n    - ann:$6$rounds=4096$salt$hash\nruncmd: []",
            "chpasswd:\n  list:\n    - root:[redacted]\n    - \"bob:[redacted]\"\n    - ann:$6$rounds=4096$salt$hash\nruncmd: []",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "chpasswd: { expire: False }",
        "write_files:\n  - path: /etc/x\n    content: |\n      a:b\n",
    ]);
    assert_eq!(changed, Vec::<String>::new());
    let missed = missed_paths(
        &[
            "/etc/yggdrasil.conf",
            "/etc/yggdrasil/yggdrasil.conf",
            "/etc/cjdroute.conf",
            "/etc/lighttpd/lighttpd.user",
            "/etc/sentry/config.yml",
            "/etc/sentry/sentry.conf.py",
            "/etc/jitsi/jicofo/config",
            "/etc/jitsi/videobridge/sip-communicator.properties",
            "/etc/prosody/conf.d/meet.example.com.cfg.lua",
            "/etc/onlyoffice/documentserver/local.json",
            "/opt/netbox/netbox/netbox/configuration.py",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = missed_paths(
        &[
            "/etc/yggdrasil.conf.example",
            "/srv/sentry/src/sentry/conf/server.py",
            "/etc/jitsi/meet/example-config.js",
            "/etc/onlyoffice/documentserver/default.json",
            "/opt/netbox/netbox/netbox/settings.py",
            "/etc/lighttpd/lighttpd.conf",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn values_in_rows_of_name_value_tables_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "| Name | Value |\n|------|-------|\n| DB_PASSWORD | Passw0rd1 |\n| DB_HOST | db |",
            "| Name | Value |\n|------|-------|\n| DB_PASSWORD | [redacted] |\n| DB_HOST | db |",
        ),
        (
            "+-------------+-----------+\n| Variable    | Value     |\n+-------------+-----------+\n| db_password | Passw0rd1 |\n+-------------+-----------+",
            "+-------------+-----------+\n| Variable    | Value     |\n+-------------+-----------+\n| db_password | [redacted] |\n+-------------+-----------+",
        ),
        ("│ api_token │ abcDEF123456 │", "│ api_token │ [redacted] │"),
        (
            "| `SECRET_KEY` | s3cr3t-k3y |",
            "| `SECRET_KEY` | [redacted] |",
        ),
        (
            " name     | value\n----------+-----------\n password | Passw0rd1\n user     | bob",
            " name     | value\n----------+-----------\n password | [redacted]\n user     | bob",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "| validate_password.policy | MEDIUM |\n| default_password_lifetime | 0 |",
        "| require_secure_transport | ON |",
        "| Field | Type |\n|-------|------|\n| token | string |\n| api_key | `str` |",
        "| `API_TOKEN` | The token used to call the API |",
        "| Name | Token Type | Expires |\n|------|------------|---------|\n| ci   | bearer     | never   |",
        "cat password | base64 -d",
        "password | sha256sum",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn rows_without_a_margin_or_naming_a_secret_in_a_later_cell_are_redacted() {
    let wrong = wrong_redactions(&[
        // psql's expanded display without its record line (`psql -x -t`).
        ("password | Passw0rd1", "password | [redacted]"),
        (
            "usename  | bob\npassword | Passw0rd1\nvaluntil | infinity",
            "usename  | bob\npassword | [redacted]\nvaluntil | infinity",
        ),
        ("api_token | abcDEF123456", "api_token | [redacted]"),
        // Several rows aligned on their bars: the value whole, words and all.
        (
            "usename  | bob\npassword | correct horse battery staple",
            "usename  | bob\npassword | [redacted]",
        ),
        // Unaligned (`psql -Atx`).
        ("password|Passw0rd1", "password|[redacted]"),
        (
            "usename|bob\npasswd|Passw0rd1",
            "usename|bob\npasswd|[redacted]",
        ),
        // A secret named in a later cell, with no header or under one calling its column
        // the value.
        (
            "| prod | db_password | Passw0rd1 |",
            "| prod | db_password | [redacted] |",
        ),
        (
            "│ staging │ API_TOKEN │ abcDEF123456 │ 2026-01-01 │",
            "│ staging │ API_TOKEN │ [redacted] │ 2026-01-01 │",
        ),
        (
            "| env | name | value |\n|-----|------|-------|\n| prod | db_password | Passw0rd1 |",
            "| env | name | value |\n|-----|------|-------|\n| prod | db_password | [redacted] |",
        ),
        (
            " env  | name        | value\n------+-------------+-----------\n prod | db_password | Passw0rd1",
            " env  | name        | value\n------+-------------+-----------\n prod | db_password | [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        // Pipelines: a program's name after the bar, or more than one word.
        "password | wc -l",
        "password | base64",
        "token | sha256sum",
        "secret | xclip",
        "cat password | wc -l",
        "token | tr -d '\\n'",
        "token | base64 -d\nsecret | base64 -d",
        "password|base64",
        "token|sha256sum",
        "password|passwd",
        "grep -E 'password|passwd' /etc/ssh/sshd_config",
        // Status words, references, types.
        "password | required",
        "api_key | $API_KEY",
        "secret_key | string",
        // A checklist's mark after a name in a later cell.
        "| user | DB_PASSWORD | x |",
        "| 2 | api_token | ✓ |",
        // A header's cells, and later cells under a header not calling them values.
        "| user | password | role |\n|------|----------|------|\n| bob  | ******** | admin |",
        "| Name | Token Type | Expires |\n|------|------------|---------|\n| ci   | bearer     | never   |",
        // A label of the secret in a description column.
        "| api_token | API token | yes |",
        "| db_password | Database password |",
        "│ SECRET_KEY │ Django secret key │ required │",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn command_lines_of_four_words_are_no_chap_secrets_lines() {
    let wrong = wrong_redactions(&[
        ("bob server Passw0rd1 *", "bob server [redacted] *"),
        (
            "\"alice\" * \"s3cr3t pw\" 10.0.0.2",
            "\"alice\" * \"[redacted]\" 10.0.0.2",
        ),
        (
            "vpnuser pptpd Kx9mQ2 10.0.0.7",
            "vpnuser pptpd [redacted] 10.0.0.7",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "ip addr add 10.0.0.1/24",
        "ip addr add 10.0.0.1/24 dev eth0\nip addr add 10.0.0.2/24",
        "ip route add 10.0.0.0/8",
        "ip neigh del 10.0.0.1",
        "ufw allow from 10.0.0.1",
        "arp -d 10.0.0.1",
        "iptables -A INPUT 10.0.0.1",
        "nmap -sV -p 22 10.0.0.1",
        "ovs-vsctl add-port br0 10.0.0.1",
        "xl2tpd-control connect vpn 10.0.0.1",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn gossip_keys_rpc_logins_and_webhooks_named_for_their_service_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "consul agent -server -encrypt=pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=",
            "consul agent -server -encrypt=[redacted]",
        ),
        (
            "ExecStart=/usr/bin/nomad agent -encrypt cg8StVXbQJ0gPvMd9o7yrg==",
            "ExecStart=/usr/bin/nomad agent -encrypt [redacted]",
        ),
        (
            "consul keyring -install=HS5lJ+XuTlYKWaeGYyG+/A==",
            "consul keyring -install=[redacted]",
        ),
        (
            "transmission-remote localhost:9091 -n bob:Passw0rd1 -l",
            "transmission-remote localhost:9091 -n bob:[redacted] -l",
        ),
        (
            "SLACK_WEBHOOK=https://hooks.example.com/services/T01/B02/abc123XYZdef",
            "SLACK_WEBHOOK=[redacted]",
        ),
        (
            "alert_webhook: https://chat.example.com/hooks/abc123XYZdef",
            "alert_webhook: [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    assert!(is_secret_name("DISCORD_WEBHOOK"));
    let changed = changed(&[
        // Files and identities under secret-named options stay.
        "openvpn --config client.ovpn --auth-user-pass /etc/openvpn/auth.txt",
        "openvpn --secret /etc/openvpn/static.key",
        "openvpn --tls-auth ta.key 1 --tls-crypt tc.key",
        "openvpn --http-proxy-user-pass /etc/openvpn/proxy.auth",
        "zabbix_get -s web1 --tls-psk-identity PSK001 --tls-psk-file /etc/zabbix/web1.psk",
        "psk_identity = \"PSK001\"",
        "TLSPSKIdentity=PSK001",
        "consul members -detailed",
        "transmission-remote localhost:9091 -l",
        "webhooks: 3",
        "webhook: enabled",
    ]);
    assert_eq!(changed, Vec::<String>::new());
    assert!(!is_secret_name("tls-psk-identity"));
    assert!(!is_secret_name("webhooks"));
}

#[test]
fn options_inside_variables_holding_argument_strings_are_redacted() {
    let wrong = wrong_redactions(&[
        // `env`/`printenv` output, systemd's `Environment=`, `docker inspect`'s `Env`.
        (
            "ARGOCD_OPTS=--auth-token abc123XYZdef",
            "ARGOCD_OPTS=--auth-token [redacted]",
        ),
        (
            "Environment=\"ARGOCD_OPTS=--auth-token abc123XYZdef --grpc-web\"",
            "Environment=\"ARGOCD_OPTS=--auth-token [redacted] --grpc-web\"",
        ),
        (
            "    \"Env\": [\"ARGOCD_OPTS=--auth-token abc123XYZdef\", \"TZ=UTC\"],",
            "    \"Env\": [\"ARGOCD_OPTS=--auth-token [redacted]\", \"TZ=UTC\"],",
        ),
        (
            "RESTIC_ARGS=--password Passw0rd1 --verbose",
            "RESTIC_ARGS=--password [redacted] --verbose",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    assert_eq!(
        redact(&serde_json::json!({"Env": ["ARGOCD_OPTS=--auth-token abc123XYZdef"]})),
        serde_json::json!({"Env": ["ARGOCD_OPTS=--auth-token [redacted]"]})
    );
    let changed = changed(&[
        "NODE_OPTIONS=--max-old-space-size=4096",
        "JAVA_OPTS=-Xmx1g -Dfile.encoding=UTF-8",
        "GUNICORN_CMD_ARGS=--bind 0.0.0.0:8000 --workers 3",
        "CFLAGS=-O2 -pipe",
        "TZ=-05:00",
        "awk -v x=-1 '{print x}' file",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn logins_on_other_database_clients_command_lines_are_redacted() {
    let wrong = wrong_redactions(&[
        // Oracle's login as a keyword, and the clients that copied `user/pass@db`.
        (
            "sqlldr userid=scott/Passw0rd1@orcl control=load.ctl",
            "sqlldr userid=scott/[redacted]@orcl control=load.ctl",
        ),
        (
            "exp USERID=system/Passw0rd1 file=full.dmp",
            "exp USERID=system/[redacted] file=full.dmp",
        ),
        (
            "clpplus db2inst1/Passw0rd1@localhost:50000/sample",
            "clpplus db2inst1/[redacted]@localhost:50000/sample",
        ),
        (
            "zsql omm/Passw0rd1@127.0.0.1:1611",
            "zsql omm/[redacted]@127.0.0.1:1611",
        ),
        (
            "disql SYSDBA/Passw0rd1@localhost:5236",
            "disql SYSDBA/[redacted]@localhost:5236",
        ),
        // Short password options of SQL Server's, Firebird's, HANA's, Hive's, Couchbase's,
        // openGauss' and OceanBase's clients.
        (
            "tsql -S db -U sa -P Passw0rd1",
            "tsql -S db -U sa -P [redacted]",
        ),
        (
            "sqsh -S db -U sa -P Passw0rd1",
            "sqsh -S db -U sa -P [redacted]",
        ),
        (
            "gbak -user SYSDBA -pas Passw0rd1 db.fdb db.fbk",
            "gbak -user SYSDBA -pas [redacted] db.fdb db.fbk",
        ),
        (
            "hdbsql -n localhost:30015 -u SYSTEM -p Passw0rd1 \"select 1\"",
            "hdbsql -n localhost:30015 -u SYSTEM -p [redacted] \"select 1\"",
        ),
        (
            "hdbuserstore SET backup host:30015 SYSTEM Passw0rd1",
            "hdbuserstore SET backup host:30015 SYSTEM [redacted]",
        ),
        (
            "beeline -u jdbc:hive2://hive:10000 -n bob -p Passw0rd1",
            "beeline -u jdbc:hive2://hive:10000 -n bob -p [redacted]",
        ),
        (
            "cbq -u Administrator -p Passw0rd1 -e couchbase://db",
            "cbq -u Administrator -p [redacted] -e couchbase://db",
        ),
        (
            "gsql -d postgres -U omm -W Passw0rd1",
            "gsql -d postgres -U omm -W [redacted]",
        ),
        (
            "obclient -h ob -P 2881 -u root@sys -pPassw0rd1",
            "obclient -h ob -P 2881 -u root@sys -p[redacted]",
        ),
        // Teradata BTEQ's logon.
        (
            ".logon tdhost/dbc,Passw0rd1",
            ".logon tdhost/dbc,[redacted]",
        ),
        (
            ".LOGON tdhost/dbc,Passw0rd1;",
            ".LOGON tdhost/dbc,[redacted];",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "sqlldr control=load.ctl log=load.log",
        "tsql -S db -U sa",
        "gbak -b -user SYSDBA db.fdb db.fbk",
        "psql -W -h db -U app",
        "beeline -u jdbc:hive2://hive:10000 -n bob",
        "hdbuserstore LIST",
        ".logon tdhost/dbc",
        "zsql -v",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn account_sessions_dns_provider_keys_and_claim_codes_are_redacted() {
    let wrong = wrong_redactions(&[
        // 1Password's CLI session per account.
        (
            "OP_SESSION_my=yWv7nfGwDuc0sxgs8KQ0V6pLGbCDYM8UPfvKNUQ1Dig",
            "OP_SESSION_my=[redacted]",
        ),
        (
            "export OP_SESSION_acme_team=\"yWv7nfGwDuc0sxgs8KQ0V6pLGbCDYM8UPfvKNUQ1Dig\"",
            "export OP_SESSION_acme_team=\"[redacted]\"",
        ),
        // acme.sh's DNS providers' keys, LogDNA's key.
        (
            "CF_Key=\"0123456789abcdef0123456789abcdef01234\"",
            "CF_Key=\"[redacted]\"",
        ),
        (
            "export DP_Key=\"abc123XYZdef\"",
            "export DP_Key=\"[redacted]\"",
        ),
        ("GD_Key=dKtAbc123XYZdef", "GD_Key=[redacted]"),
        ("LOGDNA_KEY=abc123XYZdef", "LOGDNA_KEY=[redacted]"),
        // etcdctl's login as a variable, `user:password`: the password goes, the user stays
        // (a token-shaped first part goes with it).
        (
            "ETCDCTL_USER=root:Passw0rd1",
            "ETCDCTL_USER=root:[redacted]",
        ),
        (
            "ETCDCTL_USER=ghp_abcdefgh12345678:x",
            "ETCDCTL_USER=[redacted]",
        ),
        // Google's OAuth authorization code, Plex's claim token.
        (
            "{\"code\":\"4/0AX4XfWjAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnop\"}",
            "{\"code\":\"[redacted]\"}",
        ),
        (
            "PLEX_CLAIM=claim-Jmq9FzPsD3gYU5jmfZgj",
            "PLEX_CLAIM=[redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "OP_SESSION_my=",
        "XDG_SESSION_TYPE=wayland",
        "ETCDCTL_USERNAME=root",
        "CF_Email=admin@example.com",
        "DP_Id=123456",
        "claim-your-reward-points-today",
        "see https://example.com/blog/claim-free-tickets",
        "{\"code\": 404}",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn commands_recorded_by_the_audit_log_are_redacted() {
    let wrong = wrong_redactions(&[
        // `EXECVE`: one field an argument, quoted or hex-encoded.
        (
            "type=EXECVE msg=audit(1700000000.123:456): argc=3 a0=\"mysql\" a1=\"-uroot\" a2=\"-pPassw0rd1\"",
            "type=EXECVE msg=audit(1700000000.123:456): argc=3 a0=\"mysql\" a1=\"-uroot\" a2=\"-p[redacted]\"",
        ),
        (
            "type=EXECVE msg=audit(1700000000.123:456): argc=4 a0=\"sshpass\" a1=\"-p\" a2=\"Passw0rd1\" a3=\"ssh\"",
            "type=EXECVE msg=audit(1700000000.123:456): argc=4 a0=\"sshpass\" a1=\"-p\" a2=\"[redacted]\" a3=\"ssh\"",
        ),
        (
            "type=EXECVE msg=audit(1700000000.123:456): argc=3 a0=\"mysql\" a1=\"-uroot\" a2=2D705061737377307264312078",
            "type=EXECVE msg=audit(1700000000.123:456): argc=3 a0=\"mysql\" a1=\"-uroot\" a2=[redacted]",
        ),
        (
            "type=EXECVE msg=audit(1700000000.123:456): argc=3 a0=\"sh\" a1=\"-c\" a2=6D7973716C202D75726F6F74202D70506173737730726431202D65202773656C656374203127",
            "type=EXECVE msg=audit(1700000000.123:456): argc=3 a0=\"sh\" a1=\"-c\" a2=[redacted]",
        ),
        // `PROCTITLE` and sudo's `USER_CMD`, in hex and as `ausearch -i` interprets them.
        (
            "type=PROCTITLE msg=audit(1700000000.123:456): proctitle=6D7973716C002D75726F6F74002D70506173737730726431",
            "type=PROCTITLE msg=audit(1700000000.123:456): proctitle=[redacted]",
        ),
        (
            "type=USER_CMD msg=audit(1700000000.123:456): pid=1 uid=1000 cmd=6D7973716C202D70506173737730726431202D65202773686F77207461626C657327 terminal=pts/0 res=success",
            "type=USER_CMD msg=audit(1700000000.123:456): pid=1 uid=1000 cmd=[redacted] terminal=pts/0 res=success",
        ),
        (
            "type=EXECVE msg=audit(12/01/2024 10:00:00.123:456) : argc=3 a0=mysql a1=-uroot a2=-pPassw0rd1",
            "type=EXECVE msg=audit(12/01/2024 10:00:00.123:456) : argc=3 a0=mysql a1=-uroot a2=-p[redacted]",
        ),
        (
            "type=PROCTITLE msg=audit(12/01/2024 10:00:00.123:456) : proctitle=mysql -uroot -pPassw0rd1",
            "type=PROCTITLE msg=audit(12/01/2024 10:00:00.123:456) : proctitle=mysql -uroot -p[redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "type=EXECVE msg=audit(1700000000.123:456): argc=2 a0=\"cat\" a1=\"/etc/hosts\"",
        "type=EXECVE msg=audit(1700000000.123:456): argc=3 a0=\"ls\" a1=\"-l\" a2=6D792066696C652E747874",
        "type=PROCTITLE msg=audit(1700000000.123:456): proctitle=2F7573722F7362696E2F73736864002D44",
        "type=PROCTITLE msg=audit(1700000000.123:456): proctitle=\"/usr/sbin/cron\"",
        "type=USER_CMD msg=audit(1700000000.123:456): pid=1 cmd=73797374656D63746C2072657374617274206E67696E78 terminal=pts/0 res=success",
        "type=SYSCALL msg=audit(1700000000.123:456): arch=c000003e syscall=59 success=yes a0=55d5c2a1b2c0 a1=8",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn exported_keys_generated_secrets_and_passwords_typed_as_user_names_are_redacted() {
    let wrong = wrong_redactions(&[
        // Borg's exported key, with or without the command that printed it.
        (
            "BORG_KEY 1a2b3c4d5e6f7a8b\nhqlhbGdvcml0aG2mc2hhMjU2pGRhdGHaAZ4abc123XYZdef\nabc123XYZdef==\n\nDone.",
            "BORG_KEY 1a2b3c4d5e6f7a8b\n[redacted]\n\nDone.",
        ),
        // Keys and passwords printed alone by the commands that make them.
        (
            "$ headscale preauthkeys create --user bob\n7f3a9c2e7b1d4f6a0c5e9b2d7a1f3c8e9b2d7a1f3c8e",
            "$ headscale preauthkeys create --user bob\n[redacted]",
        ),
        (
            "$ kubeadm certs certificate-key\n0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
            "$ kubeadm certs certificate-key\n[redacted]",
        ),
        (
            "$ xkcdpass -n 4\ncorrect horse battery staple",
            "$ xkcdpass -n 4\n[redacted]",
        ),
        // A password typed at a login prompt, refused as a user name.
        (
            "Dec  1 10:00:00 web1 sshd[123]: Failed password for invalid user Passw0rd1! from 10.0.0.1 port 22 ssh2",
            "Dec  1 10:00:00 web1 sshd[123]: Failed password for invalid user [redacted] from 10.0.0.1 port 22 ssh2",
        ),
        (
            "Dec  1 10:00:00 web1 sshd[123]: Invalid user Xk9#mQ2pL from 10.0.0.1 port 22",
            "Dec  1 10:00:00 web1 sshd[123]: Invalid user [redacted] from 10.0.0.1 port 22",
        ),
        (
            "Dec  1 10:00:00 web1 login[123]: FAILED LOGIN (1) on '/dev/tty1' FOR 'Summer2024!', User not known to the underlying authentication module",
            "Dec  1 10:00:00 web1 login[123]: FAILED LOGIN (1) on '/dev/tty1' FOR '[redacted]', User not known to the underlying authentication module",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "Dec  1 10:00:00 web1 sshd[123]: Failed password for invalid user admin from 10.0.0.1 port 22 ssh2",
        "Dec  1 10:00:00 web1 sshd[123]: Invalid user test123 from 10.0.0.1 port 22",
        "Dec  1 10:00:00 web1 sshd[123]: Invalid user oracle from 10.0.0.1 port 22",
        "Dec  1 10:00:00 web1 sshd[123]: Failed password for root from 10.0.0.1 port 22 ssh2",
        "Dec  1 10:00:00 web1 login[123]: FAILED LOGIN (1) on '/dev/tty1' FOR 'bob', Authentication failure",
        "$ headscale preauthkeys list --user bob",
        "$ borg list /srv/repo",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn more_vendor_tokens_are_redacted_by_their_format_alone() {
    let wrong = wrong_redactions(&[
        (
            "1/1204567890123456:0123456789abcdef0123456789abcdef",
            "[redacted]",
        ),
        (
            "2/1204567890123456/1208765432109876:0123456789abcdef0123456789abcdef",
            "[redacted]",
        ),
        (
            "tfp_MYUSRuMibwXlopSFLFc7PfiIEKjnxTir5VweyEbHD4mU_3pdXcwxByqx8",
            "[redacted]",
        ),
        (
            "using access_token$production$x4c8b2q7n9z3w5k1$0123456789abcdef0123456789abcdef",
            "using [redacted]",
        ),
        (
            "EZAKabcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqr",
            "[redacted]",
        ),
        ("o.aBcDeFgHiJkLmNoPqRsTuVwXyZ012345", "[redacted]"),
        (
            "EAACEdEose0cBAaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
            "[redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "see chapter 1/2 of the guide",
        "ratio 1/1234567890:abc",
        "hello o.k. fine",
        "foo.o.bar",
        "access_token$production is the key's name",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn name_value_entries_as_go_structs_or_value_first_shorthand_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "Environment: [{Name:DB_PASSWORD Value:Passw0rd1} {Name:LOG_LEVEL Value:info}]",
            "Environment: [{Name:DB_PASSWORD Value:[redacted]} {Name:LOG_LEVEL Value:info}]",
        ),
        (
            "tags: [{Key:api_token Value:abc123XYZdef}]",
            "tags: [{Key:api_token Value:[redacted]}]",
        ),
        // The AWS CLI's shorthand with the value first.
        (
            "--parameters ParameterValue=Passw0rd1,ParameterKey=DbPassword",
            "--parameters ParameterValue=[redacted],ParameterKey=DbPassword",
        ),
        (
            "Value=Passw0rd1,Namespace=aws:elasticbeanstalk:application:environment,OptionName=DB_PASSWORD",
            "Value=[redacted],Namespace=aws:elasticbeanstalk:application:environment,OptionName=DB_PASSWORD",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "[{Name:LOG_LEVEL Value:info} {Name:PORT Value:8080}]",
        "ParameterValue=prod,ParameterKey=Env",
        "{Name:API_TOKEN Value:$TOKEN}",
        "{Key:password Value:}",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn stream_keys_in_rtmp_urls_and_passwords_in_sip_uris_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "ffmpeg -re -i in.mp4 -c copy -f flv rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop-qrst",
            "ffmpeg -re -i in.mp4 -c copy -f flv rtmp://a.rtmp.youtube.com/live2/[redacted]",
        ),
        (
            "\"server\": \"RTMPS://live-api-s.facebook.com:443/rtmp/FB-1234567890-0-AbCdEf\"",
            "\"server\": \"RTMPS://live-api-s.facebook.com:443/rtmp/[redacted]\"",
        ),
        // SIP's URIs carry a password without `//`.
        (
            "sip:bob:Passw0rd1@pbx.example.com",
            "sip:bob:[redacted]@pbx.example.com",
        ),
        (
            "To: <sips:1001:Passw0rd1@10.0.0.5:5061>",
            "To: <sips:1001:[redacted]@10.0.0.5:5061>",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "rtmp://live.twitch.tv/app/",
        "rtmp://localhost/live",
        "https://example.com/app/index.html",
        "sip:bob@pbx.example.com:5060",
        "Contact: <sip:bob@10.0.0.5:5060;transport=udp>",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn keys_carrying_a_signature_in_their_body_are_redacted_alone() {
    let wrong = wrong_redactions(&[
        // Azure DevOps' personal access tokens: 84 characters, `JQQJ99` and `AZDO` in place.
        (
            "echo Xk9mQ2vL8pR4Xk9mQ2vL8pR4Xk9mQ2vL8pR4Xk9mQ2vL8pR4w7ZtJQQJ99BATn3Hs8Kd2Lq6Yp1VAZDOFb7c | az devops login",
            "echo [redacted] | az devops login",
        ),
        (
            "Xk9mQ2vL8pR4Xk9mQ2vL8pR4Xk9mQ2vL8pR4Xk9mQ2vL8pR4w7ZtJQQJ99BATn3Hs8Kd2Lq6Yp1VAZDOFb7c",
            "[redacted]",
        ),
        // Azure's storage, Functions, Cognitive Search and Event Hubs keys.
        (
            "key1 Rm4tK8qW2zXn/Lp7+Vd3Hs9Yb1GfRm4tK8qW2zXn/Lp7+Vd3Hs9Yb1GfJc5NwQe8Tu0PaZo6Ms4D+AStQx7LmA== Full",
            "key1 [redacted] Full",
        ),
        (
            "https://app.azurewebsites.net/api/hook?code=pQ4rT9wX2zLm7-Vb3Nc8_Hs1Kd6Gf5Jy0AeUo2Wi9Sq4AzFuZx3Kvg==",
            "https://app.azurewebsites.net/api/hook?code=[redacted]",
        ),
        (
            "  primary Hq7Pw2Lm9Xk4Vb8Nc3Ty6Ru1Zs5Dj0Fe7Ga2Wo4Qi9AzSeCPk3Lw",
            "  primary [redacted]",
        ),
        (
            "SharedAccessKey=Tq4Lm8Xv2Rk7Wp3Nb9Hs1Yc6Df5Gj0Zae+AEhKp2Lsw=",
            "SharedAccessKey=[redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        // Runs of the same alphabet without the signature in its place.
        "Xk9mQ2vL8pR4Xk9mQ2vL8pR4Xk9mQ2vL8pR4Xk9mQ2vL8pR4w7ZtJQQJ99BATn3Hs8Kd2Lq6Yp1VAZD",
        "sha512 9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043",
        "AZDO-1234 JQQJ99 ticket",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn ntfy_topics_and_pipedream_endpoints_are_capabilities() {
    let wrong = wrong_redactions(&[
        // A self-hosted ntfy's topic, under a variable naming it: the topic goes, the server
        // stays; a login in the URL takes the whole value with it.
        (
            "NTFY_URL=https://ntfy.example/mytopic",
            "NTFY_URL=https://ntfy.example/[redacted]",
        ),
        ("NTFY_TOPIC=backups", "NTFY_TOPIC=[redacted]"),
        (
            "ntfy_topic_url: https://push.example.org/alerts",
            "ntfy_topic_url: https://push.example.org/[redacted]",
        ),
        (
            "NTFY_URL=https://ntfy.example.com:8080/alerts-x83kd/json",
            "NTFY_URL=https://ntfy.example.com:8080/[redacted]/json",
        ),
        (
            "export NTFY_URL=\"https://ntfy.example/mytopic\"",
            "export NTFY_URL=\"https://ntfy.example/[redacted]\"",
        ),
        (
            "NTFY_URL=https://bob:Pa55w0rd@ntfy.example/mytopic",
            "NTFY_URL=[redacted]",
        ),
        (
            "NTFY_URL=https://ntfy.example/mytopic?auth=QmFzaWMgYm9iOnBhc3M",
            "NTFY_URL=[redacted]",
        ),
        // Every topic on ntfy's public server is a capability, with or without a variable
        // or a scheme, whatever word it is.
        (
            "curl -d hi https://ntfy.sh/mytopic",
            "curl -d hi https://ntfy.sh/[redacted]",
        ),
        ("https://ntfy.sh/alerts", "https://ntfy.sh/[redacted]"),
        (
            "curl -d \"backup done\" ntfy.sh/backups",
            "curl -d \"backup done\" ntfy.sh/[redacted]",
        ),
        (
            "curl -s ntfy.sh/mytopic/json?poll=1",
            "curl -s ntfy.sh/[redacted]/json?poll=1",
        ),
        ("https://NTFY.SH/Alerts", "https://NTFY.SH/[redacted]"),
        (
            "NTFY_URL=https://ntfy.sh/mysecrettopic",
            "NTFY_URL=https://ntfy.sh/[redacted]",
        ),
        // ntfy's own client: the topic operand (the public server is its default), past the
        // options' values; its login and token.
        (
            "ntfy publish mytopic \"Backup done\"",
            "ntfy publish [redacted] \"Backup done\"",
        ),
        (
            "ntfy pub -t \"Backups\" -p 4 --tags warning mytopic done",
            "ntfy pub -t \"Backups\" -p 4 --tags warning [redacted] done",
        ),
        ("ntfy sub -p alerts", "ntfy sub -p [redacted]"),
        (
            "ntfy subscribe --since 10m alerts",
            "ntfy subscribe --since 10m [redacted]",
        ),
        (
            "ntfy publish -u bob:s3cretpw mytopic hi",
            "ntfy publish -u bob:[redacted] [redacted] hi",
        ),
        (
            "ntfy sub -k mysecrettoken123 alerts",
            "ntfy sub -k [redacted] [redacted]",
        ),
        // Apprise's ntfy URLs name the topic whatever the variable.
        (
            "APPRISE_URLS=ntfys://ntfy.example/mytopic",
            "APPRISE_URLS=ntfys://ntfy.example/[redacted]",
        ),
        // Apprise's and Shoutrrr's notification URLs: the parts after the scheme.
        (
            "APPRISE_URLS=gotify://gotify2.example.com:8443/AbCdEf1234567?priority=5",
            "APPRISE_URLS=gotify://gotify2.example.com:8443/[redacted]?priority=5",
        ),
        (
            "notify: discord://123456789012345678/abcDEF_ghiJKL-mno123PQRstuVWX456",
            "notify: discord://123456789012345678/[redacted]",
        ),
        (
            "pover://uQiRzpo4DXghDmr9QzzfQu27cmVRsG@azGDORePK8gMaC0QOYAMyEEuzJnyUi",
            "pover://[redacted]@[redacted]",
        ),
        (
            "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general",
            "slack://[redacted]/[redacted]/[redacted]/#general",
        ),
        ("pbul://o.abcDEF123ghiJKL456", "pbul://[redacted]"),
        // conda channels' access tokens: the token goes, the channel stays.
        (
            "  - https://conda.anaconda.org/t/ab-12345678-abcd-1234-abcd-1234567890ab/private-channel",
            "  - https://conda.anaconda.org/t/[redacted]/private-channel",
        ),
        (
            "channel_alias: https://repo.example.com/t/Xk9mQ2vL8pR4tY7w/conda",
            "channel_alias: https://repo.example.com/t/[redacted]/conda",
        ),
        (
            "https://conda.anaconda.org/t/mytoken/chan",
            "https://conda.anaconda.org/t/[redacted]/chan",
        ),
        // Pipedream's and RequestBin's endpoints: the host's first label.
        (
            "curl -d '{\"ok\":1}' https://eo1a2b3c4d5e6f7.m.pipedream.net",
            "curl -d '{\"ok\":1}' https://[redacted].m.pipedream.net",
        ),
        (
            "WEBHOOK=https://en9xk2lq8vz3.x.pipedream.net/path",
            "WEBHOOK=https://[redacted].x.pipedream.net/path",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "NTFY_BASE_URL=https://ntfy.example",
        "NTFY_SERVER=https://ntfy.example",
        // A topic's variable set to the server alone names no topic.
        "NTFY_URL=https://ntfy.example",
        "NTFY_URL=https://ntfy.example:8080/",
        "NTFY_URL=\"https://ntfy.home.lan\"",
        "  - NTFY_URL=https://ntfy.home.lan",
        // ntfy's own pages, its documents' site, and a path that only holds `ntfy.sh`.
        "see https://docs.ntfy.sh/publish/ and https://ntfy.sh/app",
        "https://ntfy.sh/ and https://ntfy.sh/v1/health and https://ntfy.sh/docs",
        "http://example.com/mirror/ntfy.sh/x",
        "ntfy serve --config /etc/ntfy/server.yml",
        "ntfy user add bob",
        "ntfy sub --from-config",
        "ntfy token list",
        "docs at https://pipedream.com/docs/workflows",
        // A forum's topic, not a conda token.
        "see https://discourse.example.org/t/how-to-install-v2-on-ubuntu-22/1234",
        "https://community.example.com/t/topic/99",
        "see https://github.com/caronc/apprise/wiki/Notify_gotify",
        "slack://general",
        "discord://webhook_id/webhook_token",
        // Hooks named for their event are no capability.
        "https://git.example.com/api/v3/repos/o/r/hooks/PreReceive",
        "http://jenkins.example/hooks/postUpdate",
        "https://git.example.com/hooks/PRE_RECEIVE",
    ]);
    assert_eq!(changed, Vec::<String>::new());
    // A hook's generated id still goes.
    assert_eq!(
        redact_text("https://chat.example/hooks/Y8GCj4xnbL9rNCPDx/abcDEF123ghiJKL456"),
        "https://chat.example/hooks/[redacted]"
    );
    // In JSON the server alone stays too; a topic goes and its server stays, as in text; a
    // login in the URL takes the whole value.
    assert_eq!(
        redact(
            &serde_json::json!({"NTFY_URL": "https://ntfy.example", "NTFY_TOPIC_URL": "https://ntfy.example/backups", "ntfy_url": "https://ntfy.example/alerts/json", "NTFY_PUSH_URL": "https://bob:pw@ntfy.example/alerts"})
        ),
        serde_json::json!({"NTFY_URL": "https://ntfy.example", "NTFY_TOPIC_URL": "https://ntfy.example/[redacted]", "ntfy_url": "https://ntfy.example/[redacted]/json", "NTFY_PUSH_URL": "[redacted]"})
    );
}

#[test]
fn switches_and_placeholders_under_secret_entries_are_no_secrets() {
    let changed = changed(&[
        "env:\n  - name: REQUIRE_PASSWORD\n    value: \"true\"\n  - name: DB_PASSWORD\n    value: \"false\"",
        "  - name: API_TOKEN\n    value: \"<your-token>\"",
        "{\"name\": \"DB_PASSWORD\", \"value\": \"false\"}",
        "{\"name\": \"API_TOKEN\", \"value\": false, \"x\": 1}",
        "password_required: true",
    ]);
    assert_eq!(changed, Vec::<String>::new());
    let wrong = wrong_redactions(&[
        (
            "  - name: DB_PASSWORD\n    value: \"truest\"",
            "  - name: DB_PASSWORD\n    value: \"[redacted]\"",
        ),
        (
            "{\"name\": \"DB_PASSWORD\", \"value\": \"hunter2\"}",
            "{\"name\": \"DB_PASSWORD\", \"value\": \"[redacted]\"}",
        ),
        // A format's own mark hides the value whatever it reads.
        (
            "{\"name\": \"x\", \"sensitive\": true, \"value\": \"false\"}",
            "{\"name\": \"x\", \"sensitive\": true, \"value\": \"[redacted]\"}",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let entries = serde_json::json!({"env": [
        {"name": "REQUIRE_PASSWORD", "value": "true"},
        {"name": "DB_PASSWORD", "value": "off"},
        {"name": "API_TOKEN", "value": "<token>"},
        {"name": "API_TOKEN", "value": "t0k3n-abc"},
        {"name": "x", "sensitive": true, "value": "false"},
    ]});
    assert_eq!(
        redact(&entries),
        serde_json::json!({"env": [
            {"name": "REQUIRE_PASSWORD", "value": "true"},
            {"name": "DB_PASSWORD", "value": "off"},
            {"name": "API_TOKEN", "value": "<token>"},
            {"name": "API_TOKEN", "value": "[redacted]"},
            {"name": "x", "sensitive": true, "value": "[redacted]"},
        ]})
    );
}

#[test]
fn psql_tables_lose_the_column_their_header_names_secret() {
    let wrong = wrong_redactions(&[
        // Aligned, under the header and its rule: every row's cell in that column.
        (
            " usename | passwd\n---------+------------------------\n bob     | SCRAM-SHA-256$4096:abc\n alice   | Hunter2xyz\n(2 rows)\n",
            " usename | passwd\n---------+------------------------\n bob     | [redacted]\n alice   | [redacted]\n(2 rows)\n",
        ),
        (
            " id | name | api_key      | created\n----+------+--------------+------------\n  1 | web  | 9f8e7d6c5b4a | 2024-01-01",
            " id | name | api_key      | created\n----+------+--------------+------------\n  1 | web  | [redacted] | 2024-01-01",
        ),
        // Unaligned (`psql -A`): the header, then rows with as many bars.
        (
            "usename|passwd|valuntil\nbob|Hunter2xyz|\nalice|correct horse|infinity\n(2 rows)",
            "usename|passwd|valuntil\nbob|[redacted]|\nalice|[redacted]|infinity\n(2 rows)",
        ),
        (
            "id|name|token\n1|web|9f8e7d6c5b4aabc",
            "id|name|token\n1|web|[redacted]",
        ),
        // A lone row of the expanded display (`psql -x -t`), its value of several words.
        (
            "password | correct horse battery staple",
            "password | [redacted]",
        ),
        ("db_password | Hunter2 xyz\n", "db_password | [redacted]\n"),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        " id | name\n----+-----\n  1 | web\n(1 row)",
        "usename|usesuper\nbob|t",
        "cat token|base64\nx|y",
        "password|passwd\n",
        "token | base64 -d",
        "password | The password of the user",
        "grep -E 'token|secret' app.log\nfound|none",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn blobs_wrapped_below_their_key_with_a_short_first_line_are_redacted() {
    let wrong = wrong_redactions(&[
        // A private key's base64 wrapped with a short first line, under a key named `key`.
        (
            "tls:\n  key: MIIEvQ\n    IBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n    MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSu\n  cert: /etc/ssl/x.pem",
            "tls:\n  key: [redacted]\n    [redacted]\n    [redacted]\n  cert: /etc/ssl/x.pem",
        ),
        // Under a secret's name, plain or quoted, whatever the blob.
        (
            "private_key: abc\n  IBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nname: web",
            "private_key: [redacted]\n  [redacted]\nname: web",
        ),
        (
            "password: \"MIIEvQ\n  IBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\"\nname: web",
            "password: \"[redacted]\n  [redacted]\"\nname: web",
        ),
        // Cut by escaped line breaks inside one quoted string (JSON, HCL).
        (
            "{\"key\": \"MIIEvQ\\nIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\\nMzEfYyjiWA4R4\"}",
            "{\"key\": \"[redacted]\"}",
        ),
        // A continued line's blob whose first line is short.
        (
            "SetCredentialEncrypted=db: \\\n        k6iUCUh \\\n        0RJCQyvL8k8q1UyAAAAABAAAADAAAABAAAAC1lFmbQZ0RJCQyvL8k8q1Uy \\\n        ZGhYUqw==",
            "SetCredentialEncrypted=[redacted] \\\n        [redacted] \\\n        [redacted] \\\n        [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        // A certificate wrapped so, a short value with prose below, a command's options.
        "cert: MIIDdz\n  CCAl+gAwIBAgIUQ5f7mP0xEXAMPLEcertificateBODYabc\nname: web",
        "{\"cert\": \"MIIDdz\\nCCAl+gAwIBAgIUQ5f7mP0xEXAMPLEcertificateBODYabcdefghijkl\"}",
        "printf \"line one\\nline two\\n\"",
        "description: short\n  and then some more words\nname: web",
        "key: abc\n  IBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
        "ExecStart=/usr/bin/app \\\n  --host db1 \\\n  --port 5432",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn nul_characters_between_the_letters_or_the_fields_of_a_text_hide_no_secret() {
    let wide = |text: &str| -> String { text.chars().flat_map(|c| [c, '\0']).collect() };
    // UTF-16 read as bytes: a `.reg` export, PowerShell's redirected output.
    let wrong = wrong_redactions(&[
        (
            &wide("DB_PASSWORD=hunter2\r\nPATH=C:\\bin\r\n"),
            &wide("DB_PASSWORD=[redacted]\r\nPATH=C:\\bin\r\n"),
        ),
        (
            &format!("\u{FFFD}\u{FFFD}{}", wide("\"Password\"=\"Sup3rS3cret\"")),
            &format!("\u{FFFD}\u{FFFD}{}", wide("\"Password\"=\"[redacted]\"")),
        ),
        // Fields padded with NULs: a name, padding, its value.
        (
            "password\0\0\0\0hunter2xyz\0\0\0port\0\0\x005432",
            "password\0\0\0\0[redacted]\0\0\0port\0\0\x005432",
        ),
        // Entries beside text on one line still go one by one.
        (
            "environ of pid 1: DB_PASSWORD=hunter2\0PATH=/bin and more",
            "environ of pid 1: DB_PASSWORD=[redacted]\0PATH=/bin and more",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        &wide("PATH=C:\\bin\r\nUSER=bob\r\n"),
        "kubectl\0create\0secret\0generic\0app\0",
        "token\0\0\0expired",
        "name\0\0\0bob",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn further_vendors_tokens_are_redacted_by_their_published_format() {
    let wrong = wrong_redactions(&[
        (
            "harness: using pat.fPEn5jOaBaaRQh92fn3hiE.087e51b429fe8110102c995f.Mdux8KUCERkj9Zhx9PkO",
            "harness: using [redacted]",
        ),
        (
            "echo tk-us-nCt1RTrzJm8Iq0na0p_Yt1JoW56KTLTYXPa_W4MxMs3WDlQP | scalingo login",
            "echo [redacted] | scalingo login",
        ),
        (
            "ld-relay: using api-8b8480f3-b47c-2043-1658-b4550b7ef6bc",
            "ld-relay: using [redacted]",
        ),
        (
            "client = ldclient.set_config(Config(\"sdk-e6a0302c-b17c-dc70-808d-77b6ad89f65f\"))",
            "client = ldclient.set_config(Config(\"[redacted]\"))",
        ),
        (
            "const lob = require('lob')('live_84992a0f75ae616b1e5d490340494b35ec2');",
            "const lob = require('lob')('[redacted]');",
        ),
        (
            "ghost admin key 4078c763211caeae0ffac7cb:2c8a2788fbf742b65b754e51acbd3d48c3bb9e28c9e3ef5404bf7bac80608159",
            "ghost admin key [redacted]",
        ),
        (
            "app = FirecrawlApp(api_key_from=\"fc-475c5a6cd981f939451e0f1a365b67f7\")",
            "app = FirecrawlApp(api_key_from=\"[redacted]\")",
        ),
        (
            "infisical export --token=$T # st.3e0649c9-ac28-66c3-a98f-aec23434556c.1e237153dd2ad464cfad0ca708a6a9e3.c6a935897b46606247fdaa2b8e3e4728",
            "infisical export --token=$T # [redacted]",
        ),
        (
            "telnyx: KEY0S5301HH7V7710BUDS1YUTEPH2P6ZD4G_H6pItQz8p4e6U93Qx3IAKZ",
            "telnyx: [redacted]",
        ),
        (
            "Your recovery key: EsTc LW2K PGiF wKEA 3As5 g5c4 BXwk qeeJ ZJV8 Q9fu gUMN UE4d",
            "Your recovery key: [redacted]",
        ),
        (
            "$ cat /data/example.org.signing.key\ned25519 a_AbCd Xk9mQ2vL8pR4w7ZtTn3Hs8Kd2Lq6Yp1VFb7cabcdefg",
            "$ cat /data/example.org.signing.key\ned25519 a_AbCd [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "pat.yml",
        "api-gateway-3f2a9c1d",
        "live_stream_1",
        "test_should_return_404_when_missing_user",
        "image@sha256:9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca7",
        "commit 087e51b429fe8110102c995f0e1d2c3b4a5f6e7d",
        "fc-host-01",
        "st.louis",
        "KEY_ID_NOT_SET",
        "Estimated time left: 3 min",
        "ED25519 key fingerprint is SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s.",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn caddy_dns_tokens_base64_bcrypt_hashes_and_nextcloud_salts_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "example.com {\n    tls {\n        dns cloudflare Xk9mQ2vL8pR4w7ZtTn3Hs8Kd2Lq6Yp1VFb7cabcd\n    }\n}",
            "example.com {\n    tls {\n        dns cloudflare [redacted]\n    }\n}",
        ),
        (
            "{\n  acme_dns cloudflare Xk9mQ2vL8pR4w7ZtTn3Hs8Kd2Lq6Yp1VFb7cabcd\n}",
            "{\n  acme_dns cloudflare [redacted]\n}",
        ),
        (
            "    basic_auth {\n        bob JDJhJDE0JEZreDE5WExpVzZWWW91TEhSNU5tZk9GVTB6MkdUTm1wa1QvNXFxUjdoeDRJaldKUERoanZH\n    }",
            "    basic_auth {\n        bob [redacted]\n    }",
        ),
        (
            "  'passwordsalt' => 'Xk9mQ2vL8pR4w7Zt',",
            "  'passwordsalt' => '[redacted]',",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "        dns cloudflare {env.CF_API_TOKEN}",
        "dns google_cloud_dns_provider_name_long",
        "  'instanceid' => 'oc8x2k9m1q',",
        "VAPID_PUBLIC_KEY=BXk9mQ2vL8pR4w7ZtTn3Hs8Kd2Lq6Yp1VFb7c=",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn tokens_a_sentence_states_are_redacted_by_their_shape() {
    let wrong = wrong_redactions(&[
        (
            "Your access token is QJq8rS2vLmN4pXk7ZbW3cYd9FhGt6eA1",
            "Your access token is [redacted]",
        ),
        (
            "Login ok. Your API key is QJq8rS2vLmN4pXk7ZbW3cYd9FhGt6eA1.",
            "Login ok. Your API key is [redacted]",
        ),
        (
            "The secret is 8f3a9c1d7e444b1a9e8d7c6b5a493f2a",
            "The secret is [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "The token is valid until tomorrow",
        "the API key is 3 days old",
        "the cache key is user_profile_v2_settings",
        "the token is 2024-01-01T00:00:00Z",
        "primary key is 1234567890123456789",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn rclone_remotes_keys_named_only_key_are_redacted() {
    let wrong = wrong_redactions(&[(
        "$ rclone config show\n[b2]\ntype = b2\naccount = 000abc\nkey = K000abcdefghijklmnopqrstuvwxyzAB\nhard_delete = true\n[az]\ntype = azureblob\naccount = store1\nkey = Rm4tK8qW2zXn/Lp7+Vd3Hs9Yb1Gf==\n[s3]\ntype = s3\nsse_kms_key_id = arn:aws:kms:eu-west-1:1:key/x\nsse_customer_key = abcdefgh12345678",
        "$ rclone config show\n[b2]\ntype = b2\naccount = 000abc\nkey = [redacted]\nhard_delete = true\n[az]\ntype = azureblob\naccount = store1\nkey = [redacted]\n[s3]\ntype = s3\nsse_kms_key_id = arn:aws:kms:eu-west-1:1:key/x\nsse_customer_key = [redacted]",
    )]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "[local]\ntype = local\nkey = value",
        "[s]\ntype = sftp\nhost = nas\nkey_file = ~/.ssh/id_ed25519",
        "[Desktop Entry]\nType=Application\nName=App",
        "[section]\nkey = value",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn placeholders_markers_and_providers_references_under_secret_names_stay() {
    let changed = changed(&[
        "password: xxxxxxxx",
        "password: [REDACTED]",
        "client_secret: \"[hidden]\"",
        "token: TBD",
        "api_key: undefined",
        "password: $__file{/run/secrets/db_password}",
        "  basicAuthPassword: $__env{GRAFANA_PW}",
        "DISABLE_PASSWORD=1",
        "ENABLE_TOKEN_AUTH=1",
        "BASIC_AUTH=0",
        "  - name: ENABLE_BASIC_AUTH\n    value: \"1\"",
    ]);
    assert_eq!(changed, Vec::<String>::new());
    let wrong = wrong_redactions(&[
        ("password: xxxxxxxxy", "password: [redacted]"),
        ("password: xx", "password: [redacted]"),
        (
            "passwords: [hunter2, s3cret]",
            "passwords: [[redacted], [redacted]]",
        ),
        ("enable_password: Sup3r", "enable_password: [redacted]"),
        ("password=12", "password=[redacted]"),
        ("ENABLE_API_KEY=abc123def456", "ENABLE_API_KEY=[redacted]"),
        (
            "ENABLE_ADMIN_PASSWORD=Sup3rS3cret",
            "ENABLE_ADMIN_PASSWORD=[redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    assert_eq!(
        redact(&serde_json::json!({"password": "xxxxxxxx", "token": "[REDACTED]"})),
        serde_json::json!({"password": "xxxxxxxx", "token": "[REDACTED]"})
    );
}

#[test]
fn delimited_exports_lose_the_column_their_header_names_secret() {
    let wrong = wrong_redactions(&[
        // psql --csv.
        (
            "usename,passwd,valuntil\nbob,Hunter2xyz,\nalice,correct horse,infinity",
            "usename,passwd,valuntil\nbob,[redacted],\nalice,[redacted],infinity",
        ),
        // A password manager's or a browser's export.
        (
            "name,url,username,password,note\nGitHub,https://github.com/login,bob,Sup3r,\n\"Bank\",https://bank.example,alice,\"p,w\",x",
            "name,url,username,password,note\nGitHub,https://github.com/login,bob,[redacted],\n\"Bank\",https://bank.example,alice,\"[redacted]\",x",
        ),
        // KeePass' export, its names quoted with blanks.
        (
            "\"Account\",\"Login Name\",\"Password\",\"Web Site\"\n\"mail\",\"bob\",\"Sup3rS3cret\",\"https://mail.example\"",
            "\"Account\",\"Login Name\",\"Password\",\"Web Site\"\n\"mail\",\"bob\",\"[redacted]\",\"https://mail.example\"",
        ),
        // mysql -B: tab-separated with a header.
        (
            "user\tauthentication_string\nroot\t*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9",
            "user\tauthentication_string\nroot\t[redacted]",
        ),
        (
            "username;password;email\nbob;Hunter2xyz;b@x.org",
            "username;password;email\nbob;[redacted];b@x.org",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "id,name,created\n1,web,2024-01-01",
        "token, secret and key\nare, words, here",
        "user,password\nthe export has no rows",
        "tokens,users\n3,5",
        "user,password_last_changed\nbob,2024-01-01T10:00",
        "id,token_expires_at\n1,2024-01-01T10:00",
        "token_created_at: 2024-01-01",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn redis_replies_numbering_a_secret_field_and_its_value_are_redacted() {
    let wrong = wrong_redactions(&[
        (
            "127.0.0.1:6379> CONFIG GET *pass*\n1) \"requirepass\"\n2) \"hunter2xyz\"\n3) \"masterauth\"\n4) \"s3cretpw\"",
            "127.0.0.1:6379> CONFIG GET *pass*\n1) \"requirepass\"\n2) \"[redacted]\"\n3) \"masterauth\"\n4) \"[redacted]\"",
        ),
        (
            "1) \"user\"\n2) \"bob\"\n3) \"api_token\"\n4) \"Xk9mQ2vL8pR4w7Zt\"",
            "1) \"user\"\n2) \"bob\"\n3) \"api_token\"\n4) \"[redacted]\"",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "1) \"requirepass\"\n2) \"\"",
        "1) \"maxmemory\"\n2) \"0\"\n3) \"port\"\n4) \"6379\"",
        "1) \"password\"\n2) \"token\"\n3) \"secret\"",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

/// Below a command listing keys, every item is a key's name: neither a field and its value nor
/// a `name:value` pair. A generated id in a key's name (a session's) still goes.
#[test]
fn redis_key_listings_keep_key_names_and_lose_generated_ids() {
    let changed = changed(&[
        "127.0.0.1:6379> KEYS *\n1) \"auth_token:user:42\"\n2) \"config:password_policy\"\n3) \"ratelimit:api_key:abc\"\n4) \"password_reset:bob\"",
        "127.0.0.1:6379> KEYS *token*\n1) \"token:1\"\n2) \"refresh_token:bob\"",
        "127.0.0.1:6379> SCAN 0 MATCH user:*\n1) \"0\"\n2) 1) \"user:42:password\"\n   2) \"user:43:token\"",
        "$ redis-cli --scan --pattern '*'\npassword_reset:bob\napi_key:prod\n$ echo done",
    ]);
    assert_eq!(changed, Vec::<String>::new());
    let wrong = wrong_redactions(&[
        (
            "127.0.0.1:6379> KEYS sess:*\n1) \"sess:8f3a9c1d7e44\"\n2) \"cache:ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\"",
            "127.0.0.1:6379> KEYS sess:*\n1) \"sess:[redacted]\"\n2) \"cache:[redacted]\"",
        ),
        // The client's password on the command line, and an assignment below the listing,
        // are read as ever.
        (
            "$ redis-cli -a S3cretPass KEYS '*'\napi_key:prod\nTOKEN=abc123\n$ echo done",
            "$ redis-cli -a [redacted] KEYS '*'\napi_key:prod\nTOKEN=[redacted]\n$ echo done",
        ),
        // Without the command, a numbered reply is read as fields and values.
        (
            "1) \"token:1\"\n2) \"refresh_token:bob\"",
            "1) \"token:1\"\n2) \"[redacted]\"",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn tables_over_a_rule_of_dashes_lose_their_secret_columns_in_any_case() {
    let wrong = wrong_redactions(&[
        // A table written by hand or cut, its cells not under the header's: read by its cells
        // when it has as many as the header.
        (
            "ID   DESC   PUBLIC KEY   PRIVATE KEY\n5f1e   x   abcdefgh   0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
            "ID   DESC   PUBLIC KEY   PRIVATE KEY\n5f1e   x   abcdefgh   [redacted]",
        ),
        (
            "NAME   TOKEN   AGE\nweb-deploy   abc123tokenvalue   5d\ndb   <none>   3d",
            "NAME   TOKEN   AGE\nweb-deploy   [redacted]   5d\ndb   <none>   3d",
        ),
        // `az storage account keys list -o table`: the value of a listed key.
        (
            "KeyName    Permissions    Value\n---------  -------------  ------------------------------------\nkey1       FULL           Rm4tK8qW2zXn/Lp7+Vd3Hs9Yb1GfRm4tK8qW2zXn/Lp7+Vd3==\nkey2       FULL           Jc5NwQe8Tu0PaZo6Ms4DkEv2Rm4tK8qW2zXn/Lp7+Vd3Hs==",
            "KeyName    Permissions    Value\n---------  -------------  ------------------------------------\nkey1       FULL           [redacted]\nkey2       FULL           [redacted]",
        ),
        // A header naming two secrets' columns stays whole.
        (
            "AccessKey    SecretKey\n-----------  ----------------------------------------\nAKIDEXAMPLE  wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12",
            "AccessKey    SecretKey\n-----------  ----------------------------------------\n[redacted]  [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "Name    Value\n------  -----\nweb     prod",
        "Name    Location    State\n------  ----------  -------\nvm1     westeurope  running",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn matrix_signing_and_recovery_keys_are_refused_by_content() {
    for text in [
        "ed25519 a_AbCd Xk9mQ2vL8pR4w7ZtTn3Hs8Kd2Lq6Yp1VFb7cabcdefg\n",
        "ed25519 auto Xk9mQ2vL8pR4w7ZtTn3Hs8Kd2Lq6Yp1VFb7cabcdefg\ned25519 a_XyZw Yk9mQ2vL8pR4w7ZtTn3Hs8Kd2Lq6Yp1VFb7cabcdefg",
        "EsTc LW2K PGiF wKEA 3As5 g5c4 BXwk qeeJ ZJV8 Q9fu gUMN UE4d\n",
    ] {
        assert!(sensitive_content(text).is_some(), "{text}");
    }
    for text in [
        "ed25519 key fingerprint SHA256:abc",
        "signing_key_path: /data/example.org.signing.key",
        "Es is a word in these twelve words of the text here ok",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl bob@host",
    ] {
        assert_eq!(sensitive_content(text), None, "{text}");
    }
}

/// MongoDB Atlas' programmatic API keys: a public key (an id) and a UUID-shaped private key,
/// in every place the Atlas CLI, Terraform, the Kubernetes operator and curl's digest login
/// take them.
#[test]
fn mongodb_atlas_private_api_keys_are_redacted() {
    const PRIVATE: &str = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    let texts = [
        format!("atlas config init --publicApiKey abcdefgh --privateApiKey {PRIVATE}"),
        format!(
            "terraformer import mongodbatlas --publicApiKey=abcdefgh --privateApiKey={PRIVATE}"
        ),
        format!("MONGODB_ATLAS_PRIVATE_API_KEY={PRIVATE}"),
        format!("MONGODB_ATLAS_PRIVATE_KEY={PRIVATE}"),
        format!("MCLI_PRIVATE_API_KEY={PRIVATE}"),
        format!("atlas config set private_api_key \"{PRIVATE}\""),
        format!(
            "provider \"mongodbatlas\" {{\n  public_key  = \"abcdefgh\"\n  private_key = \"{PRIVATE}\"\n}}"
        ),
        format!(
            "stringData:\n  orgId: \"5f1e\"\n  publicApiKey: \"abcdefgh\"\n  privateApiKey: \"{PRIVATE}\""
        ),
        format!(
            "curl --user \"abcdefgh:{PRIVATE}\" --digest https://cloud.mongodb.com/api/atlas/v2/groups"
        ),
        format!(
            "{{\n  \"id\": \"5f1e2d3c4b5a697887960000\",\n  \"privateKey\": \"{PRIVATE}\",\n  \"publicKey\": \"abcdefgh\"\n}}"
        ),
        format!(
            "API Key 5f1e2d3c4b5a697887960000 created.\nPublic API Key abcdefgh\nPrivate API Key {PRIVATE}"
        ),
        format!("ID     DESC   PUBLIC KEY   PRIVATE KEY\n5f1e   x      abcdefgh     {PRIVATE}"),
    ];
    let kept: Vec<String> = texts
        .iter()
        .map(|t| redact_text(t))
        .filter(|r| r.contains(PRIVATE) || !r.contains("[redacted]"))
        .collect();
    assert_eq!(kept, Vec::<String>::new());
    let changed = changed(&[
        "MONGODB_ATLAS_ORG_ID=5f1e2d3c4b5a697887960000",
        "atlas clusters list --projectId 5f1e2d3c4b5a697887960000",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

/// Rows a database client prints without a header: the query on the command line above them
/// names their columns, and a column it names for a secret loses its fields.
#[test]
fn headerless_rows_lose_the_columns_their_query_names_for_secrets() {
    let wrong = wrong_redactions(&[
        (
            "$ psql -U app -d db -t -c \"SELECT password FROM users\"\n hunter2\n s3cret\n$ echo ok\nok",
            "$ psql -U app -d db -t -c \"SELECT password FROM users\"\n [redacted]\n [redacted]\n$ echo ok\nok",
        ),
        (
            "$ psql -tA -c \"select username, password from users\"\nalice|hunter2\nbob|s3cret",
            "$ psql -tA -c \"select username, password from users\"\nalice|[redacted]\nbob|[redacted]",
        ),
        (
            "$ psql -t -c \"select username, password as pw, email from users\"\n alice | hunter2 | a@x.org\n bob   |         | b@x.org",
            "$ psql -t -c \"select username, password as pw, email from users\"\n alice | [redacted] | a@x.org\n bob   |         | b@x.org",
        ),
        (
            "$ mysql -N -e \"SELECT user, authentication_string, host FROM mysql.user\"\nroot\tplainpw\tlocalhost",
            "$ mysql -N -e \"SELECT user, authentication_string, host FROM mysql.user\"\nroot\t[redacted]\tlocalhost",
        ),
        (
            "$ mysql -N -e \"select user, password from t\"\n+------+-------+\n| root | pw123 |\n+------+-------+",
            "$ mysql -N -e \"select user, password from t\"\n+------+-------+\n| root | [redacted] |\n+------+-------+",
        ),
        (
            "$ sqlite3 app.db \"select email, api_token from users\"\na@x|tok_abcdef\nb@x|",
            "$ sqlite3 app.db \"select email, api_token from users\"\na@x|[redacted]\nb@x|",
        ),
        // A row that does not line up with the query's columns goes whole.
        (
            "$ psql -tA -c \"select username, password from users\"\nalice|hun|ter2",
            "$ psql -tA -c \"select username, password from users\"\n[redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        // Ordinary columns, a count, `*` (its columns unknown), a header the tables' pass reads,
        // and a client's error.
        "$ sqlite3 app.db \"select email, name from users\"\na@x|Alice",
        "$ psql -t -c \"select count(*) from users where password is null\"\n     3",
        "$ psql -t -c \"select name, token_count from users\"\n alice | 3",
        "$ psql -tA -c \"select * from users\"\n1|alice|bob",
        "$ sqlite3 -header app.db \"select email, name from users\"\nemail|name\na@x|Alice",
        "$ psql -t -c \"select password from users\"\nERROR:  column \"password\" does not exist\nLINE 1: select password from users",
        "$ psql -t -c \"select password from users\"\n$ echo done\ndone",
        // Expanded mode's lines name their column: the username stays.
        "$ psql -tx -c \"select username, password from users\"\nusername | alice",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn self_hosted_ntfy_topics_are_hidden_without_a_variable_name() {
    let wrong = wrong_redactions(&[
        (
            "curl -d hi https://ntfy.example.com/Xk9mQ2vL8pR4tY7",
            "curl -d hi https://ntfy.example.com/[redacted]",
        ),
        (
            "curl -d \"backup done\" ntfy.home.lan/backups",
            "curl -d \"backup done\" ntfy.home.lan/[redacted]",
        ),
        (
            "curl http://ntfy.home.lan:8080/backups/json",
            "curl http://ntfy.home.lan:8080/[redacted]/json",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "open https://ntfy.example.com/app or https://ntfy.example.com/docs",
        "see https://docs.ntfy.sh/publish/",
        "ntfy serve --config /etc/ntfy/server.yml",
        "https://ntfy.example.com",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn store_reads_of_ordinary_keys_lose_values_of_a_secrets_shape() {
    let wrong = wrong_redactions(&[
        (
            "$ redis-cli GET mykey\n\"hunter2value\"",
            "$ redis-cli GET mykey\n[redacted]",
        ),
        (
            "$ redis-cli --raw GET deploy:key\nZx9Qk2LmP4",
            "$ redis-cli --raw GET deploy:key\n[redacted]",
        ),
        (
            "$ valkey-cli MGET a b\n1) \"s3cretpw9\"\n2) \"plain\"",
            "$ valkey-cli MGET a b\n1) [redacted]\n2) \"plain\"",
        ),
        // redis-cli's own prompt, a secret-named key and an ordinary one.
        (
            "127.0.0.1:6379> GET api_token\n\"abc123def456XYZ\"\n127.0.0.1:6379> GET mykey\n\"hunter2value\"\n127.0.0.1:6379> GET counter\n\"42\"",
            "127.0.0.1:6379> GET api_token\n[redacted]\n127.0.0.1:6379> GET mykey\n[redacted]\n127.0.0.1:6379> GET counter\n\"42\"",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    // The key read stays on the command line; numbers, words, dates and markup stay.
    let changed = changed(&[
        "redis-cli GET password",
        "redis-cli -h cache GET session:abc",
        "$ redis-cli GET session_count\n\"42\"",
        "$ redis-cli GET config:feature_flag\n\"enabled\"",
        "$ redis-cli GET cache:homepage\n\"<html>hello world</html>\"",
        "$ redis-cli GET last_run\n\"2024-01-01\"",
        "$ redis-cli GET missing\n(nil)",
        "$ redis-cli SET mykey plain\nOK",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn select_star_rows_without_a_header_lose_their_secrets() {
    let wrong = wrong_redactions(&[
        (
            "$ psql -U app -d db -t -c \"SELECT * FROM users\"\n 1 | alice | hunter2pw | alice@example.com | 2024-01-01 10:00:00+00 | t\n(1 row)\n$ echo ok",
            "$ psql -U app -d db -t -c \"SELECT * FROM users\"\n 1 | alice | [redacted] | alice@example.com | 2024-01-01 10:00:00+00 | t\n(1 row)\n$ echo ok",
        ),
        (
            "$ mysql -N -e \"SELECT * FROM app.users\"\n1\talice\t$2b$12$abcdefghijklmnopqrstuv\tadmin",
            "$ mysql -N -e \"SELECT * FROM app.users\"\n1\talice\t[redacted]\tadmin",
        ),
        // A table named for secrets: every field but numbers, dates and switches.
        (
            "$ psql -tA -c \"select * from public.api_keys;\"\n1|deploy|supersecretvalue|2024-01-01",
            "$ psql -tA -c \"select * from public.api_keys;\"\n1|[redacted]|[redacted]|2024-01-01",
        ),
        (
            "$ sqlite3 app.db \"select * from settings\"\n1|theme|dark\n2|smtp_pass|Pa55word",
            "$ sqlite3 app.db \"select * from settings\"\n1|theme|dark\n2|smtp_pass|[redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "$ sqlite3 app.db \"select * from hosts\"\n1|web-1|10.0.0.5|2024-01-01T10:00:00Z",
        "$ sqlite3 app.db \"select * from hosts\"\n8f14e45f-ceea-467f-a0c5-1f2a3b4c5d6e|web-server-01|v1.2.3|user2024",
        "$ psql -t -c \"SELECT * FROM jobs\"\n 3 | backup | done | f",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn atlas_key_pairs_without_labels_are_hidden() {
    let wrong = wrong_redactions(&[
        (
            "zgtbxkqr:12345678-abcd-1234-abcd-1234567890ab",
            "zgtbxkqr:[redacted]",
        ),
        (
            "export ATLAS_KEYS=\"zgtbxkqr:12345678-abcd-1234-abcd-1234567890ab\"",
            "export ATLAS_KEYS=\"zgtbxkqr:[redacted]\"",
        ),
        (
            "atlas keys: qwertyui 12345678-abcd-1234-abcd-1234567890ab",
            "atlas keys: qwertyui [redacted]",
        ),
        (
            "mongodb api key zgtbxkqr, 12345678-abcd-1234-abcd-1234567890ab",
            "mongodb api key zgtbxkqr, [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "request 8f14e45f-ceea-467f-a0c5-1f2a3b4c5d6e done",
        "deployment 8f14e45f-ceea-467f-a0c5-1f2a3b4c5d6e rolled out",
        "atlas cluster list --projectId 5f1e2d3c4b5a69788796a5b4",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn oracle_easy_connect_logins_are_hidden_anywhere() {
    let wrong = wrong_redactions(&[
        (
            "scott/tiger@//db:1521/ORCL",
            "scott/[redacted]@//db:1521/ORCL",
        ),
        (
            "DB=system/Secr3t@//db.example.com:1521/XEPDB1",
            "DB=system/[redacted]@//db.example.com:1521/XEPDB1",
        ),
        (
            "conn \"hr/hr_pw1@//localhost/XE\"",
            "conn \"hr/[redacted]@//localhost/XE\"",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "go get github.com/foo/bar@v1.2.3",
        "npm i @scope/pkg@1.0",
        "see http://example.com/a@//b",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn json_values_below_a_secrets_name_keep_who_and_where() {
    assert_eq!(
        redact(&serde_json::json!({
            "postgresql": {"auth": {"username": "app", "database": "app", "password": "hunter2", "replicationPassword": "r3pl"}},
            "credentials": {"user_name": "bob", "port": 5432, "stripe": "sk_x", "nested": {"user": "x", "key": "k1"}},
        })),
        serde_json::json!({
            "postgresql": {"auth": {"username": "app", "database": "app", "password": "[redacted]", "replicationPassword": "[redacted]"}},
            "credentials": {"user_name": "bob", "port": 5432, "stripe": "[redacted]", "nested": {"user": "x", "key": "[redacted]"}},
        })
    );
}

#[test]
fn redis_reads_name_their_secret_fields_and_keys_by_position() {
    let wrong = wrong_redactions(&[
        // A field or key named for a secret, whatever its value looks like.
        (
            "$ redis-cli HGET user:1 password\n\"hunter2\"",
            "$ redis-cli HGET user:1 password\n[redacted]",
        ),
        (
            "$ redis-cli GETDEL reset_token\n\"abcdef\"",
            "$ redis-cli GETDEL reset_token\n[redacted]",
        ),
        (
            "$ redis-cli HMGET user:1 name password\n1) \"alice\"\n2) \"hunter2\"",
            "$ redis-cli HMGET user:1 name password\n1) \"alice\"\n2) [redacted]",
        ),
        (
            "$ redis-cli MGET api_token other\n1) \"abc123def456XYZ\"\n2) \"plain\"",
            "$ redis-cli MGET api_token other\n1) [redacted]\n2) \"plain\"",
        ),
        // CONFIG GET keeps the setting's name and hides its value (not both).
        (
            "$ redis-cli CONFIG GET requirepass\n1) \"requirepass\"\n2) \"hunter2xyz\"",
            "$ redis-cli CONFIG GET requirepass\n1) \"requirepass\"\n2) \"[redacted]\"",
        ),
        (
            "127.0.0.1:6379> HGET user:1 password\n\"hunter2\"\n127.0.0.1:6379> HGET user:1 name\n\"alice\"",
            "127.0.0.1:6379> HGET user:1 password\n[redacted]\n127.0.0.1:6379> HGET user:1 name\n\"alice\"",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn irc_services_logins_are_hidden_and_the_account_stays() {
    let wrong = wrong_redactions(&[
        ("NICKSERV IDENTIFY hunter2", "NICKSERV IDENTIFY [redacted]"),
        (
            "/msg NickServ IDENTIFY bob hunter2",
            "/msg NickServ IDENTIFY bob [redacted]",
        ),
        (
            "/ns identify hunter2\nnext",
            "/ns identify [redacted]\nnext",
        ),
        (
            ":bot PRIVMSG NickServ :IDENTIFY hunter2\r\n",
            ":bot PRIVMSG NickServ :IDENTIFY [redacted]\r\n",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "NickServ identify is how you log in",
        "see NickServ IDENTIFY",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn bundler_logins_per_gem_server_are_hidden() {
    let wrong = wrong_redactions(&[
        (
            "BUNDLE_GEMS__CONTRIBSYS__COM=abcd1234:efgh5678",
            "BUNDLE_GEMS__CONTRIBSYS__COM=[redacted]",
        ),
        (
            "export BUNDLE_ENTERPRISE__CONTRIBSYS__COM=cafebabe:deadbeef",
            "export BUNDLE_ENTERPRISE__CONTRIBSYS__COM=[redacted]",
        ),
        (
            "BUNDLE_GEMS__CONTRIBSYS__COM: \"abcd1234:efgh5678\"",
            "BUNDLE_GEMS__CONTRIBSYS__COM: \"[redacted]\"",
        ),
        (
            "bundle config set --global gems.contribsys.com abcd1234:efgh5678",
            "bundle config set --global gems.contribsys.com [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "BUNDLE_PATH=vendor/bundle",
        "BUNDLE_BUILD__NOKOGIRI=--use-system-libraries",
        "BUNDLE_MIRROR__RUBYGEMS__ORG=https://mirror.example.com",
        "bundle config set --local path vendor/bundle",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn publishing_tools_short_password_options_are_hidden() {
    let wrong = wrong_redactions(&[
        (
            "cabal upload -u bob -p hunter2 x.tar.gz",
            "cabal upload -u bob -p [redacted] x.tar.gz",
        ),
        (
            "hatch publish -u __token__ -a s3cretT0ken",
            "hatch publish -u __token__ -a [redacted]",
        ),
        (
            "pdm publish -u bob -P hunter2",
            "pdm publish -u bob -P [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&["cabal build -p", "pdm run -p . x"]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn publishing_password_options_are_read_in_their_subcommands_only() {
    let wrong = wrong_redactions(&[
        (
            "cabal -v upload -p hunter2 x.tar.gz",
            "cabal -v upload -p [redacted] x.tar.gz",
        ),
        (
            "cabal report -u bob -p hunter2",
            "cabal report -u bob -p [redacted]",
        ),
        ("cabal -u bob -p hunter2", "cabal -u bob -p [redacted]"),
        (
            "cabal --config-file c upload -p hunter2",
            "cabal --config-file c upload -p [redacted]",
        ),
        ("sudo cabal -p hunter2", "sudo cabal -p [redacted]"),
        (
            "hatch publish --auth s3cret",
            "hatch publish --auth [redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "cabal build -p mytarget",
        "cabal v2-build -p mytarget",
        "cabal new-run -p exe:app",
        "cabal -v test -p mytests",
        "cabal install -p lib:foo",
        "cabal exec -p foo",
        "hatch env run -a x",
        "pdm add -P dev x",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn glab_variables_marked_masked_or_named_for_secrets_are_hidden() {
    let wrong = wrong_redactions(&[
        (
            "glab variable set X hunter2 --masked",
            "glab variable set X [redacted] --masked",
        ),
        (
            "glab variable update API_TOKEN hunter2",
            "glab variable update API_TOKEN [redacted]",
        ),
        (
            "glab variable update X hunter2 --masked-and-hidden",
            "glab variable update X [redacted] --masked-and-hidden",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&["glab variable set REGION eu", "glab variable list"]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn ldap_bind_passwords_in_the_middle_of_a_line_are_hidden() {
    let wrong = wrong_redactions(&[
        (
            "uri ldaps://ldap.example.com binddn cn=admin,dc=ex bindpw S3cretPw99",
            "uri ldaps://ldap.example.com binddn cn=admin,dc=ex bindpw [redacted]",
        ),
        (
            "uri ldap://h/ bindpw S3cretPw99 base dc=ex",
            "uri ldap://h/ bindpw [redacted] base dc=ex",
        ),
        (
            "ldap_uri = ldaps://h ldap_default_authtok = S3cretPw99",
            "ldap_uri = ldaps://h ldap_default_authtok = [redacted]",
        ),
        ("host h rootpw S3cretPw99", "host h rootpw [redacted]"),
        (
            "ldapsearch -x -H ldaps://h -D cn=admin -w S3cretPw99 -b dc=ex",
            "ldapsearch -x -H ldaps://h -D cn=admin -w [redacted] -b dc=ex",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    let changed = changed(&[
        "uri ldaps://h binddn cn=admin,dc=ex bindpw /etc/nslcd.pw",
        "ldapsearch -x -H ldaps://h -D cn=admin -y /etc/ldap.pw -b dc=ex",
        "uri ldaps://h binddn cn=admin,dc=ex base dc=ex",
    ]);
    assert_eq!(changed, Vec::<String>::new());
}

#[test]
fn package_managers_registry_tokens_are_hidden_and_their_settings_files_readable() {
    let wrong = wrong_redactions(&[
        (
            "[registries.my-reg]\ntoken = \"cio_abcdef123456\"",
            "[registries.my-reg]\ntoken = \"[redacted]\"",
        ),
        (
            "[registries]\nmy = { index = \"https://r\", token = \"abc123def456\" }",
            "[registries]\nmy = { index = \"https://r\", token = \"[redacted]\" }",
        ),
        (
            "access-tokens = github.com=abc123def456 gitlab.example.com=OAuth2:xyz789abc",
            "access-tokens = [redacted]",
        ),
        (
            "extra-access-tokens = github.com=abc123def456",
            "extra-access-tokens = [redacted]",
        ),
        (
            "[[index]]\nname = \"internal\"\npassword = \"abc123def456\"",
            "[[index]]\nname = \"internal\"\npassword = \"[redacted]\"",
        ),
        (
            "UV_INDEX_INTERNAL_PASSWORD=abc123def456",
            "UV_INDEX_INTERNAL_PASSWORD=[redacted]",
        ),
    ]);
    assert_eq!(wrong, Vec::<String>::new());
    for readable in [
        "/home/u/.cargo/config.toml",
        "/etc/nix/nix.conf",
        "/home/u/.config/nix/nix.conf",
        "/home/u/.config/uv/uv.toml",
    ] {
        assert!(
            warden_secrets::sensitive_path(std::path::Path::new(readable)).is_none(),
            "{readable}"
        );
    }
    assert!(
        warden_secrets::sensitive_path(std::path::Path::new("/home/u/.cargo/credentials.toml"))
            .is_some()
    );
}

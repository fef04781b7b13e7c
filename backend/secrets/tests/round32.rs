//! Thirty-second review: more of a homelab's, an inference box's and company servers' files
//! and outputs. Gaps closed as kinds:
//! - a password file under every spelling of its word (`pwdfile.txt`, `passfile`,
//!   `pass_file`) and a short password word after what it is for (`.rsync_pass`, `vnc-pwd`),
//!   a password alone in a file named by the `.pw` extension (Proxmox's, anywhere) and a
//!   token file by the `.tok` extension (NVIDIA's vGPU licence token);
//! - a tool's dotted home folder kept under `.config` without its dot (`~/.config/talos/`,
//!   `~/.config/zrok/`, `~/.config/fly/config.yml`), and a login file in a tool's dotted
//!   folder right in the home (`~/.replicate/auth`) as in its `.config` folder;
//! - more self-hosted apps' settings under generic names in their folders (SickBeard's
//!   family, Headphones, LazyLibrarian, CouchPotato, NZBHydra, Unpackerr, Recyclarr, autobrr,
//!   code-server, SearXNG, Gotify's database, AWX, Proxmox Backup's second factors, SSSD's
//!   cached hashes) and files named for whose they are (`user-seed.conf`, `filebrowser.db`,
//!   `influxd.bolt`), Postfix's `sasl_passwd` compiled as LMDB or CDB, WAL-G's `walg.json`,
//!   a certificate authority's key named without an extension (`root_ca_key`,
//!   `intermediate_ca_key`, `ssh_user_ca_key`);
//! - a setting named for an application's own key (`nzb_key`, `sabnzbd_key`, `license_key`,
//!   `wandb.login(key=...)`) holding a value of a random shape, and more AI and ML services'
//!   keys named for their vendor (`CLAUDE_KEY`, `HF_KEY`, `WANDB_KEY`, `TAVILY_KEY`);
//! - a JSON object in a double-quoted shell value, its quotes escaped
//!   (`TOKENS="{\"a\":\"x\"}"`), keeps its keys and loses its values;
//! - a compressed stream or an archive written as base64 or plain hex (`H4sI...`, `UEsDB...`,
//!   `tar czf - dir | base64`) goes whole: what it holds cannot be judged unpacked;
//! - logins and passwords given as operands or options (`wandb login KEY`, `cloudflared
//!   service install TOKEN`, `bw unlock PASS`, `bw login EMAIL PASS`, `pihole setpassword
//!   PASS`, `pihole -a -p PASS`, `mc admin user add ALIAS USER SECRET`), and Cloudflare
//!   Tunnel's connector token by its format (`eyJhIjoi...`) wherever printed;
//! - a JSON argument vector printed one item a line (`docker inspect`'s `"Args": [`, `"Cmd":
//!   [`) is read as one command line, as its one-line and YAML forms are;
//! - passwords at a fixed place of a service's line: Postfix's password maps written inline
//!   (`static:user:PASS`, `inline:{ relay=user:PASS }`), ProFTPD's `SQLConnectInfo`, and a
//!   Proxmox API token's secret as `pveum user token add` prints it (the `value` row or
//!   member beside `full-tokenid`, in a table or JSON).
//!
//! Everyday readings next to them stay as printed.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;

#[test]
fn password_files_under_every_spelling_are_refused() {
    let secret = [
        "/srv/freeipa/pwdfile.txt",
        "/root/pwdfile",
        "/root/passfile",
        "/root/.passfile",
        "/root/pass_file",
        "/root/pass-file.txt",
        "/root/pswfile",
        "/root/.rsync_pass",
        "/root/rsync_pass",
        "/etc/vnc-pwd",
        "/home/u/smtp_pw.txt",
        "/root/pbs.pw",
        "/srv/backup/pve/storage/nas.pw",
        "/etc/pve/priv/storage/cifs.pw",
        // A token file by its short extension.
        "/etc/nvidia/ClientConfigToken/client_configuration_token.tok",
        "/srv/licence/client_configuration_token_12-05-2026-05-24-01.tok",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
}

#[test]
fn a_dotted_tool_folder_under_config_is_refused() {
    let secret = [
        "/home/u/.config/talos/config",
        "/home/u/.config/zrok/environment.json",
        "/home/u/.config/okteto/context/config.json",
        "/home/u/.config/fly/config.yml",
        "/home/u/.config/railway/config.json",
        "/home/u/.replicate/auth",
        "/root/.replicate/auth",
        "/home/u/.sometool/session.json",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
}

#[test]
fn more_self_hosted_settings_are_refused() {
    let secret = [
        "/config/sickchill/config.ini",
        "/opt/sickrage/config.ini",
        "/config/medusa/config.ini",
        "/config/sickgear/config.ini",
        "/config/headphones/config.ini",
        "/config/lazylibrarian/config.ini",
        "/config/couchpotato/settings.conf",
        "/config/nzbhydra2/nzbhydra.yml",
        "/config/unpackerr/unpackerr.conf",
        "/etc/unpackerr/unpackerr.conf",
        "/config/recyclarr/recyclarr.yml",
        "/config/autobrr/config.toml",
        "/home/u/.config/code-server/config.yaml",
        "/config/code-server/config.yaml",
        "/etc/searxng/settings.yml",
        "/config/searxng/settings.yml",
        "/config/gotify/data/gotify.db",
        "/etc/tower/conf.d/credentials.py",
        "/etc/proxmox-backup/tfa.json",
        "/var/lib/sss/db/cache_example.com.ldb",
        "/opt/splunkforwarder/etc/system/local/user-seed.conf",
        "/opt/splunk/etc/system/local/user-seed.conf",
        "/config/filebrowser.db",
        "/database/filebrowser.db",
        "/var/lib/influxdb2/influxd.bolt",
        // Postfix's table in its other compiled formats, WAL-G's settings, a CA's key named
        // without an extension (step-ca's).
        "/etc/postfix/sasl_passwd.lmdb",
        "/etc/postfix/sasl_passwd.cdb",
        "/etc/wal-g/walg.json",
        "/root/.walg.json",
        "/etc/step/certs/intermediate_ca_key",
        "/srv/step/secrets/root_ca_key",
        "/etc/ssh/ssh_user_ca_key",
        "/srv/pki/ca_key",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
}

#[test]
fn neighbours_of_the_new_kinds_stay_readable() {
    let readable = [
        // Rootless Docker's own settings, not the client's logins.
        "/home/u/.config/docker/daemon.json",
        "/home/u/.config/fish/config.fish",
        "/home/u/.config/htop/htoprc",
        "/home/u/.config/git/ignore",
        "/home/u/.config/systemd/user/app.service",
        "/home/u/.bashrc",
        "/home/u/.vim/session.vim",
        "/home/u/.wandb/debug.log",
        "/home/u/.cache/cookie",
        "/root/.config/session",
        "/home/u/project/.vscode/settings.json",
        "/srv/app/first_pass.py",
        "/srv/data/bypass",
        "/srv/app/compass",
        "/srv/docs/password_file.md",
        "/srv/docs/pw.md",
        "/config/medusa/cache.db",
        "/etc/searxng/limiter.toml",
        "/etc/searxng/uwsgi.ini",
        "/config/gotify/data/images/x.png",
        "/var/lib/sss/mc/passwd",
        "/etc/proxmox-backup/datastore.cfg",
        "/etc/pve/storage.cfg",
        "/config/autobrr/logs/autobrr.log",
        "/var/log/auth.log",
        "/etc/fstab",
        "/etc/ssh/ssh_user_ca_key.pub",
        "/etc/step/certs/root_ca.crt",
        "/etc/letsencrypt/renewal/example.com.conf",
        "/etc/postfix/main.cf",
    ];
    assert_eq!(missed_paths(&readable, false), Vec::<String>::new());
}

#[test]
fn an_applications_own_key_with_a_random_value_goes() {
    let cases = [
        (
            "[misc]\nnzb_key = 8a3c2f1e9b7d4a6c5e0f1a2b3c4d5e6f\nhost = 0.0.0.0\nport = 8080",
            "[misc]\nnzb_key = [redacted]\nhost = 0.0.0.0\nport = 8080",
        ),
        (
            "[sabnzbd]\nsabnzbd_key = 0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d\ndownload_dir = /downloads",
            "[sabnzbd]\nsabnzbd_key = [redacted]\ndownload_dir = /downloads",
        ),
        (
            "settings:\n  nzbKey: \"fedcba98-7654-3210-fedc-ba9876543210\"\n  sort_key: name",
            "settings:\n  nzbKey: \"[redacted]\"\n  sort_key: name",
        ),
        (
            "LICENSE_KEY=Xk29fLmQ7rTz4WpA8vNc3sHd\nLOG_LEVEL=info",
            "LICENSE_KEY=[redacted]\nLOG_LEVEL=info",
        ),
        (
            "wandb.login(key=\"0123456789abcdef0123456789abcdef01234567\")",
            "wandb.login(key=\"[redacted]\")",
        ),
        (
            "CLAUDE_KEY=abcdef\nHF_KEY=abcdef\nWANDB_KEY=abcdef\nTOGETHER_KEY=abcdef\nTAVILY_KEY=abcdef\nMODEL_NAME=llama3",
            "CLAUDE_KEY=[redacted]\nHF_KEY=[redacted]\nWANDB_KEY=[redacted]\nTOGETHER_KEY=[redacted]\nTAVILY_KEY=[redacted]\nMODEL_NAME=llama3",
        ),
        (
            r#"{"host": "sab", "nzb_key": "0123456789abcdef0123456789abcdef", "cache_key": "3f2a9c0d1e4b5a6f7c8d9e0f1a2b3c4d"}"#,
            r#"{"host": "sab", "nzb_key": "[redacted]", "cache_key": "3f2a9c0d1e4b5a6f7c8d9e0f1a2b3c4d"}"#,
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn an_escaped_json_object_keeps_its_keys() {
    let cases = [
        (
            r#"TOKENS="{\"a\":\"x12345secret\",\"b\":\"y67890secret\"}""#,
            r#"TOKENS="{\"a\":\"[redacted]\",\"b\":\"[redacted]\"}""#,
        ),
        (
            r#"export API_KEYS="{\"openai\":\"sk-abc123def456ghi789\",\"hf\":\"hf_abcdefghijk\"}""#,
            r#"export API_KEYS="{\"openai\":\"[redacted]\",\"hf\":\"[redacted]\"}""#,
        ),
        (
            "SECRETS=\"{\\\"db\\\":\\\"DbPw1\\\"}\" ./run.sh",
            "SECRETS=\"{\\\"db\\\":\\\"[redacted]\\\"}\" ./run.sh",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // A nested object is still hidden whole, as before.
    let nested = warden_secrets::redact_text(r#"TOKENS="{\"a\":{\"b\":\"nestedSecret1\"}}""#);
    assert!(!nested.contains("nestedSecret1"), "{nested}");
}

#[test]
fn packed_then_encoded_data_goes_whole() {
    let cases = [
        (
            "$ tar czf - /etc/wireguard | base64\nH4sIAAAAAAAAA+3OMQ6CQBCF4dlwCq9gtWmtxlgrB7Cz0sLCwg0kJBiIxdQjMzYvpJkNkQpJ\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\nAAAA==",
            "$ tar czf - /etc/wireguard | base64\n[redacted]\n[redacted]\n[redacted]",
        ),
        ("eJzLSM3JyVcozy/KSQEAGgQEXQ==", "[redacted]"),
        (
            "QlpoOTFBWSZTWTh+V3MAAAAPgEAABCAAIQCCCxdyRThQkDh+V3M=",
            "[redacted]",
        ),
        ("KLUv/QRYWQAAaGVsbG8gd29ybGQK", "[redacted]"),
        ("UEsDBBQAAAAIAAAAIQBkZWFkYmVlZgAAAAAAAAAA", "[redacted]"),
        (
            "1f8b0800000000000003cb48cdc9c95728cf2fca49e102004e7a0a1d0c000000",
            "[redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn logins_given_as_operands_lose_their_secret() {
    let cases = [
        (
            "wandb login 0123456789abcdef0123456789abcdef01234567",
            "wandb login [redacted]",
        ),
        (
            "wandb login --relogin 0123456789abcdef0123456789abcdef01234567",
            "wandb login --relogin [redacted]",
        ),
        (
            "cloudflared service install eyJhIjoiMTIzNDU2Nzg5MGFiY2RlZiIsInQiOiJhYmNkZWYiLCJzIjoiWldGaFpXRmgifQ==",
            "cloudflared service install [redacted]",
        ),
        (
            "cloudflared tunnel token mytunnel\neyJhIjoiMTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWYiLCJ0IjoiYWJjZGVmMDEtMjM0NS02Nzg5LWFiY2QtZWYwMTIzNDU2Nzg5IiwicyI6IlpXRmhaV0ZoWldGaFpXRmhaV0ZoWldGaFpXRmhaV0ZoIn0=",
            "cloudflared tunnel token mytunnel\n[redacted]",
        ),
        ("bw unlock BwMasterPw1", "bw unlock [redacted]"),
        (
            "bw login me@example.com BwMasterPw2",
            "bw login me@example.com [redacted]",
        ),
        ("pihole -a -p PiholePw1", "pihole -a -p [redacted]"),
        (
            "pihole setpassword PiholePw2",
            "pihole setpassword [redacted]",
        ),
        (
            "mc admin user add myminio newuser NewUserPw1",
            "mc admin user add myminio newuser [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn an_argument_vector_of_one_item_a_line_loses_its_option_values() {
    let cases = [
        (
            "\"Args\": [\n    \"--model\",\n    \"meta-llama/Llama-3-8B\",\n    \"--api-key\",\n    \"token-abc123secret\"\n],",
            "\"Args\": [\n    \"--model\",\n    \"meta-llama/Llama-3-8B\",\n    \"--api-key\",\n    \"[redacted]\"\n],",
        ),
        (
            "            \"Cmd\": [\n                \"vllm\",\n                \"--hf-token\",\n                \"hf_abcdefghijklmnopqrstuvwxyz\"\n            ],",
            "            \"Cmd\": [\n                \"vllm\",\n                \"--hf-token\",\n                \"[redacted]\"\n            ],",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(
        changed(&[
            "\"Args\": [\n    \"--model\",\n    \"m\",\n    \"--port\",\n    \"8000\"\n]",
            "\"Env\": [\n    \"PATH=/usr/bin\",\n    \"LANG=C\"\n]",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn passwords_at_a_fixed_place_in_service_lines_go() {
    let cases = [
        (
            "smtp_sasl_password_maps = static:relayuser:PostfixStaticPw1\nsmtp_tls_security_level = encrypt",
            "smtp_sasl_password_maps = static:relayuser:[redacted]\nsmtp_tls_security_level = encrypt",
        ),
        (
            "smtp_sasl_password_maps = inline:{ [smtp.example.com]:587=relay:InlinePw1, @example.com=bob:InlinePw2 }",
            "smtp_sasl_password_maps = inline:{ [smtp.example.com]:587=relay:[redacted], @example.com=bob:[redacted] }",
        ),
        (
            "$ pveum user token add root@pam ci --output-format json\n{\"full-tokenid\":\"root@pam!ci\",\"info\":{\"privsep\":\"1\"},\"value\":\"3f0e9a12-5b7c-4d8e-9f01-23456789abcd\"}",
            "$ pveum user token add root@pam ci --output-format json\n{\"full-tokenid\":\"root@pam!ci\",\"info\":{\"privsep\":\"1\"},\"value\":\"[redacted]\"}",
        ),
        (
            "│ full-tokenid │ root@pam!mytoken                     │\n├──────────────┼──────────────────────────────────────┤\n│ value        │ 3f0e9a12-5b7c-4d8e-9f01-23456789abcd │",
            "│ full-tokenid │ root@pam!mytoken                     │\n├──────────────┼──────────────────────────────────────┤\n│ value        │ [redacted] │",
        ),
        (
            "SQLConnectInfo proftpd@localhost proftpd ProftpdPw1\nSQLAuthTypes Crypt",
            "SQLConnectInfo proftpd@localhost proftpd [redacted]\nSQLAuthTypes Crypt",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn everyday_readings_stay_as_printed() {
    let texts = [
        "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        "[stdout] 2026-12-05T05:24:01Z tick 3",
        "Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1        98G   41G   52G  45% /\ntmpfs           7.8G     0  7.8G   0% /dev/shm",
        "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\nroot           1  0.0  0.1 167744 11784 ?        Ss   Dec04   0:03 /sbin/init",
        "CONTAINER ID   IMAGE          COMMAND                  CREATED        STATUS        PORTS                    NAMES\n3f2a9c0d1e4b   nginx:latest   \"/docker-entrypoint.…\"   2 hours ago    Up 2 hours    0.0.0.0:80->80/tcp       web",
        "               total        used        free      shared  buff/cache   available\nMem:            15Gi       3.1Gi       9.2Gi       312Mi       3.3Gi        11Gi",
        "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0",
        r#"{"temperature": 41.5, "load": [0.12, 0.3, 0.25], "sort_key": "created_at"}"#,
        "192.0.2.7 - - [05/Dec/2026:05:24:01 +0000] \"GET /api/health HTTP/1.1\" 200 17 \"-\" \"curl/8.5.0\"",
        "Dec 05 05:24:01 host systemd[1]: Started Daily apt download activities.",
        "partition_key: tenant_id\nprimary_key = id\nrouting: default",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "public_key = 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        r#"LABELS="{\"app\":\"web\",\"tier\":\"front\"}""#,
        "dGhpcyBpcyBqdXN0IHNvbWUgcGxhaW4gdGV4dCB3aXRob3V0IHNlY3JldHM=",
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
        "00000000: 1f8b 0800 0000 0000 0003 cb48 cdc9 c957  ...........H...W",
        "wandb: Currently logged in as: bob (team). Use `wandb login --relogin` to force relogin",
        "bw status\n{\"serverUrl\":null,\"userEmail\":\"me@example.com\",\"status\":\"locked\"}",
        "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd",
        "time=12:30, user=bob, status=ok",
        "sorted(rows, key=lambda r: r.ts)\nMODEL_KEY=llama3",
        "model_key: meta-llama/Llama-3-8B-Instruct\ns3_key: backups/db.sql.gz",
        "UUID=3f2a9c0d-1e4b-5a6f-7c8d-9e0f1a2b3c4d / ext4 defaults 0 1",
        "request_id = 3f2a9c0d-1e4b-5a6f-7c8d-9e0f1a2b3c4d\nkey_id = 3f2a9c0d-1e4b-5a6f-7c8d-9e0f1a2b3c4d",
        "      VMID NAME                 STATUS     MEM(MB)    BOOTDISK(GB) PID\n       100 docker               running    8192              64.00 1234",
        r#"{"name": "instance", "value": "3f0e9a12-5b7c-4d8e-9f01-23456789abcd"}"#,
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

//! Thirty-first review: what a homelab, a GPU inference box and a few company servers hold.
//! Each service's credential files are refused by name (the file tools refuse them, the guard
//! holds their reads high) and their typical content loses its secrets when it comes back.
//! Gaps closed as kinds: a Servarr app's database by its app's name (`sonarr.db`), Jupyter's
//! settings of any of its applications, a tool's settings named with its tool before them
//! (`litellm_config.yaml`), Consul's and Nomad's data directories, Vaultwarden's documented
//! volume (`/vw-data`), NGC's CLI folder, Duplicati's server database wherever it is mounted,
//! OpenVPN Access Server's and Unraid Connect's stores; lines whose secret sits at a fixed
//! place by their shape (smbpasswd rows, Proxmox token ids, NUT's `MONITOR`, Postfix's
//! `sasl_passwd`, Nagios' `$USERn$`, `klist -kK` keys, a random id under a JSON `key`,
//! Node-RED's encrypted credentials) and Pi-hole's balloon hashes. GnuPG's public keyring and
//! trust database stay readable.

mod common;

use common::{missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;
use warden_secrets::redact_text;

#[test]
fn homelab_services_secret_files_are_refused() {
    let secret = [
        // Home Assistant
        "/config/secrets.yaml",
        "/config/.storage/auth",
        "/config/.storage/core.config_entries",
        "/homeassistant/.storage/auth_provider.homeassistant",
        "/opt/homeassistant/secrets.yaml",
        // Plex, Jellyfin, Emby
        "/var/lib/plexmediaserver/Library/Application Support/Plex Media Server/Preferences.xml",
        "/config/Library/Application Support/Plex Media Server/Preferences.xml",
        "/config/Library/Application Support/Plex Media Server/.LocalAdminToken",
        "/var/lib/jellyfin/data/jellyfin.db",
        "/config/data/jellyfin.db",
        "/var/lib/emby/data/authentication.db",
        // The *arr apps: their settings and their databases wherever they are mounted.
        "/var/lib/sonarr/config.xml",
        "/config/sonarr/config.xml",
        "/opt/radarr/config.xml",
        "/var/lib/prowlarr/config.xml",
        "/home/u/.config/Lidarr/config.xml",
        "/var/lib/readarr/config.xml",
        "/opt/whisparr/config.xml",
        "/config/sonarr.db",
        "/config/radarr.db",
        "/var/lib/prowlarr/prowlarr.db",
        "/config/lidarr.db",
        "/config/readarr.db",
        "/config/whisparr.db",
        "/config/sonarr.db-wal",
        "/config/bazarr/config/config.yaml",
        // Downloaders
        "/var/lib/sabnzbd/sabnzbd.ini",
        "/config/sabnzbd.ini",
        "/home/u/.sabnzbd/sabnzbd.ini",
        "/etc/nzbget.conf",
        "/config/nzbget.conf",
        "/home/u/.config/qBittorrent/qBittorrent.conf",
        "/config/qBittorrent/config/qBittorrent.conf",
        "/var/lib/transmission-daemon/info/settings.json",
        "/etc/transmission-daemon/settings.json",
        "/var/lib/deluge/.config/deluge/auth",
        "/home/u/.config/deluge/auth",
        // Web apps
        "/var/www/nextcloud/config/config.php",
        "/var/www/html/config/config.php",
        "/var/www/html/wp-config.php",
        "/srv/blog/wp-config.php",
        "/etc/gitea/app.ini",
        "/data/gitea/conf/app.ini",
        "/var/lib/forgejo/custom/conf/app.ini",
        "/etc/grafana/grafana.ini",
        "/var/lib/grafana/grafana.db",
        "/etc/prometheus/web.yml",
        "/etc/prometheus/web-config.yml",
        "/etc/alertmanager/alertmanager.yml",
        "/var/lib/jenkins/credentials.xml",
        "/var/lib/jenkins/secrets/master.key",
        "/var/lib/jenkins/secrets/hudson.util.Secret",
        "/var/jenkins_home/secrets/initialAdminPassword",
        "/var/jenkins_home/secret.key",
        "/var/jenkins_home/users/admin_123/config.xml",
        "/etc/gitlab/gitlab-secrets.json",
        "/etc/gitlab/gitlab.rb",
        "/etc/gitlab/initial_root_password",
        "/var/opt/gitlab/gitlab-rails/etc/secrets.yml",
        // Reverse proxies and their certificates
        "/etc/traefik/acme.json",
        "/letsencrypt/acme.json",
        "/data/caddy/certificates/acme-v02.api.letsencrypt.org-directory/example.com/example.com.key",
        "/home/u/.local/share/caddy/certificates/local/x/x.key",
        "/data/nginx-proxy-manager/data/database.sqlite",
        "/opt/npm/letsencrypt/live/npm-1/privkey.pem",
        // Password managers and identity
        "/vw-data/db.sqlite3",
        "/vw-data/rsa_key.pem",
        "/vw-data/config.json",
        "/var/lib/vaultwarden/db.sqlite3",
        "/config/users_database.yml",
        "/etc/authelia/users_database.yml",
        "/etc/authelia/configuration.yml",
        "/opt/authentik/.env",
        "/opt/authentik/certs/authentik.key",
        "/opt/keycloak/conf/keycloak.conf",
        "/opt/keycloak/data/h2/keycloakdb.mv.db",
        "/opt/keycloak/conf/server.keystore",
        "/data/portainer.db",
        "/data/portainer.key",
        "/var/lib/docker/volumes/portainer_data/_data/portainer.db",
        "/home/u/.config/syncthing/config.xml",
        "/home/u/.local/state/syncthing/config.xml",
        "/home/u/.config/syncthing/key.pem",
        // DNS and VPN
        "/etc/pihole/setupVars.conf",
        "/etc/pihole/pihole.toml",
        "/opt/AdGuardHome/AdGuardHome.yaml",
        "/etc/wireguard/wg0.conf",
        "/etc/wireguard/privatekey",
        "/etc/wireguard/peer1.psk",
        "/etc/wireguard/wg0.json",
        "/etc/openvpn/auth.txt",
        "/etc/openvpn/client.ovpn",
        "/home/u/vpn/office.ovpn",
        "/etc/openvpn/ta.key",
        "/etc/openvpn/easy-rsa/pki/private/server.key",
        "/usr/local/openvpn_as/etc/db/userprop.db",
        "/usr/local/openvpn_as/etc/db/certs.db",
        "/var/lib/tailscale/tailscaled.state",
        "/var/lib/headscale/private.key",
        "/var/lib/headscale/db.sqlite",
        "/var/lib/zerotier-one/identity.secret",
        "/var/lib/zerotier-one/authtoken.secret",
        // Home automation
        "/opt/frigate/config/config.yml",
        "/opt/immich/.env",
        "/opt/paperless/docker-compose.env",
        "/etc/mosquitto/passwd",
        "/mosquitto/config/password_file",
        // A password file by its name outside its service's folder.
        "/srv/mqtt/config/pwfile",
        "/srv/mqtt/password_file",
        "/etc/postfix/sasl/passwd",
        "/etc/alertmanager/config.yml",
        "/srv/syncthing/config/config.xml",
        "/srv/litellm/config.yml",
        "/opt/zigbee2mqtt/data/configuration.yaml",
        "/home/u/.node-red/flows_cred.json",
        "/home/u/.node-red/.config.runtime.json",
        "/home/u/.node-red/settings.js",
        "/opt/uptime-kuma/data/kuma.db",
        // Backups
        "/config/Duplicati-server.sqlite",
        "/srv/duplicati/data/Duplicati-server.sqlite",
        "/root/.config/Duplicati/Duplicati-server.sqlite",
        "/etc/restic/password",
        "/root/.restic-password",
        "/etc/restic/restic.env",
        "/root/.borg-passphrase",
        "/etc/borgmatic/config.yaml",
        "/root/.config/rclone/rclone.conf",
        // Hypervisors and NAS
        "/etc/pve/priv/authkey.key",
        "/etc/pve/priv/shadow.cfg",
        "/etc/pve/priv/token.cfg",
        "/etc/pve/priv/storage/nas.pw",
        "/etc/pve/priv/ceph.client.admin.keyring",
        "/etc/pve/nodes/pve1/pve-ssl.key",
        "/etc/proxmox-backup/token.shadow",
        "/etc/proxmox-backup/shadow.json",
        "/root/.config/proxmox-backup/encryption-key.json",
        "/data/freenas-v1.db",
        "/data/pwenc_secret",
        "/boot/config/shadow",
        "/boot/config/smbpasswd",
        "/boot/config/plugins/dynamix.my.servers/myservers.cfg",
        "/etc/vmware/ssl/rui.key",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
}

#[test]
fn inference_box_secret_files_are_refused() {
    let secret = [
        "/root/.ollama/id_ed25519",
        "/usr/share/ollama/.ollama/id_ed25519",
        "/home/u/.cache/huggingface/token",
        "/home/u/.huggingface/token",
        "/home/u/.cache/huggingface/stored_tokens",
        "/home/u/.netrc",
        // Jupyter's settings of any of its applications, and its runtime files.
        "/home/u/.jupyter/jupyter_server_config.json",
        "/home/u/.jupyter/jupyter_server_config.py",
        "/home/u/.jupyter/jupyter_notebook_config.json",
        "/home/u/.jupyter/jupyter_lab_config.py",
        "/etc/jupyter/jupyter_server_config.py",
        "/srv/hub/jupyterhub_config.py",
        "/home/u/.local/share/jupyter/runtime/kernel-1234.json",
        "/home/u/.local/share/jupyter/runtime/jpserver-99.json",
        "/home/u/.mlflow/credentials",
        "/opt/mlflow/basic_auth.ini",
        "/home/u/.kaggle/kaggle.json",
        "/home/u/.config/kaggle/kaggle.json",
        "/home/u/.claude/.credentials.json",
        "/home/u/.codex/auth.json",
        "/home/u/.gemini/oauth_creds.json",
        // LiteLLM's settings in its folder or named for it beside a compose file.
        "/opt/litellm/config.yaml",
        "/app/litellm_config.yaml",
        "/srv/llm/litellm-config.yml",
        "/app/backend/data/webui.db",
        "/app/backend/data/.webui_secret_key",
        "/opt/vllm/.env",
        "/etc/vllm/vllm.env",
        // NGC's CLI folder.
        "/home/u/.ngc/config",
        "/root/.ngc/config",
        "/tmp/ray/session_latest/redis_password",
        "/repo/.dvc/config.local",
        "/home/u/.terraform.d/credentials.tfrc.json",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
}

#[test]
fn company_servers_secret_files_are_refused() {
    let secret = [
        "/home/u/ansible/group_vars/all/vault.yml",
        "/home/u/.vault_pass",
        "/home/u/ansible/.vault_pass.txt",
        "/home/u/ansible/host_vars/web1/vault.yml",
        "/etc/salt/pki/master/master.pem",
        "/srv/pillar/secrets.sls",
        "/etc/puppetlabs/puppet/ssl/private_keys/host.pem",
        "/etc/chef/client.pem",
        "/etc/chef/encrypted_data_bag_secret",
        "/root/.vault-token",
        "/opt/vault/data/raft/raft.db",
        "/etc/consul.d/acl.hcl",
        // Consul's and Nomad's data directories.
        "/opt/consul/data/raft/raft.db",
        "/opt/consul/data/serf/local.keyring",
        "/opt/consul/data/acl-tokens.json",
        "/opt/nomad/data/server/raft/raft.db",
        "/var/lib/nomad/server/raft/raft.db",
        "/var/lib/consul/raft/raft.db",
        "/home/u/.rancher/cli2.json",
        "/var/lib/rancher/k3s/server/token",
        "/etc/rancher/k3s/k3s.yaml",
        "/home/u/.config/argocd/config",
        "/home/u/.config/sops/age/keys.txt",
        "/home/u/flux/age.agekey",
        "/home/u/.gnupg/private-keys-v1.d/ABCDEF.key",
        "/home/u/.gnupg/secring.gpg",
        "/etc/ldap.secret",
        "/etc/pam_ldap.secret",
        "/etc/nslcd.conf",
        "/etc/sssd/sssd.conf",
        "/etc/krb5.keytab",
        "/etc/http.keytab",
        "/etc/samba/smbpasswd",
        "/var/lib/samba/private/secrets.tdb",
        "/var/lib/samba/private/passdb.tdb",
        "/etc/postfix/sasl_passwd",
        "/etc/postfix/sasl_passwd.db",
        "/etc/dovecot/users",
        "/etc/dovecot/passwd",
        "/home/u/.fetchmailrc",
        "/home/u/.msmtprc",
        "/etc/msmtprc",
        "/home/u/.muttrc",
        "/home/u/.config/mutt/muttrc",
        "/etc/letsencrypt/live/example.com/privkey.pem",
        "/etc/letsencrypt/archive/example.com/privkey1.pem",
        "/etc/letsencrypt/accounts/acme-v02.api.letsencrypt.org/directory/abc/private_key.json",
        "/root/.secrets/certbot/cloudflare.ini",
        "/home/u/.cloudflared/cert.pem",
        "/home/u/.cloudflared/6ff42ae2-765d-4adf-8112-31c55c1551ef.json",
        "/home/u/.config/ngrok/ngrok.yml",
        "/home/u/.ngrok2/ngrok.yml",
        "/etc/ddclient.conf",
        "/etc/inadyn.conf",
        "/etc/nut/upsd.users",
        "/etc/nut/upsmon.conf",
        "/etc/snmp/snmpd.conf",
        "/etc/bacula/bacula-dir.conf",
        "/etc/bacula/bconsole.conf",
        "/etc/bareos/bareos-dir.d/director/bareos-dir.conf",
        "/etc/zabbix/zabbix_server.conf",
        // Zabbix proxy's settings hold the same database password as the server's.
        "/etc/zabbix/zabbix_proxy.conf",
        "/etc/zabbix/zabbix_agentd.psk",
        "/etc/zabbix/web/zabbix.conf.php",
        "/etc/icinga2/conf.d/api-users.conf",
        "/var/lib/icinga2/certs/host.key",
        "/etc/icingaweb2/resources.ini",
        "/etc/nagios/resource.cfg",
        "/usr/local/nagios/etc/resource.cfg",
        "/etc/nagios4/htpasswd.users",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
}

#[test]
fn ordinary_neighbours_stay_readable() {
    let readable = [
        "/config/README.md",
        "/etc/letsencrypt/live/example.com/fullchain.pem",
        "/etc/letsencrypt/live/example.com/cert.pem",
        "/etc/letsencrypt/live/example.com/chain.pem",
        "/etc/letsencrypt/live/example.com/README",
        "/etc/letsencrypt/options-ssl-nginx.conf",
        // GnuPG's trust database and public keyring, in `.gnupg` and copied.
        "/home/u/.gnupg/trustdb.gpg",
        "/home/u/.gnupg/pubring.kbx",
        "/home/u/.gnupg/pubring.gpg",
        "/srv/backup/gnupg/trustdb.gpg",
        "/repo/.sops.yaml",
        "/repo/secrets.yaml.example",
        "/opt/immich/example.env",
        "/opt/immich/.env.example",
        "/opt/immich/docker-compose.yml",
        "/etc/openvpn/ca.crt",
        "/etc/wireguard/publickey",
        "/home/u/.ollama/id_ed25519.pub",
        "/etc/pve/pve-root-ca.pem",
        "/etc/pihole/adlists.list",
        "/etc/prometheus/prometheus.yml",
        "/var/www/html/wp-config-sample.php",
        "/var/www/nextcloud/config/config.sample.php",
        "/etc/gitlab/gitlab.rb.example",
        "/etc/dovecot/dovecot.conf",
        "/etc/postfix/main.cf",
        "/etc/samba/smb.conf",
        "/etc/nut/ups.conf",
        "/etc/krb5.conf",
        "/etc/mosquitto/mosquitto.conf",
        "/etc/zabbix/zabbix_agentd.conf",
        "/etc/nagios/nagios.cfg",
        "/etc/snmp/snmp.conf",
        "/opt/ComfyUI/README.md",
        "/home/u/.jupyter/custom/custom.css",
        "/home/u/.cache/huggingface/hub/models--x/config.json",
        // Names near the new kinds: a Servarr app's logs, Jupyter's other files, a tool's
        // name before a file that is no settings, Consul's settings' docs.
        "/config/logs.db",
        "/srv/notes/sonarr.md",
        "/home/u/.jupyter/lab/user-settings/theme.json",
        "/srv/jupyter_config_notes.md",
        "/srv/llm/litellm_readme.md",
        "/opt/consul/README.md",
        "/srv/notes/password_file.md",
        "/srv/app/config.xml",
        "/docs/security.md",
    ];
    assert_eq!(missed_paths(&readable, false), Vec::<String>::new());
}

/// The cases whose redaction kept one of their secrets or lost one of the words to keep.
fn leaks(cases: &[(&str, &[&str], &[&str])]) -> Vec<String> {
    cases
        .iter()
        .filter_map(|(text, secrets, kept)| {
            let got = redact_text(text);
            let leaked: Vec<_> = secrets.iter().filter(|s| got.contains(*s)).collect();
            let lost: Vec<_> = kept.iter().filter(|k| !got.contains(*k)).collect();
            (!leaked.is_empty() || !lost.is_empty())
                .then(|| format!("{text:?}\n   got {got:?}\n   leaked {leaked:?} lost {lost:?}"))
        })
        .collect()
}

#[test]
fn typical_contents_lose_their_secrets() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "http_password: welcome123\nmqtt_password: Mq77ttPass!\nlatitude_home: 52.37",
            &["welcome123", "Mq77ttPass!"],
            &["latitude_home: 52.37"],
        ),
        (
            "{\"key\": \"auth\", \"data\": {\"refresh_tokens\": [{\"id\": \"a1b2\", \"token\": \"8f1e2d3c4b5a69788f1e2d3c4b5a69788f1e2d3c\", \"jwt_key\": \"c0ffee1234567890c0ffee1234567890c0ffee12\"}]}}",
            &["8f1e2d3c4b5a6978", "c0ffee1234567890"],
            &["\"key\": \"auth\""],
        ),
        (
            "<Preferences MachineIdentifier=\"8d0f1d2a-1111\" PlexOnlineToken=\"xQz9Rk2mP7aBcD3eFgHj\" PlexOnlineUsername=\"bob\"/>",
            &["xQz9Rk2mP7aBcD3eFgHj"],
            &["PlexOnlineUsername=\"bob\""],
        ),
        (
            "<Config>\n  <Port>8989</Port>\n  <ApiKey>1f3870be274f6c49b3e31a0c6728957f</ApiKey>\n</Config>",
            &["1f3870be274f6c49b3e31a0c6728957f"],
            &["<Port>8989</Port>"],
        ),
        (
            "[misc]\napi_key = 5f4dcc3b5aa765d61d8327deb882cf99\n[servers]\n[[news.example.com]]\nusername = nzbuser\npassword = UsenetPw99",
            &["5f4dcc3b5aa765d61d8327deb882cf99", "UsenetPw99"],
            &["username = nzbuser"],
        ),
        (
            "ControlUsername=nzbget\nControlPassword=tegbzn6789\nServer1.Password=Nzb$erverPw1",
            &["tegbzn6789", "Nzb$erverPw1"],
            &["ControlUsername=nzbget"],
        ),
        (
            "[Preferences]\nWebUI\\Username=admin\nWebUI\\Password_PBKDF2=\"@ByteArray(ARQ77eY1NUZaQsuDHbIMCA==:0WMRkYTUWVT9wVvdDtHAjU9b3b7uB8NR1Gur2hmQCvCDpm39Q+PsJRJPaCU51dEiz+dTzh8qbPsL8WkFljQYFQ==)\"",
            &["ARQ77eY1NUZaQsuDHbIMCA"],
            &["WebUI\\Username=admin"],
        ),
        (
            "{\n    \"rpc-password\": \"{1ddd3f1f6a71d655cde7767242a23a575b44c909n9.yHDp\",\n    \"rpc-username\": \"transmission\"\n}",
            &["1ddd3f1f6a71d655"],
            &["\"rpc-username\": \"transmission\""],
        ),
        (
            "localclient:8b8ae3a4cf3cbd4b7b8e7d9ed0b2a5a1e8f6c3d2:10\nalice:DelugePw77:10",
            &["8b8ae3a4cf3cbd4b", "DelugePw77"],
            &["alice:"],
        ),
        (
            "<?php\n$CONFIG = array (\n  'passwordsalt' => 'aBcDeFgHiJkLmNoPqRsTuVwXyZ0123',\n  'secret' => 'Zx8Yw7Vu6Ts5Rq4Po3Nm2Lk1Jh0GfEdCbA98765432',\n  'dbpassword' => 'NcDbPass123',\n  'dbuser' => 'nextcloud',\n);",
            &[
                "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123",
                "Zx8Yw7Vu6Ts5Rq4Po3Nm2Lk1Jh0GfEdCbA98765432",
                "NcDbPass123",
            ],
            &["'dbuser' => 'nextcloud'"],
        ),
        (
            "define( 'DB_USER', 'wp' );\ndefine( 'DB_PASSWORD', 'WpDbPa55!' );\ndefine( 'AUTH_KEY', 'x5#A@k!L9$v%Zq^T&2*mN(8)pR_s+W=yE' );",
            &["WpDbPa55!", "x5#A@k!L9"],
            &["define( 'DB_USER', 'wp' );"],
        ),
        (
            "[database]\nUSER = gitea\nPASSWD = GiteaDbPw1\n[security]\nSECRET_KEY = q8Wz2Lp0Xy7Rt5Nv3Kb1\n[oauth2]\nJWT_SECRET = A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v",
            &["GiteaDbPw1", "q8Wz2Lp0Xy7Rt5Nv3Kb1", "A1b2C3d4E5f6G7h8I9j0"],
            &["USER = gitea"],
        ),
        (
            "[security]\nadmin_user = admin\nadmin_password = GrafAdm1n!\nsecret_key = SW2YcwTIb9zpOOhoPsMm",
            &["GrafAdm1n!", "SW2YcwTIb9zpOOhoPsMm"],
            &["admin_user = admin"],
        ),
        (
            "basic_auth_users:\n    admin: $2y$10$X6xBQ0Y8yq5C3hQn1Xq0eO9dF2o5WmJp1i7x0Y7qN6uJrF9wK3P1a",
            &["X6xBQ0Y8yq5C3hQn1Xq0e"],
            &["admin: "],
        ),
        (
            "global:\n  slack_api_url: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'\nreceivers:\n- name: pager\n  pagerduty_configs:\n  - routing_key: 0123456789abcdef0123456789abcdef\n    service_key: fedcba9876543210fedcba9876543210\n  email_configs:\n  - auth_password: SmtpPw!42\n    auth_username: alerts@example.com",
            &[
                "XXXXXXXXXXXXXXXXXXXXXXXX",
                "0123456789abcdef0123456789abcdef",
                "fedcba9876543210",
                "SmtpPw!42",
            ],
            &["auth_username: alerts@example.com", "- name: pager"],
        ),
        (
            "<username>deploy</username>\n<password>{AQAAABAAAAAQ1/JHKggxIlBcuVqegoa2AdyVaNvjWIFk430/vI4jEBM=}</password>",
            &["AQAAABAAAAAQ1"],
            &["<username>deploy</username>"],
        ),
        (
            "{\"gitlab_rails\": {\"secret_key_base\": \"7c1f0b9d8a2e3f4a5b6c7d8e9f0a1b2c\"}}\ngitlab_rails['smtp_password'] = \"GlSmtpPw1\"\nexternal_url 'https://git.example.com'",
            &["7c1f0b9d8a2e3f4a5b6c7d8e9f0a1b2c", "GlSmtpPw1"],
            &["external_url 'https://git.example.com'"],
        ),
        (
            "{\"le\": {\"Account\": {\"Email\": \"me@example.com\", \"PrivateKey\": \"MIIJKAIBAAKCAgEAtZ0pQwErTyUiOpAsDfGhJkLzXcVbNm1234567890abcdefghij\"}, \"Certificates\": [{\"key\": \"LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlCQURBTkJna3Foa2lHOXcwQkFRRUZBQVND\"}]}}",
            &["MIIJKAIBAAKCAgEAtZ0p", "LS0tLS1CRUdJTiBQUklWQVRF"],
            &["me@example.com"],
        ),
        (
            "users:\n  john:\n    displayname: \"John Doe\"\n    password: \"$argon2id$v=19$m=65536,t=3,p=4$BpLnfgDsc2WD8F2q$o/vzA4myCqZZ36bUGsDY//8mKUYNZZaR0t4MIFAhV8U\"",
            &["BpLnfgDsc2WD8F2q"],
            &["displayname: \"John Doe\""],
        ),
        (
            "jwt_secret: Kq83nZx0Lp2Vb7Rt5Ws9\nsession:\n  secret: Hn4Jd8Kl2Pq6Rs0Tv3Wx\nstorage:\n  encryption_key: Zm5Xc7Vb9Nq1We3Rt5Yu7Io9\n  postgres:\n    password: AuthPgPw",
            &[
                "Kq83nZx0Lp2Vb7Rt5Ws9",
                "Hn4Jd8Kl2Pq6Rs0Tv3Wx",
                "Zm5Xc7Vb9Nq1We3Rt5Yu7Io9",
                "AuthPgPw",
            ],
            &["session:"],
        ),
        (
            "<gui enabled=\"true\">\n    <user>admin</user>\n    <password>$2a$10$xH6Zd7gk7C4xqF0y8Z5jE.5YpP7Wcw8tI2l9m0sDcKjN3vV1aB2cO</password>\n    <apikey>eWJ3kDqMpn7P2vZ9sX4tL8yH</apikey>\n</gui>",
            &["xH6Zd7gk7C4xqF0y8Z5jE", "eWJ3kDqMpn7P2vZ9sX4tL8yH"],
            &["<user>admin</user>"],
        ),
        (
            "PIHOLE_INTERFACE=eth0\nWEBPASSWORD=a8f5f167f44f4964e6c998dee827110ca8f5f167f44f4964e6c998dee827110c",
            &["a8f5f167f44f4964"],
            &["PIHOLE_INTERFACE=eth0"],
        ),
        (
            "users:\n  - name: admin\n    password: $2a$10$7IXKZ9Hc0GgA2OAbD1tW4e5aQ8n5vZ9sLd3W5Xb8hY2kQ1cVjP6Ha\nhttp:\n  address: 0.0.0.0:80",
            &["7IXKZ9Hc0GgA2OAbD1tW4e"],
            &["- name: admin", "address: 0.0.0.0:80"],
        ),
        (
            "[Interface]\nPrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n[Peer]\nPublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\nPresharedKey = 9j5mY7Ie+4u5Lq1v2Xw3Zs8Kd0Pa6Tn1Rb4Fc7Gh2Jk=",
            &["yAnz5TF+lXXJte14tji3", "9j5mY7Ie+4u5Lq1v2Xw3"],
            &["PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg="],
        ),
        (
            "client\n<key>\n-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n</key>\n<tls-auth>\n-----BEGIN OpenVPN Static key V1-----\ne685bdaf659a25a200e2b9e39e51ff03\n-----END OpenVPN Static key V1-----\n</tls-auth>",
            &[
                "MIIEvgIBADANBgkqhkiG9w0",
                "e685bdaf659a25a200e2b9e39e51ff03",
            ],
            &["client"],
        ),
        (
            "{\"_machinekey\": \"cHJpdmtleTptYWNoaW5lLTEyMzQ1Njc4OTBhYmNkZWY=\", \"profile-3f1a\": \"eyJQcml2YXRlTm9kZUtleSI6InByaXZrZXk6YWJjZGVmMDEyMzQ1Njc4OSJ9\"}",
            &["cHJpdmtleTptYWNoaW5l", "eyJQcml2YXRlTm9kZUtleSI6"],
            &[],
        ),
        (
            "mqtt:\n  user: frigate\n  password: FrigMqtt1\ncameras:\n  front:\n    ffmpeg:\n      inputs:\n        - path: rtsp://admin:CamPw!99@10.0.0.50:554/stream1",
            &["FrigMqtt1", "CamPw!99"],
            &["user: frigate", "@10.0.0.50:554/stream1"],
        ),
        (
            "DB_PASSWORD=ImmichDb77\nUPLOAD_LOCATION=./library\nPAPERLESS_SECRET_KEY=change-me-to-a-long-random-string-0987",
            &["ImmichDb77", "change-me-to-a-long-random-string-0987"],
            &["UPLOAD_LOCATION=./library"],
        ),
        (
            "homeassistant:$7$101$Wx1pHGbB9zjBeXmw$1cQlK0bZ3aQmJqT8dCJe0UeCqGZr4Pbs2D+BMyWYy4cKxFzfZjW3F7UQ8yFDtTWq8AY8mR/SbXNOmQQXbGwKBg==",
            &["Wx1pHGbB9zjBeXmw"],
            &["homeassistant:"],
        ),
        (
            "mqtt:\n  password: Z2mPw!\nadvanced:\n  network_key: [1, 3, 5, 7, 9, 11, 13, 15, 0, 2, 4, 6, 8, 10, 12, 13]\n  pan_id: 6754",
            &["Z2mPw!", "1, 3, 5, 7, 9, 11"],
            &["pan_id: 6754"],
        ),
        (
            "{\"_credentialSecret\": \"3f9d0a1b2c4e5f6789abcdef0123456789abcdef0123456789abcdef01234567\", \"instanceId\": \"a1b2c3\"}",
            &["3f9d0a1b2c4e5f67"],
            &["\"instanceId\": \"a1b2c3\""],
        ),
        (
            "export BORG_PASSPHRASE='Borg#Secret-2024'\nexport RESTIC_PASSWORD=ResticPw123\nexport BORG_REPO=ssh://backup@nas/./repo",
            &["Borg#Secret-2024", "ResticPw123"],
            &["BORG_REPO=ssh://backup@nas/./repo"],
        ),
        (
            "machine api.wandb.ai\n  login user\n  password 0123456789abcdef0123456789abcdef01234567",
            &["0123456789abcdef01234567"],
            &["machine api.wandb.ai"],
        ),
        (
            "c.ServerApp.token = 'd7e2f1a09b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0'\nc.PasswordIdentityProvider.hashed_password = 'argon2:$argon2id$v=19$m=10240,t=10,p=8$JdAN3fe9J45NvK/EPuGCvA$O/tbxglbwRpOFuBNTYrymA'",
            &["d7e2f1a09b8c7d6e", "JdAN3fe9J45NvK"],
            &[],
        ),
        (
            "model_list:\n  - model_name: gpt-4o\n    litellm_params:\n      api_key: sk-proj-Abc123Def456Ghi789Jkl012Mno345Pqr\ngeneral_settings:\n  master_key: sk-1234-litellm-master\n  database_url: postgresql://llm:LlmDbPw@db:5432/litellm",
            &["Abc123Def456Ghi789", "sk-1234-litellm-master", "LlmDbPw"],
            &["- model_name: gpt-4o", "@db:5432/litellm"],
        ),
        (
            "HUGGING_FACE_HUB_TOKEN=hf_QwErTyUiOpAsDfGhJkLzXcVbNm12345678\nVLLM_API_KEY=token-abc123xyz\nWEBUI_SECRET_KEY=t0p-s3cr3t-webui",
            &["hf_QwErTyUiOp", "token-abc123xyz", "t0p-s3cr3t-webui"],
            &[],
        ),
        (
            "[CURRENT]\napikey = bnZhcGktMTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTA=\nformat_type = ascii\norg = abcdefg1234",
            &["bnZhcGktMTIzNDU2"],
            &["format_type = ascii", "org = abcdefg1234"],
        ),
        (
            "['remote \"storage\"']\n    access_key_id = AKIAIOSFODNN7EXAMPLE\n    secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            &["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI"],
            &["['remote \"storage\"']"],
        ),
        (
            "ansible_host: 10.0.0.5\nansible_user: admin\nansible_password: AnsPw!99\nansible_become_password: BecomePw1",
            &["AnsPw!99", "BecomePw1"],
            &["ansible_user: admin"],
        ),
        (
            "CONSUL_HTTP_TOKEN=7d3a2c1b-9f8e-4d6c-b5a4-3e2f1d0c9b8a\nNOMAD_TOKEN=a1b2c3d4-e5f6-7890-abcd-ef0123456789\nVAULT_TOKEN=hvs.CAESIJlU9zCvJ7z8x0mKkKJ3h1vYdQZ9Q1b2c3d4e5f6g7h8",
            &["7d3a2c1b-9f8e", "a1b2c3d4-e5f6", "CAESIJlU9zCvJ7z8"],
            &[],
        ),
        (
            "# public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\nAGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQS",
            &["AGE-SECRET-KEY-1QYQ"],
            &["age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"],
        ),
        (
            "binddn cn=nslcd,dc=example,dc=com\nbindpw NslcdBindPw1\n[domain/example.com]\nldap_default_authtok = SssdBindPw2",
            &["NslcdBindPw1", "SssdBindPw2"],
            &["binddn cn=nslcd,dc=example,dc=com"],
        ),
        (
            "alice@example.com:{SHA512-CRYPT}$6$Qw7pL0f3$2Bz8yQ7xF5Q0dR1kS9mN4bV6cX3zA8sD1fG7hJ2kL5pO0iU9yT4rE6wQ3aS8dF1gH4jK7lZ0xC2vB5nM8qW1::::::",
            &["2Bz8yQ7xF5Q0dR1kS9"],
            &["alice@example.com:"],
        ),
        (
            "poll imap.example.com protocol IMAP user \"alice\" password \"FetchPw5\" is alice here\naccount default\nuser alice\npassword MsmtpPw6\nset imap_pass = \"MuttImapPw7\"",
            &["FetchPw5", "MsmtpPw6", "MuttImapPw7"],
            &["poll imap.example.com"],
        ),
        (
            "dns_cloudflare_api_token = 0123456789abcdef0123456789abcdef01234567\ndns_cloudflare_email = me@example.com",
            &["0123456789abcdef01234567"],
            &["dns_cloudflare_email = me@example.com"],
        ),
        (
            "{\"AccountTag\":\"699d98642c564d2e855e9661899b7252\",\"TunnelSecret\":\"wr0xOk8HfSuf2ZlqAoRPAOIDlH4nB4e9VwfZfqBl3Ko=\",\"TunnelID\":\"6ff42ae2-765d-4adf-8112-31c55c1551ef\"}",
            &["wr0xOk8HfSuf2Zlq"],
            &["6ff42ae2-765d-4adf-8112-31c55c1551ef"],
        ),
        (
            "version: 3\nagent:\n  authtoken: 2XyZaBcDeFgHiJkLmNoPqRsTuVw_9z8Y7x6W5v4U3t2S1r0Q",
            &["2XyZaBcDeFgHiJkLmNoPq"],
            &["version: 3"],
        ),
        (
            "protocol=cloudflare\nlogin=token\npassword=CfDdnsToken9\nhome.example.com\nprovider default@dyndns.org {\n    password = InadynPw10\n}",
            &["CfDdnsToken9", "InadynPw10"],
            &["home.example.com"],
        ),
        (
            "[upsmon]\n    password = UpsMonPw11\n    upsmon primary",
            &["UpsMonPw11"],
            &["[upsmon]"],
        ),
        (
            "rocommunity s3cr3tCommunity 10.0.0.0/24\ncreateUser snmpadmin SHA AuthPass13 AES PrivPass14",
            &["s3cr3tCommunity", "AuthPass13", "PrivPass14"],
            &["10.0.0.0/24"],
        ),
        (
            "Director {\n  Name = bacula-dir\n  Password = \"BaculaDirPw16\"\n}",
            &["BaculaDirPw16"],
            &["Name = bacula-dir"],
        ),
        (
            "DBUser=zabbix\nDBPassword=ZbxDbPw18",
            &["ZbxDbPw18"],
            &["DBUser=zabbix"],
        ),
        (
            "object ApiUser \"root\" {\n  password = \"IcingaApi20\"\n}",
            &["IcingaApi20"],
            &["object ApiUser \"root\""],
        ),
        (
            "db-username=keycloak\ndb-password=KcDbPw23\nhttps-key-store-password=KcKs24",
            &["KcDbPw23", "KcKs24"],
            &["db-username=keycloak"],
        ),
        (
            "root@pam:$5$abc$Xyz12345678901234567890123456789012345678901:\nalice@pve:$5$def$Qwe12345678901234567890123456789012345678901:",
            &["Xyz1234567890", "Qwe1234567890"],
            &["root@pam:", "alice@pve:"],
        ),
    ];
    assert_eq!(leaks(cases), Vec::<String>::new());
}

#[test]
fn secrets_at_a_fixed_place_of_their_line_go() {
    let cases = [
        // Samba's smbpasswd (and `pdbedit -Lw`): the LM and NT hashes; X's mean none.
        (
            "alice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EAEE8FB117AD06BDD830B7586C:[U          ]:LCT-5F1A2B3C:",
            "alice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[redacted]:[U          ]:LCT-5F1A2B3C:",
        ),
        (
            "bob:1001:E52CAC67419A9A224A3B108F3FA6CB6D:8846F7EAEE8FB117AD06BDD830B7586C:[UX         ]:LCT-62A1B2C3:",
            "bob:1001:[redacted]:[redacted]:[UX         ]:LCT-62A1B2C3:",
        ),
        (
            "carol:1002:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:8846F7EAEE8FB117AD06BDD830B7586C:[U          ]:LCT-62A1B2C3:",
            "carol:1002:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:[redacted]:[U          ]:LCT-62A1B2C3:",
        ),
        // Proxmox's tokens: `token.cfg`, a token as the API takes it.
        (
            "root@pam!automation 3f0e9a12-5b7c-4d8e-9f01-23456789abcd",
            "root@pam!automation [redacted]",
        ),
        (
            "root@pam!monitoring:c1f5e5d2-9a6b-4c3e-8f7a-2b1d0e9c8a7f",
            "root@pam!monitoring:[redacted]",
        ),
        (
            "alice@pve!ci=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "alice@pve!ci=[redacted]",
        ),
        // NUT's upsmon.conf.
        (
            "MONITOR ups@localhost 1 upsmon UpsMonPw11 primary",
            "MONITOR ups@localhost 1 upsmon [redacted] primary",
        ),
        (
            "[smtp.office365.com]:587    alice@example.com:P@ss word 1",
            "[smtp.office365.com]:587    alice@example.com:[redacted]",
        ),
        (
            "   3 HTTP/web@EX.COM (arcfour-hmac)  (0x8846f7eaee8fb117ad06bdd830b7586c)",
            "   3 HTTP/web@EX.COM (arcfour-hmac)  ([redacted])",
        ),
        (
            "MONITOR myups@nas.lan 1 monuser S3cr3t! slave",
            "MONITOR myups@nas.lan 1 monuser [redacted] slave",
        ),
        // Postfix's sasl_passwd: relays and senders; an application password's spaces.
        (
            "[smtp.gmail.com]:587 me@gmail.com:abcd efgh ijkl mnop",
            "[smtp.gmail.com]:587 me@gmail.com:[redacted]",
        ),
        (
            "smtp.sendgrid.net:587 apikey:SG.abcdefghij.klmnopqrstu",
            "smtp.sendgrid.net:587 apikey:[redacted]",
        ),
        (
            "@example.com relay-user:RelayPw!1",
            "@example.com relay-user:[redacted]",
        ),
        // Nagios' resource.cfg: the macros' values, paths kept.
        (
            "$USER1$=/usr/lib/nagios/plugins\n$USER3$=monitor\n$USER4$=NagiosDbPw21",
            "$USER1$=/usr/lib/nagios/plugins\n$USER3$=[redacted]\n$USER4$=[redacted]",
        ),
        // `klist -kK`: each key after its encryption type.
        (
            "   2 01/01/2024 00:00:00 host/web1.example.com@EXAMPLE.COM (aes256-cts-hmac-sha1-96) (0x3a5b7c9d1e2f4a6b8c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b)",
            "   2 01/01/2024 00:00:00 host/web1.example.com@EXAMPLE.COM (aes256-cts-hmac-sha1-96) ([redacted])",
        ),
        // Jupyter's kernel connection file, Kaggle's kaggle.json: a random id under `key`.
        (
            "{\n  \"ip\": \"127.0.0.1\",\n  \"key\": \"a0436f6c-1916-498b-8eb9-e81ab9368e84\",\n  \"signature_scheme\": \"hmac-sha256\"\n}",
            "{\n  \"ip\": \"127.0.0.1\",\n  \"key\": \"[redacted]\",\n  \"signature_scheme\": \"hmac-sha256\"\n}",
        ),
        (
            "{\"username\":\"bob\",\"key\":\"0123456789abcdef0123456789abcdef\"}",
            "{\"username\":\"bob\",\"key\":\"[redacted]\"}",
        ),
        // Node-RED's flows_cred.json.
        (
            "{\"$\":\"d4b1f0c2e3a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0\"}",
            "{\"$\":\"[redacted]\"}",
        ),
        // Pi-hole's pihole.toml: its balloon hash.
        (
            "[webserver.api]\n  pwhash = \"$BALLOON-SHA256$v=1$s=1024,t=32$4fDyb2aYmXQ1/c0hY1I1RA==$jcmt1S1klF0VR8ZkLqeH2qK9QmHmqdP3f6yvJ3pBZ4s=\"\n  app_pwhash = \"\"",
            "[webserver.api]\n  pwhash = \"[redacted]\"\n  app_pwhash = \"\"",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn ordinary_lines_of_these_files_stay() {
    let texts = [
        "nobody:65534:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[DU         ]:LCT-00000000:",
        "MONITOR ups@localhost 1 upsmon",
        "$USER1$=/usr/lib/nagios/plugins",
        "$USER2$=/usr/lib/nagios/eventhandlers",
        "Keytab name: FILE:/etc/krb5.keytab\nKVNO Timestamp         Principal\n   2 01/01/2024 00:00:00 host/web1.example.com@EXAMPLE.COM (aes256-cts-hmac-sha1-96)",
        "{\"version\": 1, \"minor_version\": 1, \"key\": \"core.config_entries\"}",
        "{\"key\": \"auth\", \"version\": 1}",
        "web.example.com:443 is up",
        "root@pam!automation",
        "relayhost = [smtp.gmail.com]:587",
        "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd",
        "PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=",
        "<Port>8989</Port>",
    ];
    assert_eq!(common::changed(&texts), Vec::<String>::new());
}

//! Settings files that hold the logins of what a daemon talks to (log and metric shippers,
//! proxies, storage targets, network interfaces, boot loaders, virtual machines), each kind
//! with ordinary neighbours that must stay readable.

mod common;

use common::missed_paths as misjudged;

use warden_secrets::sensitive_content;

#[test]
fn shippers_settings_holding_remote_stores_logins_are_refused() {
    let missed = misjudged(
        &[
            "/etc/promtail/config.yml",
            "/etc/promtail/promtail.yaml",
            "/etc/loki/config.yaml",
            "/etc/loki/local-config.yaml",
            "/etc/mimir/config.yaml",
            "/etc/tempo/config.yaml",
            "/etc/otelcol/config.yaml",
            "/etc/otelcol-contrib/config.yaml",
            "/etc/alloy/config.alloy",
            "/etc/vector/vector.toml",
            "/etc/vector/vector.yaml",
            "/etc/vector/sinks.json",
            "/etc/fluent-bit/fluent-bit.conf",
            "/etc/fluent-bit/outputs.conf",
            "/etc/td-agent/td-agent.conf",
            "/etc/fluent/fluentd.conf",
            "/etc/logstash/conf.d/output.conf",
            "/etc/logstash/logstash.yml",
            "/etc/grafana-agent.yaml",
            "/srv/monitoring/promtail.yml",
            "/etc/systemd/system/docker.service.d/http-proxy.conf",
            "/etc/systemd/system/containerd.service.d/https-proxy.conf",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn storage_network_boot_and_machine_settings_with_passwords_are_refused() {
    let missed = misjudged(
        &[
            "/etc/iscsi/nodes/iqn.2004-04.com.qnap:ts-431:iscsi.target0/10.0.0.5,3260,1/default",
            "/etc/network/interfaces",
            "/etc/network/interfaces.d/wlan0",
            "/etc/cloud/cloud.cfg.d/99-installer.cfg",
            "/etc/cloud/cloud.cfg.d/50-users.cfg",
            "/var/log/installer/autoinstall-user-data",
            "/boot/grub2/user.cfg",
            "/boot/efi/EFI/rocky/user.cfg",
            "/etc/grub.d/40_custom",
            "/etc/grub.d/01_users",
            "/etc/libvirt/qemu/win11.xml",
            "/var/lib/libvirt/qemu/snapshot/vm/snap.xml",
            "/home/bob/.local/share/io.parity.ethereum/keys/ethereum/UTC--2020",
        ],
        true,
    );
    // `user.cfg` outside a GRUB directory is not GRUB's.
    assert_eq!(missed, vec!["/boot/efi/EFI/rocky/user.cfg".to_owned()]);
}

#[test]
fn ordinary_neighbours_of_daemon_settings_stay_readable() {
    let flagged = misjudged(
        &[
            "/etc/promtail/README.md",
            "/etc/network/if-up.d/ethtool",
            "/etc/networks",
            "/etc/haproxy/errors/503.http",
            "/etc/haproxy/haproxy.cfg",
            "/etc/grub.d/10_linux",
            "/boot/grub/grub.cfg",
            "/etc/default/grub",
            "/etc/cloud/cloud.cfg",
            "/etc/iscsi/initiatorname.iscsi",
            "/var/log/loki.log",
            "/etc/systemd/system/docker.service.d/override.conf",
            "/etc/libvirt/qemu.conf.d/README",
            "/srv/app/vector.rs",
        ],
        false,
    );
    assert_eq!(flagged, Vec::<String>::new());
}

#[test]
fn self_hosted_apps_settings_and_client_key_stores_are_refused() {
    let missed = misjudged(
        &[
            "/srv/authelia/config/configuration.yml",
            "/srv/wg-easy/wg0.json",
            "/etc/amnezia/amneziawg/awg0.conf",
            "/srv/gluetun/auth/config.toml",
            "/srv/semaphore/config.json",
            "/opt/netbox/netbox/netbox/configuration.py",
            "/srv/calibre-web/config/app.db",
            "/srv/navidrome/navidrome.db",
            "/srv/homarr/data/db.sqlite",
            "/srv/nginx-proxy-manager/data/database.sqlite",
            "/etc/containerd/config.toml",
            "/etc/crowdsec/bouncers/crowdsec-firewall-bouncer.yaml",
            "/srv/homepage/config/services.yaml",
            "/srv/vault/init.json",
            "/srv/rundeck/server/config/rundeck-config.properties",
            "/home/bob/.tsh/keys/teleport.example.com/bob",
            "/home/bob/.passage/identities",
            "/run/user/1000/gdm/Xauthority",
            "/home/bob/.lftp/bookmarks",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn ordinary_files_of_the_same_apps_stay_readable() {
    let flagged = misjudged(
        &[
            "/srv/authelia/docker-compose.override.md",
            "/srv/semaphore/README.md",
            "/opt/netbox/netbox/netbox/settings.py",
            "/srv/homepage/config/custom.css",
            "/etc/crowdsec/acquis.yaml",
            "/srv/vault/policies/admin.hcl",
            "/etc/containerd/certs.d/registry.example/hosts.toml",
            "/srv/app/config.json",
        ],
        false,
    );
    assert_eq!(flagged, Vec::<String>::new());
}

#[test]
fn developer_tools_logins_and_windows_key_stores_are_refused() {
    let missed = misjudged(
        &[
            r"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\6d14e4b1d8ca773bab785d1be032546e_x",
            r"C:\Users\bob\AppData\Roaming\Microsoft\Crypto\Keys\de7cf8a7901d2ad13e5c67c29e5d1662_x",
            r"C:\Users\bob\AppData\Roaming\Microsoft\SystemCertificates\My\Keys\ABC",
            "/home/bob/.mix/hex.config",
            "/home/bob/.config/pdm/config.toml",
            "/home/bob/.config/hatch/config.toml",
            "/home/bob/.config/io.datasette.llm/keys.json",
            "/home/bob/Library/Application Support/io.datasette.llm/keys.json",
            "/home/bob/.config/mods/mods.yml",
            "/srv/litellm/config.yaml",
            "/home/bob/.gemini/settings.json",
            "/srv/proj/sftp-config.json",
            "/srv/proj/.vscode/sftp.json",
            "/srv/proj/.ftpconfig",
            "/srv/proj/.remote-sync.json",
            "/home/bob/.pause",
            "/srv/proj/bunfig.toml",
            "/home/bob/.bunfig.toml",
            "/srv/proj/.mcp.json",
            "/srv/open-webui/data/webui.db",
            "/srv/anythingllm/storage/anythingllm.db",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn ordinary_settings_of_developer_tools_stay_readable() {
    let flagged = misjudged(
        &[
            r"C:\Users\bob\AppData\Roaming\Microsoft\SystemCertificates\My\Certificates\ABC",
            "/srv/proj/.vscode/settings.json",
            "/srv/proj/.vscode/launch.json",
            "/srv/proj/pyproject.toml",
            "/srv/proj/package.json",
            "/home/bob/.config/mods/README.md",
            "/srv/proj/.gemini/styleguide.md",
            "/srv/proj/src/crypto/aes.rs",
        ],
        false,
    );
    assert_eq!(flagged, Vec::<String>::new());
}

#[test]
fn archived_numbered_and_dumped_copies_of_secrets_are_refused() {
    let missed = misjudged(
        &[
            "/etc/shadow.tar.gz",
            "/srv/backup/shadow.tgz",
            "/srv/backup/.ssh.tar",
            "/srv/backup/secrets.tar.gz",
            "/srv/backup/.env.zip",
            "/srv/backup/id_ed25519.7z",
            "/srv/backup/credentials.json.tar.xz",
            "/srv/app/.env (1)",
            "/srv/app/.env(2)",
            "/home/bob/Downloads/id_rsa (3)",
            "/srv/backup/etcd-snapshot.db",
            "/var/lib/rancher/k3s/server/db/snapshots/etcd-snapshot-node1-1700000000",
            "/srv/backup/pg_dumpall.sql",
            "/srv/backup/pg_dumpall-2024-01-01.sql.gz",
            "/srv/backup/mysql-all.sql",
            "/srv/backup/all-databases.sql",
            "/srv/app/export.1pif",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn ordinary_archives_dumps_and_numbered_files_stay_readable() {
    let flagged = misjudged(
        &[
            "/srv/backup/www.tar.gz",
            "/srv/backup/photos (1).zip",
            "/srv/app/report (2).pdf",
            "/srv/app/migrations/001_init.sql",
            "/srv/backup/app.sql",
            "/srv/app/f(1)",
            "/srv/app/(1)",
            "/srv/backup/etcd.conf",
        ],
        false,
    );
    assert_eq!(flagged, Vec::<String>::new());
}

#[test]
fn data_stores_brokers_identity_servers_and_tunnels_secrets_are_refused() {
    let missed = misjudged(
        &[
            "/var/lib/pgsql/data/global/1260",
            "/var/lib/mysql/mysql.ibd",
            "/var/lib/redis/dump.rdb",
            "/var/lib/redis/appendonly.aof",
            "/var/lib/rabbitmq/mnesia/rabbit@host/rabbit_user.DCD",
            "/etc/kafka/client.properties",
            "/etc/cassandra/cassandra.yaml",
            "/home/bob/.config/nats/context/default.json",
            "/etc/emqx/emqx.conf",
            "/etc/questdb/server.conf",
            "/etc/clickhouse-server/config.d/interserver.xml",
            "/etc/garage.toml",
            "/etc/seaweedfs/security.toml",
            "/etc/sssd/conf.d/ldap.conf",
            "/etc/dirsrv/slapd-example/dse.ldif",
            "/etc/step-ca/config/ca.json",
            "/home/bob/.step/config/ca.json",
            "/var/lib/kanidm/kanidm.db",
            "/etc/lldap/lldap_config.toml",
            "/var/lib/lldap/users.db",
            "/etc/zitadel/config.yaml",
            "/srv/keycloak/data/h2/keycloakdb.mv.db",
            "/etc/pomerium/config.yaml",
            "/etc/teleport.yaml",
            "/etc/innernet/office.conf",
            "/etc/yggdrasil.conf",
            "/etc/cjdroute.conf",
            "/etc/clash/config.yaml",
            "/etc/mihomo/config.yaml",
            "/etc/rathole/server.toml",
            "/etc/chisel/users.json",
            "/etc/tinyproxy/tinyproxy.conf",
            "/etc/3proxy/3proxy.cfg",
            "/etc/acme/account.conf",
            "/etc/lego/accounts/acme-v02.api.letsencrypt.org/a@example.com/account.json",
            "/etc/dehydrated/accounts/abc/account_key.pem",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn ordinary_files_of_data_stores_and_brokers_stay_readable() {
    let flagged = misjudged(
        &[
            "/etc/kafka/log4j.properties",
            "/opt/kafka/config/kraft/server.properties",
            "/etc/cassandra/jvm.options",
            "/etc/clickhouse-server/README",
            "/var/lib/pgsql/data/base/16384/1259",
            "/var/lib/redis/redis.log",
            "/etc/sssd/README",
            "/etc/lego/README.md",
            "/etc/nats/README.md",
            "/etc/clash/Country.mmdb",
        ],
        false,
    );
    assert_eq!(flagged, Vec::<String>::new());
}

#[test]
fn web_applications_secret_settings_are_refused() {
    let missed = misjudged(
        &[
            "/srv/pleroma/config/prod.secret.exs",
            "/srv/phoenix/config/dev.secret.exs",
            "/srv/flask/instance/config.py",
            "/srv/peertube/config/production.yaml",
            "/srv/misskey/.config/default.yml",
            "/srv/lemmy/lemmy.hjson",
            "/var/lib/dokuwiki/conf/users.auth.php",
            "/var/www/html/connect.php",
            "/var/www/html/includes/db_connect.php",
            "/srv/tf/backend.hcl",
            "/srv/tf/secrets.tf",
            "/srv/puppet/data/secrets.eyaml",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn ordinary_files_of_web_applications_stay_readable() {
    let flagged = misjudged(
        &[
            "/srv/elixir/config/prod.exs",
            "/srv/elixir/lib/app/secret.ex",
            "/srv/flask/app/config.py",
            "/srv/peertube/config/default.yaml",
            "/var/www/html/index.php",
            "/srv/tf/main.tf",
            "/srv/tf/variables.tf",
            "/srv/puppet/data/common.yaml",
        ],
        false,
    );
    assert_eq!(flagged, Vec::<String>::new());
}

#[test]
fn home_media_ci_and_client_files_holding_logins_are_refused() {
    let missed = misjudged(
        &[
            // Settings holding logins without a name saying so.
            "/etc/vpnc.conf",
            "/etc/saslauthd.conf",
            "/etc/pgpool2/pgpool.conf",
            "/etc/pgpool-II/pgpool.conf",
            "/etc/superset/superset_config.py",
            "/app/pythonpath/superset_config.py",
            "/root/airflow/airflow.cfg",
            "/opt/airflow/airflow.cfg",
            "/opt/teamspeak/ts3db_mariadb.ini",
            "/etc/pritunl.conf",
            "/etc/mopidy/mopidy.conf",
            "/home/bob/.config/mopidy/mopidy.conf",
            "/home/bob/.nzbget",
            "/etc/apprise.yml",
            "/home/bob/.apprise",
            "/home/bob/.config/apprise.yaml",
            "/etc/influxdb2/influx-configs",
            "/etc/lighttpd/lighttpd-plain.user",
            "/etc/cobbler/users.digest",
            // Media and home servers' databases and settings.
            "/var/lib/audiobookshelf/config/absdatabase.sqlite",
            "/opt/ombi/Ombi.db",
            "/opt/ombi/OmbiSettings.db",
            "/var/airsonic/airsonic.properties",
            "/var/lib/deconz/zll.db",
            "/home/bob/.local/share/dresden-elektronik/deCONZ/zll.db",
            "/var/lib/deluge/.config/deluge/web.conf",
            "/home/bob/.config/deluge/hostlist.conf",
            "/var/lib/mylar/config.ini",
            "/opt/requestrr/config/settings.json",
            "/etc/gotify/config.yml",
            "/etc/ntfy/server.yml",
            "/var/lib/ntfy/user.db",
            "/opt/wikijs/config.yml",
            "/srv/nginx-proxy-manager/data/database.sqlite",
            "/etc/technitium/dns/config/auth.config",
            "/etc/telegraf/telegraf.d/outputs.conf",
            "/etc/matrix-synapse/conf.d/registration.yaml",
            "/etc/matrix-synapse/appservices/telegram-registration.yaml",
            "/home/bob/.kodi/userdata/advancedsettings.xml",
            "/home/bob/.kodi/userdata/sources.xml",
            // CI runners' registrations and keys.
            "/var/lib/act_runner/.runner",
            "/var/lib/forgejo-runner/.runner",
            "/var/lib/go-server/config/cipher.aes",
            "/godata/config/cipher.aes",
            // Database clients' saved logins and connections.
            "/home/bob/.sqshrc",
            "/home/bob/.config/sqlcmd/sqlconfig",
            "/home/bob/.config/usql/config.yaml",
            "/home/bob/.config/Beekeeper Studio/app.db",
            "/home/bob/.config/MongoDB Compass/Connections/1b2c.json",
            "/home/bob/.redis-insight/redisinsight.db",
            // Shell histories of other shells and languages.
            "/home/bob/.cache/erlang-history/erlang-shell-log.1",
            "/home/bob/.erlang-history/erlang-shell-log.siz",
            "/home/bob/.local/state/elvish/db.bolt",
            "/home/bob/.elvish/db",
            "/home/bob/.config/oil/history_osh",
            "/home/bob/.local/share/xonsh/history_json/xonsh-1b2c3d4e.json",
            // Cloud and client sessions, cookies.
            "/home/bob/.gsutil/credstore2",
            "/home/bob/.okteto/context/config.json",
            "/home/bob/.config/gdrive3/bob@example.com/tokens.json",
            "/home/bob/.gdrive/token_v2.json",
            "/home/bob/.lpass/plaintext_key",
            "/home/bob/.w3m/cookie",
            "/home/bob/.lynx_cookies",
            // Environments kept by name, machine learning platforms' and registries' logins.
            "/home/bob/.config/fish/fish_variables",
            "/home/bob/.Renviron",
            "/srv/project/.Renviron",
            "/home/bob/.modal.toml",
            "/home/bob/clearml.conf",
            "/srv/project/.dvc/config.local",
            "/home/bob/.config/regctl/config.json",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn ordinary_files_beside_home_media_ci_and_client_logins_stay_readable() {
    let flagged = misjudged(
        &[
            "/etc/deluge/core.conf",
            "/var/lib/deluge/.config/deluge/deluge.log",
            "/etc/gotify/README.md",
            "/var/lib/ntfy/attachments/photo.png",
            "/etc/telegraf/telegraf.d/README.md",
            "/etc/matrix-synapse/log.yaml",
            "/home/bob/.kodi/userdata/guisettings.xml",
            "/home/bob/.kodi/temp/kodi.log",
            "/home/bob/.w3m/keymap",
            "/home/bob/.elvish/rc.elv",
            "/home/bob/.config/elvish/rc.elv",
            "/var/lib/act_runner/config.example.yaml",
            "/home/bob/.config/mopidy/README.md",
            "/opt/wikijs/package.json",
            "/srv/app/config.ini",
            "/srv/app/settings.json",
            "/usr/share/doc/pgpool2/README",
            "/etc/ppp/options",
            "/home/bob/.config/fish/config.fish",
            "/home/bob/.config/oil/oshrc",
            "/home/bob/.config/xonsh/rc.xsh",
            "/home/bob/.Rprofile",
            "/srv/project/.dvc/config",
            "/srv/project/modal_app.py",
        ],
        false,
    );
    assert_eq!(flagged, Vec::<String>::new());
}

#[test]
fn tunnel_and_proxy_servers_secrets_are_refused() {
    let missed = misjudged(
        &[
            "/opt/outline/access.txt",
            "/opt/outline/persisted-state/shadowbox_config.json",
            "/etc/trojan-go/config.json",
            "/etc/naiveproxy/config.json",
            "/etc/tuic/config.json",
            "/etc/gost/config.yaml",
            "/etc/innernet-server/office.conf",
            "/etc/ppp/options.l2tpd.client",
            "/etc/ppp/options.xl2tpd",
            "/home/bob/.zrok/environment.json",
            "/etc/ss-server.json",
            "/etc/shadowsocks-libev/ss-local.json",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let flagged = misjudged(
        &[
            "/opt/outline/README.md",
            "/opt/outline/persisted-state/prometheus/config.yml",
            "/etc/gost/README.md",
            "/etc/ppp/options",
            "/etc/ppp/ip-up",
            "/etc/tuic/README",
        ],
        false,
    );
    assert_eq!(flagged, Vec::<String>::new());
}

#[test]
fn wireguard_configurations_are_refused_by_their_private_key() {
    // PiVPN's and wg-easy's client configurations, under any name.
    let client = "[Interface]\nPrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\nAddress = 10.6.0.2/24\n\n[Peer]\nPublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\nEndpoint = vpn.example.com:51820\n";
    assert!(sensitive_content(client).is_some());
    assert!(sensitive_content(&client.replace("PrivateKey = ", "privatekey=")).is_some());
    for text in [
        // A template, the public half, a peer's public key.
        "[Interface]\nPrivateKey = <your private key>\nAddress = 10.6.0.2/24\n",
        "[Interface]\nPrivateKey = ${WG_PRIVATE_KEY}\n",
        "[Peer]\nPublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\n",
        "[Peer]\nPrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n",
    ] {
        assert_eq!(sensitive_content(text), None, "{text}");
    }
}

/// A drop-in directory named for credentials or secrets holds them in every file, under any
/// name; directories merely named like them stay readable.
#[test]
fn files_in_credential_drop_in_directories_are_refused() {
    let missed = misjudged(
        &[
            "/etc/zypp/credentials.d/my-repo",
            "/etc/zypp/credentials.d/SCCcredentials",
            "/etc/app/credentials.d/db",
            "/etc/app/creds.d/api",
            "/etc/app/secrets.d/token.conf",
            "/etc/zypp/credentials.d",
        ],
        true,
    );
    assert!(missed.is_empty(), "readable: {missed:?}");
    let over = misjudged(
        &[
            "/etc/zypp/repos.d/oss.repo",
            "/etc/apt/sources.list.d/docker.list",
            "/etc/app/conf.d/main.conf",
        ],
        false,
    );
    assert!(over.is_empty(), "refused: {over:?}");
}

#[test]
fn fediverse_and_mail_servers_settings_under_generic_names_are_refused() {
    let missed = misjudged(
        &[
            "/etc/pleroma/config.exs",
            "/etc/akkoma/config.exs",
            "/opt/pleroma/config/prod.secret.exs",
            "/opt/lemmy/config/config.hjson",
            "/var/www/friendica/config/local.config.php",
            "/opt/gotosocial/config.yaml",
            "/opt/writefreely/config.ini",
            "/opt/hedgedoc/config.json",
            "/etc/miniflux.conf",
            "/opt/nginx-proxy-manager/data/keys.json",
            "/opt/docker-mailserver/docker-data/dms/config/postfix-accounts.cf",
            "/srv/dms/config/dovecot-masters.cf",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    // Their sources' defaults and samples, and the same names elsewhere.
    let refused = misjudged(
        &[
            "/opt/pleroma/config/config.exs",
            "/src/myapp/config/config.exs",
            "/opt/lemmy/config/defaults.hjson",
            "/var/www/friendica/config/local-sample.config.php",
            "/src/gotosocial/example/config.yaml",
            "/opt/hedgedoc/public/config.json",
            "/opt/writefreely/static/config.ini",
            "/src/app/keys.json",
            "/etc/postfix/main.cf",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn cloud_clis_monitoring_clis_and_debugging_keys_are_refused() {
    let missed = misjudged(
        &[
            "/root/.dogrc",
            "/home/bob/.android/adbkey",
            "/root/.conan2/.conan.db",
            "/root/.config/upctl.yaml",
            "/root/.config/ionosctl/config.json",
            "/root/.config/gandi/config.yaml",
            "/root/.volcengine/config.json",
            "/root/.config/hex/hex.config",
            "/usr/local/bundle/config",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/home/bob/.android/adbkey.pub",
            "/srv/app/upctl.yaml",
            "/src/gandi/config.yaml.example",
            "/src/app/hex/other.config",
            "/root/.conan2/profiles/default",
            "/usr/local/bundle/gems/rake-13.0.6/lib/rake.rb",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn self_hosted_services_secrets_in_volumes_exports_and_drop_ins_are_refused() {
    let missed = misjudged(
        &[
            "/opt/radarr/config/config.xml",
            "/srv/sonarr/config/config.xml",
            "/opt/keycloak/data/import/myrealm-realm.json",
            "/etc/traefik/usersfile",
            "/var/www/nextcloud/config/s3.config.php",
            "/var/www/nextcloud/config/redis.config.php",
            "/opt/harbor/common/config/core/env",
            "/etc/seaweedfs/s3.json",
            "/opt/kopia/config/repository.config",
            "/etc/resticprofile/profiles.toml",
            "/root/.config/resticprofile/profiles.yaml",
            "/etc/backrest/config.json",
            "/etc/autorestic.yml",
            "/config/.storage/cloud",
            "/etc/default/woodpecker-agent",
            "/var/lib/matrix-conduit/conduit.db",
            "/opt/mautrix-telegram/registration.yaml",
            "/opt/mautrix-whatsapp/config.yaml",
            "/opt/mautrix-signal/data/config.yaml",
            "/opt/heisenbridge/heisenbridge.yaml",
            "/opt/matrix-appservice-irc/config.yaml",
            "/opt/hookshot/config.yml",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/var/www/nextcloud/config/config.sample.php",
            "/opt/radarr/logs/radarr.txt",
            "/opt/keycloak/themes/x/theme.properties",
            "/src/traefik/docs/usersfile.md",
            "/opt/harbor/make/photon/env.sh",
            "/src/app/profiles.yaml",
            "/etc/default/gitea",
            "/config/known_devices.yaml",
            "/src/mautrix-python/docs/config.yaml.md",
            "/opt/mautrix-telegram/example-config.yaml",
            "/opt/mautrix-telegram/logs/bridge.log",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn build_tools_ci_runners_and_database_clients_logins_are_refused() {
    let missed = misjudged(
        &[
            // Grafana's provisioning of data sources, plugins, notifiers and contact points.
            "/etc/grafana/provisioning/datasources/prometheus.yaml",
            "/etc/grafana/provisioning/datasources",
            "/srv/stack/grafana/provisioning/alerting/contact-points.yml",
            "/srv/stack/grafana/provisioning/notifiers/notifiers.yaml.bak",
            "/etc/grafana/provisioning/plugins/app.yaml",
            "/SRV/GRAFANA/PROVISIONING/DATASOURCES/DS.YAML",
            "C:\\grafana\\conf\\provisioning\\datasources\\sample.yaml",
            "/etc/grafana/ldap.toml",
            // Homarr's boards.
            "/srv/homarr/configs/default.json",
            "/srv/homarr/configs/Home.JSON",
            "/app/data/configs/default.json",
            // Build tools and package managers.
            "/srv/app/gradle.properties",
            "/srv/app/GRADLE.PROPERTIES",
            "/srv/app/gradle.properties~",
            "C:\\work\\app\\gradle.properties",
            "/home/bob/.gradle/gradle.properties",
            "/home/bob/.gradle/init.d/repos.gradle",
            "/home/bob/.gradle/init.gradle.kts",
            "/srv/app/app/local.properties",
            "/srv/app/.mvn/settings.xml",
            "/srv/app/.MVN/Settings.xml",
            "/srv/app/.mvn/maven.config",
            "/srv/app/.mvn/maven.config.orig",
            "/srv/app/ci_settings.xml",
            "/srv/app/maven-settings.xml",
            "/home/bob/.condarc",
            "/home/bob/.CONDARC",
            "/home/bob/.condarc-work",
            "C:\\Users\\bob\\.condarc",
            "/opt/conda/.condarc",
            "/opt/miniconda3/condarc",
            "/home/bob/.config/conda/condarc",
            "/etc/conda/condarc.d/channels.yml",
            "/home/bob/.mambarc",
            "/home/bob/.mamba/auth/authentication.json",
            "/home/bob/.lein/profiles.clj",
            "/home/bob/.config/rebar3/hex.config",
            "/home/bob/.earthly/auth.jwt",
            // CI runners and servers.
            "/srv/gitlab-runner/config/config.toml",
            "/etc/drone-runner-exec/config",
            "/etc/drone-runner-exec/config.bak",
            "/var/jenkins_home/casc_configs/credentials.yaml",
            "/var/jenkins_home/jenkins.yaml",
            "/etc/buildkite-agent/hooks/environment",
            "/var/lib/go-agent/config/autoregister.properties",
            "/godata/config/cruise-config.xml",
            "/opt/bamboo-agent-home/bamboo-agent.cfg.xml",
            "/opt/teamcity/data/config/database.properties",
            "/home/bob/.cfconfig",
            "/home/bob/.sem.yaml",
            "/home/bob/.spinnaker/config",
            "/etc/circleci-launch-agent/launch-agent-config.yaml",
            "/etc/circleci-runner/circleci-runner-config.yaml",
            "/opt/harness-delegate/config-delegate.yml",
            "/opt/semaphore/agent/config.yaml",
            "/etc/renovate/config.js",
            "/srv/app/.bazelrc.user",
            "/home/bob/.config/atlascli/config.toml",
            "/home/bob/Library/Application Support/atlascli/config.toml",
            "/home/bob/.config/mongocli.toml",
            // Database clients and Java applications' database settings.
            "/srv/app/src/main/resources/db.properties",
            "/srv/app/jdbc.properties",
            "/srv/app/hibernate.properties",
            "/home/bob/.sqlworkbench/WbProfiles.xml",
            "/home/bob/.squirrel-sql/SQLAliases23.xml",
            "/home/bob/.mysql/workbench/workbench_user_data.dat",
            "/home/bob/.usqlpass",
            "/home/bob/.usql/config.yaml",
            "/home/bob/.redisinsight-v2/redisinsight.db",
            "/home/bob/.config/JetBrains/IntelliJIdea2024.1/c.pwd",
            // Mail clients under XDG names.
            "/home/bob/.config/isyncrc",
            "/home/bob/.config/meli/config.toml",
            "/home/bob/.mutt/accounts/work",
            "/home/bob/.config/neomutt/accounts/gmail",
            "/home/bob/.pine-passfile",
            "/home/bob/.davmail.properties",
            "/home/bob/.config/davmail/davmail.properties",
            "/home/bob/.config/goimapnotify/goimapnotify.yaml",
            "/home/bob/.config/imapnotify/config.json",
            "/home/bob/.imapfilter/config.lua",
            "/home/bob/.config/vdirsyncer/config",
            "/home/bob/.config/obs-studio/basic/profiles/Stream/service.json",
            "/home/bob/.obsutilconfig",
            "/home/bob/.local/share/forgejo-cli/keys.json",
            "/home/bob/.config/gptme/config.toml",
            // Network and database clients' logins under other systems' names.
            "/etc/netctl/wlan0-home",
            "/var/lib/openvpn3/configs/3f2a9c1d.json",
            "/etc/openvpn3/autoload/office.autoload",
            "/etc/bird/bird.conf",
            "/etc/bird.conf",
            "/srv/infra/controlplane.yaml",
            "/etc/salt/cloud.providers",
            "/etc/salt/cloud.providers.d/aws.conf",
            "/etc/vault/vault.hcl",
            "/data/misc/wifi/WifiConfigStore.xml",
            "C:\\ProgramData\\MySQL\\MySQL Server 8.0\\my.ini",
            "C:\\Users\\bob\\AppData\\Roaming\\MySQL\\mylogin.cnf",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn ordinary_files_of_build_tools_ci_runners_and_database_clients_stay_readable() {
    let refused = misjudged(
        &[
            "/etc/grafana/provisioning/dashboards/default.yaml",
            "/etc/grafana/provisioning/dashboards/node-exporter.json",
            "/etc/grafana/provisioning",
            "/srv/grafana/dashboards/node.json",
            "/srv/app/provisioning/ansible.yml",
            "/srv/homarr/docker-compose.yml",
            "/srv/app/configs/default.json",
            "/app/data/default.json",
            "/srv/app/gradle/wrapper/gradle-wrapper.properties",
            "/srv/app/gradle.properties.example",
            "/srv/app/build.gradle",
            "/srv/app/settings.gradle.kts",
            "/home/bob/.gradle/wrapper/dists/gradle-8.5-bin",
            "/srv/app/.mvn/extensions.xml",
            "/srv/app/.mvn/wrapper/maven-wrapper.properties",
            "/srv/app/pom.xml",
            "/srv/app/environment.yml",
            "/opt/conda/conda-meta/history",
            "/srv/app/project.clj",
            "/srv/app/rebar.config",
            "/etc/woodpecker/agent.conf",
            "/srv/app/.vars",
            "/srv/app/log4j.properties",
            "/srv/app/messages.properties",
            "/srv/app/.buildkite/pipeline.yml",
            "/srv/app/Jenkinsfile",
            "/srv/app/jenkins/Dockerfile",
            "/home/bob/.config/JetBrains/IntelliJIdea2024.1/options/editor.xml",
            "/home/bob/.mysql/workbench/connections.xml",
            "/home/bob/.local/share/DBeaverData/workspace6/General/.dbeaver/data-sources.json",
            "/srv/app/.idea/dataSources.xml",
            "/etc/NetworkManager/NetworkManager.conf",
            "/home/bob/.config/atlascli/telemetry.json",
            "/srv/app/mongo-init.js",
            "/home/bob/.mutt/colors",
            "/home/bob/.pinerc",
            "/usr/share/doc/openvpn3/README.md",
            "/etc/bird/envvars",
            "/srv/infra/talos/patches/cni.yaml",
            "/etc/salt/cloud.profiles.d/web.conf",
            "/etc/salt/minion",
            "/home/bob/.notmuch-config",
            "/home/bob/.config/khal/config",
            "/home/bob/.vdirsyncer/status/x.items",
            "/srv/app/renovate.json",
            "/srv/app/.bazelrc",
            "/srv/app/config.js",
            "/home/bob/.config/obs-studio/basic/profiles/Stream/basic.ini",
            "/home/bob/.config/obs-studio/basic/scenes/Stream.json",
            "/usr/lib/netctl/globals",
            "/srv/netctl/README.md",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn ci_runners_and_automation_settings_are_refused() {
    let missed = misjudged(
        &[
            // Jenkins' global, job and agent settings (encrypted secrets, plugins' passwords).
            "/var/lib/jenkins/config.xml",
            "/var/jenkins_home/config.xml",
            "/var/jenkins_home/jobs/build/config.xml",
            "/var/jenkins_home/nodes/agent1/config.xml",
            "/home/u/.jenkins/jobs/x/config.xml",
            "/var/lib/jenkins/hudson.tasks.Mailer.xml",
            "/var/lib/jenkins/com.cloudbees.plugins.credentials.SystemCredentialsProvider.xml",
            "/var/jenkins_home/org.jenkinsci.plugins.github.config.GitHubPluginConfig.xml",
            "/var/jenkins_home/jobs/deploy/builds/42/build.xml",
            // Buildkite's hooks, in the agent's directory or a repository's `.buildkite`.
            "/etc/buildkite-agent/hooks/pre-command",
            "/etc/buildkite-agent/hooks/post-checkout",
            "/srv/buildkite/hooks/pre-command",
            "/srv/proj/.buildkite/hooks/environment",
            "/srv/proj/.buildkite/hooks/pre-command.sh",
            // Gitea's and Forgejo's runners.
            "/srv/act_runner/config.yaml",
            "/etc/act_runner/config.yaml",
            "/srv/gitea-runner/config.yaml",
            "/srv/forgejo-runner/config.yml",
            "/srv/forgejo-runner/.runner",
            // Maven's JVM options, PuppetDB's database logins, Salt's SSH roster, Errbot.
            "/srv/app/.mvn/jvm.config",
            "/etc/puppetlabs/puppetdb/conf.d/database.ini",
            "/etc/puppetlabs/puppetdb/conf.d/read-database.ini",
            "/etc/salt/roster",
            "/srv/errbot/config.py",
            // Ansible vault passwords in one more spelling, Packer's and HCL secrets.
            "/srv/ansible/.vaultpass",
            "/srv/ansible/vaultpass.txt",
            "/srv/packer/secrets.pkr.hcl",
            // Talos' machine configurations in its directory.
            "/home/u/.talos/worker.yaml",
            "/srv/talos/worker.yaml",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/var/lib/jenkins/users/users.xml",
            "/var/jenkins_home/jobs/deploy/builds/42/log",
            "/srv/app/build.xml",
            "/srv/app/src/main/resources/org.example.app.xml",
            "/srv/proj/.buildkite/pipeline.yml",
            "/srv/proj/.git/hooks/pre-commit",
            "/srv/app/config.yaml",
            "/srv/backup/jvm.config",
            "/etc/puppetlabs/puppet/hiera.yaml",
            "/srv/k8s/worker.yaml",
            "/srv/ansible/ansible.cfg",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn package_manager_and_client_settings_in_more_places_are_refused() {
    let missed = misjudged(
        &[
            "/home/u/.config/go/env",
            "/home/u/.config/pypoetry/config.toml",
            "/home/u/Library/Application Support/pypoetry/config.toml",
            "/home/u/.config/cabal/config",
            "/home/u/.config/irssi/config",
            "/srv/backup/pypirc",
            "/srv/proj/.idea/dataSources.local.xml",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/home/u/.config/go/telemetry/mode",
            "/home/u/.config/pypoetry/README.md",
            "/srv/proj/.idea/dataSources.xml",
            "/srv/proj/.idea/workspace.xml",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn framework_settings_per_environment_are_refused() {
    let missed = misjudged(
        &[
            // Django: `SECRET_KEY` and database passwords.
            "/srv/app/mysite/settings.py",
            "/srv/app/mysite/settings/production.py",
            "/srv/app/mysite/settings/local.py",
            "/srv/app/mysite/settings_prod.py",
            "/srv/app/mysite/production_settings.py",
            "/srv/backup/settings.py.orig",
            // Spring Cloud's bootstrap settings, Play's and Akka's `application.conf`.
            "/srv/app/src/main/resources/bootstrap.yml",
            "/srv/app/src/main/resources/bootstrap-prod.yaml",
            "/srv/app/conf/application.conf",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/srv/app/mysite/settings/base.py",
            "/srv/app/mysite/settings/__init__.py",
            "/srv/app/mysite/settings/test.py",
            "/srv/backup/settings.py.dist",
            "/usr/lib/python3/dist-packages/foo/settings.py",
            "/srv/venv/lib/python3.12/site-packages/scrapy/settings/default_settings.py",
            "/opt/netbox/netbox/netbox/settings.py",
            "/srv/app/static/bootstrap.min.js",
            "/srv/app/static/bootstrap.css",
            "/srv/app/bootstrap.sh",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn archives_of_secret_directories_saved_without_their_dot_are_refused() {
    let missed = misjudged(
        &[
            "/srv/backup/ssh.tar.gz",
            "/srv/backup/gnupg.zip",
            "/srv/backup/aws.tar.gz",
            "/srv/backup/kube.tgz",
            "/srv/backup/password-store.tar.xz",
            "/srv/backup/docker_config.json",
            "/srv/backup/dockerconfig.json",
            "/srv/backup/talosconfig.yaml",
            "/srv/backup/gcp-sa-key.json",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/srv/dl/docker.tgz",
            "/srv/dl/openssh-9.6p1.tar.gz",
            "/srv/dl/release.tar.gz",
            "/srv/dl/kube.yaml",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn password_manager_exports_and_chat_bridges_settings_are_refused() {
    let missed = misjudged(
        &[
            "/srv/backup/nordpass.csv",
            "/srv/backup/enpass.json",
            "/srv/backup/keeper.json",
            "/srv/backup/roboform.csv",
            "/srv/backup/firefox-logins.csv",
            "/srv/backup/protonpass_export.zip",
            "/srv/backup/passbolt-export.csv",
            "/srv/matterbridge/matterbridge.toml",
            "/home/u/.sopel/default.cfg",
            "/srv/limnoria/bot.conf",
            "/srv/backup/psk",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/srv/zookeeper/zookeeper.json",
            "/srv/app/logins.py",
            "/srv/app/psk.go",
            "/srv/limnoria/README.md",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn package_managers_and_cloud_clis_logins_under_their_own_names_are_refused() {
    let missed = misjudged(
        &[
            "/home/u/.luarocks/upload_config.lua",
            "/home/u/.config/luarocks/upload_config.lua",
            "/home/u/.config/cachix/cachix.dhall",
            "/srv/app/pdm.toml",
            "/home/u/.edgerc",
            "/home/u/.cloudflare.cfg",
            "/srv/openstack/openrc",
            "/srv/app/ormconfig.yml",
            "/var/www/magento/app/etc/local.xml",
            "/home/u/.serverlessrc",
            "/srv/x/zappa_settings.json",
            "/srv/x/.chalice/config.json",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/sbin/openrc",
            "/etc/local.xml",
            "/home/u/.luarocks/config.lua",
            "/srv/app/pyproject.toml",
            "/srv/openstack/clouds-public.yaml",
            "/srv/x/serverless.yml",
            "/srv/x/.chalice/policy-dev.json",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn database_clients_saved_connections_and_replication_logins_are_refused() {
    let missed = misjudged(
        &[
            "/home/u/.robomongo/robomongo.json",
            "/home/u/.config/sqlectron/sqlectron.json",
            "/home/u/.sqlectron.json",
            "/home/u/.dbgate/connections.jsonl",
            "/home/u/.pgadmin4/pgadmin4.db",
            "/home/u/.DataGrip2019.3/config/c.pwd",
            "/home/u/.config/mongodb-compass/Connections/x.json",
            "/home/u/.rdm/connections.json",
            "/home/u/.config/RedisDesktopManager/connections.json",
            "/home/u/.config/Lens/kubeconfigs/abc",
            "/home/u/.config/OpenLens/kubeconfigs/abc",
            "/srv/backup/microk8s.config",
            "/var/lib/postgresql/16/main/postgresql.auto.conf",
            "/srv/backup/mongorc.js",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/etc/postgresql/16/main/pg_hba.conf",
            "/etc/postgresql/16/main/postgresql.conf",
            "/etc/mongod.conf",
            "/home/u/.mongosh.yaml",
            "/srv/app/connections.json",
            "/srv/docs/kubeconfigs.md",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn backups_marked_in_front_and_settings_saved_as_text_are_refused() {
    let missed = misjudged(
        &[
            "/srv/app/backup-wp-config.php",
            "/srv/app/old-wp-config.php",
            "/srv/app/backup_.env",
            "/srv/app/old.env",
            "/srv/app/bak.id_ed25519",
            "/srv/app/backup-logins.csv",
            "/srv/app/wp-config.txt",
            "/srv/app/LocalSettings.txt",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/srv/app/old-config.json",
            "/srv/app/backup-script.sh",
            "/srv/app/copy-of-readme.md",
            "/srv/app/old-wp-config-sample.php",
            "/srv/app/grafana.txt",
            "/srv/app/my.txt",
            "/srv/app/config.txt",
            "/srv/app/requirements.txt",
            "/srv/app/oldies.json",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn browsers_other_cookie_jars_site_databases_and_saved_logins_are_refused() {
    let missed = misjudged(
        &[
            "/home/u/.config/google-chrome/Default/Extension Cookies",
            "/home/u/.config/google-chrome/Default/Safe Browsing Cookies",
            "/srv/backup/cookies.json",
            "/srv/e2e/storage_state.json",
            "/srv/e2e/playwright/.auth/user.json",
            "/home/u/.config/google-chrome/Default/IndexedDB/x",
            "/home/u/.config/Slack/IndexedDB/x",
            "/home/u/Library/Application Support/Google/Chrome/Default/IndexedDB/x",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/srv/app/src/indexeddb/db.ts",
            "/srv/app/src/indexeddb.ts",
            "/srv/app/.auth/config.json",
            "/home/u/.config/google-chrome/Default/Bookmarks",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn age_identity_files_are_refused_and_recipients_stay() {
    let missed = misjudged(
        &[
            "/srv/backup/age-identity.txt",
            "/srv/backup/age_identities.txt",
            "/srv/backup/age.identity",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/srv/backup/age-recipients.txt",
            "/srv/app/page-identity.txt",
            "/srv/app/age-identity.rs",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn vpn_clients_login_files_in_a_vpn_directory_are_refused() {
    let missed = misjudged(
        &[
            "/srv/backup/vpn/login.conf",
            "/home/u/nordvpn/login.txt",
            "/etc/openvpn-client/up",
            "/home/u/.config/protonvpn/userpass",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/srv/backup/login.conf",
            "/srv/vpn/README.md",
            "/srv/app/login.txt",
            "/srv/vpn/routes.conf",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn filled_in_copies_of_templates_are_refused_and_templates_stay_readable() {
    let missed = misjudged(
        &[
            "/srv/app/.env.example.local",
            "/srv/app/.env.sample.prod",
            "/srv/app/.env.template.production",
            "/srv/app/.env.dist.staging",
            "/srv/app/secrets.example.prod.yml",
            "/srv/app/.npmrc.example.local",
            "/srv/www/wp-config.sample.local.php",
            "/srv/app/config/database.yml.example.production",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let missed = misjudged(
        &[
            "/srv/app/.env.example",
            "/srv/app/.env.sample",
            "/srv/app/secrets.example.yml",
            "/srv/app/config.sample.php",
            "/srv/app/.env.example.j2",
        ],
        false,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn more_credential_files_of_known_kinds_are_refused_and_public_ssh_files_stay() {
    let missed = misjudged(
        &[
            "/home/u/.lftprc",
            "/home/u/.lftp/rc",
            "/home/u/.config/lftp/rc",
            "/etc/lftp.conf",
            "/etc/keytab",
            "/home/u/.transifexrc",
            "/home/u/.jira.d/config.yml",
            "/root/.smbcreds",
            "/root/.cifscreds",
            "/root/creds.cifs",
            "/etc/samba/.smb-credentials",
            "/etc/cifs_pass",
            "/root/.smbpass",
            "/home/u/.vault-token",
            "/home/u/.boto",
            "/home/u/.s3cfg",
            "/home/u/.passwd-s3fs",
            "/home/u/.config/rclone/rclone.conf",
            "/home/u/.smbcredentials",
            "/etc/davfs2/secrets",
            "/home/u/.esmtprc",
            "/home/u/.authinfo.gpg",
            "/home/u/.gem/credentials",
            "/home/u/.config/gh/hosts.yml",
            "/srv/app/secrets.env",
            "/etc/http.keytab",
            "/tmp/krb5cc_1000",
            "/home/u/keys/id_ed25519",
            "/home/u/putty.ppk",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let missed = misjudged(
        &[
            "/home/u/id_ed25519.pub",
            "/home/u/known_hosts",
            "/etc/ssh/ssh_known_hosts",
            "/usr/share/doc/lftp/README",
            "/etc/krb5.conf",
            "/etc/samba/smb.conf",
            "/sbin/mount.cifs",
            "/usr/lib/x86_64-linux-gnu/security/pam_smbpass.so",
            "/usr/share/man/man8/smbpasswd.8.gz",
            "/usr/share/doc/cifs-utils/README",
        ],
        false,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn a_backup_of_a_template_is_a_template_only_with_the_marker_last() {
    // The template's marker is the last real suffix, the backup mark after it: a template.
    let refused = misjudged(
        &[
            "/srv/app/.env.example.bak",
            "/srv/app/.env.example.old",
            "/srv/app/.env.sample.orig",
            "/srv/app/.env.dist~",
            "/srv/app/config.sample.php.orig",
            "/srv/app/config.sample.php.bak",
            "/srv/app/wp-config-sample.php.bak",
            "/srv/app/.npmrc.example.bak",
            "/srv/app/.env.example.2024-01-01",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
    // A backup mark before the marker: a copy of the real file, refused as it is.
    let missed = misjudged(
        &[
            "/srv/app/.env.bak.example",
            "/srv/app/.env.old.sample",
            "/srv/app/.env.bak2.dist",
            "/srv/app/.env.2024-01-01.example",
            "/srv/app/wp-config.php.bak.sample",
            "/srv/app/config.php.bak.sample",
            "/srv/app/.npmrc.orig.example",
            "/srv/app/.pgpass.save.template",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
}

#[test]
fn a_tools_settings_in_its_config_folder_are_refused_as_its_dotfile_is() {
    let missed = misjudged(
        &[
            "/home/u/.config/yarn/config",
            "/home/u/.config/git/config",
            "/home/u/.config/npm/npmrc",
            "/home/u/.config/npm/config",
            "/home/u/.bowerrc",
            "/home/u/.yarnrc",
            "/home/u/.yarnrc.yml",
            "/srv/app/.yarnrc.yml",
            "/home/u/.npmrc",
            "/home/u/.config/pnpm/rc",
            "/srv/app/yarnrc",
            "/srv/app/yarnrc.yml",
            "/srv/app/bowerrc",
            "/srv/app/.yarnrc.yml.orig",
            "/home/u/.config/yarn/config.bak",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/home/u/.config/git/ignore",
            "/home/u/.config/git/attributes",
            "/home/u/.config/yarn/global/package.json",
            "/home/u/.config/htop/htoprc",
            "/home/u/.config/nvim/init.lua",
            "/srv/app/.yarnrc.example",
            "/srv/app/bower.json",
            "/srv/app/.bowerrc.example",
            "/srv/app/yarn.lock",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn credential_files_of_known_kinds_under_more_names_are_refused() {
    let missed = misjudged(
        &[
            // Cloud SDKs' caches and logins.
            "/home/u/.aws/cli/cache/0a1b2c.json",
            "/home/u/.azure/msal_token_cache.json",
            "/home/u/.azure/accessTokens.json",
            "/home/u/.config/gcloud/credentials.db",
            "/srv/app/application_default_credentials.json",
            "/home/u/.oci/config",
            "/home/u/.bluemix/config.json",
            "/home/u/.config/doctl/config.yaml",
            "/home/u/.config/hcloud/cli.toml",
            "/home/u/.linode-cli",
            "/home/u/.terraform.d/credentials.tfrc.json",
            "/home/u/.pulumi/credentials.json",
            "/home/u/.config/upctl.yaml",
            "/home/u/.config/helm/registry.json",
            // Container registries.
            "/home/u/.docker/config.json",
            "/run/containers/0/auth.json",
            "/home/u/.config/containers/auth.json",
            // Logins of clients and services.
            "/home/u/.git-credentials",
            "/home/u/_netrc",
            "/home/u/.mylogin.cnf",
            "/srv/app/.env.production.local",
            "/srv/app/.envs/.production/.postgres",
            "/srv/app/.envs/.local/.django",
            "/srv/app/config/credentials.yml.enc",
            "/srv/app/config/master.key",
            "/home/u/.bitcoin/wallet.dat",
            "/etc/NetworkManager/system-connections/Office",
            "/etc/shadow-",
            "/etc/security/opasswd",
            "/etc/ppp/chap-secrets",
            "/etc/ppp/peers/provider",
            "/etc/ppp/peers/dsl-provider",
            "/etc/openvpn/client.key",
            "/etc/letsencrypt/accounts/acme-v02.api.letsencrypt.org/directory/abc/private_key.json",
            "/srv/traefik/letsencrypt/acme.json",
            // Vault's init output under the names guides give it.
            "/root/vault_keys.json",
            "/root/init-keys.json",
            "/root/vault-root-token",
            "/root/root_token.txt",
            "/root/recovery-keys.json",
            "/root/unseal_keys.txt",
            "/etc/cups/passwd.md5",
            "/etc/wicd/wireless-settings.conf",
            "C:\\ProgramData\\Microsoft\\Wlansvc\\Profiles\\Interfaces\\{abc}\\{def}.xml",
            "/boot/firmware/network-config",
            "/etc/wvdial.conf",
            "/srv/app/keystore/UTC--2020-01-01T00-00-00.000Z--abcdef0123456789",
            "/srv/app/signing.keystore.properties",
            "/srv/app/release-keystore.properties",
            "/srv/app/signing.properties",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            // Public halves beside keys, in any directory of keys.
            "/etc/wireguard/publickey",
            "/etc/wireguard/wg0.pub",
            "/home/u/.ssh/id_ed25519.pub",
            "/home/u/.ssh/known_hosts",
            // A schema of an environment file's variables, and other look-alikes.
            "/srv/app/.env.schema",
            "/srv/app/keys.json",
            "/srv/app/root.json",
            "/srv/app/init.sh",
            "/srv/app/schema.sql",
            "/srv/app/README",
            "/etc/ppp/options",
            "/etc/ppp/ip-up",
            "/srv/app/log4j.properties",
            "/srv/app/application.properties.sample",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn login_files_in_a_tools_own_folder_are_refused_by_their_short_names() {
    let missed = misjudged(
        &[
            "/home/u/.config/sometool/auth",
            "/home/u/.config/sometool/session.json",
            "/home/u/.config/sometool/oauth.json",
            "/home/u/.config/sometool/oauth2.json",
            "/home/u/.config/sometool/login.json",
            "/home/u/.config/sometool/passwd",
            "/home/u/.config/sometool/key.json",
            "/home/u/.config/sometool/jwt",
            "/home/u/.config/sometool/bearer",
            "/home/u/.config/sometool/pat",
            "/home/u/.local/share/sometool/session.db",
            "/home/u/.cache/sometool/cookies.db",
            "/home/u/.config/sometool/token",
            "/home/u/.config/sometool/credentials.toml",
            "C:\\Users\\bob\\AppData\\Roaming\\sometool\\session.json",
            "/Users/bob/Library/Application Support/sometool/session.json",
            "/Users/bob/Library/Application Support/sometool/auth",
            "/home/u/.var/app/com.x.y/data/sometool/session.json",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/home/u/.config/sometool/auth.log",
            "/home/u/.config/nvim/session.vim",
            "/home/u/.config/sometool/login.html",
            "/home/u/.config/sometool/config.json",
            "/home/u/.config/sometool/keybindings.json",
            "/home/u/.config/sometool/authors.txt",
            "/srv/app/session.json",
            "/srv/app/auth",
            "/var/log/auth.log",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn copies_marked_by_editors_version_tools_and_dates_in_front_are_refused() {
    let missed = misjudged(
        &[
            "/root/.#shadow",
            "/root/shadow,v",
            "/srv/app/.env,v",
            "/root/shadow.~1~",
            "/root/id_rsa.~2~",
            "/root/2024-01-01-shadow",
            "/root/20240101_id_rsa",
            "/root/2024.01.01.env",
            "/root/shadow.last",
            "/root/.pgpass.keep",
            "/root/id_rsa.before",
            "/srv/app/wp-config.php.saved",
            "/srv/app/.env.back",
            "/etc/wireguard-old/wg0.conf.bck",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    let refused = misjudged(
        &[
            "/root/2024-01-01-report.txt",
            "/root/20240101_backup.log",
            "/srv/app/.keep",
            "/srv/app/logs/.keep",
            "/srv/app/README.last",
            "/srv/app/1.2.3-release-notes.md",
            "/srv/app/.env.example.~1~",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

#[test]
fn acme_stores_vault_init_output_and_certificates_beside_keys() {
    let missed = misjudged(
        &[
            "/srv/traefik/acme-staging.json",
            "/srv/traefik/acme_prod.json",
            "/opt/vault/init-output.json",
            "/root/.vault-unseal",
            "/root/vault-init-output.txt",
            "/etc/openvpn/server.key",
            "/etc/nebula/host.key",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new());
    // Certificates and signing requests are public, also in a directory of keys.
    let refused = misjudged(
        &[
            "/etc/nebula/ca.crt",
            "/etc/openvpn/ca.crt",
            "/etc/openvpn/server.crt",
            "/etc/wireguard/peer.csr",
            "/srv/app/acmeapp.json",
        ],
        false,
    );
    assert_eq!(refused, Vec::<String>::new());
}

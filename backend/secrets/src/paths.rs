//! Files that hold credentials, recognised by kind wherever they are: private keys and their
//! backups, dotfiles holding credentials, state files, cloud and cluster credentials, service
//! configuration with passwords, account databases and shell histories. Names are compared
//! lower-cased, after backup and editor suffixes are taken off (`id_rsa.bak`, `wp-config.php~`,
//! `.env.swp`, `terraform.tfstate.backup`).

use std::path::{Component, Path};

use crate::families;
use crate::names::names_secret_strongly;

/// Exact file names, each with the kind of secret it holds.
const NAMES: &[(&str, &str)] = &[
    // Private keys.
    ("id_rsa", KEY),
    ("id_dsa", KEY),
    ("id_ecdsa", KEY),
    ("id_ed25519", KEY),
    ("id_ecdsa_sk", KEY),
    ("id_ed25519_sk", KEY),
    ("id_xmss", KEY),
    ("identity", KEY),
    // A file called just `key` (atuin's, a generated one) is the key itself.
    ("key", KEY),
    ("acme.json", KEY),
    // DBeaver's data sources before 6.1.3 kept passwords inside (`.dbeaver-data-sources.xml`).
    (".dbeaver-data-sources.xml", SERVICE),
    // Ceph daemons' keys: `/var/lib/ceph/mon/NAME/keyring`.
    ("keyring", KEY),
    ("secring.kbx", KEY),
    ("chrony.keys", KEY),
    ("ntp.keys", KEY),
    ("stash", KEY),
    // Splunk's first admin password in clear (`etc/system/local/user-seed.conf`), File
    // Browser's database (users' hashes and its signing key), InfluxDB 2's store (its API
    // tokens), wherever they are mounted.
    ("user-seed.conf", SERVICE),
    ("filebrowser.db", SERVICE),
    ("influxd.bolt", SERVICE),
    // oVirt engine's and its warehouse's database logins (`ENGINE_DB_PASSWORD`), written by
    // `engine-setup` under this name in each `*.conf.d`.
    ("10-setup-database.conf", SERVICE),
    // Names only one tool gives its secrets (the forty-second review): rabbitmqadmin's
    // settings (`-c ~/.rabbitmqadmin.conf`: each node's user and password), Zigbee2MQTT's
    // coordinator backup (the Zigbee network key), Unpackerr's and Recyclarr's settings
    // (Servarr apps' API keys) wherever a container mounts them (`/config/unpackerr.conf`).
    (".rabbitmqadmin.conf", DOTFILE),
    ("rabbitmqadmin.conf", SERVICE),
    ("coordinator_backup.json", SERVICE),
    ("unpackerr.conf", SERVICE),
    ("recyclarr.yml", SERVICE),
    ("recyclarr.yaml", SERVICE),
    // Baseten's Truss CLI: its remotes' API keys.
    (".trussrc", CLOUD),
    // opencommit's settings, `OCO_API_KEY=sk-...` among them.
    (".opencommit", DOTFILE),
    // RunPod's CLI before it moved to `~/.runpod/config.toml`: its `apiKey`.
    (".runpod.yaml", CLOUD),
    // Dotfiles that hold credentials.
    (".env", DOTFILE),
    (".envrc", DOTFILE),
    (".netrc", DOTFILE),
    ("_netrc", DOTFILE),
    (".pgpass", DOTFILE),
    (".pg_service.conf", DOTFILE),
    (".my.cnf", DOTFILE),
    (".mylogin.cnf", DOTFILE),
    (".npmrc", DOTFILE),
    (".yarnrc", DOTFILE),
    (".yarnrc.yml", DOTFILE),
    // Scaleway's first CLI kept its organization's token in `~/.scwrc`.
    (".scwrc", CLOUD),
    // Bower's settings (registries' URLs with their logins, `"token"` of a private registry).
    (".bowerrc", DOTFILE),
    // wvdial's dialer settings (`Password =`).
    ("wvdial.conf", SERVICE),
    // CUPS' digest passwords (`lppasswd`).
    ("passwd.md5", ACCOUNTS),
    // Mesh networks' settings holding the node's private key in clear (Yggdrasil, cjdns),
    // lighttpd's plain-text password file.
    ("yggdrasil.conf", SERVICE),
    ("cjdroute.conf", SERVICE),
    ("lighttpd.user", SERVICE),
    // Bun's user settings (`[install.scopes]` registry tokens).
    (".bunfig.toml", DOTFILE),
    // Azure Functions' local settings: storage accounts' connection strings with their keys.
    ("local.settings.json", CLOUD),
    (".pypirc", DOTFILE),
    (".git-credentials", DOTFILE),
    (".gitcookies", DOTFILE),
    (".vault-token", DOTFILE),
    (".dockercfg", DOTFILE),
    (".s3cfg", DOTFILE),
    (".boto", DOTFILE),
    (".passwd-s3fs", DOTFILE),
    (".authinfo", DOTFILE),
    (".msmtprc", DOTFILE),
    (".fetchmailrc", DOTFILE),
    (".muttrc", DOTFILE),
    (".smbcredentials", DOTFILE),
    // mount.cifs' `credentials=` files under their other usual names.
    (".smbcreds", DOTFILE),
    (".smbcred", DOTFILE),
    (".cifs-credentials", DOTFILE),
    // lftp's start-up commands (`open -u USER,PASS HOST`), Transifex' client login.
    (".lftprc", DOTFILE),
    ("lftp.conf", SERVICE),
    (".transifexrc", DOTFILE),
    (".rediscli_auth", DOTFILE),
    (".terraformrc", DOTFILE),
    ("terraform.rc", DOTFILE),
    // OpenTofu's CLI settings, as Terraform's (`credentials "app.terraform.io" { token }`).
    (".tofurc", DOTFILE),
    ("tofu.rc", DOTFILE),
    // CLI logins kept in a dotfile of the home: Koyeb's (`token:`), Upstash's (`apiKey`),
    // vsce's personal access tokens per publisher, Dropbox-Uploader's OAuth token.
    (".koyeb.yaml", CLOUD),
    (".upstash.json", CLOUD),
    (".vsce", PACKAGES),
    (".dropbox_uploader", CLOUD),
    // shell_gpt's settings (`OPENAI_API_KEY`), Metabase's application database (its users'
    // password hashes, its settings' secret key).
    (".sgptrc", DOTFILE),
    ("metabase.db.mv.db", ACCOUNTS),
    // rbenv-vars' environment of an application (`SECRET_KEY_BASE`, database passwords), as
    // `.env` is.
    (".rbenv-vars", DOTFILE),
    // Local settings beside an application's, kept out of its repository for their secrets:
    // CakePHP's `config/app_local.php` (datasources' passwords, `Security.salt`), the Rails
    // `config` gem's `settings.local.yml`.
    ("app_local.php", SERVICE),
    ("settings.local.yml", SERVICE),
    ("settings.local.yaml", SERVICE),
    (".curlrc", DOTFILE),
    (".flaskenv", DOTFILE),
    (".auth", DOTFILE),
    (".psqlrc", DOTFILE),
    (".mongorc.js", DOTFILE),
    (".mongoshrc.js", DOTFILE),
    (".redisclirc", DOTFILE),
    ("cqlshrc", DOTFILE),
    (".cqlshrc", DOTFILE),
    ("pgpass.conf", DOTFILE),
    (".pgpass.conf", DOTFILE),
    ("my.cnf", DOTFILE),
    ("client.cnf", DOTFILE),
    ("recovery.conf", DOTFILE),
    (".gitconfig", DOTFILE),
    (".sentryclirc", DOTFILE),
    // sentry-cli's settings as Android and React Native builds keep them (`auth.token`).
    ("sentry.properties", DOTFILE),
    // CloudSigma's and Equinix Metal's (Packet's) CLIs: the account's password, the API token.
    (".cloudsigma.conf", DOTFILE),
    (".packet-cli.json", DOTFILE),
    (".databrickscfg", DOTFILE),
    (".digitalocean", DOTFILE),
    // Package managers: registry tokens and index URLs with passwords.
    ("npmrc", PACKAGES),
    // Yarn's and Bower's settings saved without their dot, as npm's `npmrc` is.
    ("yarnrc", PACKAGES),
    ("yarnrc.yml", PACKAGES),
    ("yarnrc.yaml", PACKAGES),
    ("bowerrc", PACKAGES),
    ("pip.conf", PACKAGES),
    ("pip.ini", PACKAGES),
    ("nuget.config", PACKAGES),
    ("settings-security.xml", PACKAGES),
    (".wgetrc", DOTFILE),
    ("auth.json", DOTFILE),
    ("rclone.conf", DOTFILE),
    ("cookies.txt", DOTFILE),
    // Cookie exports as JSON (browser extensions', `--save-cookies` of tools), Playwright's
    // saved logins (`storage_state.json`: cookies and local storage's tokens), Chromium's
    // other cookie jars.
    ("cookies.json", DOTFILE),
    ("storage_state.json", BROWSER),
    ("storagestate.json", BROWSER),
    ("extension cookies", BROWSER),
    ("safe browsing cookies", BROWSER),
    ("cookies.sqlite", DOTFILE),
    // Browser stores of saved passwords and sessions.
    ("logins.json", BROWSER),
    ("logins-backup.json", BROWSER),
    // A password manager's or a browser's export under its usual name, Firefox's local
    // storage (sites' tokens), Falkon's saved passwords.
    ("logins.csv", BROWSER),
    // Windows' answer files: the administrator's and domain join passwords.
    // TrueNAS' configuration database and the key that decrypts its stored passwords.
    ("freenas-v1.db", SERVICE),
    ("pwenc_secret", SERVICE),
    ("unattend.xml", PROVISIONING),
    ("autounattend.xml", PROVISIONING),
    ("sysprep.inf", PROVISIONING),
    ("webappsstore.sqlite", BROWSER),
    ("browsedata.db", BROWSER),
    ("key4.db", BROWSER),
    ("key3.db", BROWSER),
    ("signons.sqlite", BROWSER),
    ("login data", BROWSER),
    ("login data for account", BROWSER),
    ("cookies", BROWSER),
    ("web data", BROWSER),
    ("local state", BROWSER),
    // Desktop clients keeping passwords of the servers they connect to.
    ("sitemanager.xml", BROWSER),
    ("recentservers.xml", BROWSER),
    // Mail clients and relays.
    ("passwd.client", MAIL),
    ("fetchmailrc", MAIL),
    ("msmtprc", MAIL),
    ("sasl_passwd", MAIL),
    ("sasl_passwd.db", MAIL),
    // The same table compiled by `postmap` into its other formats (LMDB, Debian's default
    // since Postfix 3.9, and CDB).
    ("sasl_passwd.lmdb", MAIL),
    ("sasl_passwd.cdb", MAIL),
    // WAL-G's settings (its storage's keys, `WALG_LIBSODIUM_KEY`, the database's password).
    (".walg.json", BACKUP),
    ("walg.json", BACKUP),
    // WAL-G's settings as its packages and guides name them (`/etc/wal-g.json`).
    ("wal-g.json", BACKUP),
    (".wal-g.json", BACKUP),
    // Backup tools: repository passwords and cloud keys.
    ("restic-env", BACKUP),
    (".restic-env", BACKUP),
    ("restic-password", BACKUP),
    ("borg-passphrase", BACKUP),
    // Application configuration holding passwords or tokens.
    ("grafana.ini", SERVICE),
    ("redis.conf", SERVICE),
    ("sentinel.conf", SERVICE),
    // Redis' forks keep the same `requirepass`, `masterauth` and ACL users.
    ("valkey.conf", SERVICE),
    ("keydb.conf", SERVICE),
    ("sssd.conf", SERVICE),
    ("gitlab.rb", SERVICE),
    (".erlang.cookie", SERVICE),
    ("secrets.py", SERVICE),
    ("local_settings.py", SERVICE),
    // Django's settings (`SECRET_KEY`, `DATABASES` passwords); Python libraries' modules of
    // that name stay readable (see `sensitive_path`).
    ("settings.py", SERVICE),
    ("settings_local.py", SERVICE),
    ("web.config", SERVICE),
    ("parameters.yml", SERVICE),
    ("parameters.yaml", SERVICE),
    ("env.php", SERVICE),
    ("localconfiguration.php", SERVICE),
    ("oauth2_proxy.cfg", SERVICE),
    ("oauth2-proxy.cfg", SERVICE),
    ("keepalived.conf", SERVICE),
    ("nslcd.conf", SERVICE),
    ("snmpd.conf", SERVICE),
    ("slapd.conf", SERVICE),
    ("zabbix_server.conf", SERVICE),
    // Zabbix proxy's settings: the same `DBPassword` as the server's.
    ("zabbix_proxy.conf", SERVICE),
    // MLflow's authentication settings (`admin_password`, the users' database URL).
    ("basic_auth.ini", SERVICE),
    ("api-users.conf", SERVICE),
    ("rabbitmq.conf", SERVICE),
    ("clients.conf", SERVICE),
    ("ddclient.conf", SERVICE),
    ("hostapd.conf", SERVICE),
    ("swanctl.conf", SERVICE),
    ("auth.txt", SERVICE),
    ("basic_auth.csv", SERVICE),
    ("encryption-config.yaml", SERVICE),
    ("encryption-configuration.yaml", SERVICE),
    ("vault.yml", SERVICE),
    ("vault.yaml", SERVICE),
    ("rootkey.csv", CLOUD),
    // Records of failed logins: users type passwords into the user name.
    ("btmp", ACCOUNTS),
    // Cloud and cluster credentials.
    ("kubeconfig", CLOUD),
    ("k3s.yaml", CLOUD),
    ("rke2.yaml", CLOUD),
    ("talosconfig", CLOUD),
    ("talosconfig.yaml", CLOUD),
    ("talosconfig.yml", CLOUD),
    ("kubelet.conf", CLOUD),
    ("super-admin.conf", CLOUD),
    ("bootstrap-kubelet.conf", CLOUD),
    ("docker-config.json", CLOUD),
    ("docker_config.json", CLOUD),
    ("dockerconfig.json", CLOUD),
    ("dockerconfigjson", CLOUD),
    (".dockerconfigjson", CLOUD),
    ("azureprofile.json", CLOUD),
    ("linode-cli", CLOUD),
    (".linode-cli", CLOUD),
    ("exoscale.toml", CLOUD),
    ("ovh.conf", CLOUD),
    (".ovh.conf", CLOUD),
    ("cloudflare.ini", CLOUD),
    // Jenkins Job Builder's login (`password=`), Remmina's key to the passwords of its
    // connections (`secret=`), the old ProtonVPN CLI's saved login.
    ("jenkins_jobs.ini", SERVICE),
    ("remmina.pref", SERVICE),
    ("pvpnpass", SERVICE),
    // `nomad acl bootstrap -json > nomad-bootstrap.json`: the management token's SecretID.
    ("nomad-bootstrap.json", CLOUD),
    ("consul-bootstrap.json", CLOUD),
    ("acl-bootstrap.json", CLOUD),
    ("clouds.yaml", CLOUD),
    ("clouds.yml", CLOUD),
    ("secure.yaml", CLOUD),
    ("ngrok.yml", CLOUD),
    ("firebase-tools.json", CLOUD),
    ("tea.yml", CLOUD),
    // Service configuration with passwords.
    ("wp-config.php", SERVICE),
    // PHP applications' own settings (`$db_pass`, `$dbpassword`) under the commonest name.
    ("config.php", SERVICE),
    // Game servers' settings: Source and FiveM servers' `rcon_password` and license keys,
    // Factorio's account token, ARK's admin password, 7 Days to Die's server password.
    ("server.cfg", SERVICE),
    ("server-settings.json", SERVICE),
    ("gameusersettings.ini", SERVICE),
    ("serverconfig.xml", SERVICE),
    // Steam's saved logins.
    ("loginusers.vdf", SERVICE),
    // NZBGet's control and news-server passwords; Keycloak's realm exports (client secrets,
    // user credentials).
    ("nzbget.conf", SERVICE),
    ("realm-export.json", SERVICE),
    // Media servers' account databases (Jellyfin's and Emby's users, API keys, sessions).
    ("jellyfin.db", ACCOUNTS),
    ("authentication.db", ACCOUNTS),
    ("users.db", ACCOUNTS),
    // Self-hosted services' one settings file: Navidrome's encryption key and scrobbler
    // secrets, Jackett's API key and admin password, Paperless' secret key and database
    // password, Dendrite's and Conduit's database logins and registration secrets,
    // ejabberd's SQL password, TeamSpeak's database password and server keys, Terraria's and
    // Palworld's server and admin passwords; DNS and routing daemons' keys and passwords
    // (Knot's TSIG keys, the PowerDNS recursor's and dnsdist's API keys, FRR's neighbour
    // passwords).
    ("navidrome.toml", SERVICE),
    ("serverconfig.json", SERVICE),
    ("paperless.conf", SERVICE),
    ("dendrite.yaml", SERVICE),
    ("conduit.toml", SERVICE),
    ("ejabberd.yml", SERVICE),
    ("ejabberd.yaml", SERVICE),
    ("ts3server.ini", SERVICE),
    ("serverkey.dat", KEY),
    ("licensekey.dat", KEY),
    ("serverconfig.txt", SERVICE),
    ("palworldsettings.ini", SERVICE),
    ("knot.conf", SERVICE),
    ("recursor.conf", SERVICE),
    ("dnsdist.conf", SERVICE),
    ("frr.conf", SERVICE),
    ("bgpd.conf", SERVICE),
    ("ospfd.conf", SERVICE),
    ("configuration.php", SERVICE),
    ("localsettings.php", SERVICE),
    ("settings.php", SERVICE),
    ("settings.local.php", SERVICE),
    ("config.inc.php", SERVICE),
    ("database.yml", SERVICE),
    ("debian.cnf", SERVICE),
    ("wpa_supplicant.conf", SERVICE),
    (".htpasswd", SERVICE),
    ("htpasswd", SERVICE),
    (".htdigest", SERVICE),
    ("htdigest", SERVICE),
    ("smbpasswd", SERVICE),
    (".smbpasswd", SERVICE),
    ("passdb.tdb", SERVICE),
    // Account databases.
    ("shadow", ACCOUNTS),
    ("gshadow", ACCOUNTS),
    ("shadow-", ACCOUNTS),
    ("gshadow-", ACCOUNTS),
    // pwconv's and grpconv's new databases before they replace the old ones.
    ("nshadow", ACCOUNTS),
    ("ngshadow", ACCOUNTS),
    ("opasswd", ACCOUNTS),
    ("sudoers", ACCOUNTS),
    // Second review, finding 6: keys, cluster and cloud credentials, 2FA and wallets under
    // their usual names.
    ("privkey", KEY),
    ("sshkey", KEY),
    ("ssh_key", KEY),
    ("ssh-key", KEY),
    ("deploykey", KEY),
    ("keystore", KEY),
    ("sa.json", CLOUD),
    ("sa-key.json", CLOUD),
    ("gcp-key.json", CLOUD),
    ("gcloud-key.json", CLOUD),
    ("keyfile.json", CLOUD),
    ("registry-auth.json", CLOUD),
    ("kube.config", CLOUD),
    ("config.kube", CLOUD),
    ("kube-config", CLOUD),
    ("kube_config", CLOUD),
    ("netrc", DOTFILE),
    ("pgpass", DOTFILE),
    ("s3cfg", DOTFILE),
    ("s3cmd.cfg", DOTFILE),
    ("boto.cfg", DOTFILE),
    ("boto", DOTFILE),
    ("wallet.dat", NAMED_SECRET),
    ("mnemonic.txt", NAMED_SECRET),
    ("2fa.txt", NAMED_SECRET),
    // Service configuration with clear-text passwords.
    ("tomcat-users.xml", SERVICE),
    ("mgmt-users.properties", SERVICE),
    ("application-users.properties", SERVICE),
    ("odoo.conf", SERVICE),
    ("pgbackrest.conf", SERVICE),
    ("alertmanager.yml", SERVICE),
    ("alertmanager.yaml", SERVICE),
    // Log and metric shippers send to remote stores with the store's login in their one
    // settings file: Fluent Bit's `HTTP_Passwd`, fluentd's `password`, Grafana Agent's
    // `basic_auth`.
    ("fluent-bit.conf", SERVICE),
    ("fluent-bit.yaml", SERVICE),
    ("td-agent.conf", SERVICE),
    ("fluentd.conf", SERVICE),
    ("fluent.conf", SERVICE),
    ("grafana-agent.yaml", SERVICE),
    ("grafana-agent.yml", SERVICE),
    ("promtail.yaml", SERVICE),
    ("promtail.yml", SERVICE),
    ("vector.toml", SERVICE),
    ("vector.yaml", SERVICE),
    // Docker's proxy drop-in (`docker.service.d/http-proxy.conf`): proxy URLs carry their login.
    ("http-proxy.conf", SERVICE),
    ("https-proxy.conf", SERVICE),
    // Ubuntu's installer keeps the autoinstall answers, the first user's password hash with them.
    ("autoinstall-user-data", PROVISIONING),
    ("autoinstall.yaml", PROVISIONING),
    ("rundeck-config.properties", SERVICE),
    // MySQL 8's data dictionary tablespace (`mysql.user` rows with password hashes); Redis'
    // snapshot and append-only file (everything stored: sessions, tokens).
    ("mysql.ibd", STATE),
    ("dump.rdb", STATE),
    ("appendonly.aof", STATE),
    // One settings file holding the service's own secret: EMQX's node cookie and dashboard
    // password, Garage's RPC secret and admin token, 389 Directory Server's root password hash,
    // LLDAP's JWT secret and admin password, Kanidm's database, Teleport's join tokens,
    // tinyproxy's and 3proxy's proxy users.
    ("emqx.conf", SERVICE),
    ("garage.toml", SERVICE),
    ("dse.ldif", SERVICE),
    ("lldap_config.toml", SERVICE),
    ("kanidm.db", SERVICE),
    ("teleport.yaml", SERVICE),
    ("tinyproxy.conf", SERVICE),
    ("3proxy.cfg", SERVICE),
    // Lemmy's settings (database password, the first admin's password), DokuWiki's users'
    // password hashes, PHP sites' connection scripts, Terraform's partial backend settings
    // (the state store's keys) and secrets files, hiera-eyaml's secrets.
    ("lemmy.hjson", SERVICE),
    // Miniflux's settings (its database URL with the password, the first admin's password),
    // docker-mailserver's accounts and master users (password hashes).
    ("miniflux.conf", SERVICE),
    // autorestic's settings (its backends' keys and repositories' passwords) without the dot.
    ("autorestic.yml", BACKUP),
    ("autorestic.yaml", BACKUP),
    ("postfix-accounts.cf", ACCOUNTS),
    ("dovecot-masters.cf", ACCOUNTS),
    ("users.auth.php", ACCOUNTS),
    ("connect.php", SERVICE),
    ("db_connect.php", SERVICE),
    ("dbconnect.php", SERVICE),
    ("db-connect.php", SERVICE),
    ("backend.hcl", STATE),
    ("secrets.tf", STATE),
    ("secrets.pkr.hcl", STATE),
    // Matterbridge's bridges (every chat's bot token and password); a WireGuard or IPsec
    // pre-shared key saved as `psk`.
    ("matterbridge.toml", SERVICE),
    // Package managers' and cloud CLIs' logins under their own names: LuaRocks' upload API
    // key, Cachix's auth token, PDM's project settings (`pdm config --local` writes
    // `repository.*.password` there), Akamai's EdgeGrid client secret, flarectl's token,
    // OpenStack's `openrc` (`OS_PASSWORD`), TypeORM's settings in YAML or XML as in JSON.
    ("upload_config.lua", PACKAGES),
    ("cachix.dhall", PACKAGES),
    ("pdm.toml", PACKAGES),
    (".edgerc", CLOUD),
    ("edgerc", CLOUD),
    (".cloudflare.cfg", CLOUD),
    ("openrc", CLOUD),
    // Contabo's CLI (its OAuth client secret and API password), Equinix Metal's older
    // `packet-cli` settings (the API token).
    (".cntb.yaml", CLOUD),
    ("cntb.yaml", CLOUD),
    ("packet-cli.yaml", CLOUD),
    (".packet-cli.yaml", CLOUD),
    // CVS' saved logins (`~/.cvspass`: each repository's password, scrambled by a fixed table).
    (".cvspass", DOTFILE),
    // CapRover's captain settings (the root password's hash, the registries' passwords).
    ("config-captain.json", SERVICE),
    // Serverless Framework's dashboard keys, Zappa's settings (`aws_environment_variables`,
    // `environment_variables` with the functions' secrets).
    (".serverlessrc", CLOUD),
    ("zappa_settings.json", SERVICE),
    ("zappa_settings.yml", SERVICE),
    ("zappa_settings.yaml", SERVICE),
    ("ormconfig.yml", SERVICE),
    ("ormconfig.yaml", SERVICE),
    ("ormconfig.xml", SERVICE),
    ("psk", KEY),
    ("secrets.hcl", STATE),
    // Twine's and pip's upload logins copied without their dot.
    ("pypirc", DOTFILE),
    // JetBrains IDEs' per-user data sources (logins, and passwords where saved in clear).
    ("datasources.local.xml", SERVICE),
    ("secrets.eyaml", SERVICE),
    // Editors' upload settings with the server's password in clear: Sublime SFTP, VS Code's
    // SFTP extension, Atom's remote-ftp and remote-sync.
    ("sftp-config.json", DOTFILE),
    ("sftp.json", DOTFILE),
    (".ftpconfig", DOTFILE),
    (".remote-sync.json", DOTFILE),
    // CPAN's upload login; bun's registry tokens (as `.npmrc`); MCP clients' server lists (each
    // server's environment, API keys in it); chat front ends' databases (users, API keys).
    (".pause", DOTFILE),
    ("bunfig.toml", PACKAGES),
    (".mcp.json", DOTFILE),
    ("webui.db", SERVICE),
    ("anythingllm.db", SERVICE),
    ("navidrome.db", SERVICE),
    ("keycloak.conf", SERVICE),
    ("upsd.users", SERVICE),
    ("users.acl", SERVICE),
    ("keystore.properties", SERVICE),
    ("signing.properties", SERVICE),
    // Third round: CI agents, cloud CLIs, database clients, browsers, X11 cookies and plans.
    ("buildkite-agent.cfg", SERVICE),
    ("jfrog-cli.conf", PACKAGES),
    (".actrc", DOTFILE),
    ("actrc", DOTFILE),
    ("odbc.ini", SERVICE),
    (".odbc.ini", SERVICE),
    ("userpass.txt", NAMED_SECRET),
    ("user-pass.txt", NAMED_SECRET),
    ("sessionstore.jsonlz4", BROWSER),
    ("recovery.jsonlz4", BROWSER),
    (".xauthority", DOTFILE),
    // The display manager's copy (`/run/user/<uid>/gdm/Xauthority`): the same cookie.
    ("xauthority", DOTFILE),
    (".iceauthority", DOTFILE),
    ("tfplan", STATE),
    ("terraform.tfplan", STATE),
    (".histfile", HISTORY),
    (".vultr-cli.yaml", CLOUD),
    ("vultr-cli.yaml", CLOUD),
    (".upcloud.yaml", CLOUD),
    ("barman.conf", SERVICE),
    // Fourth round, by family. Mail clients and relays keeping account passwords.
    ("muttrc", MAIL),
    (".neomuttrc", MAIL),
    ("neomuttrc", MAIL),
    (".mbsyncrc", MAIL),
    ("mbsyncrc", MAIL),
    (".offlineimaprc", MAIL),
    ("offlineimaprc", MAIL),
    (".getmailrc", MAIL),
    ("getmailrc", MAIL),
    (".mailrc", MAIL),
    ("ssmtp.conf", MAIL),
    // VPN, Wi-Fi and PPP credentials outside their directories.
    ("hostapd.wpa_psk", SERVICE),
    ("hostapd.eap_user", SERVICE),
    // Database poolers and clients.
    ("pcp.conf", SERVICE),
    (".pcppass", DOTFILE),
    ("pool_passwd", SERVICE),
    ("pg_service.conf", DOTFILE),
    // Cloud storage, monitoring agents' API keys, version control, applications.
    (".b2_account_info", CLOUD),
    // Datadog's `dogshell` settings (its API and application keys), ADB's private key (whoever
    // holds it is a debugging host every device trusts).
    (".dogrc", DOTFILE),
    ("adbkey", KEY),
    ("datadog.yaml", SERVICE),
    ("newrelic-infra.yml", SERVICE),
    ("newrelic.yml", SERVICE),
    ("telegraf.conf", SERVICE),
    (".hgrc", DOTFILE),
    (".cifscreds", DOTFILE),
    ("flows_cred.json", SERVICE),
    ("parameters.php", SERVICE),
    // Tailscale's node keys copied out of `/var/lib/tailscale`.
    ("tailscaled.state", KEY),
    // Disk encryption key files (`/etc/crypttab` names them), Cloudflare Workers' local
    // secrets.
    ("keyfile", KEY),
    // A Kerberos keytab without its extension (`/etc/keytab`, `KRB5_KTNAME=FILE:/etc/keytab`).
    ("keytab", KEY),
    ("keyfile.bin", KEY),
    // `age-keygen -o key.txt`, as sops and age document it (a file called `key` is one too).
    ("key.txt", KEY),
    (".pass", NAMED_SECRET),
    // BSD's shadow database.
    ("spwd.db", ACCOUNTS),
    (".dev.vars", DOTFILE),
    // Histories of pagers and editors: searched and typed text, passwords included.
    (".zhistory", HISTORY),
    (".lesshst", HISTORY),
    (".viminfo", HISTORY),
    // Fifth round. pgbouncer's `auth_file` under its usual name, wherever it is copied.
    ("userlist.txt", SERVICE),
    // Database clusters and proxies: superuser and replication passwords, admin credentials,
    // JAAS logins (Kafka, ZooKeeper), PostgreSQL's role table, Android signing passwords.
    ("patroni.yml", SERVICE),
    // PgBouncer's settings (its databases' connection strings with their passwords) and
    // repmgr's (`conninfo='... password=x'`).
    ("pgbouncer.ini", SERVICE),
    ("repmgr.conf", SERVICE),
    ("patroni.yaml", SERVICE),
    ("proxysql.cnf", SERVICE),
    ("maxscale.cnf", SERVICE),
    ("pg_authid", ACCOUNTS),
    ("key.properties", SERVICE),
    // Mail servers' SQL and LDAP lookups (`connect = ... password=x`, `dnpass`).
    ("dovecot-sql.conf.ext", MAIL),
    ("dovecot-ldap.conf.ext", MAIL),
    ("dovecot-dict-sql.conf.ext", MAIL),
    // Self-hosted services that keep an admin password, an API key or a shared secret in
    // their one settings file.
    ("kibana.yml", SERVICE),
    // OpenSearch's users and their password hashes, and its dashboards' login (as
    // `kibana.yml`); the Beats' outputs (`output.elasticsearch.password`, `cloud.auth`).
    ("internal_users.yml", ACCOUNTS),
    ("opensearch_dashboards.yml", SERVICE),
    ("filebeat.yml", SERVICE),
    ("metricbeat.yml", SERVICE),
    ("auditbeat.yml", SERVICE),
    ("heartbeat.yml", SERVICE),
    ("packetbeat.yml", SERVICE),
    ("winlogbeat.yml", SERVICE),
    // Telephony and panels: Kamailio's `kamctlrc` (database passwords), FreeSWITCH's event
    // socket password, Froxlor's database logins, mailcow's settings, SOGo's and Sympa's
    // database URLs, Dovecot's OAuth2 client secret, strongSwan's RADIUS secret, WHM's remote
    // access key.
    ("kamctlrc", SERVICE),
    ("event_socket.conf.xml", SERVICE),
    ("userdata.inc.php", SERVICE),
    ("mailcow.conf", SERVICE),
    ("sogo.conf", MAIL),
    ("sympa.conf", MAIL),
    ("dovecot-oauth2.conf.ext", MAIL),
    ("eap-radius.conf", SERVICE),
    (".accesshash", DOTFILE),
    ("homeserver.yaml", SERVICE),
    ("turnserver.conf", SERVICE),
    ("murmur.ini", SERVICE),
    ("mumble-server.ini", SERVICE),
    ("harbor.yml", SERVICE),
    ("sonar.properties", SERVICE),
    // WakaTime's API key, the GitLab CLI `lab`'s token, esmtp's relay passwords.
    (".wakatime.cfg", DOTFILE),
    ("lab.toml", DOTFILE),
    (".esmtprc", MAIL),
    ("esmtprc", MAIL),
    ("users_database.yml", SERVICE),
    ("zabbix.conf.php", SERVICE),
    ("pdns.conf", SERVICE),
    ("named.conf.keys", KEY),
    ("upsmon.conf", SERVICE),
    ("inadyn.conf", SERVICE),
    ("ez-ipupdate.conf", SERVICE),
    ("qbittorrent.conf", SERVICE),
    ("qbittorrent.ini", SERVICE),
    // Atlassian servers' database settings, the MySQL exporter's client settings, Elastic
    // Agent's encrypted fleet settings (with their key beside them).
    ("bamboo.cfg.xml", SERVICE),
    ("confluence.cfg.xml", SERVICE),
    ("bitbucket.properties", SERVICE),
    (".mysqld_exporter.cnf", SERVICE),
    ("mysqld_exporter.cnf", SERVICE),
    ("fleet.enc", SERVICE),
    // Backup, sync and hosting panels' secrets by their own names: UrBackup's settings,
    // autorestic's and rclone's old settings, S3QL's `authinfo2`, Webmin's and Usermin's users,
    // Plesk's admin password, phpMyAdmin's cookie key, Seafile's Django settings, mount.cifs'
    // credentials under `.cifs`.
    ("backup_server_settings.db", SERVICE),
    (".autorestic.yml", SERVICE),
    (".autorestic.yaml", SERVICE),
    (".rclone.conf", SERVICE),
    ("authinfo2", SERVICE),
    ("miniserv.users", SERVICE),
    (".psa.shadow", SERVICE),
    ("blowfish_secret.inc.php", SERVICE),
    ("seahub_settings.py", SERVICE),
    (".cifs", SERVICE),
    // xrdp's RSA key pair for its own protocol encryption.
    ("rsakeys.ini", KEY),
    // frp's shared token, SoftEther's hashed passwords and keys, Domoticz's users, evcc's
    // vehicle and utility accounts, Frigate's cameras.
    ("frps.ini", SERVICE),
    ("frps.toml", SERVICE),
    ("frpc.ini", SERVICE),
    ("frpc.toml", SERVICE),
    ("frps.yaml", SERVICE),
    ("frpc.yaml", SERVICE),
    ("vpn_server.config", SERVICE),
    ("vpn_bridge.config", SERVICE),
    ("vpn_client.config", SERVICE),
    ("domoticz.db", SERVICE),
    ("evcc.yaml", SERVICE),
    ("frigate.yml", SERVICE),
    ("frigate.yaml", SERVICE),
    // Applications' database settings under their framework's names: .NET's external
    // connection strings and `App.config`, Hibernate, WildFly's datasources, TypeORM,
    // Alembic's and Flyway's URLs and passwords, Liquibase, Jira's `dbconfig.xml`; mRemoteNG's
    // connections (passwords under a default key), spotifyd's account, and AI tools' settings
    // holding API keys and MCP servers' tokens.
    ("connectionstrings.config", SERVICE),
    ("app.config", SERVICE),
    ("hibernate.cfg.xml", SERVICE),
    ("standalone.xml", SERVICE),
    ("standalone-ha.xml", SERVICE),
    ("standalone-full.xml", SERVICE),
    ("standalone-full-ha.xml", SERVICE),
    ("ormconfig.json", SERVICE),
    ("alembic.ini", SERVICE),
    ("flyway.conf", SERVICE),
    ("liquibase.properties", SERVICE),
    ("dbconfig.xml", SERVICE),
    ("confcons.xml", SERVICE),
    ("spotifyd.conf", SERVICE),
    ("claude_desktop_config.json", SERVICE),
    (".claude.json", SERVICE),
    (".aider.conf.yml", SERVICE),
    (".comet.config", SERVICE),
    // MCP servers' configurations wherever a tool keeps them (VS Code's `.vscode/mcp.json`,
    // Windsurf's `mcp_config.json`, Cline's settings): each server's `env` holds its API keys.
    ("mcp.json", SERVICE),
    ("mcp_config.json", SERVICE),
    ("cline_mcp_settings.json", SERVICE),
    // Yandex Browser's saved passwords.
    ("ya passman data", BROWSER),
    ("sabnzbd.ini", SERVICE),
    ("setupvars.conf", SERVICE),
    ("adguardhome.yaml", SERVICE),
    ("auth_provider.homeassistant", SERVICE),
    // TeamCity's agent keeps its authorization token in its properties.
    ("buildagent.properties", SERVICE),
    // Windows: account hives and the domain's database copied out, answer files with the
    // administrator's password, IIS's settings, WinSCP's saved sessions, a user's registry.
    ("sam", ACCOUNTS),
    ("ntds.dit", ACCOUNTS),
    ("ntuser.dat", ACCOUNTS),
    ("unattend.xml", SERVICE),
    ("autounattend.xml", SERVICE),
    ("sysprep.xml", SERVICE),
    ("sysprep.inf", SERVICE),
    ("applicationhost.config", SERVICE),
    ("winscp.ini", BROWSER),
    // ZNC's bouncer settings (users' password hashes, network passwords), MSAL's token cache.
    ("znc.conf", SERVICE),
    ("msal.cache", CLOUD),
    (".config.runtime.json", SERVICE),
    // Cloud storage and scripting CLIs' keys and tokens.
    (".ossutilconfig", CLOUD),
    (".cos.conf", CLOUD),
    (".clasprc.json", CLOUD),
    // Sixth round: the Azure CLI's service principal secrets copied out of `~/.azure`.
    ("service_principal_entries.json", CLOUD),
    // Database clients keeping saved connections with their passwords: mycli's aliases,
    // Robo 3T's connections.
    (".myclirc", DOTFILE),
    ("myclirc", DOTFILE),
    ("robo3t.json", BROWSER),
    // Database clients' saved connections with their passwords under their own names: Robo
    // 3T's older name, Sqlectron's, DbGate's, pgAdmin 4's database in a home, JetBrains'
    // password key in any IDE's settings, a `microk8s config` saved, PostgreSQL's
    // `postgresql.auto.conf` (`pg_basebackup -R` writes `primary_conninfo` with the
    // replication password there, as `recovery.conf` held it before version 12).
    ("robomongo.json", BROWSER),
    ("sqlectron.json", SERVICE),
    (".sqlectron.json", SERVICE),
    ("pgadmin4.db", SERVICE),
    ("c.pwd", KEY),
    ("microk8s.config", CLOUD),
    ("postgresql.auto.conf", SERVICE),
    ("mongorc.js", DOTFILE),
    // Cloud provisioning data: cloud-init's user and vendor data (`chpasswd`, `password:`,
    // keys and tokens passed to first boot, as the metadata service, a seed or a config drive
    // gives them) and the unredacted copy of its instance data.
    ("user-data", PROVISIONING),
    ("user_data", PROVISIONING),
    ("userdata", PROVISIONING),
    ("vendor-data", PROVISIONING),
    ("vendor_data", PROVISIONING),
    ("vendor-data2", PROVISIONING),
    ("instance-data-sensitive.json", PROVISIONING),
    // Self-hosted services' databases of users' password hashes, API keys and data source
    // passwords, and Jetty's realm of clear-text logins (Rundeck's, Jenkins' Winstone).
    ("grafana.db", SERVICE),
    ("gitea.db", SERVICE),
    // Forgejo's and Drone's databases (users' tokens, the repositories' secrets).
    ("forgejo.db", SERVICE),
    ("drone.sqlite", SERVICE),
    ("portainer.db", SERVICE),
    ("kuma.db", SERVICE),
    // Duplicati's server database wherever its data folder is mounted (`/config` in its
    // container): every backup's passphrase and its targets' logins.
    ("duplicati-server.sqlite", BACKUP),
    ("realm.properties", SERVICE),
    ("users.properties", SERVICE),
    // Daemons whose one settings file holds the passwords they check or send: iSCSI's CHAP
    // logins, Bacula's director, storage and console passwords, aria2's RPC secret, Icecast's
    // source and admin passwords, Monit's web logins, TACACS+'s shared key and users.
    ("iscsid.conf", SERVICE),
    ("bacula-dir.conf", SERVICE),
    ("bacula-fd.conf", SERVICE),
    ("bacula-sd.conf", SERVICE),
    ("bconsole.conf", SERVICE),
    ("aria2.conf", SERVICE),
    ("icecast.xml", SERVICE),
    ("monitrc", SERVICE),
    (".monitrc", SERVICE),
    ("tac_plus.conf", SERVICE),
    // PHP applications' database settings under their own names (Matomo, generic includes).
    ("config.ini.php", SERVICE),
    ("database.inc.php", SERVICE),
    ("db.inc.php", SERVICE),
    // Password databases of mail and FTP servers: Cyrus SASL's (clear text), Pure-FTPd's,
    // sendmail's relay logins.
    ("sasldb2", ACCOUNTS),
    ("sasldb2.db", ACCOUNTS),
    ("pureftpd.pdb", ACCOUNTS),
    ("authinfo.db", MAIL),
    // Kaggle's API key.
    ("kaggle.json", CLOUD),
    // A wallet's recovery words, a bearer token saved alone.
    ("mnemonic", NAMED_SECRET),
    ("bearer.txt", NAMED_SECRET),
    // Claws Mail's and Sylpheed's accounts (obfuscated passwords) and Claws' password store
    // (encrypted under a built-in key unless a master passphrase is set).
    ("accountrc", MAIL),
    ("passwordstorerc", MAIL),
    // Concourse's `fly` targets (bearer tokens), salt-api's pepper login, gitlab-ci-local's
    // CI variables, Woodpecker's database (repositories' secrets, users' forge tokens).
    (".flyrc", DOTFILE),
    ("flyrc", DOTFILE),
    (".pepperrc", DOTFILE),
    (".gitlab-ci-local-variables.yml", DOTFILE),
    ("woodpecker.sqlite", SERVICE),
    // Lightning's wallet database (lnd's `wallet.db`: the seed, encrypted by a passphrase
    // often left empty).
    ("wallet.db", NAMED_SECRET),
    // Settings whose names say nothing of the logins they hold: vpnc's group secret and XAuth
    // password, saslauthd's LDAP bind password, pgpool's health-check, replication and
    // recovery passwords, Superset's and Airflow's secret keys, Fernet key and database URIs,
    // TeamSpeak's database login, pritunl's MongoDB URI, Mopidy's extensions' accounts,
    // NZBGet's per-user settings (control and news server passwords), Apprise's notification
    // URLs (each holds its service's token), the influx CLI's tokens as InfluxDB's image
    // keeps them.
    ("vpnc.conf", SERVICE),
    ("saslauthd.conf", SERVICE),
    ("pgpool.conf", SERVICE),
    ("superset_config.py", SERVICE),
    ("airflow.cfg", SERVICE),
    ("ts3db_mariadb.ini", SERVICE),
    ("ts3db_mysql.ini", SERVICE),
    ("pritunl.conf", SERVICE),
    ("mopidy.conf", SERVICE),
    (".nzbget", SERVICE),
    ("apprise.yml", SERVICE),
    ("apprise.yaml", SERVICE),
    (".apprise", SERVICE),
    (".apprise.yml", SERVICE),
    (".apprise.yaml", SERVICE),
    ("influx-configs", CLOUD),
    // shadowsocks-libev's servers' and clients' settings under their programs' names.
    ("ss-server.json", SERVICE),
    ("ss-local.json", SERVICE),
    ("ss-redir.json", SERVICE),
    // Clear-text and digest logins of web servers and provisioning (lighttpd's, Cobbler's).
    ("lighttpd-plain.user", ACCOUNTS),
    ("lighttpd-htdigest.user", ACCOUNTS),
    ("users.digest", ACCOUNTS),
    // Media and home servers' databases of users, API keys and the keys of what they reach:
    // Audiobookshelf's, Ombi's, Airsonic's and Subsonic's settings (LDAP password, JWT key),
    // deCONZ's (API keys, the Zigbee network key).
    ("absdatabase.sqlite", SERVICE),
    ("ombi.db", SERVICE),
    ("ombisettings.db", SERVICE),
    ("ombiexternal.db", SERVICE),
    ("airsonic.properties", SERVICE),
    ("subsonic.properties", SERVICE),
    ("zll.db", SERVICE),
    // CI: the registration of Gitea's and Forgejo's runners (`.runner`, its token), GoCD's
    // key to its secure variables.
    (".runner", SERVICE),
    ("cipher.aes", SERVICE),
    // Database clients' saved logins: sqsh's settings, go-sqlcmd's contexts (passwords in
    // clear on Linux).
    (".sqshrc", DOTFILE),
    ("sqlconfig", DOTFILE),
    // Lynx's saved cookies (sessions).
    (".lynx_cookies", BROWSER),
    // Environments kept by name: fish's universal variables (`set -Ux GITHUB_TOKEN ...`
    // lands here), R's `.Renviron` (its `.env`: `GITHUB_PAT`, API keys).
    ("fish_variables", DOTFILE),
    // The Oil shell's histories under its older names (`~/.config/oil/history_osh`).
    ("history_osh", HISTORY),
    ("history_ysh", HISTORY),
    (".renviron", DOTFILE),
    // Machine learning platforms' logins: Modal's token pair, ClearML's API credentials.
    (".modal.toml", CLOUD),
    ("clearml.conf", CLOUD),
    (".clearml.conf", CLOUD),
    // Build tools' and package managers' registry logins: Gradle's properties in a project as
    // in its home (`signing.password`, `ossrhPassword`, `mavenCentralPassword`), Android's
    // `local.properties` (signing passwords and API keys kept out of the repository), Maven's
    // settings under the names CI jobs give them, conda's and mamba's channel tokens (`/t/<token>/`
    // in a channel's URL), isync's XDG settings.
    ("gradle.properties", PACKAGES),
    ("local.properties", PACKAGES),
    ("maven-settings.xml", PACKAGES),
    ("mvn-settings.xml", PACKAGES),
    ("ci_settings.xml", PACKAGES),
    (".condarc", PACKAGES),
    ("condarc", PACKAGES),
    (".mambarc", PACKAGES),
    ("mambarc", PACKAGES),
    ("isyncrc", MAIL),
    // Alpine's saved passwords, DavMail's settings (its OAuth refresh tokens), goimapnotify's
    // (the IMAP password).
    (".pine-passfile", MAIL),
    ("pine-passfile", MAIL),
    ("davmail.properties", MAIL),
    (".davmail.properties", MAIL),
    ("goimapnotify.yaml", MAIL),
    // Java applications' database settings (JDBC URL, user and password): TeamCity's
    // `database.properties`, Hibernate's; GoCD's agent registration key and its server's
    // settings (`agentAutoRegisterKey`, `tokenGenerationKey`); Bamboo's agents' settings.
    ("database.properties", SERVICE),
    ("db.properties", SERVICE),
    ("jdbc.properties", SERVICE),
    ("hibernate.properties", SERVICE),
    ("autoregister.properties", SERVICE),
    ("cruise-config.xml", SERVICE),
    ("bamboo-agent.cfg.xml", SERVICE),
    // Database clients that save passwords in their own files: SQL Workbench/J's profiles,
    // SQuirreL's aliases, MySQL Workbench's password store, usql's password file,
    // RedisInsight's database (a connection's password).
    ("wbprofiles.xml", SERVICE),
    ("sqlaliases23.xml", SERVICE),
    ("workbench_user_data.dat", SERVICE),
    (".usqlpass", DOTFILE),
    ("redisinsight.db", SERVICE),
    // CI and cloud CLIs' tokens under their own names: Codefresh's, Semaphore's.
    (".cfconfig", CLOUD),
    (".sem.yaml", CLOUD),
    // MongoDB's older Atlas CLI's profiles (`private_api_key`).
    ("mongocli.toml", CLOUD),
    // MySQL's option files under their Windows names; Android's saved Wi-Fi networks (their
    // pre-shared keys).
    ("my.ini", DOTFILE),
    ("mylogin.cnf", DOTFILE),
    ("wificonfigstore.xml", SERVICE),
    // BIRD's routing settings (BGP sessions' `password`), as FRR's are.
    ("bird.conf", SERVICE),
    ("bird6.conf", SERVICE),
    // Talos' generated control plane settings (the cluster's CA key, its secrets and tokens).
    ("controlplane.yaml", CLOUD),
    // Huawei Cloud's OBS tool's access keys.
    (".obsutilconfig", CLOUD),
    // CI runners' and agents' registration: CircleCI's runners (their resource class token),
    // Harness' delegate (the account's secret); Bazel's per-user settings kept out of a
    // repository for the remote cache's API key (`--remote_header=x-buildbuddy-api-key=...`).
    ("launch-agent-config.yaml", SERVICE),
    ("circleci-runner-config.yaml", SERVICE),
    ("config-delegate.yml", SERVICE),
    (".bazelrc.user", DOTFILE),
    ("user.bazelrc", DOTFILE),
];

const KEY: &str = "private keys (and their backups) are never read";
const DOTFILE: &str = "this dotfile holds credentials";
const STATE: &str = "state and variable files hold the secrets of what they describe";
const CLOUD: &str = "cloud and cluster credentials hand over the whole account";
const SERVICE: &str = "this service configuration holds passwords";
const ACCOUNTS: &str = "account databases hold password hashes and sudo rights";
const HISTORY: &str = "shell and client histories record typed passwords";
const BROWSER: &str = "browser stores hold saved passwords and sessions";
const MAIL: &str = "mail configuration holds the passwords of mail accounts";
const BACKUP: &str = "backup tools' settings hold repository passwords and cloud keys";
const PACKAGES: &str = "package manager settings hold registry tokens and passwords";
const NAMED_SECRET: &str = "the file is named for the secret it holds";
const PROVISIONING: &str = "provisioning data carries first-boot passwords, keys and tokens";
const TICKETS: &str = "Kerberos ticket caches log in as their user";

/// Extensions of key material: a template of such a file (`server.key.example`) is still
/// refused, unlike templates of settings (`.env.example`).
const KEY_MATERIAL_EXTENSIONS: &[&str] = &[
    "pem", "key", "p12", "pfx", "p8", "pk8", "pkcs8", "jks", "jceks", "bks", "bcfks", "keystore",
    "pkcs12", "ppk", "gpg", "kdbx", "kdb", "keytab", "age", "agekey", "priv", "keyring", "pvk",
    "snk", "private", "keyx",
];

/// Whether `name` (a real file's, not a template's) is key material.
fn key_material(name: &str) -> bool {
    key_by_pattern(name)
        || NAMES.iter().any(|(n, kind)| *n == name && *kind == KEY)
        || name
            .rsplit_once('.')
            .is_some_and(|(stem, ext)| !stem.is_empty() && KEY_MATERIAL_EXTENSIONS.contains(&ext))
}

/// Extensions of key material and secret stores.
const KEY_EXTENSIONS: &[&str] = &[
    // A replica set's shared key named for its daemon (`mongod.keyfile`), Enpass' vault.
    "keyfile",
    "enpassdb",
    // NATS nkey seeds (`nsc`'s `*.nk`).
    "nk",
    "pem",
    "key",
    "p12",
    "pfx",
    "p8",
    "jks",
    "jceks",
    "bks",
    // Bouncy Castle's FIPS keystore (`keytool -storetype BCFKS`).
    "bcfks",
    "keystore",
    "pkcs12",
    "ppk",
    "gpg",
    "kdbx",
    "keytab",
    "ovpn",
    "kubeconfig",
    "secret",
    "secrets",
    "token",
    // A token file named by the short extension (NVIDIA's vGPU licence client token,
    // `client_configuration_token_<date>.tok`: whoever holds it takes a licence).
    "tok",
    "passwd",
    "password",
    "env",
    "age",
    "priv",
    "keyring",
    "psk",
    "kdb",
    "keychain",
    "keychain-db",
    "kwl",
    "sso",
    "jwk",
    "remmina",
    "creds",
    // 1Password's export formats (the interchange format is plain JSON).
    "1pux",
    "1pif",
    // systemd-creds and Tencent Cloud's CLI; NetworkManager profiles copied out of their
    // directory.
    "cred",
    "credential",
    "credentials",
    "nmconnection",
    // systemd-networkd virtual devices: a WireGuard one holds `PrivateKey=` and
    // `PresharedKey=` (a bridge's holds nothing, but the name cannot tell them apart).
    "netdev",
    // Microsoft private and strong-name keys, PKCS#8, age keys (Flux's `age.agekey`), DKIM
    // private keys (`mail.private`), KeePassXC key files, Password Safe databases, Safari's
    // cookies, password files (`rsync.pass`).
    "pvk",
    "snk",
    "pk8",
    "pkcs8",
    "agekey",
    "private",
    "keyx",
    "psafe3",
    // Buttercup's vaults.
    "bcup",
    "binarycookies",
    "pass",
    // A password alone in a file named by its extension (Proxmox VE's storage, metric server
    // and realm passwords, `/etc/pve/priv/storage/<id>.pw`, and copies of them).
    "pw",
    // signify's secret keys (`release.sec`), kopia's saved repository password.
    "sec",
    "kopia-password",
    // Passphrase files named by their extension (`borg.passphrase`, `repo.passphrase`).
    "passphrase",
    // Monero's wallet keys (`wallet.keys`), key lists (`ntp.keys` is listed by name).
    "keys",
    // Cardano's signing keys (`payment.skey`; `.vkey` is the public half), Lightning's
    // macaroons (`admin.macaroon`: bearer credentials of a node), Exodus' encrypted seed.
    "skey",
    "macaroon",
    "seco",
    // Remote desktop connection files (`password 51:b:...`, the saved login) and the other
    // password managers' databases: Enpass', SafeInCloud's, Password Gorilla's, pass
    // managers' exports (`.pwd` is left to the code it names).
    "rdp",
    "enpassdb",
    "walletx",
    "pws",
    "spdb",
];

/// Extensions of state and variable files (checked in any position: `prod.tfvars.json`).
/// `.tfbackend` files hold the state backend's access keys.
/// Packer's variable files (`prod.pkrvars.hcl`) are its `.tfvars`.
const STATE_EXTENSIONS: &[&str] = &["tfstate", "tfvars", "tfplan", "tfbackend", "pkrvars"];

/// Extensions of plain data files: a file so named is judged by its stem (`db_password.txt`,
/// `node-token`, `secrets.yaml`), unlike source code (`password.go`).
const DATA_EXTENSIONS: &[&str] = &[
    "txt",
    "json",
    "yaml",
    "yml",
    "conf",
    "cfg",
    "ini",
    "toml",
    "xml",
    "properties",
    "csv",
    "tdb",
    "db",
    "dat",
    "enc",
    "b64",
    "bin",
    // Spreadsheets people keep passwords in (`Passwords.xlsx`).
    "xlsx",
    "xls",
    "ods",
    // And documents and notes (`Passwords.docx`, `vpn-credentials.pdf`, `passwords.numbers`).
    "docx",
    "doc",
    "odt",
    "rtf",
    "pdf",
    "numbers",
    "pages",
    // Python's serialised objects: Google's quickstarts keep OAuth tokens in `token.pickle`.
    "pickle",
    "pkl",
];

/// Words in front of a copy's name (`old_hosts.yml`, `backup-config.toml`, `Copy of x.csv`).
const BACKUP_PREFIXES: &[&str] = &[
    "old_",
    "old-",
    "old.",
    "backup_",
    "backup-",
    "backup.",
    "bak_",
    "bak-",
    "bak.",
    "copy_",
    "copy-",
    "copy of ",
    "backup of ",
    "orig_",
    "orig-",
    "prev_",
    "prev-",
    "saved_",
    "saved-",
];

/// Vim's swap and undo files (`.id_rsa.swp`, then `.swo`, `.swn`... as more sessions edit the
/// file, `.swx` and `.swpx` while it probes the directory, `.un~` for its undo history): named
/// with a dot in front of the file's name.
const SWAP_SUFFIXES: &[&str] = &[
    ".swp", ".swo", ".swn", ".swm", ".swl", ".swk", ".swx", ".swpx", ".un~",
];

/// Suffixes of backups and editor files, taken off before judging.
const BACKUP_SUFFIXES: &[&str] = &[
    // Vim's undo file before the plain `~` that ends it (`.id_rsa.un~`).
    ".un~",
    "~",
    ".bak",
    ".backup",
    ".old",
    ".orig",
    ".save",
    ".sav",
    ".swp",
    ".swo",
    ".swn",
    ".swm",
    ".swl",
    ".swk",
    ".swx",
    ".swpx",
    ".kate-swp",
    ".rpmorig",
    ".pacnew",
    ".pacsave",
    ".pacorig",
    // Downloads and transfers left unfinished (`shadow.part`, `id_rsa.crdownload`): the bytes
    // copied so far.
    ".part",
    ".partial",
    ".crdownload",
    ".download",
    // SQLite's side files hold the same rows as the database (`Login Data-journal`).
    "-journal",
    "-wal",
    "-shm",
    // Copies made by file managers: `id_rsa copy`, `config (copy)`, `cli_pw - Copy` (numbered
    // ones, `.env (1)`, are read by `without_copy_number`).
    " - copy",
    " copy",
    " (copy)",
    "-copy",
    "_copy",
    ".tmp",
    ".copy",
    // Decrypted copies written beside the encrypted file (helm-secrets' `secrets.yaml.dec`,
    // `credentials.json.decrypted`).
    ".dec",
    ".decrypted",
    ".prev",
    ".previous",
    ".dpkg-old",
    ".dpkg-bak",
    ".dpkg-dist",
    ".dpkg-new",
    ".rpmsave",
    ".rpmnew",
    ".ucf-old",
    ".ucf-dist",
    ".ucf-new",
    ".dpkg-tmp",
    ".warden.bak",
    ".bk",
    ".bkp",
    "_old",
    "-old",
    "_bak",
    "-bak",
    "_backup",
    "-backup",
    // Copies kept beside a file edited or switched off, and a patch's rejected hunks of it:
    // `wp-config.php.new`, `.pgpass.disabled`, `shadow.pre-upgrade`, `config.php.rej`.
    ".new",
    // Other marks people put on a copy (`shadow.last`, `.pgpass.keep`, `id_rsa.before`,
    // `wp-config.php.saved`, `.env.back`, `wg0.conf.bck`) and RCS's history file (`shadow,v`).
    ".last",
    ".keep",
    ".before",
    ".saved",
    ".safe",
    ".ori",
    ".older",
    ".back",
    ".bck",
    ".bac",
    ".sik",
    ",v",
    ".disabled",
    ".broken",
    ".pre-upgrade",
    ".rej",
    // Archives of one file (`shadow.tar.gz`, `wp-config.php.zip`) and compressed copies
    // (`shadow.gz`, `private.key.xz`).
    ".tar",
    ".tgz",
    ".tbz",
    ".tbz2",
    ".txz",
    ".tzst",
    ".zip",
    ".7z",
    ".rar",
    ".gz",
    ".xz",
    ".zst",
    ".bz2",
    ".lz4",
    ".lzma",
    ".lz",
    ".lzo",
    ".br",
    ".z",
    // Gentoo's and CFEngine's copies of a replaced configuration (`etc-update`'s
    // `.merge-error`, `.cfsaved`).
    ".merge-error",
    ".cfsaved",
    // `vipw`'s and `vigr`'s working copy of the file being edited (`/etc/shadow.edit`).
    ".edit",
    // The previous copy `useradd`, `vipw` and `shadowconfig` keep (`/etc/shadow-`), last so
    // that the longer marks ending in `-` are read first, and the new file they write before
    // renaming it into place (`/etc/shadow+`).
    "-",
    "+",
];

/// The extensions of settings' formats, under which a tool's extensionless file of [`PAIRS`]
/// is the same file.
const STRUCTURED_EXTENSIONS: &[&str] = &["json", "yaml", "yml", "toml", "ini", "conf", "cfg"];

/// Parts of [`DIRECTORIES`] that hold no credentials, readable although their directory is
/// refused: Docker's contexts' metadata (names, descriptions, endpoints' URLs), whose TLS keys
/// are kept apart under `contexts/tls`.
const PUBLIC_SUBTREES: &[&[&str]] = &[&[".docker", "contexts", "meta"]];

/// Directories whose whole content is refused.
const DIRECTORIES: &[&str] = &[
    // NEAR's account keys (in clear), Cosmos SDK's file and test keyrings (the test one
    // unencrypted).
    ".near-credentials",
    // Password managers' desktop apps' local vaults and sessions.
    "proton pass",
    "dashlane",
    "keyring-file",
    "keyring-test",
    ".ssh",
    // Windows' WLAN profiles (`ProgramData\Microsoft\Wlansvc\Profiles`: every network's key).
    "wlansvc",
    // cookiecutter-django's environment files per stage (`.envs/.production/.postgres`).
    ".envs",
    // Lens' and OpenLens' copies of the kubeconfigs added to them (`kubeconfigs/<id>`).
    "kubeconfigs",
    ".gnupg",
    ".aws",
    ".azure",
    ".kube",
    ".docker",
    ".oci",
    ".minikube",
    ".talos",
    ".password-store",
    "gcloud",
    "doctl",
    "hcloud",
    "sudoers.d",
    "secrets",
    // Drop-in directories named for what they hold: zypper's `credentials.d` (one login a
    // repository, under any name), and the same shape elsewhere.
    "credentials.d",
    "creds.d",
    "secrets.d",
    "system-connections",
    // VPNs and secret stores.
    "wireguard",
    "openvpn",
    "tailscale",
    "zerotier-one",
    "nebula",
    // TinySSH's host keys (`/etc/tinyssh/sshkeydir/.ed25519.sk`; its public halves end `.pk`).
    "sshkeydir",
    "vault.d",
    "consul.d",
    "boundary.d",
    "pgadmin",
    "private-keys-v1.d",
    "openpgp-revocs.d",
    "legacy_credentials",
    ".pulumi",
    ".chef",
    ".scw",
    ".snowsql",
    ".my.cnf.d",
    ".npmrc.d",
    "filezilla",
    ".purple",
    "atuin",
    "krb5kdc",
    "iwd",
    "netplan",
    "swanctl",
    // OpenLDAP's configuration database holds the root password hash.
    "slapd.d",
    // systemd's encrypted and plain credential stores.
    "credstore",
    "credstore.encrypted",
    // Cloud and artifact CLIs keeping tokens in every file of their directory.
    ".jfrog",
    ".aliyun",
    ".tccli",
    ".bluemix",
    ".ibmcloud",
    ".cloudflared",
    "python_keyring",
    "bitwarden cli",
    "bwdata",
    ".hcloud",
    ".pgadmin",
    "nomad.d",
    "barman.d",
    "borgmatic.d",
    "htpasswd.d",
    // systemd-cryptsetup's key directory and the usual homes of LUKS key files.
    "cryptsetup-keys.d",
    "luks-keys",
    "luks",
    // Fifth round: backup profiles (duply's `GPG_PW`, `TARGET_PASS`), VPN clients' profiles
    // (vpnc's `IPSec secret`, `Xauth password`), chat clients' sessions and browsers' site
    // storage (Discord's and Slack's tokens), Salt's pillar (its secrets by design),
    // Vaultwarden's data (its RSA key, admin token and vault).
    ".duply",
    "duply",
    "vpnc",
    "tdata",
    "local storage",
    "session storage",
    "pillar",
    "vaultwarden",
    // Vaultwarden's data volume as its documentation names it (`-v /vw-data/:/data/`).
    "vw-data",
    "bitwarden_rs",
    // NVIDIA NGC CLI's folder: its `config` holds the account's API key.
    ".ngc",
    "kwalletd",
    "kwallet",
    ".identityservice",
    // 1Password's desktop and CLI data (`~/.config/1Password/1password.sqlite`).
    "1password",
    // LastPass CLI's session (the vault's decryption key), Cloudflare Tunnel's origin
    // certificate and tunnel credentials under XDG and `/etc` (as `.cloudflared` already),
    // Snowflake's connections (passwords, key paths and tokens).
    "lpass",
    ".lastpass",
    "cloudflared",
    ".snowflake",
    // rbw's (Bitwarden) vault and agent state.
    "rbw",
    // Teleport's client keys (`~/.tsh/keys/<proxy>/<user>` is the private key) and passage's
    // age identities.
    ".tsh",
    ".passage",
    // LastPass' older home (`~/.lpass`, its key in clear when so set), gsutil's OAuth store
    // (`credstore2`), Okteto's contexts (tokens), Erlang's shell history.
    ".lpass",
    ".gsutil",
    ".okteto",
    // zrok's environment (its account token and tunnel identity).
    ".zrok",
    "erlang-history",
    ".erlang-history",
    // xonsh's JSON history, one file a session (`history_json/xonsh-<id>.json`).
    "history_json",
    // conda's system settings drop-ins (channel tokens), Jenkins' configuration as code
    // (its credentials).
    "condarc.d",
    "casc_configs",
    // Folders of SSH and other private keys kept apart from `.ssh` (`/srv/ssh-keys/prod`,
    // `/root/ssh_keys/deploy`); their public halves stay readable.
    "ssh-keys",
    "ssh_keys",
    "sshkeys",
    "private_keys",
    "private-keys",
];

/// A directory followed by a name (or another directory) that together hold credentials.
const PAIRS: &[(&str, &str)] = &[
    // Wallets' key stores kept by developer tools: Foundry's and Brownie's encrypted keys,
    // Aptos' profiles (private keys in clear).
    (".foundry", "keystores"),
    // pppd's peers (`/etc/ppp/peers/provider`: `password` and the PPPoE login given inline),
    // Helm 3's registry logins before `registry/config.json`.
    ("ppp", "peers"),
    // Wicd's saved networks (Wi-Fi keys and 802.1X passwords), Raspberry Pi OS' first-boot
    // network settings on the boot partition (`network-config`: Wi-Fi passwords).
    ("wicd", "wireless-settings.conf"),
    ("wicd", "wired-settings.conf"),
    ("firmware", "network-config"),
    ("boot", "network-config"),
    ("helm", "registry.json"),
    (".brownie", "accounts"),
    (".aptos", "config.yaml"),
    // Secret managers' CLI logins: Doppler's token, Infisical's session.
    (".doppler", ".doppler.yaml"),
    ("doppler", ".doppler.yaml"),
    (".infisical", "infisical-config.json"),
    ("infisical", "infisical-config.json"),
    // go-jira's session cookies; newsboat's feeds' service passwords (`ttrss-password`).
    (".jira.d", "cookies.js"),
    (".newsboat", "config"),
    ("newsboat", "config"),
    // Elvish's history database, w3m's cookies, MongoDB Compass' saved connections (their
    // URIs with passwords).
    ("elvish", "db.bolt"),
    (".elvish", "db"),
    (".w3m", "cookie"),
    ("mongodb compass", "connections"),
    // Playwright's saved logins by its convention (`playwright/.auth/user.json`).
    (".auth", "user.json"),
    (".auth", "admin.json"),
    ("mongodb-compass", "connections"),
    (".dbgate", "connections.jsonl"),
    ("dbgate", "connections.jsonl"),
    (".rdm", "connections.json"),
    ("redisdesktopmanager", "connections.json"),
    ("resp.app", "connections.json"),
    // DVC's remotes' credentials, kept local by design (`dvc remote modify --local`), and
    // regctl's registry logins.
    (".dvc", "config.local"),
    ("regctl", "config.json"),
    // MinIO's root user and password (`MINIO_ROOT_PASSWORD`) live in `/etc/default/minio`.
    ("default", "minio"),
    // Backup tools' environment files (`RESTIC_PASSWORD`, `BORG_PASSPHRASE`, Kopia's and
    // autorestic's repository passwords) read by their systemd units.
    ("default", "restic"),
    ("default", "borg"),
    ("default", "borgmatic"),
    ("default", "kopia"),
    ("default", "autorestic"),
    ("ssl", "private"),
    ("tls", "private"),
    // IPsec (Libreswan, strongSwan's stroke layout) keeps its private keys here.
    ("ipsec.d", "private"),
    // Libreswan's XAUTH users and passwords.
    ("ipsec.d", "passwd"),
    ("kubernetes", "pki"),
    // The encryption configuration's keys where Kubernetes' documentation puts them.
    ("kubernetes", "enc"),
    ("kubernetes", "admin.conf"),
    ("kubernetes", "super-admin.conf"),
    ("kubernetes", "kubelet.conf"),
    ("kubernetes", "bootstrap-kubelet.conf"),
    ("kubernetes", "controller-manager.conf"),
    ("kubernetes", "scheduler.conf"),
    ("gh", "hosts.yml"),
    // lftp's rc in its own directories (`~/.lftp/rc`, `~/.config/lftp/rc`), go-jira's login.
    (".lftp", "rc"),
    ("lftp", "rc"),
    (".jira.d", "config.yml"),
    ("share", "keyrings"),
    ("rancher", "k3s"),
    ("pgbouncer", "userlist.txt"),
    (".config", "hub"),
    ("borg", "keys"),
    ("letsencrypt", "accounts"),
    ("lib", "vault"),
    ("dovecot", "users"),
    // Generic names judged by their directory: the same `config` or `config.json` is a
    // credential store under these and ordinary elsewhere.
    ("kube", "config"),
    (".git", "config"),
    (".bundle", "config"),
    // The Ruby images' `BUNDLE_APP_CONFIG` (`/usr/local/bundle/config`), with the same
    // `BUNDLE_<HOST>` logins.
    ("bundle", "config"),
    ("heroku", "config"),
    // sourcehut's CLI (`~/.config/hut/config`: `access-token`).
    ("hut", "config"),
    // Apptainer's and Singularity's remote endpoints (their access tokens) and registry
    // logins; MinIO's older settings (the root user's keys); n8n's settings (the key its
    // credentials are encrypted with) and database; Drone's and Semaphore's databases.
    ("apptainer", "remote.yaml"),
    ("apptainer", "docker-config.json"),
    ("singularity", "remote.yaml"),
    ("singularity", "docker-config.json"),
    ("minio", "config.json"),
    ("n8n", "config"),
    ("n8n", "database.sqlite"),
    ("drone", "database.sqlite"),
    ("semaphore", "database.boltdb"),
    // Patroni's settings under its folder's generic name (the superuser's and replication
    // passwords) and regclient's registry logins.
    ("patroni", "config.yml"),
    ("regclient", "config.json"),
    // spotify-tui's app (`client_id`, `client_secret`).
    ("spotify-tui", "client.yml"),
    // git-crypt's symmetric keys (`.git/git-crypt/keys/default`), aws-vault's file keyring.
    ("git-crypt", "keys"),
    (".awsvault", "keys"),
    // govc's saved vSphere sessions (their cookies log in).
    (".govmomi", "sessions"),
    // Render's CLI (`~/.render/cli.yaml`: the API key `render login` saves).
    ("render", "cli.yaml"),
    (".render", "cli.yaml"),
    ("op", "config"),
    ("argocd", "config"),
    (".irssi", "config"),
    (".wrangler", "config"),
    (".influxdbv2", "configs"),
    // The InfluxDB 2 CLI's configurations under XDG (`~/.config/influxdb2/configs`: tokens),
    // Twilio's CLI profiles (API key and secret when no keychain is at hand).
    ("influxdb2", "configs"),
    ("twilio-cli", "config.json"),
    ("influx", "configs"),
    ("config", "config.json"),
    ("config", "config.php"),
    (".mc", "config.json"),
    (".mcli", "config.json"),
    ("netlify", "config.json"),
    (".railway", "config.json"),
    (".twilio-cli", "config.json"),
    (".cf", "config.json"),
    ("registry", "config.json"),
    ("scw", "config.yaml"),
    ("glab-cli", "config.yml"),
    (".fly", "config.yml"),
    (".travis", "config.yml"),
    (".circleci", "cli.yml"),
    ("stripe", "config.toml"),
    ("hcloud", "cli.toml"),
    ("helm", "repositories.yaml"),
    ("repository", "repositories.yaml"),
    (".dbt", "profiles.yml"),
    (".m2", "settings.xml"),
    (".gradle", "gradle.properties"),
    ("docker", "key.json"),
    ("age", "keys.txt"),
    (".chef", "knife.rb"),
    ("gitea", "app.ini"),
    ("nagios", "resource.cfg"),
    ("mosquitto", "passwd"),
    ("apt", "auth.conf"),
    ("apt", "auth.conf.d"),
    ("pve", "priv"),
    ("pve", "user.cfg"),
    (".purple", "accounts.xml"),
    ("hexchat", "servlist.conf"),
    ("weechat", "sec.conf"),
    ("files", "authorize"),
    (".weechat", "sec.conf"),
    // Third round: generic names that hold credentials under these directories.
    ("run", "credentials"),
    ("restic", "env"),
    ("gitlab-runner", "config.toml"),
    ("kubelet", "config.json"),
    ("kubernetes", "azure.json"),
    ("etc", "cloudflared"),
    // Telegraf's environment file, where InfluxData's guides put `INFLUX_TOKEN` for
    // `telegraf.conf` to read (`/etc/default/telegraf`).
    ("default", "telegraf"),
    (".clickhouse-client", "config.xml"),
    ("clickhouse-client", "config.xml"),
    // The client's settings in YAML (`config.yaml`, `config.yml`): the same `password`.
    (".clickhouse-client", "config.yaml"),
    ("clickhouse-client", "config.yaml"),
    // Turso's CLI token; n8n's key that encrypts every stored credential; Headscale's
    // database (pre-auth and API keys) and settings (OIDC client secret, database password).
    ("turso", "settings.json"),
    // Proxmox Backup Server's users' password hashes; pfSense's whole configuration (users,
    // VPN keys, API keys) in `/cf/conf`; openfortivpn's login.
    // (`proxmox-backup` reads `proxmox` once its `-backup` is taken off as a copy's mark.)
    ("proxmox", "shadow.json"),
    ("cf", "conf"),
    ("openfortivpn", "config"),
    (".gitlab-ci-local", "variables.yml"),
    // Semgrep's login token.
    ("semgrep", "settings.yml"),
    (".semgrep", "settings.yml"),
    (".turso", "settings.json"),
    (".n8n", "config"),
    ("headscale", "db.sqlite"),
    ("headscale", "config.yaml"),
    ("clickhouse-server", "users.xml"),
    ("clickhouse-server", "users.d"),
    ("share", "gopass"),
    (".cabal", "config"),
    ("tea", "config.yml"),
    ("jenkins", "identity.key.enc"),
    ("vault", "data"),
    // Consul's and Nomad's data directories: the gossip keyring (`serf/local.keyring`), the
    // agent's ACL tokens (`acl-tokens.json`), the raft log with every ACL token, KV entry and
    // variable (`raft/raft.db`), Nomad's clients' secrets.
    ("consul", "data"),
    ("nomad", "data"),
    ("lib", "consul"),
    ("lib", "nomad"),
    ("borgmatic", "config.yaml"),
    // Fourth round: etcd's data (every Kubernetes Secret), Samba's machine secrets, VNC and
    // mail password files, Subversion's saved logins, lftp bookmarks, Mercurial's per-repository
    // settings, nullmailer's relay logins, DKIM keys, Bitwarden's desktop vault.
    ("etcd", "member"),
    ("samba", "private"),
    (".vnc", "passwd"),
    ("vnc", "passwd"),
    ("tigervnc", "passwd"),
    ("dovecot", "passwd"),
    ("mail", "passwd"),
    (".subversion", "auth"),
    ("subversion", "auth"),
    ("lftp", "bookmarks"),
    // Data stores' account tables and state: PostgreSQL's `pg_authid` (`global/1260`),
    // RabbitMQ's Mnesia database (users' password hashes), NATS contexts (user, password,
    // token), lego's and dehydrated's ACME account keys.
    ("global", "1260"),
    ("global", "pg_authid"),
    ("rabbitmq", "mnesia"),
    ("nats", "context"),
    ("lego", "accounts"),
    ("dehydrated", "accounts"),
    // Flask's instance folder settings (`SECRET_KEY`, database URLs).
    ("instance", "config.py"),
    // Windows' private keys: CryptoAPI's and CNG's key containers (machine and user) and the
    // personal store's keys.
    ("microsoft", "crypto"),
    ("my", "keys"),
    // Upload and model-API logins of developer tools: Hex's old location, PDM's and Hatch's
    // repository passwords, `llm`'s API keys, mods' API keys, LiteLLM's provider keys, Gemini
    // CLI's MCP servers' environments.
    (".mix", "hex.config"),
    ("pdm", "config.toml"),
    ("hatch", "config.toml"),
    ("llm", "keys.json"),
    ("io.datasette.llm", "keys.json"),
    ("mods", "mods.yml"),
    ("litellm", "config.yaml"),
    // LiteLLM's proxy settings under their own name (`master_key`, providers' keys), BentoML's
    // Yatai logins (`api_token` per context), SkyPilot's SSH key to its clusters.
    ("litellm", "proxy_config.yaml"),
    (".bentoml", ".yatai.yaml"),
    // BentoML's default home is `~/bentoml`, without the dot.
    ("bentoml", ".yatai.yaml"),
    ("ssh", "sky-key"),
    // Lamini's key (`production: key:`), Ultralytics' settings (its HUB `api_key`, kept in
    // `~/.config/Ultralytics/settings.json`, `settings.yaml` before), RunPod's CLI where it
    // keeps its `apiKey` since it moved to `~/.runpod/`.
    (".lamini", "configure.yaml"),
    ("ultralytics", "settings.json"),
    ("ultralytics", "settings.yaml"),
    (".runpod", ".runpod.yaml"),
    // python-cloudflare's and flarectl's settings (`token`, `api_key` with the account's
    // email), Roboflow's workspaces' API keys, VESSL's access token, gpt-cli's OpenAI and
    // Anthropic keys, TabbyML's HTTP model backends' `api_key`.
    (".cloudflare", "cloudflare.cfg"),
    // Yandex Cloud's CLI profiles (an OAuth token or a service account's key), Attic's binary
    // cache logins (each server's token).
    ("yandex-cloud", "config.yaml"),
    ("attic", "config.toml"),
    ("roboflow", "config.json"),
    (".vessl", "config"),
    ("gpt-cli", "gpt.yml"),
    (".tabby", "config.toml"),
    (".gemini", "settings.json"),
    (".lftp", "bookmarks"),
    (".hg", "hgrc"),
    ("nullmailer", "remotes"),
    ("opendkim", "keys"),
    ("bitwarden", "data.json"),
    ("sops", "keys.txt"),
    (".hex", "hex.config"),
    // Fifth round: wallets, chat clients' sessions, network and VPN daemons' stores,
    // self-hosted services' settings under generic names.
    ("solana", "id.json"),
    ("signal", "config.json"),
    ("lib", "connman"),
    ("lib", "tor"),
    ("kopia", "repository.config"),
    ("aerc", "accounts.conf"),
    ("himalaya", "config.toml"),
    ("flyctl", "config.yml"),
    ("railway", "config.json"),
    (".render", "cli.yaml"),
    ("wrangler", "config"),
    ("dbms", "auth"),
    ("dbms", "auth.ini"),
    ("global", "pg_authid"),
    ("mysql", "user.myd"),
    ("security", "passwd"),
    ("transmission-daemon", "settings.json"),
    ("radarr", "config.xml"),
    ("sonarr", "config.xml"),
    ("lidarr", "config.xml"),
    ("prowlarr", "config.xml"),
    ("readarr", "config.xml"),
    ("pihole", "pihole.toml"),
    ("icingaweb2", "resources.ini"),
    ("prometheus", "web.yml"),
    ("prometheus", "web-config.yml"),
    ("registry", "config.yml"),
    ("authelia", "configuration.yml"),
    ("dex", "config.yaml"),
    ("mattermost", "config.json"),
    ("freeswitch", "vars.xml"),
    ("openhab", "users.json"),
    (".storage", "auth"),
    ("mosquitto", "pwfile"),
    // Postfix's SASL logins kept in its `sasl` folder (`/etc/postfix/sasl/passwd`),
    // Alertmanager's settings under its folder's generic name (receivers' keys and passwords).
    ("sasl", "passwd"),
    ("alertmanager", "config.yml"),
    ("mosquitto", "password_file"),
    (".node-red", "settings.js"),
    (".octoprint", "config.yaml"),
    ("octoprint", "config.yaml"),
    (".putty", "sessions"),
    (".x11vnc", "passwd"),
    ("k0s", "pki"),
    ("microk8s", "credentials"),
    // Lima's (and Colima's) SSH private key for its machines.
    ("_config", "user"),
    // Sixth round: client settings copied out of their dot directories (`docker/config.json`
    // of a backup), 1Password's CLI, Netlify's and Expo's login state, kubectl's token cache.
    ("docker", "config.json"),
    (".op", "config"),
    (".netlify", "config.json"),
    (".expo", "state.json"),
    ("kube", "cache"),
    // Mail clients' settings under XDG names (`~/.config/msmtp/config`,
    // `~/.config/offlineimap/config`), pgcli's DSN aliases, a PKI's private directory.
    ("msmtp", "config"),
    ("offlineimap", "config"),
    ("isync", "config"),
    ("pgcli", "config"),
    ("pki", "private"),
    // Electrum's wallets.
    ("electrum", "wallets"),
    (".electrum", "wallets"),
    // Cloud agents' provisioning state: cloud-init's copies of user data, scripts and
    // instance data (`/var/lib/cloud/instance/user-data.txt`), Azure's agent (`ovf-env.xml`
    // with the admin password, `CustomData`, the certificates' private keys).
    ("lib", "cloud"),
    ("lib", "waagent"),
    // Daemons' state holding keys: Bluetooth's link keys (`/var/lib/bluetooth/ADAPTER/DEVICE/
    // info`), Teleport's host keys and certificates, macOS's local accounts (password hashes).
    ("lib", "bluetooth"),
    ("lib", "teleport"),
    ("dslocal", "nodes"),
    // Password files of daemons under generic names: Squid's basic-auth file, sendmail's relay
    // logins, Courier's user database, vsftpd's virtual users (a login line, then its
    // password), Transmission's RPC password, Deluge's daemon logins,
    // Dolibarr's `conf/conf.php`.
    ("squid", "passwd"),
    ("squid", "passwords"),
    ("mail", "authinfo"),
    ("courier", "userdb"),
    ("vsftpd", "virtual_users.txt"),
    ("transmission", "settings.json"),
    ("deluge", "auth"),
    ("conf", "conf.php"),
    // Media and self-hosted servers' settings under generic names: Plex's account token
    // (`PlexOnlineToken`), Caddy's running configuration (API tokens, basic-auth hashes),
    // Syncthing's API key and GUI password, UniFi's database passwords, Ansible's inventory
    // (`ansible_password=`), Jupyter's running servers (each one's token).
    ("plex media server", "preferences.xml"),
    ("caddy", "autosave.json"),
    ("syncthing", "config.xml"),
    ("ansible", "hosts"),
    ("jupyter", "runtime"),
    // Desktop clients whose data directory keeps saved API keys, environments and logins
    // (Insomnia, Postman, Keybase's device keys), and editors' secret storage (VS Code's
    // `state.vscdb`, its tokens encrypted with a fixed key where no keyring runs).
    (".config", "insomnia"),
    (".config", "postman"),
    (".config", "keybase"),
    ("share", "keybase"),
    ("globalstorage", "state.vscdb"),
    // Windows' DPAPI master keys (they decrypt every saved credential of the user), age
    // identities kept by gopass.
    ("microsoft", "protect"),
    // Windows' Credential Manager vaults (`AppData/Local/Microsoft/Vault`: web and Windows
    // credentials).
    ("microsoft", "vault"),
    ("age", "identities"),
    // UniFi's database (its admins' hashes and devices' keys).
    ("unifi", "db"),
    // Exporters' data source names (`DATA_SOURCE_NAME=user:pass@...`), Spinnaker's Halyard
    // settings (every account's credentials).
    ("default", "prometheus-mysqld-exporter"),
    ("default", "prometheus-postgres-exporter"),
    // backupninja's handlers (`/etc/backup.d/20.borg`: passphrases, database passwords),
    // Duplicacy's preferences (storage keys and passwords), MinIO client's aliases.
    ("etc", "backup.d"),
    (".duplicacy", "preferences"),
    ("mc", "config.json"),
    // FreeIPA's saved passwords.
    ("ipa", "passwds"),
    (".hal", "config"),
    // Authenticator apps' data on the desktop (every account's TOTP seed).
    (".config", "aegis"),
    (".config", "otpclient"),
    // Package managers and data tools keeping tokens and passwords under XDG names: pnpm's
    // global `rc` (an npmrc), Conan's remotes' logins, Snowflake's connections, dbt's
    // profiles outside `.dbt`.
    ("pnpm", "rc"),
    (".conan", ".conan.db"),
    (".conan2", ".conan.db"),
    // Cloud and DNS providers' CLIs keeping a login under an XDG name: UpCloud's `upctl`
    // (user and password), IONOS' `ionosctl` (token or password), Gandi's CLI (API key),
    // Volcengine's CLI (access keys), Hex's key under XDG.
    (".config", "upctl.yaml"),
    ("ionosctl", "config.json"),
    ("gandi", "config.yaml"),
    (".volcengine", "config.json"),
    ("hex", "hex.config"),
    ("snowflake", "connections.toml"),
    ("snowflake", "config.toml"),
    ("dbt", "profiles.yml"),
    // Fediverse and self-hosted servers' settings at their install's top (a source tree keeps
    // its `config.exs` and examples deeper): Pleroma's and Akkoma's release settings
    // (`/etc/pleroma/config.exs`), GoToSocial's `config.yaml`, WriteFreely's `config.ini`
    // (database logins), HedgeDoc's `config.json` (its session secret, database URL).
    // Home Assistant's Nabu Casa login (its access and refresh tokens), Woodpecker's agents'
    // and server's environment (the shared agent secret).
    (".storage", "cloud"),
    ("default", "woodpecker-agent"),
    ("default", "woodpecker-server"),
    ("pleroma", "config.exs"),
    ("akkoma", "config.exs"),
    ("gotosocial", "config.yaml"),
    ("gotosocial", "config.yml"),
    ("writefreely", "config.ini"),
    ("hedgedoc", "config.json"),
    ("codimd", "config.json"),
    // Grafana's provisioning of data sources, plugins, notifiers and alerting contact points
    // (`secureJsonData`, `secure_settings`: passwords, tokens, webhook URLs); its dashboards'
    // providers stay readable. Its LDAP settings (`bind_password`).
    ("provisioning", "datasources"),
    ("provisioning", "plugins"),
    ("provisioning", "notifiers"),
    ("provisioning", "alerting"),
    ("grafana", "ldap.toml"),
    // Build tools' settings kept in a project or a home: Maven's per-project settings and
    // command-line options (`-Dgpg.passphrase=`), Gradle's init scripts (repository logins),
    // Leiningen's profiles (`:repository-auth`), mamba's tokens, rebar3's Hex keys, Earthly's
    // session.
    (".mvn", "settings.xml"),
    (".mvn", "maven.config"),
    // The JVM's options for Maven in a project (`-Djavax.net.ssl.keyStorePassword=`,
    // `-Dgpg.passphrase=` as Maven's own options are).
    (".mvn", "jvm.config"),
    // Chalice's stages (`environment_variables` with the functions' secrets).
    (".chalice", "config.json"),
    // Go's `go env -w` settings (`GOPROXY`/`GOAUTH` with a registry login), Poetry's settings
    // (`http-basic.*.password`, `pypi-token.*` when no keyring is at hand), cabal's settings in
    // the XDG place (`password:` of Hackage), irssi's servers (`password`, SASL), Salt's SSH
    // roster (`passwd:` per host).
    ("go", "env"),
    ("pypoetry", "config.toml"),
    ("cabal", "config"),
    ("irssi", "config"),
    ("salt", "roster"),
    (".gradle", "init.d"),
    (".gradle", "init.gradle"),
    (".gradle", "init.gradle.kts"),
    (".lein", "profiles.clj"),
    (".mamba", "auth"),
    ("rebar3", "hex.config"),
    (".earthly", "auth.jwt"),
    // meli's accounts (`server_password`).
    ("meli", "config.toml"),
    // Mutt's and NeoMutt's per-account settings (`set imap_pass=...`), netctl's profiles
    // (Wi-Fi keys, 802.1X passwords).
    (".mutt", "accounts"),
    ("mutt", "accounts"),
    ("neomutt", "accounts"),
    ("etc", "netctl"),
    // OpenVPN 3's imported profiles (inline keys) and their autoload settings (`user-auth`).
    ("openvpn3", "configs"),
    ("openvpn3", "autoload"),
    // Salt Cloud's providers (each cloud's API keys), Vault's server settings below `vault`
    // (a seal's or a storage backend's credentials), as under `vault.d`.
    ("salt", "cloud.providers"),
    ("salt", "cloud.providers.d"),
    ("vault", "vault.hcl"),
    // forgejo-cli's tokens, gptme's API keys (`[env]`).
    ("forgejo-cli", "keys.json"),
    // imapfilter's, vdirsyncer's and imapnotify's settings (IMAP and CalDAV passwords).
    (".imapfilter", "config.lua"),
    ("imapfilter", "config.lua"),
    ("vdirsyncer", "config"),
    (".vdirsyncer", "config"),
    ("imapnotify", "config.json"),
    ("goimapnotify", "config.json"),
    ("gptme", "config.toml"),
];

/// A directory anywhere above a file of the names given (`*.ext` for any name with that
/// extension) whose settings hold passwords: Gitea's `app.ini` under `custom/conf`,
/// Asterisk's channel and manager settings, CouchDB's admins (`local.ini`, `local.d/*.ini`),
/// Zigbee2MQTT's network key.
const ANCESTORS: &[(&str, &[&str])] = &[
    // Redis' and its forks' settings under any name (`/etc/redis/6379.conf` as its installer
    // writes it, `redis-6380.conf`, `/etc/valkey/valkey-sentinel.conf`): `requirepass`,
    // `masterauth`, ACL users' passwords.
    // Dokku's applications' environments (`/home/dokku/<app>/ENV`: every variable set with
    // `dokku config:set`), Akeyless' CLI profiles (`~/.akeyless/profiles/<name>.toml`: the
    // access key).
    ("dokku", &["env"]),
    (".akeyless", &["*.toml"]),
    ("redis", &["*.conf"]),
    ("valkey", &["*.conf"]),
    ("keydb", &["*.conf"]),
    // OpenLDAP's databases (`/var/lib/ldap/data.mdb`, `openldap-data/data.mdb`, Berkeley DB's
    // `id2entry.bdb`): every entry, `userPassword` hashes and the admin's included.
    ("ldap", &["*.mdb", "*.bdb"]),
    ("openldap", &["*.mdb", "*.bdb"]),
    ("openldap-data", &["*.mdb", "*.bdb"]),
    // Jenkins' global settings, and its jobs' and agents' (`jobs/<job>/config.xml`,
    // `nodes/<agent>/config.xml`): secrets as `{AQAAABAAAAAQ...}` blobs the home's
    // `secrets/master.key` opens, and plain passwords of plugins that keep them so.
    ("jenkins", &["config.xml"]),
    ("jenkins_home", &["config.xml"]),
    (".jenkins", &["config.xml"]),
    // Gitea's, Forgejo's and act's runners: the settings hold the `envs` handed to every job
    // and the registration (`.runner`) beside them.
    ("act_runner", &["config.yaml", "config.yml", ".runner"]),
    ("act-runner", &["config.yaml", "config.yml", ".runner"]),
    ("gitea-runner", &["config.yaml", "config.yml", ".runner"]),
    ("gitea_runner", &["config.yaml", "config.yml", ".runner"]),
    ("forgejo-runner", &["config.yaml", "config.yml", ".runner"]),
    ("forgejo_runner", &["config.yaml", "config.yml", ".runner"]),
    // PuppetDB's database logins.
    ("puppetdb", &["database.ini", "read-database.ini"]),
    // Talos' machine configurations (the cluster's token and secrets) in a Talos directory.
    ("talos", &["worker.yaml", "worker.yml", "controlplane.yaml"]),
    (
        ".talos",
        &["worker.yaml", "worker.yml", "controlplane.yaml"],
    ),
    // Chat bots' settings: Errbot's `BOT_IDENTITY`, Sopel's and Limnoria's (Supybot's) network
    // and NickServ passwords and API keys.
    ("errbot", &["config.py"]),
    ("sopel", &["*.cfg"]),
    (".sopel", &["*.cfg"]),
    ("limnoria", &["*.conf"]),
    ("supybot", &["*.conf"]),
    ("gitea", &["app.ini"]),
    ("gogs", &["app.ini"]),
    ("forgejo", &["app.ini"]),
    (
        "asterisk",
        &[
            "sip.conf",
            "pjsip.conf",
            "pjsip_wizard.conf",
            "iax.conf",
            "manager.conf",
            "voicemail.conf",
            "ari.conf",
        ],
    ),
    ("couchdb", &["local.ini", "*.ini"]),
    // Self-hosted apps whose one settings file or database holds their secrets: Authelia's
    // JWT, session and storage keys and SMTP/LDAP passwords, wg-easy's WireGuard private keys,
    // Gluetun's control server logins, Semaphore's encryption keys, Calibre-Web's users and
    // mail password, Homarr's integration credentials, containerd's registry logins, CrowdSec
    // bouncers' API keys, homepage's widget API keys, Vault's `operator init` output (unseal
    // keys and the root token) as operators save it.
    ("authelia", &["configuration.yml", "configuration.yaml"]),
    ("wg-easy", &["wg0.json"]),
    ("gluetun", &["config.toml"]),
    ("semaphore", &["config.json"]),
    ("calibre-web", &["app.db"]),
    ("homarr", &["db.sqlite"]),
    ("containerd", &["config.toml"]),
    ("bouncers", &["*.yaml", "*.yml"]),
    (
        "homepage",
        &["services.yaml", "settings.yaml", "widgets.yaml"],
    ),
    (
        "vault",
        &[
            "init.json",
            "init.txt",
            "vault-init.json",
            "init-keys.json",
            "init-output.json",
            "init-output.txt",
            "init.out",
        ],
    ),
    // AmneziaWG's interfaces (WireGuard's `PrivateKey`).
    ("amneziawg", &["*.conf"]),
    // Brokers', databases' and identity servers' settings that hold their keys and passwords:
    // Kafka clients' SASL and keystore passwords (a client's settings file exists for them; the
    // broker's `server.properties` is read for its listeners), Cassandra's keystore password,
    // QuestDB's `pg.password`, ClickHouse's users and interserver credentials, SeaweedFS' JWT
    // keys, SSSD's bind passwords, step-ca's provisioners and database, LLDAP's users,
    // ZITADEL's master key, Keycloak's H2 database, Pomerium's shared and cookie secrets,
    // innernet's and Clash's (mihomo's) keys and proxy passwords, rathole's tokens, chisel's
    // users, acme.sh's DNS API keys.
    ("kafka", &["client.properties", "client-ssl.properties"]),
    ("cassandra", &["cassandra.yaml"]),
    ("questdb", &["server.conf"]),
    ("clickhouse-server", &["*.xml", "*.yaml", "*.yml"]),
    ("seaweedfs", &["security.toml"]),
    ("sssd", &["*.conf"]),
    ("step-ca", &["ca.json"]),
    (".step", &["ca.json"]),
    ("lldap", &["users.db"]),
    ("zitadel", &["*.yaml", "*.yml"]),
    ("pomerium", &["*.yaml", "*.yml"]),
    ("innernet", &["*.conf"]),
    ("clash", &["*.yaml", "*.yml"]),
    ("mihomo", &["*.yaml", "*.yml"]),
    ("rathole", &["*.toml"]),
    ("chisel", &["users.json"]),
    ("acme", &["account.conf"]),
    // Fediverse servers' settings: PeerTube's and Misskey's database passwords and secrets.
    ("peertube", &["production.yaml", "local-production.json"]),
    ("misskey", &["default.yml"]),
    // Log, trace and metric pipelines whose settings hold the remote store's keys (S3
    // `secret_access_key`, exporters' `Authorization` headers, `basic_auth` passwords), under
    // the directories their packages install: Promtail, Loki, Mimir, Tempo, the OpenTelemetry
    // Collector, Grafana Alloy, Vector, Fluent Bit, fluentd, Logstash's pipelines.
    ("promtail", &["*.yml", "*.yaml"]),
    ("loki", &["*.yml", "*.yaml"]),
    ("mimir", &["*.yml", "*.yaml"]),
    ("tempo", &["*.yml", "*.yaml"]),
    ("otelcol", &["*.yml", "*.yaml"]),
    ("otelcol-contrib", &["*.yml", "*.yaml"]),
    ("alloy", &["*.alloy"]),
    ("vector", &["*.toml", "*.yml", "*.yaml", "*.json"]),
    ("fluent-bit", &["*.conf", "*.yml", "*.yaml"]),
    ("td-agent", &["*.conf"]),
    ("fluentd", &["*.conf"]),
    ("logstash", &["*.conf", "logstash.yml"]),
    // open-iscsi's per-target records (`nodes/<target>/<portal>/default`): CHAP passwords.
    ("iscsi", &["default"]),
    // ifupdown's interfaces (`wpa-psk`, `wpa-password` for Wi-Fi and PPPoE).
    ("network", &["interfaces"]),
    ("interfaces.d", &["*"]),
    // cloud-init's settings drop-ins (`chpasswd`, users' passwords, the installer's answers).
    ("cloud.cfg.d", &["*.cfg"]),
    // GRUB's boot passwords: RHEL's `user.cfg` (`GRUB2_PASSWORD`), the `password_pbkdf2` lines
    // written into `grub.d` scripts.
    ("grub", &["user.cfg"]),
    ("grub2", &["user.cfg"]),
    (
        "grub.d",
        &["40_custom", "41_custom", "01_users", "01_password"],
    ),
    // libvirt's domain definitions: VNC and SPICE passwords (`passwd='...'`).
    ("libvirt", &["*.xml"]),
    // OpenEthereum's (Parity's) key store.
    ("io.parity.ethereum", &["*"]),
    // Maven's global settings (`/etc/maven/settings.xml`, `/opt/maven/conf/settings.xml`):
    // `<server>` passwords, as in `~/.m2`.
    ("maven", &["settings.xml", "settings-security.xml"]),
    ("zigbee2mqtt", &["configuration.yaml"]),
    ("z2m", &["configuration.yaml"]),
    // Deluge's daemon logins (`/var/lib/deluged/config/auth`).
    ("deluged", &["auth"]),
    // Jupyter's settings (the server's token and password hash).
    (
        ".jupyter",
        &[
            "jupyter_server_config.json",
            "jupyter_server_config.py",
            "jupyter_notebook_config.json",
            "jupyter_notebook_config.py",
        ],
    ),
    // Media and self-hosted services' settings under generic names: Bazarr's and Tautulli's
    // API keys and passwords, Overseerr's and Jellyseerr's Plex and API tokens, FlexGet's
    // tracker passkeys, PhotoPrism's admin password, Prosody's settings and its accounts
    // (`accounts/NAME.dat`, the password in clear), BitlBee's settings and users' saved
    // passwords, OctoPrint's users (hashes and API keys), Home Assistant's integration tokens.
    ("bazarr", &["config.ini", "config.yaml"]),
    ("tautulli", &["config.ini"]),
    ("overseerr", &["settings.json"]),
    ("jellyseerr", &["settings.json"]),
    ("flexget", &["config.yml"]),
    (".flexget", &["config.yml"]),
    ("photoprism", &["options.yml"]),
    ("prosody", &["prosody.cfg.lua", "*.cfg.lua", "*.dat"]),
    ("bitlbee", &["bitlbee.conf", "*.xml"]),
    ("octoprint", &["users.yaml"]),
    (".octoprint", &["users.yaml"]),
    (
        ".storage",
        &[
            "core.config_entries",
            "auth_provider.homeassistant",
            "application_credentials",
            // Each phone's registration: its webhook and the secret its messages are
            // encrypted with.
            "mobile_app",
        ],
    ),
    // Minecraft's `rcon.password` (Kafka's `server.properties` elsewhere is ordinary).
    ("minecraft", &["server.properties"]),
    // UniFi's database passwords (`/usr/lib/unifi/data/system.properties`).
    ("unifi", &["system.properties"]),
    // Steam's login tokens (`config.vdf`) and saved accounts.
    (".steam", &["config.vdf"]),
    ("steam", &["config.vdf"]),
    // Ansible inventories kept as a directory: `inventory/hosts`, `inventories/prod/hosts.yml`.
    (
        "inventory",
        &["hosts", "hosts.ini", "hosts.yml", "hosts.yaml", "*.ini"],
    ),
    (
        "inventories",
        &["hosts", "hosts.ini", "hosts.yml", "hosts.yaml", "*.ini"],
    ),
    // Windows' hives under `System32/config`, Group Policy Preferences (`cpassword`),
    // MicroK8s' credentials under the snap's revision directories.
    ("system32", &["sam", "system", "security"]),
    (
        "preferences",
        &[
            "groups.xml",
            "services.xml",
            "scheduledtasks.xml",
            "datasources.xml",
            "drives.xml",
            "printers.xml",
        ],
    ),
    (
        "microk8s",
        &[
            "client.config",
            "known_tokens.csv",
            "basic_auth.csv",
            "callback-token.txt",
        ],
    ),
    // Mail servers' password files and lookup settings under generic names: Dovecot's
    // passwd-files (`users`, `master-users`), Exim's SMTP AUTH `passwd`, Courier's
    // authentication modules (the database's or directory's password), rspamd's controller
    // (its password hash).
    (
        "dovecot",
        &[
            "users",
            "master-users",
            "passwd.masterusers",
            "dovecot-users",
            "*.passwd",
        ],
    ),
    ("exim4", &["passwd"]),
    ("exim", &["passwd"]),
    ("courier", &["authmysqlrc", "authpgsqlrc", "authldaprc"]),
    ("authlib", &["authmysqlrc", "authpgsqlrc", "authldaprc"]),
    ("rspamd", &["controller.inc", "worker-controller.inc"]),
    // RADIUS clients' shared secrets (`servers`), FreeRADIUS' users (`Cleartext-Password`),
    // SNMP trap receivers' communities and users, DRBD resources' `shared-secret`, CUPS'
    // printers (device URIs with passwords; the file is root's alone for that reason).
    ("radcli", &["servers"]),
    ("radiusclient", &["servers"]),
    ("radiusclient-ng", &["servers"]),
    ("raddb", &["users"]),
    ("freeradius", &["users"]),
    ("snmp", &["snmptrapd.conf"]),
    ("drbd.d", &["*.res"]),
    ("cups", &["printers.conf"]),
    // Monitoring: Netdata's streaming API keys, Icinga 2's ticket salt and API users.
    ("netdata", &["stream.conf", "health_alarm_notify.conf"]),
    // RainLoop's and SnappyMail's admin login, Mailman 3's REST password and web secret,
    // Seafile's database settings, Node-RED's credential secret and admin hash, Cacti's
    // database login, Icinga 2's API ticket salt, Elasticsearch's file realm users,
    // Pterodactyl Wings' token, the old Datadog agent's API key.
    ("rainloop", &["application.ini"]),
    ("snappymail", &["application.ini"]),
    ("mailman3", &["mailman.cfg", "mailman-web.py"]),
    ("seafile", &["seafile.conf", "ccnet.conf"]),
    ("node-red", &["settings.js"]),
    (".node-red", &["settings.js"]),
    ("cacti", &["debian.php", "config.php"]),
    ("icinga2", &["api.conf"]),
    ("elasticsearch", &["users"]),
    ("pterodactyl", &["config.yml"]),
    ("dd-agent", &["datadog.conf"]),
    (
        "icinga2",
        &[
            "constants.conf",
            "api-users.conf",
            "ido-mysql.conf",
            "ido-pgsql.conf",
        ],
    ),
    // Nagios' `resource.cfg` (its `$USERn$` macros hold the checks' passwords), Checkmk's
    // users and automation secrets, Splunk's users and the settings holding `pass4SymmKey`
    // and `sslPassword`, Elastic Agent's settings, Rundeck's server password, TeamCity's and
    // Artifactory's database settings, Drone's database.
    ("nagios", &["resource.cfg"]),
    ("nagios3", &["resource.cfg"]),
    ("nagios4", &["resource.cfg"]),
    ("check_mk", &["users.mk", "automation.secret"]),
    (
        "splunk",
        &[
            "passwd",
            "server.conf",
            "outputs.conf",
            "authentication.conf",
        ],
    ),
    (
        "splunkforwarder",
        &[
            "passwd",
            "server.conf",
            "outputs.conf",
            "authentication.conf",
        ],
    ),
    ("elastic-agent", &["elastic-agent.yml"]),
    ("rundeck", &["framework.properties"]),
    ("buildserver", &["database.properties"]),
    ("teamcity", &["database.properties"]),
    ("artifactory", &["system.yaml"]),
    ("drone", &["database.sqlite"]),
    // Backup tools' settings with repository passphrases and targets' keys: borgmatic in its
    // dot directory, duplicity's environment, Bareos' daemons, burp's server and clients,
    // rustic, LIO's and tgt's iSCSI targets (CHAP passwords), dbconfig-common's database
    // passwords, DirectAdmin's MySQL root, CyberPanel's and PostfixAdmin's settings.
    (".borgmatic", &["*.yaml", "*.yml"]),
    ("duplicity", &["env", "*.env", "*.conf"]),
    ("bareos", &["*.conf"]),
    ("burp", &["burp.conf", "burp-server.conf"]),
    ("clientconfdir", &["*"]),
    ("rustic", &["*.toml"]),
    ("target", &["saveconfig.json"]),
    ("tgt", &["targets.conf", "*.conf"]),
    ("dbconfig-common", &["*.conf"]),
    ("directadmin", &["mysql.conf"]),
    ("cybercp", &["settings.py"]),
    ("postfixadmin", &["config.local.php"]),
    // NSS databases' and 389 Directory Server's PIN and password files (FreeIPA's
    // `nssdb/pwdfile.txt`, `slapd-*/pin.txt`), acme.sh's DNS API keys (`SAVED_CF_Key`...).
    ("nssdb", &["pwdfile.txt", "pin.txt", "password.txt"]),
    ("dirsrv", &["pin.txt", "pwdfile.txt"]),
    (".acme.sh", &["account.conf"]),
    // acme.sh installed with its configuration home in `/etc/acme.sh` (`--config-home`),
    // Node-RED's settings (its `credentialSecret`) where a compose file mounts `nodered/`,
    // UpCloud's CLI (`upctl.yaml`: the account's user and password).
    ("acme.sh", &["account.conf"]),
    ("nodered", &["settings.js"]),
    ("upcloud", &["upctl.yaml"]),
    // Backup and home automation: Duplicati's server database (backup passphrases and
    // targets' credentials), Homebridge's settings (plugins' passwords, the bridge's PIN) and
    // users, openHAB's users (password hashes and API tokens).
    ("duplicati", &["*.sqlite"]),
    (".homebridge", &["config.json", "auth.json"]),
    ("homebridge", &["config.json", "auth.json"]),
    ("jsondb", &["users.json"]),
    // Kubernetes' encryption at rest (the AES keys of every Secret), web servers' password
    // files named `passwd`.
    (
        "kubernetes",
        &[
            "encryption.yaml",
            "encryption.yml",
            "encryption-config.yml",
            "encryption-provider-config.yaml",
            "encryptionconfig.yaml",
        ],
    ),
    ("httpd", &["passwd", "*.passwd"]),
    ("apache2", &["passwd", "*.passwd"]),
    // Proxies and tunnels whose settings are the credential (their password, UUID or token):
    // Shadowsocks, V2Ray, Xray, Trojan, Hysteria, sing-box, NPS, Cloudflare DDNS.
    ("shadowsocks", &["config.json", "*.json"]),
    ("shadowsocks-libev", &["config.json", "*.json"]),
    ("v2ray", &["config.json"]),
    ("xray", &["config.json"]),
    ("trojan", &["config.json"]),
    ("hysteria", &["config.yaml", "config.json"]),
    ("sing-box", &["config.json"]),
    ("nps", &["nps.conf"]),
    ("cloudflare-ddns", &["config.json"]),
    // Brokers' users and tokens: RabbitMQ's exported definitions (password hashes), NATS'
    // server settings (users, passwords and tokens).
    ("rabbitmq", &["definitions.json"]),
    ("nats", &["nats-server.conf", "nats.conf"]),
    // Home automation and cameras: openHAB's users, Frigate's and Motion's camera logins,
    // Shinobi's database and super user, PowerDNS' API key.
    ("openhab", &["users.cfg"]),
    ("openhab2", &["users.cfg"]),
    ("frigate", &["config.yml", "config.yaml"]),
    ("motion", &["motion.conf"]),
    ("shinobi", &["conf.json", "super.json"]),
    ("pdns.d", &["*.conf"]),
    // Google Drive FUSE's state (its refresh token), WeeChat's IRC settings (SASL and server
    // passwords when not moved to `sec.conf`), Element's SSO sessions, AI coding tools' API
    // keys and MCP servers (`.cursor/mcp.json`), Rails' old hard-coded `secret_token.rb`,
    // servlet containers' `context.xml` (a `<Resource>` with its password).
    ("google-drive-ocamlfuse", &["state"]),
    (".gdfuse", &["state"]),
    ("weechat", &["irc.conf"]),
    (".weechat", &["irc.conf"]),
    ("element", &["sso-sessions.json"]),
    (".codeium", &["config.json"]),
    (".continue", &["config.json", "config.yaml"]),
    (".cursor", &["mcp.json"]),
    ("initializers", &["secret_token.rb"]),
    ("meta-inf", &["context.xml"]),
    ("conf", &["context.xml"]),
    // Apache Guacamole's users and their connections' passwords (`user-mapping.xml`) and its
    // database login (`guacamole.properties`); Graylog's `password_secret` and root password
    // hash; Discourse's container definitions (`app.yml`: SMTP and database passwords);
    // InfluxDB 2's store of API tokens and users.
    ("guacamole", &["user-mapping.xml", "guacamole.properties"]),
    (".guacamole", &["user-mapping.xml", "guacamole.properties"]),
    ("graylog", &["server.conf"]),
    ("discourse", &["*.yml"]),
    ("influxdb", &["influxd.bolt", "influxd.sqlite"]),
    (".influxdbv2", &["influxd.bolt", "influxd.sqlite"]),
    // Home-lab services whose secrets sit a directory or two below the service's own
    // (`/mosquitto/config/password_file`, Debian's `transmission-daemon/info/settings.json`):
    // Mosquitto's password files, Transmission's RPC password, Pi-hole's CLI password,
    // Authelia's settings, users and storage (TOTP secrets, WebAuthn keys), Keycloak's
    // embedded database (realm keys, client secrets, password hashes), Z-Wave JS UI's network
    // security keys, Nginx Proxy Manager's database (users and DNS providers' credentials).
    (
        "mosquitto",
        &[
            "passwd",
            "pwfile",
            "password_file",
            "passwordfile",
            "*.passwd",
        ],
    ),
    ("transmission-daemon", &["settings.json"]),
    // Syncthing's settings (the GUI's password hash and API key) below its folder.
    ("syncthing", &["config.xml"]),
    ("pihole", &["cli_pw", "setupvars.conf", "pihole.toml"]),
    (
        "authelia",
        &[
            "configuration.yml",
            "configuration.yaml",
            "users_database.yml",
            "users_database.yaml",
            "db.sqlite3",
        ],
    ),
    ("keycloak", &["*.mv.db", "keycloak.conf"]),
    ("zwave-js-ui", &["settings.json"]),
    ("zwavejs", &["settings.json"]),
    ("zwavejs2mqtt", &["settings.json"]),
    ("nginx-proxy-manager", &["database.sqlite", "keys.json"]),
    // Fediverse servers' settings under generic names: Pleroma's and Akkoma's
    // `prod.secret.exs` (the database password, `secret_key_base`, the signing salt), Lemmy's
    // `config.hjson`, Friendica's `local.config.php` (their sources ship `defaults.hjson` and
    // `local-sample.config.php` instead).
    ("pleroma", &["prod.secret.exs"]),
    ("akkoma", &["prod.secret.exs"]),
    ("lemmy", &["config.hjson"]),
    ("friendica", &["local.config.php", "local.ini.php"]),
    // Media managers' API keys in a container's volume (`/opt/radarr/config/config.xml`),
    // Keycloak's realm exports (client secrets, SMTP and identity providers' passwords),
    // Traefik's basic-auth users file, Nextcloud's further `*.config.php` (S3's secret,
    // Redis' password), Harbor's components' `env` (their shared secrets), SeaweedFS' S3
    // identities, Kopia's repository settings (the storage's keys), resticprofile's profiles
    // and Backrest's settings (repositories' passwords and keys).
    ("radarr", &["config.xml"]),
    ("sonarr", &["config.xml"]),
    ("lidarr", &["config.xml"]),
    ("prowlarr", &["config.xml"]),
    ("readarr", &["config.xml"]),
    ("whisparr", &["config.xml"]),
    ("keycloak", &["*-realm.json"]),
    // OpenVPN Access Server's databases (users' password hashes and TOTP secrets, the
    // certificates' private keys), Unraid Connect's settings (its API key and tokens).
    ("openvpn_as", &["*.db"]),
    ("dynamix.my.servers", &["myservers.cfg"]),
    ("traefik", &["usersfile", "users.htpasswd"]),
    ("nextcloud", &["*.config.php"]),
    ("harbor", &["env"]),
    ("seaweedfs", &["s3.json"]),
    ("kopia", &["repository.config"]),
    (
        "resticprofile",
        &[
            "profiles.yaml",
            "profiles.yml",
            "profiles.toml",
            "profiles.conf",
            "profiles.json",
        ],
    ),
    ("backrest", &["config.json"]),
    ("heidisql", &["portable_settings.txt"]),
    // Self-hosted services' settings under generic names: Sentry's secret key and mail
    // password, Jitsi's component secrets and XMPP passwords, ONLYOFFICE's JWT secret and
    // database login, NetBox's `SECRET_KEY` and database password.
    ("sentry", &["config.yml", "sentry.conf.py"]),
    ("jitsi", &["config", "sip-communicator.properties"]),
    ("documentserver", &["local.json"]),
    ("netbox", &["configuration.py"]),
    // More services' settings under generic names: Deluge's web password hash and its
    // connection manager's daemon logins, Mylar's and Requestrr's API keys and tokens,
    // Gotify's default admin, ntfy's users, tokens and Web Push key, Wiki.js' database login,
    // Technitium's users, Telegraf's further outputs, Synapse's appservice tokens, Kodi's
    // database and share logins, Beekeeper Studio's and usql's connections, RedisInsight's
    // databases.
    (
        "deluge",
        &["web.conf", "hostlist.conf", "hostlist.conf.1.2"],
    ),
    ("mylar", &["config.ini"]),
    ("mylar3", &["config.ini"]),
    ("requestrr", &["settings.json"]),
    ("gotify", &["config.yml"]),
    // ntfy's client settings hold its default token or password (`default-token`,
    // `default-password`).
    ("ntfy", &["server.yml", "user.db", "client.yml"]),
    ("wikijs", &["config.yml"]),
    ("wiki-js", &["config.yml"]),
    ("technitium", &["auth.config"]),
    ("telegraf.d", &["*.conf"]),
    (
        "matrix-synapse",
        &["registration.yaml", "*-registration.yaml"],
    ),
    ("synapse", &["registration.yaml", "*-registration.yaml"]),
    ("kodi", &["advancedsettings.xml", "sources.xml"]),
    (".kodi", &["advancedsettings.xml", "sources.xml"]),
    ("beekeeper studio", &["app.db"]),
    ("usql", &["config.yaml"]),
    (".usql", &["config.yaml"]),
    // Jenkins' configuration as code (credentials), Buildkite agents' environment hook (it
    // exports the pipelines' secrets), JetBrains IDEs' key to their password database.
    ("jenkins_home", &["jenkins.yaml", "jenkins.yml"]),
    ("jenkins", &["jenkins.yaml", "jenkins.yml"]),
    ("buildkite-agent", &["environment"]),
    // Semaphore CI's agent (`/opt/semaphore/agent/config.yaml`, its token) and self-hosted
    // Renovate's settings (its platform token, `hostRules` passwords).
    ("semaphore", &["config.yaml", "config.yml"]),
    ("renovate", &["config.js", "config.json", "config.json5"]),
    // GitLab Runner's settings where its container's volume is kept
    // (`/srv/gitlab-runner/config/config.toml`).
    ("gitlab-runner", &["config.toml"]),
    ("jetbrains", &["c.pwd"]),
    ("redis-insight", &["redisinsight.db"]),
    (".redis-insight", &["redisinsight.db"]),
    // Tunnels' and proxies' servers: Outline's management URL (`access.txt`, its secret in
    // the path) and access keys, trojan-go's, NaiveProxy's, TUIC's and GOST's users and
    // passwords, innernet's server keys, the L2TP client's PPP login (`options.l2tpd.client`,
    // as the common setup guides write it).
    ("outline", &["access.txt", "shadowbox_config.json"]),
    ("trojan-go", &["config.json", "*.json", "*.yaml"]),
    ("naiveproxy", &["config.json", "caddyfile"]),
    ("tuic", &["config.json"]),
    (
        "gost",
        &[
            "config.yaml",
            "config.yml",
            "config.json",
            "gost.yaml",
            "gost.yml",
        ],
    ),
    ("innernet-server", &["*.conf"]),
    ("ppp", &["options.l2tpd.client", "options.xl2tpd"]),
    // More media and self-hosted apps' settings under generic names, where their folder is
    // kept or mounted: SickBeard's family (SickChill, SickRage, Medusa, SickGear),
    // Headphones', LazyLibrarian's and CouchPotato's API keys and downloaders' passwords,
    // NZBHydra's indexers' API keys, autobrr's
    // session secret, code-server's login password, SearXNG's secret key, Gotify's users and
    // application tokens, AWX's database login, Proxmox Backup Server's second factors, SSSD's
    // cached password hashes (logins offline).
    ("sickchill", &["config.ini"]),
    ("sickrage", &["config.ini"]),
    ("sickbeard", &["config.ini"]),
    ("medusa", &["config.ini"]),
    ("sickgear", &["config.ini"]),
    ("headphones", &["config.ini"]),
    ("lazylibrarian", &["config.ini"]),
    ("couchpotato", &["settings.conf", "config.ini"]),
    ("nzbhydra", &["nzbhydra.yml"]),
    ("nzbhydra2", &["nzbhydra.yml"]),
    ("autobrr", &["config.toml"]),
    ("code-server", &["config.yaml", "config.yml"]),
    ("searxng", &["settings.yml", "settings.yaml"]),
    ("searx", &["settings.yml", "settings.yaml"]),
    ("gotify", &["gotify.db"]),
    ("tower", &["credentials.py"]),
    ("awx", &["credentials.py"]),
    // (`proxmox-backup` is read without its `-backup`, as a copy's mark.)
    ("proxmox", &["tfa.json"]),
    ("sss", &["*.ldb"]),
];

/// Where the official images of home-lab services keep their secrets under names any program
/// uses (`/config/config.xml`): those paths as the container sees them. Sonarr's, Radarr's
/// and the other *arr apps' API keys, Frigate's camera logins, Zigbee2MQTT's network key,
/// Overseerr's and Jellyseerr's Plex and API tokens, Authelia's settings, Node-RED's
/// credentials.
const CONTAINER_APP_PATHS: &[&str] = &[
    "/config/config.xml",
    "/config/config.yml",
    "/config/config.yaml",
    "/app/data/configuration.yaml",
    "/config/configuration.yml",
    "/app/config/settings.json",
    "/data/flows_cred.json",
];

/// Matrix bridges' directories, by the prefix every bridge of a family shares
/// (`mautrix-telegram`, `matrix-appservice-irc`) or by name.
const BRIDGE_PREFIXES: &[&str] = &["mautrix-", "matrix-appservice-", "heisenbridge", "hookshot"];

/// A Matrix bridge's settings and registration (its `as_token` and `hs_token`, the bot's
/// logins, the database URI with its password, the encryption pickle key), and Conduit's
/// database: below a bridge's or Conduit's directory.
fn bridge_secret(ancestors: &[&str], name: &str) -> bool {
    let bridge = ancestors
        .iter()
        .any(|a| BRIDGE_PREFIXES.iter().any(|prefix| a.starts_with(prefix)));
    let settings = matches!(
        name,
        "config.yaml" | "config.yml" | "registration.yaml" | "registration.yml"
    ) || name.ends_with("-registration.yaml")
        || name == "heisenbridge.yaml";
    (bridge && settings)
        || (ancestors.iter().any(|a| a.contains("conduit")) && name == "conduit.db")
}

/// Whether a file named `name` below `ancestors` is one of [`ANCESTORS`].
fn below_ancestor(ancestors: &[&str], name: &str) -> bool {
    bridge_secret(ancestors, name)
        || ANCESTORS.iter().any(|(ancestor, names)| {
            ancestors.contains(ancestor)
                && names.iter().any(|n| match n.strip_prefix('*') {
                    // CouchDB's shipped `default.ini` holds its defaults, not the admins.
                    Some(extension) => name.ends_with(extension) && name != "default.ini",
                    None => *n == name,
                })
        })
}

/// A directory, any one directory below it, then a name: together they hold credentials.
/// Jenkins keeps each user's password hash and API tokens in `users/<id>/config.xml`,
/// fastlane its Apple ID sessions in `spaceship/<apple id>/cookie`, Docker each container's
/// settings, its environment's passwords with them, in `containers/<id>/config.v2.json`.
const GRANDPARENT_PAIRS: &[(&str, &str)] = &[
    ("users", "config.xml"),
    ("spaceship", "cookie"),
    ("containers", "config.v2.json"),
    // OBS Studio's streaming service per profile (the stream key).
    ("profiles", "service.json"),
    // dstack's server settings (`~/.dstack/server/config.yml`: its backends' cloud keys).
    (".dstack", "config.yml"),
];

/// Directories of public CA certificates: a `.pem` or `.crt` there is a certificate anyone may
/// read, not key material (a private key put there is still covered by containment and
/// redaction).
const PUBLIC_CERTIFICATES: &[&str] = &[
    "/etc/ssl/certs/",
    "/usr/share/ca-certificates/",
    "/usr/local/share/ca-certificates/",
    "/etc/pki/ca-trust/extracted/",
    "/etc/pki/tls/certs/",
    "/etc/ca-certificates/",
];

/// Directories of the public keys that sign APT's repositories.
const PUBLIC_KEYRINGS: &[&str] = &[
    "/usr/share/keyrings/",
    "/etc/apt/keyrings/",
    "/etc/apt/trusted.gpg.d/",
];

/// Archives' extensions, longest first.
const ARCHIVE_SUFFIXES: &[&str] = &[
    ".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst", ".tar", ".tgz", ".txz", ".tbz2", ".zip", ".7z",
    ".rar",
];

/// The name of the file a copy was made from: `name` without the marks backups, editors,
/// package managers, rotations, archives and unfinished transfers put on a copy
/// (`shadow.bak~`, `.shadow.swp`, `#shadow#`, `.#shadow`, `shadow.~1~`, `shadow-`,
/// `shadow.dpkg-old`, `shadow.1`, `shadow-20240101`, `shadow.gz`, `shadow.part`,
/// `shadow (copy)`), its letters' case kept. A name without such marks comes back as it is.
///
/// This is the one reading of copies' names: [`sensitive_path`] judges a copy as the file it
/// copies through it, and so does the command classifier for its own lists of files.
pub fn backup_original(name: &str) -> String {
    let lower = name.to_lowercase();
    let plain = undecorated(&lower);
    // `plain` is a slice of `lower`: the same bytes of `name` when lowering kept every
    // character's length (it does for ASCII, where the marks are).
    (plain.as_ptr() as usize)
        .checked_sub(lower.as_ptr() as usize)
        .filter(|_| lower.len() == name.len())
        .and_then(|start| name.get(start..start + plain.len()))
        .unwrap_or(plain)
        .to_owned()
}

/// `name` without backup and editor decorations (`.id_rsa.swp` -> `id_rsa`, `#x#` -> `x`).
fn undecorated(name: &str) -> &str {
    let mut name = name;
    loop {
        let before = name;
        if name.len() > 2 && name.starts_with('#') && name.ends_with('#') {
            name = &name[1..name.len() - 1];
        }
        // Emacs' lock of a file being edited (`.#shadow`), a link named for the file.
        if name.len() > 2
            && let Some(locked) = name.strip_prefix(".#")
        {
            name = locked;
        }
        // GNU `cp --backup=numbered` and `mv -b`'s copies (`shadow.~1~`), and the same number
        // written without the dot (`shadow~1~`).
        if let Some(stem) = name.strip_suffix('~')
            && let Some((stem, number)) = stem.rsplit_once('~')
            && let stem = stem.strip_suffix('.').unwrap_or(stem)
            && !stem.is_empty()
            && !number.is_empty()
            && number.chars().all(|c| c.is_ascii_digit())
        {
            name = stem;
        }
        // A date written in front (`2024-01-01-shadow`, `20240101_id_rsa`, `2024.01.01.env`).
        if let Some(at) =
            name.find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '_' || c == '.'))
            && at > 0
            && name[..at].chars().filter(char::is_ascii_digit).count() >= 6
            && name[..at].ends_with(['-', '_', '.'])
            && name.len() > at
        {
            let rest = &name[at..];
            // `2024.01.01.env` is a copy of `.env`: its dot is the name's own.
            name = if name[..at].ends_with('.') && name[at - 1..].len() > 1 && !rest.contains('.') {
                &name[at - 1..]
            } else {
                rest
            };
        }
        for suffix in BACKUP_SUFFIXES {
            if name.len() > suffix.len()
                && let Some(stripped) = name.strip_suffix(suffix)
                && stripped != "."
            {
                // Vim's swap file of `id_rsa` is `.id_rsa.swp`.
                name = if SWAP_SUFFIXES.contains(suffix) && stripped.len() > 1 {
                    stripped.strip_prefix('.').unwrap_or(stripped)
                } else {
                    stripped
                };
                break;
            }
        }
        // A numbered backup or copy mark: `shadow.bak2`, `.pgpass.old1`, `id_rsa_bak3`,
        // `shadow copy 2` (as macOS' Finder numbers copies), `shadow-copy-1`, `shadow.copy.2`.
        let unnumbered = name.trim_end_matches(|c: char| c.is_ascii_digit());
        let marked = unnumbered.trim_end_matches([' ', '-', '_', '.']);
        if unnumbered.len() < name.len()
            && unnumbered.len() - marked.len() <= 1
            && [
                ".bak", ".old", ".orig", ".backup", ".save", "_bak", "-bak", "_old", "-old",
                " copy", "-copy", "_copy", ".copy",
            ]
            .iter()
            .any(|mark| marked.len() > mark.len() && marked.ends_with(mark))
        {
            name = marked;
        }
        // Package managers' marks of a configuration file they kept, installed beside or
        // are replacing, whatever the action (`.dpkg-old`, `.dpkg-remove`, `.ucf-dist`,
        // `.rpmorig`).
        if let Some((stem, mark)) = name.rsplit_once('.')
            && !stem.is_empty()
            && (mark.starts_with("dpkg-")
                || mark.starts_with("ucf-")
                || matches!(
                    mark,
                    "rpmsave" | "rpmnew" | "rpmorig" | "pacnew" | "pacsave" | "pacorig"
                ))
        {
            name = stem;
        }
        name = without_version(without_date(name));
        if name == before {
            return name;
        }
    }
}

/// `name` without a trailing version suffix (`jfrog-cli.conf.v6`): older copies kept beside
/// the current file under the tool's own numbering.
fn without_version(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, version))
            if !stem.is_empty()
                && version.len() > 1
                && version.starts_with('v')
                && version[1..].chars().all(|c| c.is_ascii_digit()) =>
        {
            stem
        }
        _ => name,
    }
}

/// `name` without a trailing rotation number or date: `id_rsa.1`, `server.key.20240101`,
/// `server.key.2024-01-01`, `server.key-2024`, `shadow_2024-01-01T10:00`,
/// `shadow.20240101T120000Z`. After a `.` any number counts (logrotate's `.1`); after `-` or
/// `_` it needs four digits, so `id_ed25519`, `wg-0` and `key_1` keep their names.
fn without_date(name: &str) -> &str {
    for (at, separator) in name.char_indices().skip(1) {
        if !matches!(separator, '.' | '-' | '_') {
            continue;
        }
        let rest = &name[at + 1..];
        let dated = rest.starts_with(|c: char| c.is_ascii_digit())
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '_' | '.' | ':' | 't' | 'z'));
        let digits = rest.chars().filter(char::is_ascii_digit).count();
        if dated && (separator == '.' || digits >= 4) {
            return &name[..at];
        }
    }
    name
}

/// Extensions of source code: a file so named is code, whatever its stem says (`id_rsa_test.go`,
/// `deploy_rsa.rs`). `.php` is not here: `wp-config.php`, `config.php` and `env.php` are listed
/// by name, since PHP applications keep their passwords in PHP.
const SOURCE_EXTENSIONS: &[&str] = &[
    "py", "go", "rs", "js", "mjs", "cjs", "ts", "tsx", "jsx", "java", "kt", "scala", "c", "h",
    "cc", "cpp", "hpp", "cs", "rb", "swift", "md", "rst", "html",
];

/// Extensions of scripts a shell or Windows runs or sources (not program code).
const SCRIPT_EXTENSIONS: &[&str] = &[
    "sh", "bash", "zsh", "fish", "ksh", "ps1", "psm1", "bat", "cmd",
];

/// Whether a script's `stem` names the secrets it sets: a plural or singular noun of secrets
/// (`secrets`, `credentials`, `passwords`, `tokens`), alone or with an environment's name or
/// a word saying it sets them (`prod-secrets`, `set_credentials`, `.secrets`); a script acting
/// on secrets (`rotate-secrets.sh`, `check_passwords.sh`) stays readable.
fn script_of_secrets(stem: &str) -> bool {
    const NOUNS: &[&str] = &[
        "secrets",
        "secret",
        "credentials",
        "credential",
        "creds",
        "passwords",
        "password",
        "tokens",
    ];
    const QUALIFIERS: &[&str] = &[
        "set",
        "export",
        "exports",
        "load",
        "source",
        "env",
        "my",
        "app",
        "api",
        "db",
        "dev",
        "development",
        "test",
        "ci",
    ];
    let parts = crate::names::parts(stem.trim_start_matches('.'));
    let Some((last, others)) = parts.split_last() else {
        return false;
    };
    NOUNS.contains(&last.as_str())
        && others
            .iter()
            .all(|p| QUALIFIERS.contains(&p.as_str()) || SECRET_ENVIRONMENTS.contains(&p.as_str()))
}

/// What a key file is named for (`github_key`, `ssh-key`, `server_key`).
const KEY_OWNERS: &[&str] = &[
    // A certificate authority's key (step-ca's `root_ca_key`, `intermediate_ca_key`,
    // `ssh_user_ca_key`; `ca_key`).
    "ca",
    "ssh",
    "github",
    "gitlab",
    "bitbucket",
    "git",
    "gitea",
    "deploy",
    "server",
    "client",
    "host",
    "user",
    "repo",
    "private",
    "priv",
    "signing",
    "root",
    "node",
    "backup",
    "ci",
    // Key types and tools: `rsa_key`, `age-key`, `wg_key`, `jwt-key`.
    "rsa",
    "dsa",
    "ecdsa",
    "ed25519",
    "age",
    "sops",
    "gpg",
    "pgp",
    "wg",
    "wireguard",
    "vpn",
    "tls",
    "ssl",
    "jwt",
    // Concourse's `worker_key`, `tsa_host_key`, `session_signing_key`; `api_key`,
    // `secret_key`, `master_key`, `encryption-key` files written by installers.
    "worker",
    "tsa",
    "session",
    "api",
    "secret",
    "master",
    "encryption",
    "cluster",
    "machine",
];

/// Key file names by pattern: `id_rsa_github`, `deploy_rsa`, `gitlab_ed25519`,
/// `dropbear_rsa_host_key`, `wg-private`. Public halves (`.pub`) of host keys are not secrets.
fn key_by_pattern(name: &str) -> bool {
    // Every key type `ssh-keygen -t` writes and other tools name their keys by (`id_ed448`,
    // `id_x25519`, `deploy_secp256k1`, `signer_nistp256`).
    const ALGORITHMS: &[&str] = &[
        "rsa",
        "dsa",
        "ecdsa",
        "ed25519",
        "ed448",
        "xmss",
        "ecdsa_sk",
        "ed25519_sk",
        "x25519",
        "x448",
        "ecdh",
        "eddsa",
        "secp256k1",
        "secp256r1",
        "nistp256",
        "nistp384",
        "nistp521",
    ];
    if name.ends_with(".pub") {
        // Public halves (`id_ed25519.pub`, `ssh_host_rsa_key-cert.pub`) are not secrets.
        return false;
    }
    // Ethereum's key files as geth and every wallet name them, wherever they are kept
    // (`UTC--2020-01-01T00-00-00.000Z--<address>`).
    if name.starts_with("utc--") && name[5..].contains("--") {
        return true;
    }
    // Signing settings of Android and Gradle builds under any prefix
    // (`signing.keystore.properties`, `release-key.properties`): the store's and key's
    // passwords.
    if let Some(stem) = name.strip_suffix(".properties")
        && crate::names::parts(stem)
            .iter()
            .any(|p| matches!(p.as_str(), "keystore" | "signing"))
    {
        return true;
    }
    // `id_rsa_parser.py`, `id_rsa_test.go`, `deploy_rsa.rs`: code about keys, not keys.
    if name
        .rsplit_once('.')
        .is_some_and(|(_, ext)| SOURCE_EXTENSIONS.contains(&ext))
    {
        return false;
    }
    // Ethereum's keystore files: `UTC--2020-01-01T00-00-00.000Z--ADDRESS`.
    if name.starts_with("utc--") && name.contains("z--") {
        return true;
    }
    // `github_key`, `gitlab-key`, `server_key`, `.ssh-key`: a key by its qualifier, without an
    // extension.
    // A key saved as text or binary keeps its name's meaning (`age-key.txt`, `deploy_key.bin`).
    let bare = name.trim_start_matches('.');
    let bare = match bare.rsplit_once('.') {
        Some((stem, "txt" | "bin" | "dat" | "b64")) => stem,
        _ => bare,
    };
    if !bare.contains('.') {
        let parts = crate::names::parts(bare);
        if let [.., qualifier, last] = parts.as_slice()
            && last == "key"
            && KEY_OWNERS.contains(&qualifier.as_str())
        {
            return true;
        }
        // A replica set's shared key: `mongodb-keyfile`, `mongo_keyfile`.
        if parts.len() > 1 && parts.last().is_some_and(|p| p == "keyfile") {
            return true;
        }
    }
    if let Some(rest) = name.strip_prefix("id_")
        && ALGORITHMS.iter().any(|a| rest.starts_with(a))
    {
        return true;
    }
    // `ssh-keygen -f id_github`: `id_` and what the key is for, without an extension.
    if name.strip_prefix("id_").is_some_and(|rest| {
        !rest.is_empty()
            && !rest.contains('.')
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '@'))
    }) {
        return true;
    }
    let algorithm_suffix = ALGORITHMS.iter().any(|a| {
        name.strip_suffix(a)
            .is_some_and(|stem| stem.len() > 1 && (stem.ends_with('_') || stem.ends_with('-')))
    });
    let host_key = name.ends_with("key")
        && !name.contains('.')
        && (name.contains("_host_") || name.starts_with("host_"));
    let wireguard = (name.starts_with("wg-") || name.starts_with("wg_")) && name.contains("priv");
    algorithm_suffix || host_key || wireguard
}

fn stem_parts_of(stem: &str) -> Vec<String> {
    crate::names::parts(stem)
}

/// Whether `stem` is a Google Cloud project's id (six or more lower-case letters, digits and
/// dashes) and the 12 hex digits of a key's id, as the console names a downloaded key.
fn google_key_name(stem: &str) -> bool {
    stem.rsplit_once('-').is_some_and(|(project, id)| {
        project.len() >= 6
            && project
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
            && id.len() == 12
            && id
                .chars()
                .all(|ch| ch.is_ascii_hexdigit() && !ch.is_ascii_uppercase())
            && id.chars().any(|ch| ch.is_ascii_digit())
    })
}

/// Password managers (and browsers' saved logins) whose exports carry every login in clear.
const PASSWORD_MANAGERS: &[&str] = &[
    "bitwarden",
    "vaultwarden",
    "lastpass",
    "1password",
    "keepass",
    "keepassxc",
    "keepassx",
    "dashlane",
    "nordpass",
    "enpass",
    "protonpass",
    "keeper",
    "roboform",
    "passbolt",
    "psono",
    "zohovault",
    "safeincloud",
    "truekey",
    "logins",
];

/// Environments whose settings hold the deployed secrets (`settings/production.py`,
/// `settings_prod.py`); `base`, `dev` and `test` settings are shared with the code.
const SECRET_ENVIRONMENTS: &[&str] = &[
    "production",
    "prod",
    "staging",
    "stage",
    "live",
    "local",
    "secret",
    "secrets",
    "private",
    "deploy",
];

/// Names of a kind given by a pattern rather than a list: environment files in every
/// spelling, framework settings per environment, Ansible vault passwords, Vault's init
/// output, Pulumi stack settings, WireGuard and wpa_supplicant configurations, htpasswd files.
fn kind_by_pattern(name: &str) -> Option<&'static str> {
    const CODE: &[&str] = &[
        "js", "mjs", "cjs", "ts", "py", "sh", "go", "rs", "rb", "md", "example", "sample",
        "template", "dist", "d",
    ];
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    // Ethereum validators' keystores as the deposit CLI writes them (EIP-2335,
    // `keystore-m_12381_3600_0_0_0-1700000000.json`).
    if name.starts_with("keystore-m_") {
        return Some(KEY);
    }
    // Solana's keypairs (`deployer-keypair.json`, Anchor's `target/deploy/x-keypair.json`):
    // the private key as bytes.
    if name == "keypair.json" || name.ends_with("-keypair.json") || name.ends_with("_keypair.json")
    {
        return Some(KEY);
    }
    // Elixir's secret settings (`config/prod.secret.exs`, Pleroma's and Akkoma's too).
    if name.ends_with(".secret.exs") {
        return Some(SERVICE);
    }
    // etcd's snapshots (`etcdctl snapshot save`, k3s' and RKE2's `etcd-snapshot-<node>-<time>`)
    // hold every Kubernetes Secret in clear.
    if [
        "etcd-snapshot",
        "etcd_snapshot",
        "etcd-backup",
        "etcd_backup",
    ]
    .iter()
    .any(|prefix| name.starts_with(prefix))
    {
        return Some(STATE);
    }
    // Dumps of every database (`pg_dumpall`, `mysqldump --all-databases`) carry the roles'
    // password hashes (`ALTER ROLE ... PASSWORD`, the `mysql.user` rows) with the data.
    if matches!(extension, "sql" | "dump")
        && [
            "dumpall",
            "all-databases",
            "all_databases",
            "alldatabases",
            "mysql-all",
            "mysql_all",
        ]
        .iter()
        .any(|marker| stem.contains(marker))
    {
        return Some(STATE);
    }
    // `.env-prod`, `.env_prod`, `env.production` (not `env.js`, source code).
    if name.starts_with(".env-")
        || name.starts_with(".env_")
        || name
            .strip_prefix("env.")
            .is_some_and(|rest| !rest.contains('.') && !CODE.contains(&rest))
    {
        return Some(DOTFILE);
    }
    // ASP.NET's configuration transforms per build or environment (`Web.Release.config`,
    // `App.Production.config`): the connection strings of the deployed site.
    if extension == "config"
        && stem
            .split_once('.')
            .is_some_and(|(first, rest)| matches!(first, "web" | "app") && !rest.is_empty())
    {
        return Some(SERVICE);
    }
    // Spring Boot and .NET settings: `application-prod.properties`, `appsettings.Production.json`,
    // Spring Cloud's `bootstrap.yml` (the config server's and Vault's logins), Play's and
    // Akka's `application.conf` (`play.http.secret.key`, the database password).
    if ((name.starts_with("application") || name.starts_with("bootstrap"))
        && matches!(extension, "properties" | "yml" | "yaml"))
        || (name.starts_with("application") && extension == "conf")
        || (name.starts_with("appsettings") && extension == "json")
    {
        return Some(SERVICE);
    }
    // A file named a password file (Mosquitto's `pwfile` and `password_file` outside its
    // folder, `passwd_file`, `pw-file.txt`, FreeIPA's `pwdfile.txt`, `passfile`), or a short
    // password word after what the password is for (`.rsync_pass`, `vnc-pwd`, `smtp_pw`):
    // what it names, whatever holds it. Every spelling of the word counts.
    let stem_words = crate::names::parts(stem.trim_start_matches('.'));
    let password_word = |w: &str| {
        matches!(
            w,
            "password" | "passwd" | "pw" | "pwd" | "pass" | "psw" | "pswd"
        )
    };
    let password_file = match stem_words.as_slice() {
        [word] => word
            .strip_suffix("file")
            .is_some_and(|w| password_word(w) || w == "passwd" || w == "password"),
        [first, last] => password_word(first) && last == "file",
        _ => false,
    } || (stem_words.len() > 1
        && stem_words
            .last()
            .is_some_and(|w| matches!(w.as_str(), "pass" | "pwd" | "pw" | "psw" | "pswd")));
    if password_file && matches!(extension, "" | "txt") {
        return Some(NAMED_SECRET);
    }
    // mount.cifs' credential files under any spelling (`cifs-creds`, `.smb-credentials`,
    // `smbfs.pass`).
    let words = crate::names::parts(name);
    if let (Some(first), Some(last)) = (words.first(), words.last())
        && words.len() > 1
        && matches!(first.as_str(), "cifs" | "smb" | "smbfs" | "samba")
        && matches!(
            last.as_str(),
            "creds"
                | "cred"
                | "credentials"
                | "credential"
                | "auth"
                | "pass"
                | "passwd"
                | "password"
        )
    {
        return Some(NAMED_SECRET);
    }
    // Authenticator apps' exports and backups (every account's TOTP seed): Aegis'
    // `aegis-export-plain-20240101.json`, andOTP's `andotp_backup.json.aes`, 2FAS'
    // `*.2fas`, FreeOTP+'s and Authy's exports.
    let first_part = crate::names::parts(stem)
        .into_iter()
        .next()
        .unwrap_or_default();
    if extension == "2fas"
        || (matches!(
            first_part.as_str(),
            "aegis" | "andotp" | "2fas" | "freeotp" | "authy"
        ) && !CODE.contains(&extension)
            && !SOURCE_EXTENSIONS.contains(&extension))
    {
        return Some(NAMED_SECRET);
    }
    // age's identity files (`age-identity.txt`, `age_identities.txt`, `age.identity`): the
    // secret keys, one a line; recipients' lists are public.
    {
        let parts = crate::names::parts(name);
        if parts.iter().any(|p| p == "age")
            && parts
                .iter()
                .any(|p| matches!(p.as_str(), "identity" | "identities"))
            && matches!(extension, "" | "txt" | "identity" | "key" | "bak")
        {
            return Some(KEY);
        }
    }
    // Django's settings per environment (`settings_prod.py`, `production_settings.py`):
    // `SECRET_KEY` and the database password.
    if extension == "py" && {
        let parts = crate::names::parts(stem);
        parts.iter().any(|p| p == "settings")
            && parts
                .iter()
                .any(|p| SECRET_ENVIRONMENTS.contains(&p.as_str()))
    } {
        return Some(SERVICE);
    }
    // Ansible vault passwords: `vault_pass.txt`, `.vault_pass`, `vault-password-file`.
    let bare = name.trim_start_matches('.');
    if (bare.starts_with("vault_pass")
        || bare.starts_with("vault-pass")
        || bare.starts_with("vaultpass"))
        || bare.starts_with("vault-init")
        || bare.starts_with("vault_init")
        || bare.starts_with("cluster-keys")
        || crate::names::parts(stem).iter().any(|p| p == "unseal")
    {
        return Some(NAMED_SECRET);
    }
    // What `vault operator init` printed, saved under any of the names the guides give it:
    // the unseal or recovery keys and the root token (`vault_keys.json`, `init-keys.json`,
    // `root-token.txt`, `recovery_keys`, `vault-root-token`), a data file or none.
    // Traefik's certificate stores under the names its guides give them (`acme-staging.json`,
    // `acme_prod.json`): the ACME account's key and every certificate's.
    if extension == "json"
        && crate::names::parts(stem)
            .first()
            .is_some_and(|p| p == "acme")
    {
        return Some(KEY);
    }
    // A dotfile without another extension (`.vault-unseal`) is all stem.
    let (vault_stem, vault_extension) = if stem.is_empty() {
        (extension, "")
    } else {
        (stem, extension)
    };
    let vault_parts = crate::names::parts(vault_stem);
    if vault_parts.iter().any(|p| p == "unseal")
        || (vault_parts.iter().any(|p| p == "vault") && vault_parts.iter().any(|p| p == "init"))
    {
        return Some(NAMED_SECRET);
    }
    let extension = vault_extension;
    if (extension.is_empty() || DATA_EXTENSIONS.contains(&extension))
        && vault_parts.iter().any(|p| {
            matches!(
                p.as_str(),
                "vault" | "init" | "root" | "recovery" | "unseal"
            )
        })
        && vault_parts
            .iter()
            .any(|p| matches!(p.as_str(), "keys" | "token" | "tokens" | "shares"))
    {
        return Some(NAMED_SECRET);
    }
    // Wallets' recovery phrases: `seed.txt`, `wallet.seed`, `mnemonic.txt`,
    // `recovery-phrase.txt` (not a database's `seeds.rb` or `seed.sql`: code and data).
    let stem_parts = stem_parts_of(stem);
    let has = |word: &str| stem_parts.iter().any(|p| p == word);
    if extension == "seed"
        || (matches!(extension, "" | "txt" | "bak" | "gpg" | "asc")
            && (has("seed") || has("mnemonic")))
        || (has("phrase") && (has("seed") || has("recovery") || has("mnemonic")))
    {
        return Some(NAMED_SECRET);
    }
    // Steam's sentry files (`ssfn<digits>`), which skip its second factor; Nomad's root
    // keys (`keystore/<id>.nks.json`).
    if name
        .strip_prefix("ssfn")
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|ch| ch.is_ascii_digit()))
        || name.ends_with(".nks.json")
    {
        return Some(KEY);
    }
    // Google Cloud's service-account keys under the name the console gives them:
    // `PROJECT-<12 hex digits>.json`.
    if extension == "json" && google_key_name(stem) {
        return Some(CLOUD);
    }
    // PHP applications' database settings: `db.php`, `db_config.php`, `database.php`.
    if extension == "php"
        && stem_parts.iter().any(|p| {
            matches!(
                p.as_str(),
                "db" | "database" | "dbconfig" | "dbconnect" | "dbconn"
            )
        })
    {
        return Some(SERVICE);
    }
    // MySQL and MariaDB client settings under any prefix: `50-client.cnf`, `client-prod.cnf`.
    if extension == "cnf" && stem_parts_of(stem).iter().any(|p| p == "client") {
        return Some(SERVICE);
    }
    // Exports of password managers: `bitwarden_export.json`, `lastpass_export.csv`.
    let export_parts = stem_parts_of(stem);
    if export_parts.iter().any(|p| p == "export")
        && export_parts
            .iter()
            .any(|p| p == "passwords" || PASSWORD_MANAGERS.contains(&p.as_str()))
    {
        return Some(NAMED_SECRET);
    }
    // The same exports under the manager's name alone, as data (`nordpass.csv`, `enpass.json`,
    // `keeper.json`, `roboform.csv`, `firefox-logins.csv`, `protonpass_export.zip`): every
    // saved login in clear.
    if matches!(
        extension,
        "csv" | "json" | "xml" | "txt" | "html" | "1pux" | "1pif" | "xlsx"
    ) && export_parts
        .iter()
        .any(|p| PASSWORD_MANAGERS.contains(&p.as_str()))
    {
        return Some(NAMED_SECRET);
    }
    // Kubeconfigs in every spelling: `my-kubeconfig`, `prod-kubeconfig.yml`,
    // `kube-config.yaml`, `kube_config_prod` (code and docs about them stay readable).
    let stem_parts = crate::names::parts(stem);
    if !CODE.contains(&extension)
        && !SOURCE_EXTENSIONS.contains(&extension)
        && (stem_parts.iter().any(|p| p == "kubeconfig")
            || stem_parts
                .windows(2)
                .any(|w| w[0] == "kube" && w[1] == "config"))
    {
        return Some(CLOUD);
    }
    // `Pulumi.prod.yaml` holds the stack's (encrypted or not) secrets; `Pulumi.yaml` does not.
    if name.starts_with("pulumi.") && name.matches('.').count() >= 2 {
        return Some(STATE);
    }
    // `wg0.conf`, `wg-home.conf`, `home-wg.conf`, `wireguard.conf`; `wpa_supplicant-wlan0.conf`.
    if extension == "conf"
        && ((name.starts_with("wg") && !name.starts_with("wget"))
            || name.starts_with("wpa_supplicant")
            || stem_parts_of(stem)
                .iter()
                .any(|p| matches!(p.as_str(), "wg" | "wireguard")))
    {
        return Some(SERVICE);
    }
    // JAAS logins (`kafka_server_jaas.conf`, `zookeeper_jaas.conf`: `password="x"`) and
    // Postfix's SQL and LDAP lookup tables (`mysql-virtual-mailbox-maps.cf`: `password = x`).
    if (extension == "conf" && stem_parts_of(stem).iter().any(|p| p == "jaas"))
        || (extension == "cf"
            && stem_parts_of(stem)
                .first()
                .is_some_and(|p| matches!(p.as_str(), "mysql" | "pgsql" | "ldap" | "sqlite")))
    {
        return Some(SERVICE);
    }
    // `htpasswd.users`, `users.htpasswd`, `openrc.sh`, `admin-openrc.sh`, `keystonerc_admin`.
    if name.split('.').any(|s| s == "htpasswd" || s == "htdigest") {
        return Some(SERVICE);
    }
    if (extension == "sh" && stem.ends_with("openrc"))
        || stem.ends_with("-openrc")
        || stem.ends_with("_openrc")
        || name.starts_with("keystonerc")
    {
        return Some(CLOUD);
    }
    if name.starts_with("msal_") || name.split('.').skip(1).any(|s| s == "kubeconfig") {
        return Some(CLOUD);
    }
    // Jetty's realm files of clear-text logins under any prefix (`jetty-realm.properties`).
    if extension == "properties" && stem_parts_of(stem).last().is_some_and(|p| p == "realm") {
        return Some(SERVICE);
    }
    // cloud-init's user and vendor data under the names its data sources and tools give them:
    // `user-data.yaml`, `user-data.txt.i` (the processed copy), `vendor-data.json`.
    let mut segments = name.split('.');
    let provisioning = segments.next().is_some_and(|first| {
        matches!(
            first,
            "user-data" | "user_data" | "userdata" | "vendor-data" | "vendor_data" | "vendor-data2"
        )
    }) && segments.all(|segment| {
        matches!(
            segment,
            "txt" | "i" | "yaml" | "yml" | "json" | "cfg" | "mime" | "b64" | "bin"
        )
    });
    if provisioning {
        return Some(PROVISIONING);
    }
    // Registry and proxy logins in a file of their own, without an extension: `registry-auth`,
    // `docker_auth`, `proxy-auth` (PAM's `common-auth`, `system-auth`, `password-auth` and
    // `basic-auth.conf` are settings; `vpn-auth.txt` is `credential_pair`'s).
    let auth_words = stem_parts_of(stem);
    if let [owner, last] = auth_words.as_slice()
        && last == "auth"
        && matches!(
            owner.as_str(),
            "registry"
                | "docker"
                | "npm"
                | "pypi"
                | "proxy"
                | "http"
                | "smtp"
                | "git"
                | "helm"
                | "cargo"
                | "nexus"
                | "artifactory"
                | "harbor"
                | "quay"
                | "ghcr"
                | "ecr"
        )
        && extension.is_empty()
    {
        return Some(CLOUD);
    }
    None
}

/// Kinds of listed names whose copies under a qualifier keep the kind (`.netrc-work`,
/// `prod.pgpass`, `etc-shadow`): credential dotfiles, package, mail and account files.
const QUALIFIABLE_KINDS: &[&str] = &[DOTFILE, PACKAGES, MAIL, ACCOUNTS];

/// Listed names too ordinary to be judged under a qualifier (`sam-old`, `auth.json` in
/// `app-auth.json`, `boto` in `boto.py`'s neighbours).
const ORDINARY_NAMES: &[&str] = &[
    "sam",
    "btmp",
    "boto",
    "auth.json",
    "cookies.txt",
    "cookies.sqlite",
    "ntuser.dat",
];

/// Qualifiers that keep a name without a leading dot its kind (`pgpass.prod`,
/// `netrc-work`): environments and copies, numbered or not.
const COPY_QUALIFIERS: &[&str] = &[
    "prod",
    "production",
    "staging",
    "stage",
    "dev",
    "development",
    "test",
    "qa",
    "uat",
    "local",
    "work",
    "personal",
    "home",
    "old",
    "new",
    "backup",
    "copy",
    "save",
    "orig",
    "",
];

/// Words after a dotfile's name that make another file: templates, code and documents.
const NOT_COPIES: &[&str] = &[
    "example", "sample", "template", "dist", "tmpl", "tpl", "j2", "in",
];

/// The kind of a listed credential file under a qualifier: after it (`.netrc-work`,
/// `.npmrc.prod`, `.my.cnf.prod`, `.pgpass_prod`, `pgpass.prod`) or before it (`prod.netrc`,
/// `prod.my.cnf`, `etc-shadow`). A dotfile keeps its kind under any qualifier but templates,
/// code and documents (`.npmrc.example`); a name without a dot (Python's `netrc.py`) only under
/// an environment's or a copy's.
fn qualified_copy(name: &str) -> Option<&'static str> {
    let listed = |candidate: &str| {
        NAMES
            .iter()
            .find(|(n, kind)| *n == candidate && QUALIFIABLE_KINDS.contains(kind))
            .map(|(_, kind)| *kind)
            .filter(|_| !ORDINARY_NAMES.contains(&candidate))
    };
    let word = |q: &str| {
        !q.is_empty()
            && q.len() <= 16
            && q.chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit())
    };
    for (at, separator) in name.char_indices().skip(1) {
        if !matches!(separator, '.' | '-' | '_') {
            continue;
        }
        let (before, after) = (&name[..at], &name[at + 1..]);
        // After: `.netrc-work`, `pgpass.prod`.
        if let Some(kind) = listed(before)
            && word(after)
            && !NOT_COPIES.contains(&after)
            && !SOURCE_EXTENSIONS.contains(&after)
            && (before.starts_with('.')
                || COPY_QUALIFIERS.contains(&after.trim_end_matches(|c: char| c.is_ascii_digit())))
        {
            return Some(kind);
        }
        // Before: `prod.netrc`, `prod.my.cnf`, `etc-shadow`.
        if !name.starts_with('.')
            && word(before)
            && let Some(kind) = listed(after).or_else(|| listed(&format!(".{after}")))
        {
            return Some(kind);
        }
    }
    None
}

/// Why a file name, on its own, marks a secret. The sentence reads `'NAME' is sensitive: KIND`
/// rather than `'NAME': KIND`, which redaction would take for a secret-named key and its value
/// when the name is a secret's (`'deploy_key': the file...`).
fn name_reason(raw: &str) -> Option<String> {
    let lower = raw.to_lowercase();
    // Vim names the swap file of a dotfile without a second dot (`.env.swp` for `.env`), and
    // file managers put `copy of ` in front: each candidate is judged.
    let copy = lower.strip_prefix("copy of ").unwrap_or(&lower);
    // `.env (1)`, `wp-config (1).php`: judged as the file they copy (a template's copy too).
    let uncounted = without_copy_number(copy);
    let copy = uncounted.as_deref().unwrap_or(copy);
    if let Some(dotted) = SWAP_SUFFIXES
        .iter()
        .find_map(|suffix| copy.strip_suffix(suffix))
        .filter(|d| d.starts_with('.') && d.len() > 1)
        && let Some(reason) = name_reason_of(raw, undecorated(dotted))
    {
        return Some(reason);
    }
    // `backup-wp-config.php`, `old_.env`, `bak-id_rsa`: a backup mark written in front.
    if let Some(marked) = LEADING_BACKUP_MARKS
        .iter()
        .find_map(|mark| copy.strip_prefix(mark))
        .filter(|rest| !rest.is_empty())
        && let Some(reason) = name_reason(marked)
    {
        return Some(reason);
    }
    // `wp-config.txt`, `LocalSettings.txt`: a PHP application's settings saved as text keep
    // their kind, for a stem specific enough to say which (`config.txt`, `env.txt` stay).
    if let Some(stem) = copy.strip_suffix(".txt")
        && !stem.contains('.')
        && (stem.contains(['-', '_']) || stem.len() >= 12)
        && !GENERIC_STEMS.contains(&stem)
        && let Some(reason) = name_reason_of(raw, &format!("{stem}.php"))
    {
        return Some(reason);
    }
    if let Some(database) = account_database_temporary(raw) {
        return name_reason_of(raw, database);
    }
    name_reason_of(raw, undecorated(copy))
        .or_else(|| marked_before_extension(copy).and_then(|real| name_reason_of(raw, &real)))
        .or_else(|| {
            extension_replaced(copy)
                .into_iter()
                .find_map(|real| name_reason_of(raw, &real))
        })
}

/// The account database a temporary file was made from, for `shadow.XXXXXX` and
/// `gshadow.XXXXXX`: `mktemp`'s six random letters and digits (an editor's or a script's
/// working copy of the file, written beside it). Only with a digit or a capital letter among
/// them, as mktemp's almost always have, so `shadow.module` stays a name of its own.
fn account_database_temporary(raw: &str) -> Option<&'static str> {
    let (stem, random) = raw.rsplit_once('.')?;
    let database = ["shadow", "gshadow"]
        .into_iter()
        .find(|database| stem.eq_ignore_ascii_case(database))?;
    (random.len() == 6
        && random.chars().all(|c| c.is_ascii_alphanumeric())
        && random
            .chars()
            .any(|c| c.is_ascii_digit() || c.is_ascii_uppercase()))
    .then_some(database)
}

/// Backup marks written in front of the name copied (`backup-wp-config.php`,
/// `old.env`... only with a separator, so `oldies.json` is no backup).
const LEADING_BACKUP_MARKS: &[&str] = &[
    "backup-", "backup_", "backup.", "bak-", "bak_", "bak.", "old-", "old_", "old.", "orig-",
    "orig_", "copy-of-", "copy_of_", "copy-", "copy_",
];

/// The name a copy was made from when a file manager or a browser numbered it or marked it a
/// copy, at its end or before its extension: `shadow (2)`, `.env(1)`, `wp-config (1).php`,
/// `.pgpass - Copy`, `id_rsa - Copy (2)`.
fn without_copy_number(name: &str) -> Option<String> {
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() && !extension.contains([' ', '(']) => {
            (stem, Some(extension))
        }
        _ => (name, None),
    };
    let strip = |text: &str| -> Option<String> {
        let mut text = text.trim_end();
        let mut changed = false;
        if let Some(open) = text.rfind('(')
            && text.ends_with(')')
            && text.len() > open + 2
            && text[open + 1..text.len() - 1]
                .chars()
                .all(|c| c.is_ascii_digit())
        {
            text = text[..open].trim_end();
            changed = true;
        }
        if let Some(stripped) = text.strip_suffix(" - copy") {
            text = stripped;
            changed = true;
        }
        (changed && !text.is_empty()).then(|| text.to_owned())
    };
    strip(name).or_else(|| {
        let extension = extension?;
        strip(stem).map(|stem| format!("{stem}.{extension}"))
    })
}

/// Backup marks written before a file's extension rather than after it.
const INNER_BACKUP_MARKS: &[&str] = &[
    "bak", "backup", "old", "orig", "save", "sav", "copy", "prev", "previous", "bk", "bkp",
];

/// The name a backup was copied from when its mark stands before the extension
/// (`wp-config.old.php`, `wp-config-backup.php`, `settings_bak.ini`, `wp-config.2024-01-01.php`):
/// the mark, or a date, taken out.
fn marked_before_extension(name: &str) -> Option<String> {
    let (stem, extension) = name.rsplit_once('.')?;
    if stem.is_empty() || extension.is_empty() {
        return None;
    }
    let cut = stem.rfind(['.', '-', '_']).filter(|at| *at > 0)?;
    let mark = &stem[cut + 1..];
    let dated = mark.len() >= 4 && mark.chars().all(|c| c.is_ascii_digit() || c == '-');
    let marked = INNER_BACKUP_MARKS.contains(&mark.trim_end_matches(|c: char| c.is_ascii_digit()));
    if !(marked || dated) {
        // `wp-config.2024-01-01.php`: a date holding separators of its own.
        let undated = without_date(stem);
        return (undated != stem).then(|| format!("{undated}.{extension}"));
    }
    Some(format!("{}.{extension}", &stem[..cut]))
}

/// Stems too common to say what a backup without its extension was (`config.bak`,
/// `settings.old`): a backup of any program's settings.
const GENERIC_STEMS: &[&str] = &[
    "config", "settings", "app", "default", "main", "local", "site", "server", "client",
    "database", "db", "test", "common", "global", "base",
];

/// The names a backup may have been copied from when its mark replaced the extension
/// (`wp-config.bak` for `wp-config.php`, `debian.old` for `debian.cnf`): the extensions of
/// files listed by their whole name (PHP applications' settings, MySQL's option files) put
/// back on a specific stem. Not `.conf` or `.ini`, which any stem naming a secret takes
/// (`passwd.bak` is a copy of `/etc/passwd`).
fn extension_replaced(name: &str) -> Vec<String> {
    let stem = undecorated(name);
    if stem == name || stem.contains('.') || stem.is_empty() || GENERIC_STEMS.contains(&stem) {
        return Vec::new();
    }
    ["php", "cnf"]
        .iter()
        .map(|extension| format!("{stem}.{extension}"))
        .collect()
}

/// Whether `name` is a network share's credentials file by its words: a share's word (`smb`,
/// `cifs`, `samba`, also glued: `smbcreds`) with a login's (`creds`, `credentials`, `pass`):
/// `.smbcreds`, `creds.cifs`, `cifs_pass`, `samba-credentials`; `smb.conf`, `mount.cifs` stay.
fn share_credentials(name: &str) -> bool {
    let words: Vec<&str> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    fn share(w: &str) -> Option<&str> {
        ["smb", "cifs", "samba"]
            .iter()
            .find_map(|p| w.strip_prefix(p))
    }
    let login = |w: &str| {
        w.starts_with("cred")
            || matches!(
                w,
                "pass" | "passwd" | "password" | "passwords" | "auth" | "login"
            )
    };
    // Libraries and manual pages named for the tool (`pam_smbpass.so`, `smbpasswd.8.gz`).
    if words
        .last()
        .is_some_and(|w| matches!(*w, "so" | "gz") || w.chars().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    words.iter().any(|w| share(w).is_some_and(login))
        || (words.iter().any(|w| share(w).is_some()) && words.iter().any(|w| login(w)))
}

/// [`name_reason`] for one undecorated candidate `name` of the file named `raw`.
fn name_reason_of(raw: &str, name: &str) -> Option<String> {
    // Code and documents about a kind of secret (`kubeconfig.go`, `credentials.md`) are judged
    // by the exact names and patterns below, not by the prefixes that name the kind.
    let code = name
        .rsplit_once('.')
        .is_some_and(|(_, ext)| SOURCE_EXTENSIONS.contains(&ext));
    // Templates shipped beside the real file (`.env.example`, `prod.tfvars.sample`) hold
    // placeholders; a template of a key is still judged a key.
    // A backup mark before the template's marker (`.env.bak.example`,
    // `config.php.orig.sample`) makes the name a copy of the real file with a template's word
    // put after it, not a template: a template is readable only when its marker is its last
    // real suffix (a backup of a template, `.env.example.bak`, has its mark taken off first).
    if families::environment_template(name) {
        return None;
    }
    if let Some(copied) = families::backup_before_template(name)
        && let Some(reason) = name_reason(&copied)
    {
        return Some(reason.replacen(&format!("'{copied}'"), &format!("'{raw}'"), 1));
    }
    if let Some((real, filled)) = families::template_parts(name) {
        // A template's filled-in copy (`.env.example.local`, `.env.sample.prod`) is judged as
        // the real file it became (`.env.local`), and refused when either name is.
        if filled {
            if let Some(reason) = name_reason_of(raw, &real) {
                return Some(reason);
            }
            // Or as the file the template stands for (`wp-config.sample.local.php` is a
            // `wp-config.php`).
            if let Some(base) = families::template_base(name)
                && base != real
                && base != name
                && let Some(reason) = name_reason_of(raw, &base)
            {
                return Some(reason);
            }
        } else {
            return key_material(&real).then(|| format!("'{raw}' is sensitive: {KEY}"));
        }
    }
    if let Some((_, kind)) = NAMES.iter().find(|(n, _)| *n == name) {
        return Some(format!("'{raw}' is sensitive: {kind}"));
    }
    if !code && share_credentials(name) {
        return Some(format!("'{raw}' is sensitive: {DOTFILE}"));
    }
    if let Some(kind) = qualified_copy(name) {
        return Some(format!("'{raw}' is sensitive: {kind}"));
    }
    // A secret file saved as text (`pgpass.txt`, `netrc.txt`, `id_rsa.txt`, `shadow.txt`):
    // the name before `.txt`, with or without its dot, is judged. Names that are also ordinary
    // words (`identity.txt`, `stash.txt`, `sam.txt`) stay.
    if let Some(copied) = name.strip_suffix(".txt")
        && !matches!(
            copied,
            "identity" | "stash" | "sam" | "key" | "cookies" | "btmp"
        )
        && let Some((_, kind)) = NAMES
            .iter()
            .find(|(n, _)| *n == copied || n.strip_prefix('.').is_some_and(|bare| bare == copied))
    {
        return Some(format!("'{raw}' is sensitive: {kind}"));
    }
    if let Some(copied) = name.strip_suffix(".txt")
        && key_by_pattern(copied)
    {
        return Some(format!("'{raw}' is sensitive: {KEY}"));
    }
    // SOPS files (`secrets.sops.yaml`, `prod.sops.env`, `app.sops.json`): named for the secrets
    // they hold, which are plain text until `sops -e` runs (and again after `sops -d` into the
    // same name); encrypted, they leave their keys, the `_unencrypted` values and the data key's
    // recipients in clear, nothing an operator needs that `sops -d` would not print redacted.
    // SOPS's own settings (`.sops.yaml`, creation rules and public recipients) stay readable.
    if name
        .split('.')
        .enumerate()
        .any(|(i, segment)| i > 0 && segment == "sops")
        && !name.starts_with('.')
    {
        return Some(format!("'{raw}' is sensitive: {NAMED_SECRET}"));
    }
    if name.starts_with(".env.")
        || (name.starts_with("kubeconfig") && !code)
        || name.starts_with(".gitconfig")
    {
        return Some(format!("'{raw}' is sensitive: {DOTFILE}"));
    }
    if key_by_pattern(name) {
        return Some(format!("'{raw}' is sensitive: {KEY}"));
    }
    if let Some(kind) = kind_by_pattern(name) {
        return Some(format!("'{raw}' is sensitive: {kind}"));
    }
    // Neovim's ShaDa (`main.shada`) is its `viminfo`: searches, registers, command lines.
    if families::history(false, raw, name) || name == ".dbshell" || name.ends_with(".shada") {
        return Some(format!("'{raw}' is sensitive: {HISTORY}"));
    }
    if families::kerberos_cache(name) && !code {
        return Some(format!("'{raw}' is sensitive: {TICKETS}"));
    }
    if families::environment_settings(name) {
        return Some(format!("'{raw}' is sensitive: {SERVICE}"));
    }
    if name.ends_with(".json")
        && (name.ends_with("-sa.json")
            || name.ends_with("_sa.json")
            || name.starts_with("sa-")
            || name.ends_with("-sa-key.json")
            || name.ends_with("_sa_key.json")
            || name.contains("firebase-adminsdk"))
    {
        return Some(format!("'{raw}' is sensitive: {CLOUD}"));
    }
    // 2FA recovery codes: `recovery-codes.txt`, `backup_codes.txt`, `github-recovery-codes.txt`.
    let name_parts = crate::names::parts(name);
    if name_parts
        .windows(2)
        .any(|w| matches!(w[0].as_str(), "recovery" | "backup") && w[1] == "codes")
    {
        return Some(format!("'{raw}' is sensitive: {NAMED_SECRET}"));
    }
    if (name.starts_with("credentials.") && !code)
        || name.starts_with("client_secret")
        || name.starts_with("msal_token_cache")
        || ((name.contains("service-account")
            || name.contains("serviceaccount")
            || name.contains("service_account"))
            && name.ends_with(".json"))
    {
        return Some(format!("'{raw}' is sensitive: {CLOUD}"));
    }
    let segments: Vec<&str> = name.split('.').collect();
    if segments
        .iter()
        .skip(1)
        .any(|s| STATE_EXTENSIONS.contains(s))
    {
        return Some(format!("'{raw}' is sensitive: {STATE}"));
    }
    // A dotfile named by a key's or a vault's extension alone (`.kdbx`, `.psafe3`, `.p12`,
    // `.ovpn`): the same file as `x.kdbx`.
    if let Some(ext) = name.strip_prefix('.')
        && !ext.contains('.')
        && KEY_EXTENSIONS.contains(&ext)
    {
        return Some(format!(
            "'{raw}' is sensitive: '.{ext}' files hold key material or secrets"
        ));
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext)),
        Some(_) | None => (name, None),
    };
    // Scripts a shell sources to set its secrets (`secrets.sh`, `.secrets.bash`,
    // `prod-credentials.sh`, `set_passwords.ps1`, `tokens.bat`): the values themselves.
    if let Some(ext) = extension
        && SCRIPT_EXTENSIONS.contains(&ext)
        && script_of_secrets(stem)
    {
        return Some(format!("'{raw}' is sensitive: {NAMED_SECRET}"));
    }
    // An extension that names a secret in two words (`prod.vault_pass`, `github.api_token`,
    // `app.db_password`, `svc.private-key`): one word is [`KEY_EXTENSIONS`]' business.
    if let Some(ext) = extension
        && ext.contains(['_', '-'])
        && crate::names::is_secret_name(ext)
    {
        return Some(format!(
            "'{raw}' is sensitive: '.{ext}' files hold key material or secrets"
        ));
    }
    if let Some(ext) = extension
        && KEY_EXTENSIONS.contains(&ext)
    {
        // `fullchain.pem`, `server-cert.pem`, `ca-bundle.pem`: certificates by their name.
        if ext == "pem" && families::certificate_by_name(stem) || families::public_material(name) {
            return None;
        }
        return Some(format!(
            "'{raw}' is sensitive: '.{ext}' files hold key material or secrets"
        ));
    }
    // Exports of keys under generic formats: `private.der`, `key.asc`, `secret.asc`
    // (`release.tar.gz.asc`, a signature, stays ordinary).
    if let Some(ext) = extension
        && matches!(ext, "asc" | "der" | "kbx")
        && crate::names::parts(stem).iter().any(|p| {
            matches!(
                p.as_str(),
                "key" | "private" | "priv" | "secret" | "secring"
            )
        })
    {
        return Some(format!("'{raw}' is sensitive: {KEY}"));
    }
    let judged_by_stem = extension.is_none_or(|ext| DATA_EXTENSIONS.contains(&ext));
    // The short words, only as a whole stem of a data file (`pass.txt`, `creds.txt`, `psk.txt`):
    // `common-auth` and `/etc/passwd` stay ordinary.
    let data_file = extension.is_some_and(|ext| DATA_EXTENSIONS.contains(&ext));
    // BSD's `pwd.db` is the world-readable account list (`spwd.db` holds the hashes).
    if name == "pwd.db" {
        return None;
    }
    if (data_file
        && matches!(
            stem,
            "pass" | "passwd" | "pw" | "pwd" | "psk" | "creds" | "auth"
        ))
        || families::credential_pair(stem, extension, data_file)
        // `creds` is `credentials` shortened, under any qualifier and without an extension
        // too (`/etc/samba/creds`, `.creds`, `db_creds`, `aws-creds`).
        || (judged_by_stem
            && crate::names::parts(stem)
                .last()
                .is_some_and(|last| last == "creds"))
    {
        return Some(format!("'{raw}' is sensitive: {NAMED_SECRET}"));
    }
    // `passwd` and `group` are world-readable account lists, not secrets.
    if judged_by_stem
        && !matches!(stem, "passwd" | "group" | ".passwd")
        && names_secret_strongly(stem)
    {
        return Some(format!("'{raw}' is sensitive: {NAMED_SECRET}"));
    }
    None
}

/// `text` with its `%XX` escapes decoded, when it has any that decode to text.
fn percent_decoded(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(&hi), Some(&lo)) = (bytes.get(i + 1), bytes.get(i + 2))
            && let (Some(hi), Some(lo)) = (hex(hi), hex(lo))
        {
            out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'%'));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out)
        .ok()
        .filter(|decoded| decoded != text)
}

/// The exact file names [`sensitive_path`] knows, alone or under a directory it names (each
/// a secret in some place, not in every one), for judging a shell wildcard by the names it
/// could expand to.
pub fn secret_file_names() -> impl Iterator<Item = &'static str> {
    NAMES
        .iter()
        .map(|(name, _)| *name)
        .chain(PAIRS.iter().map(|(_, name)| *name))
        .chain(
            ANCESTORS
                .iter()
                .flat_map(|(_, names)| names.iter().copied()),
        )
        .chain(GRANDPARENT_PAIRS.iter().map(|(_, name)| *name))
        .filter(|name| !name.contains(['*', '?', '/']))
}

/// The directory names under which [`sensitive_path`] knows a file by name
/// (`network/interfaces`, `ansible/hosts`) or every file, for judging a shell wildcard in a
/// directory's place (`/etc/netw*/interfaces`).
pub fn secret_directory_names() -> impl Iterator<Item = &'static str> {
    PAIRS
        .iter()
        .map(|(dir, _)| *dir)
        .chain(ANCESTORS.iter().map(|(dir, _)| *dir))
        .chain(DIRECTORIES.iter().copied())
        .filter(|name| !name.contains(['*', '?', '/']))
}

/// A tool's settings in its own folder under `.config` (`~/.config/yarn/config`,
/// `~/.config/git/config`, `~/.config/npm/npmrc`) when the same tool's dotfile in the home is
/// a credential file (`.yarnrc`, `.gitconfig`, `.npmrc`): the same settings under the XDG
/// layout, refused alike. Other files of the folder (`~/.config/git/ignore`) stay.
fn xdg_copy_of_dotfile(plain: &[&str]) -> Option<String> {
    let [.., config, tool, name] = plain else {
        return None;
    };
    if *config != ".config" || tool.is_empty() || tool.starts_with('.') {
        return None;
    }
    let settings = matches!(*name, "config" | "rc" | "settings" | "credentials")
        || name
            .strip_prefix("config.")
            .or_else(|| name.strip_prefix("settings."))
            .is_some_and(|ext| {
                matches!(
                    ext,
                    "yml" | "yaml" | "json" | "toml" | "ini" | "conf" | "cfg"
                )
            })
        || name.strip_prefix(*tool).is_some_and(|rest| {
            matches!(
                rest,
                "rc" | "rc.yml"
                    | "rc.yaml"
                    | "rc.json"
                    | "rc.toml"
                    | ".conf"
                    | ".cfg"
                    | ".yml"
                    | ".yaml"
                    | ".json"
                    | ".toml"
                    | ".ini"
                    | "config"
            )
        });
    if !settings {
        return None;
    }
    let dotfile = [
        format!(".{tool}rc"),
        format!(".{tool}rc.yml"),
        format!(".{tool}rc.yaml"),
        format!(".{tool}rc.json"),
        format!(".{tool}config"),
        format!(".{tool}cfg"),
        format!(".{tool}.conf"),
        format!(".{tool}"),
        format!("{tool}rc"),
    ]
    .into_iter()
    .find(|candidate| {
        NAMES
            .iter()
            .any(|(n, kind)| n == candidate && matches!(*kind, DOTFILE | PACKAGES))
    })?;
    Some(format!(
        "'.config/{tool}/{name}' is sensitive: {DOTFILE} (as '{dotfile}')"
    ))
}

/// A tool's dotted folder in the home directory kept under `.config` without its dot
/// (`~/.config/talos/config` for `~/.talos/config`, `~/.config/zrok/` for `~/.zrok/`,
/// `~/.config/fly/config.yml` for `~/.fly/config.yml`): the tool's same credentials under
/// the XDG layout, refused as the dotted folder (or its file) is.
fn xdg_copy_of_dotted_folder(plain: &[&str]) -> Option<String> {
    let at = plain.iter().position(|c| *c == ".config")?;
    // Rootless Docker's daemon keeps its own settings in `~/.config/docker` (`daemon.json`),
    // not the client's logins of `~/.docker`.
    let tool = plain
        .get(at + 1)
        .filter(|t| !t.is_empty() && !t.starts_with('.') && **t != "docker")?;
    let dotted = format!(".{tool}");
    if DIRECTORIES.contains(&dotted.as_str()) {
        return Some(format!(
            "'{dotted}' directories hold credentials (as '.config/{tool}')"
        ));
    }
    let name = plain.get(at + 2)?;
    PAIRS
        .iter()
        .any(|(dir, file)| *dir == dotted && file == name)
        .then(|| format!("'{dotted}/{name}' holds credentials (as '.config/{tool}/{name}')"))
}

/// Stems that, alone, name a login in a tool's own folder (`~/.config/<tool>/auth`,
/// `~/.local/share/<tool>/session.json`, `~/.cache/<tool>/oauth.json`): too short or too
/// common to be judged anywhere (`auth.log`, `session.vim`, `login.html` elsewhere stay).
const TOOL_LOGIN_STEMS: &[&str] = &[
    "auth", "session", "oauth", "oauth2", "login", "logins", "passwd", "pass", "pw", "jwt",
    "bearer", "pat", "key", "cookie", "cookies", "sso",
];

/// A login file in a tool's own folder under `.config`, `.local/share`, `.cache`, Windows'
/// `AppData`, macOS' `Application Support` or Flatpak's `.var/app`, named by
/// one of [`TOOL_LOGIN_STEMS`], bare or with a data file's extension.
fn tool_login_file(plain: &[&str]) -> Option<String> {
    let [ancestors @ .., name] = plain else {
        return None;
    };
    // The per-user folders where tools keep their settings and data: XDG's, Windows'
    // `AppData`, macOS' `Application Support`, Flatpak's `.var/app/<id>`.
    let in_tool_folder = ancestors.windows(2).any(|w| {
        matches!(
            w[0],
            ".config" | ".cache" | "appdata" | "application support" | ".var"
        ) || (w[0] == ".local" && w[1] == "share")
    }) || dotted_folder_in_home(ancestors);
    if !in_tool_folder {
        return None;
    }
    let stem = match name.rsplit_once('.') {
        Some((stem, extension))
            if DATA_EXTENSIONS.contains(&extension) || extension == "sqlite" =>
        {
            stem
        }
        Some(_) => return None,
        None => name,
    };
    TOOL_LOGIN_STEMS
        .contains(&stem.trim_start_matches('.'))
        .then(|| format!("'{name}' is sensitive: {NAMED_SECRET}"))
}

/// Whether the last of `ancestors` is a tool's dotted folder right in a home directory
/// (`/home/u/.replicate`, `/root/.wandb`, `/Users/u/.tool`): the tool's own folder, as its
/// folder under `.config` is. A repository's dotted folders (`.git`, `.github`) sit deeper;
/// the XDG folders themselves (`.cache`, `.config`, `.local`) hold tools' folders, not one
/// tool's files (`~/.cache/cookie` is no tool's login).
fn dotted_folder_in_home(ancestors: &[&str]) -> bool {
    let tool_folder = |folder: &str| {
        folder.len() > 1
            && folder.starts_with('.')
            && !matches!(folder, ".cache" | ".config" | ".local" | ".var")
    };
    match ancestors {
        [.., "root", folder] | [.., "home" | "users", _, folder] => tool_folder(folder),
        _ => false,
    }
}

/// The *arr media managers (Servarr's family): each keeps its indexers' API keys and its
/// download clients' passwords in a database named for it (`sonarr.db`, `radarr.db`).
const SERVARR_APPS: &[&str] = &[
    "sonarr", "radarr", "lidarr", "readarr", "prowlarr", "whisparr",
];

/// Why a file is sensitive by a name that says whose data or settings it is, wherever the
/// app's folder is mounted (`/config/sonarr.db` in a container): a Servarr app's database
/// (and its write-ahead log and journal, which hold the same rows), and Jupyter's settings
/// of any of its applications (`jupyter_server_config.py`, `jupyter_lab_config.json`,
/// `jupyter_notebook_config.py`: the server's token and password hash; JupyterHub's
/// `jupyterhub_config.py`: its cookie secret and its authenticator's client secret).
fn app_database_or_settings(name: &str) -> Option<String> {
    let (stem, extension) = name.rsplit_once('.')?;
    if SERVARR_APPS.contains(&stem)
        && matches!(extension, "db" | "db-wal" | "db-shm" | "db-journal")
    {
        return Some(format!("'{name}' is sensitive: {SERVICE}"));
    }
    let jupyter = stem
        .strip_prefix("jupyter")
        .and_then(|rest| rest.strip_suffix("_config"))
        .is_some_and(|app| app.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    (jupyter && matches!(extension, "py" | "json"))
        .then(|| format!("'{name}' is sensitive: {SERVICE}"))
}

/// Why a path is sensitive, if it is: a sentence naming the kind of secret. The path is judged
/// as written (callers resolve it first where the file system is at hand).
pub fn sensitive_path(path: &Path) -> Option<String> {
    // A Windows path (`C:\Users\bob\.aws\credentials`, given to a tool on a Windows host or
    // quoted from one) is one component to Unix: judged with its separators as `/` and without
    // its drive.
    let text = path.to_string_lossy();
    if text.contains('\\') {
        let unix = text.replace('\\', "/");
        let without_drive = match unix.as_bytes() {
            [drive, b':', ..] if drive.is_ascii_alphabetic() => &unix[2..],
            _ => unix.as_str(),
        };
        return sensitive_path(Path::new(&format!(
            "/{}",
            without_drive.trim_start_matches('/')
        )));
    }
    // A path written URL-encoded (`.ssh%2Fid_rsa`, `%2Eenv`, `wp-config.php%7E`, as a web
    // request or a file manager's link carries it) names the same file decoded; an encoded
    // NUL (`.env%00.txt`) ends the name where a C library or a web server cuts it.
    if let Some(decoded) = percent_decoded(&text)
        && let Some(reason) = sensitive_path(Path::new(decoded.split('\0').next().unwrap_or("")))
    {
        return Some(reason);
    }
    if families::program_or_manual(&path.to_string_lossy()) {
        return None;
    }
    // A copy judged as the file it copies, one reading a level (so that the name shrinks and
    // the readings never multiply): an editor's swap or undo file of a dotfile written with
    // one dot (`.conan.db.swp`, where Vim writes `..conan.db.swp`; the reading below takes the
    // dot for the swap file's own, `.id_rsa.swp` of `id_rsa`), a copy marked by a word in
    // front (`old_hosts.yml`, `backup-config.toml`, `Copy of credentials.csv`) or hidden by a
    // dot (`/etc/.shadow`, `.jenkins_jobs.ini`, `.Login Data`).
    if let Some(name) = path.file_name().and_then(|n| n.to_str())
        && name.len() <= 255
    {
        let lower = name.to_lowercase();
        let swapped = lower
            .starts_with('.')
            .then(|| {
                SWAP_SUFFIXES
                    .iter()
                    .find_map(|suffix| lower.strip_suffix(suffix))
            })
            .flatten()
            .filter(|stem| stem.len() > 1);
        let copied = swapped
            .or_else(|| {
                BACKUP_PREFIXES
                    .iter()
                    .find_map(|prefix| lower.strip_prefix(prefix))
            })
            .or_else(|| {
                lower
                    .strip_prefix('.')
                    .filter(|rest| !rest.starts_with('.'))
            });
        if let Some(original) = copied
            && !original.is_empty()
            && original != "."
            && let Some(reason) = sensitive_path(&path.with_file_name(original))
        {
            return Some(reason);
        }
    }
    let components: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().to_lowercase()),
            Component::RootDir
            | Component::CurDir
            | Component::ParentDir
            | Component::Prefix(_) => None,
        })
        .collect();
    // Directories are judged without their backup decorations too: a copy of `.kube` made as
    // `.kube.bak` or `.docker-2024-01-01` holds the same credentials.
    let plain: Vec<&str> = components.iter().map(|c| undecorated(c)).collect();
    // The directory itself as well as anything below it.
    // Public halves (`known_hosts`, `*.pub`, WireGuard's `publickey`) stay readable in `.ssh`
    // and the other directories of keys, whose other files are keys and their settings.
    let public = plain
        .last()
        .is_some_and(|n| {
            families::public_half(n)
                || matches!(*n, "publickey" | "pubkey")
                // `AuthorizedKeysFile` targets kept as a directory of public keys, one file
                // a user (`/etc/ssh/authorized_keys/alice`, `~/.ssh/authorized_keys.d/laptop`).
                || plain.len() > 1
                    && families::public_half(plain[plain.len() - 2])
                // Certificates and signing requests beside the keys (`ca.crt`, `host.csr`).
                || n.rsplit_once('.')
                    .is_some_and(|(stem, ext)| !stem.is_empty() && matches!(ext, "crt" | "cer" | "csr"))
                // Public keys and Diffie-Hellman parameters by their name (WireGuard's
                // `public.key`, OpenVPN's `dh.pem`), TinySSH's public halves (`ed25519.pk`).
                || families::public_material(n)
                || n.ends_with(".pk") && plain.contains(&"sshkeydir")
        });
    // The public keys allowed to log in hold no secret, whatever their name says (`keys`):
    // reading them is harmless; writing them is the classifier's to hold high.
    if plain
        .last()
        .is_some_and(|n| families::authorized_keys_file(n.trim_start_matches('.')))
    {
        return None;
    }
    // GnuPG's public keyring and trust database, in `.gnupg` or a copy of it: public keys
    // and owner trust only (the secret keys are `private-keys-v1.d` and `secring.gpg`).
    // Its settings name keyservers, caches and pinentry programs, never a passphrase.
    if plain.last().is_some_and(|n| {
        matches!(
            *n,
            "trustdb.gpg"
                | "pubring.gpg"
                | "pubring.kbx"
                | "gpg.conf"
                | "gpg-agent.conf"
                | "dirmngr.conf"
                | "scdaemon.conf"
        )
    }) {
        return None;
    }
    // APT's keyrings: the public keys that sign packages' repositories
    // (`/usr/share/keyrings/docker.gpg`, `/etc/apt/trusted.gpg.d/ubuntu.gpg`), not GNOME's
    // `~/.local/share/keyrings`.
    let text = path.to_string_lossy();
    if !text.contains("/../")
        && (text == "/etc/apt/trusted.gpg"
            || PUBLIC_KEYRINGS.iter().any(|dir| text.starts_with(dir))
                && path.extension().is_some_and(|ext| {
                    matches!(
                        ext.to_string_lossy().to_lowercase().as_str(),
                        "gpg" | "asc" | "pgp"
                    )
                }))
    {
        return None;
    }
    // What a directory of credentials keeps apart from them: Docker's contexts' metadata
    // (`.docker/contexts/meta/<id>/meta.json`: a context's name and endpoints; its TLS
    // material is under `contexts/tls`). A file there is judged by its own name alone (a key
    // is still one), the directories above it saying nothing of it, and the subtree itself
    // is readable. Read so only without `..`, which could climb out.
    if !path.components().any(|c| c == Component::ParentDir)
        && PUBLIC_SUBTREES
            .iter()
            .any(|tree| plain.windows(tree.len()).any(|w| w == *tree))
    {
        return plain
            .last()
            .filter(|name| {
                !PUBLIC_SUBTREES
                    .iter()
                    .any(|tree| tree.last() == Some(*name))
            })
            .and_then(|name| sensitive_path(Path::new(name)));
    }
    if let Some(dir) = plain.iter().find(|c| DIRECTORIES.contains(c) && !public) {
        return Some(format!("'{dir}' directories hold credentials"));
    }
    // A server's configuration folder under `etc` named without the `.d` it is listed with
    // (`/etc/vault/config.hcl`, `/etc/boundary/controller.hcl`, `/usr/local/etc/nomad/`):
    // the same seal keys, tokens and database logins.
    if !public
        && let Some(dir) = plain.windows(2).find_map(|w| {
            (w[0] == "etc"
                && !w[1].starts_with('.')
                && DIRECTORIES.contains(&format!("{}.d", w[1]).as_str()))
            .then_some(w[1])
        })
    {
        return Some(format!("'{dir}' directories hold credentials"));
    }
    // Password managers' vaults kept as directories (1Password's `*.opvault` and
    // `*.agilekeychain`, macOS keychains' `*.keychain` bundles).
    if let Some(dir) = plain.iter().rev().skip(1).find(|c| {
        c.rsplit_once('.')
            .is_some_and(|(_, ext)| matches!(ext, "opvault" | "agilekeychain" | "keychain"))
    }) {
        return Some(format!("'{dir}' is a password manager's vault"));
    }
    if let Some(reason) = xdg_copy_of_dotfile(&plain) {
        return Some(reason);
    }
    if !public && let Some(reason) = xdg_copy_of_dotted_folder(&plain) {
        return Some(reason);
    }
    if let Some(reason) = tool_login_file(&plain) {
        return Some(reason);
    }
    if let Some(name) = plain.last()
        && let Some(reason) = app_database_or_settings(name)
    {
        return Some(reason);
    }
    // A YAML file is the same file under either extension (`gh/hosts.yaml`), and a tool's
    // directory the same under the home directory's dotted spelling (`~/.age/keys.txt`,
    // `~/.stripe/config.toml`) as under `~/.config`.
    if let Some((a, b)) = plain.windows(2).map(|w| (w[0], w[1])).find(|(dir, name)| {
        let undotted = dir.strip_prefix('.').filter(|d| !d.is_empty());
        [Some(*dir), undotted].into_iter().flatten().any(|dir| {
            PAIRS.contains(&(dir, *name))
                || name
                    .strip_suffix(".yaml")
                    .is_some_and(|stem| PAIRS.contains(&(dir, format!("{stem}.yml").as_str())))
                || name
                    .strip_suffix(".yml")
                    .is_some_and(|stem| PAIRS.contains(&(dir, format!("{stem}.yaml").as_str())))
                // A tool's file named without an extension is the same written with the
                // format it holds (`heroku/config.json`, `hut/config.toml`).
                || name.rsplit_once('.').is_some_and(|(stem, extension)| {
                    !stem.is_empty()
                        && STRUCTURED_EXTENSIONS.contains(&extension)
                        && PAIRS.contains(&(dir, stem))
                })
        })
    }) {
        return Some(format!("'{a}/{b}' holds credentials"));
    }
    // A tool's settings file named with its tool before it, kept outside the tool's folder
    // (`litellm_config.yaml`, `litellm-config.yml`, `hatch.config.toml` beside a compose file
    // or in a project): the same file under one name.
    if let Some(name) = plain.last()
        && let Some((dir, _)) = PAIRS.iter().find(|(dir, file)| {
            let dir = dir.trim_start_matches('.');
            matches!(
                file.split('.').next(),
                Some("config" | "settings" | "credentials")
            ) && ['_', '-', '.'].into_iter().any(|sep| {
                name.strip_prefix(dir)
                    .and_then(|rest| rest.strip_prefix(sep))
                    .is_some_and(|rest| {
                        rest == *file
                            || rest
                                .strip_suffix(".yaml")
                                .is_some_and(|stem| file.strip_suffix(".yml") == Some(stem))
                            || rest
                                .strip_suffix(".yml")
                                .is_some_and(|stem| file.strip_suffix(".yaml") == Some(stem))
                    })
            })
        })
    {
        return Some(format!("'{name}' is '{dir}'s settings: {NAMED_SECRET}"));
    }
    if let [ancestors @ .., name] = plain.as_slice()
        && below_ancestor(ancestors, name)
    {
        return Some(format!("'{name}' is sensitive: {SERVICE}"));
    }
    // DVC's global and system settings (`dvc remote modify --global`: `~/.config/dvc/config`,
    // `--system`: `/etc/xdg/dvc/config`) hold a remote's keys; a project's `.dvc/config`,
    // committed, names its remotes (its keys go to `config.local`).
    if let [.., "dvc", "config"] = plain.as_slice() {
        return Some("'dvc/config' holds credentials".to_owned());
    }
    if let [.., grand, _, name] = plain.as_slice()
        && GRANDPARENT_PAIRS.contains(&(*grand, *name))
    {
        return Some(format!("'{grand}/…/{name}' holds credentials"));
    }
    // Ansible's vault files by convention: `group_vars/web/vault`, `host_vars/db1/vault.yml`.
    if let [.., vars, _, name] = plain.as_slice()
        && matches!(*vars, "group_vars" | "host_vars")
        && name.starts_with("vault")
    {
        return Some(format!("'{name}' is sensitive: {SERVICE}"));
    }
    // Rails' per-environment credentials (`config/credentials/production.yml.enc` and
    // `production.key`): everything in a `credentials` directory but code.
    if let [.., parent, name] = plain.as_slice()
        && *parent == "credentials"
        && !name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| SOURCE_EXTENSIONS.contains(&ext))
    {
        return Some(format!("'{parent}/{name}' is sensitive: {CLOUD}"));
    }
    // Homarr's boards (`configs/<board>.json`: each integration's API key or password), in a
    // Homarr directory or where its image keeps them (`/app/data/configs`).
    if let [ancestors @ .., parent, name] = plain.as_slice()
        && *parent == "configs"
        && name.ends_with(".json")
        && (ancestors.contains(&"homarr") || ancestors.ends_with(&["app", "data"]))
    {
        return Some(format!("'{parent}/{name}' is sensitive: {SERVICE}"));
    }
    // Node CLIs' settings kept by `configstore` (Snyk's, Firebase's, Netlify's API tokens);
    // update-notifier's files only record when a package was last checked.
    if let [.., parent, name] = plain.as_slice()
        && *parent == "configstore"
        && name.ends_with(".json")
        && !name.starts_with("update-notifier")
    {
        return Some(format!("'{parent}/{name}' is sensitive: {CLOUD}"));
    }
    // Django's settings split by environment (`settings/production.py`, `settings/local.py`).
    if let [.., parent, name] = plain.as_slice()
        && *parent == "settings"
        && name
            .strip_suffix(".py")
            .is_some_and(|stem| SECRET_ENVIRONMENTS.contains(&stem))
    {
        return Some(format!("'{parent}/{name}' is sensitive: {SERVICE}"));
    }
    // Jenkins' plugins' global settings, named for their Java class
    // (`hudson.tasks.Mailer.xml` with the SMTP password,
    // `com.cloudbees.plugins.credentials.SystemCredentialsProvider.xml`,
    // `org.jenkinsci.plugins.*.xml`), and each build's `build.xml` (its parameters, passwords
    // among them), below a Jenkins home.
    if let [ancestors @ .., name] = plain.as_slice()
        && ancestors
            .iter()
            .any(|a| matches!(*a, "jenkins" | "jenkins_home" | ".jenkins"))
        && name.ends_with(".xml")
        && (["hudson.", "jenkins.", "org.", "com.", "io.", "net."]
            .iter()
            .any(|prefix| name.starts_with(prefix))
            || (*name == "build.xml" && ancestors.contains(&"builds")))
    {
        return Some(format!("'{name}' is sensitive: {SERVICE}"));
    }
    // Buildkite's agent hooks (`hooks/environment`, `hooks/pre-command`) export the secrets
    // every job is given, in the agent's directory or a repository's `.buildkite`.
    if let [ancestors @ .., parent, name] = plain.as_slice()
        && *parent == "hooks"
        && ancestors
            .iter()
            .any(|a| matches!(*a, "buildkite-agent" | "buildkite" | ".buildkite"))
    {
        return Some(format!("'{parent}/{name}' is sensitive: {SERVICE}"));
    }
    // Red Hat's network scripts keep Wi-Fi keys and 802.1X passwords in `keys-<device>`.
    if let [.., parent, name] = plain.as_slice()
        && *parent == "network-scripts"
        && name.starts_with("keys-")
    {
        return Some(format!("'{parent}/{name}' is sensitive: {SERVICE}"));
    }
    // certbot's DNS plugins keep API credentials in `/etc/letsencrypt/<provider>.ini`.
    if let [.., parent, name] = plain.as_slice()
        && *parent == "letsencrypt"
        && name.ends_with(".ini")
    {
        return Some(format!("'{parent}/{name}' is sensitive: {CLOUD}"));
    }
    let text = path.to_string_lossy();
    if !text.contains("/../")
        && PUBLIC_CERTIFICATES.iter().any(|dir| text.starts_with(dir))
        && path.extension().is_some_and(|ext| {
            matches!(
                ext.to_string_lossy().to_lowercase().as_str(),
                "pem" | "crt" | "cer"
            )
        })
    {
        return None;
    }
    // An archive of a home's secret directory saved without its dot (`ssh.tar.gz`,
    // `gnupg.zip`, `kube.tgz`, `password-store.tar.xz`): the directory's keys and tokens.
    // Docker's is left out: `docker.tgz` is its static binaries' download.
    if let Some(name) = components.last()
        && let Some(stem) = ARCHIVE_SUFFIXES
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
        && stem != "docker"
        && DIRECTORIES.contains(&format!(".{stem}").as_str())
    {
        return Some(format!(
            "'{name}' is an archive of '.{stem}', whose files hold credentials"
        ));
    }
    // Browsers' and Electron apps' site databases (`Default/IndexedDB`, Slack's and Discord's
    // `IndexedDB`: sign-in tokens kept by sites, as in `Local Storage`), in a user's
    // application data; a project's `src/indexeddb/` is code.
    if plain.contains(&"indexeddb")
        && plain.iter().any(|c| {
            matches!(
                *c,
                ".config" | "application support" | "appdata" | "snap" | ".var"
            )
        })
    {
        return Some(format!(
            "'IndexedDB' directories hold sites' sign-in tokens: {BROWSER}"
        ));
    }
    // A VPN client's login file (`--auth-user-pass`: the user, then the password) under the
    // names the guides give it, in a directory named for a VPN (`vpn/login.conf`,
    // `nordvpn/login.txt`, `openvpn-client/up`).
    if let [.., parent, name] = plain.as_slice()
        && parent.contains("vpn")
        && matches!(
            *name,
            "login.conf" | "login.txt" | "login" | "auth.conf" | "up" | "userpass" | "user-pass"
        )
    {
        return Some(format!("'{parent}/{name}' is sensitive: {NAMED_SECRET}"));
    }
    // Magento 1's `app/etc/local.xml` (the database login and the encryption key).
    if plain.ends_with(&["app", "etc", "local.xml"]) {
        return Some(format!("'app/etc/local.xml' is sensitive: {SERVICE}"));
    }
    // NetBox's `settings.py` is its code, reading the secrets from `configuration.py`.
    if let [ancestors @ .., name] = plain.as_slice()
        && *name == "settings.py"
        && ancestors.contains(&"netbox")
    {
        return None;
    }
    // Python's own libraries (`/usr/lib/python3.12/secrets.py`, `site-packages/x/secrets.py`):
    // code shipped by packages, not settings. A `secrets.py` elsewhere stays refused: Django
    // projects keep `SECRET_KEY` and database passwords in one so named.
    if path.extension().is_some_and(|ext| ext == "py")
        && plain.iter().any(|c| {
            matches!(*c, "site-packages" | "dist-packages")
                || (c.len() > 6
                    && c.starts_with("python")
                    && c[6..].chars().all(|d| d.is_ascii_digit() || d == '.'))
        })
    {
        return None;
    }
    if CONTAINER_APP_PATHS.contains(&text.as_ref()) {
        return Some(format!("'{text}' is sensitive: {SERVICE}"));
    }
    // OPNsense's whole configuration and its backups (users, VPN keys, API keys).
    if text == "/conf/config.xml" || text.starts_with("/conf/backup/") {
        return Some(format!("'{text}' is sensitive: {SERVICE}"));
    }
    if (text.starts_with("/proc/") && (text.ends_with("/environ") || text.ends_with("/mem")))
        || matches!(text.as_ref(), "/proc/kcore" | "/dev/mem" | "/dev/kmem")
    {
        return Some("process memory and environments hold secrets".to_owned());
    }
    // Command-line tools' token stores (`oci/config`, `rancher/cli2.json`, `hcloud.toml`).
    let (parent, name) = match plain.as_slice() {
        [.., parent, name] => (*parent, *name),
        [name] => ("", *name),
        [] => ("", ""),
    };
    if families::tool_credentials(parent, name) || families::dns_plugin_credentials(name) {
        return Some(format!("'{name}' is sensitive: {CLOUD}"));
    }
    // A history in a client's own directory (`~/.mysqlsh/history`, Chrome's `History`).
    let raw = path.file_name()?.to_string_lossy();
    let in_dot_directory = plain
        .iter()
        .rev()
        .skip(1)
        .any(|c| c.starts_with('.') && c.len() > 1);
    if in_dot_directory && families::history(true, &raw, name) {
        return Some(format!("'{raw}' is sensitive: {HISTORY}"));
    }
    name_reason(&path.file_name()?.to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::sensitive_path as reason;
    use std::path::Path;

    #[test]
    fn refuses_credentials_of_every_kind() {
        for path in [
            "/etc/shadow",
            "/etc/gshadow-",
            "/etc/sudoers",
            "/etc/security/opasswd",
            "/srv/app/.env",
            "/srv/app/.env.production",
            "/srv/app/.envrc",
            "/home/u/.npmrc",
            "/home/u/.yarnrc.yml",
            "/home/u/.pypirc",
            "/home/u/.netrc",
            "/home/u/.pgpass",
            "/home/u/.my.cnf",
            "/home/u/.vault-token",
            "/home/u/.git-credentials",
            "/home/u/.bash_history",
            "/root/.mysql_history",
            "/home/u/.ssh/config",
            "/srv/id_ed25519",
            "/srv/id_rsa.bak",
            "/srv/id_rsa.old",
            "/srv/id_rsa~",
            "/srv/.id_rsa.swp",
            "/srv/id_ecdsa.1",
            "/etc/ssh/ssh_host_ed25519_key",
            "/etc/ssh/ssh_host_rsa_key.bak",
            "/srv/tls/server.KEY",
            "/srv/tls/server.key.orig",
            "/srv/keys/app.p12",
            "/srv/keys/putty.ppk",
            "/etc/krb5.keytab",
            "/srv/infra/terraform.tfstate",
            "/srv/infra/terraform.tfstate.backup",
            "/srv/infra/prod.tfvars",
            "/srv/infra/secrets.auto.tfvars.json",
            "/root/.aws/config",
            "/root/.azure/msal_token_cache.json",
            "/root/.config/gcloud/application_default_credentials.json",
            "/srv/credentials.json",
            "/srv/gcp/service-account-prod.json",
            "/srv/oauth/client_secret_1234.apps.googleusercontent.com.json",
            "/srv/kubeconfig",
            "/srv/kubeconfig-prod.yaml",
            "/srv/prod.kubeconfig",
            "/etc/kubernetes/admin.conf",
            "/etc/kubernetes/pki/ca.crt",
            "/etc/rancher/k3s/k3s.yaml",
            "/var/lib/rancher/k3s/server/node-token",
            "/var/www/html/wp-config.php",
            "/var/www/html/wp-config.php.bak",
            "/etc/mysql/debian.cnf",
            "/etc/nginx/.htpasswd",
            "/etc/ssl/private/site.crt",
            "/etc/postfix/sasl_passwd",
            "/etc/ppp/chap-secrets",
            "/etc/ipsec.secrets",
            "/etc/NetworkManager/system-connections/home.nmconnection",
            "/etc/systemd/network/wg0.netdev",
            "/run/secrets/db_password",
            "/srv/app/db_password.txt",
            "/srv/app/api-token",
            "/srv/app/secrets.yaml",
            "/srv/app/prod.env",
            "/proc/1/environ",
            "/srv/.git-credentials",
            "/srv/credentials.yml.enc",
            "/etc/wireguard/wg0.conf",
            "/etc/openvpn/client.conf",
            "/etc/exim4/passwd.client",
            "/etc/fetchmailrc",
            "/etc/restic-env",
            "/var/lib/tailscale/tailscaled.state",
            "/etc/vault.d/vault.hcl",
            "/etc/grafana/grafana.ini",
            "/etc/redis/redis.conf",
            "/etc/pgbouncer/userlist.txt",
            "/var/lib/pgadmin/pgadmin4.db",
            "/root/.config/hub",
            "/home/u/.mozilla/firefox/abc.default/logins.json",
            "/home/u/.mozilla/firefox/abc.default/key4.db",
            "/home/u/.config/google-chrome/Default/Login Data",
            "/var/log/btmp",
            "/var/log/btmp.1",
            "/etc/msmtprc",
            "/var/lib/vault/raft/vault.db",
            "/etc/ssl/private/x.pem",
            "/etc/ssl/certs/../private/x.pem",
        ] {
            assert!(
                reason(Path::new(path)).is_some(),
                "{path} should be sensitive"
            );
        }
    }

    /// Every name of the review's section 4 that holds a secret, by kind, plus more of each kind.
    #[test]
    fn refuses_secret_names_by_kind() {
        let mut missed = Vec::new();
        for path in [
            // Keys by pattern, outside `.ssh`.
            "/home/u/keys/id_rsa_github",
            "/home/u/keys/id_ed25519_work",
            "/home/u/keys/id_ecdsa_sk_yubikey",
            "/srv/deploy/deploy_rsa",
            "/srv/deploy/gitlab_ed25519",
            "/srv/deploy/backup-ecdsa",
            "/etc/dropbear/dropbear_rsa_host_key",
            "/etc/dropbear/dropbear_ed25519_host_key",
            "/srv/old/ssh_host_ecdsa_key",
            "/srv/vpn/wg-private",
            "/etc/tinc/net/rsa_key.priv",
            "/etc/tinc/net/ed25519_key.priv",
            "/srv/keys/key.asc",
            "/srv/keys/secret-key.asc",
            "/srv/keys/private.der",
            "/srv/backup/gnupg/secring.kbx",
            "/srv/keys/openpgp-revocs.d/X.rev",
            "/srv/keys/private-keys-v1.d/ABC",
            "/srv/app/key",
            "/home/u/.config/atuin/key",
            "/home/u/.local/share/atuin/history.db",
            // Dated, compressed and renamed backups.
            "/srv/tls/server.key.20240101",
            "/srv/tls/server.key.2024-01-01",
            "/srv/tls/server.key-2024",
            "/srv/tls/server.key_2024-01-01T10:00",
            "/srv/tls/server_key.pem_old",
            "/srv/tls/server.key-old",
            "/srv/tls/private.key.gz",
            "/srv/tls/server-key.pem.gz",
            "/srv/tls/server.key.2024-01-01.xz",
            "/srv/id_rsa.zst",
            "/srv/id_ed25519.bz2",
            "/etc/shadow.gz",
            "/var/backups/shadow.1.gz",
            "/srv/infra/terraform.tfstate.20240101.bak",
            "/srv/tls/acme.json",
            "/etc/traefik/acme.json",
            // Key stores by extension.
            "/srv/db/cwallet.sso",
            "/srv/keyring/Keychains/login.keychain-db",
            "/srv/keyring/passwords.kdb",
            "/srv/keyring/kwalletd/kdewallet.kwl",
            "/srv/keyring/keyrings/login.keyring",
            "/etc/ceph/ceph.client.admin.keyring",
            "/etc/ceph/ceph.keyring",
            "/var/lib/iwd/home.psk",
            "/srv/jwks/signing.jwk",
            "/home/u/.remmina/x.remmina",
            "/home/u/.config/remmina/x.remmina",
            "/etc/chrony/chrony.keys",
            "/etc/ntp.keys",
            // Cloud CLIs.
            "/srv/backup/azureProfile.json",
            "/srv/backup/msal_http_cache.bin",
            "/srv/backup/legacy_credentials/adc.json",
            "/srv/backup/.digitalocean",
            "/srv/backup/.linode-cli",
            "/home/u/.config/linode-cli",
            "/srv/backup/.scw/config.yaml",
            "/srv/backup/scw/config.yaml",
            "/srv/backup/.config/exoscale/exoscale.toml",
            "/srv/backup/.ovh.conf",
            "/srv/backup/cloudflare.ini",
            "/etc/letsencrypt/cloudflare.ini",
            "/home/u/.config/openstack/clouds.yaml",
            "/srv/secure.yaml",
            "/srv/openrc.sh",
            "/srv/admin-openrc.sh",
            "/srv/demo-openrc",
            "/srv/keystonerc_admin",
            "/home/u/.databrickscfg",
            "/home/u/.snowsql/config",
            "/home/u/.dbt/profiles.yml",
            "/home/u/.config/ngrok/ngrok.yml",
            "/home/u/.ngrok2/ngrok.yml",
            "/home/u/.config/netlify/config.json",
            "/home/u/.config/configstore/firebase-tools.json",
            "/home/u/.wrangler/config/default.toml",
            "/home/u/.fly/config.yml",
            "/home/u/.railway/config.json",
            "/home/u/.config/stripe/config.toml",
            "/home/u/.twilio-cli/config.json",
            "/home/u/.sentryclirc",
            "/home/u/.mc/config.json",
            "/home/u/.mcli/config.json",
            "/home/u/.config/argocd/config",
            "/home/u/.config/hcloud/cli.toml",
            "/srv/app/rootkey.csv",
            "/srv/app/bob_accessKeys.csv",
            // Docker, Podman, Kubernetes.
            "/srv/backup/docker-config.json",
            "/srv/backup/dockerconfigjson",
            "/srv/backup/.dockerconfigjson",
            "/etc/docker/key.json",
            "/srv/backup/kube/config",
            "/srv/backup/admin.kubeconfig.yaml",
            "/srv/backup/kubelet.conf",
            "/srv/backup/super-admin.conf",
            "/srv/backup/.config/helm/repositories.yaml",
            "/srv/backup/helm/repository/repositories.yaml",
            "/home/u/.config/helm/registry/config.json",
            "/srv/backup/basic_auth.csv",
            "/srv/backup/encryption-config.yaml",
            // Terraform, Pulumi, Ansible, SOPS, Chef.
            "/srv/infra/Pulumi.prod.yaml",
            "/srv/infra/.pulumi/stacks/prod.json",
            "/srv/infra/vault_pass.txt",
            "/srv/infra/.vault_pass",
            "/srv/infra/vault-password-file",
            "/srv/infra/.ansible/vault_pass",
            "/srv/infra/group_vars/all/vault.yml",
            "/srv/infra/vault.yml",
            "/srv/infra/.config/sops/age/keys.txt",
            "/srv/infra/age/keys.txt",
            "/srv/infra/.chef/knife.rb",
            // Database clients.
            "/srv/db/pgpass.conf",
            "/srv/db/.pgpass.conf",
            "/srv/db/.psqlrc",
            "/etc/mysql/my.cnf",
            "/etc/mysql/conf.d/client.cnf",
            "/srv/db/.my.cnf.d/client.cnf",
            "/srv/db/.mongorc.js",
            "/srv/db/.mongoshrc.js",
            "/srv/db/.redisclirc",
            "/srv/db/.cassandra/cqlshrc",
            "/srv/db/.influxdbv2/configs",
            "/srv/db/recovery.conf",
            // Package managers.
            "/srv/pkg/npmrc",
            "/srv/pkg/.npmrc.d/x",
            "/srv/pkg/.config/pip/pip.conf",
            "/etc/pip.conf",
            "/srv/pkg/pip.ini",
            "/srv/pkg/.nuget/NuGet/NuGet.Config",
            "/srv/pkg/nuget.config",
            "/srv/pkg/.m2/settings.xml",
            "/srv/pkg/.m2/settings-security.xml",
            "/srv/pkg/.gradle/gradle.properties",
            "/srv/pkg/.bundle/config",
            // Git and forges.
            "/srv/pkg/.gitconfig",
            "/srv/app/.git/config",
            "/srv/pkg/.config/glab-cli/config.yml",
            "/srv/pkg/.tea/tea.yml",
            "/srv/pkg/.config/heroku/config",
            "/srv/pkg/.circleci/cli.yml",
            "/srv/pkg/.travis/config.yml",
            "/srv/pkg/.config/op/config",
            "/srv/pkg/.cf/config.json",
            // VPN and Wi-Fi outside their directories.
            "/srv/vpn/wg0.conf",
            "/srv/vpn/wg-home.conf",
            "/srv/vpn/auth.txt",
            "/srv/vpn/psk.txt",
            "/etc/iwd/main.conf",
            "/etc/hostapd/hostapd.conf",
            "/etc/wpa_supplicant/wpa_supplicant-wlan0.conf",
            "/etc/netplan/01-netcfg.yaml",
            "/etc/swanctl/swanctl.conf",
            "/srv/swanctl.conf",
            // Applications.
            "/srv/app/env.production",
            "/srv/app/.env-prod",
            "/srv/app/.env_prod",
            "/srv/app/.flaskenv",
            "/srv/app/secrets.py",
            "/srv/app/local_settings.py",
            "/srv/app/settings_local.py",
            "/srv/app/application.properties",
            "/srv/app/application-prod.properties",
            "/srv/app/application-prod.yml",
            "/srv/app/appsettings.json",
            "/srv/app/appsettings.Production.json",
            "/srv/app/web.config",
            "/srv/app/parameters.yml",
            "/etc/gitea/app.ini",
            "/var/www/nextcloud/config/config.php",
            "/opt/mattermost/config/config.json",
            "/srv/app/env.php",
            "/srv/app/LocalConfiguration.php",
            "/srv/app/oauth2_proxy.cfg",
            "/srv/app/unseal-keys.json",
            "/srv/app/vault-init.json",
            "/srv/app/cluster-keys.json",
            "/srv/app/.auth",
            "/srv/app/passwd.txt",
            "/srv/app/pass.txt",
            "/srv/app/creds.txt",
            // Service configuration with secrets.
            "/var/lib/ceph/mon/x/keyring",
            "/etc/keepalived/keepalived.conf",
            "/etc/nslcd.conf",
            "/etc/snmp/snmpd.conf",
            "/etc/apt/auth.conf",
            "/etc/apt/auth.conf.d/x.conf",
            "/etc/openldap/slapd.conf",
            "/etc/zabbix/zabbix_server.conf",
            "/etc/icinga2/conf.d/api-users.conf",
            "/etc/nagios/resource.cfg",
            "/etc/mosquitto/passwd",
            "/etc/rabbitmq/rabbitmq.conf",
            "/etc/freeradius/3.0/clients.conf",
            "/etc/ddclient.conf",
            "/etc/krb5kdc/stash",
            "/etc/krb5kdc/.k5.REALM",
            "/var/lib/krb5kdc/principal",
            "/etc/pve/priv/shadow.cfg",
            "/etc/pve/user.cfg",
            "/srv/app/htpasswd.users",
            "/srv/app/nagios/htpasswd.users",
            "/srv/app/users.htpasswd",
            "/etc/letsencrypt/dnsimple.ini",
            "/etc/auto.smb.creds",
            "/etc/ldap/slapd.d/cn=config/olcDatabase={1}mdb.ldif",
            "/etc/freeradius/3.0/mods-config/files/authorize",
            "/srv/backup/.docker.bak/config.json",
            "/srv/backup/.kube.bak/config",
            "/srv/backup/.ssh-2024-01-01/known",
            "/srv/tls/server.key.dpkg-bak",
            "/srv/app/.gitconfig.local",
            // Desktop clients and histories.
            "/home/u/.config/filezilla/sitemanager.xml",
            "/home/u/.config/filezilla/recentservers.xml",
            "/srv/backup/sitemanager.xml",
            "/home/u/.purple/accounts.xml",
            "/home/u/.config/hexchat/servlist.conf",
            "/home/u/.irssi/config",
            "/home/u/.weechat/sec.conf",
            "/srv/keyring/Web Data",
            "/srv/keyring/Local State",
            "/srv/app/.zhistory",
            "/srv/app/.lesshst",
            "/srv/app/.viminfo",
            // Second review, finding 6.
            "/home/u/github_key",
            "/home/u/ssh_key",
            "/home/u/sshkey",
            "/home/u/ssh-key",
            "/home/u/deploykey",
            "/home/u/privkey",
            "/home/u/privkey.pem",
            "/srv/app/keystore",
            "/srv/app/gitlab-key",
            "/srv/sa.json",
            "/srv/app/deployer-sa.json",
            "/srv/app/gcp-key.json",
            "/srv/app/service-account-prod.json",
            "/srv/app/myproject-firebase-adminsdk-abc12.json",
            "/srv/kube.config",
            "/srv/config.kube",
            "/srv/netrc",
            "/srv/boto.cfg",
            "/etc/s3cmd.cfg",
            "/home/u/.s3cfg",
            "/home/u/.boto",
            "/home/u/recovery-codes.txt",
            "/home/u/github-recovery-codes.txt",
            "/home/u/backup_codes.txt",
            "/home/u/backup-codes-2024.txt",
            "/home/u/.bitcoin/wallet.dat",
            "/etc/tomcat9/tomcat-users.xml",
            "/opt/tomcat/conf/tomcat-users.xml",
            "/opt/wildfly/standalone/configuration/mgmt-users.properties",
            "/etc/default/minio",
            "/etc/odoo/odoo.conf",
            "/etc/pgbackrest/pgbackrest.conf",
            "/etc/alertmanager/alertmanager.yml",
            "/etc/nut/upsd.users",
            "/etc/redis/users.acl",
            "/srv/app/secrets.py",
        ] {
            if reason(Path::new(path)).is_none() {
                missed.push(path);
            }
        }
        assert_eq!(missed, Vec::<&str>::new(), "should be sensitive");
    }

    #[test]
    fn allows_ordinary_files() {
        for path in [
            "/srv/app/config.toml",
            "/var/log/syslog",
            "/srv/environment.md",
            "/srv/keys.txt",
            "/srv/.envrc.md",
            "/etc/passwd",
            "/etc/group",
            "/etc/hostname",
            "/etc/nginx/nginx.conf",
            "/etc/pam.d/common-auth",
            "/etc/ssh/ssh_host_ed25519_key.pub",
            "/etc/ssh/sshd_config",
            "/srv/src/password.go",
            "/srv/src/token.rs",
            "/srv/docs/password-policy.md",
            "/srv/app/tokenizer.json",
            "/srv/app/bypass.txt",
            "/srv/app/notes.txt",
            "/srv/app/keyboard.conf",
            "/srv/app/package.json",
            "/srv/app/README",
            "/etc/ssl/certs/ca-certificates.crt",
            "/etc/ssl/certs/ISRG_Root_X1.pem",
            "/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt",
            "/usr/local/share/ca-certificates/corp.pem",
            "/var/log/wtmp",
            // Ordinary names next to the kinds above.
            "/srv/app/config.yaml",
            "/srv/app/config/app.yaml",
            "/srv/app/config.json",
            "/srv/app/monkey.txt",
            "/srv/app/keyboard.conf",
            "/var/backups/passwd.bak",
            "/var/backups/passwd.1.gz",
            "/etc/ssh/ssh_host_rsa_key-cert.pub",
            // Public halves and certificates by their names (fourth round).
            "/srv/id_rsa.pub",
            "/srv/tls/cert.pem",
            "/srv/dist/release.tar.gz.asc",
            "/srv/backup/gnupg/pubring.kbx",
            "/srv/app/env.js",
            "/srv/app/env.example",
            "/srv/infra/Pulumi.yaml",
            "/srv/app/identity.rs",
            "/srv/app/id_map.json",
            "/srv/app/crypto_rsa.go",
            "/srv/logs/app.log.2024-01-01",
            "/srv/logs/access.log.1.gz",
            "/srv/app/wg-quick.md",
            "/srv/app/data-2024.csv",
            "/etc/pam.d/common-auth",
            "/srv/app/author.txt",
            "/sbin/openrc",
            "/etc/ssh/ssh_host_ed25519_key.pub",
            // Second review, finding 8: code about keys, Python's own library.
            "/srv/app/src/id_rsa_parser.py",
            "/srv/app/id_rsa_test.go",
            "/srv/app/src/deploy_rsa.rs",
            "/srv/app/src/github_key.ts",
            "/usr/lib/python3/dist-packages/secrets.py",
            "/usr/lib/python3.12/secrets.py",
            "/srv/venv/lib/python3.12/site-packages/django/secrets.py",
            "/srv/app/keys.py",
            "/srv/app/primary_key.txt",
            "/srv/app/turkey_key.md",
            "/srv/app/key.json",
            "/etc/haproxy/haproxy.cfg",
        ] {
            assert_eq!(reason(Path::new(path)), None, "{path} should be allowed");
        }
    }
}

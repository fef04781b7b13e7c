//! Configuration readable by everyone that customarily holds credentials in the clear: the
//! mount table (a CIFS mount's `password=` and `credentials=`) and autofs maps, the mount units
//! systemd generates from the mount table, the system-wide environment and the settings of
//! proxies with their passwords (`/etc/environment`, `/etc/default/docker`,
//! `/etc/sysconfig/docker`, `/etc/sysconfig/proxy`, wget's, dnf's, yum's and apt's, services'
//! proxy drop-ins and the service managers' default environment, login scripts; postfix's
//! `main.cf` and `master.cf` with a relay's login inline; system cron tables and
//! administrators' cron jobs, as `crontab -l` prints a user's; supervisord's programs and
//! `rc.local`, as administrators' units, and administrators' init scripts (`init_scripts.rs`); the container
//! daemons' configuration with its proxies and registry logins), compose files (a service's
//! `environment:` literals, what `docker compose config` prints), and services' environment
//! files: those in `/etc/default`, `/etc/sysconfig` and OpenRC's `/etc/conf.d` (the
//! `EnvironmentFile=` their units read, the variables their init scripts source: telegraf's
//! `INFLUX_TOKEN`, jenkins' `--httpsKeyStorePassword=`, a daemon's `-a SECRET` among its
//! arguments) but a positive list of system settings that hold no credential (`grub`,
//! `locale`, `network`...), and those elsewhere by their customary names (`/etc/myapp/env`,
//! `/opt/app/environment`; `app.env` and `.env` are secrets by name already), administrators'
//! units and drop-ins (`admin_units.rs`, what `systemctl cat` prints) and their login
//! scripts in `/etc/profile.d` (exports), but packages' own. Containment's
//! `nobody` reads them, and redaction knows no shape of every value they hold (a password in
//! a comma-separated option list, a key under a service's own name, a short option's value),
//! so reading one is high on both paths. Naming them (`ls`, `stat`) stays low; warden-secrets'
//! `sensitive_path` is left to files that are secrets whole, since the other tools ask it too.

use std::path::Path;

use super::uncontained::inside;

/// Places (each with everything below it; a component may hold `*`).
const PLACES: &[&str] = &[
    "/etc/fstab",
    "/etc/fstab.d",
    "/etc/environment",
    "/etc/environment.d",
    // pam_env's own table, read with /etc/environment at every login: where administrators
    // set `HTTP_PROXY DEFAULT=http://user:pass@…` for every session.
    "/etc/security/pam_env.conf",
    "/etc/default/docker",
    "/etc/sysconfig/docker*",
    "/etc/sysconfig/proxy",
    // Proxy settings with their passwords, world-readable where their packages or guides put
    // them: wget's `proxy_password`, dnf's and yum's `proxy_password`, apt's
    // `Acquire::http::Proxy "http://user:pass@…"` snippets, the drop-in docker's guide has one
    // write (`Environment="HTTPS_PROXY=…"`), login scripts exporting `http_proxy`.
    "/etc/wgetrc",
    "/etc/dnf/dnf.conf",
    "/etc/yum.conf",
    "/etc/apt/apt.conf",
    "/etc/apt/apt.conf.d/*proxy*",
    "/etc/apt/apt.conf.d/*Proxy*",
    // zypper's repository logins (`username=`, `password=`), one file a repository under any
    // name in `credentials.d` (only SUSE's own `SCCcredentials` is known by name), and the
    // global catalog; `/etc/zypp` is otherwise readable by everyone.
    "/etc/zypp/credentials.d",
    "/etc/zypp/credentials.cat",
    // Services' proxy drop-ins wherever systemd reads units from (the system's and the
    // users' managers, the runtime units, the packages' own), and the managers' own drop-ins
    // (`DefaultEnvironment="HTTP_PROXY=http://user:pass@…"` for every service).
    "/etc/systemd/*/*.d/*proxy*",
    "/etc/systemd/*/*.d/*Proxy*",
    "/etc/systemd/*/*.d/*PROXY*",
    "/run/systemd/*/*.d/*proxy*",
    "/usr/lib/systemd/*/*.d/*proxy*",
    "/lib/systemd/*/*.d/*proxy*",
    "/etc/systemd/system.conf.d",
    "/etc/systemd/user.conf.d",
    // The container daemons' own configuration: docker's `proxies` (`"http-proxy":
    // "http://user:pass@…"`) and registry mirrors with credentials in the URL, containerd's
    // registry `auth` sections (`username`, `password`, `auth`).
    "/etc/docker/daemon.json",
    "/etc/containerd/config.toml",
    "/etc/profile.d/*proxy*",
    // Postfix's settings may hold a relay's login inline, readable by everyone:
    // `smtp_sasl_password_maps = static:user:pass` or `inline:{ host = user:pass }`, in
    // main.cf or as a service's `-o` override in master.cf.
    "/etc/postfix/main.cf",
    "/etc/postfix/master.cf",
    // supervisord's programs, as systemd's units do: `command=/usr/bin/app -P SECRET` and
    // `environment=DB_PASSWORD="…"` (Debian's conf.d, RHEL's supervisord.d), and the boot
    // script an administrator keeps commands in.
    "/etc/supervisor",
    "/etc/supervisord.conf",
    "/etc/supervisord.d",
    "/etc/rc.local",
    "/etc/rc.d/rc.local",
    // SUSE's rc.local.
    "/etc/boot.local",
    // Other supervisors' service definitions, with the commands they start and what they were
    // given: runit's and s6's run scripts (`exec app -P SECRET`, an `env/` directory),
    // xinetd's services (`server_args`, `env`), monit's checks (`username`/`password` of an
    // HTTP check, `allow admin:PASS`), the BSD-style `rc.conf` family (`app_flags="-P
    // SECRET"`) and inittab's respawned commands.
    "/etc/sv",
    "/etc/runit",
    "/etc/service",
    "/var/service",
    "/service",
    "/etc/s6",
    "/etc/s6-rc",
    "/etc/xinetd.d",
    "/etc/xinetd.conf",
    "/etc/monit/conf.d",
    "/etc/monit/conf-enabled",
    "/etc/monit/conf-available",
    "/etc/monit.d",
    "/etc/rc.conf",
    "/etc/rc.conf.local",
    "/etc/rc.conf.d",
    "/etc/inittab",
    // autofs maps: a CIFS entry's options carry `password=` as fstab's do.
    "/etc/auto.*",
    // Services' own configuration, readable by everyone as their packages install it, with
    // passwords among their settings in shapes of their own (warden-secrets knows the files
    // that are secrets by name: redis.conf, grafana.ini, zabbix_server.conf, snmpd.conf,
    // keepalived.conf...): MongoDB's TLS key password and LDAP bind (`queryPassword`),
    // InfluxDB's `shared-secret` and its 2.x `config.toml`, Elasticsearch's and OpenSearch's
    // realm bind passwords, the Zabbix agent's and proxy's (`DBPassword`, agent 2's plugin
    // sessions' `Password`), Dovecot's `ssl_key_password` and SQL `connect = password=`,
    // HAProxy's `stats auth user:pass` and `userlist` passwords, PHP-FPM pools'
    // `env[DB_PASSWORD]` and `php_admin_value`, net-snmp's client defaults
    // (`defAuthPassphrase`) and trap receiver's communities, RabbitMQ's `advanced.config`,
    // PgBouncer's `auth_query` login, NRPE's commands with their arguments (`-p PASS`),
    // Prometheus' scrape and remote-write `basic_auth` and `bearer_token`.
    "/etc/mongod.conf",
    "/etc/mongodb.conf",
    "/etc/mongos.conf",
    "/etc/influxdb",
    "/etc/elasticsearch",
    "/etc/opensearch",
    "/etc/zabbix",
    "/etc/dovecot",
    "/etc/haproxy",
    "/etc/php/*/fpm/pool.d",
    "/etc/php/*/fpm/php-fpm.conf",
    "/etc/php-fpm.d",
    "/etc/php-fpm.conf",
    "/etc/opt/remi/*/php-fpm.d",
    "/usr/local/etc/php-fpm.d",
    "/usr/local/etc/php-fpm.conf",
    "/etc/snmp",
    "/etc/rabbitmq",
    "/etc/pgbouncer",
    "/etc/nagios/nrpe.cfg",
    "/etc/nagios/nrpe_local.cfg",
    "/etc/nagios/nrpe.d",
    "/etc/nrpe.cfg",
    "/etc/nrpe.d",
    "/etc/prometheus",
    // pam_ldap's and libnss-ldap's `bindpw`, squid's `cache_peer … login=user:pass`,
    // ProFTPD's `SQLConnectInfo db user pass`, collectd's and netdata's collectors' `Password`,
    // Kafka's `sasl.jaas.config … password=` and `ssl.keystore.password`.
    "/etc/ldap.conf",
    "/etc/pam_ldap.conf",
    "/etc/libnss-ldap.conf",
    "/etc/squid",
    "/etc/proftpd",
    "/etc/collectd",
    "/etc/collectd.conf",
    "/etc/collectd.d",
    "/etc/netdata/go.d",
    "/etc/netdata/python.d",
    "/etc/kafka",
    "/opt/kafka/config",
    // The units systemd generates from /etc/fstab (`Options=` carries each mount's options).
    "/run/systemd/generator",
    "/run/systemd/generator.early",
    "/run/systemd/generator.late",
];

/// The directories of services' environment files, one a distribution.
const ENVIRONMENT_DIRS: &[&str] = &["/etc/default", "/etc/sysconfig", "/etc/conf.d"];

/// Files and directories in [`ENVIRONMENT_DIRS`] that hold system settings,
/// never a credential: the boot loader, locale and keyboard, clock, network interfaces,
/// firewall rules, schedulers and loggers, the kernel's crash dumps, the packages' own
/// switches. Any other name there is a service's environment file, whose customary content is
/// the service's options and credentials (docker's proxies too, which is why it is absent).
const SYSTEM_SETTINGS: &[&str] = &[
    "grub",
    "grub.d",
    "grub-btrfs",
    "locale",
    "keyboard",
    "console-setup",
    "console",
    "useradd",
    "rcS",
    "halt",
    "hwclock",
    "clock",
    "i18n",
    "networking",
    "network",
    "network-scripts",
    "selinux",
    "kernel",
    "init",
    "readonly-root",
    "cron",
    "crond",
    "anacron",
    "atd",
    "ssh",
    "sshd",
    "nss",
    "ntp",
    "ntpd",
    "ntpdate",
    "chrony",
    "chronyd",
    "rsyslog",
    "irqbalance",
    "cpupower",
    "kdump",
    "sysstat",
    "sysstat.ioconf",
    "smartmontools",
    "apport",
    "motd-news",
    "ufw",
    "iptables",
    "iptables-config",
    "ip6tables",
    "ip6tables-config",
    "nftables.conf",
    "firewalld",
    "acpid",
    "amd64-microcode",
    "intel-microcode",
    "crda",
    "bsdmainutils",
    "dbus",
    "tmpfs",
    "devpts",
    "lm-sensors",
    "mdadm",
    "raid-check",
    "zfs",
    "kexec",
    "cacerts",
    "modules",
    "man-db",
    "run-parts",
    // OpenRC's own services.
    "hostname",
    "keymaps",
    "consolefont",
    "localmount",
    "netmount",
    "net",
    "bootmisc",
    "syslog",
    "swap",
    "urandom",
    "seedrng",
    "devfs",
    "dmesg",
    "mdev",
    "killprocs",
    "agetty",
];

/// Whether `path` is a service's environment file: a name in one of [`ENVIRONMENT_DIRS`] (or
/// anything below one) outside [`SYSTEM_SETTINGS`].
fn service_environment(path: &Path) -> bool {
    ENVIRONMENT_DIRS.iter().any(|dir| {
        path.strip_prefix(dir)
            .ok()
            .and_then(|rest| rest.components().next())
            .is_some_and(|name| {
                let name = name.as_os_str().to_string_lossy();
                !SYSTEM_SETTINGS.contains(&name.as_ref())
            })
    })
}

/// The customary names of an environment file a unit's `EnvironmentFile=` names outside the
/// directories above (`/etc/myapp/env`, `/opt/app/environment`).
const ENVIRONMENT_FILE_NAMES: &[&str] = &["env", "environment"];

/// Where an administrator's mount units lie (with the links in `*.wants`): a unit's `Options=`
/// are fstab's (a CIFS mount's `password=`), as in the units systemd generates from fstab and
/// as `systemctl cat` and `show -p Options` of a mount unit print them. Packages' own mount
/// units (`/usr/lib/systemd`) mount the system's pseudo file systems, with no credential.
const MOUNT_UNIT_TREES: &[&str] = &["/etc/systemd", "/run/systemd"];

/// Whether `path` is an administrator's mount unit.
fn mount_unit(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension == "mount")
        && MOUNT_UNIT_TREES.iter().any(|tree| path.starts_with(tree))
}

/// Login scripts: every login shell sources `/etc/profile.d`, where an administrator's own
/// script exports what the host's users need (`export VAULT_TOKEN=…`, a proxy with its
/// password), readable by everyone. Packages' own scripts, by these names, set prompts,
/// completions, paths and locales, never a credential; any other name is an administrator's.
const LOGIN_SCRIPTS: &str = "/etc/profile.d";
const PACKAGED_LOGIN_SCRIPTS: &[&str] = &[
    "bash_completion.sh",
    "vte.sh",
    "vte-2.91.sh",
    "vte.csh",
    "01-locale-fix.sh",
    "apps-bin-path.sh",
    "Z97-byobu.sh",
    "Z99-cloud-locale-test.sh",
    "Z99-cloudinit-warnings.sh",
    "cedilla-portuguese.sh",
    "gawk.sh",
    "gawk.csh",
    "im-config_wayland.sh",
    "xdg_dirs_desktop_session.sh",
    "debuginfod.sh",
    "debuginfod.csh",
    "colorgrep.sh",
    "colorgrep.csh",
    "colorls.sh",
    "colorls.csh",
    "colorxzgrep.sh",
    "colorxzgrep.csh",
    "colorzgrep.sh",
    "colorzgrep.csh",
    "lang.sh",
    "lang.csh",
    "less.sh",
    "less.csh",
    "which2.sh",
    "which2.csh",
    "vim.sh",
    "vim.csh",
    "mc.sh",
    "mc.csh",
    "256term.sh",
    "256term.csh",
    "PackageKit.sh",
    "flatpak.sh",
    "snapd.sh",
    "sh.local",
    "csh.local",
    "kde.sh",
    "qt.sh",
    "qt-graphicssystem.sh",
    "gnome-ssh-askpass.sh",
    "gnome-ssh-askpass.csh",
    "modules.sh",
    "scl-init.sh",
    "color_prompt.sh",
    "color_prompt.sh.disabled",
    "locale.sh",
    "README",
];

/// Whether `path` is an administrator's login script: a name in [`LOGIN_SCRIPTS`] outside
/// [`PACKAGED_LOGIN_SCRIPTS`].
fn administrators_login_script(path: &Path) -> bool {
    path.strip_prefix(LOGIN_SCRIPTS)
        .ok()
        .and_then(|rest| rest.components().next())
        .is_some_and(|name| {
            let name = name.as_os_str().to_string_lossy();
            !PACKAGED_LOGIN_SCRIPTS.contains(&name.as_ref())
        })
}

/// System cron jobs: `/etc/crontab`, anacron's table, a job file in `/etc/cron.d` and a script
/// in the periodic directories are the administrator's scheduled commands with whatever they
/// were given (`mysqldump -pSECRET`, `curl -u user:pass`, `app -P SECRET`), as a user's
/// crontab is (`crontab -l`), readable by everyone. Packages' own jobs, by these names, run
/// their maintenance with no credential; any other name is an administrator's.
const CRON_TABLES: &[&str] = &["/etc/crontab", "/etc/anacrontab"];
const CRON_DIRS: &[&str] = &[
    "/etc/cron.d",
    "/etc/cron.hourly",
    "/etc/cron.daily",
    "/etc/cron.weekly",
    "/etc/cron.monthly",
    "/etc/cron.yearly",
];
const PACKAGED_CRON_JOBS: &[&str] = &[
    ".placeholder",
    "0anacron",
    "0hourly",
    "anacron",
    "apt-compat",
    "aptitude",
    "apache2",
    "apport",
    "bsdmainutils",
    "certbot",
    "chkrootkit",
    "debtags",
    "dpkg",
    "e2scrub_all",
    "exim4-base",
    "john",
    "locate",
    "logrotate",
    "logwatch",
    "00logwatch",
    "man-db",
    "man-db.cron",
    "makewhatis.cron",
    "mdadm",
    "mlocate",
    "mlocate.cron",
    "ntp",
    "ntpsec",
    "passwd",
    "php",
    "plocate",
    "popularity-contest",
    "quota",
    "raid-check",
    "rkhunter",
    "rpm",
    "sendmail",
    "spamassassin",
    "sysstat",
    "update-notifier-common",
    "zfsutils-linux",
];

/// Whether `path` is a system cron table or an administrator's job in [`CRON_DIRS`].
fn administrators_cron_job(path: &Path) -> bool {
    CRON_TABLES.iter().any(|table| path == Path::new(table))
        || CRON_DIRS.iter().any(|dir| {
            path.strip_prefix(dir)
                .ok()
                .and_then(|rest| rest.components().next())
                .is_some_and(|name| {
                    let name = name.as_os_str().to_string_lossy();
                    !PACKAGED_CRON_JOBS.contains(&name.as_ref())
                })
        })
}

/// Whether a file name is a compose file's (`docker-compose.yml`, `compose.yaml`,
/// `docker-compose.prod.yml`, `compose.override.yaml`).
fn compose_file(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    (name.starts_with("docker-compose") || name.starts_with("compose."))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// One file of each kind above, for judging a shell wildcard by what it could expand to
/// (`cat /etc/fstab*`, `cat /etc/cron*/*`: in the sandbox, which reads what `nobody` may, the
/// shell expands it); a unit test checks that each is judged so.
const SAMPLES: &[&str] = &[
    "/etc/fstab",
    "/etc/fstab.d/cifs.fstab",
    "/etc/environment",
    "/etc/environment.d/10-proxy.conf",
    "/etc/security/pam_env.conf",
    "/etc/default/docker",
    "/etc/default/telegraf",
    "/etc/sysconfig/docker",
    "/etc/sysconfig/telegraf",
    "/etc/sysconfig/proxy",
    "/etc/conf.d/telegraf",
    "/etc/wgetrc",
    "/etc/dnf/dnf.conf",
    "/etc/yum.conf",
    "/etc/apt/apt.conf",
    "/etc/apt/apt.conf.d/95proxy",
    "/etc/zypp/credentials.d/my-repo",
    "/etc/zypp/credentials.cat",
    "/etc/systemd/system/docker.service.d/http-proxy.conf",
    "/etc/systemd/system.conf.d/proxy.conf",
    "/etc/docker/daemon.json",
    "/etc/containerd/config.toml",
    "/etc/profile.d/app.sh",
    "/etc/postfix/main.cf",
    "/etc/postfix/master.cf",
    "/etc/supervisor/conf.d/app.conf",
    "/etc/supervisord.conf",
    "/etc/supervisord.d/app.ini",
    "/etc/rc.local",
    "/etc/auto.cifs",
    "/run/systemd/generator/mnt-share.mount",
    "/etc/systemd/system/app.service",
    "/etc/systemd/system/app.service.d/override.conf",
    "/etc/systemd/user/app.service",
    "/run/systemd/system/app.service",
    "/run/systemd/transient/run-u1.service",
    "/etc/containers/systemd/web.container",
    "/etc/crontab",
    "/etc/anacrontab",
    "/etc/cron.d/backup",
    "/etc/cron.daily/backup",
    "/etc/init.d/app",
    "/etc/rc.d/init.d/app",
    "/etc/boot.local",
    "/etc/sv/app/run",
    "/etc/service/app/run",
    "/etc/xinetd.d/app",
    "/etc/monit/conf.d/app",
    "/etc/monit.d/app",
    "/etc/rc.conf",
    "/etc/rc.conf.d/app",
    "/etc/inittab",
    "/etc/myapp/env",
    "/srv/app/docker-compose.yml",
    "/etc/mongod.conf",
    "/etc/influxdb/influxdb.conf",
    "/etc/elasticsearch/elasticsearch.yml",
    "/etc/zabbix/zabbix_agentd.conf",
    "/etc/dovecot/dovecot.conf",
    "/etc/haproxy/haproxy.cfg",
    "/etc/php/8.2/fpm/pool.d/www.conf",
    "/etc/php-fpm.d/www.conf",
    "/etc/snmp/snmp.conf",
    "/etc/rabbitmq/advanced.config",
    "/etc/pgbouncer/pgbouncer.ini",
    "/etc/nagios/nrpe.cfg",
    "/etc/prometheus/prometheus.yml",
    "/etc/ldap.conf",
    "/etc/squid/squid.conf",
    "/etc/proftpd/proftpd.conf",
    "/etc/collectd/collectd.conf",
    "/etc/collectd.conf",
    "/etc/netdata/go.d/mysql.conf",
    "/etc/kafka/server.properties",
    "/opt/kafka/config/server.properties",
];

/// The names among [`SAMPLES`] no everyday file shares, for a wildcard with no directory
/// (`cd /etc && cat fst*`).
const SAMPLE_NAMES: &[&str] = &[
    "fstab",
    "environment",
    "pam_env.conf",
    "wgetrc",
    "daemon.json",
    "main.cf",
    "master.cf",
    "crontab",
    "anacrontab",
    "rc.local",
    "supervisord.conf",
    "credentials.cat",
    "docker-compose.yml",
    "compose.yaml",
    "mongod.conf",
    "haproxy.cfg",
    "zabbix_agentd.conf",
];

/// The file among [`SAMPLES`] (or, for a pattern with no directory, [`SAMPLE_NAMES`]) a
/// shell wildcard could expand to, if any: the sandbox reads what `nobody` may, and its shell
/// expands the pattern there (`cat /etc/fstab*`, `cat /etc/cron*/*`, `cat /etc/[d]efault/x`).
fn wildcard_sample(path: &Path) -> Option<&'static str> {
    let text = path.to_string_lossy();
    if !text.contains(['*', '?', '[']) {
        return None;
    }
    let pattern = crate::glob::bracketless(&text);
    if pattern.starts_with('/') {
        SAMPLES
            .iter()
            .copied()
            .find(|sample| crate::glob::matches(&pattern, sample))
    } else {
        SAMPLE_NAMES
            .iter()
            .copied()
            .find(|name| crate::glob::matches(&pattern, name))
    }
}

/// Names judged by themselves in any directory, one of each kind.
const NAMED_KINDS: &[&str] = &["docker-compose.yml", "compose.yaml", "env", "environment"];

/// The file a wildcard's last part may expand to in its directory that is judged by its name
/// alone (`/srv/app/Procf*`, `/srv/app/*.js`: `ecosystem.config.js` in an application's
/// directory; see `wildcards::may_name`).
fn wildcard_name(path: &Path) -> Option<std::path::PathBuf> {
    let name = path.file_name()?.to_str()?;
    let dir = path.parent()?;
    NAMED_KINDS
        .iter()
        .chain(super::process_managers::SAMPLE_NAMES)
        .filter(|candidate| super::wildcards::may_name(name, dir, candidate))
        .map(|candidate| dir.join(candidate))
        .find(|file| clear_credentials(file).is_some())
}

/// Why reading `path` (lexically normal) prints credentials kept in the clear, if it does.
pub(super) fn clear_credentials(path: &Path) -> Option<String> {
    if let Some(sample) = wildcard_sample(path) {
        return Some(format!(
            "{} may expand to {sample}, which is readable by everyone but customarily holds credentials in the clear, in shapes redaction does not know",
            path.display()
        ));
    }
    if let Some(file) = wildcard_name(path) {
        return Some(format!(
            "{} may expand to {}, which customarily holds credentials in the clear, in shapes redaction does not know",
            path.display(),
            file.display()
        ));
    }
    let place = PLACES
        .iter()
        .find(|place| inside(path, place))
        .filter(|_| !super::runit_services::packaged_service_script(path));
    let compose = path
        .file_name()
        .and_then(|name| name.to_str())
        .is_some_and(compose_file);
    let environment = path
        .file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| ENVIRONMENT_FILE_NAMES.contains(&name));
    (place.is_some()
        || compose
        || environment
        || mount_unit(path)
        || super::admin_units::administrators_unit(path)
        || administrators_login_script(path)
        || administrators_cron_job(path)
        || super::init_scripts::administrators_init_script(path)
        || super::process_managers::process_definition(path)
        || service_environment(path))
        .then(|| {
        format!(
            "{} is readable by everyone but customarily holds credentials in the clear (mount passwords, proxy passwords, services' environment), in shapes redaction does not know",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_is_judged_as_holding_credentials() {
        for sample in SAMPLES {
            assert!(clear_credentials(Path::new(sample)).is_some(), "{sample}");
        }
        for name in SAMPLE_NAMES {
            assert!(
                SAMPLES
                    .iter()
                    .any(|sample| sample.ends_with(&format!("/{name}")))
                    || compose_file(name),
                "{name}"
            );
        }
    }

    #[test]
    fn wildcards_that_may_expand_to_one_are_judged_so() {
        for pattern in [
            "/etc/fstab*",
            "/etc/fst?b",
            "/etc/cron*/*",
            "/etc/postfix/m*.cf",
            "/etc/[d]efault/docker",
            "/etc/docker/*.json",
            "fst*",
            "*.cf",
        ] {
            assert!(clear_credentials(Path::new(pattern)).is_some(), "{pattern}");
        }
        for pattern in [
            "/etc/nginx/*.conf",
            "/var/log/nginx/*.log",
            "*.log",
            "/etc/hostn*",
        ] {
            assert!(clear_credentials(Path::new(pattern)).is_none(), "{pattern}");
        }
    }

    #[test]
    fn configuration_with_clear_credentials_is_known_by_place_and_name() {
        for held in [
            "/etc/fstab",
            "/etc/environment",
            "/etc/default/docker",
            "/etc/sysconfig/docker",
            "/etc/sysconfig/docker-network",
            "/etc/sysconfig/proxy",
            "/run/systemd/generator/mnt-share.mount",
            "/etc/wgetrc",
            "/etc/apt/apt.conf.d/95proxy",
            "/etc/apt/apt.conf.d/01Proxy",
            "/etc/systemd/system/docker.service.d/http-proxy.conf",
            "/etc/systemd/user/docker.service.d/http-proxy.conf",
            "/run/systemd/system/docker.service.d/http-proxy.conf",
            "/usr/lib/systemd/system/containerd.service.d/10-proxy.conf",
            "/etc/systemd/system.conf.d/proxy.conf",
            "/etc/docker/daemon.json",
            "/etc/containerd/config.toml",
            "/etc/profile.d/proxy.sh",
            "/etc/auto.cifs",
            "/srv/app/docker-compose.yml",
            "/opt/app/compose.yaml",
            "docker-compose.prod.yaml",
            "/work/repo/Docker-Compose.YML",
            "/etc/default/telegraf",
            "/etc/default/jenkins",
            "/etc/default/minio",
            "/etc/sysconfig/telegraf",
            "/etc/sysconfig/jenkins",
            "/etc/default/some-exporter/extra",
            "/etc/conf.d/telegraf",
            "/etc/myapp/env",
            "/opt/app/environment",
            "/etc/zypp/credentials.d/my-repo",
            "/etc/zypp/credentials.cat",
            "/etc/systemd/system/mnt-share.mount",
            "/etc/systemd/system/multi-user.target.wants/mnt-share.mount",
            "/etc/systemd/system/nginx.service.d/override.conf",
            "/etc/profile.d/app.sh",
            "/etc/profile.d/99-vault.sh",
            "/etc/profile.d/java.sh",
            "/etc/postfix/main.cf",
            "/etc/postfix/master.cf",
            "/etc/crontab",
            "/etc/anacrontab",
            "/etc/supervisor/conf.d/app.conf",
            "/etc/supervisor/supervisord.conf",
            "/etc/supervisord.d/app.ini",
            "/etc/rc.local",
            "/etc/security/pam_env.conf",
            "/etc/cron.d/backup",
            "/etc/cron.daily/db-dump",
            "/etc/cron.hourly/sync.sh",
            "/etc/init.d/app",
            "/etc/init.d/myapp.sh",
            "/etc/rc.d/init.d/app",
            "/etc/rc3.d/S99app",
            "/etc/rc.d/rc5.d/K01app",
            "/etc/rc.d/rc.local",
            "/etc/rc.d/rc.inet1.conf",
            "/etc/rc.d/rc.myapp",
            "/etc/local.d/backup.start",
            "/etc/init/app.conf",
            "/run/systemd/system/mnt-share.mount",
        ] {
            assert!(clear_credentials(Path::new(held)).is_some(), "{held}");
        }
        for plain in [
            "/etc/hosts",
            "/etc/default/grub",
            "/etc/default/grub.d/50-cloudimg.cfg",
            "/etc/default/locale",
            "/etc/default",
            "/etc/sysconfig",
            "/etc/sysconfig/selinux",
            "/etc/sysconfig/network-scripts/ifcfg-eth0",
            "/etc/defaults/telegraf",
            "/etc/conf.d/hostname",
            "/etc/conf.d",
            "/etc/fstab-notes/x",
            "/srv/app/compose.json",
            "/srv/app/composer.yml",
            "/srv/app/Dockerfile",
            "/etc/apt/apt.conf.d/20auto-upgrades",
            "/etc/profile.d/bash_completion.sh",
            "/etc/profile.d/Z99-cloud-locale-test.sh",
            "/etc/init.d",
            "/etc/init.d/nginx",
            "/etc/init.d/ssh",
            "/etc/init.d/functions",
            "/etc/rc.d/init.d/network",
            "/etc/rc3.d/S01nginx",
            "/etc/rc.d/rc3.d",
            "/etc/rc.d/rc.M",
            "/etc/local.d/README",
            "/etc/init/ssh.conf",
            "/etc/profile.d",
            "/etc/profile",
            "/etc/security/limits.conf",
            "/etc/postfix/transport",
            "/etc/cron.d",
            "/etc/cron.d/certbot",
            "/etc/cron.d/e2scrub_all",
            "/etc/cron.daily/logrotate",
            "/etc/cron.daily/apt-compat",
            "/etc/crontab.d",
            "/etc/postfix",
            "/etc/systemd/system.conf",
            "/etc/docker/certs.d/registry:5000/ca.crt",
        ] {
            assert!(clear_credentials(Path::new(plain)).is_none(), "{plain}");
        }
    }
}

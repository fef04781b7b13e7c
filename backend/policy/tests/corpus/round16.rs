//! Dangerous command lines, sixteenth set.
//! Everywhere: a lookup is low only while it asks the system's resolvers on the DNS port.
//! `dig +trace` and `+nssearch`, `host -C` and `drill -T` send the questions themselves to
//! the root's and the name's own servers, at the addresses the delegations name (records
//! their owners write: an internal address too), as `dig @SERVER` sends them where the line
//! says; `-p PORT` (and nslookup's `-port=`) sends them to another port, `drill -c FILE`
//! asks the servers a file lists (the input too: `-c /dev/stdin`), and a dig `+` option
//! outside its table of known ones is not proven harmless.
//! An ingress is configured by free-form annotations (ingress-nginx's `configuration-snippet`
//! holds nginx directives, a bearer token among them): printed whole it is judged as a
//! ConfigMap is.
//! A container's `.State.Health.Log` keeps what each health check printed: `.State` whole
//! is no field a template may print.
//! `systemctl cat` prints every drop-in of the unit, a proxy drop-in's password among them,
//! whatever unit it is.
//! `systemctl help UNIT` starts man for the pages the unit's `Documentation=` names, and so
//! does `systemd-analyze verify` unless told `--man=no`: man runs its formatters and pager,
//! programs the line does not show.
//! `nmcli networking connectivity check` has NetworkManager fetch its connectivity URI
//! again, a request the line starts from the host.
//! `findmnt --verify --verbose` checks /etc/fstab and prints each entry's options (a CIFS
//! mount's `password=`), as `findmnt --fstab` does.
//! Where nothing contains the command (`ssh_exec`): `du -a --files0-from=LIST` walks from
//! directories a list names (`/dev/disk/by-id` among them, named by serial numbers),
//! `gawk -M` computes with integers of any size (`2^2^36` fills 8 GiB), and `tac -r` takes
//! its separator as a regular expression, which must be cheap to match as grep's must.
//! Each line gets at least its level (on both paths for `KINDS`, through `ssh_exec` for
//! `REMOTE_KINDS`); `STILL_LOW` holds their everyday neighbours, which stay low on both
//! paths, and listings that name no serial number: `ls -d` and `lsattr -d` with `-R` list
//! only the directories named, and `tree -d` prints directories only, while
//! `/dev/disk/by-id` holds links to device nodes. Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        name: "walks-from-a-list-of-directories",
        lines: &[
            (
                "printf '/dev/disk/by-id\\0' | du -a --files0-from=-",
                Medium,
            ),
            ("du -a --files0-from=/etc/hosts", Medium),
            ("du --all --files0-from /etc/hosts", Medium),
            ("du -ah --files0-from=-", Medium),
        ],
    },
    Kind {
        name: "integers-of-any-size",
        lines: &[
            ("gawk -M 'BEGIN { print 2^2^36 }'", Medium),
            (
                "gawk --bignum '{ print $1 ^ $2 }' /var/log/nginx/access.log",
                Medium,
            ),
            ("gawk -bM 'BEGIN { x = 9^9^9 }'", Medium),
            ("awk --bign 'BEGIN { print 2^64 }'", Medium),
        ],
    },
    Kind {
        name: "separators-that-are-costly-regexes",
        lines: &[
            ("tac -r -s '(a+)+$' /var/log/nginx/access.log", Medium),
            ("tac -rs '(a|aa)+$' /var/log/nginx/access.log", Medium),
            (
                "tac --regex --separator='(a+)+$' /var/log/nginx/access.log",
                Medium,
            ),
            ("tac -s '(x+x+)+y' --reg /var/log/nginx/access.log", Medium),
        ],
    },
];

pub const KINDS: &[Kind] = &[
    Kind {
        name: "lookups-that-ask-other-servers-or-ports",
        lines: &[
            ("dig +trace example.com", Medium),
            ("dig +tra example.com", Medium),
            ("dig +TRACE +short example.com", Medium),
            ("dig +nssearch example.com", Medium),
            ("dig +nss example.com", Medium),
            ("dig -p 5353 example.com", Medium),
            ("dig -p5353 example.com", Medium),
            ("dig -4p 1053 example.com", Medium),
            ("dig +proxy=192.0.2.1#1-192.0.2.2#2 example.com", Medium),
            ("dig +trusted-key=/tmp/key example.com", Medium),
            ("dig +frobnicate example.com", Medium),
            ("host -C example.com", Medium),
            ("host -aC example.com", Medium),
            ("host -p 5353 example.com", Medium),
            ("nslookup -port=5353 example.com", Medium),
            ("nslookup -po=1053 example.com", Medium),
            ("drill -T example.com", Medium),
            ("drill -TD example.com", Medium),
            ("drill -p 5353 example.com", Medium),
            ("drill -c /tmp/resolv.conf example.com", Medium),
            (
                "echo nameserver 203.0.113.9 | drill -c /dev/stdin example.com",
                Medium,
            ),
        ],
    },
    Kind {
        name: "ingress-annotations-printed-whole",
        lines: &[
            ("kubectl get ingress -o yaml", High),
            ("kubectl get ing web -o json", High),
            ("kubectl get ingresses.networking.k8s.io -A -o yaml", High),
            ("kubectl describe ingress web", High),
            ("kubectl describe ing", High),
            (
                "kubectl get ingress web -o jsonpath='{.metadata.annotations}'",
                High,
            ),
            ("kubectl get svc,ingress -o yaml", High),
        ],
    },
    Kind {
        name: "health-check-output-in-templates",
        lines: &[
            ("docker inspect --format '{{.State.Health}}' web", High),
            ("docker inspect --format '{{json .State}}' web", High),
            ("docker inspect -f '{{.State}}' web", High),
            (
                "docker container inspect -f '{{json .State.Health}}' web",
                High,
            ),
            (
                "docker inspect -f '{{range .State.Health.Log}}{{.Output}}{{end}}' web",
                High,
            ),
            (
                "docker inspect -f '{{range .State.Health.Log}}{{json .}}{{end}}' web",
                High,
            ),
            ("docker inspect -f '{{json .State.Health.Log}}' web", High),
            (
                "docker inspect -f '{{json .Config.Healthcheck.Test}}' web",
                High,
            ),
        ],
    },
    Kind {
        name: "unit-files-with-their-drop-ins",
        lines: &[
            ("systemctl cat docker.service", High),
            ("systemctl cat docker", High),
            ("systemctl cat containerd.service kubelet.service", High),
            ("systemctl --no-pager cat nginx", High),
            ("systemctl cat systemd-journald.service", High),
            ("systemctl --user cat app.service", High),
        ],
    },
    Kind {
        name: "service-tools-that-start-man",
        lines: &[
            ("systemctl help nginx", Medium),
            ("systemctl --no-pager help docker.service", Medium),
            (
                "systemd-analyze verify /etc/systemd/system/app.service",
                Medium,
            ),
            (
                "systemd-analyze verify --man=yes /etc/systemd/system/app.service",
                Medium,
            ),
            (
                "systemd-analyze verify --man=no --generators=yes /etc/systemd/system/app.service",
                Medium,
            ),
            ("timedatectl --man=no status", Medium),
        ],
    },
    Kind {
        name: "mount-table-verified-aloud",
        lines: &[
            ("findmnt --verify --verbose", High),
            ("findmnt -x --verbose", High),
            ("findmnt --verbose --verify -t cifs", High),
            ("findmnt --verif --verb", High),
        ],
    },
    Kind {
        name: "probes-the-daemon-makes",
        lines: &[
            ("nmcli networking connectivity check", Medium),
            ("nmcli n c check", Medium),
            ("nmcli -t networking conn ch", Medium),
        ],
    },
];

pub const STILL_LOW: &[&str] = &[
    "dig -r example.com",
    "dig -r +notrace example.com",
    "dig -r +nonssearch +short example.com",
    "dig -r +noall +answer +stats example.com",
    "dig -r +nocmd +multi +dnssec example.com",
    "dig -r -p 53 example.com",
    "dig -r +short +norecurse example.com",
    "dig -r +bufsize=1232 +nsid example.com",
    "host -p 53 example.com",
    "host -t ns example.com",
    "nslookup -port=53 example.com",
    "drill -S example.com",
    "drill -c /etc/resolv.conf example.com",
    "drill -p 53 example.com",
    "kubectl get ingress",
    "kubectl get ingress -o wide",
    "kubectl get ing -o name",
    "kubectl get ingress -o jsonpath='{.items[*].metadata.name}'",
    "docker inspect -f '{{.State.Health.Status}}' web",
    "docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.StartedAt}}' web",
    "docker inspect -f '{{json .State.Health.Status}}' web",
    "docker inspect -f '{{.State.Health.FailingStreak}}' web",
    "docker inspect -f '{{range .State.Health.Log}}{{.ExitCode}} {{.End}}{{end}}' web",
    "systemctl show -p FragmentPath,DropInPaths docker",
    "systemctl is-active docker",
    // (An administrator's unit is high to read, as `systemctl cat` is: `round18.rs`.)
    "systemd-analyze verify --man=no /usr/lib/systemd/system/nginx.service",
    "systemd-analyze --man=no verify /usr/lib/systemd/system/nginx.service",
    "systemctl is-enabled nginx",
    "findmnt --verify",
    "findmnt -x -v",
    "findmnt --verify --verbose -k",
    "findmnt -o TARGET,SOURCE,OPTIONS",
    "gawk '{ print $1 }' /var/log/nginx/access.log",
    "awk 'BEGIN { print 2^10 }'",
    "tac /var/log/nginx/access.log",
    "tac -s '(a+)+$' /var/log/nginx/access.log",
    "tac -r -s '^-- ' /var/log/nginx/access.log",
    "ls -d -R /dev/disk/by-id",
    "ls -dR /dev",
    "vdir -d --recursive /dev/disk",
    "nmcli networking connectivity",
    "nmcli -t n c",
    "nmcli general status",
    "lsattr -dR /dev",
    "lsattr -d -R /dev/disk",
    "lsattr -Rd /dev/disk/",
    "tree -d /dev/disk",
    "tree -d /dev",
    "tree -d -L 2 /dev",
    "du -a /var/log/nginx",
    "du -sh --files0-from=/etc/hosts",
];

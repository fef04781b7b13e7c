//! Dangerous command lines, thirteenth set.
//! Everywhere: `rpm -V` runs each installed package's %verifyscript unless `--noscripts`; `tar
//! -d` answers whether a file holds what an archive's member does; `docker info` prints the
//! daemon's labels, as `--format '{{.Labels}}'` does. Each line gets at least its level
//! (through `ssh_exec` for `REMOTE_KINDS`, on both paths for `KINDS`); `REMOTE_STILL_LOW` holds
//! their everyday neighbours, which stay low there and on this host. Listed in
//! docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const REMOTE_KINDS: &[Kind] = &[];

pub const KINDS: &[Kind] = &[
    Kind {
        // rpm runs each package's %verifyscript while verifying it (`--noscripts` skips them):
        // programs the line does not show.
        name: "package-verification-running-scripts",
        lines: &[
            ("rpm -Va", Medium),
            ("rpm -V bash", Medium),
            ("rpm --verify bash", Medium),
            ("rpm -Va --nodeps", Medium),
            ("rpm -Va --nofiles", Medium),
            ("rpm -V --nodigest openssh-server", Medium),
            ("rpm -qV bash", Medium),
            ("rpm -Vf /usr/bin/ls", Medium),
            ("rpm -V --noscript bash", Medium),
        ],
    },
    Kind {
        // Comparing an archive with the disk answers, member by member, whether a file holds
        // what the archive says: an archive of guesses about a secret the line never prints.
        name: "archives-compared-with-files",
        lines: &[
            ("tar -d -f /srv/guess.tar -C /etc", Medium),
            ("tar --compare -f /srv/guess.tar -C /", Medium),
            ("tar --diff --file=/srv/guess.tar", Medium),
            ("tar dvf /srv/guess.tar", Medium),
            ("tar -dzf /srv/guess.tar.gz -C /etc", Medium),
            ("tar -C /etc -d -f /srv/guess.tar shadow", Medium),
        ],
    },
    Kind {
        // The daemon's report lists its labels (and its proxies), as the templates that print
        // them do.
        name: "daemon-report-with-labels",
        lines: &[
            ("docker info", High),
            ("docker system info", High),
            ("docker info -D", High),
            ("docker --debug info", High),
            ("docker info --format '{{.Labels}}'", High),
            ("docker info --format '{{json .}}'", High),
            ("docker info --format json", High),
        ],
    },
];

/// Everyday neighbours of the lines above: they stay low through `ssh_exec` and on this host.
pub const REMOTE_STILL_LOW: &[&str] = &[
    "rpm -Va --noscripts",
    "rpm -V --noscripts bash",
    "rpm --verify --noscripts --nodeps openssh-server",
    "rpm -qa",
    "rpm -ql bash",
    "tar -tf /usr/src/linux.tar",
    "tar -tJvf /usr/src/linux.tar.xz",
    "docker info --format '{{.ServerVersion}}'",
    "docker system info --format '{{.Driver}} {{.NCPU}}'",
    "docker version",
];

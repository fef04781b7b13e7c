//! Dangerous command lines, twenty-eighth set: runtime directories and inspection commands that
//! print secrets (most were already judged high; two kinds were not).
//! Journal units that record logins, bootstrap secrets or command lines
//! (`programs/services.rs`): login(1), run by every getty unit (`getty@tty1`,
//! `serial-getty@ttyS0`, `console-getty`, `container-getty@N`, `autovt@tty2`), logs
//! `FAILED LOGIN … FOR NAME` (and pam_unix `user=NAME`) before the login moves to its session's
//! scope, so a password typed as the user name lands in the unit's journal as it does in sshd's;
//! so do the display managers' greeters and the services that log the names their clients typed.
//! cloud-init's units print what the user data's scripts printed (join tokens among it), what
//! `/var/log/cloud-init-output.log` keeps. A unit `systemd-run` made up (`run-u7.service`,
//! `run-r0f3….service`, `run-p12-i34.scope`) is named by PID 1 by its command line (`Started
//! run-u7.service - /usr/bin/mysql -pPASS`), and `-u` selects PID 1's lines about the unit.
//! On `ssh_exec` each is judged as `journalctl -u sshd` is; contained, they stay low.
//! A user's runtime directory (`paths/uncontained.rs`): `/run/user/UID/credentials` holds what
//! a user service manager hands each unit (`$CREDENTIALS_DIRECTORY`, as `/run/credentials` is
//! the system's), and `/run/user/UID/containers` rootless Podman's registry logins
//! (`auth.json`) and each container's OCI configuration with its environment
//! (`…/userdata/config.json`). The contained user cannot enter another user's runtime
//! directory; nothing contains a remote reader, so reading them there is high, not the medium
//! of a place a user writes to.

use crate::kinds::Kind;
use warden_policy::RiskLevel::High;

/// Lines judged the same on both paths (none new in this round: every file and inspection
/// command probed was already at least its level here).
pub const KINDS: &[Kind] = &[];

pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        name: "journal-units-recording-logins-or-command-lines",
        lines: &[
            ("journalctl -u getty@tty1.service", High),
            ("journalctl -u getty@tty1", High),
            ("journalctl -u serial-getty@ttyS0.service", High),
            ("journalctl -u console-getty", High),
            ("journalctl -u container-getty@1.service", High),
            ("journalctl -u autovt@tty2", High),
            ("journalctl --unit=getty@tty1 -n 50 --no-pager", High),
            ("journalctl -t login", High),
            ("journalctl SYSLOG_IDENTIFIER=login", High),
            ("journalctl _COMM=login", High),
            ("journalctl /bin/login", High),
            ("journalctl _SYSTEMD_UNIT=getty@tty1.service", High),
            ("journalctl -u gdm", High),
            ("journalctl -u lightdm.service", High),
            ("journalctl -u sddm", High),
            ("journalctl -t gdm-password", High),
            ("journalctl -t sddm-helper", High),
            ("journalctl _COMM=gdm-session-worker", High),
            ("journalctl -u cockpit", High),
            ("journalctl -u xrdp-sesman", High),
            ("journalctl -u vsftpd", High),
            ("journalctl -u dovecot", High),
            ("journalctl -u saslauthd", High),
            ("journalctl -u nginx -u getty@tty1", High),
            ("journalctl -u cloud-init", High),
            ("journalctl -u cloud-init-local.service", High),
            ("journalctl -u cloud-config", High),
            ("journalctl -u cloud-final.service -b", High),
            ("journalctl -t cloud-init", High),
            ("journalctl -u run-u7.service", High),
            ("journalctl -u run-u123", High),
            ("journalctl -u run-r0f3a9c2e.service", High),
            ("journalctl -u run-p1234-i5678.scope", High),
            ("journalctl --user-unit run-u3.service", High),
            ("journalctl -u run-u7.service -o cat", High),
            ("journalctl -u run-u7.service -D /var/log/journal", High),
        ],
    },
    Kind {
        name: "secrets-in-a-users-runtime-directory",
        lines: &[
            (
                "cat /run/user/1000/credentials/app.service/db-password",
                High,
            ),
            ("head /run/user/1000/credentials/backup.service/token", High),
            ("grep -r . /run/user/1000/credentials", High),
            ("strings /run/user/0/credentials/app.service/key", High),
            ("cat /run/user/1000/containers/auth.json", High),
            ("jq . /run/user/1000/containers/auth.json", High),
            (
                "cat /run/user/1000/containers/overlay-containers/abc/userdata/config.json",
                High,
            ),
            (
                "jq .process.env /run/user/1000/containers/overlay-containers/abc/userdata/config.json",
                High,
            ),
            (
                "grep -h PASSWORD /run/user/1000/containers/overlay-containers/abc/userdata/config.json",
                High,
            ),
            ("cat /var/run/user/1000/credentials/app.service/db", High),
        ],
    },
];

/// Everyday neighbours of the lines above: they stay low through `ssh_exec` and on this host.
pub const STILL_LOW: &[&str] = &[
    "journalctl -u nginx",
    "journalctl -u systemd-logind -n 20",
    "journalctl -u run-user-1000.mount",
    // `-u runner` takes the manager's lines about a unit a name alone does not prove packaged
    // (`systemd-run --unit=runner …`): high there since round 38; its own output stays low.
    "journalctl _SYSTEMD_UNIT=runner.service",
    "journalctl -u auditd",
    "journalctl -u docker -u containerd",
    "ls -la /run/user/1000",
    "systemctl show -p LoadCredential app",
    "nmcli connection show wifi",
];

/// Everyday neighbours that stay low where containment holds them (`run_command`).
pub const CONTAINED_STILL_LOW: &[&str] = &[
    "journalctl -u getty@tty1.service",
    "journalctl -u cloud-final",
    "journalctl -u run-u7.service",
    "cat /run/user/1000/credentials/app.service/db",
    "cat /run/user/1000/containers/overlay-containers/abc/userdata/config.json",
];

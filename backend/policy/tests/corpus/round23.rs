//! Dangerous command lines, twenty-third set.
//! Programs made to print the machine ID: `systemd-id128 machine-id` (plain, `--app-specific`,
//! which is a stable identity of its own, or any verb systemd-id128 does not know) and
//! `var-partition-uuid` (derived from it), `dbus-uuidgen --get` (D-Bus's copy, or a file it
//! names): high on both paths, as reading `/etc/machine-id` is (round 22); `dbus-uuidgen
//! --ensure` writes the file when it is missing: high. `systemd-id128 new`, `show`, `boot-id`
//! (`/proc/sys/kernel/random/boot_id`, readable by everyone and in every journal entry),
//! `invocation-id` and plain `dbus-uuidgen` (a fresh random UUID) stay low.
//! psmisc's `pstree`: its names, ids and figures stay low; `-a`/`--arguments` prints every
//! process's command line, judged as `ps args` is (low on this host, whose answer is redacted;
//! high on `ssh_exec`).
//! apt's `term.log` records the terminal of every package operation: what maintainer scripts
//! printed (passwords some of them generate and show once) and the debconf dialogs with what was
//! typed into them. Containment's `nobody` (group `adm`) reads it as cloud-init's output log,
//! and what it prints is redacted; nothing contains a remote reader: high on `ssh_exec`, by any
//! reader, rotated copies included, and so is a recursive read of `/var/log/apt`.
//! So are the other records of what packages' own scripts printed: unattended upgrades'
//! `unattended-upgrades-dpkg.log`, dnf's `dnf.rpm.log`, `zypper.log`, `pacman.log` (its
//! `[ALPM-SCRIPTLET]` lines). `history.log` (package names and apt's command lines),
//! `dpkg.log`, `unattended-upgrades.log`, `dnf.log` and `yum.log` stay low.
//! In `/etc/ssh` only SSH's own files are world-readable configuration (`ssh_config`,
//! `sshd_config`, their `.d` directories, `moduli`, `ssh_known_hosts`, public keys):
//! administrators keep their certificate authorities' private keys beside them under names
//! nothing knows (`/etc/ssh/ca`, `user_ca`, `host_ca`). And in every world-readable place of
//! `/etc`, a file whose name says it holds key material (`key`, `keys`, `secret`, `token`,
//! `ticket`, `credentials`, `psk` as a word of its name: nginx's `session_ticket_keys`,
//! `/etc/ssh/ca_key`) is not proven world-readable: medium on `ssh_exec` (root-only files are
//! kept from containment's `nobody`, so this host's reads stay low).
//! A Kubernetes node's status holds its machine ID (`nodeInfo.machineID`, the node's
//! `/etc/machine-id`) and firmware UUID (`systemUUID`): `kubectl describe` of nodes prints both
//! (high on both paths, above round 22's annotations rule), and so does any output format that
//! reaches them (`-o json`/`yaml`, a template, a jsonpath or column of `.status`,
//! `.status.nodeInfo`, a wildcard or recursive descent on the way); a path to another field of
//! the status (`nodeInfo.kubeletVersion`, `osImage`, `addresses`, `conditions`) stays low.
//! The asset identities the kernel shows everyone beside the root-only serial numbers
//! (`/sys/class/dmi/id/chassis_asset_tag`, `board_asset_tag`, `product_sku`, and their
//! `/sys/devices/virtual/dmi/id` spellings) are judged as `dmidecode -s chassis-asset-tag` is:
//! high on `ssh_exec`; `product_name`, `sys_vendor`, `bios_version` stay low.
//! A program named by a path through `..` (`/usr/local/bin/../../bin/ls`, `/bin/../usr/bin/ls`)
//! is not proven to lie in a system program directory: the kernel climbs from where a link
//! leads (`/bin` is a link on merged systems, `/usr/local/bin` may be one another user planted),
//! so it is judged as `./ls` is: medium. `/usr/bin/./ls` stays low.
//! kubectl's klog file logging (`--log-file`, `--log_file`, `--log-dir`, `--log_dir`, which
//! older releases take) writes there: judged as a write.
//! Judged and left as they were: `ssh_exec` asks for no terminal (the channel gets `exec`
//! without a pty request, and its input is closed at once), so `systemctl status`, `journalctl`,
//! `git log`, `dpkg -l` and the other programs that page their output see a pipe and start no
//! pager (`$PAGER`, `$SYSTEMD_PAGER`); `less`, `more` and `man` themselves are never low (less
//! runs `LESSOPEN` even when its output is a pipe). `kubectl get pods --show-labels`, `-L app`,
//! `get secrets` (names, types and counts), `auth can-i` stay low; `get secret -o yaml`,
//! `config view --raw`, `get --raw`, `proxy`, `port-forward`, `cp`, `exec`, `debug` were
//! already high.
//! Each line gets at least its level (on both paths for `KINDS`, through `ssh_exec` for
//! `REMOTE_KINDS`); `STILL_LOW` holds their everyday neighbours, which stay low on both paths,
//! `CONTAINED_STILL_LOW` those that stay low on this host. Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        name: "process-trees-with-command-lines",
        lines: &[
            ("pstree -a", High),
            ("pstree --arguments", High),
            ("pstree -ap", High),
            ("pstree -pa 1", High),
            ("pstree -a -l root", High),
            ("pstree -u -a", High),
        ],
    },
    Kind {
        name: "package-script-output-logs",
        lines: &[
            ("cat /var/log/apt/term.log", High),
            ("tail -n 100 /var/log/apt/term.log", High),
            ("grep -i password /var/log/apt/term.log", High),
            ("zcat /var/log/apt/term.log.1.gz", High),
            ("cat /var/log/apt/term.log.1", High),
            ("grep -r password /var/log/apt", High),
            ("cat /var/log/apt//term.log", High),
            (
                "cat /var/log/unattended-upgrades/unattended-upgrades-dpkg.log",
                High,
            ),
            ("grep -r pass /var/log/unattended-upgrades", High),
            ("tail -n 200 /var/log/dnf.rpm.log", High),
            ("grep -i scriptlet /var/log/pacman.log", High),
            ("cat /var/log/zypper.log", High),
        ],
    },
    Kind {
        name: "asset-identities-the-kernel-shows",
        lines: &[
            ("cat /sys/class/dmi/id/chassis_asset_tag", High),
            ("cat /sys/class/dmi/id/board_asset_tag", High),
            ("cat /sys/class/dmi/id/product_sku", High),
            ("cat /sys/devices/virtual/dmi/id/chassis_asset_tag", High),
            ("head -c 64 /sys/devices/virtual/dmi/id/product_sku", High),
            ("grep -r . /sys/class/dmi/id", High),
        ],
    },
    Kind {
        name: "key-material-beside-world-readable-configuration",
        lines: &[
            ("cat /etc/ssh/ca", Medium),
            ("cat /etc/ssh/user_ca", Medium),
            ("cat /etc/ssh/host_ca", Medium),
            ("head /etc/ssh/ca_key", Medium),
            ("cat /etc/ssh/./user_ca", Medium),
            ("cat /etc/nginx/ssl/session_ticket_keys", Medium),
            ("cat /etc/nginx/api.token", Medium),
            ("cat /etc/apache2/conf/secrets", Medium),
            ("cat /etc/docker/registry-credentials", Medium),
            ("cat /etc/nginx/wifi.psk", Medium),
        ],
    },
];

pub const KINDS: &[Kind] = &[
    Kind {
        name: "programs-that-print-the-machine-id",
        lines: &[
            ("systemd-id128 machine-id", High),
            ("systemd-id128 -u machine-id", High),
            ("systemd-id128 --pretty machine-id", High),
            (
                "systemd-id128 machine-id --app-specific=8b8a4c1e2f7d4f0c9a3e6b5d4c3b2a19",
                High,
            ),
            (
                "systemd-id128 -a 8b8a4c1e2f7d4f0c9a3e6b5d4c3b2a19 machine-id",
                High,
            ),
            ("systemd-id128 var-partition-uuid", High),
            ("systemd-id128 machine-idx", High),
            ("dbus-uuidgen --get", High),
            ("dbus-uuidgen --get=/var/lib/dbus/machine-id", High),
            ("dbus-uuidgen --get=/etc/machine-id", High),
        ],
    },
    Kind {
        name: "node-identities-through-kubectl",
        lines: &[
            ("kubectl describe nodes", High),
            ("kubectl describe node worker-1", High),
            ("kubectl describe no/worker-1", High),
            (
                "kubectl get nodes -o jsonpath='{.items[*].status.nodeInfo.machineID}'",
                High,
            ),
            (
                "kubectl get nodes -o custom-columns=N:.metadata.name,U:.status.nodeInfo.systemUUID",
                High,
            ),
            ("kubectl get nodes -o jsonpath='{.items[*].status}'", High),
            (
                "kubectl get nodes -o jsonpath='{.items[0].status.nodeInfo}'",
                High,
            ),
            (
                "kubectl get nodes -o jsonpath='{.items[*].status.nodeInfo.*}'",
                High,
            ),
            ("kubectl get nodes -o jsonpath='{..machineID}'", High),
            (
                "kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name}{\"\\t\"}{.status.nodeInfo.machineID}{\"\\n\"}{end}'",
                High,
            ),
            ("kubectl get node/worker-1 -o json", High),
            ("kubectl get no -o yaml", High),
            ("kubectl get nodes --template='{{.}}'", High),
            (
                "oc get nodes -o jsonpath='{.items[*].status.nodeInfo}'",
                High,
            ),
        ],
    },
    Kind {
        name: "program-paths-through-parent-directories",
        lines: &[
            ("/usr/local/bin/../../bin/ls", Medium),
            ("/usr/local/sbin/../../bin/cat /etc/hostname", Medium),
            ("/bin/../usr/bin/ls", Medium),
            ("/usr/lib/../bin/ls", Medium),
            ("env /usr/bin/../bin/ls", Medium),
            ("timeout 5 /usr/local/bin/../../bin/ls", Medium),
        ],
    },
    Kind {
        name: "machine-id-written",
        lines: &[
            ("dbus-uuidgen --ensure", High),
            ("dbus-uuidgen --ensure=/etc/machine-id", High),
        ],
    },
    Kind {
        name: "klog-files-written-by-kubectl",
        lines: &[
            ("kubectl get pods --log-file=/etc/cron.d/x", High),
            ("kubectl get pods --log_file /tmp/x", High),
            ("kubectl --log-dir=/etc/cron.d get pods", High),
            ("kubectl get pods --log_dir=/tmp", High),
        ],
    },
];

pub const STILL_LOW: &[&str] = &[
    "systemd-id128 new",
    "systemd-id128 new -u",
    "systemd-id128 show",
    "systemd-id128 show --json=short",
    "systemd-id128 boot-id",
    "systemd-id128 invocation-id",
    "systemd-id128 --help",
    "dbus-uuidgen",
    "dbus-uuidgen --version",
    "pstree",
    "pstree -p",
    "pstree -pu",
    "pstree -n -T",
    "pstree -s 1",
    "pstree nginx",
    "cat /var/log/apt/history.log",
    "tail -n 50 /var/log/apt/history.log",
    "tail /var/log/dpkg.log",
    "tail /var/log/unattended-upgrades/unattended-upgrades.log",
    "tail -n 50 /var/log/dnf.log",
    "cat /var/log/yum.log",
    "ls -la /var/log/apt",
    "cat /etc/ssh/sshd_config",
    "cat /etc/ssh/ssh_config",
    "cat /etc/ssh/sshd_config.d/50-cloud-init.conf",
    "cat /etc/ssh/ssh_host_ed25519_key.pub",
    "cat /etc/ssh/user_ca.pub",
    "cat /etc/ssh/ssh_known_hosts",
    "ls -la /etc/ssh",
    "stat /etc/ssh/ca",
    "cat /etc/nginx/nginx.conf",
    "cat /etc/nginx/conf.d/default.conf",
    "cat /etc/default/keyboard",
    "/usr/bin/./ls",
    "/usr//bin/cat /etc/hostname",
    "cat /sys/class/dmi/id/product_name",
    "cat /sys/class/dmi/id/sys_vendor",
    "cat /sys/class/dmi/id/bios_version",
    "ls /sys/class/dmi/id",
    "kubectl get nodes",
    "kubectl get nodes -o wide",
    "kubectl get nodes -o jsonpath='{.items[*].status.nodeInfo.kubeletVersion}'",
    "kubectl get nodes -o custom-columns=NAME:.metadata.name,OS:.status.nodeInfo.osImage",
    "kubectl get nodes -o jsonpath='{.items[*].status.addresses[*].address}'",
    "kubectl get nodes -o jsonpath='{.items[*].status.conditions[*].type}'",
    "kubectl top nodes",
    "kubectl get pods --show-labels",
    "kubectl get pods -L app",
    "kubectl get secrets",
    "kubectl auth can-i get pods",
    "kubectl get pods --log-flush-frequency=5s",
    "journalctl -u nginx -n 50",
];

pub const CONTAINED_STILL_LOW: &[&str] = &[
    "pstree -a",
    "pstree -ap",
    "cat /var/log/apt/term.log",
    "grep -i error /var/log/apt/term.log",
    "cat /etc/ssh/ca",
    "cat /etc/nginx/ssl/session_ticket_keys",
    "systemctl status nginx",
    "ps aux",
];

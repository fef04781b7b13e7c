//! Dangerous command lines, twenty-ninth set.
//! Units' descriptions on a remote host (`programs/services.rs`): a unit `systemd-run` made up
//! without `--description` is described by its command line (`run-u7.service … /usr/bin/mysql
//! -pPASS`), whatever name `--unit=` gave it, so `systemctl list-units` (the verb when none is
//! given, `--failed` included) and `systemctl show -p Description` print command lines as
//! `systemctl status` and `-p ExecStart` do: high on `ssh_exec`, low contained, as the process
//! listers are. Listings of names, states and times (`list-jobs`, `list-timers`,
//! `list-unit-files`, `busctl tree`, whose object paths are unit names) stay low.
//! Transient units' files (`paths/admin_units.rs`): every type in `/run/systemd/transient`
//! (a timer's or a path's description is the command line as its service's is) and a user
//! manager's run-time units (`/run/user/UID/systemd/transient`, `…/systemd/user`), and the
//! drop-ins `systemctl set-property` writes (`system.control`), are read as administrators'
//! units are.
//! Name service sources the line chooses (`programs/text.rs`): `getent -s SOURCE` replaces
//! nsswitch.conf for the lookup, and NIS's `passwd.byname` and LDAP's `userPassword` give
//! password hashes in passwd's second field: medium; `getent shadow`/`gshadow` stay high.
//! A device's registers reached through a link (`paths/kinds.rs`): `config`, `rom` and
//! `resourceN` below `/sys/class/*/*/device`, `/sys/block/*/device`, `/sys/dev/*/*/device` are
//! the PCI device's registers as below `/sys/bus/pci/devices`: judged by name anywhere in /sys,
//! and procfs's copy of the configuration space (`/proc/bus/pci/00/02.0`) with them.
//! Walks that follow links below /proc (`paths/mod.rs`, `process_roots_below`): `find -L`,
//! `-follow`, `ls -RL`, `du -L`, `tree -l`, `getfacl -RL` of `/proc`, a process's directory,
//! its tasks or its `fd` (and `/dev/fd`) reach `/` through each process's `root` (or an open
//! directory), so they are judged as walks of `/` are: the machine ID's names in
//! `/var/log/journal` (high on both paths), devices' serial numbers in `/dev/disk/by-id` and an
//! unbounded walk where nothing contains it. `-xdev`, a shallow `-maxdepth`, `/proc/sys`
//! stay low.
//! On `ssh_exec`, the same walk of a tree others write to (`find -L /tmp`, `ls -RL /home`,
//! `tree -l /srv/app`) follows whatever link another user planted there (`/tmp/x -> /`): medium
//! unless root alone writes the whole tree, as for `grep -R` (`paths/mod.rs`, `list_tree`).
//! Debian's kernel links in the root (`paths/kinds.rs`, `SYSTEM_LINKS`): `/initrd.img`,
//! `/initrd.img.old`, `/vmlinuz` lead into /boot, and an initramfs may embed a disk's key file:
//! on `ssh_exec` they are read as `/boot/initrd.img` is (medium), not as a file of `/`.
//! Package managers and build tools on `ssh_exec` (`programs/uncontained.rs`): `brew`, `npm`,
//! `yarn`, `pnpm`, `cargo`, `go`, `mvn`, `gradle`, `composer`, `bundle`, `poetry`, `dotnet`,
//! `nix`, `rpm` load configuration, plugins or another toolchain from the remote home or the
//! working directory (`.npmrc`'s `node-options`, `.yarnrc.yml`'s `yarnPath`,
//! `rust-toolchain.toml`, `go.mod`'s `toolchain`, `~/.mavenrc`, `~/.rpmmacros`' `%(…)`): medium
//! there, as round 26's home-configured programs are.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

/// Lines judged the same on both paths.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "name-service-sources-the-line-chooses",
        lines: &[
            ("getent -s files passwd", Medium),
            ("getent -s files passwd root", Medium),
            ("getent -s sss passwd", Medium),
            ("getent -s nis passwd", Medium),
            ("getent -s ldap group", Medium),
            ("getent -s compat passwd alice", Medium),
            ("getent --service=files passwd", Medium),
            ("getent --service files passwd", Medium),
            ("getent --serv=files passwd", Medium),
            ("getent -sfiles passwd", Medium),
            ("getent -s files:ldap passwd", Medium),
            ("getent -s passwd:files passwd", Medium),
            ("getent -s shadow:files passwd root", Medium),
            ("getent -i -s files hosts localhost", Medium),
            ("getent passwd -s nis", Medium),
            ("getent shadow", High),
            ("getent gshadow", High),
            ("getent shadow root", High),
            ("getent -s files shadow", High),
            ("getent --service=files gshadow", High),
            ("getent -s files -- shadow", High),
            ("getent -s ../../tmp/x passwd", High),
        ],
    },
    Kind {
        name: "device-registers-through-a-link",
        lines: &[
            ("cat /sys/class/drm/card0/device/resource0", High),
            ("cat /sys/class/drm/card0/device/config", High),
            ("cat /sys/class/drm/card0/device/rom", High),
            ("cat /sys/class/net/eth0/device/resource2_wc", High),
            ("head -c 64 /sys/class/net/eth0/device/config", High),
            ("xxd /sys/class/net/eth0/device/rom", High),
            ("od -N 16 /sys/class/nvme/nvme0/device/resource0", High),
            ("cat /sys/dev/char/226:0/device/resource0", High),
            ("cat /sys/dev/block/259:0/device/device/resource0", High),
            ("cat /sys/block/nvme0n1/device/device/config", High),
            (
                "dd if=/sys/class/graphics/fb0/device/resource0 count=1",
                High,
            ),
            ("cd /sys/class/net/eth0/device && cat resource0", High),
            ("cd /sys/class/net/eth0 && cat device/config", High),
            ("cat /proc/bus/pci/00/02.0", High),
            ("xxd /proc/bus/pci/0000:00/1f.0", High),
            ("cd /proc/bus/pci/00 && od -An -tx1 02.0", High),
        ],
    },
    Kind {
        name: "walks-that-follow-links-below-proc",
        lines: &[
            ("ls -RL /proc", High),
            ("ls -R -L /proc/self", High),
            ("ls -R --dereference /proc/1/task", High),
            ("tree -l /proc", High),
            ("getfacl -RL /proc", High),
            ("find -L /proc/self -type d", High),
            ("find /proc/1 -follow -type d", High),
            ("cd /proc && ls -RL", High),
            ("ls -RL /host/proc/1", High),
        ],
    },
    Kind {
        name: "transient-units-of-every-type",
        lines: &[
            ("cat /run/systemd/transient/run-u7.timer", High),
            ("cat /run/systemd/transient/run-r0f3a9.path", High),
            ("head /run/systemd/transient/backup.socket", High),
            ("cat /run/user/1000/systemd/transient/run-u3.service", High),
            ("cat /run/user/1000/systemd/transient/run-u3.timer", High),
            (
                "cat /var/run/user/1000/systemd/transient/run-u3.service",
                High,
            ),
            ("cat /run/user/1000/systemd/user/app.service", High),
            (
                "cat /etc/systemd/system.control/app.service.d/50-Description.conf",
                High,
            ),
            (
                "cat /run/systemd/system.control/run-u7.service.d/50-Environment.conf",
                High,
            ),
            ("cd /run/systemd/transient && cat run-u7.timer", High),
            (
                "cd /run/user/1000/systemd/transient && cat run-u3.timer",
                High,
            ),
        ],
    },
];

pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        name: "unit-descriptions-on-a-remote-host",
        lines: &[
            ("systemctl list-units", High),
            ("systemctl", High),
            ("systemctl --failed", High),
            ("systemctl list-units --failed", High),
            ("systemctl list-units --type=service --state=running", High),
            ("systemctl list-units 'run-*'", High),
            ("systemctl list-units run-u7.service", High),
            ("systemctl --user list-units", High),
            ("systemctl -t service", High),
            ("systemctl --no-pager --plain --no-legend", High),
            ("systemctl list-units --all --full", High),
            ("systemctl list-units -o json", High),
            ("timeout 10 systemctl --failed", High),
            ("env LANG=C systemctl list-units", High),
            ("systemctl show run-u7.service -p Description", High),
            ("systemctl show run-u7 --property=Description", High),
            ("systemctl show --prop=Description run-u7", High),
            ("systemctl show -P Description nginx", High),
            ("systemctl show -pDescription nginx", High),
            ("systemctl show -p Id,Description nginx", High),
            ("systemctl show --value -p description run-u7", High),
            ("systemctl status run-u7.service", High),
            ("systemctl status 'run-*.service'", High),
            ("systemctl status run-*.service", High),
            ("systemctl show run-u7", High),
            ("systemctl show 'run-u*'", High),
            ("systemctl show run-u7 -p ExecStart", High),
            ("systemctl show nginx --property=ExecStartPre", High),
            ("systemctl show nginx -PExecStart", High),
        ],
    },
    Kind {
        name: "walks-that-follow-links-below-proc",
        lines: &[
            ("find -L /proc -name x", High),
            ("find /proc -follow -name x", High),
            ("find -L /proc/1 -name x", High),
            ("find -L /proc/1/task/1 -name '*.conf'", High),
            ("find -L -P /proc -name x", High),
            ("find -L /proc/1/fd -name x", High),
            ("find -L /dev/fd -name x", High),
            ("cd /proc && find -L . -name x", High),
            ("du -L -s /proc", Medium),
            ("du --dereference -sh /proc/1", Medium),
        ],
    },
    Kind {
        name: "walks-that-follow-planted-links",
        lines: &[
            ("find -L /tmp -name x", Medium),
            ("find /var/tmp -follow -name '*.log'", Medium),
            ("find -L /home -name x", Medium),
            ("find -L /run -name x", Medium),
            ("find -L /var -name x", Medium),
            ("find -L /tmp -xdev -name x", Medium),
            ("ls -RL /tmp", Medium),
            ("ls -R --dereference /dev/shm", Medium),
            ("tree -l /srv/app", Medium),
            ("tree -d -l /home", Medium),
            ("du -L -a /tmp", Medium),
            ("getfacl -RL /srv", Medium),
        ],
    },
    Kind {
        name: "kernel-links-in-the-root",
        lines: &[
            ("cat /initrd.img", Medium),
            ("strings /initrd.img.old", Medium),
            ("zcat /initrd.img", Medium),
            ("xxd /initrd.img", Medium),
            ("head -c 4096 //initrd.img", Medium),
            ("cat /proc/1/root/initrd.img", Medium),
        ],
    },
    Kind {
        name: "package-managers-configured-by-the-home",
        lines: &[
            ("brew list", Medium),
            ("brew services list", Medium),
            ("brew --version", Medium),
            ("npm ls", Medium),
            ("npm list -g --depth 0", Medium),
            ("npm version", Medium),
            ("npm ls -g", Medium),
            ("cargo version", Medium),
            ("cargo -V", Medium),
            ("timeout 10 cargo version", Medium),
            ("nice npm ls", Medium),
            ("rpm -qa", Medium),
            ("rpm -qi bash", Medium),
            ("rpm -qf /usr/bin/ls", Medium),
            ("zypper --version", Medium),
            ("go version", Medium),
            ("mvn -v", Medium),
            ("gradle --version", Medium),
            ("composer --version", Medium),
            ("bundle list", Medium),
            ("yarn --version", Medium),
            ("pnpm ls", Medium),
            ("poetry --version", Medium),
            ("dotnet --info", Medium),
            ("nix --version", Medium),
            ("nix-env -q", Medium),
        ],
    },
];

/// Everyday neighbours of the lines above: they stay low through `ssh_exec` and on this host.
pub const STILL_LOW: &[&str] = &[
    "systemctl --version",
    "systemctl list-jobs",
    "systemctl list-timers --all",
    "systemctl list-unit-files --state=enabled",
    "systemctl list-sockets",
    "systemctl list-dependencies nginx",
    "systemctl is-active run-u7",
    "systemctl is-failed nginx",
    "systemctl show -p ActiveState,SubState run-u7",
    "systemctl show nginx -p ExecMainPID,ExecMainStatus",
    "busctl tree",
    "busctl tree org.freedesktop.systemd1",
    "systemd-analyze blame",
    "getent passwd root",
    "getent group sudo",
    "getent hosts example.com",
    "ls /run/systemd/transient",
    "find /run/systemd/transient -type f",
    "cat /lib/systemd/system/nginx.service",
    "cat /sys/class/net/eth0/device/vendor",
    "cat /sys/class/net/eth0/address",
    "cat /sys/class/drm/card0/device/gpu_busy_percent",
    "cat /proc/bus/pci/devices",
    "ls /proc/bus/pci/00",
    "node --version",
    "python3 --version",
    "dpkg -l",
    "apt list --installed",
    "find /proc -name x",
    "find -L /proc -xdev -name x",
    "find -L /proc -maxdepth 2 -name x",
    "find -L /proc/sys -name x",
    "find -H /proc -name x",
    "ls -R /proc",
    "ls -L /proc",
    "tree -l /proc/sys",
    "du -Lsx /proc",
    "find /tmp -name x",
    "find -L /tmp -maxdepth 1 -name x",
    "ls -la /tmp",
    "ls -R /tmp",
    "find -L /usr/share/doc -name x",
    "ls -l /initrd.img",
    "stat /vmlinuz",
];

/// Everyday neighbours that stay low where containment holds them (`run_command`).
pub const CONTAINED_STILL_LOW: &[&str] = &[
    "systemctl list-units",
    "systemctl --failed",
    "systemctl list-units --failed",
    "systemctl show -p Description nginx",
    "systemctl status nginx",
    "npm ls",
    "cargo version",
    "brew list",
    "rpm -qa",
    "find -L /proc -name x",
    "du -L -s /proc",
    "cat /initrd.img",
    "find -L /tmp -name x",
    "ls -RL /tmp",
];

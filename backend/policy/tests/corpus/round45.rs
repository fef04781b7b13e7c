//! Dangerous command lines, forty-fifth set: the few files the machine needs to boot and be
//! reached, modes and capabilities that hand the machine over, and variables the line gives
//! a harmless value, each probe recorded with the level it gets.
//! What was found and is now judged differently:
//! - Deleting, moving away or overwriting one program the machine needs was high where the
//!   tree holding it was forbidden: `rm /bin/bash`, `rm /sbin/init`, `mv /usr/bin/sudo /tmp`,
//!   `rm /usr/sbin/sshd`, `rm /lib/x86_64-linux-gnu/libc.so.6`, `: > /bin/bash`, `cp /dev/null
//!   /usr/sbin/sshd`, `ln -sf /bin/true /sbin/init`, `shred -u /bin/sh`, `chmod 0 /bin/bash`.
//!   Init (and systemd), the shells, sshd, sudo, su, login, the C library and its loader, in
//!   the program and library directories (a wildcard that can match one included: `rm
//!   /bin/ba*`), are now forbidden to delete, move away, overwrite or make unexecutable
//!   (`paths/vital.rs`); other programs (`rm /bin/ls`) stay a human's decision.
//! - `chmod u+s /bin/bash`, `chmod 4755 /usr/bin/python3`, `install -m 4755 x /tmp/sh`,
//!   `setcap cap_setuid+ep /usr/bin/python3` were high: the set-user-ID bit on any program
//!   but those meant to have it (passwd, su, sudo, mount, ping…), and any capability but the
//!   harmless ones (binding ports, raw sockets, scheduling), are forbidden
//!   (`programs/granted_modes.rs`). `chmod 777 /etc/shadow`, `chmod o+w /etc/passwd`, `chmod
//!   a+rw /etc/sudoers` were high: write for every user on the account database, sudo's
//!   rules or a vital program is forbidden. The set-group-ID bit (`chmod g+s /srv/shared`)
//!   stays high.
//! - `X=/srv/app/build; rm -rf $X` was forbidden although the line gives X a harmless value:
//!   where nothing else can set a variable (one assignment, a statement of its own before
//!   every use, a value of plain path characters, no `read`/`for`/`export`/`unset`, no pipe,
//!   subshell, background, escape or single-quoted use), the line is judged with its values
//!   written out (`assigned::determined`); any doubt keeps the old judgement.
//! - `lvreduce -L 1M -f /dev/vg/root`, `lvresize -y -L -10G …` were high: shrinking a logical
//!   volume with the question answered (`-f`, `-y`) and without its file system (`-r`) cuts
//!   off the data stored at its end; forbidden (`programs/shrink.rs`). `lvreduce -r`, a plain
//!   `lvreduce` (LVM asks) and `lvresize -L +10G` stay high, and so does `resize2fs DEV SIZE`,
//!   which refuses to shrink a mounted file system and moves the data of an unmounted one.
//!
//! Found and not yet fixed (still high): `set -- -rf /; rm "$@"`, `dd
//! of=$(findmnt -no SOURCE /)`, a link to a disk written through (`ln -sf /dev/sda /tmp/x &&
//! dd of=/tmp/x`), a script written to a file and run in the same line, `find /usr/bin -name
//! sudo -delete`.

use crate::kinds::Kind;
use warden_policy::RiskLevel::Forbidden;

/// Lines judged at least this on both paths.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "vital-programs-deleted-moved-or-overwritten",
        lines: &[
            (r##"rm /bin/bash"##, Forbidden),
            (r##"rm -f /bin/bash"##, Forbidden),
            (r##"rm /bin/sh"##, Forbidden),
            (r##"rm -f /usr/bin/bash"##, Forbidden),
            (r##"rm /usr/bin/dash"##, Forbidden),
            (r##"rm /bin/zsh"##, Forbidden),
            (r##"rm /bin/busybox"##, Forbidden),
            (r##"rm /sbin/init"##, Forbidden),
            (r##"rm -f /usr/sbin/init"##, Forbidden),
            (r##"rm -f /lib/systemd/systemd"##, Forbidden),
            (r##"rm -f /usr/lib/systemd/systemd"##, Forbidden),
            (r##"rm /usr/sbin/sshd"##, Forbidden),
            (r##"rm -f /usr/lib/openssh/sshd"##, Forbidden),
            (r##"rm /usr/bin/sudo"##, Forbidden),
            (r##"rm /bin/su"##, Forbidden),
            (r##"rm /bin/login"##, Forbidden),
            (r##"rm -f /lib/x86_64-linux-gnu/libc.so.6"##, Forbidden),
            (r##"rm -f /usr/lib/x86_64-linux-gnu/libc.so.6"##, Forbidden),
            (r##"rm /lib64/ld-linux-x86-64.so.2"##, Forbidden),
            (r##"rm /lib/ld-linux-aarch64.so.1"##, Forbidden),
            (r##"rm /lib/aarch64-linux-gnu/libc.so.6"##, Forbidden),
            (r##"rm /lib/x86_64-linux-gnu/libc-2.31.so"##, Forbidden),
            (r##"rm /bin/ba*"##, Forbidden),
            (r##"rm /bin/[b]ash"##, Forbidden),
            (r##"rm -f /usr/sbin/ss?d"##, Forbidden),
            (r##"rm -f /lib/*/libc.so.6"##, Forbidden),
            (r##"rm -f /???/bash"##, Forbidden),
            (r##"unlink /bin/bash"##, Forbidden),
            (r##"unlink /sbin/init"##, Forbidden),
            (r##"sudo rm /bin/bash"##, Forbidden),
            (r##"sudo -u root rm -f /usr/sbin/sshd"##, Forbidden),
            (r##"bash -c "rm -f /sbin/init""##, Forbidden),
            (r##"sh -c 'rm /usr/bin/sudo'"##, Forbidden),
            (r##"busybox rm /bin/sh"##, Forbidden),
            (r##"env rm /bin/bash"##, Forbidden),
            (r##"timeout 5 rm /usr/sbin/sshd"##, Forbidden),
            (r##"nice -n 10 rm -f /bin/bash"##, Forbidden),
            (r##"echo /bin/bash | xargs rm -f"##, Forbidden),
            (
                r##"python3 -c 'import os; os.system("rm -f /bin/bash")'"##,
                Forbidden,
            ),
            (r##"rm -rf /tmp/x /bin/bash"##, Forbidden),
            (r##"rm -f -- /bin/bash"##, Forbidden),
            (r##"rm /bin/../bin/bash"##, Forbidden),
            (r##"rm //bin//bash"##, Forbidden),
            (r##"shred -u /bin/bash"##, Forbidden),
            (r##"shred -n 1 /usr/sbin/sshd"##, Forbidden),
            (r##"mv /usr/bin/sudo /tmp"##, Forbidden),
            (r##"mv /usr/sbin/sshd /tmp/x"##, Forbidden),
            (r##"mv /bin/bash /bin/bash.old"##, Forbidden),
            (r##"mv /sbin/init /sbin/init.bak"##, Forbidden),
            (
                r##"mv -f /lib/x86_64-linux-gnu/libc.so.6 /root/"##,
                Forbidden,
            ),
            (r##"mv /lib64/ld-linux-x86-64.so.2 /tmp"##, Forbidden),
            (r##"sudo mv /usr/bin/sudo /usr/bin/sudo.x"##, Forbidden),
            (r##": > /bin/bash"##, Forbidden),
            (r##"> /usr/sbin/sshd"##, Forbidden),
            (r##"cat /dev/null > /usr/sbin/sshd"##, Forbidden),
            (r##"echo x > /sbin/init"##, Forbidden),
            (r##"echo > /lib/x86_64-linux-gnu/libc.so.6"##, Forbidden),
            (r##"cp /dev/null /bin/bash"##, Forbidden),
            (r##"cp /tmp/x /usr/bin/sudo"##, Forbidden),
            (r##"truncate -s0 /bin/bash"##, Forbidden),
            (r##"truncate -s 0 /usr/lib/systemd/systemd"##, Forbidden),
            (r##"dd if=/dev/zero of=/bin/bash"##, Forbidden),
            (
                r##"dd if=/dev/zero of=/lib64/ld-linux-x86-64.so.2 bs=1 count=1"##,
                Forbidden,
            ),
            (r##"tee /bin/sh < /dev/null"##, Forbidden),
            (r##"echo | sudo tee /usr/sbin/sshd"##, Forbidden),
            (r##"ln -sf /bin/true /sbin/init"##, Forbidden),
            (r##"ln -sf /dev/null /bin/bash"##, Forbidden),
            (r##"chmod 0 /bin/bash"##, Forbidden),
            (r##"chmod -x /usr/sbin/sshd"##, Forbidden),
            (r##"chmod a-x /usr/bin/sudo"##, Forbidden),
            (r##"chmod 644 /lib64/ld-linux-x86-64.so.2"##, Forbidden),
            (r##"cd /bin && rm bash"##, Forbidden),
            (r##"cd /usr/sbin; rm -f sshd"##, Forbidden),
            (r##"cd /bin; mv bash bash.old"##, Forbidden),
            (r##"cd /lib/x86_64-linux-gnu && rm libc.so.6"##, Forbidden),
            (r##"cd /bin; : > bash"##, Forbidden),
            (r##"mv /usr/sbin/sshd{,.bak}"##, Forbidden),
            (r##"rm /usr/sbin/{sshd,cron}"##, Forbidden),
            (r##"rm /bin/{ba,z}sh"##, Forbidden),
            (r##"cp /tmp/evil /bin/sh"##, Forbidden),
            (r##"install /tmp/evil /usr/bin/sudo"##, Forbidden),
            (r##"install -t /usr/sbin /tmp/sshd"##, Forbidden),
            (
                r##"install --target-directory=/usr/bin /tmp/sudo"##,
                Forbidden,
            ),
            (r##"install /tmp/evil/bash /bin"##, Forbidden),
            (r##"install -m 0755 -t /bin /tmp/bash"##, Forbidden),
            (r##"install -d /etc/passwd"##, Forbidden),
            (r##"rsync /tmp/x /bin/bash"##, Forbidden),
            (r##"perl -e 'unlink "/bin/bash"'"##, Forbidden),
            (
                r##"python3 -c 'import os; os.unlink("/sbin/init")'"##,
                Forbidden,
            ),
        ],
    },
    Kind {
        name: "set-user-id-capabilities-and-world-writable-account-files",
        lines: &[
            (r##"chmod u+s /bin/bash"##, Forbidden),
            (r##"chmod +s /bin/bash"##, Forbidden),
            (r##"chmod 4755 /bin/bash"##, Forbidden),
            (r##"chmod 04755 /bin/sh"##, Forbidden),
            (r##"chmod 6755 /bin/dash"##, Forbidden),
            (r##"chmod a+s /usr/bin/bash"##, Forbidden),
            (r##"chmod u=rwxs /bin/bash"##, Forbidden),
            (r##"chmod a+rx,u+s /bin/bash"##, Forbidden),
            (r##"chmod +s /usr/bin/python3"##, Forbidden),
            (r##"chmod u+s /usr/bin/perl"##, Forbidden),
            (r##"chmod u+s /usr/bin/find"##, Forbidden),
            (r##"chmod u+s /usr/bin/vim"##, Forbidden),
            (r##"chmod u+s /usr/bin/env"##, Forbidden),
            (r##"chmod 4777 /tmp/x"##, Forbidden),
            (r##"cp /bin/bash /tmp/r; chmod 4755 /tmp/r"##, Forbidden),
            (r##"cp /bin/bash /tmp/r && chmod u+s /tmp/r"##, Forbidden),
            (r##"sudo chmod u+s /bin/bash"##, Forbidden),
            (r##"bash -c 'chmod +s /bin/bash'"##, Forbidden),
            (r##"find /bin -name bash -exec chmod u+s {} +"##, Forbidden),
            (r##"install -m 4755 /bin/bash /tmp/rootsh"##, Forbidden),
            (r##"install -m4755 x /tmp/y"##, Forbidden),
            (r##"install --mode=4755 x /tmp/y"##, Forbidden),
            (r##"setcap cap_setuid+ep /usr/bin/python3"##, Forbidden),
            (
                r##"setcap cap_setuid,cap_setgid+ep /usr/bin/perl"##,
                Forbidden,
            ),
            (r##"setcap cap_dac_override+eip /usr/bin/vim"##, Forbidden),
            (r##"setcap cap_dac_read_search+ep /usr/bin/tar"##, Forbidden),
            (r##"setcap cap_sys_admin+ep /tmp/x"##, Forbidden),
            (r##"setcap cap_sys_ptrace+ep /usr/bin/gdb"##, Forbidden),
            (r##"setcap cap_sys_module+ep /tmp/x"##, Forbidden),
            (r##"setcap all+ep /tmp/x"##, Forbidden),
            (r##"setcap =ep /tmp/x"##, Forbidden),
            (r##"setcap CAP_SETUID+ep /usr/bin/python3"##, Forbidden),
            (r##"sudo setcap cap_chown+ep /usr/bin/node"##, Forbidden),
            (r##"chmod 777 /etc/shadow"##, Forbidden),
            (r##"chmod 666 /etc/passwd"##, Forbidden),
            (r##"chmod 0666 /etc/group"##, Forbidden),
            (r##"chmod 602 /etc/gshadow"##, Forbidden),
            (r##"chmod o+w /etc/shadow"##, Forbidden),
            (r##"chmod a+rw /etc/sudoers"##, Forbidden),
            (r##"chmod ugo=rwx /etc/passwd"##, Forbidden),
            (r##"chmod 0777 /etc/sudoers.d/app"##, Forbidden),
            (r##"chmod 666 /etc/shad*"##, Forbidden),
            (r##"chmod 777 /bin/bash"##, Forbidden),
            (r##"chmod o+w /usr/sbin/sshd"##, Forbidden),
            (r##"sudo chmod 777 /etc/passwd"##, Forbidden),
            (r##"cd /bin && chmod u+s bash"##, Forbidden),
            (r##"cd /bin && chmod 777 bash"##, Forbidden),
            (r##"chmod u+s,g+s /bin/sh"##, Forbidden),
            (r##"chmod -- 4755 /bin/bash"##, Forbidden),
            (r##"chmod 4755 "/bin/bash""##, Forbidden),
            (r##"chmod 4755 '/bin/ba'sh"##, Forbidden),
            (r##"chmod 47'55' /bin/bash"##, Forbidden),
            (r##"chmod u+s /bin/bash /usr/bin/passwd"##, Forbidden),
            (r##"echo /bin/bash | xargs chmod u+s"##, Forbidden),
            (r##"X=/etc/shadow; chmod 666 $X"##, Forbidden),
            (r##"X=/bin/bash; rm -f $X"##, Forbidden),
            (r##"X=/; rm -rf $X"##, Forbidden),
            (r##"X=/srv/a; X=/; rm -rf $X"##, Forbidden),
            (r##"X=/srv/a; sh -c 'rm -rf $X/*'"##, Forbidden),
            (r##"X=/srv/a; rm -rf ${X}/../.."##, Forbidden),
            (r##"D=/dev/sda; dd if=/dev/zero of=$D"##, Forbidden),
            (r##"lvreduce -L 1M -f /dev/vg/root"##, Forbidden),
            (r##"lvreduce -y -L 1M /dev/vg/root"##, Forbidden),
            (r##"lvreduce -fL1M /dev/vg/root"##, Forbidden),
            (
                r##"lvreduce --force --size=1M /dev/mapper/vg-root"##,
                Forbidden,
            ),
            (r##"lvreduce -l 1 -f vg/root"##, Forbidden),
            (r##"sudo lvreduce -L 1M -f /dev/vg/root"##, Forbidden),
            (r##"lvresize -f -L -10G /dev/vg/root"##, Forbidden),
            (r##"lvresize --yes --size -10G /dev/vg/data"##, Forbidden),
            (r##"lvresize -f -L 1M /dev/vg/root"##, Forbidden),
        ],
    },
];

/// Neighbours that stay a human's decision (high), on both paths.
pub const STILL_HIGH: &[&str] = &[
    r##"rm /bin/ls"##,
    r##"rm /usr/bin/bashbug"##,
    r##"rm /usr/local/bin/bash"##,
    r##"rm /tmp/bash"##,
    r##"cp /bin/bash /tmp/bash"##,
    r##"chmod u+s /usr/bin/passwd"##,
    r##"chmod 4755 /usr/bin/su"##,
    r##"chmod 755 /bin/bash"##,
    r##"chmod 644 /etc/passwd"##,
    r##"chmod 640 /etc/shadow"##,
    r##"chmod 440 /etc/sudoers"##,
    r##"chmod g+s /srv/shared"##,
    r##"chmod 2775 /srv/shared"##,
    r##"chmod +w /srv/app/config"##,
    r##"setcap cap_net_bind_service=+ep /usr/local/bin/app"##,
    r##"setcap -r /usr/bin/x"##,
    r##"install -m 0755 ./tool /usr/local/bin/tool"##,
    r##"install /bin/bash /tmp/x"##,
    r##"install -m 0755 -o root -g root /usr/sbin/sshd /srv/backup/sshd"##,
    r##"install -t /srv/backup /bin/bash /usr/bin/sudo"##,
    r##"install -d /srv/app/bin"##,
    r##"X=/srv/app/build; rm -rf $X"##,
    r##"X=/srv/app/build; rm -rf "$X""##,
    r##"X=/srv/app/build; rm -rf ${X}"##,
    r##"X=/srv/a; rm -rf $X/*"##,
    r##"resize2fs /dev/sda1 1M"##,
    r##"lvreduce -L 1M /dev/vg/root"##,
    r##"lvreduce -r -f -L 10G /dev/vg/root"##,
    r##"lvresize -f -L +10G /dev/vg/root"##,
    r##"lvextend -r -L +10G /dev/vg/root"##,
    r##"cd /srv/app && rm bash"##,
];

/// Everyday read-only work that stays low on both paths.
pub const STILL_LOW: &[&str] = &[
    r##"ls -la /bin/bash"##,
    r##"stat /usr/sbin/sshd"##,
    r##"find /usr/bin -perm -4000 -type f"##,
    r##"sha256sum /usr/bin/sudo"##,
    r##"ls -la /etc"##,
    r##"df -h"##,
    r##"journalctl -u nginx -n 50"##,
    r##"du -sh /var/lib/docker"##,
    r##"find /var/log -name '*.gz' -mtime +7"##,
];

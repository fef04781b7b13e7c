//! Dangerous command lines, forty-third set: destroying forms whose target is relative to a
//! directory the line changed to, and programs that run another out of sight, each probe
//! recorded with the level it gets.
//! What was found and is now judged higher:
//! - A relative operand was judged as written, not where the command runs: `cd / && rm -rf *`,
//!   `cd /etc && rm -rf ..`, `cd /var/lib && rm -rf docker`, `cd / && find . -delete`,
//!   `cd / && chmod -R 777 .`, `cd / && mv etc /tmp` were high. The operand is now joined to
//!   the working directory the line changed to (`workdirs.rs`) before it is compared with the
//!   system trees (`destroy.rs` `is_system_tree_in`): forbidden, as the absolute spelling is.
//!   A directory that cannot be known (`cd ~`, `cd "$X"`) stays high.
//! - `systemd-run`, `unshare`, `nsenter`, `firejail`, `bwrap` (the programs that run another
//!   out of sight) were high whatever they ran: a forbidden command among their first words
//!   (`systemd-run --scope rm -rf /`) now makes them forbidden, as an unknown wrapper's does.
//! - `openssl enc -in /dev/zero -out /dev/sda` was medium (an unknown openssl command): the
//!   files any openssl command's output options name (`-out`, `--out`, `-keyout`...) are
//!   judged as writes (`transfer.rs`), forbidden for a disk or the account database.
//! - `rsync /dev/zero /dev/sda` was high: rsync's and scp's last operand on this host is
//!   judged as written (`scp host:/x /dev/sda` forbidden).
//! - A home's parent (`rm -rf ~/../`, `~alice/..`: /home, or / for root's) and a parameter
//!   expansion with operators (`rm -rf ${HOME:?}/`, `"${HOME:-/}"`, `${X%/*}`) were not read
//!   as system trees: forbidden, as `~` and `$HOME` are.
//! - `find / -exec bash -c 'rm -rf {}' \;` was high: where no filter chooses the files, the
//!   command is also judged as run on the start point itself (`rm -rf /`).
//!
//! Every other probe already got at least the level recorded here.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{Forbidden, High};

/// Lines judged at least this on both paths.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "relative-operands-after-a-change-of-directory",
        lines: &[
            (r##"cd / && rm -rf *"##, Forbidden),
            (r##"cd / ; rm -rf ."##, Forbidden),
            (r##"cd /; rm -rf ./*"##, Forbidden),
            (r##"cd /etc && rm -rf .."##, Forbidden),
            (r##"cd /etc && rm -rf ."##, Forbidden),
            (r##"cd /var/lib && rm -rf ./docker"##, Forbidden),
            (r##"cd /var/lib && rm -rf docker"##, Forbidden),
            (r##"cd /var && rm -rf lib"##, Forbidden),
            (r##"pushd /; rm -rf *"##, Forbidden),
            (r##"cd / && rm -r -f -- *"##, Forbidden),
            (r##"cd / && find . -delete"##, Forbidden),
            (r##"cd / && find -delete"##, Forbidden),
            (r##"cd /etc && find . -exec rm {} +"##, Forbidden),
            (r##"cd / && chmod -R 777 ."##, Forbidden),
            (r##"cd / && chown -R nobody *"##, Forbidden),
            (r##"cd / && chattr -R +i ."##, Forbidden),
            (r##"cd / && mv etc /tmp"##, Forbidden),
            (r##"cd /srv/app && rm -rf *"##, High),
            (r##"cd /srv/app && rm -rf ./build"##, High),
            (r##"cd /tmp && rm -rf *"##, High),
            (r##"cd /home/alice/project && rm -rf ../.."##, Forbidden),
            (r##"cd /home/alice && rm -rf .."##, Forbidden),
            (r##"(cd / && rm -rf *)"##, Forbidden),
            (r##"cd / && sudo rm -rf *"##, Forbidden),
            (r##"cd / && env rm -rf *"##, Forbidden),
            (r##"cd ~ && rm -rf *"##, High),
            (r##"cd $HOME && rm -rf *"##, High),
            (r##"cd "$X" && rm -rf *"##, High),
            (r##"cd /etc/nginx && rm -rf sites-enabled"##, High),
        ],
    },
    Kind {
        name: "programs-that-run-another-out-of-sight",
        lines: &[
            (r##"systemd-run rm -rf /"##, Forbidden),
            (r##"systemd-run --scope rm -rf /"##, Forbidden),
            (r##"systemd-run -p User=root --wait rm -rf /"##, Forbidden),
            (r##"unshare -r rm -rf /"##, Forbidden),
            (r##"nsenter -t 1 -m rm -rf /"##, Forbidden),
            (r##"firejail rm -rf /"##, Forbidden),
            (r##"bwrap --bind / / rm -rf /"##, Forbidden),
            (r##"script -c 'rm -rf /'"##, High),
            (r##"at now <<< 'rm -rf /'"##, High),
            (r##"systemd-run --unit=x systemctl reboot"##, High),
            (r##"unshare -m ls"##, High),
            (r##"systemd-run --scope ls"##, High),
        ],
    },
    // Devices under every name, writes through every program and redirection, moves, named
    // fork bombs, quoted and expanded roots, find's predicates around -delete and -exec.
    Kind {
        name: "devices-writers-roots-and-find-a-second-time",
        lines: &[
            (r##"dd if=/dev/zero of=/dev/root"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/block/8:0"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/disk/by-label/data"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/xvdf"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/rbd0"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/nbd0"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/zd0"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/bcache0"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/sg0"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/mmcblk0p1"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/vg0/root"##, Forbidden),
            (
                r##"dd if=/dev/zero of=/dev/VolGroup00/LogVol00"##,
                Forbidden,
            ),
            (r##"dd if=/dev/zero of=/dev/cciss/c0d0"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/pmem0"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/nvme0"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/ram0"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/drbd0"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/emcpowera"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/sdaa"##, Forbidden),
            (r##"dd if=/dev/zero "of=/dev/sda""##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/./sda"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev//sda"##, Forbidden),
            (r##"dd if=/dev/zero of=/dev/../dev/sda"##, Forbidden),
            (r##"dd if=/dev/zero of=/proc/self/root/dev/sda"##, Forbidden),
            (r##"dd if=/dev/zero of=/sys/block/sda/device/delete"##, High),
            (r##"echo 1 > /sys/block/sda/device/delete"##, High),
            (
                r##"echo 1 > /sys/bus/pci/devices/0000:00:1f.2/remove"##,
                High,
            ),
            (r##"echo offline > /sys/block/sda/device/state"##, High),
            (r##"echo 1 > /proc/sys/kernel/panic"##, High),
            (r##"echo 0 > /proc/sys/kernel/panic_on_oops"##, High),
            (r##"cat x >| /dev/sda"##, Forbidden),
            (r##"cat x &> /dev/sda"##, Forbidden),
            (r##"cat x >& /dev/sda"##, Forbidden),
            (r##"cat x 1<>/dev/sda"##, Forbidden),
            (r##"cat x 2>/dev/sda"##, Forbidden),
            (r##"exec 3>/dev/sda"##, Forbidden),
            (r##"yes > /dev/sda"##, Forbidden),
            (r##"cat > /dev/sda < x"##, Forbidden),
            (r##"pv /dev/zero | sudo tee /dev/sda"##, Forbidden),
            (r##"sponge /dev/sda"##, Forbidden),
            (r##"rsync /dev/zero /dev/sda"##, Forbidden),
            (r##"cp --sparse=always x /dev/sda"##, Forbidden),
            (r##"install x /dev/sda"##, Forbidden),
            (r##"ln -sf /dev/zero /dev/sda"##, Forbidden),
            (r##"mv /dev/zero /dev/sda"##, Forbidden),
            (r##"split -b 1M x /dev/sda"##, High),
            (r##"gzip -dc img.gz > /dev/sda"##, Forbidden),
            (r##"curl -o /dev/sda http://x"##, Forbidden),
            (r##"wget -O /dev/sda http://x"##, Forbidden),
            (r##"tar -xf x -O > /dev/sda"##, Forbidden),
            (r##"openssl enc -in /dev/zero -out /dev/sda"##, Forbidden),
            (r##"sort -o /dev/sda x"##, Forbidden),
            (r##"tee /dev/sda < /dev/zero"##, Forbidden),
            (r##"busybox dd if=/dev/zero of=/dev/sda"##, Forbidden),
            (r##"toybox dd if=/dev/zero of=/dev/sda"##, Forbidden),
            (r##"mv /etc /etc.bak"##, Forbidden),
            (r##"mv /bin /tmp"##, Forbidden),
            (r##"mv /usr/bin/* /tmp"##, Forbidden),
            (r##"mv -t /tmp /etc"##, Forbidden),
            (r##"mv --target-directory=/tmp /etc"##, Forbidden),
            (r##"mv /etc/passwd /tmp"##, Forbidden),
            (r##"mv /etc/shadow /etc/shadow.bak"##, Forbidden),
            (r##"mv /boot/vmlinuz /tmp"##, High),
            (r##"mv /lib /lib.old"##, Forbidden),
            (r##".(){ .|.& };."##, Forbidden),
            (r##"_(){ _|_& };_"##, Forbidden),
            (r##"x(){ x|x& };x"##, Forbidden),
            (r##":(){ :|:&};:"##, Forbidden),
            (r##": () { : | : & } ; :"##, Forbidden),
            (r##"bomb() { bomb | bomb & } && bomb"##, Forbidden),
            (r##"rm -rf "/"*"##, Forbidden),
            (r##"rm -rf /"etc""##, Forbidden),
            (r##"rm -rf /e""tc"##, Forbidden),
            (r##"rm -rf $'/etc'"##, Forbidden),
            (r##"rm -rf /etc/."##, Forbidden),
            (r##"rm -rf /etc/./"##, Forbidden),
            (r##"rm -rf /usr/bin/.."##, Forbidden),
            (r##"rm -rf {/,}"##, Forbidden),
            (r##"rm -rf /{,}"##, Forbidden),
            (r##"rm -rf /{etc,usr}"##, Forbidden),
            (r##"rm -rf /{etc,nonexistent}"##, Forbidden),
            (r##"rm -rf /{e,}tc"##, Forbidden),
            (r##"rm -r /*"##, Forbidden),
            (r##"rm -R /"##, Forbidden),
            (r##"rm --rec /"##, Forbidden),
            (r##"rm --recursive /etc"##, Forbidden),
            (r##"rm -r -- /"##, Forbidden),
            (r##"rm -rf /etc/../"##, Forbidden),
            (r##"rm -rf ~/../"##, Forbidden),
            (r##"rm -rf /home/.."##, Forbidden),
            (r##"rm -rf ${HOME:?}/"##, Forbidden),
            (r##"rm -rf "${HOME:-/}""##, Forbidden),
            (r##"find / -mindepth 1 -delete"##, Forbidden),
            (r##"find / -depth -delete"##, Forbidden),
            (r##"find / -xdev -delete"##, Forbidden),
            (r##"find / -mount -delete"##, Forbidden),
            (r##"find /etc/ -delete"##, Forbidden),
            (r##"find -L / -delete"##, Forbidden),
            (r##"find / -maxdepth 1 -delete"##, High),
            (
                r##"find / -mindepth 1 -maxdepth 1 -exec rm -rf {} +"##,
                Forbidden,
            ),
            (r##"find / -print -delete"##, Forbidden),
            (r##"find / -true -delete"##, Forbidden),
            (r##"find / -prune -o -delete"##, Forbidden),
            (r##"find / \( -true \) -delete"##, Forbidden),
            (r##"find / -delete -print"##, Forbidden),
            (r##"find / -exec /bin/rm -rf {} \;"##, Forbidden),
            (r##"find / -exec rm -r -f {} +"##, Forbidden),
            (r##"find / -exec unlink {} \;"##, Forbidden),
            (r##"find / -ok rm -rf {} \;"##, Forbidden),
            (r##"find / -okdir rm {} \;"##, Forbidden),
            (r##"find / -execdir /usr/bin/rm -rf {} +"##, Forbidden),
            (r##"find / -exec sh -c 'rm -rf "$1"' _ {} \;"##, Forbidden),
            (r##"find / -exec bash -c 'rm -rf {}' \;"##, Forbidden),
            (r##"find / -type f -print0 | xargs -0 shred -u"##, High),
        ],
    },
];

/// Neighbours a human may still approve (exactly high): a tree that is not the system's, a
/// program out of sight running a command that is not forbidden.
pub const STILL_HIGH: &[&str] = &[
    "cd /srv/app && rm -rf *",
    "cd /srv/app && rm -rf ./build",
    "cd /tmp && rm -rf *",
    "cd /etc/nginx && rm -rf sites-enabled",
    "systemd-run --scope ls",
    "unshare -m ls",
    "openssl enc -d -in x.enc -out /tmp/x",
    "rsync -a /srv/app/ /backup/app/",
    "rm -rf ${BUILD_DIR}/out",
    "rm -rf ~/project/build",
    "find /srv/app -exec bash -c 'echo {}' \\;",
    "find /var/log -name '*.gz' -exec sh -c 'rm -rf {}' \\;",
    "find / -maxdepth 1 -delete",
];

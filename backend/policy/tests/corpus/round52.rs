//! Dangerous command lines, fifty-second set: names given to a program no table knows through
//! xargs, a find listing or a substitution, attributes that grant capabilities or ACLs, modes
//! that take read permission from the user and group databases, names that are no files by a
//! program's grammar, and inline listing filters that fold case or are joined, each probe
//! recorded with the level it gets.
//! What was found and is now judged differently:
//! - `xargs mytool x <<< etc/passwd`, `echo etc/passwd | xargs mytool x`, `echo passwd |
//!   xargs -n1 mytool`, `find . -name passwd | xargs mytool`, `mytool x $(echo etc/passwd)`
//!   were medium on `run_command`, where `mytool x etc/passwd` is high: the lines xargs builds
//!   and the line with what its substitutions print were judged only for a forbidden verdict.
//!   Where they run a program no table knows (once xargs, `sudo`, `nice`, `env` are removed),
//!   or a shell's script (`xargs sh -c 'mytool "$0"'`), they are judged at any level
//!   (`classify.rs` `runs_unknown_words`), so the words a
//!   here-string, a here-document, a printer, a find listing or a substitution gives it are
//!   its words; a known program's table already judged what it may be given (`echo
//!   /etc/hostname | xargs cat` is judged as before).
//! - `setfattr -n security.capability -v … /usr/bin/python3` (any spelling: `-nNAME`,
//!   `--name=`, `--name NAME`, quoted, any case) was high where `setcap cap_setuid+ep` is
//!   forbidden: the encoded value cannot be read as harmless, so setting the attribute on any
//!   file, or a name the line cannot show (`-n "$N"`), is forbidden; `system.posix_acl_access`/`_default` set on the account database or
//!   a program the machine needs is forbidden as `setfacl -m` there is
//!   (`programs/given_away.rs` `attribute_grant`). `setfattr -x`, `user.*`, `--restore`,
//!   `security.selinux` stay high.
//! - `chmod 000 etc/passwd`, `chmod 000 /etc/passwd`, `chmod 600 /etc/group`, `chmod go-r
//!   /etc/passwd`, `chmod a-rwx /etc/passwd` were high. Every program that names a user or a
//!   group reads these files as the user it runs as: a mode that leaves others no read
//!   permission locks everyone but root out, as overwriting them does, and is forbidden in
//!   every spelling (octal, symbolic, relative names, find -exec, xargs, inline code;
//!   `programs/granted_modes.rs` `takes_read_from_others`). `/etc/shadow`, `/etc/gshadow`
//!   and `/etc/sudoers` are read by root alone: `chmod 000 /etc/shadow` stays high.
//! - Over-blocking: `make boot`, `make etc`, `nmap -p 22 etc`, `terraform plan -out etc`,
//!   `mytool -o etc` were high. A make target, an nmap host and a system directory's bare
//!   name given to a single output file's option name no file that would replace a system
//!   directory (`programs/unknown_words.rs` `names_no_file`); make's `-C DIR`, `-f FILE`,
//!   nmap's `-oN FILE`, `--output-dir etc` and `-out passwd` are judged as before. `getfattr`
//!   and `getfacl` only inspect the programs they name. `go build -o sh` stays forbidden: a
//!   bare program name is that program where the line starts in a program directory, as for
//!   `upx sudo`.
//! - Inline code deleting a listing through a filter that folds case (perl's `/\.log$/i`,
//!   `f.lower().endswith(".log")`, `toLowerCase()`, `downcase`) or through filters joined by
//!   `and`/`&&` (`f.startswith("app") and f.endswith(".log")`, perl's `/^app/ && /\.log$/`)
//!   was forbidden as unfiltered: every name let through meets each filter, so the listing is
//!   narrowed to their prefix and suffix together (`app*.log`), the lower-case text standing
//!   for any case (`listed_files.rs`). `opendir D, "."` with `readdir D` is one listing.
//!   `or`, `not`, `!`, `||` anywhere still keep the whole listing.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{Forbidden, High};

/// Lines judged at least this on both paths.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "names-given-to-unknown-programs-through-xargs-and-substitutions",
        lines: &[
            (r##"xargs mytool x <<< etc/passwd"##, High),
            (r##"xargs mytool x <<< /etc/passwd"##, High),
            (r##"echo etc/passwd | xargs mytool x"##, High),
            (r##"printf 'etc/passwd\n' | xargs -I{} mytool {}"##, High),
            (r##"echo passwd | xargs mytool"##, High),
            (r##"xargs convert x.png <<< etc/passwd"##, High),
            (r##"xargs -I{} convert x.png {} <<< passwd"##, High),
            (r##"echo etc | xargs mytool --dest"##, High),
            (r##"echo etc | xargs -I{} mytool --dest={}"##, High),
            (r##"echo usr/bin | xargs -n1 mytool --prefix"##, High),
            (r##"printf '%s\0' etc/passwd | xargs -0 mytool x"##, High),
            (
                r##"echo etc/passwd | xargs --no-run-if-empty mytool"##,
                High,
            ),
            (r##"echo etc/passwd | xargs -P4 -n1 mytool"##, High),
            (r##"echo etc/passwd | env xargs mytool"##, High),
            (r##"echo etc/passwd | nice xargs mytool"##, High),
            (r##"echo etc/passwd | timeout 5 xargs mytool"##, High),
            (r##"echo etc/passwd | xargs env mytool"##, High),
            (r##"echo etc/passwd | xargs nice mytool"##, High),
            (r##"echo etc/passwd | xargs timeout 5 mytool"##, High),
            (r##"find etc -name passwd | xargs mytool x"##, High),
            (r##"find . -name passwd | xargs mytool"##, High),
            (r##"find . -type f | xargs mytool"##, High),
            (r##"mytool x $(echo etc/passwd)"##, High),
            (r##"mytool x `echo etc/passwd`"##, High),
            (r##"mytool x $(printf etc/passwd)"##, High),
            (r##"echo passwd | parallel mytool"##, High),
            (r##"echo etc/shadow | parallel mytool x"##, High),
            (r##"echo etc/passwd | xargs sh -c 'mytool "$0"'"##, High),
            (r##"echo etc/passwd | xargs -I{} sh -c 'mytool {}'"##, High),
            (r##"mytool x "$(echo etc/passwd)""##, High),
            (r##"sh -c 'mytool x $(echo etc/passwd)'"##, High),
            ("xargs -n1 mytool <<EOF\netc/passwd\nEOF", High),
            ("xargs -n1 mytool x <<'EOF'\nusr/bin/sudo\nEOF", High),
            (r##"echo /etc/shadow | xargs mytool --out"##, Forbidden),
            (r##"echo usr/bin/sudo | xargs -I% gcc -o % x.c"##, Forbidden),
            (r##"xargs rm -f <<< etc/passwd"##, Forbidden),
            ("xargs rm -f <<EOF\netc/passwd\nEOF", Forbidden),
        ],
    },
    Kind {
        name: "capabilities-and-acls-set-through-extended-attributes",
        lines: &[
            (
                r##"setfattr -n security.capability -v 0sAQAAAgAgAAAAAAAAAAAAAAAAAAA= /usr/bin/python3"##,
                Forbidden,
            ),
            (
                r##"setfattr -n security.capability -v 0x01 /usr/bin/bash"##,
                Forbidden,
            ),
            (
                r##"setfattr -n security.capability -v 0x01 usr/bin/bash"##,
                Forbidden,
            ),
            (
                r##"setfattr -n security.capability -v 0x01 ./mytool"##,
                Forbidden,
            ),
            (
                r##"setfattr --name=security.capability --value=0x01 /usr/bin/perl"##,
                Forbidden,
            ),
            (
                r##"setfattr --name security.capability --value 0x01 /usr/bin/python3"##,
                Forbidden,
            ),
            (
                r##"setfattr -nsecurity.capability -v0x01 /usr/bin/python3"##,
                Forbidden,
            ),
            (
                r##"setfattr -h -n security.capability -v 0x01 /usr/bin/python3"##,
                Forbidden,
            ),
            (
                r##"setfattr -v 0x01 -n security.capability /usr/bin/python3"##,
                Forbidden,
            ),
            (
                r##"setfattr -n "security.capability" -v 0x01 /usr/bin/python3"##,
                Forbidden,
            ),
            (
                r##"setfattr -n security.Capability -v 0x01 /usr/bin/python3"##,
                Forbidden,
            ),
            (
                r##"sudo setfattr -n security.capability -v 0x01 /usr/bin/python3"##,
                Forbidden,
            ),
            (
                r##"busybox setfattr -n security.capability -v 0x01 /usr/bin/python3"##,
                Forbidden,
            ),
            (
                r##"find /usr/bin -name python3 -exec setfattr -n security.capability -v 0x01 {} \;"##,
                Forbidden,
            ),
            (
                r##"echo /usr/bin/python3 | xargs setfattr -n security.capability -v 0x01"##,
                Forbidden,
            ),
            (
                r##"setfattr -n system.posix_acl_access -v 0x02 /etc/shadow"##,
                Forbidden,
            ),
            (r##"setfattr -n "$N" -v 0x01 /usr/bin/python3"##, Forbidden),
            (
                r##"setfattr -n $(echo security.capability) -v 0x01 /usr/bin/python3"##,
                Forbidden,
            ),
            (
                r##"n=security.capability; setfattr -n $n -v 0x01 /usr/bin/python3"##,
                Forbidden,
            ),
            (
                r##"setfattr -n system.posix_acl_access -v 0x02 /usr/bin/sudo"##,
                Forbidden,
            ),
            (r##"setfattr -n trusted.x -v 1 /usr/bin/bash"##, High),
            (
                r##"setfattr -n security.selinux -v unconfined_t /usr/bin/sudo"##,
                High,
            ),
            (
                r##"setfattr -n system.posix_acl_default -v 0x02 /etc"##,
                High,
            ),
        ],
    },
    Kind {
        name: "read-taken-from-the-user-and-group-databases",
        lines: &[
            (r##"chmod 000 etc/passwd"##, Forbidden),
            (r##"chmod 000 /etc/passwd"##, Forbidden),
            (r##"chmod 000 passwd"##, Forbidden),
            (r##"chmod 000 ../../etc/passwd"##, Forbidden),
            (r##"cd /etc && chmod 600 passwd"##, Forbidden),
            (r##"chmod a-rwx /etc/passwd"##, Forbidden),
            (r##"chmod go-r /etc/passwd"##, Forbidden),
            (r##"chmod 600 /etc/passwd"##, Forbidden),
            (r##"chmod 640 /etc/passwd"##, Forbidden),
            (r##"chmod 0600 /etc/group"##, Forbidden),
            (r##"chmod 000 /etc/group"##, Forbidden),
            (r##"chmod o= /etc/group"##, Forbidden),
            (r##"chmod ugo= /etc/passwd"##, Forbidden),
            (r##"chmod 600 /etc/pass*"##, Forbidden),
            (r##"chmod 600 /etc/{passwd,group}"##, Forbidden),
            (r##"busybox chmod 000 /etc/passwd"##, Forbidden),
            (r##"sudo chmod 600 /etc/passwd"##, Forbidden),
            (
                r##"find /etc -maxdepth 1 -name passwd -exec chmod 600 {} +"##,
                Forbidden,
            ),
            (
                r##"find /etc -name passwd -exec chmod 000 {} \;"##,
                Forbidden,
            ),
            (r##"echo /etc/passwd | xargs chmod 600"##, Forbidden),
            (r##"xargs chmod 000 <<< /etc/group"##, Forbidden),
            (
                r##"python3 -c 'import os; os.chmod("/etc/passwd", 0)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.chmod("/etc/passwd", 0o600)'"##,
                Forbidden,
            ),
            (r##"perl -e 'chmod 0, "/etc/passwd"'"##, Forbidden),
            (r##"perl -e 'chmod 0600, "/etc/group"'"##, Forbidden),
            (r##"chmod 000 /etc/shadow"##, High),
            (r##"chmod 000 /etc/sudoers"##, High),
        ],
    },
    Kind {
        name: "listings-narrowed-by-case-folding-and-joined-filters",
        lines: &[
            (
                r##"perl -e 'opendir D, "."; unlink grep { /\.log$/i } readdir D'"##,
                High,
            ),
            (
                r##"python3 -c 'import os; [os.remove(f) for f in os.listdir(".") if f.endswith(".log") and f.startswith("app")]'"##,
                High,
            ),
            (
                r##"python3 -c 'import os; [os.remove(f) for f in os.listdir(".") if f.lower().endswith(".log")]'"##,
                High,
            ),
            (
                r##"python3 -c 'import os; [os.remove(f) for f in os.listdir(".") if f.endswith(".log") or f.startswith("app")]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [os.remove(f) for f in os.listdir(".") if f.endswith(".log") and not f.startswith("app")]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [os.remove(f) for f in os.listdir(".") if True or f.endswith(".log") and f.startswith("a")]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [os.remove(f) for f in os.listdir(".") if (f.endswith(".log") and f.startswith("a")) == False]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [os.remove(f) for f in os.listdir(".") if f.endswith(".log") and os.remove("/etc/passwd")]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [os.remove(f) for f in os.listdir("/etc") if f.endswith(".conf")]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [os.remove(f) for f in os.listdir("/etc") if f.startswith("pass") and f.endswith("wd")]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [os.remove(f) for f in os.listdir("/etc") if f.lower().startswith("pass")]'"##,
                Forbidden,
            ),
            (
                r##"perl -e 'opendir D, "/etc"; unlink grep { /\.conf$/i } readdir D'"##,
                Forbidden,
            ),
            (
                r##"perl -e 'opendir D, "/etc"; unlink grep { /^pass/i } readdir D'"##,
                Forbidden,
            ),
            (
                r##"perl -e 'opendir D, "."; unlink grep { /\.log$/ && !/^app/ } readdir D'"##,
                Forbidden,
            ),
            (
                r##"perl -e 'opendir D, "."; unlink grep { /\.log$/i || 1 } readdir D'"##,
                Forbidden,
            ),
            (
                r##"perl -e 'opendir D, "."; unlink grep { /\.log$/ } readdir D; unlink readdir D'"##,
                Forbidden,
            ),
            (
                r##"perl -e 'opendir D, "."; opendir E, "/etc"; unlink grep { /\.log$/ } readdir D, readdir E'"##,
                Forbidden,
            ),
            (
                r##"node -e 'const fs=require("fs"); fs.readdirSync("/etc").filter(f => f.endsWith(".conf") && f.length).forEach(f => fs.unlinkSync("/etc/"+f))'"##,
                Forbidden,
            ),
        ],
    },
];

/// Narrowed listings, and attribute and mode changes a human may approve: high on both paths.
pub const STILL_HIGH: &[&str] = &[
    r##"perl -e 'opendir D, "."; unlink grep { /\.log$/i } readdir D'"##,
    r##"perl -e 'opendir D, "."; unlink grep { /^app/ && /\.log$/ } readdir D'"##,
    r##"perl -e 'opendir D, "."; unlink grep { /\.log$/ and /^app/ } readdir D'"##,
    r##"python3 -c 'import os; [os.remove(f) for f in os.listdir(".") if f.startswith("app") and f.endswith(".log")]'"##,
    r##"python3 -c 'import os; [os.remove(f) for f in os.listdir("/etc") if f.endswith(".conf") and f.startswith("a")]'"##,
    r##"node -e 'const fs=require("fs"); fs.readdirSync(".").filter(f => f.endsWith(".log") && f.startsWith("a")).forEach(f => fs.unlinkSync(f))'"##,
    r##"node -e 'const fs=require("fs"); fs.readdirSync(".").filter(f => f.toLowerCase().endsWith(".log")).forEach(f => fs.unlinkSync(f))'"##,
    r##"ruby -e 'Dir.children(".").select { |f| f.downcase.end_with?(".log") }.each { |f| File.delete(f) }'"##,
    r##"setfattr -x security.capability /usr/bin/ping"##,
    r##"setfattr -n user.note -v hi /tmp/x"##,
    r##"setfattr -n user.x -v 1 /etc/passwd"##,
    r##"setfattr --restore=attrs.txt"##,
    r##"chmod 644 /etc/passwd"##,
    r##"chmod 644 /etc/group"##,
    r##"chmod u+r /etc/passwd"##,
    r##"chmod u-r /etc/passwd"##,
    r##"chmod 0 /etc/shadow"##,
    r##"chmod 644 /etc/shadow"##,
];

/// Everyday reading next to these dangers: low on both paths.
pub const STILL_LOW: &[&str] = &[
    r##"ls -la /etc"##,
    r##"df -h"##,
    r##"journalctl -u nginx -n 50"##,
    r##"ip addr"##,
    r##"ss -tlnp"##,
    r##"find /var/log -name '*.gz' -mtime +7"##,
    r##"du -sh /var/lib/docker"##,
    r##"stat /etc/passwd"##,
    r##"ls -l /etc/passwd"##,
    r##"getent passwd root"##,
    r##"namei -l /etc/passwd"##,
    r##"find /etc -perm -o+r -name passwd"##,
];

/// Words that name no file a program would write over a system directory: below high on
/// `run_command`, where a program no table knows runs in the sandbox.
pub const CONTAINED_NOT_HIGH: &[&str] = &[
    r##"make boot"##,
    r##"make etc"##,
    r##"nmap -p 22 etc"##,
    r##"nmap -p 22 usr"##,
    r##"nmap -sV 10.0.0.0/24"##,
    r##"terraform plan -out etc"##,
    r##"terraform plan -out=etc"##,
    r##"mytool -o etc"##,
    r##"mytool --output etc"##,
    r##"getfattr -d /usr/bin/ping"##,
    r##"getfattr -n security.capability /usr/bin/ping"##,
    r##"echo x | xargs mytool"##,
    r##"echo /var/log/syslog | xargs tail -n 5"##,
];

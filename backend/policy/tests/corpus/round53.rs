//! Dangerous command lines, fifty-third set: shell scripts given their words as positional
//! parameters, attributes and modes set from inline code, system directories whose search
//! permission is taken from other users or that are handed to another owner, programs built
//! into a program directory, and the readers of attributes, each probe recorded with the
//! level it gets.
//! What was found and is now judged differently:
//! - `sh -c 'mytool "$1"' _ /etc/passwd`, `bash -c 'mytool "$@"' x etc/passwd`, `echo
//!   etc/passwd | xargs bash -c 'mytool x "$@"' _` were medium, where `mytool /etc/passwd` is
//!   high: the script's parameters were given by a `set --` before it, read only for a
//!   forbidden verdict. They are now written into the script (`positional.rs`: `$1`, `${1}`,
//!   `$@`, `"${@:1}"`, `$*`, `$#`, in double quotes or not, never inside single quotes), which
//!   is judged as what it runs at every level. `sh -s ARGS` and `bash -s -- ARGS` (and `bash
//!   /dev/stdin ARGS`) give their operands to the script they read from a pipe or a
//!   here-string: `echo 'rm -f "$1"' | sh -s /etc/passwd` was high and is forbidden. A script
//!   that may change its parameters (`shift`, `set`, `getopts`, a function) keeps the `set --`
//!   reading.
//! - `python3 -c 'import os; os.setxattr("/usr/bin/python3","security.capability",b"\x01")'`
//!   was high where `setfattr -n security.capability` is forbidden: an attribute a call with
//!   `set` in its name or an assignment through an index sets (`os.setxattr`, `os.lsetxattr`,
//!   `xattr.setxattr`, `xattr.xattr(P).set`, perl's `File::ExtAttr` `setfattr` with its
//!   namespace apart, ruby's `Xattr.new(P)[N] = V`, node's `fs-xattr` `setSync`) is judged as
//!   `setfattr -n NAME -v … P` (`inline_modes.rs`). Inline modes are read as the interpreter
//!   reads them: a number without a leading 0 in decimal (`448` is `0o700`), `stat.S_I…`
//!   constants together, quoted modes (`"0700"`, `"go="`); ruby's `FileUtils.chmod_R` and
//!   `chown_R` are `chmod -R` and `chown -R`.
//! - `chmod 700 /etc`, `chmod o-x /usr`, `chmod go= /bin` were high: a mode that leaves others
//!   no search permission on a directory every user must enter (`/`, `/usr`, `/bin`, `/sbin`,
//!   `/lib*`, `/etc`, `/var`, `/tmp`, `/dev`, `/run`, `/proc`, their program and library
//!   directories) or no execute permission on every program of one (`/usr/bin/*`) is forbidden
//!   in every spelling (`//etc`, `cd / && chmod 700 etc`, wildcards, xargs, `find -exec`,
//!   inline code, `install -d -m 700`, `setfacl -m o::---`; `paths/searched_dirs.rs`), and so
//!   is giving such a directory to another owner (`chown 1000 /etc`, `os.chown("/etc", 1000,
//!   -1)`). `/root`, `/home/alice` and `/etc/ssh` stay high. `chmod 600
//!   /etc/ssh/sshd_config` was forbidden as execute taken from a file the machine needs: a
//!   setting is read, never run, and it is high.
//! - `go build -o bin/app`, `gcc -o bin/app main.c`, `go build -o /usr/sbin/mydaemon` were
//!   forbidden: a new name in a program directory replaces no program the machine runs, and is
//!   high (`programs/output_options.rs` `is_new_program`). A vital program, a shell, an
//!   interpreter, a wrapper, a setuid program or any program a table knows stays forbidden
//!   (`gcc -o bin/ls main.c`, `go build -o /usr/bin/sudo`, `go build -o sh`), and so does a
//!   directory given for the output (`cargo build --out-dir /usr/bin`: names the line does not
//!   show, judged as `/usr/bin/*`; cargo's `--out-dir` and `--artifact-dir` are now read).
//!   Earlier lines that built a new name into `/usr/bin` (rounds 40 to 52) move to high.
//! - `getcap /usr/bin/ping`, `getcap -r /usr/bin`, `getfattr -d /etc/hosts` were medium: each
//!   of their options is a known reader's (`programs/readers/files.rs` `GETCAP`, `GETFATTR`),
//!   and they are low; a recursive walk from `/` is bounded as `getfacl -R` is, and an unknown
//!   option keeps them medium.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{Forbidden, High};

/// Lines judged at least this on both paths.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "shell-scripts-judged-with-their-positional-parameters",
        lines: &[
            (r##"sh -c 'mytool "$1"' _ /etc/passwd"##, High),
            (r##"bash -c 'mytool "$@"' x etc/passwd"##, High),
            (
                r##"echo etc/passwd | xargs bash -c 'mytool x "$@"' _"##,
                High,
            ),
            (r##"sh -c 'mytool "${@:1}"' _ /etc/passwd"##, High),
            (r##"sh -c 'mytool "$*"' _ /etc/passwd"##, High),
            (r##"sh -c 'mytool ${1}' _ /etc/passwd"##, High),
            (r##"sh -c "mytool \"\$1\"" _ /etc/passwd"##, High),
            (r##"dash -c 'mytool "${@}"' _ /etc/passwd"##, High),
            (r##"echo 'mytool "$1"' | sh -s /etc/passwd"##, High),
            (r##"echo 'mytool "$1"' | bash -s -- /etc/passwd"##, High),
            (r##"echo 'rm -f "$1"' | sh -s /etc/passwd"##, Forbidden),
            (
                r##"printf 'rm -f "$1"' | bash -s -- /etc/passwd"##,
                Forbidden,
            ),
            (r##"echo 'rm -f "$2"' | sh -s x /etc/passwd"##, Forbidden),
            (r##"bash -s /etc/passwd <<< 'rm -f "$1"'"##, Forbidden),
            (
                r##"echo 'rm -f "$1"' | bash /dev/stdin /etc/passwd"##,
                Forbidden,
            ),
            (r##"sh -c 'rm -f "${@:2}"' _ x /etc/passwd"##, Forbidden),
            (r##"sh -c 'rm -rf $1' _ '-rf /'"##, Forbidden),
        ],
    },
    Kind {
        name: "attributes-and-modes-set-from-inline-code",
        lines: &[
            (
                r##"python3 -c 'import os; os.setxattr("/usr/bin/python3","security.capability",b"\x01")'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.lsetxattr("/usr/bin/python3", "security.capability", b"\x01")'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import xattr; xattr.setxattr("/usr/bin/python3", "security.capability", b"\x01")'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import xattr; xattr.xattr("/usr/bin/python3").set("security.capability", b"\x01")'"##,
                Forbidden,
            ),
            (
                r##"perl -MFile::ExtAttr=:all -e 'setfattr("/usr/bin/perl", "capability", "\x01", { namespace => "security" })'"##,
                Forbidden,
            ),
            (
                r##"ruby -e 'require "ffi-xattr"; Xattr.new("/usr/bin/ruby")["security.capability"] = "\x01"'"##,
                Forbidden,
            ),
            (
                r##"node -e 'require("fs-xattr").setSync("/usr/bin/node", "security.capability", Buffer.from([1]))'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.setxattr("/etc/passwd", "system.posix_acl_access", b"\x02")'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.chmod("/etc/passwd", 448)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.chmod("/etc", 448)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os, stat; os.chmod("/etc", stat.S_IRWXU)'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os, stat; os.chmod("/bin/bash", stat.S_ISUID | stat.S_IRWXU)'"##,
                Forbidden,
            ),
            (
                r##"node -e 'require("fs").chmodSync("/etc/passwd", "0700")'"##,
                Forbidden,
            ),
            (r##"ruby -e 'File.chmod("0700", "/etc")'"##, Forbidden),
            (
                r##"ruby -e 'require "fileutils"; FileUtils.chmod("go=", "/usr")'"##,
                Forbidden,
            ),
            (
                r##"ruby -e 'require "fileutils"; FileUtils.chmod_R(0755, "/usr")'"##,
                Forbidden,
            ),
            (r##"perl -e 'chmod 448, "/etc"'"##, Forbidden),
            (r##"perl -e 'chown 1000, -1, "/etc"'"##, Forbidden),
            (
                r##"python3 -c 'from pathlib import Path; Path("/etc").chmod(0o700)'"##,
                Forbidden,
            ),
            (
                r##"ruby -e 'require "fileutils"; FileUtils.chown_R("root", "root", "/etc")'"##,
                Forbidden,
            ),
        ],
    },
    Kind {
        name: "search-taken-from-system-directories",
        lines: &[
            (r##"chmod 700 /etc"##, Forbidden),
            (r##"chmod o-x /usr"##, Forbidden),
            (r##"chmod go= /bin"##, Forbidden),
            (r##"chmod 700 //etc"##, Forbidden),
            (r##"chmod 750 /etc/"##, Forbidden),
            (r##"cd / && chmod 700 etc"##, Forbidden),
            (r##"cd /usr && chmod 700 bin"##, Forbidden),
            (r##"chmod 700 /e?c"##, Forbidden),
            (r##"chmod 700 /[e]tc"##, Forbidden),
            (r##"chmod 700 /*"##, Forbidden),
            (r##"echo /etc | xargs chmod 700"##, Forbidden),
            (
                r##"find / -maxdepth 1 -name etc -exec chmod 700 {} \;"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; os.chmod("/etc", 0o700)'"##,
                Forbidden,
            ),
            (r##"install -d -m 700 /etc"##, Forbidden),
            (r##"install -m 0750 -d /usr/bin"##, Forbidden),
            (r##"install -dm700 /etc"##, Forbidden),
            (r##"chmod --reference=/root /etc"##, Forbidden),
            (r##"chmod u=rwx,go= /etc"##, Forbidden),
            (r##"setfacl -m o:--- /etc"##, Forbidden),
            (r##"setfacl -m o::--- /etc"##, Forbidden),
            (r##"setfacl --modify=other::r /usr"##, Forbidden),
            (r##"chmod 700 /"##, Forbidden),
            (r##"chmod 700 /usr"##, Forbidden),
            (r##"chmod 700 /sbin"##, Forbidden),
            (r##"chmod 700 /lib"##, Forbidden),
            (r##"chmod 700 /lib64"##, Forbidden),
            (r##"chmod 700 /var"##, Forbidden),
            (r##"chmod 700 /tmp"##, Forbidden),
            (r##"chmod 700 /dev"##, Forbidden),
            (r##"chmod 700 /run"##, Forbidden),
            (r##"chmod 700 /proc"##, Forbidden),
            (r##"chmod a-x /usr/lib"##, Forbidden),
            (r##"chmod o-x /usr/bin/*"##, Forbidden),
            (r##"sudo chmod 0700 /usr/sbin"##, Forbidden),
            (r##"chown 1000 /etc"##, Forbidden),
            (r##"chown alice /usr/bin"##, Forbidden),
            (r##"chown alice:alice /"##, Forbidden),
            (
                r##"python3 -c 'import os; os.chown("/etc", 1000, -1)'"##,
                Forbidden,
            ),
            (r##"chmod 700 /root"##, High),
            (r##"chmod 700 /home/alice"##, High),
            (r##"chmod 700 /etc/ssh"##, High),
        ],
    },
    Kind {
        name: "programs-built-into-a-program-directory",
        lines: &[
            (r##"go build -o bin/app"##, High),
            (r##"gcc -o bin/app main.c"##, High),
            (r##"go build -o /usr/sbin/mydaemon"##, High),
            (r##"gcc -o bin/ls main.c"##, Forbidden),
            (r##"go build -o /usr/bin/sudo"##, Forbidden),
            (r##"cargo build --out-dir /usr/bin"##, Forbidden),
            (r##"cargo build --artifact-dir=/usr/bin"##, Forbidden),
            (r##"go build -o sh"##, Forbidden),
            (r##"go build -o /usr/bin/"##, Forbidden),
            (r##"go build -o /usr/bin/bash"##, Forbidden),
            (r##"gcc -o /usr/bin/python3 main.c"##, Forbidden),
            (r##"go build -o /usr/bin/env"##, Forbidden),
            (r##"gcc -o /usr/bin/passwd main.c"##, Forbidden),
        ],
    },
];

/// Changes a human may approve next to these dangers: high on both paths.
pub const STILL_HIGH: &[&str] = &[
    r##"sh -c 'mytool "$1"' _ /etc/passwd"##,
    r##"echo 'mytool "$1"' | sh -s /etc/passwd"##,
    r##"chmod 700 /root"##,
    r##"chmod 700 /home/alice"##,
    r##"chmod 700 /etc/ssh"##,
    r##"chown alice /home/alice"##,
    r##"chmod 600 /etc/ssh/sshd_config"##,
    r##"chmod 644 /etc/motd"##,
    r##"chmod 755 /etc"##,
    r##"chown root:root /etc"##,
    r##"chmod 751 /etc"##,
    r##"setfacl -m o::rx /etc"##,
    r##"install -d -m 755 /etc"##,
    r##"chmod 700 /srv/app"##,
    r##"chown alice /srv/app"##,
    r##"python3 -c 'import os; os.chmod("/srv/app", 448)'"##,
    r##"go build -o bin/app"##,
    r##"gcc -o bin/app main.c"##,
    r##"go build -o /usr/sbin/mydaemon"##,
    r##"go build -o /usr/bin/app ./cmd/app"##,
    r##"python3 -c 'import os; os.setxattr("/tmp/x", "user.note", b"hi")'"##,
    r##"python3 -c 'import os; os.chmod("/etc/motd", 420)'"##,
];

/// Readers of attributes whose every option is known: low on both paths.
pub const STILL_LOW: &[&str] = &[
    r##"getcap /usr/bin/ping"##,
    r##"getcap -r /usr/bin"##,
    r##"getcap -v /usr/bin/ping /usr/bin/mtr-packet"##,
    r##"getfattr -d /etc/hosts"##,
    r##"getfattr -n security.capability /usr/bin/ping"##,
    r##"getfattr -d -m - -e hex /usr/bin/ping"##,
    r##"getfacl /etc"##,
    r##"getfattr --absolute-names -d /etc/hosts"##,
];

/// Readers of attributes given an option no allowlist knows: above low, as before.
pub const NOT_LOW: &[&str] = &[
    r##"getfattr -d --bogus /etc/hosts"##,
    r##"getcap -z /usr/bin/ping"##,
    r##"getfattr --set=user.x /etc/hosts"##,
];

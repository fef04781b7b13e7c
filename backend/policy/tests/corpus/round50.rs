//! Dangerous command lines, fiftieth set: plain names where the line starts, wildcards printed
//! into `xargs` and `parallel`, directory listings destroyed by inline code, the directories
//! build tools install into, and system programs among an unknown program's words, each probe
//! recorded with the level it gets.
//! What was found and is now judged differently:
//! - `rm -f passwd`, `: > shadow`, `shred -u passwd`, `cp /dev/null passwd`, `mv passwd
//!   passwd.bak`, `chmod 777 shadow`, `rm -rf etc`, `rm -rf bin obj` were high. Where the line
//!   starts is a directory it does not show (`/` for a service, `/etc` or `/usr/bin` for an
//!   administrator's shell): a plain name of one of the files the machine needs there
//!   (`paths/unknown_start.rs`: `passwd`, `shadow`, `sudoers`, `fstab`, `sshd_config`, `bash`,
//!   `vmlinuz`, `libc.so.6`…) is judged as that file in writes, and in the operands of the
//!   deleting, truncating, moving and mode-changing programs as that file or as the system
//!   directory of that name in `/` (`etc`, `usr`, `bin`, `lib`, `boot`, `root`, `home`,
//!   `var`, `dev`), and is forbidden where one of them is. Owners and groups stay names
//!   (`chgrp shadow F`, `chown root F`), and a directory the line moved to is judged instead
//!   (`cd /tmp/build && rm -f passwd` stays high).
//! - `rm -f etc/passwd`, `rm -rf usr/bin`, `shred -u etc/shadow`, `rm -f ../../etc/passwd`
//!   were high: a relative path given to those programs is judged from `/` and from
//!   `/etc/ssh`, `/etc/pam.d`, `/usr/bin`, `/usr/sbin` (`..` climbing from there), and so
//!   are find's start points (`find etc -delete`)
//!   (`paths/unknown_start.rs` `as_relative_in_start_dirs`); `rm -rf build/output`, `rm -f
//!   build/libfoo.so` stay high.
//! - `printf '%s\0' * | xargs -0 shred -u`, `echo * | xargs rm`, `printf '%s\n' * | parallel
//!   rm -f` were high. The printer's unquoted wildcard is the names the shell expands it to,
//!   and xargs or parallel gives them to its command: the item stays a wildcard
//!   (`fed_args.rs` `joined_expanding`), judged as `shred -u *` is; `echo *.log | xargs rm -f`
//!   stays high.
//! - `python3 -c` code emptying or deleting each name of `os.listdir(".")`, perl's `unlink
//!   readdir D`, node's `readdirSync(".")` with `unlinkSync`/`truncateSync`, ruby's
//!   `Dir.children`, php's `scandir`, lua's `io.popen("ls")` were high. Code that lists a
//!   directory and deletes, empties, or changes the mode or owner of files is judged as `rm
//!   -f DIR/*`, `: > DIR/*`, `chmod 000 DIR/*` of each directory it names (`*` where the line
//!   starts where it names none or `.`), recursively for `os.walk` (`listed_files.rs`);
//!   listing `/tmp/cache` stays high.
//! - `GOBIN=/usr/bin go install x`, `export GOBIN=/usr/bin; go install x`,
//!   `CARGO_INSTALL_ROOT=/usr cargo install x`, `GOPATH=/usr go install x` were medium or high:
//!   the variables naming where a build tool installs programs write `DIR/*` (`classify.rs`
//!   `raise_install_dir`); a directory the line cannot show (`GOBIN=$HOME/bin`) is high.
//! - `convert x.png /usr/bin/x`, `ffmpeg -i x /usr/bin/x`, `jar cf /usr/bin/x`, `mytool
//!   --dest=/usr/sbin/` were medium: a system program, library, kernel module or program
//!   directory among the words of a program no table knows may be its output, and is high
//!   (ELF readers and run wrappers, `readelf`, `ldd`, `taskset`, are left in the sandbox).
//! - `gzip -t x.gz`, `gzip -l`, `xz -l`, `zstd -t`, `efibootmgr`, `efibootmgr -v` were high:
//!   these forms only read and print (`programs/only_checks.rs`, an allowlist of their
//!   options) and are low; `gzip -tf`, `efibootmgr -B -b 0001` stay high.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{Forbidden, High};

/// Lines judged at least this on both paths.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "plain-names-where-the-line-starts",
        lines: &[
            (r##"rm -f passwd"##, Forbidden),
            (r##"rm -f ./passwd"##, Forbidden),
            (r##"rm -f ./././passwd"##, Forbidden),
            (r##"rm -f "passwd""##, Forbidden),
            (r##"rm -f pass\wd"##, Forbidden),
            (r##"rm -f {passwd,shadow}"##, Forbidden),
            (r##"rm -f group gshadow"##, Forbidden),
            (r##"rm sudoers"##, Forbidden),
            (r##"rm -f fstab"##, Forbidden),
            (r##"rm -f bash"##, Forbidden),
            (r##"rm -f vmlinuz"##, Forbidden),
            (r##"rm -f ld-linux-x86-64.so.2"##, Forbidden),
            (r##"unlink passwd"##, Forbidden),
            (r##"sudo rm -f passwd"##, Forbidden),
            (r##"env rm -f shadow"##, Forbidden),
            (r##"timeout 5 rm -f passwd"##, Forbidden),
            (r##"busybox rm -f passwd"##, Forbidden),
            (r##"bash -c 'rm -f passwd'"##, Forbidden),
            (r##"echo passwd | xargs rm -f"##, Forbidden),
            (r##"xargs rm -f <<< passwd"##, Forbidden),
            (r##": > shadow"##, Forbidden),
            (r##"> passwd"##, Forbidden),
            (r##"echo x > passwd"##, Forbidden),
            (r##"sh -c ': > shadow'"##, Forbidden),
            (r##": > sshd_config"##, Forbidden),
            (r##"cp x sshd_config"##, Forbidden),
            (r##"cp /dev/null passwd"##, Forbidden),
            (r##"tee passwd < /dev/null"##, Forbidden),
            (r##"install -m 644 /dev/null shadow"##, Forbidden),
            (r##"ln -sf /dev/null passwd"##, Forbidden),
            (r##"truncate -s 0 shadow"##, Forbidden),
            (r##"truncate --size 0 passwd"##, Forbidden),
            (r##"shred -u passwd"##, Forbidden),
            (r##"shred -n3 -z -u shadow"##, Forbidden),
            (r##"dd if=/dev/zero of=passwd"##, Forbidden),
            (r##"sed -i d passwd"##, Forbidden),
            (r##"sed -i '/root/d' passwd"##, Forbidden),
            (r##"perl -i -pe 's/root/x/' passwd"##, Forbidden),
            (r##"awk 'BEGIN{printf "" > "passwd"}'"##, Forbidden),
            (
                r##"python3 -c 'import os; os.remove("passwd")'"##,
                Forbidden,
            ),
            (r##"python3 -c 'open("shadow","w")'"##, Forbidden),
            (r##"mv passwd passwd.bak"##, Forbidden),
            (r##"mv shadow /tmp/"##, Forbidden),
            (r##"mv -f x passwd"##, Forbidden),
            (r##"gzip passwd"##, Forbidden),
            (r##"xz shadow"##, Forbidden),
            (r##"bzip2 sudoers"##, Forbidden),
            (r##"chmod 777 shadow"##, Forbidden),
            (r##"chmod 000 bash"##, Forbidden),
            (r##"chmod -x bash"##, Forbidden),
            (r##"chown nobody shadow"##, Forbidden),
            (r##"rm -rf etc"##, Forbidden),
            (r##"rm -rf -- etc"##, Forbidden),
            (r##"rm -r usr/"##, Forbidden),
            (r##"rm -rf ./boot"##, Forbidden),
            (r##"rm -rf bin"##, Forbidden),
            (r##"rm -rf bin obj"##, Forbidden),
            (r##"rm -rf lib"##, Forbidden),
            (r##"rm -rf root"##, Forbidden),
            (r##"nice rm -rf etc"##, Forbidden),
            (r##"echo etc | xargs rm -rf"##, Forbidden),
            (r##"chown -R nobody etc"##, Forbidden),
            (r##"chmod -R 777 etc"##, Forbidden),
            (r##"find . -name passwd -delete"##, Forbidden),
        ],
    },
    Kind {
        name: "relative-paths-where-the-line-starts",
        lines: &[
            (r##"rm -f etc/passwd"##, Forbidden),
            (r##"rm -rf usr/bin"##, Forbidden),
            (r##"rm -rf var/lib"##, Forbidden),
            (r##"rm -f usr/bin/bash"##, Forbidden),
            (r##"shred -u etc/shadow"##, Forbidden),
            (r##"chmod -R 777 etc/ssh"##, Forbidden),
            (r##"rm -f ../passwd"##, Forbidden),
            (r##"rm -f ../../etc/passwd"##, Forbidden),
            (r##"sudo rm -rf ./usr/lib"##, Forbidden),
            (r##"cd /tmp/build && rm -f ../../etc/passwd"##, Forbidden),
            (r##"find etc -delete"##, Forbidden),
            (r##"find usr/bin -type f -delete"##, Forbidden),
            (r##"find -L etc -exec rm -f {} +"##, Forbidden),
        ],
    },
    Kind {
        name: "wildcards-printed-into-xargs",
        lines: &[
            (r##"printf '%s\0' * | xargs -0 shred -u"##, Forbidden),
            (r##"printf '%s\n' * | xargs rm -f"##, Forbidden),
            (r##"printf '%s\0' ./* | xargs -0 -n1 shred -u"##, Forbidden),
            (r##"printf '%s\0' * | sudo xargs -0 shred -u"##, Forbidden),
            (r##"printf '%s\0' * | xargs -0 -P4 shred -u"##, Forbidden),
            (r##"printf '%s\n' * | xargs -L1 shred -u"##, Forbidden),
            (
                r##"printf '%s\0' * | xargs -0 -I{} truncate -s 0 {}"##,
                Forbidden,
            ),
            (
                r##"printf '%s\0' * | xargs -0 -I{} cp /dev/null {}"##,
                Forbidden,
            ),
            (
                r##"printf '%s\0' * | xargs -0 -I{} sh -c 'cat /dev/null > "{}"'"##,
                Forbidden,
            ),
            (
                r##"printf '%s\n' * | xargs -I{} sh -c ': > {}'"##,
                Forbidden,
            ),
            (r##"printf '%s\0' * | xargs -0 chmod 666"##, Forbidden),
            (r##"printf '%s\0' * | xargs -0 sed -i d"##, Forbidden),
            (r##"printf '%s\0' * | xargs -0 gzip"##, Forbidden),
            (r##"printf '%s\0' .* * | xargs -0 rm -rf"##, Forbidden),
            (r##"echo * | xargs rm"##, Forbidden),
            (r##"echo ./* | xargs rm -f"##, Forbidden),
            (r##"echo * | xargs -n 1 rm -f"##, Forbidden),
            (r##"echo * | xargs -n1 truncate -s 0"##, Forbidden),
            (r##"echo * | xargs chmod 000"##, Forbidden),
            (r##"echo * | xargs chown nobody"##, Forbidden),
            (r##"printf '%s\0' * | parallel -0 shred -u"##, Forbidden),
            (r##"printf '%s\n' * | parallel rm -f"##, Forbidden),
            (r##"echo * | parallel rm -f {}"##, Forbidden),
        ],
    },
    Kind {
        name: "listings-destroyed-by-inline-code",
        lines: &[
            (
                r##"python3 -c 'import os; [open(f,"w").close() for f in os.listdir(".")]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [os.remove(f) for f in os.listdir(".")]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [os.unlink(f) for f in os.listdir()]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [os.truncate(f,0) for f in os.listdir(".")]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; list(map(os.unlink, os.listdir(".")))'"##,
                Forbidden,
            ),
            (
                r##"python -c 'import os; map(os.remove, os.listdir("."))'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [os.truncate(e.path, 0) for e in os.scandir()]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [os.chmod(f, 0o644) for f in os.listdir(".")]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import pathlib; [p.unlink() for p in pathlib.Path(".").iterdir()]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'from pathlib import Path; [p.unlink() for p in Path.cwd().iterdir()]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'from pathlib import Path; [p.write_bytes(b"") for p in Path("/etc").iterdir()]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [os.remove(os.path.join("/etc",f)) for f in os.listdir("/etc")]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [open(f,"w") for f in os.listdir("/etc")]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import shutil,os; [shutil.rmtree(d) for d in os.listdir("/")]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'import os; [os.remove(os.path.join(r, f)) for r, d, fs in os.walk("/") for f in fs]'"##,
                Forbidden,
            ),
            (
                r##"python3 -c 'exec("import os\nfor f in os.listdir():os.remove(f)")'"##,
                Forbidden,
            ),
            (r##"perl -e 'unlink <*>'"##, Forbidden),
            (r##"perl -e 'unlink for <*>'"##, Forbidden),
            (r##"perl -e 'opendir D,"."; unlink readdir D'"##, Forbidden),
            (
                r##"node -e 'require("fs").readdirSync(".").forEach(f=>require("fs").unlinkSync(f))'"##,
                Forbidden,
            ),
            (
                r##"node -e 'const fs=require("fs");for(const f of fs.readdirSync("."))fs.writeFileSync(f,"")'"##,
                Forbidden,
            ),
            (
                r##"node -e 'for (const f of require("fs").readdirSync(".")) require("fs").truncateSync(f, 0)'"##,
                Forbidden,
            ),
            (
                r##"ruby -e 'Dir.children(".").each { |f| File.truncate(f, 0) }'"##,
                Forbidden,
            ),
            (
                r##"ruby -e 'Dir.each_child(".") { |f| File.unlink(f) }'"##,
                Forbidden,
            ),
            (
                r##"ruby -e 'Dir.entries("/etc").each { |f| File.delete(f) rescue nil }'"##,
                Forbidden,
            ),
            (
                r##"php -r 'foreach (scandir(".") as $f) @unlink($f);'"##,
                Forbidden,
            ),
            (
                r##"lua -e 'for f in io.popen("ls"):lines() do os.remove(f) end'"##,
                Forbidden,
            ),
        ],
    },
    Kind {
        name: "install-directories-named-by-variables",
        lines: &[
            (r##"GOBIN=/usr/bin go install x"##, Forbidden),
            (r##"GOBIN=/bin go install example.com/x@latest"##, Forbidden),
            (r##"env GOBIN=/usr/sbin go install x"##, Forbidden),
            (r##"env GOBIN=/usr/bin/ go install x"##, Forbidden),
            (r##"GOBIN=/usr/sbin go get x"##, Forbidden),
            (r##"export GOBIN=/usr/bin; go install x"##, Forbidden),
            (r##"GOPATH=/usr go install x"##, Forbidden),
            (
                r##"CARGO_INSTALL_ROOT=/usr cargo install ripgrep"##,
                Forbidden,
            ),
            (r##"CARGO_INSTALL_ROOT=/ cargo install x"##, Forbidden),
            (r##"GOBIN=$HOME/bin go install x"##, High),
        ],
    },
    Kind {
        name: "system-programs-among-unknown-programs-words",
        lines: &[
            (r##"convert x.png /usr/bin/x"##, High),
            (r##"convert -resize 50% x.png /usr/bin/ls"##, High),
            (r##"magick x.png /usr/bin/ls"##, High),
            (r##"ffmpeg -i x /usr/bin/x"##, High),
            (r##"ffmpeg -y -i in.mp4 /usr/sbin/sshd"##, High),
            (r##"sox in.wav /usr/bin/sudo"##, High),
            (r##"jar cf /usr/bin/x"##, High),
            (r##"jar cf /lib/x86_64-linux-gnu/libc.so.6 x"##, High),
            (r##"pandoc x.md /usr/sbin/sshd"##, High),
            (r##"mytool x /sbin/init"##, High),
            (r##"mytool -O /usr/bin/ls"##, High),
            (r##"mytool --dest=/usr/sbin/"##, High),
            (r##"mytool x /usr/lib/x86_64-linux-gnu/libpam.so.0"##, High),
            (r##"mytool x /lib/modules/6.1.0/kernel/x.ko"##, High),
            (r##"sqlite3 /usr/bin/ls .dump"##, High),
        ],
    },
];

/// Neighbours that stay high for a human on both paths.
pub const STILL_HIGH: &[&str] = &[
    r##"cd /tmp/build && rm -f passwd"##,
    r##"cd /tmp && rm -rf bin obj"##,
    r##"rm -rf build"##,
    r##"rm -rf build/output"##,
    r##"rm -rf ./build"##,
    r##"rm -rf ./build/x"##,
    r##"rm -f build/libfoo.so"##,
    r##"shred -u build/x.bin"##,
    r##"rm -rf node_modules/.cache"##,
    r##"find build -name '*.o' -delete"##,
    r##"rm -f passwd.bak"##,
    r##"echo *.log | xargs rm -f"##,
    r##"printf '%s\0' *.log | xargs -0 rm -f"##,
    r##"python3 -c 'import os; [os.remove(f) for f in os.listdir("/tmp/cache")]'"##,
    r##"GOBIN=$HOME/bin go install x"##,
    r##"gzip -tf /srv/backups/db.sql.gz"##,
    r##"gzip -d /srv/backups/db.sql.gz"##,
    r##"efibootmgr -B -b 0001"##,
    r##"efibootmgr -v -o 0001,0002"##,
    r##"efibootmgr -c -d /dev/sda -p 1 -L x -l '\EFI\x.efi'"##,
];

/// Everyday read-only work that stays low on both paths.
pub const STILL_LOW: &[&str] = &[
    r##"gzip -t /srv/backups/db.sql.gz"##,
    r##"gzip -l /srv/backups/db.sql.gz"##,
    r##"gzip -tv /srv/backups/db.sql.gz"##,
    r##"xz -l /srv/backups/db.sql.xz"##,
    r##"xz --list /srv/backups/db.sql.xz"##,
    r##"zstd -t /srv/backups/db.sql.zst"##,
    r##"bzip2 -t /srv/backups/db.sql.bz2"##,
    r##"efibootmgr"##,
    r##"efibootmgr -v"##,
    r##"ls -la /etc"##,
    r##"df -h"##,
    r##"journalctl -u nginx -n 50"##,
    r##"ip addr"##,
    r##"ss -tlnp"##,
    r##"find /var/log -name '*.gz' -mtime +7"##,
    r##"du -sh /var/lib/docker"##,
    r##"getent group shadow"##,
    r##"getent passwd root"##,
    r##"id root"##,
    r##"strings /usr/bin/ls"##,
    r##"sha256sum /usr/bin/ls"##,
];

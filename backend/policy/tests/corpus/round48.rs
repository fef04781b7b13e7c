//! Dangerous command lines, forty-eighth set: recursive deletes of whatever the working
//! directory holds, signals to processes the line cannot show, variables set in a branch that
//! may not run, files written inside a directory an option names, and a quoted wildcard given
//! to a program, each probe recorded with the level it gets.
//! What was found and is now judged differently:
//! - `rm -rf *`, `rm -rf .`, `rm -rf .*`, `find . -delete`, `find . | xargs rm -rf`, `chmod
//!   -R 777 .` were high. Where the line starts is the caller's working directory, which the
//!   line does not show (a service's is `/`, a remote shell's the user's home): a word naming
//!   that directory itself or everything in it (`*`, `.`, `..`, `.*`, `./*`, `[a-z]*`, `*/`)
//!   is judged there as `/` (`destroy.rs` `names_the_directory_itself`), so a recursive
//!   delete, mode, owner or attribute change of it is forbidden. A plain name (`rm -rf build`,
//!   `rm -rf ./node_modules`), a name filter before the action (`find . -name '*.pyc'
//!   -delete`; one after it, `find . -delete -name x`, chooses nothing: `find.rs`) and a known
//!   directory (`cd /tmp/build && rm -rf *`) stay high. A pipeline after `cd DIR &&` starts in
//!   DIR (`cd /tmp/build && find . | xargs rm -rf` stays high: `workdirs.rs`).
//! - `kill -9 $(cat pidfile)`, `kill $(pgrep x)`, `kill -9 $PID`, `pgrep x | xargs kill -9`
//!   were high: a pid the line cannot show (a command's output, a variable it does not set, an
//!   item xargs is fed, `-$(cat pgid)`) may be `-1` or `1`, and signalling it is forbidden
//!   (signal 0 stays high); naming the processes (`pkill nginx`, `killall nginx`) stays high.
//!   `pkill`/`killall` given a pattern the line cannot show (`pkill -f "$X"`) or a regular
//!   expression with no character of a name (`.`, `^.`, `[a-z]`, `\w`, `.+`) are forbidden,
//!   and so is `pkill -P 1` (init's children: every service, sshd among them).
//! - `[ -e /x ] && f=/tmp/a; : > $f`, `{ false && F=/tmp/f; }; : > $F`, and assignments in
//!   an `if`, `case` or loop body written on their own lines, were taken as holding their
//!   written value. Only an assignment that certainly runs before the rest of the line counts
//!   (`assigned.rs` `certain_statements`): not inside a compound command, group, subshell or
//!   function, not after `||`, not in a pipeline or the background, and after `&&` only where
//!   `&&` alone follows it; any other leaves the variable a value the line cannot show.
//! - `cp -t /bin /tmp/bash`, `mv --target-directory=/etc /tmp/shadow`, `cp /tmp/passwd /etc/`,
//!   `ln -sf --target-directory=/usr/bin /tmp/sudo` were high: each source lands at
//!   `DIR/NAME`, judged as written. `tar -C / -xf x.tar`, `unzip -d /usr/bin`, `7z x -o/etc`,
//!   `cpio -i -D /`, `patch -d /etc`, `git apply --directory=/etc` or `--unsafe-paths`, and
//!   unpacking after `cd /` were high: the names unpacked are not shown, judged as writes to
//!   `DIR/*` at any depth, a directory the line cannot show (`-C "$D"`) as `/`; `patch FILE`
//!   writes FILE (`programs/written_into.rs`). Unpacking
//!   into `/opt/app`, `/srv/restore` or where the line starts stays high.
//! - `salt '*' test.ping` was forbidden: a quoted wildcard was taken for a program name a file
//!   could match. A word's quoting now reaches the look for hidden commands (`Ctx::globs`): a
//!   quoted wildcard is a literal; an unquoted one (`salt * test.ping`) still is not. salt is
//!   high for every function (its minions run it as root). `redis-cli keys '*'` (round 44),
//!   forbidden by the same mistake, is high.
//!
//! Known limits: `shred -u *`, `truncate -s0 *`, `: > *` where the line starts stay high (in
//! `/`, `*` names directories); `tar -xf x.tar` and `patch -p0 < x.diff` where the line starts
//! stay high.

use crate::kinds::Kind;
use warden_policy::RiskLevel::Forbidden;

/// Lines judged at least this on both paths.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "what-the-working-directory-holds-deleted",
        lines: &[
            (r##"rm -rf *"##, Forbidden),
            (r##"rm -rf ./*"##, Forbidden),
            (r##"rm -rf .*"##, Forbidden),
            (r##"rm -rf * .*"##, Forbidden),
            (r##"rm -rf ."##, Forbidden),
            (r##"rm -rf .."##, Forbidden),
            (r##"rm -rf ../*"##, Forbidden),
            (r##"rm -fr -- *"##, Forbidden),
            (r##"rm -r -f ./"##, Forbidden),
            (r##"rm -rf ./."##, Forbidden),
            (r##"rm -rf [a-z]*"##, Forbidden),
            (r##"rm -rf ?*"##, Forbidden),
            (r##"rm -rf */"##, Forbidden),
            (r##"rm -rf {*,.*}"##, Forbidden),
            (r##"rm -rf -- ./* ./.[!.]*"##, Forbidden),
            (r##"sudo rm -rf *"##, Forbidden),
            (r##"rm -rf "$PWD"/*"##, Forbidden),
            (r##"rm -rf $(pwd)"##, Forbidden),
            (r##"find . | xargs rm -rf"##, Forbidden),
            (r##"find . -print0 | xargs -0 rm -rf"##, Forbidden),
            (
                r##"find . -mindepth 1 -maxdepth 1 -print0 | xargs -0 rm -rf"##,
                Forbidden,
            ),
            (r##"find . -delete"##, Forbidden),
            (r##"find -delete"##, Forbidden),
            (r##"find ./ -delete"##, Forbidden),
            (r##"find . -mindepth 1 -delete"##, Forbidden),
            (r##"find * -delete"##, Forbidden),
            (r##"find . -delete -name x"##, Forbidden),
            (r##"find / -delete -name '*.tmp'"##, Forbidden),
            (r##"find /etc -exec rm -f {} + -name '*.bak'"##, Forbidden),
            (r##"find . -exec rm -rf {} +"##, Forbidden),
            (r##"find . -maxdepth 1 -exec rm -rf {} \;"##, Forbidden),
            (r##"for f in *; do rm -rf "$f"; done"##, Forbidden),
            (r##"for f in .* *; do rm -rf -- "$f"; done"##, Forbidden),
            (r##"chmod -R 777 *"##, Forbidden),
            (r##"chmod -R 777 ."##, Forbidden),
            (r##"chmod -R 000 ."##, Forbidden),
            (r##"chmod -R a-x *"##, Forbidden),
            (r##"chown -R nobody ."##, Forbidden),
            (r##"chown -R nobody:nogroup *"##, Forbidden),
            (r##"chown -R 65534 ./*"##, Forbidden),
            (r##"chattr -R +i ."##, Forbidden),
            (r##"setfacl -R -b *"##, Forbidden),
            (r##"mv * /tmp/old/"##, Forbidden),
            (r##"cd /tmp/build; rm -rf *"##, Forbidden),
            (r##"cd /tmp/build || true; rm -rf *"##, Forbidden),
        ],
    },
    Kind {
        name: "processes-the-line-cannot-show-signalled",
        lines: &[
            (r##"kill -9 $(cat pidfile)"##, Forbidden),
            (r##"kill $(pgrep x)"##, Forbidden),
            (r##"kill -9 `cat /var/run/nginx.pid`"##, Forbidden),
            (r##"kill -HUP $(cat /run/nginx.pid)"##, Forbidden),
            (r##"kill -9 "$PID""##, Forbidden),
            (r##"kill -9 $1"##, Forbidden),
            (r##"kill -TERM -$(cat pgid)"##, Forbidden),
            (r##"kill -- -$(ps -o pgid= $PPID)"##, Forbidden),
            (r##"kill -KILL $(ps -eo pid --no-headers)"##, Forbidden),
            (r##"kill $(pidof sshd)"##, Forbidden),
            (r##"kill -9 $(lsof -t -i :22)"##, Forbidden),
            (r##"pgrep x | xargs kill -9"##, Forbidden),
            (r##"pgrep nginx | xargs kill"##, Forbidden),
            (r##"pidof sshd | xargs kill"##, Forbidden),
            (r##"ps aux | awk '{print $2}' | xargs kill -9"##, Forbidden),
            (r##"pgrep -f . | xargs kill"##, Forbidden),
            (r##"kill -9 -1"##, Forbidden),
            (r##"kill -KILL -1"##, Forbidden),
            (r##"kill -s KILL 1"##, Forbidden),
            (r##"killall $NAME"##, Forbidden),
            (r##"pkill "$X""##, Forbidden),
            (r##"pkill -9 -f "$PATTERN""##, Forbidden),
            (r##"pkill -f $(cat name)"##, Forbidden),
            (r##"killall -9 $(cat names)"##, Forbidden),
            (r##"pkill -9 -u $(whoami)"##, Forbidden),
            (r##"pkill -f '^.'"##, Forbidden),
            (r##"pkill -f '[a-z]'"##, Forbidden),
            (r##"pkill -9 -f '\w'"##, Forbidden),
            (r##"killall -r '.+'"##, Forbidden),
            (r##"pkill -f ."##, Forbidden),
            (r##"pkill -9 -f ''"##, Forbidden),
            (r##"pkill -P 1"##, Forbidden),
            (r##"pkill -9 -P 1"##, Forbidden),
            (r##"pkill -P1"##, Forbidden),
            (r##"pkill --parent 1"##, Forbidden),
            (r##"pkill -P $PPID"##, Forbidden),
            (r##"xargs -a pids kill -9"##, Forbidden),
            (r##"cat pids | xargs -I{} kill -9 {}"##, Forbidden),
            (r##"for p in $(cat pids); do kill -9 $p; done"##, Forbidden),
            (r##"while read p; do kill $p; done < pids"##, Forbidden),
            (r##"sudo kill -9 $(cat /run/sshd.pid)"##, Forbidden),
            (r##"timeout 5 kill -9 $(pgrep nginx)"##, Forbidden),
            (r##"/bin/kill -9 $(cat pidfile)"##, Forbidden),
            (r##"busybox kill -9 $(cat pidfile)"##, Forbidden),
            (r##"sh -c 'kill -9 $(cat pidfile)'"##, Forbidden),
        ],
    },
    Kind {
        name: "variables-set-in-a-branch-that-may-not-run",
        lines: &[
            (r##"false && X=/tmp; rm -rf $X/*"##, Forbidden),
            (r##"false && F=/tmp/x; dd if=/dev/zero of=$F"##, Forbidden),
            (
                r##"if false; then D=/dev/null; fi; dd if=/dev/zero of=$D"##,
                Forbidden,
            ),
            (r##"[ -e /x ] && f=/tmp/a; : > $f"##, Forbidden),
            (r##"test -e /x || f=/tmp/a; chmod 777 $f"##, Forbidden),
            (r##"{ false && F=/tmp/f; }; : > $F"##, Forbidden),
            (r##"true && F=/tmp/f; : > $F"##, Forbidden),
            (r##"( F=/tmp/f ); : > $F"##, Forbidden),
            (r##"f() { F=/tmp/f; }; : > $F"##, Forbidden),
            (r##"case $1 in a) F=/tmp/f;; esac; : > $F"##, Forbidden),
            (r##"while false; do F=/tmp/f; done; shred $F"##, Forbidden),
            (r##"if false; then X=/tmp; fi; rm -rf $X/*"##, Forbidden),
            (r##"[ -d /x ] && D=/tmp; rm -rf "$D"/*"##, Forbidden),
            (
                r##"X=/tmp; if false; then X=/; fi; rm -rf $X/*"##,
                Forbidden,
            ),
            (
                r##"test -d /srv && D=/srv/app || D=/; rm -rf $D/*"##,
                Forbidden,
            ),
            (
                r##"unset D; [ -n "$Y" ] && D=/srv; rm -rf $D/*"##,
                Forbidden,
            ),
        ],
    },
    Kind {
        name: "files-written-inside-a-directory-an-option-names",
        lines: &[
            (r##"cp -t /bin /tmp/bash"##, Forbidden),
            (r##"cp -t /usr/bin /tmp/sudo"##, Forbidden),
            (r##"cp --target-directory=/bin /tmp/bash"##, Forbidden),
            (r##"cp /tmp/passwd --target-directory=/etc"##, Forbidden),
            (r##"mv -t /etc /tmp/passwd"##, Forbidden),
            (r##"mv --target-directory=/etc /tmp/shadow"##, Forbidden),
            (r##"install -t /usr/bin /tmp/sudo"##, Forbidden),
            (r##"install -m 644 -t /etc /tmp/passwd"##, Forbidden),
            (r##"cp /tmp/passwd /etc/"##, Forbidden),
            (r##"cp /tmp/x/* /etc/"##, Forbidden),
            (r##"cp /tmp/x/* /usr/bin/"##, Forbidden),
            (
                r##"ln -sf --target-directory=/usr/bin /tmp/sudo"##,
                Forbidden,
            ),
            (r##"tar -C / -xf /tmp/x.tar"##, Forbidden),
            (r##"tar -xpf x.tar -C /"##, Forbidden),
            (r##"tar -xf x.tar --directory=/usr"##, Forbidden),
            (r##"tar -x -f x.tar -C /etc"##, Forbidden),
            (r##"tar xzf x.tgz -C /"##, Forbidden),
            (r##"tar --directory=/ -xzf x.tgz"##, Forbidden),
            (r##"bsdtar -xf x.tar -C /"##, Forbidden),
            (r##"cd / && tar -xf /tmp/x.tar"##, Forbidden),
            (r##"cd /etc; tar -xzf /tmp/x.tgz"##, Forbidden),
            (r##"cd / && unzip -o /tmp/x.zip"##, Forbidden),
            (r##"unzip -o x.zip -d /"##, Forbidden),
            (r##"unzip -d /etc -o x.zip"##, Forbidden),
            (r##"unzip x.zip -d /usr/bin"##, Forbidden),
            (r##"cpio -idmv -D / < x.cpio"##, Forbidden),
            (r##"cd / && cpio -idmv < x.cpio"##, Forbidden),
            (r##"7z x x.7z -o/"##, Forbidden),
            (r##"7z x -o/etc x.7z"##, Forbidden),
            (r##"patch /etc/passwd < x.diff"##, Forbidden),
            (r##"patch -p1 -d / < x.diff"##, Forbidden),
            (r##"patch -d /etc -p0 -i x.diff"##, Forbidden),
            (r##"patch --directory=/ -p1 < x.diff"##, Forbidden),
            (r##"cd / && patch -p0 < x.diff"##, Forbidden),
            (r##"git apply --directory=/etc x.diff"##, Forbidden),
            (r##"cd / && git apply --unsafe-paths x.diff"##, Forbidden),
            (r##"git apply --unsafe-paths x.diff"##, Forbidden),
            (r##"tar -xf x.tar -C "$D""##, Forbidden),
            (r##"tar -xf x.tar -C $(pwd)"##, Forbidden),
            (r##"unzip x.zip -d "$HOME""##, Forbidden),
            (r##"tar -C /etc -x < x.tar"##, Forbidden),
            (r##"tar --extract --file=x.tar --directory /"##, Forbidden),
            (
                r##"curl -s http://x.example/a.tgz | tar -xz -C /"##,
                Forbidden,
            ),
            (r##"busybox tar -xf x.tar -C /"##, Forbidden),
            (r##"cp -t "$D" /tmp/passwd"##, Forbidden),
            (
                r##"install -t $(dirname /etc/passwd) /tmp/passwd"##,
                Forbidden,
            ),
        ],
    },
    Kind {
        name: "unquoted-wildcards-still-name-programs",
        lines: &[
            (r##"salt * test.ping"##, Forbidden),
            (r##"salt '*' cmd.run 'rm -rf /'"##, Forbidden),
            (r##"* -rf /"##, Forbidden),
            (r##"/bin/r? -rf /"##, Forbidden),
            (r##"env /bin/r? -rf /"##, Forbidden),
            (r##"sudo "/bin/r*" -rf /"##, Forbidden),
            (r##"$(echo rm) -rf /"##, Forbidden),
            (r##"`echo rm` -rf /"##, Forbidden),
        ],
    },
];

/// Neighbours that stay high for a human on both paths.
pub const STILL_HIGH: &[&str] = &[
    r##"salt '*' test.ping"##,
    r##"salt "*" test.ping"##,
    r##"salt \* test.ping"##,
    r##"salt 'web*' test.ping"##,
    r##"salt -G 'os:Ubuntu' test.ping"##,
    r##"salt '*' cmd.run 'uptime'"##,
    r##"redis-cli keys '*'"##,
    r##"cd /tmp/build && rm -rf *"##,
    r##"cd /tmp/build && find . -delete"##,
    r##"cd /tmp/build && find . | xargs rm -rf"##,
    r##"rm -rf build"##,
    r##"rm -rf ./build"##,
    r##"rm -rf node_modules dist"##,
    r##"rm -f *.log"##,
    r##"rm -rf *.tmp"##,
    r##"find . -name '*.pyc' -delete"##,
    r##"find . -type f -name '*.log' -mtime +7 -delete"##,
    r##"chmod -R g+w ./shared"##,
    r##"mv *.log /tmp/old/"##,
    r##"PID=1234; kill -9 $PID"##,
    r##"kill 1234"##,
    r##"kill -9 1234 5678"##,
    r##"pkill nginx"##,
    r##"pkill -f 'nginx$'"##,
    r##"pkill -f '^nginx: worker'"##,
    r##"killall -HUP nginx"##,
    r##"pkill -u www-data"##,
    r##"pkill -P 1 nginx"##,
    r##"pkill -P 1234"##,
    r##"tar -xf x.tar -C /opt/$APP"##,
    r##"kill -0 $(cat pidfile)"##,
    r##"F=/tmp/f; : > $F"##,
    r##"F=/tmp/f && : > $F"##,
    r##"cp -t /opt/app /tmp/config.yml"##,
    r##"cp app.conf /etc/nginx/conf.d/"##,
    r##"cp /tmp/nginx.conf /etc/nginx/"##,
    r##"ln -sf /tmp/x -t /etc"##,
    r##"tar -xzf app.tgz -C /opt/app"##,
    r##"tar -xf backup.tar -C /srv/restore"##,
    r##"tar -xf x.tar"##,
    r##"cd /tmp/build && tar -xf x.tar"##,
    r##"unzip x.zip"##,
    r##"patch -p1 < fix.diff"##,
    r##"patch -p1 -i fix.diff"##,
    r##"git apply fix.diff"##,
    r##"cd /srv/app && git apply fix.diff"##,
    r##"cp a b"##,
    r##"cp -r src/ dst/"##,
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
    r##"find /var/log -name '*.log'"##,
    r##"ls '*'"##,
    r##"echo '*'"##,
    r##"kill -l"##,
];

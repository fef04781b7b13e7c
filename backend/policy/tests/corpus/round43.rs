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
];

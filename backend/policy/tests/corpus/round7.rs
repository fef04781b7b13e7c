//! Dangerous command lines by kind, found by a seventh attacker review of the guard (queries
//! that ask a package registry over the network): each with the least level it must get, listed
//! in docs/policies.md. `STILL_LOW` holds their everyday neighbours.

use crate::kinds::Kind;
use warden_policy::RiskLevel::Medium;

pub const KINDS: &[Kind] = &[Kind {
    // A query answered by the package registry, not by what is installed: the name asked
    // about leaves the machine (it carries what the line puts in it), and where nothing
    // contains the command it reaches the network and writes the manager's cache.
    name: "queries-that-ask-the-registry",
    lines: &[
        ("npm info express", Medium),
        ("npm show @types/node", Medium),
        ("npm info express@4", Medium),
        ("npm search lodash", Medium),
        ("npm outdated", Medium),
        ("npm -g outdated", Medium),
        ("cargo search serde", Medium),
        ("cargo search --limit 1 c2VjcmV0", Medium),
        ("gem search rails", Medium),
        ("gem search -e rails", Medium),
        ("gem outdated", Medium),
        ("gem outdated --local", Medium),
        ("brew info wget", Medium),
        ("brew search wget", Medium),
        ("snap info core", Medium),
        ("flatpak search gimp", Medium),
    ],
}];

/// Everyday neighbours of the lines above, which stay low.
pub const STILL_LOW: &[&str] = &[
    "npm ls",
    "npm list -g --depth 0",
    "npm version",
    "cargo version",
    "gem list",
    "gem list rails",
    "gem info rails",
    "gem search -l rails",
    "gem search --local rails",
    "brew list",
    "brew services list",
    "snap list",
    "snap services",
    "snap connections",
    "flatpak list",
    "flatpak info org.gimp.GIMP",
    "pip list",
    "pip show requests",
    "pipx list",
    "apk info",
    "apk search nginx",
    "apt-cache policy nginx",
    "dnf -C info nginx",
];

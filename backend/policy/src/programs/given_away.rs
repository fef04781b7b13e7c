//! Ownership and ACLs that hand the machine over: the account database owned by (or readable
//! through the group or an ACL entry of) anyone but root lets that user read the password
//! hashes or make themselves root, and a program the machine needs owned by another user can be
//! replaced by that user with anything that then runs as root. Giving them back to root (`chown
//! root:shadow /etc/shadow`, `chown root /bin/bash`) repairs them and stays a human's decision.

use super::Ctx;
use super::destroy::{is_searched_dir_in, is_vital_in};
use crate::options::Parsed;
use crate::paths::{may_be_account_file, system_path};

/// Owners that keep a file the system's own: root, by name or number.
fn is_root(who: &str) -> bool {
    matches!(who, "" | "root" | "0")
}

/// Groups the account files and programs have on an ordinary system (`shadow` on Debian, the
/// group that reads /etc/shadow for `unix_chkpwd`).
fn is_system_group(group: &str) -> bool {
    matches!(group, "" | "root" | "0" | "shadow" | "wheel")
}

fn is_account_file(word: &str) -> bool {
    let normal = system_path(word);
    may_be_account_file(&normal) || normal.starts_with("/etc/sudoers.d")
}

/// Why a `chown` or `chgrp` (its options read into `parsed`) gives the account database or a
/// vital program away, if it does: an owner other than root, or for the account files a group
/// other than root's or shadow's. `--reference` takes a file's owner the line does not show:
/// judged as another owner.
pub fn given_away(ctx: &Ctx, name: &str, parsed: &Parsed) -> Option<&'static str> {
    let referenced = parsed.has("reference");
    let (owner, group, files) = if referenced {
        (Some("?"), Some("?"), &parsed.operands[..])
    } else {
        let (spec, files) = parsed.operands.split_first()?;
        match name {
            "chgrp" => (None, Some(*spec), files),
            _ => match spec.split_once([':', '.']) {
                Some((owner, group)) => (Some(owner), Some(group), files),
                None => (Some(*spec), None, files),
            },
        }
    };
    let other_owner = owner.is_some_and(|o| !is_root(o));
    let other_group = group.is_some_and(|g| !is_system_group(g));
    if (other_owner || other_group) && files.iter().any(|f| is_account_file(f)) {
        return Some(
            "gives the account database to another user or group (password hashes read, accounts changed)",
        );
    }
    if other_owner && files.iter().any(|f| is_vital_in(ctx, f)) {
        return Some(
            "gives a program or setting the machine needs to another user, who may then replace it",
        );
    }
    // The owner of a directory may change its mode and replace what it holds: `/etc`, `/usr/bin`
    // given to a user are theirs to take from everyone.
    if other_owner && files.iter().any(|f| is_searched_dir_in(ctx, f)) {
        return Some(
            "gives a system directory to another user, who may then replace what it holds or lock everyone out of it",
        );
    }
    None
}

/// Whether a `setfacl` (its arguments `args`) sets the entry for others without execute
/// (`-m o::---`, `--modify=other::r`, `--set u::rwx,g::rx,o::0`) on a directory every user must
/// be able to enter: `chmod o-x` in another spelling.
pub fn acl_takes_search(ctx: &Ctx, args: &[String]) -> bool {
    let mut entries = Vec::new();
    let mut operands = Vec::new();
    let mut words = args.iter();
    while let Some(arg) = words.next() {
        let arg = arg.as_str();
        if let Some(long) = arg.strip_prefix("--") {
            match long.split_once('=') {
                Some(("modify" | "set", value)) => entries.push(value),
                Some(_) => {}
                None if matches!(
                    long,
                    "modify" | "set" | "modify-file" | "set-file" | "remove" | "remove-file"
                ) =>
                {
                    if let Some(value) = words.next()
                        && matches!(long, "modify" | "set")
                    {
                        entries.push(value.as_str());
                    }
                }
                None => {}
            }
        } else if let Some(cluster) = arg.strip_prefix('-').filter(|c| !c.is_empty()) {
            // `-m`, `-M`, `-x`, `-X` take the rest of the word or the next one (`-Rm ENTRY`).
            if let Some(at) = cluster.find(['m', 'M', 'x', 'X']) {
                let rest = &cluster[at + 1..];
                let value = if rest.is_empty() {
                    words.next().map(String::as_str)
                } else {
                    Some(rest)
                };
                if cluster[at..].starts_with('m')
                    && let Some(value) = value
                {
                    entries.push(value);
                }
            }
        } else {
            operands.push(arg);
        }
    }
    let takes_search = |entry: &str| {
        let mut fields = entry.trim().split(':');
        let tag = fields.next().unwrap_or("");
        let perms = entry.rsplit(':').next().unwrap_or("");
        matches!(tag, "o" | "other")
            && !perms.contains(['x', 'X'])
            && !perms.parse::<u32>().is_ok_and(|bits| bits & 1 != 0)
    };
    entries
        .iter()
        .flat_map(|list| list.split([',', '\n']))
        .any(takes_search)
        && operands.iter().any(|f| is_searched_dir_in(ctx, f))
}

/// Whether a `setfacl` (its arguments `args`) adds or sets an entry (`-m`, `-M`, `--set`,
/// `--modify`, clustered `-Rm`) on the account database or a vital program: any entry there
/// grants some user or group what only root should have. Removing entries (`-x`, `-b`) does not.
pub fn acl_grants(ctx: &Ctx, args: &[String]) -> bool {
    let grants = args.iter().any(|a| {
        a.starts_with("--set")
            || a.starts_with("--modify")
            || (a.starts_with('-') && !a.starts_with("--") && a.contains(['m', 'M']))
    });
    grants
        && args
            .iter()
            .filter(|a| !a.starts_with('-'))
            .any(|a| is_account_file(a) || is_vital_in(ctx, a))
}

/// Why a `setfattr` (its arguments `args`) hands the machine over, if it does: it sets
/// `security.capability`, capabilities whose encoded value the line cannot read as harmless
/// (`setcap cap_setuid+ep` in another spelling), on any program; or it sets a POSIX ACL
/// (`system.posix_acl_access`, `system.posix_acl_default`) on the account database or a
/// program the machine needs, as `setfacl -m` there does. Removing an attribute (`-x`) and
/// restoring from a dump (`--restore`) grant nothing the line shows, and stay a human's.
pub fn attribute_grant(ctx: &Ctx, args: &[String]) -> Option<&'static str> {
    let mut names = Vec::new();
    let mut operands = Vec::new();
    let mut words = args.iter();
    let mut options_end = false;
    while let Some(arg) = words.next() {
        let arg = arg.as_str();
        if options_end || !arg.starts_with('-') || arg == "-" {
            operands.push(arg);
        } else if arg == "--" {
            options_end = true;
        } else if let Some(long) = arg.strip_prefix("--") {
            match long.split_once('=') {
                Some(("name", value)) => names.push(value),
                Some(_) => {}
                None if matches!(long, "name" | "value" | "remove") => {
                    if let Some(value) = words.next()
                        && long == "name"
                    {
                        names.push(value.as_str());
                    }
                }
                None => {}
            }
        } else {
            // A cluster of short options: `-n` and `-v` and `-x` take the rest of the word or
            // the next one.
            let cluster = &arg[1..];
            if let Some(at) = cluster.find(['n', 'v', 'x']) {
                let rest = &cluster[at + 1..];
                let value = if rest.is_empty() {
                    words.next().map(String::as_str)
                } else {
                    Some(rest)
                };
                if cluster[at..].starts_with('n')
                    && let Some(value) = value
                {
                    names.push(value);
                }
            }
        }
    }
    let named = |wanted: &str| names.iter().any(|n| n.eq_ignore_ascii_case(wanted));
    // A name the line cannot show (`-n "$N"`, `-n $(cat name)`) may be the capabilities'.
    let unshown = names
        .iter()
        .any(|n| n.contains(['$', '`']) || crate::shown_values::is_unshown(n));
    if named("security.capability") || unshown {
        return Some(
            "gives a program capabilities through its security.capability attribute (root's power under another name)",
        );
    }
    if (named("system.posix_acl_access") || named("system.posix_acl_default"))
        && operands
            .iter()
            .any(|f| is_account_file(f) || is_vital_in(ctx, f))
    {
        return Some(
            "grants access to the account database or a program the machine needs through an ACL",
        );
    }
    None
}

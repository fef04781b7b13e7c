//! Who a contained program runs as, and the `setpriv` invocation that makes it so.
//!
//! Not root: on this system's sockets the peer's user id is the authority (systemd's private
//! socket and D-Bus start and stop units for uid 0, the Docker socket hands out root), and
//! dropping capabilities changes nothing about that. So the program runs as `nobody`, with the
//! `adm` group as its primary group and `systemd-journal` as a supplementary one where they
//! exist (the logs an operator reads: `/var/log/syslog`, the journal), and one ambient
//! capability, `CAP_SYSLOG`, so that `dmesg` works where `dmesg_restrict` is set (when Warden has
//! it to hand on: a container's default capabilities lack it, and then `dmesg` fails).

use std::path::{Path, PathBuf};

/// The user every contained program runs as (the kernel's overflow user, `nobody`).
pub const CONTAINED_UID: u32 = 65534;
/// The group used when `adm` does not exist (`nogroup`).
const FALLBACK_GID: u32 = 65534;

/// A user, its primary group and supplementary groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub uid: u32,
    pub gid: u32,
    pub groups: Vec<u32>,
    /// Whether it keeps `CAP_SYSLOG` (ambient), its only capability.
    pub syslog: bool,
}

/// The gid of a group named in `/etc/group`, if any.
fn group_id(groups: &str, name: &str) -> Option<u32> {
    groups.lines().find_map(|line| {
        let mut fields = line.split(':');
        (fields.next() == Some(name))
            .then(|| fields.nth(1).and_then(|gid| gid.parse().ok()))
            .flatten()
    })
}

impl Identity {
    /// `nobody`, in `adm` and `systemd-journal` where the group file has them, with
    /// `CAP_SYSLOG` when `syslog` says Warden can hand it on.
    pub fn contained(group_file: &Path, syslog: bool) -> Identity {
        let groups = std::fs::read_to_string(group_file).unwrap_or_default();
        let adm = group_id(&groups, "adm");
        let journal = group_id(&groups, "systemd-journal");
        Identity {
            uid: CONTAINED_UID,
            gid: adm.unwrap_or(FALLBACK_GID),
            groups: adm.into_iter().chain(journal).collect(),
            syslog,
        }
    }

    /// `setpriv`'s arguments up to and including `--`: the user and groups, every capability
    /// gone from every set but `CAP_SYSLOG` (when kept), and no new privileges on exec (setuid
    /// programs such as `sudo` gain nothing).
    pub fn setpriv_args(&self) -> Vec<String> {
        let groups = if self.groups.is_empty() {
            "--clear-groups".to_owned()
        } else {
            format!(
                "--groups={}",
                self.groups
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            )
        };
        let caps = if self.syslog { "-all,+syslog" } else { "-all" };
        vec![
            format!("--reuid={}", self.uid),
            format!("--regid={}", self.gid),
            groups,
            format!("--inh-caps={caps}"),
            format!("--ambient-caps={caps}"),
            format!("--bounding-set={caps}"),
            "--no-new-privs".to_owned(),
            "--".to_owned(),
        ]
    }
}

/// The PATH every host program gets. The packaged folders come first: `/usr/local` holds what
/// was installed by hand (on Debian the `staff` group may write there), so a program placed
/// there under a packaged program's name (`/usr/local/bin/ls`) must not stand in for the one
/// the guard judged by that name; programs found only there (`kubectl`, `helm`) still run.
pub const PATH: &str = "/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/sbin:/usr/local/bin";

/// Where `program` is: itself when it names a path, else the first executable match in [`PATH`].
pub fn resolve_program(program: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let executable = |path: &Path| {
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    if program.contains('/') {
        let path = Path::new("/").join(program);
        return executable(&path).then_some(path);
    }
    PATH.split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|path| executable(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packaged_programs_are_found_before_those_installed_by_hand() {
        let dirs: Vec<&str> = PATH.split(':').collect();
        let last_packaged = dirs
            .iter()
            .rposition(|d| !d.starts_with("/usr/local/"))
            .unwrap_or_else(|| panic!("no packaged folder in {PATH}"));
        let first_by_hand = dirs
            .iter()
            .position(|d| d.starts_with("/usr/local/"))
            .unwrap_or(dirs.len());
        assert!(last_packaged < first_by_hand, "{PATH}");
        // `ls` is packaged on every machine the tests run on: it resolves outside /usr/local.
        let ls = resolve_program("ls").unwrap_or_else(|| panic!("no ls on {PATH}"));
        assert!(!ls.starts_with("/usr/local"), "{}", ls.display());
    }

    #[test]
    fn groups_come_from_the_group_file() {
        let file = tempfile::NamedTempFile::new().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(
            file.path(),
            "root:x:0:\nadm:x:4:syslog\nsystemd-journal:x:999:\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let identity = Identity::contained(file.path(), true);
        assert_eq!(
            identity,
            Identity {
                uid: 65534,
                gid: 4,
                groups: vec![4, 999],
                syslog: true,
            }
        );
        assert_eq!(
            identity.setpriv_args(),
            vec![
                "--reuid=65534",
                "--regid=4",
                "--groups=4,999",
                "--inh-caps=-all,+syslog",
                "--ambient-caps=-all,+syslog",
                "--bounding-set=-all,+syslog",
                "--no-new-privs",
                "--"
            ]
        );
        std::fs::write(file.path(), "root:x:0:\n").unwrap_or_else(|e| panic!("{e}"));
        let bare = Identity::contained(file.path(), false);
        assert_eq!((bare.gid, bare.groups.len()), (65534, 0));
        assert_eq!(
            bare.setpriv_args()[2..6],
            [
                "--clear-groups",
                "--inh-caps=-all",
                "--ambient-caps=-all",
                "--bounding-set=-all"
            ]
        );
    }

    #[test]
    fn programs_resolve_through_path_or_as_given() {
        assert_eq!(resolve_program("sh").map(|p| p.is_absolute()), Some(true));
        assert_eq!(resolve_program("/bin/sh"), Some(PathBuf::from("/bin/sh")));
        assert_eq!(resolve_program("no-such-program-here"), None);
        assert_eq!(resolve_program("/etc/passwd"), None, "not executable");
    }
}

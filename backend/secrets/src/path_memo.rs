//! [`sensitive_path`] remembered for the paths judged lately.
//!
//! Judging a path walks every table of credential files (about 140,000 instructions for an
//! ordinary path), and one tool call judges the same path several times: the guard judges the
//! path and its copy-free spelling, the file tool judges it again when it opens it, and a
//! command's output is judged with the files it read. The judgement depends on the path's text
//! alone (no file is looked at), so the verdict of a path seen lately is reused.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::Path;
use std::sync::{LazyLock, Mutex};

/// Paths remembered at most; when full, the memory starts again empty (a bound, not a policy:
/// recent paths come back at once).
const REMEMBERED: usize = 1024;
/// Longer paths are judged every time, so the memory stays small whatever it is given.
const LONGEST: usize = 512;

static VERDICTS: LazyLock<Mutex<HashMap<OsString, Option<String>>>> = LazyLock::new(Mutex::default);

/// Why `path` names a file or directory that holds credentials (its kind, for an error
/// message), or None; the same answer as judging it anew (`paths::sensitive_path`).
pub fn sensitive_path(path: &Path) -> Option<String> {
    let key = path.as_os_str();
    if key.len() > LONGEST {
        return crate::paths::sensitive_path(path);
    }
    if let Some(verdict) = VERDICTS.lock().unwrap_or_else(|p| p.into_inner()).get(key) {
        return verdict.clone();
    }
    // Judged without the lock held: a judgement takes a while, and lookups of other threads
    // need not wait for it.
    let verdict = crate::paths::sensitive_path(path);
    let mut verdicts = VERDICTS.lock().unwrap_or_else(|p| p.into_inner());
    if verdicts.len() >= REMEMBERED {
        verdicts.clear();
    }
    verdicts.insert(key.to_owned(), verdict.clone());
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_verdict_is_the_judgement_itself() {
        for path in [
            "/root/.ssh/id_rsa",
            "/var/log/syslog",
            "/etc/shadow",
            "/tmp/a.txt",
        ] {
            let path = Path::new(path);
            let first = sensitive_path(path);
            assert_eq!(first, crate::paths::sensitive_path(path), "{path:?}");
            assert_eq!(sensitive_path(path), first, "{path:?} remembered");
        }
        assert!(sensitive_path(Path::new("/root/.ssh/id_rsa")).is_some());
        assert!(sensitive_path(Path::new("/var/log/syslog")).is_none());
    }

    #[test]
    fn the_memory_stays_bounded() {
        for i in 0..REMEMBERED * 2 + 3 {
            let name = format!("/tmp/file-{i}.txt");
            assert_eq!(sensitive_path(Path::new(&name)), None);
        }
        let long = format!("/root/{}/.ssh/id_rsa", "d/".repeat(LONGEST));
        assert!(
            sensitive_path(Path::new(&long)).is_some(),
            "long paths judged"
        );
        assert!(VERDICTS.lock().unwrap().len() <= REMEMBERED);
        assert!(
            VERDICTS
                .lock()
                .unwrap()
                .keys()
                .all(|key| key.len() <= LONGEST)
        );
    }
}

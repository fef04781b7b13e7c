//! Places where a container, an agent's pod or a rescue system sees another root file system:
//! Kubernetes node agents and `kubectl debug node/…` mount the host's `/` at `/host` (node
//! exporter at `/host/root`), cAdvisor at `/rootfs`, Elastic's and Datadog's agents at
//! `/hostfs`, toolbox and distrobox at `/run/host`, dracut and rescue shells at `/sysroot`,
//! `/mnt/sysimage` or `/mnt/root`; and a running container's root file system is mounted on
//! this host below the runtime's state (containerd's and k3s's `…/io.containerd.runtime.v2.task/
//! NAMESPACE/ID/rootfs`, Docker's and Podman's `…/overlay*/ID/merged`). `/host/etc/shadow` may be
//! the host's `/etc/shadow`, `/host/proc/1/environ` its init's environment, `…/rootfs/root/…`
//! the container's root's home: a path below one of them is judged as the path it may stand for
//! too (the strictest wins). Only ever a further spelling that raises a
//! verdict: a proof about a place (that only root writes there) is never taken from the path
//! it may stand for.

use std::path::{Component, Path, PathBuf};

/// Directories another root file system is mounted at, longest first where one holds
/// another (`/host/root` before `/host`).
const HOST_ROOTS: &[&str] = &[
    "/host/root",
    "/host",
    "/hostfs",
    "/host-root",
    "/rootfs",
    "/run/host",
    "/mnt/host",
    "/mnt/root",
    "/mnt/sysimage",
    "/sysroot",
    // Containers' root file systems (a component may hold `*`).
    "/run/containerd/io.containerd.runtime.v2.task/*/*/rootfs",
    "/run/containerd/io.containerd.runtime.v1.linux/*/*/rootfs",
    "/run/k3s/containerd/io.containerd.runtime.v2.task/*/*/rootfs",
    "/var/lib/docker/overlay2/*/merged",
    "/var/lib/containers/storage/overlay/*/merged",
];

/// `path` below the mount `root` (whose components may hold `*`): what lies below it.
fn below<'a>(path: &'a Path, root: &str) -> Option<&'a Path> {
    let mut rest = path.components();
    for want in Path::new(root).components() {
        let have = rest.next()?;
        let matched = match (want, have) {
            (Component::Normal(want), Component::Normal(name)) => {
                crate::glob::matches(&want.to_string_lossy(), &name.to_string_lossy())
            }
            (want, have) => want == have,
        };
        if !matched {
            return None;
        }
    }
    Some(rest.as_path())
}

/// Bounds the readings of one path (`/host/rootfs/host/…` strips one mount at a time).
const MOST_MOUNTS: usize = 4;

/// Every path `path` (absolute, lexically normal) may stand for through the mounts of
/// [`HOST_ROOTS`], one mount stripped at a time and each prefix that matches read on its own:
/// `/host/root/etc/shadow` is `/root/etc/shadow` (`/` at `/host`) and `/etc/shadow` (`/` at
/// `/host/root`). Empty when no such mount holds it.
pub(super) fn host_spellings(path: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut next = vec![path.to_path_buf()];
    for _ in 0..MOST_MOUNTS {
        let mut deeper = Vec::new();
        for current in &next {
            for root in HOST_ROOTS {
                if let Some(rest) = below(current, root) {
                    let inside = Path::new("/").join(rest);
                    if !found.contains(&inside) {
                        found.push(inside.clone());
                        deeper.push(inside);
                    }
                }
            }
        }
        if deeper.is_empty() {
            break;
        }
        next = deeper;
    }
    found
}

/// The path `path` stands for when every mount of [`HOST_ROOTS`] on its way is the host's
/// `/`, the longest first (`/host/root/etc` is `/etc`); None when none holds it.
pub(super) fn host_path(path: &Path) -> Option<PathBuf> {
    let mut current = path.to_path_buf();
    let mut changed = false;
    for _ in 0..MOST_MOUNTS {
        let Some(rest) = HOST_ROOTS.iter().find_map(|root| below(&current, root)) else {
            break;
        };
        current = Path::new("/").join(rest);
        changed = true;
    }
    changed.then_some(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounts_of_another_root_are_read_as_that_root() {
        let all = |p: &str| host_spellings(Path::new(p));
        assert_eq!(all("/host/etc/shadow"), vec![PathBuf::from("/etc/shadow")]);
        assert_eq!(
            all("/host/root/etc/shadow"),
            vec![
                PathBuf::from("/etc/shadow"),
                PathBuf::from("/root/etc/shadow")
            ]
        );
        assert_eq!(all("/run/host"), vec![PathBuf::from("/")]);
        assert_eq!(
            all("/rootfs/hostfs/proc/1/environ"),
            vec![
                PathBuf::from("/hostfs/proc/1/environ"),
                PathBuf::from("/proc/1/environ")
            ]
        );
        for plain in [
            "/hostname",
            "/etc/host/x",
            "/srv/host/etc",
            "/root/x",
            "/run/hosts",
        ] {
            assert!(all(plain).is_empty(), "{plain}");
        }
        assert_eq!(
            host_path(Path::new("/host/root/etc")),
            Some(PathBuf::from("/etc"))
        );
        assert_eq!(host_path(Path::new("/sysroot")), Some(PathBuf::from("/")));
        assert_eq!(
            all("/run/containerd/io.containerd.runtime.v2.task/k8s.io/0a1b/rootfs/root/x"),
            vec![PathBuf::from("/root/x")]
        );
        assert_eq!(
            all("/var/lib/docker/overlay2/0a1b/merged/proc/1/environ"),
            vec![PathBuf::from("/proc/1/environ")]
        );
        for plain in [
            "/run/containerd/io.containerd.runtime.v2.task/k8s.io/0a1b/config.json",
            "/var/lib/docker/overlay2/0a1b/diff/etc",
        ] {
            assert!(all(plain).is_empty(), "{plain}");
        }
        assert_eq!(host_path(Path::new("/etc/hosts")), None);
    }
}

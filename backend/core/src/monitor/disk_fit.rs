//! Whether the disk runbook (Docker's build cache and dangling images pruned) fits what fills a
//! full mount. A filesystem held in memory (`tmpfs` at `/dev/shm` or `/run`, `ramfs`,
//! `devtmpfs`) fills with files programs wrote there, never with Docker's images, so pruning
//! Docker frees nothing on it: it is reported, with what to look at, and not repaired. The one
//! exception is the mount that holds Docker's data root itself (a CI host that keeps
//! `/var/lib/docker` on a `tmpfs`), where the prune frees what it frees anywhere. That root is
//! the daemon's own (`docker info`'s `DockerRootDir`, read with the containers): a `data-root`
//! moved to `/mnt/ram/docker` makes that tmpfs the one the prune frees, and `/var/lib/docker`
//! then holds nothing of Docker's.

use super::readings::DiskReading;

/// Where Docker keeps its images and build cache unless its `data-root` says otherwise (and
/// where it is taken to be when the daemon did not say).
pub const DEFAULT_DATA_ROOT: &str = "/var/lib/docker";

/// The daemon's data root as read (`data_root`: `DockerRootDir`), else Docker's default. A root
/// written with a trailing slash or spaces is the same directory.
fn data_root(read: Option<&str>) -> &str {
    read.map(str::trim)
        .filter(|root| root.starts_with('/'))
        .map(|root| match root.trim_end_matches('/') {
            "" => "/",
            trimmed => trimmed,
        })
        .unwrap_or(DEFAULT_DATA_ROOT)
}

/// Whether `path` lies at or below `mount_point` (`/` holds everything; `/var` holds
/// `/var/lib/docker`, `/va` does not).
fn holds(mount_point: &str, path: &str) -> bool {
    let mount = mount_point.trim_end_matches('/');
    mount.is_empty()
        || path == mount
        || path
            .strip_prefix(mount)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The mount among `disks` that holds Docker's data root `root`: the deepest one above it.
fn docker_mount<'a>(disks: &'a [DiskReading], root: &str) -> Option<&'a str> {
    disks
        .iter()
        .map(|d| d.mount_point.as_str())
        .filter(|m| holds(m, root))
        .max_by_key(|m| m.trim_end_matches('/').len())
}

/// Why the disk runbook does not fit `disk` (one of this sweep's `disks`), or None when it may.
/// `root`: the daemon's data root as this sweep read it (None: not read, Docker's default).
pub fn prune_misfit(
    disk: &DiskReading,
    disks: &[DiskReading],
    root: Option<&str>,
) -> Option<String> {
    let filesystem = disk.filesystem.as_deref()?;
    if !warden_protocol::mounts::is_memory_backed(filesystem) {
        return None;
    }
    if docker_mount(disks, data_root(root)) == Some(disk.mount_point.as_str()) {
        return None;
    }
    Some(format!(
        "{} is a {filesystem} filesystem held in memory: what fills it is files programs wrote \
         there (shared memory segments, sockets, runtime state), not Docker's images or build \
         cache, so pruning Docker frees nothing on it; see what fills it (du -x {}), or give it \
         more room (mount -o remount,size=...)",
        disk.mount_point, disk.mount_point
    ))
}

/// Why the disk runbook does not fit the disk an alert's `labels` name (a `reclaim_docker`
/// rule's alert, `target` the value of the rule's label), or None when it may run. The mount is
/// the alert's `mountpoint` label (node_exporter's), else the target; its type is this sweep's
/// reading of that mount, else the alert's `fstype` label: a mount held in memory, or one this
/// host reads mounted read-only, frees nothing when Docker is pruned.
pub fn alert_prune_misfit(
    labels: &std::collections::BTreeMap<String, String>,
    target: &str,
    disks: &[DiskReading],
    root: Option<&str>,
) -> Option<String> {
    let label = |key: &str| {
        labels
            .get(key)
            .map(|value| value.trim())
            .filter(|value| !value.is_empty())
    };
    let mount = label("mountpoint").unwrap_or(target.trim());
    if let Some(disk) = disks.iter().find(|d| d.mount_point == mount) {
        if disk.read_only {
            return Some(format!(
                "{mount} is mounted read-only: nothing can be freed on it, so Docker is not pruned"
            ));
        }
        return prune_misfit(disk, disks, root);
    }
    let filesystem = label("fstype")?;
    // Not read here (another host's alert, or a mount this host does not watch): the alert's
    // own word on its type, the mount holding Docker's data root still pruned.
    let alone = DiskReading {
        mount_point: mount.to_owned(),
        used_percent: 100.0,
        available_bytes: 0,
        unavailable_percent: None,
        filesystem: Some(filesystem.to_ascii_lowercase()),
        read_only: false,
    };
    if holds(mount, data_root(root)) {
        return None;
    }
    prune_misfit(&alone, std::slice::from_ref(&alone), root)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disk(mount_point: &str, filesystem: Option<&str>) -> DiskReading {
        DiskReading {
            mount_point: mount_point.to_owned(),
            used_percent: 100.0,
            available_bytes: 0,
            unavailable_percent: None,
            filesystem: filesystem.map(str::to_owned),
            read_only: false,
        }
    }

    #[test]
    fn memory_backed_mounts_are_no_place_for_the_docker_prune() {
        let disks = vec![
            disk("/", Some("ext4")),
            disk("/dev/shm", Some("tmpfs")),
            disk("/run", Some("TMPFS")),
            disk("/dev", Some("devtmpfs")),
            disk("/mnt/ram", Some("ramfs")),
            disk("/data", Some("xfs")),
            disk("/old", None),
        ];
        for (i, expect_misfit) in [false, true, true, true, true, false, false]
            .into_iter()
            .enumerate()
        {
            assert_eq!(
                prune_misfit(&disks[i], &disks, None).is_some(),
                expect_misfit,
                "{}",
                disks[i].mount_point
            );
        }
        assert!(
            prune_misfit(&disks[1], &disks, None)
                .unwrap()
                .contains("/dev/shm is a tmpfs filesystem held in memory")
        );
    }

    #[test]
    fn an_alert_about_a_mount_held_in_memory_or_read_only_prunes_nothing() {
        let labels = |pairs: &[(&str, &str)]| -> std::collections::BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        let mut archive = disk("/archive", Some("ext4"));
        archive.read_only = true;
        let disks = vec![
            disk("/", Some("ext4")),
            disk("/run", Some("tmpfs")),
            archive,
        ];
        for (pairs, target, misfit) in [
            // node_exporter's labels, the mount not read here.
            (
                vec![("mountpoint", "/dev/shm"), ("fstype", "tmpfs")],
                "/dev/shm",
                true,
            ),
            (
                vec![("mountpoint", " /tmp "), ("fstype", "TMPFS")],
                "web1",
                true,
            ),
            (
                vec![("mountpoint", "/data"), ("fstype", "xfs")],
                "/data",
                false,
            ),
            (vec![("mountpoint", "/"), ("fstype", "tmpfs")], "/", false),
            // Read here: the reading's type and flag decide, whatever the labels say.
            (
                vec![("mountpoint", "/run"), ("fstype", "ext4")],
                "/run",
                true,
            ),
            (vec![], "/run", true),
            (vec![("mountpoint", "/archive")], "/archive", true),
            (vec![("mountpoint", "/")], "/", false),
            // Nothing said of its type: pruned as before.
            (vec![("instance", "web1")], "web1", false),
        ] {
            assert_eq!(
                alert_prune_misfit(&labels(&pairs), target, &disks, None).is_some(),
                misfit,
                "{pairs:?} {target}"
            );
        }
    }

    #[test]
    fn a_tmpfs_holding_dockers_data_root_is_still_pruned() {
        let disks = vec![
            disk("/", Some("ext4")),
            disk("/var/lib/docker", Some("tmpfs")),
            disk("/var/lib/dockerish", Some("tmpfs")),
        ];
        assert_eq!(prune_misfit(&disks[1], &disks, None), None);
        assert!(prune_misfit(&disks[2], &disks, None).is_some());
        // A live system's root on tmpfs holds /var/lib/docker.
        let live = vec![disk("/", Some("tmpfs")), disk("/dev/shm", Some("tmpfs"))];
        assert_eq!(prune_misfit(&live[0], &live, None), None);
        assert!(prune_misfit(&live[1], &live, None).is_some());
    }

    #[test]
    fn the_daemons_own_data_root_decides_which_mount_a_prune_frees() {
        // dockerd --data-root /mnt/ram/docker: that tmpfs holds the images, /var/lib/docker
        // (on a tmpfs of its own here) holds nothing of Docker's.
        let disks = vec![
            disk("/", Some("ext4")),
            disk("/mnt/ram", Some("tmpfs")),
            disk("/var/lib/docker", Some("tmpfs")),
            disk("/dev/shm", Some("tmpfs")),
        ];
        for root in [
            Some("/mnt/ram/docker"),
            Some(" /mnt/ram/docker/ "),
            Some("/mnt/ram"),
        ] {
            assert_eq!(prune_misfit(&disks[1], &disks, root), None, "{root:?}");
            assert!(prune_misfit(&disks[2], &disks, root).is_some(), "{root:?}");
            assert!(prune_misfit(&disks[3], &disks, root).is_some(), "{root:?}");
        }
        // Not read, or no path: Docker's default.
        for root in [None, Some(""), Some("  "), Some("docker")] {
            assert!(prune_misfit(&disks[1], &disks, root).is_some(), "{root:?}");
            assert_eq!(prune_misfit(&disks[2], &disks, root), None, "{root:?}");
        }
        // A root of / itself is held by the root mount only.
        assert!(prune_misfit(&disks[1], &disks, Some("/")).is_some());

        // An alert about a mount this host does not read, with node_exporter's fstype.
        let labels: std::collections::BTreeMap<String, String> = [
            ("mountpoint".to_owned(), "/srv/docker".to_owned()),
            ("fstype".to_owned(), "tmpfs".to_owned()),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            alert_prune_misfit(&labels, "/srv/docker", &[], Some("/srv/docker/data")),
            None
        );
        assert!(alert_prune_misfit(&labels, "/srv/docker", &[], None).is_some());
        let labels: std::collections::BTreeMap<String, String> = [
            ("mountpoint".to_owned(), "/var/lib/docker".to_owned()),
            ("fstype".to_owned(), "tmpfs".to_owned()),
        ]
        .into_iter()
        .collect();
        assert!(
            alert_prune_misfit(&labels, "/var/lib/docker", &[], Some("/srv/docker/data")).is_some()
        );
        // Read here: the sweep's reading and the root it read.
        assert_eq!(
            alert_prune_misfit(
                &std::collections::BTreeMap::new(),
                "/mnt/ram",
                &disks,
                Some("/mnt/ram/docker")
            ),
            None
        );
    }
}

//! Commands a container runs on the host's own files: `docker run -v /:/host IMAGE rm -rf
//! /host` deletes the host's root, as `kubectl debug node/N -- chroot /host …` does on a node
//! (its root is mounted at /host). Each command the container may run (every suffix after a
//! word that may be the image: options are not all known) is judged with the mount point
//! written as the host directory it shows; a forbidden one makes the line forbidden. Mounting
//! alone is judged as before (high).

use crate::normalize::base_name;

/// The host lines a container started by `words` may run on mounted host directories.
pub fn host_lines(words: &[String]) -> Vec<String> {
    let Some((first, rest)) = words.split_first() else {
        return Vec::new();
    };
    let program = base_name(first);
    let mounts = match program.as_str() {
        "docker" | "podman" | "nerdctl"
            if rest
                .iter()
                .find(|w| !w.starts_with('-'))
                .is_some_and(|verb| matches!(verb.as_str(), "run" | "create" | "container")) =>
        {
            bind_mounts(rest)
        }
        "kubectl"
            if rest.iter().any(|w| w == "debug") && rest.iter().any(|w| w.starts_with("node/")) =>
        {
            vec![("/".to_owned(), "/host".to_owned())]
        }
        _ => return Vec::new(),
    };
    let mounts: Vec<(String, String)> = mounts
        .into_iter()
        .filter(|(source, _)| crate::programs::destroy::is_system_tree(source))
        .collect();
    if mounts.is_empty() {
        return Vec::new();
    }
    let mut lines = Vec::new();
    for (at, word) in rest.iter().enumerate() {
        if word.starts_with('-') {
            continue;
        }
        let command: Vec<String> = rest[at + 1..]
            .iter()
            .map(|w| {
                mounts
                    .iter()
                    .fold(w.clone(), |w, (source, target)| on_host(&w, source, target))
            })
            .collect();
        if command.is_empty() {
            continue;
        }
        lines.push(shlex::try_join(command.iter().map(String::as_str)).unwrap_or_default());
    }
    lines
}

/// `-v SRC:DST[:opts]`, `--volume=SRC:DST`, `--mount type=bind,source=SRC,target=DST`.
fn bind_mounts(args: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut iter = args.iter();
    while let Some(word) = iter.next() {
        let value = match word.as_str() {
            "-v" | "--volume" | "--mount" => iter.next().cloned(),
            w if w.starts_with("--volume=") || w.starts_with("--mount=") => {
                w.split_once('=').map(|(_, v)| v.to_owned())
            }
            w if w.starts_with("-v") && w.len() > 2 => Some(w[2..].to_owned()),
            _ => None,
        };
        let Some(value) = value else { continue };
        if value.contains("target=") || value.contains("dst=") || value.contains("destination=") {
            let field = |names: &[&str]| {
                value.split(',').find_map(|kv| {
                    kv.split_once('=')
                        .filter(|(k, _)| names.contains(k))
                        .map(|(_, v)| v.to_owned())
                })
            };
            if let (Some(source), Some(target)) = (
                field(&["source", "src"]),
                field(&["target", "dst", "destination"]),
            ) {
                out.push((source, target));
            }
        } else {
            let mut parts = value.split(':');
            if let (Some(source), Some(target)) = (parts.next(), parts.next()) {
                out.push((source.to_owned(), target.to_owned()));
            }
        }
    }
    out
}

/// `word` with the mount point `target` written as the host's `source` wherever a path starts
/// with it (`/host`, `/host/etc`, `'rm -rf /host/*'`).
fn on_host(word: &str, source: &str, target: &str) -> String {
    let target = target.trim_end_matches('/');
    if target.is_empty() {
        return word.to_owned();
    }
    let source = source.trim_end_matches('/');
    let mut out = String::new();
    let mut rest = word;
    while let Some(at) = rest.find(target) {
        let before_ok = at == 0 || rest[..at].ends_with([' ', '\'', '"', '=', '(']);
        let after = &rest[at + target.len()..];
        let after_ok = after.is_empty() || after.starts_with(['/', ' ', '*', '\'', '"', ';', ')']);
        out.push_str(&rest[..at]);
        if before_ok && after_ok {
            out.push_str(if source.is_empty() && !after.starts_with('/') {
                "/"
            } else {
                source
            });
        } else {
            out.push_str(target);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::host_lines;

    fn words(line: &str) -> Vec<String> {
        shlex::split(line).unwrap_or_default()
    }

    #[test]
    fn a_mounted_host_root_is_the_hosts_root() {
        let lines = host_lines(&words("docker run -v /:/host alpine rm -rf /host"));
        assert!(lines.contains(&"rm -rf /".to_owned()), "{lines:?}");
        let lines = host_lines(&words(
            "docker run --rm -v /etc:/mnt busybox sh -c 'rm -rf /mnt/*'",
        ));
        assert!(
            lines.iter().any(|l| l.contains("rm -rf /etc/*")),
            "{lines:?}"
        );
        assert!(host_lines(&words("docker run -v /srv/app:/app alpine rm -rf /app")).is_empty());
        assert!(host_lines(&words("docker ps")).is_empty());
    }
}

//! Process managers' definitions of the programs they start, wherever an application keeps
//! them: pm2's ecosystem files (`env: { DB_PASSWORD: … }`) and its saved process list
//! (`~/.pm2/dump.pm2`, every process's whole environment, what `pm2 env N` prints), circus'
//! `circus.ini` (`[env:app]`), god's `*.god` (`w.env = {…}`), the `Procfile` foreman, honcho
//! and overmind start (`web: app -P SECRET`), uWSGI's vassals (`env = SECRET_KEY=…`),
//! gunicorn's settings (`raw_env`), nodemon's (`"env": {…}`) and nomad's job files (`env {}`,
//! `template {}`), and the kubelet's static pods (`/etc/kubernetes/manifests`). Reading one is judged as reading supervisord's programs is
//! (`clear_credentials.rs`): high on both paths.

use std::path::Path;

use super::uncontained::inside;

/// Directories holding such definitions, each with everything below it.
const PLACES: &[&str] = &[
    "/etc/circus",
    "/etc/circus.ini",
    "/etc/god",
    "/etc/uwsgi",
    "/etc/uwsgi.d",
    "/etc/gunicorn.d",
    // The kubelet's static pods (kubeadm's control plane; k3s' own), pod specifications with
    // their containers' `env` and `command`, as `kubectl get pod -o yaml` prints them; k3s'
    // auto-deployed manifests (Helm values among them).
    "/etc/kubernetes/manifests",
    "/var/lib/rancher/k3s/agent/pod-manifests",
    "/var/lib/rancher/k3s/server/manifests",
];

/// File names of such definitions, in any directory.
const NAMES: &[&str] = &[
    "circus.ini",
    "Procfile",
    "uwsgi.ini",
    "gunicorn.conf.py",
    "nodemon.json",
    "pm2.json",
    "pm2.config.js",
    "process.json",
    "processes.json",
];

/// The extensions pm2 reads an ecosystem file in (`ecosystem.config.js`, `ecosystem.json`).
const ECOSYSTEM_EXTENSIONS: &[&str] = &[
    "config.js",
    "config.cjs",
    "config.mjs",
    "js",
    "cjs",
    "json",
    "json5",
    "yml",
    "yaml",
];

/// The files pm2 keeps in its home (`~/.pm2`) with the processes' environments or settings.
const PM2_STATE: &[&str] = &["dump.pm2", "dump.pm2.bak", "module_conf.json", "conf.js"];

/// One file of each kind, for judging a wildcard by what it may expand to.
pub(super) const SAMPLE_NAMES: &[&str] = &[
    "ecosystem.config.js",
    "circus.ini",
    "Procfile",
    "app.god",
    "uwsgi.ini",
    "gunicorn.conf.py",
    "nodemon.json",
    "job.nomad",
    "dump.pm2",
];

/// Whether `path` (absolute or relative, lexically normal) is a process manager's definition
/// of the programs it starts.
pub(super) fn process_definition(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    let in_pm2_home = path
        .parent()
        .and_then(|dir| dir.file_name())
        .is_some_and(|dir| dir == ".pm2");
    PLACES.iter().any(|place| inside(path, place))
        || NAMES.contains(&name)
        || name.starts_with("Procfile.")
        || name.strip_prefix("ecosystem.").is_some_and(|extension| {
            ECOSYSTEM_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
        })
        || name.ends_with(".god")
        || name.ends_with(".nomad")
        || name.ends_with(".nomad.hcl")
        || name.starts_with("dump.pm2")
        || in_pm2_home && PM2_STATE.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_of_the_programs_a_manager_starts() {
        for path in [
            "/srv/app/ecosystem.config.js",
            "ecosystem.config.cjs",
            "/home/deploy/app/ecosystem.json",
            "/home/deploy/.pm2/dump.pm2",
            "/root/.pm2/dump.pm2.bak",
            "/home/deploy/.pm2/module_conf.json",
            "/etc/circus/circus.ini",
            "/srv/app/circus.ini",
            "/etc/god/app.god",
            "/srv/app/config/app.god",
            "/srv/app/Procfile",
            "/srv/app/Procfile.dev",
            "/etc/uwsgi/apps-enabled/app.ini",
            "/srv/app/uwsgi.ini",
            "/srv/app/gunicorn.conf.py",
            "/srv/app/nodemon.json",
            "/srv/jobs/web.nomad",
            "/srv/jobs/web.nomad.hcl",
            "/etc/kubernetes/manifests/kube-apiserver.yaml",
            "/var/lib/rancher/k3s/server/manifests/traefik.yaml",
        ] {
            assert!(process_definition(Path::new(path)), "{path}");
        }
        for path in [
            "/srv/app/package.json",
            "/srv/app/webpack.config.js",
            "/srv/app/ecosystem.md",
            "/home/deploy/.pm2/logs/app-out.log",
            "/srv/app/src/godot.rs",
            "/etc/nginx/nginx.conf",
            "/etc/kubernetes/pki/ca.crt",
        ] {
            assert!(!process_definition(Path::new(path)), "{path}");
        }
    }
}

//! Reading a secret file of any kind the redaction knows by name is never low, whatever program
//! reads it and however: printed (`cat`, `head`, `grep`, `less`), copied (`cp`, `tar c`,
//! `docker cp`), encoded (`base64`, `xxd`), found (`find -name X -exec cat`), inside a container
//! (`docker exec`) or on another host (`ssh`). The names are the twenty-ninth and thirtieth
//! reviews' kinds: `creds` files, scripts of secrets, dotfiles named by a key's extension,
//! ASP.NET's transforms, servers' folders under `etc` without `.d`, folders of keys, `id_`
//! keys, tools' logins and servers' databases.

use pretty_assertions::assert_eq;
use warden_policy::{RiskLevel, classify_command};

/// Secret files, one of each kind.
const SECRET_FILES: &[&str] = &[
    "/etc/samba/creds",
    "/root/db_creds",
    "/srv/app/secrets.sh",
    "/srv/app/prod-secrets.sh",
    "/home/alice/.kdbx",
    "/home/alice/.p12",
    "/srv/app/Web.Release.config",
    "/srv/app/sentry.properties",
    "/etc/vault/config.hcl",
    "/etc/boundary/controller.hcl",
    "/srv/ssh-keys/prod",
    "/srv/certs/id_github",
    "/home/alice/.apptainer/remote.yaml",
    "/var/lib/drone/drone.sqlite",
    "/etc/pgbouncer/pgbouncer.ini",
    "/etc/patroni/config.yml",
    "/home/alice/.cloudsigma.conf",
    // A homelab's, an inference box's and a company server's (the thirty-first review): a
    // Servarr app's database, Jupyter's and JupyterHub's settings, a tool's settings named
    // for it, Consul's and Nomad's data, Vaultwarden's volume, NGC's CLI, Duplicati's
    // database where its container mounts it, OpenVPN Access Server's and Unraid's stores.
    "/config/sonarr.db",
    "/var/lib/prowlarr/prowlarr.db",
    "/home/alice/.jupyter/jupyter_lab_config.py",
    "/srv/hub/jupyterhub_config.py",
    "/srv/llm/litellm_config.yaml",
    "/opt/consul/data/serf/local.keyring",
    "/opt/nomad/data/server/raft/raft.db",
    "/vw-data/db.sqlite3",
    "/home/alice/.ngc/config",
    "/config/Duplicati-server.sqlite",
    "/usr/local/openvpn_as/etc/db/userprop.db",
    "/boot/config/plugins/dynamix.my.servers/myservers.cfg",
    "/etc/zabbix/zabbix_proxy.conf",
    "/opt/mlflow/basic_auth.ini",
    "/config/.storage/auth",
    "/etc/pve/priv/token.cfg",
    "/etc/nut/upsmon.conf",
    "/etc/nagios/resource.cfg",
    "/var/lib/samba/private/passdb.tdb",
    "/etc/postfix/sasl_passwd",
    "/home/alice/.local/share/jupyter/runtime/kernel-1234.json",
    "/home/alice/.kaggle/kaggle.json",
    "/home/alice/.node-red/flows_cred.json",
    // Serverless GPU clouds' keys, GitLab's Gitaly token, oVirt's and OpenMediaVault's
    // database logins.
    "/home/alice/.beam/config.ini",
    "/home/alice/.cerebrium/config.yaml",
    "/home/alice/.trussrc",
    "/var/opt/gitlab/gitaly/config.toml",
    "/etc/ovirt-engine/engine.conf.d/10-setup-database.conf",
    "/etc/openmediavault/config.xml",
    // ML platforms' logins and keys: LiteLLM's proxy settings, BentoML's Yatai contexts,
    // SkyPilot's SSH key, dstack's projects and server, ZenML's server token, Harbor's CLI,
    // drone's Docker runner.
    "/home/alice/.config/litellm/proxy_config.yaml",
    "/home/alice/.bentoml/.yatai.yaml",
    "/home/alice/.sky/ssh/sky-key",
    "/home/alice/.dstack/config.yml",
    "/root/.dstack/server/config.yml",
    "/home/alice/.config/zenml/config.yaml",
    "/home/alice/.config/harbor-cli/config.yaml",
    "/etc/drone-runner-docker/config",
    // DVC's global and system settings, which `dvc remote modify --global` fills with a
    // remote's keys.
    "/home/alice/.config/dvc/config",
    "/etc/xdg/dvc/config",
    // Kinds known before, for comparison.
    "/root/.pgpass",
    "/srv/app/.env.production.local",
    "/etc/wireguard/wg-office.conf",
    // ML tools' keys: BentoML's logins in its default home, Lamini's key, Ultralytics'
    // settings (its HUB key), RunPod's CLI settings before and after their move.
    "/home/alice/bentoml/.yatai.yaml",
    "/home/alice/.lamini/configure.yaml",
    "/home/alice/.config/Ultralytics/settings.json",
    "/root/.runpod.yaml",
    "/root/.runpod/.runpod.yaml",
    // Read through `find | xargs`, sed, awk and loops (the thirty-seventh review).
    "/etc/rsyncd.secrets",
    "/root/.pgpass",
    "/root/.vault-token",
    "/home/alice/.netrc",
    "/etc/postfix/sasl_passwd",
    // Backup, cloud, version control and deployment tools' logins (the fortieth review).
    "/etc/wal-g.json",
    "/root/.cntb.yaml",
    "/root/.cvspass",
    "/captain/data/config-captain.json",
    "/root/.config/yandex-cloud/config.yaml",
    "/root/.config/attic/config.toml",
    "/home/dokku/myapp/ENV",
    "/root/.akeyless/profiles/default.toml",
    // A homelab's and its servers' tools (the forty-second review): rabbitmqadmin's logins,
    // Zigbee2MQTT's network key, Unpackerr's and Recyclarr's API keys, ClickHouse client's
    // YAML settings, Home Assistant's phone registrations, Telegraf's environment, a FIPS
    // keystore, TinySSH's host keys.
    "/home/alice/.rabbitmqadmin.conf",
    "/srv/z2m/data/coordinator_backup.json",
    "/config/unpackerr.conf",
    "/config/recyclarr.yml",
    "/home/alice/.clickhouse-client/config.yaml",
    "/config/.storage/mobile_app",
    "/etc/default/telegraf",
    "/opt/app/keystore.bcfks",
    "/etc/tinyssh/sshkeydir/.ed25519.sk",
];

/// The ways of reading `path`, each a command line.
fn readings(path: &str) -> Vec<String> {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("/", path));
    let dir = if dir.is_empty() { "/" } else { dir };
    vec![
        format!("cat '{path}'"),
        format!("head -n 5 '{path}'"),
        format!("grep -i pass '{path}'"),
        format!("less '{path}'"),
        format!("cp '{path}' /tmp/x"),
        format!("base64 '{path}'"),
        format!("xxd '{path}'"),
        format!("tar c '{path}'"),
        format!("find '{dir}' -name '{name}' -exec cat {{}} +"),
        format!("docker cp web:'{path}' /tmp/x"),
        format!("docker exec web cat '{path}'"),
        format!("ssh db1 cat '{path}'"),
        // Read through another program: the names `find` or `echo` hands to xargs, a
        // script of sed or awk that prints every line, a loop given the file on its input.
        format!("find '{dir}' -name '{name}' -exec cat {{}} \\;"),
        format!("find '{dir}' -name '{name}' | xargs cat"),
        format!("find '{dir}' -name '{name}' -print0 | xargs -0 grep -i pass"),
        format!("echo '{path}' | xargs cat"),
        format!("xargs -a '{path}' echo"),
        format!("sed -n p '{path}'"),
        format!("awk 1 '{path}'"),
        format!("head -n 100 '{path}'"),
        format!("while read l; do echo \"$l\"; done < '{path}'"),
    ]
}

#[test]
fn reading_a_secret_file_is_never_low() {
    let low: Vec<String> = SECRET_FILES
        .iter()
        .flat_map(|path| readings(path))
        .filter_map(|line| {
            let verdict = classify_command(&line);
            (verdict.level <= RiskLevel::Medium)
                .then(|| format!("{line}: {:?} ({})", verdict.level, verdict.reason))
        })
        .collect();
    assert_eq!(low, Vec::<String>::new());
}

#[test]
fn their_public_neighbours_stay_readable() {
    let cases = [
        "cat /srv/ssh-keys/prod.pub",
        "cat /srv/certs/id_github.pub",
        "cat /srv/app/scripts/rotate-secrets.sh",
        "cat /etc/ssh/sshd_config",
        // GnuPG's trust database and public keyring, a certificate chain beside its key.
        "cat /home/alice/.gnupg/trustdb.gpg",
        "cat /home/alice/.gnupg/pubring.kbx",
        "cat /etc/letsencrypt/live/example.com/fullchain.pem",
        "cat /opt/immich/.env.example",
        "cat /config/logs.db",
        "cat /home/alice/.sky/ssh/sky-key.pub",
        "cat /srv/app/proxy_config.yaml",
        // Public keys and Diffie-Hellman parameters by their names, APT's keyrings and
        // GnuPG's settings (the forty-second review).
        "cat /srv/vpn/keys/wg0-public.key",
        "cat /etc/nginx/dhparam.pem",
        "cat /etc/letsencrypt/ssl-dhparams.pem",
        "gpg --show-keys /usr/share/keyrings/docker.gpg",
        "cat /home/alice/.gnupg/gpg.conf",
    ];
    let refused: Vec<&str> = cases
        .iter()
        .copied()
        .filter(|line| classify_command(line).level >= RiskLevel::High)
        .collect();
    assert_eq!(refused, Vec::<&str>::new());
}

/// Handing a secret file's name to a program that only describes files (`ls -l`, `wc -c`,
/// `sha256sum`) reads nothing of it, and a pattern that starts with a wildcard (`*.conf`)
/// names no secret file: neither is held as a read of one.
#[test]
fn describing_files_through_xargs_is_no_read() {
    let cases = [
        "find /etc -name rsyncd.secrets | xargs ls -l",
        "echo /root/.pgpass | xargs stat",
        "find /root -name .netrc | xargs sha256sum",
        "find /etc -name '*.conf' | xargs grep -l listen",
        "echo /etc/hostname | xargs cat",
        "while read l; do echo \"$l\"; done < /etc/hosts",
    ];
    let held: Vec<String> = cases
        .iter()
        .filter_map(|line| {
            let verdict = classify_command(line);
            (verdict.level >= RiskLevel::High)
                .then(|| format!("{line}: {:?} ({})", verdict.level, verdict.reason))
        })
        .collect();
    assert_eq!(held, Vec::<String>::new());
}

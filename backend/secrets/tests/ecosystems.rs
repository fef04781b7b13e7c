//! Secret files and secret text met across ecosystems (cloud and cluster CLIs, registries,
//! databases, VPNs, password stores, mail clients, application settings), each kind with
//! ordinary look-alikes that must stay readable.

use pretty_assertions::assert_eq;
use std::path::Path;

use warden_secrets::sensitive_path;

fn missed_paths(paths: &[&str], secret: bool) -> Vec<String> {
    paths
        .iter()
        .filter(|p| sensitive_path(Path::new(p)).is_some() != secret)
        .map(|p| (*p).to_owned())
        .collect()
}

#[test]
fn client_settings_copied_out_of_their_directories_are_refused() {
    let missed = missed_paths(
        &[
            "/srv/backup/docker/config.json",
            "/home/u/.op/config",
            "/home/u/.netlify/config.json",
            "/home/u/.expo/state.json",
            "/srv/backup/kube/cache/http/abc",
            "/home/u/.config/msmtp/config",
            "/home/u/.config/offlineimap/config",
            "/home/u/.config/isync/config",
            "/home/u/.config/pgcli/config",
            "/etc/pki/private/x",
            "/etc/maven/settings.xml",
            "/opt/maven/conf/settings.xml",
            "/home/u/.config/1Password/1password.sqlite",
            "/home/u/.config/1Password/settings/settings.json",
            "/srv/backup/service_principal_entries.json",
            "/home/u/.myclirc",
            "/home/u/.robo3t/robo3t.json",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new(), "should be sensitive");
}

#[test]
fn secret_names_in_other_spellings_are_refused() {
    let missed = missed_paths(
        &[
            // WireGuard configurations named for the tunnel in any place of the name.
            "/srv/backup/wireguard.conf",
            "/srv/backup/home-wg.conf",
            "/srv/backup/office_wg.conf",
            // Rails' per-environment credentials.
            "/srv/app/config/credentials/production.yml.enc",
            "/srv/app/config/credentials/staging.yml.enc",
            // Keys named for what they open, saved as text or binary.
            "/srv/backup/age-key.txt",
            "/srv/backup/deploy_key.txt",
            "/srv/backup/ssh-key.bin",
            // Secret dotfiles and keys saved with a `.txt` added.
            "/srv/backup/pgpass.txt",
            "/srv/backup/netrc.txt",
            "/srv/backup/id_rsa.txt",
            "/srv/backup/shadow.txt",
            "/srv/backup/git-credentials.txt",
            // Versioned copies.
            "/home/u/.config/jfrog/jfrog-cli.conf.v6",
            "/srv/backup/.pgpass.v2",
            // Passphrase files by extension, AWS key pairs by name, Neovim's history.
            "/srv/backup/borg.passphrase",
            "/srv/backup/repo.passphrase",
            "/srv/backup/aws_keys.csv",
            "/home/u/.local/share/nvim/shada/main.shada",
        ],
        true,
    );
    assert_eq!(missed, Vec::<String>::new(), "should be sensitive");
}

#[test]
fn ordinary_neighbours_of_the_new_kinds_stay_readable() {
    let wrongly = missed_paths(
        &[
            "/srv/app/README.md",
            "/srv/app/package.json",
            "/srv/backup/id_rsa.pub",
            "/srv/tls/server.crt",
            "/srv/tls/ca.crt",
            "/srv/backup/keys.txt",
            "/srv/backup/notes.txt",
            "/srv/backup/identity.txt",
            "/srv/backup/stash.txt",
            "/srv/app/docker/Dockerfile",
            "/srv/app/docker/compose.yaml",
            "/srv/app/config/settings.xml.md",
            "/srv/app/src/credentials/mod.rs",
            "/srv/app/src/credentials/store.py",
            "/etc/wgetrc",
            "/srv/app/wget.conf",
            "/srv/app/app.conf.v2.md",
            "/srv/app/primary_key.txt",
            "/srv/app/key.json",
            "/srv/app/config.v2",
        ],
        false,
    );
    assert_eq!(wrongly, Vec::<String>::new(), "should be allowed");
}

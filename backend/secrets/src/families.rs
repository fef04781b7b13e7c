//! Families of secret file names given by a rule rather than a list, and the readable
//! neighbours of secret names: command-line tools' own settings (`hcloud.toml`, `oci/config`,
//! `.gitlab-runner/config.toml`), client histories in any spelling (`.Rhistory`,
//! `.mysqlsh/history`, `.psql_history-prod`), Kerberos ticket caches (`krb5cc_1000`),
//! credential files named for their owner (`vpn-auth.txt`, `auth-user-pass`), settings of one
//! environment (`config.production.json`); and what stays readable beside them: templates
//! (`.env.example`, `prod.tfvars.sample`), public halves (`*.pub`, `known_hosts`),
//! certificates named as such (`fullchain.pem`), programs and manuals (`/usr/bin/gpasswd`,
//! `shadow.5.gz`).

use crate::names::parts;

/// Command-line tools of clouds, clusters and CI runners whose own directory keeps their tokens
/// in a `config` or `credentials` file: `~/.oci/config`, `~/.config/hcloud/cli.toml`,
/// `/etc/rancher/cli2.json`, `~/.gitlab-runner/config.toml` (a leading `.` is optional).
const TOOL_DIRECTORIES: &[&str] = &[
    "aws",
    "azure",
    "gcloud",
    "oci",
    "doctl",
    "digitalocean",
    "hcloud",
    "hetzner",
    "linode",
    "linode-cli",
    "scw",
    "scaleway",
    "ibmcloud",
    "bluemix",
    "aliyun",
    "alibabacloud",
    "tccli",
    "exoscale",
    "vultr",
    "vultr-cli",
    "upcloud",
    "ovh",
    "civo",
    "equinix",
    "gitlab-runner",
    "rancher",
    "argocd",
    "doppler",
    "b2",
    "drone",
    "woodpecker",
    "buildkite-agent",
    "circleci",
    // drone-runner-exec's `config` (the RPC secret), spin's (Spinnaker's) logins, the MongoDB
    // Atlas CLI's profiles (`private_api_key`).
    "drone-runner-exec",
    "spinnaker",
    "atlascli",
    // RKE2's join token (`/etc/rancher/rke2/config.yaml`), NetBird's WireGuard key, GitHub
    // Copilot's OAuth tokens (`hosts.json`, `apps.json`).
    "rke2",
    "netbird",
    // VictoriaMetrics' vmauth (`config.yml`: its users' passwords and bearer tokens).
    "vmauth",
    "github-copilot",
    // The influx CLI's `configs` (tokens per server), Octopus' and Spacelift's CLIs, the
    // Buildkite CLI's, TeamCity's and Semaphore's.
    "influx",
    "influxdbv2",
    // Fastly's (`config.toml`: profiles' tokens), Convex' (`accessToken`), the Okta SDK's
    // (`okta.yaml`: an API token or a private key), Auth0's, Elastic Cloud's `ecctl`,
    // Confluent's and Redpanda's `rpk` (cloud client secrets).
    "fastly",
    "convex",
    "okta",
    "auth0",
    "ecctl",
    "confluent",
    "rpk",
    // Xen Orchestra's `xo-cli` (its token), Prefect's `profiles.toml` (`PREFECT_API_KEY`),
    // RunPod's and Paperspace's CLIs, aichat's clients (`api_key`).
    "xo-cli",
    "prefect",
    "runpod",
    "paperspace",
    "aichat",
    "influxdb",
    "octopus",
    "spacelift",
    "bk",
    "teamcity",
    "semaphore",
    // Serverless GPU clouds' CLIs: Beam's `config.ini` and Cerebrium's `config.yaml` (API
    // keys), Baseten's.
    "beam",
    "cerebrium",
    "baseten",
    // GitLab's Gitaly and Praefect (`config.toml`: the auth token every Git call presents),
    // OpenMediaVault's whole database of settings (`config.xml`: its users' and shares'
    // passwords, mail relay logins).
    "gitaly",
    "praefect",
    "openmediavault",
    // ML platforms' CLIs and servers: dstack's (`config.yml`: each project's token; the
    // server's: its backends' cloud keys), ZenML's global settings (the server's API token),
    // Harbor's CLI (its login), drone's Docker runner beside its exec runner.
    "dstack",
    "zenml",
    "harbor-cli",
    "drone-runner-docker",
];

/// The files of those directories that hold the tokens.
const TOOL_FILES: &[&str] = &[
    // A cluster's registries' logins (`/etc/rancher/rke2/registries.yaml`, as k3s' is) and
    // NetBird's client state (`/var/lib/netbird/default.json`: its WireGuard private key).
    "registries.yaml",
    "default.json",
    "config",
    "credentials",
    "config.json",
    "config.yaml",
    "config.yml",
    "config.toml",
    "config.ini",
    "config.xml",
    "cli.toml",
    "cli.yaml",
    "cli2.json",
    "credentials.json",
    "credentials.toml",
    "metal.yaml",
    "account_info",
    "hosts.json",
    "apps.json",
    "configs",
    "cli_config.json",
    "profiles.toml",
];

/// Tools whose settings file is also named for them (`hcloud.toml`, `aliyun-config.json`,
/// `gitlab-runner-config.toml`, `.civo.json`). Not `aws`, `azure`, `fly`, `netlify`, `vercel`,
/// `doppler` or `argocd`: projects name their own templates and manifests so
/// (`aws.yml`, `azure.yaml`, `fly.toml`, `doppler.yaml`), without a secret in them.
const TOOLS_BY_NAME: &[&str] = &[
    "oci",
    "doctl",
    "hcloud",
    "linode",
    "linode-cli",
    "scw",
    "scaleway",
    "ibmcloud",
    "bluemix",
    "aliyun",
    "tccli",
    "exoscale",
    "vultr",
    "vultr-cli",
    "upcloud",
    "civo",
    "gitlab-runner",
    "gcloud",
    "b2",
    // The Buildkite CLI's `bk.yaml`, Semaphore's `.sem.yaml`.
    "bk",
    "sem",
    // The Okta SDK's `okta.yaml` (beside an application too), Redpanda's `rpk.yaml`.
    "okta",
    "rpk",
];

/// Extensions of settings files (a tool's settings named for it).
const SETTINGS_EXTENSIONS: &[&str] = &["json", "yaml", "yml", "toml", "ini", "conf", "cfg"];

/// Whether `name` in `parent` is a command-line tool's token store.
pub(crate) fn tool_credentials(parent: &str, name: &str) -> bool {
    let parent = parent.trim_start_matches('.');
    if TOOL_DIRECTORIES.contains(&parent) && TOOL_FILES.contains(&name) {
        return true;
    }
    let bare = name.trim_start_matches('.');
    let Some((stem, extension)) = bare.rsplit_once('.') else {
        return false;
    };
    SETTINGS_EXTENSIONS.contains(&extension)
        && TOOLS_BY_NAME.iter().any(|tool| {
            stem.strip_prefix(tool).is_some_and(|rest| {
                matches!(
                    rest.trim_start_matches(['-', '_', '.']),
                    "" | "config" | "cli" | "credentials" | "auth"
                ) && (rest.is_empty() || rest.starts_with(['-', '_', '.']))
            })
        })
}

/// DNS providers whose certbot (and lego, acme.sh) plugins read an API token from an INI file
/// named for the provider (`cloudflare.ini`, `~/.secrets/digitalocean.ini`).
const DNS_PROVIDERS: &[&str] = &[
    "cloudflare",
    "digitalocean",
    "linode",
    "ovh",
    "gandi",
    "dnsimple",
    "dnsmadeeasy",
    "luadns",
    "nsone",
    "rfc2136",
    "route53",
    "hetzner",
    "porkbun",
    "namecheap",
    "godaddy",
    "duckdns",
    "desec",
    "inwx",
    "ionos",
    "netcup",
    "powerdns",
    "pdns",
    "sakuracloud",
    "azure",
    "dnspod",
    "aliyun",
    "njalla",
    "transip",
    "vultr",
    "infomaniak",
    "bunny",
    "dynu",
    "freedns",
];

/// Whether `name` is a DNS plugin's credentials: a provider's name (optionally after a dot,
/// with `-dns`, `_credentials`, `-api`...) and `.ini` (`cloudflare.ini`, `.ovh.ini`,
/// `cloudflare-dns.ini`, `route53_credentials.ini`).
pub(crate) fn dns_plugin_credentials(name: &str) -> bool {
    let Some(stem) = name.trim_start_matches('.').strip_suffix(".ini") else {
        return false;
    };
    let words = parts(stem);
    words.first().is_some_and(|first| {
        DNS_PROVIDERS.contains(&first.as_str())
            && words[1..].iter().all(|w| {
                matches!(
                    w.as_str(),
                    "dns"
                        | "credentials"
                        | "creds"
                        | "api"
                        | "token"
                        | "secret"
                        | "secrets"
                        | "certbot"
                        | "acme"
                        | "auth"
                        | "key"
                        | "prod"
                        | "production"
                )
            })
    })
}

/// Extensions a history database or dump may carry (`history.sqlite`, `repl_history.jl`).
const HISTORY_EXTENSIONS: &[&str] = &["sqlite", "sqlite3", "db", "jl", "txt"];

/// Whether `name` is a client's history (typed commands, passwords among them): `*_history`,
/// `*-history`, `.Rhistory`, `.octave_hist`, `.psql_history-prod`, and a `history` file of a
/// client's own directory (`~/.mysqlsh/history`, `~/.local/share/mc/history`,
/// `~/.ipython/profile_default/history.sqlite`, Chrome's `History`). A `history` file in a
/// project (`/srv/app/history`, `HISTORY.md`) stays readable.
pub(crate) fn history(in_dot_directory: bool, raw: &str, name: &str) -> bool {
    let bare = name.trim_start_matches('.');
    let bare = match bare.rsplit_once('.') {
        Some((stem, extension)) if HISTORY_EXTENSIONS.contains(&extension) => stem,
        _ => bare,
    };
    let joined = bare.contains("_history") || bare.contains("-history");
    let history_word = bare.ends_with("history")
        || bare.ends_with("_hist")
        || bare.ends_with("-hist")
        || bare.ends_with("hst");
    joined || (history_word && (raw.starts_with('.') || in_dot_directory))
}

/// Kerberos ticket caches (`/tmp/krb5cc_1000`, `krb5cc_0_abc`): a ticket logs in as its user.
pub(crate) fn kerberos_cache(name: &str) -> bool {
    name.starts_with("krb5cc")
}

/// Credential files named for what they open: a user and password pair (`auth-user-pass`,
/// `user_pass.txt`, `login-password.txt`) or a plain data file whose last word is a short
/// secret word (`vpn-auth.txt`, `ftp_pass.txt`, `wifi-psk.txt`, `db-creds.json`). Settings
/// files (`basic-auth.conf`) and names without an extension (PAM's `common-auth`) stay.
pub(crate) fn credential_pair(stem: &str, extension: Option<&str>, data_file: bool) -> bool {
    let words = parts(stem);
    // `auth-user-pass`, `login_password.txt`; Ansible's `.ansible-vault-pass`.
    let pair = words.windows(2).any(|w| {
        matches!(w[0].as_str(), "user" | "username" | "login" | "vault")
            && matches!(w[1].as_str(), "pass" | "password" | "passwd" | "pw" | "pwd")
    });
    let data = extension.is_some_and(|e| {
        matches!(
            e,
            "txt" | "json" | "csv" | "dat" | "enc" | "b64" | "bin" | "cred" | "creds"
        )
    });
    let short_last = words.last().is_some_and(|last| {
        matches!(
            last.as_str(),
            "pass" | "passwd" | "pw" | "pwd" | "psk" | "creds" | "cred" | "auth"
        )
    });
    (pair && (extension.is_none() || data_file)) || (data && short_last)
}

/// Settings of one environment named so (`config.production.json`, Ghost's; `settings.prod.yaml`):
/// they hold that environment's database and mail passwords.
pub(crate) fn environment_settings(name: &str) -> bool {
    let segments: Vec<&str> = name.split('.').collect();
    let [first, .., last] = segments.as_slice() else {
        return false;
    };
    matches!(*first, "config" | "settings")
        && matches!(*last, "json" | "yaml" | "yml" | "toml" | "ini")
        && segments
            .iter()
            .any(|s| matches!(*s, "production" | "prod" | "staging" | "live"))
}

/// Markers of a template or an example shipped beside the real file.
const TEMPLATE_MARKERS: &[&str] = &[
    "example",
    "examples",
    "sample",
    "samples",
    "template",
    "templates",
    "tmpl",
    "tpl",
    "dist",
    "skel",
    // A schema of the variables an environment file takes (`.env.schema`): names and types.
    "schema",
];

/// An environment file named for its template alone (`example.env`, `sample.env`,
/// `template.env`, `.env.dist`'s other spelling): placeholders, as `.env.example` holds.
pub(crate) fn environment_template(name: &str) -> bool {
    name.strip_suffix(".env")
        .is_some_and(|stem| TEMPLATE_MARKERS.contains(&stem.trim_start_matches('.')))
}

/// The real file's name when `name` is its template (`.env.example` -> `.env`,
/// `prod.tfvars.sample` -> `prod.tfvars`, `secrets.example.yml` -> `secrets.yml`).
#[cfg(test)]
pub(crate) fn template_of(name: &str) -> Option<String> {
    template_parts(name)
        .filter(|(_, filled)| !filled)
        .map(|(real, _)| real)
}

/// Formats a template keeps after its marker (`secrets.example.yml`, `config.sample.php`,
/// `.env.example.j2`): any other word there (`.env.example.local`, `.env.sample.prod`) names
/// the filled-in copy of the template, a real settings file.
const TEMPLATE_FORMATS: &[&str] = &[
    "json",
    "yaml",
    "yml",
    "toml",
    "ini",
    "conf",
    "cfg",
    "cnf",
    "env",
    "txt",
    "xml",
    "properties",
    "php",
    "py",
    "js",
    "mjs",
    "cjs",
    "ts",
    "rb",
    "sh",
    "j2",
    "jinja",
    "jinja2",
    "erb",
    "hcl",
    "tf",
    "tfvars",
    "md",
    "rst",
    "html",
    "in",
    "pem",
    "key",
    "crt",
    "der",
    "p12",
    "pfx",
    "jks",
    "asc",
    "gpg",
    "dist",
    "example",
    "examples",
    "sample",
    "samples",
    "template",
    "templates",
    "tmpl",
    "tpl",
    "skel",
];

/// The real file's name when `name` is a template or the filled-in copy of one, and whether
/// it is that copy (`.env.example.local` -> (`.env.local`, true)).
pub(crate) fn template_parts(name: &str) -> Option<(String, bool)> {
    let segments: Vec<&str> = name.split('.').collect();
    // The first segment is the stem (`example.key` is a key named `example`), or empty for a
    // dotfile (`.env.example`).
    let marker = segments
        .iter()
        .skip(1)
        .position(|s| TEMPLATE_MARKERS.contains(s))?
        + 1;
    let real: Vec<&str> = segments
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != marker)
        .map(|(_, s)| *s)
        .collect();
    let filled = segments[marker + 1..]
        .iter()
        .any(|s| !TEMPLATE_FORMATS.contains(s));
    Some((real.join("."), filled))
}

/// The name before a template's marker when a backup mark stands between it and the marker
/// (`.env.bak.example` -> `.env.bak`, `config.php.old.sample.php` -> `config.php.old`,
/// `.env.bak1.dist` -> `.env.bak1`): a copy of the real file, not a template.
pub(crate) fn backup_before_template(name: &str) -> Option<String> {
    let segments: Vec<&str> = name.split('.').collect();
    let marker = segments
        .iter()
        .skip(1)
        .position(|s| TEMPLATE_MARKERS.contains(s))?
        + 1;
    let marked = segments[1..marker].iter().any(|s| {
        let unnumbered = s.trim_end_matches(|c: char| c.is_ascii_digit());
        matches!(
            unnumbered,
            "bak"
                | "backup"
                | "old"
                | "orig"
                | "save"
                | "sav"
                | "copy"
                | "prev"
                | "previous"
                | "bk"
                | "bkp"
                | "swp"
                | "tmp"
                | "new"
                | "disabled"
                | "dpkg-old"
                | "dpkg-bak"
                | "rpmsave"
                | "rpmorig"
                | "ucf-old"
        ) || (s.len() >= 4 && s.chars().all(|c| c.is_ascii_digit() || c == '-'))
    });
    marked.then(|| segments[..marker].join("."))
}

/// The file a filled-in template was made for, without the marker and the words that name
/// the copy (`wp-config.sample.local.php` -> `wp-config.php`, `database.yml.example.production`
/// -> `database.yml`).
pub(crate) fn template_base(name: &str) -> Option<String> {
    let segments: Vec<&str> = name.split('.').collect();
    let marker = segments
        .iter()
        .skip(1)
        .position(|s| TEMPLATE_MARKERS.contains(s))?
        + 1;
    let base: Vec<&str> = segments
        .iter()
        .enumerate()
        .filter(|(i, s)| *i < marker || (*i > marker && TEMPLATE_FORMATS.contains(s)))
        .map(|(_, s)| *s)
        .collect();
    Some(base.join("."))
}

/// Words of a certificate's name, and of a key's: `fullchain.pem`, `server-cert.pem`,
/// `ca-bundle.pem` are certificates; `server-key.pem`, `privkey.pem`, `site.pem` may hold a
/// key and stay refused.
const CERTIFICATE_WORDS: &[&str] = &[
    "cert",
    "certs",
    "certificate",
    "certificates",
    "crt",
    "chain",
    "fullchain",
    "ca",
    "cacert",
    "cacerts",
    "bundle",
];
const KEY_WORDS: &[&str] = &[
    "key", "keys", "priv", "private", "privkey", "secret", "combined", "pkcs12", "keypair",
];

/// Whether a `.pem` named `stem` is a certificate or a public key by its name (its content is
/// still judged
/// where a file tool reads it, and a private key block in it is redacted wherever printed).
pub(crate) fn certificate_by_name(stem: &str) -> bool {
    let words = unnumbered_words(stem);
    let certificate = words
        .iter()
        .any(|w| CERTIFICATE_WORDS.contains(&w.as_str()))
        && !words.iter().any(|w| KEY_WORDS.contains(&w.as_str()));
    // A public key by its name (`public.pem`, `pubkey.pem`, `server.pub.pem`,
    // `jwt-public-key.pem`): its `key` is the public one.
    let public_key = words
        .iter()
        .any(|w| matches!(w.as_str(), "public" | "pub" | "pubkey" | "publickey"))
        && !says_private(&words);
    certificate || public_key
}

/// The words of a file's `stem` without the numbers that count copies or bits (certbot's
/// archive numbers its copies, `fullchain1.pem`, `privkey1.pem`; `dh2048.pem`).
fn unnumbered_words(stem: &str) -> Vec<String> {
    parts(stem)
        .into_iter()
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned())
        .collect()
}

/// Whether `words` say a key is private (`priv`, `secret`, `combined`...; `key` alone says
/// nothing, a public key being one too).
fn says_private(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| KEY_WORDS.contains(&w.as_str()) && w != "key" && w != "keys")
}

/// Whether `name` is public material named as such outside the `.pub` convention: a public
/// key (WireGuard's `public.key`, `wg0-public.key`, `server_public.key`, `jwt-public.pem`) or
/// Diffie-Hellman parameters, which every peer of a TLS or VPN handshake sees (`dh.pem`,
/// `dh2048.pem`, `dhparam.pem`, certbot's `ssl-dhparams.pem`). A name that also says private
/// (`public-private.key`) stays key material.
pub(crate) fn public_material(name: &str) -> bool {
    let Some((stem, "pem" | "key")) = name.rsplit_once('.') else {
        return false;
    };
    let words = unnumbered_words(stem);
    let public = words
        .iter()
        .any(|w| matches!(w.as_str(), "public" | "pubkey" | "publickey"));
    let parameters = words
        .iter()
        .any(|w| matches!(w.as_str(), "dh" | "dhparam" | "dhparams" | "ffdhe"));
    !stem.is_empty() && !says_private(&words) && (public || parameters)
}

/// Public halves beside private keys: `*.pub` (`id_ed25519.pub`, `ssh_host_rsa_key-cert.pub`),
/// `known_hosts`, and the public keys allowed to log in (`authorized_keys`, `authorized_keys2`,
/// an `AuthorizedKeysFile` such as `authorized_keys.d` or `authorized_keys_alice`), readable
/// even in `.ssh` (containment still hides the directory). Writing them is another matter: a
/// key added there is a way in, which the command classifier holds high.
pub(crate) fn public_half(name: &str) -> bool {
    name.ends_with(".pub")
        || matches!(name, "known_hosts" | "known_hosts2")
        || authorized_keys_file(name)
}

/// Whether `name` is an `AuthorizedKeysFile`: `authorized_keys`, `authorized_keys2`,
/// `authorized_keys.d`, `authorized_keys_alice`, `authorized-keys` (compared lower-cased).
pub(crate) fn authorized_keys_file(name: &str) -> bool {
    let name = name.replace('-', "_");
    name.strip_prefix("authorized_keys").is_some_and(|rest| {
        rest.is_empty()
            || rest == "2"
            || rest == ".d"
            || (rest.starts_with(['_', '.'])
                && rest.len() > 1
                && rest[1..]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
                // `authorized_keys.pem`, `authorized_keys.tar.gz`: key material or an
                // archive of the directory, judged by what they are.
                && !rest.rsplit('.').next().is_some_and(|ext| {
                    matches!(
                        ext,
                        "pem" | "key" | "p12" | "pfx" | "ppk" | "gpg" | "asc" | "enc" | "age"
                            | "gz" | "tgz" | "xz" | "bz2" | "zst" | "zip" | "7z" | "tar" | "rar"
                    )
                }))
    })
}

/// Programs, manuals and PAM's service files, named for what they do (`/usr/bin/gpasswd`,
/// `/usr/share/man/man5/shadow.5.gz`, `/etc/pam.d/common-password`), not for a secret they hold.
const PROGRAM_DIRECTORIES: &[&str] = &[
    "/usr/bin/",
    "/usr/sbin/",
    "/bin/",
    "/sbin/",
    "/usr/local/bin/",
    "/usr/local/sbin/",
    "/usr/libexec/",
    "/usr/share/man/",
    "/usr/share/doc/",
    "/usr/share/info/",
    "/usr/share/bash-completion/",
    "/usr/share/zsh/",
    "/usr/share/fish/",
    "/etc/pam.d/",
    "/usr/lib/pam.d/",
];

/// Whether `path` (as written, without `..`) lies among programs and manuals.
pub(crate) fn program_or_manual(path: &str) -> bool {
    !path.contains("/../") && PROGRAM_DIRECTORIES.iter().any(|d| path.starts_with(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_name_their_real_file() {
        assert_eq!(template_of(".env.example").as_deref(), Some(".env"));
        assert_eq!(
            template_of("prod.tfvars.sample").as_deref(),
            Some("prod.tfvars")
        );
        assert_eq!(
            template_of("secrets.example.yml").as_deref(),
            Some("secrets.yml")
        );
        assert_eq!(template_of("example.key"), None);
        assert_eq!(template_of(".env"), None);
    }

    #[test]
    fn tools_by_directory_and_name() {
        assert!(tool_credentials(".oci", "config"));
        assert!(tool_credentials("oci", "config"));
        assert!(tool_credentials("rancher", "cli2.json"));
        assert!(tool_credentials("backup", "hcloud.toml"));
        assert!(tool_credentials("backup", "gitlab-runner-config.toml"));
        assert!(tool_credentials("u", ".civo.json"));
        assert!(!tool_credentials("app", "fly.toml"));
        assert!(!tool_credentials("app", "aws.yml"));
        assert!(!tool_credentials("app", "hcloud-firewall.toml"));
        assert!(!tool_credentials("oci", "index.json"));
    }
}

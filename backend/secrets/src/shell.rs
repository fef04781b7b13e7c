//! The pass of text redaction that reads command lines word by word: options whose value is
//! the next word (`--api-key VALUE`, `sshpass -p PASS`, `keytool -storepass PASS`), values
//! attached to short options (`mysql -pPASS`, `7z -pPASS`) and program-specific shapes
//! (`curl -u user:pass`, `smbclient -U user%pass`, `nmcli ... password PASS`). Programs are
//! recognised anywhere in a pipeline stage, so `sudo`, `env` and `docker exec` in front change
//! nothing.

use crate::REDACTED;
use crate::names::is_secret_name;

/// How a program's option carries its secret.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Takes {
    /// `-pSECRET` only (`-p SECRET` means something else).
    Attached,
    /// `-p SECRET` only.
    Separate,
    /// `-pSECRET` or `-p SECRET`.
    Both,
    /// `user:secret`, attached or separate.
    UserColon,
    /// `user%secret`, attached or separate.
    UserPercent,
    /// `user,secret`, attached or separate (lftp).
    UserComma,
}

const MYSQL: &[&str] = &[
    "mysql",
    "mysqldump",
    "mysqladmin",
    "mysqlimport",
    "mysqlcheck",
    "mysqlshow",
    "mysqlpump",
    "mysqlsh",
    "mysqlbinlog",
    "mysql_upgrade",
    "mariadb",
    "mariadb-dump",
    "mariadb-admin",
    "mariadb-import",
    "mariadb-check",
    "mariadb-show",
    // OceanBase's client, MySQL's with its options.
    "obclient",
];
const MONGO: &[&str] = &[
    "mongo",
    "mongosh",
    "mongodump",
    "mongorestore",
    "mongoexport",
    "mongoimport",
    "mongostat",
    "mongotop",
    "mongofiles",
];
const LDAP: &[&str] = &[
    "ldapsearch",
    "ldapadd",
    "ldapmodify",
    "ldapdelete",
    "ldappasswd",
    "ldapwhoami",
    "ldapcompare",
    "ldapmodrdn",
    "ldapexop",
];
const POSTGRES: &[&str] = &[
    "psql",
    "pg_dump",
    "pg_dumpall",
    "pg_restore",
    "pg_basebackup",
    "createdb",
    "dropdb",
    "createuser",
    "dropuser",
    "vacuumdb",
    "reindexdb",
    "clusterdb",
    "pgbench",
];
/// Registry and cloud clients: `-p` is a password only after `login`.
const REGISTRY_CLIENTS: &[&str] = &[
    "docker", "podman", "nerdctl", "buildah", "skopeo", "helm", "oras", "crane", "regctl", "az",
    "dotnet",
];
const SNMP: &[&str] = &[
    "snmpwalk",
    "snmpbulkwalk",
    "snmpget",
    "snmpgetnext",
    "snmpbulkget",
    "snmpset",
    "snmptable",
    "snmptrap",
    "snmpinform",
    "snmpdelta",
    "snmpdf",
    "snmpstatus",
    "snmpnetstat",
    "snmpusm",
];
const NCFTP: &[&str] = &["ncftp", "ncftpput", "ncftpget", "ncftpls"];
const PSEXEC: &[&str] = &["psexec", "psexec.exe", "psexec64", "psexec64.exe", "paexec"];
/// Network login and audit tools written `-u USER -p PASS` (and `-H NTHASH`, a password's
/// equal for NTLM): CrackMapExec and NetExec, Evil-WinRM, Hydra, Medusa, enum4linux,
/// BloodHound's and Certipy's collectors.
const NETWORK_LOGIN: &[&str] = &[
    "crackmapexec",
    "cme",
    "netexec",
    "nxc",
    "evil-winrm",
    "hydra",
    "medusa",
    "enum4linux",
    "enum4linux-ng",
    "bloodhound-python",
    "bloodhound-ce-python",
    "certipy",
    "certipy-ad",
    "ldapdomaindump",
];
const SCHTASKS: &[&str] = &["schtasks", "schtasks.exe"];
const WINRS: &[&str] = &["winrs", "winrs.exe"];
const MOSQUITTO: &[&str] = &["mosquitto_pub", "mosquitto_sub", "mosquitto_rr"];
/// Samba's and Windows' `net` (`net user NAME PASS`, `net use SHARE PASS`: see [`net_edits`]).
const NET: &[&str] = &["net", "net.exe"];
/// Oracle tools taking `user/password@service` as their first operand (or as `userid=`), and
/// the clients of other databases that copied the form: Db2's `clpplus`, openGauss' `zsql`,
/// DM's `disql`.
const ORACLE: &[&str] = &[
    "sqlplus", "expdp", "impdp", "exp", "imp", "rman", "sqlldr", "dgmgrl", "sql", "tkprof",
    "clpplus", "zsql", "disql",
];
/// SQL Server's and Sybase's clients (Microsoft's, FreeTDS', Sybase's), all `-P PASS`.
const TDS_CLIENTS: &[&str] = &[
    "sqlcmd", "bcp", "osql", "isql", "tsql", "sqsh", "fisql", "freebcp", "defncopy",
];
/// Firebird's tools, which read any abbreviation of `-password` down to `-pa`.
const FIREBIRD: &[&str] = &["gbak", "gfix", "gstat", "gsec", "nbackup", "isql-fb"];

/// Short options that take no value, per program, so a cluster (`curl -sSfu user:pass`) is
/// read as getopt reads it: these letters, then the option that takes the secret.
const CLUSTERS: &[(&[&str], &str)] = &[(&["curl"], "0123456:#BfGgIijkLlMNnOpqRsSvVZ")];

/// Operands that are secrets, per program: after the keywords (matched without regard to
/// case), the operand at this position (1 is the first) is the secret; `0` means the last
/// operand of the command.
const POSITIONAL: &[(&[&str], &[&str], usize)] = &[
    (&["vault"], &["login"], 1),
    (&["vault"], &["operator", "unseal"], 1),
    (&["vault"], &["unseal"], 1),
    (&["cargo"], &["login"], 1),
    (&["mc", "mcli"], &["alias", "set"], 4),
    (&["mc", "mcli"], &["config", "host", "add"], 4),
    (&["rabbitmqctl"], &["add_user"], 2),
    (&["rabbitmqctl"], &["change_password"], 2),
    (&["rabbitmqctl"], &["authenticate_user"], 2),
    // `ipmitool user set password ID PASS`.
    (&["ipmitool"], &["user", "set", "password"], 2),
    // Samba's `net rpc user add NAME PASS` and `net rpc password NAME PASS`.
    (NET, &["user", "add"], 2),
    (NET, &["password"], 2),
    (&["redis-cli", "keydb-cli", "valkey-cli"], &["auth"], 0),
    (&["openssl"], &["passwd"], 0),
    // Backblaze's `b2 authorize-account KEY_ID KEY` (and `b2 account authorize`): the
    // application key after its id.
    (&["b2", "backblaze-b2"], &["authorize-account"], 2),
    (&["b2", "backblaze-b2"], &["account", "authorize"], 2),
    (&["ngrok"], &["add-authtoken"], 1),
    (&["ngrok"], &["authtoken"], 1),
    (&["mkpasswd"], &[], 0),
    // `rclone obscure PASS`; unixODBC's `isql DSN USER PASS`.
    (&["rclone"], &["obscure"], 1),
    (&["isql", "iusql"], &[], 3),
    // `oathtool --totp -b SEED`: the seed of every one-time password to come.
    (&["oathtool"], &[], 0),
    // Db2's `db2 connect to DB user NAME using PASS`.
    (&["db2"], &["using"], 1),
    // `ansible-vault encrypt_string 'PASS' --name db_password`: the clear text to encrypt.
    (&["ansible-vault"], &["encrypt_string"], 1),
    // Grafana's admin password reset.
    (&["grafana-cli", "grafana"], &["reset-admin-password"], 1),
    // `smbclient //host/share PASS -U bob`: the password after the service.
    (&["smbclient"], &[], 2),
    // SAP HANA's secure store: `hdbuserstore SET KEY HOST:PORT USER PASS`.
    (&["hdbuserstore"], &["set"], 4),
    // Neo4j's first password for `neo4j`.
    (&["neo4j-admin", "neo4j"], &["set-initial-password"], 1),
    // Samba's `samba-tool user create NAME PASS` (`add` is its old name).
    (&["samba-tool"], &["user", "create"], 2),
    (&["samba-tool"], &["user", "add"], 2),
    // ntfy's topic (`ntfy publish mytopic "Backup done"`, `ntfy sub alerts`): on its public
    // server, the default, whoever knows a topic reads and posts to it.
    (&["ntfy"], &["publish"], 1),
    (&["ntfy"], &["pub"], 1),
    (&["ntfy"], &["send"], 1),
    (&["ntfy"], &["trigger"], 1),
    (&["ntfy"], &["subscribe"], 1),
    (&["ntfy"], &["sub"], 1),
    // Logins and set passwords given as operands: W&B's API key (`wandb login KEY`),
    // Cloudflare Tunnel's connector token (`cloudflared service install TOKEN`), Bitwarden's
    // master password (`bw unlock PASS`, `bw login EMAIL PASS`), Pi-hole's web password
    // (`pihole setpassword PASS`; v5's `pihole -a -p PASS` is an option), a MinIO user's secret key (`mc
    // admin user add ALIAS USER SECRET`).
    (&["wandb"], &["login"], 1),
    (&["cloudflared"], &["service", "install"], 1),
    (&["bw"], &["unlock"], 1),
    (&["bw"], &["login"], 2),
    (&["pihole"], &["setpassword"], 1),
    (&["mc", "mcli"], &["admin", "user", "add"], 3),
];

/// ntfy's options followed by a value, so that the value is not taken for the topic (`ntfy
/// pub -t "Backups" mytopic done`). `-p` takes one in `publish` (the priority) only.
const NTFY_VALUE_OPTIONS: &[&str] = &[
    "-c",
    "--config",
    "-t",
    "--title",
    "-m",
    "--message",
    "--priority",
    "--tags",
    "--tag",
    "-T",
    "--delay",
    "--at",
    "--in",
    "-D",
    "--click",
    "-U",
    "--icon",
    "-i",
    "--actions",
    "--action",
    "-A",
    "--attach",
    "-a",
    "--filename",
    "--name",
    "-n",
    "--file",
    "-f",
    "--email",
    "--mail",
    "-e",
    "--call",
    "--user",
    "-u",
    "--token",
    "-k",
    "--wait-pid",
    "--wait_pid",
    "--pid",
    "--since",
    "-s",
];

/// Keyword prefixes of operands followed by a user and a password (`poetry config
/// http-basic.REPO user pass`) or by a token (`composer config gitlab-token.HOST TOKEN`).
const CREDENTIAL_KEYS: &[(&str, usize)] = &[
    ("http-basic.", 2),
    ("gitlab-token.", 1),
    ("github-oauth.", 1),
    ("bitbucket-oauth.", 2),
    ("gitlab-oauth.", 1),
    ("pypi-token.", 1),
];

/// Program-specific options: (programs, option, how it carries the secret).
const OPTIONS: &[(&[&str], &str, Takes)] = &[
    (&["sshpass"], "-p", Takes::Both),
    (MYSQL, "-p", Takes::Attached),
    (&["7z", "7za", "7zr", "rar", "unrar"], "-p", Takes::Attached),
    (&["zip", "unzip", "zipcloak"], "-P", Takes::Separate),
    (&["redis-cli", "keydb-cli", "valkey-cli"], "-a", Takes::Both),
    (MONGO, "-p", Takes::Both),
    (LDAP, "-w", Takes::Both),
    (TDS_CLIENTS, "-P", Takes::Both),
    (FIREBIRD, "-pa", Takes::Separate),
    (FIREBIRD, "-pas", Takes::Separate),
    (FIREBIRD, "-pass", Takes::Separate),
    // SAP HANA's `hdbsql -p PASS`, Hive's `beeline -p PASS`, Couchbase's `cbq -p PASS`,
    // openGauss' `gsql -W PASS` (psql's `-W` only asks).
    (&["hdbsql"], "-p", Takes::Separate),
    (&["beeline"], "-p", Takes::Separate),
    (&["cbq"], "-p", Takes::Both),
    (
        &["gsql", "gs_dump", "gs_dumpall", "gs_restore"],
        "-W",
        Takes::Both,
    ),
    (&["ssh-keygen"], "-N", Takes::Separate),
    (&["ssh-keygen"], "-P", Takes::Separate),
    (&["useradd", "usermod"], "-p", Takes::Separate),
    (&["openssl"], "-k", Takes::Separate),
    (&["curl"], "-u", Takes::UserColon),
    (&["curl"], "-U", Takes::UserColon),
    (&["curl"], "--user", Takes::UserColon),
    (&["curl"], "--proxy-user", Takes::UserColon),
    // A client certificate's passphrase after its file: `--cert client.pem:PASS`, `-E x:PASS`.
    (&["curl"], "--cert", Takes::UserColon),
    (&["curl"], "-E", Takes::UserColon),
    // ntfy's login (`-u bob:PASS`) and access token (`-k tk_...`).
    (&["ntfy"], "-u", Takes::UserColon),
    (&["ntfy"], "--user", Takes::UserColon),
    (&["ntfy"], "-k", Takes::Separate),
    (&["mycli"], "-p", Takes::Both),
    (&["mycli"], "--password", Takes::Both),
    (&["ipmitool"], "-P", Takes::Both),
    // Kerberos' `kadmin -p admin/admin -w PASS`.
    (&["kadmin", "kadmin.local"], "-w", Takes::Separate),
    // NcFTP's `-p PASS`, sendEmail's `-xp PASS`, Chocolatey's `apikey -k KEY`, curl's cookie
    // string `-b 'name=value'` (a file name otherwise; see `line_edits`).
    (NCFTP, "-p", Takes::Separate),
    (&["sendemail"], "-xp", Takes::Separate),
    (&["choco", "choco.exe"], "-k", Takes::Separate),
    (&["choco", "choco.exe"], "--key", Takes::Both),
    // Windows: `psexec -p PASS`, `schtasks /u bob /p PASS`, `/rp PASS` (the task's user),
    // `winrs -p:PASS`. Switches are written in either case.
    (PSEXEC, "-p", Takes::Separate),
    (NETWORK_LOGIN, "-p", Takes::Separate),
    (NETWORK_LOGIN, "-H", Takes::Separate),
    (NETWORK_LOGIN, "--hashes", Takes::Separate),
    (SCHTASKS, "/p", Takes::Separate),
    (SCHTASKS, "/rp", Takes::Separate),
    (WINRS, "-p:", Takes::Attached),
    (WINRS, "/p:", Takes::Attached),
    (WINRS, "-password:", Takes::Attached),
    (WINRS, "/password:", Takes::Attached),
    (&["rdesktop"], "-p", Takes::Separate),
    (&["influx"], "-p", Takes::Both),
    // Pi-hole v5's web password (`pihole -a -p PASS`; `pihole` has no other `-p`).
    (&["pihole"], "-p", Takes::Separate),
    // `ldappasswd -a OLD -s NEW`.
    (&["ldappasswd"], "-s", Takes::Separate),
    (&["ldappasswd"], "-a", Takes::Separate),
    // Windows' `signtool sign /f cert.pfx /p PASS`: the certificate file's password.
    (&["signtool", "signtool.exe"], "/p", Takes::Separate),
    // Chef's `knife bootstrap -P PASS` (`--ssh-password`, named for what it is).
    (&["knife"], "-P", Takes::Separate),
    (&["rabbitmqadmin"], "-p", Takes::Both),
    (&["http", "https", "xh", "xhs"], "-a", Takes::UserColon),
    (&["twine"], "-p", Takes::Both),
    // Publishing tools' short password and token options: cabal's `upload -p PASS`, Hatch's
    // `publish -a TOKEN` (`--auth`), Flit's and PDM's `-P PASS`.
    (&["cabal"], "-p", Takes::Both),
    (&["hatch"], "-a", Takes::Both),
    (&["hatch"], "--auth", Takes::Both),
    (&["pdm"], "-P", Takes::Both),
    (&["racadm"], "-p", Takes::Separate),
    (&["cqlsh"], "-p", Takes::Both),
    // youtube-dl's and yt-dlp's `-p PASS` (`--password` is secret by name), Perforce's `-P
    // PASS`, memtier's `-a PASS` (Redis' `AUTH`).
    (&["youtube-dl", "yt-dlp"], "-p", Takes::Separate),
    (&["p4"], "-P", Takes::Separate),
    (&["memtier_benchmark"], "-a", Takes::Both),
    (&["memtier_benchmark"], "--authenticate", Takes::Both),
    // Neo4j's shell, Vertica's `vsql -w`.
    (&["cypher-shell"], "-p", Takes::Separate),
    (&["cypher-shell"], "--password", Takes::Both),
    (&["vsql"], "-w", Takes::Separate),
    (MOSQUITTO, "-P", Takes::Separate),
    (SNMP, "-c", Takes::Both),
    (SNMP, "-A", Takes::Both),
    (SNMP, "-X", Takes::Both),
    (&["lftp"], "-u", Takes::UserComma),
    (&["etcdctl"], "--user", Takes::UserColon),
    (&["rar", "unrar"], "-hp", Takes::Attached),
    (&["influx"], "-t", Takes::Both),
    (&["doctl"], "-t", Takes::Separate),
    (SAMBA, "-U", Takes::UserPercent),
    (SAMBA, "--user", Takes::UserPercent),
    (SAMBA, "--username", Takes::UserPercent),
    // smbmap's `-u USER -p PASS`; winbind's `wbinfo -a USER%PASS`; SQL Server's CLIs.
    (&["smbmap"], "-p", Takes::Separate),
    (&["wbinfo"], "-a", Takes::UserPercent),
    (&["wbinfo"], "--authenticate", Takes::UserPercent),
    (&["wbinfo"], "--krb5auth", Takes::UserPercent),
    (&["mssql-cli", "mssql-scripter"], "-P", Takes::Both),
    // Consul's and Nomad's gossip encryption key (`-encrypt=KEY`), and the keys `consul
    // keyring` installs, uses and removes; `transmission-remote -n USER:PASS`.
    (&["consul", "nomad"], "-encrypt", Takes::Both),
    (&["consul"], "-install", Takes::Both),
    (&["consul"], "-use", Takes::Both),
    (&["consul"], "-remove", Takes::Both),
    (&["transmission-remote"], "-n", Takes::UserColon),
    // Load generators' and scanners' Basic logins: ApacheBench's `-A USER:PASS` (`-P` for its
    // proxy), hey's `-a USER:PASS`, Nikto's `-id USER:PASS`.
    (&["ab"], "-A", Takes::UserColon),
    (&["ab"], "-P", Takes::UserColon),
    (&["hey"], "-a", Takes::UserColon),
    (&["nikto", "nikto.pl"], "-id", Takes::UserColon),
    // Runners' and agents' short options for the token they join with: `gitlab-runner
    // register -r TOKEN` (`--registration-token`) and `-t TOKEN` (`--token`), NetBird's
    // `netbird up -k KEY` (`--setup-key`).
    (&["gitlab-runner"], "-r", Takes::Both),
    (&["gitlab-runner"], "-t", Takes::Both),
    (&["netbird"], "-k", Takes::Both),
];

/// Programs whose secret-named options take the file holding the secret, never the secret
/// itself: OpenVPN's `--auth-user-pass FILE`, `--secret FILE`, `--tls-auth FILE`.
const FILE_VALUED_OPTIONS: &[(&[&str], &[&str])] = &[(
    &["openvpn"],
    &[
        "auth-user-pass",
        "http-proxy-user-pass",
        "secret",
        "tls-auth",
        "tls-crypt",
        "tls-crypt-v2",
        "key",
        "pkcs12",
        "askpass",
    ],
)];

/// Whether `option` (without its dashes) of one of `programs` takes a file (see
/// [`FILE_VALUED_OPTIONS`]).
fn file_valued(programs: &[String], option: &str) -> bool {
    FILE_VALUED_OPTIONS.iter().any(|(group, options)| {
        programs.iter().any(|p| group.contains(&p.as_str())) && options.contains(&option)
    })
}

/// Samba's tools, which all take popt's credentials: `-U USER%PASS`, `--user=USER%PASS`
/// (`DOM\USER%PASS` and `DOM/USER%PASS` too).
const SAMBA: &[&str] = &[
    "smbclient",
    "rpcclient",
    "smbmap",
    "smbcacls",
    "smbcquotas",
    "smbget",
    "smbtree",
    "smbpasswd",
    "smbspool",
    "smbtorture",
    "sharesec",
    "samba-tool",
    "winexe",
    "mdsearch",
    "ldbsearch",
    "ldbadd",
    "ldbmodify",
    "ldbedit",
    "ldbdel",
    "ldbrename",
    "net",
];

/// Configuration directives written `name value` at the start of a line (redis.conf,
/// nslcd.conf, slapd.conf, keepalived.conf, snmpd.conf); any other secret name with an `_`
/// there (`db_password value`) is read the same way.
const DIRECTIVES: &[&str] = &[
    "requirepass",
    "masterauth",
    "bindpw",
    "rootpw",
    "auth_pass",
    "rocommunity",
    "rwcommunity",
    "rocommunity6",
    "rwcommunity6",
    "secure_link_secret",
    "masteruser_password",
    // ssmtp's `AuthPass`, DRBD's `shared-secret`, BIND's and OpenVPN's `secret` (a path there
    // stays, as for every directive).
    "authpass",
    "shared-secret",
    "secret",
    // ifupdown's Wi-Fi options in `/etc/network/interfaces` (`wpa-psk PASS`).
    "wpa-psk",
    "wpa-password",
    // Mail synchronisers and relays: isync's `Pass`/`PassCmd`, msmtp's `passwordeval`,
    // OfflineIMAP's `remotepass`/`localpass` and their `...eval` forms (a command or an
    // expression that prints the password, often `echo PASS`).
    "pass",
    "passcmd",
    "passwordeval",
    "remotepass",
    "localpass",
    "remotepasseval",
    "localpasseval",
];

/// LDAP settings naming the bind password, read anywhere in a line (not only first).
const LDAP_BIND_PASSWORDS: &[&str] = &[
    "bindpw",
    "rootpw",
    "ldap_default_authtok",
    "ldap_bind_pw",
    "bind_pw",
    "bindpassword",
    "bind_password",
];

/// Extensions that make a directive's value a file's name (`auth-user-pass auth.txt`).
const FILE_EXTENSIONS: &[&str] = &[
    "txt", "conf", "cfg", "key", "pem", "crt", "pass", "passwd", "secret", "secrets", "cred",
    "creds", "json", "yaml", "yml", "ini", "gpg", "asc", "age", "file",
];

/// Values that a directive takes as a switch or a source, never as its secret
/// (`auth_pass off`, `requirepass no`).
const DIRECTIVE_KEYWORDS: &[&str] = &[
    "on",
    "off",
    "yes",
    "no",
    "true",
    "false",
    "none",
    "null",
    "nil",
    "enabled",
    "disabled",
    "enable",
    "disable",
    "files",
    "default",
    "auto",
    "required",
    "optional",
    "\"\"",
    "''",
    "n/a",
    "<none>",
    "<sensitive>",
    "<unset>",
    "-",
    // A block opened (Caddy's `basic_auth {`, nginx's, HCL's): its lines are judged each.
    "{",
];

/// Whether `word`, which starts `user:`, is a Monit login rather than an address: a name
/// (not hexadecimal, so not an IPv6 group) before the colon, no `/` or `::` in it.
fn monit_login(user: &str, word: &str) -> bool {
    user.starts_with(|ch: char| ch.is_ascii_alphabetic())
        && user
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '.' | '-'))
        && !user.chars().all(|ch| ch.is_ascii_hexdigit())
        && !word.contains(['/', ';'])
        && !word.contains("::")
}

/// Whether a line that starts `name value` is a directive whose value is a secret.
///
/// A name from [`DIRECTIVES`] takes its secret whatever follows it; any other secret name with
/// an `_` (`db_password value`, `secure_link_secret value;`) only when its value is the one word
/// that ends the line (`;` or a comment may follow), so prose and multi-word directives stay.
/// Either way, a switch word ([`DIRECTIVE_KEYWORDS`]), a path, a `$variable` or a
/// `[redacted]` is not a secret.
fn directive_hides(
    line: &str,
    words: &[Word<'_>],
    bare: &str,
    unquoted: bool,
    value: &Word<'_>,
) -> bool {
    let raw = value.raw.trim_end_matches(';');
    let inner = value.bare(line).trim_end_matches(';');
    if value.raw.starts_with(['=', ':'])
        || inner.is_empty()
        || inner.starts_with(['/', '$', '['])
        || DIRECTIVE_KEYWORDS.contains(&inner.to_ascii_lowercase().as_str())
        || DIRECTIVE_KEYWORDS.contains(&raw)
    {
        return false;
    }
    // A table's header naming two secrets' columns (`AccessKey    SecretKey`, `ACCESS_KEY
    // SECRET_KEY`): two capitalised names, not a name and its value.
    if words.len() == 2
        && unquoted
        && bare.starts_with(|c: char| c.is_ascii_uppercase())
        && inner.starts_with(|c: char| c.is_ascii_uppercase())
        && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && is_secret_name(inner)
    {
        return false;
    }
    let lower = bare.to_ascii_lowercase();
    if DIRECTIVES.contains(&lower.as_str()) {
        // `secret "c2Vj...";` (BIND) but not `secret not found`: a bare `secret` takes a quoted
        // value only.
        // Likewise `pass` (isync's `Pass x`) is also the password store's command (`pass show
        // mail`): a quoted value, or the one word of isync's capitalised spelling.
        return match lower.as_str() {
            "secret" => value.raw.starts_with(['"', '\'']),
            "pass" => value.raw.starts_with(['"', '\'']) || (bare == "Pass" && words.len() == 2),
            // A command that prints the password: hidden unless it fetches it from a store
            // (`PassCmd "pass show mail"` names where the password is, `"echo x"` holds it).
            "passcmd" | "passwordeval" | "remotepasseval" | "localpasseval" => {
                !crate::stores::fetches_from_store(value.bare(line))
            }
            _ => true,
        };
    }
    // Two columns (`vault kv get`, `consul kv` tables): `token      hvs.x`, a secret name,
    // two blanks or a tab, and one value ending the line.
    let gap = words
        .first()
        .map_or("", |name| &line[name.at + name.raw.len()..value.at]);
    if (gap.len() >= 2 || gap.contains('\t'))
        && words.len() == 2
        && unquoted
        && !bare.contains(['=', ':'])
        // A key's name with a value of a key's shape (`PUSH_INSTALLATION_KEY   abcdefghijklmnop`),
        // judged together as on an assignment's line.
        && (is_secret_name(bare) || crate::keysettings::holds_own_key(bare, inner))
    {
        return true;
    }
    let ends_line = words
        .get(2)
        .is_none_or(|w| w.raw.starts_with('#') || w.raw == ";")
        || value.raw.ends_with(';') && words.len() == 2;
    // `SMTPPassword value`, `SQLPassword value`: a directive in CamelCase whose last word is
    // a secret's, when the value is not a lowercase word of a sentence (`ResetPassword
    // failed`).
    let camel = bare.chars().skip(1).any(|c| c.is_ascii_uppercase())
        && bare.chars().any(|c| c.is_ascii_lowercase())
        && bare.chars().all(|c| c.is_ascii_alphanumeric())
        && bare.starts_with(|c: char| c.is_ascii_uppercase())
        && !inner.chars().all(|c| c.is_ascii_lowercase());
    // `wpa-passphrase "my wifi pass"`, `auth-password X` (ifupdown, hostapd-style options):
    // a hyphenated directive, its value quoted or not a lowercase word of a sentence
    // (`reset-password failed`).
    let hyphenated = bare.contains('-')
        && bare
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !bare.starts_with('-')
        && (!unquoted || !inner.chars().all(|c| c.is_ascii_lowercase()))
        // OpenVPN's `auth-user-pass auth.txt`: a file holding it.
        && !inner.rsplit_once('.').is_some_and(|(stem, extension)| {
            !stem.is_empty() && FILE_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
        });
    // Yarn 1's `.yarnrc` writes a registry's setting quoted, its value after a blank:
    // `"//npm.example.com/:_authToken" TOKEN`, `"//host/:_password" "x"`.
    if ends_line
        && bare.starts_with("//")
        && let Some((_, setting)) = bare.rsplit_once(':')
        && is_secret_name(setting)
    {
        return true;
    }
    ends_line
        && (unquoted || hyphenated)
        // `db_password value`; Java properties' `db.password value`.
        && (bare.contains(['_', '.']) || camel || hyphenated)
        && !bare.contains(['=', ':'])
        && !is_known_program(&program_name(bare))
        // `PUSH_INSTALLATION_KEY abcdefghijklmnop`: a key by its name and its value's shape.
        // `borg key export`'s `BORG_KEY <repository id>` heads the key and names its
        // repository; the key's lines below it go by their own pass.
        && (is_secret_name(bare)
            || (bare != "BORG_KEY" && crate::keysettings::holds_own_key(bare, inner)))
}

/// Programs that read a password from their standard input when so asked: `echo PASS | sudo
/// -S`, `| passwd --stdin`, `| chpasswd`, `| docker login --password-stdin`.
fn reads_password_from_stdin(words: &[&str]) -> bool {
    let programs: Vec<String> = words.iter().map(|w| program_name(w)).collect();
    let has = |p: &str| programs.iter().any(|q| q == p);
    let option = |o: &str| words.contains(&o);
    has("chpasswd")
        // `echo PASS | kinit bob`: kinit reads the password from a pipe (not with a keytab).
        || (has("kinit") && !option("-k") && !option("-t"))
        // `docker secret create NAME - <<< VALUE`: the secret's value from standard input.
        || ((has("docker") || has("podman"))
            && option("secret")
            && option("create")
            && option("-"))
        || (has("sudo") && (option("-S") || option("--stdin")))
        // `echo -e "PASS\nPASS" | passwd bob`: passwd asks twice, busybox's reads a pipe.
        || has("passwd")
        // Samba's `smbpasswd -s` and `pdbedit -t`, `vncpasswd -f`, `htpasswd -i`,
        // `openssl passwd -stdin`, `gh auth login --with-token`, `vault login -`.
        || (has("smbpasswd") && option("-s"))
        || (has("pdbedit") && option("-t"))
        || (has("vncpasswd") && option("-f"))
        || (has("htpasswd") && words.iter().any(|w| w.starts_with('-') && w.contains('i')))
        || (has("openssl") && (option("-stdin") || option("stdin") || option("fd:0")))
        || (has("gh") && option("--with-token"))
        || (has("vault") && option("login") && option("-"))
        // Cloud CLIs asking for their token: `hcloud context create NAME`, `doctl auth init`,
        // `glab auth login --stdin`.
        || (has("hcloud") && option("context") && option("create"))
        || (has("doctl") && option("auth") && option("init"))
        || (has("glab") && option("--stdin"))
        // `echo PASS | systemd-creds encrypt --name=db - db.cred`: the credential's clear text
        // from standard input.
        || (has("systemd-creds") && option("encrypt") && option("-"))
        // `vercel env add NAME production <<< VALUE`: the variable's value from a pipe.
        || (has("vercel") && option("env") && option("add"))
        // `echo PASS | cryptsetup open /dev/x name`: cryptsetup reads the passphrase from a
        // pipe; `echo PASS | sshpass ssh host`: sshpass without `-p`, `-f`, `-e` or `-d` does.
        || has("cryptsetup")
        || (has("sshpass")
            && !words
                .iter()
                .any(|w| ["-p", "-f", "-e", "-d"].iter().any(|o| w.starts_with(o))))
        // A secret's descriptor given as standard input: `gpg --passphrase-fd 0`,
        // `--password-fd=0`, `--pin-fd 0`.
        || words.iter().enumerate().any(|(i, w)| {
            let (option, value) = match w.split_once('=') {
                Some((option, value)) => (option, Some(value)),
                None => (*w, words.get(i + 1).copied()),
            };
            if !option.starts_with('-') || value != Some("0") {
                return false;
            }
            let parts = crate::names::parts(option);
            parts.last().is_some_and(|p| p == "fd")
                && parts.iter().any(|p| {
                    matches!(
                        p.as_str(),
                        "password" | "passwd" | "pass" | "passphrase" | "pin" | "secret" | "token"
                    )
                })
        })
        // A secret's value from standard input: `wrangler secret put NAME`, `gh secret set
        // NAME` (without `--body`), `--from-file=KEY=/dev/stdin`, `--key-file=-`.
        || ((option("secret") || option("secrets")) && (option("put") || option("set")))
        || words.iter().any(|w| {
            (w.ends_with("=/dev/stdin") || w.ends_with("=-") || *w == "/dev/stdin")
                && crate::names::parts(w).iter().any(|p| {
                    matches!(
                        p.as_str(),
                        "file" | "key" | "password" | "passphrase" | "secret" | "token" | "stdin"
                    )
                })
        })
        // `--password-stdin`, sshfs's `-o password_stdin`, openconnect's `--passwd-on-stdin`.
        || words.iter().any(|w| {
            // No letter outside ASCII lower-cases to one of `stdin`'s.
            if !w
                .as_bytes()
                .windows(5)
                .any(|b| b.eq_ignore_ascii_case(b"stdin"))
            {
                return false;
            }
            let parts = crate::names::parts(w);
            parts.iter().any(|p| p == "stdin")
                && parts.iter().any(|p| {
                    matches!(
                        p.as_str(),
                        "password" | "passwd" | "pass" | "passphrase" | "secret" | "token"
                    )
                })
        })
}

/// Keywords (not options) whose next word is a secret, per program.
const KEYWORDS: &[(&[&str], &str)] = &[
    (&["nmcli"], "password"),
    (&["nmcli"], "psk"),
    (&["nmcli"], "wifi-sec.psk"),
    (&["nmcli"], "802-11-wireless-security.psk"),
    (&["iwctl"], "--passphrase"),
    (&["mysqladmin", "mariadb-admin"], "password"),
    // `wpa_cli set_network 0 psk '"PASS"'`.
    (&["wpa_cli"], "psk"),
    (&["wpa_cli"], "password"),
    // pdftk's passwords of the output and of the input (`user_pw X`, `owner_pw X`,
    // `input_pw X`).
    (&["pdftk"], "user_pw"),
    (&["pdftk"], "owner_pw"),
    (&["pdftk"], "input_pw"),
];

struct Word<'a> {
    /// The word as written, and where it starts in the line.
    raw: &'a str,
    at: usize,
    /// Byte range of the word without surrounding quotes, in the line.
    start: usize,
    end: usize,
}

impl Word<'_> {
    fn bare<'l>(&self, line: &'l str) -> &'l str {
        &line[self.start..self.end]
    }
}

/// Splits a line into shell-like words: whitespace separates words except inside quotes, so
/// `-p 'pa ss'` is two words. Each word's bare range leaves out its surrounding quotes and
/// trailing `;`, `)` or `,`.
fn split_words<'l>(line: &'l str) -> Vec<Word<'l>> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let push = |from: usize, to: usize, words: &mut Vec<Word<'l>>| {
        let raw = &line[from..to];
        let leading = raw.len() - raw.trim_start_matches(['\'', '"', '(', '`']).len();
        let trailing = raw.len() - raw.trim_end_matches(['\'', '"', ';', ')', '`', ',']).len();
        let (start, end) = if leading + trailing >= raw.len() {
            (from, from)
        } else {
            (from + leading, to - trailing)
        };
        words.push(Word {
            raw,
            at: from,
            start,
            end,
        });
    };
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (Some(open), c) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => {
                quote = Some(c);
                start.get_or_insert(at);
            }
            (None, c) if c.is_ascii_whitespace() => {
                if let Some(from) = start.take() {
                    push(from, at, &mut words);
                }
            }
            (None, _) => {
                start.get_or_insert(at);
            }
        }
    }
    if let Some(from) = start {
        push(from, line.len(), &mut words);
    }
    words
}

fn program_name(word: &str) -> String {
    word.rsplit('/').next().unwrap_or(word).to_lowercase()
}

fn is_separator(raw: &str) -> bool {
    matches!(raw, "|" | "||" | "&&" | ";" | "&" | "|&")
}

/// Whether a line is a Redis ACL rule: `user NAME ...` in redis.conf or an ACL file,
/// `ACL SETUSER NAME ...` as a command.
fn acl_line(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with("user ")
        || trimmed
            .to_ascii_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| w == ["acl", "setuser"])
}

/// A Redis ACL rule adding a password by its SHA-256: `#` and 64 hex digits.
fn acl_password_hash(word: &str) -> bool {
    word.strip_prefix('#')
        .is_some_and(|hash| hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `--private-key /path/key.pem`, `--ssh-key ~/.ssh/id_rsa`: a key option naming a file.
fn key_file(option: &str, value: &str) -> bool {
    option.to_ascii_lowercase().ends_with("key")
        && (value.starts_with(['/', '~']) || value.starts_with("./") || value.starts_with("../"))
}

/// A value that says where a secret comes from rather than being one: BuildKit's
/// `--secret id=npm,src=.npmrc`, `--secret env=TOKEN`, and OpenSSL's pass-phrase sources
/// (`-passin env:VAR`, `-passout file:/etc/pw`, `fd:3`, `stdin`; `pass:x` is the secret).
fn names_a_secret_source(value: &str) -> bool {
    openssl_pass_source(value) || buildkit_secret_source(value)
}

/// OpenSSL's pass-phrase arguments that name where the pass phrase is: an environment
/// variable's name, a file's path, a descriptor's number or standard input.
pub(crate) fn openssl_pass_source(value: &str) -> bool {
    if value == "stdin" {
        return true;
    }
    match value.split_once(':') {
        Some(("env", name)) => {
            name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        Some(("fd", number)) => !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()),
        Some(("file", path)) => !path.is_empty() && !path.contains(char::is_whitespace),
        _ => false,
    }
}

fn buildkit_secret_source(value: &str) -> bool {
    value.contains('=')
        && value.split(',').all(|item| {
            item.split_once('=').is_some_and(|(key, _)| {
                matches!(
                    key,
                    "id" | "src"
                        | "source"
                        | "env"
                        | "type"
                        | "target"
                        | "required"
                        | "mode"
                        | "uid"
                        | "gid"
                )
            })
        })
}

/// Whether the word before a process substitution says the file it reads holds a secret
/// (`--key-file`, `--password-file`, `private-key`, `--psk`).
fn feeds_a_secret(word: &str) -> bool {
    crate::names::parts(word).iter().any(|part| {
        matches!(
            part.as_str(),
            "key"
                | "keyfile"
                | "password"
                | "passwd"
                | "passphrase"
                | "pass"
                | "secret"
                | "token"
                | "psk"
                | "pin"
                | "credentials"
                | "creds"
        )
    })
}

/// Options whose file holds a secret although their name does not say so: `sshpass -f`,
/// `smbclient -A` (an authentication file), `ldapsearch -y` (a password file), curl's `-K`
/// (a configuration that may carry `user = bob:PASS`), MySQL's `--defaults-extra-file`.
const SECRET_FILE_OPTIONS: &[(&[&str], &str)] = &[
    (&["sshpass"], "-f"),
    (&["smbclient", "smbget", "rpcclient"], "-A"),
    (
        &[
            "ldapsearch",
            "ldapadd",
            "ldapmodify",
            "ldapdelete",
            "ldappasswd",
            "ldapwhoami",
        ],
        "-y",
    ),
    (&["curl"], "-K"),
    (&["curl"], "--config"),
    (
        &["mysql", "mysqldump", "mysqladmin", "mariadb"],
        "--defaults-extra-file",
    ),
    (
        &["mysql", "mysqldump", "mysqladmin", "mariadb"],
        "--defaults-file",
    ),
];

/// Whether `option` of a program on `line` reads a file holding a secret (see
/// [`SECRET_FILE_OPTIONS`]).
fn reads_secret_file(line: &str, words: &[Word<'_>], option: &str) -> bool {
    SECRET_FILE_OPTIONS.iter().any(|(programs, name)| {
        *name == option
            && words
                .iter()
                .any(|w| programs.contains(&program_name(w.bare(line)).as_str()))
    })
}

/// Hides the words echoed by the process substitution `<(echo ...)` or `<(printf ...)` that
/// starts at `words[at]`, up to its closing parenthesis (options of `echo` stay); returns the
/// index of its last word.
fn hide_echoed(
    line: &str,
    words: &[Word<'_>],
    at: usize,
    edits: &mut Vec<(usize, usize, String)>,
) -> usize {
    let mut next_index = at + 1;
    while let Some(echoed) = words.get(next_index) {
        if !echoed.bare(line).starts_with('-')
            && echoed.start < echoed.end
            && !line[echoed.start..echoed.end].starts_with(REDACTED)
        {
            edits.push((echoed.start, echoed.end, REDACTED.to_owned()));
        }
        next_index += 1;
        if echoed.raw.ends_with(')') {
            break;
        }
    }
    next_index - 1
}

/// A redirection standing alone (`--with-token < token.txt`): the option's value comes from
/// the file, which is named, not shown.
fn is_redirect(raw: &str) -> bool {
    matches!(raw, "<" | ">" | ">>" | "<<" | "<<<" | "2>" | "&>")
}

/// How deep quoted commands inside quoted commands are read (`sh -c "ssh h 'mysql -pX'"` is 2).
const MAX_NESTING: usize = 3;

/// Edits (byte range in the line, replacement) for one line; `depth` counts the quoted
/// commands around it.
fn line_edits(line: &str, depth: usize) -> Vec<(usize, usize, String)> {
    let words = split_words(line);
    let mut edits = Vec::new();
    let mut programs: Vec<String> = Vec::new();
    let mut login = false;
    // The plain words after the first program of the stage: its subcommand among them.
    let mut operands: Vec<String> = Vec::new();
    let mut positionals_after_wpa = 0usize;
    let mut htpasswd_batch = false;
    let mut segment_last: Option<usize> = None;
    let mut skip_next = false;
    let mut pass_next = false;
    let hide = |edits: &mut Vec<(usize, usize, String)>, start: usize, end: usize| {
        if start < end
            && !line[start..end].starts_with(REDACTED)
            && !expanded_reference(line, start, end)
            && !stands_in(line, start, end)
            && let Some((start, end)) = literal_within(line, start, end)
        {
            edits.push((start, end, REDACTED.to_owned()));
        }
    };
    let mut index = 0;
    while index < words.len() {
        let word = &words[index];
        let bare = word.bare(line);
        let next = words.get(index + 1);
        let ends_segment = is_separator(word.raw) || word.raw.ends_with(';');
        if pass_next {
            // A value judged with its option already.
            pass_next = false;
        } else if skip_next && matches!(word.raw, "<(echo" | "<(printf") {
            // `--auth-user-pass <(printf 'bob\nPASS')`, `sshpass -f <(echo PASS)`: the option's
            // value is a file whose content is echoed here; the echoed words go, the
            // substitution stays readable.
            skip_next = false;
            index = hide_echoed(line, &words, index, &mut edits);
        } else if skip_next {
            skip_next = false;
            hide(&mut edits, word.start, word.end);
        } else if index == 0
            && let Some(value) = next
            && directive_hides(line, &words, bare, word.raw == bare, value)
        {
            skip_next = true;
        } else if index > 0
            && LDAP_BIND_PASSWORDS.contains(&bare.to_ascii_lowercase().as_str())
            && let Some(value) = next
        {
            // LDAP clients' bind password after other settings on one line (`uri ldaps://h
            // binddn cn=admin bindpw PASS`, nslcd.conf and pam_ldap joined or quoted), also
            // written `name = PASS`; a file's path or a variable stays.
            let value = if matches!(value.raw, "=" | ":") {
                index += 1;
                words.get(index + 1)
            } else {
                Some(value)
            };
            if let Some(value) = value {
                let inner = value.bare(line).trim_end_matches(';');
                if !inner.is_empty()
                    && !inner.starts_with(['/', '$'])
                    && !DIRECTIVE_KEYWORDS.contains(&inner.to_ascii_lowercase().as_str())
                {
                    skip_next = true;
                }
            }
        } else if matches!(word.raw, "<(echo" | "<(printf")
            && index > 0
            && (feeds_a_secret(words[index - 1].bare(line))
                || reads_secret_file(line, &words, words[index - 1].bare(line)))
        {
            // `--key-file <(echo PASS)`, `wg set wg0 private-key <(echo KEY)`: the echoed words
            // are the file's content, up to the substitution's closing parenthesis.
            index = hide_echoed(line, &words, index, &mut edits);
        } else if index == 0 && matches!(bare, "createUser" | "com2sec") {
            // snmpd.conf: `createUser NAME SHA AUTHPASS AES PRIVPASS`, `com2sec NAME SOURCE
            // COMMUNITY`.
            let secrets: &[usize] = if bare == "com2sec" { &[3] } else { &[3, 5] };
            for at in secrets {
                if let Some(word) = words.get(*at) {
                    hide(&mut edits, word.start, word.end);
                }
            }
        } else if index == 1 && bare == "auth" && words[0].bare(line) == "stats" {
            // HAProxy's `stats auth USER:PASS`.
            if let Some(next) = next {
                let (start, end) = within(next, 0, Takes::UserColon, line);
                hide(&mut edits, start, end);
                index += 1;
            }
        } else if index == 0
            && bare == "allow"
            && let Some(next) = next
            && let Some((user, _)) = next.bare(line).split_once(':')
            && monit_login(user, next.bare(line))
        {
            // Monit's web logins, `allow USER:PASS` (nginx's and Monit's `allow ADDRESS`, IPv6
            // ones included, stay).
            let (start, end) = within(next, 0, Takes::UserColon, line);
            hide(&mut edits, start, end);
            index += 1;
        } else if bare.eq_ignore_ascii_case(".logon")
            && let Some(next) = next
        {
            // Teradata BTEQ's `.logon HOST/USER,PASS`, typed or in a script.
            let (start, end) = within(next, 0, Takes::UserComma, line);
            hide(&mut edits, start, end);
            index += 1;
        } else if bare == "insecure-password"
            || ((bare.starts_with('>') || acl_password_hash(bare)) && acl_line(line))
        {
            // HAProxy's `user NAME insecure-password PASS`; Redis ACL passwords `>PASS`
            // (`user default on >PASS ~* +@all`, `ACL SETUSER bob on >PASS`) and their
            // SHA-256 (`#9f86...`, as `ACL LIST` and `users.acl` show them): unsalted, it is
            // cracked offline as any password's hash is.
            if bare == "insecure-password" {
                skip_next = next.is_some();
            } else {
                hide(&mut edits, word.start + 1, word.end);
            }
        } else if !is_separator(word.raw) {
            let name = program_name(bare);
            let has = |group: &[&str]| programs.iter().any(|p| group.contains(&p.as_str()));
            if is_known_program(&name) {
                operands.clear();
            } else if !programs.is_empty() && !bare.starts_with('-') {
                operands.push(bare.to_owned());
            }
            if is_known_program(&name) {
                programs.push(name.clone());
            } else if bare == "login" || (bare == "nuget" && has(&["dotnet"])) {
                // `dotnet nuget add source URL -u USER -p PASS` reads `-p` as a registry login.
                login = true;
            } else if has(&["curl"])
                && bare == "-b"
                && let Some(next) = next
                && next.bare(line).contains('=')
            {
                // `curl -b 'session=x; theme=y'`: a cookie string (without `=` it names a
                // cookie file); every value goes, the names stay.
                let mut at = next.start;
                for pair in next.bare(line).split(';') {
                    if let Some(eq) = pair.find('=') {
                        hide(&mut edits, at + eq + 1, at + pair.len());
                    }
                    at += pair.len() + 1;
                }
                index += 1;
            } else if has(&["wpa_passphrase"]) && !bare.starts_with('-') {
                positionals_after_wpa += 1;
                if positionals_after_wpa == 2 {
                    hide(&mut edits, word.start, word.end);
                }
            } else if has(&["htpasswd", "mosquitto_passwd"])
                && bare.starts_with('-')
                && !bare.starts_with("--")
                && bare.contains('b')
            {
                htpasswd_batch = true;
            } else if has(&["xfreerdp", "wlfreerdp"]) && bare.len() > 3 && bare.starts_with("/p:") {
                hide(&mut edits, word.start + 3, word.end);
            } else if let Some(rest) = bare.strip_prefix("pass:") {
                if !rest.is_empty() {
                    hide(&mut edits, word.start + 5, word.end);
                }
            } else if let Some((takes, option)) = option_of(&programs, &operands, login, bare) {
                // Matched as written or, for a Windows switch, in either case.
                if bare.len() == option.len() {
                    if takes != Takes::Attached
                        && let Some(next) = next
                    {
                        let (start, end) = within(next, 0, takes, line);
                        hide(&mut edits, start, end);
                        index += 1;
                    }
                } else {
                    let mut from = if bare[option.len()..].starts_with('=') {
                        option.len() + 1
                    } else {
                        option.len()
                    };
                    // `mysqldump -p'PASS'`: the quotes stay around the hidden value.
                    if bare[from..].starts_with(['\'', '"']) {
                        from += 1;
                    }
                    let (start, end) = within(word, from, takes, line);
                    hide(&mut edits, start, end);
                }
            } else if matches!(bare, "-u" | "--user")
                && let Some(next) = next
                && login_pair(next.bare(line))
                && !words[..index]
                    .iter()
                    .any(|w| USER_GROUP_PROGRAMS.contains(&program_name(w.bare(line)).as_str()))
            {
                // `-u USER:PASS`, `--user USER:PASS` of a program not known to take a user and
                // a group there: a login (`docker run -u 1000:1000`, `rsync --chown` stay).
                let (start, end) = within(next, 0, Takes::UserColon, line);
                hide(&mut edits, start, end);
                index += 1;
            } else if let Some(pair) = bare.strip_prefix("--user=")
                && login_pair(pair)
                && !words[..index]
                    .iter()
                    .any(|w| USER_GROUP_PROGRAMS.contains(&program_name(w.bare(line)).as_str()))
            {
                // `--user=USER:PASS`, as above.
                let (start, end) = within(word, "--user=".len(), Takes::UserColon, line);
                hide(&mut edits, start, end);
            } else if let Some(at) = cluster_option(&programs, bare) {
                if at == bare.len() {
                    if let Some(next) = next {
                        let (start, end) = within(next, 0, Takes::UserColon, line);
                        hide(&mut edits, start, end);
                        index += 1;
                    }
                } else {
                    let (start, end) = within(word, at, Takes::UserColon, line);
                    hide(&mut edits, start, end);
                }
            } else if (KEYWORDS
                .iter()
                .any(|(group, keyword)| has(group) && bare == *keyword)
                // `nmcli con mod x 802-1x.password PASS`, `vpn.secrets`, `pppoe.password`: every
                // setting named for a secret.
                || (has(&["nmcli"]) && bare.contains('.') && is_secret_name(bare)))
                // `nmcli -g 802-11-wireless-security.psk connection show x`: a field chosen
                // for printing, not a setting given a value.
                && !(index > 0
                    && matches!(
                        words[index - 1].bare(line),
                        "-g" | "-f" | "--fields" | "--get-values"
                    ))
            {
                skip_next = next.is_some();
            } else if has(&["rclone"])
                && let Some(option) = bare.strip_prefix("--")
                && rclone_key_option(option.split('=').next().unwrap_or(option))
            {
                // `--b2-key KEY`, `--azureblob-key=KEY`, `--sftp-key-pem PEM`: a backend's
                // key named for its backend alone.
                match option.find('=') {
                    Some(eq) => hide(&mut edits, word.start + 2 + eq + 1, word.end),
                    None => skip_next = next.is_some(),
                }
            } else if let Some(option) = long_option(bare)
                && crate::names::names_secret_command(option)
                && next.is_some_and(|n| {
                    !n.bare(line).starts_with('-')
                        && !is_separator(n.raw)
                        && !crate::stores::fetches_from_store(n.bare(line))
                })
            {
                // `restic --password-command "echo x"`: the command prints the password it
                // holds (a store's command, `"pass show restic"`, names where it is).
                skip_next = true;
            } else if let Some(option) = long_option(bare)
                && (is_secret_name(option) || option.eq_ignore_ascii_case("pwd"))
                && next.is_none_or(|n| !key_file(option, n.bare(line)))
                && !file_valued(&programs, option)
                && next.is_none_or(|n| !names_a_secret_source(n.bare(line)))
                // `--private-key nodekey:...`: a public key by its own prefix.
                && next.is_none_or(|n| !crate::hexkeys::public_typed_key(n.bare(line)))
                && next.is_some_and(|n| {
                    !n.bare(line).starts_with('-') && !is_separator(n.raw) && !is_redirect(n.raw)
                })
                // `use the --password flag`, `--token is required`: prose naming the option.
                && next.is_none_or(|n| !crate::text::prose_after_secret_word(n.raw))
            {
                // `--auth alice:PASS`: a login written as one value keeps its user.
                if let Some(value) = next
                    && let Some(at) =
                        crate::credpairs::named_login_password(option, value.bare(line))
                {
                    hide(&mut edits, value.start + at, value.end);
                    pass_next = true;
                } else {
                    skip_next = true;
                }
            }
        }
        if !is_separator(word.raw) {
            segment_last = Some(index);
        }
        // A quoted command inside a word (`sh -c 'mysql -pX'`, `command="sshpass -p X ssh h"`)
        // is a command line of its own.
        for (from, to) in quoted_segments(word) {
            let inner = &line[from..to];
            if depth < MAX_NESTING && inner.contains(|c: char| c.is_ascii_whitespace()) {
                edits.extend(
                    line_edits(inner, depth + 1)
                        .into_iter()
                        .map(|(start, end, text)| (from + start, from + end, text)),
                );
            }
        }
        if ends_segment || index + 1 == words.len() {
            if htpasswd_batch && let Some(last) = segment_last {
                let last = &words[last];
                hide(&mut edits, last.start, last.end);
            }
            programs.clear();
            operands.clear();
            login = false;
            positionals_after_wpa = 0;
            htpasswd_batch = false;
            segment_last = None;
        }
        index += 1;
    }
    segment_edits(line, &words, &mut edits);
    edits.sort_by_key(|(start, _, _)| *start);
    edits.dedup_by_key(|(start, _, _)| *start);
    edits
}

/// rclone's backend options that carry a key without naming a secret in words: `b2-key`,
/// `azureblob-key`, `s3-sse-customer-key`, `sftp-key-pem` (a key file's path, `sftp-key-file`,
/// and ids, `s3-sse-kms-key-id`, stay).
fn rclone_key_option(option: &str) -> bool {
    option.ends_with("-key") || option.ends_with("-key-pem")
}

/// Whether `line[start..end]`, a value about to be hidden, is a reference the shell, a CI
/// runner or a template expands to the secret rather than the secret: `$PRIVATE_KEY`,
/// `${KEY}`, `$1`, PowerShell's `$env:TOKEN`, cmd's `%TOKEN%`, and the opening of an
/// expression (`${{ secrets.PK }}`, `{{ token }}`). Between single quotes `$x` is a literal,
/// and a reference with a default (`${PW:-x}`) carries a literal: both go.
fn expanded_reference(line: &str, start: usize, end: usize) -> bool {
    let value = &line[start..end];
    if line[..start].ends_with('\'') {
        return false;
    }
    let name = |n: &str| {
        !n.is_empty()
            && (n.chars().all(|c| c.is_ascii_digit())
                || (n.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')))
    };
    if let Some(rest) = value.strip_prefix('$') {
        let rest = rest.strip_prefix("env:").unwrap_or(rest);
        let braced = rest.strip_prefix('{').and_then(|r| r.strip_suffix('}'));
        return name(braced.unwrap_or(rest)) || matches!(value, "${{" | "${{}}");
    }
    value == "{{"
        || value
            .strip_prefix('%')
            .and_then(|r| r.strip_suffix('%'))
            .is_some_and(name)
}

/// Whether `line[start..end]`, a value about to be hidden, is a placeholder rather than a
/// secret (`--password <PASSWORD>`, `--token TOKEN`, `-p <your password here>`, `-pPASS`):
/// see `placeholders.rs`. Quotes around it are looked through.
fn stands_in(line: &str, start: usize, end: usize) -> bool {
    let value = line[start..end].trim_matches(['"', '\'']);
    let from =
        start + (line[start..end].len() - line[start..end].trim_start_matches(['"', '\'']).len());
    // The option the value follows (`--password PASSWORD`, `--password=PASS`), or the user
    // before a password (`-u USER:`); `-pPASS` has none that names the value.
    let before = line[..start].trim_end_matches(['"', '\'']);
    let before = before
        .strip_suffix('=')
        .unwrap_or_else(|| before.trim_end());
    let option = before
        .rsplit(|c: char| c.is_ascii_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    // `'$ecret1'`: single quotes keep a `$` literal, a password's character.
    let literal_dollar = value.starts_with('$')
        && (line[..start].ends_with('\'') || line[start..end].starts_with('\''));
    (crate::placeholders::stands_in(value) && !literal_dollar)
        || crate::placeholders::angle_bracketed_len(&line[from..]).is_some()
        || (option.starts_with('-')
            && !literal_dollar
            && option.trim_start_matches('-').len() > 1
            && crate::placeholders::stands_in_for(option, value))
        // `-u USER:PASSWORD`: a pair written in metavariables.
        || (option.strip_suffix(':').is_some_and(|user| {
            !user.is_empty()
                && user
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || matches!(c, '_' | '-'))
        }) && crate::placeholders::stands_in_for("password", value))
}

/// The literal to hide in `line[start..end]`, a value about to be hidden: the default of a
/// reference with one (`${PW:-x}` hides `x`, the reference stays), nothing for a reference
/// without one (`${PW:?unset}`), else the whole value.
fn literal_within(line: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let value = &line[start..end];
    if !value.trim_start_matches(['"', '\'']).starts_with("${") {
        return Some((start, end));
    }
    match crate::text::reference_default(value) {
        Some(Some((from, to))) => Some((start + from, start + to)),
        Some(None) => None,
        None => Some((start, end)),
    }
}

/// Secrets found by reading a whole pipeline stage: operands that are secrets
/// ([`POSITIONAL`], [`CREDENTIAL_KEYS`]), `set NAME VALUE`, Oracle's `user/password@db`, and
/// a password echoed into a program that reads it from its input.
fn segment_edits(line: &str, words: &[Word<'_>], edits: &mut Vec<(usize, usize, String)>) {
    let mut hide = |start: usize, end: usize| {
        if start < end
            && !line[start..end].contains(REDACTED)
            && !expanded_reference(line, start, end)
            && !stands_in(line, start, end)
            && let Some((start, end)) = literal_within(line, start, end)
        {
            edits.push((start, end, REDACTED.to_owned()));
        }
    };
    // Stages: word ranges between separators. A backquote opening or closing a word bounds a
    // stage too: a command quoted in prose (``Run `vault login` to sign in``, ``Use `wandb
    // login --relogin` to force relogin``) ends at its closing backquote, and the words
    // after it are prose, no operand (what is inside is judged as a substitution as well).
    let mut stages: Vec<&[Word<'_>]> = Vec::new();
    let mut from = 0;
    for (i, word) in words.iter().enumerate() {
        if is_separator(word.raw) {
            stages.push(&words[from..i]);
            from = i + 1;
        } else if word.raw.ends_with(';') || (word.raw.len() > 1 && word.raw.ends_with('`')) {
            stages.push(&words[from..=i]);
            from = i + 1;
        } else if word.raw.starts_with('`') && i > from {
            stages.push(&words[from..i]);
            from = i;
        }
    }
    stages.push(&words[from..]);
    // The echoed words of the stages just before (`echo PASS | ...`, and a group of them:
    // `(echo PASS; echo PASS) | smbpasswd -s`, `{ echo PASS; echo PASS; } | passwd`).
    let mut previous_echoes: Vec<&[Word<'_>]> = Vec::new();
    for stage in stages {
        let bares: Vec<&str> = stage.iter().map(|w| w.bare(line)).collect();
        // A group's braces and parentheses standing alone are not a program.
        let grouping = |w: &&str| matches!(*w, "" | "{" | "}" | "(" | ")");
        let first = bares.iter().position(|w| !grouping(w));
        let Some(first) = first else {
            continue;
        };
        // `yes PASS | passwd bob` repeats its word as `echo` prints it.
        let echo = matches!(
            program_name(bares[first]).as_str(),
            "echo" | "printf" | "yes"
        );
        // Only what was echoed into this stage can be its password: without echoes before it
        // the stage's words need not be judged.
        if !echo && !previous_echoes.is_empty() && reads_password_from_stdin(&bares) {
            let chpasswd = bares.iter().any(|w| program_name(w) == "chpasswd");
            for word in previous_echoes.iter().flat_map(|echo| echo.iter()) {
                let bare = word.bare(line);
                if bare.starts_with('-') || grouping(&bare) {
                    continue;
                }
                match bare.find(':') {
                    Some(at) if chpasswd => hide(word.start + at + 1, word.end),
                    _ => hide(word.start, word.end),
                }
            }
        }
        if echo {
            previous_echoes.push(&stage[first + 1..]);
        } else {
            previous_echoes.clear();
        }
        let Some(at) = bares.iter().position(|w| {
            let name = program_name(w);
            POSITIONAL
                .iter()
                .any(|(group, _, _)| group.contains(&name.as_str()))
                || ORACLE.contains(&name.as_str())
                || matches!(name.as_str(), "rclone" | "poetry" | "composer")
        }) else {
            set_edits(stage, &bares, &mut hide);
            store_edits(stage, &bares, &mut hide);
            continue;
        };
        let program = program_name(bares[at]);
        // A command named inside a sentence (`Run wandb login to sign in`, `use vault login
        // first`) is prose, not a command line: its next word is a word of the sentence. An
        // operand no sentence holds (a digit or a sign in it, or a word no sentence writes
        // there) is taken for a secret there.
        let prose = stage[first..at].iter().any(|w| prose_word(w.bare(line)));
        // A word of letters there is prose only when a sentence writes it after a command
        // (`to`, `first`, `page`): `vault login mysecrettoken` in a sentence still loses it.
        let operand_secret = |i: usize| {
            let word = bares[i].trim_end_matches(SENTENCE_END);
            !prose
                || !word.chars().all(char::is_alphabetic)
                || !crate::sentences::sentence_word(word)
        };
        // Operands: the words after the program that are not options or assignments.
        // Windows' `net` takes switches written `/add`, `/user:NAME` (a UNC path starts `\\`).
        let windows_switch =
            |w: &str| NET.contains(&program.as_str()) && w.starts_with('/') && !w.starts_with("//");
        // Samba's `net -S HOST -U USER`, `ansible-vault encrypt_string --vault-id ID`: those
        // options' values are not operands.
        let net_option_value = |i: usize| {
            (NET.contains(&program.as_str())
                && matches!(
                    bares[i - 1],
                    "-S" | "-U" | "-W" | "-I" | "-p" | "-s" | "-n" | "-w" | "-A" | "-t"
                ))
                // smbclient's options with values (`-U bob`, `-c 'ls'`, `-L //host`), so the
                // password after the service is its second operand.
                || (program == "smbclient"
                    && matches!(
                        bares[i - 1],
                        "-U" | "-W" | "-I" | "-p" | "-c" | "-D" | "-T" | "-m" | "-n" | "-O"
                            | "-R" | "-s" | "-t" | "-A" | "-L" | "-M" | "-d" | "-l" | "--user"
                            | "--workgroup" | "--command" | "--directory" | "--port"
                            | "--authentication-file" | "--max-protocol"
                    ))
                || (program == "ntfy"
                    && (NTFY_VALUE_OPTIONS.contains(&bares[i - 1])
                        || (bares[i - 1] == "-p"
                            && bares[at + 1..i]
                                .iter()
                                .any(|w| matches!(*w, "publish" | "pub" | "send" | "trigger")))))
                || (program == "ansible-vault"
                    && matches!(
                        bares[i - 1],
                        "--vault-id"
                            | "--vault-password-file"
                            | "--vault-pass-file"
                            | "--encrypt-vault-id"
                            | "-n"
                            | "--name"
                            | "--output"
                            | "--stdin-name"
                    ))
        };
        let operands: Vec<usize> = (at + 1..stage.len())
            .filter(|i| {
                !bares[*i].starts_with('-')
                    && !is_assignment(bares[*i])
                    && !windows_switch(bares[*i])
                    && !net_option_value(*i)
            })
            .collect();
        if NET.contains(&program.as_str()) {
            net_edits(stage, &bares, &operands, &mut hide);
        }
        if ORACLE.contains(&program.as_str()) {
            // The login is the first operand, or follows RMAN's connection keywords
            // (`rman target sys/PASS@db catalog rco/PASS@cat`).
            let logins = operands.iter().enumerate().filter(|(at, _)| {
                *at == 0
                    || operands.get(at - 1).is_some_and(|before| {
                        matches!(
                            bares[*before].to_ascii_lowercase().as_str(),
                            "target" | "catalog" | "auxiliary"
                        )
                    })
            });
            // `sqlldr userid=scott/PASS@orcl`, `exp USERID=...`: the login as a keyword.
            let keyword_logins = (at + 1..stage.len()).filter(|i| {
                bares[*i]
                    .get(..7)
                    .is_some_and(|k| k.eq_ignore_ascii_case("userid="))
            });
            for login in keyword_logins {
                let word = &stage[login];
                let bare = &bares[login][7..];
                if let Some(slash) = bare.find('/')
                    && slash > 0
                {
                    let end = bare[slash..].find('@').map_or(bare.len(), |a| slash + a);
                    hide(word.start + 7 + slash + 1, word.start + 7 + end);
                }
            }
            for (_, login) in logins {
                let word = &stage[*login];
                let bare = bares[*login];
                if let Some(slash) = bare.find('/')
                    && slash > 0
                    && !bare.starts_with('@')
                {
                    let end = bare[slash..].find('@').map_or(bare.len(), |a| slash + a);
                    hide(word.start + slash + 1, word.start + end);
                }
            }
            continue;
        }
        for (group, keywords, position) in POSITIONAL {
            if !group.contains(&program.as_str()) {
                continue;
            }
            // Where the keywords end among the operands.
            let after = if keywords.is_empty() {
                Some(0)
            } else {
                operands
                    .windows(keywords.len())
                    .position(|w| {
                        w.iter()
                            .zip(keywords.iter())
                            .all(|(i, k)| bares[*i].eq_ignore_ascii_case(k))
                    })
                    .map(|p| p + keywords.len())
            };
            let Some(after) = after else { continue };
            let rest = &operands[after..];
            let target = if *position == 0 {
                rest.last()
            } else {
                rest.get(position - 1)
            };
            if let Some(i) = target
                && operand_secret(*i)
            {
                hide(stage[*i].start, stage[*i].end);
            }
        }
        // `poetry config http-basic.REPO user pass`, `composer config gitlab-token.HOST T`.
        for (k, i) in operands.iter().enumerate() {
            if let Some((_, position)) = CREDENTIAL_KEYS
                .iter()
                .find(|(prefix, _)| bares[*i].starts_with(prefix))
                && let Some(target) = operands.get(k + position)
                && operand_secret(*target)
            {
                hide(stage[*target].start, stage[*target].end);
            }
        }
        // `rclone config create NAME TYPE key value ...`: secret-named keys hide their values.
        if program == "rclone" {
            for pair in operands.windows(2) {
                if is_secret_name(bares[pair[0]]) {
                    hide(stage[pair[1]].start, stage[pair[1]].end);
                }
            }
        }
        set_edits(stage, &bares, &mut hide);
        store_edits(stage, &bares, &mut hide);
    }
}

/// Signs ending a sentence's word (`use vault login first.`).
const SENTENCE_END: &[char] = &['.', ',', ';', ':', '!', '?', ')'];

/// Whether `word` is a word of a sentence before a command's name: a capitalised word
/// (`Run`, `Then`; commands are written in small letters) or a word prose puts before a
/// command (`use`, `run`, `then`, `you`).
fn prose_word(word: &str) -> bool {
    let mut chars = word.chars();
    let capitalised = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.clone().count() > 0
        && chars.all(|c| c.is_ascii_lowercase());
    capitalised
        || matches!(
            word.trim_end_matches(SENTENCE_END),
            "run"
                | "use"
                | "try"
                | "then"
                | "please"
                | "you"
                | "we"
                | "to"
                | "and"
                | "or"
                | "first"
                | "with"
                | "via"
                | "call"
                | "type"
                | "execute"
                | "just"
                | "can"
                | "should"
                | "must"
                | "need"
                | "the"
                | "a"
                | "an"
                | "by"
                | "after"
                | "before"
                | "once"
                | "now"
                | "also"
                | "simply"
                | "if"
                | "when"
                | "do"
                | "running"
                | "using"
                | "is"
                | "was"
        )
}

/// Windows' `net user NAME PASS` (`/add`, `/domain` anywhere) and `net use [DEVICE] SHARE
/// PASS [/user:NAME]` (the password is the operand after the share, also written after the
/// switches). `*` asks for the password: nothing to hide.
fn net_edits(
    stage: &[Word<'_>],
    bares: &[&str],
    operands: &[usize],
    hide: &mut impl FnMut(usize, usize),
) {
    let Some(first) = operands.first() else {
        return;
    };
    let target = if bares[*first].eq_ignore_ascii_case("user") {
        operands.get(2)
    } else if bares[*first].eq_ignore_ascii_case("use") {
        operands
            .iter()
            .position(|i| {
                let w = bares[*i];
                w.starts_with("\\\\") || w.starts_with("//") || w.starts_with("http")
            })
            .and_then(|share| operands.get(share + 1))
    } else {
        None
    };
    if let Some(i) = target
        && bares[*i] != "*"
    {
        hide(stage[*i].start, stage[*i].end);
    }
}

/// Secrets handed to a secret store or to a program's standard input within one stage:
///
/// - `aws ssm put-parameter --value X`, `az keyvault secret set --value X`,
///   `aws secretsmanager ... --secret-string X`: the stored value;
/// - `kubectl create secret generic --from-literal=KEY=X`: every literal of a Secret;
/// - `sudo -S <<< X`, `chpasswd <<< 'bob:X'`: a here-string read as a password;
/// - Dockerfile's `ENV NAME value with blanks` and Windows' `setx NAME X`.
fn store_edits(stage: &[Word<'_>], bares: &[&str], hide: &mut impl FnMut(usize, usize)) {
    let has = |w: &str| bares.iter().any(|b| b.eq_ignore_ascii_case(w));
    let secret_store = has("put-parameter")
        || has("secretsmanager")
        || (has("keyvault") && has("secret"))
        || ((has("secret") || has("secrets")) && (has("set") || has("create") || has("add")));
    let kubernetes_secret = has("create") && has("secret");
    for (i, bare) in bares.iter().enumerate() {
        let next = stage.get(i + 1);
        if secret_store
            && matches!(
                *bare,
                "--value" | "--secret-string" | "--secret-binary" | "--body" | "-b"
            )
            && let Some(next) = next
        {
            hide(next.start, next.end);
        }
        if secret_store
            && let Some(value) = ["--value=", "--secret-string="]
                .iter()
                .find_map(|o| bare.strip_prefix(o))
        {
            hide(stage[i].end - value.len(), stage[i].end);
        }
        if kubernetes_secret
            && let Some((_, value)) = bare
                .strip_prefix("--from-literal=")
                .and_then(|l| l.split_once('='))
            && !value.starts_with(REDACTED)
        {
            hide(stage[i].end - value.len(), stage[i].end);
        }
        if *bare == "<<<"
            && reads_password_from_stdin(bares)
            && let Some(next) = next
        {
            let value = bares.get(i + 1).copied().unwrap_or("");
            let from = if bares.iter().any(|w| program_name(w) == "chpasswd") {
                value.find(':').map_or(0, |at| at + 1)
            } else {
                0
            };
            hide(next.start + from, next.end);
        }
    }
    // Dockerfile `ENV NAME value` (the old form, the value is the rest), `setx NAME VALUE`
    // and `export NAME VALUE` written so.
    if let [first, name, rest @ ..] = bares
        && (*first == "ENV"
            || first.eq_ignore_ascii_case("setx")
            || (*first == "export" && rest.len() == 1 && !rest[0].contains('=')))
        && !name.contains('=')
        && (is_secret_name(name)
            || (rest.len() == 1
                && (crate::credpairs::user_variable_password(name, rest[0]).is_some()
                    // `setx PUSH_INSTALLATION_KEY abcdefghijklmnop`: a key by its name and
                    // its value's shape.
                    || crate::keysettings::holds_own_key(name, rest[0]))))
        && let (Some(start), Some(last)) = (stage.get(2), stage.last())
    {
        if stage.len() == 3 {
            hide_named_value(name, bares[2], start, hide);
        } else {
            hide(start.start, last.end);
        }
    }
}

/// Hides the value `word` (`bare` unquoted) given to the variable `name`: all of it, but for a
/// user variable written `user:password` (`setx ETCDCTL_USER root:PASS`) only the password,
/// and nothing for its user alone (`setx ETCDCTL_USER root`).
fn hide_named_value(name: &str, bare: &str, word: &Word<'_>, hide: &mut impl FnMut(usize, usize)) {
    if crate::credpairs::user_alone(name, bare) {
        return;
    }
    if let Some(from) = crate::credpairs::user_variable_password(name, bare) {
        hide(word.start + from, word.end);
        return;
    }
    hide(word.start, word.end);
}

/// Whether a word is `name=value` (base64 padding, `key==`, is not).
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, value)| {
        !name.is_empty()
            && !value.is_empty()
            && !value.starts_with('=')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    })
}

/// `set NAME VALUE` and `setenv NAME VALUE` (`aws configure set`, `npm config set`, redis
/// `CONFIG SET`, csh `setenv`, fish `set -x`), and a key-value store's `put KEY VALUE`, where
/// NAME is a secret's: the value goes.
fn set_edits(stage: &[Word<'_>], bares: &[&str], hide: &mut impl FnMut(usize, usize)) {
    // Key-value stores' `put KEY VALUE` too (`consul kv put secret/db/password x`, `etcdctl
    // put /app/api_token x`), the key judged as a name.
    let kv_store = bares
        .iter()
        .any(|w| matches!(program_name(w).as_str(), "consul" | "etcdctl"));
    // GitLab's `glab variable set|update NAME VALUE`: `--masked` (or `--masked-and-hidden`,
    // `--hidden`) says the value is a secret whatever its name.
    let glab = bares.iter().any(|w| program_name(w) == "glab") && bares.contains(&"variable");
    let masked = glab
        && bares
            .iter()
            .any(|w| matches!(*w, "--masked" | "--masked-and-hidden" | "--hidden"));
    let Some(at) = bares.iter().position(|w| {
        (glab && *w == "update")
            || w.eq_ignore_ascii_case("set")
                || w.eq_ignore_ascii_case("setenv")
                // nginx's `fastcgi_param NAME VALUE;` and its siblings.
                || matches!(*w, "fastcgi_param" | "uwsgi_param" | "scgi_param")
                // Netlify's `env:set NAME VALUE` and other CLIs' `topic:set` subcommands.
                || (w.ends_with(":set") && w.len() > 4)
                || (kv_store && *w == "put")
    }) else {
        return;
    };
    let mut operands: Vec<usize> = (at + 1..stage.len())
        .filter(|i| !bares[*i].starts_with('-'))
        .collect();
    // `puppet config set --section agent password x`: the first word after an option is that
    // option's value when two more follow.
    if operands.len() == 3
        && bares[operands[0] - 1].starts_with('-')
        && !bares[operands[0] - 1].contains('=')
    {
        operands.remove(0);
    }
    let mut operands = operands.into_iter();
    // Exactly one value word, ending the command: `Set PASSWORD in the environment` is prose.
    if let (Some(name), Some(value), None) = (operands.next(), operands.next(), operands.next())
        && (masked
            || is_secret_name(bares[name])
            // `set -x PUSH_INSTALLATION_KEY abcdefghijklmnop`: a key by its name and shape.
            || crate::keysettings::holds_own_key(bares[name], bares[value])
            || crate::credpairs::user_variable_password(bares[name], bares[value]).is_some())
        && !DIRECTIVE_KEYWORDS.contains(&bares[value].to_ascii_lowercase().as_str())
        // `set token rotation`, `set password policy`: prose about secrets.
        && !crate::text::prose_after_secret_word(bares[value])
    {
        hide_named_value(bares[name], bares[value], &stage[value], hide);
    }
}

/// Programs whose `-u`/`--user` (or another option) takes a user and a group, `USER:GROUP`,
/// or whose `-u` is a switch before an address (`socat -u TCP:h:80 -`): their pairs are no
/// logins.
const USER_GROUP_PROGRAMS: &[&str] = &[
    "docker",
    "podman",
    "nerdctl",
    "buildah",
    "crictl",
    "ctr",
    "runc",
    "crun",
    "lxc-attach",
    "lxc-execute",
    "systemd-nspawn",
    "systemd-run",
    "sudo",
    "su",
    "runuser",
    "setpriv",
    "chown",
    "chgrp",
    "rsync",
    "tar",
    "install",
    "unshare",
    "bwrap",
    "firejail",
    "nsenter",
    "chroot",
    "start-stop-daemon",
    "chpst",
    "gosu",
    "su-exec",
    "socat",
    "nc",
    "ncat",
    "netcat",
    "uwsgi",
    "gunicorn",
    // `-u` names a user to look for or act as.
    "ps",
    "pgrep",
    "pkill",
    "top",
    "htop",
    "killall",
    "crontab",
    "lsof",
    "git",
    "sort",
    "uniq",
];

/// Whether `word` is shaped as a login and its password, `USER:PASS`: a user of a name's
/// characters starting with a letter, then one field without a colon or a slash that is not
/// the user again (`root:root`) nor a number beside a number.
fn login_pair(word: &str) -> bool {
    let Some((user, secret)) = word.split_once(':') else {
        return false;
    };
    user.starts_with(|c: char| c.is_ascii_alphabetic())
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '\\'))
        && !secret.is_empty()
        && !secret.contains([':', '/'])
        && !secret.eq_ignore_ascii_case(user)
        && !secret.starts_with(REDACTED)
        // `root:x`: the passwd file's mark that the password is elsewhere.
        && secret != "x"
}

/// Where the secret starts in a cluster of short options (`-sSfu user:pass` gives the index
/// after `u`), for programs whose options without values are known ([`CLUSTERS`]).
fn cluster_option(programs: &[String], bare: &str) -> Option<usize> {
    let letters = bare.strip_prefix('-').filter(|r| !r.starts_with('-'))?;
    let (_, flags) = CLUSTERS
        .iter()
        .find(|(group, _)| programs.iter().any(|p| group.contains(&p.as_str())))?;
    for (i, c) in letters.char_indices() {
        let option = format!("-{c}");
        let takes_secret = OPTIONS.iter().any(|(group, o, _)| {
            *o == option && programs.iter().any(|p| group.contains(&p.as_str()))
        });
        if takes_secret {
            // Only after at least one flag: `-u` alone is read by `option_of`.
            return (i > 0).then_some(1 + i + c.len_utf8());
        }
        if !flags.contains(c) {
            return None;
        }
    }
    None
}

/// Whether `program` (a path or a name) takes a secret as one of its operands: the programs of
/// [`POSITIONAL`], Windows' and Samba's `net`, Oracle's tools, and the password file editors.
pub(crate) fn takes_secret_operands(program: &str) -> bool {
    let name = program_name(program);
    POSITIONAL
        .iter()
        .any(|(group, _, _)| group.contains(&name.as_str()))
        || NET.contains(&name.as_str())
        || ORACLE.contains(&name.as_str())
        || matches!(
            name.as_str(),
            "rclone" | "poetry" | "composer" | "wpa_passphrase" | "chpasswd"
        )
}

/// Whether the word pass reads this program's options (by its name without directories).
pub(crate) fn is_known_program(name: &str) -> bool {
    /// Every program the tables above name, gathered once: each word of every redacted line is
    /// looked up, and scanning the tables per word was a quarter of redaction's instructions.
    static KNOWN: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| {
            OPTIONS
                .iter()
                .flat_map(|(group, _, _)| group.iter())
                .chain(KEYWORDS.iter().flat_map(|(group, _)| group.iter()))
                .chain(REGISTRY_CLIENTS)
                .chain(POSTGRES)
                .chain(&[
                    "wpa_passphrase",
                    "htpasswd",
                    "mosquitto_passwd",
                    "xfreerdp",
                    "wlfreerdp",
                    "rclone",
                    "openvpn",
                ])
                .copied()
                .collect()
        });
    KNOWN.contains(name)
}

/// The byte ranges (in the line) of the contents of each quoted part of a word.
fn quoted_segments(word: &Word<'_>) -> Vec<(usize, usize)> {
    let offset = word.at;
    let mut segments = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (at, c) in word.raw.char_indices() {
        match open {
            Some((quote, start)) if c == quote => {
                segments.push((offset + start, offset + at));
                open = None;
            }
            Some(_) => {}
            None if c == '\'' || c == '"' => open = Some((c, at + 1)),
            None => {}
        }
    }
    // An unclosed quote (still `open` here) runs to the end of the line: not a command of
    // its own, so it is not read again.
    segments
}

/// An option's name without its dashes, for options written `--name` or `-name` (longer than a
/// short option) with no `=`.
fn long_option(bare: &str) -> Option<&str> {
    if bare.contains('=') {
        return None;
    }
    // `--2fa CODE`: a long option may start with a digit; `-1` (`head -1`) is a number.
    if let Some(name) = bare.strip_prefix("--") {
        return name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            .then_some(name);
    }
    let name = bare
        .strip_prefix('-')
        .filter(|rest| rest.len() > 1 && !rest.starts_with('-'))?;
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        .then_some(name)
}

/// Options that carry a secret in some subcommands only: (program, option, the subcommands
/// where the option means something else). cabal's `upload -p PASS` is a password, `build -p`
/// is not; Hatch's `publish -a TOKEN` and PDM's `publish -P PASS` likewise. The option is read
/// as a secret unless one of the listed subcommands was written (any other, or none, fails
/// closed: `cabal -u bob -p PASS`).
const SUBCOMMAND_OPTIONS: &[(&str, &str, &[&str])] = &[
    ("cabal", "-p", CABAL_BUILDING),
    ("hatch", "-a", HATCH_OTHERS),
    ("hatch", "--auth", HATCH_OTHERS),
    ("pdm", "-P", PDM_OTHERS),
];
/// cabal's subcommands that build, run or describe a package (also as `v1-`, `v2-`, `new-`).
const CABAL_BUILDING: &[&str] = &[
    "build",
    "run",
    "test",
    "bench",
    "repl",
    "install",
    "haddock",
    "haddock-project",
    "exec",
    "list-bin",
    "configure",
    "freeze",
    "clean",
    "sdist",
    "target",
    "outdated",
    "gen-bounds",
    "check",
    "update",
    "init",
    "get",
    "unpack",
    "fetch",
    "list",
    "info",
    "path",
    "format",
];
const HATCH_OTHERS: &[&str] = &[
    "build", "clean", "env", "run", "shell", "test", "version", "fmt", "new", "project", "python",
    "status", "config", "dep",
];
const PDM_OTHERS: &[&str] = &[
    "add", "build", "cache", "export", "fix", "import", "info", "init", "install", "list", "lock",
    "outdated", "python", "remove", "run", "search", "show", "sync", "update", "use", "venv",
];

/// Whether `option` of the programs `group` carries its secret after the plain words
/// `operands` (see [`SUBCOMMAND_OPTIONS`]).
fn in_its_subcommand(group: &[&str], option: &str, operands: &[String]) -> bool {
    SUBCOMMAND_OPTIONS
        .iter()
        .filter(|(program, o, _)| *o == option && group.contains(program))
        .all(|(_, _, others)| {
            !operands.first().is_some_and(|w| {
                let w = ["v1-", "v2-", "new-"]
                    .iter()
                    .find_map(|p| w.strip_prefix(p))
                    .unwrap_or(w);
                others.contains(&w)
            })
        })
}

/// The program-specific option `bare` is or starts with, for the programs of this stage:
/// how it carries its secret, and the option as written in the table.
fn option_of(
    programs: &[String],
    operands: &[String],
    login: bool,
    bare: &str,
) -> Option<(Takes, &'static str)> {
    let registry_login = login
        && programs
            .iter()
            .any(|p| REGISTRY_CLIENTS.contains(&p.as_str()));
    if registry_login {
        for option in ["--password", "-p"] {
            if bare == option || bare.starts_with(&format!("{option}=")) {
                return Some((Takes::Both, option));
            }
        }
        if bare.starts_with("-p") && bare.len() > 2 && !bare.starts_with("--") {
            return Some((Takes::Attached, "-p"));
        }
    }
    // Windows switches (`/RP`, `-P:`) are read in either case.
    let lower = bare.to_ascii_lowercase();
    OPTIONS
        .iter()
        .filter(|(group, _, _)| programs.iter().any(|p| group.contains(&p.as_str())))
        .filter(|(group, option, _)| in_its_subcommand(group, option, operands))
        .find(|(_, option, takes)| {
            let bare = if option.starts_with('/') || option.ends_with(':') {
                lower.as_str()
            } else {
                bare
            };
            let attached = if option.starts_with("--") {
                bare.starts_with(&format!("{option}="))
            } else {
                bare.starts_with(option) && bare.len() > option.len()
            };
            // `influx -password PASS`, `-token TOKEN`: a long option written with one dash
            // (Go's flags), not `-p` with `assword` attached; read as such below.
            let long_secret = *takes == Takes::Both
                && !bare.starts_with("--")
                && bare.len() > option.len() + 2
                && is_secret_name(&bare[1..]);
            bare == *option || (attached && *takes != Takes::Separate && !long_secret)
        })
        .map(|(_, option, takes)| (*takes, *option))
}

/// The secret's byte range inside `word` from `from`: the whole rest, or what follows the
/// user's name for `user:secret` and `user%secret`.
fn within(word: &Word<'_>, from: usize, takes: Takes, line: &str) -> (usize, usize) {
    let start = (word.start + from).min(word.end);
    let value = &line[start..word.end];
    let separator = match takes {
        Takes::UserColon => Some(':'),
        Takes::UserPercent => Some('%'),
        Takes::UserComma => Some(','),
        Takes::Attached | Takes::Separate | Takes::Both => None,
    };
    match separator {
        // `curl -u ghp_x:x`, `TOKEN123:x`: a token-shaped user goes with its password.
        // Help text's `-u USER:PASSWORD` names both and stays.
        Some(':')
            if value.find(':').is_some_and(|at| {
                let user = value[..at].trim_start_matches(['"', '\'']);
                let password = value[at + 1..].trim_end_matches(['"', '\'', ',']);
                let metavariables = user.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                    && crate::placeholders::stands_in_for("password", password);
                crate::credpairs::token_shaped_user(user) && !metavariables
            }) =>
        {
            let quote = value.len() - value.trim_start_matches(['"', '\'']).len();
            (start + quote, word.end)
        }
        Some(sep) => match value.find(sep) {
            Some(at) => (start + at + 1, word.end),
            // A user name alone: nothing secret here.
            None => (word.end, word.end),
        },
        None => (start, word.end),
    }
}

/// The length of zsh's extended history prefix (`: 1700000000:0;`) at the start of `line`, or 0.
fn zsh_history_prefix(line: &str) -> usize {
    let Some(rest) = line.strip_prefix(": ") else {
        return 0;
    };
    let Some((stamp, _)) = rest.split_once(';') else {
        return 0;
    };
    let shaped = stamp.split_once(':').is_some_and(|(time, duration)| {
        !time.is_empty()
            && !duration.is_empty()
            && time.chars().all(|c| c.is_ascii_digit())
            && duration.chars().all(|c| c.is_ascii_digit())
    });
    if shaped { 2 + stamp.len() + 1 } else { 0 }
}

/// Runs the word pass over every line of `text`.
/// The edits of `line` (which starts at `offset` of its whole line), and those of each command
/// substitution in it read as a command of its own (`--password $(openssl passwd -6 'PASS')`,
/// `` `mysql -pPASS -e ...` ``), sorted by where they start.
fn edits_with_substitutions(
    line: &str,
    offset: usize,
    depth: usize,
) -> Vec<(usize, usize, String)> {
    let mut edits: Vec<(usize, usize, String)> = line_edits(line, 0)
        .into_iter()
        .map(|(start, end, replacement)| (start + offset, end + offset, replacement))
        .collect();
    if depth < 4 {
        for (start, end) in substitutions(line)
            .into_iter()
            .chain(command_values(line))
            .chain(option_values(line))
        {
            edits.extend(edits_with_substitutions(
                &line[start..end],
                offset + start,
                depth + 1,
            ));
        }
    }
    edits.sort_by_key(|(start, _, _)| *start);
    edits
}

/// The byte ranges of commands given as an option's or a setting's value named for a command
/// (`-o "ProxyCommand=sshpass -p X ssh ..."`, `LocalCommand=...`): from after the `=` to the
/// quote that opened the word, or to the line's end.
fn command_values(line: &str) -> Vec<(usize, usize)> {
    let lower = line.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("command=") {
        let value = from + at + "command=".len();
        let name_start = lower[..from + at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .map_or(0, |n| n + 1);
        let opener = line[..name_start].chars().next_back();
        let end = match opener {
            Some(q @ ('"' | '\'')) => line[value..].find(q).map_or(line.len(), |n| value + n),
            _ => line.len(),
        };
        found.push((value, end));
        from = end.max(value);
    }
    found
}

/// The byte ranges of the argument strings held by variables (`ARGOCD_OPTS=--auth-token X`,
/// `Environment="VAULT_ARGS=-token=X"`, as `env`, `docker inspect` and systemd print them):
/// a value opening with an option, from after the `=` to the quote that opened the assignment,
/// or to the line's end.
fn option_values(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = line[from..].find("=-") {
        let eq = from + at;
        let value = eq + 1;
        let name_start = line[..eq]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |n| n + 1);
        let opener = line[..name_start].chars().next_back();
        let named = name_start < eq
            && bytes[name_start].is_ascii_alphabetic()
            && !matches!(opener, Some('-' | '.' | '/'));
        let end = match opener {
            Some(q @ ('"' | '\'')) => line[value..].find(q).map_or(line.len(), |n| value + n),
            _ => line.len(),
        };
        if named {
            found.push((value, end));
        }
        from = value;
    }
    found
}

/// The byte ranges of the commands inside `$(...)` and `` `...` `` in `line`, outermost only.
fn substitutions(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' && bytes.get(i + 1) == Some(&b'(') && bytes.get(i + 2) != Some(&b'(') {
            let start = i + 2;
            let mut depth = 1;
            let mut quote: Option<u8> = None;
            let mut j = start;
            while j < bytes.len() {
                match (quote, bytes[j]) {
                    (Some(q), b) if b == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'\'' | b'"') => quote = Some(bytes[j]),
                    (None, b'(') => depth += 1,
                    (None, b')') => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            found.push((start, j.min(bytes.len())));
            i = j + 1;
        } else if bytes[i] == b'`' {
            let start = i + 1;
            let end = line[start..].find('`').map_or(line.len(), |n| start + n);
            found.push((start, end));
            i = end + 1;
        } else {
            i += 1;
        }
    }
    found
}

/// The here-document opened on `line` (`<<EOF`, `<<-'EOF'`, `<< "END"`; not a here-string
/// `<<<`): the words of the command before it, and its terminator.
fn heredoc_opener(line: &str) -> Option<(Vec<&str>, &str)> {
    let at = line.find("<<")?;
    let after = &line[at + 2..];
    if after.starts_with('<') {
        return None;
    }
    let after = after.strip_prefix('-').unwrap_or(after).trim_start();
    let terminator = after
        .split_whitespace()
        .next()?
        .trim_matches(['\'', '"'])
        .trim_end_matches(';');
    if terminator.is_empty()
        || !terminator
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    let words = line[..at]
        .split_whitespace()
        .map(|w| w.trim_matches(['\'', '"']))
        .collect();
    Some((words, terminator))
}

/// A line of a script fed to an FTP client with its password hidden: `user NAME PASS`,
/// `login NAME PASS` (lftp), `pass PASS`, `quote PASS PASS` (the raw command).
fn ftp_script_line(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    let secret = match words.as_slice() {
        [command, _, secret, ..]
            if matches!(command.to_ascii_lowercase().as_str(), "user" | "login") =>
        {
            Some(*secret)
        }
        [command, raw, secret, ..]
            if matches!(command.to_ascii_lowercase().as_str(), "quote" | "literal")
                && raw.eq_ignore_ascii_case("pass") =>
        {
            Some(*secret)
        }
        [command, secret] if command.eq_ignore_ascii_case("pass") => Some(*secret),
        _ => None,
    };
    match secret {
        Some(secret) if !secret.contains(REDACTED) => {
            let at = line.rfind(secret).unwrap_or(line.len());
            format!("{}{REDACTED}{}", &line[..at], &line[at + secret.len()..])
        }
        _ => line.to_owned(),
    }
}

/// `text` with the body of every here-document fed to a program that reads a password from
/// its standard input (`passwd bob <<EOF`, `smbpasswd -a bob <<EOF`, `kinit bob <<EOF`) hidden,
/// line by line, and the login commands of a script fed to an FTP client (`ftp -n <<EOF`,
/// `user bob PASS`); the opener and the terminator stay.
fn redact_heredoc_passwords(text: &str) -> String {
    if !text.contains("<<") {
        return text.to_owned();
    }
    let mut out: Vec<String> = Vec::new();
    let mut terminator: Option<String> = None;
    // A script fed to an FTP client: only its login commands carry the password.
    let mut ftp_script: Option<String> = None;
    for line in text.split('\n') {
        if let Some(end) = &terminator {
            if line.trim() == end {
                terminator = None;
                out.push(line.to_owned());
            } else if line.trim().is_empty() || line.contains(REDACTED) {
                out.push(line.to_owned());
            } else {
                let lead = &line[..line.len() - line.trim_start().len()];
                out.push(format!("{lead}{REDACTED}"));
            }
            continue;
        }
        if let Some(end) = &ftp_script {
            if line.trim() == end {
                ftp_script = None;
            }
            out.push(ftp_script_line(line));
            continue;
        }
        if let Some((words, end)) = heredoc_opener(line) {
            if reads_password_from_stdin(&words)
                || words.iter().any(|w| program_name(w) == "smbpasswd")
            {
                terminator = Some(end.to_owned());
            } else if words
                .iter()
                .any(|w| matches!(program_name(w).as_str(), "ftp" | "pftp" | "lftp" | "tnftp"))
            {
                ftp_script = Some(end.to_owned());
            }
        }
        out.push(line.to_owned());
    }
    out.join("\n")
}

pub(crate) fn redact_words(text: &str) -> String {
    let text = &redact_heredoc_passwords(text);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // zsh's extended history (`: 1700000000:0;mysql -pX`): the command after the `;`.
        let prefix = zsh_history_prefix(line);
        let edits = edits_with_substitutions(&line[prefix..], prefix, 0);
        let mut copied = 0;
        for (start, end, replacement) in edits {
            if start < copied {
                continue;
            }
            out.push_str(&line[copied..start]);
            out.push_str(&replacement);
            copied = end;
        }
        out.push_str(&line[copied..]);
    }
    out
}

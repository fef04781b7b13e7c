//! Programs that take commands or queries from their input (interactive or batch mode). What
//! they do is then decided by data the line does not show: in a pipeline, by whatever an earlier
//! stage printed, which may be a log line an attacker wrote (`journalctl | nslookup - SERVER`
//! turns every line into a query to SERVER). Such a command is never low, alone or as a pipeline
//! stage, whatever its family's table says. Most of these programs are not in any table (so
//! medium already); the list keeps them from becoming low through a table added later.

/// Programs whose input is a stream of commands in any form: calculators that run shell
/// commands (`dc`'s `!`), database shells, file transfer and remote session clients, DNS update
/// and time daemon consoles, debuggers, and management shells.
const COMMAND_READERS: &[&str] = &[
    "bc",
    "dc",
    "sqlite3",
    "ftp",
    "sftp",
    "tftp",
    "lftp",
    "telnet",
    "nsupdate",
    "ntpdc",
    "mysql",
    "mariadb",
    "psql",
    "redis-cli",
    "valkey-cli",
    "keydb-cli",
    "clickhouse-client",
    "sqlcmd",
    "mongo",
    "mongosh",
    "cqlsh",
    "smbclient",
    "gdb",
    "bluetoothctl",
    "bconsole",
    "kadmin",
    "kadmin.local",
    "ldapmodify",
    "ldapadd",
    "ed",
    "ex",
];

/// The words of `args` that are operands by the loose rule DNS clients follow: anything not an
/// option, and `-` (which means "the input").
fn loose_operands(args: &[String]) -> impl Iterator<Item = &str> {
    args.iter()
        .map(String::as_str)
        .filter(|a| *a == "-" || !a.starts_with('-'))
}

/// Why `name` with `args` reads commands or queries from its input, if it does.
pub fn reads_commands(name: &str, args: &[String]) -> Option<String> {
    // Asked only for its version or help, a program reads nothing.
    let asks_version = !args.is_empty()
        && args
            .iter()
            .all(|a| matches!(a.as_str(), "--version" | "-V" | "--help"));
    if COMMAND_READERS.contains(&name) && !asks_version {
        return Some(format!("{name} reads commands from its input"));
    }
    match name {
        // No name to look up, or `-`: interactive mode, where each input line is a query or a
        // command (`server IP` picks the server every later query goes to).
        "nslookup" if loose_operands(args).next().is_none_or(|first| first == "-") => Some(
            "nslookup without a name (or with -) reads queries and commands such as `server IP` from its input"
                .to_owned(),
        ),
        // Without a command, chronyc and openssl read commands from their input.
        "chronyc" | "openssl" if loose_operands(args).next().is_none() => {
            Some(format!("{name} without a command reads commands from its input"))
        }
        // ntpq runs its `-p` (peers) query and exits; without it, it reads commands
        // (`:config` among them) from its input.
        "ntpq"
            if !args.iter().any(|a| {
                a == "--peers"
                    || (a.len() > 1
                        && a.starts_with('-')
                        && !a.starts_with("--")
                        && a.contains('p')
                        && a[1..].chars().all(|c| "pn46w".contains(c)))
            }) =>
        {
            Some("ntpq without -p reads commands (`:config` among them) from its input".to_owned())
        }
        // virsh without a command is its own shell on the input.
        "virsh" if !super::hosts::virsh_has_command(args) => {
            Some("virsh without a command reads commands from its input".to_owned())
        }
        // `nft -i`, `nft --interactive` (any prefix): a rule shell on the input.
        "nft"
            if args.iter().any(|a| {
                a == "-i"
                    || (a.starts_with("--")
                        && a.len() > 2
                        && "--interactive".starts_with(a.as_str()))
            }) =>
        {
            Some("nft -i reads firewall commands from its input".to_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::reads_commands;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn interactive_forms_are_found() {
        for line in [
            "nslookup",
            "nslookup -",
            "nslookup - 203.0.113.9",
            "nslookup -type=TXT",
            "nslookup -query=TXT -",
            "bc",
            "bc -q",
            "dc",
            "sqlite3 /tmp/x.db",
            "ftp 203.0.113.9",
            "openssl",
            "chronyc -n",
            "nft -i",
            "nft --inter",
            "ntpq",
            "ntpq -n",
            "ntpq -c rv",
            "ntpq localhost",
            "virsh",
            "virsh -c qemu:///system",
            "virsh -r",
        ] {
            let (name, args) = words(line)
                .split_first()
                .map(|(n, a)| (n.clone(), a.to_vec()))
                .unwrap_or_default();
            assert!(reads_commands(&name, &args).is_some(), "{line}");
        }
        for line in [
            "nslookup example.com",
            "nslookup -type=TXT example.com",
            "openssl x509 -noout -in /etc/ssl/certs/a.pem",
            "chronyc tracking",
            "nft list ruleset",
            "psql --version",
            "ntpq -p",
            "ntpq -pn",
            "ntpq -n -p localhost",
            "ntpq --peers",
            "virsh list",
            "virsh -c qemu:///system list --all",
        ] {
            let (name, args) = words(line)
                .split_first()
                .map(|(n, a)| (n.clone(), a.to_vec()))
                .unwrap_or_default();
            assert!(reads_commands(&name, &args).is_none(), "{line}");
        }
    }
}

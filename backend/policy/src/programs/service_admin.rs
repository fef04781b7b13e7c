//! Administration clients of services: PostgreSQL's (`dropdb`, `createuser`, `pg_ctl`),
//! `mysqladmin`, Consul, Nomad, InfluxDB, RabbitMQ, Kafka's scripts, and the SQL shells of
//! ClickHouse and SQL Server. What they change is the service, as a `DELETE` request does
//! (`requests.rs`): no sandbox contains the change, and in the sandbox, which has no network
//! and no host sockets, such a command could only fail. So each is judged by a positive set of
//! the verbs that only read, a network transfer (medium); every other verb (`dropdb app`,
//! `mysqladmin drop shop`, `consul kv delete -recurse`, `influx bucket delete -n x`,
//! `kafka-topics.sh --delete`) is high, a human's decision.

use super::requests::raise;
use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// PostgreSQL's programs that exist to change a cluster (create or drop a database, a role or a
/// cluster, reset or rewind its write-ahead log): none of them reads.
const POSTGRES_CHANGERS: &[&str] = &[
    "dropdb",
    "dropuser",
    "createdb",
    "createuser",
    "pg_dropcluster",
    "pg_createcluster",
    "pg_renamecluster",
    "pg_upgradecluster",
    "pg_resetwal",
    "pg_resetxlog",
    "pg_rewind",
];

/// mysqladmin's commands that only print.
const MYSQLADMIN_READS: &[&str] = &[
    "status",
    "extended-status",
    "processlist",
    "variables",
    "version",
    "ping",
];

/// rabbitmqctl's and rabbitmq-diagnostics' commands that only print (`environment` is left
/// out: it prints the node's configuration, credentials included).
const RABBITMQ_READS: &[&str] = &[
    "status",
    "cluster_status",
    "ping",
    "version",
    "server_version",
    "list_queues",
    "list_exchanges",
    "list_bindings",
    "list_connections",
    "list_channels",
    "list_consumers",
    "list_vhosts",
    "list_users",
    "list_permissions",
    "list_policies",
    "listeners",
    "alarms",
    "memory_breakdown",
    "check_running",
    "check_local_alarms",
    "check_alarms",
    "check_port_connectivity",
    "check_virtual_hosts",
    "node_health_check",
];

/// The words of `args` that are not options (an option's value among them: a verb is looked
/// for in its place, so a value read as a verb can only make the line stricter).
fn operands(args: &[String]) -> Vec<&str> {
    args.iter()
        .map(String::as_str)
        .filter(|word| !word.starts_with('-'))
        .collect()
}

/// Whether `args` asks only for the program's help or version.
fn only_help(args: &[String]) -> bool {
    !args.is_empty()
        && args
            .iter()
            .all(|w| matches!(w.as_str(), "--help" | "-?" | "--version" | "-V"))
}

/// Whether the verbs of a program whose commands are `VERB [SUBVERB]` read: the first
/// operand, or the first two joined by a space, is in `reads`.
fn verb_reads(args: &[String], reads: &[&str]) -> bool {
    let words = operands(args);
    let one = words.first().copied().unwrap_or_default();
    let two = words
        .get(..2)
        .map(|pair| pair.join(" "))
        .unwrap_or_default();
    reads.contains(&one) || reads.contains(&two.as_str())
}

/// Whether a Kafka script only lists or describes: `--list` or `--describe`, and no option that
/// acts (`--create`, `--delete`, `--alter`, `--reset-offsets`, `--execute`, `--add-config`...).
fn kafka_reads(args: &[String]) -> bool {
    let mut describes = false;
    for word in args.iter().filter(|w| w.starts_with("--")) {
        let option = word.split('=').next().unwrap_or(word);
        match option {
            "--list" | "--describe" => describes = true,
            "--bootstrap-server"
            | "--zookeeper"
            | "--topic"
            | "--group"
            | "--all-groups"
            | "--all-topics"
            | "--entity-type"
            | "--entity-name"
            | "--command-config"
            | "--members"
            | "--offsets"
            | "--state"
            | "--verbose"
            | "--under-replicated-partitions"
            | "--unavailable-partitions"
            | "--exclude-internal"
            | "--timeout" => {}
            _ => return false,
        }
    }
    describes
}

/// Whether a SQL shell is given statements: ClickHouse's `-q`/`--query`/`--queries-file`, SQL
/// Server's `-Q`/`-q`/`-i`. Statements cannot be proven to read.
fn sql_statements(name: &str, args: &[String]) -> bool {
    args.iter().any(|word| match name {
        "sqlcmd" => matches!(word.get(..2), Some("-Q" | "-q" | "-i")),
        _ => {
            word.starts_with("--query")
                || word.starts_with("--queries-file")
                || word.starts_with("-q")
        }
    })
}

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    let words = operands(args);
    let reads = match name {
        _ if POSTGRES_CHANGERS.contains(&name) => only_help(args),
        // `pg_ctl status -D DIR`; `pg_ctlcluster VERSION NAME status`.
        "pg_ctl" | "pg_ctlcluster" => only_help(args) || words.contains(&"status"),
        "mysqladmin" | "mariadb-admin" => {
            only_help(args)
                || (!words.is_empty() && words.iter().all(|w| MYSQLADMIN_READS.contains(w)))
        }
        "consul" => {
            verb_reads(
                args,
                &[
                    "members",
                    "info",
                    "version",
                    "catalog datacenters",
                    "catalog nodes",
                    "catalog services",
                    "kv get",
                    "operator raft",
                ],
            ) && !words.contains(&"remove-peer")
                && !words.contains(&"transfer-leader")
        }
        "nomad" => verb_reads(
            args,
            &[
                "status",
                "version",
                "job status",
                "node status",
                "alloc status",
                "alloc logs",
                "server members",
                "deployment status",
                "deployment list",
            ],
        ),
        "influx" => verb_reads(
            args,
            &[
                "ping",
                "version",
                "bucket list",
                "bucket find",
                "org list",
                "org find",
                "task list",
            ],
        ),
        "rabbitmqctl" | "rabbitmq-diagnostics" => verb_reads(args, RABBITMQ_READS),
        "kafka-topics"
        | "kafka-topics.sh"
        | "kafka-consumer-groups"
        | "kafka-consumer-groups.sh"
        | "kafka-configs"
        | "kafka-configs.sh" => kafka_reads(args),
        "clickhouse-client" | "sqlcmd" => !sql_statements(name, args),
        _ => return None,
    };
    let mut j = Judgement::new(RiskLevel::Medium, "network transfer");
    if !reads {
        let verb = std::iter::once(name)
            .chain(words.iter().copied().take(4))
            .collect::<Vec<_>>()
            .join(" ");
        raise(&mut j, &verb);
    }
    // What they were judged as before they had a table (every word a file they may open, a
    // destructive command among their words) still counts where it is stricter.
    let unknown = super::unknown(ctx, name, args);
    Some(if unknown.level > j.level { unknown } else { j })
}

#[cfg(test)]
mod tests {
    use super::{kafka_reads, verb_reads};

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn verbs_read_only_when_listed_exactly() {
        let reads = &["members", "kv get"];
        assert!(verb_reads(&words("members -detailed"), reads));
        assert!(verb_reads(&words("kv get -recurse app/"), reads));
        assert!(!verb_reads(&words("kv delete -recurse"), reads));
        assert!(!verb_reads(&words("kv"), reads));
        assert!(!verb_reads(&words(""), reads));
    }

    #[test]
    fn kafka_scripts_read_only_when_they_list_or_describe() {
        assert!(kafka_reads(&words("--bootstrap-server k:9092 --list")));
        assert!(kafka_reads(&words(
            "--describe --topic logs --bootstrap-server=k:9092"
        )));
        assert!(!kafka_reads(&words(
            "--bootstrap-server k:9092 --delete --topic logs"
        )));
        assert!(!kafka_reads(&words("--list --delete --topic logs")));
        assert!(!kafka_reads(&words(
            "--group g --reset-offsets --to-earliest --execute"
        )));
        assert!(!kafka_reads(&words("--bootstrap-server k:9092")));
    }
}

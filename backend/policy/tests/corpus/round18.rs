//! Dangerous command lines, eighteenth set.
//! Where nothing contains the command (`ssh_exec`): a container listing's COMMAND column is
//! each container's command line, cut to about twenty characters unless `--no-trunc`, and
//! `app -P SECRET` fits in twenty: `docker ps`, `docker container ls`, `podman ps`, `docker
//! compose ps` with their default table (or `--format table`, docker's `raw`, a template
//! naming `.Command`) are judged as `ps aux` is, truncated or not; docker also lays out its
//! default table as the user's `config.json` says (`psFormat`). On this host they stay low, as
//! `ps aux` does. docker ps's `raw` layout prints each container's labels (high on both).
//! Each line gets at least its level (on both paths for `KINDS`, through `ssh_exec` for
//! `REMOTE_KINDS`); `STILL_LOW` holds their everyday neighbours, which stay low on both paths,
//! and `CONTAINED_STILL_LOW` what stays low on this host only. Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::High;

pub const REMOTE_KINDS: &[Kind] = &[Kind {
    name: "a-container-listing-command-column",
    lines: &[
        ("docker ps", High),
        ("docker ps -a", High),
        ("docker ps -a --filter status=exited", High),
        ("docker container ls", High),
        ("docker container list -a", High),
        ("docker container ps", High),
        ("podman ps", High),
        ("nerdctl ps -a", High),
        ("docker ps --format table", High),
        ("docker ps --format '{{.Command}}'", High),
        ("docker ps --format '{{.Names}} {{.Command}}'", High),
        ("docker ps --format 'table {{.Names}}\\t{{.Command}}'", High),
        ("docker ps --no-trunc", High),
        ("docker ps -s", High),
        ("docker compose ps", High),
        ("docker compose ps -a", High),
        ("docker compose ps --format '{{.Name}} {{.Command}}'", High),
        ("docker compose ps --format table", High),
    ],
}];

pub const KINDS: &[Kind] = &[Kind {
    name: "a-container-listing-raw-layout",
    lines: &[
        ("docker ps --format raw", High),
        ("docker ps -a --format=raw", High),
        ("docker container ls --format raw", High),
        ("docker ps -q --format raw", High),
    ],
}];

pub const STILL_LOW: &[&str] = &[
    "docker ps -q",
    "docker ps -aq --no-trunc",
    "docker ps --format 'table {{.Names}}\\t{{.Status}}\\t{{.Ports}}'",
    "docker ps --no-trunc --format '{{.Names}} {{.Status}}'",
    "docker container ls --format '{{.Names}}'",
    "podman ps --format '{{.Names}} {{.Status}}'",
    "docker compose ps -q",
    "docker compose ps --services",
    "docker compose ps --format '{{.Name}} {{.State}}'",
    "docker volume ls --format raw",
    "docker images --format raw",
];

pub const CONTAINED_STILL_LOW: &[&str] = &[
    "docker ps",
    "docker ps -a",
    "docker container ls",
    "podman ps",
    "docker compose ps",
    "docker ps --format '{{.Names}} {{.Command}}'",
];

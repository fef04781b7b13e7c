//! Dangerous command lines, seventeenth set.
//! Everywhere: a container's `.State.Error` and `.Path` are no fields a template may print: a
//! command written as one string (`["sh -c 'curl -u user:pass …'"]`) is the entrypoint's
//! executable whole (`.Path`), and the start that failed quotes it (`.State.Error`).
//! Each line gets at least its level (on both paths for `KINDS`); `STILL_LOW` holds their
//! everyday neighbours, which stay low on both paths. Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::High;

pub const KINDS: &[Kind] = &[Kind {
    name: "a-command-written-as-one-string",
    lines: &[
        ("docker inspect -f '{{.State.Error}}' web", High),
        ("docker inspect --format '{{json .State.Error}}' web", High),
        (
            "docker container inspect -f '{{.State.Status}} {{.State.Error}}' web",
            High,
        ),
        ("podman inspect --format='{{.State.Error}}' web", High),
        ("docker inspect -f '{{.Path}}' web", High),
        ("docker inspect -f '{{.Path}} {{.State.Pid}}' web", High),
        (
            "docker inspect -f '{{if .State.Error}}{{.State.Error}}{{end}}' web",
            High,
        ),
    ],
}];

pub const STILL_LOW: &[&str] = &[
    "docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.FinishedAt}}' web",
    "podman inspect --format '{{.State.Status}}' web",
];

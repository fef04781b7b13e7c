//! Dangerous command lines, nineteenth set.
//! Where nothing contains the command (`ssh_exec`): without `--format` docker lays out its
//! listings as the user's `~/.docker/config.json` says (`imagesFormat`, `volumesFormat`,
//! `networksFormat`, `servicesFormat`, `tasksFormat`, `nodesFormat`, `secretFormat`,
//! `configFormat`, `pluginsFormat`, `statsFormat`), a template that may print `{{.Labels}}`
//! or command lines: judged as `docker ps` without `--format` is there (high); `-q`,
//! `--format table` and explicit safe templates stay low, and on this host the listings stay
//! low.
//! Everywhere: an administrator's init script (`/etc/init.d/app`, RHEL's `/etc/rc.d/init.d`,
//! a runlevel's `S99app` link, BSD-style `/etc/rc.d/rc.app`, OpenRC's `/etc/local.d`,
//! upstart's `/etc/init/app.conf`) starts a service with what it was given (`DAEMON_ARGS="-P
//! SECRET"`), readable by everyone, as `rc.local` does: high to read; packages' own scripts
//! (a positive list: `nginx`, `ssh`, `functions`...) stay low. Other supervisors' service
//! definitions (runit's and s6's run scripts, xinetd's services, monit's checks, the
//! `rc.conf` family, `inittab`) are judged so too, whole.
//! Each line gets at least its level (on both paths for `KINDS`, through `ssh_exec` for
//! `REMOTE_KINDS`); `STILL_LOW` holds their everyday neighbours, which stay low on both paths,
//! and `CONTAINED_STILL_LOW` what stays low on this host only. Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::High;

pub const REMOTE_KINDS: &[Kind] = &[Kind {
    name: "a-docker-listing-laid-out-by-the-user",
    lines: &[
        ("docker images", High),
        ("docker images -a", High),
        ("docker image ls", High),
        ("docker images --format ''", High),
        ("docker volume ls", High),
        ("docker volume ls -f dangling=true", High),
        ("docker network ls", High),
        ("docker service ls", High),
        ("docker service ps web", High),
        ("docker stack services app", High),
        ("docker stack ps app", High),
        ("docker node ls", High),
        ("docker node ps", High),
        ("docker secret ls", High),
        ("docker config ls", High),
        ("docker plugin ls", High),
        ("docker stats --no-stream", High),
        ("docker stats -a --no-stream", High),
        ("docker container stats --no-stream", High),
    ],
}];

pub const KINDS: &[Kind] = &[Kind {
    name: "administrators-init-scripts",
    lines: &[
        ("cat /etc/init.d/app", High),
        ("grep DAEMON_ARGS /etc/init.d/myapp", High),
        ("sed -n 1,40p /etc/init.d/app.sh", High),
        ("cat /etc/rc.d/init.d/app", High),
        ("cat /etc/rc.d/init.d/tomcat-app", High),
        ("cat /etc/rc3.d/S99app", High),
        ("cat /etc/rc.d/rc5.d/K01app", High),
        ("cat /etc/rc.d/rc.local", High),
        ("cat /etc/rc.d/rc.myapp", High),
        ("cat /etc/rc.d/rc.inet1.conf", High),
        ("cat /etc/local.d/backup.start", High),
        ("cat /etc/boot.local", High),
        ("cat /etc/init.d/after.local", High),
        ("cat /etc/sv/app/run", High),
        ("cat /etc/service/app/run", High),
        ("cat /var/service/app/run", High),
        ("cat /etc/s6/sv/app/run", High),
        ("cat /etc/xinetd.d/app", High),
        ("cat /etc/monit/conf.d/app", High),
        ("cat /etc/monit.d/app", High),
        ("cat /etc/rc.conf", High),
        ("cat /etc/rc.conf.d/app", High),
        ("cat /etc/inittab", High),
        ("cat /etc/xinetd.d/*", High),
        ("grep -r PASS /etc/sv/*/run", High),
        ("cat /etc/monit/conf.d/*", High),
        ("cat /etc/init/app.conf", High),
        ("cat /etc/init.d/app.bak", High),
        ("cat /etc/init.d/*", High),
        ("grep -h PASS /etc/rc.d/init.d/*", High),
    ],
}];

pub const STILL_LOW: &[&str] = &[
    "docker images -q",
    "docker images --format table",
    "docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}'",
    "docker volume ls -q",
    "docker volume ls --format '{{.Name}}'",
    "docker network ls -q",
    "docker network ls --format 'table {{.Name}}\\t{{.Driver}}'",
    "docker service ls -q",
    "docker service ls --format '{{.Name}} {{.Replicas}}'",
    "docker service ps -q web",
    "docker node ls -q",
    "docker secret ls --format '{{.Name}}'",
    "docker config ls -q",
    "docker plugin ls --format table",
    "docker context ls -q",
    "docker stack ls --format '{{.Name}}'",
    "docker stats --no-stream --format 'table {{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}'",
    "docker system df",
    "docker buildx ls",
    "podman images",
    "podman volume ls",
    "ls /etc/init.d",
    "ls /etc/sv",
    "ls /etc/xinetd.d",
    "ls -l /etc/rc3.d",
    "cat /etc/init.d/nginx",
    "cat /etc/init.d/ssh",
    "cat /etc/init.d/functions",
    "cat /etc/rc.d/init.d/network",
    "cat /etc/rc3.d/S01nginx",
];

pub const CONTAINED_STILL_LOW: &[&str] = &[
    "docker images",
    "docker volume ls",
    "docker network ls",
    "docker service ls",
    "docker service ps web",
    "docker stack ls",
    "docker node ls",
    "docker secret ls",
    "docker config ls",
    "docker plugin ls",
    "docker context ls",
    "docker stats --no-stream",
];
